/* Route Optimization packets for the golden scenarios (RFC 6275 §6.1.3-6.1.9):
 * the return routability tests, BU and BA with a correspondent, BRR, BE,
 * and echo probes on the direct path. */
#include <stdlib.h>
#include <string.h>

#include "writer.h"

static size_t mh_out(uint8_t *buf, const struct ip6_spec *s, const struct mh_msg *m)
{
	size_t len = 0;

	if (ip6_build_mh(s, m, buf, 2048, &len) != PKT_OK)
		abort();
	return len;
}

size_t w_rr(uint8_t *buf, uint8_t type, const struct in6_addr *src, const struct in6_addr *dst,
	    uint8_t cookie, uint16_t nonce_index)
{
	struct ip6_spec s = { .src = *src, .dst = *dst };
	struct mh_msg m = { .type = type };

	switch (type) {
	case MH_HOTI:
	case MH_COTI:
		memset(m.hoti.cookie, cookie, MH_COOKIE_LEN);
		break;
	case MH_HOT:
	case MH_COT:
		memset(m.hot.cookie, cookie, MH_COOKIE_LEN);
		memset(m.hot.keygen, 0x5a, sizeof(m.hot.keygen));
		m.hot.nonce_index = nonce_index;
		break;
	default:
		abort();
	}
	return mh_out(buf, &s, &m);
}

size_t w_cn_bu(uint8_t *buf, const struct in6_addr *coa, uint16_t seq, uint16_t flags,
	       uint16_t lifetime_s, uint16_t home_nonce, uint16_t coa_nonce)
{
	struct ip6_spec s = { .src = *coa, .dst = W_CN, .hoa = &W_HOA };
	struct mh_msg m;

	if (memcmp(coa, &W_HOA, 16) == 0)
		s.hoa = NULL;
	mh_bu_init(&m, seq, flags, lifetime_s);
	m.opts.has_nonce = true;
	m.opts.home_nonce_index = home_nonce;
	m.opts.coa_nonce_index = coa_nonce;
	m.opts.has_auth = true;
	m.opts.auth_len = 12;		/* §6.2.7: the first 96 bits of the HMAC */
	memset(m.opts.auth, 0xa5, 12);
	return mh_out(buf, &s, &m);
}

size_t w_cn_ba(uint8_t *buf, const struct in6_addr *coa, uint16_t seq, uint8_t status,
	       uint16_t lifetime_s)
{
	struct ip6_spec s = { .src = W_CN, .dst = *coa, .rh2 = &W_HOA };
	struct mh_msg m;

	if (memcmp(coa, &W_HOA, 16) == 0)
		s.rh2 = NULL;
	mh_ba_init(&m, status, seq, lifetime_s, 0);
	if (status < 128) {
		m.opts.has_auth = true;
		m.opts.auth_len = 12;
		memset(m.opts.auth, 0x3c, 12);
	}
	return mh_out(buf, &s, &m);
}

size_t w_brr(uint8_t *buf, const struct in6_addr *coa)
{
	struct ip6_spec s = { .src = W_CN, .dst = *coa, .rh2 = &W_HOA };
	struct mh_msg m = { .type = MH_BRR };

	return mh_out(buf, &s, &m);
}

size_t w_be(uint8_t *buf, const struct in6_addr *src, const struct in6_addr *dst, uint8_t status)
{
	struct ip6_spec s = { .src = *src, .dst = *dst };
	struct mh_msg m = { .type = MH_BE };

	m.be.status = status;
	m.be.home_addr = W_HOA;
	return mh_out(buf, &s, &m);
}

size_t w_echo_via(uint8_t *buf, bool reply, const struct in6_addr *src, const struct in6_addr *dst,
		  const struct in6_addr *rh2, const struct in6_addr *hao, uint16_t seq)
{
	uint8_t e[16] = { 128, 0, 0, 0, 0x12, 0x34, 0, 0, 'm', 'i', 'p', '6', 'l', 'a', 'b', '!' };
	struct ip6_spec s = { .src = *src, .dst = *dst, .rh2 = rh2, .hoa = hao };
	size_t len = 0;

	if (reply)
		e[0] = 129;
	e[6] = seq >> 8;
	e[7] = seq & 0xff;
	if (ip6_build_icmp6(&s, e, sizeof(e), buf, 2048, &len) != PKT_OK)
		abort();
	return len;
}
