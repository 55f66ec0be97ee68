/*
 * store_test.c - the SQLite run store (projects/store.c). Every expected
 * value is read back through a second, independent connection made with
 * the sqlite3 library itself (schema, user_version, row counts), or is
 * written out by hand in the test (sort orders, messages). Refused files
 * are compared byte for byte before and after the attempt.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/fileio.h"
#include "core/xalloc.h"
#include "projects/store.h"

struct fix {
	char dir[64];
	char path[96];
};

static int setup(void **state)
{
	struct fix *f = xcalloc(1, sizeof(*f));

	snprintf(f->dir, sizeof(f->dir), "/tmp/store_test.XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->path, sizeof(f->path), "%s/runs.db", f->dir);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fix *f = *state;
	const char *suffix[] = { "", "-wal", "-shm", "-journal" };
	char p[128];

	for (size_t i = 0; i < 4; i++) {
		snprintf(p, sizeof(p), "%s%s", f->path, suffix[i]);
		unlink(p);
	}
	rmdir(f->dir);
	free(f);
	return 0;
}

/* The first column of the first row of sql, through a separate
 * connection (-1 when there is no row). */
static long raw_int(const char *path, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	long v = -1;

	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE,
					 NULL), SQLITE_OK);
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	if (sqlite3_step(st) == SQLITE_ROW)
		v = (long)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

static void raw_exec(const char *path, const char *sql)
{
	sqlite3 *db;

	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE |
					 SQLITE_OPEN_CREATE, NULL), SQLITE_OK);
	if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	sqlite3_close(db);
}

static struct store *open_ok(const char *path, bool create)
{
	struct store *s = NULL;
	struct error err = { "" };

	if (store_open(path, create, &s, &err) != 0)
		fail_msg("store_open '%s': %s", path, err.msg);
	assert_non_null(s);
	return s;
}

static long add_ok(struct store *s, const char *commit, const char *label,
		   const struct metric *m, int n)
{
	struct error err = { "" };
	bool existed = true;
	long id = 0;

	if (store_design_add(s, commit, label, "{\"format\":1}", "estimate",
			     m, n, &id, &existed, &err) != 0)
		fail_msg("add '%s': %s", commit, err.msg);
	assert_false(existed);
	assert_true(id > 0);
	return id;
}

static void test_create_and_reopen(void **state)
{
	struct fix *f = *state;
	struct store *s = open_ok(f->path, true);

	store_close(s);
	/* The schema as another connection sees it. */
	assert_int_equal(raw_int(f->path, "PRAGMA user_version"),
			 STORE_VERSION);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM sqlite_schema"
				 " WHERE type = 'table' AND name IN ('designs',"
				 " 'runs', 'metrics', 'tags')"), 4);
	/* WAL is a property of the file; the others are not persisted. */
	assert_int_equal(raw_int(f->path, "SELECT journal_mode = 'wal'"
				 " FROM pragma_journal_mode"), 1);
	/* The two metric indexes the list and metric queries rely on. */
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM sqlite_schema"
				 " WHERE type = 'index' AND sql LIKE"
				 " '%metrics(design_id, source, layer, key)%'"),
			 1);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM sqlite_schema"
				 " WHERE type = 'index' AND sql LIKE"
				 " '%metrics(run_id, source, layer, key)%'"), 1);
	/* STRICT tables: every table's CREATE statement ends in STRICT. */
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM sqlite_schema"
				 " WHERE type = 'table' AND sql LIKE '%STRICT'"),
			 4);
	s = open_ok(f->path, false);
	store_close(s);
	assert_int_equal(raw_int(f->path, "PRAGMA user_version"),
			 STORE_VERSION);
}

