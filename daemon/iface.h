/* iface.h - what the engine knows of the configured interfaces: link state, IPv6
 * addresses, and the routers heard on each. Tables only; the protocol rules that read
 * them live in the roles (ha.c, md.c, bul.c). */
#ifndef MIP6D_IFACE_H
#define MIP6D_IFACE_H

#include <net/if.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>

#include "config.h"
#include "engine.h"
#include "timer.h"

/* An IPv6 address seen on an interface. */
struct eng_addr {
	struct in6_addr addr;
	uint8_t plen;
	uint8_t state;          /* enum eng_addr_state */
	uint64_t seen;          /* when it last became usable (ms) */
};

#define ENG_MAX_ADDRS 16
#define ENG_MAX_ROUTERS 8
#define ENG_MAX_PREFIXES 8

/* A default router heard in an RA on this interface. */
struct eng_heard {
	struct in6_addr addr;
	uint64_t seq;           /* larger = heard later */
	bool has_lladdr;
	uint8_t lladdr[6];
};

/* A prefix heard in a Router Advertisement on this interface, with its valid lifetime
 * from then on: the home agent grants no binding, and the mobile node asks for none,
 * longer than the home or care-of address may live (RFC 6275 §10.3.1, §11.7.1). */
struct eng_prefix_heard {
	struct in6_addr prefix;
	uint8_t plen;
	uint32_t valid;         /* seconds; UINT32_MAX = infinity */
	uint64_t at;            /* when heard (ms) */
};

/* One configured interface (Interface / MnHomeLink). */
struct eng_iface {
	int ifindex;            /* 0 = not reported yet */
	char name[IF_NAMESIZE];
	uint8_t link;           /* enum eng_link_state */
	unsigned n_addrs;
	struct eng_addr addrs[ENG_MAX_ADDRS];
	/* Every default router heard here (the kernel keeps a default route through each
	 * until its lifetime runs out); the newest is the one in use. */
	unsigned n_heard;
	struct eng_heard heard[ENG_MAX_ROUTERS];
	unsigned n_prefixes;
	struct eng_prefix_heard prefixes[ENG_MAX_PREFIXES];
	/* MN movement detection: the current default router and what it advertised. */
	bool have_router;
	struct in6_addr router;
	uint64_t ra_time;
	struct eng_ra ra;
	struct etimer rs_timer; /* Router Solicitation retransmission */
	struct etimer ra_timer; /* router presumed lost when no RA by then (AdvInterval) */
	unsigned rs_left;
};

struct iface_table {
	struct eng_iface v[CONF_MAX_IFACES];
	unsigned n;
	uint64_t heard_seq;
};

bool in6_prefix_match(const struct in6_addr *a, const struct in6_addr *b, unsigned plen);

struct eng_iface *iface_by_index(struct iface_table *t, int ifindex);
struct eng_iface *iface_by_name(struct iface_table *t, const char *name);
/* Records an address state change; false when nothing changed. */
bool iface_addr_update(struct eng_iface *ifc, const struct in6_addr *addr, uint8_t plen,
		       enum eng_addr_state state, uint64_t now);
/* The watched interface an address is on (state tentative or usable), or NULL. */
struct eng_iface *iface_where(struct iface_table *t, const struct in6_addr *a,
			      uint8_t *plen);

/* A default router heard on ifc (RA with a non-zero router lifetime). */
void iface_router_heard(struct iface_table *t, struct eng_iface *ifc,
			const struct eng_ra *ra);
/* The prefixes of an RA, with their valid lifetimes (RA from any router). */
void iface_prefixes_heard(struct eng_iface *ifc, const struct eng_ra *ra, uint64_t now);
/* Seconds that addr may still live by the longest prefix heard for it on any interface:
 * UINT32_MAX when no prefix of it was heard or its lifetime is infinite. */
uint32_t iface_valid_left(const struct iface_table *t, const struct in6_addr *addr,
			  uint64_t now);
/* The link-layer address of the router that advertised addr as its own (an RA prefix
 * with the R flag) on ifc; false when none did or it gave no link-layer address. */
bool iface_lladdr_of(const struct eng_iface *ifc, const struct in6_addr *addr,
		     uint8_t mac[6]);
/* The link-layer address of the router heard last on ifc; false when unknown. */
bool iface_router_lladdr(const struct eng_iface *ifc, uint8_t mac[6]);
/* Appends the routers heard on ifc before the newest one to out (at most max in all,
 * *n counting) and forgets them: their routes are about to go. */
void iface_take_stale(struct eng_iface *ifc, struct eng_router *out, unsigned *n,
		      unsigned max);

#endif
