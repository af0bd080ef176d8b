/* The ledger: entries indexed by (undo, identity) in a kmap, each with its
 * push number so that kern_ledger_unwind() can run them newest first. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kern.h"
#include "kern_ledger.h"
#include "kern_map.h"

struct ledger_key {
	kern_undo_fn *undo;
	size_t len;
	unsigned char id[KERN_LEDGER_ID_MAX];
};

struct ledger_entry {
	uint64_t seq;
	void *arg;      /* our own copy, so callers may pass their stack */
};

/* What kern_ledger_unwind() runs, taken out of the map first. */
struct pending {
	kern_undo_fn *undo;
	uint64_t seq;
	void *arg;
};

static struct kmap ledger;
static uint64_t ledger_seq;

static void ledger_init(void)
{
	if (!ledger.keysz)
		kmap_init(&ledger, sizeof(struct ledger_key),
			  sizeof(struct ledger_entry));
}

static int ledger_key(struct ledger_key *k, kern_undo_fn *undo,
		      const void *id, size_t idlen)
{
	if (idlen > sizeof(k->id))
		return -EINVAL;
	/* Bytewise compare in the map: padding and unused id bytes zero. */
	memset(k, 0, sizeof(*k));
	k->undo = undo;
	k->len = idlen;
	if (idlen)
		memcpy(k->id, id, idlen);
	return 0;
}

int kern_defer(kern_undo_fn *undo, const void *id, size_t idlen,
	       const void *arg, size_t arglen)
{
	struct ledger_key k;
	struct ledger_entry e = { 0 };
	int err = ledger_key(&k, undo, id, idlen);

	if (err)
		return err;
	ledger_init();
	if (kmap_get(&ledger, &k))
		return 0;
	if (arglen) {
		e.arg = malloc(arglen);
		if (!e.arg)
			return -ENOMEM;
		memcpy(e.arg, arg, arglen);
	}
	e.seq = ++ledger_seq;
	if (!kmap_put(&ledger, &k, &e)) {
		free(e.arg);
		return -ENOMEM;
	}
	return 0;
}

void kern_forget(kern_undo_fn *undo, const void *id, size_t idlen)
{
	struct ledger_key k;
	struct ledger_entry *e;

	if (ledger_key(&k, undo, id, idlen))
		return;
	e = kmap_get(&ledger, &k);
	if (!e)
		return;
	free(e->arg);
	kmap_del(&ledger, &k);
}

bool kern_ledger_has(kern_undo_fn *undo, const void *id, size_t idlen)
{
	struct ledger_key k;

	if (ledger_key(&k, undo, id, idlen))
		return false;
	return kmap_get(&ledger, &k) != NULL;
}

int kern_ledger_count(void)
{
	return (int)ledger.n;
}

static int newest_first(const void *a, const void *b)
{
	const struct pending *x = a, *y = b;

	return x->seq < y->seq ? 1 : x->seq > y->seq ? -1 : 0;
}

/* Frees the arguments the map holds, then the map. */
static void drop_all(struct kmap *m)
{
	struct ledger_entry *e;
	size_t pos = 0;

	while ((e = kmap_next(m, &pos, NULL)))
		free(e->arg);
	kmap_free(m);
}

int kern_ledger_unwind(void)
{
	struct kmap old = ledger;
	struct pending *run = NULL;
	const void *key;
	struct ledger_entry *e;
	size_t n = 0, pos = 0;
	int first = 0;

	/* The undo functions forget what they remove: they find an empty
	 * ledger, so every entry taken out here runs exactly once and its
	 * argument stays ours until it has. */
	memset(&ledger, 0, sizeof(ledger));
	ledger_init();
	if (old.n) {
		run = malloc(old.n * sizeof(*run));
		if (!run) {
			drop_all(&old);
			return -ENOMEM;
		}
	}
	while ((e = kmap_next(&old, &pos, &key))) {
		const struct ledger_key *k = key;

		run[n++] = (struct pending){ k->undo, e->seq, e->arg };
	}
	kmap_free(&old);
	if (n)
		qsort(run, n, sizeof(*run), newest_first);
	for (size_t i = 0; i < n; i++) {
		int err = run[i].undo(run[i].arg);

		if (err && !first)
			first = err;
		free(run[i].arg);
	}
	free(run);
	drop_all(&ledger);
	return first;
}
