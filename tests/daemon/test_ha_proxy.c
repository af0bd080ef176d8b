/* Findings of the engine fuzzer (fuzz_engine.c) in the home agent's proxy ND, kept as
 * unit tests (their inputs are in tests/daemon/regress/engine-*):
 *  - a binding whose home link changes kept proxying on the old one: the interface
 *    re-created with a new ifindex, then a refresh BU (engine-proxy-relink);
 *  - two bindings whose HoAs share an interface identifier on one link, both with the
 *    L flag, proxied the same link-local twin twice, and the first to go took it from
 *    the other (engine-twin-proxy; with DAD, engine-twin-dad). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "config.h"
#include "engine.h"
#include "recorder.h"

static struct engine *ha(struct config *conf, bool dad)
{
	char err[600];
	struct engine *e;

	assert_int_equal(config_parse(conf, "ha.conf", "NodeConfig HA;\nInterface \"eth0\";\n",
				      err, sizeof(err)), 0);
	conf->ha_dad = dad;
	e = engine_new(conf, &recorder_ops, NULL, fake_clock, NULL);
	assert_non_null(e);
	engine_link_event(e, 3, "eth0", ENG_LINK_ASSOCIATED);
	return e;
}

static void bu(struct engine *e, const char *hoa, const char *dst, uint16_t seq,
	       uint32_t life, uint16_t flags)
{
	struct eng_rx rx = { .ifindex = 3, .src = A("2001:db8:a::20"), .dst = A(dst),
			     .has_hao = true, .hao = A(hoa) };

	rx_bu(e, &rx, seq, life, flags, NULL);
}

/* Proxy entries added minus deleted for prefix ("proxy_nd_add if=3 hoa=..."). */
static int in_place(const char *what)
{
	char add[128], del[128];

	snprintf(add, sizeof(add), "proxy_nd_add %s", what);
	snprintf(del, sizeof(del), "proxy_nd_del %s", what);
	return (int)rec_count(add) - (int)rec_count(del);
}

static void test_home_link_recreated(void **state)
{
	struct config conf;
	struct engine *e = ha(&conf, false);
	struct in6_addr a = A("2001:db8::1");

	(void)state;
	engine_addr_event(e, 3, &a, 64, ENG_ADDR_USABLE);
	rec_clear();
	bu(e, "2001:db8::beef", "2001:db8::1", 1, 256, MH_BU_A | MH_BU_H);
	assert_int_equal(in_place("if=3 hoa=2001:db8::beef"), 1);
	/* eth0 deleted and made again: a new ifindex, its address reported anew. */
	engine_link_event(e, 9, "eth0", ENG_LINK_ASSOCIATED);
	engine_addr_event(e, 9, &a, 64, ENG_ADDR_USABLE);
	bu(e, "2001:db8::beef", "2001:db8::1", 2, 256, MH_BU_A | MH_BU_H);
	if (in_place("if=9 hoa=2001:db8::beef") != 1)
		rec_dump();
	/* Neighbours on the home link as it is now are answered for the HoA. */
	assert_int_equal(in_place("if=9 hoa=2001:db8::beef"), 1);
	engine_free(e);
	/* And nothing is left on either ifindex. */
	assert_int_equal(in_place("if=3 hoa=2001:db8::beef"), 0);
	assert_int_equal(in_place("if=9 hoa=2001:db8::beef"), 0);
}

static void twin(bool dad)
{
	struct config conf;
	struct engine *e = ha(&conf, dad);
	struct in6_addr a = A("2001:db8::1"), b = A("2001:db8:5::1");
	const uint16_t ahl = MH_BU_A | MH_BU_H | MH_BU_L;

	/* Two home prefixes on one link; one MN's two HoAs from them (SLAAC: the same
	 * interface identifier), both BUs with the L flag. */
	engine_addr_event(e, 3, &a, 64, ENG_ADDR_USABLE);
	engine_addr_event(e, 3, &b, 64, ENG_ADDR_USABLE);
	rec_clear();
	bu(e, "2001:db8::beef", "2001:db8::1", 1, 256, ahl);
	bu(e, "2001:db8:5::beef", "2001:db8::1", 1, 256, ahl);
	advance_to(e, fake_now + 2000);
	if (in_place("if=3 hoa=fe80::beef") != 1)
		rec_dump();
	assert_int_equal(in_place("if=3 hoa=fe80::beef"), 1);
	/* The first goes home: the other still needs its link-local defended. */
	bu(e, "2001:db8::beef", "2001:db8::1", 2, 0, ahl);
	assert_int_equal(in_place("if=3 hoa=fe80::beef"), 1);
	engine_free(e);
	assert_int_equal(in_place("if=3 hoa=fe80::beef"), 0);
}

static void test_twin_proxied_once(void **state)
{
	(void)state;
	twin(false);
}

static void test_twin_proxied_once_after_dad(void **state)
{
	(void)state;
	twin(true);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_home_link_recreated),
		cmocka_unit_test(test_twin_proxied_once),
		cmocka_unit_test(test_twin_proxied_once_after_dad),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
