/*
 * ha.c - Home Agent: Binding Update processing and the binding state machine
 * (RFC 6275 §10.3). The state machine is the table bc_fsm_table; every transition is
 * logged as "bc HOA: EVENT: OLD -> NEW".
 */
#include <string.h>

#include "engine_int.h"
#include "log.h"
#include "seq.h"

enum bc_event { BCE_BU_FIRST, BCE_BU_REG, BCE_BU_DEREG, BCE_DAD_OK, BCE_DAD_FAIL,
		BCE_EXPIRE, BCE_NEVENTS };

static const char *const bc_event_names[] = {
	"BU-first", "BU", "BU-dereg", "DAD-ok", "DAD-failed", "expired",
};


/* Refresh Advice in every accepting BA of a registration: a refresh when a quarter of
 * the lifetime is left leaves room for the MN's whole retransmission schedule (about a
 * minute in all) for any lifetime over four minutes. */
static uint32_t refresh_advice(uint32_t lifetime)
{
	return lifetime >= 8 ? (lifetime / 4 * 3) & ~3u : 0;
}

static void send_ba(struct engine *e, const struct binding_req *r, uint8_t status, uint16_t seq,
		    uint32_t lifetime)
{
	struct eng_tx tx = { .src = r->ha_addr, .dst = r->reply_to, .protected = r->protected };

	/* A successful answer is owed only when the MN asked for one (§10.3.1). */
	if (status < 128 && !(r->flags & MH_BU_A))
		return;
	if (memcmp(&r->reply_to, &r->hoa, sizeof(r->hoa))) {
		tx.with_rh2 = true;
		tx.rh2 = r->hoa;
	} else {
		/* The MN is on the home link (a deregistration): the answer goes there,
		 * not into the tunnel that the binding's route still points at when the
		 * BU is refused (a 135 would never reach the MN). */
		tx.ifindex = r->ifindex;
	}
	if (status < 128)
		e->stats.bu_accepted++;
	else
		e->stats.bu_rejected++;
	log_debug("BA to %s hoa %s status %u seq %u lifetime %u", log_in6(&r->reply_to),
		  log_in6(&r->hoa), status, seq, lifetime);
	eng_send_ba(e, &tx, status, seq, lifetime, status < 128 ? refresh_advice(lifetime) : 0);
}

static struct in6_addr link_local_of(const struct in6_addr *hoa)
{
	struct in6_addr ll = { .s6_addr = { 0xfe, 0x80 } };

	memcpy(ll.s6_addr + 8, hoa->s6_addr + 8, 8);
	return ll;
}

/* Another binding on ifindex whose link-local twin is ll and that defends it (flag, of
 * dad_on or proxy_on) or wants it defended (want: registered with the L flag). One MN's
 * home addresses from several prefixes share their interface identifier: the twin is
 * one address, defended once. */
static struct binding *twin_holder(struct engine *e, const struct binding *self,
				   int ifindex, bool dad, bool want)
{
	struct binding *o;
	uint32_t i;

	for (o = bcache_first(&e->bc, &i); o; o = bcache_next(&e->bc, o, &i)) {
		uint8_t on = dad ? o->dad_on : o->proxy_on;

		if (o == self || memcmp(o->r.hoa.s6_addr + 8, self->r.hoa.s6_addr + 8, 8))
			continue;
		if (want ? (o->state == BC_REGISTERED && (o->r.flags & MH_BU_L) &&
			    o->r.ifindex == ifindex && !(o->proxy_on & BOUND_LL))
			 : (o->nd_ifindex == ifindex && (on & BOUND_LL)))
			return o;
	}
	return NULL;
}

/* DAD of the binding's addresses (RFC 6275 §10.3.1): the HoA, and its link-local twin
 * when the BU has the L flag and no other binding defends it already. 0 when every
 * one started. */
