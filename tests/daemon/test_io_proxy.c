/* io_proxy: the home agent answering Neighbor Solicitations for home addresses itself
 * (HaProxyNd mip6d). The decode half on packets built here, the answers recorded; then
 * the packet socket against the real kernel in a private network namespace (a veth
 * pair: a solicitation sent on one end must reach the handler on the other; skipped
 * without root). */
#include <errno.h>
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
#include <netinet/icmp6.h>
#include <poll.h>
#include <sys/socket.h>
#include <cmocka.h>

#include "config.h"
#include "eloop.h"
#include "io_int.h"
#include "ip6pkt.h"
#include "nd.h"

/* ---- recorders and stand-ins ---- */
static struct {
	int n_na;
	int ifindex;
	bool has_mac;
	uint8_t mac[6];
	struct in6_addr dst, target;
	uint8_t flags;
	int fd;
	eloop_fd_fn fn;
} rec;

int io_nd_send_na(int ifindex, const uint8_t *dst_mac, const struct in6_addr *dst,
		  uint8_t flags, const struct in6_addr *target)
{
	rec.n_na++;
	rec.ifindex = ifindex;
	rec.has_mac = dst_mac != NULL;
	if (dst_mac)
		memcpy(rec.mac, dst_mac, 6);
	rec.dst = *dst;
	rec.flags = flags;
	rec.target = *target;
	return 0;
}

int eloop_add_fd(struct eloop *el, int fd, eloop_fd_fn fn, void *ctx)
{
	(void)el; (void)ctx;
	rec.fd = fd;
	rec.fn = fn;
	return 0;
}

void eloop_del_fd(struct eloop *el, int fd)
{
	(void)el; (void)fd;
}

static struct in6_addr addr(const char *s)
{
	struct in6_addr a;

	assert_int_equal(inet_pton(AF_INET6, s, &a), 1);
	return a;
}

static const uint8_t asker_mac[6] = { 0x02, 0, 0, 0, 0, 0x99 };
static const uint8_t frame_mac[6] = { 0x02, 0, 0, 0, 0, 0x77 };

/* An NS from src for target, with a source link-layer option when slla. */
static size_t ns_packet(uint8_t *pkt, size_t cap, const char *src, const char *dst,
			const char *target, bool slla, uint8_t hop_limit)
{
	uint8_t ns[32] = { ND_NS };
	struct ip6_spec s = { .src = addr(src), .dst = addr(dst), .hop_limit = hop_limit };
	struct in6_addr t = addr(target);
	size_t len = 24, out;

	memcpy(ns + 8, &t, 16);
	if (slla) {
		ns[24] = 1;
		ns[25] = 1;
		memcpy(ns + 26, asker_mac, 6);
		len = 32;
	}
	assert_int_equal(ip6_build_icmp6(&s, ns, len, pkt, cap, &out), PKT_OK);
	return out;
}

static int setup(void **state)
{
	(void)state;
	memset(&rec, 0, sizeof(rec));
	memset(&io_stats, 0, sizeof(io_stats));
	io_proxy_close(NULL);
	return 0;
}

static void test_answers_a_solicitation_for_a_home_address(void **state)
{
	struct in6_addr hoa = addr("2001:db8::beef"), asker = addr("2001:db8::99");
	uint8_t pkt[128];
	size_t n = ns_packet(pkt, sizeof(pkt), "2001:db8::99", "ff02::1:ff00:beef",
			     "2001:db8::beef", true, 255);

	(void)state;
	assert_int_equal(io_proxy_add(3, &hoa), 0);
	assert_int_equal(io_stats.proxy_entries, 1);
	assert_int_equal(io_proxy_input(3, frame_mac, pkt, n), PKT_OK);
	assert_int_equal(rec.n_na, 1);
	assert_int_equal(rec.ifindex, 3);
	assert_memory_equal(&rec.target, &hoa, 16);
	/* to the asker, as a frame to the link-layer address it gave */
	assert_memory_equal(&rec.dst, &asker, 16);
	assert_true(rec.has_mac);
	assert_memory_equal(rec.mac, asker_mac, 6);
	/* solicited, not a router, no override (a proxy's answer) */
	assert_int_equal(rec.flags, ND_NA_F_SOLICITED);
	assert_int_equal(io_stats.proxy_ns_rx, 1);
	assert_int_equal(io_stats.proxy_na_tx, 1);
}

