/*
 * estimate.c - a whole design's estimate: resolves each layer's knobs
 * (hls4ml's 'auto' result and accumulator types included), caches the
 * weight statistics per weight type, calls the layer family's model, and
 * builds the top level as hls4ml writes it: one PIPELINE (II = the
 * largest layer II, latency = the sum) or a DATAFLOW region (io_stream,
 * any Resource layer, or a convolution split into several partitions),
 * with io_stream FIFOs charged as memory.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/reuse.h"
#include "core/xalloc.h"
#include "estimators/estimate.h"

#define EST_W_CODE(e, code, msg) code,
#define EST_W_TEXT(e, code, msg) msg,
static const char *const warn_codes[] = { EST_WARNINGS(EST_W_CODE) };
static const char *const warn_texts[] = { EST_WARNINGS(EST_W_TEXT) };
#undef EST_W_CODE
#undef EST_W_TEXT

const char *est_warning_code(unsigned bit)
{
	return bit < EST_W_COUNT ? warn_codes[bit] : "?";
}

const char *est_warning_text(unsigned bit)
{
	return bit < EST_W_COUNT ? warn_texts[bit] : "?";
}

const char *est_mode_name(enum est_mode m)
{
	return m == EST_IMPL ? "impl" : m == EST_RTL ? "rtl" : "csynth";
}

int est_mode_from_name(const char *s)
{
	if (strcmp(s, "csynth") == 0)
		return EST_CSYNTH;
	if (strcmp(s, "impl") == 0)
		return EST_IMPL;
	if (strcmp(s, "rtl") == 0)
		return EST_RTL;
	return -1;
}

static int ceil_log2(long n)
{
	int b = 0;

	while (n > 1 && (1L << b) < n)
		b++;
	return b;
}

/* hls4ml's 'auto' type for a Dense/Conv result and accumulator
 * (hls4ml/model/optimizer/passes/infer_precision.py): W = Ww + Wx +
 * ceil(log2 n_ops), I = Iw + Ix + ceil(log2 n_ops), then the bias rule. */
static struct fixed_type auto_mac_type(const struct fixed_type *x,
				       const struct fixed_type *w,
				       const struct fixed_type *b,
				       long n_ops, bool bias)
{
	int lg = ceil_log2(n_ops);
	bool sgn = x->is_signed || w->is_signed;
	int wid = x->width + w->width + lg, in = x->integer + w->integer + lg;
	int f = wid - in;

	if (bias) {
		int i1 = in + (b->is_signed && !sgn);
		int i2 = b->integer + (sgn && !b->is_signed);

		in = (i1 > i2 ? i1 : i2) + 1;
		wid = in + (f > b->width - b->integer ? f :
			    b->width - b->integer);
		sgn = sgn || b->is_signed;
	}
	if (wid > FIXED_MAX_WIDTH)
		wid = FIXED_MAX_WIDTH;
	return fixed_make(wid, in, sgn);
}

/* Resolves 'auto' result/accum types of layer i from its input type. */
static void resolve_auto(struct estimate *e, int i)
{
	const struct layer *l = &e->m->layers[i];
	struct knobs *k = &e->knobs[i];
	const struct precision *in = l->n_inputs ?
		&e->knobs[l->inputs[0]].prec[PREC_RESULT] : &k->prec[PREC_RESULT];
	long n_in, n_out;
	struct fixed_type t = in->type;

	if (!k->prec[PREC_RESULT].is_auto && !k->prec[PREC_ACCUM].is_auto)
		return;
	if (layer_mult_size(l, &n_in, &n_out))
		t = auto_mac_type(&in->type, &k->prec[PREC_WEIGHT].type,
				  &k->prec[PREC_BIAS].type, n_in,
				  layer_has_bias(l));
	for (int s = PREC_RESULT; s <= PREC_ACCUM; s++) {
		if (!k->prec[s].is_auto)
			continue;
		k->prec[s].type = t;
		k->prec[s].is_auto = false;
		k->prec[s].set = true;
	}
}

