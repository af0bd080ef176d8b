/*
 * config.h - mip6d.conf, the MIPL/UMIP grammar: `;`-terminated statements, `{ }` blocks,
 * `#` comments to end of line, quoted interface names.
 */
#ifndef MIP6D_CONFIG_H
#define MIP6D_CONFIG_H

#include <net/if.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum node_role { NODE_CN = 0, NODE_HA, NODE_MN };

#define CONF_MAX_IFACES     16
#define CONF_MAX_HOME_LINKS 4
#define CONF_MAX_BINDINGS   (1u << 24)   /* largest HaMaxBindings accepted */
#define CONF_MAX_PENDING_DAD 65536       /* largest HaMaxPendingDad accepted */

#define CONF_MAX_RO_POLICIES 8

/* MnRoPolicy: route optimization with the correspondents in peer/plen, or not. */
struct conf_ro_policy {
	struct in6_addr peer;
	uint8_t plen;
	bool enabled;
};

struct conf_home_link {
	char ifname[IF_NAMESIZE];
	struct in6_addr hoa;            /* HomeAddress a/plen */
	uint8_t hoa_plen;
	struct in6_addr ha;             /* HomeAgentAddress; absent or ::: discovered */
	bool has_hoa, has_ha;
	unsigned n_ro_policies;
	struct conf_ro_policy ro_policies[CONF_MAX_RO_POLICIES];
};

#define CONF_MAX_IPSEC_SETS 8

/* IPsecPolicySet (UMIP): ESP between one home agent and the home addresses of a prefix
 * (RFC 3776). Only HomeRegBinding, the BU/BA of the home registration, is implemented. */
struct conf_ipsec_set {
	struct in6_addr ha;             /* HomeAgentAddress */
	struct in6_addr hoa;            /* HomeAddress a/plen */
	uint8_t hoa_plen;
	bool has_ha, has_hoa;
	bool home_reg;                  /* IPsecPolicy HomeRegBinding UseESP */
	uint32_t reqid_to_ha, reqid_to_mn;  /* its reqids: MN -> HA, HA -> MN (0: any) */
	int line, col;                  /* where the block starts (while parsing only) */
};

/* BindingAclPolicy (UMIP): the status a home agent answers a home registration of one
 * home address with, 0 to accept; the addresses not listed get DefaultBindingAclPolicy's. */
struct conf_acl {
	struct in6_addr hoa;
	uint8_t status;
	int line, col;                  /* where it was given (duplicates are errors) */
};
#define CONF_MAX_ACL (1u << 20)

