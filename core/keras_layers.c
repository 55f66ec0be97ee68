/*
 * keras_layers.c - the per-class part of the Keras reader: which hls4ml
 * kind each Keras/QKeras class becomes, and the config fields each kind
 * needs (units, filters, kernel_size, strides, padding, pool_size, axis,
 * epsilon, activations and quantizers). Field names and defaults follow
 * Keras 2 (hls4ml/converters/keras/ reads the same ones).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keras_internal.h"
#include "xalloc.h"

static const cJSON *get(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);

	return cJSON_IsNull(v) ? NULL : v;
}

static int type_error(struct kparse *kp, const struct layer *l,
		      const char *key, const char *want)
{
	return error_set(kp->err, "'%s': layer '%s': config.%s: expected %s",
			 kp->source, l->name, key, want);
}

int kcfg_int(struct kparse *kp, const struct layer *l, const cJSON *cfg,
	     const char *key, long *out)
{
	const cJSON *v = get(cfg, key);

	if (!v)
		return 1;
	if (!cJSON_IsNumber(v) || v->valuedouble != floor(v->valuedouble) ||
	    fabs(v->valuedouble) > 1e9)
		return type_error(kp, l, key, "an integer");
	*out = (long)v->valuedouble;
	return 0;
}

int kcfg_double(struct kparse *kp, const struct layer *l, const cJSON *cfg,
		const char *key, double *out)
{
	const cJSON *v = get(cfg, key);

	if (!v)
		return 1;
	if (!cJSON_IsNumber(v))
		return type_error(kp, l, key, "a number");
	*out = v->valuedouble;
	return 0;
}

int kcfg_bool(struct kparse *kp, const struct layer *l, const cJSON *cfg,
	      const char *key, bool *out)
{
	const cJSON *v = get(cfg, key);

	if (!v)
		return 1;
	if (!cJSON_IsBool(v))
		return type_error(kp, l, key, "true or false");
	*out = cJSON_IsTrue(v);
	return 0;
}

int kcfg_string(struct kparse *kp, const struct layer *l, const cJSON *cfg,
		const char *key, const char **out)
{
	const cJSON *v = get(cfg, key);

	if (!v)
		return 1;
	if (!cJSON_IsString(v))
		return type_error(kp, l, key, "a string");
	*out = v->valuestring;
	return 0;
}

int kcfg_ints(struct kparse *kp, const struct layer *l, const cJSON *cfg,
	      const char *key, long *out, int n, int *count)
{
	const cJSON *v = get(cfg, key), *e;
	int i = 0;

	if (!v)
		return 1;
	if (cJSON_IsNumber(v)) {
		long x;

		if (kcfg_int(kp, l, cfg, key, &x) < 0)
			return -1;
		for (i = 0; i < n; i++)
			out[i] = x;
		*count = 1;
		return 0;
	}
	if (!cJSON_IsArray(v) || cJSON_GetArraySize(v) > n ||
	    cJSON_GetArraySize(v) == 0)
		return type_error(kp, l, key, n > 1 ?
				  "an integer or a list of integers" :
				  "an integer");
	cJSON_ArrayForEach(e, v) {
		if (!cJSON_IsNumber(e) || e->valuedouble != floor(e->valuedouble)
		    || fabs(e->valuedouble) > 1e9)
			return type_error(kp, l, key, "a list of integers");
		out[i++] = (long)e->valuedouble;
	}
	*count = i;
	return 0;
}

/* Keras and QKeras classes and the kind each becomes. */
static const struct {
	const char *class_name;
	enum layer_kind kind;
} classes[] = {
	{ "InputLayer", LAYER_INPUT },
	{ "Dense", LAYER_DENSE }, { "QDense", LAYER_DENSE },
	{ "QDenseBatchnorm", LAYER_DENSE },
	{ "Conv1D", LAYER_CONV1D }, { "QConv1D", LAYER_CONV1D },
	{ "Conv2D", LAYER_CONV2D }, { "QConv2D", LAYER_CONV2D },
	{ "QConv2DBatchnorm", LAYER_CONV2D },
	{ "DepthwiseConv1D", LAYER_DEPTHWISE_CONV1D },
	{ "DepthwiseConv2D", LAYER_DEPTHWISE_CONV2D },
	{ "QDepthwiseConv2D", LAYER_DEPTHWISE_CONV2D },
	{ "SeparableConv1D", LAYER_SEPARABLE_CONV1D },
	{ "SeparableConv2D", LAYER_SEPARABLE_CONV2D },
	{ "BatchNormalization", LAYER_BATCHNORM },
	{ "QBatchNormalization", LAYER_BATCHNORM },
	{ "Activation", LAYER_ACTIVATION }, { "QActivation", LAYER_ACTIVATION },
	{ "ReLU", LAYER_ACTIVATION },
	{ "Softmax", LAYER_SOFTMAX },
	{ "LeakyReLU", LAYER_PARAM_ACTIVATION },
	{ "ELU", LAYER_PARAM_ACTIVATION },
	{ "ThresholdedReLU", LAYER_PARAM_ACTIVATION },
	{ "PReLU", LAYER_PRELU },
	{ "MaxPooling1D", LAYER_POOL1D }, { "AveragePooling1D", LAYER_POOL1D },
	{ "MaxPool1D", LAYER_POOL1D }, { "AvgPool1D", LAYER_POOL1D },
	{ "MaxPooling2D", LAYER_POOL2D }, { "AveragePooling2D", LAYER_POOL2D },
	{ "MaxPool2D", LAYER_POOL2D }, { "AvgPool2D", LAYER_POOL2D },
	{ "GlobalAveragePooling1D", LAYER_GLOBAL_POOL1D },
	{ "GlobalMaxPooling1D", LAYER_GLOBAL_POOL1D },
	{ "GlobalAveragePooling2D", LAYER_GLOBAL_POOL2D },
	{ "GlobalMaxPooling2D", LAYER_GLOBAL_POOL2D },
	{ "Flatten", LAYER_RESHAPE }, { "Reshape", LAYER_RESHAPE },
	{ "Dropout", LAYER_DROPOUT }, { "SpatialDropout1D", LAYER_DROPOUT },
	{ "SpatialDropout2D", LAYER_DROPOUT },
	{ "GaussianDropout", LAYER_DROPOUT }, { "AlphaDropout", LAYER_DROPOUT },
	{ "GaussianNoise", LAYER_DROPOUT },
	{ "Add", LAYER_MERGE }, { "Subtract", LAYER_MERGE },
	{ "Multiply", LAYER_MERGE }, { "Average", LAYER_MERGE },
	{ "Maximum", LAYER_MERGE }, { "Minimum", LAYER_MERGE },
	{ "Concatenate", LAYER_CONCATENATE },
	{ "ZeroPadding1D", LAYER_ZEROPAD1D },
	{ "ZeroPadding2D", LAYER_ZEROPAD2D },
	{ "Cropping1D", LAYER_CROP1D }, { "Cropping2D", LAYER_CROP2D },
};

