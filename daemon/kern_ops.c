/* The engine's proposals (struct engine_ops) applied to the kernel and the
 * wire. Each op says in one log line what it does to the system. */
#include <errno.h>
#include <linux/if_addr.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "io.h"
#include "kern.h"
#include "kern_map.h"
#include "log.h"

/* ---- Home Agent: tunnels to care-of addresses, host routes to HoAs ---- */

/* One tunnel per (HA address, CoA), shared by the HoAs behind that CoA. */
struct tunnel_key {
	struct in6_addr local, remote;
};
struct ha_tunnel {
	int ifindex;
	unsigned refs;
};
static struct kmap tunnels;     /* tunnel_key -> ha_tunnel */
static unsigned tunnel_serial;

/* Which tunnel each HoA's /128 currently points into. */
static struct kmap ha_routes;   /* in6_addr (HoA) -> int (tunnel ifindex) */

static void ha_maps_init(void)
{
	if (!tunnels.keysz) {
		kmap_init(&tunnels, sizeof(struct tunnel_key), sizeof(struct ha_tunnel));
		kmap_init(&ha_routes, sizeof(struct in6_addr), sizeof(int));
	}
}

static void tunnel_key(struct tunnel_key *k, const struct in6_addr *local,
		       const struct in6_addr *remote)
{
	memset(k, 0, sizeof(*k));
	k->local = *local;
	k->remote = *remote;
}

static void host_route(struct kern_route *r, const struct in6_addr *dst,
		       int ifindex)
{
	memset(r, 0, sizeof(*r));
	r->dst = *dst;
	r->plen = 128;
	r->ifindex = ifindex;
	r->metric = 1;
}

static void tunnel_unref(const struct tunnel_key *k, struct ha_tunnel *t)
{
	if (--t->refs > 0)
		return;
	log_info("kern: tunnel %s -> %s (ifindex %d) removed",
		 log_in6(&k->local), log_in6(&k->remote), t->ifindex);
	kern_tunnel_del(t->ifindex);
	kmap_del(&tunnels, k);
}

/* With a collect_md tunnel ("external", one per namespace) a binding is one route:
 * HoA/128 into that tunnel, encapsulated to the CoA. No device per CoA: nothing to
 * create on the registration path (an ip6tnl creation costs 5-15 ms of RTNL time
 * under TCG, more than the rest of the HA's work) and no limit from the number of
 * network devices. The device decapsulates what any remote sends it. Without it
 * (kernel without collect_md or lightweight tunnels) one ip6tnl per CoA, as below. */
static int ha_ext_ifindex;
static struct kmap ha_ext_coa;      /* in6_addr (HoA) -> in6_addr (CoA it is routed to) */

/* MIP6D_TUNNELS=per-coa: one ip6tnl per CoA even where collect_md works (the
 * fallback's own test, and a kernel whose collect_md misbehaves). */
static bool per_coa_forced(void)
{
	const char *v = getenv("MIP6D_TUNNELS");

	return v && !strcmp(v, "per-coa");
}

int kern_ha_tunnel_prepare(void)
{
	int idx = per_coa_forced() ? -EOPNOTSUPP : kern_tunnel_add_external("mip6ha"), err;

	if (idx < 0) {
		log_info("kern: no collect_md tunnel (%s): one ip6tnl per care-of address",
			 per_coa_forced() ? "MIP6D_TUNNELS=per-coa" : strerror(-idx));
		return kern_tunnel_probe();
	}
	ha_ext_ifindex = idx;
	kmap_init(&ha_ext_coa, sizeof(struct in6_addr), sizeof(struct in6_addr));
	log_info("kern: tunnel mip6ha (collect_md): bindings are routes encapsulated to the CoA");
	/* A collect_md device takes tunnelled packets from anyone: without the check
	 * the HA relays any source into the home link. */
	err = kern_nft_ha_check();
	if (err)
		log_warnx("kern: no check of reverse-tunnelled sources (nft: %s): mip6ha "
			  "forwards packets from any source", strerror(-err));
	else
		log_info("kern: nftables table ip6 mip6d: tunnelled packets only from a "
			 "registered (care-of address . home address)");
	return 0;
}

