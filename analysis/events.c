/* events.log: "<unix-seconds.micro> <node> <event> [key=value ...]", one
 * action per line, written by the lab scripts. `move` opens the handover
 * windows, `stream-start` announces an RTP stream and `ha-stop` a home
 * agent's death (had.h); other events are counted. */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "an.h"
#include "had.h"
#include "vec.h"

/* Parse "S.F" (F up to 9 digits) into ns; returns chars used or 0. */
static size_t parse_time(const char *s, ts_t *out)
{
	const char *p = s;
	int64_t sec = 0, frac = 0;
	int digits = 0;

	if (!isdigit((unsigned char)*p))
		return 0;
	while (isdigit((unsigned char)*p)) {
		if (sec > (INT64_MAX / NS_PER_SEC) / 10)
			return 0;
		sec = sec * 10 + (*p++ - '0');
	}
	if (*p == '.') {
		p++;
		while (isdigit((unsigned char)*p)) {
			if (digits < 9) {
				frac = frac * 10 + (*p - '0');
				digits++;
			}
			p++;
		}
	}
	while (digits++ < 9)
		frac *= 10;
	*out = sec * NS_PER_SEC + frac;
	return (size_t)(p - s);
}

static int cmp_move(const void *a, const void *b)
{
	const struct ev_move *x = a, *y = b;

	return (x->t > y->t) - (x->t < y->t);
}

static void copy_word(char *dst, size_t n, const char *s, size_t len)
{
	if (len >= n)
		len = n - 1;
	memcpy(dst, s, len);
	dst[len] = '\0';
}

/* An unsigned decimal up to max in s[0..n); false otherwise. */
static bool parse_uint(const char *s, size_t n, unsigned long max, unsigned long *out)
{
	unsigned long v = 0;

	if (!n)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return false;
		v = v * 10 + (unsigned long)(s[i] - '0');
		if (v > max)
			return false;
	}
	*out = v;
	return true;
}

static bool parse_addr(const char *s, size_t n, struct in6_addr *a)
{
	char buf[INET6_ADDRSTRLEN];

	if (n >= sizeof(buf))
		return false;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return inet_pton(AF_INET6, buf, a) == 1;
}

/* "stream-start kind=K dst=A dport=N [src=A] [ssrc=N] [pt=N] [clock=HZ]
 * [tx=NODE] [rx=NODE]" (scenarios/lib-stream.sh): a stream to recognise by
 * its destination and port. Returns the column of a bad field, 0 when fine. */
static size_t stream_line(struct analyzer *an, const char *line, const char *p)
{
	struct stream_cfg c;
	bool has_dst = false, has_port = false;

	memset(&c, 0, sizeof(c));
	c.pt = -1;
	while (*p) {
		size_t kl, vl;
		const char *eq, *v;
		unsigned long u;
		bool ok = true;

		p += strspn(p, " \t");
		kl = strcspn(p, " \t");
		if (!kl)
			break;
		eq = memchr(p, '=', kl);
		if (!eq) {
			p += kl;
			continue;
		}
		v = eq + 1;
		vl = kl - (size_t)(v - p);
#define KEY(k) ((size_t)(eq - p) == strlen(k) && memcmp(p, k, strlen(k)) == 0)
		if (KEY("kind"))
			copy_word(c.kind, sizeof(c.kind), v, vl);
		else if (KEY("tx"))
			copy_word(c.tx, sizeof(c.tx), v, vl);
		else if (KEY("rx"))
			copy_word(c.rx, sizeof(c.rx), v, vl);
		else if (KEY("dst"))
			ok = has_dst = parse_addr(v, vl, &c.dst);
		else if (KEY("src"))
			ok = c.has_src = parse_addr(v, vl, &c.src);
		else if (KEY("dport")) {
			ok = has_port = parse_uint(v, vl, 65535, &u);
			c.dport = ok ? (uint16_t)u : 0;
		} else if (KEY("ssrc")) {
			ok = c.has_ssrc = parse_uint(v, vl, UINT32_MAX, &u);
			c.ssrc = ok ? (uint32_t)u : 0;
		} else if (KEY("pt")) {
			ok = parse_uint(v, vl, 127, &u);
			c.pt = ok ? (int)u : -1;
		} else if (KEY("clock")) {
			ok = parse_uint(v, vl, 10000000, &u) && u > 0;
			c.clock = ok ? (uint32_t)u : 0;
		}
#undef KEY
		if (!ok)
			return (size_t)(v - line) + 1;
		p += kl;
	}
	if (!has_dst || !has_port)
		return (size_t)(p - line) + 1;
	if (an->n_stream_cfg < AN_MAX_STREAM_CFG)
		an->stream_cfg[an->n_stream_cfg++] = c;
	return 0;
}

