/*
 * kern_nft.c - the HA's check on reverse-tunnelled packets when its tunnel is a
 * collect_md device (RFC 6275 §10.4.5: the HA verifies that a tunnelled packet comes
 * from the care-of address registered for its inner source).
 *
 * A collect_md ip6tnl decapsulates whatever arrives for the HA, from any source. An
 * nftables table puts the check back: a set of (care-of address . home address) pairs,
 * one per binding, and rules in the input hook dropping an IPv6-in-IPv6 packet whose
 * outer source and inner source are not such a pair (or that it cannot read). The table is written once at
 * start by nft(8); the pairs are set elements, added and removed over nfnetlink on the
 * registration path (no process started there).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <libmnl/libmnl.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <time.h>

#include "kern_ledger.h"
#include "kern_nl.h"

#define NFT_TABLE "mip6d"

/* Runs nft -f - with script on stdin (in our network namespace). 0 or -errno;
 * -ENOENT when nft is not installed. */
static int nft_run(const char *script)
{
	int in[2], st;
	pid_t pid;
	size_t len = strlen(script), off = 0;

	if (pipe2(in, O_CLOEXEC) < 0)
		return -errno;
	pid = fork();
	if (pid < 0) {
		int err = -errno;
		close(in[0]);
		close(in[1]);
		return err;
	}
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		dup2(in[0], 0);
		if (null >= 0)
			dup2(null, 1);
		execlp("nft", "nft", "-f", "-", (char *)NULL);
		_exit(errno == ENOENT ? 127 : 126);
	}
	close(in[0]);
	/* A child that exits early gives EPIPE, not a SIGPIPE: mip6d ignores it (main.c). */
	while (off < len) {
		ssize_t n = write(in[1], script + off, len - off);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		off += (size_t)n;
	}
	close(in[1]);
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -errno;
	if (!WIFEXITED(st))
		return -EIO;
	return WEXITSTATUS(st) == 0 ? 0 : WEXITSTATUS(st) == 127 ? -ENOENT : -EINVAL;
}

static struct mnl_socket *nfnl;
static unsigned int nfnl_seq;

/* A table of ours is known by its name (zero-padded), which is also all its
 * undo needs. */
struct nft_table_id {
	char name[48];
};

static void nft_table_id(struct nft_table_id *id, const char *table)
{
	memset(id, 0, sizeof(*id));
	snprintf(id->name, sizeof(id->name), "%s", table);
}

static int nft_table_undo(const void *arg)
{
	const struct nft_table_id *id = arg;

	return kern_nft_table_del(id->name);
}

int kern_nft_ha_check(void)
{
	char script[512];
	struct nft_table_id id;
	int err;

	/* "add" then "delete" then the table: a table left by a mip6d that was killed
	 * is replaced, not doubled. An inner packet behind extension headers (say the
	 * Tunnel Encapsulation Limit option, which mip6d's tunnels do not send) is
	 * dropped: the pair check reads the inner source right after the outer header.
	 * (One rule with meta l4proto would cover both, but nft 1.0.6 aborts listing
	 * it.) */
	snprintf(script, sizeof(script),
		 "add table ip6 %s\n"
		 "delete table ip6 %s\n"
		 "table ip6 %s {\n"
		 "  set bindings {\n"
		 "    typeof ip6 saddr . @th,64,128\n"
		 "  }\n"
		 "  chain reverse_tunnel {\n"
		 "    type filter hook input priority 0; policy accept;\n"
		 "    meta l4proto ipv6 ip6 nexthdr != ipv6 counter drop\n"
		 "    ip6 nexthdr ipv6 ip6 saddr . @th,64,128 != @bindings counter drop\n"
		 "  }\n"
		 "}\n", NFT_TABLE, NFT_TABLE, NFT_TABLE);
	err = nft_run(script);
	if (err)
		return err;
	if (!nfnl) {
		nfnl = mnl_socket_open(NETLINK_NETFILTER);
		if (!nfnl || mnl_socket_bind(nfnl, 0, MNL_SOCKET_AUTOPID) < 0) {
			err = -errno;
			if (nfnl)
				mnl_socket_close(nfnl);
			nfnl = NULL;
			nft_run("delete table ip6 " NFT_TABLE "\n");
			return err;
		}
		nfnl_seq = (unsigned int)time(NULL);
	}
	nft_table_id(&id, NFT_TABLE);
	return kern_defer(nft_table_undo, &id, sizeof(id), &id, sizeof(id));
}

