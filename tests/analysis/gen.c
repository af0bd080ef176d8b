/* gen-pcaps: write the analyzer's synthetic captures.
 *   gen-pcaps all DIR           every golden scenario into DIR/NAME/
 *   gen-pcaps scenario NAME DIR one scenario into DIR
 *   gen-pcaps bench FILE N      N packets of probe traffic, a BU/BA every 1000
 *   gen-pcaps seeds DIR         every packet of every scenario as a fuzz seed */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_dlt.h"
#include "writer.h"

static int usage(void)
{
	fputs("usage: gen-pcaps all DIR | scenario NAME DIR | bench FILE N | seeds DIR\n", stderr);
	return 2;
}

/* Each packet of each pcap in dir/NAME/ as a fuzz input in out/. */
static int seeds(const char *dir, const char *out)
{
	static const char *const files[] = { "air.pcap", "raven-wlan0.pcap", "raven-any.pcap",
					     "raven-tun.pcap", "cn-eth0.pcap" };
	char path[2048], ebuf[PCAP_ERRBUF_SIZE];
	int n = 0;

	for (int s = 0; w_scenarios[s]; s++)
		for (size_t f = 0; f < sizeof(files) / sizeof(files[0]); f++) {
			struct pcap_pkthdr *h;
			const u_char *d;
			pcap_t *p;
			int sel = -1;

			snprintf(path, sizeof(path), "%s/%s/%s", dir, w_scenarios[s], files[f]);
			p = pcap_open_offline(path, ebuf);
			if (!p)
				continue;
			for (int i = 0; i < FUZZ_N_DLT; i++)
				if (fuzz_dlts[i] == pcap_datalink(p))
					sel = i;
			while (sel >= 0 && pcap_next_ex(p, &h, &d) == 1 && n < 100000) {
				FILE *o;
				uint8_t b = (uint8_t)sel;

				snprintf(path, sizeof(path), "%s/%s-%zu-%d", out, w_scenarios[s], f, n++);
				o = fopen(path, "w");
				if (!o)
					return -1;
				fwrite(&b, 1, 1, o);
				fwrite(d, 1, h->caplen, o);
				fclose(o);
			}
			pcap_close(p);
		}
	return n ? 0 : -1;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "all")) {
		char path[1024];

		for (int i = 0; w_scenarios[i]; i++) {
			snprintf(path, sizeof(path), "%s/%s", argv[2], w_scenarios[i]);
			if (w_scenario(w_scenarios[i], path) < 0) {
				fprintf(stderr, "gen-pcaps: %s: cannot write\n", path);
				return 1;
			}
		}
		return 0;
	}
	if (argc == 4 && !strcmp(argv[1], "scenario")) {
		if (w_scenario(argv[2], argv[3]) < 0) {
			fprintf(stderr, "gen-pcaps: %s: unknown scenario or cannot write %s\n",
				argv[2], argv[3]);
			return 1;
		}
		return 0;
	}
	if (argc == 4 && !strcmp(argv[1], "bench")) {
		char *end;
		unsigned long long n = strtoull(argv[3], &end, 10);

		if (*end || !n)
			return usage();
		if (w_bench(argv[2], n) < 0) {
			fprintf(stderr, "gen-pcaps: %s: cannot write\n", argv[2]);
			return 1;
		}
		return 0;
	}
	if (argc == 3 && !strcmp(argv[1], "seeds")) {
		char tmp[] = "/tmp/gen-pcaps-XXXXXX", path[1100];

		if (!mkdtemp(tmp))
			return 1;
		for (int i = 0; w_scenarios[i]; i++) {
			snprintf(path, sizeof(path), "%s/%s", tmp, w_scenarios[i]);
			if (w_scenario(w_scenarios[i], path) < 0)
				return 1;
		}
		if (seeds(tmp, argv[2]) < 0) {
			fprintf(stderr, "gen-pcaps: %s: cannot write seeds\n", argv[2]);
			return 1;
		}
		return 0;
	}
	return usage();
}
