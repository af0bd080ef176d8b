/* io_mh_input(): the receive half of the MH path, fed with packets built by
 * the shared codec as they would arrive from an AF_PACKET socket. The
 * engine's input functions are recorders here. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <arpa/inet.h>
#include <cmocka.h>

#include "eloop.h"
#include "engine.h"
#include "io_int.h"
#include "ip6pkt.h"
#include "log.h"

/* ---- recorder engine: what engine_rx_mh() was given, per type ---- */
static struct {
	int n_bu, n_ba, n_be, n_unknown;
	struct eng_rx rx;
	struct { uint16_t seq, flags; uint32_t lifetime; } bu;
	struct { uint8_t status; bool key_mgmt; uint16_t seq; uint32_t lifetime, refresh; } ba;
	struct { uint8_t status; struct in6_addr hoa; } be;
	uint8_t unknown_type;
	int mark;                       /* the BU that makes n_bu mark + 1 is kept: */
	struct in6_addr hao_after_mark;
} rec;

void engine_rx_mh(struct engine *e, const struct eng_rx *rx, const struct mh_msg *m)
{
	(void)e;
	rec.rx = *rx;
	switch (m->type) {
	case MH_BU:
		if (++rec.n_bu == rec.mark + 1)
			rec.hao_after_mark = rx->hao;
		rec.bu.seq = m->bu.seq;
		rec.bu.flags = m->bu.flags;
		rec.bu.lifetime = mh_units_to_sec(m->bu.lifetime_units);
		break;
	case MH_BA:
		rec.n_ba++;
		rec.ba.status = m->ba.status;
		rec.ba.key_mgmt = m->ba.k;
		rec.ba.seq = m->ba.seq;
		rec.ba.lifetime = mh_units_to_sec(m->ba.lifetime_units);
		rec.ba.refresh = m->opts.has_bra ? mh_units_to_sec(m->opts.refresh_units) : 0;
		break;
	case MH_BE:
		rec.n_be++;
		rec.be.status = m->be.status;
		rec.be.hoa = m->be.home_addr;
		break;
	default:
		rec.n_unknown++;
		rec.unknown_type = m->type;
		break;
	}
}

/* io_mh.c registers its sockets with the loop; not exercised here. */
int eloop_add_fd(struct eloop *el, int fd, void (*fn)(int, void *), void *ctx)
{
	(void)el; (void)fd; (void)fn; (void)ctx;
	return 0;
}

void eloop_del_fd(struct eloop *el, int fd)
{
	(void)el; (void)fd;
}

/* The first registrations' queue: its deadline source, kept to be called by the test. */
static eloop_deadline_fn q_deadline;
static eloop_due_fn q_due;

int eloop_add_deadline_source(struct eloop *el, eloop_deadline_fn deadline,
			      eloop_due_fn due, void *ctx)
{
	(void)el; (void)ctx;
	q_deadline = deadline;
	q_due = due;
	return 0;
}

void eloop_del_deadline_source(struct eloop *el, eloop_deadline_fn deadline, void *ctx)
{
	(void)el; (void)deadline; (void)ctx;
	q_deadline = NULL;
	q_due = NULL;
}

/* The engine's binding cache: home addresses ending in an odd byte have no binding. */
bool engine_bu_is_first(const struct engine *e, const struct in6_addr *hoa,
			const struct in6_addr *src)
{
	(void)e; (void)src;
	return hoa->s6_addr[15] & 1;
}

/* The addresses of this node (io_nlmon.c keeps the real list). */
static const char *SELF = "2001:db8::5e1f";

bool io_addr_is_local(const struct in6_addr *a)
{
	struct in6_addr self;

	inet_pton(AF_INET6, SELF, &self);
	return IN6_ARE_ADDR_EQUAL(a, &self);
}

/* ---- helpers ---- */
static struct in6_addr addr(const char *s)
{
	struct in6_addr a;

	assert_int_equal(inet_pton(AF_INET6, s, &a), 1);
	return a;
}

static const char *COA = "2001:db8:1::200:ff:fe00:200";
static const char *HA = "2001:db8::";
static const char *HOA = "2001:db8::beef";

