/*
 * engine.h - the boundary between mip6d's protocol engine and the kernel/wire side.
 *
 * The engine holds all Mobile IPv6 state (RFC 6275): the Home Agent's binding cache, the
 * Mobile Node's Binding Update List, movement detection, retransmission and lifetime
 * timers. It owns no socket, no netlink handle and never reads a clock by itself, so the
 * unit tests drive it with crafted events and a fake clock.
 *
 * Contract
 * --------
 * - Single threaded. Every engine_* input function runs to completion and may call back
 *   into struct engine_ops before it returns (re-entering the engine from inside an op is
 *   not allowed: queue the event and deliver it after the op returned).
 * - Time: the engine asks the injected clock (engine_clock_fn, monotonic milliseconds)
 *   whenever it needs "now". The caller runs engine_tick() when engine_next_deadline() is
 *   reached; calling it early or late is harmless (timers fire when due).
 * - Interfaces are ifindexes. The I/O side reports every interface named in the config
 *   with engine_link_event() once at start-up (with its name) and on every change, and
 *   every IPv6 address on those interfaces with engine_addr_event() (initial dump too).
 * - Messages are the shared codec's (common/mh.h): struct mh_msg in, struct mh_msg out,
 *   lifetimes in the wire's 4-second units. The I/O side has already verified checksum,
 *   lengths and options; a malformed packet never reaches the engine. A well-formed
 *   message of a type the codec does not know arrives with that type number.
 * - Outputs are "proposals": ops return 0 on success or -errno. A failed op is logged by
 *   the engine and changes the protocol answer (e.g. a BU whose tunnel cannot be
 *   installed is refused with status 130); it is never fatal. A proposal carries all
 *   the applier needs; the applier keeps no protocol state of its own.
 * - HA: the home prefixes served are the on-link prefixes of the global addresses on the
 *   configured Interfaces (as reported by engine_addr_event); a BU must be addressed to
 *   one of those addresses. MN: the CoA is an address the kernel autoconfigured (SLAAC,
 *   possibly optimistic) on the visited link, reported by engine_addr_event.
 * - Every op is mandatory (non-NULL).
 * - Start-up order in main.c: engine_new(conf, ops_table(), NULL, clock, NULL), the
 *   role's tunnel device (ops_prepare), then io_init(eloop, engine, conf) feeds it; at
 *   exit engine_free() runs before io_close().
 */
#ifndef MIP6D_ENGINE_H
#define MIP6D_ENGINE_H

#include <net/if.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "dhaad.h"
#include "mh.h"

struct config;
struct engine;

/* Monotonic time in milliseconds. */
typedef uint64_t eng_ms;
#define ENG_NEVER UINT64_MAX
typedef eng_ms (*engine_clock_fn)(void *clock_ctx);

/* Where a received Mobility Header message came from. */
struct eng_rx {
	int ifindex;
	struct in6_addr src;    /* IPv6 source as received (the CoA when has_hao) */
	struct in6_addr dst;    /* IPv6 destination as received */
	bool has_hao;           /* a Home Address destination option was present */
	struct in6_addr hao;    /* ... its address (the MN's HoA) */
	bool has_rh2;           /* a type 2 routing header was present */
	struct in6_addr rh2;    /* ... its address (the MN's HoA) */
	/* The Mobility Header as received (wire_len bytes): what a Binding Authorization
	 * Data option authenticates. NULL when the message was not read from a wire. */
	const uint8_t *raw;
	/* It came through the kernel's ESP check (an IPsecPolicySet covers it): only such
	 * a message may change a protected home registration. */
	bool protected;
};

/* How a Mobility Header message must be sent. */
struct eng_tx {
	int ifindex;            /* 0: let the routing table choose */
	struct in6_addr src;
	struct in6_addr dst;
	bool with_hao;          /* add a Home Address destination option carrying hao (BU from CoA) */
	struct in6_addr hao;
	bool with_rh2;          /* add a type 2 routing header carrying rh2 (BA to CoA) */
	struct in6_addr rh2;
	/* Send as a frame to this link-layer address on ifindex, past the kernel's routing:
	 * the first BU from a new CoA, before the routes of the link left are gone. */
	bool via_lladdr;
	uint8_t lladdr[6];
	/* Send through the kernel, which adds ESP (IPsecPolicySet, RFC 3776) and the HAO or
	 * type 2 routing header; via_lladdr does not apply. */
	bool protected;
};

