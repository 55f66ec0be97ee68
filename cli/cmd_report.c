/*
 * cmd_report.c - `hlsdse report PROJECT`: the project's report (runs with
 * estimate and actual, best results, estimate-against-actual accuracy,
 * designs; a section per run with --runs or --all) or, with --compare,
 * runs and designs side by side; as text, Markdown, HTML (one
 * self-contained file with plots), CSV (the main table) or JSON.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/projcli.h"
#include "core/fileio.h"
#include "estimators/part.h"
#include "reports/comparison.h"
#include "reports/summary.h"

static int run(int argc, char **argv);

const struct cmd cmd_report = {
	.name = "report",
	.run = run,
	.summary = "write a report: runs, estimate against actual, best "
		   "results, designs\n(--format text|md|html|csv|json; "
		   "--compare run:N|design:N ... puts N side by side)",
	.usage = "PROJECT [--format F] [-o FILE] [--runs LIST | --all] "
		 "[--designs LIST]\n       hlsdse report PROJECT --compare "
		 "REF REF... [--format F] [-o FILE]",
};

struct report_opts {
	int format;			/* enum doc_format, -1: from -o */
	const char *out;
	const char *runs, *designs;
	bool all, compare;
};

/* The format -o's extension implies (text when none does). */
static int format_of(const char *path)
{
	static const char *const ext[][2] = { { ".html", "html" },
		{ ".htm", "html" }, { ".md", "md" }, { ".csv", "csv" },
		{ ".json", "json" } };
	size_t n = path ? strlen(path) : 0;

	for (int i = 0; i < 5; i++) {
		size_t e = strlen(ext[i][0]);

		if (n > e && strcmp(path + n - e, ext[i][0]) == 0)
			return doc_format_from_name(ext[i][1]);
	}
	return DOC_TEXT;
}

/* Writes text to path atomically, or to stdout for NULL or "-". */
static int emit(const char *path, const struct strbuf *sb)
{
	struct error err;

	if (!path || strcmp(path, "-") == 0) {
		fwrite(sb->buf, 1, sb->len, stdout);
		return EXIT_OK;
	}
	if (fileio_write_atomic(path, sb->buf, sb->len, &err) < 0)
		return cli_fail("%s", err.msg);
	return EXIT_OK;
}

/* Loads the user's and the project's part catalogs. */
static int parts(struct proj_ctx *c)
{
	char *path = project_path(&c->p, "parts.json");
	struct error err;
	int rc = 0;

	if (part_catalog_load_user(&err) < 0 ||
	    part_catalog_load(path, &err) < 0)
		rc = cli_fail("%s", err.msg);
	free(path);
	return rc;
}

static int build(struct proj_ctx *c, const struct report_opts *o,
		 char **refs, int n_refs, struct doc *d)
{
	long *runs = NULL, *designs = NULL;
	int n_runs = 0, n_designs = 0, rc = -1;
	struct runset rs = { 0 };
	struct error err;
	struct report_in in = { .p = &c->p, .m = &c->m, .d = &c->d,
		.st = c->st, .rs = &rs, .plots = o->format == DOC_HTML };

	if ((o->runs && runset_parse_ids(o->runs, "run", &runs, &n_runs,
					 &err) < 0) ||
	    (o->designs && runset_parse_ids(o->designs, "design", &designs,
					    &n_designs, &err) < 0)) {
		cli_fail("%s", err.msg);
		goto out;
	}
	in.run_sections = o->all || n_runs > 0;
	if (o->compare) {
		rc = comparison_build(d, &in, refs, n_refs, &err);
	} else {
		struct runset_filter f = { runs, n_runs, designs, n_designs };

		rc = runset_load(&rs, c->st, &c->m, &f, &err);
		if (rc == 0)
			rc = summary_build(d, &in, designs, n_designs, &err);
	}
	if (rc < 0)
		cli_fail("%s", err.msg);
out:
	runset_release(&rs);
	free(runs);
	free(designs);
	return rc;
}

static int report(const char *project, const struct report_opts *o,
		  char **refs, int n_refs)
{
	struct doc d = { 0 };
	struct proj_ctx c;
	int rc = EXIT_FAIL;

	if (proj_open(project, &c) < 0)
		return EXIT_FAIL;
	if (parts(&c) == 0 && build(&c, o, refs, n_refs, &d) == 0) {
		struct strbuf sb;

		strbuf_init(&sb);
		doc_render(&d, (enum doc_format)o->format, &sb);
		rc = emit(o->out, &sb);
		strbuf_release(&sb);
	}
	if (d.title)
		doc_release(&d);
	part_catalog_release();
	proj_close(&c);
	return rc;
}

static int run(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "runs", required_argument, NULL, 'r' },
		{ "designs", required_argument, NULL, 'D' },
		{ "all", no_argument, NULL, 'a' },
		{ "compare", no_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct report_opts o = { .format = -1 };
	int opt, n_pos;

	while ((opt = cli_getopt(argc, argv, "f:o:h", opts)) != -1) {
		switch (opt) {
		case 'f':
			o.format = doc_format_from_name(optarg);
			if (o.format < 0)
				return cli_usage_error(&cmd_report, "unknown "
						       "format '%s' (text, md, "
						       "html, csv, json)",
						       optarg);
			break;
		case 'o': o.out = optarg; break;
		case 'r': o.runs = optarg; break;
		case 'D': o.designs = optarg; break;
		case 'a': o.all = true; break;
		case 'c': o.compare = true; break;
		case 'h': return cli_help(&cmd_report);
		default:
			return cli_usage_error(&cmd_report, "unknown or "
					       "incomplete option '%s'",
					       argv[optind - 1]);
		}
	}
	n_pos = argc - optind;
	if (n_pos < 1)
		return cli_usage_error(&cmd_report, "expected PROJECT");
	if (o.compare && n_pos < 3)
		return cli_usage_error(&cmd_report, "--compare needs two or "
				       "more of run:N or design:N");
	if (!o.compare && n_pos > 1)
		return cli_usage_error(&cmd_report, "unexpected '%s' (runs go "
				       "with --runs, comparisons with "
				       "--compare)", argv[optind + 1]);
	if (o.compare && (o.runs || o.designs || o.all))
		return cli_usage_error(&cmd_report, "--compare takes no "
				       "--runs, --designs or --all");
	if (o.runs && o.all)
		return cli_usage_error(&cmd_report, "--runs and --all "
				       "exclude each other");
	if (o.format < 0)
		o.format = format_of(o.out);
	return report(argv[optind], &o, argv + optind + 1, n_pos - 1);
}
