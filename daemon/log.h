/*
 * log.h - mip6d logging. DebugLevel as in MIPL: 0 quiet (warnings and errors only),
 * higher levels add detail; >= 1 keeps the daemon in the foreground. Every line starts
 * with the monotonic time in seconds so that transitions can be ordered against captures.
 *
 * fatal()/fatalx() are for internal inconsistency only; a bad packet from the wire is
 * logged with log_warnx() (or log_debug()) and dropped.
 */
#ifndef MIP6D_LOG_H
#define MIP6D_LOG_H

#include <stdio.h>

enum log_level {
	LOG_LVL_ERR = 0,   /* always printed */
	LOG_LVL_INFO = 1,  /* state transitions */
	LOG_LVL_DEBUG = 3, /* packets in and out, proposals */
};

/* Where lines go (stderr by default) and how much. */
void log_init(int debug_level, FILE *out);
void log_set_output(FILE *out);

void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));   /* + strerror(errno) */
void log_warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
void fatalx(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

/* The level checks happen before the arguments are evaluated: a hot path (the HA's BU
 * handling) pays nothing for its debug lines, address formatting included. */
extern int log_cur_level;
#define log_info(...) \
	((log_cur_level >= LOG_LVL_INFO) ? (log_info)(__VA_ARGS__) : (void)0)
#define log_debug(...) \
	((log_cur_level >= LOG_LVL_DEBUG) ? (log_debug)(__VA_ARGS__) : (void)0)

/* Formats an IPv6 address into one of a few rotating static buffers (for log lines). */
const char *log_in6(const void *addr);

#endif
