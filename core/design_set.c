/*
 * design_set.c - changing one knob from a "LAYER.KNOB=VALUE" or global
 * "KNOB=VALUE" assignment, and checking a design against its model: the
 * layer exists, the knob applies to the layer's kind, reuse factors follow
 * hls4ml's rules for the effective strategy, parallelization factors
 * divide the output pixels. A refused change leaves the design as it was
 * and says which values would be accepted; nothing is ever substituted.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "design.h"
#include "reuse.h"
#include "xalloc.h"

#define KNOB_INT_MAX 2147483648L	/* 2^31 */

/* Per-layer knobs as spelled in assignments; PREC_* slots follow. */
enum lknob {
	LK_REUSE_FACTOR, LK_STRATEGY, LK_PARALLELIZATION, LK_PARTITION,
	LK_TABLE_SIZE, LK_IMPLEMENTATION, LK_PRECISION
};

static const char *const lknob_names[] = {
	"reuse_factor", "strategy", "parallelization_factor", "partition",
	"table_size", "implementation"
};

#define N_LKNOBS ((int)(sizeof(lknob_names) / sizeof(lknob_names[0])))

static const char *article(const char *word)
{
	return strchr("AEIOUaeiou", word[0]) ? "an" : "a";
}

static bool is_softmax(const struct layer *l)
{
	return l->kind == LAYER_SOFTMAX ||
	       (l->kind == LAYER_ACTIVATION && l->activation == ACT_SOFTMAX);
}

static bool is_family(const struct layer *l, const char *family)
{
	return strcmp(layer_kind_family(l->kind), family) == 0;
}

/* Why knob (slot for LK_PRECISION) cannot be set on l, or NULL if it can. */
static const char *not_applicable(const struct layer *l, enum lknob k,
				  int slot, char *buf, size_t n)
{
	const char *kind = layer_kind_name(l->kind);

	switch (k) {
	case LK_PARALLELIZATION:
		if (!is_family(l, "conv"))
			return "only convolutions have a parallelization "
			       "factor";
		return NULL;
	case LK_PARTITION:
		break;
	case LK_TABLE_SIZE:
		if (!is_family(l, "activation"))
			return "only activation layers use lookup tables";
		return NULL;
	case LK_IMPLEMENTATION:
		if (!is_softmax(l))
			return "only Softmax layers have an implementation";
		return NULL;
	case LK_PRECISION:
		switch (slot) {
		case PREC_WEIGHT: case PREC_BIAS: case PREC_ACCUM:
			break;
		case PREC_SCALE:
			if (l->kind != LAYER_BATCHNORM)
				return "only BatchNormalization layers have "
				       "a scale";
			return NULL;
		case PREC_TABLE:
			if (!is_family(l, "activation"))
				return "only activation layers use lookup "
				       "tables";
			return NULL;
		case PREC_EXP_TABLE: case PREC_INV_TABLE:
			if (!is_softmax(l))
				return "only Softmax layers have exp and inv "
				       "tables";
			return NULL;
		default:
			return NULL;
		}
		break;
	default:
		return NULL;
	}
	if (layer_has_weights(l))
		return NULL;
	snprintf(buf, n, "%s %s layer has no weights", article(kind), kind);
	return buf;
}

bool design_prec_applies(const struct layer *l, enum prec_slot s)
{
	char why[128];

	return not_applicable(l, LK_PRECISION, (int)s, why, sizeof(why)) ==
		NULL;
}

/* Spells knob k (slot) as in assignments: "reuse_factor",
 * "precision.weight". */
static const char *knob_spelling(enum lknob k, int slot, char *buf, size_t n)
{
	if (k != LK_PRECISION)
		return lknob_names[k];
	if (slot == PREC_DEFAULT)
		return "precision";
	snprintf(buf, n, "precision.%s", prec_slot_name((enum prec_slot)slot));
	return buf;
}

