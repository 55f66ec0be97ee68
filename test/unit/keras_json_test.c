/*
 * keras_json_test.c - the Keras architecture reader on small inline
 * models: wiring, hls4ml's activation split, shapes by Keras's formulas
 * (worked by hand in the comments), parameter counts, QKeras precisions,
 * and refusals of malformed input.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/keras.h"

static int parse(struct model *m, const char *text, struct error *err)
{
	model_init(m);
	return keras_parse_json(m, text, strlen(text), "t.json", err);
}

static const struct layer *L(const struct model *m, const char *name)
{
	int i = model_find(m, name);

	assert_true(i >= 0);
	return &m->layers[i];
}

static void assert_shape(const struct shape *s, int ndim, long a, long b,
			 long c)
{
	long want[3] = { a, b, c };

	assert_int_equal(s->ndim, ndim);
	for (int i = 0; i < ndim; i++)
		assert_int_equal(s->dim[i], want[i]);
}

#define INPUT(name, shape) \
	"{\"class_name\":\"InputLayer\",\"name\":\"" name "\",\"config\":" \
	"{\"batch_input_shape\":[null," shape "]},\"inbound_nodes\":[]}"
#define IN(src) "\"inbound_nodes\":[[[\"" src "\",0,0,{}]]]"

/* A functional MLP: Dense(relu) splits into fc1 + fc1_relu; linear
 * does not split; Dense params = n_in*n_out + n_out. */
static void test_functional_mlp(void **state)
{
	const char *j = "{\"class_name\":\"Model\",\"keras_version\":\"2.4.0\","
		"\"config\":{\"name\":\"mlp\",\"layers\":[" INPUT("in", "16") ","
		"{\"class_name\":\"Dense\",\"name\":\"fc1\",\"config\":{\"units\":8,"
		"\"activation\":\"relu\",\"use_bias\":true}," IN("in") "},"
		"{\"class_name\":\"Dense\",\"name\":\"out\",\"config\":{\"units\":3,"
		"\"activation\":\"linear\",\"use_bias\":false}," IN("fc1") "}],"
		"\"input_layers\":[[\"in\",0,0]],\"output_layers\":[[\"out\",0,0]]}}";
	struct model m;
	struct error err;

	(void)state;
	assert_int_equal(parse(&m, j, &err), 0);
	assert_string_equal(m.name, "mlp");
	assert_string_equal(m.keras_version, "2.4.0");
	assert_int_equal(m.n_layers, 4);	/* in, fc1, fc1_relu, out */
	assert_string_equal(m.layers[2].name, "fc1_relu");
	assert_string_equal(m.layers[2].split_from, "fc1");
	assert_int_equal(m.layers[2].kind, LAYER_ACTIVATION);
	assert_int_equal(m.layers[2].activation, ACT_RELU);
	/* out takes the activated output of fc1 */
	assert_int_equal(L(&m, "out")->inputs[0], 2);
	assert_int_equal(L(&m, "fc1")->n_params, 16 * 8 + 8);
	assert_int_equal(L(&m, "out")->n_params, 8 * 3);	/* no bias */
	assert_int_equal(model_n_params(&m), 136 + 24);
	assert_int_equal(m.n_outputs, 1);
	assert_int_equal(m.outputs[0], 3);
	assert_int_equal(L(&m, "fc1")->n_zeros, -1);	/* no weights read */
	model_release(&m);
}

/* Sequential without an InputLayer gets hls4ml's "input1"; softmax
 * activation splits into a Softmax layer; the old list-form config. */
static void test_sequential(void **state)
{
	const char *j = "{\"class_name\":\"Sequential\",\"config\":["
		"{\"class_name\":\"Dense\",\"config\":{\"name\":\"d\",\"units\":4,"
		"\"batch_input_shape\":[null,6],\"activation\":\"softmax\"}},"
		"{\"class_name\":\"Dropout\",\"config\":{\"name\":\"drop\",\"rate\":0.5}}]}";
	struct model m;
	struct error err;

	(void)state;
	assert_int_equal(parse(&m, j, &err), 0);
	assert_int_equal(m.n_layers, 4);
	assert_string_equal(m.layers[0].name, "input1");
	assert_shape(&m.layers[0].out_shape, 1, 6, 0, 0);
	assert_string_equal(m.layers[2].name, "d_softmax");
	assert_int_equal(m.layers[2].kind, LAYER_SOFTMAX);
	assert_int_equal(L(&m, "drop")->inputs[0], 2);
	assert_int_equal(L(&m, "drop")->kind, LAYER_DROPOUT);
	model_release(&m);
}

