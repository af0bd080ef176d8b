/* Home agent discovery, mobile prefixes and fail-over in the reports (had.h). */
#include "dhaad.h"
#include "had.h"
#include "jw.h"

#define HAD_LIST_MAX	64	/* messages listed; more are counted */

static const struct had_state none = { .point = -1 };

static const struct had_state *hs_of(const struct analyzer *an)
{
	return an->had ? an->had : &none;
}

/* The fail-over's steps (docs/metrics.md "Fail-over"): name, from, to. */
enum { FO_NOTICE, FO_GIVE_UP, FO_DISCOVERY, FO_REGISTRATION, FO_RESUME, FO__COUNT };

static const char *const fo_key[FO__COUNT] = {
	"notice", "give_up", "discovery", "registration", "resume",
};

static const char *const fo_label[FO__COUNT] = {
	"notice (first BU to the dead HA - stop)",
	"give up (next HA's discovery or BU - that BU)",
	"discovery (Reply - Request)",
	"registration (BA - BU, next HA)",
	"resume (first data - BA)",
};

static int64_t span(ts_t a, ts_t b)
{
	return a == T_NONE || b == T_NONE ? T_NONE : b - a;
}

static int64_t fo_ns(const struct had_failover *fo, int k)
{
	switch (k) {
	case FO_NOTICE: return span(fo->t_stop, fo->t_bu_dead);
	case FO_GIVE_UP:
		return span(fo->t_bu_dead, fo->t_req != T_NONE ? fo->t_req : fo->t_bu_next);
	case FO_DISCOVERY: return span(fo->t_req, fo->t_rep);
	case FO_REGISTRATION: return span(fo->t_bu_next, fo->t_ba_next);
	case FO_RESUME: return span(fo->t_ba_next, fo->t_resume);
	}
	return T_NONE;
}

static void jaddr_opt(FILE *f, bool has, const struct in6_addr *a)
{
	if (has)
		jaddr(f, a);
	else
		fputs("null", f);
}

static void json_msg(FILE *f, const struct had_state *hs, size_t i)
{
	const struct had_msg *m = &hs->m[i];

	fprintf(f, "{\"t\": ");
	jts(f, m->t);
	fprintf(f, ", \"type\": %u, \"kind\": ", m->type);
	jstr(f, had_type_name(m->type));
	fprintf(f, ", \"id\": %u, \"src\": ", m->id);
	jaddr(f, &m->src);
	fputs(", \"dst\": ", f);
	jaddr(f, &m->dst);
	fputs(", \"care_of\": ", f);
	jaddr_opt(f, m->has_via, &m->via);
	fputs(", \"answer_rtt_ms\": ", f);
	if (m->pair >= 0 && (m->type == ICMP6_DHAAD_REPLY || m->type == ICMP6_MP_ADV))
		jms(f, m->t - hs->m[m->pair].t);
	else
		fputs("null", f);
	fprintf(f, ", \"paired\": %s", m->pair >= 0 ? "true" : "false");
	if (m->type == ICMP6_DHAAD_REPLY) {
		fprintf(f, ", \"home_agents_listed\": %u, \"home_agents\": [", m->n_addr);
		for (int k = 0; k < m->n_addr && k < HAD_ADDRS; k++) {
			fputs(k ? ", " : "", f);
			jaddr(f, &m->addr[k]);
		}
		fputc(']', f);
	}
	if (m->type == ICMP6_MP_ADV) {
		fprintf(f, ", \"prefixes\": %u, \"prefix\": ", m->n_prefix);
		if (m->n_prefix) {
			char a[INET6_ADDRSTRLEN];

			fmt_addr(a, sizeof(a), &m->prefix);
			fprintf(f, "\"%s/%u\", \"valid_s\": %u, \"preferred_s\": %u", a, m->plen,
				m->valid, m->preferred);
		} else {
			fputs("null, \"valid_s\": null, \"preferred_s\": null", f);
		}
	}
	fputc('}', f);
}

