/* SVG timeline: one panel per handover, nodes as lanes, messages as
 * vertical arrows at their capture time, the phases of docs/metrics.md shaded. */
#include <string.h>

#include "an.h"
#include "had.h"
#include "l2parts.h"
#include "phase.h"
#include "ro.h"

#define W	1000
#define LEFT	175
#define RIGHT	40
#define PANEL_H	390
#define LANE0	140
#define LANE_D	60
#define STREAM_D	34	/* one lane per RTP stream, below the air */
#define RO_D		56	/* the route optimization lane, below the streams */

enum { L_CN, L_HA, L_MN, L_AIR, L__COUNT };

static const char *const phase_fill[PH__COUNT] = {
	"#f4cccc", "#fce5cd", "#fff2cc", "#d9ead3", "#cfe2f3", "none",
};

static void esc(FILE *f, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '&': fputs("&amp;", f); break;
		case '"': fputs("&quot;", f); break;
		default:
			if ((unsigned char)*s >= 0x20 && (unsigned char)*s < 0x7f)
				fputc(*s, f);
		}
	}
}

struct scale {
	ts_t t0, t1;
	double px_per_ns;
};

static double xpos(const struct scale *s, ts_t t)
{
	return LEFT + (double)(t - s->t0) * s->px_per_ns;
}

static int lane_y(int top, int lane)
{
	return top + LANE0 + lane * LANE_D;
}

/* Labels near the right edge grow leftwards so they stay on the picture. */
static const char *anchor(double x)
{
	return x > W - 170 ? "end" : "start";
}

static double label_x(double x, int gap)
{
	return x > W - 170 ? x - gap : x + gap;
}

static void arrow(FILE *f, const struct scale *s, int top, ts_t t, int from, int to,
		  const char *label, const char *color, int stagger)
{
	double x;
	int y1 = lane_y(top, from), y2 = lane_y(top, to);
	int dir = y2 > y1 ? 1 : -1;

	if (t == T_NONE)
		return;
	x = xpos(s, t);
	fprintf(f, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\" "
		"stroke-width=\"2\" marker-end=\"url(#arrow)\"/>\n",
		x, y1, x, y2 - dir * 4, color);
	fprintf(f, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" fill=\"%s\" text-anchor=\"%s\">",
		label_x(x, 4), (y1 + y2) / 2 + 4 + stagger * 13, color, anchor(x));
	esc(f, label);
	fprintf(f, " %+.1f ms</text>\n", (double)(t - s->t0) / 1e6);
}

static void mark(FILE *f, const struct scale *s, int top, ts_t t, int lane,
		 const char *label, const char *color, int stagger)
{
	double x;
	int y = lane_y(top, lane);

	if (t == T_NONE)
		return;
	x = xpos(s, t);
	fprintf(f, "<path d=\"M %.1f %d l 6 6 l -6 6 l -6 -6 z\" fill=\"%s\"/>\n", x, y - 6, color);
	fprintf(f, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" fill=\"%s\" text-anchor=\"%s\">",
		label_x(x, 8), y + 20 + stagger * 13, color, anchor(x));
	esc(f, label);
	fprintf(f, " %+.1f ms</text>\n", (double)(t - s->t0) / 1e6);
}

/* The RO lane is drawn when any handover has RO, so panels keep one height. */
static bool ro_lane(const struct analyzer *an)
{
	for (size_t i = 0; i < an->n_ho; i++)
		if (ho_ro_of(an, i))
			return true;
	return false;
}

static int panel_h(const struct analyzer *an)
{
	return PANEL_H + (int)an->n_rep_streams * STREAM_D + (ro_lane(an) ? RO_D : 0);
}

static void ro_bar(FILE *f, const struct scale *s, int y, ts_t a, ts_t b, const char *color,
		   const char *label)
{
	double x1 = xpos(s, a), x2 = xpos(s, b);

	fprintf(f, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"8\" fill=\"%s\"/>\n",
		x1, y - 4, x2 - x1 < 1 ? 1 : x2 - x1, color);
	fprintf(f, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" fill=\"%s\" text-anchor=\"%s\">",
		label_x(x2, 4), y - 7, color, anchor(x2));
	esc(f, label);
	fputs("</text>\n", f);
}