static void test_without_slla_the_frame_source_is_used(void **state)
{
	struct in6_addr hoa = addr("2001:db8::beef");
	uint8_t pkt[128];
	size_t n = ns_packet(pkt, sizeof(pkt), "fe80::99", "2001:db8::beef", "2001:db8::beef",
			     false, 255);

	(void)state;
	assert_int_equal(io_proxy_add(3, &hoa), 0);
	assert_int_equal(io_proxy_input(3, frame_mac, pkt, n), PKT_OK);
	assert_int_equal(rec.n_na, 1);
	assert_true(rec.has_mac);
	assert_memory_equal(rec.mac, frame_mac, 6);
}

static void test_dad_probe_is_defended_to_all_nodes(void **state)
{
	struct in6_addr hoa = addr("2001:db8::beef"), all = addr("ff02::1");
	uint8_t pkt[128];
	size_t n = ns_packet(pkt, sizeof(pkt), "::", "ff02::1:ff00:beef", "2001:db8::beef",
			     false, 255);

	(void)state;
	assert_int_equal(io_proxy_add(3, &hoa), 0);
	assert_int_equal(io_proxy_input(3, frame_mac, pkt, n), PKT_OK);
	assert_int_equal(rec.n_na, 1);
	assert_memory_equal(&rec.dst, &all, 16);
	assert_false(rec.has_mac);
	assert_int_equal(rec.flags, ND_NA_F_OVERRIDE);
}

static void test_other_targets_and_links_are_not_answered(void **state)
{
	struct in6_addr hoa = addr("2001:db8::beef");
	uint8_t pkt[128];
	size_t n;

	(void)state;
	assert_int_equal(io_proxy_add(3, &hoa), 0);
	n = ns_packet(pkt, sizeof(pkt), "2001:db8::99", "ff02::1:ff00:bef0", "2001:db8::bef0",
		      true, 255);
	assert_int_equal(io_proxy_input(3, frame_mac, pkt, n), PKT_OK);
	n = ns_packet(pkt, sizeof(pkt), "2001:db8::99", "ff02::1:ff00:beef", "2001:db8::beef",
		      true, 255);
	assert_int_equal(io_proxy_input(4, frame_mac, pkt, n), PKT_OK);
	assert_int_equal(rec.n_na, 0);
	assert_int_equal(io_stats.proxy_bad, 0);
	/* gone with its binding */
	assert_int_equal(io_proxy_del(3, &hoa), 0);
	assert_int_equal(io_proxy_del(3, &hoa), -ENOENT);
	assert_int_equal(io_stats.proxy_entries, 0);
	assert_int_equal(io_proxy_input(3, frame_mac, pkt, n), PKT_OK);
	assert_int_equal(rec.n_na, 0);
}

static void test_bad_solicitations_are_counted_and_dropped(void **state)
{
	struct in6_addr hoa = addr("2001:db8::beef");
	uint8_t pkt[128];
	size_t n;

	(void)state;
	assert_int_equal(io_proxy_add(3, &hoa), 0);
	/* checksum */
	n = ns_packet(pkt, sizeof(pkt), "2001:db8::99", "ff02::1:ff00:beef", "2001:db8::beef",
		      true, 255);
	pkt[IP6_HDR_LEN + 2] ^= 0x40;
	assert_int_equal(io_proxy_input(3, frame_mac, pkt, n), PKT_E_CHECKSUM);
	/* hop limit: from off the link */
	n = ns_packet(pkt, sizeof(pkt), "2001:db8::99", "ff02::1:ff00:beef", "2001:db8::beef",
		      true, 254);
	assert_int_equal(io_proxy_input(3, frame_mac, pkt, n), PKT_E_ND_HOPLIMIT);
	/* a probe with a source link-layer option (RFC 4861 §4.3) */
	n = ns_packet(pkt, sizeof(pkt), "::", "ff02::1:ff00:beef", "2001:db8::beef", true, 255);
	assert_int_equal(io_proxy_input(3, frame_mac, pkt, n), PKT_E_INVAL);
	/* truncated */
	n = ns_packet(pkt, sizeof(pkt), "2001:db8::99", "ff02::1:ff00:beef", "2001:db8::beef",
		      true, 255);
	assert_int_not_equal(io_proxy_input(3, frame_mac, pkt, n - 12), PKT_OK);
	assert_int_equal(rec.n_na, 0);
	assert_int_equal(io_stats.proxy_bad, 4);
}

