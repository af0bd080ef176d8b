/* Classifying and checking what the home agent sends back. */
#include <string.h>

#include "bacheck.h"
#include "ip6pkt.h"
#include "stats.h"

static int64_t node_of_iid(const struct lg_plan *plan, const struct in6_addr *a)
{
	const uint8_t *b = a->s6_addr;
	uint32_t i = (uint32_t)b[12] << 24 | (uint32_t)b[13] << 16 | (uint32_t)b[14] << 8 | b[15];

	if (b[10] != 0 || b[11] != 1 || i < plan->first || i - plan->first >= plan->nodes)
		return -1;
	return i - plan->first;
}

void lg_rx_parse(const void *pkt, size_t len, const struct lg_plan *plan, struct lg_rx *rx)
{
	struct ip6_info ip;

	memset(rx, 0, sizeof(*rx));
	rx->node = -1;
	if (ip6_parse(pkt, len, &ip) != PKT_OK || ip.proto != IPPROTO_MH) {
		rx->kind = RX_NOT_MH;
		return;
	}
	rx->src = ip.src;
	rx->dst = ip.dst;
	rx->has_rh2 = ip.has_rh2;
	rx->rh2 = ip.rh2_addr;
	if (mh_decode((const uint8_t *)pkt + ip.l4_off, ip.l4_len, &rx->m) != PKT_OK) {
		rx->kind = RX_MALFORMED;
	} else {
		rx->kind = rx->m.type == MH_BA ? RX_BA : rx->m.type == MH_BE ? RX_BE : RX_OTHER_MH;
		rx->csum_ok = mh_verify(&ip.ph_src, &ip.ph_dst, (const uint8_t *)pkt + ip.l4_off,
					rx->m.wire_len) == PKT_OK;
	}
	if (rx->has_rh2)
		rx->node = lg_node_of_hoa(plan, &rx->rh2);
	else if (rx->kind == RX_BE)
		rx->node = lg_node_of_hoa(plan, &rx->m.be.home_addr);
	if (rx->node < 0 && !rx->has_rh2)
		rx->node = node_of_iid(plan, &rx->dst);
}

uint32_t lg_ba_check(const struct lg_rx *rx, const struct lg_ba_expect *e)
{
	uint32_t bad = 0;
	uint16_t asked = mh_sec_to_units(e->lifetime);

	if (!rx->csum_ok)
		bad |= 1u << ERR_CHECKSUM;
	if (!rx->has_rh2 || memcmp(&rx->rh2, &e->hoa, sizeof(e->hoa)))
		bad |= 1u << ERR_RH2;
	if (memcmp(&rx->src, &e->ha, sizeof(e->ha)) || memcmp(&rx->dst, &e->coa, sizeof(e->coa)))
		bad |= 1u << ERR_ADDR;
	if (rx->m.ba.status >= 128)
		return bad | 1u << ERR_STATUS;	/* a refusal's number is the HA's, not ours */
	if (rx->m.ba.seq != e->seq)
		bad |= 1u << ERR_SEQ;
	if (asked == 0 ? rx->m.ba.lifetime_units != 0 :
	    rx->m.ba.lifetime_units == 0 || rx->m.ba.lifetime_units > asked)
		bad |= 1u << ERR_LIFETIME;
	return bad;
}
