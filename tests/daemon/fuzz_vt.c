/* libFuzzer harness over the virtual terminal (daemon/vt.c) through its sockets: real
 * loopback TCP clients connect, send partial lines, huge lines, many lines at once and
 * binary garbage, read slowly or not at all, half-close, reset, and time passes. The
 * event loop is the harness's own (eloop.h's registrations recorded, a round of poll(2)
 * with no wait after every event, a fake clock for the idle timeout), so a session goes
 * the same way on every run. The engine's listings are stand-ins whose size the input
 * sets, so that answers outgrow the socket buffers and the VT's queue.
 *
 * Checked: the VT only ever writes printable text and newlines; it holds no more than
 * VT_MAX_CLIENTS sessions; a client that sent a whole `quit` or `exit` line gets the end
 * of the stream once it reads what it is owed; after vt_close() nothing of it is left
 * registered; no crash, leak or sanitizer report.
 *
 * Input: events, each an opcode byte (low 3 bits: enum ev) and its operands.
 *
 *   make daemon-vt-fuzz FUZZ_SECONDS=60 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "eloop.h"
#include "fuzz_util.h"
#include "engine.h"
#include "log.h"
#include "vt.h"

enum ev { EV_CONNECT, EV_SEND, EV_CANNED, EV_READ, EV_CLOSE, EV_TIME, EV_VOLUME, EV_PUMP };

/* ---- the event loop: registrations by descriptor ---- */

#define FDMAX 1024
static struct reg {
	eloop_fd_fn rfn, wfn;
	void *rctx, *wctx;
} reg[FDMAX];
static struct {
	eloop_deadline_fn deadline;
	eloop_due_fn due;
	void *ctx;
} source;
static uint64_t now_ms;
static struct vt *vt;
static int server_sndbuf;       /* 0: the kernel's default for accepted sessions */

/* Nagle's algorithm would hold a short segment until the peer's delayed ACK, tens of
 * milliseconds of wall-clock time that the harness, which never waits, would not see
 * pass: without it loopback delivery is immediate and every run the same. A session of
 * the VT (not a listener) may also get a small send buffer, so that answers queue. */
static void session_opts(int fd)
{
	int one = 1;

	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (server_sndbuf)
		setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &server_sndbuf, sizeof(server_sndbuf));
}

uint64_t eloop_now_ms(void)
{
	return now_ms;
}

static void fd_ok(int fd)
{
	CHECK(fd >= 0 && fd < FDMAX, "descriptor %d registered", fd);
}

int eloop_add_fd(struct eloop *el, int fd, eloop_fd_fn fn, void *ctx)
{
	(void)el;
	fd_ok(fd);
	CHECK(!reg[fd].rfn, "descriptor %d registered for input twice", fd);
	reg[fd].rfn = fn;
	reg[fd].rctx = ctx;
	if (ctx != vt)
		session_opts(fd);
	return 0;
}

void eloop_del_fd(struct eloop *el, int fd)
{
	(void)el;
	fd_ok(fd);
	reg[fd].rfn = NULL;
}

int eloop_set_writable(struct eloop *el, int fd, eloop_fd_fn fn, void *ctx)
{
	(void)el;
	fd_ok(fd);
	reg[fd].wfn = fn;
	reg[fd].wctx = ctx;
	return 0;
}

void eloop_clear_writable(struct eloop *el, int fd)
{
	(void)el;
	fd_ok(fd);
	reg[fd].wfn = NULL;
}

int eloop_add_deadline_source(struct eloop *el, eloop_deadline_fn deadline, eloop_due_fn due,
			      void *ctx)
{
	(void)el;
	CHECK(!source.deadline, "a second deadline source");
	source.deadline = deadline;
	source.due = due;
	source.ctx = ctx;
	return 0;
}

void eloop_del_deadline_source(struct eloop *el, eloop_deadline_fn deadline, void *ctx)
{
	(void)el;
	CHECK(source.deadline == deadline && source.ctx == ctx, "removing an unknown source");
	source.deadline = NULL;
}

