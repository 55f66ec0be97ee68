/*
 * svg_test.c - the SVG writer and the three plots (reports/svg.c,
 * plot_pareto.c, plot_accuracy.c, plot_layers.c). Every document is
 * parsed with libxml2 (strict XML, any error fails the test) and its
 * elements are counted with XPath; tick positions, Pareto fronts and
 * bar heights are checked against values worked out by hand in the
 * comments.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "reports/plot_accuracy.h"
#include "reports/plot_layers.h"
#include "reports/plot_pareto.h"
#include "reports/svg.h"
#include "xmltest.h"

/* Parses svg strictly; fails the test on any error. */
static xmlDocPtr parse(const char *svg)
{
	xmlDocPtr doc;
	int errors;

	doc = xmltest_parse(svg, "plot.svg", &errors);
	assert_non_null(doc);
	assert_int_equal(errors, 0);
	assert_string_equal((const char *)xmlDocGetRootElement(doc)->name,
			    "svg");
	assert_string_equal((const char *)xmlDocGetRootElement(doc)->ns->href,
			    XMLTEST_SVG_NS);
	return doc;
}

#define count xmltest_count

static void test_axis_fit(void **state)
{
	struct svg_axis a = { 0 };

	(void)state;
	/* [0, 73]: margin 4 % -> 75.92; step nice(75.92 / 5 = 15.2) = 20;
	 * 0 .. 80 */
	svg_axis_fit(&a, 0, 73);
	assert_true(a.step == 20);
	assert_int_equal(a.n_ticks, 5);
	assert_true(a.ticks[0] == 0 && a.ticks[4] == 80);
	/* [15, 35]: margin 0.8 -> [14.2, 35.8]; step nice(4.32) = 5;
	 * 10 .. 40 */
	svg_axis_fit(&a, 15, 35);
	assert_true(a.step == 5 && a.lo == 10 && a.hi == 40);
	assert_int_equal(a.n_ticks, 7);
	/* [0.02, 0.09]: margin 0.0028 -> [0.0172, 0.0928]; step
	 * nice(0.01512) = 0.02; 0 .. 0.1 */
	svg_axis_fit(&a, 0.02, 0.09);
	assert_true(fabs(a.step - 0.02) < 1e-15);
	assert_true(a.lo == 0 && fabs(a.hi - 0.1) < 1e-15);
	/* one value: widened by half of it each way: [20, 60] -> margin
	 * 1.6 -> [18.4, 61.6]; step nice(8.64) = 10; 10 .. 70 */
	svg_axis_fit(&a, 40, 40);
	assert_true(a.lo == 10 && a.hi == 70 && a.step == 10);
	/* [2, 2] -> [1, 3] -> margin 0.08 -> [0.92, 3.08]; step
	 * nice(0.432) = 0.5; 0.5 .. 3.5 */
	svg_axis_fit(&a, 2, 2);
	assert_true(a.lo == 0.5 && a.hi == 3.5 && a.step == 0.5);
	/* zero range at 0: [0, 1] -> step 0.5 -> 0 .. 1.5 */
	svg_axis_fit(&a, 0, 0);
	assert_true(a.lo == 0 && a.step == 0.5 && a.hi == 1.5);
	/* mapping: lo -> p0, hi -> p1 */
	a.p0 = 400;
	a.p1 = 100;
	assert_true(svg_axis_map(&a, 0) == 400);
	assert_true(svg_axis_map(&a, 1.5) == 100);
	assert_true(svg_axis_map(&a, 0.75) == 250);
}

static void test_tick_labels(void **state)
{
	char b[32];

	(void)state;
	svg_tick_label(12000, 2000, b, sizeof(b));
	assert_string_equal(b, "12k");
	svg_tick_label(2500000, 500000, b, sizeof(b));
	assert_string_equal(b, "2.5M");
	svg_tick_label(2.5, 0.5, b, sizeof(b));
	assert_string_equal(b, "2.5");
	svg_tick_label(0.04, 0.02, b, sizeof(b));
	assert_string_equal(b, "0.04");
	svg_tick_label(8000, 2000, b, sizeof(b));
	assert_string_equal(b, "8000");
	svg_tick_label(40, 10, b, sizeof(b));
	assert_string_equal(b, "40");
}

static void test_escaping(void **state)
{
	struct svg s;
	xmlDocPtr doc;
	xmlNodePtr n;
	char *out;

	(void)state;
	svg_begin(&s, 100, 50, "a < b & \"c\"");
	svg_text(&s, 1, 2, "start", 13, 0, false, "<fc1> & 'x'");
	out = svg_end(&s);
	doc = parse(out);
	assert_int_equal(count(doc, "//s:text"), 1);
	n = xmlDocGetRootElement(doc)->children;
	while (n && (n->type != XML_ELEMENT_NODE ||
		     strcmp((const char *)n->name, "text")))
		n = n->next;
	assert_non_null(n);
	{
		xmlChar *c = xmlNodeGetContent(n);

		assert_string_equal((const char *)c, "<fc1> & 'x'");
		xmlFree(c);
	}
	xmlFreeDoc(doc);
	free(out);
}

