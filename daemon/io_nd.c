/* ICMPv6 Neighbor Discovery I/O.
 *
 * In: Router Advertisements (Mobile Node movement detection) and NS/NA for
 * the Home Agent's DAD watch, on a raw ICMPv6 socket (the kernel verifies
 * the checksum of what it delivers there).
 * Out: Router Solicitations, DAD probes and unsolicited proxy NAs, as whole
 * packets through io_tx_packet(): a probe and an RS sent right after an
 * association must leave from the unspecified address, which a raw ICMPv6
 * socket cannot do (the kernel insists on picking a usable source). */
#include <errno.h>
#include <netinet/icmp6.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "bytes.h"
#include "config.h"
#include "eloop.h"
#include "engine.h"
#include "io_int.h"
#include "ip6pkt.h"
#include "log.h"
#include "nd.h"

#define ND_OPT_TLLA   2

static int icmp_fd = -1;
static struct engine *eng;
static const struct config *cfg;

/* The engine bounds how many DADs run at once (HaMaxPendingDad); the table follows. */
static struct dad_watch {
	int ifindex;
	struct in6_addr target;
} *watch;
static int n_watch, cap_watch;

static const struct in6_addr all_nodes = { .s6_addr = { 0xff, 0x02, [15] = 1 } };
static const struct in6_addr all_routers = { .s6_addr = { 0xff, 0x02, [15] = 2 } };

static void solicited_node(const struct in6_addr *a, struct in6_addr *out)
{
	memset(out, 0, sizeof(*out));
	out->s6_addr[0] = 0xff;
	out->s6_addr[1] = 0x02;
	out->s6_addr[11] = 0x01;
	out->s6_addr[12] = 0xff;
	memcpy(&out->s6_addr[13], &a->s6_addr[13], 3);
}

/* Ethernet-like hardware address of ifindex; 0 bytes when it has none. */
static size_t link_lladdr(int ifindex, uint8_t *mac)
{
	struct ifreq ifr;
	char name[IF_NAMESIZE];
	size_t n = 0;
	int fd;

	if (!if_indextoname((unsigned)ifindex, name))
		return 0;
	fd = socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return 0;
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	if (ioctl(fd, SIOCGIFHWADDR, &ifr) == 0) {
		memcpy(mac, ifr.ifr_hwaddr.sa_data, 6);
		n = 6;
	}
	close(fd);
	return n;
}

static int send_icmp6(int ifindex, const struct in6_addr *src,
		      const struct in6_addr *dst, const void *icmp, size_t len)
{
	uint8_t pkt[IP6_HDR_LEN + 128];
	struct ip6_spec s = { .src = *src, .dst = *dst, .hop_limit = 255 };
	size_t plen;
	enum pkt_err perr = ip6_build_icmp6(&s, icmp, len, pkt, sizeof(pkt), &plen);

	if (perr != PKT_OK)
		return -EINVAL;
	return io_tx_packet(ifindex, pkt, plen);
}

int io_send_rs(int ifindex)
{
	uint8_t rs[32], mac[6];
	struct in6_addr src = IN6ADDR_ANY_INIT;
	bool optimistic = false;
	size_t len, maclen = 0;
	int err;

	/* RFC 4861 §4.1: no SLLA option from the unspecified address;
	 * RFC 4429 §3.3: none from an optimistic one either. */
	if (io_usable_linklocal(ifindex, &src, &optimistic) && !optimistic)
		maclen = link_lladdr(ifindex, mac);
	if (nd_build_rs(mac, maclen, NULL, NULL, rs, sizeof(rs), &len) != PKT_OK)
		return -EINVAL;
	err = send_icmp6(ifindex, &src, &all_routers, rs, len);
	if (err) {
		log_warnx("RS tx on %d: %s", ifindex, strerror(-err));
		return err;
	}
	io_stats.rs_tx++;
	log_debug("RS tx on %d from %s", ifindex, log_in6(&src));
	return 0;
}

