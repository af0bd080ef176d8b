/* Several mobile nodes in one capture, told apart by home address.
 *
 * multi-mn: raven, raven2 and raven3 (home addresses 2001:db8::beef,
 * ::beef:2, ::beef:3; stations 02:00:00:00:02:00, :01, :02) move from home to
 * remote at T (events.log: one move each, 1 ms apart), through the home
 * agent denali (denali-eth0 sees every BU and BA), each with its own capture
 * (NODE-wlan0). cn probes every home address every 10 ms, node k's probes
 * 3k ms after node 0's, so that they interleave everywhere. For node k
 * (0-based), in ms after T: last probe at home 100 + 3k... (the last sent by
 * 100 + 10k, delivered 0.5 later), deauthentication 105 + 10k,
 * authentication 150 + 20k, reassociation response 160 + 20k, RA 180 + 20k,
 * DAD 181 + 20k, BU 200 + 20k, BA 210 + 30k, tunnelled probes from
 * 220 + 30k on. raven2 probes at 125 (answered at 127) before it
 * authenticates: scan 12 ms; the others authenticate from cached results.
 *   L2          55, 65, 75        registration   10, 20, 30
 *   blackout    120, 150, 170     resume         10.5, 13.5, 16.5
 *
 * w_bench_nodes: a home agent's capture only, n home addresses each
 * registering and refreshing, BUs and BAs of 16 nodes in flight at once. */
#include <stdio.h>
#include <string.h>

#include "air.h"

#define MS(x) ((wts_t)((x) * 1000) * 1000)
#define NODES 3

/* Node k's addresses: 2001:db8::beef:K+1 (node 0: 2001:db8::beef), its CoA
 * the writer's with K in the last byte. */
static void node_ids(int k, struct in6_addr *hoa, struct in6_addr *coa, uint8_t mac[6])
{
	*hoa = W_HOA;
	if (k) {
		hoa->s6_addr[12] = 0xbe;
		hoa->s6_addr[13] = 0xef;
		hoa->s6_addr[14] = 0;
		hoa->s6_addr[15] = (uint8_t)(k + 1);
	}
	*coa = W_COA;
	coa->s6_addr[15] = (uint8_t)k;
	memcpy(mac, W_MAC_MN, 6);
	mac[5] = (uint8_t)k;
}