/* Return routability and the correspondent's registration as bars, the
 * answers and the first direct data as markers. */
static void ro_lane_draw(const struct analyzer *an, const struct handover *h, FILE *f, int top,
			 const struct scale *s)
{
	const struct ho_ro *r = ho_ro_of(an, (size_t)(h - an->ho));
	int y = lane_y(top, L_AIR) + 70 + (int)an->n_rep_streams * STREAM_D + 10;
	char label[96];
	int64_t ns;

	if (!ro_lane(an))
		return;
	fprintf(f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#bbb\" "
		"stroke-dasharray=\"2 3\"/>\n<text x=\"20\" y=\"%d\" font-size=\"12\">"
		"route optimization</text>\n", LEFT, y, W - RIGHT, y, y + 4);
	if (!r) {
		fprintf(f, "<text x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"#888\">none</text>\n",
			LEFT + 4, y - 4);
		return;
	}
	if (r->t[RT_RR_START] != T_NONE) {
		ns = ro_phase_ns(h, r, RP_RR);
		if (ns == T_NONE)
			snprintf(label, sizeof(label), "RR incomplete");
		else
			snprintf(label, sizeof(label), "RR %.1f ms", (double)ns / 1e6);
		ro_bar(f, s, y, r->t[RT_RR_START], ns == T_NONE ? s->t1 : r->t[RT_RR_DONE],
		       "#e69138", label);
	}
	if (r->t[RT_CN_BU] != T_NONE && r->t[RT_CN_BA] != T_NONE) {
		snprintf(label, sizeof(label), "CN registration %.1f ms",
			 (double)(r->t[RT_CN_BA] - r->t[RT_CN_BU]) / 1e6);
		ro_bar(f, s, y + 18, r->t[RT_CN_BU], r->t[RT_CN_BA], "#3d85c6", label);
	} else if (r->t[RT_CN_BU] != T_NONE) {
		snprintf(label, sizeof(label), "CN BU, %s", ro_outcome_str(r->outcome));
		ro_bar(f, s, y + 18, r->t[RT_CN_BU], r->t[RT_CN_BU], "#3d85c6", label);
	}
	mark(f, s, top, r->t[RT_DIRECT], L_MN, "direct", "#6aa84f", 1);
}

/* The L2 phase's parts as sub-bars on the air lane: scan, authentication,
 * association, and the 4-way handshake after the join. */
static void l2_sub_bars(const struct handover *h, FILE *f, int top, const struct scale *s)
{
	static const char *const fill[L2P__COUNT] = { "#e06666", "#f6b26b", "#ffd966", "#8e7cc3" };
	static const char *const name[L2P__COUNT] = { "scan", "auth", "assoc", "4-way" };
	int y = lane_y(top, L_AIR) - 22;

	for (int k = 0; k < L2P__COUNT; k++) {
		int64_t ns = l2_part_ns(h, k);
		ts_t a = k == L2P_SCAN ? h->leave : k == L2P_AUTH ? h->l2p.auth_req :
			 k == L2P_ASSOC ? h->l2p.assoc_req : h->l2p.eapol1;
		double x1, x2;

		if (ns == T_NONE || ns == 0 || a == T_NONE)
			continue;
		x1 = xpos(s, a);
		x2 = xpos(s, a + ns);
		fprintf(f, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"7\" fill=\"%s\"/>\n",
			x1, y, x2 - x1 < 1 ? 1 : x2 - x1, fill[k]);
		fprintf(f, "<text x=\"%.1f\" y=\"%d\" font-size=\"9\" fill=\"#444\">%s %.1f</text>\n",
			x1, y - 2 - (k % 2) * 9, name[k], (double)ns / 1e6);
	}
	if (l2_scan_str(h) && !h->l2p.scanned)
		fprintf(f, "<text x=\"%.1f\" y=\"%d\" font-size=\"9\" fill=\"#444\">no scan (cached)</text>\n",
			xpos(s, h->leave) + 3, y + 16);
}

