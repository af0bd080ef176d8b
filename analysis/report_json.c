/* JSON report (schema in docs/analyzer.md). Keys are stable; a value that
 * was not observed is null. Times are Unix seconds with microseconds,
 * durations milliseconds. */
#include <string.h>

#include "an.h"
#include "esp.h"
#include "had.h"
#include "hijack.h"
#include "jw.h"
#include "hojson.h"
#include "l2parts.h"
#include "nodes.h"
#include "phase.h"
#include "ro.h"

/* Which BU the outcome answered, the other BAs of the exchange (refusals),
 * the refresh interval the outcome advised. */
static void answers(FILE *f, const struct point_state *ps, const struct exchange *e)
{
	const char *sep = "";

	fputs(", \"answered_seq\": ", f);
	if (e->n_ba)
		fprintf(f, "%u", e->bu_seq);
	else
		fputs("null", f);
	fputs(", \"refusals\": [", f);
	for (const struct refusal *r = ex_refusal(ps, e, NULL); r; r = ex_refusal(ps, e, r)) {
		fprintf(f, "%s{\"t\": ", sep);
		jts(f, r->t);
		fprintf(f, ", \"ba_seq\": %u, \"bu_seq\": %u, \"status\": %u, \"status_text\": ",
			r->ba_seq, r->bu_seq, r->status);
		jstr(f, mh_ba_status_str(r->status));
		fputc('}', f);
		sep = ", ";
	}
	fprintf(f, "], \"refusals_not_listed\": %u, \"refreshes_folded\": %u, "
		"\"refreshes_folded_bus\": %u, \"refresh_advice_s\": ", e->rf_more, e->folded, e->folded_tx);
	if (e->n_ba && e->has_bra)
		fprintf(f, "%u", mh_units_to_sec(e->refresh_units));
	else
		fputs("null", f);
}

static void exchanges(const struct analyzer *an, FILE *f)
{
	const struct point_state *ps = an->ref_point >= 0 ? &an->ps[an->ref_point] : NULL;

	fputs("  \"bindings\": [", f);
	for (size_t i = 0; ps && i < ps->n_ex; i++) {
		const struct exchange *e = &ps->ex[i];

		fprintf(f, "%s\n    {\"index\": %zu, \"kind\": ", i ? "," : "", i + 1);
		jstr(f, bind_kind_str(e->kind));
		fputs(", \"hoa\": ", f);
		jaddr(f, &e->hoa);
		fputs(", \"coa\": ", f);
		jaddr(f, &e->coa);
		fputs(", \"ha\": ", f);
		jaddr(f, &e->ha);
		fprintf(f, ", \"seq_first\": %u, \"seq_last\": %u, \"flags\": ", e->seq_first, e->seq_last);
		jflags(f, e->flags);
		fprintf(f, ", \"lifetime_requested_s\": %u, \"transmissions\": %u, \"t_bu\": ",
			mh_units_to_sec(e->lifetime_req), e->tx);
		jts(f, e->t_bu);
		fputs(", \"t_bu_last\": ", f);
		jts(f, e->t_bu_last);
		fputs(", \"t_ba\": ", f);
		jts(f, e->n_ba ? e->t_ba : T_NONE);
		if (e->n_ba) {
			fprintf(f, ", \"ba_seq\": %u, \"status\": %u, \"status_text\": ", e->ba_seq, e->status);
			jstr(f, mh_ba_status_str(e->status));
			fprintf(f, ", \"accepted\": %s, \"lifetime_granted_s\": %u, \"rtt_ms\": ",
				e->status < 128 ? "true" : "false", mh_units_to_sec(e->lifetime_granted));
			jms(f, e->t_ba - e->t_bu);
			fputs(", \"rtt_last_ms\": ", f);
			jms(f, e->t_ba - e->t_bu_last);
		} else {
			fputs(", \"ba_seq\": null, \"status\": null, \"status_text\": null, "
			      "\"accepted\": null, \"lifetime_granted_s\": null, \"rtt_ms\": null, "
			      "\"rtt_last_ms\": null", f);
		}
		fputs(", \"binding_error\": ", f);
		if (e->has_be)
			fprintf(f, "%u", e->be_status);
		else
			fputs("null", f);
		fprintf(f, ", \"esp\": %s", e->bu_esp && (!e->n_ba || e->ba_esp) ? "true" : "false");
		answers(f, ps, e);
		fputc('}', f);
	}
	fputs(ps && ps->n_ex ? "\n  ],\n" : "],\n", f);
}

