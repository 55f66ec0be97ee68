/*
 * conv_test.c - the convolution model (estimators/conv.c) against hls4ml's
 * synthesis baselines (../shared/groundtruth/hls4ml_baselines.csv, copied
 * into the comments: they are csynth reports of the hls4ml pytest models)
 * and against values worked by hand from the templates' loop structure.
 * Weights are drawn here with the baselines' initialisers (the baselines'
 * own weights are unseeded), so DSP is held to hls4ml's CI tolerance (10 %).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>

#include "core/reuse.h"
#include "esttest.h"

/* Appends a conv layer of kind kind: in (h x w x c, h 0 for 1-D) ->
 * filters, kernel kh x kw, stride s, padding pad. */
static struct layer *add_conv(struct model *m, enum layer_kind kind,
			      long h, long w, long c, long filters, int kh,
			      int kw, int s, enum padding pad)
{
	struct layer *l = model_add_layer(m, "conv", "Conv", kind);
	bool dw = kind == LAYER_DEPTHWISE_CONV1D ||
		kind == LAYER_DEPTHWISE_CONV2D;
	long oh, ow, f = dw ? c : filters;

	if (pad == PAD_SAME) {
		oh = (h + s - 1) / s;
		ow = (w + s - 1) / s;
	} else {
		oh = (h - kh) / s + 1;
		ow = (w - kw) / s + 1;
	}
	if (h > 0) {
		l->in_shape = (struct shape){ 3, { h, w, c } };
		l->out_shape = (struct shape){ 3, { oh, ow, f } };
		l->kernel[0] = kh;
		l->strides[0] = s;
	} else {
		l->in_shape = (struct shape){ 2, { w, c } };
		l->out_shape = (struct shape){ 2, { ow, f } };
		l->kernel[0] = 1;
		l->strides[0] = 1;
	}
	l->kernel[1] = kw;
	l->strides[1] = s;
	l->padding = pad;
	l->filters = f;
	l->depth_multiplier = 1;
	l->use_bias = true;
	return l;
}

/* Vivado 2020.1 and Vitis 2024.1, test_conv2d[io_parallel-*-Resource-
 * same]: Conv2D(32, 4x4, strides 4, 'same') on 28x28x3, kernel
 * RandomNormal(0, 0.05), fixed<16,6>, RF 1, PF 1.
 *   Vivado: II 49, latency 51/52, DSP 740, LUT 86819, FF 52870
 *   Vitis:  II 53, latency 52,    DSP 792, LUT 75413, FF 33150
 * By hand: 7x7 = 49 partitions of one pixel, RF 1 -> II 49, latency
 * 49 + 2. N = 4*4*3*32 = 1536 products per pixel; with these weights
 * 708 need a multiplier (3+ CSD digits, distinct per input), each 16 x 9
 * bits: one DSP. */
static void conv2d_resource_anchor(void **state)
{
	struct model m;
	struct est_fixture f;
	struct layer_est o;
	long dims[4] = { 4, 4, 3, 32 };
	struct weight_stats ws;
	struct layer *l;

	(void)state;
	model_init(&m);
	l = add_conv(&m, LAYER_CONV2D, 28, 28, 3, 32, 4, 4, 4, PAD_SAME);
	l->use_bias = false;
	normal_fill(add_tensor(l, "kernel", 4, dims), 1536, 0.05, 42);
	fixture_init(&f, &m, 0, IO_PARALLEL);
	res_weight_stats(l, &f.k.prec[PREC_WEIGHT].type, &ws);
	f.in.ws = &ws;
	f.k.strategy = STRATEGY_RESOURCE;
	est_conv(&f.in, &o);
	assert_int_equal(o.ii, 49);
	assert_int_equal(o.latency, 51);
	assert_true(o.dsp >= 740 * 0.9 && o.dsp <= 792 * 1.1);
	assert_int_equal(o.n_mult, ws.unique);
	/* LUT and FF per adder bit were fitted on the Vivado row; the FF
	   there include the top level's input register, 28*28*3*16 + 2 */
	assert_true(fabs(o.lut - 86819) <= 0.02 * 86819);
	assert_true(fabs(o.ff + 37634 - 52870) <= 0.02 * 52870);
	assert_int_equal(o.bram18, 0);
	/* fixed<16,6> accumulates products with 12 integer bits */
	assert_int_equal(o.warnings, EST_W_WIDE_ACCUM);
	assert_true(est_sane(&o));
	print_message("# conv2d anchor: dsp %.0f lut %.0f ff %.0f\n", o.dsp,
		      o.lut, o.ff);
	fixture_release(&f);
	model_release(&m);
}

