/* IPsec for the home registration (RFC 3776) and a binding hijack.
 *
 * esp-null, esp-aes: bu-ba's exchanges (registration 20 ms, refresh 15 ms,
 * deregistration 12 ms) with every BU and BA in ESP, NULL or AES-CBC, and
 * the key file (ipsec.keys): the same bindings and handovers as bu-ba.
 * esp-no-keys: esp-null's captures without the key file. esp-bad-icv: a BU
 * (seq 99) with a wrong ICV 0.5 s before the first one.
 *
 * hijack: raven (CoA W_COA) registers at T + 0.5 s in the clear; mallory on
 * the same link forges a BU for raven's home address with its own address
 * (2001:db8:1::bad) at T + 1.5 s, which the home agent denali accepts; cn's
 * probes (every 100 ms from T) are tunnelled to mallory from then on: 15 of
 * them. Both stations associated before T. Captures: raven-wlan0,
 * mallory-wlan0, denali-eth0 and the air.
 * hijack-air: the same without raven's capture (raven's station, the first
 * to send a BU for the home address, stands for it). hijack-failed: raven
 * registers under ESP-NULL and mallory's forged BU, in the clear, gets no BA. */
#include <stdlib.h>
#include <string.h>

#include "air.h"

#define MS(x) ((wts_t)((x) * 1000) * 1000)

static const uint8_t MAC_MALLORY[6] = { 2, 0, 0, 0, 6, 0x66 };

static int sc_esp(const char *dir, const struct w_sa *bu_sa, const struct w_sa *ba_sa,
		  bool keys, bool bad_icv)
{
	struct plist l = { 0 };
	uint8_t b[2048], e[2048];
	wts_t t = W_BASE;
	uint32_t sbu = 1, sba = 1;
	size_t n;

	for (int i = 0; i < 5; i++)
		pl_add(&l, t + i * MS(20), b, w_echo(b, &W_CN, &W_HOA, (uint16_t)i));
	if (bad_icv) {
		n = w_esp(e, bu_sa, sbu++, b, w_bu(b, &W_COA, 99, 420));
		e[n - 1] ^= 1;
		pl_add(&l, t + MS(500), e, n);
	}
	pl_add(&l, t + W_SEC, e, w_esp(e, bu_sa, sbu++, b, w_bu(b, &W_COA, 100, 420)));
	pl_add(&l, t + W_SEC + MS(20), e, w_esp(e, ba_sa, sba++, b, w_ba(b, &W_COA, 100, 0, 420)));
	pl_add(&l, t + 200 * W_SEC, e, w_esp(e, bu_sa, sbu++, b, w_bu(b, &W_COA, 101, 420)));
	pl_add(&l, t + 200 * W_SEC + MS(15), e,
	       w_esp(e, ba_sa, sba++, b, w_ba(b, &W_COA, 101, 0, 420)));
	pl_add(&l, t + 300 * W_SEC, e, w_esp(e, bu_sa, sbu++, b, w_bu(b, &W_HOA, 102, 0)));
	pl_add(&l, t + 300 * W_SEC + MS(12), e,
	       w_esp(e, ba_sa, sba++, b, w_ba(b, &W_HOA, 102, 0, 0)));
	if (keys && w_esp_keys(dir, bu_sa, ba_sa) < 0)
		return -1;
	return pl_flush(&l, dir, "raven-wlan0.pcap", DLT_EN10MB);
}

enum { HJ_ACCEPTED, HJ_AIR_ONLY, HJ_FAILED };

