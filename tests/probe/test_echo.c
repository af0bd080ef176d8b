/* mip6-probe's echo bytes: the request as RFC 4443 §4.1 lays it out, and replies that
 * are ours, not ours, or malformed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "echo.h"

static const struct echo_stamp T = { .sec = 0x0102030405060708ull, .nsec = 999999999 };

static void test_request_bytes(void **state)
{
	uint8_t b[128];
	int len;

	(void)state;
	len = echo_build(b, sizeof(b), 0xabcd, 0x0102, ECHO_DEFAULT_PAYLOAD, &T);
	assert_int_equal(len, 64);
	assert_int_equal(b[0], 128);            /* Echo Request */
	assert_int_equal(b[1], 0);
	assert_int_equal(b[2] | b[3], 0);       /* the kernel's to fill */
	assert_int_equal(b[4] << 8 | b[5], 0xabcd);
	assert_int_equal(b[6] << 8 | b[7], 0x0102);
	assert_memory_equal(b + 8, "\x01\x02\x03\x04\x05\x06\x07\x08", 8);
	assert_memory_equal(b + 16, "\x00\x00\x00\x00\x3b\x9a\xc9\xff", 8);
	assert_int_equal(b[63], 63);            /* fill pattern to the end */
}

static void test_request_bounds(void **state)
{
	uint8_t b[64];

	(void)state;
	assert_int_equal(echo_build(b, sizeof(b), 1, 1, ECHO_STAMP_LEN - 1, &T), -1);
	assert_int_equal(echo_build(b, sizeof(b), 1, 1, 57, &T), -1);  /* 65 > 64 */
	assert_int_equal(echo_build(b, sizeof(b), 1, 1, 56, &T), 64);
	assert_int_equal(echo_build(b, 24, 1, 1, ECHO_STAMP_LEN, &T), 24);
}

/* A reply is the request with type 129 (the responder copies id, seq and data). */
static int reply_of(uint8_t *b, uint16_t id, uint16_t seq)
{
	int len = echo_build(b, 128, id, seq, ECHO_DEFAULT_PAYLOAD, &T);

	b[0] = 129;
	return len;
}

static void test_reply_ours(void **state)
{
	uint8_t b[128];
	struct echo_stamp st;
	uint16_t seq = 0;
	int len = reply_of(b, 7, 65535);

	(void)state;
	assert_int_equal(echo_parse_reply(b, (size_t)len, 7, &seq, &st), 0);
	assert_int_equal(seq, 65535);
	assert_true(st.sec == T.sec && st.nsec == T.nsec);
}

static void test_reply_not_ours(void **state)
{
	uint8_t b[128];
	struct echo_stamp st;
	uint16_t seq;
	int len = reply_of(b, 7, 1);

	(void)state;
	assert_int_equal(echo_parse_reply(b, (size_t)len, 8, &seq, &st), -1);   /* other id */
	b[0] = 128;                                                             /* a request */
	assert_int_equal(echo_parse_reply(b, (size_t)len, 7, &seq, &st), -1);
	b[0] = 129;
	b[1] = 1;                                                               /* code */
	assert_int_equal(echo_parse_reply(b, (size_t)len, 7, &seq, &st), -1);
}

static void test_reply_malformed(void **state)
{
	uint8_t b[128];
	struct echo_stamp st;
	uint16_t seq;
	int len = reply_of(b, 7, 1);

	(void)state;
	/* Truncated anywhere before the end of the stamp. */
	for (size_t n = 0; n < ECHO_HDR_LEN + ECHO_STAMP_LEN; n++)
		assert_int_equal(echo_parse_reply(b, n, 7, &seq, &st), -1);
	assert_int_equal(echo_parse_reply(b, ECHO_HDR_LEN + ECHO_STAMP_LEN, 7, &seq, &st), 0);
	/* Nanoseconds out of range: not a stamp of ours. */
	memset(b + 16, 0xff, 8);
	assert_int_equal(echo_parse_reply(b, (size_t)len, 7, &seq, &st), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_request_bytes),
		cmocka_unit_test(test_request_bounds),
		cmocka_unit_test(test_reply_ours),
		cmocka_unit_test(test_reply_not_ours),
		cmocka_unit_test(test_reply_malformed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