/* NS / NA body (RFC 4861 §4.3, §4.4): type, code, checksum (left 0 for
 * ip6_build_icmp6), flags/reserved, target, then an optional TLLA. */
static size_t nsna_body(uint8_t *p, uint8_t type, uint8_t flags,
			const struct in6_addr *target, const uint8_t *mac,
			size_t maclen)
{
	memset(p, 0, 32);
	p[0] = type;
	p[4] = flags;
	put_in6(p + 8, target);
	if (!maclen)
		return 24;
	p[24] = ND_OPT_TLLA;
	p[25] = 1;
	memcpy(p + 26, mac, maclen);
	return 32;
}

int io_nd_send_na(int ifindex, const uint8_t *dst_mac, const struct in6_addr *dst,
		  uint8_t flags, const struct in6_addr *target)
{
	uint8_t na[32], mac[6], pkt[IP6_HDR_LEN + sizeof(na)];
	struct in6_addr src;
	bool optimistic;
	size_t maclen = link_lladdr(ifindex, mac), len, plen;
	int err;

	if (!io_usable_linklocal(ifindex, &src, &optimistic))
		return -EADDRNOTAVAIL;
	len = nsna_body(na, ND_NA, flags, target, mac, maclen);
	if (dst_mac) {
		struct ip6_spec s = { .src = src, .dst = *dst, .hop_limit = 255 };

		if (ip6_build_icmp6(&s, na, len, pkt, sizeof(pkt), &plen) != PKT_OK)
			return -EINVAL;
		err = io_tx_packet_l2(ifindex, dst_mac, pkt, plen);
	} else {
		err = send_icmp6(ifindex, &src, dst, na, len);
	}
	if (!err) {
		io_stats.na_tx++;
		log_debug("NA tx on %d for %s to %s", ifindex, log_in6(target), log_in6(dst));
	}
	return err;
}

int io_send_proxy_na(int ifindex, const struct in6_addr *target)
{
	/* Override set, Solicited and Router clear (RFC 6275 §10.4.1). */
	return io_nd_send_na(ifindex, NULL, &all_nodes, ND_NA_F_OVERRIDE, target);
}

static int mc_group(int ifindex, const struct in6_addr *target, bool join)
{
	struct ipv6_mreq mr = { .ipv6mr_interface = (unsigned)ifindex };

	solicited_node(target, &mr.ipv6mr_multiaddr);
	if (setsockopt(icmp_fd, IPPROTO_IPV6,
		       join ? IPV6_ADD_MEMBERSHIP : IPV6_DROP_MEMBERSHIP,
		       &mr, sizeof(mr)) < 0 && !(join && errno == EADDRINUSE))
		return -errno;
	return 0;
}

/* The socket holds one membership per (interface, group), but HoAs with the
 * same low 24 bits share their solicited-node group: it is joined for the
 * first watch that needs it and left with the last, or the watches left
 * would miss the probes for their addresses. */
static int group_users(int ifindex, const struct in6_addr *target)
{
	int n = 0;

	for (int i = 0; i < n_watch; i++)
		if (watch[i].ifindex == ifindex &&
		    !memcmp(&watch[i].target.s6_addr[13], &target->s6_addr[13], 3))
			n++;
	return n;
}

int io_dad_start(int ifindex, const struct in6_addr *target)
{
	uint8_t ns[32];
	struct in6_addr any = IN6ADDR_ANY_INIT, dst;
	size_t len;
	int err;

	if (icmp_fd < 0)
		return -ENOTCONN;
	if (n_watch == cap_watch) {
		int cap = cap_watch ? cap_watch * 2 : 64;
		struct dad_watch *w = realloc(watch, (size_t)cap * sizeof(*w));

		if (!w)
			return -ENOMEM;
		watch = w;
		cap_watch = cap;
	}
	if (!group_users(ifindex, target)) {
		err = mc_group(ifindex, target, true);
		if (err)
			return err;
	}
	watch[n_watch].ifindex = ifindex;
	watch[n_watch].target = *target;
	n_watch++;
	solicited_node(target, &dst);
	len = nsna_body(ns, ND_NS, 0, target, NULL, 0);
	err = send_icmp6(ifindex, &any, &dst, ns, len);
	if (err) {
		io_dad_stop(ifindex, target);
		return err;
	}
	io_stats.ns_tx++;
	log_debug("DAD NS tx on %d for %s", ifindex, log_in6(target));
	return 0;
}

