/* ha_disc.h - a home agent's part in discovery (RFC 6275 §10.5, §10.6): the anycast
 * address of each home prefix, the home prefixes as the home link's RAs give them, and
 * the Mobile Prefix Advertisements they cause. */
#ifndef MIP6D_HA_DISC_H
#define MIP6D_HA_DISC_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>

#include "timer.h"

#define HD_MAX_ANYCAST 8
#define HD_MAX_PREFIXES 8
#define HD_MAX_UNACKED 1024     /* unsolicited MPAs retransmitted until a BU (§10.6.2) */

/* RFC 6275 §12. */
#define PREFIX_ADV_TIMEOUT_MS 3000u
#define PREFIX_ADV_RETRIES 3u

struct hd_anycast {
	int ifindex;
	struct in6_addr addr;           /* the Home-Agents anycast address */
	struct in6_addr prefix;         /* of this home prefix */
	uint8_t plen;
};

/* A home prefix as an RA on a home link last advertised it. */
struct hd_prefix {
	int ifindex;
	struct in6_addr prefix;         /* masked to plen */
	uint8_t plen;
	uint8_t flags;                  /* ENG_PI_* */
	uint32_t valid, preferred;      /* seconds as advertised */
	uint64_t at;                    /* when (ms) */
};

struct ha_disc {
	unsigned n_any;
	struct hd_anycast any[HD_MAX_ANYCAST];
	unsigned n_pfx;
	struct hd_prefix pfx[HD_MAX_PREFIXES];
	uint64_t last_unsol;            /* last unsolicited MPA round (ms), 0: none */
	struct etimer mpa_timer;        /* the next round */
	uint16_t mpa_id;
	/* The last round's mobile nodes whose BU has not acknowledged it yet: the binding's
	 * sequence number when the MPA went (a newer accepted BU is the acknowledgement). */
	unsigned n_unacked, retries;
	struct hd_unacked {
		struct in6_addr hoa;
		uint16_t seq;
	} unacked[HD_MAX_UNACKED];
	struct etimer retx_timer;
};

#endif
