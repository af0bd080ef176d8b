/* DHAAD Request/Reply and Mobile Prefix Solicitation/Advertisement: round
 * trips, the bytes on the wire, every malformed case; the anycast address. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <cmocka.h>

#include "csum.h"
#include "dhaad.h"

static struct in6_addr addr(const char *s)
{
	struct in6_addr a;

	assert_int_equal(inet_pton(AF_INET6, s, &a), 1);
	return a;
}

/* Decode from a heap copy of exactly len bytes, so ASan sees any overread. */
static enum pkt_err decode_exact(const uint8_t *b, size_t len, struct dhaad_msg *m)
{
	uint8_t *copy = malloc(len ? len : 1);
	enum pkt_err err;

	memcpy(copy, b, len);
	err = dhaad_decode(copy, len, m);
	free(copy);
	return err;
}

static void test_request_and_solicitation(void **state)
{
	struct in6_addr coa = addr("2001:db8:a::20"), any = addr("2001:db8::fdff:ffff:ffff:fffe");
	struct dhaad_msg m = { .type = ICMP6_DHAAD_REQUEST, .id = 0xbeef }, d;
	static const uint8_t want[] = { 144, 0, 0, 0, 0xbe, 0xef, 0, 0 };
	uint8_t buf[64];
	size_t len;

	(void)state;
	assert_int_equal(dhaad_encode(&m, NULL, NULL, buf, sizeof(buf), &len), PKT_OK);
	assert_int_equal(len, 8);
	assert_memory_equal(buf, want, 8);
	assert_int_equal(dhaad_encode(&m, &coa, &any, buf, sizeof(buf), &len), PKT_OK);
	assert_int_equal(csum6(&coa, &any, 58, buf, len), 0);
	assert_int_equal(decode_exact(buf, len, &d), PKT_OK);
	assert_int_equal(d.type, ICMP6_DHAAD_REQUEST);
	assert_int_equal(d.id, 0xbeef);

	m.type = ICMP6_MP_SOL;
	m.id = 7;
	assert_int_equal(dhaad_encode(&m, NULL, NULL, buf, sizeof(buf), &len), PKT_OK);
	assert_int_equal(buf[0], 146);
	assert_int_equal(decode_exact(buf, len, &d), PKT_OK);
	assert_int_equal(d.type, ICMP6_MP_SOL);
	assert_int_equal(d.id, 7);
	assert_int_equal(dhaad_encode(&m, NULL, NULL, buf, 7, &len), PKT_E_NOSPACE);
}

static void test_reply(void **state)
{
	struct dhaad_msg m = { .type = ICMP6_DHAAD_REPLY, .id = 3, .n_addr = 2 }, d;
	uint8_t buf[2048];
	size_t len;

	(void)state;
	m.addr[0] = addr("2001:db8::2");
	m.addr[1] = addr("2001:db8::1");
	assert_int_equal(dhaad_encode(&m, NULL, NULL, buf, sizeof(buf), &len), PKT_OK);
	assert_int_equal(len, 8 + 32);
	assert_int_equal(buf[0], 145);
	assert_int_equal(decode_exact(buf, len, &d), PKT_OK);
	assert_int_equal(d.id, 3);
	assert_int_equal(d.n_addr, 2);
	assert_memory_equal(&d.addr[0], &m.addr[0], 16);
	assert_memory_equal(&d.addr[1], &m.addr[1], 16);
	assert_int_equal(dhaad_encode(&m, NULL, NULL, buf, 39, &len), PKT_E_NOSPACE);

	/* A reply longer than the minimum MTU allows: the first 77 are kept. */
	memset(buf, 0x11, sizeof(buf));
	buf[0] = ICMP6_DHAAD_REPLY;
	buf[1] = 0;
	assert_int_equal(decode_exact(buf, 8 + 16 * 80, &d), PKT_OK);
	assert_int_equal(d.n_addr, DHAAD_MAX_ADDRS);
	assert_int_equal(d.n_addr_dropped, 3);

	m.n_addr = 0;
	assert_int_equal(dhaad_encode(&m, NULL, NULL, buf, sizeof(buf), &len), PKT_E_INVAL);
	m.n_addr = DHAAD_MAX_ADDRS + 1;
	assert_int_equal(dhaad_encode(&m, NULL, NULL, buf, sizeof(buf), &len), PKT_E_INVAL);
}

