/* Route optimization end to end in process: a mobile node's engine and a correspondent's
 * engine exchange HoTI/CoTI/HoT/CoT/BU/BA through the codec (encoded, checksummed,
 * decoded: the BAD is checked over the bytes as sent), on a fake clock. Then what the
 * correspondent refuses (bad authenticator, no Nonce Indices, expired nonces, replayed
 * sequence numbers), the mobile node's fallback when the correspondent stays silent or
 * does not know the protocol, a move, and the return home. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdlib.h>

#include "config.h"
#include "recorder.h"
#include "rr.h"

#define IF_W 4
#define IF_CN 2
#define HOA "2001:db8::beef"
#define HA "2001:db8::"
#define CN "2001:db8:ff::2"
#define COA1 "2001:db8:1:0:205:5dff:fef2:db2b"
#define COA2 "2001:db8:2:0:205:5dff:fef2:db2b"

static struct config mn_conf, cn_conf;
static struct engine *mn, *cn;

/* Messages sent, waiting for delivery (an op must not re-enter the engine). */
#define QMAX 32
static struct queued {
	struct eng_tx tx;
	struct mh_msg m;
	uint8_t wire[MH_MAX_LEN];
	size_t len;
} q[QMAX];
static unsigned qn;
static bool cn_silent;          /* the correspondent's messages are lost */
static int corrupt_bu;          /* flip a bit of the next BU to the CN's authenticator */

static int t_send(void *ctx, const struct eng_tx *tx, const struct mh_msg *m)
{
	struct queued *x;
	const struct in6_addr *src, *dst;

	r_send_mh(ctx, tx, m);
	if (qn == QMAX)
		return -ENOBUFS;
	x = &q[qn++];
	x->tx = *tx;
	x->m = *m;
	assert_int_equal(mh_encode(m, x->wire, sizeof(x->wire), &x->len), PKT_OK);
	/* The checksum's pseudo-header: the HoA when a HAO is there, the RH2's address as
	 * final destination. */
	src = tx->with_hao ? &tx->hao : &tx->src;
	dst = tx->with_rh2 ? &tx->rh2 : &tx->dst;
	mh_set_checksum(src, dst, x->wire, x->len);
	return 0;
}

static struct engine_ops ops;

/* Delivers what was sent: to the correspondent what goes to CN, to the mobile node what
 * goes to its addresses; what goes to the home agent stays in the record. */
static void pump(void)
{
	unsigned n = qn;

	for (unsigned i = 0; i < n; i++) {
		struct queued *x = &q[i];
		struct mh_msg m;
		struct eng_rx rx = { .src = x->tx.src, .dst = x->tx.dst, .has_hao = x->tx.with_hao,
				     .hao = x->tx.hao, .has_rh2 = x->tx.with_rh2, .rh2 = x->tx.rh2 };
		bool to_cn = !strcmp(a6(&x->tx.dst), CN);

		if (x->m.type == MH_BU && to_cn && corrupt_bu) {
			x->wire[x->len - 1] ^= 1;
			corrupt_bu = 0;
		}
		assert_int_equal(mh_decode(x->wire, x->len, &m), PKT_OK);
		rx.raw = x->wire;
		if (to_cn) {
			rx.ifindex = IF_CN;
			engine_rx_mh(cn, &rx, &m);
		} else if (!strcmp(a6(&x->tx.src), CN) && !cn_silent) {
			rx.ifindex = IF_W;
			engine_rx_mh(mn, &rx, &m);
		}
	}
	/* What the deliveries made waits for the next round. */
	memmove(q, q + n, (qn - n) * sizeof(q[0]));
	qn -= n;
}

static void pump_all(void)
{
	for (int i = 0; i < 8 && qn; i++)
		pump();
}

static void ra(const char *router, const char *prefix)
{
	rx_ra_prefix(mn, IF_W, router, prefix);
}

static void addr(const char *a)
{
	struct in6_addr x = A(a);

	engine_addr_event(mn, IF_W, &x, 64, ENG_ADDR_USABLE);
}