static int check_applicable(const struct layer *l, enum lknob k, int slot,
			    struct error *err)
{
	char why[128], sp[64];
	const char *r = not_applicable(l, k, slot, why, sizeof(why));

	if (!r)
		return 0;
	return error_set(err, "%s does not apply to layer '%s': %s",
			 knob_spelling(k, slot, sp, sizeof(sp)), l->name, r);
}

/* Checks every knob set on lk applies to its model layer l. */
static int check_layer_knobs(const struct layer_knobs *lk,
			     const struct layer *l, struct error *err)
{
	static const unsigned bits[] = {
		KNOB_REUSE_FACTOR, KNOB_STRATEGY, KNOB_PARALLELIZATION,
		KNOB_PARTITION, KNOB_TABLE_SIZE, KNOB_IMPLEMENTATION
	};

	for (int k = 0; k < N_LKNOBS; k++)
		if ((lk->set & bits[k]) &&
		    check_applicable(l, (enum lknob)k, 0, err) < 0)
			return -1;
	for (int s = 0; s < PREC_COUNT; s++)
		if (lk->prec[s].set &&
		    check_applicable(l, LK_PRECISION, s, err) < 0)
			return -1;
	return 0;
}

/* Formats "a, b" / "a" from two nearest values (0 = none). */
static void format_nearest(long below, long above, char *buf, size_t n)
{
	if (below && above && below != above)
		snprintf(buf, n, "%ld, %ld", below, above);
	else if (below || above)
		snprintf(buf, n, "%ld", below ? below : above);
	else
		snprintf(buf, n, "none");
}

/* Checks the effective reuse and parallelization factors of model layer
 * idx under design d. */
static int check_factors(const struct design *d, const struct model *m,
			 int idx, struct error *err)
{
	const struct layer *l = &m->layers[idx];
	const char *kind = layer_kind_name(l->kind);
	long n_in, n_out, below, above, px;
	struct knobs k;
	char near[64];

	design_resolve(d, m, idx, &k);
	if (layer_mult_size(l, &n_in, &n_out) && n_in > 0 && n_out > 0) {
		const char *inh = k.set & KNOB_REUSE_FACTOR ? "" :
			" (inherited from defaults)";
		long total = n_in * n_out;

		if (k.strategy == STRATEGY_RESOURCE &&
		    !reuse_is_valid(n_in, n_out, k.reuse_factor)) {
			reuse_nearest(n_in, n_out, k.reuse_factor, &below,
				      &above);
			format_nearest(below, above, near, sizeof(near));
			return error_set(err, "%s.reuse_factor=%ld%s is not "
					 "valid for %s %ldx%ld %s with "
					 "strategy resource; nearest valid: "
					 "%s", l->name, k.reuse_factor, inh,
					 article(kind), n_in, n_out, kind,
					 near);
		}
		if (k.strategy == STRATEGY_LATENCY && k.reuse_factor > total)
			return error_set(err, "%s.reuse_factor=%ld%s is not "
					 "valid for %s %ldx%ld %s with "
					 "strategy latency; valid: 1 to %ld",
					 l->name, k.reuse_factor, inh,
					 article(kind), n_in, n_out, kind,
					 total);
	}
	px = layer_out_pixels(l);
	if ((k.set & KNOB_PARALLELIZATION) && px > 0 &&
	    !reuse_pf_is_valid(px, k.parallelization_factor)) {
		reuse_pf_nearest(px, k.parallelization_factor, &below, &above);
		format_nearest(below, above, near, sizeof(near));
		return error_set(err, "%s.parallelization_factor=%ld is not "
				 "valid for %s %s with %ld output pixels (it "
				 "must divide them); nearest valid: %s",
				 l->name, k.parallelization_factor,
				 article(kind), kind, px, near);
	}
	return 0;
}

static int check_all_factors(const struct design *d, const struct model *m,
			     struct error *err)
{
	for (int i = 0; i < m->n_layers; i++)
		if (check_factors(d, m, i, err) < 0)
			return -1;
	return 0;
}

