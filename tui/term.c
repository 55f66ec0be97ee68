/*
 * term.c - ncurses setup and teardown for the app. The terminal is given
 * back on every exit path: tui_term_stop at the end, an atexit hook for
 * exit() (xmalloc's out-of-memory exit), a flag for SIGINT, SIGTERM and
 * SIGHUP that the main loop turns into a clean quit, and for crashes
 * (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT) a handler that ends curses
 * and re-raises with the default action. KEY_RESIZE comes from ncurses'
 * own SIGWINCH handling.
 */
#include <curses.h>
#include <langinfo.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "tui/term.h"

static volatile sig_atomic_t quit_signal;
static volatile sig_atomic_t active;
static bool hooks_installed, utf8, colour;
static SCREEN *screen;

static const struct tui_glyphs glyphs_utf8 = {
	"\u2588", "\u2591", "\u25b2", "\u25bc", "\u25cf", "\u2260", "\u25b6",
};
static const struct tui_glyphs glyphs_ascii = {
	"#", ".", "^", "v", "*", "#", ">",
};

/* Colour pairs (foreground, background -1 = the terminal's). */
static const short pair_fg[TR_COUNT] = {
	[TR_TITLE] = COLOR_BLACK, [TR_HEAD] = COLOR_CYAN,
	[TR_CURSOR] = COLOR_BLACK, [TR_FKEY] = COLOR_WHITE,
	[TR_FLABEL] = COLOR_BLACK, [TR_OK] = COLOR_GREEN,
	[TR_WARN] = COLOR_YELLOW, [TR_OVER] = COLOR_RED, [TR_UP] = COLOR_RED,
	[TR_DOWN] = COLOR_GREEN, [TR_KNOB] = COLOR_MAGENTA,
	[TR_ERROR] = COLOR_RED, [TR_DIM] = COLOR_BLUE,
	[TR_DIFF] = COLOR_YELLOW, [TR_MARKED] = COLOR_YELLOW,
};
static const short pair_bg[TR_COUNT] = {
	[TR_TITLE] = COLOR_CYAN, [TR_CURSOR] = COLOR_CYAN,
	[TR_FLABEL] = COLOR_CYAN,
};

static void restore(void)
{
	if (active) {
		active = 0;
		endwin();
	}
}

static void on_quit(int sig)
{
	quit_signal = sig;
}

static void on_crash(int sig)
{
	restore();
	signal(sig, SIG_DFL);
	raise(sig);
}

/* The atexit hook and the signal handlers, once. */
static void install_hooks(void)
{
	static const int crash[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT };
	static const int quit[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa;

	if (hooks_installed)
		return;
	hooks_installed = true;
	atexit(restore);
	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_quit;
	for (size_t i = 0; i < sizeof(quit) / sizeof(quit[0]); i++)
		sigaction(quit[i], &sa, NULL);
	sa.sa_handler = on_crash;
	sa.sa_flags = SA_RESETHAND;
	for (size_t i = 0; i < sizeof(crash) / sizeof(crash[0]); i++)
		sigaction(crash[i], &sa, NULL);
}

static bool want_colour(void)
{
	const char *nc = getenv("NO_COLOR"), *term = getenv("TERM");

	if (nc && nc[0])
		return false;
	if (term && strcmp(term, "dumb") == 0)
		return false;
	return has_colors();
}

/* What every start shares once curses is up. */
static void setup(void)
{
	const char *cs = nl_langinfo(CODESET);

	active = 1;
	utf8 = cs && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
	colour = want_colour();
	if (colour) {
		start_color();
		use_default_colors();
		for (int r = 1; r < TR_COUNT; r++)
			init_pair((short)r, pair_fg[r],
				  pair_bg[r] ? pair_bg[r] : -1);
	}
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	curs_set(0);
	set_escdelay(25);
	timeout(200);
}

int tui_term_start(struct error *err)
{
	install_hooks();
	screen = newterm(NULL, stdout, stdin);
	if (!screen)
		return error_set(err, "unable to start the terminal interface "
				 "(TERM '%s')", getenv("TERM") ? getenv("TERM") :
				 "");
	set_term(screen);
	setup();
	return 0;
}

int tui_term_start_file(const char *term, FILE *out, FILE *in,
			struct error *err)
{
	screen = newterm(term, out, in);
	if (!screen)
		return error_set(err, "unable to start a screen of type '%s'",
				 term);
	set_term(screen);
	setup();
	return 0;
}

void tui_term_stop(void)
{
	restore();
	if (screen) {
		delscreen(screen);
		screen = NULL;
	}
}

int tui_term_signalled(void)
{
	return quit_signal;
}

int tui_attr(enum tui_role r)
{
	static const int mono[TR_COUNT] = {
		[TR_TITLE] = A_REVERSE, [TR_HEAD] = A_BOLD,
		[TR_CURSOR] = A_REVERSE, [TR_FKEY] = A_BOLD,
		[TR_FLABEL] = A_REVERSE, [TR_WARN] = A_BOLD,
		[TR_OVER] = A_BOLD | A_UNDERLINE, [TR_UP] = A_BOLD,
		[TR_DOWN] = A_BOLD, [TR_KNOB] = A_BOLD | A_UNDERLINE,
		[TR_ERROR] = A_BOLD, [TR_DIM] = A_DIM, [TR_DIFF] = A_BOLD,
		[TR_MARKED] = A_BOLD, [TR_BOLD] = A_BOLD,
	};

	if (r <= TR_NORMAL || r >= TR_COUNT)
		return A_NORMAL;
	if (!colour || r == TR_BOLD)
		return mono[r];
	return COLOR_PAIR(r) | (r == TR_HEAD || r == TR_UP || r == TR_DOWN ||
				r == TR_KNOB || r == TR_ERROR || r == TR_OVER ?
				A_BOLD : 0);
}

const struct tui_glyphs *tui_glyphs(void)
{
	return utf8 ? &glyphs_utf8 : &glyphs_ascii;
}

bool tui_utf8(void)
{
	return utf8;
}
