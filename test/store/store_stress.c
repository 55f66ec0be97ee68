/*
 * store_stress.c - the concurrency check behind
 * test/cli/t_store_concurrency.sh. Modes:
 *   store_stress init DB           create the store
 *   store_stress run DB SECS TAG   for SECS seconds, add designs (commit
 *                                  "TAG-n", 10 metrics each), add 5
 *                                  metrics to an existing design, list
 *                                  and read; print what was written
 *   store_stress check DB          row counts and PRAGMA integrity_check,
 *                                  read through the sqlite3 library
 * Any store error is printed on stderr and makes the exit status 1.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/xalloc.h"
#include "projects/store.h"

static const char *const keys[10] = {
	"dsp", "lut", "ff", "bram18", "uram", "latency_cycles", "latency_ns",
	"ii", "power", "fmax",
};

static int fail(const char *what, const struct error *err)
{
	fprintf(stderr, "store_stress: %s: %s\n", what, err->msg);
	return 1;
}

/* One write round: a new design, metrics on an older one, a list and a
 * read. Counts rows written into *designs and *metrics. */
static int round_once(struct store *s, const char *tag, long n,
		      long *designs, long *metrics, long *last_id)
{
	struct metric m[10];
	struct design_row *rows;
	struct metric *got;
	struct error err = { "" };
	struct store_query q = { .source = "estimate", .sort_key = "dsp",
				 .desc = (n & 1) != 0, .limit = 20 };
	char commit[64], extra[5][48];
	bool existed;
	long id;
	int nr, ng;

	snprintf(commit, sizeof(commit), "%s-%ld", tag, n);
	for (int i = 0; i < 10; i++) {
		m[i].layer = "";
		m[i].key = (char *)keys[i];
		m[i].value = (double)(rand() % 1000);
	}
	if (store_design_add(s, commit, "stress", "{}", "estimate", m, 10,
			     &id, &existed, &err) < 0)
		return fail("design add", &err);
	if (existed)
		return fail("design add", &(struct error){ "commit existed" });
	*designs += 1;
	*metrics += 10;
	*last_id = id;
	/* Five metrics with keys no other process uses, on a design that
	 * any process may have written. */
	for (int i = 0; i < 5; i++) {
		snprintf(extra[i], sizeof(extra[i]), "%s_%ld_%d", tag, n, i);
		m[i].layer = "fc1";
		m[i].key = extra[i];
	}
	id = 1 + rand() % *last_id;
	if (store_metrics_add(s, id, false, "estimate", m, 5, &err) < 0)
		return fail("metrics add", &err);
	*metrics += 5;
	if (store_designs_list(s, &q, &rows, &nr, &err) < 0)
		return fail("list", &err);
	design_rows_free(rows, nr);
	if (store_metrics_get(s, id, false, "estimate", &got, &ng, &err) < 0)
		return fail("metrics get", &err);
	metrics_free(got, ng);
	return 0;
}

static int run(const char *db, double secs, const char *tag)
{
	struct store *s;
	struct error err = { "" };
	struct timespec t0, t;
	long n = 0, designs = 0, metrics = 0, last_id = 1;
	int rc = 0;

	srand((unsigned)getpid());
	if (store_open(db, false, &s, &err) < 0)
		return fail("open", &err);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	do {
		rc = round_once(s, tag, n++, &designs, &metrics, &last_id);
		clock_gettime(CLOCK_MONOTONIC, &t);
	} while (rc == 0 && (double)(t.tv_sec - t0.tv_sec) +
		 (double)(t.tv_nsec - t0.tv_nsec) / 1e9 < secs);
	store_close(s);
	printf("designs %ld metrics %ld\n", designs, metrics);
	return rc;
}

static long raw_int(sqlite3 *db, const char *sql, char *text, size_t len)
{
	sqlite3_stmt *st;
	long v = -1;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW) {
		v = (long)sqlite3_column_int64(st, 0);
		if (text)
			snprintf(text, len, "%s",
				 (const char *)sqlite3_column_text(st, 0));
	}
	sqlite3_finalize(st);
	return v;
}

static int check(const char *path)
{
	sqlite3 *db;
	char ic[256] = "";

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL)) {
		fprintf(stderr, "store_stress: %s\n", sqlite3_errmsg(db));
		sqlite3_close(db);
		return 1;
	}
	printf("designs %ld metrics %ld\n",
	       raw_int(db, "SELECT count(*) FROM designs", NULL, 0),
	       raw_int(db, "SELECT count(*) FROM metrics", NULL, 0));
	raw_int(db, "PRAGMA integrity_check", ic, sizeof(ic));
	printf("integrity %s\n", ic);
	sqlite3_close(db);
	return 0;
}

int main(int argc, char **argv)
{
	struct store *s;
	struct error err = { "" };

	if (argc == 3 && strcmp(argv[1], "init") == 0) {
		if (store_open(argv[2], true, &s, &err) < 0)
			return fail("init", &err);
		store_close(s);
		return 0;
	}
	if (argc == 5 && strcmp(argv[1], "run") == 0)
		return run(argv[2], atof(argv[3]), argv[4]);
	if (argc == 3 && strcmp(argv[1], "check") == 0)
		return check(argv[2]);
	fprintf(stderr, "usage: store_stress init|run|check DB [SECS TAG]\n");
	return 2;
}
