/*
 * infer.c - bit-accurate inference in hls4ml's fixed-point arithmetic.
 *
 * Values are held as doubles. A value of a type no wider than 53 bits is
 * exact in a double, and so is any product or sum whose exact width stays
 * within 53 bits; each layer checks the widths it forms before it runs
 * and refuses wider ones. Per layer (hls4ml's templates):
 *   Input       x -> result_t
 *   Dense       acc = (accum_t)bias; acc = (accum_t)(acc + (accum_t)(x*w))
 *               for inputs in order; out = (result_t)acc
 *   relu/linear out = (result_t)(x > 0 ? x : 0) / (result_t)x
 *   Conv1D/2D   the Dense rule per output pixel over its window
 *   MaxPooling  out = (result_t)max(window) ('valid')
 *   BatchNorm   out = (result_t)(x * scale + bias), scale and bias
 *               quantized to scale_t and bias_t
 *   Softmax     implementation argmax only: result_t 1 at the first
 *               largest input, 0 elsewhere
 *   Dropout, Flatten, Reshape: the values unchanged
 */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "infer.h"
#include "xalloc.h"

/* A type made ready for quick conversions: the fast path handles
 * TRN/RND with WRAP/SAT in scaled integers held as doubles. */
struct qconv {
	const struct fixed_type *t;
	bool fast, rnd, sat;
	double scale, inv;
	int64_t lo, hi, mask;
};

static void quant_init(struct qconv *q, const struct fixed_type *t)
{
	int f = fixed_frac_bits(t);

	q->t = t;
	q->fast = !t->is_int && t->sat_bits == 0 &&
		t->width <= INFER_MAX_BITS && f > -900 && f < 900 &&
		(t->round == FIXED_TRN || t->round == FIXED_RND) &&
		(t->sat == FIXED_WRAP || t->sat == FIXED_SAT);
	if (!q->fast)
		return;
	q->rnd = t->round == FIXED_RND;
	q->sat = t->sat == FIXED_SAT;
	q->scale = ldexp(1.0, f);
	q->inv = ldexp(1.0, -f);
	q->mask = ((int64_t)1 << t->width) - 1;
	q->lo = t->is_signed ? -((int64_t)1 << (t->width - 1)) : 0;
	q->hi = q->lo + q->mask;
}

/* `t v = x;` for q's type t. */
static inline double quant_apply(const struct qconv *q, double x)
{
	double s;
	int64_t v;

	if (!q->fast)
		return fixed_quantize(q->t, x);
	s = x * q->scale;
	if (!(fabs(s) < 0x1p52) || (s == 0 && x != 0))
		return fixed_quantize(q->t, x);
	v = (int64_t)s;			/* toward zero, exact */
	if ((double)v > s)
		v--;			/* floor */
	if (q->rnd && s - (double)v >= 0.5)
		v++;
	if (v < q->lo || v > q->hi) {
		if (q->sat)
			v = v < q->lo ? q->lo : q->hi;
		else
			v = ((v - q->lo) & q->mask) + q->lo;
	}
	return (double)v * q->inv + 0.0;
}

double infer_quantize(const struct fixed_type *t, double x)
{
	struct qconv q;

	quant_init(&q, t);
	return quant_apply(&q, x);
}

/* Bits that a value of the given integer and fraction bits needs. */
static int bits_of(int integer, int frac)
{
	return integer + frac;
}

/* Fails unless type t of slot (for layer l) fits INFER_MAX_BITS. */
static int check_type(const struct layer *l, const struct knobs *k,
		      enum prec_slot s, struct error *err)
{
	char b[FIXED_STR_MAX];
	const struct precision *p = &k->prec[s];

	if (p->is_auto)
		return error_set(err, "layer '%s': precision.%s 'auto' is not "
				 "supported by the reference", l->name,
				 prec_slot_name(s));
	if (p->type.width > INFER_MAX_BITS)
		return error_set(err, "layer '%s': precision.%s %s is wider "
				 "than the %d bits the reference computes "
				 "exactly", l->name, prec_slot_name(s),
				 fixed_format(&p->type, b, sizeof(b)),
				 INFER_MAX_BITS);
	return 0;
}

