/* Kernel interface of mip6d: everything it changes in the kernel goes
 * through here (rtnetlink via libmnl, a few sysctls).
 *
 * Every object mip6d adds is written in a ledger; kern_close() removes
 * what is still there, newest first, so SIGTERM leaves the system as it
 * found it. Objects that already existed before we asked (EEXIST) are not
 * ours and are never removed.
 *
 * All functions return 0 or -errno. */
#ifndef MIP6D_KERN_H
#define MIP6D_KERN_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* Routing table and rule priority mip6d uses for the Mobile Node's
 * "from HoA via the reverse tunnel" policy. Both are outside what
 * iproute2 and distributions use by default. */
#define KERN_MN_TABLE    252
#define KERN_MN_RULE_PRI 1000

int kern_open(void);
/* Undo everything recorded in the ledger, then close the socket. */
void kern_close(void);

/* Links. */
int kern_link_index(const char *name);          /* ifindex or -ENODEV */
int kern_link_set(int ifindex, bool up);
/* IPv6-in-IPv6 tunnel (kind ip6tnl, mode ip6ip6) between two addresses,
 * bound to an underlying link (0: any). Returns the new ifindex. */
int kern_tunnel_add(const char *name, int link, const struct in6_addr *local,
		    const struct in6_addr *remote);
/* A collect_md ("external") ip6ip6 tunnel, up: one per namespace; it sends where
 * each route's encapsulation says and receives from any remote. */
int kern_tunnel_add_external(const char *name);
/* New endpoints for an existing tunnel (its addresses and routes stay). */
int kern_tunnel_change(int ifindex, int link, const struct in6_addr *local,
		       const struct in6_addr *remote);
/* The same, also bringing the tunnel up when up is true. */
int kern_tunnel_change_up(int ifindex, int link, const struct in6_addr *local,
			  const struct in6_addr *remote, bool up);
int kern_tunnel_del(int ifindex);
/* A tunnel this mip6d made and will delete: whatever goes with it (its routes)
 * needs no undo of its own. */
bool kern_link_is_ours(int ifindex);
/* Create and delete a throw-away ip6tnl: loads the ip6_tunnel module now
 * (seconds under an emulated VM) rather than in the middle of the first
 * registration, and tells early whether the kernel has it at all. */
int kern_tunnel_probe(void);

/* Addresses. flags are IFA_F_* (NODAD, HOMEADDRESS, NOPREFIXROUTE...). */
int kern_addr_add(int ifindex, const struct in6_addr *addr, int plen,
		  uint32_t flags);
int kern_addr_del(int ifindex, const struct in6_addr *addr, int plen);
/* New flags (IFA_F_*) for an address that exists. */
int kern_addr_set_flags(int ifindex, const struct in6_addr *addr, int plen,
			uint32_t flags);
bool kern_addr_is_ours(int ifindex, const struct in6_addr *addr, int plen);
/* Remove an address, ours or not. One mip6d did not add (the MN's HoA
 * configured before it started) is remembered and put back by
 * kern_close() unless kern_addr_put_back() did it earlier. flags: how to
 * put it back. */
int kern_addr_take(int ifindex, const struct in6_addr *addr, int plen,
		   uint32_t flags);
/* Re-add an address kern_addr_take() removed: not recorded as ours, so
 * not removed at exit. */
int kern_addr_put_back(int ifindex, const struct in6_addr *addr, int plen,
		       uint32_t flags);
/* An address back where it belongs: put back (not ours) if kern_addr_take() took it,
 * else added as ours. */
int kern_addr_restore(int ifindex, const struct in6_addr *addr, int plen,
		      uint32_t flags);

/* Routes: dst/plen in table (0 = main), through gw (NULL: on-link) out
 * of ifindex, with an optional preferred source. */
