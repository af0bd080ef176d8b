/* Mobility Header codec: round trips, alignment, malformed input, checksum. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <cmocka.h>

#include "mh.h"

static struct in6_addr addr(const char *s)
{
	struct in6_addr a;

	assert_int_equal(inet_pton(AF_INET6, s, &a), 1);
	return a;
}

/* Decode from a heap copy of exactly len bytes so ASan sees any over-read. */
static enum pkt_err decode_exact(const uint8_t *buf, size_t len, struct mh_msg *m)
{
	uint8_t *copy = malloc(len ? len : 1);
	enum pkt_err err;

	assert_non_null(copy);
	memcpy(copy, buf, len);
	err = mh_decode(copy, len, m);
	free(copy);
	return err;
}

static size_t encode(const struct mh_msg *m, uint8_t *buf)
{
	size_t len = 0;

	assert_int_equal(mh_encode(m, buf, MH_MAX_LEN, &len), PKT_OK);
	assert_int_equal(len % 8, 0);
	assert_int_equal(buf[0], 59);
	assert_int_equal((buf[1] + 1) * 8, len);
	return len;
}

/* One message of every type, with every option valid for it. */
static void sample(unsigned type, struct mh_msg *m)
{
	memset(m, 0, sizeof(*m));
	m->type = type;
	switch (type) {
	case MH_HOTI:
	case MH_COTI:
		memcpy(m->hoti.cookie, "\x01\x02\x03\x04\x05\x06\x07\x08", 8);
		break;
	case MH_HOT:
	case MH_COT:
		m->hot.nonce_index = 0x1234;
		memcpy(m->hot.cookie, "cookie!!", 8);
		memcpy(m->hot.keygen, "\xfe\xed\xfa\xce\xde\xad\xbe\xef", 8);
		break;
	case MH_BU:
		m->bu.seq = 0xfffe;
		m->bu.flags = MH_BU_A | MH_BU_H | MH_BU_L | MH_BU_K;
		m->bu.lifetime_units = mh_sec_to_units(420);
		m->opts.has_nonce = true;
		m->opts.home_nonce_index = 7;
		m->opts.coa_nonce_index = 9;
		m->opts.has_alt_coa = true;
		m->opts.alt_coa = addr("2001:db8:1::200:ff:fe00:200");
		m->opts.has_auth = true;
		m->opts.auth_len = 12;
		memcpy(m->opts.auth, "authenticat0", 12);
		break;
	case MH_BA:
		m->ba.status = BA_SEQ_OUT_OF_WINDOW;
		m->ba.k = true;
		m->ba.seq = 42;
		m->ba.lifetime_units = 60;
		m->opts.has_bra = true;
		m->opts.refresh_units = 30;
		m->opts.has_auth = true;
		m->opts.auth_len = 12;
		memcpy(m->opts.auth, "0123456789ab", 12);
		break;
	case MH_BE:
		m->be.status = BE_UNKNOWN_HAO;
		m->be.home_addr = addr("2001:db8::beef");
		break;
	}
}

static void assert_same_msg(const struct mh_msg *a, const struct mh_msg *b)
{
	const struct mh_opts *x = &a->opts, *y = &b->opts;

	assert_int_equal(a->type, b->type);
	switch (a->type) {
	case MH_HOTI:
	case MH_COTI:
		assert_memory_equal(a->hoti.cookie, b->hoti.cookie, 8);
		break;
	case MH_HOT:
	case MH_COT:
		assert_int_equal(a->hot.nonce_index, b->hot.nonce_index);
		assert_memory_equal(a->hot.cookie, b->hot.cookie, 8);
		assert_memory_equal(a->hot.keygen, b->hot.keygen, 8);
		break;
	case MH_BU:
		assert_int_equal(a->bu.seq, b->bu.seq);
		assert_int_equal(a->bu.flags, b->bu.flags);
		assert_int_equal(a->bu.lifetime_units, b->bu.lifetime_units);
		break;
	case MH_BA:
		assert_int_equal(a->ba.status, b->ba.status);
		assert_int_equal(a->ba.k, b->ba.k);
		assert_int_equal(a->ba.seq, b->ba.seq);
		assert_int_equal(a->ba.lifetime_units, b->ba.lifetime_units);
		break;
	case MH_BE:
		assert_int_equal(a->be.status, b->be.status);
		assert_memory_equal(&a->be.home_addr, &b->be.home_addr, 16);
		break;
	}
	assert_int_equal(x->has_bra, y->has_bra);
	assert_int_equal(x->refresh_units, y->refresh_units);
	assert_int_equal(x->has_alt_coa, y->has_alt_coa);
	assert_memory_equal(&x->alt_coa, &y->alt_coa, 16);
	assert_int_equal(x->has_nonce, y->has_nonce);
	assert_int_equal(x->home_nonce_index, y->home_nonce_index);
	assert_int_equal(x->coa_nonce_index, y->coa_nonce_index);
	assert_int_equal(x->has_auth, y->has_auth);
	assert_int_equal(x->auth_len, y->auth_len);
	assert_memory_equal(x->auth, y->auth, x->auth_len);
}

