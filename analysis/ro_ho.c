/* Per handover: the Route Optimization that followed the home registration
 * (return routability, the correspondent's registration, the first direct
 * data) and the probe's round-trip times before the move, through the
 * tunnel and on the direct path (definitions in docs/metrics.md). */
#include <stdlib.h>
#include <string.h>

#include "an.h"
#include "ro.h"

const struct ro_def ro_tp_defs[RT__COUNT] = {
	[RT_RR_START] = { "t_rr_start", "RR start (first HoTI/CoTI)" },
	[RT_HOT] = { "t_hot", "HoT (home test answered)" },
	[RT_COT] = { "t_cot", "CoT (care-of test answered)" },
	[RT_RR_DONE] = { "t_rr_complete", "RR complete (later of HoT, CoT)" },
	[RT_CN_BU] = { "t_cn_bu", "first BU to correspondent" },
	[RT_CN_BA] = { "t_cn_ba", "accepting BA from correspondent" },
	[RT_DIRECT] = { "t_first_direct", "first data on the direct path" },
};

const struct ro_def ro_phase_defs[RP__COUNT] = {
	[RP_RR] = { "rr", "RR (RR complete - RR start)" },
	[RP_CN_REG] = { "cn_registration", "CN registration (CN BA - CN BU)" },
	[RP_AFTER_HOME_BA] = { "ro_after_home_ba", "RO after home BA (CN BA - BA)" },
	[RP_FIRST_DIRECT] = { "first_direct_after_cn_ba", "first direct (direct - CN BA)" },
};

const struct ro_def ro_rtt_defs[RTT__COUNT] = {
	[RTT_BEFORE] = { "before_move", "before the move" },
	[RTT_TUNNEL] = { "tunnel", "through the tunnel" },
	[RTT_DIRECT] = { "direct", "direct" },
};

static bool addr_eq(const struct in6_addr *a, const struct in6_addr *b)
{
	return memcmp(a, b, sizeof(*a)) == 0;
}

const struct ho_ro *ho_ro_of(const struct analyzer *an, size_t i)
{
	if (!an->ro || !an->ro->ho || i >= an->n_ho || !an->ro->ho[i].present)
		return NULL;
	return &an->ro->ho[i];
}

ts_t ro_tp_time(const struct ho_ro *r, int k)
{
	return k >= 0 && k < RT__COUNT ? r->t[k] : T_NONE;
}

int64_t ro_phase_ns(const struct handover *h, const struct ho_ro *r, int k)
{
	ts_t a = T_NONE, b = T_NONE;

	/* Without return routability there is no route optimization to time. */
	if (r->outcome == RO_RR_INCOMPLETE)
		return T_NONE;
	switch (k) {
	case RP_RR: a = r->t[RT_RR_START]; b = r->t[RT_RR_DONE]; break;
	case RP_CN_REG: a = r->t[RT_CN_BU]; b = r->t[RT_CN_BA]; break;
	case RP_AFTER_HOME_BA: a = h->t_ba; b = r->t[RT_CN_BA]; break;
	case RP_FIRST_DIRECT: a = r->t[RT_CN_BA]; b = r->t[RT_DIRECT]; break;
	}
	return a == T_NONE || b == T_NONE ? T_NONE : b - a;
}

/* Where a handover's window starts: its move, else (no events.log) its BU. */
static ts_t window_start(const struct handover *h)
{
	return h->from_events ? h->t_move : h->t_bu;
}

/* The MN's last moment on the old path, for the RTT before the move. */
static ts_t boundary(const struct handover *h)
{
	return h->t_move != T_NONE ? h->t_move : h->leave != T_NONE ? h->leave :
	       h->last_before != T_NONE ? h->last_before : h->t_bu;
}

static bool has_ro_activity(const struct ro_point *p)
{
	return p->n_init[0] || p->n_init[1] || p->n_reply[0] || p->n_reply[1] || p->n_cn_bu ||
	       p->n_cn_ba || p->n_brr || p->n_be;
}

bool ro_any(const struct analyzer *an)
{
	return an->ro && an->ro->point >= 0 && has_ro_activity(&an->ro->pt[an->ro->point]);
}

