/* Route Optimization in the text report: the tests, the correspondent
 * bindings, BRRs and BEs of the reported point, and under each handover its
 * RO timeline, phases and probe RTTs. Nothing is printed without RO. */
#include <string.h>

#include "an.h"
#include "phase.h"
#include "ro.h"

static void tests(const struct ro_point *p, FILE *f)
{
	if (!p->n_rr)
		return;
	fprintf(f, "  %-8s %-17s %-17s %-12s %-16s %s\n", "test", "init", "answer", "init->answer",
		"correspondent", "nonce index");
	for (size_t i = 0; i < p->n_rr; i++) {
		const struct rr_test *r = &p->rr[i];
		char a[32], b[32], cn[INET6_ADDRSTRLEN], ms[32] = "-", ni[16] = "-";

		fmt_ts(a, sizeof(a), r->t_init);
		fmt_ts(b, sizeof(b), r->t_reply);
		fmt_addr(cn, sizeof(cn), &r->cn);
		if (r->t_reply != T_NONE) {
			snprintf(ms, sizeof(ms), "%.3f ms", (double)(r->t_reply - r->t_init) / 1e6);
			snprintf(ni, sizeof(ni), "%u", r->nonce_index);
		}
		fprintf(f, "  %-8s %-17s %-17s %-12s %-16s %s\n", r->kind == RR_HOME ? "home" : "care-of",
			a, r->t_reply == T_NONE ? "not answered" : b, ms, cn, ni);
	}
}

static void binding(const struct cn_bind *c, size_t i, FILE *f)
{
	char t[32], cn[INET6_ADDRSTRLEN], coa[INET6_ADDRSTRLEN], st[16] = "no BA", ms[32] = "-";
	char seq[16];

	fmt_ts(t, sizeof(t), c->t_bu);
	fmt_addr(cn, sizeof(cn), &c->cn);
	fmt_addr(coa, sizeof(coa), &c->coa);
	if (c->n_ba) {
		snprintf(st, sizeof(st), "%u", c->status);
		snprintf(ms, sizeof(ms), "%.3f ms", (double)(c->t_ba - c->t_bu) / 1e6);
	}
	if (c->seq_first == c->seq_last)
		snprintf(seq, sizeof(seq), "%u", c->seq_first);
	else
		snprintf(seq, sizeof(seq), "%u-%u", c->seq_first, c->seq_last);
	fprintf(f, "  %-3zu %-17s %-16s %-28s %-11s %-3u %-5u %-6s %-11s %s", i + 1, t, cn, coa,
		seq, c->tx, mh_units_to_sec(c->lifetime_req), st, ms,
		c->dereg ? "deregistration" : "registration");
	if (c->n_ba)
		fprintf(f, ", %s", mh_ba_status_str(c->status));
	fputc('\n', f);
	fputs("      ", f);
	if (c->has_nonce)
		fprintf(f, "nonce indices home %u, care-of %u", c->home_nonce, c->coa_nonce);
	else
		fputs("no nonce indices", f);
	if (c->has_auth)
		fprintf(f, "; authorization data %u bytes", c->auth_len);
	else
		fputs("; no authorization data", f);
	if (c->rejected)
		fprintf(f, "; refused before with %u (%s)", c->reject_status,
			mh_ba_status_str(c->reject_status));
	if (c->t_direct != T_NONE)
		fprintf(f, "; first direct data %.3f ms after the BU (from the %s)",
			(double)(c->t_direct - c->t_bu) / 1e6, c->direct_hao ? "MN" : "correspondent");
	fputc('\n', f);
}

static void msg(const struct ro_msg *m, FILE *f)
{
	char t[32], s[INET6_ADDRSTRLEN], d[INET6_ADDRSTRLEN], h[INET6_ADDRSTRLEN];

	fmt_ts(t, sizeof(t), m->t);
	fmt_addr(s, sizeof(s), &m->src);
	fmt_addr(d, sizeof(d), &m->dst);
	fmt_addr(h, sizeof(h), &m->hoa);
	if (m->type == MH_BRR)
		fprintf(f, "  Binding Refresh Request %s %s -> %s (HoA %s)\n", t, s, d, h);
	else
		fprintf(f, "  Binding Error %s %s -> %s: status %u (%s), HoA %s\n", t, s, d, m->status,
			mh_be_status_str(m->status), h);
}

