/*
 * table.h - the one table model every report and table-printing command
 * uses: columns (key, heading, unit, alignment, text width) and rows of
 * cells (display text, and the number behind it), rendered as aligned
 * text, Markdown, CSV (RFC 4180) or JSON (cJSON).
 *
 * Text: a column's width is its minimum as printf's "%-9s" uses it; a
 * TABLE_FIT column also grows to its widest cell and heading. Gaps are
 * the spaces before a column. When every column fits, trailing spaces
 * are trimmed. Markdown and HTML headings read "heading (unit)".
 * CSV and JSON carry the exact number behind a numeric cell (the
 * shortest text that reads back the same double, in both), text and
 * Markdown its display text. A missing cell is "-" in text and Markdown, empty in CSV and
 * null in JSON. A marked cell (a difference) is "x*" in text, "**x**" in
 * Markdown; CSV and JSON do not mark.
 *
 * Ownership: struct table owns its strings; table_release frees them.
 */
#ifndef HLSDSE_TABLE_H
#define HLSDSE_TABLE_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdio.h>

#include "reports/strbuf.h"

enum table_align { TABLE_LEFT, TABLE_RIGHT };
enum table_format { TABLE_TEXT, TABLE_MD, TABLE_CSV, TABLE_JSON };

/* Column flags. */
#define TABLE_FIT 1u		/* text: grow to the widest cell/heading */
#define TABLE_OMIT_EMPTY 2u	/* text: an empty or missing cell prints
				   nothing, not even its gap */

/* Parses "text", "md", "csv" or "json"; -1 when none. */
int table_format_from_name(const char *s);

struct table_cell {
	char *text;		/* display text; NULL: missing */
	double num;
	bool is_num;
	bool mark;
};

struct table_col {
	char *key;		/* CSV heading and JSON member name */
	char *head;		/* text/Markdown heading */
	char *unit;		/* or NULL */
	enum table_align align;
	int width, gap;
	unsigned flags;
};

struct table {
	char *title;		/* NULL for none */
	struct table_col *cols;
	int n_cols;
	struct table_cell *cells;	/* n_rows x n_cols */
	int n_rows, alloc_rows;
};

void table_init(struct table *t, const char *title);
void table_release(struct table *t);

/* Adds a column (TABLE_FIT, gap 2, width 0); returns its index. Columns
 * are added before rows. head NULL: the key. */
int table_col(struct table *t, const char *key, const char *head,
	      const char *unit, enum table_align align);
/* Sets column c's text width, gap and flags. */
void table_col_text(struct table *t, int c, int width, int gap,
		    unsigned flags);

/* Appends an empty row (every cell missing); returns its index. */
int table_row(struct table *t);
void table_str(struct table *t, int row, int col, const char *s);
void table_strf(struct table *t, int row, int col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* A number shown with decimals digits after the point. */
void table_num(struct table *t, int row, int col, double v, int decimals);
/* A number shown as text (the caller's format). */
void table_num_text(struct table *t, int row, int col, double v,
		    const char *text);
void table_mark(struct table *t, int row, int col);
const struct table_cell *table_cell(const struct table *t, int row, int col);

/* Appends the rendering of t in format f to out. */
void table_render(const struct table *t, enum table_format f,
		  struct strbuf *out);
/* Renders t in format f to out (a stdio stream). */
void table_print(const struct table *t, enum table_format f, FILE *out);
/* The JSON form: {"title", "columns": [{key, heading, unit}], "rows":
 * [{key: number|string|null}]}; caller deletes. */
cJSON *table_json(const struct table *t);
/* Appends j as text (two-space indent, newline) and deletes it. */
void table_json_print(cJSON *j, struct strbuf *out);
/* The exact text of a number as CSV carries it: the fewest digits (15
 * to 17) that read back the same double. */
void table_num_exact(double v, char *buf, size_t n);

#endif
