/* Route Optimization's data path: XFRM ro states and their policies, over NETLINK_XFRM.
 *
 * Both sides have the same shape, with the roles of the two headers swapped. For a
 * pair (a, b) with a ours (the MN's HoA, or the CN's address) and b the peer (the
 * CN's address, or the MN's HoA), out the header the node sends (HAO on the MN, RH2
 * on the CN) and in the one it receives:
 *
 *   state   src a dst b proto out mode ro coa CoA   the kernel writes the header
 *   state   src b dst a proto in  mode ro coa CoA   the kernel accepts it, checking
 *                                                   the CoA (packet source for a HAO,
 *                                                   destination for an RH2)
 *   policy  a -> b proto 135, dir out, no template  Mobility Header as built
 *   policy  a -> b proto 255, dir out, no template  IPPROTO_RAW sockets (the daemon's)
 *   policy  a -> b any, dir out, tmpl out ro (use)
 *   policy  b -> a any, dir in,  tmpl in ro (use)   without it the kernel drops what
 *                                                   the inbound state accepted
 *
 * The inbound state is found by the addresses the packet has once the header is
 * processed (HoA as source on the CN, HoA as destination on the MN). The templates
 * are optional ("level use"): a plain packet between the same addresses (through the
 * home agent) passes the inbound policy, and an outbound packet goes out plain
 * rather than being dropped if its state is missing.
 *
 * The socket is opened on first use and closed once none of our objects is left. */
#include <errno.h>
#include <linux/xfrm.h>
#include <stdbool.h>
#include <string.h>

#include "kern_xfrm.h"
#include "kern_xfrm_nl.h"

#ifndef IPPROTO_MH
#define IPPROTO_MH 135
#endif

/* Lower wins. The bypasses must beat the policy with the template between the same
 * addresses; an IPsec policy given without a priority (0) still beats both. */
#define RO_PRIO_BYPASS 100
#define RO_PRIO_DATA   101

/* A state: its identity in the kernel (no SPI for hao/route2) and in the ledger. */
struct ro_sa {
	struct in6_addr src, dst;
	uint8_t proto;          /* IPPROTO_DSTOPTS (hao) or IPPROTO_ROUTING (route2) */
};

/* A policy: the kernel knows it by direction and selector. */
struct ro_sp {
	struct in6_addr src, dst;
	uint8_t proto;          /* the selector's upper layer, 0 = any */
	uint8_t dir;            /* XFRM_POLICY_IN / XFRM_POLICY_OUT */
};

/* Everything one binding has on one side, in the order it is put in place; removal
 * goes the other way (the policy that uses a state first). */
struct ro_binding {
	struct ro_sa sa_out, sa_in;
	struct ro_sp sp_in, sp_mh, sp_raw, sp_out;
};

/* hard_secs: 0, or a lifetime after which the kernel removes the state itself. */
static int sa_msg(uint16_t type, const struct ro_sa *sa, const struct in6_addr *coa,
		  uint64_t hard_secs)
{
	char buf[KERN_NL_BUFSZ];
	struct nlmsghdr *nlh = kern_nl_req(buf, type, 0);
	struct xfrm_usersa_info *p = mnl_nlmsg_put_extra_header(nlh, sizeof(*p));

	kern_xfrm_sel(&p->sel, &sa->src, &sa->dst, 0);
	memcpy(&p->id.daddr, &sa->dst, sizeof(sa->dst));
	p->id.proto = sa->proto;
	memcpy(&p->saddr, &sa->src, sizeof(sa->src));
	kern_xfrm_lft_inf(&p->lft);
	p->lft.hard_add_expires_seconds = hard_secs;
	p->family = AF_INET6;
	p->mode = XFRM_MODE_ROUTEOPTIMIZATION;
	mnl_attr_put(nlh, XFRMA_COADDR, sizeof(xfrm_address_t), coa);
	return kern_xfrm_talk(nlh);
}

/* Removes the state from the kernel only; one that is gone already is no error. */
static int sa_remove(const struct ro_sa *sa)
{
	char buf[KERN_NL_BUFSZ];
	struct nlmsghdr *nlh = kern_nl_req(buf, XFRM_MSG_DELSA, 0);
	struct xfrm_usersa_id *id = mnl_nlmsg_put_extra_header(nlh, sizeof(*id));
	int err;

	memcpy(&id->daddr, &sa->dst, sizeof(sa->dst));
	id->family = AF_INET6;
	id->proto = sa->proto;
	mnl_attr_put(nlh, XFRMA_SRCADDR, sizeof(xfrm_address_t), &sa->src);
	err = kern_xfrm_talk(nlh);
	return err == -ESRCH ? 0 : err;
}