/* Router Advertisement, already parsed (common/nd.h). */
#define ENG_PI_ONLINK 0x80      /* L */
#define ENG_PI_AUTO   0x40      /* A */
#define ENG_PI_RADDR  0x20      /* R (RFC 6275 §7.2): prefix field holds the router's address */
#define ENG_RA_MAX_PREFIXES 8
struct eng_prefix {
	struct in6_addr prefix; /* full address when ENG_PI_RADDR is set */
	uint8_t plen;
	uint8_t flags;          /* ENG_PI_* */
	uint32_t valid;         /* seconds */
	uint32_t preferred;     /* seconds */
};
struct eng_ra {
	int ifindex;
	struct in6_addr src;    /* router's link-local address */
	bool home_agent;        /* H flag */
	uint16_t router_lifetime; /* seconds */
	uint32_t adv_interval;  /* Advertisement Interval option (ms); 0 when absent */
	bool has_lladdr;        /* Source Link-Layer Address option (6 bytes) present */
	uint8_t lladdr[6];
	unsigned n_prefixes;    /* at most ENG_RA_MAX_PREFIXES (the rest are ignored) */
	struct eng_prefix prefixes[ENG_RA_MAX_PREFIXES];
	/* Home Agent Information option (RFC 6275 §7.4); without it a home agent's
	 * preference is 0 and its lifetime the router lifetime (§10.5.1). */
	bool has_ha_info;
	int16_t ha_preference;
	uint16_t ha_lifetime;   /* seconds */
};

/* An ICMPv6 error (Destination Unreachable, Parameter Problem, ...) and the header of
 * the packet it quotes: what tells the mobile node that its home agent stopped taking
 * the tunnel (RFC 6275 §11.4.1 leaves home agent failure detection to the MN). */
struct eng_icmp_err {
	int ifindex;
	struct in6_addr src, dst;       /* of the error */
	uint8_t type, code;
	struct in6_addr inner_src, inner_dst;   /* the quoted packet's IPv6 header */
	uint8_t inner_nh;
};

/* Link state. ASSOCIATED is the L2 trigger (wireless (re)association / carrier back):
 * the engine reacts by soliciting a router at once. */
enum eng_link_state {
	ENG_LINK_DOWN = 0,
	ENG_LINK_UP,            /* administratively up, no carrier yet */
	ENG_LINK_ASSOCIATED,    /* carrier / associated: can send and receive */
};

enum eng_addr_state {
	ENG_ADDR_TENTATIVE = 0, /* DAD running, not usable */
	ENG_ADDR_USABLE,        /* preferred, or optimistic (RFC 4429): may source packets */
	ENG_ADDR_DAD_FAILED,
	ENG_ADDR_REMOVED,
};

/* HA: the tunnel that carries a binding's traffic from ha_addr to coa. */
struct eng_ha_tunnel {
	struct in6_addr hoa, ha_addr, coa;
	/* On add: the HoA is routed into another tunnel already (a move): re-point its
	 * route in place. On del: a later add re-pointed the route; only what belongs to
	 * this (ha_addr, coa) pair goes. */
	bool moved;
	/* On del after a move: the new tunnel has the same care-of address (only the HA
	 * address changed), so what is keyed by (coa, hoa) alone stays. */
	bool coa_kept;
};

/* A default router the MN heard on a link it has left: its route must go. */
struct eng_router {
	int ifindex;
	struct in6_addr addr;
};
#define ENG_MAX_STALE 8

/* MN tunnel: the bidirectional IPv6-in-IPv6 tunnel between CoA and HA that carries the
 * HoA's traffic (RFC 6275 §11.3.1 reverse tunnelling), with what earlier proposals left
 * in place, so that the applier does only the difference. */
struct eng_mn_tunnel {
	struct in6_addr hoa;
	uint8_t hoa_plen;
	int home_ifindex;       /* the MnHomeLink interface */
	struct in6_addr ha;
	struct in6_addr coa;
	int coa_ifindex;
	bool reverse;           /* also route what the HoA sends through the tunnel */
	/* The HoA is a home address (IFA_F_HOMEADDRESS) from the start, not from the BA:
	 * the BA under ESP comes through the kernel, whose type 2 routing header is taken
	 * only for a home address (IPsecPolicySet). */
	bool home_flag_early;
	/* In place from earlier proposals. */
	bool was_set;           /* the tunnel was set (HoA on it) for was_coa */
	struct in6_addr was_coa;
	struct in6_addr was_ha; /* ... and was_ha (another after a home agent fail-over) */
	bool was_reverse;       /* ... with the reverse direction and the home-address flag */
	bool prepared;          /* the routes of the links left are gone for coa */
	int hoa_ifindex;        /* the HoA is still on this watched link (0: on none) */
	uint8_t hoa_at_plen;
	unsigned n_stale;       /* default routers of links left, to remove */
	struct eng_router stale[ENG_MAX_STALE];
};