struct config {
	char path[256];
	enum node_role role;            /* NodeConfig */
	int debug_level;                /* DebugLevel */
	unsigned n_ifaces;
	char ifaces[CONF_MAX_IFACES][IF_NAMESIZE];  /* Interface "name" */
	unsigned n_home_links;
	struct conf_home_link home_links[CONF_MAX_HOME_LINKS]; /* MnHomeLink */
	bool use_mn_ha_ipsec;           /* UseMnHaIPsec: ESP on the home registration */
	unsigned n_ipsec_sets;
	struct conf_ipsec_set ipsec_sets[CONF_MAX_IPSEC_SETS];
	bool ro_mn, ro_cn;              /* DoRouteOptimizationMN/CN */
	bool use_cn_bu_ack;             /* UseCnBuAck: the A flag in BUs to correspondents */
	uint32_t ha_max_binding_life;   /* HaMaxBindingLife, seconds */
	uint32_t mn_max_ha_binding_life;/* MnMaxHaBindingLife, seconds */
	uint32_t bindack_first_reg_ms;  /* InitialBindackTimeoutFirstReg (seconds, decimals ok) */
	uint32_t bindack_rereg_ms;      /* InitialBindackTimeoutReReg */
	bool optimistic_handoff;        /* OptimisticHandoff */
	unsigned mn_router_probes;      /* MnRouterProbes */
	bool ha_dad;                    /* HaDuplicateAddressDetection: DAD of HoA on 1st reg. */
	/* Limits against floods of unauthenticated Binding Updates (docs/mip6d.md,
	 * "Hostile input"); per prefix = per /64 of the BU's source. */
	uint32_t ha_max_bindings;               /* HaMaxBindings */
	uint32_t ha_max_bindings_per_prefix;    /* HaMaxBindingsPerPrefix */
	uint32_t ha_max_pending_dad;            /* HaMaxPendingDad */
	uint32_t ha_max_pending_dad_per_prefix; /* HaMaxPendingDadPerPrefix */
	uint32_t ha_dad_ms;             /* how long the HA waits for a defender (RetransTimer) */
	/* HaProxyNd: who answers Neighbor Solicitations for the bindings' home addresses,
	 * the kernel (a proxy entry each) or mip6d itself (docs/mip6d.md, "Proxy ND"). */
	bool ha_proxy_nd_daemon;
	/* The binding ACL: sorted by address, malloc'd (config_free). */
	struct conf_acl *acl;
	size_t n_acl, acl_cap;
	uint8_t acl_default;            /* DefaultBindingAclPolicy: 0 allow, else a status */
	uint16_t vt_port;               /* VirtualTerminalPort (default 7777) */
	/* Mobile prefix discovery (RFC 6275 §10.6, §11.4.2-11.4.3). */
	bool send_mob_pfx_sols;         /* SendMobPfxSols (MN) */
	bool send_unsol_mob_pfx_advs;   /* SendUnsolMobPfxAdvs (HA) */
	bool send_mob_pfx_advs;         /* SendMobPfxAdvs (HA): answer solicitations */
	uint32_t max_mob_pfx_adv_ivl;   /* MaxMobPfxAdvInterval, seconds */
	uint32_t min_mob_pfx_adv_ivl;   /* MinMobPfxAdvInterval, seconds */
	/* MnMaxHaConsecutiveResends: retransmissions of a BU to a discovered home agent
	 * before the next one of the list is tried. */
	unsigned mn_max_ha_resends;
	/* MnHaTunnelProbeInterval: an ICMPv6 Echo Request from the home address to a
	 * discovered home agent through the tunnel this often (ms; 0: never). */
	uint32_t mn_ha_probe_ms;
};

/* Defaults (into a struct that holds nothing to free), then the file. On error returns
 * -1, holds nothing, and writes "FILE:LINE:COL: message" into err (never touches the
 * system). A loaded config owns memory: config_free. */
void config_defaults(struct config *c);
int config_load(struct config *c, const char *path, char *err, size_t errlen);
/* Same, from a string (tests); name is used in messages. */
int config_parse(struct config *c, const char *name, const char *text, char *err,
		 size_t errlen);
void config_free(struct config *c);

/* SIGHUP: take next's settings into cur when it describes the same node (role,
 * interfaces, home links, VT port, which the running engine and sockets are built on);
 * next's memory then belongs to cur (cur's old is freed). Else -1 and why in err, cur
 * unchanged, next still its own. The engine keeps pointers into cur. */
int config_reload(struct config *cur, struct config *next, char *err, size_t errlen);

/* The status the binding ACL gives a home registration of hoa: 0 accepts it. */
uint8_t config_acl_status(const struct config *c, const struct in6_addr *hoa);

/* ifindex-independent lookups used by the engine. */
bool config_has_iface(const struct config *c, const char *ifname);
/* The home registration of hoa with the home agent ha goes under ESP (UseMnHaIPsec
 * enabled and an IPsecPolicySet for the pair). */
/* The MnHomeLink's home agent is discovered (no HomeAgentAddress, or ::). */
static inline bool config_ha_dynamic(const struct conf_home_link *hl)
{
	return !hl->has_ha || IN6_IS_ADDR_UNSPECIFIED(&hl->ha);
}
bool config_ipsec_covers(const struct config *c, const struct in6_addr *hoa,
			 const struct in6_addr *ha);

#endif
