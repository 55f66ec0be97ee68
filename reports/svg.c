/*
 * svg.c - the SVG writer behind the report plots (see svg.h).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "reports/svg.h"

#define FONT_TICK 13.0
#define FONT_AXIS 14.0

const char *svg_color(int i)
{
	static const char *const palette[] = { "#0072B2", "#E69F00",
		"#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442",
		"#000000" };

	return palette[(i < 0 ? -i : i) % 8];
}

void svg_begin(struct svg *s, double w, double h, const char *title)
{
	strbuf_init(&s->sb);
	s->w = w;
	s->h = h;
	strbuf_addf(&s->sb, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
		    "width=\"%g\" height=\"%g\" viewBox=\"0 0 %g %g\" "
		    "font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" "
		    "font-size=\"%g\">\n<title>", w, h, w, h, FONT_TICK);
	strbuf_add_xml(&s->sb, title);
	strbuf_add(&s->sb, "</title>\n");
	svg_rect(s, 0, 0, w, h, "#ffffff", NULL);
}

char *svg_end(struct svg *s)
{
	strbuf_add(&s->sb, "</svg>\n");
	return strbuf_detach(&s->sb);
}

static void dash_attr(struct svg *s, const char *dash)
{
	if (dash)
		strbuf_addf(&s->sb, " stroke-dasharray=\"%s\"", dash);
}

void svg_line(struct svg *s, double x1, double y1, double x2, double y2,
	      const char *stroke, double width, const char *dash)
{
	strbuf_addf(&s->sb, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
		    "y2=\"%.1f\" stroke=\"%s\" stroke-width=\"%g\"", x1, y1,
		    x2, y2, stroke, width);
	dash_attr(s, dash);
	strbuf_add(&s->sb, "/>\n");
}

void svg_polyline(struct svg *s, const double *xy, int n, const char *stroke,
		  double width, const char *dash)
{
	strbuf_add(&s->sb, "<polyline points=\"");
	for (int i = 0; i < n; i++)
		strbuf_addf(&s->sb, "%s%.1f,%.1f", i ? " " : "", xy[2 * i],
			    xy[2 * i + 1]);
	strbuf_addf(&s->sb, "\" fill=\"none\" stroke=\"%s\" "
		    "stroke-width=\"%g\"", stroke, width);
	dash_attr(s, dash);
	strbuf_add(&s->sb, "/>\n");
}

void svg_rect(struct svg *s, double x, double y, double w, double h,
	      const char *fill, const char *stroke)
{
	strbuf_addf(&s->sb, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
		    "height=\"%.1f\" fill=\"%s\"", x, y, w < 0 ? 0 : w,
		    h < 0 ? 0 : h, fill);
	if (stroke)
		strbuf_addf(&s->sb, " stroke=\"%s\"", stroke);
	strbuf_add(&s->sb, "/>\n");
}

void svg_circle(struct svg *s, double cx, double cy, double r,
		const char *fill, const char *stroke)
{
	strbuf_addf(&s->sb, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%g\" "
		    "fill=\"%s\"", cx, cy, r, fill);
	if (stroke)
		strbuf_addf(&s->sb, " stroke=\"%s\" stroke-width=\"1.5\"",
			    stroke);
	strbuf_add(&s->sb, "/>\n");
}

void svg_text(struct svg *s, double x, double y, const char *anchor,
	      double size, double rotate, bool bold, const char *text)
{
	strbuf_addf(&s->sb, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\"",
		    x, y, anchor);
	if (size != FONT_TICK)
		strbuf_addf(&s->sb, " font-size=\"%g\"", size);
	if (bold)
		strbuf_add(&s->sb, " font-weight=\"bold\"");
	if (rotate != 0)
		strbuf_addf(&s->sb, " transform=\"rotate(%g %.1f %.1f)\"",
			    rotate, x, y);
	strbuf_addch(&s->sb, '>');
	strbuf_add_xml(&s->sb, text);
	strbuf_add(&s->sb, "</text>\n");
}

/* The nice step (1, 2 or 5 x 10^k) nearest above raw. */
static double nice_step(double raw)
{
	double p = pow(10, floor(log10(raw))), f = raw / p;

	if (f <= 1)
		return p;
	if (f <= 2)
		return 2 * p;
	if (f <= 5)
		return 5 * p;
	return 10 * p;
}