/* A lane per RTP stream: its gap around the move as a bar, with what was lost. */
static void stream_lanes(const struct analyzer *an, const struct handover *h, FILE *f, int top,
			 const struct scale *s)
{
	for (size_t i = 0; i < an->n_rep_streams; i++) {
		const struct rtp_stream *st = an_stream(an, i);
		const struct ho_stream *o = ho_stream(an, (size_t)(h - an->ho), i);
		const char *dir = stream_direction(an, st);
		int y = lane_y(top, L_AIR) + 70 + (int)i * STREAM_D;
		char label[96];

		snprintf(label, sizeof(label), "#%zu %s%s", i + 1, stream_kind(an, st),
			 !dir ? "" : strcmp(dir, "to_mn") == 0 ? " to MN" : " from MN");
		fprintf(f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#bbb\" "
			"stroke-dasharray=\"2 3\"/>\n", LEFT, y, W - RIGHT, y);
		fprintf(f, "<text x=\"20\" y=\"%d\" font-size=\"12\">", y + 4);
		esc(f, label);
		fputs("</text>\n", f);
		if (!o || o->gap.start == T_NONE) {
			fprintf(f, "<text x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"#888\">gap not observed</text>\n",
				LEFT + 4, y - 4);
			continue;
		}
		{
			double x1 = xpos(s, o->gap.start), x2 = xpos(s, o->gap.end);
			int64_t lost = o->gap.seq_b - o->gap.seq_a - 1;

			if (x1 < LEFT)
				x1 = LEFT;
			if (x2 > W - RIGHT)
				x2 = W - RIGHT;
			if (x2 < x1)
				x2 = x1;
			fprintf(f, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"8\" fill=\"#8e7cc3\"/>\n",
				x1, y - 4, x2 - x1 < 1 ? 1 : x2 - x1);
			snprintf(label, sizeof(label), "gap %.1f ms, %lld lost",
				 (double)(o->gap.end - o->gap.start) / 1e6, (long long)(lost > 0 ? lost : 0));
			fprintf(f, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" fill=\"#5b4a9a\" text-anchor=\"%s\">",
				label_x(x2, 4), y - 7, anchor(x2));
			esc(f, label);
			fputs("</text>\n", f);
		}
	}
}

/* DHAAD before the BU: the Request and the Reply as arrows, the discovery
 * phase as a bar under the home agent's lane. */
static void discovery_draw(const struct analyzer *an, const struct handover *h, FILE *f, int top,
			   const struct scale *s)
{
	const struct had_ho *d = had_ho_of(an, (size_t)(h - an->ho));
	char label[64];

	if (!d)
		return;
	arrow(f, s, top, d->t_req, L_MN, L_HA, "DHAAD req", "#a64d79", -2);
	arrow(f, s, top, d->t_rep, L_HA, L_MN, "DHAAD reply", "#a64d79", 3);
	if (d->t_req != T_NONE && d->t_rep != T_NONE) {
		snprintf(label, sizeof(label), "discovery %.1f ms", (double)(d->t_rep - d->t_req) / 1e6);
		ro_bar(f, s, lane_y(top, L_HA) + 16, d->t_req, d->t_rep, "#a64d79", label);
	}
}

/* The fail-over (had.h) in a panel of its own, from the stop to the data
 * resumed through the next home agent. */
