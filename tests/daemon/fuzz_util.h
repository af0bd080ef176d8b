/* fuzz_util.h - what the daemon's libFuzzer harnesses share: the invariant check that
 * aborts (libFuzzer keeps the input), and the seeds each writes for FUZZ_SEEDS=DIR. */
#ifndef TESTS_DAEMON_FUZZ_UTIL_H
#define TESTS_DAEMON_FUZZ_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define CHECK(cond, ...)                                                 \
	do {                                                             \
		if (!(cond)) {                                           \
			fprintf(stderr, "invariant: " __VA_ARGS__);      \
			fputc('\n', stderr);                             \
			abort();                                         \
		}                                                        \
	} while (0)

struct fuzz_seed {
	const char *name;
	const uint8_t *b;
	size_t n;
};

/* DIR/seed-NAME for each seed; a seed that cannot be written ends the harness. */
static inline void fuzz_write_seeds(const char *dir, const struct fuzz_seed *s, size_t n)
{
	char path[4096];

	for (size_t i = 0; i < n; i++) {
		FILE *f;

		snprintf(path, sizeof(path), "%s/seed-%s", dir, s[i].name);
		f = fopen(path, "wb");
		if (!f || fwrite(s[i].b, 1, s[i].n, f) != s[i].n || fclose(f)) {
			perror(path);
			exit(1);
		}
	}
}

#endif
