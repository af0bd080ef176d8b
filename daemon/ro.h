/* ro.h - the mobile node's route optimization (RFC 6275 §11.6, §11.7.2): one entry per
 * correspondent, its return routability state and its binding. The rules live in ro.c;
 * bul.c tells it when the home registration changes. */
#ifndef MIP6D_RO_H
#define MIP6D_RO_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>

#include "mh.h"
#include "rr.h"
#include "timer.h"

struct engine;
struct bul_entry;

#define RO_MAX 16

enum ro_state {
	RO_IDLE = 0,            /* known, nothing outstanding */
	RO_RR,                  /* HoTI and/or CoTI sent, waiting for the tests */
	RO_BU_SENT,             /* BU sent, waiting for the BA */
	RO_BOUND,               /* the correspondent holds our binding: direct path */
	RO_DEREG,               /* back home: deregistering with the correspondent */
	RO_FAILED,              /* no route optimization with it: the tunnel carries it */
	RO_NSTATES
};

struct ro_entry {
	struct in6_addr peer;
	unsigned hl;                    /* which home registration (index in the BU list) */
	uint8_t state;
	bool ro_on;                     /* ro_set in place for ro_coa */
	bool accepting;                 /* its receiving half in place for coa (ro_set) */
	bool have_home, have_coa;
	uint8_t hoti_cookie[MH_COOKIE_LEN], coti_cookie[MH_COOKIE_LEN];
	uint8_t home_token[RR_TOKEN_LEN], coa_token[RR_TOKEN_LEN];
	uint16_t home_index, coa_index;
	uint64_t home_at, coa_at;       /* when each token came (ms) */
	struct in6_addr coa;            /* the care-of address being registered */
	struct in6_addr ro_coa;         /* the one ro_set was given */
	uint16_t seq;
	uint32_t lifetime;              /* granted by the correspondent, seconds */
	uint64_t rr_start, bu_sent;     /* ms */
	uint32_t backoff;               /* ms */
	unsigned tries;
	struct etimer timer;            /* retransmission, refresh or retry */
};

struct ro_list {
	struct ro_entry v[RO_MAX];
	unsigned n;
};

const char *ro_state_name(unsigned s);

/* bul.c's news. The CoA of be is about to change: the direct paths through the old one
 * go. */
void ro_coa_leaving(struct engine *e, const struct bul_entry *be);
/* The home agent accepted be's care-of address: route optimization again, from it. */
void ro_home_registered(struct engine *e, const struct bul_entry *be);
/* be is home: deregister with the correspondents that hold a binding. */
void ro_at_home(struct engine *e, const struct bul_entry *be);

#endif
