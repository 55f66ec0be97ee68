/*
 * jobs_test.c - child processes of a run (backends/jobs.c) with real
 * processes: what a spawned step sees (its own process group, the run
 * directory, stdin from /dev/null, default signals, nothing blocked,
 * stdout and stderr in the log), what a timeout leaves (no live member
 * of the group, read from /proc), and the progress line parser against
 * lines written out by hand.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "backends/jobs.h"
#include "core/fileio.h"

static void test_parse_line(void **state)
{
	char stage[16];
	double p = -1;

	(void)state;
	assert_int_equal(job_parse_line("STAGE csynth", stage, sizeof(stage),
					&p), JOB_LINE_STAGE);
	assert_string_equal(stage, "csynth");
	assert_int_equal(job_parse_line("STAGE  cosim \r", stage,
					sizeof(stage), &p), JOB_LINE_STAGE);
	assert_string_equal(stage, "cosim");
	assert_int_equal(job_parse_line("PROGRESS 42", stage, sizeof(stage),
					&p), JOB_LINE_PROGRESS);
	assert_true(p == 42);
	assert_int_equal(job_parse_line("PROGRESS 12.5%", stage,
					sizeof(stage), &p), JOB_LINE_PROGRESS);
	assert_true(p == 12.5);
	/* Not progress lines: p and stage keep their values. */
	static const char *const other[] = {
		"STAGE two words", "STAGE ", "STAGE a_stage_name_too_long",
		"PROGRESS 101", "PROGRESS -1", "PROGRESS nan", "PROGRESS",
		"PROGRESS 5 done", "progress 5", "INFO: PROGRESS 5",
		" STAGE x",
	};
	for (size_t i = 0; i < sizeof(other) / sizeof(other[0]); i++)
		if (job_parse_line(other[i], stage, sizeof(stage), &p) !=
		    JOB_LINE_OTHER)
			fail_msg("'%s' taken as a progress line", other[i]);
	assert_true(p == 12.5);
	assert_string_equal(stage, "cosim");
}

/* The log's text (NUL-terminated) in a static buffer. */
static const char *log_text(int fd)
{
	static char buf[4096];
	ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);

	buf[n > 0 ? n : 0] = '\0';
	return buf;
}

/* Spawns argv in dir with output to fd, as a worker might: SIGTERM
 * ignored and SIGINT blocked in the parent; returns the exit status. */