/* Weight statistics for layer i at its current weight type (cached). */
static const struct weight_stats *wstats(struct estimate *e, int i)
{
	const struct fixed_type *w = &e->knobs[i].prec[PREC_WEIGHT].type;

	if (e->wstats_type[i].width == 0 ||
	    !fixed_equal(&e->wstats_type[i], w)) {
		res_weight_stats(&e->m->layers[i], w, &e->wstats[i]);
		e->wstats_type[i] = *w;
	}
	return &e->wstats[i];
}

/* Flags a layer that alone needs more of a resource than the part has. */
static void check_fit(const struct part *p, struct layer_est *o)
{
	if (o->dsp > (double)p->dsp || o->lut > (double)p->lut ||
	    o->ff > (double)p->ff || o->bram18 > (double)p->bram18 ||
	    o->uram > (double)p->uram)
		o->warnings |= EST_W_NOT_FIT;
}

/* Estimates layer i alone from its resolved knobs. */
static void estimate_one(struct estimate *e, int i)
{
	const struct layer *l = &e->m->layers[i];
	struct layer_est *o = &e->layers[i];
	const char *fam = layer_kind_family(l->kind);
	struct est_input in = {
		.m = e->m, .l = l, .idx = i, .k = &e->knobs[i],
		.part = &e->part, .d = e->d, .mode = e->mode,
	};

	memset(o, 0, sizeof(*o));
	o->ii = 1;
	in.in_type = l->n_inputs ? e->knobs[l->inputs[0]].prec[PREC_RESULT] :
		e->knobs[i].prec[PREC_RESULT];
	in.ws = layer_has_weights(l) ? wstats(e, i) : NULL;
	if (e->mode == EST_RTL)
		est_rtl(&in, o);
	else if (strcmp(fam, "dense") == 0)
		est_dense(&in, o);
	else if (strcmp(fam, "conv") == 0)
		est_conv(&in, o);
	else if (strcmp(fam, "activation") == 0)
		est_activation(&in, o);
	else if (strcmp(fam, "pool") == 0)
		est_pool(&in, o);
	else if (strcmp(fam, "norm") == 0)
		est_norm(&in, o);
	else if (strcmp(fam, "merge") == 0)
		est_merge(&in, o);
	else if (l->kind == LAYER_UNSUPPORTED)
		o->warnings |= EST_W_UNSUPPORTED;
	check_fit(&e->part, o);
}

/* Resolves knobs of layer i from the design. */
static void resolve(struct estimate *e, int i)
{
	design_resolve(e->d, e->m, i, &e->knobs[i]);
	resolve_auto(e, i);
}

int estimate_run(struct estimate *e, const struct model *m,
		 const struct design *d, enum est_mode mode,
		 struct error *err)
{
	struct part p;

	if (part_lookup(d->part, &p, err) < 0)
		return -1;
	if (e->n_layers != m->n_layers || e->m != m) {
		estimate_release(e);
		e->layers = xcalloc((size_t)m->n_layers, sizeof(*e->layers));
		e->knobs = xcalloc((size_t)m->n_layers, sizeof(*e->knobs));
		e->wstats = xcalloc((size_t)m->n_layers, sizeof(*e->wstats));
		e->wstats_type = xcalloc((size_t)m->n_layers,
					 sizeof(*e->wstats_type));
		e->n_layers = m->n_layers;
	}
	e->m = m;
	e->d = d;
	e->part = p;
	e->mode = mode;
	for (int i = 0; i < m->n_layers; i++) {
		resolve(e, i);
		estimate_one(e, i);
	}
	estimate_totals(e);
	return 0;
}

void estimate_update_layer(struct estimate *e, int idx)
{
	const struct model *m = e->m;
	bool *changed = NULL;
	struct fixed_type before;

	if (idx < 0 || idx >= e->n_layers)
		return;
	before = e->knobs[idx].prec[PREC_RESULT].type;
	resolve(e, idx);
	estimate_one(e, idx);
	if (!fixed_equal(&before, &e->knobs[idx].prec[PREC_RESULT].type)) {
		/* the result type feeds later layers: re-estimate those whose
		 * input changed, following the chain of 'auto' types */
		changed = xcalloc((size_t)e->n_layers, sizeof(*changed));
		changed[idx] = true;
		for (int j = idx + 1; j < m->n_layers; j++) {
			const struct layer *l = &m->layers[j];

			for (int k = 0; k < l->n_inputs && !changed[j]; k++)
				if (changed[l->inputs[k]]) {
					before = e->knobs[j].prec[PREC_RESULT].type;
					resolve(e, j);
					estimate_one(e, j);
					changed[j] = !fixed_equal(&before,
						&e->knobs[j].prec[PREC_RESULT].type);
				}
		}
		free(changed);
	}
	estimate_totals(e);
}

