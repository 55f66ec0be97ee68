/*
 * resource_test.c - the estimator primitives: BRAM18/URAM/LUTRAM geometry
 * worked by hand from the RAMB18 shapes (UG573: 512x36, 1Kx18, 2Kx9, 4Kx4,
 * 8Kx2, 16Kx1), DSP counts per kind from the port widths (UG479/UG579/
 * AM004) and the hls4ml anchors, weight statistics on a hand-made tensor.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "estimators/resource.h"
#include "test/unit/esttest.h"
#include "test/unit/testlib.h"

static double bram(long depth, long width)
{
	struct part p = vu13p();

	return res_memory(depth, width, &p, false).bram18;
}

static void test_bram_geometry(void **state)
{
	(void)state;
	assert_true(bram(1024, 18) == 1);	/* 1Kx18 shape exactly */
	assert_true(bram(512, 36) == 1);	/* 512x36 exactly */
	assert_true(bram(1024, 36) == 2);	/* 1Kx18 twice wide */
	assert_true(bram(2048, 9) == 1);	/* 2Kx9 exactly */
	assert_true(bram(100, 72) == 2);	/* 512x36, 2 wide */
	assert_true(bram(4096, 4) == 1);	/* 4Kx4 */
	assert_true(bram(16384, 1) == 1);	/* 16Kx1 */
	/* 600x36: 512x36 needs 2 deep, 1Kx18 needs 2 wide -> 2 */
	assert_true(bram(600, 36) == 2);
	/* 512 deep x 64 bf x 8 bits = 512 wide: ceil(512/36) = 15 */
	assert_true(bram(512, 512) == 15);
	/* 1024 deep x 128 wide: ceil(128/18) = 8 (1Kx18) */
	assert_true(bram(1024, 128) == 8);
}

static void test_small_and_uram(void **state)
{
	struct part p = vu13p();
	struct part a7 = { "xc7a35t", "artix7", "xc7a35t-cpg236-1", DSP48E1,
			   20800, 41600, 90, 100, 0 };
	struct mem_cost c;

	(void)state;
	/* 64 deep x 16: LUTRAM, one 64x1 LUT per bit */
	c = res_memory(64, 16, &p, false);
	assert_true(c.bram18 == 0 && c.lut == 16 && c.ff == 0);
	/* 2 deep x 10: registers */
	c = res_memory(2, 10, &p, false);
	assert_true(c.ff == 20 && c.lut == 0 && c.bram18 == 0);
	/* 32768 x 72 on a URAM part: 1 wide x 8 deep of 72x4096 */
	c = res_memory(32768, 72, &p, false);
	assert_true(c.uram == 8 && c.bram18 == 0);
	/* same on a part without URAM: 16Kx1 shape, 72 wide x 2 deep = 144;
	   1Kx18 would be 4 x 32 = 128; 512x36 2 x 64 = 128 -> 128 */
	c = res_memory(32768, 72, &a7, false);
	assert_true(c.uram == 0 && c.bram18 == 128);
	/* impl: a 256x16 ROM (4096 bits) is rebuilt in LUTs: 16 x 4 */
	c = res_memory(256, 16, &p, true);
	assert_true(c.bram18 == 0 && c.lut == 64);
	/* nothing for an empty memory */
	c = res_memory(0, 16, &p, false);
	assert_true(c.bram18 == 0 && c.lut == 0 && c.ff == 0 && c.uram == 0);
}