static void json_failover(FILE *f, const struct analyzer *an, const struct had_failover *fo)
{
	if (!fo->present) {
		fputs("null", f);
		return;
	}
	fputs("{\"node\": ", f);
	jstr(f, fo->node);
	fputs(", \"t_stop\": ", f);
	jts(f, fo->t_stop);
	fputs(", \"dead_ha\": ", f);
	jaddr_opt(f, fo->has_dead, &fo->dead);
	fputs(", \"next_ha\": ", f);
	jaddr_opt(f, fo->has_next, &fo->next);
	fputs(",\n     \"times\": {\"t_first_error\": ", f);
	jts(f, fo->t_err);
	fputs(", \"t_bu_dead\": ", f);
	jts(f, fo->t_bu_dead);
	fputs(", \"t_request\": ", f);
	jts(f, fo->t_req);
	fputs(", \"t_reply\": ", f);
	jts(f, fo->t_rep);
	fputs(", \"t_bu_next\": ", f);
	jts(f, fo->t_bu_next);
	fputs(", \"t_ba_next\": ", f);
	jts(f, fo->t_ba_next);
	fputs(", \"last_data_before\": ", f);
	jts(f, fo->last_before);
	fputs(", \"t_resume\": ", f);
	jts(f, fo->t_resume);
	fprintf(f, "},\n     \"icmp_errors_from_dead_ha\": %u, \"bus_to_dead_ha\": %u, "
		"\"bas_from_dead_ha\": %u, \"bus_to_next_ha\": %u, \"ba_status_next\": ",
		fo->n_err, fo->n_bu_dead, fo->ba_dead, fo->n_bu_next);
	if (fo->ba_next_seen)
		fprintf(f, "%u", fo->status_next);
	else
		fputs("null", f);
	fputs(", \"data\": ", f);
	jpoint(f, an, fo->data_point);
	fputs(",\n     \"phases_ms\": {", f);
	for (int k = 0; k < FO__COUNT; k++) {
		fprintf(f, "%s\"%s\": ", k ? ", " : "", fo_key[k]);
		jms(f, fo_ns(fo, k));
	}
	fputs("}, \"outage_ms\": ", f);
	jms(f, had_outage_ns(fo));
	fputc('}', f);
}

void had_report_json(const struct analyzer *an, FILE *f)
{
	const struct had_state *hs = hs_of(an);
	size_t listed = 0, more = 0;

	fputs("  \"home_agent_discovery\": {\"point\": ", f);
	jpoint(f, an, hs->point);
	fprintf(f, ", \"requests\": %llu, \"replies\": %llu, \"requests_unanswered\": %llu, "
		"\"replies_unmatched\": %llu, \"replies_without_address\": %llu,\n    "
		"\"solicitations\": %llu, \"advertisements\": %llu, \"advertisements_solicited\": %llu, "
		"\"advertisements_unsolicited\": %llu, \"not_kept\": %llu,\n    \"messages\": [",
		(unsigned long long)hs->req, (unsigned long long)hs->rep,
		(unsigned long long)hs->req_unanswered, (unsigned long long)hs->rep_unmatched,
		(unsigned long long)hs->reply_no_addr, (unsigned long long)hs->sol,
		(unsigned long long)hs->adv, (unsigned long long)hs->adv_solicited,
		(unsigned long long)(hs->adv - hs->adv_solicited), (unsigned long long)hs->dropped);
	for (size_t i = 0; i < hs->n; i++) {
		if (hs->m[i].point != hs->point)
			continue;
		if (listed == HAD_LIST_MAX) {
			more++;
			continue;
		}
		fputs(listed++ ? ",\n      " : "\n      ", f);
		json_msg(f, hs, i);
	}
	fprintf(f, "%s], \"messages_not_listed\": %zu,\n    \"failover\": ", listed ? "\n    " : "", more);
	json_failover(f, an, &hs->fo);
	fputs("},\n", f);
}

