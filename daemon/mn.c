/*
 * mn.c - Mobile Node: movement detection from Router Advertisements and link events,
 * and the Binding Update List with its retransmission/refresh state machine
 * (RFC 6275 §11.5-§11.8). The state machine is the table bul_fsm_table; every transition
 * is logged as "bul HOA: EVENT: OLD -> NEW".
 */
#include <string.h>
#include <sys/random.h>

#include "engine_int.h"
#include "log.h"

#define MAX_BINDACK_TIMEOUT_MS 32000u  /* RFC 6275 §12 */
/* RS retransmissions after an L2 trigger: RS_FAST_PROBES of them RS_FIRST_RETRANS_MS
 * apart. The MN's port can open well before the AP's hostapd has authorized the station
 * (by up to 30 ms in the lab VM) and the AP drops what comes before. */
#define RS_FIRST_RETRANS_MS 5u
#define RS_FAST_PROBES 8u
#define RS_INTERVAL_MS 1000u           /* longest gap between solicitations */
#define RA_MISSED_INTERVALS 3          /* AdvIntervals without an RA: router lost */
#define MAX_DEREG_RESENDS 5            /* then the HA is presumed to have no binding */

enum bul_event { BLE_AT_HOME, BLE_NEW_COA, BLE_BA_OK, BLE_BA_REJECT, BLE_BA_SEQ,
		 BLE_TIMEOUT, BLE_REFRESH, BLE_EXPIRED, BLE_BE, BLE_GIVE_UP, BLE_NEVENTS };

static const char *const bul_event_names[] = {
	"at-home", "new-CoA", "BA-accepted", "BA-refused", "BA-seq", "timeout", "refresh",
	"expired", "BE", "give-up",
};

const char *bul_state_name(unsigned s)
{
	static const char *const names[] = {
		"unknown", "home", "registering", "registered", "refreshing",
		"deregistering", "failed",
	};

	return s < BUL_NSTATES ? names[s] : "?";
}

struct mn_ev {
	struct in6_addr coa;
	int coa_ifindex;
	const struct eng_ba *ba;
};

static bool has_binding(const struct engine *e, const struct bul_entry *be)
{
	return be->expires && eng_now(e) < be->expires;
}

static int home_ifindex(struct engine *e, const struct bul_entry *be)
{
	struct eng_iface *ifc = eng_iface_by_name(e, be->hl->ifname);

	return ifc ? ifc->ifindex : 0;
}

static void fill_tunnel(struct engine *e, const struct bul_entry *be, struct eng_mn_tunnel *t)
{
	memset(t, 0, sizeof(*t));
	t->hoa = be->hl->hoa;
	t->hoa_plen = be->hl->hoa_plen;
	t->home_ifindex = home_ifindex(e, be);
	t->ha = be->hl->ha;
	t->coa = be->coa;
	t->coa_ifindex = be->coa_ifindex;
}

static void tunnel_set(struct engine *e, struct bul_entry *be, bool reverse)
{
	struct eng_mn_tunnel t;

	if (be->tunnel_set && !memcmp(&be->tunnel_coa, &be->coa, sizeof(be->coa)) &&
	    (be->tunnel_reverse || !reverse))
		return;
	fill_tunnel(e, be, &t);
	t.reverse = reverse;
	if (eng_op_result(e, "mn_tunnel_set", e->ops->mn_tunnel_set(e->ops_ctx, &t)) == 0) {
		be->tunnel_set = true;
		be->tunnel_reverse = reverse;
		be->tunnel_coa = be->coa;
	}
}

static void tunnel_clear(struct engine *e, struct bul_entry *be)
{
	struct eng_mn_tunnel t;

	fill_tunnel(e, be, &t);
	eng_op_result(e, "mn_tunnel_clear", e->ops->mn_tunnel_clear(e->ops_ctx, &t));
	be->tunnel_set = false;
	be->tunnel_reverse = false;
	memset(&be->tunnel_coa, 0, sizeof(be->tunnel_coa));
}

