/* Route Optimization golden scenarios: the MN (raven-wlan0) moves at T,
 * registers with the HA (BU +480 ms, BA +530), runs return routability with
 * cn (cn-eth0) and registers with it; the probes (every 10 ms from T - 2 s,
 * the MN answering each) take 2 ms at home, 6 ms through the tunnel and
 * 3 ms on the direct path, measured at cn. Times in ms after T:
 *
 *   ro                 RR at 700: HoTI (tunnelled) 700, CoTI 700.1, CoT 703,
 *                      HoT 706.5; BU to cn 707, BA 710.5; cn sends direct from
 *                      710 (at raven 711.5). A BRR at 2001.5. Back home at
 *                      3500: deregistration 3600/3610, home test 3620/3622.5,
 *                      BU (lifetime 0) to cn 3624, BA 3627.5; probes again
 *                      from 3640.
 *   ro-unknown-cookie  as ro without the return, plus a HoT echoing no
 *                      cookie at 702 and a BE from cn at 1500
 *   ro-refused         cn answers the first BU with 136; RR again at 720
 *                      (done 726.5), BU 727, BA 0 at 730.5, direct from 730
 *   ro-no-hot          no HoT ever comes back (HoTI at 700 and 1700): no BU,
 *                      the probes stay in the tunnel
 *   ro-no-ack          as ro without the return, but the BU to cn does not ask
 *                      for an acknowledgement (no A flag, mip6d's UseCnBuAck
 *                      off): no BA, and the direct path from 710 all the same */
#include <string.h>

#include "plist.h"

enum ro_variant { RO_FULL, RO_COOKIE, RO_REFUSED, RO_NO_HOT, RO_NO_ACK };

#define MS(x) ((wts_t)((x) * 1000) * 1000)	/* ms, with three decimals, in ns */

/* One return routability round at t (ms after T): inits from raven, answers
 * from cn, each captured on both sides. Away, the home test goes through
 * the tunnel on raven's link; at home there is only the home test, which
 * a deregistration needs (§5.2.5). */
static void rr_round(struct plist *mn, struct plist *cn, wts_t T, double t, uint8_t cookie,
		     bool away, bool hot, bool cot)
{
	uint8_t b[2048], in[2048];
	size_t n;

	if (!away) {
		n = w_rr(in, MH_HOTI, &W_HOA, &W_CN, cookie, 0);
		pl_add(mn, T + MS(t), in, n);
		pl_add(cn, T + MS(t + 1), in, n);
		n = w_rr(in, MH_HOT, &W_CN, &W_HOA, cookie, 3);
		pl_add(cn, T + MS(t + 1.5), in, n);
		pl_add(mn, T + MS(t + 2.5), in, n);
		return;
	}
	n = w_rr(in, MH_HOTI, &W_HOA, &W_CN, cookie, 0);
	pl_add(mn, T + MS(t), b, w_tunnel(b, &W_COA, &W_HA, in, n));
	pl_add(cn, T + MS(t + 3), in, n);
	if (hot) {
		n = w_rr(in, MH_HOT, &W_CN, &W_HOA, cookie, 3);
		pl_add(cn, T + MS(t + 3.5), in, n);
		pl_add(mn, T + MS(t + 6.5), b, w_tunnel(b, &W_HA, &W_COA, in, n));
	}
	n = w_rr(in, MH_COTI, &W_COA, &W_CN, (uint8_t)(cookie + 1), 0);
	pl_add(mn, T + MS(t + 0.1), in, n);
	pl_add(cn, T + MS(t + 1), in, n);
	if (cot) {
		n = w_rr(in, MH_COT, &W_CN, &W_COA, (uint8_t)(cookie + 1), 5);
		pl_add(cn, T + MS(t + 1.5), in, n);
		pl_add(mn, T + MS(t + 3), in, n);
	}
}

/* The BU to cn at t (ms after T) and its BA 3.5 ms later at raven; with
 * ack false, a BU without the A flag and no BA. */
static void cn_reg(struct plist *mn, struct plist *cn, wts_t T, double t, const struct in6_addr *coa,
		   uint16_t seq, uint8_t status, bool ack)
{
	bool home = memcmp(coa, &W_HOA, 16) == 0;
	uint8_t b[2048];
	size_t n;

	n = w_cn_bu(b, coa, seq, ack ? MH_BU_A : 0, home ? 0 : 420, 3, 5);
	pl_add(mn, T + MS(t), b, n);
	pl_add(cn, T + MS(t + 1.5), b, n);
	if (!ack)
		return;
	n = w_cn_ba(b, coa, seq, status, home ? 0 : 420);
	pl_add(cn, T + MS(t + 2), b, n);
	pl_add(mn, T + MS(t + 3.5), b, n);
}

