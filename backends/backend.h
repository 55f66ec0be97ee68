/*
 * backend.h - synthesis backends: each writes a run directory (prepare),
 * names the commands to run in it (steps, run by the worker as child
 * processes), and turns the tool's reports into runs/<id>/result.json
 * (collect), which the worker then ingests into the store. Backends are
 * listed in one table (backend.c).
 */
#ifndef HLSDSE_BACKEND_H
#define HLSDSE_BACKEND_H

#include <stdbool.h>
#include <stddef.h>

#include "core/design.h"
#include "core/error.h"
#include "core/model.h"
#include "estimators/estimate.h"

/* What a backend knows about the run it works on. */
struct run_ctx {
	const char *project_dir;
	const char *run_dir;		/* runs/<id>, absolute or relative to cwd */
	long run_id;
	const struct design *d;
	const struct model *m;
	const char *model_path;		/* the project's model file */
	const char *weights_path;	/* or NULL */
};

/* One command of a run: argv[0] looked up in PATH, run in the run
 * directory, stdout and stderr appended to log.txt. */
#define STEP_MAX_ARGS 16
struct step {
	const char *name;		/* stage name shown in jobs: "csynth" */
	char *argv[STEP_MAX_ARGS + 1];	/* NULL-terminated; owned by the step */
	int timeout_s;			/* 0: the project's default */
};
void step_release(struct step *s);

/* True when prog is an executable file: a path as given, or a name found
 * in PATH (an empty PATH element is the current directory). */
bool backend_in_path(const char *prog);

struct backend {
	const char *name;		/* "vitis", "vivado", "yosys" ... */
	const char *summary;
	/* The estimator mode that predicts this backend's results. */
	enum est_mode est_mode;
	/* Optional: fails with the reason when the backend cannot build
	 * design d of model m (checked before a run is queued). */
	int (*check)(const struct model *m, const struct design *d,
		     struct error *err);
	/* True when the tools are present; otherwise fills why (size n) with
	 * what is missing and the setting that fixes it. */
	bool (*available)(char *why, size_t n);
	/* Writes the run directory's inputs. */
	int (*prepare)(const struct run_ctx *rc, struct error *err);
	/* The commands to run, in order; *steps is caller-owned
	 * (step_release each, then free). */
	int (*steps)(const struct run_ctx *rc, struct step **steps, int *n,
		     struct error *err);
	/* Parses the tool's reports into run_dir/result.json. */
	int (*collect)(const struct run_ctx *rc, struct error *err);
};

/* The backend table. */
int backend_count(void);
const struct backend *backend_at(int i);
/* The backend called name, or NULL. */
const struct backend *backend_find(const char *name);

#endif
