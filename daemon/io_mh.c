/* Mobility Header receive, from the wire.
 *
 * A Linux kernel drops a packet carrying a Home Address option or a type 2
 * routing header before any socket of its protocol sees it, unless an XFRM
 * state of proto hao/route2 matches (IPV6_MIP6 kernels) or always (kernels
 * without IPV6_MIP6). An AF_PACKET socket taps the packet at the device,
 * before IPv6 input, on every kernel: that is our one receive path for MH
 * (docs/design.md, "HAO/RH2 receive path"). A BPF filter keeps the copy
 * cost to the packets that can carry an MH.
 *
 * The exception: the BU and BA of a home registration under IPsec (UseMnHaIPsec,
 * RFC 3776) come through the kernel's ESP check, on the IPPROTO_MH socket of
 * io_mhk.c. What this tap sees of them is ESP (not an MH: ignored), or a plain
 * message for the pair, which the kernel drops and we only count. */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/filter.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/socket.h>
#include <unistd.h>

#include "config.h"
#include "eloop.h"
#include "engine.h"
#include "io_int.h"
#include "ip6pkt.h"
#include "log.h"
#include "mh.h"
#include "siphash.h"

#define NH_HOPOPTS 0
#define NH_ROUTING 43
#define NH_DSTOPTS 60

static int pkt_fd = -1;   /* AF_PACKET, ETH_P_IPV6, cooked */

/* First registrations wait their turn. A BU that makes a new binding costs a home agent
 * kernel work (a route, an nftables element, proxy ND: milliseconds under an emulated
 * CPU), one for an existing binding almost none. Under a flood of forged first
 * registrations the socket's queue overflowed and took the refreshes and moves of
 * existing bindings with it (docs/mip6d.md, "The flood"). So the socket is drained at
 * once: BUs for existing bindings, and everything else, are handled as they come; first
 * registrations wait in a bounded queue served for about FIRST_BUDGET_US per turn of the
 * loop, and those that find it full are dropped and counted (the sender retransmits,
 * RFC 6275 §11.8). */
#define FIRSTQ_LEN 1024
#define FIRSTQ_PKT 256
#define FIRST_BUDGET_US 2000
struct firstq_entry {
	int ifindex;
	uint16_t len;
	uint8_t pkt[FIRSTQ_PKT];
};
struct firstq {
	struct firstq_entry *e;         /* a ring of cap entries */
	unsigned cap, head, n;
};
/* A genuine mobile node sends its BU again when it gets no answer; a flood of forged
 * first registrations claims a new home address with each packet. So a first
 * registration for a home address shed recently goes to a queue of its own, served
 * first: the retransmission gets in, the flood must send each forgery twice to compete.
 * The shed addresses are remembered in two generations of a Bloom filter (two bits per
 * address, from a keyed hash a sender cannot aim), each SHED_GEN_MS long: an address
 * shed in the current or the previous generation counts as sent again. A table with one
 * slot per address (4096 of them) was overwritten by a flood of 10,000 forgeries a
 * second in under half a second, before a genuine MN's retransmission 1.5 s later; the
 * filter does not forget within a generation, and 2^23 bits each keep its false
 * positives (forgeries let into the retry queue) near 0.1 % at 160,000 addresses. */
#define RETRYQ_LEN 256
#define SHED_BITS (1u << 23)
#define SHED_GEN_MS 16000
static struct firstq firstq, retryq;    /* .e NULL on a node that is no home agent */
static uint64_t *shed[2];               /* [0] the current generation */
static bool shed_used[2];               /* a bit set in it (else its pages stay untouched) */
static uint64_t shed_gen_at;            /* ms: when the current one began */
static struct siphash_key shed_key;
static struct eloop *fq_loop;
static struct engine *eng;
static const struct config *mh_conf;    /* NULL: no pair is protected */
static io_mh_icmp_fn icmp_input;        /* io_icmp.c's, once it is open */

void io_mh_set_icmp(io_mh_icmp_fn fn)
{
	icmp_input = fn;
}

/* Accept IPv6 packets whose Next Header is MH, or an extension header
 * (hop-by-hop, routing, destination options) followed by MH or another
 * extension header; userspace walks the chain properly (ip6_parse). */
