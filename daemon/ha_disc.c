/* ha_disc.c - the home agent's discovery role (RFC 6275 §10.5, §10.6): learns the
 * home agents list from the home links' RAs, answers Home Agent Address Discovery
 * Requests sent to a home prefix's anycast address and Mobile Prefix Solicitations
 * from registered mobile nodes, and sends them unsolicited Mobile Prefix
 * Advertisements when a home prefix changes. Without IPsec these messages are not
 * protected (docs/mip6d.md, "Finding the home agent"). */
#include <string.h>

#include "engine_int.h"
#include "log.h"

static bool is_global(const struct in6_addr *a)
{
	return !IN6_IS_ADDR_LINKLOCAL(a) && !IN6_IS_ADDR_MULTICAST(a) &&
	       !IN6_IS_ADDR_UNSPECIFIED(a) && !IN6_IS_ADDR_LOOPBACK(a);
}

static void mask(struct in6_addr *a, unsigned plen)
{
	for (unsigned bit = plen; bit < 128; bit++)
		a->s6_addr[bit / 8] &= (uint8_t)~(0x80 >> (bit % 8));
}

static void send_icmp(struct engine *e, const struct eng_tx *tx, const struct dhaad_msg *m)
{
	e->stats.icmp_tx[ROLE_ICMP_SLOT(m->type)]++;
	eng_op_result(e, "send ICMPv6", e->ops->send_icmp(e->ops_ctx, tx, m));
}

/* Joins the anycast address of every served prefix (a usable global address on a
 * configured interface) and leaves those of prefixes gone. */
static void sync_anycast(struct engine *e)
{
	struct ha_disc *hd = &e->hd;
	struct hd_anycast want[HD_MAX_ANYCAST];
	unsigned n = 0;

	for (unsigned i = 0; i < e->ifaces.n; i++) {
		struct eng_iface *ifc = &e->ifaces.v[i];

		for (unsigned j = 0; j < ifc->n_addrs && ifc->ifindex; j++) {
			const struct eng_addr *a = &ifc->addrs[j];
			struct hd_anycast w = { .ifindex = ifc->ifindex, .prefix = a->addr,
						.plen = a->plen };
			bool dup = false;

			if (a->state != ENG_ADDR_USABLE || !is_global(&a->addr) ||
			    dhaad_anycast(&a->addr, a->plen, &w.addr) != PKT_OK)
				continue;
			mask(&w.prefix, w.plen);
			for (unsigned k = 0; k < n; k++)
				dup |= want[k].ifindex == w.ifindex &&
				       IN6_ARE_ADDR_EQUAL(&want[k].addr, &w.addr);
			if (!dup && n < HD_MAX_ANYCAST)
				want[n++] = w;
		}
	}
	for (unsigned k = 0; k < hd->n_any;) {
		bool keep = false;

		for (unsigned i = 0; i < n; i++)
			keep |= want[i].ifindex == hd->any[k].ifindex &&
				IN6_ARE_ADDR_EQUAL(&want[i].addr, &hd->any[k].addr);
		if (keep) {
			k++;
			continue;
		}
		eng_op_result(e, "anycast leave", e->ops->anycast(e->ops_ctx, hd->any[k].ifindex,
								  &hd->any[k].addr, false));
		hd->any[k] = hd->any[--hd->n_any];
	}
	for (unsigned i = 0; i < n; i++) {
		bool have = false;

		for (unsigned k = 0; k < hd->n_any; k++)
			have |= want[i].ifindex == hd->any[k].ifindex &&
				IN6_ARE_ADDR_EQUAL(&want[i].addr, &hd->any[k].addr);
		if (have || hd->n_any == HD_MAX_ANYCAST)
			continue;
		if (eng_op_result(e, "anycast join",
				  e->ops->anycast(e->ops_ctx, want[i].ifindex, &want[i].addr,
						  true)) == 0) {
			hd->any[hd->n_any++] = want[i];
			log_info("dhaad: listening on %s (home prefix %s/%u)",
				 log_in6(&want[i].addr), log_in6(&want[i].prefix), want[i].plen);
		}
	}
}

/* Our usable global address on ifindex within prefix/plen. */
static bool own_addr(struct engine *e, int ifindex, const struct in6_addr *prefix,
		     uint8_t plen, struct in6_addr *out)
{
	struct eng_iface *ifc = iface_by_index(&e->ifaces, ifindex);

	for (unsigned j = 0; ifc && j < ifc->n_addrs; j++) {
		const struct eng_addr *a = &ifc->addrs[j];

		if (a->state == ENG_ADDR_USABLE && is_global(&a->addr) &&
		    in6_prefix_match(&a->addr, prefix, plen)) {
			*out = a->addr;
			return true;
		}
	}
	return false;
}

