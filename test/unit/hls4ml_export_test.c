/*
 * hls4ml_export_test.c - the hls4ml configuration writer: configs for
 * examples/jet_tagger.json and examples/conv2d_small.json with knobs set
 * through design_set are read back with libyaml's parser into a flat
 * "path = value" list, and every leaf is compared with the value
 * hls4ml.md section 1 says the key must hold (PascalCase Strategy,
 * integer ReuseFactor, table types as direct *_t keys, every type string
 * double-quoted). The leaf lists are exact, so a stray key (the flow-style
 * "6>" trap) fails. Also: a full .h5 model gives KerasH5 alone, design
 * defaults beyond the plain precision give a Model Precision dict, the
 * driver script is written executable, and the vitis backend prepares a
 * run directory, names its one step and collects the hand-written report
 * fixtures of test/data/reports into result.json.
 */
#define _XOPEN_SOURCE 700	/* nftw's FTW_DEPTH and FTW_PHYS */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <ftw.h>
#include <yaml.h>

#include "backends/hls4ml.h"
#include "backends/report.h"
#include "core/fileio.h"
#include "core/keras.h"
#include "core/xalloc.h"
#include "test/unit/testlib.h"

#define MAX_LEAVES 128

/* One scalar of the document: its dotted path, value and whether it was
 * double-quoted. */
struct leaf {
	char path[256];
	char value[256];
	bool quoted;
};

struct doc {
	struct leaf l[MAX_LEAVES];
	int n;
};

/* Reads a block-mapping-only YAML file (scalars and nested mappings)
 * into d with libyaml's event parser. */
