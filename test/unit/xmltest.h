/*
 * xmltest.h - what the tests of the SVG and HTML writers share: a strict
 * libxml2 parse that counts every parser error (printing each), and
 * XPath counts with the prefix s: bound to the SVG namespace.
 * Header-only (static inline); test/report/xmlcheck.c uses it too.
 */
#ifndef HLSDSE_XMLTEST_H
#define HLSDSE_XMLTEST_H

#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define XMLTEST_SVG_NS "http://www.w3.org/2000/svg"

static int xmltest_errors;

static inline void xmltest_on_error(void *ctx, const char *msg, ...)
{
	va_list ap;

	(void)ctx;
	va_start(ap, msg);
	vfprintf(stderr, msg, ap);
	va_end(ap);
	xmltest_errors++;
}

/* Parses text (or, text NULL, the file at name) as XML without network
 * access or recovery; *errors receives how many errors libxml2 reported.
 * NULL when it could not build a document. */
static inline xmlDocPtr xmltest_parse(const char *text, const char *name,
				      int *errors)
{
	xmlDocPtr doc;

	xmltest_errors = 0;
	xmlSetGenericErrorFunc(NULL, xmltest_on_error);
	doc = text ? xmlReadMemory(text, (int)strlen(text), name, NULL,
				   XML_PARSE_NONET) :
		xmlReadFile(name, NULL, XML_PARSE_NONET);
	*errors = xmltest_errors;
	return doc;
}

/* How many nodes an XPath selects (s: is the SVG namespace). */
static inline int xmltest_count(xmlDocPtr doc, const char *path)
{
	xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
	xmlXPathObjectPtr r;
	int n;

	xmlXPathRegisterNs(ctx, BAD_CAST "s", BAD_CAST XMLTEST_SVG_NS);
	r = xmlXPathEvalExpression(BAD_CAST path, ctx);
	n = r && r->nodesetval ? r->nodesetval->nodeNr : 0;
	xmlXPathFreeObject(r);
	xmlXPathFreeContext(ctx);
	return n;
}

#endif
