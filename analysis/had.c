/* Home agent discovery, mobile prefixes and fail-over (had.h): records as
 * the stream goes, pairs and per-handover figures after it. */
#include <stdlib.h>
#include <string.h>

#include "bytes.h"
#include "dhaad.h"
#include "had.h"
#include "vec.h"

static struct had_state *get(struct analyzer *an)
{
	if (!an->had) {
		an->had = calloc(1, sizeof(*an->had));
		if (an->had)
			an->had->point = -1;
	}
	return an->had;
}

static bool addr_eq(const struct in6_addr *a, const struct in6_addr *b)
{
	return memcmp(a, b, sizeof(*a)) == 0;
}

const char *had_type_name(uint8_t type)
{
	switch (type) {
	case ICMP6_DHAAD_REQUEST: return "dhaad_request";
	case ICMP6_DHAAD_REPLY: return "dhaad_reply";
	case ICMP6_MP_SOL: return "mobile_prefix_solicitation";
	case ICMP6_MP_ADV: return "mobile_prefix_advertisement";
	}
	return "?";
}

void had_icmp(struct analyzer *an, int point, ts_t t, const struct in6_addr *src,
	      const struct in6_addr *dst, const struct in6_addr *via, const uint8_t *icmp,
	      size_t len)
{
	struct had_state *hs = get(an);
	struct dhaad_msg dm;
	struct had_msg *m;
	enum pkt_err err;

	if (!hs)
		return;
	err = dhaad_decode(icmp, len, &dm);
	if (err == PKT_E_DHAAD_NOADDR && len >= 8) {
		/* Malformed, but its identifier still answers a Request: paired
		 * and counted, with no home agent to offer. */
		an->malformed[err]++;
		hs->reply_no_addr++;
		memset(&dm, 0, sizeof(dm));
		dm.type = ICMP6_DHAAD_REPLY;
		dm.id = get_be16(icmp + 4);
	} else if (err) {
		an->malformed[err]++;
		return;
	}
	hs->n_type[dm.type - ICMP6_DHAAD_REQUEST]++;
	if (hs->n >= AN_MAX_RECORDS) {
		hs->dropped++;
		return;
	}
	m = an_grow(hs->m, &hs->cap, hs->n + 1, sizeof(*m));
	if (!m) {
		hs->dropped++;
		return;
	}
	hs->m = m;
	m = &hs->m[hs->n++];
	memset(m, 0, sizeof(*m));
	m->t = t;
	m->point = (uint16_t)point;
	m->type = dm.type;
	m->id = dm.id;
	m->src = *src;
	m->dst = *dst;
	if (via) {
		m->via = *via;
		m->has_via = true;
	}
	m->pair = -1;
	m->n_addr = dm.n_addr;
	for (int i = 0; i < dm.n_addr && i < HAD_ADDRS; i++)
		m->addr[i] = dm.addr[i];
	m->n_prefix = dm.n_prefix;
	if (dm.type == ICMP6_MP_ADV && dm.n_prefix) {
		m->prefix = dm.prefix[0].prefix;
		m->plen = dm.prefix[0].len;
		m->valid = dm.prefix[0].valid;
		m->preferred = dm.prefix[0].preferred;
	}
}

void had_error(struct analyzer *an, int point, ts_t t, const struct in6_addr *src,
	       const struct in6_addr *dst, uint8_t type, uint8_t code)
{
	struct had_state *hs = an->had;
	struct had_err *e;

	/* Only the fail-over's: kept from the stop on, so earlier ones fill nothing. */
	if (!hs || !hs->fo.present || t < hs->fo.t_stop)
		return;
	if (hs->n_err == HAD_MAX_ERR) {
		hs->err_more++;
		return;
	}
	e = &hs->err[hs->n_err++];
	e->t = t;
	e->src = *src;
	e->dst = *dst;
	e->point = (uint16_t)point;
	e->type = type;
	e->code = code;
}

void had_mh(struct analyzer *an, int point, ts_t t, const struct in6_addr *ha,
	    const struct in6_addr *hoa, const struct mh_msg *m)
{
	struct had_state *hs = an->had;
	struct had_bind *b;

	if (!hs || !hs->fo.present || t < hs->fo.t_stop || (m->type != MH_BU && m->type != MH_BA))
		return;
	if (hs->n_bind == HAD_MAX_ERR) {
		hs->bind_more++;
		return;
	}
	b = &hs->bind[hs->n_bind++];
	b->t = t;
	b->ha = *ha;
	b->hoa = *hoa;
	b->point = (uint16_t)point;
	b->type = m->type;
	b->seq = m->type == MH_BU ? m->bu.seq : m->ba.seq;
	b->status = m->type == MH_BA ? m->ba.status : 0;
}

void had_ha_stop(struct analyzer *an, ts_t t, const char *node, size_t nl,
		 const struct in6_addr *ha)
{
	struct had_state *hs = get(an);

	/* The first stop is the fail-over's. */
	if (!hs || hs->fo.present)
		return;
	hs->fo.present = true;
	hs->fo.t_stop = t;
	if (nl >= sizeof(hs->fo.node))
		nl = sizeof(hs->fo.node) - 1;
	memcpy(hs->fo.node, node, nl);
	hs->fo.node[nl] = '\0';
	if (ha) {
		hs->fo.dead = *ha;
		hs->fo.has_dead = true;
	}
}

