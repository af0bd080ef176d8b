/* RTP streams: what an application receiving at each capture point would
 * have known (docs/analyzer.md, "RTP streams"). Streaming: per stream and
 * point a fixed-size state, per move window a few numbers, and per stream a
 * ring of the first sighting of its recent sequence numbers for the one-way
 * delay. Nothing is kept per packet. */
#include <stdlib.h>
#include <string.h>

#include "an.h"
#include "bytes.h"
#include "rtp.h"

static bool addr_eq(const struct in6_addr *a, const struct in6_addr *b)
{
	return memcmp(a, b, sizeof(*a)) == 0;
}

/* RFC 3551 tables 4 and 5: the static payload types' clock rates. */
static uint32_t static_clock(uint8_t pt)
{
	switch (pt) {
	case 0: case 3: case 4: case 5: case 7: case 8: case 9: case 12: case 13:
	case 15: case 18:
		return 8000;
	case 6: return 16000;
	case 10: case 11: return 44100;
	case 16: return 11025;
	case 17: return 22050;
	case 14: case 25: case 26: case 28: case 31: case 32: case 33: case 34:
		return 90000;
	}
	return 0;
}

/* The rates a dynamic payload type is estimated to (within 5 %). */
static uint32_t nearest_clock(double hz)
{
	static const uint32_t rates[] = { 8000, 16000, 22050, 32000, 44100, 48000, 90000 };

	for (size_t i = 0; i < sizeof(rates) / sizeof(rates[0]); i++)
		if (hz > rates[i] * 0.95 && hz < rates[i] * 1.05)
			return rates[i];
	return 0;
}

static int find_cfg(const struct analyzer *an, const struct in6_addr *src,
		    const struct in6_addr *dst, uint16_t dport)
{
	for (size_t i = 0; i < an->n_stream_cfg; i++) {
		const struct stream_cfg *c = &an->stream_cfg[i];

		if (c->dport == dport && addr_eq(&c->dst, dst) && (!c->has_src || addr_eq(&c->src, src)))
			return (int)i;
	}
	return -1;
}

static void stream_free(struct rtp_stream *s)
{
	if (!s)
		return;
	for (int p = 0; p < AN_MAX_POINTS; p++) {
		if (s->rx[p])
			free(s->rx[p]->win);
		free(s->rx[p]);
	}
	free(s->ring);
	free(s);
}

void an_streams_free(struct analyzer *an)
{
	for (size_t i = 0; i < an->n_streams; i++)
		stream_free(an->streams[i]);
	free(an->ho_streams);
	an->n_streams = 0;
	an->ho_streams = NULL;
}

static struct rtp_stream *lookup(struct analyzer *an, const struct in6_addr *src,
				 const struct in6_addr *dst, uint16_t sport, uint16_t dport,
				 uint32_t ssrc)
{
	for (size_t k = 0; k < an->n_streams; k++) {
		/* The last stream hit first: packets of one stream come in runs. */
		size_t i = (an->last_stream + k) % an->n_streams;
		struct rtp_stream *s = an->streams[i];

		if (s->ssrc == ssrc && s->sport == sport && s->dport == dport &&
		    addr_eq(&s->src, src) && addr_eq(&s->dst, dst)) {
			an->last_stream = i;
			return s;
		}
	}
	return NULL;
}

/* A new stream, in a free slot or in that of the candidate idle the longest;
 * NULL when every slot holds a counted stream. */
static struct rtp_stream *add_stream(struct analyzer *an)
{
	struct rtp_stream *s = calloc(1, sizeof(*s));
	size_t victim = SIZE_MAX;

	if (!s)
		return NULL;
	if (an->n_streams < AN_MAX_STREAMS) {
		an->streams[an->n_streams++] = s;
		return s;
	}
	for (size_t i = 0; i < an->n_streams; i++)
		if (!an->streams[i]->confirmed &&
		    (victim == SIZE_MAX || an->streams[i]->t_seen < an->streams[victim]->t_seen))
			victim = i;
	if (victim == SIZE_MAX) {
		free(s);
		return NULL;
	}
	stream_free(an->streams[victim]);
	an->streams[victim] = s;
	return s;
}

static bool seen_get(const struct rtp_rx *rx, int64_t e)
{
	uint64_t b = (uint64_t)e % RTP_DUP_BITS;

	return rx->seen[b / 64] >> (b % 64) & 1;
}

