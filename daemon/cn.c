/* cn.c - the correspondent role (RFC 6275 §5.2, §9.4, §9.5): answers HoTI/CoTI with
 * keygen tokens derived from Kcn and a nonce, so it keeps nothing per mobile node until a
 * Binding Update proves, with its Binding Authorization Data, that its sender received
 * both tokens; then the data path for the home address goes direct (ro_set). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "engine_int.h"
#include "log.h"
#include "seq.h"

/* A binding in use is asked to refresh this long before it expires (§9.5.5). */
#define CN_BRR_BEFORE_MS(lifetime_s) ((uint64_t)(lifetime_s) * 1000 / 8)

static uint32_t hash(const struct cn_state *cn, const struct in6_addr *hoa,
		     const struct in6_addr *local)
{
	uint64_t a, b, c, d, h;

	memcpy(&a, hoa->s6_addr, 8);
	memcpy(&b, hoa->s6_addr + 8, 8);
	memcpy(&c, local->s6_addr, 8);
	memcpy(&d, local->s6_addr + 8, 8);
	h = (b ^ cn->seed) * 0x9e3779b97f4a7c15ULL;
	h ^= (a + (h >> 29)) * 0xbf58476d1ce4e5b9ULL;
	h ^= (c ^ d) + (h >> 31);
	h *= 0x94d049bb133111ebULL;
	return (uint32_t)(h ^ (h >> 32));
}

struct cn_binding *cn_binding_get(const struct cn_state *cn, const struct in6_addr *hoa,
				  const struct in6_addr *local)
{
	struct cn_binding *b;

	if (!cn->buckets)
		return NULL;
	b = cn->buckets[hash(cn, hoa, local) & cn->mask];
	while (b && (memcmp(&b->hoa, hoa, 16) || memcmp(&b->local, local, 16)))
		b = b->next;
	return b;
}

struct cn_binding *cn_binding_first(const struct cn_state *cn, uint32_t *i)
{
	for (*i = 0; cn->buckets && *i <= cn->mask; (*i)++)
		if (cn->buckets[*i])
			return cn->buckets[*i];
	return NULL;
}

struct cn_binding *cn_binding_next(const struct cn_state *cn, const struct cn_binding *b,
				   uint32_t *i)
{
	if (b->next)
		return b->next;
	for ((*i)++; *i <= cn->mask; (*i)++)
		if (cn->buckets[*i])
			return cn->buckets[*i];
	return NULL;
}

static void grow(struct cn_state *cn)
{
	uint32_t nmask = cn->mask * 2 + 1;
	struct cn_binding **nb = calloc((size_t)nmask + 1, sizeof(*nb));

	if (!nb)
		return; /* longer chains, still correct */
	for (uint32_t i = 0; i <= cn->mask; i++) {
		struct cn_binding *b = cn->buckets[i], *next;

		for (; b; b = next) {
			uint32_t j = hash(cn, &b->hoa, &b->local) & nmask;

			next = b->next;
			b->next = nb[j];
			nb[j] = b;
		}
	}
	free(cn->buckets);
	cn->buckets = nb;
	cn->mask = nmask;
}

static struct cn_binding *binding_add(struct engine *e, const struct in6_addr *hoa,
				      const struct in6_addr *local)
{
	struct cn_state *cn = &e->cn;
	struct cn_binding *b;
	uint32_t i;

	if (theap_reserve(&e->timers, e->timers.n + 1) < 0)
		return NULL;
	b = calloc(1, sizeof(*b));
	if (!b)
		return NULL;
	if (cn->count >= cn->mask + 1 && cn->mask < (1u << 30))
		grow(cn);
	b->hoa = *hoa;
	b->local = *local;
	i = hash(cn, hoa, local) & cn->mask;
	b->next = cn->buckets[i];
	cn->buckets[i] = b;
	cn->count++;
	return b;
}

static void binding_del(struct engine *e, struct cn_binding *b)
{
	struct cn_state *cn = &e->cn;
	struct cn_binding **pp = &cn->buckets[hash(cn, &b->hoa, &b->local) & cn->mask];
	struct eng_ro r = { .hoa = b->hoa, .coa = b->coa, .peer = b->local, .mn = false };

	eng_op_result(e, "route optimization off (correspondent)",
		      e->ops->ro_del(e->ops_ctx, &r));
	if (etimer_armed(&b->timer))
		theap_disarm(&e->timers, &b->timer);
	while (*pp && *pp != b)
		pp = &(*pp)->next;
	if (*pp) {
		*pp = b->next;
		cn->count--;
	}
	free(b);
}

/* Nonces. */

static void nonce_new(struct engine *e)
{
	struct cn_state *cn = &e->cn;
	struct cn_nonce *n;

	cn->newest++;
	n = &cn->nonces[cn->newest % CN_NONCES];
	eng_random(n->v, sizeof(n->v));
	n->index = cn->newest;
	n->born = eng_now(e);
}

