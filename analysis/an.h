/* mip6-analyze: shared state of one analysis run. Packets stream through
 * an_packet(); everything kept is per capture point, flow, station, binding
 * exchange or handover, never per packet. */
#ifndef MIP6_AN_H
#define MIP6_AN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <netinet/in.h>

#include "hoa_map.h"
#include "mh.h"
#include "pkt_err.h"

#define NS_PER_SEC	1000000000LL
#define T_NONE		INT64_MIN	/* "not observed" */
#define AN_MAX_POINTS	64
#define AN_MAX_STA	32
#define AN_MAX_BSS	32
#define AN_MAX_RECORDS	200000	/* per list: gaps, RA changes, refusals */
#define AN_MAX_EXCHANGES 1000000	/* per point: 100k mobile nodes' registrations,
					 * with the refreshes bind.c keeps (168 MB) */
#define AN_ECHO_SLOTS	4096	/* echo requests awaiting the MN's reply */

/* Flow keys: a point's delivered data is keyed by the point itself; the
 * MN's echo replies (by source) and every packet offered to the MN,
 * answered or not, live in flows of their own. */
#define FLOW_REPLY(point)	((point) + AN_MAX_POINTS)
#define FLOW_OFFERED(point)	((point) + 2 * AN_MAX_POINTS)

typedef int64_t ts_t;		/* nanoseconds since the Unix epoch */

/* One input file = one capture point ("raven-wlan0", "air"). */
struct point {
	char file[256];
	char name[64];		/* basename without .pcap/.pcapng */
	char node[32];		/* name up to the first '-', "air" for the air capture */
	int dlt;
	const char *dlt_name;
	bool skipped;		/* unknown link type or unreadable */
	bool is_air;
	bool is_mn;		/* capture on the mobile node itself */
	bool on_mn;		/* on it or on another mobile node of events.log */
	uint64_t packets;
};

struct mac { uint8_t b[6]; };
struct ro_state;
struct an_nodes;
struct esp_state;
struct hj_state;
struct had_state;

/* The L2 transition in parts (docs/metrics.md "L2 in parts"), from a
 * station's management and EAPOL-Key frames on the air. */
struct l2_parts {
	ts_t probe_first;	/* first probe request of the scan, T_NONE: none */
	ts_t probe_last_req;	/* last probe request before authentication */
	ts_t probe_last_resp;	/* last probe response to the station before it */
	ts_t auth_req, auth_resp;	/* first request, last successful response */
	ts_t assoc_req;		/* first (re)association request to the new AP */
	ts_t eapol1, eapol4;	/* 4-way handshake: EAPOL-Key 1/4 and 4/4 */
	bool scanned;		/* probed once off the old AP (else: cached results) */
};

/* L2 transition of a station from one BSS to another (air capture). */
struct l2_move {
	struct mac sta, old_bss, new_bss;
	ts_t leave;		/* last frame between sta and old_bss, T_NONE if none */
	ts_t join;		/* (re)association response from new_bss */
	ts_t deauth;		/* deauth/disassoc from the old BSS, T_NONE if none */
	char ssid[33];
	struct l2_parts parts;
};

struct sta {
	struct mac mac;
	bool has_bss;
	struct mac bss;
	ts_t last_with_bss;	/* last frame exchanged with its current BSS */
	ts_t deauth;
	/* The latest probe burst, and the parts of the join under way. */
	ts_t probe_first, probe_last_req, probe_last_resp;
	struct l2_parts pend;
	struct mac pend_bss;
	int64_t move;		/* its latest l2_move (an->l2), -1: none */
	bool has_hoa;		/* the home address its BUs carried on the air */
	struct in6_addr hoa;
};

struct bss {
	struct mac bssid;
	char ssid[33];
};

enum bind_kind { BK_REGISTRATION, BK_REFRESH, BK_DEREGISTRATION };

/* Consecutive BU sequence numbers: retransmissions (RFC 6275 §11.8 gives
 * each a new number). A resync after a 135 jumps, and starts another run. */
struct seq_run { uint16_t first, last; };
#define EX_RUNS		4	/* beyond, the last run widens to the new number */
#define EX_MAX_REFUSALS	32	/* refusals listed per exchange; more are counted */
#define RF_END		UINT32_MAX

/* A BA of an exchange that refused one of its BUs and is not the
 * exchange's outcome, kept in point_state.rf and linked per exchange in
 * time order. */
