/*
 * doc.h - a report as a document: a title and a sequence of blocks
 * (headings, paragraphs, facts, tables, preformatted text, SVG plots),
 * rendered as text, Markdown, JSON, CSV (the document's primary table)
 * or one self-contained HTML file (html.h). Plots appear in HTML only.
 *
 * JSON form: {"title", "sections": [{"heading", "level", "facts": {},
 * "paragraphs": [], "tables": [table_json ...], "preformatted": []}]};
 * the first section holds what comes before any heading (heading null).
 *
 * Ownership: struct doc owns its blocks, their tables and SVG text;
 * doc_release frees them. Tables doc_table returns stay valid (and owned
 * by the doc) until doc_release.
 */
#ifndef HLSDSE_DOC_H
#define HLSDSE_DOC_H

#include <stdbool.h>

#include "reports/strbuf.h"
#include "reports/table.h"

enum doc_kind { DOC_HEADING, DOC_PARA, DOC_FACTS, DOC_TABLE, DOC_PRE,
	DOC_SVG };

enum doc_format { DOC_TEXT, DOC_MD, DOC_CSV, DOC_JSON, DOC_HTML };

struct doc_block {
	enum doc_kind kind;
	int level;		/* headings: 2 for sections, 3 below */
	char *text;		/* heading, paragraph, preformatted text, SVG */
	char *caption;		/* SVG: what the plot shows */
	struct table *table;	/* facts (key, value) and tables */
};

struct doc {
	char *title;
	struct doc_block *blocks;
	int n;
	struct table *primary;	/* the table CSV renders; NULL: the first */
};

void doc_init(struct doc *d, const char *title);
void doc_release(struct doc *d);

void doc_heading(struct doc *d, int level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void doc_para(struct doc *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Adds a fact (key: value) to the facts block the doc ends with, or to a
 * new one. */
void doc_fact(struct doc *d, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Adds an empty table (owned by d); primary makes it the one CSV
 * renders. */
struct table *doc_table(struct doc *d, const char *title, bool primary);
void doc_pre(struct doc *d, const char *text);
/* Adds an SVG plot (svg is taken over and freed by the doc). */
void doc_svg(struct doc *d, char *svg, const char *caption);

/* Parses "text", "md", "csv", "json" or "html"; -1 when none. */
int doc_format_from_name(const char *s);
/* Appends the rendering of d in format f to out. */
void doc_render(const struct doc *d, enum doc_format f, struct strbuf *out);

#endif