static void failover_panel(const struct analyzer *an, FILE *f, int top)
{
	const struct had_failover *fo = &an->had->fo;
	ts_t v[] = { fo->t_stop, fo->t_err, fo->t_bu_dead, fo->t_req, fo->t_rep, fo->t_bu_next,
		     fo->t_ba_next, fo->last_before, fo->t_resume };
	const char *lanes[L__COUNT] = { "cn", "home agents", "mobile node", "" };
	struct scale s = { T_NONE, T_NONE, 0 };
	char label[96];

	for (size_t k = 0; k < sizeof(v) / sizeof(v[0]); k++) {
		if (v[k] == T_NONE)
			continue;
		if (s.t0 == T_NONE || v[k] < s.t0) s.t0 = v[k];
		if (s.t1 == T_NONE || v[k] > s.t1) s.t1 = v[k];
	}
	if (s.t1 == s.t0)
		s.t1 = s.t0 + NS_PER_SEC / 10;
	s.px_per_ns = (double)(W - LEFT - RIGHT) / (double)(s.t1 - s.t0);
	fprintf(f, "<g>\n<text x=\"20\" y=\"%d\" font-size=\"16\" font-weight=\"bold\">", top + 28);
	snprintf(label, sizeof(label), "Home agent fail-over: %s stopped", fo->node);
	esc(f, label);
	fputs("</text>\n", f);
	for (int l = 0; l < L_AIR; l++) {
		fprintf(f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#888\"/>\n",
			LEFT, lane_y(top, l), W - RIGHT, lane_y(top, l));
		fprintf(f, "<text x=\"20\" y=\"%d\" font-size=\"13\">", lane_y(top, l) + 4);
		esc(f, lanes[l]);
		fputs("</text>\n", f);
	}
	mark(f, &s, top, fo->t_stop, L_HA, "HA stopped", "#990000", 0);
	arrow(f, &s, top, fo->t_err, L_HA, L_MN, "ICMPv6 error", "#cc0000", 1);
	arrow(f, &s, top, fo->t_bu_dead, L_MN, L_HA, "BU to dead HA", "#0b5394", -1);
	arrow(f, &s, top, fo->t_req, L_MN, L_HA, "DHAAD req", "#a64d79", -2);
	arrow(f, &s, top, fo->t_rep, L_HA, L_MN, "DHAAD reply", "#a64d79", 2);
	arrow(f, &s, top, fo->t_bu_next, L_MN, L_HA, "BU to next HA", "#0b5394", 0);
	arrow(f, &s, top, fo->t_ba_next, L_HA, L_MN, "BA", "#38761d", 1);
	arrow(f, &s, top, fo->last_before, L_CN, L_MN, "last data", "#555", -1);
	arrow(f, &s, top, fo->t_resume, L_CN, L_MN, "first data", "#555", -2);
	if (fo->t_resume != T_NONE) {
		snprintf(label, sizeof(label), "outage %.1f ms", (double)(fo->t_resume - fo->t_stop) / 1e6);
		ro_bar(f, &s, lane_y(top, L_AIR) - 10, fo->t_stop, fo->t_resume, "#444", label);
	} else {
		snprintf(label, sizeof(label), "outage: data not resumed");
		ro_bar(f, &s, lane_y(top, L_AIR) - 10, fo->t_stop, fo->t_stop, "#444", label);
	}
	fputs("</g>\n", f);
}

