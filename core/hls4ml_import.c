/*
 * hls4ml_import.c - import of an hls4ml configuration (the YAML file of
 * `hls4ml convert -c`, or the same dictionary as JSON) into a design.
 * YAML is read with libyaml into a cJSON tree with PyYAML's scalar rules
 * (plain integers and floats become numbers, true/false/yes/no booleans,
 * null/~ null, quoted scalars stay strings); one importer then walks the
 * tree: top-level Part/ClockPeriod/IOType/Backend, HLSConfig Model
 * (design defaults), LayerType (expanded onto every layer of that hls4ml
 * class) and LayerName (per layer, overriding LayerType), with hls4ml's
 * precedence. Values are checked like design_set's; keys hls4ml has but
 * hlsdse does not model become warnings.
 */
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>
#include <yaml.h>

#include "design.h"
#include "fileio.h"
#include "xalloc.h"

#define CONFIG_MAX (16u << 20)		/* largest configuration read */
#define YAML_DEPTH_MAX 64
#define KNOB_INT_MAX 2147483648.0	/* 2^31 */

/* ---- YAML to cJSON ---------------------------------------------------- */

struct yframe {
	cJSON *node;
	char *key;		/* mapping: key waiting for its value */
};

struct yreader {
	const char *path;
	struct error *err;
	struct yframe stack[YAML_DEPTH_MAX];
	int depth;
	cJSON *root;
};

static bool match_any(const char *s, const char *const *list)
{
	for (int i = 0; list[i]; i++)
		if (strcmp(s, list[i]) == 0)
			return true;
	return false;
}

/* PyYAML's (YAML 1.1) plain booleans; *out gets the value. */
static bool yaml_is_bool(const char *s, bool *out)
{
	static const char *const yes[] = {
		"true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON",
		NULL
	};
	static const char *const no[] = {
		"false", "False", "FALSE", "no", "No", "NO", "off", "Off",
		"OFF", NULL
	};

	if (match_any(s, yes)) {
		*out = true;
		return true;
	}
	if (match_any(s, no)) {
		*out = false;
		return true;
	}
	return false;
}

static bool yaml_is_null(const char *s)
{
	static const char *const nulls[] = {
		"", "~", "null", "Null", "NULL", NULL
	};

	return match_any(s, nulls);
}

/* Decimal integers [-+]?(0|[1-9][0-9]*) as plain YAML numbers. */
static bool yaml_is_int(const char *s)
{
	if (*s == '-' || *s == '+')
		s++;
	if (s[0] == '0')
		return s[1] == '\0';
	if (*s < '1' || *s > '9')
		return false;
	while (*s >= '0' && *s <= '9')
		s++;
	return *s == '\0';
}

/* PyYAML floats: digits with a dot, optional exponent, or .inf/.nan. */
static bool yaml_is_float(const char *s, double *out)
{
	static const char *const inf[] = { ".inf", ".Inf", ".INF", NULL };
	static const char *const nan_s[] = { ".nan", ".NaN", ".NAN", NULL };
	const char *p = s;
	int digits = 0;
	int sign = 1;

	if (match_any(s, nan_s)) {
		*out = NAN;
		return true;
	}
	if (*p == '-' || *p == '+')
		sign = *p++ == '-' ? -1 : 1;
	if (match_any(p, inf)) {
		*out = sign * INFINITY;
		return true;
	}
	while (*p >= '0' && *p <= '9')
		p++, digits++;
	if (*p != '.')
		return false;
	p++;
	while (*p >= '0' && *p <= '9')
		p++, digits++;
	if (!digits)
		return false;
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '-' || *p == '+')
			p++;
		if (*p < '0' || *p > '9')
			return false;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	if (*p)
		return false;
	*out = strtod(s, NULL);
	return true;
}

static int yfail(struct yreader *r, const yaml_mark_t *mark, const char *fmt,
		 ...) __attribute__((format(printf, 3, 4)));

