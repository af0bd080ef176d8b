/* io_nd: Router Advertisements in (validation, conversion for the engine) and
 * the packets mip6d builds itself out (RS from :: or a link-local address,
 * the HA's unsolicited NA): each checked on the bytes that would go on the
 * wire, checksum included. The engine and the raw socket are recorders.
 * The DAD watch's multicast memberships are read back from the kernel in a
 * private network namespace (skipped without root). */
#include <sched.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <cmocka.h>

#include "config.h"
#include "csum.h"
#include "engine.h"
#include "io_int.h"
#include "ip6pkt.h"
#include "log.h"
#include "nd.h"



/* ---- recorders and stand-ins ---- */
static struct {
	int n_ra, n_conflict;
	struct eng_ra ra;
	uint8_t pkt[256];
	size_t pkt_len;
	int pkt_ifindex, n_tx;
	bool have_ll, ll_optimistic;
	struct in6_addr ll;
} rec;

void engine_rx_ra(struct engine *e, const struct eng_ra *ra)
{
	(void)e;
	rec.n_ra++;
	rec.ra = *ra;
}

void engine_ha_dad_conflict(struct engine *e, int ifindex, const struct in6_addr *hoa)
{
	(void)e; (void)ifindex; (void)hoa;
	rec.n_conflict++;
}

int io_tx_packet(int ifindex, const void *pkt, size_t len)
{
	assert_true(len <= sizeof(rec.pkt));
	memcpy(rec.pkt, pkt, len);
	rec.pkt_len = len;
	rec.pkt_ifindex = ifindex;
	rec.n_tx++;
	return 0;
}

int io_tx_packet_l2(int ifindex, const uint8_t mac[6], const void *pkt, size_t len)
{
	(void)mac;
	return io_tx_packet(ifindex, pkt, len);
}

bool io_link_known(int ifindex, char *name)
{
	(void)ifindex; (void)name;
	return true;
}

bool io_usable_linklocal(int ifindex, struct in6_addr *out, bool *optimistic)
{
	(void)ifindex;
	if (!rec.have_ll)
		return false;
	*out = rec.ll;
	*optimistic = rec.ll_optimistic;
	return true;
}

int eloop_add_fd(struct eloop *el, int fd, void (*fn)(int, void *), void *ctx)
{
	(void)el; (void)fd; (void)fn; (void)ctx;
	return 0;
}

void eloop_del_fd(struct eloop *el, int fd)
{
	(void)el; (void)fd;
}

/* ---- helpers ---- */
static struct config conf;

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
	memset(&conf, 0, sizeof(conf));
	conf.role = NODE_MN;
	log_init(0, stderr);
	io_nd_set_engine(NULL, &conf);
	return 0;
}

/* An RA as radvd sends it on the article's home link: H flag, router lifetime
 * 30 s, Advertisement Interval option, prefix 2001:db8::/64 with L, A, R and
 * the router's full address in the prefix field. */
static size_t home_ra(uint8_t *p)
{
	struct in6_addr pfx = addr("2001:db8::");
	size_t n = 0;

	memset(p, 0, 64);
	p[0] = ND_RA;
	p[4] = 64;               /* cur hop limit */
	p[5] = 0x20;             /* H */
	p[6] = 0; p[7] = 30;     /* router lifetime */
	n = 16;
	p[n] = 7; p[n + 1] = 1;  /* Advertisement Interval */
	p[n + 4] = 0; p[n + 5] = 0; p[n + 6] = 0x27; p[n + 7] = 0x10;  /* 10000 ms */
	n += 8;
	p[n] = 3; p[n + 1] = 4;  /* Prefix Information */
	p[n + 2] = 64;
	p[n + 3] = 0xe0;         /* L A R */
	p[n + 7] = 0x3c;         /* valid 60 s */
	p[n + 11] = 0x1e;        /* preferred 30 s */
	memcpy(p + n + 16, &pfx, 16);
	n += 32;
	return n;
}

