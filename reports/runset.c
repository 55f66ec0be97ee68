/*
 * runset.c - the runs of a report, read from the store with their
 * designs, estimates and results; the metric catalog; id lists.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "estimators/estimate.h"
#include "projects/compare.h"
#include "reports/runset.h"

const char *const runset_sources[RUNSET_N_SOURCES] = {
	"csynth", "yosys", "impl", "sim"
};

const struct rs_metric runset_metrics[RUNSET_N_METRICS] = {
	{ "dsp", "DSP", "slices", 0 },
	{ "lut", "LUT", "LUTs", 0 },
	{ "ff", "FF", "flip-flops", 0 },
	{ "bram18", "BRAM", "18 kb blocks", 1 },
	{ "uram", "URAM", "blocks", 0 },
	{ "latency_cycles", "latency", "cycles", 0 },
	{ "latency_ns", "latency", "ns", 1 },
	{ "ii", "II", "cycles", 0 },
};

/* Metrics tools report that reports show but no estimate predicts. */
static const struct rs_metric more_metrics[] = {
	{ "latency_worst", "worst latency", "cycles", 0 },
	{ "ii_max", "max II", "cycles", 0 },
	{ "est_clock_ns", "clock", "ns", 3 },
	{ "logic_delay_ns", "logic delay", "ns", 2 },
	{ "lutram", "LUTRAM", "LUTs", 0 },
	{ "carry", "carry", "cells", 0 },
	{ "muxf", "MUXF", "cells", 0 },
	{ "vectors", "vectors", "simulated", 0 },
	{ "mismatches", "mismatches", "vectors", 0 },
	{ "bit_exact", "bit-exact", "1 = yes", 0 },
};

const struct rs_metric *runset_metric(const char *key)
{
	for (int i = 0; i < RUNSET_N_METRICS; i++)
		if (strcmp(runset_metrics[i].key, key) == 0)
			return &runset_metrics[i];
	for (size_t i = 0; i < sizeof(more_metrics) / sizeof(*more_metrics);
	     i++)
		if (strcmp(more_metrics[i].key, key) == 0)
			return &more_metrics[i];
	return NULL;
}

static void run_release(struct rs_run *r)
{
	run_row_release(&r->row);
	free(r->design_json);
	metrics_free(r->est, r->n_est);
	metrics_free(r->est_impl, r->n_est_impl);
	for (int s = 0; s < RUNSET_N_SOURCES; s++)
		metrics_free(r->act[s], r->n_act[s]);
}

void runset_release(struct runset *rs)
{
	for (int i = 0; i < rs->n; i++)
		run_release(&rs->runs[i]);
	free(rs->runs);
	rs->runs = NULL;
	rs->n = 0;
}

/* The impl-mode estimate of r's design for model m; nothing when the
 * design no longer parses or its part is unknown (the report then shows
 * no estimate beside the impl results). */
static void estimate_impl(struct rs_run *r, const struct model *m)
{
	struct estimate e = { 0 };
	struct design d;
	struct error err;

	design_init(&d);
	if (design_parse(&d, r->design_json, strlen(r->design_json),
			 "design", &err) == 0 &&
	    estimate_run(&e, m, &d, EST_IMPL, &err) == 0)
		r->n_est_impl = metrics_from_estimate(&e, &r->est_impl);
	estimate_release(&e);
	design_release(&d);
}

/* Fills r (its row already read) from the store. */
static int load_run(struct rs_run *r, struct store *st, const struct model *m,
		    struct error *err)
{
	struct design_row dr = { 0 };

	if (store_design_get(st, r->row.design_id, &dr, err) < 0)
		return -1;
	r->design_json = dr.design_json;
	dr.design_json = NULL;
	design_row_release(&dr);
	/* the run's own estimate, in its backend's mode; runs queued
	 * before runs had one fall back to their design's */
	if (store_metrics_get(st, r->row.id, true, "estimate", &r->est,
			      &r->n_est, err) < 0 ||
	    (r->n_est == 0 &&
	     store_metrics_get(st, r->row.design_id, false, "estimate",
			       &r->est, &r->n_est, err) < 0))
		return -1;
	for (int s = 0; s < RUNSET_N_SOURCES; s++)
		if (store_metrics_get(st, r->row.id, true, runset_sources[s],
				      &r->act[s], &r->n_act[s], err) < 0)
			return -1;
	if (m && r->n_act[2] > 0)
		estimate_impl(r, m);
	return 0;
}

static bool listed(const long *ids, int n, long id)
{
	for (int i = 0; i < n; i++)
		if (ids[i] == id)
			return true;
	return false;
}

/* Appends a zeroed run to rs; returns it. */
static struct rs_run *push(struct runset *rs)
{
	rs->runs = xreallocarray(rs->runs, (size_t)rs->n + 1,
				 sizeof(*rs->runs));
	memset(&rs->runs[rs->n], 0, sizeof(*rs->runs));
	return &rs->runs[rs->n++];
}

