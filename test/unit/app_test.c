/*
 * app_test.c - the app's reducer (tui/app.c, app_knobs.c, app_store.c)
 * without a terminal: every action on every screen, knob steps through
 * valid reuse factors only (checked against hls4ml's rule worked by
 * hand), refused edits, undo/redo, marks, the precision form, apply to
 * a kind, search, save, dispatch (with the worker start replaced),
 * polling another connection's writes, compare, restore and cancel.
 * Each test gets a fresh project made from examples/jet_tagger.json
 * (make examples): input_1, fc1 16x64, fc1_relu, fc2 64x32, fc2_relu,
 * fc3 32x32, fc3_relu, output 32x5, output_softmax.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/keras.h"
#include "core/xalloc.h"
#include "projects/snapshot.h"
#include "test/unit/testlib.h"
#include "tui/app.h"

#define FC1 1
#define FC2 3
#define FC3 5
#define OUTPUT 7

struct fixture {
	char dir[128];
	char proj[192];
	struct app a;
	int worker_calls;
};

static struct fixture *current;

/* Stands in for worker_ensure: no process is started by unit tests. */
static int fake_worker(const char *dir, bool *started, struct error *err)
{
	(void)dir;
	(void)err;
	current->worker_calls++;
	*started = true;
	return 0;
}

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof(*f));
	struct design d;
	struct error err;

	if (test_tmpdir_make(f->dir, sizeof(f->dir), "app_test") < 0)
		return -1;
	snprintf(f->proj, sizeof(f->proj), "%s/jet", f->dir);
	snap_global_init();
	design_init(&d);
	if (project_init(f->proj, "examples/jet_tagger.json",
			 "examples/jet_tagger_weights.h5", &d, &err) < 0) {
		print_error("%s\n", err.msg);
		design_release(&d);
		return -1;
	}
	design_release(&d);
	if (app_open(&f->a, f->proj, &err) < 0) {
		print_error("%s\n", err.msg);
		return -1;
	}
	f->a.ensure_worker = fake_worker;
	current = f;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	int rc;

	app_close(&f->a);
	snap_global_shutdown();
	rc = test_tmpdir_remove(f->dir);
	free(f);
	return rc;
}

static long rf_of(struct app *a, int layer)
{
	return a->e.knobs[layer].reuse_factor;
}

static void to_layer(struct app *a, int layer)
{
	app_handle(a, DO_HOME);
	for (int i = 0; i < layer; i++)
		app_handle(a, DO_DOWN);
	assert_int_equal(a->cursor[SCREEN_LAYERS], layer);
}

static void type(struct app *a, const char *s)
{
	for (; *s; s++)
		app_type(a, (unsigned char)*s);
}

static void test_open(void **state)
{
	struct fixture *f = *state;
	struct app *a = &f->a;

	assert_true(a->has_project);
	assert_int_equal(a->m.n_layers, 9);
	assert_string_equal(a->m.layers[FC1].name, "fc1");
	assert_int_equal(a->screen, SCREEN_LAYERS);
	assert_int_equal(a->n_hist, 1);
	assert_int_equal(a->n_runs, 0);
	assert_false(a->dirty);
}

/* hls4ml's rule for fc1 (n_in 16, n_out 64, 1024 products): rf 2: mf 2,
 * ml 512, 512 % 64 == 0, 2 < 16, 1024 % 2 == 0: valid; rf 3: 1024 % 3
 * != 0: invalid; rf 4: ml 256 % 64 == 0: valid. So 1 -> 2 -> 4. */
static void test_rf_steps_valid_values(void **state)
{
	struct fixture *f = *state;
	struct app *a = &f->a;

	to_layer(a, FC1);
	assert_int_equal(rf_of(a, FC1), 1);
	assert_int_equal(app_handle(a, DO_RF_UP) & APP_REDRAW, APP_REDRAW);
	assert_int_equal(rf_of(a, FC1), 2);
	app_handle(a, DO_RF_UP);
	assert_int_equal(rf_of(a, FC1), 4);
	app_handle(a, DO_RF_DOWN);
	assert_int_equal(rf_of(a, FC1), 2);
	assert_false(a->status_err);
	assert_non_null(strstr(a->status, "fc1.reuse_factor=2"));
	assert_true(a->dirty);
}

/* The incremental re-estimate equals a fresh estimate of the same
 * design built with design_set; the DSP of fc1 falls and the total
 * moves by exactly fc1's change. */
