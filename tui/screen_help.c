/*
 * screen_help.c - the keys of the screen help was opened from, as
 * keys_help generates them from the key table that dispatches them.
 */
#include <curses.h>
#include <stdio.h>

#include "tui/draw.h"
#include "tui/screens.h"

void screen_help(const struct app *a)
{
	static const char *const names[SCREEN_COUNT] = { "layers", "runs",
		"jobs", "saved designs", "run", "compare", "help" };
	int page = draw_page(SCREEN_HELP, LINES);
	int top = a->cursor[SCREEN_HELP];
	char buf[160];

	if (top > a->n_help - page)
		top = a->n_help - page > 0 ? a->n_help - page : 0;
	snprintf(buf, sizeof(buf), "keys of the %s screen (Esc or ? goes "
		 "back; the F-keys have letters too)", names[a->back]);
	draw_str(1, 0, COLS, buf, tui_attr(TR_HEAD), false);
	for (int r = 0; r < page && top + r < a->n_help; r++)
		draw_str(2 + r, 0, COLS, a->help[top + r], 0, false);
}
