/* Golden tests: each synthetic scenario from writer.c through the whole
 * analyzer; text, JSON (and CSV for the handover) compared with the files
 * checked in under tests/analysis/golden/. MIP6_GOLDEN_UPDATE=1 rewrites
 * them (review the diff). Run from the repository root. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "an.h"
#include "esp.h"
#include "input.h"
#include "nodes.h"
#include "writer.h"

static char root[PATH_MAX];	/* repository root (cwd at start) */
static int64_t jitter_buffer_ms = -1;	/* analyze(): the default unless set */
static char data[PATH_MAX];	/* where scenarios are generated */

/* snprintf whose truncation is a test failure (and not a compiler warning). */
#define FMT(buf, ...) assert_true(snprintf((buf), sizeof(buf), __VA_ARGS__) < (int)sizeof(buf))

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t cap = 0, n = 0;

	if (!f)
		return NULL;
	for (;;) {
		if (n + 4096 > cap) {
			cap = cap ? cap * 2 : 8192;
			buf = realloc(buf, cap);
			assert_non_null(buf);
		}
		size_t r = fread(buf + n, 1, cap - n - 1, f);

		n += r;
		if (r == 0)
			break;
	}
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

struct run {
	char *text, *json, *csv, *err, *csv_streams, *csv_nodes;
	size_t text_len, json_len, csv_len, err_len, csv_streams_len, csv_nodes_len;
	int rc;
};

/* Analyze every *.pcap of the scenario directory (sorted) with its
 * events.log if present, as `mip6-analyze` would. */
static void analyze(const char *dir, struct run *r, const char *svg)
{
	static struct analyzer an;
	char *files[16];
	int n = 0;
	DIR *d = opendir(dir);
	struct dirent *de;
	FILE *tf, *jf, *cf, *ef, *sf, *nf;
	char cwd[PATH_MAX];

	assert_non_null(d);
	while ((de = readdir(d)))
		if (strstr(de->d_name, ".pcap") && n < 16)
			files[n++] = strdup(de->d_name);
	closedir(d);
	qsort(files, (size_t)n, sizeof(files[0]), cmp_str);
	assert_non_null(getcwd(cwd, sizeof(cwd)));
	assert_int_equal(chdir(dir), 0);

	memset(r, 0, sizeof(*r));
	ef = open_memstream(&r->err, &r->err_len);
	an_init(&an);
	if (jitter_buffer_ms >= 0)
		an.jitter_buffer_ns = jitter_buffer_ms * 1000000LL;
	if (access("events.log", R_OK) == 0)
		assert_int_equal(an_events_load(&an, "events.log", ef), 0);
	if (!an.mn_node[0])
		strcpy(an.mn_node, "raven");
	/* The scenario's key file, as --esp-sa would give it. */
	if (access("ipsec.keys", R_OK) == 0)
		assert_int_equal(esp_keys_load(&an, "ipsec.keys", ef), 0);
	r->rc = input_run(&an, files, n, ef);
	an_finish(&an);
	tf = open_memstream(&r->text, &r->text_len);
	jf = open_memstream(&r->json, &r->json_len);
	cf = open_memstream(&r->csv, &r->csv_len);
	sf = open_memstream(&r->csv_streams, &r->csv_streams_len);
	nf = open_memstream(&r->csv_nodes, &r->csv_nodes_len);
	report_text(&an, tf);
	report_json(&an, jf);
	report_csv(&an, cf);
	report_csv_streams(&an, sf);
	report_csv_nodes(&an, nf);
	fclose(nf);
	fclose(tf);
	fclose(jf);
	fclose(cf);
	fclose(sf);
	fclose(ef);
	if (svg) {
		FILE *sf = fopen(svg, "w");

		assert_non_null(sf);
		assert_int_equal(report_svg(&an, sf), 0);
		fclose(sf);
	}
	an_free(&an);
	assert_int_equal(chdir(cwd), 0);
	for (int i = 0; i < n; i++)
		free(files[i]);
}

static void golden(const char *name, const char *ext, const char *got, size_t len)
{
	char path[PATH_MAX + 64];
	char *want;
	size_t wlen = 0;

	FMT(path, "%s/tests/analysis/golden/%s.%s", root, name, ext);
	if (getenv("MIP6_GOLDEN_UPDATE")) {
		FILE *f = fopen(path, "w");

		assert_non_null(f);
		fwrite(got, 1, len, f);
		fclose(f);
		return;
	}
	want = slurp(path, &wlen);
	if (!want)
		fail_msg("%s: missing (run with MIP6_GOLDEN_UPDATE=1 to create)", path);
	if (wlen != len || memcmp(want, got, len) != 0) {
		print_error("--- %s differs; got:\n%s\n", path, got);
		free(want);
		fail_msg("%s differs from the analyzer's output", path);
	}
	free(want);
}

static void scenario(const char *name, struct run *r, const char *svg)
{
	char dir[PATH_MAX + 64];

	FMT(dir, "%s/%s", data, name);
	assert_int_equal(w_scenario(name, dir), 0);
	analyze(dir, r, svg);
	golden(name, "txt", r->text, r->text_len);
	golden(name, "json", r->json, r->json_len);
}

static void run_free(struct run *r)
{
	free(r->text);
	free(r->json);
	free(r->csv);
	free(r->err);
	free(r->csv_streams);
	free(r->csv_nodes);
}

static void test_scenario(void **state)
{
	const char *name = *state;
	struct run r;

	scenario(name, &r, NULL);
	assert_int_equal(r.rc, 0);
	run_free(&r);
}

static void test_handover(void **state)
{
	char svg[PATH_MAX + 64], png[PATH_MAX + 64], cmd[3 * PATH_MAX];
	struct run r;
	struct stat st;

	(void)state;
	FMT(svg, "%s/handover.svg", data);
	FMT(png, "%s/handover.png", data);
	scenario("handover", &r, svg);
	golden("handover", "csv", r.csv, r.csv_len);
	/* The phases the writer put in, read back by the analyzer. */
	assert_non_null(strstr(r.json, "\"l2\": 295.000"));
	assert_non_null(strstr(r.json, "\"movement_detection\": 30.000"));
	assert_non_null(strstr(r.json, "\"address_configuration\": 50.000"));
	assert_non_null(strstr(r.json, "\"registration\": 50.000"));
	assert_non_null(strstr(r.json, "\"resume\": 10.500"));
	assert_non_null(strstr(r.json, "\"blackout\": 440.000"));
	assert_non_null(strstr(r.json, "\"t_first_reply\": 1795672810.540700"));
	run_free(&r);
	/* The timeline must render. */
	FMT(cmd, "rsvg-convert -o '%s' '%s'", png, svg);
	if (system("command -v rsvg-convert >/dev/null") != 0)
		skip();
	assert_int_equal(system(cmd), 0);
	assert_int_equal(stat(png, &st), 0);
	assert_true(st.st_size > 1000);
}

/* The HA tunnels probes before the MN can take them: the MN drops the
 * first two (an ICMPv6 error for one), accepts the third before the BA
 * (resume is negative, legitimately) and answers it after the fourth. The
 * last request on the old link has no captured answer but came before the
 * L2 leave: it still counts as delivered (last_data_before 100.5). */
/* The L2 phase in parts (scenarios_l2.c): the figures put in by the writer. */
static void test_l2_parts(void **state)
{
	struct run r;

	(void)state;
	scenario("l2-scan-wpa2", &r, NULL);
	golden("l2-scan-wpa2", "csv", r.csv, r.csv_len);
	assert_non_null(strstr(r.json, "\"l2_scan\": \"probed\""));
	assert_non_null(strstr(r.json, "\"l2_parts_ms\": {\"scan\": 27.000, \"authentication\": 2.000, "
			       "\"association\": 5.000, \"handshake\": 6.000}"));
	assert_non_null(strstr(r.json, "\"l2\": 55.000"));
	assert_non_null(strstr(r.json, "\"blackout\": 120.000"));
	assert_non_null(strstr(r.text, "  blackout 120.000 ms as the user felt it"));
	run_free(&r);
	scenario("l2-probed-before", &r, NULL);
	assert_non_null(strstr(r.json, "\"l2_scan\": \"cached\""));
	assert_non_null(strstr(r.json, "\"probe_request\": null"));
	assert_non_null(strstr(r.json, "\"l2_parts_ms\": {\"scan\": 0.000, \"authentication\": 2.000, "
			       "\"association\": 5.000, \"handshake\": null}"));
	assert_non_null(strstr(r.json, "\"l2\": 59.500"));
	assert_non_null(strstr(r.text, "no scan at the move: authenticated from cached scan results"));
	run_free(&r);
}

