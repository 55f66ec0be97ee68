/*
 * store.c - the project's SQLite run store (runs.db). One connection per
 * process: opened with extended result codes and a 10 s busy timeout,
 * inspected before anything is written (not SQLite, damaged, foreign or
 * newer files are refused and left as they are), then switched to WAL
 * with synchronous=NORMAL and foreign keys on, and migrated with
 * PRAGMA user_version from a static array of DDL strings. Statements are
 * prepared once per store (SQLITE_PREPARE_PERSISTENT) and reset after
 * every use; every write runs inside BEGIN IMMEDIATE; metrics go in 16
 * rows per statement. The connection is opened without its own mutex
 * (SQLITE_OPEN_NOMUTEX): a store is used by one thread at a time.
 */
#include <errno.h>
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <time.h>

#include "core/xalloc.h"
#include "projects/store.h"

#define STORE_APP_ID 0x686c7364	/* PRAGMA application_id: "hlsd" */
#define STORE_BUSY_MS 10000
#define STORE_CHECK_MS 50	/* the most quick_check may take at open */

/* migrations[i] takes a store from user_version i to i + 1. */
static const char *const migrations[STORE_VERSION] = {
	"PRAGMA application_id = 1751937892;"	/* STORE_APP_ID */
	"CREATE TABLE designs("
	" id INTEGER PRIMARY KEY,"
	" commit_oid TEXT UNIQUE NOT NULL,"
	" created_at TEXT NOT NULL,"
	" label TEXT NOT NULL DEFAULT '',"
	" design_json TEXT NOT NULL) STRICT;"
	"CREATE TABLE runs("
	" id INTEGER PRIMARY KEY,"
	" design_id INTEGER NOT NULL REFERENCES designs(id),"
	" backend TEXT NOT NULL,"
	" status TEXT NOT NULL CHECK (status IN"
	"  ('queued','running','succeeded','failed','cancelled')),"
	" created_at TEXT NOT NULL,"
	" started_at TEXT, finished_at TEXT, worker_pid INTEGER,"
	" heartbeat_at TEXT, exit_code INTEGER, error TEXT, workdir TEXT,"
	" tool_version TEXT, stage TEXT, progress REAL) STRICT;"
	"CREATE INDEX runs_design ON runs(design_id);"
	"CREATE INDEX runs_status ON runs(status);"
	"CREATE TABLE metrics("
	" id INTEGER PRIMARY KEY,"
	" design_id INTEGER REFERENCES designs(id),"
	" run_id INTEGER REFERENCES runs(id),"
	" layer TEXT NOT NULL DEFAULT '',"
	" source TEXT NOT NULL CHECK (source IN"
	"  ('estimate','csynth','impl','sim','yosys')),"
	" key TEXT NOT NULL,"
	" value REAL,"
	" CHECK (design_id IS NOT NULL OR run_id IS NOT NULL)) STRICT;"
	/* Partial: a design's rows never enter the run index (where their
	 * NULL run_id would scatter each insert over many pages). */
	"CREATE UNIQUE INDEX metrics_design"
	" ON metrics(design_id, source, layer, key)"
	" WHERE design_id IS NOT NULL;"
	"CREATE UNIQUE INDEX metrics_run ON metrics(run_id, source, layer, key)"
	" WHERE run_id IS NOT NULL;"
	/* The design-level values by metric, for sorting and filtering the
	 * design list: a covering index whose probes stay within a few
	 * hundred pages (metrics_design's span the whole table). */
	"CREATE INDEX metrics_sort"
	" ON metrics(source, layer, key, design_id, value)"
	" WHERE layer = '' AND design_id IS NOT NULL;"
	"CREATE TABLE tags("
	" run_id INTEGER NOT NULL REFERENCES runs(id),"
	" key TEXT NOT NULL,"
	" value TEXT NOT NULL,"
	" PRIMARY KEY (run_id, key)) STRICT;",
};

enum stmt_id {
	ST_BEGIN,
	ST_COMMIT,
	ST_ROLLBACK,
	ST_DESIGN_FIND,
	ST_DESIGN_LABEL,
	ST_DESIGN_INSERT,
	ST_DESIGN_GET,
	ST_METRIC_ADD_DESIGN,
	ST_METRIC_ADD_RUN,
	ST_METRIC_ADD16_DESIGN,
	ST_METRIC_ADD16_RUN,
	ST_METRICS_OF_DESIGN,
	ST_METRICS_OF_RUN,
	ST_LIST,
	ST_RUN_ADD,
	ST_RUN_CLAIM,
	ST_RUN_PROGRESS,
	ST_RUN_HEARTBEAT,
	ST_RUN_FINISH,
	ST_RUN_TOOL,
	ST_RUN_INGESTED,
	ST_RUN_STATUS,
	ST_RUN_CANCEL_QUEUED,
	ST_RUN_CANCEL_RUNNING,
	ST_RUN_GET,
	ST_RUNS_LIST,
	ST_RUNS_LIVE,
	ST_RUN_REAP,
	ST_COUNT
};

/* The design list, with the sort metric's value, in id order (sorted in
 * C: SQLite's sorter costs more than the query). ?1 source, ?2 sort key,
 * ?3 filter key, ?4 min, ?5 max. */
#define LIST_SQL                                                      \
	"SELECT d.id, d.commit_oid, d.created_at, d.label, s.value"   \
	" FROM designs AS d NOT INDEXED"                              \
	" LEFT JOIN metrics AS s INDEXED BY metrics_sort"             \
	"  ON s.source = ?1 AND s.layer = '' AND s.key = ?2"          \
	"  AND s.design_id = d.id"                                    \
	" WHERE ?3 IS NULL OR EXISTS (SELECT 1 FROM metrics AS f"     \
	"  INDEXED BY metrics_sort"                                   \
	"  WHERE f.source = ?1 AND f.layer = '' AND f.key = ?3"       \
	"  AND f.design_id = d.id AND (?4 IS NULL OR f.value >= ?4)"  \
	"  AND (?5 IS NULL OR f.value <= ?5))"

/* Inserts (or updates) metric rows of a design or run (col): ?1 the id,
 * ?2 the source, then layer, key, value for each row. */
#define METRIC_INSERT(col, rows)                                        \
	"INSERT INTO metrics(" col ", source, layer, key, value) VALUES" \
	rows                                                            \
	" ON CONFLICT(" col ", source, layer, key)"                     \
	" WHERE " col " IS NOT NULL DO UPDATE SET value = excluded.value"
