/* libFuzzer harness over the engine's state: one input is the life of one engine (home
 * agent or mobile node), a sequence of events built from the input's bytes, with the
 * engine's real objects behind them and a model of what its proposals put in place.
 * After every event the invariants are checked and a violation aborts.
 *
 * Input: byte 0 picks the node (bit 0: MN, else HA), bit 1 the HA's DAD, bit 2 the MN's
 * OptimisticHandoff, bit 3 a second interface / home link, bits 4-6 limits and
 * lifetimes, bit 7 an MN that discovers its home agents (no HomeAgentAddress). Then events, each an opcode byte (low nibble: enum ev, high nibble: a small
 * parameter) and its operands; a read past the end gives zeros. Addresses are indices
 * into a pool of 20 (home agents, home addresses, care-of addresses, link-locals and
 * the addresses nobody may use), so that messages meet the state earlier ones built.
 * The "auto" events fill their fields from the engine's state (the BU list entry's
 * sequence number and care-of address) so that a BA can match at all; so do discovery's
 * ICMPv6 messages (EV_PRINT's parameter 1: the outstanding Request's or Solicitation's
 * identifier, the entry's CoA and HoA) and errors (parameter 2: the entry's tunnel).
 *
 *   make daemon-engine-fuzz FUZZ_SECONDS=60
 *   FUZZ_ENGINE_LOG=1 build/fuzz/daemon-engine crash-file   (the engine's log on stderr) */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

#include "config.h"
#include "fuzz_util.h"
#include "engine_int.h"
#include "log.h"

enum ev {
	EV_BU, EV_BU_RAW, EV_BA, EV_BA_RAW, EV_BE, EV_MH_RAW, EV_RA, EV_RA_RAW,
	EV_LINK, EV_ADDR, EV_ADDR_RAW, EV_DAD, EV_TICK, EV_RUN, EV_FAIL, EV_PRINT,
};

/* Which proposals fail: a bit per kind, and a 32-bit pattern consumed one bit per call
 * of those kinds. A failed delete still counts as done: the engine forgets the object
 * either way, and the applier is the one to report it. */
enum op_kind { K_SEND, K_TUN_ADD, K_TUN_DEL, K_PROXY_ADD, K_PROXY_DEL, K_DAD_START,
	       K_DAD_STOP, K_RS, K_PREPARE, K_SET, K_CLEAR, K_ANNOUNCE, K_ANYCAST };

#define NPOOL 20
static const char *const pool_text[NPOOL] = {
	"2001:db8::1", "2001:db8:5::1",                         /* 0-1 home agents */
	"2001:db8::beef", "2001:db8:5::beef",                   /* 2-3 the MN's HoAs */
	"2001:db8::10", "2001:db8::11", "2001:db8:5::10",       /* 4-6 other HoAs */
	"2001:db8:a::20", "2001:db8:a::21",                     /* 7-10 care-of */
	"2001:db8:b::20", "2001:db8:b::21",
	"fe80::1", "fe80::2", "fe80::3", "fe80::beef",          /* 11-14 link-local */
	"::ffff:192.0.2.1", "ff02::1", "::",                    /* 15-17 never a source */
	"2001:db8::2", "2001:db8:a::1",                         /* 18-19 more on-link */
};
static const uint8_t hoa_group[] = { 2, 3, 4, 5, 6 };
static const uint8_t coa_group[] = { 7, 8, 9, 10 };
static const uint8_t mn_addr_group[] = { 2, 3, 7, 8, 9, 10, 14, 19 };
static const uint8_t ha_addr_group[] = { 0, 1, 18, 19 };

static struct in6_addr pool[NPOOL];
static FILE *null_out;
static uint64_t now;

static struct {
	uint16_t kinds;
	uint32_t bits;
	unsigned pos;
} fl;

/* What the HA's proposals put in place: tunnels by pool index, proxy ND and DAD watches
 * by (link, address), the addresses being HoAs and their link-local twins. */
static struct {
	uint8_t tun[NPOOL][NPOOL][NPOOL];       /* hoa, ha_addr, coa */
	uint8_t tsum[NPOOL];
	uint16_t seq[NPOOL];                    /* the last BU sequence number sent */
} ha;

#define ND_MAX 256
struct nd_set {
	struct nd_entry {
		int ifindex;
		struct in6_addr a;
		uint8_t on;                     /* adds minus deletes */
		bool failed;                    /* the last add did */
	} v[ND_MAX];
	unsigned n;
};
static struct nd_set proxies, dads;

/* What the MN's proposals put in place, by BU list entry. */
static struct mn_model {
	bool up, reverse, set_failed;
	struct in6_addr coa, ha;
} mn[CONF_MAX_HOME_LINKS];

static struct engine *eng;
static bool is_mn;
static unsigned local[NPOOL];           /* interfaces the address is on (a bit each) */

static int pidx(const struct in6_addr *a)
{
	for (int i = 0; i < NPOOL; i++)
		if (IN6_ARE_ADDR_EQUAL(&pool[i], a))
			return i;
	return -1;
}

static int pool_of(const struct in6_addr *a, const char *what)
{
	int i = pidx(a);
	char s[INET6_ADDRSTRLEN];

	CHECK(i >= 0, "%s %s is no address the input gave", what,
	      inet_ntop(AF_INET6, a, s, sizeof(s)));
	return i;
}

static bool fails(enum op_kind k)
{
	if (!(fl.kinds & (1u << k)))
		return false;
	return (fl.bits >> (fl.pos++ & 31)) & 1;
}

static eng_ms clk(void *ctx)
{
	(void)ctx;
	return now;
}

/* ---- the appliers: a model of what is in place ---- */

static int m_send(void *c, const struct eng_tx *tx, const struct mh_msg *m)
{
	uint8_t buf[MH_MAX_LEN];
	size_t len;

	(void)c;
	/* What the engine proposes must be something the codec can put on the wire. */
	CHECK(mh_encode(m, buf, sizeof(buf), &len) == PKT_OK, "unencodable MH type %u",
	      m->type);
	/* Every node is a correspondent too (UMIP's default): HoT, CoT, BRR. Only a mobile
	 * node sends BUs and the inits of return routability. */
	CHECK(m->type == MH_BA || m->type == MH_BE || m->type == MH_HOT || m->type == MH_COT ||
	      m->type == MH_BRR ||
	      (is_mn && (m->type == MH_BU || m->type == MH_HOTI || m->type == MH_COTI)),
	      "%s sends MH type %u", is_mn ? "MN" : "HA", m->type);
	CHECK(!tx->with_rh2 || m->type == MH_BA, "RH2 on MH type %u", m->type);
	CHECK(!tx->with_hao || m->type == MH_BU, "HAO on MH type %u", m->type);
	return fails(K_SEND) ? -ENOBUFS : 0;
}

