/* loop.h - what the lab's constant-rate senders share (mip6-probe, mip6-rtp): a ticker
 * on absolute times, signals as a descriptor, timestamps as ping -D prints them, and a
 * bounded number from the command line. */
#ifndef PROBE_LOOP_H
#define PROBE_LOOP_H

/* A timerfd firing every interval seconds on absolute ticks from now: a late wake-up
 * does not shift the schedule. The descriptor, or -1 with errno set. */
int loop_ticker(double interval);
/* SIGINT and SIGTERM blocked and readable from the returned descriptor; -1 on error. */
int loop_signals(void);
/* "[unix.micro] " on stdout. */
void loop_print_ts(void);
/* s as a number in [lo, hi]: 0, or -1 when it is not one. */
int loop_parse_num(const char *s, double lo, double hi, double *out);

#endif
