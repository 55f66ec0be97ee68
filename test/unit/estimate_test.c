/*
 * estimate_test.c - the whole-design estimate: totals are the sum (and
 * for II the max) of the layers plus the io_parallel input register,
 * an incremental update equals a full estimate, hls4ml's top-level style
 * and 'auto' types, errors for unknown parts, and no NaN or negative
 * figure over knob sweeps of the bundled examples.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "core/keras.h"
#include "core/reuse.h"
#include "estimators/estimate.h"

static void load(struct model *m, const char *path)
{
	struct error err;

	model_init(m);
	if (keras_load(m, path, NULL, &err) < 0)
		fail_msg("%s (run make examples)", err.msg);
}

static void set(struct design *d, const struct model *m, const char *a)
{
	struct error err;

	if (design_set(d, m, a, &err) < 0)
		fail_msg("%s: %s", a, err.msg);
}

static void run(struct estimate *e, const struct model *m,
		const struct design *d)
{
	struct error err;

	if (estimate_run(e, m, d, EST_CSYNTH, &err) < 0)
		fail_msg("%s", err.msg);
}

static void assert_sane(const struct layer_est *r)
{
	const double v[5] = { r->dsp, r->lut, r->ff, r->bram18, r->uram };

	for (int i = 0; i < 5; i++)
		assert_true(isfinite(v[i]) && v[i] >= 0);
	assert_true(r->latency >= 0);
	assert_true(r->ii >= 1);
}

/* Totals: resources sum over layers (plus io_stream FIFOs, none here),
 * FF adds the input register 16 inputs x 16 bits + 2 = 258, latency is
 * the sum and II the max. */
static void test_totals(void **state)
{
	struct model m;
	struct design d;
	struct estimate e = { 0 };
	double dsp = 0, lut = 0, ff = 0, bram = 0;
	long lat = 0, ii = 1;

	(void)state;
	load(&m, "examples/jet_tagger.json");
	design_init(&d);
	set(&d, &m, "fc2.reuse_factor=4");
	run(&e, &m, &d);
	for (int i = 0; i < e.n_layers; i++) {
		assert_sane(&e.layers[i]);
		dsp += e.layers[i].dsp;
		lut += e.layers[i].lut;
		ff += e.layers[i].ff;
		bram += e.layers[i].bram18;
		lat += e.layers[i].latency;
		if (e.layers[i].ii > ii)
			ii = e.layers[i].ii;
	}
	assert_true(e.total.dsp == dsp && e.total.lut == lut);
	assert_true(e.total.ff == ff + 16 * 16 + 2);
	assert_true(e.total.bram18 == bram);
	assert_int_equal(e.total.latency, lat);
	assert_int_equal(e.total.ii, ii);
	assert_true(e.total.ii >= 4);	/* fc2's PIPELINE II = RF = 4 */
	assert_true(fabs(e.latency_ns - 5.0 * (double)lat) < 1e-9);
	assert_true(fabs(e.util_dsp - dsp / 12288.0) < 1e-12);
	assert_false(e.dataflow);	/* io_parallel, all Latency */
	estimate_release(&e);
	design_release(&d);
	model_release(&m);
}

static bool same(const struct layer_est *a, const struct layer_est *b)
{
	return a->dsp == b->dsp && a->lut == b->lut && a->ff == b->ff &&
		a->bram18 == b->bram18 && a->uram == b->uram &&
		a->latency == b->latency && a->ii == b->ii &&
		a->warnings == b->warnings;
}

/* After each knob change, the incremental update of that layer gives
 * exactly what a full estimate gives. */
static void test_incremental(void **state)
{
	static const char *const knobs[] = {
		"fc1.reuse_factor=4", "fc1.strategy=resource",
		"fc1.precision.weight=ap_fixed<8,3>",
		"fc1.precision.result=ap_fixed<12,4>",
		"fc1_relu.precision.result=ap_ufixed<8,3>",
		"fc3.precision.accum=auto", "fc3.precision.result=auto",
		"output.reuse_factor=5", "fc1.strategy=latency",
	};
	struct model m;
	struct design d;
	struct estimate inc = { 0 }, full = { 0 };

	(void)state;
	load(&m, "examples/jet_tagger.json");
	design_init(&d);
	run(&inc, &m, &d);
	for (size_t k = 0; k < sizeof(knobs) / sizeof(knobs[0]); k++) {
		char layer[32];

		set(&d, &m, knobs[k]);
		snprintf(layer, sizeof(layer), "%.*s",
			 (int)strcspn(knobs[k], "."), knobs[k]);
		estimate_update_layer(&inc, model_find(&m, layer));
		run(&full, &m, &d);
		for (int i = 0; i < m.n_layers; i++)
			if (!same(&inc.layers[i], &full.layers[i]))
				fail_msg("after %s layer %s differs", knobs[k],
					 m.layers[i].name);
		assert_true(same(&inc.total, &full.total));
	}
	estimate_release(&inc);
	estimate_release(&full);
	design_release(&d);
	model_release(&m);
}

