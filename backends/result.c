/*
 * result.c - a run's result: the metrics parsed from its reports, kept
 * per source (csynth, impl, sim, yosys), and the runs/<id>/result.json
 * file that carries them (cJSON, keys in a fixed order, strict reader),
 * so a run made on another machine can be ingested.
 *
 *   {"format": "hlsdse-result/1", "backend": "vivado",
 *    "tool_version": "Vivado HLS 2020.1" or null,
 *    "metrics": {"csynth": [{"layer": "", "key": "dsp", "value": 73}, ...],
 *                "impl": [...]}}
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "backends/report.h"
#include "core/fileio.h"
#include "core/xalloc.h"

#define RESULT_FORMAT "hlsdse-result/1"
#define RESULT_MAX_BYTES (16u << 20)

/* The sources a result may carry, in the order result.json lists them. */
static const char *const result_sources[] = {"csynth", "impl", "sim",
					     "yosys"};
#define N_SOURCES ((int)(sizeof(result_sources) / sizeof(result_sources[0])))

/* The index of source in result_sources, or -1. */
static int source_index(const char *source)
{
	for (int i = 0; i < N_SOURCES; i++)
		if (strcmp(result_sources[i], source) == 0)
			return i;
	return -1;
}

/* The set of r for source, added when absent (source must be known). */
static int set_for(struct run_result *r, const char *source)
{
	for (int i = 0; i < r->n_sets; i++)
		if (strcmp(r->sets[i].source, source) == 0)
			return i;
	if (r->n_sets >= N_SOURCES || source_index(source) < 0)
		abort();
	r->sets[r->n_sets].source = xstrdup(source);
	r->sets[r->n_sets].m = NULL;
	r->sets[r->n_sets].n = 0;
	return r->n_sets++;
}

static void set_push(struct run_result *r, int set, const char *layer,
		     const char *key, double value)
{
	struct metric *m;

	r->sets[set].m = xreallocarray(r->sets[set].m,
				       (size_t)r->sets[set].n + 1,
				       sizeof(*r->sets[set].m));
	m = &r->sets[set].m[r->sets[set].n++];
	m->layer = xstrdup(layer);
	m->key = xstrdup(key);
	m->value = value;
}

/* Appends key = v->v when v is known. */
static void push_known(struct run_result *r, int set, const char *layer,
		       const char *key, const struct rvalue *v)
{
	if (v->known)
		set_push(r, set, layer, key, v->v);
}

/* The clock period a latency in cycles converts with: the estimated
 * clock when known, else the target. */
static const struct rvalue *latency_clock(const struct csynth_report *c)
{
	return c->est_clock.known ? &c->est_clock : &c->target_clock;
}

/* Appends the resource and latency metrics shared by the design and its
 * modules. */
static void push_block(struct run_result *r, int set, const char *layer,
		       const struct rvalue *clock, const struct rvalue *dsp,
		       const struct rvalue *lut, const struct rvalue *ff,
		       const struct rvalue *bram18, const struct rvalue *uram,
		       const struct rvalue *best, const struct rvalue *worst,
		       const struct rvalue *ii, const struct rvalue *ii_max)
{
	push_known(r, set, layer, "dsp", dsp);
	push_known(r, set, layer, "lut", lut);
	push_known(r, set, layer, "ff", ff);
	push_known(r, set, layer, "bram18", bram18);
	push_known(r, set, layer, "uram", uram);
	push_known(r, set, layer, "latency_cycles", best);
	push_known(r, set, layer, "latency_worst", worst);
	push_known(r, set, layer, "ii", ii);
	push_known(r, set, layer, "ii_max", ii_max);
	if (best->known && clock->known)
		set_push(r, set, layer, "latency_ns", best->v * clock->v);
}

void result_add_csynth(struct run_result *r, const struct csynth_report *c)
{
	const struct rvalue *clock = latency_clock(c);
	int set = set_for(r, "csynth");

	if (!r->tool_version && c->tool)
		r->tool_version = xstrdup(c->tool);
	push_block(r, set, "", clock, &c->dsp, &c->lut, &c->ff, &c->bram18,
		   &c->uram, &c->latency_best, &c->latency_worst, &c->ii_min,
		   &c->ii_max);
	push_known(r, set, "", "est_clock_ns", &c->est_clock);
	for (int i = 0; i < c->n_modules; i++) {
		const struct csynth_module *m = &c->modules[i];

		push_block(r, set, m->name, clock, &m->dsp, &m->lut, &m->ff,
			   &m->bram18, &m->uram, &m->latency_best,
			   &m->latency_worst, &m->ii_min, &m->ii_max);
	}
}

