/*
 * app_store.c - what the app reads from the project's store: the runs
 * (with their design's estimate and the tool's figures), the jobs and
 * the saved designs, re-read when PRAGMA data_version moves; sorting,
 * filtering, marking, searching and cancelling runs. The run detail and
 * comparisons are in app_compare.c, save/dispatch/restore in app_save.c.
 */
#define _GNU_SOURCE	/* strcasestr */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/xalloc.h"
#include "tui/app_int.h"

#define TAIL_BYTES 8192

static const char *const sum_metrics[SUM_COUNT] = { "dsp", "lut", "ff",
	"bram18", "latency_cycles", "ii" };
/* Tool sources a run's actual figures are taken from, in this order. */
static const char *const act_sources[] = { "csynth", "yosys", "impl" };
#define N_ACT ((int)(sizeof(act_sources) / sizeof(act_sources[0])))
static const char *const filters[APP_N_FILTERS] = { "all", "queued",
	"running", "succeeded", "failed", "cancelled" };
static const char *const run_cols[RUNCOL_COUNT] = { "run", "status",
	"backend", "label", "DSP est", "DSP act", "LUT est", "LUT act",
	"latency est", "latency act" };

const char *sum_key_metric(enum sum_key k)
{
	return k < SUM_COUNT ? sum_metrics[k] : "";
}

const char *app_filter_name(int f)
{
	return f >= 0 && f < APP_N_FILTERS ? filters[f] : "all";
}

const char *run_col_name(enum run_col c)
{
	return c < RUNCOL_COUNT ? run_cols[c] : "";
}

int app_sum_index(const char *key)
{
	for (int k = 0; k < SUM_COUNT; k++)
		if (strcmp(key, sum_metrics[k]) == 0)
			return k;
	return -1;
}

/* Whole-design figures of a metric set. */
static unsigned sums(const struct metric *m, int n, double v[SUM_COUNT])
{
	unsigned has = 0;

	for (int i = 0; i < n; i++) {
		int k = m[i].layer[0] ? -1 : app_sum_index(m[i].key);

		if (k >= 0) {
			v[k] = m[i].value;
			has |= 1u << k;
		}
	}
	return has;
}

/* Copies add's metrics and those of est that add lacks (by layer and
 * key) into a new array *m of *n. */
void app_metrics_merge(struct metric **m, int *n, const struct metric *add,
		  int na, const struct metric *est, int ne)
{
	struct metric *out = xcalloc((size_t)(na + ne) + 1, sizeof(*out));
	int k = 0;

	for (int i = 0; i < na; i++) {
		out[k].layer = xstrdup(add[i].layer);
		out[k].key = xstrdup(add[i].key);
		out[k++].value = add[i].value;
	}
	for (int i = 0; i < ne; i++) {
		bool dup = false;

		for (int j = 0; j < na && !dup; j++)
			dup = strcmp(add[j].layer, est[i].layer) == 0 &&
				strcmp(add[j].key, est[i].key) == 0;
		if (dup)
			continue;
		out[k].layer = xstrdup(est[i].layer);
		out[k].key = xstrdup(est[i].key);
		out[k++].value = est[i].value;
	}
	*m = out;
	*n = k;
}

/* The first tool source with metrics for run id (NULL if none); for
 * yosys the simulation's figures (latency, II) are added. */
const char *app_actual(struct store *st, long id, struct metric **m,
			  int *n)
{
	struct metric *sim = NULL;
	struct error err;
	int ns = 0;

	for (int s = 0; s < N_ACT; s++) {
		*m = NULL;
		*n = 0;
		if (store_metrics_get(st, id, true, act_sources[s], m, n,
				      &err) < 0 || *n == 0) {
			metrics_free(*m, *n);
			continue;
		}
		if (strcmp(act_sources[s], "yosys") == 0 &&
		    store_metrics_get(st, id, true, "sim", &sim, &ns, &err) == 0 &&
		    ns > 0) {
			struct metric *both;
			int nb;

			app_metrics_merge(&both, &nb, *m, *n, sim, ns);
			metrics_free(*m, *n);
			*m = both;
			*n = nb;
		}
		metrics_free(sim, ns);
		return act_sources[s];
	}
	*m = NULL;
	*n = 0;
	return NULL;
}

