/* Home agent discovery, the home agents list, fail-over and mobile prefix discovery
 * (RFC 6275 §10.5, §10.6, §11.4): the engine driven with crafted RAs, ICMPv6 messages and
 * errors and a fake clock; what it sends is asserted from the recorder. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>

#include "config.h"
#include "engine_int.h"
#include "recorder.h"

#define IF_H 3
#define IF_W 4
#define HOA "2001:db8::beef"
#define ANY "2001:db8::fdff:ffff:ffff:fffe"
#define HA1 "2001:db8::2"
#define HA2 "2001:db8::3"
#define COA "2001:db8:1:0:205:5dff:fef2:db2b"

struct fx {
	struct config conf;
	struct engine *e;
};

static void stop(struct fx *f)
{
	engine_free(f->e);
	f->e = NULL;
}

/* Text of the last record starting with prefix, or NULL. */
static const char *last(const char *prefix)
{
	for (int i = (int)rec_n - 1; i >= 0; i--)
		if (!strncmp(rec[i], prefix, strlen(prefix)))
			return rec[i];
	return NULL;
}

static unsigned field(const char *r, const char *name)
{
	const char *s = r ? strstr(r, name) : NULL;

	assert_non_null(s);
	return (unsigned)atoi(s + strlen(name));
}

static char *vt_text(struct engine *e, void (*fn)(const struct engine *, FILE *))
{
	static char buf[8192];
	FILE *f;

	buf[0] = '\0';
	f = fmemopen(buf, sizeof(buf), "w");
	fn(e, f);
	fclose(f);
	return buf;
}

static uint64_t stat_of(struct engine *e, const char *name)
{
	const char *t = vt_text(e, engine_print_stats);
	char key[64];
	const char *s;

	snprintf(key, sizeof(key), "\n%s ", name);
	s = strstr(t, key);
	assert_non_null(s);
	return strtoull(s + strlen(key), NULL, 10);
}

/* --- home agent side --- */

static struct engine *ha_start(struct fx *f, const char *extra)
{
	char err[600], text[512];

	snprintf(text, sizeof(text), "NodeConfig HA;\nInterface \"wlan0\";\n"
		 "HaDuplicateAddressDetection disabled;\n%s", extra ? extra : "");
	assert_int_equal(config_parse(&f->conf, "ha.conf", text, err, sizeof(err)), 0);
	f->conf.ro_cn = false;
	rec_clear();
	rec_anycast = true;
	fake_now = 1000000;
	f->e = engine_new(&f->conf, &recorder_ops, NULL, fake_clock, NULL);
	assert_non_null(f->e);
	engine_link_event(f->e, IF_H, "wlan0", ENG_LINK_ASSOCIATED);
	struct in6_addr ha = A("2001:db8::1"), ll = A("fe80::1");
	engine_addr_event(f->e, IF_H, &ha, 64, ENG_ADDR_USABLE);
	engine_addr_event(f->e, IF_H, &ll, 64, ENG_ADDR_USABLE);
	return f->e;
}

/* An RA with the H flag from router ll, its global address ga (R flag), and a Home
 * Agent Information option when pref_life is given. */
static void ha_ra(struct engine *e, const char *ll, const char *ga, bool info, int16_t pref,
		  uint16_t ha_life, uint16_t router_life)
{
	struct eng_ra m = { .ifindex = IF_H, .src = A(ll), .home_agent = true,
			    .router_lifetime = router_life, .n_prefixes = 1,
			    .has_ha_info = info, .ha_preference = pref, .ha_lifetime = ha_life };

	m.prefixes[0].prefix = A(ga);
	m.prefixes[0].plen = 64;
	m.prefixes[0].flags = ENG_PI_ONLINK | ENG_PI_AUTO | ENG_PI_RADDR;
	m.prefixes[0].valid = 86400;
	m.prefixes[0].preferred = 14400;
	engine_rx_ra(e, &m);
}

static void icmp_in(struct engine *e, const char *src, const char *dst, uint8_t type,
		    uint16_t id, const char *hao, const char *rh2)
{
	struct eng_rx rx = { .ifindex = IF_H, .src = A(src), .dst = A(dst) };
	struct dhaad_msg m = { .type = type, .id = id };

	if (hao) {
		rx.has_hao = true;
		rx.hao = A(hao);
	}
	if (rh2) {
		rx.has_rh2 = true;
		rx.rh2 = A(rh2);
	}
	engine_rx_icmp(e, &rx, &m);
}

static void test_anycast_joined(void **state)
{
	struct fx f;

	(void)state;
	ha_start(&f, NULL);
	assert_int_equal(rec_count("anycast_join if=3 addr=" ANY), 1);
	assert_int_equal(rec_n, 1);
	stop(&f);
	assert_int_equal(rec_count("anycast_leave if=3 addr=" ANY), 1);
	rec_anycast = false;
}

