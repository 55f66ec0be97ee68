/*
 * cmd_design_save.c - `hlsdse design save PROJECT [--label L]`: snapshot
 * the working design (one git commit, made only when hlsdse.json or
 * design.json changed) and record it in the store with its estimate.
 */
#include <stdio.h>
#include <stdlib.h>

#include "cli/commands.h"
#include "cli/projcli.h"
#include "projects/save.h"

static int run(int argc, char **argv);

const struct cmd cmd_design_save = {
	.group = "design",
	.name = "save",
	.run = run,
	.summary = "snapshot the project's design (a git commit and a row in "
		   "the store, with its estimate)",
	.usage = "PROJECT [--label TEXT]",
};

static int save(struct proj_ctx *c, const char *label)
{
	struct estimate e = { 0 };
	struct error err;
	char oid[SNAP_OID_HEX];
	bool existed;
	long id;
	int rc;

	rc = save_design(c->p.dir, c->st, &c->m, &c->d, label,
			 label && label[0] ? label : "design saved", &id, oid,
			 &existed, &e, &err);
	if (rc < 0)
		rc = cli_fail("%s", err.msg);
	else if (existed)
		printf("design:%ld unchanged (commit %.7s)%s%s\n", id, oid,
		       label ? ", label " : "", label ? label : "");
	else
		printf("design:%ld saved (commit %.7s): %.0f DSP, %.0f LUT, "
		       "%ld cycles\n", id, oid, e.total.dsp, e.total.lut,
		       e.total.latency);
	estimate_release(&e);
	return rc;
}

static int run(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "label", required_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *label = NULL;
	struct proj_ctx c;
	int opt, rc;

	while ((opt = cli_getopt(argc, argv, "l:h", opts)) != -1) {
		if (opt == 'l')
			label = optarg;
		else if (opt == 'h')
			return cli_help(&cmd_design_save);
		else
			return cli_usage_error(&cmd_design_save, "unknown or "
					       "incomplete option '%s'",
					       argv[optind - 1]);
	}
	if (optind != argc - 1)
		return cli_usage_error(&cmd_design_save, optind >= argc ?
				       "no project given" : "too many arguments");
	if (proj_open(argv[optind], &c) < 0)
		return EXIT_FAIL;
	rc = save(&c, label);
	proj_close(&c);
	return rc;
}
