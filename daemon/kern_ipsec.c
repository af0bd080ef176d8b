/* The home registration's IPsec policies and ro states (RFC 3776 §4), over NETLINK_XFRM.
 *
 * For a pair (HoA, HA), with BU = MH type 5 from HoA to HA and BA = MH type 6 back:
 *
 *   MN  policy out HoA -> HA  MH 5  tmpl esp transport reqid_to_ha, hao HoA->HA ro (use)
 *       policy in  HA -> HoA  MH 6  tmpl esp transport reqid_to_mn, route2 HA->HoA ro (use)
 *       state  route2 HA -> HoA coa ::   accepts the HA's RH2 whatever the CoA
 *       state  hao HoA -> HA coa CoA     kern_ipsec_coa(), while away
 *   HA  policy out HA -> HoA  MH 6  tmpl esp ..., route2 HA->HoA ro (use)
 *       policy in  HoA -> HA  MH 5  tmpl esp ..., hao HoA->HA ro (use)
 *       state  hao HoA -> HA coa ::      accepts a HAO from any CoA
 *       state  route2 HA -> HoA coa CoA  kern_ipsec_coa(), while the MN is away
 *
 * Template order, found on the wire in the lab VM (tests/e2e/daemon-ipsec-kern.sh): ESP
 * first, then the ro header. On output the kernel applies the templates in order, and
 * the HAO / RH2 goes in front of the ESP header already there (IPv6 | DstOpts(HAO) |
 * ESP | MH, IPv6 | RH2 | ESP | MH); on input it matches the last template with the
 * first header processed. The other order sends nothing that the peer accepts
 * (XfrmInTmplMismatch on both sides).
 *
 * A pair's objects are recorded one by one; the table below only remembers, for
 * kern_ipsec_coa(), what the outbound policy is made of. It is emptied by a ledger
 * entry of its own, pushed before the pair's objects so that it is undone after them. */
#include <errno.h>
#include <linux/xfrm.h>
#include <stdbool.h>
#include <string.h>

#include "kern_ipsec.h"
#include "kern_xfrm_nl.h"

#ifndef IPPROTO_MH
#define IPPROTO_MH 135
#endif
#define MH_TYPE_BU 5
#define MH_TYPE_BA 6

/* Lower wins: ahead of route optimization's policies (100, 101), should an
 * administrator's selectors ever overlap ours. */
#define IPSEC_PRIO 90

/* Pairs one daemon protects: the configuration allows 8 sets. */
#define IPSEC_MAX_PAIRS 16

/* An ro state: known to the kernel by its addresses and proto (no SPI); also its
 * identity in the ledger (zero the padding). */
struct ips_sa {
	struct in6_addr src, dst;
	uint8_t proto;          /* IPPROTO_DSTOPTS (hao) or IPPROTO_ROUTING (route2) */
};

/* A policy as the kernel knows it (direction and selector); also its identity in the
 * ledger, so that re-putting it with other templates is the same entry. */
struct ips_sp_id {
	struct in6_addr src, dst;
	uint8_t mh_type;
	uint8_t dir;
};

/* A policy and what its templates are made of. */
struct ips_sp {
	struct ips_sp_id id;
	uint32_t reqid;         /* the ESP template's */
	struct ips_sa ro;       /* the ro template's state */
};

struct ips_pair {
	bool used;
	bool mn;
	struct in6_addr hoa, ha;
	bool away;              /* the outbound ro state is there, with coa */
	struct in6_addr coa;
	struct ips_sp sp_out, sp_in;
	struct ips_sa sa_out, sa_in;
};

static struct ips_pair pairs[IPSEC_MAX_PAIRS];

/* A pair's table entry in the ledger (zero the padding). */
struct ips_pair_key {
	struct in6_addr hoa, ha;
	bool mn;
};

static struct ips_pair_key pair_key(const struct ips_pair *p)
{
	struct ips_pair_key k;

	memset(&k, 0, sizeof(k));
	k.hoa = p->hoa;
	k.ha = p->ha;
	k.mn = p->mn;
	return k;
}

static int sa_msg(uint16_t type, const struct ips_sa *sa, const struct in6_addr *coa)
{
	char buf[KERN_NL_BUFSZ];
	struct nlmsghdr *nlh = kern_nl_req(buf, type, 0);
	struct xfrm_usersa_info *p = mnl_nlmsg_put_extra_header(nlh, sizeof(*p));

	kern_xfrm_sel(&p->sel, &sa->src, &sa->dst, 0);
	memcpy(&p->id.daddr, &sa->dst, sizeof(sa->dst));
	p->id.proto = sa->proto;
	memcpy(&p->saddr, &sa->src, sizeof(sa->src));
	kern_xfrm_lft_inf(&p->lft);
	p->family = AF_INET6;
	p->mode = XFRM_MODE_ROUTEOPTIMIZATION;
	mnl_attr_put(nlh, XFRMA_COADDR, sizeof(xfrm_address_t), coa);
	return kern_xfrm_talk(nlh);
}

static int sa_remove(const struct ips_sa *sa)
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

