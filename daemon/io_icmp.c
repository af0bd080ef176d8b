/* Discovery's ICMPv6: Home Agent Address Discovery (144, 145), Mobile Prefix
 * Solicitation / Advertisement (146, 147) and the ICMPv6 errors that tell a mobile
 * node its home agent stopped taking the tunnel.
 *
 * In: a raw ICMPv6 socket takes the DHAAD messages (a Request to an anycast address
 * joined on it, a Reply to the CoA) and errors 1-4 (the kernel verifies checksums).
 * A Solicitation carries a Home Address option and an Advertisement a type 2 routing
 * header, which a kernel with CONFIG_IPV6_MIP6 drops before any socket (no XFRM state
 * for them, docs/design.md): those come from io_mh.c's packet socket, whose filter
 * passes ICMPv6 behind a destination options or routing header, through
 * io_icmp_input_pkt(). Out: whole packets through io_tx_packet(), as the BA goes. */
#include <errno.h>
#include <netinet/icmp6.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "csum.h"
#include "dhaad.h"
#include "eloop.h"
#include "engine.h"
#include "io_int.h"
#include "ip6pkt.h"
#include "log.h"

#define NH_DSTOPTS 60

static int icmp_fd = -1;
static struct engine *eng;

static void count_bad(enum pkt_err err)
{
	io_stats.icmp_bad++;
	if ((unsigned)err < sizeof(io_stats.icmp_bad_by_err) / sizeof(io_stats.icmp_bad_by_err[0]))
		io_stats.icmp_bad_by_err[err]++;
}

static bool refused_source(const struct in6_addr *a)
{
	return IN6_IS_ADDR_MULTICAST(a) || IN6_IS_ADDR_UNSPECIFIED(a) || io_addr_is_local(a);
}

/* An error quoting an IPv6 packet: its addresses and upper protocol, past the tunnel
 * encapsulation limit option an ip6tnl may put in front (RFC 2473 §5.1). */
static int error_input(struct engine *e, int ifindex, const struct in6_addr *src,
		       const struct in6_addr *dst, const uint8_t *buf, size_t n)
{
	struct eng_icmp_err err = { .ifindex = ifindex, .src = *src, .dst = *dst,
				    .type = buf[0], .code = buf[1] };
	const uint8_t *q = buf + 8;

	if (n < 8 + IP6_HDR_LEN || (q[0] >> 4) != 6) {
		count_bad(PKT_E_TRUNCATED);
		return PKT_E_TRUNCATED;
	}
	memcpy(&err.inner_src, q + 8, 16);
	memcpy(&err.inner_dst, q + 24, 16);
	err.inner_nh = q[6];
	if (err.inner_nh == NH_DSTOPTS && n >= 8 + IP6_HDR_LEN + 2)
		err.inner_nh = q[IP6_HDR_LEN];
	io_stats.icmp_err_rx++;
	log_debug("ICMPv6 error %u/%u from %s quoting %s -> %s nh %u", err.type, err.code,
		  log_in6(src), log_in6(&err.inner_src), log_in6(&err.inner_dst), err.inner_nh);
	engine_rx_icmp_err(e, &err);
	return 0;
}

static int msg_input(struct engine *e, const struct eng_rx *rx, const uint8_t *buf, size_t n)
{
	struct dhaad_msg m;
	enum pkt_err err = dhaad_decode(buf, n, &m);

	if (err == PKT_OK && refused_source(&rx->src))
		err = PKT_E_SOURCE;
	if (err != PKT_OK) {
		count_bad(err);
		log_debug("ICMPv6 %u from %s dropped: %s", n ? buf[0] : 0, log_in6(&rx->src),
			  pkt_strerror(err));
		return err;
	}
	io_stats.icmp_rx++;
	engine_rx_icmp(e, rx, &m);
	return 0;
}

int io_icmp_input(struct engine *e, int ifindex, const struct in6_addr *src,
		  const struct in6_addr *dst, const uint8_t *buf, size_t n)
{
	struct eng_rx rx = { .ifindex = ifindex, .src = *src, .dst = *dst };

	if (n < 8) {
		count_bad(PKT_E_TRUNCATED);
		return PKT_E_TRUNCATED;
	}
	if (buf[0] < 128)
		return error_input(e, ifindex, src, dst, buf, n);
	/* The Solicitation and Advertisement come with their headers on the packet
	 * socket; here they would have lost them. */
	if (buf[0] != ICMP6_DHAAD_REQUEST && buf[0] != ICMP6_DHAAD_REPLY)
		return 0;
	return msg_input(e, &rx, buf, n);
}

int io_icmp_input_pkt(struct engine *e, int ifindex, const struct ip6_info *ip,
		      const uint8_t *pkt)
{
	const uint8_t *icmp = pkt + ip->l4_off;
	struct eng_rx rx = { .ifindex = ifindex, .src = ip->src, .dst = ip->dst,
			     .has_hao = ip->has_hao, .hao = ip->hoa,
			     .has_rh2 = ip->has_rh2, .rh2 = ip->rh2_addr };

	if (ip->l4_len < 1 || (icmp[0] != ICMP6_MP_SOL && icmp[0] != ICMP6_MP_ADV))
		return 0;
	if (csum6(&ip->ph_src, &ip->ph_dst, IPPROTO_ICMPV6, icmp, ip->l4_len) != 0) {
		count_bad(PKT_E_CHECKSUM);
		return PKT_E_CHECKSUM;
	}
	if (ip->has_hao && refused_source(&ip->hoa)) {
		count_bad(PKT_E_SOURCE);
		return PKT_E_SOURCE;
	}
	return msg_input(e, &rx, icmp, ip->l4_len);
}

