/*
 * app.h - the interactive app's state and its one reducer,
 * app_handle(app, action), which changes the state and returns reaction
 * flags (htop's Action.c): no ncurses here, so all of it is tested
 * without a terminal. The screens (screen_*.c) only read this state.
 *
 * The app holds the project (its model, working design, store), the
 * estimate of the working design (re-estimated on every knob change),
 * an undo history of designs, marks on the numbers the last action
 * changed, and the runs, jobs and saved designs read from the store
 * (re-read when PRAGMA data_version says another process wrote).
 *
 * Ownership: everything reachable from struct app is owned by it;
 * app_close frees it all.
 */
#ifndef HLSDSE_TUI_APP_H
#define HLSDSE_TUI_APP_H

#include <stdbool.h>
#include <time.h>

#include "core/design.h"
#include "core/model.h"
#include "estimators/estimate.h"
#include "projects/compare.h"
#include "projects/project.h"
#include "projects/store.h"
#include "tui/keys.h"

/* Screens, in the order of the CTX_ bits in keys.h. */
enum app_screen {
	SCREEN_LAYERS, SCREEN_RUNS, SCREEN_JOBS, SCREEN_DESIGNS, SCREEN_RUN,
	SCREEN_COMPARE, SCREEN_HELP, SCREEN_COUNT
};

/* Reaction flags app_handle returns. */
enum { APP_REDRAW = 1, APP_QUIT = 2 };

enum app_prompt { PROMPT_NONE, PROMPT_SEARCH, PROMPT_LABEL, PROMPT_PARTITION };

/* Whole-design or per-layer figures shown in tables. */
enum sum_key { SUM_DSP, SUM_LUT, SUM_FF, SUM_BRAM, SUM_LATENCY, SUM_II,
	       SUM_COUNT };
/* The store's metric key of each (dsp, lut, ff, bram18, ...). */
const char *sum_key_metric(enum sum_key k);

/* Cells a change marks: the estimate's figures (enum sum_key bits) and
 * the knobs (from MARK_RF on). */
enum {
	MARK_RF = 1 << SUM_COUNT,
	MARK_STRATEGY = MARK_RF << 1,
	MARK_PREC = MARK_RF << 2,
	MARK_PF = MARK_RF << 3,
	MARK_PARTITION = MARK_RF << 4,
};
struct app_mark {
	unsigned changed;	/* SUM_ bits and MARK_ bits */
	unsigned up;		/* of changed figures: the ones that grew */
};

/* A run with its design's estimate and its tool results. */
struct app_run {
	struct run_row r;
	double est[SUM_COUNT], act[SUM_COUNT];
	unsigned has_est, has_act;	/* 1 << enum sum_key */
	const char *act_source;		/* csynth, yosys, impl or NULL */
	bool marked;
};

/* A saved design with its estimate. */
struct app_design {
	struct design_row r;
	double est[SUM_COUNT];
	unsigned has_est;
	bool marked;
};

/* Figures of one layer ("" = whole design) for two sides. */
struct app_pair_row {
	const char *layer;	/* borrowed from the side's metrics */
	double a[SUM_COUNT], b[SUM_COUNT];
	unsigned has_a, has_b;
};

/* One side of a comparison: design:N, run:N or the working design. */
struct app_side {
	char name[32];
	char *label;
	const char *source;	/* where its figures come from */
	struct design d;
	struct metric *m;
	int n;
};

/* Columns of the precision form. */
enum form_col { FORM_WIDTH, FORM_INTEGER, FORM_SIGNED, FORM_ROUND, FORM_SAT,
		FORM_COLS };

struct app_form {
	int layer;
	int n;				/* rows */
	enum prec_slot slot[PREC_COUNT];
	struct precision p[PREC_COUNT];
	bool changed[PREC_COUNT];
	int row, col;
};

/* Sortable columns of the runs screen. */
enum run_col { RUNCOL_ID, RUNCOL_STATUS, RUNCOL_BACKEND, RUNCOL_LABEL,
	       RUNCOL_DSP_EST, RUNCOL_DSP_ACT, RUNCOL_LUT_EST, RUNCOL_LUT_ACT,
	       RUNCOL_LAT_EST, RUNCOL_LAT_ACT, RUNCOL_COUNT };