static size_t build(const struct ip6_spec *s, const struct mh_msg *m, uint8_t *pkt,
		    size_t cap)
{
	size_t len;

	assert_int_equal(ip6_build_mh(s, m, pkt, cap, &len), PKT_OK);
	return len;
}

static size_t bu_from_coa(uint8_t *pkt, size_t cap)
{
	static struct in6_addr hoa;
	struct ip6_spec s = { .src = addr(COA), .dst = addr(HA) };
	struct mh_msg m = { .type = MH_BU };

	hoa = addr(HOA);
	s.hoa = &hoa;
	m.bu.seq = 65535;
	m.bu.flags = MH_BU_A | MH_BU_H;
	m.bu.lifetime_units = 1000;
	return build(&s, &m, pkt, cap);
}

static int setup(void **state)
{
	(void)state;
	memset(&rec, 0, sizeof(rec));
	memset(&io_stats, 0, sizeof(io_stats));
	log_init(0, stderr);
	return 0;
}

/* ---- tests ---- */
/* MH from a multicast, unspecified or own source (or HAO) never reaches the engine:
 * answering it would send errors to a group or to ourselves. */
static void test_refused_sources_dropped(void **state)
{
	static const char *const src[] = { "ff02::1", "::", "2001:db8::5e1f" };
	uint8_t pkt[512];
	struct mh_msg m = { .type = MH_BRR };
	size_t len;

	(void)state;
	for (size_t i = 0; i < sizeof(src) / sizeof(src[0]); i++) {
		struct ip6_spec s = { .src = addr(src[i]), .dst = addr(HA) };

		len = build(&s, &m, pkt, sizeof(pkt));
		assert_int_equal(io_mh_input(NULL, 1, pkt, len), PKT_E_SOURCE);
	}
	for (size_t i = 0; i < sizeof(src) / sizeof(src[0]); i++) {
		struct in6_addr hoa = addr(src[i]);
		struct ip6_spec s = { .src = addr(COA), .dst = addr(HA), .hoa = &hoa };

		len = build(&s, &m, pkt, sizeof(pkt));
		assert_int_equal(io_mh_input(NULL, 1, pkt, len), PKT_E_SOURCE);
	}
	assert_int_equal(rec.n_bu + rec.n_ba + rec.n_be + rec.n_unknown, 0);
	assert_int_equal(io_stats.mh_bad_by_err[PKT_E_SOURCE], 6);
}

static void test_bu_with_hao(void **state)
{
	uint8_t pkt[512];
	size_t len = bu_from_coa(pkt, sizeof(pkt));
	struct in6_addr coa = addr(COA), ha = addr(HA), hoa = addr(HOA);

	(void)state;
	assert_int_equal(io_mh_input(NULL, 7, pkt, len), 0);
	assert_int_equal(rec.n_bu, 1);
	assert_int_equal(rec.rx.ifindex, 7);
	assert_memory_equal(&rec.rx.src, &coa, 16);
	assert_memory_equal(&rec.rx.dst, &ha, 16);
	assert_true(rec.rx.has_hao);
	assert_memory_equal(&rec.rx.hao, &hoa, 16);
	assert_false(rec.rx.has_rh2);
	assert_int_equal(rec.bu.seq, 65535);
	assert_int_equal(rec.bu.flags, MH_BU_A | MH_BU_H);
	assert_int_equal(rec.bu.lifetime, 4000);   /* seconds: 4 s units */
	assert_int_equal(io_stats.mh_rx, 1);
	assert_int_equal(io_stats.mh_bad, 0);
}

static void test_ba_with_rh2_and_bra(void **state)
{
	uint8_t pkt[512];
	struct in6_addr hoa = addr(HOA);
	struct ip6_spec s = { .src = addr(HA), .dst = addr(COA), .rh2 = &hoa };
	struct mh_msg m = { .type = MH_BA };
	size_t len;

	(void)state;
	m.ba.status = 0;
	m.ba.k = true;
	m.ba.seq = 12;
	m.ba.lifetime_units = 15;
	m.opts.has_bra = true;
	m.opts.refresh_units = 10;
	len = build(&s, &m, pkt, sizeof(pkt));
	assert_int_equal(io_mh_input(NULL, 3, pkt, len), 0);
	assert_int_equal(rec.n_ba, 1);
	assert_true(rec.rx.has_rh2);
	assert_memory_equal(&rec.rx.rh2, &hoa, 16);
	assert_int_equal(rec.ba.status, 0);
	assert_true(rec.ba.key_mgmt);
	assert_int_equal(rec.ba.seq, 12);
	assert_int_equal(rec.ba.lifetime, 60);
	assert_int_equal(rec.ba.refresh, 40);
}

