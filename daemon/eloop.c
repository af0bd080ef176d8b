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

#define MAX_FDS 64
#define MAX_SIGNALS 8

struct el_fd {
	int fd;
	eloop_fd_fn fn;
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
	eloop_deadline_fn deadline;
	eloop_due_fn due;
	void *deadline_ctx;
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

int eloop_add_fd(struct eloop *el, int fd, eloop_fd_fn fn, void *ctx)
{
	if (fd < 0 || !fn)
		return -EINVAL;
	if (el->n_fds == MAX_FDS)
		return -ENOSPC;
	el->fds[el->n_fds++] = (struct el_fd){ fd, fn, ctx };
	el->fds_changed = true;
	return 0;
}

void eloop_del_fd(struct eloop *el, int fd)
{
	for (unsigned i = 0; i < el->n_fds; i++) {
		if (el->fds[i].fd == fd) {
			el->fds[i] = el->fds[--el->n_fds];
			el->fds_changed = true;
			return;
		}
	}
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

void eloop_set_deadline_source(struct eloop *el, eloop_deadline_fn deadline,
			       eloop_due_fn due, void *ctx)
{
	el->deadline = deadline;
	el->due = due;
	el->deadline_ctx = ctx;
}

void eloop_terminate(struct eloop *el)
{
	el->stop = true;
}

/* Calls the deadline source back when its deadline has passed; returns the next one
 * (UINT64_MAX: none). */
static uint64_t run_due(struct eloop *el)
{
	uint64_t d;

	if (!el->deadline)
		return UINT64_MAX;
	d = el->deadline(el->deadline_ctx);
	if (d <= eloop_now_ms()) {
		el->due(el->deadline_ctx);
		d = el->deadline(el->deadline_ctx);
	}
	return d;
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
			pfd[i] = (struct pollfd){ .fd = snap[i].fd, .events = POLLIN };
		rc = poll(pfd, n, timeout);
		if (rc < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		el->fds_changed = false;
		for (unsigned i = 0; i < n && !el->stop; i++) {
			if (!(pfd[i].revents & (POLLIN | POLLERR | POLLHUP)))
				continue;
			/* Skip descriptors unregistered by an earlier handler this round. */
			if (el->fds_changed) {
				bool still = false;

				for (unsigned k = 0; k < el->n_fds; k++)
					if (el->fds[k].fd == snap[i].fd && el->fds[k].fn == snap[i].fn &&
					    el->fds[k].ctx == snap[i].ctx)
						still = true;
				if (!still)
					continue;
			}
			snap[i].fn(snap[i].fd, snap[i].ctx);
		}
	}
	return 0;
}
