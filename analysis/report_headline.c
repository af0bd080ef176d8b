/* The text report's headline: the whole blackout as the user felt it (from
 * the last data delivered before the move to the first after it, the radio's
 * own outage included), then what it is made of. */
#include "l2parts.h"
#include "phase.h"
#include "headline.h"

static void ms_or(FILE *f, int64_t ns)
{
	if (ns == T_NONE)
		fputs("not observed", f);
	else
		fprintf(f, "%.3f ms", (double)ns / 1e6);
}

/* "L2 295.000 ms (scan 10.000 ms, authentication 2.000 ms, ...)". The
 * handshake follows the join: it is told apart, as part of what comes next. */
static void l2_brief(const struct handover *h, FILE *f)
{
	const char *sep = " (";
	int64_t hs = l2_part_ns(h, L2P_4WAY);

	fputs("L2 ", f);
	ms_or(f, phase_ns(h, PH_L2));
	for (int k = 0; k < L2P_4WAY; k++) {
		char buf[64];

		if (!l2_part_brief(h, k, buf, sizeof(buf)))
			continue;
		fprintf(f, "%s%s", sep, buf);
		sep = ", ";
	}
	if (*sep == ',')
		fputc(')', f);
	if (hs != T_NONE)
		fprintf(f, ", then the 4-way handshake %.3f ms (within movement_detection)", (double)hs / 1e6);
}

void headline_ho(const struct handover *h, FILE *f)
{
	int64_t before = h->last_before == T_NONE || h->leave == T_NONE ? T_NONE :
			 h->leave - h->last_before;

	fputs("  blackout ", f);
	ms_or(f, phase_ns(h, PH_BLACKOUT));
	fputs(" as the user felt it (first data after the move - last data before it, L2 included)\n"
	      "    made of: before the L2 leave ", f);
	ms_or(f, before);
	fputs(", ", f);
	l2_brief(h, f);
	for (int k = PH_MD; k < PH_BLACKOUT; k++) {
		fprintf(f, ", %s ", phase_defs[k].key);
		ms_or(f, phase_ns(h, k));
	}
	fputc('\n', f);
}

void headline_summary(const struct handover *ho, size_t n, FILE *f)
{
	if (!n)
		return;
	fputs("\nBlackout as the user felt it (L2 included):\n", f);
	for (size_t i = 0; i < n; i++) {
		const struct handover *h = &ho[i];

		fprintf(f, "  handover %d%s%s%s%s: ", h->index, h->from[0] || h->to[0] ? " " : "",
			h->from, h->from[0] || h->to[0] ? " -> " : "", h->to);
		ms_or(f, phase_ns(h, PH_BLACKOUT));
		fputs("; ", f);
		l2_brief(h, f);
		fputs(", registration ", f);
		ms_or(f, phase_ns(h, PH_REG));
		fputc('\n', f);
	}
}
