/* 802.11 frames of the golden scenarios' air captures (air.c): management
 * frames, EAPOL-Key frames of the WPA2 4-way handshake, a station's join. */
#ifndef MIP6_TEST_AIR_H
#define MIP6_TEST_AIR_H

#include "plist.h"

void air_frame_mgmt(struct plist *l, wts_t t, unsigned subtype, const uint8_t *da,
		    const uint8_t *sa, const uint8_t *bssid, const uint8_t *body, size_t blen);
void air_frame_beacon(struct plist *l, wts_t t, const uint8_t *ap, const char *ssid);
/* A broadcast probe request from sta; with ap, ap's response 2 ms later. */
void air_frame_probe(struct plist *l, wts_t t, const uint8_t *sta, const uint8_t *ap,
		     const char *ssid);
/* EAPOL-Key message msg (1-4) of the pairwise handshake between sta and ap. */
void air_frame_eapol(struct plist *l, wts_t t, const uint8_t *sta, const uint8_t *ap, int msg);
void air_frame_deauth(struct plist *l, wts_t t, const uint8_t *sta, const uint8_t *ap);
/* sta joins ap: authentication request at t, response +2 ms, (re)association
 * request +5 (reassociation when old_ap), response +10; with wpa2 the 4-way
 * handshake at +12, +14, +16, +18 ms. */
void air_frame_connect(struct plist *l, wts_t t, const uint8_t *sta, const uint8_t *ap,
		       const uint8_t *old_ap, const char *ssid, bool wpa2);

#endif
