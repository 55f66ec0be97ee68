/*
 * rtlplan.h - the architecture the open RTL flow builds for a design:
 * per layer the operation, its value types, how a Dense layer's
 * multiplications are spread over multipliers and cycles, its pipeline
 * depth and latency; for the network the schedule (latency, II). The RTL
 * writer (backends/rtl_*.c) emits exactly this plan and the rtl-mode
 * estimator (rtl.c) prices it, so the live numbers describe the RTL the
 * user will get.
 *
 * Dense n_in x n_out at reuse factor RF (hls4ml-valid, so RF divides
 * n_in, or n_in divides RF and RF divides n_in*n_out) has
 * n_in*n_out/RF multipliers in lanes: a lane owns `per_lane` multipliers,
 * an adder tree over them and one accumulator, and produces `slots`
 * outputs one after another, each from `slot_cycles` cycles of products:
 *   RF <= n_in: per_lane = n_in/RF, slot_cycles = RF, slots = 1,
 *               lanes = n_out
 *   RF >  n_in: per_lane = 1, slot_cycles = n_in, slots = RF/n_in,
 *               lanes = n_out/slots
 * In slice r (0..RF-1) multiplier k of lane l multiplies input
 * k*slot_cycles + r%slot_cycles by the weight of output
 * l*slots + r/slot_cycles. Pipeline of one slice: operand registers
 * (RF > 1 only: input multiplexer and weight ROM read), product register
 * (products converted to the accumulator type), the adder tree with a
 * register after every RTLPLAN_TREE_LEVELS levels, the accumulator, the
 * result conversion into the output register.
 *
 * Conv1D/Conv2D: the window of each output pixel (kh*kw*c values, zero
 * outside the input) is gathered into a register, one pixel every RF
 * cycles, and fed to a Dense core kh*kw*c x filters built as above; its
 * results are collected per pixel and handed on together. II = pixels *
 * RF; latency = (pixels - 1) * RF + core latency + 2. Max pooling
 * ('valid'): one comparison tree per output, one register.
 */
#ifndef HLSDSE_RTLPLAN_H
#define HLSDSE_RTLPLAN_H

#include <stdbool.h>

#include "core/design.h"
#include "core/error.h"
#include "core/model.h"

/* Adder-tree levels between two pipeline registers. */
#define RTLPLAN_TREE_LEVELS 2
/* A weight ROM of at least this many words is mapped to block RAM. */
#define RTLPLAN_BLOCK_ROM_DEPTH 32
/* The widest value type the flow takes (constants are built in 64 bits). */
#define RTLPLAN_MAX_BITS 48

enum rtlplan_op {
	RTLPLAN_INPUT,		/* the network input register */
	RTLPLAN_DENSE,
	RTLPLAN_RELU,
	RTLPLAN_LINEAR,
	RTLPLAN_BN,		/* per-channel scale and shift */
	RTLPLAN_ARGMAX,		/* softmax, implementation argmax */
	RTLPLAN_CONV,		/* Conv1D/Conv2D: a Dense core per pixel */
	RTLPLAN_MAXPOOL,	/* MaxPooling1D/2D, 'valid' */
	RTLPLAN_PASS		/* Dropout, Flatten, Reshape: wires */
};

struct rtlplan_layer {
	int idx;		/* model layer */
	enum rtlplan_op op;
	long n_in, n_out;	/* values in, values out (Conv: of its core:
				   the window and the filters) */
	long in_values, out_values;	/* the layer's own, flattened */
	struct fixed_type in_t, out_t;
	/* Dense */
	struct fixed_type w_t, b_t, a_t;	/* BN: w_t is the scale type */
	long rf, mults, lanes, per_lane, slot_cycles, slots;
	int tree_levels, tree_stages;	/* also the argmax comparison tree */
	bool rom;		/* weights in a ROM (RF > 1), else constants */
	bool rom_block;		/* the ROM is a block RAM */
	long channels;		/* BN: channels (last axis) */
	/* Conv: the Dense core (n_in = window, n_out = filters, its lanes
	 * and latency above) runs once per output pixel, one pixel every
	 * RF cycles, on the window gathered into a register. Pooling: the
	 * window. Both: the geometry, channels last; pad_t/pad_l as hls4ml
	 * ('same': half the padding before, rounded down). */
	long pixels;		/* output pixels, oh * ow */
	long core_latency;	/* the core's start-to-output cycles */
	int ih, iw, c, oh, ow, f, kh, kw, sh, sw, pad_t, pad_l;
	long latency;		/* cycles from start to output valid */
	long ii;		/* cycles between inputs it can take */
};

struct rtlplan {
	struct rtlplan_layer *layers;	/* in model order, Input first */
	int n;
	long ii;		/* cycles between inputs */
	long latency;		/* cycles from the input's accepting edge to
				   the cycle the output is valid */
	long n_in, n_out;	/* network input and output values */
};

/* Plans layer l (model m's layer idx, fed values of type in_t) under
 * knobs k; fails with the reason when the flow cannot build it
 * (unsupported kind or activation, 'auto' or too wide a type, an
 * accumulator that saturates, a reuse factor hls4ml would not accept). */
int rtlplan_layer(const struct model *m, int idx, const struct knobs *k,
		  const struct fixed_type *in_t, struct rtlplan_layer *pl,
		  struct error *err);

/* Plans the whole network (one input, one output, a chain of layers). */
int rtlplan_build(const struct model *m, const struct design *d,
		  struct rtlplan *p, struct error *err);
void rtlplan_release(struct rtlplan *p);

/* Smallest c with 2^c >= n (0 for n <= 1). */
int rtlplan_clog2(long n);
/* Bits of a counter over 0..n-1 (at least 1). */
int rtlplan_counter_bits(long n);
/* Width of a value of type t as a signed Verilog operand: W, or W + 1
 * when t is unsigned (a zero bit on top). */
int rtlplan_opwidth(const struct fixed_type *t);

#endif
