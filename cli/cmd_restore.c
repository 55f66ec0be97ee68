/*
 * cmd_restore.c - `hlsdse restore PROJECT design:N`: design.json back to
 * that snapshot, byte for byte, read from its git commit. Unsaved changes
 * in the working design.json are not thrown away without --force.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/projcli.h"
#include "core/fileio.h"
#include "projects/snapshot.h"

static int run(int argc, char **argv);

const struct cmd cmd_restore = {
	.name = "restore",
	.run = run,
	.summary = "restore the project's design.json to a saved design (or "
		   "the design a run used)",
	.usage = "PROJECT design:N|run:N [--force]",
};

static int restore(struct proj_ctx *c, const char *ref, bool force)
{
	struct design_row r = { 0 };
	struct error err;
	char *data = NULL;
	size_t len = 0;
	long id;
	int rc = EXIT_FAIL;

	if (strncmp(ref, "run:", 4) == 0) {
		struct run_row run = { 0 };

		if (proj_run_ref(ref, &id) < 0)
			return EXIT_FAIL;
		if (store_run_get(c->st, id, &run, &err) < 0)
			return cli_fail("%s", err.msg);
		id = run.design_id;
		run_row_release(&run);
	} else if (proj_design_ref(ref, &id) < 0) {
		return EXIT_FAIL;
	}
	if (store_design_get(c->st, id, &r, &err) < 0)
		return cli_fail("%s", err.msg);
	if (!force && proj_design_unsaved(c))
		cli_fail("design.json in '%s' has changes that are not saved; "
			 "save them (hlsdse design save) or use --force",
			 c->p.dir);
	else if (snap_read(c->p.dir, r.commit, "design.json", &data, &len,
			   &err) < 0 ||
		 fileio_write_atomic(c->design_path, data, len, &err) < 0)
		cli_fail("%s", err.msg);
	else {
		printf("design.json restored to design:%ld (commit %.7s)%s%s\n",
		       id, r.commit, r.label[0] ? ": " : "", r.label);
		rc = EXIT_OK;
	}
	free(data);
	design_row_release(&r);
	return rc;
}

static int run(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "force", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct proj_ctx c;
	bool force = false;
	int opt, rc;

	while ((opt = cli_getopt(argc, argv, "fh", opts)) != -1) {
		if (opt == 'f')
			force = true;
		else if (opt == 'h')
			return cli_help(&cmd_restore);
		else
			return cli_usage_error(&cmd_restore, "unknown option "
					       "'%s'", argv[optind - 1]);
	}
	if (argc - optind != 2)
		return cli_usage_error(&cmd_restore, "expected PROJECT design:N");
	if (proj_open(argv[optind], &c) < 0)
		return EXIT_FAIL;
	rc = restore(&c, argv[optind + 1], force);
	proj_close(&c);
	return rc;
}
