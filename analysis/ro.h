/* Route Optimization (RFC 6275 §5.2, §6.1.3-6.1.6, §11.6-11.7) as the
 * captures show it: return routability tests paired by cookie, the BUs sent
 * to correspondents with their BAs, BRRs and BEs, the first data on the
 * direct path, the probe's round-trip times, and per handover the RO
 * timeline (docs/metrics.md, "Route optimization"). Like the rest, nothing
 * is kept per packet but for one RTT sample per answered probe. */
#ifndef MIP6_AN_RO_H
#define MIP6_AN_RO_H

#include "an.h"

#define RO_MAX_CN	8	/* correspondents told apart per point */
#define RO_MAX_MSG	64	/* BRRs and BEs listed per point; more are counted */
#define RTT_SLOTS	4096	/* probes awaiting their reply, at points not the MN's */

enum rr_kind { RR_HOME, RR_COA };

/* One HoTI or CoTI and the HoT or CoT echoing its cookie. mn is the HoA of
 * a home test (the inner source of the tunnelled HoTI), the CoA of a
 * care-of test. */
struct rr_test {
	ts_t t_init, t_reply;	/* T_NONE: no answer */
	struct in6_addr mn, cn;
	uint8_t cookie[MH_COOKIE_LEN];
	uint16_t nonce_index;	/* of the answer */
	uint8_t kind;		/* enum rr_kind */
};

/* The BUs of one registration attempt with a correspondent (same HoA, CoA
 * and correspondent, sent before any BA) and the BA that answers them. */
struct cn_bind {
	struct in6_addr hoa, coa, cn;
	uint16_t seq_first, seq_last, flags, lifetime_req;
	uint32_t tx;
	bool dereg;		/* lifetime 0 or CoA = HoA */
	ts_t t_bu, t_bu_last;
	/* Options of the last BU (§6.2.6, §6.2.7). */
	bool has_nonce, has_auth;
	uint16_t home_nonce, coa_nonce;
	uint8_t auth_len;
	/* The outcome, valid when n_ba > 0; an accepting BA wins over a refusal. */
	uint32_t n_ba;
	ts_t t_ba;
	uint16_t ba_seq, lifetime_granted;
	uint8_t status;
	bool rejected;		/* refused before the outcome */
	uint8_t reject_status;
	/* First data between the CoA and the correspondent carrying the HoA in a
	 * Home Address option or a type 2 routing header, after the first BU. */
	ts_t t_direct;
	bool direct_hao;	/* it was the MN's (HAO), not the correspondent's (RH2) */
};

/* A Binding Refresh Request, or a Binding Error from or to a correspondent. */
struct ro_msg {
	ts_t t;
	struct in6_addr src, dst, hoa;
	uint8_t type;		/* MH_BRR or MH_BE */
	uint8_t status;		/* BE */
};

struct ro_point {
	struct rr_test *rr;
	size_t n_rr, cap_rr;
	struct cn_bind *cb;
	size_t n_cb, cap_cb;
	struct ro_msg msg[RO_MAX_MSG];
	size_t n_msg;
	struct in6_addr cn[RO_MAX_CN];	/* destinations of tests and BUs without H */
	int n_cn;
	uint64_t n_init[2], n_reply[2];	/* by enum rr_kind */
	uint64_t unmatched[2];		/* HoT / CoT echoing no init's cookie */
	uint64_t rr_dup;		/* a second answer to an answered init */
	uint64_t n_cn_bu, n_cn_ba, cn_ba_orphan, cn_ba_dup;
	uint64_t n_brr, n_be, msg_more, dropped;
};

struct rtt_sample {
	ts_t t;			/* the request */
	int64_t rtt;		/* reply - request, ns */
	bool direct;		/* the request or its reply took the direct path */
};

struct rtt_point {
	struct rtt_sample *s;
	size_t n, cap;
	uint64_t dropped;
};

struct rtt_req {
	ts_t t;
	struct in6_addr src, dst;	/* home address, not the CoA */
	uint16_t point, id, seq;
	bool used, direct;
};

enum ro_outcome {
	RO_RR_INCOMPLETE,	/* an init went unanswered and no BA accepted */
	RO_NO_CN_BU,
	RO_NO_CN_BA,
	RO_CN_REFUSED,
	RO_OPTIMIZED,		/* a registration accepted */
	RO_UNACKED,		/* a BU without the A flag: taken as made (§11.7.2) */
	RO_DEREGISTERED,	/* a deregistration accepted */
};

