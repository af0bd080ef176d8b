/* Virtual terminal: real TCP sessions on the loopback through the event loop (clients
 * that flood, read slowly, idle or overflow their queue included), and the command
 * dispatcher's answers.
 *
 * VT_JITTER=1 adds a report of the loop's lateness with and without a slow client. */
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
#include <sched.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "config.h"
#include "eloop.h"
#include "log.h"
#include "recorder.h"
#include "vt.h"
#include "vt_peer.h"

/* A loop that stops turning would hang the test: it fails at this bound instead. */
#define HANG_S 60
/* The most CPU time the loop may spend between two waits while a client misbehaves. */
#define WORK_MAX_US 10000
/* Wall-clock lateness of a tick also counts other programs running on a busy machine;
 * far below the seconds a blocking VT costs, far above what a busy build causes. */
#define LATE_MAX_US 500000

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
	static const char *const want[] = { "help", "bc", "bul", "hal", "stats", "quit" };
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
				  "hal    home agents list (home agent), discovered ones (mobile node)\n"
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

/* The bytes a session receives for line: the answer, then the prompt unless it quits. */
static char *session_answer(struct vt *vt, const char *line)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	assert_non_null(f);
	if (!vt_command(vt, line, f))
		fputs("mip6d> ", f);
	assert_int_equal(fclose(f), 0);
	return text;
}

static char *repeat(const char *s, size_t times, size_t *len)
{
	size_t n = strlen(s);
	char *out = malloc(n * times + 1);

	assert_non_null(out);
	for (size_t i = 0; i < times; i++)
		memcpy(out + i * n, s, n);
	out[n * times] = '\0';
	*len = n * times;
	return out;
}

