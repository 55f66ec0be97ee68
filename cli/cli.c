/* cli.c - helpers shared by the subcommands (errors, options, loading). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "core/fileio.h"
#include "core/keras.h"
#include "core/xalloc.h"

int cli_fail(const char *fmt, ...)
{
	va_list ap;

	fputs("hlsdse: error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return EXIT_FAIL;
}

void cli_warn(const char *fmt, ...)
{
	va_list ap;

	fputs("hlsdse: warning: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int cli_usage_error(const struct cmd *c, const char *fmt, ...)
{
	va_list ap;

	fputs("hlsdse: error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nusage: hlsdse %s%s%s %s\n", c->group ? c->group : "",
		c->group ? " " : "", c->name, c->usage);
	return EXIT_USAGE;
}

int cli_help(const struct cmd *c)
{
	printf("usage: hlsdse %s%s%s %s\n\n%s\n", c->group ? c->group : "",
	       c->group ? " " : "", c->name, c->usage, c->summary);
	return EXIT_OK;
}

int cli_getopt(int argc, char **argv, const char *shortopts,
	       const struct option *longopts)
{
	opterr = 0;
	return getopt_long(argc, argv, shortopts, longopts, NULL);
}

int cli_load_model(struct model *m, const char *path, const char *weights)
{
	struct error err;

	model_init(m);
	if (keras_load(m, path, weights, &err) < 0) {
		cli_fail("%s", err.msg);
		return -1;
	}
	for (int i = 0; i < m->n_warnings; i++)
		cli_warn("%s", m->warnings[i]);
	return 0;
}

int cli_open_design(const char *arg, struct design *d, struct model *m,
		    char **path_out)
{
	struct stat st;
	struct error err;
	char *path, *dir, *model, *weights = NULL;
	int rc;

	if (stat(arg, &st) == 0 && S_ISDIR(st.st_mode))
		path = fileio_join(arg, "design.json");
	else
		path = xstrdup(arg);
	design_init(d);
	model_init(m);
	if (design_read(d, path, &err) < 0) {
		cli_fail("%s", err.msg);
		free(path);
		return -1;
	}
	if (!d->model) {
		cli_fail("'%s' names no model", path);
		design_release(d);
		free(path);
		return -1;
	}
	dir = fileio_dirname(path);
	model = fileio_join(dir, d->model);
	if (d->weights)
		weights = fileio_join(dir, d->weights);
	rc = cli_load_model(m, model, weights);
	if (rc == 0 && design_validate(d, m, &err) < 0) {
		cli_fail("'%s': %s", path, err.msg);
		rc = -1;
	}
	free(dir);
	free(model);
	free(weights);
	if (rc < 0) {
		design_release(d);
		model_release(m);
		free(path);
		return -1;
	}
	*path_out = path;
	return 0;
}

void cli_print_json(cJSON *j)
{
	char *s = cJSON_Print(j);
	bool line_start = true;

	/* cJSON indents with tabs and puts one after each colon; string
	 * contents never hold a raw tab (it prints them as \t) */
	for (const char *p = s; *p; p++) {
		if (*p == '\t')
			fputs(line_start ? "  " : " ", stdout);
		else
			fputc(*p, stdout);
		if (*p != '\t')
			line_start = *p == '\n';
	}
	fputc('\n', stdout);
	cJSON_free(s);
	cJSON_Delete(j);
}

int cli_parse_long(const char *opt, const char *s, long min, long max,
		   long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max) {
		cli_fail("%s: '%s' is not an integer in %ld..%ld", opt, s, min,
			 max);
		return -1;
	}
	*out = v;
	return 0;
}
