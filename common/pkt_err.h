/* Error codes shared by every decoder and encoder in common/ (MH, IPv6
 * extension headers, ND, RTP). One enum so that the analyzer can count malformed
 * packets by reason and the daemon can log why it dropped one. */
#ifndef MIP6_PKT_ERR_H
#define MIP6_PKT_ERR_H

enum pkt_err {
	PKT_OK = 0,
	PKT_E_TRUNCATED,	/* data ends before a fixed-size header does */
	PKT_E_MH_LEN_SHORT,	/* MH Header Len smaller than its type's fixed part */
	PKT_E_MH_LEN_OVER,	/* MH Header Len claims more bytes than present */
	PKT_E_MH_PROTO,		/* MH Payload Proto is not 59 */
	PKT_E_MH_TYPE,		/* MH Type outside 0..7 */
	PKT_E_OPT_OVERRUN,	/* a mobility option runs past the MH */
	PKT_E_OPT_LEN,		/* a mobility option has the wrong length for its type */
	PKT_E_CHECKSUM,		/* checksum does not verify */
	PKT_E_NOSPACE,		/* encode: caller buffer too small */
	PKT_E_INVAL,		/* encode: a field cannot be represented */
	PKT_E_IP6_VERSION,	/* IP version field is not 6 */
	PKT_E_IP6_PLEN,		/* IPv6 Payload Length exceeds the captured packet */
	PKT_E_EXT_OVERRUN,	/* an extension header runs past the payload */
	PKT_E_EXT_CHAIN,	/* extension header chain too long or misordered */
	PKT_E_HAO_LEN,		/* Home Address option length is not 16 */
	PKT_E_DSTOPT_OVERRUN,	/* a destination option runs past its header */
	PKT_E_RH2_FORMAT,	/* type 2 routing header with bad length or segments */
	PKT_E_FRAGMENT,		/* fragmented packet: upper layer not available */
	PKT_E_ND_CODE,		/* ICMPv6 ND message with code != 0 */
	PKT_E_ND_HOPLIMIT,	/* ND message received with hop limit != 255 */
	PKT_E_ND_OPT_LEN,	/* ND option of length 0 or running past the message */
	PKT_E_ND_OPT_SHORT,	/* ND option shorter than its type requires */
	PKT_E_SOURCE,		/* source (or home address) multicast, unspecified or our own */
	PKT_E_RTP_VERSION,	/* RTP version field is not 2 */
	PKT_E_RTP_RTCP,		/* payload type 72-76: an RTCP packet (RFC 5761 §4), not RTP */
	PKT_E_RTP_LEN,		/* RTP CSRC list, extension or padding runs past the packet */
	PKT_E_ND_HAINFO_LEN,	/* Home Agent Information option whose length is not 1 (8 bytes) */
	PKT_E_ICMP_LEN,		/* ICMPv6 message length not what its type requires */
	PKT_E_DHAAD_NOADDR,	/* Home Agent Address Discovery Reply listing no address */
	PKT_E__COUNT
};

/* Short human-readable reason, never NULL (unknown values get a fixed text). */
const char *pkt_strerror(enum pkt_err err);
/* Stable machine name (e.g. "mh_len_over") for JSON keys and counters. */
const char *pkt_errname(enum pkt_err err);

#endif
