/* io_icmp: discovery's ICMPv6 in (the raw socket's DHAAD messages and errors, the packet
 * socket's MPS/MPA behind their HAO / type 2 routing header) and out (the packets as
 * they would go on the wire, checksums verified with the codec). The engine, the raw
 * sender and the event loop are recorders. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <cmocka.h>

#include "csum.h"
#include "dhaad.h"
#include "engine.h"
#include "io_int.h"
#include "ip6pkt.h"
#include "log.h"

/* ---- recorders and stand-ins ---- */
static struct {
	int n_msg, n_err, n_tx, n_tx_l2;
	struct eng_rx rx;
	struct dhaad_msg m;
	struct eng_icmp_err err;
	uint8_t pkt[1500];
	size_t pkt_len;
	int pkt_ifindex;
} rec;

void engine_rx_icmp(struct engine *e, const struct eng_rx *rx, const struct dhaad_msg *m)
{
	(void)e;
	rec.n_msg++;
	rec.rx = *rx;
	rec.m = *m;
}

void engine_rx_icmp_err(struct engine *e, const struct eng_icmp_err *err)
{
	(void)e;
	rec.n_err++;
	rec.err = *err;
}

static void keep(int ifindex, const void *pkt, size_t len)
{
	assert_true(len <= sizeof(rec.pkt));
	memcpy(rec.pkt, pkt, len);
	rec.pkt_len = len;
	rec.pkt_ifindex = ifindex;
}

int io_tx_packet(int ifindex, const void *pkt, size_t len)
{
	rec.n_tx++;
	keep(ifindex, pkt, len);
	return 0;
}

int io_tx_packet_l2(int ifindex, const uint8_t mac[6], const void *pkt, size_t len)
{
	(void)mac;
	rec.n_tx_l2++;
	keep(ifindex, pkt, len);
	return 0;
}

void io_mh_set_icmp(io_mh_icmp_fn fn) { (void)fn; }
bool io_addr_is_local(const struct in6_addr *a)
{
	struct in6_addr me;

	inet_pton(AF_INET6, "2001:db8::1", &me);
	return IN6_ARE_ADDR_EQUAL(a, &me);
}
int eloop_add_fd(struct eloop *el, int fd, void (*fn)(int, void *), void *ctx)
{ (void)el; (void)fd; (void)fn; (void)ctx; return 0; }
void eloop_del_fd(struct eloop *el, int fd) { (void)el; (void)fd; }

static struct in6_addr addr(const char *s)
{
	struct in6_addr a;

	assert_int_equal(inet_pton(AF_INET6, s, &a), 1);
	return a;
}

static int setup(void **state)
{
	(void)state;
	memset(&rec, 0, sizeof(rec));
	memset(&io_stats, 0, sizeof(io_stats));
	log_init(0, stderr);
	return 0;
}

/* ---- in, from the raw socket ---- */

static void test_reply_to_engine(void **state)
{
	struct dhaad_msg m = { .type = ICMP6_DHAAD_REPLY, .id = 77, .n_addr = 2 };
	struct in6_addr src = addr("2001:db8::2"), dst = addr("2001:db8:1::20");
	uint8_t b[64];
	size_t n;

	(void)state;
	m.addr[0] = addr("2001:db8::2");
	m.addr[1] = addr("2001:db8::3");
	assert_int_equal(dhaad_encode(&m, NULL, NULL, b, sizeof(b), &n), PKT_OK);
	assert_int_equal(io_icmp_input(NULL, 4, &src, &dst, b, n), 0);
	assert_int_equal(rec.n_msg, 1);
	assert_int_equal(rec.rx.ifindex, 4);
	assert_memory_equal(&rec.rx.src, &src, 16);
	assert_memory_equal(&rec.rx.dst, &dst, 16);
	assert_int_equal(rec.m.id, 77);
	assert_int_equal(rec.m.n_addr, 2);
	assert_int_equal(io_stats.icmp_rx, 1);
}

/* A Reply without an address, a wrong code, a Request of 9 bytes: dropped before the
 * engine, counted by reason. */