int io_dad_stop(int ifindex, const struct in6_addr *target)
{
	for (int i = 0; i < n_watch; i++) {
		if (watch[i].ifindex != ifindex ||
		    !IN6_ARE_ADDR_EQUAL(&watch[i].target, target))
			continue;
		watch[i] = watch[--n_watch];
		if (group_users(ifindex, target))
			return 0;
		return mc_group(ifindex, target, false);
	}
	return 0;
}

static void ra_to_engine(int ifindex, const struct in6_addr *src,
			 const struct nd_ra *nra)
{
	struct eng_ra ra;

	memset(&ra, 0, sizeof(ra));
	ra.ifindex = ifindex;
	ra.src = *src;
	ra.home_agent = nra->h;
	ra.router_lifetime = nra->router_lifetime;
	ra.adv_interval = nra->has_adv_interval ? nra->adv_interval_ms : 0;
	ra.has_ha_info = nra->has_ha_info;
	ra.ha_preference = (int16_t)nra->ha_preference;
	ra.ha_lifetime = nra->ha_lifetime;
	ra.has_lladdr = nra->has_slla && nra->slla_len == 6;
	if (ra.has_lladdr)
		memcpy(ra.lladdr, nra->slla, 6);
	for (unsigned i = 0; i < nra->n_prefix && i < ENG_RA_MAX_PREFIXES; i++) {
		const struct nd_prefix *p = &nra->prefix[i];
		struct eng_prefix *q = &ra.prefixes[ra.n_prefixes++];

		q->prefix = p->prefix;
		q->plen = p->len;
		q->flags = (uint8_t)((p->l ? ENG_PI_ONLINK : 0) |
				     (p->a ? ENG_PI_AUTO : 0) |
				     (p->r ? ENG_PI_RADDR : 0));
		q->valid = p->valid;
		q->preferred = p->preferred;
	}
	io_stats.ra_rx++;
	engine_rx_ra(eng, &ra);
}

static void nsna_to_engine(int ifindex, const struct in6_addr *src,
			   const struct nd_nsna *m)
{
	for (int i = 0; i < n_watch; i++) {
		if (watch[i].ifindex != ifindex ||
		    !IN6_ARE_ADDR_EQUAL(&watch[i].target, &m->target))
			continue;
		/* An NA for the address: someone owns it. An NS for it from
		 * the unspecified address: someone else is doing DAD for it
		 * (ours are not looped back, see io_tx.c). */
		if (m->type == ND_NA || nd_is_dad_probe(m, src)) {
			log_info("DAD for %s on %d: %s from %s", log_in6(&m->target),
				 ifindex, m->type == ND_NA ? "NA" : "NS",
				 log_in6(src));
			engine_ha_dad_conflict(eng, ifindex, &m->target);
		}
		return;
	}
}

