/* After the stream: choose where each metric is best observed and assemble
 * one handover per move (DESIGN.md §4). Anything that cannot be seen stays
 * T_NONE and is reported as "not observed". */
#include <stdlib.h>
#include <string.h>

#include "an.h"

static bool addr_eq(const struct in6_addr *a, const struct in6_addr *b)
{
	return memcmp(a, b, sizeof(*a)) == 0;
}

/* Capture points in order of preference: the MN's own, the air, the rest. */
static int order(const struct analyzer *an, int out[AN_MAX_POINTS])
{
	int n = 0;

	for (int pass = 0; pass < 3; pass++)
		for (int i = 0; i < an->n_points; i++) {
			const struct point *p = &an->points[i];
			int cls = p->is_mn ? 0 : p->is_air ? 1 : 2;

			if (cls == pass && !p->skipped)
				out[n++] = i;
		}
	return n;
}

static ts_t max_t(ts_t a, ts_t b)
{
	return a > b ? a : b;
}

/* First accepted-or-final BA of the exchanges for ho->coa from index i on. */
static void registration(struct handover *ho, const struct point_state *ps, size_t i, ts_t t1)
{
	for (; i < ps->n_ex && ps->ex[i].t_bu < t1; i++) {
		const struct exchange *e = &ps->ex[i];

		if (!addr_eq(&e->coa, &ho->coa) || !addr_eq(&e->hoa, &ho->hoa))
			continue;
		ho->n_bu += e->tx;
		if (e->n_ba) {
			ho->ba_seen = true;
			ho->ba_status = e->status;
			if (e->status < 128) {
				ho->t_ba = e->t_ba;
				return;
			}
			ho->ba_rejected = true;
			ho->reject_status = e->status;
		}
	}
}

static void l2_for(struct analyzer *an, struct handover *ho, ts_t t0, ts_t t1, bool last)
{
	const struct l2_move *best = NULL;

	for (size_t i = 0; i < an->n_l2; i++) {
		const struct l2_move *m = &an->l2[i];

		if (m->join < t0 || m->join >= t1 || m->leave == T_NONE)
			continue;
		best = m;
		if (!last)
			break;
	}
	if (!best)
		return;
	ho->leave = best->leave;
	ho->join = best->join;
	snprintf(ho->ssid, sizeof(ho->ssid), "%s", best->ssid);
	for (int i = 0; i < an->n_points; i++)
		if (an->points[i].is_air)
			ho->l2_point = i;
}

static void ra_dad_for(struct analyzer *an, struct handover *ho, int ra_point,
		       ts_t t0, ts_t t1, bool last)
{
	const struct point_state *ps;
	ts_t from = max_t(t0, ho->join);

	if (ra_point < 0)
		return;
	ps = &an->ps[ra_point];
	for (size_t i = 0; i < ps->n_ra; i++) {
		if (ps->ra[i].t < from || ps->ra[i].t >= t1)
			continue;
		ho->t_ra = ps->ra[i].t;
		if (!last)
			break;
	}
	from = max_t(from, ho->t_ra);
	for (int want_coa = 1; want_coa >= 0 && ho->t_dad == T_NONE; want_coa--)
		for (size_t i = 0; i < ps->n_dad; i++) {
			const struct dad_probe *d = &ps->dad[i];

			if (d->t < from || d->t >= t1)
				continue;
			if (want_coa && (!ho->has_coa || !addr_eq(&d->target, &ho->coa)))
				continue;
			ho->t_dad = d->t;
			break;
		}
}

static struct handover *new_ho(struct analyzer *an, size_t *cap)
{
	struct handover *h = an_grow(an->ho, cap, an->n_ho + 1, sizeof(*h));

	if (!h)
		return NULL;
	an->ho = h;
	h = &an->ho[an->n_ho];
	memset(h, 0, sizeof(*h));
	h->index = (int)++an->n_ho;
	h->t_move = h->leave = h->join = h->t_ra = h->t_dad = T_NONE;
	h->t_bu = h->t_ba = h->last_before = h->t_resume = h->t_reply = T_NONE;
	h->ex_point = h->data_point = h->l2_point = -1;
	return h;
}

