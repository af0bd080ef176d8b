/* bcache.c - hash table of bindings keyed by Home Address (see bcache.h). */
#include "bcache.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Seeded 64-bit mix of the address: HoAs of one home prefix differ only in their low
 * 64 bits, and the seed keeps a remote sender from choosing colliding addresses. */
static uint32_t hash(const struct bcache *bc, const struct in6_addr *a)
{
	uint64_t hi, lo, h;

	memcpy(&hi, a->s6_addr, 8);
	memcpy(&lo, a->s6_addr + 8, 8);
	h = (lo ^ bc->seed) * 0x9e3779b97f4a7c15ULL;
	h ^= hi + (h >> 29);
	h *= 0xbf58476d1ce4e5b9ULL;
	h ^= h >> 32;
	return (uint32_t)h;
}

int bcache_init(struct bcache *bc, uint64_t seed)
{
	memset(bc, 0, sizeof(*bc));
	bc->seed = seed;
	bc->buckets = calloc(64, sizeof(*bc->buckets));
	if (!bc->buckets)
		return -ENOMEM;
	bc->mask = 63;
	return 0;
}

void bcache_free(struct bcache *bc)
{
	free(bc->buckets);
	free(bc->old);
	bc->buckets = bc->old = NULL;
	bc->count = 0;
}

#define MOVE_PER_ADD 4

/* Where a binding of hash h is looked for first: its bucket of the old table while that
 * one has not been moved yet. */
static struct binding **old_bucket(const struct bcache *bc, uint32_t h)
{
	return bc->old && (h & bc->old_mask) >= bc->moved ? &bc->old[h & bc->old_mask] : NULL;
}

struct binding *bcache_get(const struct bcache *bc, const struct in6_addr *hoa)
{
	uint32_t h = hash(bc, hoa);
	struct binding **ob = old_bucket(bc, h), *b;

	for (b = ob ? *ob : NULL; b; b = b->next)
		if (!memcmp(&b->r.hoa, hoa, sizeof(*hoa)))
			return b;
	for (b = bc->buckets[h & bc->mask]; b; b = b->next)
		if (!memcmp(&b->r.hoa, hoa, sizeof(*hoa)))
			return b;
	return NULL;
}

/* Up to n more buckets of the old table into the current one; freed once empty. */
static void move_some(struct bcache *bc, uint32_t n)
{
	for (; bc->old && n; n--) {
		struct binding *b = bc->old[bc->moved], *next;

		for (; b; b = next) {
			uint32_t j = hash(bc, &b->r.hoa) & bc->mask;

			next = b->next;
			b->next = bc->buckets[j];
			bc->buckets[j] = b;
		}
		bc->old[bc->moved] = NULL;
		if (bc->moved++ == bc->old_mask) {
			free(bc->old);
			bc->old = NULL;
			bc->old_mask = bc->moved = 0;
		}
	}
}

static void grow(struct bcache *bc)
{
	uint32_t nmask = bc->mask * 2 + 1;
	struct binding **nb;

	/* (with MOVE_PER_ADD the last growth is long done: the table filled again) */
	move_some(bc, UINT32_MAX);
	nb = calloc((size_t)nmask + 1, sizeof(*nb));
	if (!nb)
		return; /* longer chains, still correct */
	bc->old = bc->buckets;
	bc->old_mask = bc->mask;
	bc->moved = 0;
	bc->buckets = nb;
	bc->mask = nmask;
}

struct binding *bcache_add(struct bcache *bc, const struct in6_addr *hoa)
{
	struct binding *b = calloc(1, sizeof(*b));
	uint32_t i;

	if (!b)
		return NULL;
	if (bc->count >= bc->mask + 1 && bc->mask < (1u << 30))
		grow(bc);
	b->r.hoa = *hoa;
	i = hash(bc, hoa) & bc->mask;
	b->next = bc->buckets[i];
	bc->buckets[i] = b;
	bc->count++;
	move_some(bc, MOVE_PER_ADD);
	return b;
}

static bool unlink_from(struct binding **pp, const struct binding *b)
{
	while (*pp && *pp != b)
		pp = &(*pp)->next;
	if (!*pp)
		return false;
	*pp = b->next;
	return true;
}

void bcache_del(struct bcache *bc, struct binding *b)
{
	uint32_t h = hash(bc, &b->r.hoa);
	struct binding **ob = old_bucket(bc, h);

	if ((ob && unlink_from(ob, b)) || unlink_from(&bc->buckets[h & bc->mask], b))
		bc->count--;
	free(b);
}

/* Positions below the old table's size are its buckets, the rest the current table's. */
static struct binding *bucket_at(const struct bcache *bc, uint32_t i)
{
	uint32_t n_old = bc->old ? bc->old_mask + 1 : 0;

	return i < n_old ? bc->old[i] : bc->buckets[i - n_old];
}

static uint32_t n_positions(const struct bcache *bc)
{
	return (bc->old ? bc->old_mask + 1 : 0) + bc->mask + 1;
}

struct binding *bcache_first(const struct bcache *bc, uint32_t *i)
{
	for (*i = 0; *i < n_positions(bc); (*i)++)
		if (bucket_at(bc, *i))
			return bucket_at(bc, *i);
	return NULL;
}

struct binding *bcache_next(const struct bcache *bc, const struct binding *b, uint32_t *i)
{
	if (b->next)
		return b->next;
	for ((*i)++; *i < n_positions(bc); (*i)++)
		if (bucket_at(bc, *i))
			return bucket_at(bc, *i);
	return NULL;
}

const char *bc_state_name(unsigned s)
{
	static const char *const names[] = { "none", "dad", "registered" };

	return s < BC_NSTATES ? names[s] : "?";
}
