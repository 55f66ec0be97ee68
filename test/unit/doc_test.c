/*
 * doc_test.c - report documents (reports/doc.c) and their HTML
 * (reports/html.c). The text and Markdown renderings are written out by
 * hand; the JSON form is parsed back with cJSON; the HTML page is parsed
 * by libxml2 as strict XML (any error fails) and checked with XPath:
 * sortable tables, inline SVG, an inline script free of '<' and '&', and
 * nothing fetched from elsewhere (no src or href attributes, no url()).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "reports/doc.h"
#include "reports/svg.h"
#include "xmltest.h"

static char *render(const struct doc *d, enum doc_format f)
{
	struct strbuf sb;

	strbuf_init(&sb);
	doc_render(d, f, &sb);
	return strbuf_detach(&sb);
}

/* A small report: facts, a section with a paragraph and two tables (the
 * second primary), a log excerpt and a plot. */
static void sample(struct doc *d)
{
	struct table *t;
	struct svg s;
	int r;

	doc_init(d, "jet: report");
	doc_fact(d, "part", "%s", "xc7z020clg400-1");
	doc_fact(d, "clock", "%g ns", 5.0);
	doc_heading(d, 2, "Runs");
	doc_para(d, "two <runs> & more");
	t = doc_table(d, "first", false);
	table_col(t, "run", NULL, NULL, TABLE_LEFT);
	r = table_row(t);
	table_str(t, r, 0, "run:1");
	t = doc_table(d, "main", true);
	table_col(t, "run", NULL, NULL, TABLE_LEFT);
	table_col(t, "dsp", "DSP", NULL, TABLE_RIGHT);
	r = table_row(t);
	table_str(t, r, 0, "run:1");
	table_num(t, r, 1, 73, 0);
	r = table_row(t);
	table_str(t, r, 0, "run:2");
	table_num(t, r, 1, 5, 0);
	table_mark(t, r, 1);
	doc_heading(d, 3, "Log");
	doc_pre(d, "line 1\nline <2>\n");
	svg_begin(&s, 100, 50, "plot");
	svg_circle(&s, 10, 10, 3, "#000000", NULL);
	doc_svg(d, svg_end(&s), "a plot");
}

static void test_text(void **state)
{
	struct doc d;
	char *s;

	(void)state;
	sample(&d);
	s = render(&d, DOC_TEXT);
	assert_string_equal(s,
		"jet: report\n"
		"===========\n"
		"\n"
		"part:   xc7z020clg400-1\n"
		"clock:  5 ns\n"
		"\n"
		"Runs\n"
		"----\n"
		"\n"
		"two <runs> & more\n"
		"\n"
		"run\n"
		"run:1\n"
		"\n"
		"run    DSP\n"
		"run:1   73\n"
		"run:2   5*\n"
		"\n"
		"Log\n"
		"\n"
		"    line 1\n"
		"    line <2>\n");
	free(s);
	doc_release(&d);
}

static void test_markdown(void **state)
{
	struct doc d;
	char *s;

	(void)state;
	sample(&d);
	s = render(&d, DOC_MD);
	assert_string_equal(s,
		"# jet: report\n"
		"\n"
		"- **part**: xc7z020clg400-1\n"
		"- **clock**: 5 ns\n"
		"\n"
		"## Runs\n"
		"\n"
		"two <runs> & more\n"
		"\n"
		"| run |\n"
		"| --- |\n"
		"| run:1 |\n"
		"\n"
		"| run | DSP |\n"
		"| --- | ---: |\n"
		"| run:1 | 73 |\n"
		"| run:2 | **5** |\n"
		"\n"
		"### Log\n"
		"\n"
		"```\n"
		"line 1\n"
		"line <2>\n"
		"```\n");
	free(s);
	doc_release(&d);
}

static void test_csv_is_primary(void **state)
{
	struct doc d;
	char *s;

	(void)state;
	sample(&d);
	s = render(&d, DOC_CSV);
	assert_string_equal(s, "run,dsp\r\nrun:1,73\r\nrun:2,5\r\n");
	free(s);
	d.primary = NULL;	/* without one: the first table */
	s = render(&d, DOC_CSV);
	assert_string_equal(s, "run\r\nrun:1\r\n");
	free(s);
	doc_release(&d);
}

