/*
 * cmd_plot.c - `hlsdse plot PROJECT KIND`: an SVG plot of the project's
 * runs or designs: pareto (two metrics, the Pareto front marked),
 * accuracy (one metric's estimate against the tool's result over the
 * finished runs) or layers (one run's estimated resources per layer in
 * percent of the part).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/projcli.h"
#include "core/fileio.h"
#include "core/xalloc.h"
#include "estimators/part.h"
#include "reports/plot_accuracy.h"
#include "reports/plot_layers.h"
#include "reports/plot_pareto.h"

static int run(int argc, char **argv);

const struct cmd cmd_plot = {
	.name = "plot",
	.run = run,
	.summary = "write an SVG plot: pareto (--x KEY --y KEY), accuracy "
		   "(--metric KEY,\nestimate against a tool's results; the "
		   "first tool that has them unless\n--source) or layers "
		   "(--run N, resources per layer)",
	.usage = "PROJECT pareto [--x KEY] [--y KEY] [--runs LIST | --designs "
		 "LIST|all]\n       [--estimate] [-o FILE]\n"
		 "       hlsdse plot PROJECT accuracy [--metric KEY] [--source "
		 "csynth|yosys|impl|sim]\n       [--runs LIST] [-o FILE]\n"
		 "       hlsdse plot PROJECT layers --run N [-o FILE]",
};

struct plot_opts {
	const char *kind, *out;
	const char *x, *y, *metric, *source, *runs, *designs, *run;
	bool estimate;
};

/* Checks that key names a metric; usage error otherwise. */
static int check_key(const char *opt, const char *key)
{
	struct strbuf sb;

	if (runset_metric(key))
		return 0;
	strbuf_init(&sb);
	for (int i = 0; i < RUNSET_N_METRICS; i++)
		strbuf_addf(&sb, "%s%s", i ? ", " : "", runset_metrics[i].key);
	cli_usage_error(&cmd_plot, "%s: unknown metric '%s' (%s)", opt, key,
			sb.buf);
	strbuf_release(&sb);
	return -1;
}

static int write_svg(const char *path, char *svg)
{
	struct error err;
	int rc = EXIT_OK;

	if (!path || strcmp(path, "-") == 0)
		fputs(svg, stdout);
	else if (fileio_write_atomic(path, svg, strlen(svg), &err) < 0)
		rc = cli_fail("%s", err.msg);
	free(svg);
	return rc;
}

/* Loads the runs --runs names (all when none). */
static int load_runs(struct proj_ctx *c, const char *list, struct runset *rs)
{
	struct runset_filter f = { 0 };
	struct error err;
	long *ids = NULL;
	int n = 0, rc = 0;

	if (list && runset_parse_ids(list, "run", &ids, &n, &err) < 0)
		return cli_fail("%s", err.msg);
	f.runs = ids;
	f.n_runs = n;
	if (runset_load(rs, c->st, &c->m, &f, &err) < 0)
		rc = cli_fail("%s", err.msg);
	free(ids);
	return rc;
}

static int pareto(struct proj_ctx *c, const struct plot_opts *o)
{
	struct pareto_point *p = NULL;
	struct runset rs = { 0 };
	struct error err;
	char *title, *xt, *yt, *what;
	int n = 0, rc = EXIT_FAIL;

	if (o->designs) {
		long *ids = NULL;
		int ni = 0;

		if (strcmp(o->designs, "all") != 0 &&
		    runset_parse_ids(o->designs, "design", &ids, &ni, &err) < 0)
			return cli_fail("%s", err.msg);
		if (plot_pareto_designs(c->st, ids, ni, o->x, o->y, &p, &n,
					&err) < 0)
			cli_fail("%s", err.msg);
		else
			rc = EXIT_OK;
		free(ids);
		what = xstrdup("saved designs, estimates");
	} else {
		if (load_runs(c, o->runs, &rs) == 0) {
			n = plot_pareto_runs(&rs, o->x, o->y, o->estimate, &p);
			rc = EXIT_OK;
		}
		what = xstrdup(o->estimate ? "runs, estimates" :
			       "finished runs, tool results");
	}
	if (rc == EXIT_OK && n == 0)
		rc = cli_fail("nothing to plot: %s has both '%s' and '%s'%s",
			      o->designs ? "no saved design's estimate" :
			      o->estimate ? "no run's estimate" :
			      "no finished run's result", o->x, o->y,
			      o->designs || o->estimate ? "" :
			      " (--estimate plots the runs' estimates, "
			      "--designs the saved designs')");
	if (rc == EXIT_OK) {
		xt = plot_axis_title(o->x);
		yt = plot_axis_title(o->y);
		title = xasprintf("%s: %s against %s (%s)", c->p.name,
				  runset_metric(o->y)->label,
				  runset_metric(o->x)->label, what);
		rc = write_svg(o->out, plot_pareto_svg(p, n, title, xt, yt));
		free(title);
		free(xt);
		free(yt);
	}
	free(what);
	pareto_points_free(p, n);
	runset_release(&rs);
	return rc;
}

static int accuracy(struct proj_ctx *c, const struct plot_opts *o)
{
	const char *source = o->source;
	struct accuracy_pair *p = NULL;
	struct runset rs = { 0 };
	int n, rc;

	if (load_runs(c, o->runs, &rs) < 0)
		return EXIT_FAIL;
	n = source ? accuracy_pairs(&rs, source, o->metric, &p) : 0;
	/* without --source: the first tool with results for the metric */
	for (int s = 0; !o->source && n == 0 && s < RUNSET_N_SOURCES; s++) {
		source = runset_sources[s];
		n = accuracy_pairs(&rs, source, o->metric, &p);
	}
	if (n == 0)
		rc = cli_fail("no finished run has both an estimate and a%s%s "
			      "result for '%s'", o->source ? " " : " tool's",
			      o->source ? o->source : "", o->metric);
	else
		rc = write_svg(o->out, plot_accuracy_svg(p, n, o->metric,
							 source));
	free(p);
	runset_release(&rs);
	return rc;
}