static int m_tun(void *c, const struct eng_ha_tunnel *t, bool add)
{
	int h = pool_of(&t->hoa, "tunnel hoa"), a = pool_of(&t->ha_addr, "tunnel ha");
	int k = pool_of(&t->coa, "tunnel coa");
	uint8_t *n = &ha.tun[h][a][k];

	(void)c;
	CHECK(!is_mn, "HA tunnel on a mobile node");
	if (add) {
		CHECK(!*n, "tunnel %d/%d/%d added twice", h, a, k);
		/* moved: the HoA is routed into another tunnel already. */
		CHECK(t->moved == (ha.tsum[h] == 1), "tunnel add for %d: moved %d with %u in place",
		      h, t->moved, ha.tsum[h]);
		if (fails(K_TUN_ADD))
			return -ENOMEM;
		(*n)++;
		ha.tsum[h]++;
		CHECK(ha.tsum[h] <= 2, "HoA %d in %u tunnels", h, ha.tsum[h]);
		return 0;
	}
	CHECK(*n == 1, "tunnel %d/%d/%d deleted but not in place", h, a, k);
	(*n)--;
	ha.tsum[h]--;
	CHECK(!t->moved || ha.tsum[h] == 1, "moved tunnel %d deleted with %u left", h,
	      ha.tsum[h]);
	if (t->coa_kept) {
		bool same = false;

		for (int x = 0; x < NPOOL; x++)
			same |= ha.tun[h][x][k] != 0;
		CHECK(t->moved && same, "coa_kept but the tunnel left has another CoA");
	}
	return fails(K_TUN_DEL) ? -EIO : 0;
}

static int m_tun_add(void *c, const struct eng_ha_tunnel *t) { return m_tun(c, t, true); }
static int m_tun_del(void *c, const struct eng_ha_tunnel *t) { return m_tun(c, t, false); }

static struct nd_entry *nd_get(struct nd_set *s, int ifindex, const struct in6_addr *a)
{
	for (unsigned i = 0; i < s->n; i++)
		if (s->v[i].ifindex == ifindex && IN6_ARE_ADDR_EQUAL(&s->v[i].a, a))
			return &s->v[i];
	CHECK(s->n < ND_MAX, "more than %d proxy or DAD addresses", ND_MAX);
	s->v[s->n] = (struct nd_entry){ .ifindex = ifindex, .a = *a };
	return &s->v[s->n++];
}

static int nd_add(struct nd_set *s, const char *what, int ifindex, const struct in6_addr *a,
		  enum op_kind k)
{
	struct nd_entry *x = nd_get(s, ifindex, a);
	char t[INET6_ADDRSTRLEN];

	CHECK(!is_mn, "%s on a mobile node", what);
	/* Two bindings sharing one would lose it when the first goes. */
	CHECK(x->on < 1, "%s for %s on %d while in place", what,
	      inet_ntop(AF_INET6, a, t, sizeof(t)), ifindex);
	x->failed = fails(k);
	if (x->failed)
		return k == K_PROXY_ADD ? -ENOSPC : -EIO;
	x->on++;
	return 0;
}

static int nd_del(struct nd_set *s, const char *what, int ifindex, const struct in6_addr *a,
		  enum op_kind k)
{
	struct nd_entry *x = nd_get(s, ifindex, a);
	char t[INET6_ADDRSTRLEN];

	CHECK(x->on, "%s for %s on %d not in place", what, inet_ntop(AF_INET6, a, t, sizeof(t)),
	      ifindex);
	x->on--;
	return fails(k) ? -EIO : 0;
}

static int m_proxy_add(void *c, int ifindex, const struct in6_addr *a)
{
	(void)c;
	return nd_add(&proxies, "proxy ND", ifindex, a, K_PROXY_ADD);
}

static int m_proxy_del(void *c, int ifindex, const struct in6_addr *a)
{
	(void)c;
	return nd_del(&proxies, "proxy ND delete", ifindex, a, K_PROXY_DEL);
}

static int m_dad_start(void *c, int ifindex, const struct in6_addr *a)
{
	(void)c;
	return nd_add(&dads, "DAD", ifindex, a, K_DAD_START);
}

static int m_dad_stop(void *c, int ifindex, const struct in6_addr *a)
{
	(void)c;
	return nd_del(&dads, "DAD stop", ifindex, a, K_DAD_STOP);
}

/* Route optimization's data paths in place: (hoa, peer, side) once each. */
#define RO_MODEL_MAX 64
static struct { struct in6_addr hoa, peer; bool mn; } ro_on[RO_MODEL_MAX];
static unsigned ro_n;

static int ro_find(const struct eng_ro *r)
{
	for (unsigned i = 0; i < ro_n; i++)
		if (IN6_ARE_ADDR_EQUAL(&ro_on[i].hoa, &r->hoa) &&
		    IN6_ARE_ADDR_EQUAL(&ro_on[i].peer, &r->peer) && ro_on[i].mn == r->mn)
			return (int)i;
	return -1;
}

static int m_ro_set(void *c, const struct eng_ro *r)
{
	(void)c;
	CHECK(r->mn == is_mn, "route optimization of the other side");
	if (ro_find(r) < 0) {
		CHECK(ro_n < RO_MODEL_MAX, "more than %d direct paths", RO_MODEL_MAX);
		ro_on[ro_n].hoa = r->hoa;
		ro_on[ro_n].peer = r->peer;
		ro_on[ro_n++].mn = r->mn;
	}
	return 0;
}

static int m_ro_del(void *c, const struct eng_ro *r)
{
	int i = ro_find(r);

	(void)c;
	CHECK(i >= 0, "route optimization removed but not in place");
	ro_on[i] = ro_on[--ro_n];
	return 0;
}

static int m_rs(void *c, int ifindex)
{
	(void)c, (void)ifindex;
	CHECK(is_mn, "RS from a home agent");
	return fails(K_RS) ? -ENETDOWN : 0;
}

static int m_announce(void *c, int ifindex, const struct in6_addr *a)
{
	bool hoa = false;

	(void)c;
	CHECK(is_mn && ifindex > 0, "NA on %d from a home agent or nowhere", ifindex);
	for (unsigned i = 0; i < eng->conf->n_home_links; i++)
		hoa |= IN6_ARE_ADDR_EQUAL(&eng->conf->home_links[i].hoa, a);
	CHECK(hoa, "NA for an address that is no home address");
	return fails(K_ANNOUNCE) ? -EIO : 0;
}

static struct mn_model *mn_of(const struct eng_mn_tunnel *t)
{
	for (unsigned i = 0; i < eng->conf->n_home_links; i++)
		if (IN6_ARE_ADDR_EQUAL(&eng->conf->home_links[i].hoa, &t->hoa))
			return &mn[i];
	CHECK(0, "MN proposal for a HoA not configured");
	return NULL;
}

/* A proposal says what is in place; it must be what is. */
static void check_was(const struct mn_model *m, const struct eng_mn_tunnel *t)
{
	CHECK(is_mn, "MN tunnel on a home agent");
	CHECK(t->was_set == m->up, "was_set %d, tunnel %s", t->was_set, m->up ? "up" : "down");
	CHECK(!m->up || (IN6_ARE_ADDR_EQUAL(&t->was_coa, &m->coa) &&
			 IN6_ARE_ADDR_EQUAL(&t->was_ha, &m->ha) &&
			 t->was_reverse == m->reverse), "was_coa/was_ha/was_reverse not what is set");
	CHECK(!IN6_IS_ADDR_UNSPECIFIED(&t->ha), "MN tunnel to no home agent");
	CHECK(t->n_stale <= ENG_MAX_STALE, "%u stale routers", t->n_stale);
}

static int m_prepare(void *c, const struct eng_mn_tunnel *t)
{
	(void)c;
	check_was(mn_of(t), t);
	return fails(K_PREPARE) ? -EIO : 0;
}

