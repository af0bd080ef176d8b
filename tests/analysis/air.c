/* 802.11 frames for the golden scenarios' air captures, with radiotap. */
#include <string.h>

#include "air.h"
#include "bytes.h"

void air_frame_mgmt(struct plist *l, wts_t t, unsigned subtype, const uint8_t *da,
		    const uint8_t *sa, const uint8_t *bssid, const uint8_t *body, size_t blen)
{
	uint8_t f[512];
	size_t h = w_radiotap(f);

	memset(f + h, 0, 24);
	f[h] = (uint8_t)(subtype << 4);
	memcpy(f + h + 4, da, 6);
	memcpy(f + h + 10, sa, 6);
	memcpy(f + h + 16, bssid, 6);
	memcpy(f + h + 24, body, blen);
	pl_add_frame(l, t, f, h + 24 + blen);
}

static size_t ssid_ie(uint8_t *b, const char *ssid)
{
	size_t n = strlen(ssid);

	b[0] = 0;
	b[1] = (uint8_t)n;
	memcpy(b + 2, ssid, n);
	return 2 + n;
}

void air_frame_beacon(struct plist *l, wts_t t, const uint8_t *ap, const char *ssid)
{
	uint8_t body[64] = { 0 };

	body[8] = 100;			/* beacon interval */
	body[10] = 0x01;		/* ESS */
	air_frame_mgmt(l, t, 8, W_MAC_BCAST, ap, ap, body, 12 + ssid_ie(body + 12, ssid));
}

void air_frame_probe(struct plist *l, wts_t t, const uint8_t *sta, const uint8_t *ap,
		     const char *ssid)
{
	uint8_t body[64] = { 0 };

	air_frame_mgmt(l, t, 4, W_MAC_BCAST, sta, W_MAC_BCAST, body, ssid_ie(body, ""));
	if (!ap)
		return;
	body[8] = 100;
	body[10] = 0x01;
	air_frame_mgmt(l, t + 2 * W_MS, 5, sta, ap, ap, body, 12 + ssid_ie(body + 12, ssid));
}

void air_frame_eapol(struct plist *l, wts_t t, const uint8_t *sta, const uint8_t *ap, int msg)
{
	/* Key Information: version 2 (HMAC-SHA1), pairwise, then per message
	 * Ack / MIC / Install / Secure / Encrypted Key Data. */
	static const uint16_t ki[5] = { 0, 0x008a, 0x010a, 0x13ca, 0x030a };
	uint8_t f[256];
	size_t h = w_radiotap(f), n;
	bool from_ap = msg == 1 || msg == 3;

	memset(f + h, 0, 24 + 8 + 99);
	f[h] = 0x08;			/* data */
	f[h + 1] = from_ap ? 0x02 : 0x01;
	memcpy(f + h + 4, from_ap ? sta : ap, 6);
	memcpy(f + h + 10, from_ap ? ap : sta, 6);
	memcpy(f + h + 16, ap, 6);
	n = h + 24;
	memcpy(f + n, "\xaa\xaa\x03\x00\x00\x00\x88\x8e", 8);
	n += 8;
	f[n] = 2;			/* 802.1X-2004 */
	f[n + 1] = 3;			/* EAPOL-Key */
	put_be16(f + n + 2, 95);
	f[n + 4] = 2;			/* RSN descriptor */
	put_be16(f + n + 5, ki[msg]);
	put_be16(f + n + 7, 16);	/* CCMP key length */
	f[n + 16] = (uint8_t)((msg + 1) / 2);	/* replay counter */
	pl_add_frame(l, t, f, n + 99);
}

void air_frame_deauth(struct plist *l, wts_t t, const uint8_t *sta, const uint8_t *ap)
{
	static const uint8_t reason[2] = { 3, 0 };	/* leaving */

	air_frame_mgmt(l, t, 12, ap, sta, ap, reason, 2);
}

void air_frame_connect(struct plist *l, wts_t t, const uint8_t *sta, const uint8_t *ap,
		       const uint8_t *old_ap, const char *ssid, bool wpa2)
{
	uint8_t body[128] = { 0 };
	size_t n;

	body[2] = 1;			/* open system, sequence 1 */
	air_frame_mgmt(l, t, 11, ap, sta, ap, body, 6);
	body[2] = 2;			/* sequence 2, success */
	air_frame_mgmt(l, t + 2 * W_MS, 11, sta, ap, ap, body, 6);
	memset(body, 0, sizeof(body));
	body[0] = 0x01;			/* ESS */
	body[2] = 10;			/* listen interval */
	n = old_ap ? 10 : 4;
	if (old_ap)
		memcpy(body + 4, old_ap, 6);
	n += ssid_ie(body + n, ssid);
	air_frame_mgmt(l, t + 5 * W_MS, old_ap ? 2 : 0, ap, sta, ap, body, n);
	memset(body, 0, sizeof(body));
	body[0] = 0x01;
	body[4] = 1;			/* AID 1, status 0 */
	body[5] = 0xc0;
	air_frame_mgmt(l, t + 10 * W_MS, old_ap ? 3 : 1, sta, ap, ap, body, 6);
	for (int m = 1; wpa2 && m <= 4; m++)
		air_frame_eapol(l, t + (10 + 2 * m) * W_MS, sta, ap, m);
}
