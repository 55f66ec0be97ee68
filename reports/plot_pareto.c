/*
 * plot_pareto.c - the Pareto scatter (see plot_pareto.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "reports/plot_pareto.h"
#include "reports/svg.h"

#define W 760.0
#define H 500.0
#define LABEL_ALL_MAX 30

void pareto_points_free(struct pareto_point *p, int n)
{
	for (int i = 0; i < n; i++)
		free(p[i].label);
	free(p);
}

int plot_pareto_front(const struct pareto_point *p, int n, bool *front)
{
	int count = 0;

	for (int i = 0; i < n; i++) {
		front[i] = true;
		for (int j = 0; j < n && front[i]; j++)
			if (p[j].x <= p[i].x && p[j].y <= p[i].y &&
			    (p[j].x < p[i].x || p[j].y < p[i].y))
				front[i] = false;
		count += front[i];
	}
	return count;
}

char *plot_axis_title(const char *key)
{
	const struct rs_metric *m = runset_metric(key);

	if (!m)
		return xstrdup(key);
	return xasprintf("%s (%s)", m->label, m->unit);
}

/* Whether p comes before q along x (then y). */
static bool before(const struct pareto_point *p, const struct pareto_point *q)
{
	return p->x < q->x || (p->x == q->x && p->y < q->y);
}

/* Lower bound of an axis: 0 when the data start near it. */
static double origin(double lo, double hi)
{
	return lo >= 0 && lo <= 0.3 * hi ? 0 : lo;
}

/* The staircase through the front points (in x order). */
static void staircase(struct svg *s, const struct pareto_point *p, int n,
		      const bool *front, const struct svg_axis *ax,
		      const struct svg_axis *ay)
{
	int *idx = xmalloc((size_t)n * sizeof(*idx)), k = 0;
	double *xy = xmalloc((size_t)(4 * n + 4) * sizeof(*xy));
	int m = 0;

	for (int i = 0; i < n; i++)
		if (front[i])
			idx[k++] = i;
	for (int i = 1; i < k; i++)	/* the front is short: insertion */
		for (int j = i; j > 0 && before(&p[idx[j]], &p[idx[j - 1]]); j--) {
			int t = idx[j];

			idx[j] = idx[j - 1];
			idx[j - 1] = t;
		}
	for (int i = 0; i < k; i++) {
		const struct pareto_point *q = &p[idx[i]];

		if (i > 0) {
			xy[2 * m] = svg_axis_map(ax, q->x);
			xy[2 * m + 1] = svg_axis_map(ay, p[idx[i - 1]].y);
			m++;
		}
		xy[2 * m] = svg_axis_map(ax, q->x);
		xy[2 * m + 1] = svg_axis_map(ay, q->y);
		m++;
	}
	if (m > 1)
		svg_polyline(s, xy, m, svg_color(3), 2, NULL);
	free(xy);
	free(idx);
}

char *plot_pareto_svg(const struct pareto_point *p, int n, const char *title,
		      const char *xtitle, const char *ytitle)
{
	struct svg_legend_item leg[] = {
		{ SVG_DOT, svg_color(3), "Pareto front" },
		{ SVG_RING, svg_color(0), "dominated" },
	};
	bool *front = xcalloc((size_t)n, sizeof(*front));
	struct svg_point *sp = xcalloc((size_t)n, sizeof(*sp));
	double xlo = p[0].x, xhi = p[0].x, ylo = p[0].y, yhi = p[0].y, lw;
	struct svg_axis ax = { 0 }, ay = { 0 };
	struct svg_labels labels = { 0 };
	struct svg s;

	for (int i = 1; i < n; i++) {
		xlo = p[i].x < xlo ? p[i].x : xlo;
		xhi = p[i].x > xhi ? p[i].x : xhi;
		ylo = p[i].y < ylo ? p[i].y : ylo;
		yhi = p[i].y > yhi ? p[i].y : yhi;
	}
	plot_pareto_front(p, n, front);
	for (int i = 0; i < n; i++)
		sp[i] = (struct svg_point){ p[i].x, p[i].y, p[i].label };
	lw = svg_legend_width(leg, 2);
	svg_axis_fit(&ax, origin(xlo, xhi), xhi);
	svg_axis_fit(&ay, origin(ylo, yhi), yhi);
	ax.p0 = 86;
	ax.p1 = W - lw - 36;
	ay.p0 = H - 66;
	ay.p1 = 48;
	ax.title = xtitle;
	ay.title = ytitle;
	svg_begin(&s, W, H, title);
	svg_text(&s, (ax.p0 + ax.p1) / 2, 28, "middle", 15, 0, true, title);
	svg_axes(&s, &ax, &ay);
	staircase(&s, p, n, front, &ax, &ay);
	for (int pass = 0; pass < 2; pass++)
		for (int i = 0; i < n; i++) {
			double px = svg_axis_map(&ax, p[i].x);
			double py = svg_axis_map(&ay, p[i].y);

			if (front[i] != (pass == 1))
				continue;
			svg_labels_point(&labels, px, py, 6);
			if (front[i])
				svg_circle(&s, px, py, 5.5, svg_color(3),
					   "#ffffff");
			else
				svg_circle(&s, px, py, 5, "#ffffff",
					   svg_color(0));
		}
	/* the front's labels first: they get the best places */
	for (int pass = 1; pass >= 0; pass--)
		for (int i = 0; i < n; i++) {
			char *label;

			if (front[i] != (pass == 1) ||
			    (n > LABEL_ALL_MAX && !front[i]))
				continue;
			label = svg_point_label(sp, n, i);
			if (label)
				svg_labels_put(&labels, &s,
					       svg_axis_map(&ax, p[i].x),
					       svg_axis_map(&ay, p[i].y), label);
			free(label);
		}
	svg_labels_release(&labels);
	svg_legend(&s, W - lw - 12, ay.p1, leg, 2);
	free(sp);
	free(front);
	return svg_end(&s);
}

