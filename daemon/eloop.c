/* eloop.c - poll(2)-based event loop (see eloop.h). */
#include "eloop.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Each registration is one slot: a descriptor read and written takes two. */
#define MAX_FDS 64
#define MAX_SIGNALS 8
/* The engine, the VT and a test's watchdog: a short array scanned before each wait. */
#define MAX_DEADLINE_SOURCES 4

struct el_fd {
	int fd;
	short events;           /* POLLIN or POLLOUT */
	eloop_fd_fn fn;
	void *ctx;
};

struct el_deadline {
	eloop_deadline_fn deadline;
	eloop_due_fn due;
	void *ctx;
};

struct el_signal {
	int signo;
	eloop_signal_fn fn;
	void *ctx;
};

struct eloop {
	struct el_fd fds[MAX_FDS];
	unsigned n_fds;
	bool fds_changed;
	struct el_signal signals[MAX_SIGNALS];
	unsigned n_signals;
	int sig_pipe[2];
	struct el_deadline sources[MAX_DEADLINE_SOURCES];
	unsigned n_sources;
	bool sources_changed;
	bool stop;
};

/* The self-pipe's write end, for the async-signal-safe handler. */
static int sig_write_fd = -1;

uint64_t eloop_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void on_signal(int signo)
{
	int saved = errno;
	unsigned char b = (unsigned char)signo;

	if (sig_write_fd >= 0 && write(sig_write_fd, &b, 1) < 0) {
		/* Pipe full: the loop is already awake and will read earlier bytes. */
	}
	errno = saved;
}

static void sig_readable(int fd, void *ctx)
{
	struct eloop *el = ctx;
	unsigned char buf[32];
	ssize_t n;

	while ((n = read(fd, buf, sizeof(buf))) > 0)
		for (ssize_t i = 0; i < n; i++)
			for (unsigned k = 0; k < el->n_signals; k++)
				if (el->signals[k].signo == buf[i])
					el->signals[k].fn(buf[i], el->signals[k].ctx);
}

struct eloop *eloop_new(void)
{
	struct eloop *el = calloc(1, sizeof(*el));

	if (!el)
		return NULL;
	el->sig_pipe[0] = el->sig_pipe[1] = -1;
	return el;
}

void eloop_free(struct eloop *el)
{
	if (!el)
		return;
	for (unsigned k = 0; k < el->n_signals; k++)
		signal(el->signals[k].signo, SIG_DFL);
	if (el->sig_pipe[0] >= 0) {
		sig_write_fd = -1;
		close(el->sig_pipe[0]);
		close(el->sig_pipe[1]);
	}
	free(el);
}

static int fd_add(struct eloop *el, int fd, short events, eloop_fd_fn fn, void *ctx)
{
	if (fd < 0 || !fn)
		return -EINVAL;
	if (el->n_fds == MAX_FDS)
		return -ENOSPC;
	el->fds[el->n_fds++] = (struct el_fd){ fd, events, fn, ctx };
	el->fds_changed = true;
	return 0;
}

static struct el_fd *fd_find(struct eloop *el, int fd, short events)
{
	for (unsigned i = 0; i < el->n_fds; i++)
		if (el->fds[i].fd == fd && el->fds[i].events == events)
			return &el->fds[i];
	return NULL;
}

static void fd_del(struct eloop *el, int fd, short events)
{
	struct el_fd *f = fd_find(el, fd, events);

	if (f) {
		*f = el->fds[--el->n_fds];
		el->fds_changed = true;
	}
}

int eloop_add_fd(struct eloop *el, int fd, eloop_fd_fn fn, void *ctx)
{
	return fd_add(el, fd, POLLIN, fn, ctx);
}

void eloop_del_fd(struct eloop *el, int fd)
{
	fd_del(el, fd, POLLIN);
}

int eloop_set_writable(struct eloop *el, int fd, eloop_fd_fn fn, void *ctx)
{
	struct el_fd *f = fd_find(el, fd, POLLOUT);

	if (!f)
		return fd_add(el, fd, POLLOUT, fn, ctx);
	if (!fn)
		return -EINVAL;
	f->fn = fn;
	f->ctx = ctx;
	el->fds_changed = true;
	return 0;
}

void eloop_clear_writable(struct eloop *el, int fd)
{
	fd_del(el, fd, POLLOUT);
}

