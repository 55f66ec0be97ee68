/*
 * report_test.c - the HLS report readers and result.json, checked value
 * by value against the real hls4ml test report in
 * ../shared/reports/hls4ml_test_report/ (Vivado HLS 2020.1, xc7z020; the
 * vector hls4ml's test_report.py asserts) and against the hand-written
 * Vitis/UltraScale fixtures in test/data/reports/ (see its README);
 * malformed reports and result files fail with messages naming the file.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "backends/report.h"
#include "core/fileio.h"
#include "core/xalloc.h"
#include "test/unit/testlib.h"

#define FIXTURES "test/data/reports"

static char tmpdir[64];

/* ../shared/reports/hls4ml_test_report (or under $SHARED). */
static const char *hls4ml_dir(void)
{
	static char buf[4096];
	const char *shared = getenv("SHARED");

	snprintf(buf, sizeof(buf), "%s/reports/hls4ml_test_report",
		 shared ? shared : "../shared");
	return buf;
}

#define NEED_REPORTS()                                                  \
	do {                                                            \
		struct stat st_;                                        \
		if (stat(hls4ml_dir(), &st_) != 0) {                    \
			print_message("# no shared reports at %s\n",    \
				      hls4ml_dir());                    \
			skip();                                         \
		}                                                       \
	} while (0)

static char *shared_file(const char *name)
{
	return xasprintf("%s/%s", hls4ml_dir(), name);
}

/* Writes len bytes of data to tmpdir/name; returns the path (freed by
 * the caller). */
static char *tmp_file(const char *name, const char *data, size_t len)
{
	char *path = xasprintf("%s/%s", tmpdir, name);
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	if (len)
		assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	return path;
}

static void assert_rv(struct rvalue v, double expect)
{
	assert_true(v.known);
	assert_float_equal(v.v, expect, 1e-9);
}

static void assert_msg(const struct error *err, const char *needle)
{
	if (!strstr(err->msg, needle))
		fail_msg("message '%s' lacks '%s'", err->msg, needle);
}

/* The value of (layer, key) in the set of r for source; fails if absent. */
static double metric_of(const struct run_result *r, const char *source,
			const char *layer, const char *key)
{
	for (int i = 0; i < r->n_sets; i++) {
		if (strcmp(r->sets[i].source, source) != 0)
			continue;
		for (int j = 0; j < r->sets[i].n; j++)
			if (!strcmp(r->sets[i].m[j].layer, layer) &&
			    !strcmp(r->sets[i].m[j].key, key))
				return r->sets[i].m[j].value;
	}
	fail_msg("no metric %s/%s/%s", source, layer, key);
	return 0;
}

static bool has_metric(const struct run_result *r, const char *source,
		       const char *layer, const char *key)
{
	for (int i = 0; i < r->n_sets; i++)
		if (!strcmp(r->sets[i].source, source))
			for (int j = 0; j < r->sets[i].n; j++)
				if (!strcmp(r->sets[i].m[j].layer, layer) &&
				    !strcmp(r->sets[i].m[j].key, key))
					return true;
	return false;
}

