/*
 * save.h - saving a project's design point: the project's files
 * committed (libgit2, only when they changed) and the design recorded in
 * the store with its estimate. `hlsdse design save`, `hlsdse synth` and
 * the app all save through here.
 */
#ifndef HLSDSE_SAVE_H
#define HLSDSE_SAVE_H

#include <stdbool.h>

#include "core/design.h"
#include "core/error.h"
#include "core/model.h"
#include "estimators/estimate.h"
#include "projects/snapshot.h"
#include "projects/store.h"

/* Commits dir's hlsdse.json, design.json and .gitignore with message msg
 * and records design d (of model m, label may be "") with its csynth
 * estimate, which is left in e (caller releases). *id is the design's
 * row, *existed true when that commit was already recorded. */
int save_design(const char *dir, struct store *st, const struct model *m,
		const struct design *d, const char *label, const char *msg,
		long *id, char oid[SNAP_OID_HEX], bool *existed,
		struct estimate *e, struct error *err);

#endif
