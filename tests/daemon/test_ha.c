/* Home Agent engine: binding cache insert/refresh/expire/delete, status codes, DAD,
 * driven with crafted BUs and a fake clock; the proposals are asserted in order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdlib.h>

#include "config.h"
#include "recorder.h"

#define IF_HOME 3
#define HOA "2001:db8::beef"
#define HA "2001:db8::"
#define COA1 "2001:db8:1::2"
#define COA2 "2001:db8:2::2"

struct fx {
	struct config conf;
	struct engine *e;
};

static struct engine *start(struct fx *f, bool dad, uint32_t max_life)
{
	char err[600];

	assert_int_equal(config_parse(&f->conf, "ha.conf",
				      "NodeConfig HA;\nInterface \"wlan0\";\n", err,
				      sizeof(err)), 0);
	f->conf.ha_dad = dad;
	if (max_life)
		f->conf.ha_max_binding_life = max_life;
	rec_clear();
	fake_now = 1000000;
	f->e = engine_new(&f->conf, &recorder_ops, NULL, fake_clock, NULL);
	assert_non_null(f->e);
	engine_link_event(f->e, IF_HOME, "wlan0", ENG_LINK_ASSOCIATED);
	struct in6_addr ha = A(HA), ll = A("fe80::1");
	engine_addr_event(f->e, IF_HOME, &ha, 64, ENG_ADDR_USABLE);
	engine_addr_event(f->e, IF_HOME, &ll, 64, ENG_ADDR_USABLE);
	return f->e;
}

static void stop(struct fx *f)
{
	engine_free(f->e);
	f->e = NULL;
}

/* A BU from coa with a HAO for hoa (hoa NULL: no HAO, sent from coa itself). */
static void bu(struct engine *e, const char *coa, const char *hoa, const char *dst,
	       uint16_t seq, uint32_t life, uint16_t flags)
{
	struct eng_rx rx = { .ifindex = 1, .src = A(coa), .dst = A(dst) };

	if (hoa) {
		rx.has_hao = true;
		rx.hao = A(hoa);
	}
	rx_bu(e, &rx, seq, life, flags, NULL);
}

#define AH (MH_BU_A | MH_BU_H)

static void expect(unsigned i, const char *line)
{
	if (i >= rec_n || strcmp(rec[i], line)) {
		rec_dump();
		fail_msg("rec[%u]: want \"%s\"", i, line);
	}
}

static char *bc_text(struct engine *e)
{
	static char buf[4096];
	FILE *f;

	buf[0] = '\0'; /* fmemopen leaves the buffer alone when nothing is written */
	f = fmemopen(buf, sizeof(buf), "w");

	engine_print_bc(e, f);
	fclose(f);
	return buf;
}

static void test_first_registration_with_dad(void **state)
{
	struct fx f;
	struct engine *e = start(&f, true, 0);

	(void)state;
	rec_clear();
	bu(e, COA1, HOA, HA, 100, 262140, AH);
	/* Nothing is done for the HoA while DAD runs: no tunnel, no proxy, no BA. */
	expect(0, "ha_dad_start if=3 hoa=2001:db8::beef");
	assert_int_equal(rec_n, 1);
	assert_string_equal(bc_text(e), "hoa 2001:db8::beef status dad coa 2001:db8:1::2 "
			    "flags AH-- local 2001:db8:: lifetime 0 / 262140 seq 100\n");
	/* Nobody defends the address: after RetransTimer (1 s) the binding is made. */
	advance_to(e, fake_now + 999);
	assert_int_equal(rec_n, 1);
	advance_to(e, fake_now + 1);
	expect(1, "ha_dad_stop if=3 hoa=2001:db8::beef");
	expect(2, "ha_tunnel_add hoa=2001:db8::beef ha=2001:db8:: coa=2001:db8:1::2");
	expect(3, "send_ba src=2001:db8:: dst=2001:db8:1::2 rh2=2001:db8::beef status=0 "
		  "seq=100 life=262140");
	expect(4, "proxy_nd_add if=3 hoa=2001:db8::beef");
	assert_int_equal(rec_n, 5);
	advance_to(e, fake_now + 72000);
	assert_string_equal(bc_text(e), "hoa 2001:db8::beef status registered "
			    "coa 2001:db8:1::2 flags AH-- local 2001:db8:: "
			    "lifetime 262068 / 262140 seq 100\n");
	stop(&f);
}

