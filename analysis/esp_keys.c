/* The key file of --esp-sa (docs/analyzer.md "ESP"): one SA per line,
 *   src dst spi reqid enc enc-key auth auth-key
 * '#' starts a comment. A wrong line is an error, not a warning: an SA
 * dropped silently would show its BUs as missing rather than protected. */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "esp.h"
#include "vec.h"

#define FIELDS 8

struct esp_state *esp_state(struct analyzer *an)
{
	if (!an->esp)
		an->esp = calloc(1, sizeof(*an->esp));
	return an->esp;
}

void esp_free(struct analyzer *an)
{
	if (!an->esp)
		return;
	free(an->esp->sa);
	free(an->esp);
	an->esp = NULL;
}

int esp_sa_add(struct analyzer *an, const struct esp_sa *sa)
{
	struct esp_state *es = esp_state(an);
	struct esp_sa *v;

	if (!es)
		return -1;
	v = an_grow(es->sa, &es->cap_sa, es->n_sa + 1, sizeof(*v));
	if (!v)
		return -1;
	es->sa = v;
	es->sa[es->n_sa++] = *sa;
	return 0;
}

/* "0x" and an even number of hex digits, exactly n bytes unless n is 0
 * (then 1 to max bytes, their count in *got). */
static bool hex_key(const char *s, uint8_t *out, size_t n, size_t max, size_t *got)
{
	size_t len;

	if (s[0] != '0' || (s[1] != 'x' && s[1] != 'X'))
		return false;
	s += 2;
	len = strlen(s);
	if (!len || len % 2 || (n ? len / 2 != n : len / 2 > max))
		return false;
	for (size_t i = 0; i < len / 2; i++) {
		unsigned v = 0;

		for (int k = 0; k < 2; k++) {
			char c = s[2 * i + (size_t)k];

			if (!isxdigit((unsigned char)c))
				return false;
			v = v << 4 | (unsigned)(isdigit((unsigned char)c) ? c - '0' :
						 tolower((unsigned char)c) - 'a' + 10);
		}
		out[i] = (uint8_t)v;
	}
	if (got)
		*got = len / 2;
	return true;
}

/* Hex with 0x, or decimal, within 32 bits. */
static bool number(const char *s, uint32_t *out)
{
	unsigned long long v;
	char *end;

	if (!isdigit((unsigned char)*s))
		return false;
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || *end || v > UINT32_MAX)
		return false;
	*out = (uint32_t)v;
	return true;
}

/* One SA line split into its fields; the message of its first wrong field
 * into *msg and that field's index, or -1 when it is right. */
static int sa_line(char *f[FIELDS], struct esp_sa *sa, const char **msg)
{
	size_t kl;

	if (inet_pton(AF_INET6, f[0], &sa->src) != 1) {
		*msg = "src: expected an IPv6 address";
		return 0;
	}
	if (inet_pton(AF_INET6, f[1], &sa->dst) != 1) {
		*msg = "dst: expected an IPv6 address";
		return 1;
	}
	if (!number(f[2], &sa->spi) || sa->spi < 256) {
		/* RFC 4303 §2.1: SPIs 1-255 are reserved, 0 is never sent. */
		*msg = "spi: expected a number from 256 to 0xffffffff (hex with 0x, or decimal)";
		return 2;
	}
	if (!number(f[3], &sa->reqid)) {
		*msg = "reqid: expected a number";
		return 3;
	}
	if (!strcmp(f[4], "cipher_null")) {
		sa->enc = ESP_ENC_NULL;
		if (strcmp(f[5], "-")) {
			*msg = "enc-key: cipher_null takes no key, expected '-'";
			return 5;
		}
	} else if (!strcmp(f[4], "cbc(aes)")) {
		sa->enc = ESP_ENC_AES_CBC;
		if (!hex_key(f[5], sa->enc_key, 0, sizeof(sa->enc_key), &kl) ||
		    (kl != 16 && kl != 24 && kl != 32)) {
			*msg = "enc-key: cbc(aes) needs a 128, 192 or 256-bit key in hex (0x + 32, 48 or 64 digits)";
			return 5;
		}
		sa->enc_key_len = kl;
	} else {
		*msg = "enc: expected cipher_null or cbc(aes)";
		return 4;
	}
	if (strcmp(f[6], "hmac(sha1)")) {
		*msg = "auth: expected hmac(sha1)";
		return 6;
	}
	if (!hex_key(f[7], sa->auth_key, sizeof(sa->auth_key), 0, NULL)) {
		*msg = "auth-key: hmac(sha1) needs a 160-bit key in hex (0x + 40 digits)";
		return 7;
	}
	sa->icv_len = ESP_ICV_LEN;
	return -1;
}

