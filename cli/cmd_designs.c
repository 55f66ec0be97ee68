/*
 * cmd_designs.c - `hlsdse designs PROJECT`: the saved designs with their
 * labels, commits and estimate totals, sorted and filtered by any metric;
 * as text, Markdown or CSV (the table model) or JSON (--json, the same
 * as --format json).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/projcli.h"
#include "reports/table.h"

static int run(int argc, char **argv);

const struct cmd cmd_designs = {
	.name = "designs",
	.run = run,
	.summary = "list saved designs with labels, commits and estimate "
		   "totals\n(--sort dsp|lut|ff|bram18|uram|latency_cycles|"
		   "latency_ns|ii, --where KEY<=V or KEY>=V)",
	.usage = "PROJECT [--sort KEY] [--desc] [--where KEY<=V|KEY>=V] "
		 "[--limit N] [--json] [--format text|md|csv|json]",
};

static const char *const keys[] = { "dsp", "lut", "ff", "bram18", "uram",
	"latency_cycles", "ii" };
#define N_KEYS ((int)(sizeof(keys) / sizeof(keys[0])))

/* Parses KEY<=V or KEY>=V into q (key borrowed into buf). */
static int parse_where(const char *s, struct store_query *q, char *buf,
		       size_t n)
{
	const char *op = strstr(s, "<=") ? strstr(s, "<=") : strstr(s, ">=");
	char *end;
	double v;

	if (!op || op == s || (size_t)(op - s) >= n)
		return -1;
	memcpy(buf, s, (size_t)(op - s));
	buf[op - s] = '\0';
	v = strtod(op + 2, &end);
	if (end == op + 2 || *end)
		return -1;
	q->filter_key = buf;
	if (op[0] == '<') {
		q->has_max = true;
		q->max = v;
	} else {
		q->has_min = true;
		q->min = v;
	}
	return 0;
}

/* Whole-design estimate metrics of design id, by key. */
static void totals(struct store *st, long id, double *v, bool *has)
{
	struct metric *m = NULL;
	struct error err;
	int n = 0;

	for (int k = 0; k < N_KEYS; k++)
		has[k] = false;
	if (store_metrics_get(st, id, false, "estimate", &m, &n, &err) < 0)
		return;
	for (int i = 0; i < n; i++)
		for (int k = 0; k < N_KEYS && !m[i].layer[0]; k++)
			if (strcmp(m[i].key, keys[k]) == 0) {
				v[k] = m[i].value;
				has[k] = true;
			}
	metrics_free(m, n);
}

/* The designs as a table: in text the columns `designs` has always
 * printed (printf's widths, a short commit), otherwise the full commit. */
static void build(struct proj_ctx *c, const struct design_row *r, int n,
		  bool text, struct table *t)
{
	static const char *const heads[] = { "DSP", "LUT", "FF", "BRAM18",
		"URAM", "latency", "II" };
	static const int widths[] = { 9, 9, 9, 7, 7, 8, 6 };
	static const int decimals[] = { 0, 0, 0, 1, 0, 0, 0 };

	table_init(t, "designs");
	table_col(t, "id", "design", NULL, TABLE_LEFT);
	table_col(t, "created_at", "saved", NULL, TABLE_LEFT);
	table_col(t, "commit", NULL, NULL, TABLE_LEFT);
	for (int k = 0; k < N_KEYS; k++)
		table_col(t, keys[k], heads[k], NULL, TABLE_RIGHT);
	table_col(t, "label", NULL, NULL, TABLE_LEFT);
	if (text) {
		table_col_text(t, 0, 9, 0, 0);
		table_col_text(t, 1, 20, 1, 0);
		table_col_text(t, 2, 7, 1, 0);
		for (int k = 0; k < N_KEYS; k++)
			table_col_text(t, 3 + k, widths[k], 1, 0);
		table_col_text(t, 3 + N_KEYS, 0, 2, 0);
	}
	for (int i = 0; i < n; i++) {
		int row = table_row(t);
		double v[N_KEYS];
		bool has[N_KEYS];

		totals(c->st, r[i].id, v, has);
		table_strf(t, row, 0, "design:%ld", r[i].id);
		table_str(t, row, 1, r[i].created_at);
		table_strf(t, row, 2, "%.*s", text ? 7 : 40, r[i].commit);
		for (int k = 0; k < N_KEYS; k++)
			if (has[k])
				table_num(t, row, 3 + k, v[k], decimals[k]);
		table_str(t, row, 3 + N_KEYS, r[i].label);
	}
}

