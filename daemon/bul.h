/* bul.h - the Mobile Node's Binding Update List (RFC 6275 §11.1): one entry per home
 * registration, and the events movement detection feeds it. */
#ifndef MIP6D_BUL_H
#define MIP6D_BUL_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>

#include "config.h"
#include "timer.h"

struct engine;
struct eng_rx;
struct eng_icmp_err;
struct mh_msg;
struct dhaad_msg;

#define MN_MAX_HAS 8            /* home agents kept from a DHAAD Reply */

enum bul_state {
	BUL_UNKNOWN = 0,        /* started, location not known yet */
	BUL_HOME,               /* at home, no binding */
	BUL_REGISTERING,        /* BU for a new CoA sent, waiting for the BA */
	BUL_REGISTERED,         /* binding accepted */
	BUL_REFRESHING,         /* refresh BU sent, binding still valid */
	BUL_DEREGISTERING,      /* back home, deregistration BU sent */
	BUL_FAILED,             /* HA refused; tries again later, or at the next move */
	BUL_NSTATES
};

/* One Binding Update List entry: the home registration of one MnHomeLink. */
struct bul_entry {
	const struct conf_home_link *hl;
	uint8_t state;
	/* The home agent: HomeAgentAddress, or the one of the discovered list in use
	 * (:: while none is known). */
	struct in6_addr ha;
	struct in6_addr tunnel_ha;      /* the HA the MN tunnel points at */
	/* Discovery (mn_disc.c): only when the MnHomeLink names no home agent. */
	bool dynamic;
	unsigned n_has, ha_idx;         /* the Reply's list, and which one is in use */
	struct in6_addr has[MN_MAX_HAS];
	bool dhaad_pending;             /* a Request is out */
	uint16_t dhaad_id;
	unsigned dhaad_tries;
	uint32_t dhaad_timeout;         /* ms, doubling */
	struct in6_addr dhaad_coa;      /* the CoA waiting for a home agent */
	int dhaad_ifindex;
	struct etimer dhaad_timer;
	bool mps_pending;               /* a Mobile Prefix Solicitation is out */
	uint16_t mps_id;
	unsigned mps_tries;
	uint32_t mps_timeout;
	struct etimer mps_timer;        /* the next solicitation */
	bool mpa_seen;                  /* an Advertisement was taken since the start */
	uint64_t err_check_at;          /* last BU an ICMPv6 error caused (ms) */
	struct etimer probe_timer;      /* the next packet through the tunnel (mn_disc.c) */
	struct in6_addr coa;            /* CoA of the last BU sent (:: when none) */
	int coa_ifindex;
	/* What the proposals put in place (struct eng_mn_tunnel's was_* fields). */
	struct in6_addr tunnel_coa;     /* CoA the MN tunnel points at (:: when cleared) */
	bool tunnel_set;
	bool tunnel_reverse;            /* the HoA's outgoing traffic goes through it */
	struct in6_addr prepared_coa;   /* the routes of the links left are gone for it */
	uint16_t seq;                   /* sequence number of the last BU sent */
	uint32_t lifetime_req;          /* seconds requested in the last BU */
	uint32_t lifetime;              /* seconds granted by the last accepting BA */
	uint32_t refresh;               /* seconds: Binding Refresh Advice (0 = none) */
	uint64_t bu_sent;               /* first transmission of the current BU (ms) */
	uint64_t last_sent;             /* last (re)transmission (ms) */
	uint64_t expires;               /* binding expiry at the HA (ms), 0 = none */
	uint32_t backoff;               /* current retransmission timeout (ms) */
	uint32_t retry_ms;              /* FAILED: wait before trying again (0: none yet) */
	bool resynced;                  /* a 135 was taken for the outstanding BU */
	unsigned resends;
	struct etimer timer;            /* retransmission or refresh */
};

struct bul {
	struct bul_entry v[CONF_MAX_HOME_LINKS];
	unsigned n;
};

const char *bul_state_name(unsigned s);

void bul_init(struct engine *e);
void bul_stop(struct engine *e);
/* Movement detection's verdicts for one entry. */
void bul_at_home(struct engine *e, struct bul_entry *be);
void bul_new_coa(struct engine *e, struct bul_entry *be, const struct in6_addr *coa,
		 int coa_ifindex);
bool bul_rx_ba(struct engine *e, const struct eng_rx *rx, const struct mh_msg *m);
bool bul_rx_be(struct engine *e, const struct eng_rx *rx, const struct mh_msg *m);
/* Discovery's messages and the errors that tell a home agent is gone. */
bool bul_rx_dhaad_reply(struct engine *e, const struct eng_rx *rx, const struct dhaad_msg *m);
bool bul_rx_mpa(struct engine *e, const struct eng_rx *rx, const struct dhaad_msg *m);
void bul_rx_icmp_err(struct engine *e, const struct eng_icmp_err *err);

#endif