static void test_advertisement(void **state)
{
	struct dhaad_msg m = { .type = ICMP6_MP_ADV, .id = 9, .m = true, .n_prefix = 2 }, d;
	uint8_t buf[256];
	size_t len;

	(void)state;
	m.prefix[0] = (struct nd_prefix){ .prefix = addr("2001:db8::1"), .len = 64,
					  .l = true, .a = true, .r = true,
					  .valid = 86400, .preferred = 14400 };
	m.prefix[1] = (struct nd_prefix){ .prefix = addr("2001:db8:1::"), .len = 48,
					  .a = true, .valid = 0xffffffff, .preferred = 0 };
	assert_int_equal(dhaad_encode(&m, NULL, NULL, buf, sizeof(buf), &len), PKT_OK);
	assert_int_equal(len, 8 + 64);
	assert_int_equal(buf[6], 0x80);
	assert_int_equal(buf[8], 3);
	assert_int_equal(buf[9], 4);
	assert_int_equal(buf[11], 0xe0);
	assert_int_equal(decode_exact(buf, len, &d), PKT_OK);
	assert_true(d.m);
	assert_false(d.o);
	assert_int_equal(d.id, 9);
	assert_int_equal(d.n_prefix, 2);
	assert_memory_equal(&d.prefix[0], &m.prefix[0], sizeof(m.prefix[0]));
	assert_memory_equal(&d.prefix[1], &m.prefix[1], sizeof(m.prefix[1]));

	/* An unknown option is skipped and counted. */
	memcpy(buf + len, (const uint8_t[]){ 200, 1, 1, 2, 3, 4, 5, 6 }, 8);
	assert_int_equal(decode_exact(buf, len + 8, &d), PKT_OK);
	assert_int_equal(d.n_prefix, 2);
	assert_int_equal(d.n_unknown_opts, 1);

	/* No prefix at all is a valid (if useless) advertisement. */
	m.n_prefix = 0;
	m.o = true;
	assert_int_equal(dhaad_encode(&m, NULL, NULL, buf, sizeof(buf), &len), PKT_OK);
	assert_int_equal(decode_exact(buf, len, &d), PKT_OK);
	assert_true(d.o);
	assert_int_equal(d.n_prefix, 0);
	m.n_prefix = ND_MAX_PREFIXES + 1;
	assert_int_equal(dhaad_encode(&m, NULL, NULL, buf, sizeof(buf), &len), PKT_E_INVAL);
}

static void test_malformed(void **state)
{
	struct dhaad_msg d;
	uint8_t b[64] = { 144, 0, 0, 0, 0, 1, 0, 0 };

	(void)state;
	for (size_t n = 0; n < 8; n++)
		assert_int_equal(decode_exact(b, n, &d), PKT_E_TRUNCATED);
	assert_int_equal(decode_exact(b, 9, &d), PKT_E_ICMP_LEN);	/* request + 1 */
	b[1] = 1;
	assert_int_equal(decode_exact(b, 8, &d), PKT_E_ND_CODE);	/* wrong code */
	b[1] = 0;
	b[0] = 143;
	assert_int_equal(decode_exact(b, 8, &d), PKT_E_INVAL);
	b[0] = 148;
	assert_int_equal(decode_exact(b, 8, &d), PKT_E_INVAL);
	b[0] = 146;
	assert_int_equal(decode_exact(b, 16, &d), PKT_E_ICMP_LEN);

	b[0] = 145;	/* a reply with zero addresses, then a partial one */
	assert_int_equal(decode_exact(b, 8, &d), PKT_E_DHAAD_NOADDR);
	assert_int_equal(decode_exact(b, 8 + 15, &d), PKT_E_ICMP_LEN);
	assert_int_equal(decode_exact(b, 8 + 17, &d), PKT_E_ICMP_LEN);
	b[1] = 3;
	assert_int_equal(decode_exact(b, 8 + 16, &d), PKT_E_ND_CODE);
	b[1] = 0;

	b[0] = 147;	/* advertisement: option length 0, past the end, short prefix */
	memset(b + 8, 0, 40);
	b[8] = 3;
	assert_int_equal(decode_exact(b, 16, &d), PKT_E_ND_OPT_LEN);
	b[9] = 4;
	assert_int_equal(decode_exact(b, 8 + 31, &d), PKT_E_ND_OPT_LEN);
	assert_int_equal(decode_exact(b, 8 + 32, &d), PKT_OK);
	b[9] = 2;
	assert_int_equal(decode_exact(b, 8 + 16, &d), PKT_E_ND_OPT_SHORT);
	assert_int_equal(decode_exact(b, 9, &d), PKT_E_ND_OPT_LEN);	/* half a header */
}

static void test_anycast(void **state)
{
	struct in6_addr p = addr("2001:db8::"), out, want;

	(void)state;
	want = addr("2001:db8::fdff:ffff:ffff:fffe");
	assert_int_equal(dhaad_anycast(&p, 64, &out), PKT_OK);
	assert_memory_equal(&out, &want, 16);
	p = addr("2001:db8::1234");	/* host bits of the prefix do not matter */
	assert_int_equal(dhaad_anycast(&p, 64, &out), PKT_OK);
	assert_memory_equal(&out, &want, 16);
	p = addr("2001:db8:1::");
	want = addr("2001:db8:1:ffff:ffff:ffff:ffff:fffe");
	assert_int_equal(dhaad_anycast(&p, 48, &out), PKT_OK);
	assert_memory_equal(&out, &want, 16);
	assert_int_equal(dhaad_anycast(&p, 121, &out), PKT_E_INVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_request_and_solicitation),
		cmocka_unit_test(test_reply),
		cmocka_unit_test(test_advertisement),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_anycast),
	};

	return cmocka_run_group_tests_name("dhaad", tests, NULL, NULL);
}
