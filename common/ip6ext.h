/* IPv6 extension headers of Mobile IPv6: the Destination Options header
 * carrying the Home Address option (RFC 6275 §6.3) and the type 2 routing
 * header (§6.4). Buffers start at the extension header's Next Header byte. */
#ifndef MIP6_IP6EXT_H
#define MIP6_IP6EXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>

#include "pkt_err.h"

#define IP6_HDR_LEN	40
#define IP6_OPT_HAO	201	/* Home Address option type */
#define HAO_HDR_LEN	24	/* Dest-opts header: 2 + PadN(4) + HAO(18) */
#define RH2_HDR_LEN	24	/* next, len=2, type=2, segleft=1, reserved, HoA */
#define RH_TYPE_2	2

/* Write a 24-byte Destination Options header holding only the HAO, placed
 * at offset 6 so that it meets its 8n+6 alignment. */
enum pkt_err hao_encode(uint8_t next_header, const struct in6_addr *hoa,
			void *buf, size_t cap);

/* Scan a whole Destination Options header (len = its (Hdr Ext Len+1)*8 bytes)
 * for a Home Address option. *found false with PKT_OK when absent. */
enum pkt_err dstopts_find_hao(const void *hdr, size_t len, bool *found,
			      struct in6_addr *hoa);

/* Write a 24-byte type 2 routing header, Segments Left 1. */
enum pkt_err rh2_encode(uint8_t next_header, const struct in6_addr *hoa,
			void *buf, size_t cap);

/* Decode a routing header of len bytes known to be of type 2. */
enum pkt_err rh2_decode(const void *hdr, size_t len, struct in6_addr *hoa,
			uint8_t *segments_left);

#endif
