/* The rtnetlink request socket and the ledger of what mip6d added. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "kern_map.h"
#include "kern_nl.h"

static struct mnl_socket *nl;
static unsigned int nl_seq;

static struct kmap ledger;
static uint64_t ledger_seq;

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

int kern_nl_wait_ack(struct mnl_socket *sock, unsigned int seq)
{
	char buf[KERN_NL_BUFSZ];

	for (;;) {
		ssize_t n = mnl_socket_recvfrom(sock, buf, sizeof(buf));
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		/* A request socket has no multicast groups: anything here is
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

int kern_nl_talk(struct nlmsghdr *nlh)
{
	if (!nl)
		return -ENOTCONN;
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	return kern_nl_wait_ack(nl, nlh->nlmsg_seq);
}

/* What identifies an object: the fields its delete request needs. */
struct obj_key {
	int kind, ifindex, plen;
	uint32_t table, priority, metric;
	struct in6_addr addr, gw;
	char ifname[IF_NAMESIZE];
	char key[48];
};

static void obj_key(const struct kern_obj *o, struct obj_key *k)
{
	memset(k, 0, sizeof(*k));
	k->kind = (int)o->kind;
	switch (o->kind) {
	case KOBJ_ADDR:
	case KOBJ_ADDR_GONE:
		k->ifindex = o->ifindex;
		k->addr = o->addr;
		k->plen = o->plen;
		break;
	case KOBJ_PROXY:
		k->ifindex = o->ifindex;
		k->addr = o->addr;
		break;
	case KOBJ_RULE:
		k->addr = o->addr;
		k->plen = o->plen;
		k->table = o->table;
		k->priority = o->priority;
		break;
	case KOBJ_ROUTE:
		k->addr = o->route.dst;
		k->plen = o->route.plen;
		k->table = o->route.table;
		k->ifindex = o->route.ifindex;
		k->metric = o->route.metric;
		k->gw = o->route.gw;
		break;
	case KOBJ_TUNNEL:
		k->ifindex = o->ifindex;
		break;
	case KOBJ_SYSCTL:
		memcpy(k->ifname, o->ifname, sizeof(k->ifname));
		memcpy(k->key, o->key, sizeof(k->key));
		break;
	case KOBJ_NFT_TABLE:
		memcpy(k->key, o->key, sizeof(k->key));
		break;
	}
}

struct ledger_entry {
	struct kern_obj o;
	uint64_t seq;   /* undo order: newest first */
};

static void ledger_init(void)
{
	if (!ledger.keysz)
		kmap_init(&ledger, sizeof(struct obj_key), sizeof(struct ledger_entry));
}

int kern_ledger_add(const struct kern_obj *o)
{
	struct obj_key k;
	struct ledger_entry e = { .o = *o, .seq = ++ledger_seq };

	ledger_init();
	obj_key(o, &k);
	if (kmap_get(&ledger, &k))
		return 0;
	return kmap_put(&ledger, &k, &e) ? 0 : -ENOMEM;
}

bool kern_ledger_has(const struct kern_obj *o)
{
	struct obj_key k;

	ledger_init();
	obj_key(o, &k);
	return kmap_get(&ledger, &k) != NULL;
}

void kern_ledger_forget(const struct kern_obj *o)
{
	struct obj_key k;

	ledger_init();
	obj_key(o, &k);
	kmap_del(&ledger, &k);
}

int kern_ledger_count(void)
{
	return (int)ledger.n;
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
	case KOBJ_ADDR_GONE:
		kern_addr_put_back(o->ifindex, &o->addr, o->plen, o->flags);
		break;
	case KOBJ_NFT_TABLE:
		kern_nft_table_del(o->key);
		break;
	}
}

static int newest_first(const void *a, const void *b)
{
	const struct ledger_entry *x = a, *y = b;

	return x->seq < y->seq ? 1 : x->seq > y->seq ? -1 : 0;
}

void kern_close(void)
{
	struct ledger_entry *all = NULL, *e;
	size_t n = 0, pos = 0;

	if (ledger.n)
		all = malloc(ledger.n * sizeof(*all));
	if (all) {
		while ((e = kmap_next(&ledger, &pos, NULL)))
			all[n++] = *e;
		qsort(all, n, sizeof(*all), newest_first);
		for (size_t i = 0; i < n; i++)
			undo(&all[i].o);
		free(all);
	}
	kmap_free(&ledger);
	if (nl) {
		mnl_socket_close(nl);
		nl = NULL;
	}
}
