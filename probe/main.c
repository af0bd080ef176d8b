/*
 * mip6-probe - a constant-rate ICMPv6 echo probe for the lab's handover measurements.
 *
 * ping(8) is not constant-rate below 10 ms: while replies are outstanding it waits at
 * least 10 ms between sends, so during a handover's outage a 5 ms probe slows to one
 * packet every ~11 ms and the outage looks longer than it is. This probe sends on a
 * fixed schedule (timerfd, absolute ticks) whatever comes back. Its output keeps ping
 * -D's reply line, so the lab's checks read either:
 *   [1795778868.606901] 64 bytes from 2001:db8::beef: icmp_seq=232 ttl=63 time=3.95 ms
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <netinet/icmp6.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include "echo.h"
#include "loop.h"

#define MAX_PAYLOAD 1452               /* an Echo Request that fits a 1500-byte link */

struct probe {
	int sock, timer, sig;
	struct sockaddr_in6 dst;
	char dst_str[INET6_ADDRSTRLEN];
	uint16_t id, seq;
	size_t payload;
	unsigned long count;           /* 0: until signalled */
	unsigned long sent, received, send_errors, skipped;
};

static void usage(FILE *out)
{
	fprintf(out,
		"usage: mip6-probe [-i SECONDS] [-s BYTES] [-c COUNT] DESTINATION\n"
		"  Sends ICMPv6 Echo Requests to DESTINATION (an IPv6 address) at a constant\n"
		"  rate, whether or not replies come, and prints each reply as ping -D does.\n"
		"  -i SECONDS  interval between requests, 0.0001-60 (default 0.02)\n"
		"  -s BYTES    payload bytes, %d-%d (default %d)\n"
		"  -c COUNT    stop after COUNT requests (default: until SIGINT/SIGTERM)\n"
		"  -h          this help\n",
		ECHO_STAMP_LEN, MAX_PAYLOAD, ECHO_DEFAULT_PAYLOAD);
}

static int open_socket(struct probe *p)
{
	struct icmp6_filter f;
	int on = 1;

	p->sock = socket(AF_INET6, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, IPPROTO_ICMPV6);
	if (p->sock < 0) {
		fprintf(stderr, "mip6-probe: raw ICMPv6 socket: %s\n", strerror(errno));
		return -1;
	}
	ICMP6_FILTER_SETBLOCKALL(&f);
	ICMP6_FILTER_SETPASS(ICMP6_ECHO_REPLY, &f);
	if (setsockopt(p->sock, IPPROTO_ICMPV6, ICMP6_FILTER, &f, sizeof(f)) < 0 ||
	    setsockopt(p->sock, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, &on, sizeof(on)) < 0) {
		fprintf(stderr, "mip6-probe: socket options: %s\n", strerror(errno));
		return -1;
	}
	return 0;
}

static void send_one(struct probe *p)
{
	uint8_t buf[ECHO_HDR_LEN + MAX_PAYLOAD];
	struct timespec now;
	struct echo_stamp st;
	int len;

	clock_gettime(CLOCK_MONOTONIC, &now);
	st.sec = (uint64_t)now.tv_sec;
	st.nsec = (uint64_t)now.tv_nsec;
	len = echo_build(buf, sizeof(buf), p->id, p->seq, p->payload, &st);
	if (len < 0)
		abort();               /* payload bounds are checked at the command line */
	if (sendto(p->sock, buf, (size_t)len, 0, (struct sockaddr *)&p->dst,
		   sizeof(p->dst)) < 0) {
		/* A handover may leave no route for a moment: say so and keep the rate. */
		p->send_errors++;
		loop_print_ts();
		printf("send icmp_seq=%u: %s\n", p->seq, strerror(errno));
	}
	p->sent++;
	p->seq++;
}

