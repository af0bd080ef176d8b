/* libFuzzer harness over the rtnetlink parsing mip6d does on what the kernel sends: the
 * link/address monitor (io_nlmon_parse: RTM_NEWLINK/DELLINK/NEWADDR/DELADDR into engine
 * events and the local address list) and the route dump's entries (kern_route_parse).
 *
 * Input: byte 0 picks the parser (bit 0: routes, else the monitor), whether the rest is
 * one datagram as is (bit 1) or messages built from it (valid headers, fuzzed fixed
 * parts and attributes, lengths that lie now and then), and the configured interfaces
 * (bits 2-3). A built message is: a selector byte (message type, how its nlmsg_len
 * lies, whether its fixed part is kept plausible), the fixed part's bytes, an attribute
 * count and the attributes (type, length with the same lies, data; a length byte with
 * bit 7 set takes the data from a pool of addresses and names). The monitor keeps its
 * tables across the datagrams of one input and starts empty for the next.
 *
 *   make daemon-netlink-fuzz FUZZ_SECONDS=60 */
#include <arpa/inet.h>
#include <libmnl/libmnl.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/lwtunnel.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "fuzz_util.h"
#include "engine.h"
#include "io_int.h"
#include "kern.h"
#include "nl_recv.h"
#include "log.h"

static struct config conf;

/* ---- what io_nlmon reports: recorded and checked ---- */

#define NIF 8
static struct {
	bool known;
	enum eng_link_state state;
} seen[NIF];

static bool wanted(const char *name)
{
	return config_has_iface(&conf, name);
}

void engine_link_event(struct engine *e, int ifindex, const char *ifname,
		       enum eng_link_state st)
{
	char name[IF_NAMESIZE];

	(void)e;
	CHECK(ifname && strnlen(ifname, IF_NAMESIZE) < IF_NAMESIZE && wanted(ifname),
	      "link event for an interface not configured");
	CHECK((unsigned)st <= ENG_LINK_ASSOCIATED, "link state %d", st);
	CHECK(io_link_known(ifindex, name) && !strcmp(name, ifname),
	      "link event for %d that the monitor does not know as %s", ifindex, ifname);
	/* The monitor reports changes only. */
	if (ifindex >= 0 && ifindex < NIF) {
		CHECK(!seen[ifindex].known || seen[ifindex].state != st,
		      "link %d reported %d twice", ifindex, st);
		seen[ifindex].known = true;
		seen[ifindex].state = st;
	}
}

void engine_addr_event(struct engine *e, int ifindex, const struct in6_addr *addr,
		       uint8_t plen, enum eng_addr_state st)
{
	struct in6_addr ll;
	bool opt;

	(void)e, (void)plen;
	CHECK((unsigned)st <= ENG_ADDR_REMOVED, "address state %d", st);
	CHECK(io_link_known(ifindex, NULL), "address event on %d, a link not watched", ifindex);
	/* The local list follows the news, one entry per address (a removal on any link
	 * forgets it); it only misses one when memory ran out. */
	CHECK(io_addr_is_local(addr) == (st != ENG_ADDR_REMOVED),
	      "address %s local list disagrees", st == ENG_ADDR_REMOVED ? "removed:" : "added:");
	if (io_usable_linklocal(ifindex, &ll, &opt))
		CHECK(IN6_IS_ADDR_LINKLOCAL(&ll), "a usable link-local that is not one");
}

int eloop_add_fd(struct eloop *el, int fd, void (*fn)(int, void *), void *ctx)
{ (void)el; (void)fd; (void)fn; (void)ctx; return 0; }
void eloop_del_fd(struct eloop *el, int fd) { (void)el; (void)fd; }

static void route_seen(const struct kern_route *r, void *ctx)
{
	size_t *n = ctx;

	(*n)++;
	CHECK(r->plen >= 0 && r->plen <= 255, "route prefix length %d", r->plen);
	log_debug("route %s/%d table %u oif %d metric %u encap %s", log_in6(&r->dst), r->plen,
		  r->table, r->ifindex, r->metric, log_in6(&r->encap_dst));
}

/* ---- input ---- */

struct in {
	const uint8_t *p;
	size_t n;
};

static uint8_t u8(struct in *in)
{
	if (!in->n)
		return 0;
	in->n--;
	return *in->p++;
}

static const char *const names[] = { "eth0", "wlan0", "wlan1", "lo", "eth0x", "" };
static const char *const addrs[] = {
	"2001:db8::1", "2001:db8::beef", "fe80::1", "fe80::beef", "::", "ff02::1",
	"2001:db8:a::20", "::ffff:192.0.2.1",
};

/* An nlmsg_len or nla_len: right, or lying by a little or a lot. */
static uint32_t lie(uint8_t how, uint32_t len, uint8_t by)
{
	switch (how & 3) {
	case 1: return len + by;
	case 2: return len > by ? len - by : 0;
	case 3: return by & 1 ? 0xffff : 0;
	}
	return len;
}

