/* pcap-csum [--after EPOCH] [--from ADDR] PCAP...: verify, with the shared codec, the upper-layer checksum
 * of every Mobility Header and ICMPv6 packet in the captures, the way it was
 * on the wire (neither tcpdump nor tshark checks the MH checksum).
 *
 * Prints one line per message kind: "KIND ok N bad M", counts of BUs with
 * a Home Address option, deregistrations, BAs with a type 2 routing header
 * and accepting BAs, IPv6-in-IPv6 packets, ICMPv6 echo replies sent by
 * ADDR outside any tunnel and the Neighbor Solicitations from ADDR before the first
 * accepting BA (--from), then
 * "total ok N bad M". --after counts
 * only the packets captured after that time (seconds since the epoch,
 * decimals ok). One pass of a C reader: the lab's checks run under an
 * emulated CPU where a tcpdump per question costs seconds. Exit 0 when nothing is bad, 1 when something is, 2 on usage or
 * unreadable input. Built and run by tests/e2e/daemon-*.sh. */
#include <arpa/inet.h>
#include <pcap/pcap.h>
#include <pcap/sll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csum.h"
#include "ip6pkt.h"
#include "mh.h"
#include "nd.h"

#ifndef DLT_LINUX_SLL2
#define DLT_LINUX_SLL2 276
#endif

enum { K_BU, K_BA, K_BE, K_MH_OTHER, K_RS, K_RA, K_NS, K_NA, K_ICMP6_OTHER, K_N };
static const char *kind_name[K_N] = {
	"BU", "BA", "BE", "MH-other", "RS", "RA", "NS", "NA", "ICMPv6-other",
};
static unsigned long ok[K_N], bad[K_N];
/* What the daemon e2e tests assert on besides checksums. */
static unsigned long bu_hao, bu_dereg, ba_rh2, ba_accepted, ba_dad_failed;
static double after;
static unsigned long tunnelled, echo_replies_from, ns_from;
static bool accepted_seen;
static bool have_from;
static struct in6_addr from;

static void check(const uint8_t *p, size_t len)
{
	struct ip6_info ip;
	const uint8_t *l4;
	int k;

	if (ip6_parse(p, len, &ip) != PKT_OK)
		return;
	l4 = p + ip.l4_off;
	if (ip.proto == 41)
		tunnelled++;
	if (have_from && ip.proto == IPPROTO_ICMPV6 && ip.l4_len >= 1 && l4[0] == 129 &&
	    IN6_ARE_ADDR_EQUAL(&ip.src, &from))
		echo_replies_from++;
	/* A Neighbor Solicitation from ADDR before the first accepting BA: a mobile node
	 * back home must not send one from its home address while the home agent still
	 * defends it (RFC 6275 §11.5.4). */
	if (have_from && !accepted_seen && ip.proto == IPPROTO_ICMPV6 && ip.l4_len >= 1 &&
	    l4[0] == 135 && IN6_ARE_ADDR_EQUAL(&ip.src, &from))
		ns_from++;
	if (ip.proto == IPPROTO_MH && ip.l4_len >= 8) {
		struct mh_msg m;
		enum pkt_err e = mh_decode(l4, ip.l4_len, &m);
		size_t mlen = (e == PKT_OK || e == PKT_E_MH_TYPE) ? m.wire_len : ip.l4_len;

		switch (l4[2]) {
		case MH_BU: k = K_BU; break;
		case MH_BA: k = K_BA; break;
		case MH_BE: k = K_BE; break;
		default: k = K_MH_OTHER; break;
		}
		if (mh_verify(&ip.ph_src, &ip.ph_dst, l4, mlen) == PKT_OK)
			ok[k]++;
		else
			bad[k]++;
		if (e == PKT_OK && m.type == MH_BU) {
			bu_hao += ip.has_hao;
			bu_dereg += m.bu.lifetime_units == 0;
		} else if (e == PKT_OK && m.type == MH_BA) {
			ba_rh2 += ip.has_rh2;
			ba_accepted += m.ba.status < 128;
			accepted_seen |= m.ba.status < 128;
			ba_dad_failed += m.ba.status == BA_DAD_FAILED;
		}
	} else if (ip.proto == IPPROTO_ICMPV6 && ip.l4_len >= 4) {
		switch (l4[0]) {
		case ND_RS: k = K_RS; break;
		case ND_RA: k = K_RA; break;
		case ND_NS: k = K_NS; break;
		case ND_NA: k = K_NA; break;
		default: k = K_ICMP6_OTHER; break;
		}
		if (csum6(&ip.ph_src, &ip.ph_dst, IPPROTO_ICMPV6, l4, ip.l4_len) == 0)
			ok[k]++;
		else
			bad[k]++;
	}
}

