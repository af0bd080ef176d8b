/* Home Agent resource accounting under random input: random BUs (sequence numbers,
 * lifetimes, CoAs, deregistrations), DAD conflicts, time jumps and failing kernel
 * operations. After every step each binding must own exactly what its state implies
 * (tunnel, proxy ND, DAD watch) and nothing may be left once the engine is freed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "engine_int.h"

#define N_HOA 6
#define N_COA 4

static uint64_t now = 1000;
static int tunnels[N_HOA][N_COA];   /* ha_tunnel_add minus ha_tunnel_del */
static int proxies[N_HOA];
static int dads[N_HOA];
static unsigned fail_percent;
static unsigned n_ops, n_fail;

static uint64_t clk(void *ctx)
{
	(void)ctx;
	return now;
}

static struct in6_addr hoa_n(int i)
{
	struct in6_addr a = { .s6_addr = { 0x20, 0x01, 0x0d, 0xb8 } };

	a.s6_addr[15] = (uint8_t)(0x10 + i);
	return a;
}

static struct in6_addr coa_n(int i)
{
	struct in6_addr a = { .s6_addr = { 0x20, 0x01, 0x0d, 0xb8, 0, 1 } };

	a.s6_addr[15] = (uint8_t)(0x20 + i);
	return a;
}

static int hoa_index(const struct in6_addr *a)
{
	for (int i = 0; i < N_HOA; i++) {
		struct in6_addr h = hoa_n(i);

		if (!memcmp(&h, a, sizeof(h)))
			return i;
	}
	fail_msg("proposal for an unknown HoA");
	return -1;
}

static int coa_index(const struct in6_addr *a)
{
	for (int i = 0; i < N_COA; i++) {
		struct in6_addr c = coa_n(i);

		if (!memcmp(&c, a, sizeof(c)))
			return i;
	}
	fail_msg("proposal for an unknown CoA");
	return -1;
}

/* Fails a share of the operations that can fail in a kernel. */
static bool fails(void)
{
	n_ops++;
	if ((unsigned)(rand() % 100) < fail_percent) {
		n_fail++;
		return true;
	}
	return false;
}

static int m_send(void *ctx, const struct eng_tx *tx, const struct mh_msg *m)
{
	(void)ctx, (void)tx, (void)m;
	return 0;
}

static int m_tun_add(void *ctx, const struct eng_ha_tunnel *t)
{
	(void)ctx;
	if (fails())
		return -ENOMEM;
	tunnels[hoa_index(&t->hoa)][coa_index(&t->coa)]++;
	return 0;
}

static int m_tun_del(void *ctx, const struct eng_ha_tunnel *t)
{
	(void)ctx;
	tunnels[hoa_index(&t->hoa)][coa_index(&t->coa)]--;
	return 0;
}

static int m_proxy_add(void *ctx, int ifindex, const struct in6_addr *hoa)
{
	(void)ctx, (void)ifindex;
	if (fails())
		return -ENOSPC;
	proxies[hoa_index(hoa)]++;
	return 0;
}

static int m_proxy_del(void *ctx, int ifindex, const struct in6_addr *hoa)
{
	(void)ctx, (void)ifindex;
	proxies[hoa_index(hoa)]--;
	return 0;
}

static int m_dad_start(void *ctx, int ifindex, const struct in6_addr *hoa)
{
	(void)ctx, (void)ifindex;
	if (fails())
		return -EIO;
	dads[hoa_index(hoa)]++;
	return 0;
}

static int m_dad_stop(void *ctx, int ifindex, const struct in6_addr *hoa)
{
	(void)ctx, (void)ifindex;
	dads[hoa_index(hoa)]--;
	return 0;
}

static int m_announce(void *ctx, int ifindex, const struct in6_addr *a)
{
	(void)ctx, (void)ifindex, (void)a;
	fail_msg("MN operation on a home agent");
	return 0;
}

static int m_ro(void *ctx, const struct eng_ro *r)
{
	(void)ctx, (void)r;
	fail_msg("route optimization without a correspondent's BU");
	return 0;
}

static int m_rs(void *ctx, int ifindex) { (void)ctx, (void)ifindex; return 0; }
static int m_mn(void *ctx, const struct eng_mn_tunnel *t) { (void)ctx, (void)t; return 0; }

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

static const struct engine_ops model_ops = {
	.send_mh = m_send,
	.ha_tunnel_add = m_tun_add, .ha_tunnel_del = m_tun_del,
	.proxy_nd_add = m_proxy_add, .proxy_nd_del = m_proxy_del,
	.ha_dad_start = m_dad_start, .ha_dad_stop = m_dad_stop,
	.mn_send_rs = m_rs, .mn_prepare = m_mn, .mn_tunnel_set = m_mn,
	.mn_tunnel_clear = m_mn, .mn_announce = m_announce,
	.ro_set = m_ro, .ro_del = m_ro,
	.send_icmp = nop_icmp, .anycast = nop_anycast, .mn_probe = nop_probe,
};