static void test_dsp_per_kind(void **state)
{
	(void)state;
	/* ap_fixed<16,6> x ap_fixed<16,6>: fits 27x18 -> 1 */
	assert_true(res_mult(16, true, 16, true, DSP48E2, false).dsp == 1);
	assert_true(res_mult(27, true, 18, true, DSP48E2, false).dsp == 1);
	/* 28x18 on DSP48E2: 28 on the 27 port splits in ceil(27/26) = 2 */
	assert_true(res_mult(28, true, 18, true, DSP48E2, false).dsp == 2);
	/* hls4ml depthwise anchor (32-bit data, ~21-bit constants): 21 on
	   the 27 port, 32 on the 18 port in ceil(31/17) = 2 -> 2 DSPs */
	assert_true(res_mult(32, true, 21, true, DSP48E2, false).dsp == 2);
	/* 32x32: min(2*2, 2*2) = 4 */
	assert_true(res_mult(32, true, 32, true, DSP48E2, false).dsp == 4);
	/* DSP48E1 25x18: 25x18 fits, 26x18 does not */
	assert_true(res_mult(25, true, 18, true, DSP48E1, false).dsp == 1);
	assert_true(res_mult(26, true, 18, true, DSP48E1, false).dsp == 2);
	/* hls4ml issue #31: 24x24 on DSP48E1 takes 2 (24 on 18: 2 pieces) */
	assert_true(res_mult(24, true, 24, true, DSP48E1, false).dsp == 2);
	/* DSP58 27x24 in one; the same 24x24 in one */
	assert_true(res_mult(27, true, 24, true, DSP58, false).dsp == 1);
	assert_true(res_mult(24, true, 24, true, DSP58, false).dsp == 1);
	/* unsigned 18 bits need 19 on a signed port: 19 on the 27 port,
	   18 signed on 18 -> 1 */
	assert_true(res_mult(18, false, 18, true, DSP48E2, false).dsp == 1);
	/* two unsigned 18-bit: 19 x 19 -> 2 */
	assert_true(res_mult(18, false, 18, false, DSP48E2, false).dsp == 2);
}

static void test_lut_mult(void **state)
{
	struct mult_cost c;

	(void)state;
	/* 16 x 3: LUTs, 2 adders of 16 bits */
	c = res_mult(16, true, 3, true, DSP48E2, false);
	assert_true(c.dsp == 0 && c.lut == 32);
	/* 16 x 1: one AND row of 16 */
	c = res_mult(1, true, 16, true, DSP48E2, false);
	assert_true(c.dsp == 0 && c.lut == 16);
	/* 16 x 4: still LUTs (3 adders of 16); 16 x 5 reaches the DSP */
	c = res_mult(16, true, 4, true, DSP48E2, false);
	assert_true(c.dsp == 0 && c.lut == 48);
	c = res_mult(16, true, 5, true, DSP48E2, false);
	assert_true(c.dsp == 1 && c.lut == 0);
}

/* Layer with one kernel tensor of rows x cols holding v. */
static void add_kernel(struct layer *l, const char *name, long rows,
		       long cols, const float *v)
{
	struct tensor *t;

	l->weights = xreallocarray(l->weights, (size_t)l->n_weights + 1,
				   sizeof(*l->weights));
	t = &l->weights[l->n_weights++];
	memset(t, 0, sizeof(*t));
	t->name = xstrdup(name);
	t->shape.ndim = 2;
	t->shape.dim[0] = rows;
	t->shape.dim[1] = cols;
	t->data = xmalloc((size_t)(rows * cols) * sizeof(float));
	memcpy(t->data, v, (size_t)(rows * cols) * sizeof(float));
}

static void test_weight_stats(void **state)
{
	struct model m;
	struct layer *l;
	struct weight_stats ws;
	struct fixed_type w = fixed_make(8, 1, true);	/* step 1/128 */
	/* row 0: 0 | 0.5 -> 64 steps (2^6) | 0.3 -> floor(38.4) = 38 |
	   0.09375 -> 12 exactly
	   row 1: 0.3 -> 38 | -0.3 -> floor(-38.4) = -39 | 0.001 -> 0 |
	   -0.09375 -> -12
	   CSD digits: 38 = 32 + 8 - 2 (3), 39 = 32 + 8 - 1 (3), 12 = 16 - 4
	   (2). bias (not a multiplier): ignored */
	const float k[] = { 0.0f, 0.5f, 0.3f, 0.09375f,
			    0.3f, -0.3f, 0.001f, -0.09375f };
	const float b[] = { 0.3f, 0.7f, 0.9f, 0.1f };

	(void)state;
	model_init(&m);
	l = add_dense_cls(&m, "fc", "Dense", 2, 4);
	add_kernel(l, "kernel", 2, 4, k);
	add_kernel(l, "bias", 1, 4, b);
	res_weight_stats(l, &w, &ws);
	assert_true(ws.known);
	assert_int_equal(ws.n, 8);
	assert_int_equal(ws.zeros, 2);		/* 0 and 0.001 */
	assert_int_equal(ws.pow2, 1);		/* 0.5 */
	assert_int_equal(ws.distinct, 3);	/* magnitudes 12, 38, 39 */
	assert_int_equal(ws.unique, 3);		/* row 0: {38}, row 1: {38,39} */
	assert_int_equal(ws.shift_add, 2);	/* {12} in each row */
	assert_int_equal(ws.eff_bits, 8);	/* 64 < 2^7, plus sign */

	/* a layer without weights */
	model_release(&m);
	model_init(&m);
	l = add_dense_cls(&m, "fc", "Dense", 2, 3);
	res_weight_stats(l, &w, &ws);
	assert_false(ws.known);
	assert_int_equal(ws.n, 0);
	model_release(&m);
}

