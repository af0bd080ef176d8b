/* mn_disc.h - the mobile node's side of discovery (RFC 6275 §11.4): Home Agent Address
 * Discovery Requests and their retransmission, the Reply's checks, Mobile Prefix
 * Solicitations before the home prefix runs out and the Advertisement's checks. Below
 * bul.c: it sends and checks, bul.c decides what an answer changes. */
#ifndef MIP6D_MN_DISC_H
#define MIP6D_MN_DISC_H

#include <stdbool.h>

struct engine;
struct bul_entry;
struct eng_rx;
struct dhaad_msg;

/* RFC 6275 §12. */
#define INITIAL_DHAAD_TIMEOUT_MS 3000u
#define DHAAD_RETRIES 4u
#define INITIAL_SOLICIT_TIMER_MS 3000u
#define MPS_RETRIES 4u

void mn_disc_init(struct bul_entry *be);
void mn_disc_stop(struct engine *e, struct bul_entry *be);
/* A Request from coa (on ifindex) to the home prefix's anycast address; a new
 * identifier, retransmitted INITIAL_DHAAD_TIMEOUT, doubling, DHAAD_RETRIES times. */
void mn_dhaad_start(struct engine *e, struct bul_entry *be, const struct in6_addr *coa,
		    int ifindex);
void mn_dhaad_cancel(struct engine *e, struct bul_entry *be);
/* A Reply for be's outstanding Request (identifier, to its CoA): takes its list into
 * be->has (n_has, ha_idx 0) and stops the retransmissions. false: not for be. */
bool mn_dhaad_take(struct engine *e, struct bul_entry *be, const struct eng_rx *rx,
		   const struct dhaad_msg *m);
/* Plans the next solicitation from the home prefix's remaining lifetime (when 1/8 of
 * it is left); at once when the prefix was never heard (started away from home) and no
 * Advertisement came yet; none when SendMobPfxSols is off. */
void mn_mps_plan(struct engine *e, struct bul_entry *be);
/* Registered with a discovered home agent: a packet through the tunnel every
 * MnHaTunnelProbeInterval from now on, while the registration lasts. */
void mn_probe_plan(struct engine *e, struct bul_entry *be);
/* An MPA from be's home agent to its CoA with a type 2 routing header to its home
 * address: the prefixes go into the home link's lifetimes; *solicited says whether it
 * answered our solicitation. false: not for be (nothing changed). */
bool mn_mpa_take(struct engine *e, struct bul_entry *be, const struct eng_rx *rx,
		 const struct dhaad_msg *m, bool *solicited);

#endif
