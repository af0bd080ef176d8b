/* IPv6 packets: extension headers, IPv6-in-IPv6, Mobility Header (through
 * the common codec, checksum verified), ICMPv6 ND and data. */
#include <string.h>

#include "an.h"
#include "bytes.h"
#include "csum.h"
#include "dhaad.h"
#include "esp.h"
#include "had.h"
#include "hijack.h"
#include "ip6pkt.h"
#include "nd.h"
#include "ro.h"
#include "vec.h"

/* One's-complement addition of 16-bit values. */
static uint16_t add16(uint16_t a, uint16_t b)
{
	uint32_t v = (uint32_t)a + b;

	return (uint16_t)((v & 0xffff) + (v >> 16));
}

static void bad_csum(struct analyzer *an, int point, ts_t t, const struct ip6_info *info,
		     const uint8_t *l4, uint8_t type, uint16_t off)
{
	struct bad_csum *b;
	uint16_t r;

	if (an->n_bad == AN_MAX_BAD_LIST)
		return;
	b = &an->bad[an->n_bad++];
	b->t = t;
	b->point = (uint16_t)point;
	b->proto = info->proto;
	b->type = type;
	b->src = info->src;
	b->dst = info->dst;
	b->got = get_be16(l4 + off);
	/* r = ~(S0 + got) over the packet as received, S0 being the sum with
	 * the field zeroed; the right value is ~S0 = ~(~r - got). */
	r = csum6(&info->ph_src, &info->ph_dst, info->proto, l4, info->l4_len);
	b->want = (uint16_t)~add16((uint16_t)~r, (uint16_t)~b->got);
}

static void mh(struct analyzer *an, int point, ts_t t, const struct ip6_info *info,
	       const uint8_t *l4)
{
	struct mh_msg m;
	enum pkt_err err;

	an->n_mh++;
	err = mh_decode(l4, info->l4_len, &m);
	if (err) {
		an->malformed[err]++;
		return;
	}
	an->mh_types[m.type]++;
	an->mh_checked++;
	if (mh_verify(&info->ph_src, &info->ph_dst, l4, info->l4_len) != PKT_OK) {
		an->mh_bad++;
		bad_csum(an, point, t, info, l4, m.type, MH_CSUM_OFF);
		return;		/* a receiver drops it: it takes no part in bindings */
	}
	if (ro_mh(an, point, t, &info->src, &info->dst, info->has_hao ? &info->hoa : NULL,
		  info->has_rh2 ? &info->rh2_addr : NULL, &m))
		return;
	if (m.type == MH_BU && (m.bu.flags & MH_BU_H))
		had_mh(an, point, t, &info->dst, info->has_hao ? &info->hoa : &info->src, &m);
	else if (m.type == MH_BA)
		had_mh(an, point, t, &info->src, info->has_rh2 ? &info->rh2_addr : &info->dst, &m);
	if (m.type == MH_BU)
		hj_bu(an, point, t, info->has_hao ? &info->hoa : &info->src,
		      m.opts.has_alt_coa ? &m.opts.alt_coa : &info->src, &info->dst, m.bu.seq,
		      an->cur_esp);
	else if (m.type == MH_BA && m.ba.status < 128 && m.ba.lifetime_units)
		hj_ba(an, point, t, info->has_rh2 ? &info->rh2_addr : &info->dst, &info->dst,
		      &info->src);
	an_mh(an, point, t, &info->src, &info->dst, info->has_hao ? &info->hoa : NULL,
	      info->has_rh2 ? &info->rh2_addr : NULL, &m);
}

/* ESP: with the SA, the Mobility Header inside goes on as if in the clear,
 * under the addresses of the packet that carried it. */
static void esp(struct analyzer *an, int point, ts_t t, const struct ip6_info *info,
		const uint8_t *l4)
{
	struct ip6_info in = *info;
	const uint8_t *inner;

	if (!esp_open(an, info, l4, &in.proto, &inner, &in.l4_len) || in.proto != IPPROTO_MH)
		return;
	an->cur_esp = true;
	mh(an, point, t, &in, inner);
	an->cur_esp = false;
}

/* Data on the direct path between the MN's CoA and a correspondent. */
static void direct(struct analyzer *an, int point, ts_t t, const struct ip6_info *info)
{
	if (info->has_hao || info->has_rh2)
		ro_direct(an, point, t, &info->src, &info->dst, info->has_hao ? &info->hoa : NULL,
			  info->has_rh2 ? &info->rh2_addr : NULL);
}

static void ra_seen(struct analyzer *an, int point, ts_t t, const struct ip6_info *info,
		    const struct nd_ra *ra)
{
	struct point_state *ps = &an->ps[point];
	struct ra_change *c;

	if (ps->has_last_ra && memcmp(&ps->last_ra_src, &info->src, 16) == 0)
		return;
	ps->has_last_ra = true;
	ps->last_ra_src = info->src;
	if (ps->n_ra >= AN_MAX_RECORDS)
		return;
	c = an_grow(ps->ra, &ps->cap_ra, ps->n_ra + 1, sizeof(*c));
	if (!c)
		return;
	ps->ra = c;
	c = &ps->ra[ps->n_ra++];
	memset(c, 0, sizeof(*c));
	c->t = t;
	c->src = info->src;
	c->h = ra->h;
	if (ra->n_prefix) {
		c->prefix = ra->prefix[0].prefix;
		c->prefix_len = ra->prefix[0].len;
	}
}

