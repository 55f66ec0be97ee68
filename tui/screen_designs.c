/*
 * screen_designs.c - the saved designs (snapshots) with their estimate:
 * mark two to compare, compare one with the working design, restore one.
 */
#include <curses.h>
#include <stdio.h>

#include "tui/draw.h"
#include "tui/screens.h"

static const enum sum_key figs[] = { SUM_DSP, SUM_LUT, SUM_FF, SUM_BRAM,
	SUM_LATENCY };
static const char *const heads[] = { "DSP", "LUT", "FF", "BRAM", "latency" };

/* One saved design: mark, id, commit, (date), estimate figures, label. */
static void row(const struct app_design *d, int y, bool cur, bool wide)
{
	int attr = cur ? tui_attr(TR_CURSOR) : 0, x;
	char buf[64];

	x = draw_row_start(y, cur, d->marked);
	snprintf(buf, sizeof(buf), "design:%ld", d->r.id);
	x = draw_str(y, x, 11, buf, attr, false);
	snprintf(buf, sizeof(buf), "%.7s", d->r.commit);
	x = draw_str(y, x, 9, buf, attr, false);
	if (wide)
		x = draw_str(y, x, 22, d->r.created_at, attr, false);
	for (int k = 0; k < 5; k++)
		x = draw_str(y, x, 9, draw_num(d->est[figs[k]],
					       d->has_est & (1u << figs[k]), 8,
					       buf, sizeof(buf)), attr, true);
	draw_str(y, x + 2, COLS - x - 2, d->r.label, attr, false);
}

void screen_designs(const struct app *a)
{
	int page = draw_page(SCREEN_DESIGNS, LINES), n = a->n_designs, x;
	int top = draw_top(a->top[SCREEN_DESIGNS], a->cursor[SCREEN_DESIGNS],
			   page, n), h = tui_attr(TR_HEAD);
	bool wide = COLS >= 110;
	char buf[200];

	snprintf(buf, sizeof(buf), "%d saved designs, sorted by %s (s) | "
		 "Space marks, c compares, r restores, Enter: against the "
		 "working design", n, a->designs_by_dsp ? "DSP estimate" : "id");
	draw_str(1, 0, COLS, buf, tui_attr(TR_DIM), false);
	draw_str(2, 0, COLS, "", h, false);
	x = draw_str(2, 2, 11, "design", h, false);
	x = draw_str(2, x, 9, "commit", h, false);
	if (wide)
		x = draw_str(2, x, 22, "saved", h, false);
	for (int k = 0; k < 5; k++)
		x = draw_str(2, x, 9, heads[k], h, true);
	draw_str(2, x + 2, COLS - x - 2, "label", h, false);
	if (n == 0)
		draw_str(4, 2, COLS - 2, a->has_project ? "no saved design: S "
			 "(F2) on the layers screen saves one" : "no project",
			 tui_attr(TR_DIM), false);
	for (int r = 0; r < page && top + r < n; r++)
		row(&a->designs[top + r], 3 + r,
		    top + r == a->cursor[SCREEN_DESIGNS], wide);
}