static unsigned occurrences(const char *hay, const char *needle)
{
	unsigned n = 0;

	for (const char *p = hay; p && (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

/* The VT, its engine and loop, with info-level log lines kept for the test. */
struct bench {
	struct config conf;
	struct engine *e;
	struct eloop *el;
	struct vt *vt;
	FILE *log;
	char *log_text;
	size_t log_len;
};

static void bench_open(struct bench *b)
{
	memset(b, 0, sizeof(*b));
	alarm(HANG_S);
	b->e = ha_engine(&b->conf);
	b->el = eloop_new();
	assert_non_null(b->el);
	b->vt = vt_open(b->el, b->e, 0);
	assert_non_null(b->vt);
	b->log = open_memstream(&b->log_text, &b->log_len);
	assert_non_null(b->log);
	log_init(LOG_LVL_INFO, b->log);
}

static void bench_close(struct bench *b)
{
	log_init(0, NULL);
	fclose(b->log);
	free(b->log_text);
	vt_close(b->vt);
	eloop_free(b->el);
	engine_free(b->e);
	alarm(0);
}

/* The log lines so far. */
static const char *bench_log(struct bench *b)
{
	assert_int_equal(fflush(b->log), 0);
	return b->log_text;
}

/* As cmocka fixtures: a failed test still closes its VT and gives the log back. */
static int bench_setup(void **state)
{
	struct bench *b = malloc(sizeof(*b));

	if (!b)
		return -1;
	bench_open(b);
	*state = b;
	return 0;
}

static int bench_teardown(void **state)
{
	bench_close(*state);
	free(*state);
	return 0;
}

struct flood {
	struct peer flooder;    /* sends `help` lines, never reads */
	char *data;
	size_t len, off;
	struct pinger good;     /* `stats` round trips meanwhile */
	uint64_t dropped_ms;
	unsigned answers_at_drop;
};

static bool flood_step(void *ctx)
{
	struct flood *f = ctx;

	peer_push(&f->flooder, f->data, f->len, &f->off);
	pinger_step(&f->good);
	if (!f->dropped_ms && peer_closed_by_vt(&f->flooder)) {
		f->dropped_ms = eloop_now_ms();
		f->answers_at_drop = f->good.answers;
	}
	return !f->dropped_ms || f->good.answers < f->answers_at_drop + 10;
}

static void test_client_that_never_reads_cannot_stall_the_loop(void **state)
{
	struct bench *b = *state;
	struct flood f = { 0 };
	struct ticker t;
	char *want;

	/* The flooder stops being read once half its queue waits, then idles out. */
	vt_set_idle_timeout(b->vt, 300);
	want = session_answer(b->vt, "stats");
	/* 6 MB of answers: more than the kernel buffers on the loopback. */
	f.data = repeat("help\n", 40000, &f.len);
	peer_open(&f.flooder, b->el, b->vt, 4096, false);
	pinger_open(&f.good, b->el, b->vt, "stats\n", want);
	ticker_start(&t, b->el, 20000, flood_step, &f);
	t.measuring = true;
	assert_int_equal(eloop_run(b->el), 0);
	assert_false(t.timed_out);
	/* No turn of the loop held it, the other client was answered throughout. */
	assert_in_range(t.max_work_us, 0, WORK_MAX_US);
	assert_in_range(t.max_late_us, 0, LATE_MAX_US);
	assert_int_equal(f.good.wrong, 0);
	assert_in_range(f.answers_at_drop, 10, UINT32_MAX);
	assert_true(f.good.answers >= f.answers_at_drop + 10);
	assert_int_not_equal(f.dropped_ms, 0);
	assert_int_equal(occurrences(bench_log(b), "vt: client dropped: not reading its output\n"), 1);
	ticker_stop(&t);
	peer_close(&f.flooder);
	peer_close(&f.good.peer);
	free(f.data);
	free(want);
}

struct slow {
	struct peer reader;
	const char *const *pieces;      /* one per tick first */
	unsigned n_pieces, next;
	char *script;                   /* then as fast as the socket takes it */
	size_t len, off;
};

static bool slow_step(void *ctx)
{
	struct slow *s = ctx;

	if (s->next < s->n_pieces) {
		const char *piece = s->pieces[s->next++];

		assert_int_equal(send(s->reader.fd, piece, strlen(piece), MSG_NOSIGNAL),
				 (ssize_t)strlen(piece));
		return true;
	}
	peer_push(&s->reader, s->script, s->len, &s->off);
	return !s->reader.eof;
}

static void test_slow_reader_gets_every_answer_intact(void **state)
{
	enum { PAIRS = 30000 };
	char long_a[201], long_b[101];
	/* Lines cut across sends, \r\n, a line longer than the VT keeps, a bare "b". */
	const char *pieces[] = { "he", "lp\r\nst", "ats\n", long_a, long_b, "\n", "b", "c\n" };
	struct bench *b = *state;
	struct slow s = { .pieces = pieces, .n_pieces = sizeof(pieces) / sizeof(pieces[0]) };
	struct ticker t;
	char *help, *stats, *bc, *pair, *want, *p;
	size_t pair_len, want_len;

	memset(long_a, 'x', 200);
	long_a[200] = '\0';
	memset(long_b, 'x', 100);
	long_b[100] = '\0';
	help = session_answer(b->vt, "help");
	stats = session_answer(b->vt, "stats");
	bc = session_answer(b->vt, "bc");
	pair = malloc(strlen(help) + strlen(bc) + 1);
	assert_non_null(pair);
	strcat(strcpy(pair, help), bc);
	pair_len = strlen(pair);
	want_len = 7 + strlen(help) + strlen(stats) + 21 + strlen(bc) + PAIRS * pair_len;
	want = p = malloc(want_len + 1);
	assert_non_null(want);
	p += sprintf(p, "mip6d> %s%sline too long\nmip6d> %s", help, stats, bc);
	for (unsigned i = 0; i < PAIRS; i++, p += pair_len)
		memcpy(p, pair, pair_len);
	*p = '\0';
	assert_int_equal((size_t)(p - want), want_len);
	{
		size_t n;
		char *bulk = repeat("help\nbc\n", PAIRS, &n);

		s.script = malloc(n + 6);
		assert_non_null(s.script);
		memcpy(s.script, bulk, n);
		memcpy(s.script + n, "quit\n", 6);
		s.len = n + 5;
		free(bulk);
	}
	/* A small window read 1 KiB at a time: far slower than the VT answers. */
	peer_open(&s.reader, b->el, b->vt, 4096, true);
	s.reader.read_max = 1024;
	ticker_start(&t, b->el, 50000, slow_step, &s);
	assert_int_equal(eloop_run(b->el), 0);
	assert_false(t.timed_out);
	assert_true(s.reader.eof); /* `quit` closed it once everything was sent */
	assert_int_equal(s.reader.len, want_len);
	assert_memory_equal(s.reader.buf, want, want_len);
	assert_null(strstr(bench_log(b), "dropped"));
	ticker_stop(&t);
	peer_close(&s.reader);
	free(s.script);
	free(want);
	free(pair);
	free(help);
	free(stats);
	free(bc);
}

/* 4 MB of `stats`: one answer larger than the kernel buffers and the queue together. */
static void huge_stats(FILE *out)
{
	for (unsigned i = 0; i < 50000; i++)
		fputs("counter_with_a_long_name_for_the_test "
		      "123456789012345678901234567890123456789\n", out);
}

struct cap {
	struct peer p;
	unsigned ticks;
};

static bool cap_step(void *ctx)
{
	struct cap *c = ctx;

	if (!c->ticks)
		assert_int_equal(send(c->p.fd, "stats\n", 6, MSG_NOSIGNAL), 6);
	return ++c->ticks < 50;
}

static void test_client_over_the_cap_is_dropped(void **state)
{
	struct bench *b = *state;
	struct cap c = { 0 };
	struct ticker t;
	struct timeval tv = { .tv_sec = 5 };
	char buf[65536];
	size_t total = 0;
	ssize_t n;

	vt_set_stats_hook(b->vt, huge_stats);
	peer_open(&c.p, b->el, b->vt, 4096, false);
	ticker_start(&t, b->el, 20000, cap_step, &c);
	t.measuring = true;
	assert_int_equal(eloop_run(b->el), 0);
	assert_false(t.timed_out);
	assert_in_range(t.max_late_us, 0, LATE_MAX_US);
	assert_int_equal(occurrences(bench_log(b), "vt: client dropped: not reading its output\n"), 1);
	/* What the kernel had taken still arrives, then the end of the session. */
	assert_int_equal(fcntl(c.p.fd, F_SETFL, 0), 0);
	assert_int_equal(setsockopt(c.p.fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)), 0);
	while ((n = recv(c.p.fd, buf, sizeof(buf), 0)) > 0)
		total += (size_t)n;
	assert_int_equal(n, 0);
	assert_in_range(total, 7, 50000 * 80);
	ticker_stop(&t);
	peer_close(&c.p);
}

struct idle {
	struct peer quiet[VT_MAX_CLIENTS - 1];
	struct pinger busy;
	struct peer extra, late;
	struct bench *b;
	unsigned phase;
};

static bool idle_step(void *ctx)
{
	struct idle *d = ctx;
	unsigned closed = 0;

	pinger_step(&d->busy);
	for (unsigned i = 0; i < VT_MAX_CLIENTS - 1; i++)
		closed += d->quiet[i].eof;
	switch (d->phase) {
	case 0: /* every session has its prompt: the table is full */
		for (unsigned i = 0; i < VT_MAX_CLIENTS - 1; i++)
			if (d->quiet[i].len < 7)
				return true;
		if (d->busy.answers < 1)
			return true;
		peer_open(&d->extra, d->b->el, d->b->vt, 0, true);
		d->phase = 1;
		return true;
	case 1:
		if (!d->extra.eof)
			return true;
		d->phase = 2;
		return true;
	case 2: /* the idle sessions go, the busy one stays */
		if (closed < VT_MAX_CLIENTS - 1)
			return true;
		peer_open(&d->late, d->b->el, d->b->vt, 0, true);
		d->phase = 3;
		return true;
	default:
		return d->late.len < 7;
	}
}

static void test_idle_sessions_are_closed(void **state)
{
	struct bench *b = *state;
	struct idle d = { .b = b };
	struct ticker t;
	uint64_t t0;
	char *want;

	vt_set_idle_timeout(b->vt, 300);
	want = session_answer(b->vt, "stats");
	t0 = eloop_now_ms();
	for (unsigned i = 0; i < VT_MAX_CLIENTS - 1; i++)
		peer_open(&d.quiet[i], b->el, b->vt, 0, true);
	/* Half a command is not a command. */
	assert_int_equal(send(d.quiet[0].fd, "hel", 3, MSG_NOSIGNAL), 3);
	pinger_open(&d.busy, b->el, b->vt, "stats\n", want);
	ticker_start(&t, b->el, 10000, idle_step, &d);
	assert_int_equal(eloop_run(b->el), 0);
	assert_false(t.timed_out);
	assert_string_equal(d.extra.buf, "too many sessions\n");
	for (unsigned i = 0; i < VT_MAX_CLIENTS - 1; i++) {
		assert_string_equal(d.quiet[i].buf, "mip6d> ");
		assert_in_range(d.quiet[i].eof_ms - t0, 300, 3000);
	}
	assert_false(d.busy.peer.eof);
	assert_int_equal(d.busy.wrong, 0);
	assert_string_equal(d.late.buf, "mip6d> "); /* a slot was free again */
	assert_int_equal(occurrences(bench_log(b), "vt: client dropped: idle\n"), VT_MAX_CLIENTS - 1);
	ticker_stop(&t);
	for (unsigned i = 0; i < VT_MAX_CLIENTS - 1; i++)
		peer_close(&d.quiet[i]);
	peer_close(&d.busy.peer);
	peer_close(&d.extra);
	peer_close(&d.late);
	free(want);
}

/* The jitter report: the loop's lateness to a 10 ms tick over 5 s, with a `stats` client,
 * and optionally a client that never reads plus one that pipelines `help` and reads 1 KiB
 * at a time. Those two run in a child process, as they would on a real host, so that the
 * process measured is the VT's alone. */
#define JITTER_TICKS 500

struct slow_clients {
	struct peer flooder, slow;
	char *flood, *pipe;
	size_t flood_len, flood_off, pipe_len, pipe_off;
};

static bool slow_clients_step(void *ctx)
{
	struct slow_clients *c = ctx;

	peer_push(&c->flooder, c->flood, c->flood_len, &c->flood_off);
	peer_push(&c->slow, c->pipe, c->pipe_len, &c->pipe_off);
	if (c->pipe_off == c->pipe_len)
		c->pipe_off = 0;
	return true;
}

/* Forks the slow clients for ms; they exit 0 when the slow one was served. */
static pid_t slow_clients_start(const struct vt *vt, unsigned ms)
{
	struct slow_clients c = { 0 };
	struct ticker t;
	struct eloop *el;
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid > 0)
		return pid;
	/* Under `chrt` for the report, only the VT's process is to take precedence. */
	sched_setscheduler(0, SCHED_OTHER, &(struct sched_param){ 0 });
	el = eloop_new();
	if (!el)
		_exit(2);
	c.flood = repeat("help\n", 40000, &c.flood_len);
	c.pipe = repeat("help\n", 1000, &c.pipe_len);
	peer_open(&c.flooder, el, vt, 4096, false);
	peer_open(&c.slow, el, vt, 4096, true);
	c.slow.read_max = 1024;
	c.slow.discard = true;
	ticker_start(&t, el, ms, slow_clients_step, &c);
	eloop_run(el);
	_exit(c.slow.len ? 0 : 1);
}

struct jitter {
	struct pinger good;
	unsigned ticks;
};

static bool jitter_step(void *ctx)
{
	struct jitter *j = ctx;

	pinger_step(&j->good);
	return ++j->ticks < JITTER_TICKS;
}

static void jitter_run(bool with_slow)
{
	struct bench b;
	struct jitter j = { 0 };
	struct ticker t;
	char *want;
	uint64_t p99;
	pid_t pid = 0;
	int status = 0;

	bench_open(&b);
	want = session_answer(b.vt, "stats");
	pinger_open(&j.good, b.el, b.vt, "stats\n", want);
	if (with_slow)
		pid = slow_clients_start(b.vt, JITTER_TICKS * TICK_MS + 1000);
	ticker_start(&t, b.el, 20000, jitter_step, &j);
	t.measuring = true;
	assert_int_equal(eloop_run(b.el), 0);
	if (pid)
		assert_int_equal(waitpid(pid, &status, 0), pid);
	p99 = ticker_p99_us(&t);
	print_message("tick delay %s the slow clients: max %.1f ms, p99 %.1f ms; loop work "
		      "between two waits at most %.1f ms (%zu ticks, %u stats round trips%s)\n",
		      with_slow ? "with" : "without", t.max_late_us / 1000.0, p99 / 1000.0,
		      t.max_work_us / 1000.0, t.n, j.good.answers,
		      !pid ? "" : status == 0 ? ", slow client served" : ", slow client starved");
	assert_int_equal(j.good.wrong, 0);
	ticker_stop(&t);
	peer_close(&j.good.peer);
	free(want);
	bench_close(&b);
}

static void report_jitter(void **state)
{
	(void)state;
	jitter_run(false);
	jitter_run(true);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tcp_session),
		cmocka_unit_test(test_commands),
		cmocka_unit_test(test_help_lists_every_command_once),
		cmocka_unit_test_setup_teardown(test_client_that_never_reads_cannot_stall_the_loop,
						bench_setup, bench_teardown),
		cmocka_unit_test_setup_teardown(test_slow_reader_gets_every_answer_intact,
						bench_setup, bench_teardown),
		cmocka_unit_test_setup_teardown(test_client_over_the_cap_is_dropped,
						bench_setup, bench_teardown),
		cmocka_unit_test_setup_teardown(test_idle_sessions_are_closed,
						bench_setup, bench_teardown),
	};
	const struct CMUnitTest report[] = {
		cmocka_unit_test(report_jitter),
	};

	if (getenv("VT_JITTER"))
		return cmocka_run_group_tests(report, NULL, NULL);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