static void dad_seen(struct analyzer *an, int point, ts_t t, const struct in6_addr *target)
{
	struct point_state *ps = &an->ps[point];
	struct dad_probe *d;

	if (ps->n_dad >= AN_MAX_RECORDS)
		return;
	d = an_grow(ps->dad, &ps->cap_dad, ps->n_dad + 1, sizeof(*d));
	if (!d)
		return;
	ps->dad = d;
	ps->dad[ps->n_dad].t = t;
	ps->dad[ps->n_dad].target = *target;
	ps->n_dad++;
}

static void icmp6(struct analyzer *an, int point, ts_t t, const struct ip6_info *info,
		  const uint8_t *l4, bool at_mn)
{
	size_t len = info->l4_len;
	uint8_t type;

	if (len < 4) {
		an->malformed[PKT_E_TRUNCATED]++;
		return;
	}
	type = l4[0];
	an->icmp6_checked++;
	if (csum6(&info->ph_src, &info->ph_dst, IPPROTO_ICMPV6, l4, len) != 0) {
		an->icmp6_bad++;
		bad_csum(an, point, t, info, l4, type, 2);
		return;
	}
	switch (type) {
	case ND_RS:
		an->n_rs++;
		break;
	case ND_RA: {
		struct nd_ra ra;
		enum pkt_err err = nd_parse_ra(l4, len, info->hop_limit, &ra);

		an->n_ra++;
		if (err) {
			an->malformed[err]++;
			break;
		}
		if (at_mn)
			ra_seen(an, point, t, info, &ra);
		break;
	}
	case ND_NS:
	case ND_NA: {
		struct nd_nsna m;
		enum pkt_err err = nd_parse_nsna(l4, len, info->hop_limit, &m);

		if (type == ND_NS)
			an->n_ns++;
		else
			an->n_na++;
		if (err) {
			an->malformed[err]++;
			break;
		}
		if (nd_is_dad_probe(&m, &info->src)) {
			an->n_dad++;
			if (at_mn)
				dad_seen(an, point, t, &m.target);
		}
		break;
	}
	case 1:		/* errors: a dead home agent's answers to the tunnel and BUs */
	case 2:
	case 3:
	case 4:
		had_error(an, point, t, &info->ph_src, &info->ph_dst, type, l4[1]);
		break;
	case ICMP6_DHAAD_REQUEST:
	case ICMP6_DHAAD_REPLY:
	case ICMP6_MP_SOL:
	case ICMP6_MP_ADV:
		had_icmp(an, point, t, &info->ph_src, &info->ph_dst,
			 info->has_rh2 ? &info->dst : info->has_hao ? &info->src : NULL, l4, len);
		break;
	case 128:	/* echo request: the lab's probe traffic */
	case 129:
		if (len < 8) {
			an->malformed[PKT_E_TRUNCATED]++;
			break;
		}
		direct(an, point, t, info);
		/* Home addresses from here on (the pseudo-header's): a probe
		 * on the direct path is the same flow as through the tunnel. */
		if (!an->points[point].is_mn && !an->points[point].is_air)
			rtt_echo(an, point, t, type == 128, &info->ph_src, &info->ph_dst,
				 get_be16(l4 + 4), get_be16(l4 + 6), info->has_hao || info->has_rh2);
		if (!at_mn)
			break;
		if (type == 128) {
			an_echo_request(an, point, t, &info->ph_src, &info->ph_dst,
					get_be16(l4 + 4), get_be16(l4 + 6));
		} else {
			an_echo_reply(an, point, t, &info->ph_src, &info->ph_dst,
				      get_be16(l4 + 4), get_be16(l4 + 6));
		}
		break;
	}
}

void an_ip6(struct analyzer *an, int point, ts_t t, const uint8_t *p, size_t len,
	    bool truncated, bool at_mn)
{
	struct ip6_info info;
	struct in6_addr tun_src, tun_dst;
	enum pkt_err err;
	int depth = 0;

	an->n_ipv6++;
	for (;;) {
		err = ip6_parse(p, len, &info);
		if (err) {
			/* Cut by the snap length: counted, not blamed on the sender. */
			if (truncated)
				an->n_truncated_capture++;
			else
				an->malformed[err]++;
			return;
		}
		if (info.proto != IPPROTO_IPV6 || depth == 4)
			break;
		if (depth++ == 0) {
			an->n_tunnelled++;
			tun_src = info.src;
			tun_dst = info.dst;
		}
		p += info.l4_off;
		len = info.l4_len;
	}

	if (depth)
		hj_tunnel(an, point, t, &tun_src, &tun_dst, info.proto);
	switch (info.proto) {
	case IPPROTO_MH:
		mh(an, point, t, &info, p + info.l4_off);
		break;
	case IPPROTO_ESP:
		esp(an, point, t, &info, p + info.l4_off);
		break;
	case IPPROTO_ICMPV6:
		icmp6(an, point, t, &info, p + info.l4_off, at_mn);
		break;
	case IPPROTO_NONE:
		break;
	case IPPROTO_UDP:
		direct(an, point, t, &info);
		/* RTP of a stream is reported per stream, not as probe data. */
		if (an_udp(an, point, t, &info.ph_src, &info.ph_dst, p + info.l4_off, info.l4_len))
			break;
		/* fall through */
	default:
		if (info.proto != IPPROTO_UDP)
			direct(an, point, t, &info);
		/* Other data has no answer to wait for: delivered as seen. */
		if (at_mn) {
			an_data(an, point, t, &info.ph_dst);
			an_data(an, FLOW_OFFERED(point), t, &info.ph_dst);
		}
		break;
	}
}
