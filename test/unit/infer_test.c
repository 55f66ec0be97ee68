/*
 * infer_test.c - the fixed-point reference (core/infer.c): tiny layers
 * worked by hand in hls4ml's arithmetic, the bundled jet tagger against a
 * double-precision forward pass written here (within a derived error
 * bound) and against a slow per-value implementation on fixed_quantize,
 * and the errors the reference gives.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/design.h"
#include "core/infer.h"
#include "core/keras.h"
#include "core/xalloc.h"
#include "testlib.h"

static void set(struct design *d, const struct model *m, const char *a)
{
	struct error err = { { 0 } };

	if (design_set(d, m, a, &err) < 0)
		fail_msg("design_set %s: %s", a, err.msg);
}

static void link_to(struct layer *l, int src)
{
	l->inputs = xmalloc(sizeof(int));
	l->inputs[0] = src;
	l->n_inputs = 1;
}

static void add_tensor(struct layer *l, const char *name, const float *v,
		       int ndim, long d0, long d1)
{
	struct tensor *t = test_add_tensor(l, name, ndim, d0, d1);
	long n = ndim == 2 ? d0 * d1 : d0;

	memcpy(t->data, v, (size_t)n * sizeof(float));
}

/* One input layer "in" of n values, the model's only output when
 * output. */
static void add_input(struct model *m, long n)
{
	struct layer *l = model_add_layer(m, "in", "InputLayer", LAYER_INPUT);

	shape1(&l->out_shape, n);
}

static void set_output(struct model *m, int idx)
{
	m->outputs = xmalloc(sizeof(int));
	m->outputs[0] = idx;
	m->n_outputs = 1;
}

/*
 * Dense 2 -> 2. Input ap_fixed<16,6> (default). weight_t and bias_t
 * ap_fixed<8,3> (step 1/32, TRN): w00 1.03 -> 32.96/32 -> 1.0,
 * w01 0.1 -> 3.2/32 -> 3/32 = 0.09375, w10 2.0, w11 -0.3 -> -9.6/32 ->
 * floor -10/32 = -0.3125; b0 0.5, b1 0.23 -> 7.36/32 -> 7/32 = 0.21875.
 * accum_t ap_fixed<10,4> (step 1/64, range [-8, 8), WRAP mod 16).
 * result_t ap_fixed<6,2,AP_RND,AP_SAT> (step 1/16, range [-2, 1.9375]).
 *
 * x = (3.75, 2.25):
 *  out0: acc = 0.5; + 3.75*1.0 = 4.25; + 2.25*2.0 = 4.5 -> 8.75, which
 *        wraps to 8.75 - 16 = -7.25; result saturates to -2.
 *  out1: acc = 0.21875; 3.75*0.09375 = 0.3515625 = 22.5/64 -> accum
 *        truncates to 22/64 = 0.34375 -> 0.5625; 2.25*-0.3125 =
 *        -0.703125 (exact, -45/64) -> -0.140625 = -2.25/16; RND gives
 *        -2/16 = -0.125 (TRN would give -0.1875).
 * x = (1.0, 0.75):
 *  out0: 0.5 + 1.0 + 1.5 = 3.0, no wrap; result saturates to 1.9375.
 *  out1: 0.21875 + 0.09375 - 0.234375 = 0.078125 = 1.25/16 -> 1/16.
 */
static void dense_by_hand(void **state)
{
	static const float w[4] = { 1.03f, 0.1f, 2.0f, -0.3f };
	static const float b[2] = { 0.5f, 0.23f };
	const double x1[2] = { 3.75, 2.25 }, x2[2] = { 1.0, 0.75 };
	struct model m;
	struct design d;
	struct layer *l;
	struct error err = { { 0 } };
	double out[2];

	(void)state;
	model_init(&m);
	add_input(&m, 2);
	l = add_dense_cls(&m, "fc", "Dense", 2, 2);
	link_to(l, 0);
	add_tensor(l, "kernel", w, 2, 2, 2);
	add_tensor(l, "bias", b, 1, 2, 0);
	set_output(&m, 1);
	design_init(&d);
	set(&d, &m, "fc.precision.weight=ap_fixed<8,3>");
	set(&d, &m, "fc.precision.bias=ap_fixed<8,3>");
	set(&d, &m, "fc.precision.accum=ap_fixed<10,4>");
	set(&d, &m, "fc.precision.result=ap_fixed<6,2,AP_RND,AP_SAT>");

	assert_int_equal(infer_run(&m, &d, x1, 2, out, 2, &err), 2);
	assert_true(out[0] == -2.0);
	assert_true(out[1] == -0.125);
	assert_int_equal(infer_run(&m, &d, x2, 2, out, 2, &err), 2);
	assert_true(out[0] == 1.9375);
	assert_true(out[1] == 0.0625);

	/* With a saturating accumulator 8.75 stops at 8 - 1/64 and the
	 * result saturates high instead. */
	set(&d, &m, "fc.precision.accum=ap_fixed<10,4,AP_TRN,AP_SAT>");
	assert_int_equal(infer_run(&m, &d, x1, 2, out, 2, &err), 2);
	assert_true(out[0] == 1.9375);
	design_release(&d);
	model_release(&m);
}

