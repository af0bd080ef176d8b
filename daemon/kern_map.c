/* Open addressing, linear probing, tombstones; grown at half full, the entries moved
 * to the new table a few at a time (MOVE_PER_PUT old slots with each insert, so the
 * old table is empty long before the new one is half full). Slots are found by a keyed
 * hash (SipHash-2-4), so that the order and the clustering of entries are not something
 * a remote sender can predict. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kern_map.h"

enum { SLOT_FREE = 0, SLOT_LIVE = 1, SLOT_DEAD = 2 };
#define MOVE_PER_PUT 8

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
	free(m->old);
	m->slots = m->old = NULL;
	m->cap = m->n = m->used = m->old_cap = m->moved = 0;
}

/* One table: the current one, or the old one being emptied. */
struct table {
	unsigned char *slots;
	size_t cap;
};

static struct table cur(const struct kmap *m)
{
	return (struct table){ m->slots, m->cap };
}

static struct table old(const struct kmap *m)
{
	return (struct table){ m->old, m->old ? m->old_cap : 0 };
}

static size_t home_slot(const struct kmap *m, struct table t, const void *key)
{
	return (size_t)siphash24(&m->hkey, key, m->keysz) & (t.cap - 1);
}

static unsigned char *slot(const struct kmap *m, struct table t, size_t i)
{
	return t.slots + i * m->slotsz;
}

#define STATE(m, s) ((s)[(m)->stateoff])
#define KEY(m, s)   ((s) + (m)->keyoff)

/* The slot of t holding key, or (insert) the first reusable one on its probe
 * path; SIZE_MAX when absent and not inserting. */
static size_t find(const struct kmap *m, struct table t, const void *key, bool insert)
{
	size_t i, reuse = SIZE_MAX;

	if (!t.cap)
		return SIZE_MAX;
	i = home_slot(m, t, key);
	for (;;) {
		unsigned char *s = slot(m, t, i);

		if (STATE(m, s) == SLOT_FREE)
			return insert ? (reuse != SIZE_MAX ? reuse : i) : SIZE_MAX;
		if (STATE(m, s) == SLOT_DEAD) {
			if (reuse == SIZE_MAX)
				reuse = i;
		} else if (!memcmp(KEY(m, s), key, m->keysz)) {
			return i;
		}
		i = (i + 1) & (t.cap - 1);
	}
}

/* A live slot of the old table into the current one (absent there: a key lives in one
 * table only). */
static void move_slot(struct kmap *m, unsigned char *s)
{
	size_t j = find(m, cur(m), KEY(m, s), true);
	unsigned char *d = slot(m, cur(m), j);

	if (STATE(m, d) == SLOT_FREE)
		m->used++;
	memcpy(d, s, m->slotsz);
	STATE(m, s) = SLOT_DEAD;
}

/* Up to n more slots of the old table moved; the old table freed once empty. */
static void move_some(struct kmap *m, size_t n)
{
	for (; m->old && n; n--) {
		unsigned char *s = slot(m, old(m), m->moved);

		if (STATE(m, s) == SLOT_LIVE)
			move_slot(m, s);
		if (++m->moved == m->old_cap) {
			free(m->old);
			m->old = NULL;
			m->old_cap = m->moved = 0;
		}
	}
}

static int grow(struct kmap *m)
{
	size_t cap = m->cap ? m->cap * 2 : 64;
	unsigned char *n;

	/* What is left of an earlier growth goes first (with MOVE_PER_PUT, nothing: the
	 * table cannot fill up again before). */
	move_some(m, SIZE_MAX);
	/* Only rehash in place when the live entries are few: tombstones. */
	if (m->cap && m->n * 4 < m->cap)
		cap = m->cap;
	n = calloc(cap, m->slotsz);
	if (!n)
		return -1;
	m->old = m->slots;
	m->old_cap = m->cap;
	m->moved = 0;
	m->slots = n;
	m->cap = cap;
	m->used = 0;
	/* A rehash in place (same size) is rare and is done at once: tombstones only. */
	if (cap == m->old_cap || !m->old)
		move_some(m, SIZE_MAX);
	return 0;
}

/* The slot holding key, in whichever table: *in_old tells which. */
static unsigned char *lookup(const struct kmap *m, const void *key, bool *in_old)
{
	size_t i = find(m, cur(m), key, false);

	*in_old = false;
	if (i != SIZE_MAX)
		return slot(m, cur(m), i);
	i = find(m, old(m), key, false);
	*in_old = i != SIZE_MAX;
	return i == SIZE_MAX ? NULL : slot(m, old(m), i);
}

void *kmap_get(const struct kmap *m, const void *key)
{
	bool in_old;

	return lookup(m, key, &in_old);
}

void *kmap_put(struct kmap *m, const void *key, const void *val)
{
	bool in_old;
	unsigned char *s = lookup(m, key, &in_old);

	if (s && in_old) {
		move_slot(m, s);
		s = lookup(m, key, &in_old);
	}
	if (!s) {
		size_t i;

		if ((m->used + 1) * 2 > m->cap && grow(m) < 0)
			return NULL;
		i = find(m, cur(m), key, true);
		s = slot(m, cur(m), i);
		if (STATE(m, s) == SLOT_FREE)
			m->used++;
		STATE(m, s) = SLOT_LIVE;
		memcpy(KEY(m, s), key, m->keysz);
		m->n++;
	}
	memcpy(s, val, m->valsz);
	/* (moving after the insert: s stays where it is, in the current table) */
	move_some(m, MOVE_PER_PUT);
	return s;
}

bool kmap_del(struct kmap *m, const void *key)
{
	bool in_old;
	unsigned char *s = lookup(m, key, &in_old);

	if (!s)
		return false;
	STATE(m, s) = SLOT_DEAD;
	m->n--;
	return true;
}

/* Positions below the old table's size are its slots, the rest the current table's. */
void *kmap_next(const struct kmap *m, size_t *pos, const void **key)
{
	size_t n_old = old(m).cap;

	for (; *pos < n_old + m->cap; (*pos)++) {
		unsigned char *s = *pos < n_old ? slot(m, old(m), *pos)
						: slot(m, cur(m), *pos - n_old);

		if (STATE(m, s) != SLOT_LIVE)
			continue;
		(*pos)++;
		if (key)
			*key = KEY(m, s);
		return s;
	}
	return NULL;
}

static size_t max_probe(const struct kmap *m, struct table t)
{
	size_t worst = 0;

	for (size_t i = 0; i < t.cap; i++) {
		unsigned char *s = slot(m, t, i);

		if (STATE(m, s) != SLOT_LIVE)
			continue;
		size_t d = (i - home_slot(m, t, KEY(m, s))) & (t.cap - 1);
		if (d > worst)
			worst = d;
	}
	return worst;
}

size_t kmap_max_probe(const struct kmap *m)
{
	size_t a = max_probe(m, cur(m)), b = max_probe(m, old(m));

	return a > b ? a : b;
}
