/*
 * mkexamples.c - writes the project's own example models into the
 * directory named by argv[1]: for each, a Keras 2 functional-model JSON
 * (as model.to_json() writes it) and a weights-only HDF5 file (the
 * layout model.save_weights() writes), with deterministic weights.
 *
 *   jet_tagger    the 16-64-32-32-5 jet-tagging MLP (about 30 % of its
 *                 kernel weights exactly zero)
 *   conv2d_small  16x16x1 -> Conv2D 4@3x3 -> MaxPool 2x2 -> Conv2D 8@3x3
 *                 -> Flatten -> Dense 10 -> Dense 5
 *   conv1d_small  32x4 -> Conv1D 8@3 -> MaxPool 2 -> Conv1D 8@3
 *                 -> Flatten -> Dense 5
 *   tiny_mlp      8 -> Dense 8 relu -> Dense 4 (linear): small enough
 *                 for the open RTL flow to synthesise in seconds
 *
 * Weights are glorot-uniform from a fixed-seed PRNG, rounded to
 * multiples of 2^-10 (exact in ap_fixed<16,6>) and never zero except
 * where a model asks for pruning.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "core/fileio.h"
#include "core/keras.h"
#include "core/xalloc.h"

#define KERAS_VERSION "2.4.0"
#define STEP (1.0 / 1024.0)

/* splitmix64: a small, well-mixed, reproducible generator. */
static uint64_t rng_next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform double in [0, 1). */
static double rng_unit(uint64_t *s)
{
	return (double)(rng_next(s) >> 11) * (1.0 / 9007199254740992.0);
}

/* Uniform in [-limit, limit], rounded to STEP, never zero. */
static float rng_weight(uint64_t *s, double limit)
{
	double w = (2.0 * rng_unit(s) - 1.0) * limit;

	w = round(w / STEP) * STEP;
	if (w == 0.0)
		w = rng_next(s) & 1 ? STEP : -STEP;
	return (float)w;
}

static cJSON *int_list(int n, const long *v)
{
	cJSON *a = cJSON_CreateArray();

	for (int i = 0; i < n; i++)
		cJSON_AddItemToArray(a, cJSON_CreateNumber((double)v[i]));
	return a;
}

static cJSON *initializer(const char *class_name)
{
	cJSON *o = cJSON_CreateObject(), *c = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "class_name", class_name);
	if (strcmp(class_name, "GlorotUniform") == 0)
		cJSON_AddNullToObject(c, "seed");
	cJSON_AddItemToObject(o, "config", c);
	return o;
}

/* A model under construction: the JSON root and its layer list. */
struct ex {
	cJSON *root, *layers;
	const char *last;	/* name of the layer added last */
};

static void ex_begin(struct ex *e, const char *name)
{
	cJSON *cfg;

	e->root = cJSON_CreateObject();
	cJSON_AddStringToObject(e->root, "class_name", "Model");
	cfg = cJSON_AddObjectToObject(e->root, "config");
	cJSON_AddStringToObject(cfg, "name", name);
	e->layers = cJSON_AddArrayToObject(cfg, "layers");
	cJSON_AddStringToObject(e->root, "keras_version", KERAS_VERSION);
	cJSON_AddStringToObject(e->root, "backend", "tensorflow");
	e->last = NULL;
}

/* Adds a [[name, 0, 0]] list entry under key of the model config. */
static void ex_endpoint(struct ex *e, const char *key, const char *name)
{
	cJSON *cfg = cJSON_GetObjectItemCaseSensitive(e->root, "config");
	cJSON *list = cJSON_AddArrayToObject(cfg, key);
	cJSON *ref = cJSON_CreateArray();

	cJSON_AddItemToArray(ref, cJSON_CreateString(name));
	cJSON_AddItemToArray(ref, cJSON_CreateNumber(0));
	cJSON_AddItemToArray(ref, cJSON_CreateNumber(0));
	cJSON_AddItemToArray(list, ref);
}