void an_handovers(struct analyzer *an)
{
	int ord[AN_MAX_POINTS], n = order(an, ord);
	int ref = -1, ra_point = -1, data_point = -1;
	const struct point_state *ps = NULL;
	struct flow *flow = NULL, *reply = NULL;
	struct in6_addr hoa;
	bool has_hoa = false;
	size_t cap = 0;

	for (int k = 0; k < n; k++) {
		if (ref < 0 && an->ps[ord[k]].n_ex)
			ref = ord[k];
		if (ra_point < 0 && (an->ps[ord[k]].n_ra || an->ps[ord[k]].n_dad))
			ra_point = ord[k];
	}
	an->ref_point = ref;
	if (ref >= 0) {
		ps = &an->ps[ref];
		hoa = ps->ex[0].hoa;
		has_hoa = true;
	}
	for (int k = 0; has_hoa && k < n && !flow; k++) {
		flow = an_flow_find(an, ord[k], &hoa);
		if (flow)
			data_point = ord[k];
	}
	if (flow && has_hoa)
		reply = an_flow_find(an, data_point + AN_MAX_POINTS, &hoa);
	/* No BU seen (registration never started): the probe flow is then the
	 * busiest flow delivered at the best point. */
	for (int k = 0; !has_hoa && k < n && !flow; k++)
		for (size_t i = 0; i < an->flow_cap; i++) {
			struct flow *f = &an->flows[i];

			if (f->used && f->point == ord[k] && (!flow || f->n > flow->n)) {
				flow = f;
				data_point = ord[k];
			}
		}

	if (an->n_moves) {
		for (size_t i = 0; i < an->n_moves; i++) {
			ts_t t0 = an->moves[i].t;
			ts_t t1 = i + 1 < an->n_moves ? an->moves[i + 1].t : INT64_MAX;
			struct handover *ho = new_ho(an, &cap);

			if (!ho)
				return;
			ho->from_events = true;
			ho->t_move = t0;
			snprintf(ho->from, sizeof(ho->from), "%s", an->moves[i].from);
			snprintf(ho->to, sizeof(ho->to), "%s", an->moves[i].to);
			l2_for(an, ho, t0, t1, false);
			if (has_hoa)
				ho->hoa = hoa;
			for (size_t e = 0; ps && e < ps->n_ex; e++) {
				const struct exchange *x = &ps->ex[e];

				if (x->t_bu < t0 || x->t_bu >= t1 || x->kind == BK_REFRESH)
					continue;
				ho->ex_point = ref;
				ho->t_bu = x->t_bu;
				ho->coa = x->coa;
				ho->hoa = x->hoa;
				ho->has_coa = true;
				registration(ho, ps, e, t1);
				break;
			}
			ra_dad_for(an, ho, ra_point, t0, t1, false);
			if (flow && flow->win && flow->win[i].start != T_NONE) {
				const struct move_win *w = &flow->win[i];
				ts_t on_new = ho->join != T_NONE ? ho->join :
					      ho->t_ra != T_NONE ? ho->t_ra : ho->t_bu;

				ho->data_point = data_point;
				ho->last_before = w->start;
				ho->t_resume = w->end;
				/* Nothing delivered once the MN was on the new link:
				 * delivery never resumed in this window. */
				if (on_new != T_NONE && w->last < on_new) {
					ho->last_before = w->last;
					ho->t_resume = T_NONE;
				}
			}
			if (reply && reply->win && ho->t_resume != T_NONE &&
			    reply->win[i].end != T_NONE && reply->win[i].end >= ho->t_resume)
				ho->t_reply = reply->win[i].end;
		}
		return;
	}

	/* No events.log: every registration of a new CoA is a move; its
	 * window reaches back to the previous one's BU. */
	for (size_t e = 0; ps && e < ps->n_ex; e++) {
		const struct exchange *x = &ps->ex[e];
		const struct handover *prev = an->n_ho ? &an->ho[an->n_ho - 1] : NULL;
		ts_t t0 = prev ? prev->t_bu + 1 : INT64_MIN + 1;
		struct handover *ho;

		if (x->kind == BK_REFRESH)
			continue;
		if (prev && addr_eq(&prev->coa, &x->coa) && addr_eq(&prev->hoa, &x->hoa))
			continue;
		ho = new_ho(an, &cap);
		if (!ho)
			return;
		ho->ex_point = ref;
		ho->t_bu = x->t_bu;
		ho->coa = x->coa;
		ho->hoa = x->hoa;
		ho->has_coa = true;
		registration(ho, ps, e, INT64_MAX);
		l2_for(an, ho, t0, x->t_bu + 1, true);
		ra_dad_for(an, ho, ra_point, t0, x->t_bu + 1, true);
		if (flow && flow->last < x->t_bu) {
			if (flow->last < t0)
				continue;	/* the probes ended before this window */
			/* Nothing delivered after the BU: never resumed. */
			ho->data_point = data_point;
			ho->last_before = flow->last;
		} else if (flow) {
			for (size_t g = 0; g < flow->n_gaps; g++) {
				const struct gap *gp = &flow->gaps[g];

				if (gp->start <= x->t_bu && x->t_bu < gp->end) {
					ho->data_point = data_point;
					ho->last_before = gp->start;
					ho->t_resume = gp->end;
					break;
				}
			}
			for (size_t g = 0; reply && ho->t_resume != T_NONE && g < reply->n_gaps; g++)
				if (reply->gaps[g].start <= x->t_bu && x->t_bu < reply->gaps[g].end) {
					ho->t_reply = reply->gaps[g].end;
					break;
				}
		}
	}
}

void an_finish(struct analyzer *an)
{
	an_handovers(an);
}