/* Every value of myproject_csynth.xml, read off the file by hand. */
static void test_csynth_hls4ml(void **state)
{
	struct csynth_report r;
	struct error err;
	char *path;

	(void)state;
	NEED_REPORTS();
	path = shared_file("myproject_csynth.xml");
	if (report_csynth_read(path, &r, &err) < 0)
		fail_msg("%s", err.msg);
	/* UserAssignments/TopModelName, Part; ReportVersion/Version 2020.1 */
	assert_string_equal(r.top, "myproject");
	assert_string_equal(r.part, "xc7z020-clg400-1");
	assert_string_equal(r.tool, "Vivado HLS 2020.1");
	/* UserAssignments/TargetClockPeriod 5.00 */
	assert_rv(r.target_clock, 5.0);
	/* PerformanceEstimates/SummaryOfTimingAnalysis/EstimatedClockPeriod */
	assert_rv(r.est_clock, 4.049);
	/* SummaryOfOverallLatency: Best-/Worst-caseLatency 10, Interval 8 */
	assert_rv(r.latency_best, 10);
	assert_rv(r.latency_worst, 10);
	assert_rv(r.ii_min, 8);
	assert_rv(r.ii_max, 8);
	/* AreaEstimates/Resources: BRAM_18K 0, DSP48E 73, FF 7969,
	 * LUT 2532, URAM 0 */
	assert_rv(r.bram18, 0);
	assert_rv(r.dsp, 73);
	assert_rv(r.ff, 7969);
	assert_rv(r.lut, 2532);
	assert_rv(r.uram, 0);
	/* AreaEstimates/AvailableResources: 280, 220, 106400, 53200, 0 */
	assert_rv(r.avail_bram18, 280);
	assert_rv(r.avail_dsp, 220);
	assert_rv(r.avail_ff, 106400);
	assert_rv(r.avail_lut, 53200);
	assert_rv(r.avail_uram, 0);
	/* Vivado HLS 2020.1 writes no ModuleInformation */
	assert_int_equal(r.n_modules, 0);
	assert_null(r.modules);
	csynth_report_release(&r);
	free(path);
}

/* vivado_synth.rpt: "1. Slice Logic" Slice LUTs 1526, Slice Registers
 * 2428; "2. Memory" Block RAM Tile 0 (no URAM row on 7-series);
 * "3. DSP" DSPs 66. */
static void test_synth_hls4ml(void **state)
{
	struct synth_report s;
	struct error err;
	char *path;

	(void)state;
	NEED_REPORTS();
	path = shared_file("vivado_synth.rpt");
	if (report_synth_read(path, &s, &err) < 0)
		fail_msg("%s", err.msg);
	assert_rv(s.lut, 1526);
	assert_rv(s.ff, 2428);
	assert_rv(s.bram36, 0);
	assert_rv(s.dsp, 66);
	assert_false(s.uram.known);
	free(path);
}

/* The hand-written Vitis HLS 2022.2 fixture. */
static void test_csynth_vitis(void **state)
{
	struct csynth_report r;
	struct error err;

	(void)state;
	if (report_csynth_read(FIXTURES "/vitis_csynth.xml", &r, &err) < 0)
		fail_msg("%s", err.msg);
	assert_string_equal(r.top, "myproject");
	assert_string_equal(r.part, "xczu7ev-ffvc1156-2-e");
	assert_string_equal(r.tool, "Vitis HLS 2022.2");
	assert_rv(r.target_clock, 5.0);
	assert_rv(r.est_clock, 3.65);
	/* SummaryOfOverallLatency is all "undef" (dataflow) */
	assert_false(r.latency_best.known);
	assert_false(r.latency_worst.known);
	assert_false(r.ii_min.known);
	assert_false(r.ii_max.known);
	/* Resources: BRAM_18K 4, DSP 120, FF 15320, LUT 20415, URAM 2 */
	assert_rv(r.bram18, 4);
	assert_rv(r.dsp, 120);
	assert_rv(r.ff, 15320);
	assert_rv(r.lut, 20415);
	assert_rv(r.uram, 2);
	/* AvailableResources: 624, 1728, 460800, 230400, 96 */
	assert_rv(r.avail_bram18, 624);
	assert_rv(r.avail_dsp, 1728);
	assert_rv(r.avail_ff, 460800);
	assert_rv(r.avail_lut, 230400);
	assert_rv(r.avail_uram, 96);
	/* ModuleInformation/Module: dense_config2_s, relu_config3_s */
	assert_int_equal(r.n_modules, 2);
	assert_string_equal(r.modules[0].name, "dense_config2_s");
	assert_rv(r.modules[0].latency_best, 12);
	assert_rv(r.modules[0].latency_worst, 14);
	assert_rv(r.modules[0].ii_min, 4);
	assert_rv(r.modules[0].ii_max, 6);
	assert_rv(r.modules[0].bram18, 4);
	assert_rv(r.modules[0].dsp, 120);
	assert_rv(r.modules[0].ff, 14900);
	assert_rv(r.modules[0].lut, 19800);
	assert_rv(r.modules[0].uram, 2);
	assert_string_equal(r.modules[1].name, "relu_config3_s");
	assert_rv(r.modules[1].latency_best, 2);
	assert_rv(r.modules[1].latency_worst, 2);
	assert_rv(r.modules[1].ii_min, 1);
	assert_rv(r.modules[1].ii_max, 1);
	assert_rv(r.modules[1].bram18, 0);
	assert_rv(r.modules[1].dsp, 0);
	assert_rv(r.modules[1].ff, 420);
	assert_rv(r.modules[1].lut, 615);
	assert_rv(r.modules[1].uram, 0);
	csynth_report_release(&r);
}