static void test_new_coa_during_dad(void **state)
{
	struct fx f;
	struct engine *e = start(&f, true, 0);

	(void)state;
	bu(e, COA1, HOA, HA, 100, 400, AH);
	rec_clear();
	/* The MN moved again before DAD ended: the newer BU is answered, and the tunnel
	 * made when DAD ends goes to its CoA. */
	bu(e, COA2, HOA, HA, 101, 400, AH);
	assert_int_equal(rec_n, 0);
	advance_to(e, fake_now + 1000);
	expect(0, "ha_dad_stop if=3 hoa=2001:db8::beef");
	expect(1, "ha_tunnel_add hoa=2001:db8::beef ha=2001:db8:: coa=2001:db8:2::2");
	expect(2, "send_ba src=2001:db8:: dst=2001:db8:2::2 rh2=2001:db8::beef status=0 "
		  "seq=101 life=400");
	expect(3, "proxy_nd_add if=3 hoa=2001:db8::beef");
	assert_int_equal(rec_n, 4);
	stop(&f);
}

static void test_dad_conflict_134(void **state)
{
	struct fx f;
	struct engine *e = start(&f, true, 0);
	struct in6_addr hoa = A(HOA);

	(void)state;
	bu(e, COA1, HOA, HA, 7, 400, AH);
	rec_clear();
	engine_ha_dad_conflict(e, IF_HOME, &hoa);
	expect(0, "ha_dad_stop if=3 hoa=2001:db8::beef");
	expect(1, "send_ba src=2001:db8:: dst=2001:db8:1::2 rh2=2001:db8::beef status=134 "
		  "seq=7 life=0");
	assert_int_equal(rec_count("ha_tunnel"), 0);
	assert_int_equal(rec_count("proxy_nd"), 0);
	assert_string_equal(bc_text(e), "");
	/* The DAD timer went with the binding. */
	assert_int_equal(engine_next_deadline(e), ENG_NEVER);
	stop(&f);
}

static void test_registration_without_dad_and_refresh(void **state)
{
	struct fx f;
	struct engine *e = start(&f, false, 0);

	(void)state;
	rec_clear();
	bu(e, COA1, HOA, HA, 1, 400, AH);
	expect(0, "ha_tunnel_add hoa=2001:db8::beef ha=2001:db8:: coa=2001:db8:1::2");
	expect(1, "send_ba src=2001:db8:: dst=2001:db8:1::2 rh2=2001:db8::beef status=0 "
		  "seq=1 life=400");
	expect(2, "proxy_nd_add if=3 hoa=2001:db8::beef");
	/* Refresh from the same CoA: only a BA, and the expiry moves. */
	advance_to(e, fake_now + 300000);
	rec_clear();
	bu(e, COA1, HOA, HA, 2, 400, AH);
	expect(0, "send_ba src=2001:db8:: dst=2001:db8:1::2 rh2=2001:db8::beef status=0 "
		  "seq=2 life=400");
	assert_int_equal(rec_n, 1);
	advance_to(e, fake_now + 399000);
	assert_int_equal(rec_n, 1);
	assert_non_null(strstr(bc_text(e), "lifetime 1 / 400"));
	stop(&f);
}

static void test_move_to_new_coa(void **state)
{
	struct fx f;
	struct engine *e = start(&f, false, 0);

	(void)state;
	bu(e, COA1, HOA, HA, 1, 400, AH);
	rec_clear();
	bu(e, COA2, HOA, HA, 2, 400, AH);
	expect(0, "ha_tunnel_add hoa=2001:db8::beef ha=2001:db8:: coa=2001:db8:2::2");
	expect(1, "ha_tunnel_del hoa=2001:db8::beef ha=2001:db8:: coa=2001:db8:1::2");
	expect(2, "send_ba src=2001:db8:: dst=2001:db8:2::2 rh2=2001:db8::beef status=0 "
		  "seq=2 life=400");
	assert_non_null(strstr(bc_text(e), "coa 2001:db8:2::2"));
	stop(&f);
}

static void test_status_132_133(void **state)
{
	struct fx f;
	struct engine *e = start(&f, false, 0);

	(void)state;
	rec_clear();
	/* HoA outside every served prefix. */
	bu(e, COA1, "2001:db8:5::1", HA, 9, 400, AH);
	expect(0, "send_ba src=2001:db8:: dst=2001:db8:1::2 rh2=2001:db8:5::1 status=132 "
		  "seq=9 life=0");
	/* Served prefix, but sent to an address that is not ours. */
	bu(e, COA1, HOA, "2001:db8::77", 10, 400, AH);
	expect(1, "send_ba src=2001:db8::77 dst=2001:db8:1::2 rh2=2001:db8::beef status=133 "
		  "seq=10 life=0");
	/* Deregistration for a binding we do not have. */
	bu(e, COA1, HOA, HA, 11, 0, AH);
	expect(2, "send_ba src=2001:db8:: dst=2001:db8:1::2 rh2=2001:db8::beef status=133 "
		  "seq=11 life=0");
	assert_int_equal(rec_n, 3);
	assert_string_equal(bc_text(e), "");
	stop(&f);
}

