/*
 * bench_store.c - `make bench`: the cost of the SQLite run store
 * (projects/store.c) on a store file in a fresh directory (argv[1], else
 * one under $TMPDIR or /tmp): inserting 100 000 metric rows as 1 250
 * saved designs of 10 layers x 8 keys (one transaction each), and as one
 * transaction; listing 10 000 designs sorted by a design-level metric
 * (all of them, and filtered on another metric with a limit). Each
 * figure is the median wall-clock time (CLOCK_MONOTONIC) over several
 * runs; every insert run starts from a new store.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/xalloc.h"
#include "projects/store.h"
#include "test/bench/benchlib.h"

#define INSERT_RUNS 5
#define LIST_RUNS 21
#define ROWS 100000
#define LAYERS 10
#define KEYS 8
#define LIST_DESIGNS 10000

static const char *const keys[KEYS] = {
	"dsp", "lut", "ff", "bram18", "uram", "latency_cycles", "ii",
	"latency_ns",
};

static char dir[4096];

static double now_ms(void)
{
	return now_us() / 1e3;
}

static void die(const struct error *err)
{
	fprintf(stderr, "bench_store: %s\n", err->msg);
	exit(1);
}

/* A new, empty store at dir/name (any old one removed). */
static struct store *fresh(const char *name, char *path, size_t len)
{
	const char *suffix[] = { "", "-wal", "-shm" };
	struct store *s;
	struct error err;
	char p[4200];

	snprintf(path, len, "%s/%s", dir, name);
	for (int i = 0; i < 3; i++) {
		snprintf(p, sizeof(p), "%s%s", path, suffix[i]);
		unlink(p);
	}
	if (store_open(path, true, &s, &err) < 0)
		die(&err);
	return s;
}

/* The 80 metrics of one design estimate: layer "" (the totals) and
 * fc1..fc9, each with the 8 keys; values vary with seed. */
static void design_metrics(struct metric *m, char layer[LAYERS][16],
			   long seed)
{
	for (int l = 0; l < LAYERS; l++) {
		if (l)
			snprintf(layer[l], 16, "fc%d", l);
		else
			layer[l][0] = '\0';
		for (int k = 0; k < KEYS; k++) {
			struct metric *x = &m[l * KEYS + k];

			x->layer = layer[l];
			x->key = (char *)keys[k];
			x->value = (double)((seed * 7919 + l * 31 + k) % 5000);
		}
	}
}

/* A design.json of about 1 KB: the defaults and nine layer overrides. */
static char *design_json(void)
{
	char *j = xstrdup("{\"format\":\"hlsdse-design/1\",\"part\":"
			  "\"xcvu13p-flga2577-2-e\",\"clock_ns\":5.0,"
			  "\"io_type\":\"io_parallel\",\"backend\":\"vitis\","
			  "\"defaults\":{\"precision\":\"ap_fixed<16,6>\","
			  "\"reuse_factor\":1,\"strategy\":\"latency\"},"
			  "\"layers\":{");

	for (int l = 1; l < LAYERS; l++) {
		char *t = xasprintf("%s%s\"fc%d\":{\"reuse_factor\":4,"
				    "\"strategy\":\"resource\",\"precision\":"
				    "{\"weight\":\"ap_fixed<8,3>\"}}", j,
				    l > 1 ? "," : "", l);

		free(j);
		j = t;
	}
	{
		char *t = xasprintf("%s}}", j);

		free(j);
		j = t;
	}
	return j;
}

/* Adds n designs (a 40-hex-digit commit made from i) with 80 metrics
 * each, one transaction per design. */
static void add_designs(struct store *s, long n)
{
	struct metric m[LAYERS * KEYS];
	char layer[LAYERS][16], commit[48];
	char *json = design_json();
	struct error err;
	bool existed;
	long id;

	for (long i = 0; i < n; i++) {
		design_metrics(m, layer, i);
		snprintf(commit, sizeof(commit), "%08lx%032lx",
			 (unsigned long)(i * 2654435761u) & 0xffffffffu,
			 (unsigned long)i);
		if (store_design_add(s, commit, "", json, "estimate", m,
				     LAYERS * KEYS, &id, &existed, &err) < 0)
			die(&err);
	}
	free(json);
}

