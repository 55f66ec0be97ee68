/*
 * worker.c - the project's worker. One per project: runs/worker.lock is
 * held with flock for the worker's lifetime. At start the runs of a dead
 * worker are failed ("worker died") and their leftover process groups
 * killed: holding the lock, the worker knows every other worker is gone
 * (a pid check alone would be fooled by a reused pid). Then one loop, every WORKER_TICK_MS: claim queued runs up to
 * the job limit (each claim is one atomic UPDATE in the store), and for
 * each active run read new log lines (STAGE/PROGRESS into the store),
 * notice a cancel made in the store, stop a step past its time limit
 * (SIGTERM to its group, SIGKILL after JOB_GRACE_S) and reap a finished
 * step with waitpid(WNOHANG), starting the next one. A run's steps run
 * in sequence in runs/<id>/, output appended to runs/<id>/log.txt; after
 * the last one the backend collects result.json, which is ingested. The
 * store is never held locked across a tick: every write is a short
 * transaction.
 */
/* posix_spawn's POSIX_SPAWN_SETSID is a GNU extension. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "backends/backend.h"
#include "backends/jobs.h"
#include "backends/report.h"
#include "backends/worker.h"
#include "core/fileio.h"
#include "core/keras.h"
#include "core/xalloc.h"
#include "projects/project.h"
#include "projects/snapshot.h"

extern char **environ;

#define WORKER_STORE_RETRIES 10	/* failed ticks in a row before giving up */
#define LINE_MAX_LEN 512	/* longer log lines are not progress lines */
#define DESIGN_JSON_NAME "design:%ld"

enum stop { STOP_NONE, STOP_CANCEL, STOP_TIMEOUT, STOP_SHUTDOWN };

/* One active run. */
struct slot {
	long id;
	char *dir;		/* absolute runs/<id> */
	int log_fd;		/* log.txt, O_APPEND, read with pread */
	off_t log_off;
	char line[LINE_MAX_LEN];
	size_t line_len;
	bool line_long;
	struct step *steps;
	int n_steps, cur;
	bool test;		/* steps from HLSDSE_TEST_STEPS */
	const struct backend *be;
	struct design d;
	bool have_design;
	long limit_s;		/* a step's time limit unless it sets one */
	pid_t pgid;		/* the current step's group; 0 when none */
	double deadline;	/* the current step's time limit */
	enum stop stop;
	double kill_at;		/* when SIGKILL follows SIGTERM; 0: not sent */
	char stage[64];
	double progress;
	bool dirty;		/* stage or progress to record */
};

struct worker {
	char *dir;		/* absolute project directory */
	struct store *st;
	long pid;
	int jobs;
	struct slot *slots;
	int n_active;
	struct project p;
	struct model m;
	bool have_project;	/* p opened (at the first run) */
	char *project_error;	/* why it could not be */
	bool have_model;	/* m loaded (at the first backend run) */
	char *model_error;	/* why it could not be */
	char *model_path;	/* absolute paths of p's model files */
	char *weights_path;	/* or NULL */
	const char *test_steps;
};

static volatile sig_atomic_t stop_signal;

static void on_stop(int sig)
{
	stop_signal = sig;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

bool worker_pid_alive(long pid)
{
	return pid > 0 && (kill((pid_t)pid, 0) == 0 || errno != ESRCH);
}

/* Appends a formatted line to a run's log (best effort). */
__attribute__((format(printf, 2, 3)))
static void log_note(int fd, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(buf))
		n = sizeof(buf) - 1;
	if (write(fd, buf, (size_t)n) < 0)
		return;
}

/* Opens (creating) the project's lock file; -1 with err. */
static int lock_open(const char *dir, struct error *err)
{
	char *path = xasprintf("%s/runs/worker.lock", dir);
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);

	if (fd < 0)
		error_set(err, "unable to open '%s': %s", path,
			  strerror(errno));
	free(path);
	return fd;
}

