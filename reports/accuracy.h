/*
 * accuracy.h - estimate against actual over finished runs: per metric
 * the relative error of the estimate, 100 (estimate - actual) / |actual|
 * percent (0 when both are 0; runs whose actual value is 0 and estimate
 * is not are left out), and over the runs its median (signed: the bias),
 * the median of its absolute value and the 90th percentile of the
 * absolute value (nearest rank: the ceil(0.9 n)-th smallest).
 *
 * The estimate set beside impl (Vivado synthesis) results is the
 * implementation-mode estimate; beside every other source the one stored
 * when the run was queued.
 */
#ifndef HLSDSE_ACCURACY_H
#define HLSDSE_ACCURACY_H

#include "reports/doc.h"
#include "reports/runset.h"

struct accuracy_pair {
	const struct rs_run *run;
	double est, act;
	double err;		/* percent */
};

/* The pairs of succeeded runs of rs with both an estimate and a value
 * from source for the whole-design metric key; returns how many (*out
 * caller-freed, NULL when none). */
int accuracy_pairs(const struct runset *rs, const char *source,
		   const char *key, struct accuracy_pair **out);

/* Median of n > 0 values (the mean of the middle two when n is even). */
double accuracy_median(const double *v, int n);
/* Nearest-rank percentile q (0 < q <= 100) of n > 0 values. */
double accuracy_percentile(const double *v, int n, double q);

struct accuracy_stat {
	int n;
	double median, median_abs, p90_abs, max_abs;
};
/* Statistics of the errors of n > 0 pairs. */
void accuracy_stat(const struct accuracy_pair *p, int n,
		   struct accuracy_stat *out);

/* What a source is, and which estimate stands beside it, in words. */
const char *accuracy_source_name(const char *source);

/* Adds a heading and the table "estimate against <source>" (one row per metric with
 * pairs) to d; returns how many rows it has (no table when 0). */
int accuracy_table(struct doc *d, const struct runset *rs,
		   const char *source, bool primary);

#endif
