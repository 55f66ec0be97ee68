/*
 * accuracy_test.c - estimate-against-actual statistics
 * (reports/accuracy.c) and the runs they are computed over
 * (reports/runset.c): medians and nearest-rank percentiles worked out
 * by hand, a store in a temporary directory filled by hand through
 * projects/store.h and read back by runset_load, and the id lists users
 * type.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "reports/accuracy.h"
#include "testlib.h"

static void test_median(void **state)
{
	const double odd[] = { 3, 1, 2 }, even[] = { 4, 1, 3, 2 };
	const double one[] = { -7.5 };

	(void)state;
	assert_true(accuracy_median(odd, 3) == 2);
	assert_true(accuracy_median(even, 4) == 2.5);	/* (2 + 3) / 2 */
	assert_true(accuracy_median(one, 1) == -7.5);
}

static void test_percentile(void **state)
{
	double ten[10], eleven[11];

	(void)state;
	for (int i = 0; i < 10; i++)
		ten[9 - i] = i + 1;	/* 10, 9 .. 1: order must not matter */
	for (int i = 0; i < 11; i++)
		eleven[i] = i + 1;
	/* nearest rank: the ceil(0.9 n)-th smallest: n = 10 -> 9th = 9;
	 * n = 11 -> ceil(9.9) = 10th = 10 */
	assert_true(accuracy_percentile(ten, 10, 90) == 9);
	assert_true(accuracy_percentile(eleven, 11, 90) == 10);
	assert_true(accuracy_percentile(ten, 10, 100) == 10);
	assert_true(accuracy_percentile(ten, 1, 90) == 10);
	assert_true(accuracy_percentile(ten, 10, 50) == 5);
}

struct fix {
	char dir[64];
	struct store *st;
	long d1, d2;
	long run[5];
};

static void put(struct metric *m, const char *layer, const char *key,
		double v)
{
	m->layer = (char *)layer;
	m->key = (char *)key;
	m->value = v;
}

/* design:1 (estimate dsp 80, lut 1487, layer fc1 dsp 80) with run:1
 * succeeded (csynth dsp 73, lut 2532; impl dsp 66) and run:2 failed;
 * design:2 (estimate dsp 20, lut 0) with run:3 succeeded (csynth dsp 18,
 * lut 0), run:4 succeeded (csynth dsp 0, lut 5) and run:5 queued. */
static int setup(void **state)
{
	struct fix *f = xcalloc(1, sizeof(*f));
	struct metric e1[3], e2[2], c[2], i1[1];
	struct error err;
	char *path;
	bool existed;

	if (test_tmpdir_make(f->dir, sizeof(f->dir), "accuracy_test") < 0)
		return -1;
	path = xasprintf("%s/runs.db", f->dir);
	if (store_open(path, true, &f->st, &err) < 0)
		return -1;
	free(path);
	put(&e1[0], "", "dsp", 80);
	put(&e1[1], "", "lut", 1487);
	put(&e1[2], "fc1", "dsp", 80);
	put(&e2[0], "", "dsp", 20);
	put(&e2[1], "", "lut", 0);
	if (store_design_add(f->st, "1111111111111111111111111111111111111111",
			     "a", "{}", "estimate", e1, 3, &f->d1, &existed,
			     &err) < 0 ||
	    store_design_add(f->st, "2222222222222222222222222222222222222222",
			     "b", "{}", "estimate", e2, 2, &f->d2, &existed,
			     &err) < 0)
		return -1;
	for (int i = 0; i < 5; i++)
		if (store_run_add(f->st, i < 2 ? f->d1 : f->d2, "vivado",
				  &f->run[i], &err) < 0)
			return -1;
	put(&c[0], "", "dsp", 73);
	put(&c[1], "", "lut", 2532);
	put(&i1[0], "", "dsp", 66);
	if (store_metrics_add(f->st, f->run[0], true, "csynth", c, 2, &err) ||
	    store_metrics_add(f->st, f->run[0], true, "impl", i1, 1, &err) ||
	    store_run_ingested(f->st, f->run[0], &err) < 0 ||
	    store_run_finish(f->st, f->run[1], "failed", true, 1, "no tool",
			     &err) < 0)
		return -1;
	put(&c[0], "", "dsp", 18);
	put(&c[1], "", "lut", 0);
	if (store_metrics_add(f->st, f->run[2], true, "csynth", c, 2, &err) ||
	    store_run_ingested(f->st, f->run[2], &err) < 0)
		return -1;
	put(&c[0], "", "dsp", 0);
	put(&c[1], "", "lut", 5);
	if (store_metrics_add(f->st, f->run[3], true, "csynth", c, 2, &err) ||
	    store_run_ingested(f->st, f->run[3], &err) < 0)
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fix *f = *state;
	int rc;

	store_close(f->st);
	rc = test_tmpdir_remove(f->dir);
	free(f);
	return rc;
}