#define METRIC_ROW " (?1, ?2, ?3, ?4, ?5)"
#define METRIC_BATCH 16	/* rows per statement in METRIC_ROWS16 */
#define METRIC_ROWS16                                             \
	" (?1,?2,?3,?4,?5),(?1,?2,?6,?7,?8),(?1,?2,?9,?10,?11)" \
	",(?1,?2,?12,?13,?14),(?1,?2,?15,?16,?17),(?1,?2,?18,?19,?20)" \
	",(?1,?2,?21,?22,?23),(?1,?2,?24,?25,?26),(?1,?2,?27,?28,?29)" \
	",(?1,?2,?30,?31,?32),(?1,?2,?33,?34,?35),(?1,?2,?36,?37,?38)" \
	",(?1,?2,?39,?40,?41),(?1,?2,?42,?43,?44),(?1,?2,?45,?46,?47)" \
	",(?1,?2,?48,?49,?50)"

/* A run's columns with its design's commit and label (run_read). */
#define RUN_COLS                                                        \
	"SELECT r.id, r.design_id, d.commit_oid, d.label, r.backend,"   \
	" r.status, r.created_at, r.started_at, r.finished_at,"         \
	" r.worker_pid, r.heartbeat_at, r.exit_code, r.error, r.workdir," \
	" r.tool_version, r.stage, r.progress"

/* The run list with the sort metric's value (sorted in C): ?1 status
 * or NULL, ?2 source, ?3 key. An estimate comes from the run's design,
 * the other sources from the run. */
#define RUNS_LIST_SQL                                                   \
	RUN_COLS ", CASE WHEN ?2 = 'estimate' THEN"                     \
	" (SELECT value FROM metrics WHERE design_id = r.design_id"     \
	"  AND source = ?2 AND layer = '' AND key = ?3)"                \
	" ELSE (SELECT value FROM metrics WHERE run_id = r.id"          \
	"  AND source = ?2 AND layer = '' AND key = ?3) END"            \
	" FROM runs AS r JOIN designs AS d ON d.id = r.design_id"       \
	" WHERE ?1 IS NULL OR r.status = ?1"

static const char *const stmt_sql[ST_COUNT] = {
	[ST_BEGIN] = "BEGIN IMMEDIATE",
	[ST_COMMIT] = "COMMIT",
	[ST_ROLLBACK] = "ROLLBACK",
	[ST_DESIGN_FIND] = "SELECT id FROM designs WHERE commit_oid = ?1",
	[ST_DESIGN_LABEL] = "UPDATE designs SET label = ?2 WHERE id = ?1",
	[ST_DESIGN_INSERT] = "INSERT INTO designs(commit_oid, created_at,"
		" label, design_json) VALUES (?1, ?2, ?3, ?4)",
	[ST_DESIGN_GET] = "SELECT id, commit_oid, created_at, label,"
		" design_json FROM designs WHERE id = ?1",
	[ST_METRIC_ADD_DESIGN] = METRIC_INSERT("design_id", METRIC_ROW),
	[ST_METRIC_ADD_RUN] = METRIC_INSERT("run_id", METRIC_ROW),
	[ST_METRIC_ADD16_DESIGN] = METRIC_INSERT("design_id", METRIC_ROWS16),
	[ST_METRIC_ADD16_RUN] = METRIC_INSERT("run_id", METRIC_ROWS16),
	[ST_METRICS_OF_DESIGN] = "SELECT layer, key, value FROM metrics"
		" WHERE design_id = ?1 AND source = ?2 ORDER BY layer, key",
	[ST_METRICS_OF_RUN] = "SELECT layer, key, value FROM metrics"
		" WHERE run_id = ?1 AND source = ?2 ORDER BY layer, key",
	[ST_LIST] = LIST_SQL,
	[ST_RUN_ADD] = "INSERT INTO runs(design_id, backend, status,"
		" created_at) VALUES (?1, ?2, 'queued', ?3)",
	[ST_RUN_CLAIM] = "UPDATE runs SET status = 'running',"
		" started_at = ?2, heartbeat_at = ?2, worker_pid = ?1,"
		" workdir = 'runs/' || id"
		" WHERE id = (SELECT id FROM runs WHERE status = 'queued'"
		" ORDER BY id LIMIT 1) RETURNING id",
	[ST_RUN_PROGRESS] = "UPDATE runs SET stage = coalesce(?2, stage),"
		" progress = ?3, heartbeat_at = ?4"
		" WHERE id = ?1 AND status = 'running'",
	[ST_RUN_HEARTBEAT] = "UPDATE runs SET heartbeat_at = ?2"
		" WHERE worker_pid = ?1 AND status = 'running'",
	[ST_RUN_FINISH] = "UPDATE runs SET"
		" status = iif(status = 'cancelled', status, ?2),"
		" exit_code = ?3, error = iif(status = 'cancelled', error, ?4),"
		" finished_at = ?5 WHERE id = ?1 AND finished_at IS NULL"
		" AND status IN ('queued', 'running', 'cancelled')",
	[ST_RUN_TOOL] = "UPDATE runs SET tool_version = ?2 WHERE id = ?1",
	[ST_RUN_INGESTED] = "UPDATE runs SET status = 'succeeded',"
		" error = NULL, stage = 'ingested', finished_at = ?2"
		" WHERE id = ?1 AND status <> 'running'",
	[ST_RUN_STATUS] = "SELECT status, worker_pid FROM runs WHERE id = ?1",
	[ST_RUN_CANCEL_QUEUED] = "UPDATE runs SET status = 'cancelled',"
		" finished_at = ?2 WHERE id = ?1",
	[ST_RUN_CANCEL_RUNNING] = "UPDATE runs SET status = 'cancelled'"
		" WHERE id = ?1",
	[ST_RUN_GET] = RUN_COLS " FROM runs AS r JOIN designs AS d"
		" ON d.id = r.design_id WHERE r.id = ?1",
	[ST_RUNS_LIST] = RUNS_LIST_SQL,
	[ST_RUNS_LIVE] = "SELECT id, worker_pid FROM runs"
		" WHERE finished_at IS NULL"
		" AND status IN ('running', 'cancelled') ORDER BY id",
	[ST_RUN_REAP] = "UPDATE runs SET"
		" status = iif(status = 'running', 'failed', status),"
		" error = iif(status = 'running', 'worker died', error),"
		" finished_at = ?2 WHERE id = ?1 AND finished_at IS NULL",
};

static const char *const sources[] = {
	"estimate", "csynth", "impl", "sim", "yosys",
};

struct store {
	sqlite3 *db;
	char *path;
	sqlite3_stmt *st[ST_COUNT];
};