/* Appends attributes to buf at *off (cap bytes): count, then each one. */
static void put_attrs(struct in *in, uint8_t *buf, size_t *off, size_t cap, int depth)
{
	unsigned n = u8(in) % 8;

	for (unsigned i = 0; i < n; i++) {
		uint8_t type = u8(in), lb = u8(in), how = u8(in);
		struct nlattr *a = (struct nlattr *)(buf + *off);
		size_t start = *off, dlen;

		if (cap - *off < NLA_HDRLEN + 256)
			return;
		*off += NLA_HDRLEN;
		if (type == RTA_ENCAP && (how & 4) && depth == 0) {
			put_attrs(in, buf, off, cap, 1);
		} else if (lb & 0x80) {
			struct in6_addr x;
			const char *s = names[lb % 6];

			if (lb & 0x40) {
				inet_pton(AF_INET6, addrs[lb % 8], &x);
				memcpy(buf + *off, &x, sizeof(x));
				*off += sizeof(x);
			} else {
				memcpy(buf + *off, s, strlen(s) + !(how & 8));  /* NUL or none */
				*off += strlen(s) + !(how & 8);
			}
		} else {
			for (unsigned k = 0; k < lb; k++)
				buf[(*off)++] = u8(in);
		}
		dlen = *off - start;
		a->nla_type = (uint16_t)(type | (how & 0x80 ? NLA_F_NESTED : 0));
		a->nla_len = (uint16_t)lie(how >> 4, (uint32_t)dlen, how & 7);
		while (*off % NLA_ALIGNTO)
			buf[(*off)++] = 0;
	}
}

static const uint16_t msg_types[8] = {
	RTM_NEWLINK, RTM_DELLINK, RTM_NEWADDR, RTM_DELADDR, RTM_NEWROUTE, NLMSG_DONE,
	NLMSG_ERROR, RTM_DELROUTE,
};

/* One message at *off: the fixed part by type, then attributes. */
static void put_msg(struct in *in, uint8_t *buf, size_t *off, size_t cap)
{
	uint8_t sel = u8(in), by = u8(in);
	struct nlmsghdr *h = (struct nlmsghdr *)(buf + *off);
	size_t start = *off, fixed;
	uint8_t *p;

	if (cap - *off < 1024)
		return;
	memset(h, 0, NLMSG_HDRLEN);
	h->nlmsg_type = msg_types[sel & 7];
	h->nlmsg_seq = sel & 0x80 ? 0 : u8(in);
	*off += NLMSG_HDRLEN;
	p = buf + *off;
	switch (h->nlmsg_type) {
	case RTM_NEWLINK:
	case RTM_DELLINK: fixed = sizeof(struct ifinfomsg); break;
	case RTM_NEWADDR:
	case RTM_DELADDR: fixed = sizeof(struct ifaddrmsg); break;
	case NLMSG_ERROR: fixed = sizeof(struct nlmsgerr); break;
	case NLMSG_DONE: fixed = 4; break;
	default: fixed = sizeof(struct rtmsg); break;
	}
	if (sel & 0x40)
		fixed = u8(in) % (fixed + 1);   /* a fixed part cut short */
	for (size_t i = 0; i < fixed; i++)
		p[i] = u8(in);
	/* Plausible: IPv6, a small interface index, so that the tables fill. */
	if (!(sel & 0x20) && (h->nlmsg_type == RTM_NEWADDR || h->nlmsg_type == RTM_DELADDR) &&
	    fixed == sizeof(struct ifaddrmsg)) {
		struct ifaddrmsg *ifa = (struct ifaddrmsg *)p;

		ifa->ifa_family = AF_INET6;
		ifa->ifa_index %= NIF;
	} else if (!(sel & 0x20) && fixed == sizeof(struct ifinfomsg) &&
		   (h->nlmsg_type == RTM_NEWLINK || h->nlmsg_type == RTM_DELLINK)) {
		((struct ifinfomsg *)p)->ifi_index %= NIF;
	} else if (!(sel & 0x20) && fixed == sizeof(struct rtmsg)) {
		((struct rtmsg *)p)->rtm_family = AF_INET6;
	}
	*off += NLMSG_ALIGN(fixed);
	put_attrs(in, buf, off, cap, 0);
	h->nlmsg_len = lie(sel >> 3, (uint32_t)(*off - start), by);
}

/* One datagram, in a buffer of its size: a parser reading past it meets ASan. */
static void feed(bool routes, const uint8_t *data, size_t len)
{
	uint8_t *buf = malloc(len ? len : 1);
	size_t n_routes = 0;
	int left = (int)len;

	if (!buf)
		return;
	memcpy(buf, data, len);
	if (!routes)
		io_nlmon_parse(buf, len);
	/* kern_nl_read's walk: whole messages only, NLMSG_DONE and errors its own. */
	for (const struct nlmsghdr *h = (const void *)buf; routes && nl_msg_ok(h, left);
	     h = mnl_nlmsg_next(h, &left))
		if (h->nlmsg_type != NLMSG_DONE && h->nlmsg_type != NLMSG_ERROR)
			kern_route_parse(h, route_seen, &n_routes);
	free(buf);
}