static int m_set(void *c, const struct eng_mn_tunnel *t)
{
	struct mn_model *m = mn_of(t);

	(void)c;
	check_was(m, t);
	pool_of(&t->coa, "MN tunnel coa");
	/* Once for the receive side, once more for the reverse direction: anything else
	 * for the same CoA is wasted netlink work in the middle of a handover. */
	CHECK(!(m->up && IN6_ARE_ADDR_EQUAL(&m->coa, &t->coa) &&
		IN6_ARE_ADDR_EQUAL(&m->ha, &t->ha) && (m->reverse || !t->reverse)),
	      "tunnel set twice to the same CoA and home agent");
	if (fails(K_SET)) {
		m->set_failed = true;
		return -EIO;
	}
	m->up = true;
	m->reverse = t->reverse;
	m->coa = t->coa;
	m->ha = t->ha;
	m->set_failed = false;
	return 0;
}

static int m_clear(void *c, const struct eng_mn_tunnel *t)
{
	struct mn_model *m = mn_of(t);

	(void)c;
	check_was(m, t);
	m->up = m->reverse = m->set_failed = false;
	return fails(K_CLEAR) ? -EIO : 0;
}

/* Discovery's messages as sent: well formed for their type, and the anycast addresses
 * joined once each and left by the end. */
static int m_icmp(void *ctx, const struct eng_tx *tx, const struct dhaad_msg *m)
{
	(void)ctx;
	CHECK(dhaad_is_type(m->type), "ICMPv6 type %u sent", m->type);
	CHECK(!IN6_IS_ADDR_UNSPECIFIED(&tx->src) && !IN6_IS_ADDR_MULTICAST(&tx->dst) &&
	      !IN6_IS_ADDR_UNSPECIFIED(&tx->dst), "ICMPv6 %u with a bad address", m->type);
	CHECK(m->type != ICMP6_DHAAD_REPLY || (m->n_addr >= 1 && m->n_addr <= DHAAD_MAX_ADDRS),
	      "DHAAD Reply with %u addresses", m->n_addr);
	CHECK(m->type != ICMP6_MP_ADV || (tx->with_rh2 && !tx->with_hao),
	      "MPA without its type 2 routing header");
	CHECK(m->type != ICMP6_MP_SOL || (tx->with_hao && is_mn), "MPS without a HAO");
	CHECK((m->type == ICMP6_DHAAD_REQUEST || m->type == ICMP6_MP_SOL) == is_mn,
	      "ICMPv6 %u from the wrong role", m->type);
	return fails(K_SEND) ? -EIO : 0;
}

/* Probes through the tunnel: only a mobile node registered with a discovered HA. */
static int m_probe(void *ctx, const struct in6_addr *hoa, const struct in6_addr *ha)
{
	bool ok = false;

	(void)ctx;
	for (unsigned i = 0; eng && i < eng->bul.n; i++) {
		const struct bul_entry *be = &eng->bul.v[i];

		ok |= be->dynamic && be->state == BUL_REGISTERED &&
		      IN6_ARE_ADDR_EQUAL(&be->hl->hoa, hoa) && IN6_ARE_ADDR_EQUAL(&be->ha, ha);
	}
	CHECK(is_mn && ok, "a probe from no registration with a discovered home agent");
	return fails(K_SEND) ? -EIO : 0;
}

#define ANY_MAX 16
static struct { int ifindex; struct in6_addr a; } joined[ANY_MAX];
static unsigned n_joined;

static int m_anycast(void *ctx, int ifindex, const struct in6_addr *a, bool join)
{
	unsigned i;

	(void)ctx;
	CHECK(!is_mn, "a mobile node joins an anycast address");
	for (i = 0; i < n_joined; i++)
		if (joined[i].ifindex == ifindex && IN6_ARE_ADDR_EQUAL(&joined[i].a, a))
			break;
	if (!join) {
		CHECK(i < n_joined, "anycast left but not joined");
		joined[i] = joined[--n_joined];
		return 0;
	}
	CHECK(i == n_joined, "anycast joined twice");
	CHECK(n_joined < ANY_MAX, "too many anycast addresses");
	if (fails(K_ANYCAST))
		return -EADDRINUSE;
	joined[n_joined].ifindex = ifindex;
	joined[n_joined++].a = *a;
	return 0;
}

static const struct engine_ops fuzz_ops = {
	.send_mh = m_send,
	.ha_tunnel_add = m_tun_add, .ha_tunnel_del = m_tun_del,
	.proxy_nd_add = m_proxy_add, .proxy_nd_del = m_proxy_del,
	.ha_dad_start = m_dad_start, .ha_dad_stop = m_dad_stop,
	.mn_send_rs = m_rs, .mn_prepare = m_prepare, .mn_tunnel_set = m_set,
	.mn_tunnel_clear = m_clear, .mn_announce = m_announce,
	.ro_set = m_ro_set, .ro_del = m_ro_del,
	.send_icmp = m_icmp, .anycast = m_anycast, .mn_probe = m_probe,
};

/* ---- invariants ---- */

static void check_heap(const struct engine *e)
{
	const struct theap *h = &e->timers;

	for (uint32_t i = 0; i < h->n; i++) {
		CHECK(h->v[i]->idx == i + 1, "timer %u has index %u", i, h->v[i]->idx);
		CHECK(!i || h->v[(i - 1) / 2]->when <= h->v[i]->when, "timer heap out of order");
	}
}

static struct in6_addr twin_of(const struct in6_addr *hoa)
{
	struct in6_addr ll = { .s6_addr = { 0xfe, 0x80 } };

	memcpy(ll.s6_addr + 8, hoa->s6_addr + 8, 8);
	return ll;
}

static unsigned nd_count(const struct nd_set *s)
{
	unsigned n = 0;

	for (unsigned i = 0; i < s->n; i++)
		n += s->v[i].on;
	return n;
}

/* An entry the binding says it put in place: in place, and nobody else's. */
static void nd_owned(struct nd_set *s, uint8_t *owners, int ifindex, const struct in6_addr *a,
		     const char *what, int h)
{
	struct nd_entry *x = nd_get(s, ifindex, a);
	char t[INET6_ADDRSTRLEN];

	inet_ntop(AF_INET6, a, t, sizeof(t));
	CHECK(x->on, "binding %d: %s of %s on %d not in place", h, what, t, ifindex);
	CHECK(++owners[x - s->v] <= 1, "binding %d: %s of %s on %d is another "
	      "binding's too", h, what, t, ifindex);
}

static void check_nd(const struct binding *b, int h, uint8_t *proxy_owners, uint8_t *dad_owners)
{
	const struct in6_addr addrs[2] = { b->r.hoa, twin_of(&b->r.hoa) };
	static const uint8_t bits[2] = { BOUND_HOA, BOUND_LL };
	int ifx = b->nd_ifindex;

	for (int i = 0; i < 2; i++) {
		if (b->proxy_on & bits[i])
			nd_owned(&proxies, proxy_owners, ifx, &addrs[i], "proxy ND", h);
		if (b->dad_on & bits[i])
			nd_owned(&dads, dad_owners, ifx, &addrs[i], "DAD", h);
	}
	/* Proxy ND follows the BA; when it failed the next BU tries again. */
	if (b->state == BC_REGISTERED) {
		CHECK(!b->dad_on, "registered binding %d with DAD running", h);
		CHECK((b->proxy_on & BOUND_HOA) || nd_get(&proxies, ifx, &addrs[0])->failed,
		      "registered binding %d without proxy ND", h);
		/* The link-local twin is one address: one binding's entry serves all the
		 * bindings of the same interface identifier on the link. */
		CHECK(!(b->r.flags & MH_BU_L) || (b->proxy_on & BOUND_LL) ||
		      nd_get(&proxies, ifx, &addrs[1])->on ||
		      nd_get(&proxies, ifx, &addrs[1])->failed,
		      "registered binding %d with the L flag: its link-local not proxied", h);
	} else {
		CHECK(!b->proxy_on && (b->dad_on & BOUND_HOA), "binding %d in DAD: proxy %u dad %u",
		      h, b->proxy_on, b->dad_on);
	}
}

