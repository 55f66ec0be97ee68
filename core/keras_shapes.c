/*
 * keras_shapes.c - output shape of every layer from its inputs and kind
 * parameters (channels last, batch dropped), with Keras's formulas:
 * 'same' -> ceil(in / stride), 'valid' -> ceil((in - k + 1) / stride);
 * and parameter counts from the weights each layer expects.
 */
#include <stdio.h>
#include <string.h>

#include "keras.h"
#include "keras_internal.h"

/* Element count as a double: shapes from files may overflow a long
 * before they are checked. */
static double size_d(const struct shape *s)
{
	double n = 1;

	for (int i = 0; i < s->ndim; i++)
		n *= (double)s->dim[i];
	return n;
}

#define MAX_ELEMENTS 2147483648.0	/* 2^31 per tensor */

static long conv_out(long in, int k, int s, enum padding p)
{
	if (p == PAD_SAME)
		return (in + s - 1) / s;
	return in - k + 1 <= 0 ? 0 : (in - k + 1 + s - 1) / s;
}

static int bad_rank(const struct layer *l, const char *source, int want,
		    struct error *err)
{
	char b[64];

	return error_set(err, "'%s': layer '%s' (%s) needs a %d-d input, got "
			 "shape %s", source, l->name, l->class_name, want,
			 shape_format(&l->in_shape, b, sizeof(b)));
}

/* Window layers (conv, pooling): spatial dims from the window. */
static int window_shape(struct layer *l, int rank, long channels_out,
			const int *win)
{
	const struct shape *in = &l->in_shape;
	struct shape *o = &l->out_shape;

	o->ndim = rank + 1;
	for (int d = 0; d < rank; d++) {
		int wi = rank == 1 ? 1 : d;

		o->dim[d] = conv_out(in->dim[d], win[wi], l->strides[wi],
				     l->padding);
	}
	o->dim[rank] = channels_out;
	return 0;
}

static int merge_shape(struct layer *l, const struct model *m,
		       const char *source, struct error *err)
{
	const struct shape *a = &m->layers[l->inputs[0]].out_shape;
	char b1[64], b2[64];
	int axis;

	l->out_shape = *a;
	if (l->n_inputs < 2)
		return error_set(err, "'%s': layer '%s' (%s) needs at least two "
				 "inputs", source, l->name, l->class_name);
	axis = l->axis < 0 ? a->ndim + l->axis : l->axis - 1;
	if (l->kind == LAYER_CONCATENATE && (axis < 0 || axis >= a->ndim))
		return error_set(err, "'%s': layer '%s': concatenation axis %d "
				 "is out of range", source, l->name, l->axis);
	if (l->kind == LAYER_CONCATENATE)
		l->axis = axis;
	for (int i = 1; i < l->n_inputs; i++) {
		const struct shape *s = &m->layers[l->inputs[i]].out_shape;
		bool same = s->ndim == a->ndim;

		for (int d = 0; same && d < a->ndim; d++)
			if (s->dim[d] != a->dim[d] &&
			    !(l->kind == LAYER_CONCATENATE && d == axis))
				same = false;
		if (!same)
			return error_set(err, "'%s': layer '%s' (%s): input "
					 "shapes %s and %s do not match",
					 source, l->name, l->class_name,
					 shape_format(a, b1, sizeof(b1)),
					 shape_format(s, b2, sizeof(b2)));
		if (l->kind == LAYER_CONCATENATE)
			l->out_shape.dim[axis] += s->dim[axis];
	}
	return 0;
}

static int reshape_shape(struct layer *l, const char *source,
			 struct error *err)
{
	long total = shape_size(&l->in_shape), known = 1;
	int unknown = -1;

	if (strcmp(l->class_name, "Flatten") == 0) {
		l->out_shape.ndim = 1;
		l->out_shape.dim[0] = total;
		return 0;
	}
	l->out_shape = l->target;
	for (int d = 0; d < l->target.ndim; d++) {
		if (l->target.dim[d] == -1 && unknown < 0)
			unknown = d;
		else if (l->target.dim[d] < 1)
			return error_set(err, "'%s': layer '%s': invalid "
					 "target_shape", source, l->name);
		else if ((known *= l->target.dim[d]) > total)
			return error_set(err, "'%s': layer '%s': cannot reshape "
					 "%ld values into target_shape", source,
					 l->name, total);
	}
	if (unknown >= 0 && known > 0 && total % known == 0)
		l->out_shape.dim[unknown] = total / known;
	if (size_d(&l->out_shape) != (double)total)
		return error_set(err, "'%s': layer '%s': cannot reshape %ld "
				 "values into target_shape", source, l->name,
				 total);
	return 0;
}

