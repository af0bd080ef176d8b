#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <arpa/inet.h>

#include "csum.h"
#include "writer.h"

#define A6(s0, s1, s2, s3, s4, s5, s6, s7) { .s6_addr = { \
	(s0) >> 8, (s0) & 0xff, (s1) >> 8, (s1) & 0xff, (s2) >> 8, (s2) & 0xff, (s3) >> 8, (s3) & 0xff, \
	(s4) >> 8, (s4) & 0xff, (s5) >> 8, (s5) & 0xff, (s6) >> 8, (s6) & 0xff, (s7) >> 8, (s7) & 0xff } }

const struct in6_addr W_HOA = A6(0x2001, 0xdb8, 0, 0, 0, 0, 0, 0xbeef);
const struct in6_addr W_HA = A6(0x2001, 0xdb8, 0, 0, 0, 0, 0, 0);
const struct in6_addr W_CN = A6(0x2001, 0xdb8, 0xff, 0, 0, 0, 0, 2);
const struct in6_addr W_COA = A6(0x2001, 0xdb8, 1, 0, 0x200, 0xff, 0xfe00, 0x200);
const struct in6_addr W_COA_HOME = A6(0x2001, 0xdb8, 0, 0, 0x200, 0xff, 0xfe00, 0x200);
const struct in6_addr W_RTR_HOME = A6(0xfe80, 0, 0, 0, 0, 0xff, 0xfe00, 0);
const struct in6_addr W_RTR_REMOTE = A6(0xfe80, 0, 0, 0, 0, 0xff, 0xfe00, 0x100);
static const struct in6_addr PFX_HOME = A6(0x2001, 0xdb8, 0, 0, 0, 0, 0, 0);
static const struct in6_addr PFX_REMOTE = A6(0x2001, 0xdb8, 1, 0, 0, 0, 0, 0);
static const struct in6_addr ALL_NODES = A6(0xff02, 0, 0, 0, 0, 0, 0, 1);
const uint8_t W_MAC_MN[6] = { 2, 0, 0, 0, 2, 0 };
const uint8_t W_MAC_AP_HOME[6] = { 2, 0, 0, 0, 0, 0 };
const uint8_t W_MAC_AP_REMOTE[6] = { 2, 0, 0, 0, 1, 0 };
static const uint8_t MAC_BCAST[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
static const uint8_t MAC_ALLNODES[6] = { 0x33, 0x33, 0, 0, 0, 1 };

int pw_open(struct pw *w, const char *path, int dlt)
{
	memset(w, 0, sizeof(*w));
	w->dlt = dlt;
	w->dead = pcap_open_dead_with_tstamp_precision(dlt, 65535, PCAP_TSTAMP_PRECISION_NANO);
	if (!w->dead)
		return -1;
	w->d = pcap_dump_open(w->dead, path);
	if (!w->d) {
		fprintf(stderr, "%s: %s\n", path, pcap_geterr(w->dead));
		pcap_close(w->dead);
		return -1;
	}
	return 0;
}

void pw_close(struct pw *w)
{
	pcap_dump_close(w->d);
	pcap_close(w->dead);
}

void pw_frame(struct pw *w, wts_t t, const uint8_t *f, size_t len, size_t caplen)
{
	struct pcap_pkthdr h;

	h.ts.tv_sec = t / W_SEC;
	h.ts.tv_usec = t % W_SEC;	/* nanoseconds: the handle is nano precision */
	h.len = (bpf_u_int32)len;
	h.caplen = (bpf_u_int32)(caplen && caplen < len ? caplen : len);
	pcap_dump((u_char *)w->d, &h, f);
}

/* Radiotap with Flags (no FCS) and Rate: 10 bytes. */
static size_t radiotap(uint8_t *b)
{
	static const uint8_t rt[10] = { 0, 0, 10, 0, 0x06, 0, 0, 0, 0x00, 0x02 };

	memcpy(b, rt, sizeof(rt));
	return sizeof(rt);
}

void pw_ip6(struct pw *w, wts_t t, const uint8_t *ip6, size_t len, size_t caplen)
{
	uint8_t f[4096];
	size_t h = 0;

	switch (w->dlt) {
	case DLT_EN10MB:
		memcpy(f, W_MAC_MN, 6);
		memcpy(f + 6, W_MAC_AP_HOME, 6);
		f[12] = 0x86;
		f[13] = 0xdd;
		h = 14;
		break;
	case DLT_LINUX_SLL:
		memset(f, 0, 16);
		f[3] = 1;		/* ARPHRD_ETHER */
		f[5] = 6;
		memcpy(f + 6, W_MAC_AP_HOME, 6);
		f[14] = 0x86;
		f[15] = 0xdd;
		h = 16;
		break;
	case DLT_LINUX_SLL2:
		memset(f, 0, 20);
		f[0] = 0x86;
		f[1] = 0xdd;
		f[7] = 3;		/* ifindex */
		f[9] = 1;		/* ARPHRD_ETHER */
		f[11] = 6;
		memcpy(f + 12, W_MAC_AP_HOME, 6);
		h = 20;
		break;
	case DLT_IEEE802_11_RADIO:
		h = radiotap(f);
		f[h] = 0x08;		/* data */
		f[h + 1] = w->ds;
		f[h + 2] = f[h + 3] = 0;
		memcpy(f + h + 4, w->a1, 6);
		memcpy(f + h + 10, w->a2, 6);
		memcpy(f + h + 16, w->a3, 6);
		f[h + 22] = f[h + 23] = 0;
		h += 24;
		memcpy(f + h, "\xaa\xaa\x03\x00\x00\x00\x86\xdd", 8);
		h += 8;
		break;
	default:
		break;
	}
	memcpy(f + h, ip6, len);
	pw_frame(w, t, f, h + len, caplen ? h + caplen : 0);
}

void pw_mgmt(struct pw *w, wts_t t, unsigned subtype, const uint8_t *da, const uint8_t *sa,
	     const uint8_t *bssid, const uint8_t *body, size_t blen)
{
	uint8_t f[1024];
	size_t h = radiotap(f);

	f[h] = (uint8_t)(subtype << 4);
	f[h + 1] = 0;
	f[h + 2] = f[h + 3] = 0;
	memcpy(f + h + 4, da, 6);
	memcpy(f + h + 10, sa, 6);
	memcpy(f + h + 16, bssid, 6);
	f[h + 22] = f[h + 23] = 0;
	memcpy(f + h + 24, body, blen);
	pw_frame(w, t, f, h + 24 + blen, 0);
}

static size_t mh_pkt(uint8_t *buf, const struct ip6_spec *s, const struct mh_msg *m)
{
	size_t len = 0;

	if (ip6_build_mh(s, m, buf, 2048, &len) != PKT_OK)
		abort();
	return len;
}

size_t w_bu(uint8_t *buf, const struct in6_addr *coa, uint16_t seq, uint16_t lifetime_s)
{
	struct ip6_spec s = { .src = *coa, .dst = W_HA, .hoa = &W_HOA };
	struct mh_msg m = { .type = MH_BU };

	/* Deregistration from home: source is the HoA itself, no HAO. */
	if (memcmp(coa, &W_HOA, 16) == 0)
		s.hoa = NULL;
	m.bu.seq = seq;
	m.bu.flags = MH_BU_A | MH_BU_H;
	m.bu.lifetime_units = mh_sec_to_units(lifetime_s);
	return mh_pkt(buf, &s, &m);
}

size_t w_ba(uint8_t *buf, const struct in6_addr *coa, uint16_t seq, uint8_t status,
	    uint16_t lifetime_s)
{
	struct ip6_spec s = { .src = W_HA, .dst = *coa, .rh2 = &W_HOA };
	struct mh_msg m = { .type = MH_BA };

	if (memcmp(coa, &W_HOA, 16) == 0)
		s.rh2 = NULL;
	m.ba.status = status;
	m.ba.seq = seq;
	m.ba.lifetime_units = mh_sec_to_units(lifetime_s);
	if (status < 128) {
		m.opts.has_bra = true;
		m.opts.refresh_units = mh_sec_to_units(lifetime_s / 2);
	}
	return mh_pkt(buf, &s, &m);
}

size_t w_echo(uint8_t *buf, const struct in6_addr *src, const struct in6_addr *dst, uint16_t seq)
{
	uint8_t e[16] = { 128, 0, 0, 0, 0x12, 0x34, 0, 0, 'm', 'i', 'p', '6', 'l', 'a', 'b', '!' };
	struct ip6_spec s = { .src = *src, .dst = *dst };
	size_t len = 0;

	e[6] = seq >> 8;
	e[7] = seq & 0xff;
	if (ip6_build_icmp6(&s, e, sizeof(e), buf, 2048, &len) != PKT_OK)
		abort();
	return len;
}

size_t w_echo_reply(uint8_t *buf, const struct in6_addr *src, const struct in6_addr *dst,
		    uint16_t seq)
{
	size_t len = w_echo(buf, src, dst, seq);
	struct ip6_spec s = { .src = *src, .dst = *dst };
	uint8_t e[16];
	size_t out;

	memcpy(e, buf + 40, sizeof(e));
	e[0] = 129;
	if (ip6_build_icmp6(&s, e, sizeof(e), buf, 2048, &out) != PKT_OK || out != len)
		abort();
	return len;
}

size_t w_tunnel(uint8_t *buf, const struct in6_addr *osrc, const struct in6_addr *odst,
		const uint8_t *inner, size_t ilen)
{
	struct ip6_spec s = { .src = *osrc, .dst = *odst };
	size_t h = 0;

	if (ip6_build_hdr(&s, IPPROTO_IPV6, ilen, buf, 2048, &h) != PKT_OK)
		abort();
	memcpy(buf + h, inner, ilen);
	return h + ilen;
}

size_t w_ra(uint8_t *buf, const struct in6_addr *rtr, const struct in6_addr *prefix, bool home_agent)
{
	uint8_t ra[16 + 8 + 32 + 8] = { 134, 0, 0, 0, 64, 0, 0x07, 0x08 };
	struct ip6_spec s = { .src = *rtr, .dst = ALL_NODES, .hop_limit = 255 };
	uint8_t *o = ra + 16;
	size_t len = 0;

	if (home_agent)
		ra[5] = 0x20;
	o[0] = 1;			/* SLLA */
	o[1] = 1;
	memcpy(o + 2, memcmp(prefix, &PFX_HOME, 16) == 0 ? W_MAC_AP_HOME : W_MAC_AP_REMOTE, 6);
	o += 8;
	o[0] = 3;			/* Prefix Information, L A R */
	o[1] = 4;
	o[2] = 64;
	o[3] = 0xe0;
	o[7] = 0x78;			/* valid 120 s, preferred 60 s */
	o[11] = 0x3c;
	memcpy(o + 16, prefix, 16);
	o += 32;
	o[0] = 7;			/* Advertisement Interval 1000 ms */
	o[1] = 1;
	o[6] = 0x03;
	o[7] = 0xe8;
	if (ip6_build_icmp6(&s, ra, sizeof(ra), buf, 2048, &len) != PKT_OK)
		abort();
	return len;
}

size_t w_dad(uint8_t *buf, const struct in6_addr *target)
{
	uint8_t ns[24] = { 135, 0 };
	struct ip6_spec s = { .hop_limit = 255 };
	size_t len = 0;

	memset(&s.src, 0, 16);
	inet_pton(AF_INET6, "ff02::1:ff00:0", &s.dst);
	memcpy(s.dst.s6_addr + 13, target->s6_addr + 13, 3);
	memcpy(ns + 8, target, 16);
	if (ip6_build_icmp6(&s, ns, sizeof(ns), buf, 2048, &len) != PKT_OK)
		abort();
	return len;
}

size_t w_udp(uint8_t *buf, const struct in6_addr *src, const struct in6_addr *dst, size_t payload)
{
	struct ip6_spec s = { .src = *src, .dst = *dst };
	size_t h = 0, len = 8 + payload;
	uint8_t *u;
	uint16_t c;

	if (ip6_build_hdr(&s, IPPROTO_UDP, len, buf, 2048, &h) != PKT_OK)
		abort();
	u = buf + h;
	memset(u, 0, len);
	u[0] = 0x9c; u[1] = 0x40;	/* 40000 -> 9 */
	u[3] = 9;
	u[4] = (uint8_t)(len >> 8);
	u[5] = (uint8_t)len;
	c = csum6(src, dst, IPPROTO_UDP, u, len);
	u[6] = c >> 8;
	u[7] = c & 0xff;
	return h + len;
}

/* --- time-ordered packet lists, so scenarios can be written by phase --- */

struct ent {
	wts_t t;
	size_t len, caplen;
	bool frame;		/* bytes already carry the link layer */
	uint8_t a1[6], a2[6], a3[6], ds;
	uint8_t b[2048];
};

struct plist {
	struct ent *v;
	size_t n, cap;
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
	size_t h = radiotap(f);
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
	air_mgmt(air, t, 8, MAC_BCAST, ap, ap, body, n);
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

/* The full synthetic handover with known phase times (ms after the move):
 * last probe at home 100, deauth 105, reassociation response 400, RA 430,
 * DAD 431, BU 480, BA 530, first tunnelled probe 540. */
static int sc_handover(const char *dir)
{
	struct plist air = { 0 }, mn = { 0 }, cn = { 0 };
	uint8_t b[2048], in[2048], reason[2] = { 3, 0 };
	wts_t T = W_BASE + 10 * W_SEC;
	size_t n;
	char ev[512];

	air_beacon(&air, T - 3 * W_SEC, W_MAC_AP_HOME, "home");
	air_beacon(&air, T - 3 * W_SEC + W_MS, W_MAC_AP_REMOTE, "remote");
	air_join(&air, T - 3 * W_SEC + 10 * W_MS, W_MAC_AP_HOME, "home", false);
	for (int s = -2; s <= 0; s++) {
		n = w_ra(b, &W_RTR_HOME, &PFX_HOME, true);
		add(&mn, T + s * W_SEC + 3 * W_MS, b, n);
		air_ip6(&air, T + s * W_SEC + 3 * W_MS, b, n, MAC_ALLNODES, W_MAC_AP_HOME, W_MAC_AP_HOME, 2);
		/* The other router's RAs are on the air too, in its own BSS. */
		n = w_ra(b, &W_RTR_REMOTE, &PFX_REMOTE, false);
		air_ip6(&air, T + s * W_SEC + 7 * W_MS, b, n, MAC_ALLNODES, W_MAC_AP_REMOTE, W_MAC_AP_REMOTE, 2);
	}
	/* Probes every 10 ms from T-2 s to T+3 s. */
	for (int i = 0; i <= 500; i++) {
		wts_t ts = T - 2 * W_SEC + (wts_t)i * 10 * W_MS;
		wts_t rel = ts - T;

		n = w_echo(in, &W_CN, &W_HOA, (uint16_t)i);
		add(&cn, ts, in, n);
		if (rel <= 100 * W_MS) {
			add(&mn, ts + W_MS / 2, in, n);
			air_ip6(&air, ts + W_MS / 2, in, n, W_MAC_MN, W_MAC_AP_HOME, W_MAC_AP_HOME, 2);
			n = w_echo_reply(in, &W_HOA, &W_CN, (uint16_t)i);
			add(&mn, ts + W_MS / 2 + 200000, in, n);
		} else if (rel >= 540 * W_MS) {
			size_t tn = w_tunnel(b, &W_HA, &W_COA, in, n);

			add(&mn, ts + W_MS / 2, b, tn);
			air_ip6(&air, ts + W_MS / 2, b, tn, W_MAC_MN, W_MAC_AP_REMOTE, W_MAC_AP_REMOTE, 2);
			/* The answer goes back through the reverse tunnel. */
			n = w_echo_reply(in, &W_HOA, &W_CN, (uint16_t)i);
			add(&mn, ts + W_MS / 2 + 200000, b, w_tunnel(b, &W_COA, &W_HA, in, n));
		}
	}
	air_mgmt(&air, T + 105 * W_MS, 12, W_MAC_AP_HOME, W_MAC_MN, W_MAC_AP_HOME, reason, 2);
	air_join(&air, T + 390 * W_MS, W_MAC_AP_REMOTE, "remote", true);
	n = w_ra(b, &W_RTR_REMOTE, &PFX_REMOTE, false);
	add(&mn, T + 430 * W_MS, b, n);
	n = w_dad(b, &W_COA);
	add(&mn, T + 431 * W_MS, b, n);
	air_ip6(&air, T + 431 * W_MS, b, n, MAC_ALLNODES, W_MAC_MN, W_MAC_AP_REMOTE, 1);
	n = w_bu(b, &W_COA, 1, 420);
	add(&mn, T + 480 * W_MS, b, n);
	air_ip6(&air, T + 480 * W_MS, b, n, W_MAC_AP_REMOTE, W_MAC_MN, W_MAC_AP_REMOTE, 1);
	n = w_ba(b, &W_COA, 1, 0, 420);
	add(&mn, T + 530 * W_MS, b, n);
	air_ip6(&air, T + 530 * W_MS, b, n, W_MAC_MN, W_MAC_AP_REMOTE, W_MAC_AP_REMOTE, 2);

	if (flush(&air, dir, "air.pcap", DLT_IEEE802_11_RADIO) < 0 ||
	    flush(&mn, dir, "raven-wlan0.pcap", DLT_EN10MB) < 0 ||
	    flush(&cn, dir, "cn-eth0.pcap", DLT_EN10MB) < 0)
		return -1;
	snprintf(ev, sizeof(ev),
		 "%lld.000000 raven move from=home to=remote\n"
		 "%lld.400000 raven associated ssid=remote bssid=02:00:00:00:01:00\n",
		 (long long)(T / W_SEC), (long long)(T / W_SEC));
	return write_events(dir, ev);
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
	"unknown-dlt", NULL,
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
	if (!strcmp(name, "bad-checksum")) return sc_bad_checksum(dir);
	if (!strcmp(name, "truncated")) return sc_truncated(dir);
	if (!strcmp(name, "tunnel")) return sc_tunnel(dir);
	if (!strcmp(name, "radiotap")) return sc_radiotap(dir);
	if (!strcmp(name, "handover")) return sc_handover(dir);
	if (!strcmp(name, "no-mh")) return sc_no_mh(dir);
	if (!strcmp(name, "unknown-dlt")) return sc_unknown_dlt(dir);
	return -1;
}

int w_bench(const char *path, uint64_t n)
{
	struct pw w;
	uint8_t b[2048], in[2048];
	size_t echo_len = w_echo(in, &W_CN, &W_HOA, 0);
	wts_t t = W_BASE;
	uint16_t seq = 0;

	if (pw_open(&w, path, DLT_EN10MB) < 0)
		return -1;
	for (uint64_t i = 0; i < n; i++) {
		t += 10 * W_MS;
		if (i % 1000 == 998) {
			pw_ip6(&w, t, b, w_bu(b, &W_COA, seq, 420), 0);
		} else if (i % 1000 == 999) {
			pw_ip6(&w, t, b, w_ba(b, &W_COA, seq, 0, 420), 0);
			seq++;
		} else {
			/* Probe traffic, tunnelled to the CoA like after a move. */
			uint16_t c;

			in[46] = (uint8_t)(i >> 8);
			in[47] = (uint8_t)i;
			in[42] = in[43] = 0;
			c = csum6(&W_CN, &W_HOA, IPPROTO_ICMPV6, in + 40, echo_len - 40);
			in[42] = c >> 8;
			in[43] = c & 0xff;
			pw_ip6(&w, t, b, w_tunnel(b, &W_HA, &W_COA, in, echo_len), 0);
		}
	}
	pw_close(&w);
	return 0;
}
