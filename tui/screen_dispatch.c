/*
 * screen_dispatch.c - the dispatch chooser over the layers screen: the
 * working design's estimate and the backends (with what is missing for
 * the unavailable ones); the chosen one highlighted.
 */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "backends/backend.h"
#include "tui/draw.h"
#include "tui/screens.h"

void screen_dispatch(const struct app *a)
{
	const struct layer_est *t = &a->e.total;
	int n = backend_count(), w = COLS - 4 < 78 ? COLS - 4 : 78;
	int h = n + 7, x0 = (COLS - w) / 2, y0 = (LINES - h) / 2;
	char buf[400], why[300];

	draw_box(y0, x0, h, w, " dispatch the working design ");
	snprintf(buf, sizeof(buf), "estimate (%s): %.0f DSP, %.0f LUT, %.0f "
		 "FF, %.1f BRAM18, %ld cycles, II %ld", est_mode_name(a->mode),
		 t->dsp, t->lut, t->ff, t->bram18, t->latency, t->ii);
	draw_str(y0 + 1, x0 + 2, w - 4, buf, 0, false);
	draw_str(y0 + 2, x0 + 2, w - 4, "backend:", tui_attr(TR_HEAD), false);
	for (int i = 0; i < n; i++) {
		const struct backend *b = backend_at(i);
		bool ok = b->available(why, sizeof(why));
		bool cur = i == a->dispatch_choice;

		snprintf(buf, sizeof(buf), "%s %-8s %s", cur ?
			 tui_glyphs()->sel : " ", b->name, ok ? b->summary : why);
		draw_str(y0 + 3 + i, x0 + 2, w - 4, buf, cur ?
			 tui_attr(TR_CURSOR) : ok ? 0 : tui_attr(TR_DIM), false);
	}
	draw_str(y0 + h - 3, x0 + 2, w - 4, "the worker takes the run; the app "
		 "goes on (jobs: 3)", tui_attr(TR_DIM), false);
	draw_str(y0 + h - 2, x0 + 2, w - 4, "Up/Down: backend  Enter: queue  "
		 "Esc: cancel", tui_attr(TR_DIM), false);
}
