/*
 * cmd_estimate.c - `hlsdse estimate MODEL|PROJECT [options]`: per-layer
 * resources, latency, II and warnings for a design point, with totals
 * against the part's capacity (DESIGN.md section 4 fixes the JSON).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/commands.h"
#include "core/fileio.h"
#include "core/xalloc.h"
#include "estimators/estimate.h"

static int run(int argc, char **argv);

const struct cmd cmd_estimate = {
	.name = "estimate",
	.run = run,
	.summary = "estimate DSP, LUT, FF, BRAM18, URAM, latency and II per "
		   "layer\n(MODEL is a Keras model, a design.json or a project "
		   "directory)",
	.usage = "MODEL|DESIGN|PROJECT [--design FILE] [--weights FILE] "
		 "[--part P] [--clock NS]\n"
		 "       [--io-type T] [--rf N] [--strategy S] [--precision T]\n"
		 "       [--set LAYER.KNOB=VALUE]... [--mode csynth|impl|rtl] [--json]",
};

struct est_opts {
	const char *design, *weights;
	char *assign[64];	/* global options then --set, in order */
	int n_assign;
	enum est_mode mode;
	bool json;
};

/* A project directory, or a JSON file tagged as a design. */
static bool is_design_file(const char *path)
{
	struct stat st;
	char *text = NULL;
	bool yes;

	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return true;
	if (fileio_read(path, 1u << 20, &text, NULL, NULL) < 0)
		return false;
	yes = strstr(text, "\"" DESIGN_FORMAT "\"") != NULL &&
		strstr(text, "\"class_name\"") == NULL;
	free(text);
	return yes;
}

/* Loads the model and design the arguments name. */
static int load(const char *arg, const struct est_opts *o, struct model *m,
		struct design *d)
{
	struct error err;
	char *path = NULL;

	if (is_design_file(arg)) {
		char *dir, *parts;
		int rc;

		if (cli_open_design(arg, d, m, &path) < 0)
			return -1;
		/* a project's own parts.json, beside its design */
		dir = fileio_dirname(path);
		parts = fileio_join(dir, "parts.json");
		rc = part_catalog_load(parts, &err);
		if (rc < 0) {
			cli_fail("%s", err.msg);
			design_release(d);
			model_release(m);
		}
		free(parts);
		free(dir);
		free(path);
		return rc;
	}
	if (cli_load_model(m, arg, o->weights) < 0)
		return -1;
	design_init(d);
	if (o->design) {
		if (design_read(d, o->design, &err) < 0 ||
		    design_validate(d, m, &err) < 0) {
			cli_fail("%s", err.msg);
			design_release(d);
			model_release(m);
			return -1;
		}
	}
	return 0;
}

static const char *fmt_util(double u, char *b, size_t n)
{
	if (isinf(u))
		snprintf(b, n, "n/a");
	else
		snprintf(b, n, "%.1f%%", 100 * u);
	return b;
}

static cJSON *warnings_json(unsigned w)
{
	cJSON *a = cJSON_CreateArray();

	for (unsigned b = 0; b < EST_W_COUNT; b++)
		if (w & (1u << b))
			cJSON_AddItemToArray(a, cJSON_CreateString(
						     est_warning_code(b)));
	return a;
}

static void add_resources(cJSON *o, const struct layer_est *r)
{
	cJSON_AddNumberToObject(o, "dsp", r->dsp);
	cJSON_AddNumberToObject(o, "lut", r->lut);
	cJSON_AddNumberToObject(o, "ff", r->ff);
	cJSON_AddNumberToObject(o, "bram18", r->bram18);
	cJSON_AddNumberToObject(o, "uram", r->uram);
}

static double json_util(double u)
{
	return isinf(u) ? -1 : u;
}

