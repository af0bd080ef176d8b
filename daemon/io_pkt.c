/* io_pkt.c - the packet sockets mip6d reads (the MH tap, the HA's proxy ND, the MN's
 * route optimization trigger): opened with their filter, read dry on each wake-up. */
#include <errno.h>
#include <stdint.h>
#include <linux/filter.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <sys/socket.h>
#include <unistd.h>

#include "io_int.h"
#include "log.h"

int io_pkt_open(const struct sock_fprog *prog)
{
	int fd = socket(AF_PACKET, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, htons(ETH_P_IPV6));
	int err;

	if (fd < 0)
		return -errno;
	if (setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, prog, sizeof(*prog)) < 0) {
		err = -errno;
		close(fd);
		return err;
	}
	return fd;
}

/* Frames are read IO_PKT_BATCH at a time (recvmmsg): under an emulated CPU a system
 * call per frame was a large part of what a home agent under a flood spends per packet,
 * and what it does not read in time the kernel drops. */
#define IO_PKT_BATCH 32
#define IO_PKT_FRAME 2048

void io_pkt_drain(int fd, size_t cap, io_pkt_fn fn, const char *what)
{
	static uint8_t frames[IO_PKT_BATCH][IO_PKT_FRAME];
	struct sockaddr_ll sll[IO_PKT_BATCH];
	struct mmsghdr mm[IO_PKT_BATCH];
	struct iovec iov[IO_PKT_BATCH];

	if (cap > IO_PKT_FRAME)
		cap = IO_PKT_FRAME;
	for (;;) {
		int n;

		for (int i = 0; i < IO_PKT_BATCH; i++) {
			iov[i] = (struct iovec){ frames[i], cap };
			mm[i] = (struct mmsghdr){ .msg_hdr = { .msg_name = &sll[i],
				.msg_namelen = sizeof(sll[i]), .msg_iov = &iov[i], .msg_iovlen = 1 } };
		}
		n = recvmmsg(fd, mm, IO_PKT_BATCH, MSG_DONTWAIT | MSG_TRUNC, NULL);
		if (n < 0) {
			if (errno != EAGAIN && errno != EINTR)
				log_warn("%s", what);
			return;
		}
		for (int i = 0; i < n; i++) {
			size_t len = mm[i].msg_len;

			/* Our own transmissions and frames for other hosts. */
			if (sll[i].sll_pkttype == PACKET_OUTGOING ||
			    sll[i].sll_pkttype == PACKET_OTHERHOST)
				continue;
			fn(sll[i].sll_ifindex, sll[i].sll_halen == 6 ? sll[i].sll_addr : NULL,
			   sll[i].sll_pkttype, frames[i], len > cap ? cap : len, len > cap);
		}
		if (n < IO_PKT_BATCH)
			return;
	}
}
