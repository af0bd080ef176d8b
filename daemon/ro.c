/* ro.c - route optimization in the mobile node (RFC 6275 §11.6, §11.7.2, §11.8): when a
 * correspondent's packets reach us through the home agent's tunnel, return routability
 * with it (HoTI through the tunnel, CoTI direct), a Binding Update proving both tokens,
 * and the direct path once it is accepted. A correspondent that does not take part
 * keeps the tunnel: nothing is lost, a line is logged and counted. */
#include <string.h>

#include "engine_int.h"
#include "log.h"
#include "seq.h"

#define RO_INIT_TIMEOUT_MS 1000u        /* first wait for a test or a BA (§12) */
#define RO_MAX_TRIES 3                  /* transmissions before giving up: 1 + 2 + 4 s */
#define RO_RETRY_MS 60000u              /* a correspondent that failed, tried again */
#define RO_MAX_TOKEN_LIFETIME_MS 210000u /* §12 MAX_TOKEN_LIFETIME */
#define RO_MAX_LIFETIME 420u            /* §12 MAX_RR_BINDING_LIFETIME, seconds */

const char *ro_state_name(unsigned s)
{
	static const char *const names[] = {
		"idle", "return-routability", "bu-sent", "bound", "deregistering", "failed",
	};

	return s < RO_NSTATES ? names[s] : "?";
}

static bool same(const struct in6_addr *a, const struct in6_addr *b)
{
	return !memcmp(a, b, sizeof(*a));
}

static bool used(const struct ro_entry *r)
{
	return !IN6_IS_ADDR_UNSPECIFIED(&r->peer);
}

static struct bul_entry *bul_of(struct engine *e, const struct ro_entry *r)
{
	return &e->bul.v[r->hl];
}

static struct ro_entry *find(struct engine *e, const struct in6_addr *peer)
{
	for (unsigned i = 0; i < e->ro.n; i++)
		if (used(&e->ro.v[i]) && same(&e->ro.v[i].peer, peer))
			return &e->ro.v[i];
	return NULL;
}

static void fire(struct etimer *t, void *ctx);

static struct ro_entry *add(struct engine *e, const struct in6_addr *peer, unsigned hl)
{
	struct ro_entry *r = NULL;

	for (unsigned i = 0; i < e->ro.n && !r; i++)
		if (!used(&e->ro.v[i]))
			r = &e->ro.v[i];
	if (!r && e->ro.n < RO_MAX)
		r = &e->ro.v[e->ro.n++];
	if (!r)
		return NULL;
	/* Entries never move: their timers are in the heap. */
	memset(r, 0, sizeof(*r));
	r->peer = *peer;
	r->hl = hl;
	r->timer.fire = fire;
	eng_random(&r->seq, sizeof(r->seq));
	return r;
}

/* MnRoPolicy: the longest prefix that holds peer decides; none: route optimization. */
static bool policy_allows(const struct conf_home_link *hl, const struct in6_addr *peer)
{
	int best = -1;
	bool on = true;

	for (unsigned i = 0; i < hl->n_ro_policies; i++) {
		const struct conf_ro_policy *p = &hl->ro_policies[i];
		unsigned full = p->plen / 8, rest = p->plen % 8;

		if (memcmp(&p->peer, peer, full))
			continue;
		if (rest && ((p->peer.s6_addr[full] ^ peer->s6_addr[full]) & (0xff00 >> rest)))
			continue;
		if ((int)p->plen > best) {
			best = p->plen;
			on = p->enabled;
		}
	}
	return on;
}

static void ro_off(struct engine *e, struct ro_entry *r)
{
	struct eng_ro ro = { .hoa = bul_of(e, r)->hl->hoa, .coa = r->ro_coa, .peer = r->peer,
			     .mn = true };

	if (!r->ro_on && !r->accepting)
		return;
	r->ro_on = r->accepting = false;
	eng_op_result(e, "route optimization off", e->ops->ro_del(e->ops_ctx, &ro));
}

