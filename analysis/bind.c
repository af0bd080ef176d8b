/* Binding exchanges per capture point: BUs grouped with their
 * retransmissions and paired with the BA that answers them. */
#include <string.h>

#include "an.h"
#include "vec.h"

#define LOOKBACK 64	/* exchanges searched for a retransmission or a BA */

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

/* CoA of the binding currently accepted for hoa at this point, if any. */
static const struct in6_addr *bound_coa(const struct point_state *ps, const struct in6_addr *hoa)
{
	for (size_t i = ps->n_ex; i-- > 0;) {
		const struct exchange *e = &ps->ex[i];

		if (addr_eq(&e->hoa, hoa) && e->n_ba && e->status < 128)
			return e->kind == BK_DEREGISTRATION ? NULL : &e->coa;
	}
	return NULL;
}

/* The latest exchange between hoa and ha within LOOKBACK. */
static struct exchange *latest(struct point_state *ps, const struct in6_addr *hoa,
			       const struct in6_addr *ha)
{
	size_t stop = ps->n_ex > LOOKBACK ? ps->n_ex - LOOKBACK : 0;

	for (size_t i = ps->n_ex; i-- > stop;) {
		struct exchange *e = &ps->ex[i];

		if (addr_eq(&e->hoa, hoa) && addr_eq(&e->ha, ha))
			return e;
	}
	return NULL;
}

/* The exchange whose BUs carried seq, preferring one still unanswered. */
static struct exchange *by_seq(struct point_state *ps, const struct in6_addr *hoa,
			       const struct in6_addr *ha, uint16_t seq)
{
	size_t stop = ps->n_ex > LOOKBACK ? ps->n_ex - LOOKBACK : 0;
	struct exchange *answered = NULL;

	for (size_t i = ps->n_ex; i-- > stop;) {
		struct exchange *e = &ps->ex[i];

		if (!addr_eq(&e->hoa, hoa) || !addr_eq(&e->ha, ha))
			continue;
		if ((uint16_t)(seq - e->seq_first) > (uint16_t)(e->seq_last - e->seq_first))
			continue;
		if (!e->n_ba)
			return e;
		if (!answered)
			answered = e;
	}
	return answered;
}

static void bu(struct analyzer *an, struct point_state *ps, ts_t t,
	       const struct in6_addr *src, const struct in6_addr *dst,
	       const struct in6_addr *hao, const struct mh_msg *m)
{
	const struct in6_addr *hoa = hao ? hao : src;
	const struct in6_addr *coa = m->opts.has_alt_coa ? &m->opts.alt_coa : src;
	const struct in6_addr *cur;
	struct exchange *e = latest(ps, hoa, dst);

	ps->n_bu++;
	if (e && !e->n_ba && !e->has_be && addr_eq(&e->coa, coa) &&
	    (e->lifetime_req == 0) == (m->bu.lifetime_units == 0)) {
		e->tx++;
		e->t_bu_last = t;
		e->seq_last = m->bu.seq;
		return;
	}
	if (ps->n_ex >= AN_MAX_RECORDS) {
		ps->ex_dropped++;
		return;
	}
	e = an_grow(ps->ex, &ps->cap_ex, ps->n_ex + 1, sizeof(*e));
	if (!e) {
		ps->ex_dropped++;
		return;
	}
	ps->ex = e;
	cur = bound_coa(ps, hoa);
	e = &ps->ex[ps->n_ex++];
	memset(e, 0, sizeof(*e));
	e->hoa = *hoa;
	e->coa = *coa;
	e->ha = *dst;
	e->seq_first = e->seq_last = m->bu.seq;
	e->flags = m->bu.flags;
	e->lifetime_req = m->bu.lifetime_units;
	e->t_bu = e->t_bu_last = t;
	e->t_ba = T_NONE;
	e->tx = 1;
	if (m->bu.lifetime_units == 0 || addr_eq(coa, hoa))
		e->kind = BK_DEREGISTRATION;
	else if (cur && addr_eq(cur, coa))
		e->kind = BK_REFRESH;
	else
		e->kind = BK_REGISTRATION;
	if (e->kind != BK_REFRESH)
		an_anchor_bu(an, (int)(ps - an->ps), t);
}

static void ba(struct point_state *ps, ts_t t,
	       const struct in6_addr *src, const struct in6_addr *dst,
	       const struct in6_addr *rh2, const struct mh_msg *m)
{
	const struct in6_addr *hoa = rh2 ? rh2 : dst;
	struct exchange *e = by_seq(ps, hoa, src, m->ba.seq);

	ps->n_ba++;
	/* §9.5.1: status 135 carries the HA's last accepted sequence number,
	 * not the BU's; it answers the latest unanswered BU. */
	if (m->ba.status == BA_SEQ_OUT_OF_WINDOW && (!e || e->n_ba)) {
		struct exchange *l = latest(ps, hoa, src);

		if (l && !l->n_ba)
			e = l;
	}
	if (!e) {
		ps->n_ba_orphan++;
		return;
	}
	if (e->n_ba++) {
		ps->n_ba_dup++;
		return;
	}
	e->t_ba = t;
	e->ba_seq = m->ba.seq;
	e->status = m->ba.status;
	e->lifetime_granted = m->ba.lifetime_units;
}

static void be(struct point_state *ps, const struct in6_addr *src, const struct mh_msg *m)
{
	for (size_t i = ps->n_ex; i-- > 0;) {
		struct exchange *e = &ps->ex[i];

		if (addr_eq(&e->hoa, &m->be.home_addr) && addr_eq(&e->ha, src)) {
			if (!e->n_ba && !e->has_be) {
				e->has_be = true;
				e->be_status = m->be.status;
			}
			return;
		}
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
		ba(ps, t, src, dst, rh2, m);
		break;
	case MH_BE:
		be(ps, src, m);
		break;
	}
}
