/* rtnetlink monitor: link state (the L2 trigger) and IPv6 address state
 * (DAD done, optimistic, failed, removed) of the configured interfaces,
 * reported to the engine once at start and on every change. */
#include <errno.h>
#include <libmnl/libmnl.h>
#include <net/if.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config.h"
#include "eloop.h"
#include "engine.h"
#include "io_int.h"
#include "log.h"
#include "nl_recv.h"

#define MAX_LINKS 32
#define MAX_ADDRS 128

static struct mnl_socket *mon;
static struct engine *eng;
static const struct config *cfg;
static unsigned int dump_seq;
static uint64_t foreign;        /* messages from other processes, dropped */

static struct link_seen {
	int ifindex;
	char name[IF_NAMESIZE];
	enum eng_link_state state;
} links[MAX_LINKS];
static int n_links;

static struct addr_seen {
	int ifindex;
	struct in6_addr addr;
	enum eng_addr_state state;
	bool optimistic;
	int plen;
} addrs[MAX_ADDRS];
static int n_addrs;

static bool wanted_ifname(const char *name)
{
	if (config_has_iface(cfg, name))
		return true;
	for (unsigned i = 0; i < cfg->n_home_links; i++)
		if (!strcmp(cfg->home_links[i].ifname, name))
			return true;
	return false;
}

static struct link_seen *link_find(int ifindex)
{
	for (int i = 0; i < n_links; i++)
		if (links[i].ifindex == ifindex)
			return &links[i];
	return NULL;
}

bool io_link_known(int ifindex, char *name)
{
	struct link_seen *l = link_find(ifindex);

	if (l && name)
		memcpy(name, l->name, IF_NAMESIZE);
	return l != NULL;
}

bool io_usable_linklocal(int ifindex, struct in6_addr *out, bool *optimistic)
{
	for (int i = 0; i < n_addrs; i++)
		if (addrs[i].ifindex == ifindex &&
		    addrs[i].state == ENG_ADDR_USABLE &&
		    IN6_IS_ADDR_LINKLOCAL(&addrs[i].addr)) {
			*out = addrs[i].addr;
			*optimistic = addrs[i].optimistic;
			return true;
		}
	return false;
}

/* Every IPv6 address of this namespace, watched interface or not (tunnels
 * included): an MH packet for any other destination was only passing
 * through (we may be a router) and is none of our business. */
static struct in6_addr *local;
static size_t n_local, cap_local;

static void local_update(const struct in6_addr *a, bool present)
{
	size_t i;

	for (i = 0; i < n_local; i++)
		if (IN6_ARE_ADDR_EQUAL(&local[i], a))
			break;
	if (!present) {
		/* The same address may sit on two links; one entry is kept
		 * per address, so a removal on either link forgets it until
		 * the next dump. Harmless: only MH to it would be ignored. */
		if (i < n_local)
			local[i] = local[--n_local];
		return;
	}
	if (i < n_local)
		return;
	if (n_local == cap_local) {
		size_t cap = cap_local ? cap_local * 2 : 32;
		struct in6_addr *n = realloc(local, cap * sizeof(*n));
		if (!n) {
			log_warnx("out of memory for the local address list");
			return;
		}
		local = n;
		cap_local = cap;
	}
	local[n_local++] = *a;
}

bool io_addr_is_local(const struct in6_addr *a)
{
	for (size_t i = 0; i < n_local; i++)
		if (IN6_ARE_ADDR_EQUAL(&local[i], a))
			return true;
	/* A home address moves between the tunnel and the home link at every return:
	 * the HA's BA can arrive before the monitor has heard the address come back. */
	for (unsigned i = 0; cfg && i < cfg->n_home_links; i++)
		if (IN6_ARE_ADDR_EQUAL(&cfg->home_links[i].hoa, a))
			return true;
	return false;
}

static const char *link_state_name(enum eng_link_state s)
{
	switch (s) {
	case ENG_LINK_DOWN: return "down";
	case ENG_LINK_UP: return "up";
	case ENG_LINK_ASSOCIATED: return "associated";
	}
	return "?";
}

static const char *addr_state_name(enum eng_addr_state s)
{
	switch (s) {
	case ENG_ADDR_TENTATIVE: return "tentative";
	case ENG_ADDR_USABLE: return "usable";
	case ENG_ADDR_DAD_FAILED: return "dad-failed";
	case ENG_ADDR_REMOVED: return "removed";
	}
	return "?";
}

