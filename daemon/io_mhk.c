/* The kernel's Mobility Header socket: raw IPPROTO_MH.
 *
 * Without UseMnHaIPsec it is drained unread: its only use is that the kernel, seeing a
 * socket for protocol 135, no longer answers every plain MH packet with an ICMPv6
 * "unrecognized next header" (io_mh.c reads MH from the wire, before the kernel).
 *
 * With UseMnHaIPsec the home registration's BU and BA go under ESP (RFC 3776), which
 * only the kernel can take off and check (kern_ipsec.c's policies, the SAs written by
 * the lab): this socket is then their one way in, after the kernel removed ESP, checked
 * and swapped the HAO / type 2 routing header, and verified the checksum (IPV6_CHECKSUM);
 * and their way out, as the MH alone, to which the kernel adds ESP and the HAO / RH2 of
 * the state kern_ipsec_coa() pointed at the care-of address. docs/design.md, "IPsec for
 * the home registration: policies, states and the receive path". */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "config.h"
#include "eloop.h"
#include "engine.h"
#include "io_int.h"
#include "kern_ipsec.h"
#include "log.h"
#include "mh.h"

#define HAO_OPT_TYPE 0xc9
#define RH2_TYPE 2

static int mhk_fd = -1;
static bool mhk_read;           /* UseMnHaIPsec: read, else drained */
static struct engine *eng;

static void on_drain(int fd, void *ctx)
{
	uint8_t buf[64];

	(void)ctx;
	while (recv(fd, buf, sizeof(buf), MSG_DONTWAIT) >= 0)
		;
}

/* The Home Address option in a destination options header as the kernel delivers it
 * (IPV6_DSTOPTS: the whole header). */
static bool find_hao(const uint8_t *h, size_t len, struct in6_addr *out)
{
	size_t off = 2, end;

	if (len < 8)
		return false;
	end = ((size_t)h[1] + 1) * 8;
	if (end > len)
		return false;
	while (off < end) {
		if (h[off] == 0) {      /* Pad1 */
			off++;
			continue;
		}
		if (off + 2 > end || off + 2 + h[off + 1] > end)
			return false;
		if (h[off] == HAO_OPT_TYPE && h[off + 1] == sizeof(*out)) {
			memcpy(out, h + off + 2, sizeof(*out));
			return true;
		}
		off += 2 + (size_t)h[off + 1];
	}
	return false;
}

/* A type 2 routing header (IPV6_RTHDR): 8 bytes, then its one address. */
static bool find_rh2(const uint8_t *h, size_t len, struct in6_addr *out)
{
	if (len < 24 || h[1] != 2 || h[2] != RH2_TYPE)
		return false;
	memcpy(out, h + 8, sizeof(*out));
	return true;
}

static bool refused(const struct in6_addr *a)
{
	return IN6_IS_ADDR_MULTICAST(a) || IN6_IS_ADDR_UNSPECIFIED(a) || io_addr_is_local(a);
}