static int layers(struct proj_ctx *c, const struct plot_opts *o)
{
	struct runset rs = { 0 };
	struct error err;
	char *svg = NULL;
	int rc;

	if (load_runs(c, o->run, &rs) < 0)
		return EXIT_FAIL;
	if (rs.n != 1)
		rc = cli_fail("layers plots one run, not '%s'", o->run);
	else if (rs.runs[0].n_est == 0)
		rc = cli_fail("run:%ld has no estimate stored",
			      rs.runs[0].row.id);
	else if (plot_layers_run(&rs.runs[0], &c->m, &svg, &err) < 0)
		rc = cli_fail("%s", err.msg);
	else
		rc = write_svg(o->out, svg);
	runset_release(&rs);
	return rc;
}

static int plot(const char *project, const struct plot_opts *o)
{
	char *path;
	struct proj_ctx c;
	struct error err;
	int rc;

	if (proj_open(project, &c) < 0)
		return EXIT_FAIL;
	path = project_path(&c.p, "parts.json");
	if (part_catalog_load_user(&err) < 0 ||
	    part_catalog_load(path, &err) < 0)
		rc = cli_fail("%s", err.msg);
	else if (strcmp(o->kind, "pareto") == 0)
		rc = pareto(&c, o);
	else if (strcmp(o->kind, "accuracy") == 0)
		rc = accuracy(&c, o);
	else
		rc = layers(&c, o);
	free(path);
	part_catalog_release();
	proj_close(&c);
	return rc;
}

/* Checks the options against the kind of plot. */
static int check(const struct plot_opts *o)
{
	bool pareto = strcmp(o->kind, "pareto") == 0;
	bool acc = strcmp(o->kind, "accuracy") == 0;
	bool lay = strcmp(o->kind, "layers") == 0;

	if (!pareto && !acc && !lay)
		return cli_usage_error(&cmd_plot, "unknown plot '%s' (pareto, "
				       "accuracy, layers)", o->kind);
	if (!pareto && (o->designs || o->estimate || o->x != NULL ||
			o->y != NULL))
		return cli_usage_error(&cmd_plot, "--x, --y, --designs and "
				       "--estimate go with pareto");
	if (!acc && (o->metric || o->source))
		return cli_usage_error(&cmd_plot, "--metric and --source go "
				       "with accuracy");
	if (lay != (o->run != NULL))
		return cli_usage_error(&cmd_plot, lay ? "layers needs --run N" :
				       "--run goes with layers");
	if (lay && o->runs)
		return cli_usage_error(&cmd_plot, "layers takes one --run");
	if (o->designs && o->runs)
		return cli_usage_error(&cmd_plot, "--runs and --designs "
				       "exclude each other");
	return 0;
}

static int run(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "x", required_argument, NULL, 'x' },
		{ "y", required_argument, NULL, 'y' },
		{ "metric", required_argument, NULL, 'm' },
		{ "source", required_argument, NULL, 's' },
		{ "runs", required_argument, NULL, 'r' },
		{ "run", required_argument, NULL, 'R' },
		{ "designs", required_argument, NULL, 'D' },
		{ "estimate", no_argument, NULL, 'e' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct plot_opts o = { 0 };
	bool known = false;
	int opt;

	while ((opt = cli_getopt(argc, argv, "o:h", opts)) != -1) {
		switch (opt) {
		case 'o': o.out = optarg; break;
		case 'x': o.x = optarg; break;
		case 'y': o.y = optarg; break;
		case 'm': o.metric = optarg; break;
		case 's': o.source = optarg; break;
		case 'r': o.runs = optarg; break;
		case 'R': o.run = optarg; break;
		case 'D': o.designs = optarg; break;
		case 'e': o.estimate = true; break;
		case 'h': return cli_help(&cmd_plot);
		default:
			return cli_usage_error(&cmd_plot, "unknown or "
					       "incomplete option '%s'",
					       argv[optind - 1]);
		}
	}
	if (argc - optind != 2)
		return cli_usage_error(&cmd_plot, "expected PROJECT and a plot "
				       "(pareto, accuracy, layers)");
	o.kind = argv[optind + 1];
	if (check(&o) != 0)
		return EXIT_USAGE;
	if ((o.x && check_key("--x", o.x) < 0) ||
	    (o.y && check_key("--y", o.y) < 0) ||
	    (o.metric && check_key("--metric", o.metric) < 0))
		return EXIT_USAGE;
	for (int s = 0; o.source && s < RUNSET_N_SOURCES; s++)
		known = known || strcmp(o.source, runset_sources[s]) == 0;
	if (o.source && !known)
		return cli_usage_error(&cmd_plot, "--source: unknown source "
				       "'%s' (csynth, yosys, impl, sim)",
				       o.source);
	if (o.run && strchr(o.run, ','))
		return cli_usage_error(&cmd_plot, "layers takes one --run");
	o.x = o.x ? o.x : "latency_ns";
	o.y = o.y ? o.y : "dsp";
	o.metric = o.metric ? o.metric : "lut";
	return plot(argv[optind], &o);
}