static int last_seq(const char *prefix)
{
	for (int i = (int)rec_n - 1; i >= 0; i--) {
		const char *s = strstr(rec[i], " seq=");

		if (!strncmp(rec[i], prefix, strlen(prefix)) && s)
			return atoi(s + 5);
	}
	return -1;
}

/* The home agent's answer to the mobile node's last home BU. */
static void home_ba(const char *to)
{
	struct eng_rx rx = { .ifindex = IF_W, .src = A(HA), .dst = A(to) };
	char p[96];

	snprintf(p, sizeof(p), "send_bu src=%s dst=%s", strcmp(to, HOA) ? to : HOA, HA);
	if (strcmp(to, HOA)) {
		rx.has_rh2 = true;
		rx.rh2 = A(HOA);
	}
	rx_ba(mn, &rx, 0, (uint16_t)last_seq(p), strcmp(to, HOA) ? 3600 : 0, 0);
}

static void move_to(const char *router, const char *prefix, const char *coa)
{
	engine_link_event(mn, IF_W, "wlan0", ENG_LINK_DOWN);
	engine_link_event(mn, IF_W, "wlan0", ENG_LINK_ASSOCIATED);
	ra(router, prefix);
	addr(coa);
	qn = 0;
	home_ba(coa);
}

static void tunnelled(void)
{
	struct in6_addr peer = A(CN), hoa = A(HOA);

	engine_rx_tunnelled(mn, &peer, &hoa);
}

static void advance(uint64_t ms)
{
	uint64_t t = fake_now + ms;

	for (;;) {
		uint64_t d = engine_next_deadline(mn), d2 = engine_next_deadline(cn);

		if (d2 < d)
			d = d2;
		if (d > t)
			break;
		if (d > fake_now)
			fake_now = d;
		engine_tick(mn);
		engine_tick(cn);
		pump_all();
	}
	fake_now = t;
}

static char *text(struct engine *e, void (*print)(const struct engine *, FILE *))
{
	static char buf[8192];
	FILE *f;

	buf[0] = '\0';
	f = fmemopen(buf, sizeof(buf), "w");
	print(e, f);
	fclose(f);
	return buf;
}

static int setup(void **state)
{
	char err[600];

	(void)state;
	assert_int_equal(config_parse(&mn_conf, "mn.conf",
				      "NodeConfig MN;\nInterface \"wlan0\";\n"
				      "DoRouteOptimizationMN enabled;\n"
				      "MnHomeLink \"wlan0\" {\n  HomeAddress 2001:db8::beef/64;\n"
				      "  HomeAgentAddress 2001:db8::;\n"
				      "  MnRoPolicy 2001:db8:ee::/48 disabled;\n}\n",
				      err, sizeof(err)), 0);
	mn_conf.ro_cn = false;
	assert_int_equal(config_parse(&cn_conf, "cn.conf",
				      "NodeConfig CN;\nDoRouteOptimizationCN enabled;\n"
				      "Interface \"eth0\";\n", err, sizeof(err)), 0);
	ops = recorder_ops;
	ops.send_mh = t_send;
	rec_clear();
	qn = 0;
	cn_silent = false;
	corrupt_bu = 0;
	fake_now = 5000000;
	mn = engine_new(&mn_conf, &ops, NULL, fake_clock, NULL);
	cn = engine_new(&cn_conf, &ops, NULL, fake_clock, NULL);
	assert_non_null(mn);
	assert_non_null(cn);
	engine_link_event(mn, IF_W, "wlan0", ENG_LINK_ASSOCIATED);
	ra("fe80::1", "2001:db8::");
	addr("2001:db8::205:5dff:fef2:db2b");
	home_ba(HOA);
	move_to("fe80::2", "2001:db8:1::", COA1);
	rec_clear();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	engine_free(mn);
	engine_free(cn);
	return 0;
}

/* From the first tunnelled packet to the direct path on both sides. */
static void bind_cn(void)
{
	tunnelled();
	assert_int_equal(rec_count("send_mh src=" HOA " dst=" CN " type=1"), 1);  /* HoTI */
	assert_int_equal(rec_count("send_mh src=" COA1 " dst=" CN " type=2"), 1); /* CoTI */
	pump_all();
}