/* Output shape of l from its (already shaped) inputs. */
static int layer_shape(struct layer *l, const struct model *m,
		       const char *source, struct error *err)
{
	const struct shape *in = &l->in_shape;
	struct shape *o = &l->out_shape;
	int r = in->ndim - 1;	/* spatial rank */

	*o = *in;
	switch (l->kind) {
	case LAYER_INPUT:
		return 0;
	case LAYER_DENSE:
		o->dim[o->ndim - 1] = l->units;
		return 0;
	case LAYER_CONV1D: case LAYER_DEPTHWISE_CONV1D:
	case LAYER_SEPARABLE_CONV1D:
		if (in->ndim != 2)
			return bad_rank(l, source, 2, err);
		return window_shape(l, 1, l->kind == LAYER_DEPTHWISE_CONV1D ?
				    in->dim[1] * l->depth_multiplier :
				    l->filters, l->kernel);
	case LAYER_CONV2D: case LAYER_DEPTHWISE_CONV2D:
	case LAYER_SEPARABLE_CONV2D:
		if (in->ndim != 3)
			return bad_rank(l, source, 3, err);
		return window_shape(l, 2, l->kind == LAYER_DEPTHWISE_CONV2D ?
				    in->dim[2] * l->depth_multiplier :
				    l->filters, l->kernel);
	case LAYER_POOL1D: case LAYER_POOL2D:
		if (r != (l->kind == LAYER_POOL1D ? 1 : 2))
			return bad_rank(l, source, l->kind == LAYER_POOL1D ?
					2 : 3, err);
		return window_shape(l, r, in->dim[r], l->pool);
	case LAYER_GLOBAL_POOL1D: case LAYER_GLOBAL_POOL2D:
		if (r != (l->kind == LAYER_GLOBAL_POOL1D ? 1 : 2))
			return bad_rank(l, source, r + 1, err);
		o->ndim = 1;
		o->dim[0] = in->dim[r];
		return 0;
	case LAYER_RESHAPE:
		return reshape_shape(l, source, err);
	case LAYER_MERGE: case LAYER_CONCATENATE:
		return merge_shape(l, m, source, err);
	case LAYER_ZEROPAD1D: case LAYER_CROP1D:
		if (in->ndim != 2)
			return bad_rank(l, source, 2, err);
		o->dim[0] += (l->kind == LAYER_ZEROPAD1D ? 1 : -1) *
			(l->pad[2] + l->pad[3]);
		return 0;
	case LAYER_ZEROPAD2D: case LAYER_CROP2D: {
		int sign = l->kind == LAYER_ZEROPAD2D ? 1 : -1;

		if (in->ndim != 3)
			return bad_rank(l, source, 3, err);
		o->dim[0] += sign * (l->pad[0] + l->pad[1]);
		o->dim[1] += sign * (l->pad[2] + l->pad[3]);
		return 0;
	}
	default:	/* activations, BN, dropout, unsupported: unchanged */
		return 0;
	}
}

/* Checks that l's weights make sense for its input (Dense on a flat
 * vector, BN on the last axis). */
static void layer_checks(struct model *m, struct layer *l)
{
	if (l->kind == LAYER_DENSE && l->in_shape.ndim > 1)
		model_warn(m, "layer '%s': Dense on a %d-d input; hls4ml "
			   "expects a flat input", l->name, l->in_shape.ndim);
	if (l->kind == LAYER_BATCHNORM && l->axis != -1 &&
	    l->axis != l->in_shape.ndim)
		model_warn(m, "layer '%s': BatchNormalization axis %d is read "
			   "as the last axis", l->name, l->axis);
}

int keras_infer_shapes(struct model *m, const char *source,
		       struct error *err)
{
	struct weight_spec spec[KERAS_MAX_WEIGHTS];
	char b[64];

	for (int i = 0; i < m->n_layers; i++) {
		struct layer *l = &m->layers[i];
		int n;

		if (l->kind == LAYER_INPUT) {
			l->in_shape = l->out_shape;
		} else {
			l->in_shape = m->layers[l->inputs[0]].out_shape;
			if (layer_shape(l, m, source, err) < 0)
				return -1;
		}
		for (int d = 0; d < l->out_shape.ndim; d++)
			if (l->out_shape.dim[d] < 1)
				return error_set(err, "'%s': layer '%s' has an "
						 "empty output shape (%s)",
						 source, l->name,
						 shape_format(&l->out_shape, b,
							      sizeof(b)));
		if (l->out_shape.ndim == 0)
			return error_set(err, "'%s': layer '%s' has no shape",
					 source, l->name);
		if (size_d(&l->out_shape) > MAX_ELEMENTS)
			return error_set(err, "'%s': layer '%s' output shape "
					 "is implausibly large", source,
					 l->name);
		layer_checks(m, l);
		n = keras_weight_spec(l, spec);
		l->n_params = 0;
		for (int w = 0; w < n; w++) {
			if (size_d(&spec[w].shape) > MAX_ELEMENTS)
				return error_set(err, "'%s': layer '%s' weight "
						 "'%s' is implausibly large",
						 source, l->name, spec[w].name);
			l->n_params += shape_size(&spec[w].shape);
		}
	}
	return 0;
}