int design_validate(const struct design *d, const struct model *m,
		    struct error *err)
{
	for (int i = 0; i < d->n_layers; i++) {
		const struct layer_knobs *lk = &d->layers[i];
		int idx = model_find(m, lk->name);

		if (idx < 0)
			return error_set(err, "layer '%s' not in model",
					 lk->name);
		if (check_layer_knobs(lk, &m->layers[idx], err) < 0)
			return -1;
	}
	return check_all_factors(d, m, err);
}

/* Parses a precision value: "auto" when allowed, else a type. */
static int parse_precision(const char *key, const char *val, bool allow_auto,
			   struct precision *p, struct error *err)
{
	struct error fe;

	if (strcmp(val, "auto") == 0) {
		if (!allow_auto)
			return error_set(err, "%s: 'auto' is only allowed on "
					 "a layer", key);
		memset(p, 0, sizeof(*p));
		p->set = true;
		p->is_auto = true;
		return 0;
	}
	if (fixed_parse(val, &p->type, &fe) < 0)
		return error_set(err, "%s: %s", key, fe.msg);
	p->set = true;
	p->is_auto = false;
	return 0;
}

static int set_defaults_precision(struct design *d, const char *key,
				  int slot, const char *val,
				  struct error *err)
{
	struct precision p;

	if (strcmp(val, "default") == 0) {
		memset(&d->prec[slot], 0, sizeof(d->prec[slot]));
		if (slot == PREC_DEFAULT) {
			d->prec[slot].set = true;
			d->prec[slot].type = fixed_make(16, 6, true);
		}
		return 0;
	}
	if (parse_precision(key, val, false, &p, err) < 0)
		return -1;
	d->prec[slot] = p;
	return 0;
}

/* defaults.reuse_factor and defaults.strategy: applied, then every layer
 * checked; restored on refusal. */
static int set_defaults_rf_strategy(struct design *d, const struct model *m,
				    const char *key, const char *val,
				    struct error *err)
{
	long old_rf = d->reuse_factor, rf = 1;
	enum strategy old_st = d->strategy, st = STRATEGY_LATENCY;
	bool is_rf = strcmp(key, "defaults.reuse_factor") == 0;

	if (strcmp(val, "default") != 0) {
		if (is_rf && design_parse_count(val, KNOB_INT_MAX, &rf) < 0)
			return error_set(err, "%s: expected a positive "
					 "integer up to 2147483648, got '%s'",
					 key, val);
		if (!is_rf) {
			int s = strategy_from_name(val);

			if (s < 0)
				return error_set(err, "%s: unknown strategy "
						 "'%s' (expected latency or "
						 "resource)", key, val);
			st = (enum strategy)s;
		}
	}
	if (is_rf)
		d->reuse_factor = rf;
	else
		d->strategy = st;
	if (m && check_all_factors(d, m, err) < 0) {
		d->reuse_factor = old_rf;
		d->strategy = old_st;
		return error_prefix(err, "%s=%s refused", key, val);
	}
	return 0;
}