static void test_rr_then_direct_path(void **state)
{
	char want[256];

	(void)state;
	bind_cn();
	/* HoT to the home address (through the home agent), CoT to the care-of address. */
	assert_int_equal(rec_count("send_mh src=" CN " dst=" HOA " type=3"), 1);
	assert_int_equal(rec_count("send_mh src=" CN " dst=" COA1 " type=4"), 1);
	/* The BU from the care-of address with a HAO, acknowledged; at most 420 s. */
	assert_int_equal(rec_count("send_bu src=" COA1 " dst=" CN " hao=" HOA), 1);
	assert_non_null(strstr(rec[rec_find("send_bu src=" COA1)], " life=420 flags=80"));
	snprintf(want, sizeof(want), "send_ba src=%s dst=%s rh2=%s status=0", CN, COA1, HOA);
	assert_int_equal(rec_count(want), 1);
	assert_true(rec_find("ro_set cn hoa=" HOA " coa=" COA1 " peer=" CN) >= 0);
	assert_true(rec_find("ro_set mn hoa=" HOA " coa=" COA1 " peer=" CN) >= 0);
	/* The MN took type 2 routing headers before its BU left: the CN uses the binding
	 * as soon as it accepts it. */
	assert_true(rec_find("ro_accept mn hoa=" HOA " coa=" COA1 " peer=" CN) <
		    rec_find("send_bu src=" COA1));
	assert_true(rec_find("ro_accept mn") >= 0);
	assert_non_null(strstr(text(cn, engine_print_bc), "hoa " HOA " status registered coa "
				COA1 " flags ---- local " CN " lifetime 420 / 420"));
	assert_non_null(strstr(text(mn, engine_print_bul), "CN address " CN "\n"));
	assert_non_null(strstr(text(mn, engine_print_bul), " state bound rr home ok care-of ok "
				"direct " COA1 "\n"));
	/* The same packet again starts nothing. */
	rec_clear();
	tunnelled();
	assert_int_equal(rec_n, 0);
}

static void test_refresh_before_expiry(void **state)
{
	(void)state;
	bind_cn();
	rec_clear();
	/* At 80 % of 420 s the MN tests again and refreshes: still one binding. */
	advance(336 * 1000 + 10);
	assert_int_equal(rec_count("send_mh src=" HOA " dst=" CN " type=1"), 1);
	assert_int_equal(rec_count("send_bu src=" COA1 " dst=" CN), 1);
	assert_int_equal(rec_count("ro_del"), 0);
	assert_non_null(strstr(text(cn, engine_print_bc), "lifetime 420 / 420"));
}

static void test_cn_expires_binding(void **state)
{
	(void)state;
	bind_cn();
	cn_silent = true;       /* the MN's refreshes get no answer */
	rec_clear();
	advance(421 * 1000);
	assert_true(rec_find("ro_del cn hoa=" HOA " peer=" CN) >= 0);
	assert_null(strstr(text(cn, engine_print_bc), HOA));
	/* The MN gave up on its refresh and went back to the tunnel. */
	assert_true(rec_find("ro_del mn hoa=" HOA " peer=" CN) >= 0);
	assert_non_null(strstr(text(mn, engine_print_stats), "ro_fallbacks 1\n"));
}

static void test_bad_authenticator_dropped(void **state)
{
	(void)state;
	corrupt_bu = 1;
	bind_cn();
	/* Dropped and counted, nothing bound, no BA; the MN retransmits after 1 s. */
	assert_int_equal(rec_count("ro_set cn"), 0);
	assert_int_equal(rec_count("send_ba"), 0);
	assert_non_null(strstr(text(cn, engine_print_stats), "rr_bu_bad_auth 1\n"));
	advance(1000);
	assert_int_equal(rec_count("ro_set cn"), 1);
	assert_int_equal(rec_count("ro_set mn"), 1);
}

