/* Internals shared by the kern_*.c files: the rtnetlink request socket.
 * Not for use outside kern_*. */
#ifndef MIP6D_KERN_NL_H
#define MIP6D_KERN_NL_H

#include <libmnl/libmnl.h>
#include <linux/netlink.h>

#include "kern.h"

#define KERN_NL_BUFSZ 8192

/* Fill a request header (type, flags | NLM_F_REQUEST | NLM_F_ACK). */
struct nlmsghdr *kern_nl_req(void *buf, uint16_t type, uint16_t flags);
/* Send the request and wait for its ACK. Returns 0 or -errno. */
int kern_nl_talk(struct nlmsghdr *nlh);
/* Wait on sock for the ACK (or error) of request seq. Returns 0 or -errno.
 * Only the kernel's messages count: others are dropped and counted. */
int kern_nl_wait_ack(struct mnl_socket *sock, unsigned int seq);
/* The same, handing every other message of request seq to fn (a dump's entries)
 * until its NLMSG_DONE. */
typedef void (*kern_nl_msg_fn)(const struct nlmsghdr *h, void *ctx);
int kern_nl_read(struct mnl_socket *sock, unsigned int seq, kern_nl_msg_fn fn, void *ctx);
/* Send a dump request (NLM_F_DUMP is added) and hand each entry to fn. */
int kern_nl_dump(struct nlmsghdr *nlh, kern_nl_msg_fn fn, void *ctx);
/* Send len bytes of requests on sock and wait for the ACK (or error) of request seq,
 * the time from the send to the answer counted for kind k. Returns 0 or -errno. */
int kern_nl_request(struct mnl_socket *sock, const void *buf, size_t len, unsigned int seq,
		    enum kern_req_kind k);
/* Messages dropped so far because a process, not the kernel, sent them. */
uint64_t kern_nl_foreign(void);

#endif