static void test_malformed_dropped_and_counted(void **state)
{
	struct in6_addr src = addr("2001:db8::2"), dst = addr("2001:db8:1::20");
	uint8_t reply[8] = { 145, 0, 0, 0, 0, 1, 0, 0 };
	uint8_t request[9] = { 144, 0, 0, 0, 0, 1, 0, 0, 0 };

	(void)state;
	assert_int_equal(io_icmp_input(NULL, 4, &src, &dst, reply, sizeof(reply)),
			 PKT_E_DHAAD_NOADDR);
	reply[1] = 1;
	assert_int_equal(io_icmp_input(NULL, 4, &src, &dst, reply, sizeof(reply)), PKT_E_ND_CODE);
	assert_int_equal(io_icmp_input(NULL, 4, &src, &dst, request, sizeof(request)),
			 PKT_E_ICMP_LEN);
	assert_int_equal(rec.n_msg, 0);
	assert_int_equal(io_stats.icmp_bad, 3);
	assert_int_equal(io_stats.icmp_bad_by_err[PKT_E_DHAAD_NOADDR], 1);
	assert_int_equal(io_stats.icmp_bad_by_err[PKT_E_ND_CODE], 1);
	assert_int_equal(io_stats.icmp_bad_by_err[PKT_E_ICMP_LEN], 1);
	/* From ourselves or a group: not taken either. */
	request[8] = 0;
	src = addr("2001:db8::1");
	assert_int_equal(io_icmp_input(NULL, 4, &src, &dst, request, 8), PKT_E_SOURCE);
	assert_int_equal(rec.n_msg, 0);
}

/* An error quoting the tunnel's packet (behind the tunnel encapsulation limit option):
 * its addresses and the protocol after the option reach the engine. */
static void test_error_quoting_tunnel(void **state)
{
	struct in6_addr ha = addr("2001:db8::1"), coa = addr("2001:db8:1::20");
	uint8_t b[8 + 40 + 8] = { 1, 4 };

	(void)state;
	b[8] = 0x60;
	b[8 + 6] = 60;                  /* destination options ... */
	memcpy(b + 8 + 8, &coa, 16);
	memcpy(b + 8 + 24, &ha, 16);
	b[8 + 40] = 41;                 /* ... then IPv6 */
	assert_int_equal(io_icmp_input(NULL, 4, &ha, &coa, b, sizeof(b)), 0);
	assert_int_equal(rec.n_err, 1);
	assert_int_equal(rec.err.type, 1);
	assert_int_equal(rec.err.code, 4);
	assert_int_equal(rec.err.inner_nh, 41);
	assert_memory_equal(&rec.err.inner_src, &coa, 16);
	assert_memory_equal(&rec.err.inner_dst, &ha, 16);
	/* Cut inside the quoted header: dropped. */
	assert_int_equal(io_icmp_input(NULL, 4, &ha, &coa, b, 8 + 39), PKT_E_TRUNCATED);
	assert_int_equal(rec.n_err, 1);
}

/* ---- in, from the packet socket ---- */

static void test_mpa_with_rh2(void **state)
{
	struct in6_addr ha = addr("2001:db8::2"), coa = addr("2001:db8:1::20"),
			hoa = addr("2001:db8::beef");
	struct ip6_spec s = { .src = ha, .dst = coa, .rh2 = &hoa };
	struct dhaad_msg m = { .type = ICMP6_MP_ADV, .id = 5, .n_prefix = 1 };
	uint8_t icmp[64], pkt[256];
	size_t il, pl;
	struct ip6_info ip;

	(void)state;
	m.prefix[0].prefix = addr("2001:db8::");
	m.prefix[0].len = 64;
	m.prefix[0].valid = 600;
	assert_int_equal(dhaad_encode(&m, NULL, NULL, icmp, sizeof(icmp), &il), PKT_OK);
	assert_int_equal(ip6_build_icmp6(&s, icmp, il, pkt, sizeof(pkt), &pl), PKT_OK);
	assert_int_equal(ip6_parse(pkt, pl, &ip), PKT_OK);
	assert_int_equal(io_icmp_input_pkt(NULL, 4, &ip, pkt), 0);
	assert_int_equal(rec.n_msg, 1);
	assert_true(rec.rx.has_rh2);
	assert_memory_equal(&rec.rx.rh2, &hoa, 16);
	assert_memory_equal(&rec.rx.dst, &coa, 16);
	assert_int_equal(rec.m.prefix[0].valid, 600);
	/* One bit changed: the checksum no longer verifies. */
	pkt[pl - 1] ^= 1;
	assert_int_equal(io_icmp_input_pkt(NULL, 4, &ip, pkt), PKT_E_CHECKSUM);
	assert_int_equal(rec.n_msg, 1);
	assert_int_equal(io_stats.icmp_bad_by_err[PKT_E_CHECKSUM], 1);
}

