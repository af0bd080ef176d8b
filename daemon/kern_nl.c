/* The rtnetlink request socket; kern_close() also unwinds the ledger. */
#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include <time.h>

#include "kern_ledger.h"
#include "kern_nl.h"
#include "log.h"
#include "nl_recv.h"

static struct mnl_socket *nl;
static unsigned int nl_seq;
static uint64_t foreign;
static struct kern_req_stats req[KERN_REQ_KINDS];

static uint64_t now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

static void account(enum kern_req_kind k, uint64_t t0)
{
	uint64_t us = now_us() - t0;

	req[k].n++;
	req[k].total_us += us;
	if (us > req[k].max_us)
		req[k].max_us = us;
	if (us > 5000)
		req[k].over_5ms++;
}

void kern_req_stats(struct kern_req_stats out[KERN_REQ_KINDS])
{
	memcpy(out, req, sizeof(req));
}

void kern_print_req_stats(FILE *out)
{
	static const char *const names[KERN_REQ_KINDS] = { "rtnetlink", "nftables", "xfrm" };

	for (int k = 0; k < KERN_REQ_KINDS; k++)
		if (req[k].n)
			fprintf(out, "kernel requests %s %" PRIu64 " mean_us %" PRIu64 " max_us %"
				PRIu64 " over_5ms %" PRIu64 "\n", names[k], req[k].n,
				req[k].total_us / req[k].n, req[k].max_us, req[k].over_5ms);
}

int kern_open(void)
{
	if (nl)
		return 0;
	nl = mnl_socket_open(NETLINK_ROUTE);
	if (!nl)
		return -errno;
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		int err = -errno;
		mnl_socket_close(nl);
		nl = NULL;
		return err;
	}
	nl_seq = (unsigned int)time(NULL);
	return 0;
}

struct nlmsghdr *kern_nl_req(void *buf, uint16_t type, uint16_t flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	nlh->nlmsg_seq = ++nl_seq;
	return nlh;
}

int kern_nl_read(struct mnl_socket *sock, unsigned int seq, kern_nl_msg_fn fn, void *ctx)
{
	char buf[KERN_NL_BUFSZ];

	for (;;) {
		uint32_t sender;
		ssize_t n = nl_recv(mnl_socket_get_fd(sock), buf, sizeof(buf), 0, &sender);
		if (n < 0) {
			if (n == -EINTR)
				continue;
			return (int)n;
		}
		if (sender != 0) {
			foreign++;
			log_debug("netlink: ignored a message from port %u, not the kernel",
				  sender);
			continue;
		}
		/* A request socket has no multicast groups: anything the
		 * kernel sends here answers some request of ours; skip stale
		 * ones. */
		int len = (int)n;
		for (struct nlmsghdr *h = (struct nlmsghdr *)buf;
		     nl_msg_ok(h, len); h = mnl_nlmsg_next(h, &len)) {
			if (h->nlmsg_seq != seq)
				continue;
			if (h->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = mnl_nlmsg_get_payload(h);
				if (h->nlmsg_len < mnl_nlmsg_size(sizeof(*e)))
					return -EBADMSG;
				return e->error;
			}
			if (h->nlmsg_type == NLMSG_DONE)
				return 0;
			if (fn)
				fn(h, ctx);
		}
	}
}

int kern_nl_wait_ack(struct mnl_socket *sock, unsigned int seq)
{
	return kern_nl_read(sock, seq, NULL, NULL);
}

int kern_nl_dump(struct nlmsghdr *nlh, kern_nl_msg_fn fn, void *ctx)
{
	if (!nl)
		return -ENOTCONN;
	nlh->nlmsg_flags |= NLM_F_DUMP;
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	return kern_nl_read(nl, nlh->nlmsg_seq, fn, ctx);
}

uint64_t kern_nl_foreign(void)
{
	return foreign;
}

int kern_nl_request(struct mnl_socket *sock, const void *buf, size_t len, unsigned int seq,
		    enum kern_req_kind k)
{
	uint64_t t0 = now_us();
	int err;

	if (mnl_socket_sendto(sock, buf, len) < 0)
		return -errno;
	err = kern_nl_wait_ack(sock, seq);
	account(k, t0);
	return err;
}

int kern_nl_talk(struct nlmsghdr *nlh)
{
	if (!nl)
		return -ENOTCONN;
	return kern_nl_request(nl, nlh, nlh->nlmsg_len, nlh->nlmsg_seq, KERN_REQ_RTNL);
}

void kern_close(void)
{
	/* Errors are ignored: a tunnel that is gone took its addresses and
	 * routes with it, and at exit there is nobody left to report to. */
	kern_ledger_unwind();
	if (nl) {
		mnl_socket_close(nl);
		nl = NULL;
	}
}
