/*
 * worker.h - the project's worker: one process per project (a lock on
 * runs/worker.lock) that claims queued runs from the store and runs each
 * backend's steps as child process groups, up to N runs at a time,
 * recording progress, heartbeats, cancellations, timeouts and results.
 * It outlives the terminal and the app that started it.
 */
#ifndef HLSDSE_WORKER_H
#define HLSDSE_WORKER_H

#include <stdbool.h>

#include "core/error.h"
#include "projects/store.h"

#define WORKER_STEP_TIMEOUT_S (6 * 3600)  /* a step's limit when nothing
					     sets one */
#define WORKER_JOBS_MAX 64		  /* most runs at once */
#define WORKER_IDLE_S 10		  /* exit after this long with no work */
#define WORKER_TICK_MS 200		  /* poll interval */

/* Runs the queued runs of the project in project_dir, up to jobs at
 * once, until the queue is empty (once) or no work has come for
 * WORKER_IDLE_S. Runs whose worker died are first marked failed. When
 * another worker holds the project's lock nothing is done and *busy is
 * set. SIGINT, SIGTERM and SIGHUP stop the worker: its runs' process
 * groups are killed and the runs failed ("worker stopped").
 *
 * Test hook: when HLSDSE_TEST_STEPS is set it holds command lines
 * separated by ";;" that replace the backend's steps (each run as
 * /bin/sh -c LINE); there is no prepare or collect, and a result.json
 * the steps write is ingested.
 *
 * A step's time limit is its own (timeout_s), else the project's for the
 * run's backend (hlsdse.json "timeouts"), else WORKER_STEP_TIMEOUT_S; a
 * step past it is killed and its run failed with "timeout". */
int worker_run(const char *project_dir, int jobs, bool once, bool *busy,
	       struct error *err);

/* Starts a detached worker (`hlsdse worker DIR`, its own session, output
 * to runs/worker.log) unless one holds the project's lock; *started says
 * whether one was started. */
int worker_ensure(const char *project_dir, bool *started, struct error *err);

/* Stores run_dir/result.json's metrics and tool version for run_id. */
int worker_ingest(struct store *s, long run_id, const char *run_dir,
		  struct error *err);

/* True when process pid exists (kill(pid, 0) is not ESRCH). */
bool worker_pid_alive(long pid);

#endif