static void test_round_trip_every_type(void **state)
{
	(void)state;
	for (unsigned t = 0; t <= MH_TYPE_MAX; t++) {
		struct mh_msg in, out;
		uint8_t buf[MH_MAX_LEN];
		size_t len;

		sample(t, &in);
		len = encode(&in, buf);
		assert_int_equal(buf[2], t);
		assert_int_equal(decode_exact(buf, len, &out), PKT_OK);
		assert_same_msg(&in, &out);
		assert_int_equal(out.wire_len, len);
		assert_int_equal(out.opts.n_misaligned, 0);
		assert_int_equal(out.opts.n_unknown, 0);
		assert_int_equal(out.opts.n_dup, 0);
	}
}

static void test_round_trip_each_option_alone(void **state)
{
	(void)state;
	/* Every option alone after every fixed-part length exercises every
	 * padding case of the encoder. */
	for (unsigned t = 0; t <= MH_TYPE_MAX; t++) {
		for (unsigned opt = MH_OPT_BRA; opt <= MH_OPT_AUTH; opt++) {
			for (unsigned alen = 0; alen <= (opt == MH_OPT_AUTH ? MH_AUTH_MAX : 0); alen++) {
				struct mh_msg in, out;
				uint8_t buf[MH_MAX_LEN];
				size_t len;

				sample(t, &in);
				memset(&in.opts, 0, sizeof(in.opts));
				switch (opt) {
				case MH_OPT_BRA:
					in.opts.has_bra = true;
					in.opts.refresh_units = 0xabcd;
					break;
				case MH_OPT_ALT_COA:
					in.opts.has_alt_coa = true;
					in.opts.alt_coa = addr("2001:db8:1::1");
					break;
				case MH_OPT_NONCE:
					in.opts.has_nonce = true;
					in.opts.home_nonce_index = 1;
					in.opts.coa_nonce_index = 0xffff;
					break;
				case MH_OPT_AUTH:
					in.opts.has_auth = true;
					in.opts.auth_len = alen;
					memset(in.opts.auth, 0xa5, alen);
					break;
				}
				len = encode(&in, buf);
				assert_int_equal(decode_exact(buf, len, &out), PKT_OK);
				assert_same_msg(&in, &out);
				assert_int_equal(out.opts.n_misaligned, 0);
			}
		}
	}
}

static size_t find_opt(const uint8_t *buf, size_t len, size_t start, uint8_t type)
{
	size_t off = start;

	while (off < len) {
		if (buf[off] == type)
			return off;
		off += buf[off] == MH_OPT_PAD1 ? 1 : 2u + buf[off + 1];
	}
	fail_msg("option %u not found", type);
	return 0;
}

static void test_option_alignment(void **state)
{
	struct mh_msg m;
	uint8_t buf[MH_MAX_LEN];
	size_t len;

	(void)state;
	sample(MH_BU, &m);
	len = encode(&m, buf);
	assert_int_equal(find_opt(buf, len, 12, MH_OPT_NONCE) % 2, 0);
	assert_int_equal(find_opt(buf, len, 12, MH_OPT_ALT_COA) % 8, 6);
	assert_int_equal(find_opt(buf, len, 12, MH_OPT_AUTH) % 8, 2);

	sample(MH_BA, &m);
	len = encode(&m, buf);
	assert_int_equal(find_opt(buf, len, 12, MH_OPT_BRA) % 2, 0);
	assert_int_equal(find_opt(buf, len, 12, MH_OPT_AUTH) % 8, 2);
	/* §6.2.7: the authorization data option is the last one. */
	assert_int_equal(find_opt(buf, len, 12, MH_OPT_AUTH) + 2 + 12, len);
}

