/*
 * bul.c - the Mobile Node's Binding Update List and its retransmission/refresh state
 * machine (RFC 6275 §11.7-§11.8). The state machine is the table bul_fsm_table; every
 * transition is logged as "bul HOA: EVENT: OLD -> NEW".
 */
#include <string.h>
#include <sys/random.h>

#include "engine_int.h"
#include "log.h"
#include "mn_disc.h"
#include "seq.h"

#define MAX_BINDACK_TIMEOUT_MS 32000u  /* RFC 6275 §12 */
#define MAX_DEREG_RESENDS 5            /* then the HA is presumed to have no binding */
/* At most one BU a home agent's ICMPv6 error may cause in this time: a forged error
 * costs us no more than that. */
#define ERR_CHECK_EVERY_MS 3000u

enum bul_event { BLE_AT_HOME, BLE_NEW_COA, BLE_BA_OK, BLE_BA_REJECT, BLE_BA_SEQ,
		 BLE_TIMEOUT, BLE_REFRESH, BLE_EXPIRED, BLE_BE, BLE_GIVE_UP, BLE_RETRY,
		 BLE_NEVENTS };

static const char *const bul_event_names[] = {
	"at-home", "new-CoA", "BA-accepted", "BA-refused", "BA-seq", "timeout", "refresh",
	"expired", "BE", "give-up", "retry",
};

const char *bul_state_name(unsigned s)
{
	static const char *const names[] = {
		"unknown", "home", "registering", "registered", "refreshing",
		"deregistering", "failed",
	};

	return s < BUL_NSTATES ? names[s] : "?";
}

/* A received BA, in seconds. */
struct bul_ba {
	uint8_t status;
	uint16_t seq;
	uint32_t lifetime, refresh;
};

struct mn_ev {
	struct in6_addr coa;
	int coa_ifindex;
	const struct bul_ba *ba;
};

static bool has_binding(const struct engine *e, const struct bul_entry *be)
{
	return be->expires && eng_now(e) < be->expires;
}

static struct eng_iface *home_iface(struct engine *e, const struct bul_entry *be)
{
	return iface_by_name(&e->ifaces, be->hl->ifname);
}

static int home_ifindex(struct engine *e, const struct bul_entry *be)
{
	struct eng_iface *ifc = home_iface(e, be);

	return ifc ? ifc->ifindex : 0;
}

/* The default routers of the links the MN is leaving: every one heard on the CoA's
 * link and on the home link but the newest of each. */
static void take_stale(struct engine *e, const struct bul_entry *be, struct eng_mn_tunnel *t)
{
	struct eng_iface *coa_if = iface_by_index(&e->ifaces, be->coa_ifindex);
	struct eng_iface *home_if = home_iface(e, be);

	if (coa_if)
		iface_take_stale(coa_if, t->stale, &t->n_stale, ENG_MAX_STALE);
	if (home_if && home_if != coa_if)
		iface_take_stale(home_if, t->stale, &t->n_stale, ENG_MAX_STALE);
}

static void fill_tunnel(struct engine *e, const struct bul_entry *be, struct eng_mn_tunnel *t)
{
	struct eng_iface *at;

	memset(t, 0, sizeof(*t));
	t->hoa = be->hl->hoa;
	t->hoa_plen = be->hl->hoa_plen;
	t->home_ifindex = home_ifindex(e, be);
	/* Waiting for a new discovery, the tunnel still points at the home agent given up. */
	t->ha = IN6_IS_ADDR_UNSPECIFIED(&be->ha) ? be->tunnel_ha : be->ha;
	t->coa = be->coa;
	t->coa_ifindex = be->coa_ifindex;
	t->was_set = be->tunnel_set;
	t->was_coa = be->tunnel_coa;
	t->was_ha = be->tunnel_ha;
	t->was_reverse = be->tunnel_reverse;
	t->prepared = !IN6_IS_ADDR_UNSPECIFIED(&be->prepared_coa) &&
		      IN6_ARE_ADDR_EQUAL(&be->prepared_coa, &be->coa);
	t->home_flag_early = config_ipsec_covers(e->conf, &be->hl->hoa, &be->ha);
	at = iface_where(&e->ifaces, &be->hl->hoa, &t->hoa_at_plen);
	t->hoa_ifindex = at ? at->ifindex : 0;
}

