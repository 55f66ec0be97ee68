/*
 * cmd_tui.c - `hlsdse tui [PROJECT|MODEL]`, also reached as plain
 * `hlsdse` in a project directory, `hlsdse PROJECT` and `hlsdse
 * MODEL`: the interactive app. A model opened directly gets a project
 * next to it (<stem>.hlsdse/, made as `hlsdse init` makes one) unless
 * that project exists already.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/commands.h"
#include "core/fileio.h"
#include "core/xalloc.h"
#include "projects/project.h"
#include "tui/tui.h"

/* hlsdse tui [ARG]: a terminal, the project ARG names, the app. */
static int run(int argc, char **argv);

const struct cmd cmd_tui = {
	.name = "tui",
	.run = run,
	.summary = "the interactive app (also: hlsdse, hlsdse PROJECT, hlsdse "
		   "MODEL)",
	.usage = "[PROJECT | MODEL | DESIGN.json]",
};

static bool is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

bool cmd_tui_opens(const char *arg)
{
	return (is_dir(arg) && project_is(arg)) || fileio_is_file(arg);
}

/* <dir of model>/<model stem>.hlsdse; caller frees. */
static char *project_for(const char *model)
{
	const char *base = strrchr(model, '/') ? strrchr(model, '/') + 1 : model;
	const char *dot = strrchr(base, '.');
	char *dir = fileio_dirname(model), *stem, *name, *out;

	stem = xstrndup(base, dot && dot != base ? (size_t)(dot - base) :
			strlen(base));
	name = xasprintf("%s.hlsdse", stem);
	out = fileio_join(dir, name);
	free(name);
	free(stem);
	free(dir);
	return out;
}

/* The project directory arg names, creating one for a model; NULL after
 * printing why not. */
static char *resolve(const char *arg)
{
	char *dir, *init_argv[5];
	int rc;

	if (is_dir(arg)) {
		if (project_is(arg))
			return xstrdup(arg);
		cli_fail("'%s' is not an hlsdse project (no hlsdse.json); "
			 "hlsdse init creates one", arg);
		return NULL;
	}
	if (!fileio_is_file(arg)) {
		cli_fail("'%s' is neither a project nor a model file", arg);
		return NULL;
	}
	dir = fileio_dirname(arg);
	if (project_is(dir))	/* the design.json of a project */
		return dir;
	free(dir);
	dir = project_for(arg);
	if (project_is(dir))
		return dir;
	fprintf(stderr, "hlsdse: creating project '%s' for '%s'\n", dir, arg);
	init_argv[0] = "init";
	init_argv[1] = dir;
	init_argv[2] = "--model";
	init_argv[3] = (char *)arg;
	init_argv[4] = NULL;
	rc = cmd_init.run(4, init_argv);
	if (rc != EXIT_OK) {
		free(dir);
		return NULL;
	}
	return dir;
}

static int run(int argc, char **argv)
{
	const char *arg = argc > 1 ? argv[1] : ".";
	struct error err;
	char *dir;
	int rc;

	if (argc > 1 && (strcmp(argv[1], "--help") == 0 ||
			 strcmp(argv[1], "-h") == 0))
		return cli_help(&cmd_tui);
	if (argc > 2)
		return cli_usage_error(&cmd_tui, "too many arguments");
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return cli_fail("the app needs a terminal (hlsdse layers and "
				"hlsdse estimate print tables)");
	dir = resolve(arg);
	if (!dir)
		return EXIT_FAIL;
	rc = tui_run(dir, &err);
	free(dir);
	if (rc < 0)
		return cli_fail("%s", err.msg);
	return rc;
}