/* Fills err with "unable to <what> in 'path': <sqlite message>". */
static int db_fail(struct store *s, struct error *err, const char *what)
{
	return error_set(err, "unable to %s in '%s': %s", what, s->path,
			 sqlite3_errmsg(s->db));
}

/* The cached statement id, prepared on first use; NULL with err filled. */
static sqlite3_stmt *stmt_get(struct store *s, enum stmt_id id,
			      struct error *err)
{
	if (!s->st[id] &&
	    sqlite3_prepare_v3(s->db, stmt_sql[id], -1,
			       SQLITE_PREPARE_PERSISTENT, &s->st[id],
			       NULL) != SQLITE_OK) {
		db_fail(s, err, "prepare a query");
		return NULL;
	}
	return s->st[id];
}

static void stmt_done(sqlite3_stmt *st)
{
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
}

/* Steps a cached statement that returns no rows, then resets it. */
static int stmt_run(struct store *s, enum stmt_id id, const char *what,
		    struct error *err)
{
	sqlite3_stmt *st = stmt_get(s, id, err);
	int rc;

	if (!st)
		return -1;
	rc = sqlite3_step(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		db_fail(s, err, what);
	stmt_done(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : -1;
}

static int tx_begin(struct store *s, struct error *err)
{
	return stmt_run(s, ST_BEGIN, "begin a transaction", err);
}

/* Rolls back the open transaction, if any (on an error path). */
static void tx_rollback(struct store *s)
{
	if (!sqlite3_get_autocommit(s->db))
		stmt_run(s, ST_ROLLBACK, "roll back", NULL);
}

/* Commits; on failure rolls back and returns -1. */
static int tx_commit(struct store *s, struct error *err)
{
	if (stmt_run(s, ST_COMMIT, "commit", err) == 0)
		return 0;
	tx_rollback(s);
	return -1;
}

static int check_source(const char *source, struct error *err)
{
	for (size_t i = 0; i < sizeof(sources) / sizeof(sources[0]); i++)
		if (source && strcmp(source, sources[i]) == 0)
			return 0;
	return error_set(err, "unknown metric source '%s' (estimate, csynth,"
			 " impl, sim or yosys)", source ? source : "");
}

static int bind_text(sqlite3_stmt *st, int i, const char *v)
{
	return v ? sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC)
		 : sqlite3_bind_null(st, i);
}

static const char *col_text(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	return t ? (const char *)t : "";
}

/* ISO 8601 UTC time with seconds, e.g. "2026-11-21T20:58:03Z". */
static void now_iso(char buf[32])
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* One-off statement on a bare connection: steps sql once and stores the
 * first column of its first row in *out (0 when there is no row). */
static int query_int(sqlite3 *db, const char *sql, long *out)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);

	*out = 0;
	if (rc != SQLITE_OK)
		return rc;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = (long)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* Turns the first failure reading path into the user's message. */
static int inspect_fail(sqlite3 *db, const char *path, int rc,
			struct error *err)
{
	if ((rc & 0xff) == SQLITE_NOTADB)
		return error_set(err, "'%s' is not an SQLite database", path);
	if ((rc & 0xff) == SQLITE_CORRUPT)
		return error_set(err, "'%s' is damaged: %s; it was left as it is",
				 path, sqlite3_errmsg(db));
	return error_set(err, "unable to read '%s': %s", path,
			 sqlite3_errmsg(db));
}

/* The progress handler of inspect_integrity: true once the time in
 * *deadline (CLOCK_MONOTONIC) has passed. */
static int past_deadline(void *deadline)
{
	const struct timespec *end = deadline;
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return now.tv_sec > end->tv_sec ||
	       (now.tv_sec == end->tv_sec && now.tv_nsec >= end->tv_nsec);
}

/* quick_check's complaint on one line in buf, without its heading
 * "*** in database main ***". */
static const char *one_line(const char *t, char *buf, size_t len)
{
	static const char head[] = "*** in database main ***\n";
	size_t i = 0;

	if (strncmp(t, head, sizeof(head) - 1) == 0)
		t += sizeof(head) - 1;
	for (; *t && i + 1 < len; t++)
		buf[i++] = *t == '\n' ? ' ' : *t;
	buf[i] = '\0';
	return buf;
}

/* PRAGMA quick_check(1) must say "ok"; otherwise the damage is reported.
 * The check reads the whole file (about 25 ms per MB), so it stops after
 * STORE_CHECK_MS: small stores are checked whole, large ones in part (a
 * truncated file is caught before, by the first read). */
static int inspect_integrity(sqlite3 *db, const char *path, struct error *err)
{
	struct timespec deadline;
	sqlite3_stmt *st;
	char text[256];
	int ret = -1;
	int rc = sqlite3_prepare_v2(db, "PRAGMA quick_check(1)", -1, &st,
				    NULL);

	if (rc != SQLITE_OK)
		return inspect_fail(db, path, rc, err);
	clock_gettime(CLOCK_MONOTONIC, &deadline);
	deadline.tv_nsec += STORE_CHECK_MS * 1000000L;
	deadline.tv_sec += deadline.tv_nsec / 1000000000L;
	deadline.tv_nsec %= 1000000000L;
	sqlite3_progress_handler(db, 1000, past_deadline, &deadline);
	rc = sqlite3_step(st);
	sqlite3_progress_handler(db, 0, NULL, NULL);
	if (rc == SQLITE_INTERRUPT)
		ret = 0;
	else if (rc != SQLITE_ROW)
		inspect_fail(db, path, rc, err);
	else if (strcmp(col_text(st, 0), "ok") != 0)
		error_set(err, "'%s' is damaged: %s; it was left as it is",
			  path, one_line(col_text(st, 0), text, sizeof(text)));
	else
		ret = 0;
	sqlite3_finalize(st);
	return ret;
}

/* The checks of inspect, inside its read transaction. */
static int inspect_read(sqlite3 *db, const char *path, long *version,
			struct error *err)
{
	long tables, app;
	int rc = query_int(db, "SELECT count(*) FROM sqlite_schema", &tables);

	if (rc == SQLITE_OK)
		rc = query_int(db, "PRAGMA user_version", version);
	if (rc == SQLITE_OK)
		rc = query_int(db, "PRAGMA application_id", &app);
	if (rc != SQLITE_OK)
		return inspect_fail(db, path, rc, err);
	if (inspect_integrity(db, path, err) < 0)
		return -1;
	if (app != 0 && app != STORE_APP_ID)
		return error_set(err, "'%s' is not an hlsdse store", path);
	if (*version > STORE_VERSION)
		return error_set(err, "'%s' was written by a newer hlsdse (store"
				 " version %ld); this one reads up to %d",
				 path, *version, STORE_VERSION);
	if (*version == 0 ? tables > 0 : app != STORE_APP_ID)
		return error_set(err, "'%s' is not an hlsdse store", path);
	return 0;
}

