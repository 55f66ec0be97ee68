/*
 * doc.c - the report document and its text, Markdown, JSON and CSV
 * renderings (HTML is html.c's).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "reports/doc.h"
#include "reports/html.h"

void doc_init(struct doc *d, const char *title)
{
	memset(d, 0, sizeof(*d));
	d->title = xstrdup(title);
}

void doc_release(struct doc *d)
{
	for (int i = 0; i < d->n; i++) {
		free(d->blocks[i].text);
		free(d->blocks[i].caption);
		if (d->blocks[i].table) {
			table_release(d->blocks[i].table);
			free(d->blocks[i].table);
		}
	}
	free(d->blocks);
	free(d->title);
	memset(d, 0, sizeof(*d));
}

static struct doc_block *add(struct doc *d, enum doc_kind kind)
{
	struct doc_block *b;

	d->blocks = xreallocarray(d->blocks, (size_t)d->n + 1,
				  sizeof(*d->blocks));
	b = &d->blocks[d->n++];
	memset(b, 0, sizeof(*b));
	b->kind = kind;
	return b;
}

/* vasprintf through xalloc. */
static char *vformat(const char *fmt, va_list ap)
{
	va_list aq;
	int n;
	char *s;

	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	s = xmalloc((size_t)(n < 0 ? 0 : n) + 1);
	s[0] = '\0';
	vsnprintf(s, (size_t)(n < 0 ? 0 : n) + 1, fmt, ap);
	return s;
}

void doc_heading(struct doc *d, int level, const char *fmt, ...)
{
	struct doc_block *b = add(d, DOC_HEADING);
	va_list ap;

	b->level = level;
	va_start(ap, fmt);
	b->text = vformat(fmt, ap);
	va_end(ap);
}

void doc_para(struct doc *d, const char *fmt, ...)
{
	struct doc_block *b = add(d, DOC_PARA);
	va_list ap;

	va_start(ap, fmt);
	b->text = vformat(fmt, ap);
	va_end(ap);
}

void doc_fact(struct doc *d, const char *key, const char *fmt, ...)
{
	struct doc_block *b = d->n ? &d->blocks[d->n - 1] : NULL;
	va_list ap;
	char *v;
	int r;

	if (!b || b->kind != DOC_FACTS) {
		b = add(d, DOC_FACTS);
		b->table = xmalloc(sizeof(*b->table));
		table_init(b->table, NULL);
		table_col(b->table, "key", NULL, NULL, TABLE_LEFT);
		table_col(b->table, "value", NULL, NULL, TABLE_LEFT);
	}
	va_start(ap, fmt);
	v = vformat(fmt, ap);
	va_end(ap);
	r = table_row(b->table);
	table_str(b->table, r, 0, key);
	table_str(b->table, r, 1, v);
	free(v);
}

struct table *doc_table(struct doc *d, const char *title, bool primary)
{
	struct doc_block *b = add(d, DOC_TABLE);

	b->table = xmalloc(sizeof(*b->table));
	table_init(b->table, title);
	if (primary)
		d->primary = b->table;
	return b->table;
}

void doc_pre(struct doc *d, const char *text)
{
	add(d, DOC_PRE)->text = xstrdup(text);
}

void doc_svg(struct doc *d, char *svg, const char *caption)
{
	struct doc_block *b = add(d, DOC_SVG);

	b->text = svg;
	b->caption = xstrdup(caption);
}

int doc_format_from_name(const char *s)
{
	static const char *const names[] = { "text", "md", "csv", "json",
		"html" };

	for (int i = 0; i < 5; i++)
		if (strcmp(s, names[i]) == 0)
			return i;
	return -1;
}

static void underline(struct strbuf *out, const char *s, char c)
{
	strbuf_add(out, s);
	strbuf_addch(out, '\n');
	strbuf_addrep(out, c, strbuf_width(s));
	strbuf_addch(out, '\n');
}

/* Facts as "key:  value" lines with the values aligned. */
static void facts_text(const struct table *t, struct strbuf *out,
		       const char *indent)
{
	size_t w = 0;

	for (int r = 0; r < t->n_rows; r++)
		if (strbuf_width(table_cell(t, r, 0)->text) > w)
			w = strbuf_width(table_cell(t, r, 0)->text);
	for (int r = 0; r < t->n_rows; r++) {
		const char *k = table_cell(t, r, 0)->text;

		strbuf_addf(out, "%s%s:", indent, k);
		strbuf_addrep(out, ' ', w - strbuf_width(k) + 2);
		strbuf_add(out, table_cell(t, r, 1)->text);
		strbuf_addch(out, '\n');
	}
}

