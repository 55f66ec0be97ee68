/*
 * rtlplan.c - what the open RTL flow builds for each layer (rtlplan.h):
 * checks that the flow can build it, spreads a Dense layer's products
 * over lanes and cycles, and derives every pipeline depth.
 */
#include <stdlib.h>
#include <string.h>

#include "core/reuse.h"
#include "core/xalloc.h"
#include "estimators/rtlplan.h"

int rtlplan_clog2(long n)
{
	int c = 0;

	while (c < 62 && (1L << c) < n)
		c++;
	return c;
}

int rtlplan_counter_bits(long n)
{
	int b = rtlplan_clog2(n);

	return b > 0 ? b : 1;
}

int rtlplan_opwidth(const struct fixed_type *t)
{
	return t->width + (t->is_signed ? 0 : 1);
}

/* Fails unless slot s of knobs k holds a type the flow can build. */
static int type_ok(const struct layer *l, const struct knobs *k,
		   enum prec_slot s, struct error *err)
{
	const struct precision *p = &k->prec[s];
	char b[FIXED_STR_MAX];

	if (p->is_auto)
		return error_set(err, "layer '%s': precision.%s 'auto' is not "
				 "supported by the RTL flow; give a type",
				 l->name, prec_slot_name(s));
	fixed_format(&p->type, b, sizeof(b));
	if (p->type.width > RTLPLAN_MAX_BITS)
		return error_set(err, "layer '%s': precision.%s %s is wider "
				 "than the %d bits the RTL flow builds",
				 l->name, prec_slot_name(s), b,
				 RTLPLAN_MAX_BITS);
	if (p->type.sat == FIXED_WRAP_SM || p->type.sat_bits != 0)
		return error_set(err, "layer '%s': precision.%s %s: the RTL "
				 "flow builds WRAP, SAT, SAT_ZERO and SAT_SYM "
				 "without saturation bits", l->name,
				 prec_slot_name(s), b);
	return 0;
}

/* Fails when a value with frac fraction bits cannot be converted to
 * slot s's type (ap_int targets take whole numbers only). */
static int conv_ok(const struct layer *l, const struct knobs *k,
		   enum prec_slot s, int frac, struct error *err)
{
	if (k->prec[s].type.is_int && frac > 0)
		return error_set(err, "layer '%s': precision.%s is an integer "
				 "type but receives fractional values; use "
				 "ap_fixed<W,W>", l->name, prec_slot_name(s));
	return 0;
}

static void plan_dense_shape(struct rtlplan_layer *pl)
{
	long n = pl->n_in, o = pl->n_out, rf = pl->rf;

	if (rf <= n) {
		pl->per_lane = n / rf;
		pl->slot_cycles = rf;
		pl->slots = 1;
		pl->lanes = o;
	} else {
		pl->per_lane = 1;
		pl->slot_cycles = n;
		pl->slots = rf / n;
		pl->lanes = o / pl->slots;
	}
	pl->mults = pl->lanes * pl->per_lane;
	pl->tree_levels = rtlplan_clog2(pl->per_lane);
	pl->tree_stages = (pl->tree_levels + RTLPLAN_TREE_LEVELS - 1) /
		RTLPLAN_TREE_LEVELS;
	pl->rom = rf > 1;
	pl->rom_block = rf >= RTLPLAN_BLOCK_ROM_DEPTH;
	/* operands (RF > 1), product, tree, accumulator, conversion */
	pl->latency = (rf - 1) + (pl->rom ? 1 : 0) + 1 + pl->tree_stages + 1 +
		1;
}

/* Checks and plans the products of a Dense layer, or of a Conv's core
 * (pl->n_in, pl->n_out already the window and the filters). */
static int plan_products(const struct layer *l, const struct knobs *k,
			 struct rtlplan_layer *pl, struct error *err)
{
	long below, above;

