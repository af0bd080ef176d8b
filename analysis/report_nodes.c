/* Every mobile node in the reports (nodes.h): the distributions across
 * nodes, a line per node, each other node's blackouts; JSON "nodes" and
 * "nodes_summary"; the per-node CSV. */
#include "headline.h"
#include "hojson.h"
#include "jw.h"
#include "l2parts.h"
#include "nodes.h"
#include "phase.h"

#define TEXT_NODES_DETAILED 64	/* nodes whose handovers the text spells out */

static const char *const nd_text[ND__COUNT] = {
	[ND_REGISTRATION] = "registration (BA - BU)",
	[ND_BLACKOUT] = "blackout as felt (L2 included)",
	[ND_BU] = "BUs per node",
};

static void dist_text(const struct analyzer *an, int k, FILE *f)
{
	struct dist d;
	const char *unit = k == ND_BU ? "" : " ms";

	an_nodes_dist(an, k, &d);
	fprintf(f, "  %-32s ", nd_text[k]);
	if (!d.n)
		fputs("not observed", f);
	else
		fprintf(f, "min %.3f%s, median %.3f, p90 %.3f, max %.3f over %zu %s", d.min, unit,
			d.median, d.p90, d.max, d.n, k == ND_BU ? "node(s)" : "handover(s)");
	if (d.missing)
		fprintf(f, " (%zu not observed)", d.missing);
	fputc('\n', f);
}

void report_nodes_text_head(const struct analyzer *an, FILE *f)
{
	if (an_n_nodes(an) < 2)
		return;
	fprintf(f, "\nAcross the %zu mobile nodes (told apart by home address):\n", an_n_nodes(an));
	for (int k = 0; k < ND__COUNT; k++)
		dist_text(an, k, f);
}

static void ms_cell(char *buf, size_t n, const struct an_node *nd, int ph)
{
	int64_t ns = nd->n_ho ? phase_ns(&nd->ho[0], ph) : T_NONE;

	if (ns == T_NONE)
		snprintf(buf, n, "-");
	else
		snprintf(buf, n, "%.3f", (double)ns / 1e6);
}

void report_nodes_text(const struct analyzer *an, FILE *f)
{
	size_t n = an_n_nodes(an);

	if (n < 2)
		return;
	fprintf(f, "\nMobile nodes (%zu; registration and blackout of each one's first handover, ms):\n", n);
	fprintf(f, "  %-5s %-10s %-28s %-17s %-16s %-4s %-5s %-5s %-3s %-12s %s\n", "#", "node", "HoA",
		"station", "bindings at", "ex", "BUs", "BAs", "ho", "registration", "blackout");
	for (size_t i = 0; i < n; i++) {
		const struct an_node *nd = an_node_at(an, i);
		char hoa[INET6_ADDRSTRLEN], sta[24] = "-", reg[24], bo[24];

		fmt_addr(hoa, sizeof(hoa), &nd->hoa);
		if (nd->sta >= 0)
			fmt_mac(sta, sizeof(sta), &an->sta[nd->sta].mac);
		ms_cell(reg, sizeof(reg), nd, PH_REG);
		ms_cell(bo, sizeof(bo), nd, PH_BLACKOUT);
		fprintf(f, "  %-5zu %-10s %-28s %-17s %-16s %-4u %-5llu %-5llu %-3zu %-12s %s%s\n", i + 1,
			nd->name[0] ? nd->name : "-", hoa, sta,
			nd->ex_point >= 0 ? an->points[nd->ex_point].name : "-", nd->n_ex,
			(unsigned long long)nd->n_bu, (unsigned long long)nd->n_ba, nd->n_ho, reg, bo,
			nd->primary ? "  (the handovers above)" : "");
	}
	for (size_t i = 0; i < n && i < TEXT_NODES_DETAILED; i++) {
		const struct an_node *nd = an_node_at(an, i);
		char hoa[INET6_ADDRSTRLEN];

		if (nd->primary)
			continue;
		fmt_addr(hoa, sizeof(hoa), &nd->hoa);
		for (size_t k = 0; k < nd->n_ho; k++) {
			const struct handover *h = &nd->ho[k];

			fprintf(f, "\nNode %s (%s), handover %d", nd->name[0] ? nd->name : "-", hoa, h->index);
			if (h->from[0] || h->to[0])
				fprintf(f, ": %s -> %s", h->from[0] ? h->from : "?", h->to[0] ? h->to : "?");
			fputc('\n', f);
			headline_ho(h, f);
		}
	}
	if (n > TEXT_NODES_DETAILED)
		fprintf(f, "\n(the handovers of the %zu nodes after the first %d: in the JSON report)\n",
			n - TEXT_NODES_DETAILED, TEXT_NODES_DETAILED);
}

static void dist_json(const struct analyzer *an, int k, FILE *f)
{
	struct dist d;

	an_nodes_dist(an, k, &d);
	fprintf(f, "\"%s\": {\"n\": %zu, \"missing\": %zu, ", nd_keys[k], d.n, d.missing);
	if (d.n)
		fprintf(f, "\"min\": %.3f, \"median\": %.3f, \"p90\": %.3f, \"max\": %.3f}", d.min,
			d.median, d.p90, d.max);
	else
		fputs("\"min\": null, \"median\": null, \"p90\": null, \"max\": null}", f);
}

