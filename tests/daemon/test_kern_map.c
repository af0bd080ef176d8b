/* kern_map: the hash map behind the kernel ledger and the HA's tunnel and
 * route tables, at the sizes a busy home agent reaches. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "kern_map.h"

struct key { uint32_t a, b; uint8_t pad[9]; };   /* odd size on purpose */
struct val { uint64_t x; int y; };

static struct key key(uint32_t i)
{
	struct key k;

	memset(&k, 0, sizeof(k));
	k.a = i;
	k.b = i * 2654435761u;
	return k;
}

static void test_put_get_del_many(void **state)
{
	struct kmap m;
	const uint32_t n = 100000;

	(void)state;
	kmap_init(&m, sizeof(struct key), sizeof(struct val));
	for (uint32_t i = 0; i < n; i++) {
		struct key k = key(i);
		struct val v = { .x = i, .y = -(int)i };
		assert_non_null(kmap_put(&m, &k, &v));
	}
	assert_int_equal(m.n, n);
	for (uint32_t i = 0; i < n; i++) {
		struct key k = key(i);
		struct val *v = kmap_get(&m, &k);
		assert_non_null(v);
		assert_int_equal(v->x, i);
		assert_int_equal(v->y, -(int)i);
		/* values are aligned for the structs callers keep there */
		assert_int_equal((uintptr_t)v % 8, 0);
	}
	for (uint32_t i = 0; i < n; i += 2) {
		struct key k = key(i);
		assert_true(kmap_del(&m, &k));
		assert_false(kmap_del(&m, &k));
	}
	assert_int_equal(m.n, n / 2);
	for (uint32_t i = 0; i < n; i++) {
		struct key k = key(i);
		if (i % 2)
			assert_non_null(kmap_get(&m, &k));
		else
			assert_null(kmap_get(&m, &k));
	}
	kmap_free(&m);
}

static void test_overwrite_keeps_one_entry(void **state)
{
	struct kmap m;
	struct key k = key(7);
	struct val v1 = { .x = 1 }, v2 = { .x = 2 };

	(void)state;
	kmap_init(&m, sizeof(k), sizeof(struct val));
	kmap_put(&m, &k, &v1);
	kmap_put(&m, &k, &v2);
	assert_int_equal(m.n, 1);
	assert_int_equal(((struct val *)kmap_get(&m, &k))->x, 2);
	kmap_free(&m);
}

/* Binding churn: the same few keys added and removed over and over must not
 * fill the table with tombstones. */
static void test_churn_stays_small(void **state)
{
	struct kmap m;

	(void)state;
	kmap_init(&m, sizeof(struct key), sizeof(struct val));
	for (uint32_t round = 0; round < 200000; round++) {
		struct key k = key(round % 10);
		struct val v = { .x = round };
		assert_non_null(kmap_put(&m, &k, &v));
		assert_true(kmap_del(&m, &k));
	}
	assert_int_equal(m.n, 0);
	assert_true(m.cap <= 64);
	kmap_free(&m);
}

static void test_iteration_sees_each_live_entry_once(void **state)
{
	struct kmap m;
	const void *kp;
	struct val *v;
	size_t pos = 0, seen = 0;
	uint64_t sum = 0;

	(void)state;
	kmap_init(&m, sizeof(struct key), sizeof(struct val));
	for (uint32_t i = 1; i <= 1000; i++) {
		struct key k = key(i);
		struct val val = { .x = i };
		kmap_put(&m, &k, &val);
	}
	for (uint32_t i = 1; i <= 1000; i += 3) {
		struct key k = key(i);
		kmap_del(&m, &k);
	}
	while ((v = kmap_next(&m, &pos, &kp))) {
		assert_int_equal(((const struct key *)kp)->a, v->x);
		sum += v->x;
		seen++;
	}
	assert_int_equal(seen, m.n);
	assert_int_equal(seen, 1000 - 334);
	/* 1..1000 minus 1, 4, ..., 1000 */
	assert_int_equal(sum, 500500 - (334 * (1 + 1000) / 2));
	kmap_free(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_put_get_del_many),
		cmocka_unit_test(test_overwrite_keeps_one_entry),
		cmocka_unit_test(test_churn_stays_small),
		cmocka_unit_test(test_iteration_sees_each_live_entry_once),
	};

	return cmocka_run_group_tests_name("kern_map", tests, NULL, NULL);
}
