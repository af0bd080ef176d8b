/* ops_mn.c - the Mobile Node's proposals applied: its tunnel, where its home address
 * lives, and the routes of the links it left. What is already in place comes with each
 * proposal (struct eng_mn_tunnel); this file keeps only the tunnel device it made. */
#include <errno.h>
#include <linux/if_addr.h>

#include "io.h"
#include "kern.h"
#include "log.h"
#include "ops_int.h"

static int tnl_ifindex;          /* mip6mn; 0: not created yet */
static bool tnl_ext;             /* mip6mn is a collect_md tunnel */

static void prefix_of(struct in6_addr *p, const struct in6_addr *a, int plen)
{
	*p = *a;
	for (int i = 0; i < 16; i++) {
		int bits = plen - i * 8;
		if (bits >= 8)
			continue;
		p->s6_addr[i] &= bits <= 0 ? 0 : (uint8_t)(0xff << (8 - bits));
	}
}

/* The default routes through the routers of links left: the kernel keeps them until
 * their RA lifetimes run out, and packets to the HA would go to a router that is not
 * there. */
static void drop_stale_routers(const struct eng_mn_tunnel *t)
{
	struct kern_route r;

	for (unsigned i = 0; i < t->n_stale; i++) {
		memset(&r, 0, sizeof(r));
		r.gw = t->stale[i].addr;
		r.ifindex = t->stale[i].ifindex;
		if (kern_route_del(&r) == 0)
			log_info("kern: default route via %s removed (left that link)",
				 log_in6(&t->stale[i].addr));
	}
}

/* The home prefix's on-link routes on ifindex: away, packets to the HA (an address of
 * that prefix) would be sent on-link on the foreign link. */
static void drop_home_prefix(const struct eng_mn_tunnel *t, int ifindex)
{
	struct kern_route r;

	memset(&r, 0, sizeof(r));
	prefix_of(&r.dst, &t->hoa, t->hoa_plen);
	r.plen = t->hoa_plen;
	r.ifindex = ifindex;
	/* Twice: the kernel's own and the RA's may both exist. */
	for (int i = 0; i < 2 && kern_route_del(&r) == 0; i++)
		;
}

static void drop_home_prefixes(const struct eng_mn_tunnel *t)
{
	if (t->home_ifindex != t->coa_ifindex)
		drop_home_prefix(t, t->home_ifindex);
	drop_home_prefix(t, t->coa_ifindex);
}

static void drop_home_routes(const struct eng_mn_tunnel *t)
{
	drop_stale_routers(t);
	drop_home_prefixes(t);
}

/* The HoA leaves the watched link it is on; if we are stopped while away, an HoA the
 * user configured goes back where it was (kern_close). */
static void hoa_leave_home(const struct eng_mn_tunnel *t)
{
	if (!t->hoa_ifindex)
		return;
	if (kern_addr_take(t->hoa_ifindex, &t->hoa, t->hoa_at_plen,
			   IFA_F_NODAD | IFA_F_HOMEADDRESS) == 0)
		log_info("kern: HoA %s/%d off the home link (away)", log_in6(&t->hoa),
			 t->hoa_at_plen);
}

int ops_mn_prepare(void *ctx, const struct eng_mn_tunnel *t)
{
	(void)ctx;
	hoa_leave_home(t);
	drop_home_routes(t);
	return 0;
}

/* The tunnel device is made at start, down, so that a move only sets its endpoints
 * and brings it up (creating an ip6tnl costs several milliseconds under TCG, on the
 * handover path). Doubles as the check that ip6_tunnel works. */
int ops_mn_prepare_tunnel(const struct in6_addr *ha)
{
	struct in6_addr any = IN6ADDR_ANY_INIT;
	int idx, err;

	if (tnl_ifindex)
		return 0;
	/* Best a collect_md tunnel: it decapsulates whatever arrives, so what the HA
	 * tunnels to a new CoA is accepted before we have done anything at all (the
	 * HoA is still on the home interface, and local anywhere); the reverse
	 * direction is one route, encapsulated from the CoA to the HA. */
	idx = ops_per_coa_forced() ? -EOPNOTSUPP : kern_tunnel_add_external("mip6mn");
	if (idx >= 0) {
		tnl_ifindex = idx;
		tnl_ext = true;
		log_info("kern: tunnel mip6mn (collect_md) ready for %s", log_in6(ha));
		return 0;
	}
	log_info("kern: no collect_md tunnel (%s): mip6mn follows each CoA",
		 ops_per_coa_forced() ? "MIP6D_TUNNELS=per-coa" : strerror(-idx));
	idx = kern_tunnel_add("mip6mn", 0, &any, ha);
	if (idx < 0)
		return idx;
	err = kern_link_set(idx, false);
	if (err) {
		kern_tunnel_del(idx);
		return err;
	}
	tnl_ifindex = idx;
	log_info("kern: tunnel mip6mn to %s ready (down)", log_in6(ha));
	return 0;
}