/* Takes the lock without waiting: 0 taken, 1 held by another, -1. */
static int lock_take(int fd, const char *dir, struct error *err)
{
	if (flock(fd, LOCK_EX | LOCK_NB) == 0)
		return 0;
	if (errno == EWOULDBLOCK)
		return 1;
	return error_set(err, "unable to lock '%s/runs/worker.lock': %s",
			 dir, strerror(errno));
}

int worker_ingest(struct store *s, long run_id, const char *run_dir,
		  struct error *err)
{
	char *path = fileio_join(run_dir, "result.json");
	struct run_result r;
	int rc;

	memset(&r, 0, sizeof(r));
	rc = result_read(path, &r, err);
	free(path);
	for (int i = 0; rc == 0 && i < r.n_sets; i++)
		rc = store_metrics_add(s, run_id, true, r.sets[i].source,
				       r.sets[i].m, r.sets[i].n, err);
	if (rc == 0 && r.tool_version)
		rc = store_run_tool_version(s, run_id, r.tool_version, err);
	run_result_release(&r);
	return rc;
}

/* The path of the file holding the process group of run dir's current
 * step (removed when the step has been reaped). */
static char *pgid_path(const char *dir)
{
	return fileio_join(dir, "step.pgid");
}

/* Kills the leftover process group of a run whose worker died: the
 * group recorded in its step.pgid, if that group's leader still works
 * in the run's directory (so a reused pid is left alone). */
static void orphan_kill(const char *run_dir)
{
	char *path = pgid_path(run_dir), *text = NULL, link[64];
	char cwd[PATH_MAX], real[PATH_MAX];
	size_t len;
	ssize_t n;
	long pgid;

	if (fileio_read(path, 64, &text, &len, NULL) < 0) {
		free(path);
		return;
	}
	pgid = strtol(text, NULL, 10);
	snprintf(link, sizeof(link), "/proc/%ld/cwd", pgid);
	n = readlink(link, cwd, sizeof(cwd) - 1);
	if (pgid > 1 && n > 0 && realpath(run_dir, real)) {
		cwd[n] = '\0';
		if (strcmp(cwd, real) == 0)
			job_kill_group((pid_t)pgid);
	}
	unlink(path);
	free(text);
	free(path);
}

static long self_pid;

/* Whether the worker of a running run is alive, for a worker that holds
 * the project's lock: only itself can be (a recorded pid that exists now
 * may be another process's). */
static bool is_self(long pid)
{
	return pid == self_pid;
}

/* Fails the runs of dead workers, killing what their steps left. */
static int reap_dead(struct worker *w, struct error *err)
{
	struct run_row *r;
	int n, failed;

	self_pid = w->pid;
	if (store_runs_list(w->st, "running", NULL, false, &r, &n, err) < 0)
		return -1;
	for (int i = 0; i < n; i++)
		if (!is_self(r[i].worker_pid) && r[i].workdir) {
			char *d = fileio_join(w->dir, r[i].workdir);

			orphan_kill(d);
			free(d);
		}
	run_rows_free(r, n);
	return store_runs_reap(w->st, is_self, &failed, err);
}

/* The test hook's steps: the lines of HLSDSE_TEST_STEPS. */
static void test_steps(const char *spec, struct step **out, int *n)
{
	struct step *s = NULL;
	int len = 0;

	for (const char *p = spec;;) {
		const char *end = strstr(p, ";;");
		size_t l = end ? (size_t)(end - p) : strlen(p);

		s = xreallocarray(s, (size_t)len + 1, sizeof(*s));
		memset(&s[len], 0, sizeof(*s));
		s[len].name = "test";
		s[len].argv[0] = xstrdup("/bin/sh");
		s[len].argv[1] = xstrdup("-c");
		s[len].argv[2] = xasprintf("%.*s", (int)l, p);
		len++;
		if (!end)
			break;
		p = end + 2;
	}
	*out = s;
	*n = len;
}

/* Opens the project once (for its time limits and model); a failure is
 * kept and given again to every run. */
