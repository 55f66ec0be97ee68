/*
 * table.c - the table model and its text, Markdown, CSV and JSON
 * renderings (see table.h for the rules each follows).
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "reports/table.h"

int table_format_from_name(const char *s)
{
	static const char *const names[] = { "text", "md", "csv", "json" };

	for (int i = 0; i < 4; i++)
		if (strcmp(s, names[i]) == 0)
			return i;
	return -1;
}

void table_init(struct table *t, const char *title)
{
	memset(t, 0, sizeof(*t));
	t->title = title ? xstrdup(title) : NULL;
}

void table_release(struct table *t)
{
	for (int i = 0; i < t->n_rows * t->n_cols; i++)
		free(t->cells[i].text);
	for (int i = 0; i < t->n_cols; i++) {
		free(t->cols[i].key);
		free(t->cols[i].head);
		free(t->cols[i].unit);
	}
	free(t->cells);
	free(t->cols);
	free(t->title);
	memset(t, 0, sizeof(*t));
}

int table_col(struct table *t, const char *key, const char *head,
	      const char *unit, enum table_align align)
{
	struct table_col *c;

	t->cols = xreallocarray(t->cols, (size_t)t->n_cols + 1,
				sizeof(*t->cols));
	c = &t->cols[t->n_cols];
	c->key = xstrdup(key);
	c->head = xstrdup(head ? head : key);
	c->unit = unit ? xstrdup(unit) : NULL;
	c->align = align;
	c->width = 0;
	c->gap = 2;
	c->flags = TABLE_FIT;
	return t->n_cols++;
}

void table_col_text(struct table *t, int c, int width, int gap,
		    unsigned flags)
{
	t->cols[c].width = width;
	t->cols[c].gap = gap;
	t->cols[c].flags = flags;
}

int table_row(struct table *t)
{
	size_t nc = (size_t)t->n_cols;

	if (t->n_rows == t->alloc_rows) {
		t->alloc_rows = t->alloc_rows ? 2 * t->alloc_rows : 8;
		t->cells = xreallocarray(t->cells,
					 (size_t)t->alloc_rows * nc,
					 sizeof(*t->cells));
	}
	memset(&t->cells[(size_t)t->n_rows * nc], 0, nc * sizeof(*t->cells));
	return t->n_rows++;
}

static struct table_cell *at(struct table *t, int row, int col)
{
	return &t->cells[(size_t)row * (size_t)t->n_cols + (size_t)col];
}

const struct table_cell *table_cell(const struct table *t, int row, int col)
{
	return &t->cells[(size_t)row * (size_t)t->n_cols + (size_t)col];
}

void table_str(struct table *t, int row, int col, const char *s)
{
	struct table_cell *c = at(t, row, col);

	free(c->text);
	c->text = s ? xstrdup(s) : NULL;
	c->is_num = false;
}

void table_strf(struct table *t, int row, int col, const char *fmt, ...)
{
	struct table_cell *c = at(t, row, col);
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	free(c->text);
	c->text = xmalloc((size_t)(n < 0 ? 0 : n) + 1);
	c->text[0] = '\0';
	va_start(ap, fmt);
	vsnprintf(c->text, (size_t)(n < 0 ? 0 : n) + 1, fmt, ap);
	va_end(ap);
	c->is_num = false;
}

void table_num(struct table *t, int row, int col, double v, int decimals)
{
	char buf[64];

	snprintf(buf, sizeof(buf), "%.*f", decimals, v);
	table_num_text(t, row, col, v, buf);
}

void table_num_text(struct table *t, int row, int col, double v,
		    const char *text)
{
	struct table_cell *c = at(t, row, col);

	free(c->text);
	c->text = xstrdup(text);
	c->num = v;
	c->is_num = true;
}

void table_mark(struct table *t, int row, int col)
{
	at(t, row, col)->mark = true;
}

void table_num_exact(double v, char *buf, size_t n)
{
	for (int digits = 15; digits <= 17; digits++) {
		snprintf(buf, n, "%.*g", digits, v);
		if (strtod(buf, NULL) == v)
			return;
	}
}

/* The heading as text and Markdown show it: "head (unit)". */
static char *heading(const struct table_col *c)
{
	if (c->unit && c->unit[0])
		return xasprintf("%s (%s)", c->head, c->unit);
	return xstrdup(c->head);
}

