/* Binding exchanges per capture point: the BUs of one registration
 * attempt grouped, and each BA paired with the BU it answers. */
#include <string.h>

#include "an.h"
#include "vec.h"

#define LOOKBACK 64	/* exchanges searched for a retransmission or a BA */
/* Refreshes of one home address listed in a row: a later one that finds the
 * last of them accepted without a refusal takes its place, so that memory
 * grows with the mobile nodes and their moves, not with the capture's
 * length (a home agent under load refreshes 100k bindings every minute). */
#define REFRESH_KEEP 2

static bool addr_eq(const struct in6_addr *a, const struct in6_addr *b)
{
	return memcmp(a, b, sizeof(*a)) == 0;
}

const char *bind_kind_str(enum bind_kind k)
{
	switch (k) {
	case BK_REGISTRATION: return "registration";
	case BK_REFRESH: return "refresh";
	case BK_DEREGISTRATION: return "deregistration";
	}
	return "?";
}

/* The latest exchange of hoa at this point, or NULL. */
static struct exchange *last_of(struct point_state *ps, const struct in6_addr *hoa)
{
	const struct hoa_slot *h = hoa_map_find(&ps->hoas, hoa);

	return h && h->last != HOA_NONE ? &ps->ex[h->last] : NULL;
}

static struct exchange *prev_of(struct point_state *ps, const struct exchange *e)
{
	return e->prev_same == HOA_NONE ? NULL : &ps->ex[e->prev_same];
}

/* CoA of the binding currently accepted for hoa at this point, if any. */
static const struct in6_addr *bound_coa(struct point_state *ps, const struct in6_addr *hoa)
{
	for (const struct exchange *e = last_of(ps, hoa); e; e = prev_of(ps, e))
		if (e->n_ba && e->status < 128)
			return e->kind == BK_DEREGISTRATION ? NULL : &e->coa;
	return NULL;
}

static bool seq_in(const struct exchange *e, uint16_t seq)
{
	for (unsigned i = 0; i < e->n_runs; i++)
		if ((uint16_t)(seq - e->run[i].first) <=
		    (uint16_t)(e->run[i].last - e->run[i].first))
			return true;
	return false;
}

static void add_seq(struct exchange *e, uint16_t seq)
{
	struct seq_run *r = &e->run[e->n_runs - 1];

	e->seq_last = seq;
	if (seq == r->last)
		return;
	if (seq == (uint16_t)(r->last + 1) || e->n_runs == EX_RUNS)
		r->last = seq;
	else
		e->run[e->n_runs++] = (struct seq_run){ seq, seq };
}

const struct refusal *ex_refusal(const struct point_state *ps, const struct exchange *e,
				 const struct refusal *r)
{
	uint32_t i = r ? r->next : e->rf_first;

	return i == RF_END ? NULL : &ps->rf[i];
}

/* Whether BU seq of e has an answer already: a BA carrying its number, or
 * with inferred, also a 135 taken to answer it. */
static bool answered(const struct point_state *ps, const struct exchange *e, uint16_t seq,
		     bool inferred)
{
	if (!e->n_ba)
		return false;
	if (e->bu_seq == seq && (inferred || !e->ba_inferred))
		return true;
	for (const struct refusal *r = ex_refusal(ps, e, NULL); r; r = ex_refusal(ps, e, r))
		if (r->bu_seq == seq && (inferred || !r->inferred))
			return true;
	return false;
}

/* The latest exchange between hoa and ha within LOOKBACK of hoa's. */
static struct exchange *latest(struct point_state *ps, const struct in6_addr *hoa,
			       const struct in6_addr *ha)
{
	struct exchange *e = last_of(ps, hoa);

	for (int n = 0; e && n < LOOKBACK; e = prev_of(ps, e), n++)
		if (addr_eq(&e->ha, ha))
			return e;
	return NULL;
}

/* The exchange whose BUs carried seq, preferring one where no BA carrying
 * seq was seen yet. */
static struct exchange *by_seq(struct point_state *ps, const struct in6_addr *hoa,
			       const struct in6_addr *ha, uint16_t seq)
{
	struct exchange *answered_one = NULL, *e = last_of(ps, hoa);

	for (int n = 0; e && n < LOOKBACK; e = prev_of(ps, e), n++) {
		if (!addr_eq(&e->ha, ha) || !seq_in(e, seq))
			continue;
		if (!answered(ps, e, seq, false))
			return e;
		if (!answered_one)
			answered_one = e;
	}
	return answered_one;
}

/* Whether a BU for coa belongs to e's registration attempt: a
 * retransmission (no BA yet), or the MN trying again after the HA said its
 * number was out of window (§9.5.1, §11.7.3). */
