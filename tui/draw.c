/*
 * draw.c - the frame around every screen (title line with the screen
 * tabs, status or prompt line, F-key bar from the key table, the
 * too-small screen) and the cells the screens are built from.
 */
#include <curses.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "tui/draw.h"
#include "tui/screens.h"

/* Lines each screen spends outside its table (title, headers, footers). */
static const int chrome[SCREEN_COUNT] = {
	[SCREEN_LAYERS] = 10, [SCREEN_RUNS] = 5, [SCREEN_JOBS] = 5,
	[SCREEN_DESIGNS] = 5, [SCREEN_RUN] = 15, [SCREEN_COMPARE] = 9,
	[SCREEN_HELP] = 4,
};

int draw_page(enum app_screen s, int lines)
{
	int rows = lines - (s < SCREEN_COUNT ? chrome[s] : 4);

	if (s == SCREEN_JOBS)	/* the log tail takes the lower half */
		rows /= 2;
	return rows > 1 ? rows : 1;
}

int draw_top(int top, int cursor, int page, int n)
{
	if (cursor < top)
		top = cursor;
	if (cursor >= top + page)
		top = cursor - page + 1;
	if (top > n - page)
		top = n - page;
	return top > 0 ? top : 0;
}

/* Bytes of s that make at most w columns (one per UTF-8 character). */
static int clip(const char *s, int w, int *cols)
{
	int i = 0, c = 0;

	while (s[i]) {
		if (((unsigned char)s[i] & 0xC0) != 0x80) {
			if (c == w)
				break;
			c++;
		}
		i++;
	}
	*cols = c;
	return i;
}

int draw_str(int y, int x, int w, const char *s, int attr, bool right)
{
	int cols, bytes;

	if (w <= 0 || x >= COLS)
		return x + (w > 0 ? w : 0);
	if (x + w > COLS)
		w = COLS - x;
	bytes = clip(s ? s : "", w, &cols);
	attron(attr);
	mvhline(y, x, ' ', w);
	mvaddnstr(y, right ? x + w - cols : x, s ? s : "", bytes);
	attroff(attr);
	return x + w;
}

char *draw_num(double v, bool has, int w, char *buf, size_t n)
{
	if (!has) {
		snprintf(buf, n, "-");
		return buf;
	}
	if (v != floor(v) && fabs(v) < 10)
		snprintf(buf, n, "%.1f", v);
	else
		snprintf(buf, n, "%.0f", v);
	if ((int)strlen(buf) > w && fabs(v) < 1e6)
		snprintf(buf, n, "%.1fk", v / 1e3);
	if ((int)strlen(buf) > w && fabs(v) < 1e6)
		snprintf(buf, n, "%.0fk", v / 1e3);
	if ((int)strlen(buf) > w)
		snprintf(buf, n, "%.1fM", v / 1e6);
	return buf;
}

int draw_fig(int y, int x, int w, double v, bool has,
	     const struct app_mark *mk, int key, int attr)
{
	const struct tui_glyphs *g = tui_glyphs();
	bool marked = mk && (mk->changed & (1u << key));
	bool up = marked && (mk->up & (1u << key));
	char buf[32];

	draw_num(v, has, w - 1, buf, sizeof(buf));
	draw_str(y, x, w - 1, buf, marked ? tui_attr(up ? TR_UP : TR_DOWN) |
		 tui_attr(TR_BOLD) : attr, true);
	draw_str(y, x + w - 1, 1, marked ? (up ? g->up : g->down) : " ",
		 marked ? tui_attr(up ? TR_UP : TR_DOWN) : attr, false);
	return x + w;
}

void draw_bar(int y, int x, int w, double ratio)
{
	const struct tui_glyphs *g = tui_glyphs();
	enum tui_role r = ratio >= 1 ? TR_OVER : ratio >= 0.7 ? TR_WARN : TR_OK;
	int fill = ratio >= 1 ? w : (int)lround(ratio * w);

	if (ratio > 0 && fill == 0)
		fill = 1;
	attron(tui_attr(r));
	for (int i = 0; i < w && x + i < COLS; i++)
		mvaddstr(y, x + i, i < fill ? g->full : g->empty);
	attroff(tui_attr(r));
}