/* One probe sent by cn at T + rel: at home, lost, tunnelled or direct. */
static void probe(struct plist *mn, struct plist *cn, wts_t T, int rel, uint16_t seq, char path)
{
	uint8_t b[2048], in[2048];
	wts_t ts = T + MS(rel);
	size_t n;

	if (path == 'd') {
		n = w_echo_via(in, false, &W_CN, &W_COA, &W_HOA, NULL, seq);
		pl_add(cn, ts, in, n);
		pl_add(mn, ts + MS(1.5), in, n);
		n = w_echo_via(in, true, &W_COA, &W_CN, NULL, &W_HOA, seq);
		pl_add(mn, ts + MS(1.7), in, n);
		pl_add(cn, ts + MS(3), in, n);
		return;
	}
	n = w_echo(in, &W_CN, &W_HOA, seq);
	pl_add(cn, ts, in, n);
	if (path == 'h') {
		pl_add(mn, ts + MS(0.5), in, n);
		n = w_echo_reply(in, &W_HOA, &W_CN, seq);
		pl_add(mn, ts + MS(0.7), in, n);
		pl_add(cn, ts + MS(2), in, n);
	} else if (path == 't') {
		pl_add(mn, ts + MS(3), b, w_tunnel(b, &W_HA, &W_COA, in, n));
		n = w_echo_reply(in, &W_HOA, &W_CN, seq);
		pl_add(mn, ts + MS(3.2), b, w_tunnel(b, &W_COA, &W_HA, in, n));
		pl_add(cn, ts + MS(6), in, n);
	}
}

static int sc_ro(const char *dir, enum ro_variant v)
{
	struct plist mn = { 0 }, cn = { 0 };
	uint8_t b[2048];
	wts_t T = W_BASE + 10 * W_SEC;
	bool back = v == RO_FULL;
	int direct_from = v == RO_NO_HOT ? 1000000 : v == RO_REFUSED ? 730 : 710;
	char ev[512];

	for (int i = 0; i <= 650; i++) {
		int rel = -2000 + 10 * i;
		char path = rel <= 100 || (back && rel >= 3640) ? 'h' :
			    rel < 540 || (back && rel > 3400) ? '-' : rel < direct_from ? 't' : 'd';

		probe(&mn, &cn, T, rel, (uint16_t)i, path);
	}
	pl_add(&mn, T + MS(480), b, w_bu(b, &W_COA, 1, 420));
	pl_add(&mn, T + MS(530), b, w_ba(b, &W_COA, 1, 0, 420));
	rr_round(&mn, &cn, T, 700, 0x10, true, v != RO_NO_HOT, true);
	if (v == RO_NO_HOT)
		rr_round(&mn, &cn, T, 1700, 0x30, true, false, true);
	else
		cn_reg(&mn, &cn, T, 707, &W_COA, 10, v == RO_REFUSED ? BA_EXPIRED_HOME_NONCE : 0,
		       v != RO_NO_ACK);
	if (v == RO_REFUSED) {
		rr_round(&mn, &cn, T, 720, 0x20, true, true, true);
		cn_reg(&mn, &cn, T, 727, &W_COA, 11, 0, true);
	}
	if (v == RO_COOKIE) {
		uint8_t in[2048];
		size_t n = w_rr(in, MH_HOT, &W_CN, &W_HOA, 0x99, 7);

		pl_add(&mn, T + MS(702), b, w_tunnel(b, &W_HA, &W_COA, in, n));
		n = w_be(b, &W_CN, &W_COA, BE_UNKNOWN_HAO);
		pl_add(&cn, T + MS(1500), b, n);
		pl_add(&mn, T + MS(1501.5), b, n);
	}
	if (back) {
		size_t n = w_brr(b, &W_COA);

		pl_add(&cn, T + MS(2000), b, n);
		pl_add(&mn, T + MS(2001.5), b, n);
		pl_add(&mn, T + MS(3600), b, w_bu(b, &W_HOA, 2, 0));
		pl_add(&mn, T + MS(3610), b, w_ba(b, &W_HOA, 2, 0, 0));
		rr_round(&mn, &cn, T, 3620, 0x40, false, true, false);
		cn_reg(&mn, &cn, T, 3624, &W_HOA, 12, 0, true);
	}
	if (pl_flush(&mn, dir, "raven-wlan0.pcap", DLT_EN10MB) < 0 ||
	    pl_flush(&cn, dir, "cn-eth0.pcap", DLT_EN10MB) < 0)
		return -1;
	snprintf(ev, sizeof(ev), "%lld.000000 raven move from=home to=remote\n", (long long)(T / W_SEC));
	if (back)
		snprintf(ev + strlen(ev), sizeof(ev) - strlen(ev),
			 "%lld.500000 raven move from=remote to=home\n", (long long)(T / W_SEC + 3));
	return pl_events(dir, ev);
}

int w_scenario_ro(const char *name, const char *dir)
{
	if (!strcmp(name, "ro")) return sc_ro(dir, RO_FULL);
	if (!strcmp(name, "ro-unknown-cookie")) return sc_ro(dir, RO_COOKIE);
	if (!strcmp(name, "ro-refused")) return sc_ro(dir, RO_REFUSED);
	if (!strcmp(name, "ro-no-hot")) return sc_ro(dir, RO_NO_HOT);
	if (!strcmp(name, "ro-no-ack")) return sc_ro(dir, RO_NO_ACK);
	return -1;
}
