/* The Neighbor Discovery messages mip6d needs for movement detection and the
 * analyzer needs for handover timelines: Router Advertisement (RFC 4861 §4.2
 * with the RFC 6275 §7.1 H flag, §7.2 R flag, §7.3 Advertisement Interval and
 * §7.4 Home Agent Information options), Router Solicitation (build), and
 * Neighbor Solicitation / Advertisement (enough to see DAD).
 * Buffers hold the ICMPv6 message starting at its Type byte. */
#ifndef MIP6_ND_H
#define MIP6_ND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>

#include "pkt_err.h"

#define ND_RS	133
#define ND_RA	134
#define ND_NS	135
#define ND_NA	136

#define ND_MAX_PREFIXES	8
#define ND_LLADDR_MAX	16

struct nd_prefix {
	struct in6_addr prefix;
	uint8_t len;
	bool l, a, r;		/* on-link, autonomous, router address (§7.2) */
	uint32_t valid, preferred;	/* seconds; 0xffffffff = infinity */
};

struct nd_ra {
	uint8_t cur_hop_limit;
	bool m, o, h;		/* managed, other config, home agent */
	uint16_t router_lifetime;	/* seconds */
	uint32_t reachable_ms, retrans_ms;
	bool has_slla;
	uint8_t slla_len;
	uint8_t slla[ND_LLADDR_MAX];
	bool has_mtu;
	uint32_t mtu;
	bool has_adv_interval;
	uint32_t adv_interval_ms;	/* §7.3 */
	bool has_ha_info;
	uint16_t ha_preference, ha_lifetime;	/* §7.4; lifetime in seconds */
	uint8_t n_prefix;
	uint8_t n_prefix_dropped;	/* beyond ND_MAX_PREFIXES */
	struct nd_prefix prefix[ND_MAX_PREFIXES];
	uint8_t n_unknown_opts;
};

struct nd_nsna {
	uint8_t type;		/* ND_NS or ND_NA */
	struct in6_addr target;
	bool r, s, o;		/* NA flags: router, solicited, override */
	bool has_lla;		/* source (NS) or target (NA) link-layer option */
	uint8_t lla_len;
	uint8_t lla[ND_LLADDR_MAX];
};

#define ND_OPT_PREFIX		3
#define ND_PREFIX_OPT_LEN	32

/* Walk the ND options in p[off..len) (RFC 4861 §4.6), calling fn with each
 * whole option; stops at the first error, fn's or a length of 0 or past len
 * (PKT_E_ND_OPT_LEN). Shared with the Mobile Prefix Advertisement (dhaad.c). */
typedef enum pkt_err (*nd_opt_fn)(uint8_t type, const uint8_t *o, size_t olen, void *ctx);
enum pkt_err nd_walk_opts(const uint8_t *p, size_t off, size_t len, nd_opt_fn fn, void *ctx);
/* A Prefix Information option of olen bytes (PKT_E_ND_OPT_SHORT under 32). */
enum pkt_err nd_prefix_opt_parse(const uint8_t *o, size_t olen, struct nd_prefix *pi);
/* Writes the 32 bytes of a Prefix Information option at o. */
void nd_prefix_opt_put(uint8_t *o, const struct nd_prefix *pi);

/* hop_limit is the IPv6 Hop Limit of the packet; RFC 4861 §6.1.2 requires
 * 255. Does not verify the checksum (see csum6()). A Home Agent Information
 * option whose length is not 1 makes the RA invalid (PKT_E_ND_HAINFO_LEN). */
enum pkt_err nd_parse_ra(const void *icmp, size_t len, uint8_t hop_limit,
			 struct nd_ra *ra);
/* Parses type 135 or 136 (anything else: PKT_E_INVAL). */
enum pkt_err nd_parse_nsna(const void *icmp, size_t len, uint8_t hop_limit,
			   struct nd_nsna *m);

/* A DAD probe is an NS from the unspecified address (RFC 4862 §5.4.2). */
static inline bool nd_is_dad_probe(const struct nd_nsna *m, const struct in6_addr *src)
{
	return m->type == ND_NS && IN6_IS_ADDR_UNSPECIFIED(src);
}

/* Build a Router Solicitation, with a Source Link-Layer Address option when
 * lladdr_len > 0 (must be 0 when sent from the unspecified address). With
 * src and dst non-NULL the checksum is filled in, else it is left 0 (a raw
 * ICMPv6 socket computes it). */
enum pkt_err nd_build_rs(const uint8_t *lladdr, size_t lladdr_len,
			 const struct in6_addr *src, const struct in6_addr *dst,
			 void *buf, size_t cap, size_t *out_len);

#endif