static void jnum(FILE *f, double v)
{
	fprintf(f, "%.3f", v);
}

static void jgap(FILE *f, const struct rtp_gap *g)
{
	if (g->start == T_NONE) {
		fputs("\"last_before\": null, \"first_after\": null, \"gap_ms\": null, \"lost_in_gap\": null", f);
		return;
	}
	fputs("\"last_before\": ", f);
	jts(f, g->start);
	fputs(", \"first_after\": ", f);
	jts(f, g->end);
	fputs(", \"gap_ms\": ", f);
	jms(f, g->end - g->start);
	fprintf(f, ", \"lost_in_gap\": %lld", (long long)(g->seq_b - g->seq_a - 1 > 0 ?
							   g->seq_b - g->seq_a - 1 : 0));
}

static void streams(const struct analyzer *an, FILE *f)
{
	fprintf(f, "  \"jitter_buffer_ms\": %.3f,\n  \"rtp\": {\"packets\": %llu, \"streams\": %zu, "
		"\"streams_dropped\": %llu},\n  \"streams\": [", (double)an->jitter_buffer_ns / 1e6,
		(unsigned long long)an->n_rtp, an->n_rep_streams,
		(unsigned long long)an->streams_dropped);
	for (size_t i = 0; i < an->n_rep_streams; i++) {
		const struct rtp_stream *s = an_stream(an, i);
		const struct rtp_rx *rx = stream_rx(s);
		int64_t sent = stream_sent(s), lost = stream_lost(s);
		double ptime = stream_ptime_ms(s);
		struct emodel e;

		fprintf(f, "%s\n    {\"index\": %zu, \"ssrc\": %u, \"kind\": ", i ? "," : "", i + 1, s->ssrc);
		jstr(f, stream_kind(an, s));
		fputs(", \"direction\": ", f);
		jopt(f, stream_direction(an, s));
		fputs(", \"source\": ", f);
		jstr(f, s->cfg >= 0 ? "events" : "header");
		fputs(", \"src\": ", f);
		jaddr(f, &s->src);
		fputs(", \"dst\": ", f);
		jaddr(f, &s->dst);
		fprintf(f, ", \"sport\": %u, \"dport\": %u, \"payload_type\": %u, \"clock_hz\": ",
			s->sport, s->dport, s->pt);
		if (s->clock)
			fprintf(f, "%u", s->clock);
		else
			fputs("null", f);
		fputs(", \"packet_ms\": ", f);
		if (ptime > 0)
			jnum(f, ptime);
		else
			fputs("null", f);
		fputs(",\n     \"receiver\": ", f);
		jpoint(f, an, s->rx_point);
		fputs(", \"first_received\": ", f);
		jts(f, rx->first_t);
		fputs(", \"last_received\": ", f);
		jts(f, rx->last_t);
		fprintf(f, ", \"sent\": %lld, \"received\": %llu, \"lost\": %lld, \"loss_pct\": ",
			(long long)sent, (unsigned long long)rx->n, (long long)lost);
		jnum(f, sent > 0 ? (double)lost * 100 / (double)sent : 0);
		fprintf(f, ", \"duplicates\": %llu, \"late\": ", (unsigned long long)rx->dup);
		if (stream_late_known(rx))
			fprintf(f, "%llu", (unsigned long long)rx->late);
		else
			fputs("null", f);
		fputs(",\n     \"longest_gap\": {", f);
		jgap(f, &rx->longest);
		fputs("}, \"jitter_ms\": ", f);
		if (rx->has_transit) {
			jnum(f, rx->jitter / 1e6);
			fputs(", \"jitter_max_ms\": ", f);
			jnum(f, rx->jitter_max / 1e6);
		} else {
			fputs("null, \"jitter_max_ms\": null", f);
		}
		fputs(", \"delay_ms\": ", f);
		if (rx->delay_n) {
			jnum(f, rx->delay_sum / (double)rx->delay_n / 1e6);
			fputs(", \"delay_max_ms\": ", f);
			jms(f, rx->delay_max);
		} else {
			fputs("null, \"delay_max_ms\": null", f);
		}
		fputs(",\n     \"emodel\": ", f);
		if (stream_emodel(an, s, &e)) {
			fputs("{\"codec\": \"G.711\", \"ppl_pct\": ", f);
			jnum(f, e.ppl);
			fputs(", \"burst_r\": ", f);
			jnum(f, e.burst_r);
			fputs(", \"ta_ms\": ", f);
			jnum(f, e.ta_ms);
			fputs(", \"is\": ", f);
			jnum(f, e.is);
			fputs(", \"id\": ", f);
			jnum(f, e.id);
			fputs(", \"ie_eff\": ", f);
			jnum(f, e.ie_eff);
			fputs(", \"r\": ", f);
			jnum(f, e.r);
			fputs(", \"mos\": ", f);
			jnum(f, e.mos);
			fputc('}', f);
		} else {
			fputs("null", f);
		}
		fputc('}', f);
	}
	fputs(an->n_rep_streams ? "\n  ],\n" : "],\n", f);
}

