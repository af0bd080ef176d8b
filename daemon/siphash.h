/* SipHash-2-4 (Aumasson and Bernstein, 2012): a keyed 64-bit hash for tables
 * whose keys come from the network. Without the key, a sender cannot choose
 * inputs that share a bucket. */
#ifndef MIP6D_SIPHASH_H
#define MIP6D_SIPHASH_H

#include <stddef.h>
#include <stdint.h>

struct siphash_key {
	uint64_t k0, k1;
};

uint64_t siphash24(const struct siphash_key *key, const void *data, size_t len);

/* A fresh key from the kernel's random pool. Returns 0 or -errno; on error
 * *key still holds something hard to guess from outside (time, addresses),
 * so that callers may carry on with a weaker table rather than none. */
int siphash_key_random(struct siphash_key *key);

#endif
