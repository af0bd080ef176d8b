/* loop.c - the constant-rate senders' shared pieces (loop.h). */
#include "loop.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <time.h>

int loop_ticker(double interval)
{
	struct itimerspec its;
	struct timespec now;
	long long ns = (long long)(interval * 1e9 + 0.5);
	int fd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);

	if (fd < 0)
		return -1;
	clock_gettime(CLOCK_MONOTONIC, &now);
	memset(&its, 0, sizeof(its));
	its.it_interval.tv_sec = ns / 1000000000;
	its.it_interval.tv_nsec = ns % 1000000000;
	its.it_value = now;
	its.it_value.tv_nsec += 1;
	return timerfd_settime(fd, TFD_TIMER_ABSTIME, &its, NULL) < 0 ? -1 : fd;
}

int loop_signals(void)
{
	sigset_t s;

	sigemptyset(&s);
	sigaddset(&s, SIGINT);
	sigaddset(&s, SIGTERM);
	if (sigprocmask(SIG_BLOCK, &s, NULL) < 0)
		return -1;
	return signalfd(-1, &s, SFD_CLOEXEC);
}

void loop_print_ts(void)
{
	struct timespec now;

	clock_gettime(CLOCK_REALTIME, &now);
	printf("[%lld.%06ld] ", (long long)now.tv_sec, now.tv_nsec / 1000);
}

int loop_parse_num(const char *s, double lo, double hi, double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || *end || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}