enum layer_kind keras_class_kind(const char *class_name)
{
	for (size_t i = 0; i < sizeof(classes) / sizeof(classes[0]); i++)
		if (strcmp(classes[i].class_name, class_name) == 0)
			return classes[i].kind;
	return LAYER_UNSUPPORTED;
}

/* The layer's own activation: a string, or a QKeras quantizer (dict or
 * "quantized_relu(6,0)") returned through *quant. */
static int read_activation(struct kparse *kp, struct layer *l,
			   const cJSON *cfg, const char **act,
			   const cJSON **quant)
{
	const cJSON *v = get(cfg, "activation");

	*act = "";
	if (!v)
		return 0;
	if (cJSON_IsObject(v) || (cJSON_IsString(v) &&
				  strncmp(v->valuestring, "quantized_", 10) == 0)) {
		const cJSON *cls = cJSON_IsObject(v) ?
			get(v, "class_name") : NULL;
		static char buf[64];

		if (cJSON_IsObject(v) && !cJSON_IsString(cls))
			return type_error(kp, l, "activation",
					  "a name or a quantizer");
		snprintf(buf, sizeof(buf), "%.*s", (int)strcspn(cJSON_IsObject(v)
			 ? cls->valuestring : v->valuestring, "("),
			 cJSON_IsObject(v) ? cls->valuestring : v->valuestring);
		*act = buf;
		*quant = v;
		return 0;
	}
	if (!cJSON_IsString(v))
		return type_error(kp, l, "activation", "a string");
	*act = v->valuestring;
	return 0;
}

