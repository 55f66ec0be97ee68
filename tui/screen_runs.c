/*
 * screen_runs.c - every run of the project: status, backend, design,
 * its estimate against the tool's actual figures, label or error;
 * sorted by any column, filtered by status, rows marked for comparison.
 */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "tui/draw.h"
#include "tui/screens.h"

/* "est/act" for figure k of run r. */
static void pair(const struct app_run *r, int k, char *buf, size_t n)
{
	char e[16], a[16];

	snprintf(buf, n, "%s/%s", draw_num(r->est[k], r->has_est & (1u << k),
					   6, e, sizeof(e)),
		 draw_num(r->act[k], r->has_act & (1u << k), 6, a, sizeof(a)));
}

static enum tui_role status_role(const char *s)
{
	if (strcmp(s, "failed") == 0)
		return TR_ERROR;
	if (strcmp(s, "running") == 0 || strcmp(s, "queued") == 0)
		return TR_WARN;
	if (strcmp(s, "succeeded") == 0)
		return TR_OK;
	return TR_DIM;
}

/* One run: mark, id, status, backend, est/act figures, label or error. */
static void row(const struct app *a, const struct app_run *r, int y,
		bool cur, bool wide)
{
	int attr = cur ? tui_attr(TR_CURSOR) : 0, x;
	char buf[64];
	const char *label = r->r.error && strcmp(r->r.status, "failed") == 0 ?
		r->r.error : r->r.label;

	(void)a;
	x = draw_row_start(y, cur, r->marked);
	snprintf(buf, sizeof(buf), "run:%ld", r->r.id);
	x = draw_str(y, x, 9, buf, attr, false);
	x = draw_str(y, x, 10, r->r.status, cur ? attr :
		     tui_attr(status_role(r->r.status)), false);
	x = draw_str(y, x, 8, r->r.backend, attr, false);
	if (wide) {
		snprintf(buf, sizeof(buf), "design:%ld", r->r.design_id);
		x = draw_str(y, x, 10, buf, attr, false);
		x = draw_str(y, x, 8, r->act_source ? r->act_source : "-",
			     attr, false);
	}
	pair(r, SUM_DSP, buf, sizeof(buf));
	x = draw_str(y, x, 12, buf, attr, true);
	pair(r, SUM_LUT, buf, sizeof(buf));
	x = draw_str(y, x, 14, buf, attr, true);
	pair(r, SUM_LATENCY, buf, sizeof(buf));
	x = draw_str(y, x, 12, buf, attr, true);
	if (wide) {
		pair(r, SUM_FF, buf, sizeof(buf));
		x = draw_str(y, x, 14, buf, attr, true);
		pair(r, SUM_II, buf, sizeof(buf));
		x = draw_str(y, x, 9, buf, attr, true);
	}
	draw_str(y, x + 1, COLS - x - 1, label ? label : "", attr, false);
}

void screen_runs(const struct app *a)
{
	int page = draw_page(SCREEN_RUNS, LINES), n = a->n_run_view;
	int top = draw_top(a->top[SCREEN_RUNS], a->cursor[SCREEN_RUNS], page,
			   n), marked = 0, x;
	bool wide = COLS >= 120;
	char buf[256];

	for (int i = 0; i < a->n_runs; i++)
		marked += a->runs[i].marked;
	snprintf(buf, sizeof(buf), "%d of %d runs (filter %s: f) | sorted by "
		 "%s%s (s, I) | %d marked (Space; c compares) | est/act",
		 n, a->n_runs, app_filter_name(a->filter),
		 run_col_name(a->sort_col), a->sort_desc ? " desc" : "",
		 marked);
	draw_str(1, 0, COLS, buf, tui_attr(TR_DIM), false);
	draw_str(2, 0, COLS, "", tui_attr(TR_HEAD), false);
	x = draw_str(2, 2, 9, "run", tui_attr(TR_HEAD), false);
	x = draw_str(2, x, 10, "status", tui_attr(TR_HEAD), false);
	x = draw_str(2, x, 8, "backend", tui_attr(TR_HEAD), false);
	if (wide) {
		x = draw_str(2, x, 10, "design", tui_attr(TR_HEAD), false);
		x = draw_str(2, x, 8, "actual", tui_attr(TR_HEAD), false);
	}
	x = draw_str(2, x, 12, "DSP", tui_attr(TR_HEAD), true);
	x = draw_str(2, x, 14, "LUT", tui_attr(TR_HEAD), true);
	x = draw_str(2, x, 12, "latency", tui_attr(TR_HEAD), true);
	if (wide) {
		x = draw_str(2, x, 14, "FF", tui_attr(TR_HEAD), true);
		x = draw_str(2, x, 9, "II", tui_attr(TR_HEAD), true);
	}
	draw_str(2, x + 1, COLS - x - 1, "label / error", tui_attr(TR_HEAD),
		 false);
	if (n == 0)
		draw_str(4, 2, COLS - 2, a->has_project ? "no runs yet: d "
			 "(F5) on the layers screen dispatches the design" :
			 "no project", tui_attr(TR_DIM), false);
	for (int r = 0; r < page && top + r < n; r++)
		row(a, &a->runs[a->run_view[top + r]], 3 + r,
		    top + r == a->cursor[SCREEN_RUNS], wide);
}