void ro_report_text(const struct analyzer *an, FILE *f)
{
	const struct ro_point *p;

	if (!ro_any(an))
		return;
	p = &an->ro->pt[an->ro->point];
	fprintf(f, "\nReturn routability (seen at %s): %llu HoTI, %llu HoT (%llu unmatched), "
		"%llu CoTI, %llu CoT (%llu unmatched)", an->points[an->ro->point].name,
		(unsigned long long)p->n_init[RR_HOME], (unsigned long long)p->n_reply[RR_HOME],
		(unsigned long long)p->unmatched[RR_HOME], (unsigned long long)p->n_init[RR_COA],
		(unsigned long long)p->n_reply[RR_COA], (unsigned long long)p->unmatched[RR_COA]);
	if (p->rr_dup)
		fprintf(f, ", %llu repeated answer(s)", (unsigned long long)p->rr_dup);
	fputc('\n', f);
	tests(p, f);
	fprintf(f, "Correspondent bindings: %llu BU, %llu BA (%llu without a matching BU, "
		"%llu duplicate)\n", (unsigned long long)p->n_cn_bu, (unsigned long long)p->n_cn_ba,
		(unsigned long long)p->cn_ba_orphan, (unsigned long long)p->cn_ba_dup);
	if (p->n_cb)
		fprintf(f, "  %-3s %-17s %-16s %-28s %-11s %-3s %-5s %-6s %s\n", "#", "t_bu",
			"correspondent", "CoA", "seq", "BUs", "lt_s", "status", "BU->BA");
	for (size_t i = 0; i < p->n_cb; i++)
		binding(&p->cb[i], i, f);
	for (size_t i = 0; i < p->n_msg; i++)
		msg(&p->msg[i], f);
	if (p->msg_more)
		fprintf(f, "  (%llu more BRR/BE not listed)\n", (unsigned long long)p->msg_more);
	if (p->dropped)
		fprintf(f, "  (%llu tests or bindings not kept)\n", (unsigned long long)p->dropped);
}

static void ms(char *buf, size_t n, int64_t ns)
{
	if (ns == T_NONE)
		snprintf(buf, n, "not observed");
	else
		snprintf(buf, n, "%.3f ms", (double)ns / 1e6);
}

void ro_report_text_ho(const struct analyzer *an, size_t i, FILE *f)
{
	const struct ho_ro *r = ho_ro_of(an, i);
	const struct handover *h = &an->ho[i];
	char cn[INET6_ADDRSTRLEN], buf[64];
	ts_t o = ho_origin(h);

	if (!r)
		return;
	fmt_addr(cn, sizeof(cn), &r->cn);
	fprintf(f, "  route optimization with %s (seen at %s): %s", cn,
		an->points[an->ro->point].name, ro_outcome_str(r->outcome));
	if (r->outcome == RO_RR_INCOMPLETE)
		fprintf(f, ", RR incomplete: no %s%s%s", r->want_hot && r->t[RT_HOT] == T_NONE ? "HoT" : "",
			r->want_hot && r->t[RT_HOT] == T_NONE && r->want_cot && r->t[RT_COT] == T_NONE ?
			" and no " : "", r->want_cot && r->t[RT_COT] == T_NONE ? "CoT" : "");
	if (r->n_cn_bu)
		fprintf(f, ", %u BU(s) to it", r->n_cn_bu);
	if (r->cn_ba_seen && r->cn_status >= 128)
		fprintf(f, ", refused with status %u (%s)", r->cn_status, mh_ba_status_str(r->cn_status));
	else if (r->cn_rejected)
		fprintf(f, ", accepted after a refusal with status %u (%s)", r->cn_reject_status,
			mh_ba_status_str(r->cn_reject_status));
	fputc('\n', f);
	if (o == T_NONE)
		o = r->t[RT_RR_START] != T_NONE ? r->t[RT_RR_START] : r->t[RT_CN_BU];
	for (int k = 0; k < RT__COUNT; k++) {
		ts_t t = ro_tp_time(r, k);

		fmt_ts(buf, sizeof(buf), t);
		if (t == T_NONE)
			fprintf(f, "    %-36s not observed\n", ro_tp_defs[k].label);
		else
			fprintf(f, "    %-36s %s  %+10.3f ms\n", ro_tp_defs[k].label, buf,
				(double)(t - o) / 1e6);
	}
	if (r->outcome == RO_RR_INCOMPLETE) {
		fputs("  route optimization phases: none (return routability did not complete)\n", f);
	} else {
		fputs("  route optimization phases:\n", f);
		for (int k = 0; k < RP__COUNT; k++) {
			ms(buf, sizeof(buf), ro_phase_ns(h, r, k));
			fprintf(f, "    %-36s %s\n", ro_phase_defs[k].label, buf);
		}
	}
	if (an->ro->rtt_point < 0) {
		fputs("  probe RTT: no answered echo request captured outside the MN\n", f);
		return;
	}
	fprintf(f, "  probe RTT at %s (median, samples):", an->points[an->ro->rtt_point].name);
	for (int k = 0; k < RTT__COUNT; k++) {
		ms(buf, sizeof(buf), r->rtt[k]);
		fprintf(f, "%s %s %s (%u)", k ? "," : "", ro_rtt_defs[k].label, buf, r->rtt_n[k]);
	}
	fputc('\n', f);
}
