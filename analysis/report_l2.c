/* The L2 phase in parts in the text, JSON and CSV reports (docs/metrics.md
 * "L2 in parts"). */
#include "jw.h"
#include "l2parts.h"

const struct l2p_def l2p_defs[L2P__COUNT] = {
	[L2P_SCAN] = { "scan", "scan (last probe response - leave)" },
	[L2P_AUTH] = { "authentication", "authentication (response - request)" },
	[L2P_ASSOC] = { "association", "association (response - request)" },
	[L2P_4WAY] = { "handshake", "4-way handshake (EAPOL 4/4 - 1/4)" },
};

const struct l2p_def l2t_defs[L2T__COUNT] = {
	[L2T_PROBE_FIRST] = { "probe_request", "first probe request" },
	[L2T_PROBE_RESP] = { "probe_response", "last probe response" },
	[L2T_AUTH_REQ] = { "auth_request", "authentication request" },
	[L2T_AUTH_RESP] = { "auth_response", "authentication response" },
	[L2T_ASSOC_REQ] = { "assoc_request", "(re)association request" },
	[L2T_EAPOL1] = { "eapol_1", "EAPOL-Key 1/4" },
	[L2T_EAPOL4] = { "eapol_4", "EAPOL-Key 4/4" },
};

void l2_report_text(const struct handover *h, ts_t origin, FILE *f)
{
	if (h->join == T_NONE)
		return;
	fprintf(f, "  L2 in parts (%s):\n", !l2_scan_str(h) ? "first association" :
		h->l2p.scanned ? "scanned after leaving the old AP" :
		"no scan at the move: authenticated from cached scan results");
	for (int k = 0; k < L2T__COUNT; k++) {
		ts_t t = l2_time(h, k);
		char buf[32];

		if (t == T_NONE)
			continue;
		fmt_ts(buf, sizeof(buf), t);
		fprintf(f, "    %-36s %s  %+10.3f ms\n", l2t_defs[k].label, buf,
			(double)(t - origin) / 1e6);
	}
	for (int k = 0; k < L2P__COUNT; k++) {
		int64_t ns = l2_part_ns(h, k);

		if (k == L2P_SCAN && ns == 0)
			fprintf(f, "    %-36s none (cached scan results)\n", l2p_defs[k].label);
		else if (k == L2P_4WAY && ns == T_NONE && h->l2p.eapol1 == T_NONE)
			fprintf(f, "    %-36s none (no EAPOL-Key 1/4: an open network)\n", l2p_defs[k].label);
		else if (ns == T_NONE)
			fprintf(f, "    %-36s not observed\n", l2p_defs[k].label);
		else
			fprintf(f, "    %-36s %.3f ms\n", l2p_defs[k].label, (double)ns / 1e6);
	}
}

/* Part k in a line of figures ("scan 12.0 ms"), nothing when not observed. */
int l2_part_brief(const struct handover *h, int k, char *buf, size_t n)
{
	int64_t ns = l2_part_ns(h, k);

	if (ns == T_NONE)
		return 0;
	if (k == L2P_SCAN && ns == 0)
		return snprintf(buf, n, "no scan");
	return snprintf(buf, n, "%s %.3f ms", l2p_defs[k].key, (double)ns / 1e6);
}

void l2_report_json(const struct handover *h, FILE *f)
{
	fputs(",\n     \"l2_scan\": ", f);
	jopt(f, l2_scan_str(h));
	fputs(", \"l2_times\": {", f);
	for (int k = 0; k < L2T__COUNT; k++) {
		fprintf(f, "%s\"%s\": ", k ? ", " : "", l2t_defs[k].key);
		jts(f, l2_time(h, k));
	}
	fputs("},\n     \"l2_parts_ms\": {", f);
	for (int k = 0; k < L2P__COUNT; k++) {
		fprintf(f, "%s\"%s\": ", k ? ", " : "", l2p_defs[k].key);
		jms(f, l2_part_ns(h, k));
	}
	fputc('}', f);
}

void l2_csv_header(FILE *f)
{
	fputs(",l2_scan", f);
	for (int k = 0; k < L2T__COUNT; k++)
		fprintf(f, ",l2_%s", l2t_defs[k].key);
	for (int k = 0; k < L2P__COUNT; k++)
		fprintf(f, ",l2_%s_ms", l2p_defs[k].key);
}

void l2_csv_row(const struct handover *h, FILE *f)
{
	const char *scan = l2_scan_str(h);

	fprintf(f, ",%s", scan ? scan : "");
	for (int k = 0; k < L2T__COUNT; k++) {
		char buf[32] = "";

		if (l2_time(h, k) != T_NONE)
			fmt_ts(buf, sizeof(buf), l2_time(h, k));
		fprintf(f, ",%s", buf);
	}
	for (int k = 0; k < L2P__COUNT; k++) {
		int64_t ns = l2_part_ns(h, k);

		if (ns == T_NONE)
			fputc(',', f);
		else
			fprintf(f, ",%.3f", (double)ns / 1e6);
	}
}
