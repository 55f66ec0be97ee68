/*
 * pool.c - per-layer model of hls4ml's pooling (nnet_pooling.h,
 * nnet_pooling_stream.h): Max/Average Pooling1D/2D with 'valid' or 'same'
 * padding, and global pooling.
 *
 * io_parallel: one PIPELINE II=RF over every output with ALLOCATION
 * pool_op limit = outputs/RF, so ceil(outputs/RF) pool_op instances, each
 * area-1 comparators (max) or adders (average, then a shift, or a constant
 * multiply when the area is not a power of two). Vivado's template divides
 * an average by the count of real (unpadded) inputs when 'same' padding
 * adds any, a divider per output; Vitis' does not (its baselines show no
 * cost for it).
 * io_stream: the line buffer of the convolutions, one padded input pixel
 * per cycle, one pack of C pool_ops.
 * Global pooling: a reduction over every pixel of each channel; io_stream
 * one pixel per cycle into C accumulators.
 *
 * Fitted constants (hls4ml baselines, ../shared/groundtruth/
 * hls4ml_baselines.csv, io_parallel RF 1 fixed<16,6>; the designs' FF are
 * the top level's input register, n_in x 16 + 2, not the layer's):
 *  POOL_CMP_LUT_PER_BIT: Vivado 2020.1 MaxPooling1D valid (5258 LUT over
 *    180 outputs x 16 bits); checked on MaxPooling2D valid and on Vitis.
 *  POOL_ADD_LUT_PER_BIT: Vivado 2020.1 AveragePooling1D valid (4178 LUT,
 *    180 adders of 17 bits); checked on AveragePooling2D valid, Vitis.
 *  POOL_DIV_*: Vivado 2020.1 AveragePooling1D same (LUT 89529, FF 137178
 *    less the input register, latency 21, 183 outputs); checked on
 *    AveragePooling2D same.
 *  POOL_STREAM_II_*: not fitted; the convolutions' line buffer constants.
 */
#include <strings.h>

#include "estimators/estimate.h"

#define POOL_CMP_LUT_PER_BIT 1.83
#define POOL_ADD_LUT_PER_BIT 1.365
#define POOL_CONST_MULT_LUT_PER_BIT 3.0
#define POOL_DIV_LUT_PER_BIT 29.1
#define POOL_DIV_FF_PER_BIT 44.9
#define POOL_DIV_LATENCY 21
#define POOL_STREAM_II_2D 5
#define POOL_STREAM_II_1D 4

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

static bool is_pow2(long n)
{
	return n > 0 && (n & (n - 1)) == 0;
}

static long same_pad(long in, long out, long k, long s)
{
	long p = (out - 1) * s + k - in;

	return p > 0 ? p : 0;
}

static int width_of(const struct precision *p)
{
	int w = res_width(p);

	return w > 0 ? w : 16;
}

/* LUTs of one pool_op over area inputs of w bits. */
static double op_lut(enum pool_op op, long area, int w)
{
	if (op == POOL_MAX)
		return (double)(area - 1) * w * POOL_CMP_LUT_PER_BIT;
	return (double)(area - 1) * (w + ceil_log2(area)) *
		POOL_ADD_LUT_PER_BIT +
		(is_pow2(area) ? 0 : w * POOL_CONST_MULT_LUT_PER_BIT);
}