void svg_axis_fit(struct svg_axis *a, double lo, double hi)
{
	double m, l, h;

	if (!(hi > lo)) {	/* one value: half of it each way, or 0..1 */
		double pad = lo != 0 ? fabs(lo) * 0.5 : 1;

		lo = lo != 0 ? lo - pad : 0;
		hi += pad;
	}
	/* a margin so no point sits on the frame, except at a zero origin */
	m = (hi - lo) * 0.04;
	l = lo >= 0 && lo - m < 0 ? 0 : lo - m;
	h = hi + m;
	a->step = nice_step((h - l) / 5);
	a->lo = floor(l / a->step) * a->step;
	a->hi = ceil(h / a->step) * a->step;
	a->n_ticks = 0;
	for (int i = 0; a->n_ticks < SVG_MAX_TICKS; i++) {
		double t = a->lo + i * a->step;

		if (t > a->hi + a->step * 1e-6)
			break;
		a->ticks[a->n_ticks++] = fabs(t) < a->step * 1e-9 ? 0 : t;
	}
}

double svg_axis_map(const struct svg_axis *a, double v)
{
	return a->p0 + (v - a->lo) / (a->hi - a->lo) * (a->p1 - a->p0);
}

void svg_tick_label(double v, double step, char *buf, int n)
{
	int dec = step >= 1 ? 0 : (int)ceil(-log10(step) - 1e-9);

	if (fabs(v) >= 1e6 && step >= 1e5)
		snprintf(buf, (size_t)n, "%gM", v / 1e6);
	else if (fabs(v) >= 1e4 && step >= 1e3)
		snprintf(buf, (size_t)n, "%gk", v / 1e3);
	else
		snprintf(buf, (size_t)n, "%.*f", dec, v);
}

void svg_axes(struct svg *s, const struct svg_axis *x,
	      const struct svg_axis *y)
{
	char b[32];

	for (int i = 0; i < y->n_ticks; i++) {
		double py = svg_axis_map(y, y->ticks[i]);

		svg_line(s, x->p0, py, x->p1, py, "#e4e4e4", 1, NULL);
		svg_line(s, x->p0 - 5, py, x->p0, py, "#333333", 1, NULL);
		svg_tick_label(y->ticks[i], y->step, b, sizeof(b));
		svg_text(s, x->p0 - 8, py + 4.5, "end", FONT_TICK, 0, false, b);
	}
	for (int i = 0; i < x->n_ticks; i++) {
		double px = svg_axis_map(x, x->ticks[i]);

		svg_line(s, px, y->p0, px, y->p1, "#e4e4e4", 1, NULL);
		svg_line(s, px, y->p0, px, y->p0 + 5, "#333333", 1, NULL);
		svg_tick_label(x->ticks[i], x->step, b, sizeof(b));
		svg_text(s, px, y->p0 + 20, "middle", FONT_TICK, 0, false, b);
	}
	svg_rect(s, x->p0, y->p1, x->p1 - x->p0, y->p0 - y->p1, "none",
		 "#333333");
	if (x->title)
		svg_text(s, (x->p0 + x->p1) / 2, y->p0 + 42, "middle",
			 FONT_AXIS, 0, false, x->title);
	if (y->title)
		svg_text(s, x->p0 - 58, (y->p0 + y->p1) / 2, "middle",
			 FONT_AXIS, -90, false, y->title);
}