static struct sock_filter mh_filter[] = {
	BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 6),                       /* 0 */
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, IPPROTO_MH, 15, 0),      /* 1 -> 17 */
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, NH_DSTOPTS, 3, 0),       /* 2 -> 6 */
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, NH_ROUTING, 2, 0),       /* 3 -> 6 */
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, NH_HOPOPTS, 7, 0),       /* 4 -> 12 */
	BPF_STMT(BPF_RET | BPF_K, 0),                                /* 5 */
	BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 40),                      /* 6 */
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, IPPROTO_MH, 9, 0),       /* 7 -> 17 */
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, NH_DSTOPTS, 8, 0),       /* 8 -> 17 */
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, NH_ROUTING, 7, 0),       /* 9 -> 17 */
	/* ICMPv6 behind a destination options or routing header: a Mobile Prefix
	 * Solicitation (HAO) or Advertisement (RH2), for io_icmp.c. Not behind a
	 * hop-by-hop header, which every MLD report has. */
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, IPPROTO_ICMPV6, 6, 0),   /* 10 -> 17 */
	BPF_STMT(BPF_RET | BPF_K, 0),                                /* 11 */
	BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 40),                      /* 12 */
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, IPPROTO_MH, 3, 0),       /* 13 -> 17 */
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, NH_DSTOPTS, 2, 0),       /* 14 -> 17 */
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, NH_ROUTING, 1, 0),       /* 15 -> 17 */
	BPF_STMT(BPF_RET | BPF_K, 0),                                /* 16 */
	BPF_STMT(BPF_RET | BPF_K, 0xffff),                           /* 17 */
};

static void count_bad(enum pkt_err err)
{
	io_stats.mh_bad++;
	if ((unsigned)err < sizeof(io_stats.mh_bad_by_err) /
			    sizeof(io_stats.mh_bad_by_err[0]))
		io_stats.mh_bad_by_err[err]++;
}

static bool refused_source(const struct in6_addr *a)
{
	return IN6_IS_ADDR_MULTICAST(a) || IN6_IS_ADDR_UNSPECIFIED(a) || io_addr_is_local(a);
}

void io_mh_set_config(const struct config *conf)
{
	mh_conf = conf;
}

bool io_mh_protected(unsigned type, const struct in6_addr *src, const struct in6_addr *dst,
		     const struct in6_addr *hao, const struct in6_addr *rh2)
{
	if (!mh_conf || !mh_conf->use_mn_ha_ipsec)
		return false;
	/* The pair as the message names it: the HoA is the BU's home address (its
	 * source at home) and the BA's final destination. */
	if (type == MH_BU)
		return config_ipsec_covers(mh_conf, hao ? hao : src, dst);
	if (type == MH_BA)
		return config_ipsec_covers(mh_conf, rh2 ? rh2 : dst, src);
	return false;
}

/* The IPv6 packet parsed (ip), the rest of io_mh_input(). */
static int input_parsed(struct engine *e, int ifindex, const void *pkt,
			const struct ip6_info *ip)
{
	struct mh_msg m;
	struct eng_rx rx;
	const uint8_t *mh;
	enum pkt_err err;

	if (ip->proto == IPPROTO_ICMPV6)
		return icmp_input ? icmp_input(e, ifindex, ip, pkt) : 0;
	if (ip->proto != IPPROTO_MH)
		return 0;   /* extension headers in front of something else */
	/* Nobody may speak for a group, for nobody or for us: answering such a source
	 * would reflect errors at a group or at ourselves (RFC 6275 §9.2, §9.3.1). */
	if (refused_source(&ip->src) || (ip->has_hao && refused_source(&ip->hoa))) {
		count_bad(PKT_E_SOURCE);
		log_debug("MH rx from %s: dropped: %s", log_in6(&ip->src),
			  pkt_strerror(PKT_E_SOURCE));
		return PKT_E_SOURCE;
	}
	mh = (const uint8_t *)pkt + ip->l4_off;
	err = mh_decode(mh, ip->l4_len, &m);
	if (err != PKT_OK && err != PKT_E_MH_TYPE) {
		count_bad(err);
		log_debug("MH rx from %s: dropped: %s", log_in6(&ip->src),
			  pkt_strerror(err));
		return err;
	}
	/* The checksum covers the MH as its Header Len says (decode checked
	 * that it fits), with the HoA / RH2 address in the pseudo-header. */
	if (mh_verify(&ip->ph_src, &ip->ph_dst, mh, m.wire_len) != PKT_OK) {
		count_bad(PKT_E_CHECKSUM);
		log_debug("MH rx from %s: dropped: bad checksum",
			  log_in6(&ip->src));
		return PKT_E_CHECKSUM;
	}
	if (io_mh_protected(m.type, &ip->src, &ip->dst, ip->has_hao ? &ip->hoa : NULL,
			    ip->has_rh2 ? &ip->rh2_addr : NULL)) {
		io_stats.mh_unprotected++;
		log_debug("MH rx %s from %s: not through ESP, ignored (the kernel drops it)",
			  mh_type_name(m.type), log_in6(&ip->src));
		return 0;
	}
	io_stats.mh_rx++;

	memset(&rx, 0, sizeof(rx));
	rx.ifindex = ifindex;
	rx.src = ip->src;
	rx.dst = ip->dst;
	rx.has_hao = ip->has_hao;
	rx.hao = ip->hoa;
	rx.has_rh2 = ip->has_rh2;
	rx.rh2 = ip->rh2_addr;
	rx.raw = mh;
	log_debug("MH rx %s from %s to %s%s%s", mh_type_name(m.type),
		  log_in6(&ip->src), log_in6(&ip->dst),
		  ip->has_hao ? " hao " : "", ip->has_hao ? log_in6(&ip->hoa) : "");
	/* A type the codec does not know (PKT_E_MH_TYPE) still goes in, with its
	 * number: the engine answers it with a Binding Error. */
	engine_rx_mh(e, &rx, &m);
	return 0;
}

