/* mip6-probe run as a program: usage errors exit 2 with the usage; on loopback every
 * request is answered and printed as ping -D prints it; with no route it goes on
 * sending at its rate, counting the errors, instead of stopping. Needs CAP_NET_RAW
 * (make test runs as root); without it the live tests are skipped. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "../run_prog.h"

#ifndef PROBE_BIN
#error "PROBE_BIN: path of the mip6-probe program under test"
#endif

static int run(const char *const *args, char *out, size_t outlen)
{
	return run_prog(PROBE_BIN, args, out, outlen);
}

static void test_usage(void **state)
{
	char out[4096];
	const char *const bad[][5] = {
		{ NULL },
		{ "-i", "0", "::1", NULL },
		{ "-i", "abc", "::1", NULL },
		{ "-s", "8", "::1", NULL },
		{ "-s", "1.5", "::1", NULL },
		{ "-c", "0", "::1", NULL },
		{ "::1", "::2", NULL },
		{ "-Z", "::1", NULL },
		{ "127.0.0.1", NULL },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(run(bad[i], out, sizeof(out)), 2);
		assert_non_null(strstr(out, "usage: mip6-probe"));
	}
	assert_int_equal(run((const char *const[]){ "-h", NULL }, out, sizeof(out)), 0);
	assert_non_null(strstr(out, "constant"));
}

static int have_raw(void **state)
{
	int s = socket(AF_INET6, SOCK_RAW, IPPROTO_ICMPV6);

	(void)state;
	if (s < 0)
		return 1;
	close(s);
	return 0;
}

static void test_loopback(void **state)
{
	char out[8192];
	const char *args[] = { "-i", "0.002", "-c", "5", "::1", NULL };

	if (have_raw(state))
		skip();
	assert_int_equal(run(args, out, sizeof(out)), 0);
	for (int seq = 0; seq < 5; seq++) {
		char want[64];

		snprintf(want, sizeof(want), "] 64 bytes from ::1: icmp_seq=%d ttl=64 time=", seq);
		assert_non_null(strstr(out, want));
	}
	assert_non_null(strstr(out, "5 transmitted, 5 received, 0 send errors"));
}

static void test_no_route_keeps_sending(void **state)
{
	char out[8192];
	/* A new network namespace has no routes at all. */
	const char *args[] = { "-n", PROBE_BIN, "-i", "0.001", "-c", "10", "2001:db8::1", NULL };

	if (have_raw(state) || access("/usr/bin/unshare", X_OK))
		skip();
	assert_int_equal(run_prog("/usr/bin/unshare", args, out, sizeof(out)), 0);
	assert_non_null(strstr(out, "send icmp_seq=0: "));
	assert_non_null(strstr(out, "send icmp_seq=9: "));
	assert_non_null(strstr(out, "10 transmitted, 0 received, 10 send errors"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_usage),
		cmocka_unit_test(test_loopback),
		cmocka_unit_test(test_no_route_keeps_sending),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
