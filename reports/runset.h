/*
 * runset.h - the runs a report or plot covers, read from the store once:
 * each run with its design, the estimate stored when it was queued (in
 * its backend's mode: C synthesis for vitis and vivado, rtl for yosys;
 * its design's estimate for runs stored without one), an
 * implementation-mode estimate made from the run's design when the run
 * has Vivado synthesis (impl) results, and the tool's metrics per
 * source. Also the catalog of the metrics reports show (label, unit) and
 * the parsing of run and design lists ("3,5,7", "run:3", "2-4").
 *
 * Ownership: struct runset owns its runs and their metrics;
 * runset_release frees them. struct report_in only borrows.
 */
#ifndef HLSDSE_RUNSET_H
#define HLSDSE_RUNSET_H

#include <stdbool.h>
#include <stddef.h>

#include "core/design.h"
#include "core/model.h"
#include "projects/project.h"
#include "projects/store.h"

/* The tool sources, in the order a run's actual results are taken from. */
#define RUNSET_N_SOURCES 4
extern const char *const runset_sources[RUNSET_N_SOURCES];

/* A whole-design metric as reports show it. */
struct rs_metric {
	const char *key;	/* the store's key: dsp, lut, latency_ns ... */
	const char *label;	/* "DSP", "latency" */
	const char *unit;	/* "slices", "ns", "cycles" */
	int decimals;		/* shown after the point */
};
/* The metrics in display order. */
#define RUNSET_N_METRICS 8
extern const struct rs_metric runset_metrics[RUNSET_N_METRICS];
/* The metric called key (these or another a tool reports: latency_worst,
 * ii_max, est_clock_ns, logic_delay_ns, lutram, carry, muxf, vectors,
 * mismatches, bit_exact), or NULL. */
const struct rs_metric *runset_metric(const char *key);

struct rs_run {
	struct run_row row;
	char *design_json;
	struct metric *est;		/* stored when queued (backend's mode) */
	int n_est;
	struct metric *est_impl;	/* impl mode, made here; NULL if none */
	int n_est_impl;
	struct metric *act[RUNSET_N_SOURCES];
	int n_act[RUNSET_N_SOURCES];
};

struct runset {
	struct rs_run *runs;
	int n;
};

/* Which runs: the listed ones (in that order), or every run (by id),
 * then only those of the listed designs. */
struct runset_filter {
	const long *runs;
	int n_runs;
	const long *designs;
	int n_designs;
};

/* Reads the runs f selects with their designs and metrics; m (or NULL)
 * is the project's model, for implementation-mode estimates. A listed
 * run or design that does not exist is an error ("no run:7"). */
int runset_load(struct runset *rs, struct store *st, const struct model *m,
		const struct runset_filter *f, struct error *err);
void runset_release(struct runset *rs);

/* The metrics of r from source: "estimate", "estimate:impl" or a tool
 * source; NULL (and *n 0) when it has none. */
const struct metric *runset_set(const struct rs_run *r, const char *source,
				int *n);
/* The estimate to set beside results from source: the impl-mode one for
 * "impl", the stored one otherwise. */
const char *runset_estimate_for(const char *source);
/* The value of (layer, key) in r's metrics from source. */
bool runset_value(const struct rs_run *r, const char *source,
		  const char *layer, const char *key, double *v);
/* The tool source r's results come from (csynth first, then yosys,
 * impl, sim); NULL when it has none. */
const char *runset_actual(const struct rs_run *r);
/* The tool's value of (layer, key): from the first source (in the order
 * above) that has it, so a yosys run's resources come from yosys and its
 * latency from the simulation. */
bool runset_actual_value(const struct rs_run *r, const char *layer,
			 const char *key, double *v);
/* The sources r has results from, joined by '+' ("yosys+sim"), or "". */
void runset_actual_name(const struct rs_run *r, char *buf, size_t n);
/* True for a run that succeeded. */
bool runset_done(const struct rs_run *r);

/* Parses a list of ids: "3,5,7", "run:3,run:5", "2-4" (prefix is "run"
 * or "design"); *ids is caller-freed. */
int runset_parse_ids(const char *s, const char *prefix, long **ids, int *n,
		     struct error *err);

/* What every report is made from (all borrowed). */
struct report_in {
	const struct project *p;
	const struct model *m;
	const struct design *d;		/* the working design */
	struct store *st;
	const struct runset *rs;
	bool run_sections;		/* a section for each run */
	bool plots;			/* SVG plots (HTML) */
};

#endif