/*
 * ReLU with result ap_ufixed<6,3> (step 1/8, [0, 8), TRN, WRAP) after an
 * ap_fixed<16,6> input (step 1/1024): -1.5 -> 0; 0 -> 0; 2.7 -> input
 * 2764/1024 = 2.69921875 -> 21.59/8 -> 21/8 = 2.625; 9.0 -> 72/8 wraps
 * mod 64 to 8/8 = 1.0. As linear: -1.5 wraps (unsigned, mod 8) to 6.5.
 */
static void relu_by_hand(void **state)
{
	const double x[4] = { -1.5, 0.0, 2.7, 9.0 };
	struct model m;
	struct design d;
	struct layer *l;
	struct error err = { { 0 } };
	double out[4];

	(void)state;
	model_init(&m);
	add_input(&m, 4);
	l = add_act(&m, "act", "Activation", ACT_RELU, 4);
	link_to(l, 0);
	set_output(&m, 1);
	design_init(&d);
	set(&d, &m, "act.precision.result=ap_ufixed<6,3>");
	assert_int_equal(infer_run(&m, &d, x, 4, out, 4, &err), 4);
	assert_true(out[0] == 0.0);
	assert_true(out[1] == 0.0);
	assert_true(out[2] == 2.625);
	assert_true(out[3] == 1.0);
	m.layers[1].activation = ACT_LINEAR;
	assert_int_equal(infer_run(&m, &d, x, 4, out, 4, &err), 4);
	assert_true(out[0] == 6.5);
	assert_true(out[2] == 2.625);
	design_release(&d);
	model_release(&m);
}

/*
 * BatchNormalization on 2x2 values (2 channels, channels last), epsilon
 * 0. scale_t and bias_t ap_fixed<8,3> (step 1/32), result
 * ap_fixed<8,3,AP_RND,AP_SAT> (step 1/32, max 3.96875).
 *  ch0: gamma 2.1, var 4 -> scale 2.1/2 = 1.05 -> 33.6/32 -> 33/32 =
 *       1.03125; bias 0.25 - 1 * 1.05 = -0.8 (from the unquantized
 *       scale) -> -25.6/32 -> floor -26/32 = -0.8125.
 *  ch1: gamma 0.5, var 0.0625 -> 0.5/0.25 = 2; bias -1 - 0*2 = -1.
 * x = (1.5, 0.75, -2, 3): x0 (ch0) 1.5*1.03125 - 0.8125 = 0.734375 =
 * 23.5/32 -> RND 24/32 = 0.75; x1 (ch1) 0.75*2 - 1 = 0.5; x2 (ch0)
 * -2*1.03125 - 0.8125 = -2.875; x3 (ch1) 3*2 - 1 = 5 -> 3.96875.
 */