/* The handovers' windows are the mobile node's own moves: another node's
 * moves (several MNs moving together) are kept apart, for their own nodes. */
static void split_moves(struct analyzer *an)
{
	size_t k = 0;

	if (!an->n_moves || !an->mn_node[0])
		return;
	an->all_moves = malloc(an->n_moves * sizeof(*an->all_moves));
	if (!an->all_moves)
		return;
	memcpy(an->all_moves, an->moves, an->n_moves * sizeof(*an->moves));
	an->n_all_moves = an->n_moves;
	for (size_t i = 0; i < an->n_moves; i++)
		if (strcmp(an->moves[i].node, an->mn_node) == 0)
			an->moves[k++] = an->moves[i];
	an->n_moves = k;
}

int an_events_load(struct analyzer *an, const char *path, FILE *err)
{
	FILE *f = fopen(path, "r");
	char line[1024];
	size_t lineno = 0, cap = 0;

	if (!f) {
		fprintf(err, "mip6-analyze: %s: %s\n", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		char *p = line, *node, *ev;
		size_t n, nl, el;
		ts_t t;

		lineno++;
		line[strcspn(line, "\r\n")] = '\0';
		if (!*line || *line == '#')
			continue;
		an->events_lines++;
		n = parse_time(p, &t);
		if (!n || (p[n] != ' ' && p[n] != '\t')) {
			fprintf(err, "mip6-analyze: %s:%zu:%zu: expected <seconds.micro> <node> <event>\n",
				path, lineno, n + 1);
			an->events_bad++;
			continue;
		}
		p += n + strspn(p + n, " \t");
		node = p;
		nl = strcspn(p, " \t");
		p += nl + strspn(p + nl, " \t");
		ev = p;
		el = strcspn(p, " \t");
		if (!nl || !el) {
			fprintf(err, "mip6-analyze: %s:%zu:%zu: missing %s\n", path, lineno,
				(size_t)(p - line) + 1, nl ? "event" : "node");
			an->events_bad++;
			continue;
		}
		if (el == 12 && memcmp(ev, "stream-start", 12) == 0) {
			size_t col = stream_line(an, line, ev + el);

			if (col) {
				fprintf(err, "mip6-analyze: %s:%zu:%zu: stream-start needs dst=ADDRESS dport=PORT "
					"(and numbers in ssrc=, pt=, clock=)\n", path, lineno, col);
				an->events_bad++;
			}
			continue;
		}
		if (el == 7 && memcmp(ev, "ha-stop", 7) == 0) {
			struct in6_addr ha;
			bool has_ha = false;

			for (p = ev + el; *p;) {
				size_t kl;

				p += strspn(p, " \t");
				kl = strcspn(p, " \t");
				if (kl > 3 && memcmp(p, "ha=", 3) == 0)
					has_ha = parse_addr(p + 3, kl - 3, &ha);
				p += kl;
			}
			had_ha_stop(an, t, node, nl, has_ha ? &ha : NULL);
			continue;
		}
		if (el == 4 && memcmp(ev, "move", 4) == 0) {
			struct ev_move *m = an_grow(an->moves, &cap, an->n_moves + 1, sizeof(*m));

			if (!m)
				break;
			an->moves = m;
			m = &an->moves[an->n_moves++];
			memset(m, 0, sizeof(*m));
			m->t = t;
			copy_word(m->node, sizeof(m->node), node, nl);
			for (p = ev + el; *p;) {
				size_t kl, vl;
				char *eq;

				p += strspn(p, " \t");
				kl = strcspn(p, " \t");
				eq = memchr(p, '=', kl);
				if (eq) {
					vl = kl - (size_t)(eq - p) - 1;
					if (eq - p == 4 && memcmp(p, "from", 4) == 0)
						copy_word(m->from, sizeof(m->from), eq + 1, vl);
					else if (eq - p == 2 && memcmp(p, "to", 2) == 0)
						copy_word(m->to, sizeof(m->to), eq + 1, vl);
				}
				p += kl;
			}
			if (!an->mn_node[0])
				copy_word(an->mn_node, sizeof(an->mn_node), node, nl);
		}
	}
	fclose(f);
	if (an->n_moves)	/* qsort's array may not be NULL, even when empty */
		qsort(an->moves, an->n_moves, sizeof(*an->moves), cmp_move);
	split_moves(an);
	return 0;
}
