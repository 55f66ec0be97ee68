/*
 * html.c - the HTML rendering of a report document (see html.h).
 */
#include <string.h>

#include "reports/html.h"

static const char style[] =
	"body{font-family:system-ui,-apple-system,\"Segoe UI\",Roboto,"
	"\"DejaVu Sans\",sans-serif;color:#1a1a1a;background:#fff;"
	"max-width:1200px;margin:1.5em auto;padding:0 1em;line-height:1.4}\n"
	"h1{font-size:1.6em;border-bottom:2px solid #0072b2;"
	"padding-bottom:.2em}\n"
	"h2{font-size:1.3em;margin-top:1.6em;border-bottom:1px solid #ccc}\n"
	"h3{font-size:1.1em;margin-top:1.2em}\n"
	"dl.facts{display:grid;grid-template-columns:max-content auto;"
	"gap:.15em 1em;margin:.8em 0}\n"
	"dl.facts dt{font-weight:600}\ndl.facts dd{margin:0}\n"
	".scroll{overflow-x:auto;margin:.6em 0 1em}\n"
	"table{border-collapse:collapse;font-size:.9em}\n"
		"th,td{border:1px solid #d0d0d0;padding:.25em .6em;"
	"white-space:nowrap}\n"
	"th{background:#eef3f8;cursor:pointer;user-select:none}\n"
	"th.num,td.num{text-align:right;font-variant-numeric:tabular-nums}\n"
	"tbody tr:nth-child(even){background:#f7f7f7}\n"
	"td.diff{background:#ffe9a8;font-weight:600}\n"
	"th[aria-sort=ascending]::after{content:\" \\25B2\"}\n"
	"th[aria-sort=descending]::after{content:\" \\25BC\"}\n"
	"pre{background:#f4f4f4;border:1px solid #ddd;padding:.6em;"
	"overflow-x:auto;font-size:.85em}\n"
	"figure{margin:1em 0}\nfigure svg{max-width:100%;height:auto}\n"
	"figcaption{font-size:.9em;color:#444}\n"
	"@media print{body{max-width:none}th{cursor:auto}"
	".scroll{overflow:visible}}\n";

/* Sorts a table by the clicked heading: numbers (data-v) by value before
 * text, a second click reverses. No '<' or '&', so the page stays XML. */
static const char script[] =
	"document.querySelectorAll(\"table.sortable th\").forEach("
	"function (th) {\n"
	"  th.addEventListener(\"click\", function () {\n"
	"    var body = th.closest(\"table\").tBodies[0];\n"
	"    var col = Array.prototype.indexOf.call(th.parentNode.children, th);\n"
	"    var dir = th.getAttribute(\"aria-sort\") === \"ascending\" ? -1 : 1;\n"
	"    th.parentNode.querySelectorAll(\"th\").forEach(function (h) {\n"
	"      h.removeAttribute(\"aria-sort\");\n"
	"    });\n"
	"    th.setAttribute(\"aria-sort\", dir === 1 ? \"ascending\" : "
	"\"descending\");\n"
	"    var key = function (tr) {\n"
	"      var v = tr.children[col].getAttribute(\"data-v\");\n"
	"      return v === null ? tr.children[col].textContent : "
	"parseFloat(v);\n"
	"    };\n"
	"    var rows = Array.prototype.slice.call(body.rows);\n"
	"    rows.sort(function (a, b) {\n"
	"      var x = key(a), y = key(b);\n"
	"      if (typeof x !== typeof y)\n"
	"        return typeof x === \"number\" ? -1 : 1;\n"
	"      return (x > y ? 1 : (y > x ? -1 : 0)) * dir;\n"
	"    });\n"
	"    rows.forEach(function (r) { body.appendChild(r); });\n"
	"  });\n"
	"});\n";

static void table_html(const struct table *t, struct strbuf *out)
{
	char num[64];

	/* the heading above names the table; its title goes in an attribute */
	strbuf_add(out, "<div class=\"scroll\"><table class=\"sortable\"");
	if (t->title) {
		strbuf_add(out, " title=\"");
		strbuf_add_xml(out, t->title);
		strbuf_addch(out, '"');
	}
	strbuf_add(out, ">\n<thead><tr>");
	for (int c = 0; c < t->n_cols; c++) {
		const struct table_col *col = &t->cols[c];

		strbuf_add(out, col->align == TABLE_RIGHT ?
			   "<th class=\"num\">" : "<th>");
		strbuf_add_xml(out, col->head);
		if (col->unit && col->unit[0]) {
			strbuf_add(out, " (");
			strbuf_add_xml(out, col->unit);
			strbuf_add(out, ")");
		}
		strbuf_add(out, "</th>");
	}
	strbuf_add(out, "</tr></thead>\n<tbody>\n");
	for (int r = 0; r < t->n_rows; r++) {
		strbuf_add(out, "<tr>");
		for (int c = 0; c < t->n_cols; c++) {
			const struct table_cell *cell = table_cell(t, r, c);
			bool right = t->cols[c].align == TABLE_RIGHT;

			strbuf_add(out, "<td");
			if (right || cell->mark)
				strbuf_addf(out, " class=\"%s%s%s\"",
					    right ? "num" : "",
					    right && cell->mark ? " " : "",
					    cell->mark ? "diff" : "");
			if (cell->text && cell->is_num) {
				table_num_exact(cell->num, num, sizeof(num));
				strbuf_addf(out, " data-v=\"%s\"", num);
			}
			strbuf_addch(out, '>');
			strbuf_add_xml(out, cell->text ? cell->text : "-");
			strbuf_add(out, "</td>");
		}
		strbuf_add(out, "</tr>\n");
	}
	strbuf_add(out, "</tbody></table></div>\n");
}

