/* The address plan of the mobile nodes played: node i's home address is
 * HOME::1:0:0 + i, its care-of address lies in the visited /64 number
 * i % ceil(nodes / per_prefix), interface identifier GEN:1:(i, 32 bits), GEN counting
 * its moves.
 * So consecutive nodes come from different /64s (the HA's per-/64 quotas see a spread
 * like many visited links), and any address of the plan names its node. */
#ifndef LG_ADDR_H
#define LG_ADDR_H

#include <stdbool.h>
#include <stdint.h>
#include <netinet/in.h>

#include "opts.h"

struct lg_plan {
	uint8_t home[8];		/* the home /64 */
	uint64_t coa_hi;		/* the visited prefix, upper 64 bits, host order */
	uint64_t coa_subnets;		/* /64s used under it */
	uint32_t first, nodes;
};

void lg_plan_init(struct lg_plan *p, const struct lg_opts *o);
void lg_hoa(const struct lg_plan *p, uint32_t i, struct in6_addr *a);
void lg_coa(const struct lg_plan *p, uint32_t i, uint16_t gen, struct in6_addr *a);
/* Node i is the plan's first + i: i is what the functions take and give. */
/* Node index a home address of the plan names, or -1. */
int64_t lg_node_of_hoa(const struct lg_plan *p, const struct in6_addr *a);
bool lg_in_prefix(const struct in6_addr *a, const struct lg_prefix *pfx);
/* A random address of the /64s under pfx (the prefix's own bits kept). */
void lg_random_in(const struct lg_prefix *pfx, uint64_t r1, uint64_t r2, struct in6_addr *a);

#endif