/* Conv2D 'same' stride 3 on 25x25x1: ceil(25/3) = 9; Conv2D 'valid'
 * 5x5 stride 2 on 9x9x4: ceil((9-5+1)/2) = 3; MaxPooling2D default
 * pool 2 stride 2 'valid' on 3x3: ceil((3-2+1)/2) = 1. Params:
 * 3*3*1*4 + 4 = 40; 5*5*4*2 + 2 = 202. */
static void test_conv2d_shapes(void **state)
{
	const char *j = "{\"class_name\":\"Model\",\"config\":{\"layers\":["
		INPUT("x", "25,25,1") ","
		"{\"class_name\":\"Conv2D\",\"name\":\"c1\",\"config\":{\"filters\":4,"
		"\"kernel_size\":[3,3],\"strides\":[3,3],\"padding\":\"same\","
		"\"activation\":\"linear\",\"use_bias\":true}," IN("x") "},"
		"{\"class_name\":\"Conv2D\",\"name\":\"c2\",\"config\":{\"filters\":2,"
		"\"kernel_size\":5,\"strides\":2,\"padding\":\"valid\"}," IN("c1") "},"
		"{\"class_name\":\"MaxPooling2D\",\"name\":\"p\",\"config\":{}," IN("c2") "},"
		"{\"class_name\":\"Flatten\",\"name\":\"f\",\"config\":{}," IN("p") "}]}}";
	struct model m;
	struct error err;
	long n_in, n_out;

	(void)state;
	assert_int_equal(parse(&m, j, &err), 0);
	assert_shape(&L(&m, "c1")->out_shape, 3, 9, 9, 4);
	assert_int_equal(L(&m, "c1")->n_params, 40);
	assert_shape(&L(&m, "c2")->out_shape, 3, 3, 3, 2);
	assert_int_equal(L(&m, "c2")->n_params, 202);
	assert_shape(&L(&m, "p")->out_shape, 3, 1, 1, 2);
	assert_shape(&L(&m, "f")->out_shape, 1, 2, 0, 0);
	/* hls4ml's multiplication size for Conv2D: (C*Kh*Kw, F) */
	assert_true(layer_mult_size(L(&m, "c2"), &n_in, &n_out));
	assert_int_equal(n_in, 4 * 5 * 5);
	assert_int_equal(n_out, 2);
	assert_int_equal(layer_out_pixels(L(&m, "c2")), 9);
	model_release(&m);
}

/* Conv1D same k4 on 10x4 keeps 10; ZeroPadding1D (1,2) gives 13;
 * Cropping1D 1 gives 11; GlobalAveragePooling1D gives [C]. */
static void test_conv1d_padding(void **state)
{
	const char *j = "{\"class_name\":\"Model\",\"config\":{\"layers\":["
		INPUT("x", "10,4") ","
		"{\"class_name\":\"Conv1D\",\"name\":\"c\",\"config\":{\"filters\":3,"
		"\"kernel_size\":[4],\"strides\":[1],\"padding\":\"same\"}," IN("x") "},"
		"{\"class_name\":\"ZeroPadding1D\",\"name\":\"z\",\"config\":{\"padding\":[1,2]}," IN("c") "},"
		"{\"class_name\":\"Cropping1D\",\"name\":\"k\",\"config\":{\"cropping\":1}," IN("z") "},"
		"{\"class_name\":\"GlobalAveragePooling1D\",\"name\":\"g\",\"config\":{}," IN("k") "}]}}";
	struct model m;
	struct error err;

	(void)state;
	assert_int_equal(parse(&m, j, &err), 0);
	assert_shape(&L(&m, "c")->out_shape, 2, 10, 3, 0);
	assert_int_equal(L(&m, "c")->n_params, 4 * 4 * 3 + 3);
	assert_shape(&L(&m, "z")->out_shape, 2, 13, 3, 0);
	assert_shape(&L(&m, "k")->out_shape, 2, 11, 3, 0);
	assert_shape(&L(&m, "g")->out_shape, 1, 3, 0, 0);
	assert_int_equal(L(&m, "g")->pool_op, POOL_AVERAGE);
	model_release(&m);
}

