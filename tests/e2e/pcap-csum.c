/* pcap-csum [--after EPOCH] [--before EPOCH] [--from ADDR] [--coa ADDR] [--list] [--rtt]
 * PCAP...: verify, with the shared codec, the upper-layer checksum of every Mobility
 * Header and ICMPv6 packet in the captures, the way it was on the wire (neither tcpdump
 * nor tshark checks the MH checksum), inside IPv6-in-IPv6 tunnels too.
 *
 * Prints one line per message kind: "KIND ok N bad M", then counts:
 * - home registrations (BUs with the H flag, BAs without Binding Authorization Data:
 *   an HA never sends one): BUs with a Home Address option (any BU), deregistrations,
 *   BAs with a type 2 routing header, accepting BAs, DAD failures;
 * - route optimisation (RFC 6275 §5.2): HoTI and HoT inside IPv6-in-IPv6, CoTI and
 *   CoT outside any tunnel, BUs to a correspondent (no H flag), those carrying Nonce
 *   Indices and Binding Authorization Data, their deregistrations, a correspondent's
 *   BAs (with Binding Authorization Data) and the accepting ones, ICMPv6 Parameter
 *   Problems;
 * - data outside any tunnel (not MH): ICMPv6 echo packets and all data carrying a Home
 *   Address option (from ADDR with --coa) or a type 2 routing header (to ADDR with
 *   --coa);
 * - IPv6-in-IPv6 packets, ICMPv6 echo replies sent by ADDR outside any tunnel and the
 *   Neighbor Solicitations from ADDR before the first accepting home BA (--from);
 * then "total ok N bad M". --after / --before count only the packets captured after /
 * before that time (seconds since the epoch, decimals ok). --list prints one line per
 * MH message first ("mh TIME TYPE src= dst= [hoa=] [rh2=] [tunnel=SRC>DST] [flags=]
 * [seq=] [lifetime=] [status=] [nonce=H,C] [auth] csum=ok|bad"). --rtt pairs the ICMPv6
 * echo requests sent in the time window with their replies, in the window or after it
 * (identifier, sequence number; outside tunnels), and prints "echo-requests N",
 * "echo-unanswered N" (then "unanswered seq=N t=TIME [rh2]" for up to ten of them, by
 * sequence number) and "rtt-KIND N MEDIAN MIN MAX" in ms for plain (neither a type 2
 * routing header on the request nor a Home Address option on the reply: at home, or
 * through the home agent), ro (both: route optimised) and mixed (one of them) round
 * trips. Give it the capture of the node that sends the requests.
 * One pass of a C reader: the lab's checks run under an emulated CPU where a tcpdump
 * per question costs seconds. Exit 0 when nothing is bad, 1 when something is, 2 on
 * usage or unreadable input. Built with `make all`; used by daemon/lab.sh, the
 * scenarios and tests/e2e/daemon-*.sh. */
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

/* An IPv6-in-IPv6 packet nests at most this deep (the analyzer's limit too). */
#define TUNNEL_DEPTH_MAX 4

enum { K_BU, K_BA, K_BE, K_HOTI, K_COTI, K_HOT, K_COT, K_MH_OTHER, K_RS, K_RA, K_NS, K_NA,
       K_ICMP6_OTHER, K_N };
static const char *kind_name[K_N] = {
	"BU", "BA", "BE", "HoTI", "CoTI", "HoT", "CoT", "MH-other",
	"RS", "RA", "NS", "NA", "ICMPv6-other",
};
static unsigned long ok[K_N], bad[K_N];
/* What the daemon e2e tests assert on besides checksums. */
static unsigned long bu_hao, bu_dereg, ba_rh2, ba_accepted, ba_dad_failed;
static unsigned long hoti_tun, hot_tun, coti_direct, cot_direct;
static unsigned long bu_cn, bu_cn_nonce_auth, bu_cn_dereg, ba_cn, ba_cn_accepted;
static unsigned long param_problems, echo_hao, echo_rh2, data_hao, data_rh2;
static double after, before;
static unsigned long tunnelled, echo_replies_from, ns_from;
static bool accepted_seen;
static bool have_from, have_coa, list;
static struct in6_addr from, coa;
static double now;	/* the current packet's capture time */

/* --rtt: the echo requests seen, by sequence number. */
struct echo_req {
	double t;
	uint16_t id;
	bool used, rh2;
};
static struct echo_req *reqs;
enum { RTT_PLAIN, RTT_RO, RTT_MIXED, RTT_N };
static const char *rtt_name[RTT_N] = { "plain", "ro", "mixed" };
static double *rtts[RTT_N];
static size_t n_rtt[RTT_N], cap_rtt[RTT_N];