static bool ended(const char *status)
{
	return strcmp(status, "queued") && strcmp(status, "running");
}

/* Fills r's whole-design estimate and tool figures from the store. */
static void run_figures(struct store *st, struct app_run *r)
{
	struct metric *m = NULL;
	struct error err;
	int n = 0;

	if (store_metrics_get(st, r->r.design_id, false, "estimate", &m, &n,
			      &err) == 0)
		r->has_est = sums(m, n, r->est);
	metrics_free(m, n);
	r->act_source = app_actual(st, r->r.id, &m, &n);
	r->has_act = sums(m, n, r->act);
	metrics_free(m, n);
}

const struct app_run *app_find_run(const struct app_run *r, int n,
				      long id)
{
	for (int i = 0; i < n; i++)
		if (r[i].r.id == id)
			return &r[i];
	return NULL;
}

/* Orders runs i and j of the runs screen by the sort column. */
static int run_cmp(const struct app *a, int i, int j)
{
	const struct app_run *x = &a->runs[i], *y = &a->runs[j];
	int c = 0, k, dir = a->sort_desc ? -1 : 1;
	bool hx, hy;
	double vx, vy;

	switch (a->sort_col) {
	case RUNCOL_ID:
		c = (x->r.id > y->r.id) - (x->r.id < y->r.id);
		return dir * c;
	case RUNCOL_STATUS:
		c = strcmp(x->r.status, y->r.status);
		break;
	case RUNCOL_BACKEND:
		c = strcmp(x->r.backend, y->r.backend);
		break;
	case RUNCOL_LABEL:
		c = strcmp(x->r.label ? x->r.label : "",
			   y->r.label ? y->r.label : "");
		break;
	default:
		k = (a->sort_col - RUNCOL_DSP_EST) / 2;
		k = k == 2 ? SUM_LATENCY : k;
		if ((a->sort_col - RUNCOL_DSP_EST) % 2) {
			hx = x->has_act & (1u << k);
			hy = y->has_act & (1u << k);
			vx = x->act[k];
			vy = y->act[k];
		} else {
			hx = x->has_est & (1u << k);
			hy = y->has_est & (1u << k);
			vx = x->est[k];
			vy = y->est[k];
		}
		if (hx != hy)	/* runs without the figure come last */
			return hx ? -1 : 1;
		c = (vx > vy) - (vx < vy);
		break;
	}
	if (c == 0)
		return (x->r.id > y->r.id) - (x->r.id < y->r.id);
	return dir * c;
}

/* Rebuilds the runs screen's and the jobs screen's row lists. */
static void views_build(struct app *a)
{
	const char *want = a->filter ? filters[a->filter] : NULL;

	free(a->run_view);
	free(a->job_view);
	a->run_view = xcalloc((size_t)a->n_runs + 1, sizeof(int));
	a->job_view = xcalloc((size_t)a->n_runs + 1, sizeof(int));
	a->n_run_view = a->n_job_view = 0;
	for (int i = 0; i < a->n_runs; i++) {
		int j = a->n_run_view;

		if (want && strcmp(a->runs[i].r.status, want))
			continue;
		/* insertion sort: a few hundred runs at most */
		while (j > 0 && run_cmp(a, a->run_view[j - 1], i) > 0) {
			a->run_view[j] = a->run_view[j - 1];
			j--;
		}
		a->run_view[j] = i;
		a->n_run_view++;
	}
	for (int pass = 0; pass < 2; pass++)
		for (int i = 0; i < a->n_runs; i++)
			if (strcmp(a->runs[i].r.status,
				   pass ? "queued" : "running") == 0)
				a->job_view[a->n_job_view++] = i;
}

