/*
 * store_runs_test.c - runs in the SQLite store (projects/store.c): add,
 * claim, progress, finish, cancel, list and reap. Every state written is
 * read back through a second connection made with the sqlite3 library
 * itself; the expected orders and messages are written out by hand.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/xalloc.h"
#include "projects/store.h"

struct fix {
	char dir[64];
	char path[96];
	struct store *s;
	long d1, d2;
};

static struct store *open_ok(const char *path)
{
	struct store *s = NULL;
	struct error err = { "" };

	if (store_open(path, true, &s, &err) != 0)
		fail_msg("store_open '%s': %s", path, err.msg);
	return s;
}

/* Two designs: design 1 estimated at 40 DSP, design 2 at 20. */
static int setup(void **state)
{
	struct fix *f = xcalloc(1, sizeof(*f));
	struct metric m1 = { "", "dsp", 40 }, m2 = { "", "dsp", 20 };
	struct error err = { "" };
	bool existed;

	snprintf(f->dir, sizeof(f->dir), "/tmp/store_runs_test.XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->path, sizeof(f->path), "%s/runs.db", f->dir);
	f->s = open_ok(f->path);
	if (store_design_add(f->s, "1111111111111111111111111111111111111111",
			     "one", "{}", "estimate", &m1, 1, &f->d1, &existed,
			     &err) ||
	    store_design_add(f->s, "2222222222222222222222222222222222222222",
			     "two", "{}", "estimate", &m2, 1, &f->d2, &existed,
			     &err))
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fix *f = *state;
	const char *suffix[] = { "", "-wal", "-shm", "-journal" };
	char p[128];

	store_close(f->s);
	for (size_t i = 0; i < 4; i++) {
		snprintf(p, sizeof(p), "%s%s", f->path, suffix[i]);
		unlink(p);
	}
	rmdir(f->dir);
	free(f);
	return 0;
}

/* The first column of the first row of sql as text, through a separate
 * connection ("<none>" when there is no row, "<null>" for NULL). */
static char *raw_text(const char *path, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	char *v = xstrdup("<none>");

	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY,
					 NULL), SQLITE_OK);
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	if (sqlite3_step(st) == SQLITE_ROW) {
		const unsigned char *t = sqlite3_column_text(st, 0);

		free(v);
		v = xstrdup(t ? (const char *)t : "<null>");
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

static void expect_raw(const char *path, const char *sql, const char *want)
{
	char *got = raw_text(path, sql);

	if (strcmp(got, want) != 0)
		fail_msg("%s: got '%s', want '%s'", sql, got, want);
	free(got);
}

static long add_run(struct fix *f, long design)
{
	struct error err = { "" };
	long id = 0;

	if (store_run_add(f->s, design, "vitis", &id, &err) != 0)
		fail_msg("run add: %s", err.msg);
	return id;
}

static void claim_ok(struct fix *f, long pid, long want)
{
	struct run_row r;
	struct error err = { "" };
	bool got = false;

	if (store_run_claim(f->s, pid, &r, &got, &err) != 0)
		fail_msg("claim: %s", err.msg);
	assert_true(got);
	assert_int_equal(r.id, want);
	assert_string_equal(r.status, "running");
	assert_int_equal(r.worker_pid, pid);
	run_row_release(&r);
}

static void test_add_and_claim_order(void **state)
{
	struct fix *f = *state;
	struct error err = { "" };
	struct run_row r;
	bool got = true;
	long id;

	assert_int_equal(add_run(f, f->d1), 1);
	assert_int_equal(add_run(f, f->d2), 2);
	assert_int_equal(add_run(f, f->d1), 3);
	expect_raw(f->path, "SELECT group_concat(status) FROM runs",
		   "queued,queued,queued");
	/* The oldest queued run first, with everything a claim records. */
	assert_int_equal(store_run_claim(f->s, 4242, &r, &got, &err), 0);
	assert_true(got);
	assert_int_equal(r.id, 1);
	assert_int_equal(r.design_id, f->d1);
	assert_string_equal(r.commit, "1111111111111111111111111111111111111111");
	assert_string_equal(r.label, "one");
	assert_string_equal(r.backend, "vitis");
	assert_string_equal(r.workdir, "runs/1");
	assert_non_null(r.started_at);
	assert_null(r.finished_at);
	assert_false(r.has_exit_code);
	run_row_release(&r);
	expect_raw(f->path, "SELECT status || ' ' || worker_pid || ' ' ||"
		   " (heartbeat_at = started_at) FROM runs WHERE id = 1",
		   "running 4242 1");
	claim_ok(f, 4242, 2);
	claim_ok(f, 4243, 3);
	assert_int_equal(store_run_claim(f->s, 4242, &r, &got, &err), 0);
	assert_false(got);
	/* A run of a design that does not exist. */
	assert_int_equal(store_run_add(f->s, 99, "vitis", &id, &err), -1);
	assert_string_equal(err.msg, "no design:99");
	expect_raw(f->path, "SELECT count(*) FROM runs", "3");
}

static void test_progress_and_finish(void **state)
{
	struct fix *f = *state;
	struct error err = { "" };
	struct run_row r;

	add_run(f, f->d1);
	add_run(f, f->d1);
	claim_ok(f, 100, 1);
	assert_int_equal(store_run_progress(f->s, 1, "csynth", 42, &err), 0);
	/* NULL stage keeps the one recorded. */
	assert_int_equal(store_run_progress(f->s, 1, NULL, 50, &err), 0);
	expect_raw(f->path, "SELECT stage || ' ' || progress FROM runs"
		   " WHERE id = 1", "csynth 50.0");
	/* Progress of a run that is not running is not recorded. */
	assert_int_equal(store_run_progress(f->s, 2, "x", 1, &err), 0);
	expect_raw(f->path, "SELECT stage FROM runs WHERE id = 2", "<null>");
	assert_int_equal(store_run_heartbeat(f->s, 100, &err), 0);
	assert_int_equal(store_run_finish(f->s, 1, "failed", true, 3,
					  "step 'csynth' exited with status 3",
					  &err), 0);
	/* An ended run stays as it ended. */
	assert_int_equal(store_run_finish(f->s, 1, "succeeded", true, 0, NULL,
					  &err), 0);
	assert_int_equal(store_run_get(f->s, 1, &r, &err), 0);
	assert_string_equal(r.status, "failed");
	assert_true(r.has_exit_code);
	assert_int_equal(r.exit_code, 3);
	assert_string_equal(r.error, "step 'csynth' exited with status 3");
	assert_string_equal(r.stage, "csynth");
	assert_true(r.has_progress);
	assert_true(r.progress == 50);
	assert_non_null(r.finished_at);
	run_row_release(&r);
	assert_int_equal(store_run_finish(f->s, 2, "done", false, 0, NULL,
					  &err), -1);
	assert_string_equal(err.msg, "a run ends succeeded or failed, not"
			    " 'done'");
	assert_int_equal(store_run_get(f->s, 7, &r, &err), -1);
	assert_string_equal(err.msg, "no run:7");
}

static void test_cancel(void **state)
{
	struct fix *f = *state;
	struct error err = { "" };
	bool was = true;
	long pid = -1;

	add_run(f, f->d1);
	add_run(f, f->d1);
	claim_ok(f, 777, 1);
	/* Queued: cancelled at once, with its end time. */
	assert_int_equal(store_run_cancel(f->s, 2, &was, &pid, &err), 0);
	assert_false(was);
	assert_int_equal(pid, 0);
	expect_raw(f->path, "SELECT status || ' ' || (finished_at IS NOT NULL)"
		   " FROM runs WHERE id = 2", "cancelled 1");
	/* Running: marked, the worker's pid handed back, not yet ended. */
	assert_int_equal(store_run_cancel(f->s, 1, &was, &pid, &err), 0);
	assert_true(was);
	assert_int_equal(pid, 777);
	expect_raw(f->path, "SELECT status || ' ' || (finished_at IS NULL)"
		   " FROM runs WHERE id = 1", "cancelled 1");
	/* The worker's finish keeps it cancelled and records the end. */
	assert_int_equal(store_run_finish(f->s, 1, "failed", true, -15,
					  "killed", &err), 0);
	expect_raw(f->path, "SELECT status || ' ' || exit_code || ' ' ||"
		   " coalesce(error, '-') || ' ' || (finished_at IS NOT NULL)"
		   " FROM runs WHERE id = 1", "cancelled -15 - 1");
	assert_int_equal(store_run_cancel(f->s, 1, &was, &pid, &err), -1);
	assert_string_equal(err.msg, "run:1 has already ended (cancelled)");
	assert_int_equal(store_run_cancel(f->s, 9, &was, &pid, &err), -1);
	assert_string_equal(err.msg, "no run:9");
}

static void list_ids(struct fix *f, const char *status, const char *key,
		     bool desc, const char *want)
{
	struct run_row *r = NULL;
	struct error err = { "" };
	char got[128] = "";
	int n = 0;

	if (store_runs_list(f->s, status, key, desc, &r, &n, &err) != 0)
		fail_msg("list: %s", err.msg);
	for (int i = 0; i < n; i++)
		snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s%ld",
			 i ? "," : "", r[i].id);
	run_rows_free(r, n);
	if (strcmp(got, want) != 0)
		fail_msg("list %s %s: got '%s', want '%s'", status ? status : "",
			 key ? key : "", got, want);
}

