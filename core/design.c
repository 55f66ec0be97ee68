/*
 * design.c - the knobs of one design point: name tables for the knob
 * enums, creation and release of a design, per-layer knob entries, and
 * the inheritance rules that give a layer its effective knobs (layer
 * slot, layer default, design slot, design default; tables fall back to
 * hls4ml's backend defaults).
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "design.h"
#include "xalloc.h"

#define SLOT_NAME(e, name) name,
static const char *const slot_names[] = { PREC_SLOTS(SLOT_NAME) };
#undef SLOT_NAME

static const char *const io_type_names[] = { "io_parallel", "io_stream" };
static const char *const strategy_names[] = { "latency", "resource" };
static const char *const softmax_impl_names[] = {
	"stable", "latency", "argmax", "legacy"
};

#define N_ELEMS(a) ((int)(sizeof(a) / sizeof((a)[0])))

const char *prec_slot_name(enum prec_slot s)
{
	return (unsigned)s < PREC_COUNT ? slot_names[s] : "?";
}

int prec_slot_from_name(const char *name)
{
	for (int i = 0; i < PREC_COUNT; i++)
		if (strcmp(slot_names[i], name) == 0)
			return i;
	return -1;
}

const char *io_type_name(enum io_type t)
{
	return (unsigned)t < (unsigned)N_ELEMS(io_type_names) ?
		io_type_names[t] : "?";
}

int io_type_from_name(const char *s)
{
	for (int i = 0; i < N_ELEMS(io_type_names); i++)
		if (strcmp(io_type_names[i], s) == 0)
			return i;
	return -1;
}

const char *strategy_name(enum strategy s)
{
	return (unsigned)s < (unsigned)N_ELEMS(strategy_names) ?
		strategy_names[s] : "?";
}

int strategy_from_name(const char *s)
{
	for (int i = 0; i < N_ELEMS(strategy_names); i++)
		if (strcasecmp(strategy_names[i], s) == 0)
			return i;
	return -1;
}

const char *softmax_impl_name(enum softmax_impl s)
{
	return (unsigned)s < (unsigned)N_ELEMS(softmax_impl_names) ?
		softmax_impl_names[s] : "?";
}

int softmax_impl_from_name(const char *s)
{
	for (int i = 0; i < N_ELEMS(softmax_impl_names); i++)
		if (strcasecmp(softmax_impl_names[i], s) == 0)
			return i;
	return -1;
}

char *partition_format(const struct partition *p, char *buf, size_t n)
{
	switch (p->kind) {
	case PARTITION_COMPLETE:
		snprintf(buf, n, "complete");
		break;
	case PARTITION_BLOCK:
		snprintf(buf, n, "block:%d", p->factor);
		break;
	case PARTITION_CYCLIC:
		snprintf(buf, n, "cyclic:%d", p->factor);
		break;
	default:
		snprintf(buf, n, "auto");
		break;
	}
	return buf;
}

int design_parse_count(const char *s, long max, long *out)
{
	char *end;
	long v;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || v < 1 || v > max)
		return -1;
	*out = v;
	return 0;
}

bool layer_knobs_empty(const struct layer_knobs *lk)
{
	if (lk->set)
		return false;
	for (int s = 0; s < PREC_COUNT; s++)
		if (lk->prec[s].set)
			return false;
	return true;
}

int partition_parse(const char *s, struct partition *p, struct error *err)
{
	static const char *const kinds[] = { "block", "cyclic" };
	static const enum partition_kind kind_of[] = {
		PARTITION_BLOCK, PARTITION_CYCLIC
	};

	if (strcmp(s, "auto") == 0) {
		p->kind = PARTITION_AUTO;
		p->factor = 0;
		return 0;
	}
	if (strcmp(s, "complete") == 0) {
		p->kind = PARTITION_COMPLETE;
		p->factor = 0;
		return 0;
	}
	for (int i = 0; i < N_ELEMS(kinds); i++) {
		size_t k = strlen(kinds[i]);
		long factor;

		if (strncmp(s, kinds[i], k) != 0 || s[k] != ':')
			continue;
		if (design_parse_count(s + k + 1, INT_MAX, &factor) < 0)
			return error_set(err, "invalid partition '%s': the "
					 "factor must be a positive integer",
					 s);
		p->kind = kind_of[i];
		p->factor = (int)factor;
		return 0;
	}
	return error_set(err, "invalid partition '%s' (expected auto, "
			 "complete, block:N or cyclic:N)", s);
}

void design_init(struct design *d)
{
	memset(d, 0, sizeof(*d));
	d->part = xstrdup(DESIGN_DEFAULT_PART);
	d->clock_ns = DESIGN_DEFAULT_CLOCK_NS;
	d->io_type = IO_PARALLEL;
	d->backend = xstrdup("vitis");
	d->reuse_factor = 1;
	d->strategy = STRATEGY_LATENCY;
	d->prec[PREC_DEFAULT].set = true;
	d->prec[PREC_DEFAULT].type = fixed_make(16, 6, true);
}

void design_release(struct design *d)
{
	for (int i = 0; i < d->n_layers; i++)
		free(d->layers[i].name);
	free(d->layers);
	free(d->model);
	free(d->weights);
	free(d->part);
	free(d->backend);
	memset(d, 0, sizeof(*d));
}

/* Index of the knobs of layer name in d, or -1. */
static int find_layer(const struct design *d, const char *name)
{
	for (int i = 0; i < d->n_layers; i++)
		if (strcmp(d->layers[i].name, name) == 0)
			return i;
	return -1;
}

