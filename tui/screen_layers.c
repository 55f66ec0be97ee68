/*
 * screen_layers.c - the main screen: the design's settings and resource
 * bars against the part, the layer table (more columns as the terminal
 * widens) with the cells the last change moved marked, totals, the
 * cursor layer's detail and warnings, and a line about jobs and edits.
 */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "tui/draw.h"
#include "tui/screens.h"

enum col_id { C_NAME, C_KIND, C_OUT, C_RF, C_STRAT, C_PF, C_PART, C_RPREC,
	      C_WPREC, C_APREC, C_DSP, C_LUT, C_FF, C_BRAM, C_LAT, C_II,
	      C_WARN, C_COUNT };

struct col {
	const char *head;
	int w;
	int prio;		/* 0 always shown; higher drops first */
	bool right;
};

static const struct col cols[C_COUNT] = {
	[C_NAME] = { "layer", 13, 0, false },
	[C_KIND] = { "kind", 8, 3, false },
	[C_OUT] = { "out", 10, 5, false },
	[C_RF] = { "RF", 6, 0, true },
	[C_STRAT] = { "strat", 6, 1, false },
	[C_PF] = { "PF", 5, 8, true },
	[C_PART] = { "partition", 11, 9, false },
	[C_RPREC] = { "result", 17, 4, false },
	[C_WPREC] = { "weight", 17, 6, false },
	[C_APREC] = { "accum", 17, 7, false },
	[C_DSP] = { "DSP", 8, 0, true },
	[C_LUT] = { "LUT", 9, 0, true },
	[C_FF] = { "FF", 9, 1, true },
	[C_BRAM] = { "BRAM", 7, 1, true },
	[C_LAT] = { "lat", 8, 0, true },
	[C_II] = { "II", 6, 2, true },
	[C_WARN] = { "", 2, 0, false },
};

/* Which columns fit in COLS, and their widths. */
static void layout(int w[C_COUNT])
{
	int total = 0, drop = 9;

	for (int c = 0; c < C_COUNT; c++) {
		w[c] = cols[c].w;
		total += w[c];
	}
	while (total > COLS && drop > 0) {
		for (int c = 0; c < C_COUNT; c++)
			if (cols[c].prio == drop && w[c]) {
				total -= w[c];
				w[c] = 0;
			}
		drop--;
	}
	if (w[C_KIND] && total + 6 <= COLS) {	/* room for whole kind names */
		w[C_KIND] += 6;
		total += 6;
	}
	if (total < COLS)	/* room left: a wider name column */
		w[C_NAME] += COLS - total < 12 ? COLS - total : 12;
}

/* Lines 1-3: settings, estimate totals and the resource bars. */
static void header(const struct app *a)
{
	const struct estimate *e = &a->e;
	static const char *const lab[4] = { "DSP", "LUT", "FF", "BRAM" };
	double used[4] = { e->total.dsp, e->total.lut, e->total.ff,
		e->total.bram18 };
	long avail[4] = { e->part.dsp, e->part.lut, e->part.ff,
		e->part.bram18 };
	double util[4] = { e->util_dsp, e->util_lut, e->util_ff,
		e->util_bram18 };
	int half = COLS / 2, barw = half - 27;
	char buf[256], u[16], v[16];

	snprintf(buf, sizeof(buf), "%s %.2gns %s %s | %ld cycles %.0f ns, "
		 "II %ld%s", a->d.part, a->d.clock_ns,
		 io_type_name(a->d.io_type), est_mode_name(a->mode),
		 e->total.latency, e->latency_ns, e->total.ii,
		 e->dataflow ? ", dataflow" : "");
	draw_str(1, 0, COLS, buf, 0, false);
	for (int i = 0; i < 4; i++) {
		int y = 2 + i / 2, x = (i % 2) * half;

		draw_str(y, x, 5, lab[i], tui_attr(TR_HEAD), false);
		draw_bar(y, x + 5, barw, util[i]);
		snprintf(buf, sizeof(buf), "%5.1f%% %s/%s", 100 * util[i],
			 draw_num(used[i], true, 6, u, sizeof(u)),
			 draw_num((double)avail[i], true, 6, v, sizeof(v)));
		draw_str(y, x + 6 + barw, half - barw - 7, buf,
			 util[i] >= 1 ? tui_attr(TR_OVER) : 0, false);
	}
}

/* A knob cell: the value (a column short of w), then the knob glyph
 * when the last change set it. */
