/*
 * part.c - the FPGA part catalog: the built-in devices (part_table.c)
 * plus devices read from user files, and the lookup of a full part
 * string ("xcvu13p-flga2577-2-e", "xc7z020clg400-1") to its device.
 *
 * Lookup rule: the device is the longest catalog name the string starts
 * with (case-insensitive) such that what follows is empty, starts with
 * '-', or starts with a package code of letters then digits (7-series
 * strings glue the package to the device: "xc7z020" + "clg400-1").
 * So "xcvu13pp" and "xcvu13p2" do not match xcvu13p, and "xcvu13"
 * matches nothing.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <cjson/cJSON.h>

#include "core/fileio.h"
#include "core/xalloc.h"
#include "estimators/part.h"

#define PARTS_JSON_MAX (4u << 20)	/* largest parts.json read */
#define PART_COUNT_MAX 1e12		/* largest capacity accepted */
#define NEAREST_MAX 3			/* devices named in a lookup error */

extern const struct part part_builtin[];
extern const int part_builtin_n;

/* User devices (strings owned here), in load order; a user device with
 * a built-in name shadows the built-in one in place. */
static struct part *user;
static int n_user, cap_user;

const char *dsp_kind_name(enum dsp_kind k)
{
	switch (k) {
	case DSP48E1: return "DSP48E1";
	case DSP48E2: return "DSP48E2";
	case DSP58: return "DSP58";
	}
	return "?";
}

static int user_find(const char *device)
{
	for (int i = 0; i < n_user; i++)
		if (strcasecmp(user[i].device, device) == 0)
			return i;
	return -1;
}

static int builtin_find(const char *device)
{
	for (int i = 0; i < part_builtin_n; i++)
		if (strcasecmp(part_builtin[i].device, device) == 0)
			return i;
	return -1;
}

int part_count(void)
{
	int n = part_builtin_n;

	for (int i = 0; i < n_user; i++)
		if (builtin_find(user[i].device) < 0)
			n++;
	return n;
}

const struct part *part_at(int i)
{
	int u;

	if (i < 0)
		return NULL;
	if (i < part_builtin_n) {
		u = user_find(part_builtin[i].device);
		return u >= 0 ? &user[u] : &part_builtin[i];
	}
	i -= part_builtin_n;
	for (u = 0; u < n_user; u++)
		if (builtin_find(user[u].device) < 0 && i-- == 0)
			return &user[u];
	return NULL;
}

static void part_free_strings(struct part *p)
{
	free((char *)p->device);
	free((char *)p->family);
	free((char *)p->example);
}

void part_catalog_release(void)
{
	for (int i = 0; i < n_user; i++)
		part_free_strings(&user[i]);
	free(user);
	user = NULL;
	n_user = cap_user = 0;
}

/* True when rest (what follows a device name in a part string) is empty,
 * starts with '-', or is a package code: letters, digits, then the end
 * or '-'. */
static bool rest_ok(const char *rest)
{
	const char *p = rest;

	if (*p == '\0' || *p == '-')
		return true;
	while (isalpha((unsigned char)*p))
		p++;
	if (p == rest || !isdigit((unsigned char)*p))
		return false;
	while (isdigit((unsigned char)*p))
		p++;
	return *p == '\0' || *p == '-';
}

/* Levenshtein distance of a[0..na) and b[0..nb), case-insensitive. */
static size_t edit_distance(const char *a, size_t na, const char *b,
			    size_t nb)
{
	size_t *row = xcalloc(nb + 1, sizeof(*row)), d;

	for (size_t j = 0; j <= nb; j++)
		row[j] = j;
	for (size_t i = 1; i <= na; i++) {
		size_t diag = row[0];

		row[0] = i;
		for (size_t j = 1; j <= nb; j++) {
			size_t up = row[j], best;

			best = diag + (tolower((unsigned char)a[i - 1]) !=
				       tolower((unsigned char)b[j - 1]));
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			diag = up;
			row[j] = best;
		}
	}
	d = row[nb];
	free(row);
	return d;
}

/* Distance of a part string to a device: its text before the first '-'
 * against the device, or that text cut to the device's length when a
 * package code follows the cut and that is closer (7-series strings
 * carry the package after the name). */
static size_t part_distance(const char *s, const char *device)
{
	size_t n = strcspn(s, "-"), nd = strlen(device);
	size_t d = edit_distance(s, n, device, nd), cut;

	if (n > nd && rest_ok(s + nd)) {
		cut = edit_distance(s, nd, device, nd);
		if (cut < d)
			d = cut;
	}
	return d;
}

/* Fills err for an unknown part, naming up to NEAREST_MAX devices within
 * one edit of the closest, closest first (catalog order on ties). */