/* The RO timeline of one handover (docs/metrics.md). */
enum { RT_RR_START, RT_HOT, RT_COT, RT_RR_DONE, RT_CN_BU, RT_CN_BA, RT_DIRECT, RT__COUNT };
enum { RP_RR, RP_CN_REG, RP_AFTER_HOME_BA, RP_FIRST_DIRECT, RP__COUNT };
enum { RTT_BEFORE, RTT_TUNNEL, RTT_DIRECT, RTT__COUNT };

struct ho_ro {
	bool present;		/* a test or a BU to a correspondent in the window */
	struct in6_addr cn;	/* the first correspondent of the window */
	enum ro_outcome outcome;
	bool want_hot, want_cot;	/* a HoTI / CoTI was sent */
	ts_t t[RT__COUNT];
	int cb;			/* the binding reported (accepted, else the last), -1 */
	uint32_t n_cn_bu;	/* BUs to the correspondent until one was accepted */
	bool cn_ba_seen, cn_rejected, cn_unacked;
	uint8_t cn_status, cn_reject_status;
	bool direct_hao;
	int64_t rtt[RTT__COUNT];	/* medians, T_NONE: no sample */
	uint32_t rtt_n[RTT__COUNT];
};

struct ro_state {
	struct ro_point pt[AN_MAX_POINTS];
	struct rtt_point rtt[AN_MAX_POINTS];
	struct rtt_req *req;	/* RTT_SLOTS, allocated on the first probe */
	/* Results (ro_handovers). */
	int point;		/* where RO is reported from, -1 */
	int rtt_point;		/* where the RTTs are taken, -1 */
	struct ho_ro *ho;	/* one per handover */
};

struct ro_def {
	const char *key;	/* JSON / CSV */
	const char *label;	/* text */
};

extern const struct ro_def ro_tp_defs[RT__COUNT];
extern const struct ro_def ro_phase_defs[RP__COUNT];
extern const struct ro_def ro_rtt_defs[RTT__COUNT];

/* ro.c */
struct ro_state *ro_get(struct analyzer *an);	/* allocated on first use; NULL: no memory */
/* A checksum-verified MH at point; true when it is Route Optimization's (a
 * test, a BU without the H flag, the BA, BRR or BE of a correspondent):
 * binding exchanges with the home agent must not see it. */
bool ro_mh(struct analyzer *an, int point, ts_t t, const struct in6_addr *src,
	   const struct in6_addr *dst, const struct in6_addr *hao, const struct in6_addr *rh2,
	   const struct mh_msg *m);
/* Data (not MH) carrying a Home Address option or a type 2 routing header. */
void ro_direct(struct analyzer *an, int point, ts_t t, const struct in6_addr *src,
	       const struct in6_addr *dst, const struct in6_addr *hao, const struct in6_addr *rh2);
void ro_free(struct analyzer *an);
const char *ro_outcome_str(enum ro_outcome o);

/* rtt.c: an echo request or reply at a point that is neither the MN's nor
 * the air (home addresses, not CoAs: src/dst as the upper layer sees them). */
void rtt_echo(struct analyzer *an, int point, ts_t t, bool request, const struct in6_addr *src,
	      const struct in6_addr *dst, uint16_t id, uint16_t seq, bool direct);
/* The point whose samples the RTTs come from: most samples, then earliest. */
int rtt_best_point(const struct ro_state *ro, int n_points);
/* Median RTT of the requests sent in [from, to) at point; direct: -1 any,
 * 0 only not direct, 1 only direct. Returns the sample count (0: *med
 * untouched). */
uint32_t rtt_median(const struct ro_state *ro, int point, ts_t from, ts_t to, int direct,
		    int64_t *med);

/* ro_ho.c: after an_handovers. */
void ro_handovers(struct analyzer *an);
/* The RO of handover i, NULL when it has none. */
const struct ho_ro *ho_ro_of(const struct analyzer *an, size_t i);
ts_t ro_tp_time(const struct ho_ro *r, int k);
int64_t ro_phase_ns(const struct handover *h, const struct ho_ro *r, int k);
bool ro_any(const struct analyzer *an);	/* any RO message at the reported point */

/* report_ro.c: the JSON "return_routability" object, a handover's "ro"
 * member (with its leading comma), the CSV columns (each with its comma). */
void ro_report_json(const struct analyzer *an, FILE *f);
void ro_report_json_ho(const struct analyzer *an, size_t i, FILE *f);
void ro_csv_header(FILE *f);
void ro_csv_row(const struct analyzer *an, size_t i, FILE *f);
/* report_ro_text.c */
void ro_report_text(const struct analyzer *an, FILE *f);
void ro_report_text_ho(const struct analyzer *an, size_t i, FILE *f);

#endif
