/*
 * qkeras.c - QKeras quantizers turned into the fixed-point types hls4ml
 * declares for them (hls4ml/model/quantizers.py, hls4ml/utils/config.py):
 * quantized_bits(b, i) -> ap_fixed<b, i+1> (ap_ufixed<b, i> without
 * keep_negative, ap_int<b> when b == i), quantized_relu(b, i) -> ap_ufixed<b, i>, quantized_tanh(b) ->
 * ap_fixed<b, 1> (SAT_SYM when symmetric), quantized_sigmoid(b) ->
 * ap_ufixed<b, 0>, ternary -> ap_int<2>, binary -> ap_uint<1> (hls4ml's
 * 1-bit XNOR type). Config entries made from quantizers round to nearest
 * even and saturate (AP_RND_CONV, AP_SAT), as hls4ml writes them.
 * Quantizers are given as {class_name, config} objects or as strings such
 * as "quantized_relu(6,0)" or "quantized_bits(6, 0, alpha=1)".
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keras_internal.h"
#include "xalloc.h"

struct qparams {
	char name[48];
	double bits, integer, symmetric, keep_negative, negative_slope;
	char alpha[32];		/* "" when absent, None or 1 */
};

/* Positional argument names of each quantizer's constructor. */
static const char *const *positional(const char *name)
{
	static const char *const bits[] = { "bits", "integer", "symmetric",
		"keep_negative", "alpha", NULL };
	static const char *const relu[] = { "bits", "integer", "use_sigmoid",
		"negative_slope", NULL };
	static const char *const tanh_[] = { "bits", "integer", "symmetric",
		NULL };
	static const char *const other[] = { "bits", NULL };

	if (strcmp(name, "quantized_bits") == 0)
		return bits;
	if (strcmp(name, "quantized_relu") == 0)
		return relu;
	if (strcmp(name, "quantized_tanh") == 0)
		return tanh_;
	return other;
}

/* Stores one named argument (numbers, True/False, None, 'auto'). */
static void set_param(struct qparams *p, const char *key, const char *val)
{
	double v;
	char *end;

	if (strcmp(val, "True") == 0 || strcmp(val, "true") == 0)
		v = 1;
	else if (strcmp(val, "False") == 0 || strcmp(val, "false") == 0)
		v = 0;
	else
		v = strtod(val, &end);
	if (strcmp(key, "alpha") == 0) {
		if (strcmp(val, "None") != 0 && strcmp(val, "null") != 0 &&
		    !(strtod(val, &end) == 1.0 && *end == '\0'))
			snprintf(p->alpha, sizeof(p->alpha), "%s", val);
	} else if (strcmp(key, "bits") == 0) {
		p->bits = v;
	} else if (strcmp(key, "integer") == 0) {
		p->integer = v;
	} else if (strcmp(key, "symmetric") == 0) {
		p->symmetric = v;
	} else if (strcmp(key, "keep_negative") == 0) {
		p->keep_negative = v;
	} else if (strcmp(key, "negative_slope") == 0) {
		p->negative_slope = v;
	}
}

static char *trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	if (e - s >= 2 && (*s == '\'' || *s == '"') && e[-1] == *s) {
		e[-1] = '\0';
		s++;
	}
	return s;
}

/* Parses "name(a, b, key=value)" into p. */
static int parse_string(const char *text, struct qparams *p)
{
	char buf[256], *open, *arg, *save = NULL;
	const char *const *pos;
	int n = 0;

	if (strlen(text) >= sizeof(buf))
		return -1;
	strcpy(buf, text);
	open = strchr(buf, '(');
	if (open) {
		char *close = strrchr(open, ')');

		if (!close || close[1] != '\0')
			return -1;
		*close = '\0';
		*open++ = '\0';
	}
	snprintf(p->name, sizeof(p->name), "%s", trim(buf));
	if (!p->name[0])
		return -1;
	pos = positional(p->name);
	for (arg = open ? strtok_r(open, ",", &save) : NULL; arg;
	     arg = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(arg, '=');

		if (eq) {
			*eq = '\0';
			set_param(p, trim(arg), trim(eq + 1));
		} else if (pos[n]) {	/* extra positionals are ignored */
			set_param(p, pos[n++], trim(arg));
		}
	}
	return 0;
}