/* A BU as an attacker sends it: no Nonce Indices / BAD, or indices never handed out. */
static void test_unauthenticated_bu_refused(void **state)
{
	struct eng_rx rx = { .ifindex = IF_CN, .src = A(COA2), .dst = A(CN), .has_hao = true,
			     .hao = A(HOA) };
	uint8_t wire[MH_MAX_LEN];
	struct mh_msg m, back;
	size_t len;

	(void)state;
	mh_bu_init(&m, 9, MH_BU_A, 400);
	assert_int_equal(mh_encode(&m, wire, sizeof(wire), &len), PKT_OK);
	assert_int_equal(mh_decode(wire, len, &back), PKT_OK);
	rx.raw = wire;
	engine_rx_mh(cn, &rx, &back);
	assert_int_equal(rec_n, 0);
	assert_non_null(strstr(text(cn, engine_print_stats), "rr_bu_unauth 1\n"));

	/* Nonce indices that no HoT/CoT carried: refused as expired (138), no binding. */
	m.opts.has_nonce = true;
	m.opts.home_nonce_index = 0x7777;
	m.opts.coa_nonce_index = 0x7778;
	m.opts.has_auth = true;
	m.opts.auth_len = RR_AUTH_LEN;
	assert_int_equal(mh_encode(&m, wire, sizeof(wire), &len), PKT_OK);
	assert_int_equal(mh_decode(wire, len, &back), PKT_OK);
	engine_rx_mh(cn, &rx, &back);
	assert_int_equal(rec_count("send_ba src=" CN " dst=" COA2 " rh2=" HOA " status=138 seq=9"),
			 1);
	assert_int_equal(rec_count("ro_set"), 0);
}

static void test_expired_nonce_retested(void **state)
{
	(void)state;
	tunnelled();
	pump();                 /* the inits to the CN */
	pump();                 /* the tests to the MN, which sends its BU */
	/* The BU reaches the CN 250 s late: its nonces are past MAX_NONCE_LIFETIME. */
	for (int i = 0; i < 250; i++) {
		fake_now += 1000;
		engine_tick(cn);
	}
	pump_all();
	/* 138: both nonces expired; the MN tests again and then binds. */
	assert_int_equal(rec_count("send_ba src=" CN " dst=" COA1 " rh2=" HOA " status=138"), 1);
	assert_true(rec_find("ro_set mn") >= 0);
	assert_int_equal(rec_count("send_mh src=" HOA " dst=" CN " type=1"), 2);
}

static void test_replayed_bu_refused_135(void **state)
{
	int i;
	struct queued bu;

	(void)state;
	tunnelled();
	pump();                         /* inits to the CN */
	pump();                         /* tests to the MN: the BU is queued */
	for (i = 0; i < (int)qn && q[i].m.type != MH_BU; i++)
		;
	assert_true(i < (int)qn);
	bu = q[i];
	pump_all();
	assert_int_equal(rec_count("ro_set cn"), 1);
	/* The same BU again: its sequence number is not newer. */
	rec_clear();
	q[0] = bu;
	qn = 1;
	{
		struct mh_msg m;
		struct eng_rx rx = { .ifindex = IF_CN, .src = bu.tx.src, .dst = bu.tx.dst,
				     .has_hao = true, .hao = bu.tx.hao, .raw = q[0].wire };

		assert_int_equal(mh_decode(q[0].wire, q[0].len, &m), PKT_OK);
		qn = 0;
		engine_rx_mh(cn, &rx, &m);
	}
	assert_int_equal(rec_count("send_ba src=" CN " dst=" COA1 " rh2=" HOA " status=135"), 1);
	assert_int_equal(rec_count("ro_set"), 0);
}

static void test_silent_cn_falls_back(void **state)
{
	(void)state;
	cn_silent = true;
	tunnelled();
	pump_all();
	/* 1 + 2 + 4 s: three HoTIs, three CoTIs, then the tunnel, counted. */
	advance(1000 + 2000 + 4000 + 10);
	assert_int_equal(rec_count("send_mh src=" HOA " dst=" CN " type=1"), 3);
	assert_int_equal(rec_count("send_mh src=" COA1 " dst=" CN " type=2"), 3);
	assert_int_equal(rec_count("send_bu src=" COA1), 0);
	assert_int_equal(rec_count("ro_set"), 0);
	assert_non_null(strstr(text(mn, engine_print_stats), "ro_fallbacks 1\n"));
	/* More tunnelled packets start nothing until the retry time. */
	rec_clear();
	tunnelled();
	assert_int_equal(rec_n, 0);
}

