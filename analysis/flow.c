/* Data flows at the mobile node, keyed by (capture point, innermost
 * destination); FLOW_REPLY / FLOW_OFFERED points hold the MN's replies and
 * everything offered to it. Per flow: count, first/last, the significant
 * gaps (a handover's gap is the one containing its anchor) and, with
 * events.log, the longest gap ending in each move's window (the fallback). */
#include <stdlib.h>
#include <string.h>

#include "an.h"
#include "vec.h"

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

/* The flow of (point, dst), through a cache of the last flows hit: probe
 * traffic and its answers touch four flows in turn (offered, delivered,
 * replies by source, replies as data to their destination). */
static struct flow *flow_for(struct analyzer *an, int point, const struct in6_addr *dst)
{
	struct flow *f;

	for (int i = 0; i < AN_FLOW_CACHE; i++) {
		size_t k = an->last_flow[i];

		if (k < an->flow_cap && an->flows[k].used && an->flows[k].point == point &&
		    memcmp(&an->flows[k].dst, dst, 16) == 0)
			return &an->flows[k];
	}
	f = lookup(an, point, dst, true);
	if (f) {
		an->last_flow[an->next_cache] = (size_t)(f - an->flows);
		an->next_cache = (an->next_cache + 1) % AN_FLOW_CACHE;
	}
	return f;
}

/* Move windows entered before t: 0 before the first move. The stream
 * moves forward, but a request is delivered when its reply arrives, at
 * its own, older, time. */
static size_t window_of(struct analyzer *an, ts_t t)
{
	size_t w;

	while (an->next_move < an->n_moves && an->moves[an->next_move].t <= t)
		an->next_move++;
	w = an->next_move;
	while (w > 0 && an->moves[w - 1].t > t)
		w--;
	return w;
}

