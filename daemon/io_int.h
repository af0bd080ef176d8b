/* Internals shared by the io_*.c files. */
#ifndef MIP6D_IO_INT_H
#define MIP6D_IO_INT_H

#include <net/if.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "io.h"

struct eloop;
struct engine;
struct config;
struct eng_tx;
struct mh_msg;

/* rtnetlink link/address monitor (io_nlmon.c). */
int io_nlmon_init(struct eloop *el, struct engine *e, const struct config *conf);
void io_nlmon_close(struct eloop *el);
/* The parsing half, separate from the socket so that tests can feed it bytes: one
 * datagram of rtnetlink messages from the kernel, link and address news going to the
 * engine. Returns 1 when it holds the end of the dump being waited for, else 0. */
int io_nlmon_parse(const void *buf, size_t len);
/* The engine and configuration io_nlmon_parse() reports to, without a socket. */
void io_nlmon_set_engine(struct engine *e, const struct config *conf);
/* A configured interface we have seen; copies its name when name != NULL. */
bool io_link_known(int ifindex, char *name);
/* A link-local address of ifindex that may source packets (DAD done or
 * optimistic). */
/* Is a configured on any interface of this namespace? */
bool io_addr_is_local(const struct in6_addr *a);
bool io_usable_linklocal(int ifindex, struct in6_addr *out, bool *optimistic);

/* Mobility Header receive from the wire (io_mh.c). conf: which home registrations are
 * under IPsec (their plain BUs/BAs are counted, not handed on); NULL: none. */
int io_mh_init(struct eloop *el, struct engine *e, const struct config *conf);
void io_mh_close(struct eloop *el);
/* The decode half, separate from the socket so that tests can feed it
 * bytes: parses one IPv6 packet received on ifindex and hands the MH to
 * the engine. Returns 0, or the pkt_err that made it drop the packet. */
int io_mh_input(struct engine *e, int ifindex, const void *pkt, size_t len);
/* Where io_mh_input() hands ICMPv6 packets it read behind extension headers (a Mobile
 * Prefix Solicitation or Advertisement): io_icmp.c sets it, so that what links io_mh.c
 * alone (tests, tools) needs no more. */
struct ip6_info;
typedef int (*io_mh_icmp_fn)(struct engine *e, int ifindex, const struct ip6_info *ip,
			     const uint8_t *pkt);
void io_mh_set_icmp(io_mh_icmp_fn fn);
/* One packet as the socket gave it: dropped when not to one of our addresses, held
 * back when it is a first registration at a home agent (io_mh_queue_open()), else
 * io_mh_input(). */
void io_mh_rx_frame(int ifindex, const void *pkt, size_t len);
/* A home agent's queue of first registrations, served from a deadline source of el
 * (io_mh_init() opens it on an HA; tests without the socket). 0 or -errno. */
int io_mh_queue_open(struct eloop *el, struct engine *e);
/* The configuration io_mh_protected() goes by, without the socket (tests). */
void io_mh_set_config(const struct config *conf);
/* A BU or BA (type) of a home registration an IPsecPolicySet covers, by the message's
 * addresses (hao, rh2: NULL when absent); false before io_mh_init() and without
 * UseMnHaIPsec. */
bool io_mh_protected(unsigned type, const struct in6_addr *src, const struct in6_addr *dst,
		     const struct in6_addr *hao, const struct in6_addr *rh2);

/* The kernel's Mobility Header socket (io_mhk.c): without UseMnHaIPsec it only keeps the
 * kernel from answering plain MH with ICMP errors; with it, the protected BUs/BAs come
 * in there after the kernel checked ESP, and go out there to be given ESP. */
int io_mhk_init(struct eloop *el, struct engine *e, const struct config *conf);
void io_mhk_close(struct eloop *el);
/* A protected BU (from tx->hao, or tx->src at home, to tx->dst) or BA (from tx->src to
 * tx->rh2, or tx->dst at home): the MH alone, the kernel adds the HAO/RH2 and ESP. */
int io_mhk_send(const struct eng_tx *tx, const struct mh_msg *m);
/* The receive half, without the socket: one MH as the kernel delivered it, with the
 * ancillary data's findings. Returns 0 when handed to the engine, else the pkt_err
 * that made it drop the message, or -1 when it is not a protected BU/BA (ignored). */
