/* libFuzzer harness over mip6d's two receive entry points: io_mh_input() (whole IPv6
 * packets as the AF_PACKET socket delivers them) and io_nd_input() (ICMPv6 messages as
 * the raw ICMPv6 socket delivers them), and the DHAAD/MPS/MPA codec alone (whatever it
 * decodes must encode and decode again to the same message), and io_icmp_input() (DHAAD
 * and ICMPv6 errors as the raw socket delivers them). The first input byte
 * picks the path and, for ND, the hop limit; the engine's inputs are sinks that touch every field they get.
 * FUZZ_SEEDS=DIR writes seeds there (a BU with a HAO, a BA with a type 2 routing header,
 * an RA with a prefix) and exits.
 *   make daemon-io-fuzz FUZZ_SECONDS=60 */
#include <arpa/inet.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "dhaad.h"
#include "eloop.h"
#include "engine.h"
#include "io_int.h"
#include "ip6pkt.h"
#include "log.h"

struct io_stats io_stats;
static volatile uint64_t sink;

static void eat(const void *p, size_t n)
{
	const uint8_t *b = p;

	for (size_t i = 0; i < n; i++)
		sink += b[i];
}

void engine_rx_mh(struct engine *e, const struct eng_rx *rx, const struct mh_msg *m)
{ (void)e; eat(rx, sizeof(*rx)); eat(m, sizeof(*m)); }
void engine_rx_ra(struct engine *e, const struct eng_ra *ra)
{ (void)e; eat(ra, sizeof(*ra)); }
void engine_rx_icmp(struct engine *e, const struct eng_rx *rx, const struct dhaad_msg *m)
{ (void)e; eat(rx, sizeof(*rx)); eat(m, sizeof(*m)); }
void engine_rx_icmp_err(struct engine *e, const struct eng_icmp_err *err)
{ (void)e; eat(err, sizeof(*err)); }
void engine_ha_dad_conflict(struct engine *e, int ifindex, const struct in6_addr *hoa)
{ (void)e; sink += (uint64_t)ifindex; eat(hoa, sizeof(*hoa)); }

int io_tx_packet(int ifindex, const void *pkt, size_t len)
{ (void)ifindex; eat(pkt, len); return 0; }
bool engine_bu_is_first(const struct engine *e, const struct in6_addr *hoa,
			const struct in6_addr *src)
{ (void)e; (void)src; eat(hoa, sizeof(*hoa)); return false; }
int eloop_add_deadline_source(struct eloop *el, eloop_deadline_fn deadline,
			      eloop_due_fn due, void *ctx)
{ (void)el; (void)deadline; (void)due; (void)ctx; return 0; }
void eloop_del_deadline_source(struct eloop *el, eloop_deadline_fn deadline, void *ctx)
{ (void)el; (void)deadline; (void)ctx; }
int io_tx_packet_l2(int ifindex, const uint8_t mac[6], const void *pkt, size_t len)
{ (void)ifindex; eat(mac, 6); eat(pkt, len); return 0; }
bool io_link_known(int ifindex, char *name) { (void)ifindex; (void)name; return true; }
bool io_addr_is_local(const struct in6_addr *a) { (void)a; return false; }
bool io_usable_linklocal(int ifindex, struct in6_addr *out, bool *optimistic)
{ (void)ifindex; (void)out; (void)optimistic; return false; }
int eloop_add_fd(struct eloop *el, int fd, void (*fn)(int, void *), void *ctx)
{ (void)el; (void)fd; (void)fn; (void)ctx; return 0; }
void eloop_del_fd(struct eloop *el, int fd) { (void)el; (void)fd; }

/* head: the bytes that pick the path (and the hop limit) before the packet. */
static void seed(const char *dir, const char *name, const char *head, const void *b, size_t n)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/seed-%s", dir, name);
	f = fopen(path, "wb");
	if (!f || fputs(head, f) == EOF || fwrite(b, 1, n, f) != n || fclose(f)) {
		perror(path);
		exit(1);
	}
}

