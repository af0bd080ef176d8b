/* RTP fixed header: exact bytes, every field, CSRC/extension/padding bounds,
 * RTCP on the same port, sequence and timestamp extension across the wrap. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "rtp.h"

/* A G.711 packet as mip6-rtp sends it: V=2, PT 0, seq 0x1234, ts 0xdeadbeef,
 * SSRC 1001, four payload bytes. */
static const uint8_t pcmu[] = {
	0x80, 0x00, 0x12, 0x34, 0xde, 0xad, 0xbe, 0xef, 0x00, 0x00, 0x03, 0xe9,
	0xff, 0x7f, 0x00, 0x80,
};

/* The parser sees exactly len bytes (a copy on the heap: ASan catches a read
 * past the end). */
static enum pkt_err parse_exact(const uint8_t *b, size_t len, struct rtp_hdr *h)
{
	uint8_t *c = malloc(len ? len : 1);
	enum pkt_err e;

	assert_non_null(c);
	memcpy(c, b, len);
	e = rtp_parse(c, len, h);
	free(c);
	return e;
}

static void test_fields(void **state)
{
	struct rtp_hdr h;

	(void)state;
	assert_int_equal(parse_exact(pcmu, sizeof(pcmu), &h), PKT_OK);
	assert_false(h.padding);
	assert_false(h.extension);
	assert_false(h.marker);
	assert_int_equal(h.csrc_count, 0);
	assert_int_equal(h.pt, 0);
	assert_int_equal(h.seq, 0x1234);
	assert_int_equal(h.ts, 0xdeadbeef);
	assert_int_equal(h.ssrc, 1001);
	assert_int_equal(h.payload_off, 12);
	assert_int_equal(h.payload_len, 4);
}

static void test_build_round_trip(void **state)
{
	struct rtp_hdr h = { .pt = 0, .seq = 0x1234, .ts = 0xdeadbeef, .ssrc = 1001 }, g;
	uint8_t buf[64];

	(void)state;
	assert_int_equal(rtp_build(buf, sizeof(buf), &h, pcmu + 12, 4), sizeof(pcmu));
	assert_memory_equal(buf, pcmu, sizeof(pcmu));
	h.marker = true;
	h.pt = 96;
	assert_int_equal(rtp_build(buf, sizeof(buf), &h, NULL, 0), 12);
	assert_int_equal(buf[1], 0x80 | 96);
	assert_int_equal(rtp_parse(buf, 12, &g), PKT_OK);
	assert_true(g.marker);
	assert_int_equal(g.pt, 96);
	assert_int_equal(g.payload_len, 0);
	/* Too small a buffer, a payload type beyond 7 bits. */
	assert_int_equal(rtp_build(buf, 11, &h, NULL, 0), -1);
	assert_int_equal(rtp_build(buf, 13, &h, pcmu, 2), -1);
	h.pt = 128;
	assert_int_equal(rtp_build(buf, sizeof(buf), &h, NULL, 0), -1);
}

static void test_truncated_and_version(void **state)
{
	struct rtp_hdr h;
	uint8_t b[sizeof(pcmu)];

	(void)state;
	for (size_t n = 0; n < RTP_HDR_LEN; n++)
		assert_int_equal(parse_exact(pcmu, n, &h), PKT_E_TRUNCATED);
	assert_int_equal(parse_exact(pcmu, RTP_HDR_LEN, &h), PKT_OK);
	for (int v = 0; v < 4; v++) {
		memcpy(b, pcmu, sizeof(b));
		b[0] = (uint8_t)(v << 6);
		assert_int_equal(parse_exact(b, sizeof(b), &h), v == 2 ? PKT_OK : PKT_E_RTP_VERSION);
	}
}

/* RTCP SR (200) .. APP (204) read as RTP: PT 72-76 with the marker. 71 and 77
 * are RTP payload types. */