void draw_box(int y, int x, int h, int w, const char *title)
{
	for (int i = 0; i < h; i++)
		mvhline(y + i, x, ' ', w);
	mvhline(y, x + 1, ACS_HLINE, w - 2);
	mvhline(y + h - 1, x + 1, ACS_HLINE, w - 2);
	mvvline(y + 1, x, ACS_VLINE, h - 2);
	mvvline(y + 1, x + w - 1, ACS_VLINE, h - 2);
	mvaddch(y, x, ACS_ULCORNER);
	mvaddch(y, x + w - 1, ACS_URCORNER);
	mvaddch(y + h - 1, x, ACS_LLCORNER);
	mvaddch(y + h - 1, x + w - 1, ACS_LRCORNER);
	if (title)
		draw_str(y, x + 2, (int)strlen(title) < w - 4 ?
			 (int)strlen(title) : w - 4, title,
			 tui_attr(TR_HEAD), false);
}

int draw_row_start(int y, bool cur, bool marked)
{
	if (cur)
		mvhline(y, 0, ' ', COLS);
	return draw_str(y, 0, 2, marked ? tui_glyphs()->sel : "",
			cur ? tui_attr(TR_CURSOR) : tui_attr(TR_MARKED), false);
}

void draw_rule(int y)
{
	mvhline(y, 0, ACS_HLINE, COLS);
}

/* The last lines of text that fit between lines y0 and y1. */
void draw_tail(const char *text, int y0, int y1)
{
	int n = y1 - y0, count = 0;
	const char *p;

	if (!text || n <= 0)
		return;
	p = text + strlen(text);
	if (p > text && p[-1] == '\n')
		p--;
	while (p > text && count < n)
		if (*--p == '\n')
			count++;
	if (*p == '\n')
		p++;
	for (int y = y0; y < y1 && *p; y++) {
		const char *e = strchr(p, '\n');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		char line[512];

		snprintf(line, sizeof(line), "%.*s", (int)len, p);
		draw_str(y, 1, COLS - 1, line, 0, false);
		p += len + (e ? 1 : 0);
	}
}

/* Figure groups of a pair table, most important first. */
static const struct {
	enum sum_key k;
	const char *head;
	int cw;
} groups[] = {
	{ SUM_DSP, "DSP", 7 }, { SUM_LUT, "LUT", 8 },
	{ SUM_LATENCY, "latency", 7 }, { SUM_II, "II", 7 },
	{ SUM_FF, "FF", 8 }, { SUM_BRAM, "BRAM", 7 },
};
#define N_GROUPS ((int)(sizeof(groups) / sizeof(groups[0])))

static int pair_groups(int *namew)
{
	int w = COLS - 14, n = 0;

	while (n < N_GROUPS && w >= 2 * groups[n].cw + 2)
		w -= 2 * groups[n++].cw + 2;
	*namew = 14 + (w < 16 ? w : 16);
	return n;
}

void draw_pairs(const struct app_pair_row *rows, int n, int top, int cursor,
		int y0, int page, const char *la, const char *lb)
{
	const struct tui_glyphs *g = tui_glyphs();
	int namew, ng = pair_groups(&namew), h = tui_attr(TR_HEAD), x;
	char va[24], vb[24];

	draw_str(y0, 0, COLS, "", h, false);
	draw_str(y0 + 1, 0, COLS, "", h, false);
	draw_str(y0 + 1, 0, namew, "layer", h, false);
	x = namew;
	for (int k = 0; k < ng; k++) {
		int cw = groups[k].cw;

		draw_str(y0, x, 2 * cw, groups[k].head, h, true);
		draw_str(y0 + 1, x, cw, la, h, true);
		draw_str(y0 + 1, x + cw, cw, lb, h, true);
		x += 2 * cw + 2;
	}
	for (int r = 0; r < page && top + r < n; r++) {
		const struct app_pair_row *p = &rows[top + r];
		int y = y0 + 2 + r, cur = top + r == cursor;
		int attr = cur ? tui_attr(TR_CURSOR) : 0;

		if (cur)
			mvhline(y, 0, ' ', COLS);
		draw_str(y, 0, namew, p->layer[0] ? p->layer : "total",
			 attr | (p->layer[0] ? 0 : tui_attr(TR_BOLD)), false);
		x = namew;
		for (int k = 0; k < ng; k++) {
			enum sum_key s = groups[k].k;
			int cw = groups[k].cw;
			bool ha = p->has_a & (1u << s), hb = p->has_b & (1u << s);
			bool differ = ha && hb && p->a[s] != p->b[s];

			draw_str(y, x, cw, draw_num(p->a[s], ha, cw - 1, va,
						    sizeof(va)), attr, true);
			draw_str(y, x + cw, cw, draw_num(p->b[s], hb, cw - 1, vb,
							 sizeof(vb)),
				 differ ? tui_attr(TR_DIFF) | tui_attr(TR_BOLD) :
				 attr, true);
			draw_str(y, x + 2 * cw, 1, differ ? g->diff : " ",
				 differ ? tui_attr(TR_DIFF) : attr, false);
			x += 2 * cw + 2;
		}
	}
}