static void check_ha(const struct engine *e)
{
	const struct config *c = e->conf;
	bool seen[NPOOL] = { 0 };
	uint32_t n = 0, n_dad = 0, i;
	uint8_t proxy_owners[ND_MAX] = { 0 }, dad_owners[ND_MAX] = { 0 };

	for (const struct binding *b = bcache_first(&e->bc, &i); b;
	     b = bcache_next(&e->bc, b, &i)) {
		int h = pool_of(&b->r.hoa, "binding hoa");
		int a = pool_of(&b->r.ha_addr, "binding ha"), k = pool_of(&b->r.coa, "binding coa");

		CHECK(!seen[h], "HoA %d bound twice", h);
		seen[h] = true;
		n++;
		CHECK(etimer_armed(&b->timer), "binding %d (%s) without a timer", h,
		      bc_state_name(b->state));
		CHECK(!b->dad_charged || b->state == BC_DAD, "DAD charged to binding %d in %s", h,
		      bc_state_name(b->state));
		n_dad += b->dad_charged;
		switch (b->state) {
		case BC_DAD:
			CHECK(!ha.tsum[h] && !b->tunnel_on, "binding %d in DAD with %u tunnels", h,
			      ha.tsum[h]);
			break;
		case BC_REGISTERED:
			CHECK(ha.tsum[h] == 1 && ha.tun[h][a][k] == 1 && b->tunnel_on,
			      "registered binding %d: %u tunnels, %u to %d/%d", h, ha.tsum[h],
			      ha.tun[h][a][k], a, k);
			break;
		default:
			CHECK(0, "binding %d in state %u", h, b->state);
		}
		check_nd(b, h, proxy_owners, dad_owners);
	}
	for (int h = 0; h < NPOOL; h++)
		CHECK(seen[h] || !ha.tsum[h], "no binding for %d but %u tunnels", h, ha.tsum[h]);
	for (unsigned x = 0; x < proxies.n; x++)
		CHECK(proxies.v[x].on == proxy_owners[x], "proxy ND on %d: %u in place, %u owners",
		      proxies.v[x].ifindex, proxies.v[x].on, proxy_owners[x]);
	for (unsigned x = 0; x < dads.n; x++)
		CHECK(dads.v[x].on == dad_owners[x], "DAD watch on %d: %u in place, %u owners",
		      dads.v[x].ifindex, dads.v[x].on, dad_owners[x]);
	CHECK(n == e->bc.count, "binding cache counts %u, holds %u", e->bc.count, n);
	CHECK(e->quota.total[QUOTA_BINDINGS] == n, "quota counts %u bindings of %u",
	      e->quota.total[QUOTA_BINDINGS], n);
	CHECK(e->quota.total[QUOTA_PENDING_DAD] == n_dad, "quota counts %u DADs of %u",
	      e->quota.total[QUOTA_PENDING_DAD], n_dad);
	CHECK(n <= c->ha_max_bindings && n_dad <= c->ha_max_pending_dad,
	      "%u bindings, %u in DAD: over the limits", n, n_dad);
}

static void check_mn(const struct engine *e)
{
	for (unsigned i = 0; i < e->bul.n; i++) {
		const struct bul_entry *be = &e->bul.v[i];
		const struct mn_model *m = &mn[i];
		const char *st = bul_state_name(be->state);
		bool armed = etimer_armed(&be->timer);

		bool waits_ha = be->dynamic && IN6_IS_ADDR_UNSPECIFIED(&be->ha);

		/* Discovery: only without a configured home agent; a Request out has its
		 * retransmission armed; the home agent in use is one of the Reply's. */
		CHECK(be->dynamic || IN6_ARE_ADDR_EQUAL(&be->ha, &be->hl->ha),
		      "entry %u: a configured home agent changed", i);
		CHECK(be->dhaad_pending == etimer_armed(&be->dhaad_timer),
		      "entry %u: DHAAD %s, its timer %s", i, be->dhaad_pending ? "out" : "idle",
		      etimer_armed(&be->dhaad_timer) ? "armed" : "not");
		CHECK(!be->dhaad_pending || be->dynamic, "entry %u: DHAAD with a configured HA", i);
		CHECK(!be->mps_pending || etimer_armed(&be->mps_timer),
		      "entry %u: MPS out without its timer", i);
		CHECK(be->n_has <= MN_MAX_HAS, "entry %u: %u home agents", i, be->n_has);
		CHECK(waits_ha || !be->dynamic ||
		      (be->ha_idx < be->n_has && IN6_ARE_ADDR_EQUAL(&be->ha, &be->has[be->ha_idx])),
		      "entry %u: home agent in use is not the list's", i);
		for (unsigned k = 0; k < be->n_has; k++)
			CHECK(!IN6_IS_ADDR_MULTICAST(&be->has[k]) &&
			      !IN6_IS_ADDR_UNSPECIFIED(&be->has[k]),
			      "entry %u: home agent %u unusable", i, k);
		switch (be->state) {
		case BUL_REGISTERING:
		case BUL_REFRESHING:
			/* ... or waiting, its list used up, for a new discovery. */
			CHECK(armed || (waits_ha && be->dhaad_pending),
			      "entry %u %s without a timer", i, st);
			break;
		case BUL_DEREGISTERING:
		case BUL_REGISTERED:
		case BUL_FAILED:
			CHECK(armed, "entry %u %s without a timer", i, st);
			CHECK(!waits_ha, "entry %u %s without a home agent", i, st);
			break;
		case BUL_HOME:
		case BUL_UNKNOWN:
			CHECK(!armed, "entry %u %s with a timer", i, st);
			break;
		default:
			CHECK(0, "entry %u in state %u", i, be->state);
		}
		CHECK(be->tunnel_set == m->up, "entry %u: engine thinks the tunnel %s", i,
		      be->tunnel_set ? "up" : "down");
		CHECK(!m->up || (IN6_ARE_ADDR_EQUAL(&be->tunnel_coa, &m->coa) &&
				 IN6_ARE_ADDR_EQUAL(&be->tunnel_ha, &m->ha) &&
				 be->tunnel_reverse == m->reverse),
		      "entry %u: engine's tunnel is not the one set", i);
		/* Registered: the tunnel both ways, unless setting it has just failed. */
		CHECK(be->state != BUL_REGISTERED || m->set_failed || (m->up && m->reverse),
		      "entry %u registered without the tunnel both ways", i);
		CHECK((be->state != BUL_HOME && be->state != BUL_DEREGISTERING) || !m->up,
		      "entry %u %s with the tunnel up", i, st);
		CHECK(be->backoff <= 32000 && be->retry_ms <= 32000,
		      "entry %u: backoff %u retry %u over MAX_BINDACK_TIMEOUT", i, be->backoff,
		      be->retry_ms);
	}
}

