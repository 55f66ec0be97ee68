/*
 * estimate.h - analytical resource and latency estimates for hls4ml-style
 * designs: per layer DSP, LUT, FF, BRAM18, URAM, latency cycles, II and
 * warnings, the top level as hls4ml builds it (pipeline or dataflow), and
 * totals against the part's capacity. One call estimates a whole design;
 * one call re-estimates one layer and the totals (microseconds: this runs
 * on every keystroke).
 *
 * Three modes: EST_CSYNTH predicts what Vivado/Vitis HLS reports after C
 * synthesis; EST_IMPL what Vivado reports after synthesis of the RTL;
 * EST_RTL what the open flow (backend yosys) builds: yosys cell counts
 * and the simulated cycles of hlsdse's own Verilog (rtl.c).
 *
 * Ownership: struct estimate owns its layer array; estimate_release frees
 * it. It keeps pointers to the model and design it was made from, which
 * must outlive it.
 */
#ifndef HLSDSE_ESTIMATE_H
#define HLSDSE_ESTIMATE_H

#include <stdbool.h>

#include "core/design.h"
#include "core/model.h"
#include "estimators/part.h"
#include "estimators/resource.h"

enum est_mode { EST_CSYNTH, EST_IMPL, EST_RTL };

const char *est_mode_name(enum est_mode m);
int est_mode_from_name(const char *s);	/* -1 if unknown */

/* Warnings, one bit each (X-macro: enum, short code, message). */
#define EST_WARNINGS(X)                                                   \
	X(EST_W_UNROLL, "unroll",                                         \
	  "unrolls more than 4096 multiplications: HLS will fail or take hours; " \
	  "use strategy resource with a larger reuse factor, or io_stream")   \
	X(EST_W_RF_CHANGED, "rf_invalid",                                  \
	  "reuse factor is not valid for this layer: hls4ml would change it") \
	X(EST_W_NOT_FIT, "does_not_fit",                                  \
	  "this layer alone exceeds the part's capacity")                   \
	X(EST_W_WIDE_ACCUM, "wide_accum",                                 \
	  "accumulator has fewer integer bits than its sum of products can "  \
	  "need: results may overflow (set precision.accum to auto or widen it)") \
	X(EST_W_TABLE_SMALL, "table_small",                               \
	  "lookup table smaller than the input range it must cover")        \
	X(EST_W_UNSUPPORTED, "unsupported",                               \
	  "layer kind not modelled: estimate incomplete")                    \
	X(EST_W_CONV_RF, "conv_rf",                                       \
	  "io_parallel Resource conv asserts reuse factor <= kernel x channels") \
	X(EST_W_DSP_WIDE, "dsp_wide",                                     \
	  "products wider than the DSP: built from several DSPs or LUTs")    \
	X(EST_W_RTL, "rtl",                                               \
	  "the open RTL flow cannot build this layer as set ('auto' types, " \
	  "a saturating accumulator, an unsupported kind): backend yosys "   \
	  "refuses it")

#define EST_W_ENUM(e, code, msg) e##_BIT,
enum { EST_WARNINGS(EST_W_ENUM) EST_W_COUNT };
#undef EST_W_ENUM
#define EST_W_FLAG(e, code, msg) e = 1u << e##_BIT,
enum est_warning { EST_WARNINGS(EST_W_FLAG) };
#undef EST_W_FLAG

const char *est_warning_code(unsigned bit);	/* for bit index 0.. */
const char *est_warning_text(unsigned bit);

/* One layer's estimate. Resources are doubles (a BRAM can be shared, a
 * DSP half-used in impl mode); cycles are integers. */
struct layer_est {
	double dsp, lut, ff, bram18, uram;
	long latency;		/* cycles from first input to last output */
	long ii;		/* initiation interval in cycles */
	unsigned warnings;	/* enum est_warning bits */
	long n_mult;		/* multipliers instantiated (after sharing) */
	long fifo_bram18;	/* io_stream FIFO memory charged to the
				   layer's output stream (in bram18) */
};

/* What a per-family model needs about one layer. */
struct est_input {
	const struct model *m;
	const struct layer *l;
	int idx;
	const struct knobs *k;		/* the layer's effective knobs, with
					   'auto' result/accum types resolved */
	struct precision in_type;	/* result type of the layer feeding it */
	const struct weight_stats *ws;	/* weights quantized to the weight
					   type (ws->known false if none) */
	const struct part *part;
	const struct design *d;
	enum est_mode mode;
};

struct estimate {
	const struct model *m;
	const struct design *d;
	struct part part;
	enum est_mode mode;
	int n_layers;
	struct layer_est *layers;	/* one per model layer */
	struct knobs *knobs;		/* resolved knobs per layer (cached) */
	struct weight_stats *wstats;	/* per layer, for wstats_type */
	struct fixed_type *wstats_type;
	struct layer_est total;		/* sums of resources; latency and II
					   of the top level */
	double latency_ns;
	bool dataflow;			/* top level is DATAFLOW */
	double util_dsp, util_lut, util_ff, util_bram18, util_uram;
};

/* Estimates every layer of m under design d for the part d names.
 * Fails only when the part is unknown. e must be zeroed or released. */
int estimate_run(struct estimate *e, const struct model *m,
		 const struct design *d, enum est_mode mode,
		 struct error *err);

/* Re-estimates layer idx (its knobs changed in d) and the totals. Layers
 * fed by idx are re-estimated too when idx's result type changed. */
void estimate_update_layer(struct estimate *e, int idx);

/* Recomputes the totals, top-level latency/II and utilisation. */
void estimate_totals(struct estimate *e);

void estimate_release(struct estimate *e);

/* Per-family models, one file each (dense.c, conv.c, activation.c,
 * pool.c, norm.c, merge.c). Each fills out for in->l. */
void est_dense(const struct est_input *in, struct layer_est *out);
void est_conv(const struct est_input *in, struct layer_est *out);
void est_activation(const struct est_input *in, struct layer_est *out);
void est_pool(const struct est_input *in, struct layer_est *out);
void est_norm(const struct est_input *in, struct layer_est *out);
void est_merge(const struct est_input *in, struct layer_est *out);
/* Mode rtl, every layer kind (rtl.c). */
void est_rtl(const struct est_input *in, struct layer_est *out);

#endif