/* NAF (= CSD) non-zero digits by the x + x/2 identity (Wikipedia,
 * "Non-adjacent form"), independent of resource.c's digit loop. */
static int naf_weight(unsigned long long x)
{
	unsigned long long xh = x >> 1, x3 = x + xh, c = xh ^ x3;

	return __builtin_popcountll(x3 & c) + __builtin_popcountll(xh & c);
}

/* Brute-force statistics of a rows x cols kernel under type w. */
static void brute_stats(const float *v, long rows, long cols,
			const struct fixed_type *w, struct weight_stats *ws)
{
	long n = rows * cols;
	double *m = xcalloc((size_t)n, sizeof(*m));
	int frac = w->width - w->integer;

	memset(ws, 0, sizeof(*ws));
	for (long i = 0; i < n; i++) {
		double a = fabs(fixed_quantize(w, v[i])) * pow(2, frac);
		unsigned long long u = (unsigned long long)a;

		ws->n++;
		if (u == 0)
			ws->zeros++;
		else if ((u & (u - 1)) == 0)
			ws->pow2++;
		else
			m[i] = a;
	}
	for (long i = 0; i < n; i++) {
		bool first_row = true, first_all = true;

		if (m[i] == 0)
			continue;
		for (long j = 0; j < i; j++) {
			if (m[j] != m[i])
				continue;
			first_all = false;
			if (j / cols == i / cols)
				first_row = false;
		}
		ws->distinct += first_all;
		if (first_row) {
			if (naf_weight((unsigned long long)m[i]) >= 3)
				ws->unique++;
			else
				ws->shift_add++;
		}
	}
	free(m);
}

static void test_weight_stats_large(void **state)
{
	/* 32 x 32 = 1024 weights: the table path for <= 16-bit types, the
	   sorting path for wider ones; both against brute force */
	const int widths[] = { 6, 8, 12, 16, 20, 24 };
	struct model m;
	struct layer *l;
	long dims[2] = { 32, 32 };
	float *v;

	(void)state;
	model_init(&m);
	l = add_dense_cls(&m, "fc", "Dense", 32, 32);
	v = add_tensor(l, "kernel", 2, dims);
	normal_fill(v, 32 * 32, 0.2, 7);
	for (size_t i = 0; i < sizeof(widths) / sizeof(widths[0]); i++) {
		struct fixed_type w = fixed_make(widths[i], 1, true);
		struct weight_stats got, want;

		res_weight_stats(l, &w, &got);
		brute_stats(v, 32, 32, &w, &want);
		assert_int_equal(got.n, 1024);
		assert_int_equal(got.zeros, want.zeros);
		assert_int_equal(got.pow2, want.pow2);
		assert_int_equal(got.distinct, want.distinct);
		assert_int_equal(got.unique, want.unique);
		assert_int_equal(got.shift_add, want.shift_add);
		/* the cases are not trivial */
		assert_true(want.unique > 0 && want.distinct > 3);
	}
	model_release(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bram_geometry),
		cmocka_unit_test(test_small_and_uram),
		cmocka_unit_test(test_dsp_per_kind),
		cmocka_unit_test(test_lut_mult),
		cmocka_unit_test(test_weight_stats),
		cmocka_unit_test(test_weight_stats_large),
	};
	return cmocka_run_group_tests_name("resource", tests, NULL, NULL);
}
