/* mn_disc.c - the mobile node's Home Agent Address Discovery and Mobile Prefix
 * Solicitations (RFC 6275 §11.4.1-11.4.3). */
#include <string.h>

#include "engine_int.h"
#include "log.h"
#include "mn_disc.h"

static void send_icmp(struct engine *e, const struct eng_tx *tx, const struct dhaad_msg *m)
{
	e->stats.icmp_tx[ROLE_ICMP_SLOT(m->type)]++;
	eng_op_result(e, "send ICMPv6", e->ops->send_icmp(e->ops_ctx, tx, m));
}

static void send_request(struct engine *e, struct bul_entry *be)
{
	struct dhaad_msg m = { .type = ICMP6_DHAAD_REQUEST, .id = be->dhaad_id };
	struct eng_tx tx = { .src = be->dhaad_coa, .ifindex = be->dhaad_ifindex };

	struct eng_iface *ifc = iface_by_index(&e->ifaces, be->dhaad_ifindex);

	/* §11.4.1: to the Home-Agents anycast address of the home prefix, from the CoA. */
	if (dhaad_anycast(&be->hl->hoa, be->hl->hoa_plen, &tx.dst) != PKT_OK)
		return;
	/* As the first BU from a new CoA goes: a frame to the new router, past the routes
	 * of the link left (the home prefix may still be on-link there, and the kernel
	 * would look for the anycast address on the visited link). */
	if (ifc && iface_router_lladdr(ifc, tx.lladdr))
		tx.via_lladdr = true;
	log_info("dhaad: request id %u from %s to %s (try %u)", m.id, log_in6(&tx.src),
		 log_in6(&tx.dst), be->dhaad_tries + 1);
	send_icmp(e, &tx, &m);
	eng_arm(e, &be->dhaad_timer, eng_now(e) + be->dhaad_timeout);
}

static void dhaad_timer(struct etimer *t, void *ctx)
{
	struct engine *e = ctx;
	struct bul_entry *be = container_of(t, struct bul_entry, dhaad_timer);

	if (!be->dhaad_pending)
		return;
	if (be->dhaad_tries >= DHAAD_RETRIES) {
		/* No home agent answered: begin again, the home link may come back. */
		log_warnx("dhaad: no reply for %s after %u retransmissions; starting over",
			  log_in6(&be->hl->hoa), DHAAD_RETRIES);
		be->dhaad_tries = 0;
		be->dhaad_timeout = INITIAL_DHAAD_TIMEOUT_MS;
	} else {
		be->dhaad_tries++;
		be->dhaad_timeout *= 2;
	}
	eng_random(&be->dhaad_id, sizeof(be->dhaad_id));
	send_request(e, be);
}

static void mps_send(struct engine *e, struct bul_entry *be)
{
	struct dhaad_msg m = { .type = ICMP6_MP_SOL, .id = be->mps_id };
	struct eng_tx tx = { .src = be->coa, .ifindex = be->coa_ifindex, .dst = be->ha,
			     .with_hao = true, .hao = be->hl->hoa };

	log_info("mpd: MPS id %u to %s (try %u)", m.id, log_in6(&be->ha), be->mps_tries + 1);
	send_icmp(e, &tx, &m);
	eng_arm(e, &be->mps_timer, eng_now(e) + be->mps_timeout);
}

static bool away_registered(const struct bul_entry *be)
{
	return be->state == BUL_REGISTERED || be->state == BUL_REFRESHING;
}

static void mps_timer(struct etimer *t, void *ctx)
{
	struct engine *e = ctx;
	struct bul_entry *be = container_of(t, struct bul_entry, mps_timer);

	if (!away_registered(be) || IN6_IS_ADDR_UNSPECIFIED(&be->ha)) {
		be->mps_pending = false;
		return;
	}
	if (!be->mps_pending) {
		be->mps_pending = true;
		be->mps_tries = 0;
		be->mps_timeout = INITIAL_SOLICIT_TIMER_MS;
		eng_random(&be->mps_id, sizeof(be->mps_id));
	} else if (be->mps_tries >= MPS_RETRIES) {
		log_warnx("mpd: no advertisement from %s after %u solicitations",
			  log_in6(&be->ha), MPS_RETRIES + 1);
		be->mps_pending = false;
		return;
	} else {
		be->mps_tries++;
		be->mps_timeout *= 2;
	}
	mps_send(e, be);
}

/* The home agent's death shows only as an error to a packet of ours through its
 * tunnel (its kernel has no tunnel left to take it); a mobile node with nothing to
 * send would wait for its next refresh. */
static void probe_timer(struct etimer *t, void *ctx)
{
	struct engine *e = ctx;
	struct bul_entry *be = container_of(t, struct bul_entry, probe_timer);

	if (be->state != BUL_REGISTERED || !be->dynamic || IN6_IS_ADDR_UNSPECIFIED(&be->ha) ||
	    !e->conf->mn_ha_probe_ms)
		return;
	eng_op_result(e, "mn_probe", e->ops->mn_probe(e->ops_ctx, &be->hl->hoa, &be->ha));
	eng_arm(e, &be->probe_timer, eng_now(e) + e->conf->mn_ha_probe_ms);
}

void mn_probe_plan(struct engine *e, struct bul_entry *be)
{
	if (!be->dynamic || !e->conf->mn_ha_probe_ms || etimer_armed(&be->probe_timer))
		return;
	eng_arm(e, &be->probe_timer, eng_now(e) + e->conf->mn_ha_probe_ms);
}

void mn_disc_init(struct bul_entry *be)
{
	be->dhaad_timer.fire = dhaad_timer;
	be->mps_timer.fire = mps_timer;
	be->probe_timer.fire = probe_timer;
}