struct layer_knobs *design_layer(struct design *d, const char *name,
				 bool create)
{
	int i = find_layer(d, name);
	struct layer_knobs *lk;

	if (i >= 0)
		return &d->layers[i];
	if (!create)
		return NULL;
	d->layers = xreallocarray(d->layers, (size_t)d->n_layers + 1,
				  sizeof(*d->layers));
	lk = &d->layers[d->n_layers++];
	memset(lk, 0, sizeof(*lk));
	lk->name = xstrdup(name);
	return lk;
}

/* hls4ml's backend default for a table slot: table_t ap_fixed<18,8>,
 * softmax exp/inv tables fixed<18,8,RND,SAT>. */
static struct fixed_type table_default(enum prec_slot s)
{
	struct fixed_type t = fixed_make(18, 8, true);

	if (s != PREC_TABLE) {
		t.round = FIXED_RND;
		t.sat = FIXED_SAT;
	}
	return t;
}

static bool is_table_slot(int s)
{
	return s == PREC_TABLE || s == PREC_EXP_TABLE || s == PREC_INV_TABLE;
}

void design_resolve(const struct design *d, const struct model *m, int idx,
		    struct knobs *out)
{
	int li = find_layer(d, m->layers[idx].name);
	const struct layer_knobs *lk = li >= 0 ? &d->layers[li] : NULL;
	unsigned set = lk ? lk->set : 0;

	memset(out, 0, sizeof(*out));
	out->set = set;
	out->reuse_factor = set & KNOB_REUSE_FACTOR ?
		lk->reuse_factor : d->reuse_factor;
	out->strategy = set & KNOB_STRATEGY ? lk->strategy : d->strategy;
	out->parallelization_factor = set & KNOB_PARALLELIZATION ?
		lk->parallelization_factor : 1;
	if (set & KNOB_PARTITION)
		out->partition = lk->partition;
	else
		out->partition.kind = PARTITION_AUTO;
	out->table_size = set & KNOB_TABLE_SIZE ?
		lk->table_size : DESIGN_DEFAULT_TABLE_SIZE;
	out->implementation = set & KNOB_IMPLEMENTATION ?
		lk->implementation : SOFTMAX_STABLE;

	for (int s = 0; s < PREC_COUNT; s++) {
		const struct precision *chain[4];
		int n = 0;

		if (lk && lk->prec[s].set) {
			out->prec_set |= 1u << s;
			chain[n++] = &lk->prec[s];
		}
		if (!is_table_slot(s) && lk)
			chain[n++] = &lk->prec[PREC_DEFAULT];
		chain[n++] = &d->prec[s];
		if (!is_table_slot(s))
			chain[n++] = &d->prec[PREC_DEFAULT];
		out->prec[s].set = true;
		out->prec[s].type = is_table_slot(s) ?
			table_default((enum prec_slot)s) :
			fixed_make(16, 6, true);
		for (int i = 0; i < n; i++) {
			if (chain[i]->set) {
				out->prec[s] = *chain[i];
				break;
			}
		}
	}
}
