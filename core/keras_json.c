/*
 * keras_json.c - reads a Keras architecture (model.to_json(), Keras
 * 2.0-2.13): Sequential and functional Model/Functional graphs, double
 * encoded JSON strings, inbound_nodes wiring, and hls4ml's split of a
 * layer's own activation into a layer named <layer>_<activation>.
 * Per-class fields are read in keras_layers.c, shapes in keras_shapes.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keras.h"
#include "keras_internal.h"
#include "xalloc.h"

/* Line and column of byte offset pos in text, for parse errors. */
static void text_position(const char *text, size_t pos, int *line, int *col)
{
	*line = 1;
	*col = 1;
	for (size_t i = 0; i < pos && text[i]; i++) {
		if (text[i] == '\n') {
			(*line)++;
			*col = 1;
		} else {
			(*col)++;
		}
	}
}

/* Parses JSON text, unwrapping one level of string-encoded JSON. */
static cJSON *parse_root(const char *text, size_t len, const char *source,
			 struct error *err)
{
	const char *end = NULL;
	/* the length includes the terminating NUL: with require_null_terminated
	 * cJSON checks the byte after the value, which must be inside it */
	cJSON *root = cJSON_ParseWithLengthOpts(text, len + 1, &end, 1);
	int line, col;

	if (!root) {
		size_t pos = end ? (size_t)(end - text) : 0;

		if (len == 0 || strspn(text, " \t\r\n") == len) {
			error_set(err, "'%s': empty file", source);
			return NULL;
		}
		text_position(text, pos, &line, &col);
		error_set(err, "'%s': invalid JSON at line %d, column %d",
			  source, line, col);
		return NULL;
	}
	if (cJSON_IsString(root)) {
		const char *inner = root->valuestring;
		cJSON *again = cJSON_ParseWithLengthOpts(inner,
							 strlen(inner) + 1,
							 &end, 1);

		if (!again) {
			error_set(err, "'%s': JSON string does not hold a "
				  "JSON model", source);
			cJSON_Delete(root);
			return NULL;
		}
		cJSON_Delete(root);
		root = again;
	}
	if (!cJSON_IsObject(root)) {
		error_set(err, "'%s': not a Keras model (expected a JSON "
			  "object)", source);
		cJSON_Delete(root);
		return NULL;
	}
	return root;
}

/* Index of the layer whose output carries name: the split activation
 * layer when name had its own activation split off. */
static int output_of(const struct model *m, const char *name)
{
	int i = model_find(m, name);

	if (i >= 0 && i + 1 < m->n_layers && m->layers[i + 1].split_from &&
	    strcmp(m->layers[i + 1].split_from, name) == 0)
		return i + 1;
	return i;
}

static void add_input(struct layer *l, int idx)
{
	l->inputs = xreallocarray(l->inputs, (size_t)l->n_inputs + 1,
				  sizeof(*l->inputs));
	l->inputs[l->n_inputs++] = idx;
}

/* Wires l from its inbound_nodes (functional models): the first call's
 * list of [name, node, tensor, kwargs] entries. */
static int read_inbound(struct kparse *kp, struct layer *l,
			const cJSON *jl)
{
	const cJSON *nodes = cJSON_GetObjectItemCaseSensitive(jl,
							      "inbound_nodes");
	const cJSON *call, *entry;

	if (!nodes || cJSON_IsNull(nodes) || l->kind == LAYER_INPUT)
		return 0;
	if (!cJSON_IsArray(nodes))
		return error_set(kp->err, "'%s': layer '%s': inbound_nodes "
				 "is not a list", kp->source, l->name);
	if (cJSON_GetArraySize(nodes) == 0)
		return 0;
	if (cJSON_GetArraySize(nodes) > 1)
		model_warn(kp->m, "layer '%s' is called %d times; only the "
			   "first call is modelled", l->name,
			   cJSON_GetArraySize(nodes));
	call = cJSON_GetArrayItem(nodes, 0);
	if (cJSON_IsObject(call))
		return error_set(kp->err, "'%s': layer '%s': Keras 3 "
				 "inbound_nodes are not supported; save the "
				 "model with Keras 2 (tf.keras)",
				 kp->source, l->name);
	if (!cJSON_IsArray(call))
		return error_set(kp->err, "'%s': layer '%s': inbound node is "
				 "not a list", kp->source, l->name);
	cJSON_ArrayForEach(entry, call) {
		const cJSON *src = cJSON_IsArray(entry) ?
			cJSON_GetArrayItem(entry, 0) : NULL;
		int idx;

		if (!cJSON_IsString(src))
			return error_set(kp->err, "'%s': layer '%s': inbound "
					 "entry has no layer name",
					 kp->source, l->name);
		idx = output_of(kp->m, src->valuestring);
		if (idx < 0 || idx >= (int)(l - kp->m->layers))
			return error_set(kp->err, "'%s': layer '%s' takes "
					 "input from '%s', which is not "
					 "defined before it", kp->source,
					 l->name, src->valuestring);
		add_input(l, idx);
	}
	return 0;
}