static int ro_point(const struct analyzer *an)
{
	for (int pass = 0; pass < 3; pass++)
		for (int i = 0; i < an->n_points; i++) {
			const struct point *pt = &an->points[i];
			int cls = pt->is_mn ? 0 : pt->is_air ? 1 : 2;

			if (cls == pass && !pt->skipped && has_ro_activity(&an->ro->pt[i]))
				return i;
		}
	return -1;
}

static void rr_part(const struct ro_point *p, struct ho_ro *r, ts_t from, ts_t t1)
{
	for (size_t i = 0; i < p->n_rr; i++) {
		const struct rr_test *x = &p->rr[i];
		ts_t *ans = x->kind == RR_HOME ? &r->t[RT_HOT] : &r->t[RT_COT];

		if (x->t_init < from || x->t_init >= t1 || !addr_eq(&x->cn, &r->cn))
			continue;
		if (r->t[RT_RR_START] == T_NONE)
			r->t[RT_RR_START] = x->t_init;
		if (x->kind == RR_HOME)
			r->want_hot = true;
		else
			r->want_cot = true;
		if (x->t_reply != T_NONE && (*ans == T_NONE || x->t_reply < *ans))
			*ans = x->t_reply;
	}
	if ((r->want_hot || r->want_cot) && (!r->want_hot || r->t[RT_HOT] != T_NONE) &&
	    (!r->want_cot || r->t[RT_COT] != T_NONE))
		r->t[RT_RR_DONE] = r->t[RT_HOT] > r->t[RT_COT] ? r->t[RT_HOT] : r->t[RT_COT];
}

/* The correspondent's registration: BUs until one is accepted, as for the
 * home agent (the last refusal before it is kept). */
static bool cn_part(const struct ro_point *p, struct ho_ro *r, ts_t from, ts_t t1)
{
	bool dereg = false;

	for (size_t i = 0; i < p->n_cb; i++) {
		const struct cn_bind *c = &p->cb[i];

		if (c->t_bu < from || c->t_bu >= t1 || !addr_eq(&c->cn, &r->cn))
			continue;
		if (r->t[RT_CN_BU] == T_NONE) {
			r->t[RT_CN_BU] = c->t_bu;
			dereg = c->dereg;
		}
		r->n_cn_bu += c->tx;
		r->cb = (int)i;
		/* Not asked to acknowledge: the MN takes the binding as made. */
		if (!c->n_ba && !(c->flags & MH_BU_A) && !c->dereg) {
			r->cn_unacked = true;
			r->t[RT_DIRECT] = c->t_direct;
			r->direct_hao = c->direct_hao;
			return false;
		}
		if (!c->n_ba)
			continue;
		if (c->rejected) {
			r->cn_rejected = true;
			r->cn_reject_status = c->reject_status;
		}
		r->cn_ba_seen = true;
		r->cn_status = c->status;
		if (c->status < 128) {
			r->t[RT_CN_BA] = c->t_ba;
			r->t[RT_DIRECT] = c->t_direct;
			r->direct_hao = c->direct_hao;
			return c->dereg;
		}
		r->cn_rejected = true;
		r->cn_reject_status = c->status;
	}
	return dereg;
}

static void outcome(struct ho_ro *r, bool dereg)
{
	bool rr_open = (r->want_hot || r->want_cot) && r->t[RT_RR_DONE] == T_NONE;

	if (r->t[RT_CN_BA] != T_NONE)
		r->outcome = dereg ? RO_DEREGISTERED : RO_OPTIMIZED;
	else if (r->cn_unacked)
		r->outcome = RO_UNACKED;
	else if (rr_open)
		r->outcome = RO_RR_INCOMPLETE;
	else if (r->cn_ba_seen)
		r->outcome = RO_CN_REFUSED;
	else if (r->t[RT_CN_BU] != T_NONE)
		r->outcome = RO_NO_CN_BA;
	else
		r->outcome = RO_NO_CN_BU;
}