static void panel(const struct analyzer *an, const struct handover *h, FILE *f, int top)
{
	static const int ph_from[PH__COUNT] = { TP_LEAVE, TP_JOIN, TP_RA, TP_BU, TP_BA, TP_LAST };
	static const int ph_to[PH__COUNT] = { TP_JOIN, TP_RA, TP_BU, TP_BA, TP_RESUME, TP_RESUME };
	const char *lanes[L__COUNT] = { "cn", "home agent", "mobile node", "air" };
	char title[160], mn[64];
	struct scale s;
	ts_t lo = T_NONE, hi = T_NONE;

	for (int k = 0; k < TP__COUNT; k++) {
		ts_t t = tp_time(h, k);

		if (t == T_NONE)
			continue;
		if (lo == T_NONE || t < lo) lo = t;
		if (hi == T_NONE || t > hi) hi = t;
	}
	/* So does the handshake after the join. */
	if (lo != T_NONE && h->l2p.eapol4 != T_NONE && h->join != T_NONE && h->l2p.eapol4 > hi)
		hi = h->l2p.eapol4;
	/* So do the RO times. */
	for (int k = 0; lo != T_NONE && ho_ro_of(an, (size_t)(h - an->ho)) && k < RT__COUNT; k++) {
		ts_t t = ho_ro_of(an, (size_t)(h - an->ho))->t[k];

		if (t == T_NONE)
			continue;
		if (t < lo) lo = t;
		if (t > hi) hi = t;
	}
	/* So does the discovery before the BU. */
	if (lo != T_NONE && had_ho_of(an, (size_t)(h - an->ho))) {
		const struct had_ho *d = had_ho_of(an, (size_t)(h - an->ho));

		if (d->t_req != T_NONE && d->t_req < lo) lo = d->t_req;
		if (d->t_rep != T_NONE && d->t_rep > hi) hi = d->t_rep;
	}
	/* The streams' gaps belong on the picture too. */
	for (size_t i = 0; lo != T_NONE && i < an->n_rep_streams; i++) {
		const struct ho_stream *o = ho_stream(an, (size_t)(h - an->ho), i);

		if (!o || o->gap.start == T_NONE)
			continue;
		if (o->gap.start < lo) lo = o->gap.start;
		if (o->gap.end > hi) hi = o->gap.end;
	}
	snprintf(mn, sizeof(mn), "mobile node%s%s%s", an->mn_node[0] ? " (" : "",
		 an->mn_node, an->mn_node[0] ? ")" : "");
	lanes[L_MN] = mn;
	snprintf(title, sizeof(title), "Handover %d%s%s%s%s", h->index,
		 h->from[0] || h->to[0] ? ": " : "", h->from, h->from[0] || h->to[0] ? " -> " : "", h->to);
	fprintf(f, "<g>\n<text x=\"20\" y=\"%d\" font-size=\"16\" font-weight=\"bold\">", top + 28);
	esc(f, title);
	fputs("</text>\n", f);
	if (lo == T_NONE) {
		fprintf(f, "<text x=\"20\" y=\"%d\" font-size=\"13\">nothing observed</text>\n</g>\n", top + 60);
		return;
	}
	if (hi == lo)
		hi = lo + NS_PER_SEC / 10;
	s.t0 = lo;
	s.t1 = hi;
	s.px_per_ns = (double)(W - LEFT - RIGHT) / (double)(hi - lo);

	/* Phase bands with their durations on top. */
	for (int k = 0; k < PH_BLACKOUT; k++) {
		ts_t a = tp_time(h, ph_from[k]), b = tp_time(h, ph_to[k]);
		double x1, x2;

		if (a == T_NONE || b == T_NONE || b < a)
			continue;
		x1 = xpos(&s, a);
		x2 = xpos(&s, b);
		/* One label row per phase so short phases never overlap. */
		fprintf(f, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\" "
			"fill-opacity=\"0.8\"/>\n", x1, top + 40 + k * 14, x2 - x1 < 1 ? 1 : x2 - x1,
			LANE0 - 40 - k * 14 + LANE_D * (L__COUNT - 1) + 25, phase_fill[k]);
		fprintf(f, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"%s\">",
			x2 > W - 170 ? x2 - 2 : x1 + 2, top + 51 + k * 14, x2 > W - 170 ? "end" : "start");
		esc(f, phase_defs[k].key);
		fprintf(f, " %.1f ms</text>\n", (double)(b - a) / 1e6);
	}
	/* Lanes. */
	for (int l = 0; l < L__COUNT; l++) {
		fprintf(f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#888\"/>\n",
			LEFT, lane_y(top, l), W - RIGHT, lane_y(top, l));
		fprintf(f, "<text x=\"20\" y=\"%d\" font-size=\"13\">", lane_y(top, l) + 4);
		esc(f, lanes[l]);
		fputs("</text>\n", f);
	}
	if (h->t_move != T_NONE)
		fprintf(f, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#000\" "
			"stroke-dasharray=\"4 3\"/>\n<text x=\"%.1f\" y=\"%d\" font-size=\"11\">move</text>\n",
			xpos(&s, h->t_move), top + 40, xpos(&s, h->t_move),
			lane_y(top, L_AIR) + 20, xpos(&s, h->t_move) + 3, lane_y(top, L_AIR) + 20);
	arrow(f, &s, top, h->last_before, L_CN, L_MN, "last data", "#555", -1);
	arrow(f, &s, top, h->t_resume, L_CN, L_MN, "first data", "#555", -2);
	/* Offered before the MN could take it: dropped at the MN. */
	if (h->t_offered != h->t_resume)
		arrow(f, &s, top, h->t_offered, L_HA, L_MN, "first offered", "#999", 2);
	arrow(f, &s, top, h->t_reply, L_MN, L_CN, "first reply", "#7f6000", 2);
	arrow(f, &s, top, h->t_ra, L_HA, L_MN, "RA", "#b45f06", -1);
	discovery_draw(an, h, f, top, &s);
	arrow(f, &s, top, h->t_bu, L_MN, L_HA, "BU", "#0b5394", 0);
	arrow(f, &s, top, h->t_ba, L_HA, L_MN, "BA", "#38761d", 1);
	mark(f, &s, top, h->t_dad, L_MN, "DAD", "#741b47", 0);
	mark(f, &s, top, h->leave, L_AIR, "L2 leave", "#990000", 0);
	mark(f, &s, top, h->join, L_AIR, "L2 join", "#990000", 1);
	l2_sub_bars(h, f, top, &s);
	if (h->last_before != T_NONE && h->t_resume != T_NONE) {
		double x1 = xpos(&s, h->last_before), x2 = xpos(&s, h->t_resume);
		int y = lane_y(top, L_AIR) + 40;

		fprintf(f, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"6\" fill=\"#444\"/>\n",
			x1, y, x2 - x1 < 1 ? 1 : x2 - x1);
	}
	{
		int64_t b = phase_ns(h, PH_BLACKOUT);
		char buf[96];

		if (b == T_NONE)
			snprintf(buf, sizeof(buf), "blackout: not observed");
		else
			snprintf(buf, sizeof(buf), "blackout %.1f ms", (double)b / 1e6);
		fprintf(f, "<text x=\"20\" y=\"%d\" font-size=\"13\">", lane_y(top, L_AIR) + 47);
		esc(f, buf);
		fputs("</text>\n", f);
	}
	stream_lanes(an, h, f, top, &s);
	ro_lane_draw(an, h, f, top, &s);
	fputs("</g>\n", f);
}

int report_svg(const struct analyzer *an, FILE *f)
{
	int panels = an->n_ho ? (int)an->n_ho : 1;
	bool fo = an->had && an->had->fo.present;
	int h = panels * panel_h(an) + 20 + (fo ? PANEL_H - 60 : 0);

	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
		"viewBox=\"0 0 %d %d\" font-family=\"sans-serif\">\n"
		"<defs><marker id=\"arrow\" markerWidth=\"8\" markerHeight=\"8\" refX=\"4\" refY=\"4\" "
		"orient=\"auto\"><path d=\"M0,0 L8,4 L0,8 z\" fill=\"#333\"/></marker></defs>\n"
		"<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n", W, h, W, h);
	if (!an->n_ho)
		fprintf(f, "<text x=\"20\" y=\"40\" font-size=\"16\">%s</text>\n",
			an->n_mh ? "No handover found." : "No Mobility Header traffic.");
	for (size_t i = 0; i < an->n_ho; i++)
		panel(an, &an->ho[i], f, (int)i * panel_h(an));
	if (fo)
		failover_panel(an, f, panels * panel_h(an));
	fputs("</svg>\n", f);
	return ferror(f) ? -1 : 0;
}
