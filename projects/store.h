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

/* A run, with its design's commit and label. Text fields that are NULL
 * in the store are NULL here. */
struct run_row {
	long id;
	long design_id;
	char commit[41];
	char *label;
	char *backend;
	char *status;		/* queued, running, succeeded, failed, cancelled */
	char *created_at;
	char *started_at;
	char *finished_at;
	long worker_pid;	/* 0 when none */
	char *heartbeat_at;
	int exit_code;
	bool has_exit_code;
	char *error;
	char *workdir;		/* "runs/<id>", relative to the project */
	char *tool_version;
	char *stage;
	double progress;	/* 0..100 */
	bool has_progress;
	double *sort_value;	/* the sort metric's value in list results */
};
void run_row_release(struct run_row *r);
void run_rows_free(struct run_row *r, int n);

/* Queues a run of design_id on backend; *id is the new run's. A missing
 * design is "no design:N". */
int store_run_add(struct store *s, long design_id, const char *backend,
		  long *id, struct error *err);

/* Atomically takes the oldest queued run: it becomes running, with
 * started_at, heartbeat, workdir "runs/<id>" and worker_pid. *got says
 * whether there was one; *row is filled only then. */
int store_run_claim(struct store *s, long worker_pid, struct run_row *row,
		    bool *got, struct error *err);

/* Records a running run's stage (NULL keeps it) and progress, and its
 * heartbeat. */
int store_run_progress(struct store *s, long id, const char *stage,
		       double progress, struct error *err);

/* The heartbeat of every running run of worker_pid. */
int store_run_heartbeat(struct store *s, long worker_pid, struct error *err);

/* Ends a queued or running run with status (succeeded or failed), an
 * exit code (has_exit false: none) and an error (or NULL). A cancelled
 * run stays cancelled (its exit code and finish time are recorded); an
 * ended one is left as it is. */
int store_run_finish(struct store *s, long id, const char *status,
		     bool has_exit, int exit_code, const char *error,
		     struct error *err);

/* Marks a run whose results were brought in from elsewhere (hlsdse
 * ingest) succeeded, stage "ingested"; a running run is left alone. */
int store_run_ingested(struct store *s, long id, struct error *err);

/* Records the tool version a run reported. */
int store_run_tool_version(struct store *s, long id, const char *version,
			   struct error *err);

/* Cancels a run: a queued one ends cancelled at once; a running one is
 * marked cancelled and *was_running is set with its worker's pid in *pid
 * (the worker kills the run's process group and records the end). A run
 * that has already ended is an error ("run:N has already ended
 * (succeeded)"), as is a missing one ("no run:N"). */
int store_run_cancel(struct store *s, long id, bool *was_running, long *pid,
		     struct error *err);

/* One run by id; "no run:N" when absent. */
int store_run_get(struct store *s, long id, struct run_row *out,
		  struct error *err);

/* The runs with status status_filter (NULL: all), sorted by a
 * whole-design metric: sort_key "KEY" or "SOURCE.KEY" where SOURCE is a
 * tool source (csynth, the default; impl, sim, yosys: the run's own
 * metrics) or estimate (the run's design's estimate). Ascending unless
 * desc; runs without the metric come last. NULL sort_key sorts by id. */
int store_runs_list(struct store *s, const char *status_filter,
		    const char *sort_key, bool desc, struct run_row **rows,
		    int *n, struct error *err);

/* Ends the runs whose worker is gone: running ones become failed with
 * error "worker died", cancelled ones left unfinished get their finish
 * time. alive(pid) says whether a worker process exists. *n is the count
 * of runs marked failed. */
int store_runs_reap(struct store *s, bool (*alive)(long pid), int *n,
		    struct error *err);

/* PRAGMA data_version: a number that changes when another connection
 * commits (a UI polls it to know when to re-read). */
int store_data_version(struct store *s, long *version, struct error *err);

#endif