static void test_ba_without_bra_has_zero_refresh(void **state)
{
	uint8_t pkt[512];
	struct ip6_spec s = { .src = addr(HA), .dst = addr(HOA) };
	struct mh_msg m = { .type = MH_BA };
	size_t len;

	(void)state;
	m.ba.status = 135;
	m.ba.seq = 9;
	len = build(&s, &m, pkt, sizeof(pkt));
	assert_int_equal(io_mh_input(NULL, 3, pkt, len), 0);
	assert_int_equal(rec.n_ba, 1);
	assert_false(rec.rx.has_rh2);
	assert_int_equal(rec.ba.status, 135);
	assert_int_equal(rec.ba.refresh, 0);
}

static void test_be(void **state)
{
	uint8_t pkt[512];
	struct ip6_spec s = { .src = addr(HA), .dst = addr(COA) };
	struct mh_msg m = { .type = MH_BE };
	struct in6_addr hoa = addr(HOA);
	size_t len;

	(void)state;
	m.be.status = 2;
	m.be.home_addr = hoa;
	len = build(&s, &m, pkt, sizeof(pkt));
	assert_int_equal(io_mh_input(NULL, 1, pkt, len), 0);
	assert_int_equal(rec.n_be, 1);
	assert_int_equal(rec.be.status, 2);
	assert_memory_equal(&rec.be.hoa, &hoa, 16);
}

static void test_bad_checksum_dropped(void **state)
{
	uint8_t pkt[512];
	size_t len = bu_from_coa(pkt, sizeof(pkt));

	(void)state;
	pkt[len - 1] ^= 0x01;   /* last byte of the MH (padding) */
	assert_int_equal(io_mh_input(NULL, 1, pkt, len), PKT_E_CHECKSUM);
	assert_int_equal(rec.n_bu, 0);
	assert_int_equal(io_stats.mh_bad, 1);
	assert_int_equal(io_stats.mh_bad_by_err[PKT_E_CHECKSUM], 1);
}

/* The HoA is part of the checksum's pseudo-header: a BU whose HAO was
 * rewritten in flight must not verify. */
static void test_checksum_covers_hao(void **state)
{
	uint8_t pkt[512];
	size_t len = bu_from_coa(pkt, sizeof(pkt));

	(void)state;
	/* HAO address: IPv6 header 40 + dest-opts offset 8. */
	pkt[40 + 8 + 15] ^= 0x01;
	assert_int_equal(io_mh_input(NULL, 1, pkt, len), PKT_E_CHECKSUM);
	assert_int_equal(rec.n_bu, 0);
}

static void test_truncated_dropped(void **state)
{
	uint8_t pkt[512];
	size_t len = bu_from_coa(pkt, sizeof(pkt));

	(void)state;
	for (size_t cut = 0; cut < len; cut++) {
		int r = io_mh_input(NULL, 1, pkt, cut);
		assert_int_not_equal(r, 0);
	}
	assert_int_equal(rec.n_bu, 0);
	assert_int_equal(io_stats.mh_bad, len);
}

static void test_header_len_lying(void **state)
{
	uint8_t pkt[512];
	size_t len = bu_from_coa(pkt, sizeof(pkt));

	(void)state;
	/* MH Header Len (MH at 40 + 24) claims 8 more bytes than sent. */
	pkt[40 + 24 + 1] += 1;
	assert_int_equal(io_mh_input(NULL, 1, pkt, len), PKT_E_MH_LEN_OVER);
	assert_int_equal(rec.n_bu, 0);
}

