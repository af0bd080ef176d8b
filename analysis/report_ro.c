/* Route Optimization in the JSON and CSV reports (schema in
 * docs/analyzer.md): the messages of the reported point, and per handover
 * its RO timeline, phases and probe RTTs. */
#include <string.h>

#include "an.h"
#include "jw.h"
#include "ro.h"

static void jnull_u(FILE *f, bool has, unsigned v)
{
	if (has)
		fprintf(f, "%u", v);
	else
		fputs("null", f);
}

static const char *rr_missing(const struct ho_ro *r)
{
	bool hot = r->want_hot && r->t[RT_HOT] == T_NONE;
	bool cot = r->want_cot && r->t[RT_COT] == T_NONE;

	return hot && cot ? "HoT and CoT" : hot ? "HoT" : cot ? "CoT" : NULL;
}

static const struct ro_point *rpoint(const struct analyzer *an)
{
	return an->ro && an->ro->point >= 0 ? &an->ro->pt[an->ro->point] : NULL;
}

static void tests(FILE *f, const struct ro_point *p)
{
	fputs("\"tests\": [", f);
	for (size_t i = 0; p && i < p->n_rr; i++) {
		const struct rr_test *r = &p->rr[i];

		fprintf(f, "%s\n      {\"kind\": \"%s\", \"t_init\": ", i ? "," : "",
			r->kind == RR_HOME ? "home" : "care-of");
		jts(f, r->t_init);
		fputs(", \"t_reply\": ", f);
		jts(f, r->t_reply);
		fputs(", \"rtt_ms\": ", f);
		jms(f, r->t_reply == T_NONE ? T_NONE : r->t_reply - r->t_init);
		fputs(", \"mn\": ", f);
		jaddr(f, &r->mn);
		fputs(", \"cn\": ", f);
		jaddr(f, &r->cn);
		fputs(", \"nonce_index\": ", f);
		jnull_u(f, r->t_reply != T_NONE, r->nonce_index);
		fputc('}', f);
	}
	fputs(p && p->n_rr ? "\n    ]" : "]", f);
}

static void bindings(FILE *f, const struct ro_point *p)
{
	fputs(",\n    \"correspondent_bindings\": [", f);
	for (size_t i = 0; p && i < p->n_cb; i++) {
		const struct cn_bind *c = &p->cb[i];

		fprintf(f, "%s\n      {\"index\": %zu, \"kind\": \"%s\", \"hoa\": ", i ? "," : "", i + 1,
			c->dereg ? "deregistration" : "registration");
		jaddr(f, &c->hoa);
		fputs(", \"coa\": ", f);
		jaddr(f, &c->coa);
		fputs(", \"cn\": ", f);
		jaddr(f, &c->cn);
		fprintf(f, ", \"seq_first\": %u, \"seq_last\": %u, \"flags\": ", c->seq_first, c->seq_last);
		jflags(f, c->flags);
		fprintf(f, ", \"lifetime_requested_s\": %u, \"transmissions\": %u, \"t_bu\": ",
			mh_units_to_sec(c->lifetime_req), c->tx);
		jts(f, c->t_bu);
		fputs(", \"t_bu_last\": ", f);
		jts(f, c->t_bu_last);
		fputs(",\n       \"home_nonce_index\": ", f);
		jnull_u(f, c->has_nonce, c->home_nonce);
		fputs(", \"coa_nonce_index\": ", f);
		jnull_u(f, c->has_nonce, c->coa_nonce);
		fprintf(f, ", \"authorization_data\": %s, \"authorization_len\": ",
			c->has_auth ? "true" : "false");
		jnull_u(f, c->has_auth, c->auth_len);
		fputs(", \"t_ba\": ", f);
		jts(f, c->n_ba ? c->t_ba : T_NONE);
		if (c->n_ba) {
			fprintf(f, ", \"ba_seq\": %u, \"status\": %u, \"status_text\": ", c->ba_seq, c->status);
			jstr(f, mh_ba_status_str(c->status));
			fprintf(f, ", \"accepted\": %s, \"lifetime_granted_s\": %u, \"rtt_ms\": ",
				c->status < 128 ? "true" : "false", mh_units_to_sec(c->lifetime_granted));
			jms(f, c->t_ba - c->t_bu);
		} else {
			fputs(", \"ba_seq\": null, \"status\": null, \"status_text\": null, "
			      "\"accepted\": null, \"lifetime_granted_s\": null, \"rtt_ms\": null", f);
		}
		fputs(", \"rejected_status\": ", f);
		jnull_u(f, c->rejected, c->reject_status);
		fputs(", \"t_first_direct\": ", f);
		jts(f, c->t_direct);
		fputs(", \"first_direct_from\": ", f);
		jopt(f, c->t_direct == T_NONE ? NULL : c->direct_hao ? "mn" : "cn");
		fputc('}', f);
	}
	fputs(p && p->n_cb ? "\n    ]" : "]", f);
}