static bool same_attempt(const struct exchange *e, const struct in6_addr *coa, const struct mh_msg *m)
{
	if (e->has_be || !addr_eq(&e->coa, coa) ||
	    (e->lifetime_req == 0) != (m->bu.lifetime_units == 0))
		return false;
	return !e->n_ba || (e->status == BA_SEQ_OUT_OF_WINDOW && e->n_rf < EX_MAX_REFUSALS);
}

/* The last exchange of h when it and the REFRESH_KEEP - 1 before it are
 * refreshes, and it was accepted with nothing else to tell; else NULL. */
static struct exchange *foldable(struct point_state *ps, const struct hoa_slot *h)
{
	struct exchange *last = !h || h->last == HOA_NONE ? NULL : &ps->ex[h->last], *e = last;

	for (int n = 0; n < REFRESH_KEEP; n++, e = prev_of(ps, e))
		if (!e || e->kind != BK_REFRESH)
			return NULL;
	if (!last->n_ba || last->status >= 128 || last->n_rf || last->rf_more || last->has_be ||
	    last->n_ba > 1)
		return NULL;
	return last;
}

/* A new refresh takes the place of e, which it counts. */
static void fold(struct exchange *e, ts_t t, const struct in6_addr *ha, const struct mh_msg *m)
{
	e->folded++;
	e->folded_tx += e->tx;
	e->ha = *ha;
	e->seq_first = e->seq_last = m->bu.seq;
	e->run[0] = (struct seq_run){ m->bu.seq, m->bu.seq };
	e->n_runs = 1;
	e->flags = m->bu.flags;
	e->lifetime_req = m->bu.lifetime_units;
	e->t_bu = e->t_bu_last = t;
	e->t_ba = T_NONE;
	e->n_ba = 0;
	e->status = 0;
	e->has_bra = false;
	e->tx = 1;
}

static void bu(struct analyzer *an, struct point_state *ps, ts_t t,
	       const struct in6_addr *src, const struct in6_addr *dst,
	       const struct in6_addr *hao, const struct mh_msg *m)
{
	const struct in6_addr *hoa = hao ? hao : src;
	const struct in6_addr *coa = m->opts.has_alt_coa ? &m->opts.alt_coa : src;
	const struct in6_addr *bound;
	bool refresh;	/* known before the list grows (and moves) */
	struct exchange *e = latest(ps, hoa, dst);
	struct hoa_slot *h;

	ps->n_bu++;
	ps->n_bu_esp += an->cur_esp;
	/* On the air, the station that sent it has this home address. */
	if (an->cur_sta >= 0 && an->points[ps - an->ps].is_air) {
		an->sta[an->cur_sta].has_hoa = true;
		an->sta[an->cur_sta].hoa = *hoa;
	}
	if (e && same_attempt(e, coa, m)) {
		e->bu_esp &= an->cur_esp;
		e->tx++;
		e->t_bu_last = t;
		add_seq(e, m->bu.seq);
		return;
	}
	bound = bound_coa(ps, hoa);
	refresh = bound && addr_eq(bound, coa);
	if (refresh && m->bu.lifetime_units && !addr_eq(coa, hoa) &&
	    (e = foldable(ps, hoa_map_find(&ps->hoas, hoa)))) {
		fold(e, t, dst, m);
		e->bu_esp = an->cur_esp;
		return;
	}
	if (ps->n_ex >= AN_MAX_EXCHANGES) {
		ps->ex_dropped++;
		return;
	}
	e = an_grow(ps->ex, &ps->cap_ex, ps->n_ex + 1, sizeof(*e));
	h = e ? hoa_map_get(&ps->hoas, hoa) : NULL;
	if (!h) {
		ps->ex_dropped++;
		return;
	}
	ps->ex = e;
	e = &ps->ex[ps->n_ex];
	memset(e, 0, sizeof(*e));
	e->prev_same = h->last;
	e->next_same = HOA_NONE;
	if (h->last != HOA_NONE)
		ps->ex[h->last].next_same = (uint32_t)ps->n_ex;
	else
		h->first = (uint32_t)ps->n_ex;
	h->last = (uint32_t)ps->n_ex++;
	e->hoa = *hoa;
	e->coa = *coa;
	e->ha = *dst;
	e->seq_first = e->seq_last = m->bu.seq;
	e->run[0] = (struct seq_run){ m->bu.seq, m->bu.seq };
	e->n_runs = 1;
	e->flags = m->bu.flags;
	e->lifetime_req = m->bu.lifetime_units;
	e->t_bu = e->t_bu_last = t;
	e->t_ba = T_NONE;
	e->bu_esp = an->cur_esp;
	e->rf_first = e->rf_last = RF_END;
	e->tx = 1;
	if (m->bu.lifetime_units == 0 || addr_eq(coa, hoa))
		e->kind = BK_DEREGISTRATION;
	else if (refresh)
		e->kind = BK_REFRESH;
	else
		e->kind = BK_REGISTRATION;
	if (e->kind != BK_REFRESH)
		an_anchor_bu(an, (int)(ps - an->ps), t);
}

