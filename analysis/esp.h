/* ESP (RFC 4303) of the home registration (RFC 3776): the run's security
 * associations from its key file, every ESP packet counted by SPI, and those
 * of a listed SA checked (HMAC-SHA1-96, RFC 2404) and opened (NULL, RFC 2410,
 * or AES-CBC, RFC 3602) so that the Mobility Header inside is analysed as if
 * it had been sent in the clear. */
#ifndef MIP6_AN_ESP_H
#define MIP6_AN_ESP_H

#include "an.h"
#include "ip6pkt.h"

#define ESP_MAX_SPIS	64	/* SPIs counted one by one; more are counted together */
#define ESP_ICV_LEN	12	/* HMAC-SHA1-96 */

enum esp_enc { ESP_ENC_NULL, ESP_ENC_AES_CBC };

/* One line of the key file. */
struct esp_sa {
	struct in6_addr src, dst;	/* the home address and the home agent's */
	uint32_t spi, reqid;
	enum esp_enc enc;
	uint8_t enc_key[32];
	size_t enc_key_len;		/* 16, 24 or 32 for AES */
	uint8_t auth_key[20];		/* hmac(sha1) */
	size_t icv_len;			/* ESP_ICV_LEN; 0 (no integrity) only by code: the fuzz harness */
	unsigned line;
};

struct esp_spi {
	uint32_t spi;
	struct in6_addr src, dst;	/* as in the first packet's IPv6 header */
	uint64_t packets, decoded, icv_failed, malformed;
	bool known;			/* an SA of the key file has it */
};

struct esp_state {
	char sa_file[256];		/* "" without --esp-sa */
	struct esp_sa *sa;
	size_t n_sa, cap_sa;
	uint64_t packets, decoded, icv_failed, no_sa, malformed;
	uint64_t not_mh;		/* decoded, another protocol inside */
	struct esp_spi spi[ESP_MAX_SPIS];
	size_t n_spi;
	uint64_t spi_other;		/* packets of SPIs past ESP_MAX_SPIS */
	uint8_t buf[65536];		/* the packet being opened */
};

/* esp_keys.c. Read the key file into an->esp: 0; -1 when it cannot be read
 * (one line naming it); -2 when a line is wrong (each one reported as
 * FILE:LINE:COLUMN: message). */
int esp_keys_load(struct analyzer *an, const char *path, FILE *err);
int esp_sa_add(struct analyzer *an, const struct esp_sa *sa);
struct esp_state *esp_state(struct analyzer *an);	/* allocated on first use, NULL: no memory */
void esp_free(struct analyzer *an);

/* esp.c. An ESP header at l4 (info from ip6_parse): counted; with an SA,
 * its ICV checked and its payload opened. True with the inner protocol and
 * payload (in an->esp->buf) when it was. */
bool esp_open(struct analyzer *an, const struct ip6_info *info, const uint8_t *l4,
	      uint8_t *proto, const uint8_t **inner, size_t *inner_len);

/* report_esp.c */
void esp_report_text(const struct analyzer *an, FILE *f);	/* a line when ESP was seen */
void esp_report_json(const struct analyzer *an, FILE *f);	/* "esp" */

#endif
