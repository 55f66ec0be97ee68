/*
 * design_diff.c - the knob-level difference of two designs of one model:
 * global settings, then each layer's effective knobs (after inheritance),
 * as strings spelled the way design set takes them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "design.h"
#include "xalloc.h"

struct diffs {
	struct knob_diff *d;
	int n;
};

static void add(struct diffs *ds, const char *layer, const char *knob,
		const char *a, const char *b)
{
	struct knob_diff *k;

	if (strcmp(a, b) == 0)
		return;
	ds->d = xreallocarray(ds->d, (size_t)ds->n + 1, sizeof(*ds->d));
	k = &ds->d[ds->n++];
	k->layer = xstrdup(layer);
	k->knob = xstrdup(knob);
	k->a = xstrdup(a);
	k->b = xstrdup(b);
}

static void add_long(struct diffs *ds, const char *layer, const char *knob,
		     long a, long b)
{
	char x[32], y[32];

	snprintf(x, sizeof(x), "%ld", a);
	snprintf(y, sizeof(y), "%ld", b);
	add(ds, layer, knob, x, y);
}

static const char *prec_str(const struct precision *p, char *b, size_t n)
{
	if (p->is_auto)
		return "auto";
	return fixed_format(&p->type, b, n);
}

static void globals(struct diffs *ds, const struct design *a,
		    const struct design *b)
{
	char x[32], y[32], px[FIXED_STR_MAX], py[FIXED_STR_MAX];

	add(ds, "", "part", a->part, b->part);
	snprintf(x, sizeof(x), "%g", a->clock_ns);
	snprintf(y, sizeof(y), "%g", b->clock_ns);
	add(ds, "", "clock_ns", x, y);
	add(ds, "", "io_type", io_type_name(a->io_type),
	    io_type_name(b->io_type));
	add(ds, "", "backend", a->backend, b->backend);
	add_long(ds, "", "defaults.reuse_factor", a->reuse_factor,
		 b->reuse_factor);
	add(ds, "", "defaults.strategy", strategy_name(a->strategy),
	    strategy_name(b->strategy));
	add(ds, "", "defaults.precision",
	    prec_str(&a->prec[PREC_DEFAULT], px, sizeof(px)),
	    prec_str(&b->prec[PREC_DEFAULT], py, sizeof(py)));
}

/* Differences of one layer's effective knobs. */
static void layer(struct diffs *ds, const struct layer *l,
		  const struct knobs *a, const struct knobs *b)
{
	char x[FIXED_STR_MAX], y[FIXED_STR_MAX], name[32];

	add_long(ds, l->name, "reuse_factor", a->reuse_factor,
		 b->reuse_factor);
	add(ds, l->name, "strategy", strategy_name(a->strategy),
	    strategy_name(b->strategy));
	if (layer_out_pixels(l) > 0)
		add_long(ds, l->name, "parallelization_factor",
			 a->parallelization_factor, b->parallelization_factor);
	if (layer_has_weights(l))
		add(ds, l->name, "partition",
		    partition_format(&a->partition, x, sizeof(x)),
		    partition_format(&b->partition, y, sizeof(y)));
	if (strcmp(layer_kind_family(l->kind), "activation") == 0)
		add_long(ds, l->name, "table_size", a->table_size,
			 b->table_size);
	if (l->kind == LAYER_SOFTMAX)
		add(ds, l->name, "implementation",
		    softmax_impl_name(a->implementation),
		    softmax_impl_name(b->implementation));
	for (int s = 1; s < PREC_COUNT; s++) {
		if (!design_prec_applies(l, (enum prec_slot)s))
			continue;
		snprintf(name, sizeof(name), "precision.%s",
			 prec_slot_name((enum prec_slot)s));
		add(ds, l->name, name, prec_str(&a->prec[s], x, sizeof(x)),
		    prec_str(&b->prec[s], y, sizeof(y)));
	}
}

int design_diff(const struct design *a, const struct design *b,
		const struct model *m, struct knob_diff **out)
{
	struct diffs ds = { NULL, 0 };

	globals(&ds, a, b);
	for (int i = 0; i < m->n_layers; i++) {
		struct knobs ka, kb;

		if (m->layers[i].kind == LAYER_INPUT)
			continue;
		design_resolve(a, m, i, &ka);
		design_resolve(b, m, i, &kb);
		layer(&ds, &m->layers[i], &ka, &kb);
	}
	*out = ds.d;
	return ds.n;
}

void knob_diffs_free(struct knob_diff *d, int n)
{
	for (int i = 0; i < n; i++) {
		free(d[i].layer);
		free(d[i].knob);
		free(d[i].a);
		free(d[i].b);
	}
	free(d);
}