static void tunnel_set(struct engine *e, struct bul_entry *be, bool reverse)
{
	struct eng_mn_tunnel t;

	if (be->tunnel_set && !memcmp(&be->tunnel_coa, &be->coa, sizeof(be->coa)) &&
	    IN6_ARE_ADDR_EQUAL(&be->tunnel_ha, &be->ha) && (be->tunnel_reverse || !reverse))
		return;
	fill_tunnel(e, be, &t);
	t.reverse = reverse;
	if (!t.prepared || (reverse && !t.was_reverse))
		take_stale(e, be, &t);
	if (eng_op_result(e, "mn_tunnel_set", e->ops->mn_tunnel_set(e->ops_ctx, &t)) == 0) {
		be->tunnel_set = true;
		be->tunnel_reverse = reverse;
		be->tunnel_coa = be->coa;
		be->tunnel_ha = be->ha;
		be->prepared_coa = be->coa;
	}
}

static void tunnel_clear(struct engine *e, struct bul_entry *be)
{
	struct eng_iface *home_if = home_iface(e, be);
	struct eng_mn_tunnel t;

	fill_tunnel(e, be, &t);
	if (home_if)
		iface_take_stale(home_if, t.stale, &t.n_stale, ENG_MAX_STALE);
	eng_op_result(e, "mn_tunnel_clear", e->ops->mn_tunnel_clear(e->ops_ctx, &t));
	be->tunnel_set = false;
	be->tunnel_reverse = false;
	memset(&be->tunnel_coa, 0, sizeof(be->tunnel_coa));
	memset(&be->prepared_coa, 0, sizeof(be->prepared_coa));
}

/* The first BU from a new CoA leaves before any netlink work when the new router's
 * link-layer address is known (as a frame to it); otherwise the routes of the links
 * left must go first, or the kernel would send it on-link or to the old router. */
static void route_first_bu(struct engine *e, struct bul_entry *be, struct eng_tx *tx)
{
	struct eng_iface *ifc = iface_by_index(&e->ifaces, be->coa_ifindex);
	struct eng_mn_tunnel t;

	if (!IN6_IS_ADDR_UNSPECIFIED(&be->prepared_coa) &&
	    IN6_ARE_ADDR_EQUAL(&be->prepared_coa, &be->coa))
		return;
	if (!tx->protected && ifc && iface_router_lladdr(ifc, tx->lladdr)) {
		tx->via_lladdr = true;
		return;
	}
	fill_tunnel(e, be, &t);
	take_stale(e, be, &t);
	if (eng_op_result(e, "mn_prepare", e->ops->mn_prepare(e->ops_ctx, &t)) == 0)
		be->prepared_coa = be->coa;
}

/* The L flag (§11.7.1): the home link's link-local address has the HoA's interface
 * identifier, so the HA must defend it too while the MN is away. */
static bool link_local_twin(struct engine *e, const struct bul_entry *be)
{
	struct eng_iface *home = home_iface(e, be);

	for (unsigned i = 0; home && i < home->n_addrs; i++)
		if (IN6_IS_ADDR_LINKLOCAL(&home->addrs[i].addr) &&
		    !memcmp(home->addrs[i].addr.s6_addr + 8, be->hl->hoa.s6_addr + 8, 8))
			return true;
	return false;
}

static void send_bu(struct engine *e, struct bul_entry *be, bool dereg)
{
	const struct conf_home_link *hl = be->hl;
	struct eng_tx tx = { .dst = be->ha,
			     .protected = config_ipsec_covers(e->conf, &hl->hoa, &be->ha) };
	struct mh_msg m;

	mh_bu_init(&m, be->seq, MH_BU_A | MH_BU_H | (link_local_twin(e, be) ? MH_BU_L : 0),
		   dereg ? 0 : be->lifetime_req);
	if (dereg) {
		struct eng_iface *home = home_iface(e, be);

		/* From home: sourced from the HoA itself, no HAO (§11.5.4). As a frame to
		 * the HA's link-layer address (its RA gave it): through the kernel, the
		 * HA would first be resolved with a Neighbor Solicitation from the HoA,
		 * which the HA still defends, and the answer would be lost. */
		tx.src = hl->hoa;
		tx.ifindex = home ? home->ifindex : 0;
		if (!tx.protected && home && iface_lladdr_of(home, &be->ha, tx.lladdr))
			tx.via_lladdr = true;
	} else {
		tx.src = be->coa;
		tx.ifindex = be->coa_ifindex;
		tx.with_hao = true;
		tx.hao = hl->hoa;
		route_first_bu(e, be, &tx);
	}
	be->last_sent = eng_now(e);
	be->resynced = false;
	log_debug("BU to %s hoa %s coa %s seq %u lifetime %u", log_in6(&be->ha),
		  log_in6(&hl->hoa), log_in6(&tx.src), m.bu.seq,
		  mh_units_to_sec(m.bu.lifetime_units));
	eng_send_mh(e, &tx, &m);
	eng_arm(e, &be->timer, be->last_sent + be->backoff);
}

