/* mip6-loadgen's own logic: the command line (every refusal), the address plan (each
 * address names its node back), the percentiles, the BA checks on packets built by
 * the codec, and the flood's packets as the codec reads them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <string.h>

#include "addr.h"
#include "bacheck.h"
#include "flood.h"
#include "ip6pkt.h"
#include "opts.h"
#include "stats.h"

#define BASE "-i", "lg0", "--ha", "2001:db8::1", "--home", "2001:db8::/64", \
	"--coa", "2001:db8:1000::/36"

static int parse(struct lg_opts *o, char *err, const char *const *args)
{
	char *argv[64];
	int argc = 0;

	argv[argc++] = (char *)"mip6-loadgen";
	for (; *args; args++)
		argv[argc++] = (char *)*args;
	argv[argc] = NULL;
	return lg_opts_parse(argc, argv, o, err, 256);
}

static void test_opts_defaults(void **state)
{
	struct lg_opts o;
	char err[256];
	const char *const args[] = { BASE, NULL };

	(void)state;
	assert_int_equal(parse(&o, err, args), 0);
	assert_int_equal(o.nodes, 1000);
	assert_int_equal(o.window, 64);
	assert_int_equal(o.lifetime, 600);
	assert_int_equal(o.tries, 3);
	assert_int_equal(o.coa.len, 36);
	assert_true(o.flood_rate == 0);
	assert_int_equal(o.flood_mix, (1u << FL_KINDS) - 1);
	/* the flood comes from the visited prefix unless told */
	assert_memory_equal(&o.flood, &o.coa, sizeof(o.coa));
}

static void test_opts_values(void **state)
{
	struct lg_opts o;
	char err[256];
	const char *const args[] = { BASE, "-n", "100000", "--first", "5", "--window", "256",
		"--rate", "2500.5", "--flood", "max", "--flood-prefix", "2001:db8:f000::1/64",
		"--flood-mix", "replay,unknown-mh", "--keep", "--duration", "3", "--ha-pid", "42",
		"--ha-netns", "lgha", "--json", "x.json", "-q", "--tries", "10", NULL };

	(void)state;
	assert_int_equal(parse(&o, err, args), 0);
	assert_int_equal(o.nodes, 100000);
	assert_int_equal(o.first, 5);
	assert_true(o.rate == 2500.5);
	assert_true(o.flood_rate < 0);
	assert_int_equal(o.flood.len, 64);
	/* host bits dropped */
	assert_int_equal(o.flood.addr.s6_addr[15], 0);
	assert_int_equal(o.flood_mix, 1u << FL_REPLAY | 1u << FL_UNKNOWN_MH);
	assert_true(o.keep && o.quiet);
	assert_int_equal(o.ha_pid, 42);
	assert_string_equal(o.ha_netns, "lgha");
	assert_int_equal(o.tries, 10);
}

static void test_opts_refused(void **state)
{
	static const char *const bad[][24] = {
		{ NULL },
		{ "-i", "lg0", "--ha", "2001:db8::1", "--home", "2001:db8::/64", NULL },
		{ BASE, "-n", "-1", NULL },
		{ BASE, "-n", "2000000", NULL },
		{ BASE, "-n", "12x", NULL },
		{ BASE, "--window", "0", NULL },
		{ BASE, "--lifetime", "3", NULL },
		{ BASE, "--lifetime", "262141", NULL },
		{ BASE, "--rate", "-5", NULL },
		{ BASE, "--timeout", "0", NULL },
		{ BASE, "--tries", "0", NULL },
		{ BASE, "--flood", "fast", NULL },
		{ BASE, "--flood-mix", "replay,nonsense", NULL },
		{ BASE, "--flood-prefix", "2001:db8::/65", NULL },
		{ BASE, "--ha-netns", "../x", NULL },
		{ BASE, "--bogus", NULL },
		{ BASE, "--window", NULL },
		{ BASE, "extra", NULL },
		{ "-i", "lg0", "--ha", "2001:db9::1", "--home", "2001:db8::/64", "--coa",
		  "2001:db8:1000::/36", NULL },
		{ "-i", "lg0", "--ha", "2001:db8::1", "--home", "2001:db8::/48", "--coa",
		  "2001:db8:1000::/36", NULL },
		/* 1000 nodes at 64 per /64 need 16 /64s; a /62 has 4 */
		{ "-i", "lg0", "--ha", "2001:db8::1", "--home", "2001:db8::/64", "--coa",
		  "2001:db8:1000::/62", NULL },
		{ BASE, "-n", "0", NULL },
		{ BASE, "-n", "0", "--flood", "100", NULL },
	};
	struct lg_opts o;
	char err[256];

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = 0;
		if (parse(&o, err, bad[i]) != -1)
			fail_msg("case %zu accepted", i);
		assert_true(err[0] != 0);
	}
	const char *const help[] = { BASE, "-h", NULL };

	assert_int_equal(parse(&o, err, help), 1);
}