/* Appends a layer of class_name fed by the previous layer; returns its
 * config object for the class's fields. */
static cJSON *ex_layer(struct ex *e, const char *class_name,
		       const char *name)
{
	cJSON *l = cJSON_CreateObject(), *cfg, *nodes;

	cJSON_AddStringToObject(l, "class_name", class_name);
	cfg = cJSON_AddObjectToObject(l, "config");
	cJSON_AddStringToObject(cfg, "name", name);
	cJSON_AddStringToObject(l, "name", name);
	nodes = cJSON_AddArrayToObject(l, "inbound_nodes");
	if (e->last) {
		cJSON *node = cJSON_CreateArray(), *in = cJSON_CreateArray();

		cJSON_AddItemToArray(in, cJSON_CreateString(e->last));
		cJSON_AddItemToArray(in, cJSON_CreateNumber(0));
		cJSON_AddItemToArray(in, cJSON_CreateNumber(0));
		cJSON_AddItemToArray(in, cJSON_CreateObject());
		cJSON_AddItemToArray(node, in);
		cJSON_AddItemToArray(nodes, node);
	}
	if (strcmp(class_name, "InputLayer") != 0) {
		cJSON_AddBoolToObject(cfg, "trainable", 1);
		cJSON_AddStringToObject(cfg, "dtype", "float32");
	}
	cJSON_AddItemToArray(e->layers, l);
	e->last = cJSON_GetObjectItemCaseSensitive(l, "name")->valuestring;
	return cfg;
}

static void ex_input(struct ex *e, const char *name, int n, const long *dims)
{
	cJSON *cfg = ex_layer(e, "InputLayer", name);
	cJSON *shape = cJSON_AddArrayToObject(cfg, "batch_input_shape");

	cJSON_AddItemToArray(shape, cJSON_CreateNull());
	for (int i = 0; i < n; i++)
		cJSON_AddItemToArray(shape, cJSON_CreateNumber((double)dims[i]));
	cJSON_AddStringToObject(cfg, "dtype", "float32");
	cJSON_AddBoolToObject(cfg, "sparse", 0);
	cJSON_AddBoolToObject(cfg, "ragged", 0);
}

/* The fields Dense and Conv share after their own: activation, bias,
 * initializers, no regularizers or constraints. */
static void ex_weighted(cJSON *cfg, const char *activation)
{
	cJSON_AddStringToObject(cfg, "activation", activation);
	cJSON_AddBoolToObject(cfg, "use_bias", 1);
	cJSON_AddItemToObject(cfg, "kernel_initializer",
			      initializer("GlorotUniform"));
	cJSON_AddItemToObject(cfg, "bias_initializer", initializer("Zeros"));
	cJSON_AddNullToObject(cfg, "kernel_regularizer");
	cJSON_AddNullToObject(cfg, "bias_regularizer");
	cJSON_AddNullToObject(cfg, "activity_regularizer");
	cJSON_AddNullToObject(cfg, "kernel_constraint");
	cJSON_AddNullToObject(cfg, "bias_constraint");
}

static void ex_dense(struct ex *e, const char *name, long units,
		     const char *activation)
{
	cJSON *cfg = ex_layer(e, "Dense", name);

	cJSON_AddNumberToObject(cfg, "units", (double)units);
	ex_weighted(cfg, activation);
}

/* Conv1D or Conv2D (nd = 1, 2): k x k kernel, stride 1, valid. */
static void ex_conv(struct ex *e, int nd, const char *name, long filters,
		    long k, const char *activation)
{
	cJSON *cfg = ex_layer(e, nd == 1 ? "Conv1D" : "Conv2D", name);
	long ks[2] = { k, k }, one[2] = { 1, 1 };

	cJSON_AddNumberToObject(cfg, "filters", (double)filters);
	cJSON_AddItemToObject(cfg, "kernel_size", int_list(nd, ks));
	cJSON_AddItemToObject(cfg, "strides", int_list(nd, one));
	cJSON_AddStringToObject(cfg, "padding", "valid");
	cJSON_AddStringToObject(cfg, "data_format", "channels_last");
	cJSON_AddItemToObject(cfg, "dilation_rate", int_list(nd, one));
	cJSON_AddNumberToObject(cfg, "groups", 1);
	ex_weighted(cfg, activation);
}

