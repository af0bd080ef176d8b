/* Route Optimization messages per capture point: home and care-of tests
 * paired by cookie, BUs to correspondents grouped into attempts and paired
 * with their BAs, BRRs and BEs, and the first data each correspondent
 * binding moved onto the direct path. */
#include <stdlib.h>
#include <string.h>

#include "an.h"
#include "ro.h"
#include "vec.h"

#define LOOKBACK 256	/* tests or bindings searched for an answer */

static bool addr_eq(const struct in6_addr *a, const struct in6_addr *b)
{
	return memcmp(a, b, sizeof(*a)) == 0;
}

const char *ro_outcome_str(enum ro_outcome o)
{
	switch (o) {
	case RO_RR_INCOMPLETE: return "rr_incomplete";
	case RO_NO_CN_BU: return "no_cn_bu";
	case RO_NO_CN_BA: return "no_cn_ba";
	case RO_CN_REFUSED: return "cn_refused";
	case RO_OPTIMIZED: return "route_optimized";
	case RO_UNACKED: return "bu_unacknowledged";
	case RO_DEREGISTERED: return "deregistered";
	}
	return "?";
}

struct ro_state *ro_get(struct analyzer *an)
{
	if (!an->ro) {
		an->ro = calloc(1, sizeof(*an->ro));
		if (an->ro)
			an->ro->point = an->ro->rtt_point = -1;
	}
	return an->ro;
}

void ro_free(struct analyzer *an)
{
	struct ro_state *ro = an->ro;

	if (!ro)
		return;
	for (int i = 0; i < AN_MAX_POINTS; i++) {
		free(ro->pt[i].rr);
		free(ro->pt[i].cb);
		free(ro->rtt[i].s);
	}
	free(ro->req);
	free(ro->ho);
	free(ro);
	an->ro = NULL;
}

static bool is_cn(const struct ro_point *p, const struct in6_addr *a)
{
	for (int i = 0; i < p->n_cn; i++)
		if (addr_eq(&p->cn[i], a))
			return true;
	return false;
}

static void note_cn(struct ro_point *p, const struct in6_addr *a)
{
	if (!is_cn(p, a) && p->n_cn < RO_MAX_CN)
		p->cn[p->n_cn++] = *a;
}

static void rr_init(struct ro_point *p, ts_t t, enum rr_kind k, const struct in6_addr *src,
		    const struct in6_addr *dst, const uint8_t *cookie)
{
	struct rr_test *r;

	p->n_init[k]++;
	note_cn(p, dst);
	if (p->n_rr >= AN_MAX_RECORDS) {
		p->dropped++;
		return;
	}
	r = an_grow(p->rr, &p->cap_rr, p->n_rr + 1, sizeof(*r));
	if (!r) {
		p->dropped++;
		return;
	}
	p->rr = r;
	r = &p->rr[p->n_rr++];
	memset(r, 0, sizeof(*r));
	r->t_init = t;
	r->t_reply = T_NONE;
	r->mn = *src;
	r->cn = *dst;
	r->kind = (uint8_t)k;
	memcpy(r->cookie, cookie, MH_COOKIE_LEN);
}

/* A HoT or CoT answers the init whose cookie it echoes, sent by the
 * address it goes to, to the correspondent it comes from (§6.1.5, §6.1.6). */
static void rr_reply(struct ro_point *p, ts_t t, enum rr_kind k, const struct in6_addr *src,
		     const struct in6_addr *dst, const uint8_t *cookie, uint16_t nonce_index)
{
	size_t stop = p->n_rr > LOOKBACK ? p->n_rr - LOOKBACK : 0;

	p->n_reply[k]++;
	for (size_t i = p->n_rr; i-- > stop;) {
		struct rr_test *r = &p->rr[i];

		if (r->kind != k || memcmp(r->cookie, cookie, MH_COOKIE_LEN) != 0 ||
		    !addr_eq(&r->cn, src) || !addr_eq(&r->mn, dst))
			continue;
		if (r->t_reply != T_NONE) {
			p->rr_dup++;
			return;
		}
		r->t_reply = t;
		r->nonce_index = nonce_index;
		return;
	}
	p->unmatched[k]++;
}

static struct cn_bind *latest_cb(struct ro_point *p, const struct in6_addr *hoa,
				 const struct in6_addr *cn)
{
	size_t stop = p->n_cb > LOOKBACK ? p->n_cb - LOOKBACK : 0;

	for (size_t i = p->n_cb; i-- > stop;)
		if (addr_eq(&p->cb[i].hoa, hoa) && addr_eq(&p->cb[i].cn, cn))
			return &p->cb[i];
	return NULL;
}

static void bu_opts(struct cn_bind *c, const struct mh_msg *m)
{
	c->has_nonce = m->opts.has_nonce;
	c->home_nonce = m->opts.home_nonce_index;
	c->coa_nonce = m->opts.coa_nonce_index;
	c->has_auth = m->opts.has_auth;
	c->auth_len = m->opts.auth_len;
}

