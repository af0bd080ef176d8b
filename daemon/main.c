/*
 * main.c - mip6d: command line, configuration, process plumbing.
 *
 *   mip6d -c FILE [-d LEVEL] [-p PIDFILE] [-t VTPORT] [-n] [-h]
 *
 * Order matters: the configuration is checked completely before anything touches the
 * system; at exit the engine withdraws its proposals before the kernel ledger is undone.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "config.h"
#include "eloop.h"
#include "engine.h"
#include "io.h"
#include "kern.h"
#include "kern_xfrm.h"
#include "ops.h"
#include "log.h"
#include "vt.h"

#define DEFAULT_PIDFILE "/run/mip6d.pid"

static void usage(FILE *out)
{
	fprintf(out,
		"usage: mip6d -c FILE [-d LEVEL] [-p PIDFILE] [-t PORT] [-n] [-h]\n"
		"  -c FILE     configuration (MIPL/UMIP mip6d.conf grammar)\n"
		"  -d LEVEL    debug level 0-10, overrides DebugLevel; > 0 stays in the foreground\n"
		"  -p PIDFILE  write the process id there (default %s when detached)\n"
		"  -t PORT     virtual terminal TCP port on the loopback (default 7777)\n"
		"  -n          check the configuration and exit\n"
		"  -h          this help\n", DEFAULT_PIDFILE);
}

static uint64_t clock_ms(void *ctx)
{
	(void)ctx;
	return eloop_now_ms();
}

static uint64_t engine_deadline(void *ctx)
{
	return engine_next_deadline(ctx);
}

static void engine_due(void *ctx)
{
	engine_tick(ctx);
}

/* The VT's `stats` beyond the engine's counters: the I/O side's, and the kernel's
 * routes checked against the binding cache. The hook takes no context. */
static const struct engine *stats_engine;

static void print_stats(FILE *out)
{
	io_print_stats(out);
	kern_print_req_stats(out);
	ops_check(stats_engine, out);
}

/* What SIGHUP re-reads: the file, with the command line's overrides kept. */
struct reload {
	struct config *conf;
	char path[PATH_MAX];
	long level, port;               /* -d, -t; -1 when not given */
};

/* The kernel cannot do route optimization's data path: the configuration's asking for it
 * is overruled, at start and at every reload. */
static bool ro_unsupported;

static void apply_overrides(struct config *c, long level, long port)
{
	if (level >= 0)
		c->debug_level = (int)level;
	if (port >= 0)
		c->vt_port = (uint16_t)port;
}

/* SIGHUP: settings from the file again, bindings kept; what the node is built on
 * (role, interfaces, home links, VT port) needs a restart and is refused. */
static void on_hangup(int signo, void *ctx)
{
	struct reload *r = ctx;
	struct config next;
	char err[600];

	(void)signo;
	if (config_load(&next, r->path, err, sizeof(err)) < 0) {
		log_warnx("reload refused, the configuration in use stays: %s", err);
		return;
	}
	apply_overrides(&next, r->level, r->port);
	if (ro_unsupported)
		next.ro_cn = next.ro_mn = false;
	if (config_reload(r->conf, &next, err, sizeof(err)) < 0) {
		log_warnx("reload refused, the configuration in use stays: %s", err);
		config_free(&next);
		return;
	}
	log_init(r->conf->debug_level, stderr);
	log_info("configuration reloaded from %s", r->path);
}

static void on_terminate(int signo, void *ctx)
{
	log_info("signal %d: shutting down", signo);
	eloop_terminate(ctx);
}

/* Detached, log lines go to syslog through a stdio stream. */
static ssize_t syslog_write(void *cookie, const char *buf, size_t size)
{
	(void)cookie;
	syslog(LOG_INFO, "%.*s", (int)size, buf);
	return (ssize_t)size;
}

static int detach(void)
{
	cookie_io_functions_t io = { .write = syslog_write };
	FILE *f;
	int fd;

	if (daemon(0, 0) < 0)
		return -errno;
	openlog("mip6d", LOG_PID, LOG_DAEMON);
	f = fopencookie(NULL, "w", io);
	if (f) {
		setvbuf(f, NULL, _IOLBF, 0);
		log_set_output(f);
	}
	fd = open("/dev/null", O_RDWR);
	if (fd >= 0 && fd > 2)
		close(fd);
	return 0;
}

static int write_pidfile(const char *path)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return -errno;
	fprintf(f, "%ld\n", (long)getpid());
	return fclose(f) == 0 ? 0 : -errno;
}

static int parse_uint(const char *s, unsigned long max, unsigned long *out)
{
	char *end;

	errno = 0;
	*out = strtoul(s, &end, 10);
	return (!*s || *end || errno || *out > max || *s == '-') ? -1 : 0;
}

