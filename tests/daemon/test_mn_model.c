/* Mobile Node under random input: link changes, RAs from the home and two foreign
 * routers, addresses coming and going, BAs with random status and sequence numbers,
 * Binding Errors, time jumps. After every step the BU list entry must be consistent:
 * waiting states have a retransmission timer, `registered` has a refresh timer and a
 * tunnel, `home` has neither; the tunnel is never pointed at a CoA twice in a row. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "engine_int.h"

static uint64_t now = 1000;
static unsigned n_bu, n_set, n_clear;
static struct in6_addr last_set_coa;
static bool tunnel_up, tunnel_reverse;

static uint64_t clk(void *ctx)
{
	(void)ctx;
	return now;
}

static int m_send(void *c, const struct eng_tx *t, const struct mh_msg *m)
{
	(void)c;
	if (m->type != MH_BU)
		return 0;
	n_bu++;
	/* A BU from a CoA carries the HAO; a deregistration comes from the HoA. */
	if (m->bu.lifetime_units)
		assert_true(t->with_hao);
	return 0;
}

static int m_tun(void *c, const struct eng_ha_tunnel *t)
{
	(void)c, (void)t;
	fail_msg("HA operation on a mobile node");
	return 0;
}

static int m_prepare(void *c, const struct eng_mn_tunnel *t)
{
	(void)c, (void)t;
	return 0;
}

static int m_announce(void *c, int i, const struct in6_addr *a)
{
	(void)c, (void)i, (void)a;
	return 0;
}

static int m_if(void *c, int i, const struct in6_addr *a)
{
	(void)c, (void)i, (void)a;
	fail_msg("HA operation on a mobile node");
	return 0;
}

static int m_rs(void *c, int i)
{
	(void)c, (void)i;
	return 0;
}

static int m_set(void *c, const struct eng_mn_tunnel *t)
{
	(void)c;
	/* Once for the receive side after the BU, once more when the BA adds the
	 * reverse direction: anything else for the same CoA is wasted work. */
	if (tunnel_up && !memcmp(&last_set_coa, &t->coa, sizeof(t->coa)) &&
	    (tunnel_reverse || !t->reverse))
		fail_msg("tunnel set twice to the same CoA");
	n_set++;
	tunnel_up = true;
	tunnel_reverse = t->reverse;
	last_set_coa = t->coa;
	return 0;
}

