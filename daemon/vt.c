/* vt.c - virtual terminal server (see vt.h). */
#include "vt.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "eloop.h"
#include "engine.h"
#include "log.h"

#define VT_LINE_MAX 256
#define VT_PROMPT "mip6d> "
/* Bytes read from a client at a time: at most ~100 short commands answered per turn of
 * the event loop, so other work waits for one chunk, never for a client. */
#define VT_RECV_CHUNK 512
/* Output held for a client that the kernel would not take yet (it buffers megabytes on
 * the loopback first): room for a few hundred answers, yet eight clients that never
 * read cost the daemon half a megabyte at most. A client whose output would not fit is
 * dropped. */
#define VT_OUT_MAX (64 * 1024)
/* Commands are not read while more than this is queued, so that a client pipelining
 * commands without reading their answers makes the daemon format little ahead of it. */
#define VT_OUT_PAUSE (VT_OUT_MAX / 2)
/* A session without a complete line for this long is closed: a forgotten telnet, or a
 * client paused because it does not read, gives its slot back. */
#define VT_IDLE_MS (10 * 60 * 1000)

struct vt_client {
	struct vt *vt;
	int fd;
	bool reading;           /* registered for input; false while paused or quitting */
	bool quitting;          /* closes once its queued output is sent */
	uint64_t last_line;     /* eloop_now_ms() of the last complete line, or of accept */
	/* Received bytes not split into lines yet: what is left when the client pauses. */
	char in[VT_RECV_CHUNK];
	size_t in_off, in_len;
	/* The line being assembled. */
	size_t len;
	bool overflow;          /* discarding the rest of a too long line */
	char buf[VT_LINE_MAX];
	/* Output the socket has not taken yet: out_len bytes from out + out_off. */
	char *out;              /* VT_OUT_MAX bytes once needed */
	size_t out_off, out_len;
};

struct vt {
	struct eloop *el;
	struct engine *e;
	int lfd[2];
	uint16_t port;
	uint64_t idle_ms;
	void (*stats_hook)(FILE *out);
	struct vt_client clients[VT_MAX_CLIENTS];
};

static void client_close(struct vt_client *c)
{
	eloop_del_fd(c->vt->el, c->fd);
	eloop_clear_writable(c->vt->el, c->fd);
	close(c->fd);
	c->fd = -1;
	c->reading = c->quitting = false;
	free(c->out);
	c->out = NULL;
	c->out_off = c->out_len = 0;
	c->in_off = c->in_len = 0;
}

static void client_drop(struct vt_client *c, const char *why)
{
	log_info("vt: client dropped: %s", why);
	client_close(c);
}

/* Sends what the socket takes without waiting; returns the bytes taken or -errno. */
static ssize_t send_some(int fd, const char *p, size_t n)
{
	size_t done = 0;

	while (done < n) {
		ssize_t w = send(fd, p + done, n - done, MSG_NOSIGNAL | MSG_DONTWAIT);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		if (w < 0)
			return -errno;
		done += (size_t)w;
	}
	return (ssize_t)done;
}

static void client_writable(int fd, void *ctx);

/* Output to a client: what the socket does not take now waits in the client's queue.
 * Returns 0, or -errno when the client is gone (closed here). */
static int client_write(struct vt_client *c, const char *p, size_t n)
{
	int rc;

	if (!c->out_len) {
		ssize_t w = send_some(c->fd, p, n);

		if (w < 0) {
			client_close(c);
			return (int)w;
		}
		p += w;
		n -= (size_t)w;
		if (!n)
			return 0;
	}
	if (n > VT_OUT_MAX - c->out_len) {
		client_drop(c, "not reading its output");
		return -ENOBUFS;
	}
	if (!c->out && !(c->out = malloc(VT_OUT_MAX))) {
		client_drop(c, "out of memory");
		return -ENOMEM;
	}
	if (!c->out_len) {
		rc = eloop_set_writable(c->vt->el, c->fd, client_writable, c);
		if (rc < 0) {
			client_drop(c, "event loop full");
			return rc;
		}
		c->out_off = 0;
	} else if (c->out_off + c->out_len + n > VT_OUT_MAX) {
		memmove(c->out, c->out + c->out_off, c->out_len);
		c->out_off = 0;
	}
	memcpy(c->out + c->out_off + c->out_len, p, n);
	c->out_len += n;
	return 0;
}

