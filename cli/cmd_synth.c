/*
 * cmd_synth.c - `hlsdse synth PROJECT [--backend B] [--wait]`: snapshot
 * the design (a commit tagged run-<id>), store it with the estimate made
 * now, queue a run, make sure a worker is alive; --wait follows the run's
 * log until it ends and exits with its status.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "backends/backend.h"
#include "backends/worker.h"
#include "cli/commands.h"
#include "cli/projcli.h"
#include "core/fileio.h"
#include "core/xalloc.h"
#include "estimators/estimate.h"
#include "projects/compare.h"
#include "projects/snapshot.h"

static int run(int argc, char **argv);

const struct cmd cmd_synth = {
	.name = "synth",
	.run = run,
	.summary = "queue a synthesis run of the project's design (snapshot + "
		   "estimate + run row);\na worker is started when none is "
		   "alive; --wait follows the log; --design makes FILE\n"
		   "the project's design.json first",
	.usage = "PROJECT [--backend B] [--design FILE [--force]] [--label TEXT] "
		 "[--wait]",
};

/* Snapshots the working design and records it with its estimate. */
static int snapshot(struct proj_ctx *c, const char *label, long *design_id,
		    char oid[SNAP_OID_HEX])
{
	static const char *const files[] = { "hlsdse.json", "design.json",
		".gitignore", NULL };
	struct estimate e = { 0 };
	struct metric *mt = NULL;
	struct error err;
	bool created, existed;
	char *json, *msg;
	int n, rc;

	if (estimate_run(&e, &c->m, &c->d, EST_CSYNTH, &err) < 0)
		return cli_fail("%s", err.msg);
	n = metrics_from_estimate(&e, &mt);
	msg = xasprintf("%s\n", label && label[0] ? label : "design for a run");
	json = design_to_json(&c->d);
	rc = snap_commit(c->p.dir, files, msg, oid, &created, &err);
	if (rc == 0)
		rc = store_design_add(c->st, oid, label ? label : "", json,
				      "estimate", mt, n, design_id, &existed,
				      &err);
	if (rc < 0)
		cli_fail("%s", err.msg);
	free(msg);
	free(json);
	metrics_free(mt, n);
	estimate_release(&e);
	return rc < 0 ? EXIT_FAIL : 0;
}

/* Records with run id the estimate in the backend's own mode (source
 * "estimate"), so estimate-vs-actual compares like with like. */
static int run_estimate(struct proj_ctx *c, const struct backend *b, long id,
			struct error *err)
{
	struct estimate e = { 0 };
	struct metric *mt = NULL;
	int n, rc;

	if (estimate_run(&e, &c->m, &c->d, b->est_mode, err) < 0)
		return -1;
	n = metrics_from_estimate(&e, &mt);
	rc = store_metrics_add(c->st, id, true, "estimate", mt, n, err);
	metrics_free(mt, n);
	estimate_release(&e);
	return rc;
}

static bool ended(const char *status)
{
	return strcmp(status, "queued") && strcmp(status, "running");
}

/* Copies the bytes of path past *off to stdout. */
static void copy_new(const char *path, long *off)
{
	FILE *f = fopen(path, "rb");
	char buf[4096];
	size_t got;

	if (!f)
		return;
	if (fseek(f, *off, SEEK_SET) == 0)
		while ((got = fread(buf, 1, sizeof(buf), f)) > 0) {
			fwrite(buf, 1, got, stdout);
			*off += (long)got;
		}
	fclose(f);
	fflush(stdout);
}

/* Follows the run's log until the run ends; exits with its status. */
static int follow(struct proj_ctx *c, long id)
{
	char *rel = xasprintf("runs/%ld/log.txt", id);
	char *log = project_path(&c->p, rel);
	struct run_row r = { 0 };
	struct error err;
	long off = 0;
	int rc = EXIT_FAIL;

	for (;;) {
		copy_new(log, &off);
		run_row_release(&r);
		if (store_run_get(c->st, id, &r, &err) < 0) {
			cli_fail("%s", err.msg);
			break;
		}
		if (ended(r.status)) {
			copy_new(log, &off);
			printf("run:%ld %s%s%s\n", id, r.status,
			       r.error ? ": " : "", r.error ? r.error : "");
			rc = strcmp(r.status, "succeeded") == 0 ? EXIT_OK :
				EXIT_FAIL;
			break;
		}
		usleep(200 * 1000);
	}
	run_row_release(&r);
	free(log);
	free(rel);
	return rc;
}

