/*
 * comparison.c - runs and designs side by side (see comparison.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "projects/compare.h"
#include "reports/comparison.h"

/* One thing compared: a run (with results) or a design (estimate). */
struct item {
	char name[32];
	char *label;
	struct design d;
	struct runset rs;	/* the run, for a run */
	struct metric *est;	/* a design's estimate (a run's is in rs) */
	int n_est;
};

static int load_item(struct item *it, const struct report_in *in,
		     const char *ref, struct error *err)
{
	struct design_row dr = { 0 };
	const char *json;
	long id;
	char *end;

	if (strncmp(ref, "run:", 4) == 0 || strncmp(ref, "design:", 7) == 0) {
		const char *num = strchr(ref, ':') + 1;

		id = strtol(num, &end, 10);
		if (end == num || *end || id <= 0)
			return error_set(err, "'%s' is not run:N or design:N",
					 ref);
	} else {
		return error_set(err, "'%s' is not run:N or design:N", ref);
	}
	if (ref[0] == 'r') {
		struct runset_filter f = { .runs = &id, .n_runs = 1 };

		if (runset_load(&it->rs, in->st, in->m, &f, err) < 0)
			return -1;
		snprintf(it->name, sizeof(it->name), "run:%ld", id);
		it->label = xstrdup(it->rs.runs[0].row.label ?
				    it->rs.runs[0].row.label : "");
		json = it->rs.runs[0].design_json;
	} else {
		if (store_design_get(in->st, id, &dr, err) < 0 ||
		    store_metrics_get(in->st, id, false, "estimate", &it->est,
				      &it->n_est, err) < 0) {
			design_row_release(&dr);
			return -1;
		}
		snprintf(it->name, sizeof(it->name), "design:%ld", id);
		it->label = xstrdup(dr.label);
		json = dr.design_json;
	}
	if (design_parse(&it->d, json, strlen(json), it->name, err) < 0) {
		design_row_release(&dr);
		return -1;
	}
	design_row_release(&dr);
	return 0;
}

static void item_release(struct item *it)
{
	free(it->label);
	design_release(&it->d);
	runset_release(&it->rs);
	metrics_free(it->est, it->n_est);
}

static const struct rs_run *item_run(const struct item *it)
{
	return it->rs.n ? &it->rs.runs[0] : NULL;
}

static const struct metric *item_est(const struct item *it, int *n)
{
	if (item_run(it))
		return runset_set(item_run(it), "estimate", n);
	*n = it->n_est;
	return it->est;
}

static void describe(struct doc *d, const struct item *items, int n)
{
	doc_heading(d, 2, "Compared");
	for (int i = 0; i < n; i++) {
		const struct rs_run *r = item_run(&items[i]);
		char src[64];

		if (r)
			runset_actual_name(r, src, sizeof(src));
		if (r)
			doc_fact(d, items[i].name, "%s, backend %s, design:%ld%s"
				 "%s%s%s", r->row.status, r->row.backend,
				 r->row.design_id, items[i].label[0] ? " " : "",
				 items[i].label, src[0] ? ", results from " : "",
				 src);
		else
			doc_fact(d, items[i].name, "saved design%s%s",
				 items[i].label[0] ? " " : "", items[i].label);
	}
}

/* The value items[j] has for knob (layer, knob): its diff against the
 * first's b side, else the first's own value (the a side of any diff
 * naming the knob). */
static const char *knob_value(struct knob_diff **k, const int *nk, int j,
			      int n, const char *layer, const char *knob)
{
	const char *first = NULL;

	for (int i = 1; i < n; i++)
		for (int x = 0; x < nk[i]; x++)
			if (strcmp(k[i][x].layer, layer) == 0 &&
			    strcmp(k[i][x].knob, knob) == 0) {
				if (i == j)
					return k[i][x].b;
				first = k[i][x].a;
			}
	return first;
}

static void knobs(struct doc *d, const struct report_in *in,
		  const struct item *items, int n)
{
	struct knob_diff **k = xcalloc((size_t)n, sizeof(*k));
	int *nk = xcalloc((size_t)n, sizeof(*nk)), rows = 0;
	struct table *t;

	for (int j = 1; j < n; j++)
		nk[j] = design_diff(&items[0].d, &items[j].d, in->m, &k[j]);
	doc_heading(d, 2, "Knobs that differ");
	t = doc_table(d, "knobs that differ", false);
	table_col(t, "layer", NULL, NULL, TABLE_LEFT);
	table_col(t, "knob", NULL, NULL, TABLE_LEFT);
	for (int j = 0; j < n; j++)
		table_col(t, items[j].name, NULL, NULL, TABLE_LEFT);
	for (int j = 1; j < n; j++)
		for (int x = 0; x < nk[j]; x++) {
			const struct knob_diff *kd = &k[j][x];
			bool seen = false;
			int row;

			for (int r = 0; r < t->n_rows && !seen; r++)
				seen = strcmp(table_cell(t, r, 0)->text,
					      kd->layer[0] ? kd->layer :
					      "(design)") == 0 &&
					strcmp(table_cell(t, r, 1)->text,
					       kd->knob) == 0;
			if (seen)
				continue;
			row = table_row(t);
			rows++;
			table_str(t, row, 0, kd->layer[0] ? kd->layer :
				  "(design)");
			table_str(t, row, 1, kd->knob);
			table_str(t, row, 2, kd->a);
			for (int i = 1; i < n; i++) {
				table_str(t, row, 2 + i, knob_value(
						  k, nk, i, n, kd->layer,
						  kd->knob));
				if (strcmp(table_cell(t, row, 2 + i)->text,
					   kd->a) != 0)
					table_mark(t, row, 2 + i);
			}
		}
	if (rows == 0)
		doc_para(d, "none: the designs are the same");
	for (int j = 1; j < n; j++)
		knob_diffs_free(k[j], nk[j]);
	free(k);
	free(nk);
}

