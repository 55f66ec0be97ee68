/*
 * activation_test.c - the activation model (estimators/activation.c)
 * against hls4ml's synthesis baselines (../shared/groundtruth/
 * hls4ml_baselines.csv; figures copied into the comments) and values
 * worked by hand from the templates: table replication, packs in
 * io_stream, softmax's tables and multipliers, the table_small rule.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>

#include "esttest.h"
#include "testlib.h"

/* One activation layer a on n values (or an h x w x c image). */
static struct layer *one_act(struct model *m, enum layer_kind kind,
			     enum activation a, long n)
{
	struct layer *l;

	model_init(m);
	l = add_act(m, "act", "Activation", a, n);
	l->kind = kind;
	return l;
}

/* Vivado 2020.1 / Vitis 2023.1 / Vitis 2024.1, test_activations
 * [io_parallel-sigmoid]: Dense(64) + sigmoid, table 1024 x fixed<18,8>:
 * BRAM18 32 in all three. 64 values read in one cycle, two per dual-port
 * ROM -> 32 copies of a 1024 x 18 table, one BRAM18 each.
 * Latency: the design's 2 (Vivado) minus Dense+LeakyReLU's 0 -> 2.
 * LUT 64 x 16 bits x 9.06 = 9277.4 (fitted on that row), FF 64 x 16. */
static void sigmoid_parallel_anchor(void **state)
{
	struct model m;
	struct est_fixture f;
	struct layer_est o;

	(void)state;
	one_act(&m, LAYER_ACTIVATION, ACT_SIGMOID, 64);
	fixture_init(&f, &m, 0, IO_PARALLEL);
	est_activation(&f.in, &o);
	assert_int_equal(o.bram18, 32);
	assert_int_equal(o.dsp, 0);
	assert_int_equal(o.ii, 1);
	assert_int_equal(o.latency, 2);
	assert_near(o.lut, 64 * 16 * 9.06);
	assert_near(o.ff, 1024);
	assert_int_equal(o.warnings, 0);
	/* the reuse factor is ignored: one PIPELINE without II */
	f.k.reuse_factor = 4;
	est_activation(&f.in, &o);
	assert_int_equal(o.bram18, 32);
	assert_int_equal(o.ii, 1);
	fixture_release(&f);
	model_release(&m);
}

/* test_dense[io_parallel]: Dense(2) + ELU (alpha 1): BRAM18 1 in every
 * Vivado/Vitis row (2 reads, one dual-port copy); test_activations ELU on
 * 64 values: 32. Alpha 1 multiplies by nothing: latency 2. */
static void elu_tables(void **state)
{
	struct model m;
	struct est_fixture f;
	struct layer_est o;
	struct layer *l;

	(void)state;
	l = one_act(&m, LAYER_PARAM_ACTIVATION, ACT_ELU, 2);
	l->alpha = 1;
	fixture_init(&f, &m, 0, IO_PARALLEL);
	est_activation(&f.in, &o);
	assert_int_equal(o.bram18, 1);
	assert_int_equal(o.latency, 2);
	shape1(&m.layers[0].in_shape, 64);
	est_activation(&f.in, &o);
	assert_int_equal(o.bram18, 32);
	fixture_release(&f);
	model_release(&m);
}

/* test_activations[io_stream-sigmoid]: the Dense(64) stream carries one
 * pack of 64, so the table is still read 64 times per cycle: BRAM18 32
 * (all versions). II 1 pack; latency 1 + 2. An 8x8x4 image streams 64
 * packs of 4: 2 copies, II 64, latency 66. */
static void sigmoid_stream(void **state)
{
	struct model m;
	struct est_fixture f;
	struct layer_est o;

	(void)state;
	one_act(&m, LAYER_ACTIVATION, ACT_SIGMOID, 64);
	fixture_init(&f, &m, 0, IO_STREAM);
	est_activation(&f.in, &o);
	assert_int_equal(o.bram18, 32);
	assert_int_equal(o.ii, 1);
	assert_int_equal(o.latency, 3);
	shape3(&m.layers[0].in_shape, 8, 8, 4);
	est_activation(&f.in, &o);
	assert_int_equal(o.bram18, 2);
	assert_int_equal(o.ii, 64);
	assert_int_equal(o.latency, 66);
	fixture_release(&f);
	model_release(&m);
}

/* BRAM never falls when the table type widens (1..64 bits); block
 * memory (BRAM18 + 16 per 288 Kb URAM) never falls when the table grows
 * (64..65536 entries: LUTRAM, then BRAM18, then URAM past 16384). */
