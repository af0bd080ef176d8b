/* Links: index lookup, bringing up, ip6tnl tunnels. */
#include "kern_ledger.h"
#include "kern_nl.h"

#include <errno.h>
/* Before the linux/ headers: the other order redefines struct ifreq. */
#include <net/if.h>
#include <linux/if_link.h>
#include <linux/if_tunnel.h>
#include <linux/ip6_tunnel.h>
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int kern_link_index(const char *name)
{
	unsigned int idx = if_nametoindex(name);

	return idx ? (int)idx : -ENODEV;
}

int kern_link_set(int ifindex, bool up)
{
	char buf[KERN_NL_BUFSZ];
	struct nlmsghdr *nlh = kern_nl_req(buf, RTM_NEWLINK, 0);
	struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));

	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = ifindex;
	ifi->ifi_flags = up ? IFF_UP : 0;
	ifi->ifi_change = IFF_UP;
	return kern_nl_talk(nlh);
}

/* local and remote NULL: a collect_md tunnel (endpoints and hop limit come from
 * each route's encapsulation). */
static void put_tunnel_info(struct nlmsghdr *nlh, int link,
			    const struct in6_addr *local,
			    const struct in6_addr *remote)
{
	struct nlattr *linkinfo, *data;

	linkinfo = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "ip6tnl");
	data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
	if (link > 0)
		mnl_attr_put_u32(nlh, IFLA_IPTUN_LINK, (uint32_t)link);
	if (local && remote) {
		mnl_attr_put(nlh, IFLA_IPTUN_LOCAL, sizeof(*local), local);
		mnl_attr_put(nlh, IFLA_IPTUN_REMOTE, sizeof(*remote), remote);
		mnl_attr_put_u8(nlh, IFLA_IPTUN_TTL, 64);
	} else {
		mnl_attr_put(nlh, IFLA_IPTUN_COLLECT_METADATA, 0, NULL);
	}
	mnl_attr_put_u8(nlh, IFLA_IPTUN_PROTO, IPPROTO_IPV6);
	/* RFC 6275 tunnels carry no Tunnel Encapsulation Limit option
	 * (UMIP does the same); it would also shrink the inner MTU. */
	mnl_attr_put_u32(nlh, IFLA_IPTUN_FLAGS, IP6_TNL_F_IGN_ENCAP_LIMIT);
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, linkinfo);
}

/* A tunnel of ours is known by its ifindex, which is also all its undo needs. */
static int tunnel_undo(const void *arg)
{
	return kern_tunnel_del(*(const int *)arg);
}

/* Creates tunnel name, up, in one RTM_NEWLINK and records it in the ledger;
 * returns its ifindex. One left behind under our name by a mip6d that was killed
 * is replaced (EEXIST for the same endpoints under another name stays an error). */
static int tunnel_create(const char *name, int link, const struct in6_addr *local,
			 const struct in6_addr *remote)
{
	char buf[KERN_NL_BUFSZ];
	struct nlmsghdr *nlh = kern_nl_req(buf, RTM_NEWLINK,
					   NLM_F_CREATE | NLM_F_EXCL);
	struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	int err, idx;

	if (strlen(name) >= IF_NAMESIZE)
		return -ENAMETOOLONG;
	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_flags = IFF_UP;
	ifi->ifi_change = IFF_UP;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	put_tunnel_info(nlh, link, local, remote);
	err = kern_nl_talk(nlh);
	if (err == -EEXIST && !strncmp(name, "mip6", 4)) {
		int stale = kern_link_index(name);

		if (stale > 0 && kern_tunnel_del(stale) == 0)
			err = kern_nl_talk(nlh);
	}
	if (err)
		return err;
	idx = kern_link_index(name);
	if (idx < 0)
		return idx;
	err = kern_defer(tunnel_undo, &idx, sizeof(idx), &idx, sizeof(idx));
	if (err) {
		kern_tunnel_del(idx);
		return err;
	}
	return idx;
}

bool kern_link_is_ours(int ifindex)
{
	return ifindex > 0 && kern_ledger_has(tunnel_undo, &ifindex, sizeof(ifindex));
}

int kern_tunnel_add(const char *name, int link, const struct in6_addr *local,
		    const struct in6_addr *remote)
{
	return tunnel_create(name, link, local, remote);
}

int kern_tunnel_add_external(const char *name)
{
	return tunnel_create(name, 0, NULL, NULL);
}

int kern_tunnel_change(int ifindex, int link, const struct in6_addr *local,
		       const struct in6_addr *remote)
{
	return kern_tunnel_change_up(ifindex, link, local, remote, false);
}

int kern_tunnel_change_up(int ifindex, int link, const struct in6_addr *local,
			  const struct in6_addr *remote, bool up)
{
	char buf[KERN_NL_BUFSZ];
	struct nlmsghdr *nlh = kern_nl_req(buf, RTM_NEWLINK, 0);
	struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));

	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = ifindex;
	if (up) {
		/* One request, one wait for the RTNL lock: endpoints and IFF_UP. */
		ifi->ifi_flags = IFF_UP;
		ifi->ifi_change = IFF_UP;
	}
	put_tunnel_info(nlh, link, local, remote);
	return kern_nl_talk(nlh);
}

int kern_tunnel_del(int ifindex)
{
	char buf[KERN_NL_BUFSZ];
	struct nlmsghdr *nlh = kern_nl_req(buf, RTM_DELLINK, 0);
	struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	int err;

	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = ifindex;
	err = kern_nl_talk(nlh);
	if (err && err != -ENODEV)
		return err;
	kern_forget(tunnel_undo, &ifindex, sizeof(ifindex));
	return 0;
}

int kern_tunnel_probe(void)
{
	struct in6_addr a = { .s6_addr = { 0xfd, [15] = 1 } };
	struct in6_addr b = { .s6_addr = { 0xfd, [15] = 2 } };
	char name[IF_NAMESIZE];
	int idx;

	/* A name no one else uses, per process. */
	snprintf(name, sizeof(name), "m6p%d", (int)getpid() % 1000000);
	idx = kern_tunnel_add(name, 0, &a, &b);
	if (idx < 0)
		return idx;
	return kern_tunnel_del(idx);
}
