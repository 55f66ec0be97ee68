/*
 * screens.h - one drawing function per screen (screen_<name>.c); each
 * reads the app's state and draws lines 1 .. LINES-3 (draw.c draws the
 * title, status and F-key lines around them).
 */
#ifndef HLSDSE_TUI_SCREENS_H
#define HLSDSE_TUI_SCREENS_H

#include "tui/app.h"

void screen_layers(const struct app *a);
void screen_runs(const struct app *a);
void screen_jobs(const struct app *a);
void screen_designs(const struct app *a);
void screen_run(const struct app *a);
void screen_compare(const struct app *a);
void screen_help(const struct app *a);
/* Overlays drawn on top of the layers screen. */
void screen_form(const struct app *a);
void screen_dispatch(const struct app *a);

#endif
