/*
 * tui.h - the interactive app's entry point: open a project, take over
 * the terminal, run the loop (keys through the key table into
 * app_handle, the store polled between keys, a frame drawn when the
 * state says so), give the terminal back.
 */
#ifndef HLSDSE_TUI_H
#define HLSDSE_TUI_H

#include "core/error.h"
#include "tui/app.h"

/* Runs the app on the project in dir until the user quits. Returns 0,
 * 128 + the signal that ended it (SIGINT, SIGTERM, SIGHUP), or -1 with
 * err filled (the terminal is already restored then). */
int tui_run(const char *dir, struct error *err);

/* Turns one key into reaction flags: prompts take text, everything else
 * goes through the key table in the app's context. */
int tui_key(struct app *a, int ch);

/* Sets the page size and scroll position of the current screen for a
 * terminal lines high (after every action and resize). */
void tui_layout(struct app *a, int lines);

#endif