static void seen_set(struct rtp_rx *rx, int64_t e, bool v)
{
	uint64_t b = (uint64_t)e % RTP_DUP_BITS;

	if (v)
		rx->seen[b / 64] |= 1ULL << (b % 64);
	else
		rx->seen[b / 64] &= ~(1ULL << (b % 64));
}

static void gap_none(struct rtp_gap *g)
{
	g->start = g->end = T_NONE;
	g->seq_a = g->seq_b = 0;
}

static void gap_set(struct rtp_gap *g, ts_t a, ts_t b, int64_t sa, int64_t sb)
{
	g->start = a;
	g->end = b;
	g->seq_a = sa;
	g->seq_b = sb;
}

static struct rtp_rx *rx_for(const struct analyzer *an, struct rtp_stream *s, int point)
{
	struct rtp_rx *rx = s->rx[point];

	if (rx)
		return rx;
	rx = calloc(1, sizeof(*rx));
	if (!rx)
		return NULL;
	gap_none(&rx->longest);
	if (an->n_moves) {
		rx->win = malloc(an->n_moves * sizeof(*rx->win));
		if (!rx->win) {
			free(rx);
			return NULL;
		}
		for (size_t w = 0; w < an->n_moves; w++) {
			memset(&rx->win[w], 0, sizeof(rx->win[w]));
			for (int k = 0; k < AK__COUNT; k++)
				gap_none(&rx->win[w].around[k]);
			gap_none(&rx->win[w].longest);
		}
	}
	s->rx[point] = rx;
	return rx;
}

/* The mobile node's own capture point, where its BUs are anchors. */
static int mn_point(const struct analyzer *an)
{
	for (int i = 0; i < an->n_points; i++)
		if (an->points[i].is_mn)
			return i;
	return -1;
}

/* Timestamp units to ns, exactly for any span below 2^63 ns. */
static int64_t units_ns(int64_t u, uint32_t clock)
{
	return u / clock * NS_PER_SEC + u % clock * NS_PER_SEC / clock;
}

/* The loss pattern (Markov: found, lost, bursts of loss) in arrival order. */
static void pattern(struct rtp_rx *rx, uint64_t lost, bool found)
{
	if (lost) {
		if (!rx->pat_prev_lost)
			rx->pat_bursts++;
		rx->pat_lost += lost;
		rx->pat_prev_lost = true;
	}
	if (found) {
		rx->pat_found++;
		rx->pat_prev_lost = false;
	}
}

