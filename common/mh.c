#include <string.h>

#include "bytes.h"
#include "csum.h"
#include "mh.h"

/* Bytes of message data after the 6-byte MH header, per type (§6.1.2–§6.1.9). */
static const uint8_t fixed_len[MH_TYPE_MAX + 1] = {
	[MH_BRR] = 2, [MH_HOTI] = 10, [MH_COTI] = 10, [MH_HOT] = 18,
	[MH_COT] = 18, [MH_BU] = 6, [MH_BA] = 6, [MH_BE] = 18,
};

uint16_t mh_sec_to_units(uint32_t seconds)
{
	uint32_t u = seconds / 4;

	return u > 0xffff ? 0xffff : (uint16_t)u;
}

static void inc_sat(uint8_t *c)
{
	if (*c < UINT8_MAX)
		(*c)++;
}

/* §6.2 alignment "xn+y": the option type byte must sit at offset y mod x. */
static bool aligned(size_t off, unsigned x, unsigned y)
{
	return off % x == y;
}

static enum pkt_err decode_opts(const uint8_t *p, size_t off, size_t end,
				struct mh_opts *o)
{
	while (off < end) {
		uint8_t type = p[off];
		uint8_t olen;
		const uint8_t *d;
		bool *seen = NULL;

		if (type == MH_OPT_PAD1) {
			inc_sat(&o->n_pad);
			off++;
			continue;
		}
		if (end - off < 2)
			return PKT_E_OPT_OVERRUN;
		olen = p[off + 1];
		if (end - off - 2 < olen)
			return PKT_E_OPT_OVERRUN;
		d = p + off + 2;

		switch (type) {
		case MH_OPT_PADN:
			inc_sat(&o->n_pad);
			break;
		case MH_OPT_BRA:
			if (olen != 2)
				return PKT_E_OPT_LEN;
			seen = &o->has_bra;
			if (!aligned(off, 2, 0))
				inc_sat(&o->n_misaligned);
			o->refresh_units = get_be16(d);
			break;
		case MH_OPT_ALT_COA:
			if (olen != 16)
				return PKT_E_OPT_LEN;
			seen = &o->has_alt_coa;
			if (!aligned(off, 8, 6))
				inc_sat(&o->n_misaligned);
			get_in6(&o->alt_coa, d);
			break;
		case MH_OPT_NONCE:
			if (olen != 4)
				return PKT_E_OPT_LEN;
			seen = &o->has_nonce;
			if (!aligned(off, 2, 0))
				inc_sat(&o->n_misaligned);
			o->home_nonce_index = get_be16(d);
			o->coa_nonce_index = get_be16(d + 2);
			break;
		case MH_OPT_AUTH:
			if (olen > MH_AUTH_MAX)
				return PKT_E_OPT_LEN;
			seen = &o->has_auth;
			if (!aligned(off, 8, 2))
				inc_sat(&o->n_misaligned);
			o->auth_len = olen;
			o->auth_off = (uint16_t)(off + 2);
			memcpy(o->auth, d, olen);
			break;
		default:
			/* §9.2.1: unknown options are skipped, not fatal. */
			inc_sat(&o->n_unknown);
			break;
		}
		if (seen) {
			if (*seen)
				inc_sat(&o->n_dup);
			*seen = true;
		}
		off += 2u + olen;
	}
	return PKT_OK;
}

enum pkt_err mh_decode(const void *buf, size_t len, struct mh_msg *msg)
{
	const uint8_t *p = buf;
	const uint8_t *d = p + MH_HDR_LEN;
	size_t mlen, opt_off;

	memset(msg, 0, sizeof(*msg));
	if (len < 8)
		return PKT_E_TRUNCATED;
	mlen = ((size_t)p[1] + 1) * 8;
	msg->type = p[2];
	msg->wire_len = (uint16_t)mlen;
	msg->checksum = get_be16(p + MH_CSUM_OFF);
	if (mlen > len)
		return PKT_E_MH_LEN_OVER;
	if (p[0] != MH_PAYLOAD_NONE)
		return PKT_E_MH_PROTO;
	if (msg->type > MH_TYPE_MAX)
		return PKT_E_MH_TYPE;
	opt_off = MH_HDR_LEN + fixed_len[msg->type];
	if (opt_off > mlen)
		return PKT_E_MH_LEN_SHORT;