static void sp_sel(struct xfrm_selector *sel, const struct ips_sp_id *id)
{
	kern_xfrm_sel(sel, &id->src, &id->dst, IPPROTO_MH);
	/* The kernel matches an MH flow's type as its source "port". */
	sel->sport = htons(id->mh_type);
	sel->sport_mask = 0xffff;
}

static int sp_msg(const struct ips_sp *sp)
{
	char buf[KERN_NL_BUFSZ];
	/* UPDPOLICY creates or replaces in one step, and a replaced policy takes its
	 * cached bundles along: none keeps the route to an old care-of address. */
	struct nlmsghdr *nlh = kern_nl_req(buf, XFRM_MSG_UPDPOLICY, 0);
	struct xfrm_userpolicy_info *p = mnl_nlmsg_put_extra_header(nlh, sizeof(*p));
	struct xfrm_user_tmpl t[2];

	sp_sel(&p->sel, &sp->id);
	kern_xfrm_lft_inf(&p->lft);
	p->priority = IPSEC_PRIO;
	p->dir = sp->id.dir;
	p->action = XFRM_POLICY_ALLOW;
	p->share = XFRM_SHARE_ANY;
	memset(t, 0, sizeof(t));
	/* ESP, transport: its addresses are the packet's. Required: a message without
	 * it fails the inbound check, and none leaves without its SA. */
	t[0].id.proto = IPPROTO_ESP;
	t[0].family = AF_INET6;
	t[0].reqid = sp->reqid;
	t[0].mode = XFRM_MODE_TRANSPORT;
	t[0].aalgos = t[0].ealgos = t[0].calgos = ~0u;
	/* The ro header: compared with the state's addresses on input. Optional: at
	 * home there is no such header, and no outbound state. */
	memcpy(&t[1].id.daddr, &sp->ro.dst, sizeof(sp->ro.dst));
	memcpy(&t[1].saddr, &sp->ro.src, sizeof(sp->ro.src));
	t[1].id.proto = sp->ro.proto;
	t[1].family = AF_INET6;
	t[1].mode = XFRM_MODE_ROUTEOPTIMIZATION;
	t[1].optional = 1;
	t[1].aalgos = t[1].ealgos = t[1].calgos = ~0u;
	mnl_attr_put(nlh, XFRMA_TMPL, sizeof(t), t);
	return kern_xfrm_talk(nlh);
}

static int sp_remove(const struct ips_sp_id *id)
{
	char buf[KERN_NL_BUFSZ];
	struct nlmsghdr *nlh = kern_nl_req(buf, XFRM_MSG_DELPOLICY, 0);
	struct xfrm_userpolicy_id *pid = mnl_nlmsg_put_extra_header(nlh, sizeof(*pid));
	int err;

	sp_sel(&pid->sel, id);
	pid->dir = id->dir;
	err = kern_xfrm_talk(nlh);
	return err == -ENOENT ? 0 : err;
}

/* The ledger's undo functions (kern_close() only, the entry already out). */
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

static struct ips_pair *pair_find(const struct in6_addr *hoa, const struct in6_addr *ha,
				  bool mn)
{
	for (unsigned i = 0; i < IPSEC_MAX_PAIRS; i++)
		if (pairs[i].used && pairs[i].mn == mn &&
		    !memcmp(&pairs[i].hoa, hoa, sizeof(*hoa)) &&
		    !memcmp(&pairs[i].ha, ha, sizeof(*ha)))
			return &pairs[i];
	return NULL;
}

/* No kernel object: the table entry goes with the pair's objects. */
static int pair_undo(const void *arg)
{
	const struct ips_pair_key *key = arg;
	struct ips_pair *p = pair_find(&key->hoa, &key->ha, key->mn);

	if (p)
		memset(p, 0, sizeof(*p));
	return 0;
}

/* A state we do not have but the kernel does (left by a run that did not exit
 * cleanly, for this very pair) is taken over. */
static int sa_put(const struct ips_sa *sa, const struct in6_addr *coa)
{
	bool fresh = !kern_ledger_has(sa_undo, sa, sizeof(*sa));
	int err = sa_msg(fresh ? XFRM_MSG_NEWSA : XFRM_MSG_UPDSA, sa, coa);

	if (err == (fresh ? -EEXIST : -ESRCH))
		err = sa_msg(fresh ? XFRM_MSG_UPDSA : XFRM_MSG_NEWSA, sa, coa);
	if (err)
		return err;
	return kern_xfrm_record(sa_undo, sa, sizeof(*sa));
}

static int sa_del(const struct ips_sa *sa)
{
	int err = sa_remove(sa);

	if (!err)
		kern_xfrm_drop(sa_undo, sa, sizeof(*sa));
	return err;
}

static int sp_put(const struct ips_sp *sp)
{
	int err = sp_msg(sp);

	if (err)
		return err;
	return kern_xfrm_record(sp_undo, &sp->id, sizeof(sp->id));
}

static int sp_del(const struct ips_sp *sp)
{
	int err = sp_remove(&sp->id);

	if (!err)
		kern_xfrm_drop(sp_undo, &sp->id, sizeof(sp->id));
	return err;
}