static void test_list(void **state)
{
	struct fix *f = *state;
	struct metric m1 = { "", "dsp", 30 }, m2 = { "", "dsp", 10 };
	struct metric layer = { "fc1", "dsp", 1 };
	struct error err = { "" };
	struct run_row *r;
	int n;

	add_run(f, f->d1);	/* 1: csynth dsp 30, estimate 40 */
	add_run(f, f->d2);	/* 2: csynth dsp 10, estimate 20 */
	add_run(f, f->d1);	/* 3: no csynth, estimate 40 */
	add_run(f, f->d2);	/* 4: no csynth, estimate 20 */
	assert_int_equal(store_metrics_add(f->s, 1, true, "csynth", &m1, 1,
					   &err), 0);
	assert_int_equal(store_metrics_add(f->s, 2, true, "csynth", &m2, 1,
					   &err), 0);
	/* A layer's value must not count as the whole design's. */
	assert_int_equal(store_metrics_add(f->s, 3, true, "csynth", &layer, 1,
					   &err), 0);
	claim_ok(f, 5, 1);
	list_ids(f, NULL, NULL, false, "1,2,3,4");
	list_ids(f, "queued", NULL, false, "2,3,4");
	list_ids(f, "running", NULL, false, "1");
	list_ids(f, "failed", NULL, false, "");
	/* csynth dsp: 10 (2), 30 (1), then the runs without it by id. */
	list_ids(f, NULL, "dsp", false, "2,1,3,4");
	list_ids(f, NULL, "csynth.dsp", true, "1,2,3,4");
	/* estimate dsp from the designs: 20 (2, 4), 40 (1, 3). */
	list_ids(f, NULL, "estimate.dsp", false, "2,4,1,3");
	list_ids(f, NULL, "estimate.dsp", true, "1,3,2,4");
	assert_int_equal(store_runs_list(f->s, NULL, "time.dsp", false, &r,
					 &n, &err), -1);
	assert_string_equal(err.msg, "unknown metric source 'time' (estimate,"
			    " csynth, impl, sim or yosys)");
}

