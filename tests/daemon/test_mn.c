/* Mobile Node engine: movement detection from RAs/link events, BU list backoff schedule
 * with a fake clock, BA handling (accept, refresh advice, 135 resync, refusal), return
 * home, optimistic handoff. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>

#include "config.h"
#include "recorder.h"

#define IF_W 4
#define HOA "2001:db8::beef"
#define HA "2001:db8::"
#define COA1 "2001:db8:1:0:205:5dff:fef2:db2b"
#define COA2 "2001:db8:2:0:205:5dff:fef2:db2b"

struct fx {
	struct config conf;
	struct engine *e;
};

static void ra(struct engine *e, const char *router, const char *prefix)
{
	rx_ra_prefix(e, IF_W, router, prefix);
}

static void addr(struct engine *e, const char *a, enum eng_addr_state st)
{
	struct in6_addr x = A(a);

	engine_addr_event(e, IF_W, &x, 64, st);
}

static void ba(struct engine *e, uint8_t status, uint16_t seq, uint32_t life, uint32_t refresh,
	       const char *to)
{
	struct eng_rx rx = { .ifindex = IF_W, .src = A(HA), .dst = A(to) };

	if (strcmp(to, HOA)) {
		rx.has_rh2 = true;
		rx.rh2 = A(HOA);
	}
	rx_ba(e, &rx, status, seq, life, refresh);
}

/* Sequence number of the last BU sent, -1 if none. */
static int last_bu_seq(void)
{
	for (int i = (int)rec_n - 1; i >= 0; i--) {
		const char *s = strstr(rec[i], " seq=");

		if (!strncmp(rec[i], "send_bu", 7) && s)
			return atoi(s + 5);
	}
	return -1;
}

static char *bul_text(struct engine *e)
{
	static char buf[4096];
	FILE *f;

	buf[0] = '\0';
	f = fmemopen(buf, sizeof(buf), "w");
	engine_print_bul(e, f);
	fclose(f);
	return buf;
}

static struct engine *start(struct fx *f, const char *extra)
{
	char err[600], text[1024];

	snprintf(text, sizeof(text),
		 "NodeConfig MN;\nDebugLevel 7;\nUseMnHaIPsec disabled;\n"
		 "Interface \"wlan0\";\nMnHomeLink \"wlan0\" {\n"
		 "  HomeAddress 2001:db8::beef/64;\n  HomeAgentAddress 2001:db8::;\n}\n%s",
		 extra ? extra : "");
	assert_int_equal(config_parse(&f->conf, "mn.conf", text, err, sizeof(err)), 0);
	/* The home registration alone: route optimization has its own tests. */
	f->conf.ro_cn = f->conf.ro_mn = false;
	rec_clear();
	fake_now = 5000000;
	f->e = engine_new(&f->conf, &recorder_ops, NULL, fake_clock, NULL);
	assert_non_null(f->e);
	return f->e;
}

/* Starts at home: associated, the home router advertises 2001:db8::/64. */
static struct engine *start_home(struct fx *f, const char *extra)
{
	struct engine *e = start(f, extra);

	engine_link_event(e, IF_W, "wlan0", ENG_LINK_ASSOCIATED);
	ra(e, "fe80::1", "2001:db8::");
	addr(e, "2001:db8::205:5dff:fef2:db2b", ENG_ADDR_USABLE);
	ba(e, 133, (uint16_t)last_bu_seq(), 0, 0, HOA); /* no binding left over */
	return e;
}

/* Moves to the link of router/prefix and gets coa. */
static void move(struct engine *e, const char *router, const char *prefix, const char *coa)
{
	engine_link_event(e, IF_W, "wlan0", ENG_LINK_DOWN);
	engine_link_event(e, IF_W, "wlan0", ENG_LINK_ASSOCIATED);
	ra(e, router, prefix);
	addr(e, coa, ENG_ADDR_TENTATIVE);
	addr(e, coa, ENG_ADDR_USABLE);
}