/* Reads the file without writing it, in one read transaction (so a
 * concurrent migration is seen whole or not at all): refuses what is not
 * an SQLite database, a damaged one, a foreign one (another program's
 * application_id, or tables without a user_version) and a store newer
 * than STORE_VERSION. An empty database passes. *version is the
 * store's user_version. */
static int inspect(sqlite3 *db, const char *path, long *version,
		   struct error *err)
{
	int ret;

	if (sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		return inspect_fail(db, path, sqlite3_extended_errcode(db),
				    err);
	ret = inspect_read(db, path, version, err);
	if (!sqlite3_get_autocommit(db))
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	return ret;
}

/* Runs every migration from the store's user_version up, each in its own
 * BEGIN IMMEDIATE transaction (another process may migrate meanwhile). */
static int migrate(struct store *s, struct error *err)
{
	for (;;) {
		char sql[64];
		long v;

		if (sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL))
			return db_fail(s, err, "begin a migration");
		if (query_int(s->db, "PRAGMA user_version", &v) != SQLITE_OK) {
			db_fail(s, err, "read the store version");
			break;
		}
		if (v > STORE_VERSION) {
			error_set(err, "'%s' was written by a newer hlsdse"
				  " (store version %ld); this one reads up"
				  " to %d", s->path, v, STORE_VERSION);
			break;
		}
		if (v == STORE_VERSION)
			return sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL)
				? db_fail(s, err, "end a migration") : 0;
		snprintf(sql, sizeof(sql), "PRAGMA user_version = %ld", v + 1);
		if (sqlite3_exec(s->db, migrations[v], NULL, NULL, NULL) ||
		    sqlite3_exec(s->db, sql, NULL, NULL, NULL) ||
		    sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL)) {
			db_fail(s, err, "migrate the store");
			break;
		}
	}
	tx_rollback(s);
	return -1;
}

/* Runs a statement, retrying while the database is busy: switching to
 * WAL needs an exclusive lock, and SQLite returns SQLITE_BUSY at once
 * (without the busy handler) when waiting could deadlock, as when several
 * processes create the same store together. Gives up after the busy
 * timeout. */
static int exec_retry(sqlite3 *db, const char *sql)
{
	int rc;

	for (int waited = 0;; waited += 20) {
		rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
		if ((rc & 0xff) != SQLITE_BUSY || waited >= STORE_BUSY_MS)
			return rc;
		usleep(20 * 1000);
	}
}

/* WAL, synchronous=NORMAL and foreign keys (outside any transaction);
 * a 32 MiB page cache keeps a 10 000-design list in memory. */
static int configure(struct store *s, struct error *err)
{
	if (exec_retry(s->db, "PRAGMA journal_mode = WAL") ||
	    sqlite3_exec(s->db, "PRAGMA synchronous = NORMAL", NULL, NULL,
			 NULL) ||
	    sqlite3_exec(s->db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL) ||
	    sqlite3_exec(s->db, "PRAGMA cache_size = -32768", NULL, NULL, NULL))
		return db_fail(s, err, "configure the connection");
	return 0;
}

int store_open(const char *path, bool create, struct store **out,
	       struct error *err)
{
	struct error local;
	struct store *s;
	struct stat sb;
	long version;
	int rc;

	if (!err)
		err = &local;
	*out = NULL;
	if (stat(path, &sb) != 0 && (errno != ENOENT || !create)) {
		if (errno == ENOENT)
			return error_set(err, "no store at '%s'", path);
		return error_set(err, "unable to open '%s': %s", path,
				 strerror(errno));
	}
	s = xcalloc(1, sizeof(*s));
	s->path = xstrdup(path);
	rc = sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE |
			     SQLITE_OPEN_NOMUTEX |
			     (create ? SQLITE_OPEN_CREATE : 0), NULL);
	if (rc != SQLITE_OK) {
		error_set(err, "unable to open '%s': %s", path,
			  s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc));
		store_close(s);
		return -1;
	}
	sqlite3_extended_result_codes(s->db, 1);
	sqlite3_busy_timeout(s->db, STORE_BUSY_MS);
	/* A refused file must not be checkpointed into when we close it. */
	sqlite3_db_config(s->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
	if (inspect(s->db, path, &version, err) < 0) {
		store_close(s);
		return -1;
	}
	sqlite3_db_config(s->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 0, NULL);
	/* A current store is not write-locked just to read its version. */
	if (configure(s, err) < 0 ||
	    (version < STORE_VERSION && migrate(s, err) < 0)) {
		store_close(s);
		return -1;
	}
	*out = s;
	return 0;
}

void store_close(struct store *s)
{
	if (!s)
		return;
	for (int i = 0; i < ST_COUNT; i++)
		sqlite3_finalize(s->st[i]);
	sqlite3_close(s->db);
	free(s->path);
	free(s);
}

void metrics_free(struct metric *m, int n)
{
	if (!m)
		return;
	for (int i = 0; i < n; i++) {
		free(m[i].layer);
		free(m[i].key);
	}
	free(m);
}

void design_row_release(struct design_row *r)
{
	if (!r)
		return;
	free(r->created_at);
	free(r->label);
	free(r->design_json);
	free(r->sort_value);
	memset(r, 0, sizeof(*r));
}

void design_rows_free(struct design_row *r, int n)
{
	if (!r)
		return;
	for (int i = 0; i < n; i++)
		design_row_release(&r[i]);
	free(r);
}

/* Binds and steps one metric insert statement for rows m[0..k). */
static int metrics_step(sqlite3_stmt *st, long id, const char *source,
			const struct metric *m, int k)
{
	int rc = sqlite3_bind_int64(st, 1, id);

	if (rc == SQLITE_OK)
		rc = bind_text(st, 2, source);
	for (int j = 0; j < k && rc == SQLITE_OK; j++) {
		rc = bind_text(st, 3 + 3 * j, m[j].layer ? m[j].layer : "");
		if (rc == SQLITE_OK)
			rc = bind_text(st, 4 + 3 * j, m[j].key);
		if (rc == SQLITE_OK)
			rc = sqlite3_bind_double(st, 5 + 3 * j, m[j].value);
	}
	return rc == SQLITE_OK ? sqlite3_step(st) : rc;
}

/* Inserts (or updates) n metrics of design or run id inside the caller's
 * transaction, METRIC_BATCH rows per statement while there are enough.
 * A missing design or run is "no design:N" / "no run:N". */
