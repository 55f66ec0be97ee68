/*
 * cmd_layers.c - `hlsdse layers MODEL [--weights FILE] [--json]`: what the
 * loader understood of a model: layers, kinds, shapes, parameters, zero
 * weights, activations and declared quantizers; as text, Markdown or
 * CSV (the table model) or JSON (--json, the same as --format json).
 */
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "core/keras.h"
#include "reports/table.h"

static int run(int argc, char **argv);

const struct cmd cmd_layers = {
	.name = "layers",
	.run = run,
	.summary = "show the layers of a Keras model (JSON + HDF5 or full .h5)",
	.usage = "MODEL [--weights FILE] [--json] [--format text|md|csv|json]",
};

/* Zero multiplier weights of l: the count, 0 for layers without weights,
 * -1 when the layer expects weights that were not loaded. */
static long zero_weights(const struct layer *l)
{
	struct weight_spec spec[KERAS_MAX_WEIGHTS];

	if (l->n_zeros >= 0)
		return l->n_zeros;
	return keras_weight_spec(l, spec) > 0 ? -1 : 0;
}

static cJSON *shape_json(const struct shape *s)
{
	cJSON *a = cJSON_CreateArray();

	for (int i = 0; i < s->ndim; i++)
		cJSON_AddItemToArray(a, cJSON_CreateNumber((double)s->dim[i]));
	return a;
}

static bool is_activation_kind(enum layer_kind k)
{
	return k == LAYER_ACTIVATION || k == LAYER_SOFTMAX ||
		k == LAYER_PARAM_ACTIVATION || k == LAYER_PRELU;
}

static cJSON *quant_json(const struct quant *q)
{
	const struct fixed_type *t[3] = { &q->weight, &q->bias, &q->result };
	const bool has[3] = { q->has_weight, q->has_bias, q->has_result };
	const char *names[3] = { "weight", "bias", "result" };
	char b[FIXED_STR_MAX];
	cJSON *o = NULL;

	for (int i = 0; i < 3; i++) {
		if (!has[i])
			continue;
		if (!o)
			o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, names[i], fixed_format(t[i], b,
								  sizeof(b)));
	}
	return o;
}

static cJSON *layer_json(const struct model *m, const struct layer *l)
{
	cJSON *o = cJSON_CreateObject(), *in = cJSON_CreateArray(), *w, *q;
	long z = zero_weights(l);

	cJSON_AddStringToObject(o, "name", l->name);
	cJSON_AddStringToObject(o, "class", l->class_name);
	cJSON_AddStringToObject(o, "kind", layer_kind_name(l->kind));
	for (int i = 0; i < l->n_inputs; i++)
		cJSON_AddItemToArray(in, cJSON_CreateString(
					     m->layers[l->inputs[i]].name));
	cJSON_AddItemToObject(o, "inputs", in);
	cJSON_AddItemToObject(o, "input_shape", shape_json(&l->in_shape));
	cJSON_AddItemToObject(o, "output_shape", shape_json(&l->out_shape));
	cJSON_AddNumberToObject(o, "params", (double)l->n_params);
	if (z < 0)
		cJSON_AddNullToObject(o, "zero_weights");
	else
		cJSON_AddNumberToObject(o, "zero_weights", (double)z);
	if (is_activation_kind(l->kind))
		cJSON_AddStringToObject(o, "activation",
					activation_name(l->activation));
	if (l->split_from)
		cJSON_AddStringToObject(o, "split_from", l->split_from);
	else
		cJSON_AddNullToObject(o, "split_from");
	q = quant_json(&l->quant);
	if (q)
		cJSON_AddItemToObject(o, "quantizers", q);
	w = cJSON_AddArrayToObject(o, "weights");
	for (int i = 0; i < l->n_weights; i++) {
		cJSON *t = cJSON_CreateObject();

		cJSON_AddStringToObject(t, "name", l->weights[i].name);
		cJSON_AddItemToObject(t, "shape", shape_json(&l->weights[i].shape));
		cJSON_AddNumberToObject(t, "zeros", (double)l->weights[i].n_zeros);
		cJSON_AddItemToArray(w, t);
	}
	return o;
}

static void print_json(const struct model *m)
{
	cJSON *o = cJSON_CreateObject(), *ls, *ws;

	cJSON_AddStringToObject(o, "model", m->name);
	cJSON_AddStringToObject(o, "source", m->source);
	if (m->weights_source)
		cJSON_AddStringToObject(o, "weights", m->weights_source);
	else
		cJSON_AddNullToObject(o, "weights");
	if (m->keras_version)
		cJSON_AddStringToObject(o, "keras_version", m->keras_version);
	else
		cJSON_AddNullToObject(o, "keras_version");
	cJSON_AddNumberToObject(o, "params", (double)model_n_params(m));
	ls = cJSON_AddArrayToObject(o, "layers");
	for (int i = 0; i < m->n_layers; i++)
		cJSON_AddItemToArray(ls, layer_json(m, &m->layers[i]));
	ws = cJSON_AddArrayToObject(o, "warnings");
	for (int i = 0; i < m->n_warnings; i++)
		cJSON_AddItemToArray(ws, cJSON_CreateString(m->warnings[i]));
	cli_print_json(o);
}

