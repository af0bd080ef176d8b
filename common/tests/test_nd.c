/* ND parsing (RA with MIPv6 extensions, NS/NA, DAD) and RS building. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <cmocka.h>

#include "csum.h"
#include "nd.h"

static struct in6_addr addr(const char *s)
{
	struct in6_addr a;

	assert_int_equal(inet_pton(AF_INET6, s, &a), 1);
	return a;
}

/* The RA radvd sends on denali's home link with the article's config:
 * H flag, router lifetime 30 s, SLLA, MTU, prefix 2001:db8::/64 with L, A
 * and R (the router's own address in the prefix field), Advertisement
 * Interval 10000 ms, Home Agent Information (pref 0, lifetime 30). */
static const uint8_t ra_bytes[] = {
	134, 0, 0, 0, 64, 0x20, 0, 30, 0, 0, 0, 0, 0, 0, 0, 0,
	1, 1, 0x02, 0x00, 0x00, 0x00, 0x01, 0x00,
	5, 1, 0, 0, 0, 0, 0x05, 0xdc,
	3, 4, 64, 0xe0, 0, 0, 0x0e, 0x10, 0, 0, 0x07, 0x08, 0, 0, 0, 0,
	0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	7, 1, 0, 0, 0, 0, 0x27, 0x10,
	8, 1, 0, 0, 0, 0, 0, 30,
};

static enum pkt_err ra_exact(const uint8_t *b, size_t len, uint8_t hl, struct nd_ra *ra)
{
	uint8_t *copy = malloc(len ? len : 1);
	enum pkt_err err;

	memcpy(copy, b, len);
	err = nd_parse_ra(copy, len, hl, ra);
	free(copy);
	return err;
}

static void test_ra_fields(void **state)
{
	struct nd_ra ra;
	struct in6_addr p = addr("2001:db8::");

	(void)state;
	assert_int_equal(ra_exact(ra_bytes, sizeof(ra_bytes), 255, &ra), PKT_OK);
	assert_int_equal(ra.cur_hop_limit, 64);
	assert_false(ra.m);
	assert_false(ra.o);
	assert_true(ra.h);
	assert_int_equal(ra.router_lifetime, 30);
	assert_true(ra.has_slla);
	assert_int_equal(ra.slla_len, 6);
	assert_memory_equal(ra.slla, "\x02\x00\x00\x00\x01\x00", 6);
	assert_true(ra.has_mtu);
	assert_int_equal(ra.mtu, 1500);
	assert_int_equal(ra.n_prefix, 1);
	assert_int_equal(ra.prefix[0].len, 64);
	assert_true(ra.prefix[0].l);
	assert_true(ra.prefix[0].a);
	assert_true(ra.prefix[0].r);
	assert_int_equal(ra.prefix[0].valid, 3600);
	assert_int_equal(ra.prefix[0].preferred, 1800);
	assert_memory_equal(&ra.prefix[0].prefix, &p, 16);
	assert_true(ra.has_adv_interval);
	assert_int_equal(ra.adv_interval_ms, 10000);
	assert_true(ra.has_ha_info);
	assert_int_equal(ra.ha_lifetime, 30);
	assert_int_equal(ra.n_unknown_opts, 0);
}

static void test_ra_invalid(void **state)
{
	uint8_t b[sizeof(ra_bytes)];
	struct nd_ra ra;

	(void)state;
	assert_int_equal(ra_exact(ra_bytes, sizeof(ra_bytes), 64, &ra), PKT_E_ND_HOPLIMIT);
	memcpy(b, ra_bytes, sizeof(b));
	b[1] = 1;
	assert_int_equal(ra_exact(b, sizeof(b), 255, &ra), PKT_E_ND_CODE);
	memcpy(b, ra_bytes, sizeof(b));
	b[17] = 0;				/* SLLA with length 0 */
	assert_int_equal(ra_exact(b, sizeof(b), 255, &ra), PKT_E_ND_OPT_LEN);
	memcpy(b, ra_bytes, sizeof(b));
	b[33] = 2;				/* prefix option of 16 bytes */
	assert_int_equal(ra_exact(b, sizeof(b), 255, &ra), PKT_E_ND_OPT_SHORT);
	memcpy(b, ra_bytes, sizeof(b));
	b[sizeof(b) - 7] = 2;			/* last option claims 16 bytes */
	assert_int_equal(ra_exact(b, sizeof(b), 255, &ra), PKT_E_ND_OPT_LEN);
	/* Cut at every byte: the fixed part, then every option boundary. */
	for (size_t k = 0; k < sizeof(ra_bytes); k++) {
		enum pkt_err err = ra_exact(ra_bytes, k, 255, &ra);
		bool at_boundary = k == 16 || k == 24 || k == 32 || k == 64 || k == 72;

		if (k < 16)
			assert_int_equal(err, PKT_E_TRUNCATED);
		else if (at_boundary)
			assert_int_equal(err, PKT_OK);
		else
			assert_int_equal(err, PKT_E_ND_OPT_LEN);
	}
}

