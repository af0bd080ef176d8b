/* RTP fixed header (RFC 3550 §5.1): parsed by mip6-analyze and by mip6-rtp's
 * receiver, built by mip6-rtp's sender. Bounds-checked; an RTCP packet sent to
 * the same port (RFC 5761 §4: second byte 200-204, seen as payload type 72-76
 * with the marker bit) is refused, so are version 0, 1 and 3. */
#ifndef MIP6_RTP_H
#define MIP6_RTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pkt_err.h"

#define RTP_HDR_LEN	12
#define RTP_VERSION	2

struct rtp_hdr {
	bool padding, extension, marker;
	uint8_t csrc_count;	/* CC: 32-bit CSRC identifiers after the fixed header */
	uint8_t pt;		/* payload type, 7 bits */
	uint16_t seq;
	uint32_t ts;
	uint32_t ssrc;
	size_t payload_off;	/* after the CSRCs and the header extension */
	size_t payload_len;	/* without the padding */
};

/* Parses the len bytes of a UDP payload as RTP. PKT_E_TRUNCATED when shorter
 * than the fixed header, PKT_E_RTP_VERSION, PKT_E_RTP_RTCP, PKT_E_RTP_LEN when
 * the CSRC list, the extension (its length word) or the padding (its count,
 * the last byte) do not fit. */
enum pkt_err rtp_parse(const uint8_t *p, size_t len, struct rtp_hdr *h);

/* Writes the fixed header of h (no CSRC, no extension, no padding: those fields
 * of h are ignored) followed by plen bytes of payload into buf. Returns the
 * length, or -1 when cap is too small or pt does not fit 7 bits. */
int rtp_build(uint8_t *buf, size_t cap, const struct rtp_hdr *h, const uint8_t *payload,
	      size_t plen);

/* Extends a 16-bit sequence number (or, with rtp_ext32, a 32-bit timestamp) to
 * the 64-bit value nearest to ref that has the same low bits (RFC 3550 A.1: the
 * wrap is counted). */
int64_t rtp_ext16(int64_t ref, uint16_t v);
int64_t rtp_ext32(int64_t ref, uint32_t v);

#endif
