/*
 * keys.h - the app's one key table: every key maps to a named action
 * (tig's requests) in the screens where it applies; the same table
 * dispatches keys, fills the F-key bar and generates the help screen.
 */
#ifndef HLSDSE_TUI_KEYS_H
#define HLSDSE_TUI_KEYS_H

#include <stddef.h>

/* X-macro: enum value, name (as a request), help text. */
#define TUI_ACTIONS(X)                                                   \
	X(DO_NONE, "none", "")                                           \
	X(DO_QUIT, "quit", "quit (runs go on in the worker)")            \
	X(DO_HELP, "help", "show the keys of this screen")               \
	X(DO_BACK, "back", "back to the previous screen, close, cancel") \
	X(DO_UP, "move-up", "move up")                                   \
	X(DO_DOWN, "move-down", "move down")                             \
	X(DO_PAGE_UP, "page-up", "one page up")                          \
	X(DO_PAGE_DOWN, "page-down", "one page down")                    \
	X(DO_HOME, "first", "first row")                                 \
	X(DO_END, "last", "last row")                                    \
	X(DO_LEFT, "move-left", "previous field or choice")              \
	X(DO_RIGHT, "move-right", "next field or choice")                \
	X(DO_ENTER, "enter", "open the row / apply")                     \
	X(DO_NEXT_SCREEN, "next-screen", "next screen")                  \
	X(DO_SCREEN_LAYERS, "view-layers", "layers screen")              \
	X(DO_SCREEN_RUNS, "view-runs", "runs screen")                    \
	X(DO_SCREEN_JOBS, "view-jobs", "jobs screen")                    \
	X(DO_SCREEN_DESIGNS, "view-designs", "saved designs screen")     \
	X(DO_RF_UP, "reuse-up", "next valid reuse factor")               \
	X(DO_RF_DOWN, "reuse-down", "previous valid reuse factor")       \
	X(DO_STRATEGY, "strategy", "toggle strategy latency/resource")   \
	X(DO_PF_UP, "pf-up", "next parallelization factor (conv)")       \
	X(DO_PF_DOWN, "pf-down", "previous parallelization factor")      \
	X(DO_PARTITION, "partition", "set the array partition")          \
	X(DO_EDIT_PREC, "precision", "edit the layer's precisions")      \
	X(DO_APPLY_KIND, "apply-kind",                                   \
	  "apply this layer's knobs to every layer of its kind")         \
	X(DO_MODE, "mode", "estimate mode: csynth / impl")               \
	X(DO_UNDO, "undo", "undo the last change")                       \
	X(DO_REDO, "redo", "redo")                                       \
	X(DO_SAVE, "save", "save the design (a snapshot with a label)")  \
	X(DO_DISPATCH, "dispatch", "dispatch the design to a backend")   \
	X(DO_SEARCH, "search", "search names and labels")                \
	X(DO_SEARCH_NEXT, "search-next", "next match")                   \
	X(DO_SORT, "sort", "sort by the next column")                    \
	X(DO_SORT_REVERSE, "sort-reverse", "reverse the sort order")     \
	X(DO_FILTER, "filter", "filter by status")                       \
	X(DO_MARK, "mark", "mark for comparison")                        \
	X(DO_COMPARE, "compare",                                         \
	  "compare marked rows (or the row with the working design)")    \
	X(DO_RESTORE, "restore", "make this design the working design")  \
	X(DO_CANCEL_RUN, "cancel", "cancel the run")                     \
	X(DO_REFRESH, "refresh", "redraw and re-read the store")         \
	X(DO_INC, "increase", "increase the field")                      \
	X(DO_DEC, "decrease", "decrease the field")

#define DO_ENUM(e, name, help) e,
enum action { TUI_ACTIONS(DO_ENUM) DO_COUNT };
#undef DO_ENUM

/* Contexts a binding applies in: one bit per screen (the app's
 * enum app_screen order), then the precision form and the dispatch
 * chooser, which take over the keys while open. */
enum {
	CTX_LAYERS = 1 << 0,
	CTX_RUNS = 1 << 1,
	CTX_JOBS = 1 << 2,
	CTX_DESIGNS = 1 << 3,
	CTX_RUN = 1 << 4,
	CTX_COMPARE = 1 << 5,
	CTX_HELP = 1 << 6,
	CTX_FORM = 1 << 7,
	CTX_DISPATCH = 1 << 8,
	CTX_SCREENS = (1 << 7) - 1,
	CTX_LISTS = CTX_RUNS | CTX_JOBS | CTX_DESIGNS,
};

struct binding {
	int key;		/* a character or an ncurses KEY_ code */
	const char *label;	/* how help spells the key: "j", "Down", "F1" */
	enum action action;
	unsigned ctx;		/* CTX_ bits */
	const char *bar;	/* F-key bar label, or NULL */
};

const char *action_name(enum action a);
const char *action_help(enum action a);

/* The binding table and its length. */
const struct binding *keys_table(int *n);

/* The action key has in context ctx (one CTX_ bit), DO_NONE if none. */
enum action keys_lookup(int key, unsigned ctx);

/* The help screen for context ctx: one line per action bound there,
 * "  keys...   help". Returns how many; *lines is caller-owned (free each
 * line and the array). */
int keys_help(unsigned ctx, char ***lines);

#endif