static void runs_free(struct app_run *r, int n)
{
	for (int i = 0; i < n; i++)
		run_row_release(&r[i].r);
	free(r);
}

static void designs_free(struct app_design *d, int n)
{
	for (int i = 0; i < n; i++)
		design_row_release(&d[i].r);
	free(d);
}

/* Re-reads the runs, keeping marks and the figures of runs that have ended. */
static void load_runs(struct app *a)
{
	struct run_row *rows = NULL;
	struct app_run *runs;
	struct error err;
	int n = 0;

	if (store_runs_list(a->st, NULL, NULL, false, &rows, &n, &err) < 0) {
		app_status(a, true, "%s", err.msg);
		return;
	}
	runs = xcalloc((size_t)n + 1, sizeof(*runs));
	for (int i = 0; i < n; i++) {
		const struct app_run *old = app_find_run(a->runs, a->n_runs,
						     rows[i].id);

		runs[i].r = rows[i];
		if (old)
			runs[i].marked = old->marked;
		/* an ended run's figures do not change: keep them */
		if (old && ended(old->r.status) &&
		    strcmp(old->r.status, rows[i].status) == 0) {
			memcpy(runs[i].est, old->est, sizeof(old->est));
			memcpy(runs[i].act, old->act, sizeof(old->act));
			runs[i].has_est = old->has_est;
			runs[i].has_act = old->has_act;
			runs[i].act_source = old->act_source;
		} else {
			run_figures(a->st, &runs[i]);
		}
	}
	free(rows);	/* the rows' strings moved into runs */
	runs_free(a->runs, a->n_runs);
	a->runs = runs;
	a->n_runs = n;
	views_build(a);
}

/* Re-reads the saved designs with their estimates, keeping marks. */
static void load_designs(struct app *a)
{
	struct store_query q = { .source = "estimate",
		.sort_key = a->designs_by_dsp ? "dsp" : NULL,
		.desc = a->designs_by_dsp && a->sort_desc };
	struct design_row *rows = NULL;
	struct app_design *ds;
	struct error err;
	int n = 0;

	if (store_designs_list(a->st, &q, &rows, &n, &err) < 0) {
		app_status(a, true, "%s", err.msg);
		return;
	}
	ds = xcalloc((size_t)n + 1, sizeof(*ds));
	for (int i = 0; i < n; i++) {
		struct metric *m = NULL;
		int nm = 0;

		ds[i].r = rows[i];
		for (int j = 0; j < a->n_designs; j++)
			if (a->designs[j].r.id == rows[i].id)
				ds[i].marked = a->designs[j].marked;
		if (store_metrics_get(a->st, rows[i].id, false, "estimate",
				      &m, &nm, &err) == 0)
			ds[i].has_est = sums(m, nm, ds[i].est);
		metrics_free(m, nm);
	}
	free(rows);
	designs_free(a->designs, a->n_designs);
	a->designs = ds;
	a->n_designs = n;
}

/* The last lines of a file (up to TAIL_BYTES), or NULL. */
static char *tail_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf, *p;
	long size;
	size_t got;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	fseek(f, size > TAIL_BYTES ? size - TAIL_BYTES : 0, SEEK_SET);
	buf = xmalloc(TAIL_BYTES + 1);
	got = fread(buf, 1, TAIL_BYTES, f);
	fclose(f);
	buf[got] = 0;
	p = buf;
	if (size > TAIL_BYTES && (p = strchr(buf, '\n')))	/* whole lines */
		memmove(buf, p + 1, strlen(p + 1) + 1);
	return buf;
}

char *app_log_tail(const struct app *a, long id)
{
	char *rel = xasprintf("runs/%ld/log.txt", id);
	char *path = project_path(&a->p, rel);
	char *t = tail_file(path);

	free(path);
	free(rel);
	return t;
}

