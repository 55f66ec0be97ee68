/*
 * pool_test.c - the pooling model (estimators/pool.c) against hls4ml's
 * test_pooling baselines (../shared/groundtruth/hls4ml_baselines.csv,
 * io_parallel, RF 1, fixed<16,6>; figures copied into the comments) and
 * values worked by hand from the templates (ALLOCATION of outputs/RF
 * pool_ops, line buffer in io_stream, global reductions).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>

#include "esttest.h"
#include "testlib.h"

/* Pooling layer: in (h x w x c, h 0 for 1-D), pool p x p stride p. */
static struct layer *add_pool(struct model *m, enum pool_op op, long h,
			      long w, long c, int p, enum padding pad)
{
	struct layer *l;
	long oh = pad == PAD_SAME ? (h + p - 1) / p : (h - p) / p + 1;
	long ow = pad == PAD_SAME ? (w + p - 1) / p : (w - p) / p + 1;

	model_init(m);
	l = model_add_layer(m, "pool", "Pooling",
			    h ? LAYER_POOL2D : LAYER_POOL1D);
	l->pool_op = op;
	l->padding = pad;
	l->pool[0] = h ? p : 1;
	l->strides[0] = h ? p : 1;
	l->pool[1] = p;
	l->strides[1] = p;
	if (h) {
		shape3(&l->in_shape, h, w, c);
		shape3(&l->out_shape, oh, ow, c);
	} else {
		l->in_shape = (struct shape){ 2, { w, c } };
		l->out_shape = (struct shape){ 2, { ow, c } };
	}
	return l;
}

static void vivado(struct est_fixture *f)
{
	free(f->d.backend);
	f->d.backend = xstrdup("vivado");
}

/* MaxPooling1D(2) on 121x3 valid -> 60x3 = 180 outputs, one comparator
 * of 16 bits each: 180 x 16 x 1.83 = 5270.4 LUT (Vivado 2020.1: 5258,
 * latency 0, II 1; Vitis 2024.1: 7058). RF 3: 60 pool_ops, II 3,
 * latency 2. */
static void max1d_valid(void **state)
{
	struct model m;
	struct est_fixture f;
	struct layer_est o;

	(void)state;
	add_pool(&m, POOL_MAX, 0, 121, 3, 2, PAD_VALID);
	fixture_init(&f, &m, 0, IO_PARALLEL);
	est_pool(&f.in, &o);
	assert_near(o.lut, 5270.4);
	assert_int_equal(o.latency, 0);
	assert_int_equal(o.ii, 1);
	assert_int_equal(o.dsp, 0);
	assert_int_equal(o.bram18, 0);
	f.k.reuse_factor = 3;
	est_pool(&f.in, &o);
	assert_near(o.lut, 60 * 16 * 1.83);
	assert_int_equal(o.ii, 3);
	assert_int_equal(o.latency, 2);
	fixture_release(&f);
	model_release(&m);
}

/* AveragePooling1D(2) on 121x3:
 *  valid: 180 adders of 17 bits (x 1.365) = 4176.9 LUT, latency 0
 *    (Vivado 2020.1 and Vitis 2024.1: 4178, latency 0).
 *  same (61x3, one column of padding), Vivado: a divider per output:
 *    183 x (17 x 1.365 + 16 x 29.1) = 89451.315 LUT, FF 183 x 16 x 44.9 =
 *    131467.2, latency 21 (Vivado 2020.1: 89529 LUT, FF 137178 with the
 *    5810 input register, latency 21).
 *  same, Vitis: no divider: 183 x 23.205 LUT, latency 0 (Vitis 2024.1:
 *    4178, latency 0). */
static void avg1d(void **state)
{
	struct model m;
	struct est_fixture f;
	struct layer_est o;

	(void)state;
	add_pool(&m, POOL_AVERAGE, 0, 121, 3, 2, PAD_VALID);
	fixture_init(&f, &m, 0, IO_PARALLEL);
	vivado(&f);
	est_pool(&f.in, &o);
	assert_near(o.lut, 4176.9);
	assert_int_equal(o.latency, 0);
	fixture_release(&f);
	model_release(&m);

	add_pool(&m, POOL_AVERAGE, 0, 121, 3, 2, PAD_SAME);
	fixture_init(&f, &m, 0, IO_PARALLEL);
	vivado(&f);
	est_pool(&f.in, &o);
	assert_near(o.lut, 89451.315);
	assert_near(o.ff, 131467.2);
	assert_int_equal(o.latency, 21);
	assert_int_equal(o.ii, 1);
	free(f.d.backend);
	f.d.backend = xstrdup("vitis");
	est_pool(&f.in, &o);
	assert_near(o.lut, 183 * 23.205);
	assert_int_equal(o.latency, 0);
	fixture_release(&f);
	model_release(&m);
}

/* Pooling2D(2x2) on 18x15x3:
 *  MaxPooling2D valid -> 9x7x3 = 189 outputs x 3 comparators x 16 x 1.83
 *    = 16601.76 LUT (Vivado 2020.1: 17804), latency 0.
 *  AveragePooling2D same -> 9x8x3 = 216 outputs (one padded column),
 *    Vivado: 216 x (3 x 18 x 1.365 + 16 x 29.1) = 116490.96 LUT, latency
 *    21 (Vivado 2020.1: 112578, latency 21). */