static void test_estimate_follows_knob(void **state)
{
	struct fixture *f = *state;
	struct app *a = &f->a;
	double dsp0 = a->e.layers[FC1].dsp, tot0 = a->e.total.dsp;
	struct estimate fresh = { 0 };
	struct design d;
	struct error err;

	to_layer(a, FC1);
	app_handle(a, DO_RF_UP);
	assert_true(a->e.layers[FC1].dsp < dsp0);
	assert_true(a->e.total.dsp - tot0 == a->e.layers[FC1].dsp - dsp0);
	design_init(&d);
	assert_int_equal(design_read(&d, a->design_path, &err), 0);
	assert_int_equal(design_set(&d, &a->m, "fc1.reuse_factor=2", &err), 0);
	assert_int_equal(estimate_run(&fresh, &a->m, &d, EST_CSYNTH, &err), 0);
	for (int i = 0; i < a->m.n_layers; i++) {
		assert_true(fresh.layers[i].dsp == a->e.layers[i].dsp);
		assert_true(fresh.layers[i].lut == a->e.layers[i].lut);
		assert_int_equal(fresh.layers[i].latency, a->e.layers[i].latency);
	}
	assert_true(fresh.total.dsp == a->e.total.dsp);
	assert_int_equal(fresh.total.latency, a->e.total.latency);
	estimate_release(&fresh);
	design_release(&d);
}

static void test_marks(void **state)
{
	struct fixture *f = *state;
	struct app *a = &f->a;

	to_layer(a, FC1);
	app_handle(a, DO_RF_UP);
	assert_true(a->marks[FC1].changed & (1u << SUM_DSP));
	assert_false(a->marks[FC1].up & (1u << SUM_DSP));	/* fell */
	assert_true(a->marks[FC1].changed & MARK_RF);
	assert_true(a->total_mark.changed & (1u << SUM_DSP));
	assert_int_equal(a->marks[FC2].changed, 0);
	assert_int_equal(a->marks[OUTPUT].changed, 0);
	/* the next change marks only what it moves */
	to_layer(a, FC2);
	app_handle(a, DO_STRATEGY);
	assert_int_equal(a->marks[FC1].changed, 0);
	assert_true(a->marks[FC2].changed & MARK_STRATEGY);
}

static void test_refusals(void **state)
{
	struct fixture *f = *state;
	struct app *a = &f->a;

	to_layer(a, FC1);
	app_handle(a, DO_RF_DOWN);
	assert_true(a->status_err);
	assert_non_null(strstr(a->status, "smallest"));
	assert_int_equal(a->n_hist, 1);
	/* a layer without multiplications has no reuse factor */
	to_layer(a, FC1 + 1);
	app_handle(a, DO_RF_UP);
	assert_true(a->status_err);
	assert_non_null(strstr(a->status, "'fc1_relu'"));
	/* nor a parallelization factor (convolutions only) */
	to_layer(a, FC1);
	app_handle(a, DO_PF_UP);
	assert_true(a->status_err);
	/* a partition design_set refuses: the design stays as it was */
	assert_int_equal(app_handle(a, DO_PARTITION), APP_REDRAW);
	assert_int_equal(a->prompt, PROMPT_PARTITION);
	assert_string_equal(a->input, "auto");
	app_type(a, 127);
	app_type(a, 127);
	app_type(a, 127);
	app_type(a, 127);
	type(a, "bogus");
	app_handle(a, DO_ENTER);
	assert_int_equal(a->prompt, PROMPT_NONE);
	assert_true(a->status_err);
	assert_non_null(strstr(a->status, "bogus"));
	assert_int_equal(a->n_hist, 1);
	assert_false(a->dirty);
	/* and one it accepts */
	app_handle(a, DO_PARTITION);
	for (int i = 0; i < 4; i++)
		app_type(a, 127);
	type(a, "complete");
	app_handle(a, DO_ENTER);
	assert_false(a->status_err);
	assert_int_equal(a->e.knobs[FC1].partition.kind, PARTITION_COMPLETE);
}

/* design_set's refusal names the nearest valid values: fc1 with strategy
 * resource and RF 3 is refused with 2 and 4 (see the hand calculation
 * above), and the app shows that message. */