	switch (msg->type) {
	case MH_BRR:
		break;
	case MH_HOTI:
	case MH_COTI:
		memcpy(msg->hoti.cookie, d + 2, MH_COOKIE_LEN);
		break;
	case MH_HOT:
	case MH_COT:
		msg->hot.nonce_index = get_be16(d);
		memcpy(msg->hot.cookie, d + 2, MH_COOKIE_LEN);
		memcpy(msg->hot.keygen, d + 10, 8);
		break;
	case MH_BU:
		msg->bu.seq = get_be16(d);
		msg->bu.flags = get_be16(d + 2) & (MH_BU_A | MH_BU_H | MH_BU_L | MH_BU_K);
		msg->bu.lifetime_units = get_be16(d + 4);
		break;
	case MH_BA:
		msg->ba.status = d[0];
		msg->ba.k = d[1] & MH_BA_K;
		msg->ba.seq = get_be16(d + 2);
		msg->ba.lifetime_units = get_be16(d + 4);
		break;
	case MH_BE:
		msg->be.status = d[0];
		get_in6(&msg->be.home_addr, d + 2);
		break;
	}
	return decode_opts(p, opt_off, mlen, &msg->opts);
}

struct writer {
	uint8_t *p;
	size_t cap, off;
	bool full;
};

static uint8_t *w_take(struct writer *w, size_t n)
{
	uint8_t *at;

	if (w->full || w->cap - w->off < n) {
		w->full = true;
		return NULL;
	}
	at = w->p + w->off;
	memset(at, 0, n);
	w->off += n;
	return at;
}

/* Pad so that the next byte lands at offset y mod x: Pad1 for one byte,
 * PadN for more (§6.2.2). */
static void w_align(struct writer *w, unsigned x, unsigned y)
{
	size_t need = (y + x - w->off % x) % x;
	uint8_t *at;

	if (need == 0)
		return;
	at = w_take(w, need);
	if (!at)
		return;
	if (need == 1) {
		at[0] = MH_OPT_PAD1;
	} else {
		at[0] = MH_OPT_PADN;
		at[1] = (uint8_t)(need - 2);
	}
}

static uint8_t *w_opt(struct writer *w, uint8_t type, uint8_t len)
{
	uint8_t *at = w_take(w, 2u + len);

	if (!at)
		return NULL;
	at[0] = type;
	at[1] = len;
	return at + 2;
}

enum pkt_err mh_encode(const struct mh_msg *msg, void *buf, size_t cap, size_t *out_len)
{
	struct writer w = { .p = buf, .cap = cap };
	const struct mh_opts *o = &msg->opts;
	uint8_t *h, *d;

	if (msg->type > MH_TYPE_MAX || (o->has_auth && o->auth_len > MH_AUTH_MAX))
		return PKT_E_INVAL;
	h = w_take(&w, MH_HDR_LEN + fixed_len[msg->type]);
	if (!h)
		return PKT_E_NOSPACE;
	h[0] = MH_PAYLOAD_NONE;
	h[2] = msg->type;
	d = h + MH_HDR_LEN;

	switch (msg->type) {
	case MH_BRR:
		break;
	case MH_HOTI:
	case MH_COTI:
		memcpy(d + 2, msg->hoti.cookie, MH_COOKIE_LEN);
		break;
	case MH_HOT:
	case MH_COT:
		put_be16(d, msg->hot.nonce_index);
		memcpy(d + 2, msg->hot.cookie, MH_COOKIE_LEN);
		memcpy(d + 10, msg->hot.keygen, 8);
		break;
	case MH_BU:
		if (msg->bu.flags & ~(MH_BU_A | MH_BU_H | MH_BU_L | MH_BU_K))
			return PKT_E_INVAL;
		put_be16(d, msg->bu.seq);
		put_be16(d + 2, msg->bu.flags);
		put_be16(d + 4, msg->bu.lifetime_units);
		break;
	case MH_BA:
		d[0] = msg->ba.status;
		d[1] = msg->ba.k ? MH_BA_K : 0;
		put_be16(d + 2, msg->ba.seq);
		put_be16(d + 4, msg->ba.lifetime_units);
		break;
	case MH_BE:
		d[0] = msg->be.status;
		put_in6(d + 2, &msg->be.home_addr);
		break;
	}

