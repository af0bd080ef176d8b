/* IPv6 routes and policy rules. */
#include <errno.h>
#include <linux/fib_rules.h>
#include <linux/lwtunnel.h>
#include <linux/rtnetlink.h>
#include <string.h>

#include "kern.h"
#include "kern_ledger.h"
#include "kern_nl.h"

static int route_msg(int cmd, uint16_t flags, const struct kern_route *r)
{
	char buf[KERN_NL_BUFSZ];
	struct nlmsghdr *nlh = kern_nl_req(buf, (uint16_t)cmd, flags);
	struct rtmsg *rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	uint32_t table = r->table ? r->table : RT_TABLE_MAIN;

	if (r->plen < 0 || r->plen > 128)
		return -EINVAL;
	rtm->rtm_family = AF_INET6;
	rtm->rtm_dst_len = (unsigned char)r->plen;
	/* A delete with protocol/type 0 matches routes the kernel or its RA
	 * processing installed, too. */
	if (cmd == RTM_NEWROUTE) {
		rtm->rtm_protocol = RTPROT_STATIC;
		rtm->rtm_type = RTN_UNICAST;
	}
	rtm->rtm_scope = RT_SCOPE_UNIVERSE;
	rtm->rtm_table = table < 256 ? (unsigned char)table : RT_TABLE_UNSPEC;
	mnl_attr_put_u32(nlh, RTA_TABLE, table);
	if (r->plen > 0)
		mnl_attr_put(nlh, RTA_DST, sizeof(r->dst), &r->dst);
	if (!IN6_IS_ADDR_UNSPECIFIED(&r->gw))
		mnl_attr_put(nlh, RTA_GATEWAY, sizeof(r->gw), &r->gw);
	if (!IN6_IS_ADDR_UNSPECIFIED(&r->prefsrc))
		mnl_attr_put(nlh, RTA_PREFSRC, sizeof(r->prefsrc), &r->prefsrc);
	if (r->ifindex > 0)
		mnl_attr_put_u32(nlh, RTA_OIF, (uint32_t)r->ifindex);
	if (r->metric)
		mnl_attr_put_u32(nlh, RTA_PRIORITY, r->metric);
	if (cmd == RTM_NEWROUTE && !IN6_IS_ADDR_UNSPECIFIED(&r->encap_dst)) {
		struct nlattr *encap;

		mnl_attr_put_u16(nlh, RTA_ENCAP_TYPE, LWTUNNEL_ENCAP_IP6);
		encap = mnl_attr_nest_start(nlh, RTA_ENCAP);
		mnl_attr_put(nlh, LWTUNNEL_IP6_DST, sizeof(r->encap_dst), &r->encap_dst);
		if (!IN6_IS_ADDR_UNSPECIFIED(&r->encap_src))
			mnl_attr_put(nlh, LWTUNNEL_IP6_SRC, sizeof(r->encap_src), &r->encap_src);
		mnl_attr_put_u8(nlh, LWTUNNEL_IP6_HOPLIMIT, 64);
		mnl_attr_nest_end(nlh, encap);
	}
	return kern_nl_talk(nlh);
}

/* What identifies a route of ours: the fields its delete request matches on
 * (a replaced route keeps its identity, whatever it encapsulates to). */
struct route_id {
	struct in6_addr dst, gw;
	int plen, ifindex;
	uint32_t table, metric;
};

static void route_id(struct route_id *id, const struct kern_route *r)
{
	memset(id, 0, sizeof(*id));
	id->dst = r->dst;
	id->gw = r->gw;
	id->plen = r->plen;
	id->ifindex = r->ifindex;
	id->table = r->table;
	id->metric = r->metric;
}

static int route_undo(const void *arg)
{
	return kern_route_del(arg);
}

/* A route through a tunnel of ours goes when the tunnel does (the kernel flushes a
 * link's routes as it deletes it): the home agent's route per binding costs the
 * ledger nothing, which at 100,000 bindings was most of mip6d's memory. */
static int route_defer(const struct kern_route *r)
{
	struct route_id id;

	if (kern_link_is_ours(r->ifindex))
		return 0;
	route_id(&id, r);
	return kern_defer(route_undo, &id, sizeof(id), r, sizeof(*r));
}

int kern_route_replace(const struct kern_route *r)
{
	int err = route_msg(RTM_NEWROUTE, NLM_F_CREATE | NLM_F_REPLACE, r);

	if (err)
		return err;
	return route_defer(r);
}

int kern_route_add(const struct kern_route *r)
{
	int err = route_msg(RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL, r);

	if (err == -EEXIST)
		return 0;
	if (err)
		return err;
	return route_defer(r);
}

int kern_route_del(const struct kern_route *r)
{
	struct route_id id;
	int err = route_msg(RTM_DELROUTE, 0, r);

	/* Removed with its link (tunnel deleted) or by someone else. */
	if (err == -ESRCH || err == -ENODEV)
		err = 0;
	if (!err) {
		route_id(&id, r);
		kern_forget(route_undo, &id, sizeof(id));
	}
	return err;
}

static int rule_msg(int cmd, uint16_t flags, const struct in6_addr *src,
		    int plen, uint32_t table, uint32_t priority)
{
	char buf[KERN_NL_BUFSZ];
	struct nlmsghdr *nlh = kern_nl_req(buf, (uint16_t)cmd, flags);
	struct fib_rule_hdr *frh = mnl_nlmsg_put_extra_header(nlh, sizeof(*frh));

	if (plen < 0 || plen > 128)
		return -EINVAL;
	frh->family = AF_INET6;
	frh->src_len = (unsigned char)plen;
	frh->action = FR_ACT_TO_TBL;
	frh->table = table < 256 ? (unsigned char)table : RT_TABLE_UNSPEC;
	mnl_attr_put_u32(nlh, FRA_TABLE, table);
	mnl_attr_put_u32(nlh, FRA_PRIORITY, priority);
	if (plen > 0)
		mnl_attr_put(nlh, FRA_SRC, sizeof(*src), src);
	return kern_nl_talk(nlh);
}