struct io_mhk_msg {
	int ifindex;
	struct in6_addr src, dst;       /* after the kernel's processing: HoA / final dst */
	bool has_hao;                   /* a Home Address option was processed ... */
	struct in6_addr hao_field;      /* ... its field now holds the care-of address */
	bool has_rh2;                   /* a type 2 routing header was processed ... */
	struct in6_addr rh2_field;      /* ... its field now holds the care-of address */
};
int io_mhk_input(struct engine *e, const struct io_mhk_msg *k, const uint8_t *mh, size_t len);

/* Route optimization's trigger on a mobile node (io_ro.c): a correspondent's packets
 * that came through the home agent's tunnel. */
int io_ro_init(struct eloop *el, struct engine *e, const struct config *conf);
void io_ro_close(struct eloop *el);

/* Packet sockets (io_pkt.c): AF_PACKET, cooked, IPv6 only, non-blocking, with a BPF
 * filter; returns the descriptor or -errno. io_pkt_drain() reads fd until it is empty
 * and hands fn every frame received (not our own transmissions, not frames for other
 * hosts) with its link, sender's link-layer address (NULL if none), packet type and
 * whether it was cut to cap; what names the socket in a read error's log line. */
struct sock_fprog;
typedef void (*io_pkt_fn)(int ifindex, const uint8_t *src_mac, unsigned char pkttype,
			  const void *pkt, size_t len, bool truncated);
int io_pkt_open(const struct sock_fprog *prog);
void io_pkt_drain(int fd, void *buf, size_t cap, io_pkt_fn fn, const char *what);

/* Whole-packet sender (io_tx.c): IPPROTO_RAW, header included. */
int io_tx_init(void);
void io_tx_close(void);
int io_tx_packet(int ifindex, const void *pkt, size_t len);
int io_tx_packet_l2(int ifindex, const uint8_t mac[6], const void *pkt, size_t len);

/* Discovery's ICMPv6 (io_icmp.c). */
struct ip6_info;
int io_icmp_init(struct eloop *el, struct engine *e);
void io_icmp_close(struct eloop *el);
/* The decode halves: a message from the raw socket (DHAAD, errors) with its source and
 * destination; an ICMPv6 packet the packet socket read behind extension headers (MPS,
 * MPA), parsed as ip. 0, or the pkt_err that made it drop the message. */
int io_icmp_input(struct engine *e, int ifindex, const struct in6_addr *src,
		  const struct in6_addr *dst, const uint8_t *buf, size_t n);
int io_icmp_input_pkt(struct engine *e, int ifindex, const struct ip6_info *ip,
		      const uint8_t *pkt);

/* ICMPv6: RS/NA out, RA/NS/NA in (io_nd.c). */
int io_nd_init(struct eloop *el, struct engine *e, const struct config *conf);
void io_nd_set_engine(struct engine *e, const struct config *conf);
/* The decode half: one ICMPv6 message received on ifindex from src with
 * the given hop limit. Returns 0, or the pkt_err that made it drop it. */
int io_nd_input(int ifindex, const struct in6_addr *src, int hops,
		const uint8_t *buf, size_t n);
void io_nd_close(struct eloop *el);
/* A Neighbor Advertisement from ifindex's link-local address for target with our
 * link-layer address, flags as in its byte 4 (ND_NA_F_*); to dst through the kernel's
 * routing, or as a frame to dst_mac when not NULL (an answer to a solicitation whose
 * sender the kernel never resolved). */
#define ND_NA_F_ROUTER    0x80
#define ND_NA_F_SOLICITED 0x40
#define ND_NA_F_OVERRIDE  0x20
int io_nd_send_na(int ifindex, const uint8_t *dst_mac, const struct in6_addr *dst,
		  uint8_t flags, const struct in6_addr *target);

/* Proxy Neighbor Discovery by mip6d itself (io_proxy.c, HaProxyNd mip6d): the home
 * addresses answered for, per link, and the packet socket that hears the solicitations. */
int io_proxy_init(struct eloop *el, const struct config *conf);
void io_proxy_close(struct eloop *el);
/* The decode half: one IPv6 packet received on ifindex from the link-layer address
 * src_mac (NULL: unknown). Returns 0 (answered or not for us), or the pkt_err that made
 * it drop the packet. */
int io_proxy_input(int ifindex, const uint8_t *src_mac, const void *pkt, size_t len);

#endif
