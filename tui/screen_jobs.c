/*
 * screen_jobs.c - the runs queued and running: stage, a progress bar,
 * elapsed time, label; below, the log tail of the job at the cursor.
 */
#include <curses.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "tui/draw.h"
#include "tui/screens.h"

/* Seconds since an ISO 8601 UTC time ("2026-11-21T20:58:03Z"), or -1. */
static long since(const char *iso)
{
	struct tm tm = { 0 };

	if (!iso || sscanf(iso, "%4d-%2d-%2dT%2d:%2d:%2dZ", &tm.tm_year,
			   &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min,
			   &tm.tm_sec) != 6)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return (long)difftime(time(NULL), timegm(&tm));
}

/* One job: id, status, backend, stage, progress bar, elapsed, label. */
static void row(const struct run_row *r, int y, bool cur)
{
	int attr = cur ? tui_attr(TR_CURSOR) : 0, x, barw = COLS >= 100 ? 20 : 10;
	long s = since(r->started_at);
	char buf[64];

	if (cur)
		mvhline(y, 0, ' ', COLS);
	snprintf(buf, sizeof(buf), "run:%ld", r->id);
	x = draw_str(y, 1, 9, buf, attr, false);
	x = draw_str(y, x, 9, r->status, attr, false);
	x = draw_str(y, x, 8, r->backend, attr, false);
	x = draw_str(y, x, 12, r->stage ? r->stage : "-", attr, false);
	draw_bar(y, x, barw, r->has_progress ? r->progress / 100 : 0);
	x += barw;
	snprintf(buf, sizeof(buf), "%.0f%%", r->has_progress ? r->progress : 0);
	x = draw_str(y, x, 5, buf, attr, true);
	if (s >= 0)
		snprintf(buf, sizeof(buf), "%ld:%02ld:%02ld", s / 3600,
			 s / 60 % 60, s % 60);
	else
		snprintf(buf, sizeof(buf), "-");
	x = draw_str(y, x, 10, buf, attr, true);
	draw_str(y, x + 1, COLS - x - 1, r->label ? r->label : "", attr, false);
}

void screen_jobs(const struct app *a)
{
	int page = draw_page(SCREEN_JOBS, LINES), n = a->n_job_view;
	int top = draw_top(a->top[SCREEN_JOBS], a->cursor[SCREEN_JOBS], page,
			   n), running, queued, x, y;
	char buf[160];

	app_job_counts(a, &running, &queued);
	snprintf(buf, sizeof(buf), "jobs: %d running, %d queued | x (F9) "
		 "cancels the job at the cursor, Enter opens it", running,
		 queued);
	draw_str(1, 0, COLS, buf, tui_attr(TR_DIM), false);
	draw_str(2, 0, COLS, "", tui_attr(TR_HEAD), false);
	x = draw_str(2, 1, 9, "run", tui_attr(TR_HEAD), false);
	x = draw_str(2, x, 9, "status", tui_attr(TR_HEAD), false);
	x = draw_str(2, x, 8, "backend", tui_attr(TR_HEAD), false);
	x = draw_str(2, x, 12, "stage", tui_attr(TR_HEAD), false);
	x = draw_str(2, x, (COLS >= 100 ? 20 : 10) + 5, "progress",
		     tui_attr(TR_HEAD), false);
	x = draw_str(2, x, 10, "elapsed", tui_attr(TR_HEAD), true);
	draw_str(2, x + 1, COLS - x - 1, "label", tui_attr(TR_HEAD), false);
	if (n == 0)
		draw_str(4, 1, COLS - 1, "no job queued or running",
			 tui_attr(TR_DIM), false);
	for (int r = 0; r < page && top + r < n; r++)
		row(&a->runs[a->job_view[top + r]].r, 3 + r,
		    top + r == a->cursor[SCREEN_JOBS]);
	y = 3 + page;
	draw_rule(y);
	if (a->cursor[SCREEN_JOBS] < n) {
		snprintf(buf, sizeof(buf), " log of run:%ld ",
			 a->runs[a->job_view[a->cursor[SCREEN_JOBS]]].r.id);
		draw_str(y, 2, (int)strlen(buf), buf, tui_attr(TR_HEAD), false);
	}
	draw_tail(a->job_tail, y + 1, LINES - 2);
}
