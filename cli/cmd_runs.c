/*
 * cmd_runs.c - `hlsdse runs PROJECT`: every run with its status, its
 * design's estimate and the tool's actual results, sorted and filtered.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/projcli.h"

static int run(int argc, char **argv);

const struct cmd cmd_runs = {
	.name = "runs",
	.run = run,
	.summary = "list runs with estimate and actual results\n(--sort KEY "
		   "or SOURCE.KEY: csynth (default), impl, estimate)",
	.usage = "PROJECT [--status S] [--sort KEY] [--desc] [--json]",
};

static const char *const keys[] = { "dsp", "lut", "ff", "bram18",
	"latency_cycles", "ii" };
#define N_KEYS ((int)(sizeof(keys) / sizeof(keys[0])))

/* Whole-design values of keys from a metric set. */
static void pick(const struct metric *m, int n, double *v, bool *has)
{
	for (int k = 0; k < N_KEYS; k++)
		has[k] = false;
	for (int i = 0; i < n; i++)
		for (int k = 0; k < N_KEYS && !m[i].layer[0]; k++)
			if (strcmp(m[i].key, keys[k]) == 0) {
				v[k] = m[i].value;
				has[k] = true;
			}
}

struct both {
	double est[N_KEYS], act[N_KEYS];
	bool has_est[N_KEYS], has_act[N_KEYS];
};

static void load(struct store *st, const struct run_row *r, struct both *b)
{
	struct metric *m = NULL;
	struct error err;
	int n = 0;

	if (store_metrics_get(st, r->design_id, false, "estimate", &m, &n,
			      &err) == 0)
		pick(m, n, b->est, b->has_est);
	else
		pick(NULL, 0, b->est, b->has_est);
	metrics_free(m, n);
	m = NULL;
	n = 0;
	if (store_metrics_get(st, r->id, true, "csynth", &m, &n, &err) == 0)
		pick(m, n, b->act, b->has_act);
	else
		pick(NULL, 0, b->act, b->has_act);
	metrics_free(m, n);
}

static void cell(double v, bool has, char *buf, size_t n)
{
	if (has)
		snprintf(buf, n, "%.0f", v);
	else
		snprintf(buf, n, "-");
}

static void print_text(struct store *st, const struct run_row *r, int n)
{
	printf("%-9s %-9s %-7s %-9s %15s %17s %13s  %s\n", "run", "status",
	       "backend", "design", "DSP est/act", "LUT est/act",
	       "latency e/a", "label / error");
	for (int i = 0; i < n; i++) {
		struct both b;
		char c[6][24], ref[24], d[24], col[3][48];

		load(st, &r[i], &b);
		cell(b.est[0], b.has_est[0], c[0], 24);
		cell(b.act[0], b.has_act[0], c[1], 24);
		cell(b.est[1], b.has_est[1], c[2], 24);
		cell(b.act[1], b.has_act[1], c[3], 24);
		cell(b.est[4], b.has_est[4], c[4], 24);
		cell(b.act[4], b.has_act[4], c[5], 24);
		snprintf(col[0], 48, "%s/%s", c[0], c[1]);
		snprintf(col[1], 48, "%s/%s", c[2], c[3]);
		snprintf(col[2], 48, "%s/%s", c[4], c[5]);
		snprintf(ref, sizeof(ref), "run:%ld", r[i].id);
		snprintf(d, sizeof(d), "design:%ld", r[i].design_id);
		printf("%-9s %-9s %-7s %-9s %15s %17s %13s  %s%s%s\n", ref,
		       r[i].status, r[i].backend, d, col[0], col[1], col[2],
		       r[i].label ? r[i].label : "", r[i].error ? " / " : "",
		       r[i].error ? r[i].error : "");
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
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *status = NULL, *sort = NULL;
	struct run_row *rows = NULL;
	bool json = false, desc = false;
	struct proj_ctx c;
	struct error err;
	int opt, n = 0, rc = EXIT_OK;

	while ((opt = cli_getopt(argc, argv, "jh", opts)) != -1) {
		switch (opt) {
		case 's': status = optarg; break;
		case 'o': sort = optarg; break;
		case 'd': desc = true; break;
		case 'j': json = true; break;
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
	else if (json)
		print_json(c.st, rows, n);
	else
		print_text(c.st, rows, n);
	run_rows_free(rows, n);
	proj_close(&c);
	return rc;
}
