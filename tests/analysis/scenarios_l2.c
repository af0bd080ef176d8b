/* The L2 phase in parts: the MN (raven-wlan0, air.pcap) moves from home to
 * remote at T; cn probes its home address every 10 ms from T - 2 s to
 * T + 1 s (delivered 0.5 ms later, answered 0.2 ms after that); the last
 * probe at home is 100, the first through the tunnel 220; RA 180, DAD 181,
 * BU 200, BA 210 (ms after T). On the air:
 *
 *   l2-scan-wpa2      WPA2-PSK. Deauthentication 105, probe requests 110 and
 *                     130 (remote answers 2 ms later each), authentication
 *                     150/152, reassociation 155/160, EAPOL-Key 1/4 to 4/4 at
 *                     162, 164, 166, 168: scan 27, authentication 2,
 *                     association 5, handshake 6, L2 55, blackout 120 ms.
 *   l2-probed-before  open. A background scan at -500 (answered -498) while
 *                     on the home AP, which it leaves with its last frame at
 *                     100.5 (no deauthentication), then authenticates at 150
 *                     straight away: no scan (0 ms), L2 59.5 ms. */
#include <stdio.h>
#include <string.h>

#include "air.h"

#define MS(x) ((wts_t)((x) * 1000) * 1000)

int w_scenario_l2(const char *name, const char *dir)
{
	struct plist air = { 0 }, mn = { 0 }, cn = { 0 };
	uint8_t b[2048], in[2048];
	wts_t T = W_BASE + 10 * W_SEC;
	bool wpa2 = !strcmp(name, "l2-scan-wpa2");
	size_t n;
	char ev[256];

	if (!wpa2 && strcmp(name, "l2-probed-before"))
		return -1;
	air_frame_beacon(&air, T - MS(3000), W_MAC_AP_HOME, "home");
	air_frame_beacon(&air, T - MS(2999), W_MAC_AP_REMOTE, "remote");
	air_frame_probe(&air, T - MS(2995), W_MAC_MN, W_MAC_AP_HOME, "home");
	air_frame_connect(&air, T - MS(2990), W_MAC_MN, W_MAC_AP_HOME, NULL, "home", wpa2);
	for (int i = 0; i <= 300; i++) {
		wts_t ts = T - MS(2000) + (wts_t)i * MS(10), rel = ts - T;

		n = w_echo(in, &W_CN, &W_HOA, (uint16_t)i);
		pl_add(&cn, ts, in, n);
		if (rel <= MS(100)) {
			pl_add(&mn, ts + MS(0.5), in, n);
			pl_add_air(&air, ts + MS(0.5), in, n, W_MAC_MN, W_MAC_AP_HOME, W_MAC_AP_HOME, 2);
			n = w_echo_reply(in, &W_HOA, &W_CN, (uint16_t)i);
			pl_add(&mn, ts + MS(0.7), in, n);
		} else if (rel >= MS(220)) {
			pl_add(&mn, ts + MS(0.5), b, w_tunnel(b, &W_HA, &W_COA, in, n));
			n = w_echo_reply(in, &W_HOA, &W_CN, (uint16_t)i);
			pl_add(&mn, ts + MS(0.7), b, w_tunnel(b, &W_COA, &W_HA, in, n));
		}
	}
	if (wpa2) {
		air_frame_deauth(&air, T + MS(105), W_MAC_MN, W_MAC_AP_HOME);
		air_frame_probe(&air, T + MS(110), W_MAC_MN, W_MAC_AP_REMOTE, "remote");
		air_frame_probe(&air, T + MS(130), W_MAC_MN, W_MAC_AP_REMOTE, "remote");
	} else {
		air_frame_probe(&air, T - MS(500), W_MAC_MN, W_MAC_AP_REMOTE, "remote");
	}
	air_frame_connect(&air, T + MS(150), W_MAC_MN, W_MAC_AP_REMOTE, W_MAC_AP_HOME, "remote", wpa2);
	n = w_ra(b, &W_RTR_REMOTE, &W_PFX_REMOTE, false);
	pl_add(&mn, T + MS(180), b, n);
	n = w_dad(b, &W_COA);
	pl_add(&mn, T + MS(181), b, n);
	n = w_bu(b, &W_COA, 1, 420);
	pl_add(&mn, T + MS(200), b, n);
	pl_add_air(&air, T + MS(200), b, n, W_MAC_AP_REMOTE, W_MAC_MN, W_MAC_AP_REMOTE, 1);
	n = w_ba(b, &W_COA, 1, 0, 420);
	pl_add(&mn, T + MS(210), b, n);
	if (pl_flush(&air, dir, "air.pcap", DLT_IEEE802_11_RADIO) < 0 ||
	    pl_flush(&mn, dir, "raven-wlan0.pcap", DLT_EN10MB) < 0 ||
	    pl_flush(&cn, dir, "cn-eth0.pcap", DLT_EN10MB) < 0)
		return -1;
	snprintf(ev, sizeof(ev), "%lld.000000 raven move from=home to=remote\n",
		 (long long)(T / W_SEC));
	return pl_events(dir, ev);
}
