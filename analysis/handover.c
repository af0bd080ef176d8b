/* After the stream: choose where each metric is best observed and assemble
 * one handover per move (docs/metrics.md). Anything that cannot be seen stays
 * T_NONE and is reported as "not observed". */
#include <stdlib.h>
#include <string.h>

#include "an.h"
#include "l2parts.h"
#include "vec.h"

const char *gap_anchor_str(enum gap_anchor a)
{
	switch (a) {
	case GA_JOIN: return "l2_join";
	case GA_BU: return "t_bu";
	case GA_MOVE: return "t_move";
	case GA_LONGEST: return "longest";
	case GA_NONE: break;
	}
	return NULL;
}

const char *delivery_str(enum delivery d)
{
	switch (d) {
	case DL_ANSWERED: return "answered";
	case DL_OFFERED: return "offered";
	case DL_SEEN: return "seen";
	case DL_NONE: break;
	}
	return NULL;
}

static bool addr_eq(const struct in6_addr *a, const struct in6_addr *b)
{
	return memcmp(a, b, sizeof(*a)) == 0;
}

/* Capture points in order of preference: the node's own (own, else the
 * mobile node's), the air, the rest. */
static int order(const struct analyzer *an, int own, int out[AN_MAX_POINTS])
{
	int n = 0;

	if (own >= 0 && !an->points[own].skipped)
		out[n++] = own;
	for (int pass = 0; pass < 3; pass++)
		for (int i = 0; i < an->n_points; i++) {
			const struct point *p = &an->points[i];
			int cls = p->is_mn && own < 0 ? 0 : p->is_air ? 1 : 2;

			if (cls == pass && !p->skipped && i != own)
				out[n++] = i;
		}
	return n;
}

static ts_t max_t(ts_t a, ts_t b)
{
	return a > b ? a : b;
}

/* First accepted-or-final BA of the exchanges for ho->coa from index i on,
 * and the last refusal before it. */