/* One turn of the loop without waiting: what is ready is served, then what is due. */
static void turn(void)
{
	struct pollfd p[FDMAX];
	nfds_t n = 0;
	unsigned sessions = 0;

	for (int fd = 0; fd < FDMAX; fd++) {
		if (!reg[fd].rfn && !reg[fd].wfn)
			continue;
		sessions += reg[fd].rfn && reg[fd].rctx != vt;
		p[n].fd = fd;
		p[n].events = (short)((reg[fd].rfn ? POLLIN : 0) | (reg[fd].wfn ? POLLOUT : 0));
		p[n++].revents = 0;
	}
	CHECK(sessions <= VT_MAX_CLIENTS, "%u sessions read at once", sessions);
	if (n && poll(p, n, 0) > 0) {
		for (nfds_t i = 0; i < n; i++) {
			struct reg *r = &reg[p[i].fd];

			/* A handler may have closed it, or another taken its number. */
			if ((p[i].revents & (POLLIN | POLLHUP | POLLERR)) && r->rfn)
				r->rfn(p[i].fd, r->rctx);
			if ((p[i].revents & (POLLOUT | POLLHUP | POLLERR)) && r->wfn)
				r->wfn(p[i].fd, r->wctx);
		}
	}
	if (source.deadline && source.deadline(source.ctx) <= now_ms)
		source.due(source.ctx);
}

/* ---- the engine's listings, of a size the input sets ---- */

static unsigned lines = 3;

void engine_print_bc(const struct engine *e, FILE *out)
{
	(void)e;
	for (unsigned i = 0; i < lines; i++)
		fprintf(out, "hoa 2001:db8::%x status registered coa 2001:db8:a::%x flags AH-- "
			"local 2001:db8::1 lifetime 100 / 256 seq %u\n", i, i, i);
}

void engine_print_bul(const struct engine *e, FILE *out)
{
	(void)e;
	fprintf(out, "== BUL_ENTRY ==\nHome address 2001:db8::beef\n");
}

void engine_print_stats(const struct engine *e, FILE *out)
{
	(void)e;
	fprintf(out, "bu_rx %u\n", lines);
}

void engine_print_hal(const struct engine *e, FILE *out)
{
	(void)e;
	for (unsigned i = 0; i < lines; i++)
		fprintf(out, "HA fe80::%x dev eth0 preference %u lifetime 1800 global 2001:db8::%x\n",
			i, i, i);
}

static void stats_hook(FILE *out)
{
	fputs("io: nothing\n", out);
}

/* ---- the clients ---- */

#define NCL 12
static struct client {
	int fd;                 /* -1: none */
	bool eof;               /* the VT ended the stream */
	bool quit;              /* a whole quit/exit line went out */
	size_t sent;            /* bytes the VT was sent */
	size_t len;             /* the line being sent, as the VT will assemble it */
	bool overflow;
	char line[256];
} cl[NCL];

/* Follows the bytes the VT was sent as it splits them into lines (vt.c client_input),
 * to know when a session asked to quit. */
static void track(struct client *c, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (p[i] == '\n') {
			char cmd[256] = "", rest[256] = "";

			c->line[c->len] = '\0';
			if (!c->overflow && sscanf(c->line, "%255s %255s", cmd, rest) == 1 &&
			    (!strcmp(cmd, "quit") || !strcmp(cmd, "exit")))
				c->quit = true;
			c->len = 0;
			c->overflow = false;
		} else if (p[i] >= 0x20 && p[i] < 0x7f) {
			if (c->len + 1 < sizeof(c->line))
				c->line[c->len++] = (char)p[i];
			else
				c->overflow = true;
		}
	}
}

/* Bytes read from the VT: text only. Returns false at the end of the stream. */
static bool take(struct client *c, size_t max)
{
	char buf[4096];
	size_t got = 0;

	while (!c->eof && (!max || got < max)) {
		size_t want = max && max - got < sizeof(buf) ? max - got : sizeof(buf);
		ssize_t n = recv(c->fd, buf, want, MSG_DONTWAIT);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
			c->eof = true;  /* reset */
		if (n <= 0) {
			c->eof |= n == 0;
			break;
		}
		for (ssize_t i = 0; i < n; i++)
			CHECK(buf[i] == '\n' || (buf[i] >= 0x20 && buf[i] < 0x7f),
			      "the VT sent byte 0x%02x", (unsigned char)buf[i]);
		got += (size_t)n;
	}
	return !c->eof;
}

static void put(struct client *c, const uint8_t *p, size_t n)
{
	ssize_t w;

	if (c->fd < 0 || c->quit)
		return;
	w = send(c->fd, p, n, MSG_DONTWAIT | MSG_NOSIGNAL);
	if (w > 0) {
		track(c, p, (size_t)w);
		c->sent += (size_t)w;
	}
}

/* Gone without a FIN: no TIME_WAIT left behind by the thousands of sessions a run has. */
static void reset(struct client *c)
{
	struct linger l = { .l_onoff = 1, .l_linger = 0 };

	if (c->fd < 0)
		return;
	setsockopt(c->fd, SOL_SOCKET, SO_LINGER, &l, sizeof(l));
	close(c->fd);
	c->fd = -1;
}