/* Fails when an intermediate of the given bits is too wide. */
static int check_bits(const struct layer *l, const char *what, int bits,
		      struct error *err)
{
	if (bits > INFER_MAX_BITS)
		return error_set(err, "layer '%s': the %s needs %d bits, more "
				 "than the %d the reference computes exactly",
				 l->name, what, bits, INFER_MAX_BITS);
	return 0;
}

static int unsupported(const struct layer *l, struct error *err)
{
	return error_set(err, "layer '%s' (%s) is not supported by the "
			 "reference", l->name, layer_kind_name(l->kind));
}

/* Tensor var of l with n values, or an error. */
static const float *need_tensor(const struct layer *l, const char *var,
				long n, struct error *err)
{
	const struct tensor *t = layer_tensor(l, var);

	if (!t || !t->data) {
		error_set(err, "layer '%s': no '%s' weights", l->name, var);
		return NULL;
	}
	if (shape_size(&t->shape) != n) {
		error_set(err, "layer '%s': '%s' has %ld values, expected %ld",
			  l->name, var, shape_size(&t->shape), n);
		return NULL;
	}
	return t->data;
}

/* True when an accumulator of WRAP type qa may sum c products of xt by
 * wt in scaled integers and wrap once at the end (wrapping is modular,
 * so the result is the same) with every partial sum exact. */
static bool defer_ok(const struct qconv *qa, const struct fixed_type *xt,
		     const struct fixed_type *wt, long c)
{
	int g = 0, pb, m;

	if (!qa->fast || qa->sat)
		return false;
	while (g < 62 && ((int64_t)1 << g) < c + 1)
		g++;
	pb = xt->integer + wt->integer + fixed_frac_bits(qa->t);
	m = pb > qa->t->width ? pb : qa->t->width;
	return m + g + 1 <= 52;
}

/* The exact product p converted to qa's type, in steps, unwrapped. */
static inline double units_of(const struct qconv *qa, double p)
{
	double s = p * qa->scale;
	int64_t v = (int64_t)s;

	if ((double)v > s)
		v--;
	if (qa->rnd && s - (double)v >= 0.5)
		v++;
	return (double)v;
}

/* acc[j] = (accum_t)(acc[j] + (accum_t)(x[i] * (weight_t)w[i][j])) for
 * the c inputs x in order, w row-major [c][f]; with defer (defer_ok),
 * in steps with one wrap at the end. */
static void mac_window(const double *x, const float *w, long c, long f,
		       const struct qconv *qw, const struct qconv *qa,
		       bool defer, double *acc)
{
	if (!defer) {
		for (long i = 0; i < c; i++) {
			const float *wr = w + i * f;

			for (long j = 0; j < f; j++) {
				double p = x[i] * quant_apply(qw, wr[j]);

				acc[j] = quant_apply(qa, acc[j] +
						     quant_apply(qa, p));
			}
		}
		return;
	}
	for (long j = 0; j < f; j++)
		acc[j] *= qa->scale;
	for (long i = 0; i < c; i++) {
		const float *wr = w + i * f;

		for (long j = 0; j < f; j++)
			acc[j] += units_of(qa, x[i] * quant_apply(qw, wr[j]));
	}
	for (long j = 0; j < f; j++) {
		int64_t v = (int64_t)acc[j];

		v = ((v - qa->lo) & qa->mask) + qa->lo;
		acc[j] = (double)v * qa->inv + 0.0;
	}
}

