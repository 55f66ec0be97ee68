/*
 * reuse_test.c - valid reuse and parallelization factors. The closed-form
 * list and nearest values are compared with a brute-force scan of
 * hls4ml's three conditions, transcribed here from
 * hls4ml/backends/fpga/fpga_backend.py _validate_reuse_factor (with its
 * float division and ceil), for every n_in, n_out <= 64 and a sample of
 * larger layers; the published lists come from the reference notes
 * (hls4ml.md section 2.1).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/reuse.h"
#include "core/xalloc.h"

/* hls4ml:
 *   multfactor = min(n_in, rf)
 *   multiplier_limit = int(math.ceil((n_in * n_out) / float(multfactor)))
 *   _assert = ((multiplier_limit % n_out) == 0) or (rf >= n_in)
 *   _assert = _assert and (((rf % n_in) == 0) or (rf < n_in))
 *   _assert = _assert and (((n_in * n_out) % rf) == 0)
 * get_valid_reuse_factors scans rf in 1..n_in*n_out. */
static bool hls4ml_valid(long n_in, long n_out, long rf)
{
	long mf = n_in < rf ? n_in : rf;
	long ml = (long)ceil((double)(n_in * n_out) / (double)mf);

	return (ml % n_out == 0 || rf >= n_in) &&
	       (rf % n_in == 0 || rf < n_in) && (n_in * n_out) % rf == 0;
}

/* Brute-force list into a new array; *count gets its length. */
static long *brute_list(long n_in, long n_out, int *count)
{
	long n = n_in * n_out, *v = xmalloc(sizeof(*v) * (size_t)n);

	*count = 0;
	for (long rf = 1; rf <= n; rf++)
		if (hls4ml_valid(n_in, n_out, rf))
			v[(*count)++] = rf;
	return v;
}

/* Checks the list, the validity test and the nearest values of one layer
 * against the brute force; every rf from -1 to n+2 when `every`, else a
 * spread of about 3000 values. */
static void check_layer(long n_in, long n_out, bool every)
{
	int nb, nl;
	long n = n_in * n_out, *b = brute_list(n_in, n_out, &nb);
	long *l = xmalloc(sizeof(*l) * (size_t)(nb + 1));
	long step = every ? 1 : n / 3000 + 1;
	int i = 0;

	nl = reuse_valid_list(n_in, n_out, l, nb + 1);
	if (nl != nb)
		fail_msg("(%ld,%ld): %d valid, brute force %d", n_in, n_out, nl,
			 nb);
	for (int k = 0; k < nb; k++)
		if (l[k] != b[k])
			fail_msg("(%ld,%ld): list[%d] = %ld, brute force %ld",
				 n_in, n_out, k, l[k], b[k]);
	for (long rf = -1; rf <= n + 2; rf += (rf < 64 || rf > n - 64) ? 1 :
	     step) {
		long below, above, want_below = 0, want_above = 0;

		while (i < nb && b[i] < rf)
			i++;
		/* b[i] is the first valid >= rf */
		if (i < nb)
			want_above = b[i];
		if (i < nb && b[i] == rf)
			want_below = rf;
		else if (i > 0)
			want_below = b[i - 1];
		if (reuse_is_valid(n_in, n_out, rf) !=
		    (rf >= 1 && rf <= n && hls4ml_valid(n_in, n_out, rf)))
			fail_msg("(%ld,%ld) rf %ld: validity differs", n_in,
				 n_out, rf);
		reuse_nearest(n_in, n_out, rf, &below, &above);
		if (below != want_below || above != want_above)
			fail_msg("(%ld,%ld) rf %ld: nearest %ld/%ld, brute "
				 "force %ld/%ld", n_in, n_out, rf, below, above,
				 want_below, want_above);
	}
	free(b);
	free(l);
}

static void test_all_small_layers(void **state)
{
	(void)state;
	for (long n_in = 1; n_in <= 64; n_in++)
		for (long n_out = 1; n_out <= 64; n_out++)
			check_layer(n_in, n_out, true);
}

static void test_larger_layers(void **state)
{
	static const long sizes[][2] = {
		{16, 64}, {64, 32}, {27, 32}, {400, 128}, {3072, 512},
		{12345, 7}, {7, 12345}, {1, 5000}, {5000, 1}, {720, 720},
	};

	(void)state;
	for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++)
		check_layer(sizes[k][0], sizes[k][1], false);
}

/* The published examples. */
static void expect_list(long n_in, long n_out, const long *want, int nwant)
{
	long got[64];
	int n = reuse_valid_list(n_in, n_out, got, 64);

	assert_int_equal(n, nwant);
	for (int k = 0; k < n; k++)
		if (got[k] != want[k])
			fail_msg("(%ld,%ld)[%d] = %ld, want %ld", n_in, n_out, k,
				 got[k], want[k]);
}

static void test_published_examples(void **state)
{
	/* (16,64): divisors of 16, then 16 * (2, 4, ..., 64) up to 1024 */
	static const long a[] = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024};
	static const long b[] = {1, 2, 4, 8, 16, 32, 160};
	static const long c[] = {1, 3, 9, 27, 54, 108, 216, 432, 864};
	static const long d[] = {1, 2, 4, 8, 16, 32, 80, 160};

	(void)state;
	expect_list(16, 64, a, 11);
	expect_list(32, 5, b, 7);
	expect_list(27, 32, c, 9);
	expect_list(16, 10, d, 8);
}

