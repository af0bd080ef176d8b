/* The analyzer's synthetic captures: golden scenarios (known times, every
 * malformation the issue lists) and the benchmark file. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "csum.h"
#include "plist.h"
#include "writer.h"

/* --- time-ordered packet lists, so scenarios can be written by phase --- */

struct ent {
	wts_t t;
	size_t len, caplen;
	bool frame;		/* bytes already carry the link layer */
	uint8_t a1[6], a2[6], a3[6], ds;
	uint8_t b[2048];
};


static struct ent *add(struct plist *l, wts_t t, const uint8_t *b, size_t len)
{
	struct ent *e;

	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->v = realloc(l->v, l->cap * sizeof(*l->v));
		if (!l->v)
			abort();
	}
	e = &l->v[l->n++];
	memset(e, 0, offsetof(struct ent, b));
	e->t = t;
	e->len = len;
	memcpy(e->b, b, len);
	return e;
}

/* On the air: frame addressing for an IPv6 packet. */
static void air_ip6(struct plist *l, wts_t t, const uint8_t *b, size_t len,
		    const uint8_t *a1, const uint8_t *a2, const uint8_t *a3, uint8_t ds)
{
	struct ent *e = add(l, t, b, len);

	memcpy(e->a1, a1, 6);
	memcpy(e->a2, a2, 6);
	memcpy(e->a3, a3, 6);
	e->ds = ds;
}

static void air_mgmt(struct plist *l, wts_t t, unsigned st, const uint8_t *da, const uint8_t *sa,
		     const uint8_t *bssid, const uint8_t *body, size_t blen)
{
	uint8_t f[512];
	size_t h = w_radiotap(f);
	struct ent *e;

	f[h] = (uint8_t)(st << 4);
	f[h + 1] = f[h + 2] = f[h + 3] = 0;
	memcpy(f + h + 4, da, 6);
	memcpy(f + h + 10, sa, 6);
	memcpy(f + h + 16, bssid, 6);
	f[h + 22] = f[h + 23] = 0;
	memcpy(f + h + 24, body, blen);
	e = add(l, t, f, h + 24 + blen);
	e->frame = true;
}

static int flush(struct plist *l, const char *dir, const char *name, int dlt)
{
	char path[1024];
	struct pw w;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (pw_open(&w, path, dlt) < 0)
		return -1;
	/* Insertion sort: stable for equal times, so scenarios stay deterministic. */
	for (size_t i = 1; i < l->n; i++)
		for (size_t j = i; j > 0 && l->v[j - 1].t > l->v[j].t; j--) {
			struct ent tmp = l->v[j];

			l->v[j] = l->v[j - 1];
			l->v[j - 1] = tmp;
		}
	for (size_t i = 0; i < l->n; i++) {
		struct ent *e = &l->v[i];

		if (e->frame) {
			pw_frame(&w, e->t, e->b, e->len, e->caplen);
			continue;
		}
		memcpy(w.a1, e->a1, 6);
		memcpy(w.a2, e->a2, 6);
		memcpy(w.a3, e->a3, 6);
		w.ds = e->ds;
		pw_ip6(&w, e->t, e->b, e->len, e->caplen);
	}
	pw_close(&w);
	free(l->v);
	memset(l, 0, sizeof(*l));
	return 0;
}

static int write_events(const char *dir, const char *text)
{
	char path[1024];
	FILE *f;

	snprintf(path, sizeof(path), "%s/events.log", dir);
	f = fopen(path, "w");
	if (!f)
		return -1;
	fputs(text, f);
	return fclose(f);
}

/* For the scenarios of other files (plist.h). */
struct ent *pl_add(struct plist *l, wts_t t, const uint8_t *b, size_t len)
{
	return add(l, t, b, len);
}

int pl_flush(struct plist *l, const char *dir, const char *name, int dlt)
{
	return flush(l, dir, name, dlt);
}

int pl_events(const char *dir, const char *text)
{
	return write_events(dir, text);
}

void pl_add_frame(struct plist *l, wts_t t, const uint8_t *b, size_t len)
{
	add(l, t, b, len)->frame = true;
}

void pl_add_air(struct plist *l, wts_t t, const uint8_t *b, size_t len, const uint8_t *a1,
		const uint8_t *a2, const uint8_t *a3, uint8_t ds)
{
	air_ip6(l, t, b, len, a1, a2, a3, ds);
}

/* --- scenarios --- */

static int sc_bu_ba(const char *dir, int dlt, const char *file)
{
	struct plist l = { 0 };
	uint8_t b[2048];
	wts_t t = W_BASE;

	for (int i = 0; i < 5; i++)
		add(&l, t + i * 20 * W_MS, b, w_echo(b, &W_CN, &W_HOA, (uint16_t)i));
	add(&l, t + 1 * W_SEC, b, w_bu(b, &W_COA, 100, 420));
	add(&l, t + 1 * W_SEC + 20 * W_MS, b, w_ba(b, &W_COA, 100, 0, 420));
	add(&l, t + 200 * W_SEC, b, w_bu(b, &W_COA, 101, 420));
	add(&l, t + 200 * W_SEC + 15 * W_MS, b, w_ba(b, &W_COA, 101, 0, 420));
	add(&l, t + 300 * W_SEC, b, w_bu(b, &W_HOA, 102, 0));
	add(&l, t + 300 * W_SEC + 12 * W_MS, b, w_ba(b, &W_HOA, 102, 0, 0));
	return flush(&l, dir, file, dlt);
}