/* The point reported: the mobile node's own capture with any message, else
 * the point with the most. */
static int pick_point(const struct analyzer *an, const struct had_state *hs)
{
	uint64_t n[AN_MAX_POINTS] = { 0 };
	int best = -1;

	for (size_t i = 0; i < hs->n; i++)
		n[hs->m[i].point]++;
	for (int p = 0; p < an->n_points; p++) {
		if (!n[p])
			continue;
		if (an->points[p].is_mn)
			return p;
		if (best < 0 || n[p] > n[best])
			best = p;
	}
	return best;
}

/* Pairs at the reported point: a Reply with the latest unanswered Request of
 * its identifier sent from the Reply's destination, an MPA likewise with a
 * Solicitation. */
static void pair(struct had_state *hs)
{
	for (size_t i = 0; i < hs->n; i++) {
		struct had_msg *m = &hs->m[i];
		uint8_t want;

		if (m->point != hs->point)
			continue;
		switch (m->type) {
		case ICMP6_DHAAD_REQUEST: hs->req++; continue;
		case ICMP6_MP_SOL: hs->sol++; continue;
		case ICMP6_DHAAD_REPLY: hs->rep++; want = ICMP6_DHAAD_REQUEST; break;
		default: hs->adv++; want = ICMP6_MP_SOL; break;
		}
		for (size_t j = i; j-- > 0;) {
			struct had_msg *q = &hs->m[j];

			if (q->point != hs->point || q->type != want || q->pair >= 0 || q->id != m->id ||
			    !addr_eq(&q->src, &m->dst))
				continue;
			q->pair = (int32_t)i;
			m->pair = (int32_t)j;
			break;
		}
		if (m->pair < 0 && m->type == ICMP6_DHAAD_REPLY)
			hs->rep_unmatched++;
		else if (m->pair >= 0 && m->type == ICMP6_MP_ADV)
			hs->adv_solicited++;
	}
	for (size_t i = 0; i < hs->n; i++)
		if (hs->m[i].point == hs->point && hs->m[i].type == ICMP6_DHAAD_REQUEST &&
		    hs->m[i].pair < 0)
			hs->req_unanswered++;
}

/* The first Request at the point in [t0, t1); in *answered the first of them
 * a Reply answered (a lost Request is sent again), NULL; the number of
 * Requests there. */
static const struct had_msg *first_req(const struct had_state *hs, ts_t t0, ts_t t1, uint32_t *n,
				       const struct had_msg **answered)
{
	const struct had_msg *first = NULL;

	*n = 0;
	*answered = NULL;
	for (size_t i = 0; i < hs->n; i++) {
		const struct had_msg *m = &hs->m[i];

		if (m->point != hs->point || m->type != ICMP6_DHAAD_REQUEST || m->t < t0 || m->t >= t1)
			continue;
		if (!first)
			first = m;
		if (!*answered && m->pair >= 0)
			*answered = m;
		(*n)++;
	}
	return first;
}

static void discovery(const struct analyzer *an, struct had_state *hs)
{
	hs->ho = calloc(an->n_ho ? an->n_ho : 1, sizeof(*hs->ho));
	if (!hs->ho)
		return;
	for (size_t i = 0; i < an->n_ho; i++) {
		const struct handover *h = &an->ho[i];
		struct had_ho *d = &hs->ho[i];
		ts_t t0, t1;
		const struct had_msg *q, *a;

		if (h->from_events) {
			t0 = h->t_move;
			t1 = i + 1 < an->n_ho ? an->ho[i + 1].t_move : INT64_MAX;
		} else {
			t0 = i ? an->ho[i - 1].t_bu + 1 : INT64_MIN;
			t1 = INT64_MAX;
		}
		if (h->t_bu != T_NONE && h->t_bu < t1)
			t1 = h->t_bu;
		d->t_req = d->t_rep = T_NONE;
		q = first_req(hs, t0, t1, &d->n_req, &a);
		if (!q)
			continue;
		d->present = true;
		d->t_req = q->t;
		if (a) {
			const struct had_msg *r = &hs->m[a->pair];

			d->t_rep = r->t;
			d->n_addr = r->n_addr;
			if (r->n_addr) {
				d->ha = r->addr[0];
				d->has_ha = true;
			}
		}
	}
}

/* The data flow of the handover whose window holds t, as an_ho_build chose it. */
static struct flow *flow_at(struct analyzer *an, const struct in6_addr *hoa, ts_t t, int *point)
{
	const struct handover *h = NULL;

	for (size_t i = 0; i < an->n_ho; i++)
		if (an->ho[i].data_point >= 0 && (an->ho[i].t_move == T_NONE || an->ho[i].t_move <= t))
			h = &an->ho[i];
	if (!h)
		return NULL;
	*point = h->data_point;
	return an_flow_find(an, h->delivery == DL_OFFERED ? FLOW_OFFERED(h->data_point) :
			    h->data_point, hoa);
}

