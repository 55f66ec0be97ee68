/*
 * cmd_design_show.c - `hlsdse design show DESIGN [--json]`: the effective
 * knobs of every layer (inherited values filled in; '*' marks knobs set
 * on the layer itself).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"

static int run(int argc, char **argv);

const struct cmd cmd_design_show = {
	.group = "design",
	.name = "show",
	.run = run,
	.summary = "show the effective knobs of every layer",
	.usage = "DESIGN [--json]",
};

static bool is_activation(const struct layer *l)
{
	return strcmp(layer_kind_family(l->kind), "activation") == 0;
}

/* The precision slots shown for layer l (the plain "default" slot is
 * folded into the others). */
static bool slot_applies(const struct layer *l, enum prec_slot s)
{
	return s != PREC_DEFAULT && design_prec_applies(l, s);
}

static const char *prec_str(const struct precision *p, char *b, size_t n)
{
	return p->is_auto ? "auto" : fixed_format(&p->type, b, n);
}

static cJSON *layer_json(const struct design *d, const struct model *m,
			 int i)
{
	const struct layer *l = &m->layers[i];
	cJSON *o = cJSON_CreateObject(), *p, *set;
	struct knobs k;
	char b[FIXED_STR_MAX];

	design_resolve(d, m, i, &k);
	cJSON_AddStringToObject(o, "name", l->name);
	cJSON_AddStringToObject(o, "kind", layer_kind_name(l->kind));
	cJSON_AddNumberToObject(o, "reuse_factor", (double)k.reuse_factor);
	cJSON_AddStringToObject(o, "strategy", strategy_name(k.strategy));
	p = cJSON_AddObjectToObject(o, "precision");
	for (int s = 0; s < PREC_COUNT; s++)
		if (slot_applies(l, (enum prec_slot)s))
			cJSON_AddStringToObject(p, prec_slot_name((enum prec_slot)s),
						prec_str(&k.prec[s], b, sizeof(b)));
	if (layer_out_pixels(l) > 0)
		cJSON_AddNumberToObject(o, "parallelization_factor",
					(double)k.parallelization_factor);
	if (layer_has_weights(l))
		cJSON_AddStringToObject(o, "partition",
					partition_format(&k.partition, b,
							 sizeof(b)));
	if (is_activation(l))
		cJSON_AddNumberToObject(o, "table_size", (double)k.table_size);
	if (l->kind == LAYER_SOFTMAX)
		cJSON_AddStringToObject(o, "implementation",
					softmax_impl_name(k.implementation));
	set = cJSON_AddArrayToObject(o, "set");
	if (k.set & KNOB_REUSE_FACTOR)
		cJSON_AddItemToArray(set, cJSON_CreateString("reuse_factor"));
	if (k.set & KNOB_STRATEGY)
		cJSON_AddItemToArray(set, cJSON_CreateString("strategy"));
	if (k.set & KNOB_PARALLELIZATION)
		cJSON_AddItemToArray(set, cJSON_CreateString(
					     "parallelization_factor"));
	if (k.set & KNOB_PARTITION)
		cJSON_AddItemToArray(set, cJSON_CreateString("partition"));
	if (k.set & KNOB_TABLE_SIZE)
		cJSON_AddItemToArray(set, cJSON_CreateString("table_size"));
	if (k.set & KNOB_IMPLEMENTATION)
		cJSON_AddItemToArray(set, cJSON_CreateString("implementation"));
	for (int s = 0; s < PREC_COUNT; s++) {
		char name[32];

		if (!(k.prec_set & (1u << s)))
			continue;
		snprintf(name, sizeof(name), "precision.%s",
			 prec_slot_name((enum prec_slot)s));
		cJSON_AddItemToArray(set, cJSON_CreateString(name));
	}
	return o;
}

