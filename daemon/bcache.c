/* bcache.c - hash table of bindings keyed by Home Address (see bcache.h). */
#include "bcache.h"

#include <errno.h>
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
	bc->buckets = NULL;
	bc->count = 0;
}

struct binding *bcache_get(const struct bcache *bc, const struct in6_addr *hoa)
{
	struct binding *b = bc->buckets[hash(bc, hoa) & bc->mask];

	while (b && memcmp(&b->r.hoa, hoa, sizeof(*hoa)))
		b = b->next;
	return b;
}

static void grow(struct bcache *bc)
{
	uint32_t nmask = bc->mask * 2 + 1;
	struct binding **nb = calloc((size_t)nmask + 1, sizeof(*nb));

	if (!nb)
		return; /* longer chains, still correct */
	for (uint32_t i = 0; i <= bc->mask; i++) {
		struct binding *b = bc->buckets[i], *next;

		for (; b; b = next) {
			uint32_t j = hash(bc, &b->r.hoa) & nmask;

			next = b->next;
			b->next = nb[j];
			nb[j] = b;
		}
	}
	free(bc->buckets);
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
	return b;
}

void bcache_del(struct bcache *bc, struct binding *b)
{
	struct binding **pp = &bc->buckets[hash(bc, &b->r.hoa) & bc->mask];

	while (*pp && *pp != b)
		pp = &(*pp)->next;
	if (*pp) {
		*pp = b->next;
		bc->count--;
	}
	free(b);
}

struct binding *bcache_first(const struct bcache *bc, uint32_t *i)
{
	for (*i = 0; *i <= bc->mask; (*i)++)
		if (bc->buckets[*i])
			return bc->buckets[*i];
	return NULL;
}

struct binding *bcache_next(const struct bcache *bc, const struct binding *b, uint32_t *i)
{
	if (b->next)
		return b->next;
	for ((*i)++; *i <= bc->mask; (*i)++)
		if (bc->buckets[*i])
			return bc->buckets[*i];
	return NULL;
}

const char *bc_state_name(unsigned s)
{
	static const char *const names[] = { "none", "dad", "registered" };

	return s < BC_NSTATES ? names[s] : "?";
}
