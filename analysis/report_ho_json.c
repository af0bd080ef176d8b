/* One handover's own figures in JSON (schema in docs/analyzer.md), shared by
 * the report's handovers and every node's: the object is left open for what
 * follows (the L2 parts, streams, RO). */
#include "hojson.h"
#include "jw.h"
#include "phase.h"

void json_ho_core(const struct analyzer *an, const struct handover *h, FILE *f)
{
	fprintf(f, "{\"index\": %d, \"from\": ", h->index);
	if (h->from[0]) jstr(f, h->from); else fputs("null", f);
	fputs(", \"to\": ", f);
	if (h->to[0]) jstr(f, h->to); else fputs("null", f);
	fputs(", \"ssid\": ", f);
	if (h->ssid[0]) jstr(f, h->ssid); else fputs("null", f);
	fputs(", \"hoa\": ", f);
	if (h->has_coa) jaddr(f, &h->hoa); else fputs("null", f);
	fputs(", \"coa\": ", f);
	if (h->has_coa) jaddr(f, &h->coa); else fputs("null", f);
	fprintf(f, ", \"bu_count\": %u, \"ba_status\": ", h->n_bu);
	if (h->ba_seen) fprintf(f, "%u", h->ba_status); else fputs("null", f);
	fputs(", \"rejected_status\": ", f);
	if (h->ba_rejected) fprintf(f, "%u", h->reject_status); else fputs("null", f);
	fputs(",\n     \"sources\": {\"registration\": ", f);
	jpoint(f, an, h->ex_point);
	fputs(", \"data\": ", f);
	jpoint(f, an, h->data_point);
	fputs(", \"l2\": ", f);
	jpoint(f, an, h->l2_point);
	fputs("}, \"data_delivery\": ", f);
	jopt(f, delivery_str(h->delivery));
	fputs(", \"gap_anchor\": ", f);
	jopt(f, gap_anchor_str(h->anchor));
	fputs(",\n     \"times\": {", f);
	for (int k = 0; k < TP__COUNT; k++) {
		fprintf(f, "%s\"%s\": ", k ? ", " : "", tp_defs[k].key);
		jts(f, tp_time(h, k));
	}
	fputs("},\n     \"phases_ms\": {", f);
	for (int k = 0; k < PH__COUNT; k++) {
		fprintf(f, "%s\"%s\": ", k ? ", " : "", phase_defs[k].key);
		jms(f, phase_ns(h, k));
	}
	fputc('}', f);
}