static int knob(int y, int x, int w, const char *text, bool marked, int attr,
		bool right)
{
	if (!w)
		return x;
	draw_str(y, x, w - 1, text, marked ? tui_attr(TR_KNOB) : attr, right);
	return draw_str(y, x + w - 1, 1, marked ? tui_glyphs()->knob : " ",
			marked ? tui_attr(TR_KNOB) : attr, false);
}

/* A text cell: w - 1 columns of text and a space. */
static int cell(int y, int x, int w, const char *text, int attr)
{
	if (!w)
		return x;
	draw_str(y, x, w - 1, text, attr, false);
	return draw_str(y, x + w - 1, 1, "", attr, false);
}

static void prec_text(const struct precision *p, bool applies, char *buf,
		      size_t n)
{
	if (!applies)
		snprintf(buf, n, "-");
	else if (p->is_auto)
		snprintf(buf, n, "auto");
	else
		fixed_format(&p->type, buf, n);
}

/* The figure columns of a layer (or the total) from x; returns the x
 * after them. */
static int figs(int y, int x, const int w[C_COUNT], const struct layer_est *o,
		const struct app_mark *mk, int attr)
{
	const double v[SUM_COUNT] = { o->dsp, o->lut, o->ff, o->bram18,
		(double)o->latency, (double)o->ii };
	static const enum col_id col[SUM_COUNT] = { C_DSP, C_LUT, C_FF, C_BRAM,
		C_LAT, C_II };

	for (int k = 0; k < SUM_COUNT; k++)
		if (w[col[k]])
			x = draw_fig(y, x, w[col[k]], v[k], true, mk, k, attr);
	return x;
}

/* One layer: its knobs and figures, marked where the last change moved
 * them. */
static void row(const struct app *a, int i, int y, const int w[C_COUNT])
{
	const struct layer *l = &a->m.layers[i];
	const struct knobs *k = &a->e.knobs[i];
	const struct layer_est *o = &a->e.layers[i];
	const struct app_mark *mk = a->marks ? &a->marks[i] : NULL;
	bool cur = i == a->cursor[SCREEN_LAYERS];
	int attr = cur ? tui_attr(TR_CURSOR) : 0, x = 0;
	long n_in, n_out, px = layer_out_pixels(l);
	bool mult = layer_mult_size(l, &n_in, &n_out);
	unsigned ch = mk ? mk->changed : 0;
	char buf[64];

	if (cur)
		mvhline(y, 0, ' ', COLS);
	x = cell(y, x, w[C_NAME], l->name, attr | (cur ? tui_attr(TR_BOLD) :
						     0));
	x = cell(y, x, w[C_KIND], layer_kind_name(l->kind), attr);
	x = cell(y, x, w[C_OUT], shape_format(&l->out_shape, buf, sizeof(buf)),
		 attr);
	snprintf(buf, sizeof(buf), mult ? "%ld" : "-", k->reuse_factor);
	x = knob(y, x, w[C_RF], buf, ch & MARK_RF, attr, true);
	x = knob(y, x, w[C_STRAT], mult ? (k->strategy == STRATEGY_LATENCY ?
					   " lat" : " res") : " -",
		 ch & MARK_STRATEGY, attr, false);
	snprintf(buf, sizeof(buf), px > 0 ? "%ld" : "-",
		 k->parallelization_factor);
	x = knob(y, x, w[C_PF], buf, ch & MARK_PF, attr, true);
	x = knob(y, x, w[C_PART], partition_format(&k->partition, buf,
						   sizeof(buf)),
		 ch & MARK_PARTITION, attr, false);
	prec_text(&k->prec[PREC_RESULT], true, buf, sizeof(buf));
	x = knob(y, x, w[C_RPREC], buf, ch & MARK_PREC, attr, false);
	prec_text(&k->prec[PREC_WEIGHT], design_prec_applies(l, PREC_WEIGHT),
		  buf, sizeof(buf));
	x = knob(y, x, w[C_WPREC], buf, ch & MARK_PREC, attr, false);
	prec_text(&k->prec[PREC_ACCUM], design_prec_applies(l, PREC_ACCUM),
		  buf, sizeof(buf));
	x = knob(y, x, w[C_APREC], buf, ch & MARK_PREC, attr, false);
	x = figs(y, x, w, o, mk, attr);
	draw_str(y, x, w[C_WARN], o->warnings ? " !" : "", o->warnings ?
		 tui_attr(TR_WARN) | tui_attr(TR_BOLD) : attr, false);
}