static void print_json(const struct estimate *e)
{
	cJSON *o = cJSON_CreateObject(), *ls, *t, *a, *u;

	cJSON_AddStringToObject(o, "model", e->m->name);
	cJSON_AddStringToObject(o, "part", e->d->part);
	cJSON_AddNumberToObject(o, "clock_ns", e->d->clock_ns);
	cJSON_AddStringToObject(o, "mode", est_mode_name(e->mode));
	cJSON_AddStringToObject(o, "io_type", io_type_name(e->d->io_type));
	cJSON_AddStringToObject(o, "top", e->dataflow ? "dataflow" : "pipeline");
	ls = cJSON_AddArrayToObject(o, "layers");
	for (int i = 0; i < e->n_layers; i++) {
		const struct layer *l = &e->m->layers[i];
		const struct layer_est *r = &e->layers[i];
		cJSON *j;

		if (l->kind == LAYER_INPUT)
			continue;
		j = cJSON_CreateObject();
		cJSON_AddStringToObject(j, "name", l->name);
		cJSON_AddStringToObject(j, "kind", layer_kind_name(l->kind));
		cJSON_AddNumberToObject(j, "reuse_factor",
					(double)e->knobs[i].reuse_factor);
		cJSON_AddStringToObject(j, "strategy",
					strategy_name(e->knobs[i].strategy));
		add_resources(j, r);
		cJSON_AddNumberToObject(j, "latency_cycles", (double)r->latency);
		cJSON_AddNumberToObject(j, "ii", (double)r->ii);
		cJSON_AddItemToObject(j, "warnings", warnings_json(r->warnings));
		cJSON_AddItemToArray(ls, j);
	}
	t = cJSON_AddObjectToObject(o, "total");
	add_resources(t, &e->total);
	cJSON_AddNumberToObject(t, "latency_cycles", (double)e->total.latency);
	cJSON_AddNumberToObject(t, "latency_ns", e->latency_ns);
	cJSON_AddNumberToObject(t, "ii", (double)e->total.ii);
	a = cJSON_AddObjectToObject(o, "available");
	cJSON_AddNumberToObject(a, "dsp", (double)e->part.dsp);
	cJSON_AddNumberToObject(a, "lut", (double)e->part.lut);
	cJSON_AddNumberToObject(a, "ff", (double)e->part.ff);
	cJSON_AddNumberToObject(a, "bram18", (double)e->part.bram18);
	cJSON_AddNumberToObject(a, "uram", (double)e->part.uram);
	u = cJSON_AddObjectToObject(o, "utilization");
	cJSON_AddNumberToObject(u, "dsp", json_util(e->util_dsp));
	cJSON_AddNumberToObject(u, "lut", json_util(e->util_lut));
	cJSON_AddNumberToObject(u, "ff", json_util(e->util_ff));
	cJSON_AddNumberToObject(u, "bram18", json_util(e->util_bram18));
	cJSON_AddNumberToObject(u, "uram", json_util(e->util_uram));
	cli_print_json(o);
}

static void warn_marks(unsigned w, char *b, size_t n)
{
	size_t used = 0;

	b[0] = '\0';
	for (unsigned bit = 0; bit < EST_W_COUNT && used < n; bit++)
		if (w & (1u << bit))
			used += (size_t)snprintf(b + used, n - used, "%s%s",
						 used ? "," : "",
						 est_warning_code(bit));
}

static void print_text(const struct estimate *e)
{
	char b[5][16], wm[160];
	int w = 5;

	for (int i = 0; i < e->n_layers; i++)
		if ((int)strlen(e->m->layers[i].name) > w)
			w = (int)strlen(e->m->layers[i].name);
	printf("%s on %s (%s, %s), %g ns, %s, %s, top %s\n\n", e->m->name,
	       e->d->part, e->part.device, dsp_kind_name(e->part.dsp_kind),
	       e->d->clock_ns, io_type_name(e->d->io_type),
	       est_mode_name(e->mode), e->dataflow ? "dataflow" : "pipeline");
	printf("%-*s %-18s %5s %-8s %8s %9s %9s %7s %5s %7s %6s  %s\n", w,
	       "layer", "kind", "rf", "strategy", "DSP", "LUT", "FF", "BRAM18",
	       "URAM", "latency", "II", "warnings");
	for (int i = 0; i < e->n_layers; i++) {
		const struct layer *l = &e->m->layers[i];
		const struct layer_est *r = &e->layers[i];

		if (l->kind == LAYER_INPUT)
			continue;
		warn_marks(r->warnings, wm, sizeof(wm));
		printf("%-*s %-18s %5ld %-8s %8.0f %9.0f %9.0f %7.1f %5.0f %7ld "
		       "%6ld%s%s\n", w, l->name, layer_kind_name(l->kind),
		       e->knobs[i].reuse_factor,
		       strategy_name(e->knobs[i].strategy), r->dsp, r->lut,
		       r->ff, r->bram18, r->uram, r->latency, r->ii,
		       wm[0] ? "  " : "", wm);
	}
	printf("%-*s %-18s %5s %-8s %8.0f %9.0f %9.0f %7.1f %5.0f %7ld %6ld\n",
	       w, "total", "", "", "", e->total.dsp, e->total.lut, e->total.ff,
	       e->total.bram18, e->total.uram, e->total.latency, e->total.ii);
	printf("%-*s %-18s %5s %-8s %8ld %9ld %9ld %7ld %5ld\n", w,
	       "available", "", "", "", e->part.dsp, e->part.lut, e->part.ff,
	       e->part.bram18, e->part.uram);
	printf("%-*s %-18s %5s %-8s %8s %9s %9s %7s %5s\n", w, "utilization",
	       "", "", "", fmt_util(e->util_dsp, b[0], 16),
	       fmt_util(e->util_lut, b[1], 16), fmt_util(e->util_ff, b[2], 16),
	       fmt_util(e->util_bram18, b[3], 16),
	       fmt_util(e->util_uram, b[4], 16));
	printf("\nlatency %ld cycle%s = %.1f ns, II %ld cycle%s\n",
	       e->total.latency, e->total.latency == 1 ? "" : "s",
	       e->latency_ns, e->total.ii, e->total.ii == 1 ? "" : "s");
	for (unsigned bit = 0; bit < EST_W_COUNT; bit++)
		if (e->total.warnings & (1u << bit))
			printf("%s: %s\n", est_warning_code(bit),
			       est_warning_text(bit));
}