static void test_hal_order_expiry_and_lifetime_0(void **state)
{
	struct fx f;
	struct engine *e = ha_start(&f, NULL);
	const char *t;

	(void)state;
	ha_ra(e, "fe80::3", "2001:db8::3", false, 0, 0, 60);       /* preference 0, 60 s */
	ha_ra(e, "fe80::2", "2001:db8::2", true, 10, 30, 1800);     /* 10, 30 s */
	ha_ra(e, "fe80::4", "2001:db8::4", true, -5, 40, 1800);     /* -5, 40 s */
	t = vt_text(e, engine_print_hal);
	assert_non_null(strstr(t, "HA fe80::2 dev wlan0 preference 10 lifetime 30 global 2001:db8::2\n"
				  "HA fe80::3 dev wlan0 preference 0 lifetime 60 global 2001:db8::3\n"
				  "HA fe80::4 dev wlan0 preference -5 lifetime 40 global 2001:db8::4\n"));
	/* A refresh moves the expiry. */
	advance_to(e, fake_now + 20000);
	ha_ra(e, "fe80::2", "2001:db8::2", true, 10, 30, 1800);
	advance_to(e, fake_now + 25000);                           /* ::4 expired at 40 s */
	t = vt_text(e, engine_print_hal);
	assert_non_null(strstr(t, "HA fe80::2 dev wlan0 preference 10 lifetime 5 "));
	assert_non_null(strstr(t, "HA fe80::3 "));
	assert_null(strstr(t, "HA fe80::4 "));
	advance_to(e, fake_now + 5000);
	assert_null(strstr(vt_text(e, engine_print_hal), "HA fe80::2 "));
	/* An HA Information lifetime of 0 takes it off at once, whatever the router's. */
	ha_ra(e, "fe80::3", "2001:db8::3", true, 0, 0, 1800);
	assert_null(strstr(vt_text(e, engine_print_hal), "HA fe80::3 "));
	/* Without the H flag nothing is learned. */
	{
		struct eng_ra m = { .ifindex = IF_H, .src = A("fe80::9"), .router_lifetime = 60 };

		engine_rx_ra(e, &m);
	}
	assert_null(strstr(vt_text(e, engine_print_hal), "HA "));
	stop(&f);
	rec_anycast = false;
}

static void test_hal_full_counted(void **state)
{
	struct fx f;
	struct engine *e = ha_start(&f, NULL);
	char ll[32], ga[32];

	(void)state;
	for (unsigned i = 0; i < HAL_MAX + 2; i++) {
		snprintf(ll, sizeof(ll), "fe80::%x", 0x100 + i);
		snprintf(ga, sizeof(ga), "2001:db8::%x", 0x100 + i);
		ha_ra(e, ll, ga, true, 1, 100, 100);
	}
	assert_int_equal(stat_of(e, "hal_bad"), 2);
	stop(&f);
	rec_anycast = false;
}

static void test_dhaad_reply_contents(void **state)
{
	struct fx f;
	struct engine *e = ha_start(&f, NULL);
	const char *r;

	(void)state;
	ha_ra(e, "fe80::3", "2001:db8::3", true, 0, 100, 100);
	ha_ra(e, "fe80::2", "2001:db8::2", true, 20, 100, 100);
	ha_ra(e, "fe80::4", "2001:db8::4", true, 10, 100, 100);
	ha_ra(e, "fe80::5", "2001:db8::5", true, -1, 100, 100);
	ha_ra(e, "fe80::6", "2001:db8::6", true, 0, 100, 100);
	rec_clear();
	icmp_in(e, COA, ANY, ICMP6_DHAAD_REQUEST, 0x1234, NULL, NULL);
	r = last("send_icmp type=145");
	assert_non_null(r);
	/* From our address on the home link to the CoA, the identifier copied; by
	 * preference, this node (not heard in an RA) where preference 0 goes. */
	assert_int_equal(field(r, "id="), 0x1234);
	assert_non_null(strstr(r, "src=2001:db8::1 dst=" COA
				  " addrs=2001:db8::2,2001:db8::4,2001:db8::1,2001:db8::"));
	assert_true(strstr(r, ",2001:db8::3,2001:db8::6,2001:db8::5") ||
		    strstr(r, ",2001:db8::6,2001:db8::3,2001:db8::5"));
	assert_int_equal(stat_of(e, "dhaad_rep_tx"), 1);

	/* Equal preferences come in random order: over many Replies both orders show. */
	{
		unsigned first3 = 0;

		for (int i = 0; i < 64; i++) {
			rec_clear();
			icmp_in(e, COA, ANY, ICMP6_DHAAD_REQUEST, (uint16_t)i, NULL, NULL);
			first3 += !!strstr(last("send_icmp type=145"), ",2001:db8::3,2001:db8::6,");
		}
		assert_true(first3 > 0 && first3 < 64);
	}

	/* Not to an anycast address of ours, or from a multicast source: dropped. */
	rec_clear();
	icmp_in(e, COA, "2001:db8::1", ICMP6_DHAAD_REQUEST, 1, NULL, NULL);
	icmp_in(e, COA, "2001:db9::fdff:ffff:ffff:fffe", ICMP6_DHAAD_REQUEST, 1, NULL, NULL);
	icmp_in(e, "ff02::1", ANY, ICMP6_DHAAD_REQUEST, 1, NULL, NULL);
	/* A Reply at a home agent: nobody asked. */
	icmp_in(e, HA1, "2001:db8::1", ICMP6_DHAAD_REPLY, 1, NULL, NULL);
	assert_int_equal(rec_n, 0);
	assert_int_equal(stat_of(e, "dhaad_bad"), 4);
	stop(&f);
	rec_anycast = false;
}

