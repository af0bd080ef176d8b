/* srcquota.c - per-/64 counters of what senders hold at the home agent (srcquota.h). */
#include "srcquota.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct quota_entry {
	struct quota_entry *next;
	uint64_t prefix;
	uint32_t n[QUOTA_NKINDS];
};

/* Seeded, so that a sender cannot pick prefixes that share a chain. */
static uint32_t hash(const struct srcquota *q, uint64_t prefix)
{
	uint64_t h = (prefix ^ q->seed) * 0x9e3779b97f4a7c15ULL;

	h ^= h >> 31;
	h *= 0xbf58476d1ce4e5b9ULL;
	return (uint32_t)(h ^ (h >> 32));
}

int srcquota_init(struct srcquota *q, uint64_t seed)
{
	memset(q, 0, sizeof(*q));
	q->seed = seed;
	q->buckets = calloc(64, sizeof(*q->buckets));
	if (!q->buckets)
		return -ENOMEM;
	q->mask = 63;
	return 0;
}

void srcquota_free(struct srcquota *q)
{
	for (uint32_t i = 0; q->buckets && i <= q->mask; i++)
		while (q->buckets[i]) {
			struct quota_entry *e = q->buckets[i];

			q->buckets[i] = e->next;
			free(e);
		}
	free(q->buckets);
	memset(q, 0, sizeof(*q));
}

uint64_t srcquota_prefix(const struct in6_addr *src)
{
	uint64_t p;

	memcpy(&p, src->s6_addr, sizeof(p));
	return p;
}

static struct quota_entry **slot(const struct srcquota *q, uint64_t prefix)
{
	struct quota_entry **e = &q->buckets[hash(q, prefix) & q->mask];

	while (*e && (*e)->prefix != prefix)
		e = &(*e)->next;
	return e;
}

uint32_t srcquota_get(const struct srcquota *q, uint64_t prefix, enum quota_kind k)
{
	struct quota_entry *e = *slot(q, prefix);

	return e ? e->n[k] : 0;
}

static void grow(struct srcquota *q)
{
	uint32_t nmask = q->mask * 2 + 1;
	struct quota_entry **nb = calloc((size_t)nmask + 1, sizeof(*nb));

	if (!nb)
		return; /* longer chains, still correct */
	for (uint32_t i = 0; i <= q->mask; i++)
		while (q->buckets[i]) {
			struct quota_entry *e = q->buckets[i];
			uint32_t j = hash(q, e->prefix) & nmask;

			q->buckets[i] = e->next;
			e->next = nb[j];
			nb[j] = e;
		}
	free(q->buckets);
	q->buckets = nb;
	q->mask = nmask;
}

int srcquota_take(struct srcquota *q, uint64_t prefix, enum quota_kind k)
{
	struct quota_entry **s = slot(q, prefix);

	if (!*s) {
		struct quota_entry *e = calloc(1, sizeof(*e));

		if (!e)
			return -ENOMEM;
		e->prefix = prefix;
		*s = e;
		if (++q->count > q->mask + 1)
			grow(q);
		s = slot(q, prefix);
	}
	(*s)->n[k]++;
	q->total[k]++;
	return 0;
}

void srcquota_give(struct srcquota *q, uint64_t prefix, enum quota_kind k)
{
	struct quota_entry **s = slot(q, prefix), *e = *s;

	if (!e || !e->n[k])
		return;
	e->n[k]--;
	q->total[k]--;
	for (unsigned i = 0; i < QUOTA_NKINDS; i++)
		if (e->n[i])
			return;
	*s = e->next;
	q->count--;
	free(e);
}
