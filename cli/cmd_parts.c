/*
 * cmd_parts.c - `hlsdse parts [--json] [--file PARTS.json]`: the FPGA
 * part catalog (built-in devices, ~/.config/hlsdse/parts.json and any
 * --file), with each device's capacity, DSP kind and an example part.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/commands.h"
#include "estimators/part.h"

static int run(int argc, char **argv);

const struct cmd cmd_parts = {
	.name = "parts",
	.run = run,
	.summary = "list the FPGA devices known, with their capacity",
	.usage = "[--json] [--file PARTS.json]",
};

static void print_json(void)
{
	cJSON *a = cJSON_CreateArray();

	for (int i = 0; i < part_count(); i++) {
		const struct part *p = part_at(i);
		cJSON *o = cJSON_CreateObject();

		cJSON_AddStringToObject(o, "device", p->device);
		cJSON_AddStringToObject(o, "family", p->family);
		cJSON_AddStringToObject(o, "example", p->example);
		cJSON_AddNumberToObject(o, "lut", (double)p->lut);
		cJSON_AddNumberToObject(o, "ff", (double)p->ff);
		cJSON_AddNumberToObject(o, "dsp", (double)p->dsp);
		cJSON_AddStringToObject(o, "dsp_kind",
					dsp_kind_name(p->dsp_kind));
		cJSON_AddNumberToObject(o, "bram18", (double)p->bram18);
		cJSON_AddNumberToObject(o, "uram", (double)p->uram);
		cJSON_AddItemToArray(a, o);
	}
	cli_print_json(a);
}

static void print_text(void)
{
	int wd = 6, wf = 6, we = 7;

	for (int i = 0; i < part_count(); i++) {
		const struct part *p = part_at(i);

		if ((int)strlen(p->device) > wd)
			wd = (int)strlen(p->device);
		if ((int)strlen(p->family) > wf)
			wf = (int)strlen(p->family);
		if ((int)strlen(p->example) > we)
			we = (int)strlen(p->example);
	}
	printf("%-*s  %-*s  %-*s %9s %9s %6s %-8s %7s %5s\n", wd, "device",
	       wf, "family", we, "example", "LUT", "FF", "DSP", "DSP kind",
	       "BRAM18", "URAM");
	for (int i = 0; i < part_count(); i++) {
		const struct part *p = part_at(i);

		printf("%-*s  %-*s  %-*s %9ld %9ld %6ld %-8s %7ld %5ld\n", wd,
		       p->device, wf, p->family, we, p->example, p->lut,
		       p->ff, p->dsp, dsp_kind_name(p->dsp_kind), p->bram18,
		       p->uram);
	}
}

static int run(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "file", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *file = NULL;
	struct error err;
	bool json = false;
	int c, rc = EXIT_FAIL;

	while ((c = cli_getopt(argc, argv, "jf:h", opts)) != -1) {
		switch (c) {
		case 'j': json = true; break;
		case 'f': file = optarg; break;
		case 'h': return cli_help(&cmd_parts);
		default:
			if (optopt == 'f')
				return cli_usage_error(&cmd_parts, "option "
						       "'--file' needs a value");
			return cli_usage_error(&cmd_parts, "unknown option "
					       "'%s'", argv[optind - 1]);
		}
	}
	if (optind != argc)
		return cli_usage_error(&cmd_parts, "too many arguments");
	if (file && access(file, F_OK) != 0)
		return cli_fail("unable to read '%s': no such file", file);
	if (part_catalog_load_user(&err) < 0 ||
	    (file && part_catalog_load(file, &err) < 0)) {
		cli_fail("%s", err.msg);
		goto out;
	}
	if (json)
		print_json();
	else
		print_text();
	rc = EXIT_OK;
out:
	part_catalog_release();
	return rc;
}
