/*
 * cmd_cancel.c - `hlsdse cancel PROJECT RUN`: a queued run ends at once;
 * a running one is marked cancelled and its worker ends the run's whole
 * process group.
 */
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/projcli.h"

static int run(int argc, char **argv);

const struct cmd cmd_cancel = {
	.name = "cancel",
	.run = run,
	.summary = "cancel a queued or running run",
	.usage = "PROJECT run:N",
};

static int run(int argc, char **argv)
{
	struct proj_ctx c;
	struct error err;
	bool was_running;
	long id, pid;
	int rc = EXIT_OK;

	if (argc > 1 && (strcmp(argv[1], "--help") == 0 ||
			 strcmp(argv[1], "-h") == 0))
		return cli_help(&cmd_cancel);
	if (argc != 3)
		return cli_usage_error(&cmd_cancel, "expected PROJECT run:N");
	if (proj_run_ref(argv[2], &id) < 0)
		return EXIT_FAIL;
	if (proj_open(argv[1], &c) < 0)
		return EXIT_FAIL;
	if (store_run_cancel(c.st, id, &was_running, &pid, &err) < 0)
		rc = cli_fail("%s", err.msg);
	else if (was_running)
		printf("run:%ld cancelled; worker %ld is stopping it\n", id, pid);
	else
		printf("run:%ld cancelled\n", id);
	proj_close(&c);
	return rc;
}
