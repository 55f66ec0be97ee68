/*
 * app_compare.c - the run detail (a run's estimate against its tool
 * figures per layer, its log tail) and the comparison of two design
 * points (runs, saved designs or the working design): the knobs that
 * differ (design_diff) and the figures per layer (compare_metrics).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "tui/app_int.h"

/* Groups metric pairs into one row per layer (the pairs come ordered by
 * layer). Returns how many rows; *out is caller-owned. */
static int pair_rows(const struct metric_pair *p, int n,
		     struct app_pair_row **out)
{
	struct app_pair_row *rows = xcalloc((size_t)n + 1, sizeof(*rows));
	int nr = 0;

	for (int i = 0; i < n; i++) {
		int k = app_sum_index(p[i].key);
		struct app_pair_row *r;

		if (k < 0)
			continue;
		if (nr == 0 || strcmp(rows[nr - 1].layer, p[i].layer))
			rows[nr++].layer = p[i].layer;
		r = &rows[nr - 1];
		if (p[i].has_a) {
			r->a[k] = p[i].a;
			r->has_a |= 1u << k;
		}
		if (p[i].has_b) {
			r->b[k] = p[i].b;
			r->has_b |= 1u << k;
		}
	}
	*out = rows;
	return nr;
}

void app_detail_release(struct app *a)
{
	metrics_free(a->run_est, a->n_run_est);
	metrics_free(a->run_act, a->n_run_act);
	free(a->run_rows);
	free(a->run_tail);
	a->run_est = a->run_act = NULL;
	a->run_rows = NULL;
	a->run_tail = NULL;
	a->n_run_est = a->n_run_act = a->n_run_rows = 0;
	for (int s = 0; s < 2; s++) {
		design_release(&a->cmp[s].d);
		metrics_free(a->cmp[s].m, a->cmp[s].n);
		free(a->cmp[s].label);
		memset(&a->cmp[s], 0, sizeof(a->cmp[s]));
		design_init(&a->cmp[s].d);
	}
	knob_diffs_free(a->cmp_k, a->cmp_nk);
	free(a->cmp_rows);
	a->cmp_k = NULL;
	a->cmp_rows = NULL;
	a->cmp_nk = a->n_cmp_rows = 0;
}

/* Fills the run detail of run id (estimate against actual, log tail). */
void app_run_detail(struct app *a, long id)
{
	struct metric_pair *p = NULL;
	const struct app_run *r = app_find_run(a->runs, a->n_runs, id);
	struct error err;
	int n;

	app_detail_release(a);
	if (!r)
		return;
	a->run_id = id;
	if (store_metrics_get(a->st, r->r.design_id, false, "estimate",
			      &a->run_est, &a->n_run_est, &err) < 0)
		app_status(a, true, "%s", err.msg);
	app_actual(a->st, id, &a->run_act, &a->n_run_act);
	n = compare_metrics(a->run_est, a->n_run_est, a->run_act,
			    a->n_run_act, &a->m, &p);
	a->n_run_rows = pair_rows(p, n, &a->run_rows);
	free(p);
	a->run_tail = app_log_tail(a, id);
}

int app_open_run(struct app *a)
{
	const struct app_run *r = app_cursor_run(a);

	if (!r)
		return 0;
	app_run_detail(a, r->r.id);
	a->cursor[SCREEN_RUN] = a->top[SCREEN_RUN] = 0;
	app_go(a, SCREEN_RUN);
	return APP_REDRAW;
}

/* The working design as a side: a copy of it and its live estimate. */
static int side_working(struct app *a, struct app_side *s)
{
	char *json = design_to_json(&a->d);
	struct error err;
	int rc;

	snprintf(s->name, sizeof(s->name), "working");
	s->label = xstrdup(a->dirty ? "design.json + edits" : "design.json");
	s->source = "estimate";
	rc = design_parse(&s->d, json, strlen(json), "working", &err);
	free(json);
	if (rc < 0)
		return app_status(a, true, "%s", err.msg), -1;
	s->n = metrics_from_estimate(&a->e, &s->m);
	return 0;
}