static void test_refusal_names_nearest(void **state)
{
	struct fixture *f = *state;
	struct app *a = &f->a;
	struct error err;

	to_layer(a, FC1);
	app_handle(a, DO_STRATEGY);
	assert_int_equal(a->e.knobs[FC1].strategy, STRATEGY_RESOURCE);
	assert_int_equal(design_set(&a->d, &a->m, "fc1.reuse_factor=3", &err),
			 -1);
	assert_non_null(strstr(err.msg, "nearest valid: 2, 4"));
	/* the app's RF step never offers 3 */
	app_handle(a, DO_RF_UP);
	app_handle(a, DO_RF_UP);
	assert_int_equal(rf_of(a, FC1), 4);
}

static void test_undo_redo(void **state)
{
	struct fixture *f = *state;
	struct app *a = &f->a;

	app_handle(a, DO_UNDO);
	assert_true(a->status_err);
	assert_non_null(strstr(a->status, "nothing to undo"));
	to_layer(a, FC1);
	app_handle(a, DO_RF_UP);
	app_handle(a, DO_RF_UP);
	app_handle(a, DO_STRATEGY);
	assert_int_equal(a->n_hist, 4);
	app_handle(a, DO_UNDO);
	assert_int_equal(a->e.knobs[FC1].strategy, STRATEGY_LATENCY);
	assert_int_equal(rf_of(a, FC1), 4);
	app_handle(a, DO_UNDO);
	assert_int_equal(rf_of(a, FC1), 2);
	assert_true(a->marks[FC1].changed & MARK_RF);
	app_handle(a, DO_REDO);
	assert_int_equal(rf_of(a, FC1), 4);
	app_handle(a, DO_UNDO);
	app_handle(a, DO_UNDO);
	assert_int_equal(rf_of(a, FC1), 1);
	assert_int_equal(a->hist_pos, 0);
	/* a new change drops the redo entries */
	to_layer(a, FC2);
	app_handle(a, DO_RF_UP);
	assert_int_equal(a->n_hist, 2);
	app_handle(a, DO_REDO);
	assert_true(a->status_err);
	assert_non_null(strstr(a->status, "nothing to redo"));
	assert_int_equal(rf_of(a, FC1), 1);
	assert_int_equal(rf_of(a, FC2), 2);
}

static void test_precision_form(void **state)
{
	struct fixture *f = *state;
	struct app *a = &f->a;
	struct layer_knobs *lk;
	int width0;

	to_layer(a, FC1);
	app_handle(a, DO_EDIT_PREC);
	assert_true(a->form_open);
	assert_int_equal(app_context(a), CTX_FORM);
	/* default, weight, bias, result, accum apply to a Dense layer */
	assert_int_equal(a->form.n, 5);
	assert_int_equal(a->form.slot[0], PREC_DEFAULT);
	assert_int_equal(a->form.slot[1], PREC_WEIGHT);
	/* weight: width + 2, integer bits - 1, rounding one step on */
	app_handle(a, DO_DOWN);
	width0 = a->form.p[1].type.width;
	app_handle(a, DO_INC);
	app_handle(a, DO_INC);
	app_handle(a, DO_RIGHT);
	app_handle(a, DO_DEC);
	app_handle(a, DO_RIGHT);
	app_handle(a, DO_RIGHT);
	app_handle(a, DO_INC);
	app_handle(a, DO_ENTER);
	assert_false(a->form_open);
	assert_false(a->status_err);
	lk = design_layer(&a->d, "fc1", false);
	assert_non_null(lk);
	assert_true(lk->prec[PREC_WEIGHT].set);
	assert_int_equal(lk->prec[PREC_WEIGHT].type.width, width0 + 2);
	assert_int_equal(lk->prec[PREC_WEIGHT].type.integer, 5);
	assert_int_equal(lk->prec[PREC_WEIGHT].type.round, FIXED_TRN_ZERO);
	assert_true(a->marks[FC1].changed & MARK_PREC);
	assert_int_equal(a->n_hist, 2);
	/* Esc leaves the design alone */
	app_handle(a, DO_EDIT_PREC);
	app_handle(a, DO_INC);
	app_handle(a, DO_BACK);
	assert_false(a->form_open);
	assert_int_equal(a->n_hist, 2);
}

/* fc1's RF 2 given to the other Dense layers: fc2 64x32 (mf 2, ml 1024,
 * 1024 % 32 == 0), fc3 32x32 (ml 512 % 32 == 0) and output 32x5 (ml 80,
 * 80 % 5 == 0) all accept it. */
