/* G.711 mu-law: the segment ends and the values a hand encoding gives. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "g711.h"

static void test_ulaw(void **state)
{
	(void)state;
	/* 0 + bias 132 = 0b10000100: segment 0, step 0, inverted: 0xff. */
	assert_int_equal(g711_ulaw(0), 0xff);
	assert_int_equal(g711_ulaw(-1), 0x7f);
	/* 100 + 132 = 232: segment 0, step 232 >> 3 & 15 = 13: ~0x0d = 0xf2. */
	assert_int_equal(g711_ulaw(100), 0xf2);
	/* 1000 + 132 = 1132 (bit 10): segment 3, step 1132 >> 6 & 15 = 1: ~0x31 = 0xce. */
	assert_int_equal(g711_ulaw(1000), 0xce);
	assert_int_equal(g711_ulaw(-1000), 0x4e);
	/* Full scale is clipped at 32635 (+ 132 = 32767): segment 7, step 15. */
	assert_int_equal(g711_ulaw(32767), 0x80);
	assert_int_equal(g711_ulaw(32635), 0x80);
	assert_int_equal(g711_ulaw(-32768), 0x00);
	/* Segment boundaries: 124 + 132 = 256 starts segment 1. */
	assert_int_equal(g711_ulaw(123), 0xf0);
	assert_int_equal(g711_ulaw(124), 0xef);
}

/* A 400 Hz tone has a period of 20 samples: it starts at 0 (0xff) and repeats,
 * and a packet continues where the previous one ended. */
static void test_tone(void **state)
{
	uint8_t a[160], b[40];

	(void)state;
	g711_tone(a, sizeof(a), 0, 400);
	assert_int_equal(a[0], 0xff);
	assert_int_equal(a[10], 0xff);
	assert_memory_equal(a, a + 20, 140);
	/* The peaks: positive keeps the (inverted) sign bit set, negative clear. */
	assert_int_equal(a[5], 0x8f);
	assert_int_equal(a[15], 0x0f);
	g711_tone(b, sizeof(b), 160, 400);
	assert_memory_equal(b, a, sizeof(b));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ulaw),
		cmocka_unit_test(test_tone),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
