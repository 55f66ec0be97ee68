/*
 * app.c - the app's state: opening a project (or a model in memory),
 * the reducer app_handle that turns a named action into a state change
 * and reaction flags, navigation between screens, prompts (search, save
 * label, partition) and the dispatch chooser. Knob edits live in
 * app_knobs.c, the store's side in app_store.c. No ncurses here.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backends/backend.h"
#include "backends/worker.h"
#include "core/fileio.h"
#include "core/keras.h"
#include "core/xalloc.h"
#include "projects/snapshot.h"
#include "tui/app_int.h"

void app_status(struct app *a, bool err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(a->status, sizeof(a->status), fmt, ap);
	va_end(ap);
	a->status_err = err;
}

static void init(struct app *a)
{
	memset(a, 0, sizeof(*a));
	model_init(&a->m);
	design_init(&a->d);
	design_init(&a->cmp[0].d);
	design_init(&a->cmp[1].d);
	a->ensure_worker = worker_ensure;
	a->mode = EST_CSYNTH;
}

/* What opening shares: the first estimate, the history, the store. */
static int finish_open(struct app *a, struct error *err)
{
	if (estimate_run(&a->e, &a->m, &a->d, a->mode, err) < 0)
		return -1;
	app_hist_reset(a);
	app_views_load(a);
	app_status(a, false, "%s: %d layers, part %s%s; ? for help",
		   a->m.name ? a->m.name : "model", a->m.n_layers, a->d.part,
		   a->m.n_warnings ? " (the model loaded with warnings)" : "");
	return 0;
}

int app_open(struct app *a, const char *dir, struct error *err)
{
	char *ddir, *model = NULL, *weights = NULL, *db;
	int rc;

	init(a);
	snap_global_init();
	a->has_project = true;
	if (project_open(dir, &a->p, err) < 0)
		return -1;
	a->design_path = project_path(&a->p, "design.json");
	if (design_read(&a->d, a->design_path, err) < 0)
		return -1;
	if (!a->d.model)
		return error_set(err, "'%s' names no model", a->design_path);
	ddir = fileio_dirname(a->design_path);
	model = fileio_join(ddir, a->d.model);
	if (a->d.weights)
		weights = fileio_join(ddir, a->d.weights);
	rc = keras_load(&a->m, model, weights, err);
	if (rc == 0 && design_validate(&a->d, &a->m, err) < 0)
		rc = error_prefix(err, "'%s'", a->design_path);
	free(ddir);
	free(model);
	free(weights);
	if (rc < 0)
		return -1;
	db = project_path(&a->p, "runs.db");
	rc = store_open(db, false, &a->st, err);
	free(db);
	if (rc < 0)
		return -1;
	return finish_open(a, err);
}

int app_open_memory(struct app *a, struct model *m, struct design *d,
		    struct error *err)
{
	init(a);
	design_release(&a->d);
	a->m = *m;
	a->d = *d;
	memset(m, 0, sizeof(*m));
	memset(d, 0, sizeof(*d));
	return finish_open(a, err);
}

int app_flush(struct app *a, struct error *err)
{
	if (!a->has_project || !a->dirty || !a->design_path)
		return 0;
	if (design_write(&a->d, a->design_path, err) < 0)
		return -1;
	a->dirty = false;
	return 0;
}

void app_close(struct app *a)
{
	struct error err;

	if (a->has_project)
		app_flush(a, &err);
	app_detail_release(a);
	design_release(&a->cmp[0].d);	/* left initialised by the above */
	design_release(&a->cmp[1].d);
	app_views_release(a);
	app_hist_release(a);
	for (int i = 0; i < a->n_help; i++)
		free(a->help[i]);
	free(a->help);
	free(a->prev_est);
	free(a->prev_knobs);
	free(a->marks);
	estimate_release(&a->e);
	design_release(&a->d);
	model_release(&a->m);
	if (a->st)
		store_close(a->st);
	free(a->design_path);
	if (a->has_project) {
		project_release(&a->p);
		snap_global_shutdown();
	}
	memset(a, 0, sizeof(*a));
}

unsigned app_context(const struct app *a)
{
	if (a->form_open)
		return CTX_FORM;
	if (a->dispatch_open)
		return CTX_DISPATCH;
	return 1u << a->screen;
}