/* Without any RA heard the Reply still names this home agent. */
static void test_dhaad_reply_self_only(void **state)
{
	struct fx f;
	struct engine *e = ha_start(&f, NULL);

	(void)state;
	rec_clear();
	icmp_in(e, COA, ANY, ICMP6_DHAAD_REQUEST, 7, NULL, NULL);
	assert_non_null(last("send_icmp type=145 id=7 src=2001:db8::1 dst=" COA
			     " addrs=2001:db8::1"));
	stop(&f);
	rec_anycast = false;
}

static void register_mn(struct engine *e)
{
	struct eng_rx rx = { .ifindex = 1, .src = A(COA), .dst = A("2001:db8::1"),
			     .has_hao = true, .hao = A(HOA) };

	rx_bu(e, &rx, 1, 3600, MH_BU_A | MH_BU_H, NULL);
	assert_non_null(last("send_ba"));
	assert_int_equal(field(last("send_ba"), "status="), 0);
}

static void home_ra(struct engine *e, uint32_t valid, uint32_t preferred)
{
	struct eng_ra m = { .ifindex = IF_H, .src = A("fe80::1"), .home_agent = true,
			    .router_lifetime = 1800, .n_prefixes = 1 };

	m.prefixes[0].prefix = A("2001:db8::1");
	m.prefixes[0].plen = 64;
	m.prefixes[0].flags = ENG_PI_ONLINK | ENG_PI_AUTO | ENG_PI_RADDR;
	m.prefixes[0].valid = valid;
	m.prefixes[0].preferred = preferred;
	engine_rx_ra(e, &m);
}

/* Unsolicited MPA rounds: their distinct identifiers (a round's retransmissions keep it). */
static unsigned mpa_rounds(void)
{
	unsigned ids[REC_MAX], n = 0;

	for (unsigned i = 0; i < rec_n; i++) {
		unsigned id, k;

		if (strncmp(rec[i], "send_icmp type=147", 18))
			continue;
		id = field(rec[i], "id=");
		for (k = 0; k < n && ids[k] != id; k++)
			;
		if (k == n)
			ids[n++] = id;
	}
	return n;
}

/* §10.6.2: an unsolicited MPA goes again after 3, 6 and 9 s to a mobile node that sent
 * no BU since; a BU accepted meanwhile stops it. */
static void test_mpa_retransmitted_until_bu(void **state)
{
	struct fx f;
	struct engine *e = ha_start(&f, NULL);
	uint64_t t0;
	unsigned id;

	(void)state;
	home_ra(e, 86400, 14400);
	register_mn(e);
	rec_clear();
	home_ra(e, 7200, 3600);
	advance_to(e, fake_now);
	t0 = fake_now;
	assert_int_equal(rec_count("send_icmp type=147"), 1);
	id = field(last("send_icmp type=147"), "id=");
	advance_to(e, t0 + 2999);
	assert_int_equal(rec_count("send_icmp type=147"), 1);
	advance_to(e, t0 + 3000);
	assert_int_equal(rec_count("send_icmp type=147"), 2);
	assert_int_equal(field(last("send_icmp type=147"), "id="), id);
	advance_to(e, t0 + 9000);
	assert_int_equal(rec_count("send_icmp type=147"), 4);
	advance_to(e, t0 + 30000);
	assert_int_equal(rec_count("send_icmp type=147"), 4);

	/* The next change: the MN's BU after the first MPA ends it. */
	advance_to(e, t0 + 700000);
	rec_clear();
	home_ra(e, 3600, 1800);
	advance_to(e, fake_now);
	assert_int_equal(rec_count("send_icmp type=147"), 1);
	{
		struct eng_rx rx = { .ifindex = 1, .src = A(COA), .dst = A("2001:db8::1"),
				     .has_hao = true, .hao = A(HOA) };

		rx_bu(e, &rx, 2, 3600, MH_BU_A | MH_BU_H, NULL);
	}
	advance_to(e, fake_now + 20000);
	assert_int_equal(rec_count("send_icmp type=147"), 1);
	stop(&f);
	rec_anycast = false;
}

