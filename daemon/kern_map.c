/* Open addressing, linear probing, tombstones; grown at half full. Slots
 * are found by a keyed hash (SipHash-2-4), so that the order and the
 * clustering of entries are not something a remote sender can predict. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kern_map.h"

enum { SLOT_FREE = 0, SLOT_LIVE = 1, SLOT_DEAD = 2 };

void kmap_init(struct kmap *m, size_t keysz, size_t valsz)
{
	memset(m, 0, sizeof(*m));
	m->keysz = keysz;
	m->valsz = valsz;
	/* value, key, state byte; value and key 16-byte aligned so that
	 * callers may read them as structs. */
	m->keyoff = (valsz + 15) & ~(size_t)15;
	m->stateoff = m->keyoff + ((keysz + 15) & ~(size_t)15);
	m->slotsz = (m->stateoff + 1 + 15) & ~(size_t)15;
	/* Without the random pool the fallback key is still unknown to a
	 * remote sender; nothing here is worth failing the daemon for. */
	(void)siphash_key_random(&m->hkey);
}

void kmap_free(struct kmap *m)
{
	free(m->slots);
	m->slots = NULL;
	m->cap = m->n = m->used = 0;
}

static size_t home_slot(const struct kmap *m, const void *key)
{
	return (size_t)siphash24(&m->hkey, key, m->keysz) & (m->cap - 1);
}

static unsigned char *slot(const struct kmap *m, size_t i)
{
	return m->slots + i * m->slotsz;
}

#define STATE(m, s) ((s)[(m)->stateoff])
#define KEY(m, s)   ((s) + (m)->keyoff)

/* The slot holding key, or (insert) the first reusable one on its probe
 * path; SIZE_MAX when absent and not inserting. */
static size_t find(const struct kmap *m, const void *key, bool insert)
{
	size_t i, reuse = SIZE_MAX;

	if (!m->cap)
		return SIZE_MAX;
	i = home_slot(m, key);
	for (;;) {
		unsigned char *s = slot(m, i);

		if (STATE(m, s) == SLOT_FREE)
			return insert ? (reuse != SIZE_MAX ? reuse : i) : SIZE_MAX;
		if (STATE(m, s) == SLOT_DEAD) {
			if (reuse == SIZE_MAX)
				reuse = i;
		} else if (!memcmp(KEY(m, s), key, m->keysz)) {
			return i;
		}
		i = (i + 1) & (m->cap - 1);
	}
}

static int grow(struct kmap *m)
{
	size_t cap = m->cap ? m->cap * 2 : 64;
	struct kmap n = *m;

	/* Only rehash in place when the live entries are few: tombstones. */
	if (m->cap && m->n * 4 < m->cap)
		cap = m->cap;
	n.slots = calloc(cap, m->slotsz);
	if (!n.slots)
		return -1;
	n.cap = cap;
	n.n = n.used = 0;
	for (size_t i = 0; i < m->cap; i++) {
		unsigned char *s = slot(m, i);

		if (STATE(m, s) != SLOT_LIVE)
			continue;
		size_t j = find(&n, KEY(m, s), true);
		memcpy(slot(&n, j), s, m->slotsz);
		n.n++;
		n.used++;
	}
	free(m->slots);
	*m = n;
	return 0;
}

void *kmap_get(const struct kmap *m, const void *key)
{
	size_t i = find(m, key, false);

	return i == SIZE_MAX ? NULL : slot(m, i);
}

void *kmap_put(struct kmap *m, const void *key, const void *val)
{
	size_t i = find(m, key, false);
	unsigned char *s;

	if (i == SIZE_MAX) {
		if ((m->used + 1) * 2 > m->cap && grow(m) < 0)
			return NULL;
		i = find(m, key, true);
		s = slot(m, i);
		if (STATE(m, s) == SLOT_FREE)
			m->used++;
		STATE(m, s) = SLOT_LIVE;
		memcpy(KEY(m, s), key, m->keysz);
		m->n++;
	}
	s = slot(m, i);
	memcpy(s, val, m->valsz);
	return s;
}

bool kmap_del(struct kmap *m, const void *key)
{
	size_t i = find(m, key, false);

	if (i == SIZE_MAX)
		return false;
	STATE(m, slot(m, i)) = SLOT_DEAD;
	m->n--;
	return true;
}

void *kmap_next(const struct kmap *m, size_t *pos, const void **key)
{
	for (; *pos < m->cap; (*pos)++) {
		unsigned char *s = slot(m, *pos);

		if (STATE(m, s) != SLOT_LIVE)
			continue;
		(*pos)++;
		if (key)
			*key = KEY(m, s);
		return s;
	}
	return NULL;
}

size_t kmap_max_probe(const struct kmap *m)
{
	size_t worst = 0;

	for (size_t i = 0; i < m->cap; i++) {
		unsigned char *s = slot(m, i);

		if (STATE(m, s) != SLOT_LIVE)
			continue;
		size_t d = (i - home_slot(m, KEY(m, s))) & (m->cap - 1);
		if (d > worst)
			worst = d;
	}
	return worst;
}