/* The closed form needs no scan: a 10^4 x 10^4 layer (10^8 products)
 * has d(10^4) + d(10^4) - 1 = 25 + 25 - 1 = 49 valid factors, and a
 * 3 x 33554432 layer 2 + 26 - 1 = 27 (2^25 has 26 divisors). */
static void test_huge_layers(void **state)
{
	long l[64];
	int n;

	(void)state;
	n = reuse_valid_list(10000, 10000, l, 64);
	assert_int_equal(n, 49);
	assert_int_equal(l[0], 1);
	assert_int_equal(l[24], 10000);
	assert_int_equal(l[25], 20000);
	assert_int_equal(l[48], 100000000);
	for (int k = 0; k < n; k++) {
		assert_true(reuse_is_valid(10000, 10000, l[k]));
		if (k > 0)
			assert_true(l[k] > l[k - 1]);
	}
	assert_false(reuse_is_valid(10000, 10000, 3));
	assert_false(reuse_is_valid(10000, 10000, 10001));
	n = reuse_valid_list(3, 33554432, l, 64);
	assert_int_equal(n, 27);
	assert_int_equal(l[26], 3L * 33554432);
	{
		long below, above;

		/* 10^4 x 10^4, rf 123456: 10^4 * 10 and 10^4 * 16 around it
		 * (divisors of 10^4 near 12.3: 10 and 16) */
		reuse_nearest(10000, 10000, 123456, &below, &above);
		assert_int_equal(below, 100000);
		assert_int_equal(above, 160000);
	}
}

static void test_cap_and_bad_sizes(void **state)
{
	long l[4] = {-7, -7, -7, -7}, below, above;

	(void)state;
	/* (27,32) has 9 values; only the first 3 are written */
	assert_int_equal(reuse_valid_list(27, 32, l, 3), 9);
	assert_int_equal(l[0], 1);
	assert_int_equal(l[1], 3);
	assert_int_equal(l[2], 9);
	assert_int_equal(l[3], -7);
	assert_int_equal(reuse_valid_list(27, 32, NULL, 0), 9);
	assert_int_equal(reuse_valid_list(0, 32, l, 4), 0);
	assert_int_equal(reuse_valid_list(27, -1, l, 4), 0);
	assert_int_equal(reuse_valid_list(LONG_MAX, 2, l, 4), 0);
	assert_false(reuse_is_valid(0, 5, 1));
	assert_false(reuse_is_valid(LONG_MAX, 2, 1));
	reuse_nearest(0, 5, 3, &below, &above);
	assert_int_equal(below, 0);
	assert_int_equal(above, 0);
	/* rf beyond the largest valid value: (16,10) tops out at 160 */
	reuse_nearest(16, 10, 500, &below, &above);
	assert_int_equal(below, 160);
	assert_int_equal(above, 0);
	/* rf below 1: nothing below, 1 above */
	reuse_nearest(16, 10, 0, &below, &above);
	assert_int_equal(below, 0);
	assert_int_equal(above, 1);
	/* (27,32), rf 40: between 27 and 54 */
	reuse_nearest(27, 32, 40, &below, &above);
	assert_int_equal(below, 27);
	assert_int_equal(above, 54);
}

/* Parallelization factors: divisors of the pixel count. 81 = 3^4 has
 * divisors 1, 3, 9, 27, 81. */
static void test_pf(void **state)
{
	long below, above;

	(void)state;
	for (long pf = -2; pf <= 90; pf++)
		assert_int_equal(reuse_pf_is_valid(81, pf),
				 pf == 1 || pf == 3 || pf == 9 || pf == 27 ||
				 pf == 81);
	reuse_pf_nearest(81, 10, &below, &above);
	assert_int_equal(below, 9);
	assert_int_equal(above, 27);
	reuse_pf_nearest(81, 27, &below, &above);
	assert_int_equal(below, 27);
	assert_int_equal(above, 27);
	reuse_pf_nearest(81, 100, &below, &above);
	assert_int_equal(below, 81);
	assert_int_equal(above, 0);
	reuse_pf_nearest(81, 0, &below, &above);
	assert_int_equal(below, 0);
	assert_int_equal(above, 1);
	reuse_pf_nearest(0, 3, &below, &above);
	assert_int_equal(below, 0);
	assert_int_equal(above, 0);
	assert_false(reuse_pf_is_valid(0, 0));
	assert_true(reuse_pf_is_valid(1, 1));
	/* every n up to 300 against a plain divisibility scan */
	for (long n = 1; n <= 300; n++) {
		for (long pf = -1; pf <= n + 2; pf++) {
			long wb = 0, wa = 0;

			assert_int_equal(reuse_pf_is_valid(n, pf),
					 pf >= 1 && pf <= n && n % pf == 0);
			for (long d = 1; d <= n; d++) {
				if (n % d)
					continue;
				if (d <= pf)
					wb = d;
				if (d >= pf && !wa)
					wa = d;
			}
			reuse_pf_nearest(n, pf, &below, &above);
			if (below != wb || above != wa)
				fail_msg("pf(%ld, %ld) = %ld/%ld, want %ld/%ld",
					 n, pf, below, above, wb, wa);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_all_small_layers),
		cmocka_unit_test(test_larger_layers),
		cmocka_unit_test(test_published_examples),
		cmocka_unit_test(test_huge_layers),
		cmocka_unit_test(test_cap_and_bad_sizes),
		cmocka_unit_test(test_pf),
	};

	return cmocka_run_group_tests_name("reuse", tests, NULL, NULL);
}
