/* Sending whole IPv6 packets built by the shared codec.
 *
 * A raw IPPROTO_RAW socket takes the packet as is (header included), so a
 * BU with its Home Address option and a BA with its type 2 routing header
 * leave exactly as common/ip6pkt.c built them, checksum included; no
 * IPV6_RTHDR / IPV6_DSTOPTS ancillary data, hence no dependency on the
 * kernel's IPV6_MIP6 support for sending. */
#include <errno.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "engine.h"
#include "io_int.h"
#include "ip6pkt.h"
#include "log.h"
#include "mh.h"

static int raw_fd = -1;
static int l2_fd = -1;     /* AF_PACKET, send only: to a given next hop */

int io_tx_init(void)
{
	int off = 0;

	raw_fd = socket(AF_INET6, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_RAW);
	if (raw_fd < 0)
		return -errno;
	/* The HA's DAD probe goes to the HoA's solicited-node group, which
	 * the ND watch joins: a looped copy would look like a competitor. */
	if (setsockopt(raw_fd, IPPROTO_IPV6, IPV6_MULTICAST_LOOP, &off,
		       sizeof(off)) < 0) {
		int err = -errno;
		close(raw_fd);
		raw_fd = -1;
		return err;
	}
	/* A source the kernel would refuse in IPV6_PKTINFO (one being moved between
	 * links) is still the packet's: the header says it. */
	setsockopt(raw_fd, IPPROTO_IPV6, IPV6_FREEBIND, &(int){ 1 }, sizeof(int));
	/* Protocol 0: this socket receives nothing. */
	l2_fd = socket(AF_PACKET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (l2_fd < 0) {
		int err = -errno;
		close(raw_fd);
		raw_fd = -1;
		return err;
	}
	return 0;
}

void io_tx_close(void)
{
	if (raw_fd >= 0)
		close(raw_fd);
	if (l2_fd >= 0)
		close(l2_fd);
	raw_fd = l2_fd = -1;
}

/* pkt straight to the link-layer address mac on ifindex, past the kernel's
 * routing (and its locks): the first BU from a new CoA. */
int io_tx_packet_l2(int ifindex, const uint8_t mac[6], const void *pkt, size_t len)
{
	struct sockaddr_ll to = {
		.sll_family = AF_PACKET,
		.sll_protocol = htons(ETH_P_IPV6),
		.sll_ifindex = ifindex,
		.sll_halen = 6,
	};

	if (l2_fd < 0)
		return -ENOTCONN;
	memcpy(to.sll_addr, mac, 6);
	if (sendto(l2_fd, pkt, len, 0, (struct sockaddr *)&to, sizeof(to)) < 0) {
		int err = -errno;
		io_stats.tx_errors++;
		return err;
	}
	return 0;
}

int io_tx_packet(int ifindex, const void *pkt, size_t len)
{
	struct sockaddr_in6 to = { .sin6_family = AF_INET6 };
	union {
		char buf[CMSG_SPACE(sizeof(struct in6_pktinfo))];
		struct cmsghdr align;
	} cbuf;
	struct iovec iov = { .iov_base = (void *)pkt, .iov_len = len };
	struct msghdr msg = { .msg_name = &to, .msg_namelen = sizeof(to),
			      .msg_iov = &iov, .msg_iovlen = 1 };

	if (raw_fd < 0)
		return -ENOTCONN;
	if (len < IP6_HDR_LEN)
		return -EINVAL;
	/* The kernel routes on this address; the packet's own destination
	 * field (first hop when there is a routing header) is the same. */
	memcpy(&to.sin6_addr, (const uint8_t *)pkt + 24, sizeof(to.sin6_addr));
	{
		struct cmsghdr *c;
		struct in6_pktinfo pi = { .ipi6_ifindex = ifindex > 0 ? (unsigned)ifindex : 0 };

		/* The kernel routes a header-included packet as if from the socket's own
		 * choice of source, not the header's: without it the MN's HoTI (from the
		 * home address) would miss the "from HoA" rule into the tunnel. Not with
		 * an interface given: a source makes the kernel take the best route
		 * whatever the interface (the HA's BA to the home link would follow the
		 * binding's route into the tunnel). */
		if (ifindex <= 0)
			memcpy(&pi.ipi6_addr, (const uint8_t *)pkt + 8, sizeof(pi.ipi6_addr));
		memset(&cbuf, 0, sizeof(cbuf));
		msg.msg_control = cbuf.buf;
		msg.msg_controllen = sizeof(cbuf.buf);
		c = CMSG_FIRSTHDR(&msg);
		c->cmsg_level = IPPROTO_IPV6;
		c->cmsg_type = IPV6_PKTINFO;
		c->cmsg_len = CMSG_LEN(sizeof(pi));
		memcpy(CMSG_DATA(c), &pi, sizeof(pi));
		if (ifindex > 0 && (IN6_IS_ADDR_LINKLOCAL(&to.sin6_addr) ||
				    IN6_IS_ADDR_MC_LINKLOCAL(&to.sin6_addr)))
			to.sin6_scope_id = (uint32_t)ifindex;
	}
	if (sendmsg(raw_fd, &msg, 0) < 0) {
		int err = -errno;
		io_stats.tx_errors++;
		return err;
	}
	return 0;
}

static void spec_from_tx(struct ip6_spec *s, const struct eng_tx *tx)
{
	memset(s, 0, sizeof(*s));
	s->src = tx->src;
	s->dst = tx->dst;
	s->hoa = tx->with_hao ? &tx->hao : NULL;
	s->rh2 = tx->with_rh2 ? &tx->rh2 : NULL;
}

int io_send_mh(const struct eng_tx *tx, const struct mh_msg *m)
{
	uint8_t pkt[IP6_HDR_LEN + HAO_HDR_LEN + RH2_HDR_LEN + MH_MAX_LEN];
	struct ip6_spec s;
	size_t len;
	enum pkt_err perr;
	int err;

	/* Under IPsec the kernel must see the MH itself, to give it ESP. */
	if (tx->protected)
		return io_mhk_send(tx, m);
	spec_from_tx(&s, tx);
	perr = ip6_build_mh(&s, m, pkt, sizeof(pkt), &len);
	if (perr != PKT_OK) {
		log_warnx("MH tx %s: cannot build: %s", mh_type_name(m->type),
			  pkt_strerror(perr));
		return -EINVAL;
	}
	err = tx->via_lladdr ? io_tx_packet_l2(tx->ifindex, tx->lladdr, pkt, len)
			     : io_tx_packet(tx->ifindex, pkt, len);
	if (err) {
		log_warnx("MH tx %s to %s: %s", mh_type_name(m->type),
			  log_in6(&tx->dst), strerror(-err));
		return err;
	}
	io_stats.mh_tx++;
	log_debug("MH tx %s from %s to %s%s%s%s%s%s", mh_type_name(m->type),
		  log_in6(&tx->src), log_in6(&tx->dst),
		  tx->with_hao ? " hao " : "", tx->with_hao ? log_in6(&tx->hao) : "",
		  tx->with_rh2 ? " rh2 " : "", tx->with_rh2 ? log_in6(&tx->rh2) : "",
		  tx->via_lladdr ? " (to the router's link-layer address)" : "");
	return 0;
}
