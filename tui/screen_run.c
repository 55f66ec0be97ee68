/*
 * screen_run.c - one run: its status, backend, design, times and error,
 * the per-layer estimate against the tool's actual figures, and the
 * tail of its log (re-read while the run goes on).
 */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "tui/draw.h"
#include "tui/screens.h"

static const struct app_run *this_run(const struct app *a)
{
	for (int i = 0; i < a->n_runs; i++)
		if (a->runs[i].r.id == a->run_id)
			return &a->runs[i];
	return NULL;
}

void screen_run(const struct app *a)
{
	const struct app_run *ar = this_run(a);
	const struct run_row *r;
	int page = draw_page(SCREEN_RUN, LINES), y;
	int top = draw_top(a->top[SCREEN_RUN], a->cursor[SCREEN_RUN], page,
			   a->n_run_rows);
	char buf[512];

	if (!ar) {
		draw_str(2, 1, COLS - 1, "this run is gone from the store",
			 tui_attr(TR_ERROR), false);
		return;
	}
	r = &ar->r;
	snprintf(buf, sizeof(buf), "run:%ld %s  backend %s  design:%ld  commit "
		 "%.7s  %s", r->id, r->status, r->backend, r->design_id,
		 r->commit, r->label ? r->label : "");
	draw_str(1, 0, COLS, buf, tui_attr(TR_BOLD), false);
	snprintf(buf, sizeof(buf), "created %s%s%s%s%s%s%s", r->created_at,
		 r->started_at ? ", started " : "", r->started_at ?
		 r->started_at : "", r->finished_at ? ", finished " : "",
		 r->finished_at ? r->finished_at : "", r->stage ? ", stage " :
		 "", r->stage ? r->stage : "");
	draw_str(2, 0, COLS, buf, 0, false);
	if (r->error)
		snprintf(buf, sizeof(buf), "error: %s", r->error);
	else
		snprintf(buf, sizeof(buf), "estimate (est) against %s (act)%s | "
			 "r restores its design, c compares it with the "
			 "working design", ar->act_source ? ar->act_source :
			 "no tool results yet", r->tool_version ? "" : "");
	draw_str(3, 0, COLS, buf, r->error ? tui_attr(TR_ERROR) :
		 tui_attr(TR_DIM), false);
	draw_pairs(a->run_rows, a->n_run_rows, top, a->cursor[SCREEN_RUN], 4,
		   page, "est", "act");
	y = 6 + page;
	draw_rule(y);
	draw_str(y, 2, 6, " log ", tui_attr(TR_HEAD), false);
	draw_tail(a->run_tail, y + 1, LINES - 2);
}