static uint32_t left(uint32_t advertised, uint64_t at, uint64_t now)
{
	uint64_t gone = (now - at) / 1000;

	if (advertised == UINT32_MAX)
		return UINT32_MAX;
	return gone >= advertised ? 0 : advertised - (uint32_t)gone;
}

/* An MPA with the home prefixes of ifindex, their lifetimes counted down. */
static void fill_mpa(struct engine *e, int ifindex, uint16_t id, struct dhaad_msg *m)
{
	uint64_t now = eng_now(e);

	memset(m, 0, sizeof(*m));
	m->type = ICMP6_MP_ADV;
	m->id = id;
	for (unsigned i = 0; i < e->hd.n_pfx && m->n_prefix < ND_MAX_PREFIXES; i++) {
		const struct hd_prefix *p = &e->hd.pfx[i];
		struct nd_prefix *q;

		if (p->ifindex != ifindex)
			continue;
		q = &m->prefix[m->n_prefix++];
		q->prefix = p->prefix;
		q->len = p->plen;
		q->l = p->flags & ENG_PI_ONLINK;
		q->a = p->flags & ENG_PI_AUTO;
		q->valid = left(p->valid, p->at, now);
		q->preferred = left(p->preferred, p->at, now);
	}
}

static void send_mpa(struct engine *e, const struct binding *b, uint16_t id)
{
	struct eng_tx tx = { .src = b->r.ha_addr, .dst = b->r.coa, .with_rh2 = true,
			     .rh2 = b->r.hoa };
	struct dhaad_msg m;

	fill_mpa(e, b->r.ifindex, id, &m);
	log_info("mpd: MPA id %u to %s (hoa %s), %u prefixes", id, log_in6(&b->r.coa),
		 log_in6(&b->r.hoa), m.n_prefix);
	send_icmp(e, &tx, &m);
}

/* §10.6.2: an unsolicited MPA goes again every PREFIX_ADV_TIMEOUT, PREFIX_ADV_RETRIES
 * times, to each mobile node that has not acknowledged it with a BU since. */
static void mpa_retransmit(struct etimer *t, void *ctx)
{
	struct engine *e = ctx;
	struct ha_disc *hd = &e->hd;

	(void)t;
	for (unsigned k = 0; k < hd->n_unacked;) {
		struct binding *b = bcache_get(&e->bc, &hd->unacked[k].hoa);

		if (!b || b->state != BC_REGISTERED || b->r.seq != hd->unacked[k].seq ||
		    IN6_ARE_ADDR_EQUAL(&b->r.coa, &b->r.hoa)) {
			hd->unacked[k] = hd->unacked[--hd->n_unacked];
			continue;
		}
		send_mpa(e, b, hd->mpa_id);
		k++;
	}
	if (hd->n_unacked && ++hd->retries < PREFIX_ADV_RETRIES)
		eng_arm(e, &hd->retx_timer, eng_now(e) + PREFIX_ADV_TIMEOUT_MS);
	else
		hd->n_unacked = 0;
}

/* The unsolicited round: every registered mobile node hears the current prefixes. */
static void mpa_round(struct etimer *t, void *ctx)
{
	struct engine *e = ctx;
	uint64_t now = eng_now(e);
	uint32_t i;

	(void)t;
	e->hd.last_unsol = now;
	e->hd.mpa_id++;
	e->hd.n_unacked = 0;
	e->hd.retries = 0;
	for (struct binding *b = bcache_first(&e->bc, &i); b; b = bcache_next(&e->bc, b, &i)) {
		if (b->state != BC_REGISTERED || IN6_ARE_ADDR_EQUAL(&b->r.coa, &b->r.hoa))
			continue;
		send_mpa(e, b, e->hd.mpa_id);
		if (e->hd.n_unacked < HD_MAX_UNACKED)
			e->hd.unacked[e->hd.n_unacked++] =
				(struct hd_unacked){ .hoa = b->r.hoa, .seq = b->r.seq };
	}
	if (e->hd.n_unacked)
		eng_arm(e, &e->hd.retx_timer, now + PREFIX_ADV_TIMEOUT_MS);
	else
		theap_disarm(&e->timers, &e->hd.retx_timer);
	/* Prefixes withdrawn (valid 0) were told once; forget them now. */
	for (unsigned k = 0; k < e->hd.n_pfx;)
		if (e->hd.pfx[k].valid == 0)
			e->hd.pfx[k] = e->hd.pfx[--e->hd.n_pfx];
		else
			k++;
	/* §10.6.2: no more often than MinMobPfxAdvInterval, and again at the latest
	 * after MaxMobPfxAdvInterval. */
	eng_arm(e, &e->hd.mpa_timer, now + (uint64_t)e->conf->max_mob_pfx_adv_ivl * 1000);
}