/* One row per command: the name typed, what it does and its line in `help`. A handler
 * returns 1 when the session should close. */
struct vt_cmd {
	const char *name;
	int (*run)(struct vt *vt, FILE *out);
	const char *help;       /* NULL: an alias, left out of `help` */
};

static int cmd_help(struct vt *vt, FILE *out);

static int cmd_bc(struct vt *vt, FILE *out)
{
	engine_print_bc(vt->e, out);
	return 0;
}

static int cmd_bul(struct vt *vt, FILE *out)
{
	engine_print_bul(vt->e, out);
	return 0;
}

static int cmd_hal(struct vt *vt, FILE *out)
{
	engine_print_hal(vt->e, out);
	return 0;
}

static int cmd_stats(struct vt *vt, FILE *out)
{
	engine_print_stats(vt->e, out);
	if (vt->stats_hook)
		vt->stats_hook(out);
	return 0;
}

static int cmd_quit(struct vt *vt, FILE *out)
{
	(void)vt;
	(void)out;
	return 1;
}

static const struct vt_cmd vt_cmds[] = {
	{ "help", cmd_help, "this list" },
	{ "bc", cmd_bc, "binding cache (home agent)" },
	{ "bul", cmd_bul, "binding update list (mobile node)" },
	{ "hal", cmd_hal, "home agents list (home agent), discovered ones (mobile node)" },
	{ "stats", cmd_stats, "counters" },
	{ "quit", cmd_quit, "close this session" },
	{ "exit", cmd_quit, NULL },
};

static int cmd_help(struct vt *vt, FILE *out)
{
	(void)vt;
	for (size_t i = 0; i < sizeof(vt_cmds) / sizeof(vt_cmds[0]); i++)
		if (vt_cmds[i].help) /* the 7-column layout the e2e scripts already parse */
			fprintf(out, "%-7s%s\n", vt_cmds[i].name, vt_cmds[i].help);
	return 0;
}

int vt_command(struct vt *vt, const char *line, FILE *out)
{
	char cmd[VT_LINE_MAX];
	const char *p = line;
	size_t n = 0;

	while (*p == ' ' || *p == '\t')
		p++;
	while (*p && *p != ' ' && *p != '\t' && n + 1 < sizeof(cmd))
		cmd[n++] = *p++;
	cmd[n] = '\0';
	while (*p == ' ' || *p == '\t')
		p++;
	if (!n)
		return 0;
	if (*p) {
		fprintf(out, "%s: takes no arguments\n", cmd);
		return 0;
	}
	for (size_t i = 0; i < sizeof(vt_cmds) / sizeof(vt_cmds[0]); i++)
		if (!strcmp(cmd, vt_cmds[i].name))
			return vt_cmds[i].run(vt, out);
	fprintf(out, "unknown command '%s' (try help)\n", cmd);
	return 0;
}

/* Runs the assembled line; returns 1 when the client asked to quit, 0, or -errno when
 * the client is gone. */
static int run_line(struct vt_client *c)
{
	static const char too_long[] = "line too long\n" VT_PROMPT;
	char *text = NULL;
	size_t len = 0;
	FILE *out;
	int quit, rc;

	if (c->overflow)
		return client_write(c, too_long, sizeof(too_long) - 1);
	out = open_memstream(&text, &len);
	if (!out)
		return client_write(c, "out of memory\n", 14);
	quit = vt_command(c->vt, c->buf, out);
	if (!quit)
		fputs(VT_PROMPT, out);
	fclose(out);
	rc = client_write(c, text, len);
	free(text);
	return rc < 0 ? rc : quit != 0;
}

/* Splits the received bytes into lines and runs them, until they run out or the client
 * has more than VT_OUT_PAUSE waiting. Returns 0 when all were used, 1 when the client
 * must stop being read (paused or quitting), or -errno when it is gone. */
