/*
 * hls4ml_test.c - import of hls4ml configurations: the two real YAML files
 * in ../shared/models (expected knobs read off those files), and inline
 * YAML/JSON written to temporary files for LayerType expansion, hls4ml's
 * precision precedence, the flow-style comma trap, refusals and warnings.
 * Models are built by hand with the layer names the configs use.
 */
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

#include "core/design.h"
#include "core/xalloc.h"
#include "test/unit/testlib.h"

#define add_dense(m, name, n_in, units) \
	add_dense_cls(m, name, "QDense", n_in, units)

/* qkeras_3layer.json: fc1_input(16), fc1 QDense 16->64, relu1, fc2
 * 64->32, relu2, fc3 32->32, relu3, output 32->5, softmax
 * (Activation('softmax'), hls4ml IR class Softmax). */
static void build_qkeras(struct model *m)
{
	struct layer *l;

	model_init(m);
	l = model_add_layer(m, "fc1_input", "InputLayer", LAYER_INPUT);
	shape1(&l->out_shape, 16);
	add_dense(m, "fc1", 16, 64);
	add_act(m, "relu1", "QActivation", ACT_RELU, 64);
	add_dense(m, "fc2", 64, 32);
	add_act(m, "relu2", "QActivation", ACT_RELU, 32);
	add_dense(m, "fc3", 32, 32);
	add_act(m, "relu3", "QActivation", ACT_RELU, 32);
	add_dense(m, "output", 32, 5);
	add_act(m, "softmax", "Activation", ACT_SOFTMAX, 5);
}

struct fix {
	struct model m;
	struct design d;
	struct error err;
	char **warn;
	int n_warn;
	char dir[64];
	char *file;
};

