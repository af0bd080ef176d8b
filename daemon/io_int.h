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

/* Mobility Header receive (io_mh.c). */
int io_mh_init(struct eloop *el, struct engine *e);
void io_mh_close(struct eloop *el);
/* The decode half, separate from the socket so that tests can feed it
 * bytes: parses one IPv6 packet received on ifindex and hands the MH to
 * the engine. Returns 0, or the pkt_err that made it drop the packet. */
int io_mh_input(struct engine *e, int ifindex, const void *pkt, size_t len);

/* Route optimization's trigger on a mobile node (io_ro.c): a correspondent's packets
 * that came through the home agent's tunnel. */
int io_ro_init(struct eloop *el, struct engine *e, const struct config *conf);
void io_ro_close(struct eloop *el);

/* Whole-packet sender (io_tx.c): IPPROTO_RAW, header included. */
int io_tx_init(void);
void io_tx_close(void);
int io_tx_packet(int ifindex, const void *pkt, size_t len);
int io_tx_packet_l2(int ifindex, const uint8_t mac[6], const void *pkt, size_t len);

/* ICMPv6: RS/NA out, RA/NS/NA in (io_nd.c). */
int io_nd_init(struct eloop *el, struct engine *e, const struct config *conf);
void io_nd_set_engine(struct engine *e, const struct config *conf);
/* The decode half: one ICMPv6 message received on ifindex from src with
 * the given hop limit. Returns 0, or the pkt_err that made it drop it. */
int io_nd_input(int ifindex, const struct in6_addr *src, int hops,
		const uint8_t *buf, size_t n);
void io_nd_close(struct eloop *el);

#endif
