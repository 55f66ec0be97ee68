/*
 * jobs.c - child processes of a run (tmux job.c, git run-command.c):
 * posix_spawnp with the log file dup'ed onto stdout and stderr, stdin
 * from /dev/null, a new process group (POSIX_SPAWN_SETPGROUP, 0) and
 * default signal dispositions and an empty mask. A timeout or cancel
 * kills the whole group: SIGTERM, a grace period, then SIGKILL; a
 * killed shell's grandchildren go with it.
 */
/* posix_spawn_file_actions_addchdir_np (glibc 2.29+) is a GNU extension. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "backends/jobs.h"

extern char **environ;

#define JOB_TICK_MS 50

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The attributes: own group, default signals, nothing blocked. */
static int spawn_attr(posix_spawnattr_t *a)
{
	static const int defaults[] = { SIGINT, SIGTERM, SIGPIPE, SIGCHLD,
					SIGHUP, SIGQUIT };
	sigset_t def, none;
	int rc;

	sigemptyset(&def);
	for (size_t i = 0; i < sizeof(defaults) / sizeof(defaults[0]); i++)
		sigaddset(&def, defaults[i]);
	sigemptyset(&none);
	rc = posix_spawnattr_init(a);
	if (rc == 0)
		rc = posix_spawnattr_setflags(a, POSIX_SPAWN_SETPGROUP |
					      POSIX_SPAWN_SETSIGDEF |
					      POSIX_SPAWN_SETSIGMASK);
	if (rc == 0)
		rc = posix_spawnattr_setpgroup(a, 0);
	if (rc == 0)
		rc = posix_spawnattr_setsigdefault(a, &def);
	if (rc == 0)
		rc = posix_spawnattr_setsigmask(a, &none);
	return rc;
}

/* The file actions: stdin from /dev/null, log_fd on 1 and 2, cwd. */
static int spawn_actions(posix_spawn_file_actions_t *fa, const char *cwd,
			 int log_fd)
{
	int rc = posix_spawn_file_actions_init(fa);

	if (rc == 0)
		rc = posix_spawn_file_actions_addopen(fa, 0, "/dev/null",
						      O_RDONLY, 0);
	if (rc == 0)
		rc = posix_spawn_file_actions_adddup2(fa, log_fd, 1);
	if (rc == 0)
		rc = posix_spawn_file_actions_adddup2(fa, log_fd, 2);
	if (rc == 0 && cwd)
		rc = posix_spawn_file_actions_addchdir_np(fa, cwd);
	return rc;
}

int job_spawn(const char *const *argv, const char *cwd, int log_fd,
	      pid_t *pid, struct error *err)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	int rc;

	*pid = 0;
	if (!argv || !argv[0])
		return error_set(err, "an empty command");
	rc = spawn_attr(&attr);
	if (rc != 0)
		return error_set(err, "unable to set up '%s': %s", argv[0],
				 strerror(rc));
	rc = spawn_actions(&fa, cwd, log_fd);
	if (rc == 0)
		rc = posix_spawnp(pid, argv[0], &fa, &attr,
				  (char *const *)argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&attr);
	if (rc != 0) {
		*pid = 0;
		return error_set(err, "unable to run '%s': %s", argv[0],
				 strerror(rc));
	}
	return 0;
}

int job_signal_group(pid_t pgid, int sig)
{
	if (pgid <= 0)
		return -1;
	return kill(-pgid, sig) == 0 || errno == ESRCH ? 0 : -1;
}

bool job_group_alive(pid_t pgid)
{
	return pgid > 0 && (kill(-pgid, 0) == 0 || errno == EPERM);
}

/* Reaps pgid if it is our child and has ended; true once it is gone
 * (reaped now, or not our child). */
static bool reap_nohang(pid_t pgid, int *status)
{
	pid_t r;

	do
		r = waitpid(pgid, status, WNOHANG);
	while (r < 0 && errno == EINTR);
	return r == pgid || (r < 0 && errno == ECHILD);
}

void job_kill_group(pid_t pgid)
{
	double end = now_s() + JOB_GRACE_S;
	int status;

	if (pgid <= 0)
		return;
	job_signal_group(pgid, SIGTERM);
	while (now_s() < end) {
		reap_nohang(pgid, &status);
		if (!job_group_alive(pgid))
			return;
		sleep_ms(JOB_TICK_MS);
	}
	job_signal_group(pgid, SIGKILL);
	while (waitpid(pgid, &status, 0) < 0 && errno == EINTR)
		;
}

int job_wait(pid_t pid, int timeout_s, int *status, bool *timed_out,
	     struct error *err)
{
	double end = now_s() + timeout_s;

	*timed_out = false;
	for (;;) {
		pid_t r = waitpid(pid, status, WNOHANG);

		if (r == pid)
			break;
		if (r < 0 && errno != EINTR)
			return error_set(err, "unable to wait for process %ld:"
					 " %s", (long)pid, strerror(errno));
		if (timeout_s > 0 && now_s() >= end) {
			*timed_out = true;
			job_kill_group(pid);
			*status = 0;
			return 0;
		}
		sleep_ms(JOB_TICK_MS);
	}
	/* Whatever the leader left behind in its group goes too. */
	job_signal_group(pid, SIGKILL);
	return 0;
}

enum job_line job_parse_line(const char *line, char *stage, size_t n,
			     double *progress)
{
	const char *p;
	char *end;
	double v;

	if (strncmp(line, "STAGE ", 6) == 0) {
		size_t len;

		for (p = line + 6; *p == ' '; p++)
			;
		len = strcspn(p, " \t\r");
		if (len == 0 || len >= n || p[len + strspn(p + len, " \t\r")])
			return JOB_LINE_OTHER;
		memcpy(stage, p, len);
		stage[len] = '\0';
		return JOB_LINE_STAGE;
	}
	if (strncmp(line, "PROGRESS ", 9) == 0) {
		errno = 0;
		v = strtod(line + 9, &end);
		if (end == line + 9 || errno || !(v >= 0 && v <= 100))
			return JOB_LINE_OTHER;
		while (*end == ' ' || *end == '\t' || *end == '\r' ||
		       *end == '%')
			end++;
		if (*end)
			return JOB_LINE_OTHER;
		*progress = v;
		return JOB_LINE_PROGRESS;
	}
	return JOB_LINE_OTHER;
}
