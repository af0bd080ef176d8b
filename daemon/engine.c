/* engine.c - engine lifecycle, interface/address tables, input dispatch and timers. */
#include "engine_int.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "log.h"

bool in6_prefix_match(const struct in6_addr *a, const struct in6_addr *b, unsigned plen)
{
	unsigned bytes = plen / 8, bits = plen % 8;

	if (plen > 128)
		return false;
	if (memcmp(a, b, bytes))
		return false;
	if (!bits)
		return true;
	uint8_t m = (uint8_t)(0xff << (8 - bits));
	return (a->s6_addr[bytes] & m) == (b->s6_addr[bytes] & m);
}

struct eng_iface *eng_iface_by_index(struct engine *e, int ifindex)
{
	for (unsigned i = 0; i < e->n_ifaces; i++)
		if (e->ifaces[i].ifindex == ifindex && ifindex > 0)
			return &e->ifaces[i];
	return NULL;
}

struct eng_iface *eng_iface_by_name(struct engine *e, const char *name)
{
	for (unsigned i = 0; i < e->n_ifaces; i++)
		if (!strcmp(e->ifaces[i].name, name))
			return &e->ifaces[i];
	return NULL;
}

void eng_arm(struct engine *e, struct etimer *t, uint64_t when)
{
	/* Only the heap's growth can fail; without a timer the state machine would stall. */
	if (theap_arm(&e->timers, t, when) < 0)
		fatalx("out of memory arming a timer");
}

int eng_op_result(struct engine *e, const char *what, int rc)
{
	if (rc < 0) {
		e->stats.ops_failed++;
		log_warnx("%s failed: %s", what, strerror(-rc));
	} else {
		log_debug("%s: ok", what);
	}
	return rc;
}

struct engine *engine_new(const struct config *conf, const struct engine_ops *ops,
			  void *ops_ctx, engine_clock_fn clock, void *clock_ctx)
{
	struct engine *e;
	uint64_t seed = 0;

	if (!conf || !ops || !clock) {
		errno = EINVAL;
		return NULL;
	}
	e = calloc(1, sizeof(*e));
	if (!e)
		return NULL;
	e->conf = conf;
	e->ops = ops;
	e->ops_ctx = ops_ctx;
	e->clock = clock;
	e->clock_ctx = clock_ctx;
	if (getrandom(&seed, sizeof(seed), GRND_NONBLOCK) != sizeof(seed))
		seed = (uint64_t)(uintptr_t)e ^ 0x5bd1e995u;
	if (bcache_init(&e->bc, seed) < 0) {
		free(e);
		errno = ENOMEM;
		return NULL;
	}
	for (unsigned i = 0; i < conf->n_ifaces; i++) {
		struct eng_iface *ifc = &e->ifaces[e->n_ifaces++];

		strcpy(ifc->name, conf->ifaces[i]);
		ifc->rs_timer.kind = TK_RS;
		ifc->ra_timer.kind = TK_RA;
	}
	if (conf->role == NODE_MN)
		mn_init(e);
	log_info("engine started as %s", conf->role == NODE_HA ? "home agent" :
		 conf->role == NODE_MN ? "mobile node" : "correspondent node");
	return e;
}

void engine_free(struct engine *e)
{
	if (!e)
		return;
	if (e->conf->role == NODE_HA)
		ha_shutdown(e);
	if (e->conf->role == NODE_MN)
		mn_shutdown(e);
	theap_free(&e->timers);
	bcache_free(&e->bc);
	free(e);
}

static void tx_reply(const struct eng_rx *rx, struct eng_tx *tx)
{
	memset(tx, 0, sizeof(*tx));
	tx->ifindex = rx->ifindex;
	tx->src = rx->dst;
	tx->dst = rx->src;
	if (rx->has_hao) {
		tx->with_rh2 = true;
		tx->rh2 = rx->hao;
	}
}

void engine_rx_bu(struct engine *e, const struct eng_rx *rx, const struct eng_bu *bu)
{
	e->stats.bu_rx++;
	log_debug("BU from %s%s%s seq %u lifetime %u flags 0x%02x", log_in6(&rx->src),
		  rx->has_hao ? " hoa " : "", rx->has_hao ? log_in6(&rx->hao) : "",
		  bu->seq, bu->lifetime, bu->flags);
	if (e->conf->role == NODE_HA) {
		ha_rx_bu(e, rx, bu);
		return;
	}
	/* Not a home agent: refuse home registrations; route optimisation (the only other
	 * use of a BU) is not implemented. */
	struct eng_tx tx;
	struct eng_ba ba = {
		.status = (bu->flags & ENG_BU_HOME) ? ENG_BA_HOME_REG_NOT_SUPPORTED
						    : ENG_BA_PROHIBITED,
		.seq = bu->seq,
	};
	e->stats.bu_rejected++;
	tx_reply(rx, &tx);
	e->stats.ba_tx++;
	e->stats.ba_status_tx[ba.status]++;
	eng_op_result(e, "send BA", e->ops->send_ba(e->ops_ctx, &tx, &ba));
}

void engine_rx_ba(struct engine *e, const struct eng_rx *rx, const struct eng_ba *ba)
{
	e->stats.ba_rx++;
	log_debug("BA from %s status %u seq %u lifetime %u refresh %u", log_in6(&rx->src),
		  ba->status, ba->seq, ba->lifetime, ba->refresh);
	if (e->conf->role == NODE_MN)
		mn_rx_ba(e, rx, ba);
	else
		log_debug("BA ignored: not a mobile node");
}

