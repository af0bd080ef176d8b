/* engine_int.h - what the engine's files share: struct engine, the role interface, the
 * proposal helpers (proposal.c). Not part of the boundary: only engine.h is.
 *
 * A role (home agent, mobile node, later correspondent) is a table of handlers; a node
 * runs a set of roles. engine.c routes every input to the roles that handle it and
 * knows nothing of what they do. Roles call down (proposal.c, iface.c, their own
 * tables), never back into engine.c. */
#ifndef MIP6D_ENGINE_INT_H
#define MIP6D_ENGINE_INT_H

#include <stddef.h>

#include "bcache.h"
#include "bul.h"
#include "cn.h"
#include "config.h"
#include "engine.h"
#include "ha_disc.h"
#include "halist.h"
#include "iface.h"
#include "ro.h"
#include "srcquota.h"
#include "timer.h"

#define container_of(ptr, type, member) \
	((type *)(void *)((char *)(ptr) - offsetof(type, member)))

/* A received Mobility Header message for a role: returns false when the message is not
 * for this role (another role, or the engine's default answer, takes it). */
typedef bool (*role_mh_fn)(struct engine *e, const struct eng_rx *rx,
			   const struct mh_msg *m);

/* A received ICMPv6 message of common/dhaad.h (144-147), by type - 144. */
typedef bool (*role_icmp_fn)(struct engine *e, const struct eng_rx *rx,
			     const struct dhaad_msg *m);
#define ROLE_ICMP_SLOT(type) ((type) - ICMP6_DHAAD_REQUEST)

struct role {
	const char *name;
	role_mh_fn mh[MH_TYPE_MAX + 1];         /* by MH type; NULL: not handled */
	void (*start)(struct engine *e);
	void (*stop)(struct engine *e);         /* withdraw every proposal in place */
	void (*ra)(struct engine *e, struct eng_iface *ifc, const struct eng_ra *ra);
	void (*link)(struct engine *e, struct eng_iface *ifc);
	void (*addr)(struct engine *e, struct eng_iface *ifc);
	void (*dad_conflict)(struct engine *e, int ifindex, const struct in6_addr *hoa);
	void (*tunnelled)(struct engine *e, const struct in6_addr *peer,
			  const struct in6_addr *hoa);
	role_icmp_fn icmp[4];                   /* ICMPv6 144..147 */
	void (*icmp_err)(struct engine *e, const struct eng_icmp_err *err);
};

extern const struct role ha_role;
extern const struct role mn_role;
extern const struct role cn_role;
extern const struct role mn_ro_role;
extern const struct role ha_disc_role;

#define ENG_MAX_ROLES 5

struct eng_stats {
	uint64_t mh_rx[MH_TYPE_MAX + 1];
	uint64_t bu_accepted, bu_rejected;
	uint64_t ba_tx, be_tx, bu_tx, rs_tx;
	uint64_t ra_rx, mh_unknown_rx;
	uint64_t expired, dad_failed, ops_failed;
	uint64_t bu_over_limit;         /* refused 130: a limit of srcquota.h */
	uint64_t bu_bad_coa;            /* refused 128: a care-of address never accepted */
	uint64_t bu_acl_refused;        /* refused by the binding ACL (BindingAclPolicy) */
	uint64_t errors_rate_limited;   /* BE / error BA not sent: over the rate */
	uint64_t ba_status_tx[256];
	/* Return routability (cn.c, ro.c). */
	uint64_t rr_bu_unauth;          /* BU to the CN without Nonce Indices or BAD */
	uint64_t rr_bu_bad_auth;        /* ... whose authenticator is wrong */
	uint64_t rr_unknown_cookie;     /* HoT / CoT matching no init we sent */
	uint64_t rr_ba_bad_auth;        /* BA from a correspondent failing its BAD */
	uint64_t ro_fallbacks;          /* correspondents left on the tunnel */
	uint64_t unprotected;           /* BU/BA of a protected registration without ESP */
	/* Home agent and mobile prefix discovery (halist.c, ha_disc.c, mn_disc.c). */
	uint64_t icmp_rx[4];            /* ICMPv6 144..147 received */
	uint64_t icmp_tx[4];            /* ... sent */
	uint64_t dhaad_bad;             /* Reply/Request dropped: unknown identifier, not
					 * for us, no usable address */
	uint64_t mpd_bad;               /* MPS/MPA dropped: not from our HA / our MN, no
					 * RH2 / HAO, unknown identifier */
	uint64_t hal_bad;               /* RAs with the H flag no list entry could be made of */
	uint64_t icmp_err_rx;           /* ICMPv6 errors seen (MN) */
	uint64_t ha_failovers;          /* MN: moved to the next home agent of the list */
	uint64_t icmp_err_checks;       /* ... errors quoting our tunnel that sent a BU */
};

struct engine {
	const struct config *conf;
	const struct engine_ops *ops;
	void *ops_ctx;
	engine_clock_fn clock;
	void *clock_ctx;
	const struct role *roles[ENG_MAX_ROLES];
	unsigned n_roles;
	struct theap timers;
	struct iface_table ifaces;
	struct bcache bc;               /* HA */
	struct srcquota quota;          /* HA: what each source /64 holds */
	struct { uint64_t at; uint32_t tokens; } err_bucket; /* BE and error BA rate */
	struct bul bul;                 /* MN */
	struct cn_state cn;             /* correspondent */
	struct ro_list ro;              /* MN: route optimization with correspondents */
	struct halist hal;              /* HA: the home agents list (§10.5.1) */
	struct ha_disc hd;              /* HA: anycast joins, prefixes for MPAs */
	struct eng_stats stats;
};

static inline uint64_t eng_now(const struct engine *e)
{
	return e->clock(e->clock_ctx);
}

/* proposal.c */
/* Random bytes fit for secrets and cookies (RFC 6275 §5.2.2, §5.2.7). */
void eng_random(void *buf, size_t len);
void eng_arm(struct engine *e, struct etimer *t, uint64_t when);
/* Logs a failed proposal; returns rc. */
int eng_op_result(struct engine *e, const char *what, int rc);
int eng_send_mh(struct engine *e, const struct eng_tx *tx, const struct mh_msg *m);
/* A BA (status, seq, lifetime in seconds; refresh advice in seconds, 0 = none). */
int eng_send_ba(struct engine *e, const struct eng_tx *tx, uint8_t status, uint16_t seq,
		uint32_t lifetime, uint32_t refresh);
/* tx for an answer to rx: back to its source, through its HAO's address if any. */
void eng_tx_reply(const struct eng_rx *rx, struct eng_tx *tx);

#endif