/* table 252's default route: into the tunnel, encapsulated from the CoA to the HA. */
static void reverse_route(struct kern_route *r, const struct eng_mn_tunnel *t)
{
	memset(r, 0, sizeof(*r));
	r->ifindex = tnl_ifindex;
	r->table = KERN_MN_TABLE;
	if (tnl_ext && t) {
		r->encap_dst = t->ha;
		r->encap_src = t->coa;
	}
}

/* The HoA on the tunnel, to receive what the HA tunnels. Not yet flagged as a home
 * address unless t->reverse: that flag makes source selection prefer it (RFC 6724 rule
 * 4), and until the BA nothing sourced from it can come back (the HA does not intercept
 * for it while it runs DAD). */
static int hoa_on_tunnel(const struct eng_mn_tunnel *t)
{
	uint32_t flags = IFA_F_NODAD |
			 (t->reverse || t->home_flag_early ? IFA_F_HOMEADDRESS : 0);
	int err = kern_addr_add(tnl_ifindex, &t->hoa, 128, flags);

	if (err) {
		log_warnx("kern: HoA %s on tunnel: %s", log_in6(&t->hoa), strerror(-err));
		return err;
	}
	log_info("kern: HoA %s on tunnel", log_in6(&t->hoa));
	return 0;
}

static int hoa_preferred(const struct eng_mn_tunnel *t)
{
	int err = kern_addr_set_flags(tnl_ifindex, &t->hoa, 128,
				      IFA_F_NODAD | IFA_F_HOMEADDRESS);

	if (err)
		log_warnx("kern: HoA %s as home address: %s", log_in6(&t->hoa), strerror(-err));
	return err;
}

/* Whether the HoA on the tunnel carries IFA_F_HOMEADDRESS already. */
static bool hoa_flagged(const struct eng_mn_tunnel *t)
{
	return t->was_reverse || t->home_flag_early || (!t->was_set && t->reverse);
}

static int ext_tunnel_set(const struct eng_mn_tunnel *t)
{
	struct kern_route r;
	int err;

	/* The HoA joins the tunnel before it leaves the home interface: it never
	 * stops being local, and what the HA tunnels keeps being accepted. */
	if (!t->was_set) {
		err = hoa_on_tunnel(t);
		if (err)
			return err;
	}
	/* The HoA leaves home last (below), but the home prefix's routes go now. */
	if (!t->prepared)
		drop_home_prefixes(t);
	/* The reverse direction follows the CoA at once, not at the BA: the HA tunnels
	 * to the new CoA as soon as it has the BU, and the kernel answers what arrives
	 * on mip6mn through mip6mn, which sends nothing without a route that says how
	 * to encapsulate (those answers were lost until the BA). The HoA leaves the
	 * home interface after that: under TCG that can take 10 ms. */
	if (!t->was_set || !IN6_ARE_ADDR_EQUAL(&t->was_coa, &t->coa) ||
	    !IN6_ARE_ADDR_EQUAL(&t->was_ha, &t->ha)) {
		reverse_route(&r, t);
		err = kern_route_replace(&r);
		if (err) {
			log_warnx("kern: reverse tunnel route from %s: %s", log_in6(&t->coa),
				  strerror(-err));
			return err;
		}
		if (!t->was_set) {
			err = kern_rule_add(&t->hoa, 128, KERN_MN_TABLE, KERN_MN_RULE_PRI);
			if (err) {
				log_warnx("kern: rule for %s: %s", log_in6(&t->hoa),
					  strerror(-err));
				return err;
			}
		}
		log_info("kern: from %s lookup table %d (reverse tunnel from %s)",
			 log_in6(&t->hoa), KERN_MN_TABLE, log_in6(&t->coa));
	}
	hoa_leave_home(t);
	/* Registered: the HoA becomes the preferred source. */
	if (!t->reverse || t->was_reverse)
		return 0;
	drop_home_routes(t);
	if (hoa_flagged(t))
		return 0;
	err = hoa_preferred(t);
	if (!err)
		log_info("kern: HoA %s is the home address (registered)", log_in6(&t->hoa));
	return err;
}