static void test_mpa_on_prefix_change_rate_limited(void **state)
{
	struct fx f;
	struct engine *e = ha_start(&f, "MinMobPfxAdvInterval 600;\nMaxMobPfxAdvInterval 1000;\n");
	const char *r;

	(void)state;
	home_ra(e, 86400, 14400);       /* known before any binding: nothing to tell */
	register_mn(e);
	rec_clear();
	home_ra(e, 86400, 14400);       /* the same again: no change */
	advance_to(e, fake_now + 1000);
	assert_int_equal(rec_count("send_icmp"), 0);
	home_ra(e, 7200, 3600);         /* changed: told at once */
	advance_to(e, fake_now);
	r = last("send_icmp type=147");
	assert_non_null(r);
	assert_non_null(strstr(r, "src=2001:db8::1 dst=" COA " rh2=" HOA
				  " prefixes=2001:db8::/64:7200:3600"));
	/* Another change 100 s later waits for MinMobPfxAdvInterval. */
	advance_to(e, fake_now + 100000);
	home_ra(e, 1800, 900);
	advance_to(e, fake_now + 499000);
	assert_int_equal(mpa_rounds(), 1);
	advance_to(e, fake_now + 1000);
	assert_int_equal(mpa_rounds(), 2);
	assert_non_null(strstr(last("send_icmp type=147"), "prefixes=2001:db8::/64:1300:400"));
	/* Without changes, again after MaxMobPfxAdvInterval. */
	advance_to(e, fake_now + 999000);
	assert_int_equal(mpa_rounds(), 2);
	advance_to(e, fake_now + 1000);
	assert_int_equal(mpa_rounds(), 3);
	/* Each round sent once and retransmitted three times: no BU acknowledged it. */
	advance_to(e, fake_now + 9000);
	assert_int_equal(stat_of(e, "mpa_tx"), 3 * 4);
	stop(&f);
	rec_anycast = false;
}

static void test_unsolicited_mpa_off(void **state)
{
	struct fx f;
	struct engine *e = ha_start(&f, "SendUnsolMobPfxAdvs disabled;\n");

	(void)state;
	home_ra(e, 86400, 14400);
	register_mn(e);
	home_ra(e, 3600, 1800);
	advance_to(e, fake_now + 100000);
	assert_int_equal(rec_count("send_icmp"), 0);
	stop(&f);
	rec_anycast = false;
}

static void test_mps_answered(void **state)
{
	struct fx f;
	struct engine *e = ha_start(&f, NULL);

	(void)state;
	home_ra(e, 86400, 14400);
	register_mn(e);
	rec_clear();
	icmp_in(e, COA, "2001:db8::1", ICMP6_MP_SOL, 0x4242, HOA, NULL);
	assert_non_null(last("send_icmp type=147 id=16962 src=2001:db8::1 dst=" COA " rh2=" HOA
			     " prefixes=2001:db8::/64:86400:14400"));
	/* Not from the binding's CoA, no HAO, an unknown home address: dropped. */
	rec_clear();
	icmp_in(e, "2001:db8:9::1", "2001:db8::1", ICMP6_MP_SOL, 1, HOA, NULL);
	icmp_in(e, COA, "2001:db8::1", ICMP6_MP_SOL, 1, NULL, NULL);
	icmp_in(e, COA, "2001:db8::1", ICMP6_MP_SOL, 1, "2001:db8::cafe", NULL);
	/* An MPA at a home agent. */
	icmp_in(e, HA1, COA, ICMP6_MP_ADV, 1, NULL, HOA);
	assert_int_equal(rec_n, 0);
	assert_int_equal(stat_of(e, "mpd_bad"), 4);
	stop(&f);
	rec_anycast = false;
}

/* --- mobile node side --- */

static struct engine *mn_start(struct fx *f, const char *ha_line, const char *extra)
{
	char err[600], text[1024];

	snprintf(text, sizeof(text),
		 "NodeConfig MN;\nInterface \"wlan0\";\nMnHomeLink \"wlan0\" {\n"
		 "  HomeAddress " HOA "/64;\n%s}\n%s", ha_line ? ha_line : "",
		 extra ? extra : "");
	assert_int_equal(config_parse(&f->conf, "mn.conf", text, err, sizeof(err)), 0);
	f->conf.ro_cn = f->conf.ro_mn = false;
	rec_clear();
	fake_now = 5000000;
	f->e = engine_new(&f->conf, &recorder_ops, NULL, fake_clock, NULL);
	assert_non_null(f->e);
	return f->e;
}

static void mn_ra(struct engine *e, const char *router, const char *prefix, uint32_t valid)
{
	struct eng_ra m = { .ifindex = IF_W, .src = A(router), .router_lifetime = 1800,
			    .n_prefixes = 1 };

	m.prefixes[0].prefix = A(prefix);
	m.prefixes[0].plen = 64;
	m.prefixes[0].flags = ENG_PI_ONLINK | ENG_PI_AUTO;
	m.prefixes[0].valid = valid;
	m.prefixes[0].preferred = valid / 2;
	engine_rx_ra(e, &m);
}

static void mn_addr(struct engine *e, const char *a)
{
	struct in6_addr x = A(a);

	engine_addr_event(e, IF_W, &x, 64, ENG_ADDR_USABLE);
}

/* At home (the home prefix valid for home_valid s), then away on 2001:db8:1::/64. */
static void mn_home_then_away(struct engine *e, uint32_t home_valid)
{
	engine_link_event(e, IF_W, "wlan0", ENG_LINK_ASSOCIATED);
	mn_ra(e, "fe80::1", "2001:db8::", home_valid);
	mn_addr(e, "2001:db8::205:5dff:fef2:db2b");
	engine_link_event(e, IF_W, "wlan0", ENG_LINK_DOWN);
	engine_link_event(e, IF_W, "wlan0", ENG_LINK_ASSOCIATED);
	mn_ra(e, "fe80::99", "2001:db8:1::", 86400);
	mn_addr(e, COA);
}

