/*
 * norm.c - per-layer model of hls4ml's BatchNormalization
 * (nnet_batchnorm.h, nnet_batchnorm_stream.h): y = scale * x + bias per
 * channel, scale = gamma / sqrt(var + eps), bias = beta - scale * mean.
 *
 * io_parallel: PIPELINE II=RF with ALLOCATION mul limit ceil(n/RF), so
 * at most ceil(n/RF) multipliers; io_stream: per pack of C values,
 * limit ceil(C/RF), II C/limit a pack. The scales are constants: scales
 * of 0 or +-2^k cost nothing, those with two canonical-signed-digit
 * digits one adder, the rest a multiplier (resource.c's weight statistics
 * applied to the scales quantized to the scale type).
 *
 * hls4ml folds a BatchNormalization into the Dense or Conv before it when
 * that layer's result type is not set (neither its precision nor
 * precision.result; optimizer pass bn_fuse) and the BatchNormalization
 * is its only consumer: the layer then costs nothing.
 *
 * No hls4ml baseline has a BatchNormalization; the LUT and FF figures use
 * the adder and register costs of the other estimators, unfitted.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "estimators/estimate.h"

#define NORM_ADD_LUT_PER_BIT 1.0
#define NORM_MULT_LATENCY 3	/* multiply and add, DSP registers */
#define NORM_ADD_LATENCY 1

static long ceil_div(long a, long b)
{
	return b > 0 ? (a + b - 1) / b : 0;
}

static int width_of(const struct precision *p)
{
	int w = res_width(p);

	return w > 0 ? w : 16;
}

/* True when hls4ml's bn_fuse folds l into the layer that feeds it. */
static bool bn_fused(const struct est_input *in)
{
	const struct model *m = in->m;
	const struct layer *l = in->l;
	const char *fam;
	struct knobs pk;
	int src, users = 0;

	if (!m || !in->d || l->n_inputs != 1)
		return false;
	src = l->inputs[0];
	if (src < 0 || src >= m->n_layers)
		return false;
	fam = layer_kind_family(m->layers[src].kind);
	if (strcmp(fam, "dense") != 0 && strcmp(fam, "conv") != 0)
		return false;
	for (int i = 0; i < m->n_layers; i++)
		for (int j = 0; j < m->layers[i].n_inputs; j++)
			users += m->layers[i].inputs[j] == src;
	for (int i = 0; i < m->n_outputs; i++)
		users += m->outputs[i] == src;
	if (users != 1)
		return false;
	design_resolve(in->d, m, src, &pk);
	return !(pk.prec_set & (1u << PREC_RESULT | 1u << PREC_DEFAULT));
}

/* Per-channel scale statistics from the layer's gamma and variance
 * quantized to type t: ws->unique multipliers, ws->shift_add adders. */
static void scale_stats(const struct layer *l, long c,
			const struct fixed_type *t, struct weight_stats *ws)
{
	const struct tensor *g = layer_tensor(l, "gamma");
	const struct tensor *v = layer_tensor(l, "moving_variance");
	struct layer tmp;
	struct tensor k;
	char name[] = "kernel";

	memset(ws, 0, sizeof(*ws));
	if (!v || !v->data || shape_size(&v->shape) != c ||
	    (g && (!g->data || shape_size(&g->shape) != c)))
		return;
	/* a kernel of c rows of one value: no sharing between channels */
	memset(&tmp, 0, sizeof(tmp));
	memset(&k, 0, sizeof(k));
	k.name = name;
	k.shape = (struct shape){ 2, { c, 1 } };
	k.data = xcalloc((size_t)c, sizeof(float));
	for (long i = 0; i < c; i++) {
		double var = v->data[i] + l->epsilon;

		k.data[i] = (float)((g ? g->data[i] : 1.0) /
				    sqrt(var > 0 ? var : 1e-30));
	}
	tmp.kind = LAYER_DENSE;
	tmp.weights = &k;
	tmp.n_weights = 1;
	res_weight_stats(&tmp, t, ws);
	free(k.data);
}

void est_norm(const struct est_input *in, struct layer_est *out)
{
	const struct layer *l = in->l;
	const struct knobs *k = in->k;
	const struct shape *sh = &l->in_shape;
	bool stream = in->d && in->d->io_type == IO_STREAM;
	enum dsp_kind kind = in->part ? in->part->dsp_kind : DSP48E2;
	long rf = k->reuse_factor > 0 ? k->reuse_factor : 1;
	long n = shape_size(sh), c, lanes, mults, shifts, limit, packs;
	int a = width_of(&in->in_type), wr = width_of(&k->prec[PREC_RESULT]);
	int ws_bits = width_of(&k->prec[PREC_SCALE]);
	struct weight_stats ws;
	struct mult_cost mc;

	*out = (struct layer_est){ .ii = 1 };
	if (sh->ndim < 1 || n < 1 || sh->dim[sh->ndim - 1] < 1) {
		out->warnings |= EST_W_UNSUPPORTED;
		return;
	}
	if (bn_fused(in))
		return;
	c = sh->dim[sh->ndim - 1];
	lanes = stream ? c : n;
	packs = stream ? n / c : 1;
	scale_stats(l, c, &k->prec[PREC_SCALE].type, &ws);
	if (ws.known) {
		mults = ws.unique * (lanes / c);
		shifts = ws.shift_add * (lanes / c);
		if (ws.eff_bits > 0)
			ws_bits = ws.eff_bits;
	} else {
		mults = lanes;
		shifts = 0;
	}
	mc = res_mult(a, true, ws_bits, true, kind, in->mode == EST_IMPL);
	limit = ceil_div(lanes, rf);
	/* the multiplies share multipliers over the RF cycles */
	out->n_mult = ceil_div(mults, rf);
	if (out->n_mult > limit)
		out->n_mult = limit;
	out->dsp = (double)out->n_mult * mc.dsp;
	out->lut = (double)out->n_mult * mc.lut +
		(double)shifts * (a + ws_bits) * NORM_ADD_LUT_PER_BIT +
		(double)lanes * wr * NORM_ADD_LUT_PER_BIT;
	out->ff = (double)out->n_mult * mc.ff + (double)lanes * wr;
	if (mc.dsp > 1 && out->n_mult > 0)
		out->warnings |= EST_W_DSP_WIDE;
	out->ii = stream ? packs * ceil_div(lanes, limit) : rf;
	out->latency = (out->n_mult > 0 ? NORM_MULT_LATENCY :
			NORM_ADD_LATENCY) + (stream ? out->ii : rf - 1);
}
