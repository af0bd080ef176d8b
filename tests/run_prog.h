/* run_prog.h - for cmocka tests that run one of our programs: run_prog(PATH, ARGS, OUT)
 * forks PATH with the NULL-terminated ARGS, collects stdout and stderr together into OUT
 * and returns the exit status (the test fails if the program did not exit). */
#ifndef TESTS_RUN_PROG_H
#define TESTS_RUN_PROG_H

#include <sys/wait.h>
#include <unistd.h>

static int run_prog(const char *path, const char *const *args, char *out, size_t outlen)
{
	int pipefd[2], status;
	pid_t pid;
	size_t len = 0;
	ssize_t n;

	assert_int_equal(pipe(pipefd), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		const char *argv[16] = { path };
		int i = 1;

		for (; args[i - 1] && i < 15; i++)
			argv[i] = args[i - 1];
		argv[i] = NULL;
		dup2(pipefd[1], 1);
		dup2(pipefd[1], 2);
		close(pipefd[0]);
		execv(path, (char *const *)argv);
		_exit(127);
	}
	close(pipefd[1]);
	while (len + 1 < outlen && (n = read(pipefd[0], out + len, outlen - 1 - len)) > 0)
		len += (size_t)n;
	out[len] = '\0';
	close(pipefd[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

#endif
