/* bench-ro: the correspondent role in process, the kernel replaced by counters.
 *   bench-ro [N]
 * N mobile nodes run return routability with one correspondent engine: the rate of
 * HoTI+CoTI answered (HoT and CoT built, tokens computed with HMAC-SHA1), the rate of
 * BUs verified and bound (nonces, Kbm, the authenticator), and the memory each binding
 * costs (RSS growth over N bindings). The mobile nodes' side (Kbm, signing) is done
 * before the timed loops. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "bench_util.h"
#include "engine.h"
#include "rr.h"

static uint64_t now_ms = 1000000;
static uint64_t n_ro;
static struct mh_msg last;             /* the correspondent's last answer */
static unsigned n_ba_ok;

static uint64_t bench_clock(void *ctx)
{
	(void)ctx;
	return now_ms;
}

static int send_mh(void *ctx, const struct eng_tx *tx, const struct mh_msg *m)
{
	(void)ctx, (void)tx;
	last = *m;
	if (m->type == MH_BA && m->ba.status == 0)
		n_ba_ok++;
	return 0;
}

static int count_ro(void *ctx, const struct eng_ro *r)
{
	(void)ctx, (void)r;
	n_ro++;
	return 0;
}

static int none_if(void *ctx, int ifindex, const struct in6_addr *a)
{
	(void)ctx, (void)ifindex, (void)a;
	return 0;
}

static int none_tun(void *ctx, const struct eng_ha_tunnel *t)
{
	(void)ctx, (void)t;
	return 0;
}

static int none_mn(void *ctx, const struct eng_mn_tunnel *t)
{
	(void)ctx, (void)t;
	return 0;
}

static int none_rs(void *ctx, int ifindex)
{
	(void)ctx, (void)ifindex;
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
	.send_mh = send_mh,
	.ha_tunnel_add = none_tun, .ha_tunnel_del = none_tun,
	.proxy_nd_add = none_if, .proxy_nd_del = none_if,
	.ha_dad_start = none_if, .ha_dad_stop = none_if,
	.mn_send_rs = none_rs, .mn_prepare = none_mn, .mn_tunnel_set = none_mn,
	.mn_tunnel_clear = none_mn, .mn_announce = none_if,
	.ro_set = count_ro, .ro_del = count_ro,
	.send_icmp = nop_icmp, .anycast = nop_anycast, .mn_probe = nop_probe,
};

/* Mobile node i's home and care-of addresses. */
static void addrs(unsigned i, struct in6_addr *hoa, struct in6_addr *coa)
{
	uint32_t v = i + 1;

	inet_pton(AF_INET6, "2001:db8::", hoa);
	inet_pton(AF_INET6, "2001:db8:1::", coa);
	for (int k = 0; k < 4; k++) {
		hoa->s6_addr[15 - k] = (uint8_t)(v >> (8 * k));
		coa->s6_addr[15 - k] = (uint8_t)(v >> (8 * k));
	}
}

struct mn {
	uint8_t home[RR_TOKEN_LEN], careof[RR_TOKEN_LEN];
	uint16_t hi, ci;
};

int main(int argc, char **argv)
{
	unsigned long n = 100000;
	struct config conf;
	char err[600];
	struct engine *e;
	struct in6_addr cn;
	struct mn *mns;
	uint8_t (*wire)[64];
	size_t *lens;
	long rss0, rss1;
	double t_init, t_bu;

	if (argc > 2 || (argc == 2 && (n = strtoul(argv[1], NULL, 10)) == 0) || n > 1000000) {
		fprintf(stderr, "usage: bench-ro [N]   (1 <= N <= 1000000)\n");
		return 2;
	}
	if (config_parse(&conf, "bench", "NodeConfig CN;\nInterface \"bench0\";\n", err,
			 sizeof(err)) < 0) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	mns = calloc(n, sizeof(*mns));
	wire = calloc(n, sizeof(*wire));
	lens = calloc(n, sizeof(*lens));
	e = engine_new(&conf, &ops, NULL, bench_clock, NULL);
	if (!mns || !wire || !lens || !e)
		return 1;
	inet_pton(AF_INET6, "2001:db8:ff::2", &cn);

	/* HoTI and CoTI of every mobile node: the answers' tokens are kept. */
	t_init = seconds();
	for (unsigned i = 0; i < n; i++) {
		struct eng_rx rx = { .ifindex = 2, .dst = cn };
		struct mh_msg m = { .type = MH_HOTI };
		struct in6_addr hoa, coa;

		addrs(i, &hoa, &coa);
		rx.src = hoa;
		engine_rx_mh(e, &rx, &m);
		memcpy(mns[i].home, last.hot.keygen, RR_TOKEN_LEN);
		mns[i].hi = last.hot.nonce_index;
		m.type = MH_COTI;
		rx.src = coa;
		engine_rx_mh(e, &rx, &m);
		memcpy(mns[i].careof, last.cot.keygen, RR_TOKEN_LEN);
		mns[i].ci = last.cot.nonce_index;
	}
	t_init = seconds() - t_init;

	/* Their BUs, signed as the mobile nodes would. */
	for (unsigned i = 0; i < n; i++) {
		struct in6_addr hoa, coa;
		uint8_t kbm[RR_KBM_LEN];
		struct mh_msg bu;

		addrs(i, &hoa, &coa);
		mh_bu_init(&bu, 1, MH_BU_A, 400);
		bu.opts.has_nonce = true;
		bu.opts.home_nonce_index = mns[i].hi;
		bu.opts.coa_nonce_index = mns[i].ci;
		rr_kbm(mns[i].home, mns[i].careof, kbm);
		if (rr_sign(kbm, &coa, &cn, &bu) != PKT_OK ||
		    mh_encode(&bu, wire[i], sizeof(wire[i]), &lens[i]) != PKT_OK) {
			fprintf(stderr, "bench-ro: cannot build BU %u\n", i);
			return 1;
		}
	}
	rss0 = rss_kib();
	t_bu = seconds();
	for (unsigned i = 0; i < n; i++) {
		struct eng_rx rx = { .ifindex = 2, .dst = cn, .has_hao = true, .raw = wire[i] };
		struct in6_addr coa;
		struct mh_msg bu;

		addrs(i, &rx.hao, &coa);
		rx.src = coa;
		if (mh_decode(wire[i], lens[i], &bu) != PKT_OK)
			return 1;
		engine_rx_mh(e, &rx, &bu);
	}
	t_bu = seconds() - t_bu;
	rss1 = rss_kib();
	if (n_ba_ok != n || n_ro != n) {
		fprintf(stderr, "bench-ro: %u of %lu BUs accepted, %llu direct paths\n", n_ba_ok,
			n, (unsigned long long)n_ro);
		return 1;
	}
	printf("mobile nodes %lu\n", n);
	printf("HoTI+CoTI answered: %.0f messages/s\n", 2.0 * n / t_init);
	printf("BUs verified and bound: %.0f BU/s\n", n / t_bu);
	printf("rss growth: %ld KiB, %.0f bytes per binding\n", rss1 - rss0,
	       (double)(rss1 - rss0) * 1024.0 / (double)n);
	engine_free(e);
	free(mns);
	free(wire);
	free(lens);
	return 0;
}
