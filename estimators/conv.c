/*
 * conv.c - per-layer model of hls4ml's convolutions (Conv1D/2D,
 * DepthwiseConv1D/2D, SeparableConv1D/2D) as the Vivado/Vitis nnet_utils
 * templates build them. N is the products of one output pixel (K*C*F; K*C*dm
 * for depthwise), K the kernel area, PF the parallelization factor.
 *
 *  - io_parallel Latency (nnet_conv*_latency.h): im2col of PF pixels, a
 *    PartitionLoop over out_px/PF partitions at PIPELINE II=RF. Vivado's
 *    template caps the multipliers of all PF pixels together with
 *    ALLOCATION ceil(N/RF) - nz/RF; Vitis calls dense_latency once per
 *    pixel, so the cap is per pixel. When the cap binds the partition
 *    takes ceil(products/cap) cycles instead of RF.
 *  - io_parallel Resource (nnet_conv*_resource.h): per partition a
 *    ReuseLoop of RF cycles with PF*ceil(N/RF) multipliers; weights in a
 *    ROM of RF words of ceil(N/RF)*W bits when RF > 1.
 *  - io_stream LineBuffer (nnet_conv*_stream.h): one (padded) input pixel
 *    per RF cycles; (K_h-1)*C shift registers (SRLs) of depth in_w; 'same'
 *    padding is done by the zero-padding layer hls4ml inserts, counted here.
 *  - Separable: the depthwise stage then the pointwise stage, chained.
 *
 * Constant weights (Latency strategy, or RF 1, where the kernel is fully
 * partitioned) are folded by HLS: products by 0 and +-2^k vanish, one
 * with two canonical-signed-digit digits becomes one adder, and equal
 * magnitudes on the same input share a multiplier (the weight statistics
 * of resource.c count them). Without loaded weights every product is a
 * multiplier of the declared widths.
 *
 * Fitted constants, and the data each was fitted on (hls4ml pytest
 * baselines, ../shared/groundtruth/hls4ml_baselines.csv):
 *  CONV_LAT_DEPTH, CONV_LUT_PER_ADD_BIT, CONV_FF_PER_ADD_BIT:
 *    Vivado 2020.1 Conv2D 28x28x3 -> 32, 4x4/4, Resource RF 1 (DSP 740,
 *    II 49, latency 51-52, LUT 86819, FF 52870 of which 37634 = 2352 x 16
 *    + 2 are the top level's input register, as in every io_parallel
 *    pooling baseline); checked on Vitis 2024.1's run of the same design
 *    and on the depthwise rows.
 *  CONV_STREAM_II_2D / _1D: Vivado 2020.1 DepthwiseConv2D 32x32x3 (II 1029)
 *    and DepthwiseConv1D 32x3 (II 36), io_stream; checked on Vitis 2024.1.
 *  CONV_RES_OVERHEAD: not fitted (no baseline has Resource RF > 1); the
 *    ReuseLoop's fill and drain as the templates suggest.
 */
#include <math.h>
#include <strings.h>

#include "core/reuse.h"
#include "estimators/estimate.h"

#define CONV_LAT_DEPTH 2	/* io_parallel: latency = II + this */
#define CONV_RES_OVERHEAD 2	/* Resource RF > 1: cycles per partition */
#define CONV_STREAM_II_2D 5	/* io_stream 2-D: II = pixels*RF + this */
#define CONV_STREAM_II_1D 4
#define CONV_LUT_PER_ADD_BIT 2.43
#define CONV_FF_PER_ADD_BIT 0.6
#define UNROLL_LIMIT 4096

/* One multiplication stage: the whole layer, or one half of a separable
 * convolution. */
struct stage {
	long n_in, n_out;	/* hls4ml's mult size, for reuse factors */
	long prods;		/* products per output pixel */
	const struct tensor *t;	/* its kernel, NULL when not loaded */
	long out_px;		/* output pixels */
	long in_px;		/* input pixels streamed (padded) */
	long in_w;		/* padded input width (line buffer depth) */
	long c, kh, kw;		/* input channels and kernel */
};

