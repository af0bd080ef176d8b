/* The run's report. */
#include "report.h"

static double rate(const struct lg_phase_stats *p)
{
	return p->seconds > 0 ? (double)p->acked / p->seconds : 0;
}

static uint64_t flood_total(const struct lg_stats *s)
{
	uint64_t n = 0;

	for (unsigned k = 0; k < FL_KINDS; k++)
		n += s->flood_sent[k];
	return n;
}

void lg_report_table(FILE *f, const struct lg_opts *o, struct lg_stats *s,
		     const struct lg_kobj *k)
{
	fprintf(f, "%-10s %9s %9s %10s %9s %9s %9s\n", "phase", "BUs", "accepted", "per_s",
		"p50_ms", "p99_ms", "max_ms");
	for (unsigned p = 0; p < PH_COUNT; p++) {
		struct lg_phase_stats *ph = &s->ph[p];

		if (!ph->sent)
			continue;
		fprintf(f, "%-10s %9llu %9llu %10.1f %9.3f %9.3f %9.3f\n", lg_phase_name(p),
			(unsigned long long)ph->sent, (unsigned long long)ph->acked, rate(ph),
			lg_lat_pct(&ph->lat, 50) / 1000.0, lg_lat_pct(&ph->lat, 99) / 1000.0,
			lg_lat_max(&ph->lat) / 1000.0);
	}
	fprintf(f, "BAs checked %llu, errors %llu", (unsigned long long)s->bas_checked,
		(unsigned long long)lg_errors(s));
	for (unsigned e = 0; e < ERR_COUNT; e++)
		if (s->err[e])
			fprintf(f, " %s %llu", lg_err_name(e), (unsigned long long)s->err[e]);
	for (unsigned st = 128; st < 256; st++)
		if (s->status_seen[st])
			fprintf(f, " (status %u: %llu)", st, (unsigned long long)s->status_seen[st]);
	fprintf(f, "\n");
	if (o->flood_rate) {
		fprintf(f, "flood: %llu packets, %.1f/s, %llu refused by the kernel, %llu answers:",
			(unsigned long long)flood_total(s),
			s->elapsed > 0 ? (double)flood_total(s) / s->elapsed : 0,
			(unsigned long long)s->flood_send_errors,
			(unsigned long long)s->flood_answers);
		for (unsigned fk = 0; fk < FL_KINDS; fk++)
			if (s->flood_sent[fk])
				fprintf(f, " %s %llu", lg_flood_kind_name(fk),
					(unsigned long long)s->flood_sent[fk]);
		fprintf(f, "\n");
	}
	if (k->rss_kib >= 0)
		fprintf(f, "ha: rss %ld KiB, peak %ld KiB\n", k->rss_kib, k->hwm_kib);
	if (k->routes >= 0)
		fprintf(f, "ha kernel: routes %ld, proxy entries %ld, nft elements %ld, mip6 links %ld, "
			"raw socket drops %ld\n", k->routes, k->proxies, k->nft_elements, k->tunnels,
			k->raw_drops);
	fprintf(f, "elapsed %.3f s\n", s->elapsed);
}

static void json_lat(FILE *f, struct lg_lat *l)
{
	fprintf(f, "{\"samples\": %zu, \"p50\": %.3f, \"p99\": %.3f, \"max\": %.3f}", l->n,
		lg_lat_pct(l, 50) / 1000.0, lg_lat_pct(l, 99) / 1000.0, lg_lat_max(l) / 1000.0);
}

void lg_report_json(FILE *f, const struct lg_opts *o, struct lg_stats *s,
		    const struct lg_kobj *k)
{
	struct lg_lat all = { 0 };
	const char *sep = "";

	fprintf(f, "{\n  \"nodes\": %u, \"window\": %u, \"rate_asked\": %.1f, \"lifetime\": %u,\n",
		o->nodes, o->window, o->rate, o->lifetime);
	fprintf(f, "  \"elapsed_s\": %.3f,\n  \"phases\": {", s->elapsed);
	for (unsigned p = 0; p < PH_COUNT; p++) {
		struct lg_phase_stats *ph = &s->ph[p];

		if (!ph->sent)
			continue;
		fprintf(f, "%s\n    \"%s\": {\"sent\": %llu, \"accepted\": %llu, \"seconds\": %.3f, "
			"\"rate_per_s\": %.1f, \"latency_ms\": ", sep, lg_phase_name(p),
			(unsigned long long)ph->sent, (unsigned long long)ph->acked,
			ph->seconds, rate(ph));
		json_lat(f, &ph->lat);
		fprintf(f, "}");
		sep = ",";
		for (size_t i = 0; i < ph->lat.n; i++)
			lg_lat_add(&all, ph->lat.us[i]);
	}
	fprintf(f, "\n  },\n  \"latency_ms\": ");
	json_lat(f, &all);
	lg_lat_free(&all);
	fprintf(f, ",\n  \"bas_checked\": %llu,\n  \"errors_total\": %llu,\n  \"errors\": {",
		(unsigned long long)s->bas_checked, (unsigned long long)lg_errors(s));
	for (unsigned e = 0; e < ERR_COUNT; e++)
		fprintf(f, "%s\"%s\": %llu", e ? ", " : "", lg_err_name(e),
			(unsigned long long)s->err[e]);
	fprintf(f, "},\n  \"ba_status\": {");
	sep = "";
	for (unsigned st = 0; st < 256; st++)
		if (s->status_seen[st]) {
			fprintf(f, "%s\"%u\": %llu", sep, st, (unsigned long long)s->status_seen[st]);
			sep = ", ";
		}
	fprintf(f, "},\n  \"flood\": {\"rate_asked\": %.1f, \"sent\": %llu, \"rate_per_s\": %.1f, "
		"\"send_errors\": %llu, \"answers\": %llu, \"by_kind\": {",
		o->flood_rate, (unsigned long long)flood_total(s),
		s->elapsed > 0 ? (double)flood_total(s) / s->elapsed : 0,
		(unsigned long long)s->flood_send_errors, (unsigned long long)s->flood_answers);
	for (unsigned fk = 0; fk < FL_KINDS; fk++)
		fprintf(f, "%s\"%s\": %llu", fk ? ", " : "", lg_flood_kind_name(fk),
			(unsigned long long)s->flood_sent[fk]);
	fprintf(f, "}},\n  \"rx_other\": %llu,\n", (unsigned long long)s->rx_other);
	fprintf(f, "  \"ha\": {\"rss_kib\": %ld, \"hwm_kib\": %ld, \"routes\": %ld, \"proxies\": %ld, "
		"\"nft_elements\": %ld, \"tunnels\": %ld, \"raw_drops\": %ld}\n}\n", k->rss_kib,
		k->hwm_kib, k->routes, k->proxies, k->nft_elements, k->tunnels, k->raw_drops);
}