/* Name of a layer object: "name" at the top, else config.name. */
static const char *layer_name(const cJSON *jl, const cJSON *cfg)
{
	const cJSON *n = cJSON_GetObjectItemCaseSensitive(jl, "name");

	if (!cJSON_IsString(n) && cfg)
		n = cJSON_GetObjectItemCaseSensitive(cfg, "name");
	return cJSON_IsString(n) ? n->valuestring : NULL;
}

/* Adds the layer hls4ml splits off for a layer's own activation. */
static int add_split(struct kparse *kp, int parent, const char *act,
		     const cJSON *quant)
{
	struct model *m = kp->m;
	char *name = xasprintf("%s_%s", m->layers[parent].name, act);
	int a = activation_from_name(act);
	enum layer_kind kind = a == ACT_SOFTMAX ? LAYER_SOFTMAX :
		a >= 0 ? LAYER_ACTIVATION : LAYER_UNSUPPORTED;
	struct layer *l;

	if (quant)
		kind = LAYER_ACTIVATION;
	if (model_find(m, name) >= 0) {
		error_set(kp->err, "'%s': layer '%s' (activation of '%s') "
			  "clashes with an existing layer", kp->source, name,
			  m->layers[parent].name);
		free(name);
		return -1;
	}
	l = model_add_layer(m, name, "Activation", kind);
	free(name);
	l->split_from = xstrdup(m->layers[parent].name);
	add_input(l, parent);
	if (a >= 0)
		l->activation = (enum activation)a;
	if (quant) {
		enum activation qa = ACT_LINEAR;
		int rc = qkeras_quantizer(kp, l, quant, true,
					  &l->quant.result, &qa,
					  &l->quant.result_quantizer);

		if (rc < 0)
			return -1;
		l->quant.has_result = rc == 0;
		l->activation = qa;
	} else if (a < 0) {
		model_warn(m, "layer '%s': activation '%s' is not supported",
			   l->name, act);
	}
	return 0;
}

/* Adds hls4ml's input layer "input1" for a Sequential model whose
 * first layer declares batch_input_shape instead of an InputLayer. */
static int add_sequential_input(struct kparse *kp, const cJSON *cfg)
{
	struct layer *l = model_add_layer(kp->m, "input1", "InputLayer",
					  LAYER_INPUT);

	return keras_read_input_shape(kp, l, cfg);
}

/* Reads one layer object and appends it (and its split activation). */
static int read_layer(struct kparse *kp, const cJSON *jl, bool sequential)
{
	const cJSON *cls = cJSON_GetObjectItemCaseSensitive(jl, "class_name");
	const cJSON *cfg = cJSON_GetObjectItemCaseSensitive(jl, "config");
	const cJSON *quant = NULL;
	const char *name, *act = "";
	struct model *m = kp->m;
	struct layer *l;
	int idx;

	if (!cJSON_IsObject(jl) || !cJSON_IsString(cls))
		return error_set(kp->err, "'%s': layer %d has no class_name",
				 kp->source, m->n_layers);
	if (!cJSON_IsObject(cfg))
		return error_set(kp->err, "'%s': layer %d ('%s') has no "
				 "config object", kp->source, m->n_layers,
				 cls->valuestring);
	name = layer_name(jl, cfg);
	if (!name || !name[0])
		return error_set(kp->err, "'%s': layer %d ('%s') has no name",
				 kp->source, m->n_layers, cls->valuestring);
	if (model_find(m, name) >= 0)
		return error_set(kp->err, "'%s': two layers are named '%s'",
				 kp->source, name);
	if (sequential && m->n_layers == 0 &&
	    strcmp(cls->valuestring, "InputLayer") != 0 &&
	    add_sequential_input(kp, cfg) < 0)
		return -1;
	l = model_add_layer(m, name, cls->valuestring,
			    keras_class_kind(cls->valuestring));
	idx = m->n_layers - 1;
	if (sequential) {
		if (idx > 0)
			add_input(l, output_of(m, m->layers[idx - 1].name));
	} else if (read_inbound(kp, l, jl) < 0) {
		return -1;
	}
	l = &m->layers[idx];
	if (l->kind != LAYER_INPUT && l->n_inputs == 0)
		return error_set(kp->err, "'%s': layer '%s' has no input",
				 kp->source, l->name);
	if (keras_read_layer(kp, l, cfg, &act, &quant) < 0)
		return -1;
	if (act[0] && strcmp(act, "linear") != 0)
		return add_split(kp, idx, act, quant);
	return 0;
}

