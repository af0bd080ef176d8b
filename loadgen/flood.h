/* The hostile packets of the flood, one kind at a time, built with the shared codec
 * where the packet is well formed and by hand where it must not be. */
#ifndef LG_FLOOD_H
#define LG_FLOOD_H

#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>

#include "opts.h"

/* xorshift64*: the flood needs many cheap numbers, not good ones. */
static inline uint64_t lg_rand(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545f4914f6cdd1dull;
}

struct lg_flood_in {
	enum lg_flood_kind kind;
	struct in6_addr ha;
	struct lg_prefix home, flood;
	uint64_t *rng;
	/* FL_REPLAY: a legitimate node's home address and a sequence number the HA has
	 * already accepted from it; without one (has_replay 0) a forged BU goes instead. */
	int has_replay;
	struct in6_addr replay_hoa;
	uint16_t replay_seq;
};

/* The whole IPv6 packet into buf (cap >= 1500); its length, 0 if it does not fit. */
size_t lg_flood_build(const struct lg_flood_in *in, uint8_t *buf, size_t cap);

#endif