/* ---- out ---- */

static void test_send_mpa_and_request(void **state)
{
	struct eng_tx tx = { .src = addr("2001:db8::2"), .dst = addr("2001:db8:1::20"),
			     .with_rh2 = true, .rh2 = addr("2001:db8::beef") };
	struct dhaad_msg m = { .type = ICMP6_MP_ADV, .id = 9, .n_prefix = 1 }, d;
	struct ip6_info ip;

	(void)state;
	m.prefix[0].prefix = addr("2001:db8::");
	m.prefix[0].len = 64;
	m.prefix[0].valid = 3600;
	assert_int_equal(io_send_icmp(&tx, &m), 0);
	assert_int_equal(rec.n_tx, 1);
	assert_int_equal(ip6_parse(rec.pkt, rec.pkt_len, &ip), PKT_OK);
	assert_true(ip.has_rh2);
	assert_int_equal(ip.proto, IPPROTO_ICMPV6);
	/* The pseudo-header's destination is the home address in the routing header. */
	assert_int_equal(csum6(&ip.ph_src, &ip.ph_dst, IPPROTO_ICMPV6, rec.pkt + ip.l4_off,
			       ip.l4_len), 0);
	assert_int_equal(dhaad_decode(rec.pkt + ip.l4_off, ip.l4_len, &d), PKT_OK);
	assert_int_equal(d.id, 9);
	assert_int_equal(d.prefix[0].valid, 3600);

	/* A Request as a frame to the router: the link-layer path. */
	memset(&tx, 0, sizeof(tx));
	tx.src = addr("2001:db8:1::20");
	tx.dst = addr("2001:db8::fdff:ffff:ffff:fffe");
	tx.ifindex = 4;
	tx.via_lladdr = true;
	m = (struct dhaad_msg){ .type = ICMP6_DHAAD_REQUEST, .id = 3 };
	assert_int_equal(io_send_icmp(&tx, &m), 0);
	assert_int_equal(rec.n_tx_l2, 1);
	assert_int_equal(rec.pkt_ifindex, 4);
	assert_int_equal(ip6_parse(rec.pkt, rec.pkt_len, &ip), PKT_OK);
	assert_false(ip.has_rh2 || ip.has_hao);
	assert_int_equal(rec.pkt[ip.l4_off], 144);
	assert_int_equal(csum6(&ip.src, &ip.dst, IPPROTO_ICMPV6, rec.pkt + ip.l4_off,
			       ip.l4_len), 0);
	assert_int_equal(io_stats.icmp_tx, 2);
}

/* The probe: an Echo Request from the HoA to the HA, no interface (the kernel routes it
 * by its source into the tunnel). */
static void test_send_probe(void **state)
{
	struct in6_addr hoa = addr("2001:db8::beef"), ha = addr("2001:db8::2");
	struct ip6_info ip;

	(void)state;
	assert_int_equal(io_send_probe(&hoa, &ha), 0);
	assert_int_equal(rec.pkt_ifindex, 0);
	assert_int_equal(ip6_parse(rec.pkt, rec.pkt_len, &ip), PKT_OK);
	assert_memory_equal(&ip.src, &hoa, 16);
	assert_memory_equal(&ip.dst, &ha, 16);
	assert_int_equal(rec.pkt[ip.l4_off], 128);
	assert_int_equal(csum6(&ip.src, &ip.dst, IPPROTO_ICMPV6, rec.pkt + ip.l4_off,
			       ip.l4_len), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_reply_to_engine, setup),
		cmocka_unit_test_setup(test_malformed_dropped_and_counted, setup),
		cmocka_unit_test_setup(test_error_quoting_tunnel, setup),
		cmocka_unit_test_setup(test_mpa_with_rh2, setup),
		cmocka_unit_test_setup(test_send_mpa_and_request, setup),
		cmocka_unit_test_setup(test_send_probe, setup),
	};

	return cmocka_run_group_tests_name("io_icmp", tests, NULL, NULL);
}
