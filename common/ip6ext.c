#include <string.h>

#include "bytes.h"
#include "ip6ext.h"

enum pkt_err hao_encode(uint8_t next_header, const struct in6_addr *hoa,
			void *buf, size_t cap)
{
	uint8_t *p = buf;

	if (cap < HAO_HDR_LEN)
		return PKT_E_NOSPACE;
	memset(p, 0, HAO_HDR_LEN);
	p[0] = next_header;
	p[1] = HAO_HDR_LEN / 8 - 1;
	p[2] = 1;			/* PadN, 2 bytes of data */
	p[3] = 2;
	p[6] = IP6_OPT_HAO;
	p[7] = 16;
	put_in6(p + 8, hoa);
	return PKT_OK;
}

enum pkt_err dstopts_find_hao(const void *hdr, size_t len, bool *found,
			      struct in6_addr *hoa)
{
	const uint8_t *p = hdr;
	size_t off = 2;

	*found = false;
	if (len < 8 || ((size_t)p[1] + 1) * 8 > len)
		return PKT_E_EXT_OVERRUN;
	len = ((size_t)p[1] + 1) * 8;
	while (off < len) {
		uint8_t type = p[off], olen;

		if (type == 0) {	/* Pad1 */
			off++;
			continue;
		}
		if (len - off < 2)
			return PKT_E_DSTOPT_OVERRUN;
		olen = p[off + 1];
		if (len - off - 2 < olen)
			return PKT_E_DSTOPT_OVERRUN;
		if (type == IP6_OPT_HAO) {
			if (olen != 16)
				return PKT_E_HAO_LEN;
			get_in6(hoa, p + off + 2);
			*found = true;
		}
		off += 2u + olen;
	}
	return PKT_OK;
}

enum pkt_err rh2_encode(uint8_t next_header, const struct in6_addr *hoa,
			void *buf, size_t cap)
{
	uint8_t *p = buf;

	if (cap < RH2_HDR_LEN)
		return PKT_E_NOSPACE;
	memset(p, 0, RH2_HDR_LEN);
	p[0] = next_header;
	p[1] = RH2_HDR_LEN / 8 - 1;
	p[2] = RH_TYPE_2;
	p[3] = 1;
	put_in6(p + 8, hoa);
	return PKT_OK;
}

enum pkt_err rh2_decode(const void *hdr, size_t len, struct in6_addr *hoa,
			uint8_t *segments_left)
{
	const uint8_t *p = hdr;

	if (len < RH2_HDR_LEN)
		return PKT_E_EXT_OVERRUN;
	/* §6.4: Hdr Ext Len 2, Segments Left 1; 0 once processed. */
	if (p[1] != 2 || p[2] != RH_TYPE_2 || p[3] > 1)
		return PKT_E_RH2_FORMAT;
	get_in6(hoa, p + 8);
	*segments_left = p[3];
	return PKT_OK;
}