static void test_point_labels(void **state)
{
	/* a and c at one place: one label "a, c" at the first, none at c */
	const struct svg_point p[] = { { 1, 2, "a" }, { 3, 4, "b" },
		{ 1, 2, "c" }, { 1, 3, "d" } };
	char *l;

	(void)state;
	l = svg_point_label(p, 4, 0);
	assert_string_equal(l, "a, c");
	free(l);
	l = svg_point_label(p, 4, 1);
	assert_string_equal(l, "b");
	free(l);
	assert_null(svg_point_label(p, 4, 2));
	l = svg_point_label(p, 4, 3);
	assert_string_equal(l, "d");
	free(l);
}

static void test_label_places(void **state)
{
	struct svg_labels l = { 0 };
	struct svg s;
	char *out;

	(void)state;
	/* points at (100, 100) and (110, 100), radius 6: their boxes are
	 * 94..106 and 104..116 across, 94..106 down. "run:1" right-above
	 * would span x 108..139, y 83..95 and touch the second point, so
	 * it goes right-below (baseline 116); "run:2" right-above (x
	 * 118..149, y 83..95) meets nothing: baseline 92 */
	svg_begin(&s, 200, 200, "labels");
	svg_labels_point(&l, 100, 100, 6);
	svg_labels_point(&l, 110, 100, 6);
	svg_labels_put(&l, &s, 100, 100, "run:1");
	svg_labels_put(&l, &s, 110, 100, "run:2");
	out = svg_end(&s);
	assert_non_null(strstr(out, "<text x=\"108.0\" y=\"116.0\" "
			       "text-anchor=\"start\" font-size=\"11\">run:1<"));
	assert_non_null(strstr(out, "<text x=\"118.0\" y=\"92.0\" "
			       "text-anchor=\"start\" font-size=\"11\">run:2<"));
	svg_labels_release(&l);
	free(out);
}

static struct pareto_point pt(double x, double y, const char *label)
{
	struct pareto_point p = { x, y, (char *)label };

	return p;
}

static void test_pareto_front(void **state)
{
	/* minimising both: (10, 80) and (35, 20) trade off; (40, 80) is
	 * beaten by (10, 80); (35, 30) by (35, 20); (10, 80) twice: both
	 * stay (neither is better in anything); (50, 10) is the least
	 * DSP */
	struct pareto_point p[] = { pt(10, 80, "a"), pt(35, 20, "b"),
		pt(40, 80, "c"), pt(35, 30, "d"), pt(10, 80, "e"),
		pt(50, 10, "f") };
	const bool want[] = { true, true, false, false, true, true };
	bool front[6];

	(void)state;
	assert_int_equal(plot_pareto_front(p, 6, front), 4);
	for (int i = 0; i < 6; i++)
		assert_int_equal(front[i], want[i]);
}

static void test_pareto_svg(void **state)
{
	struct pareto_point p[] = { pt(10, 80, "run:1"), pt(35, 20, "run:2"),
		pt(40, 80, "run:3"), pt(50, 10, "run:4"), pt(35, 20, "run:5") };
	xmlDocPtr doc;
	char *svg;

	(void)state;
	svg = plot_pareto_svg(p, 5, "DSP against latency", "latency (ns)",
			      "DSP (slices)");
	doc = parse(svg);
	/* five points + two legend symbols */
	assert_int_equal(count(doc, "//s:circle"), 7);
	/* front run:1, run:2, run:4, run:5 (run:2's twin: neither beats the
	 * other) filled in the front colour; the legend's dot too */
	assert_int_equal(count(doc, "//s:circle[@fill='#D55E00']"), 5);
	/* the twins share one label */
	assert_int_equal(count(doc, "//s:text[.='run:2, run:5']"), 1);
	assert_int_equal(count(doc, "//s:text[.='run:5']"), 0);
	/* the staircase through three front points: 3 + 2 corners */
	assert_int_equal(count(doc, "//s:polyline"), 1);
	assert_non_null(strstr(svg, "points=\""));
	assert_int_equal(count(doc, "//s:text[.='run:3']"), 1);
	assert_int_equal(count(doc, "//s:text[.='latency (ns)']"), 1);
	assert_int_equal(count(doc, "//s:text[.='DSP (slices)']"), 1);
	assert_int_equal(count(doc, "//s:text[.='Pareto front']"), 1);
	xmlFreeDoc(doc);
	free(svg);
}

