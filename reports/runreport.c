/*
 * runreport.c - one run's section of a report (see runreport.h).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/fileio.h"
#include "core/xalloc.h"
#include "projects/compare.h"
#include "reports/plot_layers.h"
#include "reports/runreport.h"

#define LOG_MAX (64u << 20)

const char *runreport_tail(const char *text, int n)
{
	const char *p = text + strlen(text);

	if (p > text && p[-1] == '\n')
		p--;
	for (; p > text; p--)
		if (p[-1] == '\n' && --n == 0)
			break;
	return p;
}

static void facts(struct doc *d, const struct rs_run *r)
{
	const struct run_row *w = &r->row;

	doc_fact(d, "status", "%s", w->status);
	doc_fact(d, "backend", "%s", w->backend);
	doc_fact(d, "design", "design:%ld%s%s", w->design_id,
		 w->label && w->label[0] ? " " : "", w->label ? w->label : "");
	doc_fact(d, "commit", "%s", w->commit);
	doc_fact(d, "created", "%s", w->created_at);
	if (w->started_at)
		doc_fact(d, "started", "%s", w->started_at);
	if (w->finished_at)
		doc_fact(d, "finished", "%s", w->finished_at);
	if (w->stage)
		doc_fact(d, "stage", "%s", w->stage);
	if (w->tool_version)
		doc_fact(d, "tool", "%s", w->tool_version);
	if (w->has_exit_code)
		doc_fact(d, "exit code", "%d", w->exit_code);
	if (w->error)
		doc_fact(d, "error", "%s", w->error);
}

/* The knobs r's design sets against a fresh design's (hls4ml's
 * defaults), as `hlsdse show` lists them. */
static int knobs(struct doc *d, const struct report_in *in,
		 const struct rs_run *r, struct error *err)
{
	struct design rd, fresh;
	struct knob_diff *k = NULL;
	struct table *t;
	int n;

	design_init(&rd);
	if (design_parse(&rd, r->design_json, strlen(r->design_json),
			 "design", err) < 0) {
		design_release(&rd);
		return error_prefix(err, "run:%ld", r->row.id);
	}
	design_init(&fresh);
	fresh.io_type = rd.io_type;
	n = design_diff(&fresh, &rd, in->m, &k);
	doc_heading(d, 3, "Knobs set (against hls4ml's defaults)");
	if (n == 0) {
		doc_para(d, "none: hls4ml's defaults throughout");
	} else {
		t = doc_table(d, "knobs", false);
		table_col(t, "layer", NULL, NULL, TABLE_LEFT);
		table_col(t, "knob", NULL, NULL, TABLE_LEFT);
		table_col(t, "value", NULL, NULL, TABLE_LEFT);
		table_col(t, "default", NULL, NULL, TABLE_LEFT);
		for (int i = 0; i < n; i++) {
			int row = table_row(t);

			table_str(t, row, 0, k[i].layer[0] ? k[i].layer :
				  "(design)");
			table_str(t, row, 1, k[i].knob);
			table_str(t, row, 2, k[i].b);
			table_str(t, row, 3, k[i].a);
		}
	}
	knob_diffs_free(k, n);
	design_release(&fresh);
	design_release(&rd);
	return 0;
}