static void handover_streams(const struct analyzer *an, size_t hi, FILE *f)
{
	fputs(",\n     \"streams\": [", f);
	for (size_t i = 0; i < an->n_rep_streams; i++) {
		const struct ho_stream *o = ho_stream(an, hi, i);
		const struct rtp_stream *s = an_stream(an, i);
		static const struct rtp_gap none = { T_NONE, T_NONE, 0, 0 };

		fprintf(f, "%s{\"stream\": %zu, \"ssrc\": %u, \"kind\": ", i ? ", " : "", i + 1, s->ssrc);
		jstr(f, stream_kind(an, s));
		fputs(", \"direction\": ", f);
		jopt(f, stream_direction(an, s));
		fputs(", \"gap_anchor\": ", f);
		if (o && o->gap.start != T_NONE)
			jstr(f, o->anchor == AK_JOIN ? "l2_join" : o->anchor == AK_BU ? "t_bu" : "longest");
		else
			fputs("null", f);
		fputs(", ", f);
		jgap(f, o ? &o->gap : &none);
		if (o && o->gap.start != T_NONE)
			fprintf(f, ", \"lost\": %lld, \"late\": %llu}", (long long)o->lost,
				(unsigned long long)o->late);
		else
			fputs(", \"lost\": null, \"late\": null}", f);
	}
	fputc(']', f);
}

static void handovers(const struct analyzer *an, FILE *f)
{
	fputs("  \"handovers\": [", f);
	for (size_t i = 0; i < an->n_ho; i++) {
		const struct handover *h = &an->ho[i];

		fputs(i ? ",\n    " : "\n    ", f);
		json_ho_core(an, h, f);
		l2_report_json(h, f);
		handover_streams(an, i, f);
		ro_report_json_ho(an, i, f);
		had_report_json_ho(an, i, f);
		fputc('}', f);
	}
	fputs(an->n_ho ? "\n  ],\n" : "],\n", f);
}