static int spawn_wait(const char *const *argv, const char *dir, int fd,
		      pid_t *pid)
{
	struct sigaction ign = { .sa_handler = SIG_IGN }, old;
	struct error err = { "" };
	sigset_t block, oldmask;
	int status;

	sigaction(SIGTERM, &ign, &old);
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigprocmask(SIG_BLOCK, &block, &oldmask);
	if (job_spawn(argv, dir, fd, pid, &err) != 0)
		fail_msg("spawn: %s", err.msg);
	sigaction(SIGTERM, &old, NULL);
	sigprocmask(SIG_SETMASK, &oldmask, NULL);
	assert_int_equal(waitpid(*pid, &status, 0), *pid);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

static void test_spawn_environment(void **state)
{
	char dir[] = "/tmp/jobs_test.XXXXXX", real[PATH_MAX], want[8192];
	char logp[64];
	/* $$ is the shell's pid; field 5 of /proc/PID/stat its group. */
	const char *const argv[] = { "sh", "-c",
		"echo pid=$$; echo pgid=$(cut -d' ' -f5 /proc/$$/stat);"
		" echo cwd=$(pwd);"
		" read x; echo read=$?; echo err >&2; exit 7", NULL };
	/* Spawned directly (a shell blocks signals while it forks). */
	const char *const masks[] = { "grep", "-E", "^Sig(Blk|Ign)",
		"/proc/self/status", NULL };
	const char *text, *blk, *igns;
	int fd;
	pid_t pid;

	(void)state;
	assert_non_null(mkdtemp(dir));
	assert_non_null(realpath(dir, real));
	snprintf(logp, sizeof(logp), "%s/log.txt", dir);
	fd = open(logp, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	assert_true(fd >= 0);
	assert_int_equal(spawn_wait(argv, dir, fd, &pid), 7);
	snprintf(want, sizeof(want), "pid=%ld\npgid=%ld\ncwd=%s\nread=1\n"
		 "err\n", (long)pid, (long)pid, real);
	assert_string_equal(log_text(fd), want);
	assert_int_equal(ftruncate(fd, 0), 0);
	assert_int_equal(spawn_wait(masks, dir, fd, &pid), 0);
	text = log_text(fd);
	/* The signal masks, in hex, one bit per signal (bit n-1 for n);
	 * signals 32 and up are glibc's own. */
	blk = strstr(text, "SigBlk:\t");
	igns = strstr(text, "SigIgn:\t");
	assert_non_null(blk);
	assert_non_null(igns);
	assert_int_equal(strtoull(blk + 8, NULL, 16) & 0x7fffffffu, 0);
	assert_int_equal(strtoull(igns + 8, NULL, 16) &
			 (1u << (SIGTERM - 1) | 1u << (SIGINT - 1) |
			  1u << (SIGPIPE - 1) | 1u << (SIGHUP - 1)), 0);
	close(fd);
	unlink(logp);
	rmdir(dir);
}

static void test_spawn_missing(void **state)
{
	const char *const argv[] = { "hlsdse-no-such-tool", NULL };
	struct error err = { "" };
	pid_t pid = 1;

	(void)state;
	assert_int_equal(job_spawn(argv, NULL, 2, &pid, &err), -1);
	assert_int_equal(pid, 0);
	assert_string_equal(err.msg, "unable to run 'hlsdse-no-such-tool':"
			    " No such file or directory");
}

/* Live (not zombie) processes in group pgid, from /proc. */
static int group_members(pid_t pgid)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d))) {
		char path[300], buf[512], *rp, state;
		long pg;
		size_t len;
		FILE *f;

		if (e->d_name[0] < '0' || e->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/stat", e->d_name);
		f = fopen(path, "r");
		if (!f)
			continue;
		len = fread(buf, 1, sizeof(buf) - 1, f);
		fclose(f);
		buf[len] = '\0';
		rp = strrchr(buf, ')');
		if (rp && sscanf(rp + 1, " %c %*d %ld", &state, &pg) == 2 &&
		    pg == pgid && state != 'Z')
			n++;
	}
	closedir(d);
	return n;
}

static void test_timeout_kills_group(void **state)
{
	/* The shell and both sleeps ignore SIGTERM: only SIGKILL ends them. */
	const char *const argv[] = { "sh", "-c",
		"trap '' TERM; sleep 60 & sleep 60", NULL };
	struct error err = { "" };
	bool timed_out = false;
	int status = -1;
	pid_t pid;

	(void)state;
	if (job_spawn(argv, NULL, 2, &pid, &err) != 0)
		fail_msg("spawn: %s", err.msg);
	assert_int_equal(job_wait(pid, 1, &status, &timed_out, &err), 0);
	assert_true(timed_out);
	/* SIGKILL is sent; the kernel may take a moment to finish the
	 * members off (up to 5 s here, a bound, not a measurement). */
	for (int i = 0; i < 500 && group_members(pid) > 0; i++)
		usleep(10000);
	assert_int_equal(group_members(pid), 0);
	/* The leader was reaped: it is no longer our child. */
	assert_int_equal(waitpid(pid, &status, WNOHANG), -1);
}

static void test_wait_exit(void **state)
{
	const char *const argv[] = { "sh", "-c", "exit 3", NULL };
	struct error err = { "" };
	bool timed_out = true;
	int status = -1;
	pid_t pid;

	(void)state;
	assert_int_equal(job_spawn(argv, NULL, 2, &pid, &err), 0);
	assert_int_equal(job_wait(pid, 0, &status, &timed_out, &err), 0);
	assert_false(timed_out);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_line),
		cmocka_unit_test(test_spawn_environment),
		cmocka_unit_test(test_spawn_missing),
		cmocka_unit_test(test_timeout_kills_group),
		cmocka_unit_test(test_wait_exit),
	};

	return cmocka_run_group_tests_name("jobs", tests, NULL, NULL);
}
