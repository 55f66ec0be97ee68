/*
 * app_int.h - what the app's own files share (app.c: opening, navigation
 * and the reducer; app_knobs.c: knob edits, undo and marks; app_store.c:
 * the store's runs, jobs and designs, save, dispatch, restore, compare).
 * Not for the screens: they read struct app through app.h only.
 */
#ifndef HLSDSE_TUI_APP_INT_H
#define HLSDSE_TUI_APP_INT_H

#include "tui/app.h"

/* Starts the undo history with the current design. */
void app_hist_reset(struct app *a);
void app_hist_release(struct app *a);

/* Knob actions of the layers screen and the precision form. */
int app_knobs_handle(struct app *a, enum action act);
/* Applies assignments to the working design as one change (all or
 * none): re-estimate (of layer alone when >= 0), marks, history. */
int app_apply(struct app *a, int layer, char *const *assign, int n,
	      const char *what);
/* Appends "LAYER.precision[.slot]=TYPE" for p to out[*n]. */
void app_prec_assign(char **out, int *n, const char *layer, int slot,
		     const struct precision *p);
/* The cursor layer (its index in *idx), or NULL. */
const struct layer *app_cur_layer(const struct app *a, int *idx);
/* The precision form (app_form.c). */
void app_form_open(struct app *a);
int app_form_handle(struct app *a, enum action act);

/* Accepts the partition prompt's text for the cursor layer. */
int app_partition_accept(struct app *a, const char *text);

/* Replaces the working design with nd (taken; validated against the
 * model first), re-estimates, records it in the history; what names
 * where it came from in the status line. */
int app_replace_design(struct app *a, struct design *nd, const char *what);

/* Reads runs, jobs and saved designs from the store again. */
void app_views_load(struct app *a);
void app_views_release(struct app *a);
/* Actions of the runs, jobs, designs, run and compare screens. */
int app_views_handle(struct app *a, enum action act);
/* Saves the design with label; dispatches it to backend name. */
int app_save(struct app *a, const char *label);
int app_dispatch(struct app *a, const char *backend);
/* Frees the run detail and comparison. */
void app_detail_release(struct app *a);

/* Navigation: to screen s, remembering where to go back to. */
void app_go(struct app *a, enum app_screen s);

/* Shared by app_store.c and app_compare.c: the sum_key of a metric key
 * (-1 if none); add's metrics and those of est that add lacks, in a new
 * array; a run's tool figures (the source's name, NULL if none); a run
 * by id; the run at the cursor (runs, jobs or run screen); a run's log
 * tail (caller frees). */
int app_sum_index(const char *key);
void app_metrics_merge(struct metric **m, int *n, const struct metric *add,
		       int na, const struct metric *est, int ne);
const char *app_actual(struct store *st, long id, struct metric **m, int *n);
const struct app_run *app_find_run(const struct app_run *r, int n, long id);
const struct app_run *app_cursor_run(const struct app *a);
char *app_log_tail(const struct app *a, long id);

/* app_compare.c: the run detail of run id, opening the cursor's run,
 * comparing the marked rows (or the cursor's with the working design). */
void app_run_detail(struct app *a, long id);
int app_open_run(struct app *a);
int app_compare(struct app *a);

/* app_save.c: restore the cursor's design; false (with the status set)
 * when there is no project for what. */
int app_restore(struct app *a);
bool app_need_project(struct app *a, const char *what);

/* Search from the cursor (exclusive) for a->search on the screen. */
int app_search_next(struct app *a);

#endif
