/*
 * report.h - Vitis/Vivado HLS reports (libxml2 for the XML) and the
 * run result file: <top>_csynth.xml (latency best/worst, interval
 * min/max, estimated and target clock, every resource and the available
 * resources, per-module breakdown) and vivado_synth.rpt utilization
 * (LUT, FF, BRAM tiles, URAM, DSP). runs/<id>/result.json carries the
 * parsed metrics per source, so a run made elsewhere can be ingested.
 */
#ifndef HLSDSE_REPORT_H
#define HLSDSE_REPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"
#include "projects/store.h"

/* A value a report may leave undefined ("undef" in dataflow designs). */
struct rvalue {
	bool known;
	double v;
};

struct csynth_module {
	char *name;
	struct rvalue latency_best, latency_worst, ii_min, ii_max;
	struct rvalue bram18, dsp, ff, lut, uram;
};

struct csynth_report {
	char *top;
	char *tool;		/* "Vivado HLS 2020.1" / "Vitis HLS ..." when said */
	char *part;
	struct rvalue target_clock, est_clock;
	struct rvalue latency_best, latency_worst, ii_min, ii_max;
	struct rvalue bram18, dsp, ff, lut, uram;
	struct rvalue avail_bram18, avail_dsp, avail_ff, avail_lut, avail_uram;
	struct csynth_module *modules;
	int n_modules;
};

/* Parses a *_csynth.xml file. */
int report_csynth_read(const char *path, struct csynth_report *r,
		       struct error *err);
void csynth_report_release(struct csynth_report *r);

struct synth_report {
	struct rvalue lut, ff, bram36, uram, dsp;	/* bram36: Block RAM Tile */
};
/* Parses a vivado_synth.rpt utilization report. */
int report_synth_read(const char *path, struct synth_report *r,
		      struct error *err);

/* A run's result: metrics per source (csynth, impl, sim, yosys). */
struct run_result {
	char *backend;
	char *tool_version;
	struct {
		char *source;
		struct metric *m;
		int n;
	} sets[4];
	int n_sets;
};
void run_result_release(struct run_result *r);

/* Metrics (source csynth, layer "") from a csynth report: dsp, lut, ff,
 * bram18, uram, latency_cycles (best), latency_worst, ii (min), ii_max,
 * est_clock_ns, latency_ns; and per module where present (layer = module
 * name). Appends to r. */
void result_add_csynth(struct run_result *r, const struct csynth_report *c);
/* Metrics (source impl): lut, ff, bram18 (2 x BRAM tiles), uram, dsp. */
void result_add_synth(struct run_result *r, const struct synth_report *s);

/* Appends one metric to r's set for source (csynth, impl, sim, yosys). */
void result_add(struct run_result *r, const char *source, const char *layer,
		const char *key, double value);

/* Writes / reads result.json ("format": "hlsdse-result/1"). */
int result_write(const struct run_result *r, const char *path,
		 struct error *err);
int result_read(const char *path, struct run_result *r, struct error *err);
/* Parses result.json text of len bytes (source names it in messages):
 * the format tag, types and source names are checked strictly. */
int result_parse(const char *text, size_t len, const char *source,
		 struct run_result *r, struct error *err);

#endif
