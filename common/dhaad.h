/* The ICMPv6 messages of Mobile IPv6's home agent and prefix discovery
 * (RFC 6275 §6.5-6.8): Home Agent Address Discovery Request (144) and Reply
 * (145), Mobile Prefix Solicitation (146) and Advertisement (147). Buffers
 * hold the ICMPv6 message from its Type byte; the checksum is the caller's
 * (csum6(), or ip6_build_icmp6() which fills it in). */
#ifndef MIP6_DHAAD_H
#define MIP6_DHAAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>

#include "nd.h"
#include "pkt_err.h"

#define ICMP6_DHAAD_REQUEST	144
#define ICMP6_DHAAD_REPLY	145
#define ICMP6_MP_SOL		146
#define ICMP6_MP_ADV		147

/* §10.5: a Reply stays within the minimum IPv6 MTU (1280 - 40 - 8) / 16. */
#define DHAAD_MAX_ADDRS		77

struct dhaad_msg {
	uint8_t type;			/* ICMP6_DHAAD_REQUEST .. ICMP6_MP_ADV */
	uint16_t id;			/* Identifier, every type */
	bool m, o;			/* MPA: Managed / Other configuration flags */
	uint8_t n_addr;			/* Reply: home agents, in the Reply's order */
	uint8_t n_addr_dropped;		/* beyond DHAAD_MAX_ADDRS */
	struct in6_addr addr[DHAAD_MAX_ADDRS];
	uint8_t n_prefix;		/* MPA: Prefix Information options */
	uint8_t n_prefix_dropped;	/* beyond ND_MAX_PREFIXES */
	struct nd_prefix prefix[ND_MAX_PREFIXES];
	uint8_t n_unknown_opts;
};

/* True for the four types this file knows. */
static inline bool dhaad_is_type(uint8_t type)
{
	return type >= ICMP6_DHAAD_REQUEST && type <= ICMP6_MP_ADV;
}

/* Decode len bytes. Errors: PKT_E_TRUNCATED (under 8 bytes), PKT_E_INVAL (not
 * one of the four types), PKT_E_ND_CODE (code not 0), PKT_E_ICMP_LEN (a
 * Request or Solicitation not exactly 8 bytes, a Reply whose addresses are not
 * whole), PKT_E_DHAAD_NOADDR (a Reply with no address), the ND option errors
 * of an Advertisement (nd_walk_opts, nd_prefix_opt_parse). */
enum pkt_err dhaad_decode(const void *icmp, size_t len, struct dhaad_msg *m);

/* Encode m (its type's fields only); with src and dst non-NULL the checksum
 * is filled in, else left 0. PKT_E_INVAL for an unknown type, a Reply with no
 * address or more than DHAAD_MAX_ADDRS, an Advertisement with more than
 * ND_MAX_PREFIXES prefixes. */
enum pkt_err dhaad_encode(const struct dhaad_msg *m, const struct in6_addr *src,
			  const struct in6_addr *dst, void *buf, size_t cap, size_t *out_len);

/* The Mobile IPv6 Home-Agents anycast address of a prefix (RFC 2526 §2-3):
 * the prefix with an interface identifier of all ones but the anycast ID 0x7e
 * in its last 7 bits; for a /64, prefix::fdff:ffff:ffff:fffe. PKT_E_INVAL for
 * a prefix length over 120 (no room for the ID). */
enum pkt_err dhaad_anycast(const struct in6_addr *prefix, uint8_t plen, struct in6_addr *out);

#endif