/* The first correspondent the MN turned to in [from, t1). */
static bool find_cn(const struct ro_point *p, ts_t from, ts_t t1, struct in6_addr *cn)
{
	ts_t best = T_NONE;

	for (size_t i = 0; i < p->n_rr; i++)
		if (p->rr[i].t_init >= from && p->rr[i].t_init < t1) {
			best = p->rr[i].t_init;
			*cn = p->rr[i].cn;
			break;
		}
	for (size_t i = 0; i < p->n_cb; i++)
		if (p->cb[i].t_bu >= from && p->cb[i].t_bu < t1) {
			if (best == T_NONE || p->cb[i].t_bu < best) {
				best = p->cb[i].t_bu;
				*cn = p->cb[i].cn;
			}
			break;
		}
	return best != T_NONE;
}

static ts_t min_seen(ts_t a, ts_t b)
{
	return a == T_NONE ? b : b == T_NONE ? a : a < b ? a : b;
}

/* The probe's RTT in three periods: from the previous handover's settling
 * (its first direct data, else its resumption) up to the move; from the
 * home registration (or the first data delivered, if earlier) up to the
 * first direct data, on the tunnel, while away; and direct samples after
 * the move. */
static void rtt_part(const struct analyzer *an, const struct ro_state *ro, size_t i, ts_t t1)
{
	const struct handover *h = &an->ho[i];
	struct ho_ro *r = &ro->ho[i];
	ts_t b = boundary(h), s = INT64_MIN, x, y;

	if (b == T_NONE || ro->rtt_point < 0)
		return;
	if (i > 0) {
		const struct handover *p = &an->ho[i - 1];
		const struct ho_ro *pr = &ro->ho[i - 1];

		s = pr->present && pr->t[RT_DIRECT] != T_NONE ? pr->t[RT_DIRECT] :
		    p->t_resume != T_NONE ? p->t_resume : boundary(p);
		if (s == T_NONE)
			s = INT64_MIN;
	}
	r->rtt_n[RTT_BEFORE] = rtt_median(ro, ro->rtt_point, s, b, -1, &r->rtt[RTT_BEFORE]);
	if (!h->has_coa || !addr_eq(&h->coa, &h->hoa)) {
		x = min_seen(h->t_ba, h->t_resume);
		if (x == T_NONE || x < b)
			x = b;
		y = r->t[RT_DIRECT] != T_NONE ? r->t[RT_DIRECT] : t1;
		r->rtt_n[RTT_TUNNEL] = rtt_median(ro, ro->rtt_point, x, y, 0, &r->rtt[RTT_TUNNEL]);
	}
	r->rtt_n[RTT_DIRECT] = rtt_median(ro, ro->rtt_point, b, t1, 1, &r->rtt[RTT_DIRECT]);
}

void ro_handovers(struct analyzer *an)
{
	struct ro_state *ro = an->ro;

	if (!ro)
		return;
	ro->point = ro_point(an);
	ro->rtt_point = rtt_best_point(ro, an->n_points);
	if (!an->n_ho)
		return;
	ro->ho = calloc(an->n_ho, sizeof(*ro->ho));
	if (!ro->ho)
		return;
	for (size_t i = 0; i < an->n_ho; i++) {
		const struct handover *h = &an->ho[i];
		struct ho_ro *r = &ro->ho[i];
		ts_t t0 = window_start(h), from;
		ts_t t1 = i + 1 < an->n_ho && window_start(&an->ho[i + 1]) != T_NONE ?
			  window_start(&an->ho[i + 1]) : INT64_MAX;
		const struct ro_point *p;
		bool dereg;

		for (int k = 0; k < RT__COUNT; k++)
			r->t[k] = T_NONE;
		for (int k = 0; k < RTT__COUNT; k++)
			r->rtt[k] = T_NONE;
		r->cb = -1;
		if (ro->point < 0)
			continue;
		p = &ro->pt[ro->point];
		if (t0 == T_NONE)
			t0 = INT64_MIN;
		/* RR follows the home registration (§11.7.2). */
		from = h->t_ba != T_NONE && h->t_ba > t0 ? h->t_ba : t0;
		if (!find_cn(p, from, t1, &r->cn))
			continue;
		r->present = true;
		rr_part(p, r, from, t1);
		dereg = cn_part(p, r, from, t1);
		outcome(r, dereg);
		rtt_part(an, ro, i, t1);
	}
}