int keras_read_input_shape(struct kparse *kp, struct layer *l,
			   const cJSON *cfg)
{
	const cJSON *bis = get(cfg, "batch_input_shape"), *d;
	int n, i = 0;

	if (!bis)
		bis = get(cfg, "batch_shape");
	if (!cJSON_IsArray(bis))
		return error_set(kp->err, "'%s': input layer '%s' has no "
				 "batch_input_shape", kp->source, l->name);
	n = cJSON_GetArraySize(bis) - 1;
	if (n < 1 || n > SHAPE_MAX_DIMS)
		return error_set(kp->err, "'%s': layer '%s': batch_input_shape "
				 "must have 2 to %d entries", kp->source,
				 l->name, SHAPE_MAX_DIMS + 1);
	l->out_shape.ndim = n;
	cJSON_ArrayForEach(d, bis) {
		if (i++ == 0)
			continue;	/* the batch dimension */
		if (!cJSON_IsNumber(d) || d->valuedouble < 1 ||
		    d->valuedouble > 1e9 || d->valuedouble != floor(d->valuedouble))
			return error_set(kp->err, "'%s': layer '%s': input "
					 "dimension %d is unknown or invalid "
					 "(hls4ml needs fixed shapes)",
					 kp->source, l->name, i - 1);
		l->out_shape.dim[i - 2] = (long)d->valuedouble;
	}
	return 0;
}

/* padding: "valid", "same" ("causal" is refused). */
static int read_padding(struct kparse *kp, struct layer *l, const cJSON *cfg)
{
	const char *p = "valid";

	if (kcfg_string(kp, l, cfg, "padding", &p) < 0)
		return -1;
	if (strcmp(p, "valid") == 0)
		l->padding = PAD_VALID;
	else if (strcmp(p, "same") == 0)
		l->padding = PAD_SAME;
	else
		return error_set(kp->err, "'%s': layer '%s': padding '%s' is "
				 "not supported", kp->source, l->name, p);
	return 0;
}

/* kernel_size/strides (or pool_size/strides) for a 1-D (n = 1) or 2-D
 * window; 1-D values go to index 1 (width) with height 1. */
static int read_window(struct kparse *kp, struct layer *l, const cJSON *cfg,
		       const char *size_key, int *size, int n, bool required)
{
	long v[2] = { 1, 1 }, s[2] = { 0, 0 };
	int cnt, rc;

	rc = kcfg_ints(kp, l, cfg, size_key, v, n, &cnt);
	if (rc < 0)
		return -1;
	if (rc == 1 && required)
		return error_set(kp->err, "'%s': layer '%s': config.%s is "
				 "missing", kp->source, l->name, size_key);
	if (rc == 1 && !required)	/* pooling default 2 */
		v[0] = v[1] = 2;
	rc = kcfg_ints(kp, l, cfg, "strides", s, n, &cnt);
	if (rc < 0)
		return -1;
	if (rc == 1)	/* pooling: strides default to pool_size */
		memcpy(s, required ? (long[2]){ 1, 1 } : v, sizeof(s));
	for (int i = 0; i < n; i++)
		if (v[i] < 1 || v[i] > 4096 || s[i] < 1 || s[i] > 4096)
			return error_set(kp->err, "'%s': layer '%s': %s and "
					 "strides must be 1..4096", kp->source,
					 l->name, size_key);
	size[0] = n == 2 ? (int)v[0] : 1;
	size[1] = (int)v[n - 1];
	l->strides[0] = n == 2 ? (int)s[0] : 1;
	l->strides[1] = (int)s[n - 1];
	return read_padding(kp, l, cfg);
}

/* data_format must be channels_last (hls4ml's io_parallel assumption). */
static int check_format(struct kparse *kp, struct layer *l, const cJSON *cfg)
{
	const char *df = "channels_last";

	if (kcfg_string(kp, l, cfg, "data_format", &df) < 0)
		return -1;
	if (strcmp(df, "channels_last") != 0)
		model_warn(kp->m, "layer '%s': data_format '%s' is read as "
			   "channels_last", l->name, df);
	return 0;
}