static void test_status_135_and_wraparound(void **state)
{
	struct fx f;
	struct engine *e = start(&f, false, 0);

	(void)state;
	bu(e, COA1, HOA, HA, 65535, 400, AH);
	rec_clear();
	bu(e, COA1, HOA, HA, 65535, 400, AH);
	expect(0, "send_ba src=2001:db8:: dst=2001:db8:1::2 rh2=2001:db8::beef status=135 "
		  "seq=65535 life=0");
	bu(e, COA1, HOA, HA, 40000, 400, AH);
	expect(1, "send_ba src=2001:db8:: dst=2001:db8:1::2 rh2=2001:db8::beef status=135 "
		  "seq=65535 life=0");
	/* 0 follows 65535. */
	bu(e, COA1, HOA, HA, 0, 400, AH);
	expect(2, "send_ba src=2001:db8:: dst=2001:db8:1::2 rh2=2001:db8::beef status=0 "
		  "seq=0 life=400");
	assert_non_null(strstr(bc_text(e), "seq 0\n"));
	stop(&f);
}

static void test_lifetime_capped(void **state)
{
	struct fx f;
	struct engine *e = start(&f, false, 62);

	(void)state;
	rec_clear();
	bu(e, COA1, HOA, HA, 1, 262140, AH);
	/* Capped to HaMaxBindingLife, rounded down to the 4-second wire unit. */
	expect(1, "send_ba src=2001:db8:: dst=2001:db8:1::2 rh2=2001:db8::beef status=0 "
		  "seq=1 life=60");
	stop(&f);
}

static void test_deregistration(void **state)
{
	struct fx f;
	struct engine *e = start(&f, false, 0);

	(void)state;
	bu(e, COA1, HOA, HA, 1, 400, AH);
	rec_clear();
	bu(e, COA1, HOA, HA, 2, 0, AH);
	expect(0, "ha_tunnel_del hoa=2001:db8::beef ha=2001:db8:: coa=2001:db8:1::2");
	expect(1, "proxy_nd_del if=3 hoa=2001:db8::beef");
	expect(2, "send_ba src=2001:db8:: dst=2001:db8:1::2 rh2=2001:db8::beef status=0 "
		  "seq=2 life=0");
	assert_string_equal(bc_text(e), "");
	assert_int_equal(engine_next_deadline(e), ENG_NEVER);
	stop(&f);
}

static void test_deregistration_from_home(void **state)
{
	struct fx f;
	struct engine *e = start(&f, false, 0);

	(void)state;
	bu(e, COA1, HOA, HA, 1, 400, AH);
	rec_clear();
	/* Back home: sent from the HoA itself, no HAO, so CoA == HoA. */
	bu(e, HOA, NULL, HA, 2, 400, AH);
	expect(0, "ha_tunnel_del hoa=2001:db8::beef ha=2001:db8:: coa=2001:db8:1::2");
	expect(1, "proxy_nd_del if=3 hoa=2001:db8::beef");
	expect(2, "send_ba src=2001:db8:: dst=2001:db8::beef status=0 seq=2 life=0");
	assert_string_equal(bc_text(e), "");
	stop(&f);
}

static void test_expiry(void **state)
{
	struct fx f;
	struct engine *e = start(&f, false, 0);
	char stats[2048];
	FILE *s;

	(void)state;
	bu(e, COA1, HOA, HA, 1, 8, AH);
	rec_clear();
	advance_to(e, fake_now + 7999);
	assert_int_equal(rec_n, 0);
	advance_to(e, fake_now + 1);
	expect(0, "ha_tunnel_del hoa=2001:db8::beef ha=2001:db8:: coa=2001:db8:1::2");
	expect(1, "proxy_nd_del if=3 hoa=2001:db8::beef");
	assert_string_equal(bc_text(e), "");
	s = fmemopen(stats, sizeof(stats), "w");
	engine_print_stats(e, s);
	fclose(s);
	assert_non_null(strstr(stats, "expired 1\n"));
	assert_non_null(strstr(stats, "bindings 0\n"));
	stop(&f);
}