/* Dense n_in -> n_out as nnet_dense_latency computes it. */
static int run_dense(const struct layer *l, const struct knobs *k,
		     const struct fixed_type *xt, const double *x, long n_x,
		     double *y, long n_y, struct error *err)
{
	const struct fixed_type *wt = &k->prec[PREC_WEIGHT].type;
	const struct fixed_type *bt = &k->prec[PREC_BIAS].type;
	const struct fixed_type *at = &k->prec[PREC_ACCUM].type;
	const struct fixed_type *rt = &k->prec[PREC_RESULT].type;
	const float *w, *b = NULL;
	const struct tensor *kt = layer_tensor(l, "kernel");
	struct qconv qw, qb, qa, qr;

	if (l->bn_fused)
		return unsupported(l, err);
	if (!kt || kt->shape.ndim != 2 || kt->shape.dim[1] != n_y)
		return error_set(err, "layer '%s': no kernel of shape "
				 "[%ld, %ld]", l->name, n_x, n_y);
	if (kt->shape.dim[0] != n_x)
		return error_set(err, "layer '%s': kernel takes %ld inputs, "
				 "the layer gets %ld", l->name,
				 kt->shape.dim[0], n_x);
	if (check_type(l, k, PREC_WEIGHT, err) < 0 ||
	    check_type(l, k, PREC_BIAS, err) < 0 ||
	    check_type(l, k, PREC_ACCUM, err) < 0 ||
	    check_bits(l, "product of input and weight",
		       xt->width + wt->width, err) < 0 ||
	    check_bits(l, "accumulator sum", at->width + 1, err) < 0)
		return -1;
	if (!(w = need_tensor(l, "kernel", n_x * n_y, err)))
		return -1;
	if (l->use_bias && !(b = need_tensor(l, "bias", n_y, err)))
		return -1;
	quant_init(&qw, wt);
	quant_init(&qb, bt);
	quant_init(&qa, at);
	quant_init(&qr, rt);
	for (long j = 0; j < n_y; j++)
		y[j] = b ? quant_apply(&qa, quant_apply(&qb, b[j])) : 0;
	mac_window(x, w, n_x, n_y, &qw, &qa, defer_ok(&qa, xt, wt, n_x), y);
	for (long j = 0; j < n_y; j++)
		y[j] = quant_apply(&qr, y[j]);
	return 0;
}

/* Conv1D / Conv2D, channels last, as hls4ml's im2col kernels: per
 * output pixel a Dense over the window in [kh][kw][c] order; 'same'
 * padding adds zeros (floor half the padding before). */
static int run_conv(const struct layer *l, const struct knobs *k,
		    const struct fixed_type *xt, const double *x, long n_x,
		    double *y, struct error *err)
{
	bool two = l->kind == LAYER_CONV2D;
	const struct shape *is = &l->in_shape, *os = &l->out_shape;
	long ih = two ? is->dim[0] : 1, iw = is->dim[two ? 1 : 0];
	long c = is->dim[two ? 2 : 1];
	long oh = two ? os->dim[0] : 1, ow = os->dim[two ? 1 : 0];
	long f = os->dim[two ? 2 : 1];
	long kh = two ? l->kernel[0] : 1, kw = l->kernel[1];
	long sh = two ? l->strides[0] : 1, sw = l->strides[1];
	long pt = 0, pl = 0, n_w = kh * kw * c;
	const float *w, *b = NULL;
	struct qconv qw, qb, qa, qr;
	bool defer;

	if (is->ndim != (two ? 3 : 2) || os->ndim != is->ndim || kh < 1 ||
	    kw < 1 || sh < 1 || sw < 1 || ih * iw * c != n_x)
		return error_set(err, "layer '%s': shapes do not describe a "
				 "convolution", l->name);
	if (l->bn_fused)
		return unsupported(l, err);
	if (check_type(l, k, PREC_WEIGHT, err) < 0 ||
	    check_type(l, k, PREC_BIAS, err) < 0 ||
	    check_type(l, k, PREC_ACCUM, err) < 0 ||
	    check_bits(l, "product of input and weight",
		       xt->width + k->prec[PREC_WEIGHT].type.width, err) < 0 ||
	    check_bits(l, "accumulator sum",
		       k->prec[PREC_ACCUM].type.width + 1, err) < 0)
		return -1;
	if (!(w = need_tensor(l, "kernel", n_w * f, err)))
		return -1;
	if (l->use_bias && !(b = need_tensor(l, "bias", f, err)))
		return -1;
	if (l->padding == PAD_SAME) {
		long th = (oh - 1) * sh + kh - ih, tw = (ow - 1) * sw + kw - iw;

		pt = th > 0 ? th / 2 : 0;
		pl = tw > 0 ? tw / 2 : 0;
	}
	quant_init(&qw, &k->prec[PREC_WEIGHT].type);
	quant_init(&qb, &k->prec[PREC_BIAS].type);
	quant_init(&qa, &k->prec[PREC_ACCUM].type);
	quant_init(&qr, &k->prec[PREC_RESULT].type);
	defer = defer_ok(&qa, xt, &k->prec[PREC_WEIGHT].type, c);
	for (long oy = 0; oy < oh; oy++) {
		for (long ox = 0; ox < ow; ox++) {
			double *out = y + (oy * ow + ox) * f;

			for (long j = 0; j < f; j++)
				out[j] = b ? quant_apply(&qa,
					quant_apply(&qb, b[j])) : 0;
			for (long ky = 0; ky < kh; ky++) {
				long iy = oy * sh + ky - pt;

				for (long kx = 0; kx < kw; kx++) {
					long ix = ox * sw + kx - pl;

					if (iy < 0 || iy >= ih || ix < 0 ||
					    ix >= iw)
						continue; /* zeros add 0 */
					mac_window(x + (iy * iw + ix) * c,
						   w + (ky * kw + kx) * c * f,
						   c, f, &qw, &qa, defer, out);
				}
			}
			for (long j = 0; j < f; j++)
				out[j] = quant_apply(&qr, out[j]);
		}
	}
	return 0;
}