	if (o->has_nonce) {
		w_align(&w, 2, 0);
		d = w_opt(&w, MH_OPT_NONCE, 4);
		if (d) {
			put_be16(d, o->home_nonce_index);
			put_be16(d + 2, o->coa_nonce_index);
		}
	}
	if (o->has_alt_coa) {
		w_align(&w, 8, 6);
		d = w_opt(&w, MH_OPT_ALT_COA, 16);
		if (d)
			put_in6(d, &o->alt_coa);
	}
	if (o->has_bra) {
		w_align(&w, 2, 0);
		d = w_opt(&w, MH_OPT_BRA, 2);
		if (d)
			put_be16(d, o->refresh_units);
	}
	if (o->has_auth) {
		w_align(&w, 8, 2);
		d = w_opt(&w, MH_OPT_AUTH, o->auth_len);
		if (d)
			memcpy(d, o->auth, o->auth_len);
	}
	w_align(&w, 8, 0);
	if (w.full)
		return PKT_E_NOSPACE;
	if (w.off > MH_MAX_LEN)
		return PKT_E_INVAL;
	h[1] = (uint8_t)(w.off / 8 - 1);
	*out_len = w.off;
	return PKT_OK;
}

void mh_set_checksum(const struct in6_addr *src, const struct in6_addr *dst,
		     void *mh, size_t len)
{
	uint8_t *p = mh;

	p[MH_CSUM_OFF] = p[MH_CSUM_OFF + 1] = 0;
	put_be16(p + MH_CSUM_OFF, csum6(src, dst, IPPROTO_MH, mh, len));
}

enum pkt_err mh_verify(const struct in6_addr *src, const struct in6_addr *dst,
		       const void *mh, size_t len)
{
	return csum6(src, dst, IPPROTO_MH, mh, len) == 0 ? PKT_OK : PKT_E_CHECKSUM;
}

const char *mh_type_name(unsigned type)
{
	static const char *const names[] = {
		"BRR", "HoTI", "CoTI", "HoT", "CoT", "BU", "BA", "BE",
	};

	return type <= MH_TYPE_MAX ? names[type] : "unknown";
}

const char *mh_ba_status_str(unsigned status)
{
	switch (status) {
	case BA_ACCEPTED: return "Binding Update accepted";
	case BA_ACCEPTED_PREFIX_DISCOVERY: return "Accepted but prefix discovery necessary";
	case BA_REASON_UNSPECIFIED: return "Reason unspecified";
	case BA_ADMIN_PROHIBITED: return "Administratively prohibited";
	case BA_INSUFFICIENT_RESOURCES: return "Insufficient resources";
	case BA_HOME_REG_NOT_SUPPORTED: return "Home registration not supported";
	case BA_NOT_HOME_SUBNET: return "Not home subnet";
	case BA_NOT_HA_FOR_MN: return "Not home agent for this mobile node";
	case BA_DAD_FAILED: return "Duplicate Address Detection failed";
	case BA_SEQ_OUT_OF_WINDOW: return "Sequence number out of window";
	case BA_EXPIRED_HOME_NONCE: return "Expired home nonce index";
	case BA_EXPIRED_COA_NONCE: return "Expired care-of nonce index";
	case BA_EXPIRED_NONCES: return "Expired nonces";
	case BA_REG_TYPE_CHANGE: return "Registration type change disallowed";
	}
	return status < 128 ? "Accepted (unassigned code)" : "Rejected (unassigned code)";
}

const char *mh_be_status_str(unsigned status)
{
	switch (status) {
	case BE_UNKNOWN_HAO: return "Unknown binding for Home Address destination option";
	case BE_UNKNOWN_MH_TYPE: return "Unrecognized MH Type value";
	}
	return "Unassigned Binding Error status";
}

void mh_bu_init(struct mh_msg *msg, uint16_t seq, uint16_t flags, uint32_t lifetime)
{
	memset(msg, 0, sizeof(*msg));
	msg->type = MH_BU;
	msg->bu.seq = seq;
	msg->bu.flags = flags;
	msg->bu.lifetime_units = mh_sec_to_units(lifetime);
}

void mh_ba_init(struct mh_msg *msg, uint8_t status, uint16_t seq, uint32_t lifetime,
		uint32_t refresh)
{
	memset(msg, 0, sizeof(*msg));
	msg->type = MH_BA;
	msg->ba.status = status;
	msg->ba.seq = seq;
	msg->ba.lifetime_units = mh_sec_to_units(lifetime);
	if (refresh) {
		msg->opts.has_bra = true;
		msg->opts.refresh_units = mh_sec_to_units(refresh);
	}
}
