/*
 * fixed.h - arbitrary-precision fixed-point types as Vitis HLS spells them
 * (ap_fixed, ap_ufixed, ap_int, ap_uint) and hls4ml's short forms (fixed,
 * ufixed, int, uint): parse, print, range, and quantization of a double
 * exactly as an ap_fixed assignment does.
 */
#ifndef HLSDSE_FIXED_H
#define HLSDSE_FIXED_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

/* Quantization (rounding) modes, AP_ names without the prefix. */
enum fixed_round {
	FIXED_TRN,		/* toward minus infinity (default) */
	FIXED_TRN_ZERO,		/* toward zero */
	FIXED_RND,		/* to nearest, ties toward plus infinity */
	FIXED_RND_ZERO,		/* to nearest, ties toward zero */
	FIXED_RND_MIN_INF,	/* to nearest, ties toward minus infinity */
	FIXED_RND_INF,		/* to nearest, ties away from zero */
	FIXED_RND_CONV,		/* to nearest, ties to even */
	FIXED_ROUND_COUNT
};

/* Overflow modes. */
enum fixed_sat {
	FIXED_WRAP,		/* wrap around (default); with N > 0 see fixed.c */
	FIXED_SAT,		/* saturate to min/max */
	FIXED_SAT_ZERO,		/* overflow gives zero */
	FIXED_SAT_SYM,		/* saturate symmetrically (signed: min = -max) */
	FIXED_WRAP_SM,		/* sign-magnitude wrap */
	FIXED_SAT_COUNT
};

#define FIXED_MAX_WIDTH 1024	/* AP_INT_MAX_W default */
#define FIXED_STR_MAX 64	/* enough for any type fixed_format prints */

struct fixed_type {
	int width;		/* W: all bits, 1..FIXED_MAX_WIDTH */
	int integer;		/* I: integer bits including sign; may be < 0 or > W */
	bool is_signed;
	bool is_int;		/* spelled ap_int/ap_uint (I == W, no modes) */
	enum fixed_round round;
	enum fixed_sat sat;
	int sat_bits;		/* N, 0 by default */
};

/* Parses a type string ("ap_fixed<16,6>", "ufixed<8,0,RND,SAT>",
 * "ap_int<8>", "AP_FIXED" is not accepted: names are case-sensitive as in
 * C++, mode names accept an optional AP_ prefix). Surrounding white space
 * is allowed. On failure fills err with what is wrong and returns -1. */
int fixed_parse(const char *s, struct fixed_type *t, struct error *err);

/* Prints the canonical Vitis spelling into buf (size n, at least
 * FIXED_STR_MAX): ap_fixed<W,I> / ap_ufixed<W,I> with modes only when
 * not default (ap_fixed<8,3,AP_RND,AP_SAT>), ap_int<W> / ap_uint<W>.
 * Returns buf. */
char *fixed_format(const struct fixed_type *t, char *buf, size_t n);

/* Convenience constructor for ap_fixed<w,i> (signed, TRN, WRAP). */
struct fixed_type fixed_make(int width, int integer, bool is_signed);

/* Fraction bits, W - I (negative when I > W). */
int fixed_frac_bits(const struct fixed_type *t);

/* Smallest step, 2^-(W-I). */
double fixed_step(const struct fixed_type *t);
/* Most negative representable value (SAT_SYM for signed: -max). */
double fixed_min(const struct fixed_type *t);
/* Most positive representable value. */
double fixed_max(const struct fixed_type *t);

/* The value an ap_fixed of type t holds after `t v = x;` for a double x:
 * rounding of the exact value by t->round, then overflow handling by
 * t->sat. NaN gives 0; infinities overflow like huge values. Exact for
 * W <= 53. */
double fixed_quantize(const struct fixed_type *t, double x);

/* True when both describe the same type (spelling ignored). */
bool fixed_equal(const struct fixed_type *a, const struct fixed_type *b);

/* Names of modes as printed ("AP_RND"); NULL for out-of-range values. */
const char *fixed_round_name(enum fixed_round r);
const char *fixed_sat_name(enum fixed_sat s);

#endif