static int sc_multi(const char *dir)
{
	struct plist air = { 0 }, cn = { 0 }, ha = { 0 }, mn[NODES] = { { 0 } };
	static const char *const names[NODES] = { "raven", "raven2", "raven3" };
	uint8_t b[2048], in[2048], mac[6];
	wts_t T = W_BASE + 10 * W_SEC;
	struct in6_addr hoa, coa;
	char ev[512], path[64];
	int off = 0;
	size_t n;

	air_frame_beacon(&air, T - MS(3000), W_MAC_AP_HOME, "home");
	air_frame_beacon(&air, T - MS(2999), W_MAC_AP_REMOTE, "remote");
	for (int k = 0; k < NODES; k++) {
		double d = 10 * k, d2 = 20 * k, d3 = 30 * k;

		node_ids(k, &hoa, &coa, mac);
		air_frame_connect(&air, T - MS(2990 - d2), mac, W_MAC_AP_HOME, NULL, "home", false);
		for (int i = 0; i <= 300; i++) {
			wts_t ts = T - MS(2000) + (wts_t)i * MS(10) + MS(3 * k), rel = ts - T;

			n = w_echo(in, &W_CN, &hoa, (uint16_t)i);
			pl_add(&cn, ts, in, n);
			if (rel <= MS(100 + d)) {
				pl_add(&mn[k], ts + MS(0.5), in, n);
				n = w_echo_reply(in, &hoa, &W_CN, (uint16_t)i);
				pl_add(&mn[k], ts + MS(0.7), in, n);
			} else if (rel >= MS(220 + d3)) {
				pl_add(&ha, ts + MS(0.3), b, w_tunnel(b, &W_HA, &coa, in, n));
				pl_add(&mn[k], ts + MS(0.5), b, w_tunnel(b, &W_HA, &coa, in, n));
				n = w_echo_reply(in, &hoa, &W_CN, (uint16_t)i);
				pl_add(&mn[k], ts + MS(0.7), b, w_tunnel(b, &coa, &W_HA, in, n));
			}
		}
		air_frame_deauth(&air, T + MS(105 + d), mac, W_MAC_AP_HOME);
		if (k == 1)
			air_frame_probe(&air, T + MS(125), mac, W_MAC_AP_REMOTE, "remote");
		air_frame_connect(&air, T + MS(150 + d2), mac, W_MAC_AP_REMOTE, W_MAC_AP_HOME, "remote",
				  false);
		pl_add(&mn[k], T + MS(180 + d2), b, w_ra(b, &W_RTR_REMOTE, &W_PFX_REMOTE, false));
		pl_add(&mn[k], T + MS(181 + d2), b, w_dad(b, &coa));
		n = w_bu_of(b, &hoa, &coa, 1, 420);
		pl_add(&mn[k], T + MS(200 + d2), b, n);
		pl_add_air(&air, T + MS(200 + d2), b, n, W_MAC_AP_REMOTE, mac, W_MAC_AP_REMOTE, 1);
		pl_add(&ha, T + MS(200.5 + d2), b, n);
		n = w_ba_of(b, &hoa, &coa, 1, 0, 420);
		pl_add(&ha, T + MS(209.5 + d3), b, n);
		pl_add(&mn[k], T + MS(210 + d3), b, n);
		off += snprintf(ev + off, sizeof(ev) - (size_t)off, "%lld.%06d %s move from=home to=remote\n",
				(long long)(T / W_SEC), 1000 * k, names[k]);
	}
	if (pl_flush(&air, dir, "air.pcap", DLT_IEEE802_11_RADIO) < 0 ||
	    pl_flush(&cn, dir, "cn-eth0.pcap", DLT_EN10MB) < 0 ||
	    pl_flush(&ha, dir, "denali-eth0.pcap", DLT_EN10MB) < 0)
		return -1;
	for (int k = 0; k < NODES; k++) {
		snprintf(path, sizeof(path), "%s-wlan0.pcap", names[k]);
		if (pl_flush(&mn[k], dir, path, DLT_EN10MB) < 0)
			return -1;
	}
	return pl_events(dir, ev);
}

int w_scenario_multi(const char *name, const char *dir)
{
	return strcmp(name, "multi-mn") ? -1 : sc_multi(dir);
}

/* Node k's home address 2001:db8::a:0:K (32 bits of k), care-of address
 * 2001:db8:1::a:0:K. */
static void bench_ids(uint32_t k, struct in6_addr *hoa, struct in6_addr *coa)
{
	*hoa = W_HOA;
	*coa = W_COA;
	for (int i = 8; i < 16; i++)
		hoa->s6_addr[i] = coa->s6_addr[i] = 0;
	hoa->s6_addr[9] = coa->s6_addr[9] = 0x0a;
	for (int i = 0; i < 4; i++)
		hoa->s6_addr[12 + i] = coa->s6_addr[12 + i] = (uint8_t)(k >> (24 - 8 * i));
}

#define IN_FLIGHT 16

int w_bench_nodes(const char *path, uint32_t n, unsigned refreshes)
{
	struct pw w;
	uint8_t b[2048];
	wts_t t = W_BASE;
	struct in6_addr hoa, coa;

	if (pw_open(&w, path, DLT_EN10MB) < 0)
		return -1;
	for (unsigned r = 0; r <= refreshes; r++) {
		for (uint32_t k = 0; k < n + IN_FLIGHT; k++) {
			if (k < n) {
				bench_ids(k, &hoa, &coa);
				t += 10 * 1000;
				pw_ip6(&w, t, b, w_bu_of(b, &hoa, &coa, (uint16_t)(r + 1), 420), 0);
			}
			if (k >= IN_FLIGHT) {
				bench_ids(k - IN_FLIGHT, &hoa, &coa);
				t += 10 * 1000;
				pw_ip6(&w, t, b, w_ba_of(b, &hoa, &coa, (uint16_t)(r + 1), 0, 420), 0);
			}
		}
		t += 60 * W_SEC;
	}
	pw_close(&w);
	return 0;
}