static void test_home_at_start(void **state)
{
	struct fx f;
	struct engine *e = start(&f, NULL);
	int seq;

	(void)state;
	engine_link_event(e, IF_W, "wlan0", ENG_LINK_ASSOCIATED);
	/* L2 trigger: solicit at once. */
	assert_string_equal(rec[0], "mn_send_rs if=4");
	ra(e, "fe80::1", "2001:db8::");
	assert_string_equal(rec[1], "mn_tunnel_clear hoa=2001:db8::beef/64 home_if=4");
	/* A binding left by an earlier run is cleared with a deregistration. */
	seq = last_bu_seq();
	char want[200];
	snprintf(want, sizeof(want), "send_bu src=2001:db8::beef dst=2001:db8:: seq=%d life=0 "
		 "flags=c0", seq);
	assert_string_equal(rec[2], want);
	assert_int_equal(rec_n, 3);
	assert_non_null(strstr(bul_text(e), " state deregistering\n"));
	/* The HA has none: 133, and the MN is home. */
	ba(e, 133, (uint16_t)seq, 0, 0, HOA);
	assert_non_null(strstr(bul_text(e), " state home\n"));
	/* The next RA from the same router changes nothing. */
	ra(e, "fe80::1", "2001:db8::");
	assert_int_equal(rec_n, 3);
	engine_free(e);
}

static void test_dereg_gives_up(void **state)
{
	struct fx f;
	struct engine *e = start(&f, NULL);

	(void)state;
	engine_link_event(e, IF_W, "wlan0", ENG_LINK_ASSOCIATED);
	ra(e, "fe80::1", "2001:db8::");
	/* No HA answers: 1 + 5 retransmissions (1, 2, 4, 8, 16 s), then home anyway. */
	advance_to(e, fake_now + 1000 + 2000 + 4000 + 8000 + 16000);
	assert_int_equal(rec_count("send_bu"), 6);
	assert_non_null(strstr(bul_text(e), " state deregistering\n"));
	advance_to(e, fake_now + 32000);
	assert_int_equal(rec_count("send_bu"), 6);
	assert_non_null(strstr(bul_text(e), " state home\n"));
	assert_int_equal(engine_next_deadline(e), ENG_NEVER);
	engine_free(e);
}

static void test_move_registers_with_hao(void **state)
{
	struct fx f;
	struct engine *e = start_home(&f, NULL);
	int seq0;

	(void)state;
	rec_clear();
	engine_link_event(e, IF_W, "wlan0", ENG_LINK_DOWN);
	engine_link_event(e, IF_W, "wlan0", ENG_LINK_ASSOCIATED);
	assert_string_equal(rec[0], "mn_send_rs if=4");
	ra(e, "fe80::2", "2001:db8:1::");
	/* New router, but no usable address on its prefix yet. */
	assert_int_equal(rec_count("send_bu"), 0);
	addr(e, COA1, ENG_ADDR_TENTATIVE);
	assert_int_equal(rec_count("send_bu"), 0);
	addr(e, COA1, ENG_ADDR_USABLE);
	assert_int_equal(rec_count("send_bu"), 1);
	seq0 = last_bu_seq();
	char want[256];
	/* The care-of address lives 86400 s by its prefix: no longer a lifetime. */
	snprintf(want, sizeof(want), "send_bu src=%s dst=2001:db8:: hao=2001:db8::beef "
		 "seq=%d life=86400 flags=c0", "2001:db8:1:0:205:5dff:fef2:db2b", seq0);
	assert_string_equal(rec[rec_n - 2], want);
	/* Right after the BU the tunnel is ready to receive what the HA tunnels... */
	assert_string_equal(rec[rec_n - 1], "mn_tunnel_set hoa=2001:db8::beef/64 home_if=4 "
			    "ha=2001:db8:: coa=2001:db8:1:0:205:5dff:fef2:db2b coa_if=4");
	/* ...and the accepting BA adds the reverse direction. */
	ba(e, 0, (uint16_t)seq0, 262140, 0, COA1);
	assert_string_equal(rec[rec_n - 1], "mn_tunnel_set hoa=2001:db8::beef/64 home_if=4 "
			    "ha=2001:db8:: coa=2001:db8:1:0:205:5dff:fef2:db2b coa_if=4 reverse");
	char *bul = bul_text(e);
	assert_non_null(strstr(bul, "Home address 2001:db8::beef\n"));
	assert_non_null(strstr(bul, "Care-of address 2001:db8:1:0:205:5dff:fef2:db2b\n"));
	assert_non_null(strstr(bul, "CN address 2001:db8::\n"));
	assert_non_null(strstr(bul, " state registered\n"));
	assert_non_null(strstr(bul, " lifetime 86400 / 86400 "));
	engine_free(e);
}