static void test_ra_many_prefixes(void **state)
{
	uint8_t b[16 + 32 * (ND_MAX_PREFIXES + 2)] = { 134, 0 };
	struct nd_ra ra;

	(void)state;
	for (int i = 0; i < ND_MAX_PREFIXES + 2; i++) {
		b[16 + 32 * i] = 3;
		b[16 + 32 * i + 1] = 4;
		b[16 + 32 * i + 2] = 64;
	}
	assert_int_equal(ra_exact(b, sizeof(b), 255, &ra), PKT_OK);
	assert_int_equal(ra.n_prefix, ND_MAX_PREFIXES);
	assert_int_equal(ra.n_prefix_dropped, 2);
}

static void test_dad_probe_and_na(void **state)
{
	uint8_t ns[24] = { 135, 0 };
	uint8_t na[32] = { 136, 0, 0, 0, 0x60 };
	struct in6_addr unspec = IN6ADDR_ANY_INIT, coa = addr("2001:db8:1::200:ff:fe00:200");
	struct in6_addr ll = addr("fe80::1");
	struct nd_nsna m;

	(void)state;
	memcpy(ns + 8, &coa, 16);
	assert_int_equal(nd_parse_nsna(ns, sizeof(ns), 255, &m), PKT_OK);
	assert_int_equal(m.type, ND_NS);
	assert_memory_equal(&m.target, &coa, 16);
	assert_true(nd_is_dad_probe(&m, &unspec));
	assert_false(nd_is_dad_probe(&m, &ll));
	assert_int_equal(nd_parse_nsna(ns, 23, 255, &m), PKT_E_TRUNCATED);
	assert_int_equal(nd_parse_nsna(ns, sizeof(ns), 1, &m), PKT_E_ND_HOPLIMIT);

	memcpy(na + 8, &coa, 16);
	na[24] = 2;
	na[25] = 1;
	memcpy(na + 26, "\x02\x00\x00\x00\x02\x00", 6);
	assert_int_equal(nd_parse_nsna(na, sizeof(na), 255, &m), PKT_OK);
	assert_int_equal(m.type, ND_NA);
	assert_false(m.r);
	assert_true(m.s);
	assert_true(m.o);
	assert_true(m.has_lla);
	assert_memory_equal(m.lla, "\x02\x00\x00\x00\x02\x00", 6);
	assert_false(nd_is_dad_probe(&m, &unspec));
	na[0] = 134;
	assert_int_equal(nd_parse_nsna(na, sizeof(na), 255, &m), PKT_E_INVAL);
}

static void test_build_rs(void **state)
{
	static const uint8_t mac[6] = { 0x02, 0, 0, 0, 0x02, 0 };
	struct in6_addr src = addr("fe80::ff:fe00:200"), dst = addr("ff02::2");
	uint8_t buf[32];
	size_t len;

	(void)state;
	assert_int_equal(nd_build_rs(mac, 6, &src, &dst, buf, sizeof(buf), &len), PKT_OK);
	assert_int_equal(len, 16);
	assert_int_equal(buf[0], ND_RS);
	assert_int_equal(buf[8], 1);
	assert_int_equal(buf[9], 1);
	assert_memory_equal(buf + 10, mac, 6);
	/* What bit UMIP: the checksum must verify on what we send. */
	assert_int_equal(csum6(&src, &dst, 58, buf, len), 0);
	assert_int_equal(nd_build_rs(NULL, 0, NULL, NULL, buf, sizeof(buf), &len), PKT_OK);
	assert_int_equal(len, 8);
	assert_int_equal(buf[2] | buf[3], 0);
	assert_int_equal(nd_build_rs(mac, 6, NULL, NULL, buf, 15, &len), PKT_E_NOSPACE);
}

/* §7.4: the option's length is 1; a longer one invalidates the RA (the HA
 * list must not learn a preference read from the wrong bytes). */
static void test_ra_ha_info_len(void **state)
{
	uint8_t b[sizeof(ra_bytes) + 8];
	struct nd_ra ra;

	(void)state;
	memcpy(b, ra_bytes, sizeof(ra_bytes));
	assert_int_equal(ra_exact(b, sizeof(ra_bytes), 255, &ra), PKT_OK);
	assert_true(ra.has_ha_info);
	assert_int_equal(ra.ha_preference, 0);
	assert_int_equal(ra.ha_lifetime, 30);
	b[sizeof(ra_bytes) - 8 + 4] = 0xff;	/* preference -1 as the wire has it */
	b[sizeof(ra_bytes) - 8 + 5] = 0xf6;
	assert_int_equal(ra_exact(b, sizeof(ra_bytes), 255, &ra), PKT_OK);
	assert_int_equal((int16_t)ra.ha_preference, -10);
	b[sizeof(ra_bytes) - 8 + 1] = 2;	/* 16 bytes */
	memset(b + sizeof(ra_bytes), 0, 8);
	assert_int_equal(ra_exact(b, sizeof(b), 255, &ra), PKT_E_ND_HAINFO_LEN);
	assert_false(ra.has_ha_info);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ra_fields),
		cmocka_unit_test(test_ra_invalid),
		cmocka_unit_test(test_ra_many_prefixes),
		cmocka_unit_test(test_dad_probe_and_na),
		cmocka_unit_test(test_build_rs),
		cmocka_unit_test(test_ra_ha_info_len),
	};

	return cmocka_run_group_tests_name("nd", tests, NULL, NULL);
}