/* Three mobile nodes whose probes interleave (scenarios_multi.c): each one's
 * handover from its own home address, capture and station. */
static void test_multi_mn(void **state)
{
	static const char *const want[] = {
		"1,raven,2001:db8::beef,02:00:00:00:02:00,raven-wlan0,1,1,1,1,home,remote,"
		"2001:db8:1:0:200:ff:fe00:200,1,55.000,20.000,20.000,10.000,10.500,120.000,cached,0.000,",
		"2,raven2,2001:db8::beef:2,02:00:00:00:02:01,raven2-wlan0,1,1,1,1,home,remote,"
		"2001:db8:1:0:200:ff:fe00:201,1,65.000,20.000,20.000,20.000,13.500,150.000,probed,12.000,",
		"3,raven3,2001:db8::beef:3,02:00:00:00:02:02,raven3-wlan0,1,1,1,1,home,remote,"
		"2001:db8:1:0:200:ff:fe00:202,1,75.000,20.000,20.000,30.000,16.500,170.000,cached,0.000,",
	};
	struct run r;

	(void)state;
	scenario("multi-mn", &r, NULL);
	golden("multi-mn", "nodes.csv", r.csv_nodes, r.csv_nodes_len);
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		assert_non_null(strstr(r.csv_nodes, want[i]));
	/* The report's own handovers stay the mobile node's: one. */
	assert_non_null(strstr(r.json, "\"moves\": 1, \"mobile_node\": \"raven\""));
	assert_null(strstr(r.text, "Handover 2"));
	assert_non_null(strstr(r.json, "\"blackout_ms\": {\"n\": 3, \"missing\": 0, \"min\": 120.000, "
			       "\"median\": 150.000, \"p90\": 170.000, \"max\": 170.000}"));
	run_free(&r);
}

static void test_rejected_data(void **state)
{
	struct run r;

	(void)state;
	scenario("handover-rejected", &r, NULL);
	assert_non_null(strstr(r.json, "\"data_delivery\": \"answered\", \"gap_anchor\": \"l2_join\""));
	assert_non_null(strstr(r.json, "\"t_offered\": 1795672810.500500"));
	assert_non_null(strstr(r.json, "\"t_resume\": 1795672810.520500"));
	assert_non_null(strstr(r.json, "\"last_data_before\": 1795672810.100500"));
	assert_non_null(strstr(r.json, "\"resume\": -9.500"));
	assert_non_null(strstr(r.json, "\"blackout\": 420.000"));
	assert_non_null(strstr(r.json, "\"t_first_reply\": 1795672810.530700"));
	run_free(&r);
}

/* The same captures without events.log: the gap containing the BU, on
 * delivered data too. */
static void test_rejected_data_no_events(void **state)
{
	char dir[PATH_MAX + 64], ev[PATH_MAX + 96];
	struct run r;

	(void)state;
	FMT(dir, "%s/handover-rejected-no-events", data);
	FMT(ev, "%s/events.log", dir);
	assert_int_equal(w_scenario("handover-rejected", dir), 0);
	assert_int_equal(unlink(ev), 0);
	analyze(dir, &r, NULL);
	assert_non_null(strstr(r.json, "\"gap_anchor\": \"t_bu\""));
	assert_non_null(strstr(r.json, "\"t_offered\": 1795672810.500500"));
	assert_non_null(strstr(r.json, "\"t_resume\": 1795672810.520500"));
	assert_non_null(strstr(r.json, "\"blackout\": 420.000"));
	run_free(&r);
}

/* A 1.1 s stall later in the move's window: the move's gap is still the
 * 440 ms one around the L2 join, or, without an air capture, the BU. */
static void test_late_stall(void **state)
{
	static const char *const names[] = { "handover-late-stall", "handover-late-stall-no-air" };
	static const char *const anchors[] = { "\"gap_anchor\": \"l2_join\"", "\"gap_anchor\": \"t_bu\"" };

	(void)state;
	for (size_t i = 0; i < 2; i++) {
		struct run r;

		scenario(names[i], &r, NULL);
		assert_non_null(strstr(r.json, anchors[i]));
		assert_non_null(strstr(r.json, "\"last_data_before\": 1795672810.100500"));
		assert_non_null(strstr(r.json, "\"t_resume\": 1795672810.540500"));
		assert_non_null(strstr(r.json, "\"blackout\": 440.000"));
		assert_non_null(strstr(r.json, "\"resume\": 10.500"));
		assert_non_null(strstr(r.json, "\"t_first_reply\": 1795672810.540700"));
		run_free(&r);
	}
}

/* A 30 ms handover, under the 4x-spacing threshold of a significant gap,
 * then the 1.1 s stall: the interval around the join is still the one. */
static void test_fast_late_stall(void **state)
{
	struct run r;

	(void)state;
	scenario("handover-fast-late-stall", &r, NULL);
	assert_non_null(strstr(r.json, "\"gap_anchor\": \"l2_join\""));
	assert_non_null(strstr(r.json, "\"last_data_before\": 1795672810.380500, "
			    "\"t_offered\": 1795672810.410500, \"t_resume\": 1795672810.410500"));
	assert_non_null(strstr(r.json, "\"resume\": 1.500, \"blackout\": 30.000"));
	assert_non_null(strstr(r.json, "\"l2\": 15.000"));
	run_free(&r);
}

/* Neither air capture nor BU: the first outage after the move command (the
 * probes go on for 100 ms after it), not the interval around the command
 * nor the later, longer stall. */
static void test_move_only(void **state)
{
	struct run r;

	(void)state;
	scenario("handover-move-only", &r, NULL);
	assert_non_null(strstr(r.json, "\"data_delivery\": \"answered\", \"gap_anchor\": \"t_move\""));
	assert_non_null(strstr(r.json, "\"last_data_before\": 1795672810.100500, "
			    "\"t_offered\": 1795672810.540500, \"t_resume\": 1795672810.540500"));
	assert_non_null(strstr(r.json, "\"blackout\": 440.000"));
	run_free(&r);
}

/* No echo reply captured anywhere: every request counts, as before
 * delivery by answer, and gives the handover scenario's numbers. */
static void test_one_way(void **state)
{
	struct run r;

	(void)state;
	scenario("handover-one-way", &r, NULL);
	assert_non_null(strstr(r.json, "\"data_delivery\": \"offered\", \"gap_anchor\": \"l2_join\""));
	assert_non_null(strstr(r.json, "\"last_data_before\": 1795672810.100500, "
			    "\"t_offered\": 1795672810.540500, \"t_resume\": 1795672810.540500, "
			    "\"t_first_reply\": null"));
	assert_non_null(strstr(r.json, "\"resume\": 10.500, \"blackout\": 440.000"));
	run_free(&r);
}

/* Deregistration refused with 135 then (its resync) 133, then accepted by
 * the late BA for the first BU: one exchange, accepted, with both
 * refusals; the repeated BA is a duplicate, the BA for 45 an orphan. Then
 * a refusal after the acceptance, and the list of refusals capped. */