static void print_json(struct proj_ctx *c, const struct design_row *r, int n)
{
	cJSON *a = cJSON_CreateArray();

	for (int i = 0; i < n; i++) {
		double v[N_KEYS];
		bool has[N_KEYS];
		cJSON *o, *t;

		totals(c->st, r[i].id, v, has);
		o = cJSON_CreateObject();
		cJSON_AddNumberToObject(o, "id", (double)r[i].id);
		cJSON_AddStringToObject(o, "commit", r[i].commit);
		cJSON_AddStringToObject(o, "created_at", r[i].created_at);
		cJSON_AddStringToObject(o, "label", r[i].label);
		t = cJSON_AddObjectToObject(o, "estimate");
		for (int k = 0; k < N_KEYS; k++)
			if (has[k])
				cJSON_AddNumberToObject(t, keys[k], v[k]);
		cJSON_AddItemToArray(a, o);
	}
	cli_print_json(a);
}

static int run(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "sort", required_argument, NULL, 's' },
		{ "desc", no_argument, NULL, 'd' },
		{ "where", required_argument, NULL, 'w' },
		{ "limit", required_argument, NULL, 'n' },
		{ "json", no_argument, NULL, 'j' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct store_query q = { .source = "estimate" };
	struct design_row *rows = NULL;
	struct proj_ctx c;
	struct error err;
	struct table t;
	char key[64];
	long limit;
	int opt, n = 0, rc = EXIT_OK, format = TABLE_TEXT;

	while ((opt = cli_getopt(argc, argv, "jh", opts)) != -1) {
		switch (opt) {
		case 's': q.sort_key = optarg; break;
		case 'd': q.desc = true; break;
		case 'j': format = TABLE_JSON; break;
		case 'f':
			format = table_format_from_name(optarg);
			if (format < 0)
				return cli_usage_error(&cmd_designs, "unknown "
						       "format '%s' (text, md, "
						       "csv, json)", optarg);
			break;
		case 'w':
			if (parse_where(optarg, &q, key, sizeof(key)) < 0)
				return cli_usage_error(&cmd_designs, "--where "
						       "takes KEY<=V or KEY>=V");
			break;
		case 'n':
			if (cli_parse_long("--limit", optarg, 1, 1L << 30,
					   &limit) < 0)
				return EXIT_USAGE;
			q.limit = (int)limit;
			break;
		case 'h': return cli_help(&cmd_designs);
		default:
			return cli_usage_error(&cmd_designs, "unknown or "
					       "incomplete option '%s'",
					       argv[optind - 1]);
		}
	}
	if (optind != argc - 1)
		return cli_usage_error(&cmd_designs, optind >= argc ?
				       "no project given" : "too many arguments");
	if (proj_open(argv[optind], &c) < 0)
		return EXIT_FAIL;
	if (store_designs_list(c.st, &q, &rows, &n, &err) < 0)
		rc = cli_fail("%s", err.msg);
	else if (format == TABLE_JSON)
		print_json(&c, rows, n);
	else {
		build(&c, rows, n, format == TABLE_TEXT, &t);
		table_print(&t, (enum table_format)format, stdout);
		table_release(&t);
	}
	design_rows_free(rows, n);
	proj_close(&c);
	return rc;
}
