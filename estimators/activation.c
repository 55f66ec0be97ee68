/*
 * activation.c - per-layer model of hls4ml's activations (nnet_activation.h,
 * nnet_activation_stream.h): comparator functions (linear, relu, relu6,
 * leaky, thresholded relu, hard sigmoid), lookup-table functions (sigmoid,
 * tanh, elu, selu, softplus, softsign), softmax (latency, stable, argmax,
 * legacy) and PReLU.
 *
 * io_parallel: one PIPELINE without II over all n values, so the reuse
 * factor is ignored (II 1). Each table read in the same cycle needs its own
 * port: a dual-port ROM serves two, so a table is replicated ceil(n/2)
 * times (hls4ml's Dense(64)+sigmoid: 32 BRAM18 of 1024 x 18).
 * io_stream: one pack (the last dimension) per cycle, the pack unrolled;
 * II = number of packs. Softmax in io_stream shares ceil(C/RF) multipliers
 * per pack (multiplier_limit), II C/limit per pack.
 *
 * Table ranges (hls4ml's init_*_table): sigmoid, softplus, softsign
 * [-8, 8), tanh [-4, 4), elu and selu [-8, 0).
 *
 * EST_W_TABLE_SMALL, what a user needs to know about a table:
 *  (a) the input can leave the table's range for a function that does not
 *      saturate there (softplus, softsign: every input beyond 8 gets the
 *      value at 8, far from the true one);
 *  (b) the table is the accuracy bottleneck: its step (range / size)
 *      times the function's steepest slope exceeds 2^-7, and the input
 *      resolves finer than that step (else the input, not the table,
 *      limits accuracy). Default sigmoid and tanh (1024 entries) pass.
 *
 * Fitted constants (hls4ml baselines, ../shared/groundtruth/
 * hls4ml_baselines.csv, csynth of whole Dense(64)+activation designs; the
 * activation's share is the design minus the same Dense with LeakyReLU
 * alpha 1, which HLS removes as the identity):
 *  ACT_CMP_LUT_PER_BIT: Vivado 2020.1 io_parallel ReLU (2224 - 602 LUT over
 *    64 x 16 bits); checked on Vitis 2023.1/2024.1.
 *  ACT_TABLE_LUT_PER_BIT, ACT_TABLE_FF_PER_BIT, ACT_TABLE_LATENCY: Vivado
 *    2020.1 io_parallel sigmoid (LUT 9884 - 602, FF 1047 - 18, latency 2 -
 *    0); checked on Vitis and on ELU.
 * Softmax, PReLU with non-zero alphas and the comparators other than relu
 * have no baseline: their figures follow the templates' operations.
 */
#include <math.h>

#include "estimators/estimate.h"

#define ACT_CMP_LUT_PER_BIT 1.58	/* compare and select, per bit */
#define ACT_CONST_MULT_LUT_PER_BIT 3.0	/* shift-add by a constant */
#define ACT_TABLE_LUT_PER_BIT 9.06	/* index and read, per input bit */
#define ACT_TABLE_FF_PER_BIT 1.0
#define ACT_TABLE_LATENCY 2
#define ACT_ADD_LUT_PER_BIT 1.0
#define ACT_MULT_LATENCY 3
#define ACT_TABLE_TOLERANCE (1.0 / 128)

enum act_class { CLASS_CMP, CLASS_TABLE, CLASS_SOFTMAX, CLASS_PRELU };

/* Table range [lo, hi), steepest slope and whether the function is flat
 * beyond the range, for the table functions. */
struct table_fn {
	double lo, hi, slope;
	bool saturates;
};

static bool table_fn(enum activation a, double alpha, struct table_fn *t)
{
	switch (a) {
	case ACT_SIGMOID:
		*t = (struct table_fn){ -8, 8, 0.25, true };
		return true;
	case ACT_TANH:
		*t = (struct table_fn){ -4, 4, 1, true };
		return true;
	case ACT_SOFTPLUS:
		*t = (struct table_fn){ -8, 8, 1, false };
		return true;
	case ACT_SOFTSIGN:
		*t = (struct table_fn){ -8, 8, 1, false };
		return true;
	case ACT_ELU:
		*t = (struct table_fn){ -8, 0, alpha > 0 ? alpha : 1, true };
		return true;
	case ACT_SELU:	/* lambda * alpha = 1.7581 at 0- */
		*t = (struct table_fn){ -8, 0, 1.7581, true };
		return true;
	default:
		return false;
	}
}

static long ceil_div(long a, long b)
{
	return b > 0 ? (a + b - 1) / b : 0;
}

static int ceil_log2(long n)
{
	int b = 0;

	while (n > 1 && (1L << b) < n)
		b++;
	return b;
}

static int width_of(const struct precision *p)
{
	int w = res_width(p);

	return w > 0 ? w : 16;
}

