/* srcquota.h - what each sender holds at the home agent: bindings and registrations
 * pending DAD, counted per /64 of the Binding Update's source. Without authentication a
 * sender can claim any home address; these counts let the HA refuse one link's flood
 * without refusing everybody. Data only: the limits are applied in ha.c. */
#ifndef MIP6D_SRCQUOTA_H
#define MIP6D_SRCQUOTA_H

#include <netinet/in.h>
#include <stdint.h>

enum quota_kind { QUOTA_BINDINGS, QUOTA_PENDING_DAD, QUOTA_NKINDS };

struct quota_entry;

struct srcquota {
	struct quota_entry **buckets;
	uint32_t mask;                  /* buckets - 1 (power of two) */
	uint32_t count;                 /* prefixes holding something */
	uint64_t seed;
	uint32_t total[QUOTA_NKINDS];
};

int srcquota_init(struct srcquota *q, uint64_t seed);
void srcquota_free(struct srcquota *q);
uint64_t srcquota_prefix(const struct in6_addr *src);
uint32_t srcquota_get(const struct srcquota *q, uint64_t prefix, enum quota_kind k);
/* Counts one more (0, or -ENOMEM) / one less for prefix. */
int srcquota_take(struct srcquota *q, uint64_t prefix, enum quota_kind k);
void srcquota_give(struct srcquota *q, uint64_t prefix, enum quota_kind k);

#endif