static void test_unknown_type_goes_to_engine(void **state)
{
	uint8_t pkt[512];
	size_t len = bu_from_coa(pkt, sizeof(pkt));
	uint8_t *mh = pkt + 40 + 24;
	struct in6_addr hoa = addr(HOA), ha = addr(HA);

	(void)state;
	mh[2] = 42;             /* MH Type no one knows */
	mh[4] = mh[5] = 0;
	mh_set_checksum(&hoa, &ha, mh, len - 64);
	assert_int_equal(io_mh_input(NULL, 1, pkt, len), 0);
	assert_int_equal(rec.n_bu, 0);
	assert_int_equal(rec.n_unknown, 1);
	assert_int_equal(rec.unknown_type, 42);
	assert_true(rec.rx.has_hao);
}

static void test_not_mh_ignored(void **state)
{
	uint8_t pkt[128];
	uint8_t echo[8] = { 128, 0, 0, 0, 0, 1, 0, 1 };
	struct ip6_spec s = { .src = addr(HA), .dst = addr(HOA) };
	size_t len;

	(void)state;
	assert_int_equal(ip6_build_icmp6(&s, echo, sizeof(echo), pkt, sizeof(pkt), &len),
			 PKT_OK);
	assert_int_equal(io_mh_input(NULL, 1, pkt, len), 0);
	assert_int_equal(rec.n_bu + rec.n_ba + rec.n_be + rec.n_unknown, 0);
	assert_int_equal(io_stats.mh_bad, 0);
	assert_int_equal(io_stats.mh_rx, 0);
}

/* A BU to us from a CoA for home address 2001:db8::N. */
static size_t bu_for(uint8_t *pkt, size_t cap, unsigned n)
{
	static struct in6_addr hoa;
	struct ip6_spec s = { .src = addr(COA), .dst = addr(SELF) };
	struct mh_msg m = { .type = MH_BU };

	hoa = addr("2001:db8::");
	hoa.s6_addr[14] = (uint8_t)(n >> 8);
	hoa.s6_addr[15] = (uint8_t)n;
	s.hoa = &hoa;
	m.bu.seq = 1;
	m.bu.flags = MH_BU_A | MH_BU_H;
	m.bu.lifetime_units = 100;
	return build(&s, &m, pkt, cap);
}

/* The shed addresses are not forgotten under a flood: a genuine MN's first BU shed,
 * then 20,000 forgeries shed after it (a table of 4096 slots lost it within the first
 * 4096), and its retransmission still goes ahead of the flood's. The filter's key is
 * random, so a forgery or two may be a false positive (about 0.15 expected here): it
 * goes to the retry queue instead of being shed, ahead of the genuine retransmission. */
static void test_shed_address_remembered_through_a_flood(void **state)
{
	uint8_t pkt[512];
	size_t len;
	unsigned shed0, let_in;

	(void)state;
	assert_int_equal(io_mh_queue_open(NULL, NULL), 0);
	for (unsigned i = 0; i < 1024; i++) {               /* the queue full */
		len = bu_for(pkt, sizeof(pkt), 2 * i + 1);
		io_mh_rx_frame(3, pkt, len);
	}
	shed0 = io_stats.mh_first_shed;
	len = bu_for(pkt, sizeof(pkt), 2 * 30000 + 1);      /* the genuine MN's */
	io_mh_rx_frame(3, pkt, len);
	assert_int_equal(io_stats.mh_first_shed, shed0 + 1);
	for (unsigned i = 0; i < 20000; i++) {              /* forgeries */
		len = bu_for(pkt, sizeof(pkt), 2 * (1024 + i) + 1);
		io_mh_rx_frame(3, pkt, len);
	}
	let_in = shed0 + 1 + 20000 - io_stats.mh_first_shed;
	assert_in_range(let_in, 0, 4);
	len = bu_for(pkt, sizeof(pkt), 2 * 30000 + 1);      /* sent again */
	io_mh_rx_frame(3, pkt, len);
	assert_int_equal(io_stats.mh_first_shed, shed0 + 1 + 20000 - let_in);
	rec.mark = rec.n_bu + (int)let_in;
	q_due(NULL);
	assert_int_equal(rec.hao_after_mark.s6_addr[14], (2 * 30000 + 1) >> 8);
	assert_int_equal(rec.hao_after_mark.s6_addr[15], (2 * 30000 + 1) & 0xff);
	io_mh_close(NULL);
}

