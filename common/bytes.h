/* Big-endian field access on byte buffers. Callers check bounds first; these
 * go through bytes (never through a cast pointer) so that alignment and strict
 * aliasing never matter. */
#ifndef MIP6_BYTES_H
#define MIP6_BYTES_H

#include <stdint.h>
#include <string.h>
#include <netinet/in.h>

static inline uint16_t get_be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t get_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static inline void put_be16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

static inline void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = (v >> 16) & 0xff;
	p[2] = (v >> 8) & 0xff;
	p[3] = v & 0xff;
}

static inline void get_in6(struct in6_addr *a, const uint8_t *p)
{
	memcpy(a, p, sizeof(*a));
}

static inline void put_in6(uint8_t *p, const struct in6_addr *a)
{
	memcpy(p, a, sizeof(*a));
}

#endif