static void reply(struct engine *e, uint16_t id, const char *to, unsigned n, const char **has)
{
	struct eng_rx rx = { .ifindex = IF_W, .src = A(has[0]), .dst = A(to) };
	struct dhaad_msg m = { .type = ICMP6_DHAAD_REPLY, .id = id, .n_addr = (uint8_t)n };

	for (unsigned i = 0; i < n; i++)
		m.addr[i] = A(has[i]);
	engine_rx_icmp(e, &rx, &m);
}

static void ba_from(struct engine *e, const char *ha, uint8_t status, uint32_t life)
{
	struct eng_rx rx = { .ifindex = IF_W, .src = A(ha), .dst = A(COA), .has_rh2 = true,
			     .rh2 = A(HOA) };

	rx_ba(e, &rx, status, (uint16_t)field(last("send_bu"), " seq="), life, 0);
}

static void test_mn_config_without_ha(void **state)
{
	struct fx f;
	struct engine *e = mn_start(&f, NULL, "MnMaxHaConsecutiveResends 3;\nSendMobPfxSols "
				    "disabled;\n");

	(void)state;
	assert_true(config_ha_dynamic(&f.conf.home_links[0]));
	assert_int_equal(f.conf.mn_max_ha_resends, 3);
	assert_false(f.conf.send_mob_pfx_sols);
	stop(&f);
	e = mn_start(&f, "  HomeAgentAddress ::;\n", NULL);
	assert_true(config_ha_dynamic(&f.conf.home_links[0]));
	assert_int_equal(f.conf.mn_max_ha_resends, 2);
	assert_true(f.conf.send_mob_pfx_sols && f.conf.send_mob_pfx_advs &&
		    f.conf.send_unsol_mob_pfx_advs);
	assert_int_equal(f.conf.min_mob_pfx_adv_ivl, 600);
	assert_int_equal(f.conf.max_mob_pfx_adv_ivl, 86400);
	(void)e;
	stop(&f);
	e = mn_start(&f, "  HomeAgentAddress 2001:db8::1;\n", NULL);
	assert_false(config_ha_dynamic(&f.conf.home_links[0]));
	stop(&f);
}

/* At home without a home agent: no deregistration to nobody. Away: a Request from the
 * CoA to the anycast address, again after 3, 6, 12 and 24 s (DHAAD_RETRIES), then
 * over from the start. */
static void test_mn_dhaad_retry_schedule(void **state)
{
	static const unsigned at_ms[] = { 0, 3000, 9000, 21000, 45000, 93000, 96000 };
	struct fx f;
	struct engine *e = mn_start(&f, NULL, NULL);
	uint64_t t0;
	unsigned prev_id = 0;

	(void)state;
	engine_link_event(e, IF_W, "wlan0", ENG_LINK_ASSOCIATED);
	mn_ra(e, "fe80::1", "2001:db8::", 86400);
	mn_addr(e, "2001:db8::205:5dff:fef2:db2b");
	assert_int_equal(rec_count("send_bu"), 0);
	assert_non_null(strstr(vt_text(e, engine_print_bul), "state home"));
	rec_clear();
	mn_home_then_away(e, 86400);
	t0 = fake_now;
	for (unsigned i = 0; i < sizeof(at_ms) / sizeof(at_ms[0]); i++) {
		if (i) {
			advance_to(e, t0 + at_ms[i] - 1);
			assert_int_equal(rec_count("send_icmp type=144"), i);
		}
		advance_to(e, t0 + at_ms[i]);
		assert_int_equal(rec_count("send_icmp type=144"), i + 1);
		assert_non_null(strstr(last("send_icmp type=144"), "src=" COA " dst=" ANY));
		/* every retransmission with a new identifier */
		assert_true(i == 0 || field(last("send_icmp type=144"), "id=") != prev_id);
		prev_id = field(last("send_icmp type=144"), "id=");
	}
	assert_int_equal(rec_count("send_bu"), 0);
	stop(&f);
}

/* The Reply's first home agent is registered with; one that does not answer within the
 * retransmission budget is left for the next; a refusal that means "not here" too; the
 * list used up, discovery starts again. */