static void test_json(void **state)
{
	struct doc d;
	cJSON *j, *secs, *s0, *s1, *s2, *t;
	char *s;

	(void)state;
	sample(&d);
	s = render(&d, DOC_JSON);
	j = cJSON_Parse(s);
	assert_non_null(j);
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(j, "title")
			    ->valuestring, "jet: report");
	secs = cJSON_GetObjectItemCaseSensitive(j, "sections");
	assert_int_equal(cJSON_GetArraySize(secs), 3);
	s0 = cJSON_GetArrayItem(secs, 0);
	s1 = cJSON_GetArrayItem(secs, 1);
	s2 = cJSON_GetArrayItem(secs, 2);
	assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(s0,
								  "heading")));
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(
		cJSON_GetObjectItemCaseSensitive(s0, "facts"), "clock")
		->valuestring, "5 ns");
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(s1, "heading")
			    ->valuestring, "Runs");
	assert_int_equal(cJSON_GetObjectItemCaseSensitive(s2, "level")
			 ->valueint, 3);
	t = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(s1, "tables"),
			       1);
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(t, "title")
			    ->valuestring, "main");
	assert_true(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(
		cJSON_GetObjectItemCaseSensitive(t, "rows"), 1), "dsp")
		->valuedouble == 5);
	assert_string_equal(cJSON_GetArrayItem(
		cJSON_GetObjectItemCaseSensitive(s2, "preformatted"), 0)
		->valuestring, "line 1\nline <2>\n");
	cJSON_Delete(j);
	free(s);
	doc_release(&d);
}

#define count xmltest_count

static void test_html(void **state)
{
	const char *script, *end;
	struct doc d;
	xmlDocPtr x;
	int errors;
	char *s;

	(void)state;
	sample(&d);
	s = render(&d, DOC_HTML);
	assert_int_equal(strncmp(s, "<!DOCTYPE html>\n<html", 21), 0);
	x = xmltest_parse(s, "report.html", &errors);
	assert_non_null(x);
	assert_int_equal(errors, 0);
	assert_int_equal(count(x, "/html/head/style"), 1);
	assert_int_equal(count(x, "/html/body/h1[.='jet: report']"), 1);
	/* headings carry ids to link to: "Runs" -> runs, "Log" -> log */
	assert_int_equal(count(x, "//h2[@id='runs']"), 1);
	assert_int_equal(count(x, "//h3[@id='log']"), 1);
	assert_int_equal(count(x, "//table[@class='sortable']"), 2);
	assert_int_equal(count(x, "//table[@title='main']//th[@class='num']"),
			 1);
	/* the marked cell is highlighted; numbers carry their value */
	assert_int_equal(count(x, "//td[@class='num diff'][@data-v='5']"), 1);
	assert_int_equal(count(x, "//p[.='two <runs> & more']"), 1);
	assert_int_equal(count(x, "//pre[.='line 1\nline <2>\n']"), 1);
	assert_int_equal(count(x, "//figure/s:svg/s:circle"), 1);
	assert_int_equal(count(x, "//figcaption[.='a plot']"), 1);
	assert_int_equal(count(x, "//dl/dt"), 2);
	/* self-contained: nothing loaded from anywhere */
	assert_int_equal(count(x, "//@src | //@href | //link"), 0);
	assert_null(strstr(s, "url("));
	assert_null(strstr(s, "@import"));
	/* the inline script sorts on a click and needs no escaping */
	script = strstr(s, "<script>");
	assert_non_null(script);
	end = strstr(script, "</script>");
	assert_non_null(end);
	for (const char *p = script + 8; p < end; p++)
		assert_true(*p != '<' && *p != '&');
	assert_non_null(strstr(script, "addEventListener(\"click\""));
	xmlFreeDoc(x);
	free(s);
	doc_release(&d);
}

static void test_heading_ids(void **state)
{
	struct doc d;
	char *s;

	(void)state;
	doc_init(&d, "t");
	doc_heading(&d, 2, "run:1 rf 4");
	doc_heading(&d, 3, "Per layer");
	doc_heading(&d, 2, "run:2");
	doc_heading(&d, 3, "Per layer");
	doc_heading(&d, 3, "--");
	s = render(&d, DOC_HTML);
	/* lower case, other characters folded into one '-', repeats
	 * numbered, nothing left: "section" */
	assert_non_null(strstr(s, "<h2 id=\"run-1-rf-4\">run:1 rf 4</h2>"));
	assert_non_null(strstr(s, "<h3 id=\"per-layer\">"));
	assert_non_null(strstr(s, "<h3 id=\"per-layer-2\">"));
	assert_non_null(strstr(s, "<h3 id=\"section\">--</h3>"));
	free(s);
	doc_release(&d);
}

static void test_format_names(void **state)
{
	(void)state;
	assert_int_equal(doc_format_from_name("html"), DOC_HTML);
	assert_int_equal(doc_format_from_name("md"), DOC_MD);
	assert_int_equal(doc_format_from_name("text"), DOC_TEXT);
	assert_int_equal(doc_format_from_name("markdown"), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_markdown),
		cmocka_unit_test(test_csv_is_primary),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_html),
		cmocka_unit_test(test_heading_ids),
		cmocka_unit_test(test_format_names),
	};
	int rc = cmocka_run_group_tests_name("doc", tests, NULL, NULL);

	xmlCleanupParser();
	return rc;
}
