/*
 * dense.c - the Dense layer model, mirroring hls4ml's Vivado/Vitis
 * kernels (nnet_dense_latency.h, nnet_dense_resource.h):
 *
 *   Latency (and Resource at RF 1): weights are fabric constants; products
 *   by 0 and +-2^k vanish, products by constants with 2 canonical-signed-
 *   digit (CSD) digits become one adder, the rest are real multipliers
 *   shared per input; PIPELINE II=RF with ALLOCATION mul limit =
 *   ceil(N/RF) - floor(nz/RF) caps the DSPs and time-multiplexes them.
 *   Resource (RF > 1): block_factor bf = ceil(N/RF) multipliers fed from a
 *   ROM RF words deep and bf*W bits wide; II = RF, latency = RF + 1.
 *
 * EST_IMPL: Vivado synthesis keeps DSPs (a few fold into fabric) and trims
 * the csynth LUT/FF over-estimate; the weight ROM stays in BRAM.
 * The factors come from the one design with both reports in
 * ../shared/reports/hls4ml_test_report (csynth DSP 73, FF 7969, LUT 2532;
 * vivado_synth DSP 66, FF 2428, LUT 1526): uncalibrated beyond that.
 *
 * Fitted constants name their data: "wa train" is the TRAIN side (FNV-1a
 * of model_name mod 10 < 7, see test/accuracy/accuracy.c) of the
 * successful rows of ../shared/groundtruth/wa_single_dense_train.csv
 * (Vivado HLS 2020.1, xcu250, io_parallel, 16-bit inputs and
 * accumulators, csynth).
 */
#include <math.h>
#include <string.h>

#include "core/reuse.h"
#include "estimators/estimate.h"

/* hls4ml's unroll limit for io_parallel Latency (hls4ml.md 2.5). */
#define DENSE_UNROLL_MAX 4096
#define DENSE_STREAM_EXTRA 1

/* impl/csynth factors (hls4ml_test_report, see the top comment). */
#define IMPL_DSP 0.90
#define IMPL_LUT 0.60
#define IMPL_FF 0.30

/* Resource, RF > 1. LUT and FF by least squares on wa train Resource rows
 * with RF > 1 (318 rows; median error 12 % LUT, 2 % FF on them; LUT
 * fitted without intercept so that small layers stay small). Every such
 * row has RF > n_in (kernel rf_gt_nin_rem0) and RF 384..1280; k = RF /
 * n_in. The k > 2 term is a per-output selection among the bf lanes that
 * HLS builds when it cannot resolve which lane feeds which accumulator. */
#define RES_LUT_RF 10.088
#define RES_LUT_BF 159.51
#define RES_LUT_SEL 0.3626	/* x n_out x bf x accum bits, k > 2 */
#define RES_LUT_OUT 0.8188	/* x n_out x accum bits */
#define RES_FF_C0 130.7
#define RES_FF_OUT 1.043	/* x n_out x accum bits */
#define RES_FF_ROM 0.66		/* x bf x weight bits */
#define RES_FF_DSPLANE 0.21	/* x bf x input bits, DSP lanes */
#define RES_FF_LUTLANE (-0.196)	/* x bf x input bits, LUT lanes */
/* One more BRAM18 than the ROM geometry once RF > 448: wa train Resource
 * rows, 0 extra in 39 of 39 rows with RF <= 448; with RF >= 480, 1 extra
 * in 225 of 279 (0 in 44, 2 or 3 in 9, -1 in 1). */
#define RES_BRAM_EXTRA_RF 448
#define RES_LATENCY_EXTRA 1	/* wa train: latency = RF + 1 */
#define RES_NARROW_LANE_BITS 4

/* Constant weights (Latency, Resource RF 1). Least squares without
 * intercept on the 31 wa train rows with Latency strategy or Resource at
 * RF 1 (median error 9 % LUT, 27 % FF on them); each output register
 * counts its result bits (CW_FF_OUT fixed at 1: dense_32_32_2b at RF 1
 * has FF 514 = 32 x 16 + 2). "adders" = non-zero products - n_out;
 * "shift-add" = ws->shift_add; "muxed" = real products time-multiplexed
 * on fewer DSPs (the ALLOCATION cap binds); "used" = DSP products. A
 * design with latency 0 (n_in = 1: no adder tree) has no pipeline
 * registers (hls4ml baselines Dense 1->64 + ReLU: FF 18). */
#define CW_LUT_ADD 1.1336	/* x adders x accum bits */
#define CW_LUT_SA 2.2908	/* x shift-add products x (in + w) bits */
#define CW_LUT_MUX 0.2727	/* x muxed products x input bits */
#define CW_FF_OUT 1.0		/* x n_out x result bits */
#define CW_FF_ADD 0.2138	/* x adders x accum bits */
#define CW_FF_MUX 0.5685	/* x muxed products x input bits */
#define CW_FF_R1_USED 0.4356	/* Resource RF 1 (II 2): x used x in bits */
#define CW_FF_R1_ADD (-0.0831)	/* Resource RF 1: x adders x accum bits */
#define CW_FF_PIPE_ADD (-0.1506)	/* RF > 1, not muxed: x adders x acc */
/* Time-multiplexed latency = ceil((U + shift-add / 4) / limit), II one
 * more: the 5 wa train Latency rows where the cap binds (mean error 0,
 * errors -13 to +14 cycles). */