static void test_tunnel_failure_130(void **state)
{
	struct fx f;
	struct engine *e = start(&f, false, 0);

	(void)state;
	rec_clear();
	rec_fail_next = -ENODEV;
	bu(e, COA1, HOA, HA, 1, 400, AH);
	expect(0, "ha_tunnel_add hoa=2001:db8::beef ha=2001:db8:: coa=2001:db8:1::2");
	expect(1, "send_ba src=2001:db8:: dst=2001:db8:1::2 rh2=2001:db8::beef status=130 "
		  "seq=1 life=0");
	assert_string_equal(bc_text(e), "");
	stop(&f);
}

static void test_unknown_mh_and_non_home_bu(void **state)
{
	struct fx f;
	struct engine *e = start(&f, false, 0);
	struct eng_rx rx = { .src = A(COA1), .dst = A(HA), .has_hao = true, .hao = A(HOA) };

	(void)state;
	rec_clear();
	struct mh_msg unknown = { .type = 42 };
	engine_rx_mh(e, &rx, &unknown);
	expect(0, "send_be src=2001:db8:: dst=2001:db8:1::2 status=2 hoa=2001:db8::beef");
	/* Route optimisation is not implemented: a BU without H is refused. */
	bu(e, COA1, HOA, HA, 1, 400, MH_BU_A);
	expect(1, "send_ba src=2001:db8:: dst=2001:db8:1::2 rh2=2001:db8::beef status=129 "
		  "seq=1 life=0");
	stop(&f);
}

static void test_no_ack_requested(void **state)
{
	struct fx f;
	struct engine *e = start(&f, false, 0);

	(void)state;
	rec_clear();
	bu(e, COA1, HOA, HA, 1, 400, MH_BU_H);
	assert_int_equal(rec_n, 2); /* tunnel + proxy, no BA */
	assert_int_equal(rec_count("send_ba"), 0);
	assert_non_null(strstr(bc_text(e), "flags -H--"));
	stop(&f);
}

static void test_alternate_coa(void **state)
{
	struct fx f;
	struct engine *e = start(&f, false, 0);
	struct eng_rx rx = { .src = A(COA1), .dst = A(HA), .has_hao = true, .hao = A(HOA) };
	struct in6_addr alt = A(COA2);

	(void)state;
	rec_clear();
	rx_bu(e, &rx, 1, 400, AH, &alt);
	/* The binding uses the Alternate CoA; the BA answers the packet's source. */
	expect(0, "ha_tunnel_add hoa=2001:db8::beef ha=2001:db8:: coa=2001:db8:2::2");
	expect(1, "send_ba src=2001:db8:: dst=2001:db8:1::2 rh2=2001:db8::beef status=0 "
		  "seq=1 life=400");
	stop(&f);
}

static void test_shutdown_withdraws(void **state)
{
	struct fx f;
	struct engine *e = start(&f, true, 0);

	(void)state;
	bu(e, COA1, HOA, HA, 1, 400, AH);
	advance_to(e, fake_now + 1000);
	bu(e, COA2, "2001:db8::cafe", HA, 1, 400, AH); /* still in DAD */
	rec_clear();
	stop(&f);
	assert_true(rec_find("ha_tunnel_del hoa=2001:db8::beef") >= 0);
	assert_true(rec_find("proxy_nd_del if=3 hoa=2001:db8::beef") >= 0);
	assert_true(rec_find("ha_dad_stop if=3 hoa=2001:db8::cafe") >= 0);
	/* The one in DAD had no tunnel to withdraw. */
	assert_int_equal(rec_count("ha_tunnel_del"), 1);
	assert_int_equal(rec_count("proxy_nd_del"), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_first_registration_with_dad),
		cmocka_unit_test(test_new_coa_during_dad),
		cmocka_unit_test(test_dad_conflict_134),
		cmocka_unit_test(test_registration_without_dad_and_refresh),
		cmocka_unit_test(test_move_to_new_coa),
		cmocka_unit_test(test_status_132_133),
		cmocka_unit_test(test_status_135_and_wraparound),
		cmocka_unit_test(test_lifetime_capped),
		cmocka_unit_test(test_deregistration),
		cmocka_unit_test(test_deregistration_from_home),
		cmocka_unit_test(test_expiry),
		cmocka_unit_test(test_tunnel_failure_130),
		cmocka_unit_test(test_unknown_mh_and_non_home_bu),
		cmocka_unit_test(test_no_ack_requested),
		cmocka_unit_test(test_alternate_coa),
		cmocka_unit_test(test_shutdown_withdraws),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