/* With an IPsecPolicySet for its registration the MN hands its BUs to the kernel's ESP
 * (never as a frame past it) and takes only a BA that came through ESP. */
static void test_ipsec_registration(void **state)
{
	struct fx f;
	struct engine *e = start_home(&f, NULL);
	struct eng_rx rx = { .ifindex = IF_W, .src = A(HA), .dst = A(COA1), .has_rh2 = true,
			     .rh2 = A(HOA) };
	int seq;

	(void)state;
	f.conf.use_mn_ha_ipsec = true;
	f.conf.n_ipsec_sets = 1;
	f.conf.ipsec_sets[0].hoa = A(HOA);
	f.conf.ipsec_sets[0].ha = A(HA);
	f.conf.ipsec_sets[0].home_reg = true;
	rec_clear();
	move(e, "fe80::2", "2001:db8:1::", COA1);
	seq = last_bu_seq();
	assert_true(rec_find("send_bu src=" COA1 " dst=2001:db8:: hao=2001:db8::beef esp") >= 0);
	assert_int_equal(rec_count("send_bu src=" COA1 " dst=2001:db8:: hao=2001:db8::beef via"), 0);
	rx_ba(e, &rx, 0, (uint16_t)seq, 3600, 0);
	assert_non_null(strstr(bul_text(e), " state registering\n"));
	rx.protected = true;
	rx_ba(e, &rx, 0, (uint16_t)seq, 3600, 0);
	assert_non_null(strstr(bul_text(e), " state registered\n"));
	engine_free(e);
}

static void test_backoff_schedule_first_registration(void **state)
{
	struct fx f;
	struct engine *e = start_home(&f, NULL);
	const uint64_t want_ms[] = { 0, 1500, 4500, 10500, 22500, 46500, 78500, 110500 };
	uint64_t t0;
	int seq;

	(void)state;
	move(e, "fe80::2", "2001:db8:1::", COA1);
	t0 = fake_now;
	seq = last_bu_seq();
	for (size_t i = 1; i < sizeof(want_ms) / sizeof(want_ms[0]); i++) {
		unsigned before = rec_count("send_bu");

		/* Nothing before the deadline, one retransmission at it. */
		advance_to(e, t0 + want_ms[i] - 1);
		assert_int_equal(rec_count("send_bu"), before);
		advance_to(e, t0 + want_ms[i]);
		assert_int_equal(rec_count("send_bu"), before + 1);
		/* Every retransmission carries a new sequence number. */
		assert_int_equal(last_bu_seq(), (uint16_t)(seq + (int)i));
	}
	assert_non_null(strstr(bul_text(e), " resend 7 "));
	engine_free(e);
}

