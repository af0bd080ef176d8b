/* JSON writing helpers shared by the JSON report's files: a value that was
 * not observed is null, times are Unix seconds with microseconds, durations
 * milliseconds. */
#ifndef MIP6_AN_JW_H
#define MIP6_AN_JW_H

#include <arpa/inet.h>
#include <stdio.h>

#include "an.h"

static inline void jstr(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

static inline void jopt(FILE *f, const char *s)
{
	if (s)
		jstr(f, s);
	else
		fputs("null", f);
}

static inline void jts(FILE *f, ts_t t)
{
	char buf[32];

	if (t == T_NONE) {
		fputs("null", f);
		return;
	}
	fmt_ts(buf, sizeof(buf), t);
	fputs(buf, f);
}

static inline void jms(FILE *f, int64_t ns)
{
	if (ns == T_NONE)
		fputs("null", f);
	else
		fprintf(f, "%.3f", (double)ns / 1e6);
}

static inline void jaddr(FILE *f, const struct in6_addr *a)
{
	char buf[INET6_ADDRSTRLEN];

	fmt_addr(buf, sizeof(buf), a);
	jstr(f, buf);
}

static inline void jpoint(FILE *f, const struct analyzer *an, int p)
{
	if (p < 0)
		fputs("null", f);
	else
		jstr(f, an->points[p].name);
}


static inline void jflags(FILE *f, uint16_t fl)
{
	char buf[8], *p = buf;

	if (fl & MH_BU_A) *p++ = 'A';
	if (fl & MH_BU_H) *p++ = 'H';
	if (fl & MH_BU_L) *p++ = 'L';
	if (fl & MH_BU_K) *p++ = 'K';
	*p = '\0';
	jstr(f, buf);
}

#endif