/* The lifetime to ask for: never longer than the home or the care-of address may
 * live, by the prefixes' valid lifetimes their RAs gave (RFC 6275 §11.7.1). */
static uint32_t lifetime_to_ask(struct engine *e, const struct bul_entry *be)
{
	uint64_t now = eng_now(e);
	uint32_t life = e->conf->mn_max_ha_binding_life;
	uint32_t coa_left = iface_valid_left(&e->ifaces, &be->coa, now);
	uint32_t hoa_left = iface_valid_left(&e->ifaces, &be->hl->hoa, now);

	if (life > coa_left)
		life = coa_left;
	if (life > hoa_left)
		life = hoa_left;
	life &= ~3u;
	return life ? life : 4;
}

/* Actions: 0 = the row's next state, -1 = stay. */

static int act_send_new(struct engine *e, struct bul_entry *be, const struct mn_ev *ev)
{
	/* RFC 6275 §11.7.1: the longer first timeout leaves room for the HA's DAD. */
	be->backoff = has_binding(e, be) ? e->conf->bindack_rereg_ms
					 : e->conf->bindack_first_reg_ms;
	if (memcmp(&be->coa, &ev->coa, sizeof(ev->coa)))
		ro_coa_leaving(e, be);
	be->coa = ev->coa;
	be->coa_ifindex = ev->coa_ifindex;
	be->seq++;
	be->lifetime_req = lifetime_to_ask(e, be);
	be->resends = 0;
	be->bu_sent = eng_now(e);
	send_bu(e, be, false);
	/* After the BU, not before: the tunnel's netlink work would delay it. The HA's
	 * answer takes at least a round trip, so our end is ready for what it tunnels as
	 * soon as it accepts; the reverse direction waits for the BA unless
	 * OptimisticHandoff says to use the new CoA at once. */
	tunnel_set(e, be, e->conf->optimistic_handoff);
	return 0;
}

static int act_refresh(struct engine *e, struct bul_entry *be, const struct mn_ev *ev)
{
	struct mn_ev same = { .coa = be->coa, .coa_ifindex = be->coa_ifindex };

	(void)ev;
	return act_send_new(e, be, &same);
}

static int act_retransmit(struct engine *e, struct bul_entry *be, const struct mn_ev *ev)
{
	(void)ev;
	/* RFC 6275 §11.8: every retransmission carries a new sequence number and waits
	 * twice as long, up to MAX_BINDACK_TIMEOUT. */
	be->seq++;
	be->resends++;
	be->backoff = be->backoff * 2 > MAX_BINDACK_TIMEOUT_MS ? MAX_BINDACK_TIMEOUT_MS
							     : be->backoff * 2;
	if (be->state != BUL_DEREGISTERING)
		be->bu_sent = eng_now(e);
	send_bu(e, be, be->state == BUL_DEREGISTERING);
	return 0;
}

static int act_resync(struct engine *e, struct bul_entry *be, const struct mn_ev *ev)
{
	/* §11.7.3: the HA told us the last number it accepted; continue after it. */
	log_info("bul %s: HA expects a sequence number after %u", log_in6(&be->hl->hoa),
		 ev->ba->seq);
	be->seq = ev->ba->seq + 1;
	if (be->state != BUL_DEREGISTERING)
		be->bu_sent = eng_now(e);
	send_bu(e, be, be->state == BUL_DEREGISTERING);
	be->resynced = true;
	return 0;
}

