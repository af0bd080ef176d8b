/*
 * bench-ha - Home Agent registration throughput and memory, in process.
 *
 *   bench-ha [N]      (default 100000)
 *
 * Feeds the engine N Binding Updates for N distinct Home Addresses (first registrations,
 * HA DAD off so each BU completes at once), then N refreshes, and reports accepted BU/s
 * for each pass and the resident memory per binding. A third pass feeds N more refreshes
 * as IPv6 packets built by the shared codec (HAO, checksum) through the daemon's receive
 * path (io_mh_input: header chain walk, checksum check, MH decode), which is everything a
 * BU costs in mip6d short of the socket. The proposals go to counting callbacks: this
 * measures mip6d, not the kernel's tunnels and routes.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bench_util.h"
#include "config.h"
#include "engine.h"
#include "io_int.h"
#include "ip6pkt.h"

static uint64_t n_ba_ok, n_ops;
static uint64_t now_ms = 1000;

static uint64_t bench_clock(void *ctx)
{
	(void)ctx;
	return now_ms;
}

static int count_mh(void *ctx, const struct eng_tx *tx, const struct mh_msg *m)
{
	(void)ctx, (void)tx;
	if (m->type == MH_BA && m->ba.status == 0)
		n_ba_ok++;
	else
		n_ops++;
	return 0;
}

static int count_tun(void *ctx, const struct eng_ha_tunnel *t)
{
	(void)ctx, (void)t;
	n_ops++;
	return 0;
}

static int count_if(void *ctx, int ifindex, const struct in6_addr *a)
{
	(void)ctx, (void)ifindex, (void)a;
	n_ops++;
	return 0;
}

static int count_ro(void *ctx, const struct eng_ro *r)
{
	(void)ctx, (void)r;
	n_ops++;
	return 0;
}

static int count_rs(void *ctx, int ifindex)
{
	(void)ctx, (void)ifindex;
	return 0;
}

static int count_mn(void *ctx, const struct eng_mn_tunnel *t)
{
	(void)ctx, (void)t;
	return 0;
}

static int nop_icmp(void *ctx, const struct eng_tx *tx, const struct dhaad_msg *m)
{
	(void)ctx, (void)tx, (void)m;
	return 0;
}

static int nop_probe(void *ctx, const struct in6_addr *hoa, const struct in6_addr *ha)
{
	(void)ctx, (void)hoa, (void)ha;
	return 0;
}

static int nop_anycast(void *ctx, int ifindex, const struct in6_addr *a, bool join)
{
	(void)ctx, (void)ifindex, (void)a, (void)join;
	return 0;
}

static const struct engine_ops ops = {
	.send_mh = count_mh,
	.ha_tunnel_add = count_tun, .ha_tunnel_del = count_tun,
	.proxy_nd_add = count_if, .proxy_nd_del = count_if,
	.ha_dad_start = count_if, .ha_dad_stop = count_if,
	.mn_send_rs = count_rs, .mn_prepare = count_mn, .mn_tunnel_set = count_mn,
	.mn_tunnel_clear = count_mn, .mn_announce = count_if,
	.ro_set = count_ro, .ro_del = count_ro,
	.send_icmp = nop_icmp, .anycast = nop_anycast, .mn_probe = nop_probe,
};

static double pass(struct engine *e, unsigned n, uint16_t seq)
{
	struct eng_rx rx = { .ifindex = 2 };
	struct mh_msg bu;
	uint64_t before = n_ba_ok;
	double t0;

	mh_bu_init(&bu, seq, MH_BU_A | MH_BU_H, 3600);
	inet_pton(AF_INET6, "2001:db8::", &rx.dst);
	inet_pton(AF_INET6, "2001:db8::", &rx.hao);
	inet_pton(AF_INET6, "2001:db8:1::", &rx.src);
	rx.has_hao = true;
	t0 = seconds();
	for (unsigned i = 0; i < n; i++) {
		/* HoA 2001:db8::<i+1>, CoA 2001:db8:1::<i+1>: distinct per MN. */
		uint32_t v = i + 1;

		for (int k = 0; k < 4; k++) {
			rx.hao.s6_addr[15 - k] = (uint8_t)(v >> (8 * k));
			rx.src.s6_addr[15 - k] = (uint8_t)(v >> (8 * k));
		}
		engine_rx_mh(e, &rx, &bu);
	}
	t0 = seconds() - t0;
	if (n_ba_ok - before != n) {
		fprintf(stderr, "bench-ha: only %llu of %u BUs accepted\n",
			(unsigned long long)(n_ba_ok - before), n);
		exit(1);
	}
	return n / t0;
}