static int set_global(struct design *d, const struct model *m,
		      const char *key, const char *val, struct error *err)
{
	bool dflt = strcmp(val, "default") == 0;
	int t;

	if (strcmp(key, "part") == 0) {
		if (!*val)
			return error_set(err, "part: expected a part name");
		free(d->part);
		d->part = xstrdup(dflt ? DESIGN_DEFAULT_PART : val);
		return 0;
	}
	if (strcmp(key, "clock_ns") == 0) {
		char *end;
		double x = DESIGN_DEFAULT_CLOCK_NS;

		if (!dflt) {
			x = strtod(val, &end);
			if (!*val || *end || !(x > 0) || !isfinite(x))
				return error_set(err, "clock_ns: expected a "
						 "positive number of "
						 "nanoseconds, got '%s'", val);
		}
		d->clock_ns = x;
		return 0;
	}
	if (strcmp(key, "io_type") == 0) {
		t = dflt ? IO_PARALLEL : io_type_from_name(val);
		if (t < 0)
			return error_set(err, "io_type: unknown io_type '%s' "
					 "(expected io_parallel or "
					 "io_stream)", val);
		d->io_type = (enum io_type)t;
		return 0;
	}
	if (strcmp(key, "backend") == 0) {
		static const char *const names[] = {
			"vitis", "vivado", "yosys"
		};

		for (int i = 0; i < 3; i++) {
			if (strcasecmp(val, names[i]) == 0 || (dflt && !i)) {
				free(d->backend);
				d->backend = xstrdup(names[i]);
				return 0;
			}
		}
		return error_set(err, "backend: unknown backend '%s' "
				 "(expected vitis, vivado or yosys)", val);
	}
	if (strcmp(key, "defaults.reuse_factor") == 0 ||
	    strcmp(key, "defaults.strategy") == 0)
		return set_defaults_rf_strategy(d, m, key, val, err);
	if (strcmp(key, "defaults.precision") == 0)
		return set_defaults_precision(d, key, PREC_DEFAULT, val, err);
	if (strncmp(key, "defaults.precision.", 19) == 0) {
		int slot = prec_slot_from_name(key + 19);

		if (slot < 0)
			return error_set(err, "unknown precision slot '%s'",
					 key + 19);
		return set_defaults_precision(d, key, slot, val, err);
	}
	return 1;
}

/* Splits key into a layer name and a knob by the longest known knob
 * suffix; returns the length of the layer name or -1. */
static int split_layer_key(const char *key, enum lknob *k, int *slot)
{
	size_t klen = strlen(key), best = 0;
	char cand[64];
	int found = -1;

	for (int i = 0; i < N_LKNOBS + PREC_COUNT; i++) {
		size_t n;

		if (i < N_LKNOBS)
			snprintf(cand, sizeof(cand), ".%s", lknob_names[i]);
		else if (i == N_LKNOBS)
			snprintf(cand, sizeof(cand), ".precision");
		else
			snprintf(cand, sizeof(cand), ".precision.%s",
				 prec_slot_name((enum prec_slot)(i -
								 N_LKNOBS)));
		n = strlen(cand);
		if (klen <= n || strcmp(key + klen - n, cand) != 0 || n <= best)
			continue;
		best = n;
		found = i;
	}
	if (found < 0)
		return -1;
	*k = found < N_LKNOBS ? (enum lknob)found : LK_PRECISION;
	*slot = found < N_LKNOBS ? 0 : found - N_LKNOBS;
	return (int)(klen - best);
}

/* Sets (or unsets for "default") one parsed layer knob on lk. */
static int apply_layer_knob(struct layer_knobs *lk, const char *key,
			    enum lknob k, int slot, const char *val,
			    struct error *err)
{
	static const unsigned bits[] = {
		KNOB_REUSE_FACTOR, KNOB_STRATEGY, KNOB_PARALLELIZATION,
		KNOB_PARTITION, KNOB_TABLE_SIZE, KNOB_IMPLEMENTATION
	};
	long n;
	int t;