static void write_seeds(const char *dir);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char err[600];
	const char *seeds = getenv("FUZZ_SEEDS");

	(void)argc, (void)argv;
	log_init(getenv("FUZZ_NETLINK_LOG") ? LOG_LVL_DEBUG : 0, NULL);
	if (config_parse(&conf, "fuzz.conf", "NodeConfig HA;\nInterface \"eth0\";\n"
			 "Interface \"wlan0\";\n", err, sizeof(err)) < 0) {
		fprintf(stderr, "%s\n", err);
		exit(1);
	}
	io_nlmon_set_engine(NULL, &conf);
	if (seeds) {
		write_seeds(seeds);
		exit(0);
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Larger than any datagram the monitor reads (io_nlmon.c: two pages), aligned. */
	static uint32_t words[16384 / 4];
	uint8_t *buf = (uint8_t *)words;
	struct in in = { data + 1, size ? size - 1 : 0 };
	bool routes;

	if (!size)
		return 0;
	routes = data[0] & 1;
	memset(seen, 0, sizeof(seen));
	conf.n_ifaces = 1 + ((data[0] >> 2) & 1);
	if (data[0] & 2) {
		feed(routes, in.p, in.n < sizeof(words) ? in.n : sizeof(words));
	} else {
		while (in.n) {
			size_t off = 0;
			unsigned msgs = 1 + u8(&in) % 8, cut = u8(&in);

			for (unsigned i = 0; i < msgs && in.n; i++)
				put_msg(&in, buf, &off, sizeof(words));
			/* Now and then a datagram that ends inside its last message. */
			if (cut >= 0xf0 && off > (size_t)(cut & 15))
				off -= cut & 15;
			feed(routes, buf, off);
		}
	}
	io_nlmon_close(NULL);
	return 0;
}

/* ---- seeds ---- */

static const uint8_t seed_link_addr[] = {
	0x00,                           /* monitor, messages */
	0x02, 0x00,                     /* three messages, no cut */
	/* RTM_NEWLINK eth0 up and running, index 2 */
	0x80, 0x00, 0, 0, 0, 0, 2, 0, 0, 0, 0x41, 0, 0, 0, 0, 0, 0, 0,
	0x01, 0x03, 0x84, 0x00,         /* IFLA_IFNAME "eth0" */
	/* RTM_NEWADDR 2001:db8::beef/64 on 2 */
	0x82, 0x00, 10, 64, 0, 0, 2, 0, 0, 0,
	0x01, 0x01, 0xc1, 0x00,         /* IFA_ADDRESS */
	/* RTM_NEWADDR fe80::beef tentative optimistic (IFA_FLAGS) */
	0x82, 0x00, 10, 64, 0x40, 0, 2, 0, 0, 0,
	0x02, 0x01, 0xc3, 0x00, 0x08, 0x04, 0x00, 0x44, 0, 0, 0,
	0x01, 0x00,                     /* then: deleted address, link down */
	0x83, 0x00, 10, 64, 0, 0, 2, 0, 0, 0,
	0x01, 0x02, 0xc1, 0x00,         /* IFA_LOCAL */
	0x81, 0x00, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0x01, 0x03, 0x84, 0x00,
};

static const uint8_t seed_route[] = {
	0x01,                           /* routes, messages */
	0x01, 0x00,                     /* two messages */
	/* RTM_NEWROUTE ::/0 dst_len 64 table 254 */
	0x84, 0x00, 10, 64, 0, 0, 254, 0, 0, 0, 0, 0, 0, 0,
	0x04,
	0x01, 0xc1, 0x00,                               /* RTA_DST */
	0x04, 0x04, 0x00, 3, 0, 0, 0,                   /* RTA_OIF */
	0x0f, 0x04, 0x00, 100, 0, 0, 0,                 /* RTA_TABLE */
	0x16, 0x00, 0x04, 0x02,                         /* RTA_ENCAP, nested: */
	0x02, 0xc6, 0x00, 0x03, 0xc1, 0x00,             /* LWTUNNEL_IP6_DST, _SRC */
	0x85, 0x00, 0, 0, 0, 0,                         /* NLMSG_DONE */
	0x00,
};

static void write_seeds(const char *dir)
{
	static const struct fuzz_seed s[] = {
		{ "link-addr", seed_link_addr, sizeof(seed_link_addr) },
		{ "route", seed_route, sizeof(seed_route) },
	};
	fuzz_write_seeds(dir, s, sizeof(s) / sizeof(s[0]));
}
