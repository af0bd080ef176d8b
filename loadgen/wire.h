/* The generator's two sockets: whole IPv6 packets out through an IPPROTO_RAW socket
 * (the care-of addresses are not this node's: the kernel sends what it is given), and
 * every IPv6 packet arriving on the link in through a packet socket, ahead of the IP
 * layer, which would drop BAs for addresses it does not have. Both in batches. */
#ifndef LG_WIRE_H
#define LG_WIRE_H

#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>

#define LG_BATCH	64
#define LG_PKT_MAX	1500

struct lg_wire {
	int tx, rx;
	struct sockaddr_in6 to;
	/* queued packets, sent by lg_wire_flush() */
	uint8_t txbuf[LG_BATCH][LG_PKT_MAX];
	size_t txlen[LG_BATCH];
	unsigned ntx;
	uint8_t rxbuf[LG_BATCH][LG_PKT_MAX + 64];
	size_t rxlen[LG_BATCH];
};

/* 0, or -1 with errno (the message printed). */
int lg_wire_open(struct lg_wire *w, const char *ifname, const struct in6_addr *ha);
void lg_wire_close(struct lg_wire *w);
/* A slot for the next packet (NULL when full: flush first) and its commit. */
uint8_t *lg_wire_slot(struct lg_wire *w);
void lg_wire_commit(struct lg_wire *w, size_t len);
/* Sends what is queued; returns how many the kernel refused. */
unsigned lg_wire_flush(struct lg_wire *w);
/* Reads up to LG_BATCH packets without waiting; their number (0 when none, -1 on error). */
int lg_wire_recv(struct lg_wire *w);

#endif