/* kernel_quantizer / bias_quantizer of a QKeras layer. */
static int read_quantizers(struct kparse *kp, struct layer *l,
			   const cJSON *cfg)
{
	static const char *keys[] = { "kernel_quantizer",
		"depthwise_quantizer", "bias_quantizer" };

	for (int i = 0; i < 3; i++) {
		const cJSON *q = get(cfg, keys[i]);
		enum activation a;
		bool bias = i == 2;
		int rc;

		if (!q)
			continue;
		rc = qkeras_quantizer(kp, l, q, false,
				      bias ? &l->quant.bias : &l->quant.weight,
				      &a, bias ? &l->quant.bias_quantizer :
				      &l->quant.weight_quantizer);
		if (rc < 0)
			return -1;
		if (bias)
			l->quant.has_bias = rc == 0;
		else
			l->quant.has_weight = rc == 0;
	}
	return 0;
}

static int read_conv(struct kparse *kp, struct layer *l, const cJSON *cfg,
		     int n)
{
	long v;
	int rc;

	if (read_window(kp, l, cfg, "kernel_size", l->kernel, n, true) < 0 ||
	    check_format(kp, l, cfg) < 0)
		return -1;
	if (l->kind == LAYER_CONV1D || l->kind == LAYER_CONV2D ||
	    l->kind == LAYER_SEPARABLE_CONV1D ||
	    l->kind == LAYER_SEPARABLE_CONV2D) {
		rc = kcfg_int(kp, l, cfg, "filters", &l->filters);
		if (rc != 0 || l->filters < 1)
			return rc < 0 ? -1 : error_set(kp->err, "'%s': layer "
				"'%s': config.filters must be a positive "
				"integer", kp->source, l->name);
	}
	v = 1;
	if (kcfg_int(kp, l, cfg, "depth_multiplier", &v) < 0)
		return -1;
	if (v < 1 || v > 4096)
		return type_error(kp, l, "depth_multiplier", "1..4096");
	l->depth_multiplier = (int)v;
	if (l->kind == LAYER_DEPTHWISE_CONV1D ||
	    l->kind == LAYER_DEPTHWISE_CONV2D)
		l->filters = 0;
	return 0;
}

static int read_batchnorm(struct kparse *kp, struct layer *l,
			  const cJSON *cfg)
{
	long axis = -1;
	int cnt;

	l->epsilon = 1e-3;
	l->bn_center = l->bn_scale = true;
	if (kcfg_double(kp, l, cfg, "epsilon", &l->epsilon) < 0 ||
	    kcfg_bool(kp, l, cfg, "center", &l->bn_center) < 0 ||
	    kcfg_bool(kp, l, cfg, "scale", &l->bn_scale) < 0 ||
	    kcfg_ints(kp, l, cfg, "axis", &axis, 1, &cnt) < 0)
		return -1;
	l->axis = (int)axis;
	return 0;
}

/* Activation-kind layers: Activation, QActivation, ReLU, Softmax,
 * LeakyReLU, ELU, ThresholdedReLU, PReLU. */