void report_json(const struct analyzer *an, FILE *f)
{
	fputs("{\n  \"schema\": \"mip6-analyze/1\",\n  \"inputs\": [", f);
	for (int i = 0; i < an->n_points; i++) {
		const struct point *p = &an->points[i];

		fprintf(f, "%s\n    {\"file\": ", i ? "," : "");
		jstr(f, p->file);
		fputs(", \"point\": ", f);
		jstr(f, p->name);
		fputs(", \"node\": ", f);
		jstr(f, p->node);
		fputs(", \"linktype\": ", f);
		jstr(f, p->dlt_name ? p->dlt_name : "?");
		fprintf(f, ", \"packets\": %llu, \"skipped\": %s, \"mobile_node\": %s}",
			(unsigned long long)p->packets, p->skipped ? "true" : "false",
			p->is_mn ? "true" : "false");
	}
	fprintf(f, "\n  ],\n  \"events\": {\"lines\": %zu, \"bad_lines\": %zu, \"moves\": %zu, \"mobile_node\": ",
		an->events_lines, an->events_bad, an->n_moves);
	if (an->mn_node[0]) jstr(f, an->mn_node); else fputs("null", f);
	fprintf(f, "},\n  \"packets\": {\"total\": %llu, \"ipv6\": %llu, \"mh\": %llu, "
		"\"tunnelled\": %llu, \"wifi_mgmt\": %llu, \"not_ipv6\": %llu, "
		"\"truncated_capture\": %llu, \"unsupported_link\": %llu},\n",
		(unsigned long long)an->n_packets, (unsigned long long)an->n_ipv6,
		(unsigned long long)an->n_mh, (unsigned long long)an->n_tunnelled,
		(unsigned long long)an->n_wifi_mgmt, (unsigned long long)an->n_non_ipv6,
		(unsigned long long)an->n_truncated_capture, (unsigned long long)an->n_other_dlt);
	fputs("  \"mh_types\": {", f);
	for (int t = 0; t <= MH_TYPE_MAX; t++)
		fprintf(f, "%s\"%s\": %llu", t ? ", " : "", mh_type_name(t),
			(unsigned long long)an->mh_types[t]);
	fprintf(f, "},\n  \"nd\": {\"ra\": %llu, \"rs\": %llu, \"ns\": %llu, \"dad\": %llu, \"na\": %llu},\n",
		(unsigned long long)an->n_ra, (unsigned long long)an->n_rs,
		(unsigned long long)an->n_ns, (unsigned long long)an->n_dad,
		(unsigned long long)an->n_na);
	fprintf(f, "  \"wifi\": {\"auth\": %llu, \"assoc_req\": %llu, \"assoc_resp\": %llu, "
		"\"deauth\": %llu, \"disassoc\": %llu, \"l2_moves\": %zu},\n",
		(unsigned long long)an->n_auth, (unsigned long long)an->n_assoc_req,
		(unsigned long long)an->n_assoc_resp, (unsigned long long)an->n_deauth,
		(unsigned long long)an->n_disassoc, an->n_l2);
	fprintf(f, "  \"checksums\": {\"mh_checked\": %llu, \"mh_bad\": %llu, "
		"\"icmp6_checked\": %llu, \"icmp6_bad\": %llu, \"bad\": [",
		(unsigned long long)an->mh_checked, (unsigned long long)an->mh_bad,
		(unsigned long long)an->icmp6_checked, (unsigned long long)an->icmp6_bad);
	for (size_t i = 0; i < an->n_bad; i++) {
		const struct bad_csum *b = &an->bad[i];

		fprintf(f, "%s\n    {\"t\": ", i ? "," : "");
		jts(f, b->t);
		fputs(", \"point\": ", f);
		jstr(f, an->points[b->point].name);
		fputs(", \"message\": ", f);
		jstr(f, b->proto == IPPROTO_MH ? mh_type_name(b->type) : "ICMPv6");
		fputs(", \"src\": ", f);
		jaddr(f, &b->src);
		fputs(", \"dst\": ", f);
		jaddr(f, &b->dst);
		fprintf(f, ", \"checksum\": %u, \"expected\": %u}", b->got, b->want);
	}
	fputs(an->n_bad ? "\n  ]},\n" : "]},\n", f);
	fprintf(f, "  \"refresh_advice\": {\"checked\": %llu, \"not_below_lifetime\": %llu, \"bad\": [",
		(unsigned long long)an->bra_checked, (unsigned long long)an->bra_bad);
	for (size_t i = 0; i < an->n_bad_bra; i++) {
		const struct bad_bra *b = &an->bad_bra[i];

		fprintf(f, "%s\n    {\"t\": ", i ? "," : "");
		jts(f, b->t);
		fputs(", \"point\": ", f);
		jstr(f, an->points[b->point].name);
		fputs(", \"ha\": ", f);
		jaddr(f, &b->ha);
		fputs(", \"hoa\": ", f);
		jaddr(f, &b->hoa);
		fprintf(f, ", \"ba_seq\": %u, \"status\": %u, \"refresh_s\": %u, \"lifetime_s\": %u}",
			b->ba_seq, b->status, mh_units_to_sec(b->refresh_units),
			mh_units_to_sec(b->lifetime_units));
	}
	fputs(an->n_bad_bra ? "\n  ]},\n" : "]},\n", f);
	fputs("  \"malformed\": {", f);
	{
		bool first = true;

		for (int e = 1; e < PKT_E__COUNT; e++)
			if (an->malformed[e]) {
				fprintf(f, "%s\"%s\": %llu", first ? "" : ", ", pkt_errname(e),
					(unsigned long long)an->malformed[e]);
				first = false;
			}
		if (an->malformed_l2)
			fprintf(f, "%s\"link_layer\": %llu", first ? "" : ", ",
				(unsigned long long)an->malformed_l2);
	}
	/* Of the bindings point, like "bindings". */
	fprintf(f, "},\n  \"ba_orphan\": %llu,\n  \"ba_duplicate\": %llu,\n  \"no_mh_traffic\": %s,\n",
		an->ref_point >= 0 ? (unsigned long long)an->ps[an->ref_point].n_ba_orphan : 0ULL,
		an->ref_point >= 0 ? (unsigned long long)an->ps[an->ref_point].n_ba_dup : 0ULL,
		an->n_mh ? "false" : "true");
	fputs("  \"bindings_point\": ", f);
	jpoint(f, an, an->ref_point);
	fputs(",\n", f);
	exchanges(an, f);
	esp_report_json(an, f);
	hj_report_json(an, f);
	ro_report_json(an, f);
	had_report_json(an, f);
	streams(an, f);
	handovers(an, f);
	report_nodes_json(an, f);
	fputs("}\n", f);
}