static int dad_start(struct engine *e, struct binding *b)
{
	struct in6_addr ll = link_local_of(&b->r.hoa);

	b->nd_ifindex = b->r.ifindex;
	if (eng_op_result(e, "ha_dad_start", e->ops->ha_dad_start(e->ops_ctx, b->r.ifindex,
								   &b->r.hoa)) < 0)
		return -1;
	b->dad_on = BOUND_HOA;
	if (!(b->r.flags & MH_BU_L) || twin_holder(e, b, b->r.ifindex, true, false) ||
	    twin_holder(e, b, b->r.ifindex, false, false))
		return 0;
	if (eng_op_result(e, "ha_dad_start", e->ops->ha_dad_start(e->ops_ctx, b->r.ifindex,
								   &ll)) < 0)
		return -1;
	b->dad_on |= BOUND_LL;
	return 0;
}

static void dad_stop(struct engine *e, struct binding *b)
{
	struct in6_addr ll = link_local_of(&b->r.hoa);

	if (b->dad_on & BOUND_HOA)
		eng_op_result(e, "ha_dad_stop", e->ops->ha_dad_stop(e->ops_ctx, b->nd_ifindex,
								     &b->r.hoa));
	if (b->dad_on & BOUND_LL)
		eng_op_result(e, "ha_dad_stop", e->ops->ha_dad_stop(e->ops_ctx, b->nd_ifindex,
								     &ll));
	b->dad_on = 0;
}

static void proxy_del(struct engine *e, struct binding *b)
{
	struct in6_addr ll = link_local_of(&b->r.hoa);
	struct binding *heir;

	if (b->proxy_on & BOUND_HOA)
		eng_op_result(e, "proxy_nd_del", e->ops->proxy_nd_del(e->ops_ctx, b->nd_ifindex,
								       &b->r.hoa));
	if (b->proxy_on & BOUND_LL) {
		/* Another binding still wants the twin defended: the entry becomes its. */
		heir = twin_holder(e, b, b->nd_ifindex, false, true);
		if (heir)
			heir->proxy_on |= BOUND_LL, heir->nd_ifindex = b->nd_ifindex;
		else
			eng_op_result(e, "proxy_nd_del",
				      e->ops->proxy_nd_del(e->ops_ctx, b->nd_ifindex, &ll));
	}
	b->proxy_on = 0;
}

/* Proxy ND on the home link for the binding's addresses. A home link that changed
 * (its interface re-created) takes the entries from the old one. */
static void proxy_add(struct engine *e, struct binding *b)
{
	struct in6_addr ll = link_local_of(&b->r.hoa);

	if (b->proxy_on && b->nd_ifindex != b->r.ifindex)
		proxy_del(e, b);
	b->nd_ifindex = b->r.ifindex;
	if (!(b->proxy_on & BOUND_HOA) &&
	    eng_op_result(e, "proxy_nd_add", e->ops->proxy_nd_add(e->ops_ctx, b->r.ifindex,
								   &b->r.hoa)) == 0)
		b->proxy_on |= BOUND_HOA;
	if ((b->r.flags & MH_BU_L) && !(b->proxy_on & BOUND_LL) &&
	    !twin_holder(e, b, b->r.ifindex, false, false) &&
	    eng_op_result(e, "proxy_nd_add", e->ops->proxy_nd_add(e->ops_ctx, b->r.ifindex,
								   &ll)) == 0)
		b->proxy_on |= BOUND_LL;
}

static int tunnel_op(struct engine *e, bool add, const struct binding *b,
		     const struct in6_addr *ha_addr, const struct in6_addr *coa, bool moved,
		     bool coa_kept)
{
	struct eng_ha_tunnel t = { .hoa = b->r.hoa, .ha_addr = *ha_addr, .coa = *coa,
				   .moved = moved, .coa_kept = coa_kept };

	return add ? eng_op_result(e, "ha_tunnel_add", e->ops->ha_tunnel_add(e->ops_ctx, &t))
		   : eng_op_result(e, "ha_tunnel_del", e->ops->ha_tunnel_del(e->ops_ctx, &t));
}