struct kern_route {
	struct in6_addr dst;
	int plen;
	struct in6_addr gw;        /* :: = none */
	struct in6_addr prefsrc;   /* :: = none */
	int ifindex;
	uint32_t table;
	uint32_t metric;
	/* :: = none. Else the route encapsulates in IPv6 to encap_dst, from encap_src
	 * (lightweight tunnel; ifindex must be a collect_md ip6tnl). */
	struct in6_addr encap_dst, encap_src;
};
int kern_route_add(const struct kern_route *r);
/* Add, or replace the route with the same destination, table and metric. */
int kern_route_replace(const struct kern_route *r);
int kern_route_del(const struct kern_route *r);
/* Every IPv6 route of this namespace, each table, handed to fn (the VT's check of the
 * HA's routes against its binding cache). 0 or -errno. */
typedef void (*kern_route_fn)(const struct kern_route *r, void *ctx);
int kern_route_dump(kern_route_fn fn, void *ctx);
/* One message of such a dump, as the kernel sent it (nlmsg_len within what was read):
 * fn gets the route when it is an IPv6 one. Tests feed it bytes. */
struct nlmsghdr;
void kern_route_parse(const struct nlmsghdr *h, kern_route_fn fn, void *ctx);

/* Policy rule: from src/plen lookup table, at priority. */
int kern_rule_add(const struct in6_addr *src, int plen, uint32_t table,
		  uint32_t priority);
int kern_rule_del(const struct in6_addr *src, int plen, uint32_t table,
		  uint32_t priority);

/* Proxy neighbour entry (answered by the kernel when proxy_ndp is on). */
int kern_proxy_add(int ifindex, const struct in6_addr *addr);
int kern_proxy_del(int ifindex, const struct in6_addr *addr);
/* Removes the proxy entries of ifindex that a mip6d made (tagged with its protocol) and
 * that no running one owns: what a killed daemon left. Returns how many, or -errno. */
int kern_proxy_sweep(int ifindex);

/* How long the kernel takes over mip6d's requests, from the send to the acknowledgement,
 * by netlink family: on a home agent a registration waits for an nftables element and a
 * route, and this is the kernel's part of its latency (the VT's `stats`). */
enum kern_req_kind { KERN_REQ_RTNL, KERN_REQ_NFT, KERN_REQ_XFRM, KERN_REQ_KINDS };
struct kern_req_stats {
	uint64_t n, total_us, max_us;
	uint64_t over_5ms;              /* requests that took longer */
};
void kern_req_stats(struct kern_req_stats out[KERN_REQ_KINDS]);
/* "kernel requests FAMILY N mean_us M max_us X over_5ms O", a line per family used. */
void kern_print_req_stats(FILE *out);

/* net.ipv6.conf.IFNAME.KEY = value; the previous value is restored on
 * kern_close(). The previous value is also kept in a file of the state directory (per
 * network namespace, interface and key) until then: a mip6d killed before its
 * kern_close() leaves it, and the next start restores that value, not the dead one's. */
int kern_sysctl_set(const char *ifname, const char *key, int value);
int kern_sysctl_get(const char *ifname, const char *key, int *value);
/* Restores what killed mip6ds in this network namespace left changed (their state
 * files), unless the one that changed it still runs. Returns how many, or -errno. */
int kern_sysctl_sweep(void);
#define KERN_STATE_DIR "/run/mip6d"
/* Another state directory (tests); NULL: KERN_STATE_DIR. */
void kern_sysctl_state_dir(const char *dir);

/* HA with a collect_md tunnel: an nftables table (ip6 mip6d) dropping IPv6-in-IPv6
 * packets whose (outer source . inner source) is not a registered (CoA . HoA) pair.
 * Needs nft(8) at start: -ENOENT without it. Removed on kern_close(). */
int kern_nft_ha_check(void);
/* The pair of one binding; no-ops (0) when the table could not be made. */
int kern_nft_binding_add(const struct in6_addr *coa, const struct in6_addr *hoa);
int kern_nft_binding_del(const struct in6_addr *coa, const struct in6_addr *hoa);
/* The table of kern_nft_ha_check() is ours and goes at kern_close(), its elements with it. */
bool kern_nft_ha_check_is_ours(void);
int kern_nft_table_del(const char *table);

/* How many objects the ledger holds (for tests and the VT `stats`). */
int kern_ledger_count(void);


#endif