static void rtt_add(int k, double ms)
{
	if (n_rtt[k] == cap_rtt[k]) {
		size_t c = cap_rtt[k] ? 2 * cap_rtt[k] : 256;
		double *p = realloc(rtts[k], c * sizeof(*p));

		if (!p) {
			perror("pcap-csum");
			exit(2);
		}
		rtts[k] = p;
		cap_rtt[k] = c;
	}
	rtts[k][n_rtt[k]++] = ms;
}

static unsigned long echo_requests;

/* An echo request in the time window, or a reply to one (in the window or not: the
 * round trip belongs to the request's time). */
static void echo_seen(const struct ip6_info *ip, const uint8_t *l4, bool in_window)
{
	uint16_t id = (uint16_t)(l4[4] << 8 | l4[5]), seq = (uint16_t)(l4[6] << 8 | l4[7]);
	struct echo_req *r;

	if (!reqs)
		return;
	r = &reqs[seq];
	if (l4[0] == 128 && in_window) {
		echo_requests++;
		r->t = now;
		r->id = id;
		r->rh2 = ip->has_rh2;
		r->used = true;
	} else if (l4[0] == 129 && r->used && r->id == id) {
		rtt_add(r->rh2 && ip->has_hao ? RTT_RO : r->rh2 || ip->has_hao ? RTT_MIXED : RTT_PLAIN,
			(now - r->t) * 1e3);
		r->used = false;
	}
}

/* Outside the time window: only the replies to the window's requests count. */
static void echo_reply_only(const uint8_t *p, size_t len)
{
	struct ip6_info ip;
	const uint8_t *l4;

	if (ip6_parse(p, len, &ip) != PKT_OK || ip.proto != IPPROTO_ICMPV6 || ip.l4_len < 8)
		return;
	l4 = p + ip.l4_off;
	if (l4[0] == 129)
		echo_seen(&ip, l4, false);
}

static const char *ntop(const struct in6_addr *a)
{
	static char buf[4][INET6_ADDRSTRLEN];
	static int i;

	i = (i + 1) % 4;
	return inet_ntop(AF_INET6, a, buf[i], sizeof(buf[i]));
}

static void list_mh(const struct ip6_info *ip, const struct ip6_info *outer,
		    enum pkt_err e, const struct mh_msg *m, const uint8_t *l4, bool csum_ok)
{
	printf("mh %.6f %s src=%s dst=%s", now,
	       e == PKT_OK || e == PKT_E_MH_TYPE ? mh_type_name(l4[2]) : "malformed",
	       ntop(&ip->src), ntop(&ip->dst));
	if (ip->has_hao)
		printf(" hoa=%s", ntop(&ip->hoa));
	if (ip->has_rh2)
		printf(" rh2=%s", ntop(&ip->rh2_addr));
	if (outer)
		printf(" tunnel=%s>%s", ntop(&outer->src), ntop(&outer->dst));
	if (e == PKT_OK && m->type == MH_BU)
		printf(" flags=%s%s seq=%u lifetime=%u", m->bu.flags & MH_BU_A ? "A" : "",
		       m->bu.flags & MH_BU_H ? "H" : "", m->bu.seq,
		       mh_units_to_sec(m->bu.lifetime_units));
	else if (e == PKT_OK && m->type == MH_BA)
		printf(" status=%u seq=%u lifetime=%u", m->ba.status, m->ba.seq,
		       mh_units_to_sec(m->ba.lifetime_units));
	else if (e == PKT_OK && (m->type == MH_HOT || m->type == MH_COT))
		printf(" nonce-index=%u", m->hot.nonce_index);
	if (e == PKT_OK && m->opts.has_nonce)
		printf(" nonce=%u,%u", m->opts.home_nonce_index, m->opts.coa_nonce_index);
	if (e == PKT_OK && m->opts.has_auth)
		printf(" auth");
	printf(" csum=%s\n", csum_ok ? "ok" : "bad");
}

