/* engine_int.h - state shared by the engine's files (engine.c, ha.c, mn.c, engine_print.c).
 * Not part of the boundary: only engine.h is. */
#ifndef MIP6D_ENGINE_INT_H
#define MIP6D_ENGINE_INT_H

#include <stddef.h>

#include "bcache.h"
#include "config.h"
#include "engine.h"
#include "timer.h"

#define container_of(ptr, type, member) \
	((type *)(void *)((char *)(ptr) - offsetof(type, member)))

enum timer_kind { TK_BINDING = 1, TK_BUL, TK_RS, TK_RA };

/* An IPv6 address seen on an interface. */
struct eng_addr {
	struct in6_addr addr;
	uint8_t plen;
	uint8_t state;          /* enum eng_addr_state */
	uint64_t seen;          /* when it last became usable (ms) */
};

#define ENG_MAX_ADDRS 16

/* One configured interface (Interface / MnHomeLink). */
struct eng_iface {
	int ifindex;            /* 0 = not reported yet */
	char name[IF_NAMESIZE];
	uint8_t link;           /* enum eng_link_state */
	unsigned n_addrs;
	struct eng_addr addrs[ENG_MAX_ADDRS];
	/* MN movement detection: the current default router and what it advertised. */
	bool have_router;
	struct in6_addr router;
	uint64_t ra_time;
	struct eng_ra ra;
	struct etimer rs_timer; /* Router Solicitation retransmission */
	struct etimer ra_timer; /* router presumed lost when no RA by then (AdvInterval) */
	unsigned rs_left;
};

enum bul_state {
	BUL_UNKNOWN = 0,        /* started, location not known yet */
	BUL_HOME,               /* at home, no binding */
	BUL_REGISTERING,        /* BU for a new CoA sent, waiting for the BA */
	BUL_REGISTERED,         /* binding accepted */
	BUL_REFRESHING,         /* refresh BU sent, binding still valid */
	BUL_DEREGISTERING,      /* back home, deregistration BU sent */
	BUL_FAILED,             /* HA refused; waits for the next move */
	BUL_NSTATES
};

/* One Binding Update List entry: the home registration of one MnHomeLink (§11.1). */
struct bul_entry {
	const struct conf_home_link *hl;
	uint8_t state;
	struct in6_addr coa;            /* CoA of the last BU sent (:: when none) */
	int coa_ifindex;
	struct in6_addr tunnel_coa;     /* CoA the MN tunnel points at (:: when cleared) */
	bool tunnel_set;
	bool tunnel_reverse;            /* the HoA's outgoing traffic goes through it */
	uint16_t seq;                   /* sequence number of the last BU sent */
	uint32_t lifetime_req;          /* seconds requested in the last BU */
	uint32_t lifetime;              /* seconds granted by the last accepting BA */
	uint32_t refresh;               /* seconds: Binding Refresh Advice (0 = none) */
	uint64_t bu_sent;               /* first transmission of the current BU (ms) */
	uint64_t last_sent;             /* last (re)transmission (ms) */
	uint64_t expires;               /* binding expiry at the HA (ms), 0 = none */
	uint32_t backoff;               /* current retransmission timeout (ms) */
	unsigned resends;
	struct etimer timer;            /* retransmission or refresh */
};

struct eng_stats {
	uint64_t bu_rx, bu_accepted, bu_rejected;
	uint64_t ba_rx, ba_tx, be_rx, be_tx, bu_tx, rs_tx;
	uint64_t ra_rx, mh_unknown_rx;
	uint64_t expired, dad_failed, ops_failed;
	uint64_t ba_status_tx[256];
};

struct engine {
	const struct config *conf;
	const struct engine_ops *ops;
	void *ops_ctx;
	engine_clock_fn clock;
	void *clock_ctx;
	struct theap timers;
	struct eng_iface ifaces[CONF_MAX_IFACES];
	unsigned n_ifaces;
	struct bcache bc;               /* HA */
	struct bul_entry bul[CONF_MAX_HOME_LINKS]; /* MN */
	unsigned n_bul;
	struct eng_stats stats;
};

static inline uint64_t eng_now(const struct engine *e)
{
	return e->clock(e->clock_ctx);
}

struct eng_iface *eng_iface_by_index(struct engine *e, int ifindex);
struct eng_iface *eng_iface_by_name(struct engine *e, const char *name);
void eng_arm(struct engine *e, struct etimer *t, uint64_t when);
/* Logs a failed proposal; returns rc. */
int eng_op_result(struct engine *e, const char *what, int rc);
bool in6_prefix_match(const struct in6_addr *a, const struct in6_addr *b, unsigned plen);

/* ha.c */
void ha_rx_bu(struct engine *e, const struct eng_rx *rx, const struct eng_bu *bu);
void ha_dad_conflict(struct engine *e, int ifindex, const struct in6_addr *hoa);
void ha_timer(struct engine *e, struct binding *b);
void ha_shutdown(struct engine *e);
const char *bc_state_name(unsigned s);

/* mn.c */
void mn_init(struct engine *e);
void mn_rx_ba(struct engine *e, const struct eng_rx *rx, const struct eng_ba *ba);
void mn_rx_be(struct engine *e, const struct eng_rx *rx, const struct eng_be *be);
void mn_rx_ra(struct engine *e, struct eng_iface *ifc, const struct eng_ra *ra);
void mn_link_event(struct engine *e, struct eng_iface *ifc, enum eng_link_state old);
void mn_evaluate(struct engine *e);
void mn_timer(struct engine *e, struct bul_entry *be);
void mn_rs_timer(struct engine *e, struct eng_iface *ifc);
void mn_ra_timer(struct engine *e, struct eng_iface *ifc);
void mn_shutdown(struct engine *e);
const char *bul_state_name(unsigned s);

#endif
