/* Test-data writer: synthetic lab captures (pcap_open_dead + pcap_dump)
 * built with the common codec, for the analyzer's golden tests, the fuzz
 * corpus and the benchmark. */
#ifndef MIP6_TEST_WRITER_H
#define MIP6_TEST_WRITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>
#include <pcap/pcap.h>

#include "ip6pkt.h"

typedef int64_t wts_t;		/* ns since the epoch */
#define W_SEC 1000000000LL
#define W_MS 1000000LL
#define W_BASE (1795672800LL * W_SEC)	/* the lab's example epoch */

struct pw {
	pcap_t *dead;
	pcap_dumper_t *d;
	int dlt;
	/* 802.11 data frames: receiver, transmitter, third address, DS bits. */
	uint8_t a1[6], a2[6], a3[6];
	uint8_t ds;		/* 1 = to AP, 2 = from AP */
};

extern const struct in6_addr W_HOA, W_HA, W_CN, W_COA, W_COA_HOME, W_RTR_HOME, W_RTR_REMOTE;
extern const struct in6_addr W_PFX_HOME, W_PFX_REMOTE;
extern const uint8_t W_MAC_MN[6], W_MAC_AP_HOME[6], W_MAC_AP_REMOTE[6];
extern const uint8_t W_MAC_BCAST[6], W_MAC_ALLNODES[6];

/* A 10-byte radiotap header (Flags without FCS, Rate); returns its length. */
size_t w_radiotap(uint8_t *b);

int pw_open(struct pw *w, const char *path, int dlt);
void pw_close(struct pw *w);
/* One IPv6 packet wrapped in the file's link layer; caplen 0 = whole. */
void pw_ip6(struct pw *w, wts_t t, const uint8_t *ip6, size_t len, size_t caplen);
/* One frame as given (already with its link-layer header). */
void pw_frame(struct pw *w, wts_t t, const uint8_t *f, size_t len, size_t caplen);
/* 802.11 management frame with radiotap; body after the 24-byte header. */
void pw_mgmt(struct pw *w, wts_t t, unsigned subtype, const uint8_t *da, const uint8_t *sa,
	     const uint8_t *bssid, const uint8_t *body, size_t blen);

/* Packet builders into buf (>= 2048 bytes); return the length. */
size_t w_bu(uint8_t *buf, const struct in6_addr *coa, uint16_t seq, uint16_t lifetime_s);
/* The same for another mobile node's home address. */
size_t w_bu_of(uint8_t *buf, const struct in6_addr *hoa, const struct in6_addr *coa, uint16_t seq,
	       uint16_t lifetime_s);
size_t w_ba_of(uint8_t *buf, const struct in6_addr *hoa, const struct in6_addr *coa, uint16_t seq,
	       uint8_t status, uint16_t lifetime_s);
/* A BA without Binding Refresh Advice (the golden scenarios' default, so
 * that only the BRA scenarios report one)... */
size_t w_ba(uint8_t *buf, const struct in6_addr *coa, uint16_t seq, uint8_t status,
	    uint16_t lifetime_s);
/* ...and with one (RFC 6275 §6.2.4), refresh interval in seconds. */
size_t w_ba_bra(uint8_t *buf, const struct in6_addr *coa, uint16_t seq, uint8_t status,
		uint16_t lifetime_s, uint16_t refresh_s);
size_t w_echo(uint8_t *buf, const struct in6_addr *src, const struct in6_addr *dst, uint16_t seq);
size_t w_echo_reply(uint8_t *buf, const struct in6_addr *src, const struct in6_addr *dst,
		    uint16_t seq);
size_t w_tunnel(uint8_t *buf, const struct in6_addr *osrc, const struct in6_addr *odst,
		const uint8_t *inner, size_t ilen);
/* ICMPv6 destination unreachable (code) quoting the invoking packet. */
size_t w_unreach(uint8_t *buf, const struct in6_addr *src, const struct in6_addr *dst,
		 uint8_t code, const uint8_t *invoking, size_t ilen);
size_t w_ra(uint8_t *buf, const struct in6_addr *rtr, const struct in6_addr *prefix, bool home_agent);
size_t w_dad(uint8_t *buf, const struct in6_addr *target);
size_t w_udp(uint8_t *buf, const struct in6_addr *src, const struct in6_addr *dst, size_t payload);
/* UDP sport -> dport carrying RTP (V=2, no CSRC) with plen payload bytes of
 * mu-law silence; rtcp: an RTCP sender report header instead (PT 200). */
size_t w_rtp(uint8_t *buf, const struct in6_addr *src, const struct in6_addr *dst, uint16_t sport,
	     uint16_t dport, uint8_t pt, uint16_t seq, uint32_t ts, uint32_t ssrc, bool marker,
	     size_t plen);
size_t w_rtcp_sr(uint8_t *buf, const struct in6_addr *src, const struct in6_addr *dst,
		 uint16_t sport, uint16_t dport, uint32_t ssrc);

