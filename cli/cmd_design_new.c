/*
 * cmd_design_new.c - `hlsdse design new MODEL -o FILE ...`: a design with
 * hls4ml's defaults, the model's QKeras precisions, the given global
 * knobs and, optionally, an imported hls4ml configuration.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "core/fileio.h"
#include "core/xalloc.h"

static int run(int argc, char **argv);

const struct cmd cmd_design_new = {
	.group = "design",
	.name = "new",
	.run = run,
	.summary = "write a new design.json for MODEL (stdout without -o)",
	.usage = "MODEL [-o FILE] [--weights FILE] [--part P] [--clock NS]\n"
		 "       [--io-type io_parallel|io_stream] [--backend B] "
		 "[--precision T]\n"
		 "       [--rf N] [--strategy latency|resource] "
		 "[--from-hls4ml CONFIG]",
};

struct new_opts {
	const char *out, *weights, *config;
	char *assign[16];	/* global knob assignments, in order */
	int n_assign;
};

/* Sets the precisions the model's QKeras quantizers declare. */
static int apply_quantizers(struct design *d, const struct model *m)
{
	for (int i = 0; i < m->n_layers; i++) {
		const struct layer *l = &m->layers[i];
		const struct fixed_type *t[3] = { &l->quant.weight,
			&l->quant.bias, &l->quant.result };
		const bool has[3] = { l->quant.has_weight, l->quant.has_bias,
			l->quant.has_result };
		const char *slot[3] = { "weight", "bias", "result" };

		for (int k = 0; k < 3; k++) {
			char b[FIXED_STR_MAX], *a;
			struct error err;
			int rc;

			if (!has[k])
				continue;
			a = xasprintf("%s.precision.%s=%s", l->name, slot[k],
				      fixed_format(t[k], b, sizeof(b)));
			rc = design_set(d, m, a, &err);
			free(a);
			if (rc < 0)
				return cli_fail("%s", err.msg);
		}
	}
	return 0;
}

/* Records the model (and weights) paths relative to the design file. */
static int set_paths(struct design *d, const char *out, const char *model,
		     const char *weights)
{
	char *dir = out ? fileio_dirname(out) : xstrdup(".");
	struct error err;
	int rc = 0;

	free(d->model);
	d->model = fileio_relpath(dir, model, &err);
	if (!d->model)
		rc = cli_fail("%s", err.msg);
	if (rc == 0 && weights) {
		d->weights = fileio_relpath(dir, weights, &err);
		if (!d->weights)
			rc = cli_fail("%s", err.msg);
	}
	free(dir);
	return rc;
}

static int build(struct design *d, const struct model *m,
		 const struct new_opts *o, const char *model)
{
	struct error err;
	char **warn = NULL;
	int n_warn = 0, rc = 0;

	if (set_paths(d, o->out, model, o->weights) != 0)
		return EXIT_FAIL;
	for (int i = 0; i < o->n_assign; i++)
		if (design_set(d, m, o->assign[i], &err) < 0)
			return cli_fail("%s", err.msg);
	if (apply_quantizers(d, m) != 0)
		return EXIT_FAIL;
	if (o->config) {
		rc = design_import_hls4ml(d, m, o->config, &warn, &n_warn, &err);
		for (int i = 0; i < n_warn; i++) {
			cli_warn("%s", warn[i]);
			free(warn[i]);
		}
		free(warn);
		if (rc < 0)
			return cli_fail("%s", err.msg);
	}
	if (design_validate(d, m, &err) < 0)
		return cli_fail("%s", err.msg);
	return 0;
}

static int write_out(const struct design *d, const char *out)
{
	struct error err;
	char *json;

	if (out)
		return design_write(d, out, &err) < 0 ?
			cli_fail("%s", err.msg) : EXIT_OK;
	json = design_to_json(d);
	fputs(json, stdout);
	free(json);
	return EXIT_OK;
}

static int parse_opts(int argc, char **argv, struct new_opts *o)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "weights", required_argument, NULL, 'w' },
		{ "part", required_argument, NULL, 'p' },
		{ "clock", required_argument, NULL, 'c' },
		{ "io-type", required_argument, NULL, 'i' },
		{ "backend", required_argument, NULL, 'b' },
		{ "precision", required_argument, NULL, 'P' },
		{ "rf", required_argument, NULL, 'r' },
		{ "strategy", required_argument, NULL, 's' },
		{ "from-hls4ml", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	static const struct { int opt; const char *knob; } knobs[] = {
		{ 'p', "part" }, { 'c', "clock_ns" }, { 'i', "io_type" },
		{ 'b', "backend" }, { 'P', "defaults.precision" },
		{ 'r', "defaults.reuse_factor" }, { 's', "defaults.strategy" },
	};
	int c;

	while ((c = cli_getopt(argc, argv, "o:h", opts)) != -1) {
		bool done = false;

		for (size_t k = 0; k < sizeof(knobs) / sizeof(knobs[0]); k++) {
			if (knobs[k].opt != c || o->n_assign == 16)
				continue;
			o->assign[o->n_assign++] = xasprintf("%s=%s",
							     knobs[k].knob,
							     optarg);
			done = true;
		}
		if (done)
			continue;
		switch (c) {
		case 'o': o->out = optarg; break;
		case 'w': o->weights = optarg; break;
		case 'f': o->config = optarg; break;
		case 'h': return cli_help(&cmd_design_new) - 1;
		default:
			return cli_usage_error(&cmd_design_new, "unknown or "
					       "incomplete option '%s'",
					       argv[optind - 1]);
		}
	}
	if (optind != argc - 1)
		return cli_usage_error(&cmd_design_new, optind >= argc ?
				       "no model given" : "too many arguments");
	return 0;
}

static int run(int argc, char **argv)
{
	struct new_opts o = { 0 };
	struct design d;
	struct model m;
	int rc = parse_opts(argc, argv, &o);

	if (rc == 0 && cli_load_model(&m, argv[optind], o.weights) < 0)
		rc = EXIT_FAIL;
	else if (rc == 0) {
		design_init(&d);
		rc = build(&d, &m, &o, argv[optind]);
		if (rc == 0)
			rc = write_out(&d, o.out);
		design_release(&d);
		model_release(&m);
	}
	for (int i = 0; i < o.n_assign; i++)
		free(o.assign[i]);
	return rc < 0 ? EXIT_OK : rc;
}