/* The home agents list: used entries expire on the heap, within their lifetime. */
static void check_hal(const struct engine *e)
{
	for (unsigned i = 0; i < HAL_MAX; i++) {
		const struct hal_entry *h = &e->hal.v[i];

		CHECK(!h->used || (etimer_armed(&h->timer) && h->timer.when == h->expires &&
				   h->expires <= now + 65535u * 1000),
		      "home agents list entry %u: timer or lifetime wrong", i);
		CHECK(h->used || !etimer_armed(&h->timer), "unused list entry %u armed", i);
		CHECK(h->n_global <= HAL_MAX_GLOBAL, "list entry %u: %u addresses", i, h->n_global);
	}
	CHECK(e->hd.n_any <= HD_MAX_ANYCAST && e->hd.n_any == n_joined,
	      "%u anycast addresses recorded, %u joined", e->hd.n_any, n_joined);
}

static void check_all(void)
{
	check_heap(eng);
	if (!is_mn)
		check_hal(eng);
	if (is_mn)
		check_mn(eng);
	else
		check_ha(eng);
}

/* ---- input ---- */

struct in {
	const uint8_t *p;
	size_t n;
};

static uint8_t u8(struct in *in)
{
	if (!in->n)
		return 0;
	in->n--;
	return *in->p++;
}

static uint16_t u16(struct in *in)
{
	uint16_t v = u8(in);

	return (uint16_t)(v << 8 | u8(in));
}

static uint32_t u32(struct in *in)
{
	uint32_t v = u16(in);

	return v << 16 | u16(in);
}

static const struct in6_addr *pick(uint8_t b)
{
	return &pool[b % NPOOL];
}

/* Configured interface i has ifindex i + 1; 0 and 7 are nobody's. */
static int ifx(uint8_t b)
{
	return b & 7;
}

static const char *ifname(uint8_t b)
{
	unsigned i = b & 7;

	if (i < eng->conf->n_ifaces)
		return eng->conf->ifaces[i];
	return i == 7 ? NULL : "bogus0";
}

/* What the I/O side never delivers (io_mh_input): a source or HAO that is multicast,
 * unspecified or one of our addresses. */
static bool refused_source(const struct in6_addr *a)
{
	int i = pidx(a);

	return IN6_IS_ADDR_MULTICAST(a) || IN6_IS_ADDR_UNSPECIFIED(a) || (i >= 0 && local[i]);
}

static void deliver(const struct eng_rx *rx, const struct mh_msg *m)
{
	if (refused_source(&rx->src) || (rx->has_hao && refused_source(&rx->hao)))
		return;
	engine_rx_mh(eng, rx, m);
}

static void read_opts(struct in *in, struct mh_opts *o)
{
	uint8_t f = u8(in);

	if (f & 1) {
		o->has_alt_coa = true;
		o->alt_coa = *pick(u8(in));
	}
	if (f & 2) {
		o->has_bra = true;
		o->refresh_units = u16(in);
	}
	if (f & 4) {
		o->has_nonce = true;
		o->home_nonce_index = u16(in);
		o->coa_nonce_index = u16(in);
	}
	if (f & 8) {
		o->has_auth = true;
		o->auth_len = u8(in) % (MH_AUTH_MAX + 1);
		for (unsigned i = 0; i < o->auth_len; i++)
			o->auth[i] = u8(in);
	}
}

static void read_rx(struct in *in, struct eng_rx *rx)
{
	uint8_t f = u8(in);

	memset(rx, 0, sizeof(*rx));
	rx->ifindex = ifx(f >> 2);
	rx->src = *pick(u8(in));
	rx->dst = *pick(u8(in));
	if ((rx->has_hao = f & 1))
		rx->hao = *pick(u8(in));
	if ((rx->has_rh2 = f & 2))
		rx->rh2 = *pick(u8(in));
}

static const struct bul_entry *entry(uint8_t p)
{
	return eng->bul.n ? &eng->bul.v[p % eng->bul.n] : NULL;
}

/* A home registration as an MN would send it, mostly in sequence. */
static void ev_bu(struct in *in)
{
	uint8_t a = u8(in), s = u8(in), l = u8(in), f = u8(in);
	int h = hoa_group[a % sizeof(hoa_group)], k = coa_group[(a >> 3) & 3];
	struct eng_rx rx = { .dst = pool[(a >> 5) & 1], .has_hao = true, .hao = pool[h],
			     .src = pool[k], .ifindex = 1 + ((a >> 5) & 1) };
	struct mh_msg m;

	if (s < 0xc0)
		ha.seq[h]++;
	else if (s < 0xf0)
		ha.seq[h] += s & 0x3f;
	else
		ha.seq[h] -= s & 0xf;
	mh_bu_init(&m, ha.seq[h], (uint16_t)((f ^ 0xc0) << 8), 0);
	m.bu.lifetime_units = (uint16_t)(l * 2);
	switch (a >> 6) {
	case 1: /* back home: from the HoA itself */
		rx.src = rx.hao;
		rx.has_hao = false;
		break;
	case 2: /* the CoA in an Alternate Care-of Address option */
		rx.src = pool[coa_group[((a >> 3) + 1) & 3]];
		m.opts.has_alt_coa = true;
		m.opts.alt_coa = pool[k];
		break;
	case 3:
		m.bu.lifetime_units = 0;
		break;
	}
	deliver(&rx, &m);
}

static void ev_ba(struct in *in, uint8_t p)
{
	static const uint8_t status[] = { 0, 0, 0, 1, 128, 130, 133, 135 };
	uint8_t a = u8(in), s = u8(in), l = u8(in), r = u8(in);
	const struct bul_entry *be = entry(p);
	struct eng_rx rx = { .src = pool[0], .dst = pool[7] };
	struct mh_msg m;
	uint16_t seq = ha.seq[2];

	if (be) {
		rx.src = be->ha;
		seq = be->seq;
		if (p & 8) {
			rx.dst = be->hl->hoa;   /* at home: to the HoA, no RH2 */
		} else {
			rx.dst = be->coa;
			rx.has_rh2 = true;
			rx.rh2 = be->hl->hoa;
		}
	}
	if (s >= 0xc0)
		seq = (uint16_t)(seq + (s & 0x3f) - 32);
	mh_ba_init(&m, a & 0x80 ? a : status[a & 7], seq, 0, 0);
	m.ba.lifetime_units = (uint16_t)(l * 2);
	m.opts.has_bra = r != 0;
	m.opts.refresh_units = r;
	deliver(&rx, &m);
}

static void ev_be(struct in *in, uint8_t p)
{
	uint8_t a = u8(in), b = u8(in);
	const struct bul_entry *be = entry(p);
	struct eng_rx rx = { .src = be ? be->ha : pool[0], .dst = be ? be->coa : pool[0] };
	struct mh_msg m = { .type = MH_BE };

	m.be.status = a & 0x80 ? a : 1 + (a & 1);
	m.be.home_addr = be && !(b & 0x80) ? be->hl->hoa : *pick(b);
	if (p & 8) {
		rx.has_hao = true;
		rx.hao = *pick(b);
	}
	deliver(&rx, &m);
}

