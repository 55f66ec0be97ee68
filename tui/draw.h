/*
 * draw.h - what the screens share: the frame (title line, status line,
 * F-key bar generated from the key table, the too-small screen),
 * text cells clipped to a width, figures with the marks of the last
 * change, resource and progress bars, and the layout arithmetic (how
 * many table rows a screen shows). The screens read struct app only.
 */
#ifndef HLSDSE_TUI_DRAW_H
#define HLSDSE_TUI_DRAW_H

#include <stdbool.h>
#include <stddef.h>

#include "tui/app.h"
#include "tui/term.h"

#define DRAW_MIN_COLS 60
#define DRAW_MIN_LINES 16

/* Table rows screen s shows on a terminal lines high (pure arithmetic,
 * tested without a terminal). */
int draw_page(enum app_screen s, int lines);

/* First row to show so that cursor is visible in page rows, starting
 * from the remembered top. */
int draw_top(int top, int cursor, int page, int n);

/* Draws the whole frame for the current state and refreshes. */
void draw_frame(const struct app *a);

/* Prints s at (y, x) in exactly w columns (clipped or padded; right
 * aligned when right); returns x + w. */
int draw_str(int y, int x, int w, const char *s, int attr, bool right);

/* A figure in w columns: the number right-aligned (compacted with k/M
 * when it does not fit), then one column for the mark of the last
 * change (up or down glyph) when mk has bit `key`. */
int draw_fig(int y, int x, int w, double v, bool has,
	     const struct app_mark *mk, int key, int attr);

/* Formats v for w columns ("1234", "12.5", "12.3k", "1.2M", "-"). */
char *draw_num(double v, bool has, int w, char *buf, size_t n);

/* A bar of w columns filled to ratio (0..1, more shown as full), with
 * the role by level: ok below 70 %, warn below 100 %, over above. */
void draw_bar(int y, int x, int w, double ratio);

/* Draws a titled box and clears its inside. */
void draw_box(int y, int x, int h, int w, const char *title);

/* The last lines of text that fit in lines y0 .. y1-1. */
void draw_tail(const char *text, int y0, int y1);

/* A table of app_pair_rows from line y0 (two header lines, then page
 * rows from top): per figure the a and b values (labelled la, lb), b
 * highlighted with the diff glyph where they differ. More figures as
 * the terminal widens. */
void draw_pairs(const struct app_pair_row *rows, int n, int top, int cursor,
		int y0, int page, const char *la, const char *lb);

/* Starts a list row at line y: the cursor bar across it when cur, and
 * the mark glyph in its first two columns when marked; returns 2. */
int draw_row_start(int y, bool cur, bool marked);

/* A horizontal rule across the screen at line y. */
void draw_rule(int y);

#endif