static void batchnorm_by_hand(void **state)
{
	static const float g[2] = { 2.1f, 0.5f }, be[2] = { 0.25f, -1.0f };
	static const float mu[2] = { 1.0f, 0.0f }, var[2] = { 4.0f, 0.0625f };
	const double x[4] = { 1.5, 0.75, -2.0, 3.0 };
	struct model m;
	struct design d;
	struct layer *l;
	struct error err = { { 0 } };
	double out[4];

	(void)state;
	model_init(&m);
	l = model_add_layer(&m, "in", "InputLayer", LAYER_INPUT);
	l->out_shape.ndim = 2;
	l->out_shape.dim[0] = 2;
	l->out_shape.dim[1] = 2;
	l = model_add_layer(&m, "bn", "BatchNormalization", LAYER_BATCHNORM);
	l->in_shape = l->out_shape = m.layers[0].out_shape;
	l->bn_center = l->bn_scale = true;
	l->epsilon = 0;
	link_to(l, 0);
	add_tensor(l, "gamma", g, 1, 2, 0);
	add_tensor(l, "beta", be, 1, 2, 0);
	add_tensor(l, "moving_mean", mu, 1, 2, 0);
	add_tensor(l, "moving_variance", var, 1, 2, 0);
	set_output(&m, 1);
	design_init(&d);
	set(&d, &m, "bn.precision.scale=ap_fixed<8,3>");
	set(&d, &m, "bn.precision.bias=ap_fixed<8,3>");
	set(&d, &m, "bn.precision.result=ap_fixed<8,3,AP_RND,AP_SAT>");
	assert_int_equal(infer_run(&m, &d, x, 4, out, 4, &err), 4);
	assert_true(out[0] == 0.75);
	assert_true(out[1] == 0.5);
	assert_true(out[2] == -2.875);
	assert_true(out[3] == 3.96875);
	design_release(&d);
	model_release(&m);
}

/* infer_quantize's fast path agrees bit for bit with fixed_quantize on
 * values around every rounding and overflow edge. */
static void quantize_matches_fixed(void **state)
{
	static const char *types[] = {
		"ap_fixed<16,6>", "ap_fixed<10,4,AP_RND,AP_SAT>",
		"ap_ufixed<6,3>", "ap_ufixed<8,2,AP_RND,AP_SAT>",
		"ap_fixed<8,10>", "ap_fixed<8,-2,AP_RND>", "ap_fixed<52,20>",
		"ap_fixed<6,2,AP_RND_CONV,AP_SAT_SYM>", "ap_int<8>",
	};
	struct error err;
	unsigned seed = 12345;

	(void)state;
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		struct fixed_type t;
		double step;

		assert_int_equal(fixed_parse(types[i], &t, &err), 0);
		step = fixed_step(&t);
		for (int k = 0; k < 20000; k++) {
			double x;

			seed = seed * 1103515245u + 12345u;
			/* multiples of step/4 across twice the range */
			x = ((double)(int)(seed >> 8) / (1 << 23) - 0.5) * 4 *
				(fixed_max(&t) - fixed_min(&t) + step);
			if (k % 2)
				x = ldexp(round(ldexp(x / step, 2)), -2) * step;
			if (infer_quantize(&t, x) != fixed_quantize(&t, x))
				fail_msg("%s of %.17g: %.17g, fixed_quantize "
					 "%.17g", types[i], x,
					 infer_quantize(&t, x),
					 fixed_quantize(&t, x));
		}
	}
}

/* A convolution layer "cv" fed by the input layer, weights w. */
static struct layer *add_conv(struct model *m, enum layer_kind kind,
			      const struct shape *in, const struct shape *out,
			      int kh, int kw, int stride, enum padding pad,
			      const float *w, long n_w, const float *b)
{
	struct layer *l;

	model_init(m);
	l = model_add_layer(m, "in", "InputLayer", LAYER_INPUT);
	l->out_shape = *in;
	l = model_add_layer(m, "cv", kind == LAYER_CONV2D ? "Conv2D" :
			    "Conv1D", kind);
	l->in_shape = *in;
	l->out_shape = *out;
	l->kernel[0] = kh;
	l->kernel[1] = kw;
	l->strides[0] = l->strides[1] = stride;
	l->padding = pad;
	l->filters = out->dim[out->ndim - 1];
	l->use_bias = true;
	link_to(l, 0);
	add_tensor(l, "kernel", w, 1, n_w, 0);
	add_tensor(l, "bias", b, 1, l->filters, 0);
	set_output(m, 1);
	return l;
}

/*
 * Conv1D on 4 values x 1 channel, kernel 3, 1 filter, w = (0.25, -0.5,
 * 1), bias 0.125, ap_fixed<16,6> (all exact), x = (0.5, 1, 1.5, 2).
 * 'same', stride 2: out ceil(4/2) = 2, padding (2-1)*2 + 3 - 4 = 1, all
 * after: out0 = 0.125 + 0.125 - 0.5 + 1.5 = 1.25; out1 = 0.125 +
 * 1.5*0.25 + 2*-0.5 + 0*1 = -0.5. 'valid', stride 1: out0 1.25, out1 =
 * 0.125 + 0.25 - 0.75 + 2 = 1.625.
 */