static int read_act_layer(struct kparse *kp, struct layer *l,
			  const cJSON *cfg)
{
	const char *cls = l->class_name, *name = NULL;
	int a;

	if (strcmp(cls, "QActivation") == 0) {
		const cJSON *v = get(cfg, "activation");
		enum activation qa = ACT_LINEAR;
		int rc;

		if (cJSON_IsString(v) &&
		    strncmp(v->valuestring, "quantized_", 10) != 0 &&
		    strcmp(v->valuestring, "binary_tanh") != 0) {
			name = v->valuestring;
		} else if (v) {
			rc = qkeras_quantizer(kp, l, v, true, &l->quant.result,
					      &qa, &l->quant.result_quantizer);
			if (rc < 0)
				return -1;
			l->quant.has_result = rc == 0;
			l->activation = qa;
			return 0;
		}
	} else if (strcmp(cls, "ReLU") == 0) {
		double mx = 0, slope = 0;

		if (kcfg_double(kp, l, cfg, "max_value", &mx) < 0 ||
		    kcfg_double(kp, l, cfg, "negative_slope", &slope) < 0)
			return -1;
		l->activation = mx == 6 ? ACT_RELU6 : ACT_RELU;
		if (slope != 0) {
			l->kind = LAYER_PARAM_ACTIVATION;
			l->activation = ACT_LEAKY_RELU;
			l->alpha = slope;
		}
		return 0;
	} else if (strcmp(cls, "Softmax") == 0) {
		l->activation = ACT_SOFTMAX;
		return 0;
	} else if (strcmp(cls, "LeakyReLU") == 0) {
		l->activation = ACT_LEAKY_RELU;
		l->alpha = 0.3;
		if (kcfg_double(kp, l, cfg, "alpha", &l->alpha) < 0 ||
		    kcfg_double(kp, l, cfg, "negative_slope", &l->alpha) < 0)
			return -1;
		return 0;
	} else if (strcmp(cls, "ELU") == 0) {
		l->activation = ACT_ELU;
		l->alpha = 1.0;
		return kcfg_double(kp, l, cfg, "alpha", &l->alpha) < 0 ? -1 : 0;
	} else if (strcmp(cls, "ThresholdedReLU") == 0) {
		l->activation = ACT_THRESHOLDED_RELU;
		l->theta = 1.0;
		return kcfg_double(kp, l, cfg, "theta", &l->theta) < 0 ? -1 : 0;
	} else if (strcmp(cls, "PReLU") == 0) {
		l->activation = ACT_PRELU;
		return 0;
	} else if (kcfg_string(kp, l, cfg, "activation", &name) < 0) {
		return -1;
	}
	if (!name)
		return error_set(kp->err, "'%s': layer '%s': config.activation "
				 "is missing", kp->source, l->name);
	a = activation_from_name(name);
	if (a < 0) {
		model_warn(kp->m, "layer '%s': activation '%s' is not "
			   "supported", l->name, name);
		l->kind = LAYER_UNSUPPORTED;
		return 0;
	}
	l->activation = (enum activation)a;
	if (a == ACT_SOFTMAX)
		l->kind = LAYER_SOFTMAX;
	return 0;
}

static int read_reshape(struct kparse *kp, struct layer *l, const cJSON *cfg)
{
	long t[SHAPE_MAX_DIMS];
	int cnt, rc;

	if (strcmp(l->class_name, "Flatten") == 0)
		return 0;
	rc = kcfg_ints(kp, l, cfg, "target_shape", t, SHAPE_MAX_DIMS, &cnt);
	if (rc != 0)
		return rc < 0 ? -1 : error_set(kp->err, "'%s': layer '%s': "
			"config.target_shape is missing", kp->source, l->name);
	l->target.ndim = cnt;
	for (int i = 0; i < cnt; i++)
		l->target.dim[i] = t[i];
	return 0;
}

/* A padding amount from JSON; -1 (refused later) when not in 0..4096. */
static long amount(const cJSON *v)
{
	double d = v->valuedouble;

	return d >= 0 && d <= 4096 && d == floor(d) ? (long)d : -1;
}

/* ZeroPadding/Cropping amounts: int, [a, b] or [[t, b], [l, r]]. */
static int read_pad(struct kparse *kp, struct layer *l, const cJSON *cfg,
		    const char *key, bool two_d)
{
	const cJSON *v = get(cfg, key), *e;
	long x[4] = { 0, 0, 0, 0 };
	int i = 0;

	if (!v) {	/* Keras defaults: padding 1, cropping 0 */
		long d = strcmp(key, "padding") == 0;

		x[0] = x[1] = x[2] = x[3] = d;
	} else if (cJSON_IsNumber(v)) {
		x[0] = x[1] = x[2] = x[3] = amount(v);
	} else if (cJSON_IsArray(v)) {
		cJSON_ArrayForEach(e, v) {
			if (i >= 2)
				return type_error(kp, l, key, "at most two entries");
			if (cJSON_IsNumber(e)) {
				x[2 * i] = x[2 * i + 1] = amount(e);
			} else if (cJSON_IsArray(e) && cJSON_GetArraySize(e) == 2 &&
				   cJSON_IsNumber(cJSON_GetArrayItem(e, 0)) &&
				   cJSON_IsNumber(cJSON_GetArrayItem(e, 1))) {
				x[2 * i] = amount(cJSON_GetArrayItem(e, 0));
				x[2 * i + 1] = amount(cJSON_GetArrayItem(e, 1));
			} else {
				return type_error(kp, l, key, "integers");
			}
			i++;
		}
		/* 1-D [left, right] arrives as (l, l, r, r) */
		if (!two_d && i == 2 && cJSON_IsNumber(cJSON_GetArrayItem(v, 0)))
			x[1] = x[2];
	} else {
		return type_error(kp, l, key, "an integer or a list");
	}
	for (i = 0; i < 4; i++)
		if (x[i] < 0 || x[i] > 4096)
			return type_error(kp, l, key, "amounts in 0..4096");
	if (two_d) {
		for (i = 0; i < 4; i++)
			l->pad[i] = (int)x[i];
	} else {	/* 1-D: left/right in pad[2], pad[3] */
		l->pad[2] = (int)x[0];
		l->pad[3] = (int)x[1];
	}
	return 0;
}