/* The captured packet parses, is ICMPv6 with hop limit 255 from src to dst,
 * and its checksum verifies. Returns the ICMPv6 message. */
static const uint8_t *check_sent(const char *src, const char *dst, size_t *icmp_len)
{
	struct ip6_info ip;
	struct in6_addr s = addr(src), d = addr(dst);

	assert_int_equal(rec.n_tx, 1);
	assert_int_equal(ip6_parse(rec.pkt, rec.pkt_len, &ip), PKT_OK);
	assert_int_equal(ip.proto, IPPROTO_ICMPV6);
	assert_int_equal(ip.hop_limit, 255);
	assert_memory_equal(&ip.src, &s, 16);
	assert_memory_equal(&ip.dst, &d, 16);
	assert_int_equal(csum6(&ip.src, &ip.dst, IPPROTO_ICMPV6, rec.pkt + ip.l4_off,
			       ip.l4_len), 0);
	*icmp_len = ip.l4_len;
	return rec.pkt + ip.l4_off;
}

/* ---- tests ---- */
static void test_ra_to_engine(void **state)
{
	uint8_t ra[64];
	size_t n = home_ra(ra);
	struct in6_addr src = addr("fe80::1"), pfx = addr("2001:db8::");

	(void)state;
	assert_int_equal(io_nd_input(4, &src, 255, ra, n), 0);
	assert_int_equal(rec.n_ra, 1);
	assert_int_equal(rec.ra.ifindex, 4);
	assert_memory_equal(&rec.ra.src, &src, 16);
	assert_true(rec.ra.home_agent);
	assert_int_equal(rec.ra.router_lifetime, 30);
	assert_int_equal(rec.ra.adv_interval, 10000);
	assert_int_equal(rec.ra.n_prefixes, 1);
	assert_memory_equal(&rec.ra.prefixes[0].prefix, &pfx, 16);
	assert_int_equal(rec.ra.prefixes[0].plen, 64);
	assert_int_equal(rec.ra.prefixes[0].flags, ENG_PI_ONLINK | ENG_PI_AUTO | ENG_PI_RADDR);
	assert_int_equal(rec.ra.prefixes[0].valid, 60);
	assert_int_equal(rec.ra.prefixes[0].preferred, 30);
	assert_int_equal(io_stats.ra_rx, 1);
}

static void test_ra_hop_limit_not_255_dropped(void **state)
{
	uint8_t ra[64];
	size_t n = home_ra(ra);
	struct in6_addr src = addr("fe80::1");

	(void)state;
	assert_int_not_equal(io_nd_input(4, &src, 254, ra, n), 0);
	assert_int_equal(rec.n_ra, 0);
	assert_int_equal(io_stats.nd_bad, 1);
}

static void test_ra_from_global_source_dropped(void **state)
{
	uint8_t ra[64];
	size_t n = home_ra(ra);
	struct in6_addr src = addr("2001:db8::1");

	(void)state;
	assert_int_not_equal(io_nd_input(4, &src, 255, ra, n), 0);
	assert_int_equal(rec.n_ra, 0);
	assert_int_equal(io_stats.nd_bad, 1);
}

static void test_ra_truncated_or_lying_option_dropped(void **state)
{
	uint8_t ra[64];
	size_t n = home_ra(ra);
	struct in6_addr src = addr("fe80::1");

	(void)state;
	for (size_t cut = 1; cut < 16; cut++)
		assert_int_not_equal(io_nd_input(4, &src, 255, ra, cut), 0);
	ra[16 + 8 + 1] = 5;     /* prefix option claims 40 bytes, 32 remain */
	assert_int_not_equal(io_nd_input(4, &src, 255, ra, n), 0);
	assert_int_equal(rec.n_ra, 0);
}

/* The home agent hears RAs too: the home prefix's valid lifetime bounds the lifetime
 * it grants (RFC 6275 §10.3.1). */