static void check(const uint8_t *p, size_t len, const struct ip6_info *outer, int depth)
{
	struct ip6_info ip;
	const uint8_t *l4;
	int k;

	if (ip6_parse(p, len, &ip) != PKT_OK)
		return;
	l4 = p + ip.l4_off;
	if (ip.proto == 41) {
		if (!outer)
			tunnelled++;
		if (depth < TUNNEL_DEPTH_MAX)
			check(l4, ip.l4_len, &ip, depth + 1);
		return;
	}
	if (!outer && have_from && ip.proto == IPPROTO_ICMPV6 && ip.l4_len >= 1 && l4[0] == 129 &&
	    IN6_ARE_ADDR_EQUAL(&ip.src, &from))
		echo_replies_from++;
	/* A Neighbor Solicitation from ADDR before the first accepting BA: a mobile node
	 * back home must not send one from its home address while the home agent still
	 * defends it (RFC 6275 §11.5.4). */
	if (!outer && have_from && !accepted_seen && ip.proto == IPPROTO_ICMPV6 && ip.l4_len >= 1 &&
	    l4[0] == 135 && IN6_ARE_ADDR_EQUAL(&ip.src, &from))
		ns_from++;
	/* Route optimised data: a Home Address option from the care-of address, a type 2
	 * routing header to it. */
	if (!outer && ip.proto != IPPROTO_MH) {
		bool hao = ip.has_hao && (!have_coa || IN6_ARE_ADDR_EQUAL(&ip.src, &coa));
		bool rh2 = ip.has_rh2 && (!have_coa || IN6_ARE_ADDR_EQUAL(&ip.dst, &coa));
		bool echo = ip.proto == IPPROTO_ICMPV6 && ip.l4_len >= 8 &&
			    (l4[0] == 128 || l4[0] == 129);

		data_hao += hao;
		data_rh2 += rh2;
		echo_hao += echo && hao;
		echo_rh2 += echo && rh2;
		if (echo)
			echo_seen(&ip, l4, true);
	}
	if (ip.proto == IPPROTO_MH && ip.l4_len >= 8) {
		struct mh_msg m;
		enum pkt_err e = mh_decode(l4, ip.l4_len, &m);
		size_t mlen = (e == PKT_OK || e == PKT_E_MH_TYPE) ? m.wire_len : ip.l4_len;
		bool csum_ok = mh_verify(&ip.ph_src, &ip.ph_dst, l4, mlen) == PKT_OK;

		switch (l4[2]) {
		case MH_BU: k = K_BU; break;
		case MH_BA: k = K_BA; break;
		case MH_BE: k = K_BE; break;
		case MH_HOTI: k = K_HOTI; break;
		case MH_COTI: k = K_COTI; break;
		case MH_HOT: k = K_HOT; break;
		case MH_COT: k = K_COT; break;
		default: k = K_MH_OTHER; break;
		}
		if (csum_ok)
			ok[k]++;
		else
			bad[k]++;
		if (list)
			list_mh(&ip, outer, e, &m, l4, csum_ok);
		if (e != PKT_OK)
			return;
		switch (m.type) {
		case MH_BU:
			bu_hao += ip.has_hao;
			if (m.bu.flags & MH_BU_H) {
				bu_dereg += m.bu.lifetime_units == 0;
			} else {
				bu_cn++;
				bu_cn_nonce_auth += m.opts.has_nonce && m.opts.has_auth;
				bu_cn_dereg += m.bu.lifetime_units == 0;
			}
			break;
		case MH_BA:
			/* A correspondent's BA carries Binding Authorization Data (RFC 6275
			 * §6.1.8); a home agent's never does. */
			if (m.opts.has_auth) {
				ba_cn++;
				ba_cn_accepted += m.ba.status < 128;
			} else {
				ba_rh2 += ip.has_rh2;
				ba_accepted += m.ba.status < 128;
				accepted_seen |= m.ba.status < 128;
				ba_dad_failed += m.ba.status == BA_DAD_FAILED;
			}
			break;
		case MH_HOTI: hoti_tun += outer != NULL; break;
		case MH_HOT: hot_tun += outer != NULL; break;
		case MH_COTI: coti_direct += outer == NULL; break;
		case MH_COT: cot_direct += outer == NULL; break;
		}
	} else if (ip.proto == IPPROTO_ICMPV6 && ip.l4_len >= 4) {
		switch (l4[0]) {
		case ND_RS: k = K_RS; break;
		case ND_RA: k = K_RA; break;
		case ND_NS: k = K_NS; break;
		case ND_NA: k = K_NA; break;
		default: k = K_ICMP6_OTHER; break;
		}
		param_problems += l4[0] == 4;
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
		if (proto_off != SIZE_MAX &&
		    (d[proto_off] != 0x86 || d[proto_off + 1] != 0xdd))
			continue;
		now = h->ts.tv_sec + h->ts.tv_usec / 1e6;
		if (now <= after || (before > 0 && now >= before))
			echo_reply_only(d + off, h->caplen - off);
		else
			check(d + off, h->caplen - off, NULL, 0);
	}
	pcap_close(pc);
	return 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static void print_rtt(void)
{
	size_t answered = n_rtt[RTT_PLAIN] + n_rtt[RTT_RO] + n_rtt[RTT_MIXED];

	unsigned listed = 0;

	printf("echo-requests %lu\necho-unanswered %lu\n", echo_requests,
	       echo_requests - (unsigned long)answered);
	for (unsigned seq = 0; seq < 65536 && listed < 10; seq++)
		if (reqs[seq].used) {
			printf("unanswered seq=%u t=%.6f%s\n", seq, reqs[seq].t,
			       reqs[seq].rh2 ? " rh2" : "");
			listed++;
		}
	for (int k = 0; k < RTT_N; k++) {
		size_t n = n_rtt[k];
		double med = 0;

		if (!n) {
			printf("rtt-%s 0 nan nan nan\n", rtt_name[k]);
			continue;
		}
		qsort(rtts[k], n, sizeof(double), cmp_double);
		med = n % 2 ? rtts[k][n / 2] : (rtts[k][n / 2 - 1] + rtts[k][n / 2]) / 2;
		printf("rtt-%s %zu %.3f %.3f %.3f\n", rtt_name[k], n, med, rtts[k][0],
		       rtts[k][n - 1]);
	}
}

static int usage(void)
{
	fprintf(stderr, "usage: pcap-csum [--after EPOCH] [--before EPOCH] [--from ADDR] "
			"[--coa ADDR] [--list] [--rtt] PCAP...\n");
	return 2;
}

static bool parse_time(const char *opt, const char *val, double *out)
{
	char *end;

	*out = strtod(val, &end);
	if (*end || end == val) {
		fprintf(stderr, "pcap-csum: %s: '%s' is not a time\n", opt, val);
		return false;
	}
	return true;
}

static bool parse_addr(const char *opt, const char *val, struct in6_addr *out)
{
	if (inet_pton(AF_INET6, val, out) != 1) {
		fprintf(stderr, "pcap-csum: %s: '%s' is not an IPv6 address\n", opt, val);
		return false;
	}
	return true;
}

int main(int argc, char **argv)
{
	unsigned long tok = 0, tbad = 0;
	bool rtt = false;
	int first = 1;

	while (argc > first + 1 && argv[first][0] == '-' && argv[first][1] == '-') {
		const char *opt = argv[first], *val = argv[first + 1];

		if (!strcmp(opt, "--list")) {
			list = true;
			first++;
			continue;
		}
		if (!strcmp(opt, "--rtt")) {
			rtt = true;
			first++;
			continue;
		}
		if (!strcmp(opt, "--after")) {
			if (!parse_time(opt, val, &after))
				return 2;
		} else if (!strcmp(opt, "--before")) {
			if (!parse_time(opt, val, &before))
				return 2;
		} else if (!strcmp(opt, "--from")) {
			if (!parse_addr(opt, val, &from))
				return 2;
			have_from = true;
		} else if (!strcmp(opt, "--coa")) {
			if (!parse_addr(opt, val, &coa))
				return 2;
			have_coa = true;
		} else {
			break;
		}
		first += 2;
	}
	if (argc <= first || !strcmp(argv[first], "-h") || argv[first][0] == '-')
		return usage();
	if (rtt && !(reqs = calloc(65536, sizeof(*reqs)))) {
		perror("pcap-csum");
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
	printf("HoTI-tunnelled %lu\nHoT-tunnelled %lu\nCoTI-direct %lu\nCoT-direct %lu\n",
	       hoti_tun, hot_tun, coti_direct, cot_direct);
	printf("BU-cn %lu\nBU-cn-nonce-auth %lu\nBU-cn-dereg %lu\nBA-cn %lu\nBA-cn-accepted %lu\n",
	       bu_cn, bu_cn_nonce_auth, bu_cn_dereg, ba_cn, ba_cn_accepted);
	printf("ICMPv6-param-problem %lu\n", param_problems);
	printf("echo-with-HAO %lu\necho-with-RH2 %lu\ndata-with-HAO %lu\ndata-with-RH2 %lu\n",
	       echo_hao, echo_rh2, data_hao, data_rh2);
	printf("IPv6-in-IPv6 %lu\n", tunnelled);
	if (have_from)
		printf("echo-replies-from %lu\nNS-from-before-BA %lu\n", echo_replies_from,
		       ns_from);
	if (rtt)
		print_rtt();
	printf("total ok %lu bad %lu\n", tok, tbad);
	return tbad ? 1 : 0;
}
