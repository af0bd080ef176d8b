/* Internals shared by the kern_*.c files: the rtnetlink request socket
 * and the ledger of objects mip6d added. Not for use outside kern_*. */
#ifndef MIP6D_KERN_NL_H
#define MIP6D_KERN_NL_H

#include <libmnl/libmnl.h>
#include <linux/netlink.h>
#include <net/if.h>

#include "kern.h"

#define KERN_NL_BUFSZ 8192

/* Fill a request header (type, flags | NLM_F_REQUEST | NLM_F_ACK). */
struct nlmsghdr *kern_nl_req(void *buf, uint16_t type, uint16_t flags);
/* Send the request and wait for its ACK. Returns 0 or -errno. */
int kern_nl_talk(struct nlmsghdr *nlh);
/* Wait on sock for the ACK (or error) of request seq. Returns 0 or -errno. */
int kern_nl_wait_ack(struct mnl_socket *sock, unsigned int seq);

enum kern_obj_kind {
	KOBJ_ADDR,
	KOBJ_ROUTE,
	KOBJ_RULE,
	KOBJ_PROXY,
	KOBJ_TUNNEL,
	KOBJ_SYSCTL,
	KOBJ_ADDR_GONE,   /* someone else's address we removed: put back */
	KOBJ_NFT_TABLE,   /* an nftables table of ours (ip6 family), name in key */
};

struct kern_obj {
	enum kern_obj_kind kind;
	int ifindex;
	struct in6_addr addr;      /* addr / rule src / proxy target */
	int plen;
	uint32_t table, priority;
	struct kern_route route;
	char ifname[IF_NAMESIZE];  /* sysctl */
	char key[48];              /* sysctl */
	int old_value;             /* sysctl */
	uint32_t flags;            /* KOBJ_ADDR_GONE: IFA_F_* to put it back with */
};

int kern_ledger_add(const struct kern_obj *o);
/* Forget the matching object (it was removed on purpose). */
void kern_ledger_forget(const struct kern_obj *o);
bool kern_ledger_has(const struct kern_obj *o);

#endif
