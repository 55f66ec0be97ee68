/*
 * store.h - the project's SQLite run store (runs.db): saved designs, runs,
 * metrics (estimates beside tool results) and tags. WAL, foreign keys on,
 * busy timeout, STRICT tables, PRAGMA user_version migrations, BEGIN
 * IMMEDIATE around every write, every statement reset after use. A
 * damaged or foreign file is reported, never replaced; a store written by
 * a newer hlsdse is refused.
 *
 * Schema (version 1):
 *   designs(id INTEGER PRIMARY KEY, commit_oid TEXT UNIQUE NOT NULL,
 *           created_at TEXT NOT NULL, label TEXT NOT NULL DEFAULT '',
 *           design_json TEXT NOT NULL)
 *   runs(id INTEGER PRIMARY KEY, design_id INTEGER NOT NULL REFERENCES
 *        designs, backend TEXT NOT NULL, status TEXT NOT NULL CHECK
 *        (status IN ('queued','running','succeeded','failed','cancelled')),
 *        created_at TEXT NOT NULL, started_at TEXT, finished_at TEXT,
 *        worker_pid INTEGER, heartbeat_at TEXT, exit_code INTEGER,
 *        error TEXT, workdir TEXT, tool_version TEXT, stage TEXT,
 *        progress REAL)
 *   metrics(id INTEGER PRIMARY KEY, design_id INTEGER REFERENCES designs,
 *           run_id INTEGER REFERENCES runs, layer TEXT NOT NULL DEFAULT ''
 *           ('' = whole design), source TEXT NOT NULL CHECK (source IN
 *           ('estimate','csynth','impl','sim','yosys')), key TEXT NOT NULL,
 *           value REAL, CHECK (design_id IS NOT NULL OR run_id IS NOT NULL))
 *   tags(run_id INTEGER NOT NULL REFERENCES runs, key TEXT NOT NULL,
 *        value TEXT NOT NULL, PRIMARY KEY (run_id, key))
 * Times are ISO 8601 UTC ("2026-11-21T20:58:03Z").
 *
 * Ownership: a struct store is opened and closed by the caller (one per
 * process, opened after any fork); rows returned through out-parameters
 * are owned by the caller and freed with the matching _release/_free.
 */
#ifndef HLSDSE_STORE_H
#define HLSDSE_STORE_H

#include <stdbool.h>

#include "core/error.h"

#define STORE_VERSION 1

struct store;

/* Opens (create: creating a new store) the store at path. Fails, without
 * touching the file, when it is not an SQLite database, not an hlsdse
 * store (foreign tables), damaged (quick_check), or newer than
 * STORE_VERSION. */
int store_open(const char *path, bool create, struct store **out,
	       struct error *err);
void store_close(struct store *s);

struct metric {
	char *layer;		/* "" for the whole design */
	char *key;		/* dsp, lut, ff, bram18, uram, latency_cycles,
				   latency_ns, ii, ... */
	double value;
};
void metrics_free(struct metric *m, int n);

struct design_row {
	long id;
	char commit[41];
	char *created_at;
	char *label;
	char *design_json;	/* NULL in list results */
	double *sort_value;	/* the sort metric's value, NULL if none */
};
void design_row_release(struct design_row *r);
void design_rows_free(struct design_row *r, int n);

/* Adds a saved design and its metrics (source, design-level) in one
 * transaction. When commit_oid is already stored, nothing is added:
 * *id is the existing row's and *existed is set (the label is updated
 * when label is non-empty). */
int store_design_add(struct store *s, const char *commit_oid,
		     const char *label, const char *design_json,
		     const char *source, const struct metric *m, int n_metrics,
		     long *id, bool *existed, struct error *err);

/* One design by id (design_json included); -1 with "no design:N" when
 * absent. */
int store_design_get(struct store *s, long id, struct design_row *out,
		     struct error *err);

/* A query over designs: sorted by a whole-design metric of source
 * (e.g. "estimate", "dsp"), ascending unless desc; rows without that
 * metric come last. Optional filter on one metric's range. NULL sort_key
 * sorts by id. limit <= 0 means no limit. */
struct store_query {
	const char *source;
	const char *sort_key;
	bool desc;
	const char *filter_key;
	bool has_min, has_max;
	double min, max;
	int limit;
};
int store_designs_list(struct store *s, const struct store_query *q,
		       struct design_row **rows, int *n, struct error *err);

/* The metrics of a design (or of a run, with run set) from source, in
 * layer, key order. */
int store_metrics_get(struct store *s, long id, bool run, const char *source,
		      struct metric **out, int *n, struct error *err);

/* Adds metrics to a design (or run) in one transaction. */
int store_metrics_add(struct store *s, long id, bool run, const char *source,
		      const struct metric *m, int n, struct error *err);

#endif