static int act_registered(struct engine *e, struct bul_entry *be, const struct mn_ev *ev)
{
	const struct bul_ba *ba = ev->ba;
	uint64_t refresh_ms;

	be->lifetime = ba->lifetime < be->lifetime_req ? ba->lifetime : be->lifetime_req;
	be->refresh = ba->refresh;
	/* The granted lifetime counts from when the BU was sent (§11.7.3). */
	be->expires = be->bu_sent + (uint64_t)be->lifetime * 1000;
	if (ba->refresh && ba->refresh < be->lifetime)
		refresh_ms = (uint64_t)ba->refresh * 1000;
	else
		refresh_ms = (uint64_t)be->lifetime * 875; /* 7/8 of the lifetime */
	be->resends = 0;
	be->retry_ms = 0;
	tunnel_set(e, be, true);
	eng_arm(e, &be->timer, be->bu_sent + refresh_ms);
	ro_home_registered(e, be);
	mn_mps_plan(e, be);
	mn_probe_plan(e, be);
	return 0;
}

/* RFC 6275 §11.8 leaves retrying after a refusal to the MN. A refusal may be transient
 * (128 unspecified, 130 insufficient resources: a busy or flooded HA) or forged by
 * anyone who can send to the CoA: never give up for ever, back off. */
static int act_rejected(struct engine *e, struct bul_entry *be, const struct mn_ev *ev)
{
	uint8_t st = ev->ba->status;
	bool transient = st == BA_REASON_UNSPECIFIED || st == BA_INSUFFICIENT_RESOURCES;

	if (!be->retry_ms)
		be->retry_ms = transient ? e->conf->bindack_first_reg_ms : MAX_BINDACK_TIMEOUT_MS;
	else
		be->retry_ms = be->retry_ms * 2 > MAX_BINDACK_TIMEOUT_MS ? MAX_BINDACK_TIMEOUT_MS
									 : be->retry_ms * 2;
	log_warnx("bul %s: home agent %s refused the binding: status %u; trying again in "
		  "%u ms", log_in6(&be->hl->hoa), log_in6(&be->ha), st, be->retry_ms);
	eng_arm(e, &be->timer, eng_now(e) + be->retry_ms);
	return 0;
}

static int act_go_home(struct engine *e, struct bul_entry *be, const struct mn_ev *ev)
{
	(void)ev;
	tunnel_clear(e, be);
	ro_at_home(e, be);
	be->coa = be->hl->hoa;
	be->coa_ifindex = home_ifindex(e, be);
	be->seq++;
	be->resends = 0;
	be->backoff = e->conf->bindack_rereg_ms;
	send_bu(e, be, true);
	return 0;
}

static int act_home_settle(struct engine *e, struct bul_entry *be, const struct mn_ev *ev)
{
	(void)ev;
	theap_disarm(&e->timers, &be->timer);
	tunnel_clear(e, be);
	memset(&be->coa, 0, sizeof(be->coa));
	return 0;
}

static int act_home_done(struct engine *e, struct bul_entry *be, const struct mn_ev *ev)
{
	(void)ev;
	theap_disarm(&e->timers, &be->timer);
	be->retry_ms = 0;
	be->expires = 0;
	be->lifetime = 0;
	be->refresh = 0;
	memset(&be->coa, 0, sizeof(be->coa));
	return 0;
}

/* Deregistered: the HA no longer defends the HoA; the neighbours that learned its
 * link-layer address for it learn ours again (§11.5.4). */
static int act_home_announce(struct engine *e, struct bul_entry *be, const struct mn_ev *ev)
{
	int ifindex = home_ifindex(e, be);

	act_home_done(e, be, ev);
	if (ifindex)
		eng_op_result(e, "mn_announce",
			      e->ops->mn_announce(e->ops_ctx, ifindex, &be->hl->hoa));
	return 0;
}

