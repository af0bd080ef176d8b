/* The protected MH path without sockets: io_mhk_input() (what the kernel's IPPROTO_MH
 * socket hands over after ESP, with the ancillary data's findings) and io_mh_input()'s
 * refusal of plain BUs/BAs of a pair an IPsecPolicySet covers. The engine, the loop,
 * the address list and the kernel's IPsec states are stand-ins. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <arpa/inet.h>
#include <cmocka.h>

#include "config.h"
#include "eloop.h"
#include "engine.h"
#include "io_int.h"
#include "ip6pkt.h"
#include "kern_ipsec.h"

static int n_rx;
static struct eng_rx last_rx;
static struct mh_msg last_m;

void engine_rx_mh(struct engine *e, const struct eng_rx *rx, const struct mh_msg *m)
{
	(void)e;
	n_rx++;
	last_rx = *rx;
	last_m = *m;
}

int eloop_add_deadline_source(struct eloop *el, eloop_deadline_fn deadline,
			      eloop_due_fn due, void *ctx)
{
	(void)el; (void)deadline; (void)due; (void)ctx;
	return 0;
}

void eloop_del_deadline_source(struct eloop *el, eloop_deadline_fn deadline, void *ctx)
{
	(void)el; (void)deadline; (void)ctx;
}

bool engine_bu_is_first(const struct engine *e, const struct in6_addr *hoa,
			const struct in6_addr *src)
{
	(void)e; (void)src; (void)hoa;
	return false;
}

int eloop_add_fd(struct eloop *el, int fd, void (*fn)(int, void *), void *ctx)
{
	(void)el; (void)fd; (void)fn; (void)ctx;
	return 0;
}

void eloop_del_fd(struct eloop *el, int fd)
{
	(void)el; (void)fd;
}

bool io_addr_is_local(const struct in6_addr *a)
{
	(void)a;
	return false;
}

int kern_ipsec_coa(const struct in6_addr *hoa, const struct in6_addr *ha,
		   const struct in6_addr *coa, bool mn)
{
	(void)hoa; (void)ha; (void)coa; (void)mn;
	return 0;
}

static struct in6_addr HOA, HA, COA, OTHER;
static struct config conf;

static struct in6_addr a6(const char *s)
{
	struct in6_addr a;

	assert_int_equal(inet_pton(AF_INET6, s, &a), 1);
	return a;
}

static int setup(void **state)
{
	(void)state;
	HOA = a6("2001:db8::beef");
	HA = a6("2001:db8::1");
	COA = a6("2001:db8:1::100");
	OTHER = a6("2001:db8::cafe");
	memset(&conf, 0, sizeof(conf));
	conf.use_mn_ha_ipsec = true;
	conf.n_ipsec_sets = 1;
	conf.ipsec_sets[0].hoa = HOA;
	conf.ipsec_sets[0].hoa_plen = 64;
	conf.ipsec_sets[0].ha = HA;
	io_mh_set_config(&conf);
	n_rx = 0;
	memset(&io_stats, 0, sizeof(io_stats));
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	io_mh_set_config(NULL);
	return 0;
}

/* The MH alone, its checksum over (src, dst): as the kernel delivers it. */
static size_t mh_of(const struct mh_msg *m, const struct in6_addr *src,
		    const struct in6_addr *dst, uint8_t *buf)
{
	size_t len;

	assert_int_equal(mh_encode(m, buf, MH_MAX_LEN, &len), PKT_OK);
	mh_set_checksum(src, dst, buf, len);
	return len;
}

static void test_bu_from_coa(void **state)
{
	uint8_t mh[MH_MAX_LEN];
	struct mh_msg m;
	struct io_mhk_msg k = { .ifindex = 3, .src = HOA, .dst = HA, .has_hao = true,
				.hao_field = COA };
	size_t len;

	(void)state;
	mh_bu_init(&m, 7, MH_BU_A | MH_BU_H, 60);
	len = mh_of(&m, &HOA, &HA, mh);
	assert_int_equal(io_mhk_input(NULL, &k, mh, len), 0);
	assert_int_equal(n_rx, 1);
	assert_true(last_rx.protected);
	assert_memory_equal(&last_rx.src, &COA, sizeof(COA));
	assert_memory_equal(&last_rx.dst, &HA, sizeof(HA));
	assert_true(last_rx.has_hao);
	assert_memory_equal(&last_rx.hao, &HOA, sizeof(HOA));
	assert_false(last_rx.has_rh2);
	assert_int_equal(last_rx.ifindex, 3);
	assert_ptr_equal(last_rx.raw, mh);
	assert_int_equal(last_m.bu.seq, 7);
	assert_int_equal(io_stats.mh_esp_rx, 1);
}

static void test_bu_from_home(void **state)
{
	uint8_t mh[MH_MAX_LEN];
	struct mh_msg m;
	struct io_mhk_msg k = { .src = HOA, .dst = HA };
	size_t len;

	(void)state;
	mh_bu_init(&m, 8, MH_BU_A | MH_BU_H, 0);
	len = mh_of(&m, &HOA, &HA, mh);
	assert_int_equal(io_mhk_input(NULL, &k, mh, len), 0);
	assert_int_equal(n_rx, 1);
	assert_true(last_rx.protected);
	assert_memory_equal(&last_rx.src, &HOA, sizeof(HOA));
	assert_false(last_rx.has_hao);
}

