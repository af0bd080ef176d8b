/* Packet and event I/O of mip6d: the sockets that feed the engine and the
 * senders behind its wire proposals.
 *
 *   - Mobility Header receive: an AF_PACKET socket (see docs/design.md,
 *     "HAO/RH2 receive path"), plus a raw IPPROTO_MH socket that only keeps
 *     the kernel from answering plain MH packets with ICMP errors;
 *   - Mobility Header / DAD send: a raw IPPROTO_RAW socket fed with whole
 *     IPv6 packets built by the shared codec (common/ip6pkt.h);
 *   - ICMPv6: Router Solicitations out, Router Advertisements and
 *     NS/NA (HA DAD watch) in, unsolicited proxy NAs out;
 *   - rtnetlink link and IPv6 address events (movement detection, DAD).
 *
 * Use (main.c):
 *     kern_open();
 *     e = engine_new(conf, kern_ops(), NULL, clock, ctx);
 *     io_init(loop, e, conf);      // also reports current links/addresses
 *     ... eloop_run(loop) ...
 *     engine_free(e); io_close(); kern_close();
 */
#ifndef MIP6D_IO_H
#define MIP6D_IO_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct eloop;
struct engine;
struct config;
struct eng_tx;
struct eng_bu;
struct eng_ba;
struct eng_be;
struct in6_addr;

/* Opens every socket and registers it with the loop; returns 0 or -errno. */
int io_init(struct eloop *el, struct engine *e, const struct config *conf);
void io_close(void);

struct io_stats {
	uint64_t mh_rx, mh_tx, mh_bad;    /* bad: malformed/checksum, dropped */
	uint64_t mh_not_ours;             /* passing through: not to a local address */
	uint64_t mh_bad_by_err[32];       /* indexed by enum pkt_err */
	uint64_t ra_rx, rs_tx, nd_bad, na_tx, ns_tx;
	uint64_t nl_events, nl_overruns;
	uint64_t tx_errors;
};
const struct io_stats *io_get_stats(void);
void io_print_stats(FILE *out);

/* Senders used by kern_ops() (io_tx.c / io_nd.c). 0 or -errno. */
int io_send_bu(const struct eng_tx *tx, const struct eng_bu *bu);
/* The same, with mac non-NULL: as a frame to that link-layer address (the new
 * router's), whatever the kernel's routes say. */
int io_send_bu_via(const struct eng_tx *tx, const struct eng_bu *bu, const uint8_t *mac);
int io_send_ba(const struct eng_tx *tx, const struct eng_ba *ba);
int io_send_be(const struct eng_tx *tx, const struct eng_be *be);
int io_send_rs(int ifindex);
/* Unsolicited NA (RFC 6275 §10.4.1) advertising our link-layer address
 * for target on ifindex. */
int io_send_proxy_na(int ifindex, const struct in6_addr *target);
int io_dad_start(int ifindex, const struct in6_addr *target);
int io_dad_stop(int ifindex, const struct in6_addr *target);
/* Default routers heard on ifindex before the latest one (at most max). */
int io_nd_stale_routers(int ifindex, struct in6_addr *out, int max);
void io_nd_forget_router(int ifindex, const struct in6_addr *addr);
/* The link-layer address (from its RA's source link-layer option) of the router heard
 * last on ifindex; false when unknown. */
bool io_nd_router_lladdr(int ifindex, uint8_t mac[6]);
/* Where an address is configured, among the interfaces mip6d watches. */
bool io_addr_where(const struct in6_addr *a, int *ifindex, int *plen);

#endif
