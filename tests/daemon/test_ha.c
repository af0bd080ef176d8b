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
	/* The home agent alone: the correspondent role (on by default) has its own tests. */
	f->conf.ro_cn = false;
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
		  "seq=100 life=262140 refresh=196604");
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
		  "seq=101 life=400 refresh=300");
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
		  "seq=1 life=400 refresh=300");
	expect(2, "proxy_nd_add if=3 hoa=2001:db8::beef");
	/* Refresh from the same CoA: only a BA, and the expiry moves. */
	advance_to(e, fake_now + 300000);
	rec_clear();
	bu(e, COA1, HOA, HA, 2, 400, AH);
	expect(0, "send_ba src=2001:db8:: dst=2001:db8:1::2 rh2=2001:db8::beef status=0 "
		  "seq=2 life=400 refresh=300");
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
	expect(1, "ha_tunnel_del hoa=2001:db8::beef ha=2001:db8:: coa=2001:db8:1::2 moved");
	expect(2, "send_ba src=2001:db8:: dst=2001:db8:2::2 rh2=2001:db8::beef status=0 "
		  "seq=2 life=400 refresh=300");
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
		  "seq=0 life=400 refresh=300");
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
		  "seq=1 life=60 refresh=44");
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

/* UseMnHaIPsec with a set for (HOA, HA): only a BU that came through ESP changes the
 * binding, and the BA goes back the same way. */
static void test_ipsec_pair_needs_esp(void **state)
{
	struct fx f;
	struct engine *e = start(&f, false, 0);
	struct eng_rx rx = { .ifindex = 1, .src = A(COA1), .dst = A(HA), .has_hao = true,
			     .hao = A(HOA) };

	(void)state;
	f.conf.use_mn_ha_ipsec = true;
	f.conf.n_ipsec_sets = 1;
	f.conf.ipsec_sets[0].hoa = A(HOA);
	f.conf.ipsec_sets[0].ha = A(HA);
	f.conf.ipsec_sets[0].hoa_plen = 64;
	f.conf.ipsec_sets[0].home_reg = true;
	rec_clear();
	rx_bu(e, &rx, 1, 400, AH, NULL);
	assert_int_equal(rec_n, 0);
	assert_null(strstr(bc_text(e), HOA));
	rx.protected = true;
	rx_bu(e, &rx, 2, 400, AH, NULL);
	assert_true(rec_find("send_ba src=2001:db8:: dst=2001:db8:1::2 rh2=2001:db8::beef "
			     "esp status=0 seq=2") >= 0);
	/* Another home address is not covered: plain as before. */
	rec_clear();
	bu(e, COA1, "2001:db8::cafe", HA, 1, 400, AH);
	assert_true(rec_find("send_ba src=2001:db8:: dst=2001:db8:1::2 rh2=2001:db8::cafe "
			     "status=0 seq=1") >= 0);
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
		  "seq=1 life=400 refresh=300");
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


/* A value of the VT's `stats` listing. */
static unsigned long stat_of(struct engine *e, const char *name)
{
	char buf[8192], *p;
	FILE *f = fmemopen(buf, sizeof(buf), "w");
	size_t n = strlen(name);

	assert_non_null(f);
	engine_print_stats(e, f);
	fclose(f);
	for (p = buf; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (!strncmp(p, name, n) && p[n] == ' ')
			return strtoul(p + n + 1, NULL, 10);
	fail_msg("no %s in stats", name);
	return 0;
}

/* Care-of addresses that would make the tunnel loop or nest are refused with 128. */
static void test_coa_never_accepted(void **state)
{
	static const char *const bad[] = {
		HA,                     /* the HA itself */
		"2001:db8::77",         /* on the home link it serves */
		"2001:db8::cafe",       /* another binding's home address */
		"::ffff:192.0.2.1",     /* IPv4-mapped */
		"::192.0.2.1",          /* IPv4-compatible */
	};
	struct fx f;
	struct engine *e = start(&f, false, 0);

	(void)state;
	bu(e, COA2, "2001:db8::cafe", HA, 1, 400, AH);
	assert_int_equal(rec_count("send_ba"), 1);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct eng_rx rx = { .ifindex = 1, .src = A(COA1), .dst = A(HA), .has_hao = true,
				     .hao = A(HOA) };
		struct in6_addr alt = A(bad[i]);

		rec_clear();
		rx_bu(e, &rx, (uint16_t)(10 + i), 400, AH, &alt);
		char want[160];

		snprintf(want, sizeof(want), "send_ba src=2001:db8:: dst=2001:db8:1::2 "
			 "rh2=2001:db8::beef status=128 seq=%zu life=0", 10 + i);
		expect(0, want);
		assert_int_equal(rec_count("ha_tunnel_add"), 0);
	}
	assert_int_equal(stat_of(e, "bu_bad_coa"), 5);
	assert_int_equal(stat_of(e, "bindings"), 1);
	stop(&f);
}