/* Appends a point. */
static void push(struct pareto_point **p, int *n, double x, double y,
		 char *label)
{
	*p = xreallocarray(*p, (size_t)*n + 1, sizeof(**p));
	(*p)[*n].x = x;
	(*p)[*n].y = y;
	(*p)[*n].label = label;
	(*n)++;
}

int plot_pareto_runs(const struct runset *rs, const char *xkey,
		     const char *ykey, bool estimate,
		     struct pareto_point **out)
{
	struct pareto_point *p = NULL;
	int n = 0;

	for (int i = 0; i < rs->n; i++) {
		const struct rs_run *r = &rs->runs[i];
		double x, y;

		if (estimate ? !runset_value(r, "estimate", "", xkey, &x) ||
		    !runset_value(r, "estimate", "", ykey, &y) :
		    !runset_done(r) || !runset_actual_value(r, "", xkey, &x) ||
		    !runset_actual_value(r, "", ykey, &y))
			continue;
		push(&p, &n, x, y, xasprintf("run:%ld", r->row.id));
	}
	*out = p;
	return n;
}

/* Whole-design value of key in m. */
static bool value(const struct metric *m, int n, const char *key, double *v)
{
	for (int i = 0; i < n; i++)
		if (!m[i].layer[0] && strcmp(m[i].key, key) == 0) {
			*v = m[i].value;
			return true;
		}
	return false;
}

int plot_pareto_designs(struct store *st, const long *ids, int n,
			const char *xkey, const char *ykey,
			struct pareto_point **out, int *n_out,
			struct error *err)
{
	struct design_row *rows = NULL;
	struct store_query q = { .source = "estimate" };
	long *all = NULL;
	int nr = 0, rc = 0;

	*out = NULL;
	*n_out = 0;
	if (n == 0) {
		if (store_designs_list(st, &q, &rows, &nr, err) < 0)
			return -1;
		all = xmalloc(((size_t)nr + 1) * sizeof(*all));
		for (int i = 0; i < nr; i++)
			all[i] = rows[i].id;
		design_rows_free(rows, nr);
		ids = all;
		n = nr;
	}
	for (int i = 0; i < n && rc == 0; i++) {
		struct design_row dr = { 0 };
		struct metric *m = NULL;
		int nm = 0;
		double x, y;

		if (store_design_get(st, ids[i], &dr, err) < 0 ||
		    store_metrics_get(st, ids[i], false, "estimate", &m, &nm,
				      err) < 0) {
			rc = -1;
		} else if (value(m, nm, xkey, &x) && value(m, nm, ykey, &y)) {
			push(out, n_out, x, y, dr.label[0] ?
			     xasprintf("design:%ld %s", ids[i], dr.label) :
			     xasprintf("design:%ld", ids[i]));
		}
		design_row_release(&dr);
		metrics_free(m, nm);
	}
	free(all);
	if (rc < 0) {
		pareto_points_free(*out, *n_out);
		*out = NULL;
		*n_out = 0;
	}
	return rc;
}