/* Max pooling 'valid' (1-D and 2-D, channels last): the window's
 * largest value, converted to result_t. */
static int run_maxpool(const struct layer *l, const struct knobs *k,
		       const double *x, long n_x, double *y,
		       struct error *err)
{
	bool two = l->kind == LAYER_POOL2D;
	const struct shape *is = &l->in_shape, *os = &l->out_shape;
	long ih = two ? is->dim[0] : 1, iw = is->dim[two ? 1 : 0];
	long c = is->dim[two ? 2 : 1];
	long oh = two ? os->dim[0] : 1, ow = os->dim[two ? 1 : 0];
	long ph = l->pool[0], pw = l->pool[1];
	long sh = l->strides[0], sw = l->strides[1];
	struct qconv qr;

	if (l->pool_op != POOL_MAX || l->padding != PAD_VALID)
		return error_set(err, "layer '%s' (%s): only 'valid' max "
				 "pooling is supported by the reference",
				 l->name, layer_kind_name(l->kind));
	if (is->ndim != (two ? 3 : 2) || os->ndim != is->ndim || ph < 1 ||
	    pw < 1 || sh < 1 || sw < 1 || ih * iw * c != n_x ||
	    os->dim[two ? 2 : 1] != c || (oh - 1) * sh + ph > ih ||
	    (ow - 1) * sw + pw > iw)
		return error_set(err, "layer '%s': shapes do not describe a "
				 "pooling", l->name);
	quant_init(&qr, &k->prec[PREC_RESULT].type);
	for (long o = 0; o < oh * ow * c; o++) {
		long oy = o / c / ow, ox = o / c % ow, ch = o % c;
		double m = -INFINITY;

		for (long py = 0; py < ph; py++) {
			const double *row = x + ((oy * sh + py) * iw +
						 ox * sw) * c + ch;

			for (long px = 0; px < pw; px++)
				m = row[px * c] > m ? row[px * c] : m;
		}
		y[o] = quant_apply(&qr, m);
	}
	return 0;
}

/* relu and linear activations. */
static int run_activation(const struct layer *l, const struct knobs *k,
			  const double *x, double *y, long n,
			  struct error *err)
{
	struct qconv qr;

	quant_init(&qr, &k->prec[PREC_RESULT].type);
	if (l->activation != ACT_RELU && l->activation != ACT_LINEAR)
		return error_set(err, "layer '%s': activation '%s' is not "
				 "supported by the reference", l->name,
				 activation_name(l->activation));
	for (long i = 0; i < n; i++)
		y[i] = quant_apply(&qr, l->activation == ACT_RELU &&
				   !(x[i] > 0) ? 0 : x[i]);
	return 0;
}

int infer_bn_coeffs(const struct layer *l, long c, float *scale,
		    float *bias, struct error *err)
{
	const float *g = NULL, *be = NULL, *mu, *var;

	if ((l->bn_scale && !(g = need_tensor(l, "gamma", c, err))) ||
	    (l->bn_center && !(be = need_tensor(l, "beta", c, err))) ||
	    !(mu = need_tensor(l, "moving_mean", c, err)) ||
	    !(var = need_tensor(l, "moving_variance", c, err)))
		return -1;
	for (long ch = 0; ch < c; ch++) {
		float eps = (float)l->epsilon;
		float sum = var[ch] + eps;
		float root = sqrtf(sum);
		float sc = (g ? g[ch] : 1.0f) / root;
		float prod = mu[ch] * sc;

		scale[ch] = sc;
		bias[ch] = (be ? be[ch] : 0.0f) - prod;
	}
	return 0;
}