/* Any type, fields as bytes: what the codec lets through unchanged. */
static void ev_mh_raw(struct in *in, enum ev kind)
{
	struct eng_rx rx;
	struct mh_msg m;
	uint8_t *u = (uint8_t *)&m.bu;

	memset(&m, 0, sizeof(m));
	m.type = kind == EV_BU_RAW ? MH_BU : kind == EV_BA_RAW ? MH_BA : u8(in);
	read_rx(in, &rx);
	for (size_t i = 0; i < offsetof(struct mh_msg, opts) - offsetof(struct mh_msg, bu); i++)
		u[i] = u8(in);
	if (m.type == MH_BA)    /* a bool holds 0 or 1, as the codec's decode gives it */
		*(uint8_t *)&m.ba.k &= 1;
	read_opts(in, &m.opts);
	deliver(&rx, &m);
}

/* RAs reach the engine from a link-local source (io_nd.c): the MN's movement
 * detection, and the HA's prefix lifetimes. */
static void ra_in(const struct eng_ra *ra)
{
	if (IN6_IS_ADDR_LINKLOCAL(&ra->src))
		engine_rx_ra(eng, ra);
}

static void ev_ra(struct in *in, bool raw)
{
	/* A network: its router and its prefix. */
	static const uint8_t nets[4][2] = { { 11, 0 }, { 12, 7 }, { 13, 9 }, { 11, 1 } };
	uint8_t a = u8(in), b = u8(in);
	struct eng_ra ra = { .ifindex = ifx(a >> 2) };

	if (!raw) {
		const uint8_t *net = nets[a & 3];

		ra.src = pool[net[0]];
		ra.router_lifetime = b & 1 ? 0 : 1800;
		ra.adv_interval = b & 2 ? 1000 : 0;
		ra.has_lladdr = b & 4;
		ra.lladdr[5] = (uint8_t)(a & 3);
		ra.home_agent = b & 8;
		ra.n_prefixes = 1 + ((b >> 4) & 1);
		ra.prefixes[0].prefix = pool[net[1]];
		ra.prefixes[1].prefix = pool[9];
		for (unsigned i = 0; i < ra.n_prefixes; i++) {
			ra.prefixes[i].plen = 64;
			ra.prefixes[i].flags = ENG_PI_ONLINK | ENG_PI_AUTO;
			ra.prefixes[i].valid = ra.prefixes[i].preferred = 86400;
		}
		ra_in(&ra);
		return;
	}
	ra.src = *pick(b);
	b = u8(in);
	ra.home_agent = b & 1;
	ra.has_lladdr = b & 2;
	ra.lladdr[0] = b;
	ra.router_lifetime = u16(in);
	ra.adv_interval = b & 4 ? u16(in) : 0;
	ra.n_prefixes = (b >> 4) % (ENG_RA_MAX_PREFIXES + 1);
	for (unsigned i = 0; i < ra.n_prefixes; i++) {
		struct eng_prefix *q = &ra.prefixes[i];

		q->prefix = *pick(u8(in));
		q->plen = u8(in);
		q->flags = u8(in) & (ENG_PI_ONLINK | ENG_PI_AUTO | ENG_PI_RADDR);
		q->valid = q->preferred = u8(in) ? 86400 : 0;
	}
	ra_in(&ra);
}

static void ev_addr(struct in *in, bool raw)
{
	uint8_t a = u8(in), b = u8(in), plen = 64;
	int ifindex;
	const struct in6_addr *addr;
	unsigned state;

	if (raw) {
		ifindex = ifx(a);
		state = (a >> 3) % 5;   /* 4: not a state */
		addr = pick(b);
		plen = u8(in);
	} else {
		ifindex = 1 + (int)((a & 3) % eng->conf->n_ifaces);
		state = (a >> 2) & 3;
		addr = is_mn ? &pool[mn_addr_group[b % sizeof(mn_addr_group)]]
			     : &pool[ha_addr_group[b % sizeof(ha_addr_group)]];
	}
	if (ifindex > 0 && pidx(addr) >= 0) {
		unsigned bit = 1u << ifindex;

		/* Any address the kernel has, even one whose DAD failed, is ours. */
		if (state == ENG_ADDR_REMOVED)
			local[pidx(addr)] &= ~bit;
		else if (state < ENG_ADDR_REMOVED)
			local[pidx(addr)] |= bit;
	}
	engine_addr_event(eng, ifindex, addr, plen, (enum eng_addr_state)state);
}

static void tick_checked(void)
{
	eng_ms d;

	engine_tick(eng);
	d = engine_next_deadline(eng);
	CHECK(d == ENG_NEVER || d > now, "deadline %llu not after now %llu after a tick",
	      (unsigned long long)d, (unsigned long long)now);
}

static void ev_time(struct in *in, uint8_t p, bool step)
{
	static const uint32_t scale[4] = { 1, 16, 1000, 60000 };
	uint64_t to = now + (uint64_t)u16(in) * scale[p & 3];

	/* Through every deadline on the way, as the event loop would; a bounded number
	 * of them (a refresh every few seconds over weeks is not worth the time). */
	for (unsigned i = 0; step && i < 2000; i++) {
		eng_ms d = engine_next_deadline(eng);

		if (d > to)
			break;
		if (d > now)
			now = d;
		tick_checked();
		check_all();
	}
	now = to;
	tick_checked();
}

/* A DHAAD or Mobile Prefix message (type 144 + the low bits of a): to the MN, the fields
 * it checks taken from the entry when the bits say so; to the HA, from any pool address
 * to an address of the pool or the anycast address of a home prefix. */
static void ev_icmp(struct in *in)
{
	uint8_t a = u8(in), f = u8(in), s = u8(in), d = u8(in), n = u8(in);
	const struct bul_entry *be = entry(f);
	struct dhaad_msg m = { .type = (uint8_t)(ICMP6_DHAAD_REQUEST + (a & 3)), .id = u16(in) };
	struct eng_rx rx = { .ifindex = ifx(f >> 4), .src = *pick(s), .dst = *pick(d) };

	if (be && (a & 4)) {
		rx.src = IN6_IS_ADDR_UNSPECIFIED(&be->ha) ? *pick(s) : be->ha;
		rx.dst = be->dhaad_pending ? be->dhaad_coa : be->coa;
		m.id = m.type == ICMP6_MP_ADV ? be->mps_id : be->dhaad_id;
		rx.has_rh2 = true;
		rx.rh2 = be->hl->hoa;
	} else if (a & 8) {
		dhaad_anycast(pick(d), 64, &rx.dst);
	}
	if (a & 16) {
		rx.has_hao = true;
		rx.hao = *pick(n);
	}
	if (a & 32)
		rx.has_rh2 = false;
	m.n_addr = (uint8_t)(1 + (n & 7));
	for (unsigned i = 0; i < m.n_addr; i++)
		m.addr[i] = (n & 0x80) && be && i < 2 ? pool[ha_addr_group[i]] : *pick(u8(in));
	m.n_prefix = (uint8_t)((n >> 3) & 3);
	for (unsigned i = 0; i < m.n_prefix; i++) {
		m.prefix[i].prefix = *pick(u8(in));
		m.prefix[i].len = (uint8_t)(u8(in) % 129);
		m.prefix[i].a = m.prefix[i].l = true;
		m.prefix[i].valid = u8(in) == 0xff ? UINT32_MAX : (uint32_t)u16(in);
		m.prefix[i].preferred = m.prefix[i].valid / 2;
	}
	if (refused_source(&rx.src) || (rx.has_hao && refused_source(&rx.hao)))
		return;
	engine_rx_icmp(eng, &rx, &m);
}

