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

/* Search from the cursor (exclusive) for a->search on the screen. */
int app_search_next(struct app *a);

#endif
