/* Writing synthetic captures: pcap files through pcap_open_dead + pcap_dump,
 * link-layer wrapping, and lab packets built with the common codec. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

#include "csum.h"
#include "rtp.h"
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
const struct in6_addr W_PFX_HOME = A6(0x2001, 0xdb8, 0, 0, 0, 0, 0, 0);
const struct in6_addr W_PFX_REMOTE = A6(0x2001, 0xdb8, 1, 0, 0, 0, 0, 0);
static const struct in6_addr ALL_NODES = A6(0xff02, 0, 0, 0, 0, 0, 0, 1);
const uint8_t W_MAC_MN[6] = { 2, 0, 0, 0, 2, 0 };
const uint8_t W_MAC_AP_HOME[6] = { 2, 0, 0, 0, 0, 0 };
const uint8_t W_MAC_AP_REMOTE[6] = { 2, 0, 0, 0, 1, 0 };
const uint8_t W_MAC_BCAST[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
const uint8_t W_MAC_ALLNODES[6] = { 0x33, 0x33, 0, 0, 0, 1 };

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
size_t w_radiotap(uint8_t *b)
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
		h = w_radiotap(f);
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
	size_t h = w_radiotap(f);

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
	return w_bu_of(buf, &W_HOA, coa, seq, lifetime_s);
}

size_t w_bu_of(uint8_t *buf, const struct in6_addr *hoa, const struct in6_addr *coa, uint16_t seq,
	       uint16_t lifetime_s)
{
	struct ip6_spec s = { .src = *coa, .dst = W_HA, .hoa = hoa };
	struct mh_msg m = { .type = MH_BU };

	/* Deregistration from home: source is the HoA itself, no HAO. */
	if (memcmp(coa, hoa, 16) == 0)
		s.hoa = NULL;
	m.bu.seq = seq;
	m.bu.flags = MH_BU_A | MH_BU_H;
	m.bu.lifetime_units = mh_sec_to_units(lifetime_s);
	return mh_pkt(buf, &s, &m);
}

static size_t ba(uint8_t *buf, const struct in6_addr *hoa, const struct in6_addr *coa, uint16_t seq,
		 uint8_t status, uint16_t lifetime_s, bool bra, uint16_t refresh_s)
{
	struct ip6_spec s = { .src = W_HA, .dst = *coa, .rh2 = hoa };
	struct mh_msg m = { .type = MH_BA };

	if (memcmp(coa, hoa, 16) == 0)
		s.rh2 = NULL;
	m.ba.status = status;
	m.ba.seq = seq;
	m.ba.lifetime_units = mh_sec_to_units(lifetime_s);
	m.opts.has_bra = bra;
	m.opts.refresh_units = mh_sec_to_units(refresh_s);
	return mh_pkt(buf, &s, &m);
}

size_t w_ba(uint8_t *buf, const struct in6_addr *coa, uint16_t seq, uint8_t status,
	    uint16_t lifetime_s)
{
	return ba(buf, &W_HOA, coa, seq, status, lifetime_s, false, 0);
}

size_t w_ba_of(uint8_t *buf, const struct in6_addr *hoa, const struct in6_addr *coa, uint16_t seq,
	       uint8_t status, uint16_t lifetime_s)
{
	return ba(buf, hoa, coa, seq, status, lifetime_s, false, 0);
}

size_t w_ba_bra(uint8_t *buf, const struct in6_addr *coa, uint16_t seq, uint8_t status,
		uint16_t lifetime_s, uint16_t refresh_s)
{
	return ba(buf, &W_HOA, coa, seq, status, lifetime_s, true, refresh_s);
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

size_t w_unreach(uint8_t *buf, const struct in6_addr *src, const struct in6_addr *dst,
		 uint8_t code, const uint8_t *invoking, size_t ilen)
{
	uint8_t m[1280] = { 1, code };
	struct ip6_spec s = { .src = *src, .dst = *dst };
	size_t len = 0;

	/* RFC 4443 §3.1: as much of the invoking packet as fits in 1280. */
	if (ilen > sizeof(m) - 40 - 8)
		ilen = sizeof(m) - 40 - 8;
	memcpy(m + 8, invoking, ilen);
	if (ip6_build_icmp6(&s, m, 8 + ilen, buf, 2048, &len) != PKT_OK)
		abort();
	return len;
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
	memcpy(o + 2, memcmp(prefix, &W_PFX_HOME, 16) == 0 ? W_MAC_AP_HOME : W_MAC_AP_REMOTE, 6);
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


static size_t udp_with(uint8_t *buf, const struct in6_addr *src, const struct in6_addr *dst,
		       uint16_t sport, uint16_t dport, const uint8_t *data, size_t dlen)
{
	struct ip6_spec s = { .src = *src, .dst = *dst };
	size_t h = 0, len = 8 + dlen;
	uint8_t *u;
	uint16_t c;

	if (ip6_build_hdr(&s, IPPROTO_UDP, len, buf, 2048, &h) != PKT_OK)
		abort();
	u = buf + h;
	u[0] = (uint8_t)(sport >> 8);
	u[1] = (uint8_t)sport;
	u[2] = (uint8_t)(dport >> 8);
	u[3] = (uint8_t)dport;
	u[4] = (uint8_t)(len >> 8);
	u[5] = (uint8_t)len;
	u[6] = u[7] = 0;
	memcpy(u + 8, data, dlen);
	c = csum6(src, dst, IPPROTO_UDP, u, len);
	u[6] = c >> 8;
	u[7] = c & 0xff;
	return h + len;
}

size_t w_rtp(uint8_t *buf, const struct in6_addr *src, const struct in6_addr *dst, uint16_t sport,
	     uint16_t dport, uint8_t pt, uint16_t seq, uint32_t ts, uint32_t ssrc, bool marker,
	     size_t plen)
{
	struct rtp_hdr h = { .marker = marker, .pt = pt, .seq = seq, .ts = ts, .ssrc = ssrc };
	uint8_t payload[1500], r[1600];
	int n;

	if (plen > sizeof(payload))
		abort();
	memset(payload, 0xff, plen);
	n = rtp_build(r, sizeof(r), &h, payload, plen);
	if (n < 0)
		abort();
	return udp_with(buf, src, dst, sport, dport, r, (size_t)n);
}

size_t w_rtcp_sr(uint8_t *buf, const struct in6_addr *src, const struct in6_addr *dst,
		 uint16_t sport, uint16_t dport, uint32_t ssrc)
{
	/* V=2, no report block, PT 200, length 6 words; SSRC, NTP, RTP, counts. */
	uint8_t sr[28] = { 0x80, 200, 0, 6 };

	sr[4] = (uint8_t)(ssrc >> 24);
	sr[5] = (uint8_t)(ssrc >> 16);
	sr[6] = (uint8_t)(ssrc >> 8);
	sr[7] = (uint8_t)ssrc;
	return udp_with(buf, src, dst, sport, dport, sr, sizeof(sr));
}
