/* Human-readable report: inputs, counters, a table per binding exchange and
 * per handover. */
#include <string.h>

#include "an.h"
#include "esp.h"
#include "had.h"
#include "headline.h"
#include "hijack.h"
#include "l2parts.h"
#include "nodes.h"
#include "phase.h"
#include "ro.h"

static const char *const delivery_text[] = {
	[DL_ANSWERED] = "echo requests the MN answered, other data as seen",
	[DL_OFFERED] = "every packet (echo requests but no reply captured here)",
	[DL_SEEN] = "every packet (no echo traffic)",
};

static const char *const anchor_text[] = {
	[GA_NONE] = "-",
	[GA_JOIN] = "the one containing the L2 join",
	[GA_BU] = "the one containing the first BU",
	[GA_MOVE] = "the first outage after the move (no join, no BU)",
	[GA_LONGEST] = "the longest in the move's window (none contains its anchor)",
};

static void ms(char *buf, size_t n, int64_t ns)
{
	if (ns == T_NONE)
		snprintf(buf, n, "not observed");
	else
		snprintf(buf, n, "%.3f ms", (double)ns / 1e6);
}

static void flags_str(char *buf, uint16_t f)
{
	char *p = buf;

	if (f & MH_BU_A) *p++ = 'A';
	if (f & MH_BU_H) *p++ = 'H';
	if (f & MH_BU_L) *p++ = 'L';
	if (f & MH_BU_K) *p++ = 'K';
	if (p == buf) *p++ = '-';
	*p = '\0';
}

/* "7", "7-9", "7-9,21": the runs of sequence numbers the BUs carried. */
static void seq_str(char *buf, size_t n, const struct exchange *e)
{
	size_t off = 0;

	buf[0] = '\0';
	for (unsigned i = 0; i < e->n_runs && off < n; i++) {
		const struct seq_run *r = &e->run[i];
		int w = r->first == r->last ?
			snprintf(buf + off, n - off, "%s%u", i ? "," : "", r->first) :
			snprintf(buf + off, n - off, "%s%u-%u", i ? "," : "", r->first, r->last);

		if (w < 0)
			break;
		off += (size_t)w;
	}
}

/* An exchange that saw more than one answer, in plain words: which BU the
 * outcome answered and what the HA said before (and after) it. */
static void outcome(const struct point_state *ps, const struct exchange *e, FILE *f)
{
	const struct refusal *r, *next;
	unsigned groups = 0, i = 0, same = 0;

	if (!e->n_rf && !e->rf_more)
		return;
	/* Refusals before the outcome, repeats of one status told once. */
	for (r = ex_refusal(ps, e, NULL); r && r->t <= e->t_ba; r = next) {
		next = ex_refusal(ps, e, r);
		groups += !next || next->t > e->t_ba || next->status != r->status;
	}
	fprintf(f, "      %s %s (BA %u for BU seq %u", bind_kind_str(e->kind),
		e->status < 128 ? "accepted" : "refused", e->status, e->bu_seq);
	for (r = ex_refusal(ps, e, NULL); r && r->t <= e->t_ba; r = next) {
		next = ex_refusal(ps, e, r);
		same++;
		if (next && next->t <= e->t_ba && next->status == r->status)
			continue;
		fprintf(f, "%s%u", i == 0 ? ", after " : i + 1 == groups ? " and " : ", ", r->status);
		if (same > 1)
			fprintf(f, " (%u times)", same);
		same = 0;
		i++;
	}
	if (e->rf_more)
		fprintf(f, "; %u more refusal(s) not listed", e->rf_more);
	fputc(')', f);
	for (; r; r = ex_refusal(ps, e, r))
		fprintf(f, ", then refused by BA %u for BU seq %u", r->status, r->bu_seq);
	fputc('\n', f);
}