static int metrics_insert(struct store *s, long id, bool run,
			  const char *source, const struct metric *m, int n,
			  struct error *err)
{
	for (int i = 0; i < n;) {
		int k = n - i >= METRIC_BATCH ? METRIC_BATCH : 1;
		enum stmt_id sid = k > 1
			? (run ? ST_METRIC_ADD16_RUN : ST_METRIC_ADD16_DESIGN)
			: (run ? ST_METRIC_ADD_RUN : ST_METRIC_ADD_DESIGN);
		sqlite3_stmt *st = stmt_get(s, sid, err);
		int rc;

		if (!st)
			return -1;
		rc = metrics_step(st, id, source, m + i, k);
		if (rc == SQLITE_CONSTRAINT_FOREIGNKEY)
			error_set(err, "no %s:%ld", run ? "run" : "design", id);
		else if (rc != SQLITE_DONE)
			db_fail(s, err, "add metrics");
		stmt_done(st);
		if (rc != SQLITE_DONE)
			return -1;
		i += k;
	}
	return 0;
}

/* The id of the design with commit_oid in *id (0 when there is none). */
static int design_find(struct store *s, const char *commit_oid, long *id,
		       struct error *err)
{
	sqlite3_stmt *st = stmt_get(s, ST_DESIGN_FIND, err);
	int rc;