/* MaxPooling1D or MaxPooling2D with a p (x p) window and stride p. */
static void ex_maxpool(struct ex *e, int nd, const char *name, long p)
{
	cJSON *cfg = ex_layer(e, nd == 1 ? "MaxPooling1D" : "MaxPooling2D",
			      name);
	long ps[2] = { p, p };

	cJSON_AddItemToObject(cfg, "pool_size", int_list(nd, ps));
	cJSON_AddItemToObject(cfg, "strides", int_list(nd, ps));
	cJSON_AddStringToObject(cfg, "padding", "valid");
	cJSON_AddStringToObject(cfg, "data_format", "channels_last");
}

static void ex_flatten(struct ex *e, const char *name)
{
	cJSON *cfg = ex_layer(e, "Flatten", name);

	cJSON_AddStringToObject(cfg, "data_format", "channels_last");
}

/* Fan-in and fan-out of a kernel as Keras's glorot initialiser counts
 * them: receptive field times input / output channels. */
static void fans(const struct shape *s, double *in, double *out)
{
	double field = 1;

	for (int i = 0; i < s->ndim - 2; i++)
		field *= (double)s->dim[i];
	*in = field * (double)(s->ndim >= 2 ? s->dim[s->ndim - 2] : 1);
	*out = field * (double)(s->ndim >= 1 ? s->dim[s->ndim - 1] : 1);
}

/* Gives every layer of m the tensors its spec asks for: glorot-uniform
 * kernels (a fraction `pruned` of them exactly zero) and small biases. */
static void fill_weights(struct model *m, uint64_t seed, double pruned)
{
	uint64_t s = seed;

	for (int i = 0; i < m->n_layers; i++) {
		struct weight_spec spec[KERAS_MAX_WEIGHTS];
		struct layer *l = &m->layers[i];
		int n = keras_weight_spec(l, spec);

		if (n == 0)
			continue;
		l->weights = xcalloc((size_t)n, sizeof(*l->weights));
		l->n_weights = n;
		l->n_zeros = 0;
		for (int j = 0; j < n; j++) {
			struct tensor *t = &l->weights[j];
			long size = shape_size(&spec[j].shape);
			bool kernel = strcmp(spec[j].name, "kernel") == 0;
			double fin, fout, limit = 0.05;

			t->name = xstrdup(spec[j].name);
			t->shape = spec[j].shape;
			t->data = xcalloc((size_t)(size ? size : 1),
					  sizeof(float));
			if (kernel) {
				fans(&t->shape, &fin, &fout);
				limit = sqrt(6.0 / (fin + fout));
			}
			for (long k = 0; k < size; k++) {
				if (kernel && pruned > 0 &&
				    rng_unit(&s) < pruned) {
					t->n_zeros++;
					continue;
				}
				t->data[k] = rng_weight(&s, limit);
			}
			if (kernel)
				l->n_zeros += t->n_zeros;
		}
	}
}

/* Writes dir/<name>.json and dir/<name>_weights.h5 for the model built
 * in e (which it consumes). */