static int sc_retransmit(const char *dir)
{
	struct plist l = { 0 };
	uint8_t b[2048];
	wts_t t = W_BASE;

	add(&l, t + 1 * W_SEC, b, w_bu(b, &W_COA, 10, 420));
	add(&l, t + 2 * W_SEC, b, w_bu(b, &W_COA, 11, 420));
	add(&l, t + 4 * W_SEC, b, w_bu(b, &W_COA, 12, 420));
	add(&l, t + 4 * W_SEC + 30 * W_MS, b, w_ba(b, &W_COA, 12, 0, 420));
	/* A late duplicate of the BA: counted, not paired twice. */
	add(&l, t + 4 * W_SEC + 31 * W_MS, b, w_ba(b, &W_COA, 12, 0, 420));
	return flush(&l, dir, "raven-wlan0.pcap", DLT_EN10MB);
}

static int sc_rejected(const char *dir)
{
	struct plist l = { 0 };
	uint8_t b[2048];
	wts_t t = W_BASE;
	struct in6_addr coa2 = W_COA;

	coa2.s6_addr[5] = 2;		/* 2001:db8:2::... */
	/* 135: the BA carries the HA's last accepted sequence number (20). */
	add(&l, t + 1 * W_SEC, b, w_bu(b, &W_COA, 5, 420));
	add(&l, t + 1 * W_SEC + 10 * W_MS, b, w_ba(b, &W_COA, 20, 135, 0));
	add(&l, t + 1 * W_SEC + 20 * W_MS, b, w_bu(b, &W_COA, 21, 420));
	add(&l, t + 1 * W_SEC + 30 * W_MS, b, w_ba(b, &W_COA, 21, 0, 420));
	/* 132: a registration from a HoA the HA does not serve. */
	add(&l, t + 10 * W_SEC, b, w_bu(b, &coa2, 22, 420));
	add(&l, t + 10 * W_SEC + 10 * W_MS, b, w_ba(b, &coa2, 22, 132, 0));
	return flush(&l, dir, "raven-wlan0.pcap", DLT_EN10MB);
}

/* A return home against UMIP's HA: the deregistration (41) is refused
 * with 135 (carrying the HA's 60), the resync (61) with 133, and then the
 * BA accepting 41 arrives: the binding was removed. A repeat of that BA is
 * a duplicate; a BA for a number no BU carried (45) matches nothing. */
static int sc_late_accept(const char *dir)
{
	struct plist l = { 0 };
	uint8_t b[2048];
	wts_t t = W_BASE;

	add(&l, t + 1 * W_SEC, b, w_bu(b, &W_COA, 40, 420));
	add(&l, t + 1 * W_SEC + 10 * W_MS, b, w_ba(b, &W_COA, 40, 0, 420));
	t += 60 * W_SEC;
	add(&l, t, b, w_bu(b, &W_HOA, 41, 0));
	add(&l, t + 10 * W_MS, b, w_ba(b, &W_HOA, 60, 135, 0));
	add(&l, t + 20 * W_MS, b, w_bu(b, &W_HOA, 61, 0));
	add(&l, t + 30 * W_MS, b, w_ba(b, &W_HOA, 61, 133, 0));
	add(&l, t + 900 * W_MS, b, w_ba(b, &W_HOA, 41, 0, 0));
	add(&l, t + 950 * W_MS, b, w_ba(b, &W_HOA, 41, 0, 0));
	add(&l, t + 960 * W_MS, b, w_ba(b, &W_HOA, 45, 0, 0));
	return flush(&l, dir, "raven-wlan0.pcap", DLT_EN10MB);
}

/* Answers out of order within one exchange (BUs 10, 11, 12): 11 accepted,
 * then a late refusal of 10 (kept, after the acceptance), then 12 accepted
 * too (a duplicate: the binding was accepted already). */
static int sc_late_refusal(const char *dir)
{
	struct plist l = { 0 };
	uint8_t b[2048];
	wts_t t = W_BASE + W_SEC;

	for (int i = 0; i < 3; i++)
		add(&l, t + i * W_SEC, b, w_bu(b, &W_COA, (uint16_t)(10 + i), 420));
	add(&l, t + 2 * W_SEC + 10 * W_MS, b, w_ba(b, &W_COA, 11, 0, 420));
	add(&l, t + 2 * W_SEC + 20 * W_MS, b, w_ba(b, &W_COA, 10, 133, 0));
	add(&l, t + 2 * W_SEC + 30 * W_MS, b, w_ba(b, &W_COA, 12, 0, 420));
	return flush(&l, dir, "raven-wlan0.pcap", DLT_EN10MB);
}

/* 40 BUs, each refused in the end: the outcome is the last refusal, 32
 * others are listed and 7 counted. */