struct refusal {
	ts_t t;
	uint32_t next;		/* the exchange's next refusal, RF_END */
	uint16_t ba_seq;	/* as carried (a 135 carries the HA's last accepted) */
	uint16_t bu_seq;	/* the BU it answers */
	uint8_t status;
	bool inferred;		/* a 135: bu_seq is the latest BU then unanswered */
};

/* One binding exchange: the BUs of one registration attempt (same HoA, HA
 * and CoA: retransmissions sent before any BA, and resyncs after a 135)
 * and the BAs that answer them, each paired with the BU it answers. The
 * outcome is the accepting BA, else the latest refusal; the other BAs are
 * the exchange's refusals. */
struct exchange {
	struct in6_addr hoa, coa, ha;
	uint16_t seq_first, seq_last;
	struct seq_run run[EX_RUNS];
	uint8_t n_runs;
	uint16_t flags;
	uint16_t lifetime_req;	/* 4 s units */
	enum bind_kind kind;
	ts_t t_bu, t_bu_last;
	uint32_t tx;		/* BUs sent in this exchange */
	/* The outcome, valid when n_ba > 0. */
	ts_t t_ba;
	uint16_t ba_seq;
	uint16_t bu_seq;	/* the BU it answers */
	bool ba_inferred;	/* a 135: bu_seq is the latest BU then unanswered */
	uint8_t status;
	uint16_t lifetime_granted;
	bool has_bra;		/* Binding Refresh Advice in the outcome */
	uint16_t refresh_units;
	uint32_t n_ba;		/* BAs paired: the outcome and the refusals */
	uint32_t rf_first, rf_last;	/* refusals, RF_END when none */
	uint16_t n_rf;		/* refusals listed */
	uint32_t rf_more;	/* refusals counted but not listed */
	bool has_be;		/* a Binding Error came back instead */
	uint8_t be_status;
	uint32_t prev_same, next_same;	/* the same home address's exchanges, HOA_NONE */
	/* Accepted refreshes of this home address folded into this one (bind.c
	 * REFRESH_KEEP), and the BUs they took. */
	uint32_t folded, folded_tx;
	bool bu_esp;		/* every BU came through ESP (esp.h) */
	bool ba_esp;		/* the outcome did */
};

/* A Router Advertisement source change seen at the mobile node. */
struct ra_change {
	ts_t t;
	struct in6_addr src;
	struct in6_addr prefix;	/* first prefix, :: if none */
	uint8_t prefix_len;
	bool h;
};

/* An echo request seen at a point of the MN, waiting for the reply that
 * shows the MN accepted it. One slot per (point, identifier, sequence)
 * hash: a request never answered is overwritten by a later one. */
struct echo_req {
	ts_t t;
	struct in6_addr src, dst;
	uint16_t point, id, seq;
	bool used;
};

struct dad_probe {
	ts_t t;
	struct in6_addr target;
};

struct gap {
	ts_t start, end;	/* packets bounding the gap */
};

/* What a move's gap is sought around: the first L2 join in its window,
 * the first non-refresh BU in its window. */
enum { AK_JOIN, AK_BU, AK__COUNT };

/* Events mode, per flow and move window: the interval between two packets
 * that contains each anchor of the window (exact, whatever its length);
 * the longest gap ending in the window and the window's last packet (a
 * longer silence after it means delivery never resumed), the fallback. */
struct move_win {
	struct gap around[AK__COUNT];
	ts_t start, end, last;
};

/* Data delivered to one destination (innermost address) at one point. */
struct flow {
	struct in6_addr dst;
	uint16_t point;
	bool used;
	uint64_t n;
	ts_t first, last;
	size_t last_win;	/* window_of(last) */
	int64_t ewma;		/* smoothed inter-arrival time, ns */
	struct gap *gaps;	/* significant gaps, in time order */
	size_t n_gaps, cap_gaps;
	uint64_t gaps_dropped;
	struct move_win *win;	/* events mode: one per move */
};

struct ev_move {
	ts_t t;
	char node[32];
	char from[32], to[32];
};