static int sc_hijack(const char *dir, int kind)
{
	struct plist raven = { 0 }, mallory = { 0 }, ha = { 0 }, air = { 0 };
	struct in6_addr evil = W_COA;
	uint8_t b[2048], in[2048], e[2048];
	wts_t T = W_BASE, bu = T + MS(500), fake = T + MS(1500);
	bool esp = kind == HJ_FAILED;
	size_t n;

	memset(evil.s6_addr + 8, 0, 8);
	evil.s6_addr[14] = 0x0b;
	evil.s6_addr[15] = 0xad;
	/* Both stations associated with the visited link's AP before. */
	air_frame_connect(&air, T - MS(900), W_MAC_MN, W_MAC_AP_REMOTE, NULL, "remote", false);
	air_frame_connect(&air, T - MS(800), MAC_MALLORY, W_MAC_AP_REMOTE, NULL, "remote", false);
	/* raven's registration: its capture, the air, the home agent's. */
	n = w_bu(b, &W_COA, 10, 420);
	if (esp)
		n = w_esp(e, &W_SA_BU_NULL, 1, b, n), memcpy(b, e, n);
	pl_add(&raven, bu, b, n);
	pl_add_air(&air, bu + MS(0.2), b, n, W_MAC_AP_REMOTE, W_MAC_MN, W_MAC_AP_REMOTE, 1);
	pl_add(&ha, bu + MS(1), b, n);
	n = w_ba(b, &W_COA, 10, 0, 420);
	if (esp)
		n = w_esp(e, &W_SA_BA_NULL, 1, b, n), memcpy(b, e, n);
	pl_add(&ha, bu + MS(5), b, n);
	pl_add_air(&air, bu + MS(5.8), b, n, W_MAC_MN, W_MAC_AP_REMOTE, W_MAC_AP_REMOTE, 2);
	pl_add(&raven, bu + MS(6), b, n);
	/* mallory's forged BU, always in the clear: it has no keys. */
	n = w_bu(b, &evil, 200, 420);
	pl_add(&mallory, fake, b, n);
	pl_add_air(&air, fake + MS(0.2), b, n, W_MAC_AP_REMOTE, MAC_MALLORY, W_MAC_AP_REMOTE, 1);
	pl_add(&ha, fake + MS(1), b, n);
	if (kind != HJ_FAILED) {
		n = w_ba(b, &evil, 200, 0, 420);
		pl_add(&ha, fake + MS(5), b, n);
		pl_add_air(&air, fake + MS(5.8), b, n, MAC_MALLORY, W_MAC_AP_REMOTE, W_MAC_AP_REMOTE, 2);
		pl_add(&mallory, fake + MS(6), b, n);
	}
	/* cn's probes, through the home agent to whoever holds the binding. */
	for (int i = 0; i < 30; i++) {
		wts_t ts = T + (wts_t)i * MS(100) + MS(50);
		bool to_mallory = kind != HJ_FAILED && ts > fake + MS(5);
		const struct in6_addr *coa = to_mallory ? &evil : &W_COA;

		n = w_echo(in, &W_CN, &W_HOA, (uint16_t)i);
		if (ts < bu + MS(5))
			continue;
		pl_add(&ha, ts + MS(0.3), b, w_tunnel(b, &W_HA, coa, in, n));
		pl_add_air(&air, ts + MS(0.4), b, w_tunnel(b, &W_HA, coa, in, n),
			   to_mallory ? MAC_MALLORY : W_MAC_MN, W_MAC_AP_REMOTE, W_MAC_AP_REMOTE, 2);
		pl_add(to_mallory ? &mallory : &raven, ts + MS(0.5), b, w_tunnel(b, &W_HA, coa, in, n));
	}
	if (esp && w_esp_keys(dir, &W_SA_BU_NULL, &W_SA_BA_NULL) < 0)
		return -1;
	if (kind == HJ_AIR_ONLY)
		free(raven.v), memset(&raven, 0, sizeof(raven));
	else if (pl_flush(&raven, dir, "raven-wlan0.pcap", DLT_EN10MB) < 0)
		return -1;
	if (pl_flush(&mallory, dir, "mallory-wlan0.pcap", DLT_EN10MB) < 0 ||
	    pl_flush(&ha, dir, "denali-eth0.pcap", DLT_EN10MB) < 0)
		return -1;
	return pl_flush(&air, dir, "air.pcap", DLT_IEEE802_11_RADIO);
}

int w_scenario_esp(const char *name, const char *dir)
{
	if (!strcmp(name, "esp-null")) return sc_esp(dir, &W_SA_BU_NULL, &W_SA_BA_NULL, true, false);
	if (!strcmp(name, "esp-aes")) return sc_esp(dir, &W_SA_BU_AES, &W_SA_BA_AES, true, false);
	if (!strcmp(name, "esp-no-keys")) return sc_esp(dir, &W_SA_BU_NULL, &W_SA_BA_NULL, false, false);
	if (!strcmp(name, "esp-bad-icv")) return sc_esp(dir, &W_SA_BU_NULL, &W_SA_BA_NULL, true, true);
	if (!strcmp(name, "hijack")) return sc_hijack(dir, HJ_ACCEPTED);
	if (!strcmp(name, "hijack-air")) return sc_hijack(dir, HJ_AIR_ONLY);
	if (!strcmp(name, "hijack-failed")) return sc_hijack(dir, HJ_FAILED);
	return -1;
}