/* Global pooling of px pixels x c channels. */
static void global_pool(const struct est_input *in, long px, long c, int w,
			bool stream, long rf, struct layer_est *o)
{
	enum pool_op op = in->l->pool_op;
	bool avg = op == POOL_AVERAGE;
	double per = op == POOL_MAX ? w * POOL_CMP_LUT_PER_BIT :
		(w + ceil_log2(px)) * POOL_ADD_LUT_PER_BIT;
	long div = avg && !is_pow2(px) ? 1 : 0;

	if (stream) {
		/* one pixel per cycle into c accumulators */
		o->lut = (double)c * (per + div * w *
				      POOL_CONST_MULT_LUT_PER_BIT);
		o->ff = (double)c * (w + ceil_log2(px));
		o->ii = px;
		o->latency = px + 1 + div;
		return;
	}
	/* ceil(c/rf) channel trees of px-1 operations, RF cycles */
	o->lut = (double)ceil_div(c, rf) * ((double)(px - 1) * per + div * w *
					    POOL_CONST_MULT_LUT_PER_BIT);
	o->ii = rf;
	o->latency = (rf - 1) + (avg ? ceil_log2(px) : ceil_log2(px) / 2) +
		div;
}

void est_pool(const struct est_input *in, struct layer_est *out)
{
	const struct layer *l = in->l;
	const struct shape *is = &l->in_shape, *os = &l->out_shape;
	bool stream = in->d && in->d->io_type == IO_STREAM;
	bool two_d = is->ndim == 3;
	bool global = l->kind == LAYER_GLOBAL_POOL1D ||
		l->kind == LAYER_GLOBAL_POOL2D;
	bool vivado = in->d && in->d->backend &&
		strcasecmp(in->d->backend, "vivado") == 0;
	long rf = in->k->reuse_factor > 0 ? in->k->reuse_factor : 1;
	int w = width_of(&in->in_type);
	long in_h, in_w, c, out_h, out_w, ph, pw, area, outs, ops, px_in;
	long depth = 0;
	bool divider;

	*out = (struct layer_est){ .ii = 1 };
	if (is->ndim < 2 || is->ndim > 3 || is->dim[is->ndim - 1] < 1 ||
	    shape_size(is) < 1 || shape_size(os) < 1) {
		out->warnings |= EST_W_UNSUPPORTED;
		return;
	}
	in_h = two_d ? is->dim[0] : 1;
	in_w = is->dim[two_d ? 1 : 0];
	c = is->dim[is->ndim - 1];
	if (global) {
		global_pool(in, in_h * in_w, c, w, stream, rf, out);
		return;
	}
	if (os->ndim != is->ndim || l->pool[1] < 1 ||
	    (two_d && l->pool[0] < 1)) {
		out->warnings |= EST_W_UNSUPPORTED;
		return;
	}
	out_h = two_d ? os->dim[0] : 1;
	out_w = os->dim[two_d ? 1 : 0];
	area = (long)(two_d ? l->pool[0] : 1) * l->pool[1];
	ph = pw = 0;
	if (l->padding == PAD_SAME) {
		ph = two_d ? same_pad(in_h, out_h, l->pool[0],
				      l->strides[0]) : 0;
		pw = same_pad(in_w, out_w, l->pool[1], l->strides[1]);
	}
	divider = l->pool_op == POOL_AVERAGE && (ph || pw) && vivado;
	outs = out_h * out_w * c;
	ops = stream ? c : ceil_div(outs, rf);
	out->lut = (double)ops * op_lut(l->pool_op, area, w);
	if (l->pool_op == POOL_AVERAGE && !is_pow2(area))
		depth = 1;
	if (divider) {
		out->lut += (double)ops * w * POOL_DIV_LUT_PER_BIT;
		out->ff += (double)ops * w * POOL_DIV_FF_PER_BIT;
		depth = POOL_DIV_LATENCY;
	}
	if (stream) {
		long kh = two_d ? l->pool[0] : 1;

		px_in = (in_h + ph) * (in_w + pw);
		out->ii = px_in + (two_d ? POOL_STREAM_II_2D :
				   POOL_STREAM_II_1D);
		out->latency = out->ii - 1 + depth;
		/* line buffer of kh-1 rows in SRLs, the window in FFs */
		out->lut += (double)ceil_div(in_w + pw, 32) * (kh - 1) * c * w;
		out->ff += (double)area * c * w;
		return;
	}
	out->ii = rf;
	out->latency = (rf - 1) + depth;
}