/* The node's binding exchanges at its bindings point, in brief. */
static void bindings_json(const struct analyzer *an, const struct an_node *nd, FILE *f)
{
	const struct point_state *ps = nd->ex_point >= 0 ? &an->ps[nd->ex_point] : NULL;
	const struct hoa_slot *h = ps ? hoa_map_find(&ps->hoas, &nd->hoa) : NULL;
	const char *sep = "";

	for (uint32_t i = h ? h->first : HOA_NONE; i != HOA_NONE; i = ps->ex[i].next_same) {
		const struct exchange *e = &ps->ex[i];

		fprintf(f, "%s{\"kind\": ", sep);
		jstr(f, bind_kind_str(e->kind));
		fputs(", \"coa\": ", f);
		jaddr(f, &e->coa);
		fputs(", \"t_bu\": ", f);
		jts(f, e->t_bu);
		fprintf(f, ", \"transmissions\": %u, \"status\": ", e->tx);
		if (e->n_ba)
			fprintf(f, "%u", e->status);
		else
			fputs("null", f);
		fputs(", \"rtt_ms\": ", f);
		jms(f, e->n_ba ? e->t_ba - e->t_bu : T_NONE);
		fputc('}', f);
		sep = ", ";
	}
}

void report_nodes_json(const struct analyzer *an, FILE *f)
{
	size_t n = an_n_nodes(an), total = 0;

	fputs("  \"nodes\": [", f);
	for (size_t i = 0; i < n; i++) {
		const struct an_node *nd = an_node_at(an, i);
		char sta[24];

		fprintf(f, "%s\n    {\"index\": %zu, \"node\": ", i ? "," : "", i + 1);
		jopt(f, nd->name[0] ? nd->name : NULL);
		fputs(", \"hoa\": ", f);
		jaddr(f, &nd->hoa);
		fprintf(f, ", \"mobile_node\": %s, \"station\": ", nd->primary ? "true" : "false");
		if (nd->sta >= 0) {
			fmt_mac(sta, sizeof(sta), &an->sta[nd->sta].mac);
			jstr(f, sta);
		} else {
			fputs("null", f);
		}
		fputs(", \"capture\": ", f);
		jpoint(f, an, nd->own_point);
		fputs(", \"bindings_point\": ", f);
		jpoint(f, an, nd->ex_point);
		fprintf(f, ", \"exchanges\": %u, \"registrations\": %u, \"accepted\": %u, \"bu\": %llu, "
			"\"ba\": %llu,\n     \"bindings\": [", nd->n_ex, nd->n_reg, nd->n_accepted,
			(unsigned long long)nd->n_bu, (unsigned long long)nd->n_ba);
		bindings_json(an, nd, f);
		fputs("],\n     \"handovers\": [", f);
		for (size_t k = 0; k < nd->n_ho; k++) {
			fputs(k ? ",\n      " : "\n      ", f);
			json_ho_core(an, &nd->ho[k], f);
			l2_report_json(&nd->ho[k], f);
			fputc('}', f);
		}
		fputs("]}", f);
		total += nd->n_ho;
	}
	fprintf(f, "%s,\n  \"nodes_summary\": {\"nodes\": %zu, \"handovers\": %zu", n ? "\n  ]" : "]", n,
		total);
	for (int k = 0; k < ND__COUNT; k++) {
		fputs(",\n    ", f);
		dist_json(an, k, f);
	}
	fputs("}\n", f);
}

void report_csv_nodes(const struct analyzer *an, FILE *f)
{
	fputs("node_index,node,hoa,station,bindings_point,exchanges,bu,ba,handover,from,to,coa,bu_count", f);
	for (int k = 0; k < PH__COUNT; k++)
		fprintf(f, ",%s_ms", phase_defs[k].key);
	fputs(",l2_scan", f);
	for (int k = 0; k < L2P__COUNT; k++)
		fprintf(f, ",l2_%s_ms", l2p_defs[k].key);
	fputc('\n', f);
	for (size_t i = 0; i < an_n_nodes(an); i++) {
		const struct an_node *nd = an_node_at(an, i);
		char hoa[INET6_ADDRSTRLEN], sta[24] = "";

		fmt_addr(hoa, sizeof(hoa), &nd->hoa);
		if (nd->sta >= 0)
			fmt_mac(sta, sizeof(sta), &an->sta[nd->sta].mac);
		for (size_t k = 0; k < nd->n_ho || (k == 0 && !nd->n_ho); k++) {
			const struct handover *h = nd->n_ho ? &nd->ho[k] : NULL;
			char coa[INET6_ADDRSTRLEN] = "";
			const char *scan = h ? l2_scan_str(h) : NULL;

			/* Names come from file names and events.log words. */
			fprintf(f, "%zu,%s,%s,%s,%s,%u,%llu,%llu,", i + 1, nd->name, hoa, sta,
				nd->ex_point >= 0 ? an->points[nd->ex_point].name : "", nd->n_ex,
				(unsigned long long)nd->n_bu, (unsigned long long)nd->n_ba);
			if (!h) {
				fputs(",,,,", f);
				for (int p = 0; p < PH__COUNT + 1 + L2P__COUNT; p++)
					fputc(',', f);
				fputc('\n', f);
				break;
			}
			if (h->has_coa)
				fmt_addr(coa, sizeof(coa), &h->coa);
			fprintf(f, "%d,%s,%s,%s,%u", h->index, h->from, h->to, coa, h->n_bu);
			for (int p = 0; p < PH__COUNT; p++) {
				int64_t ns = phase_ns(h, p);

				if (ns == T_NONE)
					fputc(',', f);
				else
					fprintf(f, ",%.3f", (double)ns / 1e6);
			}
			fprintf(f, ",%s", scan ? scan : "");
			for (int p = 0; p < L2P__COUNT; p++) {
				int64_t ns = l2_part_ns(h, p);

				if (ns == T_NONE)
					fputc(',', f);
				else
					fprintf(f, ",%.3f", (double)ns / 1e6);
			}
			fputc('\n', f);
		}
	}
}