/* Makes FILE's design the project's design.json (validated against the
 * project's model, whose paths it takes); refuses to overwrite unsaved
 * changes unless force. */
static int use_design(struct proj_ctx *c, const char *file, bool force)
{
	struct design d;
	struct error err;
	int rc = EXIT_FAIL;

	design_init(&d);
	if (design_read(&d, file, &err) < 0 || design_validate(&d, &c->m,
							       &err) < 0) {
		cli_fail("%s", err.msg);
	} else if (!force && proj_design_unsaved(c)) {
		cli_fail("design.json in '%s' has changes that are not saved; "
			 "save them (hlsdse design save) or use --force",
			 c->p.dir);
	} else {
		free(d.model);
		d.model = xstrdup(c->d.model);
		free(d.weights);
		d.weights = c->d.weights ? xstrdup(c->d.weights) : NULL;
		if (design_write(&d, c->design_path, &err) < 0) {
			cli_fail("%s", err.msg);
		} else {
			design_release(&c->d);
			c->d = d;
			design_init(&d);
			rc = 0;
		}
	}
	design_release(&d);
	return rc;
}

static int queue(struct proj_ctx *c, const char *bname, const char *label,
		 bool wait)
{
	const struct backend *b = backend_find(bname);
	char oid[SNAP_OID_HEX], tag[32];
	struct error err;
	bool started;
	long design_id, id;

	if (!b)
		return cli_fail("unknown backend '%s' (hlsdse backends lists "
				"them)", bname);
	if (b->check && b->check(&c->m, &c->d, &err) < 0)
		return cli_fail("backend %s: %s", b->name, err.msg);
	if (snapshot(c, label, &design_id, oid) != 0)
		return EXIT_FAIL;
	if (store_run_add(c->st, design_id, b->name, &id, &err) < 0 ||
	    run_estimate(c, b, id, &err) < 0)
		return cli_fail("%s", err.msg);
	snprintf(tag, sizeof(tag), "run-%ld", id);
	if (snap_tag(c->p.dir, tag, oid, &err) < 0)
		return cli_fail("%s", err.msg);
	if (worker_ensure(c->p.dir, &started, &err) < 0)
		return cli_fail("%s", err.msg);
	printf("run:%ld queued (backend %s, design:%ld, commit %.7s)%s\n", id,
	       b->name, design_id, oid, started ? "; worker started" : "");
	fflush(stdout);
	return wait ? follow(c, id) : EXIT_OK;
}

static int run(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "backend", required_argument, NULL, 'b' },
		{ "label", required_argument, NULL, 'l' },
		{ "design", required_argument, NULL, 'd' },
		{ "force", no_argument, NULL, 'f' },
		{ "wait", no_argument, NULL, 'w' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *backend = NULL, *label = NULL, *file = NULL;
	struct proj_ctx c;
	bool wait = false, force = false;
	int opt, rc;

	while ((opt = cli_getopt(argc, argv, "b:l:d:fwh", opts)) != -1) {
		if (opt == 'b')
			backend = optarg;
		else if (opt == 'd')
			file = optarg;
		else if (opt == 'f')
			force = true;
		else if (opt == 'l')
			label = optarg;
		else if (opt == 'w')
			wait = true;
		else if (opt == 'h')
			return cli_help(&cmd_synth);
		else
			return cli_usage_error(&cmd_synth, "unknown or "
					       "incomplete option '%s'",
					       argv[optind - 1]);
	}
	if (optind != argc - 1)
		return cli_usage_error(&cmd_synth, optind >= argc ?
				       "no project given" : "too many arguments");
	if (proj_open(argv[optind], &c) < 0)
		return EXIT_FAIL;
	rc = file ? use_design(&c, file, force) : 0;
	if (rc == 0)
		rc = queue(&c, backend ? backend : c.d.backend, label, wait);
	proj_close(&c);
	return rc;
}