static void conv1d_by_hand(void **state)
{
	static const float w[3] = { 0.25f, -0.5f, 1.0f }, b[1] = { 0.125f };
	const double x[4] = { 0.5, 1.0, 1.5, 2.0 };
	struct model m;
	struct design d;
	struct shape in = { 2, { 4, 1 } }, out = { 2, { 2, 1 } };
	struct error err = { { 0 } };
	double y[2];

	(void)state;
	add_conv(&m, LAYER_CONV1D, &in, &out, 1, 3, 2, PAD_SAME, w, 3, b);
	design_init(&d);
	assert_int_equal(infer_run(&m, &d, x, 4, y, 2, &err), 2);
	assert_true(y[0] == 1.25);
	assert_true(y[1] == -0.5);
	m.layers[1].strides[1] = 1;
	m.layers[1].padding = PAD_VALID;
	assert_int_equal(infer_run(&m, &d, x, 4, y, 2, &err), 2);
	assert_true(y[0] == 1.25);
	assert_true(y[1] == 1.625);
	design_release(&d);
	model_release(&m);
}

/*
 * Conv2D, ap_fixed<16,6>. (a) 2x2x2 input x_i = i + 1 (i over [y][x][c]),
 * kernel 2x2x2x1 w_i = 2^-i in [kh][kw][c][f] order, 'valid': one pixel,
 * sum (i+1)/2^i = 1 + 1 + 0.75 + 0.5 + 0.3125 + 0.1875 + 0.109375 +
 * 0.0625 = 3.921875 (bias 0); any other pairing of x and w differs.
 * (b) 2x2x1 input (1, 2, 3, 4), kernel 3x3 w = (1..9)/8, 'same' stride
 * 1: padding 2 per axis, 1 before. out(0,0) sees w 5, 6, 8, 9 on x 1, 2,
 * 3, 4: (5 + 12 + 24 + 36)/8 = 9.625; out(1,1) sees w 1, 2, 4, 5:
 * (1 + 4 + 12 + 20)/8 = 4.625.
 */
static void conv2d_by_hand(void **state)
{
	float w8[8], w9[9];
	static const float b0[1] = { 0.0f };
	double x8[8], y[4];
	const double x4[4] = { 1, 2, 3, 4 };
	struct model m;
	struct design d;
	struct shape in = { 3, { 2, 2, 2 } }, out = { 3, { 1, 1, 1 } };
	struct error err = { { 0 } };

	(void)state;
	for (int i = 0; i < 8; i++) {
		x8[i] = i + 1;
		w8[i] = ldexpf(1.0f, -i);
	}
	for (int i = 0; i < 9; i++)
		w9[i] = (float)(i + 1) / 8;
	add_conv(&m, LAYER_CONV2D, &in, &out, 2, 2, 1, PAD_VALID, w8, 8, b0);
	design_init(&d);
	assert_int_equal(infer_run(&m, &d, x8, 8, y, 4, &err), 1);
	assert_true(y[0] == 3.921875);
	model_release(&m);

	in.dim[2] = 1;
	out.dim[0] = out.dim[1] = 2;
	add_conv(&m, LAYER_CONV2D, &in, &out, 3, 3, 1, PAD_SAME, w9, 9, b0);
	assert_int_equal(infer_run(&m, &d, x4, 4, y, 4, &err), 4);
	assert_true(y[0] == 9.625);
	assert_true(y[3] == 4.625);
	design_release(&d);
	model_release(&m);
}

static void load(struct model *m, const char *path)
{
	struct error err = { { 0 } };

	model_init(m);
	if (keras_load(m, path, NULL, &err) < 0)
		fail_msg("%s: %s", path, err.msg);
}

/* The jet tagger with its softmax read as linear (the reference has no
 * softmax), so the output is the last Dense's logits. */
static void load_tagger(struct model *m)
{
	struct layer *l;

	load(m, "examples/jet_tagger.json");
	assert_int_equal(m->n_outputs, 1);
	l = &m->layers[m->outputs[0]];
	assert_int_equal(l->kind, LAYER_SOFTMAX);
	l->kind = LAYER_ACTIVATION;
	l->activation = ACT_LINEAR;
}

static void tagger_input(double *x, int n)
{
	/* on the 2^-10 grid, within +-3 */
	for (int i = 0; i < n; i++)
		x[i] = ((i * 37 + 11) % 23 - 11) * 0.25 + i / 1024.0;
}