void result_add_synth(struct run_result *r, const struct synth_report *s)
{
	int set = set_for(r, "impl");

	push_known(r, set, "", "lut", &s->lut);
	push_known(r, set, "", "ff", &s->ff);
	if (s->bram36.known)
		set_push(r, set, "", "bram18", 2 * s->bram36.v);
	push_known(r, set, "", "uram", &s->uram);
	push_known(r, set, "", "dsp", &s->dsp);
}

void result_add(struct run_result *r, const char *source, const char *layer,
		const char *key, double value)
{
	set_push(r, set_for(r, source), layer, key, value);
}

void run_result_release(struct run_result *r)
{
	if (!r)
		return;
	free(r->backend);
	free(r->tool_version);
	for (int i = 0; i < r->n_sets; i++) {
		free(r->sets[i].source);
		metrics_free(r->sets[i].m, r->sets[i].n);
	}
	memset(r, 0, sizeof(*r));
}

/* Adds the metric array of one set to obj under its source name. */
static int write_set(cJSON *metrics, const char *path,
		     const struct run_result *r, int set, struct error *err)
{
	cJSON *arr = cJSON_AddArrayToObject(metrics, r->sets[set].source);

	for (int i = 0; i < r->sets[set].n; i++) {
		const struct metric *m = &r->sets[set].m[i];
		cJSON *o;

		if (!isfinite(m->value))
			return error_set(err, "unable to write '%s': metric "
					 "'%s' of '%s' is not finite", path,
					 m->key, r->sets[set].source);
		o = cJSON_CreateObject();
		cJSON_AddItemToArray(arr, o);
		cJSON_AddStringToObject(o, "layer", m->layer ? m->layer : "");
		cJSON_AddStringToObject(o, "key", m->key);
		cJSON_AddNumberToObject(o, "value", m->value);
	}
	return 0;
}

int result_write(const struct run_result *r, const char *path,
		 struct error *err)
{
	cJSON *root, *metrics;
	char *text;
	int rc = 0;

	if (!r->backend)
		return error_set(err, "unable to write '%s': the result names "
				 "no backend", path);
	root = cJSON_CreateObject();
	cJSON_AddStringToObject(root, "format", RESULT_FORMAT);
	cJSON_AddStringToObject(root, "backend", r->backend);
	if (r->tool_version)
		cJSON_AddStringToObject(root, "tool_version", r->tool_version);
	else
		cJSON_AddNullToObject(root, "tool_version");
	metrics = cJSON_AddObjectToObject(root, "metrics");
	for (int s = 0; s < N_SOURCES && rc == 0; s++)
		for (int i = 0; i < r->n_sets && rc == 0; i++)
			if (strcmp(r->sets[i].source, result_sources[s]) == 0)
				rc = write_set(metrics, path, r, i, err);
	if (rc < 0) {
		cJSON_Delete(root);
		return -1;
	}
	text = cJSON_Print(root);
	cJSON_Delete(root);
	if (!text)
		return error_set(err, "unable to write '%s': out of memory",
				 path);
	{
		size_t n = strlen(text);
		char *buf = xmalloc(n + 2);

		memcpy(buf, text, n);
		buf[n] = '\n';
		buf[n + 1] = '\0';
		cJSON_free(text);
		rc = fileio_write_atomic(path, buf, n + 1, err);
		free(buf);
	}
	return rc;
}

/* Line and column of offset off in text, for parse errors. */
static void line_col(const char *text, size_t off, int *line, int *col)
{
	*line = 1;
	*col = 1;
	for (size_t i = 0; i < off; i++) {
		if (text[i] == '\n') {
			(*line)++;
			*col = 1;
		} else {
			(*col)++;
		}
	}
}

/* Reads one {"layer", "key", "value"} element at path into set. */
static int parse_metric(const cJSON *o, const char *source, const char *path,
			struct run_result *r, int set, struct error *err)
{
	const cJSON *layer, *key, *value, *it;

	if (!cJSON_IsObject(o))
		return error_set(err, "'%s': %s: expected an object", source,
				 path);
	cJSON_ArrayForEach(it, o) {
		if (strcmp(it->string, "layer") && strcmp(it->string, "key") &&
		    strcmp(it->string, "value"))
			return error_set(err, "'%s': %s.%s: unknown key",
					 source, path, it->string);
	}
	layer = cJSON_GetObjectItemCaseSensitive(o, "layer");
	key = cJSON_GetObjectItemCaseSensitive(o, "key");
	value = cJSON_GetObjectItemCaseSensitive(o, "value");
	if (!cJSON_IsString(layer))
		return error_set(err, "'%s': %s.layer: expected a string",
				 source, path);
	if (!cJSON_IsString(key) || !key->valuestring[0])
		return error_set(err, "'%s': %s.key: expected a non-empty "
				 "string", source, path);
	if (!cJSON_IsNumber(value) || !isfinite(value->valuedouble))
		return error_set(err, "'%s': %s.value: expected a number",
				 source, path);
	set_push(r, set, layer->valuestring, key->valuestring,
		 value->valuedouble);
	return 0;
}