static void nonce_timer(struct etimer *t, void *ctx)
{
	struct engine *e = ctx;

	(void)t;
	nonce_new(e);
	eng_arm(e, &e->cn.nonce_timer, eng_now(e) + CN_NONCE_EVERY_MS);
}

/* The nonce an index names, while it is younger than MAX_NONCE_LIFETIME. */
static const struct cn_nonce *nonce_get(const struct engine *e, uint16_t index)
{
	const struct cn_nonce *n = &e->cn.nonces[index % CN_NONCES];

	if (!n->born || n->index != index || eng_now(e) - n->born > CN_MAX_NONCE_LIFETIME_MS)
		return NULL;
	return n;
}

static void cn_start(struct engine *e)
{
	struct cn_state *cn = &e->cn;

	eng_random(cn->kcn, sizeof(cn->kcn));
	eng_random(&cn->seed, sizeof(cn->seed));
	eng_random(&cn->newest, sizeof(cn->newest));
	cn->buckets = calloc(64, sizeof(*cn->buckets));
	if (!cn->buckets)
		fatalx("out of memory for the correspondent's binding cache");
	cn->mask = 63;
	cn->nonce_timer.fire = nonce_timer;
	nonce_new(e);
	eng_arm(e, &cn->nonce_timer, eng_now(e) + CN_NONCE_EVERY_MS);
}

static void cn_stop(struct engine *e)
{
	struct cn_state *cn = &e->cn;

	for (uint32_t i = 0; cn->buckets && i <= cn->mask; i++)
		while (cn->buckets[i])
			binding_del(e, cn->buckets[i]);
	free(cn->buckets);
	cn->buckets = NULL;
}

/* HoTI / CoTI: the token for the address the init came from (§9.4.1, §9.4.2). */
static bool cn_rx_init(struct engine *e, const struct eng_rx *rx, const struct mh_msg *m)
{
	const struct cn_nonce *n = &e->cn.nonces[e->cn.newest % CN_NONCES];
	bool care_of = m->type == MH_COTI;
	struct eng_tx tx;
	struct mh_msg t;

	if (!e->conf->ro_cn)
		return false;
	/* §9.4.1: a HoTI or CoTI with a Home Address option is discarded. */
	if (rx->has_hao)
		return true;
	memset(&t, 0, sizeof(t));
	t.type = care_of ? MH_COT : MH_HOT;
	t.hot.nonce_index = n->index;
	memcpy(t.hot.cookie, m->hoti.cookie, MH_COOKIE_LEN);
	rr_keygen_token(e->cn.kcn, &rx->src, n->v, care_of, t.hot.keygen);
	memset(&tx, 0, sizeof(tx));
	tx.src = rx->dst;
	tx.dst = rx->src;
	eng_send_mh(e, &tx, &t);
	return true;
}

static void send_ba(struct engine *e, const struct eng_rx *rx, const uint8_t *kbm,
		    const struct in6_addr *coa, uint8_t status, uint16_t seq, uint32_t life)
{
	struct eng_tx tx;
	struct mh_msg ba;

	eng_tx_reply(rx, &tx);
	mh_ba_init(&ba, status, seq, life, 0);
	/* §6.1.8: a BA to a BU that return routability authenticated carries the same
	 * kind of proof; one refusing for expired nonces cannot (no Kbm). */
	if (kbm && rr_sign(kbm, coa, &rx->dst, &ba) != PKT_OK)
		return;
	if (status >= 128)
		e->stats.bu_rejected++;
	eng_send_mh(e, &tx, &ba);
}

static void binding_timer(struct etimer *t, void *ctx)
{
	struct engine *e = ctx;
	struct cn_binding *b = container_of(t, struct cn_binding, timer);
	uint64_t now = eng_now(e);

	if (now >= b->expires) {
		log_info("correspondent: binding %s -> %s expired", log_in6(&b->hoa),
			 log_in6(&b->coa));
		e->stats.expired++;
		binding_del(e, b);
		return;
	}
	if (!b->brr_sent) {
		struct eng_tx tx;
		struct mh_msg brr;

		/* §9.5.5: to the care-of address, through a type 2 routing header. */
		memset(&tx, 0, sizeof(tx));
		tx.src = b->local;
		tx.dst = b->coa;
		tx.with_rh2 = true;
		tx.rh2 = b->hoa;
		memset(&brr, 0, sizeof(brr));
		brr.type = MH_BRR;
		eng_send_mh(e, &tx, &brr);
		b->brr_sent = 1;
	}
	eng_arm(e, &b->timer, b->expires);
}

/* Which nonce indices of a BU are too old: the status of §9.5.1, 0 when both are known. */
static uint8_t nonces_status(const struct engine *e, const struct mh_msg *m, bool dereg,
			     const struct cn_nonce **hn, const struct cn_nonce **cn)
{
	*hn = nonce_get(e, m->opts.home_nonce_index);
	*cn = dereg ? NULL : nonce_get(e, m->opts.coa_nonce_index);
	if (!*hn && !dereg && !*cn)
		return BA_EXPIRED_NONCES;
	if (!*hn)
		return BA_EXPIRED_HOME_NONCE;
	if (!dereg && !*cn)
		return BA_EXPIRED_COA_NONCE;
	return 0;
}

