/*
 * md.c - Mobile Node movement detection (RFC 6275 §11.5.1): routers from Router
 * Advertisements and link events, Router Solicitations after an L2 trigger, and the
 * verdict for each Binding Update List entry: at home, or away with this care-of address.
 */
#include <string.h>

#include "engine_int.h"
#include "log.h"
#include "md.h"

/* RS retransmissions after an L2 trigger: RS_FAST_PROBES of them RS_FIRST_RETRANS_MS
 * apart. The MN's port can open well before the AP's hostapd has authorized the station
 * (by up to 30 ms in the lab VM) and the AP drops what comes before. */
#define RS_FIRST_RETRANS_MS 5u
#define RS_FAST_PROBES 8u
#define RS_INTERVAL_MS 1000u           /* longest gap between solicitations */
#define RA_MISSED_INTERVALS 3          /* AdvIntervals without an RA: router lost */

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

static void solicit(struct engine *e, struct eng_iface *ifc, unsigned probes)
{
	send_rs(e, ifc);
	ifc->rs_left = probes;
	if (ifc->rs_left)
		eng_arm(e, &ifc->rs_timer, eng_now(e) + rs_retrans_ms(e, ifc));
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
void md_evaluate(struct engine *e)
{
	for (unsigned i = 0; i < e->bul.n; i++) {
		struct bul_entry *be = &e->bul.v[i];
		const struct conf_home_link *hl = be->hl;
		struct eng_iface *best_if = NULL;
		const struct eng_addr *best = NULL;
		bool home = false, keep = false;

		for (unsigned k = 0; k < e->ifaces.n; k++) {
			struct eng_iface *ifc = &e->ifaces.v[k];

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
				bul_at_home(e, be);
			continue;
		}
		/* Still on the care-of address in use (an entry at home or not started has
		 * none that a visited link's address could match). */
		if (!best || keep)
			continue;
		log_info("md: care-of address %s on %s", log_in6(&best->addr), best_if->name);
		bul_new_coa(e, be, &best->addr, best_if->ifindex);
	}
}

void md_rx_ra(struct engine *e, struct eng_iface *ifc, const struct eng_ra *ra)
{
	bool same = ifc->have_router && !memcmp(&ifc->router, &ra->src, sizeof(ra->src));

	if (ra->router_lifetime == 0) {
		/* The router says it is no default router (or is leaving). */
		if (same) {
			log_info("md %s: router %s withdrew", ifc->name, log_in6(&ra->src));
			ifc->have_router = false;
			md_evaluate(e);
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
	md_evaluate(e);
}

void md_link(struct engine *e, struct eng_iface *ifc)
{
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
		solicit(e, ifc, ifc->have_router ? 0 : e->conf->mn_router_probes);
	}
	md_evaluate(e);
}

static void rs_timer(struct etimer *t, void *ctx)
{
	struct engine *e = ctx;
	struct eng_iface *ifc = container_of(t, struct eng_iface, rs_timer);

	if (ifc->have_router || ifc->link != ENG_LINK_ASSOCIATED || !ifc->rs_left)
		return;
	ifc->rs_left--;
	send_rs(e, ifc);
	if (ifc->rs_left)
		eng_arm(e, &ifc->rs_timer, eng_now(e) + rs_retrans_ms(e, ifc));
}

static void ra_timer(struct etimer *t, void *ctx)
{
	struct engine *e = ctx;
	struct eng_iface *ifc = container_of(t, struct eng_iface, ra_timer);

	if (!ifc->have_router || ifc->link != ENG_LINK_ASSOCIATED)
		return;
	log_info("md %s: no RA from %s for %u advertisement intervals: router lost",
		 ifc->name, log_in6(&ifc->router), RA_MISSED_INTERVALS);
	ifc->have_router = false;
	solicit(e, ifc, e->conf->mn_router_probes);
	md_evaluate(e);
}

void md_start(struct engine *e)
{
	for (unsigned i = 0; i < e->ifaces.n; i++) {
		e->ifaces.v[i].rs_timer.fire = rs_timer;
		e->ifaces.v[i].ra_timer.fire = ra_timer;
	}
}

void md_stop(struct engine *e)
{
	for (unsigned i = 0; i < e->ifaces.n; i++) {
		theap_disarm(&e->timers, &e->ifaces.v[i].rs_timer);
		theap_disarm(&e->timers, &e->ifaces.v[i].ra_timer);
	}
}
