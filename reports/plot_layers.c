/*
 * plot_layers.c - per-layer stacked resource bars (see plot_layers.h).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/design.h"
#include "core/xalloc.h"
#include "projects/compare.h"
#include "reports/plot_layers.h"
#include "reports/svg.h"

#define W 760.0
#define H 540.0
#define MAX_LAYERS 20

static const char *const res_key[PLOT_LAYERS_RES] = { "dsp", "lut", "ff",
	"bram18", "uram" };
static const char *const res_name[PLOT_LAYERS_RES] = { "DSP", "LUT", "FF",
	"BRAM18", "URAM" };

static long capacity(const struct part *p, int r)
{
	const long c[PLOT_LAYERS_RES] = { p->dsp, p->lut, p->ff, p->bram18,
		p->uram };

	return c[r];
}

/* The share of a layer (sum of its percentages), for ranking. */
static double share(const struct layer_bar *b, const struct part *p)
{
	double s = 0;

	for (int r = 0; r < PLOT_LAYERS_RES; r++)
		if (capacity(p, r) > 0)
			s += b->v[r] / (double)capacity(p, r);
	return s;
}

/* The layers drawn: those with resources, at most MAX_LAYERS (the
 * smallest beyond that summed into *other); returns how many. */
static int pick(const struct layer_bar *layers, int n, const struct part *p,
		int *keep, struct layer_bar *other)
{
	int k = 0;

	memset(other, 0, sizeof(*other));
	other->layer = "other layers";
	for (int i = 0; i < n; i++)
		if (share(&layers[i], p) > 0)
			keep[k++] = i;
	while (k > MAX_LAYERS) {
		int least = 0;

		for (int i = 1; i < k; i++)
			if (share(&layers[keep[i]], p) <
			    share(&layers[keep[least]], p))
				least = i;
		for (int r = 0; r < PLOT_LAYERS_RES; r++)
			other->v[r] += layers[keep[least]].v[r];
		memmove(&keep[least], &keep[least + 1],
			(size_t)(k - least - 1) * sizeof(*keep));
		k--;
	}
	return k;
}

char *plot_layers_svg(const char *title, const struct part *part,
		      const struct layer_bar *layers, int n,
		      const double *actual, const char *source)
{
	int *keep = xmalloc(((size_t)n + 1) * sizeof(*keep)), k, nr = 0;
	int res[PLOT_LAYERS_RES];
	struct svg_legend_item *leg;
	struct layer_bar other;
	struct svg_axis ax = { 0 }, ay = { 0 };
	double top = 0, lw, slot;
	bool has_other, has_actual = false;
	char *atitle = NULL;
	struct svg s;
	int nl = 0;

	k = pick(layers, n, part, keep, &other);
	has_other = share(&other, part) > 0;
	for (int r = 0; r < PLOT_LAYERS_RES; r++) {
		double sum = 0;

		if (capacity(part, r) <= 0)
			continue;
		res[nr++] = r;
		for (int i = 0; i < n; i++)
			sum += layers[i].v[r];
		sum = 100 * sum / (double)capacity(part, r);
		top = sum > top ? sum : top;
		if (actual && !isnan(actual[r])) {
			double a = 100 * actual[r] / (double)capacity(part, r);

			top = a > top ? a : top;
			has_actual = true;
		}
	}
	leg = xcalloc((size_t)k + 3, sizeof(*leg));
	for (int i = 0; i < k; i++)
		leg[nl++] = (struct svg_legend_item){ SVG_BOX, svg_color(i),
			layers[keep[i]].layer };
	if (has_other)
		leg[nl++] = (struct svg_legend_item){ SVG_BOX, "#bbbbbb",
			"other layers" };
	if (has_actual) {
		atitle = xasprintf("%s total", source);
		leg[nl++] = (struct svg_legend_item){ SVG_LINE, "#000000",
			atitle };
	}
	lw = svg_legend_width(leg, nl);
	svg_axis_fit(&ay, 0, top > 0 ? top : 1);
	ax.p0 = 86;
	ax.p1 = W - lw - 36;
	ay.p0 = H - 66;
	ay.p1 = 48;
	ax.title = "resource";
	ay.title = "% of the part's capacity (estimate)";
	svg_begin(&s, W, H, title);
	svg_text(&s, (ax.p0 + ax.p1) / 2, 28, "middle", 15, 0, true, title);
	svg_axes(&s, &ax, &ay);
	slot = (ax.p1 - ax.p0) / (nr > 0 ? nr : 1);
	for (int j = 0; j < nr; j++) {
		int r = res[j];
		double cap = (double)capacity(part, r), acc = 0;
		double x = ax.p0 + slot * j + slot * 0.2, bw = slot * 0.6;
		char b[32];

		for (int i = 0; i <= k; i++) {
			const struct layer_bar *lb = i < k ? &layers[keep[i]] :
				&other;
			double v = 100 * lb->v[r] / cap;
			double y0 = svg_axis_map(&ay, acc);
			double y1 = svg_axis_map(&ay, acc + v);

			if (v > 0)
				svg_rect(&s, x, y1, bw, y0 - y1, i < k ?
					 svg_color(i) : "#bbbbbb", "#ffffff");
			acc += v;
		}
		snprintf(b, sizeof(b), "%.1f %%", acc);
		svg_text(&s, x + bw / 2, svg_axis_map(&ay, acc) - 6, "middle",
			 12, 0, false, b);
		if (actual && !isnan(actual[r])) {
			double ya = svg_axis_map(&ay, 100 * actual[r] / cap);

			svg_line(&s, x - 8, ya, x + bw + 8, ya, "#000000", 2.5,
				 NULL);
		}
		svg_text(&s, x + bw / 2, ay.p0 + 20, "middle", 13, 0, false,
			 res_name[r]);
	}
	svg_legend(&s, W - lw - 12, ay.p1, leg, nl);
	free(atitle);
	free(leg);
	free(keep);
	return svg_end(&s);
}

int plot_layers_run(const struct rs_run *r, const struct model *m,
		    char **svg, struct error *err)
{
	struct metric_pair *p = NULL;
	struct layer_bar *bars = NULL;
	double actual[PLOT_LAYERS_RES];
	const char *src = runset_actual(r);
	struct design d;
	struct part part;
	char *title;
	int np, n = 0;

	design_init(&d);
	if (design_parse(&d, r->design_json, strlen(r->design_json),
			 "design", err) < 0 ||
	    part_lookup(d.part, &part, err) < 0) {
		design_release(&d);
		return error_prefix(err, "run:%ld", r->row.id);
	}
	np = compare_metrics(r->est, r->n_est, NULL, 0, m, &p);
	for (int i = 0; i < np; i++) {
		if (!p[i].layer[0])
			continue;
		if (n == 0 || strcmp(bars[n - 1].layer, p[i].layer) != 0) {
			bars = xreallocarray(bars, (size_t)n + 1, sizeof(*bars));
			memset(&bars[n], 0, sizeof(*bars));
			bars[n++].layer = p[i].layer;
		}
		for (int k = 0; k < PLOT_LAYERS_RES; k++)
			if (strcmp(p[i].key, res_key[k]) == 0)
				bars[n - 1].v[k] = p[i].a;
	}
	for (int k = 0; k < PLOT_LAYERS_RES; k++)
		if (!runset_actual_value(r, "", res_key[k], &actual[k]))
			actual[k] = NAN;
	title = xasprintf("run:%ld: estimated resources per layer (%s)",
			  r->row.id, d.part);
	*svg = plot_layers_svg(title, &part, bars, n, actual, src);
	free(title);
	free(bars);
	free(p);
	design_release(&d);
	return 0;
}
