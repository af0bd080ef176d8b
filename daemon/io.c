/* Opening and closing mip6d's sockets. */
#include <errno.h>
#include <string.h>

#include "config.h"
#include "io_int.h"
#include "log.h"

static struct eloop *loop;

int io_init(struct eloop *el, struct engine *e, const struct config *conf)
{
	int err;

	loop = el;
	memset(&io_stats, 0, sizeof(io_stats));
	err = io_tx_init();
	if (err) {
		log_warnx("raw IPv6 socket: %s", strerror(-err));
		return err;
	}
	err = io_mh_init(el, e, conf);
	if (!err)
		err = io_mhk_init(el, e, conf);
	if (err) {
		log_warnx("Mobility Header sockets: %s", strerror(-err));
		goto fail;
	}
	err = io_ro_init(el, e, conf);
	if (err) {
		log_warnx("tunnelled packets socket: %s", strerror(-err));
		goto fail;
	}
	err = io_nd_init(el, e, conf);
	if (err) {
		log_warnx("ICMPv6 socket: %s", strerror(-err));
		goto fail;
	}
	err = io_icmp_init(el, e);
	if (err) {
		log_warnx("ICMPv6 discovery socket: %s", strerror(-err));
		goto fail;
	}
	err = io_proxy_init(el, conf);
	if (err) {
		log_warnx("proxy ND socket: %s", strerror(-err));
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
	io_proxy_close(loop);
	io_icmp_close(loop);
	io_nd_close(loop);
	io_ro_close(loop);
	io_mhk_close(loop);
	io_mh_close(loop);
	io_tx_close();
	loop = NULL;
}
