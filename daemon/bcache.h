/* bcache.h - the Home Agent's binding cache: bindings keyed by Home Address in a chained
 * hash table that grows by doubling (RFC 6275 §9.1). Holds data only; the protocol rules
 * live in ha.c. */
#ifndef MIP6D_BCACHE_H
#define MIP6D_BCACHE_H

#include <netinet/in.h>
#include <stdint.h>

#include "timer.h"

enum bc_state { BC_NONE = 0, BC_DAD, BC_REGISTERED, BC_NSTATES };
/* Which of a binding's addresses the HA defends: the HoA, and with the L flag the
 * link-local address with the same interface identifier. */
enum { BOUND_HOA = 1, BOUND_LL = 2 };
const char *bc_state_name(unsigned s);

/* What a BU asks for once validated; a binding keeps the last one it accepted (or, in
 * DAD, the newest one it will answer). */
struct binding_req {
	struct in6_addr hoa, coa;
	struct in6_addr ha_addr;        /* our address the MN registered with */
	struct in6_addr reply_to;       /* the BU's IPv6 source: where the BA goes (§9.5.4) */
	int ifindex;                    /* home link */
	uint16_t seq;
	uint16_t flags;                 /* MH_BU_* */
	uint32_t lifetime;              /* granted, seconds */
	bool protected;                 /* came under ESP: the BA goes so too */
};

struct binding {
	struct binding *next;           /* hash chain */
	struct binding_req r;           /* r.hoa is the key */
	struct etimer timer;            /* DAD end or expiry, depending on state */
	uint64_t expires;               /* ms; valid in BC_REGISTERED */
	uint64_t src_prefix;            /* the /64 charged with it (srcquota.h) */
	uint8_t state;                  /* enum bc_state */
	uint8_t dad_charged;            /* counted as pending DAD for src_prefix */
	uint8_t proxy_on;               /* proxy ND installed: BOUND_HOA | BOUND_LL */
	uint8_t dad_on;                 /* DAD watched: BOUND_HOA | BOUND_LL */
	int nd_ifindex;                 /* the link proxy_on and dad_on are on */
	uint8_t tunnel_on;              /* ha_tunnel_add done for r.coa */
};

struct bcache {
	struct binding **buckets;
	uint32_t mask;                  /* buckets - 1 (power of two) */
	uint32_t count;
	uint64_t seed;
	/* The table before the last growth, its buckets moved a few per insert (all at
	 * once took 20 ms at 65,536 bindings under TCG); buckets below moved are empty. */
	struct binding **old;
	uint32_t old_mask, moved;
};

int bcache_init(struct bcache *bc, uint64_t seed);
void bcache_free(struct bcache *bc);    /* frees the table; the bindings must be gone */
struct binding *bcache_get(const struct bcache *bc, const struct in6_addr *hoa);
/* Inserts a zeroed binding for hoa (which must not be present); NULL on ENOMEM. */
struct binding *bcache_add(struct bcache *bc, const struct in6_addr *hoa);
void bcache_del(struct bcache *bc, struct binding *b);  /* unlinks and frees */

/* Iteration in bucket order: for (b = bcache_first(bc, &i); b; b = bcache_next(bc, b, &i));
 * no bcache_add during one. */
struct binding *bcache_first(const struct bcache *bc, uint32_t *i);
struct binding *bcache_next(const struct bcache *bc, const struct binding *b, uint32_t *i);

#endif