/* Line 0: the model, the project, the screen tabs, the help hint. */
static void title(const struct app *a)
{
	static const char *const tabs[] = { "1 Layers", "2 Runs", "3 Jobs",
		"4 Designs" };
	static const char *const names[SCREEN_COUNT] = { "layers", "runs",
		"jobs", "designs", "run", "compare", "help" };
	char left[160];
	int x;

	snprintf(left, sizeof(left), " hlsdse  %s%s%s%s ",
		 a->m.name ? a->m.name : "model", COLS < 100 ? "" :
		 a->has_project ? " (" : " (no project", COLS < 100 ||
		 !a->has_project ? "" : a->p.name, COLS < 100 ? "" : ")");
	x = draw_str(0, 0, COLS, left, tui_attr(TR_TITLE), false);
	x = (int)strlen(left) + 1;
	for (int i = 0; i < 4; i++) {
		bool on = a->screen == (enum app_screen)i ||
			(i == 0 && a->screen >= SCREEN_RUN &&
			 a->back == SCREEN_LAYERS && a->screen != SCREEN_HELP);
		int w = (int)strlen(tabs[i]) + 2;

		if (x + w >= COLS)
			break;
		draw_str(0, x, w, tabs[i], on ? tui_attr(TR_CURSOR) | tui_attr(TR_BOLD) :
			 tui_attr(TR_TITLE), false);
		x += w + 1;
	}
	if (a->screen >= SCREEN_RUN && x + 12 < COLS)
		draw_str(0, x, 10, names[a->screen], tui_attr(TR_CURSOR) |
			 tui_attr(TR_BOLD), false);
	draw_str(0, COLS - 8, 8, "?:help ", tui_attr(TR_TITLE), true);
}

/* The last line: the F-keys of the current context, from the key table. */
static void fkeys(const struct app *a)
{
	unsigned ctx = app_context(a);
	const struct binding *t;
	int n, x = 0, y = LINES - 1;

	move(y, 0);
	clrtoeol();
	t = keys_table(&n);
	for (int i = 0; i < n && x < COLS; i++) {
		int w;

		if (!t[i].bar || !(t[i].ctx & ctx))
			continue;
		w = (int)strlen(t[i].bar);
		x = draw_str(y, x, (int)strlen(t[i].label), t[i].label,
			     tui_attr(TR_FKEY), false);
		if (x + w > COLS)
			break;
		x = draw_str(y, x, w + 1, t[i].bar, tui_attr(TR_FLABEL), false);
	}
	if (x < COLS)
		draw_str(y, x, COLS - x, "", tui_attr(TR_FLABEL), false);
}

/* Line LINES-2: the open prompt with its text, else the status message. */
static void status(const struct app *a)
{
	static const char *const prompts[] = { "", "search: ", "label: ",
		"partition (auto, complete, block:N, cyclic:N): " };
	int y = LINES - 2;
	char buf[400];

	if (a->prompt) {
		snprintf(buf, sizeof(buf), "%s%s_", prompts[a->prompt], a->input);
		draw_str(y, 0, COLS, buf, tui_attr(TR_BOLD), false);
		return;
	}
	draw_str(y, 0, COLS, a->status, a->status_err ? tui_attr(TR_ERROR) :
		 0, false);
}

static void too_small(void)
{
	char buf[120];

	erase();
	snprintf(buf, sizeof(buf), "terminal too small (%dx%d): hlsdse needs "
		 "%dx%d", COLS, LINES, DRAW_MIN_COLS, DRAW_MIN_LINES);
	mvaddnstr(LINES / 2 - 1, 0, buf, COLS);
	mvaddnstr(LINES / 2, 0, "resize it, or q to quit", COLS);
	refresh();
}

void draw_frame(const struct app *a)
{
	static void (*const screens[SCREEN_COUNT])(const struct app *) = {
		screen_layers, screen_runs, screen_jobs, screen_designs,
		screen_run, screen_compare, screen_help,
	};

	if (COLS < DRAW_MIN_COLS || LINES < DRAW_MIN_LINES) {
		too_small();
		return;
	}
	erase();
	title(a);
	screens[a->screen](a);
	if (a->form_open)
		screen_form(a);
	if (a->dispatch_open)
		screen_dispatch(a);
	status(a);
	fkeys(a);
	refresh();
}