static const struct bul_transition {
	uint8_t state, event;
	int (*action)(struct engine *, struct bul_entry *, const struct mn_ev *);
	uint8_t next;
} bul_fsm_table[] = {
	/* Starting at home: a binding left by an earlier run would keep the HA proxying
	 * for the HoA, so deregister anyway (the HA answers 133 when there is none). */
	{ BUL_UNKNOWN,       BLE_AT_HOME,   act_go_home,     BUL_DEREGISTERING },
	{ BUL_UNKNOWN,       BLE_NEW_COA,   act_send_new,    BUL_REGISTERING },
	{ BUL_HOME,          BLE_NEW_COA,   act_send_new,    BUL_REGISTERING },
	{ BUL_REGISTERING,   BLE_NEW_COA,   act_send_new,    BUL_REGISTERING },
	{ BUL_REGISTERING,   BLE_TIMEOUT,   act_retransmit,  BUL_REGISTERING },
	{ BUL_REGISTERING,   BLE_BA_OK,     act_registered,  BUL_REGISTERED },
	{ BUL_REGISTERING,   BLE_BA_REJECT, act_rejected,    BUL_FAILED },
	{ BUL_REGISTERING,   BLE_BA_SEQ,    act_resync,      BUL_REGISTERING },
	{ BUL_REGISTERING,   BLE_AT_HOME,   act_go_home,     BUL_DEREGISTERING },
	{ BUL_REGISTERED,    BLE_NEW_COA,   act_send_new,    BUL_REGISTERING },
	{ BUL_REGISTERED,    BLE_REFRESH,   act_refresh,     BUL_REFRESHING },
	{ BUL_REGISTERED,    BLE_AT_HOME,   act_go_home,     BUL_DEREGISTERING },
	{ BUL_REGISTERED,    BLE_BE,        act_refresh,     BUL_REGISTERING },
	{ BUL_REFRESHING,    BLE_NEW_COA,   act_send_new,    BUL_REGISTERING },
	{ BUL_REFRESHING,    BLE_TIMEOUT,   act_retransmit,  BUL_REFRESHING },
	{ BUL_REFRESHING,    BLE_EXPIRED,   act_retransmit,  BUL_REGISTERING },
	{ BUL_REFRESHING,    BLE_BA_OK,     act_registered,  BUL_REGISTERED },
	{ BUL_REFRESHING,    BLE_BA_REJECT, act_rejected,    BUL_FAILED },
	{ BUL_REFRESHING,    BLE_BA_SEQ,    act_resync,      BUL_REFRESHING },
	{ BUL_REFRESHING,    BLE_AT_HOME,   act_go_home,     BUL_DEREGISTERING },
	{ BUL_REFRESHING,    BLE_BE,        act_refresh,     BUL_REGISTERING },
	{ BUL_DEREGISTERING, BLE_NEW_COA,   act_send_new,    BUL_REGISTERING },
	{ BUL_DEREGISTERING, BLE_TIMEOUT,   act_retransmit,  BUL_DEREGISTERING },
	{ BUL_DEREGISTERING, BLE_BA_OK,     act_home_announce, BUL_HOME },
	{ BUL_DEREGISTERING, BLE_BA_REJECT, act_home_done,   BUL_HOME },
	{ BUL_DEREGISTERING, BLE_BA_SEQ,    act_resync,      BUL_DEREGISTERING },
	{ BUL_DEREGISTERING, BLE_GIVE_UP,   act_home_done,   BUL_HOME },
	{ BUL_FAILED,        BLE_NEW_COA,   act_send_new,    BUL_REGISTERING },
	{ BUL_FAILED,        BLE_RETRY,     act_refresh,     BUL_REGISTERING },
	{ BUL_FAILED,        BLE_AT_HOME,   act_home_settle, BUL_HOME },
};

static void bul_fsm(struct engine *e, struct bul_entry *be, enum bul_event ev,
		    const struct mn_ev *arg)
{
	const struct bul_transition *t = NULL;
	struct mn_ev none = { 0 };
	uint8_t old = be->state;

	for (size_t i = 0; i < sizeof(bul_fsm_table) / sizeof(bul_fsm_table[0]); i++)
		if (bul_fsm_table[i].state == old && bul_fsm_table[i].event == ev)
			t = &bul_fsm_table[i];
	if (!t) {
		/* e.g. a late BA after we went home: harmless, but worth a trace. */
		log_debug("bul %s: %s ignored in state %s", log_in6(&be->hl->hoa),
			  bul_event_names[ev], bul_state_name(old));
		return;
	}
	if (t->action(e, be, arg ? arg : &none) < 0)
		return;
	be->state = t->next;
	log_info("bul %s: %s: %s -> %s (coa %s seq %u)", log_in6(&be->hl->hoa),
		 bul_event_names[ev], bul_state_name(old), bul_state_name(t->next),
		 log_in6(&be->coa), be->seq);
}