/* The hand-written UltraScale+ report_utilization: CLB LUTs 18211, CLB
 * Registers 14377 (not Register as Flip Flop 14370), Block RAM Tile 7.5,
 * URAM 2, DSPs 118 (not "DSP48E2 only" nor Bonded IOB). */
static void test_synth_ultrascale(void **state)
{
	struct synth_report s;
	struct error err;

	(void)state;
	if (report_synth_read(FIXTURES "/ultrascale_synth.rpt", &s, &err) < 0)
		fail_msg("%s", err.msg);
	assert_rv(s.lut, 18211);
	assert_rv(s.ff, 14377);
	assert_rv(s.bram36, 7.5);
	assert_rv(s.uram, 2);
	assert_rv(s.dsp, 118);
}

/* A csynth reader failure on data written to name, its message holding
 * the path and needle. */
static void csynth_fails(const char *name, const char *data,
			 const char *needle)
{
	struct csynth_report r;
	struct error err;
	char *path = tmp_file(name, data, strlen(data));

	err.msg[0] = '\0';
	assert_int_equal(report_csynth_read(path, &r, &err), -1);
	assert_msg(&err, path);
	assert_msg(&err, needle);
	assert_null(r.top);
	assert_int_equal(r.n_modules, 0);
	free(path);
}

static void test_csynth_malformed(void **state)
{
	struct csynth_report r;
	struct error err;
	char *path;

	(void)state;
	path = xasprintf("%s/absent.xml", tmpdir);
	assert_int_equal(report_csynth_read(path, &r, &err), -1);
	assert_msg(&err, "unable to open");
	assert_msg(&err, path);
	free(path);
	assert_int_equal(report_csynth_read(tmpdir, &r, &err), -1);
	assert_msg(&err, "not a regular file");
	csynth_fails("empty.xml", "", "is empty");
	csynth_fails("text.xml", "Vivado HLS Report for 'myproject'\n",
		     "not well-formed XML");
	csynth_fails("other.xml", "<project><x/></project>",
		     "root element <project>");
	csynth_fails("bare.xml", "<profile><UserAssignments/></profile>",
		     "not a csynth report");
	csynth_fails("trunc.xml",
		     "<profile>\n<PerformanceEstimates>\n"
		     "<SummaryOfOverallLatency>\n<Best-caseLatency>10",
		     "not well-formed XML (line 4");
	csynth_fails("badnum.xml",
		     "<profile><PerformanceEstimates><SummaryOfOverallLatency>"
		     "<Best-caseLatency>ten</Best-caseLatency>"
		     "</SummaryOfOverallLatency></PerformanceEstimates>"
		     "<AreaEstimates/></profile>",
		     "PerformanceEstimates/SummaryOfOverallLatency/"
		     "Best-caseLatency: 'ten' is not a number");
	csynth_fails("badres.xml",
		     "<profile><PerformanceEstimates/><AreaEstimates>"
		     "<Resources><DSP>7x</DSP></Resources></AreaEstimates>"
		     "</profile>",
		     "AreaEstimates/Resources/DSP: '7x' is not a number");
	/* an external entity is neither fetched nor expanded */
	csynth_fails("entity.xml",
		     "<!DOCTYPE profile [<!ENTITY e SYSTEM "
		     "\"http://example.invalid/x\">]>\n<profile>&e;</profile>",
		     "not a csynth report");
	/* a module without a name */
	csynth_fails("noname.xml",
		     "<profile><PerformanceEstimates/><AreaEstimates/>"
		     "<ModuleInformation><Module/></ModuleInformation>"
		     "</profile>",
		     "ModuleInformation/Module 1 has no Name");
}

