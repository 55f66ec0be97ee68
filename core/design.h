/*
 * design.h - the knobs of one design point: global settings (part, clock,
 * io_type, backend, defaults) and per-layer knobs (reuse factor, strategy,
 * precisions and table types, parallelization factor, partition, table
 * size, softmax implementation), read and written as design.json
 * ("format": "hlsdse-design/1"). A knob unset on a layer inherits the
 * default; the design remembers which knobs were set.
 *
 * Ownership: struct design owns its strings and layer array;
 * design_release frees them.
 */
#ifndef HLSDSE_DESIGN_H
#define HLSDSE_DESIGN_H

#include <stdbool.h>

#include "error.h"
#include "fixed.h"
#include "model.h"

#define DESIGN_FORMAT "hlsdse-design/1"
#define DESIGN_DEFAULT_PART "xcvu13p-flga2577-2-e"
#define DESIGN_DEFAULT_CLOCK_NS 5.0
#define DESIGN_DEFAULT_PRECISION "ap_fixed<16,6>"
#define DESIGN_DEFAULT_TABLE_SIZE 1024

enum io_type { IO_PARALLEL, IO_STREAM };
enum strategy { STRATEGY_LATENCY, STRATEGY_RESOURCE };
enum softmax_impl {
	SOFTMAX_STABLE, SOFTMAX_LATENCY, SOFTMAX_ARGMAX, SOFTMAX_LEGACY
};

/* Precision slots; PREC_DEFAULT is the layer's (or the design's) plain
 * "precision" that the others fall back to. Table slots fall back to
 * hls4ml's backend defaults, not to PREC_DEFAULT. */
#define PREC_SLOTS(X)                          \
	X(PREC_DEFAULT, "default")             \
	X(PREC_WEIGHT, "weight")               \
	X(PREC_BIAS, "bias")                   \
	X(PREC_RESULT, "result")               \
	X(PREC_ACCUM, "accum")                 \
	X(PREC_SCALE, "scale")                 \
	X(PREC_TABLE, "table")                 \
	X(PREC_EXP_TABLE, "exp_table")         \
	X(PREC_INV_TABLE, "inv_table")

#define PREC_ENUM(e, name) e,
enum prec_slot { PREC_SLOTS(PREC_ENUM) PREC_COUNT };
#undef PREC_ENUM

const char *prec_slot_name(enum prec_slot s);
int prec_slot_from_name(const char *name);	/* -1 if unknown */

struct precision {
	bool set;
	bool is_auto;		/* hls4ml 'auto': inferred from inputs */
	struct fixed_type type;
};

enum partition_kind {
	PARTITION_AUTO,		/* what hls4ml generates */
	PARTITION_COMPLETE,
	PARTITION_BLOCK,
	PARTITION_CYCLIC
};

struct partition {
	enum partition_kind kind;
	int factor;		/* BLOCK / CYCLIC */
};

/* Bits of layer_knobs.set and design.defaults_set. */
enum knob {
	KNOB_REUSE_FACTOR = 1 << 0,
	KNOB_STRATEGY = 1 << 1,
	KNOB_PARALLELIZATION = 1 << 2,
	KNOB_PARTITION = 1 << 3,
	KNOB_TABLE_SIZE = 1 << 4,
	KNOB_IMPLEMENTATION = 1 << 5
};

struct layer_knobs {
	char *name;
	unsigned set;		/* enum knob bits the user set */
	long reuse_factor;
	enum strategy strategy;
	long parallelization_factor;
	struct partition partition;
	long table_size;
	enum softmax_impl implementation;
	struct precision prec[PREC_COUNT];
};

struct design {
	char *model;		/* model file, relative to the design file's
				   directory unless absolute */
	char *weights;		/* weights file or NULL (found next to model) */
	char *part;
	double clock_ns;
	enum io_type io_type;
	char *backend;
	long reuse_factor;	/* defaults */
	enum strategy strategy;
	struct precision prec[PREC_COUNT];	/* PREC_DEFAULT always set */
	struct layer_knobs *layers;
	int n_layers;
};

/* The effective knobs of one layer after inheritance. */
struct knobs {
	long reuse_factor;
	enum strategy strategy;
	long parallelization_factor;
	struct partition partition;
	long table_size;
	enum softmax_impl implementation;
	struct precision prec[PREC_COUNT];	/* all slots filled; is_auto
						   kept for 'auto' */
	unsigned set;		/* knobs set on the layer itself */
	unsigned prec_set;	/* 1 << slot for precisions set on the layer */
};