/* Everything one point saw of the MN's registration and movement. */
struct point_state {
	struct exchange *ex;
	size_t n_ex, cap_ex;
	struct hoa_map hoas;	/* home address -> its first and last exchange */
	uint64_t ex_dropped;
	struct refusal *rf;	/* every exchange's refusals */
	size_t n_rf, cap_rf;
	struct ra_change *ra;
	size_t n_ra, cap_ra;
	bool has_last_ra;
	struct in6_addr last_ra_src;
	struct dad_probe *dad;
	size_t n_dad, cap_dad;
	uint64_t n_bu, n_ba;
	uint64_t n_bu_esp, n_ba_esp;	/* of them, opened from ESP */
	uint64_t n_ba_orphan, n_ba_dup;	/* BAs matching no BU / an answered one */
	uint64_t n_echo_req, n_echo_rep, n_echo_answered;
	ts_t *anchor_bu;	/* per move window: its first non-refresh BU here */
};

struct bad_csum {
	ts_t t;
	uint16_t point;
	uint8_t proto;		/* 135 or 58 */
	uint8_t type;
	struct in6_addr src, dst;
	uint16_t got, want;
};

#define AN_MAX_BAD_LIST 64

/* A BA whose Binding Refresh Advice is not below its lifetime (RFC 6275
 * §6.2.4 requires it to be smaller). */
struct bad_bra {
	ts_t t;
	uint16_t point;
	struct in6_addr ha, hoa;
	uint16_t ba_seq;
	uint8_t status;
	uint16_t refresh_units, lifetime_units;
};

/* What the move's gap was found around (the first one observed). */
enum gap_anchor { GA_NONE, GA_JOIN, GA_BU, GA_MOVE, GA_LONGEST };

/* What counted as delivered data for a handover: echo requests once the
 * MN answered them (other data as seen); every packet offered (the point
 * captured echo requests but no reply); data with no echo at all, as seen. */
enum delivery { DL_NONE, DL_ANSWERED, DL_OFFERED, DL_SEEN };

struct handover {
	int index;
	bool from_events;
	char from[32], to[32];
	ts_t t_move, leave, join, t_ra, t_dad, t_bu, t_ba, last_before, t_resume;
	ts_t t_offered;		/* first packet to the HoA after the move, answered or not */
	enum gap_anchor anchor;
	enum delivery delivery;
	ts_t t_reply;		/* first echo reply from the HoA after the outage */
	struct in6_addr coa, hoa;
	bool has_coa;
	uint8_t ba_status;
	uint8_t reject_status;	/* the last rejection before acceptance */
	bool ba_seen, ba_rejected;
	uint32_t n_bu;		/* BUs sent for this move until accepted */
	char ssid[33];
	int ex_point, data_point, l2_point;	/* -1 when not observed */
	struct l2_parts l2p;	/* valid when join is observed */
};

/* RTP streams (rtp.c, docs/analyzer.md "RTP streams"). A stream is one SSRC
 * between two addresses and ports (innermost headers, so a tunnelled packet is
 * the same stream). Per capture point it keeps what an application receiving
 * there would know: sequence, loss pattern, arrival gaps, the RFC 3550 jitter,
 * late packets for a jitter buffer, the one-way delay since the packet's first
 * sighting anywhere. Nothing per packet: a ring of recent sequence numbers. */
#define AN_MAX_STREAMS		64	/* candidates included */
#define AN_MAX_STREAM_CFG	16	/* stream-start lines of events.log */
#define RTP_RING		1024	/* first sightings of recent sequence numbers */
#define RTP_DUP_BITS		1024	/* duplicates detected this far behind the highest */
#define RTP_PROBATION		2	/* in-sequence steps before a header-found stream counts */
#define RTP_DEFAULT_JB_MS	60	/* jitter buffer */

/* A stream announced in events.log: "stream-start kind=voice dst=ADDR dport=N
 * [src=ADDR] [ssrc=N] [pt=N] [clock=HZ] [tx=NODE] [rx=NODE]". */
struct stream_cfg {
	char kind[16], tx[32], rx[32];
	struct in6_addr src, dst;
	bool has_src, has_ssrc;
	uint16_t dport;
	uint32_t ssrc;
	int pt;			/* -1: not given */
	uint32_t clock;		/* Hz, 0: not given */
};

/* Two consecutive arrivals with what the sequence numbers say was lost between. */
struct rtp_gap {
	ts_t start, end;	/* T_NONE: none */
	int64_t seq_a, seq_b;	/* extended numbers of the packets bounding it */
};

