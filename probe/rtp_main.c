/*
 * mip6-rtp - the lab's voice call: G.711 RTP at a constant rate, and its receiver.
 *
 *   mip6-rtp send [-i SECONDS] [-s BYTES] [-c COUNT] [-S SSRC] [-a ADDRESS] [-p LOCALPORT]
 *                 DEST PORT
 *   mip6-rtp recv [-c COUNT] [-a ADDRESS] PORT
 *
 * The sender is mip6-probe's loop (timerfd with absolute ticks, signalfd) sending one
 * RTP packet of mu-law samples (PT 0) per tick. Unlike ffmpeg's RTP muxer, which ends
 * the stream at the first failed send (a mobile node may have no route for a moment
 * during a handover), it logs the error and keeps the rate; ticks it wakes up late for
 * are sent at once, with their own numbers, so that the sequence has no hole the
 * network did not make. The receiver prints one line per packet with its arrival time
 * and, at the end, what the sequence numbers say (RFC 3550 A.3: expected = highest -
 * first + 1, lost = expected - received).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include "g711.h"
#include "loop.h"
#include "rtp.h"

#define MAX_PAYLOAD 1400
#define TONE_HZ 400.0
#define SEEN_BITS 4096          /* duplicates detected this far behind the highest */

static void usage(FILE *out)
{
	fputs("usage: mip6-rtp send [-i SECONDS] [-s BYTES] [-c COUNT] [-S SSRC] [-a ADDRESS]\n"
	      "                     [-p LOCALPORT] DESTINATION PORT\n"
	      "       mip6-rtp recv [-c COUNT] [-a ADDRESS] PORT\n"
	      "  send: G.711 mu-law RTP (payload type 0) of a 400 Hz tone to DESTINATION (IPv6)\n"
	      "        at a constant rate whatever happens: a failed send is logged and the\n"
	      "        rate kept; late timer ticks are sent late, not skipped.\n"
	      "    -i SECONDS   packet interval, 0.001-1 (default 0.02)\n"
	      "    -s BYTES     payload bytes = 8 kHz samples per packet, 1-1400 (default 160)\n"
	      "    -c COUNT     stop after COUNT packets (default: until SIGINT/SIGTERM)\n"
	      "    -S SSRC      synchronisation source (default: random)\n"
	      "    -a ADDRESS   send from this IPv6 address (a mobile node's home address)\n"
	      "    -p PORT      send from this local port (default: any)\n"
	      "  recv: receives RTP on PORT, prints each packet ([unix time] seq= ts= ssrc=\n"
	      "        bytes=) and at the end: received, expected, lost, duplicates.\n"
	      "    -c COUNT     stop after COUNT packets (default: until SIGINT/SIGTERM)\n"
	      "    -a ADDRESS   bind to this IPv6 address (default: any)\n"
	      "  -h             this help\n", out);
}

static int parse_uint(const char *s, double lo, double hi, unsigned long *out)
{
	double v;

	if (loop_parse_num(s, lo, hi, &v) < 0 || v != (double)(unsigned long)v)
		return -1;
	*out = (unsigned long)v;
	return 0;
}

static int udp_socket(const struct in6_addr *addr, unsigned long port)
{
	struct sockaddr_in6 sa = { .sin6_family = AF_INET6, .sin6_port = htons((uint16_t)port) };
	int s = socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0), on = 1;

	if (s < 0)
		return -1;
	if (addr)
		sa.sin6_addr = *addr;
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
	if ((port || addr) && bind(s, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		close(s);
		return -1;
	}
	return s;
}

/* --- send --- */

struct sender {
	int sock, timer, sig;
	struct sockaddr_in6 dst;
	uint32_t ssrc, ts;
	uint16_t seq, first_seq;
	size_t payload;
	uint64_t samples;
	unsigned long count, sent, errors, late;
};

static void send_one(struct sender *p)
{
	uint8_t pl[MAX_PAYLOAD], buf[RTP_HDR_LEN + MAX_PAYLOAD];
	struct rtp_hdr h = { .pt = 0, .seq = p->seq, .ts = p->ts, .ssrc = p->ssrc };
	int len;

	g711_tone(pl, p->payload, p->samples, TONE_HZ);
	len = rtp_build(buf, sizeof(buf), &h, pl, p->payload);
	if (len < 0)
		abort();                /* the payload size is checked at the command line */
	if (sendto(p->sock, buf, (size_t)len, 0, (struct sockaddr *)&p->dst, sizeof(p->dst)) < 0) {
		p->errors++;
		loop_print_ts();
		printf("send seq=%u: %s\n", p->seq, strerror(errno));
	}
	p->sent++;
	p->seq++;
	p->ts += (uint32_t)p->payload;
	p->samples += p->payload;
}