	if (type_ok(l, k, PREC_WEIGHT, err) < 0 ||
	    type_ok(l, k, PREC_BIAS, err) < 0 ||
	    type_ok(l, k, PREC_ACCUM, err) < 0)
		return -1;
	pl->w_t = k->prec[PREC_WEIGHT].type;
	pl->b_t = k->prec[PREC_BIAS].type;
	pl->a_t = k->prec[PREC_ACCUM].type;
	if (pl->a_t.sat != FIXED_WRAP)
		return error_set(err, "layer '%s': precision.accum saturates; "
				 "hls4ml saturates after every addition in "
				 "input order, which an adder tree cannot "
				 "reproduce: the RTL flow needs a WRAP "
				 "accumulator", l->name);
	if (conv_ok(l, k, PREC_ACCUM, fixed_frac_bits(&pl->in_t) + fixed_frac_bits(&pl->w_t),
		    err) < 0 ||
	    conv_ok(l, k, PREC_RESULT, fixed_frac_bits(&pl->a_t), err) < 0)
		return -1;
	pl->rf = k->reuse_factor;
	if (!reuse_is_valid(pl->n_in, pl->n_out, pl->rf)) {
		reuse_nearest(pl->n_in, pl->n_out, pl->rf, &below, &above);
		return error_set(err, "layer '%s': reuse factor %ld is not "
				 "valid for %ld x %ld (nearest valid: %ld, %ld)",
				 l->name, pl->rf, pl->n_in, pl->n_out, below,
				 above);
	}
	plan_dense_shape(pl);
	pl->ii = pl->rf;
	return 0;
}

/* The kernel tensor of l with n_in x n_out values, and its bias. */
static int need_weights(const struct layer *l, long n_in, long n_out,
			struct error *err)
{
	const struct tensor *kt = layer_tensor(l, "kernel");

	if (!kt || !kt->data || shape_size(&kt->shape) != n_in * n_out)
		return error_set(err, "layer '%s': the RTL flow needs its "
				 "weights (a %ld x %ld kernel)", l->name, n_in,
				 n_out);
	if (l->use_bias) {
		const struct tensor *bt = layer_tensor(l, "bias");

		if (!bt || !bt->data || shape_size(&bt->shape) != n_out)
			return error_set(err, "layer '%s': no bias of %ld "
					 "values", l->name, n_out);
	}
	return 0;
}

/* Input and output geometry of a 1-D or 2-D convolution or pooling. */
static int plan_geometry(const struct layer *l, struct rtlplan_layer *pl,
			 struct error *err)
{
	bool two = l->kind == LAYER_CONV2D || l->kind == LAYER_POOL2D;
	const struct shape *is = &l->in_shape, *os = &l->out_shape;
	bool pool = l->kind == LAYER_POOL1D || l->kind == LAYER_POOL2D;

	if (is->ndim != (two ? 3 : 2) || os->ndim != is->ndim)
		return error_set(err, "layer '%s': shapes do not describe a "
				 "%s", l->name, pool ? "pooling" :
				 "convolution");
	pl->ih = two ? (int)is->dim[0] : 1;
	pl->iw = (int)is->dim[two ? 1 : 0];
	pl->c = (int)is->dim[two ? 2 : 1];
	pl->oh = two ? (int)os->dim[0] : 1;
	pl->ow = (int)os->dim[two ? 1 : 0];
	pl->f = (int)os->dim[two ? 2 : 1];
	pl->kh = two ? (pool ? l->pool[0] : l->kernel[0]) : 1;
	pl->kw = pool ? l->pool[1] : l->kernel[1];
	pl->sh = two ? l->strides[0] : 1;
	pl->sw = l->strides[1];
	pl->pixels = (long)pl->oh * pl->ow;
	if (pl->kh < 1 || pl->kw < 1 || pl->sh < 1 || pl->sw < 1 ||
	    pl->pixels < 1)
		return error_set(err, "layer '%s': shapes do not describe a "
				 "%s", l->name, pool ? "pooling" :
				 "convolution");
	if (l->padding == PAD_SAME) {
		int th = (pl->oh - 1) * pl->sh + pl->kh - pl->ih;
		int tw = (pl->ow - 1) * pl->sw + pl->kw - pl->iw;

		pl->pad_t = th > 0 ? th / 2 : 0;
		pl->pad_l = tw > 0 ? tw / 2 : 0;
	}
	return 0;
}

static int plan_conv(const struct layer *l, const struct knobs *k,
		     struct rtlplan_layer *pl, struct error *err)
{
	if (plan_geometry(l, pl, err) < 0)
		return -1;
	if (l->bn_fused)
		return error_set(err, "layer '%s' (%s): fused batch "
				 "normalisation is not built by the RTL flow",
				 l->name, l->class_name);
	if (k->parallelization_factor > 1)
		return error_set(err, "layer '%s': the RTL flow computes one "
				 "output pixel at a time: parallelization "
				 "factor %ld is not built", l->name,
				 k->parallelization_factor);
	pl->n_in = (long)pl->kh * pl->kw * pl->c;
	pl->n_out = pl->f;
	if (need_weights(l, pl->n_in, pl->n_out, err) < 0 ||
	    plan_products(l, k, pl, err) < 0)
		return -1;
	pl->core_latency = pl->latency;
	pl->latency = (pl->pixels - 1) * pl->rf + pl->core_latency + 2;
	pl->ii = pl->pixels * pl->rf;
	return 0;
}

