/* BA latencies and error counts. */
#include <stdlib.h>

#include "stats.h"

static const char *const phase_names[PH_COUNT] = {
	"register", "refresh", "move", "deregister",
};

static const char *const err_names[ERR_COUNT] = {
	[ERR_TIMEOUT] = "timeout",
	[ERR_GAVE_UP] = "gave_up",
	[ERR_STATUS] = "status",
	[ERR_SEQ] = "sequence",
	[ERR_LIFETIME] = "lifetime",
	[ERR_CHECKSUM] = "checksum",
	[ERR_RH2] = "rh2",
	[ERR_ADDR] = "address",
	[ERR_MALFORMED] = "malformed",
	[ERR_UNEXPECTED] = "unexpected",
	[ERR_BE] = "binding_error",
	[ERR_SEND] = "send",
};

const char *lg_phase_name(unsigned ph)
{
	return ph < PH_COUNT ? phase_names[ph] : "?";
}

const char *lg_err_name(unsigned e)
{
	return e < ERR_COUNT ? err_names[e] : "?";
}

uint64_t lg_errors(const struct lg_stats *s)
{
	uint64_t n = 0;

	for (unsigned e = 0; e < ERR_COUNT; e++)
		n += s->err[e];
	return n;
}

int lg_lat_add(struct lg_lat *l, uint32_t us)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 1024;
		uint32_t *p = realloc(l->us, cap * sizeof(*p));

		if (!p)
			return -1;
		l->us = p;
		l->cap = cap;
	}
	l->us[l->n++] = us;
	l->sorted = 0;
	return 0;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

uint32_t lg_lat_pct(struct lg_lat *l, double p)
{
	size_t rank;

	if (!l->n)
		return 0;
	if (!l->sorted) {
		qsort(l->us, l->n, sizeof(*l->us), cmp_u32);
		l->sorted = 1;
	}
	/* nearest rank: the smallest sample with at least p % of them at or below it */
	double x = p / 100.0 * (double)l->n;

	rank = (size_t)x;
	if ((double)rank < x)
		rank++;
	if (rank < 1)
		rank = 1;
	if (rank > l->n)
		rank = l->n;
	return l->us[rank - 1];
}

uint32_t lg_lat_max(struct lg_lat *l)
{
	return lg_lat_pct(l, 100);
}

void lg_lat_free(struct lg_lat *l)
{
	free(l->us);
	l->us = NULL;
	l->n = l->cap = 0;
}
