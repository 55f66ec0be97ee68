/*
 * merge.c - per-layer model of hls4ml's merge layers (nnet_merge.h,
 * nnet_merge_stream.h): Add, Subtract, Average, Maximum, Minimum and
 * Multiply element by element, and Concatenate.
 *
 * io_parallel: one PIPELINE without II over all n outputs (the reuse
 * factor is ignored, II 1): an adder (Add, Subtract, Average then a
 * shift), a comparator and select (Maximum, Minimum) or a multiplier of
 * two variables (Multiply) per output and per extra input. Concatenate is
 * wiring. io_stream: one pack (the last dimension) per cycle, II = packs;
 * Concatenate copies every output pack, II = output pixels.
 *
 * The second input's type is its producer's result type (resolved from
 * the design); 'auto' or unknown falls back to the first input's.
 * No hls4ml baseline has a merge layer; per-bit costs are those of
 * activation.c (adders) and pool.c (comparators, fitted on Vivado 2020.1
 * MaxPooling1D), unfitted here.
 */
#include "estimators/estimate.h"

#define MERGE_ADD_LUT_PER_BIT 1.0
#define MERGE_CMP_LUT_PER_BIT 1.83
#define MERGE_MULT_LATENCY 3

static int width_of(const struct precision *p)
{
	int w = res_width(p);

	return w > 0 ? w : 16;
}

/* Width of input j of l (j >= 1): its producer's result type. */
static int input_width(const struct est_input *in, int j, int fallback)
{
	const struct layer *l = in->l;
	struct knobs pk;
	int src;

	if (!in->m || !in->d || j >= l->n_inputs)
		return fallback;
	src = l->inputs[j];
	if (src < 0 || src >= in->m->n_layers)
		return fallback;
	design_resolve(in->d, in->m, src, &pk);
	if (pk.prec[PREC_RESULT].is_auto || !pk.prec[PREC_RESULT].set)
		return fallback;
	return width_of(&pk.prec[PREC_RESULT]);
}

void est_merge(const struct est_input *in, struct layer_est *out)
{
	const struct layer *l = in->l;
	const struct shape *sh = &l->out_shape;
	bool stream = in->d && in->d->io_type == IO_STREAM;
	long n = shape_size(sh), c, lanes, packs;
	int a = width_of(&in->in_type), extra;
	int wr = width_of(&in->k->prec[PREC_RESULT]);

	*out = (struct layer_est){ .ii = 1 };
	if (sh->ndim < 1 || n < 1 || sh->dim[sh->ndim - 1] < 1) {
		out->warnings |= EST_W_UNSUPPORTED;
		return;
	}
	c = sh->dim[sh->ndim - 1];
	lanes = stream ? c : n;
	packs = stream ? n / c : 1;
	extra = l->n_inputs > 1 ? l->n_inputs - 1 : 1;
	if (l->kind == LAYER_CONCATENATE) {
		/* wiring; a stream copies each output pack through */
		out->ff = stream ? (double)c * wr : 0;
		out->ii = packs;
		out->latency = stream ? packs : 0;
		return;
	}
	for (int j = 1; j <= extra; j++) {
		int b = input_width(in, j, a), w = a > b ? a : b;

		switch (l->merge_op) {
		case MERGE_MULTIPLY: {
			struct mult_cost mc = res_mult(
				a, true, b, true,
				in->part ? in->part->dsp_kind : DSP48E2,
				in->mode == EST_IMPL);

			out->dsp += (double)lanes * mc.dsp;
			out->lut += (double)lanes * mc.lut;
			out->ff += (double)lanes * (mc.ff + wr);
			out->n_mult += lanes;
			out->latency += MERGE_MULT_LATENCY;
			if (mc.dsp > 1)
				out->warnings |= EST_W_DSP_WIDE;
			break;
		}
		case MERGE_MAXIMUM:
		case MERGE_MINIMUM:
			out->lut += (double)lanes * w * MERGE_CMP_LUT_PER_BIT;
			break;
		case MERGE_ADD:
		case MERGE_SUBTRACT:
		case MERGE_AVERAGE:
		default:
			out->lut += (double)lanes * (w + 1) *
				MERGE_ADD_LUT_PER_BIT;
			break;
		}
	}
	out->ii = packs;
	if (stream)
		out->latency += packs;
}
