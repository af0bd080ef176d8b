/* ops_ha.c - the Home Agent's proposals applied: the tunnel and route that carry a
 * binding, proxy ND for the home address, DAD on the mobile node's behalf. Each says
 * in one log line what it does to the system. */
#include <errno.h>
#include <linux/rtnetlink.h>
#include <stdio.h>

#include "config.h"
#include "io.h"
#include "kern.h"
#include "kern_map.h"
#include "log.h"
#include "ops_int.h"

/* With a collect_md tunnel ("external", one per namespace) a binding is one route:
 * HoA/128 into that tunnel, encapsulated to the CoA. No device per CoA: nothing to
 * create on the registration path (an ip6tnl creation costs 5-15 ms of RTNL time
 * under TCG, more than the rest of the HA's work) and no limit from the number of
 * network devices. The device decapsulates what any remote sends it. Without it
 * (kernel without collect_md or lightweight tunnels) one ip6tnl per CoA. */
static int ext_ifindex;
/* ops_exiting(): kern_close() comes next and removes the tunnel device and the
 * nftables table, each binding's route and set element with them. */
static bool gone_at_exit;
/* HaProxyNd mip6d: io_proxy.c answers for the home addresses, no kernel proxy entries. */
static bool proxy_by_mip6d;

/* The per-CoA devices: one per (HA address, CoA), shared by the HoAs behind it. */
struct tunnel_key {
	struct in6_addr local, remote;
};
struct ha_tunnel {
	int ifindex;
	unsigned refs;
};
static struct kmap tunnels;     /* tunnel_key -> ha_tunnel */
static unsigned tunnel_serial;