/* One packet of s (extended number e, extended timestamp ts) at point. */
static void receive(struct analyzer *an, struct rtp_stream *s, int point, ts_t t, int64_t e,
		    int64_t ts)
{
	struct rtp_rx *rx = rx_for(an, s, point);
	struct rtp_sight *r = s->ring ? &s->ring[(uint64_t)e % RTP_RING] : NULL;
	int64_t net = -1, transit = 0;
	bool late = false, transit_ok = false;
	size_t wa, wb;

	if (!rx)
		return;
	if (rx->n == 0) {
		rx->first_ext = rx->max_ext = rx->last_ext = e;
		rx->first_t = rx->last_t = t;
		seen_set(rx, e, true);
	} else {
		if (e <= rx->max_ext && e > rx->max_ext - RTP_DUP_BITS && seen_get(rx, e)) {
			rx->dup++;
			return;
		}
		if (t < rx->last_t)
			t = rx->last_t;	/* a capture's own timestamps went back */
		wa = an_window_at(an, rx->last_t);
		wb = an_window_at(an, t);
		/* The interval [last, t) of this point's arrivals: keep it for every
		 * anchor it holds (anchors before t are known by now). */
		for (size_t w = wa ? wa - 1 : 0; rx->win && w < wb; w++)
			for (int k = 0; k < AK__COUNT; k++) {
				int at = k == AK_BU ? mn_point(an) : point;
				ts_t x = at >= 0 ? an_anchor(an, at, w, k) : T_NONE;

				if (x != T_NONE && rx->last_t <= x && x < t)
					gap_set(&rx->win[w].around[k], rx->last_t, t, rx->last_ext, e);
			}
		if (rx->longest.start == T_NONE || t - rx->last_t > rx->longest.end - rx->longest.start)
			gap_set(&rx->longest, rx->last_t, t, rx->last_ext, e);
		if (rx->win && wb > 0) {
			struct rtp_gap *g = &rx->win[wb - 1].longest;

			if (g->start == T_NONE || t - rx->last_t > g->end - g->start)
				gap_set(g, rx->last_t, t, rx->last_ext, e);
		}
		if (e > rx->max_ext) {
			int64_t jump = e - rx->max_ext - 1;

			/* Forget the numbers the window now passes. */
			for (int64_t x = e - jump > e - RTP_DUP_BITS + 1 ? e - jump : e - RTP_DUP_BITS + 1;
			     x < e; x++)
				seen_set(rx, x, false);
			seen_set(rx, e, true);
			if (jump > 0) {
				pattern(rx, (uint64_t)jump, false);
				if (rx->win && wb > 0)
					rx->win[wb - 1].lost += jump;
			}
			rx->max_ext = e;
		} else {
			/* Out of order: it fills a hole counted as lost. */
			if (e > rx->max_ext - RTP_DUP_BITS)
				seen_set(rx, e, true);
			if (rx->win && wb > 0)
				rx->win[wb - 1].lost--;
		}
		if (e < rx->first_ext)
			rx->first_ext = e;
	}
	/* One-way delay: since the packet's first sighting at any point. */
	if (r && r->t != T_NONE && r->seq == e) {
		net = t - r->t;
		if (net >= 0) {
			rx->delay_sum += (double)net;
			rx->delay_n++;
			if (net > rx->delay_max)
				rx->delay_max = net;
			if (rx->delay_n == 1 || net < rx->min_delay)
				rx->min_delay = net;
		}
	} else if (r) {
		r->seq = e;
		r->t = t;
	}
	/* Timing: transit = arrival - send time the timestamp implies. */
	if (s->clock) {
		transit = t - units_ns(ts - s->ts0, s->clock);
		transit_ok = true;
		if (!rx->has_transit) {
			rx->has_transit = true;
			rx->min_transit = rx->last_transit = transit;
		} else {
			int64_t d = transit - rx->last_transit;

			/* RFC 3550 A.8: J += (|D| - J) / 16. */
			rx->jitter += ((double)(d < 0 ? -d : d) - rx->jitter) / 16;
			if (rx->jitter > rx->jitter_max)
				rx->jitter_max = rx->jitter;
			rx->last_transit = transit;
			if (transit < rx->min_transit)
				rx->min_transit = transit;
		}
	}
	/* Played at the fastest packet so far plus the buffer: by the one-way
	 * delay when the sender's side saw the packet (a late departure is the
	 * sender's, not the network's), else by the transit. */
	if (net >= 0)
		late = net - rx->min_delay > an->jitter_buffer_ns;
	else if (rx->has_transit)
		late = transit_ok && transit - rx->min_transit > an->jitter_buffer_ns;
	if (late) {
		rx->late++;
		if (rx->win) {
			size_t w = an_window_at(an, t);

			if (w > 0)
				rx->win[w - 1].late++;
		}
	}
	pattern(rx, late, !late);
	rx->n++;
	rx->last_t = t;
	rx->last_ext = e;
}

bool an_udp(struct analyzer *an, int point, ts_t t, const struct in6_addr *src,
	    const struct in6_addr *dst, const uint8_t *udp, size_t len)
{
	struct rtp_hdr h;
	struct rtp_stream *s;
	uint16_t sport, dport, ulen;
	int64_t e, ts;
	int cfg;

	if (len < 8)
		return false;
	sport = get_be16(udp);
	dport = get_be16(udp + 2);
	ulen = get_be16(udp + 4);
	if (ulen < 8)
		return false;
	if (ulen < len)
		len = ulen;	/* the datagram, not what follows it */
	if (rtp_parse(udp + 8, len - 8, &h) != PKT_OK)
		return false;
	cfg = find_cfg(an, src, dst, dport);
	if (cfg >= 0 && an->stream_cfg[cfg].has_ssrc && an->stream_cfg[cfg].ssrc != h.ssrc)
		cfg = -1;	/* another source on the announced port: by its header */
	s = lookup(an, src, dst, sport, dport, h.ssrc);
	if (!s) {
		s = add_stream(an);
		if (!s) {
			an->streams_dropped++;
			return false;
		}
		s->src = *src;
		s->dst = *dst;
		s->sport = sport;
		s->dport = dport;
		s->ssrc = h.ssrc;
		s->pt = h.pt;
		s->cfg = cfg;
		s->confirmed = cfg >= 0;
		s->seq_max = s->seq_min = h.seq;
		s->ts_ref = s->ts0 = h.ts;
		s->est_t0 = t;
		s->est_ts0 = h.ts;
		s->rx_point = -1;
		if (cfg >= 0 && an->stream_cfg[cfg].clock)
			s->clock = an->stream_cfg[cfg].clock;
		else
			s->clock = static_clock(h.pt);
	} else if (!s->confirmed && h.pt != s->pt) {
		/* A header-found candidate must keep its payload type. */
		s->pt = h.pt;
		s->probation = 0;
	}
	s->t_seen = t;
	s->packets++;
	e = rtp_ext16(s->seq_max, h.seq);
	ts = rtp_ext32(s->ts_ref, h.ts);
	if (e > s->seq_max) {
		if (e == s->seq_max + 1 && ts > s->ts_ref && !s->ts_step)
			s->ts_step = ts - s->ts_ref;
		if (e == s->seq_max + 1 && ts == s->ts_ref)
			s->ts_shared = true;
		if (!s->confirmed)
			s->probation = e == s->seq_max + 1 ? s->probation + 1 : 0;
		s->seq_max = e;
		s->ts_ref = ts;
	}
	if (e < s->seq_min)
		s->seq_min = e;
	if (!s->confirmed && s->probation >= RTP_PROBATION)
		s->confirmed = true;
	if (!s->clock && t - s->est_t0 >= NS_PER_SEC && ts > s->est_ts0) {
		s->clock = nearest_clock((double)(ts - s->est_ts0) * 1e9 / (double)(t - s->est_t0));
		if (!s->clock) {	/* try again over the next second */
			s->est_t0 = t;
			s->est_ts0 = ts;
		}
	}
	if (!s->ring) {
		s->ring = malloc(RTP_RING * sizeof(*s->ring));
		if (s->ring)
			for (size_t i = 0; i < RTP_RING; i++)
				s->ring[i].t = T_NONE;
	}
	receive(an, s, point, t, e, ts);
	/* A candidate's packets still count as data. */
	return s->confirmed;
}