static int client_input(struct vt_client *c)
{
	while (c->in_off < c->in_len) {
		unsigned char ch = (unsigned char)c->in[c->in_off++];

		if (ch == '\n') {
			int rc;

			c->buf[c->len] = '\0';
			c->last_line = eloop_now_ms();
			rc = run_line(c);
			c->len = 0;
			c->overflow = false;
			if (rc < 0)
				return rc;
			if (rc == 1) {
				if (!c->out_len) {
					client_close(c);
					return -ECONNRESET;
				}
				c->quitting = true;
				return 1;
			}
			if (c->out_len > VT_OUT_PAUSE)
				return 1;
		} else if (ch >= 0x20 && ch < 0x7f) {
			/* Keeps printable text only: drops \r and telnet negotiation bytes. */
			if (c->len + 1 < sizeof(c->buf))
				c->buf[c->len++] = (char)ch;
			else
				c->overflow = true;
		}
	}
	c->in_off = c->in_len = 0;
	return 0;
}

static void client_readable(int fd, void *ctx);

static void client_pause(struct vt_client *c)
{
	eloop_del_fd(c->vt->el, c->fd);
	c->reading = false;
}

/* Its queue drained: the client's pending bytes are used, then it is read again. */
static void client_resume(struct vt_client *c)
{
	int rc = client_input(c);

	if (rc != 0)
		return;
	rc = eloop_add_fd(c->vt->el, c->fd, client_readable, c);
	if (rc < 0) {
		client_drop(c, "event loop full");
		return;
	}
	c->reading = true;
}

static void client_writable(int fd, void *ctx)
{
	struct vt_client *c = ctx;
	ssize_t w = send_some(fd, c->out + c->out_off, c->out_len);

	if (w < 0) {
		client_close(c);
		return;
	}
	c->out_off += (size_t)w;
	c->out_len -= (size_t)w;
	if (c->out_len)
		return;
	eloop_clear_writable(c->vt->el, fd);
	if (c->quitting)
		client_close(c);
	else if (!c->reading)
		client_resume(c);
}

static void client_readable(int fd, void *ctx)
{
	struct vt_client *c = ctx;
	ssize_t n = recv(fd, c->in, sizeof(c->in), 0);

	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return;
	if (n == 0 && c->out_len) {
		/* Done sending (`printf 'bc\n' | nc`): still owed its answers. */
		c->quitting = true;
		client_pause(c);
		return;
	}
	if (n <= 0) {
		client_close(c);
		return;
	}
	c->in_off = 0;
	c->in_len = (size_t)n;
	if (client_input(c) == 1)
		client_pause(c);
}

static void listener_readable(int fd, void *ctx)
{
	static const char busy[] = "too many sessions\n";
	struct vt *vt = ctx;
	int cfd = accept4(fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);

	if (cfd < 0)
		return;
	for (unsigned i = 0; i < VT_MAX_CLIENTS; i++) {
		struct vt_client *c = &vt->clients[i];

		if (c->fd >= 0)
			continue;
		if (eloop_add_fd(vt->el, cfd, client_readable, c) < 0) {
			close(cfd);
			return;
		}
		c->fd = cfd;
		c->reading = true;
		c->last_line = eloop_now_ms();
		c->len = 0;
		c->overflow = false;
		client_write(c, VT_PROMPT, strlen(VT_PROMPT));
		return;
	}
	/* A new socket's buffer is empty: the answer fits, or the client is gone anyway. */
	send_some(cfd, busy, sizeof(busy) - 1);
	close(cfd);
}

/* The idle timeout as a deadline source of the loop rather than a check made when the
 * table is full: a client that stopped reading holds output and kernel buffers, which
 * are given back on time, not when an eighth client happens to connect. */
static uint64_t vt_deadline(void *ctx)
{
	const struct vt *vt = ctx;
	uint64_t next = UINT64_MAX;

	for (unsigned i = 0; i < VT_MAX_CLIENTS; i++)
		if (vt->clients[i].fd >= 0 && vt->clients[i].last_line + vt->idle_ms < next)
			next = vt->clients[i].last_line + vt->idle_ms;
	return next;
}