static void test_rereg_timeout_and_refresh_advice(void **state)
{
	struct fx f;
	struct engine *e = start_home(&f, NULL);
	uint64_t t0;

	(void)state;
	move(e, "fe80::2", "2001:db8:1::", COA1);
	t0 = fake_now;
	ba(e, 0, (uint16_t)last_bu_seq(), 400, 100, COA1);
	/* The Binding Refresh Advice (100 s) decides when to refresh, not the lifetime. */
	rec_clear();
	advance_to(e, t0 + 99999);
	assert_int_equal(rec_count("send_bu"), 0);
	advance_to(e, t0 + 100000);
	assert_int_equal(rec_count("send_bu"), 1);
	assert_non_null(strstr(bul_text(e), " state refreshing\n"));
	/* A binding exists: re-registration timeout 1 s, then 2 s. */
	advance_to(e, t0 + 101000);
	assert_int_equal(rec_count("send_bu"), 2);
	advance_to(e, t0 + 102999);
	assert_int_equal(rec_count("send_bu"), 2);
	advance_to(e, t0 + 103000);
	assert_int_equal(rec_count("send_bu"), 3);
	ba(e, 0, (uint16_t)last_bu_seq(), 400, 0, COA1);
	assert_non_null(strstr(bul_text(e), " state registered\n"));
	/* No advice now: refresh at 7/8 of the 400 s lifetime, counted from that BU. */
	rec_clear();
	advance_to(e, t0 + 103000 + 349999);
	assert_int_equal(rec_count("send_bu"), 0);
	advance_to(e, t0 + 103000 + 350000);
	assert_int_equal(rec_count("send_bu"), 1);
	/* The tunnel was set once, not again on refresh. */
	engine_free(e);
}

static void test_new_coa_while_registered_uses_rereg_timeout(void **state)
{
	struct fx f;
	struct engine *e = start_home(&f, NULL);
	uint64_t t1;

	(void)state;
	move(e, "fe80::2", "2001:db8:1::", COA1);
	ba(e, 0, (uint16_t)last_bu_seq(), 400, 0, COA1);
	rec_clear();
	move(e, "fe80::3", "2001:db8:2::", COA2);
	t1 = fake_now;
	assert_int_equal(rec_count("send_bu src=2001:db8:2:0:205:5dff:fef2:db2b"), 1);
	advance_to(e, t1 + 999);
	assert_int_equal(rec_count("send_bu"), 1);
	advance_to(e, t1 + 1000);
	assert_int_equal(rec_count("send_bu"), 2);
	ba(e, 0, (uint16_t)last_bu_seq(), 400, 0, COA2);
	assert_true(rec_find("mn_tunnel_set hoa=2001:db8::beef/64 home_if=4 ha=2001:db8:: "
			     "coa=2001:db8:2:0:205:5dff:fef2:db2b") >= 0);
	engine_free(e);
}

static void test_stale_ba_ignored_and_135_resync(void **state)
{
	struct fx f;
	struct engine *e = start_home(&f, NULL);
	int seq;
	uint16_t last;

	(void)state;
	move(e, "fe80::2", "2001:db8:1::", COA1);
	seq = last_bu_seq();
	ba(e, 0, (uint16_t)(seq - 1), 400, 0, COA1);
	assert_non_null(strstr(bul_text(e), " state registering\n"));
	rec_clear();
	/* The HA remembers a number 5000 ahead as the last accepted one: continue after
	 * it. */
	last = (uint16_t)(seq + 5000);
	ba(e, 135, last, 0, 0, COA1);
	assert_int_equal(last_bu_seq(), (uint16_t)(last + 1));
	ba(e, 0, (uint16_t)(last + 1), 400, 0, COA1);
	assert_non_null(strstr(bul_text(e), " state registered\n"));
	engine_free(e);
}

/* Anyone can send the CoA a 135: one is taken per outstanding BU, and only when it
 * names a number the BU was not newer than. */