/* --- after the stream --- */

static bool hoa_known(const struct analyzer *an, struct in6_addr *hoa)
{
	if (an->ref_point < 0 || !an->ps[an->ref_point].n_ex)
		return false;
	*hoa = an->ps[an->ref_point].ex[0].hoa;
	return true;
}

static double mean_delay(const struct rtp_rx *rx)
{
	return rx->delay_n ? rx->delay_sum / (double)rx->delay_n : 0;
}

/* Where the stream was received: the node events.log names (its busiest
 * point), else the MN's point for a stream to the home address, else the
 * busiest point that is neither the air nor the MN's when the MN sends it;
 * a tie goes to the point reached later (the larger mean delay). */
static int receiver(const struct analyzer *an, const struct rtp_stream *s)
{
	const struct stream_cfg *c = s->cfg >= 0 ? &an->stream_cfg[s->cfg] : NULL;
	struct in6_addr hoa;
	bool has_hoa = hoa_known(an, &hoa);
	int best = -1;

	for (int pass = 0; pass < 3 && best < 0; pass++)
		for (int p = 0; p < an->n_points; p++) {
			const struct rtp_rx *rx = s->rx[p], *b = best >= 0 ? s->rx[best] : NULL;
			const struct point *pt = &an->points[p];

			if (!rx || pt->is_air)
				continue;
			if (pass == 0 && (!c || !c->rx[0] || strcmp(pt->node, c->rx) != 0))
				continue;
			if (pass == 1 && (!has_hoa || !addr_eq(&s->dst, &hoa) || !pt->is_mn))
				continue;
			if (pass == 2 && has_hoa && addr_eq(&s->src, &hoa) && pt->is_mn)
				continue;
			if (!b || rx->n > b->n || (rx->n == b->n && mean_delay(rx) > mean_delay(b)))
				best = p;
		}
	return best;
}

void an_streams_finish(struct analyzer *an)
{
	size_t n = 0, cap;

	an->n_rtp = 0;
	free(an->ho_streams);
	an->ho_streams = NULL;
	for (size_t i = 0; i < an->n_streams; i++) {
		struct rtp_stream *s = an->streams[i];

		s->report_index = 0;
		if (!s->confirmed)
			continue;
		s->rx_point = receiver(an, s);
		if (s->rx_point >= 0) {
			s->report_index = (int)++n;
			an->n_rtp += s->packets;
		}
	}
	an->n_rep_streams = n;
	if (!n || !an->n_ho || !an->n_moves)
		return;
	cap = an->n_ho * n;
	an->ho_streams = calloc(cap, sizeof(*an->ho_streams));
	if (!an->ho_streams)
		return;
	for (size_t h = 0; h < an->n_ho; h++) {
		const struct handover *ho = &an->ho[h];
		size_t w = (size_t)ho->index - 1;

		for (size_t i = 0; i < an->n_streams; i++) {
			const struct rtp_stream *s = an->streams[i];
			const struct rtp_rx *rx;
			struct ho_stream *o;

			if (!s->report_index)
				continue;
			o = &an->ho_streams[h * n + (size_t)s->report_index - 1];
			o->s = s;
			o->anchor = -1;
			gap_none(&o->gap);
			rx = s->rx[s->rx_point];
			if (!ho->from_events || w >= an->n_moves || !rx->win)
				continue;
			/* The handover's own anchor first, as for the probe. */
			if (ho->join != T_NONE && rx->win[w].around[AK_JOIN].start != T_NONE)
				o->anchor = AK_JOIN;
			else if (ho->t_bu != T_NONE && rx->win[w].around[AK_BU].start != T_NONE)
				o->anchor = AK_BU;
			o->gap = o->anchor >= 0 ? rx->win[w].around[o->anchor] : rx->win[w].longest;
			o->lost = rx->win[w].lost;
			o->late = rx->win[w].late;
		}
	}
}