int io_send_icmp(const struct eng_tx *tx, const struct dhaad_msg *m)
{
	uint8_t body[1280], pkt[1400];
	struct ip6_spec s = { .src = tx->src, .dst = tx->dst,
			      .rh2 = tx->with_rh2 ? &tx->rh2 : NULL,
			      .hoa = tx->with_hao ? &tx->hao : NULL };
	size_t blen, plen;
	int err;

	if (dhaad_encode(m, NULL, NULL, body, sizeof(body), &blen) != PKT_OK ||
	    ip6_build_icmp6(&s, body, blen, pkt, sizeof(pkt), &plen) != PKT_OK)
		return -EINVAL;
	err = tx->via_lladdr ? io_tx_packet_l2(tx->ifindex, tx->lladdr, pkt, plen)
			     : io_tx_packet(tx->ifindex, pkt, plen);
	if (err) {
		io_stats.tx_errors++;
		log_warnx("ICMPv6 %u to %s: %s", m->type, log_in6(&tx->dst), strerror(-err));
		return err;
	}
	io_stats.icmp_tx++;
	log_debug("ICMPv6 %u id %u tx %s -> %s", m->type, m->id, log_in6(&tx->src),
		  log_in6(&tx->dst));
	return 0;
}

int io_send_probe(const struct in6_addr *hoa, const struct in6_addr *ha)
{
	static uint16_t seq;
	uint8_t echo[8] = { 128, 0, 0, 0, 0x6d, 0x36 }, pkt[64];
	struct ip6_spec s = { .src = *hoa, .dst = *ha };
	size_t plen;
	int err;

	seq++;
	echo[6] = (uint8_t)(seq >> 8);
	echo[7] = (uint8_t)seq;
	if (ip6_build_icmp6(&s, echo, sizeof(echo), pkt, sizeof(pkt), &plen) != PKT_OK)
		return -EINVAL;
	/* No interface: the kernel routes it by its source, the home address, into the
	 * reverse tunnel (the rule "from HoA lookup 252"). */
	err = io_tx_packet(0, pkt, plen);
	if (err)
		io_stats.tx_errors++;
	return err;
}

int io_anycast(int ifindex, const struct in6_addr *addr, bool join)
{
	struct ipv6_mreq mr = { .ipv6mr_multiaddr = *addr,
				.ipv6mr_interface = (unsigned)ifindex };

	if (icmp_fd < 0)
		return -ENOTCONN;
	if (setsockopt(icmp_fd, IPPROTO_IPV6, join ? IPV6_JOIN_ANYCAST : IPV6_LEAVE_ANYCAST,
		       &mr, sizeof(mr)) < 0) {
		int err = -errno;

		log_warnx("anycast %s %s on %d: %s", join ? "join" : "leave", log_in6(addr),
			  ifindex, strerror(errno));
		return err;
	}
	return 0;
}

static void on_icmp(int fd, void *ctx)
{
	uint8_t buf[1500];
	union {
		char b[CMSG_SPACE(sizeof(struct in6_pktinfo))];
		struct cmsghdr align;
	} cbuf;
	struct sockaddr_in6 from;
	struct iovec iov = { .iov_base = buf, .iov_len = sizeof(buf) };

	(void)ctx;
	for (;;) {
		struct msghdr msg = { .msg_name = &from, .msg_namelen = sizeof(from),
				      .msg_iov = &iov, .msg_iovlen = 1,
				      .msg_control = cbuf.b, .msg_controllen = sizeof(cbuf.b) };
		struct in6_addr dst = IN6ADDR_ANY_INIT;
		int ifindex = 0;
		ssize_t n = recvmsg(fd, &msg, MSG_DONTWAIT);

		if (n < 0) {
			if (errno != EAGAIN && errno != EINTR)
				log_warn("ICMPv6 discovery rx");
			return;
		}
		for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c))
			if (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_PKTINFO) {
				struct in6_pktinfo pi;

				memcpy(&pi, CMSG_DATA(c), sizeof(pi));
				ifindex = (int)pi.ipi6_ifindex;
				dst = pi.ipi6_addr;
			}
		io_icmp_input(eng, ifindex, &from.sin6_addr, &dst, buf, (size_t)n);
	}
}

int io_icmp_init(struct eloop *el, struct engine *e)
{
	struct icmp6_filter f;
	int on = 1, err;

	eng = e;
	io_mh_set_icmp(io_icmp_input_pkt);
	icmp_fd = socket(AF_INET6, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, IPPROTO_ICMPV6);
	if (icmp_fd < 0)
		return -errno;
	ICMP6_FILTER_SETBLOCKALL(&f);
	ICMP6_FILTER_SETPASS(ICMP6_DST_UNREACH, &f);
	ICMP6_FILTER_SETPASS(ICMP6_PARAM_PROB, &f);
	ICMP6_FILTER_SETPASS(ICMP6_DHAAD_REQUEST, &f);
	ICMP6_FILTER_SETPASS(ICMP6_DHAAD_REPLY, &f);
	if (setsockopt(icmp_fd, IPPROTO_ICMPV6, ICMP6_FILTER, &f, sizeof(f)) < 0 ||
	    setsockopt(icmp_fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, &on, sizeof(on)) < 0) {
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

void io_icmp_close(struct eloop *el)
{
	io_mh_set_icmp(NULL);
	if (icmp_fd < 0)
		return;
	eloop_del_fd(el, icmp_fd);
	close(icmp_fd);
	icmp_fd = -1;
}