	*id = 0;
	if (!st)
		return -1;
	rc = bind_text(st, 1, commit_oid);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*id = (long)sqlite3_column_int64(st, 0);
	else if (rc != SQLITE_DONE)
		db_fail(s, err, "look up a design");
	stmt_done(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

/* Steps a cached write statement whose parameters the caller bound (rc
 * is the binding result), then resets it. */
static int step_done(struct store *s, sqlite3_stmt *st, int rc,
		     const char *what, struct error *err)
{
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc != SQLITE_DONE)
		db_fail(s, err, what);
	stmt_done(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int design_relabel(struct store *s, long id, const char *label,
			  struct error *err)
{
	sqlite3_stmt *st = stmt_get(s, ST_DESIGN_LABEL, err);
	int rc;

	if (!st)
		return -1;
	rc = sqlite3_bind_int64(st, 1, id);
	if (rc == SQLITE_OK)
		rc = bind_text(st, 2, label);
	return step_done(s, st, rc, "update a design's label", err);
}

static int design_insert(struct store *s, const char *commit_oid,
			 const char *label, const char *design_json,
			 long *id, struct error *err)
{
	sqlite3_stmt *st = stmt_get(s, ST_DESIGN_INSERT, err);
	char now[32];
	int rc;

	if (!st)
		return -1;
	now_iso(now);
	rc = bind_text(st, 1, commit_oid);
	if (rc == SQLITE_OK)
		rc = bind_text(st, 2, now);
	if (rc == SQLITE_OK)
		rc = bind_text(st, 3, label ? label : "");
	if (rc == SQLITE_OK)
		rc = bind_text(st, 4, design_json);
	if (step_done(s, st, rc, "add a design", err) < 0)
		return -1;
	*id = (long)sqlite3_last_insert_rowid(s->db);
	return 0;
}

int store_design_add(struct store *s, const char *commit_oid,
		     const char *label, const char *design_json,
		     const char *source, const struct metric *m, int n_metrics,
		     long *id, bool *existed, struct error *err)
{
	long found;
	bool was;

	if (!commit_oid || !*commit_oid || strlen(commit_oid) > 40)
		return error_set(err, "invalid commit id '%s'",
				 commit_oid ? commit_oid : "");
	if (n_metrics > 0 && check_source(source, err) < 0)
		return -1;
	if (tx_begin(s, err) < 0)
		return -1;
	if (design_find(s, commit_oid, &found, err) < 0)
		goto fail;
	was = found != 0;
	if (was) {
		if (label && *label && design_relabel(s, found, label, err) < 0)
			goto fail;
	} else if (design_insert(s, commit_oid, label, design_json, &found,
				 err) < 0 ||
		   metrics_insert(s, found, false, source, m, n_metrics,
				  err) < 0) {
		goto fail;
	}
	if (tx_commit(s, err) < 0)
		return -1;
	if (id)
		*id = found;
	if (existed)
		*existed = was;
	return 0;
fail:
	tx_rollback(s);
	return -1;
}

/* Copies the current row of a design query (id, commit, created_at,
 * label, then design_json when with_json, else the sort value). */
static void row_read(sqlite3_stmt *st, struct design_row *r, bool with_json)
{
	memset(r, 0, sizeof(*r));
	r->id = (long)sqlite3_column_int64(st, 0);
	snprintf(r->commit, sizeof(r->commit), "%s", col_text(st, 1));
	r->created_at = xstrdup(col_text(st, 2));
	r->label = xstrdup(col_text(st, 3));
	if (with_json) {
		r->design_json = xstrdup(col_text(st, 4));
	} else if (sqlite3_column_type(st, 4) != SQLITE_NULL) {
		r->sort_value = xmalloc(sizeof(*r->sort_value));
		*r->sort_value = sqlite3_column_double(st, 4);
	}
}

int store_design_get(struct store *s, long id, struct design_row *out,
		     struct error *err)
{
	sqlite3_stmt *st = stmt_get(s, ST_DESIGN_GET, err);
	int rc;

	memset(out, 0, sizeof(*out));
	if (!st)
		return -1;
	rc = sqlite3_bind_int64(st, 1, id);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		row_read(st, out, true);
	else if (rc == SQLITE_DONE)
		error_set(err, "no design:%ld", id);
	else
		db_fail(s, err, "read a design");
	stmt_done(st);
	return rc == SQLITE_ROW ? 0 : -1;
}

/* Binds a store_query to the list statement (source defaults to
 * "estimate"). */
static int list_bind(sqlite3_stmt *st, const struct store_query *q)
{
	int rc = bind_text(st, 1, q->source ? q->source : "estimate");

	if (rc == SQLITE_OK)
		rc = bind_text(st, 2, q->sort_key);
	if (rc == SQLITE_OK)
		rc = bind_text(st, 3, q->filter_key);
	if (rc == SQLITE_OK && q->has_min)
		rc = sqlite3_bind_double(st, 4, q->min);
	if (rc == SQLITE_OK && q->has_max)
		rc = sqlite3_bind_double(st, 5, q->max);
	return rc;
}

/* Rows with a sort value first, by value then id; the others by id. */
static int row_cmp_asc(const void *pa, const void *pb)
{
	const struct design_row *a = pa, *b = pb;

	if (!a->sort_value != !b->sort_value)
		return a->sort_value ? -1 : 1;
	if (a->sort_value && *a->sort_value != *b->sort_value)
		return *a->sort_value < *b->sort_value ? -1 : 1;
	return (a->id > b->id) - (a->id < b->id);
}

/* The reverse of row_cmp_asc, except that rows without a value stay
 * last. */
static int row_cmp_desc(const void *pa, const void *pb)
{
	const struct design_row *a = pa, *b = pb;

	if (!a->sort_value != !b->sort_value)
		return a->sort_value ? -1 : 1;
	return row_cmp_asc(pb, pa);
}

int store_designs_list(struct store *s, const struct store_query *q,
		       struct design_row **rows, int *n, struct error *err)
{
	static const struct store_query all = { 0 };
	struct design_row *r = NULL;
	sqlite3_stmt *st;
	int rc, len = 0, cap = 0;

	*rows = NULL;
	*n = 0;
	if (!q)
		q = &all;
	if (q->source && check_source(q->source, err) < 0)
		return -1;
	st = stmt_get(s, ST_LIST, err);
	if (!st)
		return -1;
	rc = list_bind(st, q);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (len == cap) {
			cap = cap ? 2 * cap : 64;
			r = xreallocarray(r, (size_t)cap, sizeof(*r));
		}
		row_read(st, &r[len++], false);
		rc = SQLITE_OK;
	}
	if (rc != SQLITE_DONE) {
		db_fail(s, err, "list designs");
		stmt_done(st);
		design_rows_free(r, len);
		return -1;
	}
	stmt_done(st);
	if (len > 1)
		qsort(r, (size_t)len, sizeof(*r),
		      q->desc ? row_cmp_desc : row_cmp_asc);
	while (q->limit > 0 && len > q->limit)
		design_row_release(&r[--len]);
	*rows = r;
	*n = len;
	return 0;
}

int store_metrics_get(struct store *s, long id, bool run, const char *source,
		      struct metric **out, int *n, struct error *err)
{
	struct metric *m = NULL;
	sqlite3_stmt *st;
	int rc, len = 0, cap = 0;

	*out = NULL;
	*n = 0;
	if (check_source(source, err) < 0)
		return -1;
	st = stmt_get(s, run ? ST_METRICS_OF_RUN : ST_METRICS_OF_DESIGN, err);
	if (!st)
		return -1;
	rc = sqlite3_bind_int64(st, 1, id);
	if (rc == SQLITE_OK)
		rc = bind_text(st, 2, source);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (len == cap) {
			cap = cap ? 2 * cap : 16;
			m = xreallocarray(m, (size_t)cap, sizeof(*m));
		}
		m[len].layer = xstrdup(col_text(st, 0));
		m[len].key = xstrdup(col_text(st, 1));
		m[len].value = sqlite3_column_type(st, 2) == SQLITE_NULL
			? NAN : sqlite3_column_double(st, 2);
		len++;
		rc = SQLITE_OK;
	}
	if (rc != SQLITE_DONE) {
		db_fail(s, err, "read metrics");
		stmt_done(st);
		metrics_free(m, len);
		return -1;
	}
	stmt_done(st);
	*out = m;
	*n = len;
	return 0;
}

int store_metrics_add(struct store *s, long id, bool run, const char *source,
		      const struct metric *m, int n, struct error *err)
{
	if (check_source(source, err) < 0 || tx_begin(s, err) < 0)
		return -1;
	if (metrics_insert(s, id, run, source, m, n, err) < 0) {
		tx_rollback(s);
		return -1;
	}
	return tx_commit(s, err);
}

void run_row_release(struct run_row *r)
{
	if (!r)
		return;
	free(r->label);
	free(r->backend);
	free(r->status);
	free(r->created_at);
	free(r->started_at);
	free(r->finished_at);
	free(r->heartbeat_at);
	free(r->error);
	free(r->workdir);
	free(r->tool_version);
	free(r->stage);
	free(r->sort_value);
	memset(r, 0, sizeof(*r));
}

void run_rows_free(struct run_row *r, int n)
{
	if (!r)
		return;
	for (int i = 0; i < n; i++)
		run_row_release(&r[i]);
	free(r);
}

/* A copy of text column i, or NULL when it is NULL. */
static char *col_dup(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL
		? NULL : xstrdup(col_text(st, i));
}

/* Copies the current row of a RUN_COLS query; with_sort: column 17 is
 * the sort value. */
static void run_read(sqlite3_stmt *st, struct run_row *r, bool with_sort)
{
	memset(r, 0, sizeof(*r));
	r->id = (long)sqlite3_column_int64(st, 0);
	r->design_id = (long)sqlite3_column_int64(st, 1);
	snprintf(r->commit, sizeof(r->commit), "%s", col_text(st, 2));
	r->label = xstrdup(col_text(st, 3));
	r->backend = xstrdup(col_text(st, 4));
	r->status = xstrdup(col_text(st, 5));
	r->created_at = xstrdup(col_text(st, 6));
	r->started_at = col_dup(st, 7);
	r->finished_at = col_dup(st, 8);
	r->worker_pid = (long)sqlite3_column_int64(st, 9);
	r->heartbeat_at = col_dup(st, 10);
	r->has_exit_code = sqlite3_column_type(st, 11) != SQLITE_NULL;
	r->exit_code = sqlite3_column_int(st, 11);
	r->error = col_dup(st, 12);
	r->workdir = col_dup(st, 13);
	r->tool_version = col_dup(st, 14);
	r->stage = col_dup(st, 15);
	r->has_progress = sqlite3_column_type(st, 16) != SQLITE_NULL;
	r->progress = sqlite3_column_double(st, 16);
	if (with_sort && sqlite3_column_type(st, 17) != SQLITE_NULL) {
		r->sort_value = xmalloc(sizeof(*r->sort_value));
		*r->sort_value = sqlite3_column_double(st, 17);
	}
}

int store_run_add(struct store *s, long design_id, const char *backend,
		  long *id, struct error *err)
{
	sqlite3_stmt *st;
	char now[32];
	int rc;

	if (!backend || !*backend)
		return error_set(err, "a run needs a backend");
	if (tx_begin(s, err) < 0)
		return -1;
	st = stmt_get(s, ST_RUN_ADD, err);
	if (!st)
		goto fail;
	now_iso(now);
	rc = sqlite3_bind_int64(st, 1, design_id);
	if (rc == SQLITE_OK)
		rc = bind_text(st, 2, backend);
	if (rc == SQLITE_OK)
		rc = bind_text(st, 3, now);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc == SQLITE_CONSTRAINT_FOREIGNKEY)
		error_set(err, "no design:%ld", design_id);
	else if (rc != SQLITE_DONE)
		db_fail(s, err, "add a run");
	stmt_done(st);
	if (rc != SQLITE_DONE)
		goto fail;
	*id = (long)sqlite3_last_insert_rowid(s->db);
	return tx_commit(s, err);
fail:
	tx_rollback(s);
	return -1;
}

