/* Opening and closing mip6d's sockets; I/O counters. */
#include <errno.h>
#include <string.h>

#include "config.h"
#include "io_int.h"
#include "kern.h"
#include "log.h"
#include "pkt_err.h"

struct io_stats io_stats;
static struct eloop *loop;

int io_init(struct eloop *el, struct engine *e, const struct config *conf)
{
	int err;

	loop = el;
	memset(&io_stats, 0, sizeof(io_stats));
	if (conf->role != NODE_CN) {
		err = conf->role == NODE_MN && conf->n_home_links
			      ? kern_mn_tunnel_prepare(&conf->home_links[0].ha)
			      : conf->role == NODE_HA ? kern_ha_tunnel_prepare()
			      : kern_tunnel_probe();
		if (err) {
			log_warnx("this kernel cannot create ip6ip6 tunnels (ip6_tunnel): %s",
				  strerror(-err));
			return err;
		}
	}
	err = io_tx_init();
	if (err) {
		log_warnx("raw IPv6 socket: %s", strerror(-err));
		return err;
	}
	err = io_mh_init(el, e);
	if (err) {
		log_warnx("Mobility Header sockets: %s", strerror(-err));
		goto fail;
	}
	err = io_nd_init(el, e, conf);
	if (err) {
		log_warnx("ICMPv6 socket: %s", strerror(-err));
		goto fail;
	}
	/* Last: it reports the current links and addresses to the engine,
	 * which may answer with proposals that need the sockets above. */
	err = io_nlmon_init(el, e, conf);
	if (err) {
		log_warnx("netlink monitor: %s", strerror(-err));
		goto fail;
	}
	return 0;
fail:
	io_close();
	return err;
}

void io_close(void)
{
	io_nlmon_close(loop);
	io_nd_close(loop);
	io_mh_close(loop);
	io_tx_close();
	loop = NULL;
}

const struct io_stats *io_get_stats(void)
{
	return &io_stats;
}

void io_print_stats(FILE *out)
{
	const struct io_stats *s = &io_stats;

	fprintf(out, "mh rx %llu tx %llu dropped %llu not-for-us %llu\n",
		(unsigned long long)s->mh_rx, (unsigned long long)s->mh_tx,
		(unsigned long long)s->mh_bad, (unsigned long long)s->mh_not_ours);
	for (unsigned i = 1; i < PKT_E__COUNT &&
	     i < sizeof(s->mh_bad_by_err) / sizeof(s->mh_bad_by_err[0]); i++)
		if (s->mh_bad_by_err[i])
			fprintf(out, "  dropped %s %llu\n", pkt_errname((enum pkt_err)i),
				(unsigned long long)s->mh_bad_by_err[i]);
	fprintf(out, "nd ra rx %llu rs tx %llu ns tx %llu na tx %llu dropped %llu\n",
		(unsigned long long)s->ra_rx, (unsigned long long)s->rs_tx,
		(unsigned long long)s->ns_tx, (unsigned long long)s->na_tx,
		(unsigned long long)s->nd_bad);
	fprintf(out, "netlink events %llu overruns %llu; tx errors %llu\n",
		(unsigned long long)s->nl_events, (unsigned long long)s->nl_overruns,
		(unsigned long long)s->tx_errors);
}