int ops_mn_tunnel_set(void *ctx, const struct eng_mn_tunnel *t)
{
	struct kern_route r;
	int err;

	(void)ctx;
	/* First the default route through the router we left (the kernel keeps it
	 * until its RA lifetime ends): answers from the HoA would go to it. */
	if (!t->prepared)
		drop_stale_routers(t);
	if (tnl_ext)
		return ext_tunnel_set(t);
	/* Order matters for the first packets the HA tunnels after its BA: the
	 * tunnel first (it decapsulates, and the HoA is still local on the home
	 * interface), then the HoA moves onto it, then the routes. */
	if (!tnl_ifindex) {
		int idx = kern_tunnel_add("mip6mn", 0, &t->coa, &t->ha);
		if (idx < 0) {
			log_warnx("kern: MN tunnel %s -> %s: %s", log_in6(&t->coa),
				  log_in6(&t->ha), strerror(-idx));
			return idx;
		}
		tnl_ifindex = idx;
		log_info("kern: tunnel mip6mn %s -> %s added", log_in6(&t->coa),
			 log_in6(&t->ha));
	} else if (!t->was_set || !IN6_ARE_ADDR_EQUAL(&t->was_coa, &t->coa) ||
		   !IN6_ARE_ADDR_EQUAL(&t->was_ha, &t->ha)) {
		err = kern_tunnel_change_up(tnl_ifindex, 0, &t->coa, &t->ha, true);
		if (err) {
			log_warnx("kern: MN tunnel to %s from %s: %s", log_in6(&t->ha),
				  log_in6(&t->coa), strerror(-err));
			return err;
		}
		log_info("kern: tunnel mip6mn now %s -> %s", log_in6(&t->coa),
			 log_in6(&t->ha));
	}
	/* The HoA leaves the home link (its prefix is not on-link here) and lives on
	 * the tunnel, where applications keep using it. */
	if (!t->was_set) {
		hoa_leave_home(t);
		err = hoa_on_tunnel(t);
		if (err)
			return err;
	}
	if (!t->prepared)
		drop_home_prefixes(t);
	if (!t->reverse || t->was_reverse)
		return 0;

	drop_home_routes(t);

	/* Everything sourced from the HoA goes through the reverse tunnel. */
	reverse_route(&r, NULL);
	err = hoa_flagged(t) ? 0 : hoa_preferred(t);
	if (!err)
		err = kern_route_add(&r);
	if (!err)
		err = kern_rule_add(&t->hoa, 128, KERN_MN_TABLE, KERN_MN_RULE_PRI);
	if (err) {
		log_warnx("kern: reverse tunnel route for %s: %s", log_in6(&t->hoa),
			  strerror(-err));
		return err;
	}
	log_info("kern: from %s lookup table %d (reverse tunnel)", log_in6(&t->hoa),
		 KERN_MN_TABLE);
	return 0;
}

/* The tunnel device stays for the next move: deleting an ip6tnl waits for an RCU grace
 * period (about 20 ms under TCG) and creating one costs as much again, both on the
 * handover path. A per-CoA one goes down; a collect_md one stays up, without the HoA or
 * a route (the article's ip6tnl1 at home). kern_close() removes it at exit. */
int ops_mn_tunnel_clear(void *ctx, const struct eng_mn_tunnel *t)
{
	/* The reverse route and rule: set with the tunnel in collect_md mode, with the
	 * BA otherwise. */
	bool reverse_on = tnl_ext ? t->was_set : t->was_reverse;
	struct kern_route r;
	int err;

	(void)ctx;
	if (reverse_on) {
		kern_rule_del(&t->hoa, 128, KERN_MN_TABLE, KERN_MN_RULE_PRI);
		reverse_route(&r, NULL);
		kern_route_del(&r);
	}
	if (t->was_set)
		kern_addr_del(tnl_ifindex, &t->hoa, 128);
	if (!tnl_ext && tnl_ifindex && t->was_set && kern_link_set(tnl_ifindex, false) == 0)
		log_info("kern: tunnel mip6mn down");

	/* Back home: no DAD, the HA defended the HoA until our deregistration (RFC 6275
	 * §11.5.4). */
	err = kern_addr_restore(t->home_ifindex, &t->hoa, t->hoa_plen,
				IFA_F_NODAD | IFA_F_HOMEADDRESS);
	if (err) {
		log_warnx("kern: HoA %s back on home link: %s", log_in6(&t->hoa),
			  strerror(-err));
		return err;
	}
	drop_stale_routers(t);
	log_info("kern: HoA %s back on the home link", log_in6(&t->hoa));
	return 0;
}

int ops_mn_announce(void *ctx, int ifindex, const struct in6_addr *addr)
{
	(void)ctx;
	log_info("kern: unsolicited NA for %s (back home)", log_in6(addr));
	return io_send_proxy_na(ifindex, addr);
}