static void read_replies(struct probe *p)
{
	uint8_t buf[ECHO_HDR_LEN + MAX_PAYLOAD + 64];
	union { char b[CMSG_SPACE(sizeof(int))]; struct cmsghdr align; } cbuf;
	struct sockaddr_in6 from;
	struct iovec iov = { .iov_base = buf, .iov_len = sizeof(buf) };
	struct msghdr msg;
	struct echo_stamp st;
	struct timespec now;
	uint16_t seq;
	ssize_t n;

	for (;;) {
		int ttl = -1;

		memset(&msg, 0, sizeof(msg));
		msg.msg_name = &from;
		msg.msg_namelen = sizeof(from);
		msg.msg_iov = &iov;
		msg.msg_iovlen = 1;
		msg.msg_control = cbuf.b;
		msg.msg_controllen = sizeof(cbuf.b);
		n = recvmsg(p->sock, &msg, 0);
		if (n < 0)
			return;
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (echo_parse_reply(buf, (size_t)n, p->id, &seq, &st) < 0)
			continue;      /* another ping's reply, or not an echo reply */
		for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c))
			if (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_HOPLIMIT &&
			    c->cmsg_len == CMSG_LEN(sizeof(int)))
				memcpy(&ttl, CMSG_DATA(c), sizeof(ttl));
		char a[INET6_ADDRSTRLEN];
		double rtt = (double)(now.tv_sec - (time_t)st.sec) * 1e3 +
			     ((double)now.tv_nsec - (double)st.nsec) / 1e6;

		inet_ntop(AF_INET6, &from.sin6_addr, a, sizeof(a));
		p->received++;
		loop_print_ts();
		printf("%zd bytes from %s: icmp_seq=%u ttl=%d time=%.3f ms\n", n, a, seq, ttl, rtt);
	}
}

static int setup_timer(struct probe *p, double interval)
{
	p->timer = loop_ticker(interval);
	return p->timer < 0 ? -1 : 0;
}

static int setup_signals(struct probe *p)
{
	p->sig = loop_signals();
	return p->sig < 0 ? -1 : 0;
}

static void run(struct probe *p)
{
	struct pollfd fds[3] = {
		{ .fd = p->timer, .events = POLLIN },
		{ .fd = p->sock, .events = POLLIN },
		{ .fd = p->sig, .events = POLLIN },
	};

	for (;;) {
		if (poll(fds, 3, -1) < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "mip6-probe: poll: %s\n", strerror(errno));
			return;
		}
		if (fds[2].revents)
			return;
		if (fds[1].revents)
			read_replies(p);
		if (fds[0].revents) {
			uint64_t ticks;

			if (read(p->timer, &ticks, sizeof(ticks)) != sizeof(ticks))
				continue;
			/* Woken late past whole ticks: one request now, the rest counted. */
			if (ticks > 1)
				p->skipped += ticks - 1;
			send_one(p);
			if (p->count && p->sent >= p->count)
				return;
		}
	}
}

int main(int argc, char **argv)
{
	struct probe p = { .sock = -1, .timer = -1, .sig = -1,
			   .payload = ECHO_DEFAULT_PAYLOAD };
	double interval = 0.02, v;
	int c;

	setvbuf(stdout, NULL, _IOLBF, 0);
	while ((c = getopt(argc, argv, "i:s:c:h")) != -1) {
		switch (c) {
		case 'i':
			if (loop_parse_num(optarg, 0.0001, 60, &interval) < 0)
				goto bad;
			break;
		case 's':
			if (loop_parse_num(optarg, ECHO_STAMP_LEN, MAX_PAYLOAD, &v) < 0 ||
			    v != (double)(size_t)v)
				goto bad;
			p.payload = (size_t)v;
			break;
		case 'c':
			if (loop_parse_num(optarg, 1, 1e9, &v) < 0 || v != (double)(unsigned long)v)
				goto bad;
			p.count = (unsigned long)v;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			goto bad;
		}
	}
	if (optind != argc - 1)
		goto bad;
	p.dst.sin6_family = AF_INET6;
	if (inet_pton(AF_INET6, argv[optind], &p.dst.sin6_addr) != 1) {
		fprintf(stderr, "mip6-probe: not an IPv6 address: %s\n", argv[optind]);
		goto bad;
	}
	snprintf(p.dst_str, sizeof(p.dst_str), "%s", argv[optind]);
	p.id = (uint16_t)getpid();
	if (open_socket(&p) < 0)
		return 1;               /* it said why */
	if (setup_signals(&p) < 0 || setup_timer(&p, interval) < 0) {
		fprintf(stderr, "mip6-probe: timer/signals: %s\n", strerror(errno));
		return 1;
	}
	printf("PROBE %s: %zu data bytes every %g s (constant rate)\n", p.dst_str, p.payload,
	       interval);
	run(&p);
	/* Replies already queued are counted before the summary. */
	read_replies(&p);
	printf("--- %s probe statistics ---\n%lu transmitted, %lu received, %lu send errors, "
	       "%lu late ticks skipped\n", p.dst_str, p.sent, p.received, p.send_errors,
	       p.skipped);
	return 0;
bad:
	usage(stderr);
	return 2;
}