static void test_bu_wire_bytes(void **state)
{
	/* Byte layout per RFC 6275 §6.1.7, padded with PadN to 16 bytes. */
	static const uint8_t want[16] = {
		59, 1, 5, 0, 0, 0, 0x00, 0x01, 0xc0, 0x00, 0x00, 25, 1, 2, 0, 0,
	};
	struct mh_msg m = { .type = MH_BU };
	uint8_t buf[64];
	size_t len;

	(void)state;
	m.bu.seq = 1;
	m.bu.flags = MH_BU_A | MH_BU_H;
	m.bu.lifetime_units = mh_sec_to_units(100);
	assert_int_equal(mh_encode(&m, buf, sizeof(buf), &len), PKT_OK);
	assert_int_equal(len, 16);
	assert_memory_equal(buf, want, 16);
}

static void test_checksum_known_good(void **state)
{
	/* The BU above with the checksum computed independently (Python, RFC
	 * 1071 sum) over the pseudo-header HoA 2001:db8::beef -> HA 2001:db8::. */
	uint8_t bu[16] = {
		59, 1, 5, 0, 0xe3, 0xe8, 0x00, 0x01, 0xc0, 0x00, 0x00, 25, 1, 2, 0, 0,
	};
	struct in6_addr hoa = addr("2001:db8::beef"), ha = addr("2001:db8::");
	struct in6_addr coa = addr("2001:db8:1::200:ff:fe00:200");
	uint8_t copy[16];

	(void)state;
	assert_int_equal(mh_verify(&hoa, &ha, bu, sizeof(bu)), PKT_OK);
	/* The pseudo-header source must be the HoA, not the CoA. */
	assert_int_equal(mh_verify(&coa, &ha, bu, sizeof(bu)), PKT_E_CHECKSUM);
	memcpy(copy, bu, sizeof(bu));
	mh_set_checksum(&hoa, &ha, copy, sizeof(copy));
	assert_memory_equal(copy, bu, sizeof(bu));
	for (size_t i = 0; i < sizeof(bu) * 8; i++) {
		memcpy(copy, bu, sizeof(bu));
		copy[i / 8] ^= (uint8_t)(1u << (i % 8));
		assert_int_equal(mh_verify(&hoa, &ha, copy, sizeof(copy)), PKT_E_CHECKSUM);
	}
}

static void test_truncated_at_every_byte(void **state)
{
	(void)state;
	for (unsigned t = 0; t <= MH_TYPE_MAX; t++) {
		struct mh_msg in, out;
		uint8_t buf[MH_MAX_LEN];
		size_t len;

		sample(t, &in);
		len = encode(&in, buf);
		for (size_t k = 0; k < len; k++) {
			enum pkt_err err = decode_exact(buf, k, &out);

			assert_int_equal(err, k < 8 ? PKT_E_TRUNCATED : PKT_E_MH_LEN_OVER);
		}
	}
}

static void test_header_len_too_small(void **state)
{
	(void)state;
	/* Header Len 0 (8 bytes) cannot hold any type but BRR, BU's 12, ... */
	for (unsigned t = 0; t <= MH_TYPE_MAX; t++) {
		uint8_t buf[8] = { 59, 0, (uint8_t)t, 0, 0, 0, 0, 0 };
		struct mh_msg m;
		enum pkt_err want = t == MH_BRR ? PKT_OK : PKT_E_MH_LEN_SHORT;

		assert_int_equal(decode_exact(buf, sizeof(buf), &m), want);
	}
	/* BE needs 24 bytes: Header Len 1 (16 bytes) is a lie. */
	uint8_t be[16] = { 59, 1, MH_BE, 0, 0, 0, 1 };
	struct mh_msg m;

	assert_int_equal(decode_exact(be, sizeof(be), &m), PKT_E_MH_LEN_SHORT);
}