static void test_late_accept(void **state)
{
	struct run r;

	(void)state;
	scenario("late-accept", &r, NULL);
	assert_non_null(strstr(r.text, "      deregistration accepted (BA 0 for BU seq 41, after 135 and 133)\n"));
	assert_non_null(strstr(r.text, "accepted after a rejection with status 133"));
	assert_non_null(strstr(r.json, "\"seq_first\": 41, \"seq_last\": 61"));
	assert_non_null(strstr(r.json, "\"ba_seq\": 41, \"status\": 0, \"status_text\": "
			    "\"Binding Update accepted\", \"accepted\": true"));
	assert_non_null(strstr(r.json, "\"answered_seq\": 41, \"refusals\": ["
			    "{\"t\": 1795672860.010000, \"ba_seq\": 60, \"bu_seq\": 41, \"status\": 135, "));
	assert_non_null(strstr(r.json, "{\"t\": 1795672860.030000, \"ba_seq\": 61, \"bu_seq\": 61, "
			    "\"status\": 133, "));
	assert_non_null(strstr(r.json, "\"ba_orphan\": 1,\n  \"ba_duplicate\": 1,"));
	run_free(&r);
	scenario("late-refusal", &r, NULL);
	assert_non_null(strstr(r.text, "      registration accepted (BA 0 for BU seq 11), "
			    "then refused by BA 133 for BU seq 10\n"));
	assert_non_null(strstr(r.json, "\"ba_orphan\": 0,\n  \"ba_duplicate\": 1,"));
	run_free(&r);
	scenario("refusals-capped", &r, NULL);
	assert_non_null(strstr(r.text, "(BA 133 for BU seq 40, after 133 (32 times); 7 more refusal(s) not listed)\n"));
	assert_non_null(strstr(r.json, "\"refusals_not_listed\": 7,"));
	run_free(&r);
}

/* Binding Refresh Advice reported per exchange; not below the lifetime
 * (equal, then above) listed among the checks. */
static void test_bra(void **state)
{
	struct run r;

	(void)state;
	scenario("bra", &r, NULL);
	assert_non_null(strstr(r.text, "      refresh advised every 3600 s (lifetime granted 4000 s)\n"));
	assert_non_null(strstr(r.text, "Refresh advice: 1 BA(s) with a BRA, 0 not below"));
	assert_non_null(strstr(r.json, "\"lifetime_granted_s\": 4000,"));
	assert_non_null(strstr(r.json, "\"refresh_advice_s\": 3600}"));
	assert_non_null(strstr(r.json, "\"refresh_advice\": {\"checked\": 1, \"not_below_lifetime\": 0, \"bad\": []}"));
	run_free(&r);
	scenario("bra-not-below", &r, NULL);
	assert_non_null(strstr(r.text, "Refresh advice: 2 BA(s) with a BRA, 2 not below"));
	assert_non_null(strstr(r.text, "refresh 4000 s, lifetime 4000 s\n"));
	assert_non_null(strstr(r.text, "refresh 8000 s, lifetime 4000 s\n"));
	assert_non_null(strstr(r.json, "\"ba_seq\": 1, \"status\": 0, \"refresh_s\": 4000, \"lifetime_s\": 4000}"));
	assert_non_null(strstr(r.json, "\"ba_seq\": 2, \"status\": 0, \"refresh_s\": 8000, \"lifetime_s\": 4000}"));
	run_free(&r);
}

/* Two G.711 streams across the handover (tests/analysis/scenarios.c,
 * add_streams), every figure computed by hand from the packets' times:
 *
 * Down, cn -> HoA, 151 packets sent (k 0-150, every 20 ms; cn-eth0 sees them
 * all: sent 151). k 56-73 never reach raven: 18 lost. k 74-78 (sent at +480
 * ... +560 ms) arrive in a burst at +575.0 ... +575.4 ms: one-way delays 95.0,
 * 75.1, 55.2, 35.3 and 15.4 ms against 2 ms for every other packet. The
 * jitter buffer plays at the fastest transit (2 ms) + 60 ms: k 74 (93 ms
 * behind) and k 75 (73.1) are late, k 76 (53.2) is not. k 120 twice: one
 * duplicate. Received 133 = 56 before + 77 after.
 * Mean delay: (128 x 2 + 95 + 75.1 + 55.2 + 35.3 + 15.4) / 133 = 532 / 133
 * = 4.000 ms. Longest gap: k 55 at +102 ms to k 74 at +575 ms, 473 ms, around
 * the L2 join (+400), 18 lost in it.
 * RFC 3550 A.8 jitter: D = transit(i) - transit(i-1) is 0 but for k 74 (+93),
 * k 75-78 (-19.9 each) and k 79 (-13.4); J += (|D| - J) / 16 gives 5.8125,
 * 6.6930, 7.5184, 8.2923, 9.0177, 9.2916 ms (the maximum), then 71 packets
 * with D = 0: 9.2916 x (15/16)^71 = 0.095 ms.
 * E-model: Ppl = (18 lost + 2 late) / 151 = 13.245 %; in arrival order 56
 * found, one burst of 18 lost + 2 late, 75 found: p = 1/131, q = 1/20,
 * BurstR = 1 / (p + q) = 17.351. Ta = 4.0 + 60 (buffer) + 20 (one packet)
 * = 84 ms. G.107 with its defaults: Ro - Is = 94.769 - 1.414; Id = Idte 1.673
 * + Idle 0.685 = 2.359 (Ta <= 100 ms: Idd 0); Ie,eff = 95 x 13.245 /
 * (13.245 / 17.351 + 25.1) = 48.651; R = 94.769 - 1.414 - 2.359 - 48.651
 * = 42.346; MOS = 1 + 0.035 R + R (R - 60)(100 - R) 7e-6 = 2.180.
 * Up, HoA -> cn: k 55-76 never leave raven: 22 lost of 151, none late, delay
 * 1.9 ms, gap +87 to +547 ms = 460 ms; Ppl 14.570 %, BurstR 1 / (1/129 +
 * 1/22) = 18.795, Ta 81.9 ms, R 37.550, MOS 1.946. */
