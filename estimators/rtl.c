/*
 * rtl.c - estimates for the open RTL flow (mode rtl): what yosys
 * synth_xilinx makes of the Verilog that backends/rtl_*.c writes for the
 * layer, and the cycles of that Verilog. Cycles come from the plan
 * (estimators/rtlplan.h) and are exact. Cells are counted from the same
 * structure: DSPs per variable or non-trivial constant product (yosys
 * leaves 0 and +-2^k products and narrow ones to LUTs), block RAMs by
 * SDP geometry, flip-flops register by register less the bits yosys
 * removes as constant (weight ROM columns that never change, the sign of
 * a relu output), LUTs per adder, multiplexer and ROM bit. The LUT
 * weights were fitted to yosys 0.23 runs of test/accuracy/rtl_runs.sh;
 * docs/ACCURACY.md gives the error.
 */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/infer.h"
#include "estimators/estimate.h"
#include "estimators/rtlplan.h"

/* DSP slices yosys uses for an a x b product whose used result is y
 * bits (mul2dsp: both operands >= 2 bits, result >= 9 bits; wider
 * operands are split). */
static double dsp_per_product(int a, int b, int y, enum dsp_kind k)
{
	int amax = k == DSP48E1 ? 25 : 27, bmax = 18;

	if (a < b) {
		int t = a;

		a = b;
		b = t;
	}
	if (b < 2 || y < 9)
		return 0;
	if (a <= amax && b <= bmax)
		return 1;
	return ceil((double)a / (amax - 1)) * ceil((double)b / (bmax - 1));
}

/* 18 Kb block RAMs for a depth x width ROM (simple dual port shapes). */
static double bram18_for(long depth, long width)
{
	static const struct { long depth; int width; } shapes[] = {
		{ 512, 36 }, { 1024, 18 }, { 2048, 9 }, { 4096, 4 },
		{ 8192, 2 }, { 16384, 1 },
	};

	for (size_t i = 0; i < sizeof(shapes) / sizeof(shapes[0]); i++)
		if (depth <= shapes[i].depth)
			return ceil((double)width / shapes[i].width);
	return ceil((double)depth / 16384) * (double)width;
}

/* Adds v to the open-addressing set h (capacity cap, a power of two,
 * 0 marks a free slot, so callers never add 0); true when it was new. */
static bool set_add(uint64_t *h, size_t cap, uint64_t v)
{
	size_t i = (size_t)((v * 0x9e3779b97f4a7c15ull) >> 20) & (cap - 1);

	while (h[i] && h[i] != v)
		i = (i + 1) & (cap - 1);
	if (h[i])
		return false;
	h[i] = v;
	return true;
}

/* The read register of a logic weight ROM, as yosys keeps it: one
 * flip-flop per distinct bit function of the address (a bit's values
 * over the RF words), constants dropped and identical functions merged
 * across the whole ROM (opt_merge). RF <= 64, so a function fits in 64
 * bits; bit RF marks it so no function is 0. */
static long rom_functions(const struct layer *l, const struct rtlplan_layer *pl)
{
	const struct tensor *kt = layer_tensor(l, "kernel");
	int ww = pl->w_t.width, f = fixed_frac_bits(&pl->w_t);
	uint64_t all = pl->rf >= 64 ? ~0ull : (1ull << pl->rf) - 1;
	size_t cap = 64;
	uint64_t *set, codes[64];
	long distinct = 0;

	if (!kt || !kt->data || pl->rf > 63)
		return pl->mults * ww;
	while (cap < (size_t)(2 * pl->mults * ww))
		cap <<= 1;
	set = calloc(cap, sizeof(*set));
	if (!set)
		return pl->mults * ww;
	for (long m = 0; m < pl->mults; m++) {
		long lane = m / pl->per_lane, k = m % pl->per_lane;

		for (long s = 0; s < pl->rf; s++) {
			long i = k * pl->slot_cycles + s % pl->slot_cycles;
			long out = lane * pl->slots + s / pl->slot_cycles;
			double q = infer_quantize(&pl->w_t,
						  kt->data[i * pl->n_out + out]);

			codes[s] = (uint64_t)(int64_t)llround(ldexp(q, f));
		}
		for (int b = 0; b < ww; b++) {
			uint64_t sig = 0;

			for (long s = 0; s < pl->rf; s++)
				sig |= ((codes[s] >> b) & 1) << s;
			if (sig != 0 && sig != all &&
			    set_add(set, cap, sig | (1ull << pl->rf)))
				distinct++;
		}
	}
	free(set);
	return distinct;
}

/* Registered adder-tree nodes of a lane with c leaves. */
static long tree_regs(long c, int levels)
{
	long regs = 0;

	for (int lv = 1; lv <= levels && c > 0; lv++) {
		c = (c + 1) / 2;
		if (lv % RTLPLAN_TREE_LEVELS == 0 || lv == levels)
			regs += c;
	}
	return regs;
}

