/* Packet and event I/O of mip6d: the sockets that feed the engine and the
 * senders behind its wire proposals.
 *
 *   - Mobility Header receive: an AF_PACKET socket (see docs/design.md,
 *     "HAO/RH2 receive path"), plus a raw IPPROTO_MH socket that keeps
 *     the kernel from answering plain MH packets with ICMP errors and, with
 *     UseMnHaIPsec, carries the home registration's BU/BA through ESP;
 *   - Mobility Header / DAD send: a raw IPPROTO_RAW socket fed with whole
 *     IPv6 packets built by the shared codec (common/ip6pkt.h);
 *   - ICMPv6: Router Solicitations out, Router Advertisements and
 *     NS/NA (HA DAD watch) in, unsolicited proxy NAs out;
 *   - rtnetlink link and IPv6 address events (movement detection, DAD).
 *
 * Use (main.c):
 *     kern_open();
 *     e = engine_new(conf, ops_table(), NULL, clock, ctx);
 *     ops_prepare(conf);           // the role's tunnel device
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
struct mh_msg;
struct dhaad_msg;
struct in6_addr;

/* Opens every socket and registers it with the loop; returns 0 or -errno. */
int io_init(struct eloop *el, struct engine *e, const struct config *conf);
void io_close(void);

struct io_stats {
	uint64_t mh_rx, mh_tx, mh_bad;    /* bad: malformed/checksum, dropped */
	uint64_t mh_not_ours;             /* passing through: not to a local address */
	/* HA: BUs that would make a new binding, held back behind the others (io_mh.c), and
	 * those dropped because the queue was full. */
	uint64_t mh_first_queued, mh_first_shed;
	/* UseMnHaIPsec: BUs/BAs of a protected pair received in the clear (dropped by the
	 * kernel, never handed on), and those that came / went through ESP. */
	uint64_t mh_unprotected, mh_esp_rx, mh_esp_tx;
	uint64_t mh_bad_by_err[32];       /* indexed by enum pkt_err */
	uint64_t ra_rx, rs_tx, nd_bad, na_tx, ns_tx;
	/* HaProxyNd mip6d: solicitations heard for home addresses answered for, answers
	 * sent, and packets dropped (malformed, bad checksum, hop limit not 255). */
	uint64_t proxy_ns_rx, proxy_na_tx, proxy_bad;
	uint64_t proxy_entries;           /* home addresses answered for now */
	uint64_t nl_events, nl_overruns;
	uint64_t tx_errors;
	/* Discovery's ICMPv6 (io_icmp.c): 144-147 handed to the engine, sent, dropped (by
	 * reason), and ICMPv6 errors handed on. */
	uint64_t icmp_rx, icmp_tx, icmp_bad, icmp_err_rx;
	uint64_t icmp_bad_by_err[32];
};
extern struct io_stats io_stats;
void io_print_stats(FILE *out);

/* Senders used by the appliers (ops_*.c). 0 or -errno. */
/* A Mobility Header message as tx says: through the kernel's routing, or with
 * tx->via_lladdr as a frame to that link-layer address, whatever the routes say. */
int io_send_mh(const struct eng_tx *tx, const struct mh_msg *m);
int io_send_rs(int ifindex);
/* Discovery's ICMPv6 (io_icmp.c): send m as tx says; join or leave an anycast address. */
int io_send_icmp(const struct eng_tx *tx, const struct dhaad_msg *m);
int io_anycast(int ifindex, const struct in6_addr *addr, bool join);
/* An ICMPv6 Echo Request from hoa to ha, routed by the kernel (into the MN's tunnel). */
int io_send_probe(const struct in6_addr *hoa, const struct in6_addr *ha);
/* Unsolicited NA (RFC 6275 §10.4.1) advertising our link-layer address
 * for target on ifindex. */
int io_send_proxy_na(int ifindex, const struct in6_addr *target);
/* HaProxyNd mip6d: answer Neighbor Solicitations for addr on ifindex from now on /
 * no longer. 0, -ENOMEM, or -ENOENT (del of an address not answered for). */
int io_proxy_add(int ifindex, const struct in6_addr *addr);
int io_proxy_del(int ifindex, const struct in6_addr *addr);
int io_dad_start(int ifindex, const struct in6_addr *target);
int io_dad_stop(int ifindex, const struct in6_addr *target);

#endif
