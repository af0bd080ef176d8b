/* A small open-addressing hash map with fixed-size keys and values, for
 * the kernel side's bookkeeping (ledger, HA tunnels and host routes), which
 * grows with the number of bindings. Keys are compared bytewise: callers
 * zero their key structs before filling them. */
#ifndef MIP6D_KERN_MAP_H
#define MIP6D_KERN_MAP_H

#include <stdbool.h>
#include <stddef.h>

#include "siphash.h"

struct kmap {
	size_t keysz, valsz, slotsz, keyoff, stateoff;
	size_t cap, n, used;        /* n: live in both tables; used: live + deleted slots */
	unsigned char *slots;
	/* The table before the last growth, moved over a few slots per insert: a growth
	 * that moved every entry at once froze a home agent for 174 ms at 65,536
	 * bindings (TCG). Slots below moved are empty. */
	unsigned char *old;
	size_t old_cap, moved;
	/* Keys are home and care-of addresses from Binding Updates: with a
	 * public hash, a sender could pick thousands that share one probe
	 * run. Each map has its own random key. */
	struct siphash_key hkey;
};

void kmap_init(struct kmap *m, size_t keysz, size_t valsz);
void kmap_free(struct kmap *m);
/* The value stored under key, or NULL. */
void *kmap_get(const struct kmap *m, const void *key);
/* Insert or overwrite; returns the stored value, NULL when out of memory. Values move
 * on a put: a pointer got before one is stale after it. */
void *kmap_put(struct kmap *m, const void *key, const void *val);
bool kmap_del(struct kmap *m, const void *key);
/* Iteration: *pos starts at 0; returns the next value (and its key in
 * *key when key != NULL), NULL at the end. The map must not change during
 * an iteration. */
void *kmap_next(const struct kmap *m, size_t *pos, const void **key);
/* The longest distance, in slots, between a live entry and the slot its hash
 * points at: what the worst lookup walks. For tests and statistics; O(cap). */
size_t kmap_max_probe(const struct kmap *m);

#endif