static int do_send(int argc, char **argv)
{
	struct sender p = { .sock = -1, .payload = 160 };
	struct in6_addr src, *srcp = NULL;
	char src_str[INET6_ADDRSTRLEN] = "any";
	unsigned long v, lport = 0, port;
	double interval = 0.02;
	bool has_ssrc = false;
	uint32_t rnd[3];
	int c;

	while ((c = getopt(argc, argv, "i:s:c:S:a:p:h")) != -1) {
		switch (c) {
		case 'i':
			if (loop_parse_num(optarg, 0.001, 1, &interval) < 0)
				goto bad;
			break;
		case 's':
			if (parse_uint(optarg, 1, MAX_PAYLOAD, &v) < 0)
				goto bad;
			p.payload = v;
			break;
		case 'c':
			if (parse_uint(optarg, 1, 1e9, &p.count) < 0)
				goto bad;
			break;
		case 'S':
			if (parse_uint(optarg, 0, 4294967295.0, &v) < 0)
				goto bad;
			p.ssrc = (uint32_t)v;
			has_ssrc = true;
			break;
		case 'a':
			if (inet_pton(AF_INET6, optarg, &src) != 1)
				goto bad;
			srcp = &src;
			snprintf(src_str, sizeof(src_str), "%s", optarg);
			break;
		case 'p':
			if (parse_uint(optarg, 1, 65535, &lport) < 0)
				goto bad;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			goto bad;
		}
	}
	if (optind != argc - 2 || parse_uint(argv[optind + 1], 1, 65535, &port) < 0)
		goto bad;
	p.dst.sin6_family = AF_INET6;
	p.dst.sin6_port = htons((uint16_t)port);
	if (inet_pton(AF_INET6, argv[optind], &p.dst.sin6_addr) != 1) {
		fprintf(stderr, "mip6-rtp: not an IPv6 address: %s\n", argv[optind]);
		goto bad;
	}
	/* RFC 3550 §5.1: random initial sequence number and timestamp. */
	if (getrandom(rnd, sizeof(rnd), 0) != sizeof(rnd))
		rnd[0] = rnd[1] = rnd[2] = (uint32_t)getpid();
	p.seq = p.first_seq = (uint16_t)rnd[0];
	p.ts = rnd[1];
	if (!has_ssrc)
		p.ssrc = rnd[2];
	p.sock = udp_socket(srcp, lport);
	if (p.sock < 0) {
		fprintf(stderr, "mip6-rtp: UDP socket (port %lu): %s\n", lport, strerror(errno));
		return 1;
	}
	p.sig = loop_signals();
	p.timer = loop_ticker(interval);
	if (p.sig < 0 || p.timer < 0)
		goto sys;
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("RTP-SEND [%s]:%lu from port %lu: SSRC %u, PT 0 (G.711 mu-law), %zu bytes every %g s, "
	       "first seq %u ts %u, source %s\n", argv[optind], port, lport, p.ssrc, p.payload, interval,
	       p.seq, p.ts, src_str);
	for (;;) {
		struct pollfd fds[2] = { { .fd = p.timer, .events = POLLIN },
					 { .fd = p.sig, .events = POLLIN } };
		uint64_t ticks;

		if (poll(fds, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			goto sys;
		}
		if (fds[1].revents)
			break;
		if (!fds[0].revents || read(p.timer, &ticks, sizeof(ticks)) != sizeof(ticks))
			continue;
		/* Woken late: every packet due goes now, numbered as due. */
		if (ticks > 1)
			p.late += ticks - 1;
		while (ticks-- && !(p.count && p.sent >= p.count))
			send_one(&p);
		if (p.count && p.sent >= p.count)
			break;
	}
	printf("--- rtp send statistics ---\n%lu sent (seq %u-%u), %lu send errors, %lu late ticks "
	       "(sent late)\n", p.sent, p.first_seq, (uint16_t)(p.seq - 1), p.errors, p.late);
	return 0;
sys:
	fprintf(stderr, "mip6-rtp: timer/signals: %s\n", strerror(errno));
	return 1;
bad:
	usage(stderr);
	return 2;
}

/* --- recv --- */

struct receiver {
	bool any;
	uint32_t ssrc;
	int64_t first, max;             /* extended sequence numbers */
	unsigned long received, dup, reordered, other;
	uint64_t seen[SEEN_BITS / 64];
};

static bool seen(struct receiver *r, int64_t e, bool set)
{
	uint64_t b = (uint64_t)e % SEEN_BITS, m = 1ULL << (b % 64);
	bool was = r->seen[b / 64] & m;

	if (set)
		r->seen[b / 64] |= m;
	else
		r->seen[b / 64] &= ~m;
	return was;
}

static void one_packet(struct receiver *r, const uint8_t *buf, size_t n)
{
	struct rtp_hdr h;
	const char *what = "";
	int64_t e;

	if (rtp_parse(buf, n, &h) != PKT_OK || (r->any && h.ssrc != r->ssrc)) {
		r->other++;
		return;
	}
	if (!r->any) {
		r->any = true;
		r->ssrc = h.ssrc;
		r->first = r->max = h.seq;
		seen(r, h.seq, true);
		r->received++;
	} else {
		e = rtp_ext16(r->max, h.seq);
		if (e <= r->max && e > r->max - SEEN_BITS && seen(r, e, false)) {
			seen(r, e, true);
			r->dup++;
			what = " duplicate";
		} else {
			if (e > r->max) {
				for (int64_t x = e - 1; x > r->max && x > e - SEEN_BITS; x--)
					seen(r, x, false);
				r->max = e;
			} else {
				r->reordered++;
				what = " out-of-order";
			}
			if (e < r->first)
				r->first = e;
			seen(r, e, true);
			r->received++;
		}
	}
	loop_print_ts();
	printf("seq=%u ts=%u ssrc=%u bytes=%zu%s\n", h.seq, h.ts, h.ssrc, h.payload_len, what);
}

static int do_recv(int argc, char **argv)
{
	struct receiver r;
	struct in6_addr a, *addr = NULL;
	unsigned long count = 0, port;
	int c, sock, sig;

	memset(&r, 0, sizeof(r));
	while ((c = getopt(argc, argv, "c:a:h")) != -1) {
		switch (c) {
		case 'c':
			if (parse_uint(optarg, 1, 1e9, &count) < 0)
				goto bad;
			break;
		case 'a':
			if (inet_pton(AF_INET6, optarg, &a) != 1)
				goto bad;
			addr = &a;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			goto bad;
		}
	}
	if (optind != argc - 1 || parse_uint(argv[optind], 1, 65535, &port) < 0)
		goto bad;
	sock = udp_socket(addr, port);
	if (sock < 0) {
		fprintf(stderr, "mip6-rtp: UDP port %lu: %s\n", port, strerror(errno));
		return 1;
	}
	sig = loop_signals();
	if (sig < 0) {
		fprintf(stderr, "mip6-rtp: signals: %s\n", strerror(errno));
		return 1;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("RTP-RECV port %lu\n", port);
	while (!count || r.received + r.dup < count) {
		struct pollfd fds[2] = { { .fd = sock, .events = POLLIN },
					 { .fd = sig, .events = POLLIN } };
		uint8_t buf[2048];
		ssize_t n;

		if (poll(fds, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		/* What arrived before the signal is counted first. */
		while ((n = recv(sock, buf, sizeof(buf), 0)) >= 0) {
			one_packet(&r, buf, (size_t)n);
			if (count && r.received + r.dup >= count)
				break;
		}
		if (fds[1].revents)
			break;
	}
	printf("--- rtp recv statistics ---\n");
	if (!r.any) {
		printf("0 received, 0 expected, 0 lost, 0 duplicates, 0 out of order, %lu not of the "
		       "stream\n", r.other);
		return 0;
	}
	printf("%lu received, %lld expected (seq %u-%u, SSRC %u), %lld lost, %lu duplicates, "
	       "%lu out of order, %lu not of the stream\n", r.received,
	       (long long)(r.max - r.first + 1), (uint16_t)r.first, (uint16_t)r.max, r.ssrc,
	       (long long)(r.max - r.first + 1) - (long long)r.received, r.dup, r.reordered, r.other);
	return 0;
bad:
	usage(stderr);
	return 2;
}

int main(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "send") == 0)
		return do_send(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "recv") == 0)
		return do_recv(argc - 1, argv + 1);
	if (argc == 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
		usage(stdout);
		return 0;
	}
	usage(stderr);
	return 2;
}