static void test_stream_voice(void **state)
{
	char svg[PATH_MAX + 64], png[PATH_MAX + 64], cmd[3 * PATH_MAX];
	struct stat st;
	struct run r;

	(void)state;
	FMT(svg, "%s/stream-voice.svg", data);
	FMT(png, "%s/stream-voice.png", data);
	scenario("stream-voice", &r, svg);
	golden("stream-voice", "streams.csv", r.csv_streams, r.csv_streams_len);
	assert_non_null(strstr(r.json, "\"rtp\": {\"packets\": 543, \"streams\": 2, \"streams_dropped\": 0}"));
	assert_non_null(strstr(r.json, "{\"index\": 1, \"ssrc\": 1001, \"kind\": \"voice\", "
			    "\"direction\": \"to_mn\", \"source\": \"events\""));
	assert_non_null(strstr(r.json, "\"clock_hz\": 8000, \"packet_ms\": 20.000,\n"
			    "     \"receiver\": \"raven-wlan0\", \"first_received\": 1795672809.002000, "
			    "\"last_received\": 1795672812.002000, \"sent\": 151, \"received\": 133, "
			    "\"lost\": 18, \"loss_pct\": 11.921, \"duplicates\": 1, \"late\": 2,\n"
			    "     \"longest_gap\": {\"last_before\": 1795672810.102000, \"first_after\": "
			    "1795672810.575000, \"gap_ms\": 473.000, \"lost_in_gap\": 18}, \"jitter_ms\": 0.095, "
			    "\"jitter_max_ms\": 9.292, \"delay_ms\": 4.000, \"delay_max_ms\": 95.000"));
	assert_non_null(strstr(r.json, "{\"codec\": \"G.711\", \"ppl_pct\": 13.245, \"burst_r\": 17.351, "
			    "\"ta_ms\": 84.000, \"is\": 1.414, \"id\": 2.359, \"ie_eff\": 48.651, "
			    "\"r\": 42.346, \"mos\": 2.180}"));
	assert_non_null(strstr(r.json, "\"receiver\": \"cn-eth0\", \"first_received\": 1795672809.007000, "
			    "\"last_received\": 1795672812.007000, \"sent\": 151, \"received\": 129, "
			    "\"lost\": 22, \"loss_pct\": 14.570, \"duplicates\": 0, \"late\": 0"));
	assert_non_null(strstr(r.json, "\"ppl_pct\": 14.570, \"burst_r\": 18.795, \"ta_ms\": 81.900"));
	assert_non_null(strstr(r.json, "\"r\": 37.550, \"mos\": 1.946}"));
	/* Per handover: the gap around the L2 join, what was lost in it. */
	assert_non_null(strstr(r.json, "{\"stream\": 1, \"ssrc\": 1001, \"kind\": \"voice\", "
			    "\"direction\": \"to_mn\", \"gap_anchor\": \"l2_join\", "
			    "\"last_before\": 1795672810.102000, \"first_after\": 1795672810.575000, "
			    "\"gap_ms\": 473.000, \"lost_in_gap\": 18, \"lost\": 18, \"late\": 2}"));
	assert_non_null(strstr(r.json, "{\"stream\": 2, \"ssrc\": 1002, \"kind\": \"voice\", "
			    "\"direction\": \"from_mn\", \"gap_anchor\": \"l2_join\", "
			    "\"last_before\": 1795672810.087000, \"first_after\": 1795672810.547000, "
			    "\"gap_ms\": 460.000, \"lost_in_gap\": 22, \"lost\": 22, \"late\": 0}"));
	/* The probe's handover is measured as without the streams. */
	assert_non_null(strstr(r.json, "\"resume\": 10.500, \"blackout\": 440.000"));
	assert_non_null(strstr(r.text, "    #1 voice to the MN: gap 473.000 ms around the L2 join "
			    "(1795672810.102000 to 1795672810.575000), 18 lost in it; in the window 18 lost, 2 late\n"));
	run_free(&r);
	/* A lane per stream in the timeline, which must render. */
	r.text = slurp(svg, &r.text_len);
	assert_non_null(r.text);
	assert_non_null(strstr(r.text, ">#1 voice to MN</text>"));
	assert_non_null(strstr(r.text, ">gap 460.0 ms, 22 lost</text>"));
	free(r.text);
	if (system("command -v rsvg-convert >/dev/null") == 0) {
		FMT(cmd, "rsvg-convert -o '%s' '%s'", png, svg);
		assert_int_equal(system(cmd), 0);
		assert_int_equal(stat(png, &st), 0);
	}

	/* Found by their headers alone: the same figures. */
	scenario("stream-voice-header", &r, NULL);
	assert_non_null(strstr(r.json, "\"ssrc\": 1001, \"kind\": \"audio\", \"direction\": \"to_mn\", "
			    "\"source\": \"header\""));
	assert_non_null(strstr(r.json, "\"sent\": 151, \"received\": 133, \"lost\": 18"));
	assert_non_null(strstr(r.json, "\"r\": 42.346, \"mos\": 2.180}"));
	assert_non_null(strstr(r.json, "\"r\": 37.550, \"mos\": 1.946}"));
	assert_non_null(strstr(r.json, "\"gap_ms\": 473.000, \"lost_in_gap\": 18, \"lost\": 18, \"late\": 2}"));
	assert_non_null(strstr(r.json, "\"resume\": 10.500, \"blackout\": 440.000"));
	run_free(&r);
}

/* Route Optimization after the move, then back home (scenarios_ro.c has the
 * times): the RR pairs by cookie (the home test inside the tunnel), the BU
 * to cn with its nonce indices and authorization data, the first direct
 * probe (RH2), the phases, and the probe's RTT at cn on each path. Back
 * home: a home test alone, the deregistration with cn, and the RTT before
 * that move is the direct one. The data flow keeps the home address on the
 * direct path: the second blackout starts at the last direct probe. */
static void test_ro(void **state)
{
	char svg[PATH_MAX + 64], png[PATH_MAX + 64], cmd[3 * PATH_MAX];
	struct run r;

	(void)state;
	FMT(svg, "%s/ro.svg", data);
	FMT(png, "%s/ro.png", data);
	scenario("ro", &r, svg);
	golden("ro", "csv", r.csv, r.csv_len);
	assert_non_null(strstr(r.json, "\"return_routability\": {\"point\": \"raven-wlan0\", \"hoti\": 2, "
			    "\"coti\": 1, \"hot\": 2, \"cot\": 1, \"hot_unmatched\": 0, \"cot_unmatched\": 0"));
	assert_non_null(strstr(r.json, "\"cn_bu\": 2, \"cn_ba\": 2, \"cn_ba_orphan\": 0, "
			    "\"cn_ba_duplicate\": 0, \"brr\": 1, \"be\": 0"));
	assert_non_null(strstr(r.json, "{\"kind\": \"home\", \"t_init\": 1795672810.700000, "
			    "\"t_reply\": 1795672810.706500, \"rtt_ms\": 6.500, \"mn\": \"2001:db8::beef\""));
	assert_non_null(strstr(r.json, "\"flags\": \"A\", \"lifetime_requested_s\": 420"));
	assert_non_null(strstr(r.json, "\"home_nonce_index\": 3, \"coa_nonce_index\": 5, "
			    "\"authorization_data\": true, \"authorization_len\": 12"));
	assert_non_null(strstr(r.json, "\"outcome\": \"route_optimized\", \"rr_complete\": true"));
	assert_non_null(strstr(r.json, "\"times\": {\"t_rr_start\": 1795672810.700000, "
			    "\"t_hot\": 1795672810.706500, \"t_cot\": 1795672810.703000, "
			    "\"t_rr_complete\": 1795672810.706500, \"t_cn_bu\": 1795672810.707000, "
			    "\"t_cn_ba\": 1795672810.710500, \"t_first_direct\": 1795672810.711500}"));
	assert_non_null(strstr(r.json, "\"phases_ms\": {\"rr\": 6.500, \"cn_registration\": 3.500, "
			    "\"ro_after_home_ba\": 180.500, \"first_direct_after_cn_ba\": 1.000}"));
	assert_non_null(strstr(r.json, "\"first_direct_from\": \"cn\""));
	assert_non_null(strstr(r.json, "\"rtt_point\": \"cn-eth0\", \"rtt_ms\": {\"before_move\": 2.000, "
			    "\"tunnel\": 6.000, \"direct\": 3.000}, \"rtt_samples\": {\"before_move\": 200, "
			    "\"tunnel\": 17, \"direct\": 270}"));
	/* Back home. */
	assert_non_null(strstr(r.json, "\"outcome\": \"deregistered\""));
	assert_non_null(strstr(r.json, "\"phases_ms\": {\"rr\": 2.500, \"cn_registration\": 3.500, "
			    "\"ro_after_home_ba\": 17.500, \"first_direct_after_cn_ba\": null}"));
	assert_non_null(strstr(r.json, "\"rtt_ms\": {\"before_move\": 3.000, \"tunnel\": null, "
			    "\"direct\": null}"));
	assert_non_null(strstr(r.json, "\"last_data_before\": 1795672813.401500"));
	assert_non_null(strstr(r.json, "\"blackout\": 239.000"));
	assert_non_null(strstr(r.text, "  Binding Refresh Request 1795672812.001500 2001:db8:ff::2 -> "
			    "2001:db8:1:0:200:ff:fe00:200 (HoA 2001:db8::beef)\n"));
	run_free(&r);
	r.text = slurp(svg, &r.text_len);
	assert_non_null(r.text);
	assert_non_null(strstr(r.text, ">route optimization</text>"));
	assert_non_null(strstr(r.text, ">RR 6.5 ms</text>"));
	assert_non_null(strstr(r.text, ">CN registration 3.5 ms</text>"));
	free(r.text);
	if (system("command -v rsvg-convert >/dev/null") == 0) {
		FMT(cmd, "rsvg-convert -o '%s' '%s'", png, svg);
		assert_int_equal(system(cmd), 0);
	}
}

/* A HoT echoing a cookie no HoTI carried is counted, not paired; the real
 * one still completes the RR. A BE from cn is listed with its wording. */
static void test_ro_unknown_cookie(void **state)
{
	struct run r;

	(void)state;
	scenario("ro-unknown-cookie", &r, NULL);
	assert_non_null(strstr(r.json, "\"hoti\": 1, \"coti\": 1, \"hot\": 2, \"cot\": 1, "
			    "\"hot_unmatched\": 1, \"cot_unmatched\": 0"));
	assert_non_null(strstr(r.json, "\"t_hot\": 1795672810.706500"));
	assert_non_null(strstr(r.json, "\"rr\": 6.500"));
	assert_non_null(strstr(r.text, "2 HoT (1 unmatched)"));
	assert_non_null(strstr(r.json, "{\"t\": 1795672811.501500, \"type\": \"BE\", "
			    "\"src\": \"2001:db8:ff::2\", \"dst\": \"2001:db8:1:0:200:ff:fe00:200\", "
			    "\"hoa\": \"2001:db8::beef\", \"status\": 1, \"status_text\": "
			    "\"Unknown binding for Home Address destination option\"}"));
	run_free(&r);
}

