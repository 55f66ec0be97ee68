/*
 * tui.c - the app's main loop (htop's ScreenManager): draw when flagged,
 * read a key with a 200 ms timeout, dispatch it through the key table
 * into app_handle, and on every timeout let the app poll the store.
 * KEY_RESIZE is handled here and only here.
 */
#include <curses.h>
#include <time.h>

#include "tui/draw.h"
#include "tui/term.h"
#include "tui/tui.h"

#define ESC 27

int tui_key(struct app *a, int ch)
{
	if (a->prompt) {
		if (ch == ESC)
			return app_handle(a, DO_BACK);
		if (ch == '\n' || ch == '\r' || ch == KEY_ENTER)
			return app_handle(a, DO_ENTER);
		if (ch == KEY_BACKSPACE || ch == 127 || ch == 8)
			return app_type(a, 127);
		return app_type(a, ch);
	}
	return app_handle(a, keys_lookup(ch, app_context(a)));
}

void tui_layout(struct app *a, int lines)
{
	enum app_screen s = a->screen;

	a->page = draw_page(s, lines);
	a->top[s] = draw_top(a->top[s], a->cursor[s], a->page,
			     app_rows(a, s));
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Draws when flagged, reads keys, polls the store, until quit or a signal. */
static void loop(struct app *a)
{
	bool redraw = true;
	double ticked = now_ms();

	while (!tui_term_signalled()) {
		int ch, flags = 0;

		tui_layout(a, LINES);
		if (redraw)
			draw_frame(a);
		redraw = false;
		ch = getch();
		if (ch == KEY_RESIZE) {
			redraw = true;
			continue;
		}
		if (ch != ERR) {
			if ((COLS < DRAW_MIN_COLS || LINES < DRAW_MIN_LINES) &&
			    ch != 'q')
				continue;
			if (ch == ('l' & 0x1f))
				clearok(curscr, TRUE);
			flags = tui_key(a, ch);
			if (flags & APP_QUIT)
				break;
		}
		/* typing fast must not starve the store's polling */
		if (ch == ERR || now_ms() - ticked >= 200) {
			flags |= app_tick(a);
			ticked = now_ms();
		}
		redraw = flags & APP_REDRAW;
	}
}

int tui_run(const char *dir, struct error *err)
{
	struct app a;
	int rc = 0, sig;

	if (app_open(&a, dir, err) < 0) {
		app_close(&a);
		return -1;
	}
	if (tui_term_start(err) < 0) {
		app_close(&a);
		return -1;
	}
	loop(&a);
	tui_term_stop();
	sig = tui_term_signalled();
	if (app_flush(&a, err) < 0)
		rc = -1;
	app_close(&a);
	return rc < 0 ? rc : sig ? 128 + sig : 0;
}
