/* echo.h - ICMPv6 Echo Request / Reply bytes of mip6-probe (RFC 4443 §4). */
#ifndef PROBE_ECHO_H
#define PROBE_ECHO_H

#include <stddef.h>
#include <stdint.h>

#define ECHO_HDR_LEN 8
#define ECHO_STAMP_LEN 16              /* send time: seconds, nanoseconds, big-endian u64 */
#define ECHO_DEFAULT_PAYLOAD 56        /* as ping: 64 bytes of ICMPv6 */

struct echo_stamp {
	uint64_t sec, nsec;
};

/* Writes an Echo Request of ECHO_HDR_LEN + payload bytes into buf; the payload starts
 * with the send time (payload >= ECHO_STAMP_LEN), then a fill pattern. The checksum is
 * left 0: the kernel computes it for ICMPv6 raw sockets (RFC 3542 §3.1). Returns the
 * length, or -1 when buf is too small or the payload cannot hold the stamp. */
int echo_build(uint8_t *buf, size_t cap, uint16_t id, uint16_t seq, size_t payload,
	       const struct echo_stamp *sent);

/* An Echo Reply with identifier id: its sequence number and send time. Returns 0, or -1
 * for anything else (another type, another identifier, too short for the stamp). */
int echo_parse_reply(const uint8_t *buf, size_t len, uint16_t id, uint16_t *seq,
		     struct echo_stamp *sent);

#endif
