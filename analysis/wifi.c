/* 802.11 frames from the air capture: management frames give the L2 part of
 * a handover (association to the new AP, last frame with the old one); data
 * frames carry the IPv6 packets seen on the air. */
#include <string.h>

#include "an.h"
#include "bytes.h"
#include "l2parts.h"
#include "vec.h"

#define FC_TYPE_MGMT	0
#define FC_TYPE_CTRL	1
#define FC_TYPE_DATA	2

#define ST_ASSOC_REQ	0
#define ST_ASSOC_RESP	1
#define ST_REASSOC_REQ	2
#define ST_REASSOC_RESP	3
#define ST_PROBE_REQ	4
#define ST_PROBE_RESP	5
#define ST_BEACON	8
#define ST_DISASSOC	10
#define ST_AUTH		11
#define ST_DEAUTH	12

static bool mac_eq(const uint8_t *a, const struct mac *b)
{
	return memcmp(a, b->b, 6) == 0;
}

static bool is_group(const uint8_t *a)
{
	return a[0] & 1;
}

static struct sta *sta_find(struct analyzer *an, const uint8_t *a)
{
	for (int i = 0; i < an->n_sta; i++)
		if (mac_eq(a, &an->sta[i].mac))
			return &an->sta[i];
	return NULL;
}

static struct sta *sta_get(struct analyzer *an, const uint8_t *a)
{
	struct sta *s = sta_find(an, a);

	if (s || an->n_sta == AN_MAX_STA)
		return s;
	s = &an->sta[an->n_sta++];
	memset(s, 0, sizeof(*s));
	memcpy(s->mac.b, a, 6);
	s->last_with_bss = s->deauth = T_NONE;
	l2p_sta_init(s);
	return s;
}

static struct bss *bss_get(struct analyzer *an, const uint8_t *a)
{
	for (int i = 0; i < an->n_bss; i++)
		if (mac_eq(a, &an->bss[i].bssid))
			return &an->bss[i];
	if (an->n_bss == AN_MAX_BSS)
		return NULL;
	memset(&an->bss[an->n_bss], 0, sizeof(an->bss[0]));
	memcpy(an->bss[an->n_bss].bssid.b, a, 6);
	return &an->bss[an->n_bss++];
}

/* Learn the SSID element (id 0) from information elements ies[0..len). */
static void learn_ssid(struct analyzer *an, const uint8_t *bssid, const uint8_t *ies, size_t len)
{
	size_t off = 0;

	while (len - off >= 2) {
		uint8_t id = ies[off], l = ies[off + 1];

		if (len - off - 2 < l)
			return;
		if (id == 0 && l <= 32) {
			struct bss *b = bss_get(an, bssid);

			if (b) {
				memcpy(b->ssid, ies + off + 2, l);
				b->ssid[l] = '\0';
			}
			return;
		}
		off += 2u + l;
	}
}

static const char *ssid_of(struct analyzer *an, const struct mac *bssid)
{
	for (int i = 0; i < an->n_bss; i++)
		if (memcmp(an->bss[i].bssid.b, bssid->b, 6) == 0)
			return an->bss[i].ssid;
	return "";
}

static void joined(struct analyzer *an, ts_t t, const uint8_t *sta_a, const uint8_t *bssid)
{
	struct sta *s = sta_get(an, sta_a);
	struct l2_move *m;
	int64_t idx = -1;

	if (!s)
		return;
	if (s->has_bss && mac_eq(bssid, &s->bss)) {
		s->last_with_bss = t;
		l2p_joined(an, s, -1);
		return;
	}
	m = an_grow(an->l2, &an->cap_l2, an->n_l2 + 1, sizeof(*m));
	if (m && an->n_l2 < AN_MAX_RECORDS) {
		an->l2 = m;
		m = &an->l2[an->n_l2++];
		memset(m, 0, sizeof(*m));
		m->sta = s->mac;
		memcpy(m->new_bss.b, bssid, 6);
		m->join = t;
		m->leave = s->has_bss ? s->last_with_bss : T_NONE;
		m->deauth = s->has_bss ? s->deauth : T_NONE;
		if (s->has_bss)
			m->old_bss = s->bss;
		snprintf(m->ssid, sizeof(m->ssid), "%s", ssid_of(an, &m->new_bss));
		if (m->leave != T_NONE)
			an_anchor_join(an, t);
		idx = (int64_t)an->n_l2 - 1;
	}
	l2p_joined(an, s, idx);
	s->has_bss = true;
	memcpy(s->bss.b, bssid, 6);
	s->last_with_bss = t;
	s->deauth = T_NONE;
}

/* A frame between a station and its current BSS moves "last frame" on. */
static void touch(struct analyzer *an, ts_t t, const uint8_t *a1, const uint8_t *a2)
{
	struct sta *s = sta_find(an, a1);

	if (s && s->has_bss && mac_eq(a2, &s->bss)) {
		s->last_with_bss = t;
		return;
	}
	s = sta_find(an, a2);
	if (s && s->has_bss && mac_eq(a1, &s->bss))
		s->last_with_bss = t;
}

