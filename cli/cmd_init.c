/*
 * cmd_init.c - `hlsdse init DIR --model FILE ...`: a new project: the
 * model copied in, a design built from the options, an empty history and
 * an empty store.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/newdesign.h"
#include "projects/project.h"
#include "projects/snapshot.h"

static int run(int argc, char **argv);

const struct cmd cmd_init = {
	.name = "init",
	.run = run,
	.summary = "create a project in DIR for a Keras model",
	.usage = "DIR --model FILE " NEW_DESIGN_USAGE,
};

static int create(const char *dir, const char *model,
		  const struct new_design_opts *o)
{
	struct design d;
	struct model m;
	struct error err;
	const char *weights = o->weights;
	int rc;

	if (cli_load_model(&m, model, weights) < 0)
		return EXIT_FAIL;
	/* weights found next to the model are copied in too */
	if (!weights && m.weights_source && strcmp(m.weights_source, model))
		weights = m.weights_source;
	design_init(&d);
	rc = new_design_build(&d, &m, o, ".", model);
	snap_global_init();
	if (rc == 0 && project_init(dir, model, weights, &d, &err) < 0)
		rc = cli_fail("%s", err.msg);
	snap_global_shutdown();
	if (rc == 0)
		printf("initialised project '%s': %s, %d layers, part %s\n"
		       "next: hlsdse design set %s LAYER.KNOB=VALUE, "
		       "hlsdse estimate %s, hlsdse design save %s\n", dir,
		       d.model, m.n_layers, d.part, dir, dir, dir);
	design_release(&d);
	model_release(&m);
	return rc;
}

static int run(int argc, char **argv)
{
	static const struct option opts[] = {
		NEW_DESIGN_LONGOPTS,
		{ "model", required_argument, NULL, 'm' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct new_design_opts o = { 0 };
	const char *model = NULL;
	int c, rc = 0;

	while (rc == 0 && (c = cli_getopt(argc, argv, "m:h", opts)) != -1) {
		if (new_design_opt(&o, c, optarg))
			continue;
		if (c == 'm')
			model = optarg;
		else if (c == 'h')
			rc = cli_help(&cmd_init) - 1;
		else
			rc = cli_usage_error(&cmd_init, "unknown or incomplete "
					     "option '%s'", argv[optind - 1]);
	}
	if (rc == 0 && optind != argc - 1)
		rc = cli_usage_error(&cmd_init, optind >= argc ?
				     "no directory given" : "too many arguments");
	if (rc == 0 && !model)
		rc = cli_usage_error(&cmd_init, "--model is required");
	if (rc == 0)
		rc = create(argv[optind], model, &o);
	new_design_opts_release(&o);
	return rc < 0 ? EXIT_OK : rc;
}
