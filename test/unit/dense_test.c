/*
 * dense_test.c - the Dense model: values worked by hand from hls4ml's
 * kernels and the formulas in estimators/dense.c (working in comments),
 * rows of ../shared/groundtruth/wa_single_dense_train.csv the model must
 * reproduce exactly (quoted in comments, so the test needs no shared
 * files), warnings, and properties over the knob space.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>

#include "core/reuse.h"
#include "test/unit/esttest.h"
#include "test/unit/testlib.h"

static void run(struct est_fixture *f, struct layer_est *o)
{
	est_dense(&f->in, o);
	assert_true(est_sane(o));
}

/* Model: input, Dense n_in -> n_out; returns the Dense index (1). */
static int dense_model(struct model *m, long n_in, long n_out)
{
	struct layer *l;

	model_init(m);
	l = model_add_layer(m, "in", "InputLayer", LAYER_INPUT);
	shape1(&l->in_shape, n_in);
	shape1(&l->out_shape, n_in);
	add_dense_cls(m, "fc", "Dense", n_in, n_out);
	return 1;
}

static void test_resource_by_hand(void **state)
{
	struct model m;
	struct est_fixture f;
	struct layer_est o;

	(void)state;
	fixture_init(&f, &m, dense_model(&m, 64, 32), IO_PARALLEL);
	f.k.strategy = STRATEGY_RESOURCE;
	f.k.reuse_factor = 64;		/* divides n_in: valid */
	run(&f, &o);
	/* bf = 64*32/64 = 32 multipliers of 16x16 bits, one DSP48E2 each */
	assert_true(o.dsp == 32);
	assert_int_equal(o.n_mult, 32);
	/* ROM 64 deep x 32*16 = 512 bits, forced to BRAM (ROM_nP_BRAM):
	   ceil(512/36) = 15; RF 64 <= 448: no extra */
	assert_true(o.bram18 == 15);
	assert_int_equal(o.ii, 64);
	assert_int_equal(o.latency, 65);
	/* FF = 130.7 + 1.043*32*16 + 0.66*32*16 + 0.21*32*16
	      = 130.7 + 534.016 + 337.92 + 107.52 = 1110.156 */
	assert_float_equal(o.ff, 1110.156, 0.01);
	/* LUT = 10.088*64 + 159.51*32 + (k = 1: no select term)
	       + 0.8188*32*16 = 645.632 + 5104.32 + 419.2256 = 6169.1776 */
	assert_float_equal(o.lut, 6169.1776, 0.01);
	assert_false(o.warnings & EST_W_RF_CHANGED);
	assert_false(o.warnings & EST_W_DSP_WIDE);
	/* io_stream: one more cycle for the pack read; same resources */
	f.d.io_type = IO_STREAM;
	run(&f, &o);
	assert_int_equal(o.latency, 66);
	assert_int_equal(o.ii, 64);
	assert_true(o.dsp == 32 && o.bram18 == 15);
	/* impl: DSP x 0.9, LUT x 0.6, FF x 0.3 of csynth (top comment of
	   dense.c); the shallow weight ROM stays in BRAM (rom_style) */
	f.d.io_type = IO_PARALLEL;
	f.in.mode = EST_IMPL;
	run(&f, &o);
	assert_float_equal(o.dsp, 28.8, 1e-9);
	assert_float_equal(o.lut, 6169.1776 * 0.6, 0.01);
	assert_float_equal(o.ff, 1110.156 * 0.3, 0.01);
	assert_true(o.bram18 == 15);
	fixture_release(&f);
	model_release(&m);
}