static int ex_write(struct ex *e, const char *dir, const char *name,
		    uint64_t seed, double pruned, struct error *err)
{
	char *json_path = xasprintf("%s/%s.json", dir, name);
	char *h5_path = xasprintf("%s/%s_weights.h5", dir, name);
	char *text = cJSON_Print(e->root);
	struct model m;
	int rc = -1;

	cJSON_Delete(e->root);
	model_init(&m);
	if (!text) {
		error_set(err, "%s: unable to print JSON", name);
		goto out;
	}
	if (keras_parse_json(&m, text, strlen(text), json_path, err) < 0)
		goto out;
	fill_weights(&m, seed, pruned);
	if (fileio_write_atomic(json_path, text, strlen(text), err) < 0 ||
	    keras_h5_write_weights(&m, h5_path, err) < 0)
		goto out;
	printf("%s: %d layers, %ld parameters -> %s, %s\n", name, m.n_layers,
	       model_n_params(&m), json_path, h5_path);
	rc = 0;
out:
	model_release(&m);
	cJSON_free(text);
	free(json_path);
	free(h5_path);
	return rc;
}

static int jet_tagger(const char *dir, struct error *err)
{
	static const long in[] = { 16 };
	struct ex e;

	ex_begin(&e, "jet_tagger");
	ex_input(&e, "input_1", 1, in);
	ex_dense(&e, "fc1", 64, "relu");
	ex_dense(&e, "fc2", 32, "relu");
	ex_dense(&e, "fc3", 32, "relu");
	ex_dense(&e, "output", 5, "softmax");
	ex_endpoint(&e, "input_layers", "input_1");
	ex_endpoint(&e, "output_layers", "output");
	return ex_write(&e, dir, "jet_tagger", 0x6a657431u, 0.30, err);
}

static int conv2d_small(const char *dir, struct error *err)
{
	static const long in[] = { 16, 16, 1 };
	struct ex e;

	ex_begin(&e, "conv2d_small");
	ex_input(&e, "input_1", 3, in);
	ex_conv(&e, 2, "conv1", 4, 3, "relu");
	ex_maxpool(&e, 2, "pool1", 2);
	ex_conv(&e, 2, "conv2", 8, 3, "relu");
	ex_flatten(&e, "flatten");
	ex_dense(&e, "fc1", 10, "relu");
	ex_dense(&e, "output", 5, "softmax");
	ex_endpoint(&e, "input_layers", "input_1");
	ex_endpoint(&e, "output_layers", "output");
	return ex_write(&e, dir, "conv2d_small", 0x636f6e32u, 0, err);
}

static int conv1d_small(const char *dir, struct error *err)
{
	static const long in[] = { 32, 4 };
	struct ex e;

	ex_begin(&e, "conv1d_small");
	ex_input(&e, "input_1", 2, in);
	ex_conv(&e, 1, "conv1", 8, 3, "relu");
	ex_maxpool(&e, 1, "pool1", 2);
	ex_conv(&e, 1, "conv2", 8, 3, "relu");
	ex_flatten(&e, "flatten");
	ex_dense(&e, "output", 5, "softmax");
	ex_endpoint(&e, "input_layers", "input_1");
	ex_endpoint(&e, "output_layers", "output");
	return ex_write(&e, dir, "conv1d_small", 0x636f6e31u, 0, err);
}

static int tiny_mlp(const char *dir, struct error *err)
{
	static const long in[] = { 8 };
	struct ex e;

	ex_begin(&e, "tiny_mlp");
	ex_input(&e, "input_1", 1, in);
	ex_dense(&e, "fc1", 8, "relu");
	ex_dense(&e, "output", 4, "linear");
	ex_endpoint(&e, "input_layers", "input_1");
	ex_endpoint(&e, "output_layers", "output");
	return ex_write(&e, dir, "tiny_mlp", 0x74696e79u, 0.25, err);
}

int main(int argc, char **argv)
{
	struct error err = { "" };

	if (argc != 2) {
		fprintf(stderr, "usage: mkexamples DIR\n");
		return 2;
	}
	if (jet_tagger(argv[1], &err) < 0 || conv2d_small(argv[1], &err) < 0 ||
	    conv1d_small(argv[1], &err) < 0 || tiny_mlp(argv[1], &err) < 0) {
		fprintf(stderr, "mkexamples: error: %s\n", err.msg);
		return 1;
	}
	return 0;
}