static int plan_pool(const struct layer *l, const struct knobs *k,
		     struct rtlplan_layer *pl, struct error *err)
{
	if (l->pool_op != POOL_MAX || l->padding != PAD_VALID)
		return error_set(err, "layer '%s' (%s): the RTL flow builds "
				 "'valid' max pooling only", l->name,
				 layer_kind_name(l->kind));
	if (plan_geometry(l, pl, err) < 0)
		return -1;
	if (pl->f != pl->c || (pl->oh - 1) * pl->sh + pl->kh > pl->ih ||
	    (pl->ow - 1) * pl->sw + pl->kw > pl->iw)
		return error_set(err, "layer '%s': shapes do not describe a "
				 "pooling", l->name);
	if (conv_ok(l, k, PREC_RESULT, fixed_frac_bits(&pl->in_t), err) < 0)
		return -1;
	pl->latency = 1;
	return 0;
}

static int plan_dense(const struct layer *l, const struct knobs *k,
		      struct rtlplan_layer *pl, struct error *err)
{
	if (l->bn_fused)
		return error_set(err, "layer '%s' (%s): fused batch "
				 "normalisation is not built by the RTL flow",
				 l->name, l->class_name);
	if (need_weights(l, pl->n_in, pl->n_out, err) < 0)
		return -1;
	return plan_products(l, k, pl, err);
}

static int plan_bn(const struct layer *l, const struct knobs *k,
		   struct rtlplan_layer *pl, struct error *err)
{
	const struct shape *s = &l->out_shape;
	int pf, bf;

	pl->channels = s->ndim ? s->dim[s->ndim - 1] : 1;
	if (pl->channels <= 0 || pl->n_out % pl->channels != 0)
		return error_set(err, "layer '%s': %ld values do not split "
				 "into channels", l->name, pl->n_out);
	if (type_ok(l, k, PREC_SCALE, err) < 0 ||
	    type_ok(l, k, PREC_BIAS, err) < 0)
		return -1;
	pl->w_t = k->prec[PREC_SCALE].type;
	pl->b_t = k->prec[PREC_BIAS].type;
	pf = fixed_frac_bits(&pl->in_t) + fixed_frac_bits(&pl->w_t);
	bf = fixed_frac_bits(&pl->b_t);
	if (conv_ok(l, k, PREC_RESULT, pf > bf ? pf : bf, err) < 0)
		return -1;
	pl->latency = 2;	/* product, sum and conversion */
	return 0;
}

static int plan_activation(const struct layer *l, const struct knobs *k,
			   struct rtlplan_layer *pl, struct error *err)
{
	if (l->kind == LAYER_SOFTMAX) {
		if (k->implementation != SOFTMAX_ARGMAX)
			return error_set(err, "layer '%s': the RTL flow builds "
					 "softmax only as argmax; set "
					 "implementation=argmax on it",
					 l->name);
		pl->op = RTLPLAN_ARGMAX;
		pl->tree_levels = rtlplan_clog2(pl->n_in);
		pl->tree_stages = (pl->tree_levels + RTLPLAN_TREE_LEVELS - 1) /
			RTLPLAN_TREE_LEVELS;
		/* comparison tree, then the one-hot output register */
		pl->latency = (pl->tree_stages > 0 ? pl->tree_stages : 0) + 1;
		return 0;
	}
	if (l->kind != LAYER_ACTIVATION || (l->activation != ACT_RELU &&
					    l->activation != ACT_LINEAR))
		return error_set(err, "layer '%s': activation '%s' is not "
				 "built by the RTL flow (relu, linear and "
				 "softmax as argmax are)", l->name,
				 l->kind == LAYER_ACTIVATION ?
				 activation_name(l->activation) :
				 layer_kind_name(l->kind));
	pl->op = l->activation == ACT_RELU ? RTLPLAN_RELU : RTLPLAN_LINEAR;
	if (conv_ok(l, k, PREC_RESULT, fixed_frac_bits(&pl->in_t), err) < 0)
		return -1;
	pl->latency = 1;
	return 0;
}

int rtlplan_layer(const struct model *m, int idx, const struct knobs *k,
		  const struct fixed_type *in_t, struct rtlplan_layer *pl,
		  struct error *err)
{
	const struct layer *l = &m->layers[idx];