static void send_bu(struct engine *e, struct bul_entry *be, bool dereg)
{
	const struct conf_home_link *hl = be->hl;
	struct eng_tx tx = { .dst = hl->ha };
	struct eng_bu bu = {
		.seq = be->seq,
		.flags = ENG_BU_ACK | ENG_BU_HOME,
		.lifetime = dereg ? 0 : be->lifetime_req,
	};

	if (dereg) {
		/* From home: sourced from the HoA itself, no HAO (§11.5.4). */
		tx.src = hl->hoa;
		tx.ifindex = home_ifindex(e, be);
	} else {
		tx.src = be->coa;
		tx.ifindex = be->coa_ifindex;
		tx.with_hao = true;
		tx.hao = hl->hoa;
	}
	be->last_sent = eng_now(e);
	e->stats.bu_tx++;
	log_debug("BU to %s hoa %s coa %s seq %u lifetime %u", log_in6(&hl->ha),
		  log_in6(&hl->hoa), log_in6(&tx.src), bu.seq, bu.lifetime);
	eng_op_result(e, "send BU", e->ops->send_bu(e->ops_ctx, &tx, &bu));
	eng_arm(e, &be->timer, be->last_sent + be->backoff);
}

/* Actions: 0 = the row's next state, -1 = stay. */

static int act_none(struct engine *e, struct bul_entry *be, const struct mn_ev *ev)
{
	(void)e, (void)be, (void)ev;
	return 0;
}

static int act_send_new(struct engine *e, struct bul_entry *be, const struct mn_ev *ev)
{
	uint32_t life = e->conf->mn_max_ha_binding_life & ~3u;

	/* RFC 6275 §11.7.1: the longer first timeout leaves room for the HA's DAD. */
	be->backoff = has_binding(e, be) ? e->conf->bindack_rereg_ms
					 : e->conf->bindack_first_reg_ms;
	be->coa = ev->coa;
	be->coa_ifindex = ev->coa_ifindex;
	be->seq++;
	be->lifetime_req = life ? life : 4;
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
	return 0;
}

static int act_registered(struct engine *e, struct bul_entry *be, const struct mn_ev *ev)
{
	const struct eng_ba *ba = ev->ba;
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
	tunnel_set(e, be, true);
	eng_arm(e, &be->timer, be->bu_sent + refresh_ms);
	return 0;
}

static int act_rejected(struct engine *e, struct bul_entry *be, const struct mn_ev *ev)
{
	log_warnx("bul %s: home agent %s refused the binding: status %u",
		  log_in6(&be->hl->hoa), log_in6(&be->hl->ha), ev->ba->status);
	theap_disarm(&e->timers, &be->timer);
	return 0;
}