static void prefix_changed(struct engine *e)
{
	uint64_t now = eng_now(e), at = now;
	uint64_t min = (uint64_t)e->conf->min_mob_pfx_adv_ivl * 1000;

	if (!e->conf->send_unsol_mob_pfx_advs)
		return;
	if (e->hd.last_unsol && e->hd.last_unsol + min > now)
		at = e->hd.last_unsol + min;
	if (!etimer_armed(&e->hd.mpa_timer) || e->hd.mpa_timer.when > at)
		eng_arm(e, &e->hd.mpa_timer, at);
}

static bool ra_prefixes(struct engine *e, const struct eng_ra *ra)
{
	uint64_t now = eng_now(e);
	bool changed = false;

	for (unsigned i = 0; i < ra->n_prefixes; i++) {
		const struct eng_prefix *p = &ra->prefixes[i];
		struct hd_prefix *h = NULL;
		struct in6_addr pfx = p->prefix;

		if (!(p->flags & (ENG_PI_AUTO | ENG_PI_ONLINK)) || p->plen > 128 ||
		    IN6_IS_ADDR_LINKLOCAL(&pfx))
			continue;
		mask(&pfx, p->plen);
		for (unsigned k = 0; k < e->hd.n_pfx && !h; k++)
			if (e->hd.pfx[k].ifindex == ra->ifindex && e->hd.pfx[k].plen == p->plen &&
			    IN6_ARE_ADDR_EQUAL(&e->hd.pfx[k].prefix, &pfx))
				h = &e->hd.pfx[k];
		if (!h) {
			if (p->valid == 0 || e->hd.n_pfx == HD_MAX_PREFIXES)
				continue;
			h = &e->hd.pfx[e->hd.n_pfx++];
			memset(h, 0, sizeof(*h));
			h->ifindex = ra->ifindex;
			h->prefix = pfx;
			h->plen = p->plen;
			changed = true;
			log_info("mpd: home prefix %s/%u valid %u preferred %u", log_in6(&pfx),
				 p->plen, p->valid, p->preferred);
		} else if (h->valid != p->valid || h->preferred != p->preferred) {
			changed = true;
			log_info("mpd: home prefix %s/%u now valid %u preferred %u (was %u %u)",
				 log_in6(&pfx), p->plen, p->valid, p->preferred, h->valid,
				 h->preferred);
		}
		h->flags = p->flags & (ENG_PI_AUTO | ENG_PI_ONLINK);
		h->valid = p->valid;
		h->preferred = p->preferred;
		h->at = now;
	}
	return changed;
}

static void hd_ra(struct engine *e, struct eng_iface *ifc, const struct eng_ra *ra)
{
	(void)ifc;
	if (ra->home_agent && halist_heard(e, &e->hal, ra) < 0) {
		e->stats.hal_bad++;
		log_warnx("hal: list full, home agent %s not learned", log_in6(&ra->src));
	}
	/* The prefixes of a served home link as its routers advertise them; the first
	 * sight of each counts as a change only once bindings exist to tell. */
	if (ra_prefixes(e, ra) && e->bc.count)
		prefix_changed(e);
}

static const struct hd_anycast *anycast_of(const struct engine *e, const struct in6_addr *a)
{
	for (unsigned k = 0; k < e->hd.n_any; k++)
		if (IN6_ARE_ADDR_EQUAL(&e->hd.any[k].addr, a))
			return &e->hd.any[k];
	return NULL;
}

/* §10.5: the Reply lists the home agents of the prefix by preference, this one among
 * them, from the address the Request was for's home link. */
