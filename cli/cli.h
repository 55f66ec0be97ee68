/*
 * cli.h - what the subcommands share: the command table entry, git-style
 * error and usage reporting, option parsing help, model/design loading
 * with warnings on stderr, and JSON printing.
 */
#ifndef HLSDSE_CLI_H
#define HLSDSE_CLI_H

#include <cjson/cJSON.h>
#include <getopt.h>
#include <stdbool.h>

#include "core/design.h"
#include "core/model.h"

#define HLSDSE_VERSION "0.1.0"

/* Exit codes: 0 ok, 1 the operation failed, 2 usage error. */
enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

struct cmd {
	const char *group;	/* "design" for `hlsdse design new`, or NULL */
	const char *name;
	int (*run)(int argc, char **argv);	/* argv[0] is the name */
	const char *summary;
	const char *usage;	/* options after "hlsdse <name> " */
};

/* Prints "hlsdse: error: <msg>" to stderr; returns EXIT_FAIL. */
int cli_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints "hlsdse: warning: <msg>" to stderr. */
void cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints a usage error and the command's usage line; returns EXIT_USAGE. */
int cli_usage_error(const struct cmd *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Prints the command's help to stdout; returns EXIT_OK. */
int cli_help(const struct cmd *c);

/* Runs getopt_long over argv from the start (resets its state). Returns
 * the option, -1 at the end; prints nothing itself (opterr is 0). */
int cli_getopt(int argc, char **argv, const char *shortopts,
	       const struct option *longopts);

/* Loads a model, printing its warnings; on failure prints the error and
 * returns -1. */
int cli_load_model(struct model *m, const char *path, const char *weights);

/* Opens a design: DESIGN is a design.json or a directory holding one.
 * Loads the design and its model (paths relative to the design file).
 * *path_out receives the design file's path (caller frees). */
int cli_open_design(const char *arg, struct design *d, struct model *m,
		    char **path_out);

/* Prints j (pretty, two-space indent) and a newline to stdout; frees j. */
void cli_print_json(cJSON *j);

/* Parses a positive integer option value; -1 with an error on failure. */
int cli_parse_long(const char *opt, const char *s, long min, long max,
		   long *out);

#endif