static void keep_refusal(struct point_state *ps, struct exchange *e, ts_t t, uint16_t ba_seq,
			 uint16_t bu_seq, uint8_t status, bool inferred)
{
	struct refusal *r;

	if (e->n_rf >= EX_MAX_REFUSALS || ps->n_rf >= AN_MAX_RECORDS) {
		e->rf_more++;
		return;
	}
	r = an_grow(ps->rf, &ps->cap_rf, ps->n_rf + 1, sizeof(*r));
	if (!r) {
		e->rf_more++;
		return;
	}
	ps->rf = r;
	r = &ps->rf[ps->n_rf];
	*r = (struct refusal){ .t = t, .next = RF_END, .ba_seq = ba_seq, .bu_seq = bu_seq,
			       .status = status, .inferred = inferred };
	if (e->rf_last == RF_END)
		e->rf_first = (uint32_t)ps->n_rf;
	else
		ps->rf[e->rf_last].next = (uint32_t)ps->n_rf;
	e->rf_last = (uint32_t)ps->n_rf++;
	e->n_rf++;
}

/* BA m answers BU bu_seq of e. Until a BA accepts, the latest answer is
 * the outcome and earlier ones become refusals: a late acceptance of an
 * earlier BU (UMIP's HA, after 135 and 133) is what happened to the
 * binding. */
static void pair(struct point_state *ps, struct exchange *e, ts_t t, const struct mh_msg *m,
		 uint16_t bu_seq, bool inferred, bool esp)
{
	if (e->n_ba && e->status < 128) {
		if (m->ba.status < 128) {
			ps->n_ba_dup++;		/* the binding was accepted already */
			return;
		}
		e->n_ba++;
		keep_refusal(ps, e, t, m->ba.seq, bu_seq, m->ba.status, inferred);
		return;
	}
	if (e->n_ba)
		keep_refusal(ps, e, e->t_ba, e->ba_seq, e->bu_seq, e->status, e->ba_inferred);
	e->n_ba++;
	e->t_ba = t;
	e->ba_seq = m->ba.seq;
	e->bu_seq = bu_seq;
	e->ba_inferred = inferred;
	e->ba_esp = esp;
	e->status = m->ba.status;
	e->lifetime_granted = m->ba.lifetime_units;
	e->has_bra = m->opts.has_bra;
	e->refresh_units = m->opts.refresh_units;
}

static void ba(struct point_state *ps, ts_t t,
	       const struct in6_addr *src, const struct in6_addr *dst,
	       const struct in6_addr *rh2, const struct mh_msg *m, bool esp)
{
	const struct in6_addr *hoa = rh2 ? rh2 : dst;
	struct exchange *e;

	ps->n_ba++;
	ps->n_ba_esp += esp;
	/* §9.5.1: status 135 carries the HA's last accepted sequence number,
	 * not the BU's; it answers the latest BU, if still unanswered. */
	if (m->ba.status == BA_SEQ_OUT_OF_WINDOW) {
		e = latest(ps, hoa, src);
		if (e && !answered(ps, e, e->seq_last, true)) {
			pair(ps, e, t, m, e->seq_last, true, esp);
			return;
		}
	}
	e = by_seq(ps, hoa, src, m->ba.seq);
	if (!e) {
		ps->n_ba_orphan++;
		return;
	}
	if (m->ba.status == BA_SEQ_OUT_OF_WINDOW || answered(ps, e, m->ba.seq, false)) {
		ps->n_ba_dup++;
		return;
	}
	pair(ps, e, t, m, m->ba.seq, false, esp);
}

static void be(struct point_state *ps, const struct in6_addr *src, const struct mh_msg *m)
{
	for (struct exchange *e = last_of(ps, &m->be.home_addr); e; e = prev_of(ps, e))
		if (addr_eq(&e->ha, src)) {
			if (!e->n_ba && !e->has_be) {
				e->has_be = true;
				e->be_status = m->be.status;
			}
			return;
		}
}

void an_mh(struct analyzer *an, int point, ts_t t, const struct in6_addr *src,
	   const struct in6_addr *dst, const struct in6_addr *hao,
	   const struct in6_addr *rh2, const struct mh_msg *m)
{
	struct point_state *ps = &an->ps[point];

	switch (m->type) {
	case MH_BU:
		bu(an, ps, t, src, dst, hao, m);
		break;
	case MH_BA:
		an_bra_check(an, point, t, src, rh2 ? rh2 : dst, m);
		ba(ps, t, src, dst, rh2, m, an->cur_esp);
		break;
	case MH_BE:
		be(ps, src, m);
		break;
	}
}
