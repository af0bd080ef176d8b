/* io_ro.c - what starts route optimization on a mobile node (RFC 6275 §11.7.2): packets
 * from a correspondent to our home address that reach us through the home agent's
 * tunnel. A packet socket sees them once decapsulated, on the tunnel device; a filter
 * built for our home addresses hands over only their IPv6 header (40 bytes), and only
 * while they come that way: once route optimization is on, they arrive directly. */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/filter.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "config.h"
#include "eloop.h"
#include "engine.h"
#include "io_int.h"
#include "log.h"

#define HDR 40

static int fd = -1;
static struct engine *eng;

/* Destination = one of the home addresses and Next Header not MH: its header. */
static unsigned build_filter(const struct config *conf, struct sock_filter *f)
{
	unsigned n = conf->n_home_links, k, i = 0;

	for (k = 0; k < n; k++) {
		const uint8_t *a = conf->home_links[k].hoa.s6_addr;

		for (unsigned w = 0; w < 4; w++) {
			uint32_t v;
			unsigned at = 8 * k + 2 * w + 1;        /* index of this jeq */
			uint8_t jt = 0, jf = (uint8_t)(8 * (k + 1) - (at + 1));

			memcpy(&v, a + 4 * w, 4);
			if (w == 3)
				jt = (uint8_t)(8 * n + 1 - (at + 1));
			f[i++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 24 + 4 * w);
			f[i++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ntohl(v),
							      jt, jf);
		}
	}
	f[i++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, 0);
	f[i++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 6);
	f[i++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, IPPROTO_MH, 1, 0);
	f[i++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, HDR);
	f[i++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, 0);
	return i;
}

static void on_frame(int ifindex, const uint8_t *src_mac, unsigned char pkttype,
		     const void *pkt, size_t len, bool truncated)
{
	struct in6_addr src, dst;

	(void)src_mac;
	(void)truncated;        /* the filter keeps the IPv6 header only */
	/* Through the tunnel only: on one of our links it came directly. */
	if (len < HDR || pkttype != PACKET_HOST || io_link_known(ifindex, NULL))
		return;
	memcpy(&src, (const uint8_t *)pkt + 8, 16);
	memcpy(&dst, (const uint8_t *)pkt + 24, 16);
	engine_rx_tunnelled(eng, &src, &dst);
}

static void on_packet(int s, void *ctx)
{
	uint8_t buf[HDR];

	(void)ctx;
	io_pkt_drain(s, buf, sizeof(buf), on_frame, "tunnelled packets");
}

int io_ro_init(struct eloop *el, struct engine *e, const struct config *conf)
{
	struct sock_filter f[8 * CONF_MAX_HOME_LINKS + 5];
	struct sock_fprog prog = { .filter = f };
	int err;

	if (conf->role != NODE_MN || !conf->ro_mn || !conf->n_home_links)
		return 0;
	eng = e;
	prog.len = (unsigned short)build_filter(conf, f);
	fd = io_pkt_open(&prog);
	if (fd < 0)
		return fd;
	err = eloop_add_fd(el, fd, on_packet, NULL);
	if (err)
		goto fail;
	return 0;
fail:
	close(fd);
	fd = -1;
	return err;
}

void io_ro_close(struct eloop *el)
{
	if (fd < 0)
		return;
	if (el)
		eloop_del_fd(el, fd);
	close(fd);
	fd = -1;
}