static void test_design_add_get(void **state)
{
	struct fix *f = *state;
	struct store *s = open_ok(f->path, true);
	const struct metric m[] = {
		{ "", "dsp", 64 }, { "", "lut", 1200.5 }, { "fc1", "dsp", 32 },
	};
	struct design_row r;
	struct error err = { "" };
	bool existed = false;
	time_t now = time(NULL);
	struct tm tm = { 0 };
	long id, id2 = 0;
	char z = 0, extra = 0;

	id = add_ok(s, "0123456789abcdef0123456789abcdef01234567", "first", m,
		    3);
	assert_int_equal(id, 1);
	assert_int_equal(store_design_get(s, id, &r, &err), 0);
	assert_int_equal(r.id, 1);
	assert_string_equal(r.commit,
			    "0123456789abcdef0123456789abcdef01234567");
	assert_string_equal(r.label, "first");
	assert_string_equal(r.design_json, "{\"format\":1}");
	assert_null(r.sort_value);
	/* ISO 8601 UTC with seconds, and it is (about) now. */
	assert_int_equal(strlen(r.created_at), 20);
	assert_int_equal(sscanf(r.created_at, "%4d-%2d-%2dT%2d:%2d:%2d%c%c",
				&tm.tm_year, &tm.tm_mon, &tm.tm_mday,
				&tm.tm_hour, &tm.tm_min, &tm.tm_sec, &z,
				&extra), 7);
	assert_int_equal(z, 'Z');
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	assert_true(labs((long)(timegm(&tm) - now)) <= 5);
	design_row_release(&r);
	assert_null(r.label);

	/* The same commit again: nothing added, label updated. */
	assert_int_equal(store_design_add(s, "0123456789abcdef0123456789abcdef"
					  "01234567", "renamed", "{}",
					  "estimate", m, 3, &id2, &existed,
					  &err), 0);
	assert_int_equal(id2, 1);
	assert_true(existed);
	/* An empty label leaves the label alone. */
	assert_int_equal(store_design_add(s, "0123456789abcdef0123456789abcdef"
					  "01234567", "", "{}", "estimate",
					  NULL, 0, &id2, &existed, &err), 0);
	assert_true(existed);
	assert_int_equal(store_design_get(s, 1, &r, &err), 0);
	assert_string_equal(r.label, "renamed");
	assert_string_equal(r.design_json, "{\"format\":1}");
	design_row_release(&r);

	id = add_ok(s, "abc", "", NULL, 0);
	assert_int_equal(id, 2);
	assert_int_equal(store_design_get(s, 99, &r, &err), -1);
	assert_string_equal(err.msg, "no design:99");
	assert_int_equal(store_design_add(s, "", "x", "{}", "estimate", NULL,
					  0, &id2, &existed, &err), -1);
	store_close(s);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM designs"), 2);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM metrics"), 3);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM metrics WHERE"
				 " design_id = 1 AND source = 'estimate' AND"
				 " layer = 'fc1' AND key = 'dsp' AND"
				 " value = 32.0"), 1);
}

/* Designs (id: estimate dsp, lut) for the list tests:
 *   1: dsp 30, lut 150     2: dsp 10, lut 300     3: no dsp (only a layer
 *   dsp of 1), lut 120     4: dsp 20, no lut      5: only csynth dsp 5
 * Ascending by estimate dsp: 2 (10), 4 (20), 1 (30), then the rows
 * without a design-level estimate dsp by id: 3, 5. */
static struct store *list_fixture(const char *path)
{
	struct store *s = open_ok(path, true);
	const struct metric m1[] = { { "", "dsp", 30 }, { "", "lut", 150 } };
	const struct metric m2[] = { { "", "dsp", 10 }, { "", "lut", 300 } };
	const struct metric m3[] = { { "fc1", "dsp", 1 }, { "", "lut", 120 } };
	const struct metric m4[] = { { "", "dsp", 20 } };
	const struct metric m5[] = { { "", "dsp", 5 } };
	struct error err = { "" };
	long id5;
	bool existed;

	add_ok(s, "c1", "one", m1, 2);
	add_ok(s, "c2", "two", m2, 2);
	add_ok(s, "c3", "three", m3, 2);
	add_ok(s, "c4", "four", m4, 1);
	assert_int_equal(store_design_add(s, "c5", "five", "{}", "csynth", m5,
					  1, &id5, &existed, &err), 0);
	return s;
}

static void expect_ids(struct store *s, const struct store_query *q,
		       const long *want, int n_want)
{
	struct design_row *r;
	struct error err = { "" };
	int n;

	if (store_designs_list(s, q, &r, &n, &err) != 0)
		fail_msg("list: %s", err.msg);
	assert_int_equal(n, n_want);
	for (int i = 0; i < n; i++) {
		if (r[i].id != want[i])
			fail_msg("row %d: id %ld, want %ld", i, r[i].id,
				 want[i]);
		assert_null(r[i].design_json);
	}
	design_rows_free(r, n);
}