static int project_meta(struct worker *w, struct error *err)
{
	if (w->have_project)
		return 0;
	if (w->project_error)
		return error_set(err, "%s", w->project_error);
	if (project_open(w->dir, &w->p, err) < 0) {
		w->project_error = xstrdup(err->msg);
		return -1;
	}
	w->have_project = true;
	return 0;
}

/* Loads the project's model once, for backend runs. */
static int project_load(struct worker *w, struct error *err)
{
	char *model, *weights = NULL;

	if (w->have_model)
		return 0;
	if (project_meta(w, err) < 0)
		return -1;
	if (w->model_error)
		return error_set(err, "%s", w->model_error);
	model_init(&w->m);
	model = fileio_join(w->dir, w->p.model);
	if (w->p.weights)
		weights = fileio_join(w->dir, w->p.weights);
	if (keras_load(&w->m, model, weights, err) < 0) {
		free(model);
		free(weights);
		w->model_error = xstrdup(err->msg);
		return -1;
	}
	w->model_path = model;
	w->weights_path = weights;
	w->have_model = true;
	return 0;
}

/* The run context of a backend run in slot sl. */
static struct run_ctx slot_ctx(const struct worker *w, const struct slot *sl)
{
	struct run_ctx rc = {
		.project_dir = w->dir,
		.run_dir = sl->dir,
		.run_id = sl->id,
		.d = &sl->d,
		.m = &w->m,
		.model_path = w->model_path,
		.weights_path = w->weights_path,
	};

	return rc;
}

/* Finds the backend, reads the run's design, prepares the run directory
 * and asks for the steps. */
static int backend_setup(struct worker *w, struct slot *sl,
			 const struct run_row *row, struct error *err)
{
	struct design_row dr;
	struct run_ctx rc;
	char why[512] = "";
	char src[32];
	int ret;

	sl->be = backend_find(row->backend);
	if (!sl->be)
		return error_set(err, "unknown backend '%s'", row->backend);
	if (sl->be->available && !sl->be->available(why, sizeof(why)))
		return error_set(err, "backend '%s' is not available: %s",
				 row->backend, why);
	if (project_load(w, err) < 0 ||
	    store_design_get(w->st, row->design_id, &dr, err) < 0)
		return -1;
	snprintf(src, sizeof(src), DESIGN_JSON_NAME, row->design_id);
	design_init(&sl->d);
	sl->have_design = true;
	ret = design_parse(&sl->d, dr.design_json, strlen(dr.design_json),
			   src, err);
	design_row_release(&dr);
	if (ret < 0)
		return -1;
	rc = slot_ctx(w, sl);
	if (sl->be->prepare(&rc, err) < 0 ||
	    sl->be->steps(&rc, &sl->steps, &sl->n_steps, err) < 0)
		return -1;
	return 0;
}

static void slot_release(struct slot *sl)
{
	for (int i = 0; i < sl->n_steps; i++)
		step_release(&sl->steps[i]);
	free(sl->steps);
	if (sl->have_design)
		design_release(&sl->d);
	if (sl->log_fd >= 0)
		close(sl->log_fd);
	free(sl->dir);
	memset(sl, 0, sizeof(*sl));
	sl->log_fd = -1;
}

/* Records stage and progress when they changed. */
static void flush_progress(struct worker *w, struct slot *sl)
{
	struct error err;

	if (!sl->dirty)
		return;
	if (store_run_progress(w->st, sl->id, sl->stage[0] ? sl->stage : NULL,
			       sl->progress, &err) < 0)
		fprintf(stderr, "hlsdse: warning: run:%ld: %s\n", sl->id,
			err.msg);
	sl->dirty = false;
}

/* Ends the run in slot sl (freeing the slot): a succeeding run is
 * collected and ingested first. */