/* Withdraws the tunnel and the proxy of a binding that is going away. */
static void withdraw(struct engine *e, struct binding *b)
{
	if (b->tunnel_on) {
		tunnel_op(e, false, b, &b->r.ha_addr, &b->r.coa, false, false);
		b->tunnel_on = 0;
	}
	proxy_del(e, b);
}

/* Points the binding's tunnel at r->coa: the new tunnel first, then the old one goes, so
 * traffic for the HoA always has a way out. */
static int tunnel_to(struct engine *e, struct binding *b, const struct binding_req *r)
{
	if (b->tunnel_on && !memcmp(&b->r.coa, &r->coa, sizeof(r->coa)) &&
	    !memcmp(&b->r.ha_addr, &r->ha_addr, sizeof(r->ha_addr)))
		return 0;
	if (tunnel_op(e, true, b, &r->ha_addr, &r->coa, b->tunnel_on, false) < 0)
		return -1;
	if (b->tunnel_on)
		tunnel_op(e, false, b, &b->r.ha_addr, &b->r.coa, true,
			  IN6_ARE_ADDR_EQUAL(&b->r.coa, &r->coa));
	b->tunnel_on = 1;
	b->r.coa = r->coa;
	b->r.ha_addr = r->ha_addr;
	return 0;
}

/* Actions: 0 = the row's next state, -1 = its failure state. */

static int act_dad_start(struct engine *e, struct binding *b, const struct binding_req *r)
{
	/* Nothing is done on the HoA's behalf before DAD has passed: no tunnel (traffic
	 * for the HoA is not intercepted yet), no proxy ND, no BA. The tunnel module is
	 * loaded when mip6d starts, so setting it up when DAD ends costs milliseconds. */
	b->r = *r;
	if (srcquota_take(&e->quota, b->src_prefix, QUOTA_PENDING_DAD) == 0)
		b->dad_charged = 1;
	if (dad_start(e, b) < 0) {
		dad_stop(e, b);
		withdraw(e, b);
		send_ba(e, r, BA_REASON_UNSPECIFIED, r->seq, 0);
		return -1;
	}
	eng_arm(e, &b->timer, eng_now(e) + e->conf->ha_dad_ms);
	return 0;
}

static int act_dad_update(struct engine *e, struct binding *b, const struct binding_req *r)
{
	(void)e;
	/* A newer BU during DAD: answer it, not the old one, when DAD ends. */
	b->r = *r;
	return 0;
}

static int act_register(struct engine *e, struct binding *b, const struct binding_req *r)
{
	if (tunnel_to(e, b, r) < 0) {
		send_ba(e, r, BA_INSUFFICIENT_RESOURCES, r->seq, 0);
		return -1;
	}
	b->r = *r;
	b->expires = eng_now(e) + (uint64_t)r->lifetime * 1000;
	eng_arm(e, &b->timer, b->expires);
	/* The BA goes out as soon as the host route steers the HoA's traffic into the
	 * tunnel; proxy ND, which only on-link neighbours need, follows it. */
	send_ba(e, r, BA_ACCEPTED, r->seq, r->lifetime);
	proxy_add(e, b);
	return 0;
}

static int act_dad_ok(struct engine *e, struct binding *b, const struct binding_req *r)
{
	dad_stop(e, b);
	if (act_register(e, b, r) < 0) {
		withdraw(e, b);
		return -1;
	}
	return 0;
}

static int act_dad_fail(struct engine *e, struct binding *b, const struct binding_req *r)
{
	e->stats.dad_failed++;
	dad_stop(e, b);
	withdraw(e, b);
	send_ba(e, r, BA_DAD_FAILED, r->seq, 0);
	return 0;
}

static int act_dad_abort(struct engine *e, struct binding *b, const struct binding_req *r)
{
	dad_stop(e, b);
	withdraw(e, b);
	b->r.seq = r->seq;
	send_ba(e, r, BA_ACCEPTED, r->seq, 0);
	return 0;
}