/* BatchNormalization over the last axis with the coefficients of
 * infer_bn_coeffs quantized to scale_t and bias_t. */
static int run_batchnorm(const struct layer *l, const struct knobs *k,
			 const struct fixed_type *xt, const double *x,
			 double *y, long n, struct error *err)
{
	const struct fixed_type *st = &k->prec[PREC_SCALE].type;
	const struct fixed_type *bt = &k->prec[PREC_BIAS].type;
	const struct fixed_type *rt = &k->prec[PREC_RESULT].type;
	long c = l->out_shape.ndim ? l->out_shape.dim[l->out_shape.ndim - 1]
		: 1;
	int pi = xt->integer + st->integer, pf = fixed_frac_bits(xt) + fixed_frac_bits(st);
	int si = (pi > bt->integer ? pi : bt->integer) + 1;
	int sf = pf > fixed_frac_bits(bt) ? pf : fixed_frac_bits(bt);
	float *sc, *bi;
	struct qconv qr;

	if (c <= 0 || n % c != 0)
		return error_set(err, "layer '%s': %ld values do not split "
				 "into %ld channels", l->name, n, c);
	if (check_type(l, k, PREC_SCALE, err) < 0 ||
	    check_type(l, k, PREC_BIAS, err) < 0 ||
	    check_bits(l, "product of input and scale", bits_of(pi, pf),
		       err) < 0 ||
	    check_bits(l, "sum of product and bias", bits_of(si, sf),
		       err) < 0)
		return -1;
	sc = xcalloc((size_t)c, sizeof(*sc));
	bi = xcalloc((size_t)c, sizeof(*bi));
	if (infer_bn_coeffs(l, c, sc, bi, err) < 0) {
		free(sc);
		free(bi);
		return -1;
	}
	quant_init(&qr, rt);
	for (long ch = 0; ch < c; ch++) {
		double s = infer_quantize(st, sc[ch]);
		double bq = infer_quantize(bt, bi[ch]);

		for (long i = ch; i < n; i += c)
			y[i] = quant_apply(&qr, x[i] * s + bq);
	}
	free(sc);
	free(bi);
	return 0;
}

/* Softmax with implementation argmax (hls4ml's softmax_argmax): result_t
 * 1 at the first largest input, 0 elsewhere. */
static int run_argmax(const struct layer *l, const struct knobs *k,
		      const double *x, double *y, long n, struct error *err)
{
	long best = 0;

	if (k->implementation != SOFTMAX_ARGMAX)
		return error_set(err, "layer '%s': softmax is computed by the "
				 "reference only with implementation argmax",
				 l->name);
	for (long i = 1; i < n; i++)
		if (x[i] > x[best])
			best = i;
	for (long i = 0; i < n; i++)
		y[i] = 0;
	if (n > 0)
		y[best] = infer_quantize(&k->prec[PREC_RESULT].type, 1.0);
	return 0;
}

/* Runs layer li into v[li]; types[li] is its result type. */
static int run_layer(const struct model *m, const struct design *d, int li,
		     double **v, const struct fixed_type *types,
		     struct error *err)
{
	const struct layer *l = &m->layers[li];
	struct knobs k;
	long n = shape_size(&l->out_shape), n_x;
	int src;