static int sc_refusals_capped(const char *dir)
{
	struct plist l = { 0 };
	uint8_t b[2048];
	wts_t t = W_BASE + W_SEC;

	for (int i = 0; i < 40; i++)
		add(&l, t + i * 100 * W_MS, b, w_bu(b, &W_COA, (uint16_t)(1 + i), 420));
	for (int i = 0; i < 40; i++)
		add(&l, t + 5 * W_SEC + i * W_MS, b, w_ba(b, &W_COA, (uint16_t)(1 + i), 133, 0));
	return flush(&l, dir, "raven-wlan0.pcap", DLT_EN10MB);
}

/* Binding Refresh Advice: 3600 s for a lifetime of 4000 s (fine); with
 * not_below, 4000 s for 4000 s, then 8000 s for 4000 s (both flagged:
 * RFC 6275 §6.2.4 wants it smaller than the lifetime). */
static int sc_bra(const char *dir, bool not_below)
{
	struct plist l = { 0 };
	uint8_t b[2048];
	wts_t t = W_BASE;

	add(&l, t + 1 * W_SEC, b, w_bu(b, &W_COA, 1, 4000));
	add(&l, t + 1 * W_SEC + 10 * W_MS, b,
	    w_ba_bra(b, &W_COA, 1, 0, 4000, not_below ? 4000 : 3600));
	if (not_below) {
		add(&l, t + 100 * W_SEC, b, w_bu(b, &W_COA, 2, 4000));
		add(&l, t + 100 * W_SEC + 10 * W_MS, b, w_ba_bra(b, &W_COA, 2, 0, 4000, 8000));
	}
	return flush(&l, dir, "raven-wlan0.pcap", DLT_EN10MB);
}

static int sc_bad_checksum(const char *dir)
{
	struct plist l = { 0 };
	uint8_t b[2048];
	size_t n;
	wts_t t = W_BASE;

	add(&l, t + 1 * W_SEC, b, w_bu(b, &W_COA, 1, 420));
	n = w_bu(b, &W_COA, 2, 420);
	b[n - 16 + 4] ^= 0x5a;		/* MH checksum */
	add(&l, t + 2 * W_SEC, b, n);
	add(&l, t + 1 * W_SEC + 10 * W_MS, b, w_ba(b, &W_COA, 1, 0, 420));
	n = w_echo(b, &W_CN, &W_HOA, 9);
	b[40 + 2] ^= 0xff;		/* ICMPv6 checksum */
	add(&l, t + 3 * W_SEC, b, n);
	return flush(&l, dir, "raven-wlan0.pcap", DLT_EN10MB);
}

static int sc_truncated(const char *dir)
{
	struct plist l = { 0 };
	uint8_t b[2048], bad[2048];
	size_t n = w_bu(b, &W_COA, 7, 420);	/* 40 + 24 HAO + 16 MH */
	/* Every header boundary and a byte either side, as seen by the snap
	 * length (Ethernet 14 + IPv6 40 + Dest-opts 24 + MH 16). */
	static const size_t cuts[] = { 0, 1, 13, 14, 15, 53, 54, 55, 77, 78, 79, 83, 84, 85, 93 };
	wts_t t = W_BASE;
	struct ent *e;

	for (size_t i = 0; i < sizeof(cuts) / sizeof(cuts[0]); i++) {
		uint8_t f[2048];

		memcpy(f, W_MAC_MN, 6);
		memcpy(f + 6, W_MAC_AP_HOME, 6);
		f[12] = 0x86;
		f[13] = 0xdd;
		memcpy(f + 14, b, n);
		e = add(&l, t + (wts_t)i * W_MS, f, 14 + n);
		e->frame = true;
		e->caplen = cuts[i] ? cuts[i] : 1;
	}
	/* Whole frames whose own length fields lie. */
	t += W_SEC;
	memcpy(bad, b, n);
	bad[5] += 8;				/* IPv6 payload length past the end */
	add(&l, t, bad, n);
	memcpy(bad, b, n);
	bad[41] = 5;				/* Dest-opts length past the end */
	add(&l, t + 1 * W_MS, bad, n);
	memcpy(bad, b, n);
	bad[64 + 1] = 3;			/* MH Header Len past the end */
	add(&l, t + 2 * W_MS, bad, n);
	memcpy(bad, b, n);
	bad[64 + 13] = 9;			/* PadN runs out of the MH */
	add(&l, t + 3 * W_MS, bad, n);
	memcpy(bad, b, n);
	bad[64 + 2] = 42;			/* unknown MH type */
	add(&l, t + 4 * W_MS, bad, n);
	memcpy(bad, b, n);
	bad[64] = 6;				/* payload proto TCP */
	add(&l, t + 5 * W_MS, bad, n);
	memcpy(bad, b, n);
	bad[40 + 7] = 12;			/* HAO length 12 */
	add(&l, t + 6 * W_MS, bad, n);
	memcpy(bad, b, n);
	bad[0] = 0x45;				/* not IPv6 */
	add(&l, t + 7 * W_MS, bad, n);
	/* MH Header Len 0 for a BU (needs 12 bytes): IPv6 length follows. */
	memcpy(bad, b, n);
	bad[5] -= 8;
	bad[64 + 1] = 0;
	add(&l, t + 8 * W_MS, bad, n - 8);
	return flush(&l, dir, "raven-wlan0.pcap", DLT_EN10MB);
}