static int unknown_part(const char *s, struct error *err)
{
	int n = part_count(), shown = 0;
	size_t *dist = xcalloc((size_t)n, sizeof(*dist)), best = (size_t)-1;
	char list[ERROR_MSG_MAX / 2] = "";

	for (int i = 0; i < n; i++) {
		dist[i] = part_distance(s, part_at(i)->device);
		if (dist[i] < best)
			best = dist[i];
	}
	for (size_t d = best; d <= best + 1 && shown < NEAREST_MAX; d++)
		for (int i = 0; i < n && shown < NEAREST_MAX; i++) {
			size_t used = strlen(list);

			if (dist[i] != d)
				continue;
			snprintf(list + used, sizeof(list) - used, "%s%s",
				 shown ? ", " : "", part_at(i)->device);
			shown++;
		}
	free(dist);
	if (!shown)
		return error_set(err, "unknown part '%s'", s);
	return error_set(err, "unknown part '%s'; nearest known: %s", s, list);
}

int part_lookup(const char *part_string, struct part *out,
		struct error *err)
{
	const struct part *best = NULL;
	size_t best_len = 0;
	int n = part_count();

	for (int i = 0; i < n; i++) {
		const struct part *p = part_at(i);
		size_t len = strlen(p->device);

		if (len > best_len &&
		    strncasecmp(part_string, p->device, len) == 0 &&
		    rest_ok(part_string + len)) {
			best = p;
			best_len = len;
		}
	}
	if (!best)
		return unknown_part(part_string, err);
	*out = *best;
	return 0;
}

/* Parse context for a user file: its name for messages. */
struct ctx {
	const char *source;
	struct error *err;
};

/* Fills err with "source: [index].key: message" and returns -1. */
static int fail(const struct ctx *c, int index, const char *key,
		const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int fail(const struct ctx *c, int index, const char *key,
		const char *fmt, ...)
{
	char msg[ERROR_MSG_MAX / 2];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (index < 0)
		return error_set(c->err, "%s: %s", c->source, msg);
	if (!key)
		return error_set(c->err, "%s: [%d]: %s", c->source, index, msg);
	return error_set(c->err, "%s: [%d].%s: %s", c->source, index, key, msg);
}

/* Describes a JSON value for "got ..." in messages. */
static const char *describe(const cJSON *v, char *buf, size_t n)
{
	if (cJSON_IsString(v))
		snprintf(buf, n, strlen(v->valuestring) > 40 ? "\"%.40s...\"" :
			 "\"%s\"", v->valuestring);
	else if (cJSON_IsNumber(v))
		snprintf(buf, n, "%.15g", v->valuedouble);
	else if (cJSON_IsBool(v))
		snprintf(buf, n, cJSON_IsTrue(v) ? "true" : "false");
	else if (cJSON_IsNull(v))
		snprintf(buf, n, "null");
	else
		snprintf(buf, n, cJSON_IsArray(v) ? "an array" : "an object");
	return buf;
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
		col = text[i] == '\n' ? 1 : col + 1;
		line += text[i] == '\n';
	}
	return error_set(c->err, "%s:%ld:%ld: invalid JSON%s", c->source, line,
			 col, off >= len ? ": unexpected end of file" : "");
}

/* A non-empty string member; devices must be letters and digits. */
static int get_name(const struct ctx *c, int i, const cJSON *o,
		    const char *key, bool device, const char **out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	char buf[64];

	if (!v)
		return fail(c, i, NULL, "missing key '%s'", key);
	if (!cJSON_IsString(v) || !v->valuestring[0])
		return fail(c, i, key, "expected a non-empty string, got %s",
			    describe(v, buf, sizeof(buf)));
	if (device)
		for (const char *p = v->valuestring; *p; p++)
			if (!isalnum((unsigned char)*p))
				return fail(c, i, key, "expected letters and "
					    "digits only, got %s",
					    describe(v, buf, sizeof(buf)));
	*out = v->valuestring;
	return 0;
}

/* A whole number 0..PART_COUNT_MAX member. */
static int get_count(const struct ctx *c, int i, const cJSON *o,
		     const char *key, long *out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	char buf[64];

	if (!v)
		return fail(c, i, NULL, "missing key '%s'", key);
	if (!cJSON_IsNumber(v) || !(v->valuedouble >= 0 &&
				    v->valuedouble <= PART_COUNT_MAX) ||
	    v->valuedouble != floor(v->valuedouble))
		return fail(c, i, key, "expected a non-negative integer, got %s",
			    describe(v, buf, sizeof(buf)));
	*out = (long)v->valuedouble;
	return 0;
}

static int get_dsp_kind(const struct ctx *c, int i, const cJSON *o,
			enum dsp_kind *out)
{
	const enum dsp_kind kinds[] = { DSP48E1, DSP48E2, DSP58 };
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, "dsp_kind");
	char buf[64];

	if (!v)
		return fail(c, i, NULL, "missing key 'dsp_kind'");
	for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++)
		if (cJSON_IsString(v) &&
		    strcmp(v->valuestring, dsp_kind_name(kinds[k])) == 0) {
			*out = kinds[k];
			return 0;
		}
	return fail(c, i, "dsp_kind", "expected \"DSP48E1\", \"DSP48E2\" or "
		    "\"DSP58\", got %s", describe(v, buf, sizeof(buf)));
}

