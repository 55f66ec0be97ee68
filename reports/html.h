/*
 * html.h - a report document as one self-contained HTML file: inline
 * CSS, inline SVG plots, tables that sort when a heading is clicked (a
 * small inline script), nothing fetched from the network. The file is
 * also well-formed XML (every element closed, the script free of '<' and
 * '&'), so XML tools can check it.
 */
#ifndef HLSDSE_HTML_H
#define HLSDSE_HTML_H

#include "reports/doc.h"
#include "reports/strbuf.h"

/* Appends d as an HTML page to out. */
void html_render(const struct doc *d, struct strbuf *out);

#endif