	memset(pl, 0, sizeof(*pl));
	pl->idx = idx;
	pl->in_t = *in_t;
	pl->out_t = k->prec[PREC_RESULT].type;
	pl->n_out = shape_size(&l->out_shape);
	pl->n_in = l->n_inputs == 1 ?
		shape_size(&m->layers[l->inputs[0]].out_shape) : pl->n_out;
	pl->in_values = pl->n_in;
	pl->out_values = pl->n_out;
	pl->rf = 1;
	pl->ii = 1;
	if (l->kind == LAYER_INPUT) {
		pl->op = RTLPLAN_INPUT;
		return type_ok(l, k, PREC_RESULT, err);
	}
	if (l->n_inputs != 1)
		return error_set(err, "layer '%s' (%s) has %d inputs: the RTL "
				 "flow builds chains of layers", l->name,
				 layer_kind_name(l->kind), l->n_inputs);
	switch (l->kind) {
	case LAYER_DROPOUT:
	case LAYER_RESHAPE:
		pl->op = RTLPLAN_PASS;
		pl->out_t = *in_t;
		return 0;
	default:
		break;
	}
	if (type_ok(l, k, PREC_RESULT, err) < 0)
		return -1;
	switch (l->kind) {
	case LAYER_DENSE:
		pl->op = RTLPLAN_DENSE;
		return plan_dense(l, k, pl, err);
	case LAYER_CONV1D:
	case LAYER_CONV2D:
		pl->op = RTLPLAN_CONV;
		return plan_conv(l, k, pl, err);
	case LAYER_POOL1D:
	case LAYER_POOL2D:
		pl->op = RTLPLAN_MAXPOOL;
		return plan_pool(l, k, pl, err);
	case LAYER_BATCHNORM:
		pl->op = RTLPLAN_BN;
		if (pl->n_in != pl->n_out)
			return error_set(err, "layer '%s': gets %ld values, "
					 "gives %ld", l->name, pl->n_in,
					 pl->n_out);
		return plan_bn(l, k, pl, err);
	case LAYER_ACTIVATION:
	case LAYER_SOFTMAX:
		if (pl->n_in != pl->n_out)
			return error_set(err, "layer '%s': gets %ld values, "
					 "gives %ld", l->name, pl->n_in,
					 pl->n_out);
		return plan_activation(l, k, pl, err);
	default:
		return error_set(err, "layer '%s' (%s) is not built by the RTL "
				 "flow (it builds Dense, Conv1D, Conv2D, 'valid' "
				 "max pooling, BatchNormalization, relu, linear, "
				 "softmax as argmax, Dropout, Flatten, Reshape)",
				 l->name,
				 layer_kind_name(l->kind));
	}
}

int rtlplan_build(const struct model *m, const struct design *d,
		  struct rtlplan *p, struct error *err)
{
	int first = -1, last;
	struct fixed_type t = { 0 };

	memset(p, 0, sizeof(*p));
	for (int i = 0; i < m->n_layers; i++)
		if (m->layers[i].kind == LAYER_INPUT) {
			if (first >= 0)
				return error_set(err, "the RTL flow builds "
						 "models with one input");
			first = i;
		}
	if (first != 0 || m->n_outputs != 1)
		return error_set(err, "the RTL flow builds models with one "
				 "input and one output");
	last = m->outputs[0];
	p->layers = xcalloc((size_t)last + 1, sizeof(*p->layers));
	p->ii = 1;
	p->latency = 1;		/* input register */
	for (int i = 0; i <= last; i++) {
		const struct layer *l = &m->layers[i];
		struct rtlplan_layer *pl = &p->layers[i];
		struct knobs k;

		if (i > 0 && (l->n_inputs != 1 || l->inputs[0] != i - 1)) {
			rtlplan_release(p);
			return error_set(err, "layer '%s' does not take the "
					 "layer before it: the RTL flow builds "
					 "chains of layers", l->name);
		}
		design_resolve(d, m, i, &k);
		if (rtlplan_layer(m, i, &k, &t, pl, err) < 0) {
			rtlplan_release(p);
			return -1;
		}
		p->n++;
		t = pl->out_t;
		p->latency += pl->op == RTLPLAN_INPUT ? 0 : pl->latency;
		if (pl->ii > p->ii)
			p->ii = pl->ii;
	}
	p->n_in = shape_size(&m->layers[0].out_shape);
	p->n_out = shape_size(&m->layers[last].out_shape);
	return 0;
}

void rtlplan_release(struct rtlplan *p)
{
	free(p->layers);
	memset(p, 0, sizeof(*p));
}