/* Reads entry i of the list into p (strings borrowed from o). */
static int parse_entry(const struct ctx *c, int i, const cJSON *o,
		       struct part *p)
{
	static const char *const keys[] = {
		"device", "family", "example", "dsp_kind", "lut", "ff", "dsp",
		"bram18", "uram", NULL
	};
	char buf[64];

	if (!cJSON_IsObject(o))
		return fail(c, i, NULL, "expected an object, got %s",
			    describe(o, buf, sizeof(buf)));
	for (const cJSON *m = o->child; m; m = m->next) {
		int k = 0;

		while (keys[k] && strcmp(keys[k], m->string))
			k++;
		if (!keys[k])
			return fail(c, i, NULL, "unknown key '%s'", m->string);
		for (const cJSON *n = o->child; n != m; n = n->next)
			if (strcmp(n->string, m->string) == 0)
				return fail(c, i, NULL, "duplicate key '%s'",
					    m->string);
	}
	if (get_name(c, i, o, "device", true, &p->device) < 0 ||
	    get_name(c, i, o, "family", false, &p->family) < 0 ||
	    get_name(c, i, o, "example", false, &p->example) < 0 ||
	    get_dsp_kind(c, i, o, &p->dsp_kind) < 0 ||
	    get_count(c, i, o, "lut", &p->lut) < 0 ||
	    get_count(c, i, o, "ff", &p->ff) < 0 ||
	    get_count(c, i, o, "dsp", &p->dsp) < 0 ||
	    get_count(c, i, o, "bram18", &p->bram18) < 0 ||
	    get_count(c, i, o, "uram", &p->uram) < 0)
		return -1;
	if (strncasecmp(p->example, p->device, strlen(p->device)) ||
	    !rest_ok(p->example + strlen(p->device)))
		return fail(c, i, "example", "'%s' is not a part string of "
			    "device '%s'", p->example, p->device);
	return 0;
}

/* Adds (or replaces by device name) a copy of p to the user list. */
static void user_put(const struct part *p)
{
	int u = user_find(p->device);
	struct part copy = *p;

	copy.device = xstrdup(p->device);
	copy.family = xstrdup(p->family);
	copy.example = xstrdup(p->example);
	if (u >= 0) {
		part_free_strings(&user[u]);
		user[u] = copy;
		return;
	}
	if (n_user == cap_user) {
		cap_user = cap_user ? 2 * cap_user : 8;
		user = xreallocarray(user, (size_t)cap_user, sizeof(*user));
	}
	user[n_user++] = copy;
}

/* Parses a whole file; adds its devices only when every entry is valid. */
static int parse_parts(const struct ctx *c, char *text, size_t len)
{
	const char *end = NULL;
	struct part *tmp;
	cJSON *root;
	char buf[64];
	int n, i, rc = -1;

	if (memchr(text, '\0', len))
		return fail(c, -1, NULL, "contains a NUL byte");
	root = cJSON_ParseWithLengthOpts(text, len + 1, &end, 1);
	if (!root)
		return syntax_error(c, text, len, end);
	if (!cJSON_IsArray(root)) {
		fail(c, -1, NULL, "expected a list of parts, got %s",
		     describe(root, buf, sizeof(buf)));
		cJSON_Delete(root);
		return -1;
	}
	n = cJSON_GetArraySize(root);
	tmp = xcalloc(n > 0 ? (size_t)n : 1, sizeof(*tmp));
	i = 0;
	for (const cJSON *o = root->child; o; o = o->next, i++)
		if (parse_entry(c, i, o, &tmp[i]) < 0)
			goto out;
	for (i = 0; i < n; i++)
		user_put(&tmp[i]);
	rc = 0;
out:
	free(tmp);
	cJSON_Delete(root);
	return rc;
}

int part_catalog_load(const char *path, struct error *err)
{
	struct ctx c = { path, err };
	struct stat st;
	size_t len;
	char *text;
	int rc;

	if (stat(path, &st) < 0 && errno == ENOENT)
		return 0;
	if (fileio_read(path, PARTS_JSON_MAX, &text, &len, err) < 0)
		return -1;
	rc = parse_parts(&c, text, len);
	free(text);
	return rc;
}

int part_catalog_parse(const char *text, size_t len, const char *source,
		       struct error *err)
{
	struct ctx c = { source, err };
	char *copy = xmalloc(len + 1);
	int rc;

	memcpy(copy, text, len);
	copy[len] = '\0';
	rc = parse_parts(&c, copy, len);
	free(copy);
	return rc;
}

int part_catalog_load_user(struct error *err)
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	char *path;
	int rc;

	if (xdg && xdg[0] == '/')
		path = xasprintf("%s/hlsdse/parts.json", xdg);
	else if (home && home[0])
		path = xasprintf("%s/.config/hlsdse/parts.json", home);
	else
		return 0;
	rc = part_catalog_load(path, err);
	free(path);
	return rc;
}
