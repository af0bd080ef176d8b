/* gen-pcaps: write the analyzer's synthetic captures.
 *   gen-pcaps all DIR           every golden scenario into DIR/NAME/
 *   gen-pcaps scenario NAME DIR one scenario into DIR
 *   gen-pcaps bench FILE N      N packets of probe traffic, a BU/BA every 1000 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "writer.h"

static int usage(void)
{
	fputs("usage: gen-pcaps all DIR | scenario NAME DIR | bench FILE N\n", stderr);
	return 2;
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
	return usage();
}
