/*
 * cmd_jobs.c - `hlsdse jobs PROJECT`: queued and running runs with their
 * stage, progress and elapsed time.
 */
#define _XOPEN_SOURCE 700	/* strptime */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/commands.h"
#include "cli/projcli.h"

static int run(int argc, char **argv);

const struct cmd cmd_jobs = {
	.name = "jobs",
	.run = run,
	.summary = "list queued and running runs: stage, progress, elapsed",
	.usage = "PROJECT [--json]",
};

/* Seconds since an ISO 8601 UTC time, or -1. */
static long since(const char *iso)
{
	struct tm tm = { 0 };

	if (!iso || !strptime(iso, "%Y-%m-%dT%H:%M:%SZ", &tm))
		return -1;
	return (long)difftime(time(NULL), timegm(&tm));
}

static void add(cJSON *a, const struct run_row *r)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddNumberToObject(o, "id", (double)r->id);
	cJSON_AddStringToObject(o, "status", r->status);
	cJSON_AddStringToObject(o, "backend", r->backend);
	cJSON_AddNumberToObject(o, "design", (double)r->design_id);
	cJSON_AddStringToObject(o, "label", r->label ? r->label : "");
	if (r->stage)
		cJSON_AddStringToObject(o, "stage", r->stage);
	else
		cJSON_AddNullToObject(o, "stage");
	if (r->has_progress)
		cJSON_AddNumberToObject(o, "progress", r->progress);
	else
		cJSON_AddNullToObject(o, "progress");
	cJSON_AddNumberToObject(o, "elapsed_s",
				(double)(r->started_at ? since(r->started_at) : 0));
	cJSON_AddItemToArray(a, o);
}

static void print_row(const struct run_row *r)
{
	char prog[16] = "-", ela[24] = "-";
	long s = r->started_at ? since(r->started_at) : -1;

	if (r->has_progress)
		snprintf(prog, sizeof(prog), "%.0f%%", r->progress);
	if (s >= 0)
		snprintf(ela, sizeof(ela), "%ld:%02ld:%02ld", s / 3600,
			 s / 60 % 60, s % 60);
	printf("run:%-5ld %-8s %-8s %-12s %5s %9s  %s\n", r->id, r->status,
	       r->backend, r->stage ? r->stage : "-", prog, ela,
	       r->label ? r->label : "");
}

static int list(struct proj_ctx *c, bool json)
{
	static const char *const states[] = { "running", "queued" };
	cJSON *a = cJSON_CreateArray();
	struct error err;

	if (!json)
		printf("%-9s %-8s %-8s %-12s %5s %9s  %s\n", "run", "status",
		       "backend", "stage", "done", "elapsed", "label");
	for (int s = 0; s < 2; s++) {
		struct run_row *rows = NULL;
		int n = 0;

		if (store_runs_list(c->st, states[s], NULL, false, &rows, &n,
				    &err) < 0) {
			cJSON_Delete(a);
			return cli_fail("%s", err.msg);
		}
		for (int i = 0; i < n; i++) {
			if (json)
				add(a, &rows[i]);
			else
				print_row(&rows[i]);
		}
		run_rows_free(rows, n);
	}
	if (json)
		cli_print_json(a);
	else
		cJSON_Delete(a);
	return EXIT_OK;
}

static int run(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct proj_ctx c;
	bool json = false;
	int opt, rc;

	while ((opt = cli_getopt(argc, argv, "jh", opts)) != -1) {
		if (opt == 'j')
			json = true;
		else if (opt == 'h')
			return cli_help(&cmd_jobs);
		else
			return cli_usage_error(&cmd_jobs, "unknown option '%s'",
					       argv[optind - 1]);
	}
	if (optind != argc - 1)
		return cli_usage_error(&cmd_jobs, "expected PROJECT");
	if (proj_open(argv[optind], &c) < 0)
		return EXIT_FAIL;
	rc = list(&c, json);
	proj_close(&c);
	return rc;
}