static int sc_tunnel(const char *dir)
{
	struct plist l = { 0 };
	uint8_t b[2048], in[2048];
	size_t n;
	wts_t t = W_BASE;

	add(&l, t + 1 * W_SEC, b, w_bu(b, &W_COA, 1, 420));
	add(&l, t + 1 * W_SEC + 10 * W_MS, b, w_ba(b, &W_COA, 1, 0, 420));
	for (int i = 0; i < 10; i++) {
		n = w_echo(in, &W_CN, &W_HOA, (uint16_t)i);
		add(&l, t + 1 * W_SEC + (20 + 10 * i) * W_MS, b, w_tunnel(b, &W_HA, &W_COA, in, n));
		n = w_udp(in, &W_CN, &W_HOA, 32);
		add(&l, t + 1 * W_SEC + (25 + 10 * i) * W_MS, b, w_tunnel(b, &W_HA, &W_COA, in, n));
	}
	return flush(&l, dir, "raven-wlan0.pcap", DLT_EN10MB);
}

/* Information elements: SSID (+ supported rates for realism). */
static size_t ies(uint8_t *b, const char *ssid)
{
	size_t l = strlen(ssid);

	b[0] = 0;
	b[1] = (uint8_t)l;
	memcpy(b + 2, ssid, l);
	memcpy(b + 2 + l, "\x01\x04\x82\x84\x8b\x96", 6);
	return 2 + l + 6;
}

static void air_join(struct plist *air, wts_t t, const uint8_t *ap, const char *ssid, bool re)
{
	uint8_t body[128] = { 0 };
	size_t n;

	body[0] = 0;			/* open system, seq 1 */
	body[2] = 1;
	air_mgmt(air, t, 11, ap, W_MAC_MN, ap, body, 6);
	body[2] = 2;			/* seq 2, success */
	air_mgmt(air, t + 2 * W_MS, 11, W_MAC_MN, ap, ap, body, 6);
	memset(body, 0, sizeof(body));
	body[0] = 0x01;			/* ESS capability */
	body[2] = 10;			/* listen interval */
	n = re ? 10 : 4;
	if (re)
		memcpy(body + 4, W_MAC_AP_HOME, 6);
	n += ies(body + n, ssid);
	air_mgmt(air, t + 5 * W_MS, re ? 2 : 0, ap, W_MAC_MN, ap, body, n);
	memset(body, 0, sizeof(body));
	body[0] = 0x01;
	body[4] = 1;			/* AID 1, status 0 */
	body[5] = 0xc0;
	air_mgmt(air, t + 10 * W_MS, re ? 3 : 1, W_MAC_MN, ap, ap, body, 6);
}

static void air_beacon(struct plist *air, wts_t t, const uint8_t *ap, const char *ssid)
{
	uint8_t body[64] = { 0 };
	size_t n = 12;

	body[8] = 100;			/* beacon interval */
	body[10] = 0x01;
	n += ies(body + n, ssid);
	air_mgmt(air, t, 8, W_MAC_BCAST, ap, ap, body, n);
}

static int sc_radiotap(const char *dir)
{
	struct plist air = { 0 };
	uint8_t b[2048], body[2] = { 3, 0 };	/* reason 3: leaving */
	wts_t t = W_BASE;

	air_beacon(&air, t, W_MAC_AP_HOME, "home");
	air_beacon(&air, t + 1 * W_MS, W_MAC_AP_REMOTE, "remote");
	air_join(&air, t + 10 * W_MS, W_MAC_AP_HOME, "home", false);
	for (int i = 0; i < 5; i++)
		air_ip6(&air, t + (100 + 10 * i) * W_MS, b, w_echo(b, &W_CN, &W_HOA, (uint16_t)i),
			W_MAC_MN, W_MAC_AP_HOME, W_MAC_AP_HOME, 2);
	air_mgmt(&air, t + 200 * W_MS, 12, W_MAC_AP_HOME, W_MAC_MN, W_MAC_AP_HOME, body, 2);
	air_join(&air, t + 500 * W_MS, W_MAC_AP_REMOTE, "remote", true);
	air_mgmt(&air, t + 900 * W_MS, 10, W_MAC_AP_REMOTE, W_MAC_MN, W_MAC_AP_REMOTE, body, 2);
	return flush(&air, dir, "air.pcap", DLT_IEEE802_11_RADIO);
}

/* Variants of the handover scenario. */
enum ho_variant {
	HO_PLAIN,	/* every probe answered */
	HO_ONE_WAY,	/* no echo reply captured anywhere */
	HO_REJECTED,	/* tunnelled before the MN is ready: the first two dropped */
	HO_LATE_STALL,	/* a longer outage later in the same move window */
	HO_LATE_STALL_NO_AIR,	/* the same, no air capture: anchored at the BU */
	HO_FAST_LATE_STALL,	/* a 30 ms handover (below the significant-gap
				 * threshold) and the later stall */
	HO_MOVE_ONLY,		/* the later stall, no air capture, no BU/BA */
	HO_STREAMS,		/* two G.711 RTP streams across the move, announced */
	HO_STREAMS_HEADER,	/* the same, found by their RTP headers alone */
};