static void test_wa_rows(void **state)
{
	struct model m;
	struct est_fixture f;
	struct layer_est o;

	(void)state;
	/* wa_single_dense_train.csv: dense_96_32_10b, Resource, RF 384:
	   best_latency 385, interval 384, BRAM18 3, DSP 8. Geometry: bf = 8,
	   ROM 384 x 80 bits -> 512x36 shape, ceil(80/36) = 3. */
	fixture_init(&f, &m, dense_model(&m, 96, 32), IO_PARALLEL);
	f.k.strategy = STRATEGY_RESOURCE;
	f.k.reuse_factor = 384;
	f.k.prec[PREC_WEIGHT] = prec_of(10, 1, true);
	run(&f, &o);
	assert_true(o.dsp == 8);
	assert_true(o.bram18 == 3);
	assert_int_equal(o.ii, 384);
	assert_int_equal(o.latency, 385);
	fixture_release(&f);
	model_release(&m);

	/* dense_256_256_14b, Resource, RF 1024 (same file): DSP 64 = bf,
	   interval 1024, best_latency 1025; BRAM18 18 x ceil(896/18) = 50,
	   plus the RF > 448 extra = 51, data 51 */
	fixture_init(&f, &m, dense_model(&m, 256, 256), IO_PARALLEL);
	f.k.strategy = STRATEGY_RESOURCE;
	f.k.reuse_factor = 1024;
	f.k.prec[PREC_WEIGHT] = prec_of(14, 1, true);
	run(&f, &o);
	assert_true(o.dsp == 64);
	assert_int_equal(o.ii, 1024);
	assert_int_equal(o.latency, 1025);
	assert_true(o.bram18 == 51);
	fixture_release(&f);
	model_release(&m);
}

static void test_latency_constants(void **state)
{
	struct model m;
	struct est_fixture f;
	struct layer_est o;
	struct weight_stats ws;
	long dims[2] = { 2, 2 };
	float *v;

	(void)state;
	fixture_init(&f, &m, dense_model(&m, 2, 2), IO_PARALLEL);
	v = add_tensor(&m.layers[1], "kernel", 2, dims);
	/* ap_fixed<8,1>: row 0 = 0 (zero), 0.5 (2^-1); row 1 = 0.3 -> 38,
	   -0.3 -> -39 (steps of 1/128; 3 CSD digits each: real products) */
	v[0] = 0.0f;
	v[1] = 0.5f;
	v[2] = 0.3f;
	v[3] = -0.3f;
	m.layers[1].n_zeros = 1;
	f.k.prec[PREC_WEIGHT] = prec_of(8, 1, true);
	res_weight_stats(&m.layers[1], &f.k.prec[PREC_WEIGHT].type, &ws);
	assert_int_equal(ws.unique, 2);
	f.in.ws = &ws;
	f.in.l = &m.layers[1];

	/* RF 1: limit = 4 - 1 = 3 >= 2 products: 2 DSPs, II 1, latency 1 */
	run(&f, &o);
	assert_true(o.dsp == 2);
	assert_int_equal(o.ii, 1);
	assert_int_equal(o.latency, 1);
	assert_int_equal(o.n_mult, 2);

	/* RF 2: limit = ceil(4/2) - floor(1/2) = 2: still both, II 3,
	   latency 2 (the wa Latency rows at RF > 1 without a binding cap) */
	f.k.reuse_factor = 2;
	run(&f, &o);
	assert_true(o.dsp == 2);
	assert_int_equal(o.ii, 3);
	assert_int_equal(o.latency, 2);

	/* RF 4: limit = 1 - 0 = 1: one DSP time-multiplexed, latency
	   ceil((2 + 0.25*0)/1) = 2, II 3 */
	f.k.reuse_factor = 4;
	run(&f, &o);
	assert_true(o.dsp == 1);
	assert_int_equal(o.latency, 2);
	assert_int_equal(o.ii, 3);
	fixture_release(&f);
	model_release(&m);
}

