/*
 * accuracy.c - estimate-against-actual statistics over finished runs
 * (see accuracy.h for the definitions).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "reports/accuracy.h"

int accuracy_pairs(const struct runset *rs, const char *source,
		   const char *key, struct accuracy_pair **out)
{
	const char *est = runset_estimate_for(source);
	struct accuracy_pair *p = NULL;
	int n = 0;

	for (int i = 0; i < rs->n; i++) {
		const struct rs_run *r = &rs->runs[i];
		double e, a;

		if (!runset_done(r) || !runset_value(r, est, "", key, &e) ||
		    !runset_value(r, source, "", key, &a))
			continue;
		if (a == 0 && e != 0)
			continue;
		p = xreallocarray(p, (size_t)n + 1, sizeof(*p));
		p[n].run = r;
		p[n].est = e;
		p[n].act = a;
		p[n].err = a == 0 ? 0 : 100 * (e - a) / fabs(a);
		n++;
	}
	*out = p;
	return n;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* A sorted copy of v (caller frees). */
static double *sorted(const double *v, int n)
{
	double *s = xmalloc((size_t)n * sizeof(*s));

	memcpy(s, v, (size_t)n * sizeof(*s));
	qsort(s, (size_t)n, sizeof(*s), cmp_double);
	return s;
}

double accuracy_median(const double *v, int n)
{
	double *s = sorted(v, n), m;

	m = n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
	free(s);
	return m;
}

double accuracy_percentile(const double *v, int n, double q)
{
	double *s = sorted(v, n), x;
	int k = (int)ceil(q / 100 * n - 1e-9);

	x = s[k < 1 ? 0 : k - 1];
	free(s);
	return x;
}

void accuracy_stat(const struct accuracy_pair *p, int n,
		   struct accuracy_stat *out)
{
	double *e = xmalloc((size_t)n * sizeof(*e));
	double *a = xmalloc((size_t)n * sizeof(*a));

	out->n = n;
	out->max_abs = 0;
	for (int i = 0; i < n; i++) {
		e[i] = p[i].err;
		a[i] = fabs(p[i].err);
		if (a[i] > out->max_abs)
			out->max_abs = a[i];
	}
	out->median = accuracy_median(e, n);
	out->median_abs = accuracy_median(a, n);
	out->p90_abs = accuracy_percentile(a, n, 90);
	free(e);
	free(a);
}

const char *accuracy_source_name(const char *source)
{
	static const char *const names[][2] = {
		{ "csynth", "HLS C synthesis, against the run's estimate" },
		{ "impl", "Vivado synthesis, against an implementation-mode "
		  "estimate" },
		{ "yosys", "yosys synthesis, against the run's rtl-mode "
		  "estimate" },
		{ "sim", "RTL simulation, against the run's estimate" },
	};

	for (int i = 0; i < 4; i++)
		if (strcmp(names[i][0], source) == 0)
			return names[i][1];
	return source;
}

int accuracy_table(struct doc *d, const struct runset *rs,
		   const char *source, bool primary)
{
	struct table *t = NULL;
	int rows = 0;

	for (int k = 0; k < RUNSET_N_METRICS; k++) {
		const struct rs_metric *m = &runset_metrics[k];
		struct accuracy_pair *p;
		struct accuracy_stat st;
		int n = accuracy_pairs(rs, source, m->key, &p), r;

		if (n == 0)
			continue;
		if (!t) {
			char *title = xasprintf("estimate against %s", source);

			doc_heading(d, 3, "Against %s (%s)", source,
				    accuracy_source_name(source));
			t = doc_table(d, title, primary);
			free(title);
			table_col(t, "metric", NULL, NULL, TABLE_LEFT);
			table_col(t, "unit", NULL, NULL, TABLE_LEFT);
			table_col(t, "runs", NULL, NULL, TABLE_RIGHT);
			table_col(t, "median_error", "median error", "%",
				  TABLE_RIGHT);
			table_col(t, "median_abs_error", "median |error|", "%",
				  TABLE_RIGHT);
			table_col(t, "p90_abs_error", "p90 |error|", "%",
				  TABLE_RIGHT);
			table_col(t, "max_abs_error", "max |error|", "%",
				  TABLE_RIGHT);
		}
		accuracy_stat(p, n, &st);
		free(p);
		r = table_row(t);
		table_str(t, r, 0, m->key);
		table_str(t, r, 1, m->unit);
		table_num(t, r, 2, n, 0);
		table_num(t, r, 3, st.median, 1);
		table_num(t, r, 4, st.median_abs, 1);
		table_num(t, r, 5, st.p90_abs, 1);
		table_num(t, r, 6, st.max_abs, 1);
		rows++;
	}
	return rows;
}