/* Products of one output pixel by kind when weights are constants, and
 * the cost of one multiplier. */
struct prod_split {
	long mult;		/* need a multiplier (3+ CSD digits) */
	long shift;		/* one adder each (2 CSD digits) */
	long zeros;		/* vanish */
	int bits;		/* weight bits a multiplier sees */
	struct mult_cost mc;
};

static long ceil_div(long a, long b)
{
	return b > 0 ? (a + b - 1) / b : 0;
}

static int ceil_log2(long n)
{
	int b = 0;

	while (n > 1 && (1L << b) < n && b < 62)
		b++;
	return b;
}

static long max_l(long a, long b)
{
	return a > b ? a : b;
}

static long min_l(long a, long b)
{
	return a < b ? a : b;
}

static int width_of(const struct precision *p)
{
	int w = res_width(p);

	return w > 0 ? w : 16;
}

/* Total padding 'same' adds along one dimension (Keras' rule). */
static long same_pad(long in, long out, long k, long s)
{
	long p = (out - 1) * s + k - in;

	return p > 0 ? p : 0;
}

/* Fills the geometry of stage 0 (and stage 1 for separable) of l; returns
 * the number of stages, 0 when the shapes do not make sense. */
static int conv_stages(const struct layer *l, struct stage st[2])
{
	bool two_d = l->in_shape.ndim == 3;
	long in_h = two_d ? l->in_shape.dim[0] : 1;
	long in_w = l->in_shape.dim[two_d ? 1 : 0];
	long c = l->in_shape.dim[l->in_shape.ndim - 1];
	long out_h = two_d ? l->out_shape.dim[0] : 1;
	long out_w = l->out_shape.dim[two_d ? 1 : 0];
	long f = l->out_shape.dim[l->out_shape.ndim - 1];
	long kh = two_d ? l->kernel[0] : 1, kw = l->kernel[1];
	long dm = l->depth_multiplier > 0 ? l->depth_multiplier : 1;
	long ph = 0, pw = 0;
	bool dw = l->kind == LAYER_DEPTHWISE_CONV1D ||
		l->kind == LAYER_DEPTHWISE_CONV2D;
	bool sep = l->kind == LAYER_SEPARABLE_CONV1D ||
		l->kind == LAYER_SEPARABLE_CONV2D;

	if (l->in_shape.ndim < 2 || l->in_shape.ndim > 3 ||
	    l->out_shape.ndim != l->in_shape.ndim || in_h < 1 || in_w < 1 ||
	    c < 1 || out_h < 1 || out_w < 1 || f < 1 || kh < 1 || kw < 1)
		return 0;
	if (l->padding == PAD_SAME) {
		ph = same_pad(in_h, out_h, kh, two_d ? l->strides[0] : 1);
		pw = same_pad(in_w, out_w, kw, l->strides[1]);
	}
	st[0] = (struct stage){
		.n_in = (dw || sep) ? kh * kw : kh * kw * c,
		.n_out = (dw || sep) ? 1 : f,
		.prods = (dw || sep) ? kh * kw * c * dm : kh * kw * c * f,
		.t = layer_tensor(l, (dw || sep) ? "depthwise_kernel" :
				  "kernel"),
		.out_px = out_h * out_w,
		.in_px = (in_h + ph) * (in_w + pw),
		.in_w = in_w + pw,
		.c = c, .kh = kh, .kw = kw,
	};
	if (!sep)
		return 1;
	st[1] = (struct stage){
		.n_in = c * dm, .n_out = f, .prods = c * dm * f,
		.t = layer_tensor(l, "pointwise_kernel"),
		.out_px = out_h * out_w, .in_px = out_h * out_w, .in_w = out_w,
		.c = c * dm, .kh = 1, .kw = 1,
	};
	return 2;
}

/* Splits one pixel's products of stage s into multipliers, shift-adds
 * and zeros when its weights of type w are constants, from the layer's
 * weight statistics (a separable layer's are shared by its two stages in
 * proportion to their products); every product is a multiplier of the
 * declared width when the weights are not loaded. */