/* One stream at one point in one move window. */
struct rtp_win {
	struct rtp_gap around[AK__COUNT];	/* the arrival interval holding each anchor */
	struct rtp_gap longest;
	int64_t lost;		/* sequence jumps closed in the window, less late fills */
	uint64_t late;
};

/* One stream as one capture point received it. */
struct rtp_rx {
	uint64_t n;		/* distinct packets */
	uint64_t dup;
	int64_t first_ext, max_ext, last_ext;	/* extended sequence numbers */
	ts_t first_t, last_t;
	uint64_t seen[RTP_DUP_BITS / 64];	/* by number modulo RTP_DUP_BITS */
	bool has_transit;	/* the timing below needs the clock rate */
	int64_t last_transit, min_transit;	/* arrival - timestamp, ns */
	double jitter, jitter_max;		/* RFC 3550 A.8, ns */
	uint64_t late;		/* later than the jitter buffer allows */
	struct rtp_gap longest;
	/* Loss pattern in arrival order (a late packet counts as lost). */
	uint64_t pat_found, pat_lost, pat_bursts;
	bool pat_prev_lost;
	/* One-way delay: arrival here - first sighting at any point. */
	double delay_sum;
	uint64_t delay_n;
	int64_t delay_max, min_delay;
	struct rtp_win *win;	/* events mode: one per move */
};

struct rtp_sight {
	int64_t seq;
	ts_t t;
};

struct rtp_stream {
	struct in6_addr src, dst;
	uint16_t sport, dport;
	uint32_t ssrc;
	uint8_t pt;
	int cfg;		/* index of its stream_cfg, -1: found by the header */
	bool confirmed;
	unsigned probation;
	uint32_t clock;		/* Hz; 0 until known */
	int64_t seq_max, seq_min;	/* extended, over every point */
	int64_t ts_ref, ts0;	/* extended timestamps: of seq_max, of the first packet */
	int64_t ts_step;	/* timestamp units per sequence step (packet duration) */
	bool ts_shared;		/* consecutive packets share a timestamp (video frames) */
	ts_t t_seen;		/* last packet anywhere */
	ts_t est_t0;		/* clock estimate: first packet's time and timestamp */
	int64_t est_ts0;
	uint64_t packets;	/* at every point */
	struct rtp_sight *ring;	/* RTP_RING, by extended number */
	struct rtp_rx *rx[AN_MAX_POINTS];
	/* Results (an_streams_finish). */
	int rx_point;		/* the receiver's capture point, -1 */
	int report_index;	/* 1-based among reported streams, 0: not reported */
};

/* One reported stream in one handover. */
struct ho_stream {
	const struct rtp_stream *s;
	struct rtp_gap gap;
	int anchor;		/* AK_JOIN, AK_BU, or -1: the window's longest */
	int64_t lost;
	uint64_t late;
};

/* E-model (ITU-T G.107) figures of a G.711 voice stream (emodel.c). */
struct emodel {
	double ppl;		/* packet loss %, late packets included */
	double burst_r;		/* BurstR of the loss pattern */
	double ta_ms;		/* mouth-to-ear delay */
	double is, id, ie_eff;	/* impairments */
	double r, mos;
};

struct analyzer {
	struct point points[AN_MAX_POINTS];
	struct point_state ps[AN_MAX_POINTS];
	int n_points;

	/* events.log */
	struct ev_move *moves;		/* the mobile node's (mn_node) */
	size_t n_moves;
	struct ev_move *all_moves;	/* every node's, in time order */
	size_t n_all_moves;
	ts_t *anchor_join;	/* per move window: its first L2 join (with a leave) */
	char mn_node[32];
	size_t events_lines, events_bad;

	/* counters */
	uint64_t n_packets, n_ipv6, n_mh, n_tunnelled, n_wifi_mgmt, n_non_ipv6, n_other_dlt;
	uint64_t n_truncated_capture;
	uint64_t malformed[PKT_E__COUNT];
	uint64_t malformed_l2;		/* bad radiotap / 802.11 / Ethernet */
	uint64_t mh_types[MH_TYPE_MAX + 2];	/* last slot: unknown */
	uint64_t mh_checked, mh_bad, icmp6_checked, icmp6_bad;
	uint64_t n_ra, n_rs, n_ns, n_na, n_dad;
	struct bad_csum bad[AN_MAX_BAD_LIST];
	size_t n_bad;
	uint64_t bra_checked, bra_bad;	/* BAs with a BRA; those not below the lifetime */
	struct bad_bra bad_bra[AN_MAX_BAD_LIST];
	size_t n_bad_bra;

