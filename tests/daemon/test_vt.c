/* Virtual terminal: a real TCP session on the loopback through the event loop, and the
 * command dispatcher's answers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "config.h"
#include "eloop.h"
#include "recorder.h"
#include "vt.h"

struct client {
	struct eloop *el;
	char buf[8192];
	size_t len;
	uint64_t give_up_at;    /* the loop's deadline source: a watchdog on the session */
	bool closed, timed_out;
};

static void client_readable(int fd, void *ctx)
{
	struct client *c = ctx;
	ssize_t n = recv(fd, c->buf + c->len, sizeof(c->buf) - 1 - c->len, 0);

	if (n <= 0) {
		c->closed = true;
		eloop_terminate(c->el);
		return;
	}
	c->len += (size_t)n;
	c->buf[c->len] = '\0';
}

static uint64_t watchdog_deadline(void *ctx)
{
	const struct client *c = ctx;

	return c->give_up_at;
}

static void give_up(void *ctx)
{
	struct client *c = ctx;

	c->timed_out = true;
	c->give_up_at = UINT64_MAX;
	eloop_terminate(c->el);
}

static struct engine *ha_engine(struct config *conf)
{
	char err[600];
	struct engine *e;
	struct in6_addr ha = A("2001:db8::");
	struct eng_rx rx = { .src = A("2001:db8:1::2"), .dst = ha, .has_hao = true,
			     .hao = A("2001:db8::beef") };

	assert_int_equal(config_parse(conf, "ha.conf",
				      "NodeConfig HA;\nInterface \"wlan0\";\n"
				      "HaDuplicateAddressDetection disabled;\n",
				      err, sizeof(err)), 0);
	e = engine_new(conf, &recorder_ops, NULL, fake_clock, NULL);
	assert_non_null(e);
	engine_link_event(e, 3, "wlan0", ENG_LINK_ASSOCIATED);
	engine_addr_event(e, 3, &ha, 64, ENG_ADDR_USABLE);
	rx_bu(e, &rx, 19429, 262140, MH_BU_A | MH_BU_H, NULL);
	return e;
}

static void test_tcp_session(void **state)
{
	struct config conf;
	struct engine *e = ha_engine(&conf);
	struct eloop *el = eloop_new();
	struct vt *vt;
	struct sockaddr_in sin = { .sin_family = AF_INET };
	struct client c = { .el = el };
	static const char script[] = "help\r\nbc\r\nbogus\r\nbc extra\r\n\r\nquit\r\n";
	int fd;

	(void)state;
	assert_non_null(el);
	vt = vt_open(el, e, 0);
	assert_non_null(vt);
	assert_int_not_equal(vt_port(vt), 0);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(fd >= 0);
	sin.sin_port = htons(vt_port(vt));
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(connect(fd, (struct sockaddr *)&sin, sizeof(sin)), 0);
	assert_int_equal(send(fd, script, sizeof(script) - 1, 0), (ssize_t)sizeof(script) - 1);
	assert_int_equal(eloop_add_fd(el, fd, client_readable, &c), 0);
	c.give_up_at = eloop_now_ms() + 5000;
	assert_int_equal(eloop_add_deadline_source(el, watchdog_deadline, give_up, &c), 0);
	assert_int_equal(eloop_run(el), 0);
	assert_false(c.timed_out);
	assert_true(c.closed); /* `quit` closed the session */
	/* Prompt first, then each answer followed by a prompt. */
	assert_int_equal(strncmp(c.buf, "mip6d> help ", 12), 0);
	assert_non_null(strstr(c.buf, "\nmip6d> hoa 2001:db8::beef status registered "
			       "coa 2001:db8:1::2 flags AH-- local 2001:db8:: "
			       "lifetime 262140 / 262140 seq 19429\nmip6d> "));
	assert_non_null(strstr(c.buf, "mip6d> unknown command 'bogus' (try help)\nmip6d> "));
	assert_non_null(strstr(c.buf, "mip6d> bc: takes no arguments\nmip6d> mip6d> "));
	assert_int_equal(c.buf[c.len - 1], ' '); /* ends on the prompt before quit */
	close(fd);
	vt_close(vt);
	eloop_free(el);
	engine_free(e);
}

static void test_commands(void **state)
{
	struct config conf;
	struct engine *e = ha_engine(&conf);
	struct eloop *el = eloop_new();
	struct vt *vt = vt_open(el, e, 0);
	char buf[4096];
	FILE *f;

	(void)state;
	assert_non_null(vt);
	f = fmemopen(buf, sizeof(buf), "w");
	assert_int_equal(vt_command(vt, "stats", f), 0);
	fclose(f);
	assert_non_null(strstr(buf, "role HA\nbindings 1\n"));
	assert_non_null(strstr(buf, "bu_accepted 1\n"));
	assert_non_null(strstr(buf, "ba_tx_status_0 1\n"));
	f = fmemopen(buf, sizeof(buf), "w");
	assert_int_equal(vt_command(vt, "  quit  ", f), 1);
	fclose(f);
	vt_close(vt);
	eloop_free(el);
	engine_free(e);
}

/* Runs one line and returns its answer (static buffer) and whether it asked to quit. */
static const char *answer(struct vt *vt, const char *line, int *quit)
{
	static char buf[4096];
	FILE *f = fmemopen(buf, sizeof(buf), "w");

	assert_non_null(f);
	*quit = vt_command(vt, line, f);
	assert_int_equal(fclose(f), 0);
	return buf;
}

static void test_help_lists_every_command_once(void **state)
{
	static const char *const want[] = { "help", "bc", "bul", "stats", "quit" };
	struct config conf;
	struct engine *e = ha_engine(&conf);
	struct eloop *el = eloop_new();
	struct vt *vt = vt_open(el, e, 0);
	char help[1024], names[8][16];
	unsigned n = 0;
	int quit;

	(void)state;
	assert_non_null(vt);
	snprintf(help, sizeof(help), "%s", answer(vt, "help", &quit));
	assert_int_equal(quit, 0);
	/* The text MIPL users and the e2e scripts know, byte for byte. */
	assert_string_equal(help, "help   this list\n"
				  "bc     binding cache (home agent)\n"
				  "bul    binding update list (mobile node)\n"
				  "stats  counters\n"
				  "quit   close this session\n");
	for (char *line = strtok(help, "\n"); line; line = strtok(NULL, "\n")) {
		assert_true(n < 8);
		assert_int_equal(sscanf(line, "%15s", names[n]), 1);
		n++;
	}
	assert_int_equal(n, sizeof(want) / sizeof(want[0]));
	for (unsigned i = 0; i < n; i++) {
		unsigned seen = 0;

		for (unsigned k = 0; k < n; k++)
			seen += !strcmp(names[k], want[i]);
		assert_int_equal(seen, 1);
	}
	for (unsigned i = 0; i < n; i++) {
		const char *out = answer(vt, names[i], &quit);

		assert_null(strstr(out, "unknown command"));
		assert_int_equal(quit, !strcmp(names[i], "quit"));
	}
	/* Aliases stay out of the list but still work. */
	answer(vt, "exit", &quit);
	assert_int_equal(quit, 1);
	assert_string_equal(answer(vt, "helpme", &quit), "unknown command 'helpme' (try help)\n");
	assert_int_equal(quit, 0);
	vt_close(vt);
	eloop_free(el);
	engine_free(e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tcp_session),
		cmocka_unit_test(test_commands),
		cmocka_unit_test(test_help_lists_every_command_once),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
