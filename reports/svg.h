/*
 * svg.h - a small SVG writer for the report plots: shapes and text with
 * escaping, linear axes with "nice" ticks (1, 2, 5 x 10^k), tick labels,
 * axis titles with units, grid lines, and legends. The output is a
 * standalone SVG document (no XML declaration, so it can also be put
 * inline into HTML), sized in CSS pixels for a print page width.
 *
 * Ownership: struct svg owns its text until svg_end hands it over.
 */
#ifndef HLSDSE_SVG_H
#define HLSDSE_SVG_H

#include <stdbool.h>

#include "reports/strbuf.h"

/* Colour-blind-safe palette (Okabe and Ito), cycled by svg_color. */
const char *svg_color(int i);

struct svg {
	struct strbuf sb;
	double w, h;
};

/* Starts a w x h document with a white background and a <title>. */
void svg_begin(struct svg *s, double w, double h, const char *title);
/* Ends the document; returns its text (caller frees). */
char *svg_end(struct svg *s);

/* dash: NULL for solid, else a stroke-dasharray ("6 4"). */
void svg_line(struct svg *s, double x1, double y1, double x2, double y2,
	      const char *stroke, double width, const char *dash);
void svg_polyline(struct svg *s, const double *xy, int n, const char *stroke,
		  double width, const char *dash);
/* fill and stroke may be "none"; a NULL stroke draws none. */
void svg_rect(struct svg *s, double x, double y, double w, double h,
	      const char *fill, const char *stroke);
void svg_circle(struct svg *s, double cx, double cy, double r,
		const char *fill, const char *stroke);
/* anchor: "start", "middle" or "end"; rotate in degrees about (x, y);
 * bold for titles. The text is escaped. */
void svg_text(struct svg *s, double x, double y, const char *anchor,
	      double size, double rotate, bool bold, const char *text);

/* A linear axis: data range [lo, hi] mapped onto pixels [p0, p1]. */
#define SVG_MAX_TICKS 16
struct svg_axis {
	double lo, hi, step;
	double p0, p1;
	double ticks[SVG_MAX_TICKS];
	int n_ticks;
	const char *title;	/* "latency (ns)" */
};

/* Chooses a nice step and range covering [lo, hi] with about five
 * ticks; a zero-width range is widened. */
void svg_axis_fit(struct svg_axis *a, double lo, double hi);
/* The pixel position of v. */
double svg_axis_map(const struct svg_axis *a, double v);
/* A tick label: "0", "2.5", "12k", "1.5M" (caller's buffer). */
void svg_tick_label(double v, double step, char *buf, int n);
/* Draws the plot frame, grid, ticks, tick labels and both axis titles;
 * x->p0..p1 is horizontal, y->p0..p1 vertical (p0 at the bottom). */
void svg_axes(struct svg *s, const struct svg_axis *x,
	      const struct svg_axis *y);

/* A labelled data point, for svg_point_label. */
struct svg_point {
	double x, y;
	const char *label;
};
/* The label to write beside point i: the labels of every point at the
 * same place joined by ", " (caller frees), or NULL when an earlier point
 * is there (its label already says it). */
char *svg_point_label(const struct svg_point *p, int n, int i);

/* Point labels placed so they do not cover each other or the points:
 * each label tries right-above, right-below, left-above, left-below of
 * its point and takes the first place that is free (else the first). */
struct svg_labels {
	double (*box)[4];	/* x0, y0, x1, y1 of what is placed */
	int n;
};
/* Records a point (a circle of radius r) as something labels avoid. */
void svg_labels_point(struct svg_labels *l, double x, double y, double r);
/* Writes text (font size 11) beside the point at (x, y). */
void svg_labels_put(struct svg_labels *l, struct svg *s, double x, double y,
		    const char *text);
void svg_labels_release(struct svg_labels *l);

/* A legend entry's symbol. */
enum svg_symbol { SVG_DOT, SVG_RING, SVG_LINE, SVG_DASH, SVG_BOX };
struct svg_legend_item {
	enum svg_symbol symbol;
	const char *color;
	const char *label;
};
/* Draws a legend box with its top-left corner at (x, y). */
void svg_legend(struct svg *s, double x, double y,
		const struct svg_legend_item *items, int n);
/* The width a legend of these items takes. */
double svg_legend_width(const struct svg_legend_item *items, int n);

#endif