/* Every (layer, key) any item has, as metrics (values unused). */
static int union_of(const struct item *items, int n, struct metric **out)
{
	struct metric *u = NULL;
	int nu = 0;

	for (int i = 0; i < n; i++)
		for (int s = -1; s < RUNSET_N_SOURCES; s++) {
			const struct rs_run *r = item_run(&items[i]);
			const struct metric *m;
			int nm = 0;

			if (s < 0)
				m = item_est(&items[i], &nm);
			else
				m = r ? runset_set(r, runset_sources[s], &nm) :
					NULL;
			for (int x = 0; x < nm; x++) {
				bool seen = false;

				for (int y = 0; y < nu && !seen; y++)
					seen = strcmp(u[y].layer, m[x].layer) ==
						0 && strcmp(u[y].key,
							    m[x].key) == 0;
				if (seen)
					continue;
				u = xreallocarray(u, (size_t)nu + 1,
						  sizeof(*u));
				u[nu].layer = m[x].layer;
				u[nu].key = m[x].key;
				u[nu++].value = 0;
			}
		}
	*out = u;
	return nu;
}

static bool lookup(const struct metric *m, int n, const char *layer,
		   const char *key, double *v)
{
	for (int i = 0; i < n; i++)
		if (strcmp(m[i].layer, layer) == 0 && strcmp(m[i].key, key) == 0) {
			*v = m[i].value;
			return true;
		}
	return false;
}

/* A column of the metrics table: item i's estimate or one of its tool
 * sources. */
struct mcol {
	int item;
	const char *source;	/* NULL: the estimate */
};

/* 0 for the estimate, 1 + the index of a tool source. */
static int kind(const char *source)
{
	for (int s = 0; source && s < RUNSET_N_SOURCES; s++)
		if (strcmp(source, runset_sources[s]) == 0)
			return 1 + s;
	return 0;
}

static void metrics(struct doc *d, const struct report_in *in,
		    const struct item *items, int n)
{
	struct mcol *cols = xcalloc((size_t)n * (RUNSET_N_SOURCES + 1),
				    sizeof(*cols));
	struct metric_pair *p = NULL;
	struct metric *u = NULL;
	int nc = 0, nu = union_of(items, n, &u), np;
	struct table *t;

	for (int i = 0; i < n; i++) {
		const struct rs_run *r = item_run(&items[i]);

		cols[nc++] = (struct mcol){ i, NULL };
		for (int src = 0; r && src < RUNSET_N_SOURCES; src++)
			if (r->n_act[src] > 0)
				cols[nc++] = (struct mcol){ i,
					runset_sources[src] };
	}
	np = compare_metrics(u, nu, NULL, 0, in->m, &p);
	doc_heading(d, 2, "Metrics");
	doc_para(d, "Per layer (the whole design first). A marked value "
		 "differs from the first column of its kind (the estimate, "
		 "or the same tool).");
	t = doc_table(d, "metrics", true);
	table_col(t, "layer", NULL, NULL, TABLE_LEFT);
	table_col(t, "metric", NULL, NULL, TABLE_LEFT);
	for (int c = 0; c < nc; c++) {
		char key[64], head[64];

		snprintf(key, sizeof(key), "%s %s", items[cols[c].item].name,
			 cols[c].source ? cols[c].source : "estimate");
		snprintf(head, sizeof(head), "%s %s", items[cols[c].item].name,
			 cols[c].source ? cols[c].source : "est");
		table_col(t, key, head, NULL, TABLE_RIGHT);
	}
	for (int i = 0; i < np; i++) {
		const struct rs_metric *m = runset_metric(p[i].key);
		int row = table_row(t), dec = m ? m->decimals : 1;
		/* the first value of each kind: estimate, then each source */
		bool has_ref[RUNSET_N_SOURCES + 1] = { false };
		double ref[RUNSET_N_SOURCES + 1];

		table_str(t, row, 0, p[i].layer[0] ? p[i].layer : "(total)");
		table_str(t, row, 1, p[i].key);
		for (int c = 0; c < nc; c++) {
			const struct item *it = &items[cols[c].item];
			const struct metric *set;
			int ns = 0, k = kind(cols[c].source);
			double v;

			set = cols[c].source ? runset_set(item_run(it),
							  cols[c].source, &ns) :
				item_est(it, &ns);
			if (!lookup(set, ns, p[i].layer, p[i].key, &v))
				continue;
			table_num(t, row, 2 + c, v, dec);
			if (!has_ref[k]) {
				has_ref[k] = true;
				ref[k] = v;
			} else if (v != ref[k]) {
				table_mark(t, row, 2 + c);
			}
		}
	}
	free(p);
	free(u);
	free(cols);
}

int comparison_build(struct doc *d, const struct report_in *in,
		     char *const *refs, int n, struct error *err)
{
	struct item *items = xcalloc((size_t)n, sizeof(*items));
	struct strbuf title;
	int rc = 0;

	strbuf_init(&title);
	strbuf_addf(&title, "%s: comparison of", in->p->name);
	for (int i = 0; i < n; i++)
		strbuf_addf(&title, "%s %s", i ? "," : "", refs[i]);
	doc_init(d, title.buf);
	strbuf_release(&title);
	for (int i = 0; i < n; i++)
		design_init(&items[i].d);
	for (int i = 0; i < n && rc == 0; i++)
		rc = load_item(&items[i], in, refs[i], err);
	if (rc == 0) {
		describe(d, items, n);
		knobs(d, in, items, n);
		metrics(d, in, items, n);
	}
	for (int i = 0; i < n; i++)
		item_release(&items[i]);
	free(items);
	return rc;
}
