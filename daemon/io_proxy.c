/* io_proxy.c - proxy Neighbor Discovery for the bindings' home addresses, done by mip6d
 * itself (HaProxyNd mip6d; RFC 6275 §10.4.1 asks the HA to answer for the home address
 * while the MN is away).
 *
 * Why not the kernel's proxy entries: the kernel keeps them in a table of 16 chained
 * buckets and walks a chain on every add, so a home agent with 100,000 bindings spends
 * minutes adding them (docs/mip6d.md, "Benchmark: the home agent over a real link").
 * Here the addresses live in a hash map and one packet socket per node hears every
 * solicitation on the home links: solicited-node groups of the home addresses are never
 * joined (there could be 100,000 of them); the links are put in all-multicast mode
 * instead, as a router's are. */
#include <errno.h>
#include <linux/filter.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "config.h"
#include "csum.h"
#include "eloop.h"
#include "io_int.h"
#include "ip6pkt.h"
#include "kern_map.h"
#include "log.h"
#include "nd.h"

struct proxy_key {
	int ifindex;
	struct in6_addr addr;
};

static const struct in6_addr all_nodes = { .s6_addr = { 0xff, 0x02, [15] = 1 } };
static struct kmap answered;    /* proxy_key -> unused byte */
static bool answered_init;
static int pkt_fd = -1;
/* Links put in all-multicast mode, one membership each, kept while the socket lives. */
static int allmulti[CONF_MAX_IFACES];
static unsigned n_allmulti;

/* IPv6 (the socket gives the network header first), next header ICMPv6, type 135 (NS),
 * hop limit 255: the rest never wakes mip6d. */
static struct sock_filter ns_filter[] = {
	BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 6),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 58, 0, 5),
	BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 40),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 135, 0, 3),
	BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 7),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 255, 0, 1),
	BPF_STMT(BPF_RET | BPF_K, 256),
	BPF_STMT(BPF_RET | BPF_K, 0),
};

static void key_of(struct proxy_key *k, int ifindex, const struct in6_addr *a)
{
	memset(k, 0, sizeof(*k));
	k->ifindex = ifindex;
	k->addr = *a;
}

static void link_allmulti(int ifindex)
{
	struct packet_mreq mr = { .mr_ifindex = ifindex, .mr_type = PACKET_MR_ALLMULTI };

	if (pkt_fd < 0)
		return;
	for (unsigned i = 0; i < n_allmulti; i++)
		if (allmulti[i] == ifindex)
			return;
	if (n_allmulti == CONF_MAX_IFACES)
		return;
	if (setsockopt(pkt_fd, SOL_PACKET, PACKET_ADD_MEMBERSHIP, &mr, sizeof(mr)) < 0) {
		log_warn("proxy ND: all-multicast on link %d", ifindex);
		return;
	}
	allmulti[n_allmulti++] = ifindex;
}

int io_proxy_add(int ifindex, const struct in6_addr *addr)
{
	struct proxy_key k;
	uint8_t one = 1;

	if (!answered_init) {
		kmap_init(&answered, sizeof(k), sizeof(one));
		answered_init = true;
	}
	key_of(&k, ifindex, addr);
	if (!kmap_put(&answered, &k, &one))
		return -ENOMEM;
	io_stats.proxy_entries = answered.n;
	link_allmulti(ifindex);
	return 0;
}

int io_proxy_del(int ifindex, const struct in6_addr *addr)
{
	struct proxy_key k;

	key_of(&k, ifindex, addr);
	if (!answered_init || !kmap_del(&answered, &k))
		return -ENOENT;
	io_stats.proxy_entries = answered.n;
	return 0;
}

static enum pkt_err drop(enum pkt_err err)
{
	io_stats.proxy_bad++;
	return err;
}

