#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include "rr.h"

void rr_keygen_token(const uint8_t kcn[RR_KCN_LEN], const struct in6_addr *addr,
		     const uint8_t nonce[RR_NONCE_LEN], bool care_of,
		     uint8_t token[RR_TOKEN_LEN])
{
	uint8_t in[16 + RR_NONCE_LEN + 1], md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;

	memcpy(in, addr, 16);
	memcpy(in + 16, nonce, RR_NONCE_LEN);
	in[16 + RR_NONCE_LEN] = care_of ? 1 : 0;
	HMAC(EVP_sha1(), kcn, RR_KCN_LEN, in, sizeof(in), md, &mdlen);
	memcpy(token, md, RR_TOKEN_LEN);
}

void rr_kbm(const uint8_t home_token[RR_TOKEN_LEN], const uint8_t *coa_token,
	    uint8_t kbm[RR_KBM_LEN])
{
	uint8_t in[2 * RR_TOKEN_LEN];

	memcpy(in, home_token, RR_TOKEN_LEN);
	if (coa_token)
		memcpy(in + RR_TOKEN_LEN, coa_token, RR_TOKEN_LEN);
	SHA1(in, coa_token ? sizeof(in) : RR_TOKEN_LEN, kbm);
}

bool rr_authenticator(const uint8_t kbm[RR_KBM_LEN], const struct in6_addr *coa,
		      const struct in6_addr *cn, const uint8_t *mh, size_t len,
		      size_t auth_off, uint8_t auth[RR_AUTH_LEN])
{
	uint8_t in[32 + MH_MAX_LEN], md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	size_t n;

	if (len > MH_MAX_LEN || auth_off < MH_HDR_LEN || auth_off + RR_AUTH_LEN > len)
		return false;
	memcpy(in, coa, 16);
	memcpy(in + 16, cn, 16);
	memcpy(in + 32, mh, auth_off);
	in[32 + MH_CSUM_OFF] = in[32 + MH_CSUM_OFF + 1] = 0;
	n = len - auth_off - RR_AUTH_LEN;
	memcpy(in + 32 + auth_off, mh + auth_off + RR_AUTH_LEN, n);
	HMAC(EVP_sha1(), kbm, RR_KBM_LEN, in, 32 + auth_off + n, md, &mdlen);
	memcpy(auth, md, RR_AUTH_LEN);
	return true;
}

enum pkt_err rr_sign(const uint8_t kbm[RR_KBM_LEN], const struct in6_addr *coa,
		     const struct in6_addr *cn, struct mh_msg *m)
{
	uint8_t buf[MH_MAX_LEN];
	struct mh_msg back;
	size_t len = 0;
	enum pkt_err err;

	m->opts.has_auth = true;
	m->opts.auth_len = RR_AUTH_LEN;
	memset(m->opts.auth, 0, sizeof(m->opts.auth));
	err = mh_encode(m, buf, sizeof(buf), &len);
	if (err != PKT_OK)
		return err;
	/* The decoder knows where the encoder put the option (after its padding). */
	err = mh_decode(buf, len, &back);
	if (err != PKT_OK)
		return err;
	if (!rr_authenticator(kbm, coa, cn, buf, len, back.opts.auth_off, m->opts.auth))
		return PKT_E_INVAL;
	return PKT_OK;
}

bool rr_verify(const uint8_t kbm[RR_KBM_LEN], const struct in6_addr *coa,
	       const struct in6_addr *cn, const uint8_t *mh, size_t len,
	       const struct mh_msg *m)
{
	uint8_t want[RR_AUTH_LEN];

	if (!m->opts.has_auth || m->opts.auth_len != RR_AUTH_LEN)
		return false;
	if (!rr_authenticator(kbm, coa, cn, mh, len, m->opts.auth_off, want))
		return false;
	return CRYPTO_memcmp(want, m->opts.auth, RR_AUTH_LEN) == 0;
}
