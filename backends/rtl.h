/*
 * rtl.h - the open RTL flow's writer: plain Verilog-2005 (what yosys 0.23
 * and iverilog 11 read) for a network planned by estimators/rtlplan.h,
 * one module per layer plus a top module, weight ROM files, and a
 * self-checking testbench with its test vectors (expected outputs from
 * core/infer.h, the bit-accurate reference).
 *
 * Values travel as their type's raw bits (W bits, two's complement for
 * signed types); vectors are flat, value i in bits [i*W +: W]. Every
 * conversion between types is a Verilog function generated for that
 * pair, exactly as `dst v = src;` of Vitis HLS's ap_fixed rounds and
 * overflows (rtl_fixed.c).
 *
 * Top module ports: clk, rst (synchronous, active high), in_valid,
 * in_ready, in_data, out_valid, out_data. An input is taken on a rising
 * edge with in_valid and in_ready high; in_ready is high once every
 * plan.ii cycles; out_valid is high for one cycle, plan.latency cycles
 * after the taking cycle, with out_data valid from then until the next
 * output.
 */
#ifndef HLSDSE_RTL_H
#define HLSDSE_RTL_H

#include <stdint.h>
#include <stdio.h>

#include "core/design.h"
#include "core/error.h"
#include "core/model.h"
#include "estimators/rtlplan.h"

/* File names inside a run directory. */
#define RTL_NET_FILE "net.v"
#define RTL_TB_FILE "tb.v"
#define RTL_VEC_IN "vectors_in.hex"
#define RTL_VEC_OUT "vectors_out.hex"
#define RTL_SIM_RESULT "sim.txt"

/* A Verilog identifier (and file name part) made from a model name:
 * letters, digits and '_' kept, others become '_', a leading digit gets
 * a 'l' before it, Verilog keywords get a '_' after them. Caller frees. */
char *rtl_ident(const char *name);

/* Emits a Verilog function `name` taking a signed value of sw bits with
 * sf fraction bits and returning its conversion to dst (dst->width
 * bits), as an ap_fixed assignment rounds and overflows. The modes are
 * those rtlplan accepts. */
void rtl_emit_conv(FILE *f, const char *name, int sw, int sf,
		   const struct fixed_type *dst);

/* The raw bits of x converted to type t (x exactly representable or
 * quantized as `t v = x;`), in the low t->width bits. */
uint64_t rtl_code(const struct fixed_type *t, double x);
/* rtl_code as a signed integer (two's complement of t's width). */
int64_t rtl_signed_code(const struct fixed_type *t, double x);
/* The value raw bits c of type t stand for. */
double rtl_value(const struct fixed_type *t, uint64_t c);

/* Writes dir/net.v (module `top` and one module per layer) and the
 * weight ROM files the plan needs. */
int rtl_write(const struct model *m, const struct rtlplan *p,
	      const char *dir, const char *top, struct error *err);

/* Writes dir/tb.v driving module `top` at full rate with n vectors,
 * and the vector files: inputs (edge values, values derived from the
 * first layer's weights, random values over the input type's range)
 * from seed, expected outputs from the reference. The testbench writes
 * dir/sim.txt: "vectors N", "mismatches N", "latency_min N", ... */
int rtl_write_tb(const struct model *m, const struct design *d,
		 const struct rtlplan *p, const char *dir, const char *top,
		 int n, unsigned seed, struct error *err);

/* Per-layer module writers (rtl_dense.c, rtl_elem.c). `mod` is the
 * module name; the ROM file of a Dense layer with pl->rom is rom_path
 * (written), referred to in the Verilog by rom_name. */
int rtl_emit_dense(FILE *f, const char *mod, const struct layer *l,
		   const struct rtlplan_layer *pl, const char *rom_path,
		   const char *rom_name, struct error *err);
int rtl_emit_bn(FILE *f, const char *mod, const struct layer *l,
		const struct rtlplan_layer *pl, struct error *err);
void rtl_emit_act(FILE *f, const char *mod, const struct rtlplan_layer *pl);
/* Conv1D/Conv2D (rtl_conv.c): module `mod` around a Dense core module
 * <mod>_core; max pooling. */
int rtl_emit_convolution(FILE *f, const char *mod, const struct layer *l,
			 const struct rtlplan_layer *pl, const char *rom_path,
			 const char *rom_name, struct error *err);
void rtl_emit_maxpool(FILE *f, const char *mod,
		      const struct rtlplan_layer *pl);
void rtl_emit_argmax(FILE *f, const char *mod,
		     const struct rtlplan_layer *pl);

/* Shared by the module writers: the signed operand expression for value
 * i (of type t) of flat vector vec, one bit wider when t is unsigned
 * (rtlplan_opwidth). */
void rtl_operand(FILE *f, const char *vec, long i,
		 const struct fixed_type *t);
/* A sized signed literal of width w for the two's complement value v. */
void rtl_literal(FILE *f, int w, int64_t v);

#endif
