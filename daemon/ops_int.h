/* ops_int.h - the appliers of ops.c's table, one file per concern. */
#ifndef MIP6D_OPS_INT_H
#define MIP6D_OPS_INT_H

#include <netinet/in.h>
#include <stdio.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"

/* MIP6D_TUNNELS=per-coa: one ip6tnl per CoA even where collect_md works (the
 * fallback's own test, and a kernel whose collect_md misbehaves). */
static inline bool ops_per_coa_forced(void)
{
	const char *v = getenv("MIP6D_TUNNELS");

	return v && !strcmp(v, "per-coa");
}

/* ops_wire.c */
int ops_send_mh(void *ctx, const struct eng_tx *tx, const struct mh_msg *m);
int ops_send_rs(void *ctx, int ifindex);
int ops_send_icmp(void *ctx, const struct eng_tx *tx, const struct dhaad_msg *m);
int ops_anycast(void *ctx, int ifindex, const struct in6_addr *addr, bool join);
int ops_mn_probe(void *ctx, const struct in6_addr *hoa, const struct in6_addr *ha);

/* ops_ha.c */
struct config;
int ops_ha_prepare(const struct config *conf);
void ops_ha_check(const struct engine *e, FILE *out);
void ops_ha_exiting(void);
int ops_ha_tunnel_add(void *ctx, const struct eng_ha_tunnel *t);
int ops_ha_tunnel_del(void *ctx, const struct eng_ha_tunnel *t);
int ops_proxy_nd_add(void *ctx, int ifindex, const struct in6_addr *hoa);
int ops_proxy_nd_del(void *ctx, int ifindex, const struct in6_addr *hoa);
int ops_ha_dad_start(void *ctx, int ifindex, const struct in6_addr *hoa);
int ops_ha_dad_stop(void *ctx, int ifindex, const struct in6_addr *hoa);

/* ops_ro.c */
int ops_ro_set(void *ctx, const struct eng_ro *r);
int ops_ro_del(void *ctx, const struct eng_ro *r);

/* ops_mn.c */
int ops_mn_prepare_tunnel(const struct in6_addr *ha);
int ops_mn_prepare(void *ctx, const struct eng_mn_tunnel *t);
int ops_mn_tunnel_set(void *ctx, const struct eng_mn_tunnel *t);
int ops_mn_tunnel_clear(void *ctx, const struct eng_mn_tunnel *t);
int ops_mn_announce(void *ctx, int ifindex, const struct in6_addr *addr);

#endif
