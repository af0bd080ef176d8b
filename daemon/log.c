/* log.c - leveled log lines prefixed with the monotonic time. */
#include "log.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int log_cur_level;
static FILE *cur_out;

void log_init(int debug_level, FILE *out)
{
	log_cur_level = debug_level;
	cur_out = out;
}

void log_set_output(FILE *out)
{
	cur_out = out;
}

static void vlog(const char *tag, const char *fmt, va_list ap, const char *suffix)
{
	struct timespec ts;
	FILE *out = cur_out ? cur_out : stderr;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	fprintf(out, "[%5lld.%06ld] %s", (long long)ts.tv_sec, ts.tv_nsec / 1000, tag);
	vfprintf(out, fmt, ap);
	if (suffix)
		fprintf(out, ": %s", suffix);
	fputc('\n', out);
	fflush(out);
}

#define LOG_BODY(tag, suffix)                 \
	do {                                  \
		va_list ap;                   \
		va_start(ap, fmt);            \
		vlog(tag, fmt, ap, suffix);   \
		va_end(ap);                   \
	} while (0)

void log_warn(const char *fmt, ...)
{
	const char *err = strerror(errno);

	LOG_BODY("warning: ", err);
}

void log_warnx(const char *fmt, ...)
{
	LOG_BODY("warning: ", NULL);
}

void (log_info)(const char *fmt, ...)
{
	if (log_cur_level >= LOG_LVL_INFO)
		LOG_BODY("", NULL);
}

void (log_debug)(const char *fmt, ...)
{
	if (log_cur_level >= LOG_LVL_DEBUG)
		LOG_BODY("", NULL);
}

void fatal(const char *fmt, ...)
{
	const char *err = strerror(errno);

	LOG_BODY("fatal: ", err);
	exit(1);
}

void fatalx(const char *fmt, ...)
{
	LOG_BODY("fatal: ", NULL);
	exit(1);
}

const char *log_in6(const void *addr)
{
	/* Rotating buffers: one log line may format several addresses. */
	static char bufs[8][INET6_ADDRSTRLEN];
	static unsigned next;
	char *b = bufs[next++ % 8];

	if (!inet_ntop(AF_INET6, addr, b, INET6_ADDRSTRLEN))
		strcpy(b, "?");
	return b;
}