static void test_list_sorted(void **state)
{
	struct fix *f = *state;
	struct store *s = list_fixture(f->path);
	struct store_query q = { .source = "estimate", .sort_key = "dsp" };
	const long asc[] = { 2, 4, 1, 3, 5 };
	const long desc[] = { 1, 4, 2, 5, 3 };
	const double want_val[] = { 10, 20, 30 };
	struct design_row *r;
	struct error err = { "" };
	int n;

	expect_ids(s, &q, asc, 5);
	assert_int_equal(store_designs_list(s, &q, &r, &n, &err), 0);
	assert_int_equal(n, 5);
	for (int i = 0; i < 3; i++) {
		assert_non_null(r[i].sort_value);
		assert_true(*r[i].sort_value == want_val[i]);
	}
	assert_null(r[3].sort_value);
	assert_null(r[4].sort_value);
	assert_string_equal(r[0].commit, "c2");
	assert_string_equal(r[0].label, "two");
	design_rows_free(r, n);

	/* Descending: 30, 20, 10; missing rows still last (by id, reversed). */
	q.desc = true;
	expect_ids(s, &q, desc, 5);

	/* csynth's dsp: only design 5 has one. */
	q.source = "csynth";
	q.desc = false;
	{
		const long want[] = { 5, 1, 2, 3, 4 };

		expect_ids(s, &q, want, 5);
	}
	store_close(s);
}

static void test_list_filter_limit(void **state)
{
	struct fix *f = *state;
	struct store *s = list_fixture(f->path);
	struct store_query q = { .source = "estimate", .sort_key = "dsp",
				 .filter_key = "lut", .has_min = true,
				 .min = 120, .has_max = true, .max = 150 };

	/* lut in [120, 150]: designs 1 (150) and 3 (120); bounds inclusive;
	 * 1 has dsp 30, 3 has none, so 1 comes first. */
	{
		const long want[] = { 1, 3 };

		expect_ids(s, &q, want, 2);
	}
	/* Only a minimum: lut >= 150 -> 1 (dsp 30), 2 (dsp 10). */
	q.has_max = false;
	q.min = 150;
	{
		const long want[] = { 2, 1 };

		expect_ids(s, &q, want, 2);
	}
	/* Only a maximum: lut <= 299 -> 1, 3. */
	q.has_min = false;
	q.has_max = true;
	q.max = 299;
	{
		const long want[] = { 1, 3 };

		expect_ids(s, &q, want, 2);
	}
	/* A filter on the sort metric itself: dsp in [15, 30] -> 4, 1. */
	q.filter_key = "dsp";
	q.has_min = true;
	q.min = 15;
	q.max = 30;
	{
		const long want[] = { 4, 1 };

		expect_ids(s, &q, want, 2);
	}
	/* A filter key alone (no bounds) keeps the rows that have it. */
	q.filter_key = "lut";
	q.has_min = q.has_max = false;
	{
		const long want[] = { 2, 1, 3 };

		expect_ids(s, &q, want, 3);
	}
	/* Limit. */
	q.filter_key = NULL;
	q.limit = 2;
	{
		const long want[] = { 2, 4 };

		expect_ids(s, &q, want, 2);
	}
	/* No sort key: by id, or by id reversed. */
	q.sort_key = NULL;
	q.limit = 0;
	{
		const long want[] = { 1, 2, 3, 4, 5 };
		const long rev[] = { 5, 4, 3, 2, 1 };

		expect_ids(s, &q, want, 5);
		q.desc = true;
		expect_ids(s, &q, rev, 5);
	}
	/* Keys are bound, not formatted into SQL: this matches no metric. */
	q.sort_key = "dsp' OR 1=1 --";
	q.desc = false;
	{
		const long want[] = { 1, 2, 3, 4, 5 };

		expect_ids(s, &q, want, 5);
	}
	store_close(s);
}