#define PKT_MAX 128

/* Refreshes as wire bytes: packets are built first, then only the receive is timed. */
static double pass_packets(struct engine *e, unsigned n, uint16_t seq)
{
	uint8_t *pkts = malloc((size_t)n * PKT_MAX);
	size_t *lens = malloc((size_t)n * sizeof(*lens));
	struct in6_addr hoa, coa;
	struct ip6_spec s = { .hoa = &hoa };
	struct mh_msg m;
	uint64_t before = n_ba_ok;
	double t0;

	if (!pkts || !lens) {
		fprintf(stderr, "bench-ha: out of memory\n");
		exit(1);
	}
	inet_pton(AF_INET6, "2001:db8::", &s.dst);
	inet_pton(AF_INET6, "2001:db8::", &hoa);
	inet_pton(AF_INET6, "2001:db8:1::", &coa);
	mh_bu_init(&m, seq, MH_BU_A | MH_BU_H, 3600);
	for (unsigned i = 0; i < n; i++) {
		uint32_t v = i + 1;

		for (int k = 0; k < 4; k++) {
			hoa.s6_addr[15 - k] = (uint8_t)(v >> (8 * k));
			coa.s6_addr[15 - k] = (uint8_t)(v >> (8 * k));
		}
		s.src = coa;
		if (ip6_build_mh(&s, &m, pkts + (size_t)i * PKT_MAX, PKT_MAX, &lens[i]) != PKT_OK) {
			fprintf(stderr, "bench-ha: cannot build BU %u\n", i);
			exit(1);
		}
	}
	t0 = seconds();
	for (unsigned i = 0; i < n; i++)
		io_mh_input(e, 2, pkts + (size_t)i * PKT_MAX, lens[i]);
	t0 = seconds() - t0;
	free(pkts);
	free(lens);
	if (n_ba_ok - before != n) {
		fprintf(stderr, "bench-ha: only %llu of %u packets accepted\n",
			(unsigned long long)(n_ba_ok - before), n);
		exit(1);
	}
	return n / t0;
}

int main(int argc, char **argv)
{
	unsigned long n = 100000;
	struct config conf;
	char err[600];
	struct engine *e;
	struct in6_addr ha;
	long rss0, rss1;
	double first, refresh, wire;

	if (argc > 2 || (argc == 2 && (n = strtoul(argv[1], NULL, 10)) == 0) || n > 10000000) {
		fprintf(stderr, "usage: bench-ha [N]   (1 <= N <= 10000000)\n");
		return 2;
	}
	if (config_parse(&conf, "bench", "NodeConfig HA;\nInterface \"bench0\";\n"
			 "HaDuplicateAddressDetection disabled;\n"
			 /* The care-of addresses share one /64: not a flood here. */
			 "HaMaxBindingsPerPrefix 16777216;\nHaMaxBindings 16777216;\n",
			 err, sizeof(err)) < 0) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	e = engine_new(&conf, &ops, NULL, bench_clock, NULL);
	if (!e)
		return 1;
	inet_pton(AF_INET6, "2001:db8::", &ha);
	engine_link_event(e, 2, "bench0", ENG_LINK_ASSOCIATED);
	engine_addr_event(e, 2, &ha, 64, ENG_ADDR_USABLE);

	rss0 = rss_kib();
	first = pass(e, (unsigned)n, 1);
	rss1 = rss_kib();
	refresh = pass(e, (unsigned)n, 2);
	wire = pass_packets(e, (unsigned)n, 3);
	printf("bindings %lu\n", n);
	printf("first registrations: %.0f BU/s\n", first);
	printf("refreshes: %.0f BU/s\n", refresh);
	printf("refreshes as packets (decode + checksum + engine): %.0f BU/s\n", wire);
	printf("rss growth: %ld KiB, %.0f bytes per binding\n", rss1 - rss0,
	       (double)(rss1 - rss0) * 1024.0 / (double)n);
	engine_free(e);
	return 0;
}
