/* Reading a netlink socket together with who sent what was read.
 *
 * Any socket of the same family and namespace may unicast to one of ours if it
 * knows the port id (listed in /proc/net/netlink); the kernel only asks the
 * sender for CAP_NET_ADMIN on NETLINK_ROUTE. A forged ACK would turn a failed
 * request into a success, and a forged RTM_NEWADDR would tell the engine of an
 * address that is not there. The kernel's messages, and only those, come from
 * port id 0. Header-only so that every program linking a reader gets it. */
#ifndef MIP6D_NL_RECV_H
#define MIP6D_NL_RECV_H

#include <errno.h>
#include <stdbool.h>
#include <linux/netlink.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/types.h>

/* One datagram into buf and its sender's port id in *sender. Returns its
 * length or -errno: -ENOSPC when it did not fit in buf (the rest is lost). */
static inline ssize_t nl_recv(int fd, void *buf, size_t len, int flags, uint32_t *sender)
{
	struct sockaddr_nl from;
	struct iovec iov = { .iov_base = buf, .iov_len = len };
	struct msghdr msg = {
		.msg_name = &from, .msg_namelen = sizeof(from),
		.msg_iov = &iov, .msg_iovlen = 1,
	};
	ssize_t n;

	*sender = UINT32_MAX;     /* not the kernel until recvmsg says so */
	n = recvmsg(fd, &msg, flags);
	if (n < 0)
		return -errno;
	if (msg.msg_flags & MSG_TRUNC)
		return -ENOSPC;
	if (msg.msg_namelen != sizeof(from) || from.nl_family != AF_NETLINK)
		return -EINVAL;
	*sender = from.nl_pid;
	return n;
}

/* Whether a whole message starts at h with len bytes left. Not mnl_nlmsg_ok(): it
 * compares (int)nlmsg_len, so a length of 2^31 or more passes as negative and the walk
 * leaves the buffer (or, from 0xfffffffd up, never moves). */
static inline bool nl_msg_ok(const struct nlmsghdr *h, int len)
{
	return len >= (int)sizeof(*h) && h->nlmsg_len >= sizeof(*h) &&
	       h->nlmsg_len <= (unsigned)len;
}

#endif