static int ha_ext_add(const struct in6_addr *hoa, const struct in6_addr *ha_addr,
		      const struct in6_addr *coa)
{
	struct in6_addr *cur = kmap_get(&ha_ext_coa, hoa);
	struct kern_route r;
	int err;

	if (cur && IN6_ARE_ADDR_EQUAL(cur, coa))
		return 0;
	/* The new pair is let in before the BA can reach the MN (its reverse-tunnelled
	 * packets follow the BU at once); the old one goes after the route moved. */
	err = kern_nft_binding_add(coa, hoa);
	if (err && err != -EEXIST) {
		log_warnx("kern: nftables pair %s . %s: %s", log_in6(coa), log_in6(hoa),
			  strerror(-err));
		return err;
	}
	host_route(&r, hoa, ha_ext_ifindex);
	r.encap_dst = *coa;
	r.encap_src = *ha_addr;
	/* A CoA change replaces the route in place: no moment without one. */
	err = kern_route_replace(&r);
	if (!err && !cur && !kmap_put(&ha_ext_coa, hoa, coa)) {
		kern_route_del(&r);
		err = -ENOMEM;
	}
	if (err) {
		kern_nft_binding_del(coa, hoa);
		log_warnx("kern: route %s/128 encapsulated to %s: %s", log_in6(hoa),
			  log_in6(coa), strerror(-err));
		return err;
	}
	if (cur) {
		kern_nft_binding_del(cur, hoa);
		*cur = *coa;
	}
	log_info("kern: route %s/128 via tunnel to %s", log_in6(hoa), log_in6(coa));
	return 0;
}

static int ha_ext_del(const struct in6_addr *hoa, const struct in6_addr *coa)
{
	struct in6_addr *cur = kmap_get(&ha_ext_coa, hoa);
	struct kern_route r;

	/* After a CoA change the route already points at the new CoA. */
	if (!cur || !IN6_ARE_ADDR_EQUAL(cur, coa))
		return 0;
	host_route(&r, hoa, ha_ext_ifindex);
	kern_route_del(&r);
	kern_nft_binding_del(coa, hoa);
	kmap_del(&ha_ext_coa, hoa);
	log_info("kern: route %s/128 via tunnel to %s removed", log_in6(hoa), log_in6(coa));
	return 0;
}

static int op_ha_tunnel_add(void *ctx, const struct in6_addr *hoa,
			    const struct in6_addr *ha_addr,
			    const struct in6_addr *coa)
{
	struct tunnel_key k;
	struct ha_tunnel *t;
	struct kern_route r;
	int *routed, err;

	(void)ctx;
	if (ha_ext_ifindex)
		return ha_ext_add(hoa, ha_addr, coa);
	ha_maps_init();
	tunnel_key(&k, ha_addr, coa);
	t = kmap_get(&tunnels, &k);
	if (!t) {
		char name[IF_NAMESIZE];
		struct ha_tunnel nt = { 0 };

		snprintf(name, sizeof(name), "mip6ha%u", tunnel_serial++);
		nt.ifindex = kern_tunnel_add(name, 0, ha_addr, coa);
		if (nt.ifindex < 0) {
			log_warnx("kern: tunnel %s -> %s: %s", log_in6(ha_addr),
				  log_in6(coa), strerror(-nt.ifindex));
			return nt.ifindex;
		}
		t = kmap_put(&tunnels, &k, &nt);
		if (!t) {
			kern_tunnel_del(nt.ifindex);
			return -ENOMEM;
		}
		log_info("kern: tunnel %s %s -> %s added", name, log_in6(ha_addr),
			 log_in6(coa));
	}
	t->refs++;
	routed = kmap_get(&ha_routes, hoa);
	if (routed && *routed == t->ifindex)
		return 0;
	if (routed) {
		/* CoA change: the engine adds the new tunnel before it drops
		 * the old one; move the /128 now. */
		host_route(&r, hoa, *routed);
		kern_route_del(&r);
		kmap_del(&ha_routes, hoa);
	}
	host_route(&r, hoa, t->ifindex);
	err = kern_route_add(&r);
	if (!err && !kmap_put(&ha_routes, hoa, &t->ifindex)) {
		kern_route_del(&r);
		err = -ENOMEM;
	}
	if (err) {
		log_warnx("kern: route %s/128 into tunnel: %s", log_in6(hoa),
			  strerror(-err));
		tunnel_unref(&k, t);
		return err;
	}
	log_info("kern: route %s/128 via tunnel to %s", log_in6(hoa),
		 log_in6(coa));
	return 0;
}

