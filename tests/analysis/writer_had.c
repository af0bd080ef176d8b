/* Home agent discovery, mobile prefixes and fail-over packets for the golden
 * scenarios (writer.h): ICMPv6 144-147 through the common codec, BUs and BAs
 * with a home agent other than W_HA, ICMPv6 errors of any type. */
#include <stdlib.h>
#include <string.h>

#include "dhaad.h"
#include "writer.h"

#define A6(s0, s1, s2, s3, s4, s5, s6, s7) { .s6_addr = { \
	(s0) >> 8, (s0) & 0xff, (s1) >> 8, (s1) & 0xff, (s2) >> 8, (s2) & 0xff, (s3) >> 8, (s3) & 0xff, \
	(s4) >> 8, (s4) & 0xff, (s5) >> 8, (s5) & 0xff, (s6) >> 8, (s6) & 0xff, (s7) >> 8, (s7) & 0xff } }

const struct in6_addr W_HA2 = A6(0x2001, 0xdb8, 0, 0, 0, 0, 0, 0xf0);
const struct in6_addr W_HA_ANYCAST = A6(0x2001, 0xdb8, 0, 0, 0xfdff, 0xffff, 0xffff, 0xfffe);

static size_t icmp_pkt(uint8_t *buf, const struct ip6_spec *s, const uint8_t *icmp, size_t len)
{
	size_t out = 0;

	if (ip6_build_icmp6(s, icmp, len, buf, 2048, &out) != PKT_OK)
		abort();
	return out;
}

size_t w_dhaad_req(uint8_t *buf, const struct in6_addr *coa, uint16_t id)
{
	struct dhaad_msg m = { .type = ICMP6_DHAAD_REQUEST, .id = id };
	struct ip6_spec s = { .src = *coa, .dst = W_HA_ANYCAST };
	uint8_t icmp[64];
	size_t n = 0;

	if (dhaad_encode(&m, NULL, NULL, icmp, sizeof(icmp), &n) != PKT_OK)
		abort();
	return icmp_pkt(buf, &s, icmp, n);
}

size_t w_dhaad_rep(uint8_t *buf, const struct in6_addr *ha, const struct in6_addr *coa, uint16_t id,
		   const struct in6_addr *addrs, size_t n_addr)
{
	static struct dhaad_msg m;
	struct ip6_spec s = { .src = *ha, .dst = *coa };
	uint8_t icmp[1280];
	size_t n = 0;

	if (!n_addr) {
		/* The codec refuses to encode it: a malformed Reply by hand. */
		uint8_t raw[8] = { ICMP6_DHAAD_REPLY, 0, 0, 0, (uint8_t)(id >> 8), (uint8_t)id, 0, 0 };

		return icmp_pkt(buf, &s, raw, sizeof(raw));
	}
	memset(&m, 0, sizeof(m));
	m.type = ICMP6_DHAAD_REPLY;
	m.id = id;
	m.n_addr = (uint8_t)n_addr;
	memcpy(m.addr, addrs, n_addr * sizeof(*addrs));
	if (dhaad_encode(&m, NULL, NULL, icmp, sizeof(icmp), &n) != PKT_OK)
		abort();
	return icmp_pkt(buf, &s, icmp, n);
}

size_t w_mps(uint8_t *buf, const struct in6_addr *coa, const struct in6_addr *ha, uint16_t id)
{
	struct dhaad_msg m = { .type = ICMP6_MP_SOL, .id = id };
	struct ip6_spec s = { .src = *coa, .dst = *ha, .hoa = &W_HOA };
	uint8_t icmp[64];
	size_t n = 0;

	if (dhaad_encode(&m, NULL, NULL, icmp, sizeof(icmp), &n) != PKT_OK)
		abort();
	return icmp_pkt(buf, &s, icmp, n);
}

size_t w_mpa(uint8_t *buf, const struct in6_addr *ha, const struct in6_addr *coa, uint16_t id,
	     uint32_t valid, uint32_t preferred)
{
	static struct dhaad_msg m;
	struct ip6_spec s = { .src = *ha, .dst = *coa, .rh2 = &W_HOA };
	uint8_t icmp[256];
	size_t n = 0;

	memset(&m, 0, sizeof(m));
	m.type = ICMP6_MP_ADV;
	m.id = id;
	m.n_prefix = 1;
	m.prefix[0].prefix = W_PFX_HOME;
	m.prefix[0].len = 64;
	m.prefix[0].l = m.prefix[0].a = m.prefix[0].r = true;
	m.prefix[0].valid = valid;
	m.prefix[0].preferred = preferred;
	if (dhaad_encode(&m, NULL, NULL, icmp, sizeof(icmp), &n) != PKT_OK)
		abort();
	return icmp_pkt(buf, &s, icmp, n);
}

size_t w_icmp_err(uint8_t *buf, const struct in6_addr *src, const struct in6_addr *dst, uint8_t type,
		  uint8_t code, uint32_t param, const uint8_t *invoking, size_t ilen)
{
	uint8_t m[1280] = { type, code, 0, 0, (uint8_t)(param >> 24), (uint8_t)(param >> 16),
			    (uint8_t)(param >> 8), (uint8_t)param };
	struct ip6_spec s = { .src = *src, .dst = *dst };

	if (ilen > sizeof(m) - 40 - 8)
		ilen = sizeof(m) - 40 - 8;
	memcpy(m + 8, invoking, ilen);
	return icmp_pkt(buf, &s, m, 8 + ilen);
}

size_t w_bu_ha(uint8_t *buf, const struct in6_addr *ha, const struct in6_addr *coa, uint16_t seq,
	       uint16_t lifetime_s)
{
	struct ip6_spec s = { .src = *coa, .dst = *ha, .hoa = &W_HOA };
	struct mh_msg m = { .type = MH_BU };
	size_t out = 0;

	m.bu.seq = seq;
	m.bu.flags = MH_BU_A | MH_BU_H;
	m.bu.lifetime_units = mh_sec_to_units(lifetime_s);
	if (ip6_build_mh(&s, &m, buf, 2048, &out) != PKT_OK)
		abort();
	return out;
}

size_t w_ba_ha(uint8_t *buf, const struct in6_addr *ha, const struct in6_addr *coa, uint16_t seq,
	       uint8_t status, uint16_t lifetime_s)
{
	struct ip6_spec s = { .src = *ha, .dst = *coa, .rh2 = &W_HOA };
	struct mh_msg m = { .type = MH_BA };
	size_t out = 0;

	m.ba.status = status;
	m.ba.seq = seq;
	m.ba.lifetime_units = mh_sec_to_units(lifetime_s);
	if (ip6_build_mh(&s, &m, buf, 2048, &out) != PKT_OK)
		abort();
	return out;
}

size_t w_icmp_raw(uint8_t *buf, const struct in6_addr *src, const struct in6_addr *dst,
		  const uint8_t *icmp, size_t len)
{
	struct ip6_spec s = { .src = *src, .dst = *dst };

	return icmp_pkt(buf, &s, icmp, len);
}
