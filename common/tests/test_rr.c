/* Return routability: keygen tokens, Kbm and the BAD authenticator against the RFC 6275
 * formulas computed here independently (the EVP_MAC interface, inputs laid out by
 * hand), and a signed BU that verifies until one bit changes. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <arpa/inet.h>
#include <cmocka.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include "rr.h"

static struct in6_addr addr(const char *s)
{
	struct in6_addr a;

	assert_int_equal(inet_pton(AF_INET6, s, &a), 1);
	return a;
}

/* HMAC-SHA1 through EVP_MAC, not the one-shot HMAC() that rr.c uses. */
static void hmac_sha1(const uint8_t *key, size_t klen, const uint8_t *in, size_t n,
		      uint8_t out[20])
{
	EVP_MAC *mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
	EVP_MAC_CTX *ctx;
	char digest[] = "SHA1";
	OSSL_PARAM params[] = {
		OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
		OSSL_PARAM_construct_end(),
	};
	size_t outl = 0;

	assert_non_null(mac);
	ctx = EVP_MAC_CTX_new(mac);
	assert_non_null(ctx);
	assert_int_equal(EVP_MAC_init(ctx, key, klen, params), 1);
	assert_int_equal(EVP_MAC_update(ctx, in, n), 1);
	assert_int_equal(EVP_MAC_final(ctx, out, &outl, 20), 1);
	assert_int_equal(outl, 20);
	EVP_MAC_CTX_free(ctx);
	EVP_MAC_free(mac);
}

static void sha1(const uint8_t *in, size_t n, uint8_t out[20])
{
	unsigned int len = 0;

	assert_int_equal(EVP_Digest(in, n, out, &len, EVP_sha1(), NULL), 1);
	assert_int_equal(len, 20);
}

static const uint8_t kcn[RR_KCN_LEN] = "0123456789abcdefghij";
static const uint8_t nonce_h[RR_NONCE_LEN] = { 1, 2, 3, 4, 5, 6, 7, 8 };
static const uint8_t nonce_c[RR_NONCE_LEN] = { 9, 10, 11, 12, 13, 14, 15, 16 };

static void token_matches_formula(void **state)
{
	struct in6_addr hoa = addr("2001:db8::beef"), coa = addr("2001:db8:1::42");
	uint8_t in[25], md[20], tok[RR_TOKEN_LEN];

	(void)state;
	memcpy(in, &hoa, 16);
	memcpy(in + 16, nonce_h, 8);
	in[24] = 0;
	hmac_sha1(kcn, sizeof(kcn), in, sizeof(in), md);
	rr_keygen_token(kcn, &hoa, nonce_h, false, tok);
	assert_memory_equal(tok, md, 8);

	memcpy(in, &coa, 16);
	memcpy(in + 16, nonce_c, 8);
	in[24] = 1;
	hmac_sha1(kcn, sizeof(kcn), in, sizeof(in), md);
	rr_keygen_token(kcn, &coa, nonce_c, true, tok);
	assert_memory_equal(tok, md, 8);
	/* The trailing 0/1 keeps a home token from serving as a care-of token. */
	rr_keygen_token(kcn, &coa, nonce_c, false, tok);
	assert_memory_not_equal(tok, md, 8);
}

static void kbm_matches_formula(void **state)
{
	uint8_t h[8] = "homehome", c[8] = "careofcc", both[16], want[20], kbm[RR_KBM_LEN];

	(void)state;
	memcpy(both, h, 8);
	memcpy(both + 8, c, 8);
	sha1(both, 16, want);
	rr_kbm(h, c, kbm);
	assert_memory_equal(kbm, want, 20);
	sha1(h, 8, want);
	rr_kbm(h, NULL, kbm);
	assert_memory_equal(kbm, want, 20);
}

static struct mh_msg cn_bu(void)
{
	struct mh_msg m;