int eloop_add_signal(struct eloop *el, int signo, eloop_signal_fn fn, void *ctx)
{
	struct sigaction sa;

	if (!fn || signo <= 0 || signo > 255)
		return -EINVAL;
	if (el->n_signals == MAX_SIGNALS)
		return -ENOSPC;
	if (el->sig_pipe[0] < 0) {
		if (pipe2(el->sig_pipe, O_NONBLOCK | O_CLOEXEC) < 0)
			return -errno;
		sig_write_fd = el->sig_pipe[1];
		int rc = eloop_add_fd(el, el->sig_pipe[0], sig_readable, el);
		if (rc < 0)
			return rc;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	if (sigaction(signo, &sa, NULL) < 0)
		return -errno;
	el->signals[el->n_signals++] = (struct el_signal){ signo, fn, ctx };
	return 0;
}

int eloop_add_deadline_source(struct eloop *el, eloop_deadline_fn deadline,
			      eloop_due_fn due, void *ctx)
{
	if (!deadline || !due)
		return -EINVAL;
	if (el->n_sources == MAX_DEADLINE_SOURCES)
		return -ENOSPC;
	el->sources[el->n_sources++] = (struct el_deadline){ deadline, due, ctx };
	el->sources_changed = true;
	return 0;
}

void eloop_del_deadline_source(struct eloop *el, eloop_deadline_fn deadline, void *ctx)
{
	for (unsigned i = 0; i < el->n_sources; i++) {
		if (el->sources[i].deadline == deadline && el->sources[i].ctx == ctx) {
			el->sources[i] = el->sources[--el->n_sources];
			el->sources_changed = true;
			return;
		}
	}
}

void eloop_terminate(struct eloop *el)
{
	el->stop = true;
}

static bool source_registered(const struct eloop *el, const struct el_deadline *src)
{
	for (unsigned k = 0; k < el->n_sources; k++)
		if (el->sources[k].deadline == src->deadline && el->sources[k].due == src->due &&
		    el->sources[k].ctx == src->ctx)
			return true;
	return false;
}

/* Calls back every source whose deadline has passed, then returns the earliest deadline
 * left (UINT64_MAX: none). The deadlines are asked again after all the calls because one
 * source's due() may move another's. */
static uint64_t run_due(struct eloop *el)
{
	struct el_deadline snap[MAX_DEADLINE_SOURCES];
	unsigned n = el->n_sources;
	uint64_t next = UINT64_MAX;

	memcpy(snap, el->sources, n * sizeof(snap[0]));
	el->sources_changed = false;
	for (unsigned i = 0; i < n && !el->stop; i++) {
		if (el->sources_changed && !source_registered(el, &snap[i]))
			continue;
		if (snap[i].deadline(snap[i].ctx) <= eloop_now_ms())
			snap[i].due(snap[i].ctx);
	}
	for (unsigned i = 0; i < el->n_sources; i++) {
		uint64_t d = el->sources[i].deadline(el->sources[i].ctx);

		if (d < next)
			next = d;
	}
	return next;
}

static bool fd_registered(const struct eloop *el, const struct el_fd *f)
{
	for (unsigned k = 0; k < el->n_fds; k++)
		if (el->fds[k].fd == f->fd && el->fds[k].events == f->events &&
		    el->fds[k].fn == f->fn && el->fds[k].ctx == f->ctx)
			return true;
	return false;
}

int eloop_run(struct eloop *el)
{
	struct pollfd pfd[MAX_FDS];
	struct el_fd snap[MAX_FDS];

	el->stop = false;
	while (!el->stop) {
		uint64_t next = run_due(el), now;
		unsigned n;
		int timeout = -1, rc;

		if (el->stop)
			break;
		now = eloop_now_ms();
		if (next != UINT64_MAX)
			timeout = next <= now ? 0 : (next - now > 60000 ? 60000 : (int)(next - now));
		n = el->n_fds;
		memcpy(snap, el->fds, n * sizeof(snap[0]));
		for (unsigned i = 0; i < n; i++)
			pfd[i] = (struct pollfd){ .fd = snap[i].fd, .events = snap[i].events };
		rc = poll(pfd, n, timeout);
		if (rc < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		el->fds_changed = false;
		for (unsigned i = 0; i < n && !el->stop; i++) {
			if (!(pfd[i].revents & (snap[i].events | POLLERR | POLLHUP)))
				continue;
			/* Skip registrations dropped by an earlier handler this round. */
			if (el->fds_changed && !fd_registered(el, &snap[i]))
				continue;
			snap[i].fn(snap[i].fd, snap[i].ctx);
		}
	}
	return 0;
}
