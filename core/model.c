/* model.c - the model IR: layers, kinds, activations, shapes. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "xalloc.h"

#define KIND_NAME(e, name, family) name,
#define KIND_FAMILY(e, name, family) family,
static const char *const kind_names[] = { LAYER_KINDS(KIND_NAME) };
static const char *const kind_families[] = { LAYER_KINDS(KIND_FAMILY) };
#undef KIND_NAME
#undef KIND_FAMILY

#define ACT_NAME(e, name) name,
static const char *const act_names[] = { ACTIVATIONS(ACT_NAME) };
#undef ACT_NAME

static const char *const merge_names[] = {
	"add", "subtract", "multiply", "average", "maximum", "minimum"
};

long shape_size(const struct shape *s)
{
	long n = 1;

	for (int i = 0; i < s->ndim; i++)
		n *= s->dim[i];
	return n;
}

char *shape_format(const struct shape *s, char *buf, size_t n)
{
	size_t used = 0;

	buf[0] = '\0';
	for (int i = 0; i < s->ndim && used < n; i++)
		used += (size_t)snprintf(buf + used, n - used, "%s%ld",
					 i ? "x" : "", s->dim[i]);
	if (s->ndim == 0)
		snprintf(buf, n, "-");
	return buf;
}

const char *layer_kind_name(enum layer_kind k)
{
	return (unsigned)k < LAYER_KIND_COUNT ? kind_names[k] : "?";
}

const char *layer_kind_family(enum layer_kind k)
{
	return (unsigned)k < LAYER_KIND_COUNT ? kind_families[k] : "none";
}

int layer_kind_from_name(const char *name)
{
	for (int i = 0; i < LAYER_KIND_COUNT; i++)
		if (strcmp(kind_names[i], name) == 0)
			return i;
	return -1;
}

const char *activation_name(enum activation a)
{
	return (unsigned)a < ACT_COUNT ? act_names[a] : "?";
}

int activation_from_name(const char *name)
{
	for (int i = 0; i < ACT_COUNT; i++)
		if (strcmp(act_names[i], name) == 0)
			return i;
	return -1;
}

const char *merge_op_name(enum merge_op op)
{
	return (unsigned)op < sizeof(merge_names) / sizeof(merge_names[0]) ?
		merge_names[op] : "?";
}

void model_init(struct model *m)
{
	memset(m, 0, sizeof(*m));
}

static void layer_release(struct layer *l)
{
	free(l->name);
	free(l->class_name);
	free(l->inputs);
	free(l->split_from);
	free(l->quant.weight_quantizer);
	free(l->quant.bias_quantizer);
	free(l->quant.result_quantizer);
	for (int i = 0; i < l->n_weights; i++) {
		free(l->weights[i].name);
		free(l->weights[i].data);
	}
	free(l->weights);
}

void model_release(struct model *m)
{
	for (int i = 0; i < m->n_layers; i++)
		layer_release(&m->layers[i]);
	for (int i = 0; i < m->n_warnings; i++)
		free(m->warnings[i]);
	free(m->warnings);
	free(m->layers);
	free(m->outputs);
	free(m->name);
	free(m->source);
	free(m->weights_source);
	free(m->keras_version);
	model_init(m);
}

struct layer *model_add_layer(struct model *m, const char *name,
			      const char *class_name, enum layer_kind kind)
{
	struct layer *l;

	m->layers = xreallocarray(m->layers, (size_t)m->n_layers + 1,
				  sizeof(*m->layers));
	l = &m->layers[m->n_layers++];
	memset(l, 0, sizeof(*l));
	l->name = xstrdup(name);
	l->class_name = xstrdup(class_name);
	l->kind = kind;
	l->n_zeros = -1;
	l->strides[0] = l->strides[1] = 1;
	return l;
}

int model_find(const struct model *m, const char *name)
{
	for (int i = 0; i < m->n_layers; i++)
		if (strcmp(m->layers[i].name, name) == 0)
			return i;
	return -1;
}

void model_warn(struct model *m, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	m->warnings = xreallocarray(m->warnings, (size_t)m->n_warnings + 1,
				    sizeof(*m->warnings));
	m->warnings[m->n_warnings++] = xstrdup(buf);
}

const struct tensor *layer_tensor(const struct layer *l, const char *var)
{
	for (int i = 0; i < l->n_weights; i++)
		if (strcmp(l->weights[i].name, var) == 0)
			return &l->weights[i];
	return NULL;
}

bool layer_has_weights(const struct layer *l)
{
	if (l->split_from)
		return false;
	switch (l->kind) {
	case LAYER_DENSE: case LAYER_CONV1D: case LAYER_CONV2D:
	case LAYER_DEPTHWISE_CONV1D: case LAYER_DEPTHWISE_CONV2D:
	case LAYER_SEPARABLE_CONV1D: case LAYER_SEPARABLE_CONV2D:
	case LAYER_BATCHNORM: case LAYER_PRELU:
		return true;
	default:
		return false;
	}
}

bool layer_has_bias(const struct layer *l)
{
	if (l->kind == LAYER_BATCHNORM)
		return true;
	return layer_has_weights(l) && l->kind != LAYER_PRELU && l->use_bias;
}

bool layer_mult_size(const struct layer *l, long *n_in, long *n_out)
{
	long c = l->in_shape.ndim ? l->in_shape.dim[l->in_shape.ndim - 1] : 0;
	long k1 = l->kernel[1], k2 = (long)l->kernel[0] * l->kernel[1];

	switch (l->kind) {
	case LAYER_DENSE:
		*n_in = c;
		*n_out = l->units;
		return true;
	case LAYER_CONV1D:
		*n_in = c * k1;
		*n_out = l->filters;
		return true;
	case LAYER_CONV2D:
		*n_in = c * k2;
		*n_out = l->filters;
		return true;
	case LAYER_DEPTHWISE_CONV1D:
	case LAYER_SEPARABLE_CONV1D:
		*n_in = k1;
		*n_out = 1;
		return true;
	case LAYER_DEPTHWISE_CONV2D:
	case LAYER_SEPARABLE_CONV2D:
		*n_in = k2;
		*n_out = 1;
		return true;
	default:
		return false;
	}
}

long layer_out_pixels(const struct layer *l)
{
	switch (l->kind) {
	case LAYER_CONV1D: case LAYER_DEPTHWISE_CONV1D:
	case LAYER_SEPARABLE_CONV1D:
		return l->out_shape.ndim >= 2 ? l->out_shape.dim[0] : 0;
	case LAYER_CONV2D: case LAYER_DEPTHWISE_CONV2D:
	case LAYER_SEPARABLE_CONV2D:
		return l->out_shape.ndim >= 3 ?
			l->out_shape.dim[0] * l->out_shape.dim[1] : 0;
	default:
		return 0;
	}
}

long model_n_params(const struct model *m)
{
	long n = 0;

	for (int i = 0; i < m->n_layers; i++)
		n += m->layers[i].n_params;
	return n;
}