static int op_ha_tunnel_del(void *ctx, const struct in6_addr *hoa,
			    const struct in6_addr *ha_addr,
			    const struct in6_addr *coa)
{
	struct tunnel_key k;
	struct ha_tunnel *t;
	int *routed;

	(void)ctx;
	if (ha_ext_ifindex)
		return ha_ext_del(hoa, coa);
	ha_maps_init();
	tunnel_key(&k, ha_addr, coa);
	t = kmap_get(&tunnels, &k);
	if (!t)
		return 0;
	routed = kmap_get(&ha_routes, hoa);
	if (routed && *routed == t->ifindex) {
		struct kern_route r;

		host_route(&r, hoa, t->ifindex);
		kern_route_del(&r);
		kmap_del(&ha_routes, hoa);
		log_info("kern: route %s/128 via tunnel to %s removed",
			 log_in6(hoa), log_in6(coa));
	}
	tunnel_unref(&k, t);
	return 0;
}

/* ---- Home Agent: proxy ND and DAD on the MN's behalf ---- */

static int op_proxy_nd_add(void *ctx, int ifindex, const struct in6_addr *hoa)
{
	char name[IF_NAMESIZE];
	int err;

	(void)ctx;
	if (!if_indextoname((unsigned)ifindex, name))
		return -errno;
	/* Proxy entries are only answered with proxy_ndp on. */
	err = kern_sysctl_set(name, "proxy_ndp", 1);
	if (!err)
		err = kern_proxy_add(ifindex, hoa);
	if (err) {
		log_warnx("kern: proxy ND for %s on %s: %s", log_in6(hoa), name,
			  strerror(-err));
		return err;
	}
	log_info("kern: proxy ND for %s on %s", log_in6(hoa), name);
	/* Neighbours still holding the MN's link-layer address learn ours. */
	err = io_send_proxy_na(ifindex, hoa);
	if (err)
		log_warnx("kern: unsolicited NA for %s: %s", log_in6(hoa),
			  strerror(-err));
	return 0;
}

static int op_proxy_nd_del(void *ctx, int ifindex, const struct in6_addr *hoa)
{
	(void)ctx;
	log_info("kern: proxy ND for %s on %d removed", log_in6(hoa), ifindex);
	return kern_proxy_del(ifindex, hoa);
}

static int op_ha_dad_start(void *ctx, int ifindex, const struct in6_addr *hoa)
{
	(void)ctx;
	return io_dad_start(ifindex, hoa);
}

static int op_ha_dad_stop(void *ctx, int ifindex, const struct in6_addr *hoa)
{
	(void)ctx;
	return io_dad_stop(ifindex, hoa);
}

/* ---- Mobile Node ---- */

static int mn_tnl_ifindex;          /* 0: not created yet */
static struct in6_addr mn_tnl_local, mn_tnl_remote;
static bool mn_tnl_up, mn_hoa_on_tnl, mn_reverse_on;
static bool mn_ext;                 /* mip6mn is a collect_md tunnel */
static bool mn_hoa_flagged;         /* the HoA on the tunnel has IFA_F_HOMEADDRESS */

/* After a move the previous link's router and the home prefix would
 * still be in the main table (until their RA lifetimes run out): packets
 * to the HA would go on-link, or to a router that is not there. */
static void mn_drop_stale_routes(int ifindex, const struct in6_addr *prefix,
				 int plen)
{
	struct in6_addr old[8];
	int n = io_nd_stale_routers(ifindex, old, 8);
	struct kern_route r;

	for (int i = 0; i < n; i++) {
		memset(&r, 0, sizeof(r));
		r.gw = old[i];
		r.ifindex = ifindex;
		if (kern_route_del(&r) == 0)
			log_info("kern: default route via %s removed (left that link)",
				 log_in6(&old[i]));
		io_nd_forget_router(ifindex, &old[i]);
	}
	if (prefix) {
		memset(&r, 0, sizeof(r));
		r.dst = *prefix;
		r.plen = plen;
		r.ifindex = ifindex;
		/* Twice: the kernel's own and the RA's may both exist. */
		for (int i = 0; i < 2 && kern_route_del(&r) == 0; i++)
			;
	}
}

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

