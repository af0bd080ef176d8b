/* Internet checksum over the IPv6 pseudo-header (RFC 8200 §8.1), used for
 * ICMPv6 (next header 58) and the Mobility Header (135, RFC 6275 §6.1.1). */
#ifndef MIP6_CSUM_H
#define MIP6_CSUM_H

#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>

/* One's-complement checksum of pseudo-header(src, dst, len, next_header)
 * followed by data[0..len). Returns the 16-bit value in host order.
 * To fill in: zero the checksum field, call, store the result big-endian.
 * To verify: call over the data as received; the result is 0 when valid.
 * src/dst are the pseudo-header addresses: for MH with a Home Address option
 * src is the home address, and with a routing header dst is the final one. */
uint16_t csum6(const struct in6_addr *src, const struct in6_addr *dst,
	       uint8_t next_header, const void *data, size_t len);

#endif