static void failover(struct analyzer *an, struct had_state *hs)
{
	struct had_failover *fo = &hs->fo;
	const struct point_state *ps;
	struct flow *f;
	uint32_t n;

	fo->t_err = fo->t_bu_dead = fo->t_req = fo->t_rep = T_NONE;
	fo->t_bu_next = fo->t_ba_next = fo->last_before = fo->t_resume = T_NONE;
	fo->data_point = -1;
	if (!fo->present || an->ref_point < 0)
		return;
	ps = &an->ps[an->ref_point];
	fo->hoa = ps->ex[0].hoa;
	/* The dead home agent, unless events.log named it: the one that last
	 * accepted the mobile node before the stop. */
	for (size_t i = ps->n_ex; !fo->has_dead && i-- > 0;)
		if (addr_eq(&ps->ex[i].hoa, &fo->hoa) && ps->ex[i].n_ba && ps->ex[i].status < 128 &&
		    ps->ex[i].t_ba <= fo->t_stop) {
			fo->dead = ps->ex[i].ha;
			fo->has_dead = true;
		}
	/* The BUs and BAs after the stop, in time order. A BA of the next home
	 * agent counts when it answers one of the BUs sent to it. */
	for (size_t i = 0; i < hs->n_bind; i++) {
		const struct had_bind *b = &hs->bind[i];

		if (b->point != an->ref_point || !addr_eq(&b->hoa, &fo->hoa))
			continue;
		if (fo->has_dead && addr_eq(&b->ha, &fo->dead)) {
			if (b->type == MH_BA) {
				fo->ba_dead++;
			} else {
				if (fo->t_bu_dead == T_NONE)
					fo->t_bu_dead = b->t;
				fo->n_bu_dead++;
			}
			continue;
		}
		if (!fo->has_next && b->type == MH_BU) {
			fo->next = b->ha;
			fo->has_next = true;
			fo->t_bu_next = b->t;
		}
		if (!fo->has_next || !addr_eq(&b->ha, &fo->next) || fo->t_ba_next != T_NONE)
			continue;
		if (b->type == MH_BU) {
			fo->n_bu_next++;
			continue;
		}
		for (size_t k = 0; k < i; k++) {
			const struct had_bind *q = &hs->bind[k];

			if (q->type == MH_BU && q->point == b->point && q->seq == b->seq &&
			    addr_eq(&q->ha, &b->ha)) {
				fo->ba_next_seen = true;
				fo->status_next = b->status;
				if (b->status < 128)
					fo->t_ba_next = b->t;
				break;
			}
		}
	}
	for (size_t i = 0; fo->has_dead && i < hs->n_err; i++) {
		const struct had_err *e = &hs->err[i];

		if (e->point != an->ref_point || e->t < fo->t_stop || !addr_eq(&e->src, &fo->dead))
			continue;
		if (fo->t_err == T_NONE)
			fo->t_err = e->t;
		fo->n_err++;
	}
	{
		const struct had_msg *a, *q = first_req(hs, fo->t_stop, fo->t_bu_next != T_NONE ?
							fo->t_bu_next : INT64_MAX, &n, &a);

		if (q) {
			fo->t_req = q->t;
			if (a)
				fo->t_rep = hs->m[a->pair].t;
		}
	}
	f = flow_at(an, &fo->hoa, fo->t_stop, &fo->data_point);
	if (!f)
		return;
	/* The outage: the gap the stop falls in or precedes, up to the first data
	 * after the new home agent's BA. */
	for (size_t i = 0; i < f->n_gaps; i++) {
		const struct gap *g = &f->gaps[i];

		if (g->end <= fo->t_stop || (fo->t_ba_next != T_NONE && g->end < fo->t_ba_next))
			continue;
		fo->last_before = g->start;
		fo->t_resume = g->end;
		return;
	}
	if (f->last != T_NONE && f->last <= fo->t_stop)
		fo->last_before = f->last;	/* never resumed */
}

void had_finish(struct analyzer *an)
{
	struct had_state *hs = an->had;

	if (!hs)
		return;
	hs->point = pick_point(an, hs);
	pair(hs);
	discovery(an, hs);
	failover(an, hs);
}

void had_free(struct analyzer *an)
{
	if (!an->had)
		return;
	free(an->had->m);
	free(an->had->ho);
	free(an->had);
	an->had = NULL;
}

const struct had_ho *had_ho_of(const struct analyzer *an, size_t i)
{
	if (!an->had || !an->had->ho || i >= an->n_ho || !an->had->ho[i].present)
		return NULL;
	return &an->had->ho[i];
}

int64_t had_discovery_ns(const struct had_ho *d)
{
	return !d || d->t_req == T_NONE || d->t_rep == T_NONE ? T_NONE : d->t_rep - d->t_req;
}

int64_t had_outage_ns(const struct had_failover *fo)
{
	return fo->t_resume == T_NONE ? T_NONE : fo->t_resume - fo->t_stop;
}