static void test_ra_reaches_home_agent(void **state)
{
	uint8_t ra[64];
	size_t n = home_ra(ra);
	struct in6_addr src = addr("fe80::1");

	(void)state;
	conf.role = NODE_HA;
	assert_int_equal(io_nd_input(4, &src, 255, ra, n), 0);
	assert_int_equal(rec.n_ra, 1);
	assert_int_equal(io_stats.nd_bad, 0);
}

/* The Home Agent Information option (RFC 6275 §7.4) reaches the engine; one whose length
 * is not 1 makes the RA dropped and counted, and nothing reaches the engine. */
static void test_ra_ha_info(void **state)
{
	uint8_t ra[80];
	size_t n = home_ra(ra);
	struct in6_addr src = addr("fe80::1");

	(void)state;
	memset(ra + n, 0, 16);
	ra[n] = 8;
	ra[n + 1] = 1;
	ra[n + 4] = 0xff;       /* preference -2 */
	ra[n + 5] = 0xfe;
	ra[n + 7] = 90;         /* lifetime 90 s */
	assert_int_equal(io_nd_input(4, &src, 255, ra, n + 8), 0);
	assert_int_equal(rec.n_ra, 1);
	assert_true(rec.ra.has_ha_info);
	assert_int_equal(rec.ra.ha_preference, -2);
	assert_int_equal(rec.ra.ha_lifetime, 90);
	ra[n + 1] = 2;
	assert_int_equal(io_nd_input(4, &src, 255, ra, n + 16), PKT_E_ND_HAINFO_LEN);
	assert_int_equal(rec.n_ra, 1);
	assert_int_equal(io_stats.nd_bad, 1);
}

/* Right after an association the link-local address may be tentative: the
 * RS leaves from :: and without a source link-layer option (RFC 4861 §4.1). */
static void test_rs_from_unspecified(void **state)
{
	const uint8_t *icmp;
	size_t len;

	(void)state;
	assert_int_equal(io_send_rs(1), 0);
	icmp = check_sent("::", "ff02::2", &len);
	assert_int_equal(icmp[0], ND_RS);
	assert_int_equal(icmp[1], 0);
	assert_int_equal(len, 8);
	assert_int_equal(rec.pkt_ifindex, 1);
	assert_int_equal(io_stats.rs_tx, 1);
}

static void test_rs_from_link_local_has_slla(void **state)
{
	const uint8_t *icmp;
	size_t len;

	(void)state;
	rec.have_ll = true;
	rec.ll = addr("fe80::200:ff:fe00:200");
	assert_int_equal(io_send_rs(1), 0);    /* lo: an all-zero hardware address */
	icmp = check_sent("fe80::200:ff:fe00:200", "ff02::2", &len);
	assert_int_equal(len, 16);
	assert_int_equal(icmp[8], 1);          /* Source Link-Layer Address */
	assert_int_equal(icmp[9], 1);
}

/* RFC 4429 §3.3: no SLLA option from an optimistic address. */
static void test_rs_from_optimistic_has_no_slla(void **state)
{
	size_t len;

	(void)state;
	rec.have_ll = true;
	rec.ll_optimistic = true;
	rec.ll = addr("fe80::200:ff:fe00:200");
	assert_int_equal(io_send_rs(1), 0);
	check_sent("fe80::200:ff:fe00:200", "ff02::2", &len);
	assert_int_equal(len, 8);
}

static void test_proxy_na(void **state)
{
	const uint8_t *icmp;
	struct in6_addr hoa = addr("2001:db8::beef");
	size_t len;

	(void)state;
	rec.have_ll = true;
	rec.ll = addr("fe80::1");
	assert_int_equal(io_send_proxy_na(1, &hoa), 0);
	icmp = check_sent("fe80::1", "ff02::1", &len);
	assert_int_equal(icmp[0], ND_NA);
	assert_int_equal(icmp[4], 0x20);       /* Override; not Router, not Solicited */
	assert_memory_equal(icmp + 8, &hoa, 16);
	assert_int_equal(len, 32);
	assert_int_equal(icmp[24], 2);         /* Target Link-Layer Address */
	assert_int_equal(icmp[25], 1);
}