/* At a home agent a BU that would make a new binding waits behind the others: a
 * refresh that arrives later is handled first, the queue is served from the loop's
 * deadline source, a full queue sheds (counted), and a shed home address sent again
 * is served before the rest. */
static void test_first_registrations_wait_behind_refreshes(void **state)
{
	uint8_t pkt[512];
	size_t len;
	unsigned served;

	(void)state;
	assert_int_equal(io_mh_queue_open(NULL, NULL), 0);
	assert_non_null(q_deadline);
	assert_int_equal(q_deadline(NULL), UINT64_MAX);

	len = bu_for(pkt, sizeof(pkt), 1);                  /* no binding yet */
	io_mh_rx_frame(3, pkt, len);
	assert_int_equal(rec.n_bu, 0);
	assert_int_equal(io_stats.mh_first_queued, 1);
	assert_int_equal(q_deadline(NULL), 0);              /* due at once */

	len = bu_for(pkt, sizeof(pkt), 2);                  /* a refresh */
	io_mh_rx_frame(3, pkt, len);
	assert_int_equal(rec.n_bu, 1);
	assert_int_equal(rec.rx.hao.s6_addr[15], 2);

	q_due(NULL);
	assert_int_equal(rec.n_bu, 2);
	assert_int_equal(rec.rx.hao.s6_addr[15], 1);
	assert_int_equal(rec.rx.ifindex, 3);
	assert_int_equal(q_deadline(NULL), UINT64_MAX);

	/* a flood: the queue holds 1024, the rest is shed */
	for (unsigned i = 0; i < 1030; i++) {
		len = bu_for(pkt, sizeof(pkt), 2 * i + 3);
		io_mh_rx_frame(3, pkt, len);
	}
	assert_int_equal(io_stats.mh_first_shed, 6);
	assert_int_equal(rec.n_bu, 2);
	len = bu_for(pkt, sizeof(pkt), 4);                  /* still served at once */
	io_mh_rx_frame(3, pkt, len);
	assert_int_equal(rec.n_bu, 3);
	/* a shed one sent again (as a genuine MN does) goes ahead of the flood's */
	len = bu_for(pkt, sizeof(pkt), 2 * 1029 + 3);
	io_mh_rx_frame(3, pkt, len);
	assert_int_equal(io_stats.mh_first_shed, 6);
	rec.mark = rec.n_bu;
	q_due(NULL);
	assert_int_equal(rec.hao_after_mark.s6_addr[14], (2 * 1029 + 3) >> 8);
	assert_int_equal(rec.hao_after_mark.s6_addr[15], (2 * 1029 + 3) & 0xff);
	for (served = 0; q_deadline(NULL) == 0 && served < 2000; served++)
		q_due(NULL);
	assert_int_equal(rec.n_bu, 3 + 1024 + 1);
	assert_int_equal(q_deadline(NULL), UINT64_MAX);
	io_mh_close(NULL);
	assert_null(q_due);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_bu_with_hao, setup),
		cmocka_unit_test_setup(test_refused_sources_dropped, setup),
		cmocka_unit_test_setup(test_ba_with_rh2_and_bra, setup),
		cmocka_unit_test_setup(test_ba_without_bra_has_zero_refresh, setup),
		cmocka_unit_test_setup(test_be, setup),
		cmocka_unit_test_setup(test_bad_checksum_dropped, setup),
		cmocka_unit_test_setup(test_checksum_covers_hao, setup),
		cmocka_unit_test_setup(test_truncated_dropped, setup),
		cmocka_unit_test_setup(test_header_len_lying, setup),
		cmocka_unit_test_setup(test_unknown_type_goes_to_engine, setup),
		cmocka_unit_test_setup(test_not_mh_ignored, setup),
		cmocka_unit_test_setup(test_first_registrations_wait_behind_refreshes, setup),
		cmocka_unit_test_setup(test_shed_address_remembered_through_a_flood, setup),
	};

	return cmocka_run_group_tests_name("io_mh", tests, NULL, NULL);
}