static void sa_init(struct ips_sa *sa, const struct in6_addr *src,
		    const struct in6_addr *dst, uint8_t proto)
{
	memset(sa, 0, sizeof(*sa));
	sa->src = *src;
	sa->dst = *dst;
	sa->proto = proto;
}

static void sp_init(struct ips_sp *sp, const struct ips_sa *ro, uint8_t mh_type,
		    uint8_t dir, uint32_t reqid)
{
	memset(sp, 0, sizeof(*sp));
	/* The policy selects what the header's state carries: the same addresses. */
	sp->id.src = ro->src;
	sp->id.dst = ro->dst;
	sp->id.mh_type = mh_type;
	sp->id.dir = dir;
	sp->reqid = reqid;
	sp->ro = *ro;
}

/* What the pair is made of, on this node. */
static void pair_init(struct ips_pair *p, const struct in6_addr *hoa,
		      const struct in6_addr *ha, uint32_t reqid_to_ha,
		      uint32_t reqid_to_mn, bool mn)
{
	struct ips_sa hao, rt2;

	memset(p, 0, sizeof(*p));
	p->used = true;
	p->mn = mn;
	p->hoa = *hoa;
	p->ha = *ha;
	sa_init(&hao, hoa, ha, IPPROTO_DSTOPTS);
	sa_init(&rt2, ha, hoa, IPPROTO_ROUTING);
	if (mn) {
		sp_init(&p->sp_out, &hao, MH_TYPE_BU, XFRM_POLICY_OUT, reqid_to_ha);
		sp_init(&p->sp_in, &rt2, MH_TYPE_BA, XFRM_POLICY_IN, reqid_to_mn);
		p->sa_out = hao;
		p->sa_in = rt2;
	} else {
		sp_init(&p->sp_out, &rt2, MH_TYPE_BA, XFRM_POLICY_OUT, reqid_to_mn);
		sp_init(&p->sp_in, &hao, MH_TYPE_BU, XFRM_POLICY_IN, reqid_to_ha);
		p->sa_out = rt2;
		p->sa_in = hao;
	}
}

/* A pair that could not be put in place, undone as far as it got. */
static void pair_remove(struct ips_pair *p)
{
	struct ips_pair_key k = pair_key(p);

	sp_del(&p->sp_out);
	sp_del(&p->sp_in);
	sa_del(&p->sa_in);
	kern_forget(pair_undo, &k, sizeof(k));
	memset(p, 0, sizeof(*p));
	kern_xfrm_idle();
}

int kern_ipsec_pair_add(const struct in6_addr *hoa, const struct in6_addr *ha,
			uint32_t reqid_to_ha, uint32_t reqid_to_mn, bool mn)
{
	static const struct in6_addr any;
	struct ips_pair *p = pair_find(hoa, ha, mn), *slot = NULL;
	struct ips_pair_key key;
	bool fresh = !p;
	int err;

	/* One policy per direction and selector: the other role's would replace it. */
	if (pair_find(hoa, ha, !mn))
		return -EBUSY;
	if (!p) {
		for (unsigned i = 0; i < IPSEC_MAX_PAIRS && !slot; i++)
			if (!pairs[i].used)
				slot = &pairs[i];
		if (!slot)
			return -ENOSPC;
		p = slot;
	}
	{
		bool away = p->away;
		struct in6_addr coa = p->coa;

		pair_init(p, hoa, ha, reqid_to_ha, reqid_to_mn, mn);
		p->away = away;
		p->coa = coa;
	}
	/* The table's ledger entry is older than the objects: undone after them. */
	key = pair_key(p);
	err = kern_defer(pair_undo, &key, sizeof(key), &key, sizeof(key));
	if (err) {
		memset(p, 0, sizeof(*p));
		return err;
	}
	/* An outbound ro state left by a run that did not exit cleanly would put its old
	 * care-of address on a message from home: gone until kern_ipsec_coa() says. */
	err = fresh ? sa_remove(&p->sa_out) : 0;
	/* The state before the policy whose template names it. */
	if (!err)
		err = sa_put(&p->sa_in, &any);
	if (!err)
		err = sp_put(&p->sp_in);
	if (!err)
		err = sp_put(&p->sp_out);
	if (err && fresh)
		pair_remove(p);
	return err;
}

int kern_ipsec_coa(const struct in6_addr *hoa, const struct in6_addr *ha,
		   const struct in6_addr *coa, bool mn)
{
	struct ips_pair *p = pair_find(hoa, ha, mn);
	bool home = !coa || !memcmp(coa, hoa, sizeof(*coa));
	int err;

	if (!p)
		return -ENOENT;
	if (home ? !p->away : p->away && !memcmp(&p->coa, coa, sizeof(*coa)))
		return 0;
	if (home) {
		err = sa_del(&p->sa_out);
		if (err)
			return err;
		p->away = false;
		memset(&p->coa, 0, sizeof(p->coa));
	} else {
		err = sa_put(&p->sa_out, coa);
		if (err)
			return err;
		p->away = true;
		p->coa = *coa;
	}
	/* Re-put: the bundles built with the old state (its route) go with it. */
	return sp_put(&p->sp_out);
}