static void test_metrics_order(void **state)
{
	struct fix *f = *state;
	struct store *s = open_ok(f->path, true);
	const struct metric m[] = {
		{ "fc2", "lut", 7 }, { "", "lut", 2 }, { "fc1", "lut", 5 },
		{ "fc2", "dsp", 6 }, { "", "dsp", 1 }, { "fc1", "dsp", 4 },
		{ "", "ii", NAN },
	};
	const struct metric more[] = { { "", "dsp", 11 }, { "", "ff", 3 } };
	const struct metric other[] = { { "", "dsp", 99 } };
	/* layer, then key, byte order: "" < "fc1" < "fc2"; dsp < ff < ii <
	 * lut. dsp was replaced by 11 by the second add. */
	const char *want_layer[] = { "", "", "", "", "fc1", "fc1", "fc2",
				     "fc2" };
	const char *want_key[] = { "dsp", "ff", "ii", "lut", "dsp", "lut",
				   "dsp", "lut" };
	const double want_val[] = { 11, 3, NAN, 2, 4, 5, 6, 7 };
	struct metric *got;
	struct error err = { "" };
	long id = add_ok(s, "c1", "", m, 7);
	int n;

	assert_int_equal(store_metrics_add(s, id, false, "estimate", more, 2,
					   &err), 0);
	assert_int_equal(store_metrics_add(s, id, false, "csynth", other, 1,
					   &err), 0);
	assert_int_equal(store_metrics_get(s, id, false, "estimate", &got, &n,
					   &err), 0);
	assert_int_equal(n, 8);
	for (int i = 0; i < n; i++) {
		assert_string_equal(got[i].layer, want_layer[i]);
		assert_string_equal(got[i].key, want_key[i]);
		if (isnan(want_val[i]))
			assert_true(isnan(got[i].value));
		else
			assert_true(got[i].value == want_val[i]);
	}
	metrics_free(got, n);
	assert_int_equal(store_metrics_get(s, id, false, "csynth", &got, &n,
					   &err), 0);
	assert_int_equal(n, 1);
	assert_true(got[0].value == 99);
	metrics_free(got, n);
	assert_int_equal(store_metrics_get(s, id, false, "bogus", &got, &n,
					   &err), -1);
	assert_string_equal(err.msg, "unknown metric source 'bogus' (estimate,"
			    " csynth, impl, sim or yosys)");
	store_close(s);
	/* 7 + 1 new (ff; dsp was updated in place) + 1 csynth. */
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM metrics"), 9);
}

/* 37 metrics go in as two 16-row statements and five single rows; one
 * pair of rows inside the first 16 names the same metric, so the later
 * value wins and 36 rows are stored. */
static void test_metrics_batches(void **state)
{
	struct fix *f = *state;
	struct store *s = open_ok(f->path, true);
	struct metric m[37], *got;
	char layer[37][16];
	struct error err = { "" };
	long id = add_ok(s, "c1", "", NULL, 0);
	int n;

	for (int i = 0; i < 37; i++) {
		snprintf(layer[i], sizeof(layer[i]), "l%02d", i);
		m[i].layer = layer[i];
		m[i].key = "dsp";
		m[i].value = 1.5 * i;
	}
	m[9].layer = layer[3];	/* l03 again, value 13.5 */
	assert_int_equal(store_metrics_add(s, id, false, "estimate", m, 37,
					   &err), 0);
	assert_int_equal(store_metrics_get(s, id, false, "estimate", &got, &n,
					   &err), 0);
	assert_int_equal(n, 36);
	/* l00..l36 without l09, in order; l03 holds 13.5 (row 9's). */
	for (int i = 0, j = 0; i < 37; i++) {
		char want[16];

		if (i == 9)
			continue;
		snprintf(want, sizeof(want), "l%02d", i);
		assert_string_equal(got[j].layer, want);
		assert_string_equal(got[j].key, "dsp");
		assert_true(got[j].value == (i == 3 ? 13.5 : 1.5 * i));
		j++;
	}
	metrics_free(got, n);
	/* The same 37 rows for a design that does not exist: refused in
	 * the first 16-row statement, nothing kept. */
	assert_int_equal(store_metrics_add(s, 77, false, "estimate", m, 37,
					   &err), -1);
	assert_string_equal(err.msg, "no design:77");
	store_close(s);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM metrics"), 36);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM metrics"
				 " WHERE layer = 'l03' AND value = 13.5"), 1);
}

