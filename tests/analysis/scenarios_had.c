/* Home agent discovery golden scenarios (raven-wlan0, ms after T; probes
 * every 10 ms from T - 1 s, answered by the MN: directly at home up to +100,
 * through a home agent's tunnel once registered):
 *
 *   dhaad      move at T; RA on the new link +430; DHAAD Request (id 0x1234)
 *              from the CoA to the anycast address +440, Reply from W_HA
 *              listing W_HA then W_HA2 +452; BU to W_HA +460, BA +470; the
 *              tunnel from +480 to +2000.
 *   dhaad-bad  no events.log: a Request never answered (id 1) +0; a Reply
 *              with an identifier no Request had (7) +100; Request id 2 +200
 *              answered +210 by a Reply listing no home agent (malformed,
 *              paired); a 6-byte Request +300, a Request with code 1 +400, a
 *              16-byte Request +500 (malformed each); the Reply id 2 again
 *              +600 (matching no unanswered Request).
 *   failover   dhaad's, then the home agent is stopped at +2000 (events.log
 *              ha-stop ha=2001:db8::): the tunnel from W_HA ends at +1990;
 *              the MN's packet into the reverse tunnel +2005 draws a
 *              Destination Unreachable from W_HA +2006; BU to W_HA +2010
 *              (Parameter Problem back +2011), again +3010 and +5010, no BA;
 *              Request (0x2222) +7010, Reply from W_HA2 listing W_HA2 only
 *              +7022; BU to W_HA2 +7030, BA +7045; its tunnel from +7060 to
 *              +8000; a refresh with W_HA2 +9000/+9010 (folded with the first
 *              in the binding table: the fail-over keeps its own BUs and BAs).
 *              Outage 5060 ms.
 *   dhaad-retry  (below) a lost Request, answered the second time.
 *   mpa        move at T, BU +460, BA +470; MPS (0x3333) from the home
 *              address +1000 answered by an MPA +1010 (2001:db8::/64, valid
 *              86400 s, preferred 14400 s); an unsolicited MPA (0x4444, valid
 *              600 s, preferred 300 s) +3000. */
#include <stdio.h>
#include <string.h>

#include "plist.h"

#define MS(x) ((wts_t)((x) * 1000) * 1000)

/* The probe at rel ms: at home ('h'), through ha's tunnel ('t'), or lost. */
static void probe(struct plist *mn, wts_t T, int rel, uint16_t seq, char path,
		  const struct in6_addr *ha)
{
	uint8_t b[2048], in[2048];
	size_t n = w_echo(in, &W_CN, &W_HOA, seq);
	wts_t t = T + MS(rel);

	if (path == 'h') {
		pl_add(mn, t, in, n);
		n = w_echo_reply(in, &W_HOA, &W_CN, seq);
		pl_add(mn, t + MS(0.2), in, n);
	} else if (path == 't') {
		pl_add(mn, t, b, w_tunnel(b, ha, &W_COA, in, n));
		n = w_echo_reply(in, &W_HOA, &W_CN, seq);
		pl_add(mn, t + MS(0.2), b, w_tunnel(b, &W_COA, ha, in, n));
	}
}

static void discover(struct plist *mn, wts_t T, double t, uint16_t id, const struct in6_addr *from,
		     const struct in6_addr *list, size_t n_list)
{
	uint8_t b[2048];

	pl_add(mn, T + MS(t), b, w_dhaad_req(b, &W_COA, id));
	pl_add(mn, T + MS(t + 12), b, w_dhaad_rep(b, from, &W_COA, id, list, n_list));
}