static void connect_client(uint8_t how)
{
	struct client *c = NULL;
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(vt_port(vt)),
				   .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	struct sockaddr_in6 sin6 = { .sin6_family = AF_INET6, .sin6_port = htons(vt_port(vt)),
				     .sin6_addr = IN6ADDR_LOOPBACK_INIT };
	bool v6 = how & 1;
	int small = 2048;

	for (int i = 0; i < NCL && !c; i++)
		if (cl[i].fd < 0)
			c = &cl[i];
	if (!c)
		return;
	memset(c, 0, sizeof(*c));
	c->fd = socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	CHECK(c->fd >= 0, "socket: %s", strerror(errno));
	if (how & 2)
		setsockopt(c->fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof(small));
	server_sndbuf = how & 4 ? 4096 : 0;
	session_opts(c->fd);
	if ((v6 ? connect(c->fd, (struct sockaddr *)&sin6, sizeof(sin6))
		: connect(c->fd, (struct sockaddr *)&sin, sizeof(sin))) < 0) {
		/* No IPv6 on this loopback: the VT listens on 127.0.0.1 only. */
		close(c->fd);
		c->fd = -1;
	}
}

#define S(text) { text, sizeof(text) - 1 }
static const struct { const char *s; size_t n; } canned[16] = {
	S("help\n"), S("bc\n"), S("bul\n"), S("stats\n"), S("quit\n"), S("exit\n"),
	S("bc extra\n"), S("  stats\t\n"), S("\xff\xfb\x01\xff\xfd\x03" "bc\r\n"), S("\n"),
	S("b"), S("c\n"), S("exit"), S("\x00\x01\x7f\x80\n"),
	S("unknown-command-with-a-long-name\n"), S("\r\n"),
};

static uint8_t u8(const uint8_t **p, size_t *n)
{
	if (!*n)
		return 0;
	(*n)--;
	return *(*p)++;
}

static void event(const uint8_t **p, size_t *n)
{
	uint8_t op = u8(p, n), a = u8(p, n);
	struct client *c = &cl[(op >> 3) % NCL];
	uint8_t buf[256];
	size_t len;

	switch ((enum ev)(op & 7)) {
	case EV_CONNECT:
		connect_client(a);
		break;
	case EV_SEND:   /* a bytes as they are */
		len = a < *n ? a : *n;
		memcpy(buf, *p, len);
		*p += len;
		*n -= len;
		put(c, buf, len);
		break;
	case EV_CANNED: /* a known line, or a run of them, or a line of 256 * a bytes */
		if (a & 0x80) {
			size_t big = 256u * (a & 0x7f) + u8(p, n);
			uint8_t *h = malloc(big + 1);

			if (!h)
				break;
			memset(h, 'x', big);
			h[big] = '\n';
			put(c, h, big + (a & 0x40 ? 0 : 1));
			free(h);
		} else {
			unsigned reps = 1 + (a >> 4) * 16;

			for (unsigned i = 0; i < reps; i++)
				put(c, (const uint8_t *)canned[a % 16].s, canned[a % 16].n);
		}
		break;
	case EV_READ:   /* 0: all there is */
		if (c->fd >= 0)
			take(c, (size_t)a * 16);
		break;
	case EV_CLOSE:
		if (c->fd >= 0 && (a & 1))
			shutdown(c->fd, SHUT_WR);
		else
			reset(c);
		break;
	case EV_TIME:
		if (a & 0x80)
			vt_set_idle_timeout(vt, (unsigned)(a & 0x7f) * 1000);
		else
			now_ms += (uint64_t)a * 10000;
		break;
	case EV_VOLUME:
		lines = (unsigned)a * 8;
		break;
	case EV_PUMP:
		for (unsigned i = 0; i < (unsigned)a % 32; i++)
			turn();
		break;
	}
	turn();
}

/* The VT takes VT_RECV_CHUNK bytes of a client per turn: what is still in the socket
 * buffers before the quit line (megabytes of an unterminated line) takes that many
 * turns. The loopback is immediate; the few waits at the end only cover a busy
 * machine's softirqs. */
static void drain(struct client *c, int i)
{
	struct pollfd p = { .fd = c->fd, .events = POLLIN };
	size_t turns = 4096 + c->sent / 256;

	for (size_t k = 0; k < turns + 100 && take(c, 0); k++) {
		turn();
		if (k >= turns)
			poll(&p, 1, 10);
	}
	CHECK(c->eof, "client %d quit after %zu bytes, the VT kept it open", i, c->sent);
}

