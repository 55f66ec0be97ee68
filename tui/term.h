/*
 * term.h - the terminal under the app: ncurses set up and torn down
 * (restored on every exit path: normal end, exit(), SIGINT/SIGTERM/SIGHUP
 * through a flag the main loop reads, and crashes through a handler that
 * ends curses and re-raises), colours (NO_COLOR and TERM=dumb give
 * monochrome attributes) and the glyphs (UTF-8 when the locale's
 * codeset is, ASCII otherwise).
 */
#ifndef HLSDSE_TUI_TERM_H
#define HLSDSE_TUI_TERM_H

#include <stdbool.h>
#include <stdio.h>

#include "core/error.h"

/* Roles of text on screen; tui_attr gives each its attribute. */
enum tui_role {
	TR_NORMAL, TR_TITLE, TR_HEAD, TR_CURSOR, TR_FKEY, TR_FLABEL,
	TR_OK, TR_WARN, TR_OVER, TR_UP, TR_DOWN, TR_KNOB, TR_ERROR, TR_DIM,
	TR_DIFF, TR_MARKED, TR_BOLD, TR_COUNT
};

struct tui_glyphs {
	const char *full, *empty;	/* resource and progress bars */
	const char *up, *down;		/* a figure grew / shrank */
	const char *knob;		/* a knob changed */
	const char *diff;		/* compare: values differ */
	const char *sel;		/* a marked row */
};

/* Starts curses on the terminal (initscr). Installs the signal handlers
 * and the atexit hook first. */
int tui_term_start(struct error *err);
/* Starts curses on out/in (newterm) of type term, for benchmarks. */
int tui_term_start_file(const char *term, FILE *out, FILE *in,
			struct error *err);
/* Ends curses (idempotent; safe after a failed start). */
void tui_term_stop(void);

/* The signal that asked us to quit (SIGINT, SIGTERM, SIGHUP) or 0. */
int tui_term_signalled(void);

int tui_attr(enum tui_role r);
const struct tui_glyphs *tui_glyphs(void);
bool tui_utf8(void);

#endif
