/*
 * dispatch.h - queueing a run of a project's design, as `hlsdse synth`
 * and the app do: the backend's check (what it cannot build is refused
 * before anything is written), the design saved (projects/save.h), the
 * run row with an estimate in the backend's own mode, the run-<id> tag,
 * and a worker made sure of. Never waits for the run.
 */
#ifndef HLSDSE_DISPATCH_H
#define HLSDSE_DISPATCH_H

#include <stdbool.h>

#include "backends/backend.h"
#include "projects/save.h"

struct dispatch {
	long run_id, design_id;
	char oid[SNAP_OID_HEX];
	bool started;		/* a worker was started for it */
};

/* Starts a worker for a project unless one runs (worker_ensure; tests
 * may pass another). */
typedef int (*dispatch_ensure_fn)(const char *dir, bool *started,
				  struct error *err);

/* Queues design d (already the project's design.json) of model m in
 * project dir on backend b, with label (may be NULL). */
int dispatch_run(const char *dir, struct store *st, const struct model *m,
		 const struct design *d, const struct backend *b,
		 const char *label, dispatch_ensure_fn ensure,
		 struct dispatch *out, struct error *err);

#endif
