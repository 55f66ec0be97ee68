/*
 * app_knobs.c - the knobs of the layers screen: every change goes
 * through design_set (which refuses invalid values and names the
 * nearest valid ones), is re-estimated at once (estimate_update_layer
 * for one layer), marks the cells whose figures or knobs it changed,
 * and is recorded in the undo history (design.json texts).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/reuse.h"
#include "core/xalloc.h"
#include "tui/app_int.h"

#define HIST_MAX 1000

static void hist_free_one(struct app_hist *h)
{
	free(h->json);
	free(h->what);
}

void app_hist_release(struct app *a)
{
	for (int i = 0; i < a->n_hist; i++)
		hist_free_one(&a->hist[i]);
	free(a->hist);
	a->hist = NULL;
	a->n_hist = a->hist_pos = 0;
}

/* Appends the current design after the current position (dropping the
 * redo entries, and the oldest past HIST_MAX). */
static void hist_push(struct app *a, const char *what)
{
	for (int i = a->hist_pos + 1; i < a->n_hist; i++)
		hist_free_one(&a->hist[i]);
	a->n_hist = a->n_hist ? a->hist_pos + 1 : 0;
	if (a->n_hist == HIST_MAX) {
		hist_free_one(&a->hist[0]);
		memmove(a->hist, a->hist + 1, (HIST_MAX - 1) * sizeof(*a->hist));
		a->n_hist--;
	}
	a->hist = xreallocarray(a->hist, (size_t)a->n_hist + 1,
				sizeof(*a->hist));
	a->hist[a->n_hist].json = design_to_json(&a->d);
	a->hist[a->n_hist].what = xstrdup(what);
	a->hist_pos = a->n_hist++;
}

void app_hist_reset(struct app *a)
{
	app_hist_release(a);
	hist_push(a, "opened");
}

/* Estimates the whole working design again (a global change, undo). */
static int reestimate(struct app *a)
{
	struct error err;

	if (estimate_run(&a->e, &a->m, &a->d, a->mode, &err) < 0) {
		app_status(a, true, "%s", err.msg);
		return -1;
	}
	return 0;
}

/* Remembers the figures and knobs before a change. */
static void mark_begin(struct app *a)
{
	size_t n = (size_t)a->e.n_layers;

	a->prev_est = xreallocarray(a->prev_est, n ? n : 1,
				    sizeof(*a->prev_est));
	a->prev_knobs = xreallocarray(a->prev_knobs, n ? n : 1,
				      sizeof(*a->prev_knobs));
	memcpy(a->prev_est, a->e.layers, n * sizeof(*a->prev_est));
	memcpy(a->prev_knobs, a->e.knobs, n * sizeof(*a->prev_knobs));
	a->prev_total = a->e.total;
}

static void fig_values(const struct layer_est *o, double v[SUM_COUNT])
{
	v[SUM_DSP] = o->dsp;
	v[SUM_LUT] = o->lut;
	v[SUM_FF] = o->ff;
	v[SUM_BRAM] = o->bram18;
	v[SUM_LATENCY] = (double)o->latency;
	v[SUM_II] = (double)o->ii;
}

/* Which figures differ between before and after, and which grew. */
static struct app_mark fig_marks(const struct layer_est *before,
				 const struct layer_est *after)
{
	struct app_mark mk = { 0, 0 };
	double b[SUM_COUNT], v[SUM_COUNT];

	fig_values(before, b);
	fig_values(after, v);
	for (int k = 0; k < SUM_COUNT; k++)
		if (b[k] != v[k]) {
			mk.changed |= 1u << k;
			if (v[k] > b[k])
				mk.up |= 1u << k;
		}
	return mk;
}

static bool prec_same(const struct precision *x, const struct precision *y)
{
	return x->is_auto == y->is_auto && fixed_equal(&x->type, &y->type);
}

/* MARK_ bits of the knobs that differ between x and y. */
static unsigned knob_marks(const struct knobs *x, const struct knobs *y)
{
	unsigned c = 0;

	if (x->reuse_factor != y->reuse_factor)
		c |= MARK_RF;
	if (x->strategy != y->strategy)
		c |= MARK_STRATEGY;
	if (x->parallelization_factor != y->parallelization_factor)
		c |= MARK_PF;
	if (x->partition.kind != y->partition.kind ||
	    x->partition.factor != y->partition.factor)
		c |= MARK_PARTITION;
	for (int s = 0; s < PREC_COUNT; s++)
		if (!prec_same(&x->prec[s], &y->prec[s]))
			c |= MARK_PREC;
	return c;
}

