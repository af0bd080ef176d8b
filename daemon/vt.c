/* vt.c - virtual terminal server (see vt.h). */
#include "vt.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "eloop.h"
#include "engine.h"
#include "log.h"

#define VT_MAX_CLIENTS 8
#define VT_LINE_MAX 256
#define VT_PROMPT "mip6d> "

struct vt_client {
	struct vt *vt;
	int fd;
	size_t len;
	bool overflow;          /* discarding the rest of a too long line */
	char buf[VT_LINE_MAX];
};

struct vt {
	struct eloop *el;
	struct engine *e;
	int lfd[2];
	uint16_t port;
	void (*stats_hook)(FILE *out);
	struct vt_client clients[VT_MAX_CLIENTS];
};

static void send_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = send(fd, p, n, MSG_NOSIGNAL);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return; /* a stuck or closed client loses its output, not the daemon */
		p += w;
		n -= (size_t)w;
	}
}

static void client_close(struct vt_client *c)
{
	eloop_del_fd(c->vt->el, c->fd);
	close(c->fd);
	c->fd = -1;
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

static bool run_line(struct vt_client *c, const char *line)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	int quit;

	if (!out) {
		send_all(c->fd, "out of memory\n", 14);
		return false;
	}
	quit = vt_command(c->vt, line, out);
	if (!quit)
		fputs(VT_PROMPT, out);
	fclose(out);
	send_all(c->fd, text, len);
	free(text);
	return quit != 0;
}

static void client_readable(int fd, void *ctx)
{
	struct vt_client *c = ctx;
	char buf[512];
	ssize_t n = recv(fd, buf, sizeof(buf), 0);

	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return;
	if (n <= 0) {
		client_close(c);
		return;
	}
	for (ssize_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)buf[i];

		if (ch == '\n') {
			bool quit;

			c->buf[c->len] = '\0';
			if (c->overflow) {
				static const char msg[] = "line too long\n" VT_PROMPT;

				send_all(fd, msg, sizeof(msg) - 1);
				quit = false;
			} else {
				quit = run_line(c, c->buf);
			}
			c->len = 0;
			c->overflow = false;
			if (quit) {
				client_close(c);
				return;
			}
		} else if (ch >= 0x20 && ch < 0x7f) {
			/* Keeps printable text only: drops \r and telnet negotiation bytes. */
			if (c->len + 1 < sizeof(c->buf))
				c->buf[c->len++] = (char)ch;
			else
				c->overflow = true;
		}
	}
}

static void listener_readable(int fd, void *ctx)
{
	struct vt *vt = ctx;
	struct timeval tv = { .tv_sec = 2 };
	int cfd = accept4(fd, NULL, NULL, SOCK_CLOEXEC);

	if (cfd < 0)
		return;
	for (unsigned i = 0; i < VT_MAX_CLIENTS; i++) {
		struct vt_client *c = &vt->clients[i];

		if (c->fd >= 0)
			continue;
		c->fd = cfd;
		c->len = 0;
		c->overflow = false;
		setsockopt(cfd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
		if (eloop_add_fd(vt->el, cfd, client_readable, c) < 0) {
			close(cfd);
			c->fd = -1;
			return;
		}
		send_all(cfd, VT_PROMPT, strlen(VT_PROMPT));
		return;
	}
	send_all(cfd, "too many sessions\n", 18);
	close(cfd);
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
	int rc4, rc6;

	if (!vt)
		return NULL;
	vt->el = el;
	vt->e = e;
	for (unsigned i = 0; i < VT_MAX_CLIENTS; i++) {
		vt->clients[i].fd = -1;
		vt->clients[i].vt = vt;
	}
	rc4 = listen_on(AF_INET, port, &bound);
	vt->port = bound;
	/* ::1 on the same port; a namespace whose loopback has no IPv6 keeps IPv4 only. */
	rc6 = listen_on(AF_INET6, rc4 >= 0 ? bound : port, &bound);
	if (rc4 < 0 && rc6 < 0) {
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
	free(vt);
}