int ops_ha_prepare(const struct config *conf)
{
	int idx, err, n;

	proxy_by_mip6d = conf->ha_proxy_nd_daemon;
	/* A mip6d killed before its exit left the proxy entries of its bindings; their
	 * mobile nodes may never come back to ask for them. */
	for (unsigned i = 0; i < conf->n_ifaces; i++) {
		int ifindex = (int)if_nametoindex(conf->ifaces[i]), n;

		if (ifindex <= 0)
			continue;
		n = kern_proxy_sweep(ifindex);
		if (n > 0)
			log_info("kern: %d proxy ND entries an earlier mip6d left on %s removed", n,
				 conf->ifaces[i]);
		else if (n < 0)
			log_warnx("kern: proxy ND entries on %s: %s", conf->ifaces[i], strerror(-n));
	}
	n = kern_sysctl_sweep();
	if (n > 0)
		log_info("kern: %d setting(s) an earlier mip6d changed (proxy_ndp) restored", n);
	idx = ops_per_coa_forced() ? -EOPNOTSUPP : kern_tunnel_add_external("mip6ha");

	if (idx < 0) {
		log_info("kern: no collect_md tunnel (%s): one ip6tnl per care-of address",
			 ops_per_coa_forced() ? "MIP6D_TUNNELS=per-coa" : strerror(-idx));
		kmap_init(&tunnels, sizeof(struct tunnel_key), sizeof(struct ha_tunnel));
		return kern_tunnel_probe();
	}
	ext_ifindex = idx;
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

static void host_route(struct kern_route *r, const struct in6_addr *dst, int ifindex)
{
	memset(r, 0, sizeof(*r));
	r->dst = *dst;
	r->plen = 128;
	r->ifindex = ifindex;
	r->metric = 1;
}

static int ext_add(const struct eng_ha_tunnel *t)
{
	struct kern_route r;
	int err;

	/* The new pair is let in before the BA can reach the MN (its reverse-tunnelled
	 * packets follow the BU at once); the old one goes after the route moved. */
	err = kern_nft_binding_add(&t->coa, &t->hoa);
	if (err && err != -EEXIST) {
		log_warnx("kern: nftables pair %s . %s: %s", log_in6(&t->coa),
			  log_in6(&t->hoa), strerror(-err));
		return err;
	}
	host_route(&r, &t->hoa, ext_ifindex);
	r.encap_dst = t->coa;
	r.encap_src = t->ha_addr;
	/* A CoA change replaces the route in place: no moment without one. */
	err = kern_route_replace(&r);
	if (err) {
		kern_nft_binding_del(&t->coa, &t->hoa);
		log_warnx("kern: route %s/128 encapsulated to %s: %s", log_in6(&t->hoa),
			  log_in6(&t->coa), strerror(-err));
		return err;
	}
	log_info("kern: route %s/128 via tunnel to %s", log_in6(&t->hoa), log_in6(&t->coa));
	return 0;
}

void ops_ha_exiting(void)
{
	gone_at_exit = kern_link_is_ours(ext_ifindex) && kern_nft_ha_check_is_ours();
}

static int ext_del(const struct eng_ha_tunnel *t)
{
	struct kern_route r;

	if (gone_at_exit)
		return 0;

	/* After a move the route already points at the new tunnel: only the old pair
	 * goes, and not even that when the care-of address stayed (a new HA address). */
	if (!t->moved) {
		host_route(&r, &t->hoa, ext_ifindex);
		kern_route_del(&r);
		log_info("kern: route %s/128 via tunnel to %s removed", log_in6(&t->hoa),
			 log_in6(&t->coa));
	}
	if (!t->coa_kept)
		kern_nft_binding_del(&t->coa, &t->hoa);
	return 0;
}

static void tunnel_key(struct tunnel_key *k, const struct eng_ha_tunnel *t)
{
	memset(k, 0, sizeof(*k));
	k->local = t->ha_addr;
	k->remote = t->coa;
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

int ops_ha_tunnel_add(void *ctx, const struct eng_ha_tunnel *t)
{
	struct tunnel_key k;
	struct ha_tunnel *tun;
	struct kern_route r;
	int err;

	(void)ctx;
	if (ext_ifindex)
		return ext_add(t);
	tunnel_key(&k, t);
	tun = kmap_get(&tunnels, &k);
	if (!tun) {
		char name[IF_NAMESIZE];
		struct ha_tunnel nt = { 0 };

		snprintf(name, sizeof(name), "mip6ha%u", tunnel_serial++);
		nt.ifindex = kern_tunnel_add(name, 0, &t->ha_addr, &t->coa);
		if (nt.ifindex < 0) {
			log_warnx("kern: tunnel %s -> %s: %s", log_in6(&t->ha_addr),
				  log_in6(&t->coa), strerror(-nt.ifindex));
			return nt.ifindex;
		}
		tun = kmap_put(&tunnels, &k, &nt);
		if (!tun) {
			kern_tunnel_del(nt.ifindex);
			return -ENOMEM;
		}
		log_info("kern: tunnel %s %s -> %s added", name, log_in6(&t->ha_addr),
			 log_in6(&t->coa));
	}
	tun->refs++;
	host_route(&r, &t->hoa, tun->ifindex);
	/* A move re-points the HoA's route in place (same destination and metric). */
	err = t->moved ? kern_route_replace(&r) : kern_route_add(&r);
	if (err) {
		log_warnx("kern: route %s/128 into tunnel: %s", log_in6(&t->hoa),
			  strerror(-err));
		tunnel_unref(&k, tun);
		return err;
	}
	log_info("kern: route %s/128 via tunnel to %s", log_in6(&t->hoa), log_in6(&t->coa));
	return 0;
}

int ops_ha_tunnel_del(void *ctx, const struct eng_ha_tunnel *t)
{
	struct tunnel_key k;
	struct ha_tunnel *tun;
	struct kern_route r;

	(void)ctx;
	if (ext_ifindex)
		return ext_del(t);
	tunnel_key(&k, t);
	tun = kmap_get(&tunnels, &k);
	if (!tun)
		return 0;
	/* After a move the kernel finds no such route (its device is another tunnel
	 * now): the delete only makes the ledger forget the old one. */
	host_route(&r, &t->hoa, tun->ifindex);
	if (kern_route_del(&r) == 0 && !t->moved)
		log_info("kern: route %s/128 via tunnel to %s removed", log_in6(&t->hoa),
			 log_in6(&t->coa));
	tunnel_unref(&k, tun);
	return 0;
}

int ops_proxy_nd_add(void *ctx, int ifindex, const struct in6_addr *hoa)
{
	char name[IF_NAMESIZE];
	int err;

	(void)ctx;
	if (!if_indextoname((unsigned)ifindex, name))
		return -errno;
	if (proxy_by_mip6d) {
		err = io_proxy_add(ifindex, hoa);
	} else {
		/* Proxy entries are only answered with proxy_ndp on. */
		err = kern_sysctl_set(name, "proxy_ndp", 1);
		if (!err)
			err = kern_proxy_add(ifindex, hoa);
	}
	if (err) {
		log_warnx("%s: proxy ND for %s on %s: %s", proxy_by_mip6d ? "io" : "kern",
			  log_in6(hoa), name, strerror(-err));
		return err;
	}
	log_info("%s: proxy ND for %s on %s", proxy_by_mip6d ? "io" : "kern", log_in6(hoa),
		 name);
	/* Neighbours still holding the MN's link-layer address learn ours. */
	err = io_send_proxy_na(ifindex, hoa);
	if (err)
		log_warnx("kern: unsolicited NA for %s: %s", log_in6(hoa), strerror(-err));
	return 0;
}

int ops_proxy_nd_del(void *ctx, int ifindex, const struct in6_addr *hoa)
{
	(void)ctx;
	log_info("%s: proxy ND for %s on %d removed", proxy_by_mip6d ? "io" : "kern",
		 log_in6(hoa), ifindex);
	return proxy_by_mip6d ? io_proxy_del(ifindex, hoa) : kern_proxy_del(ifindex, hoa);
}

int ops_ha_dad_start(void *ctx, int ifindex, const struct in6_addr *hoa)
{
	(void)ctx;
	return io_dad_start(ifindex, hoa);
}

int ops_ha_dad_stop(void *ctx, int ifindex, const struct in6_addr *hoa)
{
	(void)ctx;
	return io_dad_stop(ifindex, hoa);
}

/* The HA's routes as the kernel has them: HoA/128 -> (CoA, HA address). */
struct route_seen {
	struct in6_addr coa, ha_addr;
	bool matched;
};

static void route_seen(const struct kern_route *r, void *ctx)
{
	struct route_seen seen = { .coa = r->encap_dst, .ha_addr = r->encap_src };

	/* A binding's route: in the main table, encapsulated (the device's own local and
	 * anycast routes live in the local table). */
	if (r->ifindex == ext_ifindex && r->plen == 128 && r->table == RT_TABLE_MAIN &&
	    !IN6_IS_ADDR_UNSPECIFIED(&r->encap_dst))
		kmap_put(ctx, &r->dst, &seen);
}

struct check {
	struct kmap *routes;
	unsigned bindings, missing, wrong;
};

static void binding_seen(const struct in6_addr *hoa, const struct in6_addr *coa,
			 const struct in6_addr *ha_addr, void *ctx)
{
	struct check *c = ctx;
	struct route_seen *r = kmap_get(c->routes, hoa);

	c->bindings++;
	if (!r) {
		c->missing++;
		return;
	}
	r->matched = true;
	if (!IN6_ARE_ADDR_EQUAL(&r->coa, coa) || !IN6_ARE_ADDR_EQUAL(&r->ha_addr, ha_addr))
		c->wrong++;
}

void ops_ha_check(const struct engine *e, FILE *out)
{
	struct kmap routes;
	struct check c = { .routes = &routes };
	struct route_seen *r;
	size_t pos = 0;
	unsigned orphans = 0;
	int err;

	if (!ext_ifindex) {
		fprintf(out, "kernel check: only with the collect_md tunnel\n");
		return;
	}
	kmap_init(&routes, sizeof(struct in6_addr), sizeof(struct route_seen));
	err = kern_route_dump(route_seen, &routes);
	if (err) {
		fprintf(out, "kernel check: cannot read the routes: %s\n", strerror(-err));
		kmap_free(&routes);
		return;
	}
	engine_each_binding(e, binding_seen, &c);
	while ((r = kmap_next(&routes, &pos, NULL)))
		orphans += !r->matched;
	fprintf(out, "kernel routes %zu bindings %u missing %u wrong %u without_binding %u\n",
		routes.n, c.bindings, c.missing, c.wrong, orphans);
	kmap_free(&routes);
}