static void test_mn_failover_order(void **state)
{
	static const char *has[] = { HA1, HA2 };
	struct fx f;
	struct engine *e = mn_start(&f, NULL, NULL);
	uint64_t t0;

	(void)state;
	mn_home_then_away(e, 86400);
	reply(e, (uint16_t)field(last("send_icmp type=144"), "id="), COA, 2, has);
	assert_non_null(strstr(last("send_bu"), "src=" COA " dst=" HA1 " hao=" HOA));
	t0 = fake_now;
	/* First registration: 1.5 s, 3 s, 6 s (InitialBindackTimeoutFirstReg doubling,
	 * two retransmissions), then the next home agent. */
	advance_to(e, t0 + 10499);
	assert_int_equal(rec_count("send_bu src=" COA " dst=" HA1), 3);
	assert_int_equal(rec_count("send_bu src=" COA " dst=" HA2), 0);
	advance_to(e, t0 + 10500);
	assert_int_equal(rec_count("send_bu src=" COA " dst=" HA2), 1);
	/* The tunnel follows the new home agent. */
	assert_non_null(strstr(last("mn_tunnel_set"), "ha=" HA2 " coa=" COA));
	assert_int_equal(stat_of(e, "ha_failovers"), 1);
	/* HA2 refuses: 133 means not here. The list is used up: discover again. */
	ba_from(e, HA2, BA_NOT_HA_FOR_MN, 0);
	/* (the first Request, then this one) */
	assert_int_equal(rec_count("send_icmp type=144"), 2);
	assert_int_equal(stat_of(e, "ha_failovers"), 2);
	assert_non_null(strstr(vt_text(e, engine_print_hal), "agent :: (discovered) discovering"));
	/* This time HA2 alone, and it accepts. */
	reply(e, (uint16_t)field(last("send_icmp type=144"), "id="), COA, 1, &has[1]);
	ba_from(e, HA2, 0, 3600);
	assert_non_null(strstr(vt_text(e, engine_print_bul), "CN address " HA2 "\n"));
	assert_non_null(strstr(vt_text(e, engine_print_bul), "state registered"));
	stop(&f);
}

static void test_mn_bad_replies_dropped(void **state)
{
	static const char *has[] = { HA1 };
	static const char *odd[] = { "ff02::1", "fe80::1" };
	struct fx f;
	struct engine *e = mn_start(&f, NULL, NULL);
	uint16_t id;

	(void)state;
	mn_home_then_away(e, 86400);
	id = (uint16_t)field(last("send_icmp type=144"), "id=");
	rec_clear();
	reply(e, (uint16_t)(id + 1), COA, 1, has);                   /* unknown identifier */
	reply(e, id, "2001:db8:1::7", 1, has);                      /* not to our CoA */
	reply(e, id, COA, 2, odd);                                  /* no usable address */
	assert_int_equal(rec_n, 0);
	assert_int_equal(stat_of(e, "dhaad_bad"), 3);
	/* A Request at a mobile node is nobody's business either. */
	{
		struct eng_rx rx = { .ifindex = IF_W, .src = A("2001:db8:7::1"), .dst = A(COA) };
		struct dhaad_msg m = { .type = ICMP6_DHAAD_REQUEST, .id = 1 };

		engine_rx_icmp(e, &rx, &m);
	}
	assert_int_equal(rec_n, 0);
	assert_int_equal(stat_of(e, "dhaad_bad"), 4);
	/* The right one still works after all that. */
	reply(e, id, COA, 1, has);
	assert_non_null(last("send_bu src=" COA " dst=" HA1));
	stop(&f);
}

static void icmp_err(struct engine *e, const char *from, const char *isrc, const char *idst,
		     uint8_t nh)
{
	struct eng_icmp_err err = { .ifindex = IF_W, .src = A(from), .dst = A(COA), .type = 1,
				    .code = 4, .inner_src = A(isrc), .inner_dst = A(idst),
				    .inner_nh = nh };

	engine_rx_icmp_err(e, &err);
}

static struct engine *mn_registered(struct fx *f, const char *ha_line)
{
	static const char *has[] = { HA1, HA2 };
	struct engine *e = mn_start(f, ha_line, NULL);

	mn_home_then_away(e, 86400);
	if (!ha_line)
		reply(e, (uint16_t)field(last("send_icmp type=144"), "id="), COA, 2, has);
	ba_from(e, HA1, 0, 3600);
	assert_non_null(strstr(vt_text(e, engine_print_bul), "state registered"));
	rec_clear();
	return e;
}

/* An error from the home agent quoting our tunnel's packet sends a BU at once (at most
 * one per 3 s); unanswered, the BU's budget (1 + 2 + 4 s) moves us to the next. */
static void test_mn_icmp_error_failover(void **state)
{
	struct fx f;
	struct engine *e = mn_registered(&f, NULL);
	uint64_t t0;

	(void)state;
	icmp_err(e, HA2, COA, HA1, 41);         /* not from our home agent */
	icmp_err(e, HA1, "2001:db8:1::5", HA1, 41);      /* not our tunnel */
	icmp_err(e, HA1, COA, HA1, 17);         /* not a tunnelled packet */
	assert_int_equal(rec_count("send_bu"), 0);
	icmp_err(e, HA1, COA, HA1, 41);
	t0 = fake_now;
	assert_int_equal(rec_count("send_bu src=" COA " dst=" HA1), 1);
	advance_to(e, t0 + 500);
	icmp_err(e, HA1, COA, HA1, 41);         /* within 3 s: nothing more */
	assert_int_equal(rec_count("send_bu"), 1);
	assert_int_equal(stat_of(e, "icmp_err_checks"), 1);
	advance_to(e, t0 + 6999);
	assert_int_equal(rec_count("send_bu src=" COA " dst=" HA1), 3);
	assert_int_equal(rec_count("send_bu src=" COA " dst=" HA2), 0);
	advance_to(e, t0 + 7000);
	assert_int_equal(rec_count("send_bu src=" COA " dst=" HA2), 1);
	ba_from(e, HA2, 0, 3600);
	assert_non_null(strstr(vt_text(e, engine_print_bul), "CN address " HA2 "\n"));
	assert_non_null(strstr(vt_text(e, engine_print_hal), HA2 " (in use)"));
	stop(&f);
}