/* cn refuses the first BU with 136; the MN runs RR again and the second
 * BU is accepted: two BUs, the refusal reported with its RFC wording, the
 * CN registration timed from the first BU. */
static void test_ro_refused(void **state)
{
	struct run r;

	(void)state;
	scenario("ro-refused", &r, NULL);
	assert_non_null(strstr(r.json, "\"status\": 136, \"status_text\": \"Expired home nonce index\", "
			    "\"accepted\": false"));
	assert_non_null(strstr(r.json, "\"outcome\": \"route_optimized\", \"rr_complete\": true, "
			    "\"rr_missing\": null, \"cn_bu_count\": 2, \"cn_ba_status\": 0, "
			    "\"cn_ba_status_text\": \"Binding Update accepted\", \"cn_rejected_status\": 136"));
	assert_non_null(strstr(r.json, "\"cn_registration\": 23.500, \"ro_after_home_ba\": 200.500"));
	assert_non_null(strstr(r.text, "accepted after a refusal with status 136 (Expired home nonce index)"));
	run_free(&r);
}

/* No HoT ever comes back: RR incomplete, no BU, no RO phases; the probes
 * stay in the tunnel. */
static void test_ro_no_hot(void **state)
{
	struct run r;

	(void)state;
	scenario("ro-no-hot", &r, NULL);
	assert_non_null(strstr(r.json, "\"outcome\": \"rr_incomplete\", \"rr_complete\": false, "
			    "\"rr_missing\": \"HoT\", \"cn_bu_count\": 0"));
	assert_non_null(strstr(r.json, "\"phases_ms\": {\"rr\": null, \"cn_registration\": null, "
			    "\"ro_after_home_ba\": null, \"first_direct_after_cn_ba\": null}"));
	assert_non_null(strstr(r.json, "\"rtt_ms\": {\"before_move\": 2.000, \"tunnel\": 6.000, "
			    "\"direct\": null}"));
	assert_non_null(strstr(r.text, "rr_incomplete, RR incomplete: no HoT\n"));
	assert_non_null(strstr(r.text, "  route optimization phases: none (return routability did not complete)\n"));
	run_free(&r);
}

/* A BU to cn without the A flag (mip6d's UseCnBuAck off) is taken as made:
 * no BA, so no CN registration phase, but the direct path is reported. */
static void test_ro_no_ack(void **state)
{
	struct run r;

	(void)state;
	scenario("ro-no-ack", &r, NULL);
	assert_non_null(strstr(r.json, "\"outcome\": \"bu_unacknowledged\", \"rr_complete\": true"));
	assert_non_null(strstr(r.json, "\"flags\": \"\", \"lifetime_requested_s\": 420"));
	assert_non_null(strstr(r.json, "\"t_cn_bu\": 1795672810.707000, \"t_cn_ba\": null, "
			    "\"t_first_direct\": 1795672810.711500}"));
	assert_non_null(strstr(r.json, "\"phases_ms\": {\"rr\": 6.500, \"cn_registration\": null, "
			    "\"ro_after_home_ba\": null, \"first_direct_after_cn_ba\": null}"));
	assert_non_null(strstr(r.json, "\"direct\": 3.000}"));
	run_free(&r);
}

/* The jitter buffer is a parameter: at 100 ms nothing is late (93 ms is
 * the worst), at 20 ms k 74-77 are (93, 73.1, 53.2, 33.3 ms behind; 13.4 is
 * not): Ppl (18 + 4) / 151 = 14.570 %, BurstR 1 / (1/129 + 1/22) = 18.795 (56
 * + 73 found, one burst of 22), and Ta = 4 + 20 + 20 = 44 ms. */
static void test_jitter_buffer(void **state)
{
	char dir[PATH_MAX + 64];
	struct run r;

	(void)state;
	FMT(dir, "%s/stream-voice", data);
	assert_int_equal(w_scenario("stream-voice", dir), 0);
	jitter_buffer_ms = 100;
	analyze(dir, &r, NULL);
	assert_non_null(strstr(r.json, "\"jitter_buffer_ms\": 100.000"));
	assert_non_null(strstr(r.json, "\"lost\": 18, \"loss_pct\": 11.921, \"duplicates\": 1, \"late\": 0"));
	run_free(&r);
	jitter_buffer_ms = 20;
	analyze(dir, &r, NULL);
	jitter_buffer_ms = -1;
	assert_non_null(strstr(r.json, "\"lost\": 18, \"loss_pct\": 11.921, \"duplicates\": 1, \"late\": 4"));
	assert_non_null(strstr(r.json, "\"ppl_pct\": 14.570, \"burst_r\": 18.795, \"ta_ms\": 44.000"));
	run_free(&r);
}

/* A video stream found by its header (PT 96, no events.log): the clock rate
 * estimated over its first second (15 frames of 6000 units in 1.000 s: 90 kHz),
 * 60 packets sent (0-59), 56 received, packets 24-27 lost in the 199 ms gap
 * from packet 23 (+737.333 ms) to 28 (+936.333). Timing starts with the
 * estimate at packet 30; the two packets of a frame share its timestamp and
 * arrive 1 ms apart, so |D| = 1 ms for each of the 29 packets after it and
 * J = 1 - (15/16)^29 = 0.846 ms. A lone RTP-looking datagram is no stream. */
static void test_stream_video(void **state)
{
	struct run r;

	(void)state;
	scenario("stream-video", &r, NULL);
	assert_non_null(strstr(r.json, "\"rtp\": {\"packets\": 56, \"streams\": 1, \"streams_dropped\": 0}"));
	assert_non_null(strstr(r.json, "\"payload_type\": 96, \"clock_hz\": 90000, \"packet_ms\": null"));
	assert_non_null(strstr(r.json, "\"sent\": 60, \"received\": 56, \"lost\": 4, \"loss_pct\": 6.667, "
			    "\"duplicates\": 0, \"late\": 0"));
	assert_non_null(strstr(r.json, "\"gap_ms\": 199.000, \"lost_in_gap\": 4}, \"jitter_ms\": 0.846, "
			    "\"jitter_max_ms\": 0.846, \"delay_ms\": null"));
	assert_non_null(strstr(r.json, "\"emodel\": null"));
	run_free(&r);
}

/* G.107's own reference: every default gives R = 93.2; the MOS curve of
 * Annex B at hand-checked points. */
static void test_emodel(void **state)
{
	struct emodel e;

	(void)state;
	emodel_g711(0, 1, 0, &e);
	assert_true(e.r > 93.15 && e.r < 93.25);
	assert_true(e.ie_eff == 0);
	assert_true(e.mos > 4.40 && e.mos < 4.42);
	/* MOS(80) = 1 + 2.8 + 80 x 20 x 20 x 7e-6 = 4.024; MOS(50) = 1 + 1.75 -
	 * 50 x 10 x 50 x 7e-6 = 2.575; the ends. */
	assert_true(emodel_mos(80) > 4.0239 && emodel_mos(80) < 4.0241);
	assert_true(emodel_mos(50) > 2.5749 && emodel_mos(50) < 2.5751);
	assert_true(emodel_mos(-3) == 1 && emodel_mos(120) == 4.5);
	/* The cubic would give 0.992 at R = 5: a MOS is never under 1. */
	assert_true(emodel_mos(5) == 1);
	/* Random loss (BurstR 1) of 1 %: Ie,eff = 95 x 1 / (1 + 25.1) = 3.640. */
	emodel_g711(1, 1, 0, &e);
	assert_true(e.ie_eff > 3.6398 && e.ie_eff < 3.6399);
	/* Beyond 100 ms of mouth-to-ear delay, Idd counts: Ta = 200 ms gives
	 * X = 1, Idd = 25 ((2)^(1/6) - 3 (1 + 1/729)^(1/6) + 2) = 4.0; the echo
	 * terms grow too. */
	emodel_g711(0, 1, 200, &e);
	assert_true(e.id > 4.0);
	assert_true(e.r < 90);
}