static void vt_due(void *ctx)
{
	struct vt *vt = ctx;
	uint64_t now = eloop_now_ms();

	for (unsigned i = 0; i < VT_MAX_CLIENTS; i++) {
		struct vt_client *c = &vt->clients[i];

		if (c->fd >= 0 && c->last_line + vt->idle_ms <= now)
			client_drop(c, c->out_len ? "not reading its output" : "idle");
	}
}

static int listen_on(int family, uint16_t port, uint16_t *bound)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int fd, one = 1;

	memset(&ss, 0, sizeof(ss));
	if (family == AF_INET) {
		struct sockaddr_in *sin = (struct sockaddr_in *)&ss;

		sin->sin_family = AF_INET;
		sin->sin_port = htons(port);
		sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		len = sizeof(*sin);
	} else {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;

		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(port);
		sin6->sin6_addr = in6addr_loopback;
		len = sizeof(*sin6);
	}
	fd = socket(family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -errno;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (family == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&ss, len) < 0 || listen(fd, 8) < 0) {
		int err = -errno;

		close(fd);
		return err;
	}
	if (getsockname(fd, (struct sockaddr *)&ss, &len) == 0)
		*bound = ntohs(family == AF_INET ? ((struct sockaddr_in *)&ss)->sin_port
						 : ((struct sockaddr_in6 *)&ss)->sin6_port);
	return fd;
}

struct vt *vt_open(struct eloop *el, struct engine *e, uint16_t port)
{
	struct vt *vt = calloc(1, sizeof(*vt));
	uint16_t bound = port;
	int rc, rc4, rc6;

	if (!vt)
		return NULL;
	vt->el = el;
	vt->e = e;
	vt->idle_ms = VT_IDLE_MS;
	rc = eloop_add_deadline_source(el, vt_deadline, vt_due, vt);
	if (rc < 0) {
		free(vt);
		errno = -rc;
		return NULL;
	}
	for (unsigned i = 0; i < VT_MAX_CLIENTS; i++) {
		vt->clients[i].fd = -1;
		vt->clients[i].vt = vt;
	}
	rc4 = listen_on(AF_INET, port, &bound);
	vt->port = bound;
	/* ::1 on the same port; a namespace whose loopback has no IPv6 keeps IPv4 only. */
	rc6 = listen_on(AF_INET6, rc4 >= 0 ? bound : port, &bound);
	if (rc4 < 0 && rc6 < 0) {
		eloop_del_deadline_source(el, vt_deadline, vt);
		free(vt);
		errno = -rc4;
		return NULL;
	}
	if (rc4 < 0)
		vt->port = bound;
	vt->lfd[0] = rc4;
	vt->lfd[1] = rc6;
	for (int i = 0; i < 2; i++) {
		if (vt->lfd[i] >= 0 && eloop_add_fd(el, vt->lfd[i], listener_readable, vt) < 0) {
			close(vt->lfd[i]);
			vt->lfd[i] = -1;
		}
	}
	if (rc4 < 0 || rc6 < 0)
		log_debug("vt: listening on %s only", rc4 >= 0 ? "127.0.0.1" : "::1");
	log_info("vt: listening on port %u", vt->port);
	return vt;
}

void vt_set_stats_hook(struct vt *vt, void (*hook)(FILE *out))
{
	vt->stats_hook = hook;
}

void vt_set_idle_timeout(struct vt *vt, unsigned ms)
{
	vt->idle_ms = ms;
}

uint16_t vt_port(const struct vt *vt)
{
	return vt->port;
}

void vt_close(struct vt *vt)
{
	if (!vt)
		return;
	for (unsigned i = 0; i < VT_MAX_CLIENTS; i++)
		if (vt->clients[i].fd >= 0)
			client_close(&vt->clients[i]);
	for (int i = 0; i < 2; i++) {
		if (vt->lfd[i] >= 0) {
			eloop_del_fd(vt->el, vt->lfd[i]);
			close(vt->lfd[i]);
		}
	}
	eloop_del_deadline_source(vt->el, vt_deadline, vt);
	free(vt);
}
