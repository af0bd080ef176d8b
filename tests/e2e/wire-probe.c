/* wire-probe: the send and receive halves of mip6d's MH path, alone, for kernels where
 * mip6d itself cannot run (no ip6_tunnel): a BU with a Home Address option or a BA with
 * a type 2 routing header built by the shared codec and written whole to an IPPROTO_RAW
 * socket; an AF_PACKET socket that waits for one and verifies it with the codec.
 *
 *   wire-probe send-bu SRC DST HOA [SEQ [LIFETIME_S]] | send-ba SRC DST HOA
 *   wire-probe recv TIMEOUT_S      prints "BU hao 1 rh2 0 checksum ok" and exits 0
 * Exit 1 on a socket error or timeout, 2 on usage. Used by tests/e2e/host-wire.sh, and by
 * tests/e2e/daemon-veth.sh to send a BU of its own (another sequence number, another HA
 * address) to a running home agent. */
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "ip6pkt.h"

static int usage(void)
{
	fprintf(stderr, "usage: wire-probe send-bu SRC DST HOA [SEQ [LIFETIME_S]] | "
		"send-ba SRC DST HOA | recv TIMEOUT_S\n");
	return 2;
}

static int recv_one(int timeout_s)
{
	int fd = socket(AF_PACKET, SOCK_DGRAM, htons(ETH_P_IPV6));
	struct timeval tv = { .tv_sec = timeout_s };
	uint8_t buf[2048];

	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) < 0) {
		perror("wire-probe: packet socket");
		return 1;
	}
	for (;;) {
		struct ip6_info ip;
		struct mh_msg m;
		ssize_t n = recv(fd, buf, sizeof(buf), 0);

		if (n < 0) {
			perror("wire-probe: recv");
			return 1;
		}
		if (ip6_parse(buf, (size_t)n, &ip) != PKT_OK || ip.proto != IPPROTO_MH ||
		    mh_decode(buf + ip.l4_off, ip.l4_len, &m) != PKT_OK)
			continue;
		printf("%s hao %d rh2 %d checksum %s\n", mh_type_name(m.type), ip.has_hao,
		       ip.has_rh2, mh_verify(&ip.ph_src, &ip.ph_dst, buf + ip.l4_off,
					     m.wire_len) == PKT_OK ? "ok" : "bad");
		return 0;
	}
}

int main(int argc, char **argv)
{
	struct in6_addr src, dst, hoa;
	struct ip6_spec sp;
	struct mh_msg m;
	struct sockaddr_in6 to = { .sin6_family = AF_INET6 };
	uint8_t pkt[256];
	size_t len;
	int fd;

	if (argc == 3 && !strcmp(argv[1], "recv"))
		return recv_one(atoi(argv[2]));
	unsigned long seq = 1, life = 60;
	char *end;

	if (argc >= 6 && !strcmp(argv[1], "send-bu")) {
		seq = strtoul(argv[5], &end, 10);
		if (*end || seq > 65535)
			return usage();
		if (argc == 7 && ((life = strtoul(argv[6], &end, 10)) > 262140 || *end))
			return usage();
		if (argc > 7)
			return usage();
		argc = 5;
	}
	if (argc != 5 || (strcmp(argv[1], "send-bu") && strcmp(argv[1], "send-ba")) ||
	    inet_pton(AF_INET6, argv[2], &src) != 1 || inet_pton(AF_INET6, argv[3], &dst) != 1 ||
	    inet_pton(AF_INET6, argv[4], &hoa) != 1)
		return usage();
	memset(&sp, 0, sizeof(sp));
	memset(&m, 0, sizeof(m));
	sp.src = src;
	sp.dst = dst;
	if (!strcmp(argv[1], "send-bu")) {
		sp.hoa = &hoa;
		mh_bu_init(&m, (uint16_t)seq, MH_BU_A | MH_BU_H, (uint32_t)life);
	} else {
		sp.rh2 = &hoa;
		m.type = MH_BA;
		m.ba.seq = 1;
		m.ba.lifetime_units = 15;
	}
	if (ip6_build_mh(&sp, &m, pkt, sizeof(pkt), &len) != PKT_OK)
		return usage();
	fd = socket(AF_INET6, SOCK_RAW, IPPROTO_RAW);
	to.sin6_addr = dst;
	if (fd < 0 || sendto(fd, pkt, len, 0, (struct sockaddr *)&to, sizeof(to)) < 0) {
		perror("wire-probe: send");
		return 1;
	}
	return 0;
}