/* U(-lim, lim) kernel values from the same generator. */
static void uniform_fill(float *v, long n, double lim, uint64_t seed)
{
	normal_fill(v, n, 1, seed);
	for (long i = 0; i < n; i++)
		v[i] = (float)(lim * erf(v[i] / sqrt(2.0)));
}

/* Vivado 2020.1 and Vitis 2024.1, test_depthwise2d[io_stream]:
 * DepthwiseConv2D(3x3) on 32x32x3, valid, fixed<32,12> (accum/result
 * 'auto' = fixed<69,29>), glorot_uniform (limit sqrt(6/36) = 0.408).
 *   Vivado: II 1029, latency 1028, DSP 54; Vitis: II 1029, latency 1028,
 *   DSP 18.
 * By hand: 32*32 input pixels at RF 1 plus 5 -> 1029; latency II - 1;
 * 3*3*3 = 27 products, each a multiplier (distinct random values). */
static void depthwise2d_stream_anchor(void **state)
{
	struct model m;
	struct est_fixture f;
	struct layer_est o;
	long dims[4] = { 3, 3, 3, 1 };
	struct weight_stats ws;
	struct layer *l;

	(void)state;
	model_init(&m);
	l = add_conv(&m, LAYER_DEPTHWISE_CONV2D, 32, 32, 3, 0, 3, 3, 1,
		     PAD_VALID);
	uniform_fill(add_tensor(l, "depthwise_kernel", 4, dims), 27, 0.408, 7);
	fixture_init(&f, &m, 0, IO_STREAM);
	for (int s = 0; s < PREC_COUNT; s++)
		f.k.prec[s] = prec_of(32, 12, true);
	f.k.prec[PREC_ACCUM] = prec_of(69, 29, true);
	f.k.prec[PREC_RESULT] = prec_of(69, 29, true);
	f.in.in_type = prec_of(32, 12, true);
	res_weight_stats(l, &f.k.prec[PREC_WEIGHT].type, &ws);
	f.in.ws = &ws;
	est_conv(&f.in, &o);
	assert_int_equal(o.ii, 1029);
	assert_int_equal(o.latency, 1028);
	assert_int_equal(o.n_mult, 27);
	/* 32 x ~20 bits: 2 DSP48E2 each (res_mult), hence dsp_wide; the
	   'auto' accumulator has room (29 >= 12 + 0 + ceil(log2 9)) */
	assert_true(o.dsp >= 54 * 0.9 && o.dsp <= 54 * 1.1);
	assert_int_equal(o.warnings, EST_W_DSP_WIDE);
	/* 2*3 shift registers of 32 x 32 bits: SRL LUTs */
	assert_int_equal(o.bram18, 0);
	print_message("# depthwise2d anchor: dsp %.0f lut %.0f ff %.0f\n",
		      o.dsp, o.lut, o.ff);
	fixture_release(&f);
	model_release(&m);
}

/* Vivado 2020.1 and Vitis 2024.1, test_depthwise1d[io_stream]:
 * DepthwiseConv1D(3) on 32x3, fixed<16,6> (auto accum fixed<35,15>).
 *   Vivado: II 36, latency 35, DSP 8; Vitis: II 36, latency 35, DSP 9.
 * By hand: 32 pixels + 4 = 36; 3*3 = 9 multipliers of 16 x 16 bits, one
 * DSP each. */