/* A BU for HoA number i from a given /64 source (first registrations). */
static void bu_n(struct engine *e, const char *src_prefix, unsigned i, uint16_t seq)
{
	char hoa[64], coa[64];

	snprintf(hoa, sizeof(hoa), "2001:db8::1:%x", i);
	snprintf(coa, sizeof(coa), "%s%x", src_prefix, i + 1);
	bu(e, coa, hoa, HA, seq, 400, AH);
}

static void test_binding_limits(void **state)
{
	struct fx f;
	struct engine *e = start(&f, false, 0);

	(void)state;
	f.conf.ha_max_bindings = 5;
	f.conf.ha_max_bindings_per_prefix = 3;
	/* One /64 gets three bindings, the fourth is refused with 130... */
	for (unsigned i = 0; i < 4; i++)
		bu_n(e, "2001:db8:1::", i, 1);
	assert_int_equal(stat_of(e, "bindings"), 3);
	/* (the I/O side holds back only what would make a binding: not a refresh, not
	 * what a limit refuses at once) */
	{
		struct in6_addr hoa, bound, src1, src2;

		inet_pton(AF_INET6, "2001:db8::1:77", &hoa);
		inet_pton(AF_INET6, "2001:db8::1:0", &bound);
		inet_pton(AF_INET6, "2001:db8:1::99", &src1);
		inet_pton(AF_INET6, "2001:db8:2::99", &src2);
		assert_false(engine_bu_is_first(e, &hoa, &src1));
		assert_true(engine_bu_is_first(e, &hoa, &src2));
		assert_false(engine_bu_is_first(e, &bound, &src2));
	}
	assert_int_equal(rec_count("send_ba src=2001:db8:: dst=2001:db8:1::4 "), 1);
	assert_true(rec_find("send_ba src=2001:db8:: dst=2001:db8:1::4 rh2=2001:db8::1:3 "
			     "status=130") >= 0);
	/* ...another /64 still registers, up to the global limit. */
	bu_n(e, "2001:db8:2::", 10, 1);
	bu_n(e, "2001:db8:2::", 11, 1);
	bu_n(e, "2001:db8:2::", 12, 1);
	assert_int_equal(stat_of(e, "bindings"), 5);
	assert_int_equal(stat_of(e, "bu_over_limit"), 2);
	/* A refresh of an existing binding is never refused by a limit. */
	rec_clear();
	bu_n(e, "2001:db8:1::", 0, 2);
	assert_true(rec_find("send_ba") >= 0 && strstr(rec[rec_find("send_ba")], "status=0"));
	/* A binding that goes gives its place back to its /64. */
	bu(e, "2001:db8:1::1", "2001:db8::1:0", HA, 3, 0, AH);
	assert_int_equal(stat_of(e, "bindings"), 4);
	rec_clear();
	bu_n(e, "2001:db8:1::", 3, 4);
	assert_int_equal(stat_of(e, "bindings"), 5);
	stop(&f);
}

/* The kernel side watches a bounded number of DADs at once (the I/O side's table):
 * modelled here as 64, the table's size when a flood showed the problem. */
static int dad_watched;

static int cap_dad_start(void *ctx, int ifindex, const struct in6_addr *hoa)
{
	if (dad_watched >= 64)
		return rec_add("ha_dad_start if=%d hoa=%s: table full", ifindex, a6(hoa)), -ENOSPC;
	dad_watched++;
	return r_dad_start(ctx, ifindex, hoa);
}

static int cap_dad_stop(void *ctx, int ifindex, const struct in6_addr *hoa)
{
	dad_watched--;
	return r_dad_stop(ctx, ifindex, hoa);
}

/* 64 forged first registrations a second from one /64, each starting a DAD: the home
 * agent keeps room for everybody else, and a genuine MN registers on its first BU. */