/* A cell's text as the text rendering shows it (caller frees). */
static char *text_of(const struct table_cell *c)
{
	if (!c->text)
		return xstrdup("-");
	return c->mark ? xasprintf("%s*", c->text) : xstrdup(c->text);
}

static void pad_cell(struct strbuf *out, const struct table_col *c, int w,
		     const char *s, int i)
{
	size_t sw = strbuf_width(s), pad = (size_t)w > sw ? (size_t)w - sw : 0;

	if ((c->flags & TABLE_OMIT_EMPTY) && !s[0])
		return;
	if (i > 0)
		strbuf_addrep(out, ' ', (size_t)c->gap);
	if (c->align == TABLE_RIGHT)
		strbuf_addrep(out, ' ', pad);
	strbuf_add(out, s);
	if (c->align == TABLE_LEFT)
		strbuf_addrep(out, ' ', pad);
}

static void render_text(const struct table *t, struct strbuf *out)
{
	int *w = xcalloc((size_t)t->n_cols + 1, sizeof(*w));
	bool all_fit = true;

	for (int c = 0; c < t->n_cols; c++) {
		const struct table_col *col = &t->cols[c];
		char *h = heading(col);

		w[c] = col->width;
		all_fit = all_fit && (col->flags & TABLE_FIT);
		if (col->flags & TABLE_FIT) {
			if ((int)strbuf_width(h) > w[c])
				w[c] = (int)strbuf_width(h);
			for (int r = 0; r < t->n_rows; r++) {
				char *s = text_of(table_cell(t, r, c));

				if ((int)strbuf_width(s) > w[c])
					w[c] = (int)strbuf_width(s);
				free(s);
			}
		}
		free(h);
	}
	for (int r = -1; r < t->n_rows; r++) {
		size_t start = out->len;

		for (int c = 0; c < t->n_cols; c++) {
			char *s = r < 0 ? heading(&t->cols[c]) :
				(t->cols[c].flags & TABLE_OMIT_EMPTY) &&
				!table_cell(t, r, c)->text ? xstrdup("") :
				text_of(table_cell(t, r, c));

			pad_cell(out, &t->cols[c], w[c], s, c);
			free(s);
		}
		if (all_fit) {
			strbuf_rtrim(out);
			if (out->len < start)
				out->len = start;
		}
		strbuf_addch(out, '\n');
	}
	free(w);
}

/* Markdown cell text: '|' escaped, line breaks folded. */
static void md_text(struct strbuf *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '|')
			strbuf_add(out, "\\|");
		else if (*s == '\n' || *s == '\r')
			strbuf_addch(out, ' ');
		else
			strbuf_addch(out, *s);
	}
}

static void render_md(const struct table *t, struct strbuf *out)
{
	strbuf_add(out, "|");
	for (int c = 0; c < t->n_cols; c++) {
		char *h = heading(&t->cols[c]);

		strbuf_addch(out, ' ');
		md_text(out, h);
		strbuf_add(out, " |");
		free(h);
	}
	strbuf_add(out, "\n|");
	for (int c = 0; c < t->n_cols; c++)
		strbuf_add(out, t->cols[c].align == TABLE_RIGHT ? " ---: |" :
			   " --- |");
	strbuf_addch(out, '\n');
	for (int r = 0; r < t->n_rows; r++) {
		strbuf_add(out, "|");
		for (int c = 0; c < t->n_cols; c++) {
			const struct table_cell *cell = table_cell(t, r, c);

			strbuf_addch(out, ' ');
			if (cell->mark && cell->text && cell->text[0])
				strbuf_add(out, "**");
			md_text(out, cell->text ? cell->text : "-");
			if (cell->mark && cell->text && cell->text[0])
				strbuf_add(out, "**");
			strbuf_add(out, " |");
		}
		strbuf_addch(out, '\n');
	}
}

/* One RFC 4180 field: quoted when it holds a comma, quote, line break
 * or edge space; quotes doubled. */