/* Marks what changed since mark_begin. */
static void mark_end(struct app *a)
{
	int n = a->e.n_layers;

	a->marks = xreallocarray(a->marks, (size_t)(n ? n : 1),
				 sizeof(*a->marks));
	for (int i = 0; i < n; i++) {
		a->marks[i] = fig_marks(&a->prev_est[i], &a->e.layers[i]);
		a->marks[i].changed |= knob_marks(&a->prev_knobs[i],
						  &a->e.knobs[i]);
	}
	a->total_mark = fig_marks(&a->prev_total, &a->e.total);
}

/* "DSP 64->16 LUT ..." for layer i's changed figures, then the total's. */
static void describe(const struct app *a, int i, char *buf, size_t n)
{
	static const char *const lab[SUM_COUNT] = { "DSP", "LUT", "FF",
		"BRAM", "latency", "II" };
	double b[SUM_COUNT], v[SUM_COUNT];
	size_t len = 0;

	buf[0] = 0;
	if (i >= 0) {
		fig_values(&a->prev_est[i], b);
		fig_values(&a->e.layers[i], v);
		for (int k = 0; k < SUM_COUNT && len < n; k++)
			if (a->marks[i].changed & (1u << k))
				len += (size_t)snprintf(buf + len, n - len,
							" %s %.0f->%.0f", lab[k],
							b[k], v[k]);
	}
	fig_values(&a->prev_total, b);
	fig_values(&a->e.total, v);
	for (int k = 0; k < SUM_COUNT && len < n; k++)
		if (a->total_mark.changed & (1u << k))
			len += (size_t)snprintf(buf + len, n - len,
						"%s total %s %.0f->%.0f",
						len ? "," : "", lab[k], b[k],
						v[k]);
}

/* Applies assignments (all or none) to the working design; layer is the
 * one they change (-1: several or global). */
int app_apply(struct app *a, int layer, char *const *assign, int n,
	      const char *what)
{
	struct error err;
	char *json = NULL;
	char changes[200];

	mark_begin(a);
	for (int k = 0; k < n; k++)
		if (design_set(&a->d, &a->m, assign[k], &err) < 0) {
			if (k > 0) {	/* undo the ones that went in */
				struct design old;

				json = a->hist[a->hist_pos].json;
				design_init(&old);
				if (design_parse(&old, json, strlen(json),
						 "history", NULL) == 0) {
					design_release(&a->d);
					a->d = old;
				} else {
					design_release(&old);
				}
				reestimate(a);
			}
			app_status(a, true, "%s", err.msg);
			return APP_REDRAW;
		}
	if (layer >= 0)
		estimate_update_layer(&a->e, layer);
	else if (reestimate(a) < 0)
		return APP_REDRAW;
	mark_end(a);
	hist_push(a, what);
	a->dirty = true;
	a->changed_at = time(NULL);
	describe(a, layer, changes, sizeof(changes));
	app_status(a, false, "%s:%s", what, changes[0] ? changes :
		   " no estimate changed");
	return APP_REDRAW;
}

static int apply_one(struct app *a, int layer, const char *assign)
{
	char *v[1] = { (char *)assign };

	return app_apply(a, layer, v, 1, assign);
}

const struct layer *app_cur_layer(const struct app *a, int *idx)
{
	*idx = a->cursor[SCREEN_LAYERS];
	return *idx < a->m.n_layers ? &a->m.layers[*idx] : NULL;
}

/* The cursor layer's reuse factor to the next (dir > 0) or previous valid
 * one. */
static int rf_step(struct app *a, int dir)
{
	long n_in, n_out, below, above, rf, next;
	char buf[300];
	int i;
	const struct layer *l = app_cur_layer(a, &i);

	if (!l || !layer_mult_size(l, &n_in, &n_out) || n_in <= 0 ||
	    n_out <= 0) {
		app_status(a, true, "reuse_factor does not apply to layer '%s'",
			   l ? l->name : "");
		return APP_REDRAW;
	}
	rf = a->e.knobs[i].reuse_factor;
	if (dir > 0) {
		reuse_nearest(n_in, n_out, rf + 1, &below, &above);
		next = above;
	} else {
		reuse_nearest(n_in, n_out, rf - 1 > 0 ? rf - 1 : 1, &below,
			      &above);
		next = rf > 1 ? below : 0;
	}
	if (next <= 0 || next == rf) {
		app_status(a, true, "%s.reuse_factor=%ld is the %s valid value "
			   "for this %ldx%ld layer", l->name, rf,
			   dir > 0 ? "largest" : "smallest", n_in, n_out);
		return APP_REDRAW;
	}
	snprintf(buf, sizeof(buf), "%s.reuse_factor=%ld", l->name, next);
	return apply_one(a, i, buf);
}

/* The cursor convolution's parallelization factor to the next or previous
 * divisor. */