void mn_disc_stop(struct engine *e, struct bul_entry *be)
{
	theap_disarm(&e->timers, &be->dhaad_timer);
	theap_disarm(&e->timers, &be->mps_timer);
	theap_disarm(&e->timers, &be->probe_timer);
	be->dhaad_pending = be->mps_pending = false;
}

void mn_dhaad_start(struct engine *e, struct bul_entry *be, const struct in6_addr *coa,
		    int ifindex)
{
	be->dhaad_coa = *coa;
	be->dhaad_ifindex = ifindex;
	if (be->dhaad_pending)
		return; /* the retransmissions go from the newest CoA */
	be->dhaad_pending = true;
	be->dhaad_tries = 0;
	be->dhaad_timeout = INITIAL_DHAAD_TIMEOUT_MS;
	eng_random(&be->dhaad_id, sizeof(be->dhaad_id));
	send_request(e, be);
}

void mn_dhaad_cancel(struct engine *e, struct bul_entry *be)
{
	theap_disarm(&e->timers, &be->dhaad_timer);
	be->dhaad_pending = false;
}

bool mn_dhaad_take(struct engine *e, struct bul_entry *be, const struct eng_rx *rx,
		   const struct dhaad_msg *m)
{
	unsigned n = 0;

	if (!be->dhaad_pending || m->id != be->dhaad_id ||
	    !IN6_ARE_ADDR_EQUAL(&rx->dst, &be->dhaad_coa))
		return false;
	for (unsigned i = 0; i < m->n_addr && n < MN_MAX_HAS; i++) {
		const struct in6_addr *a = &m->addr[i];

		if (IN6_IS_ADDR_UNSPECIFIED(a) || IN6_IS_ADDR_MULTICAST(a) ||
		    IN6_IS_ADDR_LINKLOCAL(a) || IN6_IS_ADDR_LOOPBACK(a) ||
		    IN6_ARE_ADDR_EQUAL(a, &be->hl->hoa))
			continue;
		be->has[n++] = *a;
	}
	if (!n)
		return false;
	be->n_has = n;
	be->ha_idx = 0;
	mn_dhaad_cancel(e, be);
	log_info("dhaad: reply id %u from %s: %u home agents, first %s", m->id,
		 log_in6(&rx->src), n, log_in6(&be->has[0]));
	return true;
}

static bool home_prefix_heard(struct engine *e, const struct bul_entry *be)
{
	for (unsigned i = 0; i < e->ifaces.n; i++)
		for (unsigned j = 0; j < e->ifaces.v[i].n_prefixes; j++)
			if (in6_prefix_match(&e->ifaces.v[i].prefixes[j].prefix, &be->hl->hoa,
					     e->ifaces.v[i].prefixes[j].plen))
				return true;
	return false;
}

void mn_mps_plan(struct engine *e, struct bul_entry *be)
{
	uint64_t now = eng_now(e);
	uint32_t left = iface_valid_left(&e->ifaces, &be->hl->hoa, now);

	if (!e->conf->send_mob_pfx_sols || be->mps_pending)
		return;
	if (left == UINT32_MAX) {
		/* Never at home since the start, no Advertisement yet: the home prefix's
		 * lifetime, which caps the binding's (§11.7.1), is asked for at once. */
		if (!be->mpa_seen && !home_prefix_heard(e, be))
			eng_arm(e, &be->mps_timer, now);
		return;
	}
	/* §11.4.2: before the home address's lifetime runs out; an eighth of it leaves
	 * room for the solicitation's retransmissions. */
	eng_arm(e, &be->mps_timer, now + (uint64_t)left * 875);
}

bool mn_mpa_take(struct engine *e, struct bul_entry *be, const struct eng_rx *rx,
		 const struct dhaad_msg *m, bool *solicited)
{
	struct eng_iface *home = iface_by_name(&e->ifaces, be->hl->ifname);
	struct eng_ra ra;

	/* §11.4.3: from the home agent we are registered with, to our CoA with a type 2
	 * routing header naming our home address. */
	if (!away_registered(be) || IN6_IS_ADDR_UNSPECIFIED(&be->ha) ||
	    !IN6_ARE_ADDR_EQUAL(&rx->src, &be->ha) || !rx->has_rh2 ||
	    !IN6_ARE_ADDR_EQUAL(&rx->rh2, &be->hl->hoa) || !IN6_ARE_ADDR_EQUAL(&rx->dst, &be->coa))
		return false;
	*solicited = be->mps_pending && m->id == be->mps_id;
	be->mpa_seen = true;
	if (*solicited) {
		be->mps_pending = false;
		theap_disarm(&e->timers, &be->mps_timer);
	}
	memset(&ra, 0, sizeof(ra));
	ra.ifindex = home ? home->ifindex : 0;
	ra.src = rx->src;
	for (unsigned i = 0; i < m->n_prefix && ra.n_prefixes < ENG_RA_MAX_PREFIXES; i++) {
		const struct nd_prefix *p = &m->prefix[i];
		struct eng_prefix *q = &ra.prefixes[ra.n_prefixes++];

		q->prefix = p->prefix;
		q->plen = p->len;
		q->flags = (uint8_t)((p->l ? ENG_PI_ONLINK : 0) | (p->a ? ENG_PI_AUTO : 0));
		q->valid = p->valid;
		q->preferred = p->preferred;
		log_info("mpd: %s MPA id %u from %s: home prefix %s/%u valid %u preferred %u",
			 *solicited ? "solicited" : "unsolicited", m->id, log_in6(&rx->src),
			 log_in6(&p->prefix), p->len, p->valid, p->preferred);
	}
	if (home)
		iface_prefixes_heard(home, &ra, eng_now(e));
	mn_mps_plan(e, be);
	return true;
}
