/* newdesign.c - a new design for a model, shared by `design new` and
 * `init`. */
#include <stdlib.h>
#include <string.h>

#include "cli/newdesign.h"
#include "core/fileio.h"
#include "core/xalloc.h"

int new_design_opt(struct new_design_opts *o, int c, const char *arg)
{
	static const struct { int opt; const char *knob; } knobs[] = {
		{ 'p', "part" }, { 'c', "clock_ns" }, { 'i', "io_type" },
		{ 'b', "backend" }, { 'P', "defaults.precision" },
		{ 'r', "defaults.reuse_factor" }, { 's', "defaults.strategy" },
	};

	if (c == 'w') {
		o->weights = arg;
		return 1;
	}
	if (c == 'f') {
		o->config = arg;
		return 1;
	}
	for (size_t k = 0; k < sizeof(knobs) / sizeof(knobs[0]); k++) {
		if (knobs[k].opt != c)
			continue;
		if (o->n_assign < 16)
			o->assign[o->n_assign++] = xasprintf("%s=%s",
							     knobs[k].knob, arg);
		return 1;
	}
	return 0;
}

void new_design_opts_release(struct new_design_opts *o)
{
	for (int i = 0; i < o->n_assign; i++)
		free(o->assign[i]);
	o->n_assign = 0;
}

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

/* Records the model (and weights) paths relative to out_dir. */
static int set_paths(struct design *d, const char *out_dir,
		     const char *model, const char *weights)
{
	struct error err;

	free(d->model);
	d->model = fileio_relpath(out_dir, model, &err);
	if (!d->model)
		return cli_fail("%s", err.msg);
	if (weights) {
		free(d->weights);
		d->weights = fileio_relpath(out_dir, weights, &err);
		if (!d->weights)
			return cli_fail("%s", err.msg);
	}
	return 0;
}

int new_design_build(struct design *d, const struct model *m,
		     const struct new_design_opts *o, const char *out_dir,
		     const char *model_path)
{
	struct error err;
	char **warn = NULL;
	int n_warn = 0, rc = 0;

	if (set_paths(d, out_dir, model_path, o->weights) != 0)
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
