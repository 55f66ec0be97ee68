/*
 * resource.h - the hardware primitives every layer model is built from:
 * multipliers (DSP slices per product from the operand widths and the
 * part's DSP kind, LUTs for narrow or over-wide products, none for
 * multiplications by 0 and +-2^k), adders, registers, ROM/RAM memories in
 * BRAM18/URAM/LUTRAM geometry, lookup tables, FIFOs; and statistics of a
 * layer's weights once quantized to its weight type.
 */
#ifndef HLSDSE_RESOURCE_H
#define HLSDSE_RESOURCE_H

#include <stdbool.h>

#include "core/design.h"
#include "core/fixed.h"
#include "core/model.h"
#include "estimators/part.h"

/* Width in bits of a precision ('auto' resolved by the caller). */
int res_width(const struct precision *p);

/* Cost of one multiplier of an a-bit by a b-bit operand (signedness in
 * the flags), as HLS maps it for the DSP kind: DSP slices (0 when the
 * tool builds it in LUTs), LUTs and FFs. */
struct mult_cost {
	double dsp, lut, ff;
};
struct mult_cost res_mult(int a_bits, bool a_signed, int b_bits,
			  bool b_signed, enum dsp_kind kind, bool impl);

/* Memory of depth words of width bits as HLS/Vivado maps a ROM or RAM:
 * BRAM18 (36/18/9/4/2/1-bit shapes by depth), URAM (72x4096) where the
 * part has URAM and the memory is large, else LUTRAM/FF when small. */
struct mem_cost {
	double bram18, uram, lut, ff;
};
struct mem_cost res_memory(long depth, long width, const struct part *p,
			   bool impl);

/* Weights of a layer quantized to its weight type: how many multiply by
 * exactly 0, by +-2^k (shifts), and how many distinct other values. */
struct weight_stats {
	long n;			/* multiplier weights (kernel elements) */
	long zeros;
	long pow2;
	long distinct;		/* distinct non-zero, non-power-of-two
				   magnitudes */
	long unique;		/* per input (kernel row along its last
				   axis), distinct magnitudes with 3 or more
				   non-zero canonical-signed-digit (CSD)
				   digits, summed over the inputs: the real
				   multipliers left when weights are
				   constants */
	long shift_add;		/* the same count for magnitudes with
				   exactly 2 CSD digits: one adder each */
	long row_codes;		/* per input, distinct non-zero signed codes,
				   summed over the inputs: the products yosys
				   keeps for constant weights (equal products
				   are one cell) */
	long row_mults;		/* of those, the ones that are not +-2^k */
	int eff_bits;		/* bits, sign included, the largest
				   quantized magnitude needs (0 if all 0) */
	bool known;		/* false when the model has no weights */
};
/* Fills ws for layer l's multiplier weights quantized to type w.
 * Costs O(n log n); callers cache the result per weight type. */
void res_weight_stats(const struct layer *l, const struct fixed_type *w,
		      struct weight_stats *ws);

#endif
