/*
 * cmd_runs.c - `hlsdse runs PROJECT`: every run with its status, its
 * estimate and the tool's actual results, sorted and filtered;
 * as text, Markdown or CSV (the table model) or JSON (--json, the same
 * as --format json).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/projcli.h"
#include "reports/runset.h"
#include "reports/table.h"

static int run(int argc, char **argv);

const struct cmd cmd_runs = {
	.name = "runs",
	.run = run,
	.summary = "list runs with estimate and actual results\n(--sort KEY "
		   "or SOURCE.KEY: csynth (default), impl, estimate)",
	.usage = "PROJECT [--status S] [--sort KEY] [--desc] [--json] "
		 "[--format text|md|csv|json]",
};

static const char *const keys[] = { "dsp", "lut", "ff", "bram18",
	"latency_cycles", "ii" };
#define N_KEYS ((int)(sizeof(keys) / sizeof(keys[0])))

struct both {
	double est[N_KEYS], act[N_KEYS];
	bool has_est[N_KEYS], has_act[N_KEYS];
};

/* The run's estimate (its own, in its backend's mode, else its
 * design's) and its tool results (each key from the first source that
 * has it: csynth, yosys, impl, sim), as reports/runset.h takes them. */
static void load(struct store *st, const struct run_row *r, struct both *b)
{
	struct runset_filter f = { .runs = &r->id, .n_runs = 1 };
	struct runset rs = { 0 };
	struct error err;

	for (int k = 0; k < N_KEYS; k++)
		b->has_est[k] = b->has_act[k] = false;
	if (runset_load(&rs, st, NULL, &f, &err) < 0)
		return;
	for (int k = 0; k < N_KEYS; k++) {
		b->has_est[k] = runset_value(&rs.runs[0], "estimate", "",
					     keys[k], &b->est[k]);
		b->has_act[k] = runset_actual_value(&rs.runs[0], "", keys[k],
						    &b->act[k]);
	}
	runset_release(&rs);
}

static void cell(double v, bool has, char *buf, size_t n)
{
	if (has)
		snprintf(buf, n, "%.0f", v);
	else
		snprintf(buf, n, "-");
}

/* The runs as a table: in text the compact columns `runs` has always
 * printed (est/act pairs, printf's widths), otherwise one column per
 * value. */
static void build(struct store *st, const struct run_row *r, int n,
		  bool text, struct table *t)
{
	static const char *const heads[] = { "DSP est/act", "LUT est/act",
		"latency e/a" };
	static const int pair[] = { 0, 1, 4 }, widths[] = { 15, 17, 13 };

	table_init(t, "runs");
	table_col(t, "id", "run", NULL, TABLE_LEFT);
	table_col(t, "status", NULL, NULL, TABLE_LEFT);
	table_col(t, "backend", NULL, NULL, TABLE_LEFT);
	table_col(t, "design", NULL, NULL, TABLE_LEFT);
	if (text) {
		for (int k = 0; k < 3; k++)
			table_col(t, keys[pair[k]], heads[k], NULL, TABLE_RIGHT);
		table_col(t, "label", "label / error", NULL, TABLE_LEFT);
		table_col_text(t, 0, 9, 0, 0);
		table_col_text(t, 1, 9, 1, 0);
		table_col_text(t, 2, 7, 1, 0);
		table_col_text(t, 3, 9, 1, 0);
		for (int k = 0; k < 3; k++)
			table_col_text(t, 4 + k, widths[k], 1, 0);
		table_col_text(t, 7, 0, 2, 0);
	} else {
		table_col(t, "label", NULL, NULL, TABLE_LEFT);
		table_col(t, "error", NULL, NULL, TABLE_LEFT);
		for (int k = 0; k < N_KEYS; k++) {
			const struct rs_metric *m = runset_metric(keys[k]);
			char key[32], head[32];

			snprintf(key, sizeof(key), "%s_est", keys[k]);
			snprintf(head, sizeof(head), "%s est", m->label);
			table_col(t, key, head, NULL, TABLE_RIGHT);
			snprintf(key, sizeof(key), "%s_act", keys[k]);
			snprintf(head, sizeof(head), "%s act", m->label);
			table_col(t, key, head, NULL, TABLE_RIGHT);
		}
	}
	for (int i = 0; i < n; i++) {
		int row = table_row(t);
		struct both b;

		load(st, &r[i], &b);
		table_strf(t, row, 0, "run:%ld", r[i].id);
		table_str(t, row, 1, r[i].status);
		table_str(t, row, 2, r[i].backend);
		table_strf(t, row, 3, "design:%ld", r[i].design_id);
		if (!text) {
			table_str(t, row, 4, r[i].label ? r[i].label : "");
			table_str(t, row, 5, r[i].error);
			for (int k = 0; k < N_KEYS; k++) {
				int dec = runset_metric(keys[k])->decimals;

				if (b.has_est[k])
					table_num(t, row, 6 + 2 * k, b.est[k],
						  dec);
				if (b.has_act[k])
					table_num(t, row, 7 + 2 * k, b.act[k],
						  dec);
			}
			continue;
		}
		for (int k = 0; k < 3; k++) {
			char e[24], a[24];

			cell(b.est[pair[k]], b.has_est[pair[k]], e, sizeof(e));
			cell(b.act[pair[k]], b.has_act[pair[k]], a, sizeof(a));
			table_strf(t, row, 4 + k, "%s/%s", e, a);
		}
		table_strf(t, row, 7, "%s%s%s", r[i].label ? r[i].label : "",
			   r[i].error ? " / " : "", r[i].error ? r[i].error : "");
	}
}