/* Resolves config.output_layers ([[name, node, tensor]] or a single
 * [name, node, tensor]); defaults to the last layer. */
static int read_outputs(struct kparse *kp, const cJSON *config)
{
	const cJSON *outs = cJSON_IsObject(config) ?
		cJSON_GetObjectItemCaseSensitive(config, "output_layers") :
		NULL;
	struct model *m = kp->m;
	const cJSON *o;

	if (cJSON_IsArray(outs) && cJSON_IsString(cJSON_GetArrayItem(outs, 0))) {
		int idx = output_of(m, cJSON_GetArrayItem(outs, 0)->valuestring);

		if (idx < 0)
			return error_set(kp->err, "'%s': output layer '%s' is "
					 "not in the model", kp->source,
					 cJSON_GetArrayItem(outs, 0)->valuestring);
		m->outputs = xmalloc(sizeof(*m->outputs));
		m->outputs[m->n_outputs++] = idx;
		return 0;
	}
	if (cJSON_IsArray(outs) && cJSON_GetArraySize(outs) > 0) {
		m->outputs = xcalloc((size_t)cJSON_GetArraySize(outs),
				     sizeof(*m->outputs));
		cJSON_ArrayForEach(o, outs) {
			const cJSON *n = cJSON_GetArrayItem(o, 0);
			int idx = cJSON_IsString(n) ?
				output_of(m, n->valuestring) : -1;

			if (idx < 0)
				return error_set(kp->err, "'%s': an output "
						 "layer is not in the model",
						 kp->source);
			m->outputs[m->n_outputs++] = idx;
		}
		return 0;
	}
	m->outputs = xmalloc(sizeof(*m->outputs));
	m->outputs[m->n_outputs++] = m->n_layers - 1;
	return 0;
}

/* Reads the model's layer list and outputs from the root object. */
static int read_model(struct kparse *kp, const cJSON *root)
{
	const cJSON *cls = cJSON_GetObjectItemCaseSensitive(root,
							    "class_name");
	const cJSON *config = cJSON_GetObjectItemCaseSensitive(root, "config");
	const cJSON *ver = cJSON_GetObjectItemCaseSensitive(root,
							    "keras_version");
	const cJSON *layers, *jl, *name;
	bool sequential;

	if (!cJSON_IsString(cls))
		return error_set(kp->err, "'%s': not a Keras model (no "
				 "class_name)", kp->source);
	sequential = strcmp(cls->valuestring, "Sequential") == 0;
	if (!sequential && strcmp(cls->valuestring, "Model") != 0 &&
	    strcmp(cls->valuestring, "Functional") != 0)
		return error_set(kp->err, "'%s': unsupported model class "
				 "'%s' (expected Sequential, Model or "
				 "Functional)", kp->source, cls->valuestring);
	layers = cJSON_IsArray(config) ? config :
		cJSON_IsObject(config) ?
		cJSON_GetObjectItemCaseSensitive(config, "layers") : NULL;
	if (!cJSON_IsArray(layers))
		return error_set(kp->err, "'%s': config.layers is missing or "
				 "not a list", kp->source);
	if (cJSON_GetArraySize(layers) == 0)
		return error_set(kp->err, "'%s': the model has no layers",
				 kp->source);
	name = cJSON_IsObject(config) ?
		cJSON_GetObjectItemCaseSensitive(config, "name") : NULL;
	kp->m->name = xstrdup(cJSON_IsString(name) ? name->valuestring :
			      "model");
	if (cJSON_IsString(ver))
		kp->m->keras_version = xstrdup(ver->valuestring);
	cJSON_ArrayForEach(jl, layers)
		if (read_layer(kp, jl, sequential) < 0)
			return -1;
	if (kp->m->layers[0].kind != LAYER_INPUT)
		return error_set(kp->err, "'%s': the first layer '%s' is not "
				 "an InputLayer", kp->source,
				 kp->m->layers[0].name);
	return read_outputs(kp, sequential ? NULL : config);
}

int keras_parse_json(struct model *m, const char *text, size_t len,
		     const char *source, struct error *err)
{
	struct kparse kp = { m, source, err };
	cJSON *root = parse_root(text, len, source, err);
	int rc;

	if (!root)
		return -1;
	rc = read_model(&kp, root);
	cJSON_Delete(root);
	if (rc == 0)
		rc = keras_infer_shapes(m, source, err);
	if (rc == 0 && !m->source)
		m->source = xstrdup(source);
	return rc;
}
