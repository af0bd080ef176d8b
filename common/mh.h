/* Mobility Header codec (RFC 6275 §6.1, §6.2): bounds-checked encode and
 * decode of every MH type 0..7 and every mobility option of §6.2.
 *
 * Units: lifetimes and refresh intervals are kept as on the wire, in units
 * of 4 seconds (fields named *_units); mh_units_to_sec() and mh_sec_to_units()
 * convert. Sequence numbers are raw 16-bit values; comparing them modulo 2^16
 * (§9.5.1) is the daemon's job. */
#ifndef MIP6_MH_H
#define MIP6_MH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>

#include "pkt_err.h"

#ifndef IPPROTO_MH
#define IPPROTO_MH 135
#endif
#define MH_PAYLOAD_NONE	59	/* Payload Proto must be IPPROTO_NONE */
#define MH_HDR_LEN	6	/* Payload Proto, Header Len, MH Type, Reserved, Checksum */
#define MH_CSUM_OFF	4	/* offset of the checksum within the MH */
#define MH_MAX_LEN	2048	/* (255 + 1) * 8 */

enum mh_type {
	MH_BRR = 0,	/* Binding Refresh Request */
	MH_HOTI = 1,	/* Home Test Init */
	MH_COTI = 2,	/* Care-of Test Init */
	MH_HOT = 3,	/* Home Test */
	MH_COT = 4,	/* Care-of Test */
	MH_BU = 5,	/* Binding Update */
	MH_BA = 6,	/* Binding Acknowledgement */
	MH_BE = 7,	/* Binding Error */
	MH_TYPE_MAX = MH_BE
};

enum mh_opt_type {
	MH_OPT_PAD1 = 0,
	MH_OPT_PADN = 1,
	MH_OPT_BRA = 2,		/* Binding Refresh Advice */
	MH_OPT_ALT_COA = 3,	/* Alternate Care-of Address */
	MH_OPT_NONCE = 4,	/* Nonce Indices */
	MH_OPT_AUTH = 5,	/* Binding Authorization Data */
};

/* BU flags (RFC 6275 §6.1.7), as bits of the 16-bit word after the sequence. */
#define MH_BU_A 0x8000	/* Acknowledge */
#define MH_BU_H 0x4000	/* Home Registration */
#define MH_BU_L 0x2000	/* Link-Local Address Compatibility */
#define MH_BU_K 0x1000	/* Key Management Mobility Capability */
/* BA flag, bit of the byte after the status (§6.1.8). */
#define MH_BA_K 0x80

/* BA status values (§6.1.8); < 128 means accepted. */
enum mh_ba_status {
	BA_ACCEPTED = 0,
	BA_ACCEPTED_PREFIX_DISCOVERY = 1,
	BA_REASON_UNSPECIFIED = 128,
	BA_ADMIN_PROHIBITED = 129,
	BA_INSUFFICIENT_RESOURCES = 130,
	BA_HOME_REG_NOT_SUPPORTED = 131,
	BA_NOT_HOME_SUBNET = 132,
	BA_NOT_HA_FOR_MN = 133,
	BA_DAD_FAILED = 134,
	BA_SEQ_OUT_OF_WINDOW = 135,
	BA_EXPIRED_HOME_NONCE = 136,
	BA_EXPIRED_COA_NONCE = 137,
	BA_EXPIRED_NONCES = 138,
	BA_REG_TYPE_CHANGE = 139,
};

/* BE status values (§6.1.9). */
enum mh_be_status {
	BE_UNKNOWN_HAO = 1,	/* HAO without a binding */
	BE_UNKNOWN_MH_TYPE = 2,
};

#define MH_COOKIE_LEN	8
#define MH_AUTH_MAX	32	/* RFC 6275 uses 12 (96-bit truncated HMAC-SHA1) */

