/*
 * cmd_show.c - `hlsdse show PROJECT run:N`: one run: its status and
 * design, the design's knobs that differ from the defaults, estimate
 * against actual (whole design and per layer/module where the tool
 * reports them), the paths and the tail of its log.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/projcli.h"
#include "core/fileio.h"
#include "core/xalloc.h"
#include "projects/compare.h"

static int run(int argc, char **argv);

const struct cmd cmd_show = {
	.name = "show",
	.run = run,
	.summary = "show one run: knobs, estimate against actual, paths, log "
		   "tail",
	.usage = "PROJECT run:N [--json] [--lines N]",
};

/* Where actual figures come from, in the order they are shown. */
static const char *const sources[] = { "csynth", "impl", "yosys", "sim" };
#define N_SOURCES 4

struct view {
	struct run_row r;
	struct design d;
	struct knob_diff *k;	/* knobs that differ from a fresh design */
	int nk;
	struct metric *est, *act[N_SOURCES];
	int ne, na[N_SOURCES];
	char *log, *tail;
};

/* The last n lines of the file at path (or NULL). */
static char *tail_of(const char *path, int n)
{
	char *text = NULL;
	size_t len = 0;
	const char *p;
	struct error err;

	if (fileio_read(path, 256u << 20, &text, &len, &err) < 0)
		return NULL;
	p = text + len;
	if (p > text && p[-1] == '\n')
		p--;
	while (p > text && n > 0)
		if (*--p == '\n')
			n--;
	if (*p == '\n')
		p++;
	memmove(text, p, strlen(p) + 1);
	return text;
}

static int load(struct proj_ctx *c, long id, int lines, struct view *v)
{
	struct design_row dr = { 0 };
	struct design fresh;
	struct error err;
	char *rel;

	memset(v, 0, sizeof(*v));
	design_init(&v->d);
	if (store_run_get(c->st, id, &v->r, &err) < 0 ||
	    store_design_get(c->st, v->r.design_id, &dr, &err) < 0 ||
	    design_parse(&v->d, dr.design_json, strlen(dr.design_json),
			 "design", &err) < 0 ||
	    store_metrics_get(c->st, id, true, "estimate", &v->est, &v->ne,
			      &err) < 0 ||
	    (v->ne == 0 && store_metrics_get(c->st, v->r.design_id, false,
					     "estimate", &v->est, &v->ne,
					     &err) < 0)) {
		design_row_release(&dr);
		return cli_fail("%s", err.msg);
	}
	for (int i = 0; i < N_SOURCES; i++)
		if (store_metrics_get(c->st, id, true, sources[i], &v->act[i],
				      &v->na[i], &err) < 0) {
			design_row_release(&dr);
			return cli_fail("%s", err.msg);
		}
	design_row_release(&dr);
	design_init(&fresh);
	fresh.io_type = v->d.io_type;
	v->nk = design_diff(&fresh, &v->d, &c->m, &v->k);
	design_release(&fresh);
	rel = xasprintf("runs/%ld/log.txt", id);
	v->log = project_path(&c->p, rel);
	free(rel);
	v->tail = tail_of(v->log, lines);
	return 0;
}

static void view_release(struct view *v)
{
	run_row_release(&v->r);
	design_release(&v->d);
	knob_diffs_free(v->k, v->nk);
	metrics_free(v->est, v->ne);
	for (int i = 0; i < N_SOURCES; i++)
		metrics_free(v->act[i], v->na[i]);
	free(v->log);
	free(v->tail);
}

static void print_pairs(const struct metric_pair *p, int n, const char *b)
{
	printf("\n%-36s %12s %12s %9s\n", "", "estimate", b, "error");
	for (int i = 0; i < n; i++) {
		char row[96];

		snprintf(row, sizeof(row), "%s %s", p[i].layer[0] ?
			 p[i].layer : "total", p[i].key);
		printf("  %-34s", row);
		if (p[i].has_a)
			printf(" %12.1f", p[i].a);
		else
			printf(" %12s", "-");
		if (p[i].has_b)
			printf(" %12.1f", p[i].b);
		else
			printf(" %12s", "-");
		if (p[i].has_a && p[i].has_b && p[i].b != 0)
			printf(" %+8.1f%%", 100 * (p[i].a - p[i].b) / fabs(p[i].b));
		printf("\n");
	}
}

/* The whole-design value of key in metrics m, or NAN. */
static double design_value(const struct metric *m, int n, const char *key)
{
	for (int i = 0; i < n; i++)
		if (!m[i].layer[0] && strcmp(m[i].key, key) == 0)
			return m[i].value;
	return NAN;
}

/* The open flow's verdict: bit-exact check, cycles, logic delay. */
static void print_sim(const struct view *v)
{
	const struct metric *sm = v->act[3], *ym = v->act[2];
	int ns = v->na[3], ny = v->na[2];
	double exact = design_value(sm, ns, "bit_exact");
	double delay = design_value(ym, ny, "logic_delay_ns");

	if (isnan(exact))
		return;
	printf("\nsimulation: bit-exact %s (%.0f vectors, %.0f mismatches "
	       "against the fixed-point reference); latency %.0f cycles, "
	       "II %.0f\n", exact == 1 ? "yes" : "no",
	       design_value(sm, ns, "vectors"),
	       design_value(sm, ns, "mismatches"),
	       design_value(sm, ns, "latency_cycles"),
	       design_value(sm, ns, "ii"));
	if (!isnan(delay))
		printf("critical path (yosys sta, logic only, no routing): "
		       "%.2f ns, at most %.0f MHz\n", delay, 1000 / delay);
}