/* An ICMPv6 error, quoting the entry's tunnel (CoA -> HA, IPv6-in-IPv6) when the bits
 * say so, else pool addresses. */
static void ev_icmp_err(struct in *in)
{
	uint8_t a = u8(in), b = u8(in), c2 = u8(in), d = u8(in);
	const struct bul_entry *be = entry(a);
	struct eng_icmp_err err = { .ifindex = ifx(a >> 4), .src = *pick(b), .dst = *pick(c2),
				    .type = (uint8_t)(1 + (d & 3)), .code = d >> 4,
				    .inner_src = *pick(c2), .inner_dst = *pick(b),
				    .inner_nh = d & 8 ? 17 : 41 };

	if (be && (a & 8)) {
		err.src = err.inner_dst = be->ha;
		err.inner_src = err.dst = be->coa;
	}
	engine_rx_icmp_err(eng, &err);
}

static void event(struct in *in)
{
	uint8_t op = u8(in), p = op >> 4;
	uint8_t a, b;

	switch ((enum ev)(op & 15)) {
	case EV_BU: ev_bu(in); break;
	case EV_BA: ev_ba(in, p); break;
	case EV_BE: ev_be(in, p); break;
	case EV_BU_RAW:
	case EV_BA_RAW:
	case EV_MH_RAW: ev_mh_raw(in, (enum ev)(op & 15)); break;
	case EV_RA: ev_ra(in, false); break;
	case EV_RA_RAW: ev_ra(in, true); break;
	case EV_LINK:
		a = u8(in);
		b = u8(in);
		engine_link_event(eng, ifx(a), ifname(a >> 3), (enum eng_link_state)(b % 4));
		break;
	case EV_ADDR: ev_addr(in, false); break;
	case EV_ADDR_RAW: ev_addr(in, true); break;
	case EV_DAD:
		a = u8(in);
		b = u8(in);
		engine_ha_dad_conflict(eng, ifx(a), a & 8 ? pick(b) : &pool[hoa_group[b % 5]]);
		break;
	case EV_TICK: ev_time(in, p, false); break;
	case EV_RUN: ev_time(in, p, true); break;
	case EV_FAIL:
		fl.kinds = u16(in);
		fl.bits = u32(in);
		break;
	case EV_PRINT:
		if (p == 1) {
			ev_icmp(in);
			break;
		}
		if (p == 2) {
			ev_icmp_err(in);
			break;
		}
		engine_print_bc(eng, null_out);
		engine_print_bul(eng, null_out);
		engine_print_stats(eng, null_out);
		engine_print_hal(eng, null_out);
		break;
	}
}

/* ---- set-up ---- */

static ssize_t null_write(void *c, const char *buf, size_t n)
{
	(void)c, (void)buf;
	return (ssize_t)n;
}

static const struct config *config_for(uint8_t v)
{
	static struct config confs[256];
	static bool ready[256];
	struct config *c = &confs[v];
	char text[512], err[600];
	bool two = v & 8;

	if (ready[v])
		return c;
	if (v & 1)
		snprintf(text, sizeof(text), "NodeConfig MN;\nInterface \"wlan1\";\n"
			 "MnHomeLink \"wlan0\" { HomeAddress 2001:db8::beef/64;\n"
			 " HomeAgentAddress %s; }\n%s", v & 128 ? "::" : "2001:db8::1",
			 two ? "MnHomeLink \"eth1\" { HomeAddress 2001:db8:5::beef/64;\n"
			       " HomeAgentAddress 2001:db8:5::1; }\n" : "");
	else
		snprintf(text, sizeof(text), "NodeConfig HA;\nInterface \"eth0\";\n%s",
			 two ? "Interface \"eth1\";\n" : "");
	CHECK(config_parse(c, "fuzz.conf", text, err, sizeof(err)) == 0, "config: %s", err);
	c->ha_dad = v & 2;
	c->optimistic_handoff = v & 4;
	switch ((v >> 4) & 3) {
	case 1:
		c->ha_max_bindings = 3;
		c->mn_router_probes = 0;
		break;
	case 2:
		c->ha_max_bindings_per_prefix = 2;
		c->ha_max_pending_dad_per_prefix = 1;
		c->mn_router_probes = 2;
		break;
	case 3:
		c->ha_max_pending_dad = 1;
		c->mn_router_probes = 16;
		break;
	}
	if (v & 64)
		c->ha_max_binding_life = c->mn_max_ha_binding_life = 40;
	ready[v] = true;
	return c;
}

static void write_seeds(const char *dir);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *seeds = getenv("FUZZ_SEEDS");

	(void)argc, (void)argv;
	for (int i = 0; i < NPOOL; i++)
		inet_pton(AF_INET6, pool_text[i], &pool[i]);
	null_out = fopencookie(NULL, "w", (cookie_io_functions_t){ .write = null_write });
	if (getenv("FUZZ_ENGINE_LOG"))
		log_init(LOG_LVL_DEBUG, stderr);
	else
		log_init(0, null_out);
	if (seeds) {
		write_seeds(seeds);
		exit(0);
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct in in = { data + 1, size ? size - 1 : 0 };
	const struct config *c;

	if (!size)
		return 0;
	c = config_for(data[0]);
	is_mn = c->role == NODE_MN;
	memset(&ha, 0, sizeof(ha));
	proxies.n = dads.n = 0;
	memset(mn, 0, sizeof(mn));
	memset(&fl, 0, sizeof(fl));
	memset(local, 0, sizeof(local));
	ro_n = 0;
	n_joined = 0;
	now = 1000000;
	eng = engine_new(c, &fuzz_ops, NULL, clk, NULL);
	CHECK(eng, "engine_new failed");
	for (unsigned i = 0; i < c->n_ifaces; i++)
		engine_link_event(eng, (int)i + 1, c->ifaces[i], ENG_LINK_UP);
	check_all();
	while (in.n) {
		event(&in);
		check_all();
	}
	engine_free(eng);
	eng = NULL;
	/* Withdrawn, everything. */
	for (int h = 0; h < NPOOL; h++)
		CHECK(!ha.tsum[h], "tunnel of HoA %d left behind", h);
	CHECK(!nd_count(&proxies) && !nd_count(&dads), "proxy ND or DAD left behind");
	CHECK(!ro_n, "%u route optimization paths left behind", ro_n);
	CHECK(!n_joined, "%u anycast addresses left joined", n_joined);
	for (unsigned i = 0; i < CONF_MAX_HOME_LINKS; i++)
		CHECK(!mn[i].up, "MN tunnel %u left up", i);
	return 0;
}

/* ---- seeds: short lives that reach registrations, moves and returns home ---- */

#define OP(ev, p) (uint8_t)((ev) | (p) << 4)

static const uint8_t seed_ha[] = {
	0x02,                                           /* HA, DAD */
	OP(EV_ADDR, 0), 0x04, 0x00,                     /* 2001:db8::1 usable on eth0 */
	OP(EV_BU, 0), 0x00, 0x00, 0x20, 0x00,           /* HoA beef from CoA a::20 */
	OP(EV_RUN, 2), 0x00, 0x02,                      /* DAD over */
	OP(EV_BU, 0), 0x08, 0x00, 0x20, 0x00,           /* moves to a::21 */
	OP(EV_BU, 0), 0x02, 0x00, 0x20, 0x00,           /* a second HoA */
	OP(EV_DAD, 0), 0x01, 0x02,                      /* its DAD fails */
	OP(EV_BU, 0), 0x82, 0x00, 0x20, 0x00,           /* alternate CoA */
	OP(EV_PRINT, 0),
	OP(EV_BU, 0), 0x41, 0x00, 0x20, 0x00,           /* home again */
	OP(EV_FAIL, 0), 0x00, 0x0a, 0x55, 0x55, 0x55, 0x55, /* tunnel and proxy adds fail */
	OP(EV_BU, 0), 0x00, 0x00, 0x20, 0x00,
	OP(EV_RUN, 2), 0x00, 0x03,
	OP(EV_BU, 0), 0x0a, 0x00, 0x20, 0x00,
	OP(EV_TICK, 3), 0x00, 0x10,                     /* expiry */
};