/* hls4ml's PipelineStyle 'auto': dataflow for io_stream, any Resource
 * layer, or a convolution with more than one partition. */
static bool is_dataflow(const struct estimate *e)
{
	if (e->d->io_type == IO_STREAM)
		return true;
	for (int i = 0; i < e->n_layers; i++) {
		const struct layer *l = &e->m->layers[i];
		const struct knobs *k = &e->knobs[i];
		long n_in, n_out, px = layer_out_pixels(l);

		if (layer_mult_size(l, &n_in, &n_out) &&
		    k->strategy == STRATEGY_RESOURCE)
			return true;
		if (px > 0 && k->parallelization_factor > 0 &&
		    px / k->parallelization_factor != 1)
			return true;
	}
	return false;
}

/* io_stream: the FIFO after layer i holds its output pixels (1 after a
 * Dense), each n_chan x result width bits wide (hls4ml STREAM depth). */
static struct mem_cost fifo_cost(const struct estimate *e, int i)
{
	const struct layer *l = &e->m->layers[i];
	const struct shape *s = &l->out_shape;
	long chan = s->ndim ? s->dim[s->ndim - 1] : 1;
	long depth = s->ndim > 1 ? shape_size(s) / chan : 1;
	int w = res_width(&e->knobs[i].prec[PREC_RESULT]);

	return res_memory(depth, chan * w, &e->part, e->mode == EST_IMPL);
}

/* io_parallel: the top level registers its inputs, n_in x W + 2 FFs (in
 * every io_parallel hls4ml baseline of ../shared/groundtruth). */
static double input_register_ff(const struct estimate *e)
{
	double ff = 0;

	for (int i = 0; i < e->n_layers; i++)
		if (e->m->layers[i].kind == LAYER_INPUT)
			ff += (double)shape_size(&e->m->layers[i].out_shape) *
				res_width(&e->knobs[i].prec[PREC_RESULT]) + 2;
	return ff;
}

static double ratio(double used, long avail)
{
	return avail > 0 ? used / (double)avail : (used > 0 ? INFINITY : 0);
}

void estimate_totals(struct estimate *e)
{
	struct layer_est *t = &e->total;

	memset(t, 0, sizeof(*t));
	t->ii = 1;
	e->dataflow = is_dataflow(e);
	for (int i = 0; i < e->n_layers; i++) {
		struct layer_est *o = &e->layers[i];

		if (e->mode != EST_RTL && e->d->io_type == IO_STREAM &&
		    i + 1 < e->n_layers &&
		    e->m->layers[i].kind != LAYER_INPUT) {
			struct mem_cost f = fifo_cost(e, i);

			o->fifo_bram18 = f.bram18;
			t->bram18 += f.bram18;
			t->lut += f.lut;
			t->ff += f.ff;
			t->uram += f.uram;
		}
		t->dsp += o->dsp;
		t->lut += o->lut;
		t->ff += o->ff;
		t->bram18 += o->bram18;
		t->uram += o->uram;
		t->latency += o->latency;
		t->n_mult += o->n_mult;
		if (o->ii > t->ii)
			t->ii = o->ii;
		t->warnings |= o->warnings;
	}
	if (e->d->io_type == IO_PARALLEL && e->mode != EST_RTL)
		t->ff += input_register_ff(e);
	e->latency_ns = (double)t->latency * e->d->clock_ns;
	e->util_dsp = ratio(t->dsp, e->part.dsp);
	e->util_lut = ratio(t->lut, e->part.lut);
	e->util_ff = ratio(t->ff, e->part.ff);
	e->util_bram18 = ratio(t->bram18, e->part.bram18);
	e->util_uram = ratio(t->uram, e->part.uram);
}

void estimate_release(struct estimate *e)
{
	free(e->layers);
	free(e->knobs);
	free(e->wstats);
	free(e->wstats_type);
	memset(e, 0, sizeof(*e));
}