static void test_forged_135_not_taken_on_trust(void **state)
{
	struct fx f;
	struct engine *e = start_home(&f, NULL);
	int seq;

	(void)state;
	move(e, "fe80::2", "2001:db8:1::", COA1);
	seq = last_bu_seq();
	rec_clear();
	/* Older than our BU: the HA would have accepted it. */
	ba(e, 135, (uint16_t)(seq - 10), 0, 0, COA1);
	assert_int_equal(rec_count("send_bu"), 0);
	/* A plausible one is taken once... */
	ba(e, 135, (uint16_t)(seq + 100), 0, 0, COA1);
	assert_int_equal(rec_count("send_bu"), 1);
	assert_int_equal(last_bu_seq(), (uint16_t)(seq + 101));
	/* ...and the next ones for the same BU are not. */
	for (int i = 0; i < 20; i++)
		ba(e, 135, (uint16_t)(seq + 200 + i), 0, 0, COA1);
	assert_int_equal(rec_count("send_bu"), 1);
	/* A forged refusal does not stop the MN for good: it tries again. */
	ba(e, 133, (uint16_t)(seq + 101), 0, 0, COA1);
	assert_non_null(strstr(bul_text(e), " state failed\n"));
	rec_clear();
	advance_to(e, fake_now + 33000);
	assert_int_equal(rec_count("send_bu"), 1);
	assert_non_null(strstr(bul_text(e), " state registering\n"));
	engine_free(e);
}

static void test_refused_retries_with_backoff(void **state)
{
	struct fx f;
	struct engine *e = start_home(&f, NULL);
	uint64_t t0;

	(void)state;
	move(e, "fe80::2", "2001:db8:1::", COA1);
	/* A transient refusal (130): again after InitialBindackTimeoutFirstReg (1.5 s),
	 * then twice as long each time. */
	ba(e, 130, (uint16_t)last_bu_seq(), 0, 0, COA1);
	assert_non_null(strstr(bul_text(e), " state failed\n"));
	t0 = fake_now;
	rec_clear();
	advance_to(e, t0 + 1499);
	assert_int_equal(rec_count("send_bu"), 0);
	advance_to(e, t0 + 1500);
	assert_int_equal(rec_count("send_bu"), 1);
	ba(e, 130, (uint16_t)last_bu_seq(), 0, 0, COA1);
	t0 = fake_now;
	rec_clear();
	advance_to(e, t0 + 2999);
	assert_int_equal(rec_count("send_bu"), 0);
	advance_to(e, t0 + 3000);
	assert_int_equal(rec_count("send_bu"), 1);
	/* Accepted at last: the backoff starts over for the next refusal. */
	ba(e, 0, (uint16_t)last_bu_seq(), 400, 0, COA1);
	assert_non_null(strstr(bul_text(e), " state registered\n"));
	engine_free(e);

	/* A lasting refusal (133): the MN asks again only every 32 s. */
	e = start_home(&f, NULL);
	move(e, "fe80::2", "2001:db8:1::", COA1);
	ba(e, 133, (uint16_t)last_bu_seq(), 0, 0, COA1);
	t0 = fake_now;
	rec_clear();
	advance_to(e, t0 + 31999);
	assert_int_equal(rec_count("send_bu"), 0);
	assert_int_equal(rec_count("mn_tunnel_set"), 0);
	advance_to(e, t0 + 32000);
	assert_int_equal(rec_count("send_bu"), 1);
	/* The next move tries at once. */
	ba(e, 133, (uint16_t)last_bu_seq(), 0, 0, COA1);
	rec_clear();
	move(e, "fe80::3", "2001:db8:2::", COA2);
	assert_int_equal(rec_count("send_bu"), 1);
	engine_free(e);
}

