/* ops.c - the table of proposals mip6d applies, and the role's preparation. */
#include "ops.h"

#include "config.h"
#include "kern.h"
#include "ops_int.h"

static const struct engine_ops table = {
	.send_mh = ops_send_mh,
	.ha_tunnel_add = ops_ha_tunnel_add,
	.ha_tunnel_del = ops_ha_tunnel_del,
	.proxy_nd_add = ops_proxy_nd_add,
	.proxy_nd_del = ops_proxy_nd_del,
	.ha_dad_start = ops_ha_dad_start,
	.ha_dad_stop = ops_ha_dad_stop,
	.mn_send_rs = ops_send_rs,
	.mn_prepare = ops_mn_prepare,
	.mn_tunnel_set = ops_mn_tunnel_set,
	.mn_tunnel_clear = ops_mn_tunnel_clear,
	.mn_announce = ops_mn_announce,
	.ro_set = ops_ro_set,
	.ro_del = ops_ro_del,
	.send_icmp = ops_send_icmp,
	.anycast = ops_anycast,
	.mn_probe = ops_mn_probe,
};

const struct engine_ops *ops_table(void)
{
	return &table;
}

void ops_check(const struct engine *e, FILE *out)
{
	ops_ha_check(e, out);
}

void ops_exiting(void)
{
	ops_ha_exiting();
}

int ops_prepare(const struct config *conf)
{
	if (conf->role == NODE_HA)
		return ops_ha_prepare(conf);
	if (conf->role == NODE_MN && conf->n_home_links)
		return ops_mn_prepare_tunnel(&conf->home_links[0].ha);
	return conf->role == NODE_MN ? kern_tunnel_probe() : 0;
}