static bool ha_refused_us(uint8_t status)
{
	/* A refusal that says "not here" rather than "not now": another home agent of the
	 * list may take us (130: this one is full). */
	return status == BA_ADMIN_PROHIBITED || status == BA_INSUFFICIENT_RESOURCES ||
	       status == BA_HOME_REG_NOT_SUPPORTED || status == BA_NOT_HOME_SUBNET ||
	       status == BA_NOT_HA_FOR_MN;
}

/* A discovered home agent did not answer or refused: the next one of the Reply's list,
 * or a new discovery when the list is used up (RFC 6275 §11.4.1). */
static void next_ha(struct engine *e, struct bul_entry *be, const char *why)
{
	struct mn_ev ev = { .coa = be->coa, .coa_ifindex = be->coa_ifindex };
	struct in6_addr old = be->ha;

	e->stats.ha_failovers++;
	theap_disarm(&e->timers, &be->timer);
	/* Whatever the old one held for us is no binding with the next. */
	be->expires = 0;
	be->lifetime = 0;
	if (++be->ha_idx < be->n_has) {
		be->ha = be->has[be->ha_idx];
		log_warnx("bul %s: home agent %s %s: trying %s (%u of %u)",
			  log_in6(&be->hl->hoa), log_in6(&old), why, log_in6(&be->ha),
			  be->ha_idx + 1, be->n_has);
		bul_fsm(e, be, BLE_NEW_COA, &ev);
		return;
	}
	log_warnx("bul %s: home agent %s %s: list used up, discovering again",
		  log_in6(&be->hl->hoa), log_in6(&old), why);
	memset(&be->ha, 0, sizeof(be->ha));
	be->n_has = 0;
	be->ha_idx = 0;
	mn_dhaad_start(e, be, &be->coa, be->coa_ifindex);
}

static void bul_timer(struct etimer *t, void *ctx)
{
	struct engine *e = ctx;
	struct bul_entry *be = container_of(t, struct bul_entry, timer);

	switch (be->state) {
	case BUL_REGISTERED:
		bul_fsm(e, be, BLE_REFRESH, NULL);
		break;
	case BUL_REFRESHING:
		if (be->dynamic && be->resends >= e->conf->mn_max_ha_resends) {
			next_ha(e, be, "did not answer");
			break;
		}
		bul_fsm(e, be, be->expires && eng_now(e) >= be->expires ? BLE_EXPIRED
									 : BLE_TIMEOUT, NULL);
		break;
	case BUL_DEREGISTERING:
		if (be->resends >= MAX_DEREG_RESENDS) {
			log_warnx("bul %s: no answer from home agent %s to the deregistration",
				  log_in6(&be->hl->hoa), log_in6(&be->ha));
			bul_fsm(e, be, BLE_GIVE_UP, NULL);
		} else {
			bul_fsm(e, be, BLE_TIMEOUT, NULL);
		}
		break;
	case BUL_REGISTERING:
		if (be->dynamic && be->resends >= e->conf->mn_max_ha_resends) {
			next_ha(e, be, "did not answer");
			break;
		}
		bul_fsm(e, be, BLE_TIMEOUT, NULL);
		break;
	case BUL_FAILED:
		bul_fsm(e, be, BLE_RETRY, NULL);
		break;
	default:
		break;
	}
}

void bul_init(struct engine *e)
{
	for (unsigned i = 0; i < e->conf->n_home_links; i++) {
		struct bul_entry *be = &e->bul.v[e->bul.n++];
		uint16_t seq = 0;

		be->hl = &e->conf->home_links[i];
		be->state = BUL_UNKNOWN;
		be->timer.fire = bul_timer;
		be->dynamic = config_ha_dynamic(be->hl);
		be->ha = be->dynamic ? (struct in6_addr)IN6ADDR_ANY_INIT : be->hl->ha;
		mn_disc_init(be);
		/* A random start keeps a restarted MN from replaying old numbers. */
		if (getrandom(&seq, sizeof(seq), GRND_NONBLOCK) != sizeof(seq))
			seq = (uint16_t)(uintptr_t)be;
		be->seq = seq;
	}
}

void bul_stop(struct engine *e)
{
	for (unsigned i = 0; i < e->bul.n; i++) {
		struct bul_entry *be = &e->bul.v[i];

		theap_disarm(&e->timers, &be->timer);
		mn_disc_stop(e, be);
		if (be->tunnel_set)
			tunnel_clear(e, be);
		log_info("bul %s: shutdown: %s -> unknown", log_in6(&be->hl->hoa),
			 bul_state_name(be->state));
		be->state = BUL_UNKNOWN;
	}
}

