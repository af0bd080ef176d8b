/* ESP of the home registration (RFC 3776) for the golden scenarios: a BU or
 * BA built in the clear, its Mobility Header then carried in ESP transport
 * mode (RFC 4303): SPI, sequence number, [IV], payload, padding 1, 2, 3...,
 * pad length, next header 135, ICV = HMAC-SHA1-96 over all before it. The
 * keys are those of docs/analyzer.md's example key file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "bytes.h"
#include "writer.h"

const struct w_sa W_SA_BU_NULL = { .spi = 0x1000, .reqid = 1,
	.auth_key = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20 } };
const struct w_sa W_SA_BA_NULL = { .spi = 0x1001, .reqid = 2,
	.auth_key = { 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a,
		      0x1b, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x21, 0x22, 0x23, 0x24 } };
const struct w_sa W_SA_BU_AES = { .spi = 0x1000, .reqid = 1, .aes = true,
	.enc_key = { 0xf0, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7,
		     0xf8, 0xf9, 0xfa, 0xfb, 0xfc, 0xfd, 0xfe, 0xff },
	.auth_key = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20 } };
const struct w_sa W_SA_BA_AES = { .spi = 0x1001, .reqid = 2, .aes = true,
	.enc_key = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 },
	.auth_key = { 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a,
		      0x1b, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x21, 0x22, 0x23, 0x24 } };

#define ICV 12

size_t w_esp(uint8_t *buf, const struct w_sa *sa, uint32_t seq, const uint8_t *plain, size_t len)
{
	struct ip6_info info;
	uint8_t pt[2048], *esp;
	size_t hdr, body, n, block = sa->aes ? 16 : 4, iv = sa->aes ? 16 : 0;
	unsigned md_len = 0;
	int n1 = 0, n2 = 0;

	if (ip6_parse(plain, len, &info) != PKT_OK || info.proto != IPPROTO_MH)
		abort();
	hdr = info.l4_off;
	body = info.l4_len;
	memcpy(buf, plain, hdr);
	/* The header before the MH (both of ours are 24 bytes) now names ESP. */
	buf[hdr == IP6_HDR_LEN ? 6 : hdr - 24] = IPPROTO_ESP;
	memcpy(pt, plain + hdr, body);
	n = body;
	for (uint8_t k = 1; (n + 2) % block; k++)
		pt[n++] = k;
	pt[n] = (uint8_t)(n - body);
	pt[n + 1] = IPPROTO_MH;
	n += 2;
	esp = buf + hdr;
	put_be32(esp, sa->spi);
	put_be32(esp + 4, seq);
	if (sa->aes) {
		EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();

		/* A fixed IV per sequence number: the scenarios stay the same bytes. */
		for (int i = 0; i < 16; i++)
			esp[8 + i] = (uint8_t)(seq * 7 + (uint32_t)i * 13);
		if (!ctx || EVP_EncryptInit_ex(ctx, EVP_aes_128_cbc(), NULL, sa->enc_key, esp + 8) != 1 ||
		    EVP_CIPHER_CTX_set_padding(ctx, 0) != 1 ||
		    EVP_EncryptUpdate(ctx, esp + 8 + iv, &n1, pt, (int)n) != 1 ||
		    EVP_EncryptFinal_ex(ctx, esp + 8 + iv + n1, &n2) != 1)
			abort();
		EVP_CIPHER_CTX_free(ctx);
	} else {
		memcpy(esp + 8, pt, n);
	}
	if (!HMAC(EVP_sha1(), sa->auth_key, sizeof(sa->auth_key), esp, 8 + iv + n, pt, &md_len))
		abort();
	memcpy(esp + 8 + iv + n, pt, ICV);
	put_be16(buf + 4, (uint16_t)(hdr - IP6_HDR_LEN + 8 + iv + n + ICV));
	return hdr + 8 + iv + n + ICV;
}

static void key_hex(FILE *f, const uint8_t *k, size_t n)
{
	fputs("0x", f);
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%02x", k[i]);
}

int w_esp_keys(const char *dir, const struct w_sa *bu, const struct w_sa *ba)
{
	char path[1024];
	const struct w_sa *sa[2] = { bu, ba };
	FILE *f;

	snprintf(path, sizeof(path), "%s/ipsec.keys", dir);
	f = fopen(path, "w");
	if (!f)
		return -1;
	fputs("# src             dst              spi         reqid  enc          enc-key"
	      "                             auth        auth-key\n", f);
	for (int i = 0; i < 2; i++) {
		fprintf(f, "%-17s %-16s 0x%08x  %-6u %-12s ", i ? "2001:db8::" : "2001:db8::beef",
			i ? "2001:db8::beef" : "2001:db8::", sa[i]->spi, sa[i]->reqid,
			sa[i]->aes ? "cbc(aes)" : "cipher_null");
		if (sa[i]->aes)
			key_hex(f, sa[i]->enc_key, sizeof(sa[i]->enc_key));
		else
			fputs("-                                 ", f);
		fputs("  hmac(sha1)  ", f);
		key_hex(f, sa[i]->auth_key, sizeof(sa[i]->auth_key));
		fputc('\n', f);
	}
	return fclose(f);
}