/* The activation function layer l computes. */
static enum activation act_of(const struct layer *l)
{
	if (l->kind == LAYER_SOFTMAX)
		return ACT_SOFTMAX;
	if (l->kind == LAYER_PRELU)
		return ACT_PRELU;
	return l->activation;
}

static enum act_class class_of(enum activation a)
{
	struct table_fn t;

	if (a == ACT_SOFTMAX)
		return CLASS_SOFTMAX;
	if (a == ACT_PRELU)
		return CLASS_PRELU;
	if (table_fn(a, 1, &t))
		return CLASS_TABLE;
	return CLASS_CMP;
}

/* True when x is 0 or +-2^k: a multiplication by it is wiring. */
static bool trivial_const(double x)
{
	int e;

	return x == 0 || fabs(frexp(x, &e)) == 0.5;
}

/* EST_W_TABLE_SMALL for a table of size entries over t, fed by type in. */
static bool table_small(const struct table_fn *t, long size,
			const struct fixed_type *in)
{
	double step = (t->hi - t->lo) / (double)size;

	if (!t->saturates && (fixed_max(in) > t->hi || fixed_min(in) < t->lo))
		return true;
	return t->slope * step > ACT_TABLE_TOLERANCE && fixed_step(in) < step;
}

/* Comparator activations: per value LUTs, extra latency. */
static void cmp_cost(const struct layer *l, int wr, double *lut_per,
		     long *lat)
{
	double cmp = ACT_CMP_LUT_PER_BIT * wr;

	*lat = 0;
	switch (l->activation) {
	case ACT_LINEAR:
		*lut_per = 0;
		break;
	case ACT_RELU:
		*lut_per = cmp;
		break;
	case ACT_LEAKY_RELU:
		*lut_per = l->alpha == 1 ? 0 : cmp;
		if (!trivial_const(l->alpha)) {
			*lut_per += ACT_CONST_MULT_LUT_PER_BIT * wr;
			*lat = 1;
		}
		break;
	case ACT_HARD_SIGMOID:	/* slope * x + 0.5, clamped to [0, 1] */
		*lut_per = 2 * cmp + (ACT_CONST_MULT_LUT_PER_BIT +
				      ACT_ADD_LUT_PER_BIT) * wr;
		*lat = 1;
		break;
	case ACT_RELU6:
	case ACT_THRESHOLDED_RELU:
	default:
		*lut_per = l->activation == ACT_RELU6 ? 2 * cmp : cmp;
		*lat = 1;
		break;
	}
}

/* Softmax over n values in lanes parallel lanes (n for io_parallel, the
 * pack for io_stream, divided by RF there). Fills o's resources and the
 * pipeline depth. */
static void softmax_cost(const struct est_input *in, long n, long lanes,
			 struct layer_est *o, long *depth)
{
	const struct knobs *k = in->k;
	bool impl = in->mode == EST_IMPL;
	enum dsp_kind kind = in->part ? in->part->dsp_kind : DSP48E2;
	int wi = width_of(&in->in_type);
	int we = width_of(&k->prec[PREC_EXP_TABLE]);
	int wv = width_of(&k->prec[PREC_INV_TABLE]);
	long t = k->table_size > 0 ? k->table_size : 1024;
	int lim = wi < wv ? wi : wv;
	struct mem_cost exp_m, inv_m;
	struct mult_cost mc;
	long lg = ceil_log2(n);

	/* fix_softmax_table_size: at most 2^min(input, inv table width) */
	if (lim < 30 && t > (1L << lim))
		t = 1L << lim;
	exp_m = res_memory(t, we, in->part, impl);
	inv_m = res_memory(t, wv, in->part, impl);
	mc = res_mult(we, true, wv, true, kind, impl);
	switch (k->implementation) {
	case SOFTMAX_ARGMAX:
		o->lut += (double)(n - 1) * wi * 2 * ACT_CMP_LUT_PER_BIT;
		*depth = lg;
		return;
	case SOFTMAX_LEGACY:
		/* exp of every pairwise difference, then 1/sum per value */
		o->lut += (double)n * n * wi * ACT_ADD_LUT_PER_BIT +
			(double)n * (n - 1) * we * ACT_ADD_LUT_PER_BIT;
		o->bram18 += ceil_div(n * lanes, 2) * exp_m.bram18 +
			ceil_div(lanes, 2) * inv_m.bram18;
		o->lut += ceil_div(n * lanes, 2) * exp_m.lut +
			ceil_div(lanes, 2) * inv_m.lut;
		*depth = ACT_TABLE_LATENCY * 2 + lg + 1;
		return;
	case SOFTMAX_STABLE:
		/* max tree and subtract the max first */
		o->lut += (double)(n - 1) * wi * 2 * ACT_CMP_LUT_PER_BIT +
			(double)n * wi * ACT_ADD_LUT_PER_BIT;
		*depth = lg + 1;
		break;
	case SOFTMAX_LATENCY:
	default:
		*depth = 0;
		break;
	}
	o->bram18 += ceil_div(lanes, 2) * exp_m.bram18 + inv_m.bram18;
	o->uram += ceil_div(lanes, 2) * exp_m.uram + inv_m.uram;
	o->lut += ceil_div(lanes, 2) * exp_m.lut + inv_m.lut;
	o->lut += (double)(n - 1) * we * ACT_ADD_LUT_PER_BIT;
	o->dsp += (double)lanes * mc.dsp;
	o->lut += (double)lanes * mc.lut;
	o->ff += (double)lanes * (we + wv + mc.ff);
	o->n_mult += lanes;
	*depth += 2 * ACT_TABLE_LATENCY + lg + ACT_MULT_LATENCY;
}