static int act_dereg(struct engine *e, struct binding *b, const struct binding_req *r)
{
	withdraw(e, b);
	b->r.seq = r->seq;
	send_ba(e, r, BA_ACCEPTED, r->seq, 0);
	return 0;
}

static int act_expire(struct engine *e, struct binding *b, const struct binding_req *r)
{
	(void)r;
	e->stats.expired++;
	withdraw(e, b);
	return 0;
}

static int act_register_new(struct engine *e, struct binding *b, const struct binding_req *r)
{
	if (act_register(e, b, r) < 0) {
		withdraw(e, b);
		return -1;
	}
	return 0;
}

static const struct bc_transition {
	uint8_t state, event;
	int (*action)(struct engine *, struct binding *, const struct binding_req *);
	uint8_t next, next_fail;
} bc_fsm_table[] = {
	{ BC_NONE,       BCE_BU_FIRST, act_dad_start,    BC_DAD,        BC_NONE },
	{ BC_NONE,       BCE_BU_REG,   act_register_new, BC_REGISTERED, BC_NONE },
	{ BC_DAD,        BCE_BU_FIRST, act_dad_update,   BC_DAD,        BC_DAD },
	{ BC_DAD,        BCE_BU_REG,   act_dad_update,   BC_DAD,        BC_DAD },
	{ BC_DAD,        BCE_DAD_OK,   act_dad_ok,       BC_REGISTERED, BC_NONE },
	{ BC_DAD,        BCE_DAD_FAIL, act_dad_fail,     BC_NONE,       BC_NONE },
	{ BC_DAD,        BCE_BU_DEREG, act_dad_abort,    BC_NONE,       BC_NONE },
	{ BC_REGISTERED, BCE_BU_REG,   act_register,     BC_REGISTERED, BC_REGISTERED },
	{ BC_REGISTERED, BCE_BU_DEREG, act_dereg,        BC_NONE,       BC_NONE },
	{ BC_REGISTERED, BCE_EXPIRE,   act_expire,       BC_NONE,       BC_NONE },
};

static void bc_fsm(struct engine *e, struct binding *b, enum bc_event ev,
		   const struct binding_req *r)
{
	const struct bc_transition *t = NULL;
	uint8_t old = b->state, next;

	for (size_t i = 0; i < sizeof(bc_fsm_table) / sizeof(bc_fsm_table[0]); i++)
		if (bc_fsm_table[i].state == old && bc_fsm_table[i].event == ev)
			t = &bc_fsm_table[i];
	if (!t)
		fatalx("bc %s: event %s in state %s has no transition", log_in6(&b->r.hoa),
		       bc_event_names[ev], bc_state_name(old));
	next = t->action(e, b, r) == 0 ? t->next : t->next_fail;
	b->state = next;
	if (next != BC_DAD && b->dad_charged) {
		srcquota_give(&e->quota, b->src_prefix, QUOTA_PENDING_DAD);
		b->dad_charged = 0;
	}
	log_info("bc %s: %s: %s -> %s", log_in6(&b->r.hoa), bc_event_names[ev],
		 bc_state_name(old), bc_state_name(next));
	if (next == BC_NONE) {
		theap_disarm(&e->timers, &b->timer);
		srcquota_give(&e->quota, b->src_prefix, QUOTA_BINDINGS);
		bcache_del(&e->bc, b);
	} else if (next == BC_REGISTERED && old != BC_REGISTERED) {
		log_info("bc %s: registered coa %s lifetime %u", log_in6(&b->r.hoa),
			 log_in6(&b->r.coa), b->r.lifetime);
	}
}

static bool is_global(const struct in6_addr *a)
{
	return !IN6_IS_ADDR_LINKLOCAL(a) && !IN6_IS_ADDR_MULTICAST(a) &&
	       !IN6_IS_ADDR_UNSPECIFIED(a) && !IN6_IS_ADDR_LOOPBACK(a);
}

