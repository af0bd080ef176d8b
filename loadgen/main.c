/*
 * mip6-loadgen - many mobile nodes, and an attacker, against a running mip6d home agent
 * over a real link (docs/mip6d.md, "Benchmark: the home agent over a real link").
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "kobj.h"
#include "opts.h"
#include "report.h"
#include "run.h"

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_signal };
	static struct lg_stats s;
	struct lg_opts o;
	struct lg_kobj k;
	char err[256];
	int rc = lg_opts_parse(argc, argv, &o, err, sizeof(err));

	if (rc == 1) {
		lg_usage(stdout);
		return 0;
	}
	if (rc < 0) {
		fprintf(stderr, "mip6-loadgen: %s\n", err);
		lg_usage(stderr);
		return 2;
	}
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	if (lg_run(&o, &s, &stop) < 0)
		return 1;
	lg_kobj_read(o.ha_pid, o.ha_netns, &k);
	if (!o.quiet)
		lg_report_table(stdout, &o, &s, &k);
	if (o.json) {
		FILE *f = fopen(o.json, "w");

		if (!f) {
			fprintf(stderr, "mip6-loadgen: %s: %s\n", o.json, strerror(errno));
			return 1;
		}
		lg_report_json(f, &o, &s, &k);
		if (fclose(f)) {
			fprintf(stderr, "mip6-loadgen: %s: %s\n", o.json, strerror(errno));
			return 1;
		}
	}
	return lg_errors(&s) ? 1 : 0;
}