static bool cn_rx_bu(struct engine *e, const struct eng_rx *rx, const struct mh_msg *m)
{
	struct in6_addr hoa = rx->has_hao ? rx->hao : rx->src;
	struct in6_addr coa = m->opts.has_alt_coa ? m->opts.alt_coa : rx->src;
	uint32_t life = mh_units_to_sec(m->bu.lifetime_units);
	bool dereg = life == 0 || !memcmp(&coa, &hoa, sizeof(coa));
	bool ack = m->bu.flags & MH_BU_A;
	const struct cn_nonce *hn, *cnn;
	uint8_t ht[RR_TOKEN_LEN], ct[RR_TOKEN_LEN], kbm[RR_KBM_LEN], status;
	struct cn_binding *b;
	struct eng_ro r;

	if ((m->bu.flags & MH_BU_H) || !e->conf->ro_cn)
		return false;
	/* §9.5.1: without both options the BU proves nothing: silently discarded. */
	if (!m->opts.has_nonce || !m->opts.has_auth || !rx->raw) {
		e->stats.rr_bu_unauth++;
		log_debug("BU from %s without return routability: dropped", log_in6(&rx->src));
		return true;
	}
	status = nonces_status(e, m, dereg, &hn, &cnn);
	if (status) {
		send_ba(e, rx, NULL, &coa, status, m->bu.seq, 0);
		return true;
	}
	rr_keygen_token(e->cn.kcn, &hoa, hn->v, false, ht);
	if (!dereg)
		rr_keygen_token(e->cn.kcn, &coa, cnn->v, true, ct);
	rr_kbm(ht, dereg ? NULL : ct, kbm);
	if (!rr_verify(kbm, &coa, &rx->dst, rx->raw, m->wire_len, m)) {
		e->stats.rr_bu_bad_auth++;
		log_info("BU from %s for %s: wrong authenticator: dropped", log_in6(&rx->src),
			 log_in6(&hoa));
		return true;
	}
	b = cn_binding_get(&e->cn, &hoa, &rx->dst);
	if (b && !seq_newer(m->bu.seq, b->seq)) {
		send_ba(e, rx, kbm, &coa, BA_SEQ_OUT_OF_WINDOW, b->seq, 0);
		return true;
	}
	/* §9.5.1: this node is the home agent of hoa: a correspondent registration for it
	 * would change the registration's type. */
	if (bcache_get(&e->bc, &hoa)) {
		send_ba(e, rx, kbm, &coa, BA_REG_TYPE_CHANGE, m->bu.seq, 0);
		return true;
	}
	if (dereg) {
		if (b) {
			log_info("correspondent: binding %s -> %s deregistered", log_in6(&hoa),
				 log_in6(&b->coa));
			binding_del(e, b);
		}
		e->stats.bu_accepted++;
		if (ack)
			send_ba(e, rx, kbm, &coa, BA_ACCEPTED, m->bu.seq, 0);
		return true;
	}
	if (!b && !(b = binding_add(e, &hoa, &rx->dst))) {
		send_ba(e, rx, kbm, &coa, BA_INSUFFICIENT_RESOURCES, m->bu.seq, 0);
		return true;
	}
	if (life > CN_MAX_RR_BINDING_LIFETIME)
		life = CN_MAX_RR_BINDING_LIFETIME;
	r = (struct eng_ro){ .hoa = hoa, .coa = coa, .peer = rx->dst, .mn = false };
	if (eng_op_result(e, "route optimization on (correspondent)",
			  e->ops->ro_set(e->ops_ctx, &r)) < 0) {
		binding_del(e, b);
		send_ba(e, rx, kbm, &coa, BA_INSUFFICIENT_RESOURCES, m->bu.seq, 0);
		return true;
	}
	if (memcmp(&b->coa, &coa, sizeof(coa)))
		log_info("correspondent: binding %s -> %s for %u s", log_in6(&hoa),
			 log_in6(&coa), life);
	b->coa = coa;
	b->seq = m->bu.seq;
	b->lifetime = life;
	b->expires = eng_now(e) + (uint64_t)life * 1000;
	b->brr_sent = 0;
	b->timer.fire = binding_timer;
	eng_arm(e, &b->timer, b->expires - CN_BRR_BEFORE_MS(life));
	e->stats.bu_accepted++;
	if (ack)
		send_ba(e, rx, kbm, &coa, BA_ACCEPTED, m->bu.seq, life);
	return true;
}

const struct role cn_role = {
	.name = "correspondent",
	.mh = { [MH_HOTI] = cn_rx_init, [MH_COTI] = cn_rx_init, [MH_BU] = cn_rx_bu },
	.start = cn_start,
	.stop = cn_stop,
};