static enum pkt_err parse(const void *pkt, size_t len, struct ip6_info *ip)
{
	enum pkt_err err = ip6_parse(pkt, len, ip);

	if (err != PKT_OK) {
		count_bad(err);
		log_debug("MH rx: dropped IPv6 packet: %s", pkt_strerror(err));
	}
	return err;
}

int io_mh_input(struct engine *e, int ifindex, const void *pkt, size_t len)
{
	struct ip6_info ip;
	enum pkt_err err = parse(pkt, len, &ip);

	return err != PKT_OK ? (int)err : input_parsed(e, ifindex, pkt, &ip);
}

static bool first_registration(const struct ip6_info *ip, const void *pkt, size_t len,
			       struct in6_addr *hoa)
{
	if (!firstq.e || len > FIRSTQ_PKT || ip->proto != IPPROTO_MH || ip->l4_len < 3 ||
	    ((const uint8_t *)pkt)[ip->l4_off + 2] != MH_BU)
		return false;
	*hoa = ip->has_hao ? ip->hoa : ip->src;
	return engine_bu_is_first(eng, hoa, &ip->src);
}

static uint64_t now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

/* The two bits of hoa in a generation. */
static void shed_bits(const struct in6_addr *hoa, uint32_t bit[2])
{
	uint64_t h = siphash24(&shed_key, hoa, sizeof(*hoa));

	bit[0] = (uint32_t)h % SHED_BITS;
	bit[1] = (uint32_t)(h >> 32) % SHED_BITS;
}

static bool shed_has(const uint64_t *gen, const uint32_t bit[2])
{
	return (gen[bit[0] / 64] >> (bit[0] % 64) & 1) && (gen[bit[1] / 64] >> (bit[1] % 64) & 1);
}

/* The generation that began SHED_GEN_MS ago becomes the previous one; older is gone. */
static void shed_age(uint64_t now)
{
	uint64_t *old;

	if (now - shed_gen_at < SHED_GEN_MS)
		return;
	old = shed[1];
	if (shed_used[1])
		memset(old, 0, SHED_BITS / 8);
	shed[1] = shed[0];
	shed_used[1] = shed_used[0];
	shed[0] = old;
	shed_used[0] = false;
	/* Two generations passed without a look: the previous one is stale too. */
	if (now - shed_gen_at >= 2 * SHED_GEN_MS && shed_used[1]) {
		memset(shed[1], 0, SHED_BITS / 8);
		shed_used[1] = false;
	}
	shed_gen_at = now;
}

static bool ring_push(struct firstq *q, int ifindex, const void *pkt, size_t len)
{
	struct firstq_entry *x;

	if (q->n == q->cap)
		return false;
	x = &q->e[(q->head + q->n++) % q->cap];
	x->ifindex = ifindex;
	x->len = (uint16_t)len;
	memcpy(x->pkt, pkt, len);
	return true;
}

static void first_push(int ifindex, const struct in6_addr *hoa, const void *pkt, size_t len)
{
	uint64_t now = now_us() / 1000;
	uint32_t bit[2];
	bool again;

	shed_age(now);
	shed_bits(hoa, bit);
	again = shed_has(shed[0], bit) || shed_has(shed[1], bit);
	if (ring_push(again ? &retryq : &firstq, ifindex, pkt, len)) {
		io_stats.mh_first_queued++;
		return;
	}
	io_stats.mh_first_shed++;
	shed[0][bit[0] / 64] |= 1ull << (bit[0] % 64);
	shed[0][bit[1] / 64] |= 1ull << (bit[1] % 64);
	shed_used[0] = true;
}


static uint64_t first_deadline(void *ctx)
{
	(void)ctx;
	return firstq.n || retryq.n ? 0 : UINT64_MAX;
}

static void first_due(void *ctx)
{
	uint64_t t0 = now_us();

	(void)ctx;
	while (firstq.n || retryq.n) {
		struct firstq *q = retryq.n ? &retryq : &firstq;
		const struct firstq_entry *x = &q->e[q->head];

		q->head = (q->head + 1) % q->cap;
		q->n--;
		io_mh_input(eng, x->ifindex, x->pkt, x->len);
		if (now_us() - t0 >= FIRST_BUDGET_US)
			break;
	}
}

