/* Binding hijack in the reports (hijack.h). */
#include "esp.h"
#include "hijack.h"
#include "jw.h"

static const struct hj_state none;

static const struct hj_state *hs_of(const struct analyzer *an)
{
	return an->hj ? an->hj : &none;
}

/* Shown when there is something to tell: a BU from a care-of address its
 * mobile node never used, a plain BU among protected ones, or ESP at all
 * (then "none" is news too). */
void hj_report_text(const struct analyzer *an, FILE *f)
{
	const struct hj_state *hs = hs_of(an);

	if (!hs->n_out && !hs->unprotected_bu && !(an->esp && an->esp->packets))
		return;
	fprintf(f, "\nBinding hijack: %s (%zu home address(es) checked against their mobile node's "
		"own captures and station)\n", hs->n_hijacked ? "HIJACKED" : "none", hs->n_checked);
	for (size_t i = 0; i < hs->n_out; i++) {
		const struct hj_binding *b = &hs->out[i];
		char hoa[INET6_ADDRSTRLEN], coa[INET6_ADDRSTRLEN], t[32];

		fmt_addr(hoa, sizeof(hoa), &b->p->hoa);
		fmt_addr(coa, sizeof(coa), &b->p->coa);
		fmt_ts(t, sizeof(t), b->accepted ? b->p->t_ba : b->p->t_bu);
		if (b->accepted)
			fprintf(f, "  %s bound to %s, a care-of address its mobile node never used: "
				"accepted %s, BU %s, %llu packet(s) tunnelled to it after\n", hoa, coa, t,
				b->bu_protected ? "protected" : "not protected",
				(unsigned long long)b->packets);
		else
			fprintf(f, "  %s: %u BU(s) from %s, a care-of address its mobile node never used "
				"(first %s, %s), not accepted\n", hoa, b->p->bus, coa, t,
				b->bu_protected ? "protected" : "not protected");
	}
	if (hs->unprotected_bu)
		fprintf(f, "  %llu BU(s) in the clear for a home address whose other BUs ESP protected\n",
			(unsigned long long)hs->unprotected_bu);
}

static void binding(FILE *f, const struct hj_binding *b, bool accepted)
{
	fputs("{\"hoa\": ", f);
	jaddr(f, &b->p->hoa);
	fputs(", \"coa\": ", f);
	jaddr(f, &b->p->coa);
	fputs(", \"ha\": ", f);
	jaddr(f, &b->p->ha);
	fputs(", \"t_bu\": ", f);
	jts(f, b->p->t_bu);
	if (accepted) {
		fputs(", \"t_ba\": ", f);
		jts(f, b->p->t_ba);
	}
	fprintf(f, ", \"bus\": %u, \"bu_protected\": %s", b->p->bus, b->bu_protected ? "true" : "false");
	if (accepted)
		fprintf(f, ", \"packets_to_coa\": %llu", (unsigned long long)b->packets);
	fputc('}', f);
}

void hj_report_json(const struct analyzer *an, FILE *f)
{
	const struct hj_state *hs = hs_of(an);
	const char *sep = "";

	fprintf(f, "  \"hijack\": {\"verdict\": \"%s\", \"hoas_checked\": %zu, \"bindings\": [",
		hs->n_hijacked ? "hijacked" : "none", hs->n_checked);
	for (size_t i = 0; i < hs->n_out; i++)
		if (hs->out[i].accepted) {
			fprintf(f, "%s\n    ", sep);
			binding(f, &hs->out[i], true);
			sep = ",";
		}
	fputs(*sep ? "\n  ], \"not_accepted\": [" : "], \"not_accepted\": [", f);
	sep = "";
	for (size_t i = 0; i < hs->n_out; i++)
		if (!hs->out[i].accepted) {
			fprintf(f, "%s\n    ", sep);
			binding(f, &hs->out[i], false);
			sep = ",";
		}
	fprintf(f, "%s], \"unprotected_bu\": %llu},\n", *sep ? "\n  " : "",
		(unsigned long long)hs->unprotected_bu);
}