/* Finds the served home link of hoa. Returns the BA status that refuses it, or 0 with
 * r->ifindex and r->ha_addr (= dst, checked to be ours on that link) filled in. */
static uint8_t find_home_link(struct engine *e, const struct in6_addr *dst, struct binding_req *r)
{
	bool prefix_served = false;

	for (unsigned i = 0; i < e->ifaces.n; i++) {
		struct eng_iface *ifc = &e->ifaces.v[i];
		bool served = false, dst_ours = false;

		for (unsigned j = 0; j < ifc->n_addrs; j++) {
			const struct eng_addr *a = &ifc->addrs[j];

			if (a->state != ENG_ADDR_USABLE || !is_global(&a->addr))
				continue;
			if (!memcmp(&a->addr, &r->hoa, sizeof(r->hoa)))
				return BA_ADMIN_PROHIBITED; /* our own address */
			if (in6_prefix_match(&a->addr, &r->hoa, a->plen))
				served = true;
			if (!memcmp(&a->addr, dst, sizeof(*dst)))
				dst_ours = true;
		}
		if (!served)
			continue;
		prefix_served = true;
		if (dst_ours) {
			r->ifindex = ifc->ifindex;
			r->ha_addr = *dst;
			return 0;
		}
	}
	return prefix_served ? BA_NOT_HA_FOR_MN : BA_NOT_HOME_SUBNET;
}

static void binding_timer(struct etimer *t, void *ctx);

/* A care-of address that would make the tunnel loop or nest (RFC 6275 §10.3.1 leaves
 * the check to the HA): an address of ours, on a link we serve, another binding's home
 * address, or an IPv4-mapped or -compatible one. Returns why, or NULL. */
static const char *coa_refused(struct engine *e, const struct binding_req *r)
{
	static const uint8_t v4mapped[12] = { [10] = 0xff, [11] = 0xff };
	static const uint8_t zero[12];

	if (!memcmp(r->coa.s6_addr, v4mapped, 12) || !memcmp(r->coa.s6_addr, zero, 12))
		return "an IPv4-mapped or -compatible address";
	for (unsigned i = 0; i < e->ifaces.n; i++) {
		const struct eng_iface *ifc = &e->ifaces.v[i];

		for (unsigned j = 0; j < ifc->n_addrs; j++) {
			const struct eng_addr *a = &ifc->addrs[j];

			if (IN6_ARE_ADDR_EQUAL(&a->addr, &r->coa))
				return "an address of this home agent";
			if (is_global(&a->addr) && in6_prefix_match(&a->addr, &r->coa, a->plen))
				return "on a link this home agent serves";
		}
	}
	if (bcache_get(&e->bc, &r->coa))
		return "another binding's home address";
	return NULL;
}

/* A first registration beyond a limit of srcquota.h: returns which, or NULL. */
static const char *over_limit(const struct engine *e, uint64_t prefix)
{
	const struct config *c = e->conf;
	const struct srcquota *q = &e->quota;

	if (e->bc.count >= c->ha_max_bindings)
		return "HaMaxBindings";
	if (srcquota_get(q, prefix, QUOTA_BINDINGS) >= c->ha_max_bindings_per_prefix)
		return "HaMaxBindingsPerPrefix";
	if (c->ha_dad && q->total[QUOTA_PENDING_DAD] >= c->ha_max_pending_dad)
		return "HaMaxPendingDad";
	if (c->ha_dad &&
	    srcquota_get(q, prefix, QUOTA_PENDING_DAD) >= c->ha_max_pending_dad_per_prefix)
		return "HaMaxPendingDadPerPrefix";
	return NULL;
}

bool engine_bu_is_first(const struct engine *e, const struct in6_addr *hoa,
			const struct in6_addr *src)
{
	return e->conf->role == NODE_HA && !bcache_get(&e->bc, hoa) &&
	       !over_limit(e, srcquota_prefix(src)) && !config_acl_status(e->conf, hoa);
}