static struct lg_plan plan_of(uint32_t nodes, uint32_t first)
{
	struct lg_opts o;
	struct lg_plan p;
	char err[256];
	const char *const args[] = { BASE, NULL };

	assert_int_equal(parse(&o, err, args), 0);
	o.nodes = nodes;
	o.first = first;
	lg_plan_init(&p, &o);
	return p;
}

static void test_plan(void **state)
{
	struct lg_plan p = plan_of(1000, 0);
	struct in6_addr a, b;
	char s[INET6_ADDRSTRLEN];

	(void)state;
	assert_int_equal(p.coa_subnets, 16);
	lg_hoa(&p, 999, &a);
	assert_string_equal(inet_ntop(AF_INET6, &a, s, sizeof(s)), "2001:db8::1:0:3e7");
	assert_int_equal(lg_node_of_hoa(&p, &a), 999);
	lg_coa(&p, 17, 3, &b);
	assert_string_equal(inet_ntop(AF_INET6, &b, s, sizeof(s)), "2001:db8:1000:1:3:1:0:11");
	/* consecutive nodes on different /64s */
	lg_coa(&p, 18, 3, &a);
	assert_memory_not_equal(&a, &b, 8);
	/* not ours: another prefix, another identifier, past the last node */
	inet_pton(AF_INET6, "2001:db9::1:0:1", &a);
	assert_int_equal(lg_node_of_hoa(&p, &a), -1);
	inet_pton(AF_INET6, "2001:db8::2:0:1", &a);
	assert_int_equal(lg_node_of_hoa(&p, &a), -1);
	inet_pton(AF_INET6, "2001:db8::1:0:3e8", &a);
	assert_int_equal(lg_node_of_hoa(&p, &a), -1);
	/* a second lane numbers from its first */
	p = plan_of(200, 1000);
	lg_hoa(&p, 0, &a);
	assert_string_equal(inet_ntop(AF_INET6, &a, s, sizeof(s)), "2001:db8::1:0:3e8");
	assert_int_equal(lg_node_of_hoa(&p, &a), 0);
	inet_pton(AF_INET6, "2001:db8::1:0:3e7", &a);
	assert_int_equal(lg_node_of_hoa(&p, &a), -1);
}

static void test_prefix(void **state)
{
	struct lg_prefix pfx = { .len = 36 };
	struct in6_addr a;

	(void)state;
	inet_pton(AF_INET6, "2001:db8:1000::", &pfx.addr);
	inet_pton(AF_INET6, "2001:db8:1fff:ffff::1", &a);
	assert_true(lg_in_prefix(&a, &pfx));
	inet_pton(AF_INET6, "2001:db8:2000::1", &a);
	assert_false(lg_in_prefix(&a, &pfx));
	for (uint64_t r = 1; r < 1000; r++) {
		lg_random_in(&pfx, r * 0x9e3779b97f4a7c15ull, ~r, &a);
		assert_true(lg_in_prefix(&a, &pfx));
	}
}

static void test_percentiles(void **state)
{
	struct lg_lat l = { 0 };

	(void)state;
	assert_int_equal(lg_lat_pct(&l, 50), 0);
	for (uint32_t v = 100; v >= 1; v--)
		assert_int_equal(lg_lat_add(&l, v), 0);
	assert_int_equal(lg_lat_pct(&l, 50), 50);
	assert_int_equal(lg_lat_pct(&l, 99), 99);
	assert_int_equal(lg_lat_pct(&l, 99.5), 100);
	assert_int_equal(lg_lat_pct(&l, 1), 1);
	assert_int_equal(lg_lat_max(&l), 100);
	/* added after sorting: sorted again */
	lg_lat_add(&l, 1000);
	assert_int_equal(lg_lat_max(&l), 1000);
	assert_int_equal(lg_lat_pct(&l, 50), 51);
	lg_lat_free(&l);
	lg_lat_add(&l, 7);
	assert_int_equal(lg_lat_pct(&l, 50), 7);
	assert_int_equal(lg_lat_pct(&l, 99), 7);
	lg_lat_free(&l);
}