/* writer_ro.c: Route Optimization with the correspondent W_CN. w_rr builds
 * a HoTI/CoTI (cookie: 8 bytes of cookie) or a HoT/CoT echoing it, src ->
 * dst as given (a HoTI/HoT goes through the tunnel: w_tunnel it). The BU
 * (flags as given, never H) carries Nonce Indices and 12 bytes of Binding
 * Authorization Data; from the HoA itself there is no HAO, to it no RH2. */
size_t w_rr(uint8_t *buf, uint8_t type, const struct in6_addr *src, const struct in6_addr *dst,
	    uint8_t cookie, uint16_t nonce_index);
size_t w_cn_bu(uint8_t *buf, const struct in6_addr *coa, uint16_t seq, uint16_t flags,
	       uint16_t lifetime_s, uint16_t home_nonce, uint16_t coa_nonce);
size_t w_cn_ba(uint8_t *buf, const struct in6_addr *coa, uint16_t seq, uint8_t status,
	       uint16_t lifetime_s);
size_t w_brr(uint8_t *buf, const struct in6_addr *coa);
size_t w_be(uint8_t *buf, const struct in6_addr *src, const struct in6_addr *dst, uint8_t status);
/* An echo request (or reply) with a type 2 routing header and/or a HAO. */
size_t w_echo_via(uint8_t *buf, bool reply, const struct in6_addr *src, const struct in6_addr *dst,
		  const struct in6_addr *rh2, const struct in6_addr *hao, uint16_t seq);

/* writer_esp.c: a BU or BA (as built above) with its Mobility Header in ESP
 * transport mode, sequence number seq; the keys of the scenarios' SAs, MN to
 * HA (SPI 0x1000) and HA to MN (0x1001), written as a key file of --esp-sa
 * into dir/ipsec.keys. */
struct w_sa {
	uint32_t spi, reqid;
	bool aes;		/* cbc(aes) with enc_key, else cipher_null */
	uint8_t enc_key[16];
	uint8_t auth_key[20];	/* hmac(sha1) */
};
extern const struct w_sa W_SA_BU_NULL, W_SA_BA_NULL, W_SA_BU_AES, W_SA_BA_AES;
size_t w_esp(uint8_t *buf, const struct w_sa *sa, uint32_t seq, const uint8_t *plain, size_t len);
int w_esp_keys(const char *dir, const struct w_sa *bu, const struct w_sa *ba);

/* writer_had.c: home agent discovery and fail-over. W_HA2 is a second home
 * agent on the home link (2001:db8::f0), W_HA_ANYCAST the home subnet's
 * home-agents anycast address. A Reply with n_addr 0 is written by hand (the
 * codec refuses it). The MPS goes from the CoA with a HAO (W_HOA), the MPA to
 * the CoA with a type 2 routing header, carrying W_PFX_HOME/64. */
extern const struct in6_addr W_HA2, W_HA_ANYCAST;
size_t w_dhaad_req(uint8_t *buf, const struct in6_addr *coa, uint16_t id);
size_t w_dhaad_rep(uint8_t *buf, const struct in6_addr *ha, const struct in6_addr *coa, uint16_t id,
		   const struct in6_addr *addrs, size_t n_addr);
size_t w_mps(uint8_t *buf, const struct in6_addr *coa, const struct in6_addr *ha, uint16_t id);
size_t w_mpa(uint8_t *buf, const struct in6_addr *ha, const struct in6_addr *coa, uint16_t id,
	     uint32_t valid, uint32_t preferred);
/* An ICMPv6 error (type 1-4, code, the 32-bit field after the checksum). */
size_t w_icmp_err(uint8_t *buf, const struct in6_addr *src, const struct in6_addr *dst, uint8_t type,
		  uint8_t code, uint32_t param, const uint8_t *invoking, size_t ilen);
/* A BU to (BA from) home agent ha for W_HOA. */
size_t w_bu_ha(uint8_t *buf, const struct in6_addr *ha, const struct in6_addr *coa, uint16_t seq,
	       uint16_t lifetime_s);
size_t w_ba_ha(uint8_t *buf, const struct in6_addr *ha, const struct in6_addr *coa, uint16_t seq,
	       uint8_t status, uint16_t lifetime_s);
/* Any ICMPv6 message as given (the checksum filled in). */
size_t w_icmp_raw(uint8_t *buf, const struct in6_addr *src, const struct in6_addr *dst,
		  const uint8_t *icmp, size_t len);

/* scenarios.c. Golden scenarios: write the capture files (and events.log) of scenario
 * name into dir. Returns 0, or -1 for an unknown name. */
int w_scenario(const char *name, const char *dir);
extern const char *const w_scenarios[];

/* Benchmark capture: n packets of probe traffic (tunnelled echo requests,
 * each followed by its tunnelled reply) with a BU/BA exchange every 1000
 * packets. */
int w_bench(const char *path, uint64_t n);
/* scenarios_multi.c: a home agent's capture with n mobile nodes (distinct
 * home addresses), each registering once and refreshing `refreshes` times,
 * their BUs and BAs interleaved. */
int w_bench_nodes(const char *path, uint32_t n, unsigned refreshes);

#endif