/* Before the HoA's traffic can use a new care-of address, the HoA must be off
 * the home link and the routes of the link we left gone, or packets to the HA
 * (an address of the home prefix) would be sent on-link on the foreign link,
 * or to the previous router. mn_prepared_coa: the CoA this was done for. */
static struct in6_addr mn_prepared_coa;
/* The HoA we took off the home link was configured before mip6d ran. */
static bool mn_hoa_foreign;
static struct in6_addr mn_home_prefix;
static int mn_home_plen = -1, mn_home_ifindex;

/* Where the home prefix is, for mn_routes_for(). */
static void mn_home_is(const struct in6_addr *hoa, int plen, int ifindex)
{
	prefix_of(&mn_home_prefix, hoa, plen);
	mn_home_plen = plen;
	mn_home_ifindex = ifindex;
}

/* The HoA leaves the interface it is on (not our tunnel); its prefix is kept for
 * mn_routes_for(). */
static void mn_hoa_leave_home(const struct in6_addr *hoa)
{
	int ifindex, plen;

	if (!io_addr_where(hoa, &ifindex, &plen) || ifindex == mn_tnl_ifindex)
		return;
	if (!kern_addr_is_ours(ifindex, hoa, plen))
		mn_hoa_foreign = true;
	/* If we are stopped while away, the HoA the user configured goes
	 * back where it was (kern_close). */
	if (kern_addr_take(ifindex, hoa, plen, IFA_F_NODAD | IFA_F_HOMEADDRESS) == 0)
		log_info("kern: HoA %s/%d off the home link (away)", log_in6(hoa), plen);
	mn_home_is(hoa, plen, ifindex);
}

static void mn_routes_for(const struct in6_addr *coa, int coa_ifindex)
{
	if (IN6_ARE_ADDR_EQUAL(&mn_prepared_coa, coa))
		return;
	if (mn_home_plen >= 0 && mn_home_ifindex != coa_ifindex)
		mn_drop_stale_routes(mn_home_ifindex, &mn_home_prefix, mn_home_plen);
	mn_drop_stale_routes(coa_ifindex, mn_home_plen >= 0 ? &mn_home_prefix : NULL,
			     mn_home_plen);
	mn_prepared_coa = *coa;
}

/* The MN's tunnel device is made at start, down, so that a move only sets its
 * endpoints and brings it up (creating an ip6tnl costs several milliseconds under
 * TCG, on the handover path). Doubles as the check that ip6_tunnel works. */
int kern_mn_tunnel_prepare(const struct in6_addr *ha)
{
	struct in6_addr any = IN6ADDR_ANY_INIT;
	int idx, err;

	if (mn_tnl_ifindex)
		return 0;
	/* Best a collect_md tunnel: it decapsulates whatever arrives, so what the HA
	 * tunnels to a new CoA is accepted before we have done anything at all (the
	 * HoA is still on the home interface, and local anywhere); the reverse
	 * direction is one route, encapsulated from the CoA to the HA. */
	idx = per_coa_forced() ? -EOPNOTSUPP : kern_tunnel_add_external("mip6mn");
	if (idx >= 0) {
		mn_tnl_ifindex = idx;
		mn_ext = true;
		log_info("kern: tunnel mip6mn (collect_md) ready for %s", log_in6(ha));
		return 0;
	}
	log_info("kern: no collect_md tunnel (%s): mip6mn follows each CoA",
		 per_coa_forced() ? "MIP6D_TUNNELS=per-coa" : strerror(-idx));
	idx = kern_tunnel_add("mip6mn", 0, &any, ha);
	if (idx < 0)
		return idx;
	err = kern_link_set(idx, false);
	if (err) {
		kern_tunnel_del(idx);
		return err;
	}
	mn_tnl_ifindex = idx;
	mn_tnl_up = false;
	mn_tnl_local = any;
	mn_tnl_remote = *ha;
	log_info("kern: tunnel mip6mn to %s ready (down)", log_in6(ha));
	return 0;
}

