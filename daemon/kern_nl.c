/* The rtnetlink request socket and the ledger of what mip6d added. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "kern_nl.h"

static struct mnl_socket *nl;
static unsigned int nl_seq;

static struct kern_obj *ledger;
static int ledger_len, ledger_cap;

int kern_open(void)
{
	if (nl)
		return 0;
	nl = mnl_socket_open(NETLINK_ROUTE);
	if (!nl)
		return -errno;
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		int err = -errno;
		mnl_socket_close(nl);
		nl = NULL;
		return err;
	}
	nl_seq = (unsigned int)time(NULL);
	return 0;
}

struct nlmsghdr *kern_nl_req(void *buf, uint16_t type, uint16_t flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	nlh->nlmsg_seq = ++nl_seq;
	return nlh;
}

int kern_nl_talk(struct nlmsghdr *nlh)
{
	char buf[KERN_NL_BUFSZ];
	unsigned int seq = nlh->nlmsg_seq;

	if (!nl)
		return -ENOTCONN;
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	for (;;) {
		ssize_t n = mnl_socket_recvfrom(nl, buf, sizeof(buf));
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		/* The request socket has no multicast groups: anything here is
		 * the answer to some request of ours; skip stale ones. */
		int len = (int)n;
		for (struct nlmsghdr *h = (struct nlmsghdr *)buf;
		     mnl_nlmsg_ok(h, len); h = mnl_nlmsg_next(h, &len)) {
			if (h->nlmsg_seq != seq)
				continue;
			if (h->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = mnl_nlmsg_get_payload(h);
				if (h->nlmsg_len < mnl_nlmsg_size(sizeof(*e)))
					return -EBADMSG;
				return e->error;
			}
			if (h->nlmsg_type == NLMSG_DONE)
				return 0;
		}
	}
}

static bool obj_same(const struct kern_obj *a, const struct kern_obj *b)
{
	if (a->kind != b->kind)
		return false;
	switch (a->kind) {
	case KOBJ_ADDR:
		return a->ifindex == b->ifindex && a->plen == b->plen &&
		       IN6_ARE_ADDR_EQUAL(&a->addr, &b->addr);
	case KOBJ_PROXY:
		return a->ifindex == b->ifindex &&
		       IN6_ARE_ADDR_EQUAL(&a->addr, &b->addr);
	case KOBJ_RULE:
		return a->plen == b->plen && a->table == b->table &&
		       a->priority == b->priority &&
		       IN6_ARE_ADDR_EQUAL(&a->addr, &b->addr);
	case KOBJ_ROUTE:
		return a->route.plen == b->route.plen &&
		       a->route.table == b->route.table &&
		       a->route.ifindex == b->route.ifindex &&
		       a->route.metric == b->route.metric &&
		       IN6_ARE_ADDR_EQUAL(&a->route.dst, &b->route.dst) &&
		       IN6_ARE_ADDR_EQUAL(&a->route.gw, &b->route.gw);
	case KOBJ_TUNNEL:
		return a->ifindex == b->ifindex;
	case KOBJ_SYSCTL:
		return !strcmp(a->ifname, b->ifname) && !strcmp(a->key, b->key);
	}
	return false;
}

int kern_ledger_add(const struct kern_obj *o)
{
	if (kern_ledger_has(o))
		return 0;
	if (ledger_len == ledger_cap) {
		int cap = ledger_cap ? ledger_cap * 2 : 16;
		struct kern_obj *n = realloc(ledger, (size_t)cap * sizeof(*n));
		if (!n)
			return -ENOMEM;
		ledger = n;
		ledger_cap = cap;
	}
	ledger[ledger_len++] = *o;
	return 0;
}

bool kern_ledger_has(const struct kern_obj *o)
{
	for (int i = 0; i < ledger_len; i++)
		if (obj_same(&ledger[i], o))
			return true;
	return false;
}

void kern_ledger_forget(const struct kern_obj *o)
{
	for (int i = ledger_len - 1; i >= 0; i--) {
		if (!obj_same(&ledger[i], o))
			continue;
		memmove(&ledger[i], &ledger[i + 1],
			(size_t)(ledger_len - i - 1) * sizeof(*ledger));
		ledger_len--;
		return;
	}
}

int kern_ledger_count(void)
{
	return ledger_len;
}

/* Undo one object; the *_del functions also forget it. A tunnel that is
 * gone takes its addresses and routes with it, hence errors are ignored
 * (there is nobody left to report them to at exit). */
static void undo(const struct kern_obj *o)
{
	switch (o->kind) {
	case KOBJ_ADDR:
		kern_addr_del(o->ifindex, &o->addr, o->plen);
		break;
	case KOBJ_ROUTE:
		kern_route_del(&o->route);
		break;
	case KOBJ_RULE:
		kern_rule_del(&o->addr, o->plen, o->table, o->priority);
		break;
	case KOBJ_PROXY:
		kern_proxy_del(o->ifindex, &o->addr);
		break;
	case KOBJ_TUNNEL:
		kern_tunnel_del(o->ifindex);
		break;
	case KOBJ_SYSCTL:
		kern_sysctl_set(o->ifname, o->key, o->old_value);
		break;
	}
}

void kern_close(void)
{
	while (ledger_len > 0) {
		struct kern_obj o = ledger[ledger_len - 1];
		undo(&o);
		/* The del functions forget on success; make sure we progress
		 * when they failed. */
		if (ledger_len > 0 && obj_same(&ledger[ledger_len - 1], &o))
			ledger_len--;
	}
	free(ledger);
	ledger = NULL;
	ledger_len = ledger_cap = 0;
	if (nl) {
		mnl_socket_close(nl);
		nl = NULL;
	}
}