static void messages(FILE *f, const struct ro_point *p)
{
	fputs(",\n    \"messages\": [", f);
	for (size_t i = 0; p && i < p->n_msg; i++) {
		const struct ro_msg *m = &p->msg[i];

		fprintf(f, "%s\n      {\"t\": ", i ? "," : "");
		jts(f, m->t);
		fputs(", \"type\": ", f);
		jstr(f, mh_type_name(m->type));
		fputs(", \"src\": ", f);
		jaddr(f, &m->src);
		fputs(", \"dst\": ", f);
		jaddr(f, &m->dst);
		fputs(", \"hoa\": ", f);
		jaddr(f, &m->hoa);
		fputs(", \"status\": ", f);
		jnull_u(f, m->type == MH_BE, m->status);
		fputs(", \"status_text\": ", f);
		jopt(f, m->type == MH_BE ? mh_be_status_str(m->status) : NULL);
		fputc('}', f);
	}
	fputs(p && p->n_msg ? "\n    ]" : "]", f);
}

void ro_report_json(const struct analyzer *an, FILE *f)
{
	const struct ro_point *p = rpoint(an);
	static const struct ro_point none;
	const struct ro_point *c = p ? p : &none;

	fputs("  \"return_routability\": {\"point\": ", f);
	jpoint(f, an, an->ro ? an->ro->point : -1);
	fprintf(f, ", \"hoti\": %llu, \"coti\": %llu, \"hot\": %llu, \"cot\": %llu, "
		"\"hot_unmatched\": %llu, \"cot_unmatched\": %llu, \"answer_duplicates\": %llu,\n"
		"    \"cn_bu\": %llu, \"cn_ba\": %llu, \"cn_ba_orphan\": %llu, \"cn_ba_duplicate\": %llu, "
		"\"brr\": %llu, \"be\": %llu, \"messages_not_listed\": %llu, \"not_kept\": %llu,\n    ",
		(unsigned long long)c->n_init[RR_HOME], (unsigned long long)c->n_init[RR_COA],
		(unsigned long long)c->n_reply[RR_HOME], (unsigned long long)c->n_reply[RR_COA],
		(unsigned long long)c->unmatched[RR_HOME], (unsigned long long)c->unmatched[RR_COA],
		(unsigned long long)c->rr_dup, (unsigned long long)c->n_cn_bu,
		(unsigned long long)c->n_cn_ba, (unsigned long long)c->cn_ba_orphan,
		(unsigned long long)c->cn_ba_dup, (unsigned long long)c->n_brr,
		(unsigned long long)c->n_be, (unsigned long long)c->msg_more,
		(unsigned long long)c->dropped);
	tests(f, p);
	bindings(f, p);
	messages(f, p);
	fputs("},\n", f);
}