static void split_products(const struct stage *s, const struct est_input *in,
			   const struct fixed_type *w, int a,
			   struct prod_split *ps)
{
	const struct weight_stats *ws = in->ws;
	enum dsp_kind kind = in->part ? in->part->dsp_kind : DSP48E2;

	*ps = (struct prod_split){ .mult = s->prods, .bits = w->width };
	if (ws && ws->known && ws->n > 0) {
		double share = (double)s->prods / (double)ws->n;

		ps->mult = lround((double)ws->unique * share);
		ps->shift = lround((double)ws->shift_add * share);
		ps->zeros = lround((double)ws->zeros * share);
		if (ws->eff_bits > 0)
			ps->bits = ws->eff_bits;
	}
	ps->mc = res_mult(a, true, ps->bits, true, kind, in->mode == EST_IMPL);
}

/* hls4ml's replacement for an invalid reuse factor: the nearest valid one,
 * the smaller on a tie. */
static long fix_rf(long n_in, long n_out, long rf, unsigned *warn)
{
	long lo, hi;

	if (reuse_is_valid(n_in, n_out, rf))
		return rf;
	reuse_nearest(n_in, n_out, rf, &lo, &hi);
	*warn |= EST_W_RF_CHANGED;
	if (lo < 1)
		return hi > 0 ? hi : 1;
	if (hi < 1)
		return lo;
	return hi - rf < rf - lo ? hi : lo;
}

static long fix_pf(long px, long pf, unsigned *warn)
{
	long lo, hi;

	if (reuse_pf_is_valid(px, pf))
		return pf;
	reuse_pf_nearest(px, pf, &lo, &hi);
	*warn |= EST_W_RF_CHANGED;
	if (lo < 1)
		return hi > 0 ? hi : 1;
	if (hi < 1)
		return lo;
	return hi - pf < pf - lo ? hi : lo;
}

static bool vivado_backend(const struct est_input *in)
{
	return in->d && in->d->backend &&
		strcasecmp(in->d->backend, "vivado") == 0;
}