/* A BA as the HA sends it: from ha to coa through an RH2 with hoa. */
static size_t ba_packet(uint8_t *buf, const char *ha, const char *coa, const struct in6_addr *rh2,
			uint8_t status, uint16_t seq, uint32_t lifetime)
{
	struct ip6_spec sp = { 0 };
	struct mh_msg m;
	size_t len;

	inet_pton(AF_INET6, ha, &sp.src);
	inet_pton(AF_INET6, coa, &sp.dst);
	sp.rh2 = rh2;
	mh_ba_init(&m, status, seq, lifetime, 0);
	assert_int_equal(ip6_build_mh(&sp, &m, buf, 1500, &len), PKT_OK);
	return len;
}

static void test_ba_check(void **state)
{
	struct lg_plan p = plan_of(1000, 0);
	struct lg_ba_expect e = { .seq = 77, .lifetime = 600 };
	struct in6_addr other;
	struct lg_rx rx;
	uint8_t buf[1500];
	size_t len;
	const char *coa = "2001:db8:1000:1:3:1:0:11";

	(void)state;
	inet_pton(AF_INET6, "2001:db8::1", &e.ha);
	lg_hoa(&p, 17, &e.hoa);
	lg_coa(&p, 17, 3, &e.coa);
	len = ba_packet(buf, "2001:db8::1", coa, &e.hoa, 0, 77, 600);
	lg_rx_parse(buf, len, &p, &rx);
	assert_int_equal(rx.kind, RX_BA);
	assert_int_equal(rx.node, 17);
	assert_true(rx.csum_ok);
	assert_int_equal(lg_ba_check(&rx, &e), 0);
	/* a granted lifetime shorter than asked is fine, longer or 0 is not */
	len = ba_packet(buf, "2001:db8::1", coa, &e.hoa, 0, 77, 300);
	lg_rx_parse(buf, len, &p, &rx);
	assert_int_equal(lg_ba_check(&rx, &e), 0);
	len = ba_packet(buf, "2001:db8::1", coa, &e.hoa, 0, 77, 604);
	lg_rx_parse(buf, len, &p, &rx);
	assert_int_equal(lg_ba_check(&rx, &e), 1u << ERR_LIFETIME);
	len = ba_packet(buf, "2001:db8::1", coa, &e.hoa, 0, 77, 0);
	lg_rx_parse(buf, len, &p, &rx);
	assert_int_equal(lg_ba_check(&rx, &e), 1u << ERR_LIFETIME);
	/* a deregistration's must be 0 */
	e.lifetime = 0;
	assert_int_equal(lg_ba_check(&rx, &e), 0);
	e.lifetime = 600;
	/* another sequence number */
	len = ba_packet(buf, "2001:db8::1", coa, &e.hoa, 0, 78, 600);
	lg_rx_parse(buf, len, &p, &rx);
	assert_int_equal(lg_ba_check(&rx, &e), 1u << ERR_SEQ);
	/* a refusal: its number is the HA's */
	len = ba_packet(buf, "2001:db8::1", coa, &e.hoa, BA_SEQ_OUT_OF_WINDOW, 5, 0);
	lg_rx_parse(buf, len, &p, &rx);
	assert_int_equal(lg_ba_check(&rx, &e), 1u << ERR_STATUS);
	/* from another address, to another care-of address */
	len = ba_packet(buf, "2001:db8::2", coa, &e.hoa, 0, 77, 600);
	lg_rx_parse(buf, len, &p, &rx);
	assert_int_equal(lg_ba_check(&rx, &e), 1u << ERR_ADDR);
	len = ba_packet(buf, "2001:db8::1", "2001:db8:1000:1:4:1:0:11", &e.hoa, 0, 77, 600);
	lg_rx_parse(buf, len, &p, &rx);
	assert_int_equal(rx.node, 17);
	assert_int_equal(lg_ba_check(&rx, &e), 1u << ERR_ADDR);
	/* no RH2: the node is found from the destination; the RH2 of another node */
	len = ba_packet(buf, "2001:db8::1", coa, NULL, 0, 77, 600);
	lg_rx_parse(buf, len, &p, &rx);
	assert_int_equal(rx.node, 17);
	assert_int_equal(lg_ba_check(&rx, &e), 1u << ERR_RH2);
	lg_hoa(&p, 18, &other);
	len = ba_packet(buf, "2001:db8::1", coa, &other, 0, 77, 600);
	lg_rx_parse(buf, len, &p, &rx);
	assert_int_equal(rx.node, 18);
	assert_int_equal(lg_ba_check(&rx, &e), 1u << ERR_RH2);
	/* a bit flipped in the MH */
	len = ba_packet(buf, "2001:db8::1", coa, &e.hoa, 0, 77, 600);
	buf[len - 1] ^= 1;
	lg_rx_parse(buf, len, &p, &rx);
	assert_false(rx.csum_ok);
	assert_true(lg_ba_check(&rx, &e) & (1u << ERR_CHECKSUM));
	/* not an MH */
	buf[6] = 17;
	lg_rx_parse(buf, len, &p, &rx);
	assert_int_equal(rx.kind, RX_NOT_MH);
}

