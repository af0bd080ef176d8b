#include <string.h>

#include "bytes.h"
#include "csum.h"
#include "ip6pkt.h"

#define NH_HOPOPTS	0
#define NH_ROUTING	43
#define NH_FRAGMENT	44
#define NH_AH		51
#define NH_DSTOPTS	60
#define MAX_EXT		16	/* more than any sane chain; bounds the walk */

enum pkt_err ip6_parse(const void *pkt, size_t len, struct ip6_info *info)
{
	const uint8_t *p = pkt;
	size_t off = IP6_HDR_LEN, end;
	uint8_t nh;

	memset(info, 0, sizeof(*info));
	if (len < IP6_HDR_LEN)
		return PKT_E_TRUNCATED;
	if (p[0] >> 4 != 6)
		return PKT_E_IP6_VERSION;
	info->payload_len = get_be16(p + 4);
	nh = p[6];
	info->hop_limit = p[7];
	get_in6(&info->src, p + 8);
	get_in6(&info->dst, p + 24);
	info->ph_src = info->src;
	info->ph_dst = info->dst;
	if (len - IP6_HDR_LEN < info->payload_len)
		return PKT_E_IP6_PLEN;
	end = IP6_HDR_LEN + info->payload_len;

	for (;;) {
		size_t hlen;
		enum pkt_err err;

		info->proto = nh;
		info->l4_off = off;
		info->l4_len = end - off;
		if (nh != NH_HOPOPTS && nh != NH_ROUTING && nh != NH_FRAGMENT &&
		    nh != NH_AH && nh != NH_DSTOPTS)
			break;
		if (info->n_ext >= MAX_EXT || (nh == NH_HOPOPTS && info->n_ext))
			return PKT_E_EXT_CHAIN;
		if (end - off < 8)
			return PKT_E_EXT_OVERRUN;
		if (nh == NH_FRAGMENT)
			hlen = 8;
		else if (nh == NH_AH)
			hlen = ((size_t)p[off + 1] + 2) * 4;
		else
			hlen = ((size_t)p[off + 1] + 1) * 8;
		if (end - off < hlen)
			return PKT_E_EXT_OVERRUN;

		switch (nh) {
		case NH_DSTOPTS: {
			bool found;
			struct in6_addr hoa;

			err = dstopts_find_hao(p + off, hlen, &found, &hoa);
			if (err)
				return err;
			if (found) {
				info->has_hao = true;
				info->hoa = hoa;
				info->ph_src = hoa;
			}
			break;
		}
		case NH_ROUTING:
			if (p[off + 2] == RH_TYPE_2) {
				err = rh2_decode(p + off, hlen, &info->rh2_addr,
						 &info->rh2_segleft);
				if (err)
					return err;
				info->has_rh2 = true;
				if (info->rh2_segleft)
					info->ph_dst = info->rh2_addr;
			} else {
				info->has_other_rh = true;
			}
			break;
		case NH_FRAGMENT:
			/* Offset or More-Fragments set: the upper layer is not whole. */
			if (get_be16(p + off + 2) & 0xfff9)
				return PKT_E_FRAGMENT;
			break;
		}
		nh = p[off];
		off += hlen;
		info->n_ext++;
	}
	return PKT_OK;
}

void ip6_spec_pseudo(const struct ip6_spec *s, struct in6_addr *ph_src,
		     struct in6_addr *ph_dst)
{
	*ph_src = s->hoa ? *s->hoa : s->src;
	*ph_dst = s->rh2 ? *s->rh2 : s->dst;
}

enum pkt_err ip6_build_hdr(const struct ip6_spec *s, uint8_t proto, size_t upper_len,
			   void *buf, size_t cap, size_t *hdr_len)
{
	uint8_t *p = buf;
	size_t ext = (s->rh2 ? RH2_HDR_LEN : 0) + (s->hoa ? HAO_HDR_LEN : 0);
	size_t off = IP6_HDR_LEN;
	uint8_t first = s->rh2 ? NH_ROUTING : s->hoa ? NH_DSTOPTS : proto;

	if (ext + upper_len > 0xffff || s->flow_label > 0xfffff)
		return PKT_E_INVAL;
	if (cap < IP6_HDR_LEN + ext)
		return PKT_E_NOSPACE;
	put_be32(p, 6u << 28 | (uint32_t)s->tclass << 20 | s->flow_label);
	put_be16(p + 4, (uint16_t)(ext + upper_len));
	p[6] = first;
	p[7] = s->hop_limit ? s->hop_limit : 64;
	put_in6(p + 8, &s->src);
	put_in6(p + 24, &s->dst);
	if (s->rh2) {
		rh2_encode(s->hoa ? NH_DSTOPTS : proto, s->rh2, p + off, cap - off);
		off += RH2_HDR_LEN;
	}
	if (s->hoa) {
		hao_encode(proto, s->hoa, p + off, cap - off);
		off += HAO_HDR_LEN;
	}
	*hdr_len = off;
	return PKT_OK;
}

enum pkt_err ip6_build_mh(const struct ip6_spec *s, const struct mh_msg *msg,
			  void *buf, size_t cap, size_t *out_len)
{
	uint8_t mh[MH_MAX_LEN];
	size_t mh_len, hdr_len;
	struct in6_addr ph_src, ph_dst;
	enum pkt_err err;

	err = mh_encode(msg, mh, sizeof(mh), &mh_len);
	if (err)
		return err;
	err = ip6_build_hdr(s, IPPROTO_MH, mh_len, buf, cap, &hdr_len);
	if (err)
		return err;
	if (cap - hdr_len < mh_len)
		return PKT_E_NOSPACE;
	ip6_spec_pseudo(s, &ph_src, &ph_dst);
	mh_set_checksum(&ph_src, &ph_dst, mh, mh_len);
	memcpy((uint8_t *)buf + hdr_len, mh, mh_len);
	*out_len = hdr_len + mh_len;
	return PKT_OK;
}

enum pkt_err ip6_build_icmp6(const struct ip6_spec *s, const void *icmp, size_t len,
			     void *buf, size_t cap, size_t *out_len)
{
	size_t hdr_len;
	uint8_t *m;
	struct in6_addr ph_src, ph_dst;
	enum pkt_err err;

	if (len < 4)
		return PKT_E_INVAL;
	err = ip6_build_hdr(s, IPPROTO_ICMPV6, len, buf, cap, &hdr_len);
	if (err)
		return err;
	if (cap - hdr_len < len)
		return PKT_E_NOSPACE;
	m = (uint8_t *)buf + hdr_len;
	memcpy(m, icmp, len);
	m[2] = m[3] = 0;
	ip6_spec_pseudo(s, &ph_src, &ph_dst);
	put_be16(m + 2, csum6(&ph_src, &ph_dst, IPPROTO_ICMPV6, m, len));
	*out_len = hdr_len + len;
	return PKT_OK;
}