static void test_foreign_keys(void **state)
{
	struct fix *f = *state;
	struct store *s = open_ok(f->path, true);
	const struct metric m[] = { { "", "dsp", 1 }, { "", "lut", 2 } };
	struct metric *got;
	struct error err = { "" };
	int n;

	/* No design 42: the foreign key refuses the first row, the
	 * transaction rolls back. */
	assert_int_equal(store_metrics_add(s, 42, false, "estimate", m, 2,
					   &err), -1);
	assert_string_equal(err.msg, "no design:42");
	assert_int_equal(store_metrics_add(s, 7, true, "impl", m, 2, &err),
			 -1);
	assert_string_equal(err.msg, "no run:7");
	/* The store still works after the failed transactions. */
	add_ok(s, "c1", "", m, 2);
	/* With a run (written through another connection, as the runs API
	 * is not in the store yet) its metrics are kept apart. */
	raw_exec(f->path, "INSERT INTO runs(id, design_id, backend, status,"
		 " created_at) VALUES (7, 1, 'vitis', 'queued',"
		 " '2026-11-21T21:00:00Z')");
	assert_int_equal(store_metrics_add(s, 7, true, "impl", m, 2, &err), 0);
	assert_int_equal(store_metrics_get(s, 7, true, "impl", &got, &n, &err),
			 0);
	assert_int_equal(n, 2);
	assert_string_equal(got[0].key, "dsp");
	assert_true(got[1].value == 2);
	metrics_free(got, n);
	assert_int_equal(store_metrics_get(s, 1, false, "impl", &got, &n,
					   &err), 0);
	assert_int_equal(n, 0);
	store_close(s);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM metrics"), 4);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM metrics"
				 " WHERE run_id = 7 AND design_id IS NULL"), 2);
}

/* Tries store_open on path (create as given) and checks that it fails
 * with exactly want and leaves the file's bytes as they were. */
static void expect_refusal(const char *path, bool create, const char *want)
{
	struct store *s = NULL;
	struct error err = { "" };
	char *before = NULL, *after = NULL;
	size_t nb = 0, na = 0;

	assert_int_equal(fileio_read(path, 1 << 24, &before, &nb, &err), 0);
	assert_int_equal(store_open(path, create, &s, &err), -1);
	assert_null(s);
	assert_string_equal(err.msg, want);
	assert_int_equal(fileio_read(path, 1 << 24, &after, &na, &err), 0);
	assert_int_equal(na, nb);
	assert_memory_equal(after, before, nb);
	free(before);
	free(after);
}

static void test_refuse_not_sqlite(void **state)
{
	struct fix *f = *state;
	/* A PNG signature and the start of an IHDR chunk. */
	static const unsigned char png[] = {
		0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13,
		'I', 'H', 'D', 'R', 0, 0, 0, 16, 0, 0, 0, 16, 8, 6, 0, 0, 0,
		0x1f, 0xf3, 0xff, 0x61,
	};
	struct error err = { "" };
	char want[256];

	assert_int_equal(fileio_write_atomic(f->path, png, sizeof(png), &err),
			 0);
	snprintf(want, sizeof(want), "'%s' is not an SQLite database",
		 f->path);
	expect_refusal(f->path, true, want);
	expect_refusal(f->path, false, want);
}

static void test_refuse_truncated(void **state)
{
	struct fix *f = *state;
	struct store *s = open_ok(f->path, true);
	struct metric m[40];
	char commit[16], want[ERROR_MSG_MAX];
	struct stat sb;
	const char *tail = "; it was left as it is";
	struct store *s2 = NULL;
	struct error err = { "" };
	size_t len;

	for (int k = 0; k < 40; k++) {
		m[k].layer = k < 16 ? "" : "fc1";
		m[k].key = xasprintf("key%02d", k);
		m[k].value = k;
	}
	for (int i = 0; i < 200; i++) {
		snprintf(commit, sizeof(commit), "c%d", i);
		add_ok(s, commit, "a label", m, 40);
	}
	for (int k = 0; k < 40; k++)
		free(m[k].key);
	store_close(s);
	assert_int_equal(stat(f->path, &sb), 0);
	/* 8 000 metric rows: far more than a few pages. */
	assert_true(sb.st_size > 64 * 4096);
	assert_int_equal(truncate(f->path, sb.st_size / 2), 0);

	assert_int_equal(store_open(f->path, false, &s2, &err), -1);
	snprintf(want, sizeof(want), "'%s' is damaged: ", f->path);
	assert_int_equal(strncmp(err.msg, want, strlen(want)), 0);
	len = strlen(err.msg);
	assert_true(len > strlen(want) + strlen(tail));
	assert_string_equal(err.msg + len - strlen(tail), tail);
	/* And the same message, with the bytes unchanged, a second time. */
	snprintf(want, sizeof(want), "%s", err.msg);
	expect_refusal(f->path, false, want);
	expect_refusal(f->path, true, want);
}