/* Reads a {class_name, config} quantizer object into p. */
static int parse_object(const cJSON *q, struct qparams *p)
{
	const cJSON *cls = cJSON_GetObjectItemCaseSensitive(q, "class_name");
	const cJSON *cfg = cJSON_GetObjectItemCaseSensitive(q, "config");
	const cJSON *v;

	if (!cJSON_IsString(cls))
		return -1;
	snprintf(p->name, sizeof(p->name), "%s", cls->valuestring);
	if (!cJSON_IsObject(cfg))
		return 0;
	cJSON_ArrayForEach(v, cfg) {
		char val[32];

		if (cJSON_IsNumber(v))
			snprintf(val, sizeof(val), "%.17g", v->valuedouble);
		else if (cJSON_IsBool(v))
			snprintf(val, sizeof(val), "%s",
				 cJSON_IsTrue(v) ? "True" : "False");
		else if (cJSON_IsString(v))
			snprintf(val, sizeof(val), "%s", v->valuestring);
		else
			snprintf(val, sizeof(val), "None");
		set_param(p, v->string, val);
	}
	return 0;
}

/* Display form: name(bits,integer). */
static char *describe(const struct qparams *p)
{
	if (strcmp(p->name, "binary") == 0 || strcmp(p->name, "ternary") == 0)
		return xstrdup(p->name);
	return xasprintf("%s(%g,%g)", p->name, p->bits, p->integer);
}

static bool valid_bits(const struct qparams *p)
{
	return p->bits >= 1 && p->bits <= 64 && p->bits == floor(p->bits) &&
		p->integer == floor(p->integer) && fabs(p->integer) <= 64;
}

int qkeras_quantizer(struct kparse *kp, const struct layer *l,
		     const cJSON *q, bool is_activation,
		     struct fixed_type *out, enum activation *act,
		     char **text)
{
	struct qparams p = { .bits = 8, .keep_negative = 1 };
	int b, i;

	if ((cJSON_IsString(q) ? parse_string(q->valuestring, &p) :
	     cJSON_IsObject(q) ? parse_object(q, &p) : -1) < 0)
		return error_set(kp->err, "'%s': layer '%s': malformed QKeras "
				 "quantizer", kp->source, l->name);
	*act = ACT_LINEAR;
	free(*text);
	*text = describe(&p);
	if (strcmp(p.name, "binary") == 0) {
		*out = fixed_make(1, 1, false);
		out->is_int = true;
		return 0;
	}
	if (strcmp(p.name, "ternary") == 0) {
		*out = fixed_make(2, 2, true);
		out->is_int = true;
		return 0;
	}
	if (!valid_bits(&p))
		return error_set(kp->err, "'%s': layer '%s': quantizer %s has "
				 "invalid bits/integer", kp->source, l->name,
				 *text);
	b = (int)p.bits;
	i = (int)p.integer;
	if (strcmp(p.name, "quantized_bits") == 0) {
		if (p.keep_negative)
			*out = fixed_make(b, b == i ? b : i + 1, true);
		else
			*out = fixed_make(b, i, false);
		out->is_int = b == i;
	} else if (strcmp(p.name, "quantized_relu") == 0) {
		*act = p.negative_slope != 0 ? ACT_LEAKY_RELU : ACT_RELU;
		*out = fixed_make(b, p.negative_slope != 0 ? i + 1 : i,
				  p.negative_slope != 0);
	} else if (strcmp(p.name, "quantized_tanh") == 0) {
		*act = ACT_TANH;
		*out = fixed_make(b, 1, true);
		if (p.symmetric)
			out->sat = FIXED_SAT_SYM;
	} else if (strcmp(p.name, "quantized_sigmoid") == 0) {
		*act = ACT_SIGMOID;
		*out = fixed_make(b, 0, false);
	} else {
		model_warn(kp->m, "layer '%s': quantizer %s has no fixed-point "
			   "equivalent; the design's precision applies",
			   l->name, *text);
		return 1;
	}
	if (!out->is_int) {
		out->round = FIXED_RND_CONV;
		if (out->sat == FIXED_WRAP)
			out->sat = FIXED_SAT;
	}
	if (p.alpha[0] && is_activation == false)
		model_warn(kp->m, "layer '%s': quantizer alpha=%s makes hls4ml "
			   "insert an ApplyAlpha scale; it is not modelled",
			   l->name, p.alpha);
	return 0;
}