static void test_load_all(void **state)
{
	struct fix *f = *state;
	struct runset_filter all = { 0 };
	struct runset rs;
	struct error err;
	double v;

	assert_int_equal(runset_load(&rs, f->st, NULL, &all, &err), 0);
	assert_int_equal(rs.n, 5);
	for (int i = 0; i < 5; i++)
		assert_int_equal(rs.runs[i].row.id, f->run[i]);
	assert_string_equal(runset_actual(&rs.runs[0]), "csynth");
	assert_null(runset_actual(&rs.runs[1]));
	assert_true(runset_done(&rs.runs[0]));
	assert_false(runset_done(&rs.runs[1]));
	assert_false(runset_done(&rs.runs[4]));
	assert_true(runset_value(&rs.runs[0], "estimate", "fc1", "dsp", &v));
	assert_true(v == 80);
	assert_true(runset_value(&rs.runs[0], "impl", "", "dsp", &v));
	assert_true(v == 66);
	assert_false(runset_value(&rs.runs[0], "impl", "", "lut", &v));
	assert_string_equal(rs.runs[1].row.error, "no tool");
	runset_release(&rs);
}

static void test_load_filtered(void **state)
{
	struct fix *f = *state;
	long runs[] = { f->run[3], f->run[0], f->run[2] }, designs[] = { 2 };
	long missing[] = { 99 };
	struct runset_filter by_runs = { runs, 3, NULL, 0 };
	struct runset_filter by_design = { NULL, 0, designs, 1 };
	struct runset_filter both = { runs, 3, designs, 1 };
	struct runset_filter bad = { missing, 1, NULL, 0 };
	struct runset_filter bad_design = { NULL, 0, missing, 1 };
	struct runset rs;
	struct error err;

	assert_int_equal(runset_load(&rs, f->st, NULL, &by_runs, &err), 0);
	assert_int_equal(rs.n, 3);	/* in the order listed */
	assert_int_equal(rs.runs[0].row.id, f->run[3]);
	assert_int_equal(rs.runs[1].row.id, f->run[0]);
	runset_release(&rs);
	assert_int_equal(runset_load(&rs, f->st, NULL, &by_design, &err), 0);
	assert_int_equal(rs.n, 3);	/* runs 3, 4, 5 */
	assert_int_equal(rs.runs[0].row.id, f->run[2]);
	runset_release(&rs);
	assert_int_equal(runset_load(&rs, f->st, NULL, &both, &err), 0);
	assert_int_equal(rs.n, 2);	/* run:4 and run:3 */
	assert_int_equal(rs.runs[0].row.id, f->run[3]);
	assert_int_equal(rs.runs[1].row.id, f->run[2]);
	runset_release(&rs);
	assert_int_equal(runset_load(&rs, f->st, NULL, &bad, &err), -1);
	assert_string_equal(err.msg, "no run:99");
	assert_int_equal(rs.n, 0);
	assert_int_equal(runset_load(&rs, f->st, NULL, &bad_design, &err), -1);
	assert_string_equal(err.msg, "no design:99");
}

