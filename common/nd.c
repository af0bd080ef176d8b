#include <string.h>

#include "bytes.h"
#include "csum.h"
#include "nd.h"

#define OPT_SLLA	1
#define OPT_TLLA	2
#define OPT_PREFIX	ND_OPT_PREFIX
#define OPT_MTU		5
#define OPT_ADV_IVAL	7
#define OPT_HA_INFO	8

enum pkt_err nd_walk_opts(const uint8_t *p, size_t off, size_t len, nd_opt_fn fn, void *ctx)
{
	while (off < len) {
		size_t olen;
		enum pkt_err err;

		if (len - off < 2)
			return PKT_E_ND_OPT_LEN;
		olen = (size_t)p[off + 1] * 8;
		/* §4.6: a zero length option makes the whole message invalid. */
		if (olen == 0 || len - off < olen)
			return PKT_E_ND_OPT_LEN;
		err = fn(p[off], p + off, olen, ctx);
		if (err)
			return err;
		off += olen;
	}
	return PKT_OK;
}

static void copy_lla(const uint8_t *o, size_t olen, uint8_t *lla, uint8_t *lla_len)
{
	size_t n = olen - 2;

	if (n > ND_LLADDR_MAX)
		n = ND_LLADDR_MAX;
	/* Ethernet's option is 8 bytes with a 6-byte address; longer options
	 * carry padding we cannot tell from address bytes, so keep 6 then. */
	if (olen == 8)
		n = 6;
	memcpy(lla, o + 2, n);
	*lla_len = (uint8_t)n;
}

enum pkt_err nd_prefix_opt_parse(const uint8_t *o, size_t olen, struct nd_prefix *pi)
{
	if (olen < ND_PREFIX_OPT_LEN)
		return PKT_E_ND_OPT_SHORT;
	memset(pi, 0, sizeof(*pi));
	pi->len = o[2];
	pi->l = o[3] & 0x80;
	pi->a = o[3] & 0x40;
	pi->r = o[3] & 0x20;
	pi->valid = get_be32(o + 4);
	pi->preferred = get_be32(o + 8);
	get_in6(&pi->prefix, o + 16);
	return PKT_OK;
}

void nd_prefix_opt_put(uint8_t *o, const struct nd_prefix *pi)
{
	memset(o, 0, ND_PREFIX_OPT_LEN);
	o[0] = ND_OPT_PREFIX;
	o[1] = ND_PREFIX_OPT_LEN / 8;
	o[2] = pi->len;
	o[3] = (uint8_t)((pi->l ? 0x80 : 0) | (pi->a ? 0x40 : 0) | (pi->r ? 0x20 : 0));
	put_be32(o + 4, pi->valid);
	put_be32(o + 8, pi->preferred);
	put_in6(o + 16, &pi->prefix);
}

static enum pkt_err ra_opt(uint8_t type, const uint8_t *o, size_t olen, void *ctx)
{
	struct nd_ra *ra = ctx;

	switch (type) {
	case OPT_SLLA:
		ra->has_slla = true;
		copy_lla(o, olen, ra->slla, &ra->slla_len);
		break;
	case OPT_MTU:
		ra->has_mtu = true;
		ra->mtu = get_be32(o + 4);
		break;
	case OPT_ADV_IVAL:
		ra->has_adv_interval = true;
		ra->adv_interval_ms = get_be32(o + 4);
		break;
	case OPT_HA_INFO:
		/* §7.4: the length is 1; anything else is not the option we know. */
		if (olen != 8)
			return PKT_E_ND_HAINFO_LEN;
		ra->has_ha_info = true;
		ra->ha_preference = get_be16(o + 4);
		ra->ha_lifetime = get_be16(o + 6);
		break;
	case OPT_PREFIX: {
		struct nd_prefix pi;
		enum pkt_err err = nd_prefix_opt_parse(o, olen, &pi);

		if (err)
			return err;
		if (ra->n_prefix == ND_MAX_PREFIXES) {
			if (ra->n_prefix_dropped < UINT8_MAX)
				ra->n_prefix_dropped++;
			break;
		}
		ra->prefix[ra->n_prefix++] = pi;
		break;
	}
	default:
		if (ra->n_unknown_opts < UINT8_MAX)
			ra->n_unknown_opts++;
		break;
	}
	return PKT_OK;
}

enum pkt_err nd_parse_ra(const void *icmp, size_t len, uint8_t hop_limit,
			 struct nd_ra *ra)
{
	const uint8_t *p = icmp;

	memset(ra, 0, sizeof(*ra));
	if (len < 16)
		return PKT_E_TRUNCATED;
	if (p[0] != ND_RA)
		return PKT_E_INVAL;
	if (p[1] != 0)
		return PKT_E_ND_CODE;
	if (hop_limit != 255)
		return PKT_E_ND_HOPLIMIT;
	ra->cur_hop_limit = p[4];
	ra->m = p[5] & 0x80;
	ra->o = p[5] & 0x40;
	ra->h = p[5] & 0x20;
	ra->router_lifetime = get_be16(p + 6);
	ra->reachable_ms = get_be32(p + 8);
	ra->retrans_ms = get_be32(p + 12);
	return nd_walk_opts(p, 16, len, ra_opt, ra);
}

static enum pkt_err nsna_opt(uint8_t type, const uint8_t *o, size_t olen, void *ctx)
{
	struct nd_nsna *m = ctx;

	if ((m->type == ND_NS && type == OPT_SLLA) || (m->type == ND_NA && type == OPT_TLLA)) {
		m->has_lla = true;
		copy_lla(o, olen, m->lla, &m->lla_len);
	}
	return PKT_OK;
}

enum pkt_err nd_parse_nsna(const void *icmp, size_t len, uint8_t hop_limit,
			   struct nd_nsna *m)
{
	const uint8_t *p = icmp;

	memset(m, 0, sizeof(*m));
	if (len < 24)
		return PKT_E_TRUNCATED;
	if (p[0] != ND_NS && p[0] != ND_NA)
		return PKT_E_INVAL;
	if (p[1] != 0)
		return PKT_E_ND_CODE;
	if (hop_limit != 255)
		return PKT_E_ND_HOPLIMIT;
	m->type = p[0];
	if (m->type == ND_NA) {
		m->r = p[4] & 0x80;
		m->s = p[4] & 0x40;
		m->o = p[4] & 0x20;
	}
	get_in6(&m->target, p + 8);
	return nd_walk_opts(p, 24, len, nsna_opt, m);
}

enum pkt_err nd_build_rs(const uint8_t *lladdr, size_t lladdr_len,
			 const struct in6_addr *src, const struct in6_addr *dst,
			 void *buf, size_t cap, size_t *out_len)
{
	uint8_t *p = buf;
	size_t optlen = lladdr_len ? (lladdr_len + 2 + 7) / 8 * 8 : 0;
	size_t len = 8 + optlen;

	if (lladdr_len > ND_LLADDR_MAX)
		return PKT_E_INVAL;
	if (cap < len)
		return PKT_E_NOSPACE;
	memset(p, 0, len);
	p[0] = ND_RS;
	if (optlen) {
		p[8] = OPT_SLLA;
		p[9] = (uint8_t)(optlen / 8);
		memcpy(p + 10, lladdr, lladdr_len);
	}
	if (src && dst)
		put_be16(p + 2, csum6(src, dst, IPPROTO_ICMPV6, p, len));
	*out_len = len;
	return PKT_OK;
}