/* Route optimization (RFC 6275 §6.3, §6.4, §9.3, §11.3.1): the traffic between hoa and
 * peer goes directly, from coa with a Home Address option and to coa with a type 2
 * routing header, both inserted and removed by the kernel. mn: this node is the mobile
 * node (hoa is its home address); else the correspondent (peer is its own address).
 * Mobility Header messages are never transformed. */
struct eng_ro {
	struct in6_addr hoa, coa, peer;
	bool mn;
	/* mn only: just the receiving half (type 2 routing headers from peer to coa taken),
	 * put in place before the BU: the correspondent uses its binding as soon as it has
	 * accepted it, before its BA reaches us. */
	bool accept_only;
};

/*
 * Proposals: implemented by the kernel/wire side (ops_*.c); in unit tests by a recorder.
 * ctx is engine_new()'s ops_ctx.
 */
struct engine_ops {
	/* Wire (every role). Build the packet with the shared codec and send it. */
	int (*send_mh)(void *ctx, const struct eng_tx *tx, const struct mh_msg *m);

	/* HA. Deliver packets for hoa through an ip6ip6 tunnel ha_addr -> coa and accept
	 * reverse-tunnelled packets from it. ha_tunnel_del undoes exactly one
	 * ha_tunnel_add. A CoA change is ha_tunnel_add(new, moved) then
	 * ha_tunnel_del(old, moved). */
	int (*ha_tunnel_add)(void *ctx, const struct eng_ha_tunnel *t);
	int (*ha_tunnel_del)(void *ctx, const struct eng_ha_tunnel *t);
	/* HA: answer Neighbor Solicitations for hoa on the home link (and send the unsolicited
	 * NAs of RFC 6275 §10.4.1 when starting). */
	int (*proxy_nd_add)(void *ctx, int ifindex, const struct in6_addr *hoa);
	int (*proxy_nd_del)(void *ctx, int ifindex, const struct in6_addr *hoa);
	/* HA: DAD of hoa on the home link on the MN's behalf (RFC 6275 §10.3.1). dad_start
	 * sends the Neighbor Solicitation (unspecified source) and starts watching for a
	 * conflicting NA/NS, reported with engine_ha_dad_conflict(). The engine owns the
	 * timer (RetransTimer) and calls dad_stop when it decided, either way. */
	int (*ha_dad_start)(void *ctx, int ifindex, const struct in6_addr *hoa);
	int (*ha_dad_stop)(void *ctx, int ifindex, const struct in6_addr *hoa);

	/* MN: send a Router Solicitation on ifindex (movement detection, L2 trigger). */
	int (*mn_send_rs)(void *ctx, int ifindex);
	/* MN away, before a BU that goes through the kernel's routing: the HoA off the
	 * link it is on, the routes of the links left (t->stale, the home prefix) gone. */
	int (*mn_prepare)(void *ctx, const struct eng_mn_tunnel *t);
	/* MN away: point the tunnel at t->ha from t->coa and put the HoA on it (no DAD),
	 * so that what the HA tunnels is accepted; with t->reverse also the default route
	 * and source rule for the HoA through it. Called right after each BU to a new CoA
	 * (reverse only with OptimisticHandoff), and with reverse once the BA accepts it. */
	int (*mn_tunnel_set)(void *ctx, const struct eng_mn_tunnel *t);
	/* MN home: remove the tunnel's routes and rules, HoA back on home_ifindex. */
	int (*mn_tunnel_clear)(void *ctx, const struct eng_mn_tunnel *t);
	/* MN home, deregistered: an unsolicited Neighbor Advertisement for addr on ifindex
	 * (all-nodes, override), so that the neighbours forget the HA's link-layer address
	 * they learned while it defended the home address (RFC 6275 §11.5.4). */
	int (*mn_announce)(void *ctx, int ifindex, const struct in6_addr *addr);