/* The notes column: activation, pooling, merge op, quantizers. */
static void notes(const struct layer *l, char *buf, size_t n)
{
	char b[FIXED_STR_MAX];
	size_t used = 0;

	buf[0] = '\0';
	if (is_activation_kind(l->kind))
		used += (size_t)snprintf(buf + used, n - used, "%s ",
					 activation_name(l->activation));
	else if (l->kind == LAYER_POOL1D || l->kind == LAYER_POOL2D ||
		 l->kind == LAYER_GLOBAL_POOL1D || l->kind == LAYER_GLOBAL_POOL2D)
		used += (size_t)snprintf(buf + used, n - used, "%s ",
					 l->pool_op == POOL_MAX ? "max" : "average");
	else if (l->kind == LAYER_MERGE)
		used += (size_t)snprintf(buf + used, n - used, "%s ",
					 merge_op_name(l->merge_op));
	else if (l->kind == LAYER_UNSUPPORTED)
		used += (size_t)snprintf(buf + used, n - used, "%s ",
					 l->class_name);
	if (l->quant.has_weight && used < n)
		used += (size_t)snprintf(buf + used, n - used, "w:%s ",
					 fixed_format(&l->quant.weight, b, sizeof(b)));
	if (l->quant.has_result && used < n)
		used += (size_t)snprintf(buf + used, n - used, "out:%s",
					 fixed_format(&l->quant.result, b,
						      sizeof(b)));
	used = strlen(buf);
	while (used > 0 && buf[used - 1] == ' ')
		buf[--used] = '\0';
}

/* The layers as a table (in text the widths `layers` has always used:
 * names and kinds as wide as the widest, the rest printf's; the notes
 * and their gap only where there are notes). */
static void build(const struct model *m, bool text, struct table *t)
{
	char in[32], out[32], note[160];

	table_init(t, "layers");
	table_col(t, "index", "#", NULL, TABLE_RIGHT);
	table_col(t, "name", "layer", NULL, TABLE_LEFT);
	table_col(t, "kind", NULL, NULL, TABLE_LEFT);
	table_col(t, "in", NULL, NULL, TABLE_RIGHT);
	table_col(t, "out", NULL, NULL, TABLE_RIGHT);
	table_col(t, "params", NULL, NULL, TABLE_RIGHT);
	table_col(t, "zeros", NULL, NULL, TABLE_RIGHT);
	table_col(t, "notes", NULL, NULL, TABLE_LEFT);
	table_col_text(t, 0, 3, 0, 0);
	table_col_text(t, 1, 5, 2, TABLE_FIT);
	table_col_text(t, 2, 4, 1, TABLE_FIT);
	table_col_text(t, 3, 9, 1, 0);
	table_col_text(t, 4, 9, 1, 0);
	table_col_text(t, 5, 8, 1, 0);
	table_col_text(t, 6, 6, 1, 0);
	table_col_text(t, 7, 0, 2, TABLE_OMIT_EMPTY);
	for (int i = 0; i < m->n_layers; i++) {
		const struct layer *l = &m->layers[i];
		long zw = zero_weights(l);
		int r = table_row(t);

		notes(l, note, sizeof(note));
		table_num(t, r, 0, i, 0);
		table_str(t, r, 1, l->name);
		table_str(t, r, 2, layer_kind_name(l->kind));
		table_str(t, r, 3, l->kind == LAYER_INPUT ? (text ? "-" : "") :
			  shape_format(&l->in_shape, in, sizeof(in)));
		table_str(t, r, 4, shape_format(&l->out_shape, out,
						sizeof(out)));
		table_num(t, r, 5, (double)l->n_params, 0);
		if (zw >= 0)
			table_num(t, r, 6, (double)zw, 0);
		else
			table_str(t, r, 6, text ? "?" : NULL);
		table_str(t, r, 7, note);
	}
}

static void print_text(const struct model *m)
{
	struct table t;
	long zeros = 0;

	for (int i = 0; i < m->n_layers; i++)
		if (zero_weights(&m->layers[i]) > 0)
			zeros += zero_weights(&m->layers[i]);
	printf("model %s: %s", m->name, m->source);
	if (m->weights_source)
		printf(", weights %s", m->weights_source);
	else
		printf(", no weights");
	if (m->keras_version)
		printf(", Keras %s", m->keras_version);
	printf("\n\n");
	build(m, true, &t);
	table_print(&t, TABLE_TEXT, stdout);
	table_release(&t);
	printf("\n%d layers, %ld parameters", m->n_layers, model_n_params(m));
	if (m->weights_source)
		printf(", %ld zero weights", zeros);
	printf("\n");
}

static int run(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "weights", required_argument, NULL, 'w' },
		{ "json", no_argument, NULL, 'j' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *weights = NULL;
	struct model m;
	struct table t;
	int c, format = TABLE_TEXT;

	while ((c = cli_getopt(argc, argv, "w:jf:h", opts)) != -1) {
		switch (c) {
		case 'w': weights = optarg; break;
		case 'j': format = TABLE_JSON; break;
		case 'f':
			format = table_format_from_name(optarg);
			if (format < 0)
				return cli_usage_error(&cmd_layers, "unknown "
						       "format '%s' (text, md, "
						       "csv, json)", optarg);
			break;
		case 'h': return cli_help(&cmd_layers);
		default:
			return cli_usage_error(&cmd_layers, "unknown option "
					       "'%s'", argv[optind - 1]);
		}
	}
	if (optind != argc - 1)
		return cli_usage_error(&cmd_layers, optind >= argc ?
				       "no model given" : "too many arguments");
	if (cli_load_model(&m, argv[optind], weights) < 0)
		return EXIT_FAIL;
	if (format == TABLE_JSON) {
		print_json(&m);
	} else if (format == TABLE_TEXT) {
		print_text(&m);
	} else {
		build(&m, false, &t);
		table_print(&t, (enum table_format)format, stdout);
		table_release(&t);
	}
	model_release(&m);
	return EXIT_OK;
}