/* Two voice streams across the handover (docs in test_golden.c, which
 * asserts the figures computed by hand from these times). 20 ms G.711
 * packets, k = 0..150, sequence numbers from 65500 and timestamps from
 * 0xfffff000 so that both wrap.
 * Down, cn -> HoA, SSRC 1001, port 5004: sent (seen on cn-eth0) at
 * T - 1000 + 20k ms, at raven 2 ms later; those sent from 120 to 460 ms
 * (k 56-73) are lost; those sent 480-560 ms (k 74-78) were queued and reach
 * raven in one burst, tunnelled, at 575.0, 575.1, ... 575.4 ms; the rest are
 * tunnelled from k 79 on; k 120 arrives twice. An RTCP SR to port 5005.
 * Up, HoA -> cn, SSRC 1002, port 5006: sent (seen on raven-wlan0) at
 * T - 995 + 20k + 0.1 ms, at cn 1.9 ms later; those sent from 105 to 525 ms
 * (k 55-76) never leave raven; reverse-tunnelled from k 77 on. */
static void add_streams(struct plist *mn, struct plist *cn, wts_t T)
{
	uint8_t b[2048], in[2048];
	size_t n;

	for (int k = 0; k <= 150; k++) {
		wts_t sent = T - 1000 * W_MS + (wts_t)k * 20 * W_MS, rel = sent - T, at;
		uint16_t seq = (uint16_t)(65500 + k);
		uint32_t ts = 0xfffff000u + 160u * (uint32_t)k;

		n = w_rtp(in, &W_CN, &W_HOA, 5004, 5004, 0, seq, ts, 1001, false, 160);
		add(cn, sent, in, n);
		if (rel <= 100 * W_MS) {
			add(mn, sent + 2 * W_MS, in, n);
		} else if (rel >= 480 * W_MS) {
			at = rel <= 560 * W_MS ? T + 575 * W_MS + (k - 74) * W_MS / 10 : sent + 2 * W_MS;
			add(mn, at, b, w_tunnel(b, &W_HA, &W_COA, in, n));
			if (k == 120)
				add(mn, at + W_MS / 20, b, w_tunnel(b, &W_HA, &W_COA, in, n));
		}
		sent = T - 995 * W_MS + (wts_t)k * 20 * W_MS;
		rel = sent - T;
		n = w_rtp(in, &W_HOA, &W_CN, 5006, 5006, 0, (uint16_t)(65500 + k),
			  0xfffff000u + 160u * (uint32_t)k, 1002, false, 160);
		if (rel <= 100 * W_MS) {
			add(mn, sent + W_MS / 10, in, n);
			add(cn, sent + 2 * W_MS, in, n);
		} else if (rel >= 545 * W_MS) {
			add(mn, sent + W_MS / 10, b, w_tunnel(b, &W_COA, &W_HA, in, n));
			add(cn, sent + 2 * W_MS, in, n);
		}
	}
	n = w_rtcp_sr(in, &W_CN, &W_HOA, 5005, 5005, 1001);
	add(cn, T - 500 * W_MS, in, n);
	add(mn, T - 498 * W_MS, in, n);
}

/* The full synthetic handover with known phase times (ms after the move):
 * last probe at home 100, deauth 105, reassociation response 400, RA 430,
 * DAD 431, BU 480, BA 530, first tunnelled probe 540.
 * HO_REJECTED: the HA tunnels from 500 on; the MN drops 500 (answering
 * with an ICMPv6 error) and 510 (silently: errors are rate-limited), and
 * accepts 520 before the BA; its reply to 520 comes after the one to 530.
 * HO_LATE_STALL*: nothing from 1500 to 2600 (a 1.1 s stall, longer than the
 * 440 ms of the handover).
 * HO_MOVE_ONLY: the late stall with neither air capture nor BU/BA: only
 * t_move to go by.
 * HO_FAST_LATE_STALL: probes at home until 380, deauth 385, reassociation
 * response 400, RA 402, DAD 403, BU 404, BA 409, tunnelled from 410 (a
 * 30 ms blackout, under 4x the 10 ms spacing), and the later stall. */
