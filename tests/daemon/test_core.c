/* Building blocks: sequence numbers modulo 2^16, the binding cache hash table and the
 * timer heap. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "bcache.h"
#include "seq.h"
#include "timer.h"

static void test_seq_wraparound(void **state)
{
	(void)state;
	assert_true(seq_newer(1, 0));
	assert_false(seq_newer(0, 1));
	assert_false(seq_newer(7, 7));
	/* Across the wrap: 0 follows 65535, 5 follows 65530. */
	assert_true(seq_newer(0, 65535));
	assert_true(seq_newer(5, 65530));
	assert_false(seq_newer(65530, 5));
	/* The window is half the space: 32767 ahead is newer, 32768 ahead is not. */
	assert_true(seq_newer(32767, 0));
	assert_false(seq_newer(32768, 0));
	assert_true(seq_newer((uint16_t)(40000 + 32767), 40000));
	assert_false(seq_newer((uint16_t)(40000 + 32768), 40000));
}

static struct in6_addr hoa_n(uint32_t n)
{
	struct in6_addr a = { .s6_addr = { 0x20, 0x01, 0x0d, 0xb8 } };

	a.s6_addr[12] = (uint8_t)(n >> 24);
	a.s6_addr[13] = (uint8_t)(n >> 16);
	a.s6_addr[14] = (uint8_t)(n >> 8);
	a.s6_addr[15] = (uint8_t)n;
	return a;
}

static void test_bcache_insert_lookup_delete(void **state)
{
	struct bcache bc;
	const uint32_t n = 5000;
	uint32_t i, seen = 0;

	(void)state;
	assert_int_equal(bcache_init(&bc, 42), 0);
	for (i = 0; i < n; i++) {
		struct in6_addr a = hoa_n(i);
		struct binding *b = bcache_add(&bc, &a);

		assert_non_null(b);
		b->r.seq = (uint16_t)i;
	}
	assert_int_equal(bc.count, n);
	assert_true(bc.mask + 1 >= n); /* grew */
	/* ...at 4,096, and the 904 inserts since moved 3,616 of the old table's 4,096
	 * buckets: what follows runs with bindings in both tables */
	assert_non_null(bc.old);
	for (i = 0; i < n; i++) {
		struct in6_addr a = hoa_n(i);
		struct binding *b = bcache_get(&bc, &a);

		assert_non_null(b);
		assert_int_equal(b->r.seq, (uint16_t)i);
	}
	struct in6_addr missing = hoa_n(n + 1);
	assert_null(bcache_get(&bc, &missing));
	for (struct binding *b = bcache_first(&bc, &i); b; b = bcache_next(&bc, b, &i))
		seen++;
	assert_int_equal(seen, n);
	/* Delete every other one; the rest stay reachable. */
	for (i = 0; i < n; i += 2) {
		struct in6_addr a = hoa_n(i);

		bcache_del(&bc, bcache_get(&bc, &a));
	}
	assert_int_equal(bc.count, n / 2);
	for (i = 0; i < n; i++) {
		struct in6_addr a = hoa_n(i);

		if (i % 2)
			assert_non_null(bcache_get(&bc, &a));
		else
			assert_null(bcache_get(&bc, &a));
	}
	for (i = 1; i < n; i += 2) {
		struct in6_addr a = hoa_n(i);

		bcache_del(&bc, bcache_get(&bc, &a));
	}
	assert_int_equal(bc.count, 0);
	assert_null(bcache_first(&bc, &i));
	bcache_free(&bc);
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static void test_timer_heap_order(void **state)
{
	enum { N = 1000 };
	static struct etimer t[N];
	struct theap h = { 0 };
	uint64_t want[N];
	unsigned n = 0;

	(void)state;
	srand(7);
	for (unsigned i = 0; i < N; i++)
		assert_int_equal(theap_arm(&h, &t[i], (uint64_t)(rand() % 100000)), 0);
	/* Move some, disarm some. */
	for (unsigned i = 0; i < N; i += 3)
		assert_int_equal(theap_arm(&h, &t[i], (uint64_t)(rand() % 100000)), 0);
	for (unsigned i = 1; i < N; i += 5)
		theap_disarm(&h, &t[i]);
	for (unsigned i = 0; i < N; i++)
		if (etimer_armed(&t[i]))
			want[n++] = t[i].when;
	qsort(want, n, sizeof(want[0]), cmp_u64);
	for (unsigned k = 0; k < n; k++) {
		struct etimer *top = theap_top(&h);

		assert_non_null(top);
		assert_int_equal(top->when, want[k]);
		theap_disarm(&h, top);
		assert_false(etimer_armed(top));
	}
	assert_null(theap_top(&h));
	theap_free(&h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_seq_wraparound),
		cmocka_unit_test(test_bcache_insert_lookup_delete),
		cmocka_unit_test(test_timer_heap_order),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
