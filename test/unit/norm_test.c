/*
 * norm_test.c - the BatchNormalization model (estimators/norm.c): values
 * worked by hand from hls4ml's nnet_batchnorm templates (ALLOCATION of
 * ceil(n/RF) multipliers, II RF; per pack in io_stream), constant scales
 * that fold, and hls4ml's bn_fuse rule. No hls4ml baseline has a
 * BatchNormalization.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "esttest.h"
#include "testlib.h"

/* A BatchNormalization on n values (1-D) fed by layer 0 when dense. */
static struct layer *add_bn(struct model *m, long n, bool after_dense)
{
	struct layer *l;

	model_init(m);
	if (after_dense)
		add_dense_cls(m, "fc1", "Dense", 8, n);
	l = model_add_layer(m, "bn", "BatchNormalization", LAYER_BATCHNORM);
	shape1(&l->in_shape, n);
	shape1(&l->out_shape, n);
	l->epsilon = 0;
	if (after_dense) {
		l->inputs = xmalloc(sizeof(int));
		l->inputs[0] = 0;
		l->n_inputs = 1;
	}
	return l;
}

/* 16 values, no weights, io_parallel: 16 multipliers 16 x 16 (one DSP
 * each), 16 bias adders of 16 bits (256 LUT), 16 x 16 output register
 * FF, latency 3, II 1. RF 4: ceil(16/4) = 4 multipliers, II 4, latency
 * 3 + 3. */
static void plain(void **state)
{
	struct model m;
	struct est_fixture f;
	struct layer_est o;

	(void)state;
	add_bn(&m, 16, false);
	fixture_init(&f, &m, 0, IO_PARALLEL);
	est_norm(&f.in, &o);
	assert_int_equal(o.dsp, 16);
	assert_int_equal(o.n_mult, 16);
	assert_near(o.lut, 256);
	assert_near(o.ff, 256);
	assert_int_equal(o.latency, 3);
	assert_int_equal(o.ii, 1);
	f.k.reuse_factor = 4;
	est_norm(&f.in, &o);
	assert_int_equal(o.n_mult, 4);
	assert_int_equal(o.dsp, 4);
	assert_int_equal(o.ii, 4);
	assert_int_equal(o.latency, 6);
	fixture_release(&f);
	model_release(&m);
}

/* Scales gamma / sqrt(1 + 0) = 1, 0.5, 0.75, 0.3 in fixed<16,6> (LSB
 * 2^-10): 1024 and 512 are powers of two (free); 768 = 1024 - 256, two
 * CSD digits (an adder); 307 = 256 + 64 - 16 + 4 - 1 (a multiplier).
 * On 2x4 values: 2 multipliers (one DSP each: 16 x 12 bits, 1024 needs
 * 11 bits and a sign), 2 shift-adds of 16 + 12 bits, 8 bias adders:
 * LUT 2 x 28 + 8 x 16 = 184. */
static void constant_scales(void **state)
{
	struct model m;
	struct est_fixture f;
	struct layer_est o;
	struct layer *l;
	long dims[1] = { 4 };
	float *g, *v;

	(void)state;
	l = add_bn(&m, 4, false);
	shape3(&l->in_shape, 1, 2, 4);
	g = add_tensor(l, "gamma", 1, dims);
	v = add_tensor(l, "moving_variance", 1, dims);
	g[0] = 1;
	g[1] = 0.5f;
	g[2] = 0.75f;
	g[3] = 0.3f;
	for (int i = 0; i < 4; i++)
		v[i] = 1;
	fixture_init(&f, &m, 0, IO_PARALLEL);
	est_norm(&f.in, &o);
	assert_int_equal(o.n_mult, 2);
	assert_int_equal(o.dsp, 2);
	assert_near(o.lut, 184);
	fixture_release(&f);
	model_release(&m);
}

/* bn_fuse: after a Dense whose result type is not set the layer is folded
 * (nothing); setting fc1's precision.result keeps it (16 DSPs). */
static void fused(void **state)
{
	struct model m;
	struct est_fixture f;
	struct layer_est o;
	struct layer_knobs *lk;

	(void)state;
	add_bn(&m, 16, true);
	fixture_init(&f, &m, 1, IO_PARALLEL);
	est_norm(&f.in, &o);
	assert_int_equal(o.dsp, 0);
	assert_near(o.lut, 0);
	assert_int_equal(o.latency, 0);
	assert_int_equal(o.ii, 1);
	lk = design_layer(&f.d, "fc1", true);
	lk->prec[PREC_RESULT] = prec_of(16, 6, true);
	est_norm(&f.in, &o);
	assert_int_equal(o.dsp, 16);
	fixture_release(&f);
	model_release(&m);
}

/* io_stream on 4x4x8, RF 2: packs of 8, limit ceil(8/2) = 4 multipliers,
 * 2 cycles a pack -> II 32, latency 3 + 32. */
static void stream(void **state)
{
	struct model m;
	struct est_fixture f;
	struct layer_est o;
	struct layer *l;

	(void)state;
	l = add_bn(&m, 8, false);
	shape3(&l->in_shape, 4, 4, 8);
	fixture_init(&f, &m, 0, IO_STREAM);
	f.k.reuse_factor = 2;
	est_norm(&f.in, &o);
	assert_int_equal(o.n_mult, 4);
	assert_int_equal(o.ii, 32);
	assert_int_equal(o.latency, 35);
	for (long rf = 1; rf <= 64; rf++) {
		f.k.reuse_factor = rf;
		f.d.io_type = (enum io_type)(rf % 2);
		est_norm(&f.in, &o);
		assert_true(est_sane(&o));
	}
	fixture_release(&f);
	model_release(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(plain),
		cmocka_unit_test(constant_scales),
		cmocka_unit_test(fused),
		cmocka_unit_test(stream),
	};

	return cmocka_run_group_tests_name("norm", tests, NULL, NULL);
}