/* Reads run id into *out inside the caller's transaction (or none). */
static int run_get(struct store *s, long id, struct run_row *out,
		   struct error *err)
{
	sqlite3_stmt *st = stmt_get(s, ST_RUN_GET, err);
	int rc;

	memset(out, 0, sizeof(*out));
	if (!st)
		return -1;
	rc = sqlite3_bind_int64(st, 1, id);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		run_read(st, out, false);
	else if (rc == SQLITE_DONE)
		error_set(err, "no run:%ld", id);
	else
		db_fail(s, err, "read a run");
	stmt_done(st);
	return rc == SQLITE_ROW ? 0 : -1;
}

int store_run_get(struct store *s, long id, struct run_row *out,
		  struct error *err)
{
	return run_get(s, id, out, err);
}

int store_run_claim(struct store *s, long worker_pid, struct run_row *row,
		    bool *got, struct error *err)
{
	sqlite3_stmt *st;
	char now[32];
	long id = 0;
	int rc;

	*got = false;
	if (tx_begin(s, err) < 0)
		return -1;
	st = stmt_get(s, ST_RUN_CLAIM, err);
	if (!st)
		goto fail;
	now_iso(now);
	rc = sqlite3_bind_int64(st, 1, worker_pid);
	if (rc == SQLITE_OK)
		rc = bind_text(st, 2, now);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		id = (long)sqlite3_column_int64(st, 0);
		rc = sqlite3_step(st);
	}
	if (rc != SQLITE_DONE)
		db_fail(s, err, "claim a run");
	stmt_done(st);
	if (rc != SQLITE_DONE || (id && run_get(s, id, row, err) < 0))
		goto fail;
	if (tx_commit(s, err) < 0) {
		if (id)
			run_row_release(row);
		return -1;
	}
	*got = id != 0;
	return 0;
fail:
	tx_rollback(s);
	return -1;
}

/* Runs a cached write statement inside its own BEGIN IMMEDIATE
 * transaction; the caller has bound it (rc the binding result). */
/* Opens a write transaction and returns the cached statement id; NULL
 * (transaction rolled back, err filled) on failure. */
static sqlite3_stmt *write_begin(struct store *s, enum stmt_id id,
				 struct error *err)
{
	sqlite3_stmt *st;

	if (tx_begin(s, err) < 0)
		return NULL;
	st = stmt_get(s, id, err);
	if (!st)
		tx_rollback(s);
	return st;
}

static int write_one(struct store *s, sqlite3_stmt *st, int rc,
		     const char *what, struct error *err)
{
	if (step_done(s, st, rc, what, err) < 0) {
		tx_rollback(s);
		return -1;
	}
	return tx_commit(s, err);
}

int store_run_progress(struct store *s, long id, const char *stage,
		       double progress, struct error *err)
{
	sqlite3_stmt *st;
	char now[32];
	int rc;

	st = write_begin(s, ST_RUN_PROGRESS, err);
	if (!st)
		return -1;
	now_iso(now);
	rc = sqlite3_bind_int64(st, 1, id);
	if (rc == SQLITE_OK)
		rc = bind_text(st, 2, stage);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_double(st, 3, progress);
	if (rc == SQLITE_OK)
		rc = bind_text(st, 4, now);
	return write_one(s, st, rc, "record a run's progress", err);
}

int store_run_heartbeat(struct store *s, long worker_pid, struct error *err)
{
	sqlite3_stmt *st;
	char now[32];
	int rc;

	st = write_begin(s, ST_RUN_HEARTBEAT, err);
	if (!st)
		return -1;
	now_iso(now);
	rc = sqlite3_bind_int64(st, 1, worker_pid);
	if (rc == SQLITE_OK)
		rc = bind_text(st, 2, now);
	return write_one(s, st, rc, "record a heartbeat", err);
}

int store_run_finish(struct store *s, long id, const char *status,
		     bool has_exit, int exit_code, const char *error,
		     struct error *err)
{
	sqlite3_stmt *st;
	char now[32];
	int rc;

	if (!status || (strcmp(status, "succeeded") != 0 &&
			strcmp(status, "failed") != 0))
		return error_set(err, "a run ends succeeded or failed, not"
				 " '%s'", status ? status : "");
	st = write_begin(s, ST_RUN_FINISH, err);
	if (!st)
		return -1;
	now_iso(now);
	rc = sqlite3_bind_int64(st, 1, id);
	if (rc == SQLITE_OK)
		rc = bind_text(st, 2, status);
	if (rc == SQLITE_OK)
		rc = has_exit ? sqlite3_bind_int(st, 3, exit_code)
			      : sqlite3_bind_null(st, 3);
	if (rc == SQLITE_OK)
		rc = bind_text(st, 4, error);
	if (rc == SQLITE_OK)
		rc = bind_text(st, 5, now);
	return write_one(s, st, rc, "finish a run", err);
}

int store_run_ingested(struct store *s, long id, struct error *err)
{
	sqlite3_stmt *st;
	char now[32];
	int rc;

	st = write_begin(s, ST_RUN_INGESTED, err);
	if (!st)
		return -1;
	now_iso(now);
	rc = sqlite3_bind_int64(st, 1, id);
	if (rc == SQLITE_OK)
		rc = bind_text(st, 2, now);
	return write_one(s, st, rc, "record an ingested run", err);
}

int store_run_tool_version(struct store *s, long id, const char *version,
			   struct error *err)
{
	sqlite3_stmt *st;
	int rc;

	st = write_begin(s, ST_RUN_TOOL, err);
	if (!st)
		return -1;
	rc = sqlite3_bind_int64(st, 1, id);
	if (rc == SQLITE_OK)
		rc = bind_text(st, 2, version);
	return write_one(s, st, rc, "record a tool version", err);
}

/* The status (copied into buf) and worker pid of run id, inside the
 * caller's transaction; "no run:N" when absent. */
static int run_status(struct store *s, long id, char *buf, size_t n,
		      long *pid, struct error *err)
{
	sqlite3_stmt *st = stmt_get(s, ST_RUN_STATUS, err);
	int rc;

	if (!st)
		return -1;
	rc = sqlite3_bind_int64(st, 1, id);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		snprintf(buf, n, "%s", col_text(st, 0));
		*pid = (long)sqlite3_column_int64(st, 1);
	} else if (rc == SQLITE_DONE) {
		error_set(err, "no run:%ld", id);
	} else {
		db_fail(s, err, "read a run");
	}
	stmt_done(st);
	return rc == SQLITE_ROW ? 0 : -1;
}

