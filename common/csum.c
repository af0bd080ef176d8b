#include <string.h>

#include "csum.h"

/* Sum of big-endian 16-bit words; an odd trailing byte is padded with zero. */
static uint64_t sum_bytes(uint64_t sum, const uint8_t *p, size_t len)
{
	while (len >= 8) {
		uint16_t w[4];
		uint8_t b[8];

		memcpy(b, p, 8);
		w[0] = (uint16_t)(b[0] << 8 | b[1]);
		w[1] = (uint16_t)(b[2] << 8 | b[3]);
		w[2] = (uint16_t)(b[4] << 8 | b[5]);
		w[3] = (uint16_t)(b[6] << 8 | b[7]);
		sum += (uint64_t)w[0] + w[1] + w[2] + w[3];
		p += 8;
		len -= 8;
	}
	while (len >= 2) {
		sum += (uint16_t)(p[0] << 8 | p[1]);
		p += 2;
		len -= 2;
	}
	if (len)
		sum += (uint16_t)(p[0] << 8);
	return sum;
}

uint16_t csum6(const struct in6_addr *src, const struct in6_addr *dst,
	       uint8_t next_header, const void *data, size_t len)
{
	/* The pseudo-header is assembled in a byte array with memcpy: a
	 * type-punned struct here is what broke UMIP's RS checksums under
	 * gcc -O2 strict aliasing. */
	uint8_t ph[40];
	uint64_t sum;
	uint32_t len32 = (uint32_t)len;

	memcpy(ph, src, 16);
	memcpy(ph + 16, dst, 16);
	ph[32] = len32 >> 24;
	ph[33] = (len32 >> 16) & 0xff;
	ph[34] = (len32 >> 8) & 0xff;
	ph[35] = len32 & 0xff;
	ph[36] = ph[37] = ph[38] = 0;
	ph[39] = next_header;

	sum = sum_bytes(0, ph, sizeof(ph));
	sum = sum_bytes(sum, data, len);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}
