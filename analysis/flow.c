/* Data flows delivered to the mobile node, keyed by (capture point,
 * innermost destination). Per flow: count, first/last, the significant
 * gaps (for captures without events.log) and, with events.log, the longest
 * gap ending in each move's window. */
#include <stdlib.h>
#include <string.h>

#include "an.h"

#define MAX_FLOWS	(1u << 16)
#define GAP_MIN_NS	(10 * 1000000LL)	/* below this, jitter not outage */
#define GAP_FACTOR	4			/* times the usual inter-arrival */

static uint32_t hash(int point, const struct in6_addr *a)
{
	uint32_t h = 2166136261u ^ (uint32_t)point;

	for (int i = 0; i < 16; i++)
		h = (h ^ a->s6_addr[i]) * 16777619u;
	return h;
}

static bool rehash(struct analyzer *an)
{
	size_t ncap = an->flow_cap ? an->flow_cap * 2 : 64;
	struct flow *n = calloc(ncap, sizeof(*n));

	if (!n)
		return false;
	for (size_t i = 0; i < an->flow_cap; i++) {
		struct flow *f = &an->flows[i];
		size_t j;

		if (!f->used)
			continue;
		for (j = hash(f->point, &f->dst) & (ncap - 1); n[j].used; j = (j + 1) & (ncap - 1))
			;
		n[j] = *f;
	}
	free(an->flows);
	an->flows = n;
	an->flow_cap = ncap;
	return true;
}

static struct flow *lookup(struct analyzer *an, int point, const struct in6_addr *dst, bool add)
{
	size_t j;

	if (!an->flow_cap) {
		if (!add || !rehash(an))
			return NULL;
	}
	for (j = hash(point, dst) & (an->flow_cap - 1); an->flows[j].used;
	     j = (j + 1) & (an->flow_cap - 1)) {
		struct flow *f = &an->flows[j];

		if (f->point == point && memcmp(&f->dst, dst, 16) == 0)
			return f;
	}
	if (!add)
		return NULL;
	if (an->n_flows >= MAX_FLOWS) {
		an->flows_dropped++;
		return NULL;
	}
	if ((an->n_flows + 1) * 2 > an->flow_cap) {
		if (!rehash(an))
			return NULL;
		return lookup(an, point, dst, add);
	}
	an->flows[j].used = true;
	an->flows[j].point = (uint16_t)point;
	an->flows[j].dst = *dst;
	an->flows[j].first = an->flows[j].last = T_NONE;
	an->n_flows++;
	return &an->flows[j];
}

struct flow *an_flow_find(struct analyzer *an, int point, const struct in6_addr *dst)
{
	return lookup(an, point, dst, false);
}

static void add_gap(struct flow *f, ts_t start, ts_t end)
{
	struct gap *g;

	if (f->n_gaps >= AN_MAX_RECORDS) {
		f->gaps_dropped++;
		return;
	}
	g = an_grow(f->gaps, &f->cap_gaps, f->n_gaps + 1, sizeof(*g));
	if (!g) {
		f->gaps_dropped++;
		return;
	}
	f->gaps = g;
	f->gaps[f->n_gaps].start = start;
	f->gaps[f->n_gaps].end = end;
	f->n_gaps++;
}

void an_data(struct analyzer *an, int point, ts_t t, const struct in6_addr *dst)
{
	struct flow *f;
	int64_t d;

	/* Probe traffic is one flow packet after packet: remember the last. */
	if (an->last_flow < an->flow_cap && an->flows[an->last_flow].used &&
	    an->flows[an->last_flow].point == point &&
	    memcmp(&an->flows[an->last_flow].dst, dst, 16) == 0) {
		f = &an->flows[an->last_flow];
	} else {
		f = lookup(an, point, dst, true);
		if (f)
			an->last_flow = (size_t)(f - an->flows);
	}

	if (!f)
		return;
	/* Which move window the stream has reached (packets come in time order). */
	while (an->next_move < an->n_moves && an->moves[an->next_move].t <= t)
		an->next_move++;
	if (f->n == 0) {
		f->first = f->last = t;
		f->n = 1;
		return;
	}
	d = t - f->last;
	if (d < 0)
		d = 0;
	if (f->n >= 4 && d >= GAP_MIN_NS && d > GAP_FACTOR * f->ewma)
		add_gap(f, f->last, t);
	else if (f->n == 1)
		f->ewma = d;
	else
		f->ewma += (d - f->ewma) / 8;

	if (an->next_move > 0) {
		size_t w = an->next_move - 1;

		if (!f->win) {
			f->win = malloc(an->n_moves * sizeof(*f->win));
			if (f->win)
				for (size_t i = 0; i < an->n_moves; i++)
					f->win[i].start = f->win[i].end = f->win[i].last = T_NONE;
		}
		if (f->win) {
			if (f->win[w].start == T_NONE || d > f->win[w].end - f->win[w].start) {
				f->win[w].start = f->last;
				f->win[w].end = t;
			}
			f->win[w].last = t;
		}
	}
	f->last = t;
	f->n++;
}