/* Merges: Add of two 8-vectors; Concatenate on the last axis 8 + 8. */
static void test_merges(void **state)
{
	const char *j = "{\"class_name\":\"Functional\",\"config\":{\"layers\":["
		INPUT("a", "8") "," INPUT("b", "8") ","
		"{\"class_name\":\"Add\",\"name\":\"s\",\"config\":{},"
		"\"inbound_nodes\":[[[\"a\",0,0,{}],[\"b\",0,0,{}]]]},"
		"{\"class_name\":\"Concatenate\",\"name\":\"c\",\"config\":{\"axis\":-1},"
		"\"inbound_nodes\":[[[\"s\",0,0,{}],[\"b\",0,0,{}]]]}]}}";
	struct model m;
	struct error err;

	(void)state;
	assert_int_equal(parse(&m, j, &err), 0);
	assert_int_equal(L(&m, "s")->kind, LAYER_MERGE);
	assert_int_equal(L(&m, "s")->merge_op, MERGE_ADD);
	assert_int_equal(L(&m, "s")->n_inputs, 2);
	assert_shape(&L(&m, "c")->out_shape, 1, 16, 0, 0);
	model_release(&m);
}

/* BatchNormalization: gamma, beta, moving mean/variance per channel
 * (4*C params); center=false drops beta. */
static void test_batchnorm_params(void **state)
{
	const char *j = "{\"class_name\":\"Model\",\"config\":{\"layers\":["
		INPUT("x", "5") ","
		"{\"class_name\":\"BatchNormalization\",\"name\":\"bn\",\"config\":"
		"{\"epsilon\":1e-6,\"center\":false}," IN("x") "}]}}";
	struct model m;
	struct error err;

	(void)state;
	assert_int_equal(parse(&m, j, &err), 0);
	assert_int_equal(L(&m, "bn")->n_params, 3 * 5);
	assert_true(L(&m, "bn")->epsilon == 1e-6);
	model_release(&m);
}

/* QKeras: quantized_bits(6,0) weights -> ap_fixed<6,1>, rounding to
 * nearest even and saturating (hls4ml's config entries); quantized_relu
 * (6,0) as an activation string -> ap_ufixed<6,0>; quantized_bits(8,8)
 * -> ap_int<8>. */
static void test_qkeras(void **state)
{
	const char *j = "{\"class_name\":\"Sequential\",\"config\":{\"name\":\"q\","
		"\"layers\":["
		"{\"class_name\":\"InputLayer\",\"config\":{\"name\":\"i\","
		"\"batch_input_shape\":[null,4]}},"
		"{\"class_name\":\"QDense\",\"config\":{\"name\":\"fc\",\"units\":2,"
		"\"kernel_quantizer\":{\"class_name\":\"quantized_bits\",\"config\":"
		"{\"bits\":6,\"integer\":0,\"keep_negative\":true,\"alpha\":1}},"
		"\"bias_quantizer\":\"quantized_bits(8,8)\","
		"\"activation\":\"quantized_relu(6,0)\"}}]}}";
	struct model m;
	struct error err;
	char b[FIXED_STR_MAX];
	const struct layer *fc, *act;

	(void)state;
	assert_int_equal(parse(&m, j, &err), 0);
	fc = L(&m, "fc");
	assert_true(fc->quant.has_weight);
	assert_string_equal(fixed_format(&fc->quant.weight, b, sizeof(b)),
			    "ap_fixed<6,1,AP_RND_CONV,AP_SAT>");
	assert_string_equal(fixed_format(&fc->quant.bias, b, sizeof(b)),
			    "ap_int<8>");
	act = L(&m, "fc_quantized_relu");
	assert_string_equal(act->split_from, "fc");
	assert_int_equal(act->activation, ACT_RELU);
	assert_true(act->quant.has_result);
	assert_string_equal(fixed_format(&act->quant.result, b, sizeof(b)),
			    "ap_ufixed<6,0,AP_RND_CONV,AP_SAT>");
	model_release(&m);
}

/* A model serialised as a JSON string holding JSON. */
static void test_double_encoded(void **state)
{
	const char *j = "\"{\\\"class_name\\\": \\\"Sequential\\\", \\\"config\\\": "
		"[{\\\"class_name\\\": \\\"Dense\\\", \\\"config\\\": {\\\"name\\\": "
		"\\\"d\\\", \\\"units\\\": 2, \\\"batch_input_shape\\\": [null, 3]}}]}\"";
	struct model m;
	struct error err;

	(void)state;
	assert_int_equal(parse(&m, j, &err), 0);
	assert_int_equal(L(&m, "d")->n_params, 8);
	model_release(&m);
}