	mh_bu_init(&m, 7, MH_BU_A, 400);
	m.opts.has_nonce = true;
	m.opts.home_nonce_index = 3;
	m.opts.coa_nonce_index = 4;
	return m;
}

static void sign_matches_formula_and_verifies(void **state)
{
	struct in6_addr coa = addr("2001:db8:1::42"), cn = addr("2001:db8:ff::2");
	uint8_t kbm[RR_KBM_LEN], buf[MH_MAX_LEN], in[32 + MH_MAX_LEN], md[20];
	struct mh_msg m = cn_bu(), back;
	size_t len = 0, off;

	(void)state;
	rr_kbm((const uint8_t *)"homehome", (const uint8_t *)"careofcc", kbm);
	assert_int_equal(rr_sign(kbm, &coa, &cn, &m), PKT_OK);
	assert_int_equal(mh_encode(&m, buf, sizeof(buf), &len), PKT_OK);
	/* BAD is the last option, at 8n+2: its 12 bytes end the message. */
	off = len - RR_AUTH_LEN;
	assert_int_equal(buf[off - 2], MH_OPT_AUTH);
	assert_int_equal(buf[off - 1], RR_AUTH_LEN);
	assert_int_equal((off - 2) % 8, 2);

	/* coa | cn | MH data without the authenticator, checksum as zero. */
	mh_set_checksum(&coa, &cn, buf, len);
	memcpy(in, &coa, 16);
	memcpy(in + 16, &cn, 16);
	memcpy(in + 32, buf, off);
	in[32 + 4] = in[32 + 5] = 0;
	hmac_sha1(kbm, sizeof(kbm), in, 32 + off, md);
	assert_memory_equal(buf + off, md, RR_AUTH_LEN);

	assert_int_equal(mh_decode(buf, len, &back), PKT_OK);
	assert_int_equal(back.opts.auth_off, off);
	assert_true(rr_verify(kbm, &coa, &cn, buf, len, &back));
	/* Another CN, another CoA, a changed lifetime, another key: all fail. */
	assert_false(rr_verify(kbm, &cn, &cn, buf, len, &back));
	assert_false(rr_verify(kbm, &coa, &coa, buf, len, &back));
	buf[MH_HDR_LEN + 5] ^= 1;
	assert_false(rr_verify(kbm, &coa, &cn, buf, len, &back));
	buf[MH_HDR_LEN + 5] ^= 1;
	kbm[0] ^= 1;
	assert_false(rr_verify(kbm, &coa, &cn, buf, len, &back));
}

static void verify_refuses_without_or_odd_bad(void **state)
{
	struct in6_addr coa = addr("2001:db8:1::42"), cn = addr("2001:db8:ff::2");
	uint8_t kbm[RR_KBM_LEN] = { 0 }, buf[MH_MAX_LEN];
	struct mh_msg m = cn_bu(), back;
	size_t len = 0;

	(void)state;
	assert_int_equal(mh_encode(&m, buf, sizeof(buf), &len), PKT_OK);
	assert_int_equal(mh_decode(buf, len, &back), PKT_OK);
	assert_false(rr_verify(kbm, &coa, &cn, buf, len, &back));
	/* A BAD of another length than 96 bits. */
	m.opts.has_auth = true;
	m.opts.auth_len = 8;
	assert_int_equal(mh_encode(&m, buf, sizeof(buf), &len), PKT_OK);
	assert_int_equal(mh_decode(buf, len, &back), PKT_OK);
	assert_false(rr_verify(kbm, &coa, &cn, buf, len, &back));
	/* An offset that does not fit is refused, not read past. */
	assert_false(rr_authenticator(kbm, &coa, &cn, buf, len, len - 4, back.opts.auth));
	assert_false(rr_authenticator(kbm, &coa, &cn, buf, len, 2, back.opts.auth));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(token_matches_formula),
		cmocka_unit_test(kbm_matches_formula),
		cmocka_unit_test(sign_matches_formula_and_verifies),
		cmocka_unit_test(verify_refuses_without_or_odd_bad),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