static void test_synth_malformed(void **state)
{
	struct synth_report s;
	struct error err;
	const char *text;
	char *path;

	(void)state;
	path = xasprintf("%s/absent.rpt", tmpdir);
	assert_int_equal(report_synth_read(path, &s, &err), -1);
	assert_msg(&err, "unable to open");
	assert_msg(&err, path);
	free(path);

	path = tmp_file("empty.rpt", "", 0);
	assert_int_equal(report_synth_read(path, &s, &err), -1);
	assert_msg(&err, path);
	assert_msg(&err, "has no utilization tables");
	free(path);

	text = "1. Slice Logic\n--------------\n\nno tables here\n";
	path = tmp_file("notables.rpt", text, strlen(text));
	assert_int_equal(report_synth_read(path, &s, &err), -1);
	assert_msg(&err, "has no utilization tables");
	free(path);

	/* a row outside its section is ignored: DSPs under "4. IO" */
	text = "4. IO and GT Specific\n| DSPs | 5 | 0 | 10 | 50.0 |\n";
	path = tmp_file("wrongsec.rpt", text, strlen(text));
	assert_int_equal(report_synth_read(path, &s, &err), -1);
	assert_msg(&err, "has no utilization tables");
	free(path);

	text = "3. DSP\n| DSPs | many | 0 |\n";
	path = tmp_file("badused.rpt", text, strlen(text));
	assert_int_equal(report_synth_read(path, &s, &err), -1);
	assert_msg(&err, "line 2: 'DSPs' used count 'many' is not a number");
	free(path);

	path = tmp_file("nul.rpt", "3. DSP\n\0| DSPs | 1 |\n", 20);
	assert_int_equal(report_synth_read(path, &s, &err), -1);
	assert_msg(&err, "NUL byte");
	free(path);
}

/* Both sets must hold the same metrics in the same order. */
static void assert_same_result(const struct run_result *a,
			       const struct run_result *b)
{
	assert_string_equal(a->backend, b->backend);
	if (a->tool_version || b->tool_version)
		assert_string_equal(a->tool_version, b->tool_version);
	assert_int_equal(a->n_sets, b->n_sets);
	for (int i = 0; i < a->n_sets; i++) {
		assert_string_equal(a->sets[i].source, b->sets[i].source);
		assert_int_equal(a->sets[i].n, b->sets[i].n);
		for (int j = 0; j < a->sets[i].n; j++) {
			assert_string_equal(a->sets[i].m[j].layer,
					    b->sets[i].m[j].layer);
			assert_string_equal(a->sets[i].m[j].key,
					    b->sets[i].m[j].key);
			/* exact: cJSON prints up to 17 digits */
			assert_true(a->sets[i].m[j].value ==
				    b->sets[i].m[j].value);
		}
	}
}