void report_csv(const struct analyzer *an, FILE *f)
{
	fputs("index,from,to,coa,bu_count", f);
	for (int k = 0; k < TP__COUNT; k++)
		fprintf(f, ",%s", tp_defs[k].key);
	for (int k = 0; k < PH__COUNT; k++)
		fprintf(f, ",%s_ms", phase_defs[k].key);
	ro_csv_header(f);
	l2_csv_header(f);
	had_csv_header(f);
	fputc('\n', f);
	for (size_t i = 0; i < an->n_ho; i++) {
		const struct handover *h = &an->ho[i];
		char coa[INET6_ADDRSTRLEN] = "";

		if (h->has_coa)
			fmt_addr(coa, sizeof(coa), &h->coa);
		/* Names come from events.log words (no commas or spaces). */
		fprintf(f, "%d,%s,%s,%s,%u", h->index, h->from, h->to, coa, h->n_bu);
		for (int k = 0; k < TP__COUNT; k++) {
			char buf[32] = "";

			if (tp_time(h, k) != T_NONE)
				fmt_ts(buf, sizeof(buf), tp_time(h, k));
			fprintf(f, ",%s", buf);
		}
		for (int k = 0; k < PH__COUNT; k++) {
			int64_t ns = phase_ns(h, k);

			if (ns == T_NONE)
				fputc(',', f);
			else
				fprintf(f, ",%.3f", (double)ns / 1e6);
		}
		ro_csv_row(an, i, f);
		l2_csv_row(h, f);
		had_csv_row(an, i, f);
		fputc('\n', f);
	}
}

/* One row per reported stream and handover (a stream without handovers: one
 * row, its handover cells empty). */