void bul_at_home(struct engine *e, struct bul_entry *be)
{
	if (be->dynamic)
		mn_dhaad_cancel(e, be);
	if (be->dynamic && IN6_IS_ADDR_UNSPECIFIED(&be->ha)) {
		/* No home agent known: none can hold a binding to take back. */
		uint8_t old = be->state;

		theap_disarm(&e->timers, &be->timer);
		if (be->tunnel_set)
			tunnel_clear(e, be);
		memset(&be->coa, 0, sizeof(be->coa));
		be->expires = 0;
		be->state = BUL_HOME;
		if (old != BUL_HOME)
			log_info("bul %s: at-home: %s -> home (no home agent known)",
				 log_in6(&be->hl->hoa), bul_state_name(old));
		return;
	}
	bul_fsm(e, be, BLE_AT_HOME, NULL);
}

void bul_new_coa(struct engine *e, struct bul_entry *be, const struct in6_addr *coa,
		 int coa_ifindex)
{
	struct mn_ev ev = { .coa = *coa, .coa_ifindex = coa_ifindex };

	/* §11.4.1: the home agent is discovered when first needed, from the CoA. */
	if (be->dynamic && IN6_IS_ADDR_UNSPECIFIED(&be->ha)) {
		be->coa = *coa;
		be->coa_ifindex = coa_ifindex;
		mn_dhaad_start(e, be, coa, coa_ifindex);
		return;
	}
	bul_fsm(e, be, BLE_NEW_COA, &ev);
}

static struct bul_entry *bul_for_ba(struct engine *e, const struct eng_rx *rx)
{
	for (unsigned i = 0; i < e->bul.n; i++) {
		struct bul_entry *be = &e->bul.v[i];
		const struct in6_addr *hoa = rx->has_rh2 ? &rx->rh2 : &rx->dst;

		if (!memcmp(&be->ha, &rx->src, sizeof(rx->src)) &&
		    !memcmp(&be->hl->hoa, hoa, sizeof(*hoa)))
			return be;
	}
	return NULL;
}

bool bul_rx_ba(struct engine *e, const struct eng_rx *rx, const struct mh_msg *m)
{
	struct bul_entry *be = bul_for_ba(e, rx);
	struct bul_ba ba = {
		.status = m->ba.status,
		.seq = m->ba.seq,
		.lifetime = mh_units_to_sec(m->ba.lifetime_units),
		.refresh = m->opts.has_bra ? mh_units_to_sec(m->opts.refresh_units) : 0,
	};
	struct mn_ev ev = { .ba = &ba };

	log_debug("BA from %s status %u seq %u lifetime %u refresh %u", log_in6(&rx->src),
		  ba.status, ba.seq, ba.lifetime, ba.refresh);
	if (!be) {
		log_debug("BA from %s matches no BU list entry", log_in6(&rx->src));
		return true;
	}
	if (!rx->protected && config_ipsec_covers(e->conf, &be->hl->hoa, &be->ha)) {
		e->stats.unprotected++;
		log_info("BA from %s without ESP: dropped", log_in6(&rx->src));
		return true;
	}
	if (ba.status == BA_SEQ_OUT_OF_WINDOW) {
		/* Anyone can send the CoA a 135 naming any number: take one only for the
		 * BU outstanding, once, and only when it says that BU was not newer than
		 * what the HA accepted last (else the HA would not have refused it). */
		if (be->resynced || seq_newer(be->seq, ba.seq)) {
			log_debug("bul %s: 135 naming %u ignored (last BU %u%s)",
				  log_in6(&be->hl->hoa), ba.seq, be->seq,
				  be->resynced ? ", already resynchronised" : "");
			return true;
		}
		bul_fsm(e, be, BLE_BA_SEQ, &ev);
		return true;
	}
	if (ba.seq != be->seq) {
		log_debug("bul %s: BA seq %u is not for the last BU (%u)",
			  log_in6(&be->hl->hoa), ba.seq, be->seq);
		return true;
	}
	/* Only a BU waiting for its answer can be refused; the FSM ignores the rest. */
	if (ba.status >= 128 && be->dynamic && ha_refused_us(ba.status) &&
	    (be->state == BUL_REGISTERING || be->state == BUL_REFRESHING)) {
		char why[32];

		snprintf(why, sizeof(why), "refused us (status %u)", ba.status);
		next_ha(e, be, why);
		return true;
	}
	bul_fsm(e, be, ba.status < 128 ? BLE_BA_OK : BLE_BA_REJECT, &ev);
	return true;
}

