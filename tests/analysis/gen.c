/* gen-pcaps: write the analyzer's synthetic captures.
 *   gen-pcaps all DIR           every golden scenario into DIR/NAME/
 *   gen-pcaps scenario NAME DIR one scenario into DIR
 *   gen-pcaps bench FILE N      N packets of probe traffic, a BU/BA every 1000
 *   gen-pcaps bench-nodes FILE N [R]  a home agent's capture: N mobile nodes
 *                               registering, then refreshing R times (default 1)
 *   gen-pcaps seeds DIR         every packet of every scenario as a fuzz seed */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_dlt.h"
#include "writer.h"

static int usage(void)
{
	fputs("usage: gen-pcaps all DIR | scenario NAME DIR | bench FILE N | bench-nodes FILE N [R]\n"
	      "       | seeds DIR\n", stderr);
	return 2;
}

/* Fuzz seeds from the scenarios in dir/NAME/: each packet alone, and each
 * scenario's MN capture (point A) interleaved with its air capture (B). */
static int seeds(const char *dir, const char *out)
{
	static const char *const files[] = { "raven-wlan0.pcap", "raven-any.pcap", "raven-tun.pcap",
					     "cn-eth0.pcap", "air.pcap" };
	char path[2048], ebuf[PCAP_ERRBUF_SIZE];
	int n = 0;

	for (int s = 0; w_scenarios[s]; s++) {
		static uint8_t all[65536];
		size_t all_len = 1;

		all[0] = 0;
		for (size_t f = 0; f < sizeof(files) / sizeof(files[0]); f++) {
			struct pcap_pkthdr *h;
			const u_char *d;
			pcap_t *p;
			int sel = -1;
			bool air;

			snprintf(path, sizeof(path), "%s/%s/%s", dir, w_scenarios[s], files[f]);
			p = pcap_open_offline(path, ebuf);
			if (!p)
				continue;
			for (int i = 0; i < FUZZ_N_DLT; i++)
				if (fuzz_dlts[i] == pcap_datalink(p))
					sel = i;
			air = pcap_datalink(p) == DLT_IEEE802_11_RADIO;
			if (!air && sel >= 0)
				all[0] = (uint8_t)sel;
			while (sel >= 0 && pcap_next_ex(p, &h, &d) == 1 && n < 100000) {
				uint8_t rec[3] = { air ? 0x03 : 0x02, (uint8_t)(h->caplen >> 8),
						   (uint8_t)h->caplen };
				uint8_t b = (uint8_t)sel;
				FILE *o;

				snprintf(path, sizeof(path), "%s/%s-%zu-%d", out, w_scenarios[s], f, n++);
				o = fopen(path, "w");
				if (!o)
					return -1;
				fwrite(&b, 1, 1, o);
				fwrite(rec, 1, 3, o);
				fwrite(d, 1, h->caplen, o);
				fclose(o);
				if (all_len + 3 + h->caplen <= sizeof(all)) {
					memcpy(all + all_len, rec, 3);
					memcpy(all + all_len + 3, d, h->caplen);
					all_len += 3 + h->caplen;
				}
			}
			pcap_close(p);
		}
		snprintf(path, sizeof(path), "%s/%s-all", out, w_scenarios[s]);
		FILE *o = fopen(path, "w");

		if (!o)
			return -1;
		fwrite(all, 1, all_len, o);
		fclose(o);
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
	if ((argc == 4 || argc == 5) && !strcmp(argv[1], "bench-nodes")) {
		char *end, *rend = NULL;
		unsigned long n = strtoul(argv[3], &end, 10);
		unsigned long r = argc == 5 ? strtoul(argv[4], &rend, 10) : 1;

		if (*end || !n || n > UINT32_MAX || (rend && (*rend || r > 1000)))
			return usage();
		if (w_bench_nodes(argv[2], (uint32_t)n, (unsigned)r) < 0) {
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
