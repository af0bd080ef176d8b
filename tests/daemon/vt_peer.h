/* vt_peer.h - the far side of VT sessions for tests: loopback clients served by the same
 * event loop as the VT (so a VT that blocks starves them too), and a 10 ms ticker that
 * measures how late the loop gets to it and how much work the loop does between two
 * waits. Test code only. */
#ifndef TESTS_DAEMON_VT_PEER_H
#define TESTS_DAEMON_VT_PEER_H

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "eloop.h"
#include "vt.h"

#pragma GCC diagnostic ignored "-Wunused-function"

#define TICK_MS 10

static uint64_t clock_us(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

static uint64_t now_us(void)
{
	return clock_us(CLOCK_MONOTONIC);
}

/* A client of the VT: everything it receives is kept. */
struct peer {
	struct eloop *el;
	int fd;
	char *buf;
	size_t len, cap;
	size_t read_max;        /* bytes taken per wake-up (0: all it can) */
	bool discard;           /* counts what it receives in len, keeps none of it */
	bool eof;               /* end of stream or reset */
	uint64_t eof_ms;
};

static void peer_readable(int fd, void *ctx)
{
	struct peer *p = ctx;
	char scratch[4096], *to = scratch;
	size_t room = sizeof(scratch);
	ssize_t n;

	if (!p->discard) {
		if (p->cap - p->len < 4096) {
			p->cap = p->cap ? p->cap * 2 : 65536;
			p->buf = realloc(p->buf, p->cap);
			if (!p->buf)
				abort();
		}
		to = p->buf + p->len;
		room = p->cap - p->len - 1;
	}
	if (p->read_max && room > p->read_max)
		room = p->read_max;
	n = recv(fd, to, room, 0);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) {
		p->eof = true;
		p->eof_ms = eloop_now_ms();
		eloop_del_fd(p->el, fd);
		return;
	}
	p->len += (size_t)n;
	if (!p->discard)
		p->buf[p->len] = '\0';
}

/* Connects to the VT over IPv4, non-blocking; rcvbuf shrinks its receive buffer (0: the
 * default). read: whether the loop reads it. */
static void peer_open(struct peer *p, struct eloop *el, const struct vt *vt, int rcvbuf,
		      bool read)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(vt_port(vt)),
				   .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };

	memset(p, 0, sizeof(*p));
	p->el = el;
	p->fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (p->fd < 0)
		abort();
	if (rcvbuf && setsockopt(p->fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf)) < 0)
		abort();
	if (connect(p->fd, (struct sockaddr *)&sin, sizeof(sin)) < 0 ||
	    fcntl(p->fd, F_SETFL, O_NONBLOCK) < 0)
		abort();
	if (read && eloop_add_fd(el, p->fd, peer_readable, p) < 0)
		abort();
}

static void peer_close(struct peer *p)
{
	if (!p->eof)
		eloop_del_fd(p->el, p->fd);
	close(p->fd);
	free(p->buf);
	p->buf = NULL;
}

/* Sends what the socket takes now of data[*off..len). */
static void peer_push(struct peer *p, const char *data, size_t len, size_t *off)
{
	while (*off < len) {
		ssize_t w = send(p->fd, data + *off, len - *off, MSG_DONTWAIT | MSG_NOSIGNAL);

		if (w <= 0)
			return;
		*off += (size_t)w;
	}
}

/* Whether the VT closed or reset the session, seen without reading what it sent. */
static bool peer_closed_by_vt(const struct peer *p)
{
	struct tcp_info ti;
	socklen_t len = sizeof(ti);

	if (getsockopt(p->fd, IPPROTO_TCP, TCP_INFO, &ti, &len) < 0)
		abort();
	return ti.tcpi_state != TCP_ESTABLISHED;
}

/* A well-behaved client: one command, its whole answer, the next command. */
struct pinger {
	struct peer peer;
	const char *cmd;        /* "stats\n" */
	const char *want;       /* its answer and the prompt, byte for byte */
	size_t done;            /* bytes of peer.buf already checked */
	bool waiting;
	unsigned answers, wrong;
	uint64_t sent_us, max_rtt_us;
};