static void mgmt(struct analyzer *an, ts_t t, unsigned st, const uint8_t *p, size_t len)
{
	const uint8_t *a1 = p + 4, *a2 = p + 10, *a3 = p + 16;
	const uint8_t *body = p + 24;
	size_t blen = len - 24;

	an->n_wifi_mgmt++;
	switch (st) {
	case ST_PROBE_REQ: {
		/* Only known stations: a busy channel's passers-by probe too. */
		struct sta *s = sta_find(an, a2);

		if (s)
			l2p_probe_req(s, t);
		return;
	}
	case ST_BEACON:
	case ST_PROBE_RESP:
		if (blen >= 12)
			learn_ssid(an, a3, body + 12, blen - 12);
		if (st == ST_PROBE_RESP) {
			struct sta *s = sta_find(an, a1);

			if (s)
				l2p_probe_resp(s, t);
		}
		return;
	case ST_ASSOC_REQ:
	case ST_REASSOC_REQ: {
		size_t fixed = st == ST_ASSOC_REQ ? 4 : 10;

		struct sta *s = sta_get(an, a2);

		an->n_assoc_req++;
		if (s)
			l2p_assoc_req(s, t, a3);
		if (blen >= fixed)
			learn_ssid(an, a3, body + fixed, blen - fixed);
		return;
	}
	case ST_ASSOC_RESP:
	case ST_REASSOC_RESP:
		an->n_assoc_resp++;
		if (blen < 6) {
			an->malformed_l2++;
			return;
		}
		if (body[2] == 0 && body[3] == 0)	/* status, little-endian */
			joined(an, t, a1, a3);
		return;
	case ST_AUTH: {
		/* The AP sends from its BSSID; a station to it. */
		bool from_sta = memcmp(a2, a3, 6) != 0;
		struct sta *s = from_sta ? sta_get(an, a2) : sta_find(an, a1);

		an->n_auth++;
		if (s)
			l2p_auth(s, t, a3, from_sta, body, blen);
		break;
	}
	case ST_DEAUTH:
	case ST_DISASSOC: {
		struct sta *s = sta_find(an, a1);

		if (st == ST_DEAUTH)
			an->n_deauth++;
		else
			an->n_disassoc++;
		if (!s || !s->has_bss || !mac_eq(a2, &s->bss))
			s = sta_find(an, a2);
		if (s && s->has_bss && (mac_eq(a1, &s->bss) || mac_eq(a2, &s->bss)))
			s->deauth = t;
		break;
	}
	}
	touch(an, t, a1, a2);
}

void an_l2_frame(struct analyzer *an, int point, ts_t t, const uint8_t *p, size_t len)
{
	unsigned type, st;
	uint8_t fl;
	size_t hlen = 24;
	const uint8_t *a1, *a2;
	bool at_mn;

	if (len < 10) {
		an->malformed_l2++;
		return;
	}
	type = (p[0] >> 2) & 3;
	st = p[0] >> 4;
	fl = p[1];
	if (type == FC_TYPE_CTRL) {
		/* RTS, PS-Poll, BlockAck(Req) carry a transmitter address. */
		if (len >= 16 && (st == 8 || st == 9 || st == 10 || st == 11))
			touch(an, t, p + 4, p + 10);
		return;
	}
	if (len < 24) {
		an->malformed_l2++;
		return;
	}
	a1 = p + 4;
	a2 = p + 10;
	if (type == FC_TYPE_MGMT) {
		mgmt(an, t, st, p, len);
		return;
	}
	if (type != FC_TYPE_DATA)
		return;
	touch(an, t, a1, a2);
	if ((fl & 0x03) == 0x03)
		hlen += 6;
	if (st & 0x8) {			/* QoS data */
		hlen += 2;
		if (fl & 0x80)		/* +HTC */
			hlen += 4;
	}
	if (st & 0x4 || fl & 0x40)	/* no data, or protected */
		return;
	if (len < hlen + 8) {
		if (len != hlen)
			an->malformed_l2++;
		return;
	}
	p += hlen;
	len -= hlen;
	if (p[0] != 0xaa || p[1] != 0xaa || p[2] != 0x03) {
		an->n_non_ipv6++;
		return;
	}
	if (get_be16(p + 6) == 0x888e && ((fl & 0x03) == 0x01 || (fl & 0x03) == 0x02)) {
		bool from_ap = (fl & 0x03) == 0x02;
		struct sta *s = sta_find(an, from_ap ? a1 : a2);

		if (s)
			l2p_eapol(an, s, t, from_ap, p + 8, len - 8);
	}
	if (get_be16(p + 6) != 0x86dd) {
		an->n_non_ipv6++;
		return;
	}
	/* On the air, "at the MN" means sent by or to a known station, or
	 * group-addressed within the BSS a station is associated with. */
	at_mn = sta_find(an, a1) || sta_find(an, a2);
	if (!at_mn && is_group(a1) && (fl & 0x03) == 0x02) {
		for (int i = 0; i < an->n_sta; i++)
			if (an->sta[i].has_bss && mac_eq(a2, &an->sta[i].bss))
				at_mn = true;
	}
	/* Who sent it, for the BUs it may carry (a station's home address). */
	if ((fl & 0x03) == 0x01) {
		const struct sta *s = sta_find(an, a2);

		an->cur_sta = s ? (int)(s - an->sta) : -1;
	}
	an_ip6(an, point, t, p + 8, len - 8, an->cur_trunc, at_mn);
	an->cur_sta = -1;
}