static int sc_dhaad(const char *dir, bool fail)
{
	struct plist mn = { 0 };
	uint8_t b[2048], in[2048];
	wts_t T = W_BASE + 10 * W_SEC;
	const struct in6_addr both[] = { W_HA, W_HA2 };
	char ev[256];
	size_t n;

	for (int i = 0; i <= (fail ? 900 : 300); i++) {
		int rel = -1000 + 10 * i;
		char path = rel <= 100 ? 'h' : rel < 480 ? '-' : rel < (fail ? 2000 : 100000) ? 't' :
			    rel >= 7060 ? 'T' : '-';

		probe(&mn, T, rel, (uint16_t)i, path == 'T' ? 't' : path, path == 'T' ? &W_HA2 : &W_HA);
	}
	pl_add(&mn, T + MS(430), b, w_ra(b, &W_RTR_REMOTE, &W_PFX_REMOTE, false));
	discover(&mn, T, 440, 0x1234, &W_HA, both, 2);
	pl_add(&mn, T + MS(460), b, w_bu(b, &W_COA, 1, 420));
	pl_add(&mn, T + MS(470), b, w_ba(b, &W_COA, 1, 0, 420));
	snprintf(ev, sizeof(ev), "%lld.000000 raven move from=home to=remote\n", (long long)(T / W_SEC));
	if (fail) {
		n = w_udp(in, &W_HOA, &W_CN, 32);
		n = w_tunnel(b, &W_COA, &W_HA, in, n);
		pl_add(&mn, T + MS(2005), b, n);
		memcpy(in, b, n);
		pl_add(&mn, T + MS(2006), b, w_icmp_err(b, &W_HA, &W_COA, 1, 4, 0, in, n));
		n = w_bu_ha(in, &W_HA, &W_COA, 2, 420);
		pl_add(&mn, T + MS(2010), in, n);
		pl_add(&mn, T + MS(2011), b, w_icmp_err(b, &W_HA, &W_COA, 4, 1, 64, in, n));
		pl_add(&mn, T + MS(3010), b, w_bu_ha(b, &W_HA, &W_COA, 3, 420));
		pl_add(&mn, T + MS(5010), b, w_bu_ha(b, &W_HA, &W_COA, 4, 420));
		discover(&mn, T, 7010, 0x2222, &W_HA2, &W_HA2, 1);
		pl_add(&mn, T + MS(7030), b, w_bu_ha(b, &W_HA2, &W_COA, 5, 420));
		pl_add(&mn, T + MS(7045), b, w_ba_ha(b, &W_HA2, &W_COA, 5, 0, 420));
		/* A refresh with W_HA2 (the binding table folds the accepted one into it). */
		pl_add(&mn, T + MS(9000), b, w_bu_ha(b, &W_HA2, &W_COA, 6, 420));
		pl_add(&mn, T + MS(9010), b, w_ba_ha(b, &W_HA2, &W_COA, 6, 0, 420));
		snprintf(ev + strlen(ev), sizeof(ev) - strlen(ev),
			 "%lld.000000 denali ha-stop ha=2001:db8::\n", (long long)(T / W_SEC + 2));
	}
	if (pl_flush(&mn, dir, "raven-wlan0.pcap", DLT_EN10MB) < 0)
		return -1;
	return pl_events(dir, ev);
}

static int sc_dhaad_bad(const char *dir)
{
	struct plist mn = { 0 };
	uint8_t b[2048];
	wts_t T = W_BASE + 10 * W_SEC;
	const uint8_t short_req[6] = { 144, 0, 0, 0, 0, 3 };
	const uint8_t code_req[8] = { 144, 1, 0, 0, 0, 4, 0, 0 };
	const uint8_t long_req[16] = { 144, 0, 0, 0, 0, 5 };

	pl_add(&mn, T, b, w_dhaad_req(b, &W_COA, 1));
	pl_add(&mn, T + MS(100), b, w_dhaad_rep(b, &W_HA, &W_COA, 7, &W_HA, 1));
	pl_add(&mn, T + MS(200), b, w_dhaad_req(b, &W_COA, 2));
	pl_add(&mn, T + MS(210), b, w_dhaad_rep(b, &W_HA, &W_COA, 2, NULL, 0));
	pl_add(&mn, T + MS(300), b, w_icmp_raw(b, &W_COA, &W_HA_ANYCAST, short_req, sizeof(short_req)));
	pl_add(&mn, T + MS(400), b, w_icmp_raw(b, &W_COA, &W_HA_ANYCAST, code_req, sizeof(code_req)));
	pl_add(&mn, T + MS(500), b, w_icmp_raw(b, &W_COA, &W_HA_ANYCAST, long_req, sizeof(long_req)));
	pl_add(&mn, T + MS(600), b, w_dhaad_rep(b, &W_HA, &W_COA, 2, &W_HA, 1));
	return pl_flush(&mn, dir, "raven-wlan0.pcap", DLT_EN10MB);
}

