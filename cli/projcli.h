/*
 * projcli.h - what the project commands share: opening a project (from
 * its directory or a design file inside it) with its design and model,
 * the store, and design references (design:N, working).
 */
#ifndef HLSDSE_PROJCLI_H
#define HLSDSE_PROJCLI_H

#include "cli/cli.h"
#include "projects/project.h"
#include "projects/store.h"

struct proj_ctx {
	struct project p;
	struct design d;	/* the working design.json */
	struct model m;
	struct store *st;
	char *design_path;
	bool git;		/* libgit2 initialised by proj_open */
};

/* Opens the project arg names (a project directory, or its design.json)
 * with its working design, model and store, and initialises libgit2
 * (commands without a project never pay for it). Prints errors; on
 * failure everything is closed again. */
int proj_open(const char *arg, struct proj_ctx *c);
void proj_close(struct proj_ctx *c);

/* Parses "design:N" (or "N"); -1 with a message when malformed. */
int proj_design_ref(const char *ref, long *id);
/* True when the working design.json matches no snapshot byte for byte
 * (HEAD or any saved design): overwriting it would lose work. */
bool proj_design_unsaved(const struct proj_ctx *c);

/* Parses "run:N" (or "N"); -1 with a message when malformed. */
int proj_run_ref(const char *ref, long *id);

#endif
