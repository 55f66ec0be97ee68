/*
 * compare.h - metrics of two design points side by side: estimates
 * turned into store metrics, and two metric sets paired per layer and
 * key in model order (the whole design first).
 */
#ifndef HLSDSE_COMPARE_H
#define HLSDSE_COMPARE_H

#include <stdbool.h>

#include "core/model.h"
#include "estimators/estimate.h"
#include "projects/store.h"

/* An estimate as metrics: per non-input layer dsp, lut, ff, bram18,
 * uram, latency_cycles, ii; for the whole design (layer "") the same and
 * latency_ns. Returns how many; caller frees (metrics_free). */
int metrics_from_estimate(const struct estimate *e, struct metric **out);

struct metric_pair {
	const char *layer;	/* borrowed from the inputs */
	const char *key;
	bool has_a, has_b;
	double a, b;
};

/* Pairs a and b by (layer, key): the whole design first, then layers in
 * m's order, then layers m does not know; within a layer dsp, lut, ff,
 * bram18, uram, latency_cycles, latency_ns, ii, then other keys.
 * Returns how many pairs; *out is caller-owned (free()); its strings
 * point into a and b. */
int compare_metrics(const struct metric *a, int na, const struct metric *b,
		    int nb, const struct model *m, struct metric_pair **out);

#endif