/* The column headings of the visible columns. */
static void heads(const int w[C_COUNT], int y)
{
	int x = 0, attr = tui_attr(TR_HEAD);

	draw_str(y, 0, COLS, "", attr, false);
	for (int c = 0; c < C_COUNT; c++) {
		if (!w[c])
			continue;
		if (cols[c].right) {
			draw_str(y, x, w[c] - 1, cols[c].head, attr, true);
			x += w[c];
		} else {
			x = draw_str(y, x, w[c], c == C_STRAT ? " strat" :
				     cols[c].head, attr, false);
		}
	}
}

static void totals(const struct app *a, const int w[C_COUNT], int y)
{
	const struct layer_est *t = &a->e.total;
	const struct app_mark *mk = &a->total_mark;
	int x = 0, attr = tui_attr(TR_BOLD);

	for (int c = 0; c < C_DSP; c++)
		x += w[c];
	draw_str(y, 0, x, "total", attr, false);
	figs(y, x, w, t, mk, attr);
}

/* The cursor layer: what it is, and its warnings spelled out. */
static void detail(const struct app *a, int y)
{
	int i = a->cursor[SCREEN_LAYERS];
	const struct layer *l;
	unsigned wb;
	char buf[512], in[32], out[32];
	size_t len;

	if (i >= a->m.n_layers)
		return;
	l = &a->m.layers[i];
	wb = a->e.layers[i].warnings;
	len = (size_t)snprintf(buf, sizeof(buf), "%s: %s %s -> %s, %ld params",
			       l->name, layer_kind_name(l->kind),
			       shape_format(&l->in_shape, in, sizeof(in)),
			       shape_format(&l->out_shape, out, sizeof(out)),
			       l->n_params);
	for (unsigned b = 0; b < EST_W_COUNT && len < sizeof(buf); b++)
		if (wb & (1u << b))
			len += (size_t)snprintf(buf + len, sizeof(buf) - len,
						"  ! %s: %s", est_warning_code(b),
						est_warning_text(b));
	draw_str(y, 0, COLS, buf, wb ? tui_attr(TR_WARN) : tui_attr(TR_DIM),
		 false);
}

/* Jobs, runs and the undo position in one line. */
static void job_line(const struct app *a, int y)
{
	int running, queued, ok = 0, failed = 0;
	char buf[320];
	size_t len;

	app_job_counts(a, &running, &queued);
	for (int i = 0; i < a->n_runs; i++) {
		ok += strcmp(a->runs[i].r.status, "succeeded") == 0;
		failed += strcmp(a->runs[i].r.status, "failed") == 0;
	}
	if (!a->has_project)
		len = (size_t)snprintf(buf, sizeof(buf), "no project: save and "
				       "dispatch are off");
	else
		len = (size_t)snprintf(buf, sizeof(buf), "jobs %d running, %d "
				       "queued | runs %d: %d ok, %d failed",
				       running, queued, a->n_runs, ok, failed);
	for (int i = 0; i < a->n_job_view && running && len < sizeof(buf); i++) {
		const struct run_row *r = &a->runs[a->job_view[i]].r;

		if (strcmp(r->status, "running") == 0) {
			len += (size_t)snprintf(buf + len, sizeof(buf) - len,
						" | run:%ld %s %s %.0f%%", r->id,
						r->backend, r->stage ? r->stage :
						"", r->progress);
			break;
		}
	}
	if (len < sizeof(buf))
		snprintf(buf + len, sizeof(buf) - len, " | edit %d of %d%s",
			 a->hist_pos, a->n_hist - 1, a->dirty ? " (unwritten)" :
			 "");
	draw_str(y, 0, COLS, buf, running ? tui_attr(TR_OK) : tui_attr(TR_DIM),
		 false);
}

void screen_layers(const struct app *a)
{
	int w[C_COUNT], page = draw_page(SCREEN_LAYERS, LINES);
	int n = a->m.n_layers;
	int top = draw_top(a->top[SCREEN_LAYERS], a->cursor[SCREEN_LAYERS],
			   page, n);

	layout(w);
	header(a);
	heads(w, 4);
	for (int r = 0; r < page && top + r < n; r++)
		row(a, top + r, 5 + r, w);
	totals(a, w, LINES - 5);
	detail(a, LINES - 4);
	job_line(a, LINES - 3);
}
