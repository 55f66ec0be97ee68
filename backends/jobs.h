/*
 * jobs.h - child processes of a run: each command is spawned with
 * posix_spawnp in a process group of its own (so a cancel or timeout
 * kills everything it started), its output appended to a log file, and
 * reaped by the caller. Also the progress lines a step may print:
 * "STAGE <name>" and "PROGRESS <percent>".
 */
#ifndef HLSDSE_JOBS_H
#define HLSDSE_JOBS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "core/error.h"

/* Seconds between SIGTERM and SIGKILL when a group is stopped. */
#define JOB_GRACE_S 2

/* Starts argv (argv[0] looked up in PATH; no shell) in cwd (NULL: ours)
 * as the leader of a new process group whose id is *pid. Its stdout and
 * stderr go to log_fd, stdin comes from /dev/null, the signals we may
 * have ignored or blocked are back to their defaults. */
int job_spawn(const char *const *argv, const char *cwd, int log_fd,
	      pid_t *pid, struct error *err);

/* Waits for child pid; timeout_s <= 0 waits for ever. On timeout its
 * group is stopped (SIGTERM, JOB_GRACE_S, SIGKILL) and reaped, and
 * *timed_out is set. *status is waitpid's. */
int job_wait(pid_t pid, int timeout_s, int *status, bool *timed_out,
	     struct error *err);

/* Sends sig to the process group pgid; 0 when sent or when the group is
 * already gone. */
int job_signal_group(pid_t pgid, int sig);

/* Stops the process group pgid: SIGTERM, then SIGKILL once JOB_GRACE_S
 * have passed while members remain. When the leader is our child it is
 * reaped. */
void job_kill_group(pid_t pgid);

/* True while any process is in group pgid. */
bool job_group_alive(pid_t pgid);

enum job_line {
	JOB_LINE_OTHER,
	JOB_LINE_STAGE,		/* "STAGE name": name in stage */
	JOB_LINE_PROGRESS,	/* "PROGRESS 42": 42 in *progress (0..100) */
};

/* Classifies one log line (without its newline). */
enum job_line job_parse_line(const char *line, char *stage, size_t n,
			     double *progress);

#endif
