/* mip6-hwsim's command line, run as a program: exit status and messages for bad
 * command lines (2), for a missing module or namespace (1), and for help (0).
 * None of these cases reaches the kernel's radio code. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#ifndef HWSIM_BIN
#error "HWSIM_BIN: path of the mip6-hwsim program under test"
#endif

struct result {
	int status;
	char out[4096], err[4096];
};

static void slurp(int fd, char *buf, size_t size)
{
	size_t n = 0;
	ssize_t r;

	lseek(fd, 0, SEEK_SET);
	while (n < size - 1 && (r = read(fd, buf + n, size - 1 - n)) > 0)
		n += (size_t)r;
	buf[n] = '\0';
	close(fd);
}

/* Runs mip6-hwsim with the given arguments (NULL-terminated). */
static void run(struct result *res, ...)
{
	char *argv[16] = { HWSIM_BIN };
	char out_path[] = "/tmp/mip6-hwsim-cli-XXXXXX", err_path[] = "/tmp/mip6-hwsim-cli-XXXXXX";
	int out = mkstemp(out_path), err = mkstemp(err_path), argc = 1, st;
	va_list ap;
	pid_t pid;

	assert_true(out >= 0 && err >= 0);
	unlink(out_path);
	unlink(err_path);
	va_start(ap, res);
	while (argc < 15 && (argv[argc] = va_arg(ap, char *)))
		argc++;
	va_end(ap);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(out, 1);
		dup2(err, 2);
		execv(HWSIM_BIN, argv);
		_exit(127);
	}
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	res->status = WEXITSTATUS(st);
	slurp(out, res->out, sizeof(res->out));
	slurp(err, res->err, sizeof(res->err));
}

static void expect(const struct result *r, int status, const char *in_err)
{
	if (r->status != status || !strstr(r->err, in_err))
		print_error("status %d, stderr:\n%s\n", r->status, r->err);
	assert_int_equal(r->status, status);
	assert_non_null(strstr(r->err, in_err));
}

static void test_help(void **state)
{
	struct result r;

	(void)state;
	run(&r, "--help", NULL);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "usage: mip6-hwsim"));
	assert_string_equal(r.err, "");
	run(&r, "list", "-h", NULL);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "del-prefix P"));
}

static void test_usage_errors(void **state)
{
	struct result r;

	(void)state;
	run(&r, NULL);
	expect(&r, 2, "usage: mip6-hwsim");
	run(&r, "bogus", NULL);
	expect(&r, 2, "unknown command 'bogus'");
	run(&r, "--bogus", "list", NULL);
	expect(&r, 2, "usage:");
	run(&r, "new", NULL);
	expect(&r, 2, "new: wants exactly one NAME");
	run(&r, "new", "a", "b", NULL);
	expect(&r, 2, "new: wants exactly one NAME");
	run(&r, "new", "a/b", NULL);
	expect(&r, 2, "'a/b' is not a usable radio name");
	run(&r, "new", "..", NULL);
	expect(&r, 2, "is not a usable radio name");
	run(&r, "new", "x", "--channels", "0", NULL);
	expect(&r, 2, "--channels wants a number from 1 to 64, not '0'");
	run(&r, "new", "x", "--channels", "2x", NULL);
	expect(&r, 2, "not '2x'");
	run(&r, "new", "x", "--channels", NULL);
	expect(&r, 2, "usage:");
	run(&r, "--netns", "lab", "new", "x", NULL);
	expect(&r, 2, "--netns is refused");
	run(&r, "del", NULL);
	expect(&r, 2, "del: wants exactly one NAME");
	run(&r, "list", "extra", NULL);
	expect(&r, 2, "list: unexpected argument 'extra'");
	run(&r, "del-prefix", "", NULL);
	expect(&r, 2, "refusing an empty prefix");
	run(&r, "del-prefix", NULL);
	expect(&r, 2, "wants exactly one PREFIX");
	run(&r, "--netns", "lab", "del-prefix", "--all-netns", "mip6lab-", NULL);
	expect(&r, 2, "--all-netns and --netns exclude each other");
	assert_string_equal(r.out, "");
}

static void test_no_such_netns(void **state)
{
	struct result r;

	(void)state;
	run(&r, "--netns", "/nonexistent/mip6lab-ns", "list", NULL);
	expect(&r, 1, "cannot enter network namespace /nonexistent/mip6lab-ns");
}

static void test_module_not_loaded(void **state)
{
	struct result r;
	struct stat st;

	(void)state;
	/* Only meaningful where the family is absent, as on a kernel without WLAN. */
	if (stat("/sys/module/mac80211_hwsim", &st) == 0)
		skip();
	run(&r, "list", NULL);
	expect(&r, 1, "mac80211_hwsim is not loaded (modprobe mac80211_hwsim radios=0)\n");
	run(&r, "del-prefix", "mip6lab-", NULL);
	expect(&r, 1, "mac80211_hwsim is not loaded");
	assert_string_equal(r.out, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_help),
		cmocka_unit_test(test_usage_errors),
		cmocka_unit_test(test_no_such_netns),
		cmocka_unit_test(test_module_not_loaded),
	};

	return cmocka_run_group_tests_name("hwsim-cli", tests, NULL, NULL);
}