	/* 802.11 */
	struct sta sta[AN_MAX_STA];
	int n_sta;
	struct bss bss[AN_MAX_BSS];
	int n_bss;
	struct l2_move *l2;
	size_t n_l2, cap_l2;
	uint64_t n_auth, n_assoc_req, n_assoc_resp, n_deauth, n_disassoc;

	/* data flows: open-addressing hash on (point, dst) */
	struct flow *flows;
	size_t flow_cap, n_flows;
#define AN_FLOW_CACHE 4
	size_t last_flow[AN_FLOW_CACHE];	/* indices of the last flows hit */
	unsigned next_cache;		/* the cache slot replaced next */
	struct echo_req *echo;		/* AN_ECHO_SLOTS, allocated on first use */
	uint64_t flows_dropped;

	/* results */
	struct handover *ho;
	size_t n_ho;
	int ref_point;			/* where binding exchanges are reported from */
	ts_t t_first, t_last;
	bool cur_trunc;			/* current packet cut by the snap length */
	size_t next_move;		/* first move not yet reached by the stream */

	/* RTP streams */
	struct stream_cfg stream_cfg[AN_MAX_STREAM_CFG];
	size_t n_stream_cfg;
	struct rtp_stream *streams[AN_MAX_STREAMS];
	size_t n_streams, last_stream;
	uint64_t streams_dropped;	/* no room for another stream */
	uint64_t n_rtp;			/* RTP packets of reported streams, every point */
	int64_t jitter_buffer_ns;
	size_t n_rep_streams;		/* reported: confirmed, with a receiver */
	struct ho_stream *ho_streams;	/* n_ho x n_rep_streams, handover-major */

	struct ro_state *ro;		/* Route Optimization (ro.h), allocated on first use */
	int cur_sta;			/* station sending the current air data frame, -1 */
	struct an_nodes *nodes;		/* every mobile node (nodes.h), after an_finish */
	struct esp_state *esp;		/* ESP (esp.h): --esp-sa's SAs, the counters */
	bool cur_esp;			/* the current Mobility Header came through ESP */
	struct hj_state *hj;		/* binding hijack (hijack.h) */
	struct had_state *had;		/* home agent discovery, mobile prefixes, fail-over (had.h) */
};

/* analyzer.c */
void an_init(struct analyzer *an);
void an_free(struct analyzer *an);
int an_add_point(struct analyzer *an, const char *file, int dlt, const char *dlt_name);
/* The per-packet entry point: one captured frame at point with link type
 * points[point].dlt. Never fails; bad input is counted. */
void an_packet(struct analyzer *an, int point, ts_t t, const uint8_t *data,
	       size_t caplen, size_t len);
void an_finish(struct analyzer *an);	/* after the last packet: build handovers */

/* Internal helpers shared between files. */
void an_ip6(struct analyzer *an, int point, ts_t t, const uint8_t *p, size_t len,
	    bool truncated, bool at_mn);
void an_l2_frame(struct analyzer *an, int point, ts_t t, const uint8_t *p, size_t len);
void an_data(struct analyzer *an, int point, ts_t t, const struct in6_addr *dst);
/* Echo request / reply at a point of the MN (inner headers, id and seq in
 * host order): a request is delivered data once its reply is seen. */
void an_echo_request(struct analyzer *an, int point, ts_t t, const struct in6_addr *src,
		     const struct in6_addr *dst, uint16_t id, uint16_t seq);
void an_echo_reply(struct analyzer *an, int point, ts_t t, const struct in6_addr *src,
		   const struct in6_addr *dst, uint16_t id, uint16_t seq);
const char *gap_anchor_str(enum gap_anchor a);
const char *delivery_str(enum delivery d);
void an_mh(struct analyzer *an, int point, ts_t t, const struct in6_addr *src,
	   const struct in6_addr *dst, const struct in6_addr *hoa_opt,
	   const struct in6_addr *rh2, const struct mh_msg *m);
struct flow *an_flow_find(struct analyzer *an, int point, const struct in6_addr *dst);
const struct gap *flow_gap_at(const struct flow *f, ts_t t);
const struct gap *flow_gap_after(const struct flow *f, ts_t t);	/* first ending after t */
/* Anchors, noted as the stream reaches them (every packet before one in
 * the stream is older): an L2 join with a known leave, a non-refresh BU. */
