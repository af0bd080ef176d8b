/* events.log: "<unix-seconds.micro> <node> <event> [key=value ...]", one
 * action per line, written by the lab scripts. Only `move` matters for the
 * handover windows; other events are counted. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "an.h"
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
	return 0;
}