static void test_accuracy_svg(void **state)
{
	/* errors: (80 - 73) / 73 = +9.6 %, (1487 - 2532) / 2532 = -41.3 %:
	 * median |error| (9.6 + 41.3) / 2 = 25.4 % */
	struct rs_run r1 = { .row = { .id = 1 } }, r2 = { .row = { .id = 2 } };
	struct accuracy_pair p[] = {
		{ &r1, 80, 73, 100.0 * 7 / 73 },
		{ &r2, 1487, 2532, 100.0 * (1487 - 2532) / 2532 },
	};
	xmlDocPtr doc;
	char *svg;

	(void)state;
	svg = plot_accuracy_svg(p, 2, "lut", "csynth");
	doc = parse(svg);
	assert_int_equal(count(doc, "//s:circle"), 3);
	assert_int_equal(count(doc, "//s:text[.='run:2']"), 1);
	/* y = x and the two 25 % lines (dashed) */
	assert_int_equal(count(doc, "//s:line[@stroke-dasharray='6 4']"), 3);
	assert_non_null(strstr(svg, "median |error| 25.4 %"));
	assert_non_null(strstr(svg, "LUT (LUTs), csynth"));
	xmlFreeDoc(doc);
	free(svg);
}

static void test_layers_svg(void **state)
{
	/* xc7z020: 220 DSP, 53200 LUT, 106400 FF, 280 BRAM18, no URAM */
	struct part part = { "xc7z020", "zynq", "xc7z020clg400-1", DSP48E1,
		53200, 106400, 220, 280, 0 };
	struct layer_bar b[] = {
		{ "fc1", { 110, 2660, 0, 14, 0 } },
		{ "fc1_relu", { 0, 2660, 0, 0, 0 } },
		{ "unused", { 0, 0, 0, 0, 0 } },
	};
	double actual[PLOT_LAYERS_RES] = { 73, 2532, 7969, NAN, NAN };
	xmlDocPtr doc;
	char *svg;

	(void)state;
	svg = plot_layers_svg("per layer", &part, b, 3, actual, "csynth");
	doc = parse(svg);
	/* four resources (URAM has no capacity): DSP 110/220 = 50 %, LUT
	 * 5320/53200 = 10 %, FF 0 %, BRAM 14/280 = 5 % */
	assert_int_equal(count(doc, "//s:text[.='50.0 %']"), 1);
	assert_int_equal(count(doc, "//s:text[.='10.0 %']"), 1);
	assert_int_equal(count(doc, "//s:text[.='0.0 %']"), 1);
	assert_int_equal(count(doc, "//s:text[.='5.0 %']"), 1);
	assert_int_equal(count(doc, "//s:text[.='URAM']"), 0);
	/* segments: DSP fc1, LUT fc1 + fc1_relu, BRAM fc1 = 4 bars, plus
	 * background, frame, 2 legend boxes + the legend's frame */
	assert_int_equal(count(doc, "//s:rect[@stroke='#ffffff']"), 4);
	/* the legend lists the layers with resources, not "unused" */
	assert_int_equal(count(doc, "//s:text[.='fc1_relu']"), 1);
	assert_int_equal(count(doc, "//s:text[.='unused']"), 0);
	/* actual marks on DSP, LUT, FF (BRAM unknown) + legend line */
	assert_int_equal(count(doc, "//s:line[@stroke-width='2.5']"), 3);
	assert_int_equal(count(doc, "//s:text[.='csynth total']"), 1);
	xmlFreeDoc(doc);
	free(svg);
}

static void test_many_layers(void **state)
{
	struct part part = { "xcvu13p", "virtexuplus", "xcvu13p-flga2577-2-e",
		DSP48E2, 1728000, 3456000, 12288, 5376, 1280 };
	struct layer_bar b[30];
	char names[30][24];
	xmlDocPtr doc;
	char *svg;

	(void)state;
	for (int i = 0; i < 30; i++) {
		snprintf(names[i], sizeof(names[i]), "layer%d", i);
		b[i].layer = names[i];
		for (int r = 0; r < PLOT_LAYERS_RES; r++)
			b[i].v[r] = 10 * (i + 1);
	}
	svg = plot_layers_svg("many", &part, b, 30, NULL, NULL);
	doc = parse(svg);
	/* 20 largest drawn (layer10 .. layer29), the 10 smallest summed */
	assert_int_equal(count(doc, "//s:text[.='layer9']"), 0);
	assert_int_equal(count(doc, "//s:text[.='layer10']"), 1);
	assert_int_equal(count(doc, "//s:text[.='other layers']"), 1);
	xmlFreeDoc(doc);
	free(svg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_axis_fit),
		cmocka_unit_test(test_tick_labels),
		cmocka_unit_test(test_escaping),
		cmocka_unit_test(test_point_labels),
		cmocka_unit_test(test_label_places),
		cmocka_unit_test(test_pareto_front),
		cmocka_unit_test(test_pareto_svg),
		cmocka_unit_test(test_accuracy_svg),
		cmocka_unit_test(test_layers_svg),
		cmocka_unit_test(test_many_layers),
	};
	int rc = cmocka_run_group_tests_name("svg", tests, NULL, NULL);

	xmlCleanupParser();
	return rc;
}
