/* bench_util.h - what the in-process benchmarks measure with: resident memory and a
 * monotonic clock. Test code only. */
#ifndef TESTS_DAEMON_BENCH_UTIL_H
#define TESTS_DAEMON_BENCH_UTIL_H

#include <stdio.h>
#include <time.h>
#include <unistd.h>

/* Resident set size in KiB, -1 when /proc cannot tell. */
static inline long rss_kib(void)
{
	FILE *f = fopen("/proc/self/statm", "r");
	long pages = 0, resident = 0;

	if (!f)
		return -1;
	if (fscanf(f, "%ld %ld", &pages, &resident) != 2)
		resident = -1;
	fclose(f);
	return resident < 0 ? -1 : resident * (sysconf(_SC_PAGESIZE) / 1024);
}

static inline double seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

#endif