static void drop(struct engine *e, struct ro_entry *r)
{
	ro_off(e, r);
	if (etimer_armed(&r->timer))
		theap_disarm(&e->timers, &r->timer);
	memset(&r->peer, 0, sizeof(r->peer));
}

static void fail(struct engine *e, struct ro_entry *r, const char *why)
{
	ro_off(e, r);
	e->stats.ro_fallbacks++;
	log_info("route optimization with %s: %s: its traffic stays in the tunnel",
		 log_in6(&r->peer), why);
	r->state = RO_FAILED;
	eng_arm(e, &r->timer, eng_now(e) + RO_RETRY_MS);
}

static void random_cookie(uint8_t c[MH_COOKIE_LEN])
{
	eng_random(c, MH_COOKIE_LEN);
}

static bool away(const struct bul_entry *be)
{
	return be->state == BUL_REGISTERED || be->state == BUL_REFRESHING;
}

/* The tests not received yet: HoTI from the home address (through the tunnel when
 * away: the kernel's rule for the HoA sends it there), CoTI from the care-of address. */
static void send_inits(struct engine *e, struct ro_entry *r)
{
	const struct bul_entry *be = bul_of(e, r);
	struct eng_tx tx;
	struct mh_msg m;

	memset(&tx, 0, sizeof(tx));
	tx.dst = r->peer;
	if (!r->have_home) {
		memset(&m, 0, sizeof(m));
		m.type = MH_HOTI;
		memcpy(m.hoti.cookie, r->hoti_cookie, MH_COOKIE_LEN);
		tx.src = be->hl->hoa;
		eng_send_mh(e, &tx, &m);
	}
	if (!r->have_coa && r->state == RO_RR) {
		memset(&m, 0, sizeof(m));
		m.type = MH_COTI;
		memcpy(m.coti.cookie, r->coti_cookie, MH_COOKIE_LEN);
		tx.src = r->coa;
		tx.ifindex = be->coa_ifindex;
		eng_send_mh(e, &tx, &m);
	}
}

static bool token_fresh(const struct engine *e, uint64_t at)
{
	return at && eng_now(e) - at < RO_MAX_TOKEN_LIFETIME_MS - 10000;
}

static void send_bu(struct engine *e, struct ro_entry *r);

/* The correspondent holds our binding for life seconds from the BU: the direct path,
 * and a refresh at 80 % of it. */
static void bound(struct engine *e, struct ro_entry *r, uint32_t life)
{
	struct eng_ro ro = { .hoa = bul_of(e, r)->hl->hoa, .coa = r->coa, .peer = r->peer,
			     .mn = true };

	if (eng_op_result(e, "route optimization on", e->ops->ro_set(e->ops_ctx, &ro)) < 0) {
		fail(e, r, "the kernel refused the direct path");
		return;
	}
	r->ro_on = true;
	r->ro_coa = r->coa;
	r->state = RO_BOUND;
	r->lifetime = life;
	log_info("route optimization with %s: bound %s for %u s", log_in6(&r->peer),
		 log_in6(&r->coa), life);
	if (life)
		eng_arm(e, &r->timer, r->bu_sent + (uint64_t)life * 800);
	else
		drop(e, r);
}

/* Return routability for state (RO_RR from the CoA, RO_DEREG from home); the home
 * token is asked again only when need_home or when it is too old to use. */
static void start(struct engine *e, struct ro_entry *r, uint8_t state, bool need_home)
{
	const struct bul_entry *be = bul_of(e, r);

	r->state = state;
	r->coa = state == RO_DEREG ? be->hl->hoa : be->coa;
	r->tries = 1;
	r->backoff = RO_INIT_TIMEOUT_MS;
	r->rr_start = eng_now(e);
	if (need_home || !token_fresh(e, r->home_at)) {
		r->have_home = false;
		random_cookie(r->hoti_cookie);
	}
	r->have_coa = false;
	random_cookie(r->coti_cookie);
	if (state == RO_DEREG && r->have_home) {
		send_bu(e, r);
		return;
	}
	send_inits(e, r);
	eng_arm(e, &r->timer, eng_now(e) + r->backoff);
}