static void test_warnings(void **state)
{
	struct model m;
	struct est_fixture f;
	struct layer_est o;

	(void)state;
	/* Latency io_parallel 128 x 64 = 8192 > 4096 multiplications */
	fixture_init(&f, &m, dense_model(&m, 128, 64), IO_PARALLEL);
	run(&f, &o);
	assert_true(o.warnings & EST_W_UNROLL);
	/* not under io_stream */
	f.d.io_type = IO_STREAM;
	run(&f, &o);
	assert_false(o.warnings & EST_W_UNROLL);
	fixture_release(&f);
	model_release(&m);

	/* Resource RF 3 on 64 x 32: 3 does not divide 64; valid 2 and 4
	   are equally near, hls4ml takes the smaller: II 2 */
	fixture_init(&f, &m, dense_model(&m, 64, 32), IO_PARALLEL);
	f.k.strategy = STRATEGY_RESOURCE;
	f.k.reuse_factor = 3;
	run(&f, &o);
	assert_true(o.warnings & EST_W_RF_CHANGED);
	assert_int_equal(o.ii, 2);
	/* Latency accepts any RF */
	f.k.strategy = STRATEGY_LATENCY;
	run(&f, &o);
	assert_false(o.warnings & EST_W_RF_CHANGED);

	/* accum: fixed<16,6> inputs and weights, 64 terms need 6 + 6 + 6 =
	   18 integer bits: fixed<16,6> warns, fixed<40,20> does not */
	assert_true(o.warnings & EST_W_WIDE_ACCUM);
	f.k.prec[PREC_ACCUM] = prec_of(40, 20, true);
	run(&f, &o);
	assert_false(o.warnings & EST_W_WIDE_ACCUM);

	/* 32-bit weights: 16 x 32 takes 2 DSP48E2 (32 on the 18 port in
	   ceil(31/17) = 2 pieces); Resource RF 64: bf 32 -> 64 DSPs */
	f.k.prec[PREC_WEIGHT] = prec_of(32, 6, true);
	f.k.strategy = STRATEGY_RESOURCE;
	f.k.reuse_factor = 64;
	run(&f, &o);
	assert_true(o.warnings & EST_W_DSP_WIDE);
	assert_true(o.dsp == 64);
	fixture_release(&f);
	model_release(&m);
}

static void test_properties(void **state)
{
	struct model m;
	struct est_fixture f;
	struct layer_est o;
	long rfs[64];
	int n_rf;

	(void)state;
	fixture_init(&f, &m, dense_model(&m, 64, 32), IO_PARALLEL);
	n_rf = reuse_valid_list(64, 32, rfs, 64);
	assert_true(n_rf > 5 && n_rf <= 64);

	/* Resource: raising RF never raises DSP */
	f.k.strategy = STRATEGY_RESOURCE;
	for (int w = 4; w <= 32; w += 4) {
		double prev = INFINITY;

		f.k.prec[PREC_WEIGHT] = prec_of(w, 2, true);
		for (int i = 0; i < n_rf; i++) {
			f.k.reuse_factor = rfs[i];
			run(&f, &o);
			assert_true(o.dsp <= prev);
			prev = o.dsp;
		}
	}
	/* BRAM monotone in weight width at every RF */
	for (int i = 0; i < n_rf; i++) {
		double prev = 0;

		f.k.reuse_factor = rfs[i];
		for (int w = 2; w <= 32; w++) {
			f.k.prec[PREC_WEIGHT] = prec_of(w, 2, true);
			run(&f, &o);
			assert_true(o.bram18 >= prev);
			prev = o.bram18;
		}
	}
	/* no NaN, no negative figure, II >= 1 for any valid knob (run
	   asserts est_sane) */
	for (int s = 0; s < 2; s++)
		for (int io = 0; io < 2; io++)
			for (int md = 0; md < 2; md++)
				for (int i = 0; i < n_rf; i++)
					for (int w = 1; w <= 40; w += 3) {
						f.k.strategy = (enum strategy)s;
						f.d.io_type = (enum io_type)io;
						f.in.mode = (enum est_mode)md;
						f.k.reuse_factor = rfs[i];
						f.k.prec[PREC_WEIGHT] =
							prec_of(w, 1, true);
						run(&f, &o);
					}
	fixture_release(&f);
	model_release(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_resource_by_hand),
		cmocka_unit_test(test_wa_rows),
		cmocka_unit_test(test_latency_constants),
		cmocka_unit_test(test_warnings),
		cmocka_unit_test(test_properties),
	};
	return cmocka_run_group_tests_name("dense", tests, NULL, NULL);
}