static void on_link(const struct nlmsghdr *nlh)
{
	const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *a;
	const char *name = NULL;
	enum eng_link_state st;
	struct link_seen *l;

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*ifi))
		return;
	mnl_attr_for_each(a, nlh, sizeof(*ifi)) {
		if (mnl_attr_get_type(a) == IFLA_IFNAME &&
		    mnl_attr_validate(a, MNL_TYPE_NUL_STRING) == 0)
			name = mnl_attr_get_str(a);
	}
	l = link_find(ifi->ifi_index);
	if (!l) {
		if (!name || !wanted_ifname(name) || n_links == MAX_LINKS)
			return;
		l = &links[n_links++];
		l->ifindex = ifi->ifi_index;
		snprintf(l->name, sizeof(l->name), "%s", name);
		l->state = (enum eng_link_state)-1;
	}
	if (nlh->nlmsg_type == RTM_DELLINK)
		st = ENG_LINK_DOWN;
	else if ((ifi->ifi_flags & IFF_UP) && (ifi->ifi_flags & IFF_RUNNING))
		/* Operationally up. Not the carrier: mac80211 raises it at the
		 * association response, but drops data frames until
		 * wpa_supplicant authorizes the port (~100 ms later, when the
		 * link leaves "dormant"); an RS sent at carrier-up is lost. */
		st = ENG_LINK_ASSOCIATED;
	else if (ifi->ifi_flags & IFF_UP)
		st = ENG_LINK_UP;
	else
		st = ENG_LINK_DOWN;
	if (st == l->state)
		return;
	log_debug("link %s (%d): %s", l->name, l->ifindex, link_state_name(st));
	l->state = st;
	engine_link_event(eng, l->ifindex, l->name, st);
}

static struct addr_seen *addr_find(int ifindex, const struct in6_addr *a)
{
	for (int i = 0; i < n_addrs; i++)
		if (addrs[i].ifindex == ifindex &&
		    IN6_ARE_ADDR_EQUAL(&addrs[i].addr, a))
			return &addrs[i];
	return NULL;
}

static void on_addr(const struct nlmsghdr *nlh)
{
	const struct ifaddrmsg *ifa = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *a;
	const struct in6_addr *addr = NULL;
	uint32_t flags;
	enum eng_addr_state st;
	struct addr_seen *s;

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*ifa) ||
	    ifa->ifa_family != AF_INET6)
		return;
	flags = ifa->ifa_flags;
	mnl_attr_for_each(a, nlh, sizeof(*ifa)) {
		uint16_t t = mnl_attr_get_type(a);
		if ((t == IFA_ADDRESS || (t == IFA_LOCAL && !addr)) &&
		    mnl_attr_get_payload_len(a) == sizeof(struct in6_addr))
			addr = mnl_attr_get_payload(a);
		else if (t == IFA_FLAGS &&
			 mnl_attr_validate(a, MNL_TYPE_U32) == 0)
			flags = mnl_attr_get_u32(a);
	}
	if (!addr)
		return;
	local_update(addr, nlh->nlmsg_type == RTM_NEWADDR);
	if (!link_find((int)ifa->ifa_index))
		return;
	if (nlh->nlmsg_type == RTM_DELADDR)
		st = ENG_ADDR_REMOVED;
	else if (flags & IFA_F_DADFAILED)
		st = ENG_ADDR_DAD_FAILED;
	else if ((flags & IFA_F_TENTATIVE) && !(flags & IFA_F_OPTIMISTIC))
		st = ENG_ADDR_TENTATIVE;
	else
		/* Preferred, or optimistic (RFC 4429): usable as a source now. */
		st = ENG_ADDR_USABLE;

	bool opt = (flags & IFA_F_OPTIMISTIC) && (flags & IFA_F_TENTATIVE);

	s = addr_find((int)ifa->ifa_index, addr);
	if (s && s->state == st) {
		s->optimistic = opt;
		s->plen = ifa->ifa_prefixlen;
		return;   /* lifetime refresh on every RA: nothing new */
	}
	if (st == ENG_ADDR_REMOVED) {
		if (s)
			*s = addrs[--n_addrs];
	} else if (s) {
		s->state = st;
		s->optimistic = opt;
		s->plen = ifa->ifa_prefixlen;
	} else if (n_addrs < MAX_ADDRS) {
		addrs[n_addrs].ifindex = (int)ifa->ifa_index;
		addrs[n_addrs].addr = *addr;
		addrs[n_addrs].state = st;
		addrs[n_addrs].optimistic = opt;
		addrs[n_addrs].plen = ifa->ifa_prefixlen;
		n_addrs++;
	}
	log_debug("addr %s/%u on %d: %s%s", log_in6(addr), ifa->ifa_prefixlen,
		  ifa->ifa_index, addr_state_name(st),
		  opt && st == ENG_ADDR_USABLE ? " (optimistic)" : "");
	engine_addr_event(eng, (int)ifa->ifa_index, addr, ifa->ifa_prefixlen, st);
}