static void test_dad_flood_leaves_room(void **state)
{
	struct engine_ops ops = recorder_ops;
	struct fx f;
	struct engine *e;
	int ok;

	(void)state;
	ops.ha_dad_start = cap_dad_start;
	ops.ha_dad_stop = cap_dad_stop;
	dad_watched = 0;
	start(&f, true, 0);
	engine_free(f.e);
	e = f.e = engine_new(&f.conf, &ops, NULL, fake_clock, NULL);
	assert_non_null(e);
	engine_link_event(e, IF_HOME, "wlan0", ENG_LINK_ASSOCIATED);
	struct in6_addr ha = A(HA);
	engine_addr_event(e, IF_HOME, &ha, 64, ENG_ADDR_USABLE);
	for (unsigned i = 0; i < 64; i++) {
		bu_n(e, "2001:db8:66::", 1000 + i, 1);
		advance_to(e, fake_now + 15);
	}
	rec_clear();
	bu(e, COA1, HOA, HA, 7, 400, AH);
	assert_true(rec_find("ha_dad_start if=3 hoa=2001:db8::beef") >= 0);
	advance_to(e, fake_now + 1000);
	ok = rec_find("send_ba src=2001:db8:: dst=2001:db8:1::2 rh2=2001:db8::beef status=0 "
		      "seq=7");
	if (ok < 0)
		rec_dump();
	assert_true(ok >= 0);
	stop(&f);
}

/* Binding Errors and refusals are rate-limited (RFC 6275 §9.3.3). */
static void test_errors_rate_limited(void **state)
{
	struct fx f;
	struct engine *e = start(&f, false, 0);
	struct eng_rx rx = { .src = A(COA1), .dst = A(HA), .has_hao = true, .hao = A(HOA) };
	struct mh_msg unknown = { .type = 42 };

	(void)state;
	for (int i = 0; i < 200; i++)
		engine_rx_mh(e, &rx, &unknown);
	assert_int_equal(stat_of(e, "be_tx"), 50);
	assert_int_equal(stat_of(e, "errors_rate_limited"), 150);
	advance_to(e, fake_now + 200);
	for (int i = 0; i < 200; i++)
		bu(e, COA1, HOA, HA, (uint16_t)i, 400, MH_BU_A);
	assert_int_equal(stat_of(e, "ba_tx"), 10);
	stop(&f);
}

/* A refresh addressed to another address of the HA with the same CoA: the tunnel moves
 * to the new HA address and keeps what is keyed by (CoA, HoA) (collect_md mode's
 * nftables pair), instead of deleting the route or the pair under a live binding. */
static void test_new_ha_address_same_coa(void **state)
{
	struct fx f;
	struct engine *e = start(&f, false, 0);
	struct in6_addr ha2 = A("2001:db8::2");

	(void)state;
	engine_addr_event(e, IF_HOME, &ha2, 64, ENG_ADDR_USABLE);
	bu(e, COA1, HOA, HA, 1, 400, AH);
	rec_clear();
	bu(e, COA1, HOA, "2001:db8::2", 2, 400, AH);
	expect(0, "ha_tunnel_add hoa=2001:db8::beef ha=2001:db8::2 coa=2001:db8:1::2");
	expect(1, "ha_tunnel_del hoa=2001:db8::beef ha=2001:db8:: coa=2001:db8:1::2 moved "
		  "coa-kept");
	assert_non_null(strstr(bc_text(e), "status registered coa 2001:db8:1::2 flags AH-- "
					   "local 2001:db8::2"));
	stop(&f);
}

/* RFC 6275 §10.3.1: no lifetime longer than the home prefix's valid lifetime (as the home
 * link's RAs give it), and a Binding Refresh Advice below the lifetime. */
static void test_lifetime_capped_by_home_prefix_and_bra(void **state)
{
	struct fx f;
	struct engine *e = start(&f, false, 0);
	struct eng_ra ra = { .ifindex = IF_HOME, .src = A("fe80::1"), .router_lifetime = 1800,
			     .n_prefixes = 1 };

	(void)state;
	ra.prefixes[0].prefix = A(HA);
	ra.prefixes[0].plen = 64;
	ra.prefixes[0].flags = ENG_PI_ONLINK | ENG_PI_AUTO | ENG_PI_RADDR;
	ra.prefixes[0].valid = 86400;
	engine_rx_ra(e, &ra);
	advance_to(e, fake_now + 2500);
	bu(e, COA1, HOA, HA, 1, 262140, AH);
	/* 86400 - 2.5 s, rounded down to 4 s units; refresh at three quarters. */
	expect(1, "send_ba src=2001:db8:: dst=2001:db8:1::2 rh2=2001:db8::beef status=0 "
		  "seq=1 life=86396 refresh=64796");
	assert_non_null(strstr(bc_text(e), "lifetime 86396 / 86396"));
	stop(&f);
}

/* The L flag: the HA also runs DAD for, and defends, the link-local address with the
 * HoA's interface identifier; a defender of either refuses the binding with 134. */