#define CW_MUX_SA_SHARE 0.25

/* The reuse factor hls4ml writes: Resource snaps to the closest valid
 * value (tie to the smaller); Latency keeps any value. */
static long effective_rf(long n_in, long n_out, long rf, enum strategy s,
			 unsigned *warn)
{
	long n = n_in * n_out, below, above;

	if (rf < 1)
		rf = 1;
	if (rf > n)
		rf = n;
	if (s != STRATEGY_RESOURCE || reuse_is_valid(n_in, n_out, rf))
		return rf;
	*warn |= EST_W_RF_CHANGED;
	reuse_nearest(n_in, n_out, rf, &below, &above);
	if (below == 0)
		return above ? above : rf;
	if (above == 0)
		return below;
	return (above - rf < rf - below) ? above : below;
}

/* Bits of ceil(log2 n) for n >= 1. */
static int clog2(long n)
{
	int b = 0;

	while ((1L << b) < n && b < 62)
		b++;
	return b;
}

/* Weights folded into the fabric as constants. */
static void dense_constant(const struct est_input *in, long n_in,
			   long n_out, long rf, struct layer_est *out)
{
	const struct weight_stats *ws = in->ws;
	const struct knobs *k = in->k;
	long n = n_in * n_out;
	long nz = in->l->n_zeros > 0 ? in->l->n_zeros : 0;
	long limit = (n + rf - 1) / rf - nz / rf;
	int a = in->in_type.type.width;
	bool as = in->in_type.type.is_signed;
	int w = res_width(&k->prec[PREC_WEIGHT]);
	bool wsg = k->prec[PREC_WEIGHT].type.is_signed;
	int acc = res_width(&k->prec[PREC_ACCUM]);
	int res = res_width(&k->prec[PREC_RESULT]);
	long u, sa, nnz, used = 0, muxed = 0;
	int eff = w;
	struct mult_cost mc;
	double lut = 0, ff, adders;

	if (ws && ws->known) {
		u = ws->unique;
		sa = ws->shift_add;
		nnz = ws->n - ws->zeros;
		if (ws->eff_bits > 0 && ws->eff_bits < w)
			eff = ws->eff_bits;
	} else {
		/* no weights: every non-zero weight a real product */
		u = n - nz;
		sa = 0;
		nnz = n - nz;
	}
	if (limit < 1)
		limit = 1;
	mc = res_mult(a, as, eff, wsg, in->part->dsp_kind, false);
	if (mc.dsp == 0) {
		lut += (double)u * mc.lut;
	} else {
		used = u < limit ? u : limit;
		out->dsp = (double)used * mc.dsp;
		if (u > limit)
			muxed = u;
	}
	out->n_mult = mc.dsp > 0 ? used : 0;

	if (muxed) {
		double ops = (double)muxed + CW_MUX_SA_SHARE * (double)sa;

		out->latency = (long)ceil(ops / (double)limit);
		out->ii = out->latency + 1;
	} else if (rf == 1) {
		/* one adder-tree stage at 5 ns; none with a single input */
		out->latency = n_in > 1 ? 1 : 0;
		out->ii = k->strategy == STRATEGY_RESOURCE ? 2 : 1;
	} else {
		out->latency = 2;
		out->ii = 3;
	}
	adders = (double)(nnz > n_out ? nnz - n_out : 0) * acc;
	lut += CW_LUT_ADD * adders + CW_LUT_SA * (double)sa * (a + eff) +
	       CW_LUT_MUX * (double)muxed * a;
	ff = CW_FF_OUT * (double)n_out * res + CW_FF_ADD * adders +
	     CW_FF_MUX * (double)muxed * a;
	if (k->strategy == STRATEGY_RESOURCE)
		ff += CW_FF_R1_USED * (double)used * a + CW_FF_R1_ADD * adders;
	else if (rf > 1 && !muxed)
		ff += CW_FF_PIPE_ADD * adders;
	if (out->latency == 0)
		ff = 0;
	out->lut = lut;
	out->ff = ff;
	if (in->d->io_type == IO_PARALLEL &&
	    k->strategy == STRATEGY_LATENCY && n > DENSE_UNROLL_MAX)
		out->warnings |= EST_W_UNROLL;
}

