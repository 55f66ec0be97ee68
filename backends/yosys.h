/*
 * yosys.h - the open synthesis backend: the network as generated Verilog
 * (backends/rtl.h), simulated with iverilog against the fixed-point
 * reference (bit-exact check, latency and II in cycles), synthesised with
 * yosys synth_xilinx for the part's family (cell counts per layer and in
 * total, logic delay from sta). Runs on any machine with Debian's yosys
 * and iverilog.
 */
#ifndef HLSDSE_YOSYS_H
#define HLSDSE_YOSYS_H

#include <stdbool.h>
#include <stddef.h>

#include "backends/backend.h"
#include "backends/report.h"
#include "estimators/part.h"

/* The run's top module. */
#define YOSYS_TOP "hlsdse_net"
/* Test vectors per run unless $HLSDSE_RTL_VECTORS says otherwise. */
#define YOSYS_VECTORS 1000

extern const struct backend yosys_backend;

/* The synth_xilinx -family for part p ("xc7", "xcu", "xcup"), or NULL
 * with why filled (size n) when yosys has no family for it. */
const char *yosys_family(const struct part *p, char *why, size_t n);

/* Adds the metrics of a yosys `stat -json` text (source names it in
 * messages) to r (source "yosys"): for the design (layer "") and per
 * layer module <top>_l<i>_<name> (layer = model layer i's name from
 * names, n_names long): lut (logic and memory LUTs), lutram, ff, dsp,
 * bram18, carry, muxf. */
int yosys_parse_stat(const char *text, size_t len, const char *source,
		     const char *top, const char *const *names, int n_names,
		     struct run_result *r, struct error *err);

/* Adds the simulation's sim.txt metrics (source "sim"): latency_cycles,
 * latency_ns (with clock_ns), ii, vectors, mismatches, bit_exact. */
int yosys_parse_sim(const char *text, const char *source, double clock_ns,
		    struct run_result *r, struct error *err);

#endif