/* A saved design as a side (its stored estimate unless s has figures). */
static int side_design(struct app *a, long id, struct app_side *s)
{
	struct design_row r = { 0 };
	struct error err;

	if (!s->name[0])
		snprintf(s->name, sizeof(s->name), "design:%ld", id);
	if (store_design_get(a->st, id, &r, &err) < 0 ||
	    design_parse(&s->d, r.design_json, strlen(r.design_json), s->name,
			 &err) < 0) {
		design_row_release(&r);
		app_status(a, true, "%s", err.msg);
		return -1;
	}
	if (!s->label)
		s->label = xstrdup(r.label[0] ? r.label : "-");
	design_row_release(&r);
	if (!s->source) {
		s->source = "estimate";
		if (store_metrics_get(a->st, id, false, "estimate", &s->m,
				      &s->n, &err) < 0)
			return app_status(a, true, "%s", err.msg), -1;
	}
	return 0;
}

/* A run's side: its tool results where it has them, its design's
 * estimate for everything else. */
static int side_run(struct app *a, const struct app_run *r,
		    struct app_side *s)
{
	struct metric *act = NULL, *est = NULL;
	int na = 0, ne = 0, rc;
	struct error err;

	snprintf(s->name, sizeof(s->name), "run:%ld", r->r.id);
	s->label = xstrdup(r->r.label && r->r.label[0] ? r->r.label : "-");
	s->source = app_actual(a->st, r->r.id, &act, &na);
	if (store_metrics_get(a->st, r->r.design_id, false, "estimate", &est,
			      &ne, &err) < 0) {
		metrics_free(act, na);
		app_status(a, true, "%s", err.msg);
		return -1;
	}
	app_metrics_merge(&s->m, &s->n, act, na, est, ne);
	metrics_free(act, na);
	metrics_free(est, ne);
	s->source = !s->source ? "estimate" :
		strcmp(s->source, "csynth") == 0 ? "csynth+estimate" :
		strcmp(s->source, "yosys") == 0 ? "yosys+estimate" :
		"impl+estimate";
	rc = side_design(a, r->r.design_id, s);
	return rc;
}

/* Compares the two filled sides. */
static int compare_sides(struct app *a)
{
	struct metric_pair *p = NULL;
	int n;

	a->cmp_nk = design_diff(&a->cmp[0].d, &a->cmp[1].d, &a->m, &a->cmp_k);
	n = compare_metrics(a->cmp[0].m, a->cmp[0].n, a->cmp[1].m,
			    a->cmp[1].n, &a->m, &p);
	a->n_cmp_rows = pair_rows(p, n, &a->cmp_rows);
	free(p);
	a->cursor[SCREEN_COMPARE] = a->top[SCREEN_COMPARE] = 0;
	app_go(a, SCREEN_COMPARE);
	app_status(a, false, "%s against %s: %d knob%s differ%s",
		   a->cmp[0].name, a->cmp[1].name, a->cmp_nk,
		   a->cmp_nk == 1 ? "" : "s", a->cmp_nk == 1 ? "s" : "");
	return APP_REDRAW;
}

/* Picks the marked rows (up to 2) of runs or designs; -1 ends the list. */
static int marked(const struct app *a, bool runs, int pick[2])
{
	int n = 0, total = runs ? a->n_runs : a->n_designs;

	pick[0] = pick[1] = -1;
	for (int i = 0; i < total && n < 2; i++)
		if (runs ? a->runs[i].marked : a->designs[i].marked)
			pick[n++] = i;
	return n;
}

int app_compare(struct app *a)
{
	bool runs = a->screen != SCREEN_DESIGNS;
	int pick[2], n, cur = -1;
	const struct app_run *cr = app_cursor_run(a);
	int rc = 0;

	app_detail_release(a);
	n = a->screen == SCREEN_RUN ? 0 : marked(a, runs, pick);
	if (runs && cr)
		cur = (int)(cr - a->runs);
	else if (!runs && a->cursor[SCREEN_DESIGNS] < a->n_designs)
		cur = a->cursor[SCREEN_DESIGNS];
	if (n < 2 && cur >= 0 && cur != pick[0])
		pick[n++] = cur;
	if (n == 0) {
		app_status(a, true, "nothing to compare: mark rows with Space");
		return APP_REDRAW;
	}
	for (int s = 0; s < 2 && rc == 0; s++) {
		if (s >= n)
			rc = side_working(a, &a->cmp[s]);
		else if (runs)
			rc = side_run(a, &a->runs[pick[s]], &a->cmp[s]);
		else
			rc = side_design(a, a->designs[pick[s]].r.id, &a->cmp[s]);
	}
	if (rc < 0) {
		app_detail_release(a);
		return APP_REDRAW;
	}
	return compare_sides(a);
}