static void render_text(const struct doc *d, struct strbuf *out)
{
	underline(out, d->title, '=');
	for (int i = 0; i < d->n; i++) {
		const struct doc_block *b = &d->blocks[i];

		if (b->kind == DOC_SVG)
			continue;	/* plots are the HTML report's */
		strbuf_addch(out, '\n');
		switch (b->kind) {
		case DOC_HEADING:
			if (b->level <= 2)
				underline(out, b->text, '-');
			else
				strbuf_addf(out, "%s\n", b->text);
			break;
		case DOC_PARA:
			strbuf_addf(out, "%s\n", b->text);
			break;
		case DOC_FACTS:
			facts_text(b->table, out, "");
			break;
		case DOC_TABLE:
			table_render(b->table, TABLE_TEXT, out);
			break;
		case DOC_PRE:
			for (const char *p = b->text; *p;) {
				const char *nl = strchr(p, '\n');
				size_t n = nl ? (size_t)(nl - p) : strlen(p);

				strbuf_add(out, "    ");
				strbuf_addn(out, p, n);
				strbuf_addch(out, '\n');
				p += n + (nl != NULL);
			}
			break;
		case DOC_SVG:
			break;
		}
	}
}

static void render_md(const struct doc *d, struct strbuf *out)
{
	strbuf_addf(out, "# %s\n", d->title);
	for (int i = 0; i < d->n; i++) {
		const struct doc_block *b = &d->blocks[i];
		const char *fence;

		if (b->kind == DOC_SVG)
			continue;
		strbuf_addch(out, '\n');
		switch (b->kind) {
		case DOC_HEADING:
			strbuf_addrep(out, '#', (size_t)b->level);
			strbuf_addf(out, " %s\n", b->text);
			break;
		case DOC_PARA:
			strbuf_addf(out, "%s\n", b->text);
			break;
		case DOC_FACTS:
			for (int r = 0; r < b->table->n_rows; r++)
				strbuf_addf(out, "- **%s**: %s\n",
					    table_cell(b->table, r, 0)->text,
					    table_cell(b->table, r, 1)->text);
			break;
		case DOC_TABLE:
			table_render(b->table, TABLE_MD, out);
			break;
		case DOC_PRE:
			fence = strstr(b->text, "```") ? "~~~~" : "```";
			strbuf_addf(out, "%s\n%s%s%s\n", fence, b->text,
				    b->text[0] && b->text[strlen(b->text) - 1] ==
				    '\n' ? "" : "\n", fence);
			break;
		case DOC_SVG:
			break;
		}
	}
}

static cJSON *section(cJSON *sections, const char *heading, int level)
{
	cJSON *s = cJSON_CreateObject();

	if (heading)
		cJSON_AddStringToObject(s, "heading", heading);
	else
		cJSON_AddNullToObject(s, "heading");
	cJSON_AddNumberToObject(s, "level", level);
	cJSON_AddObjectToObject(s, "facts");
	cJSON_AddArrayToObject(s, "paragraphs");
	cJSON_AddArrayToObject(s, "tables");
	cJSON_AddArrayToObject(s, "preformatted");
	cJSON_AddItemToArray(sections, s);
	return s;
}

static void render_json(const struct doc *d, struct strbuf *out)
{
	cJSON *o = cJSON_CreateObject(), *secs, *s;

	cJSON_AddStringToObject(o, "title", d->title);
	secs = cJSON_AddArrayToObject(o, "sections");
	s = section(secs, NULL, 1);
	for (int i = 0; i < d->n; i++) {
		const struct doc_block *b = &d->blocks[i];
		cJSON *f;

		switch (b->kind) {
		case DOC_HEADING:
			s = section(secs, b->text, b->level);
			break;
		case DOC_PARA:
			cJSON_AddItemToArray(cJSON_GetObjectItemCaseSensitive(
				s, "paragraphs"), cJSON_CreateString(b->text));
			break;
		case DOC_FACTS:
			f = cJSON_GetObjectItemCaseSensitive(s, "facts");
			for (int r = 0; r < b->table->n_rows; r++)
				cJSON_AddStringToObject(
					f, table_cell(b->table, r, 0)->text,
					table_cell(b->table, r, 1)->text);
			break;
		case DOC_TABLE:
			cJSON_AddItemToArray(cJSON_GetObjectItemCaseSensitive(
				s, "tables"), table_json(b->table));
			break;
		case DOC_PRE:
			cJSON_AddItemToArray(cJSON_GetObjectItemCaseSensitive(
				s, "preformatted"), cJSON_CreateString(b->text));
			break;
		case DOC_SVG:
			break;
		}
	}
	table_json_print(o, out);
}

static void render_csv(const struct doc *d, struct strbuf *out)
{
	const struct table *t = d->primary;

	for (int i = 0; i < d->n && !t; i++)
		if (d->blocks[i].kind == DOC_TABLE)
			t = d->blocks[i].table;
	if (t)
		table_render(t, TABLE_CSV, out);
}

void doc_render(const struct doc *d, enum doc_format f, struct strbuf *out)
{
	switch (f) {
	case DOC_TEXT: render_text(d, out); break;
	case DOC_MD: render_md(d, out); break;
	case DOC_CSV: render_csv(d, out); break;
	case DOC_JSON: render_json(d, out); break;
	case DOC_HTML: html_render(d, out); break;
	}
}