static void test_return_home_deregisters(void **state)
{
	struct fx f;
	struct engine *e = start_home(&f, NULL);
	int seq;

	(void)state;
	move(e, "fe80::2", "2001:db8:1::", COA1);
	ba(e, 0, (uint16_t)last_bu_seq(), 400, 0, COA1);
	rec_clear();
	engine_link_event(e, IF_W, "wlan0", ENG_LINK_DOWN);
	engine_link_event(e, IF_W, "wlan0", ENG_LINK_ASSOCIATED);
	ra(e, "fe80::1", "2001:db8::");
	/* HoA back on the home link first, then the deregistration from the HoA. */
	assert_string_equal(rec[1], "mn_tunnel_clear hoa=2001:db8::beef/64 home_if=4");
	seq = last_bu_seq();
	char want[200];
	snprintf(want, sizeof(want), "send_bu src=2001:db8::beef dst=2001:db8:: seq=%d life=0 "
		 "flags=c0", seq);
	assert_string_equal(rec[2], want);
	assert_non_null(strstr(bul_text(e), " state deregistering\n"));
	/* Lost BA: retransmitted after 1 s with a new number. */
	advance_to(e, fake_now + 1000);
	assert_int_equal(last_bu_seq(), (uint16_t)(seq + 1));
	ba(e, 0, (uint16_t)(seq + 1), 0, 0, HOA);
	assert_non_null(strstr(bul_text(e), " state home\n"));
	rec_clear();
	advance_to(e, fake_now + 1000000);
	assert_int_equal(rec_n, 0);
	engine_free(e);
}

static void test_optimistic_handoff(void **state)
{
	struct fx f;
	struct engine *e = start_home(&f, "OptimisticHandoff enabled;\n");
	int i_set, i_bu;

	(void)state;
	rec_clear();
	move(e, "fe80::2", "2001:db8:1::", COA1);
	/* The tunnel, reverse direction included, follows the BU before any BA. */
	i_set = rec_find("mn_tunnel_set");
	i_bu = rec_find("send_bu");
	assert_true(i_bu >= 0 && i_set > i_bu);
	assert_non_null(strstr(rec[i_set], " reverse"));
	ba(e, 0, (uint16_t)last_bu_seq(), 400, 0, COA1);
	assert_int_equal(rec_count("mn_tunnel_set"), 1);
	engine_free(e);
}

static void test_router_probes(void **state)
{
	struct fx f;
	struct engine *e = start(&f, "MnRouterProbes 10;\n");

	(void)state;
	engine_link_event(e, IF_W, "wlan0", ENG_LINK_ASSOCIATED);
	assert_int_equal(rec_count("mn_send_rs"), 1);
	/* Every 5 ms for 8 retransmissions (the AP may not have authorized us yet)... */
	for (int i = 2; i <= 9; i++) {
		advance_to(e, fake_now + 4);
		assert_int_equal(rec_count("mn_send_rs"), i - 1);
		advance_to(e, fake_now + 1);
		assert_int_equal(rec_count("mn_send_rs"), i);
	}
	/* ...then backing off: 10 ms, then 20 (the last of the 10). */
	advance_to(e, fake_now + 9);
	assert_int_equal(rec_count("mn_send_rs"), 9);
	advance_to(e, fake_now + 1);
	assert_int_equal(rec_count("mn_send_rs"), 10);
	advance_to(e, fake_now + 19);
	assert_int_equal(rec_count("mn_send_rs"), 10);
	advance_to(e, fake_now + 1);
	assert_int_equal(rec_count("mn_send_rs"), 11);
	advance_to(e, fake_now + 10000);
	assert_int_equal(rec_count("mn_send_rs"), 11);
	/* An RA stops the probing early. */
	engine_link_event(e, IF_W, "wlan0", ENG_LINK_DOWN);
	engine_link_event(e, IF_W, "wlan0", ENG_LINK_ASSOCIATED);
	ra(e, "fe80::1", "2001:db8::");
	advance_to(e, fake_now + 10000);
	assert_int_equal(rec_count("mn_send_rs"), 12);
	engine_free(e);
}

static void test_binding_error_reregisters(void **state)
{
	struct fx f;
	struct engine *e = start_home(&f, NULL);
	struct eng_rx rx = { .ifindex = IF_W, .src = A(HA), .dst = A(COA1) };
	struct in6_addr hoa = A(HOA);

	(void)state;
	move(e, "fe80::2", "2001:db8:1::", COA1);
	ba(e, 0, (uint16_t)last_bu_seq(), 400, 0, COA1);
	rec_clear();
	rx_be(e, &rx, BE_UNKNOWN_HAO, &hoa);
	assert_int_equal(rec_count("send_bu src=2001:db8:1:0:205:5dff:fef2:db2b"), 1);
	assert_non_null(strstr(bul_text(e), " state registering\n"));
	engine_free(e);
}