/* Metrics from the real reports, then result.json written and read. */
static void test_result_hls4ml(void **state)
{
	struct csynth_report c;
	struct synth_report s;
	struct run_result r = {0}, back;
	struct error err;
	char *xml, *rpt, *out;

	(void)state;
	NEED_REPORTS();
	xml = shared_file("myproject_csynth.xml");
	rpt = shared_file("vivado_synth.rpt");
	assert_int_equal(report_csynth_read(xml, &c, &err), 0);
	assert_int_equal(report_synth_read(rpt, &s, &err), 0);
	r.backend = xstrdup("vivado");
	/* impl first: result.json still lists csynth first */
	result_add_synth(&r, &s);
	result_add_csynth(&r, &c);
	assert_string_equal(r.tool_version, "Vivado HLS 2020.1");
	assert_float_equal(metric_of(&r, "csynth", "", "dsp"), 73, 0);
	assert_float_equal(metric_of(&r, "csynth", "", "lut"), 2532, 0);
	assert_float_equal(metric_of(&r, "csynth", "", "ff"), 7969, 0);
	assert_float_equal(metric_of(&r, "csynth", "", "bram18"), 0, 0);
	assert_float_equal(metric_of(&r, "csynth", "", "uram"), 0, 0);
	assert_float_equal(metric_of(&r, "csynth", "", "latency_cycles"), 10,
			   0);
	assert_float_equal(metric_of(&r, "csynth", "", "latency_worst"), 10,
			   0);
	assert_float_equal(metric_of(&r, "csynth", "", "ii"), 8, 0);
	assert_float_equal(metric_of(&r, "csynth", "", "ii_max"), 8, 0);
	assert_float_equal(metric_of(&r, "csynth", "", "est_clock_ns"), 4.049,
			   1e-12);
	/* 10 cycles x 4.049 ns (estimated clock) = 40.49 ns */
	assert_float_equal(metric_of(&r, "csynth", "", "latency_ns"), 40.49,
			   1e-9);
	assert_float_equal(metric_of(&r, "impl", "", "lut"), 1526, 0);
	assert_float_equal(metric_of(&r, "impl", "", "ff"), 2428, 0);
	assert_float_equal(metric_of(&r, "impl", "", "dsp"), 66, 0);
	/* 2 x 0 Block RAM tiles */
	assert_float_equal(metric_of(&r, "impl", "", "bram18"), 0, 0);
	assert_false(has_metric(&r, "impl", "", "uram"));

	out = xasprintf("%s/result.json", tmpdir);
	if (result_write(&r, out, &err) < 0)
		fail_msg("%s", err.msg);
	if (result_read(out, &back, &err) < 0)
		fail_msg("%s", err.msg);
	/* read back in file order: csynth then impl */
	assert_string_equal(back.sets[0].source, "csynth");
	assert_string_equal(back.sets[1].source, "impl");
	{
		struct run_result swapped = r;

		swapped.sets[0] = r.sets[1];
		swapped.sets[1] = r.sets[0];
		assert_same_result(&swapped, &back);
	}
	run_result_release(&back);
	run_result_release(&r);
	csynth_report_release(&c);
	free(out);
	free(xml);
	free(rpt);
}

/* Vitis fixture: undef latency gives no latency metrics at top level;
 * modules give layer = module name, latency_ns with the estimated clock. */
static void test_result_vitis(void **state)
{
	struct csynth_report c;
	struct synth_report s;
	struct run_result r = {0}, back;
	struct error err;
	char *out;

	(void)state;
	assert_int_equal(report_csynth_read(FIXTURES "/vitis_csynth.xml", &c,
					    &err), 0);
	assert_int_equal(report_synth_read(FIXTURES "/ultrascale_synth.rpt",
					   &s, &err), 0);
	r.backend = xstrdup("vitis");
	result_add_csynth(&r, &c);
	result_add_synth(&r, &s);
	assert_false(has_metric(&r, "csynth", "", "latency_cycles"));
	assert_false(has_metric(&r, "csynth", "", "latency_ns"));
	assert_false(has_metric(&r, "csynth", "", "ii"));
	assert_float_equal(metric_of(&r, "csynth", "", "dsp"), 120, 0);
	assert_float_equal(metric_of(&r, "csynth", "", "uram"), 2, 0);
	assert_float_equal(metric_of(&r, "csynth", "dense_config2_s",
				     "latency_cycles"), 12, 0);
	/* 12 cycles x 3.65 ns = 43.8 ns */
	assert_float_equal(metric_of(&r, "csynth", "dense_config2_s",
				     "latency_ns"), 43.8, 1e-9);
	assert_float_equal(metric_of(&r, "csynth", "relu_config3_s", "lut"),
			   615, 0);
	/* 2 x 7.5 Block RAM tiles = 15 BRAM18 */
	assert_float_equal(metric_of(&r, "impl", "", "bram18"), 15, 0);
	assert_float_equal(metric_of(&r, "impl", "", "uram"), 2, 0);

	out = xasprintf("%s/result_vitis.json", tmpdir);
	assert_int_equal(result_write(&r, out, &err), 0);
	if (result_read(out, &back, &err) < 0)
		fail_msg("%s", err.msg);
	assert_same_result(&r, &back);
	run_result_release(&back);
	run_result_release(&r);
	csynth_report_release(&c);
	free(out);
}

