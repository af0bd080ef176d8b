/* mip6-forge run as a program: a bad command line exits 2 with the usage; with -n the
 * packet it would send is printed, and the codec reads it back as the BU the home agent
 * would see: source the care-of address, a Home Address option, the A and H flags, the
 * sequence number and lifetime asked for, a valid checksum over the home address. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "ip6pkt.h"
#include "../../tests/run_prog.h"

#ifndef FORGE_BIN
#error "FORGE_BIN: path of the mip6-forge program under test"
#endif

static int run(const char *const *args, char *out, size_t outlen)
{
	return run_prog(FORGE_BIN, args, out, outlen);
}

static void test_usage(void **state)
{
	char out[4096];
	const char *const bad[][8] = {
		{ NULL },
		{ "2001:db8:1::66", "2001:db8::", NULL },
		{ "2001:db8:1::66", "2001:db8::", "2001:db8::beef", "x", NULL },
		{ "2001:db8:1::66", "2001:db8::", "10.0.0.1", NULL },
		{ "-s", "65536", "2001:db8:1::66", "2001:db8::", "2001:db8::beef", NULL },
		{ "-s", "-1", "2001:db8:1::66", "2001:db8::", "2001:db8::beef", NULL },
		{ "-s", "1x", "2001:db8:1::66", "2001:db8::", "2001:db8::beef", NULL },
		{ "-l", "3", "2001:db8:1::66", "2001:db8::", "2001:db8::beef", NULL },
		{ "-l", "262141", "2001:db8:1::66", "2001:db8::", "2001:db8::beef", NULL },
		{ "-Z", "2001:db8:1::66", "2001:db8::", "2001:db8::beef", NULL },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(run(bad[i], out, sizeof(out)), 2);
		assert_non_null(strstr(out, "usage: mip6-forge"));
	}
	assert_int_equal(run((const char *const[]){ "-h", NULL }, out, sizeof(out)), 0);
	assert_non_null(strstr(out, "usage: mip6-forge"));
}

static void hex_to_bytes(const char *hex, uint8_t *buf, size_t cap, size_t *len)
{
	unsigned v;

	*len = 0;
	while (hex[0] && hex[0] != '\n' && *len < cap) {
		assert_int_equal(sscanf(hex, "%2x", &v), 1);
		buf[(*len)++] = (uint8_t)v;
		hex += 2;
	}
}

static void test_packet(void **state)
{
	char out[4096];
	uint8_t pkt[512];
	size_t len;
	struct ip6_info ip;
	struct mh_msg m;
	struct in6_addr coa, ha, hoa;

	(void)state;
	assert_int_equal(run((const char *const[]){ "-n", "-s", "4711", "-l", "3600",
						    "2001:db8:1::66", "2001:db8::",
						    "2001:db8::beef", NULL },
			     out, sizeof(out)), 0);
	hex_to_bytes(out, pkt, sizeof(pkt), &len);
	assert_int_equal(ip6_parse(pkt, len, &ip), PKT_OK);
	inet_pton(AF_INET6, "2001:db8:1::66", &coa);
	inet_pton(AF_INET6, "2001:db8::", &ha);
	inet_pton(AF_INET6, "2001:db8::beef", &hoa);
	assert_memory_equal(&ip.src, &coa, sizeof(coa));
	assert_memory_equal(&ip.dst, &ha, sizeof(ha));
	assert_true(ip.has_hao);
	assert_memory_equal(&ip.hoa, &hoa, sizeof(hoa));
	assert_false(ip.has_rh2);
	assert_int_equal(ip.proto, IPPROTO_MH);
	assert_int_equal(mh_decode(pkt + ip.l4_off, ip.l4_len, &m), PKT_OK);
	assert_int_equal(m.type, MH_BU);
	assert_int_equal(m.bu.seq, 4711);
	assert_int_equal(m.bu.flags & (MH_BU_A | MH_BU_H), MH_BU_A | MH_BU_H);
	assert_int_equal(mh_units_to_sec(m.bu.lifetime_units), 3600);
	/* The checksum's pseudo-header source is the home address, as the HA checks it. */
	assert_memory_equal(&ip.ph_src, &hoa, sizeof(hoa));
	assert_int_equal(mh_verify(&ip.ph_src, &ip.ph_dst, pkt + ip.l4_off, m.wire_len), PKT_OK);

	/* The defaults: sequence number 1, the longest lifetime a BU can ask for. */
	assert_int_equal(run((const char *const[]){ "-n", "2001:db8:1::66", "2001:db8::",
						    "2001:db8::beef", NULL },
			     out, sizeof(out)), 0);
	hex_to_bytes(out, pkt, sizeof(pkt), &len);
	assert_int_equal(ip6_parse(pkt, len, &ip), PKT_OK);
	assert_int_equal(mh_decode(pkt + ip.l4_off, ip.l4_len, &m), PKT_OK);
	assert_int_equal(m.bu.seq, 1);
	assert_int_equal(mh_units_to_sec(m.bu.lifetime_units), 262140);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_usage),
		cmocka_unit_test(test_packet),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