/* Reads the "metrics" object into r. */
static int parse_metrics(const cJSON *metrics, const char *source,
			 struct run_result *r, struct error *err)
{
	const cJSON *arr;

	if (!cJSON_IsObject(metrics))
		return error_set(err, "'%s': metrics: expected an object",
				 source);
	cJSON_ArrayForEach(arr, metrics) {
		const cJSON *o;
		int set, i = 0;

		if (source_index(arr->string) < 0)
			return error_set(err, "'%s': metrics.%s: unknown "
					 "source (expected csynth, impl, sim "
					 "or yosys)", source, arr->string);
		for (int k = 0; k < r->n_sets; k++)
			if (strcmp(r->sets[k].source, arr->string) == 0)
				return error_set(err, "'%s': metrics.%s: "
						 "duplicate source", source,
						 arr->string);
		if (!cJSON_IsArray(arr))
			return error_set(err, "'%s': metrics.%s: expected an "
					 "array", source, arr->string);
		set = set_for(r, arr->string);
		cJSON_ArrayForEach(o, arr) {
			char path[64];

			snprintf(path, sizeof(path), "metrics.%s[%d]",
				 arr->string, i++);
			if (parse_metric(o, source, path, r, set, err) < 0)
				return -1;
		}
	}
	return 0;
}

/* Fills r from the parsed document root. */
static int parse_root(const cJSON *root, const char *source,
		      struct run_result *r, struct error *err)
{
	const cJSON *format, *backend, *tool, *metrics, *it;

	if (!cJSON_IsObject(root))
		return error_set(err, "'%s': expected a JSON object", source);
	format = cJSON_GetObjectItemCaseSensitive(root, "format");
	if (!cJSON_IsString(format))
		return error_set(err, "'%s': format: expected \"%s\"", source,
				 RESULT_FORMAT);
	if (strcmp(format->valuestring, RESULT_FORMAT) != 0)
		return error_set(err, "'%s': format: '%s' is not \"%s\"",
				 source, format->valuestring, RESULT_FORMAT);
	cJSON_ArrayForEach(it, root) {
		if (strcmp(it->string, "format") &&
		    strcmp(it->string, "backend") &&
		    strcmp(it->string, "tool_version") &&
		    strcmp(it->string, "metrics"))
			return error_set(err, "'%s': %s: unknown key", source,
					 it->string);
	}
	backend = cJSON_GetObjectItemCaseSensitive(root, "backend");
	if (!cJSON_IsString(backend) || !backend->valuestring[0])
		return error_set(err, "'%s': backend: expected a non-empty "
				 "string", source);
	r->backend = xstrdup(backend->valuestring);
	tool = cJSON_GetObjectItemCaseSensitive(root, "tool_version");
	if (tool && !cJSON_IsNull(tool) && !cJSON_IsString(tool))
		return error_set(err, "'%s': tool_version: expected a string "
				 "or null", source);
	if (cJSON_IsString(tool))
		r->tool_version = xstrdup(tool->valuestring);
	metrics = cJSON_GetObjectItemCaseSensitive(root, "metrics");
	if (!metrics)
		return error_set(err, "'%s': metrics: missing", source);
	return parse_metrics(metrics, source, r, err);
}

int result_parse(const char *text, size_t len, const char *source,
		 struct run_result *r, struct error *err)
{
	const char *end = NULL;
	char *buf;
	cJSON *root;
	int rc;

	memset(r, 0, sizeof(*r));
	if (memchr(text, '\0', len))
		return error_set(err, "'%s': not valid JSON (NUL byte)",
				 source);
	/* cJSON wants the terminating NUL inside the length */
	buf = xmalloc(len + 1);
	memcpy(buf, text, len);
	buf[len] = '\0';
	root = cJSON_ParseWithLengthOpts(buf, len + 1, &end, 1);
	if (!root) {
		int line, col;
		size_t off = end && end >= buf && end <= buf + len ?
			(size_t)(end - buf) : 0;

		line_col(buf, off, &line, &col);
		free(buf);
		return error_set(err, "'%s': not valid JSON (line %d, column "
				 "%d)", source, line, col);
	}
	free(buf);
	rc = parse_root(root, source, r, err);
	cJSON_Delete(root);
	if (rc < 0)
		run_result_release(r);
	return rc;
}

int result_read(const char *path, struct run_result *r, struct error *err)
{
	char *text;
	size_t len;
	int rc;

	memset(r, 0, sizeof(*r));
	if (fileio_read(path, RESULT_MAX_BYTES, &text, &len, err) < 0)
		return -1;
	rc = result_parse(text, len, path, r, err);
	free(text);
	return rc;
}
