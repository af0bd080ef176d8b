/* io_pkt.c - the packet sockets mip6d reads (the MH tap, the HA's proxy ND, the MN's
 * route optimization trigger): opened with their filter, read dry on each wake-up. */
#include <errno.h>
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

void io_pkt_drain(int fd, void *buf, size_t cap, io_pkt_fn fn, const char *what)
{
	struct sockaddr_ll sll;
	socklen_t sl;

	for (;;) {
		sl = sizeof(sll);
		ssize_t n = recvfrom(fd, buf, cap, MSG_DONTWAIT | MSG_TRUNC, (struct sockaddr *)&sll,
				     &sl);

		if (n < 0) {
			if (errno != EAGAIN && errno != EINTR)
				log_warn("%s", what);
			return;
		}
		/* Our own transmissions and frames for other hosts. */
		if (sll.sll_pkttype == PACKET_OUTGOING || sll.sll_pkttype == PACKET_OTHERHOST)
			continue;
		fn(sll.sll_ifindex, sll.sll_halen == 6 ? sll.sll_addr : NULL, sll.sll_pkttype,
		   buf, (size_t)n > cap ? cap : (size_t)n, (size_t)n > cap);
	}
}
