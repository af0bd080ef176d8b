/* halist.h - the home agents list of a home agent (RFC 6275 §10.5.1): every home agent
 * heard on a home link in a Router Advertisement with the H flag, keyed by its
 * link-local address, with its global addresses (prefixes with the R flag), its
 * preference and lifetime (Home Agent Information option, else 0 and the router
 * lifetime). Data and ordering only; ha_disc.c decides when to learn and answer. */
#ifndef MIP6D_HALIST_H
#define MIP6D_HALIST_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>

#include "timer.h"

#define HAL_MAX 16              /* home agents remembered in all */
#define HAL_MAX_GLOBAL 4        /* global addresses remembered per home agent */

struct hal_entry {
	bool used;
	int ifindex;
	struct in6_addr ll;             /* the key, with ifindex */
	unsigned n_global;
	struct in6_addr global[HAL_MAX_GLOBAL];
	int16_t preference;
	uint64_t expires;               /* ms */
	struct etimer timer;            /* expiry; slots never move, so timers stay put */
};

struct halist {
	struct hal_entry v[HAL_MAX];
};

struct engine;
struct eng_ra;

/* An RA with the H flag heard on ifindex: add, refresh or (lifetime 0) remove its
 * sender. Returns -1 when the list is full (not learned), else 0. */
int halist_heard(struct engine *e, struct halist *l, const struct eng_ra *ra);
void halist_stop(struct engine *e, struct halist *l);
/* The global addresses of the home agents on ifindex within prefix/plen, best first
 * (highest preference; equal ones in random order, §10.5.1 spreads the load so),
 * at most max. Returns how many were written. */
unsigned halist_addrs(const struct halist *l, int ifindex, const struct in6_addr *prefix,
		      uint8_t plen, struct in6_addr *out, unsigned max);
/* The used entries in list order (preference, then ifindex and address), for the VT. */
unsigned halist_sorted(const struct halist *l, const struct hal_entry **out, unsigned max);

#endif