	design_resolve(d, m, li, &k);
	if (l->n_inputs != 1)
		return unsupported(l, err);
	src = l->inputs[0];
	if (src < 0 || src >= li || !v[src])
		return error_set(err, "layer '%s': its input is not computed "
				 "before it", l->name);
	n_x = shape_size(&m->layers[src].out_shape);
	switch (l->kind) {
	case LAYER_DENSE:
		if (check_type(l, &k, PREC_RESULT, err) < 0)
			return -1;
		return run_dense(l, &k, &types[src], v[src], n_x, v[li], n,
				 err);
	case LAYER_CONV1D:
	case LAYER_CONV2D:
		if (check_type(l, &k, PREC_RESULT, err) < 0)
			return -1;
		return run_conv(l, &k, &types[src], v[src], n_x, v[li], err);
	case LAYER_SOFTMAX:
		if (n_x != n)
			return error_set(err, "layer '%s': gets %ld values, "
					 "gives %ld", l->name, n_x, n);
		if (check_type(l, &k, PREC_RESULT, err) < 0)
			return -1;
		return run_argmax(l, &k, v[src], v[li], n, err);
	case LAYER_ACTIVATION:
	case LAYER_BATCHNORM:
		if (n_x != n)
			return error_set(err, "layer '%s': gets %ld values, "
					 "gives %ld", l->name, n_x, n);
		if (check_type(l, &k, PREC_RESULT, err) < 0)
			return -1;
		if (l->kind == LAYER_ACTIVATION)
			return run_activation(l, &k, v[src], v[li], n, err);
		return run_batchnorm(l, &k, &types[src], v[src], v[li], n,
				     err);
	case LAYER_POOL1D:
	case LAYER_POOL2D:
		if (check_type(l, &k, PREC_RESULT, err) < 0)
			return -1;
		return run_maxpool(l, &k, v[src], n_x, v[li], err);
	case LAYER_DROPOUT:
	case LAYER_RESHAPE:
		if (n_x != n)
			return error_set(err, "layer '%s': gets %ld values, "
					 "gives %ld", l->name, n_x, n);
		memcpy(v[li], v[src], (size_t)n * sizeof(double));
		return 0;
	default:
		return unsupported(l, err);
	}
}

/* The result type layer li's values have (a reshape keeps its input's). */
static struct fixed_type result_type(const struct model *m,
				     const struct design *d, int li,
				     const struct fixed_type *types)
{
	const struct layer *l = &m->layers[li];
	struct knobs k;

	if ((l->kind == LAYER_DROPOUT || l->kind == LAYER_RESHAPE) &&
	    l->n_inputs == 1 && l->inputs[0] >= 0 && l->inputs[0] < li)
		return types[l->inputs[0]];
	design_resolve(d, m, li, &k);
	return k.prec[PREC_RESULT].type;
}

int infer_run(const struct model *m, const struct design *d,
	      const double *in, int n_in, double *out, int n_out,
	      struct error *err)
{
	double **v;
	struct fixed_type *types;
	int first = -1, last, rc = -1;
	long n;

	for (int i = 0; i < m->n_layers; i++) {
		if (m->layers[i].kind != LAYER_INPUT)
			continue;
		if (first >= 0)
			return error_set(err, "model '%s' has more than one "
					 "input layer", m->name ? m->name : "");
		first = i;
	}
	if (first < 0)
		return error_set(err, "model '%s' has no input layer",
				 m->name ? m->name : "");
	if (m->n_outputs != 1)
		return error_set(err, "model '%s' has %d outputs, the "
				 "reference runs models with one",
				 m->name ? m->name : "", m->n_outputs);
	last = m->outputs[0];
	n = shape_size(&m->layers[first].out_shape);
	if (n_in != n)
		return error_set(err, "input layer '%s' takes %ld values, got "
				 "%d", m->layers[first].name, n, n_in);
	n = shape_size(&m->layers[last].out_shape);
	if (n_out < n)
		return error_set(err, "output layer '%s' gives %ld values, "
				 "room for %d", m->layers[last].name, n, n_out);

	v = xcalloc((size_t)m->n_layers, sizeof(*v));
	types = xcalloc((size_t)m->n_layers, sizeof(*types));
	for (int i = 0; i <= last; i++) {
		const struct layer *l = &m->layers[i];
		long ni = shape_size(&l->out_shape);

		v[i] = xcalloc((size_t)(ni > 0 ? ni : 1), sizeof(double));
		types[i] = result_type(m, d, i, types);
		if (i == first) {
			struct knobs k;

			design_resolve(d, m, i, &k);
			if (check_type(l, &k, PREC_RESULT, err) < 0)
				goto out;
			for (long j = 0; j < ni; j++)
				v[i][j] = infer_quantize(&types[i], in[j]);
		} else if (run_layer(m, d, i, v, types, err) < 0) {
			goto out;
		}
	}
	memcpy(out, v[last], (size_t)n * sizeof(double));
	rc = (int)n;
out:
	for (int i = 0; i < m->n_layers; i++)
		free(v[i]);
	free(v);
	free(types);
	return rc;
}