/* A malformed stream-start line is named (file, line, column) and skipped. */
static void test_stream_events(void **state)
{
	char dir[PATH_MAX + 64], ev[PATH_MAX + 96];
	struct run r;
	FILE *f;

	(void)state;
	FMT(dir, "%s/stream-events", data);
	FMT(ev, "%s/events.log", dir);
	assert_int_equal(w_scenario("stream-video", dir), 0);
	f = fopen(ev, "w");
	assert_non_null(f);
	fputs("1795672800.000000 cn stream-start kind=video dst=2001:db8::beef dport=50x8\n"
	      "1795672800.000000 cn stream-start kind=video dport=5008\n"
	      "1795672800.000000 cn stream-start kind=video dst=2001:db8::beef dport=5008 clock=90000 rx=raven\n", f);
	fclose(f);
	analyze(dir, &r, NULL);
	assert_non_null(strstr(r.err, "events.log:1:71: stream-start needs dst=ADDRESS dport=PORT"));
	assert_non_null(strstr(r.err, "events.log:2:"));
	assert_non_null(strstr(r.json, "\"bad_lines\": 2"));
	/* Announced: its kind, and timed from the first packet with the given clock. */
	assert_non_null(strstr(r.json, "\"kind\": \"video\", \"direction\": null, \"source\": \"events\""));
	run_free(&r);
}

/* An events.log without a move line (a run that failed before its move):
 * handovers from the registrations, as without events.log. */
static void test_events_without_moves(void **state)
{
	char dir[PATH_MAX + 64], ev[PATH_MAX + 96];
	struct run r;
	FILE *f;

	(void)state;
	FMT(dir, "%s/events-without-moves", data);
	FMT(ev, "%s/events.log", dir);
	assert_int_equal(w_scenario("bu-ba", dir), 0);
	f = fopen(ev, "w");
	assert_non_null(f);
	fputs("1795672800.000000 cn probe-start dst=2001:db8::beef interval=0.02\n", f);
	fclose(f);
	analyze(dir, &r, NULL);
	assert_int_equal(r.rc, 0);
	assert_non_null(strstr(r.json, "\"events\": {\"lines\": 1, \"bad_lines\": 0, \"moves\": 0"));
	assert_non_null(strstr(r.json, "\"t_bu\": 1795672801.000000, \"t_ba\": 1795672801.020000"));
	run_free(&r);
}

/* The JSON between two keys, for comparing a part of two reports. */
static char *json_part(const char *json, const char *from, const char *to)
{
	const char *a = strstr(json, from), *b = a ? strstr(a, to) : NULL;

	assert_non_null(b);
	return strndup(a, (size_t)(b - a));
}

/* Under ESP, NULL or AES-CBC, the bindings and handovers of bu-ba: the
 * same times, each exchange marked protected. */
static void test_esp_as_plain(void **state)
{
	static const char *const names[] = { "esp-null", "esp-aes" };
	struct run plain, r;
	char *want_ho, *want_ex;

	(void)state;
	scenario("bu-ba", &plain, NULL);
	want_ho = json_part(plain.json, "\"handovers\": [", "\"nodes\"");
	want_ex = json_part(plain.json, "\"bindings\": [", "\"esp\": {");
	for (size_t i = 0; i < 2; i++) {
		char *ho, *ex, *p;

		scenario(names[i], &r, NULL);
		ho = json_part(r.json, "\"handovers\": [", "\"nodes\"");
		ex = json_part(r.json, "\"bindings\": [", "\"esp\": {");
		assert_string_equal(ho, want_ho);
		/* "true" to "false": room for one more character each time. */
		while ((p = strstr(ex, "\"esp\": true"))) {
			size_t off = (size_t)(p - ex), len = strlen(ex);

			ex = realloc(ex, len + 2);
			assert_non_null(ex);
			memmove(ex + off + 12, ex + off + 11, len - off - 11 + 1);
			memcpy(ex + off, "\"esp\": false", 12);
		}
		assert_string_equal(ex, want_ex);
		assert_non_null(strstr(r.json, "\"packets\": 6, \"decoded\": 6, \"icv_failed\": 0"));
		assert_non_null(strstr(r.json, "\"bu\": 3, \"ba\": 3"));
		assert_non_null(strstr(r.text, "registration, Binding Update accepted, ESP\n"));
		assert_non_null(strstr(r.text, "  handover 1: not observed; L2 not observed, registration 20.000 ms"));
		free(ho);
		free(ex);
		run_free(&r);
	}
	free(want_ho);
	free(want_ex);
	run_free(&plain);
}

static void test_esp_counted(void **state)
{
	struct run r;

	(void)state;
	scenario("esp-bad-icv", &r, NULL);
	assert_non_null(strstr(r.json, "\"packets\": 7, \"decoded\": 6, \"icv_failed\": 1"));
	/* seq 99 never reached the analysis: the exchange is BU 100's alone. */
	assert_non_null(strstr(r.json, "\"seq_first\": 100, \"seq_last\": 100"));
	run_free(&r);
	scenario("esp-no-keys", &r, NULL);
	assert_non_null(strstr(r.json, "\"sa_file\": null, \"sas\": 0, \"packets\": 6, \"decoded\": 0, "
			       "\"icv_failed\": 0, \"no_sa\": 6"));
	assert_non_null(strstr(r.text, "ESP: 6 packet(s) (SPI 0x00001000, 0x00001001): "
			       "--esp-sa FILE would show the BU/BA inside\n"));
	run_free(&r);
}

static void test_hijack(void **state)
{
	static const char *const hijacked[] = { "hijack", "hijack-air" };
	struct run r;

	(void)state;
	for (size_t i = 0; i < 2; i++) {
		scenario(hijacked[i], &r, NULL);
		assert_non_null(strstr(r.json, "\"hijack\": {\"verdict\": \"hijacked\", \"hoas_checked\": 1"));
		assert_non_null(strstr(r.json, "\"coa\": \"2001:db8:1::bad\", \"ha\": \"2001:db8::\", "
				       "\"t_bu\": 1795672801.500000, \"t_ba\": 1795672801.505000, \"bus\": 1, "
				       "\"bu_protected\": false, \"packets_to_coa\": 15}"));
		run_free(&r);
	}
	scenario("hijack-failed", &r, NULL);
	assert_non_null(strstr(r.json, "\"hijack\": {\"verdict\": \"none\", \"hoas_checked\": 1, "
			       "\"bindings\": [], \"not_accepted\": [\n    {\"hoa\": \"2001:db8::beef\", "
			       "\"coa\": \"2001:db8:1::bad\""));
	assert_non_null(strstr(r.json, "\"unprotected_bu\": 1}"));
	run_free(&r);
}

