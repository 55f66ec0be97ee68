/* compare.c - estimates as metrics, and metric sets paired for display. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "projects/compare.h"

static void put(struct metric **m, int *n, const char *layer,
		const char *key, double v)
{
	*m = xreallocarray(*m, (size_t)*n + 1, sizeof(**m));
	(*m)[*n].layer = xstrdup(layer);
	(*m)[*n].key = xstrdup(key);
	(*m)[*n].value = v;
	(*n)++;
}

static void put_est(struct metric **m, int *n, const char *layer,
		    const struct layer_est *r)
{
	put(m, n, layer, "dsp", r->dsp);
	put(m, n, layer, "lut", r->lut);
	put(m, n, layer, "ff", r->ff);
	put(m, n, layer, "bram18", r->bram18);
	put(m, n, layer, "uram", r->uram);
	put(m, n, layer, "latency_cycles", (double)r->latency);
	put(m, n, layer, "ii", (double)r->ii);
}

int metrics_from_estimate(const struct estimate *e, struct metric **out)
{
	struct metric *m = NULL;
	int n = 0;

	put_est(&m, &n, "", &e->total);
	put(&m, &n, "", "latency_ns", e->latency_ns);
	for (int i = 0; i < e->n_layers; i++)
		if (e->m->layers[i].kind != LAYER_INPUT)
			put_est(&m, &n, e->m->layers[i].name, &e->layers[i]);
	*out = m;
	return n;
}

/* Sort rank of a layer name: "" first, then model order, then others. */
static int rank(const struct model *m, const char *layer)
{
	int i;

	if (!layer[0])
		return -1;
	i = model_find(m, layer);
	return i >= 0 ? i : m->n_layers;
}

static int find(struct metric_pair *p, int n, const char *layer,
		const char *key)
{
	for (int i = 0; i < n; i++)
		if (strcmp(p[i].layer, layer) == 0 && strcmp(p[i].key, key) == 0)
			return i;
	return -1;
}

/* Display rank of a metric key: resources, then timing, then others. */
static int key_rank(const char *key)
{
	static const char *const keys[] = { "dsp", "lut", "ff", "bram18",
		"uram", "latency_cycles", "latency_ns", "ii" };

	for (int i = 0; i < (int)(sizeof(keys) / sizeof(keys[0])); i++)
		if (strcmp(key, keys[i]) == 0)
			return i;
	return (int)(sizeof(keys) / sizeof(keys[0]));
}

/* Whether pair x goes after pair y in display order. */
static bool after(const struct model *m, const struct metric_pair *x,
		  const struct metric_pair *y)
{
	int rx = rank(m, x->layer), ry = rank(m, y->layer);

	if (rx != ry)
		return rx > ry;
	if (rx == m->n_layers && strcmp(x->layer, y->layer) != 0)
		return strcmp(x->layer, y->layer) > 0;
	rx = key_rank(x->key);
	ry = key_rank(y->key);
	return rx != ry ? rx > ry : strcmp(x->key, y->key) > 0;
}

int compare_metrics(const struct metric *a, int na, const struct metric *b,
		    int nb, const struct model *m, struct metric_pair **out)
{
	struct metric_pair *p = xcalloc((size_t)(na + nb) + 1, sizeof(*p));
	int n = 0;

	for (int side = 0; side < 2; side++) {
		const struct metric *src = side ? b : a;
		int ns = side ? nb : na;

		for (int i = 0; i < ns; i++) {
			int k = find(p, n, src[i].layer, src[i].key);

			if (k < 0) {
				k = n++;
				p[k].layer = src[i].layer;
				p[k].key = src[i].key;
			}
			if (side) {
				p[k].has_b = true;
				p[k].b = src[i].value;
			} else {
				p[k].has_a = true;
				p[k].a = src[i].value;
			}
		}
	}
	/* insertion sort: a few hundred pairs at most */
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && after(m, &p[j - 1], &p[j]); j--) {
			struct metric_pair t = p[j];

			p[j] = p[j - 1];
			p[j - 1] = t;
		}
	*out = p;
	return n;
}