static void exchanges(const struct analyzer *an, FILE *f)
{
	const struct point_state *ps = &an->ps[an->ref_point];

	fprintf(f, "\nBinding exchanges (seen at %s):\n", an->points[an->ref_point].name);
	fprintf(f, "  %-3s %-17s %-16s %-28s %-11s %-5s %-3s %-5s %-9s %-11s %s\n",
		"#", "t_bu", "HoA", "CoA", "seq", "flags", "BUs", "lt_s", "status", "granted_s", "BU->BA");
	for (size_t i = 0; i < ps->n_ex; i++) {
		const struct exchange *e = &ps->ex[i];
		char t[32], hoa[INET6_ADDRSTRLEN], coa[INET6_ADDRSTRLEN], fl[8];
		char st[16], gr[16], rtt[32], seq[EX_RUNS * 12];

		fmt_ts(t, sizeof(t), e->t_bu);
		fmt_addr(hoa, sizeof(hoa), &e->hoa);
		fmt_addr(coa, sizeof(coa), &e->coa);
		flags_str(fl, e->flags);
		seq_str(seq, sizeof(seq), e);
		if (e->n_ba) {
			snprintf(st, sizeof(st), "%u", e->status);
			snprintf(gr, sizeof(gr), "%u", mh_units_to_sec(e->lifetime_granted));
			snprintf(rtt, sizeof(rtt), "%.3f ms", (double)(e->t_ba - e->t_bu) / 1e6);
		} else {
			snprintf(st, sizeof(st), e->has_be ? "BE %u" : "no BA", e->be_status);
			snprintf(gr, sizeof(gr), "-");
			snprintf(rtt, sizeof(rtt), "-");
		}
		fprintf(f, "  %-3zu %-17s %-16s %-28s %-11s %-5s %-3u %-5u %-9s %-11s %s",
			i + 1, t, hoa, coa, seq, fl, e->tx, mh_units_to_sec(e->lifetime_req),
			st, gr, rtt);
		fprintf(f, "  %s", bind_kind_str(e->kind));
		/* Another home agent than the first exchange's (a fail-over). */
		if (memcmp(&e->ha, &ps->ex[0].ha, sizeof(e->ha)) != 0) {
			char ha[INET6_ADDRSTRLEN];

			fmt_addr(ha, sizeof(ha), &e->ha);
			fprintf(f, ", home agent %s", ha);
		}
		if (e->n_ba)
			fprintf(f, ", %s", mh_ba_status_str(e->status));
		if (e->bu_esp || (e->n_ba && e->ba_esp))
			fputs(e->bu_esp && (!e->n_ba || e->ba_esp) ? ", ESP" :
			      e->bu_esp ? ", ESP (BU only)" : ", ESP (BA only)", f);
		fputc('\n', f);
		outcome(ps, e, f);
		if (e->folded)
			fprintf(f, "      the last of %u accepted refreshes in a row (%u BUs), the earlier "
				"ones not listed\n", e->folded + 1, e->folded_tx + e->tx);
		if (e->n_ba && e->has_bra)
			fprintf(f, "      refresh advised every %u s (lifetime granted %u s%s)\n",
				mh_units_to_sec(e->refresh_units), mh_units_to_sec(e->lifetime_granted),
				e->refresh_units < e->lifetime_granted ? "" :
				": not below it, RFC 6275 6.2.4");
	}
	if (ps->n_ba_orphan || ps->n_ba_dup)
		fprintf(f, "  BAs without a matching BU: %llu, duplicate BAs: %llu\n",
			(unsigned long long)ps->n_ba_orphan, (unsigned long long)ps->n_ba_dup);
	if (ps->ex_dropped)
		fprintf(f, "  (%llu more exchanges not kept)\n", (unsigned long long)ps->ex_dropped);
}

static const char *dir_text(const char *d)
{
	if (!d)
		return "";
	return strcmp(d, "to_mn") == 0 ? " to the MN" : " from the MN";
}

static const char *anchor_name(int k)
{
	return k == AK_JOIN ? "around the L2 join" : k == AK_BU ? "around the first BU" :
	       "the longest in the window";
}