/* Whole-design estimate against source: every key either has. */
static void totals(struct doc *d, const struct report_in *in,
		   const struct rs_run *r, const char *source)
{
	const char *es = runset_estimate_for(source);
	struct metric_pair *p = NULL;
	const struct metric *e, *a;
	struct table *t;
	char *title;
	int ne, na, n;

	e = runset_set(r, es, &ne);
	a = runset_set(r, source, &na);
	n = compare_metrics(e, ne, a, na, in->m, &p);
	title = xasprintf("run:%ld estimate against %s", r->row.id, source);
	doc_heading(d, 3, "Estimate against %s%s", source,
		    strcmp(es, "estimate") ? " (implementation-mode "
		    "estimate)" : "");
	t = doc_table(d, title, false);
	free(title);
	table_col(t, "metric", NULL, NULL, TABLE_LEFT);
	table_col(t, "unit", NULL, NULL, TABLE_LEFT);
	table_col(t, "estimate", NULL, NULL, TABLE_RIGHT);
	table_col(t, "actual", source, NULL, TABLE_RIGHT);
	table_col(t, "error", NULL, "%", TABLE_RIGHT);
	for (int i = 0; i < n && !p[i].layer[0]; i++) {
		const struct rs_metric *m = runset_metric(p[i].key);
		int row, dec = m ? m->decimals : 3;

		if (!p[i].has_b)
			continue;	/* the tool does not report it */
		row = table_row(t);

		table_str(t, row, 0, p[i].key);
		table_str(t, row, 1, m ? m->unit : "");
		if (p[i].has_a)
			table_num(t, row, 2, p[i].a, dec);
		if (p[i].has_b)
			table_num(t, row, 3, p[i].b, dec);
		if (p[i].has_a && p[i].has_b && (p[i].b != 0 || p[i].a == 0))
			table_num(t, row, 4, p[i].b == 0 ? 0 :
				  100 * (p[i].a - p[i].b) / fabs(p[i].b), 1);
	}
	free(p);
}

/* The per-layer keys, in column order. */
static const char *const layer_keys[] = { "dsp", "lut", "ff", "bram18",
	"latency_cycles", "ii" };
#define N_LAYER_KEYS 6

/* Whether a tool source of r reports key for some layer of m. */
static bool reports_layers(const struct rs_run *r, int s, const char *key,
			   const struct model *m)
{
	for (int i = 0; i < r->n_act[s]; i++)
		if (r->act[s][i].layer[0] && strcmp(r->act[s][i].key, key) == 0 &&
		    model_find(m, r->act[s][i].layer) >= 0)
			return true;
	return false;
}

/* Per layer in model order: the estimate, and beside it the value of
 * each tool source that reports that metric by the layer's name. */
static void per_layer(struct doc *d, const struct report_in *in,
		      const struct rs_run *r)
{
	struct { const char *key, *source; int dec; } cols[N_LAYER_KEYS *
		(RUNSET_N_SOURCES + 1)];
	int nc = 0, row;
	struct table *t;
	char *title;

	for (int k = 0; k < N_LAYER_KEYS; k++) {
		const struct rs_metric *m = runset_metric(layer_keys[k]);

		cols[nc].key = m->key;
		cols[nc].source = NULL;
		cols[nc++].dec = m->decimals;
		for (int s = 0; s < RUNSET_N_SOURCES; s++)
			if (reports_layers(r, s, m->key, in->m)) {
				cols[nc].key = m->key;
				cols[nc].source = runset_sources[s];
				cols[nc++].dec = m->decimals;
			}
	}
	title = xasprintf("run:%ld per layer", r->row.id);
	doc_heading(d, 3, "Per layer");
	doc_para(d, nc > N_LAYER_KEYS ? "The estimate of each layer, and "
		 "beside it what the tool reports for that layer." :
		 "The estimate of each layer (no tool reports these layers "
		 "by name).");
	t = doc_table(d, title, false);
	free(title);
	table_col(t, "layer", NULL, NULL, TABLE_LEFT);
	table_col(t, "kind", NULL, NULL, TABLE_LEFT);
	for (int c = 0; c < nc; c++) {
		const struct rs_metric *m = runset_metric(cols[c].key);
		char *key = cols[c].source ? xasprintf("%s_%s", m->key,
						       cols[c].source) :
			xstrdup(m->key);
		char *head = cols[c].source ? xasprintf("%s %s", m->label,
							cols[c].source) :
			xstrdup(m->label);

		table_col(t, key, head, NULL, TABLE_RIGHT);
		free(key);
		free(head);
	}
	for (int l = 0; l < in->m->n_layers; l++) {
		const struct layer *ly = &in->m->layers[l];
		double v;

		if (ly->kind == LAYER_INPUT)
			continue;
		row = table_row(t);
		table_str(t, row, 0, ly->name);
		table_str(t, row, 1, layer_kind_name(ly->kind));
		for (int c = 0; c < nc; c++)
			if (runset_value(r, cols[c].source ? cols[c].source :
					 "estimate", ly->name, cols[c].key, &v))
				table_num(t, row, 2 + c, v, cols[c].dec);
	}
}

