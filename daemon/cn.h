/* cn.h - the correspondent node (RFC 6275 §5.2, §9): return routability without state
 * per mobile node (a secret Kcn and a ring of nonces), and the correspondent's binding
 * cache, keyed by (home address, our address). The role's rules live in cn.c. */
#ifndef MIP6D_CN_H
#define MIP6D_CN_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>

#include "rr.h"
#include "timer.h"

/* A new nonce every CN_NONCE_EVERY_MS; the ring keeps more than MAX_NONCE_LIFETIME
 * (§12: 240 s) of them, so that a nonce is refused for its age, never for the ring. */
#define CN_NONCES 10
#define CN_NONCE_EVERY_MS 30000u
#define CN_MAX_NONCE_LIFETIME_MS 240000u
#define CN_MAX_RR_BINDING_LIFETIME 420u   /* §12, seconds */

struct cn_nonce {
	uint8_t v[RR_NONCE_LEN];
	uint16_t index;
	uint64_t born;                  /* ms; 0 = never made */
};

struct cn_binding {
	struct cn_binding *next;        /* hash chain */
	struct in6_addr hoa, local, coa;
	struct etimer timer;            /* refresh request, then expiry */
	uint64_t expires;               /* ms */
	uint32_t lifetime;              /* granted, seconds */
	uint16_t seq;
	uint8_t brr_sent;
};

struct cn_state {
	uint8_t kcn[RR_KCN_LEN];
	struct cn_nonce nonces[CN_NONCES];
	uint16_t newest;                /* index of the newest nonce */
	struct etimer nonce_timer;
	struct cn_binding **buckets;
	uint32_t mask, count;
	uint64_t seed;
};

struct cn_binding *cn_binding_get(const struct cn_state *cn, const struct in6_addr *hoa,
				  const struct in6_addr *local);
/* Each binding, for the VT's listing. */
struct cn_binding *cn_binding_first(const struct cn_state *cn, uint32_t *i);
struct cn_binding *cn_binding_next(const struct cn_state *cn, const struct cn_binding *b,
				   uint32_t *i);

#endif