struct mh_opts {
	bool has_bra, has_alt_coa, has_nonce, has_auth;
	uint16_t refresh_units;		/* BRA refresh interval, 4 s units */
	struct in6_addr alt_coa;
	uint16_t home_nonce_index, coa_nonce_index;
	uint8_t auth_len;		/* bytes of auth[] used */
	uint8_t auth[MH_AUTH_MAX];
	/* Decode only: counters for what the receiver skips. */
	uint8_t n_pad;			/* Pad1 / PadN seen */
	uint8_t n_unknown;		/* options of unknown type, skipped (§9.2.1) */
	uint8_t n_dup;			/* repeated known options (last one wins) */
	uint8_t n_misaligned;		/* known options not at their §6.2 alignment */
	uint16_t auth_off;		/* where auth[] sits in the MH (return routability) */
};

struct mh_msg {
	uint8_t type;			/* enum mh_type */
	union {
		struct {
			uint8_t cookie[MH_COOKIE_LEN];	/* Home/Care-of Init Cookie */
		} hoti, coti;
		struct {
			uint16_t nonce_index;		/* Home/Care-of Nonce Index */
			uint8_t cookie[MH_COOKIE_LEN];	/* Init Cookie echoed */
			uint8_t keygen[8];		/* Keygen Token */
		} hot, cot;
		struct {
			uint16_t seq;
			uint16_t flags;			/* MH_BU_A | MH_BU_H | ... */
			uint16_t lifetime_units;	/* 4 s units */
		} bu;
		struct {
			uint8_t status;			/* enum mh_ba_status */
			bool k;
			uint16_t seq;
			uint16_t lifetime_units;	/* 4 s units */
		} ba;
		struct {
			uint8_t status;			/* enum mh_be_status */
			struct in6_addr home_addr;
		} be;
	};
	struct mh_opts opts;
	/* Decode only: as read from the wire. */
	uint16_t checksum;
	uint16_t wire_len;		/* (Header Len + 1) * 8 */
};

static inline uint32_t mh_units_to_sec(uint16_t units) { return (uint32_t)units * 4; }
/* Rounds down; saturates at 0xffff units (262140 s). */
uint16_t mh_sec_to_units(uint32_t seconds);

/* A BU or a BA ready to encode: msg zeroed, then the fixed part; lifetimes and the
 * refresh interval in seconds (rounded down to 4 s units); refresh 0 = no BRA option. */
void mh_bu_init(struct mh_msg *msg, uint16_t seq, uint16_t flags, uint32_t lifetime);
void mh_ba_init(struct mh_msg *msg, uint8_t status, uint16_t seq, uint32_t lifetime,
		uint32_t refresh);

/* Decode the MH in buf[0..len). len may exceed the MH (the rest is ignored).
 * Checks the fixed part per type and the option TLVs; does not check the
 * checksum (needs the pseudo-header; use mh_verify()).
 * On PKT_E_MH_TYPE, msg->type and msg->wire_len are still filled in. */
enum pkt_err mh_decode(const void *buf, size_t len, struct mh_msg *msg);

/* Encode msg into buf (cap bytes): fixed part, then the options present in
 * msg->opts (Nonce Indices, Alternate CoA, BRA, Authorization Data last as
 * §6.2.7 requires), each preceded by Pad1/PadN to its §6.2 alignment, the
 * whole padded to 8n. Payload Proto 59, checksum left 0. *out_len = bytes. */
enum pkt_err mh_encode(const struct mh_msg *msg, void *buf, size_t cap, size_t *out_len);

/* Compute and store the checksum of an encoded MH of len bytes.
 * src: home address if a Home Address option is present, else the IPv6
 * source; dst: the final destination (the RH2 address if there is one). */
void mh_set_checksum(const struct in6_addr *src, const struct in6_addr *dst,
		     void *mh, size_t len);
/* PKT_OK or PKT_E_CHECKSUM; same address rules as mh_set_checksum. */
enum pkt_err mh_verify(const struct in6_addr *src, const struct in6_addr *dst,
		       const void *mh, size_t len);

const char *mh_type_name(unsigned type);	/* "BU", "BA", ...; "unknown" */
const char *mh_ba_status_str(unsigned status);	/* RFC 6275 §6.1.8 wording */
const char *mh_be_status_str(unsigned status);

#endif