static void print_json(const struct design *d, const struct model *m,
		       const char *path)
{
	cJSON *o = cJSON_CreateObject(), *def, *ls;
	char b[FIXED_STR_MAX];

	cJSON_AddStringToObject(o, "design", path);
	cJSON_AddStringToObject(o, "model", d->model);
	cJSON_AddStringToObject(o, "part", d->part);
	cJSON_AddNumberToObject(o, "clock_ns", d->clock_ns);
	cJSON_AddStringToObject(o, "io_type", io_type_name(d->io_type));
	cJSON_AddStringToObject(o, "backend", d->backend);
	def = cJSON_AddObjectToObject(o, "defaults");
	cJSON_AddStringToObject(def, "precision",
				prec_str(&d->prec[PREC_DEFAULT], b, sizeof(b)));
	cJSON_AddNumberToObject(def, "reuse_factor", (double)d->reuse_factor);
	cJSON_AddStringToObject(def, "strategy", strategy_name(d->strategy));
	ls = cJSON_AddArrayToObject(o, "layers");
	for (int i = 0; i < m->n_layers; i++)
		if (m->layers[i].kind != LAYER_INPUT)
			cJSON_AddItemToArray(ls, layer_json(d, m, i));
	cli_print_json(o);
}

/* "ap_fixed<8,3>*" when set on the layer, "-" when it does not apply. */
static const char *cell(const struct layer *l, const struct knobs *k,
			enum prec_slot s, char *b, size_t n)
{
	size_t len;

	if (!slot_applies(l, s))
		return "-";
	prec_str(&k->prec[s], b, n - 1);
	len = strlen(b);
	if (k->prec_set & (1u << s)) {
		b[len] = '*';
		b[len + 1] = '\0';
	}
	return b;
}

static void print_text(const struct design *d, const struct model *m,
		       const char *path)
{
	char b[4][FIXED_STR_MAX + 2], rf[24], def[FIXED_STR_MAX];
	int w = 5;

	for (int i = 0; i < m->n_layers; i++)
		if ((int)strlen(m->layers[i].name) > w)
			w = (int)strlen(m->layers[i].name);

	printf("design %s (model %s)\n", path, d->model);
	printf("part %s, clock %g ns, %s, backend %s\n", d->part, d->clock_ns,
	       io_type_name(d->io_type), d->backend);
	printf("defaults: precision %s, reuse_factor %ld, strategy %s\n\n",
	       prec_str(&d->prec[PREC_DEFAULT], def, sizeof(def)),
	       d->reuse_factor, strategy_name(d->strategy));
	printf("%-*s %-18s %6s %-9s %-17s %-17s %-17s %s\n", w, "layer", "kind",
	       "rf", "strategy", "weight", "bias", "result", "accum");
	for (int i = 0; i < m->n_layers; i++) {
		const struct layer *l = &m->layers[i];
		struct knobs k;

		if (l->kind == LAYER_INPUT)
			continue;
		design_resolve(d, m, i, &k);
		snprintf(rf, sizeof(rf), "%ld%s", k.reuse_factor,
			 k.set & KNOB_REUSE_FACTOR ? "*" : "");
		printf("%-*s %-18s %6s %-9s %-17s %-17s %-17s %s\n",
		       w, l->name, layer_kind_name(l->kind), rf,
		       strategy_name(k.strategy),
		       cell(l, &k, PREC_WEIGHT, b[0], sizeof(b[0])),
		       cell(l, &k, PREC_BIAS, b[1], sizeof(b[1])),
		       cell(l, &k, PREC_RESULT, b[2], sizeof(b[2])),
		       cell(l, &k, PREC_ACCUM, b[3], sizeof(b[3])));
	}
	printf("\n* set on the layer; other values are inherited\n");
}

static int run(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct design d;
	struct model m;
	bool json = false;
	char *path;
	int c;

	while ((c = cli_getopt(argc, argv, "jh", opts)) != -1) {
		switch (c) {
		case 'j': json = true; break;
		case 'h': return cli_help(&cmd_design_show);
		default:
			return cli_usage_error(&cmd_design_show, "unknown "
					       "option '%s'", argv[optind - 1]);
		}
	}
	if (optind != argc - 1)
		return cli_usage_error(&cmd_design_show, optind >= argc ?
				       "no design given" : "too many arguments");
	if (cli_open_design(argv[optind], &d, &m, &path) < 0)
		return EXIT_FAIL;
	if (json)
		print_json(&d, &m, path);
	else
		print_text(&d, &m, path);
	free(path);
	design_release(&d);
	model_release(&m);
	return EXIT_OK;
}