void an_anchor_join(struct analyzer *an, ts_t t);
void an_anchor_bu(struct analyzer *an, int point, ts_t t);
/* The anchor of kind k of move window w as seen by flows at point, or T_NONE. */
ts_t an_anchor(const struct analyzer *an, int point, size_t w, int k);
/* Binding Refresh Advice of a BA seen at point (after its checksum). */
void an_bra_check(struct analyzer *an, int point, ts_t t, const struct in6_addr *ha,
		  const struct in6_addr *hoa, const struct mh_msg *m);
/* The refusals of e in time order: start with r = NULL; NULL at the end. */
const struct refusal *ex_refusal(const struct point_state *ps, const struct exchange *e,
				 const struct refusal *r);
int an_events_load(struct analyzer *an, const char *path, FILE *err);
void an_handovers(struct analyzer *an);	/* the mobile node's, into an->ho */

/* Whose handovers an_ho_build assembles: one mobile node, by home address. */
struct ho_subject {
	struct in6_addr hoa;
	bool has_hoa;		/* false: no BU seen, the busiest flow is the probe's */
	int ex_point;		/* where its binding exchanges are taken from, -1 */
	int ra_point;		/* where its RAs and DAD probes are, -1 */
	int own_point;		/* its own capture, preferred for data; -1 */
	int sta;		/* its station on the air, -1: any station's moves */
	const struct ev_move *moves;	/* its moves in events.log, in time order */
	size_t n_moves;
	bool windows;		/* the flows' move windows are these moves' */
};

struct ho_list {
	struct handover *ho;
	size_t n, cap;
};

void an_ho_build(struct analyzer *an, const struct ho_subject *sub, struct ho_list *out);
int an_sta_of(const struct analyzer *an, const struct in6_addr *hoa);	/* -1: none */

/* Output */
void fmt_ts(char *buf, size_t n, ts_t t);	/* "1795672800.123456" or "-" */
void fmt_addr(char *buf, size_t n, const struct in6_addr *a);
void fmt_mac(char *buf, size_t n, const struct mac *m);
void report_text(const struct analyzer *an, FILE *f);
void report_json(const struct analyzer *an, FILE *f);
void report_csv(const struct analyzer *an, FILE *f);
void report_csv_streams(const struct analyzer *an, FILE *f);
int report_svg(const struct analyzer *an, FILE *f);
const char *bind_kind_str(enum bind_kind k);

/* rtp.c: a UDP datagram (innermost headers) at point; true when it belongs to
 * a counted RTP stream (it is then not part of the probe's data flow). */
bool an_udp(struct analyzer *an, int point, ts_t t, const struct in6_addr *src,
	    const struct in6_addr *dst, const uint8_t *udp, size_t len);
void an_streams_finish(struct analyzer *an);	/* after an_handovers */
void an_streams_free(struct analyzer *an);
/* Reported streams in order (i < n_rep_streams), and their figures. */
const struct rtp_stream *an_stream(const struct analyzer *an, size_t i);
const struct rtp_rx *stream_rx(const struct rtp_stream *s);
bool stream_late_known(const struct rtp_rx *rx);	/* late needs a delay or the clock */
const char *stream_kind(const struct analyzer *an, const struct rtp_stream *s);
const char *stream_direction(const struct analyzer *an, const struct rtp_stream *s);
int64_t stream_sent(const struct rtp_stream *s);
int64_t stream_lost(const struct rtp_stream *s);
double stream_ptime_ms(const struct rtp_stream *s);	/* < 0: not known */
bool stream_is_g711(const struct rtp_stream *s);
/* E-model of a G.711 stream at its receiver; false when not applicable. */
bool stream_emodel(const struct analyzer *an, const struct rtp_stream *s, struct emodel *e);
const struct ho_stream *ho_stream(const struct analyzer *an, size_t ho, size_t i);
/* flow.c: the move window a time falls in (0: before the first move). */
size_t an_window_at(const struct analyzer *an, ts_t t);

/* emodel.c: ITU-T G.107 with its default values but for Ppl, BurstR and the
 * delays (T = Ta, Tr = 2 Ta), codec G.711 (Ie 0, Bpl 25.1). */
void emodel_g711(double ppl_pct, double burst_r, double ta_ms, struct emodel *e);
double emodel_mos(double r);

#endif
