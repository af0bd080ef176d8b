/* engine.c - engine lifecycle, and the routing of every input to the node's roles. */
#include "engine_int.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "log.h"

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
	if (bcache_init(&e->bc, seed) < 0 || srcquota_init(&e->quota, ~seed) < 0) {
		bcache_free(&e->bc);
		free(e);
		errno = ENOMEM;
		return NULL;
	}
	for (unsigned i = 0; i < conf->n_ifaces; i++)
		strcpy(e->ifaces.v[e->ifaces.n++].name, conf->ifaces[i]);
	if (conf->role == NODE_HA) {
		e->roles[e->n_roles++] = &ha_role;
		e->roles[e->n_roles++] = &ha_disc_role;
	}
	/* Route optimization's messages first: its BAs and BEs come from correspondents,
	 * the mobile node's from its home agent. */
	if (conf->role == NODE_MN && conf->ro_mn)
		e->roles[e->n_roles++] = &mn_ro_role;
	if (conf->role == NODE_MN)
		e->roles[e->n_roles++] = &mn_role;
	if (conf->ro_cn)
		e->roles[e->n_roles++] = &cn_role;
	for (unsigned i = 0; i < e->n_roles; i++)
		if (e->roles[i]->start)
			e->roles[i]->start(e);
	log_info("engine started as %s", conf->role == NODE_HA ? "home agent" :
		 conf->role == NODE_MN ? "mobile node" : "correspondent node");
	return e;
}

void engine_free(struct engine *e)
{
	if (!e)
		return;
	for (unsigned i = 0; i < e->n_roles; i++)
		if (e->roles[i]->stop)
			e->roles[i]->stop(e);
	theap_free(&e->timers);
	bcache_free(&e->bc);
	srcquota_free(&e->quota);
	free(e);
}

/* What the engine itself answers when no role took a message. */

static void refuse_bu(struct engine *e, const struct eng_rx *rx, const struct mh_msg *m)
{
	struct eng_tx tx;

	/* No role registers this kind of binding here. */
	e->stats.bu_rejected++;
	eng_tx_reply(rx, &tx);
	eng_send_ba(e, &tx, (m->bu.flags & MH_BU_H) ? BA_HOME_REG_NOT_SUPPORTED
						    : BA_ADMIN_PROHIBITED, m->bu.seq, 0, 0);
}

static void ignore(struct engine *e, const struct eng_rx *rx, const struct mh_msg *m)
{
	(void)e;
	log_debug("%s from %s ignored: no role takes it", mh_type_name(m->type),
		  log_in6(&rx->src));
}

static void unknown_type(struct engine *e, const struct eng_rx *rx, const struct mh_msg *m)
{
	struct eng_tx tx;
	struct mh_msg be;

	e->stats.mh_unknown_rx++;
	log_debug("MH type %u from %s not handled: Binding Error", m->type,
		  log_in6(&rx->src));
	/* RFC 6275 §9.3.3: the BE goes to the packet's source, naming the HoA when a
	 * Home Address option was present; it carries no routing header. */
	eng_tx_reply(rx, &tx);
	tx.with_rh2 = false;
	memset(&be, 0, sizeof(be));
	be.type = MH_BE;
	be.be.status = BE_UNKNOWN_MH_TYPE;
	if (rx->has_hao)
		be.be.home_addr = rx->hao;
	eng_send_mh(e, &tx, &be);
}

typedef void (*mh_default_fn)(struct engine *, const struct eng_rx *, const struct mh_msg *);

/* By type: the answer when no role takes the message. Types not listed, and types the
 * codec does not know, get a Binding Error (§9.2). */
static const mh_default_fn mh_default[MH_TYPE_MAX + 1] = {
	[MH_BU] = refuse_bu,
	[MH_BA] = ignore,
	[MH_BE] = ignore,
};

void engine_rx_mh(struct engine *e, const struct eng_rx *rx, const struct mh_msg *m)
{
	bool known = m->type <= MH_TYPE_MAX;

	if (known)
		e->stats.mh_rx[m->type]++;
	log_debug("%s from %s%s%s", mh_type_name(m->type), log_in6(&rx->src),
		  rx->has_hao ? " hoa " : "", rx->has_hao ? log_in6(&rx->hao) : "");
	for (unsigned i = 0; known && i < e->n_roles; i++) {
		role_mh_fn fn = e->roles[i]->mh[m->type];

		if (fn && fn(e, rx, m))
			return;
	}
	(known && mh_default[m->type] ? mh_default[m->type] : unknown_type)(e, rx, m);
}