const char *io_type_name(enum io_type t);
int io_type_from_name(const char *s);		/* -1 if unknown */
const char *strategy_name(enum strategy s);
int strategy_from_name(const char *s);		/* latency|resource, any case */
const char *softmax_impl_name(enum softmax_impl s);
int softmax_impl_from_name(const char *s);
/* Prints "auto", "complete", "block:4", "cyclic:2". */
char *partition_format(const struct partition *p, char *buf, size_t n);
int partition_parse(const char *s, struct partition *p, struct error *err);

/* Initialises d with hls4ml's defaults (part xcvu13p-flga2577-2-e, 5 ns,
 * io_parallel, backend vitis, ap_fixed<16,6>, RF 1, latency). */
void design_init(struct design *d);
void design_release(struct design *d);

/* Knobs of layer name, created (all unset) when create is true; NULL if
 * absent and !create. */
struct layer_knobs *design_layer(struct design *d, const char *name,
				 bool create);

/* True when no knob is set on lk. */
bool layer_knobs_empty(const struct layer_knobs *lk);

/* Parses a decimal count 1..max made of digits only (no sign, no
 * spaces); -1 when s is anything else. */
int design_parse_count(const char *s, long max, long *out);

/* Effective knobs of model layer idx. */
void design_resolve(const struct design *d, const struct model *m, int idx,
		    struct knobs *out);

/* Sets one knob from "LAYER.KNOB=VALUE" or a global "KNOB=VALUE"
 * (part, clock_ns, io_type, backend, defaults.reuse_factor,
 * defaults.strategy, defaults.precision[.slot]). Per-layer knobs:
 * reuse_factor, strategy, precision (the layer default),
 * precision.<slot>, parallelization_factor, partition, table_size,
 * implementation; VALUE "default" unsets. The value is validated against
 * the model; a refused value leaves d unchanged and err names the layer,
 * the knob and the nearest valid values. */
int design_set(struct design *d, const struct model *m, const char *assign,
	       struct error *err);

/* True when precision slot s may be set on layer l (the rule design_set
 * enforces): weight/bias/accum on layers with weights, scale on
 * BatchNormalization, table types on activations ... */
bool design_prec_applies(const struct layer *l, enum prec_slot s);

/* Checks every knob of d against m (layers exist, reuse and
 * parallelization factors valid for each layer's effective strategy). */
int design_validate(const struct design *d, const struct model *m,
		    struct error *err);

/* Reads design.json text; checks the format tag and types but not the
 * model (see design_validate). */
int design_parse(struct design *d, const char *text, size_t len,
		 const char *source, struct error *err);
int design_read(struct design *d, const char *path, struct error *err);
/* Serialises d as design.json text (keys in a fixed order, two-space
 * indent, trailing newline); caller frees. */
char *design_to_json(const struct design *d);
/* Writes design.json atomically. */
int design_write(const struct design *d, const char *path, struct error *err);

/* One knob that differs between two designs: layer "" for global knobs
 * (part, clock_ns, io_type, backend). */
struct knob_diff {
	char *layer;
	char *knob;		/* as in assignments: reuse_factor,
				   precision.weight ... */
	char *a, *b;		/* the effective values */
};

/* The knobs whose effective values differ between a and b for model m,
 * global knobs first, then layers in model order (only knobs that apply
 * to each layer). Returns how many; *out is caller-owned
 * (knob_diffs_free). */
int design_diff(const struct design *a, const struct design *b,
		const struct model *m, struct knob_diff **out);
void knob_diffs_free(struct knob_diff *d, int n);

/* Import of an hls4ml configuration (YAML through libyaml, or JSON):
 * top-level Part/ClockPeriod/IOType/Backend and HLSConfig Model, LayerType
 * and LayerName levels (Precision string or dict, ReuseFactor, Strategy,
 * ParallelizationFactor, TableSize, Implementation, *_t table types).
 * Warnings (ignored keys, names not in the model) are appended to
 * *warnings (caller frees each and the array). */
int design_import_hls4ml(struct design *d, const struct model *m,
			 const char *path, char ***warnings, int *n_warnings,
			 struct error *err);

#endif
