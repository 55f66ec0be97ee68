/*
 * summary.c - the project report (see summary.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "reports/accuracy.h"
#include "reports/plot_accuracy.h"
#include "reports/plot_layers.h"
#include "reports/plot_pareto.h"
#include "reports/runreport.h"
#include "reports/summary.h"

/* The metrics of the runs table, in order. */
static const char *const run_keys[] = { "dsp", "lut", "ff", "bram18",
	"latency_cycles", "latency_ns", "ii" };
#define N_RUN_KEYS ((int)(sizeof(run_keys) / sizeof(run_keys[0])))

static void facts(struct doc *d, const struct report_in *in, int n_designs)
{
	const struct runset *rs = in->rs;
	static const char *const states[] = { "succeeded", "failed",
		"running", "queued", "cancelled" };
	char counts[160] = "";
	size_t used = 0;
	long params = 0;

	for (int i = 0; i < in->m->n_layers; i++)
		params += in->m->layers[i].n_params;
	doc_fact(d, "project", "%s", in->p->name);
	doc_fact(d, "model", "%s (%d layers, %ld parameters)", in->m->name,
		 in->m->n_layers, params);
	doc_fact(d, "part", "%s", in->d->part);
	doc_fact(d, "clock", "%g ns", in->d->clock_ns);
	doc_fact(d, "io_type", "%s", io_type_name(in->d->io_type));
	doc_fact(d, "designs", "%d saved", n_designs);
	for (int s = 0; s < 5; s++) {
		int n = 0;

		for (int i = 0; i < rs->n; i++)
			n += strcmp(rs->runs[i].row.status, states[s]) == 0;
		if (n && used < sizeof(counts))
			used += (size_t)snprintf(counts + used,
						 sizeof(counts) - used,
						 "%s%d %s", used ? ", " : "",
						 n, states[s]);
	}
	doc_fact(d, "runs", "%d%s%s%s", rs->n, used ? " (" : "", counts,
		 used ? ")" : "");
}

static void runs_table(struct doc *d, const struct runset *rs)
{
	struct table *t;

	doc_heading(d, 2, "Runs");
	if (rs->n == 0)
		doc_para(d, "no runs yet: queue one with 'hlsdse synth'");
	else
		doc_para(d, "est: the estimate stored when the run was queued; "
			 "act: the tool's result (source column).");
	t = doc_table(d, "runs", true);
	table_col(t, "run", NULL, NULL, TABLE_LEFT);
	table_col(t, "design", NULL, NULL, TABLE_LEFT);
	table_col(t, "status", NULL, NULL, TABLE_LEFT);
	table_col(t, "backend", NULL, NULL, TABLE_LEFT);
	table_col(t, "source", NULL, NULL, TABLE_LEFT);
	for (int k = 0; k < N_RUN_KEYS; k++) {
		const struct rs_metric *m = runset_metric(run_keys[k]);
		const char *unit = strcmp(m->unit, "ns") == 0 ? "ns" : NULL;
		char key[48], head[48];

		snprintf(key, sizeof(key), "%s_est", m->key);
		snprintf(head, sizeof(head), "%s est", m->label);
		table_col(t, key, head, unit, TABLE_RIGHT);
		snprintf(key, sizeof(key), "%s_act", m->key);
		snprintf(head, sizeof(head), "%s act", m->label);
		table_col(t, key, head, unit, TABLE_RIGHT);
	}
	table_col(t, "label", NULL, NULL, TABLE_LEFT);
	for (int i = 0; i < rs->n; i++) {
		const struct rs_run *r = &rs->runs[i];
		int row = table_row(t), c = 5;
		char src[64];

		runset_actual_name(r, src, sizeof(src));
		table_strf(t, row, 0, "run:%ld", r->row.id);
		table_strf(t, row, 1, "design:%ld", r->row.design_id);
		table_str(t, row, 2, r->row.status);
		table_str(t, row, 3, r->row.backend);
		table_str(t, row, 4, src[0] ? src : NULL);
		for (int k = 0; k < N_RUN_KEYS; k++, c += 2) {
			int dec = runset_metric(run_keys[k])->decimals;
			double v;

			if (runset_value(r, "estimate", "", run_keys[k], &v))
				table_num(t, row, c, v, dec);
			if (runset_actual_value(r, "", run_keys[k], &v))
				table_num(t, row, c + 1, v, dec);
		}
		table_str(t, row, c, r->row.label ? r->row.label : "");
	}
}