/* Weights in a ROM of RF words of bf*W bits, bf multipliers. */
static void dense_resource(const struct est_input *in, long n_in,
			   long n_out, long rf, struct layer_est *out)
{
	const struct knobs *k = in->k;
	const struct weight_stats *ws = in->ws;
	long n = n_in * n_out, bf = (n + rf - 1) / rf;
	int a = in->in_type.type.width;
	int w = res_width(&k->prec[PREC_WEIGHT]);
	int acc = res_width(&k->prec[PREC_ACCUM]);
	long kk = rf / n_in;
	struct mult_cost mc;
	struct mem_cost mem;
	bool dsp_lanes;

	/* the ROM keeps the declared width: the values do not matter */
	mc = res_mult(a, in->in_type.type.is_signed, w,
		      k->prec[PREC_WEIGHT].type.is_signed,
		      in->part->dsp_kind, false);
	dsp_lanes = mc.dsp > 0;
	out->dsp = (double)bf * mc.dsp;
	/* Observed, mechanism unknown: when every stored value fits in
	   RES_NARROW_LANE_BITS bits, one lane is built in LUTs (wa train
	   ap_fixed<6,1> rows with max |w| <= 7/32: DSP = bf - 1 in 37 of
	   37; with a 5-bit max: bf in 4 of 4) */
	if (dsp_lanes && ws && ws->known && ws->eff_bits > 0 &&
	    ws->eff_bits <= RES_NARROW_LANE_BITS && bf > 1) {
		out->dsp -= mc.dsp;
	}
	out->n_mult = bf;
	/* RESOURCE core=ROM_nP_BRAM: a BRAM even when shallow, and the RTL's
	   rom_style attribute keeps it one through Vivado synthesis */
	mem = res_memory(rf, bf * w, in->part, false);
	if (mem.bram18 == 0 && mem.uram == 0) {
		mem.bram18 = (double)((bf * w + 35) / 36);
		mem.lut = mem.ff = 0;
	}
	if (mem.bram18 > 0 && rf > RES_BRAM_EXTRA_RF)
		mem.bram18 += 1;
	out->bram18 = mem.bram18;
	out->uram = mem.uram;
	out->ii = rf;
	out->latency = rf + RES_LATENCY_EXTRA;
	/* csynth LUT of LUT-built lanes equals that of DSP lanes in the
	   wa data (ap_fixed<4,1> vs <10,1>): no per-lane multiplier term */
	out->lut = mem.lut + RES_LUT_RF * (double)rf +
		   RES_LUT_BF * (double)bf +
		   (kk > 2 ? RES_LUT_SEL * (double)n_out * bf * acc : 0) +
		   RES_LUT_OUT * (double)n_out * acc;
	out->ff = mem.ff + RES_FF_C0 + RES_FF_OUT * (double)n_out * acc +
		  RES_FF_ROM * (double)bf * w +
		  (dsp_lanes ? RES_FF_DSPLANE : RES_FF_LUTLANE) *
			  (double)bf * a;
}

void est_dense(const struct est_input *in, struct layer_est *out)
{
	const struct knobs *k = in->k;
	long n_in, n_out, rf;
	int a, w, w_int;
	struct mult_cost wide;

	memset(out, 0, sizeof(*out));
	if (!layer_mult_size(in->l, &n_in, &n_out) || n_in < 1 || n_out < 1) {
		out->warnings |= EST_W_UNSUPPORTED;
		return;
	}
	rf = effective_rf(n_in, n_out, k->reuse_factor, k->strategy,
			  &out->warnings);
	if (k->strategy == STRATEGY_RESOURCE && rf > 1)
		dense_resource(in, n_in, n_out, rf, out);
	else
		dense_constant(in, n_in, n_out, rf, out);

	/* the linear fits can go below zero far outside their data */
	if (out->lut < 0)
		out->lut = 0;
	if (out->ff < 0)
		out->ff = 0;
	/* io_stream: the pack read adds a cycle (hls4ml baselines, io_stream
	   Dense(64) + ReLU: latency 2 against 0 in io_parallel, of which
	   the ReLU's stream loop takes one) */
	if (in->d->io_type == IO_STREAM)
		out->latency += DENSE_STREAM_EXTRA;

	a = in->in_type.type.width;
	w = res_width(&k->prec[PREC_WEIGHT]);
	/* a sum of n_in products needs the integer bits of both operands
	   (of the largest weight when known) plus ceil(log2 n_in) */
	w_int = k->prec[PREC_WEIGHT].type.integer;
	if (in->ws && in->ws->known)
		w_int = in->ws->eff_bits - (w - w_int);
	if (k->prec[PREC_ACCUM].type.integer <
	    in->in_type.type.integer + w_int + clog2(n_in))
		out->warnings |= EST_W_WIDE_ACCUM;
	wide = res_mult(a, true, w, true, in->part->dsp_kind, false);
	if (wide.dsp > 1)
		out->warnings |= EST_W_DSP_WIDE;

	if (in->mode == EST_IMPL) {
		out->dsp *= IMPL_DSP;
		out->lut *= IMPL_LUT;
		out->ff *= IMPL_FF;
	}
	if (in->part->dsp > 0 && out->dsp > in->part->dsp)
		out->warnings |= EST_W_NOT_FIT;
	if (in->part->lut > 0 && out->lut > in->part->lut)
		out->warnings |= EST_W_NOT_FIT;
	if (in->part->bram18 > 0 && out->bram18 > in->part->bram18)
		out->warnings |= EST_W_NOT_FIT;
}
