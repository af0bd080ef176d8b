/* ESP in the reports (esp.h): what was seen, what the key file opened. */
#include "esp.h"
#include "jw.h"

static const struct esp_state none;

static const struct esp_state *es_of(const struct analyzer *an)
{
	return an->esp ? an->esp : &none;
}

/* Protected BUs and BAs, of the bindings point like "bindings". */
static uint64_t at_ref(const struct analyzer *an, bool bu)
{
	if (an->ref_point < 0)
		return 0;
	return bu ? an->ps[an->ref_point].n_bu_esp : an->ps[an->ref_point].n_ba_esp;
}

void esp_report_text(const struct analyzer *an, FILE *f)
{
	const struct esp_state *es = es_of(an);

	if (!es->packets)
		return;
	fprintf(f, "ESP: %llu packet(s)", (unsigned long long)es->packets);
	if (!es->n_sa) {
		fputs(" (SPI", f);
		for (size_t i = 0; i < es->n_spi; i++)
			fprintf(f, "%s 0x%08x", i ? "," : "", es->spi[i].spi);
		fprintf(f, "%s): --esp-sa FILE would show the BU/BA inside\n", es->spi_other ? ", ..." : "");
		return;
	}
	fprintf(f, ", %llu opened with %s (%llu BU, %llu BA at the bindings point), %llu ICV failed, "
		"%llu without SA, %llu malformed\n", (unsigned long long)es->decoded,
		es->sa_file[0] ? es->sa_file : "the SAs given", (unsigned long long)at_ref(an, true),
		(unsigned long long)at_ref(an, false), (unsigned long long)es->icv_failed,
		(unsigned long long)es->no_sa, (unsigned long long)es->malformed);
	for (size_t i = 0; i < es->n_spi; i++) {
		const struct esp_spi *s = &es->spi[i];
		char src[INET6_ADDRSTRLEN], dst[INET6_ADDRSTRLEN];

		fmt_addr(src, sizeof(src), &s->src);
		fmt_addr(dst, sizeof(dst), &s->dst);
		fprintf(f, "  SPI 0x%08x %s -> %s: %llu packet(s), ", s->spi, src, dst,
			(unsigned long long)s->packets);
		if (s->known)
			fprintf(f, "%llu opened, %llu ICV failed, %llu malformed\n",
				(unsigned long long)s->decoded, (unsigned long long)s->icv_failed,
				(unsigned long long)s->malformed);
		else
			fputs("no SA in the key file\n", f);
	}
}

void esp_report_json(const struct analyzer *an, FILE *f)
{
	const struct esp_state *es = es_of(an);

	fputs("  \"esp\": {\"sa_file\": ", f);
	jopt(f, es->sa_file[0] ? es->sa_file : NULL);
	fprintf(f, ", \"sas\": %zu, \"packets\": %llu, \"decoded\": %llu, \"icv_failed\": %llu, "
		"\"no_sa\": %llu, \"malformed\": %llu, \"not_mh\": %llu, \"bu\": %llu, \"ba\": %llu, "
		"\"spis\": [", es->n_sa, (unsigned long long)es->packets,
		(unsigned long long)es->decoded, (unsigned long long)es->icv_failed,
		(unsigned long long)es->no_sa, (unsigned long long)es->malformed,
		(unsigned long long)es->not_mh, (unsigned long long)at_ref(an, true),
		(unsigned long long)at_ref(an, false));
	for (size_t i = 0; i < es->n_spi; i++) {
		const struct esp_spi *s = &es->spi[i];

		fprintf(f, "%s\n    {\"spi\": %u, \"src\": ", i ? "," : "", s->spi);
		jaddr(f, &s->src);
		fputs(", \"dst\": ", f);
		jaddr(f, &s->dst);
		fprintf(f, ", \"known\": %s, \"packets\": %llu, \"decoded\": %llu, \"icv_failed\": %llu, "
			"\"malformed\": %llu}", s->known ? "true" : "false",
			(unsigned long long)s->packets, (unsigned long long)s->decoded,
			(unsigned long long)s->icv_failed, (unsigned long long)s->malformed);
	}
	fprintf(f, "%s], \"spis_not_listed_packets\": %llu},\n", es->n_spi ? "\n  " : "",
		(unsigned long long)es->spi_other);
}