static void pool2d(void **state)
{
	struct model m;
	struct est_fixture f;
	struct layer_est o;

	(void)state;
	add_pool(&m, POOL_MAX, 18, 15, 3, 2, PAD_VALID);
	fixture_init(&f, &m, 0, IO_PARALLEL);
	est_pool(&f.in, &o);
	assert_near(o.lut, 16601.76);
	assert_int_equal(o.latency, 0);
	fixture_release(&f);
	model_release(&m);

	add_pool(&m, POOL_AVERAGE, 18, 15, 3, 2, PAD_SAME);
	fixture_init(&f, &m, 0, IO_PARALLEL);
	vivado(&f);
	est_pool(&f.in, &o);
	assert_near(o.lut, 116490.96);
	assert_int_equal(o.latency, 21);
	fixture_release(&f);
	model_release(&m);
}

/* io_stream MaxPooling2D(2x2) on 18x15x3 valid: 270 pixels + 5 = II
 * 275, latency 274; 3 pool_ops (3 x 48 x 1.83 = 263.52 LUT) plus one
 * row of line buffer in SRLs (ceil(15/32) x 1 x 3 x 16 = 48); window
 * 4 x 3 x 16 = 192 FF. */
static void max2d_stream(void **state)
{
	struct model m;
	struct est_fixture f;
	struct layer_est o;

	(void)state;
	add_pool(&m, POOL_MAX, 18, 15, 3, 2, PAD_VALID);
	fixture_init(&f, &m, 0, IO_STREAM);
	est_pool(&f.in, &o);
	assert_int_equal(o.ii, 275);
	assert_int_equal(o.latency, 274);
	assert_near(o.lut, 311.52);
	assert_near(o.ff, 192);
	fixture_release(&f);
	model_release(&m);
}

/* GlobalAveragePooling2D on 4x4x8: io_parallel 8 trees of 15 adders of
 * 20 bits (x 1.365 = 27.3 each): 3276 LUT, latency log2 16 = 4, II 1;
 * io_stream: II 16, latency 17, 8 accumulators (218.4 LUT, 160 FF). */
static void global_avg(void **state)
{
	struct model m;
	struct est_fixture f;
	struct layer_est o;
	struct layer *l;

	(void)state;
	model_init(&m);
	l = model_add_layer(&m, "gap", "GlobalAveragePooling2D",
			    LAYER_GLOBAL_POOL2D);
	l->pool_op = POOL_AVERAGE;
	shape3(&l->in_shape, 4, 4, 8);
	shape1(&l->out_shape, 8);
	fixture_init(&f, &m, 0, IO_PARALLEL);
	est_pool(&f.in, &o);
	assert_near(o.lut, 3276);
	assert_int_equal(o.latency, 4);
	assert_int_equal(o.ii, 1);
	f.d.io_type = IO_STREAM;
	est_pool(&f.in, &o);
	assert_int_equal(o.ii, 16);
	assert_int_equal(o.latency, 17);
	assert_near(o.lut, 218.4);
	assert_near(o.ff, 160);
	fixture_release(&f);
	model_release(&m);
}

/* No NaN or negative figure over ops, paddings, io types, RF, pool
 * sizes; a pooling layer without a pool size is unsupported. */
static void sweep_sane(void **state)
{
	struct model m;
	struct est_fixture f;
	struct layer_est o;

	(void)state;
	for (int i = 0; i < 2 * 2 * 2 * 2 * 4 * 3; i++) {
		int r = i;
		enum pool_op op = (enum pool_op)(r % 2);
		enum padding pad = (enum padding)((r /= 2) % 2);
		bool two_d = (r /= 2) % 2;
		enum io_type io = (enum io_type)((r /= 2) % 2);
		long rf = 1L << ((r /= 2) % 4);
		int p = (r / 4) + 1;

		add_pool(&m, op, two_d ? 7 : 0, 7, 2, p, pad);
		fixture_init(&f, &m, 0, io);
		f.k.reuse_factor = rf;
		est_pool(&f.in, &o);
		assert_true(est_sane(&o));
		assert_int_equal(o.warnings, 0);
		fixture_release(&f);
		model_release(&m);
	}
	add_pool(&m, POOL_MAX, 0, 8, 2, 2, PAD_VALID);
	m.layers[0].pool[1] = 0;
	fixture_init(&f, &m, 0, IO_PARALLEL);
	est_pool(&f.in, &o);
	assert_int_equal(o.warnings, EST_W_UNSUPPORTED);
	assert_true(est_sane(&o));
	fixture_release(&f);
	model_release(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(max1d_valid),
		cmocka_unit_test(avg1d),
		cmocka_unit_test(pool2d),
		cmocka_unit_test(max2d_stream),
		cmocka_unit_test(global_avg),
		cmocka_unit_test(sweep_sane),
	};

	return cmocka_run_group_tests_name("pool", tests, NULL, NULL);
}