static void print_json(struct store *st, const struct run_row *r, int n)
{
	cJSON *a = cJSON_CreateArray();

	for (int i = 0; i < n; i++) {
		cJSON *o = cJSON_CreateObject(), *e, *t;
		struct both b;

		load(st, &r[i], &b);
		cJSON_AddNumberToObject(o, "id", (double)r[i].id);
		cJSON_AddStringToObject(o, "status", r[i].status);
		cJSON_AddStringToObject(o, "backend", r[i].backend);
		cJSON_AddNumberToObject(o, "design", (double)r[i].design_id);
		cJSON_AddStringToObject(o, "commit", r[i].commit);
		cJSON_AddStringToObject(o, "label", r[i].label ? r[i].label : "");
		cJSON_AddStringToObject(o, "created_at", r[i].created_at);
		if (r[i].error)
			cJSON_AddStringToObject(o, "error", r[i].error);
		else
			cJSON_AddNullToObject(o, "error");
		e = cJSON_AddObjectToObject(o, "estimate");
		t = cJSON_AddObjectToObject(o, "actual");
		for (int k = 0; k < N_KEYS; k++) {
			if (b.has_est[k])
				cJSON_AddNumberToObject(e, keys[k], b.est[k]);
			if (b.has_act[k])
				cJSON_AddNumberToObject(t, keys[k], b.act[k]);
		}
		cJSON_AddItemToArray(a, o);
	}
	cli_print_json(a);
}

static int run(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "status", required_argument, NULL, 's' },
		{ "sort", required_argument, NULL, 'o' },
		{ "desc", no_argument, NULL, 'd' },
		{ "json", no_argument, NULL, 'j' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *status = NULL, *sort = NULL;
	struct run_row *rows = NULL;
	bool desc = false;
	struct proj_ctx c;
	struct error err;
	struct table t;
	int opt, n = 0, rc = EXIT_OK, format = TABLE_TEXT;

	while ((opt = cli_getopt(argc, argv, "jh", opts)) != -1) {
		switch (opt) {
		case 's': status = optarg; break;
		case 'o': sort = optarg; break;
		case 'd': desc = true; break;
		case 'j': format = TABLE_JSON; break;
		case 'f':
			format = table_format_from_name(optarg);
			if (format < 0)
				return cli_usage_error(&cmd_runs, "unknown "
						       "format '%s' (text, md, "
						       "csv, json)", optarg);
			break;
		case 'h': return cli_help(&cmd_runs);
		default:
			return cli_usage_error(&cmd_runs, "unknown or "
					       "incomplete option '%s'",
					       argv[optind - 1]);
		}
	}
	if (optind != argc - 1)
		return cli_usage_error(&cmd_runs, "expected PROJECT");
	if (proj_open(argv[optind], &c) < 0)
		return EXIT_FAIL;
	if (store_runs_list(c.st, status, sort, desc, &rows, &n, &err) < 0)
		rc = cli_fail("%s", err.msg);
	else if (format == TABLE_JSON)
		print_json(c.st, rows, n);
	else {
		build(c.st, rows, n, format == TABLE_TEXT, &t);
		table_print(&t, (enum table_format)format, stdout);
		table_release(&t);
	}
	run_rows_free(rows, n);
	proj_close(&c);
	return rc;
}