/* The same for a time anywhere in the stream (moves are sorted). */
static size_t window_at(const struct analyzer *an, ts_t t)
{
	size_t lo = 0, hi = an->n_moves;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (an->moves[mid].t <= t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

size_t an_window_at(const struct analyzer *an, ts_t t)
{
	return window_at(an, t);
}

/* Keep the first anchor of each window in *arr (allocated on first use). */
static void note_anchor(const struct analyzer *an, ts_t **arr, ts_t t)
{
	size_t w = window_at(an, t);

	if (w == 0)
		return;		/* before the first move */
	if (!*arr) {
		*arr = malloc(an->n_moves * sizeof(**arr));
		if (!*arr)
			return;
		for (size_t i = 0; i < an->n_moves; i++)
			(*arr)[i] = T_NONE;
	}
	if ((*arr)[w - 1] == T_NONE)
		(*arr)[w - 1] = t;
}

void an_anchor_join(struct analyzer *an, ts_t t)
{
	note_anchor(an, &an->anchor_join, t);
}

void an_anchor_bu(struct analyzer *an, int point, ts_t t)
{
	note_anchor(an, &an->ps[point].anchor_bu, t);
}

ts_t an_anchor(const struct analyzer *an, int point, size_t w, int k)
{
	const ts_t *bu = an->ps[point % AN_MAX_POINTS].anchor_bu;

	if (w >= an->n_moves)
		return T_NONE;
	switch (k) {
	case AK_JOIN: return an->anchor_join ? an->anchor_join[w] : T_NONE;
	case AK_BU: return bu ? bu[w] : T_NONE;
	}
	return T_NONE;
}

static bool alloc_win(const struct analyzer *an, struct flow *f)
{
	if (f->win)
		return true;
	f->win = malloc(an->n_moves * sizeof(*f->win));
	if (!f->win)
		return false;
	for (size_t i = 0; i < an->n_moves; i++) {
		struct move_win *w = &f->win[i];

		w->start = w->end = w->last = T_NONE;
		for (int k = 0; k < AK__COUNT; k++)
			w->around[k].start = w->around[k].end = T_NONE;
	}
	return true;
}

/* The interval [a, b) between two packets of f: record it for every anchor
 * it contains. Anchors before b are known by now: the stream has passed
 * them. wa, wb: window_of(a), window_of(b). */
static void around(const struct analyzer *an, struct flow *f, ts_t a, ts_t b, size_t wa, size_t wb)
{
	for (size_t w = wa ? wa - 1 : 0; w < wb; w++)
		for (int k = 0; k < AK__COUNT; k++) {
			ts_t x = an_anchor(an, f->point, w, k);

			if (x != T_NONE && a <= x && x < b) {
				f->win[w].around[k].start = a;
				f->win[w].around[k].end = b;
			}
		}
}

/* A packet older than the flow's last one: a request whose answer came
 * after a newer request's. It splits the interval it falls in: for each
 * anchor around it (windows next to t's), and for the recorded gap (the
 * front part stays, the back part is kept if significant on its own). */
static void late(struct analyzer *an, struct flow *f, ts_t t)
{
	struct gap *g = (struct gap *)flow_gap_at(f, t);
	size_t k, w, wt = window_at(an, t);
	ts_t s, e;

	f->n++;
	if (t < f->first)
		f->first = t;
	for (w = wt > 1 ? wt - 2 : 0; f->win && w < wt + 1 && w < an->n_moves; w++)
		for (int a = 0; a < AK__COUNT; a++) {
			struct gap *r = &f->win[w].around[a];
			ts_t x = an_anchor(an, f->point, w, a);

			if (r->start == T_NONE || x == T_NONE || t <= r->start || t >= r->end)
				continue;
			if (x < t)
				r->end = t;
			else
				r->start = t;
		}
	if (!g || t == g->start)
		return;
	s = g->start;
	e = g->end;
	g->end = t;
	k = (size_t)(g - f->gaps) + 1;
	if (e - t >= GAP_MIN_NS && e - t > GAP_FACTOR * f->ewma) {
		if (f->n_gaps >= AN_MAX_RECORDS ||
		    !(g = an_grow(f->gaps, &f->cap_gaps, f->n_gaps + 1, sizeof(*g)))) {
			f->gaps_dropped++;
		} else {
			f->gaps = g;
			memmove(&f->gaps[k + 1], &f->gaps[k], (f->n_gaps - k) * sizeof(*g));
			f->gaps[k].start = t;
			f->gaps[k].end = e;
			f->n_gaps++;
		}
	}
	if (!f->win)
		return;
	w = window_at(an, e);
	if (w > 0 && f->win[w - 1].start == s && f->win[w - 1].end == e) {
		if (t - s >= e - t)
			f->win[w - 1].end = t;
		else
			f->win[w - 1].start = t;
	}
}

void an_data(struct analyzer *an, int point, ts_t t, const struct in6_addr *dst)
{
	struct flow *f = flow_for(an, point, dst);
	size_t w;
	int64_t d;

	if (!f)
		return;
	w = window_of(an, t);
	if (an->n_moves)
		alloc_win(an, f);	/* without it: the significant gaps only */
	if (f->n == 0) {
		f->first = f->last = t;
		f->last_win = w;
		f->n = 1;
		return;
	}
	if (t < f->last) {
		late(an, f, t);
		return;
	}
	d = t - f->last;
	if (f->n >= 4 && d >= GAP_MIN_NS && d > GAP_FACTOR * f->ewma)
		add_gap(f, f->last, t);
	else if (f->n == 1)
		f->ewma = d;
	else
		f->ewma += (d - f->ewma) / 8;

	if (f->win) {
		around(an, f, f->last, t, f->last_win, w);
		if (w > 0) {
			struct move_win *mw = &f->win[w - 1];

			if (mw->start == T_NONE || d > mw->end - mw->start) {
				mw->start = f->last;
				mw->end = t;
			}
			mw->last = t;
		}
	}
	f->last = t;
	f->last_win = w;
	f->n++;
}

/* The first recorded gap with end > t, or NULL (gaps are in time order). */
const struct gap *flow_gap_after(const struct flow *f, ts_t t)
{
	size_t lo = 0, hi = f->n_gaps;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (f->gaps[mid].end <= t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < f->n_gaps ? &f->gaps[lo] : NULL;
}

/* The recorded gap with start <= t < end, or NULL. */
const struct gap *flow_gap_at(const struct flow *f, ts_t t)
{
	const struct gap *g = flow_gap_after(f, t);

	return g && g->start <= t ? g : NULL;
}