/* Estimates one stage into o (zeroed by the caller). */
static void conv_stage(const struct est_input *in, const struct stage *s,
		       int a, struct layer_est *o)
{
	const struct knobs *k = in->k;
	const struct fixed_type *w = &k->prec[PREC_WEIGHT].type;
	bool stream = in->d && in->d->io_type == IO_STREAM;
	bool resource = k->strategy == STRATEGY_RESOURCE;
	bool impl = in->mode == EST_IMPL;
	enum dsp_kind kind = in->part ? in->part->dsp_kind : DSP48E2;
	int acc = width_of(&k->prec[PREC_ACCUM]), wb = w->width;
	long rf = k->reuse_factor > 0 ? k->reuse_factor : 1;
	long pf = 1, nz = in->ws && in->ws->known ? in->ws->zeros : 0;
	long n_part, ii_part, n_mult, adds, cap, unrolled;
	struct prod_split ps;
	double lut = 0;

	if (resource)
		rf = fix_rf(s->n_in, s->n_out, rf, &o->warnings);
	if (!stream) {
		pf = k->parallelization_factor > 0 ?
			k->parallelization_factor : 1;
		pf = fix_pf(s->out_px, pf, &o->warnings);
		if (resource && rf > s->n_in)
			o->warnings |= EST_W_CONV_RF;
	}
	if (nz > s->prods)
		nz = s->prods;
	n_part = s->out_px / pf;
	cap = ceil_div(s->prods, rf) - nz / rf;
	if (cap < 1)
		cap = 1;

	if (!resource || rf == 1) {
		split_products(s, in, w, a, &ps);
		long inst = pf * ps.mult;	/* multiplies per partition */

		if (!resource && !stream && !vivado_backend(in))
			cap *= pf;	/* Vitis: one ALLOCATION per pixel */
		if (resource)
			cap = pf * s->prods;	/* RF 1: no ALLOCATION */
		n_mult = min_l(ceil_div(inst, rf), cap);
		ii_part = rf;
		if (n_mult > 0 && ceil_div(inst, n_mult) > rf)
			ii_part = ceil_div(inst, n_mult);
		adds = pf * (s->prods - ps.zeros);
		lut += (double)pf * ps.shift * (a + ps.bits) *
			CONV_LUT_PER_ADD_BIT;
		unrolled = pf * s->prods;
		o->dsp = (double)n_mult * ps.mc.dsp;
		lut += (double)n_mult * ps.mc.lut;
		o->ff += (double)n_mult * ps.mc.ff;
		if (ps.mc.dsp > 1)
			o->warnings |= EST_W_DSP_WIDE;
	} else {
		struct mult_cost mc = res_mult(a, true, wb, w->is_signed,
					       kind, impl);
		struct mem_cost mem = res_memory(rf, ceil_div(s->prods, rf) *
						 wb, in->part, impl);

		n_mult = pf * ceil_div(s->prods, rf);
		ii_part = rf + CONV_RES_OVERHEAD;
		adds = n_mult;
		unrolled = n_mult;
		o->dsp = (double)n_mult * mc.dsp;
		lut += (double)n_mult * mc.lut + mem.lut;
		o->ff += (double)n_mult * mc.ff + mem.ff;
		o->bram18 += mem.bram18;
		o->uram += mem.uram;
		if (mc.dsp > 1)
			o->warnings |= EST_W_DSP_WIDE;
	}
	if (unrolled > UNROLL_LIMIT)
		o->warnings |= EST_W_UNROLL;
	o->n_mult = n_mult;
	lut += (double)adds * acc * CONV_LUT_PER_ADD_BIT;
	o->ff += (double)adds * acc * CONV_FF_PER_ADD_BIT;

	if (stream) {
		long c2 = s->kh > 1 ? CONV_STREAM_II_2D : CONV_STREAM_II_1D;

		o->ii = s->in_px * ii_part + c2;
		o->latency = o->ii - 1;
		o->ff += (double)s->kh * s->kw * s->c * a;
		/* line buffer: ap_shift_reg, an SRL32 LUT per bit per 32 */
		if (s->kh > 1)
			lut += (double)ceil_div(s->in_w, 32) * (s->kh - 1) *
				s->c * a;
	} else {
		o->ii = n_part * ii_part;
		o->latency = o->ii + CONV_LAT_DEPTH;
		o->ff += (double)pf * s->kh * s->kw * s->c * a;
	}
	o->lut = lut;
}

void est_conv(const struct est_input *in, struct layer_est *out)
{
	const struct knobs *k = in->k;
	struct stage st[2];
	struct layer_est part;
	int n = conv_stages(in->l, st), a = width_of(&in->in_type), w_int;
	const struct fixed_type *w = &k->prec[PREC_WEIGHT].type;

	*out = (struct layer_est){ .ii = 1 };
	if (n == 0) {
		out->warnings |= EST_W_UNSUPPORTED;
		return;
	}
	/* a sum of n_in products needs the integer bits of both operands
	   (of the largest weight when known) plus ceil(log2 n_in), the rule
	   of dense.c */
	w_int = w->integer;
	if (in->ws && in->ws->known && in->ws->eff_bits > 0)
		w_int = in->ws->eff_bits - (w->width - w->integer);
	if (k->prec[PREC_ACCUM].type.integer <
	    in->in_type.type.integer + w_int + ceil_log2(st[0].n_in))
		out->warnings |= EST_W_WIDE_ACCUM;
	for (int i = 0; i < n; i++) {
		/* the pointwise stage reads the depthwise result (accum) */
		int ai = i == 0 ? a : width_of(&k->prec[PREC_ACCUM]);

		part = (struct layer_est){ 0 };
		conv_stage(in, &st[i], ai, &part);
		out->dsp += part.dsp;
		out->lut += part.lut;
		out->ff += part.ff;
		out->bram18 += part.bram18;
		out->uram += part.uram;
		out->n_mult += part.n_mult;
		out->warnings |= part.warnings;
		out->latency += part.latency;
		out->ii = max_l(out->ii, part.ii);
	}
}