static void test_apply_kind(void **state)
{
	struct fixture *f = *state;
	struct app *a = &f->a;
	int n;

	to_layer(a, FC2);
	app_handle(a, DO_APPLY_KIND);
	assert_true(a->status_err);	/* fc2 has no knobs of its own */
	to_layer(a, FC1);
	app_handle(a, DO_RF_UP);
	app_handle(a, DO_APPLY_KIND);
	assert_false(a->status_err);
	assert_non_null(strstr(a->status, "applied to 3 Dense layers"));
	assert_int_equal(rf_of(a, FC2), 2);
	assert_int_equal(rf_of(a, FC3), 2);
	assert_int_equal(rf_of(a, OUTPUT), 2);
	assert_true(a->marks[FC3].changed & MARK_RF);
	app_handle(a, DO_UNDO);
	assert_int_equal(rf_of(a, FC2), 1);
	assert_int_equal(rf_of(a, FC1), 2);
	/* the only Softmax layer: nothing to apply to, no history entry */
	to_layer(a, OUTPUT + 1);
	app_handle(a, DO_EDIT_PREC);
	app_handle(a, DO_INC);
	app_handle(a, DO_ENTER);
	assert_false(a->status_err);
	n = a->n_hist;
	app_handle(a, DO_APPLY_KIND);
	assert_true(a->status_err);
	assert_non_null(strstr(a->status, "the only Softmax layer"));
	assert_int_equal(a->n_hist, n);
}

static void test_search(void **state)
{
	struct fixture *f = *state;
	struct app *a = &f->a;

	app_handle(a, DO_SEARCH);
	assert_int_equal(a->prompt, PROMPT_SEARCH);
	type(a, "fc3");
	app_handle(a, DO_ENTER);
	assert_int_equal(a->cursor[SCREEN_LAYERS], FC3);
	app_handle(a, DO_SEARCH);
	type(a, "relu");
	app_handle(a, DO_ENTER);
	assert_int_equal(a->cursor[SCREEN_LAYERS], FC3 + 1);
	app_handle(a, DO_SEARCH_NEXT);
	assert_int_equal(a->cursor[SCREEN_LAYERS], FC1 + 1);	/* wrapped */
	app_handle(a, DO_SEARCH);
	type(a, "nothing-like-it");
	app_handle(a, DO_ENTER);
	assert_true(a->status_err);
	assert_int_equal(a->cursor[SCREEN_LAYERS], FC1 + 1);
	/* Esc cancels a prompt */
	app_handle(a, DO_SEARCH);
	type(a, "x");
	app_handle(a, DO_BACK);
	assert_int_equal(a->prompt, PROMPT_NONE);
}

static void test_save(void **state)
{
	struct fixture *f = *state;
	struct app *a = &f->a;
	struct store_query q = { .source = "estimate" };
	struct design_row *rows = NULL;
	char oid[SNAP_OID_HEX];
	struct error err;
	int n = 0;

	to_layer(a, FC1);
	app_handle(a, DO_RF_UP);
	app_handle(a, DO_SAVE);
	assert_int_equal(a->prompt, PROMPT_LABEL);
	type(a, "rf two");
	app_handle(a, DO_ENTER);
	assert_false(a->status_err);
	assert_non_null(strstr(a->status, "design:1 saved"));
	assert_false(a->dirty);
	assert_int_equal(store_designs_list(a->st, &q, &rows, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].label, "rf two");
	assert_int_equal(snap_resolve(a->p.dir, "HEAD", oid, &err), 0);
	assert_string_equal(oid, rows[0].commit);
	design_rows_free(rows, n);
	assert_int_equal(a->n_designs, 1);
	/* the same design again: unchanged */
	app_handle(a, DO_SAVE);
	app_handle(a, DO_ENTER);
	assert_non_null(strstr(a->status, "design:1 unchanged"));
}

static void dispatch(struct app *a)
{
	app_handle(a, DO_SCREEN_LAYERS);
	assert_int_equal(app_handle(a, DO_DISPATCH), APP_REDRAW);
	assert_true(a->dispatch_open);
	assert_int_equal(app_context(a), CTX_DISPATCH);
	app_handle(a, DO_ENTER);
	assert_false(a->dispatch_open);
}