static void test_ra_before_carrier_event(void **state)
{
	struct fx f;
	struct engine *e = start_home(&f, NULL);

	(void)state;
	rec_clear();
	engine_link_event(e, IF_W, "wlan0", ENG_LINK_DOWN);
	/* The new router's RA and address overtake the carrier notification. */
	ra(e, "fe80::2", "2001:db8:1::");
	addr(e, COA1, ENG_ADDR_USABLE);
	assert_int_equal(rec_count("send_bu"), 0);
	engine_link_event(e, IF_W, "wlan0", ENG_LINK_ASSOCIATED);
	assert_int_equal(rec_count("send_bu src=2001:db8:1:0:205:5dff:fef2:db2b"), 1);
	engine_free(e);
}

static void test_router_lost_after_missed_advertisements(void **state)
{
	struct fx f;
	struct engine *e = start_home(&f, NULL);
	struct eng_ra m = { .ifindex = IF_W, .src = A("fe80::1"), .router_lifetime = 1800,
			    .adv_interval = 1000, .n_prefixes = 1 };

	(void)state;
	m.prefixes[0].prefix = A("2001:db8::");
	m.prefixes[0].plen = 64;
	m.prefixes[0].flags = ENG_PI_ONLINK | ENG_PI_AUTO;
	engine_rx_ra(e, &m);
	rec_clear();
	/* RAs every second keep the router. */
	advance_to(e, fake_now + 2500);
	engine_rx_ra(e, &m);
	advance_to(e, fake_now + 2999);
	assert_int_equal(rec_count("mn_send_rs"), 0);
	/* Three intervals of silence: solicit, and the new router is taken at once. */
	advance_to(e, fake_now + 1);
	assert_int_equal(rec_count("mn_send_rs"), 1);
	ra(e, "fe80::2", "2001:db8:1::");
	addr(e, COA1, ENG_ADDR_USABLE);
	assert_int_equal(rec_count("send_bu"), 1);
	engine_free(e);
}

static void test_shutdown_clears_tunnel(void **state)
{
	struct fx f;
	struct engine *e = start_home(&f, NULL);

	(void)state;
	move(e, "fe80::2", "2001:db8:1::", COA1);
	ba(e, 0, (uint16_t)last_bu_seq(), 400, 0, COA1);
	rec_clear();
	engine_free(e);
	assert_int_equal(rec_count("mn_tunnel_clear"), 1);
}

/* An RA from the home agent as radvd sends it on the home link: the HA's own address in
 * the prefix field (R flag), its link-layer address, lifetimes as given. */
static void ha_ra(struct engine *e, uint32_t valid)
{
	struct eng_ra m = { .ifindex = IF_W, .src = A("fe80::1"), .router_lifetime = 1800,
			    .home_agent = true, .has_lladdr = true,
			    .lladdr = { 0x02, 0, 0, 0, 0, 0x01 }, .n_prefixes = 1 };

	m.prefixes[0].prefix = A(HA);
	m.prefixes[0].plen = 64;
	m.prefixes[0].flags = ENG_PI_ONLINK | ENG_PI_AUTO | ENG_PI_RADDR;
	m.prefixes[0].valid = valid;
	m.prefixes[0].preferred = valid;
	engine_rx_ra(e, &m);
}

/* RFC 6275 §11.7.1: the lifetime asked for follows the care-of address's and the home
 * address's remaining valid lifetimes. */