static int pf_step(struct app *a, int dir)
{
	long px, pf, below, above, next;
	char buf[300];
	int i;
	const struct layer *l = app_cur_layer(a, &i);

	px = l ? layer_out_pixels(l) : 0;
	if (px <= 0) {
		app_status(a, true, "parallelization_factor does not apply to "
			   "layer '%s' (convolutions only)", l ? l->name : "");
		return APP_REDRAW;
	}
	pf = a->e.knobs[i].parallelization_factor;
	if (pf < 1)
		pf = 1;
	reuse_pf_nearest(px, dir > 0 ? pf + 1 : (pf > 1 ? pf - 1 : 1),
			 &below, &above);
	next = dir > 0 ? above : (pf > 1 ? below : 0);
	if (next <= 0 || next == pf) {
		app_status(a, true, "%s.parallelization_factor=%ld is the %s "
			   "divisor of its %ld output pixels", l->name, pf,
			   dir > 0 ? "largest" : "smallest", px);
		return APP_REDRAW;
	}
	snprintf(buf, sizeof(buf), "%s.parallelization_factor=%ld", l->name,
		 next);
	return apply_one(a, i, buf);
}

static int strategy_toggle(struct app *a)
{
	char buf[300];
	int i;
	const struct layer *l = app_cur_layer(a, &i);

	if (!l)
		return 0;
	snprintf(buf, sizeof(buf), "%s.strategy=%s", l->name,
		 a->e.knobs[i].strategy == STRATEGY_LATENCY ? "resource" :
		 "latency");
	return apply_one(a, i, buf);
}

int app_partition_accept(struct app *a, const char *text)
{
	char buf[300];
	int i;
	const struct layer *l = app_cur_layer(a, &i);

	if (!l)
		return 0;
	snprintf(buf, sizeof(buf), "%s.partition=%s", l->name, text);
	return apply_one(a, i, buf);
}

/* The precision value spelled for an assignment. */
static void prec_value(const struct precision *p, char *buf, size_t n)
{
	if (p->is_auto)
		snprintf(buf, n, "auto");
	else
		fixed_format(&p->type, buf, n);
}

void app_prec_assign(char **out, int *n, const char *layer, int slot,
		     const struct precision *p)
{
	char v[FIXED_STR_MAX];

	prec_value(p, v, sizeof(v));
	if (slot == PREC_DEFAULT)
		out[(*n)++] = xasprintf("%s.precision=%s", layer, v);
	else
		out[(*n)++] = xasprintf("%s.precision.%s=%s", layer,
					prec_slot_name((enum prec_slot)slot), v);
}

/* The assignments that give layer `to` the knobs set on lk. */
static int knob_assigns(const struct layer_knobs *lk, const char *to,
			char **out)
{
	char buf[64];
	int n = 0;

	if (lk->set & KNOB_REUSE_FACTOR)
		out[n++] = xasprintf("%s.reuse_factor=%ld", to, lk->reuse_factor);
	if (lk->set & KNOB_STRATEGY)
		out[n++] = xasprintf("%s.strategy=%s", to,
				     strategy_name(lk->strategy));
	if (lk->set & KNOB_PARALLELIZATION)
		out[n++] = xasprintf("%s.parallelization_factor=%ld", to,
				     lk->parallelization_factor);
	if (lk->set & KNOB_PARTITION)
		out[n++] = xasprintf("%s.partition=%s", to,
				     partition_format(&lk->partition, buf,
						      sizeof(buf)));
	if (lk->set & KNOB_TABLE_SIZE)
		out[n++] = xasprintf("%s.table_size=%ld", to, lk->table_size);
	if (lk->set & KNOB_IMPLEMENTATION)
		out[n++] = xasprintf("%s.implementation=%s", to,
				     softmax_impl_name(lk->implementation));
	for (int s = 0; s < PREC_COUNT; s++)
		if (lk->prec[s].set)
			app_prec_assign(out, &n, to, s, &lk->prec[s]);
	return n;
}

/* Gives every other layer of the cursor layer's kind its knobs; layers
 * that refuse a value keep theirs (counted in the status line). */