static void depthwise1d_stream_anchor(void **state)
{
	struct model m;
	struct est_fixture f;
	struct layer_est o;
	long dims[3] = { 3, 3, 1 };
	struct weight_stats ws;
	struct layer *l;

	(void)state;
	model_init(&m);
	l = add_conv(&m, LAYER_DEPTHWISE_CONV1D, 0, 32, 3, 0, 1, 3, 1,
		     PAD_VALID);
	uniform_fill(add_tensor(l, "depthwise_kernel", 3, dims), 9, 0.5, 11);
	fixture_init(&f, &m, 0, IO_STREAM);
	f.k.prec[PREC_ACCUM] = prec_of(35, 15, true);
	res_weight_stats(l, &f.k.prec[PREC_WEIGHT].type, &ws);
	f.in.ws = &ws;
	est_conv(&f.in, &o);
	assert_int_equal(o.ii, 36);
	assert_int_equal(o.latency, 35);
	assert_int_equal(o.n_mult, 9);
	assert_true(o.dsp == 9);
	assert_int_equal(o.warnings, 0);
	fixture_release(&f);
	model_release(&m);
}

/* 'same' in io_stream streams the padded image: 8x8x2 -> 4 filters 3x3
 * same pads to 10x10 -> II 100 + 5; latency 104. */
static void stream_same_padding(void **state)
{
	struct model m;
	struct est_fixture f;
	struct layer_est o;

	(void)state;
	model_init(&m);
	add_conv(&m, LAYER_CONV2D, 8, 8, 2, 4, 3, 3, 1, PAD_SAME);
	fixture_init(&f, &m, 0, IO_STREAM);
	est_conv(&f.in, &o);
	assert_int_equal(o.ii, 105);
	assert_int_equal(o.latency, 104);
	/* no weights: 3*3*2*4 = 72 multipliers at RF 1 */
	assert_int_equal(o.n_mult, 72);
	assert_int_equal(o.dsp, 72);
	/* Latency RF 2: 36 multipliers, 2 cycles a pixel */
	f.k.reuse_factor = 2;
	est_conv(&f.in, &o);
	assert_int_equal(o.n_mult, 36);
	assert_int_equal(o.ii, 205);
	fixture_release(&f);
	model_release(&m);
}

/* Conv2D 14x14x4 -> 8 filters 3x3 valid (12x12 = 144 pixels), no
 * weights, Latency io_parallel, N = 3*3*4*8 = 288.
 *  PF 1, RF 1: 144 partitions x 1 -> II 144, 288 multipliers.
 *  PF 4, Vitis (cap per pixel, 4*288): 36 partitions at II 1 -> II 36,
 *    1152 multipliers.
 *  PF 4, Vivado (one ALLOCATION of 288 for the 4 pixels): each
 *    partition needs 1152/288 = 4 cycles -> II 144, 288 multipliers.
 *  PF 5 is not a divisor of 144: hls4ml takes 4 (nearest, tie smaller),
 *    warns rf_invalid. */
static void latency_parallelization(void **state)
{
	struct model m;
	struct est_fixture f;
	struct layer_est o;

	(void)state;
	model_init(&m);
	add_conv(&m, LAYER_CONV2D, 14, 14, 4, 8, 3, 3, 1, PAD_VALID);
	fixture_init(&f, &m, 0, IO_PARALLEL);
	est_conv(&f.in, &o);
	assert_int_equal(o.ii, 144);
	assert_int_equal(o.latency, 146);
	assert_int_equal(o.n_mult, 288);
	f.k.parallelization_factor = 4;
	est_conv(&f.in, &o);
	assert_int_equal(o.ii, 36);
	assert_int_equal(o.n_mult, 1152);
	assert_int_equal(o.warnings, EST_W_WIDE_ACCUM);
	free(f.d.backend);
	f.d.backend = xstrdup("vivado");
	est_conv(&f.in, &o);
	assert_int_equal(o.ii, 144);
	assert_int_equal(o.n_mult, 288);
	f.k.parallelization_factor = 5;
	est_conv(&f.in, &o);
	assert_int_equal(o.ii, 144);
	assert_true(o.warnings & EST_W_RF_CHANGED);
	fixture_release(&f);
	model_release(&m);
}

/* Resource, io_parallel, the anchor's geometry without weights
 * (n_in = 48, n_out = 32):
 *  RF 4: 49 partitions x (4 + 2) = 294; ceil(1536/4) = 384 multipliers;
 *    ROM of 4 words x 384*16 bits.
 *  RF 5 is invalid; valid neighbours 4 and 6 tie -> 4, rf_invalid.
 *  RF 96 = 2*48 is valid but > K*C = 48: the C++ asserts (conv_rf). */
