#include <string.h>

#include "bytes.h"
#include "csum.h"
#include "dhaad.h"

#define HDR_LEN	8

static enum pkt_err mpa_opt(uint8_t type, const uint8_t *o, size_t olen, void *ctx)
{
	struct dhaad_msg *m = ctx;
	struct nd_prefix pi;
	enum pkt_err err;

	if (type != ND_OPT_PREFIX) {
		/* §6.8: options it does not know are ignored. */
		if (m->n_unknown_opts < UINT8_MAX)
			m->n_unknown_opts++;
		return PKT_OK;
	}
	err = nd_prefix_opt_parse(o, olen, &pi);
	if (err)
		return err;
	if (m->n_prefix == ND_MAX_PREFIXES) {
		if (m->n_prefix_dropped < UINT8_MAX)
			m->n_prefix_dropped++;
		return PKT_OK;
	}
	m->prefix[m->n_prefix++] = pi;
	return PKT_OK;
}

enum pkt_err dhaad_decode(const void *icmp, size_t len, struct dhaad_msg *m)
{
	const uint8_t *p = icmp;

	memset(m, 0, sizeof(*m));
	if (len < HDR_LEN)
		return PKT_E_TRUNCATED;
	if (!dhaad_is_type(p[0]))
		return PKT_E_INVAL;
	if (p[1] != 0)
		return PKT_E_ND_CODE;
	m->type = p[0];
	m->id = get_be16(p + 4);
	switch (m->type) {
	case ICMP6_DHAAD_REQUEST:
	case ICMP6_MP_SOL:
		return len == HDR_LEN ? PKT_OK : PKT_E_ICMP_LEN;
	case ICMP6_DHAAD_REPLY: {
		size_t n = (len - HDR_LEN) / 16;

		if ((len - HDR_LEN) % 16)
			return PKT_E_ICMP_LEN;
		if (n == 0)
			return PKT_E_DHAAD_NOADDR;
		for (size_t i = 0; i < n; i++) {
			if (i == DHAAD_MAX_ADDRS) {
				m->n_addr_dropped = (uint8_t)(n - i > UINT8_MAX ? UINT8_MAX : n - i);
				break;
			}
			get_in6(&m->addr[m->n_addr++], p + HDR_LEN + 16 * i);
		}
		return PKT_OK;
	}
	default:	/* ICMP6_MP_ADV */
		m->m = p[6] & 0x80;
		m->o = p[6] & 0x40;
		return nd_walk_opts(p, HDR_LEN, len, mpa_opt, m);
	}
}

enum pkt_err dhaad_encode(const struct dhaad_msg *m, const struct in6_addr *src,
			  const struct in6_addr *dst, void *buf, size_t cap, size_t *out_len)
{
	uint8_t *p = buf;
	size_t len = HDR_LEN;

	if (!dhaad_is_type(m->type))
		return PKT_E_INVAL;
	if (m->type == ICMP6_DHAAD_REPLY) {
		if (m->n_addr == 0 || m->n_addr > DHAAD_MAX_ADDRS)
			return PKT_E_INVAL;
		len += 16 * (size_t)m->n_addr;
	} else if (m->type == ICMP6_MP_ADV) {
		if (m->n_prefix > ND_MAX_PREFIXES)
			return PKT_E_INVAL;
		len += ND_PREFIX_OPT_LEN * (size_t)m->n_prefix;
	}
	if (cap < len)
		return PKT_E_NOSPACE;
	memset(p, 0, HDR_LEN);
	p[0] = m->type;
	put_be16(p + 4, m->id);
	if (m->type == ICMP6_DHAAD_REPLY) {
		for (unsigned i = 0; i < m->n_addr; i++)
			put_in6(p + HDR_LEN + 16 * i, &m->addr[i]);
	} else if (m->type == ICMP6_MP_ADV) {
		p[6] = (uint8_t)((m->m ? 0x80 : 0) | (m->o ? 0x40 : 0));
		for (unsigned i = 0; i < m->n_prefix; i++)
			nd_prefix_opt_put(p + HDR_LEN + ND_PREFIX_OPT_LEN * i, &m->prefix[i]);
	}
	if (src && dst)
		put_be16(p + 2, csum6(src, dst, IPPROTO_ICMPV6, p, len));
	*out_len = len;
	return PKT_OK;
}

enum pkt_err dhaad_anycast(const struct in6_addr *prefix, uint8_t plen, struct in6_addr *out)
{
	if (plen > 120)
		return PKT_E_INVAL;
	*out = *prefix;
	for (unsigned bit = plen; bit < 128; bit++)
		out->s6_addr[bit / 8] |= (uint8_t)(0x80 >> (bit % 8));
	/* RFC 2526 §3: the Home-Agents anycast ID is 0x7e; for EUI-64 style
	 * identifiers (prefix length 64) the universal/local bit is 0. */
	out->s6_addr[15] &= 0x80;
	out->s6_addr[15] |= 0x7e;
	if (plen == 64)
		out->s6_addr[8] &= (uint8_t)~0x02;
	return PKT_OK;
}
