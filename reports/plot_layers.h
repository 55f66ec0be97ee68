/*
 * plot_layers.h - where a design's resources go, layer by layer: one bar
 * per resource (DSP, LUT, FF, BRAM18, URAM; those the part has) in
 * percent of the part's capacity, each bar stacked from the layers'
 * estimates in model order (colours in a legend; beyond 20 layers the
 * smallest are summed as "other layers"), the estimate's total over
 * each bar, and the tool's whole-design result marked across it when
 * the run has one.
 */
#ifndef HLSDSE_PLOT_LAYERS_H
#define HLSDSE_PLOT_LAYERS_H

#include "core/error.h"
#include "core/model.h"
#include "estimators/part.h"
#include "projects/store.h"
#include "reports/runset.h"

#define PLOT_LAYERS_RES 5	/* dsp, lut, ff, bram18, uram */

struct layer_bar {
	const char *layer;
	double v[PLOT_LAYERS_RES];
};

/* The plot (caller frees): bars of layers over part's capacity; actual
 * (PLOT_LAYERS_RES values, NaN where unknown) is the tool's total from
 * source (NULL: none). */
char *plot_layers_svg(const char *title, const struct part *part,
		      const struct layer_bar *layers, int n,
		      const double *actual, const char *source);

/* The plot of run r (its stored estimate, per layer in m's order, its
 * design's part, its actual totals). */
int plot_layers_run(const struct rs_run *r, const struct model *m,
		    char **svg, struct error *err);

#endif