static void csv_field(struct strbuf *out, const char *s)
{
	size_t n = strlen(s);

	if (!strpbrk(s, ",\"\r\n") && !(n && (s[0] == ' ' || s[n - 1] == ' '))) {
		strbuf_add(out, s);
		return;
	}
	strbuf_addch(out, '"');
	for (; *s; s++) {
		if (*s == '"')
			strbuf_addch(out, '"');
		strbuf_addch(out, *s);
	}
	strbuf_addch(out, '"');
}

static void render_csv(const struct table *t, struct strbuf *out)
{
	char num[64];

	for (int c = 0; c < t->n_cols; c++) {
		if (c)
			strbuf_addch(out, ',');
		csv_field(out, t->cols[c].key);
	}
	strbuf_add(out, "\r\n");
	for (int r = 0; r < t->n_rows; r++) {
		for (int c = 0; c < t->n_cols; c++) {
			const struct table_cell *cell = table_cell(t, r, c);

			if (c)
				strbuf_addch(out, ',');
			if (!cell->text || (cell->is_num && !isfinite(cell->num)))
				continue;
			if (cell->is_num) {
				table_num_exact(cell->num, num, sizeof(num));
				strbuf_add(out, num);
			} else {
				csv_field(out, cell->text);
			}
		}
		strbuf_add(out, "\r\n");
	}
}

/* Adds v to o as the exact number table_num_exact writes (cJSON's own
 * printing may round the last bit away). */
static void add_number(cJSON *o, const char *k, double v)
{
	char buf[64];

	table_num_exact(v, buf, sizeof(buf));
	cJSON_AddRawToObject(o, k, buf);
}

cJSON *table_json(const struct table *t)
{
	cJSON *o = cJSON_CreateObject(), *cols, *rows;

	if (t->title)
		cJSON_AddStringToObject(o, "title", t->title);
	else
		cJSON_AddNullToObject(o, "title");
	cols = cJSON_AddArrayToObject(o, "columns");
	for (int c = 0; c < t->n_cols; c++) {
		cJSON *j = cJSON_CreateObject();

		cJSON_AddStringToObject(j, "key", t->cols[c].key);
		cJSON_AddStringToObject(j, "heading", t->cols[c].head);
		if (t->cols[c].unit)
			cJSON_AddStringToObject(j, "unit", t->cols[c].unit);
		else
			cJSON_AddNullToObject(j, "unit");
		cJSON_AddItemToArray(cols, j);
	}
	rows = cJSON_AddArrayToObject(o, "rows");
	for (int r = 0; r < t->n_rows; r++) {
		cJSON *j = cJSON_CreateObject();

		for (int c = 0; c < t->n_cols; c++) {
			const struct table_cell *cell = table_cell(t, r, c);
			const char *k = t->cols[c].key;

			if (!cell->text || (cell->is_num && !isfinite(cell->num)))
				cJSON_AddNullToObject(j, k);
			else if (cell->is_num)
				add_number(j, k, cell->num);
			else
				cJSON_AddStringToObject(j, k, cell->text);
		}
		cJSON_AddItemToArray(rows, j);
	}
	return o;
}

void table_json_print(cJSON *j, struct strbuf *out)
{
	char *s = cJSON_Print(j);
	bool line_start = true;

	/* cJSON indents with tabs and puts one after each colon; strings
	 * never hold a raw tab (cJSON writes \t) */
	for (const char *p = s; *p; p++) {
		if (*p == '\t') {
			strbuf_add(out, line_start ? "  " : " ");
			continue;
		}
		strbuf_addch(out, *p);
		line_start = *p == '\n';
	}
	strbuf_addch(out, '\n');
	cJSON_free(s);
	cJSON_Delete(j);
}

void table_print(const struct table *t, enum table_format f, FILE *out)
{
	struct strbuf sb;

	strbuf_init(&sb);
	table_render(t, f, &sb);
	fwrite(sb.buf, 1, sb.len, out);
	strbuf_release(&sb);
}

void table_render(const struct table *t, enum table_format f,
		  struct strbuf *out)
{
	switch (f) {
	case TABLE_TEXT: render_text(t, out); break;
	case TABLE_MD: render_md(t, out); break;
	case TABLE_CSV: render_csv(t, out); break;
	case TABLE_JSON: table_json_print(table_json(t), out); break;
	}
}