/* The socket's filter and all-multicast mode on a real link: a solicitation to the
 * home address's solicited-node group (never joined) sent from the peer of a veth
 * reaches the handler, which answers it. */
static void test_socket_hears_solicitations_on_the_link(void **state)
{
	struct config conf = { .role = NODE_HA, .ha_proxy_nd_daemon = true };
	struct in6_addr hoa = addr("2001:db8::1:beef");
	struct sockaddr_in6 to = { .sin6_family = AF_INET6 };
	uint8_t ns[32] = { ND_NS };
	struct pollfd pfd;
	int ifindex, peer, fd, hops = 255;

	(void)state;
	if (geteuid() != 0 || unshare(CLONE_NEWNET) < 0) {
		fprintf(stderr, "skip: cannot create a network namespace\n");
		skip();
	}
	assert_int_equal(system("sysctl -qw net.ipv6.conf.default.accept_dad=0 && "
				"ip link add px0 type veth peer name px1 && "
				"ip link set px0 up && ip link set px1 up"), 0);
	ifindex = (int)if_nametoindex("px0");
	peer = (int)if_nametoindex("px1");
	assert_int_not_equal(ifindex, 0);
	assert_int_equal(io_proxy_init(NULL, &conf), 0);
	assert_non_null(rec.fn);
	assert_int_equal(io_proxy_add(ifindex, &hoa), 0);

	/* From the peer's link-local address (the kernel computes the checksum). */
	fd = socket(AF_INET6, SOCK_RAW, IPPROTO_ICMPV6);
	assert_true(fd >= 0);
	assert_int_equal(setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, &hops,
				    sizeof(hops)), 0);
	assert_int_equal(setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_IF, &peer,
				    sizeof(peer)), 0);
	memcpy(ns + 8, &hoa, 16);
	to.sin6_addr = addr("ff02::1:ff01:beef");
	to.sin6_scope_id = (uint32_t)peer;
	/* the peer's link-local address may still be tentative: retry until it leaves */
	for (int i = 0; i < 300 && rec.n_na == 0; i++) {
		if (sendto(fd, ns, 24, 0, (struct sockaddr *)&to, sizeof(to)) == 24) {
			pfd = (struct pollfd){ .fd = rec.fd, .events = POLLIN };
			if (poll(&pfd, 1, 20) == 1)
				rec.fn(rec.fd, NULL);
		} else {
			poll(NULL, 0, 20);
		}
	}
	close(fd);
	assert_int_equal(rec.n_na, 1);
	assert_int_equal(rec.ifindex, ifindex);
	assert_memory_equal(&rec.target, &hoa, 16);
	assert_int_equal(rec.flags, ND_NA_F_SOLICITED);
	assert_true(rec.has_mac);
	io_proxy_close(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_answers_a_solicitation_for_a_home_address, setup),
		cmocka_unit_test_setup(test_without_slla_the_frame_source_is_used, setup),
		cmocka_unit_test_setup(test_dad_probe_is_defended_to_all_nodes, setup),
		cmocka_unit_test_setup(test_other_targets_and_links_are_not_answered, setup),
		cmocka_unit_test_setup(test_bad_solicitations_are_counted_and_dropped, setup),
		cmocka_unit_test_setup(test_socket_hears_solicitations_on_the_link, setup),
	};

	return cmocka_run_group_tests_name("io_proxy", tests, NULL, NULL);
}