static int yfail(struct yreader *r, const yaml_mark_t *mark, const char *fmt,
		 ...)
{
	char msg[ERROR_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return error_set(r->err, "%s:%zu:%zu: %s", r->path,
			 (size_t)mark->line + 1, (size_t)mark->column + 1,
			 msg);
}

/* A scalar as a cJSON node, after its tag or PyYAML's plain rules. */
static cJSON *yaml_scalar(struct yreader *r, const yaml_event_t *ev)
{
	const char *v = (const char *)ev->data.scalar.value;
	const char *tag = (const char *)ev->data.scalar.tag;
	bool plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
	bool b;
	double x;

	if (tag && strcmp(tag, "!") != 0) {
		if (strcmp(tag, YAML_STR_TAG) == 0 ||
		    strcmp(tag, "!keras_model") == 0)
			return cJSON_CreateString(v);
		if (strcmp(tag, YAML_NULL_TAG) == 0 && yaml_is_null(v))
			return cJSON_CreateNull();
		if (strcmp(tag, YAML_BOOL_TAG) == 0 && yaml_is_bool(v, &b))
			return cJSON_CreateBool(b);
		if (strcmp(tag, YAML_INT_TAG) == 0 && yaml_is_int(v))
			return cJSON_CreateNumber(strtod(v, NULL));
		if (strcmp(tag, YAML_FLOAT_TAG) == 0 &&
		    (yaml_is_float(v, &x) || yaml_is_int(v)))
			return cJSON_CreateNumber(yaml_is_int(v) ?
						  strtod(v, NULL) : x);
		yfail(r, &ev->start_mark, "unsupported YAML tag '%s' on "
		      "'%s'", tag, v);
		return NULL;
	}
	if (!plain || tag)
		return cJSON_CreateString(v);
	if (yaml_is_null(v))
		return cJSON_CreateNull();
	if (yaml_is_bool(v, &b))
		return cJSON_CreateBool(b);
	if (yaml_is_int(v))
		return cJSON_CreateNumber(strtod(v, NULL));
	if (yaml_is_float(v, &x))
		return cJSON_CreateNumber(x);
	return cJSON_CreateString(v);
}

/* Places node (owned) under the open collection, or as the root. */
static int yaml_place(struct yreader *r, cJSON *node, const yaml_mark_t *mark)
{
	struct yframe *top;

	if (r->depth == 0) {
		r->root = node;
		return 0;
	}
	top = &r->stack[r->depth - 1];
	if (cJSON_IsArray(top->node)) {
		cJSON_AddItemToArray(top->node, node);
		return 0;
	}
	if (!top->key) {
		cJSON_Delete(node);
		return yfail(r, mark, "complex mapping keys are not "
			     "supported");
	}
	/* PyYAML keeps the last of duplicate keys */
	if (cJSON_GetObjectItemCaseSensitive(top->node, top->key))
		cJSON_ReplaceItemInObjectCaseSensitive(top->node, top->key,
						       node);
	else
		cJSON_AddItemToObject(top->node, top->key, node);
	free(top->key);
	top->key = NULL;
	return 0;
}

static bool collection_tag_ok(const yaml_char_t *tag, const char *std)
{
	return !tag || strcmp((const char *)tag, "!") == 0 ||
	       strcmp((const char *)tag, std) == 0;
}

/* Handles one parser event; returns 1 at the end of the stream. */
static int yaml_event(struct yreader *r, const yaml_event_t *ev, int *docs)
{
	const yaml_char_t *anchor = NULL;
	struct yframe *top = r->depth ? &r->stack[r->depth - 1] : NULL;
	cJSON *node;

	switch (ev->type) {
	case YAML_STREAM_END_EVENT:
		return 1;
	case YAML_DOCUMENT_START_EVENT:
		if (++*docs > 1)
			return yfail(r, &ev->start_mark, "more than one YAML "
				     "document");
		return 0;
	case YAML_ALIAS_EVENT:
		return yfail(r, &ev->start_mark, "YAML aliases (*%s) are not "
			     "supported", (const char *)ev->data.alias.anchor);
	case YAML_SCALAR_EVENT:
		anchor = ev->data.scalar.anchor;
		break;
	case YAML_SEQUENCE_START_EVENT:
		anchor = ev->data.sequence_start.anchor;
		if (!collection_tag_ok(ev->data.sequence_start.tag,
				       YAML_SEQ_TAG))
			return yfail(r, &ev->start_mark, "unsupported YAML "
				     "tag '%s'",
				     ev->data.sequence_start.tag);
		break;
	case YAML_MAPPING_START_EVENT:
		anchor = ev->data.mapping_start.anchor;
		if (!collection_tag_ok(ev->data.mapping_start.tag,
				       YAML_MAP_TAG))
			return yfail(r, &ev->start_mark, "unsupported YAML "
				     "tag '%s'", ev->data.mapping_start.tag);
		break;
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		r->depth--;
		return 0;
	default:
		return 0;
	}
	if (anchor)
		return yfail(r, &ev->start_mark, "YAML anchors (&%s) are not "
			     "supported", (const char *)anchor);
	if (ev->type == YAML_SCALAR_EVENT && top && cJSON_IsObject(top->node) &&
	    !top->key) {
		top->key = xstrdup((const char *)ev->data.scalar.value);
		return 0;
	}
	if (ev->type == YAML_SCALAR_EVENT) {
		if (!(node = yaml_scalar(r, ev)))
			return -1;
		return yaml_place(r, node, &ev->start_mark);
	}
	if (r->depth == YAML_DEPTH_MAX)
		return yfail(r, &ev->start_mark, "YAML nested deeper than %d "
			     "levels", YAML_DEPTH_MAX);
	node = ev->type == YAML_MAPPING_START_EVENT ? cJSON_CreateObject() :
		cJSON_CreateArray();
	if (yaml_place(r, node, &ev->start_mark) < 0)
		return -1;
	r->stack[r->depth].node = node;
	r->stack[r->depth].key = NULL;
	r->depth++;
	return 0;
}

/* Reads YAML text into a cJSON tree (caller deletes). */
static cJSON *yaml_to_cjson(const char *text, size_t len, const char *path,
			    struct error *err)
{
	struct yreader r = { .path = path, .err = err };
	yaml_parser_t parser;
	yaml_event_t ev;
	int docs = 0, rc = 0;

	yaml_parser_initialize(&parser);
	yaml_parser_set_input_string(&parser, (const unsigned char *)text,
				     len);
	while (rc == 0) {
		if (!yaml_parser_parse(&parser, &ev)) {
			rc = yfail(&r, &parser.problem_mark, "invalid YAML: %s",
				   parser.problem ? parser.problem : "?");
			break;
		}
		rc = yaml_event(&r, &ev, &docs);
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);
	for (int i = 0; i < YAML_DEPTH_MAX; i++)
		free(r.stack[i].key);
	if (rc < 0) {
		cJSON_Delete(r.root);
		return NULL;
	}
	if (!r.root)
		error_set(err, "%s: empty hls4ml configuration", path);
	return r.root;
}

/* Reads JSON text into a cJSON tree, with the error position. */
static cJSON *json_to_cjson(const char *text, size_t len, const char *path,
			    struct error *err)
{
	const char *end = NULL;
	long line = 1, col = 1;
	cJSON *root = cJSON_ParseWithLengthOpts(text, len + 1, &end, 1);

	if (root)
		return root;
	for (const char *p = text; end && p < end && p < text + len; p++) {
		if (*p == '\n') {
			line++;
			col = 1;
		} else {
			col++;
		}
	}
	error_set(err, "%s:%ld:%ld: invalid JSON", path, line, col);
	return NULL;
}

/* ---- the importer ------------------------------------------------------ */

struct warning {
	char *text;		/* a finished warning, or NULL for a key */
	char *key;		/* key that hlsdse ignores */
	char *where;		/* first place it occurs */
	bool known;		/* an hls4ml key (else unknown to hls4ml) */
	int count;
};

struct imp {
	const char *path;
	const struct model *m;
	struct design *d;
	struct error *err;
	struct warning *w;
	int n_w;
	const cJSON *layer_name;	/* HLSConfig.LayerName or NULL */
	unsigned *lt_prec;		/* per model layer: slots LayerType set */
};

static void warn(struct imp *im, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void warn(struct imp *im, const char *fmt, ...)
{
	char buf[ERROR_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	im->w = xreallocarray(im->w, (size_t)im->n_w + 1, sizeof(*im->w));
	memset(&im->w[im->n_w], 0, sizeof(im->w[0]));
	im->w[im->n_w++].text = xstrdup(buf);
}

/* Notes a key hlsdse ignores; one warning per key name at the end. */
static void warn_key(struct imp *im, const char *key, const char *where,
		     bool known)
{
	struct warning *w;

	for (int i = 0; i < im->n_w; i++) {
		if (im->w[i].key && strcmp(im->w[i].key, key) == 0) {
			im->w[i].count++;
			return;
		}
	}
	im->w = xreallocarray(im->w, (size_t)im->n_w + 1, sizeof(*im->w));
	w = &im->w[im->n_w++];
	memset(w, 0, sizeof(*w));
	w->key = xstrdup(key);
	w->where = xstrdup(where);
	w->known = known;
	w->count = 1;
}

static int ifail(struct imp *im, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int ifail(struct imp *im, const char *path, const char *fmt, ...)
{
	char msg[ERROR_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return error_set(im->err, "%s: %s: %s", im->path, path, msg);
}

static const char *describe(const cJSON *v, char *buf, size_t n)
{
	if (cJSON_IsString(v))
		snprintf(buf, n, "\"%.40s\"", v->valuestring);
	else if (cJSON_IsNumber(v))
		snprintf(buf, n, "%.15g", v->valuedouble);
	else if (cJSON_IsBool(v))
		snprintf(buf, n, "%s", cJSON_IsTrue(v) ? "true" : "false");
	else if (cJSON_IsNull(v))
		snprintf(buf, n, "null");
	else
		snprintf(buf, n, "%s", cJSON_IsArray(v) ? "a list" :
			 "a mapping");
	return buf;
}

/* hls4ml's convert_to_snake_case: '_' before every capital but the
 * first, then lower case ("ReuseFactor" -> "reuse_factor"). */
static void snake_case(const char *s, char *out, size_t n)
{
	size_t j = 0;

	for (size_t i = 0; s[i] && j + 2 < n; i++) {
		if (i > 0 && isupper((unsigned char)s[i]))
			out[j++] = '_';
		out[j++] = (char)tolower((unsigned char)s[i]);
	}
	out[j] = '\0';
}

static int get_count(struct imp *im, const char *path, const cJSON *v,
		     long *out)
{
	char buf[64];

	if (!cJSON_IsNumber(v) || !(v->valuedouble >= 1 &&
				    v->valuedouble <= KNOB_INT_MAX) ||
	    v->valuedouble != floor(v->valuedouble))
		return ifail(im, path, "expected a positive integer, got %s",
			     describe(v, buf, sizeof(buf)));
	*out = (long)v->valuedouble;
	return 0;
}

static int get_type(struct imp *im, const char *path, const cJSON *v,
		    bool allow_auto, struct precision *p)
{
	const char *s;
	struct error fe;
	char buf[64];

	if (!cJSON_IsString(v))
		return ifail(im, path, "expected a type string, got %s",
			     describe(v, buf, sizeof(buf)));
	s = v->valuestring;
	if (strcmp(s, "auto") == 0) {
		if (!allow_auto)
			return ifail(im, path, "'auto' is only allowed in a "
				     "layer's Precision");
		memset(p, 0, sizeof(*p));
		p->set = p->is_auto = true;
		return 0;
	}
	if (fixed_parse(s, &p->type, &fe) < 0) {
		if (strchr(s, '<') && !strchr(s, '>'))
			return ifail(im, path, "%s (in YAML flow style {...} "
				     "an unquoted type is cut at its comma: "
				     "quote it)", fe.msg);
		return ifail(im, path, "%s", fe.msg);
	}
	p->set = true;
	p->is_auto = false;
	return 0;
}

static int get_strategy(struct imp *im, const char *path, const cJSON *v,
			enum strategy *out)
{
	char snake[64], buf[64];

	if (!cJSON_IsString(v))
		return ifail(im, path, "expected Latency or Resource, got %s",
			     describe(v, buf, sizeof(buf)));
	snake_case(v->valuestring, snake, sizeof(snake));
	if (strcmp(snake, "latency") == 0) {
		*out = STRATEGY_LATENCY;
	} else if (strcmp(snake, "resource") == 0) {
		*out = STRATEGY_RESOURCE;
	} else if (strcmp(snake, "resource_unrolled") == 0 ||
		   strcmp(snake, "unrolled") == 0 ||
		   strcmp(snake, "distributed_arithmetic") == 0 ||
		   strcmp(snake, "da") == 0) {
		return ifail(im, path, "strategy '%s' is not supported by "
			     "hlsdse (Latency or Resource)", v->valuestring);
	} else {
		return ifail(im, path, "unknown strategy '%s' (hls4ml reads "
			     "it as '%s'; expected Latency or Resource)",
			     v->valuestring, snake);
	}
	return 0;
}

/* Precision keys hls4ml reads that hlsdse does not model. */
static const char *const precision_unmodelled[] = {
	"maximum", "param", "dw_output", NULL
};

/* A Precision entry (string or dict) into prec; *set_mask gets the slots
 * it set. Table slots are not read from Precision by hls4ml. */
static int get_precisions(struct imp *im, const char *path, const cJSON *v,
			  bool layer, struct precision *prec,
			  unsigned *set_mask)
{
	char sub[512], lower[64], buf[64];

	*set_mask = 0;
	if (cJSON_IsString(v)) {
		*set_mask = 1u << PREC_DEFAULT;
		return get_type(im, path, v, layer, &prec[PREC_DEFAULT]);
	}
	if (!cJSON_IsObject(v))
		return ifail(im, path, "expected a type string or a mapping, "
			     "got %s", describe(v, buf, sizeof(buf)));
	for (const cJSON *k = v->child; k; k = k->next) {
		int s;

		snprintf(lower, sizeof(lower), "%s", k->string);
		for (char *c = lower; *c; c++)
			*c = (char)tolower((unsigned char)*c);
		snprintf(sub, sizeof(sub), "%s.%s", path, k->string);
		s = prec_slot_from_name(lower);
		if (s == PREC_TABLE || s == PREC_EXP_TABLE ||
		    s == PREC_INV_TABLE) {
			warn(im, "%s: hls4ml does not read table types from "
			     "Precision (use %s_t); ignored", sub, lower);
			continue;
		}
		if (s < 0) {
			warn_key(im, k->string, sub,
				 match_any(lower, precision_unmodelled));
			continue;
		}
		if (get_type(im, sub, k, layer, &prec[s]) < 0)
			return -1;
		*set_mask |= 1u << s;
	}
	return 0;
}

/* Layer-level keys (after snake_case) hls4ml has and hlsdse ignores. */
static const char *const layer_unmodelled[] = {
	"trace", "compression", "bram_factor", "conv_implementation",
	"recurrent_reuse_factor", "static", "skip", "accum_t", "inv_inp_t",
	"exp_table_size", "inv_table_size", "pipeline_style", "result_t",
	"weight_t", "bias_t", NULL
};

/* The hls4ml IR class of a model layer (Keras Activation('softmax')
 * becomes Softmax). */
static const char *hls4ml_class(const struct layer *l)
{
	if (l->kind == LAYER_ACTIVATION && l->activation == ACT_SOFTMAX)
		return "Softmax";
	return layer_kind_name(l->kind);
}

/* Applies one LayerType (by_name false) or LayerName entry to model
 * layer idx. */
static int apply_layer_entry(struct imp *im, int idx, const cJSON *entry,
			     const char *path, bool by_name)
{
	const struct layer *l = &im->m->layers[idx];
	struct layer_knobs *lk = design_layer(im->d, l->name, true);
	char sub[512], snake[64], buf[64];
	unsigned mask;
	long n;

	if (!cJSON_IsObject(entry))
		return ifail(im, path, "expected a mapping, got %s",
			     describe(entry, buf, sizeof(buf)));
	for (const cJSON *k = entry->child; k; k = k->next) {
		int slot = -1;

		snprintf(sub, sizeof(sub), "%s.%s", path, k->string);
		snake_case(k->string, snake, sizeof(snake));
		if (strcmp(k->string, "Precision") == 0) {
			if (get_precisions(im, sub, k, true, lk->prec,
					   &mask) < 0)
				return -1;
			if (by_name && (mask & (1u << PREC_DEFAULT))) {
				/* LayerName's default beats LayerType's
				 * per-variable types in hls4ml's lookup */
				for (int s = 0; s < PREC_COUNT; s++)
					if ((im->lt_prec[idx] & (1u << s)) &&
					    !(mask & (1u << s)))
						memset(&lk->prec[s], 0,
						       sizeof(lk->prec[s]));
			}
			if (!by_name)
				im->lt_prec[idx] |= mask;
		} else if (strcmp(k->string, "ReuseFactor") == 0) {
			if (get_count(im, sub, k, &lk->reuse_factor) < 0)
				return -1;
			lk->set |= KNOB_REUSE_FACTOR;
		} else if (strcmp(k->string, "Strategy") == 0) {
			if (get_strategy(im, sub, k, &lk->strategy) < 0)
				return -1;
			lk->set |= KNOB_STRATEGY;
		} else if (strcmp(snake, "parallelization_factor") == 0) {
			if (!by_name && cJSON_GetObjectItemCaseSensitive(
					im->layer_name, l->name))
				continue;	/* LayerName entry decides */
			if (get_count(im, sub, k, &n) < 0)
				return -1;
			lk->parallelization_factor = n;
			lk->set |= KNOB_PARALLELIZATION;
		} else if (strcmp(snake, "table_size") == 0) {
			if (get_count(im, sub, k, &lk->table_size) < 0)
				return -1;
			lk->set |= KNOB_TABLE_SIZE;
		} else if (strcmp(snake, "implementation") == 0) {
			int t = cJSON_IsString(k) ?
				softmax_impl_from_name(k->valuestring) : -1;

			if (t < 0)
				return ifail(im, sub, "expected stable, "
					     "latency, argmax or legacy, got "
					     "%s", describe(k, buf,
							    sizeof(buf)));
			lk->implementation = (enum softmax_impl)t;
			lk->set |= KNOB_IMPLEMENTATION;
		} else if (strcmp(snake, "table_t") == 0) {
			slot = PREC_TABLE;
		} else if (strcmp(snake, "exp_table_t") == 0) {
			slot = PREC_EXP_TABLE;
		} else if (strcmp(snake, "inv_table_t") == 0) {
			slot = PREC_INV_TABLE;
		} else {
			warn_key(im, k->string, sub,
				 match_any(snake, layer_unmodelled));
		}
		if (slot >= 0 && get_type(im, sub, k, false,
					  &lk->prec[slot]) < 0)
			return -1;
	}
	return 0;
}

static const char *const model_unmodelled[] = {
	"BramFactor", "TraceOutput", "Compression", "PipelineStyle",
	"PipelineInterval", "TargetCycles", "BitExact", "Trace", NULL
};

/* Model: the design defaults. PF is returned for the convolutions that
 * no LayerType or LayerName entry covers. */
static int apply_model(struct imp *im, const cJSON *model, long *pf)
{
	char sub[512], snake[64], buf[64];
	unsigned mask;

	if (!cJSON_IsObject(model))
		return ifail(im, "HLSConfig.Model", "expected a mapping, got "
			     "%s", describe(model, buf, sizeof(buf)));
	for (const cJSON *k = model->child; k; k = k->next) {
		snprintf(sub, sizeof(sub), "HLSConfig.Model.%s", k->string);
		snake_case(k->string, snake, sizeof(snake));
		if (strcmp(k->string, "Precision") == 0) {
			if (get_precisions(im, sub, k, false, im->d->prec,
					   &mask) < 0)
				return -1;
		} else if (strcmp(k->string, "ReuseFactor") == 0) {
			if (get_count(im, sub, k, &im->d->reuse_factor) < 0)
				return -1;
		} else if (strcmp(k->string, "Strategy") == 0) {
			if (get_strategy(im, sub, k, &im->d->strategy) < 0)
				return -1;
		} else if (strcmp(snake, "parallelization_factor") == 0) {
			if (get_count(im, sub, k, pf) < 0)
				return -1;
		} else if (strcmp(snake, "table_size") == 0 ||
			   strcmp(snake, "implementation") == 0 ||
			   strcmp(snake, "table_t") == 0 ||
			   strcmp(snake, "exp_table_t") == 0 ||
			   strcmp(snake, "inv_table_t") == 0) {
			warn(im, "%s: hls4ml does not read %s at the Model "
			     "level; ignored", sub, k->string);
		} else {
			warn_key(im, k->string, sub,
				 match_any(k->string, model_unmodelled));
		}
	}
	return 0;
}

static int apply_layer_type(struct imp *im, const cJSON *lt)
{
	char sub[512], buf[64];

	if (!cJSON_IsObject(lt))
		return ifail(im, "HLSConfig.LayerType", "expected a mapping, "
			     "got %s", describe(lt, buf, sizeof(buf)));
	for (const cJSON *k = lt->child; k; k = k->next) {
		snprintf(sub, sizeof(sub), "HLSConfig.LayerType.%s",
			 k->string);
		if (layer_kind_from_name(k->string) < 0 ||
		    strcmp(k->string, "Unsupported") == 0) {
			warn(im, "%s: '%s' is not an hls4ml layer class "
			     "(LayerType keys are IR classes such as Dense, "
			     "Conv2D, Activation); ignored", sub, k->string);
			continue;
		}
		for (int i = 0; i < im->m->n_layers; i++)
			if (strcmp(hls4ml_class(&im->m->layers[i]),
				   k->string) == 0 &&
			    apply_layer_entry(im, i, k, sub, false) < 0)
				return -1;
	}
	return 0;
}

static int apply_layer_name(struct imp *im, const cJSON *ln)
{
	char sub[512], buf[64];

	if (!cJSON_IsObject(ln))
		return ifail(im, "HLSConfig.LayerName", "expected a mapping, "
			     "got %s", describe(ln, buf, sizeof(buf)));
	for (const cJSON *k = ln->child; k; k = k->next) {
		int idx = model_find(im->m, k->string);

		snprintf(sub, sizeof(sub), "HLSConfig.LayerName.%s",
			 k->string);
		if (idx < 0) {
			warn(im, "hls4ml config names layer '%s' not in "
			     "model; ignored", k->string);
			continue;
		}
		if (apply_layer_entry(im, idx, k, sub, true) < 0)
			return -1;
	}
	return 0;
}

/* Model-level ParallelizationFactor reaches a convolution only when
 * neither LayerName nor LayerType has an entry for it. */
static void apply_model_pf(struct imp *im, const cJSON *lt, long pf)
{
	for (int i = 0; i < im->m->n_layers; i++) {
		const struct layer *l = &im->m->layers[i];
		struct layer_knobs *lk;

		if (strcmp(layer_kind_family(l->kind), "conv") != 0 ||
		    cJSON_GetObjectItemCaseSensitive(im->layer_name, l->name) ||
		    cJSON_GetObjectItemCaseSensitive(lt, hls4ml_class(l)))
			continue;
		lk = design_layer(im->d, l->name, true);
		lk->parallelization_factor = pf;
		lk->set |= KNOB_PARALLELIZATION;
	}
}

static int apply_hlsconfig(struct imp *im, const cJSON *hc)
{
	static const char *const unmodelled[] = {
		"Flows", "Optimizers", "SkipOptimizers", NULL
	};
	const cJSON *model, *lt;
	char buf[64], sub[512];
	long pf = 0;

	if (!cJSON_IsObject(hc))
		return ifail(im, "HLSConfig", "expected a mapping, got %s",
			     describe(hc, buf, sizeof(buf)));
	model = cJSON_GetObjectItemCaseSensitive(hc, "Model");
	lt = cJSON_GetObjectItemCaseSensitive(hc, "LayerType");
	im->layer_name = cJSON_GetObjectItemCaseSensitive(hc, "LayerName");
	for (const cJSON *k = hc->child; k; k = k->next) {
		if (match_any(k->string, (const char *const[]){
				"Model", "LayerType", "LayerName", NULL }))
			continue;
		snprintf(sub, sizeof(sub), "HLSConfig.%s", k->string);
		warn_key(im, k->string, sub, match_any(k->string, unmodelled));
	}
	if (im->layer_name && !cJSON_IsObject(im->layer_name))
		return ifail(im, "HLSConfig.LayerName", "expected a mapping, "
			     "got %s", describe(im->layer_name, buf,
						 sizeof(buf)));
	if (model && apply_model(im, model, &pf) < 0)
		return -1;
	if (lt && apply_layer_type(im, lt) < 0)
		return -1;
	if (im->layer_name && apply_layer_name(im, im->layer_name) < 0)
		return -1;
	if (pf)
		apply_model_pf(im, lt, pf);
	return 0;
}

static int apply_backend(struct imp *im, const cJSON *v)
{
	static const char *const ok[] = { "vivado", "vitis", "yosys" };
	char buf[64];

	if (!cJSON_IsString(v))
		return ifail(im, "Backend", "expected a backend name, got %s",
			     describe(v, buf, sizeof(buf)));
	for (int i = 0; i < 3; i++) {
		if (strcasecmp(v->valuestring, ok[i]) == 0) {
			free(im->d->backend);
			im->d->backend = xstrdup(ok[i]);
			return 0;
		}
	}
	warn(im, "hls4ml backend '%s' is not supported by hlsdse; keeping "
	     "'%s'", v->valuestring, im->d->backend);
	return 0;
}

static int apply_clock(struct imp *im, const cJSON *v)
{
	char buf[64], *end = NULL;
	double x = NAN;

	if (cJSON_IsNumber(v)) {
		x = v->valuedouble;
	} else if (cJSON_IsString(v) && v->valuestring[0]) {
		x = strtod(v->valuestring, &end);
		if (*end)
			x = NAN;
	}
	if (!(x > 0) || !isfinite(x))
		return ifail(im, "ClockPeriod", "expected a positive number "
			     "of nanoseconds, got %s",
			     describe(v, buf, sizeof(buf)));
	im->d->clock_ns = x;
	return 0;
}

static int apply_part(struct imp *im, const char *key, const cJSON *v)
{
	char buf[64];

	if (!cJSON_IsString(v) || !v->valuestring[0])
		return ifail(im, key, "expected a part name, got %s",
			     describe(v, buf, sizeof(buf)));
	free(im->d->part);
	im->d->part = xstrdup(v->valuestring);
	return 0;
}

/* Top-level keys that locate the model or project: not design knobs. */
static const char *const top_silent[] = {
	"KerasJson", "KerasH5", "KerasModel", "OnnxModel", "PytorchModel",
	"InputShape", "OutputDir", "ProjectName", "InputData",
	"OutputPredictions", NULL
};

static const char *const top_unmodelled[] = {
	"ClockUncertainty", "WriterConfig", "MaximumSize", "TraceOutput",
	"Version", NULL
};

static int apply_top(struct imp *im, const cJSON *root)
{
	const cJSON *part, *v;
	char buf[64];
	int t;

	if (!cJSON_IsObject(root))
		return error_set(im->err, "%s: expected a mapping at the top "
				 "level, got %s", im->path,
				 describe(root, buf, sizeof(buf)));
	part = cJSON_GetObjectItemCaseSensitive(root, "Part");
	for (v = root->child; v; v = v->next) {
		const char *k = v->string;

		if (strcmp(k, "Part") == 0) {
			if (apply_part(im, k, v) < 0)
				return -1;
		} else if (strcmp(k, "XilinxPart") == 0) {
			if (part) {
				warn(im, "XilinxPart is ignored by hls4ml "
				     "since v0.7.0; Part is used");
				continue;
			}
			if (apply_part(im, k, v) < 0)
				return -1;
			warn(im, "XilinxPart is ignored by hls4ml since "
			     "v0.7.0 (use Part); taking the part '%s' from "
			     "it because Part is absent", im->d->part);
		} else if (strcmp(k, "ClockPeriod") == 0) {
			if (apply_clock(im, v) < 0)
				return -1;
		} else if (strcmp(k, "IOType") == 0) {
			t = cJSON_IsString(v) ?
				io_type_from_name(v->valuestring) : -1;
			if (t < 0)
				return ifail(im, "IOType", "expected io_parallel "
					     "or io_stream, got %s",
					     describe(v, buf, sizeof(buf)));
			im->d->io_type = (enum io_type)t;
		} else if (strcmp(k, "Backend") == 0) {
			if (apply_backend(im, v) < 0)
				return -1;
		} else if (strcmp(k, "HLSConfig") != 0 &&
			   !match_any(k, top_silent)) {
			warn_key(im, k, k, match_any(k, top_unmodelled));
		}
	}
	v = cJSON_GetObjectItemCaseSensitive(root, "HLSConfig");
	return v ? apply_hlsconfig(im, v) : 0;
}

/* Removes knob entries that hold nothing (layers whose entries had only
 * ignored keys). */
static void drop_empty_layers(struct design *d)
{
	int n = 0;

	for (int i = 0; i < d->n_layers; i++) {
		struct layer_knobs *lk = &d->layers[i];
		bool empty = !lk->set;

		for (int s = 0; s < PREC_COUNT && empty; s++)
			empty = !lk->prec[s].set;
		if (empty)
			free(lk->name);
		else
			d->layers[n++] = *lk;
	}
	d->n_layers = n;
}

/* Turns the collected warnings into strings appended to *out. */
static void flush_warnings(struct imp *im, char ***out, int *n_out)
{
	*out = xreallocarray(*out, (size_t)*n_out + (size_t)im->n_w + 1,
			     sizeof(**out));
	for (int i = 0; i < im->n_w; i++) {
		struct warning *w = &im->w[i];
		char more[64] = "";

		if (w->count > 1)
			snprintf(more, sizeof(more), " and %d more",
				 w->count - 1);
		if (w->text)
			(*out)[(*n_out)++] = w->text;
		else if (w->known)
			(*out)[(*n_out)++] = xasprintf("hls4ml key '%s' (%s%s) "
						       "is not modelled by "
						       "hlsdse; ignored",
						       w->key, w->where, more);
		else
			(*out)[(*n_out)++] = xasprintf("'%s' (%s%s) is not an "
						       "hls4ml configuration "
						       "key; ignored", w->key,
						       w->where, more);
		w->text = NULL;
	}
}

static void free_warnings(struct imp *im)
{
	for (int i = 0; i < im->n_w; i++) {
		free(im->w[i].text);
		free(im->w[i].key);
		free(im->w[i].where);
	}
	free(im->w);
}

/* True for text that is JSON rather than YAML: a .json name, or a
 * document that starts with '{' or '[' and parses as JSON. */
static cJSON *read_tree(const char *path, const char *text, size_t len,
			struct error *err)
{
	size_t n = strlen(path);
	const char *p = text;

	if (n >= 5 && strcmp(path + n - 5, ".json") == 0)
		return json_to_cjson(text, len, path, err);
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	if (*p == '{' || *p == '[') {
		cJSON *root = cJSON_ParseWithLengthOpts(text, len + 1, NULL, 1);

		if (root)
			return root;
	}
	return yaml_to_cjson(text, len, path, err);
}

/* Applies the configuration on top of d. A refused import leaves d as it
 * was and appends no warnings. */
int design_import_hls4ml(struct design *d, const struct model *m,
			 const char *path, char ***warnings, int *n_warnings,
			 struct error *err)
{
	struct imp im = { .path = path, .m = m, .err = err };
	struct design work = { 0 };
	cJSON *root = NULL;
	char *text, *json;
	size_t len;
	int rc = -1;

	if (fileio_read(path, CONFIG_MAX, &text, &len, err) < 0)
		return -1;
	if (memchr(text, '\0', len)) {
		free(text);
		return error_set(err, "%s: contains a NUL byte", path);
	}
	root = read_tree(path, text, len, err);
	free(text);
	if (!root)
		return -1;
	/* work on a copy so that a refused import leaves d as it was */
	json = design_to_json(d);
	rc = design_parse(&work, json, strlen(json), "design", err);
	free(json);
	if (rc < 0)
		goto out;
	im.d = &work;
	im.lt_prec = xcalloc((size_t)m->n_layers + 1, sizeof(*im.lt_prec));
	rc = apply_top(&im, root);
	if (rc == 0 && (rc = design_validate(&work, m, err)) < 0)
		error_prefix(err, "%s", path);
	if (rc == 0) {
		drop_empty_layers(&work);
		design_release(d);
		*d = work;
		memset(&work, 0, sizeof(work));
		flush_warnings(&im, warnings, n_warnings);
	}
out:
	free(im.lt_prec);
	free_warnings(&im);
	design_release(&work);
	cJSON_Delete(root);
	return rc;
}