int store_run_cancel(struct store *s, long id, bool *was_running, long *pid,
		     struct error *err)
{
	sqlite3_stmt *st;
	char status[16], now[32];
	bool running;
	long wpid;
	int rc;

	*was_running = false;
	*pid = 0;
	if (tx_begin(s, err) < 0)
		return -1;
	if (run_status(s, id, status, sizeof(status), &wpid, err) < 0)
		goto fail;
	running = strcmp(status, "running") == 0;
	if (!running && strcmp(status, "queued") != 0) {
		error_set(err, "run:%ld has already ended (%s)", id, status);
		goto fail;
	}
	st = stmt_get(s, running ? ST_RUN_CANCEL_RUNNING
			 : ST_RUN_CANCEL_QUEUED, err);
	if (!st)
		goto fail;
	now_iso(now);
	rc = sqlite3_bind_int64(st, 1, id);
	if (rc == SQLITE_OK && !running)
		rc = bind_text(st, 2, now);
	if (step_done(s, st, rc, "cancel a run", err) < 0 ||
	    tx_commit(s, err) < 0)
		goto fail;
	*was_running = running;
	*pid = running ? wpid : 0;
	return 0;
fail:
	tx_rollback(s);
	return -1;
}

/* Splits "SOURCE.KEY" (or "KEY": csynth) into source and key (in buf). */
static int sort_split(const char *sort_key, const char **source,
		      const char **key, char *buf, size_t n,
		      struct error *err)
{
	const char *dot = strchr(sort_key, '.');

	*source = "csynth";
	*key = sort_key;
	if (!dot)
		return 0;
	if ((size_t)(dot - sort_key) >= n)
		return check_source(sort_key, err);
	memcpy(buf, sort_key, (size_t)(dot - sort_key));
	buf[dot - sort_key] = '\0';
	*source = buf;
	*key = dot + 1;
	return check_source(buf, err);
}

/* Run rows by sort value then id, those without a value last (by id);
 * run_cmp_desc orders the values the other way, ties still by id. */
static int run_cmp_asc(const void *pa, const void *pb)
{
	const struct run_row *a = pa, *b = pb;

	if (!a->sort_value != !b->sort_value)
		return a->sort_value ? -1 : 1;
	if (a->sort_value && *a->sort_value != *b->sort_value)
		return *a->sort_value < *b->sort_value ? -1 : 1;
	return (a->id > b->id) - (a->id < b->id);
}

static int run_cmp_desc(const void *pa, const void *pb)
{
	const struct run_row *a = pa, *b = pb;

	if (!a->sort_value != !b->sort_value)
		return a->sort_value ? -1 : 1;
	if (a->sort_value && *a->sort_value != *b->sort_value)
		return *a->sort_value > *b->sort_value ? -1 : 1;
	return (a->id > b->id) - (a->id < b->id);
}

int store_runs_list(struct store *s, const char *status_filter,
		    const char *sort_key, bool desc, struct run_row **rows,
		    int *n, struct error *err)
{
	const char *source = NULL, *key = NULL;
	struct run_row *r = NULL;
	sqlite3_stmt *st;
	char src[16];
	int rc, len = 0, cap = 0;

	*rows = NULL;
	*n = 0;
	if (sort_key && sort_split(sort_key, &source, &key, src, sizeof(src),
				   err) < 0)
		return -1;
	st = stmt_get(s, ST_RUNS_LIST, err);
	if (!st)
		return -1;
	rc = bind_text(st, 1, status_filter);
	if (rc == SQLITE_OK)
		rc = bind_text(st, 2, source);
	if (rc == SQLITE_OK)
		rc = bind_text(st, 3, key);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (len == cap) {
			cap = cap ? 2 * cap : 32;
			r = xreallocarray(r, (size_t)cap, sizeof(*r));
		}
		run_read(st, &r[len++], sort_key != NULL);
		rc = SQLITE_OK;
	}
	if (rc != SQLITE_DONE) {
		db_fail(s, err, "list runs");
		stmt_done(st);
		run_rows_free(r, len);
		return -1;
	}
	stmt_done(st);
	if (len > 1)
		qsort(r, (size_t)len, sizeof(*r),
		      desc ? run_cmp_desc : run_cmp_asc);
	*rows = r;
	*n = len;
	return 0;
}

/* Ends run id for store_runs_reap, inside its transaction. */
static int reap_one(struct store *s, long id, const char *now,
		    struct error *err)
{
	sqlite3_stmt *st = stmt_get(s, ST_RUN_REAP, err);
	int rc;

	if (!st)
		return -1;
	rc = sqlite3_bind_int64(st, 1, id);
	if (rc == SQLITE_OK)
		rc = bind_text(st, 2, now);
	return step_done(s, st, rc, "end a run", err);
}

int store_runs_reap(struct store *s, bool (*alive)(long pid), int *n,
		    struct error *err)
{
	long *ids = NULL;
	char now[32];
	int rc, len = 0, cap = 0, failed = 0;
	sqlite3_stmt *st;

	*n = 0;
	if (tx_begin(s, err) < 0)
		return -1;
	st = stmt_get(s, ST_RUNS_LIVE, err);
	if (!st)
		goto fail;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		long pid = (long)sqlite3_column_int64(st, 1);

		if (pid > 0 && alive(pid))
			continue;
		if (len == cap) {
			cap = cap ? 2 * cap : 16;
			ids = xreallocarray(ids, (size_t)cap, sizeof(*ids));
		}
		ids[len++] = (long)sqlite3_column_int64(st, 0);
	}
	if (rc != SQLITE_DONE)
		db_fail(s, err, "list running runs");
	stmt_done(st);
	if (rc != SQLITE_DONE)
		goto fail;
	now_iso(now);
	for (int i = 0; i < len; i++) {
		long pid;
		char status[16];

		if (run_status(s, ids[i], status, sizeof(status), &pid,
			       err) < 0 || reap_one(s, ids[i], now, err) < 0)
			goto fail;
		failed += strcmp(status, "running") == 0;
	}
	free(ids);
	if (tx_commit(s, err) < 0)
		return -1;
	*n = failed;
	return 0;
fail:
	free(ids);
	tx_rollback(s);
	return -1;
}

int store_data_version(struct store *s, long *version, struct error *err)
{
	if (query_int(s->db, "PRAGMA data_version", version) != SQLITE_OK)
		return db_fail(s, err, "read the data version");
	return 0;
}