static const uint8_t seed_ha_nodad[] = {
	0x48,                                           /* HA, two links, 40 s */
	OP(EV_ADDR, 0), 0x04, 0x00,
	OP(EV_ADDR, 0), 0x05, 0x01,                     /* 2001:db8:5::1 on eth1 */
	OP(EV_BU, 0), 0x00, 0x00, 0x20, 0x00,
	OP(EV_BU, 0), 0x24, 0x00, 0x20, 0x00,           /* HoA 5::beef via eth1 */
	OP(EV_BU, 0), 0x00, 0xc0, 0x20, 0x00,           /* same sequence number */
	OP(EV_LINK, 0), 0x01, 0x00,
	OP(EV_ADDR, 0), 0x0c, 0x00,                     /* the HA's address goes */
	OP(EV_BU, 0), 0x08, 0x00, 0x20, 0x00,
	OP(EV_RUN, 2), 0x00, 0x50,
};

/* The MN's interfaces: wlan1 (ifindex 1, visited), wlan0 (2, home), eth1 (3). */
static const uint8_t seed_mn[] = {
	0x01,                                           /* MN */
	OP(EV_LINK, 0), 0x0a, 0x02,                     /* wlan0 associated */
	OP(EV_RA, 0), 0x08, 0x00,                       /* home router */
	OP(EV_ADDR, 0), 0x05, 0x00,                     /* HoA usable */
	OP(EV_BA, 8), 0x00, 0x00, 0x00, 0x00,           /* deregistration answered */
	OP(EV_LINK, 0), 0x0a, 0x00,                     /* wlan0 down */
	OP(EV_LINK, 0), 0x01, 0x02,                     /* wlan1 associated */
	OP(EV_RA, 0), 0x05, 0x00,                       /* foreign router a */
	OP(EV_ADDR, 0), 0x04, 0x02,                     /* CoA a::20 on wlan1 */
	OP(EV_BA, 0), 0x00, 0x00, 0x40, 0x00,           /* accepted */
	OP(EV_PRINT, 0),
	OP(EV_RUN, 2), 0x01, 0xc8,                      /* refresh */
	OP(EV_BA, 0), 0x00, 0x00, 0x40, 0x02,
	OP(EV_BE, 0), 0x00, 0x00,                       /* HAO unknown */
	OP(EV_RA, 0), 0x06, 0x04,                       /* foreign router b, lladdr */
	OP(EV_ADDR, 0), 0x04, 0x04,                     /* CoA b::20 */
	OP(EV_BA, 0), 0x07, 0x00, 0x40, 0x00,           /* 135 */
	OP(EV_BA, 0), 0x05, 0x00, 0x40, 0x00,           /* 130 */
	OP(EV_RUN, 2), 0x00, 0x40,                      /* retry */
	OP(EV_LINK, 0), 0x0a, 0x02,
	OP(EV_RA, 0), 0x08, 0x00,                       /* home again */
	OP(EV_BA, 8), 0x00, 0x00, 0x00, 0x00,
};

/* An MN without a configured home agent: discovery, a Reply, an error from the HA about
 * its tunnel, the BU budget spent, the next HA, an MPA. */
static const uint8_t seed_mn_dhaad[] = {
	0x81,                                           /* MN, home agent discovered */
	OP(EV_LINK, 0), 0x01, 0x02,
	OP(EV_RA, 0), 0x05, 0x00,
	OP(EV_ADDR, 0), 0x04, 0x02,                     /* CoA: a DHAAD Request */
	OP(EV_PRINT, 1), 0x85, 0x00, 0x00, 0x00, 0x81, 0x00, 0x00, /* its Reply, 2 HAs */
	OP(EV_BA, 0), 0x00, 0x00, 0x40, 0x00,           /* accepted */
	OP(EV_PRINT, 2), 0x08, 0x00, 0x00, 0x00,        /* error about the tunnel */
	OP(EV_RUN, 2), 0x00, 0x10,                      /* unanswered: the next HA */
	OP(EV_BA, 0), 0x00, 0x00, 0x40, 0x00,
	OP(EV_PRINT, 1), 0x07, 0x00, 0x00, 0x00, 0x08, 0x00, 0x00, 0x04, 0x40, 0x00, 0x10,
	OP(EV_PRINT, 0),
	OP(EV_RUN, 2), 0x00, 0x40,
};

/* A home agent: RAs with the H flag, a DHAAD Request to the anycast address, an MPS. */
static const uint8_t seed_ha_dhaad[] = {
	0x00,
	OP(EV_LINK, 0), 0x01, 0x02,
	OP(EV_ADDR, 0), 0x00, 0x00,
	OP(EV_RA, 0), 0x08, 0x00,
	OP(EV_PRINT, 1), 0x08, 0x01, 0x07, 0x00, 0x01, 0x12, 0x34, 0x00, /* Request */
	OP(EV_BU, 0), 0x00, 0x01, 0x40, 0x00,
	OP(EV_PRINT, 1), 0x12, 0x01, 0x07, 0x00, 0x02, 0x00, 0x01, 0x00, /* MPS */
	OP(EV_RA, 0), 0x08, 0x10,
	OP(EV_PRINT, 0),
	OP(EV_RUN, 2), 0x01, 0x00,
};

static const uint8_t seed_mn_two[] = {
	0x0d,                                           /* MN, optimistic, two home links */
	OP(EV_LINK, 0), 0x01, 0x02,
	OP(EV_RA, 0), 0x05, 0x12,                       /* router a on wlan1, adv interval */
	OP(EV_ADDR, 0), 0x04, 0x02,
	OP(EV_BA, 0), 0x00, 0x00, 0x40, 0x00,
	OP(EV_BA, 1), 0x00, 0x00, 0x40, 0x00,
	OP(EV_FAIL, 0), 0x07, 0x00, 0xff, 0x00, 0xff, 0x00, /* MN tunnel ops fail */
	OP(EV_TICK, 2), 0x10, 0x00,                     /* router lost */
	OP(EV_RUN, 2), 0x01, 0x00,
};

static void write_seeds(const char *dir)
{
	static const struct fuzz_seed s[] = {
		{ "ha", seed_ha, sizeof(seed_ha) },
		{ "ha-nodad", seed_ha_nodad, sizeof(seed_ha_nodad) },
		{ "mn", seed_mn, sizeof(seed_mn) },
		{ "mn-two", seed_mn_two, sizeof(seed_mn_two) },
		{ "mn-dhaad", seed_mn_dhaad, sizeof(seed_mn_dhaad) },
		{ "ha-dhaad", seed_ha_dhaad, sizeof(seed_ha_dhaad) },
	};
	fuzz_write_seeds(dir, s, sizeof(s) / sizeof(s[0]));
}