static int m_clear(void *c, const struct eng_mn_tunnel *t)
{
	(void)c, (void)t;
	n_clear++;
	tunnel_up = false;
	tunnel_reverse = false;
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

static const struct engine_ops model_ops = {
	.send_mh = m_send,
	.ha_tunnel_add = m_tun, .ha_tunnel_del = m_tun,
	.proxy_nd_add = m_if, .proxy_nd_del = m_if,
	.ha_dad_start = m_if, .ha_dad_stop = m_if,
	.mn_send_rs = m_rs, .mn_prepare = m_prepare, .mn_tunnel_set = m_set,
	.mn_tunnel_clear = m_clear, .mn_announce = m_announce,
	.send_icmp = nop_icmp, .anycast = nop_anycast, .mn_probe = nop_probe,
};

static const char *const prefixes[] = { "2001:db8::", "2001:db8:1::", "2001:db8:2::" };
static const char *const routers[] = { "fe80::1", "fe80::2", "fe80::3" };
static const char *const addrs[] = { "2001:db8::5", "2001:db8:1::5", "2001:db8:2::5",
				     "2001:db8:1::6" };

static void check(struct engine *e, int step)
{
	const struct bul_entry *be = &e->bul.v[0];
	bool armed = etimer_armed(&be->timer);

	switch (be->state) {
	case BUL_REGISTERING:
	case BUL_REFRESHING:
	case BUL_DEREGISTERING:
	case BUL_REGISTERED:
	case BUL_FAILED:
		if (!armed)
			fail_msg("step %d: %s without a timer", step, bul_state_name(be->state));
		break;
	case BUL_HOME:
	case BUL_UNKNOWN:
		if (armed)
			fail_msg("step %d: %s with a timer", step, bul_state_name(be->state));
		break;
	}
	if (be->state == BUL_REGISTERED && !(tunnel_up && tunnel_reverse))
		fail_msg("step %d: registered without a tunnel both ways", step);
	if ((be->state == BUL_HOME || be->state == BUL_DEREGISTERING) && tunnel_up)
		fail_msg("step %d: %s with the tunnel up", step, bul_state_name(be->state));
	if (be->backoff > 32000)
		fail_msg("step %d: backoff %u over MAX_BINDACK_TIMEOUT", step, be->backoff);
}

static void run_model(unsigned seed, bool optimistic)
{
	struct config conf;
	char err[600];
	struct engine *e;

	srand(seed);
	tunnel_up = false;
	assert_int_equal(config_parse(&conf, "mn.conf",
				      "NodeConfig MN;\nMnHomeLink \"wlan0\" {\n"
				      " HomeAddress 2001:db8::beef/64;\n"
				      " HomeAgentAddress 2001:db8::;\n}\nMnRouterProbes 2;\n",
				      err, sizeof(err)), 0);
	conf.optimistic_handoff = optimistic;
	e = engine_new(&conf, &model_ops, NULL, clk, NULL);
	assert_non_null(e);
	for (int step = 0; step < 20000; step++) {
		int r = rand() % 100;

		if (r < 10) {
			engine_link_event(e, 4, "wlan0", (enum eng_link_state)(rand() % 3));
		} else if (r < 35) {
			int k = rand() % 3;
			struct eng_ra ra = { .ifindex = 4, .router_lifetime = rand() % 10 ? 1800 : 0,
					     .adv_interval = rand() % 2 ? 1000 : 0, .n_prefixes = 1 };

			inet_pton(AF_INET6, routers[k], &ra.src);
			inet_pton(AF_INET6, prefixes[k], &ra.prefixes[0].prefix);
			ra.prefixes[0].plen = 64;
			ra.prefixes[0].flags = ENG_PI_ONLINK | ENG_PI_AUTO;
			engine_rx_ra(e, &ra);
		} else if (r < 55) {
			struct in6_addr a;

			inet_pton(AF_INET6, addrs[rand() % 4], &a);
			engine_addr_event(e, 4, &a, 64, (enum eng_addr_state)(rand() % 4));
		} else if (r < 75) {
			const struct bul_entry *be = &e->bul.v[0];
			struct eng_rx rx = { .ifindex = 4, .has_rh2 = true };
			static const uint8_t st[] = { 0, 0, 0, 1, 128, 133, 135 };
			struct mh_msg ba = { .type = MH_BA };

			ba.ba.status = st[rand() % 7];
			ba.ba.seq = rand() % 3 ? be->seq : (uint16_t)rand();
			ba.ba.lifetime_units = mh_sec_to_units((uint32_t)(rand() % 4) * 20);
			ba.opts.refresh_units = mh_sec_to_units((uint32_t)(rand() % 3) * 4);
			ba.opts.has_bra = ba.opts.refresh_units != 0;

			inet_pton(AF_INET6, "2001:db8::", &rx.src);
			inet_pton(AF_INET6, "2001:db8::beef", &rx.rh2);
			rx.dst = be->coa;
			engine_rx_mh(e, &rx, &ba);
		} else if (r < 78) {
			struct eng_rx rx = { .ifindex = 4 };
			struct mh_msg be = { .type = MH_BE };

			be.be.status = (uint8_t)(1 + rand() % 2);
			inet_pton(AF_INET6, "2001:db8::", &rx.src);
			engine_rx_mh(e, &rx, &be);
		} else {
			now += (uint64_t)(rand() % 40000);
			engine_tick(e);
		}
		check(e, step);
	}
	engine_free(e);
	assert_false(tunnel_up);
}

static void test_model(void **state)
{
	(void)state;
	n_bu = n_set = n_clear = 0;
	run_model(11, false);
	run_model(12, true);
	/* The walk went through registrations and returns home, not just noise. */
	assert_true(n_bu > 100);
	assert_true(n_set > 10);
	assert_true(n_clear > 10);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_model),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