static int read_merge(struct kparse *kp, struct layer *l, const cJSON *cfg)
{
	static const char *ops[] = { "Add", "Subtract", "Multiply", "Average",
				     "Maximum", "Minimum" };
	long axis = -1;
	int cnt;

	if (l->kind == LAYER_CONCATENATE) {
		if (kcfg_ints(kp, l, cfg, "axis", &axis, 1, &cnt) < 0)
			return -1;
		l->axis = (int)axis;
		return 0;
	}
	for (int i = 0; i < 6; i++)
		if (strcmp(l->class_name, ops[i]) == 0)
			l->merge_op = (enum merge_op)i;
	return 0;
}

int keras_read_layer(struct kparse *kp, struct layer *l, const cJSON *cfg,
		     const char **act, const cJSON **act_quant)
{
	bool b = true;

	*act = "";
	*act_quant = NULL;
	l->use_bias = false;
	switch (l->kind) {
	case LAYER_INPUT:
		return keras_read_input_shape(kp, l, cfg);
	case LAYER_DENSE: {
		int rc = kcfg_int(kp, l, cfg, "units", &l->units);

		if (rc != 0 || l->units < 1)
			return rc < 0 ? -1 : error_set(kp->err, "'%s': layer "
				"'%s': config.units must be a positive integer",
				kp->source, l->name);
		break;
	}
	case LAYER_CONV1D: case LAYER_DEPTHWISE_CONV1D:
	case LAYER_SEPARABLE_CONV1D:
		if (read_conv(kp, l, cfg, 1) < 0)
			return -1;
		break;
	case LAYER_CONV2D: case LAYER_DEPTHWISE_CONV2D:
	case LAYER_SEPARABLE_CONV2D:
		if (read_conv(kp, l, cfg, 2) < 0)
			return -1;
		break;
	case LAYER_BATCHNORM:
		return read_batchnorm(kp, l, cfg) < 0 ? -1 :
			read_quantizers(kp, l, cfg);
	case LAYER_ACTIVATION: case LAYER_SOFTMAX:
	case LAYER_PARAM_ACTIVATION: case LAYER_PRELU:
		return read_act_layer(kp, l, cfg);
	case LAYER_POOL1D: case LAYER_POOL2D:
		l->pool_op = strstr(l->class_name, "Max") ? POOL_MAX :
			POOL_AVERAGE;
		return read_window(kp, l, cfg, "pool_size", l->pool,
				   l->kind == LAYER_POOL1D ? 1 : 2, false);
	case LAYER_GLOBAL_POOL1D: case LAYER_GLOBAL_POOL2D:
		l->pool_op = strstr(l->class_name, "Max") ? POOL_MAX :
			POOL_AVERAGE;
		return 0;
	case LAYER_RESHAPE:
		return read_reshape(kp, l, cfg);
	case LAYER_MERGE: case LAYER_CONCATENATE:
		return read_merge(kp, l, cfg);
	case LAYER_ZEROPAD1D: case LAYER_ZEROPAD2D:
		return read_pad(kp, l, cfg, "padding",
				l->kind == LAYER_ZEROPAD2D);
	case LAYER_CROP1D: case LAYER_CROP2D:
		return read_pad(kp, l, cfg, "cropping",
				l->kind == LAYER_CROP2D);
	case LAYER_DROPOUT:
		return 0;
	default:
		model_warn(kp->m, "layer '%s': class '%s' is not supported; "
			   "its shape is taken as unchanged", l->name,
			   l->class_name);
		return 0;
	}
	/* Dense and convolutions: bias, quantizers, own activation. */
	if (kcfg_bool(kp, l, cfg, "use_bias", &b) < 0)
		return -1;
	l->use_bias = b;
	l->bn_fused = strstr(l->class_name, "Batchnorm") != NULL;
	if (read_quantizers(kp, l, cfg) < 0)
		return -1;
	return read_activation(kp, l, cfg, act, act_quant);
}