static int read_file(const char *path)
{
	char errbuf[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr *h;
	const u_char *d;
	pcap_t *pc = pcap_open_offline(path, errbuf);
	int dlt, r;

	if (!pc) {
		fprintf(stderr, "pcap-csum: %s: %s\n", path, errbuf);
		return -1;
	}
	dlt = pcap_datalink(pc);
	while ((r = pcap_next_ex(pc, &h, &d)) == 1) {
		size_t off, proto_off;

		switch (dlt) {
		case DLT_EN10MB: off = 14; proto_off = 12; break;
		case DLT_LINUX_SLL: off = 16; proto_off = 14; break;
		case DLT_LINUX_SLL2: off = 20; proto_off = 0; break;
		case DLT_RAW: off = 0; proto_off = SIZE_MAX; break;
		default:
			fprintf(stderr, "pcap-csum: %s: link type %d not supported\n",
				path, dlt);
			pcap_close(pc);
			return -1;
		}
		if (h->caplen < off + 40 || h->caplen < h->len)
			continue;
		if (h->ts.tv_sec + h->ts.tv_usec / 1e6 <= after)
			continue;
		if (proto_off != SIZE_MAX &&
		    (d[proto_off] != 0x86 || d[proto_off + 1] != 0xdd))
			continue;
		check(d + off, h->caplen - off);
	}
	pcap_close(pc);
	return 0;
}

int main(int argc, char **argv)
{
	unsigned long tok = 0, tbad = 0;
	int first = 1;

	while (argc > first + 1 && argv[first][0] == '-' && argv[first][1] == '-') {
		const char *opt = argv[first], *val = argv[first + 1];
		char *end;

		if (!strcmp(opt, "--after")) {
			after = strtod(val, &end);
			if (*end || end == val) {
				fprintf(stderr, "pcap-csum: --after: '%s' is not a time\n", val);
				return 2;
			}
		} else if (!strcmp(opt, "--from")) {
			if (inet_pton(AF_INET6, val, &from) != 1) {
				fprintf(stderr, "pcap-csum: --from: '%s' is not an IPv6 address\n", val);
				return 2;
			}
			have_from = true;
		} else {
			break;
		}
		first += 2;
	}
	if (argc <= first || !strcmp(argv[first], "-h") || argv[first][0] == '-') {
		fprintf(stderr, "usage: pcap-csum [--after EPOCH] [--from ADDR] PCAP...\n");
		return 2;
	}
	for (int i = first; i < argc; i++)
		if (read_file(argv[i]) < 0)
			return 2;
	for (int k = 0; k < K_N; k++) {
		printf("%s ok %lu bad %lu\n", kind_name[k], ok[k], bad[k]);
		tok += ok[k];
		tbad += bad[k];
	}
	printf("BU-with-HAO %lu\nBU-dereg %lu\nBA-with-RH2 %lu\nBA-accepted %lu\n",
	       bu_hao, bu_dereg, ba_rh2, ba_accepted);
	printf("BA-dad-failed %lu\n", ba_dad_failed);
	printf("IPv6-in-IPv6 %lu\n", tunnelled);
	if (have_from)
		printf("echo-replies-from %lu\nNS-from-before-BA %lu\n", echo_replies_from,
		       ns_from);
	printf("total ok %lu bad %lu\n", tok, tbad);
	return tbad ? 1 : 0;
}