static void table_bram_monotone(void **state)
{
	struct model m;
	struct est_fixture f;
	struct layer_est o;
	double prev = 0;

	(void)state;
	one_act(&m, LAYER_ACTIVATION, ACT_TANH, 16);
	fixture_init(&f, &m, 0, IO_PARALLEL);
	for (int w = 1; w <= 64; w++) {
		f.k.prec[PREC_TABLE] = prec_of(w, w > 8 ? 8 : 1, true);
		est_activation(&f.in, &o);
		assert_true(est_sane(&o));
		assert_true(o.bram18 >= prev);
		prev = o.bram18;
	}
	prev = 0;
	f.k.prec[PREC_TABLE] = prec_of(18, 8, true);
	for (long t = 64; t <= 65536; t *= 2) {
		f.k.table_size = t;
		est_activation(&f.in, &o);
		assert_true(o.bram18 + 16 * o.uram >= prev);
		prev = o.bram18 + 16 * o.uram;
	}
	assert_true(o.uram > 0);
	fixture_release(&f);
	model_release(&m);
}

/* ReLU: one compare-and-select per bit, 64 x 16 x 1.58 = 1617.92 LUT
 * (Vivado 2020.1 Dense(64)+ReLU 2224 minus Dense+LeakyReLU(1) 602 = 1622),
 * latency 0, no DSP. LeakyReLU alpha 1 is the identity: nothing.
 * LeakyReLU alpha 0.3: select plus a constant multiply, 64 x 16 x (1.58
 * + 3), latency 1. */
static void comparators(void **state)
{
	struct model m;
	struct est_fixture f;
	struct layer_est o;

	(void)state;
	one_act(&m, LAYER_ACTIVATION, ACT_RELU, 64);
	fixture_init(&f, &m, 0, IO_PARALLEL);
	est_activation(&f.in, &o);
	assert_near(o.lut, 1617.92);
	assert_int_equal(o.latency, 0);
	assert_int_equal(o.ii, 1);
	assert_int_equal(o.dsp, 0);
	assert_int_equal(o.bram18, 0);
	m.layers[0].kind = LAYER_PARAM_ACTIVATION;
	m.layers[0].activation = ACT_LEAKY_RELU;
	m.layers[0].alpha = 1;
	est_activation(&f.in, &o);
	assert_near(o.lut, 0);
	assert_int_equal(o.latency, 0);
	m.layers[0].alpha = 0.3;
	est_activation(&f.in, &o);
	assert_near(o.lut, 64 * 16 * 4.58);
	assert_int_equal(o.latency, 1);
	fixture_release(&f);
	model_release(&m);
}

/* table_small: (b) tanh over [-4, 4) with 512 entries has a step of
 * 1/64; slope 1 gives 1/64 > 2^-7 while fixed<16,6> resolves 2^-10:
 * warned; 1024 entries (1/128, not above 2^-7) pass; a coarse input
 * fixed<8,6> (step 1/4) passes at 512. (a) softplus does not saturate:
 * fixed<16,6> reaches 32 > 8: warned; fixed<8,4> stays in [-8, 8) and
 * resolves 1/16, coarser than the table: passes. Default sigmoid
 * (0.25 x 16/1024 = 2^-8) passes. */
static void table_small_rule(void **state)
{
	struct model m;
	struct est_fixture f;
	struct layer_est o;

	(void)state;
	one_act(&m, LAYER_ACTIVATION, ACT_TANH, 8);
	fixture_init(&f, &m, 0, IO_PARALLEL);
	f.k.table_size = 512;
	est_activation(&f.in, &o);
	assert_int_equal(o.warnings, EST_W_TABLE_SMALL);
	f.k.table_size = 1024;
	est_activation(&f.in, &o);
	assert_int_equal(o.warnings, 0);
	f.k.table_size = 512;
	f.in.in_type = prec_of(8, 6, true);
	est_activation(&f.in, &o);
	assert_int_equal(o.warnings, 0);
	m.layers[0].activation = ACT_SOFTPLUS;
	f.k.table_size = 1024;
	f.in.in_type = prec_of(16, 6, true);
	est_activation(&f.in, &o);
	assert_int_equal(o.warnings, EST_W_TABLE_SMALL);
	f.in.in_type = prec_of(8, 4, true);
	est_activation(&f.in, &o);
	assert_int_equal(o.warnings, 0);
	m.layers[0].activation = ACT_SIGMOID;
	f.in.in_type = prec_of(16, 6, true);
	est_activation(&f.in, &o);
	assert_int_equal(o.warnings, 0);
	fixture_release(&f);
	model_release(&m);
}

/* Softmax on 10 values, io_parallel, tables 1024 x 18 (one BRAM18 each):
 *  stable: 5 exp copies + 1 inverse = 6 BRAM18; 10 multipliers of
 *    18 x 18 (one DSP48E2 each); latency (4 + 1) max and subtract +
 *    2 + 2 table reads + 4 adder tree + 3 multiply = 16.
 *  latency: same tables, 11 cycles.
 *  argmax: no table, no multiplier, 4 cycles (comparator tree).
 * io_stream, RF 2: ceil(10/2) = 5 multipliers, II 10/5 = 2. */