/* Queues a global knob (or --set) assignment. */
static void queue(struct est_opts *o, const char *knob, const char *val)
{
	if (o->n_assign < 64)
		o->assign[o->n_assign++] = knob ? xasprintf("%s=%s", knob, val)
						 : xstrdup(val);
}

static int parse_opts(int argc, char **argv, struct est_opts *o)
{
	static const struct option opts[] = {
		{ "design", required_argument, NULL, 'd' },
		{ "weights", required_argument, NULL, 'w' },
		{ "part", required_argument, NULL, 'p' },
		{ "clock", required_argument, NULL, 'c' },
		{ "io-type", required_argument, NULL, 'i' },
		{ "rf", required_argument, NULL, 'r' },
		{ "strategy", required_argument, NULL, 's' },
		{ "precision", required_argument, NULL, 'P' },
		{ "set", required_argument, NULL, 'S' },
		{ "mode", required_argument, NULL, 'm' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int c, mode;

	while ((c = cli_getopt(argc, argv, "jh", opts)) != -1) {
		switch (c) {
		case 'd': o->design = optarg; break;
		case 'w': o->weights = optarg; break;
		case 'p': queue(o, "part", optarg); break;
		case 'c': queue(o, "clock_ns", optarg); break;
		case 'i': queue(o, "io_type", optarg); break;
		case 'r': queue(o, "defaults.reuse_factor", optarg); break;
		case 's': queue(o, "defaults.strategy", optarg); break;
		case 'P': queue(o, "defaults.precision", optarg); break;
		case 'S': queue(o, NULL, optarg); break;
		case 'j': o->json = true; break;
		case 'm':
			mode = est_mode_from_name(optarg);
			if (mode < 0)
				return cli_usage_error(&cmd_estimate, "--mode "
						       "must be csynth, impl or rtl");
			o->mode = (enum est_mode)mode;
			break;
		case 'h': return cli_help(&cmd_estimate) - 1;
		default:
			return cli_usage_error(&cmd_estimate, "unknown or "
					       "incomplete option '%s'",
					       argv[optind - 1]);
		}
	}
	if (optind != argc - 1)
		return cli_usage_error(&cmd_estimate, optind >= argc ?
				       "no model given" : "too many arguments");
	return 0;
}

static int estimate_point(const struct est_opts *o, const char *arg)
{
	struct estimate e = { 0 };
	struct design d;
	struct model m;
	struct error err;
	int rc = EXIT_OK;

	if (load(arg, o, &m, &d) < 0)
		return EXIT_FAIL;
	for (int i = 0; i < o->n_assign && rc == EXIT_OK; i++)
		if (design_set(&d, &m, o->assign[i], &err) < 0)
			rc = cli_fail("%s", err.msg);
	if (rc == EXIT_OK && estimate_run(&e, &m, &d, o->mode, &err) < 0)
		rc = cli_fail("%s", err.msg);
	if (rc == EXIT_OK) {
		if (o->json)
			print_json(&e);
		else
			print_text(&e);
	}
	estimate_release(&e);
	design_release(&d);
	model_release(&m);
	return rc;
}

static int run(int argc, char **argv)
{
	struct est_opts o = { .mode = EST_CSYNTH };
	struct error err;
	int rc = parse_opts(argc, argv, &o);

	if (rc == 0 && part_catalog_load_user(&err) < 0)
		rc = cli_fail("%s", err.msg);
	if (rc == 0)
		rc = estimate_point(&o, argv[optind]);
	for (int i = 0; i < o.n_assign; i++)
		free(o.assign[i]);
	part_catalog_release();
	return rc < 0 ? EXIT_OK : rc;
}
