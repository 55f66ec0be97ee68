/*
 * keras_spec.c - the weights Keras stores for each layer kind: variable
 * names, shapes and order, derived from the layer's kind parameters and
 * input shape (channels last, batch dropped). The HDF5 reader checks the
 * file against this; shape inference sums it into n_params.
 */
#include <string.h>

#include "keras.h"

/* Appends a spec entry of ndim dimensions; returns the new count. */
static int spec_add(struct weight_spec *spec, int n, const char *name,
		    int ndim, long d0, long d1, long d2, long d3)
{
	long d[SHAPE_MAX_DIMS] = { d0, d1, d2, d3 };

	if (n >= KERAS_MAX_WEIGHTS)
		return n;
	memset(&spec[n], 0, sizeof(spec[n]));
	spec[n].name = name;
	spec[n].shape.ndim = ndim;
	for (int i = 0; i < ndim; i++)
		spec[n].shape.dim[i] = d[i];
	return n + 1;
}

/* The batch-norm statistics over c channels, in Keras order. */
static int spec_add_bn(struct weight_spec *spec, int n, long c, bool scale,
		       bool center)
{
	if (scale)
		n = spec_add(spec, n, "gamma", 1, c, 0, 0, 0);
	if (center)
		n = spec_add(spec, n, "beta", 1, c, 0, 0, 0);
	n = spec_add(spec, n, "moving_mean", 1, c, 0, 0, 0);
	return spec_add(spec, n, "moving_variance", 1, c, 0, 0, 0);
}

int keras_weight_spec(const struct layer *l, struct weight_spec *spec)
{
	const struct shape *in = &l->in_shape;
	long c = in->ndim ? in->dim[in->ndim - 1] : 0;
	long kh = l->kernel[0], kw = l->kernel[1];
	long dm = l->depth_multiplier > 0 ? l->depth_multiplier : 1;
	int n = 0;

	if (l->split_from)
		return 0;
	switch (l->kind) {
	case LAYER_DENSE:
		n = spec_add(spec, n, "kernel", 2, c, l->units, 0, 0);
		if (l->use_bias)
			n = spec_add(spec, n, "bias", 1, l->units, 0, 0, 0);
		if (l->bn_fused)
			n = spec_add_bn(spec, n, l->units, true, true);
		return n;
	case LAYER_CONV1D:
		n = spec_add(spec, n, "kernel", 3, kw, c, l->filters, 0);
		if (l->use_bias)
			n = spec_add(spec, n, "bias", 1, l->filters, 0, 0, 0);
		if (l->bn_fused)
			n = spec_add_bn(spec, n, l->filters, true, true);
		return n;
	case LAYER_CONV2D:
		n = spec_add(spec, n, "kernel", 4, kh, kw, c, l->filters);
		if (l->use_bias)
			n = spec_add(spec, n, "bias", 1, l->filters, 0, 0, 0);
		if (l->bn_fused)
			n = spec_add_bn(spec, n, l->filters, true, true);
		return n;
	case LAYER_DEPTHWISE_CONV1D:
		n = spec_add(spec, n, "depthwise_kernel", 3, kw, c, dm, 0);
		if (l->use_bias)
			n = spec_add(spec, n, "bias", 1, c * dm, 0, 0, 0);
		return n;
	case LAYER_DEPTHWISE_CONV2D:
		n = spec_add(spec, n, "depthwise_kernel", 4, kh, kw, c, dm);
		if (l->use_bias)
			n = spec_add(spec, n, "bias", 1, c * dm, 0, 0, 0);
		return n;
	case LAYER_SEPARABLE_CONV1D:
		n = spec_add(spec, n, "depthwise_kernel", 3, kw, c, dm, 0);
		n = spec_add(spec, n, "pointwise_kernel", 3, 1, c * dm,
			     l->filters, 0);
		if (l->use_bias)
			n = spec_add(spec, n, "bias", 1, l->filters, 0, 0, 0);
		return n;
	case LAYER_SEPARABLE_CONV2D:
		n = spec_add(spec, n, "depthwise_kernel", 4, kh, kw, c, dm);
		n = spec_add(spec, n, "pointwise_kernel", 4, 1, 1, c * dm,
			     l->filters);
		if (l->use_bias)
			n = spec_add(spec, n, "bias", 1, l->filters, 0, 0, 0);
		return n;
	case LAYER_BATCHNORM:
		return spec_add_bn(spec, n, c, l->bn_scale, l->bn_center);
	case LAYER_PRELU:
		n = spec_add(spec, n, "alpha", in->ndim, 0, 0, 0, 0);
		spec[0].shape = *in;
		return n;
	default:
		return 0;
	}
}