/* A wrong key file: every wrong line named FILE:LINE:COLUMN, and -2. */
static void test_esp_keys_bad(void **state)
{
	static const char *const lines[][2] = {
		{ "2001:db8::beef 2001:db8:: 0x1000 1 cipher_null - hmac(sha1)\n",
		  "k:1:61: expected 8 fields (src dst spi reqid enc enc-key auth auth-key), found 7" },
		{ "2001:db8::beef 2001:db8:: 0x1000 1 cipher_null - hmac(md5) 0x01\n",
		  "k:1:50: auth: expected hmac(sha1)" },
		{ "# ok\n\n2001:db8::zz 2001:db8:: 4096 1 cipher_null - hmac(sha1) "
		  "0x0102030405060708090a0b0c0d0e0f1011121314\n", "k:3:1: src: expected an IPv6 address" },
		{ "2001:db8::beef 2001:db8:: 12 1 cipher_null - hmac(sha1) "
		  "0x0102030405060708090a0b0c0d0e0f1011121314\n", "k:1:27: spi: expected a number from 256" },
		{ "2001:db8::beef 2001:db8:: 0x1000 1 cbc(aes) 0x0001 hmac(sha1) "
		  "0x0102030405060708090a0b0c0d0e0f1011121314\n", "k:1:45: enc-key: cbc(aes) needs" },
		{ "2001:db8::beef 2001:db8:: 0x1000 1 cipher_null - hmac(sha1) 0x0102\n",
		  "k:1:61: auth-key: hmac(sha1) needs a 160-bit key" },
		{ "2001:db8::beef 2001:db8:: 0x1000 1 cipher_null - hmac(sha1) "
		  "0x0102030405060708090a0b0c0d0e0f1011121314\n"
		  "2001:db8::beef 2001:db8:: 4096 2 cipher_null - hmac(sha1) "
		  "0x0102030405060708090a0b0c0d0e0f1011121314\n", "k:2:27: spi: the SA of line 1 again" },
	};
	char dir[PATH_MAX + 64], cwd[PATH_MAX];

	(void)state;
	FMT(dir, "%s/esp-keys", data);
	assert_true(mkdir(dir, 0755) == 0 || errno == EEXIST);
	assert_non_null(getcwd(cwd, sizeof(cwd)));
	assert_int_equal(chdir(dir), 0);
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		static struct analyzer an;
		FILE *f = fopen("k", "w");
		char *err = NULL;
		size_t len = 0;
		FILE *ef = open_memstream(&err, &len);

		assert_non_null(f);
		fputs(lines[i][0], f);
		fclose(f);
		an_init(&an);
		assert_int_equal(esp_keys_load(&an, "k", ef), -2);
		fclose(ef);
		if (!strstr(err, lines[i][1]))
			fail_msg("line %zu: got '%s', want '%s'", i, err, lines[i][1]);
		free(err);
		an_free(&an);
	}
	{
		static struct analyzer an;
		FILE *null = fopen("/dev/null", "w");

		an_init(&an);
		assert_int_equal(esp_keys_load(&an, "missing", null), -1);
		an_free(&an);
		fclose(null);
	}
	assert_int_equal(chdir(cwd), 0);
}

static void test_unknown_dlt(void **state)
{
	struct run r;

	(void)state;
	scenario("unknown-dlt", &r, NULL);
	assert_int_equal(r.rc, 0);
	assert_non_null(strstr(r.err, "ppp0.pcap: warning: link type PPP (9) not supported"));
	run_free(&r);
}

static void test_not_a_pcap(void **state)
{
	static struct analyzer an;
	char path[PATH_MAX + 64], *files[1] = { path }, *err = NULL;
	size_t elen;
	FILE *f, *ef;

	(void)state;
	FMT(path, "%s/not-a-pcap.pcap", data);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("this is text, not a capture\n", f);
	fclose(f);
	ef = open_memstream(&err, &elen);
	an_init(&an);
	assert_int_equal(input_run(&an, files, 1, ef), -1);
	an_free(&an);
	fclose(ef);
	assert_non_null(strstr(err, path));
	assert_null(strchr(err, '\n') == err + elen - 1 ? NULL : "more than one line");
	free(err);
}

/* The handover scenario converted to pcapng (editcap, from Wireshark) must
 * give the very same report as the pcap files. */
static void test_pcapng(void **state)
{
	static const char *files[] = { "air.pcap", "cn-eth0.pcap", "raven-wlan0.pcap", "events.log" };
	char src[PATH_MAX + 64], dst[PATH_MAX + 64], cmd[4 * PATH_MAX];
	struct run r;

	(void)state;
	if (system("command -v editcap >/dev/null") != 0)
		skip();
	FMT(src, "%s/handover", data);
	FMT(dst, "%s/handover-pcapng", data);
	assert_int_equal(w_scenario("handover", src), 0);
	assert_true(mkdir(dst, 0755) == 0 || errno == EEXIST);
	for (size_t i = 0; i < 3; i++) {
		FMT(cmd, "editcap -F pcapng '%s/%s' '%s/%s'", src, files[i], dst, files[i]);
		assert_int_equal(system(cmd), 0);
	}
	FMT(cmd, "cp '%s/events.log' '%s/'", src, dst);
	assert_int_equal(system(cmd), 0);
	FMT(cmd, "head -c 4 '%s/air.pcap' | od -An -tx1 | grep -q '0a 0d 0d 0a'", dst);
	assert_int_equal(system(cmd), 0);	/* really pcapng */
	analyze(dst, &r, NULL);
	golden("handover", "json", r.json, r.json_len);
	golden("handover", "txt", r.text, r.text_len);
	run_free(&r);
}

/* Home agent discovery (tests/analysis/scenarios_had.c): the handover's
 * discovery phase, the Reply's list, the fail-over's steps and outage, the
 * mobile prefix messages, and bad input counted (dhaad-bad). */
static void test_had(void **state)
{
	char svg[PATH_MAX + 64];
	struct run r;
	size_t n;
	char *s;

	(void)state;
	FMT(svg, "%s/dhaad.svg", data);
	scenario("dhaad", &r, svg);
	golden("dhaad", "csv", r.csv, r.csv_len);
	assert_non_null(strstr(r.json, "\"discovery\": {\"t_request\": 1795672810.440000, "
			    "\"t_reply\": 1795672810.452000, \"discovery_ms\": 12.000, \"requests\": 1, "
			    "\"home_agents_listed\": 2, \"home_agent\": \"2001:db8::\"}"));
	assert_non_null(strstr(r.json, "\"home_agents\": [\"2001:db8::\", \"2001:db8::f0\"]"));
	assert_non_null(strstr(r.json, "\"failover\": null"));
	assert_non_null(strstr(r.text, "discovery (Reply - Request) 12.000 ms, 2 home agent(s) listed, "
			    "first 2001:db8::\n"));
	assert_non_null(strstr(r.csv, ",1795672810.440000,1795672810.452000,12.000\n"));
	s = slurp(svg, &n);
	assert_non_null(s);
	assert_non_null(strstr(s, "discovery 12.0 ms"));
	free(s);
	run_free(&r);

	FMT(svg, "%s/failover.svg", data);
	scenario("failover", &r, svg);
	assert_non_null(strstr(r.json, "\"failover\": {\"node\": \"denali\", \"t_stop\": 1795672812.000000, "
			    "\"dead_ha\": \"2001:db8::\", \"next_ha\": \"2001:db8::f0\""));
	assert_non_null(strstr(r.json, "\"icmp_errors_from_dead_ha\": 2, \"bus_to_dead_ha\": 3, "
			    "\"bas_from_dead_ha\": 0, \"bus_to_next_ha\": 1, \"ba_status_next\": 0"));
	assert_non_null(strstr(r.json, "\"phases_ms\": {\"notice\": 10.000, \"give_up\": 5000.000, "
			    "\"discovery\": 12.000, \"registration\": 15.000, \"resume\": 15.000}, "
			    "\"outage_ms\": 5060.000}"));
	assert_non_null(strstr(r.text, "refresh, home agent 2001:db8::f0, Binding Update accepted\n"));
	/* The move's own discovery, not the fail-over's. */
	assert_non_null(strstr(r.json, "\"discovery_ms\": 12.000, \"requests\": 1, "
			    "\"home_agents_listed\": 2"));
	s = slurp(svg, &n);
	assert_non_null(s);
	assert_non_null(strstr(s, "outage 5060.0 ms"));
	free(s);
	run_free(&r);

	scenario("mpa", &r, NULL);
	assert_non_null(strstr(r.json, "\"solicitations\": 1, \"advertisements\": 2, "
			    "\"advertisements_solicited\": 1, \"advertisements_unsolicited\": 1"));
	assert_non_null(strstr(r.json, "\"prefix\": \"2001:db8::/64\", \"valid_s\": 600, \"preferred_s\": 300}"));
	assert_non_null(strstr(r.json, "\"discovery\": null"));
	run_free(&r);

	/* Wireshark reads the writer's messages as the analyzer does. */
	if (system("command -v tshark >/dev/null") == 0) {
		char cmd[3 * PATH_MAX];

		FMT(cmd, "cd '%s/failover' && test \"$(tshark -r raven-wlan0.pcap -n -Y 'icmpv6.type == 145' "
		    "-T fields -E aggregator=, -e icmpv6.mip6.identifier -e icmpv6.mip6.home_agent_address "
		    "2>/dev/null | tr '\\t\\n' '  ')\" = '4660 2001:db8::,2001:db8::f0 8738 2001:db8::f0 '", data);
		assert_int_equal(system(cmd), 0);
		FMT(cmd, "cd '%s/mpa' && test \"$(tshark -r raven-wlan0.pcap -n -Y 'icmpv6.type == 147 || "
		    "icmpv6.type == 146' -T fields -e icmpv6.type -e icmpv6.opt.prefix.valid_lifetime 2>/dev/null "
		    "| tr '\\t\\n' '  ')\" = '146  147 86400 147 600 '", data);
		assert_int_equal(system(cmd), 0);
	}

	/* A lost Request: the phase runs from the first to the Reply of the second. */
	scenario("dhaad-retry", &r, NULL);
	assert_non_null(strstr(r.json, "\"discovery\": {\"t_request\": 1795672810.440000, "
			    "\"t_reply\": 1795672813.452000, \"discovery_ms\": 3012.000, \"requests\": 2, "
			    "\"home_agents_listed\": 1, \"home_agent\": \"2001:db8::\"}"));
	assert_non_null(strstr(r.json, "\"requests_unanswered\": 1"));
	run_free(&r);

	scenario("dhaad-bad", &r, NULL);
	assert_int_equal(r.rc, 0);
	assert_non_null(strstr(r.json, "\"requests\": 2, \"replies\": 3, \"requests_unanswered\": 1, "
			    "\"replies_unmatched\": 2, \"replies_without_address\": 1"));
	assert_non_null(strstr(r.json, "\"dhaad_noaddr\": 1"));
	assert_non_null(strstr(r.json, "\"icmp_len\": 1"));
	assert_non_null(strstr(r.text, "no home agent listed (answers id 2 after 10.000 ms)"));
	run_free(&r);
}

