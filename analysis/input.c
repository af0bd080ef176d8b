/* Reading the capture files: every file opened up front (a bad one is a
 * fatal, named error), then packets handed to the analyzer merged by
 * timestamp, one pending packet per file. */
#include <errno.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <pcap/pcap.h>

#include "an.h"
#include "input.h"

struct src {
	pcap_t *p;
	int point;
	struct pcap_pkthdr *h;
	const u_char *data;
	ts_t t;
	bool live;
};

static bool supported(int dlt)
{
	switch (dlt) {
	case DLT_EN10MB:
	case DLT_LINUX_SLL:
	case DLT_LINUX_SLL2:
	case DLT_RAW:
	case DLT_IPV6:
	case DLT_IEEE802_11_RADIO:
	case DLT_IEEE802_11:
		return true;
	}
	return false;
}

static void advance(struct src *s, const char *file, FILE *err)
{
	int rc = pcap_next_ex(s->p, &s->h, &s->data);

	if (rc == 1) {
		/* Opened with nanosecond precision: tv_usec holds nanoseconds. */
		s->t = (ts_t)s->h->ts.tv_sec * NS_PER_SEC + s->h->ts.tv_usec;
		return;
	}
	if (rc == PCAP_ERROR)
		fprintf(err, "mip6-analyze: %s: warning: %s (rest of file ignored)\n",
			file, pcap_geterr(s->p));
	s->live = false;
}

int input_run(struct analyzer *an, char *const files[], int n, FILE *err)
{
	struct src *srcs = calloc((size_t)n, sizeof(*srcs));
	char ebuf[PCAP_ERRBUF_SIZE];
	int rc = 0, live = 0;

	if (!srcs) {
		fprintf(err, "mip6-analyze: out of memory\n");
		return -1;
	}
	if (n > AN_MAX_POINTS) {
		fprintf(err, "mip6-analyze: at most %d capture files\n", AN_MAX_POINTS);
		free(srcs);
		return -1;
	}
	for (int i = 0; i < n; i++) {
		int dlt;
		const char *name;

		FILE *fp = fopen(files[i], "rb");

		if (!fp) {
			fprintf(err, "mip6-analyze: %s: %s\n", files[i], strerror(errno));
			rc = -1;
			goto cleanup;
		}
		/* libpcap reads each record with two freads: a large stdio buffer
		 * cuts the read(2) calls, a third of the time on big files. */
		setvbuf(fp, NULL, _IOFBF, 1 << 20);
		/* One thread reads each file: no stdio locking per fread. */
		__fsetlocking(fp, FSETLOCKING_BYCALLER);
		srcs[i].p = pcap_fopen_offline_with_tstamp_precision(fp,
				PCAP_TSTAMP_PRECISION_NANO, ebuf);
		if (!srcs[i].p) {
			fclose(fp);
			fprintf(err, "mip6-analyze: %s: %s\n", files[i], ebuf);
			rc = -1;
			goto cleanup;
		}
		dlt = pcap_datalink(srcs[i].p);
		name = pcap_datalink_val_to_name(dlt);
		srcs[i].point = an_add_point(an, files[i], dlt, name ? name : "unknown");
		if (!supported(dlt)) {
			fprintf(err, "mip6-analyze: %s: warning: link type %s (%d) not supported, file skipped\n",
				files[i], name ? name : "unknown", dlt);
			an->points[srcs[i].point].skipped = true;
			continue;
		}
		srcs[i].live = true;
	}
	for (int i = 0; i < n; i++)
		if (srcs[i].live) {
			advance(&srcs[i], files[i], err);
			live += srcs[i].live;
		}
	while (live) {
		struct src *best = NULL;
		int bi = 0;

		for (int i = 0; i < n; i++)
			if (srcs[i].live && (!best || srcs[i].t < best->t)) {
				best = &srcs[i];
				bi = i;
			}
		an_packet(an, best->point, best->t, best->data, best->h->caplen, best->h->len);
		advance(best, files[bi], err);
		if (!best->live)
			live--;
	}
cleanup:
	for (int i = 0; i < n; i++)
		if (srcs[i].p)
			pcap_close(srcs[i].p);
	free(srcs);
	return rc;
}