static int act_go_home(struct engine *e, struct bul_entry *be, const struct mn_ev *ev)
{
	(void)ev;
	tunnel_clear(e, be);
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
	be->expires = 0;
	be->lifetime = 0;
	be->refresh = 0;
	memset(&be->coa, 0, sizeof(be->coa));
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
	{ BUL_DEREGISTERING, BLE_BA_OK,     act_home_done,   BUL_HOME },
	{ BUL_DEREGISTERING, BLE_BA_REJECT, act_home_done,   BUL_HOME },
	{ BUL_DEREGISTERING, BLE_BA_SEQ,    act_resync,      BUL_DEREGISTERING },
	{ BUL_DEREGISTERING, BLE_GIVE_UP,   act_home_done,   BUL_HOME },
	{ BUL_FAILED,        BLE_NEW_COA,   act_send_new,    BUL_REGISTERING },
	{ BUL_FAILED,        BLE_AT_HOME,   act_home_settle, BUL_HOME },
	{ BUL_HOME,          BLE_AT_HOME,   act_none,        BUL_HOME },
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

void mn_init(struct engine *e)
{
	for (unsigned i = 0; i < e->conf->n_home_links; i++) {
		struct bul_entry *be = &e->bul[e->n_bul++];
		uint16_t seq = 0;

		be->hl = &e->conf->home_links[i];
		be->state = BUL_UNKNOWN;
		be->timer.kind = TK_BUL;
		/* A random start keeps a restarted MN from replaying old numbers. */
		if (getrandom(&seq, sizeof(seq), GRND_NONBLOCK) != sizeof(seq))
			seq = (uint16_t)(uintptr_t)be;
		be->seq = seq;
	}
}

void mn_shutdown(struct engine *e)
{
	for (unsigned i = 0; i < e->n_bul; i++) {
		struct bul_entry *be = &e->bul[i];

		theap_disarm(&e->timers, &be->timer);
		if (be->tunnel_set)
			tunnel_clear(e, be);
		log_info("bul %s: shutdown: %s -> unknown", log_in6(&be->hl->hoa),
			 bul_state_name(be->state));
		be->state = BUL_UNKNOWN;
	}
	for (unsigned i = 0; i < e->n_ifaces; i++) {
		theap_disarm(&e->timers, &e->ifaces[i].rs_timer);
		theap_disarm(&e->timers, &e->ifaces[i].ra_timer);
	}
}

static struct bul_entry *bul_for_ba(struct engine *e, const struct eng_rx *rx)
{
	for (unsigned i = 0; i < e->n_bul; i++) {
		struct bul_entry *be = &e->bul[i];
		const struct in6_addr *hoa = rx->has_rh2 ? &rx->rh2 : &rx->dst;

		if (!memcmp(&be->hl->ha, &rx->src, sizeof(rx->src)) &&
		    !memcmp(&be->hl->hoa, hoa, sizeof(*hoa)))
			return be;
	}
	return NULL;
}

void mn_rx_ba(struct engine *e, const struct eng_rx *rx, const struct eng_ba *ba)
{
	struct bul_entry *be = bul_for_ba(e, rx);
	struct mn_ev ev = { .ba = ba };

	if (!be) {
		log_debug("BA from %s matches no BU list entry", log_in6(&rx->src));
		return;
	}
	if (ba->status == ENG_BA_SEQ_OUT_OF_WINDOW) {
		bul_fsm(e, be, BLE_BA_SEQ, &ev);
		return;
	}
	if (ba->seq != be->seq) {
		log_debug("bul %s: BA seq %u is not for the last BU (%u)",
			  log_in6(&be->hl->hoa), ba->seq, be->seq);
		return;
	}
	bul_fsm(e, be, ba->status < 128 ? BLE_BA_OK : BLE_BA_REJECT, &ev);
}

void mn_rx_be(struct engine *e, const struct eng_rx *rx, const struct eng_be *be_msg)
{
	for (unsigned i = 0; i < e->n_bul; i++) {
		struct bul_entry *be = &e->bul[i];

		if (memcmp(&be->hl->ha, &rx->src, sizeof(rx->src)))
			continue;
		if (be_msg->status == ENG_BE_UNKNOWN_BINDING_HAO)
			bul_fsm(e, be, BLE_BE, NULL);
		else
			log_warnx("bul %s: home agent %s sent Binding Error status %u",
				  log_in6(&be->hl->hoa), log_in6(&rx->src), be_msg->status);
	}
}

/* RS_FAST_PROBES solicitations RS_FIRST_RETRANS_MS apart (the AP took up to 30 ms to
 * authorize a station in the lab VM; doubling from 5 ms left a 20 ms gap just then),
 * then backing off: 10, 20, 40 ms ... up to 1 s apart. */
static uint64_t rs_retrans_ms(const struct engine *e, const struct eng_iface *ifc)
{
	unsigned done = e->conf->mn_router_probes - ifc->rs_left;
	uint64_t ms = RS_FIRST_RETRANS_MS;

	if (done < RS_FAST_PROBES)
		return ms;
	for (done -= RS_FAST_PROBES - 1; done-- && ms < RS_INTERVAL_MS;)
		ms *= 2;
	return ms < RS_INTERVAL_MS ? ms : RS_INTERVAL_MS;
}

static void send_rs(struct engine *e, struct eng_iface *ifc)
{
	e->stats.rs_tx++;
	log_debug("md %s: router solicitation", ifc->name);
	eng_op_result(e, "send RS", e->ops->mn_send_rs(e->ops_ctx, ifc->ifindex));
}

void mn_rx_ra(struct engine *e, struct eng_iface *ifc, const struct eng_ra *ra)
{
	bool same = ifc->have_router && !memcmp(&ifc->router, &ra->src, sizeof(ra->src));

	if (ra->router_lifetime == 0) {
		/* The router says it is no default router (or is leaving). */
		if (same) {
			log_info("md %s: router %s withdrew", ifc->name, log_in6(&ra->src));
			ifc->have_router = false;
			mn_evaluate(e);
		}
		return;
	}
	if (!same)
		log_info("md %s: new router %s%s", ifc->name, log_in6(&ra->src),
			 ra->home_agent ? " (home agent)" : "");
	ifc->have_router = true;
	ifc->router = ra->src;
	ifc->ra = *ra;
	if (ifc->ra.n_prefixes > ENG_RA_MAX_PREFIXES)
		ifc->ra.n_prefixes = ENG_RA_MAX_PREFIXES;
	ifc->ra_time = eng_now(e);
	ifc->rs_left = 0;
	theap_disarm(&e->timers, &ifc->rs_timer);
	/* RFC 6275 §7.3/§11.5.1: the Advertisement Interval option says when the next RA
	 * is due; several missing ones mean the router is gone even without an L2 event. */
	if (ra->adv_interval)
		eng_arm(e, &ifc->ra_timer,
			ifc->ra_time + (uint64_t)ra->adv_interval * RA_MISSED_INTERVALS);
	else
		theap_disarm(&e->timers, &ifc->ra_timer);
	mn_evaluate(e);
}

void mn_link_event(struct engine *e, struct eng_iface *ifc, enum eng_link_state old)
{
	(void)old;
	if (ifc->link != ENG_LINK_ASSOCIATED) {
		/* Off the link: the router we knew may be gone when we come back. The
		 * router is forgotten here, not at re-association, so that an RA that
		 * overtakes the carrier notification is not thrown away. */
		ifc->have_router = false;
		ifc->rs_left = 0;
		theap_disarm(&e->timers, &ifc->rs_timer);
		theap_disarm(&e->timers, &ifc->ra_timer);
	} else {
		/* L2 trigger (§11.5.1): solicit at once instead of waiting for an RA. */
		send_rs(e, ifc);
		ifc->rs_left = ifc->have_router ? 0 : e->conf->mn_router_probes;
		if (ifc->rs_left)
			eng_arm(e, &ifc->rs_timer, eng_now(e) + rs_retrans_ms(e, ifc));
	}
	mn_evaluate(e);
}

void mn_rs_timer(struct engine *e, struct eng_iface *ifc)
{
	if (ifc->have_router || ifc->link != ENG_LINK_ASSOCIATED || !ifc->rs_left)
		return;
	ifc->rs_left--;
	send_rs(e, ifc);
	if (ifc->rs_left)
		eng_arm(e, &ifc->rs_timer, eng_now(e) + rs_retrans_ms(e, ifc));
}

void mn_ra_timer(struct engine *e, struct eng_iface *ifc)
{
	if (!ifc->have_router || ifc->link != ENG_LINK_ASSOCIATED)
		return;
	log_info("md %s: no RA from %s for %u advertisement intervals: router lost",
		 ifc->name, log_in6(&ifc->router), RA_MISSED_INTERVALS);
	ifc->have_router = false;
	send_rs(e, ifc);
	ifc->rs_left = e->conf->mn_router_probes;
	if (ifc->rs_left)
		eng_arm(e, &ifc->rs_timer, eng_now(e) + rs_retrans_ms(e, ifc));
	mn_evaluate(e);
}

static bool ra_has_prefix(const struct eng_ra *ra, const struct in6_addr *a, unsigned plen,
			  bool exact_plen)
{
	for (unsigned i = 0; i < ra->n_prefixes; i++) {
		const struct eng_prefix *p = &ra->prefixes[i];

		if (exact_plen && p->plen != plen)
			continue;
		if (!(p->flags & ENG_PI_ONLINK) && !(p->flags & ENG_PI_AUTO))
			continue;
		if (in6_prefix_match(&p->prefix, a, p->plen))
			return true;
	}
	return false;
}

/* Decides where the MN is, from the routers and addresses currently known, and feeds
 * the decision to each BU list entry. */
void mn_evaluate(struct engine *e)
{
	for (unsigned i = 0; i < e->n_bul; i++) {
		struct bul_entry *be = &e->bul[i];
		const struct conf_home_link *hl = be->hl;
		struct eng_iface *best_if = NULL;
		const struct eng_addr *best = NULL;
		bool home = false, keep = false;

		for (unsigned k = 0; k < e->n_ifaces; k++) {
			struct eng_iface *ifc = &e->ifaces[k];

			if (!ifc->have_router || ifc->link != ENG_LINK_ASSOCIATED)
				continue;
			if (ra_has_prefix(&ifc->ra, &hl->hoa, hl->hoa_plen, true)) {
				home = true;
				break;
			}
			for (unsigned j = 0; j < ifc->n_addrs; j++) {
				const struct eng_addr *a = &ifc->addrs[j];

				if (a->state != ENG_ADDR_USABLE || IN6_IS_ADDR_LINKLOCAL(&a->addr) ||
				    in6_prefix_match(&a->addr, &hl->hoa, hl->hoa_plen) ||
				    !ra_has_prefix(&ifc->ra, &a->addr, 0, false))
					continue;
				if (!memcmp(&a->addr, &be->coa, sizeof(a->addr)) &&
				    ifc->ifindex == be->coa_ifindex)
					keep = true;
				if (!best_if || ifc->ra_time > best_if->ra_time ||
				    (ifc == best_if && a->seen > best->seen)) {
					best_if = ifc;
					best = a;
				}
			}
		}
		if (home) {
			if (be->state != BUL_HOME && be->state != BUL_DEREGISTERING)
				bul_fsm(e, be, BLE_AT_HOME, NULL);
			continue;
		}
		if (!best)
			continue;
		if (keep && be->state != BUL_UNKNOWN && be->state != BUL_HOME &&
		    be->state != BUL_DEREGISTERING)
			continue;
		struct mn_ev ev = { .coa = best->addr, .coa_ifindex = best_if->ifindex };
		if (keep)
			ev.coa = be->coa, ev.coa_ifindex = be->coa_ifindex;
		else
			log_info("md: care-of address %s on %s", log_in6(&best->addr),
				 best_if->name);
		bul_fsm(e, be, BLE_NEW_COA, &ev);
	}
}

void mn_timer(struct engine *e, struct bul_entry *be)
{
	switch (be->state) {
	case BUL_REGISTERED:
		bul_fsm(e, be, BLE_REFRESH, NULL);
		break;
	case BUL_REFRESHING:
		bul_fsm(e, be, be->expires && eng_now(e) >= be->expires ? BLE_EXPIRED
									 : BLE_TIMEOUT, NULL);
		break;
	case BUL_DEREGISTERING:
		if (be->resends >= MAX_DEREG_RESENDS) {
			log_warnx("bul %s: no answer from home agent %s to the deregistration",
				  log_in6(&be->hl->hoa), log_in6(&be->hl->ha));
			bul_fsm(e, be, BLE_GIVE_UP, NULL);
		} else {
			bul_fsm(e, be, BLE_TIMEOUT, NULL);
		}
		break;
	case BUL_REGISTERING:
		bul_fsm(e, be, BLE_TIMEOUT, NULL);
		break;
	default:
		break;
	}
}
