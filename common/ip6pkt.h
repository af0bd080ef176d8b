/* Whole IPv6 packets: walk the extension header chain to the upper layer
 * (finding the HAO, the type 2 routing header and the checksum pseudo-header
 * addresses), and build packets carrying a Mobility Header or ICMPv6. */
#ifndef MIP6_IP6PKT_H
#define MIP6_IP6PKT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>

#include "ip6ext.h"
#include "mh.h"
#include "pkt_err.h"

#ifndef IPPROTO_ICMPV6
#define IPPROTO_ICMPV6 58
#endif

struct ip6_info {
	struct in6_addr src, dst;	/* as in the IPv6 header */
	uint8_t hop_limit;
	uint16_t payload_len;		/* IPv6 Payload Length field */
	bool has_hao;
	struct in6_addr hoa;		/* Home Address option */
	bool has_rh2;
	struct in6_addr rh2_addr;	/* type 2 routing header address */
	uint8_t rh2_segleft;
	bool has_other_rh;		/* a routing header of another type */
	uint8_t n_ext;			/* extension headers walked */
	uint8_t proto;			/* upper layer: 58, 135, 41 (IPv6-in-IPv6), 17, 59... */
	size_t l4_off;			/* offset of the upper-layer header */
	size_t l4_len;			/* its length per Payload Length */
	/* Pseudo-header addresses for the upper-layer checksum: the HoA when
	 * a HAO is present, the RH2 address while Segments Left is 1. */
	struct in6_addr ph_src, ph_dst;
};

/* Parse an IPv6 packet of len bytes (trailing bytes past Payload Length,
 * e.g. Ethernet padding, are ignored). Never reads outside [pkt, pkt+len).
 * Errors: PKT_E_TRUNCATED (< 40 bytes), PKT_E_IP6_VERSION, PKT_E_IP6_PLEN
 * (Payload Length beyond len), PKT_E_EXT_OVERRUN, PKT_E_EXT_CHAIN,
 * PKT_E_HAO_LEN, PKT_E_DSTOPT_OVERRUN, PKT_E_RH2_FORMAT, PKT_E_FRAGMENT.
 * Fields up to the failing header are filled in on error. */
enum pkt_err ip6_parse(const void *pkt, size_t len, struct ip6_info *info);

struct ip6_spec {
	struct in6_addr src, dst;	/* IPv6 header: src is the CoA when hoa is set */
	uint8_t hop_limit;		/* 0 means 64 */
	uint8_t tclass;
	uint32_t flow_label;
	const struct in6_addr *rh2;	/* non-NULL: type 2 routing header with this HoA */
	const struct in6_addr *hoa;	/* non-NULL: Dest-opts header with this HAO */
};

/* Write the IPv6 header, then [RH2] then [Dest-opts(HAO)] (RFC 8200 §4.1
 * order), for an upper layer of proto and upper_len bytes that the caller
 * puts at buf + *hdr_len. */
enum pkt_err ip6_build_hdr(const struct ip6_spec *s, uint8_t proto, size_t upper_len,
			   void *buf, size_t cap, size_t *hdr_len);

/* Pseudo-header addresses the spec implies (HoA as source, RH2 address as
 * final destination). */
void ip6_spec_pseudo(const struct ip6_spec *s, struct in6_addr *ph_src,
		     struct in6_addr *ph_dst);

/* A complete IPv6 packet carrying msg: headers, MH, checksum filled in. */
enum pkt_err ip6_build_mh(const struct ip6_spec *s, const struct mh_msg *msg,
			  void *buf, size_t cap, size_t *out_len);

/* A complete IPv6 packet carrying the ICMPv6 message icmp[0..len) (its
 * checksum field is overwritten with the correct value). */
enum pkt_err ip6_build_icmp6(const struct ip6_spec *s, const void *icmp, size_t len,
			     void *buf, size_t cap, size_t *out_len);

#endif