/* A tiny result's file, byte for byte: fixed key order, target clock
 * used when the estimate is unknown (3 cycles x 5 ns = 15 ns). */
static void test_result_text(void **state)
{
	struct csynth_report c = {0};
	struct run_result r = {0};
	struct error err;
	char *out, *text;
	size_t len;

	(void)state;
	c.target_clock = (struct rvalue){true, 5};
	c.latency_best = (struct rvalue){true, 3};
	c.dsp = (struct rvalue){true, 2};
	r.backend = xstrdup("vivado");
	result_add_csynth(&r, &c);
	out = xasprintf("%s/text.json", tmpdir);
	assert_int_equal(result_write(&r, out, &err), 0);
	assert_int_equal(fileio_read(out, 1 << 20, &text, &len, &err), 0);
	assert_string_equal(text,
		"{\n"
		"\t\"format\":\t\"hlsdse-result/1\",\n"
		"\t\"backend\":\t\"vivado\",\n"
		"\t\"tool_version\":\tnull,\n"
		"\t\"metrics\":\t{\n"
		"\t\t\"csynth\":\t[{\n"
		"\t\t\t\t\"layer\":\t\"\",\n"
		"\t\t\t\t\"key\":\t\"dsp\",\n"
		"\t\t\t\t\"value\":\t2\n"
		"\t\t\t}, {\n"
		"\t\t\t\t\"layer\":\t\"\",\n"
		"\t\t\t\t\"key\":\t\"latency_cycles\",\n"
		"\t\t\t\t\"value\":\t3\n"
		"\t\t\t}, {\n"
		"\t\t\t\t\"layer\":\t\"\",\n"
		"\t\t\t\t\"key\":\t\"latency_ns\",\n"
		"\t\t\t\t\"value\":\t15\n"
		"\t\t\t}]\n"
		"\t}\n"
		"}\n");
	free(text);
	free(out);
	/* a result without a backend is not written */
	free(r.backend);
	r.backend = NULL;
	out = xasprintf("%s/nobackend.json", tmpdir);
	assert_int_equal(result_write(&r, out, &err), -1);
	assert_msg(&err, "names no backend");
	assert_false(fileio_is_file(out));
	free(out);
	run_result_release(&r);
}

/* result_parse on text fails with a message holding needle. */
static void result_fails(const char *text, const char *needle)
{
	struct run_result r;
	struct error err;

	err.msg[0] = '\0';
	assert_int_equal(result_parse(text, strlen(text), "r.json", &r, &err),
			 -1);
	assert_msg(&err, "'r.json': ");
	assert_msg(&err, needle);
	assert_null(r.backend);
	assert_int_equal(r.n_sets, 0);
}

#define HEAD "{\"format\": \"hlsdse-result/1\", \"backend\": \"vivado\", "

