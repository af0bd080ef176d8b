/* mip6-rtp run as a program: usage errors exit 2 with the usage; on loopback the
 * receiver gets every packet the sender sends, in sequence, 160-byte G.711 payloads,
 * and says so in its summary; with no route the sender keeps its rate and counts
 * the errors instead of stopping (ffmpeg's RTP muxer stops there). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../run_prog.h"

#ifndef RTP_BIN
#error "RTP_BIN: path of the mip6-rtp program under test"
#endif

static int run(const char *const *args, char *out, size_t outlen)
{
	return run_prog(RTP_BIN, args, out, outlen);
}

static void test_usage(void **state)
{
	char out[4096];
	const char *const bad[][6] = {
		{ NULL },
		{ "play", NULL },
		{ "send", "::1", NULL },
		{ "send", "::1", "0", NULL },
		{ "send", "::1", "70000", NULL },
		{ "send", "-i", "0", "::1", "5004", NULL },
		{ "send", "-s", "0", "::1", "5004", NULL },
		{ "send", "-s", "1401", "::1", "5004", NULL },
		{ "send", "-S", "4294967296", "::1", "5004", NULL },
		{ "send", "127.0.0.1", "5004", NULL },
		{ "send", "-a", "10.0.0.1", "::1", "5004", NULL },
		{ "recv", NULL },
		{ "recv", "-a", "nowhere", "5004", NULL },
		{ "recv", "5004", "5006", NULL },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(run(bad[i], out, sizeof(out)), 2);
		assert_non_null(strstr(out, "usage: mip6-rtp send"));
	}
	assert_int_equal(run((const char *const[]){ "-h", NULL }, out, sizeof(out)), 0);
	assert_non_null(strstr(out, "G.711"));
}

/* The receiver in a child (it stops after 25 packets), the sender here. */
static void test_loopback(void **state)
{
	char out[16384], rx[16384];
	int pipefd[2], status;
	size_t len = 0;
	ssize_t n;
	pid_t pid;

	(void)state;
	assert_int_equal(pipe(pipefd), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(pipefd[1], 1);
		dup2(pipefd[1], 2);
		close(pipefd[0]);
		execl(RTP_BIN, RTP_BIN, "recv", "-c", "25", "-a", "::1", "47004", (char *)NULL);
		_exit(127);
	}
	close(pipefd[1]);
	/* Ready once it printed its first line (it binds before). */
	n = read(pipefd[0], rx, sizeof(rx) - 1);
	assert_true(n > 0);
	len = (size_t)n;
	assert_int_equal(run((const char *const[]){ "send", "-i", "0.002", "-c", "25", "-S", "1001",
						    "-a", "::1", "-p", "47006", "::1", "47004", NULL },
			     out, sizeof(out)), 0);
	while (len + 1 < sizeof(rx) && (n = read(pipefd[0], rx + len, sizeof(rx) - 1 - len)) > 0)
		len += (size_t)n;
	rx[len] = '\0';
	close(pipefd[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	assert_non_null(strstr(out, "RTP-SEND [::1]:47004 from port 47006: SSRC 1001, PT 0"));
	assert_non_null(strstr(out, "25 sent (seq "));
	assert_non_null(strstr(out, ", source ::1\n"));
	assert_non_null(strstr(out, "0 send errors"));
	assert_non_null(strstr(rx, "RTP-RECV port 47004\n"));
	assert_non_null(strstr(rx, " ssrc=1001 bytes=160\n"));
	assert_non_null(strstr(rx, "25 received, 25 expected (seq "));
	assert_non_null(strstr(rx, "SSRC 1001), 0 lost, 0 duplicates, 0 out of order"));
}

static void test_no_route_keeps_sending(void **state)
{
	char out[8192];
	/* A new network namespace has no routes at all. */
	const char *args[] = { "-n", RTP_BIN, "send", "-i", "0.001", "-c", "10", "2001:db8::1", "5004",
			       NULL };

	(void)state;
	if (access("/usr/bin/unshare", X_OK) || geteuid() != 0)
		skip();
	assert_int_equal(run_prog("/usr/bin/unshare", args, out, sizeof(out)), 0);
	assert_non_null(strstr(out, "] send seq="));
	assert_non_null(strstr(out, "10 sent (seq "));
	assert_non_null(strstr(out, "10 send errors"));
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