static void cn_bu(struct ro_point *p, ts_t t, const struct in6_addr *src,
		  const struct in6_addr *dst, const struct in6_addr *hao, const struct mh_msg *m)
{
	const struct in6_addr *hoa = hao ? hao : src;
	const struct in6_addr *coa = m->opts.has_alt_coa ? &m->opts.alt_coa : src;
	bool dereg = m->bu.lifetime_units == 0 || addr_eq(coa, hoa);
	struct cn_bind *c = latest_cb(p, hoa, dst);

	p->n_cn_bu++;
	note_cn(p, dst);
	/* A retransmission: nothing answered the attempt yet (§11.8). */
	if (c && !c->n_ba && c->dereg == dereg && addr_eq(&c->coa, coa)) {
		c->tx++;
		c->t_bu_last = t;
		c->seq_last = m->bu.seq;
		bu_opts(c, m);
		return;
	}
	if (p->n_cb >= AN_MAX_RECORDS) {
		p->dropped++;
		return;
	}
	c = an_grow(p->cb, &p->cap_cb, p->n_cb + 1, sizeof(*c));
	if (!c) {
		p->dropped++;
		return;
	}
	p->cb = c;
	c = &p->cb[p->n_cb++];
	memset(c, 0, sizeof(*c));
	c->hoa = *hoa;
	c->coa = *coa;
	c->cn = *dst;
	c->seq_first = c->seq_last = m->bu.seq;
	c->flags = m->bu.flags;
	c->lifetime_req = m->bu.lifetime_units;
	c->tx = 1;
	c->dereg = dereg;
	c->t_bu = c->t_bu_last = t;
	c->t_ba = c->t_direct = T_NONE;
	bu_opts(c, m);
}

static bool seq_in(const struct cn_bind *c, uint16_t seq)
{
	return (uint16_t)(seq - c->seq_first) <= (uint16_t)(c->seq_last - c->seq_first);
}

/* A BA from a correspondent: the latest attempt whose BUs carried its number. */
static void cn_ba(struct ro_point *p, ts_t t, const struct in6_addr *src,
		  const struct in6_addr *hoa, const struct mh_msg *m)
{
	size_t stop = p->n_cb > LOOKBACK ? p->n_cb - LOOKBACK : 0;
	struct cn_bind *c = NULL;

	p->n_cn_ba++;
	for (size_t i = p->n_cb; i-- > stop && !c;)
		if (addr_eq(&p->cb[i].hoa, hoa) && addr_eq(&p->cb[i].cn, src) &&
		    seq_in(&p->cb[i], m->ba.seq))
			c = &p->cb[i];
	if (!c) {
		p->cn_ba_orphan++;
		return;
	}
	if (c->n_ba && (c->status < 128 || c->ba_seq == m->ba.seq)) {
		p->cn_ba_dup++;
		return;
	}
	if (c->n_ba) {
		c->rejected = true;
		c->reject_status = c->status;
	}
	c->n_ba++;
	c->t_ba = t;
	c->ba_seq = m->ba.seq;
	c->status = m->ba.status;
	c->lifetime_granted = m->ba.lifetime_units;
}

static void keep_msg(struct ro_point *p, ts_t t, const struct in6_addr *src,
		     const struct in6_addr *dst, const struct in6_addr *hoa, const struct mh_msg *m)
{
	struct ro_msg *x;

	if (p->n_msg == RO_MAX_MSG) {
		p->msg_more++;
		return;
	}
	x = &p->msg[p->n_msg++];
	x->t = t;
	x->src = *src;
	x->dst = *dst;
	x->hoa = *hoa;
	x->type = m->type;
	x->status = m->type == MH_BE ? m->be.status : 0;
}

bool ro_mh(struct analyzer *an, int point, ts_t t, const struct in6_addr *src,
	   const struct in6_addr *dst, const struct in6_addr *hao, const struct in6_addr *rh2,
	   const struct mh_msg *m)
{
	struct ro_state *ro;
	struct ro_point *p;

	/* Home registration stays with bind.c, which needs no RO state. */
	if (m->type == MH_BU && (m->bu.flags & MH_BU_H))
		return false;
	if ((m->type == MH_BA || m->type == MH_BE) && !an->ro)
		return false;
	ro = ro_get(an);
	if (!ro)
		return false;
	p = &ro->pt[point];
	switch (m->type) {
	case MH_HOTI:
		rr_init(p, t, RR_HOME, src, dst, m->hoti.cookie);
		return true;
	case MH_COTI:
		rr_init(p, t, RR_COA, src, dst, m->coti.cookie);
		return true;
	case MH_HOT:
		rr_reply(p, t, RR_HOME, src, dst, m->hot.cookie, m->hot.nonce_index);
		return true;
	case MH_COT:
		rr_reply(p, t, RR_COA, src, dst, m->cot.cookie, m->cot.nonce_index);
		return true;
	case MH_BU:
		cn_bu(p, t, src, dst, hao, m);
		return true;
	case MH_BA:
		if (!is_cn(p, src))
			return false;
		cn_ba(p, t, src, rh2 ? rh2 : dst, m);
		return true;
	case MH_BRR:
		p->n_brr++;
		keep_msg(p, t, src, dst, rh2 ? rh2 : dst, m);
		return true;
	case MH_BE:
		if (!is_cn(p, src) && !is_cn(p, dst))
			return false;
		p->n_be++;
		keep_msg(p, t, src, dst, &m->be.home_addr, m);
		return true;
	}
	return false;
}

void ro_direct(struct analyzer *an, int point, ts_t t, const struct in6_addr *src,
	       const struct in6_addr *dst, const struct in6_addr *hao, const struct in6_addr *rh2)
{
	const struct in6_addr *coa = hao ? src : dst, *cn = hao ? dst : src;
	const struct in6_addr *hoa = hao ? hao : rh2;
	struct ro_point *p;
	size_t stop;

	if (!an->ro || !hoa)
		return;
	p = &an->ro->pt[point];
	stop = p->n_cb > LOOKBACK ? p->n_cb - LOOKBACK : 0;
	for (size_t i = p->n_cb; i-- > stop;) {
		struct cn_bind *c = &p->cb[i];

		if (c->dereg || !addr_eq(&c->hoa, hoa) || !addr_eq(&c->coa, coa) ||
		    !addr_eq(&c->cn, cn))
			continue;
		if (c->t_direct == T_NONE && t >= c->t_bu) {
			c->t_direct = t;
			c->direct_hao = hao != NULL;
		}
		return;
	}
}