int main(int argc, char **argv)
{
	const char *conf_path = NULL, *pidfile = NULL;
	struct config conf;
	struct reload reload = { .conf = &conf };
	char err[600];
	long level = -1;
	long port = -1;
	bool check_only = false, pid_written = false;
	struct eloop *el = NULL;
	struct engine *e = NULL;
	struct vt *vt = NULL;
	int opt, rc, status = 1;

	while ((opt = getopt(argc, argv, "c:d:p:t:nh")) != -1) {
		unsigned long v;

		switch (opt) {
		case 'c': conf_path = optarg; break;
		case 'd':
			if (parse_uint(optarg, 10, &v) < 0) {
				fprintf(stderr, "mip6d: -d: '%s' is not a level 0-10\n", optarg);
				usage(stderr);
				return 2;
			}
			level = (long)v;
			break;
		case 'p': pidfile = optarg; break;
		case 't':
			if (parse_uint(optarg, 65535, &v) < 0) {
				fprintf(stderr, "mip6d: -t: '%s' is not a port\n", optarg);
				usage(stderr);
				return 2;
			}
			port = (long)v;
			break;
		case 'n': check_only = true; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind != argc || !conf_path) {
		if (optind != argc)
			fprintf(stderr, "mip6d: unexpected argument '%s'\n", argv[optind]);
		else
			fprintf(stderr, "mip6d: -c FILE is required\n");
		usage(stderr);
		return 2;
	}
	if (config_load(&conf, conf_path, err, sizeof(err)) < 0) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	apply_overrides(&conf, level, port);
	/* detach() changes to /: a reload must find the file wherever mip6d was started. */
	if (!realpath(conf_path, reload.path))
		snprintf(reload.path, sizeof(reload.path), "%s", conf_path);
	reload.level = level;
	reload.port = port;
	if (check_only) {
		printf("%s: ok\n", conf_path);
		config_free(&conf);
		return 0;
	}
	log_init(conf.debug_level, stderr);

	rc = kern_open();
	if (rc < 0) {
		log_warnx("kernel interface: %s", strerror(-rc));
		config_free(&conf);
		return 1;
	}
	/* One probe for both users of the kernel's Home Address option and type 2 routing
	 * header: route optimization goes without them, IPsec cannot. */
	rc = conf.ro_cn || conf.ro_mn || conf.use_mn_ha_ipsec ? kern_ro_probe() : 0;
	if (rc < 0 && conf.use_mn_ha_ipsec) {
		log_warnx("UseMnHaIPsec: this kernel cannot add a Home Address option or a "
			  "type 2 routing header (IPV6_MIP6): %s", strerror(-rc));
		goto out;
	}
	if (rc < 0 && (conf.ro_cn || conf.ro_mn)) {
		log_warnx("route optimization off: this kernel cannot add a Home Address "
			  "option or a type 2 routing header (IPV6_MIP6): %s; the tunnel "
			  "carries everything", strerror(-rc));
		ro_unsupported = true;
		conf.ro_cn = conf.ro_mn = false;
	}
	el = eloop_new();
	if (!el) {
		log_warn("event loop");
		goto out;
	}
	/* Caught from here on: a SIGTERM while the kernel objects go in waits for the
	 * loop, which exits at once and removes them, instead of killing us with them. */
	if (eloop_add_signal(el, SIGTERM, on_terminate, el) < 0 ||
	    eloop_add_signal(el, SIGINT, on_terminate, el) < 0 ||
	    eloop_add_signal(el, SIGHUP, on_hangup, &reload) < 0) {
		log_warnx("cannot catch SIGTERM/SIGINT/SIGHUP");
		goto out;
	}
	e = engine_new(&conf, ops_table(), NULL, clock_ms, NULL);
	if (!e) {
		log_warn("engine");
		goto out;
	}
	rc = ops_prepare(&conf);
	if (rc < 0) {
		log_warnx("this kernel cannot create ip6ip6 tunnels (ip6_tunnel): %s",
			  strerror(-rc));
		goto out;
	}
	rc = ops_ipsec_prepare(&conf);
	if (rc < 0)
		goto out;
	rc = io_init(el, e, &conf);
	if (rc < 0) {
		log_warnx("packet I/O: %s", strerror(-rc));
		goto out;
	}
	vt = vt_open(el, e, conf.vt_port);
	if (!vt) {
		log_warn("virtual terminal on port %u", conf.vt_port);
		goto out;
	}
	stats_engine = e;
	vt_set_stats_hook(vt, print_stats);
	signal(SIGPIPE, SIG_IGN);
	if (eloop_add_deadline_source(el, engine_deadline, engine_due, e) < 0)
		goto out;

	if (conf.debug_level == 0) {
		rc = detach();
		if (rc < 0) {
			log_warnx("detach: %s", strerror(-rc));
			goto out;
		}
		if (!pidfile)
			pidfile = DEFAULT_PIDFILE;
	}
	if (pidfile) {
		rc = write_pidfile(pidfile);
		if (rc < 0) {
			log_warnx("pid file %s: %s", pidfile, strerror(-rc));
			goto out;
		}
		pid_written = true;
	}
	log_info("mip6d running (%s, debug level %d)", conf_path, conf.debug_level);
	rc = eloop_run(el);
	if (rc < 0)
		log_warnx("event loop: %s", strerror(-rc));
	else
		status = 0;
out:
	vt_close(vt);
	ops_exiting();
	engine_free(e);
	io_close();
	kern_close();
	eloop_free(el);
	config_free(&conf);
	if (pid_written)
		unlink(pidfile);
	log_info("mip6d stopped");
	return status;
}
