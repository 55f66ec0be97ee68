/*
 * cmd_compare.c - `hlsdse compare PROJECT A B`: two design points side by
 * side (A, B = design:N or working): the knobs that differ, layer by
 * layer, and every estimate metric with both values and the difference;
 * as text, Markdown or CSV (the table model) or JSON (--json, the same
 * as --format json).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/projcli.h"
#include "core/xalloc.h"
#include "projects/compare.h"
#include "reports/table.h"

static int run(int argc, char **argv);

const struct cmd cmd_compare = {
	.name = "compare",
	.run = run,
	.summary = "compare two design points (design:N or working): knobs "
		   "that differ and\nestimate metrics per layer (--all shows "
		   "equal metrics too)",
	.usage = "PROJECT A B [--all] [--json] [--format text|md|csv|json]",
};

/* One side: its design and metrics. */
struct side {
	char name[32];
	char *label;
	struct design d;
	struct metric *m;
	int n;
};

static int load_side(struct proj_ctx *c, const char *ref, struct side *s)
{
	struct design_row r = { 0 };
	struct estimate e = { 0 };
	struct error err;
	long id;

	design_init(&s->d);
	if (strcmp(ref, "working") == 0) {
		snprintf(s->name, sizeof(s->name), "working");
		s->label = xstrdup("design.json");
		if (design_read(&s->d, c->design_path, &err) < 0 ||
		    estimate_run(&e, &c->m, &s->d, EST_CSYNTH, &err) < 0) {
			cli_fail("%s", err.msg);
			estimate_release(&e);
			return -1;
		}
		s->n = metrics_from_estimate(&e, &s->m);
		estimate_release(&e);
		return 0;
	}
	if (proj_design_ref(ref, &id) < 0)
		return -1;
	snprintf(s->name, sizeof(s->name), "design:%ld", id);
	if (store_design_get(c->st, id, &r, &err) < 0 ||
	    design_parse(&s->d, r.design_json, strlen(r.design_json),
			 s->name, &err) < 0 ||
	    store_metrics_get(c->st, id, false, "estimate", &s->m, &s->n,
			      &err) < 0) {
		design_row_release(&r);
		cli_fail("%s", err.msg);
		return -1;
	}
	s->label = xstrdup(r.label);
	design_row_release(&r);
	return 0;
}

static void side_release(struct side *s)
{
	design_release(&s->d);
	metrics_free(s->m, s->n);
	free(s->label);
}

/* The metrics as a table: in text one "  LAYER KEY" column and printf's
 * widths (the difference and percentage only where both sides have the
 * metric), otherwise layer and metric apart. Rows whose values are equal
 * are left out unless all. */
static void metrics_table(const struct side *a, const struct side *b,
			  const struct metric_pair *p, int np, bool all,
			  bool text, struct table *t)
{
	int c0 = text ? 0 : 1;

	table_init(t, "metrics");
	if (text) {
		table_col(t, "metric", "estimate", NULL, TABLE_LEFT);
		table_col_text(t, 0, 36, 0, 0);
	} else {
		table_col(t, "layer", NULL, NULL, TABLE_LEFT);
		table_col(t, "metric", NULL, NULL, TABLE_LEFT);
	}
	table_col(t, "a", a->name, NULL, TABLE_RIGHT);
	table_col(t, "b", b->name, NULL, TABLE_RIGHT);
	table_col(t, "diff", NULL, NULL, TABLE_RIGHT);
	table_col(t, "percent", "%", NULL, TABLE_RIGHT);
	if (text) {
		table_col_text(t, 1, 12, 1, 0);
		table_col_text(t, 2, 12, 1, 0);
		table_col_text(t, 3, 12, 1, TABLE_OMIT_EMPTY);
		table_col_text(t, 4, 9, 1, TABLE_OMIT_EMPTY);
	}
	for (int i = 0; i < np; i++) {
		double d = p[i].b - p[i].a;
		const char *layer = p[i].layer[0] ? p[i].layer : "total";
		char buf[64];
		int r;

		if (!all && p[i].has_a && p[i].has_b && d == 0)
			continue;
		r = table_row(t);
		if (text) {
			table_strf(t, r, 0, "  %s %s", layer, p[i].key);
		} else {
			table_str(t, r, 0, layer);
			table_str(t, r, 1, p[i].key);
		}
		if (p[i].has_a)
			table_num(t, r, c0 + 1, p[i].a, 1);
		if (p[i].has_b)
			table_num(t, r, c0 + 2, p[i].b, 1);
		if (!p[i].has_a || !p[i].has_b)
			continue;
		snprintf(buf, sizeof(buf), "%+.1f", d);
		table_num_text(t, r, c0 + 3, d, buf);
		if (p[i].a != 0) {
			snprintf(buf, sizeof(buf), text ? "%+8.1f%%" : "%+.1f",
				 100 * d / fabs(p[i].a));
			table_num_text(t, r, c0 + 4, 100 * d / fabs(p[i].a), buf);
		}
	}
}

static void print_text(const struct side *a, const struct side *b,
		       const struct knob_diff *k, int nk,
		       const struct metric_pair *p, int np, bool all)
{
	struct table t;

	printf("%s (%s) -> %s (%s)\n\nknobs%s\n", a->name, a->label, b->name,
	       b->label, nk ? "" : ": identical");
	for (int i = 0; i < nk; i++)
		printf("  %s%s%-28s %s -> %s\n", k[i].layer,
		       k[i].layer[0] ? "." : "", k[i].knob, k[i].a, k[i].b);
	printf("\n");
	metrics_table(a, b, p, np, all, true, &t);
	table_print(&t, TABLE_TEXT, stdout);
	table_release(&t);
}

