/* IPv6 addresses and proxy neighbour entries. */
#include <errno.h>
#include <linux/if_addr.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <string.h>

#include "kern_ledger.h"
#include "kern_nl.h"

static int addr_msg(int cmd, uint16_t flags, int ifindex,
		    const struct in6_addr *addr, int plen, uint32_t ifa_flags)
{
	char buf[KERN_NL_BUFSZ];
	struct nlmsghdr *nlh = kern_nl_req(buf, (uint16_t)cmd, flags);
	struct ifaddrmsg *ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));

	if (plen < 0 || plen > 128)
		return -EINVAL;
	ifa->ifa_family = AF_INET6;
	ifa->ifa_prefixlen = (unsigned char)plen;
	ifa->ifa_index = (unsigned int)ifindex;
	ifa->ifa_scope = RT_SCOPE_UNIVERSE;
	ifa->ifa_flags = (unsigned char)(ifa_flags & 0xff);
	mnl_attr_put(nlh, IFA_LOCAL, sizeof(*addr), addr);
	mnl_attr_put(nlh, IFA_ADDRESS, sizeof(*addr), addr);
	if (cmd == RTM_NEWADDR)
		mnl_attr_put_u32(nlh, IFA_FLAGS, ifa_flags);
	return kern_nl_talk(nlh);
}

/* What identifies an address of ours; also all its undo needs. */
struct addr_id {
	int ifindex, plen;
	struct in6_addr addr;
};

/* Someone else's address we took away, and how to put it back. */
struct addr_gone {
	struct addr_id id;
	uint32_t flags;
};

static void addr_id(struct addr_id *id, int ifindex, const struct in6_addr *addr,
		    int plen)
{
	memset(id, 0, sizeof(*id));
	id->ifindex = ifindex;
	id->plen = plen;
	id->addr = *addr;
}

static int addr_undo(const void *arg)
{
	const struct addr_id *id = arg;

	return kern_addr_del(id->ifindex, &id->addr, id->plen);
}

static int addr_gone_undo(const void *arg)
{
	const struct addr_gone *g = arg;

	return kern_addr_put_back(g->id.ifindex, &g->id.addr, g->id.plen, g->flags);
}

int kern_addr_add(int ifindex, const struct in6_addr *addr, int plen,
		  uint32_t flags)
{
	struct addr_id id;
	int err = addr_msg(RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL, ifindex,
			   addr, plen, flags);

	if (err == -EEXIST)
		return 0;
	if (err)
		return err;
	addr_id(&id, ifindex, addr, plen);
	return kern_defer(addr_undo, &id, sizeof(id), &id, sizeof(id));
}

int kern_addr_set_flags(int ifindex, const struct in6_addr *addr, int plen,
			uint32_t flags)
{
	return addr_msg(RTM_NEWADDR, NLM_F_REPLACE, ifindex, addr, plen, flags);
}

bool kern_addr_is_ours(int ifindex, const struct in6_addr *addr, int plen)
{
	struct addr_id id;

	addr_id(&id, ifindex, addr, plen);
	return kern_ledger_has(addr_undo, &id, sizeof(id));
}

int kern_addr_take(int ifindex, const struct in6_addr *addr, int plen,
		   uint32_t flags)
{
	struct addr_gone gone = { .flags = flags };
	bool ours = kern_addr_is_ours(ifindex, addr, plen);
	int err = addr_msg(RTM_DELADDR, 0, ifindex, addr, plen, 0);

	if (err == -EADDRNOTAVAIL || err == -ENODEV)
		return 0;
	if (err)
		return err;
	addr_id(&gone.id, ifindex, addr, plen);
	if (ours) {
		kern_forget(addr_undo, &gone.id, sizeof(gone.id));
		return 0;
	}
	return kern_defer(addr_gone_undo, &gone.id, sizeof(gone.id), &gone,
			  sizeof(gone));
}

int kern_addr_put_back(int ifindex, const struct in6_addr *addr, int plen,
		       uint32_t flags)
{
	struct addr_id id;
	int err = addr_msg(RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL, ifindex,
			   addr, plen, flags);

	if (err == -EEXIST)
		err = 0;
	if (!err) {
		addr_id(&id, ifindex, addr, plen);
		kern_forget(addr_gone_undo, &id, sizeof(id));
	}
	return err;
}

int kern_addr_restore(int ifindex, const struct in6_addr *addr, int plen,
		      uint32_t flags)
{
	struct addr_id id;

	addr_id(&id, ifindex, addr, plen);
	if (kern_ledger_has(addr_gone_undo, &id, sizeof(id)))
		return kern_addr_put_back(ifindex, addr, plen, flags);
	return kern_addr_add(ifindex, addr, plen, flags);
}

int kern_addr_del(int ifindex, const struct in6_addr *addr, int plen)
{
	struct addr_id id;
	int err = addr_msg(RTM_DELADDR, 0, ifindex, addr, plen, 0);

	/* Gone already (its link went away, or someone else removed it). */
	if (err == -EADDRNOTAVAIL || err == -ENODEV)
		err = 0;
	if (!err) {
		addr_id(&id, ifindex, addr, plen);
		kern_forget(addr_undo, &id, sizeof(id));
	}
	return err;
}

static int proxy_msg(int cmd, uint16_t flags, int ifindex,
		     const struct in6_addr *addr)
{
	char buf[KERN_NL_BUFSZ];
	struct nlmsghdr *nlh = kern_nl_req(buf, (uint16_t)cmd, flags);
	struct ndmsg *nd = mnl_nlmsg_put_extra_header(nlh, sizeof(*nd));

	nd->ndm_family = AF_INET6;
	nd->ndm_ifindex = ifindex;
	nd->ndm_state = NUD_PERMANENT;
	nd->ndm_flags = NTF_PROXY;
	mnl_attr_put(nlh, NDA_DST, sizeof(*addr), addr);
	return kern_nl_talk(nlh);
}

/* What identifies a proxy entry of ours; also all its undo needs. */
struct proxy_id {
	int ifindex;
	struct in6_addr addr;
};

static void proxy_id(struct proxy_id *id, int ifindex, const struct in6_addr *addr)
{
	memset(id, 0, sizeof(*id));
	id->ifindex = ifindex;
	id->addr = *addr;
}

static int proxy_undo(const void *arg)
{
	const struct proxy_id *id = arg;

	return kern_proxy_del(id->ifindex, &id->addr);
}

int kern_proxy_add(int ifindex, const struct in6_addr *addr)
{
	struct proxy_id id;
	int err = proxy_msg(RTM_NEWNEIGH, NLM_F_CREATE | NLM_F_EXCL, ifindex,
			    addr);

	/* One there already is for a home address we now serve (left by a daemon that
	 * died): ours from now on, removed with the binding or at exit. */
	if (err && err != -EEXIST)
		return err;
	proxy_id(&id, ifindex, addr);
	return kern_defer(proxy_undo, &id, sizeof(id), &id, sizeof(id));
}

int kern_proxy_del(int ifindex, const struct in6_addr *addr)
{
	struct proxy_id id;
	int err = proxy_msg(RTM_DELNEIGH, 0, ifindex, addr);

	if (err == -ENOENT || err == -ENODEV)
		err = 0;
	if (!err) {
		proxy_id(&id, ifindex, addr);
		kern_forget(proxy_undo, &id, sizeof(id));
	}
	return err;
}
