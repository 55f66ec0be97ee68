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

#include "backends/dispatch.h"
#include "backends/worker.h"
#include "cli/commands.h"
#include "cli/projcli.h"
#include "core/fileio.h"
#include "core/xalloc.h"

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
	struct dispatch q;
	struct error err;

	if (!b)
		return cli_fail("unknown backend '%s' (hlsdse backends lists "
				"them)", bname);
	if (dispatch_run(c->p.dir, c->st, &c->m, &c->d, b, label,
			 worker_ensure, &q, &err) < 0)
		return cli_fail("%s", err.msg);
	printf("run:%ld queued (backend %s, design:%ld, commit %.7s)%s\n",
	       q.run_id, b->name, q.design_id, q.oid,
	       q.started ? "; worker started" : "");
	fflush(stdout);
	return wait ? follow(c, q.run_id) : EXIT_OK;
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