#define MAXV 8192

/*
 * Wide design: every type ap_fixed<26,8> (step q = 2^-18, range
 * [-128, 128); products 52 bits, exact). The double pass checks that no
 * value (nor its bound) comes near 128, so nothing overflows.
 * Error bound, carried per value through the double forward pass below:
 * the input is on the grid (error 0). With E_i the bound on input i's
 * error and w the float weight, |x^ w^ - x w| <= E_i(|w| + q) + |x| q
 * (weights truncated by < q); each product's conversion to accum adds
 * < q; the bias adds < q; sums of grid values are exact and the result
 * is already on the result grid. So
 *   E_j = q + sum_i (E_i (|w_ij| + q) + |x_i| q + q).
 * ReLU and linear are 1-Lipschitz and exact on the grid: E unchanged.
 */
static void tagger_wide_vs_double(void **state)
{
	struct model m;
	struct design d;
	struct error err = { { 0 } };
	double x[MAXV], e[MAXV], got[MAXV];
	double (*val)[MAXV], (*bnd)[MAXV];
	const double q = ldexp(1, -18);
	double vmax = 0;
	int n, last;

	(void)state;
	load_tagger(&m);
	design_init(&d);
	set(&d, &m, "defaults.precision=ap_fixed<26,8>");
	val = xcalloc((size_t)m.n_layers, sizeof(*val));
	bnd = xcalloc((size_t)m.n_layers, sizeof(*bnd));
	n = (int)shape_size(&m.layers[0].out_shape);
	assert_int_equal(m.layers[0].kind, LAYER_INPUT);
	assert_int_equal(n, 16);
	tagger_input(x, n);
	for (int j = 0; j < n; j++) {
		val[0][j] = x[j];
		bnd[0][j] = 0;
	}
	for (int li = 1; li < m.n_layers; li++) {
		const struct layer *l = &m.layers[li];
		int src = l->inputs[0];
		long ni = shape_size(&m.layers[src].out_shape);
		long no = shape_size(&l->out_shape);

		assert_true(no <= MAXV);
		if (l->kind == LAYER_DENSE) {
			const struct tensor *k = layer_tensor(l, "kernel");
			const struct tensor *b = layer_tensor(l, "bias");

			for (long j = 0; j < no; j++) {
				double s = b->data[j], eb = q;

				for (long i = 0; i < ni; i++) {
					double w = k->data[i * no + j];

					s += val[src][i] * w;
					eb += bnd[src][i] * (fabs(w) + q) +
						fabs(val[src][i]) * q + q;
				}
				val[li][j] = s;
				bnd[li][j] = eb;
				vmax = fmax(vmax, fabs(s) + eb);
			}
		} else {
			assert_int_equal(l->kind, LAYER_ACTIVATION);
			for (long j = 0; j < no; j++) {
				double v = val[src][j];

				val[li][j] = l->activation == ACT_RELU &&
					v < 0 ? 0 : v;
				bnd[li][j] = bnd[src][j];
			}
		}
	}
	print_message("# largest |value| + bound %.3g\n", vmax);
	assert_true(vmax < 100);
	last = m.outputs[0];
	assert_int_equal(infer_run(&m, &d, x, n, got, MAXV, &err), 5);
	for (int j = 0; j < 5; j++) {
		e[j] = fabs(got[j] - val[last][j]);
		print_message("# logit %d: fixed %.9f double %.9f |diff| %.3g "
			      "bound %.3g\n", j, got[j], val[last][j], e[j],
			      bnd[last][j]);
		assert_true(e[j] <= bnd[last][j]);
		/* the bound is tight enough to catch a wrong weight */
		assert_true(bnd[last][j] < 0.05);
	}
	free(val);
	free(bnd);
	design_release(&d);
	model_release(&m);
}

/* Slow Conv1D/Conv2D 'valid' and max pooling 'valid' on fixed_quantize
 * (the window rule of nnet_conv*_latency / nnet_pooling). */