/* A new binding, charged to the /64 of the BU's source; NULL when refused (answered). */
static struct binding *new_binding(struct engine *e, const struct binding_req *r,
				   const struct binding_req *err)
{
	uint64_t prefix = srcquota_prefix(&r->reply_to);
	const char *limit = over_limit(e, prefix);
	struct binding *b = NULL;

	/* Room in the timer heap for every binding's timer: arming one later can then
	 * not fail on memory that a flood of BUs used up. */
	if (!limit && theap_reserve(&e->timers, e->timers.n + 1) < 0)
		limit = "memory (timers)";
	if (!limit && !(b = bcache_add(&e->bc, &r->hoa)))
		limit = "memory (binding cache)";
	if (b && srcquota_take(&e->quota, prefix, QUOTA_BINDINGS) < 0) {
		bcache_del(&e->bc, b);
		b = NULL;
		limit = "memory (quota)";
	}
	if (!b) {
		e->stats.bu_over_limit++;
		log_debug("BU for %s from %s refused: %s", log_in6(&r->hoa),
			  log_in6(&r->reply_to), limit);
		send_ba(e, err, BA_INSUFFICIENT_RESOURCES, r->seq, 0);
		return NULL;
	}
	b->src_prefix = prefix;
	b->timer.fire = binding_timer;
	return b;
}

static bool ha_rx_bu(struct engine *e, const struct eng_rx *rx, const struct mh_msg *m)
{
	struct binding_req r = {
		.hoa = rx->has_hao ? rx->hao : rx->src,
		.coa = m->opts.has_alt_coa ? m->opts.alt_coa : rx->src,
		.reply_to = rx->src,
		.ha_addr = rx->dst,
		.ifindex = rx->ifindex,
		.seq = m->bu.seq,
		.flags = m->bu.flags,
		.protected = rx->protected,
	};
	uint32_t lifetime = mh_units_to_sec(m->bu.lifetime_units);
	struct binding *b;
	const char *reason;
	uint32_t valid;
	bool dereg;
	uint8_t status;

	/* Not a home registration: not ours (the engine refuses it, or a correspondent
	 * role takes it). */
	if (!(m->bu.flags & MH_BU_H))
		return false;
	/* RFC 3776 §3: a registration under IPsec changes only by a BU that came through
	 * it; the I/O side already keeps plain ones away, this holds for any input. */
	if (!rx->protected && config_ipsec_covers(e->conf, &r.hoa, &rx->dst)) {
		e->stats.unprotected++;
		log_info("BU for %s from %s without ESP: dropped", log_in6(&r.hoa),
			 log_in6(&rx->src));
		return true;
	}
	/* Errors are answered to the packet's source, through its HAO if any (§9.5.1). */
	struct binding_req err = r;
	err.flags |= MH_BU_A;

	if (!is_global(&r.hoa) || !is_global(&r.coa)) {
		log_debug("BU with a non-global HoA or CoA dropped");
		e->stats.bu_rejected++;
		return true;
	}
	status = find_home_link(e, &rx->dst, &r);
	if (status) {
		send_ba(e, &err, status, r.seq, 0);
		return true;
	}
	err.ha_addr = r.ha_addr;
	dereg = lifetime == 0 || !memcmp(&r.coa, &r.hoa, sizeof(r.hoa));
	/* The binding ACL refuses registrations, before any state is made for them; a
	 * deregistration still ends a binding made before a reload denied the address. */
	status = dereg ? 0 : config_acl_status(e->conf, &r.hoa);
	if (status) {
		e->stats.bu_acl_refused++;
		send_ba(e, &err, status, r.seq, 0);
		return true;
	}
	b = bcache_get(&e->bc, &r.hoa);
	if (b && !seq_newer(r.seq, b->r.seq)) {
		send_ba(e, &err, BA_SEQ_OUT_OF_WINDOW, b->r.seq, 0);
		return true;
	}
	if (!b && dereg) {
		send_ba(e, &err, BA_NOT_HA_FOR_MN, r.seq, 0);
		return true;
	}
	/* Never longer than the home address may live (§10.3.1 MUST NOT): its prefix's
	 * valid lifetime as the home link's RAs give it. */
	valid = iface_valid_left(&e->ifaces, &r.hoa, eng_now(e));
	if (!dereg && valid == 0) {
		send_ba(e, &err, BA_NOT_HOME_SUBNET, r.seq, 0);
		return true;
	}
	r.lifetime = lifetime < e->conf->ha_max_binding_life ? lifetime
							     : e->conf->ha_max_binding_life;
	if (r.lifetime > valid)
		r.lifetime = valid;
	r.lifetime &= ~3u; /* the wire counts 4-second units */
	if (!r.lifetime && !dereg)
		r.lifetime = 4;
	if (dereg) {
		r.lifetime = 0;
		bc_fsm(e, b, BCE_BU_DEREG, &r);
		return true;
	}
	reason = coa_refused(e, &r);
	if (reason) {
		e->stats.bu_bad_coa++;
		log_debug("BU for %s refused: care-of address %s is %s", log_in6(&r.hoa),
			  log_in6(&r.coa), reason);
		send_ba(e, &err, BA_REASON_UNSPECIFIED, r.seq, 0);
		return true;
	}
	if (b) {
		bc_fsm(e, b, BCE_BU_REG, &r);
		return true;
	}
	b = new_binding(e, &r, &err);
	if (b)
		bc_fsm(e, b, e->conf->ha_dad ? BCE_BU_FIRST : BCE_BU_REG, &r);
	return true;
}