/* LUTs of a conversion of a w-bit value into type t beyond wiring:
 * rounding adds an incrementer, saturation comparators and a mux. */
static double conv_luts(int w, const struct fixed_type *t, int d)
{
	double l = 0;

	if (d > 0 && !t->is_int && t->round != FIXED_TRN)
		l += w - d;
	if (!t->is_int && t->sat != FIXED_WRAP)
		l += (w - t->width) / 2.0 + t->width;
	return l;
}

/* LUT weights, least squares over the 12 Dense layers of runs a-c of
 * test/accuracy/rtl_runs.sh (runs d-f held out; docs/ACCURACY.md): an
 * adder-tree bit costs more than an accumulator bit because two tree
 * levels share a pipeline stage and yosys builds them as one
 * multi-operand adder. */
#define LUT_PER_TREE_BIT 1.66
#define LUT_PER_ACC_BIT 1.31
#define LUT_PER_ROM_FUNCTION 0.71
#define LUT_PER_MUX_INPUT_BIT 1.22
#define LUT_PER_CONV 0.51
/* A batch-norm sum bit beyond what the DSP's post-adder takes. */
#define LUT_PER_BN_BIT 0.42

static void est_rtl_dense(const struct est_input *in,
			  const struct rtlplan_layer *pl, struct layer_est *o)
{
	int wx = pl->in_t.width, ww = pl->w_t.width, wa = pl->a_t.width,
		wr = pl->out_t.width, xe = rtlplan_opwidth(&pl->in_t),
		we = rtlplan_opwidth(&pl->w_t);
	int d = fixed_frac_bits(&pl->in_t) + fixed_frac_bits(&pl->w_t) - fixed_frac_bits(&pl->a_t);
	int y = xe + we < d + wa ? xe + we : d + wa;
	int depth = (pl->rom ? 1 : 0) + 1 + pl->tree_stages;
	long prods = pl->mults, leaves = pl->per_lane, live = 0;
	double dsp1 = dsp_per_product(xe, we, y, in->part->dsp_kind);
	double lut = 0, ff = 0;

	long regs = pl->mults, mults = pl->mults;

	if (!pl->rom && in->ws && in->ws->known) {
		/* constants: zeros vanish, +-2^k become shifts, and x_i * c
		 * is one product however many outputs use it (yosys's
		 * opt_merge shares equal cells) */
		prods = in->ws->n - in->ws->zeros;
		leaves = (prods + pl->lanes - 1) / pl->lanes;
		regs = in->ws->row_codes;
		mults = in->ws->row_mults;
	}
	o->dsp = (double)mults * dsp1;
	if (dsp1 == 0)
		lut += (double)prods * xe * we / 2.0;
	o->n_mult = prods;
	if (pl->rom) {
		/* the ROM's read register: inside the block RAM, or one
		 * flip-flop per distinct bit function */
		if (pl->rom_block) {
			o->bram18 = bram18_for(pl->rf, pl->mults * ww);
		} else {
			live = rom_functions(in->l, pl);
			ff += (double)live;
		}
		/* operand registers: the DSP's A register when the product
		 * is a DSP */
		if (dsp1 == 0)
			ff += (double)pl->per_lane * wx;
		lut += LUT_PER_ROM_FUNCTION * (double)live +
			LUT_PER_MUX_INPUT_BIT * (double)pl->per_lane * wx *
			(double)(pl->slot_cycles - 1);
		ff += 1 + rtlplan_counter_bits(pl->slot_cycles) + rtlplan_counter_bits(pl->slots) +
			rtlplan_counter_bits(pl->rf);
	}
	ff += (double)regs * wa;
	ff += (double)tree_regs(leaves, pl->tree_levels) * pl->lanes * wa;
	ff += (double)pl->lanes * wa + (double)pl->n_out * wr +
		(double)pl->lanes * (pl->slots - 1) * wr;
	ff += (double)depth * (2 + rtlplan_counter_bits(pl->slots)) + 3;
	lut += LUT_PER_TREE_BIT * wa * (double)(prods - pl->lanes) +
		LUT_PER_ACC_BIT * wa * (double)pl->lanes;
	lut += LUT_PER_CONV * ((double)prods * conv_luts(xe + we, &pl->a_t, d) +
			       (double)pl->lanes *
			       conv_luts(rtlplan_opwidth(&pl->a_t), &pl->out_t,
					 fixed_frac_bits(&pl->a_t) -
					 fixed_frac_bits(&pl->out_t)));
	o->ff = ff;
	o->lut = lut;
}