static bool same_sa(const struct esp_sa *a, const struct esp_sa *b)
{
	return a->spi == b->spi && !memcmp(&a->src, &b->src, 16) && !memcmp(&a->dst, &b->dst, 16);
}

int esp_keys_load(struct analyzer *an, const char *path, FILE *err)
{
	FILE *fp = fopen(path, "r");
	struct esp_state *es = esp_state(an);
	char line[1024];
	unsigned lineno = 0;
	int rc = 0;

	if (!fp || !es) {
		fprintf(err, "mip6-analyze: %s: %s\n", path, strerror(fp ? ENOMEM : errno));
		if (fp)
			fclose(fp);
		return -1;
	}
	snprintf(es->sa_file, sizeof(es->sa_file), "%s", path);
	while (fgets(line, sizeof(line), fp)) {
		char *f[FIELDS], *p = line, *hash = strchr(line, '#');
		struct esp_sa sa = { .line = ++lineno };
		const char *msg = NULL;
		size_t col[FIELDS + 1];
		int n = 0, bad;

		if (!strchr(line, '\n') && !feof(fp)) {
			fprintf(err, "mip6-analyze: %s:%u:1: line longer than %zu characters\n",
				path, lineno, sizeof(line) - 2);
			rc = -2;
			for (int c; (c = fgetc(fp)) != EOF && c != '\n';)
				;
			continue;
		}
		if (hash)
			*hash = '\0';
		for (;;) {
			p += strspn(p, " \t\r\n");
			if (!*p)
				break;
			col[n < FIELDS ? n : FIELDS] = (size_t)(p - line) + 1;
			if (n < FIELDS)
				f[n] = p;
			n++;
			p += strcspn(p, " \t\r\n");
			if (*p)
				*p++ = '\0';
		}
		if (!n)
			continue;
		if (n != FIELDS) {
			fprintf(err, "mip6-analyze: %s:%u:%zu: expected 8 fields (src dst spi reqid enc "
				"enc-key auth auth-key), found %d\n", path, lineno,
				n > FIELDS ? col[FIELDS] : (size_t)(p - line) + 1, n);
			rc = -2;
			continue;
		}
		bad = sa_line(f, &sa, &msg);
		if (bad >= 0) {
			fprintf(err, "mip6-analyze: %s:%u:%zu: %s\n", path, lineno, col[bad], msg);
			rc = -2;
			continue;
		}
		for (size_t i = 0; i < es->n_sa; i++)
			if (same_sa(&es->sa[i], &sa)) {
				fprintf(err, "mip6-analyze: %s:%u:%zu: spi: the SA of line %u again "
					"(same src, dst and spi)\n", path, lineno, col[2], es->sa[i].line);
				rc = -2;
				bad = 1;
				break;
			}
		if (bad < 0 && esp_sa_add(an, &sa) < 0) {
			fprintf(err, "mip6-analyze: %s: out of memory\n", path);
			rc = -1;
			break;
		}
	}
	if (ferror(fp)) {
		fprintf(err, "mip6-analyze: %s: %s\n", path, strerror(errno));
		rc = -1;
	}
	fclose(fp);
	return rc;
}
