/*
 * cmd_worker.c - `hlsdse worker PROJECT [--jobs N] [--once]`: runs the
 * project's queued runs (backends/worker.c). One worker per project; a
 * second one says so and exits 0.
 */
#include <stdio.h>
#include <stdlib.h>

#include "backends/worker.h"
#include "cli/commands.h"
#include "projects/project.h"

static int run(int argc, char **argv);

const struct cmd cmd_worker = {
	.name = "worker",
	.run = run,
	.summary = "run the project's queued runs (the app starts one when "
		   "needed)",
	.usage = "PROJECT [--jobs N] [--once] [--detach]",
};

static int run(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "jobs", required_argument, NULL, 'j' },
		{ "once", no_argument, NULL, 'o' },
		{ "detach", no_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct error err;
	bool once = false, busy = false, detach = false, started;
	long jobs = 1;
	int opt;

	while ((opt = cli_getopt(argc, argv, "j:odh", opts)) != -1) {
		if (opt == 'j') {
			if (cli_parse_long("--jobs", optarg, 1, WORKER_JOBS_MAX,
					   &jobs) < 0)
				return EXIT_USAGE;
		} else if (opt == 'o') {
			once = true;
		} else if (opt == 'd') {
			detach = true;
		} else if (opt == 'h') {
			return cli_help(&cmd_worker);
		} else {
			return cli_usage_error(&cmd_worker, "unknown option "
					       "'%s'", argv[optind - 1]);
		}
	}
	if (argc - optind != 1)
		return cli_usage_error(&cmd_worker, "expected PROJECT");
	if (!project_is(argv[optind]))
		return cli_fail("'%s' is not an hlsdse project (no hlsdse.json;"
				" create one with hlsdse init)", argv[optind]);
	if (detach && (once || jobs != 1))
		return cli_usage_error(&cmd_worker, "--detach starts a default"
				       " worker: no --once or --jobs");
	if (detach) {
		if (worker_ensure(argv[optind], &started, &err) < 0)
			return cli_fail("%s", err.msg);
		if (started)
			printf("worker started for '%s' (output in "
			       "runs/worker.log)\n", argv[optind]);
		else
			printf("a worker is already running for '%s'\n",
			       argv[optind]);
		return EXIT_OK;
	}
	if (worker_run(argv[optind], (int)jobs, once, &busy, &err) < 0)
		return cli_fail("%s", err.msg);
	if (busy)
		printf("a worker is already running for '%s'\n", argv[optind]);
	return EXIT_OK;
}