static void send_bu(struct engine *e, struct ro_entry *r)
{
	const struct bul_entry *be = bul_of(e, r);
	bool dereg = r->state == RO_DEREG;
	bool ack = e->conf->use_cn_bu_ack || dereg;
	uint64_t now = eng_now(e);
	uint32_t life = 0;
	uint8_t kbm[RR_KBM_LEN];
	struct eng_tx tx;
	struct mh_msg m;

	if (!dereg) {
		/* Not beyond the home registration, which vouches for the home address. */
		life = be->expires > now ? (uint32_t)((be->expires - now) / 1000) : 0;
		if (life > RO_MAX_LIFETIME)
			life = RO_MAX_LIFETIME;
		if (life < 4) {
			fail(e, r, "home registration about to expire");
			return;
		}
	}
	r->seq++;
	mh_bu_init(&m, r->seq, ack ? MH_BU_A : 0, life);
	m.opts.has_nonce = true;
	m.opts.home_nonce_index = r->home_index;
	m.opts.coa_nonce_index = dereg ? 0 : r->coa_index;
	rr_kbm(r->home_token, dereg ? NULL : r->coa_token, kbm);
	if (rr_sign(kbm, &r->coa, &r->peer, &m) != PKT_OK) {
		fail(e, r, "BU does not encode");
		return;
	}
	/* Ready for the correspondent's type 2 routing header before it can send one. */
	if (!dereg && !((r->ro_on || r->accepting) && same(&r->ro_coa, &r->coa))) {
		struct eng_ro ro = { .hoa = be->hl->hoa, .coa = r->coa, .peer = r->peer,
				     .mn = true, .accept_only = true };

		if (eng_op_result(e, "route optimization, receiving half",
				  e->ops->ro_set(e->ops_ctx, &ro)) == 0) {
			r->accepting = true;
			if (!r->ro_on)
				r->ro_coa = r->coa;
		}
	}
	memset(&tx, 0, sizeof(tx));
	tx.dst = r->peer;
	tx.src = r->coa;
	if (!dereg) {
		tx.with_hao = true;
		tx.hao = be->hl->hoa;
		tx.ifindex = be->coa_ifindex;
	}
	r->bu_sent = now;
	if (r->state != RO_DEREG)
		r->state = RO_BU_SENT;
	eng_send_mh(e, &tx, &m);
	if (ack) {
		eng_arm(e, &r->timer, now + r->backoff);
		return;
	}
	/* No acknowledgement asked: the binding is taken as made (§11.7.2). */
	bound(e, r, life);
}

static void fire(struct etimer *t, void *ctx)
{
	struct engine *e = ctx;
	struct ro_entry *r = container_of(t, struct ro_entry, timer);

	switch (r->state) {
	case RO_RR:
	case RO_BU_SENT:
	case RO_DEREG:
		if (r->tries >= RO_MAX_TRIES) {
			if (r->state == RO_DEREG) {
				log_info("route optimization with %s: no answer to the "
					 "deregistration", log_in6(&r->peer));
				drop(e, r);
			} else {
				fail(e, r, r->state == RO_RR ? "no Home Test / Care-of Test"
							      : "no Binding Acknowledgement");
			}
			return;
		}
		r->tries++;
		r->backoff *= 2;
		if (r->state == RO_BU_SENT || (r->state == RO_DEREG && r->have_home)) {
			send_bu(e, r);
			return;
		}
		send_inits(e, r);
		eng_arm(e, &r->timer, eng_now(e) + r->backoff);
		return;
	case RO_BOUND:
		/* Refresh before the correspondent's binding expires: fresh tokens first. */
		start(e, r, RO_RR, true);
		return;
	case RO_FAILED:
		r->state = RO_IDLE;
		return;
	}
}

