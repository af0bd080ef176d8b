/* mip6d's command line, run as a program: usage errors exit 2, configuration errors exit
 * 1 with FILE:LINE:COL on stderr before anything touches the system, -n checks a file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef MIP6D_BIN
#error "MIP6D_BIN (path of the mip6d program) must be defined"
#endif

#include "../run_prog.h"

/* Runs mip6d with args, returns its exit status; its stdout+stderr go to out. */
static int run(const char *const *args, char *out, size_t outlen)
{
	return run_prog(MIP6D_BIN, args, out, outlen);
}

static void test_usage_errors(void **state)
{
	char out[4096];
	const char *none[] = { NULL };
	const char *bad_level[] = { "-c", "daemon/examples/mip6d-ha.conf", "-d", "x", NULL };
	const char *bad_port[] = { "-c", "daemon/examples/mip6d-ha.conf", "-t", "70000", NULL };
	const char *bad_opt[] = { "-Z", NULL };
	const char *extra[] = { "-c", "daemon/examples/mip6d-ha.conf", "extra", NULL };
	const char *help[] = { "-h", NULL };

	(void)state;
	assert_int_equal(run(none, out, sizeof(out)), 2);
	assert_non_null(strstr(out, "mip6d: -c FILE is required\nusage: mip6d -c FILE"));
	assert_int_equal(run(bad_level, out, sizeof(out)), 2);
	assert_non_null(strstr(out, "mip6d: -d: 'x' is not a level 0-10\nusage:"));
	assert_int_equal(run(bad_port, out, sizeof(out)), 2);
	assert_non_null(strstr(out, "mip6d: -t: '70000' is not a port\nusage:"));
	assert_int_equal(run(bad_opt, out, sizeof(out)), 2);
	assert_non_null(strstr(out, "usage: mip6d"));
	assert_int_equal(run(extra, out, sizeof(out)), 2);
	assert_non_null(strstr(out, "mip6d: unexpected argument 'extra'\nusage:"));
	assert_int_equal(run(help, out, sizeof(out)), 0);
	assert_int_equal(strncmp(out, "usage: mip6d", 12), 0);
}

static void test_config_check(void **state)
{
	char out[4096], path[] = "/tmp/mip6d-cli-XXXXXX";
	const char *ha[] = { "-n", "-c", "daemon/examples/mip6d-ha.conf", NULL };
	const char *mn[] = { "-c", "daemon/examples/mip6d-mn.conf", "-d", "7", "-n", NULL };
	const char *missing[] = { "-c", "/nonexistent/mip6d.conf", NULL };
	const char *bad[] = { "-c", path, "-d", "7", NULL };
	static const char text[] = "NodeConfig HA;\nInterface \"wlan0\";\nUseMnHaIPsec enabled;\n";
	int fd;

	(void)state;
	assert_int_equal(run(ha, out, sizeof(out)), 0);
	assert_string_equal(out, "daemon/examples/mip6d-ha.conf: ok\n");
	assert_int_equal(run(mn, out, sizeof(out)), 0);
	assert_string_equal(out, "daemon/examples/mip6d-mn.conf: ok\n");
	assert_int_equal(run(missing, out, sizeof(out)), 1);
	assert_string_equal(out, "/nonexistent/mip6d.conf: No such file or directory\n");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, sizeof(text) - 1), (ssize_t)sizeof(text) - 1);
	close(fd);
	/* Refused before the kernel interface is even opened: nothing but the message. */
	assert_int_equal(run(bad, out, sizeof(out)), 1);
	char want[256];
	snprintf(want, sizeof(want), "%s:3:1: UseMnHaIPsec enabled needs an IPsecPolicySet block\n", path);
	assert_string_equal(out, want);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_usage_errors),
		cmocka_unit_test(test_config_check),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