int io_mhk_input(struct engine *e, const struct io_mhk_msg *k, const uint8_t *mh, size_t len)
{
	struct mh_msg m;
	struct eng_rx rx;
	enum pkt_err err;

	err = mh_decode(mh, len, &m);
	if (err != PKT_OK) {
		/* Unknown types included: only BUs and BAs go this way. */
		if (err == PKT_E_MH_TYPE)
			return -1;
		io_stats.mh_bad++;
		log_debug("MH rx (ESP) from %s: dropped: %s", log_in6(&k->src),
			  pkt_strerror(err));
		return err;
	}
	/* After the kernel's processing src/dst are the pair's (the HoA as source of a
	 * BU, as destination of a BA); a HAO or RH2 field holds the care-of address. */
	if (!io_mh_protected(m.type, &k->src, &k->dst, NULL, NULL))
		return -1;
	if ((m.type == MH_BU && k->has_rh2) || (m.type == MH_BA && k->has_hao))
		return -1;
	if (refused(&k->src) || (k->has_hao && refused(&k->hao_field))) {
		io_stats.mh_bad++;
		log_debug("MH rx (ESP) from %s: dropped: %s", log_in6(&k->src),
			  pkt_strerror(PKT_E_SOURCE));
		return PKT_E_SOURCE;
	}
	/* The kernel checked it already (IPV6_CHECKSUM); the codec's word is the one the
	 * wire path goes by, over the same pseudo-header. */
	if (mh_verify(&k->src, &k->dst, mh, m.wire_len) != PKT_OK) {
		io_stats.mh_bad++;
		return PKT_E_CHECKSUM;
	}
	io_stats.mh_rx++;
	io_stats.mh_esp_rx++;
	memset(&rx, 0, sizeof(rx));
	rx.ifindex = k->ifindex;
	rx.protected = true;
	rx.raw = mh;
	if (m.type == MH_BU) {
		rx.src = k->has_hao ? k->hao_field : k->src;
		rx.dst = k->dst;
		rx.has_hao = k->has_hao;
		rx.hao = k->src;
	} else {
		rx.src = k->src;
		rx.dst = k->has_rh2 ? k->rh2_field : k->dst;
		rx.has_rh2 = k->has_rh2;
		rx.rh2 = k->dst;
	}
	log_debug("MH rx %s (ESP) from %s to %s%s%s%s%s", mh_type_name(m.type),
		  log_in6(&rx.src), log_in6(&rx.dst),
		  rx.has_hao ? " hao " : "", rx.has_hao ? log_in6(&rx.hao) : "",
		  rx.has_rh2 ? " rh2 " : "", rx.has_rh2 ? log_in6(&rx.rh2) : "");
	engine_rx_mh(e, &rx, &m);
	return 0;
}

static void on_mh(int fd, void *ctx)
{
	uint8_t buf[MH_MAX_LEN];
	union {
		char b[512];
		struct cmsghdr align;
	} cbuf;

	(void)ctx;
	for (;;) {
		struct sockaddr_in6 from;
		struct iovec iov = { .iov_base = buf, .iov_len = sizeof(buf) };
		struct msghdr msg = { .msg_name = &from, .msg_namelen = sizeof(from),
				      .msg_iov = &iov, .msg_iovlen = 1,
				      .msg_control = cbuf.b, .msg_controllen = sizeof(cbuf.b) };
		struct io_mhk_msg k;
		bool have_dst = false;
		ssize_t n = recvmsg(fd, &msg, MSG_DONTWAIT);

		if (n < 0) {
			if (errno != EAGAIN && errno != EINTR)
				log_warn("MH rx (kernel socket)");
			return;
		}
		if (msg.msg_flags & (MSG_TRUNC | MSG_CTRUNC)) {
			io_stats.mh_bad++;
			continue;
		}
		memset(&k, 0, sizeof(k));
		k.src = from.sin6_addr;
		for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
			const uint8_t *d = CMSG_DATA(c);
			size_t dl = c->cmsg_len - CMSG_LEN(0);

			if (c->cmsg_level != IPPROTO_IPV6)
				continue;
			if (c->cmsg_type == IPV6_PKTINFO && dl >= sizeof(struct in6_pktinfo)) {
				struct in6_pktinfo pi;

				memcpy(&pi, d, sizeof(pi));
				k.dst = pi.ipi6_addr;
				k.ifindex = (int)pi.ipi6_ifindex;
				have_dst = true;
			} else if (c->cmsg_type == IPV6_DSTOPTS) {
				k.has_hao = k.has_hao || find_hao(d, dl, &k.hao_field);
			} else if (c->cmsg_type == IPV6_RTHDR) {
				k.has_rh2 = find_rh2(d, dl, &k.rh2_field);
			}
		}
		if (have_dst)
			io_mhk_input(eng, &k, buf, (size_t)n);
	}
}