int io_nd_input(int ifindex, const struct in6_addr *src, int hops,
		const uint8_t *buf, size_t n)
{
	enum pkt_err err;

	if (n < 1 || hops < 0 || hops > 255)
		return PKT_E_TRUNCATED;
	if (buf[0] == ND_RA) {
		struct nd_ra ra;

		/* Every role hears RAs: the MN's movement detection, and the lifetimes of
		 * the prefixes they advertise (the HA grants no longer, §10.3.1). */
		err = nd_parse_ra(buf, n, (uint8_t)hops, &ra);
		/* RFC 4861 §6.1.2: the source must be link-local. */
		if (err == PKT_OK && !IN6_IS_ADDR_LINKLOCAL(src))
			err = PKT_E_INVAL;
		if (err != PKT_OK) {
			io_stats.nd_bad++;
			log_debug("RA from %s dropped: %s", log_in6(src), pkt_strerror(err));
			return err;
		}
		ra_to_engine(ifindex, src, &ra);
	} else if ((buf[0] == ND_NS || buf[0] == ND_NA) && n_watch > 0) {
		struct nd_nsna m;

		err = nd_parse_nsna(buf, n, (uint8_t)hops, &m);
		if (err != PKT_OK) {
			io_stats.nd_bad++;
			return err;
		}
		nsna_to_engine(ifindex, src, &m);
	}
	return 0;
}

void io_nd_set_engine(struct engine *e, const struct config *conf)
{
	eng = e;
	cfg = conf;
}

static void on_icmp(int fd, void *ctx)
{
	uint8_t buf[1500];
	union {
		char b[CMSG_SPACE(sizeof(struct in6_pktinfo)) + CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} cbuf;
	struct sockaddr_in6 from;
	struct iovec iov = { .iov_base = buf, .iov_len = sizeof(buf) };

	(void)ctx;
	for (;;) {
		struct msghdr msg = { .msg_name = &from, .msg_namelen = sizeof(from),
				      .msg_iov = &iov, .msg_iovlen = 1,
				      .msg_control = cbuf.b,
				      .msg_controllen = sizeof(cbuf.b) };
		int ifindex = 0, hops = -1;
		ssize_t n = recvmsg(fd, &msg, MSG_DONTWAIT);

		if (n < 0) {
			if (errno != EAGAIN && errno != EINTR)
				log_warn("ICMPv6 rx");
			return;
		}
		for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
			if (c->cmsg_level != IPPROTO_IPV6)
				continue;
			if (c->cmsg_type == IPV6_PKTINFO) {
				struct in6_pktinfo pi;
				memcpy(&pi, CMSG_DATA(c), sizeof(pi));
				ifindex = (int)pi.ipi6_ifindex;
			} else if (c->cmsg_type == IPV6_HOPLIMIT) {
				memcpy(&hops, CMSG_DATA(c), sizeof(hops));
			}
		}
		if (io_link_known(ifindex, NULL))
			io_nd_input(ifindex, &from.sin6_addr, hops, buf, (size_t)n);
	}
}

int io_nd_init(struct eloop *el, struct engine *e, const struct config *conf)
{
	struct icmp6_filter f;
	int on = 1, err;

	io_nd_set_engine(e, conf);
	icmp_fd = socket(AF_INET6, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK,
			 IPPROTO_ICMPV6);
	if (icmp_fd < 0)
		return -errno;
	ICMP6_FILTER_SETBLOCKALL(&f);
	ICMP6_FILTER_SETPASS(ND_ROUTER_ADVERT, &f);
	ICMP6_FILTER_SETPASS(ND_NEIGHBOR_SOLICIT, &f);
	ICMP6_FILTER_SETPASS(ND_NEIGHBOR_ADVERT, &f);
	if (setsockopt(icmp_fd, IPPROTO_ICMPV6, ICMP6_FILTER, &f, sizeof(f)) < 0 ||
	    setsockopt(icmp_fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, &on, sizeof(on)) < 0 ||
	    setsockopt(icmp_fd, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, &on, sizeof(on)) < 0) {
		err = -errno;
		goto fail;
	}
	err = eloop_add_fd(el, icmp_fd, on_icmp, NULL);
	if (err)
		goto fail;
	return 0;
fail:
	close(icmp_fd);
	icmp_fd = -1;
	return err;
}

void io_nd_close(struct eloop *el)
{
	if (icmp_fd < 0)
		return;
	if (el)
		eloop_del_fd(el, icmp_fd);
	close(icmp_fd);
	icmp_fd = -1;
	free(watch);
	watch = NULL;
	n_watch = cap_watch = 0;
}
