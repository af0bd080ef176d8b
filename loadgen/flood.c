/* The hostile packets of the flood. */
#include <string.h>

#include "addr.h"
#include "flood.h"
#include "ip6pkt.h"

#define OVERSIZE_MH_LEN	1368	/* (170 + 1) * 8: with the headers, within a 1500-byte link */

/* A home address in the home prefix that no legitimate node of the plan has (their
 * identifiers start 0000:0001). */
static void forged_hoa(const struct lg_flood_in *in, struct in6_addr *a)
{
	uint64_t r = lg_rand(in->rng);

	memcpy(a->s6_addr, in->home.addr.s6_addr, 8);
	for (int i = 15; i >= 8; i--, r >>= 8)
		a->s6_addr[i] = (uint8_t)r;
	a->s6_addr[8] |= 0xf0;
}

static void spec_from_flood(const struct lg_flood_in *in, struct ip6_spec *sp)
{
	memset(sp, 0, sizeof(*sp));
	lg_random_in(&in->flood, lg_rand(in->rng), lg_rand(in->rng), &sp->src);
	sp->dst = in->ha;
}

/* A BU's fixed part (§6.1.7) at mh, with Header Len for len bytes in all. */
static void bu_fixed(uint8_t *mh, size_t len, uint16_t seq, uint16_t units)
{
	memset(mh, 0, len);
	mh[0] = 59;
	mh[1] = (uint8_t)(len / 8 - 1);
	mh[2] = MH_BU;
	mh[6] = (uint8_t)(seq >> 8);
	mh[7] = (uint8_t)seq;
	mh[8] = (MH_BU_A | MH_BU_H) >> 8;
	mh[10] = (uint8_t)(units >> 8);
	mh[11] = (uint8_t)units;
}

/* PadN (or Pad1) options filling mh[off..end). */
static void pad_to(uint8_t *mh, size_t off, size_t end)
{
	while (off < end) {
		size_t n = end - off;

		if (n == 1) {
			mh[off++] = MH_OPT_PAD1;
			continue;
		}
		if (n > 257)
			n = end - off - 257 == 1 ? 256 : 257;
		mh[off] = MH_OPT_PADN;
		mh[off + 1] = (uint8_t)(n - 2);
		off += n;
	}
}

/* Headers then the hand-made MH, checksum over the pseudo-header the spec implies. */
static size_t raw_mh(const struct ip6_spec *sp, uint8_t *mh, size_t mh_len, uint8_t *buf,
		     size_t cap, int break_csum)
{
	struct in6_addr ps, pd;
	size_t hdr;

	if (ip6_build_hdr(sp, IPPROTO_MH, mh_len, buf, cap, &hdr) != PKT_OK || cap - hdr < mh_len)
		return 0;
	ip6_spec_pseudo(sp, &ps, &pd);
	mh_set_checksum(&ps, &pd, mh, mh_len);
	if (break_csum)
		mh[MH_CSUM_OFF] ^= 0x5a;
	memcpy(buf + hdr, mh, mh_len);
	return hdr + mh_len;
}

size_t lg_flood_build(const struct lg_flood_in *in, uint8_t *buf, size_t cap)
{
	uint8_t mh[OVERSIZE_MH_LEN];
	struct in6_addr hoa;
	struct ip6_spec sp;
	struct mh_msg m;
	size_t len;
	uint16_t seq = (uint16_t)lg_rand(in->rng);

	spec_from_flood(in, &sp);
	forged_hoa(in, &hoa);
	sp.hoa = &hoa;
	switch (in->kind) {
	case FL_REPLAY:
		if (in->has_replay) {
			hoa = in->replay_hoa;
			mh_bu_init(&m, in->replay_seq, MH_BU_A | MH_BU_H, 600);
			break;
		}
		/* fall through */
	case FL_FORGED_BU:
		mh_bu_init(&m, seq, MH_BU_A | MH_BU_H, 600);
		break;
	case FL_MAX_LIFETIME:
		mh_bu_init(&m, seq, MH_BU_A | MH_BU_H, 262140);
		break;
	case FL_HAO_NO_BINDING:
		memset(&m, 0, sizeof(m));
		m.type = MH_BRR;
		break;
	case FL_BAD_CSUM:
		bu_fixed(mh, 16, seq, 150);
		pad_to(mh, 12, 16);
		return raw_mh(&sp, mh, 16, buf, cap, 1);
	case FL_OPT_TRUNC:
		/* a PadN that claims 40 bytes where the MH has 4 left */
		bu_fixed(mh, 16, seq, 150);
		mh[12] = MH_OPT_PADN;
		mh[13] = 40;
		return raw_mh(&sp, mh, 16, buf, cap, 0);
	case FL_OPT_OVERSIZE:
		/* an Alternate CoA option (16 bytes by §6.2.5) of 255, at its 8n+6 place */
		bu_fixed(mh, OVERSIZE_MH_LEN, seq, 150);
		pad_to(mh, 12, 14);
		mh[14] = MH_OPT_ALT_COA;
		mh[15] = 255;
		memset(mh + 16, 0x20, 255);
		pad_to(mh, 16 + 255, OVERSIZE_MH_LEN);
		return raw_mh(&sp, mh, OVERSIZE_MH_LEN, buf, cap, 0);
	case FL_UNKNOWN_MH:
		sp.hoa = NULL;
		memset(mh, 0, 16);
		mh[0] = 59;
		mh[1] = 1;
		mh[2] = 42;
		return raw_mh(&sp, mh, 16, buf, cap, 0);
	default:
		return 0;
	}
	if (ip6_build_mh(&sp, &m, buf, cap, &len) != PKT_OK)
		return 0;
	return len;
}