void ro_report_json_ho(const struct analyzer *an, size_t i, FILE *f)
{
	const struct ho_ro *r = ho_ro_of(an, i);
	const struct handover *h = &an->ho[i];
	const struct cn_bind *c;

	fputs(",\n     \"ro\": ", f);
	if (!r) {
		fputs("null", f);
		return;
	}
	c = r->cb >= 0 ? &an->ro->pt[an->ro->point].cb[r->cb] : NULL;
	fputs("{\"cn\": ", f);
	jaddr(f, &r->cn);
	fputs(", \"outcome\": ", f);
	jstr(f, ro_outcome_str(r->outcome));
	fputs(", \"rr_complete\": ", f);
	if (r->want_hot || r->want_cot)
		fputs(r->t[RT_RR_DONE] != T_NONE ? "true" : "false", f);
	else
		fputs("null", f);
	fputs(", \"rr_missing\": ", f);
	jopt(f, rr_missing(r));
	fprintf(f, ", \"cn_bu_count\": %u, \"cn_ba_status\": ", r->n_cn_bu);
	jnull_u(f, r->cn_ba_seen, r->cn_status);
	fputs(", \"cn_ba_status_text\": ", f);
	jopt(f, r->cn_ba_seen ? mh_ba_status_str(r->cn_status) : NULL);
	fputs(", \"cn_rejected_status\": ", f);
	jnull_u(f, r->cn_rejected, r->cn_reject_status);
	fputs(",\n      \"home_nonce_index\": ", f);
	jnull_u(f, c && c->has_nonce, c ? c->home_nonce : 0);
	fputs(", \"coa_nonce_index\": ", f);
	jnull_u(f, c && c->has_nonce, c ? c->coa_nonce : 0);
	fputs(", \"authorization_len\": ", f);
	jnull_u(f, c && c->has_auth, c ? c->auth_len : 0);
	fputs(", \"first_direct_from\": ", f);
	jopt(f, r->t[RT_DIRECT] == T_NONE ? NULL : r->direct_hao ? "mn" : "cn");
	fputs(",\n      \"times\": {", f);
	for (int k = 0; k < RT__COUNT; k++) {
		fprintf(f, "%s\"%s\": ", k ? ", " : "", ro_tp_defs[k].key);
		jts(f, ro_tp_time(r, k));
	}
	fputs("},\n      \"phases_ms\": {", f);
	for (int k = 0; k < RP__COUNT; k++) {
		fprintf(f, "%s\"%s\": ", k ? ", " : "", ro_phase_defs[k].key);
		jms(f, ro_phase_ns(h, r, k));
	}
	fputs("},\n      \"rtt_point\": ", f);
	jpoint(f, an, an->ro->rtt_point);
	fputs(", \"rtt_ms\": {", f);
	for (int k = 0; k < RTT__COUNT; k++) {
		fprintf(f, "%s\"%s\": ", k ? ", " : "", ro_rtt_defs[k].key);
		jms(f, r->rtt[k]);
	}
	fputs("}, \"rtt_samples\": {", f);
	for (int k = 0; k < RTT__COUNT; k++)
		fprintf(f, "%s\"%s\": %u", k ? ", " : "", ro_rtt_defs[k].key, r->rtt_n[k]);
	fputs("}}", f);
}

void ro_csv_header(FILE *f)
{
	fputs(",ro_cn,ro_outcome", f);
	for (int k = 0; k < RT__COUNT; k++)
		fprintf(f, ",%s", ro_tp_defs[k].key);
	for (int k = 0; k < RP__COUNT; k++)
		fprintf(f, ",%s_ms", ro_phase_defs[k].key);
	for (int k = 0; k < RTT__COUNT; k++)
		fprintf(f, ",rtt_%s_ms", ro_rtt_defs[k].key);
}

void ro_csv_row(const struct analyzer *an, size_t i, FILE *f)
{
	const struct ho_ro *r = ho_ro_of(an, i);
	char buf[INET6_ADDRSTRLEN] = "";

	if (!r) {
		for (int k = 0; k < 2 + RT__COUNT + RP__COUNT + RTT__COUNT; k++)
			fputc(',', f);
		return;
	}
	fmt_addr(buf, sizeof(buf), &r->cn);
	fprintf(f, ",%s,%s", buf, ro_outcome_str(r->outcome));
	for (int k = 0; k < RT__COUNT; k++) {
		buf[0] = '\0';
		if (ro_tp_time(r, k) != T_NONE)
			fmt_ts(buf, sizeof(buf), ro_tp_time(r, k));
		fprintf(f, ",%s", buf);
	}
	for (int k = 0; k < RP__COUNT + RTT__COUNT; k++) {
		int64_t ns = k < RP__COUNT ? ro_phase_ns(&an->ho[i], r, k) : r->rtt[k - RP__COUNT];

		if (ns == T_NONE)
			fputc(',', f);
		else
			fprintf(f, ",%.3f", (double)ns / 1e6);
	}
}