/* A capture cut in the middle of a record (tcpdump killed): a warning
 * naming the file, everything before the cut analysed, exit status 0. */
static void test_cut_file(void **state)
{
	char dir[PATH_MAX + 64], path[PATH_MAX + 96];
	struct stat st;
	struct run r;

	(void)state;
	FMT(dir, "%s/cut-file", data);
	FMT(path, "%s/raven-wlan0.pcap", dir);
	assert_int_equal(w_scenario("bu-ba", dir), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(truncate(path, st.st_size - 10), 0);
	analyze(dir, &r, NULL);
	assert_int_equal(r.rc, 0);
	assert_non_null(strstr(r.err, "raven-wlan0.pcap: warning: truncated dump file"));
	assert_non_null(strstr(r.text, "deregistration"));	/* the BU before the cut */
	assert_null(strstr(r.text, "12.000 ms"));		/* its BA was cut off */
	run_free(&r);
}

/* BU/BA times, sequence numbers and statuses agree with tcpdump -tt -v. */
static void test_crosscheck_tcpdump(void **state)
{
	static const char *names[] = { "bu-ba", "retransmit", "rejected", "bad-checksum", "handover",
				       "late-accept", "late-refusal", "refusals-capped", "bra-not-below" };

	(void)state;
	if (system("command -v tcpdump >/dev/null && command -v jq >/dev/null") != 0)
		skip();
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char dir[PATH_MAX + 64], json[PATH_MAX + 96], cmd[4 * PATH_MAX];
		struct run r;
		FILE *f;

		FMT(dir, "%s/%s", data, names[i]);
		FMT(json, "%s/report.json", dir);
		assert_int_equal(w_scenario(names[i], dir), 0);
		analyze(dir, &r, NULL);
		f = fopen(json, "w");
		assert_non_null(f);
		fwrite(r.json, 1, r.json_len, f);
		fclose(f);
		run_free(&r);
		FMT(cmd, "cd '%s' && '%s/tests/analysis/crosscheck.sh' report.json", dir, root);
		assert_int_equal(system(cmd), 0);
	}
}

/* ESP against Wireshark's own decoder, given the same keys (crosscheck-esp.sh):
 * the writer's packets and the analyzer's reading of them agree with it. */
static void test_crosscheck_tshark_esp(void **state)
{
	static const char *names[] = { "esp-null", "esp-aes", "esp-bad-icv" };

	(void)state;
	if (system("command -v tshark >/dev/null && command -v jq >/dev/null") != 0)
		skip();
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char dir[PATH_MAX + 64], json[PATH_MAX + 96], cmd[4 * PATH_MAX];
		struct run r;
		FILE *f;

		FMT(dir, "%s/%s", data, names[i]);
		FMT(json, "%s/report.json", dir);
		assert_int_equal(w_scenario(names[i], dir), 0);
		analyze(dir, &r, NULL);
		f = fopen(json, "w");
		assert_non_null(f);
		fwrite(r.json, 1, r.json_len, f);
		fclose(f);
		run_free(&r);
		FMT(cmd, "cd '%s' && '%s/tests/analysis/crosscheck-esp.sh' report.json ipsec.keys",
		    dir, root);
		assert_int_equal(system(cmd), 0);
	}
}

/* Every file in tests/analysis/regress/ once crashed or upset a sanitizer;
 * each must now go through without either. */
static void test_regressions(void **state)
{
	char dir[PATH_MAX + 64];
	DIR *d;
	struct dirent *de;
	int n = 0;

	(void)state;
	FMT(dir, "%s/tests/analysis/regress", root);
	d = opendir(dir);
	if (!d)
		skip();
	while ((de = readdir(d))) {
		static struct analyzer an;
		char path[2 * PATH_MAX], *files[1] = { path };
		FILE *null = fopen("/dev/null", "w");

		if (!strstr(de->d_name, ".pcap"))
			continue;
		FMT(path, "%s/%s", dir, de->d_name);
		an_init(&an);
		input_run(&an, files, 1, null);
		an_finish(&an);
		report_text(&an, null);
		report_json(&an, null);
		report_svg(&an, null);
		an_free(&an);
		fclose(null);
		n++;
	}
	closedir(d);
	print_message("%d regression captures\n", n);
}

int main(int argc, char **argv)
{
	static const char *names[] = {
		"bu-ba", "bu-ba-sll", "bu-ba-sll2", "bu-ba-raw", "retransmit", "rejected",
		"bad-checksum", "truncated", "tunnel", "radiotap", "no-mh",
		"esp-null", "esp-aes", "esp-no-keys", "esp-bad-icv", "hijack", "hijack-air",
		"hijack-failed",
	};
	struct CMUnitTest tests[64];
	size_t n = 0;
	char *slash;

	(void)argc;
	if (!getcwd(root, sizeof(root)))
		return 1;
	if (argv[0][0] == '/' ? snprintf(data, sizeof(data), "%s", argv[0]) >= (int)sizeof(data) :
	    snprintf(data, sizeof(data), "%s/%s", root, argv[0]) >= (int)sizeof(data))
		return 1;
	slash = strrchr(data, '/');
	snprintf(slash ? slash + 1 : data, sizeof(data) - (size_t)(slash ? slash + 1 - data : 0),
		 "golden-data");
	if (mkdir(data, 0755) < 0 && errno != EEXIST)
		return 1;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		tests[n] = (struct CMUnitTest)cmocka_unit_test_prestate(test_scenario, (void *)names[i]);
		tests[n++].name = names[i];
	}
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_handover);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_l2_parts);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_multi_mn);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_rejected_data);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_rejected_data_no_events);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_late_stall);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_fast_late_stall);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_move_only);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_one_way);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_late_accept);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_bra);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_stream_voice);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_ro);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_ro_unknown_cookie);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_ro_refused);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_ro_no_hot);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_ro_no_ack);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_jitter_buffer);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_stream_video);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_emodel);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_stream_events);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_events_without_moves);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_esp_as_plain);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_esp_counted);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_hijack);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_had);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_esp_keys_bad);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_unknown_dlt);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_not_a_pcap);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_cut_file);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_pcapng);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_crosscheck_tcpdump);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_crosscheck_tshark_esp);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_regressions);
	return _cmocka_run_group_tests("analyzer-golden", tests, n, NULL, NULL);
}