static void test_proxy_na_needs_a_link_local(void **state)
{
	struct in6_addr hoa = addr("2001:db8::beef");

	(void)state;
	assert_int_not_equal(io_send_proxy_na(1, &hoa), 0);
	assert_int_equal(rec.n_tx, 0);
}

static int nd_teardown(void **state)
{
	(void)state;
	io_nd_close(NULL);
	return 0;
}

/* Is the interface a member of group (as /proc/net/igmp6 spells it)? */
static bool igmp6_has(const char *ifname, const char *group)
{
	char line[256], name[IF_NAMESIZE + 1], grp[40];
	bool found = false;
	FILE *f = fopen("/proc/net/igmp6", "r");

	assert_non_null(f);
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%*d %16s %39s", name, grp) == 2 &&
		    !strcmp(name, ifname) && !strcmp(grp, group))
			found = true;
	fclose(f);
	return found;
}

/* Two home addresses with the same low 24 bits share a solicited-node group:
 * when the HA stops defending one, it must still hear the probes for the
 * other. */
static void test_dad_watch_shared_group_kept(void **state)
{
	const char *group = "ff0200000000000000000001ffabcdef";
	struct in6_addr h1 = addr("2001:db8::1:ab:cdef"), h2 = addr("2001:db8::2:ab:cdef");
	int ifindex;

	(void)state;
	if (geteuid() != 0 || unshare(CLONE_NEWNET) < 0) {
		fprintf(stderr, "skip: cannot create a network namespace\n");
		skip();
	}
	/* A fixed MAC: the link-local address's own group (ff02::1:ff00:1)
	 * cannot be the one under test. */
	assert_int_equal(system("ip link add nd0 address 02:00:00:00:00:01 type veth "
				"peer name nd1 && ip link set nd0 up"), 0);
	ifindex = (int)if_nametoindex("nd0");
	assert_int_not_equal(ifindex, 0);
	conf.role = NODE_HA;
	assert_int_equal(io_nd_init(NULL, NULL, &conf), 0);

	assert_int_equal(io_dad_start(ifindex, &h1), 0);
	assert_int_equal(io_dad_start(ifindex, &h2), 0);
	assert_true(igmp6_has("nd0", group));
	assert_int_equal(io_dad_stop(ifindex, &h1), 0);
	assert_true(igmp6_has("nd0", group));
	assert_int_equal(io_dad_stop(ifindex, &h2), 0);
	assert_false(igmp6_has("nd0", group));

	/* The same the other way round, and a stop for a HoA not watched. */
	assert_int_equal(io_dad_start(ifindex, &h1), 0);
	assert_int_equal(io_dad_start(ifindex, &h2), 0);
	assert_int_equal(io_dad_stop(ifindex, &h2), 0);
	assert_int_equal(io_dad_stop(ifindex, &h2), 0);
	assert_true(igmp6_has("nd0", group));
	assert_int_equal(io_dad_stop(ifindex, &h1), 0);
	assert_false(igmp6_has("nd0", group));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_ra_to_engine, setup),
		cmocka_unit_test_setup(test_ra_hop_limit_not_255_dropped, setup),
		cmocka_unit_test_setup(test_ra_from_global_source_dropped, setup),
		cmocka_unit_test_setup(test_ra_truncated_or_lying_option_dropped, setup),
		cmocka_unit_test_setup(test_ra_reaches_home_agent, setup),
		cmocka_unit_test_setup(test_ra_ha_info, setup),
		cmocka_unit_test_setup(test_rs_from_unspecified, setup),
		cmocka_unit_test_setup(test_rs_from_link_local_has_slla, setup),
		cmocka_unit_test_setup(test_rs_from_optimistic_has_no_slla, setup),
		cmocka_unit_test_setup(test_proxy_na, setup),
		cmocka_unit_test_setup(test_proxy_na_needs_a_link_local, setup),
		cmocka_unit_test_setup_teardown(test_dad_watch_shared_group_kept, setup,
						nd_teardown),
	};

	return cmocka_run_group_tests_name("io_nd", tests, NULL, NULL);
}