static void streams(const struct analyzer *an, FILE *f)
{
	if (!an->n_rep_streams)
		return;
	fprintf(f, "\nRTP streams (jitter buffer %.0f ms; %llu RTP packets at all points):\n",
		(double)an->jitter_buffer_ns / 1e6, (unsigned long long)an->n_rtp);
	for (size_t i = 0; i < an->n_rep_streams; i++) {
		const struct rtp_stream *s = an_stream(an, i);
		const struct rtp_rx *rx = stream_rx(s);
		char src[INET6_ADDRSTRLEN], dst[INET6_ADDRSTRLEN], a[32], b[32];
		int64_t sent = stream_sent(s), lost = stream_lost(s);
		double ptime = stream_ptime_ms(s);
		struct emodel e;

		fmt_addr(src, sizeof(src), &s->src);
		fmt_addr(dst, sizeof(dst), &s->dst);
		fprintf(f, "  #%zu %s%s: [%s]:%u -> [%s]:%u, SSRC %u, PT %u, ", i + 1,
			stream_kind(an, s), dir_text(stream_direction(an, s)), src, s->sport, dst,
			s->dport, s->ssrc, s->pt);
		if (s->clock)
			fprintf(f, "%u Hz", s->clock);
		else
			fputs("clock rate unknown", f);
		if (ptime > 0)
			fprintf(f, ", %.3f ms per packet", ptime);
		fprintf(f, " (%s)\n", s->cfg >= 0 ? "announced in events.log" : "found by its RTP header");
		fprintf(f, "      received at %s: %lld sent, %llu received, %lld lost (%.2f %%), "
			"%llu duplicate(s), ", an->points[s->rx_point].name, (long long)sent,
			(unsigned long long)rx->n, (long long)lost,
			sent > 0 ? (double)lost * 100 / (double)sent : 0.0, (unsigned long long)rx->dup);
		if (stream_late_known(rx))
			fprintf(f, "%llu late\n", (unsigned long long)rx->late);
		else
			fputs("late not observed (no delay, clock rate unknown)\n", f);
		fmt_ts(a, sizeof(a), rx->longest.start);
		fmt_ts(b, sizeof(b), rx->longest.end);
		if (rx->longest.start != T_NONE)
			fprintf(f, "      longest gap %.3f ms (%s to %s, %lld lost in it)",
				(double)(rx->longest.end - rx->longest.start) / 1e6, a, b,
				(long long)(rx->longest.seq_b - rx->longest.seq_a - 1 > 0 ?
					    rx->longest.seq_b - rx->longest.seq_a - 1 : 0));
		else
			fputs("      longest gap not observed (one packet)", f);
		if (rx->has_transit)
			fprintf(f, "; jitter %.3f ms at the end, %.3f ms at most", rx->jitter / 1e6,
				rx->jitter_max / 1e6);
		if (rx->delay_n)
			fprintf(f, "; one-way delay %.3f ms mean, %.3f ms max",
				rx->delay_sum / (double)rx->delay_n / 1e6, (double)rx->delay_max / 1e6);
		fputc('\n', f);
		if (stream_emodel(an, s, &e))
			fprintf(f, "      E-model (G.711): Ppl %.3f %%, BurstR %.3f, Ta %.3f ms: Is %.3f, "
				"Id %.3f, Ie,eff %.3f -> R %.3f, MOS %.3f\n", e.ppl, e.burst_r, e.ta_ms,
				e.is, e.id, e.ie_eff, e.r, e.mos);
	}
}

static void handover_streams(const struct analyzer *an, size_t hi, FILE *f)
{
	if (!an->n_rep_streams)
		return;
	fprintf(f, "  streams:\n");
	for (size_t i = 0; i < an->n_rep_streams; i++) {
		const struct ho_stream *o = ho_stream(an, hi, i);
		const struct rtp_stream *s = an_stream(an, i);
		char a[32], b[32];

		fprintf(f, "    #%zu %s%s: ", i + 1, stream_kind(an, s), dir_text(stream_direction(an, s)));
		if (!o || o->gap.start == T_NONE) {
			fputs("not observed\n", f);
			continue;
		}
		fmt_ts(a, sizeof(a), o->gap.start);
		fmt_ts(b, sizeof(b), o->gap.end);
		fprintf(f, "gap %.3f ms %s (%s to %s), %lld lost in it; in the window %lld lost, "
			"%llu late\n", (double)(o->gap.end - o->gap.start) / 1e6, anchor_name(o->anchor),
			a, b, (long long)(o->gap.seq_b - o->gap.seq_a - 1 > 0 ?
					  o->gap.seq_b - o->gap.seq_a - 1 : 0),
			(long long)o->lost, (unsigned long long)o->late);
	}
}