void engine_rx_ra(struct engine *e, const struct eng_ra *ra)
{
	struct eng_iface *ifc = iface_by_index(&e->ifaces, ra->ifindex);

	e->stats.ra_rx++;
	if (!ifc)
		return;
	if (ra->router_lifetime)
		iface_router_heard(&e->ifaces, ifc, ra);
	iface_prefixes_heard(ifc, ra, eng_now(e));
	for (unsigned i = 0; i < e->n_roles; i++)
		if (e->roles[i]->ra)
			e->roles[i]->ra(e, ifc, ra);
}

void engine_link_event(struct engine *e, int ifindex, const char *ifname,
		       enum eng_link_state state)
{
	static const char *const names[] = { "down", "up", "associated" };
	struct eng_iface *ifc = ifname ? iface_by_name(&e->ifaces, ifname) : NULL;
	enum eng_link_state old;

	if (!ifc)
		ifc = iface_by_index(&e->ifaces, ifindex);
	if (!ifc || ifindex <= 0 || (unsigned)state > ENG_LINK_ASSOCIATED)
		return;
	if (ifc->ifindex != ifindex) {
		/* A new ifindex for the name: the interface was re-created. */
		ifc->ifindex = ifindex;
		ifc->n_addrs = 0;
		ifc->n_heard = 0;
		ifc->have_router = false;
	}
	old = ifc->link;
	if (old == state)
		return;
	ifc->link = (uint8_t)state;
	log_info("link %s: %s -> %s", ifc->name, names[old], names[state]);
	for (unsigned i = 0; i < e->n_roles; i++)
		if (e->roles[i]->link)
			e->roles[i]->link(e, ifc);
}

void engine_addr_event(struct engine *e, int ifindex, const struct in6_addr *addr,
		       uint8_t plen, enum eng_addr_state state)
{
	struct eng_iface *ifc = iface_by_index(&e->ifaces, ifindex);

	if (!ifc || (unsigned)state > ENG_ADDR_REMOVED)
		return;
	if (!iface_addr_update(ifc, addr, plen, state, eng_now(e)))
		return;
	for (unsigned i = 0; i < e->n_roles; i++)
		if (e->roles[i]->addr)
			e->roles[i]->addr(e, ifc);
}

void engine_rx_tunnelled(struct engine *e, const struct in6_addr *peer,
			 const struct in6_addr *hoa)
{
	for (unsigned i = 0; i < e->n_roles; i++)
		if (e->roles[i]->tunnelled)
			e->roles[i]->tunnelled(e, peer, hoa);
}

void engine_rx_icmp(struct engine *e, const struct eng_rx *rx, const struct dhaad_msg *m)
{
	unsigned slot;

	if (!dhaad_is_type(m->type))
		return;
	slot = ROLE_ICMP_SLOT(m->type);
	e->stats.icmp_rx[slot]++;
	for (unsigned i = 0; i < e->n_roles; i++) {
		role_icmp_fn fn = e->roles[i]->icmp[slot];

		if (fn && fn(e, rx, m))
			return;
	}
	/* Nobody here discovers or serves: a Request at a mobile node, a Reply at a node
	 * that never asked. */
	if (m->type == ICMP6_DHAAD_REQUEST || m->type == ICMP6_DHAAD_REPLY)
		e->stats.dhaad_bad++;
	else
		e->stats.mpd_bad++;
	log_debug("ICMPv6 %u from %s ignored: no role takes it", m->type, log_in6(&rx->src));
}

void engine_rx_icmp_err(struct engine *e, const struct eng_icmp_err *err)
{
	e->stats.icmp_err_rx++;
	for (unsigned i = 0; i < e->n_roles; i++)
		if (e->roles[i]->icmp_err)
			e->roles[i]->icmp_err(e, err);
}

void engine_ha_dad_conflict(struct engine *e, int ifindex, const struct in6_addr *hoa)
{
	for (unsigned i = 0; i < e->n_roles; i++)
		if (e->roles[i]->dad_conflict)
			e->roles[i]->dad_conflict(e, ifindex, hoa);
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
		t->fire(t, e);
	}
}