const char *run_col_name(enum run_col c);

/* Status filters of the runs screen (0: all). */
#define APP_N_FILTERS 6
const char *app_filter_name(int f);

/* One state of the undo history: the design as design.json text, and
 * what the change that made it was. */
struct app_hist {
	char *json;
	char *what;
};

typedef int (*app_worker_fn)(const char *project_dir, bool *started,
			     struct error *err);

struct app {
	/* the project; has_project false for a model opened in memory */
	bool has_project;
	struct project p;
	char *design_path;
	struct store *st;
	struct model m;
	struct design d;
	struct estimate e;
	enum est_mode mode;
	app_worker_fn ensure_worker;	/* worker_ensure; tests replace it */

	/* undo history: hist[hist_pos] is the current design */
	struct app_hist *hist;
	int n_hist, hist_pos;
	bool dirty;			/* design.json on disk is older */
	time_t changed_at;

	/* marks of the last action */
	struct layer_est *prev_est;
	struct knobs *prev_knobs;
	struct layer_est prev_total;
	struct app_mark *marks;
	struct app_mark total_mark;

	/* navigation */
	enum app_screen screen, back;
	int cursor[SCREEN_COUNT], top[SCREEN_COUNT];
	int page;			/* visible table rows (set by drawing) */
	char status[320];
	bool status_err;

	enum app_prompt prompt;
	char input[128];
	char search[128];
	bool form_open;
	struct app_form form;
	bool dispatch_open;
	int dispatch_choice;

	/* from the store */
	long data_version;
	time_t polled_at;
	struct app_run *runs;
	int n_runs;
	int *run_view, n_run_view;	/* runs screen: filtered, sorted */
	int *job_view, n_job_view;	/* jobs screen: running, queued */
	enum run_col sort_col;
	bool sort_desc;
	int filter;
	struct app_design *designs;
	int n_designs;
	bool designs_by_dsp;
	char *job_tail;			/* log tail of the job at the cursor */

	/* run detail */
	long run_id;
	struct metric *run_est, *run_act;
	int n_run_est, n_run_act;
	struct app_pair_row *run_rows;
	int n_run_rows;
	char *run_tail;

	/* comparison */
	struct app_side cmp[2];
	struct knob_diff *cmp_k;
	int cmp_nk;
	struct app_pair_row *cmp_rows;
	int n_cmp_rows;

	/* help */
	char **help;
	int n_help;
};

/* Opens the project in dir (hlsdse.json, design.json, model, store),
 * estimates the design and reads the store. a is initialised here;
 * app_close it even on failure. */
int app_open(struct app *a, const char *dir, struct error *err);

/* Opens a model and design already in memory (no project: save,
 * dispatch and the store screens say so). Takes ownership of *m and *d
 * (they are zeroed: nothing is left to release). */
int app_open_memory(struct app *a, struct model *m, struct design *d,
		    struct error *err);

/* Writes design.json if changed, closes the store and frees a. */
void app_close(struct app *a);

/* Applies action; returns APP_ flags. */
int app_handle(struct app *a, enum action act);

/* Types character ch into the open prompt (printable characters and
 * backspace, 127 or 8); returns APP_ flags. */
int app_type(struct app *a, int ch);

/* Periodic work (a few times a second): re-reads the store when another
 * process wrote to it, writes design.json a second after the last
 * change. Returns APP_REDRAW when something shown changed. */
int app_tick(struct app *a);

/* The CTX_ bit of the current screen, or CTX_FORM / CTX_DISPATCH while
 * one is open. */
unsigned app_context(const struct app *a);

/* Sets the status line (printf-style); err marks it as a refusal. */
void app_status(struct app *a, bool err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Counts of runs running and queued. */
void app_job_counts(const struct app *a, int *running, int *queued);

/* Rows of the current screen's list (for moving the cursor). */
int app_rows(const struct app *a, enum app_screen s);

/* Writes design.json now if it has unsaved edits (0 or -1). */
int app_flush(struct app *a, struct error *err);

#endif