/* hls4ml's 'auto' for a Dense of 16 inputs with fixed<16,6> input,
 * weight and bias: W = 16+16+4 = 36, I = 6+6+4 = 16, then the bias rule
 * I = max(16, 6) + 1 = 17, W = 17 + max(20, 10) = 37: ap_fixed<37,17>
 * (the example in reference/hls4ml.md section 3). */
static void test_auto_types(void **state)
{
	struct model m;
	struct design d;
	struct estimate e = { 0 };
	char b[FIXED_STR_MAX];
	int fc1;

	(void)state;
	load(&m, "examples/jet_tagger.json");
	design_init(&d);
	set(&d, &m, "fc1.precision.result=auto");
	set(&d, &m, "fc1.precision.accum=auto");
	run(&e, &m, &d);
	fc1 = model_find(&m, "fc1");
	assert_string_equal(fixed_format(&e.knobs[fc1].prec[PREC_RESULT].type,
					 b, sizeof(b)), "ap_fixed<37,17>");
	assert_string_equal(fixed_format(&e.knobs[fc1].prec[PREC_ACCUM].type,
					 b, sizeof(b)), "ap_fixed<37,17>");
	estimate_release(&e);
	design_release(&d);
	model_release(&m);
}

/* Dataflow for io_stream and for any Resource layer (hls4ml's
 * PipelineStyle auto); io_stream adds FIFO memory. */
static void test_top_level(void **state)
{
	struct model m;
	struct design d;
	struct estimate e = { 0 };

	(void)state;
	load(&m, "examples/jet_tagger.json");
	design_init(&d);
	set(&d, &m, "fc2.strategy=resource");
	run(&e, &m, &d);
	assert_true(e.dataflow);
	set(&d, &m, "fc2.strategy=latency");
	set(&d, &m, "io_type=io_stream");
	run(&e, &m, &d);
	assert_true(e.dataflow);
	estimate_release(&e);
	design_release(&d);
	model_release(&m);
}

static void test_unknown_part(void **state)
{
	struct model m;
	struct design d;
	struct estimate e = { 0 };
	struct error err;

	(void)state;
	load(&m, "examples/jet_tagger.json");
	design_init(&d);
	set(&d, &m, "part=xcvu14p-flga2577-2-e");
	assert_int_equal(estimate_run(&e, &m, &d, EST_CSYNTH, &err), -1);
	assert_non_null(strstr(err.msg, "unknown part 'xcvu14p-flga2577-2-e'"));
	estimate_release(&e);
	design_release(&d);
	model_release(&m);
}

/* Sweeps strategy x every valid reuse factor x io_type x mode over the
 * convolutional examples: finite, non-negative figures everywhere, and
 * in Resource strategy the total DSP never rises as one layer's RF
 * rises. */
static void sweep(const char *path, const char *layer)
{
	static const char *const io[] = { "io_parallel", "io_stream" };
	struct model m;
	struct design d;
	struct estimate e = { 0 };
	struct error err;
	long n_in, n_out, rfs[256];
	int n, li;

	load(&m, path);
	li = model_find(&m, layer);
	assert_true(layer_mult_size(&m.layers[li], &n_in, &n_out));
	n = reuse_valid_list(n_in, n_out, rfs, 256);
	for (int t = 0; t < 2; t++)
		for (int mode = 0; mode < 2; mode++) {
			double last = INFINITY;
			char a[96];

			design_init(&d);
			snprintf(a, sizeof(a), "io_type=%s", io[t]);
			set(&d, &m, a);
			set(&d, &m, "defaults.strategy=resource");
			for (int r = 0; r < n && r < 256; r++) {
				snprintf(a, sizeof(a), "%s.reuse_factor=%ld",
					 layer, rfs[r]);
				set(&d, &m, a);
				if (estimate_run(&e, &m, &d, (enum est_mode)mode,
						 &err) < 0)
					fail_msg("%s", err.msg);
				for (int i = 0; i < e.n_layers; i++)
					assert_sane(&e.layers[i]);
				assert_sane(&e.total);
				assert_true(e.total.dsp <= last);
				last = e.total.dsp;
			}
			design_release(&d);
		}
	estimate_release(&e);
	model_release(&m);
}

static void test_sweeps(void **state)
{
	(void)state;
	sweep("examples/conv2d_small.json", "conv2");
	sweep("examples/jet_tagger.json", "fc2");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_totals),
		cmocka_unit_test(test_incremental),
		cmocka_unit_test(test_auto_types),
		cmocka_unit_test(test_top_level),
		cmocka_unit_test(test_unknown_part),
		cmocka_unit_test(test_sweeps),
	};

	return cmocka_run_group_tests_name("estimate", tests, NULL, NULL);
}