int runset_load(struct runset *rs, struct store *st, const struct model *m,
		const struct runset_filter *f, struct error *err)
{
	struct run_row *rows = NULL;
	int n = 0;

	rs->runs = NULL;
	rs->n = 0;
	for (int i = 0; i < f->n_designs; i++) {
		struct design_row dr = { 0 };

		if (store_design_get(st, f->designs[i], &dr, err) < 0)
			return -1;
		design_row_release(&dr);
	}
	if (f->n_runs > 0) {
		for (int i = 0; i < f->n_runs; i++) {
			struct rs_run *r = push(rs);

			if (store_run_get(st, f->runs[i], &r->row, err) < 0)
				goto fail;
		}
	} else {
		if (store_runs_list(st, NULL, NULL, false, &rows, &n, err) < 0)
			return -1;
		for (int i = 0; i < n; i++) {
			push(rs)->row = rows[i];
			memset(&rows[i], 0, sizeof(rows[i]));
		}
		run_rows_free(rows, n);
	}
	for (int i = 0; i < rs->n; i++) {
		if (f->n_designs > 0 &&
		    !listed(f->designs, f->n_designs, rs->runs[i].row.design_id)) {
			run_release(&rs->runs[i]);
			memmove(&rs->runs[i], &rs->runs[i + 1],
				(size_t)(rs->n - i - 1) * sizeof(*rs->runs));
			rs->n--;
			i--;
			continue;
		}
		if (load_run(&rs->runs[i], st, m, err) < 0)
			goto fail;
	}
	return 0;
fail:
	runset_release(rs);
	return -1;
}

const struct metric *runset_set(const struct rs_run *r, const char *source,
				int *n)
{
	*n = 0;
	if (strcmp(source, "estimate") == 0) {
		*n = r->n_est;
		return r->est;
	}
	if (strcmp(source, "estimate:impl") == 0) {
		*n = r->n_est_impl;
		return r->est_impl;
	}
	for (int s = 0; s < RUNSET_N_SOURCES; s++)
		if (strcmp(source, runset_sources[s]) == 0) {
			*n = r->n_act[s];
			return r->act[s];
		}
	return NULL;
}

const char *runset_estimate_for(const char *source)
{
	return strcmp(source, "impl") == 0 ? "estimate:impl" : "estimate";
}

bool runset_value(const struct rs_run *r, const char *source,
		  const char *layer, const char *key, double *v)
{
	int n;
	const struct metric *m = runset_set(r, source, &n);

	for (int i = 0; i < n; i++)
		if (strcmp(m[i].layer, layer) == 0 && strcmp(m[i].key, key) == 0) {
			*v = m[i].value;
			return true;
		}
	return false;
}

const char *runset_actual(const struct rs_run *r)
{
	for (int s = 0; s < RUNSET_N_SOURCES; s++)
		if (r->n_act[s] > 0)
			return runset_sources[s];
	return NULL;
}

bool runset_actual_value(const struct rs_run *r, const char *layer,
			 const char *key, double *v)
{
	for (int s = 0; s < RUNSET_N_SOURCES; s++)
		if (runset_value(r, runset_sources[s], layer, key, v))
			return true;
	return false;
}

void runset_actual_name(const struct rs_run *r, char *buf, size_t n)
{
	size_t used = 0;

	buf[0] = '\0';
	for (int s = 0; s < RUNSET_N_SOURCES && used < n; s++)
		if (r->n_act[s] > 0)
			used += (size_t)snprintf(buf + used, n - used, "%s%s",
						 used ? "+" : "",
						 runset_sources[s]);
}

bool runset_done(const struct rs_run *r)
{
	return strcmp(r->row.status, "succeeded") == 0;
}

/* Parses one id with an optional "prefix:" in front. */
static int parse_one(const char *s, size_t len, const char *prefix, long *id)
{
	size_t pl = strlen(prefix);
	char buf[32], *end;

	if (len > pl && strncmp(s, prefix, pl) == 0 && s[pl] == ':') {
		s += pl + 1;
		len -= pl + 1;
	}
	if (len == 0 || len >= sizeof(buf))
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	errno = 0;
	*id = strtol(buf, &end, 10);
	return *end || errno || *id <= 0 || buf[0] == '+' || buf[0] == '-' ?
		-1 : 0;
}

int runset_parse_ids(const char *s, const char *prefix, long **ids, int *n,
		     struct error *err)
{
	const char *p = s;

	*ids = NULL;
	*n = 0;
	while (*p) {
		const char *comma = strchr(p, ','), *dash;
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		long a, b;

		dash = memchr(p, '-', len);
		if (dash && dash > p) {
			if (parse_one(p, (size_t)(dash - p), prefix, &a) < 0 ||
			    parse_one(dash + 1, len - (size_t)(dash - p) - 1,
				      prefix, &b) < 0 || b < a || b - a > 100000)
				goto bad;
		} else if (parse_one(p, len, prefix, &a) < 0) {
			goto bad;
		} else {
			b = a;
		}
		for (long id = a; id <= b; id++) {
			*ids = xreallocarray(*ids, (size_t)*n + 1, sizeof(**ids));
			(*ids)[(*n)++] = id;
		}
		p += len;
		if (*p == ',' && *++p == '\0')
			goto bad;
	}
	if (*n > 0)
		return 0;
bad:
	free(*ids);
	*ids = NULL;
	*n = 0;
	return error_set(err, "'%s' is not a list of %ss (%s:3,%s:5 or 3-7)",
			 s, prefix, prefix, prefix);
}