static void test_pairs_and_stats(void **state)
{
	struct fix *f = *state;
	struct runset_filter all = { 0 };
	struct accuracy_pair *p;
	struct accuracy_stat st;
	struct runset rs;
	struct error err;
	int n;

	assert_int_equal(runset_load(&rs, f->st, NULL, &all, &err), 0);
	/* dsp: run:1 (80 - 73) / 73 = +9.589 %; run:2 failed, left out;
	 * run:3 (20 - 18) / 18 = +11.111 %; run:4 actual 0, estimate 20:
	 * no relative error, left out; run:5 queued */
	n = accuracy_pairs(&rs, "csynth", "dsp", &p);
	assert_int_equal(n, 2);
	assert_int_equal(p[0].run->row.id, f->run[0]);
	assert_true(fabs(p[0].err - 700.0 / 73) < 1e-12);
	assert_true(fabs(p[1].err - 200.0 / 18) < 1e-12);
	accuracy_stat(p, n, &st);
	/* median of two: (9.589 + 11.111) / 2 = 10.350; p90 nearest rank
	 * ceil(1.8) = 2nd = 11.111 */
	assert_true(fabs(st.median - (700.0 / 73 + 200.0 / 18) / 2) < 1e-12);
	assert_true(fabs(st.p90_abs - 200.0 / 18) < 1e-12);
	assert_true(fabs(st.max_abs - 200.0 / 18) < 1e-12);
	free(p);
	/* lut: run:1 (1487 - 2532) / 2532 = -41.27 %; run:3 both 0: 0 %;
	 * run:4 estimate 0 against 5: -100 % */
	n = accuracy_pairs(&rs, "csynth", "lut", &p);
	assert_int_equal(n, 3);
	accuracy_stat(p, n, &st);
	assert_true(fabs(st.median - 100.0 * (1487 - 2532) / 2532) < 1e-12);
	assert_true(fabs(st.median_abs - 100.0 * 1045 / 2532) < 1e-12);
	assert_true(st.p90_abs == 100);
	free(p);
	/* impl: run:1 only, beside the impl-mode estimate, which needs the
	 * model (none given here): no pairs */
	assert_int_equal(accuracy_pairs(&rs, "impl", "dsp", &p), 0);
	assert_null(p);
	runset_release(&rs);
}

static void test_table(void **state)
{
	struct fix *f = *state;
	struct runset_filter all = { 0 };
	struct runset rs;
	struct error err;
	struct doc d;
	struct strbuf sb;

	assert_int_equal(runset_load(&rs, f->st, NULL, &all, &err), 0);
	doc_init(&d, "t");
	assert_int_equal(accuracy_table(&d, &rs, "csynth", true), 2);
	assert_int_equal(accuracy_table(&d, &rs, "yosys", false), 0);
	strbuf_init(&sb);
	doc_render(&d, DOC_CSV, &sb);
	/* dsp: median +10.350 %, |median| the same, p90 and max 11.111 %;
	 * lut: -41.272 %, 41.272 %, 100 %, 100 %; each number as Python's
	 * repr prints it: repr((700/73 + 200/18) / 2) = 10.350076103500761,
	 * repr(200/18) = 11.11111111111111, repr(-104500/2532) =
	 * -41.27172195892575 */
	assert_string_equal(sb.buf,
		"metric,unit,runs,median_error,median_abs_error,"
		"p90_abs_error,max_abs_error\r\n"
		"dsp,slices,2,10.350076103500761,10.350076103500761,"
		"11.11111111111111,11.11111111111111\r\n"
		"lut,LUTs,3,-41.27172195892575,41.27172195892575,100,100\r\n");
	strbuf_release(&sb);
	doc_release(&d);
	runset_release(&rs);
}

static void test_parse_ids(void **state)
{
	struct error err;
	long *ids;
	int n;

	(void)state;
	assert_int_equal(runset_parse_ids("3,5,7", "run", &ids, &n, &err), 0);
	assert_int_equal(n, 3);
	assert_true(ids[0] == 3 && ids[1] == 5 && ids[2] == 7);
	free(ids);
	assert_int_equal(runset_parse_ids("run:3,run:12", "run", &ids, &n,
					  &err), 0);
	assert_true(n == 2 && ids[1] == 12);
	free(ids);
	assert_int_equal(runset_parse_ids("2-4,design:9", "design", &ids, &n,
					  &err), 0);
	assert_true(n == 4 && ids[0] == 2 && ids[2] == 4 && ids[3] == 9);
	free(ids);
	assert_int_equal(runset_parse_ids("run:2-run:3", "run", &ids, &n,
					  &err), 0);
	assert_true(n == 2 && ids[1] == 3);
	free(ids);
	const char *bad[] = { "", "3,", ",3", "x", "0", "-3", "4-2", "3-",
		"design:3", "run:", "3,,4", "99999999999999999999" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		assert_int_equal(runset_parse_ids(bad[i], "run", &ids, &n,
						  &err), -1);
		assert_null(ids);
		assert_int_equal(n, 0);
	}
	runset_parse_ids("design:3", "run", &ids, &n, &err);
	assert_string_equal(err.msg, "'design:3' is not a list of runs "
			    "(run:3,run:5 or 3-7)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_median),
		cmocka_unit_test(test_percentile),
		cmocka_unit_test(test_load_all),
		cmocka_unit_test(test_load_filtered),
		cmocka_unit_test(test_pairs_and_stats),
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_parse_ids),
	};

	return cmocka_run_group_tests_name("accuracy", tests, setup,
					   teardown);
}