	if (strcmp(val, "default") == 0) {
		if (k == LK_PRECISION)
			memset(&lk->prec[slot], 0, sizeof(lk->prec[slot]));
		else
			lk->set &= ~bits[k];
		return 0;
	}
	switch (k) {
	case LK_REUSE_FACTOR:
	case LK_PARALLELIZATION:
	case LK_TABLE_SIZE:
		if (design_parse_count(val, KNOB_INT_MAX, &n) < 0)
			return error_set(err, "%s: expected a positive "
					 "integer up to 2147483648, got '%s'",
					 key, val);
		if (k == LK_REUSE_FACTOR)
			lk->reuse_factor = n;
		else if (k == LK_PARALLELIZATION)
			lk->parallelization_factor = n;
		else
			lk->table_size = n;
		break;
	case LK_STRATEGY:
		if ((t = strategy_from_name(val)) < 0)
			return error_set(err, "%s: unknown strategy '%s' "
					 "(expected latency or resource)",
					 key, val);
		lk->strategy = (enum strategy)t;
		break;
	case LK_PARTITION:
		if (partition_parse(val, &lk->partition, err) < 0)
			return error_prefix(err, "%s", key);
		break;
	case LK_IMPLEMENTATION:
		if ((t = softmax_impl_from_name(val)) < 0)
			return error_set(err, "%s: unknown softmax "
					 "implementation '%s' (expected "
					 "stable, latency, argmax or legacy)",
					 key, val);
		lk->implementation = (enum softmax_impl)t;
		break;
	case LK_PRECISION:
		return parse_precision(key, val, true, &lk->prec[slot], err);
	}
	lk->set |= bits[k];
	return 0;
}

/* Drops the knob entry at index i of d. */
static void remove_layer(struct design *d, int i)
{
	free(d->layers[i].name);
	memmove(&d->layers[i], &d->layers[i + 1],
		(size_t)(d->n_layers - i - 1) * sizeof(d->layers[0]));
	d->n_layers--;
}

static int unknown_knob(const char *key, struct error *err)
{
	const char *dot = strchr(key, '.');

	if (!dot)
		return error_set(err, "unknown setting '%s'", key);
	if (strncmp(dot + 1, "precision.", 10) == 0)
		return error_set(err, "unknown precision slot '%s' in '%s'",
				 dot + 11, key);
	return error_set(err, "unknown knob '%s' in '%s' (expected "
			 "reuse_factor, strategy, precision[.slot], "
			 "parallelization_factor, partition, table_size or "
			 "implementation)", dot + 1, key);
}

static int set_layer(struct design *d, const struct model *m,
		     const char *key, const char *val, struct error *err)
{
	struct layer_knobs *lk, old;
	enum lknob k;
	int slot, n, idx = -1, li, rc = 0;
	bool created;
	char *name;

	n = split_layer_key(key, &k, &slot);
	if (n < 0)
		return unknown_knob(key, err);
	name = xstrndup(key, (size_t)n);
	if (m && (idx = model_find(m, name)) < 0) {
		error_set(err, "layer '%s' not in model", name);
		free(name);
		return -1;
	}
	if (m && strcmp(val, "default") != 0 &&
	    check_applicable(&m->layers[idx], k, slot, err) < 0) {
		free(name);
		return -1;
	}
	created = !design_layer(d, name, false);
	lk = design_layer(d, name, true);
	li = (int)(lk - d->layers);
	free(name);
	old = *lk;
	if (apply_layer_knob(lk, key, k, slot, val, err) < 0) {
		rc = -1;
	} else if (m && check_factors(d, m, idx, err) < 0) {
		/* the message names the factor; say which change failed
		 * when it was another knob (or an unset) */
		if ((k != LK_REUSE_FACTOR && k != LK_PARALLELIZATION) ||
		    strcmp(val, "default") == 0)
			error_prefix(err, "%s=%s refused", key, val);
		rc = -1;
	}
	if (rc < 0) {
		*lk = old;
		if (created)
			remove_layer(d, li);
		return -1;
	}
	if (layer_knobs_empty(lk))
		remove_layer(d, li);
	return 0;
}

int design_set(struct design *d, const struct model *m, const char *assign,
	       struct error *err)
{
	const char *eq = strrchr(assign, '=');
	char *key;
	int rc;

	if (!eq || eq == assign || !eq[1])
		return error_set(err, "expected KNOB=VALUE or "
				 "LAYER.KNOB=VALUE, got '%s'", assign);
	key = xstrndup(assign, (size_t)(eq - assign));
	rc = set_global(d, m, key, eq + 1, err);
	if (rc > 0)
		rc = set_layer(d, m, key, eq + 1, err);
	free(key);
	return rc;
}
