/* The generator's sockets. */
#include <errno.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "wire.h"

#ifndef PACKET_IGNORE_OUTGOING
#define PACKET_IGNORE_OUTGOING 23
#endif

int lg_wire_open(struct lg_wire *w, const char *ifname, const struct in6_addr *ha)
{
	struct sockaddr_ll ll = { .sll_family = AF_PACKET, .sll_protocol = htons(ETH_P_IPV6) };
	int big = 16 << 20, on = 1;

	memset(&w->to, 0, sizeof(w->to));
	w->to.sin6_family = AF_INET6;
	w->to.sin6_addr = *ha;
	w->ntx = 0;
	w->tx = w->rx = -1;
	ll.sll_ifindex = (int)if_nametoindex(ifname);
	if (!ll.sll_ifindex) {
		fprintf(stderr, "mip6-loadgen: %s: %s\n", ifname, strerror(errno));
		return -1;
	}
	w->tx = socket(AF_INET6, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_RAW);
	w->rx = socket(AF_PACKET, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, htons(ETH_P_IPV6));
	if (w->tx < 0 || w->rx < 0) {
		fprintf(stderr, "mip6-loadgen: raw sockets (root or CAP_NET_RAW): %s\n",
			strerror(errno));
		lg_wire_close(w);
		return -1;
	}
	/* the forced sizes need CAP_NET_ADMIN; the plain ones are capped by rmem_max */
	if (setsockopt(w->rx, SOL_SOCKET, SO_RCVBUFFORCE, &big, sizeof(big)) < 0)
		setsockopt(w->rx, SOL_SOCKET, SO_RCVBUF, &big, sizeof(big));
	if (setsockopt(w->tx, SOL_SOCKET, SO_SNDBUFFORCE, &big, sizeof(big)) < 0)
		setsockopt(w->tx, SOL_SOCKET, SO_SNDBUF, &big, sizeof(big));
	/* our own BUs leave through the same link: not ours to read */
	setsockopt(w->rx, SOL_PACKET, PACKET_IGNORE_OUTGOING, &on, sizeof(on));
	if (bind(w->rx, (struct sockaddr *)&ll, sizeof(ll)) < 0) {
		fprintf(stderr, "mip6-loadgen: bind to %s: %s\n", ifname, strerror(errno));
		lg_wire_close(w);
		return -1;
	}
	return 0;
}

void lg_wire_close(struct lg_wire *w)
{
	if (w->tx >= 0)
		close(w->tx);
	if (w->rx >= 0)
		close(w->rx);
	w->tx = w->rx = -1;
}

uint8_t *lg_wire_slot(struct lg_wire *w)
{
	return w->ntx < LG_BATCH ? w->txbuf[w->ntx] : NULL;
}

void lg_wire_commit(struct lg_wire *w, size_t len)
{
	w->txlen[w->ntx++] = len;
}

unsigned lg_wire_flush(struct lg_wire *w)
{
	struct mmsghdr msgs[LG_BATCH];
	struct iovec iov[LG_BATCH];
	unsigned done = 0, refused = 0;

	for (unsigned i = 0; i < w->ntx; i++) {
		iov[i].iov_base = w->txbuf[i];
		iov[i].iov_len = w->txlen[i];
		memset(&msgs[i], 0, sizeof(msgs[i]));
		msgs[i].msg_hdr.msg_name = &w->to;
		msgs[i].msg_hdr.msg_namelen = sizeof(w->to);
		msgs[i].msg_hdr.msg_iov = &iov[i];
		msgs[i].msg_hdr.msg_iovlen = 1;
	}
	while (done < w->ntx) {
		int n = sendmmsg(w->tx, msgs + done, w->ntx - done, 0);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			/* this one is refused (ENOBUFS, say); the rest still go */
			refused++;
			done++;
			continue;
		}
		done += (unsigned)n;
	}
	w->ntx = 0;
	return refused;
}

int lg_wire_recv(struct lg_wire *w)
{
	struct mmsghdr msgs[LG_BATCH];
	struct iovec iov[LG_BATCH];
	int n;

	for (unsigned i = 0; i < LG_BATCH; i++) {
		iov[i].iov_base = w->rxbuf[i];
		iov[i].iov_len = sizeof(w->rxbuf[i]);
		memset(&msgs[i], 0, sizeof(msgs[i]));
		msgs[i].msg_hdr.msg_iov = &iov[i];
		msgs[i].msg_hdr.msg_iovlen = 1;
	}
	n = recvmmsg(w->rx, msgs, LG_BATCH, MSG_DONTWAIT, NULL);
	if (n < 0)
		return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ? 0 : -1;
	for (int i = 0; i < n; i++)
		w->rxlen[i] = msgs[i].msg_len;
	return n;
}
