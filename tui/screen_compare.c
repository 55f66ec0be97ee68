/*
 * screen_compare.c - two design points side by side (runs, saved designs
 * or the working design): the knobs that differ, then per layer every
 * figure of both with the differences highlighted.
 */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "tui/draw.h"
#include "tui/screens.h"

void screen_compare(const struct app *a)
{
	const struct app_side *s = a->cmp;
	int page = draw_page(SCREEN_COMPARE, LINES), shown = 0;
	int top = draw_top(a->top[SCREEN_COMPARE], a->cursor[SCREEN_COMPARE],
			   page, a->n_cmp_rows);
	char buf[400];
	size_t len = 0;

	snprintf(buf, sizeof(buf), "A %.31s (%.60s, %.16s)  against  "
		 "B %.31s (%.60s, %.16s)",
		 s[0].name, s[0].label ? s[0].label : "", s[0].source ?
		 s[0].source : "-", s[1].name, s[1].label ? s[1].label : "",
		 s[1].source ? s[1].source : "-");
	draw_str(1, 0, COLS, buf, tui_attr(TR_BOLD), false);
	if (a->cmp_nk == 0)
		draw_str(2, 0, COLS, "knobs: identical", tui_attr(TR_DIM), false);
	/* knob differences, packed on up to three lines */
	buf[0] = 0;
	for (int i = 0, y = 2; i < a->cmp_nk && y < 5; i++) {
		const struct knob_diff *k = &a->cmp_k[i];
		char one[200];
		int w;

		w = snprintf(one, sizeof(one), "%s%s%s %s->%s", k->layer,
			     k->layer[0] ? "." : "", k->knob, k->a, k->b);
		if (len && (int)len + w + 3 > COLS) {
			draw_str(y++, 0, COLS, buf, tui_attr(TR_DIFF), false);
			len = 0;
			buf[0] = 0;
			if (y == 5)
				break;
		}
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%s",
					len ? " | " : "", one);
		shown++;
		if (i == a->cmp_nk - 1)
			draw_str(y, 0, COLS, buf, tui_attr(TR_DIFF), false);
	}
	if (shown < a->cmp_nk) {
		snprintf(buf, sizeof(buf), "... %d more knobs differ",
			 a->cmp_nk - shown);
		draw_str(4, COLS - (int)strlen(buf), (int)strlen(buf), buf,
			 tui_attr(TR_DIM), false);
	}
	draw_pairs(a->cmp_rows, a->n_cmp_rows, top, a->cursor[SCREEN_COMPARE],
		   5, page, "A", "B");
}
