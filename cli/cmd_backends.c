/*
 * cmd_backends.c - `hlsdse backends [--json]`: the synthesis backends,
 * whether their tools are present on this machine and, when not, what is
 * missing and how to fix it.
 */
#include <stdio.h>
#include <string.h>

#include "backends/backend.h"
#include "cli/commands.h"

static int run(int argc, char **argv);

const struct cmd cmd_backends = {
	.name = "backends",
	.run = run,
	.summary = "list the synthesis backends and whether they can run here",
	.usage = "[--json]",
};

static int run(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	cJSON *arr = NULL;
	bool json = false;
	int c;

	while ((c = cli_getopt(argc, argv, "jh", opts)) != -1) {
		switch (c) {
		case 'j': json = true; break;
		case 'h': return cli_help(&cmd_backends);
		default:
			return cli_usage_error(&cmd_backends, "unknown option "
					       "'%s'", argv[optind - 1]);
		}
	}
	if (optind != argc)
		return cli_usage_error(&cmd_backends, "too many arguments");
	if (json)
		arr = cJSON_CreateArray();
	for (int i = 0; i < backend_count(); i++) {
		const struct backend *b = backend_at(i);
		char why[512] = "";
		bool ok = b->available(why, sizeof(why));

		if (json) {
			cJSON *o = cJSON_CreateObject();

			cJSON_AddStringToObject(o, "name", b->name);
			cJSON_AddStringToObject(o, "summary", b->summary);
			cJSON_AddBoolToObject(o, "available", ok);
			if (ok)
				cJSON_AddNullToObject(o, "reason");
			else
				cJSON_AddStringToObject(o, "reason", why);
			cJSON_AddItemToArray(arr, o);
		} else {
			printf("%-8s %-13s %s\n", b->name,
			       ok ? "available" : "not available", b->summary);
			if (!ok)
				printf("%-8s %s\n", "", why);
		}
	}
	if (json)
		cli_print_json(arr);
	return EXIT_OK;
}