static double bench_per_design(void)
{
	double t[INSERT_RUNS];
	char path[4200];

	for (int r = 0; r < INSERT_RUNS; r++) {
		struct store *s = fresh("per_design.db", path, sizeof(path));
		double t0 = now_ms();

		add_designs(s, ROWS / (LAYERS * KEYS));
		t[r] = now_ms() - t0;
		store_close(s);
	}
	return bench_median(t, INSERT_RUNS);
}

static double bench_one_transaction(void)
{
	struct metric *m = xcalloc(ROWS, sizeof(*m));
	char (*layer)[16] = xcalloc(ROWS / KEYS, sizeof(*layer));
	double t[INSERT_RUNS];
	char path[4200];
	struct error err;
	bool existed;
	long id;

	for (int i = 0; i < ROWS; i++) {
		if (i % KEYS == 0)
			snprintf(layer[i / KEYS], 16, "l%05d", i / KEYS);
		m[i].layer = layer[i / KEYS];
		m[i].key = (char *)keys[i % KEYS];
		m[i].value = i;
	}
	for (int r = 0; r < INSERT_RUNS; r++) {
		struct store *s = fresh("one_tx.db", path, sizeof(path));
		double t0;

		if (store_design_add(s, "c0", "", "{}", "estimate", NULL, 0,
				     &id, &existed, &err) < 0)
			die(&err);
		t0 = now_ms();
		if (store_metrics_add(s, id, false, "estimate", m, ROWS,
				      &err) < 0)
			die(&err);
		t[r] = now_ms() - t0;
		store_close(s);
	}
	free(layer);
	free(m);
	return bench_median(t, INSERT_RUNS);
}

static double bench_list(struct store *s, const struct store_query *q,
			 int *rows)
{
	double t[LIST_RUNS];
	struct design_row *r;
	struct error err;

	for (int i = 0; i < LIST_RUNS + 1; i++) {
		double t0 = now_ms();

		if (store_designs_list(s, q, &r, rows, &err) < 0)
			die(&err);
		design_rows_free(r, *rows);
		if (i > 0)	/* the first run warms the page cache */
			t[i - 1] = now_ms() - t0;
	}
	return bench_median(t, LIST_RUNS);
}

int main(int argc, char **argv)
{
	struct store_query all = { .source = "estimate", .sort_key = "dsp" };
	struct store_query some = { .source = "estimate", .sort_key = "dsp",
				    .desc = true, .filter_key = "lut",
				    .has_min = true, .min = 1000,
				    .has_max = true, .max = 2000,
				    .limit = 50 };
	char path[4200];
	struct store *s;
	double t0, build;
	int n_all, n_some;

	if (argc > 1) {
		snprintf(dir, sizeof(dir), "%s", argv[1]);
	} else {
		const char *tmp = getenv("TMPDIR");

		snprintf(dir, sizeof(dir), "%s/bench_store.XXXXXX",
			 tmp && *tmp ? tmp : "/tmp");
		if (!mkdtemp(dir)) {
			perror("bench_store: mkdtemp");
			return 1;
		}
	}
	printf("store benchmarks in %s (median of %d insert runs, %d list"
	       " runs)\n", dir, INSERT_RUNS, LIST_RUNS);
	printf("%-52s %8.1f ms\n", "100k metric rows, 1 transaction per design"
	       " (80)", bench_per_design());
	printf("%-52s %8.1f ms\n", "100k metric rows, one transaction",
	       bench_one_transaction());

	s = fresh("list.db", path, sizeof(path));
	t0 = now_ms();
	add_designs(s, LIST_DESIGNS);
	build = now_ms() - t0;
	printf("  (built %d designs x %d metrics in %.0f ms)\n", LIST_DESIGNS,
	       LAYERS * KEYS, build);
	printf("%-52s %8.2f ms\n", "list 10k designs sorted by estimate dsp",
	       bench_list(s, &all, &n_all));
	printf("%-52s %8.2f ms\n", "  filtered 1000 <= lut <= 2000, desc,"
	       " limit 50", bench_list(s, &some, &n_some));
	printf("  (%d and %d rows)\n", n_all, n_some);
	store_close(s);
	if (argc <= 1) {
		const char *names[] = { "per_design.db", "one_tx.db",
					"list.db" };

		for (int i = 0; i < 3; i++) {
			snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
			unlink(path);
		}
		rmdir(dir);
	}
	return 0;
}
