/* echo.c - ICMPv6 Echo Request / Reply bytes of mip6-probe. */
#include <string.h>

#include "bytes.h"
#include "echo.h"

#define ICMP6_ECHO_REQUEST_TYPE 128
#define ICMP6_ECHO_REPLY_TYPE 129

static void put_u64(uint8_t *p, uint64_t v)
{
	for (int i = 7; i >= 0; i--, v >>= 8)
		p[i] = (uint8_t)v;
}

static uint64_t get_u64(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 0; i < 8; i++)
		v = v << 8 | p[i];
	return v;
}

int echo_build(uint8_t *buf, size_t cap, uint16_t id, uint16_t seq, size_t payload,
	       const struct echo_stamp *sent)
{
	size_t len = ECHO_HDR_LEN + payload;

	if (payload < ECHO_STAMP_LEN || len > cap || len > 0xffff)
		return -1;
	buf[0] = ICMP6_ECHO_REQUEST_TYPE;
	buf[1] = 0;
	put_be16(buf + 2, 0);
	put_be16(buf + 4, id);
	put_be16(buf + 6, seq);
	put_u64(buf + ECHO_HDR_LEN, sent->sec);
	put_u64(buf + ECHO_HDR_LEN + 8, sent->nsec);
	for (size_t i = ECHO_HDR_LEN + ECHO_STAMP_LEN; i < len; i++)
		buf[i] = (uint8_t)i;
	return (int)len;
}

int echo_parse_reply(const uint8_t *buf, size_t len, uint16_t id, uint16_t *seq,
		     struct echo_stamp *sent)
{
	if (len < ECHO_HDR_LEN + ECHO_STAMP_LEN || buf[0] != ICMP6_ECHO_REPLY_TYPE ||
	    buf[1] != 0 || get_be16(buf + 4) != id)
		return -1;
	*seq = get_be16(buf + 6);
	sent->sec = get_u64(buf + ECHO_HDR_LEN);
	sent->nsec = get_u64(buf + ECHO_HDR_LEN + 8);
	if (sent->nsec >= 1000000000u)
		return -1;
	return 0;
}
