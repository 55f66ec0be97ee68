/*
 * rtl_test.c - the open RTL flow's writer against independent references:
 * every generated conversion function is simulated with iverilog over
 * every input code and compared with core/fixed.c's fixed_quantize (the
 * ap_fixed semantics, tested by hand in fixed_test.c); every layer kind
 * the writer builds is simulated in small networks with random weights
 * and inputs, at several precisions (all rounding and saturation modes
 * among them) and reuse factors (every lane shape of rtlplan.h), and must
 * match core/infer.c bit for bit at full rate, with the latency and II
 * the plan promises. Tests skip when iverilog is absent.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "backends/rtl.h"
#include "core/design.h"
#include "core/fileio.h"
#include "core/xalloc.h"
#include "testlib.h"

static char tmp[128];

static int setup(void **state)
{
	(void)state;
	return test_tmpdir_make(tmp, sizeof(tmp), "hlsdse_rtl");
}

static int teardown(void **state)
{
	(void)state;
	return test_tmpdir_remove(tmp);
}

static void need_iverilog(void)
{
	if (system("command -v iverilog >/dev/null 2>&1 && "
		   "command -v vvp >/dev/null 2>&1") != 0) {
		print_message("# iverilog not installed: apt-get install "
			      "iverilog\n");
		skip();
	}
}

/* Runs a shell command in dir; fails the test when it fails. */
static void run_in(const char *dir, const char *cmd)
{
	char *s = xasprintf("cd '%s' && %s", dir, cmd);

	if (system(s) != 0)
		fail_msg("command failed: %s", s);
	free(s);
}

/* --- conversions ------------------------------------------------------ */

struct conv_case {
	int sw, sf;
	const char *dst;
};

/* Every rounding and overflow mode, signed and unsigned destinations,
 * fraction bits lost (d > 0, also d >= sw), kept (d = 0) and gained
 * (d < 0), negative integer bits, integer types. */
static const struct conv_case conv_cases[] = {
	{ 10, 4, "ap_fixed<5,2>" },
	{ 10, 4, "ap_fixed<5,2,AP_RND>" },
	{ 10, 4, "ap_fixed<5,2,AP_TRN_ZERO,AP_SAT>" },
	{ 10, 4, "ap_fixed<5,2,AP_RND_ZERO,AP_SAT_ZERO>" },
	{ 10, 4, "ap_fixed<5,2,AP_RND_MIN_INF,AP_SAT_SYM>" },
	{ 10, 4, "ap_fixed<5,2,AP_RND_INF,AP_SAT>" },
	{ 10, 4, "ap_fixed<5,2,AP_RND_CONV,AP_SAT>" },
	{ 10, 4, "ap_ufixed<5,2,AP_RND,AP_SAT>" },
	{ 10, 4, "ap_ufixed<6,3,AP_RND_CONV,AP_SAT_SYM>" },
	{ 10, 4, "ap_ufixed<4,1>" },
	{ 9, 3, "ap_fixed<12,8,AP_RND,AP_SAT>" },
	{ 9, 3, "ap_fixed<9,6>" },
	{ 8, -2, "ap_fixed<9,9,AP_RND,AP_SAT>" },
	{ 8, 12, "ap_fixed<3,0,AP_RND_CONV,AP_SAT>" },
	{ 8, 12, "ap_fixed<4,-2,AP_RND_INF,AP_SAT_SYM>" },
	{ 8, 0, "ap_int<5>" },
	{ 8, 0, "ap_uint<6>" },
	{ 7, 2, "ap_fixed<1,1,AP_RND,AP_SAT_SYM>" },
	{ 11, 5, "ap_fixed<16,6,AP_RND_ZERO,AP_SAT>" },
};
#define N_CONV ((int)(sizeof(conv_cases) / sizeof(conv_cases[0])))

