/*
 * merge_test.c - the merge model (estimators/merge.c): values worked by
 * hand from hls4ml's nnet_merge templates (one operation per output and
 * extra input, II 1 in io_parallel, one pack a cycle in io_stream,
 * Concatenate as wiring) and the second input's type taken from its
 * producer. No hls4ml baseline has a merge layer.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "esttest.h"
#include "testlib.h"

/* Inputs a and b (activations on n values) and a merge of them. */
static struct layer *add_merge(struct model *m, enum layer_kind kind,
			       enum merge_op op, long n)
{
	struct layer *l;

	model_init(m);
	add_act(m, "a", "Activation", ACT_LINEAR, n);
	add_act(m, "b", "Activation", ACT_LINEAR, n);
	l = model_add_layer(m, "merge", "Merge", kind);
	l->merge_op = op;
	shape1(&l->in_shape, n);
	shape1(&l->out_shape, kind == LAYER_CONCATENATE ? 2 * n : n);
	l->inputs = xmalloc(2 * sizeof(int));
	l->inputs[0] = 0;
	l->inputs[1] = 1;
	l->n_inputs = 2;
	return l;
}

/* Add on 32 values of fixed<16,6>: 32 adders of 17 bits = 544 LUT,
 * latency 0, II 1; Maximum: 32 x 16 x 1.83 = 936.96 LUT. The reuse
 * factor is ignored. */
static void add_max(void **state)
{
	struct model m;
	struct est_fixture f;
	struct layer_est o;

	(void)state;
	add_merge(&m, LAYER_MERGE, MERGE_ADD, 32);
	fixture_init(&f, &m, 2, IO_PARALLEL);
	f.k.reuse_factor = 8;
	est_merge(&f.in, &o);
	assert_near(o.lut, 544);
	assert_int_equal(o.dsp, 0);
	assert_int_equal(o.latency, 0);
	assert_int_equal(o.ii, 1);
	m.layers[2].merge_op = MERGE_MAXIMUM;
	est_merge(&f.in, &o);
	assert_near(o.lut, 936.96);
	fixture_release(&f);
	model_release(&m);
}

/* Multiply on 32 values: 32 multipliers of 16 x 16, one DSP48E2 each,
 * latency 3. With b's result set to fixed<3,1> the products are 16 x 3:
 * shift-add arrays of 2 adders x 16 bits (resource.c), 32 LUT each:
 * 1024 LUT, no DSP. */
static void multiply(void **state)
{
	struct model m;
	struct est_fixture f;
	struct layer_est o;
	struct layer_knobs *lk;

	(void)state;
	add_merge(&m, LAYER_MERGE, MERGE_MULTIPLY, 32);
	fixture_init(&f, &m, 2, IO_PARALLEL);
	est_merge(&f.in, &o);
	assert_int_equal(o.dsp, 32);
	assert_int_equal(o.n_mult, 32);
	assert_int_equal(o.latency, 3);
	lk = design_layer(&f.d, "b", true);
	lk->prec[PREC_RESULT] = prec_of(3, 1, true);
	est_merge(&f.in, &o);
	assert_int_equal(o.dsp, 0);
	assert_near(o.lut, 1024);
	fixture_release(&f);
	model_release(&m);
}

/* io_stream Maximum on 8x8x4: packs of 4, II 64, latency 64, 4
 * comparators (117.12 LUT). Concatenate: wiring in io_parallel; in
 * io_stream 8x8x8 copies 64 packs of 8 x 16 bits (128 FF). */
static void stream_and_concat(void **state)
{
	struct model m;
	struct est_fixture f;
	struct layer_est o;
	struct layer *l;

	(void)state;
	l = add_merge(&m, LAYER_MERGE, MERGE_MAXIMUM, 4);
	shape3(&l->out_shape, 8, 8, 4);
	fixture_init(&f, &m, 2, IO_STREAM);
	est_merge(&f.in, &o);
	assert_int_equal(o.ii, 64);
	assert_int_equal(o.latency, 64);
	assert_near(o.lut, 117.12);
	fixture_release(&f);
	model_release(&m);

	l = add_merge(&m, LAYER_CONCATENATE, MERGE_ADD, 4);
	fixture_init(&f, &m, 2, IO_PARALLEL);
	est_merge(&f.in, &o);
	assert_near(o.lut + o.ff + o.dsp, 0);
	assert_int_equal(o.latency, 0);
	assert_int_equal(o.ii, 1);
	shape3(&m.layers[2].out_shape, 8, 8, 8);
	f.d.io_type = IO_STREAM;
	est_merge(&f.in, &o);
	assert_int_equal(o.ii, 64);
	assert_near(o.ff, 128);
	fixture_release(&f);
	model_release(&m);
}

/* No NaN or negative figure for any op and io type; an empty shape is
 * unsupported. */
static void sweep_sane(void **state)
{
	struct model m;
	struct est_fixture f;
	struct layer_est o;

	(void)state;
	add_merge(&m, LAYER_MERGE, MERGE_ADD, 6);
	fixture_init(&f, &m, 2, IO_PARALLEL);
	for (int op = 0; op <= MERGE_MINIMUM; op++)
		for (int io = 0; io < 2; io++) {
			m.layers[2].merge_op = (enum merge_op)op;
			f.d.io_type = (enum io_type)io;
			est_merge(&f.in, &o);
			assert_true(est_sane(&o));
			assert_int_equal(o.warnings, 0);
		}
	m.layers[2].out_shape.ndim = 0;
	est_merge(&f.in, &o);
	assert_int_equal(o.warnings, EST_W_UNSUPPORTED);
	fixture_release(&f);
	model_release(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(add_max),
		cmocka_unit_test(multiply),
		cmocka_unit_test(stream_and_concat),
		cmocka_unit_test(sweep_sane),
	};

	return cmocka_run_group_tests_name("merge", tests, NULL, NULL);
}