/* Registered with a discovered home agent, the MN sends a packet through the tunnel
 * every MnHaTunnelProbeInterval (so that a dead HA's error comes even when it has
 * nothing to send); not while a BU waits, not to a configured HA. */
static void test_mn_tunnel_probe(void **state)
{
	struct fx f;
	struct engine *e = mn_registered(&f, NULL);
	uint64_t t0 = fake_now;

	(void)state;
	advance_to(e, t0 + 499);
	assert_int_equal(rec_count("mn_probe"), 0);
	advance_to(e, t0 + 500);
	assert_non_null(last("mn_probe hoa=" HOA " ha=" HA1));
	advance_to(e, t0 + 1500);
	assert_int_equal(rec_count("mn_probe"), 3);
	/* An error: the BU goes, the probes stop until a BA comes back. */
	icmp_err(e, HA1, COA, HA1, 41);
	advance_to(e, t0 + 6000);
	assert_int_equal(rec_count("mn_probe"), 3);
	ba_from(e, HA1, 0, 3600);
	advance_to(e, fake_now + 500);
	assert_int_equal(rec_count("mn_probe"), 4);
	stop(&f);

	e = mn_registered(&f, "  HomeAgentAddress " HA1 ";\n");
	advance_to(e, fake_now + 10000);
	assert_int_equal(rec_count("mn_probe"), 0);
	stop(&f);

	e = mn_start(&f, NULL, "MnHaTunnelProbeInterval 0;\n");
	assert_int_equal(f.conf.mn_ha_probe_ms, 0);
	stop(&f);
	e = mn_start(&f, NULL, "MnHaTunnelProbeInterval 0.25;\n");
	assert_int_equal(f.conf.mn_ha_probe_ms, 250);
	stop(&f);
}

/* A configured home agent keeps today's behaviour: errors change nothing, and BUs are
 * retransmitted to it whatever happens. */
static void test_mn_configured_ha_unchanged(void **state)
{
	struct fx f;
	struct engine *e = mn_registered(&f, "  HomeAgentAddress " HA1 ";\n");

	(void)state;
	icmp_err(e, HA1, COA, HA1, 41);
	assert_int_equal(rec_count("send_bu"), 0);
	assert_int_equal(rec_count("send_icmp"), 0);
	stop(&f);
}

static void mpa(struct engine *e, const char *from, const char *to, const char *rh2,
		uint16_t id, uint32_t valid)
{
	struct eng_rx rx = { .ifindex = IF_W, .src = A(from), .dst = A(to) };
	struct dhaad_msg m = { .type = ICMP6_MP_ADV, .id = id, .n_prefix = 1 };

	if (rh2) {
		rx.has_rh2 = true;
		rx.rh2 = A(rh2);
	}
	m.prefix[0].prefix = A("2001:db8::");
	m.prefix[0].len = 64;
	m.prefix[0].a = m.prefix[0].l = true;
	m.prefix[0].valid = valid;
	m.prefix[0].preferred = valid / 2;
	engine_rx_icmp(e, &rx, &m);
}

/* An unsolicited MPA from our home agent updates the home prefix's lifetime, and the BU
 * that acknowledges it asks for no longer; from anyone else it changes nothing. */
static void test_mn_mpa_checks_and_lifetime(void **state)
{
	struct fx f;
	struct engine *e = mn_registered(&f, NULL);

	(void)state;
	mpa(e, HA2, COA, HOA, 1, 100);          /* not our home agent */
	mpa(e, HA1, COA, NULL, 1, 100);         /* no type 2 routing header */
	mpa(e, HA1, COA, "2001:db8::cafe", 1, 100);     /* not our home address */
	mpa(e, HA1, "2001:db8:1::7", HOA, 1, 100);      /* not to our CoA */
	assert_int_equal(rec_n, 0);
	assert_int_equal(stat_of(e, "mpd_bad"), 4);
	mpa(e, HA1, COA, HOA, 1, 100);
	assert_non_null(last("send_bu src=" COA " dst=" HA1));
	assert_int_equal(field(last("send_bu"), "life="), 100);
	stop(&f);
}

/* With a finite home prefix lifetime the MN solicits when an eighth of it is left and
 * retransmits from 3 s doubling; the matching Advertisement stops it. */