static void test_dispatch(void **state)
{
	struct fixture *f = *state;
	struct app *a = &f->a;
	struct run_row r = { 0 };
	char tag_oid[SNAP_OID_HEX];
	struct error err;

	dispatch(a);
	assert_false(a->status_err);
	assert_non_null(strstr(a->status, "run:1 queued (backend vitis"));
	assert_int_equal(f->worker_calls, 1);
	assert_int_equal(store_run_get(a->st, 1, &r, &err), 0);
	assert_string_equal(r.status, "queued");
	assert_string_equal(r.backend, "vitis");
	assert_int_equal(snap_resolve(a->p.dir, "run-1", tag_oid, &err), 0);
	assert_string_equal(tag_oid, r.commit);
	run_row_release(&r);
	assert_int_equal(a->n_runs, 1);
	assert_int_equal(a->n_job_view, 1);
	/* the chooser moves over the backend table; Esc closes it */
	app_handle(a, DO_DISPATCH);
	app_handle(a, DO_RIGHT);
	assert_int_equal(a->dispatch_choice, 1);
	app_handle(a, DO_BACK);
	assert_false(a->dispatch_open);
	assert_int_equal(a->n_runs, 1);
}

/* Another connection's commit moves PRAGMA data_version: the next tick
 * re-reads the runs. */
static void test_poll(void **state)
{
	struct fixture *f = *state;
	struct app *a = &f->a;
	struct store *other;
	struct error err;
	char *db = project_path(&a->p, "runs.db");
	long id;

	dispatch(a);
	assert_int_equal(app_tick(a) & APP_REDRAW, 0);
	assert_int_equal(store_open(db, false, &other, &err), 0);
	assert_int_equal(store_run_add(other, 1, "vivado", &id, &err), 0);
	assert_int_equal(app_tick(a) & APP_REDRAW, APP_REDRAW);
	assert_int_equal(a->n_runs, 2);
	assert_string_equal(a->runs[1].r.backend, "vivado");
	assert_int_equal(app_tick(a) & APP_REDRAW, 0);
	store_close(other);
	free(db);
}

static void test_runs_screen(void **state)
{
	struct fixture *f = *state;
	struct app *a = &f->a;

	dispatch(a);
	to_layer(a, FC1);
	app_handle(a, DO_RF_UP);
	dispatch(a);
	app_handle(a, DO_SCREEN_RUNS);
	assert_int_equal(app_context(a), CTX_RUNS);
	assert_int_equal(a->n_run_view, 2);
	/* sort by run id, descending */
	app_handle(a, DO_SORT_REVERSE);
	assert_int_equal(a->runs[a->run_view[0]].r.id, 2);
	app_handle(a, DO_SORT_REVERSE);
	/* sort by the DSP estimate: run 2 (RF 2) has fewer DSPs */
	for (int i = 0; i < RUNCOL_DSP_EST; i++)
		app_handle(a, DO_SORT);
	assert_int_equal(a->sort_col, RUNCOL_DSP_EST);
	assert_true(a->runs[1].est[SUM_DSP] < a->runs[0].est[SUM_DSP]);
	assert_int_equal(a->runs[a->run_view[0]].r.id, 2);
	/* filters: queued shows both, running none */
	app_handle(a, DO_FILTER);
	assert_string_equal(app_filter_name(a->filter), "queued");
	assert_int_equal(a->n_run_view, 2);
	app_handle(a, DO_FILTER);
	assert_int_equal(a->n_run_view, 0);
	for (int i = 0; i < APP_N_FILTERS - 2; i++)
		app_handle(a, DO_FILTER);
	assert_int_equal(a->filter, 0);
	/* open one: the detail pairs its estimate (no actual yet) */
	app_handle(a, DO_HOME);
	app_handle(a, DO_ENTER);
	assert_int_equal(a->screen, SCREEN_RUN);
	assert_true(a->n_run_rows > 1);
	assert_string_equal(a->run_rows[0].layer, "");
	assert_true(a->run_rows[0].has_a & (1u << SUM_DSP));
	assert_int_equal(a->run_rows[0].has_b, 0);
	app_handle(a, DO_BACK);
	assert_int_equal(a->screen, SCREEN_RUNS);
}

