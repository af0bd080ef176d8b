/* IPv6 addresses and proxy neighbour entries. */
#include <errno.h>
#include <linux/if_addr.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <stdbool.h>
#include <stdlib.h>
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

/* Our proxy entries carry this protocol (NDA_PROTOCOL, Linux 5.2 and later), so that a
 * start after a kill -9 can tell the dead daemon's entries from anyone else's. */
#define PROXY_PROTOCOL 109      /* 'm' */

static int proxy_msg(int cmd, uint16_t flags, int ifindex,
		     const struct in6_addr *addr, bool tag)
{
	char buf[KERN_NL_BUFSZ];
	struct nlmsghdr *nlh = kern_nl_req(buf, (uint16_t)cmd, flags);
	struct ndmsg *nd = mnl_nlmsg_put_extra_header(nlh, sizeof(*nd));

	nd->ndm_family = AF_INET6;
	nd->ndm_ifindex = ifindex;
	nd->ndm_state = NUD_PERMANENT;
	nd->ndm_flags = NTF_PROXY;
	mnl_attr_put(nlh, NDA_DST, sizeof(*addr), addr);
	if (tag)
		mnl_attr_put_u8(nlh, NDA_PROTOCOL, PROXY_PROTOCOL);
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
	int err = proxy_msg(RTM_NEWNEIGH, NLM_F_CREATE | NLM_F_EXCL, ifindex, addr, true);

	/* A kernel older than NDA_PROTOCOL: untagged, and no sweep can find it. */
	if (err == -EINVAL)
		err = proxy_msg(RTM_NEWNEIGH, NLM_F_CREATE | NLM_F_EXCL, ifindex, addr, false);

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
	int err = proxy_msg(RTM_DELNEIGH, 0, ifindex, addr, false);

	if (err == -ENOENT || err == -ENODEV)
		err = 0;
	if (!err) {
		proxy_id(&id, ifindex, addr);
		kern_forget(proxy_undo, &id, sizeof(id));
	}
	return err;
}

/* kern_proxy_sweep(): the tagged proxy entries of one link, collected from a dump and
 * deleted after it (deleting during the dump would disturb it). */
struct sweep_ctx {
	int ifindex;
	struct in6_addr *found;
	size_t n, cap;
	bool nomem;
};

static int neigh_attr(const struct nlattr *a, void *data)
{
	const struct nlattr **tb = data;
	int type = mnl_attr_get_type(a);

	if (type <= NDA_MAX)
		tb[type] = a;
	return MNL_CB_OK;
}

static void sweep_entry(const struct nlmsghdr *h, void *data)
{
	const struct nlattr *tb[NDA_MAX + 1] = { 0 };
	struct sweep_ctx *c = data;
	const struct ndmsg *nd = mnl_nlmsg_get_payload(h);

	if (h->nlmsg_type != RTM_NEWNEIGH || h->nlmsg_len < mnl_nlmsg_size(sizeof(*nd)) ||
	    nd->ndm_family != AF_INET6 || !(nd->ndm_flags & NTF_PROXY) ||
	    nd->ndm_ifindex != c->ifindex ||
	    mnl_attr_parse(h, sizeof(*nd), neigh_attr, tb) != MNL_CB_OK)
		return;
	if (!tb[NDA_DST] || mnl_attr_get_payload_len(tb[NDA_DST]) != sizeof(struct in6_addr) ||
	    !tb[NDA_PROTOCOL] || mnl_attr_get_payload_len(tb[NDA_PROTOCOL]) != 1 ||
	    mnl_attr_get_u8(tb[NDA_PROTOCOL]) != PROXY_PROTOCOL)
		return;
	if (c->n == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 64;
		struct in6_addr *f = realloc(c->found, cap * sizeof(*f));

		if (!f) {
			c->nomem = true;
			return;
		}
		c->found = f;
		c->cap = cap;
	}
	memcpy(&c->found[c->n++], mnl_attr_get_payload(tb[NDA_DST]), sizeof(struct in6_addr));
}

int kern_proxy_sweep(int ifindex)
{
	char buf[KERN_NL_BUFSZ];
	struct nlmsghdr *nlh = kern_nl_req(buf, RTM_GETNEIGH, 0);
	struct ndmsg *nd = mnl_nlmsg_put_extra_header(nlh, sizeof(*nd));
	struct sweep_ctx c = { .ifindex = ifindex };
	int err, removed = 0;

	nd->ndm_family = AF_INET6;
	nd->ndm_flags = NTF_PROXY;
	err = kern_nl_dump(nlh, sweep_entry, &c);
	for (size_t i = 0; !err && i < c.n; i++)
		if (proxy_msg(RTM_DELNEIGH, 0, ifindex, &c.found[i], false) == 0)
			removed++;
	free(c.found);
	if (err)
		return err;
	return c.nomem ? -ENOMEM : removed;
}