static void test_mn_mps_schedule(void **state)
{
	static const char *has[] = { HA1 };
	struct fx f;
	struct engine *e = mn_start(&f, NULL, "MnHaTunnelProbeInterval 0;\n");
	uint64_t t0;
	uint16_t id;
	unsigned n_bu;

	(void)state;
	mn_home_then_away(e, 800);
	reply(e, (uint16_t)field(last("send_icmp type=144"), "id="), COA, 1, has);
	ba_from(e, HA1, 0, 3600);
	assert_int_equal(field(last("send_bu"), "life="), 800);
	t0 = fake_now;
	rec_clear();
	advance_to(e, t0 + 699999);
	assert_int_equal(rec_count("send_icmp type=146"), 0);
	advance_to(e, t0 + 700000);
	assert_non_null(last("send_icmp type=146"));
	assert_non_null(strstr(last("send_icmp type=146"), "src=" COA " dst=" HA1 " hao=" HOA));
	id = (uint16_t)field(last("send_icmp type=146"), "id=");
	advance_to(e, t0 + 703000);
	assert_int_equal(rec_count("send_icmp type=146"), 2);
	assert_int_equal(field(last("send_icmp type=146"), "id="), id);
	/* (the refresh BU of the 800 s binding went at 700 s too, unanswered) */
	ba_from(e, HA1, 0, 800);
	n_bu = rec_count("send_bu");
	mpa(e, HA1, COA, HOA, (uint16_t)(id + 1), 800);     /* unsolicited: a BU */
	assert_int_equal(rec_count("send_bu"), n_bu + 1);
	ba_from(e, HA1, 0, 800);
	rec_clear();
	mpa(e, HA1, COA, HOA, id, 900);
	assert_int_equal(rec_count("send_bu"), 0);          /* solicited: no BU */
	advance_to(e, t0 + 760000);
	assert_int_equal(rec_count("send_icmp type=146"), 0);
	stop(&f);
}

/* Started away from home, the home prefix never heard: the MN asks for it right after
 * its registration; the answer's lifetime plans the next solicitation. */
static void test_mn_mps_when_never_home(void **state)
{
	static const char *has[] = { HA1 };
	struct fx f;
	struct engine *e = mn_start(&f, NULL, NULL);
	uint16_t id;
	uint64_t t0;

	(void)state;
	engine_link_event(e, IF_W, "wlan0", ENG_LINK_ASSOCIATED);
	mn_ra(e, "fe80::99", "2001:db8:1::", 86400);
	mn_addr(e, COA);
	reply(e, (uint16_t)field(last("send_icmp type=144"), "id="), COA, 1, has);
	assert_int_equal(rec_count("send_icmp type=146"), 0);
	ba_from(e, HA1, 0, 3600);
	advance_to(e, fake_now);
	assert_non_null(strstr(last("send_icmp type=146"), "src=" COA " dst=" HA1 " hao=" HOA));
	id = (uint16_t)field(last("send_icmp type=146"), "id=");
	rec_clear();
	t0 = fake_now;
	mpa(e, HA1, COA, HOA, id, 80);
	assert_int_equal(rec_count("send_bu"), 0);
	advance_to(e, t0 + 69999);
	assert_int_equal(rec_count("send_icmp type=146"), 0);
	advance_to(e, t0 + 70000);
	assert_int_equal(rec_count("send_icmp type=146"), 1);
	stop(&f);
}

/* The Request leaves as a frame to the visited link's router when its RA gave its
 * link-layer address: the home prefix may still be on-link through the kernel's routes. */
static void test_mn_dhaad_request_to_router_frame(void **state)
{
	struct fx f;
	struct engine *e = mn_start(&f, NULL, NULL);
	struct eng_ra m = { .ifindex = IF_W, .src = A("fe80::99"), .router_lifetime = 1800,
			    .n_prefixes = 1, .has_lladdr = true,
			    .lladdr = { 0x02, 0, 0, 0, 0, 0x99 } };

	(void)state;
	engine_link_event(e, IF_W, "wlan0", ENG_LINK_ASSOCIATED);
	m.prefixes[0].prefix = A("2001:db8:1::");
	m.prefixes[0].plen = 64;
	m.prefixes[0].flags = ENG_PI_ONLINK | ENG_PI_AUTO;
	m.prefixes[0].valid = m.prefixes[0].preferred = 86400;
	engine_rx_ra(e, &m);
	mn_addr(e, COA);
	assert_non_null(strstr(last("send_icmp type=144"), "src=" COA " dst=" ANY
			       " via=02:00:00:00:00:99"));
	stop(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_anycast_joined),
		cmocka_unit_test(test_hal_order_expiry_and_lifetime_0),
		cmocka_unit_test(test_hal_full_counted),
		cmocka_unit_test(test_dhaad_reply_contents),
		cmocka_unit_test(test_dhaad_reply_self_only),
		cmocka_unit_test(test_mpa_on_prefix_change_rate_limited),
		cmocka_unit_test(test_mpa_retransmitted_until_bu),
		cmocka_unit_test(test_unsolicited_mpa_off),
		cmocka_unit_test(test_mps_answered),
		cmocka_unit_test(test_mn_config_without_ha),
		cmocka_unit_test(test_mn_dhaad_retry_schedule),
		cmocka_unit_test(test_mn_failover_order),
		cmocka_unit_test(test_mn_bad_replies_dropped),
		cmocka_unit_test(test_mn_icmp_error_failover),
		cmocka_unit_test(test_mn_configured_ha_unchanged),
		cmocka_unit_test(test_mn_tunnel_probe),
		cmocka_unit_test(test_mn_mpa_checks_and_lifetime),
		cmocka_unit_test(test_mn_mps_schedule),
		cmocka_unit_test(test_mn_mps_when_never_home),
		cmocka_unit_test(test_mn_dhaad_request_to_router_frame),
	};

	return cmocka_run_group_tests_name("disc", tests, NULL, NULL);
}