static void facts_html(const struct table *t, struct strbuf *out)
{
	strbuf_add(out, "<dl class=\"facts\">\n");
	for (int r = 0; r < t->n_rows; r++) {
		strbuf_add(out, "<dt>");
		strbuf_add_xml(out, table_cell(t, r, 0)->text);
		strbuf_add(out, "</dt><dd>");
		strbuf_add_xml(out, table_cell(t, r, 1)->text);
		strbuf_add(out, "</dd>\n");
	}
	strbuf_add(out, "</dl>\n");
}

/* text in lower case, each run of other characters as one '-' (sb is
 * emptied first). */
static void slug(const char *text, struct strbuf *sb)
{
	sb->len = 0;
	for (; *text; text++) {
		char c = *text;

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			strbuf_addch(sb, c);
		else if (sb->len && sb->buf[sb->len - 1] != '-')
			strbuf_addch(sb, '-');
	}
	while (sb->len && sb->buf[sb->len - 1] == '-')
		sb->len--;
	sb->buf[sb->len] = '\0';
}

/* The id of heading i: its slug ("section" when empty), with "-2",
 * "-3" ... when earlier headings have the same one. */
static void heading_id(const struct doc *d, int i, struct strbuf *out)
{
	struct strbuf mine, other;
	int seen = 0;

	strbuf_init(&mine);
	strbuf_init(&other);
	slug(d->blocks[i].text, &mine);
	for (int j = 0; j < i; j++) {
		if (d->blocks[j].kind != DOC_HEADING)
			continue;
		slug(d->blocks[j].text, &other);
		seen += strcmp(other.buf, mine.buf) == 0;
	}
	strbuf_add(out, mine.len ? mine.buf : "section");
	if (seen)
		strbuf_addf(out, "-%d", seen + 1);
	strbuf_release(&mine);
	strbuf_release(&other);
}

static void block_html(const struct doc *d, int i, struct strbuf *out)
{
	const struct doc_block *b = &d->blocks[i];

	switch (b->kind) {
	case DOC_HEADING:
		strbuf_addf(out, "<h%d id=\"", b->level);
		heading_id(d, i, out);
		strbuf_add(out, "\">");
		strbuf_add_xml(out, b->text);
		strbuf_addf(out, "</h%d>\n", b->level);
		break;
	case DOC_PARA:
		strbuf_add(out, "<p>");
		strbuf_add_xml(out, b->text);
		strbuf_add(out, "</p>\n");
		break;
	case DOC_FACTS:
		facts_html(b->table, out);
		break;
	case DOC_TABLE:
		table_html(b->table, out);
		break;
	case DOC_PRE:
		strbuf_add(out, "<pre>");
		strbuf_add_xml(out, b->text);
		strbuf_add(out, "</pre>\n");
		break;
	case DOC_SVG:
		strbuf_add(out, "<figure>\n");
		strbuf_add(out, b->text);
		strbuf_add(out, "<figcaption>");
		strbuf_add_xml(out, b->caption);
		strbuf_add(out, "</figcaption></figure>\n");
		break;
	}
}

void html_render(const struct doc *d, struct strbuf *out)
{
	strbuf_add(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
		   "<meta charset=\"utf-8\"/>\n<meta name=\"viewport\" "
		   "content=\"width=device-width, initial-scale=1\"/>\n<title>");
	strbuf_add_xml(out, d->title);
	strbuf_addf(out, "</title>\n<style>\n%s</style>\n</head>\n<body>\n"
		    "<h1>", style);
	strbuf_add_xml(out, d->title);
	strbuf_add(out, "</h1>\n");
	for (int i = 0; i < d->n; i++)
		block_html(d, i, out);
	strbuf_addf(out, "<script>\n%s</script>\n</body>\n</html>\n", script);
}
