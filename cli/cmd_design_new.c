/*
 * cmd_design_new.c - `hlsdse design new MODEL -o FILE ...`: a design with
 * hls4ml's defaults, the model's QKeras precisions, the given global
 * knobs and, optionally, an imported hls4ml configuration.
 */
#include <stdio.h>
#include <stdlib.h>

#include "cli/commands.h"
#include "cli/newdesign.h"
#include "core/fileio.h"
#include "core/xalloc.h"

static int run(int argc, char **argv);

const struct cmd cmd_design_new = {
	.group = "design",
	.name = "new",
	.run = run,
	.summary = "write a new design.json for MODEL (stdout without -o)",
	.usage = "MODEL [-o FILE] " NEW_DESIGN_USAGE,
};

static int write_out(const struct design *d, const char *out)
{
	struct error err;
	char *json;

	if (out)
		return design_write(d, out, &err) < 0 ?
			cli_fail("%s", err.msg) : EXIT_OK;
	json = design_to_json(d);
	fputs(json, stdout);
	free(json);
	return EXIT_OK;
}

static int run(int argc, char **argv)
{
	static const struct option opts[] = {
		NEW_DESIGN_LONGOPTS,
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct new_design_opts o = { 0 };
	const char *out = NULL;
	struct design d;
	struct model m;
	char *dir;
	int c, rc = 0;

	while (rc == 0 && (c = cli_getopt(argc, argv, "o:h", opts)) != -1) {
		if (new_design_opt(&o, c, optarg))
			continue;
		if (c == 'o')
			out = optarg;
		else if (c == 'h')
			rc = cli_help(&cmd_design_new) - 1;
		else
			rc = cli_usage_error(&cmd_design_new, "unknown or "
					     "incomplete option '%s'",
					     argv[optind - 1]);
	}
	if (rc == 0 && optind != argc - 1)
		rc = cli_usage_error(&cmd_design_new, optind >= argc ?
				     "no model given" : "too many arguments");
	if (rc == 0 && cli_load_model(&m, argv[optind], o.weights) < 0)
		rc = EXIT_FAIL;
	else if (rc == 0) {
		design_init(&d);
		dir = out ? fileio_dirname(out) : xstrdup(".");
		rc = new_design_build(&d, &m, &o, dir, argv[optind]);
		free(dir);
		if (rc == 0)
			rc = write_out(&d, out);
		design_release(&d);
		model_release(&m);
	}
	new_design_opts_release(&o);
	return rc < 0 ? EXIT_OK : rc;
}
