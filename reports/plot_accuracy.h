/*
 * plot_accuracy.h - estimate against actual for one metric over finished
 * runs: a scatter with the actual value across and the estimate up, both
 * axes on one scale, the y = x line (a perfect estimate) and the lines of
 * +25 % and -25 % error, points labelled with their run, the median and
 * p90 absolute error in the title.
 */
#ifndef HLSDSE_PLOT_ACCURACY_H
#define HLSDSE_PLOT_ACCURACY_H

#include "reports/accuracy.h"

/* The plot of n > 0 pairs of metric key from source (caller frees). */
char *plot_accuracy_svg(const struct accuracy_pair *p, int n,
			const char *key, const char *source);

#endif