int io_mhk_init(struct eloop *el, struct engine *e, const struct config *conf)
{
	int err;

	eng = e;
	mhk_read = conf && conf->use_mn_ha_ipsec;
	mhk_fd = socket(AF_INET6, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, IPPROTO_MH);
	if (mhk_fd < 0)
		return -errno;
	if (!mhk_read) {
		int small = 1;

		setsockopt(mhk_fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof(small));
	} else {
		/* The kernel computes the checksum on send, over the final pseudo-header
		 * (HoA, HA), and checks it on receive. */
		int csum = MH_CSUM_OFF, on = 1;

		if (setsockopt(mhk_fd, IPPROTO_IPV6, IPV6_CHECKSUM, &csum, sizeof(csum)) < 0 ||
		    setsockopt(mhk_fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, &on, sizeof(on)) < 0 ||
		    setsockopt(mhk_fd, IPPROTO_IPV6, IPV6_RECVDSTOPTS, &on, sizeof(on)) < 0 ||
		    setsockopt(mhk_fd, IPPROTO_IPV6, IPV6_RECVRTHDR, &on, sizeof(on)) < 0)
			goto fail_errno;
		/* The MN's home address may not be on any interface when it sends its first
		 * BU from a new link: the kernel still takes it as the source. */
		setsockopt(mhk_fd, IPPROTO_IPV6, IPV6_FREEBIND, &on, sizeof(on));
	}
	err = eloop_add_fd(el, mhk_fd, mhk_read ? on_mh : on_drain, NULL);
	if (err)
		goto fail;
	return 0;
fail_errno:
	err = -errno;
fail:
	io_mhk_close(el);
	return err;
}

void io_mhk_close(struct eloop *el)
{
	if (mhk_fd >= 0) {
		if (el)
			eloop_del_fd(el, mhk_fd);
		close(mhk_fd);
	}
	mhk_fd = -1;
	mhk_read = false;
}

int io_mhk_send(const struct eng_tx *tx, const struct mh_msg *m)
{
	uint8_t mh[MH_MAX_LEN];
	struct sockaddr_in6 to = { .sin6_family = AF_INET6 };
	union {
		char b[CMSG_SPACE(sizeof(struct in6_pktinfo))];
		struct cmsghdr align;
	} cbuf;
	struct in6_pktinfo pi;
	struct iovec iov = { .iov_base = mh };
	struct msghdr msg = { .msg_name = &to, .msg_namelen = sizeof(to),
			      .msg_iov = &iov, .msg_iovlen = 1,
			      .msg_control = cbuf.b, .msg_controllen = sizeof(cbuf.b) };
	const struct in6_addr *src, *dst, *coa;
	struct cmsghdr *c;
	size_t len;
	bool mn = m->type == MH_BU;
	int err;

	if (!mhk_read)
		return -ENOTCONN;
	if (m->type != MH_BU && m->type != MH_BA)
		return -EINVAL;
	/* The pair's addresses are the packet's; the care-of address goes in the
	 * kernel's HAO (BU) or RH2 (BA), or nowhere (at home). */
	if (mn) {
		src = tx->with_hao ? &tx->hao : &tx->src;
		dst = &tx->dst;
		coa = tx->with_hao ? &tx->src : NULL;
	} else {
		src = &tx->src;
		dst = tx->with_rh2 ? &tx->rh2 : &tx->dst;
		coa = tx->with_rh2 ? &tx->dst : NULL;
	}
	if (mh_encode(m, mh, sizeof(mh), &len) != PKT_OK)
		return -EINVAL;
	err = mn ? kern_ipsec_coa(src, dst, coa, true) : kern_ipsec_coa(dst, src, coa, false);
	if (err) {
		log_warnx("MH tx %s: IPsec state for care-of address %s: %s",
			  mh_type_name(m->type), coa ? log_in6(coa) : "(home)", strerror(-err));
		return err;
	}
	iov.iov_len = len;
	to.sin6_addr = *dst;
	memset(&pi, 0, sizeof(pi));
	pi.ipi6_addr = *src;
	pi.ipi6_ifindex = tx->ifindex > 0 ? (unsigned)tx->ifindex : 0;
	memset(&cbuf, 0, sizeof(cbuf));
	c = CMSG_FIRSTHDR(&msg);
	c->cmsg_level = IPPROTO_IPV6;
	c->cmsg_type = IPV6_PKTINFO;
	c->cmsg_len = CMSG_LEN(sizeof(pi));
	memcpy(CMSG_DATA(c), &pi, sizeof(pi));
	if (sendmsg(mhk_fd, &msg, 0) < 0) {
		err = -errno;
		io_stats.tx_errors++;
		log_warnx("MH tx %s (ESP) to %s: %s", mh_type_name(m->type), log_in6(dst),
			  strerror(-err));
		return err;
	}
	io_stats.mh_tx++;
	io_stats.mh_esp_tx++;
	log_debug("MH tx %s (ESP) from %s to %s%s%s", mh_type_name(m->type), log_in6(src),
		  log_in6(dst), coa ? " care-of " : "", coa ? log_in6(coa) : "");
	return 0;
}