/* An unknown class loads as Unsupported with a warning. */
static void test_unsupported(void **state)
{
	const char *j = "{\"class_name\":\"Model\",\"config\":{\"layers\":["
		INPUT("x", "4") ","
		"{\"class_name\":\"LSTMish\",\"name\":\"odd\",\"config\":{}," IN("x") "}]}}";
	struct model m;
	struct error err;

	(void)state;
	assert_int_equal(parse(&m, j, &err), 0);
	assert_int_equal(L(&m, "odd")->kind, LAYER_UNSUPPORTED);
	assert_string_equal(L(&m, "odd")->class_name, "LSTMish");
	assert_int_equal(m.n_warnings, 1);
	assert_non_null(strstr(m.warnings[0], "'LSTMish' is not supported"));
	model_release(&m);
}

static void expect_error(const char *j, const char *msg)
{
	struct model m;
	struct error err;

	assert_int_equal(parse(&m, j, &err), -1);
	if (!strstr(err.msg, msg))
		fail_msg("error '%s' lacks '%s'", err.msg, msg);
	model_release(&m);
}

static void test_errors(void **state)
{
	(void)state;
	expect_error("", "empty file");
	expect_error("{\"class_name\": \"Model\", \"config\": {\"layers\": [",
		     "invalid JSON at line 1");
	expect_error("[1, 2]", "not a Keras model");
	expect_error("{\"class_name\": 5}", "no class_name");
	expect_error("{\"class_name\": \"Graph\", \"config\": {}}",
		     "unsupported model class 'Graph'");
	expect_error("{\"class_name\": \"Model\", \"config\": {\"layers\": 3}}",
		     "config.layers is missing or not a list");
	expect_error("{\"class_name\":\"Model\",\"config\":{\"layers\":["
		     INPUT("x", "4") ",{\"class_name\":\"Dense\",\"name\":\"d\","
		     "\"config\":{\"units\":\"8\"}," IN("x") "}]}}",
		     "layer 'd': config.units: expected an integer");
	expect_error("{\"class_name\":\"Model\",\"config\":{\"layers\":["
		     INPUT("x", "4") ",{\"class_name\":\"Dense\",\"name\":\"d\","
		     "\"config\":{\"units\":8}," IN("nowhere") "}]}}",
		     "takes input from 'nowhere', which is not defined");
	expect_error("{\"class_name\":\"Model\",\"config\":{\"layers\":["
		     INPUT("x", "4") ",{\"class_name\":\"Dense\",\"name\":\"d\","
		     "\"config\":{\"units\":8},\"inbound_nodes\":[{\"args\":[]}]}]}}",
		     "Keras 3 inbound_nodes are not supported");
	expect_error("{\"class_name\":\"Model\",\"config\":{\"layers\":["
		     INPUT("x", "4,4,1") ",{\"class_name\":\"Conv2D\",\"name\":\"c\","
		     "\"config\":{\"filters\":1,\"kernel_size\":5}," IN("x") "}]}}",
		     "layer 'c' has an empty output shape");
	expect_error("{\"class_name\":\"Model\",\"config\":{\"layers\":["
		     "{\"class_name\":\"InputLayer\",\"name\":\"x\",\"config\":"
		     "{\"batch_input_shape\":[null,null]},\"inbound_nodes\":[]}]}}",
		     "input dimension 1 is unknown");
	expect_error("{\"class_name\":\"Model\",\"config\":{\"layers\":["
		     INPUT("x", "4") "," INPUT("x", "4") "]}}",
		     "two layers are named 'x'");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_functional_mlp),
		cmocka_unit_test(test_sequential),
		cmocka_unit_test(test_conv2d_shapes),
		cmocka_unit_test(test_conv1d_padding),
		cmocka_unit_test(test_merges),
		cmocka_unit_test(test_batchnorm_params),
		cmocka_unit_test(test_qkeras),
		cmocka_unit_test(test_double_encoded),
		cmocka_unit_test(test_unsupported),
		cmocka_unit_test(test_errors),
	};

	return cmocka_run_group_tests_name("keras_json", tests, NULL, NULL);
}