static void est_rtl_elem(const struct est_input *in,
			 const struct rtlplan_layer *pl, struct layer_est *o)
{
	int wr = pl->out_t.width, sw = rtlplan_opwidth(&pl->in_t);
	int d = fixed_frac_bits(&pl->in_t) - fixed_frac_bits(&pl->out_t);
	double n = (double)pl->n_out;

	switch (pl->op) {
	case RTLPLAN_INPUT:
		o->ff = n * wr + 1;
		break;
	case RTLPLAN_RELU:
		/* the output's sign is always 0 when the value fits */
		o->ff = n * (wr - (pl->out_t.is_signed ? 1 : 0)) + 1;
		o->lut = n * conv_luts(sw, &pl->out_t, d);
		break;
	case RTLPLAN_LINEAR:
		o->ff = n * wr + 1;
		o->lut = n * conv_luts(sw, &pl->out_t, d);
		break;
	case RTLPLAN_BN: {
		int pw = sw + rtlplan_opwidth(&pl->w_t);
		int pf = fixed_frac_bits(&pl->in_t) + fixed_frac_bits(&pl->w_t);
		int bf = fixed_frac_bits(&pl->b_t), fs = pf > bf ? pf : bf;
		int df = fixed_frac_bits(&pl->out_t), live = pw + (fs - pf);

		/* bits of the sum that reach a truncating, wrapping result:
		 * below the result's and the bias's fraction no carry
		 * starts, above the result's top nothing is kept */
		if (pl->out_t.round == FIXED_TRN && pl->out_t.sat == FIXED_WRAP &&
		    !pl->out_t.is_int) {
			int low = fs - df < fs - bf ? fs - df : fs - bf;
			int top = fs - df + wr;

			live = (top < live ? top : live) - (low > 0 ? low : 0);
		}
		o->dsp = n * dsp_per_product(sw, rtlplan_opwidth(&pl->w_t), pw,
					     in->part->dsp_kind);
		o->ff = n * (live + wr) + 2;
		/* the sum mostly goes into the DSP's post-adder: fitted on
		 * KERAS_3layer_batch_norm's bn1 (433 LUTs, 64 values) */
		o->lut = n * (LUT_PER_BN_BIT * live +
			      conv_luts(live + 1, &pl->out_t, 0));
		break;
	}
	case RTLPLAN_MAXPOOL: {
		long win = (long)pl->kh * pl->kw;

		o->ff = n * wr + 1;
		o->lut = n * ((double)(win - 1) * (sw / 2.0 + sw) +
			      conv_luts(sw, &pl->out_t, d));
		break;
	}
	case RTLPLAN_ARGMAX: {
		int ib = rtlplan_counter_bits(pl->n_in);

		o->ff = (double)tree_regs(pl->n_in, pl->tree_levels) *
			(sw + ib) + n + pl->latency;
		o->lut = (n - 1) * (sw / 2.0 + sw + ib) + n * ib / 3.0;
		break;
	}
	default:
		break;
	}
}

/* What a convolution adds to its Dense core: the window register and
 * its multiplexer over the pixels (a 4:1 multiplexer per LUT), the
 * collect and output registers, the pixel counters. */
static void est_rtl_conv(const struct rtlplan_layer *pl, struct layer_est *o)
{
	double px = (double)pl->f * pl->out_t.width;

	o->ff += (double)pl->n_in * pl->in_t.width +
		(double)(pl->pixels - 1) * px + (double)pl->pixels * px +
		2.0 * rtlplan_counter_bits(pl->pixels) + rtlplan_counter_bits(pl->rf) + 3;
	o->lut += (double)pl->n_in * pl->in_t.width *
		ceil((double)(pl->pixels - 1) / 3.0);
}

void est_rtl(const struct est_input *in, struct layer_est *o)
{
	struct knobs k = *in->k;
	struct fixed_type t = in->in_type.type;
	struct rtlplan_layer pl;
	struct error err;

	/* estimate 'auto' types as resolved, but say the flow refuses them */
	for (int s = 0; s < PREC_COUNT; s++)
		if (k.prec[s].is_auto) {
			k.prec[s].is_auto = false;
			o->warnings |= EST_W_RTL;
		}
	if (rtlplan_layer(in->m, in->idx, &k, &t, &pl, &err) < 0) {
		o->warnings |= EST_W_RTL;
		return;
	}
	o->latency = pl.op == RTLPLAN_INPUT ? 1 : pl.latency;
	o->ii = pl.ii;
	if (pl.op == RTLPLAN_DENSE) {
		est_rtl_dense(in, &pl, o);
	} else if (pl.op == RTLPLAN_CONV) {
		est_rtl_dense(in, &pl, o);
		est_rtl_conv(&pl, o);
	} else
		est_rtl_elem(in, &pl, o);
}
