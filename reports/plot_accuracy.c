/*
 * plot_accuracy.c - the estimate-against-actual scatter (see
 * plot_accuracy.h).
 */
#include <stdio.h>
#include <stdlib.h>

#include "core/xalloc.h"
#include "reports/plot_accuracy.h"
#include "reports/plot_pareto.h"
#include "reports/svg.h"

#define W 760.0
#define H 540.0

/* The line y = k x across the square plot [lo, hi]^2. */
static void ray(struct svg *s, const struct svg_axis *ax,
		const struct svg_axis *ay, double k, const char *color,
		const char *dash)
{
	double x0 = ax->lo, y0 = k * x0, x1 = ax->hi, y1 = k * x1;

	if (y0 < ay->lo) {
		x0 = ay->lo / k;
		y0 = ay->lo;
	}
	if (y1 > ay->hi) {
		x1 = ay->hi / k;
		y1 = ay->hi;
	}
	svg_line(s, svg_axis_map(ax, x0), svg_axis_map(ay, y0),
		 svg_axis_map(ax, x1), svg_axis_map(ay, y1), color, 1.5, dash);
}

char *plot_accuracy_svg(const struct accuracy_pair *p, int n,
			const char *key, const char *source)
{
	const struct rs_metric *m = runset_metric(key);
	struct svg_legend_item leg[] = {
		{ SVG_DOT, svg_color(0), "run" },
		{ SVG_LINE, "#333333", "y = x (exact)" },
		{ SVG_DASH, "#999999", "+25 % / -25 %" },
	};
	struct svg_axis ax = { 0 }, ay = { 0 };
	struct accuracy_stat st;
	char *title, *unit, *xt, *yt;
	double lo = p[0].act, hi = p[0].act, lw, side;
	struct svg_point *sp = xcalloc((size_t)n, sizeof(*sp));
	char **names = xcalloc((size_t)n, sizeof(*names));
	struct svg_labels labels = { 0 };
	struct svg s;

	for (int i = 0; i < n; i++) {
		double a = p[i].act < p[i].est ? p[i].act : p[i].est;
		double b = p[i].act > p[i].est ? p[i].act : p[i].est;

		lo = a < lo ? a : lo;
		hi = b > hi ? b : hi;
	}
	if (lo >= 0 && lo <= 0.3 * hi)
		lo = 0;
	accuracy_stat(p, n, &st);
	title = xasprintf("%s: estimate against %s (%d run%s, median |error| "
			  "%.1f %%, p90 %.1f %%)", m ? m->label : key, source,
			  n, n == 1 ? "" : "s", st.median_abs, st.p90_abs);
	unit = plot_axis_title(key);
	xt = xasprintf("%s, %s", unit, source);
	yt = xasprintf("%s, estimate", unit);
	svg_axis_fit(&ax, lo, hi);
	ay = ax;
	lw = svg_legend_width(leg, 3);
	side = H - 66 - 56;
	if (side > W - lw - 36 - 86)
		side = W - lw - 36 - 86;
	ax.p0 = 86;
	ax.p1 = 86 + side;
	ay.p0 = H - 66;
	ay.p1 = H - 66 - side;
	ax.title = xt;
	ay.title = yt;
	svg_begin(&s, W, H, title);
	svg_text(&s, W / 2, 26, "middle", 15, 0, true, title);
	svg_axes(&s, &ax, &ay);
	ray(&s, &ax, &ay, 1.25, "#999999", "6 4");
	ray(&s, &ax, &ay, 0.75, "#999999", "6 4");
	ray(&s, &ax, &ay, 1, "#333333", NULL);
	for (int i = 0; i < n; i++) {
		sp[i].x = p[i].act;
		sp[i].y = p[i].est;
		sp[i].label = names[i] = xasprintf("run:%ld", p[i].run->row.id);
	}
	for (int i = 0; i < n; i++) {
		double px = svg_axis_map(&ax, p[i].act);
		double py = svg_axis_map(&ay, p[i].est);

		svg_circle(&s, px, py, 5.5, svg_color(0), "#ffffff");
		svg_labels_point(&labels, px, py, 6);
	}
	for (int i = 0; i < n; i++) {
		char *label = n <= 30 ? svg_point_label(sp, n, i) : NULL;

		if (label)
			svg_labels_put(&labels, &s, svg_axis_map(&ax, p[i].act),
				       svg_axis_map(&ay, p[i].est), label);
		free(label);
	}
	svg_labels_release(&labels);
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(sp);
	svg_legend(&s, ax.p1 + 24, ay.p1, leg, 3);
	free(title);
	free(unit);
	free(xt);
	free(yt);
	return svg_end(&s);
}