static void slot_end(struct worker *w, struct slot *sl, bool ok,
		     bool has_exit, int code, const char *why)
{
	struct error err = { "" };
	char *res;

	flush_progress(w, sl);
	if (ok && sl->be && sl->be->collect) {
		struct run_ctx rc = slot_ctx(w, sl);

		if (sl->be->collect(&rc, &err) < 0 ||
		    worker_ingest(w->st, sl->id, sl->dir, &err) < 0) {
			ok = false;
			why = err.msg;
		}
	} else if (ok) {
		res = fileio_join(sl->dir, "result.json");
		if (fileio_is_file(res) &&
		    worker_ingest(w->st, sl->id, sl->dir, &err) < 0) {
			ok = false;
			why = err.msg;
		}
		free(res);
	}
	log_note(sl->log_fd, "== run %s%s%s\n", ok ? "succeeded" : "failed",
		 why ? ": " : "", why ? why : "");
	if (store_run_finish(w->st, sl->id, ok ? "succeeded" : "failed",
			     has_exit, code, ok ? NULL : why, &err) < 0)
		fprintf(stderr, "hlsdse: warning: run:%ld: %s\n", sl->id,
			err.msg);
	slot_release(sl);
	w->n_active--;
}

/* Starts the current step of sl; -1 with err when it cannot. */
static int step_start(struct slot *sl, struct error *err)
{
	struct step *s = &sl->steps[sl->cur];
	char *path, pid[24];
	int n;

	log_note(sl->log_fd, "== step %d/%d %s:", sl->cur + 1, sl->n_steps,
		 s->name);
	for (int i = 0; s->argv[i]; i++)
		log_note(sl->log_fd, " %s", s->argv[i]);
	log_note(sl->log_fd, "\n");
	if (job_spawn((const char *const *)s->argv, sl->dir, sl->log_fd,
		      &sl->pgid, err) < 0)
		return -1;
	n = snprintf(pid, sizeof(pid), "%ld\n", (long)sl->pgid);
	path = pgid_path(sl->dir);
	fileio_write_atomic(path, pid, (size_t)n, NULL);
	free(path);
	sl->deadline = now_s() + (s->timeout_s > 0 ? s->timeout_s
				  : (double)sl->limit_s);
	sl->stop = STOP_NONE;
	sl->kill_at = 0;
	snprintf(sl->stage, sizeof(sl->stage), "%s", s->name);
	sl->dirty = true;
	return 0;
}

/* Takes one queued run into a free slot; *got says whether there was
 * one. A run that cannot start is ended failed at once. */