void had_report_json_ho(const struct analyzer *an, size_t i, FILE *f)
{
	const struct had_ho *d = had_ho_of(an, i);

	fputs(",\n     \"discovery\": ", f);
	if (!d) {
		fputs("null", f);
		return;
	}
	fputs("{\"t_request\": ", f);
	jts(f, d->t_req);
	fputs(", \"t_reply\": ", f);
	jts(f, d->t_rep);
	fputs(", \"discovery_ms\": ", f);
	jms(f, had_discovery_ns(d));
	fprintf(f, ", \"requests\": %u, \"home_agents_listed\": ", d->n_req);
	if (d->t_rep != T_NONE)
		fprintf(f, "%u", d->n_addr);
	else
		fputs("null", f);
	fputs(", \"home_agent\": ", f);
	jaddr_opt(f, d->has_ha, &d->ha);
	fputc('}', f);
}

static void ms_text(FILE *f, int64_t ns)
{
	if (ns == T_NONE)
		fputs("not observed", f);
	else
		fprintf(f, "%.3f ms", (double)ns / 1e6);
}

void had_report_text_ho(const struct analyzer *an, size_t i, FILE *f)
{
	const struct had_ho *d = had_ho_of(an, i);
	char ha[INET6_ADDRSTRLEN];

	if (!d)
		return;
	fprintf(f, "  home agent discovery before the BU: %u request(s), ", d->n_req);
	fputs("discovery (Reply - Request) ", f);
	ms_text(f, had_discovery_ns(d));
	if (d->has_ha) {
		fmt_addr(ha, sizeof(ha), &d->ha);
		fprintf(f, ", %u home agent(s) listed, first %s", d->n_addr, ha);
	} else if (d->t_rep != T_NONE) {
		fputs(", a Reply listing no home agent", f);
	}
	fputc('\n', f);
}

static void text_msg(FILE *f, const struct had_state *hs, size_t i)
{
	const struct had_msg *m = &hs->m[i];
	char t[32], src[INET6_ADDRSTRLEN], dst[INET6_ADDRSTRLEN], a[INET6_ADDRSTRLEN];

	fmt_ts(t, sizeof(t), m->t);
	fmt_addr(src, sizeof(src), &m->src);
	fmt_addr(dst, sizeof(dst), &m->dst);
	fprintf(f, "  %s %u %-28s id %-5u %s -> %s", t, m->type, had_type_name(m->type), m->id, src, dst);
	if (m->type == ICMP6_DHAAD_REPLY) {
		fputs(m->n_addr ? ": " : ": no home agent listed", f);
		for (int k = 0; k < m->n_addr && k < HAD_ADDRS; k++) {
			fmt_addr(a, sizeof(a), &m->addr[k]);
			fprintf(f, "%s%s", k ? ", " : "", a);
		}
		if (m->n_addr > HAD_ADDRS)
			fprintf(f, " (+%u)", m->n_addr - HAD_ADDRS);
	}
	if (m->type == ICMP6_MP_ADV && m->n_prefix) {
		fmt_addr(a, sizeof(a), &m->prefix);
		fprintf(f, ": %s/%u valid %u s preferred %u s", a, m->plen, m->valid, m->preferred);
	}
	if (m->type == ICMP6_DHAAD_REPLY || m->type == ICMP6_MP_ADV) {
		if (m->pair >= 0)
			fprintf(f, " (answers id %u after %.3f ms)", m->id,
				(double)(m->t - hs->m[m->pair].t) / 1e6);
		else
			fputs(m->type == ICMP6_MP_ADV ? " (unsolicited)" : " (answers no Request seen)", f);
	} else if (m->pair < 0) {
		fputs(" (no answer)", f);
	}
	fputc('\n', f);
}