static void test_ba_to_coa(void **state)
{
	uint8_t mh[MH_MAX_LEN];
	struct mh_msg m;
	struct io_mhk_msg k = { .src = HA, .dst = HOA, .has_rh2 = true, .rh2_field = COA };
	size_t len;

	(void)state;
	mh_ba_init(&m, 0, 7, 60, 0);
	len = mh_of(&m, &HA, &HOA, mh);
	assert_int_equal(io_mhk_input(NULL, &k, mh, len), 0);
	assert_int_equal(n_rx, 1);
	assert_true(last_rx.protected);
	assert_memory_equal(&last_rx.src, &HA, sizeof(HA));
	assert_memory_equal(&last_rx.dst, &COA, sizeof(COA));
	assert_true(last_rx.has_rh2);
	assert_memory_equal(&last_rx.rh2, &HOA, sizeof(HOA));
	assert_false(last_rx.has_hao);
}

static void test_not_a_protected_pair(void **state)
{
	uint8_t mh[MH_MAX_LEN];
	struct mh_msg m;
	struct io_mhk_msg k = { .src = OTHER, .dst = HA, .has_hao = true, .hao_field = COA };
	size_t len;

	(void)state;
	mh_bu_init(&m, 7, MH_BU_A | MH_BU_H, 60);
	len = mh_of(&m, &OTHER, &HA, mh);
	assert_int_equal(io_mhk_input(NULL, &k, mh, len), -1);
	/* A BA from the HA for its own pair, the wrong way round, neither. */
	k = (struct io_mhk_msg){ .src = HOA, .dst = HA };
	mh_ba_init(&m, 0, 7, 60, 0);
	len = mh_of(&m, &HOA, &HA, mh);
	assert_int_equal(io_mhk_input(NULL, &k, mh, len), -1);
	assert_int_equal(n_rx, 0);
}

static void test_bad_checksum(void **state)
{
	uint8_t mh[MH_MAX_LEN];
	struct mh_msg m;
	struct io_mhk_msg k = { .src = HOA, .dst = HA, .has_hao = true, .hao_field = COA };
	size_t len;

	(void)state;
	mh_bu_init(&m, 7, MH_BU_A | MH_BU_H, 60);
	len = mh_of(&m, &COA, &HA, mh);         /* over the CoA: wrong */
	assert_int_equal(io_mhk_input(NULL, &k, mh, len), PKT_E_CHECKSUM);
	assert_int_equal(n_rx, 0);
	assert_int_equal(io_stats.mh_bad, 1);
}

/* A whole packet as the packet socket sees it. */
static size_t packet(const struct mh_msg *m, const struct in6_addr *src,
		     const struct in6_addr *dst, const struct in6_addr *hoa,
		     const struct in6_addr *rh2, uint8_t *buf, size_t cap)
{
	struct ip6_spec s = { .src = *src, .dst = *dst, .hoa = hoa, .rh2 = rh2 };
	size_t len;

	assert_int_equal(ip6_build_mh(&s, m, buf, cap, &len), PKT_OK);
	return len;
}

static void test_plain_of_protected_pair_counted(void **state)
{
	uint8_t pkt[512];
	struct mh_msg m;
	size_t len;

	(void)state;
	mh_bu_init(&m, 9, MH_BU_A | MH_BU_H, 400);
	len = packet(&m, &COA, &HA, &HOA, NULL, pkt, sizeof(pkt));
	assert_int_equal(io_mh_input(NULL, 2, pkt, len), 0);
	assert_int_equal(n_rx, 0);
	assert_int_equal(io_stats.mh_unprotected, 1);
	/* The BA of the pair, plain, to the CoA: the same. */
	mh_ba_init(&m, 0, 9, 60, 0);
	len = packet(&m, &HA, &COA, NULL, &HOA, pkt, sizeof(pkt));
	assert_int_equal(io_mh_input(NULL, 2, pkt, len), 0);
	assert_int_equal(n_rx, 0);
	assert_int_equal(io_stats.mh_unprotected, 2);
	/* Another home address is not covered: handed on, unprotected. */
	mh_bu_init(&m, 9, MH_BU_A | MH_BU_H, 400);
	len = packet(&m, &COA, &HA, &OTHER, NULL, pkt, sizeof(pkt));
	assert_int_equal(io_mh_input(NULL, 2, pkt, len), 0);
	assert_int_equal(n_rx, 1);
	assert_false(last_rx.protected);
	assert_int_equal(io_stats.mh_unprotected, 2);
}

static void test_without_ipsec_nothing_is_protected(void **state)
{
	uint8_t pkt[512];
	struct mh_msg m;
	size_t len;

	(void)state;
	conf.use_mn_ha_ipsec = false;
	assert_false(io_mh_protected(MH_BU, &COA, &HA, &HOA, NULL));
	mh_bu_init(&m, 9, MH_BU_A | MH_BU_H, 400);
	len = packet(&m, &COA, &HA, &HOA, NULL, pkt, sizeof(pkt));
	assert_int_equal(io_mh_input(NULL, 2, pkt, len), 0);
	assert_int_equal(n_rx, 1);
	assert_int_equal(io_stats.mh_unprotected, 0);
	conf.use_mn_ha_ipsec = true;
	assert_true(io_mh_protected(MH_BU, &COA, &HA, &HOA, NULL));
	assert_true(io_mh_protected(MH_BU, &HOA, &HA, NULL, NULL));
	assert_true(io_mh_protected(MH_BA, &HA, &COA, NULL, &HOA));
	assert_false(io_mh_protected(MH_BE, &HA, &COA, NULL, &HOA));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_bu_from_coa, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bu_from_home, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ba_to_coa, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_a_protected_pair, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_checksum, setup, teardown),
		cmocka_unit_test_setup_teardown(test_plain_of_protected_pair_counted, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_without_ipsec_nothing_is_protected, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