/* Replaces *slot with fresh text; true when it differs. */
static bool swap_text(char **slot, char *fresh)
{
	bool same = (!*slot && !fresh) ||
		(*slot && fresh && strcmp(*slot, fresh) == 0);

	free(*slot);
	*slot = fresh;
	return !same;
}

const struct app_run *app_cursor_run(const struct app *a)
{
	int c;

	if (a->screen == SCREEN_JOBS) {
		c = a->cursor[SCREEN_JOBS];
		return c < a->n_job_view ? &a->runs[a->job_view[c]] : NULL;
	}
	if (a->screen == SCREEN_RUN)
		return app_find_run(a->runs, a->n_runs, a->run_id);
	c = a->cursor[SCREEN_RUNS];
	return c < a->n_run_view ? &a->runs[a->run_view[c]] : NULL;
}

/* Reads the log tail of the job at the cursor; true when it changed. */
static bool job_tail(struct app *a)
{
	const struct app_run *r = a->screen == SCREEN_JOBS ? app_cursor_run(a) :
		NULL;

	return swap_text(&a->job_tail, r ? app_log_tail(a, r->r.id) : NULL);
}

void app_views_load(struct app *a)
{
	struct error err;

	if (!a->has_project)
		return;
	store_data_version(a->st, &a->data_version, &err);
	load_runs(a);
	load_designs(a);
	job_tail(a);
}

void app_views_release(struct app *a)
{
	runs_free(a->runs, a->n_runs);
	designs_free(a->designs, a->n_designs);
	free(a->run_view);
	free(a->job_view);
	free(a->job_tail);
	a->runs = NULL;
	a->designs = NULL;
	a->run_view = a->job_view = NULL;
	a->job_tail = NULL;
	a->n_runs = a->n_designs = a->n_run_view = a->n_job_view = 0;
}

/* Cancels the run at the cursor (the worker stops a running one). */
static int cancel(struct app *a)
{
	const struct app_run *r = app_cursor_run(a);
	struct error err;
	bool was_running;
	long id, pid;

	if (!r)
		return 0;
	id = r->r.id;
	if (store_run_cancel(a->st, id, &was_running, &pid, &err) < 0)
		app_status(a, true, "%s", err.msg);
	else if (was_running)
		app_status(a, false, "run:%ld cancelled; worker %ld is stopping "
			   "it", id, pid);
	else
		app_status(a, false, "run:%ld cancelled", id);
	app_views_load(a);
	return APP_REDRAW;
}

/* Toggles the mark of the row at the cursor and moves down. */
static int mark(struct app *a)
{
	int c = a->cursor[a->screen];

	if (a->screen == SCREEN_RUNS && c < a->n_run_view)
		a->runs[a->run_view[c]].marked ^= true;
	else if (a->screen == SCREEN_DESIGNS && c < a->n_designs)
		a->designs[c].marked ^= true;
	else
		return 0;
	if (c + 1 < app_rows(a, a->screen))
		a->cursor[a->screen]++;
	return APP_REDRAW;
}

/* Runs: the next sort column (or reversed); designs: by id or DSP. */
static int sort(struct app *a, bool reverse)
{
	if (a->screen == SCREEN_DESIGNS) {
		if (reverse)
			a->sort_desc = !a->sort_desc;
		else
			a->designs_by_dsp = !a->designs_by_dsp;
		load_designs(a);
		app_status(a, false, "designs sorted by %s%s",
			   a->designs_by_dsp ? "DSP estimate" : "id",
			   a->sort_desc && a->designs_by_dsp ? ", descending" :
			   "");
		return APP_REDRAW;
	}
	if (reverse)
		a->sort_desc = !a->sort_desc;
	else
		a->sort_col = (enum run_col)((a->sort_col + 1) % RUNCOL_COUNT);
	views_build(a);
	app_status(a, false, "runs sorted by %s%s", run_cols[a->sort_col],
		   a->sort_desc ? ", descending" : "");
	return APP_REDRAW;
}