static void pinger_open(struct pinger *g, struct eloop *el, const struct vt *vt,
			const char *cmd, const char *want)
{
	memset(g, 0, sizeof(*g));
	peer_open(&g->peer, el, vt, 0, true);
	g->cmd = cmd;
	g->want = want;
	g->waiting = true;      /* for the first prompt */
}

/* From the ticker: checks what came back, sends the next command when it is owed. */
static void pinger_step(struct pinger *g)
{
	const char *expect = g->sent_us ? g->want : "mip6d> ";
	size_t got = g->peer.len - g->done, n = strlen(expect);

	if (g->waiting) {
		if (got > n || memcmp(g->peer.buf ? g->peer.buf + g->done : "", expect,
				      got < n ? got : n)) {
			g->wrong++;
			g->done = g->peer.len;
			return;
		}
		if (got < n)
			return;
		g->done += n;
		g->waiting = false;
		if (g->sent_us) {
			uint64_t rtt = now_us() - g->sent_us;

			if (rtt > g->max_rtt_us)
				g->max_rtt_us = rtt;
			g->answers++;
		}
	}
	if (send(g->peer.fd, g->cmd, strlen(g->cmd), MSG_NOSIGNAL) != (ssize_t)strlen(g->cmd)) {
		g->wrong++;
		return;
	}
	g->sent_us = now_us();
	g->waiting = true;
}

/* A deadline source every TICK_MS that records how late the loop came to it and runs the
 * test's step; terminates the loop when the step says so or at give_up_ms.
 *
 * Lateness is wall-clock time, so it also counts the time other programs kept this one
 * off the CPU. The loop is asked for the deadline before every wait: the CPU time this
 * thread used between two asks is the work of the handlers run in between, whatever
 * else the machine is doing (max_work_us). */
struct ticker {
	struct eloop *el;
	uint64_t next, give_up_ms;
	bool measuring, timed_out;
	uint64_t max_late_us, max_work_us, last_cpu_us;
	uint64_t *late_us;      /* samples while measuring */
	size_t n, cap;
	bool (*step)(void *ctx);        /* false: done */
	void *ctx;
};

static uint64_t tick_deadline(void *ctx)
{
	struct ticker *t = ctx;
	uint64_t cpu = clock_us(CLOCK_THREAD_CPUTIME_ID);

	if (t->measuring && t->last_cpu_us && cpu - t->last_cpu_us > t->max_work_us)
		t->max_work_us = cpu - t->last_cpu_us;
	t->last_cpu_us = cpu;
	return t->next;
}

static void tick_due(void *ctx)
{
	struct ticker *t = ctx;
	uint64_t late = now_us() - t->next * 1000;

	if (t->measuring) {
		if (late > t->max_late_us)
			t->max_late_us = late;
		if (t->n < t->cap)
			t->late_us[t->n++] = late;
	}
	t->next = eloop_now_ms() + TICK_MS;
	if (eloop_now_ms() >= t->give_up_ms) {
		t->timed_out = true;
		eloop_terminate(t->el);
		return;
	}
	if (!t->step(t->ctx))
		eloop_terminate(t->el);
}

static void ticker_start(struct ticker *t, struct eloop *el, uint64_t give_up_after_ms,
			 bool (*step)(void *ctx), void *ctx)
{
	memset(t, 0, sizeof(*t));
	t->el = el;
	t->next = eloop_now_ms() + TICK_MS;
	t->give_up_ms = eloop_now_ms() + give_up_after_ms;
	t->step = step;
	t->ctx = ctx;
	t->cap = 100000;
	t->late_us = calloc(t->cap, sizeof(t->late_us[0]));
	if (!t->late_us || eloop_add_deadline_source(el, tick_deadline, tick_due, t) < 0)
		abort();
}

static void ticker_stop(struct ticker *t)
{
	eloop_del_deadline_source(t->el, tick_deadline, t);
	free(t->late_us);
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* The 99th percentile of the lateness samples (sorts them). */
static uint64_t ticker_p99_us(struct ticker *t)
{
	if (!t->n)
		return 0;
	qsort(t->late_us, t->n, sizeof(t->late_us[0]), cmp_u64);
	return t->late_us[(t->n * 99) / 100 < t->n ? (t->n * 99) / 100 : t->n - 1];
}

#endif