static void test_compare_and_restore(void **state)
{
	struct fixture *f = *state;
	struct app *a = &f->a;

	dispatch(a);
	to_layer(a, FC1);
	app_handle(a, DO_RF_UP);
	app_handle(a, DO_RF_UP);
	dispatch(a);
	app_handle(a, DO_SCREEN_RUNS);
	app_handle(a, DO_HOME);
	app_handle(a, DO_MARK);
	app_handle(a, DO_MARK);
	assert_true(a->runs[0].marked && a->runs[1].marked);
	app_handle(a, DO_COMPARE);
	assert_int_equal(a->screen, SCREEN_COMPARE);
	assert_string_equal(a->cmp[0].name, "run:1");
	assert_string_equal(a->cmp[1].name, "run:2");
	assert_int_equal(a->cmp_nk, 1);
	assert_string_equal(a->cmp_k[0].layer, "fc1");
	assert_string_equal(a->cmp_k[0].knob, "reuse_factor");
	assert_string_equal(a->cmp_k[0].a, "1");
	assert_string_equal(a->cmp_k[0].b, "4");
	assert_string_equal(a->cmp_rows[0].layer, "");
	assert_true(a->cmp_rows[0].a[SUM_DSP] != a->cmp_rows[0].b[SUM_DSP]);
	app_handle(a, DO_BACK);
	/* one marked run against the working design */
	app_handle(a, DO_HOME);
	app_handle(a, DO_MARK);
	app_handle(a, DO_COMPARE);
	assert_string_equal(a->cmp[1].name, "working");
	assert_int_equal(a->cmp_nk, 0);	/* run 2 is the working design */
	app_handle(a, DO_BACK);
	/* restore run 1's design: fc1 back to RF 1; undo brings 4 back */
	app_handle(a, DO_HOME);
	app_handle(a, DO_RESTORE);
	assert_false(a->status_err);
	assert_int_equal(a->screen, SCREEN_LAYERS);
	assert_int_equal(rf_of(a, FC1), 1);
	app_handle(a, DO_UNDO);
	assert_int_equal(rf_of(a, FC1), 4);
	/* saved designs: two from the runs; compare them, restore one */
	app_handle(a, DO_SCREEN_DESIGNS);
	assert_int_equal(a->n_designs, 2);
	app_handle(a, DO_HOME);
	app_handle(a, DO_MARK);
	app_handle(a, DO_MARK);
	app_handle(a, DO_COMPARE);
	assert_string_equal(a->cmp[0].name, "design:1");
	assert_int_equal(a->cmp_nk, 1);
	app_handle(a, DO_BACK);
	app_handle(a, DO_HOME);
	app_handle(a, DO_RESTORE);
	assert_int_equal(rf_of(a, FC1), 1);
}

static void test_cancel(void **state)
{
	struct fixture *f = *state;
	struct app *a = &f->a;
	struct run_row r = { 0 };
	struct error err;

	dispatch(a);
	app_handle(a, DO_SCREEN_JOBS);
	assert_int_equal(a->n_job_view, 1);
	app_handle(a, DO_CANCEL_RUN);
	assert_false(a->status_err);
	assert_string_equal(a->status, "run:1 cancelled");
	assert_int_equal(a->n_job_view, 0);
	assert_int_equal(store_run_get(a->st, 1, &r, &err), 0);
	assert_string_equal(r.status, "cancelled");
	run_row_release(&r);
	app_handle(a, DO_SCREEN_RUNS);
	app_handle(a, DO_CANCEL_RUN);
	assert_true(a->status_err);
	assert_non_null(strstr(a->status, "already ended"));
}

static void test_navigation_and_help(void **state)
{
	struct fixture *f = *state;
	struct app *a = &f->a;
	bool found = false;

	app_handle(a, DO_END);
	assert_int_equal(a->cursor[SCREEN_LAYERS], 8);
	assert_int_equal(app_handle(a, DO_DOWN), 0);	/* nothing moves */
	app_handle(a, DO_HOME);
	assert_int_equal(a->cursor[SCREEN_LAYERS], 0);
	app_handle(a, DO_NEXT_SCREEN);
	assert_int_equal(a->screen, SCREEN_RUNS);
	app_handle(a, DO_NEXT_SCREEN);
	assert_int_equal(a->screen, SCREEN_JOBS);
	app_handle(a, DO_NEXT_SCREEN);
	assert_int_equal(a->screen, SCREEN_DESIGNS);
	app_handle(a, DO_NEXT_SCREEN);
	assert_int_equal(a->screen, SCREEN_LAYERS);
	app_handle(a, DO_HELP);
	assert_int_equal(a->screen, SCREEN_HELP);
	for (int i = 0; i < a->n_help; i++)
		if (strstr(a->help[i], "next valid reuse factor"))
			found = strstr(a->help[i], "+, ]") != NULL;
	assert_true(found);
	app_handle(a, DO_HELP);
	assert_int_equal(a->screen, SCREEN_LAYERS);
	assert_int_equal(app_handle(a, DO_QUIT), APP_QUIT);
}