void app_job_counts(const struct app *a, int *running, int *queued)
{
	*running = *queued = 0;
	for (int i = 0; i < a->n_job_view; i++) {
		if (strcmp(a->runs[a->job_view[i]].r.status, "running") == 0)
			(*running)++;
		else
			(*queued)++;
	}
}

int app_rows(const struct app *a, enum app_screen s)
{
	switch (s) {
	case SCREEN_LAYERS: return a->m.n_layers;
	case SCREEN_RUNS: return a->n_run_view;
	case SCREEN_JOBS: return a->n_job_view;
	case SCREEN_DESIGNS: return a->n_designs;
	case SCREEN_RUN: return a->n_run_rows;
	case SCREEN_COMPARE: return a->n_cmp_rows;
	case SCREEN_HELP: return a->n_help;
	default: return 0;
	}
}

/* Moves the cursor of the current screen; redraw only when it moved. */
static int move(struct app *a, enum action act)
{
	int n = app_rows(a, a->screen), *c = &a->cursor[a->screen];
	int page = a->page > 1 ? a->page : 10, old = *c;

	switch (act) {
	case DO_UP: *c -= 1; break;
	case DO_DOWN: *c += 1; break;
	case DO_PAGE_UP: *c -= page; break;
	case DO_PAGE_DOWN: *c += page; break;
	case DO_HOME: *c = 0; break;
	default: *c = n - 1; break;
	}
	if (*c >= n)
		*c = n - 1;
	if (*c < 0)
		*c = 0;
	return *c != old ? APP_REDRAW : 0;
}

void app_go(struct app *a, enum app_screen s)
{
	if (s == SCREEN_HELP && a->screen != SCREEN_HELP) {
		for (int i = 0; i < a->n_help; i++)
			free(a->help[i]);
		free(a->help);
		a->n_help = keys_help(app_context(a), &a->help);
		a->cursor[SCREEN_HELP] = 0;
	}
	if (a->screen != s && a->screen != SCREEN_HELP)
		a->back = a->screen;
	a->screen = s;
}

/* Esc: from help, a run or a comparison to where it was opened; else to the
 * layers. */
static int back(struct app *a)
{
	switch (a->screen) {
	case SCREEN_LAYERS:
		return 0;
	case SCREEN_HELP:
	case SCREEN_RUN:
	case SCREEN_COMPARE:
		a->screen = a->back != a->screen ? a->back : SCREEN_LAYERS;
		a->back = SCREEN_LAYERS;
		break;
	default:
		a->screen = SCREEN_LAYERS;
		break;
	}
	return APP_REDRAW;
}

static void prompt_open(struct app *a, enum app_prompt p, const char *init)
{
	a->prompt = p;
	snprintf(a->input, sizeof(a->input), "%s", init ? init : "");
}

int app_type(struct app *a, int ch)
{
	size_t len = strlen(a->input);

	if (!a->prompt)
		return 0;
	if (ch == 127 || ch == 8) {
		/* a whole UTF-8 character goes */
		while (len > 0 && ((unsigned char)a->input[len - 1] & 0xC0) == 0x80)
			len--;
		if (len > 0)
			len--;
		a->input[len] = 0;
	} else if ((ch >= 32 && ch < 127) || (ch >= 128 && ch < 256)) {
		if (len + 1 < sizeof(a->input)) {
			a->input[len] = (char)ch;
			a->input[len + 1] = 0;
		}
	} else {
		return 0;
	}
	return APP_REDRAW;
}

/* Enter runs the open prompt (search, save label, partition); Esc drops it. */
static int prompt_handle(struct app *a, enum action act)
{
	enum app_prompt p = a->prompt;
	char text[sizeof(a->input)];

	if (act == DO_BACK) {
		a->prompt = PROMPT_NONE;
		app_status(a, false, "cancelled");
		return APP_REDRAW;
	}
	if (act != DO_ENTER)
		return 0;
	a->prompt = PROMPT_NONE;
	memcpy(text, a->input, sizeof(text));
	switch (p) {
	case PROMPT_SEARCH:
		memcpy(a->search, text, sizeof(a->search));
		return app_search_next(a) | APP_REDRAW;
	case PROMPT_LABEL:
		return app_save(a, text);
	case PROMPT_PARTITION:
		return app_partition_accept(a, text);
	default:
		return APP_REDRAW;
	}
}