static void test_cn_without_mipv6_falls_back(void **state)
{
	struct eng_rx rx = { .ifindex = IF_W, .src = A(CN), .dst = A(HOA) };
	struct in6_addr hoa = A(HOA);

	(void)state;
	tunnelled();
	qn = 0;
	/* A node that does not know MH type 1 answers Binding Error 2. */
	rx_be(mn, &rx, BE_UNKNOWN_MH_TYPE, &hoa);
	assert_non_null(strstr(text(mn, engine_print_bul), " state failed"));
	assert_non_null(strstr(text(mn, engine_print_stats), "ro_fallbacks 1\n"));
}

static void test_policy_and_home_agent_excluded(void **state)
{
	struct in6_addr hoa = A(HOA), other = A("2001:db8:ee::5"), ha = A(HA);

	(void)state;
	engine_rx_tunnelled(mn, &other, &hoa);  /* MnRoPolicy ... disabled */
	engine_rx_tunnelled(mn, &ha, &hoa);     /* the home agent itself */
	engine_rx_tunnelled(mn, &hoa, &hoa);    /* ourselves */
	assert_int_equal(rec_n, 0);
}

static void test_move_then_home(void **state)
{
	(void)state;
	bind_cn();
	rec_clear();
	/* A move: the direct path through the old CoA goes at once... */
	engine_link_event(mn, IF_W, "wlan0", ENG_LINK_DOWN);
	engine_link_event(mn, IF_W, "wlan0", ENG_LINK_ASSOCIATED);
	ra("fe80::3", "2001:db8:2::");
	addr(COA2);
	assert_true(rec_find("ro_del mn hoa=" HOA " peer=" CN) >= 0);
	qn = 0;
	/* ...and after the home agent's BA, only a care-of test (the home token is
	 * fresh), then the binding moves. */
	home_ba(COA2);
	assert_int_equal(rec_count("send_mh src=" HOA " dst=" CN " type=1"), 0);
	assert_int_equal(rec_count("send_mh src=" COA2 " dst=" CN " type=2"), 1);
	pump_all();
	assert_true(rec_find("ro_set cn hoa=" HOA " coa=" COA2 " peer=" CN) >= 0);
	assert_true(rec_find("ro_set mn hoa=" HOA " coa=" COA2 " peer=" CN) >= 0);

	/* Home: the correspondent is told with a BU from the home address, lifetime 0,
	 * authenticated by the home token alone. */
	rec_clear();
	engine_link_event(mn, IF_W, "wlan0", ENG_LINK_DOWN);
	engine_link_event(mn, IF_W, "wlan0", ENG_LINK_ASSOCIATED);
	ra("fe80::1", "2001:db8::");
	addr("2001:db8::205:5dff:fef2:db2b");
	assert_true(rec_find("ro_del mn hoa=" HOA " peer=" CN) >= 0);
	pump_all();
	assert_int_equal(rec_count("send_bu src=" HOA " dst=" CN " seq="), 1);
	assert_non_null(strstr(rec[rec_find("send_bu src=" HOA " dst=" CN)], " life=0 "));
	assert_true(rec_find("ro_del cn hoa=" HOA " peer=" CN) >= 0);
	assert_int_equal(rec_count("send_ba src=" CN " dst=" HOA " status=0"), 1);
	assert_null(strstr(text(cn, engine_print_bc), HOA));
	assert_null(strstr(text(mn, engine_print_bul), "CN address " CN));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_rr_then_direct_path, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refresh_before_expiry, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cn_expires_binding, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_authenticator_dropped, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unauthenticated_bu_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_expired_nonce_retested, setup, teardown),
		cmocka_unit_test_setup_teardown(test_replayed_bu_refused_135, setup, teardown),
		cmocka_unit_test_setup_teardown(test_silent_cn_falls_back, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cn_without_mipv6_falls_back, setup, teardown),
		cmocka_unit_test_setup_teardown(test_policy_and_home_agent_excluded, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_move_then_home, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
