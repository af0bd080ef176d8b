/* Internals shared by the XFRM users (kern_xfrm.c: route optimization; kern_ipsec.c: the
 * home registration's ESP): one NETLINK_XFRM request socket, opened on first use and
 * closed once no object of theirs is left in the ledger, and the request pieces both
 * write. Not for use outside kern_*. */
#ifndef MIP6D_KERN_XFRM_NL_H
#define MIP6D_KERN_XFRM_NL_H

#include <linux/xfrm.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>

#include "kern_ledger.h"
#include "kern_nl.h"

/* Send the request on the XFRM socket (opened if need be) and wait for its ACK. */
int kern_xfrm_talk(struct nlmsghdr *nlh);
/* Closes the socket when no recorded object is left. */
void kern_xfrm_idle(void);

/* A selector src/128 -> dst/128 for upper-layer proto (0: any). */
void kern_xfrm_sel(struct xfrm_selector *sel, const struct in6_addr *src,
		   const struct in6_addr *dst, uint8_t proto);
/* No byte or packet limit (zero limits would mean "expired at once"). */
void kern_xfrm_lft_inf(struct xfrm_lifetime_cfg *l);

/* Record an object in the ledger once, whatever the number of updates, and count it
 * for the socket's life. */
int kern_xfrm_record(kern_undo_fn *undo, const void *obj, size_t len);
/* The object was removed on purpose: out of the ledger, no longer counted. */
void kern_xfrm_drop(kern_undo_fn *undo, const void *obj, size_t len);
/* For the undo functions, run from kern_close() with their entry already out of the
 * ledger: no longer counted (closes the socket after the last one). */
void kern_xfrm_undone(void);

#endif
