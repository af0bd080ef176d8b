/* Delivery by answer. The home agent may tunnel probes to a new CoA
 * before the MN's end of the tunnel is up; the MN's capture sees them, but
 * the MN drops them (answering some with an ICMPv6 error, rate-limited, so
 * not all). An echo request is therefore delivered data only once the MN's
 * echo reply to it is seen at the same point; it is then delivered at the
 * request's own time. Every request also goes to the point's offered flow,
 * answered or not. */
#include <stdlib.h>
#include <string.h>

#include "an.h"

static bool addr_eq(const struct in6_addr *a, const struct in6_addr *b)
{
	return memcmp(a, b, sizeof(*a)) == 0;
}

/* Consecutive sequence numbers of one pinger take consecutive slots, so a
 * request is only overwritten after AN_ECHO_SLOTS newer ones. */
static size_t slot(int point, uint16_t id, uint16_t seq)
{
	return ((uint32_t)seq + (uint32_t)id * 40503u + (uint32_t)point * 2654435761u) &
	       (AN_ECHO_SLOTS - 1);
}

void an_echo_request(struct analyzer *an, int point, ts_t t, const struct in6_addr *src,
		     const struct in6_addr *dst, uint16_t id, uint16_t seq)
{
	struct echo_req *e;

	an->ps[point].n_echo_req++;
	an_data(an, FLOW_OFFERED(point), t, dst);
	if (!an->echo) {
		an->echo = calloc(AN_ECHO_SLOTS, sizeof(*an->echo));
		if (!an->echo)
			return;
	}
	e = &an->echo[slot(point, id, seq)];
	e->t = t;
	e->src = *src;
	e->dst = *dst;
	e->point = (uint16_t)point;
	e->id = id;
	e->seq = seq;
	e->used = true;
}

void an_echo_reply(struct analyzer *an, int point, ts_t t, const struct in6_addr *src,
		   const struct in6_addr *dst, uint16_t id, uint16_t seq)
{
	struct echo_req *e;

	an->ps[point].n_echo_rep++;
	/* The MN answering is the end of the outage as its applications see it. */
	an_data(an, FLOW_REPLY(point), t, src);
	if (!an->echo)
		return;
	e = &an->echo[slot(point, id, seq)];
	if (!e->used || e->point != point || e->id != id || e->seq != seq ||
	    !addr_eq(&e->dst, src) || !addr_eq(&e->src, dst))
		return;
	e->used = false;	/* a duplicate reply delivers nothing more */
	an->ps[point].n_echo_answered++;
	an_data(an, point, e->t, &e->dst);
}