static void print_text(struct proj_ctx *c, const struct view *v)
{
	const struct run_row *r = &v->r;
	struct metric_pair *p = NULL;
	int n;

	printf("run:%ld %s (backend %s) design:%ld commit %.7s %s\n", r->id,
	       r->status, r->backend, r->design_id, r->commit,
	       r->label ? r->label : "");
	printf("created %s", r->created_at);
	if (r->started_at)
		printf(", started %s", r->started_at);
	if (r->finished_at)
		printf(", finished %s", r->finished_at);
	printf("\n");
	if (r->stage)
		printf("stage %s%s\n", r->stage, r->has_progress ? "" : "");
	if (r->error)
		printf("error: %s\n", r->error);
	if (r->tool_version)
		printf("tool %s\n", r->tool_version);
	printf("\nknobs set (against hls4ml's defaults)%s\n",
	       v->nk ? "" : ": none");
	for (int i = 0; i < v->nk; i++) {
		char name[160];

		snprintf(name, sizeof(name), "%s%s%s", v->k[i].layer,
			 v->k[i].layer[0] ? "." : "", v->k[i].knob);
		printf("  %-40s %s\n", name, v->k[i].b);
	}
	print_sim(v);
	if (v->na[2] || v->na[3]) {
		/* the open flow: cells from yosys and cycles from the
		 * simulation in one column */
		int nb = v->na[2] + v->na[3];
		struct metric *both = xcalloc((size_t)nb + 1, sizeof(*both));

		if (v->na[2])
			memcpy(both, v->act[2], (size_t)v->na[2] * sizeof(*both));
		if (v->na[3])
			memcpy(both + v->na[2], v->act[3],
			       (size_t)v->na[3] * sizeof(*both));
		n = compare_metrics(v->est, v->ne, both, nb, &c->m, &p);
		print_pairs(p, n, "yosys+sim");
		free(p);
		free(both);
	}
	for (int i = 0; i < 2; i++) {
		/* csynth is shown even when empty: nothing has come back yet */
		if (v->na[i] == 0 && (i > 0 || v->na[2] || v->na[3]))
			continue;
		n = compare_metrics(v->est, v->ne, v->act[i], v->na[i], &c->m,
				    &p);
		print_pairs(p, n, sources[i]);
		free(p);
	}
	printf("\nrun directory %s/%s\nlog %s\n", c->p.dir,
	       r->workdir ? r->workdir : "-", v->log);
	if (v->tail)
		printf("\n%s\n", v->tail);
}

static cJSON *metrics_json(const struct metric *m, int n)
{
	cJSON *a = cJSON_CreateArray();

	for (int i = 0; i < n; i++) {
		cJSON *o = cJSON_CreateObject();

		cJSON_AddStringToObject(o, "layer", m[i].layer);
		cJSON_AddStringToObject(o, "key", m[i].key);
		cJSON_AddNumberToObject(o, "value", m[i].value);
		cJSON_AddItemToArray(a, o);
	}
	return a;
}

static void print_json(const struct view *v)
{
	cJSON *o = cJSON_CreateObject(), *k;

	cJSON_AddNumberToObject(o, "id", (double)v->r.id);
	cJSON_AddStringToObject(o, "status", v->r.status);
	cJSON_AddStringToObject(o, "backend", v->r.backend);
	cJSON_AddNumberToObject(o, "design", (double)v->r.design_id);
	cJSON_AddStringToObject(o, "commit", v->r.commit);
	if (v->r.error)
		cJSON_AddStringToObject(o, "error", v->r.error);
	else
		cJSON_AddNullToObject(o, "error");
	k = cJSON_AddArrayToObject(o, "knobs");
	for (int i = 0; i < v->nk; i++) {
		cJSON *j = cJSON_CreateObject();

		cJSON_AddStringToObject(j, "layer", v->k[i].layer);
		cJSON_AddStringToObject(j, "knob", v->k[i].knob);
		cJSON_AddStringToObject(j, "value", v->k[i].b);
		cJSON_AddItemToArray(k, j);
	}
	cJSON_AddItemToObject(o, "estimate", metrics_json(v->est, v->ne));
	for (int i = 0; i < N_SOURCES; i++)
		cJSON_AddItemToObject(o, sources[i],
				      metrics_json(v->act[i], v->na[i]));
	cJSON_AddStringToObject(o, "log", v->log);
	if (v->tail)
		cJSON_AddStringToObject(o, "log_tail", v->tail);
	cli_print_json(o);
}

static int run(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "lines", required_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct proj_ctx c;
	struct view v;
	bool json = false;
	long id, lines = 20;
	int opt, rc = EXIT_OK;

	while ((opt = cli_getopt(argc, argv, "jn:h", opts)) != -1) {
		if (opt == 'j')
			json = true;
		else if (opt == 'n') {
			if (cli_parse_long("--lines", optarg, 0, 100000,
					   &lines) < 0)
				return EXIT_USAGE;
		} else if (opt == 'h')
			return cli_help(&cmd_show);
		else
			return cli_usage_error(&cmd_show, "unknown or "
					       "incomplete option '%s'",
					       argv[optind - 1]);
	}
	if (argc - optind != 2)
		return cli_usage_error(&cmd_show, "expected PROJECT run:N");
	if (proj_run_ref(argv[optind + 1], &id) < 0)
		return EXIT_FAIL;
	if (proj_open(argv[optind], &c) < 0)
		return EXIT_FAIL;
	if (load(&c, id, (int)lines, &v) != 0)
		rc = EXIT_FAIL;
	else if (json)
		print_json(&v);
	else
		print_text(&c, &v);
	view_release(&v);
	proj_close(&c);
	return rc;
}