static void handover(const struct analyzer *an, const struct handover *h, FILE *f)
{
	ts_t o = ho_origin(h);
	char coa[INET6_ADDRSTRLEN], buf[64];

	fprintf(f, "\nHandover %d", h->index);
	if (h->from[0] || h->to[0])
		fprintf(f, ": %s -> %s", h->from[0] ? h->from : "?", h->to[0] ? h->to : "?");
	if (h->ssid[0])
		fprintf(f, " (ssid %s)", h->ssid);
	fputc('\n', f);
	if (h->has_coa) {
		fmt_addr(coa, sizeof(coa), &h->coa);
		fprintf(f, "  new CoA %s, %u BU(s) until accepted", coa, h->n_bu);
		if (h->ba_rejected)
			fprintf(f, ", %s status %u (%s)",
				h->t_ba == T_NONE ? "rejected with" : "accepted after a rejection with",
				h->reject_status, mh_ba_status_str(h->reject_status));
		fputc('\n', f);
	}
	headline_ho(h, f);
	fprintf(f, "  sources: registration %s, data %s, L2 %s\n",
		h->ex_point >= 0 ? an->points[h->ex_point].name : "not observed",
		h->data_point >= 0 ? an->points[h->data_point].name : "not observed",
		h->l2_point >= 0 ? an->points[h->l2_point].name : "not observed");
	if (h->delivery != DL_NONE)
		fprintf(f, "  delivered data: %s; gap: %s\n", delivery_text[h->delivery],
			anchor_text[h->anchor]);
	for (int i = 0; i < TP__COUNT; i++) {
		ts_t t = tp_time(h, i);

		fmt_ts(buf, sizeof(buf), t);
		if (t == T_NONE)
			fprintf(f, "    %-36s not observed\n", tp_defs[i].label);
		else
			fprintf(f, "    %-36s %s  %+10.3f ms\n", tp_defs[i].label, buf,
				(double)(t - o) / 1e6);
	}
	fprintf(f, "  phases:\n");
	for (int i = 0; i < PH__COUNT; i++) {
		ms(buf, sizeof(buf), phase_ns(h, i));
		fprintf(f, "    %-36s %s\n", phase_defs[i].label, buf);
	}
	l2_report_text(h, o, f);
	ro_report_text_ho(an, (size_t)(h - an->ho), f);
	had_report_text_ho(an, (size_t)(h - an->ho), f);
	handover_streams(an, (size_t)(h - an->ho), f);
}