char *svg_point_label(const struct svg_point *p, int n, int i)
{
	struct strbuf sb;

	for (int j = 0; j < i; j++)
		if (p[j].x == p[i].x && p[j].y == p[i].y)
			return NULL;
	strbuf_init(&sb);
	for (int j = i; j < n; j++)
		if (p[j].x == p[i].x && p[j].y == p[i].y)
			strbuf_addf(&sb, "%s%s", sb.len ? ", " : "",
				    p[j].label);
	return strbuf_detach(&sb);
}

static void add_box(struct svg_labels *l, double x0, double y0, double x1,
		    double y1)
{
	l->box = xreallocarray(l->box, (size_t)l->n + 1, sizeof(*l->box));
	l->box[l->n][0] = x0;
	l->box[l->n][1] = y0;
	l->box[l->n][2] = x1;
	l->box[l->n][3] = y1;
	l->n++;
}

void svg_labels_point(struct svg_labels *l, double x, double y, double r)
{
	add_box(l, x - r, y - r, x + r, y + r);
}

/* Whether the box meets anything placed. */
static bool taken(const struct svg_labels *l, double x0, double y0,
		  double x1, double y1)
{
	for (int i = 0; i < l->n; i++)
		if (x0 < l->box[i][2] && l->box[i][0] < x1 &&
		    y0 < l->box[i][3] && l->box[i][1] < y1)
			return true;
	return false;
}

void svg_labels_put(struct svg_labels *l, struct svg *s, double x, double y,
		    const char *text)
{
	/* about 6.2 px a character at 11 px; the baseline 3 px above the
	 * box's bottom */
	const double w = 6.2 * (double)strbuf_width(text), h = 12;
	const double dx[] = { 8, 8, -8, -8 }, dy[] = { -8, 16, -8, 16 };
	int k = 0;

	for (int i = 0; i < 4; i++) {
		double x0 = dx[i] > 0 ? x + dx[i] : x + dx[i] - w;
		double y1 = y + dy[i] + 3;

		if (!taken(l, x0, y1 - h, x0 + w, y1)) {
			k = i;
			break;
		}
	}
	{
		double x0 = dx[k] > 0 ? x + dx[k] : x + dx[k] - w;

		add_box(l, x0, y + dy[k] + 3 - h, x0 + w, y + dy[k] + 3);
		svg_text(s, x + dx[k], y + dy[k], dx[k] > 0 ? "start" : "end",
			 11, 0, false, text);
	}
}

void svg_labels_release(struct svg_labels *l)
{
	free(l->box);
	l->box = NULL;
	l->n = 0;
}

double svg_legend_width(const struct svg_legend_item *items, int n)
{
	size_t w = 0;

	for (int i = 0; i < n; i++)
		if (strbuf_width(items[i].label) > w)
			w = strbuf_width(items[i].label);
	return 44 + 7.5 * (double)w;
}

void svg_legend(struct svg *s, double x, double y,
		const struct svg_legend_item *items, int n)
{
	double w = svg_legend_width(items, n);

	svg_rect(s, x, y, w, 12 + 20.0 * n, "#ffffff", "#999999");
	for (int i = 0; i < n; i++) {
		const struct svg_legend_item *it = &items[i];
		double cy = y + 16 + 20.0 * i;

		switch (it->symbol) {
		case SVG_DOT:
			svg_circle(s, x + 16, cy, 5, it->color, "#ffffff");
			break;
		case SVG_RING:
			svg_circle(s, x + 16, cy, 5, "#ffffff", it->color);
			break;
		case SVG_LINE:
			svg_line(s, x + 6, cy, x + 26, cy, it->color, 2, NULL);
			break;
		case SVG_DASH:
			svg_line(s, x + 6, cy, x + 26, cy, it->color, 1.5,
				 "6 4");
			break;
		case SVG_BOX:
			svg_rect(s, x + 9, cy - 6, 14, 12, it->color, NULL);
			break;
		}
		svg_text(s, x + 34, cy + 4.5, "start", FONT_TICK, 0, false,
			 it->label);
	}
}