static void resource_reuse(void **state)
{
	struct model m;
	struct est_fixture f;
	struct layer_est o, o4;

	(void)state;
	model_init(&m);
	add_conv(&m, LAYER_CONV2D, 28, 28, 3, 32, 4, 4, 4, PAD_VALID);
	fixture_init(&f, &m, 0, IO_PARALLEL);
	f.k.strategy = STRATEGY_RESOURCE;
	f.k.reuse_factor = 4;
	est_conv(&f.in, &o4);
	assert_int_equal(o4.ii, 294);
	assert_int_equal(o4.n_mult, 384);
	assert_int_equal(o4.warnings, EST_W_WIDE_ACCUM);
	f.k.reuse_factor = 5;
	est_conv(&f.in, &o);
	assert_int_equal(o.ii, 294);
	assert_int_equal(o.warnings, EST_W_RF_CHANGED | EST_W_WIDE_ACCUM);
	f.k.reuse_factor = 96;
	est_conv(&f.in, &o);
	assert_int_equal(o.warnings, EST_W_CONV_RF | EST_W_WIDE_ACCUM);
	assert_int_equal(o.n_mult, 16);
	fixture_release(&f);
	model_release(&m);
}

/* Over 4096 unrolled products in io_parallel Latency:
 * 3*3*32*32 = 9216 -> unroll; Resource RF 9 unrolls 1024 per cycle. */
static void unroll_warning(void **state)
{
	struct model m;
	struct est_fixture f;
	struct layer_est o;

	(void)state;
	model_init(&m);
	add_conv(&m, LAYER_CONV2D, 10, 10, 32, 32, 3, 3, 1, PAD_VALID);
	fixture_init(&f, &m, 0, IO_PARALLEL);
	est_conv(&f.in, &o);
	assert_true(o.warnings & EST_W_UNROLL);
	f.k.strategy = STRATEGY_RESOURCE;
	f.k.reuse_factor = 9;
	est_conv(&f.in, &o);
	assert_false(o.warnings & EST_W_UNROLL);
	assert_int_equal(o.n_mult, 1024);
	fixture_release(&f);
	model_release(&m);
}

/* SeparableConv1D(8, 3) on 16x4, no weights, Latency RF 1:
 * depthwise 3*4 = 12 multipliers, 14 pixels -> II 14, latency 16;
 * pointwise 4*8 = 32 multipliers, II 14, latency 16.
 * Total 44 multipliers, II 14, latency 32. */
static void separable_chain(void **state)
{
	struct model m;
	struct est_fixture f;
	struct layer_est o;
	struct layer *l;

	(void)state;
	model_init(&m);
	l = add_conv(&m, LAYER_SEPARABLE_CONV1D, 0, 16, 4, 8, 1, 3, 1,
		     PAD_VALID);
	l->out_shape.dim[1] = 8;
	l->filters = 8;
	fixture_init(&f, &m, 0, IO_PARALLEL);
	est_conv(&f.in, &o);
	assert_int_equal(o.n_mult, 44);
	assert_int_equal(o.dsp, 44);
	assert_int_equal(o.ii, 14);
	assert_int_equal(o.latency, 32);
	fixture_release(&f);
	model_release(&m);
}

/* Raising RF in Resource conv never raises DSP and never lowers II, over
 * every valid RF, with and without loaded weights. With weights, RF 1
 * folds the constant kernel (fewer DSPs than products) while RF > 1 reads
 * it from a ROM, so the property holds from RF 2 upward. */