static void check_invariants(struct engine *e, int step)
{
	for (int i = 0; i < N_HOA; i++) {
		struct in6_addr h = hoa_n(i);
		struct binding *b = bcache_get(&e->bc, &h);
		int total = 0, on_coa = 0;

		for (int k = 0; k < N_COA; k++) {
			if (tunnels[i][k] < 0 || tunnels[i][k] > 1)
				fail_msg("step %d hoa %d: tunnel count %d", step, i, tunnels[i][k]);
			total += tunnels[i][k];
		}
		if (!b) {
			if (total || proxies[i] || dads[i])
				fail_msg("step %d hoa %d: no binding but tunnels %d proxy %d dad %d",
					 step, i, total, proxies[i], dads[i]);
			continue;
		}
		on_coa = tunnels[i][coa_index(&b->r.coa)];
		/* In DAD nothing is done for the HoA yet; registered, one tunnel to its CoA. */
		if (b->state == BC_DAD ? total != 0 : (total != 1 || on_coa != 1))
			fail_msg("step %d hoa %d (%s): tunnels %d, to its CoA %d", step, i,
				 bc_state_name(b->state), total, on_coa);
		if (b->state == BC_DAD && (proxies[i] || dads[i] != 1))
			fail_msg("step %d hoa %d in dad: proxy %d dad %d", step, i, proxies[i],
				 dads[i]);
		/* Proxy ND follows the BA; when it fails the binding stays (routed
		 * traffic still arrives) and the next BU tries again. */
		if (b->state == BC_REGISTERED && (proxies[i] != b->proxy_on || dads[i]))
			fail_msg("step %d hoa %d registered: proxy %d dad %d", step, i,
				 proxies[i], dads[i]);
	}
}

static void run_model(unsigned seed, unsigned fail_pct, bool dad)
{
	struct config conf;
	char err[600];
	struct engine *e;
	struct in6_addr ha;
	uint16_t seqs[N_HOA] = { 0 };

	memset(tunnels, 0, sizeof(tunnels));
	memset(proxies, 0, sizeof(proxies));
	memset(dads, 0, sizeof(dads));
	srand(seed);
	fail_percent = fail_pct;
	assert_int_equal(config_parse(&conf, "model.conf", "NodeConfig HA;\nInterface \"wlan0\";\n",
				      err, sizeof(err)), 0);
	conf.ha_dad = dad;
	conf.ha_max_binding_life = 40;
	e = engine_new(&conf, &model_ops, NULL, clk, NULL);
	assert_non_null(e);
	inet_pton(AF_INET6, "2001:db8::", &ha);
	engine_link_event(e, 3, "wlan0", ENG_LINK_ASSOCIATED);
	engine_addr_event(e, 3, &ha, 64, ENG_ADDR_USABLE);

	for (int step = 0; step < 5000; step++) {
		int i = rand() % N_HOA, r = rand() % 100;
		struct in6_addr h = hoa_n(i);

		if (r < 60) {
			struct eng_rx rx = { .ifindex = 3, .dst = ha, .has_hao = true, .hao = h };
			struct mh_msg bu = { .type = MH_BU };

			/* Mostly newer numbers, sometimes stale or far ahead. */
			seqs[i] += (uint16_t)(rand() % 10 < 8 ? 1 : rand());
			bu.bu.flags = MH_BU_A | MH_BU_H;
			bu.bu.seq = seqs[i];
			bu.bu.lifetime_units = mh_sec_to_units((uint32_t)(rand() % 6) * 8);
			if (rand() % 8 == 0) {
				rx.src = h; /* back home: CoA == HoA */
				rx.has_hao = false;
			} else {
				rx.src = coa_n(rand() % N_COA);
			}
			engine_rx_mh(e, &rx, &bu);
		} else if (r < 70) {
			engine_ha_dad_conflict(e, 3, &h);
		} else {
			now += (uint64_t)(rand() % 5000);
			engine_tick(e);
		}
		check_invariants(e, step);
	}
	engine_free(e);
	for (int i = 0; i < N_HOA; i++) {
		for (int k = 0; k < N_COA; k++)
			assert_int_equal(tunnels[i][k], 0);
		assert_int_equal(proxies[i], 0);
		assert_int_equal(dads[i], 0);
	}
}

static void test_model_no_failures(void **state)
{
	(void)state;
	run_model(1, 0, true);
	run_model(2, 0, false);
}

static void test_model_with_failures(void **state)
{
	(void)state;
	n_ops = n_fail = 0;
	run_model(3, 15, true);
	run_model(4, 15, false);
	assert_true(n_fail > 0); /* the failure paths were exercised */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_model_no_failures),
		cmocka_unit_test(test_model_with_failures),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