/* A page in the middle spoiled, the size unchanged: the first reads
 * (page 1) succeed, PRAGMA quick_check finds it. Page 2 is the root of
 * designs, the first table the migration creates; its first byte, the
 * b-tree page type, becomes 0xff. */
static void test_refuse_damaged_page(void **state)
{
	struct fix *f = *state;
	struct store *s = open_ok(f->path, true);
	struct error err = { "" };
	struct store *s2 = NULL;
	char want[ERROR_MSG_MAX];
	const char *tail = "; it was left as it is";
	FILE *fp;
	size_t len;

	add_ok(s, "c1", "", NULL, 0);
	store_close(s);
	assert_int_equal(raw_int(f->path, "SELECT rootpage FROM sqlite_schema"
				 " WHERE name = 'designs'"), 2);
	fp = fopen(f->path, "r+b");
	assert_non_null(fp);
	assert_int_equal(fseek(fp, 4096, SEEK_SET), 0);
	assert_int_equal(fwrite("\xff\xff\xff\xff", 1, 4, fp), 4);
	assert_int_equal(fclose(fp), 0);

	assert_int_equal(store_open(f->path, false, &s2, &err), -1);
	snprintf(want, sizeof(want), "'%s' is damaged: Page 2: ", f->path);
	assert_int_equal(strncmp(err.msg, want, strlen(want)), 0);
	len = strlen(err.msg);
	assert_string_equal(err.msg + len - strlen(tail), tail);
	assert_null(strchr(err.msg, '\n'));
	snprintf(want, sizeof(want), "%s", err.msg);
	expect_refusal(f->path, false, want);
}

static void test_refuse_foreign(void **state)
{
	struct fix *f = *state;
	char want[256];

	raw_exec(f->path, "CREATE TABLE x(a INTEGER, b TEXT);"
		 " INSERT INTO x VALUES (1, 'one');");
	snprintf(want, sizeof(want), "'%s' is not an hlsdse store", f->path);
	expect_refusal(f->path, true, want);
	expect_refusal(f->path, false, want);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM x"), 1);
	assert_int_equal(raw_int(f->path, "PRAGMA user_version"), 0);
}

static void test_refuse_foreign_app_id(void **state)
{
	struct fix *f = *state;
	char want[256];

	/* Another program's application_id (here Fossil's, 0x0f055112),
	 * even with a user_version we would accept. */
	raw_exec(f->path, "PRAGMA application_id = 252006674;"
		 " PRAGMA user_version = 1; CREATE TABLE designs(id);");
	snprintf(want, sizeof(want), "'%s' is not an hlsdse store", f->path);
	expect_refusal(f->path, false, want);
}

static void test_refuse_newer(void **state)
{
	struct fix *f = *state;
	struct store *s = open_ok(f->path, true);
	char want[256];

	add_ok(s, "c1", "", NULL, 0);
	store_close(s);
	raw_exec(f->path, "PRAGMA user_version = 2");
	snprintf(want, sizeof(want), "'%s' was written by a newer hlsdse"
		 " (store version 2); this one reads up to 1", f->path);
	expect_refusal(f->path, false, want);
	expect_refusal(f->path, true, want);
	assert_int_equal(raw_int(f->path, "PRAGMA user_version"), 2);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM designs"), 1);
}

static void test_refuse_missing(void **state)
{
	struct fix *f = *state;
	struct store *s = NULL;
	struct error err = { "" };
	struct stat sb;
	char want[256];

	assert_int_equal(store_open(f->path, false, &s, &err), -1);
	assert_null(s);
	snprintf(want, sizeof(want), "no store at '%s'", f->path);
	assert_string_equal(err.msg, want);
	assert_int_equal(stat(f->path, &sb), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_create_and_reopen, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_design_add_get, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_list_sorted, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_list_filter_limit, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_metrics_order, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_metrics_batches, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_foreign_keys, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_refuse_not_sqlite, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_refuse_truncated, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_refuse_damaged_page, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_refuse_foreign, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_refuse_foreign_app_id,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_refuse_newer, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_refuse_missing, setup,
						teardown),
	};

	return cmocka_run_group_tests_name("store", tests, NULL, NULL);
}