static void conversions_match_fixed_quantize(void **state)
{
	char *dir = xasprintf("%s/conv", tmp), *path, *text = NULL;
	struct fixed_type t[N_CONV];
	struct error err;
	FILE *f;
	size_t len;
	long checked = 0;

	(void)state;
	need_iverilog();
	assert_int_equal(mkdir(dir, 0777), 0);
	path = fileio_join(dir, "conv.v");
	f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "module t;\n\tinteger i;\n");
	for (int c = 0; c < N_CONV; c++) {
		char name[16];

		assert_int_equal(fixed_parse(conv_cases[c].dst, &t[c], &err), 0);
		snprintf(name, sizeof(name), "cv%d", c);
		rtl_emit_conv(f, name, conv_cases[c].sw, conv_cases[c].sf,
			      &t[c]);
	}
	fprintf(f, "\tinitial begin\n");
	for (int c = 0; c < N_CONV; c++)
		fprintf(f, "\t\tfor (i = 0; i < %d; i = i + 1)\n"
			"\t\t\t$display(\"%d %%0d %%0d\", i, cv%d(i[%d:0]));\n",
			1 << conv_cases[c].sw, c, c, conv_cases[c].sw - 1);
	fprintf(f, "\tend\nendmodule\n");
	fclose(f);
	run_in(dir, "iverilog -g2005 -o conv.vvp conv.v && vvp -n conv.vvp "
	       "> conv.out");
	free(path);
	path = fileio_join(dir, "conv.out");
	assert_int_equal(fileio_read(path, 64u << 20, &text, &len, &err), 0);
	for (char *p = text; *p;) {
		int c;
		long code, got;
		int used;

		if (sscanf(p, "%d %ld %ld%n", &c, &code, &got, &used) != 3)
			break;
		p += used;
		while (*p == '\n')
			p++;
		{
			const struct conv_case *cc = &conv_cases[c];
			long v = code >= (1L << (cc->sw - 1)) ?
				code - (1L << cc->sw) : code;
			uint64_t want = rtl_code(&t[c], ldexp((double)v, -cc->sf));

			if ((uint64_t)got != want)
				fail_msg("%d bits / %d frac -> %s: code %ld "
					 "gave %ld, fixed_quantize says %llu",
					 cc->sw, cc->sf, cc->dst, code, got,
					 (unsigned long long)want);
		}
		checked++;
	}
	/* every input code of every case was compared */
	{
		long total = 0;

		for (int c = 0; c < N_CONV; c++)
			total += 1L << conv_cases[c].sw;
		assert_int_equal(checked, total);
	}
	free(text);
	free(path);
	free(dir);
}

/* --- names ------------------------------------------------------------ */