void report_csv_streams(const struct analyzer *an, FILE *f)
{
	fputs("stream,ssrc,kind,direction,src,dst,sport,dport,payload_type,clock_hz,receiver,sent,"
	      "received,lost,loss_pct,duplicates,late,longest_gap_ms,jitter_ms,jitter_max_ms,delay_ms,"
	      "r,mos,handover,gap_anchor,gap_ms,lost_in_gap,lost_window,late_window\n", f);
	for (size_t i = 0; i < an->n_rep_streams; i++) {
		const struct rtp_stream *s = an_stream(an, i);
		const struct rtp_rx *rx = stream_rx(s);
		const char *dir = stream_direction(an, s);
		char src[INET6_ADDRSTRLEN], dst[INET6_ADDRSTRLEN], head[1024];
		int64_t sent = stream_sent(s), lost = stream_lost(s);
		struct emodel e;
		bool em = stream_emodel(an, s, &e);
		size_t rows = 0;
		int n;

		fmt_addr(src, sizeof(src), &s->src);
		fmt_addr(dst, sizeof(dst), &s->dst);
		n = snprintf(head, sizeof(head), "%zu,%u,%s,%s,%s,%s,%u,%u,%u,", i + 1, s->ssrc,
			     stream_kind(an, s), dir ? dir : "", src, dst, s->sport, s->dport, s->pt);
		if (s->clock)
			n += snprintf(head + n, sizeof(head) - (size_t)n, "%u", s->clock);
		n += snprintf(head + n, sizeof(head) - (size_t)n, ",%s,%lld,%llu,%lld,%.3f,%llu,",
			      an->points[s->rx_point].name, (long long)sent, (unsigned long long)rx->n,
			      (long long)lost, sent > 0 ? (double)lost * 100 / (double)sent : 0.0,
			      (unsigned long long)rx->dup);
		if (stream_late_known(rx))
			n += snprintf(head + n, sizeof(head) - (size_t)n, "%llu", (unsigned long long)rx->late);
		n += snprintf(head + n, sizeof(head) - (size_t)n, ",");
		if (rx->longest.start != T_NONE)
			n += snprintf(head + n, sizeof(head) - (size_t)n, "%.3f",
				      (double)(rx->longest.end - rx->longest.start) / 1e6);
		n += snprintf(head + n, sizeof(head) - (size_t)n, ",");
		if (rx->has_transit)
			n += snprintf(head + n, sizeof(head) - (size_t)n, "%.3f,%.3f", rx->jitter / 1e6,
				      rx->jitter_max / 1e6);
		else
			n += snprintf(head + n, sizeof(head) - (size_t)n, ",");
		n += snprintf(head + n, sizeof(head) - (size_t)n, ",");
		if (rx->delay_n)
			n += snprintf(head + n, sizeof(head) - (size_t)n, "%.3f",
				      rx->delay_sum / (double)rx->delay_n / 1e6);
		n += snprintf(head + n, sizeof(head) - (size_t)n, ",");
		if (em)
			snprintf(head + n, sizeof(head) - (size_t)n, "%.3f,%.3f", e.r, e.mos);
		else
			snprintf(head + n, sizeof(head) - (size_t)n, ",");
		for (size_t h = 0; h < an->n_ho; h++) {
			const struct ho_stream *o = ho_stream(an, h, i);

			if (!o || o->gap.start == T_NONE)
				continue;
			fprintf(f, "%s,%d,%s,%.3f,%lld,%lld,%llu\n", head, an->ho[h].index,
				o->anchor == AK_JOIN ? "l2_join" : o->anchor == AK_BU ? "t_bu" : "longest",
				(double)(o->gap.end - o->gap.start) / 1e6,
				(long long)(o->gap.seq_b - o->gap.seq_a - 1 > 0 ? o->gap.seq_b - o->gap.seq_a - 1 : 0),
				(long long)o->lost, (unsigned long long)o->late);
			rows++;
		}
		if (!rows)
			fprintf(f, "%s,,,,,,\n", head);
	}
}