static int setup(void **state)
{
	struct fix *f = xcalloc(1, sizeof(*f));

	build_qkeras(&f->m);
	design_init(&f->d);
	snprintf(f->dir, sizeof(f->dir), "/tmp/hls4ml_test.XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	*state = f;
	return 0;
}

static void clear_warnings(struct fix *f)
{
	for (int i = 0; i < f->n_warn; i++)
		free(f->warn[i]);
	free(f->warn);
	f->warn = NULL;
	f->n_warn = 0;
}

static int teardown(void **state)
{
	struct fix *f = *state;

	clear_warnings(f);
	if (f->file) {
		unlink(f->file);
		free(f->file);
	}
	rmdir(f->dir);
	design_release(&f->d);
	model_release(&f->m);
	free(f);
	return 0;
}

/* Writes text to <dir>/name and imports it. */
static int import_text(struct fix *f, const char *name, const char *text)
{
	FILE *fp;

	if (f->file) {
		unlink(f->file);
		free(f->file);
	}
	f->file = xasprintf("%s/%s", f->dir, name);
	fp = fopen(f->file, "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
	clear_warnings(f);
	f->err.msg[0] = '\0';
	return design_import_hls4ml(&f->d, &f->m, f->file, &f->warn,
				    &f->n_warn, &f->err);
}

#define IMPORT_OK(f, name, text)                                        \
	do {                                                            \
		if (import_text(f, name, text) != 0)                    \
			fail_msg("import failed: %s", (f)->err.msg);    \
	} while (0)

static struct knobs resolve(struct fix *f, const char *layer)
{
	struct knobs k;
	int i = model_find(&f->m, layer);

	assert_true(i >= 0);
	design_resolve(&f->d, &f->m, i, &k);
	return k;
}

static const char *fmt(const struct precision *p, char *buf)
{
	if (p->is_auto)
		return "auto";
	return fixed_format(&p->type, buf, FIXED_STR_MAX);
}

#define PREC_EQ(k, slot, s)                                             \
	do {                                                            \
		char b_[FIXED_STR_MAX];                                 \
		assert_string_equal(fmt(&(k).prec[slot], b_), s);       \
	} while (0)

/* Precision slot set on the layer's own knobs (not inherited). */
#define OWN_PREC_EQ(f, layer, slot, s)                                  \
	do {                                                            \
		struct layer_knobs *lk_ = design_layer(&(f)->d, layer, false); \
		char b_[FIXED_STR_MAX];                                 \
		assert_non_null(lk_);                                   \
		assert_true(lk_->prec[slot].set);                       \
		assert_string_equal(fmt(&lk_->prec[slot], b_), s);      \
	} while (0)

static bool has_warning(const struct fix *f, const char *needle)
{
	for (int i = 0; i < f->n_warn; i++)
		if (strstr(f->warn[i], needle))
			return true;
	return false;
}

/* Expected values read off ../shared/models/qkeras_3layer_config.yml. */
static void test_qkeras_config(void **state)
{
	struct fix *f = *state;
	char *path;
	struct knobs k;
	int rc;

	NEED_MODELS();
	path = xasprintf("%s/qkeras_3layer_config.yml", models_dir());
	rc = design_import_hls4ml(&f->d, &f->m, path, &f->warn, &f->n_warn,
				  &f->err);
	free(path);
	if (rc != 0)
		fail_msg("%s", f->err.msg);
	assert_string_equal(f->d.part, "xcvu9p-flga2577-2-e");
	assert_true(f->d.clock_ns == 5.0);
	assert_int_equal(f->d.io_type, IO_PARALLEL);
	assert_string_equal(f->d.backend, "vivado");
	assert_int_equal(f->d.reuse_factor, 1);
	assert_int_equal(f->d.strategy, STRATEGY_LATENCY);

	OWN_PREC_EQ(f, "fc1", PREC_WEIGHT, "ap_fixed<6,1>");
	OWN_PREC_EQ(f, "fc1", PREC_BIAS, "ap_fixed<6,1>");
	OWN_PREC_EQ(f, "output", PREC_WEIGHT, "ap_fixed<6,1>");
	OWN_PREC_EQ(f, "fc1_input", PREC_RESULT, "ap_fixed<16,6>");
	OWN_PREC_EQ(f, "relu1", PREC_RESULT, "ap_fixed<7,1,AP_RND_CONV,AP_SAT>");
	OWN_PREC_EQ(f, "relu3", PREC_RESULT, "ap_fixed<7,1,AP_RND_CONV,AP_SAT>");
	OWN_PREC_EQ(f, "softmax", PREC_DEFAULT, "ap_fixed<16,6>");
	OWN_PREC_EQ(f, "softmax", PREC_EXP_TABLE, "ap_fixed<18,8>");
	OWN_PREC_EQ(f, "softmax", PREC_INV_TABLE, "ap_fixed<18,4>");

	k = resolve(f, "fc1");
	assert_int_equal(k.reuse_factor, 1);
	assert_true(k.set & KNOB_REUSE_FACTOR);
	PREC_EQ(k, PREC_RESULT, "ap_fixed<16,6>");	/* Model default */
	k = resolve(f, "softmax");
	assert_int_equal(k.table_size, 1024);
	assert_true(k.set & KNOB_TABLE_SIZE);
	PREC_EQ(k, PREC_EXP_TABLE, "ap_fixed<18,8>");
	PREC_EQ(k, PREC_INV_TABLE, "ap_fixed<18,4>");

	/* one warning: Trace, on all nine LayerName entries */
	if (f->n_warn != 1)
		fail_msg("%d warnings, first: %s", f->n_warn,
			 f->n_warn ? f->warn[0] : "");
	assert_string_equal(f->warn[0], "hls4ml key 'Trace' "
			    "(HLSConfig.LayerName.fc1.Trace and 8 more) is not "
			    "modelled by hlsdse; ignored");
	assert_int_equal(design_validate(&f->d, &f->m, &f->err), 0);
}

/* KERAS_3layer_hls4ml_config.yml: old XilinxPart key, no Part. */
static void test_keras_config(void **state)
{
	struct fix *f = *state;
	char *path;
	int rc;

	NEED_MODELS();
	model_release(&f->m);
	model_init(&f->m);
	model_add_layer(&f->m, "input_1", "InputLayer", LAYER_INPUT);
	add_dense(&f->m, "fc1_relu", 16, 64);
	add_dense(&f->m, "fc2_relu", 64, 32);
	add_dense(&f->m, "fc3_relu", 32, 32);
	add_dense(&f->m, "output_softmax", 32, 5);
	path = xasprintf("%s/KERAS_3layer_hls4ml_config.yml", models_dir());
	rc = design_import_hls4ml(&f->d, &f->m, path, &f->warn, &f->n_warn,
				  &f->err);
	free(path);
	if (rc != 0)
		fail_msg("%s", f->err.msg);
	assert_string_equal(f->d.part, "xcku115-flvb2104-2-i");
	assert_true(f->d.clock_ns == 5.0);
	assert_string_equal(f->d.backend, "vivado");
	assert_int_equal(f->d.io_type, IO_PARALLEL);
	assert_int_equal(f->d.reuse_factor, 1);
	assert_int_equal(f->d.strategy, STRATEGY_LATENCY);
	assert_int_equal(f->d.n_layers, 0);
	assert_int_equal(f->n_warn, 1);
	assert_string_equal(f->warn[0], "XilinxPart is ignored by hls4ml since "
			    "v0.7.0 (use Part); taking the part "
			    "'xcku115-flvb2104-2-i' from it because Part is "
			    "absent");
}

static void test_flow_style_trap(void **state)
{
	struct fix *f = *state;

	/* PyYAML reads {Precision: ap_fixed<16,6>} as Precision:
	 * "ap_fixed<16" plus a key "6>" */
	assert_int_equal(import_text(f, "c.yml", "IOType: io_parallel\n"
				     "HLSConfig:\n  LayerName:\n"
				     "    fc1: {Precision: ap_fixed<16,6>}\n"),
			 -1);
	assert_non_null(strstr(f->err.msg, "c.yml: HLSConfig.LayerName.fc1."
			       "Precision: invalid precision 'ap_fixed<16'"));
	assert_non_null(strstr(f->err.msg, "quote it"));
	assert_int_equal(f->d.n_layers, 0);
	assert_int_equal(f->n_warn, 0);

	IMPORT_OK(f, "c.yml", "HLSConfig:\n  LayerName:\n"
		  "    fc1: {Precision: 'ap_fixed<12,4>', ReuseFactor: 2}\n");
	OWN_PREC_EQ(f, "fc1", PREC_DEFAULT, "ap_fixed<12,4>");
	assert_int_equal(resolve(f, "fc1").reuse_factor, 2);
}

static void test_json_config(void **state)
{
	struct fix *f = *state;
	struct knobs k;

	IMPORT_OK(f, "c.json", "{\"Part\": \"xcu250-figd2104-2L-e\", "
		  "\"ClockPeriod\": 3.3, \"IOType\": \"io_stream\", "
		  "\"Backend\": \"Vitis\", \"HLSConfig\": {\"Model\": "
		  "{\"Precision\": {\"default\": \"ap_fixed<18,8>\", "
		  "\"weight\": \"ap_fixed<8,2>\"}, \"ReuseFactor\": 2, "
		  "\"Strategy\": \"Resource\"}, \"LayerName\": {\"fc1\": "
		  "{\"ReuseFactor\": 8}}}}");
	assert_string_equal(f->d.part, "xcu250-figd2104-2L-e");
	assert_true(f->d.clock_ns == 3.3);
	assert_int_equal(f->d.io_type, IO_STREAM);
	assert_string_equal(f->d.backend, "vitis");
	assert_int_equal(f->d.reuse_factor, 2);
	assert_int_equal(f->d.strategy, STRATEGY_RESOURCE);
	k = resolve(f, "fc1");
	assert_int_equal(k.reuse_factor, 8);
	assert_int_equal(k.strategy, STRATEGY_RESOURCE);
	PREC_EQ(k, PREC_WEIGHT, "ap_fixed<8,2>");
	PREC_EQ(k, PREC_RESULT, "ap_fixed<18,8>");
	k = resolve(f, "output");
	assert_int_equal(k.reuse_factor, 2);	/* 2 | 32: valid for 32x5 */
	assert_int_equal(f->n_warn, 0);

	/* JSON text in a .yml file is read as JSON too */
	IMPORT_OK(f, "c.yml", "{\"ClockPeriod\": 4}");
	assert_true(f->d.clock_ns == 4.0);
	assert_int_equal(import_text(f, "bad.json", "{\"Part\": }"), -1);
	assert_string_equal(f->err.msg + strlen(f->err.msg) -
			    strlen("bad.json:1:10: invalid JSON"),
			    "bad.json:1:10: invalid JSON");
}

/* LayerType expands onto every layer of that hls4ml class; LayerName
 * wins, and a LayerName plain Precision beats LayerType's per-variable
 * types (hls4ml lookup: LayerName var, LayerName default, LayerType var,
 * LayerType default, Model var, Model default). */
static void test_layer_type(void **state)
{
	struct fix *f = *state;
	struct knobs k;

	IMPORT_OK(f, "c.yml",
		  "HLSConfig:\n"
		  "  Model:\n"
		  "    Precision: ap_fixed<16,6>\n"
		  "    ReuseFactor: 1\n"
		  "  LayerType:\n"
		  "    Dense:\n"
		  "      ReuseFactor: 4\n"
		  "      Strategy: Resource\n"
		  "      Precision:\n"
		  "        weight: ap_fixed<8,3>\n"
		  "    Activation:\n"
		  "      table_t: ap_fixed<12,4>\n"
		  "      TableSize: 2048\n"
		  "    Softmax:\n"
		  "      Implementation: latency\n"
		  "    QDense:\n"
		  "      ReuseFactor: 2\n"
		  "  LayerName:\n"
		  "    fc2:\n"
		  "      ReuseFactor: 16\n"
		  "      Precision: ap_fixed<20,8>\n"
		  "    fc9:\n"
		  "      ReuseFactor: 2\n");
	/* fc1 16x64, fc3 32x32, output 32x5: 4 divides 16 and 32 */
	for (int i = 0; i < 3; i++) {
		const char *n = (const char *[]){ "fc1", "fc3", "output" }[i];

		k = resolve(f, n);
		assert_int_equal(k.reuse_factor, 4);
		assert_int_equal(k.strategy, STRATEGY_RESOURCE);
		PREC_EQ(k, PREC_WEIGHT, "ap_fixed<8,3>");
	}
	k = resolve(f, "fc2");
	assert_int_equal(k.reuse_factor, 16);
	assert_int_equal(k.strategy, STRATEGY_RESOURCE);
	PREC_EQ(k, PREC_WEIGHT, "ap_fixed<20,8>");
	PREC_EQ(k, PREC_RESULT, "ap_fixed<20,8>");
	k = resolve(f, "relu2");
	PREC_EQ(k, PREC_TABLE, "ap_fixed<12,4>");
	assert_int_equal(k.table_size, 2048);
	k = resolve(f, "softmax");	/* class Softmax, not Activation */
	PREC_EQ(k, PREC_TABLE, "ap_fixed<18,8>");
	assert_int_equal(k.table_size, 1024);
	assert_int_equal(k.implementation, SOFTMAX_LATENCY);
	assert_int_equal(f->n_warn, 2);
	assert_true(has_warning(f, "HLSConfig.LayerType.QDense: 'QDense' is "
				"not an hls4ml layer class"));
	assert_true(has_warning(f, "hls4ml config names layer 'fc9' not in "
				"model; ignored"));
}

static void test_invalid_resource_rf(void **state)
{
	struct fix *f = *state;
	char *before = design_to_json(&f->d), *after;

	/* 16x64: valid 1 2 4 8 16 32 ... so 3 sits between 2 and 4 */
	assert_int_equal(import_text(f, "c.yml", "HLSConfig:\n  LayerName:\n"
				     "    fc1:\n      ReuseFactor: 3\n"
				     "      Strategy: Resource\n"), -1);
	assert_non_null(strstr(f->err.msg, "c.yml: fc1.reuse_factor=3 is not "
			       "valid for a 16x64 Dense with strategy "
			       "resource; nearest valid: 2, 4"));
	/* the Model level: fc1 inherits 3 */
	assert_int_equal(import_text(f, "c.yml", "Part: xc7a35t\n"
				     "HLSConfig:\n  Model:\n"
				     "    ReuseFactor: 3\n"
				     "    Strategy: Resource\n"), -1);
	assert_non_null(strstr(f->err.msg, "fc1.reuse_factor=3 (inherited "
			       "from defaults) is not valid"));
	/* nothing was changed by the refused imports */
	after = design_to_json(&f->d);
	assert_string_equal(before, after);
	assert_int_equal(f->n_warn, 0);
	free(before);
	free(after);
}

static void test_values_and_warnings(void **state)
{
	struct fix *f = *state;

	IMPORT_OK(f, "c.yml", "KerasModel: !keras_model model/full.h5\n"
		  "Backend: Quartus\n"
		  "ClockPeriod: '4.5'\n"
		  "ClockUncertainty: 12.5%\n"
		  "HLSConfig:\n"
		  "  Model:\n"
		  "    Precision: ap_fixed<16,6>\n"
		  "    ReuseFactor: 1\n"
		  "    BramFactor: 1000000000\n"
		  "  LayerName:\n"
		  "    fc1:\n"
		  "      ReuseFacter: 2\n"
		  "      Trace: yes\n");
	assert_string_equal(f->d.backend, "vitis");
	assert_true(f->d.clock_ns == 4.5);
	assert_int_equal(f->n_warn, 5);
	assert_string_equal(f->warn[0], "hls4ml backend 'Quartus' is not "
			    "supported by hlsdse; keeping 'vitis'");
	assert_true(has_warning(f, "hls4ml key 'ClockUncertainty' "
				"(ClockUncertainty) is not modelled"));
	assert_true(has_warning(f, "hls4ml key 'BramFactor' "
				"(HLSConfig.Model.BramFactor) is not "
				"modelled by hlsdse; ignored"));
	assert_true(has_warning(f, "'ReuseFacter' (HLSConfig.LayerName.fc1."
				"ReuseFacter) is not an hls4ml configuration "
				"key; ignored"));
	assert_true(has_warning(f, "hls4ml key 'Trace'"));
	assert_int_equal(f->d.n_layers, 0);	/* nothing applied to fc1 */

	assert_int_equal(import_text(f, "c.yml", "HLSConfig:\n  Model:\n"
				     "    Strategy: RESOURCE\n"), -1);
	assert_string_equal(f->err.msg + strlen(f->err.msg) - strlen(
			"HLSConfig.Model.Strategy: unknown strategy 'RESOURCE' "
			"(hls4ml reads it as 'r_e_s_o_u_r_c_e'; expected "
			"Latency or Resource)"),
			"HLSConfig.Model.Strategy: unknown strategy 'RESOURCE' "
			"(hls4ml reads it as 'r_e_s_o_u_r_c_e'; expected "
			"Latency or Resource)");
	assert_int_equal(import_text(f, "c.yml", "HLSConfig:\n  Model:\n"
				     "    Strategy: ResourceUnrolled\n"), -1);
	assert_non_null(strstr(f->err.msg, "strategy 'ResourceUnrolled' is "
			       "not supported by hlsdse"));
	assert_int_equal(import_text(f, "c.yml", "HLSConfig:\n  Model:\n"
				     "    Precision: auto\n"), -1);
	assert_non_null(strstr(f->err.msg, "HLSConfig.Model.Precision: 'auto' "
			       "is only allowed in a layer's Precision"));
	assert_int_equal(import_text(f, "c.yml", "IOType: io_serial\n"), -1);
	assert_non_null(strstr(f->err.msg, "IOType: expected io_parallel or "
			       "io_stream, got \"io_serial\""));
	assert_int_equal(import_text(f, "c.yml", "ClockPeriod: 0\n"), -1);
	assert_non_null(strstr(f->err.msg, "ClockPeriod: expected a positive "
			       "number of nanoseconds, got 0"));
	assert_int_equal(import_text(f, "c.yml", "HLSConfig:\n  LayerName:\n"
				     "    fc1:\n      ReuseFactor: '4'\n"), -1);
	assert_non_null(strstr(f->err.msg, "HLSConfig.LayerName.fc1."
			       "ReuseFactor: expected a positive integer, got "
			       "\"4\""));
	assert_int_equal(import_text(f, "c.yml", "HLSConfig:\n  LayerName:\n"
				     "    relu1:\n      Precision:\n"
				     "        weight: ap_fixed<8,3>\n"), -1);
	assert_non_null(strstr(f->err.msg, "precision.weight does not apply "
			       "to layer 'relu1': an Activation layer has no "
			       "weights"));
	IMPORT_OK(f, "c.yml", "HLSConfig:\n  LayerName:\n    fc1:\n"
		  "      Precision:\n        accum: auto\n"
		  "        maximum: ap_fixed<32,16>\n");
	assert_true(design_layer(&f->d, "fc1", false)->prec[PREC_ACCUM]
		    .is_auto);
	assert_true(has_warning(f, "hls4ml key 'maximum'"));
}

static void test_yaml_refusals(void **state)
{
	struct fix *f = *state;

	assert_int_equal(import_text(f, "c.yml", "base: &b {ReuseFactor: 2}\n"
				     "HLSConfig:\n  Model: *b\n"), -1);
	assert_non_null(strstr(f->err.msg, "c.yml:1:7: YAML anchors (&b) are "
			       "not supported"));
	assert_int_equal(import_text(f, "c.yml", "Part: !!python/object x\n"),
			 -1);
	assert_non_null(strstr(f->err.msg, "c.yml:1:7: unsupported YAML tag "
			       "'tag:yaml.org,2002:python/object'"));
	assert_int_equal(import_text(f, "c.yml", "Part: x\n---\nPart: y\n"),
			 -1);
	assert_non_null(strstr(f->err.msg, "more than one YAML document"));
	assert_int_equal(import_text(f, "c.yml", "Part: [x\n"), -1);
	assert_non_null(strstr(f->err.msg, "c.yml:2:1: invalid YAML"));
	assert_int_equal(import_text(f, "c.yml", "- a\n- b\n"), -1);
	assert_non_null(strstr(f->err.msg, "expected a mapping at the top "
			       "level, got a list"));
	assert_int_equal(import_text(f, "c.yml", ""), -1);
	assert_non_null(strstr(f->err.msg, "empty hls4ml configuration"));
	/* standard tags are fine */
	IMPORT_OK(f, "c.yml", "Part: !!str xcvu9p-flga2577-2-e\n"
		  "ClockPeriod: !!float 4\n");
	assert_string_equal(f->d.part, "xcvu9p-flga2577-2-e");
	assert_true(f->d.clock_ns == 4.0);
}

/* ParallelizationFactor stops at the first level that has an entry for
 * the layer (LayerName, LayerType, Model) without falling through. */
static void test_parallelization(void **state)
{
	struct fix *f = *state;
	struct layer *l;
	int i;

	model_release(&f->m);
	model_init(&f->m);
	for (i = 0; i < 2; i++) {
		l = model_add_layer(&f->m, i ? "conv2" : "conv1", "Conv2D",
				    LAYER_CONV2D);
		l->in_shape.ndim = l->out_shape.ndim = 3;
		l->in_shape.dim[0] = l->in_shape.dim[1] = 9;
		l->in_shape.dim[2] = 3;
		l->out_shape.dim[0] = l->out_shape.dim[1] = 7;	/* 49 px */
		l->out_shape.dim[2] = 8;
		l->kernel[0] = l->kernel[1] = 3;
		l->filters = 8;
	}
	IMPORT_OK(f, "c.yml", "HLSConfig:\n  Model:\n"
		  "    ParallelizationFactor: 7\n  LayerName:\n"
		  "    conv2:\n      ReuseFactor: 1\n");
	assert_int_equal(resolve(f, "conv1").parallelization_factor, 7);
	assert_int_equal(resolve(f, "conv2").parallelization_factor, 1);
	assert_int_equal(import_text(f, "c.yml", "HLSConfig:\n  LayerType:\n"
				     "    Conv2D:\n"
				     "      ParallelizationFactor: 5\n"), -1);
	assert_non_null(strstr(f->err.msg, "parallelization_factor=5 is not "
			       "valid for a Conv2D with 49 output pixels (it "
			       "must divide them); nearest valid: 1, 7"));
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_qkeras_config),
		T(test_keras_config),
		T(test_flow_style_trap),
		T(test_json_config),
		T(test_layer_type),
		T(test_invalid_resource_rf),
		T(test_values_and_warnings),
		T(test_yaml_refusals),
		T(test_parallelization),
	};
#undef T

	return cmocka_run_group_tests_name("hls4ml", tests, NULL, NULL);
}