static void identifiers_are_sanitised(void **state)
{
	static const char *const cases[][2] = {
		{ "fc1", "fc1" }, { "dense/kernel:0", "dense_kernel_0" },
		{ "1st", "l1st" }, { "output", "output_" }, { "reg", "reg_" },
		{ "", "l" }, { "a b-c", "a_b_c" }, { "\xc3\xa9t\xc3\xa9", "__t__" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *s = rtl_ident(cases[i][0]);

		assert_string_equal(s, cases[i][1]);
		free(s);
	}
}

/* --- networks --------------------------------------------------------- */

static uint64_t rng = 0x1234567887654321ull;

/* Random weights: multiples of 2^-6 in [-2, 2), with zeros and powers
 * of two among them. */
static float rand_weight(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	switch (rng % 8) {
	case 0:
		return 0;
	case 1:
		return (rng & 256) ? 0.5f : -0.25f;
	default:
		return (float)((int)((rng >> 20) % 256) - 128) / 64.0f;
	}
}

static void add_tensor(struct layer *l, const char *name, int ndim, long d0,
		       long d1, bool positive)
{
	struct tensor *t = test_add_tensor(l, name, ndim, d0, d1);
	long n = ndim == 2 ? d0 * d1 : d0;

	for (long i = 0; i < n; i++)
		t->data[i] = positive ? fabsf(rand_weight()) + 0.25f :
			rand_weight();
}

static void link_prev(struct model *m, struct layer *l)
{
	l->inputs = xmalloc(sizeof(int));
	l->inputs[0] = m->n_layers - 2;
	l->n_inputs = 1;
}

static void dense(struct model *m, const char *name, long n, long units)
{
	struct layer *l = add_dense_cls(m, name, "Dense", n, units);

	link_prev(m, l);
	add_tensor(l, "kernel", 2, n, units, false);
	add_tensor(l, "bias", 1, units, 0, false);
}

static void activation(struct model *m, const char *name, long n,
		       enum layer_kind kind, enum activation a)
{
	struct layer *l = model_add_layer(m, name, "Activation", kind);

	shape1(&l->in_shape, n);
	shape1(&l->out_shape, n);
	l->activation = a;
	link_prev(m, l);
}

static void batchnorm(struct model *m, const char *name, long n)
{
	struct layer *l = model_add_layer(m, name, "BatchNormalization",
					  LAYER_BATCHNORM);

	shape1(&l->in_shape, n);
	shape1(&l->out_shape, n);
	l->bn_center = l->bn_scale = true;
	l->epsilon = 0.001;
	link_prev(m, l);
	add_tensor(l, "gamma", 1, n, 0, false);
	add_tensor(l, "beta", 1, n, 0, false);
	add_tensor(l, "moving_mean", 1, n, 0, false);
	add_tensor(l, "moving_variance", 1, n, 0, true);
}

/* in(12) -> d1 Dense 8 -> a1 relu -> bn -> d2 Dense 6 -> [argmax]. */
static void build(struct model *m, bool argmax)
{
	struct layer *l;

	model_init(m);
	m->name = xstrdup("rtltest");
	l = model_add_layer(m, "in", "InputLayer", LAYER_INPUT);
	shape1(&l->out_shape, 12);
	dense(m, "d1", 12, 8);
	activation(m, "a1", 8, LAYER_ACTIVATION, ACT_RELU);
	batchnorm(m, "bn", 8);
	dense(m, "d2", 8, 6);
	if (argmax)
		activation(m, "sm", 6, LAYER_SOFTMAX, ACT_SOFTMAX);
	m->outputs = xmalloc(sizeof(int));
	m->outputs[0] = m->n_layers - 1;
	m->n_outputs = 1;
}

static struct layer *conv(struct model *m, const char *name, int two,
			  const long *in, long filters, int k, int stride,
			  enum padding pad)
{
	struct layer *l = model_add_layer(m, name, two ? "Conv2D" : "Conv1D",
					  two ? LAYER_CONV2D : LAYER_CONV1D);
	long c = in[two ? 2 : 1];
	long ih = two ? in[0] : 1, iw = in[two ? 1 : 0];
	long oh = pad == PAD_SAME ? (ih + stride - 1) / stride :
		(ih - k) / stride + 1;
	long ow = pad == PAD_SAME ? (iw + stride - 1) / stride :
		(iw - k) / stride + 1;

	if (!two)
		oh = 1;
	if (two)
		shape3(&l->in_shape, ih, iw, c);
	else {
		l->in_shape.ndim = 2;
		l->in_shape.dim[0] = iw;
		l->in_shape.dim[1] = c;
	}
	if (two)
		shape3(&l->out_shape, oh, ow, filters);
	else {
		l->out_shape.ndim = 2;
		l->out_shape.dim[0] = ow;
		l->out_shape.dim[1] = filters;
	}
	l->filters = filters;
	l->kernel[0] = two ? k : 1;
	l->kernel[1] = k;
	l->strides[0] = two ? stride : 1;
	l->strides[1] = stride;
	l->padding = pad;
	l->use_bias = true;
	link_prev(m, l);
	add_tensor(l, "kernel", 2, (two ? k : 1) * k * c, filters, false);
	add_tensor(l, "bias", 1, filters, 0, false);
	return l;
}

/* in 7x6x2 -> Conv2D 3@3x3 'same' stride 2 (4x3x3) -> relu -> MaxPool
 * 2x2 'valid' stride 1 (3x2x3) -> Flatten -> Dense 4; and in 9x2 ->
 * Conv1D 2@3 'valid' stride 2 (4x2) -> MaxPool 2 (2x2) -> Flatten. */
static void build_cnn(struct model *m, int two)
{
	static const long in2[] = { 7, 6, 2 }, in1[] = { 9, 2 };
	struct layer *l;
	long pooled;

	model_init(m);
	m->name = xstrdup("rtlcnn");
	l = model_add_layer(m, "in", "InputLayer", LAYER_INPUT);
	if (two) {
		shape3(&l->out_shape, 7, 6, 2);
		conv(m, "cv", 1, in2, 3, 3, 2, PAD_SAME);
		/* adding a layer may move the array: index it afresh */
		activation(m, "a1", 36, LAYER_ACTIVATION, ACT_RELU);
		m->layers[2].in_shape = m->layers[2].out_shape =
			m->layers[1].out_shape;
	} else {
		l->out_shape.ndim = 2;
		l->out_shape.dim[0] = 9;
		l->out_shape.dim[1] = 2;
		conv(m, "cv", 0, in1, 2, 3, 2, PAD_VALID);
	}
	l = model_add_layer(m, "mp", two ? "MaxPooling2D" : "MaxPooling1D",
			    two ? LAYER_POOL2D : LAYER_POOL1D);
	l->in_shape = m->layers[m->n_layers - 2].out_shape;
	l->pool_op = POOL_MAX;
	l->padding = PAD_VALID;
	l->pool[0] = two ? 2 : 1;
	l->pool[1] = 2;
	l->strides[0] = 1;
	l->strides[1] = two ? 1 : 2;
	if (two)
		shape3(&l->out_shape, 3, 2, 3);
	else {
		l->out_shape.ndim = 2;
		l->out_shape.dim[0] = 2;
		l->out_shape.dim[1] = 2;
	}
	link_prev(m, l);
	pooled = shape_size(&l->out_shape);
	l = model_add_layer(m, "fl", "Flatten", LAYER_RESHAPE);
	l->in_shape = m->layers[m->n_layers - 2].out_shape;
	shape1(&l->out_shape, pooled);
	link_prev(m, l);
	if (two)
		dense(m, "d", pooled, 4);
	m->outputs = xmalloc(sizeof(int));
	m->outputs[0] = m->n_layers - 1;
	m->n_outputs = 1;
}

/* Value of "key N" in sim.txt text, or -1. */
static long sim_value(const char *text, const char *key)
{
	const char *p = strstr(text, key);

	return p ? strtol(p + strlen(key) + 1, NULL, 10) : -1;
}

/* Builds the network under the knob settings, writes and simulates it
 * with 150 vectors, and checks bit-exactness, latency and II. */
static void simulate_model(const char *name, struct model *m,
			   const char *const *knobs);

static void simulate(const char *name, bool argmax, const char *const *knobs)
{
	struct model m;

	build(&m, argmax);
	simulate_model(name, &m, knobs);
}

/* Writes and simulates model m (released here) under the knobs. */
static void simulate_model(const char *name, struct model *mp,
			   const char *const *knobs)
{
	struct model m = *mp;
	struct design d;
	struct rtlplan p;
	struct error err;
	char *dir = xasprintf("%s/%s", tmp, name), *path, *text = NULL;
	size_t len;

	need_iverilog();
	design_init(&d);
	for (int i = 0; knobs[i]; i++)
		if (design_set(&d, &m, knobs[i], &err) < 0)
			fail_msg("%s: %s", knobs[i], err.msg);
	if (rtlplan_build(&m, &d, &p, &err) < 0)
		fail_msg("plan: %s", err.msg);
	assert_int_equal(mkdir(dir, 0777), 0);
	if (rtl_write(&m, &p, dir, "t", &err) < 0 ||
	    rtl_write_tb(&m, &d, &p, dir, "t", 150, 7, &err) < 0)
		fail_msg("write: %s", err.msg);
	run_in(dir, "iverilog -g2005 -o sim.vvp net.v tb.v && vvp -n sim.vvp "
	       ">/dev/null");
	path = fileio_join(dir, RTL_SIM_RESULT);
	assert_int_equal(fileio_read(path, 1 << 20, &text, &len, &err), 0);
	if (sim_value(text, "mismatches") != 0)
		fail_msg("%s: not bit-exact:\n%s", name, text);
	assert_int_equal(sim_value(text, "received"), 150);
	assert_int_equal(sim_value(text, "latency_min"), p.latency);
	assert_int_equal(sim_value(text, "latency_max"), p.latency);
	assert_int_equal(sim_value(text, "ii_min"), p.ii);
	assert_int_equal(sim_value(text, "ii_max"), p.ii);
	free(text);
	free(path);
	free(dir);
	rtlplan_release(&p);
	design_release(&d);
	model_release(&m);
}

/* Every reuse factor 1 (constant weights), hls4ml's defaults. */
static void sim_defaults(void **state)
{
	static const char *const k[] = { NULL };

	(void)state;
	simulate("defaults", false, k);
}

/* RF < n_in (4 multipliers per lane), RF = n_in; rounding and
 * saturating results, a rounding accumulator, symmetric saturation. */
static void sim_rounding_saturation(void **state)
{
	static const char *const k[] = {
		"d1.reuse_factor=3", "d2.reuse_factor=8",
		"d1.precision.weight=ap_fixed<6,1,AP_RND_ZERO,AP_SAT_SYM>",
		"d1.precision.accum=ap_fixed<18,8,AP_RND_CONV>",
		"d1.precision.result=ap_fixed<10,3,AP_RND,AP_SAT>",
		"a1.precision.result=ap_ufixed<7,3,AP_RND_INF,AP_SAT>",
		"bn.precision.scale=ap_fixed<9,2,AP_RND>",
		"bn.precision.bias=ap_fixed<8,3,AP_RND_MIN_INF,AP_SAT>",
		"bn.precision.result=ap_fixed<12,4,AP_TRN_ZERO,AP_SAT_ZERO>",
		"d2.precision.result=ap_fixed<9,3,AP_RND_CONV,AP_SAT_SYM>",
		NULL };

	(void)state;
	simulate("rndsat", false, k);
}

/* RF > n_in: two and six outputs per lane (lanes of one), block-RAM
 * ROMs; an unsigned input; narrow wrapping accumulator and result. */
static void sim_slots_and_wrap(void **state)
{
	static const char *const k[] = {
		"d1.reuse_factor=48",
		"in.precision.result=ap_ufixed<8,2>",
		"d1.precision.accum=ap_fixed<12,3>",
		"d1.precision.result=ap_fixed<8,2>",
		"d2.precision.weight=ap_ufixed<5,1,AP_RND,AP_SAT>",
		"d2.reuse_factor=48",
		NULL };

	(void)state;
	simulate("slots", false, k);
}

/* An unsigned accumulator and relu straight into Dense at RF 24 (two
 * outputs per lane, a logic ROM). */
static void sim_unsigned_accum(void **state)
{
	static const char *const k[] = {
		"d1.reuse_factor=24", "d2.reuse_factor=2",
		"d1.precision.accum=ap_ufixed<14,5,AP_RND>",
		"d1.precision.result=ap_ufixed<10,4,AP_RND,AP_SAT>",
		"d2.precision.accum=ap_fixed<20,8>",
		NULL };

	(void)state;
	simulate("uacc", false, k);
}

/* Softmax as argmax, with a result type where 1.0 wraps to -1. */
static void sim_argmax(void **state)
{
	static const char *const k[] = {
		"d1.reuse_factor=6", "sm.implementation=argmax",
		"sm.precision.result=ap_fixed<4,1>",
		NULL };

	(void)state;
	simulate("argmax", true, k);
}

/* Conv2D 'same' with stride 2 (windows over the padding), relu, 2x2
 * max pooling, Flatten, Dense; the conv's core time-multiplexed (RF 6
 * of its 18-value window) with a rounding, saturating result. */
static void sim_conv2d(void **state)
{
	static const char *const k[] = {
		"cv.reuse_factor=6",
		"cv.precision.result=ap_fixed<10,3,AP_RND,AP_SAT>",
		"cv.precision.accum=ap_fixed<18,7>",
		"d.reuse_factor=6",
		"mp.precision.result=ap_fixed<8,2,AP_RND_CONV,AP_SAT>",
		NULL };
	struct model m;

	(void)state;
	build_cnn(&m, 1);
	simulate_model("conv2d", &m, k);
}

/* Conv1D 'valid' stride 2 at RF 1 and RF 12 (two filters from one
 * multiplier), then 1-D max pooling with stride 2. */
static void sim_conv1d(void **state)
{
	static const char *const k1[] = { NULL };
	static const char *const k12[] = { "cv.reuse_factor=12", NULL };
	struct model m;

	(void)state;
	build_cnn(&m, 0);
	simulate_model("conv1d_rf1", &m, k1);
	build_cnn(&m, 0);
	simulate_model("conv1d_rf12", &m, k12);
}

/* The plan's shapes for each kind of reuse factor, by hand. */
static void plan_lanes(void **state)
{
	struct model m;
	struct design d;
	struct rtlplan p;
	struct error err;

	(void)state;
	build(&m, false);
	design_init(&d);
	assert_int_equal(design_set(&d, &m, "d1.reuse_factor=3", &err), 0);
	assert_int_equal(design_set(&d, &m, "d2.reuse_factor=16", &err), 0);
	assert_int_equal(rtlplan_build(&m, &d, &p, &err), 0);
	/* d1 12x8 RF 3: 32 multipliers, 8 lanes of 4, 3 cycles per output;
	 * tree of 4 -> 2 levels, 1 register stage; latency
	 * (3-1) + 1 + 1 + 1 + 1 + 1 = 7 */
	assert_int_equal(p.layers[1].mults, 32);
	assert_int_equal(p.layers[1].lanes, 8);
	assert_int_equal(p.layers[1].per_lane, 4);
	assert_int_equal(p.layers[1].slot_cycles, 3);
	assert_int_equal(p.layers[1].tree_stages, 1);
	assert_int_equal(p.layers[1].latency, 7);
	/* d2 8x6 RF 16: 3 multipliers, one per lane, 2 outputs each over
	 * 8 cycles; latency 15 + 1 + 1 + 0 + 1 + 1 = 19 */
	assert_int_equal(p.layers[4].mults, 3);
	assert_int_equal(p.layers[4].slots, 2);
	assert_int_equal(p.layers[4].slot_cycles, 8);
	assert_int_equal(p.layers[4].latency, 19);
	/* input register 1 + 7 + relu 1 + bn 2 + 19 */
	assert_int_equal(p.latency, 30);
	assert_int_equal(p.ii, 16);
	rtlplan_release(&p);
	design_release(&d);
	model_release(&m);
}

/* What the flow refuses, with the reason. */
static void plan_refusals(void **state)
{
	struct model m;
	struct design d;
	struct rtlplan p;
	struct error err;

	(void)state;
	build(&m, true);
	design_init(&d);
	assert_int_equal(rtlplan_build(&m, &d, &p, &err), -1);
	assert_non_null(strstr(err.msg, "layer 'sm': the RTL flow builds "
			       "softmax only as argmax"));
	assert_int_equal(design_set(&d, &m, "sm.implementation=argmax", &err),
			 0);
	assert_int_equal(design_set(&d, &m,
				    "d1.precision.accum=ap_fixed<16,6,AP_TRN,"
				    "AP_SAT>", &err), 0);
	assert_int_equal(rtlplan_build(&m, &d, &p, &err), -1);
	assert_non_null(strstr(err.msg, "layer 'd1': precision.accum "
			       "saturates"));
	design_release(&d);
	model_release(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(identifiers_are_sanitised),
		cmocka_unit_test(plan_lanes),
		cmocka_unit_test(plan_refusals),
		cmocka_unit_test(conversions_match_fixed_quantize),
		cmocka_unit_test(sim_defaults),
		cmocka_unit_test(sim_rounding_saturation),
		cmocka_unit_test(sim_slots_and_wrap),
		cmocka_unit_test(sim_unsigned_accum),
		cmocka_unit_test(sim_argmax),
		cmocka_unit_test(sim_conv2d),
		cmocka_unit_test(sim_conv1d),
	};

	return cmocka_run_group_tests_name("rtl", tests, setup, teardown);
}