static bool hd_rx_request(struct engine *e, const struct eng_rx *rx, const struct dhaad_msg *m)
{
	const struct hd_anycast *any = anycast_of(e, &rx->dst);
	struct dhaad_msg r = { .type = ICMP6_DHAAD_REPLY, .id = m->id };
	struct eng_tx tx = { .dst = rx->src };
	struct in6_addr self;
	bool listed = false;

	if (!any || !own_addr(e, any->ifindex, &any->prefix, any->plen, &self) ||
	    IN6_IS_ADDR_UNSPECIFIED(&rx->src) || IN6_IS_ADDR_MULTICAST(&rx->src)) {
		e->stats.dhaad_bad++;
		log_debug("dhaad: request from %s to %s: not an anycast address we serve",
			  log_in6(&rx->src), log_in6(&rx->dst));
		return true;
	}
	r.n_addr = (uint8_t)halist_addrs(&e->hal, any->ifindex, &any->prefix, any->plen,
					 r.addr, DHAAD_MAX_ADDRS - 1);
	for (unsigned i = 0; i < r.n_addr; i++)
		listed |= IN6_ARE_ADDR_EQUAL(&r.addr[i], &self);
	if (!listed) {
		/* Our own RA not heard (yet): we go where preference 0 belongs. */
		unsigned at = 0;
		const struct hal_entry *s[HAL_MAX];
		unsigned n = halist_sorted(&e->hal, s, HAL_MAX);

		for (unsigned i = 0; i < n; i++)
			if (s[i]->ifindex == any->ifindex && s[i]->preference > 0 &&
			    s[i]->n_global)
				at++;
		if (at > r.n_addr)
			at = r.n_addr;
		memmove(&r.addr[at + 1], &r.addr[at], (r.n_addr - at) * sizeof(r.addr[0]));
		r.addr[at] = self;
		r.n_addr++;
	}
	tx.src = self;
	tx.ifindex = 0;
	log_info("dhaad: request id %u from %s: %u home agents, first %s", m->id,
		 log_in6(&rx->src), r.n_addr, log_in6(&r.addr[0]));
	send_icmp(e, &tx, &r);
	return true;
}

/* §10.6.1: a solicitation from a registered mobile node, from its care-of address with
 * its home address in a HAO. */
static bool hd_rx_mps(struct engine *e, const struct eng_rx *rx, const struct dhaad_msg *m)
{
	struct binding *b = rx->has_hao ? bcache_get(&e->bc, &rx->hao) : NULL;

	if (!b || b->state != BC_REGISTERED || !IN6_ARE_ADDR_EQUAL(&b->r.coa, &rx->src) ||
	    !IN6_ARE_ADDR_EQUAL(&b->r.ha_addr, &rx->dst)) {
		e->stats.mpd_bad++;
		log_info("mpd: MPS from %s%s%s dropped: no binding for it", log_in6(&rx->src),
			 rx->has_hao ? " hoa " : " without HAO",
			 rx->has_hao ? log_in6(&rx->hao) : "");
		return true;
	}
	if (!e->conf->send_mob_pfx_advs)
		return true;
	send_mpa(e, b, m->id);
	return true;
}

static bool hd_rx_drop(struct engine *e, const struct eng_rx *rx, const struct dhaad_msg *m)
{
	(void)rx;
	/* A Reply or an Advertisement is for a mobile node. */
	if (m->type == ICMP6_DHAAD_REPLY)
		e->stats.dhaad_bad++;
	else
		e->stats.mpd_bad++;
	return true;
}

static void hd_start(struct engine *e)
{
	e->hd.mpa_timer.fire = mpa_round;
	e->hd.retx_timer.fire = mpa_retransmit;
	eng_random(&e->hd.mpa_id, sizeof(e->hd.mpa_id));
	if (theap_reserve(&e->timers, e->timers.n + HAL_MAX + 2) < 0)
		fatalx("out of memory for the home agents list's timers");
	sync_anycast(e);
}

static void hd_stop(struct engine *e)
{
	theap_disarm(&e->timers, &e->hd.mpa_timer);
	theap_disarm(&e->timers, &e->hd.retx_timer);
	halist_stop(e, &e->hal);
	for (unsigned k = 0; k < e->hd.n_any; k++)
		e->ops->anycast(e->ops_ctx, e->hd.any[k].ifindex, &e->hd.any[k].addr, false);
	e->hd.n_any = 0;
}

static void hd_addr(struct engine *e, struct eng_iface *ifc)
{
	(void)ifc;
	sync_anycast(e);
}

const struct role ha_disc_role = {
	.name = "home agent discovery",
	.start = hd_start,
	.stop = hd_stop,
	.ra = hd_ra,
	.addr = hd_addr,
	.icmp = {
		[ROLE_ICMP_SLOT(ICMP6_DHAAD_REQUEST)] = hd_rx_request,
		[ROLE_ICMP_SLOT(ICMP6_DHAAD_REPLY)] = hd_rx_drop,
		[ROLE_ICMP_SLOT(ICMP6_MP_SOL)] = hd_rx_mps,
		[ROLE_ICMP_SLOT(ICMP6_MP_ADV)] = hd_rx_drop,
	},
};