static int on_msg(const struct nlmsghdr *nlh, void *data)
{
	(void)data;
	io_stats.nl_events++;
	switch (nlh->nlmsg_type) {
	case RTM_NEWLINK:
	case RTM_DELLINK:
		on_link(nlh);
		break;
	case RTM_NEWADDR:
	case RTM_DELADDR:
		on_addr(nlh);
		break;
	}
	return MNL_CB_OK;
}

int io_nlmon_parse(const void *buf, size_t n)
{
	int len = (int)n;

	for (const struct nlmsghdr *h = buf; nl_msg_ok(h, len); h = mnl_nlmsg_next(h, &len)) {
		if (h->nlmsg_type == NLMSG_DONE || h->nlmsg_type == NLMSG_ERROR) {
			if (dump_seq && h->nlmsg_seq == dump_seq)
				return 1;
			continue;
		}
		on_msg(h, NULL);
	}
	return 0;
}

/* Drain what is queued; returns 1 once the dump with dump_seq is done. */
static int mon_read(bool blocking)
{
	char buf[MNL_SOCKET_BUFFER_SIZE * 2];
	int fd = mnl_socket_get_fd(mon);

	for (;;) {
		uint32_t sender;
		ssize_t n = nl_recv(fd, buf, sizeof(buf), blocking ? 0 : MSG_DONTWAIT,
				    &sender);
		if (n < 0) {
			if (n == -EINTR)
				continue;
			if (n == -EAGAIN)
				return 0;
			if (n == -ENOBUFS || n == -ENOSPC) {
				/* Events were lost; the engine only learns
				 * changes, so resynchronise from dumps. */
				io_stats.nl_overruns++;
				log_warnx("netlink monitor overrun: events lost");
				return -ENOBUFS;
			}
			return (int)n;
		}
		if (sender != 0) {
			/* Not the kernel: neither news nor the end of a dump. */
			foreign++;
			log_debug("netlink monitor: ignored a message from port %u "
				  "(%llu so far)", sender, (unsigned long long)foreign);
			continue;
		}
		if (io_nlmon_parse(buf, (size_t)n))
			return 1;
	}
}

static int dump(uint16_t type, uint8_t family)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct rtgenmsg *g;
	int r;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = dump_seq = (unsigned int)time(NULL) ^ type;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->rtgen_family = family;
	if (mnl_socket_sendto(mon, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	do {
		r = mon_read(true);
	} while (r == 0);
	dump_seq = 0;
	return r < 0 ? r : 0;
}

static int resync(void)
{
	int err = dump(RTM_GETLINK, AF_UNSPEC);

	if (!err)
		err = dump(RTM_GETADDR, AF_INET6);
	return err;
}

static void on_readable(int fd, void *ctx)
{
	(void)fd;
	(void)ctx;
	if (mon_read(false) == -ENOBUFS && resync() < 0)
		log_warnx("netlink resync failed");
}

int io_nlmon_init(struct eloop *el, struct engine *e, const struct config *conf)
{
	int err;

	eng = e;
	cfg = conf;
	mon = mnl_socket_open(NETLINK_ROUTE);
	if (!mon)
		return -errno;
	if (mnl_socket_bind(mon, RTMGRP_LINK | RTMGRP_IPV6_IFADDR,
			    MNL_SOCKET_AUTOPID) < 0) {
		err = -errno;
		goto fail;
	}
	err = resync();
	if (err)
		goto fail;
	for (unsigned i = 0; i < conf->n_ifaces; i++)
		if (!if_nametoindex(conf->ifaces[i]))
			log_warnx("interface %s does not exist (yet)",
				  conf->ifaces[i]);
	err = eloop_add_fd(el, mnl_socket_get_fd(mon), on_readable, NULL);
	if (err)
		goto fail;
	return 0;
fail:
	mnl_socket_close(mon);
	mon = NULL;
	return err;
}

void io_nlmon_set_engine(struct engine *e, const struct config *conf)
{
	eng = e;
	cfg = conf;
}

void io_nlmon_close(struct eloop *el)
{
	if (mon) {
		if (el)
			eloop_del_fd(el, mnl_socket_get_fd(mon));
		mnl_socket_close(mon);
		mon = NULL;
	}
	n_links = n_addrs = 0;
	free(local);
	local = NULL;
	n_local = cap_local = 0;
}
