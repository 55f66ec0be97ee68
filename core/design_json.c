/*
 * design_json.c - design.json ("format": "hlsdse-design/1"): a strict
 * reader over cJSON (every key known, every type and range checked, errors
 * naming the key path) and a writer that prints only the knobs that are
 * set, keys in a fixed order with two-space indentation, so that files
 * diff cleanly and parse -> write -> parse is the identity.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "design.h"
#include "fileio.h"
#include "xalloc.h"

#define DESIGN_JSON_MAX (16u << 20)	/* largest design.json read */
#define KNOB_INT_MAX 2147483648.0	/* 2^31 */

/* Parse context: the source name for messages and the key path. */
struct ctx {
	const char *source;
	struct error *err;
};

/* Fills err with "source: path: message" and returns -1. */
static int fail(const struct ctx *c, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(const struct ctx *c, const char *path, const char *fmt, ...)
{
	char msg[ERROR_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (path && *path)
		return error_set(c->err, "%s: %s: %s", c->source, path, msg);
	return error_set(c->err, "%s: %s", c->source, msg);
}

/* Describes a JSON value for "got ..." in messages. */
static const char *describe(const cJSON *v, char *buf, size_t n)
{
	if (cJSON_IsString(v)) {
		const char *s = v->valuestring;

		if (strlen(s) > 40)
			snprintf(buf, n, "\"%.40s...\"", s);
		else
			snprintf(buf, n, "\"%s\"", s);
	} else if (cJSON_IsNumber(v)) {
		snprintf(buf, n, "%.15g", v->valuedouble);
	} else if (cJSON_IsTrue(v)) {
		snprintf(buf, n, "true");
	} else if (cJSON_IsFalse(v)) {
		snprintf(buf, n, "false");
	} else if (cJSON_IsNull(v)) {
		snprintf(buf, n, "null");
	} else if (cJSON_IsArray(v)) {
		snprintf(buf, n, "an array");
	} else {
		snprintf(buf, n, "an object");
	}
	return buf;
}

/* Reads an integer 1..2^31 from v. */
static int get_count(const struct ctx *c, const char *path, const cJSON *v,
		     long *out)
{
	char buf[64];
	double x;

	if (!cJSON_IsNumber(v))
		return fail(c, path, "expected a positive integer, got %s",
			    describe(v, buf, sizeof(buf)));
	x = v->valuedouble;
	if (!(x >= 1 && x <= KNOB_INT_MAX) || x != floor(x))
		return fail(c, path, "expected a positive integer up to "
			    "2147483648, got %s",
			    describe(v, buf, sizeof(buf)));
	*out = (long)x;
	return 0;
}

static int get_string(const struct ctx *c, const char *path, const cJSON *v,
		      const char **out)
{
	char buf[64];

	if (!cJSON_IsString(v))
		return fail(c, path, "expected a string, got %s",
			    describe(v, buf, sizeof(buf)));
	*out = v->valuestring;
	return 0;
}

/* A string or null into a newly allocated string (NULL for null). */
static int get_opt_string(const struct ctx *c, const char *path,
			  const cJSON *v, char **out)
{
	char buf[64];

	if (cJSON_IsNull(v)) {
		free(*out);
		*out = NULL;
		return 0;
	}
	if (!cJSON_IsString(v) || !v->valuestring[0])
		return fail(c, path, "expected a file name or null, got %s",
			    describe(v, buf, sizeof(buf)));
	free(*out);
	*out = xstrdup(v->valuestring);
	return 0;
}

/* Rejects an object that holds the same key twice. */
static int check_duplicates(const struct ctx *c, const char *path,
			    const cJSON *obj)
{
	for (const cJSON *a = obj->child; a; a = a->next)
		for (const cJSON *b = obj->child; b != a; b = b->next)
			if (strcmp(a->string, b->string) == 0)
				return fail(c, path, "duplicate key '%s'",
					    a->string);
	return 0;
}

/* Checks that obj is an object with no duplicate key and no key outside
 * the NULL-terminated list allowed. */
static int check_object(const struct ctx *c, const char *path,
			const cJSON *obj, const char *const *allowed)
{
	char buf[64];

	if (!cJSON_IsObject(obj))
		return fail(c, path, "expected an object, got %s",
			    describe(obj, buf, sizeof(buf)));
	if (check_duplicates(c, path, obj) < 0)
		return -1;
	for (const cJSON *k = obj->child; k; k = k->next) {
		bool ok = false;

		for (int i = 0; allowed[i] && !ok; i++)
			ok = strcmp(allowed[i], k->string) == 0;
		if (!ok) {
			if (path && *path)
				return fail(c, path, "unknown key '%s'",
					    k->string);
			return fail(c, NULL, "unknown key '%s'", k->string);
		}
	}
	return 0;
}

/* One precision value: "auto" (allowed only when layer is true) or a
 * type string. */
static int get_precision(const struct ctx *c, const char *path,
			 const cJSON *v, bool layer, struct precision *p)
{
	struct error fe;
	const char *s = NULL;

	if (get_string(c, path, v, &s) < 0)
		return -1;
	if (strcmp(s, "auto") == 0) {
		if (!layer)
			return fail(c, path, "'auto' is only allowed on a "
				    "layer");
		p->set = true;
		p->is_auto = true;
		memset(&p->type, 0, sizeof(p->type));
		return 0;
	}
	if (fixed_parse(s, &p->type, &fe) < 0)
		return fail(c, path, "%s", fe.msg);
	p->set = true;
	p->is_auto = false;
	return 0;
}

/* "precision": a string (the default slot) or an object of slots. */
static int get_precisions(const struct ctx *c, const char *path,
			  const cJSON *v, bool layer, struct precision *prec)
{
	char sub[512], buf[64];

	if (cJSON_IsString(v))
		return get_precision(c, path, v, layer, &prec[PREC_DEFAULT]);
	if (!cJSON_IsObject(v))
		return fail(c, path, "expected a type string or an object of "
			    "precision slots, got %s",
			    describe(v, buf, sizeof(buf)));
	if (check_duplicates(c, path, v) < 0)
		return -1;
	for (const cJSON *k = v->child; k; k = k->next) {
		int s = prec_slot_from_name(k->string);

		snprintf(sub, sizeof(sub), "%s.%s", path, k->string);
		if (s < 0)
			return fail(c, path, "unknown precision slot '%s'",
				    k->string);
		if (get_precision(c, sub, k, layer, &prec[s]) < 0)
			return -1;
	}
	return 0;
}

static int get_strategy(const struct ctx *c, const char *path,
			const cJSON *v, enum strategy *out)
{
	const char *s = NULL;
	int st;

	if (get_string(c, path, v, &s) < 0)
		return -1;
	st = strategy_from_name(s);
	if (st < 0 || strcmp(s, strategy_name((enum strategy)st)) != 0)
		return fail(c, path, "unknown strategy \"%s\" (expected "
			    "\"latency\" or \"resource\")", s);
	*out = (enum strategy)st;
	return 0;
}

static int parse_defaults(const struct ctx *c, const cJSON *v,
			  struct design *d)
{
	static const char *const keys[] = {
		"precision", "reuse_factor", "strategy", NULL
	};
	const cJSON *k;

	if (check_object(c, "defaults", v, keys) < 0)
		return -1;
	k = cJSON_GetObjectItemCaseSensitive(v, "precision");
	if (k && get_precisions(c, "defaults.precision", k, false,
				d->prec) < 0)
		return -1;
	k = cJSON_GetObjectItemCaseSensitive(v, "reuse_factor");
	if (k && get_count(c, "defaults.reuse_factor", k,
			   &d->reuse_factor) < 0)
		return -1;
	k = cJSON_GetObjectItemCaseSensitive(v, "strategy");
	if (k && get_strategy(c, "defaults.strategy", k, &d->strategy) < 0)
		return -1;
	return 0;
}

/* Reads the knobs of one layer entry. */
static int parse_layer(const struct ctx *c, const cJSON *v,
		       struct layer_knobs *lk)
{
	static const char *const keys[] = {
		"reuse_factor", "strategy", "parallelization_factor",
		"partition", "table_size", "implementation", "precision", NULL
	};
	char path[512], base[300];
	const cJSON *k;

	snprintf(base, sizeof(base), "layers.%s", lk->name);
	if (check_object(c, base, v, keys) < 0)
		return -1;
	for (k = v->child; k; k = k->next) {
		const char *s = NULL;

		snprintf(path, sizeof(path), "%s.%s", base, k->string);
		if (strcmp(k->string, "reuse_factor") == 0) {
			if (get_count(c, path, k, &lk->reuse_factor) < 0)
				return -1;
			lk->set |= KNOB_REUSE_FACTOR;
		} else if (strcmp(k->string, "strategy") == 0) {
			if (get_strategy(c, path, k, &lk->strategy) < 0)
				return -1;
			lk->set |= KNOB_STRATEGY;
		} else if (strcmp(k->string, "parallelization_factor") == 0) {
			if (get_count(c, path, k,
				      &lk->parallelization_factor) < 0)
				return -1;
			lk->set |= KNOB_PARALLELIZATION;
		} else if (strcmp(k->string, "table_size") == 0) {
			if (get_count(c, path, k, &lk->table_size) < 0)
				return -1;
			lk->set |= KNOB_TABLE_SIZE;
		} else if (strcmp(k->string, "partition") == 0) {
			struct error pe;

			if (get_string(c, path, k, &s) < 0)
				return -1;
			if (partition_parse(s, &lk->partition, &pe) < 0)
				return fail(c, path, "%s", pe.msg);
			lk->set |= KNOB_PARTITION;
		} else if (strcmp(k->string, "implementation") == 0) {
			int impl;

			if (get_string(c, path, k, &s) < 0)
				return -1;
			impl = softmax_impl_from_name(s);
			if (impl < 0 || strcmp(s, softmax_impl_name(
					(enum softmax_impl)impl)) != 0)
				return fail(c, path, "unknown softmax "
					    "implementation \"%s\" (expected "
					    "stable, latency, argmax or "
					    "legacy)", s);
			lk->implementation = (enum softmax_impl)impl;
			lk->set |= KNOB_IMPLEMENTATION;
		} else if (get_precisions(c, path, k, true, lk->prec) < 0) {
			return -1;
		}
	}
	return 0;
}

static int parse_layers(const struct ctx *c, const cJSON *v,
			struct design *d)
{
	char buf[64];

	if (!cJSON_IsObject(v))
		return fail(c, "layers", "expected an object, got %s",
			    describe(v, buf, sizeof(buf)));
	if (check_duplicates(c, "layers", v) < 0)
		return -1;
	for (const cJSON *k = v->child; k; k = k->next) {
		if (!k->string[0])
			return fail(c, "layers", "empty layer name");
		if (parse_layer(c, k, design_layer(d, k->string, true)) < 0)
			return -1;
	}
	return 0;
}

static int parse_globals(const struct ctx *c, const cJSON *root,
			 struct design *d)
{
	const cJSON *v;
	const char *s = NULL;
	char buf[64];
	int t;

	if ((v = cJSON_GetObjectItemCaseSensitive(root, "model")) &&
	    get_opt_string(c, "model", v, &d->model) < 0)
		return -1;
	if ((v = cJSON_GetObjectItemCaseSensitive(root, "weights")) &&
	    get_opt_string(c, "weights", v, &d->weights) < 0)
		return -1;
	if ((v = cJSON_GetObjectItemCaseSensitive(root, "part"))) {
		if (get_string(c, "part", v, &s) < 0)
			return -1;
		if (!*s)
			return fail(c, "part", "expected a part name, got "
				    "\"\"");
		free(d->part);
		d->part = xstrdup(s);
	}
	if ((v = cJSON_GetObjectItemCaseSensitive(root, "clock_ns"))) {
		if (!cJSON_IsNumber(v) || !(v->valuedouble > 0) ||
		    !isfinite(v->valuedouble))
			return fail(c, "clock_ns", "expected a positive "
				    "number of nanoseconds, got %s",
				    describe(v, buf, sizeof(buf)));
		d->clock_ns = v->valuedouble;
	}
	if ((v = cJSON_GetObjectItemCaseSensitive(root, "io_type"))) {
		if (get_string(c, "io_type", v, &s) < 0)
			return -1;
		if ((t = io_type_from_name(s)) < 0)
			return fail(c, "io_type", "unknown io_type \"%s\" "
				    "(expected io_parallel or io_stream)", s);
		d->io_type = (enum io_type)t;
	}
	if ((v = cJSON_GetObjectItemCaseSensitive(root, "backend"))) {
		if (get_string(c, "backend", v, &s) < 0)
			return -1;
		if (strcmp(s, "vitis") && strcmp(s, "vivado") &&
		    strcmp(s, "yosys"))
			return fail(c, "backend", "unknown backend \"%s\" "
				    "(expected vitis, vivado or yosys)", s);
		free(d->backend);
		d->backend = xstrdup(s);
	}
	if ((v = cJSON_GetObjectItemCaseSensitive(root, "defaults")) &&
	    parse_defaults(c, v, d) < 0)
		return -1;
	if ((v = cJSON_GetObjectItemCaseSensitive(root, "layers")) &&
	    parse_layers(c, v, d) < 0)
		return -1;
	return 0;
}

/* Fills err with the line and column of a JSON syntax error at pos. */
static int syntax_error(const struct ctx *c, const char *text, size_t len,
			const char *pos)
{
	size_t off = pos && pos >= text ? (size_t)(pos - text) : 0;
	long line = 1, col = 1;

	if (off > len)
		off = len;
	for (size_t i = 0; i < off; i++) {
		if (text[i] == '\n') {
			line++;
			col = 1;
		} else {
			col++;
		}
	}
	if (off >= len)
		return error_set(c->err, "%s:%ld:%ld: invalid JSON: "
				 "unexpected end of file", c->source, line,
				 col);
	return error_set(c->err, "%s:%ld:%ld: invalid JSON", c->source, line,
			 col);
}

/* Parses into a fresh design. d must be initialised (design_init) or
 * zeroed; on success its old contents are released and replaced, on
 * failure it is left as it was. */
int design_parse(struct design *d, const char *text, size_t len,
		 const char *source, struct error *err)
{
	static const char *const keys[] = {
		"format", "model", "weights", "part", "clock_ns", "io_type",
		"backend", "defaults", "layers", NULL
	};
	struct ctx c = { source ? source : "design.json", err };
	const char *end = NULL;
	struct design tmp;
	const cJSON *fmt;
	char buf[64];
	cJSON *root;
	char *copy;
	int rc = -1;

	if (memchr(text, '\0', len))
		return fail(&c, NULL, "contains a NUL byte");
	copy = xmalloc(len + 1);
	memcpy(copy, text, len);
	copy[len] = '\0';
	root = cJSON_ParseWithLengthOpts(copy, len + 1, &end, 1);
	if (!root) {
		syntax_error(&c, copy, len, end);
		free(copy);
		return -1;
	}
	free(copy);
	design_init(&tmp);
	if (check_object(&c, NULL, root, keys) < 0)
		goto out;
	fmt = cJSON_GetObjectItemCaseSensitive(root, "format");
	if (!fmt) {
		fail(&c, NULL, "missing \"format\": \"%s\"", DESIGN_FORMAT);
		goto out;
	}
	if (!cJSON_IsString(fmt) || strcmp(fmt->valuestring, DESIGN_FORMAT)) {
		fail(&c, "format", "expected \"%s\", got %s", DESIGN_FORMAT,
		     describe(fmt, buf, sizeof(buf)));
		goto out;
	}
	if (parse_globals(&c, root, &tmp) < 0)
		goto out;
	design_release(d);
	*d = tmp;
	memset(&tmp, 0, sizeof(tmp));
	rc = 0;
out:
	design_release(&tmp);
	cJSON_Delete(root);
	return rc;
}

int design_read(struct design *d, const char *path, struct error *err)
{
	size_t len;
	char *text;
	int rc;

	if (fileio_read(path, DESIGN_JSON_MAX, &text, &len, err) < 0)
		return -1;
	rc = design_parse(d, text, len, path, err);
	free(text);
	return rc;
}

/* A growing output buffer. */
struct out {
	char *buf;
	size_t len, cap;
};

static void out_add(struct out *o, const char *s, size_t n)
{
	if (o->len + n + 1 > o->cap) {
		while (o->len + n + 1 > o->cap)
			o->cap = o->cap ? o->cap * 2 : 1024;
		o->buf = xreallocarray(o->buf, o->cap, 1);
	}
	memcpy(o->buf + o->len, s, n);
	o->len += n;
	o->buf[o->len] = '\0';
}

static void out_printf(struct out *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void out_printf(struct out *o, const char *fmt, ...)
{
	char small[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof(small)) {
		out_add(o, small, (size_t)n);
	} else {
		char *big = xmalloc((size_t)n + 1);

		va_start(ap, fmt);
		vsnprintf(big, (size_t)n + 1, fmt, ap);
		va_end(ap);
		out_add(o, big, (size_t)n);
		free(big);
	}
}

/* Appends s as a JSON string literal. */
static void out_string(struct out *o, const char *s)
{
	out_add(o, "\"", 1);
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch == '"' || ch == '\\') {
			char esc[2] = { '\\', (char)ch };

			out_add(o, esc, 2);
		} else if (ch < 0x20) {
			out_printf(o, "\\u%04x", ch);
		} else {
			out_add(o, s, 1);
		}
	}
	out_add(o, "\"", 1);
}

/* Starts a member: separator, newline, indentation and the key. */
static void out_key(struct out *o, int depth, bool *first, const char *key)
{
	out_add(o, *first ? "\n" : ",\n", *first ? 1 : 2);
	*first = false;
	for (int i = 0; i < depth; i++)
		out_add(o, "  ", 2);
	out_string(o, key);
	out_add(o, ": ", 2);
}

/* Closes an object opened with "{" at depth - 1. */
static void out_close(struct out *o, int depth, bool first)
{
	if (first) {
		out_add(o, "}", 1);
		return;
	}
	out_add(o, "\n", 1);
	for (int i = 0; i < depth - 1; i++)
		out_add(o, "  ", 2);
	out_add(o, "}", 1);
}

/* The shortest decimal that reads back as x, with a ".0" on integers. */
static void out_double(struct out *o, double x)
{
	char buf[64];

	for (int prec = 15; prec <= 17; prec++) {
		snprintf(buf, sizeof(buf), "%.*g", prec, x);
		if (strtod(buf, NULL) == x)
			break;
	}
	if (!strpbrk(buf, ".eE"))
		strcat(buf, ".0");
	out_add(o, buf, strlen(buf));
}

static void out_precision(struct out *o, const struct precision *p)
{
	char buf[FIXED_STR_MAX];

	out_string(o, p->is_auto ? "auto" :
		   fixed_format(&p->type, buf, sizeof(buf)));
}

/* Writes a precision array: a string when only the default slot is set,
 * otherwise an object of the set slots. */
static void out_precisions(struct out *o, int depth,
			   const struct precision *prec)
{
	bool first = true;
	int n = 0;

	for (int s = 0; s < PREC_COUNT; s++)
		n += prec[s].set;
	if (n == 1 && prec[PREC_DEFAULT].set) {
		out_precision(o, &prec[PREC_DEFAULT]);
		return;
	}
	out_add(o, "{", 1);
	for (int s = 0; s < PREC_COUNT; s++) {
		if (!prec[s].set)
			continue;
		out_key(o, depth + 1, &first, prec_slot_name((enum prec_slot)s));
		out_precision(o, &prec[s]);
	}
	out_close(o, depth + 1, first);
}

static void out_layer(struct out *o, const struct layer_knobs *lk)
{
	bool first = true, any_prec = false;
	char buf[64];

	out_add(o, "{", 1);
	if (lk->set & KNOB_REUSE_FACTOR) {
		out_key(o, 3, &first, "reuse_factor");
		out_printf(o, "%ld", lk->reuse_factor);
	}
	if (lk->set & KNOB_STRATEGY) {
		out_key(o, 3, &first, "strategy");
		out_string(o, strategy_name(lk->strategy));
	}
	if (lk->set & KNOB_PARALLELIZATION) {
		out_key(o, 3, &first, "parallelization_factor");
		out_printf(o, "%ld", lk->parallelization_factor);
	}
	if (lk->set & KNOB_PARTITION) {
		out_key(o, 3, &first, "partition");
		out_string(o, partition_format(&lk->partition, buf,
					       sizeof(buf)));
	}
	if (lk->set & KNOB_TABLE_SIZE) {
		out_key(o, 3, &first, "table_size");
		out_printf(o, "%ld", lk->table_size);
	}
	if (lk->set & KNOB_IMPLEMENTATION) {
		out_key(o, 3, &first, "implementation");
		out_string(o, softmax_impl_name(lk->implementation));
	}
	for (int s = 0; s < PREC_COUNT; s++)
		any_prec |= lk->prec[s].set;
	if (any_prec) {
		out_key(o, 3, &first, "precision");
		out_precisions(o, 3, lk->prec);
	}
	out_close(o, 3, first);
}

char *design_to_json(const struct design *d)
{
	struct out o = { NULL, 0, 0 };
	bool first = true, lfirst = true, dfirst = true;

	out_add(&o, "{", 1);
	out_key(&o, 1, &first, "format");
	out_string(&o, DESIGN_FORMAT);
	out_key(&o, 1, &first, "model");
	if (d->model)
		out_string(&o, d->model);
	else
		out_add(&o, "null", 4);
	out_key(&o, 1, &first, "weights");
	if (d->weights)
		out_string(&o, d->weights);
	else
		out_add(&o, "null", 4);
	out_key(&o, 1, &first, "part");
	out_string(&o, d->part ? d->part : DESIGN_DEFAULT_PART);
	out_key(&o, 1, &first, "clock_ns");
	out_double(&o, d->clock_ns);
	out_key(&o, 1, &first, "io_type");
	out_string(&o, io_type_name(d->io_type));
	out_key(&o, 1, &first, "backend");
	out_string(&o, d->backend ? d->backend : "vitis");

	out_key(&o, 1, &first, "defaults");
	out_add(&o, "{", 1);
	out_key(&o, 2, &dfirst, "precision");
	out_precisions(&o, 2, d->prec);
	out_key(&o, 2, &dfirst, "reuse_factor");
	out_printf(&o, "%ld", d->reuse_factor);
	out_key(&o, 2, &dfirst, "strategy");
	out_string(&o, strategy_name(d->strategy));
	out_close(&o, 2, dfirst);

	out_key(&o, 1, &first, "layers");
	out_add(&o, "{", 1);
	for (int i = 0; i < d->n_layers; i++) {
		if (layer_knobs_empty(&d->layers[i]))
			continue;
		out_key(&o, 2, &lfirst, d->layers[i].name);
		out_layer(&o, &d->layers[i]);
	}
	out_close(&o, 2, lfirst);
	out_close(&o, 1, false);
	out_add(&o, "\n", 1);
	return o.buf;
}

int design_write(const struct design *d, const char *path, struct error *err)
{
	char *text = design_to_json(d);
	int rc = fileio_write_atomic(path, text, strlen(text), err);

	free(text);
	return rc;
}