/* The binding whose DAD watches addr: its HoA, or the link-local twin of one. */
static struct binding *dad_owner(struct engine *e, const struct in6_addr *addr)
{
	struct binding *b = bcache_get(&e->bc, addr);
	uint32_t i;

	if (b || !IN6_IS_ADDR_LINKLOCAL(addr))
		return b;
	for (b = bcache_first(&e->bc, &i); b; b = bcache_next(&e->bc, b, &i))
		if ((b->dad_on & BOUND_LL) && !memcmp(b->r.hoa.s6_addr + 8, addr->s6_addr + 8, 8))
			return b;
	return NULL;
}

static void ha_dad_conflict(struct engine *e, int ifindex, const struct in6_addr *hoa)
{
	struct binding *b = dad_owner(e, hoa);
	struct binding_req r;

	if (!b || b->state != BC_DAD || b->r.ifindex != ifindex)
		return;
	r = b->r;
	bc_fsm(e, b, BCE_DAD_FAIL, &r);
}

static void binding_timer(struct etimer *t, void *ctx)
{
	struct engine *e = ctx;
	struct binding *b = container_of(t, struct binding, timer);
	struct binding_req r;

	r = b->r;
	if (b->state == BC_DAD)
		bc_fsm(e, b, BCE_DAD_OK, &r);
	else if (b->state == BC_REGISTERED)
		bc_fsm(e, b, BCE_EXPIRE, &r);
}

static void ha_stop(struct engine *e)
{
	for (uint32_t i = 0; i <= e->bc.mask; i++) {
		struct binding *b;

		while ((b = e->bc.buckets[i])) {
			dad_stop(e, b);
			withdraw(e, b);
			log_info("bc %s: shutdown: %s -> none", log_in6(&b->r.hoa),
				 bc_state_name(b->state));
			theap_disarm(&e->timers, &b->timer);
			bcache_del(&e->bc, b);
		}
	}
}

const struct role ha_role = {
	.name = "home agent",
	.mh = { [MH_BU] = ha_rx_bu },
	.stop = ha_stop,
	.dad_conflict = ha_dad_conflict,
};