static void slow_window(const struct layer *l, const struct knobs *k,
			const double *x, double *y)
{
	bool two = l->in_shape.ndim == 3;
	long iw = l->in_shape.dim[two ? 1 : 0];
	long c = l->in_shape.dim[two ? 2 : 1];
	long ow = l->out_shape.dim[two ? 1 : 0];
	long f = l->out_shape.dim[two ? 2 : 1];
	long n_out = shape_size(&l->out_shape);
	bool pool = l->kind == LAYER_POOL1D || l->kind == LAYER_POOL2D;
	long kh = pool ? l->pool[0] : l->kernel[0];
	long kw = pool ? l->pool[1] : l->kernel[1];
	const struct fixed_type *at = &k->prec[PREC_ACCUM].type;
	const struct fixed_type *wt = &k->prec[PREC_WEIGHT].type;
	const struct fixed_type *bt = &k->prec[PREC_BIAS].type;

	for (long o = 0; o < n_out; o++) {
		long oy = o / f / ow, ox = o / f % ow, j = o % f;
		double acc = pool ? -1e300 : fixed_quantize(at,
			fixed_quantize(bt, layer_tensor(l, "bias")->data[j]));

		/* t runs over the window in [ky][kx][ch] order */
		for (long t = 0; t < kh * kw * c; t++) {
			long ky = t / c / kw, kx = t / c % kw, ch = t % c;
			long iy = oy * l->strides[0] + ky;
			long ix = ox * l->strides[1] + kx;
			double v = x[(iy * iw + ix) * c + ch], w;

			if (pool) {
				if (ch == j && v > acc)
					acc = v;
				continue;
			}
			w = fixed_quantize(wt, layer_tensor(l, "kernel")->
					   data[t * f + j]);
			acc = fixed_quantize(at, acc + fixed_quantize(at, v * w));
		}
		y[o] = fixed_quantize(&k->prec[PREC_RESULT].type, acc);
	}
}

/* A slow second implementation on fixed_quantize, straight from
 * hls4ml's nnet_dense_latency / nnet_activation, for Dense, relu,
 * linear, Flatten, 'valid' Conv and max pooling layers of m. */
static void slow_forward(const struct model *m, const struct design *d,
			 const double *x, double (*val)[MAXV])
{
	struct knobs k;

	design_resolve(d, m, 0, &k);
	for (long j = 0; j < shape_size(&m->layers[0].out_shape); j++)
		val[0][j] = fixed_quantize(&k.prec[PREC_RESULT].type, x[j]);
	for (int li = 1; li < m->n_layers; li++) {
		const struct layer *l = &m->layers[li];
		int src = l->inputs[0];
		long ni = shape_size(&m->layers[src].out_shape);
		long no = shape_size(&l->out_shape);
		const struct fixed_type *rt, *at, *wt, *bt;

		assert_true(no <= MAXV);
		design_resolve(d, m, li, &k);
		rt = &k.prec[PREC_RESULT].type;
		at = &k.prec[PREC_ACCUM].type;
		wt = &k.prec[PREC_WEIGHT].type;
		bt = &k.prec[PREC_BIAS].type;
		if (l->kind == LAYER_RESHAPE) {
			memcpy(val[li], val[src], (size_t)no * sizeof(double));
			continue;
		}
		if (l->kind != LAYER_DENSE && l->kind != LAYER_ACTIVATION) {
			slow_window(l, &k, val[src], val[li]);
			continue;
		}
		for (long j = 0; j < no; j++) {
			double acc;

			if (l->kind != LAYER_DENSE) {
				double v = val[src][j];

				val[li][j] = fixed_quantize(rt,
					l->activation == ACT_RELU && v <= 0 ?
					0 : v);
				continue;
			}
			acc = fixed_quantize(at, fixed_quantize(bt,
				layer_tensor(l, "bias")->data[j]));
			for (long i = 0; i < ni; i++) {
				double w = fixed_quantize(wt,
					layer_tensor(l, "kernel")->data[i * no + j]);

				acc = fixed_quantize(at, acc +
					fixed_quantize(at, val[src][i] * w));
			}
			val[li][j] = fixed_quantize(rt, acc);
		}
	}
}

/* hls4ml's default ap_fixed<16,6> everywhere, and a narrow mixed design
 * with rounding and saturation on some layers: exact agreement with the
 * slow implementation, on several inputs. */
