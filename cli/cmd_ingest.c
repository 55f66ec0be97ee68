/*
 * cmd_ingest.c - `hlsdse ingest PROJECT run:N FILE...`: brings a run's
 * results home: Vitis/Vivado HLS *_csynth.xml, vivado_synth.rpt or a
 * result.json made elsewhere become runs/<id>/result.json and the run's
 * metrics in the store; the run is then marked succeeded.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "backends/report.h"
#include "backends/worker.h"
#include "cli/commands.h"
#include "cli/projcli.h"
#include "core/fileio.h"
#include "core/xalloc.h"

static int run(int argc, char **argv);

const struct cmd cmd_ingest = {
	.name = "ingest",
	.run = run,
	.summary = "add a run's results from report files (*_csynth.xml, "
		   "vivado_synth.rpt)\nor a result.json made on another "
		   "machine",
	.usage = "PROJECT run:N FILE...",
};

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* Adds one file's results to r. */
static int add_file(struct run_result *r, const char *path)
{
	struct error err;

	if (ends_with(path, ".xml")) {
		struct csynth_report c;

		if (report_csynth_read(path, &c, &err) < 0)
			return cli_fail("%s", err.msg);
		result_add_csynth(r, &c);
		if (c.tool && !r->tool_version)
			r->tool_version = xstrdup(c.tool);
		csynth_report_release(&c);
	} else if (ends_with(path, ".rpt")) {
		struct synth_report s;

		if (report_synth_read(path, &s, &err) < 0)
			return cli_fail("%s", err.msg);
		result_add_synth(r, &s);
	} else if (ends_with(path, ".json")) {
		run_result_release(r);
		memset(r, 0, sizeof(*r));
		if (result_read(path, r, &err) < 0)
			return cli_fail("%s", err.msg);
	} else {
		return cli_fail("'%s': expected a *_csynth.xml, a .rpt or a "
				"result.json", path);
	}
	return 0;
}

static int ingest(struct proj_ctx *c, long id, char **files, int n)
{
	struct run_result r;
	struct run_row row = { 0 };
	struct error err;
	char *rel = xasprintf("runs/%ld", id), *dir = project_path(&c->p, rel);
	char *out = fileio_join(dir, "result.json");
	int rc = EXIT_FAIL;

	memset(&r, 0, sizeof(r));
	if (store_run_get(c->st, id, &row, &err) < 0) {
		cli_fail("%s", err.msg);
		goto out;
	}
	if (strcmp(row.status, "running") == 0) {
		cli_fail("run:%ld is still running", id);
		goto out;
	}
	r.backend = xstrdup(row.backend);
	for (int i = 0; i < n; i++)
		if (add_file(&r, files[i]) != 0)
			goto out;
	if (mkdir(dir, 0777) < 0 && errno != EEXIST) {
		cli_fail("unable to create '%s': %s", dir, strerror(errno));
		goto out;
	}
	if (result_write(&r, out, &err) < 0 ||
	    worker_ingest(c->st, id, dir, &err) < 0 ||
	    store_run_ingested(c->st, id, &err) < 0) {
		cli_fail("%s", err.msg);
		goto out;
	}
	printf("run:%ld: %d metric sets ingested into %s\n", id, r.n_sets, out);
	rc = EXIT_OK;
out:
	run_result_release(&r);
	run_row_release(&row);
	free(out);
	free(dir);
	free(rel);
	return rc;
}

static int run(int argc, char **argv)
{
	struct proj_ctx c;
	long id;
	int rc;

	if (argc > 1 && (strcmp(argv[1], "--help") == 0 ||
			 strcmp(argv[1], "-h") == 0))
		return cli_help(&cmd_ingest);
	if (argc < 4)
		return cli_usage_error(&cmd_ingest, "expected PROJECT run:N "
				       "FILE...");
	if (proj_run_ref(argv[2], &id) < 0)
		return EXIT_FAIL;
	if (proj_open(argv[1], &c) < 0)
		return EXIT_FAIL;
	rc = ingest(&c, id, argv + 3, argc - 3);
	proj_close(&c);
	return rc;
}
