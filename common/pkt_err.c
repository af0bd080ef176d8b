#include "pkt_err.h"

static const struct {
	const char *name;
	const char *text;
} errs[PKT_E__COUNT] = {
	[PKT_OK]		= { "ok", "no error" },
	[PKT_E_TRUNCATED]	= { "truncated", "truncated: data ends inside a header" },
	[PKT_E_MH_LEN_SHORT]	= { "mh_len_short", "MH header length too small for its type" },
	[PKT_E_MH_LEN_OVER]	= { "mh_len_over", "MH header length runs past the data" },
	[PKT_E_MH_PROTO]	= { "mh_payload_proto", "MH payload proto is not 59" },
	[PKT_E_MH_TYPE]		= { "mh_unknown_type", "unknown MH type" },
	[PKT_E_OPT_OVERRUN]	= { "mh_opt_overrun", "mobility option overruns the header" },
	[PKT_E_OPT_LEN]		= { "mh_opt_len", "mobility option has a wrong length for its type" },
	[PKT_E_CHECKSUM]	= { "bad_checksum", "bad checksum" },
	[PKT_E_NOSPACE]		= { "no_space", "output buffer too small" },
	[PKT_E_INVAL]		= { "invalid_field", "field value cannot be encoded" },
	[PKT_E_IP6_VERSION]	= { "ip_version", "IP version is not 6" },
	[PKT_E_IP6_PLEN]	= { "ip6_plen", "IPv6 payload length exceeds the packet" },
	[PKT_E_EXT_OVERRUN]	= { "ext_overrun", "extension header runs past the payload" },
	[PKT_E_EXT_CHAIN]	= { "ext_chain", "extension header chain too long" },
	[PKT_E_HAO_LEN]		= { "hao_len", "Home Address option length is not 16" },
	[PKT_E_DSTOPT_OVERRUN]	= { "dstopt_overrun", "destination option overruns its header" },
	[PKT_E_RH2_FORMAT]	= { "rh2_format", "malformed type 2 routing header" },
	[PKT_E_FRAGMENT]	= { "fragment", "fragmented packet (not reassembled)" },
	[PKT_E_ND_CODE]		= { "nd_code", "ND message code is not 0" },
	[PKT_E_ND_HOPLIMIT]	= { "nd_hop_limit", "ND message hop limit is not 255" },
	[PKT_E_ND_OPT_LEN]	= { "nd_opt_len", "ND option length 0 or past the message" },
	[PKT_E_ND_OPT_SHORT]	= { "nd_opt_short", "ND option too short for its type" },
	[PKT_E_SOURCE]		= { "bad_source", "source multicast, unspecified or our own" },
	[PKT_E_RTP_VERSION]	= { "rtp_version", "RTP version is not 2" },
	[PKT_E_RTP_RTCP]	= { "rtp_is_rtcp", "RTCP packet type, not RTP" },
	[PKT_E_RTP_LEN]		= { "rtp_len", "RTP CSRCs, extension or padding run past the packet" },
	[PKT_E_ND_HAINFO_LEN]	= { "nd_hainfo_len", "Home Agent Information option length is not 1" },
	[PKT_E_ICMP_LEN]	= { "icmp_len", "ICMPv6 message length wrong for its type" },
	[PKT_E_DHAAD_NOADDR]	= { "dhaad_noaddr", "DHAAD reply lists no home agent" },
};

const char *pkt_strerror(enum pkt_err err)
{
	if ((unsigned)err >= PKT_E__COUNT)
		return "unknown error";
	return errs[err].text;
}

const char *pkt_errname(enum pkt_err err)
{
	if ((unsigned)err >= PKT_E__COUNT)
		return "unknown";
	return errs[err].name;
}