/* table 252's default route: into the tunnel, encapsulated from the CoA to the HA. */
static void mn_reverse_route(struct kern_route *r, const struct eng_mn_tunnel *t)
{
	memset(r, 0, sizeof(*r));
	r->ifindex = mn_tnl_ifindex;
	r->table = KERN_MN_TABLE;
	if (mn_ext && t) {
		r->encap_dst = t->ha;
		r->encap_src = t->coa;
	}
}

static void mn_drop_home_routes(const struct eng_mn_tunnel *t)
{
	struct in6_addr home_prefix;

	/* Routes an RA put back since (prefix routes of the home link). */
	prefix_of(&home_prefix, &t->hoa, t->hoa_plen);
	mn_drop_stale_routes(t->coa_ifindex, &home_prefix, t->hoa_plen);
	if (t->home_ifindex != t->coa_ifindex)
		mn_drop_stale_routes(t->home_ifindex, &home_prefix, t->hoa_plen);
}

/* The HoA on the tunnel, to receive what the HA tunnels. Not yet flagged as a home
 * address: that flag makes source selection prefer it (RFC 6724 rule 4), and until
 * the BA nothing sourced from it can come back (the HA does not intercept for it
 * while it runs DAD). mn_hoa_preferred() sets the flag with the reverse route. */
static int mn_hoa_on_tunnel(const struct eng_mn_tunnel *t)
{
	uint32_t flags = IFA_F_NODAD | (t->reverse ? IFA_F_HOMEADDRESS : 0);
	int err;

	if (mn_hoa_on_tnl)
		return 0;
	err = kern_addr_add(mn_tnl_ifindex, &t->hoa, 128, flags);
	if (err) {
		log_warnx("kern: HoA %s on tunnel: %s", log_in6(&t->hoa), strerror(-err));
		return err;
	}
	mn_hoa_on_tnl = true;
	mn_hoa_flagged = t->reverse;
	log_info("kern: HoA %s on tunnel", log_in6(&t->hoa));
	return 0;
}

static int mn_hoa_preferred(const struct eng_mn_tunnel *t)
{
	int err;

	if (mn_hoa_flagged)
		return 0;
	err = kern_addr_set_flags(mn_tnl_ifindex, &t->hoa, 128,
				  IFA_F_NODAD | IFA_F_HOMEADDRESS);
	if (err) {
		log_warnx("kern: HoA %s as home address: %s", log_in6(&t->hoa), strerror(-err));
		return err;
	}
	mn_hoa_flagged = true;
	return 0;
}

static int mn_ext_tunnel_set(const struct eng_mn_tunnel *t)
{
	struct kern_route r;
	int err;

	/* The HoA joins the tunnel before it leaves the home interface: it never
	 * stops being local, and what the HA tunnels keeps being accepted. */
	err = mn_hoa_on_tunnel(t);
	if (err)
		return err;
	/* The HoA leaves home last (below), but the home prefix's routes go now. */
	if (mn_home_plen < 0)
		mn_home_is(&t->hoa, t->hoa_plen, t->home_ifindex);
	mn_routes_for(&t->coa, t->coa_ifindex);
	/* The reverse direction follows the CoA at once, not at the BA: the HA tunnels
	 * to the new CoA as soon as it has the BU, and the kernel answers what arrives
	 * on mip6mn through mip6mn, which sends nothing without a route that says how
	 * to encapsulate (those answers were lost until the BA). The HoA leaves the
	 * home interface after that: under TCG that can take 10 ms. */
	if (!mn_reverse_on || !IN6_ARE_ADDR_EQUAL(&mn_tnl_local, &t->coa)) {
		mn_reverse_route(&r, t);
		err = kern_route_replace(&r);
		if (err) {
			log_warnx("kern: reverse tunnel route from %s: %s",
				  log_in6(&t->coa), strerror(-err));
			return err;
		}
		mn_tnl_local = t->coa;
		mn_tnl_remote = t->ha;
		if (!mn_reverse_on) {
			err = kern_rule_add(&t->hoa, 128, KERN_MN_TABLE, KERN_MN_RULE_PRI);
			if (err) {
				log_warnx("kern: rule for %s: %s", log_in6(&t->hoa),
					  strerror(-err));
				return err;
			}
			mn_reverse_on = true;
		}
		log_info("kern: from %s lookup table %d (reverse tunnel from %s)",
			 log_in6(&t->hoa), KERN_MN_TABLE, log_in6(&t->coa));
	}
	mn_hoa_leave_home(&t->hoa);
	/* Registered: the HoA becomes the preferred source. */
	if (!t->reverse || mn_hoa_flagged)
		return 0;
	mn_drop_home_routes(t);
	err = mn_hoa_preferred(t);
	if (!err)
		log_info("kern: HoA %s is the home address (registered)", log_in6(&t->hoa));
	return err;
}