int io_proxy_input(int ifindex, const uint8_t *src_mac, const void *pkt, size_t len)
{
	struct ip6_info ip;
	struct nd_nsna ns;
	struct proxy_key k;
	const uint8_t *icmp;
	enum pkt_err err = ip6_parse(pkt, len, &ip);
	bool dad;

	if (err != PKT_OK)
		return drop(err);
	if (ip.proto != 58 || ip.n_ext)
		return PKT_OK;          /* not a bare ICMPv6 message: no ND of ours */
	icmp = (const uint8_t *)pkt + ip.l4_off;
	if (ip.l4_len < 1 || icmp[0] != ND_NS)
		return PKT_OK;
	err = nd_parse_nsna(icmp, ip.l4_len, ip.hop_limit, &ns);
	if (err != PKT_OK)
		return drop(err);
	if (csum6(&ip.src, &ip.dst, 58, icmp, ip.l4_len) != 0)
		return drop(PKT_E_CHECKSUM);
	key_of(&k, ifindex, &ns.target);
	if (!answered_init || !kmap_get(&answered, &k))
		return PKT_OK;
	io_stats.proxy_ns_rx++;
	dad = nd_is_dad_probe(&ns, &ip.src);
	/* RFC 4861 §4.3: a probe carries no source link-layer option; one that does is
	 * invalid. */
	if (dad && ns.has_lla)
		return drop(PKT_E_INVAL);
	/* A prober learns the address is taken (all nodes, not solicited, RFC 4862
	 * §5.4.3); an asker gets our link-layer address, Override clear as a proxy's
	 * answer must be (RFC 4861 §7.2.8), sent as a frame to the asker's link-layer
	 * address because the kernel never resolved it (it ignores solicitations for
	 * addresses it does not proxy). */
	const uint8_t *to_mac = ns.has_lla && ns.lla_len == 6 ? ns.lla : src_mac;
	int rc = dad ? io_nd_send_na(ifindex, NULL, &all_nodes, ND_NA_F_OVERRIDE, &ns.target)
		     : io_nd_send_na(ifindex, to_mac, &ip.src, ND_NA_F_SOLICITED, &ns.target);

	if (rc)
		log_debug("proxy ND: answer for %s on %d: %s", log_in6(&ns.target), ifindex,
			  strerror(-rc));
	else
		io_stats.proxy_na_tx++;
	return PKT_OK;
}

static void on_frame(int ifindex, const uint8_t *src_mac, unsigned char pkttype,
		     const void *pkt, size_t len, bool truncated)
{
	(void)pkttype;
	if (truncated)
		io_stats.proxy_bad++;
	else
		io_proxy_input(ifindex, src_mac, pkt, len);
}

static void on_packet(int fd, void *ctx)
{
	uint8_t buf[256];

	(void)ctx;
	io_pkt_drain(fd, buf, sizeof(buf), on_frame, "proxy ND rx");
}

int io_proxy_init(struct eloop *el, const struct config *conf)
{
	struct sock_fprog prog = {
		.len = sizeof(ns_filter) / sizeof(ns_filter[0]),
		.filter = ns_filter,
	};
	int err;

	if (conf->role != NODE_HA || !conf->ha_proxy_nd_daemon)
		return 0;
	pkt_fd = io_pkt_open(&prog);
	if (pkt_fd < 0)
		return pkt_fd;
	err = eloop_add_fd(el, pkt_fd, on_packet, NULL);
	if (err)
		goto fail;
	log_info("proxy ND: answered by mip6d (HaProxyNd mip6d)");
	return 0;
fail:
	close(pkt_fd);
	pkt_fd = -1;
	return err;
}

void io_proxy_close(struct eloop *el)
{
	if (pkt_fd >= 0) {
		if (el)
			eloop_del_fd(el, pkt_fd);
		close(pkt_fd);   /* the all-multicast memberships go with it */
		pkt_fd = -1;
	}
	n_allmulti = 0;
	if (answered_init) {
		kmap_free(&answered);
		answered_init = false;
	}
	io_stats.proxy_entries = 0;
}