static void tagger_exact_vs_slow(void **state)
{
	static const char *narrow[] = {
		"fc1.precision.weight=ap_fixed<6,1>",
		"fc1.precision.accum=ap_fixed<12,4>",
		"fc1_relu.precision.result=ap_ufixed<6,2,AP_RND,AP_SAT>",
		"fc2.precision.accum=ap_fixed<10,3,AP_RND,AP_SAT>",
		"fc2.precision.result=ap_fixed<8,2,AP_RND_CONV,AP_SAT_SYM>",
		"fc3.precision.weight=ap_fixed<4,1,AP_RND>",
	};
	struct model m;
	struct design d;
	struct error err = { { 0 } };
	double x[MAXV], got[MAXV];
	double (*val)[MAXV];
	int differ = 0;

	(void)state;
	load_tagger(&m);
	design_init(&d);
	val = xcalloc((size_t)m.n_layers, sizeof(*val));
	for (int pass = 0; pass < 2; pass++) {
		if (pass == 1)
			for (size_t i = 0; i < sizeof(narrow) / sizeof(*narrow);
			     i++)
				set(&d, &m, narrow[i]);
		for (int t = 0; t < 8; t++) {
			tagger_input(x, 16);
			for (int i = 0; i < 16; i++)
				x[i] = x[i] * (t + 1) / 3.0 - 0.1 * t;
			slow_forward(&m, &d, x, val);
			assert_int_equal(infer_run(&m, &d, x, 16, got, MAXV,
						   &err), 5);
			for (int j = 0; j < 5; j++) {
				if (got[j] != val[m.outputs[0]][j])
					fail_msg("pass %d input %d logit %d: "
						 "%.17g, slow %.17g", pass, t,
						 j, got[j],
						 val[m.outputs[0]][j]);
				differ += pass == 1 && t == 0 &&
					fabs(got[j]) > 0;
			}
		}
	}
	assert_true(differ > 0);
	free(val);
	design_release(&d);
	model_release(&m);
}

/* The bundled conv examples (Conv, relu, MaxPooling, Flatten, Dense;
 * softmax read as linear), ap_fixed<16,6> and a narrow saturating
 * accumulator: exact agreement with the slow implementation. */
static void conv_examples_exact_vs_slow(void **state)
{
	static const char *files[] = {
		"examples/conv1d_small.json", "examples/conv2d_small.json",
	};
	double (*val)[MAXV];

	(void)state;
	for (int fi = 0; fi < 2; fi++) {
		struct model m;
		struct design d;
		struct error err = { { 0 } };
		double x[MAXV], got[MAXV], first[MAXV];
		long n, no;
		int last, nonzero = 0, changed = 0;

		load(&m, files[fi]);
		last = m.outputs[0];
		assert_int_equal(m.layers[last].kind, LAYER_SOFTMAX);
		m.layers[last].kind = LAYER_ACTIVATION;
		m.layers[last].activation = ACT_LINEAR;
		n = shape_size(&m.layers[0].out_shape);
		no = shape_size(&m.layers[last].out_shape);
		assert_true(n <= MAXV);
		for (long i = 0; i < n; i++)
			x[i] = ((i * 29 + 7) % 31 - 15) / 8.0 + i / 4096.0;
		val = xcalloc((size_t)m.n_layers, sizeof(*val));
		design_init(&d);
		for (int pass = 0; pass < 2; pass++) {
			if (pass == 1)
				set(&d, &m, "defaults.precision.accum="
				    "ap_fixed<12,3,AP_RND,AP_SAT>");
			slow_forward(&m, &d, x, val);
			assert_int_equal(infer_run(&m, &d, x, (int)n, got, MAXV,
						   &err), (int)no);
			for (long j = 0; j < no; j++) {
				if (got[j] != val[last][j])
					fail_msg("%s pass %d output %ld: %.17g, "
						 "slow %.17g", files[fi], pass,
						 j, got[j], val[last][j]);
				if (pass == 0)
					first[j] = got[j];
				nonzero += got[j] != 0;
				changed += pass == 1 && got[j] != first[j];
			}
		}
		print_message("# %s: %d nonzero, %d changed by the narrow "
			      "accumulator\n", files[fi], nonzero, changed);
		assert_true(nonzero > 0);
		assert_true(changed > 0);
		free(val);
		design_release(&d);
		model_release(&m);
	}
}

/* Softmax as argmax (hls4ml's softmax_argmax): result_t 1 at the first
 * largest input, 0 elsewhere. x = (1, 3, 3, -2): the first 3 wins (index
 * 1). With result_t ap_fixed<4,1> (range [-1, 0.875]) 1.0 wraps to -1. */
