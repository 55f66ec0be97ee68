/*
 * cmd_design_set.c - `hlsdse design set DESIGN LAYER.KNOB=VALUE...`: every
 * assignment is validated against the model; all are written together
 * (atomically) or, on the first refusal, none.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"

static int run(int argc, char **argv);

const struct cmd cmd_design_set = {
	.group = "design",
	.name = "set",
	.run = run,
	.summary = "set knobs: LAYER.reuse_factor=N, LAYER.strategy=S,\n"
		   "LAYER.precision[.weight|bias|result|accum|scale|table|"
		   "exp_table|inv_table]=T,\n"
		   "LAYER.parallelization_factor=N, LAYER.partition=auto|"
		   "complete|block:N|cyclic:N,\n"
		   "LAYER.table_size=N, LAYER.implementation=stable|latency|"
		   "argmax|legacy,\n"
		   "part=P, clock_ns=NS, io_type=T, backend=B, "
		   "defaults.reuse_factor=N,\n"
		   "defaults.strategy=S, defaults.precision[.SLOT]=T; "
		   "VALUE 'default' unsets a knob",
	.usage = "DESIGN KNOB=VALUE...",
};

static int run(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct design d;
	struct model m;
	struct error err;
	char *path;
	int c, rc = EXIT_OK;

	while ((c = cli_getopt(argc, argv, "+h", opts)) != -1) {
		if (c == 'h')
			return cli_help(&cmd_design_set);
		return cli_usage_error(&cmd_design_set, "unknown option '%s'",
				       argv[optind - 1]);
	}
	if (argc - optind < 2)
		return cli_usage_error(&cmd_design_set, argc - optind < 1 ?
				       "no design given" : "no KNOB=VALUE given");
	if (cli_open_design(argv[optind], &d, &m, &path) < 0)
		return EXIT_FAIL;
	for (int i = optind + 1; i < argc && rc == EXIT_OK; i++)
		if (design_set(&d, &m, argv[i], &err) < 0)
			rc = cli_fail("%s", err.msg);
	if (rc == EXIT_OK && design_write(&d, path, &err) < 0)
		rc = cli_fail("%s", err.msg);
	free(path);
	design_release(&d);
	model_release(&m);
	return rc;
}