bool bul_rx_be(struct engine *e, const struct eng_rx *rx, const struct mh_msg *m)
{
	log_debug("BE from %s status %u hoa %s", log_in6(&rx->src), m->be.status,
		  log_in6(&m->be.home_addr));
	for (unsigned i = 0; i < e->bul.n; i++) {
		struct bul_entry *be = &e->bul.v[i];

		if (memcmp(&be->ha, &rx->src, sizeof(rx->src)))
			continue;
		if (m->be.status == BE_UNKNOWN_HAO)
			bul_fsm(e, be, BLE_BE, NULL);
		else
			log_warnx("bul %s: home agent %s sent Binding Error status %u",
				  log_in6(&be->hl->hoa), log_in6(&rx->src), m->be.status);
	}
	return true;
}

bool bul_rx_dhaad_reply(struct engine *e, const struct eng_rx *rx, const struct dhaad_msg *m)
{
	for (unsigned i = 0; i < e->bul.n; i++) {
		struct bul_entry *be = &e->bul.v[i];
		struct mn_ev ev;

		if (!be->dynamic || !mn_dhaad_take(e, be, rx, m))
			continue;
		be->ha = be->has[0];
		ev.coa = be->dhaad_coa;
		ev.coa_ifindex = be->dhaad_ifindex;
		ev.ba = NULL;
		bul_fsm(e, be, BLE_NEW_COA, &ev);
		return true;
	}
	e->stats.dhaad_bad++;
	log_info("dhaad: reply id %u from %s to %s dropped: no request of ours matches",
		 m->id, log_in6(&rx->src), log_in6(&rx->dst));
	return true;
}

bool bul_rx_mpa(struct engine *e, const struct eng_rx *rx, const struct dhaad_msg *m)
{
	for (unsigned i = 0; i < e->bul.n; i++) {
		struct bul_entry *be = &e->bul.v[i];
		bool solicited;

		if (!mn_mpa_take(e, be, rx, m, &solicited))
			continue;
		/* §11.4.3: an unsolicited advertisement is acknowledged by a BU, whose
		 * lifetime now follows the new prefix lifetimes. */
		if (!solicited && be->state == BUL_REGISTERED)
			bul_fsm(e, be, BLE_REFRESH, NULL);
		return true;
	}
	e->stats.mpd_bad++;
	log_info("mpd: MPA id %u from %s dropped: not from our home agent to our home address",
		 m->id, log_in6(&rx->src));
	return true;
}

/* What the outer header of our reverse tunnel's packets to the home agent looks like
 * in an error quoting one: from the CoA to the HA, IPv6-in-IPv6 (possibly behind the
 * tunnel encapsulation limit option, which the I/O side skips). */
void bul_rx_icmp_err(struct engine *e, const struct eng_icmp_err *err)
{
	uint64_t now = eng_now(e);

	for (unsigned i = 0; i < e->bul.n; i++) {
		struct bul_entry *be = &e->bul.v[i];

		if (!be->dynamic || be->state != BUL_REGISTERED || err->inner_nh != IPPROTO_IPV6 ||
		    !IN6_ARE_ADDR_EQUAL(&err->src, &be->ha) ||
		    !IN6_ARE_ADDR_EQUAL(&err->inner_dst, &be->ha) ||
		    !IN6_ARE_ADDR_EQUAL(&err->inner_src, &be->coa))
			continue;
		if (be->err_check_at && now - be->err_check_at < ERR_CHECK_EVERY_MS)
			continue;
		be->err_check_at = now;
		e->stats.icmp_err_checks++;
		log_warnx("bul %s: ICMPv6 error type %u code %u from home agent %s about our "
			  "tunnel: checking the binding with a BU", log_in6(&be->hl->hoa),
			  err->type, err->code, log_in6(&be->ha));
		bul_fsm(e, be, BLE_REFRESH, NULL);
	}
}
