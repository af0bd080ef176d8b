/* Home address -> two indices, open addressing: the exchanges of one home
 * address at a capture point, the mobile node of one home address. Memory
 * grows with the addresses, never with the packets. */
#ifndef MIP6_AN_HOA_MAP_H
#define MIP6_AN_HOA_MAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>

#define HOA_NONE UINT32_MAX

struct hoa_slot {
	struct in6_addr a;
	uint32_t first, last;	/* HOA_NONE until set */
	bool used;
};

struct hoa_map {
	struct hoa_slot *v;
	size_t cap, n;
};

/* The slot of a, added (first = last = HOA_NONE) when missing; NULL when
 * out of memory. */
struct hoa_slot *hoa_map_get(struct hoa_map *m, const struct in6_addr *a);
const struct hoa_slot *hoa_map_find(const struct hoa_map *m, const struct in6_addr *a);
void hoa_map_free(struct hoa_map *m);

#endif