/* Opens the backend chooser on the design's own backend. */
static int dispatch_open(struct app *a)
{
	const struct backend *b = backend_find(a->d.backend ? a->d.backend :
					       "");

	if (!a->has_project)
		return app_views_handle(a, DO_DISPATCH);
	a->dispatch_choice = 0;
	for (int i = 0; b && i < backend_count(); i++)
		if (backend_at(i) == b)
			a->dispatch_choice = i;
	a->dispatch_open = true;
	app_status(a, false, "dispatch: Left/Right choose the backend, Enter "
		   "queues the run, Esc cancels");
	return APP_REDRAW;
}

/* The chooser: arrows pick a backend (wrapping), Enter queues, Esc closes. */
static int dispatch_handle(struct app *a, enum action act)
{
	int n = backend_count();

	switch (act) {
	case DO_LEFT:
	case DO_UP:
		a->dispatch_choice = (a->dispatch_choice + n - 1) % n;
		return APP_REDRAW;
	case DO_RIGHT:
	case DO_DOWN:
		a->dispatch_choice = (a->dispatch_choice + 1) % n;
		return APP_REDRAW;
	case DO_ENTER:
		return app_dispatch(a, backend_at(a->dispatch_choice)->name);
	case DO_BACK:
		a->dispatch_open = false;
		app_status(a, false, "dispatch cancelled");
		return APP_REDRAW;
	default:
		return 0;
	}
}

static int partition_prompt(struct app *a)
{
	int i = a->cursor[SCREEN_LAYERS];
	char buf[32];

	if (i >= a->m.n_layers)
		return 0;
	partition_format(&a->e.knobs[i].partition, buf, sizeof(buf));
	prompt_open(a, PROMPT_PARTITION, buf);
	return APP_REDRAW;
}

/* Tab and 1-4: the list screens in order. */
static int screen_key(struct app *a, enum action act)
{
	static const enum app_screen order[] = { SCREEN_LAYERS, SCREEN_RUNS,
		SCREEN_JOBS, SCREEN_DESIGNS };
	enum app_screen to = SCREEN_LAYERS;

	switch (act) {
	case DO_NEXT_SCREEN:
		for (int i = 0; i < 4; i++)
			if (order[i] == a->screen)
				to = order[(i + 1) % 4];
		break;
	case DO_SCREEN_RUNS: to = SCREEN_RUNS; break;
	case DO_SCREEN_JOBS: to = SCREEN_JOBS; break;
	case DO_SCREEN_DESIGNS: to = SCREEN_DESIGNS; break;
	default: break;
	}
	app_go(a, to);
	return APP_REDRAW;
}

int app_handle(struct app *a, enum action act)
{
	if (a->prompt)
		return prompt_handle(a, act);
	if (a->dispatch_open)
		return dispatch_handle(a, act);
	if (a->form_open)
		return app_knobs_handle(a, act);
	switch (act) {
	case DO_NONE:
		return 0;
	case DO_QUIT:
		return APP_QUIT;
	case DO_HELP:
		if (a->screen == SCREEN_HELP)
			return back(a);
		app_go(a, SCREEN_HELP);
		return APP_REDRAW;
	case DO_BACK:
		return back(a);
	case DO_UP: case DO_DOWN: case DO_PAGE_UP: case DO_PAGE_DOWN:
	case DO_HOME: case DO_END:
		return move(a, act);
	case DO_NEXT_SCREEN: case DO_SCREEN_LAYERS: case DO_SCREEN_RUNS:
	case DO_SCREEN_JOBS: case DO_SCREEN_DESIGNS:
		return screen_key(a, act);
	case DO_SEARCH:
		prompt_open(a, PROMPT_SEARCH, NULL);
		return APP_REDRAW;
	case DO_SEARCH_NEXT:
		return app_search_next(a);
	case DO_SAVE:
		prompt_open(a, PROMPT_LABEL, NULL);
		return APP_REDRAW;
	case DO_DISPATCH:
		return dispatch_open(a);
	case DO_PARTITION:
		return partition_prompt(a);
	case DO_REFRESH:
		app_views_load(a);
		return APP_REDRAW;
	case DO_ENTER:
		if (a->screen == SCREEN_LAYERS)
			return app_knobs_handle(a, act);
		return app_views_handle(a, act);
	default:
		if (a->screen == SCREEN_LAYERS)
			return app_knobs_handle(a, act);
		return app_views_handle(a, act);
	}
}
