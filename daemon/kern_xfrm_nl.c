/* The NETLINK_XFRM request socket of kern_xfrm.c and kern_ipsec.c, and what their
 * requests have in common. */
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "kern_xfrm_nl.h"

static struct mnl_socket *xnl;
static int live;                /* our objects in the ledger, both files' */

static int xfrm_open(void)
{
	if (xnl)
		return 0;
	xnl = mnl_socket_open2(NETLINK_XFRM, SOCK_CLOEXEC);
	if (!xnl)
		return -errno;
	if (mnl_socket_bind(xnl, 0, MNL_SOCKET_AUTOPID) < 0) {
		int err = -errno;

		mnl_socket_close(xnl);
		xnl = NULL;
		return err;
	}
	return 0;
}

void kern_xfrm_idle(void)
{
	if (!live && xnl) {
		mnl_socket_close(xnl);
		xnl = NULL;
	}
}

int kern_xfrm_talk(struct nlmsghdr *nlh)
{
	int err = xfrm_open();

	return err ? err : kern_nl_request(xnl, nlh, nlh->nlmsg_len, nlh->nlmsg_seq,
					   KERN_REQ_XFRM);
}

void kern_xfrm_sel(struct xfrm_selector *sel, const struct in6_addr *src,
		   const struct in6_addr *dst, uint8_t proto)
{
	memset(sel, 0, sizeof(*sel));
	memcpy(&sel->saddr, src, sizeof(*src));
	memcpy(&sel->daddr, dst, sizeof(*dst));
	sel->family = AF_INET6;
	sel->prefixlen_s = 128;
	sel->prefixlen_d = 128;
	sel->proto = proto;
}

void kern_xfrm_lft_inf(struct xfrm_lifetime_cfg *l)
{
	l->soft_byte_limit = XFRM_INF;
	l->hard_byte_limit = XFRM_INF;
	l->soft_packet_limit = XFRM_INF;
	l->hard_packet_limit = XFRM_INF;
}

int kern_xfrm_record(kern_undo_fn *undo, const void *obj, size_t len)
{
	bool had = kern_ledger_has(undo, obj, len);
	int err = kern_defer(undo, obj, len, obj, len);

	if (!err && !had)
		live++;
	return err;
}

void kern_xfrm_drop(kern_undo_fn *undo, const void *obj, size_t len)
{
	if (kern_ledger_has(undo, obj, len)) {
		kern_forget(undo, obj, len);
		live--;
	}
}

void kern_xfrm_undone(void)
{
	live--;
	kern_xfrm_idle();
}
