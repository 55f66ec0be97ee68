/*
 * keys.c - the one key table (htop/tig habits: q quits, ? and F1 help,
 * / searches, j/k and arrows move, Enter drills in, Esc backs out, Tab
 * switches screens; every F-key has a letter too) and what is generated
 * from it: lookups, the F-key bar labels and the help screen.
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "tui/keys.h"

#define CTRL(c) ((c) & 0x1f)
#define ESC 27
#define MOVE (CTX_SCREENS & ~CTX_HELP)
#define ALL (CTX_SCREENS)
#define KNOBS CTX_LAYERS
#define CHOOSE (CTX_FORM | CTX_DISPATCH)

static const struct binding table[] = {
	{ '?', "?", DO_HELP, ALL, NULL },
	{ KEY_F(1), "F1", DO_HELP, ALL, "Help" },
	{ 'S', "S", DO_SAVE, KNOBS, NULL },
	{ KEY_F(2), "F2", DO_SAVE, KNOBS, "Save" },
	{ '/', "/", DO_SEARCH, CTX_LAYERS | CTX_RUNS | CTX_DESIGNS, NULL },
	{ KEY_F(3), "F3", DO_SEARCH, CTX_LAYERS | CTX_RUNS | CTX_DESIGNS,
	  "Search" },
	{ 'n', "n", DO_SEARCH_NEXT, CTX_LAYERS | CTX_RUNS | CTX_DESIGNS,
	  NULL },
	{ 'e', "e", DO_EDIT_PREC, KNOBS, NULL },
	{ KEY_F(4), "F4", DO_EDIT_PREC, KNOBS, "Prec" },
	{ 'd', "d", DO_DISPATCH, KNOBS, NULL },
	{ KEY_F(5), "F5", DO_DISPATCH, KNOBS, "Synth" },
	{ 's', "s", DO_SORT, CTX_RUNS | CTX_DESIGNS, NULL },
	{ KEY_F(6), "F6", DO_SORT, CTX_RUNS | CTX_DESIGNS, "Sort" },
	{ 'I', "I", DO_SORT_REVERSE, CTX_RUNS | CTX_DESIGNS, NULL },
	{ 'f', "f", DO_FILTER, CTX_RUNS, NULL },
	{ KEY_F(7), "F7", DO_FILTER, CTX_RUNS, "Filter" },
	{ ' ', "Space", DO_MARK, CTX_RUNS | CTX_DESIGNS, NULL },
	{ 'c', "c", DO_COMPARE, CTX_RUNS | CTX_DESIGNS | CTX_RUN, NULL },
	{ KEY_F(8), "F8", DO_COMPARE, CTX_RUNS | CTX_DESIGNS | CTX_RUN,
	  "Compare" },
	{ 'r', "r", DO_RESTORE, CTX_RUNS | CTX_DESIGNS | CTX_RUN, NULL },
	{ 'x', "x", DO_CANCEL_RUN, CTX_JOBS | CTX_RUNS | CTX_RUN, NULL },
	{ KEY_F(9), "F9", DO_CANCEL_RUN, CTX_JOBS | CTX_RUNS | CTX_RUN,
	  "Cancel" },
	{ 'q', "q", DO_QUIT, ALL, NULL },
	{ KEY_F(10), "F10", DO_QUIT, ALL, "Quit" },
	{ ESC, "Esc", DO_BACK, ALL | CHOOSE, NULL },
	{ '<', "<", DO_BACK, ALL, NULL },
	{ 'k', "k", DO_UP, MOVE, NULL },
	{ KEY_UP, "Up", DO_UP, ALL | CHOOSE, NULL },
	{ 'j', "j", DO_DOWN, MOVE, NULL },
	{ KEY_DOWN, "Down", DO_DOWN, ALL | CHOOSE, NULL },
	{ KEY_PPAGE, "PgUp", DO_PAGE_UP, ALL, NULL },
	{ CTRL('b'), "^B", DO_PAGE_UP, ALL, NULL },
	{ KEY_NPAGE, "PgDn", DO_PAGE_DOWN, ALL, NULL },
	{ CTRL('f'), "^F", DO_PAGE_DOWN, ALL, NULL },
	{ KEY_HOME, "Home", DO_HOME, ALL, NULL },
	{ 'g', "g", DO_HOME, MOVE, NULL },
	{ KEY_END, "End", DO_END, ALL, NULL },
	{ 'G', "G", DO_END, MOVE, NULL },
	{ KEY_LEFT, "Left", DO_LEFT, CHOOSE, NULL },
	{ 'h', "h", DO_LEFT, CHOOSE, NULL },
	{ KEY_RIGHT, "Right", DO_RIGHT, CHOOSE, NULL },
	{ 'l', "l", DO_RIGHT, CHOOSE, NULL },
	{ '\n', "Enter", DO_ENTER, MOVE | CHOOSE, NULL },
	{ '\r', "Enter", DO_ENTER, MOVE | CHOOSE, NULL },
	{ KEY_ENTER, "Enter", DO_ENTER, MOVE | CHOOSE, NULL },
	{ '\t', "Tab", DO_NEXT_SCREEN, ALL, NULL },
	{ '1', "1", DO_SCREEN_LAYERS, ALL, NULL },
	{ '2', "2", DO_SCREEN_RUNS, ALL, NULL },
	{ '3', "3", DO_SCREEN_JOBS, ALL, NULL },
	{ '4', "4", DO_SCREEN_DESIGNS, ALL, NULL },
	{ '+', "+", DO_RF_UP, KNOBS, NULL },
	{ ']', "]", DO_RF_UP, KNOBS, NULL },
	{ '-', "-", DO_RF_DOWN, KNOBS, NULL },
	{ '[', "[", DO_RF_DOWN, KNOBS, NULL },
	{ 't', "t", DO_STRATEGY, KNOBS, NULL },
	{ '}', "}", DO_PF_UP, KNOBS, NULL },
	{ '{', "{", DO_PF_DOWN, KNOBS, NULL },
	{ 'P', "P", DO_PARTITION, KNOBS, NULL },
	{ 'a', "a", DO_APPLY_KIND, KNOBS, NULL },
	{ 'm', "m", DO_MODE, KNOBS, NULL },
	{ 'u', "u", DO_UNDO, KNOBS, NULL },
	{ 'U', "U", DO_REDO, KNOBS, NULL },
	{ CTRL('r'), "^R", DO_REDO, KNOBS, NULL },
	{ CTRL('l'), "^L", DO_REFRESH, ALL, NULL },
	{ '+', "+", DO_INC, CTX_FORM, NULL },
	{ '=', "=", DO_INC, CTX_FORM, NULL },
	{ '-', "-", DO_DEC, CTX_FORM, NULL },
	{ 'q', "q", DO_BACK, CHOOSE, NULL },
};

#define N_TABLE ((int)(sizeof(table) / sizeof(table[0])))

#define DO_NAME(e, name, help) name,
static const char *const names[] = { TUI_ACTIONS(DO_NAME) };
#undef DO_NAME
#define DO_HELP_TEXT(e, name, help) help,
static const char *const helps[] = { TUI_ACTIONS(DO_HELP_TEXT) };
#undef DO_HELP_TEXT

const char *action_name(enum action a)
{
	return a < DO_COUNT ? names[a] : "none";
}

const char *action_help(enum action a)
{
	return a < DO_COUNT ? helps[a] : "";
}

const struct binding *keys_table(int *n)
{
	*n = N_TABLE;
	return table;
}

enum action keys_lookup(int key, unsigned ctx)
{
	for (int i = 0; i < N_TABLE; i++)
		if (table[i].key == key && (table[i].ctx & ctx))
			return table[i].action;
	return DO_NONE;
}

/* Appends label to the comma-separated list in buf unless present. */
static void add_label(char *buf, size_t n, const char *label)
{
	size_t len = strlen(buf), ll = strlen(label);

	for (const char *p = buf; (p = strstr(p, label)); p += ll)
		if ((p == buf || p[-1] == ' ') && (p[ll] == ',' || !p[ll]))
			return;
	snprintf(buf + len, n - len, "%s%s", len ? ", " : "", label);
}

int keys_help(unsigned ctx, char ***lines)
{
	char **out = xcalloc(DO_COUNT, sizeof(*out));
	int n = 0;

	for (int a = 1; a < DO_COUNT; a++) {
		char keys[64] = "";

		for (int i = 0; i < N_TABLE; i++)
			if (table[i].action == (enum action)a &&
			    (table[i].ctx & ctx))
				add_label(keys, sizeof(keys), table[i].label);
		if (keys[0])
			out[n++] = xasprintf("  %-18s %s", keys, helps[a]);
	}
	*lines = out;
	return n;
}