/* A correspondent's packet came through the tunnel: route optimization with it. */
static void ro_tunnelled(struct engine *e, const struct in6_addr *peer,
			 const struct in6_addr *hoa)
{
	struct ro_entry *r;
	unsigned hl;

	if (!e->conf->ro_mn || !peer || IN6_IS_ADDR_MULTICAST(peer) ||
	    IN6_IS_ADDR_LINKLOCAL(peer))
		return;
	for (hl = 0; hl < e->bul.n; hl++)
		if (same(&e->bul.v[hl].hl->hoa, hoa))
			break;
	/* Not with ourselves (a packet between two of our addresses can come back through
	 * the home agent) nor with the home agent. */
	if (hl == e->bul.n || !away(&e->bul.v[hl]) || same(peer, &e->bul.v[hl].hl->ha) ||
	    same(peer, hoa) || same(peer, &e->bul.v[hl].coa) ||
	    !policy_allows(e->bul.v[hl].hl, peer))
		return;
	r = find(e, peer);
	if (!r) {
		r = add(e, peer, hl);
		if (!r)
			return;
		log_info("route optimization with %s: return routability", log_in6(peer));
	}
	if (r->state == RO_IDLE)
		start(e, r, RO_RR, false);
}

static bool ro_rx_test(struct engine *e, const struct eng_rx *rx, const struct mh_msg *m)
{
	struct ro_entry *r = find(e, &rx->src);
	bool home = m->type == MH_HOT;

	if (!r || (r->state != RO_RR && r->state != RO_DEREG) ||
	    (home ? r->have_home : r->have_coa) ||
	    memcmp(m->hot.cookie, home ? r->hoti_cookie : r->coti_cookie, MH_COOKIE_LEN)) {
		e->stats.rr_unknown_cookie++;
		log_debug("%s from %s: no init with its cookie: dropped", mh_type_name(m->type),
			  log_in6(&rx->src));
		return true;
	}
	if (home) {
		memcpy(r->home_token, m->hot.keygen, RR_TOKEN_LEN);
		r->home_index = m->hot.nonce_index;
		r->home_at = eng_now(e);
		r->have_home = true;
	} else {
		memcpy(r->coa_token, m->cot.keygen, RR_TOKEN_LEN);
		r->coa_index = m->cot.nonce_index;
		r->coa_at = eng_now(e);
		r->have_coa = true;
	}
	if (r->have_home && (r->have_coa || r->state == RO_DEREG)) {
		r->tries = 1;
		r->backoff = RO_INIT_TIMEOUT_MS;
		send_bu(e, r);
	}
	return true;
}

static bool ro_rx_ba(struct engine *e, const struct eng_rx *rx, const struct mh_msg *m)
{
	struct ro_entry *r = find(e, &rx->src);
	uint8_t kbm[RR_KBM_LEN];
	uint8_t st = m->ba.status;
	bool dereg;

	if (!r)
		return false;
	if (r->state != RO_BU_SENT && r->state != RO_DEREG)
		return true;
	dereg = r->state == RO_DEREG;
	if (st < BA_EXPIRED_HOME_NONCE || st > BA_EXPIRED_NONCES) {
		rr_kbm(r->home_token, dereg ? NULL : r->coa_token, kbm);
		if (!rx->raw || !rr_verify(kbm, &r->coa, &r->peer, rx->raw, m->wire_len, m)) {
			e->stats.rr_ba_bad_auth++;
			log_info("BA from %s: wrong authenticator: dropped", log_in6(&rx->src));
			return true;
		}
	}
	if (st == BA_SEQ_OUT_OF_WINDOW) {
		if (!seq_newer(r->seq, m->ba.seq) && r->tries < RO_MAX_TRIES) {
			r->seq = m->ba.seq;
			r->tries++;
			send_bu(e, r);
		}
		return true;
	}
	if (m->ba.seq != r->seq)
		return true;
	if (st >= BA_EXPIRED_HOME_NONCE && st <= BA_EXPIRED_NONCES) {
		log_info("route optimization with %s: %s: tests again", log_in6(&r->peer),
			 mh_ba_status_str(st));
		start(e, r, dereg ? RO_DEREG : RO_RR, st != BA_EXPIRED_COA_NONCE);
		return true;
	}
	if (st >= 128) {
		if (dereg)
			drop(e, r);
		else
			fail(e, r, mh_ba_status_str(st));
		return true;
	}
	if (dereg) {
		log_info("route optimization with %s: deregistered", log_in6(&r->peer));
		drop(e, r);
		return true;
	}
	bound(e, r, mh_units_to_sec(m->ba.lifetime_units));
	return true;
}