/* Markdown: the knobs that differ, then the metrics; CSV: the metrics. */
static void print_table(const struct side *a, const struct side *b,
			const struct knob_diff *k, int nk,
			const struct metric_pair *p, int np, bool all,
			enum table_format f)
{
	struct table t;

	if (f == TABLE_MD) {
		table_init(&t, "knobs");
		table_col(&t, "layer", NULL, NULL, TABLE_LEFT);
		table_col(&t, "knob", NULL, NULL, TABLE_LEFT);
		table_col(&t, "a", a->name, NULL, TABLE_LEFT);
		table_col(&t, "b", b->name, NULL, TABLE_LEFT);
		for (int i = 0; i < nk; i++) {
			int r = table_row(&t);

			table_str(&t, r, 0, k[i].layer);
			table_str(&t, r, 1, k[i].knob);
			table_str(&t, r, 2, k[i].a);
			table_str(&t, r, 3, k[i].b);
		}
		table_print(&t, f, stdout);
		table_release(&t);
		printf("\n");
	}
	metrics_table(a, b, p, np, all, false, &t);
	table_print(&t, f, stdout);
	table_release(&t);
}

static void print_json(const struct side *a, const struct side *b,
		       const struct knob_diff *k, int nk,
		       const struct metric_pair *p, int np)
{
	cJSON *o = cJSON_CreateObject(), *ks, *ms;

	cJSON_AddStringToObject(o, "a", a->name);
	cJSON_AddStringToObject(o, "b", b->name);
	ks = cJSON_AddArrayToObject(o, "knobs");
	for (int i = 0; i < nk; i++) {
		cJSON *j = cJSON_CreateObject();

		cJSON_AddStringToObject(j, "layer", k[i].layer);
		cJSON_AddStringToObject(j, "knob", k[i].knob);
		cJSON_AddStringToObject(j, "a", k[i].a);
		cJSON_AddStringToObject(j, "b", k[i].b);
		cJSON_AddItemToArray(ks, j);
	}
	ms = cJSON_AddArrayToObject(o, "metrics");
	for (int i = 0; i < np; i++) {
		cJSON *j = cJSON_CreateObject();

		cJSON_AddStringToObject(j, "layer", p[i].layer);
		cJSON_AddStringToObject(j, "key", p[i].key);
		if (p[i].has_a)
			cJSON_AddNumberToObject(j, "a", p[i].a);
		else
			cJSON_AddNullToObject(j, "a");
		if (p[i].has_b)
			cJSON_AddNumberToObject(j, "b", p[i].b);
		else
			cJSON_AddNullToObject(j, "b");
		if (p[i].has_a && p[i].has_b)
			cJSON_AddNumberToObject(j, "diff", p[i].b - p[i].a);
		else
			cJSON_AddNullToObject(j, "diff");
		cJSON_AddItemToArray(ms, j);
	}
	cli_print_json(o);
}

static int compare(struct proj_ctx *c, const char *ra, const char *rb,
		   bool all, int format)
{
	struct side a = { 0 }, b = { 0 };
	struct knob_diff *k = NULL;
	struct metric_pair *p = NULL;
	int nk, np, rc = EXIT_FAIL;

	if (load_side(c, ra, &a) == 0 && load_side(c, rb, &b) == 0) {
		nk = design_diff(&a.d, &b.d, &c->m, &k);
		np = compare_metrics(a.m, a.n, b.m, b.n, &c->m, &p);
		if (format == TABLE_JSON)
			print_json(&a, &b, k, nk, p, np);
		else if (format == TABLE_TEXT)
			print_text(&a, &b, k, nk, p, np, all);
		else
			print_table(&a, &b, k, nk, p, np, all,
				    (enum table_format)format);
		knob_diffs_free(k, nk);
		free(p);
		rc = EXIT_OK;
	}
	side_release(&a);
	side_release(&b);
	return rc;
}

static int run(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "all", no_argument, NULL, 'a' },
		{ "json", no_argument, NULL, 'j' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	bool all = false;
	struct proj_ctx c;
	int opt, rc, format = TABLE_TEXT;

	while ((opt = cli_getopt(argc, argv, "ajh", opts)) != -1) {
		if (opt == 'a')
			all = true;
		else if (opt == 'j')
			format = TABLE_JSON;
		else if (opt == 'f') {
			format = table_format_from_name(optarg);
			if (format < 0)
				return cli_usage_error(&cmd_compare, "unknown "
						       "format '%s' (text, md, "
						       "csv, json)", optarg);
		}
		else if (opt == 'h')
			return cli_help(&cmd_compare);
		else
			return cli_usage_error(&cmd_compare, "unknown option "
					       "'%s'", argv[optind - 1]);
	}
	if (argc - optind != 3)
		return cli_usage_error(&cmd_compare, "expected PROJECT A B");
	if (proj_open(argv[optind], &c) < 0)
		return EXIT_FAIL;
	rc = compare(&c, argv[optind + 1], argv[optind + 2], all, format);
	proj_close(&c);
	return rc;
}