static int apply_kind(struct app *a)
{
	char *as[6 + PREC_COUNT], what[200], first[ERROR_MSG_MAX] = "";
	const struct layer_knobs *lk;
	int i, done = 0, refused = 0, nk;
	const struct layer *l = app_cur_layer(a, &i);
	struct error err;

	if (!l)
		return 0;
	lk = design_layer(&a->d, l->name, false);
	if (!lk || layer_knobs_empty(lk)) {
		app_status(a, true, "layer '%s' has no knobs of its own to apply",
			   l->name);
		return APP_REDRAW;
	}
	mark_begin(a);
	for (int j = 0; j < a->m.n_layers; j++) {
		const struct layer *o = &a->m.layers[j];
		bool ok = true;

		if (j == i || o->kind != l->kind)
			continue;
		/* lk stays valid: design_layer(create) only adds layers when
		 * one has no entry; look it up again each time */
		lk = design_layer(&a->d, l->name, false);
		nk = knob_assigns(lk, o->name, as);
		for (int k = 0; k < nk; k++) {
			if (ok && design_set(&a->d, &a->m, as[k], &err) < 0) {
				ok = false;
				if (!first[0])
					snprintf(first, sizeof(first), "%s",
						 err.msg);
			}
			free(as[k]);
		}
		done += ok;
		refused += !ok;
	}
	if (done == 0 && refused == 0) {
		app_status(a, true, "layer '%s' is the only %s layer", l->name,
			   layer_kind_name(l->kind));
		return APP_REDRAW;
	}
	if (reestimate(a) < 0)
		return APP_REDRAW;
	mark_end(a);
	snprintf(what, sizeof(what), "%s's knobs applied to %d %s layer%s",
		 l->name, done, layer_kind_name(l->kind), done == 1 ? "" : "s");
	hist_push(a, what);
	a->dirty = true;
	a->changed_at = time(NULL);
	if (refused)
		app_status(a, true, "%s; %d refused: %s", what, refused, first);
	else
		app_status(a, false, "%s", what);
	return APP_REDRAW;
}

/* Loads history entry hist_pos as the working design. */
static int hist_load(struct app *a)
{
	const char *json = a->hist[a->hist_pos].json;
	struct design d;
	struct error err;

	design_init(&d);
	if (design_parse(&d, json, strlen(json), "history", &err) < 0) {
		design_release(&d);
		app_status(a, true, "%s", err.msg);
		return -1;
	}
	design_release(&a->d);
	a->d = d;
	return reestimate(a);
}

/* Moves through the history by dir (-1 undo, 1 redo), marking what moved. */
static int undo_redo(struct app *a, int dir)
{
	int to = a->hist_pos + dir;
	const char *what;

	if (to < 0 || to >= a->n_hist) {
		app_status(a, true, "nothing to %s", dir < 0 ? "undo" : "redo");
		return APP_REDRAW;
	}
	what = a->hist[dir < 0 ? a->hist_pos : to].what;
	mark_begin(a);
	a->hist_pos = to;
	if (hist_load(a) < 0)
		return APP_REDRAW;
	mark_end(a);
	a->dirty = true;
	a->changed_at = time(NULL);
	app_status(a, false, "%s: %s (%d of %d)", dir < 0 ? "undone" : "redone",
		   what, a->hist_pos, a->n_hist - 1);
	return APP_REDRAW;
}

int app_replace_design(struct app *a, struct design *nd, const char *what)
{
	struct error err;

	free(nd->model);
	nd->model = a->d.model ? xstrdup(a->d.model) : NULL;
	free(nd->weights);
	nd->weights = a->d.weights ? xstrdup(a->d.weights) : NULL;
	if (design_validate(nd, &a->m, &err) < 0) {
		design_release(nd);
		app_status(a, true, "%s: %s", what, err.msg);
		return APP_REDRAW;
	}
	mark_begin(a);
	design_release(&a->d);
	a->d = *nd;
	memset(nd, 0, sizeof(*nd));
	if (reestimate(a) < 0)
		return APP_REDRAW;
	mark_end(a);
	hist_push(a, what);
	a->dirty = true;
	a->changed_at = time(NULL);
	app_status(a, false, "%s (u undoes it)", what);
	return APP_REDRAW;
}

/* Cycles the estimate mode: csynth, impl, rtl. */
static int mode_toggle(struct app *a)
{
	static const char *const what[] = {
		[EST_CSYNTH] = "C synthesis (csynth)",
		[EST_IMPL] = "synthesis of the RTL (impl)",
		[EST_RTL] = "the open flow's cells (rtl, backend yosys)",
	};

	mark_begin(a);
	a->mode = a->mode == EST_CSYNTH ? EST_IMPL : a->mode == EST_IMPL ?
		EST_RTL : EST_CSYNTH;
	if (reestimate(a) < 0)
		return APP_REDRAW;
	mark_end(a);
	app_status(a, false, "estimates now predict %s", what[a->mode]);
	return APP_REDRAW;
}

int app_knobs_handle(struct app *a, enum action act)
{
	if (a->form_open)
		return app_form_handle(a, act);
	switch (act) {
	case DO_RF_UP: return rf_step(a, 1);
	case DO_RF_DOWN: return rf_step(a, -1);
	case DO_PF_UP: return pf_step(a, 1);
	case DO_PF_DOWN: return pf_step(a, -1);
	case DO_STRATEGY: return strategy_toggle(a);
	case DO_APPLY_KIND: return apply_kind(a);
	case DO_UNDO: return undo_redo(a, -1);
	case DO_REDO: return undo_redo(a, 1);
	case DO_MODE: return mode_toggle(a);
	case DO_EDIT_PREC:
	case DO_ENTER:
		app_form_open(a);
		return APP_REDRAW;
	default:
		return 0;
	}
}