static void failures(struct doc *d, const struct runset *rs)
{
	struct table *t = NULL;

	for (int i = 0; i < rs->n; i++) {
		const struct rs_run *r = &rs->runs[i];
		int row;

		if (!r->row.error)
			continue;
		if (!t) {
			doc_heading(d, 3, "Runs that failed");
			t = doc_table(d, "failures", false);
			table_col(t, "run", NULL, NULL, TABLE_LEFT);
			table_col(t, "status", NULL, NULL, TABLE_LEFT);
			table_col(t, "error", NULL, NULL, TABLE_LEFT);
		}
		row = table_row(t);
		table_strf(t, row, 0, "run:%ld", r->row.id);
		table_str(t, row, 1, r->row.status);
		table_str(t, row, 2, r->row.error);
	}
}

static void best(struct doc *d, const struct runset *rs)
{
	struct pareto_point *p = NULL;
	struct table *t = NULL;
	bool *front;
	int n;

	for (int k = 0; k < RUNSET_N_METRICS; k++) {
		const struct rs_metric *m = &runset_metrics[k];
		const struct rs_run *b = NULL;
		double bv = 0, v, e;
		int row;

		for (int i = 0; i < rs->n; i++) {
			const struct rs_run *r = &rs->runs[i];

			if (runset_done(r) &&
			    runset_actual_value(r, "", m->key, &v) &&
			    (!b || v < bv)) {
				b = r;
				bv = v;
			}
		}
		if (!b)
			continue;
		if (!t) {
			doc_heading(d, 2, "Best results");
			doc_para(d, "The finished run with the lowest actual "
				 "value of each metric (the first on ties).");
			t = doc_table(d, "best results", false);
			table_col(t, "metric", NULL, NULL, TABLE_LEFT);
			table_col(t, "unit", NULL, NULL, TABLE_LEFT);
			table_col(t, "run", NULL, NULL, TABLE_LEFT);
			table_col(t, "design", NULL, NULL, TABLE_LEFT);
			table_col(t, "source", NULL, NULL, TABLE_LEFT);
			table_col(t, "actual", NULL, NULL, TABLE_RIGHT);
			table_col(t, "estimate", NULL, NULL, TABLE_RIGHT);
			table_col(t, "label", NULL, NULL, TABLE_LEFT);
		}
		row = table_row(t);
		for (int src = 0; src < RUNSET_N_SOURCES; src++)
			if (runset_value(b, runset_sources[src], "", m->key,
					 &v)) {
				table_str(t, row, 4, runset_sources[src]);
				break;
			}
		table_str(t, row, 0, m->key);
		table_str(t, row, 1, m->unit);
		table_strf(t, row, 2, "run:%ld", b->row.id);
		table_strf(t, row, 3, "design:%ld", b->row.design_id);
		table_num(t, row, 5, bv, m->decimals);
		if (runset_value(b, "estimate", "", m->key, &e))
			table_num(t, row, 6, e, m->decimals);
		table_str(t, row, 7, b->row.label ? b->row.label : "");
	}
	n = plot_pareto_runs(rs, "latency_ns", "dsp", false, &p);
	if (n > 0) {
		struct strbuf sb;

		front = xcalloc((size_t)n, sizeof(*front));
		plot_pareto_front(p, n, front);
		strbuf_init(&sb);
		for (int i = 0; i < n; i++)
			if (front[i])
				strbuf_addf(&sb, "%s%s", sb.len ? ", " : "",
					    p[i].label);
		doc_para(d, "Pareto-optimal finished runs in latency (ns) and "
			 "DSP: %s.", sb.buf);
		strbuf_release(&sb);
		free(front);
	}
	pareto_points_free(p, n);
}

static void pareto_plot(struct doc *d, struct pareto_point *p, int n,
			const char *title, const char *caption)
{
	char *xt = plot_axis_title("latency_ns"), *yt = plot_axis_title("dsp");

	if (n > 0)
		doc_svg(d, plot_pareto_svg(p, n, title, xt, yt), caption);
	free(xt);
	free(yt);
	pareto_points_free(p, n);
}

static void accuracy(struct doc *d, const struct report_in *in)
{
	bool any = false;

	doc_heading(d, 2, "Estimate against actual");
	doc_para(d, "error = 100 (estimate - actual) / |actual| %%, over the "
		 "finished runs above; median error is the bias, p90 the "
		 "90th percentile of |error| (nearest rank).");
	for (int s = 0; s < RUNSET_N_SOURCES; s++) {
		const char *src = runset_sources[s];

		if (accuracy_table(d, in->rs, src, false) == 0)
			continue;
		any = true;
		for (int k = 0; in->plots && k < 2; k++) {
			const char *key = k ? "lut" : "dsp";
			struct accuracy_pair *p;
			int n = accuracy_pairs(in->rs, src, key, &p);

			if (n > 0) {
				char *cap = xasprintf("%s estimate against %s "
						      "over the finished runs",
						      k ? "LUT" : "DSP", src);

				doc_svg(d, plot_accuracy_svg(p, n, key, src),
					cap);
				free(cap);
			}
			free(p);
		}
	}
	if (!any)
		doc_para(d, "no finished run has results to compare yet");
}