static int sc_handover(const char *dir, enum ho_variant v)
{
	struct plist air = { 0 }, mn = { 0 }, cn = { 0 };
	uint8_t b[2048], in[2048], reason[2] = { 3, 0 };
	wts_t T = W_BASE + 10 * W_SEC;
	bool fast = v == HO_FAST_LATE_STALL;
	bool stall = v == HO_LATE_STALL || v == HO_LATE_STALL_NO_AIR || fast || v == HO_MOVE_ONLY;
	bool air_out = v != HO_LATE_STALL_NO_AIR && v != HO_MOVE_ONLY;
	wts_t home_until = (fast ? 380 : 100) * W_MS;
	wts_t tunnel_from = (v == HO_REJECTED ? 500 : fast ? 410 : 540) * W_MS;
	/* deauth, reassociation (auth at join - 10 ms), RA, DAD, BU, BA */
	wts_t ph[6] = { 105, 400, 430, 431, 480, 530 };
	bool replies = v != HO_ONE_WAY;
	size_t n;
	char ev[1024];
	int off = 0;

	if (fast) {
		static const wts_t f[6] = { 385, 400, 402, 403, 404, 409 };

		memcpy(ph, f, sizeof(ph));
	}
	for (int i = 0; i < 6; i++)
		ph[i] *= W_MS;
	air_beacon(&air, T - 3 * W_SEC, W_MAC_AP_HOME, "home");
	air_beacon(&air, T - 3 * W_SEC + W_MS, W_MAC_AP_REMOTE, "remote");
	air_join(&air, T - 3 * W_SEC + 10 * W_MS, W_MAC_AP_HOME, "home", false);
	for (int s = -2; s <= 0; s++) {
		n = w_ra(b, &W_RTR_HOME, &W_PFX_HOME, true);
		add(&mn, T + s * W_SEC + 3 * W_MS, b, n);
		air_ip6(&air, T + s * W_SEC + 3 * W_MS, b, n, W_MAC_ALLNODES, W_MAC_AP_HOME, W_MAC_AP_HOME, 2);
		/* The other router's RAs are on the air too, in its own BSS. */
		n = w_ra(b, &W_RTR_REMOTE, &W_PFX_REMOTE, false);
		air_ip6(&air, T + s * W_SEC + 7 * W_MS, b, n, W_MAC_ALLNODES, W_MAC_AP_REMOTE, W_MAC_AP_REMOTE, 2);
	}
	/* Probes every 10 ms from T-2 s to T+3 s. */
	for (int i = 0; i <= 500; i++) {
		wts_t ts = T - 2 * W_SEC + (wts_t)i * 10 * W_MS;
		wts_t rel = ts - T;

		n = w_echo(in, &W_CN, &W_HOA, (uint16_t)i);
		add(&cn, ts, in, n);
		if (stall && rel > 1500 * W_MS && rel < 2600 * W_MS)
			continue;
		if (rel <= home_until) {
			add(&mn, ts + W_MS / 2, in, n);
			air_ip6(&air, ts + W_MS / 2, in, n, W_MAC_MN, W_MAC_AP_HOME, W_MAC_AP_HOME, 2);
			n = w_echo_reply(in, &W_HOA, &W_CN, (uint16_t)i);
			/* HO_REJECTED: the last request on the old link is taken,
			 * its reply lost as the link goes (not captured). */
			if (replies && !(v == HO_REJECTED && rel == home_until))
				add(&mn, ts + W_MS / 2 + 200000, in, n);
		} else if (rel >= tunnel_from) {
			size_t tn = w_tunnel(b, &W_HA, &W_COA, in, n);
			wts_t answer = ts + W_MS / 2 + 200000;

			add(&mn, ts + W_MS / 2, b, tn);
			air_ip6(&air, ts + W_MS / 2, b, tn, W_MAC_MN, W_MAC_AP_REMOTE, W_MAC_AP_REMOTE, 2);
			if (v == HO_REJECTED && rel == 500 * W_MS) {
				uint8_t err[2048];

				add(&mn, ts + 2 * W_MS, err, w_unreach(err, &W_COA, &W_HA, 4, b, tn));
				continue;
			}
			if (v == HO_REJECTED && rel == 510 * W_MS)
				continue;
			if (v == HO_REJECTED && rel == 520 * W_MS)
				answer = ts + 15 * W_MS;	/* overtaken by the answer to 530 */
			/* The answer goes back through the reverse tunnel. */
			n = w_echo_reply(in, &W_HOA, &W_CN, (uint16_t)i);
			if (replies)
				add(&mn, answer, b, w_tunnel(b, &W_COA, &W_HA, in, n));
		}
	}
	air_mgmt(&air, T + ph[0], 12, W_MAC_AP_HOME, W_MAC_MN, W_MAC_AP_HOME, reason, 2);
	air_join(&air, T + ph[1] - 10 * W_MS, W_MAC_AP_REMOTE, "remote", true);
	n = w_ra(b, &W_RTR_REMOTE, &W_PFX_REMOTE, false);
	add(&mn, T + ph[2], b, n);
	n = w_dad(b, &W_COA);
	add(&mn, T + ph[3], b, n);
	air_ip6(&air, T + ph[3], b, n, W_MAC_ALLNODES, W_MAC_MN, W_MAC_AP_REMOTE, 1);
	if (v != HO_MOVE_ONLY) {
		n = w_bu(b, &W_COA, 1, 420);
		add(&mn, T + ph[4], b, n);
		air_ip6(&air, T + ph[4], b, n, W_MAC_AP_REMOTE, W_MAC_MN, W_MAC_AP_REMOTE, 1);
		n = w_ba(b, &W_COA, 1, 0, 420);
		add(&mn, T + ph[5], b, n);
		air_ip6(&air, T + ph[5], b, n, W_MAC_MN, W_MAC_AP_REMOTE, W_MAC_AP_REMOTE, 2);
	}

	if (v == HO_STREAMS || v == HO_STREAMS_HEADER)
		add_streams(&mn, &cn, T);
	if (v == HO_STREAMS)
		off = snprintf(ev, sizeof(ev),
			       "%lld.000000 cn stream-start kind=voice src=2001:db8:ff::2 dst=2001:db8::beef "
			       "dport=5004 ssrc=1001 pt=0 clock=8000 tx=cn rx=raven\n"
			       "%lld.000000 raven stream-start kind=voice src=2001:db8::beef "
			       "dst=2001:db8:ff::2 dport=5006 ssrc=1002 pt=0 clock=8000 tx=raven rx=cn\n",
			       (long long)(T / W_SEC - 2), (long long)(T / W_SEC - 2));
	if (!air_out) {
		free(air.v);
	} else if (flush(&air, dir, "air.pcap", DLT_IEEE802_11_RADIO) < 0) {
		return -1;
	}
	if (flush(&mn, dir, "raven-wlan0.pcap", DLT_EN10MB) < 0 ||
	    flush(&cn, dir, "cn-eth0.pcap", DLT_EN10MB) < 0)
		return -1;
	snprintf(ev + off, sizeof(ev) - (size_t)off,
		 "%lld.000000 raven move from=home to=remote\n"
		 "%lld.400000 raven associated ssid=remote bssid=02:00:00:00:01:00\n",
		 (long long)(T / W_SEC), (long long)(T / W_SEC));
	return write_events(dir, ev);
}

