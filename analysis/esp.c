/* Opening ESP packets (esp.h): the SA by SPI and addresses, the ICV over
 * the ESP header and payload, the payload decrypted, the trailer (padding,
 * pad length, next header) checked and stripped. */
#include <string.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "bytes.h"
#include "esp.h"

#define ESP_HDR_LEN	8	/* SPI, sequence number */
#define AES_BLOCK	16

static bool addr_eq(const struct in6_addr *a, const struct in6_addr *b)
{
	return memcmp(a, b, sizeof(*a)) == 0;
}

/* In transport mode the SA is between the home address and the home agent,
 * while the IPv6 header carries the care-of address: the addresses the HAO
 * and the type 2 routing header stand for count as well. */
static const struct esp_sa *find_sa(const struct esp_state *es, uint32_t spi,
				    const struct ip6_info *info)
{
	for (size_t i = 0; i < es->n_sa; i++) {
		const struct esp_sa *sa = &es->sa[i];

		if (sa->spi == spi &&
		    (addr_eq(&sa->src, &info->src) || addr_eq(&sa->src, &info->ph_src)) &&
		    (addr_eq(&sa->dst, &info->dst) || addr_eq(&sa->dst, &info->ph_dst)))
			return sa;
	}
	return NULL;
}

static struct esp_spi *spi_of(struct esp_state *es, uint32_t spi, const struct ip6_info *info)
{
	struct esp_spi *s;

	for (size_t i = 0; i < es->n_spi; i++)
		if (es->spi[i].spi == spi)
			return &es->spi[i];
	if (es->n_spi == ESP_MAX_SPIS)
		return NULL;
	s = &es->spi[es->n_spi++];
	memset(s, 0, sizeof(*s));
	s->spi = spi;
	s->src = info->src;
	s->dst = info->dst;
	for (size_t i = 0; i < es->n_sa && !s->known; i++)
		s->known = es->sa[i].spi == spi;
	return s;
}

static bool icv_ok(const struct esp_sa *sa, const uint8_t *esp, size_t covered)
{
	uint8_t md[EVP_MAX_MD_SIZE];
	unsigned md_len = 0;

	if (!sa->icv_len)
		return true;
	if (!HMAC(EVP_sha1(), sa->auth_key, sizeof(sa->auth_key), esp, covered, md, &md_len) ||
	    md_len < sa->icv_len)
		return false;
	return CRYPTO_memcmp(md, esp + covered, sa->icv_len) == 0;
}

static const EVP_CIPHER *aes_cbc(size_t key_len)
{
	return key_len == 32 ? EVP_aes_256_cbc() : key_len == 24 ? EVP_aes_192_cbc() :
	       EVP_aes_128_cbc();
}

/* The payload (after the IV for AES) into out; its length, or 0 when it
 * cannot be decrypted (not whole blocks). */
static size_t decrypt(const struct esp_sa *sa, const uint8_t *p, size_t len, uint8_t *out)
{
	EVP_CIPHER_CTX *ctx;
	int n1 = 0, n2 = 0;
	bool ok;

	if (sa->enc == ESP_ENC_NULL) {
		memcpy(out, p, len);
		return len;
	}
	if (len < 2 * AES_BLOCK || len % AES_BLOCK)
		return 0;
	ctx = EVP_CIPHER_CTX_new();
	if (!ctx)
		return 0;
	/* ESP's own padding follows the payload: the cipher adds none. */
	ok = EVP_DecryptInit_ex(ctx, aes_cbc(sa->enc_key_len), NULL, sa->enc_key, p) == 1 &&
	     EVP_CIPHER_CTX_set_padding(ctx, 0) == 1 &&
	     EVP_DecryptUpdate(ctx, out, &n1, p + AES_BLOCK, (int)(len - AES_BLOCK)) == 1 &&
	     EVP_DecryptFinal_ex(ctx, out + n1, &n2) == 1;
	EVP_CIPHER_CTX_free(ctx);
	return ok ? (size_t)(n1 + n2) : 0;
}

bool esp_open(struct analyzer *an, const struct ip6_info *info, const uint8_t *esp,
	      uint8_t *proto, const uint8_t **inner, size_t *inner_len)
{
	struct esp_state *es = esp_state(an);
	const struct esp_sa *sa;
	struct esp_spi *s;
	size_t len = info->l4_len, plain, pad;
	uint32_t spi;

	if (!es)
		return false;
	es->packets++;
	if (len < ESP_HDR_LEN) {
		es->malformed++;
		return false;
	}
	spi = get_be32(esp);
	s = spi_of(es, spi, info);
	if (s)
		s->packets++;
	else
		es->spi_other++;
	sa = find_sa(es, spi, info);
	if (!sa) {
		es->no_sa++;
		return false;
	}
	if (len < ESP_HDR_LEN + sa->icv_len + 2) {
		es->malformed++;
		if (s)
			s->malformed++;
		return false;
	}
	if (!icv_ok(sa, esp, len - sa->icv_len)) {
		es->icv_failed++;
		if (s)
			s->icv_failed++;
		return false;
	}
	plain = decrypt(sa, esp + ESP_HDR_LEN, len - ESP_HDR_LEN - sa->icv_len, es->buf);
	/* RFC 4303 §2.4: padding bytes count 1, 2, 3... unless the SA says otherwise. */
	pad = plain >= 2 ? es->buf[plain - 2] : 0;
	for (size_t i = 0; plain >= 2 && pad + 2 <= plain && i < pad; i++)
		if (es->buf[plain - 2 - pad + i] != (uint8_t)(i + 1))
			plain = 0;
	if (plain < 2 || pad + 2 > plain) {
		es->malformed++;
		if (s)
			s->malformed++;
		return false;
	}
	es->decoded++;
	if (s)
		s->decoded++;
	*proto = es->buf[plain - 1];
	*inner = es->buf;
	*inner_len = plain - pad - 2;
	if (*proto != IPPROTO_MH)
		es->not_mh++;
	return true;
}