/* What a tool reports for its own modules (names that are not the
 * model's layers: hls4ml's function instances). */
static void modules(struct doc *d, const struct report_in *in,
		    const struct rs_run *r, const char *source)
{
	struct table *t = NULL;
	const struct metric *a;
	int na, row = -1;
	const char *last = "";

	a = runset_set(r, source, &na);
	for (int i = 0; i < na; i++) {
		if (!a[i].layer[0] || model_find(in->m, a[i].layer) >= 0)
			continue;
		if (!t) {
			char *title = xasprintf("run:%ld %s modules",
						r->row.id, source);

			doc_heading(d, 3, "Modules %s reports", source);
			t = doc_table(d, title, false);
			free(title);
			table_col(t, "module", NULL, NULL, TABLE_LEFT);
			for (int k = 0; k < N_LAYER_KEYS; k++) {
				const struct rs_metric *m =
					runset_metric(layer_keys[k]);

				table_col(t, m->key, m->label, NULL,
					  TABLE_RIGHT);
			}
		}
		if (strcmp(a[i].layer, last) != 0) {
			row = table_row(t);
			table_str(t, row, 0, a[i].layer);
			last = a[i].layer;
		}
		for (int k = 0; k < N_LAYER_KEYS; k++)
			if (strcmp(a[i].key, layer_keys[k]) == 0)
				table_num(t, row, 1 + k, a[i].value,
					  runset_metric(layer_keys[k])->decimals);
	}
}

static void log_tail(struct doc *d, const struct report_in *in,
		     const struct rs_run *r)
{
	char *rel = xasprintf("runs/%ld/log.txt", r->row.id);
	char *path = project_path(in->p, rel), *text = NULL;
	struct error err;
	size_t len;

	if (fileio_read(path, LOG_MAX, &text, &len, &err) == 0 &&
	    text[0]) {
		doc_heading(d, 3, "Log (last %d lines of %s)",
			    RUNREPORT_LOG_LINES, rel);
		doc_pre(d, runreport_tail(text, RUNREPORT_LOG_LINES));
	}
	free(text);
	free(path);
	free(rel);
}

int runreport_add(struct doc *d, const struct report_in *in,
		  const struct rs_run *r, struct error *err)
{
	bool any = false;

	doc_heading(d, 2, "run:%ld%s%s", r->row.id,
		    r->row.label && r->row.label[0] ? " " : "",
		    r->row.label ? r->row.label : "");
	facts(d, r);
	if (knobs(d, in, r, err) < 0)
		return -1;
	for (int s = 0; s < RUNSET_N_SOURCES; s++)
		if (r->n_act[s] > 0) {
			totals(d, in, r, runset_sources[s]);
			any = true;
		}
	if (!any)
		doc_para(d, "no results from a tool%s",
			 runset_done(r) ? "" : " (the run has not succeeded)");
	if (r->n_est > 0)
		per_layer(d, in, r);
	for (int s = 0; s < RUNSET_N_SOURCES; s++)
		modules(d, in, r, runset_sources[s]);
	if (in->plots && r->n_est > 0) {
		char *svg = NULL, *cap;

		if (plot_layers_run(r, in->m, &svg, err) < 0)
			return -1;
		cap = xasprintf("run:%ld: where the estimated resources go, "
				"layer by layer", r->row.id);
		doc_svg(d, svg, cap);
		free(cap);
	}
	log_tail(d, in, r);
	return 0;
}