static void on_frame(int ifindex, const uint8_t *src_mac, unsigned char pkttype,
		     const void *pkt, size_t len, bool truncated)
{
	(void)src_mac;
	(void)pkttype;
	if (truncated)
		count_bad(PKT_E_TRUNCATED);
	else
		io_mh_rx_frame(ifindex, pkt, len);
}

static void on_packet(int fd, void *ctx)
{
	uint8_t buf[2048];

	(void)ctx;
	io_pkt_drain(fd, buf, sizeof(buf), on_frame, "MH rx");
}

void io_mh_rx_frame(int ifindex, const void *pkt, size_t len)
{
	/* Forwarded traffic (we may be the router): not ours. */
	if (len >= IP6_HDR_LEN) {
		struct in6_addr dst;

		memcpy(&dst, (const uint8_t *)pkt + 24, sizeof(dst));
		if (!io_addr_is_local(&dst)) {
			io_stats.mh_not_ours++;
			return;
		}
	}
	struct ip6_info ip;
	struct in6_addr hoa;

	/* Parsed once: the queue's choice and the input share it. */
	if (parse(pkt, len, &ip) != PKT_OK)
		return;
	if (first_registration(&ip, pkt, len, &hoa)) {
		first_push(ifindex, &hoa, pkt, len);
		return;
	}
	input_parsed(eng, ifindex, pkt, &ip);
}

static void queue_free(void)
{
	free(firstq.e);
	free(retryq.e);
	free(shed[0]);
	free(shed[1]);
	firstq = retryq = (struct firstq){ 0 };
	shed[0] = shed[1] = NULL;
	shed_used[0] = shed_used[1] = false;
	fq_loop = NULL;
}

int io_mh_queue_open(struct eloop *el, struct engine *e)
{
	int err;

	eng = e;
	firstq = (struct firstq){ .e = calloc(FIRSTQ_LEN, sizeof(*firstq.e)), .cap = FIRSTQ_LEN };
	retryq = (struct firstq){ .e = calloc(RETRYQ_LEN, sizeof(*retryq.e)), .cap = RETRYQ_LEN };
	/* calloc'd: pages are only touched (resident) as a flood sets bits. */
	shed[0] = calloc(SHED_BITS / 64, sizeof(uint64_t));
	shed[1] = calloc(SHED_BITS / 64, sizeof(uint64_t));
	shed_gen_at = now_us() / 1000;
	/* At early boot the pool may not be ready: a key from the clock then (siphash.c)
	 * only costs the retry queue some precision, not the start. */
	(void)siphash_key_random(&shed_key);
	err = !firstq.e || !retryq.e || !shed[0] || !shed[1] ? -ENOMEM
					       : eloop_add_deadline_source(el, first_deadline, first_due, NULL);
	if (err) {
		queue_free();
		return err;
	}
	fq_loop = el;
	return 0;
}

int io_mh_init(struct eloop *el, struct engine *e, const struct config *conf)
{
	struct sock_fprog prog = {
		.len = sizeof(mh_filter) / sizeof(mh_filter[0]),
		.filter = mh_filter,
	};
	int err;

	eng = e;
	mh_conf = conf;
	pkt_fd = io_pkt_open(&prog);
	if (pkt_fd < 0)
		return pkt_fd;
	/* A flood of BUs must not crowd out the legitimate ones in a small queue
	 * (docs/mip6d.md, "Benchmark: the home agent over a real link"): 4 MiB, more
	 * if root may (SO_RCVBUFFORCE), else what the system allows. */
	{
		int want = 4 << 20;

		if (setsockopt(pkt_fd, SOL_SOCKET, SO_RCVBUFFORCE, &want, sizeof(want)) < 0)
			setsockopt(pkt_fd, SOL_SOCKET, SO_RCVBUF, &want, sizeof(want));
	}
	err = eloop_add_fd(el, pkt_fd, on_packet, NULL);
	if (err)
		goto fail;
	if (conf->role == NODE_HA) {
		err = io_mh_queue_open(el, e);
		if (err)
			goto fail;
	}
	return 0;
fail:
	io_mh_close(el);
	return err;
}

void io_mh_close(struct eloop *el)
{
	if (pkt_fd >= 0) {
		if (el)
			eloop_del_fd(el, pkt_fd);
		close(pkt_fd);
	}
	pkt_fd = -1;
	mh_conf = NULL;
	if (firstq.e)
		eloop_del_deadline_source(fq_loop, first_deadline, NULL);
	queue_free();
}
