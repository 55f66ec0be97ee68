/*
 * plot_pareto.h - a scatter of design points over two metrics (both to
 * be minimised) with the Pareto front marked: front points filled and
 * joined by the staircase that bounds the attainable region, dominated
 * points hollow, points labelled (all when there are at most 30, else
 * the front's), axes with units, a legend.
 */
#ifndef HLSDSE_PLOT_PARETO_H
#define HLSDSE_PLOT_PARETO_H

#include <stdbool.h>

#include "core/error.h"
#include "projects/store.h"
#include "reports/runset.h"

struct pareto_point {
	double x, y;
	char *label;
};
void pareto_points_free(struct pareto_point *p, int n);

/* Sets front[i] for the points no other point dominates (another is no
 * worse in both and better in one); returns how many. */
int plot_pareto_front(const struct pareto_point *p, int n, bool *front);

/* The plot as an SVG document (caller frees); n > 0. */
char *plot_pareto_svg(const struct pareto_point *p, int n, const char *title,
		      const char *xtitle, const char *ytitle);

/* The points of the runs in rs: the finished runs' tool results
 * (runset_actual_value) when estimate is false, else every run's stored
 * estimate; runs without both metrics are left out. Returns how many (*out
 * caller-freed). */
int plot_pareto_runs(const struct runset *rs, const char *xkey,
		     const char *ykey, bool estimate,
		     struct pareto_point **out);
/* The estimates of designs ids (all saved designs when n is 0). */
int plot_pareto_designs(struct store *st, const long *ids, int n,
			const char *xkey, const char *ykey,
			struct pareto_point **out, int *n_out,
			struct error *err);

/* An axis title for a metric key: "latency (ns)", "DSP (slices)". */
char *plot_axis_title(const char *key);

#endif