bool kern_nft_ha_check_is_ours(void)
{
	struct nft_table_id id;

	nft_table_id(&id, NFT_TABLE);
	return kern_ledger_has(nft_table_undo, &id, sizeof(id));
}

static struct nlmsghdr *batch_msg(struct mnl_nlmsg_batch *b, uint16_t type, uint16_t flags,
				  uint8_t family, uint16_t res_id)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(mnl_nlmsg_batch_current(b));
	struct nfgenmsg *nfg;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	nlh->nlmsg_seq = ++nfnl_seq;
	nfg = mnl_nlmsg_put_extra_header(nlh, sizeof(*nfg));
	nfg->nfgen_family = family;
	nfg->version = NFNETLINK_V0;
	nfg->res_id = htons(res_id);
	return nlh;
}

/* One element (coa . hoa) added to or removed from the set, in a batch of its own;
 * waits for the kernel's answer. 0 or -errno. */
static int setelem(bool add, const struct in6_addr *coa, const struct in6_addr *hoa)
{
	char buf[1024];
	struct mnl_nlmsg_batch *b = mnl_nlmsg_batch_start(buf, sizeof(buf));
	struct nlmsghdr *nlh;
	struct nlattr *list, *elem, *key;
	uint8_t value[32];
	unsigned int seq;
	int err;

	batch_msg(b, NFNL_MSG_BATCH_BEGIN, 0, AF_UNSPEC, NFNL_SUBSYS_NFTABLES);
	mnl_nlmsg_batch_next(b);
	nlh = batch_msg(b, (uint16_t)(NFNL_SUBSYS_NFTABLES << 8 |
				      (add ? NFT_MSG_NEWSETELEM : NFT_MSG_DELSETELEM)),
			NLM_F_ACK | (add ? NLM_F_CREATE : 0), NFPROTO_IPV6, 0);
	seq = nlh->nlmsg_seq;
	mnl_attr_put_strz(nlh, NFTA_SET_ELEM_LIST_TABLE, NFT_TABLE);
	mnl_attr_put_strz(nlh, NFTA_SET_ELEM_LIST_SET, "bindings");
	list = mnl_attr_nest_start(nlh, NFTA_SET_ELEM_LIST_ELEMENTS);
	elem = mnl_attr_nest_start(nlh, NFTA_LIST_ELEM);
	key = mnl_attr_nest_start(nlh, NFTA_SET_ELEM_KEY);
	/* A concatenation is its parts one after the other, each in whole 4-byte
	 * registers: two addresses, 32 bytes. */
	memcpy(value, coa, 16);
	memcpy(value + 16, hoa, 16);
	mnl_attr_put(nlh, NFTA_DATA_VALUE, sizeof(value), value);
	mnl_attr_nest_end(nlh, key);
	mnl_attr_nest_end(nlh, elem);
	mnl_attr_nest_end(nlh, list);
	mnl_nlmsg_batch_next(b);
	batch_msg(b, NFNL_MSG_BATCH_END, 0, AF_UNSPEC, NFNL_SUBSYS_NFTABLES);
	mnl_nlmsg_batch_next(b);

	err = kern_nl_request(nfnl, mnl_nlmsg_batch_head(b), mnl_nlmsg_batch_size(b), seq,
			      KERN_REQ_NFT);
	mnl_nlmsg_batch_stop(b);
	return err;
}

int kern_nft_binding_add(const struct in6_addr *coa, const struct in6_addr *hoa)
{
	return nfnl ? setelem(true, coa, hoa) : 0;
}

int kern_nft_binding_del(const struct in6_addr *coa, const struct in6_addr *hoa)
{
	return nfnl ? setelem(false, coa, hoa) : 0;
}

int kern_nft_table_del(const char *table)
{
	char script[128];
	struct nft_table_id id;

	nft_table_id(&id, table);
	kern_forget(nft_table_undo, &id, sizeof(id));
	if (nfnl && !strcmp(table, NFT_TABLE)) {
		mnl_socket_close(nfnl);
		nfnl = NULL;
	}
	snprintf(script, sizeof(script), "delete table ip6 %s\n", table);
	return nft_run(script);
}