/* tmpl: the state the policy's template names; NULL for a bypass. */
static int sp_msg(const struct ro_sp *sp, const struct ro_sa *tmpl, uint32_t prio)
{
	char buf[KERN_NL_BUFSZ];
	/* UPDPOLICY creates or replaces in one step; a replaced policy takes the
	 * bundles (cached routes) built from it along, so none keeps using the route
	 * to an old care-of address. */
	struct nlmsghdr *nlh = kern_nl_req(buf, XFRM_MSG_UPDPOLICY, 0);
	struct xfrm_userpolicy_info *p = mnl_nlmsg_put_extra_header(nlh, sizeof(*p));

	kern_xfrm_sel(&p->sel, &sp->src, &sp->dst, sp->proto);
	kern_xfrm_lft_inf(&p->lft);
	p->priority = prio;
	p->dir = sp->dir;
	p->action = XFRM_POLICY_ALLOW;
	p->share = XFRM_SHARE_ANY;
	if (tmpl) {
		struct xfrm_user_tmpl t;

		memset(&t, 0, sizeof(t));
		/* On input the kernel compares these with the state's addresses. */
		memcpy(&t.id.daddr, &tmpl->dst, sizeof(tmpl->dst));
		memcpy(&t.saddr, &tmpl->src, sizeof(tmpl->src));
		t.id.proto = tmpl->proto;
		t.family = AF_INET6;
		t.mode = XFRM_MODE_ROUTEOPTIMIZATION;
		t.optional = 1;
		t.aalgos = t.ealgos = t.calgos = ~0u;
		mnl_attr_put(nlh, XFRMA_TMPL, sizeof(t), &t);
	}
	return kern_xfrm_talk(nlh);
}

static int sp_remove(const struct ro_sp *sp)
{
	char buf[KERN_NL_BUFSZ];
	struct nlmsghdr *nlh = kern_nl_req(buf, XFRM_MSG_DELPOLICY, 0);
	struct xfrm_userpolicy_id *id = mnl_nlmsg_put_extra_header(nlh, sizeof(*id));
	int err;

	kern_xfrm_sel(&id->sel, &sp->src, &sp->dst, sp->proto);
	id->dir = sp->dir;
	err = kern_xfrm_talk(nlh);
	return err == -ENOENT ? 0 : err;
}

/* The ledger's undo functions. They run from kern_close() only, with the entry
 * already out of the ledger. */
static int sa_undo(const void *arg)
{
	int err = sa_remove(arg);

	kern_xfrm_undone();
	return err;
}

static int sp_undo(const void *arg)
{
	int err = sp_remove(arg);

	kern_xfrm_undone();
	return err;
}

/* fresh: we have no such state. One there all the same (left by a run that did not
 * exit cleanly) is taken over, as it carries our binding. */
static int sa_put(const struct ro_sa *sa, const struct in6_addr *coa, bool fresh)
{
	int err = sa_msg(fresh ? XFRM_MSG_NEWSA : XFRM_MSG_UPDSA, sa, coa, 0);

	if (err == (fresh ? -EEXIST : -ESRCH))
		err = sa_msg(fresh ? XFRM_MSG_UPDSA : XFRM_MSG_NEWSA, sa, coa, 0);
	if (err)
		return err;
	return kern_xfrm_record(sa_undo, sa, sizeof(*sa));
}

static int sp_put(const struct ro_sp *sp, const struct ro_sa *tmpl, uint32_t prio)
{
	int err = sp_msg(sp, tmpl, prio);

	if (err)
		return err;
	return kern_xfrm_record(sp_undo, sp, sizeof(*sp));
}

static int sa_del(const struct ro_sa *sa)
{
	int err = sa_remove(sa);

	if (!err)
		kern_xfrm_drop(sa_undo, sa, sizeof(*sa));
	return err;
}

static int sp_del(const struct ro_sp *sp)
{
	int err = sp_remove(sp);

	if (!err)
		kern_xfrm_drop(sp_undo, sp, sizeof(*sp));
	return err;
}

static void ro_sa_init(struct ro_sa *sa, const struct in6_addr *src,
		       const struct in6_addr *dst, uint8_t proto)
{
	memset(sa, 0, sizeof(*sa));     /* the ledger compares identities bytewise */
	sa->src = *src;
	sa->dst = *dst;
	sa->proto = proto;
}

static void ro_sp_init(struct ro_sp *sp, const struct in6_addr *src,
		       const struct in6_addr *dst, uint8_t proto, uint8_t dir)
{
	memset(sp, 0, sizeof(*sp));
	sp->src = *src;
	sp->dst = *dst;
	sp->proto = proto;
	sp->dir = dir;
}

static void ro_binding(struct ro_binding *b, const struct in6_addr *ours,
		       const struct in6_addr *peer, uint8_t out, uint8_t in)
{
	ro_sa_init(&b->sa_out, ours, peer, out);
	ro_sa_init(&b->sa_in, peer, ours, in);
	ro_sp_init(&b->sp_in, peer, ours, 0, XFRM_POLICY_IN);
	ro_sp_init(&b->sp_mh, ours, peer, IPPROTO_MH, XFRM_POLICY_OUT);
	ro_sp_init(&b->sp_raw, ours, peer, IPPROTO_RAW, XFRM_POLICY_OUT);
	ro_sp_init(&b->sp_out, ours, peer, 0, XFRM_POLICY_OUT);
}

