/* RTP fixed header codec (RFC 3550 §5.1). */
#include <string.h>

#include "bytes.h"
#include "rtp.h"

enum pkt_err rtp_parse(const uint8_t *p, size_t len, struct rtp_hdr *h)
{
	size_t off, end = len;

	memset(h, 0, sizeof(*h));
	if (len < RTP_HDR_LEN)
		return PKT_E_TRUNCATED;
	if (p[0] >> 6 != RTP_VERSION)
		return PKT_E_RTP_VERSION;
	h->padding = p[0] & 0x20;
	h->extension = p[0] & 0x10;
	h->csrc_count = p[0] & 0x0f;
	h->marker = p[1] & 0x80;
	h->pt = p[1] & 0x7f;
	/* RFC 5761 §4: RTCP SR, RR, SDES, BYE, APP (200-204) on the same port. */
	if (h->pt >= 72 && h->pt <= 76)
		return PKT_E_RTP_RTCP;
	h->seq = get_be16(p + 2);
	h->ts = get_be32(p + 4);
	h->ssrc = get_be32(p + 8);
	off = RTP_HDR_LEN + 4 * (size_t)h->csrc_count;
	if (off > len)
		return PKT_E_RTP_LEN;
	if (h->extension) {
		/* 16 bits profile-defined, 16 bits length in 32-bit words. */
		if (off + 4 > len)
			return PKT_E_RTP_LEN;
		off += 4 + 4 * (size_t)get_be16(p + off + 2);
		if (off > len)
			return PKT_E_RTP_LEN;
	}
	if (h->padding) {
		/* The last octet counts the padding, itself included. */
		uint8_t pad = p[len - 1];

		if (pad == 0 || pad > len - off)
			return PKT_E_RTP_LEN;
		end = len - pad;
	}
	h->payload_off = off;
	h->payload_len = end - off;
	return PKT_OK;
}

int rtp_build(uint8_t *buf, size_t cap, const struct rtp_hdr *h, const uint8_t *payload,
	      size_t plen)
{
	if (h->pt > 127 || cap < RTP_HDR_LEN || plen > cap - RTP_HDR_LEN || plen > 65535)
		return -1;
	buf[0] = RTP_VERSION << 6;
	buf[1] = (uint8_t)((h->marker ? 0x80 : 0) | h->pt);
	put_be16(buf + 2, h->seq);
	put_be32(buf + 4, h->ts);
	put_be32(buf + 8, h->ssrc);
	if (plen)
		memcpy(buf + RTP_HDR_LEN, payload, plen);
	return (int)(RTP_HDR_LEN + plen);
}

int64_t rtp_ext16(int64_t ref, uint16_t v)
{
	int64_t x = (ref & ~(int64_t)0xffff) | v;

	if (x - ref > 0x8000)
		x -= 0x10000;
	else if (ref - x > 0x8000)
		x += 0x10000;
	return x;
}

int64_t rtp_ext32(int64_t ref, uint32_t v)
{
	int64_t x = (ref & ~(int64_t)0xffffffff) | v;

	if (x - ref > 0x80000000LL)
		x -= 0x100000000LL;
	else if (ref - x > 0x80000000LL)
		x += 0x100000000LL;
	return x;
}
