/*
 * cmd_parts.c - `hlsdse parts [--json] [--file PARTS.json]`: the FPGA
 * part catalog (built-in devices, ~/.config/hlsdse/parts.json and any
 * --file), with each device's capacity, DSP kind and an example part; as
 * text, Markdown or CSV (the table model) or JSON (--json, the same as
 * --format json).
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/commands.h"
#include "estimators/part.h"
#include "reports/table.h"

static int run(int argc, char **argv);

const struct cmd cmd_parts = {
	.name = "parts",
	.run = run,
	.summary = "list the FPGA devices known, with their capacity",
	.usage = "[--json] [--file PARTS.json] [--format text|md|csv|json]",
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

/* The catalog as a table (in text the widths `parts` has always used:
 * the names as wide as the widest, the numbers printf's). */
static void build(struct table *t)
{
	table_init(t, "parts");
	table_col(t, "device", NULL, NULL, TABLE_LEFT);
	table_col(t, "family", NULL, NULL, TABLE_LEFT);
	table_col(t, "example", NULL, NULL, TABLE_LEFT);
	table_col(t, "lut", "LUT", NULL, TABLE_RIGHT);
	table_col(t, "ff", "FF", NULL, TABLE_RIGHT);
	table_col(t, "dsp", "DSP", NULL, TABLE_RIGHT);
	table_col(t, "dsp_kind", "DSP kind", NULL, TABLE_LEFT);
	table_col(t, "bram18", "BRAM18", NULL, TABLE_RIGHT);
	table_col(t, "uram", "URAM", NULL, TABLE_RIGHT);
	table_col_text(t, 0, 6, 0, TABLE_FIT);
	table_col_text(t, 1, 6, 2, TABLE_FIT);
	table_col_text(t, 2, 7, 2, TABLE_FIT);
	table_col_text(t, 3, 9, 1, 0);
	table_col_text(t, 4, 9, 1, 0);
	table_col_text(t, 5, 6, 1, 0);
	table_col_text(t, 6, 8, 1, 0);
	table_col_text(t, 7, 7, 1, 0);
	table_col_text(t, 8, 5, 1, 0);
	for (int i = 0; i < part_count(); i++) {
		const struct part *p = part_at(i);
		int r = table_row(t);

		table_str(t, r, 0, p->device);
		table_str(t, r, 1, p->family);
		table_str(t, r, 2, p->example);
		table_num(t, r, 3, (double)p->lut, 0);
		table_num(t, r, 4, (double)p->ff, 0);
		table_num(t, r, 5, (double)p->dsp, 0);
		table_str(t, r, 6, dsp_kind_name(p->dsp_kind));
		table_num(t, r, 7, (double)p->bram18, 0);
		table_num(t, r, 8, (double)p->uram, 0);
	}
}

static int run(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "format", required_argument, NULL, 'F' },
		{ "file", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *file = NULL;
	struct error err;
	struct table t;
	int c, rc = EXIT_FAIL, format = TABLE_TEXT;

	while ((c = cli_getopt(argc, argv, "jf:h", opts)) != -1) {
		switch (c) {
		case 'j': format = TABLE_JSON; break;
		case 'F':
			format = table_format_from_name(optarg);
			if (format < 0)
				return cli_usage_error(&cmd_parts, "unknown "
						       "format '%s' (text, md, "
						       "csv, json)", optarg);
			break;
		case 'f': file = optarg; break;
		case 'h': return cli_help(&cmd_parts);
		default:
			if (optopt == 'f' || optopt == 'F')
				return cli_usage_error(&cmd_parts, "option "
						       "'--%s' needs a value",
						       optopt == 'f' ? "file" :
						       "format");
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
	if (format == TABLE_JSON) {
		print_json();
	} else {
		build(&t);
		table_print(&t, (enum table_format)format, stdout);
		table_release(&t);
	}
	rc = EXIT_OK;
out:
	part_catalog_release();
	return rc;
}
