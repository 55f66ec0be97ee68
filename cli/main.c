/*
 * main.c - hlsdse's entry point: global options and the table of
 * subcommands (one cmd_<name>.c each, as tmux's cmd-*.c).
 */
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"

static const struct cmd *const commands[] = {
	&cmd_init,
	&cmd_layers,
	&cmd_design,
	&cmd_parts,
	&cmd_estimate,
	&cmd_designs,
	&cmd_compare,
	&cmd_restore,
	&cmd_synth,
	&cmd_jobs,
	&cmd_cancel,
	&cmd_runs,
	&cmd_show,
	&cmd_ingest,
	&cmd_worker,
	&cmd_export,
	&cmd_backends,
	&cmd_report,
	&cmd_plot,
	&cmd_tui,
	NULL
};

const struct cmd *cmd_find(const struct cmd *const *table, const char *name)
{
	for (int i = 0; table[i]; i++)
		if (strcmp(table[i]->name, name) == 0)
			return table[i];
	return NULL;
}

static int usage(FILE *out)
{
	fprintf(out, "usage: hlsdse [--version] [--help] <command> [<args>]\n"
		"\ncommands:\n");
	for (int i = 0; commands[i]; i++)
		fprintf(out, "  %-10s %s\n", commands[i]->name,
			commands[i]->summary);
	fprintf(out, "\n'hlsdse <command> --help' describes a command.\n");
	return out == stdout ? EXIT_OK : EXIT_USAGE;
}

int main(int argc, char **argv)
{
	const struct cmd *c;

	setlocale(LC_ALL, "");
	setlocale(LC_NUMERIC, "C");
	if (argc < 2)
		return cmd_tui_opens(".") ? cmd_tui.run(1, argv) : usage(stderr);
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
		printf("hlsdse %s\n", HLSDSE_VERSION);
		return EXIT_OK;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0)
		return usage(stdout);
	c = cmd_find(commands, argv[1]);
	if (!c && argc == 2 && argv[1][0] != '-' && cmd_tui_opens(argv[1]))
		return cmd_tui.run(argc, argv);
	if (!c) {
		fprintf(stderr, "hlsdse: error: '%s' is not an hlsdse command\n",
			argv[1]);
		usage(stderr);
		return EXIT_USAGE;
	}
	return c->run(argc - 1, argv + 1);
}