static int filter(struct app *a)
{
	a->filter = (a->filter + 1) % APP_N_FILTERS;
	views_build(a);
	a->cursor[SCREEN_RUNS] = a->top[SCREEN_RUNS] = 0;
	app_status(a, false, "runs shown: %s", filters[a->filter]);
	return APP_REDRAW;
}

int app_views_handle(struct app *a, enum action act)
{
	if (!a->has_project && act != DO_NONE) {
		app_need_project(a, "this screen");
		return APP_REDRAW;
	}
	switch (act) {
	case DO_ENTER:
		if (a->screen == SCREEN_RUNS || a->screen == SCREEN_JOBS)
			return app_open_run(a);
		if (a->screen == SCREEN_DESIGNS)
			return app_compare(a);
		return 0;
	case DO_COMPARE: return app_compare(a);
	case DO_RESTORE: return app_restore(a);
	case DO_CANCEL_RUN: return cancel(a);
	case DO_MARK: return mark(a);
	case DO_SORT: return sort(a, false);
	case DO_SORT_REVERSE: return sort(a, true);
	case DO_FILTER: return filter(a);
	default: return 0;
	}
}

static bool any_running(const struct app *a)
{
	for (int i = 0; i < a->n_job_view; i++)
		if (strcmp(a->runs[a->job_view[i]].r.status, "running") == 0)
			return true;
	return false;
}

int app_tick(struct app *a)
{
	struct error err;
	time_t now = time(NULL);
	long v = a->data_version;
	int flags = 0;

	if (a->dirty && now - a->changed_at >= 1 && app_flush(a, &err) < 0)
		app_status(a, true, "%s", err.msg), flags = APP_REDRAW;
	if (!a->has_project)
		return flags;
	if (store_data_version(a->st, &v, &err) == 0 && v != a->data_version) {
		app_views_load(a);
		if (a->screen == SCREEN_RUN)
			app_run_detail(a, a->run_id);
		flags |= APP_REDRAW;
	}
	if (a->screen == SCREEN_JOBS && job_tail(a))
		flags |= APP_REDRAW;
	if (now != a->polled_at && any_running(a))
		flags |= APP_REDRAW;	/* elapsed times move */
	a->polled_at = now;
	return flags;
}

static bool has_text(const char *hay, const char *needle)
{
	return hay && strcasestr(hay, needle);
}

/* Whether row i of the runs or designs screen matches the search. */
static bool row_matches(const struct app *a, int i)
{
	char ref[32];

	if (a->screen == SCREEN_DESIGNS) {
		snprintf(ref, sizeof(ref), "design:%ld", a->designs[i].r.id);
		return has_text(a->designs[i].r.label, a->search) ||
			has_text(ref, a->search);
	} else {
		const struct run_row *r = &a->runs[a->run_view[i]].r;

		snprintf(ref, sizeof(ref), "run:%ld", r->id);
		return has_text(r->label, a->search) ||
			has_text(r->backend, a->search) ||
			has_text(r->status, a->search) ||
			has_text(r->error, a->search) || has_text(ref, a->search);
	}
}

int app_search_next(struct app *a)
{
	int n = app_rows(a, a->screen), c = a->cursor[a->screen];

	if (!a->search[0])
		return 0;
	for (int k = 1; k <= n; k++) {
		int i = (c + k) % n;
		bool hit = a->screen == SCREEN_LAYERS ?
			has_text(a->m.layers[i].name, a->search) ||
			has_text(layer_kind_name(a->m.layers[i].kind), a->search) :
			row_matches(a, i);

		if (hit) {
			a->cursor[a->screen] = i;
			app_status(a, false, "/%s", a->search);
			return APP_REDRAW;
		}
	}
	app_status(a, true, "no match for '%s'", a->search);
	return APP_REDRAW;
}