static void test_flood_packets(void **state)
{
	struct lg_plan p = plan_of(1000, 0);
	uint64_t rng = 12345;
	struct lg_flood_in in = { .rng = &rng };
	uint8_t buf[1500];

	(void)state;
	inet_pton(AF_INET6, "2001:db8::1", &in.ha);
	inet_pton(AF_INET6, "2001:db8::", &in.home.addr);
	in.home.len = 64;
	inet_pton(AF_INET6, "2001:db8:f000::", &in.flood.addr);
	in.flood.len = 64;
	for (unsigned k = 0; k < FL_KINDS; k++) {
		struct ip6_info ip;
		struct mh_msg m;
		enum pkt_err err;
		size_t len;

		in.kind = (enum lg_flood_kind)k;
		len = lg_flood_build(&in, buf, sizeof(buf));
		assert_true(len > 40 && len <= 1500);
		assert_int_equal(ip6_parse(buf, len, &ip), PKT_OK);
		assert_int_equal(ip.proto, IPPROTO_MH);
		assert_true(lg_in_prefix(&ip.src, &in.flood));
		assert_memory_equal(&ip.dst, &in.ha, 16);
		if (ip.has_hao)	/* never one of the nodes' home addresses */
			assert_int_equal(lg_node_of_hoa(&p, &ip.hoa), -1);
		err = mh_decode(buf + ip.l4_off, ip.l4_len, &m);
		switch (k) {
		case FL_OPT_TRUNC:
		case FL_OPT_OVERSIZE:
			assert_int_not_equal(err, PKT_OK);
			break;
		case FL_UNKNOWN_MH:
			assert_int_equal(m.type, 42);
			break;
		default:
			assert_int_equal(err, PKT_OK);
			assert_int_equal(mh_verify(&ip.ph_src, &ip.ph_dst, buf + ip.l4_off,
						   m.wire_len), k == FL_BAD_CSUM ? PKT_E_CHECKSUM : PKT_OK);
		}
		if (k == FL_MAX_LIFETIME)
			assert_int_equal(m.bu.lifetime_units, 0xffff);
		if (k == FL_HAO_NO_BINDING)
			assert_true(ip.has_hao && m.type == MH_BRR);
	}
	/* a replay carries the node's address and the number given */
	in.kind = FL_REPLAY;
	in.has_replay = 1;
	lg_hoa(&p, 5, &in.replay_hoa);
	in.replay_seq = 4242;
	size_t len = lg_flood_build(&in, buf, sizeof(buf));
	struct ip6_info ip;
	struct mh_msg m;

	assert_int_equal(ip6_parse(buf, len, &ip), PKT_OK);
	assert_int_equal(mh_decode(buf + ip.l4_off, ip.l4_len, &m), PKT_OK);
	assert_int_equal(lg_node_of_hoa(&p, &ip.hoa), 5);
	assert_int_equal(m.bu.seq, 4242);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_opts_defaults),
		cmocka_unit_test(test_opts_values),
		cmocka_unit_test(test_opts_refused),
		cmocka_unit_test(test_plan),
		cmocka_unit_test(test_prefix),
		cmocka_unit_test(test_percentiles),
		cmocka_unit_test(test_ba_check),
		cmocka_unit_test(test_flood_packets),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
