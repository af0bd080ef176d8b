/* The probe's round-trip time where the probes are sent: each echo request
 * seen at a point that is neither the MN's nor the air, matched with the
 * reply to it at the same point, gives one sample at the request's time,
 * marked direct when either packet carried the home address in a type 2
 * routing header or a Home Address option (it bypassed the home agent). */
#include <stdlib.h>
#include <string.h>

#include "an.h"
#include "ro.h"
#include "vec.h"

static bool addr_eq(const struct in6_addr *a, const struct in6_addr *b)
{
	return memcmp(a, b, sizeof(*a)) == 0;
}

static size_t slot(int point, uint16_t id, uint16_t seq)
{
	return ((uint32_t)seq + (uint32_t)id * 40503u + (uint32_t)point * 2654435761u) &
	       (RTT_SLOTS - 1);
}

static void sample(struct rtt_point *r, ts_t t, int64_t rtt, bool direct)
{
	struct rtt_sample *s;

	if (r->n >= AN_MAX_RECORDS) {
		r->dropped++;
		return;
	}
	s = an_grow(r->s, &r->cap, r->n + 1, sizeof(*s));
	if (!s) {
		r->dropped++;
		return;
	}
	r->s = s;
	r->s[r->n++] = (struct rtt_sample){ .t = t, .rtt = rtt, .direct = direct };
}

void rtt_echo(struct analyzer *an, int point, ts_t t, bool request, const struct in6_addr *src,
	      const struct in6_addr *dst, uint16_t id, uint16_t seq, bool direct)
{
	struct ro_state *ro = ro_get(an);
	struct rtt_req *e;

	if (!ro)
		return;
	if (!ro->req) {
		if (!request)
			return;
		ro->req = calloc(RTT_SLOTS, sizeof(*ro->req));
		if (!ro->req)
			return;
	}
	e = &ro->req[slot(point, id, seq)];
	if (request) {
		*e = (struct rtt_req){ .t = t, .src = *src, .dst = *dst, .point = (uint16_t)point,
				       .id = id, .seq = seq, .used = true, .direct = direct };
		return;
	}
	if (!e->used || e->point != point || e->id != id || e->seq != seq ||
	    !addr_eq(&e->dst, src) || !addr_eq(&e->src, dst) || t < e->t)
		return;
	e->used = false;
	sample(&ro->rtt[point], e->t, t - e->t, e->direct || direct);
}

int rtt_best_point(const struct ro_state *ro, int n_points)
{
	int best = -1;

	for (int i = 0; i < n_points; i++) {
		const struct rtt_point *r = &ro->rtt[i];

		if (!r->n)
			continue;
		/* Tied counts: the sender sees each request first. */
		if (best < 0 || r->n > ro->rtt[best].n ||
		    (r->n == ro->rtt[best].n && r->s[0].t < ro->rtt[best].s[0].t))
			best = i;
	}
	return best;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

uint32_t rtt_median(const struct ro_state *ro, int point, ts_t from, ts_t to, int direct,
		    int64_t *med)
{
	const struct rtt_point *r;
	int64_t *v;
	size_t n = 0;

	if (point < 0 || from >= to)
		return 0;
	r = &ro->rtt[point];
	for (size_t i = 0; i < r->n; i++)
		if (r->s[i].t >= from && r->s[i].t < to && (direct < 0 || r->s[i].direct == direct))
			n++;
	if (!n)
		return 0;
	v = malloc(n * sizeof(*v));
	if (!v)
		return 0;
	n = 0;
	for (size_t i = 0; i < r->n; i++)
		if (r->s[i].t >= from && r->s[i].t < to && (direct < 0 || r->s[i].direct == direct))
			v[n++] = r->s[i].rtt;
	qsort(v, n, sizeof(*v), cmp_i64);
	*med = n % 2 ? v[n / 2] : v[n / 2 - 1] + (v[n / 2] - v[n / 2 - 1]) / 2;
	free(v);
	return (uint32_t)n;
}