/* Saved designs (or the listed ones) and their estimates. */
static int designs(struct doc *d, const struct report_in *in,
		   const long *ids, int n_ids, struct error *err)
{
	static const char *const keys[] = { "dsp", "lut", "ff", "bram18",
		"latency_cycles", "latency_ns", "ii" };
	struct store_query q = { .source = "estimate" };
	struct design_row *rows = NULL;
	struct table *t;
	int n = 0;

	if (store_designs_list(in->st, &q, &rows, &n, err) < 0)
		return -1;
	doc_heading(d, 2, "Designs");
	if (n == 0)
		doc_para(d, "no saved designs yet: 'hlsdse design save' or "
			 "'hlsdse synth' saves one");
	t = doc_table(d, "designs", false);
	table_col(t, "design", NULL, NULL, TABLE_LEFT);
	table_col(t, "runs", NULL, NULL, TABLE_RIGHT);
	for (int k = 0; k < 7; k++) {
		const struct rs_metric *m = runset_metric(keys[k]);

		table_col(t, m->key, m->label, strcmp(m->unit, "ns") == 0 ?
			  "ns" : NULL, TABLE_RIGHT);
	}
	table_col(t, "label", NULL, NULL, TABLE_LEFT);
	for (int i = 0; i < n; i++) {
		struct metric *m = NULL;
		int nm = 0, row, runs = 0;
		bool keep = n_ids == 0;

		for (int j = 0; j < n_ids; j++)
			keep = keep || ids[j] == rows[i].id;
		if (!keep)
			continue;
		if (store_metrics_get(in->st, rows[i].id, false, "estimate",
				      &m, &nm, err) < 0) {
			design_rows_free(rows, n);
			return -1;
		}
		for (int j = 0; j < in->rs->n; j++)
			runs += in->rs->runs[j].row.design_id == rows[i].id;
		row = table_row(t);
		table_strf(t, row, 0, "design:%ld", rows[i].id);
		table_num(t, row, 1, runs, 0);
		for (int k = 0; k < 7; k++)
			for (int j = 0; j < nm; j++)
				if (!m[j].layer[0] && strcmp(m[j].key, keys[k]) == 0)
					table_num(t, row, 2 + k, m[j].value,
						  runset_metric(keys[k])->decimals);
		table_str(t, row, 9, rows[i].label);
		metrics_free(m, nm);
	}
	design_rows_free(rows, n);
	if (in->plots) {
		struct pareto_point *p = NULL;
		int np = 0;

		if (plot_pareto_designs(in->st, ids, n_ids, "latency_ns", "dsp",
					&p, &np, err) < 0)
			return -1;
		pareto_plot(d, p, np, "Saved designs: estimated DSP against "
			    "latency", "the estimates of the saved designs "
			    "(Pareto front: no other design is faster and "
			    "smaller)");
	}
	return 0;
}

int summary_build(struct doc *d, const struct report_in *in,
		  const long *design_ids, int n_design_ids, struct error *err)
{
	struct store_query q = { .source = "estimate" };
	struct design_row *rows = NULL;
	int n = 0;
	char *title = xasprintf("%s: design-space report", in->p->name);

	doc_init(d, title);
	free(title);
	if (store_designs_list(in->st, &q, &rows, &n, err) < 0)
		return -1;
	design_rows_free(rows, n);
	facts(d, in, n);
	runs_table(d, in->rs);
	failures(d, in->rs);
	best(d, in->rs);
	if (in->plots) {
		struct pareto_point *p = NULL;
		int np = plot_pareto_runs(in->rs, "latency_ns", "dsp", false,
					  &p);

		pareto_plot(d, p, np, "Finished runs: DSP against latency",
			    "the tools' results of the finished runs (Pareto "
			    "front: no other run is faster and smaller)");
	}
	accuracy(d, in);
	if (designs(d, in, design_ids, n_design_ids, err) < 0)
		return -1;
	for (int i = 0; in->run_sections && i < in->rs->n; i++)
		if (runreport_add(d, in, &in->rs->runs[i], err) < 0)
			return -1;
	return 0;
}