static void resource_rf_monotone(void **state)
{
	struct model m;
	struct est_fixture f;
	struct layer_est o;
	long rfs[64], dims[4] = { 3, 3, 6, 16 };
	struct weight_stats ws;
	int n = reuse_valid_list(54, 16, rfs, 64);

	(void)state;
	model_init(&m);
	add_conv(&m, LAYER_CONV2D, 12, 12, 6, 16, 3, 3, 1, PAD_VALID);
	fixture_init(&f, &m, 0, IO_PARALLEL);
	f.k.strategy = STRATEGY_RESOURCE;
	for (int pass = 0; pass < 2; pass++) {
		double prev_dsp = INFINITY;
		long prev_ii = 0;

		if (pass == 1) {
			normal_fill(add_tensor(&m.layers[0], "kernel", 4, dims),
				    864, 0.05, 3);
			res_weight_stats(&m.layers[0],
					 &f.k.prec[PREC_WEIGHT].type, &ws);
			f.in.ws = &ws;
		}
		for (int i = pass; i < n && i < 64; i++) {
			f.k.reuse_factor = rfs[i];
			est_conv(&f.in, &o);
			assert_true(est_sane(&o));
			assert_true(o.dsp <= prev_dsp);
			assert_true(o.ii >= prev_ii);
			prev_dsp = o.dsp;
			prev_ii = o.ii;
		}
	}
	fixture_release(&f);
	model_release(&m);
}

/* No NaN, no negative figure for any valid knob on every conv kind. */
static void sweep_sane(void **state)
{
	static const enum layer_kind kinds[] = {
		LAYER_CONV1D, LAYER_CONV2D, LAYER_DEPTHWISE_CONV1D,
		LAYER_DEPTHWISE_CONV2D, LAYER_SEPARABLE_CONV1D,
		LAYER_SEPARABLE_CONV2D,
	};

	(void)state;
	for (size_t ki = 0; ki < sizeof(kinds) / sizeof(kinds[0]); ki++) {
		struct model m;
		struct est_fixture f;
		struct layer_est o;
		bool one_d = kinds[ki] == LAYER_CONV1D ||
			kinds[ki] == LAYER_DEPTHWISE_CONV1D ||
			kinds[ki] == LAYER_SEPARABLE_CONV1D;
		struct layer *l;
		long ni, no, rfs[256], px;
		int nrf;

		model_init(&m);
		l = add_conv(&m, kinds[ki], one_d ? 0 : 9, 9, 3, 4, 3, 3, 1,
			     PAD_SAME);
		assert_true(layer_mult_size(l, &ni, &no));
		nrf = reuse_valid_list(ni, no, rfs, 256);
		px = layer_out_pixels(l);
		fixture_init(&f, &m, 0, IO_PARALLEL);
		for (int io = 0; io < 2; io++)
			for (int st = 0; st < 2; st++)
				for (int r = 0; r < nrf && r < 256; r++)
					for (long pf = 1; pf <= px; pf++) {
						if (px % pf)
							continue;
						f.d.io_type = io;
						f.k.strategy = st;
						f.k.reuse_factor = rfs[r];
						f.k.parallelization_factor = pf;
						est_conv(&f.in, &o);
						assert_true(est_sane(&o));
					}
		fixture_release(&f);
		model_release(&m);
	}
}

/* A conv with a shape that makes no sense is reported, not estimated. */
static void bad_shape_unsupported(void **state)
{
	struct model m;
	struct est_fixture f;
	struct layer_est o;
	struct layer *l;

	(void)state;
	model_init(&m);
	l = add_conv(&m, LAYER_CONV2D, 8, 8, 2, 4, 3, 3, 1, PAD_VALID);
	l->in_shape.ndim = 1;
	fixture_init(&f, &m, 0, IO_PARALLEL);
	est_conv(&f.in, &o);
	assert_int_equal(o.warnings, EST_W_UNSUPPORTED);
	assert_true(est_sane(&o));
	assert_int_equal(o.dsp, 0);
	fixture_release(&f);
	model_release(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(conv2d_resource_anchor),
		cmocka_unit_test(depthwise2d_stream_anchor),
		cmocka_unit_test(depthwise1d_stream_anchor),
		cmocka_unit_test(stream_same_padding),
		cmocka_unit_test(latency_parallelization),
		cmocka_unit_test(resource_reuse),
		cmocka_unit_test(unroll_warning),
		cmocka_unit_test(separable_chain),
		cmocka_unit_test(resource_rf_monotone),
		cmocka_unit_test(sweep_sane),
		cmocka_unit_test(bad_shape_unsupported),
	};

	return cmocka_run_group_tests_name("conv", tests, NULL, NULL);
}
