/* Home address map (hoa_map.h): linear probing, at most half full. */
#include <stdlib.h>
#include <string.h>

#include "hoa_map.h"

static size_t hash(const struct in6_addr *a, size_t cap)
{
	uint64_t h = 1469598103934665603ULL;

	for (int i = 0; i < 16; i++)
		h = (h ^ a->s6_addr[i]) * 1099511628211ULL;
	return (size_t)(h ^ h >> 29) & (cap - 1);
}

static struct hoa_slot *probe(struct hoa_slot *v, size_t cap, const struct in6_addr *a)
{
	size_t j = hash(a, cap);

	while (v[j].used && memcmp(&v[j].a, a, sizeof(*a)) != 0)
		j = (j + 1) & (cap - 1);
	return &v[j];
}

static bool grow(struct hoa_map *m)
{
	size_t ncap = m->cap ? m->cap * 2 : 16;
	struct hoa_slot *n = calloc(ncap, sizeof(*n));

	if (!n)
		return false;
	for (size_t i = 0; i < m->cap; i++)
		if (m->v[i].used)
			*probe(n, ncap, &m->v[i].a) = m->v[i];
	free(m->v);
	m->v = n;
	m->cap = ncap;
	return true;
}

struct hoa_slot *hoa_map_get(struct hoa_map *m, const struct in6_addr *a)
{
	struct hoa_slot *s;

	if (m->cap) {
		s = probe(m->v, m->cap, a);
		if (s->used)
			return s;
	}
	if ((m->n + 1) * 2 > m->cap && !grow(m))
		return NULL;
	s = probe(m->v, m->cap, a);
	s->used = true;
	s->a = *a;
	s->first = s->last = HOA_NONE;
	m->n++;
	return s;
}

const struct hoa_slot *hoa_map_find(const struct hoa_map *m, const struct in6_addr *a)
{
	const struct hoa_slot *s;

	if (!m->cap)
		return NULL;
	s = probe(m->v, m->cap, a);
	return s->used ? s : NULL;
}

void hoa_map_free(struct hoa_map *m)
{
	free(m->v);
	memset(m, 0, sizeof(*m));
}
