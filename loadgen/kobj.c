/* The home agent's memory and kernel objects. The generator enters the HA's network
 * namespace for the count (its sockets are open already and stay in its own): links,
 * routes and proxy entries are netlink dumps, counted here; the nftables set is what
 * nft(8) lists. */
#include <fcntl.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <libmnl/libmnl.h>
#include <net/if.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "kobj.h"

#define MAX_MIP6_LINKS	4096

static long status_kib(int pid, const char *field)
{
	char path[64], line[256];
	size_t flen = strlen(field);
	long v = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, field, flen) && line[flen] == ':') {
			sscanf(line + flen + 1, "%ld", &v);
			break;
		}
	fclose(f);
	return v;
}

struct dump {
	long n;
	int links[MAX_MIP6_LINKS];	/* ifindexes of mip6* links */
	int nlinks;
};

static int on_link(const struct nlmsghdr *nlh, void *data)
{
	struct dump *d = data;
	struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);
	struct nlattr *a;

	mnl_attr_for_each(a, nlh, sizeof(*ifi))
		if (mnl_attr_get_type(a) == IFLA_IFNAME &&
		    !strncmp(mnl_attr_get_str(a), "mip6", 4) && d->nlinks < MAX_MIP6_LINKS) {
			d->links[d->nlinks++] = ifi->ifi_index;
			d->n++;
		}
	return MNL_CB_OK;
}

/* A binding's route: unicast through a mip6 link, not one the kernel made for the link. */
static int on_route(const struct nlmsghdr *nlh, void *data)
{
	struct dump *d = data;
	struct rtmsg *rtm = mnl_nlmsg_get_payload(nlh);
	struct nlattr *a;

	if (rtm->rtm_type != RTN_UNICAST || rtm->rtm_protocol == RTPROT_KERNEL)
		return MNL_CB_OK;
	mnl_attr_for_each(a, nlh, sizeof(*rtm))
		if (mnl_attr_get_type(a) == RTA_OIF) {
			int oif = (int)mnl_attr_get_u32(a);

			for (int i = 0; i < d->nlinks; i++)
				if (d->links[i] == oif) {
					d->n++;
					break;
				}
		}
	return MNL_CB_OK;
}

static int on_neigh(const struct nlmsghdr *nlh, void *data)
{
	struct ndmsg *ndm = mnl_nlmsg_get_payload(nlh);

	if (ndm->ndm_flags & NTF_PROXY)
		((struct dump *)data)->n++;
	return MNL_CB_OK;
}

/* One dump request of type with a header of hdrlen bytes (family, and flags for the
 * proxy table), its answers through cb; -1 on failure. */
static long dump(struct mnl_socket *nl, uint16_t type, size_t hdrlen, uint8_t flags,
		 mnl_cb_t cb, struct dump *d)
{
	static char buf[1 << 16];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	unsigned seq = (unsigned)time(NULL) ^ type, port = mnl_socket_get_portid(nl);
	uint8_t *hdr;
	int n;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = seq;
	hdr = mnl_nlmsg_put_extra_header(nlh, hdrlen);
	hdr[0] = type == RTM_GETLINK ? AF_UNSPEC : AF_INET6;	/* every *msg starts with it */
	if (type == RTM_GETNEIGH)
		((struct ndmsg *)hdr)->ndm_flags = flags;
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0)
		return -1;
	d->n = 0;
	while ((n = (int)mnl_socket_recvfrom(nl, buf, sizeof(buf))) > 0) {
		int r = mnl_cb_run(buf, (size_t)n, seq, port, cb, d);

		if (r <= MNL_CB_STOP)
			return r == MNL_CB_STOP ? d->n : -1;
	}
	return -1;
}

static long raw6_drops(void)
{
	char line[512];
	long total = 0;
	FILE *f = fopen("/proc/self/net/raw6", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		char *last = strrchr(line, ' ');

		if (last && line[0] == ' ' && strchr(line, ':'))
			total += atol(last + 1);
	}
	fclose(f);
	return total;
}

static long nft_elements(void)
{
	char line[4096];
	long n = 0;
	FILE *p = popen("nft list set ip6 mip6d bindings 2>/dev/null", "r");

	if (!p)
		return -1;
	while (fgets(line, sizeof(line), p))
		for (char *s = line; (s = strstr(s, " . 0x")); s += 5)
			n++;
	pclose(p);
	return n;
}

void lg_kobj_read(int pid, const char *netns, struct lg_kobj *k)
{
	char path[256];
	struct mnl_socket *nl;
	struct dump *d;
	int fd;

	memset(k, 0xff, sizeof(*k));
	if (pid > 0) {
		k->rss_kib = status_kib(pid, "VmRSS");
		k->hwm_kib = status_kib(pid, "VmHWM");
	}
	if (!netns)
		return;
	snprintf(path, sizeof(path), "/run/netns/%s", netns);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || setns(fd, CLONE_NEWNET) < 0) {
		perror("mip6-loadgen: the HA's namespace");
		if (fd >= 0)
			close(fd);
		return;
	}
	close(fd);
	d = calloc(1, sizeof(*d));
	nl = mnl_socket_open(NETLINK_ROUTE);
	if (d && nl && mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) == 0) {
		k->tunnels = dump(nl, RTM_GETLINK, sizeof(struct ifinfomsg), 0, on_link, d);
		k->routes = dump(nl, RTM_GETROUTE, sizeof(struct rtmsg), 0, on_route, d);
		k->proxies = dump(nl, RTM_GETNEIGH, sizeof(struct ndmsg), NTF_PROXY, on_neigh, d);
	}
	if (nl)
		mnl_socket_close(nl);
	free(d);
	k->raw_drops = raw6_drops();
	k->nft_elements = nft_elements();
}