static void write_seeds(const char *dir);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *seeds = getenv("FUZZ_SEEDS");

	(void)argc, (void)argv;
	log_init(getenv("FUZZ_VT_LOG") ? LOG_LVL_DEBUG : 0, NULL);
	if (seeds) {
		write_seeds(seeds);
		exit(0);
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	memset(reg, 0, sizeof(reg));
	now_ms = 1000000;
	lines = 3;
	server_sndbuf = 0;
	for (int i = 0; i < NCL; i++)
		cl[i].fd = -1;
	vt = vt_open(NULL, NULL, 0);
	CHECK(vt, "vt_open: %s", strerror(errno));
	vt_set_stats_hook(vt, stats_hook);
	while (size)
		event(&data, &size);
	/* Whoever asked to quit and reads what it is owed sees the stream end. */
	for (int i = 0; i < NCL; i++)
		if (cl[i].fd >= 0 && cl[i].quit)
			drain(&cl[i], i);
	for (int i = 0; i < NCL; i++)
		reset(&cl[i]);
	vt_close(vt);
	vt = NULL;
	for (int fd = 0; fd < FDMAX; fd++)
		CHECK(!reg[fd].rfn && !reg[fd].wfn, "descriptor %d still registered", fd);
	CHECK(!source.deadline, "the deadline source still registered");
	return 0;
}

/* ---- seeds ---- */

#define OP(ev, k) (uint8_t)((ev) | (k) << 3)

static const uint8_t seed_session[] = {
	OP(EV_CONNECT, 0), 0x00,
	OP(EV_CANNED, 0), 0x00,                         /* help */
	OP(EV_CANNED, 0), 0x01,                         /* bc */
	OP(EV_SEND, 0), 0x04, 'b', 'u', 'l', '\n',
	OP(EV_CANNED, 0), 0x0a, OP(EV_CANNED, 0), 0x0b, /* "b" then "c\n" */
	OP(EV_CANNED, 0), 0x08,                         /* telnet bytes */
	OP(EV_READ, 0), 0x00,
	OP(EV_CANNED, 0), 0x04,                         /* quit */
	OP(EV_PUMP, 0), 0x04,
};

static const uint8_t seed_slow[] = {
	OP(EV_VOLUME, 0), 0xff,                         /* long answers */
	OP(EV_CONNECT, 0), 0x06,                        /* small buffers both ends */
	OP(EV_CONNECT, 1), 0x01,                        /* ::1 */
	OP(EV_CANNED, 0), 0x31,                         /* 49 x bc, unread */
	OP(EV_PUMP, 0), 0x10,
	OP(EV_READ, 0), 0x04,                           /* a slow reader */
	OP(EV_CANNED, 1), 0x85, 0x10,                   /* a huge line */
	OP(EV_CANNED, 1), 0x03,
	OP(EV_CLOSE, 0), 0x01,                          /* half-close, still owed */
	OP(EV_PUMP, 0), 0x1f,
	OP(EV_TIME, 0), 0x7f,                           /* idle */
	OP(EV_READ, 1), 0x00,
};

static const uint8_t seed_crowd[] = {
	OP(EV_CONNECT, 0), 0x00, OP(EV_CONNECT, 1), 0x00, OP(EV_CONNECT, 2), 0x00,
	OP(EV_CONNECT, 3), 0x00, OP(EV_CONNECT, 4), 0x00, OP(EV_CONNECT, 5), 0x00,
	OP(EV_CONNECT, 6), 0x00, OP(EV_CONNECT, 7), 0x00, OP(EV_CONNECT, 8), 0x00,
	OP(EV_READ, 8), 0x00,                           /* too many sessions */
	OP(EV_CLOSE, 3), 0x00,
	OP(EV_TIME, 0), 0x81,                           /* idle after a second */
	OP(EV_TIME, 0), 0x01,
	OP(EV_CONNECT, 9), 0x00,
	OP(EV_CANNED, 9), 0x05,
};

static void write_seeds(const char *dir)
{
	static const struct fuzz_seed s[] = {
		{ "session", seed_session, sizeof(seed_session) },
		{ "slow", seed_slow, sizeof(seed_slow) },
		{ "crowd", seed_crowd, sizeof(seed_crowd) },
	};
	fuzz_write_seeds(dir, s, sizeof(s) / sizeof(s[0]));
}