static bool ro_rx_brr(struct engine *e, const struct eng_rx *rx, const struct mh_msg *m)
{
	struct ro_entry *r = find(e, &rx->src);

	(void)m;
	if (!r)
		return false;
	if (r->state == RO_BOUND)
		start(e, r, RO_RR, true);
	return true;
}

static bool ro_rx_be(struct engine *e, const struct eng_rx *rx, const struct mh_msg *m)
{
	struct ro_entry *r = find(e, &rx->src);

	if (!r)
		return false;
	if (m->be.status == BE_UNKNOWN_MH_TYPE && r->state != RO_BOUND) {
		fail(e, r, "it does not know return routability (Binding Error 2)");
	} else if (m->be.status == BE_UNKNOWN_HAO && r->state == RO_BOUND) {
		/* It lost our binding: the direct path is dead until a new one. */
		ro_off(e, r);
		start(e, r, RO_RR, true);
	}
	return true;
}

void ro_coa_leaving(struct engine *e, const struct bul_entry *be)
{
	unsigned hl = (unsigned)(be - e->bul.v);

	for (unsigned i = 0; i < e->ro.n; i++) {
		struct ro_entry *r = &e->ro.v[i];

		if (!used(r) || r->hl != hl)
			continue;
		ro_off(e, r);
		if (etimer_armed(&r->timer))
			theap_disarm(&e->timers, &r->timer);
		/* Tried again from the new address (a correspondent that failed too). */
		r->state = RO_IDLE;
	}
}

void ro_home_registered(struct engine *e, const struct bul_entry *be)
{
	unsigned hl = (unsigned)(be - e->bul.v);

	for (unsigned i = 0; i < e->ro.n; i++) {
		struct ro_entry *r = &e->ro.v[i];

		if (used(r) && r->hl == hl && r->state == RO_IDLE)
			start(e, r, RO_RR, false);
	}
}

void ro_at_home(struct engine *e, const struct bul_entry *be)
{
	unsigned hl = (unsigned)(be - e->bul.v);

	for (unsigned i = 0; i < e->ro.n; i++) {
		struct ro_entry *r = &e->ro.v[i];
		bool held;

		if (!used(r) || r->hl != hl)
			continue;
		/* The correspondent may hold a binding once it has seen a BU from us. */
		held = r->ro_on || r->state == RO_BU_SENT || r->state == RO_BOUND;
		ro_off(e, r);
		if (etimer_armed(&r->timer))
			theap_disarm(&e->timers, &r->timer);
		if (held)
			start(e, r, RO_DEREG, false);
		else
			drop(e, r);
	}
}

static void ro_stop(struct engine *e)
{
	for (unsigned i = 0; i < e->ro.n; i++)
		if (used(&e->ro.v[i]))
			drop(e, &e->ro.v[i]);
}

const struct role mn_ro_role = {
	.name = "route optimization",
	.mh = { [MH_HOT] = ro_rx_test, [MH_COT] = ro_rx_test, [MH_BA] = ro_rx_ba,
		[MH_BRR] = ro_rx_brr, [MH_BE] = ro_rx_be },
	.stop = ro_stop,
	.tunnelled = ro_tunnelled,
};
