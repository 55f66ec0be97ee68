/*
 * cmd_design.c - `hlsdse design <new|set|show>`: the design subcommands
 * (each in its own cmd_design_<name>.c).
 */
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"

static int run(int argc, char **argv);

const struct cmd cmd_design = {
	.name = "design",
	.run = run,
	.summary = "create, edit and show design.json (per-layer knobs)",
	.usage = "<new|set|show> ...",
};

static const struct cmd *const subcommands[] = {
	&cmd_design_new,
	&cmd_design_set,
	&cmd_design_show,
	&cmd_design_save,
	NULL
};

static int run(int argc, char **argv)
{
	const struct cmd *c;

	if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0) {
		FILE *out = argc < 2 ? stderr : stdout;

		fprintf(out, "usage: hlsdse design <command> [<args>]\n\n");
		for (int i = 0; subcommands[i]; i++)
			fprintf(out, "  hlsdse design %s %s\n      %s\n",
				subcommands[i]->name, subcommands[i]->usage,
				subcommands[i]->summary);
		return argc < 2 ? EXIT_USAGE : EXIT_OK;
	}
	c = cmd_find(subcommands, argv[1]);
	if (!c)
		return cli_usage_error(&cmd_design, "'%s' is not a design "
				       "command", argv[1]);
	return c->run(argc - 1, argv + 1);
}
