/* timer.c - binary min-heap of struct etimer (see timer.h). */
#include "timer.h"

#include <errno.h>
#include <stdlib.h>

static void place(struct theap *h, uint32_t i, struct etimer *t)
{
	h->v[i] = t;
	t->idx = i + 1;
}

static void sift_up(struct theap *h, uint32_t i)
{
	struct etimer *t = h->v[i];

	while (i > 0) {
		uint32_t parent = (i - 1) / 2;

		if (h->v[parent]->when <= t->when)
			break;
		place(h, i, h->v[parent]);
		i = parent;
	}
	place(h, i, t);
}

static void sift_down(struct theap *h, uint32_t i)
{
	struct etimer *t = h->v[i];

	for (;;) {
		uint32_t c = 2 * i + 1;

		if (c >= h->n)
			break;
		if (c + 1 < h->n && h->v[c + 1]->when < h->v[c]->when)
			c++;
		if (t->when <= h->v[c]->when)
			break;
		place(h, i, h->v[c]);
		i = c;
	}
	place(h, i, t);
}

void theap_free(struct theap *h)
{
	for (uint32_t i = 0; i < h->n; i++)
		h->v[i]->idx = 0;
	free(h->v);
	h->v = NULL;
	h->n = h->cap = 0;
}

int theap_reserve(struct theap *h, uint32_t n)
{
	uint32_t cap = h->cap ? h->cap : 64;
	struct etimer **v;

	if (n <= h->cap)
		return 0;
	while (cap < n)
		cap *= 2;
	v = realloc(h->v, cap * sizeof(*v));
	if (!v)
		return -ENOMEM;
	h->v = v;
	h->cap = cap;
	return 0;
}

int theap_arm(struct theap *h, struct etimer *t, uint64_t when)
{
	if (etimer_armed(t)) {
		uint64_t old = t->when;

		t->when = when;
		if (when < old)
			sift_up(h, t->idx - 1);
		else
			sift_down(h, t->idx - 1);
		return 0;
	}
	if (h->n == h->cap && theap_reserve(h, h->cap ? h->cap * 2 : 64) < 0)
		return -ENOMEM;
	t->when = when;
	place(h, h->n++, t);
	sift_up(h, h->n - 1);
	return 0;
}

void theap_disarm(struct theap *h, struct etimer *t)
{
	uint32_t i;
	struct etimer *last;

	if (!etimer_armed(t))
		return;
	i = t->idx - 1;
	t->idx = 0;
	last = h->v[--h->n];
	if (i == h->n)
		return;
	place(h, i, last);
	if (i > 0 && h->v[(i - 1) / 2]->when > last->when)
		sift_up(h, i);
	else
		sift_down(h, i);
}