static void softmax_impls(void **state)
{
	struct model m;
	struct est_fixture f;
	struct layer_est o;

	(void)state;
	one_act(&m, LAYER_SOFTMAX, ACT_SOFTMAX, 10);
	fixture_init(&f, &m, 0, IO_PARALLEL);
	est_activation(&f.in, &o);
	assert_int_equal(o.bram18, 6);
	assert_int_equal(o.dsp, 10);
	assert_int_equal(o.n_mult, 10);
	assert_int_equal(o.latency, 16);
	f.k.implementation = SOFTMAX_LATENCY;
	est_activation(&f.in, &o);
	assert_int_equal(o.bram18, 6);
	assert_int_equal(o.latency, 11);
	f.k.implementation = SOFTMAX_ARGMAX;
	est_activation(&f.in, &o);
	assert_int_equal(o.bram18, 0);
	assert_int_equal(o.dsp, 0);
	assert_int_equal(o.latency, 4);
	f.k.implementation = SOFTMAX_STABLE;
	f.d.io_type = IO_STREAM;
	f.k.reuse_factor = 2;
	est_activation(&f.in, &o);
	assert_int_equal(o.n_mult, 5);
	assert_int_equal(o.ii, 2);
	fixture_release(&f);
	model_release(&m);
}

/* test_activations[io_parallel-PReLU] with alphas zeros[64]: DSP and LUT
 * as ReLU (Vivado 2256 vs 2224). Zero alphas fold: no multiplier,
 * latency 0, LUT as relu. Alphas not known: 64 multipliers of 16 x 16,
 * one DSP each, latency 3. */
static void prelu_alphas(void **state)
{
	struct model m;
	struct est_fixture f;
	struct layer_est o;
	struct weight_stats ws = { .n = 64, .zeros = 64, .known = true };

	(void)state;
	one_act(&m, LAYER_PRELU, ACT_PRELU, 64);
	fixture_init(&f, &m, 0, IO_PARALLEL);
	f.in.ws = &ws;
	est_activation(&f.in, &o);
	assert_int_equal(o.dsp, 0);
	assert_int_equal(o.latency, 0);
	assert_near(o.lut, 1617.92);
	f.in.ws = NULL;
	est_activation(&f.in, &o);
	assert_int_equal(o.dsp, 64);
	assert_int_equal(o.n_mult, 64);
	assert_int_equal(o.latency, 3);
	fixture_release(&f);
	model_release(&m);
}

/* No NaN or negative figure for any activation, io type, RF, table size
 * and softmax implementation. */
static void sweep_sane(void **state)
{
	struct model m;
	struct est_fixture f;
	struct layer_est o;

	(void)state;
	one_act(&m, LAYER_ACTIVATION, ACT_RELU, 1);
	fixture_init(&f, &m, 0, IO_PARALLEL);
	/* every combination of activation (14), io type (2), RF 1/4/16/64,
	   table size 1/8/../4096 (5), implementation (4), shape (3) */
	for (long i = 0; i < ACT_COUNT * 2 * 4 * 5 * 4 * 3; i++) {
		long r = i;
		int a = (int)(r % ACT_COUNT), n;

		r /= ACT_COUNT;
		f.d.io_type = (enum io_type)(r % 2);
		r /= 2;
		f.k.reuse_factor = 1L << (2 * (r % 4));
		r /= 4;
		f.k.table_size = 1L << (3 * (r % 5));
		r /= 5;
		f.k.implementation = (enum softmax_impl)(r % 4);
		n = (int)(r / 4) + 1;
		m.layers[0].activation = a;
		m.layers[0].kind = a == ACT_SOFTMAX ? LAYER_SOFTMAX :
			a == ACT_PRELU ? LAYER_PRELU : LAYER_ACTIVATION;
		shape3(&m.layers[0].in_shape, n, 1, 2 * n - 1);
		est_activation(&f.in, &o);
		assert_true(est_sane(&o));
	}
	fixture_release(&f);
	model_release(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sigmoid_parallel_anchor),
		cmocka_unit_test(elu_tables),
		cmocka_unit_test(sigmoid_stream),
		cmocka_unit_test(table_bram_monotone),
		cmocka_unit_test(comparators),
		cmocka_unit_test(table_small_rule),
		cmocka_unit_test(softmax_impls),
		cmocka_unit_test(prelu_alphas),
		cmocka_unit_test(sweep_sane),
	};

	return cmocka_run_group_tests_name("activation", tests, NULL, NULL);
}
