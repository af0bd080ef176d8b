/* io_nlmon: the rtnetlink monitor believes the kernel only. A second socket of
 * the namespace unicasts a made-up RTM_NEWADDR to the monitor's port id; the
 * engine and the local address list must not hear of it, while a real address
 * added right after is reported. Runs in a private network namespace (skipped
 * without root); the engine and the event loop are recorders. */
#include <errno.h>
#include <sched.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <libmnl/libmnl.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <cmocka.h>

#include "config.h"
#include "engine.h"
#include "io_int.h"
#include "log.h"

/* ---- recorders and stand-ins ---- */
static struct {
	int fd;
	void (*on_readable)(int, void *);
	void *ctx;
	int n_addr;
	struct in6_addr addr[16];
} rec;

void engine_link_event(struct engine *e, int ifindex, const char *ifname,
		       enum eng_link_state st)
{
	(void)e; (void)ifindex; (void)ifname; (void)st;
}

void engine_addr_event(struct engine *e, int ifindex, const struct in6_addr *addr,
		       uint8_t plen, enum eng_addr_state st)
{
	(void)e; (void)ifindex; (void)plen; (void)st;
	if (rec.n_addr < (int)(sizeof(rec.addr) / sizeof(rec.addr[0])))
		rec.addr[rec.n_addr++] = *addr;
}

int eloop_add_fd(struct eloop *el, int fd, void (*fn)(int, void *), void *ctx)
{
	(void)el;
	rec.fd = fd;
	rec.on_readable = fn;
	rec.ctx = ctx;
	return 0;
}

void eloop_del_fd(struct eloop *el, int fd)
{
	(void)el; (void)fd;
}

/* ---- helpers ---- */
static struct config conf;

static struct in6_addr addr(const char *s)
{
	struct in6_addr a;

	assert_int_equal(inet_pton(AF_INET6, s, &a), 1);
	return a;
}

static bool engine_heard(const struct in6_addr *a)
{
	for (int i = 0; i < rec.n_addr; i++)
		if (IN6_ARE_ADDR_EQUAL(&rec.addr[i], a))
			return true;
	return false;
}

static void forge_newaddr(uint32_t to_portid, int ifindex, const struct in6_addr *a)
{
	char buf[256];
	struct mnl_socket *forger = mnl_socket_open(NETLINK_ROUTE);
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ifaddrmsg *ifa;
	struct sockaddr_nl to = { .nl_family = AF_NETLINK, .nl_pid = to_portid };

	assert_non_null(forger);
	assert_int_equal(mnl_socket_bind(forger, 0, MNL_SOCKET_AUTOPID), 0);
	nlh->nlmsg_type = RTM_NEWADDR;
	ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	ifa->ifa_family = AF_INET6;
	ifa->ifa_prefixlen = 128;
	ifa->ifa_index = (unsigned)ifindex;
	mnl_attr_put(nlh, IFA_ADDRESS, sizeof(*a), a);
	assert_int_equal(sendto(mnl_socket_get_fd(forger), buf, nlh->nlmsg_len, 0,
				(struct sockaddr *)&to, sizeof(to)), (ssize_t)nlh->nlmsg_len);
	mnl_socket_close(forger);
}

static int setup(void **state)
{
	(void)state;
	memset(&rec, 0, sizeof(rec));
	rec.fd = -1;
	log_init(0, stderr);
	if (geteuid() != 0 || unshare(CLONE_NEWNET) < 0) {
		fprintf(stderr, "skip: cannot create a network namespace\n");
		return 0;
	}
	if (system("ip link set lo up") != 0)
		return -1;
	config_defaults(&conf);
	snprintf(conf.ifaces[conf.n_ifaces++], IF_NAMESIZE, "lo");
	return io_nlmon_init(NULL, NULL, &conf);
}

static int teardown(void **state)
{
	(void)state;
	io_nlmon_close(NULL);
	return 0;
}

/* ---- tests ---- */
static void test_forged_address_ignored(void **state)
{
	struct in6_addr fake = addr("2001:db8::bad"), real = addr("2001:db8::1");
	struct sockaddr_nl me;
	socklen_t len = sizeof(me);
	int lo = (int)if_nametoindex("lo");

	(void)state;
	if (rec.fd < 0)
		skip();
	assert_int_equal(getsockname(rec.fd, (struct sockaddr *)&me, &len), 0);
	assert_int_not_equal(me.nl_pid, 0);

	/* Queued in this order: the forgery, then the kernel's news. */
	forge_newaddr(me.nl_pid, lo, &fake);
	assert_int_equal(system("ip -6 addr add 2001:db8::1/128 dev lo nodad"), 0);
	rec.on_readable(rec.fd, rec.ctx);

	assert_true(engine_heard(&real));
	assert_true(io_addr_is_local(&real));
	assert_false(engine_heard(&fake));
	assert_false(io_addr_is_local(&fake));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_forged_address_ignored, setup, teardown),
	};

	return cmocka_run_group_tests_name("nlmon", tests, NULL, NULL);
}
