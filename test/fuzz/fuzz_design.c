/*
 * fuzz_design.c - libFuzzer target for the design.json reader
 * (design_parse). An accepted input must serialise, read back, and
 * serialise to the same bytes (abort otherwise); it is then validated
 * and resolved against a small fixed model. A refusal must say why.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/design.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct model model;
static bool model_built;

static void set_shape(struct shape *s, int n, long a, long b, long c)
{
	s->ndim = n;
	s->dim[0] = a;
	s->dim[1] = b;
	s->dim[2] = c;
}

/* fc1 Dense 16x64, relu1, sm (softmax), conv Conv2D 9x9x3 -> 7x7x8. */
static void build_model(void)
{
	struct layer *l;

	model_init(&model);
	l = model_add_layer(&model, "fc1", "Dense", LAYER_DENSE);
	set_shape(&l->in_shape, 1, 16, 0, 0);
	set_shape(&l->out_shape, 1, 64, 0, 0);
	l->units = 64;
	l = model_add_layer(&model, "relu1", "Activation", LAYER_ACTIVATION);
	l->activation = ACT_RELU;
	l = model_add_layer(&model, "sm", "Softmax", LAYER_SOFTMAX);
	l = model_add_layer(&model, "conv", "Conv2D", LAYER_CONV2D);
	set_shape(&l->in_shape, 3, 9, 9, 3);
	set_shape(&l->out_shape, 3, 7, 7, 8);
	l->kernel[0] = l->kernel[1] = 3;
	l->filters = 8;
	model_built = true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct design d, d2;
	struct error err;
	char *a, *b;

	if (size > 1 << 16)
		return 0;
	if (!model_built)
		build_model();
	design_init(&d);
	err.msg[0] = '\0';
	if (design_parse(&d, (const char *)data, size, "fuzz.json",
			 &err) != 0) {
		if (!err.msg[0])
			abort();	/* a refusal must say why */
		design_release(&d);
		return 0;
	}
	a = design_to_json(&d);
	design_init(&d2);
	if (design_parse(&d2, a, strlen(a), "again", &err) != 0)
		abort();		/* our own output must read back */
	b = design_to_json(&d2);
	if (strcmp(a, b) != 0)
		abort();		/* and serialise identically */
	err.msg[0] = '\0';
	if (design_validate(&d, &model, &err) != 0 && !err.msg[0])
		abort();
	for (int i = 0; i < model.n_layers; i++) {
		struct knobs k;

		design_resolve(&d, &model, i, &k);
		if (k.reuse_factor < 1 || k.table_size < 1)
			abort();
	}
	free(a);
	free(b);
	design_release(&d2);
	design_release(&d);
	return 0;
}