static void read_doc(const char *path, struct doc *d)
{
	yaml_parser_t p;
	yaml_event_t ev;
	FILE *f = fopen(path, "rb");
	char stack[16][128];
	bool want_key[16];
	int depth = 0, done = 0;

	assert_non_null(f);
	memset(d, 0, sizeof(*d));
	assert_true(yaml_parser_initialize(&p));
	yaml_parser_set_input_file(&p, f);
	while (!done) {
		assert_true(yaml_parser_parse(&p, &ev));
		switch (ev.type) {
		case YAML_MAPPING_START_EVENT:
			assert_true(ev.data.mapping_start.style ==
				    YAML_BLOCK_MAPPING_STYLE);
			assert_true(depth < 15);
			if (depth > 0)
				want_key[depth - 1] = true;
			want_key[depth++] = true;
			break;
		case YAML_MAPPING_END_EVENT:
			depth--;
			break;
		case YAML_SEQUENCE_START_EVENT:
			fail_msg("unexpected sequence in %s", path);
			break;
		case YAML_SCALAR_EVENT: {
			const char *s = (const char *)ev.data.scalar.value;

			assert_true(depth > 0);
			if (want_key[depth - 1]) {
				snprintf(stack[depth - 1], sizeof(stack[0]),
					 "%s", s);
				want_key[depth - 1] = false;
			} else {
				struct leaf *l = &d->l[d->n++];

				assert_true(d->n < MAX_LEAVES);
				l->path[0] = '\0';
				for (int i = 0; i < depth; i++) {
					strcat(l->path, stack[i]);
					if (i + 1 < depth)
						strcat(l->path, ".");
				}
				snprintf(l->value, sizeof(l->value), "%s", s);
				l->quoted = ev.data.scalar.style ==
					YAML_DOUBLE_QUOTED_SCALAR_STYLE;
				want_key[depth - 1] = true;
			}
			break;
		}
		case YAML_STREAM_END_EVENT:
			done = 1;
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&p);
	fclose(f);
}

/* An expected leaf: path, value, and 'q' (double-quoted) or 'p' (plain). */
struct want {
	const char *path, *value;
	char style;
};

/* The document holds exactly the leaves of w, in that order. */
static void expect_doc(const struct doc *d, const struct want *w, int n)
{
	for (int i = 0; i < n && i < d->n; i++) {
		if (strcmp(d->l[i].path, w[i].path) != 0 ||
		    strcmp(d->l[i].value, w[i].value) != 0 ||
		    d->l[i].quoted != (w[i].style == 'q'))
			fail_msg("leaf %d: got %s = %s (%s), want %s = %s (%c)",
				 i, d->l[i].path, d->l[i].value,
				 d->l[i].quoted ? "quoted" : "plain",
				 w[i].path, w[i].value, w[i].style);
	}
	if (d->n != n)
		fail_msg("%d leaves, want %d", d->n, n);
}

struct fix {
	struct model m;
	struct design d;
	struct error err;
	char dir[64];
	char path[128];
};

static int setup(void **state)
{
	struct fix *f = xcalloc(1, sizeof(*f));

	model_init(&f->m);
	design_init(&f->d);
	snprintf(f->dir, sizeof(f->dir), "/tmp/hls4ml_export_XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->path, sizeof(f->path), "%s/hls4ml_config.yml", f->dir);
	*state = f;
	return 0;
}

static int rm_entry(const char *path, const struct stat *st, int flag,
		    struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int teardown(void **state)
{
	struct fix *f = *state;

	nftw(f->dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	model_release(&f->m);
	design_release(&f->d);
	free(f);
	return 0;
}

static void set(struct fix *f, const char *assign)
{
	if (design_set(&f->d, &f->m, assign, &f->err) < 0)
		fail_msg("design_set %s: %s", assign, f->err.msg);
}

static void load(struct fix *f, const char *path)
{
	if (keras_load(&f->m, path, NULL, &f->err) < 0)
		fail_msg("%s: %s (run make examples)", path, f->err.msg);
}

/* jet_tagger: fc1 resource RF 4 with weight/accum types, fc2 a plain
 * layer precision, fc1_relu a result type, the softmax latency with a
 * 2048 table and an exp table type; global part, 4.5 ns, io_stream, a
 * default precision ap_fixed<18,8>. */
static void test_jet_tagger(void **state)
{
	struct fix *f = *state;
	struct doc doc;
	static const struct want w[] = {
		{ "KerasJson", "model/jet_tagger.json", 'q' },
		{ "KerasH5", "model/jet_tagger_weights.h5", 'q' },
		{ "OutputDir", "hls4ml_prj", 'q' },
		{ "ProjectName", "myproject", 'q' },
		{ "Backend", "Vitis", 'p' },
		{ "Part", "xcku115-flvb2104-2-i", 'q' },
		{ "ClockPeriod", "4.5", 'p' },
		{ "IOType", "io_stream", 'p' },
		{ "HLSConfig.Model.Precision", "ap_fixed<18,8>", 'q' },
		{ "HLSConfig.Model.ReuseFactor", "1", 'p' },
		{ "HLSConfig.Model.Strategy", "Latency", 'p' },
		{ "HLSConfig.LayerName.fc1.Precision.weight", "ap_fixed<8,3>", 'q' },
		{ "HLSConfig.LayerName.fc1.Precision.accum", "ap_fixed<24,12>", 'q' },
		{ "HLSConfig.LayerName.fc1.ReuseFactor", "4", 'p' },
		{ "HLSConfig.LayerName.fc1.Strategy", "Resource", 'p' },
		{ "HLSConfig.LayerName.fc1_relu.Precision.result", "ap_ufixed<10,4>", 'q' },
		{ "HLSConfig.LayerName.fc2.Precision", "ap_fixed<12,4>", 'q' },
		{ "HLSConfig.LayerName.output_softmax.TableSize", "2048", 'p' },
		{ "HLSConfig.LayerName.output_softmax.Implementation", "latency", 'p' },
		{ "HLSConfig.LayerName.output_softmax.exp_table_t",
		  "ap_fixed<18,8,AP_RND,AP_SAT>", 'q' },
	};

	load(f, "examples/jet_tagger.json");
	set(f, "part=xcku115-flvb2104-2-i");
	set(f, "clock_ns=4.5");
	set(f, "io_type=io_stream");
	set(f, "defaults.precision=ap_fixed<18,8>");
	set(f, "fc1.strategy=resource");
	set(f, "fc1.reuse_factor=4");
	set(f, "fc1.precision.weight=ap_fixed<8,3>");
	set(f, "fc1.precision.accum=ap_fixed<24,12>");
	set(f, "fc1_relu.precision.result=ap_ufixed<10,4>");
	set(f, "fc2.precision=ap_fixed<12,4>");
	set(f, "output_softmax.implementation=latency");
	set(f, "output_softmax.table_size=2048");
	set(f, "output_softmax.precision.exp_table=ap_fixed<18,8,AP_RND,AP_SAT>");
	if (hls4ml_write_config(&f->d, &f->m, "model/jet_tagger.json",
				"model/jet_tagger_weights.h5", "myproject",
				"hls4ml_prj", "Vitis", f->path, &f->err) < 0)
		fail_msg("%s", f->err.msg);
	read_doc(f->path, &doc);
	expect_doc(&doc, w, (int)(sizeof(w) / sizeof(w[0])));
}

/* conv2d_small under io_stream: conv1 parallelization factor 4 (14x14
 * output pixels, 196 = 4 x 49), a design-level table type that lands on
 * every activation layer as table_t (conv1_relu, conv2_relu, fc1_relu
 * and output_softmax: design_set lets table apply to the whole
 * activation family), Vivado, clock 5 -> integer. */
static void test_conv_pf(void **state)
{
	struct fix *f = *state;
	struct doc doc;
	static const struct want w[] = {
		{ "KerasJson", "m/conv2d_small.json", 'q' },
		{ "OutputDir", "out", 'q' },
		{ "ProjectName", "cnn", 'q' },
		{ "Backend", "Vivado", 'p' },
		{ "Part", "xcvu13p-flga2577-2-e", 'q' },
		{ "ClockPeriod", "5", 'p' },
		{ "IOType", "io_stream", 'p' },
		{ "HLSConfig.Model.Precision", "ap_fixed<16,6>", 'q' },
		{ "HLSConfig.Model.ReuseFactor", "1", 'p' },
		{ "HLSConfig.Model.Strategy", "Latency", 'p' },
		{ "HLSConfig.LayerName.conv1.ParallelizationFactor", "4", 'p' },
		{ "HLSConfig.LayerName.conv1_relu.table_t", "ap_fixed<20,8>", 'q' },
		{ "HLSConfig.LayerName.conv2_relu.table_t", "ap_fixed<20,8>", 'q' },
		{ "HLSConfig.LayerName.fc1_relu.table_t", "ap_fixed<20,8>", 'q' },
		{ "HLSConfig.LayerName.output_softmax.table_t", "ap_fixed<20,8>", 'q' },
	};

	load(f, "examples/conv2d_small.json");
	set(f, "io_type=io_stream");
	set(f, "conv1.parallelization_factor=4");
	set(f, "defaults.precision.table=ap_fixed<20,8>");
	if (hls4ml_write_config(&f->d, &f->m, "m/conv2d_small.json", NULL,
				"cnn", "out", "Vivado", f->path,
				&f->err) < 0)
		fail_msg("%s", f->err.msg);
	read_doc(f->path, &doc);
	expect_doc(&doc, w, (int)(sizeof(w) / sizeof(w[0])));
}

/* A full .h5 model is named by KerasH5 alone; design defaults for weight
 * and result make the Model Precision a dict (default first); resource
 * strategy and RF 2 as model defaults. */
static void test_full_h5_model_dict(void **state)
{
	struct fix *f = *state;
	struct doc doc;
	static const struct want w[] = {
		{ "KerasH5", "model/full.h5", 'q' },
		{ "OutputDir", "prj", 'q' },
		{ "ProjectName", "myproject", 'q' },
		{ "Backend", "Vitis", 'p' },
		{ "Part", "xcvu13p-flga2577-2-e", 'q' },
		{ "ClockPeriod", "5", 'p' },
		{ "IOType", "io_parallel", 'p' },
		{ "HLSConfig.Model.Precision.default", "ap_fixed<16,6>", 'q' },
		{ "HLSConfig.Model.Precision.weight", "ap_fixed<6,1>", 'q' },
		{ "HLSConfig.Model.Precision.result", "ap_fixed<12,5>", 'q' },
		{ "HLSConfig.Model.ReuseFactor", "2", 'p' },
		{ "HLSConfig.Model.Strategy", "Resource", 'p' },
	};

	add_dense_cls(&f->m, "fc1", "Dense", 16, 8);
	set(f, "defaults.strategy=resource");
	set(f, "defaults.reuse_factor=2");
	set(f, "defaults.precision.weight=ap_fixed<6,1>");
	set(f, "defaults.precision.result=ap_fixed<12,5>");
	if (hls4ml_write_config(&f->d, &f->m, "model/full.h5", NULL,
				"myproject", "prj", "Vitis", f->path,
				&f->err) < 0)
		fail_msg("%s", f->err.msg);
	read_doc(f->path, &doc);
	expect_doc(&doc, w, (int)(sizeof(w) / sizeof(w[0])));
}

/* The driver is a Python script, executable, naming the hls4ml entry
 * points of both eras and the exit-3 message. */
static void test_driver(void **state)
{
	struct fix *f = *state;
	char path[160], *text;
	size_t len;
	struct stat st;

	snprintf(path, sizeof(path), "%s/build.py", f->dir);
	if (hls4ml_write_driver(path, &f->err) < 0)
		fail_msg("%s", f->err.msg);
	assert_int_equal(stat(path, &st), 0);
	assert_true(st.st_mode & S_IXUSR);
	assert_int_equal(fileio_read(path, 1 << 20, &text, &len, &f->err), 0);
	assert_true(strncmp(text, "#!/usr/bin/env python3\n", 23) == 0);
	assert_non_null(strstr(text, "import keras_v2_to_hls as fn"));
	assert_non_null(strstr(text, "convert_from_config(config)"));
	assert_non_null(strstr(text, "hls4ml not found: pip install hls4ml "
			       "(or set HLSDSE_PYTHON '\n"));
	free(text);
}

static void copy(const char *from, const char *to)
{
	struct error err;
	char *data;
	size_t len;

	if (fileio_read(from, 1 << 20, &data, &len, &err) < 0 ||
	    fileio_write_atomic(to, data, len, &err) < 0)
		fail_msg("%s", err.msg);
	free(data);
}

static void mkdirs(const char *base, const char *rel)
{
	char buf[512];

	snprintf(buf, sizeof(buf), "%s/%s", base, rel);
	for (char *p = buf + strlen(base) + 1; *p; p++) {
		if (*p == '/') {
			*p = '\0';
			mkdir(buf, 0777);
			*p = '/';
		}
	}
	mkdir(buf, 0777);
}

static double metric(const struct run_result *r, const char *source,
		     const char *key)
{
	for (int s = 0; s < r->n_sets; s++) {
		if (strcmp(r->sets[s].source, source) != 0)
			continue;
		for (int i = 0; i < r->sets[s].n; i++)
			if (strcmp(r->sets[s].m[i].layer, "") == 0 &&
			    strcmp(r->sets[s].m[i].key, key) == 0)
				return r->sets[s].m[i].value;
	}
	fail_msg("no %s metric %s", source, key);
	return -1;
}

/* The vitis backend end to end without the tools: prepare, steps, collect
 * (reports copied from test/data/reports where hls4ml writes them). */
static void test_backend_run_dir(void **state)
{
	struct fix *f = *state;
	const struct backend *b = backend_find("vitis");
	struct run_ctx rc = { 0 };
	struct step *st = NULL;
	struct run_result res;
	struct doc doc;
	char run[128], p[256];
	struct stat sb;
	int n = 0;

	assert_int_equal(backend_count(), 3);
	assert_string_equal(backend_at(0)->name, "vitis");
	assert_string_equal(backend_at(1)->name, "vivado");
	assert_string_equal(backend_at(2)->name, "yosys");
	assert_null(backend_at(3));
	assert_null(backend_find("quartus"));
	assert_non_null(b);
	load(f, "examples/jet_tagger.json");
	set(f, "fc2.reuse_factor=2");
	snprintf(run, sizeof(run), "%s/runs/7", f->dir);
	snprintf(p, sizeof(p), "%s/runs", f->dir);
	assert_int_equal(mkdir(p, 0777), 0);
	rc.run_dir = run;
	rc.run_id = 7;
	rc.d = &f->d;
	rc.m = &f->m;
	rc.model_path = "examples/jet_tagger.json";
	rc.weights_path = "examples/jet_tagger_weights.h5";
	if (b->prepare(&rc, &f->err) < 0)
		fail_msg("prepare: %s", f->err.msg);
	/* examples/jet_tagger_weights.h5 is 35744 bytes (ls -l) */
	snprintf(p, sizeof(p), "%s/model/jet_tagger_weights.h5", run);
	assert_int_equal(stat(p, &sb), 0);
	assert_int_equal(sb.st_size, 35744);
	snprintf(p, sizeof(p), "%s/build.py", run);
	assert_int_equal(stat(p, &sb), 0);
	snprintf(p, sizeof(p), "%s/hls4ml_config.yml", run);
	read_doc(p, &doc);
	assert_string_equal(doc.l[0].path, "KerasJson");
	assert_string_equal(doc.l[0].value, "model/jet_tagger.json");
	assert_string_equal(doc.l[1].value, "model/jet_tagger_weights.h5");
	assert_string_equal(doc.l[2].path, "OutputDir");
	assert_string_equal(doc.l[2].value, "hls4ml_prj");
	assert_string_equal(doc.l[4].path, "Backend");
	assert_string_equal(doc.l[4].value, "Vitis");
	assert_string_equal(doc.l[doc.n - 1].path,
			    "HLSConfig.LayerName.fc2.ReuseFactor");
	assert_string_equal(doc.l[doc.n - 1].value, "2");

	unsetenv("HLSDSE_PYTHON");
	unsetenv("HLSDSE_VSYNTH");
	assert_int_equal(b->steps(&rc, &st, &n, &f->err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(st[0].name, "csynth");
	assert_string_equal(st[0].argv[0], "python3");
	assert_string_equal(st[0].argv[1], "build.py");
	assert_null(st[0].argv[2]);
	step_release(&st[0]);
	free(st);
	setenv("HLSDSE_PYTHON", "/opt/py/bin/python3", 1);
	setenv("HLSDSE_VSYNTH", "1", 1);
	assert_int_equal(b->steps(&rc, &st, &n, &f->err), 0);
	assert_string_equal(st[0].argv[0], "/opt/py/bin/python3");
	assert_string_equal(st[0].argv[2], "--vsynth");
	assert_null(st[0].argv[3]);
	step_release(&st[0]);
	free(st);
	unsetenv("HLSDSE_PYTHON");
	unsetenv("HLSDSE_VSYNTH");

	assert_int_equal(b->collect(&rc, &f->err), -1);
	assert_non_null(strstr(f->err.msg, "no C synthesis report"));
	mkdirs(run, "hls4ml_prj/myproject_prj/solution1/syn/report");
	snprintf(p, sizeof(p), "%s/hls4ml_prj/myproject_prj/solution1/syn/"
		 "report/myproject_csynth.xml", run);
	copy("test/data/reports/vitis_csynth.xml", p);
	snprintf(p, sizeof(p), "%s/hls4ml_prj/vivado_synth.rpt", run);
	copy("test/data/reports/ultrascale_synth.rpt", p);
	if (b->collect(&rc, &f->err) < 0)
		fail_msg("collect: %s", f->err.msg);
	snprintf(p, sizeof(p), "%s/result.json", run);
	memset(&res, 0, sizeof(res));
	if (result_read(p, &res, &f->err) < 0)
		fail_msg("result_read: %s", f->err.msg);
	assert_string_equal(res.backend, "vitis");
	/* vitis_csynth.xml: Version 2022.2, DSP 120, LUT 20415;
	 * ultrascale_synth.rpt: DSPs 118, CLB LUTs 18211 */
	assert_string_equal(res.tool_version, "Vitis HLS 2022.2");
	assert_float_equal(metric(&res, "csynth", "dsp"), 120, 0);
	assert_float_equal(metric(&res, "csynth", "lut"), 20415, 0);
	assert_float_equal(metric(&res, "impl", "dsp"), 118, 0);
	assert_float_equal(metric(&res, "impl", "lut"), 18211, 0);
	run_result_release(&res);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_jet_tagger, setup, teardown),
		cmocka_unit_test_setup_teardown(test_conv_pf, setup, teardown),
		cmocka_unit_test_setup_teardown(test_full_h5_model_dict, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_driver, setup, teardown),
		cmocka_unit_test_setup_teardown(test_backend_run_dir, setup,
						teardown),
	};

	return cmocka_run_group_tests_name("hls4ml_export", tests, NULL, NULL);
}