static int op_mn_tunnel_set(void *ctx, const struct eng_mn_tunnel *t)
{
	struct kern_route r;
	int err;

	(void)ctx;
	/* First the default route through the router we left (the kernel keeps it
	 * until its RA lifetime ends): answers from the HoA would go to it. */
	if (!IN6_ARE_ADDR_EQUAL(&mn_prepared_coa, &t->coa))
		mn_drop_stale_routes(t->coa_ifindex, NULL, 0);
	if (mn_ext)
		return mn_ext_tunnel_set(t);
	/* Order matters for the first packets the HA tunnels after its BA: the
	 * tunnel first (it decapsulates, and the HoA is still local on the home
	 * interface), then the HoA moves onto it, then the routes. */
	if (!mn_tnl_ifindex) {
		int idx = kern_tunnel_add("mip6mn", 0, &t->coa, &t->ha);
		if (idx < 0) {
			log_warnx("kern: MN tunnel %s -> %s: %s", log_in6(&t->coa),
				  log_in6(&t->ha), strerror(-idx));
			return idx;
		}
		mn_tnl_ifindex = idx;
		mn_tnl_up = true;
		log_info("kern: tunnel mip6mn %s -> %s added", log_in6(&t->coa),
			 log_in6(&t->ha));
	} else if (!mn_tnl_up || !IN6_ARE_ADDR_EQUAL(&mn_tnl_local, &t->coa) ||
		   !IN6_ARE_ADDR_EQUAL(&mn_tnl_remote, &t->ha)) {
		err = kern_tunnel_change_up(mn_tnl_ifindex, 0, &t->coa, &t->ha, true);
		if (err) {
			log_warnx("kern: MN tunnel to %s from %s: %s",
				  log_in6(&t->ha), log_in6(&t->coa), strerror(-err));
			return err;
		}
		mn_tnl_up = true;
		log_info("kern: tunnel mip6mn now %s -> %s", log_in6(&t->coa),
			 log_in6(&t->ha));
	}
	mn_tnl_local = t->coa;
	mn_tnl_remote = t->ha;

	/* The HoA leaves the home link (its prefix is not on-link here) and
	 * lives on the tunnel, where applications keep using it. */
	if (!mn_hoa_on_tnl) {
		mn_hoa_leave_home(&t->hoa);
		err = mn_hoa_on_tunnel(t);
		if (err)
			return err;
	}
	mn_routes_for(&t->coa, t->coa_ifindex);
	if (!t->reverse || mn_reverse_on)
		return 0;

	mn_drop_home_routes(t);

	/* Everything sourced from the HoA goes through the reverse tunnel. */
	mn_reverse_route(&r, NULL);
	err = mn_hoa_preferred(t);
	if (!err)
		err = kern_route_add(&r);
	if (!err)
		err = kern_rule_add(&t->hoa, 128, KERN_MN_TABLE, KERN_MN_RULE_PRI);
	if (err) {
		log_warnx("kern: reverse tunnel route for %s: %s",
			  log_in6(&t->hoa), strerror(-err));
		return err;
	}
	mn_reverse_on = true;
	log_info("kern: from %s lookup table %d (reverse tunnel)",
		 log_in6(&t->hoa), KERN_MN_TABLE);
	return 0;
}

/* The tunnel device stays for the next move: deleting an ip6tnl waits for an
 * RCU grace period (about 20 ms under TCG) and creating one costs as much again,
 * both on the handover path. A per-CoA one goes down; a collect_md one stays up,
 * without the HoA or a route (the article's ip6tnl1 at home). kern_close()
 * removes it at exit. */