/* A video stream found by its RTP header alone (dynamic payload type 96, no
 * events.log): 15 frames/s of two packets each (the second with the marker),
 * 90 kHz timestamps, cn -> HoA on raven's own link only, 2 s long: frames
 * k = 0..29, packets 2k and 2k+1 sent at 66.666 ms k and 1 ms later, seen 3 ms
 * after sending. Frames 12 and 13 (packets 24-27) are lost; before the clock
 * rate is estimated (one second of stream) nothing is timed. Also: a UDP
 * datagram that is not RTP (version 0) and a lone RTP-looking datagram. */
static int sc_video(const char *dir)
{
	struct plist l = { 0 };
	uint8_t b[2048];
	wts_t t0 = W_BASE + 5 * W_SEC;

	for (int k = 0; k < 30; k++) {
		wts_t t = t0 + (wts_t)k * 200 * W_MS / 3;

		for (int j = 0; j < 2; j++) {
			if (k == 12 || k == 13)
				continue;
			add(&l, t + j * W_MS + 3 * W_MS, b,
			    w_rtp(b, &W_CN, &W_HOA, 5008, 5008, 96, (uint16_t)(2 * k + j),
				  (uint32_t)(6000 * k), 0xabcdef01u, j == 1, 1000));
		}
	}
	add(&l, t0 + 10 * W_MS, b, w_udp(b, &W_CN, &W_HOA, 32));
	add(&l, t0 + 20 * W_MS, b, w_rtp(b, &W_CN, &W_HOA, 6000, 6000, 97, 7, 0, 42, false, 20));
	return flush(&l, dir, "raven-wlan0.pcap", DLT_EN10MB);
}

static int sc_no_mh(const char *dir)
{
	struct plist l = { 0 };
	uint8_t b[2048];

	for (int i = 0; i < 20; i++)
		add(&l, W_BASE + i * 10 * W_MS, b, w_echo(b, &W_CN, &W_HOA, (uint16_t)i));
	return flush(&l, dir, "raven-wlan0.pcap", DLT_EN10MB);
}

static int sc_unknown_dlt(const char *dir)
{
	struct plist l = { 0 };
	uint8_t b[2048];
	struct ent *e;

	e = add(&l, W_BASE, (const uint8_t *)"\xff\x03\x00\x57", 4);
	e->frame = true;
	if (flush(&l, dir, "ppp0.pcap", DLT_PPP) < 0)
		return -1;
	add(&l, W_BASE + W_SEC, b, w_bu(b, &W_COA, 1, 420));
	add(&l, W_BASE + W_SEC + 5 * W_MS, b, w_ba(b, &W_COA, 1, 0, 420));
	return flush(&l, dir, "raven-wlan0.pcap", DLT_EN10MB);
}

const char *const w_scenarios[] = {
	"bu-ba", "bu-ba-sll", "bu-ba-sll2", "bu-ba-raw", "retransmit", "rejected",
	"bad-checksum", "truncated", "tunnel", "radiotap", "handover", "no-mh",
	"unknown-dlt", "handover-one-way", "handover-rejected", "handover-late-stall",
	"handover-late-stall-no-air", "handover-fast-late-stall", "handover-move-only",
	"late-accept", "late-refusal", "refusals-capped", "bra", "bra-not-below",
	"stream-voice", "stream-voice-header", "stream-video",
	"ro", "ro-unknown-cookie", "ro-refused", "ro-no-hot", "ro-no-ack",
	"l2-scan-wpa2", "l2-probed-before", "multi-mn",
	"esp-null", "esp-aes", "esp-no-keys", "esp-bad-icv", "hijack", "hijack-air", "hijack-failed",
	"dhaad", "dhaad-bad", "dhaad-retry", "failover", "mpa",
	NULL,
};