static void registration(struct handover *ho, const struct point_state *ps, size_t i, ts_t t1)
{
	for (; i != HOA_NONE && ps->ex[i].t_bu < t1; i = ps->ex[i].next_same) {
		const struct exchange *e = &ps->ex[i];

		if (!addr_eq(&e->coa, &ho->coa) || !addr_eq(&e->hoa, &ho->hoa))
			continue;
		ho->n_bu += e->tx;
		if (e->n_ba) {
			/* Refusals before a late acceptance within the exchange. */
			for (const struct refusal *r = ex_refusal(ps, e, NULL); r;
			     r = ex_refusal(ps, e, r))
				if (r->t <= e->t_ba) {
					ho->ba_rejected = true;
					ho->reject_status = r->status;
				}
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

/* The L2 move of the node's station (any station's when it is not known). */
static void l2_for(struct analyzer *an, struct handover *ho, int sta, ts_t t0, ts_t t1, bool last)
{
	const struct l2_move *best = NULL;

	for (size_t i = 0; i < an->n_l2; i++) {
		const struct l2_move *m = &an->l2[i];

		if (m->join < t0 || m->join >= t1 || m->leave == T_NONE)
			continue;
		if (sta >= 0 && memcmp(&m->sta, &an->sta[sta].mac, sizeof(m->sta)) != 0)
			continue;
		best = m;
		if (!last)
			break;
	}
	if (!best)
		return;
	ho->leave = best->leave;
	ho->join = best->join;
	ho->l2p = best->parts;
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

/* The probe flow at a point: echo requests the MN answered plus other
 * data as seen; when the point captured echo requests but no echo reply at
 * all (a one-way capture), everything offered to the HoA counts instead. */
static struct flow *data_flow(struct analyzer *an, int point, const struct in6_addr *hoa,
			      enum delivery *dl)
{
	const struct point_state *ps = &an->ps[point];
	struct flow *f;

	if (ps->n_echo_req && !ps->n_echo_rep) {
		f = an_flow_find(an, FLOW_OFFERED(point), hoa);
		*dl = DL_OFFERED;
	} else {
		f = an_flow_find(an, point, hoa);
		*dl = ps->n_echo_rep ? DL_ANSWERED : DL_SEEN;
	}
	return f;
}

/* Events mode: the gap of f around a move. With a join or BU anchor
 * (kind k), the interval between two packets that contains it (last
 * packet <= anchor < first packet after it), else the recorded significant
 * gap containing it. With only t_move (k < 0), the first significant gap
 * ending after it: the command comes before the link goes, and packets
 * still arrive in between. When none, the longest gap ending in the move's
 * window i. resume is T_NONE when nothing came before the window's end
 * t1: delivery never resumed. Returns false when f says nothing about
 * this move. */
static bool move_gap(const struct analyzer *an, const struct flow *f, bool windows, size_t i,
		     int k, ts_t anchor, ts_t on_new, ts_t t1, ts_t *last, ts_t *resume, bool *anchored)
{
	const struct gap *g = NULL;
	const struct move_win *w;

	if (!f)
		return false;
	if (k >= 0 && windows && f->win && f->win[i].around[k].start != T_NONE &&
	    an_anchor(an, f->point, i, k) == anchor)
		g = &f->win[i].around[k];
	if (!g && k >= 0)
		g = flow_gap_at(f, anchor);
	if (!g && k < 0 && (g = flow_gap_after(f, anchor)) && g->start >= t1)
		g = NULL;
	if (g) {
		*anchored = true;
		*last = g->start;
		*resume = g->end < t1 ? g->end : T_NONE;
		return true;
	}
	*anchored = false;
	if (!windows || !f->win || f->win[i].start == T_NONE)
		return false;
	w = &f->win[i];
	*last = w->start;
	*resume = w->end;
	/* Nothing delivered once the MN was on the new link: delivery never
	 * resumed in this window. */
	if (on_new != T_NONE && w->last < on_new) {
		*last = w->last;
		*resume = T_NONE;
	}
	return true;
}

static struct handover *new_ho(struct ho_list *l)
{
	struct handover *h = an_grow(l->ho, &l->cap, l->n + 1, sizeof(*h));

	if (!h)
		return NULL;
	l->ho = h;
	h = &l->ho[l->n];
	memset(h, 0, sizeof(*h));
	h->index = (int)++l->n;
	h->t_move = h->leave = h->join = h->t_ra = h->t_dad = T_NONE;
	h->t_bu = h->t_ba = h->last_before = h->t_resume = h->t_reply = h->t_offered = T_NONE;
	h->ex_point = h->data_point = h->l2_point = -1;
	l2p_reset(&h->l2p);
	return h;
}

/* The first exchange of hoa at point ps (HOA_NONE: none). */
static size_t first_ex(const struct point_state *ps, const struct in6_addr *hoa)
{
	const struct hoa_slot *h = hoa_map_find(&ps->hoas, hoa);

	return h ? h->first : HOA_NONE;
}

void an_ho_build(struct analyzer *an, const struct ho_subject *sub, struct ho_list *out)
{
	int ord[AN_MAX_POINTS], n = order(an, sub->own_point, ord);
	int ref = sub->ex_point, ra_point = sub->ra_point, data_point = -1;
	const struct point_state *ps = ref >= 0 ? &an->ps[ref] : NULL;
	struct flow *flow = NULL, *reply = NULL, *offered = NULL;
	enum delivery dl = DL_NONE;
	struct in6_addr hoa = sub->hoa;
	bool has_hoa = sub->has_hoa;
	size_t first = ps && has_hoa ? first_ex(ps, &hoa) : HOA_NONE;

	for (int k = 0; has_hoa && k < n && !flow; k++) {
		flow = data_flow(an, ord[k], &hoa, &dl);
		if (flow)
			data_point = ord[k];
	}
	/* No BU seen (registration never started): the probe flow is then the
	 * busiest flow delivered at the best point. */
	for (int k = 0; !has_hoa && k < n && !flow; k++) {
		const struct point_state *p = &an->ps[ord[k]];
		bool one_way = p->n_echo_req && !p->n_echo_rep;
		int key = one_way ? FLOW_OFFERED(ord[k]) : ord[k];

		for (size_t i = 0; i < an->flow_cap; i++) {
			struct flow *f = &an->flows[i];

			if (f->used && f->point == key && (!flow || f->n > flow->n)) {
				flow = f;
				data_point = ord[k];
				dl = one_way ? DL_OFFERED : p->n_echo_rep ? DL_ANSWERED : DL_SEEN;
			}
		}
	}
	if (flow) {
		reply = an_flow_find(an, FLOW_REPLY(data_point), &flow->dst);
		offered = an_flow_find(an, FLOW_OFFERED(data_point), &flow->dst);
	}

	if (sub->n_moves) {
		for (size_t i = 0; i < sub->n_moves; i++) {
			ts_t t0 = sub->moves[i].t;
			ts_t t1 = i + 1 < sub->n_moves ? sub->moves[i + 1].t : INT64_MAX;
			struct handover *ho = new_ho(out);

			if (!ho)
				return;
			ho->from_events = true;
			ho->t_move = t0;
			snprintf(ho->from, sizeof(ho->from), "%s", sub->moves[i].from);
			snprintf(ho->to, sizeof(ho->to), "%s", sub->moves[i].to);
			l2_for(an, ho, sub->sta, t0, t1, false);
			if (has_hoa)
				ho->hoa = hoa;
			for (size_t e = first; ps && e != HOA_NONE; e = ps->ex[e].next_same) {
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
			if (flow) {
				ts_t on_new = ho->join != T_NONE ? ho->join :
					      ho->t_ra != T_NONE ? ho->t_ra : ho->t_bu;
				/* The move's own gap is the one it happened in; a later
				 * stall in the same window can be longer. */
				enum gap_anchor ga = ho->join != T_NONE ? GA_JOIN :
						     ho->t_bu != T_NONE ? GA_BU : GA_MOVE;
				ts_t a = ga == GA_JOIN ? ho->join : ga == GA_BU ? ho->t_bu : t0;
				int k = ga == GA_JOIN ? AK_JOIN : ga == GA_BU ? AK_BU : -1;
				bool win = sub->windows;
				ts_t last, first_t, rlast, rfirst;
				bool anch;

				if (move_gap(an, flow, win, i, k, a, on_new, t1, &last, &first_t, &anch)) {
					ho->data_point = data_point;
					ho->delivery = dl;
					ho->anchor = anch ? ga : GA_LONGEST;
					ho->last_before = last;
					ho->t_resume = first_t;
				}
				if (ho->data_point >= 0 && (offered == flow ||
				    move_gap(an, offered, win, i, k, a, on_new, t1, &rlast, &rfirst, &anch))) {
					ho->t_offered = offered == flow ? first_t : rfirst;
					/* Up to the L2 leave the old path still works: a
					 * request the MN received then was taken by its
					 * stack, and its reply is lost with the link as
					 * mac80211 stops the queues. It counts as delivered,
					 * so the radio's outage is not billed to IP. */
					if (offered != flow && ga == GA_JOIN && anch &&
					    rlast != T_NONE && rlast > ho->last_before &&
					    (ho->leave == T_NONE || rlast <= ho->leave))
						ho->last_before = rlast;
				}
				if (ho->t_resume != T_NONE &&
				    move_gap(an, reply, win, i, k, a, on_new, t1, &rlast, &rfirst, &anch) &&
				    rfirst != T_NONE && rfirst >= ho->t_resume)
					ho->t_reply = rfirst;
			}
			/* Delivered packets are offered ones: an offered time after
			 * the delivered one comes from a fallback and means nothing. */
			if (ho->t_offered != T_NONE && ho->t_resume != T_NONE &&
			    ho->t_offered > ho->t_resume)
				ho->t_offered = T_NONE;
		}
		return;
	}

	/* No events.log: every registration of a new CoA is a move; its
	 * window reaches back to the previous one's BU. */
	for (size_t e = first; ps && e != HOA_NONE; e = ps->ex[e].next_same) {
		const struct exchange *x = &ps->ex[e];
		const struct handover *prev = out->n ? &out->ho[out->n - 1] : NULL;
		ts_t t0 = prev ? prev->t_bu + 1 : INT64_MIN + 1;
		struct handover *ho;

		if (x->kind == BK_REFRESH)
			continue;
		if (prev && addr_eq(&prev->coa, &x->coa) && addr_eq(&prev->hoa, &x->hoa))
			continue;
		ho = new_ho(out);
		if (!ho)
			return;
		ho->ex_point = ref;
		ho->t_bu = x->t_bu;
		ho->coa = x->coa;
		ho->hoa = x->hoa;
		ho->has_coa = true;
		registration(ho, ps, e, INT64_MAX);
		l2_for(an, ho, sub->sta, t0, x->t_bu + 1, true);
		ra_dad_for(an, ho, ra_point, t0, x->t_bu + 1, true);
		if (flow && flow->last < x->t_bu) {
			if (flow->last < t0)
				continue;	/* the probes ended before this window */
			/* Nothing delivered after the BU: never resumed. */
			ho->data_point = data_point;
			ho->delivery = dl;
			ho->anchor = GA_BU;
			ho->last_before = flow->last;
		} else if (flow) {
			const struct gap *gp = flow_gap_at(flow, x->t_bu);

			if (gp) {
				ho->data_point = data_point;
				ho->delivery = dl;
				ho->anchor = GA_BU;
				ho->last_before = gp->start;
				ho->t_resume = gp->end;
				gp = offered ? flow_gap_at(offered, x->t_bu) : NULL;
				if (gp && gp->end <= ho->t_resume)
					ho->t_offered = gp->end;
				/* As in events mode: taken before the L2 leave. */
				if (gp && offered != flow && ho->leave != T_NONE &&
				    gp->start > ho->last_before && gp->start <= ho->leave)
					ho->last_before = gp->start;
				gp = reply ? flow_gap_at(reply, x->t_bu) : NULL;
				if (gp)
					ho->t_reply = gp->end;
			}
		}
	}
}


/* The station on the air whose BUs carried hoa, -1. */
int an_sta_of(const struct analyzer *an, const struct in6_addr *hoa)
{
	for (int i = 0; i < an->n_sta; i++)
		if (an->sta[i].has_hoa && addr_eq(&an->sta[i].hoa, hoa))
			return i;
	return -1;
}

/* The mobile node's: its exchanges at the best point that has any, its first
 * home address, its moves (the flows' windows are theirs). */
void an_handovers(struct analyzer *an)
{
	int ord[AN_MAX_POINTS], n = order(an, -1, ord);
	struct ho_subject sub = { .ex_point = -1, .ra_point = -1, .own_point = -1, .sta = -1,
				  .moves = an->moves, .n_moves = an->n_moves, .windows = true };
	struct ho_list out = { 0 };

	for (int k = 0; k < n; k++) {
		if (sub.ex_point < 0 && an->ps[ord[k]].n_ex)
			sub.ex_point = ord[k];
		if (sub.ra_point < 0 && (an->ps[ord[k]].n_ra || an->ps[ord[k]].n_dad))
			sub.ra_point = ord[k];
	}
	an->ref_point = sub.ex_point;
	if (sub.ex_point >= 0) {
		sub.hoa = an->ps[sub.ex_point].ex[0].hoa;
		sub.has_hoa = true;
		sub.sta = an_sta_of(an, &sub.hoa);
	}
	an_ho_build(an, &sub, &out);
	an->ho = out.ho;
	an->n_ho = out.n;
}