static int op_mn_tunnel_clear(void *ctx, const struct eng_mn_tunnel *t)
{
	struct kern_route r;
	int err;

	(void)ctx;
	if (mn_reverse_on) {
		kern_rule_del(&t->hoa, 128, KERN_MN_TABLE, KERN_MN_RULE_PRI);
		mn_reverse_route(&r, NULL);
		kern_route_del(&r);
	}
	if (mn_hoa_on_tnl)
		kern_addr_del(mn_tnl_ifindex, &t->hoa, 128);
	if (mn_ext)
		memset(&mn_tnl_local, 0, sizeof(mn_tnl_local));
	else if (mn_tnl_ifindex && mn_tnl_up && kern_link_set(mn_tnl_ifindex, false) == 0) {
		mn_tnl_up = false;
		log_info("kern: tunnel mip6mn down");
	}
	mn_reverse_on = false;
	mn_hoa_on_tnl = false;
	mn_hoa_flagged = false;
	memset(&mn_prepared_coa, 0, sizeof(mn_prepared_coa));

	/* Back home: no DAD, the HA defended the HoA until our
	 * deregistration (RFC 6275 §11.5.4). */
	if (mn_hoa_foreign)
		err = kern_addr_put_back(t->home_ifindex, &t->hoa, t->hoa_plen,
					 IFA_F_NODAD | IFA_F_HOMEADDRESS);
	else
		err = kern_addr_add(t->home_ifindex, &t->hoa, t->hoa_plen,
				    IFA_F_NODAD | IFA_F_HOMEADDRESS);
	if (err) {
		log_warnx("kern: HoA %s back on home link: %s", log_in6(&t->hoa),
			  strerror(-err));
		return err;
	}
	mn_drop_stale_routes(t->home_ifindex, NULL, 0);
	log_info("kern: HoA %s back on the home link", log_in6(&t->hoa));
	return 0;
}

/* ---- Wire ---- */

/* The first BU from a new CoA goes as a frame to the new router's link-layer
 * address when its RA gave one: no netlink work before it. Preparing the routes
 * first waits for the RTNL lock, which the kernel's own work on the new link
 * holds at that moment (DAD, MLD, the operstate change), and so does every
 * other namespace's (RTNL is one lock for the whole kernel): 5-20 ms under TCG.
 * The engine sets the tunnel right after the BU, which prepares the routes. */
static int op_send_bu(void *ctx, const struct eng_tx *tx, const struct eng_bu *bu)
{
	uint8_t mac[6];

	(void)ctx;
	if (tx->with_hao && !IN6_ARE_ADDR_EQUAL(&mn_prepared_coa, &tx->src)) {
		if (io_nd_router_lladdr(tx->ifindex, mac))
			return io_send_bu_via(tx, bu, mac);
		mn_hoa_leave_home(&tx->hao);
		mn_routes_for(&tx->src, tx->ifindex);
	}
	return io_send_bu(tx, bu);
}

static int op_send_ba(void *ctx, const struct eng_tx *tx, const struct eng_ba *ba)
{
	(void)ctx;
	return io_send_ba(tx, ba);
}

static int op_send_be(void *ctx, const struct eng_tx *tx, const struct eng_be *be)
{
	(void)ctx;
	return io_send_be(tx, be);
}

static int op_mn_send_rs(void *ctx, int ifindex)
{
	(void)ctx;
	return io_send_rs(ifindex);
}

static const struct engine_ops ops = {
	.send_bu = op_send_bu,
	.send_ba = op_send_ba,
	.send_be = op_send_be,
	.ha_tunnel_add = op_ha_tunnel_add,
	.ha_tunnel_del = op_ha_tunnel_del,
	.proxy_nd_add = op_proxy_nd_add,
	.proxy_nd_del = op_proxy_nd_del,
	.ha_dad_start = op_ha_dad_start,
	.ha_dad_stop = op_ha_dad_stop,
	.mn_send_rs = op_mn_send_rs,
	.mn_tunnel_set = op_mn_tunnel_set,
	.mn_tunnel_clear = op_mn_tunnel_clear,
};

const struct engine_ops *kern_ops(void)
{
	return &ops;
}