int w_scenario(const char *name, const char *dir)
{
	if (mkdir(dir, 0755) < 0 && errno != EEXIST)
		return -1;
	if (!strcmp(name, "bu-ba")) return sc_bu_ba(dir, DLT_EN10MB, "raven-wlan0.pcap");
	if (!strcmp(name, "bu-ba-sll")) return sc_bu_ba(dir, DLT_LINUX_SLL, "raven-any.pcap");
	if (!strcmp(name, "bu-ba-sll2")) return sc_bu_ba(dir, DLT_LINUX_SLL2, "raven-any.pcap");
	if (!strcmp(name, "bu-ba-raw")) return sc_bu_ba(dir, DLT_RAW, "raven-tun.pcap");
	if (!strcmp(name, "retransmit")) return sc_retransmit(dir);
	if (!strcmp(name, "rejected")) return sc_rejected(dir);
	if (!strcmp(name, "late-accept")) return sc_late_accept(dir);
	if (!strcmp(name, "late-refusal")) return sc_late_refusal(dir);
	if (!strcmp(name, "refusals-capped")) return sc_refusals_capped(dir);
	if (!strcmp(name, "bra")) return sc_bra(dir, false);
	if (!strcmp(name, "bra-not-below")) return sc_bra(dir, true);
	if (!strcmp(name, "bad-checksum")) return sc_bad_checksum(dir);
	if (!strcmp(name, "truncated")) return sc_truncated(dir);
	if (!strcmp(name, "tunnel")) return sc_tunnel(dir);
	if (!strcmp(name, "radiotap")) return sc_radiotap(dir);
	if (!strcmp(name, "handover")) return sc_handover(dir, HO_PLAIN);
	if (!strcmp(name, "handover-one-way")) return sc_handover(dir, HO_ONE_WAY);
	if (!strcmp(name, "handover-rejected")) return sc_handover(dir, HO_REJECTED);
	if (!strcmp(name, "handover-late-stall")) return sc_handover(dir, HO_LATE_STALL);
	if (!strcmp(name, "handover-late-stall-no-air"))
		return sc_handover(dir, HO_LATE_STALL_NO_AIR);
	if (!strcmp(name, "handover-fast-late-stall"))
		return sc_handover(dir, HO_FAST_LATE_STALL);
	if (!strcmp(name, "handover-move-only"))
		return sc_handover(dir, HO_MOVE_ONLY);
	if (!strcmp(name, "stream-voice")) return sc_handover(dir, HO_STREAMS);
	if (!strcmp(name, "stream-voice-header")) return sc_handover(dir, HO_STREAMS_HEADER);
	if (!strcmp(name, "stream-video")) return sc_video(dir);
	if (!strcmp(name, "no-mh")) return sc_no_mh(dir);
	if (!strcmp(name, "unknown-dlt")) return sc_unknown_dlt(dir);
	if (!strncmp(name, "l2-", 3)) return w_scenario_l2(name, dir);
	if (!strncmp(name, "multi-", 6)) return w_scenario_multi(name, dir);
	if (!strncmp(name, "esp-", 4) || !strncmp(name, "hijack", 6))
		return w_scenario_esp(name, dir);
	if (!strncmp(name, "dhaad", 5) || !strcmp(name, "failover") || !strcmp(name, "mpa"))
		return w_scenario_had(name, dir);
	return w_scenario_ro(name, dir);
}

int w_bench(const char *path, uint64_t n)
{
	struct pw w;
	uint8_t b[2048], in[2048];
	wts_t t = W_BASE;
	uint16_t seq = 0;

	if (pw_open(&w, path, DLT_EN10MB) < 0)
		return -1;
	for (uint64_t i = 0; i < n; i++) {
		if (i % 1000 == 998) {
			t += 10 * W_MS;
			pw_ip6(&w, t, b, w_bu(b, &W_COA, seq, 420), 0);
		} else if (i % 1000 == 999) {
			t += 10 * W_MS;
			/* With a BRA, as the file was first measured. */
			pw_ip6(&w, t, b, w_ba_bra(b, &W_COA, seq, 0, 420, 210), 0);
			seq++;
		} else if (i % 2 == 0) {
			/* Probe traffic, tunnelled to the CoA like after a move... */
			size_t l = w_echo(in, &W_CN, &W_HOA, (uint16_t)(i / 2));

			t += 10 * W_MS;
			pw_ip6(&w, t, b, w_tunnel(b, &W_HA, &W_COA, in, l), 0);
		} else {
			/* ...and the MN's answer through the reverse tunnel. */
			size_t l = w_echo_reply(in, &W_HOA, &W_CN, (uint16_t)(i / 2));

			pw_ip6(&w, t + W_MS / 5, b, w_tunnel(b, &W_COA, &W_HA, in, l), 0);
		}
	}
	pw_close(&w);
	return 0;
}