/* dhaad-retry: move at T; the Request +440 is lost, the second +3440 is
 * answered +3452; BU +3460, BA +3470: discovery 3012 ms, two Requests. */
static int sc_dhaad_retry(const char *dir)
{
	struct plist mn = { 0 };
	uint8_t b[2048];
	wts_t T = W_BASE + 10 * W_SEC;
	char ev[128];

	pl_add(&mn, T + MS(430), b, w_ra(b, &W_RTR_REMOTE, &W_PFX_REMOTE, false));
	pl_add(&mn, T + MS(440), b, w_dhaad_req(b, &W_COA, 0x1111));
	discover(&mn, T, 3440, 0x1112, &W_HA, &W_HA, 1);
	pl_add(&mn, T + MS(3460), b, w_bu(b, &W_COA, 1, 420));
	pl_add(&mn, T + MS(3470), b, w_ba(b, &W_COA, 1, 0, 420));
	if (pl_flush(&mn, dir, "raven-wlan0.pcap", DLT_EN10MB) < 0)
		return -1;
	snprintf(ev, sizeof(ev), "%lld.000000 raven move from=home to=remote\n", (long long)(T / W_SEC));
	return pl_events(dir, ev);
}

static int sc_mpa(const char *dir)
{
	struct plist mn = { 0 };
	uint8_t b[2048];
	wts_t T = W_BASE + 10 * W_SEC;
	char ev[128];

	for (int i = 0; i <= 400; i++) {
		int rel = -1000 + 10 * i;

		probe(&mn, T, rel, (uint16_t)i, rel <= 100 ? 'h' : rel < 480 ? '-' : 't', &W_HA);
	}
	pl_add(&mn, T + MS(430), b, w_ra(b, &W_RTR_REMOTE, &W_PFX_REMOTE, false));
	pl_add(&mn, T + MS(460), b, w_bu(b, &W_COA, 1, 420));
	pl_add(&mn, T + MS(470), b, w_ba(b, &W_COA, 1, 0, 420));
	pl_add(&mn, T + MS(1000), b, w_mps(b, &W_COA, &W_HA, 0x3333));
	pl_add(&mn, T + MS(1010), b, w_mpa(b, &W_HA, &W_COA, 0x3333, 86400, 14400));
	pl_add(&mn, T + MS(3000), b, w_mpa(b, &W_HA, &W_COA, 0x4444, 600, 300));
	if (pl_flush(&mn, dir, "raven-wlan0.pcap", DLT_EN10MB) < 0)
		return -1;
	snprintf(ev, sizeof(ev), "%lld.000000 raven move from=home to=remote\n", (long long)(T / W_SEC));
	return pl_events(dir, ev);
}

int w_scenario_had(const char *name, const char *dir)
{
	if (!strcmp(name, "dhaad")) return sc_dhaad(dir, false);
	if (!strcmp(name, "dhaad-bad")) return sc_dhaad_bad(dir);
	if (!strcmp(name, "dhaad-retry")) return sc_dhaad_retry(dir);
	if (!strcmp(name, "failover")) return sc_dhaad(dir, true);
	if (!strcmp(name, "mpa")) return sc_mpa(dir);
	return -1;
}