void report_text(const struct analyzer *an, FILE *f)
{
	bool any_malformed = false;

	fprintf(f, "mip6-analyze report\n");
	headline_summary(an->ho, an->n_ho, f);
	report_nodes_text_head(an, f);
	fprintf(f, "\nInputs:\n");
	for (int i = 0; i < an->n_points; i++) {
		const struct point *p = &an->points[i];

		fprintf(f, "  %-16s node %-8s %-18s %10llu packets%s\n", p->name, p->node,
			p->dlt_name ? p->dlt_name : "?", (unsigned long long)p->packets,
			p->skipped ? "  (skipped: unsupported link type)" : "");
	}
	fprintf(f, "\nPackets: %llu total, %llu IPv6, %llu Mobility Header, %llu tunnelled, "
		"%llu 802.11 management, %llu not IPv6, %llu truncated by the capture\n",
		(unsigned long long)an->n_packets, (unsigned long long)an->n_ipv6,
		(unsigned long long)an->n_mh, (unsigned long long)an->n_tunnelled,
		(unsigned long long)an->n_wifi_mgmt, (unsigned long long)an->n_non_ipv6,
		(unsigned long long)an->n_truncated_capture);
	fprintf(f, "MH types:");
	for (int t = 0; t <= MH_TYPE_MAX; t++)
		if (an->mh_types[t])
			fprintf(f, " %s %llu", mh_type_name(t), (unsigned long long)an->mh_types[t]);
	if (!an->mh_checked)
		fprintf(f, " none decoded");
	fprintf(f, "\nND: %llu RA, %llu RS, %llu NS (%llu DAD), %llu NA\n",
		(unsigned long long)an->n_ra, (unsigned long long)an->n_rs,
		(unsigned long long)an->n_ns, (unsigned long long)an->n_dad,
		(unsigned long long)an->n_na);
	fprintf(f, "Checksums: MH %llu checked, %llu bad; ICMPv6 %llu checked, %llu bad\n",
		(unsigned long long)an->mh_checked, (unsigned long long)an->mh_bad,
		(unsigned long long)an->icmp6_checked, (unsigned long long)an->icmp6_bad);
	for (size_t i = 0; i < an->n_bad; i++) {
		const struct bad_csum *b = &an->bad[i];
		char t[32], s[INET6_ADDRSTRLEN], d[INET6_ADDRSTRLEN];

		fmt_ts(t, sizeof(t), b->t);
		fmt_addr(s, sizeof(s), &b->src);
		fmt_addr(d, sizeof(d), &b->dst);
		fprintf(f, "  bad checksum: %s %s %s %s -> %s: 0x%04x, expected 0x%04x\n", t,
			an->points[b->point].name,
			b->proto == IPPROTO_MH ? mh_type_name(b->type) : "ICMPv6", s, d,
			b->got, b->want);
	}
	if (an->bra_checked)
		fprintf(f, "Refresh advice: %llu BA(s) with a BRA, %llu not below the granted lifetime\n",
			(unsigned long long)an->bra_checked, (unsigned long long)an->bra_bad);
	for (size_t i = 0; i < an->n_bad_bra; i++) {
		const struct bad_bra *b = &an->bad_bra[i];
		char t[32], ha[INET6_ADDRSTRLEN], hoa[INET6_ADDRSTRLEN];

		fmt_ts(t, sizeof(t), b->t);
		fmt_addr(ha, sizeof(ha), &b->ha);
		fmt_addr(hoa, sizeof(hoa), &b->hoa);
		fprintf(f, "  refresh advice not below the lifetime: %s %s BA seq %u status %u "
			"%s -> %s: refresh %u s, lifetime %u s\n", t, an->points[b->point].name,
			b->ba_seq, b->status, ha, hoa, mh_units_to_sec(b->refresh_units),
			mh_units_to_sec(b->lifetime_units));
	}
	fprintf(f, "Malformed:");
	for (int e = 1; e < PKT_E__COUNT; e++)
		if (an->malformed[e]) {
			fprintf(f, "\n  %-48s %llu", pkt_strerror(e), (unsigned long long)an->malformed[e]);
			any_malformed = true;
		}
	if (an->malformed_l2) {
		fprintf(f, "\n  %-48s %llu", "bad link-layer header", (unsigned long long)an->malformed_l2);
		any_malformed = true;
	}
	fprintf(f, "%s\n", any_malformed ? "" : " none");
	esp_report_text(an, f);

	if (!an->n_mh) {
		fprintf(f, "\nNo Mobility Header traffic in the input: no binding exchanges%s.\n",
			an->n_ho ? "" : ", no handovers");
		if (!an->n_ho) {
			had_report_text(an, f);
			streams(an, f);
			return;
		}
	}
	if (an->ref_point >= 0)
		exchanges(an, f);
	hj_report_text(an, f);
	ro_report_text(an, f);
	had_report_text(an, f);
	streams(an, f);
	if (!an->n_ho)
		fprintf(f, "\nNo handover found.\n");
	for (size_t i = 0; i < an->n_ho; i++)
		handover(an, &an->ho[i], f);
	report_nodes_text(an, f);
}