static void test_header_len_beyond_data(void **state)
{
	uint8_t buf[16] = { 59, 5, MH_BU, 0, 0, 0, 0, 1, 0x80, 0, 0, 1, 1, 2, 0, 0 };
	struct mh_msg m;

	(void)state;
	assert_int_equal(decode_exact(buf, sizeof(buf), &m), PKT_E_MH_LEN_OVER);
	assert_int_equal(m.type, MH_BU);
	assert_int_equal(m.wire_len, 48);
}

static void test_trailing_bytes_ignored(void **state)
{
	uint8_t buf[24] = { 59, 1, MH_BU, 0, 0, 0, 0, 1, 0x80, 0, 0, 1, 1, 2, 0, 0,
			    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	struct mh_msg m;

	(void)state;
	assert_int_equal(decode_exact(buf, sizeof(buf), &m), PKT_OK);
	assert_int_equal(m.wire_len, 16);
	assert_int_equal(m.bu.flags, MH_BU_A);
}

static void test_bad_payload_proto_and_type(void **state)
{
	uint8_t buf[16] = { 6, 1, MH_BU, 0, 0, 0, 0, 1, 0x80, 0, 0, 1, 1, 2, 0, 0 };
	struct mh_msg m;

	(void)state;
	assert_int_equal(decode_exact(buf, sizeof(buf), &m), PKT_E_MH_PROTO);
	buf[0] = 59;
	for (unsigned t = MH_TYPE_MAX + 1; t < 256; t++) {
		buf[2] = (uint8_t)t;
		assert_int_equal(decode_exact(buf, sizeof(buf), &m), PKT_E_MH_TYPE);
		assert_int_equal(m.type, t);
	}
}

static void test_option_overrun(void **state)
{
	/* BU whose PadN claims 3 data bytes where 2 remain. */
	uint8_t a[16] = { 59, 1, MH_BU, 0, 0, 0, 0, 1, 0x80, 0, 0, 1, 1, 3, 0, 0 };
	/* A lone option type byte (not Pad1) at the very end. */
	uint8_t b[16] = { 59, 1, MH_BU, 0, 0, 0, 0, 1, 0x80, 0, 0, 1, 0, 0, 0, 2 };
	/* Alternate CoA option of correct length but starting too late. */
	uint8_t c[16] = { 59, 1, MH_BU, 0, 0, 0, 0, 1, 0x80, 0, 0, 1, 0, 0, 3, 16 };
	struct mh_msg m;

	(void)state;
	assert_int_equal(decode_exact(a, sizeof(a), &m), PKT_E_OPT_OVERRUN);
	assert_int_equal(decode_exact(b, sizeof(b), &m), PKT_E_OPT_OVERRUN);
	assert_int_equal(decode_exact(c, sizeof(c), &m), PKT_E_OPT_OVERRUN);
}

static void test_option_wrong_length(void **state)
{
	/* BRA with 3 data bytes, Nonce with 2, Alt-CoA with 8, Auth with 40. */
	uint8_t bra[24] = { 59, 2, MH_BA, 0, 0, 0, 0, 0, 0, 1, 0, 1, 2, 3, 0, 0, 0 };
	uint8_t nonce[16] = { 59, 1, MH_BU, 0, 0, 0, 0, 1, 0, 0, 0, 1, 4, 2, 0, 0 };
	uint8_t alt[24] = { 59, 2, MH_BU, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 3, 8 };
	uint8_t auth[56] = { 59, 6, MH_BU, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 5, 36 };
	struct mh_msg m;

	(void)state;
	assert_int_equal(decode_exact(bra, sizeof(bra), &m), PKT_E_OPT_LEN);
	assert_int_equal(decode_exact(nonce, sizeof(nonce), &m), PKT_E_OPT_LEN);
	assert_int_equal(decode_exact(alt, sizeof(alt), &m), PKT_E_OPT_LEN);
	assert_int_equal(decode_exact(auth, sizeof(auth), &m), PKT_E_OPT_LEN);
}

static void test_unknown_dup_misaligned_options(void **state)
{
	/* Unknown option 99, then two BRAs, the second at an odd offset. */
	uint8_t buf[24] = { 59, 2, MH_BA, 0, 0, 0, 0, 0, 0, 1, 0, 1,
			    99, 0, 2, 2, 0, 10, 0, 2, 2, 0, 20, 0 };
	struct mh_msg m;

	(void)state;
	assert_int_equal(decode_exact(buf, sizeof(buf), &m), PKT_OK);
	assert_int_equal(m.opts.n_unknown, 1);
	assert_int_equal(m.opts.n_dup, 1);
	assert_int_equal(m.opts.n_misaligned, 1);
	assert_int_equal(m.opts.n_pad, 2);
	assert_true(m.opts.has_bra);
	assert_int_equal(m.opts.refresh_units, 20);
}

static void test_encode_no_space(void **state)
{
	(void)state;
	for (unsigned t = 0; t <= MH_TYPE_MAX; t++) {
		struct mh_msg m;
		uint8_t buf[MH_MAX_LEN];
		size_t len, k;

		sample(t, &m);
		len = encode(&m, buf);
		for (k = 0; k < len; k++) {
			uint8_t *small = malloc(k ? k : 1);
			size_t out = 12345;

			assert_int_equal(mh_encode(&m, small, k, &out), PKT_E_NOSPACE);
			assert_int_equal(out, 12345);
			free(small);
		}
	}
}

static void test_encode_invalid(void **state)
{
	struct mh_msg m = { .type = 8 };
	uint8_t buf[64];
	size_t len;

	(void)state;
	assert_int_equal(mh_encode(&m, buf, sizeof(buf), &len), PKT_E_INVAL);
	m.type = MH_BU;
	m.bu.flags = 0x0001;
	assert_int_equal(mh_encode(&m, buf, sizeof(buf), &len), PKT_E_INVAL);
	m.bu.flags = 0;
	m.opts.has_auth = true;
	m.opts.auth_len = MH_AUTH_MAX + 1;
	assert_int_equal(mh_encode(&m, buf, sizeof(buf), &len), PKT_E_INVAL);
}

static void test_lifetime_units(void **state)
{
	(void)state;
	assert_int_equal(mh_sec_to_units(0), 0);
	assert_int_equal(mh_sec_to_units(3), 0);
	assert_int_equal(mh_sec_to_units(4), 1);
	assert_int_equal(mh_sec_to_units(420), 105);
	assert_int_equal(mh_sec_to_units(262140), 0xffff);
	assert_int_equal(mh_sec_to_units(UINT32_MAX), 0xffff);
	assert_int_equal(mh_units_to_sec(0xffff), 262140);
}

static void test_strings(void **state)
{
	(void)state;
	for (int e = 0; e < PKT_E__COUNT; e++) {
		assert_non_null(pkt_strerror(e));
		assert_non_null(pkt_errname(e));
		for (int f = 0; f < e; f++)
			assert_string_not_equal(pkt_errname(e), pkt_errname(f));
	}
	assert_string_equal(pkt_strerror(PKT_E__COUNT + 5), "unknown error");
	assert_string_equal(mh_type_name(MH_BU), "BU");
	assert_string_equal(mh_type_name(MH_BA), "BA");
	assert_string_equal(mh_type_name(200), "unknown");
	assert_string_equal(mh_ba_status_str(135), "Sequence number out of window");
	assert_string_equal(mh_ba_status_str(132), "Not home subnet");
	assert_string_equal(mh_be_status_str(2), "Unrecognized MH Type value");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip_every_type),
		cmocka_unit_test(test_round_trip_each_option_alone),
		cmocka_unit_test(test_option_alignment),
		cmocka_unit_test(test_bu_wire_bytes),
		cmocka_unit_test(test_checksum_known_good),
		cmocka_unit_test(test_truncated_at_every_byte),
		cmocka_unit_test(test_header_len_too_small),
		cmocka_unit_test(test_header_len_beyond_data),
		cmocka_unit_test(test_trailing_bytes_ignored),
		cmocka_unit_test(test_bad_payload_proto_and_type),
		cmocka_unit_test(test_option_overrun),
		cmocka_unit_test(test_option_wrong_length),
		cmocka_unit_test(test_unknown_dup_misaligned_options),
		cmocka_unit_test(test_encode_no_space),
		cmocka_unit_test(test_encode_invalid),
		cmocka_unit_test(test_lifetime_units),
		cmocka_unit_test(test_strings),
	};

	return cmocka_run_group_tests_name("mh", tests, NULL, NULL);
}