static void test_l_flag_defends_link_local(void **state)
{
	struct fx f;
	struct engine *e = start(&f, true, 0);
	struct in6_addr ll = A("fe80::beef");

	(void)state;
	bu(e, COA1, HOA, HA, 1, 400, AH | MH_BU_L);
	expect(0, "ha_dad_start if=3 hoa=2001:db8::beef");
	expect(1, "ha_dad_start if=3 hoa=fe80::beef");
	advance_to(e, fake_now + 1000);
	assert_true(rec_find("proxy_nd_add if=3 hoa=2001:db8::beef") >= 0);
	assert_true(rec_find("proxy_nd_add if=3 hoa=fe80::beef") >= 0);
	rec_clear();
	bu(e, COA1, HOA, HA, 2, 0, AH);
	assert_true(rec_find("proxy_nd_del if=3 hoa=fe80::beef") >= 0);
	/* A defender of the link-local address. */
	rec_clear();
	bu(e, COA1, HOA, HA, 3, 400, AH | MH_BU_L);
	engine_ha_dad_conflict(e, IF_HOME, &ll);
	assert_true(rec_find("send_ba src=2001:db8:: dst=2001:db8:1::2 rh2=2001:db8::beef "
			     "status=134") >= 0);
	assert_int_equal(rec_count("ha_dad_stop"), 2);
	stop(&f);
}

/* The binding ACL: a denied home address is answered with its status and leaves no
 * state (no binding, no tunnel, not held back as a first registration); an allowed one
 * registers. A reload that denies a registered address refuses its refreshes and still
 * takes its deregistration. */
static void test_binding_acl(void **state)
{
	struct fx f;
	struct engine *e = start(&f, false, 0);
	struct config next;
	struct in6_addr hoa = A(HOA), other = A("2001:db8::77"), src = A(COA1);
	char err[600];

	(void)state;
	assert_int_equal(config_parse(&next, "ha.conf",
				      "NodeConfig HA;\nInterface \"wlan0\";\n"
				      "DefaultBindingAclPolicy deny;\n"
				      "BindingAclPolicy 2001:db8::beef allow;\n"
				      "BindingAclPolicy 2001:db8::78 131;\n", err, sizeof(err)), 0);
	next.ha_dad = false;
	next.ro_cn = false;
	assert_int_equal(config_reload(&f.conf, &next, err, sizeof(err)), 0);
	assert_true(engine_bu_is_first(e, &hoa, &src));
	assert_false(engine_bu_is_first(e, &other, &src));
	rec_clear();
	bu(e, COA1, "2001:db8::77", HA, 1, 400, AH);
	expect(0, "send_ba src=2001:db8:: dst=2001:db8:1::2 rh2=2001:db8::77 status=129 "
		  "seq=1 life=0");
	bu(e, COA1, "2001:db8::78", HA, 1, 400, AH);
	expect(1, "send_ba src=2001:db8:: dst=2001:db8:1::2 rh2=2001:db8::78 status=131 "
		  "seq=1 life=0");
	assert_int_equal(rec_n, 2);
	assert_string_equal(bc_text(e), "");
	assert_int_equal(stat_of(e, "bu_acl_refused"), 2);
	bu(e, COA1, HOA, HA, 1, 400, AH);
	expect(2, "ha_tunnel_add hoa=2001:db8::beef ha=2001:db8:: coa=2001:db8:1::2");
	/* The operator takes the address off the list. */
	assert_int_equal(config_parse(&next, "ha.conf",
				      "NodeConfig HA;\nInterface \"wlan0\";\n"
				      "DefaultBindingAclPolicy deny;\n", err, sizeof(err)), 0);
	next.ha_dad = false;
	next.ro_cn = false;
	assert_int_equal(config_reload(&f.conf, &next, err, sizeof(err)), 0);
	rec_clear();
	bu(e, COA1, HOA, HA, 2, 400, AH);
	expect(0, "send_ba src=2001:db8:: dst=2001:db8:1::2 rh2=2001:db8::beef status=129 "
		  "seq=2 life=0");
	assert_int_equal(rec_n, 1);
	bu(e, COA1, HOA, HA, 3, 0, AH);
	expect(1, "ha_tunnel_del hoa=2001:db8::beef ha=2001:db8:: coa=2001:db8:1::2");
	assert_string_equal(bc_text(e), "");
	stop(&f);
	config_free(&f.conf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ipsec_pair_needs_esp),
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
		cmocka_unit_test(test_coa_never_accepted),
		cmocka_unit_test(test_new_ha_address_same_coa),
		cmocka_unit_test(test_lifetime_capped_by_home_prefix_and_bra),
		cmocka_unit_test(test_l_flag_defends_link_local),
		cmocka_unit_test(test_binding_limits),
		cmocka_unit_test(test_binding_acl),
		cmocka_unit_test(test_dad_flood_leaves_room),
		cmocka_unit_test(test_errors_rate_limited),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