static void test_lifetime_follows_prefixes(void **state)
{
	struct fx f;
	struct engine *e = start(&f, NULL);
	char want[256];

	(void)state;
	engine_link_event(e, IF_W, "wlan0", ENG_LINK_ASSOCIATED);
	ha_ra(e, 500);
	addr(e, "2001:db8::205:5dff:fef2:db2b", ENG_ADDR_USABLE);
	advance_to(e, fake_now + 100000);
	rec_clear();
	move(e, "fe80::2", "2001:db8:1::", COA1);
	/* The home prefix has 400 s left of its 500; the care-of prefix 86400. */
	snprintf(want, sizeof(want), "send_bu src=%s dst=2001:db8:: hao=2001:db8::beef seq=%d "
		 "life=400 flags=c0", COA1, last_bu_seq());
	assert_int_equal(rec_find(want) >= 0, 1);
	engine_free(e);
}

/* Back home (RFC 6275 §11.5.4): the deregistration leaves as a frame to the HA's
 * link-layer address (no Neighbor Solicitation from the home address the HA still
 * defends), and once the HA accepts it an unsolicited NA reclaims the home address. */
static void test_return_home_to_ha_lladdr_and_announce(void **state)
{
	struct fx f;
	struct engine *e = start(&f, NULL);
	char want[256];
	int seq;

	(void)state;
	engine_link_event(e, IF_W, "wlan0", ENG_LINK_ASSOCIATED);
	ha_ra(e, 86400);
	addr(e, "2001:db8::205:5dff:fef2:db2b", ENG_ADDR_USABLE);
	seq = last_bu_seq();
	snprintf(want, sizeof(want), "send_bu src=2001:db8::beef dst=2001:db8:: "
		 "via=02:00:00:00:00:01 seq=%d life=0 flags=c0", seq);
	assert_int_equal(rec_find(want) >= 0, 1);
	rec_clear();
	ba(e, 0, (uint16_t)seq, 0, 0, HOA);
	assert_int_equal(rec_find("mn_announce if=4 addr=2001:db8::beef") >= 0, 1);
	engine_free(e);
}

/* The L flag: the home link's link-local address has the HoA's interface identifier. */
static void test_l_flag_when_link_local_shares_iid(void **state)
{
	struct fx f;
	struct engine *e = start_home(&f, NULL);
	char want[256];

	(void)state;
	addr(e, "fe80::beef", ENG_ADDR_USABLE);
	move(e, "fe80::2", "2001:db8:1::", COA1);
	snprintf(want, sizeof(want), "send_bu src=%s dst=2001:db8:: hao=2001:db8::beef seq=%d "
		 "life=86400 flags=e0", COA1, last_bu_seq());
	assert_int_equal(rec_find(want) >= 0, 1);
	engine_free(e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_home_at_start),
		cmocka_unit_test(test_dereg_gives_up),
		cmocka_unit_test(test_move_registers_with_hao),
		cmocka_unit_test(test_ipsec_registration),
		cmocka_unit_test(test_backoff_schedule_first_registration),
		cmocka_unit_test(test_rereg_timeout_and_refresh_advice),
		cmocka_unit_test(test_new_coa_while_registered_uses_rereg_timeout),
		cmocka_unit_test(test_stale_ba_ignored_and_135_resync),
		cmocka_unit_test(test_refused_retries_with_backoff),
		cmocka_unit_test(test_forged_135_not_taken_on_trust),
		cmocka_unit_test(test_lifetime_follows_prefixes),
		cmocka_unit_test(test_return_home_to_ha_lladdr_and_announce),
		cmocka_unit_test(test_l_flag_when_link_local_shares_iid),
		cmocka_unit_test(test_return_home_deregisters),
		cmocka_unit_test(test_optimistic_handoff),
		cmocka_unit_test(test_router_probes),
		cmocka_unit_test(test_binding_error_reregisters),
		cmocka_unit_test(test_ra_before_carrier_event),
		cmocka_unit_test(test_router_lost_after_missed_advertisements),
		cmocka_unit_test(test_shutdown_clears_tunnel),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