static bool alive_111(long pid)
{
	return pid == 111;
}

static void test_reap(void **state)
{
	struct fix *f = *state;
	struct error err = { "" };
	bool was;
	long pid;
	int n = -1;

	add_run(f, f->d1);
	add_run(f, f->d1);
	add_run(f, f->d1);
	add_run(f, f->d1);
	claim_ok(f, 111, 1);
	claim_ok(f, 222, 2);
	claim_ok(f, 222, 3);
	/* Run 3 cancelled while its worker (222) was alive. */
	assert_int_equal(store_run_cancel(f->s, 3, &was, &pid, &err), 0);
	assert_int_equal(store_runs_reap(f->s, alive_111, &n, &err), 0);
	assert_int_equal(n, 1);
	expect_raw(f->path, "SELECT group_concat(id || ':' || status || ':' ||"
		   " coalesce(error, '-') || ':' || (finished_at IS NOT NULL),"
		   " ' ') FROM (SELECT * FROM runs ORDER BY id)",
		   "1:running:-:0 2:failed:worker died:1 3:cancelled:-:1"
		   " 4:queued:-:0");
	/* Nothing left to reap. */
	assert_int_equal(store_runs_reap(f->s, alive_111, &n, &err), 0);
	assert_int_equal(n, 0);
	expect_raw(f->path, "PRAGMA integrity_check", "ok");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_add_and_claim_order,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_progress_and_finish,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_cancel, setup, teardown),
		cmocka_unit_test_setup_teardown(test_list, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reap, setup, teardown),
	};

	return cmocka_run_group_tests_name("store_runs", tests, NULL, NULL);
}