static void text_failover(const struct analyzer *an, const struct had_failover *fo, FILE *f)
{
	char t[32], a[INET6_ADDRSTRLEN], b[INET6_ADDRSTRLEN];

	if (!fo->present)
		return;
	fmt_ts(t, sizeof(t), fo->t_stop);
	fmt_addr(a, sizeof(a), &fo->dead);
	fmt_addr(b, sizeof(b), &fo->next);
	fprintf(f, "\nHome agent fail-over: %s stopped at %s (home agent %s), next home agent %s\n",
		fo->node, t, fo->has_dead ? a : "not known", fo->has_next ? b : "not observed");
	fprintf(f, "  after the stop: %u ICMPv6 error(s) from the dead home agent, %u BU(s) to it "
		"(%u BA(s) back), %u BU(s) to the next until accepted", fo->n_err, fo->n_bu_dead,
		fo->ba_dead, fo->n_bu_next);
	if (fo->ba_next_seen)
		fprintf(f, " (BA status %u)", fo->status_next);
	fprintf(f, "\n  data: %s\n", fo->data_point >= 0 ? an->points[fo->data_point].name :
		"not observed");
	{
		static const char *const lab[] = {
			"home agent stopped (events.log)", "first ICMPv6 error from it",
			"first BU to it after the stop", "DHAAD Request", "DHAAD Reply",
			"first BU to the next home agent", "its accepting BA",
			"last data delivered before", "first data delivered after",
		};
		ts_t v[] = { fo->t_stop, fo->t_err, fo->t_bu_dead, fo->t_req, fo->t_rep,
			     fo->t_bu_next, fo->t_ba_next, fo->last_before, fo->t_resume };

		for (size_t k = 0; k < sizeof(v) / sizeof(v[0]); k++) {
			fmt_ts(t, sizeof(t), v[k]);
			if (v[k] == T_NONE)
				fprintf(f, "    %-36s not observed\n", lab[k]);
			else
				fprintf(f, "    %-36s %s  %+10.3f ms\n", lab[k], t,
					(double)(v[k] - fo->t_stop) / 1e6);
		}
	}
	fputs("  phases:\n", f);
	for (int k = 0; k < FO__COUNT; k++) {
		fprintf(f, "    %-46s ", fo_label[k]);
		ms_text(f, fo_ns(fo, k));
		fputc('\n', f);
	}
	fputs("    outage (first data after - stop)               ", f);
	ms_text(f, had_outage_ns(fo));
	fputc('\n', f);
}

/* Shown when there is something to tell: a message of types 144-147 or a
 * fail-over. */
void had_report_text(const struct analyzer *an, FILE *f)
{
	const struct had_state *hs = hs_of(an);
	size_t listed = 0;

	if (hs->point >= 0) {
		fprintf(f, "\nHome agent discovery and mobile prefixes (seen at %s):\n",
			an->points[hs->point].name);
		fprintf(f, "  DHAAD: %llu request(s), %llu reply(ies), %llu request(s) unanswered, "
			"%llu reply(ies) matching no request, %llu listing no home agent\n",
			(unsigned long long)hs->req, (unsigned long long)hs->rep,
			(unsigned long long)hs->req_unanswered, (unsigned long long)hs->rep_unmatched,
			(unsigned long long)hs->reply_no_addr);
		fprintf(f, "  mobile prefix: %llu solicitation(s), %llu advertisement(s) (%llu solicited, "
			"%llu unsolicited)\n", (unsigned long long)hs->sol, (unsigned long long)hs->adv,
			(unsigned long long)hs->adv_solicited,
			(unsigned long long)(hs->adv - hs->adv_solicited));
		for (size_t i = 0; i < hs->n; i++) {
			if (hs->m[i].point != hs->point)
				continue;
			if (listed++ == HAD_LIST_MAX) {
				fputs("  (more not listed)\n", f);
				break;
			}
			text_msg(f, hs, i);
		}
		if (hs->dropped)
			fprintf(f, "  (%llu more messages not kept)\n", (unsigned long long)hs->dropped);
	}
	text_failover(an, &hs->fo, f);
}

void had_csv_header(FILE *f)
{
	fputs(",t_dhaad_request,t_dhaad_reply,discovery_ms", f);
}

void had_csv_row(const struct analyzer *an, size_t i, FILE *f)
{
	const struct had_ho *d = had_ho_of(an, i);
	char a[32] = "", b[32] = "";
	int64_t ns = had_discovery_ns(d);

	if (d && d->t_req != T_NONE)
		fmt_ts(a, sizeof(a), d->t_req);
	if (d && d->t_rep != T_NONE)
		fmt_ts(b, sizeof(b), d->t_rep);
	fprintf(f, ",%s,%s,", a, b);
	if (ns != T_NONE)
		fprintf(f, "%.3f", (double)ns / 1e6);
}