static void argmax_by_hand(void **state)
{
	const double x[4] = { 1, 3, 3, -2 };
	struct model m;
	struct design d;
	struct layer *l;
	struct error err = { { 0 } };
	double out[4];

	(void)state;
	model_init(&m);
	add_input(&m, 4);
	l = model_add_layer(&m, "sm", "Activation", LAYER_SOFTMAX);
	shape1(&l->in_shape, 4);
	shape1(&l->out_shape, 4);
	l->activation = ACT_SOFTMAX;
	link_to(l, 0);
	set_output(&m, 1);
	design_init(&d);
	set(&d, &m, "sm.implementation=argmax");
	assert_int_equal(infer_run(&m, &d, x, 4, out, 4, &err), 4);
	assert_true(out[0] == 0 && out[1] == 1 && out[2] == 0 && out[3] == 0);
	set(&d, &m, "sm.precision.result=ap_fixed<4,1>");
	assert_int_equal(infer_run(&m, &d, x, 4, out, 4, &err), 4);
	assert_true(out[0] == 0 && out[1] == -1 && out[2] == 0 && out[3] == 0);
	design_release(&d);
	model_release(&m);
}

static void errors(void **state)
{
	struct model m;
	struct design d;
	struct error err = { { 0 } };
	double x[MAXV], out[MAXV];

	(void)state;
	tagger_input(x, 16);
	load(&m, "examples/jet_tagger.json");
	design_init(&d);
	assert_int_equal(infer_run(&m, &d, x, 16, out, MAXV, &err), -1);
	assert_non_null(strstr(err.msg, "softmax is computed by the reference "
			       "only with implementation argmax"));
	assert_non_null(strstr(err.msg, "layer '"));
	model_release(&m);

	load_tagger(&m);
	assert_int_equal(infer_run(&m, &d, x, 15, out, MAXV, &err), -1);
	assert_string_equal(err.msg, "input layer 'input_1' takes 16 values, "
			    "got 15");
	assert_int_equal(infer_run(&m, &d, x, 16, out, 4, &err), -1);
	assert_non_null(strstr(err.msg, "gives 5 values, room for 4"));

	set(&d, &m, "fc2.precision.accum=ap_fixed<60,20>");
	assert_int_equal(infer_run(&m, &d, x, 16, out, MAXV, &err), -1);
	assert_string_equal(err.msg, "layer 'fc2': precision.accum "
			    "ap_fixed<60,20> is wider than the 53 bits the "
			    "reference computes exactly");
	set(&d, &m, "fc2.precision.accum=default");
	set(&d, &m, "fc2.precision.weight=ap_fixed<40,8>");
	assert_int_equal(infer_run(&m, &d, x, 16, out, MAXV, &err), -1);
	assert_string_equal(err.msg, "layer 'fc2': the product of input and "
			    "weight needs 56 bits, more than the 53 the "
			    "reference computes exactly");
	set(&d, &m, "fc2.precision.weight=default");
	m.layers[2].activation = ACT_SIGMOID;
	assert_int_equal(infer_run(&m, &d, x, 16, out, MAXV, &err), -1);
	assert_non_null(strstr(err.msg, "activation 'sigmoid' is not "
			       "supported by the reference"));
	model_release(&m);

	load(&m, "examples/conv1d_small.json");
	for (int i = 0; i < m.n_layers; i++)
		if (m.layers[i].kind == LAYER_POOL1D)
			m.layers[i].pool_op = POOL_AVERAGE;
	for (long i = 0; i < shape_size(&m.layers[0].out_shape); i++)
		x[i] = 0.5;
	assert_int_equal(infer_run(&m, &d, x,
				   (int)shape_size(&m.layers[0].out_shape),
				   out, MAXV, &err), -1);
	assert_non_null(strstr(err.msg, "(Pooling1D): only 'valid' max "
			       "pooling is supported by the reference"));
	design_release(&d);
	model_release(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(dense_by_hand),
		cmocka_unit_test(relu_by_hand),
		cmocka_unit_test(batchnorm_by_hand),
		cmocka_unit_test(quantize_matches_fixed),
		cmocka_unit_test(conv1d_by_hand),
		cmocka_unit_test(conv2d_by_hand),
		cmocka_unit_test(tagger_wide_vs_double),
		cmocka_unit_test(tagger_exact_vs_slow),
		cmocka_unit_test(conv_examples_exact_vs_slow),
		cmocka_unit_test(argmax_by_hand),
		cmocka_unit_test(errors),
	};

	return cmocka_run_group_tests_name("infer", tests, NULL, NULL);
}