/* Every action on every screen (and in the form and the chooser) is
 * handled without harm; q quits from all of them. */
static void test_every_action(void **state)
{
	static const enum action screens[] = { DO_SCREEN_LAYERS,
		DO_SCREEN_RUNS, DO_SCREEN_JOBS, DO_SCREEN_DESIGNS };
	struct fixture *f = *state;
	struct app *a = &f->a;

	dispatch(a);
	for (int s = 0; s < 4; s++)
		for (int act = DO_NONE; act < DO_COUNT; act++) {
			int flags;

			app_handle(a, screens[s]);
			if (act == DO_QUIT)
				continue;
			flags = app_handle(a, (enum action)act);
			assert_int_equal(flags & APP_QUIT, 0);
			if (a->prompt)
				app_handle(a, DO_BACK);
			if (a->form_open || a->dispatch_open)
				app_handle(a, DO_BACK);
			assert_true(a->screen < SCREEN_COUNT);
		}
	app_handle(a, DO_SCREEN_LAYERS);
	assert_int_equal(app_handle(a, DO_QUIT), APP_QUIT);
}

/* The prompt takes printable text and removes whole UTF-8 characters. */
static void test_prompt_typing(void **state)
{
	struct fixture *f = *state;
	struct app *a = &f->a;

	assert_int_equal(app_type(a, 'x'), 0);	/* no prompt open */
	app_handle(a, DO_SAVE);
	type(a, "caf\xc3\xa9");
	assert_string_equal(a->input, "caf\xc3\xa9");
	app_type(a, 127);
	assert_string_equal(a->input, "caf");
	assert_int_equal(app_type(a, 7), 0);	/* a control character */
	app_handle(a, DO_BACK);
}

static void test_flush_writes_design(void **state)
{
	struct fixture *f = *state;
	struct app *a = &f->a;
	struct design d;
	struct error err;

	to_layer(a, FC3);
	app_handle(a, DO_RF_UP);
	assert_int_equal(app_flush(a, &err), 0);
	assert_false(a->dirty);
	design_init(&d);
	assert_int_equal(design_read(&d, a->design_path, &err), 0);
	assert_int_equal(design_layer(&d, "fc3", false)->reuse_factor, 2);
	design_release(&d);
}

/* A model in memory: knobs work, save and dispatch say why not. */
static void test_memory(void **state)
{
	struct fixture *f = *state;
	struct app m;
	struct model mo;
	struct design d;
	struct error err;

	model_init(&mo);
	assert_int_equal(keras_load(&mo, "examples/jet_tagger.json", NULL,
				    &err), 0);
	design_init(&d);
	assert_int_equal(app_open_memory(&m, &mo, &d, &err), 0);
	current = f;
	app_handle(&m, DO_DOWN);
	app_handle(&m, DO_RF_UP);
	assert_int_equal(rf_of(&m, FC1), 2);
	app_handle(&m, DO_SAVE);
	app_handle(&m, DO_ENTER);
	assert_true(m.status_err);
	assert_non_null(strstr(m.status, "no project"));
	app_handle(&m, DO_DISPATCH);
	assert_false(m.dispatch_open);
	assert_true(m.status_err);
	app_close(&m);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_open),
		T(test_rf_steps_valid_values),
		T(test_estimate_follows_knob),
		T(test_marks),
		T(test_refusals),
		T(test_refusal_names_nearest),
		T(test_undo_redo),
		T(test_precision_form),
		T(test_apply_kind),
		T(test_search),
		T(test_save),
		T(test_dispatch),
		T(test_poll),
		T(test_runs_screen),
		T(test_compare_and_restore),
		T(test_cancel),
		T(test_navigation_and_help),
		T(test_every_action),
		T(test_prompt_typing),
		T(test_flush_writes_design),
		T(test_memory),
	};

	return cmocka_run_group_tests_name("app", tests, NULL, NULL);
}