static void write_seeds(const char *dir)
{
	static const uint8_t ra[] = {
		134, 0, 0, 0, 64, 0x20, 0x07, 0x08, 0, 0, 0, 0, 0, 0, 0, 0,     /* H, 1800 s */
		3, 4, 64, 0xc0, 0, 1, 0x51, 0x80, 0, 0, 0x38, 0x40, 0, 0, 0, 0, /* prefix */
		0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		1, 1, 2, 0, 0, 0, 0, 1,                                         /* SLLA */
		7, 1, 0, 0, 0, 0, 0x03, 0xe8,                                   /* interval */
	};
	struct in6_addr hoa, coa, ha;
	struct ip6_spec bu = { .hoa = &hoa }, ba = { .rh2 = &hoa };
	struct mh_msg m;
	uint8_t pkt[512];
	size_t n;

	inet_pton(AF_INET6, "2001:db8::beef", &hoa);
	inet_pton(AF_INET6, "2001:db8:a::20", &coa);
	inet_pton(AF_INET6, "2001:db8::1", &ha);
	bu.src = ba.dst = coa;
	bu.dst = ba.src = ha;
	mh_bu_init(&m, 7, MH_BU_A | MH_BU_H, 3600);
	if (ip6_build_mh(&bu, &m, pkt, sizeof(pkt), &n) == PKT_OK)
		seed(dir, "bu", "\x02", pkt, n);
	mh_ba_init(&m, 0, 7, 3600, 2700);
	if (ip6_build_mh(&ba, &m, pkt, sizeof(pkt), &n) == PKT_OK)
		seed(dir, "ba", "\x02", pkt, n);
	{
		/* A solicitation for the home address the proxy answers for (HaProxyNd). */
		uint8_t ns[32] = { 135, 0, 0, 0, 0, 0, 0, 0 };
		struct ip6_spec nss = { .src = coa, .dst = hoa, .hop_limit = 255 };

		memcpy(ns + 8, &hoa, 16);
		ns[24] = 1;
		ns[25] = 1;
		if (ip6_build_icmp6(&nss, ns, sizeof(ns), pkt, sizeof(pkt), &n) == PKT_OK)
			seed(dir, "proxy-ns", "\x08", pkt, n);
	}
	{
		/* An MPA with its type 2 routing header, an MPS with its HAO, and an error
		 * quoting a tunnelled packet. */
		struct dhaad_msg d = { .type = ICMP6_MP_ADV, .id = 9, .n_prefix = 1 };
		uint8_t icmp[64], err[8 + 48] = { 1, 4 };
		size_t il;

		d.prefix[0].prefix = hoa;
		d.prefix[0].len = 64;
		d.prefix[0].valid = 3600;
		if (dhaad_encode(&d, NULL, NULL, icmp, sizeof(icmp), &il) == PKT_OK &&
		    ip6_build_icmp6(&ba, icmp, il, pkt, sizeof(pkt), &n) == PKT_OK)
			seed(dir, "mpa-pkt", "\x02", pkt, n);
		d = (struct dhaad_msg){ .type = ICMP6_MP_SOL, .id = 9 };
		if (dhaad_encode(&d, NULL, NULL, icmp, sizeof(icmp), &il) == PKT_OK &&
		    ip6_build_icmp6(&bu, icmp, il, pkt, sizeof(pkt), &n) == PKT_OK)
			seed(dir, "mps-pkt", "\x02", pkt, n);
		err[8] = 0x60;
		err[8 + 5] = 8;
		err[8 + 6] = 41;
		err[8 + 7] = 64;
		memcpy(err + 16, &coa, 16);
		memcpy(err + 32, &ha, 16);
		seed(dir, "icmp-error", "\x0c", err, sizeof(err));
	}
	seed(dir, "ra", "\x81\xff", ra, sizeof(ra));
	seed(dir, "dhaad-reply", "\x04",
	     (const uint8_t[]){ 145, 0, 0, 0, 0, 1, 0, 0,
				0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 }, 24);
	seed(dir, "dhaad-reply-sock", "\x0c",
	     (const uint8_t[]){ 145, 0, 0, 0, 0, 1, 0, 0,
				0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 }, 24);
	seed(dir, "mpa", "\x04",
	     (const uint8_t[]){ 147, 0, 0, 0, 0, 1, 0x80, 0,
				3, 4, 64, 0xe0, 0, 1, 0x51, 0x80, 0, 0, 0x38, 0x40, 0, 0, 0, 0,
				0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 }, 40);
}

/* A decoded message encodes, and decodes again to itself. */
static void dhaad_round_trip(const uint8_t *data, size_t size)
{
	static struct dhaad_msg m, again;
	static uint8_t buf[2048];
	size_t len;

	if (dhaad_decode(data, size, &m) != PKT_OK)
		return;
	m.n_addr_dropped = 0;
	m.n_prefix_dropped = 0;
	m.n_unknown_opts = 0;
	if (dhaad_encode(&m, NULL, NULL, buf, sizeof(buf), &len) != PKT_OK ||
	    dhaad_decode(buf, len, &again) != PKT_OK ||
	    memcmp(&m, &again, sizeof(m)) != 0)
		abort();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *dir = getenv("FUZZ_SEEDS");

	(void)argc, (void)argv;
	if (dir) {
		write_seeds(dir);
		exit(0);
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct config conf;
	static const struct in6_addr ll = { .s6_addr = { 0xfe, 0x80, [15] = 1 } };
	static struct in6_addr proxied;

	if (size < 2)
		return 0;
	if (!conf.role) {
		conf.role = NODE_MN;
		log_init(0, NULL);
		io_nd_set_engine(NULL, &conf);
		/* MPS/MPA behind their extension headers reach io_icmp.c as in mip6d. */
		io_mh_set_icmp(io_icmp_input_pkt);
		/* HaProxyNd mip6d: one home address answered for on link 1. */
		inet_pton(AF_INET6, "2001:db8::beef", &proxied);
		io_proxy_add(1, &proxied);
	}
	if ((data[0] & 0x0c) == 0x0c) {
		/* The raw socket's path: DHAAD messages and errors, from fe80::1 to it. */
		io_icmp_input(NULL, 1, &ll, &ll, data + 1, size - 1);
	} else if (data[0] & 4)
		dhaad_round_trip(data + 1, size - 1);
	else if (data[0] & 8)
		io_proxy_input(1, data[0] & 0x80 ? NULL : (const uint8_t *)"\x02\0\0\0\0\x01",
			       data + 1, size - 1);
	else if (data[0] & 1)
		io_nd_input(1, &ll, data[0] & 0x80 ? 255 : data[1], data + 2, size - 2);
	else
		io_mh_input(NULL, 1, data + 1, size - 1);
	return 0;
}