static int slot_claim(struct worker *w, bool *got, struct error *err)
{
	struct slot *sl = NULL;
	struct error why = { "" };
	struct run_row row;
	char *log;

	if (store_run_claim(w->st, w->pid, &row, got, err) < 0)
		return -1;
	if (!*got)
		return 0;
	for (int i = 0; i < w->jobs && !sl; i++)
		if (!w->slots[i].id)
			sl = &w->slots[i];
	sl->id = row.id;
	w->n_active++;
	sl->dir = fileio_join(w->dir, row.workdir);
	if (mkdir(sl->dir, 0755) < 0 && errno != EEXIST) {
		error_set(&why, "unable to create '%s': %s", sl->dir,
			  strerror(errno));
		goto fail;
	}
	log = fileio_join(sl->dir, "log.txt");
	sl->log_fd = open(log, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (sl->log_fd < 0)
		error_set(&why, "unable to open '%s': %s", log,
			  strerror(errno));
	free(log);
	if (sl->log_fd < 0)
		goto fail;
	sl->log_off = lseek(sl->log_fd, 0, SEEK_END);
	log_note(sl->log_fd, "== run:%ld design:%ld backend %s, worker %ld\n",
		 row.id, row.design_id, row.backend, w->pid);
	if (project_meta(w, &why) < 0)
		goto fail;
	sl->limit_s = project_timeout(&w->p, row.backend);
	if (sl->limit_s <= 0)
		sl->limit_s = WORKER_STEP_TIMEOUT_S;
	sl->test = w->test_steps != NULL;
	if (sl->test)
		test_steps(w->test_steps, &sl->steps, &sl->n_steps);
	else if (backend_setup(w, sl, &row, &why) < 0)
		goto fail;
	if (sl->n_steps == 0) {
		run_row_release(&row);
		slot_end(w, sl, true, false, 0, NULL);
		return 0;
	}
	if (step_start(sl, &why) < 0)
		goto fail;
	run_row_release(&row);
	return 0;
fail:
	run_row_release(&row);
	slot_end(w, sl, false, false, 0, why.msg);
	return 0;
}

/* Reads what was appended to sl's log since last time, taking STAGE and
 * PROGRESS lines. */
static void read_log(struct slot *sl)
{
	char buf[4096];
	ssize_t n;

	while ((n = pread(sl->log_fd, buf, sizeof(buf), sl->log_off)) > 0) {
		sl->log_off += n;
		for (ssize_t i = 0; i < n; i++) {
			char stage[sizeof(sl->stage)];
			double p;

			if (buf[i] != '\n') {
				if (sl->line_len + 1 < sizeof(sl->line))
					sl->line[sl->line_len++] = buf[i];
				else
					sl->line_long = true;
				continue;
			}
			sl->line[sl->line_len] = '\0';
			switch (sl->line_long ? JOB_LINE_OTHER :
				job_parse_line(sl->line, stage, sizeof(stage),
					       &p)) {
			case JOB_LINE_STAGE:
				memcpy(sl->stage, stage, sizeof(stage));
				sl->dirty = true;
				break;
			case JOB_LINE_PROGRESS:
				sl->progress = p;
				sl->dirty = true;
				break;
			case JOB_LINE_OTHER:
				break;
			}
			sl->line_len = 0;
			sl->line_long = false;
		}
	}
}

/* Asks sl's current step to stop (SIGTERM to its group) for why. */
static void step_stop(struct slot *sl, enum stop why, double now)
{
	if (sl->stop != STOP_NONE)
		return;
	sl->stop = why;
	sl->kill_at = now + JOB_GRACE_S;
	log_note(sl->log_fd, "== %s: stopping process group %ld\n",
		 why == STOP_CANCEL ? "cancelled" : why == STOP_TIMEOUT
		 ? "timeout" : "worker stopping", (long)sl->pgid);
	job_signal_group(sl->pgid, SIGTERM);
}

/* Ends sl after its step exited with status (from waitpid). */
static void step_done(struct worker *w, struct slot *sl, int status)
{
	struct error err = { "" };
	const char *name = sl->steps[sl->cur].name;
	char why[256], *path;
	int code = WIFEXITED(status) ? WEXITSTATUS(status)
		: WIFSIGNALED(status) ? 128 + WTERMSIG(status) : -1;

	/* Whatever the step left in its group goes with it. */
	job_signal_group(sl->pgid, SIGKILL);
	sl->pgid = 0;
	path = pgid_path(sl->dir);
	unlink(path);
	free(path);
	read_log(sl);
	if (sl->stop == STOP_CANCEL) {
		log_note(sl->log_fd, "== run cancelled\n");
		slot_end(w, sl, false, true, code, "cancelled");
		return;
	}
	if (sl->stop == STOP_TIMEOUT || sl->stop == STOP_SHUTDOWN) {
		slot_end(w, sl, false, true, code, sl->stop == STOP_TIMEOUT
			 ? "timeout" : "worker stopped");
		return;
	}
	if (WIFEXITED(status) && code == 0) {
		if (++sl->cur == sl->n_steps) {
			slot_end(w, sl, true, true, 0, NULL);
		} else if (step_start(sl, &err) < 0) {
			slot_end(w, sl, false, false, 0, err.msg);
		}
		return;
	}
	if (WIFSIGNALED(status))
		snprintf(why, sizeof(why), "step %d '%s' was killed by signal"
			 " %d", sl->cur + 1, name, WTERMSIG(status));
	else
		snprintf(why, sizeof(why), "step %d '%s' exited with status"
			 " %d", sl->cur + 1, name, code);
	slot_end(w, sl, false, true, code, why);
}

/* One tick of an active run: log, cancel, time limit, reaping. */
static void slot_poll(struct worker *w, struct slot *sl, double now)
{
	struct run_row row;
	struct error err;
	int status;
	pid_t r;

	read_log(sl);
	if (sl->stop == STOP_NONE &&
	    store_run_get(w->st, sl->id, &row, &err) == 0) {
		if (strcmp(row.status, "cancelled") == 0)
			step_stop(sl, STOP_CANCEL, now);
		run_row_release(&row);
	}
	if (stop_signal)
		step_stop(sl, STOP_SHUTDOWN, now);
	if (now >= sl->deadline)
		step_stop(sl, STOP_TIMEOUT, now);
	r = waitpid(sl->pgid, &status, WNOHANG);
	if (r == sl->pgid) {
		step_done(w, sl, status);
		return;
	}
	if (sl->stop != STOP_NONE && now >= sl->kill_at)
		job_signal_group(sl->pgid, SIGKILL);
	flush_progress(w, sl);
}

/* Stops every active run at once (shutdown after a store failure). */
static void stop_all(struct worker *w)
{
	double now = now_s();

	for (int i = 0; i < w->jobs; i++)
		if (w->slots[i].id)
			step_stop(&w->slots[i], STOP_SHUTDOWN, now);
	while (w->n_active > 0) {
		for (int i = 0; i < w->jobs; i++)
			if (w->slots[i].id)
				slot_poll(w, &w->slots[i], now_s());
		sleep_ms(50);
	}
}

/* The claim/poll loop; -1 on a store failure. */
static int worker_loop(struct worker *w, bool once, struct error *err)
{
	double idle_since = 0, next_beat = 0;
	int failures = 0;
	bool drained;

	for (;;) {
		double now = now_s();
		bool got = true, failed = false;

		while (!stop_signal && w->n_active < w->jobs && got && !failed)
			failed = slot_claim(w, &got, err) < 0;
		drained = (!got && !failed) || stop_signal;
		for (int i = 0; i < w->jobs; i++)
			if (w->slots[i].id)
				slot_poll(w, &w->slots[i], now);
		if (now >= next_beat && !failed) {
			failed = w->n_active > 0 &&
				 store_run_heartbeat(w->st, w->pid, err) < 0;
			next_beat = now + 1;
		}
		/* A busy or failing store is retried for a while before the
		 * worker gives up (and stops its runs). */
		if (failed && ++failures >= WORKER_STORE_RETRIES)
			return -1;
		if (failed)
			fprintf(stderr, "hlsdse: warning: %s (retrying)\n",
				err->msg);
		else
			failures = 0;
		if (w->n_active == 0 && drained) {
			if (once || stop_signal)
				return 0;
			if (idle_since == 0)
				idle_since = now;
			else if (now - idle_since >= WORKER_IDLE_S)
				return 0;
		} else {
			idle_since = 0;
		}
		sleep_ms(WORKER_TICK_MS);
	}
}

/* SIGINT, SIGTERM and SIGHUP set stop_signal; old actions in old. */
static void signals_catch(struct sigaction old[3])
{
	static const int sigs[3] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;
	sigemptyset(&sa.sa_mask);
	for (int i = 0; i < 3; i++)
		sigaction(sigs[i], &sa, &old[i]);
}

static void signals_restore(const struct sigaction old[3])
{
	static const int sigs[3] = { SIGINT, SIGTERM, SIGHUP };

	for (int i = 0; i < 3; i++)
		sigaction(sigs[i], &old[i], NULL);
}

/* An absolute copy of dir. */
static char *abs_dir(const char *dir, struct error *err)
{
	char buf[PATH_MAX];

	if (!realpath(dir, buf)) {
		error_set(err, "unable to open project '%s': %s", dir,
			  strerror(errno));
		return NULL;
	}
	return xstrdup(buf);
}

int worker_run(const char *project_dir, int jobs, bool once, bool *busy,
	       struct error *err)
{
	struct sigaction old[3];
	struct worker w;
	char *db;
	int lock, rc;

	*busy = false;
	if (jobs < 1 || jobs > WORKER_JOBS_MAX)
		return error_set(err, "jobs must be between 1 and %d",
				 WORKER_JOBS_MAX);
	memset(&w, 0, sizeof(w));
	w.dir = abs_dir(project_dir, err);
	if (!w.dir)
		return -1;
	lock = lock_open(w.dir, err);
	rc = lock < 0 ? -1 : lock_take(lock, w.dir, err);
	if (rc != 0) {
		*busy = rc == 1;
		if (lock >= 0)
			close(lock);
		free(w.dir);
		return rc == 1 ? 0 : -1;
	}
	db = fileio_join(w.dir, "runs.db");
	rc = store_open(db, false, &w.st, err);
	free(db);
	if (rc < 0) {
		close(lock);
		free(w.dir);
		return -1;
	}
	w.pid = (long)getpid();
	w.jobs = jobs;
	w.slots = xcalloc((size_t)jobs, sizeof(*w.slots));
	for (int i = 0; i < jobs; i++)
		w.slots[i].log_fd = -1;
	w.test_steps = getenv("HLSDSE_TEST_STEPS");
	snap_global_init();
	stop_signal = 0;
	signals_catch(old);
	rc = reap_dead(&w, err);
	if (rc == 0)
		rc = worker_loop(&w, once, err);
	stop_all(&w);
	signals_restore(old);
	if (w.have_model) {
		model_release(&w.m);
		free(w.model_path);
		free(w.weights_path);
	}
	if (w.have_project)
		project_release(&w.p);
	snap_global_shutdown();
	free(w.project_error);
	free(w.model_error);
	free(w.slots);
	store_close(w.st);
	close(lock);
	free(w.dir);
	return rc;
}

/* Spawns `hlsdse worker dir` in a session of its own with stdio on
 * log_fd, from a child that exits at once (so the worker is not ours to
 * reap). */
static int spawn_detached(const char *dir, int log_fd, struct error *err)
{
	char *const argv[] = { "hlsdse", "worker", (char *)dir, NULL };
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	sigset_t def, none;
	int rc, status;
	pid_t mid, pid;

	sigfillset(&def);
	sigemptyset(&none);
	posix_spawnattr_init(&attr);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSID |
				 POSIX_SPAWN_SETSIGDEF |
				 POSIX_SPAWN_SETSIGMASK);
	posix_spawnattr_setsigdefault(&attr, &def);
	posix_spawnattr_setsigmask(&attr, &none);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, log_fd, 1);
	posix_spawn_file_actions_adddup2(&fa, log_fd, 2);
	/* dir is absolute: the worker pins no directory of the caller's. */
	posix_spawn_file_actions_addchdir_np(&fa, "/");
	mid = fork();
	if (mid == 0)
		_exit(posix_spawn(&pid, "/proc/self/exe", &fa, &attr, argv,
				  environ) == 0 ? 0 : 127);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&attr);
	if (mid < 0)
		return error_set(err, "unable to start a worker: %s",
				 strerror(errno));
	while ((rc = waitpid(mid, &status, 0)) < 0 && errno == EINTR)
		;
	if (rc < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return error_set(err, "unable to start a worker for '%s'", dir);
	return 0;
}

int worker_ensure(const char *project_dir, bool *started, struct error *err)
{
	char *dir, *path;
	int lock, log, rc;

	*started = false;
	dir = abs_dir(project_dir, err);
	if (!dir)
		return -1;
	lock = lock_open(dir, err);
	rc = lock < 0 ? -1 : lock_take(lock, dir, err);
	if (lock >= 0)
		close(lock);	/* a taken lock is released: the worker takes it */
	if (rc != 0) {
		free(dir);
		return rc == 1 ? 0 : -1;
	}
	path = fileio_join(dir, "runs/worker.log");
	log = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (log < 0)
		rc = error_set(err, "unable to open '%s': %s", path,
			       strerror(errno));
	else
		rc = spawn_detached(dir, log, err);
	if (log >= 0)
		close(log);
	*started = rc == 0;
	free(path);
	free(dir);
	return rc;
}