static void test_rtcp(void **state)
{
	struct rtp_hdr h;
	uint8_t b[sizeof(pcmu)];

	(void)state;
	memcpy(b, pcmu, sizeof(b));
	for (int t = 199; t <= 205; t++) {
		b[1] = (uint8_t)t;
		assert_int_equal(parse_exact(b, sizeof(b), &h),
				 t >= 200 && t <= 204 ? PKT_E_RTP_RTCP : PKT_OK);
	}
}

static void test_csrc_extension_padding(void **state)
{
	uint8_t b[64];
	struct rtp_hdr h;

	(void)state;
	memset(b, 0, sizeof(b));
	memcpy(b, pcmu, 12);
	/* Two CSRCs: 8 bytes; 20 bytes is exactly the header, 19 too short. */
	b[0] = 0x82;
	assert_int_equal(parse_exact(b, 20, &h), PKT_OK);
	assert_int_equal(h.csrc_count, 2);
	assert_int_equal(h.payload_off, 20);
	assert_int_equal(parse_exact(b, 19, &h), PKT_E_RTP_LEN);
	/* Fifteen CSRCs past a short packet. */
	b[0] = 0x8f;
	assert_int_equal(parse_exact(b, 40, &h), PKT_E_RTP_LEN);
	/* Extension with 2 words: 12 + 4 + 8. */
	b[0] = 0x90;
	b[14] = 0;
	b[15] = 2;
	assert_int_equal(parse_exact(b, 24, &h), PKT_OK);
	assert_int_equal(h.payload_off, 24);
	assert_int_equal(parse_exact(b, 23, &h), PKT_E_RTP_LEN);
	assert_int_equal(parse_exact(b, 15, &h), PKT_E_RTP_LEN);	/* its length word cut */
	b[14] = 0xff;		/* 65280 words */
	assert_int_equal(parse_exact(b, 64, &h), PKT_E_RTP_LEN);
	/* Padding: the last byte counts it, itself included. */
	memset(b, 0, sizeof(b));
	memcpy(b, pcmu, 12);
	b[0] = 0xa0;
	b[19] = 4;		/* 20 bytes: 4 payload, 4 padding */
	assert_int_equal(parse_exact(b, 20, &h), PKT_OK);
	assert_int_equal(h.payload_len, 4);
	b[19] = 8;		/* all of it padding */
	assert_int_equal(parse_exact(b, 20, &h), PKT_OK);
	assert_int_equal(h.payload_len, 0);
	b[19] = 9;		/* into the header */
	assert_int_equal(parse_exact(b, 20, &h), PKT_E_RTP_LEN);
	b[19] = 0;
	assert_int_equal(parse_exact(b, 20, &h), PKT_E_RTP_LEN);
	b[11] = 1;		/* no payload at all: the count would be the SSRC's byte */
	assert_int_equal(parse_exact(b, 12, &h), PKT_E_RTP_LEN);
}

static void test_extension_of_numbers(void **state)
{
	(void)state;
	assert_int_equal(rtp_ext16(0, 0), 0);
	assert_int_equal(rtp_ext16(65535, 0), 65536);
	assert_int_equal(rtp_ext16(65536, 65535), 65535);
	assert_int_equal(rtp_ext16(65530, 3), 65539);
	assert_int_equal(rtp_ext16(100, 90), 90);
	assert_int_equal(rtp_ext16(3 * 65536 + 10, 65000), 2 * 65536 + 65000);
	assert_int_equal(rtp_ext16(5, 65535), -1);
	assert_int_equal(rtp_ext32(0xfffffff0LL, 0x10), 0x100000010LL);
	assert_int_equal(rtp_ext32(0x100000010LL, 0xfffffff0u), 0xfffffff0LL);
	assert_int_equal(rtp_ext32(160, 0), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_build_round_trip),
		cmocka_unit_test(test_truncated_and_version),
		cmocka_unit_test(test_rtcp),
		cmocka_unit_test(test_csrc_extension_padding),
		cmocka_unit_test(test_extension_of_numbers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