static void test_result_malformed(void **state)
{
	struct run_result r;
	struct error err;
	const char *good;
	char *path;

	(void)state;
	path = xasprintf("%s/absent.json", tmpdir);
	assert_int_equal(result_read(path, &r, &err), -1);
	assert_msg(&err, "unable to open");
	assert_msg(&err, path);
	free(path);
	path = tmp_file("empty.json", "", 0);
	assert_int_equal(result_read(path, &r, &err), -1);
	assert_msg(&err, path);
	assert_msg(&err, "not valid JSON (line 1, column 1)");
	free(path);

	result_fails("{\"format\": \"hlsdse-result/1\",\n\"backend\": }",
		     "not valid JSON (line 2, column 12)");
	result_fails(HEAD "\"metrics\": {}} x", "not valid JSON");
	result_fails("[1, 2]", "expected a JSON object");
	result_fails("{\"backend\": \"vivado\", \"metrics\": {}}",
		     "format: expected \"hlsdse-result/1\"");
	result_fails("{\"format\": \"hlsdse-result/2\", \"backend\": \"v\", "
		     "\"metrics\": {}}",
		     "format: 'hlsdse-result/2' is not \"hlsdse-result/1\"");
	result_fails(HEAD "\"metrics\": {}, \"extra\": 1}",
		     "extra: unknown key");
	result_fails("{\"format\": \"hlsdse-result/1\", \"metrics\": {}}",
		     "backend: expected a non-empty string");
	result_fails(HEAD "\"tool_version\": 3, \"metrics\": {}}",
		     "tool_version: expected a string or null");
	result_fails(HEAD "\"tool_version\": null}", "metrics: missing");
	result_fails(HEAD "\"metrics\": []}", "metrics: expected an object");
	result_fails(HEAD "\"metrics\": {\"estimate\": []}}",
		     "metrics.estimate: unknown source");
	result_fails(HEAD "\"metrics\": {\"Csynth\": []}}",
		     "metrics.Csynth: unknown source");
	result_fails(HEAD "\"metrics\": {\"csynth\": [], \"csynth\": []}}",
		     "metrics.csynth: duplicate source");
	result_fails(HEAD "\"metrics\": {\"impl\": {}}}",
		     "metrics.impl: expected an array");
	result_fails(HEAD "\"metrics\": {\"impl\": [7]}}",
		     "metrics.impl[0]: expected an object");
	result_fails(HEAD "\"metrics\": {\"impl\": [{\"layer\": \"\", "
		     "\"key\": \"dsp\", \"value\": 1}, {\"layer\": \"\", "
		     "\"key\": \"lut\", \"value\": \"12\"}]}}",
		     "metrics.impl[1].value: expected a number");
	result_fails(HEAD "\"metrics\": {\"impl\": [{\"key\": \"dsp\", "
		     "\"value\": 1}]}}",
		     "metrics.impl[0].layer: expected a string");
	result_fails(HEAD "\"metrics\": {\"impl\": [{\"layer\": \"\", "
		     "\"key\": \"\", \"value\": 1}]}}",
		     "metrics.impl[0].key: expected a non-empty string");
	result_fails(HEAD "\"metrics\": {\"impl\": [{\"layer\": \"\", "
		     "\"key\": \"dsp\", \"value\": 1, \"unit\": \"x\"}]}}",
		     "metrics.impl[0].unit: unknown key");
	/* a valid one parses: the fixed shape is accepted */
	good = HEAD "\"metrics\": {\"sim\": [{\"layer\": \"d1\", \"key\": "
		"\"ii\", \"value\": 2.5}]}}";
	assert_int_equal(result_parse(good, strlen(good), "r.json", &r, &err),
			 0);
	assert_string_equal(r.backend, "vivado");
	assert_null(r.tool_version);
	assert_int_equal(r.n_sets, 1);
	assert_string_equal(r.sets[0].source, "sim");
	assert_int_equal(r.sets[0].n, 1);
	assert_string_equal(r.sets[0].m[0].layer, "d1");
	assert_float_equal(r.sets[0].m[0].value, 2.5, 0);
	run_result_release(&r);
	/* a NUL inside the length is refused */
	assert_int_equal(result_parse(HEAD "\"metrics\": {}}\0 junk",
				      strlen(HEAD) + 20, "r.json", &r, &err),
			 -1);
	assert_msg(&err, "NUL byte");
}

static int setup(void **state)
{
	(void)state;
	return test_tmpdir_make(tmpdir, sizeof(tmpdir), "report_test");
}

static int teardown(void **state)
{
	(void)state;
	return test_tmpdir_remove(tmpdir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csynth_hls4ml),
		cmocka_unit_test(test_synth_hls4ml),
		cmocka_unit_test(test_csynth_vitis),
		cmocka_unit_test(test_synth_ultrascale),
		cmocka_unit_test(test_csynth_malformed),
		cmocka_unit_test(test_synth_malformed),
		cmocka_unit_test(test_result_hls4ml),
		cmocka_unit_test(test_result_vitis),
		cmocka_unit_test(test_result_text),
		cmocka_unit_test(test_result_malformed),
	};

	return cmocka_run_group_tests_name("report", tests, setup, teardown);
}