const struct rtp_stream *an_stream(const struct analyzer *an, size_t i)
{
	for (size_t k = 0; k < an->n_streams; k++)
		if (an->streams[k]->report_index == (int)i + 1)
			return an->streams[k];
	return NULL;
}

const struct rtp_rx *stream_rx(const struct rtp_stream *s)
{
	return s->rx_point >= 0 ? s->rx[s->rx_point] : NULL;
}

const struct ho_stream *ho_stream(const struct analyzer *an, size_t ho, size_t i)
{
	if (!an->ho_streams || ho >= an->n_ho || i >= an->n_rep_streams)
		return NULL;
	return &an->ho_streams[ho * an->n_rep_streams + i];
}

const char *stream_kind(const struct analyzer *an, const struct rtp_stream *s)
{
	if (s->cfg >= 0 && an->stream_cfg[s->cfg].kind[0])
		return an->stream_cfg[s->cfg].kind;
	if (s->pt <= 23 && static_clock(s->pt))
		return "audio";
	if (s->pt >= 24 && s->pt <= 34 && static_clock(s->pt))
		return "video";
	return "unknown";
}

const char *stream_direction(const struct analyzer *an, const struct rtp_stream *s)
{
	struct in6_addr hoa;

	if (!hoa_known(an, &hoa))
		return NULL;
	if (addr_eq(&s->dst, &hoa))
		return "to_mn";
	if (addr_eq(&s->src, &hoa))
		return "from_mn";
	return NULL;
}

int64_t stream_sent(const struct rtp_stream *s)
{
	return s->seq_max - s->seq_min + 1;
}

int64_t stream_lost(const struct rtp_stream *s)
{
	const struct rtp_rx *rx = stream_rx(s);
	int64_t lost = rx ? stream_sent(s) - (int64_t)rx->n : 0;

	return lost > 0 ? lost : 0;
}

double stream_ptime_ms(const struct rtp_stream *s)
{
	if (!s->clock || !s->ts_step || s->ts_shared)
		return -1;
	return (double)units_ns(s->ts_step, s->clock) / 1e6;
}

bool stream_is_g711(const struct rtp_stream *s)
{
	return s->pt == 0 || s->pt == 8;
}

bool stream_emodel(const struct analyzer *an, const struct rtp_stream *s, struct emodel *e)
{
	const struct rtp_rx *rx = stream_rx(s);
	double ppl, burst_r = 1, ta, ptime = stream_ptime_ms(s);
	int64_t sent = stream_sent(s);

	if (!rx || !stream_is_g711(s) || sent <= 0 || !stream_late_known(rx))
		return false;
	ppl = (double)(stream_lost(s) + (int64_t)rx->late) * 100 / (double)sent;
	/* G.107: BurstR = 1 / (p + q), p = P(lost | found), q = P(found | lost),
	 * each estimated by the bursts over the found and the lost packets. */
	if (rx->pat_bursts && rx->pat_found && rx->pat_lost)
		burst_r = 1 / ((double)rx->pat_bursts / (double)rx->pat_found +
			       (double)rx->pat_bursts / (double)rx->pat_lost);
	/* Mouth to ear: the network's mean one-way delay, the jitter buffer,
	 * one packet of speech. */
	ta = mean_delay(rx) / 1e6 + (double)an->jitter_buffer_ns / 1e6 + (ptime > 0 ? ptime : 0);
	emodel_g711(ppl, burst_r, ta, e);
	return true;
}

bool stream_late_known(const struct rtp_rx *rx)
{
	return rx->has_transit || rx->delay_n;
}
