/*
 * project.h - the project workspace (DESIGN.md section 4):
 *
 *   hlsdse.json   name, model files (relative) and their git blob hashes
 *   design.json   the working design
 *   model/        the model files, copied in at init
 *   runs.db       the run store (ignored by git)
 *   runs/         one folder per run (ignored by git)
 *   exports/      exported designs (ignored by git)
 *   .gitignore, .git/
 *
 * Ownership: struct project owns its strings (project_release).
 */
#ifndef HLSDSE_PROJECT_H
#define HLSDSE_PROJECT_H

#include <stdbool.h>

#include "core/design.h"
#include "core/error.h"

#define PROJECT_FORMAT "hlsdse-project/1"

struct project {
	char *dir;
	char *name;
	char *model;		/* relative to dir: model/<file> */
	char *weights;		/* relative to dir, or NULL */
	char *model_hash;	/* git blob ids of the files as copied */
	char *weights_hash;
	struct project_timeout {	/* hlsdse.json "timeouts": {"vitis":
					   seconds, ...}, optional */
		char *backend;
		long seconds;
	} *timeouts;
	int n_timeouts;
};

/* Creates a project in dir (absent, or an empty directory): copies the
 * model (and weights) into model/, writes hlsdse.json, d as design.json
 * (with its model paths pointing into model/), .gitignore, runs/,
 * exports/, an empty git repository (branch main, no commit yet) and an
 * empty store. */
int project_init(const char *dir, const char *model, const char *weights,
		 struct design *d, struct error *err);

/* Opens the project in dir: hlsdse.json readable and of our format, a git
 * repository, the model files present and unchanged since init. */
int project_open(const char *dir, struct project *p, struct error *err);
void project_release(struct project *p);

/* True when dir holds an hlsdse.json. */
bool project_is(const char *dir);

/* The step time limit in seconds the project sets for backend (0 when it
 * sets none: the worker's default applies). */
long project_timeout(const struct project *p, const char *backend);

/* dir/name; caller frees. */
char *project_path(const struct project *p, const char *name);

#endif
