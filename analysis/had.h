/* Home agent discovery as the captures show it (docs/analyzer.md "Home agent
 * discovery"): ICMPv6 Home Agent Address Discovery Requests and Replies
 * (144/145) paired by identifier, Mobile Prefix Solicitations and
 * Advertisements (146/147), the ICMPv6 errors a home agent's address sends
 * the mobile node, each handover's discovery phase (Request - Reply before
 * the BU) and a home agent fail-over after an `ha-stop` line of events.log
 * (the stop, the BUs to the dead home agent, the errors, the new discovery,
 * the registration with the next home agent, the data resumed). Decoded with
 * the common codec (common/dhaad.h); one record per message, nothing else
 * per packet. */
#ifndef MIP6_AN_HAD_H
#define MIP6_AN_HAD_H

#include "an.h"

#define HAD_ADDRS	4	/* home agent addresses kept per Reply */
#define HAD_MAX_ERR	256	/* ICMPv6 errors kept */

/* One message of types 144-147 at one point. Addresses as the upper layer
 * sees them (an MPA to the home address through a type 2 routing header:
 * dst is the home address, via the care-of address). */
struct had_msg {
	ts_t t;
	struct in6_addr src, dst, via;
	bool has_via;
	uint16_t point;
	uint8_t type;
	uint16_t id;
	uint8_t n_addr;		/* Reply: listed (0: none, a malformed Reply) */
	struct in6_addr addr[HAD_ADDRS];	/* the first ones, in the Reply's order */
	uint8_t n_prefix;	/* MPA */
	struct in6_addr prefix;	/* its first prefix */
	uint8_t plen;
	uint32_t valid, preferred;
	int32_t pair;		/* the answer (144/146) or the question (145/147), -1 */
};

/* An ICMPv6 error (types 1-4) seen after an ha-stop. */
struct had_err {
	ts_t t;
	struct in6_addr src, dst;
	uint16_t point;
	uint8_t type, code;
};

/* A home registration's BU (to ha) or BA (from ha) after an ha-stop. */
struct had_bind {
	ts_t t;
	struct in6_addr ha, hoa;
	uint16_t point, seq;
	uint8_t type;		/* MH_BU or MH_BA */
	uint8_t status;		/* BA */
};

/* One handover's discovery: the first Request in its window before its
 * first BU, and the Reply to the first one answered (a lost Request is sent
 * again: the phase includes the wait). */
struct had_ho {
	bool present;
	ts_t t_req, t_rep;	/* T_NONE: not observed */
	uint32_t n_req;		/* Requests in the window before the BU */
	uint8_t n_addr;
	bool has_ha;
	struct in6_addr ha;	/* the first address of the Reply */
};

/* The fail-over after an `ha-stop` line (docs/metrics.md "Fail-over"). */
struct had_failover {
	bool present;		/* an ha-stop line */
	ts_t t_stop;
	char node[32];
	bool has_dead, has_next;
	struct in6_addr dead, next, hoa;
	ts_t t_err;		/* first ICMPv6 error from the dead HA to the MN */
	uint32_t n_err;
	ts_t t_bu_dead;		/* first BU to it after the stop */
	uint32_t n_bu_dead;	/* BUs to it after the stop */
	uint32_t ba_dead;	/* BAs from it after the stop */
	ts_t t_req, t_rep;	/* first DHAAD Request after the stop, its Reply */
	ts_t t_bu_next, t_ba_next;	/* first BU to another HA, its accepting BA */
	uint32_t n_bu_next;
	bool ba_next_seen;
	uint8_t status_next;
	ts_t last_before, t_resume;	/* data delivered before and after the outage */
	int data_point;
};

struct had_state {
	struct had_msg *m;
	size_t n, cap;
	uint64_t dropped;	/* past AN_MAX_RECORDS */
	struct had_err err[HAD_MAX_ERR];
	size_t n_err;
	uint64_t err_more;
	/* BUs and BAs after the stop, as sent: the binding exchanges fold accepted
	 * refreshes, and the next home agent's first one is a refresh there. */
	struct had_bind bind[HAD_MAX_ERR];
	size_t n_bind;
	uint64_t bind_more;
	uint64_t n_type[4];	/* every point, by type - 144 */
	uint64_t reply_no_addr;	/* Replies listing no home agent (every point) */
	/* Results (had_finish), at the reported point. */
	int point;		/* -1: no message anywhere */
	uint64_t req, rep, req_unanswered, rep_unmatched, sol, adv, adv_solicited, adv_unmatched_id;
	struct had_ho *ho;	/* one per handover */
	struct had_failover fo;
};

/* had.c. As the stream goes: a checksum-verified ICMPv6 message of type
 * 144-147 (icmp, len: from its Type byte) or an ICMPv6 error, at point. src
 * and dst are the upper layer's; via the care-of address of a type 2
 * routing header, NULL. */
void had_icmp(struct analyzer *an, int point, ts_t t, const struct in6_addr *src,
	      const struct in6_addr *dst, const struct in6_addr *via, const uint8_t *icmp,
	      size_t len);
void had_error(struct analyzer *an, int point, ts_t t, const struct in6_addr *src,
	       const struct in6_addr *dst, uint8_t type, uint8_t code);
/* A checksum-verified BU or BA of a home registration (not Route Optimization's):
 * ha is the BU's destination or the BA's source, hoa the home address. */
void had_mh(struct analyzer *an, int point, ts_t t, const struct in6_addr *ha,
	    const struct in6_addr *hoa, const struct mh_msg *m);
/* events.log: "ha-stop [ha=ADDRESS]" on node (not NUL-terminated, nl bytes). */
void had_ha_stop(struct analyzer *an, ts_t t, const char *node, size_t nl,
		 const struct in6_addr *ha);
/* After an_handovers: pairs, each handover's discovery, the fail-over. */
void had_finish(struct analyzer *an);
void had_free(struct analyzer *an);
const struct had_ho *had_ho_of(const struct analyzer *an, size_t i);	/* NULL: none */
/* Durations in ns, T_NONE when an end is not observed. */
int64_t had_discovery_ns(const struct had_ho *d);
int64_t had_outage_ns(const struct had_failover *fo);
const char *had_type_name(uint8_t type);

/* report_had.c: the JSON "home_agent_discovery" object, a handover's
 * "discovery" member (with its leading comma), the text sections, the CSV
 * columns (each with its comma). */
void had_report_json(const struct analyzer *an, FILE *f);
void had_report_json_ho(const struct analyzer *an, size_t i, FILE *f);
void had_report_text(const struct analyzer *an, FILE *f);
void had_report_text_ho(const struct analyzer *an, size_t i, FILE *f);
void had_csv_header(FILE *f);
void had_csv_row(const struct analyzer *an, size_t i, FILE *f);

#endif