static void keep_first(int *first, int err)
{
	if (err && !*first)
		*first = err;
}

static int ro_del(const struct ro_binding *b)
{
	int first = 0;

	keep_first(&first, sp_del(&b->sp_out));
	keep_first(&first, sp_del(&b->sp_raw));
	keep_first(&first, sp_del(&b->sp_mh));
	keep_first(&first, sp_del(&b->sp_in));
	keep_first(&first, sa_del(&b->sa_in));
	keep_first(&first, sa_del(&b->sa_out));
	kern_xfrm_idle();
	return first;
}

static int ro_set(const struct ro_binding *b, const struct in6_addr *coa)
{
	struct ro_sa other = b->sa_out;
	bool fresh = !kern_ledger_has(sa_undo, &b->sa_out, sizeof(b->sa_out));
	int err;

	/* The same pair in the other role (two mobile nodes optimizing towards each
	 * other) would need one outbound policy with both templates: not supported,
	 * and it must not silently replace the other role's policy. */
	other.proto = b->sa_in.proto;
	if (kern_ledger_has(sa_undo, &other, sizeof(other)))
		return -EBUSY;
	/* States before the policies that use them, and the bypasses before the
	 * policy they are exceptions to. */
	err = sa_put(&b->sa_out, coa, fresh);
	if (!err)
		err = sa_put(&b->sa_in, coa, fresh);
	if (!err)
		err = sp_put(&b->sp_in, &b->sa_in, RO_PRIO_DATA);
	if (!err)
		err = sp_put(&b->sp_mh, NULL, RO_PRIO_BYPASS);
	if (!err)
		err = sp_put(&b->sp_raw, NULL, RO_PRIO_BYPASS);
	if (!err)
		err = sp_put(&b->sp_out, &b->sa_out, RO_PRIO_DATA);
	/* A failed update leaves the binding as far as it got, still recorded. */
	if (err && fresh)
		ro_del(b);
	return err;
}

int kern_ro_mn_set(const struct in6_addr *hoa, const struct in6_addr *coa,
		   const struct in6_addr *peer)
{
	struct ro_binding b;

	ro_binding(&b, hoa, peer, IPPROTO_DSTOPTS, IPPROTO_ROUTING);
	return ro_set(&b, coa);
}

int kern_ro_mn_accept(const struct in6_addr *hoa, const struct in6_addr *coa,
		      const struct in6_addr *peer)
{
	struct ro_binding b;
	bool fresh;
	int err;

	ro_binding(&b, hoa, peer, IPPROTO_DSTOPTS, IPPROTO_ROUTING);
	fresh = !kern_ledger_has(sa_undo, &b.sa_in, sizeof(b.sa_in));
	err = sa_put(&b.sa_in, coa, fresh);
	if (!err)
		err = sp_put(&b.sp_in, &b.sa_in, RO_PRIO_DATA);
	if (err && fresh)
		ro_del(&b);
	return err;
}

int kern_ro_mn_del(const struct in6_addr *hoa, const struct in6_addr *peer)
{
	struct ro_binding b;

	ro_binding(&b, hoa, peer, IPPROTO_DSTOPTS, IPPROTO_ROUTING);
	return ro_del(&b);
}

int kern_ro_cn_set(const struct in6_addr *local, const struct in6_addr *hoa,
		   const struct in6_addr *coa)
{
	struct ro_binding b;

	ro_binding(&b, local, hoa, IPPROTO_ROUTING, IPPROTO_DSTOPTS);
	return ro_set(&b, coa);
}

int kern_ro_cn_del(const struct in6_addr *local, const struct in6_addr *hoa)
{
	struct ro_binding b;

	ro_binding(&b, local, hoa, IPPROTO_ROUTING, IPPROTO_DSTOPTS);
	return ro_del(&b);
}

int kern_ro_probe(void)
{
	static const uint8_t protos[] = { IPPROTO_DSTOPTS, IPPROTO_ROUTING };
	int err = 0;

	for (size_t i = 0; i < sizeof(protos) && !err; i++) {
		struct ro_sa sa;

		ro_sa_init(&sa, &in6addr_loopback, &in6addr_loopback, protos[i]);
		/* The lifetime removes it should we die before the delete. */
		err = sa_msg(XFRM_MSG_NEWSA, &sa, &in6addr_loopback, 5);
		if (!err)
			err = sa_remove(&sa);
		else if (err == -EEXIST)
			err = 0;        /* someone's: then the kernel has it */
	}
	kern_xfrm_idle();
	/* Without IPV6_MIP6 xfrm_user knows neither proto: "Unsupported protocol". */
	if (err == -EINVAL || err == -ENOPROTOOPT)
		err = -EPROTONOSUPPORT;
	return err;
}
