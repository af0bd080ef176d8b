/* kern_*: every object type against the real kernel, in a private network
 * namespace, checked with iproute2; and the ledger: kern_close() removes
 * what mip6d added and only that, newest first, whatever kind of object an
 * entry stands for (test-local kinds here). Skipped when the process cannot create a
 * network namespace (not root). The ip6tnl case needs the ip6_tunnel
 * module (the lab VM has it; this host kernel does not): skipped without. */
#include <dirent.h>
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include <arpa/inet.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <cmocka.h>

#include "kern.h"
#include "kern_ledger.h"
#include "kern_nl.h"

static struct in6_addr addr(const char *s)
{
	struct in6_addr a;

	assert_int_equal(inet_pton(AF_INET6, s, &a), 1);
	return a;
}

static int sh(const char *fmt, ...)
{
	char cmd[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	return system(cmd);
}

/* Does the output of cmd contain needle? */
static bool shows(const char *cmd, const char *needle)
{
	char line[512];
	bool found = false;
	FILE *p = popen(cmd, "r");

	assert_non_null(p);
	while (fgets(line, sizeof(line), p))
		if (strstr(line, needle))
			found = true;
	pclose(p);
	return found;
}

static int proxy_ndp(void)
{
	int v = -1;

	assert_int_equal(kern_sysctl_get("kt0", "proxy_ndp", &v), 0);
	return v;
}

static int setup(void **state)
{
	(void)state;
	if (geteuid() != 0 || unshare(CLONE_NEWNET) < 0) {
		fprintf(stderr, "skip: cannot create a network namespace\n");
		return 0;
	}
	if (sh("ip link add kt0 type veth peer name kt1 && ip link set kt0 up && "
	       "ip link set kt1 up") != 0)
		return -1;
	return kern_open();
}

static int teardown(void **state)
{
	(void)state;
	kern_close();
	return 0;
}

#define NEED_NETNS() do { if (kern_link_index("kt0") < 0) skip(); } while (0)

static void test_objects_added_then_undone(void **state)
{
	struct in6_addr a = addr("2001:db8:5::1"), hoa = addr("2001:db8::beef");
	struct kern_route r = { .table = 252, .metric = 0 };
	int kt0;

	(void)state;
	NEED_NETNS();
	kt0 = kern_link_index("kt0");
	r.ifindex = kt0;
	assert_int_equal(proxy_ndp(), 0);

	assert_int_equal(kern_addr_add(kt0, &a, 64, IFA_F_NODAD), 0);
	assert_int_equal(kern_route_add(&r), 0);
	assert_int_equal(kern_rule_add(&hoa, 128, 252, 1000), 0);
	assert_int_equal(kern_proxy_add(kt0, &hoa), 0);
	assert_int_equal(kern_sysctl_set("kt0", "proxy_ndp", 1), 0);
	assert_int_equal(kern_ledger_count(), 5);

	assert_true(shows("ip -6 addr show dev kt0", "2001:db8:5::1/64"));
	assert_true(shows("ip -6 route show table 252", "default dev kt0"));
	assert_true(shows("ip -6 rule", "from 2001:db8::beef lookup 252"));
	assert_true(shows("ip -6 neigh show proxy", "2001:db8::beef dev kt0"));
	assert_int_equal(proxy_ndp(), 1);

	/* Asking again for what is there is not an error, nor a new entry. */
	assert_int_equal(kern_addr_add(kt0, &a, 64, IFA_F_NODAD), 0);
	assert_int_equal(kern_proxy_add(kt0, &hoa), 0);
	assert_int_equal(kern_ledger_count(), 5);

	kern_close();
	assert_false(shows("ip -6 addr show dev kt0", "2001:db8:5::1"));
	assert_false(shows("ip -6 route show table 252", "kt0"));
	assert_false(shows("ip -6 rule", "2001:db8::beef"));
	assert_false(shows("ip -6 neigh show proxy", "2001:db8::beef"));
	assert_int_equal(proxy_ndp(), 0);
	assert_int_equal(kern_ledger_count(), 0);
}

/* A daemon killed with its proxy entries in place: the next start's sweep removes those
 * a mip6d made (tagged) and leaves anyone else's. */
static void test_proxy_sweep_takes_only_ours(void **state)
{
	struct in6_addr hoa = addr("2001:db8::beef");
	int kt0;

	(void)state;
	NEED_NETNS();
	kt0 = kern_link_index("kt0");
	assert_int_equal(kern_proxy_add(kt0, &hoa), 0);
	assert_int_equal(sh("ip -6 neigh add proxy 2001:db8::cafe dev kt0"), 0);
	/* (the ledger still lists ours: its undo at kern_close() finds it gone, no error) */
	assert_int_equal(kern_proxy_sweep(kt0), 1);
	assert_false(shows("ip -6 neigh show proxy", "2001:db8::beef"));
	assert_true(shows("ip -6 neigh show proxy", "2001:db8::cafe dev kt0"));
	assert_int_equal(kern_proxy_sweep(kt0), 0);
}

static char state_dir[] = "/tmp/test_kern.XXXXXX";

static unsigned state_files(void)
{
	DIR *d = opendir(state_dir);
	struct dirent *e;
	unsigned n = 0;

	assert_non_null(d);
	while ((e = readdir(d)))
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

/* A child mip6d that sets proxy_ndp, then dies by SIGKILL (die) or waits for it. */
static pid_t child_sets_proxy_ndp(bool die)
{
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid == 0) {
		if (kern_sysctl_set("kt0", "proxy_ndp", 1) == 0)
			die ? raise(SIGKILL) : pause();
		_exit(1);
	}
	/* (the child's file is there once proxy_ndp is 1: it is written first) */
	while (proxy_ndp() != 1)
		usleep(1000);
	return pid;
}

static void reap_killed(pid_t pid)
{
	int st;

	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
}

/* A mip6d killed (SIGKILL) with proxy_ndp set: a start after it restores the value from
 * before it (the sweep), and a set before any sweep takes that value as the one to
 * restore, not the killed one's 1; a running one's change is left alone. */
static void test_sysctl_restored_after_kill(void **state)
{
	pid_t pid;

	(void)state;
	NEED_NETNS();
	assert_int_equal(proxy_ndp(), 0);
	reap_killed(child_sets_proxy_ndp(true));
	assert_int_equal(proxy_ndp(), 1);
	assert_int_equal(state_files(), 1);
	assert_int_equal(kern_sysctl_set("kt0", "proxy_ndp", 1), 0);
	assert_int_equal(kern_ledger_count(), 1);
	kern_close();
	assert_int_equal(proxy_ndp(), 0);
	assert_int_equal(state_files(), 0);

	reap_killed(child_sets_proxy_ndp(true));
	assert_int_equal(kern_sysctl_sweep(), 1);
	assert_int_equal(proxy_ndp(), 0);
	assert_int_equal(state_files(), 0);

	pid = child_sets_proxy_ndp(false);
	assert_int_equal(kern_sysctl_sweep(), 0);
	assert_int_equal(proxy_ndp(), 1);
	assert_int_equal(state_files(), 1);
	kill(pid, SIGKILL);
	reap_killed(pid);
	assert_int_equal(kern_sysctl_sweep(), 1);
	assert_int_equal(proxy_ndp(), 0);
	assert_int_equal(state_files(), 0);
}

/* Every request is timed, from its send to its acknowledgement, by family: the VT's
 * `stats` line says how long the kernel took. */
static void test_requests_timed(void **state)
{
	struct kern_req_stats a[KERN_REQ_KINDS], b[KERN_REQ_KINDS];
	struct kern_route r = { .dst = addr("2001:db8:98::"), .plen = 64, .metric = 9 };
	char text[512] = "";
	FILE *f;

	(void)state;
	NEED_NETNS();
	r.ifindex = kern_link_index("kt0");
	kern_req_stats(a);
	assert_int_equal(kern_route_add(&r), 0);
	assert_int_equal(kern_route_del(&r), 0);
	assert_int_equal(kern_route_del(&r), 0);        /* refused (gone): timed too */
	kern_req_stats(b);
	assert_int_equal(b[KERN_REQ_RTNL].n - a[KERN_REQ_RTNL].n, 3);
	assert_true(b[KERN_REQ_RTNL].max_us * b[KERN_REQ_RTNL].n >= b[KERN_REQ_RTNL].total_us);
	assert_int_equal(b[KERN_REQ_NFT].n, a[KERN_REQ_NFT].n);
	f = fmemopen(text, sizeof(text), "w");
	assert_non_null(f);
	kern_print_req_stats(f);
	fclose(f);
	assert_non_null(strstr(text, "kernel requests rtnetlink "));
	assert_non_null(strstr(text, " mean_us "));
	if (!b[KERN_REQ_NFT].n)
		assert_null(strstr(text, "nftables"));
}

static void test_preexisting_objects_are_not_ours(void **state)
{
	struct in6_addr a = addr("2001:db8:6::1");
	int kt0;

	(void)state;
	NEED_NETNS();
	kt0 = kern_link_index("kt0");
	assert_int_equal(sh("ip -6 addr add 2001:db8:6::1/64 dev kt0 nodad"), 0);
	assert_int_equal(kern_addr_add(kt0, &a, 64, IFA_F_NODAD), 0);
	assert_int_equal(kern_ledger_count(), 0);
	kern_close();
	assert_true(shows("ip -6 addr show dev kt0", "2001:db8:6::1/64"));
}

/* The MN's HoA configured by the user: taken off while away, back at exit. */
static void test_taken_address_comes_back(void **state)
{
	struct in6_addr hoa = addr("2001:db8::beef");
	int kt0;

	(void)state;
	NEED_NETNS();
	kt0 = kern_link_index("kt0");
	assert_int_equal(sh("ip -6 addr add 2001:db8::beef/64 dev kt0 nodad"), 0);
	assert_int_equal(kern_addr_take(kt0, &hoa, 64, IFA_F_NODAD), 0);
	assert_false(shows("ip -6 addr show dev kt0", "2001:db8::beef"));
	kern_close();
	assert_true(shows("ip -6 addr show dev kt0", "2001:db8::beef/64"));

	/* Put back by mip6d itself (home again): not removed at exit. */
	assert_int_equal(kern_open(), 0);
	assert_int_equal(kern_addr_take(kt0, &hoa, 64, IFA_F_NODAD), 0);
	assert_int_equal(kern_addr_put_back(kt0, &hoa, 64, IFA_F_NODAD), 0);
	assert_int_equal(kern_ledger_count(), 0);
	kern_close();
	assert_true(shows("ip -6 addr show dev kt0", "2001:db8::beef/64"));
}

static void test_delete_forgets(void **state)
{
	struct in6_addr a = addr("2001:db8:7::1"), dst = addr("2001:db8:99::");
	struct kern_route r = { .dst = dst, .plen = 64, .metric = 7 };
	int kt0;

	(void)state;
	NEED_NETNS();
	kt0 = kern_link_index("kt0");
	r.ifindex = kt0;
	assert_int_equal(kern_addr_add(kt0, &a, 64, IFA_F_NODAD), 0);
	assert_int_equal(kern_route_add(&r), 0);
	assert_true(shows("ip -6 route", "2001:db8:99::/64 dev kt0"));
	assert_int_equal(kern_ledger_count(), 2);
	assert_int_equal(kern_route_del(&r), 0);
	assert_int_equal(kern_addr_del(kt0, &a, 64), 0);
	assert_int_equal(kern_ledger_count(), 0);
	assert_false(shows("ip -6 route", "2001:db8:99::/64"));
	/* Deleting what is already gone is fine (its link took it). */
	assert_int_equal(kern_route_del(&r), 0);
	assert_int_equal(kern_addr_del(kt0, &a, 64), 0);
}

/* A binding on the HA with a collect_md tunnel: a host route encapsulated to the CoA,
 * replaced in place when the CoA changes, one ledger entry throughout. */
static void test_encap_route_replaced(void **state)
{
	struct kern_route r = { .dst = addr("2001:db8::beef"), .plen = 128, .metric = 1,
				.encap_dst = addr("2001:db8:1::2"), .encap_src = addr("2001:db8::") };

	(void)state;
	NEED_NETNS();
	r.ifindex = kern_link_index("kt0");
	assert_int_equal(kern_route_replace(&r), 0);
	assert_true(shows("ip -6 route show 2001:db8::beef/128",
			  "encap ip6 id 0 src 2001:db8:: dst 2001:db8:1::2 hoplimit 64"));
	r.encap_dst = addr("2001:db8:2::2");
	assert_int_equal(kern_route_replace(&r), 0);
	assert_true(shows("ip -6 route show 2001:db8::beef/128", "dst 2001:db8:2::2"));
	assert_false(shows("ip -6 route show 2001:db8::beef/128", "dst 2001:db8:1::2"));
	assert_int_equal(kern_ledger_count(), 1);
	assert_int_equal(kern_route_del(&r), 0);
	assert_false(shows("ip -6 route show 2001:db8::beef/128", "beef"));
	assert_int_equal(kern_ledger_count(), 0);
}

static void test_bad_requests_are_errors(void **state)
{
	struct in6_addr a = addr("2001:db8:8::1");
	struct kern_route r = { .plen = 129 };
	int v;

	(void)state;
	NEED_NETNS();
	assert_int_equal(kern_addr_add(99999, &a, 64, 0), -ENODEV);
	assert_int_equal(kern_addr_add(kern_link_index("kt0"), &a, 129, 0), -EINVAL);
	assert_int_equal(kern_route_add(&r), -EINVAL);
	assert_int_equal(kern_sysctl_set("../../../kernel", "hostname", 1), -EINVAL);
	assert_int_equal(kern_sysctl_get("kt0", "no_such_key", &v), -ENOENT);
	assert_int_equal(kern_link_index("no-such-link"), -ENODEV);
	assert_int_equal(kern_ledger_count(), 0);
}

/* Another socket of the namespace (a privileged process that read our port id
 * in /proc/net/netlink) answers our request before the kernel does, with an
 * ACK of the right sequence number: the kernel's answer still decides. */
static void test_forged_ack_ignored(void **state)
{
	struct mnl_socket *us, *forger;
	char req[256], fake[256];
	struct nlmsghdr *nlh;
	struct nlmsgerr *e;
	struct ifaddrmsg *ifa;
	struct in6_addr absent = addr("2001:db8:dead::1");
	const unsigned int seq = 4242;
	uint64_t before = kern_nl_foreign();

	(void)state;
	NEED_NETNS();
	us = mnl_socket_open(NETLINK_ROUTE);
	forger = mnl_socket_open(NETLINK_ROUTE);
	assert_non_null(us);
	assert_non_null(forger);
	assert_int_equal(mnl_socket_bind(us, 0, MNL_SOCKET_AUTOPID), 0);
	assert_int_equal(mnl_socket_bind(forger, 0, MNL_SOCKET_AUTOPID), 0);

	nlh = mnl_nlmsg_put_header(fake);
	nlh->nlmsg_type = NLMSG_ERROR;
	nlh->nlmsg_seq = seq;
	e = mnl_nlmsg_put_extra_header(nlh, sizeof(*e));
	e->error = 0;
	e->msg.nlmsg_type = RTM_DELADDR;
	e->msg.nlmsg_seq = seq;
	struct sockaddr_nl to = { .nl_family = AF_NETLINK,
				  .nl_pid = mnl_socket_get_portid(us) };
	assert_int_equal(sendto(mnl_socket_get_fd(forger), fake, nlh->nlmsg_len, 0,
				(struct sockaddr *)&to, sizeof(to)), (ssize_t)nlh->nlmsg_len);

	/* Removing an address kt0 does not have: the kernel says no. */
	nlh = mnl_nlmsg_put_header(req);
	nlh->nlmsg_type = RTM_DELADDR;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = seq;
	ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	ifa->ifa_family = AF_INET6;
	ifa->ifa_prefixlen = 64;
	ifa->ifa_index = (unsigned)kern_link_index("kt0");
	mnl_attr_put(nlh, IFA_LOCAL, sizeof(absent), &absent);
	assert_true(mnl_socket_sendto(us, nlh, nlh->nlmsg_len) >= 0);

	assert_int_equal(kern_nl_wait_ack(us, seq), -EADDRNOTAVAIL);
	assert_int_equal(kern_nl_foreign(), before + 1);
	mnl_socket_close(forger);
	mnl_socket_close(us);
}

static void test_ip6ip6_tunnel(void **state)
{
	struct in6_addr l = addr("2001:db8:5::1"), r1 = addr("2001:db8:1::2"),
			r2 = addr("2001:db8:1::3");
	int idx;

	(void)state;
	NEED_NETNS();
	idx = kern_tunnel_add("ktnl0", 0, &l, &r1);
	if (idx == -EOPNOTSUPP || idx == -ENOENT || idx == -EINVAL) {
		fprintf(stderr, "skip: no ip6tnl in this kernel (%s)\n", strerror(-idx));
		skip();
	}
	assert_true(idx > 0);
	assert_true(shows("ip -6 tunnel show ktnl0", "remote 2001:db8:1::2"));
	assert_true(shows("ip -6 tunnel show ktnl0", "ipv6/ipv6"));
	assert_false(shows("ip -6 tunnel show ktnl0", "encaplimit 4"));
	assert_true(shows("ip link show ktnl0", "UP"));
	assert_int_equal(kern_tunnel_change(idx, 0, &l, &r2), 0);
	assert_true(shows("ip -6 tunnel show ktnl0", "remote 2001:db8:1::3"));
	kern_close();
	assert_int_equal(kern_link_index("ktnl0"), -ENODEV);
}

/* A tunnel with mip6d's name left by a killed mip6d is replaced, not fatal. */
static void test_stale_tunnel_replaced(void **state)
{
	struct in6_addr l = addr("2001:db8:5::1"), r = addr("2001:db8:1::9");
	int idx;

	(void)state;
	NEED_NETNS();
	if (sh("ip link add mip6mn type ip6tnl local 2001:db8:5::7 remote 2001:db8:1::7 "
	       "mode ip6ip6 2>/dev/null") != 0) {
		fprintf(stderr, "skip: no ip6tnl in this kernel\n");
		skip();
	}
	idx = kern_tunnel_add("mip6mn", 0, &l, &r);
	assert_true(idx > 0);
	assert_true(shows("ip -6 tunnel show mip6mn", "remote 2001:db8:1::9"));
	kern_close();
	assert_int_equal(kern_link_index("mip6mn"), -ENODEV);
}

/* A route through a tunnel of ours costs the ledger nothing: the kernel removes it
 * with the tunnel, at kern_close() or when mip6d deletes the tunnel. A route through a
 * link that is not ours keeps its entry. */
static void test_route_goes_with_our_tunnel(void **state)
{
	struct kern_route r = { .dst = addr("2001:db8::beef"), .plen = 128, .metric = 1,
				.encap_dst = addr("2001:db8:1::2"), .encap_src = addr("2001:db8::") };
	int idx;

	(void)state;
	NEED_NETNS();
	idx = kern_tunnel_add_external("mip6ha");
	if (idx == -EOPNOTSUPP || idx == -ENODEV || idx == -EINVAL) {
		fprintf(stderr, "skip: no ip6tnl in this kernel\n");
		skip();
	}
	assert_true(idx > 0);
	assert_true(kern_link_is_ours(idx));
	assert_false(kern_link_is_ours(kern_link_index("kt0")));
	assert_int_equal(kern_ledger_count(), 1);
	r.ifindex = idx;
	assert_int_equal(kern_route_replace(&r), 0);
	r.dst = addr("2001:db8::bee2");
	assert_int_equal(kern_route_add(&r), 0);
	assert_true(shows("ip -6 route show dev mip6ha", "2001:db8::bee2"));
	assert_int_equal(kern_ledger_count(), 1);
	/* One deleted on purpose, the other left for the tunnel to take. */
	assert_int_equal(kern_route_del(&r), 0);
	assert_false(shows("ip -6 route show dev mip6ha", "2001:db8::bee2"));
	r.dst = addr("2001:db8::99");
	r.ifindex = kern_link_index("kt0");
	r.encap_dst = r.encap_src = (struct in6_addr){ 0 };
	assert_int_equal(kern_route_add(&r), 0);
	assert_int_equal(kern_ledger_count(), 2);
	kern_close();
	assert_int_equal(kern_link_index("mip6ha"), -ENODEV);
	assert_false(shows("ip -6 route", "2001:db8::beef"));
	assert_false(shows("ip -6 route", "2001:db8::99"));
	assert_int_equal(kern_ledger_count(), 0);
}

/* The HA's check on tunnelled sources: the table written once (replacing one left by a
 * killed mip6d), a binding's pair in and out of its set, all removed by kern_close(). */
static void test_nft_ha_check(void **state)
{
	struct in6_addr coa = addr("2001:db8:1::5"), hoa = addr("2001:db8::beef");

	(void)state;
	NEED_NETNS();
	if (sh("nft list tables >/dev/null 2>&1") != 0) {
		fprintf(stderr, "skip: no nft or no nf_tables here\n");
		skip();
	}
	assert_int_equal(sh("nft add table ip6 mip6d && nft add chain ip6 mip6d stale"), 0);
	assert_int_equal(kern_nft_ha_check(), 0);
	assert_true(shows("nft list table ip6 mip6d",
			  "ip6 nexthdr ipv6 ip6 saddr . @th,64,128 != @bindings counter"));
	assert_true(shows("nft list table ip6 mip6d",
			  "meta l4proto ipv6 ip6 nexthdr != ipv6 counter"));
	assert_true(shows("nft list chain ip6 mip6d reverse_tunnel", "hook input"));
	assert_false(shows("nft list table ip6 mip6d", "stale"));
	assert_int_equal(kern_nft_binding_add(&coa, &hoa), 0);
	assert_true(shows("nft list set ip6 mip6d bindings",
			  "2001:db8:1::5 . 0x20010db800000000000000000000beef"));
	assert_int_equal(kern_nft_binding_add(&coa, &hoa), 0);      /* again: no error */
	assert_int_equal(kern_nft_binding_del(&coa, &hoa), 0);
	assert_false(shows("nft list set ip6 mip6d bindings", "2001:db8:1::5"));
	assert_int_equal(kern_nft_binding_del(&coa, &hoa), -ENOENT);
	assert_int_equal(kern_nft_binding_add(&coa, &hoa), 0);
	kern_close();
	assert_false(shows("nft list tables 2>&1", "mip6d"));
	/* Without the table the pairs are no-ops, not errors. */
	assert_int_equal(kern_nft_binding_add(&coa, &hoa), 0);
}

/* A kind of object only this file knows: its undo records that it ran, and
 * what of the real objects around it was still there at that moment. */
struct undo_seen {
	int tag;
	bool route, addr;
};
static struct undo_seen seen[8];
static size_t nseen;

static void record(const void *arg)
{
	assert_true(nseen < sizeof(seen) / sizeof(seen[0]));
	seen[nseen++] = (struct undo_seen){
		.tag = *(const int *)arg,
		.route = shows("ip -6 route show table 252", "default dev kt0"),
		.addr = shows("ip -6 addr show dev kt0", "2001:db8:5::1/64"),
	};
}

static int probe_undo(const void *arg)
{
	record(arg);
	return 0;
}

static int failing_undo(const void *arg)
{
	record(arg);
	return -EIO;
}

static int defer_tag(kern_undo_fn *undo, int id, int tag)
{
	return kern_defer(undo, &id, sizeof(id), &tag, sizeof(tag));
}

static void test_new_kind_undone_newest_first(void **state)
{
	struct in6_addr a = addr("2001:db8:5::1");
	struct kern_route r = { .table = 252 };
	int kt0, id = 3;

	(void)state;
	NEED_NETNS();
	nseen = 0;
	kt0 = kern_link_index("kt0");
	r.ifindex = kt0;
	assert_int_equal(kern_addr_add(kt0, &a, 64, IFA_F_NODAD), 0);
	assert_int_equal(defer_tag(probe_undo, 1, 1), 0);
	assert_int_equal(kern_route_add(&r), 0);
	assert_int_equal(defer_tag(probe_undo, 2, 2), 0);
	assert_int_equal(kern_ledger_count(), 4);

	/* Pushed again: still one entry, undone with its first argument. */
	assert_int_equal(defer_tag(probe_undo, 2, 99), 0);
	assert_int_equal(kern_ledger_count(), 4);
	/* The same identity under another undo function is another kind of
	 * object: not this entry. */
	assert_int_equal(defer_tag(probe_undo, 3, 3), 0);
	assert_true(kern_ledger_has(probe_undo, &id, sizeof(id)));
	assert_false(kern_ledger_has(failing_undo, &id, sizeof(id)));
	/* Removed on purpose: not undone. */
	kern_forget(probe_undo, &id, sizeof(id));
	assert_false(kern_ledger_has(probe_undo, &id, sizeof(id)));
	assert_int_equal(kern_ledger_count(), 4);

	kern_close();
	assert_int_equal(nseen, 2);
	assert_int_equal(seen[0].tag, 2);
	assert_true(seen[0].route);
	assert_true(seen[0].addr);
	assert_int_equal(seen[1].tag, 1);
	assert_false(seen[1].route);
	assert_true(seen[1].addr);
	assert_false(shows("ip -6 addr show dev kt0", "2001:db8:5::1"));
	assert_int_equal(kern_ledger_count(), 0);
}

static void test_failing_undo_does_not_stop_the_others(void **state)
{
	struct in6_addr a = addr("2001:db8:5::1");
	struct kern_route r = { .table = 252 };
	int kt0;

	(void)state;
	NEED_NETNS();
	nseen = 0;
	kt0 = kern_link_index("kt0");
	r.ifindex = kt0;
	assert_int_equal(defer_tag(failing_undo, 1, 1), 0);
	assert_int_equal(kern_addr_add(kt0, &a, 64, IFA_F_NODAD), 0);
	assert_int_equal(defer_tag(failing_undo, 2, 2), 0);
	assert_int_equal(kern_route_add(&r), 0);
	kern_close();
	assert_int_equal(nseen, 2);
	assert_int_equal(seen[0].tag, 2);
	assert_false(seen[0].route);
	assert_true(seen[0].addr);
	assert_int_equal(seen[1].tag, 1);
	assert_false(seen[1].addr);
	assert_false(shows("ip -6 route show table 252", "kt0"));
	assert_false(shows("ip -6 addr show dev kt0", "2001:db8:5::1"));
	assert_int_equal(kern_ledger_count(), 0);

	/* What kern_close() does not report, the unwind itself does. */
	nseen = 0;
	assert_int_equal(defer_tag(probe_undo, 4, 4), 0);
	assert_int_equal(defer_tag(failing_undo, 5, 5), 0);
	assert_int_equal(defer_tag(probe_undo, 6, 6), 0);
	assert_int_equal(kern_ledger_unwind(), -EIO);
	assert_int_equal(nseen, 3);
	assert_int_equal(seen[0].tag, 6);
	assert_int_equal(seen[2].tag, 4);
	assert_int_equal(kern_ledger_count(), 0);
	assert_int_equal(kern_ledger_unwind(), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_objects_added_then_undone, setup, teardown),
		cmocka_unit_test_setup_teardown(test_preexisting_objects_are_not_ours, setup, teardown),
		cmocka_unit_test_setup_teardown(test_proxy_sweep_takes_only_ours, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sysctl_restored_after_kill, setup, teardown),
		cmocka_unit_test_setup_teardown(test_requests_timed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_taken_address_comes_back, setup, teardown),
		cmocka_unit_test_setup_teardown(test_delete_forgets, setup, teardown),
		cmocka_unit_test_setup_teardown(test_encap_route_replaced, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_requests_are_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_forged_ack_ignored, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ip6ip6_tunnel, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stale_tunnel_replaced, setup, teardown),
		cmocka_unit_test_setup_teardown(test_route_goes_with_our_tunnel, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nft_ha_check, setup, teardown),
		cmocka_unit_test_setup_teardown(test_new_kind_undone_newest_first, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failing_undo_does_not_stop_the_others,
						setup, teardown),
	};
	int rc;

	/* The sysctls' state files (kern.h) go to a directory of the test's own. */
	if (!mkdtemp(state_dir)) {
		perror(state_dir);
		return 1;
	}
	kern_sysctl_state_dir(state_dir);
	rc = cmocka_run_group_tests_name("kern", tests, NULL, NULL);
	rmdir(state_dir);
	return rc;
}
