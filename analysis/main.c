/* mip6-analyze: Mobile IPv6 binding and handover report from pcap files. */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "an.h"
#include "esp.h"
#include "input.h"
#include "nodes.h"

static void usage(FILE *f)
{
	fputs("usage: mip6-analyze [--events FILE] [--json FILE|-] [--csv FILE|-] [--svg FILE]\n"
	      "                    [--text FILE|-] [--csv-streams FILE|-] [--jitter-buffer MS]\n"
	      "                    [--csv-nodes FILE|-] [--mn NODE] [--esp-sa FILE] PCAP...\n"
	      "  Reads pcap/pcapng captures (Ethernet, Linux cooked SLL/SLL2, raw IPv6,\n"
	      "  802.11 with radiotap), merged by timestamp. A file's capture point is its\n"
	      "  name without .pcap (node-iface.pcap; air.pcap is the air capture).\n"
	      "  The text report goes to stdout unless another output is '-'.\n"
	      "  --events FILE  the run's events.log (moves define the handovers)\n"
	      "  --json FILE    JSON report (schema mip6-analyze/1); '-' for stdout\n"
	      "  --csv FILE     one CSV row per handover; '-' for stdout\n"
	      "  --svg FILE     the handover timeline as an SVG picture\n"
	      "  --text FILE    the text report; '-' for stdout\n"
	      "  --csv-streams FILE  one CSV row per RTP stream and handover; '-' for stdout\n"
	      "  --csv-nodes FILE  one CSV row per mobile node (by home address) and\n"
	      "                 handover; '-' for stdout\n"
	      "  --jitter-buffer MS  the receivers' jitter buffer for late RTP packets,\n"
	      "                 0-10000 (default 60)\n"
	      "  --mn NODE      the mobile node's name (default: the node of the move events,\n"
	      "                 else raven)\n"
	      "  --esp-sa FILE  the run's ESP keys (conf/ipsec.keys): the BUs and BAs inside\n"
	      "                 ESP of the SAs it lists are checked, opened and analysed\n"
	      "  -h, --help     this help\n"
	      "  The handover phases and timeline points are defined in docs/metrics.md;\n"
	      "  see also mip6-analyze(1).\n", f);
}

static FILE *open_out(const char *path)
{
	FILE *f;

	if (strcmp(path, "-") == 0)
		return stdout;
	f = fopen(path, "w");
	if (!f)
		fprintf(stderr, "mip6-analyze: %s: %s\n", path, strerror(errno));
	return f;
}

static int close_out(FILE *f, const char *path)
{
	if (f == stdout)
		return fflush(f) == 0 ? 0 : -1;
	if (fclose(f) != 0) {
		fprintf(stderr, "mip6-analyze: %s: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "events", required_argument, NULL, 'e' },
		{ "json", required_argument, NULL, 'j' },
		{ "csv", required_argument, NULL, 'c' },
		{ "svg", required_argument, NULL, 's' },
		{ "text", required_argument, NULL, 't' },
		{ "mn", required_argument, NULL, 'm' },
		{ "csv-streams", required_argument, NULL, 'r' },
		{ "csv-nodes", required_argument, NULL, 'n' },
		{ "jitter-buffer", required_argument, NULL, 'b' },
		{ "esp-sa", required_argument, NULL, 'k' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	const char *events = NULL, *json = NULL, *csv = NULL, *svg = NULL, *text = NULL, *mn = NULL;
	const char *csv_streams = NULL, *csv_nodes = NULL, *esp_sa = NULL;
	struct {
		const char **path;
		void (*write)(const struct analyzer *, FILE *);
	} outs[5] = { { &text, report_text }, { &json, report_json }, { &csv, report_csv },
		      { &csv_streams, report_csv_streams }, { &csv_nodes, report_csv_nodes } };
	static struct analyzer an;
	long jb_ms = RTP_DEFAULT_JB_MS;
	char *end;
	int c, rc = 0;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'e': events = optarg; break;
		case 'j': json = optarg; break;
		case 'c': csv = optarg; break;
		case 's': svg = optarg; break;
		case 't': text = optarg; break;
		case 'm': mn = optarg; break;
		case 'r': csv_streams = optarg; break;
		case 'n': csv_nodes = optarg; break;
		case 'k': esp_sa = optarg; break;
		case 'b':
			errno = 0;
			jb_ms = strtol(optarg, &end, 10);
			if (errno || end == optarg || *end || jb_ms < 0 || jb_ms > 10000) {
				fprintf(stderr, "mip6-analyze: --jitter-buffer %s: expected 0 to 10000 ms\n", optarg);
				usage(stderr);
				return 2;
			}
			break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind == argc) {
		fprintf(stderr, "mip6-analyze: no capture file given\n");
		usage(stderr);
		return 2;
	}
	if (svg && strcmp(svg, "-") == 0) {
		fprintf(stderr, "mip6-analyze: --svg needs a file name\n");
		usage(stderr);
		return 2;
	}
	if (!text && !(json && strcmp(json, "-") == 0) && !(csv && strcmp(csv, "-") == 0) &&
	    !(csv_streams && strcmp(csv_streams, "-") == 0) && !(csv_nodes && strcmp(csv_nodes, "-") == 0))
		text = "-";

	an_init(&an);
	an.jitter_buffer_ns = jb_ms * 1000000LL;
	if (mn)
		snprintf(an.mn_node, sizeof(an.mn_node), "%s", mn);
	if (events && an_events_load(&an, events, stderr) < 0) {
		an_free(&an);
		return 1;
	}
	/* A wrong line is a usage error: the run would be analysed without
	 * the SA it meant to give. */
	if (esp_sa && (rc = esp_keys_load(&an, esp_sa, stderr)) < 0) {
		an_free(&an);
		return rc == -1 ? 1 : 2;
	}
	if (!an.mn_node[0])
		snprintf(an.mn_node, sizeof(an.mn_node), "raven");
	if (input_run(&an, argv + optind, argc - optind, stderr) < 0) {
		an_free(&an);
		return 1;
	}
	an_finish(&an);

	for (int i = 0; i < 5; i++) {
		FILE *f;

		if (!*outs[i].path)
			continue;
		f = open_out(*outs[i].path);
		if (!f) {
			rc = 1;
			continue;
		}
		outs[i].write(&an, f);
		if (close_out(f, *outs[i].path) < 0)
			rc = 1;
	}
	if (svg) {
		FILE *f = open_out(svg);

		if (!f || report_svg(&an, f) < 0 || close_out(f, svg) < 0)
			rc = 1;
	}
	an_free(&an);
	return rc;
}