void engine_rx_be(struct engine *e, const struct eng_rx *rx, const struct eng_be *be)
{
	e->stats.be_rx++;
	log_debug("BE from %s status %u hoa %s", log_in6(&rx->src), be->status,
		  log_in6(&be->hoa));
	if (e->conf->role == NODE_MN)
		mn_rx_be(e, rx, be);
}

void engine_rx_mh_unknown(struct engine *e, const struct eng_rx *rx, uint8_t mh_type)
{
	struct eng_tx tx;
	struct eng_be be = { .status = ENG_BE_UNKNOWN_MH_TYPE };

	e->stats.mh_unknown_rx++;
	log_debug("MH type %u from %s not handled: Binding Error", mh_type,
		  log_in6(&rx->src));
	/* RFC 6275 §9.3.3: the BE goes to the packet's source, naming the HoA when a
	 * Home Address option was present; it carries no routing header. */
	tx_reply(rx, &tx);
	tx.with_rh2 = false;
	if (rx->has_hao)
		be.hoa = rx->hao;
	e->stats.be_tx++;
	eng_op_result(e, "send BE", e->ops->send_be(e->ops_ctx, &tx, &be));
}

void engine_rx_ra(struct engine *e, const struct eng_ra *ra)
{
	struct eng_iface *ifc = eng_iface_by_index(e, ra->ifindex);

	e->stats.ra_rx++;
	if (!ifc || e->conf->role != NODE_MN)
		return;
	mn_rx_ra(e, ifc, ra);
}

void engine_link_event(struct engine *e, int ifindex, const char *ifname,
		       enum eng_link_state state)
{
	static const char *const names[] = { "down", "up", "associated" };
	struct eng_iface *ifc = ifname ? eng_iface_by_name(e, ifname) : NULL;
	enum eng_link_state old;

	if (!ifc)
		ifc = eng_iface_by_index(e, ifindex);
	if (!ifc || ifindex <= 0 || (unsigned)state > ENG_LINK_ASSOCIATED)
		return;
	if (ifc->ifindex != ifindex) {
		/* A new ifindex for the name: the interface was re-created. */
		ifc->ifindex = ifindex;
		ifc->n_addrs = 0;
		ifc->have_router = false;
	}
	old = ifc->link;
	if (old == state)
		return;
	ifc->link = (uint8_t)state;
	log_info("link %s: %s -> %s", ifc->name, names[old], names[state]);
	if (e->conf->role == NODE_MN)
		mn_link_event(e, ifc, old);
}

void engine_addr_event(struct engine *e, int ifindex, const struct in6_addr *addr,
		       uint8_t plen, enum eng_addr_state state)
{
	static const char *const names[] = { "tentative", "usable", "dad-failed", "removed" };
	struct eng_iface *ifc = eng_iface_by_index(e, ifindex);
	struct eng_addr *a = NULL;

	if (!ifc || (unsigned)state > ENG_ADDR_REMOVED)
		return;
	for (unsigned i = 0; i < ifc->n_addrs; i++)
		if (!memcmp(&ifc->addrs[i].addr, addr, sizeof(*addr)))
			a = &ifc->addrs[i];
	if (a && a->state == state && a->plen == plen)
		return;
	log_debug("address %s/%u on %s: %s", log_in6(addr), plen, ifc->name, names[state]);
	if (state == ENG_ADDR_REMOVED || state == ENG_ADDR_DAD_FAILED) {
		if (a)
			*a = ifc->addrs[--ifc->n_addrs];
	} else {
		if (!a) {
			if (ifc->n_addrs == ENG_MAX_ADDRS) {
				log_warnx("%s: more than %d addresses, %s not tracked",
					  ifc->name, ENG_MAX_ADDRS, log_in6(addr));
				return;
			}
			a = &ifc->addrs[ifc->n_addrs++];
			a->addr = *addr;
		}
		a->plen = plen;
		a->state = (uint8_t)state;
		if (state == ENG_ADDR_USABLE)
			a->seen = eng_now(e);
	}
	if (e->conf->role == NODE_MN)
		mn_evaluate(e);
}

void engine_ha_dad_conflict(struct engine *e, int ifindex, const struct in6_addr *hoa)
{
	if (e->conf->role == NODE_HA)
		ha_dad_conflict(e, ifindex, hoa);
}

eng_ms engine_next_deadline(const struct engine *e)
{
	struct etimer *t = theap_top(&e->timers);

	return t ? t->when : ENG_NEVER;
}

void engine_tick(struct engine *e)
{
	uint64_t now = eng_now(e);
	struct etimer *t;

	while ((t = theap_top(&e->timers)) && t->when <= now) {
		theap_disarm(&e->timers, t);
		switch (t->kind) {
		case TK_BINDING:
			ha_timer(e, container_of(t, struct binding, timer));
			break;
		case TK_BUL:
			mn_timer(e, container_of(t, struct bul_entry, timer));
			break;
		case TK_RS:
			mn_rs_timer(e, container_of(t, struct eng_iface, rs_timer));
			break;
		case TK_RA:
			mn_ra_timer(e, container_of(t, struct eng_iface, ra_timer));
			break;
		default:
			fatalx("timer of unknown kind %u", t->kind);
		}
	}
}