void est_activation(const struct est_input *in, struct layer_est *out)
{
	const struct layer *l = in->l;
	const struct knobs *k = in->k;
	const struct shape *sh = l->in_shape.ndim ? &l->in_shape :
		&l->out_shape;
	enum activation a = act_of(l);
	bool stream = in->d && in->d->io_type == IO_STREAM;
	bool impl = in->mode == EST_IMPL;
	enum dsp_kind kind = in->part ? in->part->dsp_kind : DSP48E2;
	long n = shape_size(sh), c, packs, lanes, depth = 0;
	long rf = k->reuse_factor > 0 ? k->reuse_factor : 1;
	int wi = width_of(&in->in_type), wr = width_of(&k->prec[PREC_RESULT]);
	double lut_per = 0;
	struct table_fn tf;

	*out = (struct layer_est){ .ii = 1 };
	if (n < 1 || sh->ndim < 1) {
		out->warnings |= EST_W_UNSUPPORTED;
		return;
	}
	c = sh->dim[sh->ndim - 1] > 0 ? sh->dim[sh->ndim - 1] : n;
	packs = stream ? n / c : 1;
	lanes = stream ? c : n;

	switch (class_of(a)) {
	case CLASS_CMP:
		cmp_cost(l, wr, &lut_per, &depth);
		out->lut = (double)lanes * lut_per;
		break;
	case CLASS_TABLE: {
		long t = k->table_size > 0 ? k->table_size : 1024;
		int wt = width_of(&k->prec[PREC_TABLE]);
		struct mem_cost m = res_memory(t, wt, in->part, impl);
		long copies = ceil_div(lanes, 2);

		table_fn(a, l->alpha, &tf);
		out->bram18 = (double)copies * m.bram18;
		out->uram = (double)copies * m.uram;
		out->lut = (double)copies * m.lut +
			(double)lanes * wi * ACT_TABLE_LUT_PER_BIT;
		out->ff = (double)lanes * wi * ACT_TABLE_FF_PER_BIT;
		depth = ACT_TABLE_LATENCY;
		/* elu's alpha and selu's lambda scale the table's value */
		if ((a == ACT_ELU && !trivial_const(l->alpha)) ||
		    a == ACT_SELU) {
			out->lut += (double)lanes * wr *
				ACT_CONST_MULT_LUT_PER_BIT;
			depth++;
		}
		if (table_small(&tf, t, &in->in_type.type))
			out->warnings |= EST_W_TABLE_SMALL;
		break;
	}
	case CLASS_SOFTMAX:
		if (stream && rf > 1)
			lanes = ceil_div(c, rf);
		softmax_cost(in, stream ? c : n, lanes, out, &depth);
		if (stream)
			packs *= ceil_div(c, lanes);
		break;
	case CLASS_PRELU: {
		/* alphas are constants: 0 and +-2^k fold, others multiply */
		const struct weight_stats *ws = in->ws;
		long nontriv = n;
		struct mult_cost mc = res_mult(wi, true,
					       width_of(&k->prec[PREC_WEIGHT]),
					       true, kind, impl);

		if (ws && ws->known && ws->n > 0)
			nontriv = (long)floor((double)(ws->n - ws->zeros -
						       ws->pow2) * (double)n /
					      (double)ws->n);
		if (nontriv < 0)
			nontriv = 0;
		if (stream)
			nontriv = ceil_div(nontriv * c, n);
		out->lut = (double)lanes * ACT_CMP_LUT_PER_BIT * wr +
			(double)nontriv * mc.lut;
		out->dsp = (double)nontriv * mc.dsp;
		out->n_mult = nontriv;
		depth = nontriv > 0 ? ACT_MULT_LATENCY : 0;
		if (mc.dsp > 1 && nontriv > 0)
			out->warnings |= EST_W_DSP_WIDE;
		break;
	}
	}
	out->ii = packs > 0 ? packs : 1;
	out->latency = stream ? packs + depth : depth;
}