/* What identifies a rule of ours; also all its undo needs. */
struct rule_id {
	struct in6_addr src;
	int plen;
	uint32_t table, priority;
};

static void rule_id(struct rule_id *id, const struct in6_addr *src, int plen,
		    uint32_t table, uint32_t priority)
{
	memset(id, 0, sizeof(*id));
	id->src = *src;
	id->plen = plen;
	id->table = table;
	id->priority = priority;
}

static int rule_undo(const void *arg)
{
	const struct rule_id *id = arg;

	return kern_rule_del(&id->src, id->plen, id->table, id->priority);
}

int kern_rule_add(const struct in6_addr *src, int plen, uint32_t table,
		  uint32_t priority)
{
	struct rule_id id;
	int err = rule_msg(RTM_NEWRULE, NLM_F_CREATE | NLM_F_EXCL, src, plen,
			   table, priority);

	if (err == -EEXIST)
		return 0;
	if (err)
		return err;
	rule_id(&id, src, plen, table, priority);
	return kern_defer(rule_undo, &id, sizeof(id), &id, sizeof(id));
}

int kern_rule_del(const struct in6_addr *src, int plen, uint32_t table,
		  uint32_t priority)
{
	struct rule_id id;
	int err = rule_msg(RTM_DELRULE, 0, src, plen, table, priority);

	if (err == -ENOENT)
		err = 0;
	if (!err) {
		rule_id(&id, src, plen, table, priority);
		kern_forget(rule_undo, &id, sizeof(id));
	}
	return err;
}

struct dump_ctx {
	kern_route_fn fn;
	void *ctx;
};

static int route_attr(const struct nlattr *a, void *data)
{
	const struct nlattr **tb = data;
	int type = mnl_attr_get_type(a);

	if (type <= RTA_MAX)
		tb[type] = a;
	return MNL_CB_OK;
}

static int encap_attr(const struct nlattr *a, void *data)
{
	struct kern_route *r = data;
	int type = mnl_attr_get_type(a);

	if (mnl_attr_get_payload_len(a) != sizeof(struct in6_addr))
		return MNL_CB_OK;
	if (type == LWTUNNEL_IP6_DST)
		memcpy(&r->encap_dst, mnl_attr_get_payload(a), sizeof(r->encap_dst));
	else if (type == LWTUNNEL_IP6_SRC)
		memcpy(&r->encap_src, mnl_attr_get_payload(a), sizeof(r->encap_src));
	return MNL_CB_OK;
}

static void dump_entry(const struct nlmsghdr *h, void *data)
{
	const struct nlattr *tb[RTA_MAX + 1] = { 0 };
	const struct dump_ctx *d = data;
	const struct rtmsg *rtm = mnl_nlmsg_get_payload(h);
	struct kern_route r;

	if (h->nlmsg_type != RTM_NEWROUTE || h->nlmsg_len < mnl_nlmsg_size(sizeof(*rtm)) ||
	    rtm->rtm_family != AF_INET6)
		return;
	memset(&r, 0, sizeof(r));
	r.plen = rtm->rtm_dst_len;
	r.table = rtm->rtm_table;
	if (mnl_attr_parse(h, sizeof(*rtm), route_attr, tb) != MNL_CB_OK)
		return;
	if (tb[RTA_TABLE] && mnl_attr_get_payload_len(tb[RTA_TABLE]) == 4)
		r.table = mnl_attr_get_u32(tb[RTA_TABLE]);
	if (tb[RTA_DST] && mnl_attr_get_payload_len(tb[RTA_DST]) == sizeof(r.dst))
		memcpy(&r.dst, mnl_attr_get_payload(tb[RTA_DST]), sizeof(r.dst));
	if (tb[RTA_GATEWAY] && mnl_attr_get_payload_len(tb[RTA_GATEWAY]) == sizeof(r.gw))
		memcpy(&r.gw, mnl_attr_get_payload(tb[RTA_GATEWAY]), sizeof(r.gw));
	if (tb[RTA_OIF] && mnl_attr_get_payload_len(tb[RTA_OIF]) == 4)
		r.ifindex = (int)mnl_attr_get_u32(tb[RTA_OIF]);
	if (tb[RTA_PRIORITY] && mnl_attr_get_payload_len(tb[RTA_PRIORITY]) == 4)
		r.metric = mnl_attr_get_u32(tb[RTA_PRIORITY]);
	if (tb[RTA_ENCAP])
		mnl_attr_parse_nested(tb[RTA_ENCAP], encap_attr, &r);
	d->fn(&r, d->ctx);
}

void kern_route_parse(const struct nlmsghdr *h, kern_route_fn fn, void *ctx)
{
	struct dump_ctx d = { .fn = fn, .ctx = ctx };

	dump_entry(h, &d);
}

int kern_route_dump(kern_route_fn fn, void *ctx)
{
	char buf[KERN_NL_BUFSZ];
	struct nlmsghdr *nlh = kern_nl_req(buf, RTM_GETROUTE, 0);
	struct rtmsg *rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	struct dump_ctx d = { .fn = fn, .ctx = ctx };

	rtm->rtm_family = AF_INET6;
	return kern_nl_dump(nlh, dump_entry, &d);
}