	/* Route optimization's data path for (hoa, peer): ro_set again with another coa
	 * moves it; ro_del takes it away. */
	int (*ro_set)(void *ctx, const struct eng_ro *r);
	int (*ro_del)(void *ctx, const struct eng_ro *r);

	/* Home agent discovery and mobile prefix discovery (RFC 6275 §10.5, §10.6, §11.4):
	 * an ICMPv6 message of common/dhaad.h, sent as tx says (HAO, type 2 routing header,
	 * interface); the checksum is the applier's. */
	int (*send_icmp)(void *ctx, const struct eng_tx *tx, const struct dhaad_msg *m);
	/* HA: receive (join) or stop receiving the anycast address addr on ifindex (the
	 * Mobile IPv6 Home-Agents anycast address of a home prefix, RFC 2526). */
	int (*anycast)(void *ctx, int ifindex, const struct in6_addr *addr, bool join);
	/* MN registered with a discovered home agent: an ICMPv6 Echo Request from hoa to ha
	 * through the kernel's routing, so into the reverse tunnel; the home agent's kernel
	 * answers with an error once its tunnel is gone (engine_rx_icmp_err). */
	int (*mn_probe)(void *ctx, const struct in6_addr *hoa, const struct in6_addr *ha);
};

/* Lifecycle. conf must outlive the engine. Returns NULL with errno set on failure. */
struct engine *engine_new(const struct config *conf, const struct engine_ops *ops,
			  void *ops_ctx, engine_clock_fn clock, void *clock_ctx);
/* Withdraws every proposal still in place (tunnels, proxy ND, MN tunnel), then frees.
 * Used on SIGTERM so that the daemon leaves the system as it found it. */
void engine_free(struct engine *e);

/* Inputs from the kernel/wire side. */
void engine_rx_mh(struct engine *e, const struct eng_rx *rx, const struct mh_msg *m);
/* A Binding Update for hoa from src would make a new binding here (a home agent with no
 * binding for it, src's limits not reached, the binding ACL allowing hoa): the costly
 * kind, which the I/O side may hold back while BUs for existing bindings wait. False on
 * a node that is no home agent. */
bool engine_bu_is_first(const struct engine *e, const struct in6_addr *hoa,
			const struct in6_addr *src);
void engine_rx_ra(struct engine *e, const struct eng_ra *ra);
void engine_link_event(struct engine *e, int ifindex, const char *ifname,
		       enum eng_link_state state);
void engine_addr_event(struct engine *e, int ifindex, const struct in6_addr *addr,
		       uint8_t plen, enum eng_addr_state state);
/* MN: a packet from peer to the home address hoa came through the home agent's tunnel
 * (what starts route optimization with peer, RFC 6275 §11.7.2). */
void engine_rx_tunnelled(struct engine *e, const struct in6_addr *peer,
			 const struct in6_addr *hoa);
/* An ICMPv6 message of common/dhaad.h (types 144-147), decoded and checksum-verified;
 * rx says where from, with the HAO or type 2 routing header it came with. */
void engine_rx_icmp(struct engine *e, const struct eng_rx *rx, const struct dhaad_msg *m);
/* An ICMPv6 error received by this node. */
void engine_rx_icmp_err(struct engine *e, const struct eng_icmp_err *err);
/* HA DAD watch saw a node defending hoa (an NA for it, or a NS for it from someone else). */
void engine_ha_dad_conflict(struct engine *e, int ifindex, const struct in6_addr *hoa);

/* Timers. */
eng_ms engine_next_deadline(const struct engine *e);   /* ENG_NEVER when idle */
void engine_tick(struct engine *e);

/* Inspection (virtual terminal). Writes the article's `bc` / `bul` / `stats` listings. */
void engine_print_bc(const struct engine *e, FILE *out);
void engine_print_bul(const struct engine *e, FILE *out);
void engine_print_stats(const struct engine *e, FILE *out);
/* `hal`: the home agents list of each home link (HA), or what the mobile node learned
 * by discovery (MN). */
void engine_print_hal(const struct engine *e, FILE *out);
/* Each registered binding of the cache (HA): its home address, care-of address and the
 * HA address it is registered with, for the check of the kernel's routes against it. */
typedef void (*engine_binding_fn)(const struct in6_addr *hoa, const struct in6_addr *coa,
				  const struct in6_addr *ha_addr, void *ctx);
void engine_each_binding(const struct engine *e, engine_binding_fn fn, void *ctx);

#endif
