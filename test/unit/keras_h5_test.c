/*
 * keras_h5_test.c - the Keras weight spec and the HDF5 reader/writer,
 * against the real files in ../shared/models (values read with h5py,
 * commands in comments), hand-made HDF5 layouts (variable-length and
 * chunked weight_names, nested QKeras paths, no weight_names, float64
 * and integer datasets) and hostile files. Models are built by hand with
 * model_add_layer so the JSON parser is not involved.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <hdf5.h>

#include "core/keras.h"
#include "core/model.h"
#include "core/xalloc.h"
#include "test/unit/testlib.h"

#define add_dense(m, name, n_in, units) \
	add_dense_cls(m, name, "Dense", n_in, units)

static char tmpdir[64];

static char *model_file(const char *name)
{
	return xasprintf("%s/%s", models_dir(), name);
}

static char *tmp_file(const char *name)
{
	return xasprintf("%s/%s", tmpdir, name);
}

/* Splits the activation off layer `of`, as the JSON reader does. */
static void add_split(struct model *m, const char *of, enum layer_kind kind,
		      enum activation act)
{
	char *name = xasprintf("%s_%s", of, activation_name(act));
	struct layer *l = model_add_layer(m, name, "Dense", kind);

	l->split_from = xstrdup(of);
	l->activation = act;
	free(name);
}

/* The 16-64-32-32-5 jet-tagging MLP of KERAS_3layer.json. */
static void build_3layer(struct model *m)
{
	struct layer *l;

	model_init(m);
	l = model_add_layer(m, "input_1", "InputLayer", LAYER_INPUT);
	l->out_shape.ndim = 1;
	l->out_shape.dim[0] = 16;
	add_dense(m, "fc1_relu", 16, 64);
	add_split(m, "fc1_relu", LAYER_ACTIVATION, ACT_RELU);
	add_dense(m, "fc2_relu", 64, 32);
	add_split(m, "fc2_relu", LAYER_ACTIVATION, ACT_RELU);
	add_dense(m, "fc3_relu", 32, 32);
	add_split(m, "fc3_relu", LAYER_ACTIVATION, ACT_RELU);
	add_dense(m, "output_softmax", 32, 5);
	add_split(m, "output_softmax", LAYER_SOFTMAX, ACT_SOFTMAX);
}

static long spec_params(const struct layer *l)
{
	struct weight_spec spec[KERAS_MAX_WEIGHTS];
	int n = keras_weight_spec(l, spec);
	long sum = 0;

	for (int i = 0; i < n; i++)
		sum += shape_size(&spec[i].shape);
	return sum;
}

static void assert_shape(const struct shape *s, int ndim, long d0, long d1,
			 long d2, long d3)
{
	long d[4] = { d0, d1, d2, d3 };

	assert_int_equal(s->ndim, ndim);
	for (int i = 0; i < ndim; i++)
		assert_int_equal(s->dim[i], d[i]);
}

/* Keras's shapes per kind, by hand: Dense kernel [n_in, units];
 * Conv2D [kh, kw, C, F]; depthwise [k.., C, dm] + bias [C*dm];
 * separable adds pointwise [1, 1, C*dm, F]; BN without scale has no
 * gamma; PReLU alpha has the input's shape. */
static void test_spec_kinds(void **state)
{
	struct weight_spec spec[KERAS_MAX_WEIGHTS];
	struct model m;
	struct layer *l;

	(void)state;
	model_init(&m);
	l = add_dense(&m, "d", 16, 64);
	assert_int_equal(keras_weight_spec(l, spec), 2);
	assert_string_equal(spec[0].name, "kernel");
	assert_shape(&spec[0].shape, 2, 16, 64, 0, 0);
	assert_string_equal(spec[1].name, "bias");
	assert_shape(&spec[1].shape, 1, 64, 0, 0, 0);
	/* 16*64 + 64 = 1088, Keras's count for fc1_relu */
	assert_int_equal(spec_params(l), 1088);
	l->use_bias = false;
	assert_int_equal(keras_weight_spec(l, spec), 1);
	l->use_bias = true;
	l->bn_fused = true;
	assert_int_equal(keras_weight_spec(l, spec), 6);
	assert_string_equal(spec[2].name, "gamma");
	assert_string_equal(spec[3].name, "beta");
	assert_string_equal(spec[4].name, "moving_mean");
	assert_string_equal(spec[5].name, "moving_variance");
	assert_shape(&spec[5].shape, 1, 64, 0, 0, 0);

	l = model_add_layer(&m, "c2", "Conv2D", LAYER_CONV2D);
	l->in_shape = (struct shape){ 3, { 25, 25, 1 } };
	l->kernel[0] = l->kernel[1] = 3;
	l->filters = 5;
	l->use_bias = true;
	assert_int_equal(keras_weight_spec(l, spec), 2);
	assert_shape(&spec[0].shape, 4, 3, 3, 1, 5);
	assert_shape(&spec[1].shape, 1, 5, 0, 0, 0);
	/* 3*3*1*5 + 5 = 50 (cnn2D_1_relu of jetTagger_Conv2D_Small) */
	assert_int_equal(spec_params(l), 50);

	l = model_add_layer(&m, "c1", "Conv1D", LAYER_CONV1D);
	l->in_shape = (struct shape){ 2, { 10, 4 } };
	l->kernel[1] = 4;
	l->filters = 3;
	l->use_bias = true;
	assert_int_equal(keras_weight_spec(l, spec), 2);
	assert_shape(&spec[0].shape, 3, 4, 4, 3, 0);
	/* 4*4*3 + 3 = 51 (conv1_relu of KERAS_conv1d_small) */
	assert_int_equal(spec_params(l), 51);

	l = model_add_layer(&m, "dw", "DepthwiseConv2D",
			    LAYER_DEPTHWISE_CONV2D);
	l->in_shape = (struct shape){ 3, { 8, 8, 3 } };
	l->kernel[0] = l->kernel[1] = 3;
	l->depth_multiplier = 2;
	l->use_bias = true;
	assert_int_equal(keras_weight_spec(l, spec), 2);
	assert_string_equal(spec[0].name, "depthwise_kernel");
	assert_shape(&spec[0].shape, 4, 3, 3, 3, 2);
	assert_shape(&spec[1].shape, 1, 6, 0, 0, 0);

	l = model_add_layer(&m, "dw1", "DepthwiseConv1D",
			    LAYER_DEPTHWISE_CONV1D);
	l->in_shape = (struct shape){ 2, { 8, 3 } };
	l->kernel[1] = 5;
	l->depth_multiplier = 1;
	assert_int_equal(keras_weight_spec(l, spec), 1);
	assert_shape(&spec[0].shape, 3, 5, 3, 1, 0);

	l = model_add_layer(&m, "sep", "SeparableConv2D",
			    LAYER_SEPARABLE_CONV2D);
	l->in_shape = (struct shape){ 3, { 8, 8, 3 } };
	l->kernel[0] = l->kernel[1] = 3;
	l->depth_multiplier = 2;
	l->filters = 7;
	l->use_bias = true;
	assert_int_equal(keras_weight_spec(l, spec), 3);
	assert_string_equal(spec[0].name, "depthwise_kernel");
	assert_shape(&spec[0].shape, 4, 3, 3, 3, 2);
	assert_string_equal(spec[1].name, "pointwise_kernel");
	assert_shape(&spec[1].shape, 4, 1, 1, 6, 7);
	assert_string_equal(spec[2].name, "bias");
	assert_shape(&spec[2].shape, 1, 7, 0, 0, 0);
	/* 3*3*3*2 + 6*7 + 7 = 54 + 42 + 7 = 103 */
	assert_int_equal(spec_params(l), 103);

	l = model_add_layer(&m, "sep1", "SeparableConv1D",
			    LAYER_SEPARABLE_CONV1D);
	l->in_shape = (struct shape){ 2, { 8, 4 } };
	l->kernel[1] = 3;
	l->depth_multiplier = 1;
	l->filters = 2;
	assert_int_equal(keras_weight_spec(l, spec), 2);
	assert_shape(&spec[0].shape, 3, 3, 4, 1, 0);
	assert_shape(&spec[1].shape, 3, 1, 4, 2, 0);

	l = model_add_layer(&m, "bn", "BatchNormalization", LAYER_BATCHNORM);
	l->in_shape = (struct shape){ 1, { 64 } };
	l->bn_center = true;
	l->bn_scale = false;
	assert_int_equal(keras_weight_spec(l, spec), 3);
	assert_string_equal(spec[0].name, "beta");
	assert_string_equal(spec[1].name, "moving_mean");
	assert_string_equal(spec[2].name, "moving_variance");
	l->bn_scale = true;
	/* 4 * 64 = 256, Keras's count for bn1 of KERAS_3layer_batch_norm */
	assert_int_equal(spec_params(l), 256);

	l = model_add_layer(&m, "p", "PReLU", LAYER_PRELU);
	l->in_shape = (struct shape){ 3, { 4, 4, 2 } };
	assert_int_equal(keras_weight_spec(l, spec), 1);
	assert_string_equal(spec[0].name, "alpha");
	assert_shape(&spec[0].shape, 3, 4, 4, 2, 0);

	add_split(&m, "d", LAYER_ACTIVATION, ACT_RELU);
	assert_int_equal(keras_weight_spec(&m.layers[m.n_layers - 1], spec), 0);
	l = model_add_layer(&m, "pool", "MaxPooling2D", LAYER_POOL2D);
	assert_int_equal(keras_weight_spec(l, spec), 0);
	model_release(&m);
}

/* The whole MLP: 1088 + 2080 + 1056 + 165 = 4389 (Keras's summary). */
static void test_spec_3layer_total(void **state)
{
	struct model m;
	long sum = 0;

	(void)state;
	build_3layer(&m);
	for (int i = 0; i < m.n_layers; i++)
		sum += spec_params(&m.layers[i]);
	assert_int_equal(sum, 4389);
	model_release(&m);
}

static const struct tensor *tensor_of(const struct model *m,
				      const char *layer, const char *var)
{
	int i = model_find(m, layer);

	assert_true(i >= 0);
	return layer_tensor(&m->layers[i], var);
}

/* Values from h5py:
 *   f = h5py.File('KERAS_3layer_weights.h5')
 *   f['fc1_relu/fc1_relu/kernel:0'][0,0]  -> 0.27313474
 *   ... [15,63] -> -0.36512074, [3,17] -> -0.16610345
 *   f['fc1_relu/fc1_relu/bias:0'][0] -> -0.65034235, [63] -> 0.0
 *   f['output_softmax/output_softmax/kernel:0'][31,4] -> 0.2742963
 *   f['output_softmax/output_softmax/bias:0'][4] -> 0.019465582
 *   (f[n][n]['bias:0'][()] == 0).sum() -> 22, 4, 3, 0; kernels: 0 */
static void test_read_3layer(void **state)
{
	struct error err = { "" };
	const struct tensor *t;
	struct model m;
	char *path;

	(void)state;
	NEED_MODELS();
	path = model_file("KERAS_3layer_weights.h5");
	build_3layer(&m);
	assert_true(keras_is_hdf5(path));
	assert_int_equal(keras_h5_read_weights(&m, path, &err), 0);
	assert_string_equal(m.weights_source, path);
	assert_string_equal(m.keras_version, "2.0.0");
	t = tensor_of(&m, "fc1_relu", "kernel");
	assert_non_null(t);
	assert_shape(&t->shape, 2, 16, 64, 0, 0);
	assert_true(t->data[0] == 0.27313474f);
	assert_true(t->data[15 * 64 + 63] == -0.36512074f);
	assert_true(t->data[3 * 64 + 17] == -0.16610345f);
	t = tensor_of(&m, "fc1_relu", "bias");
	assert_true(t->data[0] == -0.65034235f);
	assert_true(t->data[63] == 0.0f);
	assert_int_equal(t->n_zeros, 22);
	t = tensor_of(&m, "output_softmax", "kernel");
	assert_true(t->data[31 * 5 + 4] == 0.2742963f);
	t = tensor_of(&m, "output_softmax", "bias");
	assert_true(t->data[4] == 0.019465582f);
	assert_int_equal(tensor_of(&m, "fc2_relu", "bias")->n_zeros, 4);
	assert_int_equal(tensor_of(&m, "fc3_relu", "bias")->n_zeros, 3);
	/* n_zeros counts kernels only: the biases' zeros do not count */
	assert_int_equal(m.layers[model_find(&m, "fc1_relu")].n_zeros, 0);
	/* layers without weights keep "unknown" */
	assert_int_equal(m.layers[0].n_zeros, -1);
	assert_int_equal(m.layers[model_find(&m, "fc1_relu_relu")].n_weights,
			 0);
	model_release(&m);
	free(path);
}

/* h5py: (g[n][n]['kernel:0'][()] == 0).sum() on
 * KERAS_3layer_70pruned_retrained_weights.h5 -> fc1_relu 593 of 1024,
 * fc2_relu 1579 of 2048, fc3_relu 797 of 1024, output_softmax 82 of 160;
 * no bias is zero. */
static void test_read_pruned_zeros(void **state)
{
	static const struct { const char *name; long zeros; } want[] = {
		{ "fc1_relu", 593 }, { "fc2_relu", 1579 },
		{ "fc3_relu", 797 }, { "output_softmax", 82 },
	};
	struct error err = { "" };
	struct model m;
	char *path;

	(void)state;
	NEED_MODELS();
	path = model_file("KERAS_3layer_70pruned_retrained_weights.h5");
	build_3layer(&m);
	assert_int_equal(keras_h5_read_weights(&m, path, &err), 0);
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		const struct layer *l = &m.layers[model_find(&m, want[i].name)];

		assert_int_equal(l->n_zeros, want[i].zeros);
		assert_int_equal(layer_tensor(l, "kernel")->n_zeros,
				 want[i].zeros);
		assert_int_equal(layer_tensor(l, "bias")->n_zeros, 0);
	}
	model_release(&m);
	free(path);
}

/* h5py: f = h5py.File('keras_3layer_full.h5'); c = f.attrs['model_config']
 * -> a str of 3068 characters starting '{"class_name": "Model", "config":
 * {"name": "model_1", ' and ending '[["output_softmax", 0, 0]]}}';
 * f.attrs['keras_version'] -> '2.3.1';
 * f['model_weights/fc1_relu/fc1_relu/kernel:0'][0,0] -> 0.27313474. */
#define CONFIG_HEAD \
	"{\"class_name\": \"Model\", \"config\": {\"name\": \"model_1\", "
static void test_full_model(void **state)
{
	struct error err = { "" };
	struct model m;
	char *path, *json = NULL;
	size_t len;

	(void)state;
	NEED_MODELS();
	path = model_file("keras_3layer_full.h5");
	assert_int_equal(keras_h5_read_config(path, &json, &err), 0);
	len = strlen(json);
	assert_int_equal(len, 3068);
	assert_int_equal(strncmp(json, CONFIG_HEAD, strlen(CONFIG_HEAD)), 0);
	assert_string_equal(json + len - 28, "[[\"output_softmax\", 0, 0]]}}");
	free(json);

	build_3layer(&m);
	assert_int_equal(keras_h5_read_weights(&m, path, &err), 0);
	assert_string_equal(m.keras_version, "2.3.1");
	assert_true(tensor_of(&m, "fc1_relu", "kernel")->data[0] ==
		    0.27313474f);
	model_release(&m);
	free(path);

	/* a weights-only file has no architecture */
	path = model_file("KERAS_3layer_weights.h5");
	assert_int_equal(keras_h5_read_config(path, &json, &err), -1);
	assert_null(json);
	assert_non_null(strstr(err.msg, "no model found"));
	assert_non_null(strstr(err.msg, "KERAS_3layer_weights.h5'"));
	free(path);
}

/* A model whose fc1_relu has 63 units cannot take the file's 16x64
 * kernel; a model with a layer the file lacks fails on that layer. */
static void test_read_errors(void **state)
{
	struct error err = { "" };
	struct model m;
	char *path, *want;

	(void)state;
	NEED_MODELS();
	path = model_file("KERAS_3layer_weights.h5");
	model_init(&m);
	add_dense(&m, "fc1_relu", 16, 63);
	assert_int_equal(keras_h5_read_weights(&m, path, &err), -1);
	want = xasprintf("'%s': layer 'fc1_relu' weight 'kernel' has shape "
			 "16x64, expected 16x63", path);
	assert_string_equal(err.msg, want);
	free(want);
	assert_null(m.weights_source);
	assert_int_equal(m.layers[0].n_weights, 0);
	model_release(&m);

	model_init(&m);
	add_dense(&m, "fc1_relu", 16, 64);
	add_dense(&m, "fc9_relu", 64, 32);
	assert_int_equal(keras_h5_read_weights(&m, path, &err), -1);
	want = xasprintf("'%s': no weights for layer 'fc9_relu' (group "
			 "missing)", path);
	assert_string_equal(err.msg, want);
	free(want);
	/* all or nothing: fc1_relu, read before the failure, stays empty */
	assert_int_equal(m.layers[0].n_weights, 0);
	model_release(&m);

	/* a layer name that is a path is never looked up as one */
	model_init(&m);
	add_dense(&m, "fc1_relu/fc1_relu", 16, 64);
	assert_int_equal(keras_h5_read_weights(&m, path, &err), -1);
	assert_non_null(strstr(err.msg, "(group missing)"));
	model_release(&m);
	free(path);
}

static void write_bytes(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

/* Both readers fail on path with message want (freed here). */
static void expect_read_error(const char *path, char *want)
{
	struct error err = { "" };
	struct model m;
	char *json = NULL;

	build_3layer(&m);
	assert_int_equal(keras_h5_read_weights(&m, path, &err), -1);
	assert_string_equal(err.msg, want);
	assert_int_equal(keras_h5_read_config(path, &json, &err), -1);
	assert_null(json);
	assert_string_equal(err.msg, want);
	model_release(&m);
	free(want);
}

/* Files that are not HDF5, or no longer whole. */
static void test_hostile_files(void **state)
{
	static const unsigned char png[] = {
		0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n',
		0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, 0, 0, 1, 0, 0, 0, 1
	};
	char *path = tmp_file("image.h5");
	char *src;
	FILE *f;
	char buf[2048];

	(void)state;
	write_bytes(path, png, sizeof(png));
	assert_false(keras_is_hdf5(path));
	expect_read_error(path, xasprintf("'%s' is not an HDF5 file", path));
	write_bytes(path, "", 0);
	expect_read_error(path, xasprintf("'%s' is not an HDF5 file", path));
	expect_read_error(tmpdir, xasprintf("'%s' is not a regular file",
					    tmpdir));
	free(path);
	path = tmp_file("absent.h5");
	expect_read_error(path, xasprintf("unable to open '%s': No such file "
					  "or directory", path));
	free(path);

	if (access(models_dir(), R_OK) != 0)
		return;
	/* the first 2048 bytes of a real file: signature, no data */
	src = model_file("KERAS_3layer_weights.h5");
	f = fopen(src, "rb");
	assert_non_null(f);
	assert_int_equal(fread(buf, 1, sizeof(buf), f), sizeof(buf));
	fclose(f);
	path = tmp_file("truncated.h5");
	write_bytes(path, buf, sizeof(buf));
	assert_true(keras_is_hdf5(path));
	expect_read_error(path, xasprintf("'%s': unable to open HDF5 file "
					  "(truncated or corrupt)", path));
	free(path);
	free(src);
}

/* A read, write, read cycle keeps every value, and the written file
 * has Keras's layout: layer_names without the split activations, an
 * empty float64 weight_names on the input layer, datasets
 * <layer>/<layer>/<var>:0 as float32. */
static void test_write_round_trip(void **state)
{
	struct error err = { "" };
	struct model a, b;
	char *path = tmp_file("round.h5");
	hid_t file, attr, type, space, ds;
	hssize_t n;

	(void)state;
	build_3layer(&a);
	for (int i = 0; i < a.n_layers; i++) {
		struct weight_spec spec[KERAS_MAX_WEIGHTS];
		struct layer *l = &a.layers[i];
		int ns = keras_weight_spec(l, spec);

		l->weights = xcalloc((size_t)ns + 1, sizeof(*l->weights));
		l->n_weights = ns;
		for (int j = 0; j < ns; j++) {
			long size = shape_size(&spec[j].shape);

			l->weights[j].name = xstrdup(spec[j].name);
			l->weights[j].shape = spec[j].shape;
			l->weights[j].data = xcalloc((size_t)size,
						     sizeof(float));
			for (long k = 0; k < size; k++)
				l->weights[j].data[k] = k % 3 == 0 ? 0.0f :
					(float)(i * 1000 + k) / 7.0f;
		}
	}
	a.keras_version = xstrdup("2.1.6");
	assert_int_equal(keras_h5_write_weights(&a, path, &err), 0);

	build_3layer(&b);
	assert_int_equal(keras_h5_read_weights(&b, path, &err), 0);
	assert_string_equal(b.keras_version, "2.1.6");
	for (int i = 0; i < a.n_layers; i++) {
		assert_int_equal(a.layers[i].n_weights, b.layers[i].n_weights);
		for (int j = 0; j < a.layers[i].n_weights; j++) {
			const struct tensor *ta = &a.layers[i].weights[j];
			const struct tensor *tb = &b.layers[i].weights[j];
			long size = shape_size(&ta->shape);

			assert_string_equal(ta->name, tb->name);
			assert_memory_equal(ta->data, tb->data,
					    (size_t)size * sizeof(float));
			/* k = 0, 3, 6 ... : ceil(size / 3) zeros */
			assert_int_equal(tb->n_zeros, (size + 2) / 3);
		}
	}
	/* fc1_relu kernel 1024 values: 342 zeros */
	assert_int_equal(b.layers[model_find(&b, "fc1_relu")].n_zeros, 342);
	model_release(&b);
	model_release(&a);

	file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
	assert_true(file >= 0);
	attr = H5Aopen(file, "layer_names", H5P_DEFAULT);
	assert_true(attr >= 0);
	type = H5Aget_type(attr);
	space = H5Aget_space(attr);
	assert_int_equal(H5Tget_class(type), H5T_STRING);
	assert_false(H5Tis_variable_str(type));
	/* longest name "output_softmax": 14 bytes, as in the real file */
	assert_int_equal(H5Tget_size(type), 14);
	n = H5Sget_simple_extent_npoints(space);
	assert_int_equal(n, 5);
	H5Sclose(space);
	H5Tclose(type);
	H5Aclose(attr);
	attr = H5Aopen_by_name(file, "input_1", "weight_names", H5P_DEFAULT,
			       H5P_DEFAULT);
	assert_true(attr >= 0);
	type = H5Aget_type(attr);
	space = H5Aget_space(attr);
	assert_true(H5Tequal(type, H5T_IEEE_F64LE) > 0);
	assert_int_equal(H5Sget_simple_extent_npoints(space), 0);
	H5Sclose(space);
	H5Tclose(type);
	H5Aclose(attr);
	ds = H5Dopen2(file, "fc2_relu/fc2_relu/kernel:0", H5P_DEFAULT);
	assert_true(ds >= 0);
	type = H5Dget_type(ds);
	assert_true(H5Tequal(type, H5T_IEEE_F32LE) > 0);
	H5Tclose(type);
	H5Dclose(ds);
	assert_int_equal(H5Lexists(file, "fc1_relu_relu", H5P_DEFAULT), 0);
	H5Fclose(file);
	unlink(path);
	free(path);
}

/* Helpers writing layouts the writer never produces. */
static void put_vlen_names(hid_t obj, const char *name, const char **s,
			   int n)
{
	hsize_t dim = (hsize_t)n;
	hid_t type = H5Tcopy(H5T_C_S1), space, attr;

	H5Tset_size(type, H5T_VARIABLE);
	H5Tset_cset(type, H5T_CSET_UTF8);
	space = H5Screate_simple(1, &dim, NULL);
	attr = H5Acreate2(obj, name, type, space, H5P_DEFAULT, H5P_DEFAULT);
	assert_true(attr >= 0);
	assert_true(H5Awrite(attr, type, s) >= 0);
	H5Aclose(attr);
	H5Sclose(space);
	H5Tclose(type);
}

static void put_data(hid_t loc, const char *path, hid_t ftype, hid_t mtype,
		     int ndim, const hsize_t *dims, const void *data)
{
	hid_t lcpl = H5Pcreate(H5P_LINK_CREATE), space, ds;

	H5Pset_create_intermediate_group(lcpl, 1);
	space = ndim ? H5Screate_simple(ndim, dims, NULL) :
		H5Screate(H5S_SCALAR);
	ds = H5Dcreate2(loc, path, ftype, space, lcpl, H5P_DEFAULT,
			H5P_DEFAULT);
	assert_true(ds >= 0);
	assert_true(H5Dwrite(ds, mtype, H5S_ALL, H5S_ALL, H5P_DEFAULT,
			     data) >= 0);
	H5Dclose(ds);
	H5Sclose(space);
	H5Pclose(lcpl);
}

/* QKeras QDenseBatchnorm as TF 2 saves it: variable-length UTF-8
 * weight_names, batch-norm variables two groups deep, an int64
 * "iteration" scalar between them (not in the spec: ignored), float64
 * kernel converted to float. */
static void test_nested_qkeras_layout(void **state)
{
	static const char *names[] = {
		"fc1/kernel:0", "fc1/bias:0",
		"fc1/batch_normalization/gamma:0",
		"fc1/batch_normalization/beta:0",
		"fc1/iteration:0",
		"fc1/batch_normalization/moving_mean:0",
		"fc1/batch_normalization/moving_variance:0",
	};
	static const double kernel[4][3] = {
		{ 0.5, 0, -1.25 }, { 0, 0, 2 }, { 3, 4, 0 }, { 1, 1, 1 }
	};
	static const float b3[3] = { 1, 0, 2 };
	static const long long iter = 7;
	hsize_t kd[2] = { 4, 3 }, bd = 3;
	struct error err = { "" };
	char *path = tmp_file("qkeras.h5");
	struct model m;
	struct layer *l;
	hid_t file, g;

	(void)state;
	file = H5Fcreate(path, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
	assert_true(file >= 0);
	g = H5Gcreate2(file, "fc1", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
	put_vlen_names(g, "weight_names", names, 7);
	put_data(g, "fc1/kernel:0", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, 2, kd,
		 kernel);
	put_data(g, "fc1/bias:0", H5T_IEEE_F32LE, H5T_NATIVE_FLOAT, 1, &bd,
		 b3);
	put_data(g, "fc1/batch_normalization/gamma:0", H5T_IEEE_F32LE,
		 H5T_NATIVE_FLOAT, 1, &bd, b3);
	put_data(g, "fc1/batch_normalization/beta:0", H5T_IEEE_F32LE,
		 H5T_NATIVE_FLOAT, 1, &bd, b3);
	put_data(g, "fc1/iteration:0", H5T_STD_I64LE, H5T_NATIVE_LLONG, 0,
		 NULL, &iter);
	put_data(g, "fc1/batch_normalization/moving_mean:0", H5T_IEEE_F32LE,
		 H5T_NATIVE_FLOAT, 1, &bd, b3);
	put_data(g, "fc1/batch_normalization/moving_variance:0",
		 H5T_IEEE_F32LE, H5T_NATIVE_FLOAT, 1, &bd, b3);
	H5Gclose(g);
	H5Fclose(file);

	model_init(&m);
	l = add_dense(&m, "fc1", 4, 3);
	l->bn_fused = true;
	assert_int_equal(keras_h5_read_weights(&m, path, &err), 0);
	l = &m.layers[0];
	assert_int_equal(l->n_weights, 6);
	assert_string_equal(l->weights[2].name, "gamma");
	assert_string_equal(l->weights[5].name, "moving_variance");
	assert_true(l->weights[0].data[2] == -1.25f);
	assert_true(l->weights[0].data[5] == 2.0f);
	/* kernel zeros by hand: row 0 one, row 1 two, row 2 one = 4 */
	assert_int_equal(l->n_zeros, 4);
	assert_int_equal(l->weights[4].n_zeros, 1);
	/* no keras_version attribute in this file */
	assert_null(m.keras_version);
	model_release(&m);
	unlink(path);
	free(path);
}

/* Without weight_names the layer group's datasets are visited; the
 * variable name is matched whole, so Conv2D "kernel" does not take
 * "depthwise_kernel:0" (which sorts first). Chunked weight_names0/1
 * are joined. A string dataset is not numeric. */
static void test_visit_chunks_and_types(void **state)
{
	static const float k[2][1][1][2] = { { { { 1, 0 } } },
					     { { { 0, 0 } } } };
	static const float junk[5] = { 9, 9, 9, 9, 9 };
	static const float b2[2] = { 0.5f, 0 };
	static const char *n0[] = { "c/kernel:0" }, *n1[] = { "c/bias:0" };
	hsize_t kd[4] = { 2, 1, 1, 2 }, jd = 5, bd = 2, sd = 1;
	struct error err = { "" };
	char *path = tmp_file("visit.h5");
	struct model m;
	struct layer *l;
	hid_t file, g, st;
	const char *text = "kernel";

	(void)state;
	file = H5Fcreate(path, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
	g = H5Gcreate2(file, "conv", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
	put_data(g, "conv/depthwise_kernel:0", H5T_IEEE_F32LE,
		 H5T_NATIVE_FLOAT, 1, &jd, junk);
	put_data(g, "conv/kernel:0", H5T_IEEE_F32LE, H5T_NATIVE_FLOAT, 4, kd,
		 k);
	put_data(g, "conv/bias:0", H5T_IEEE_F32LE, H5T_NATIVE_FLOAT, 1, &bd,
		 b2);
	H5Gclose(g);
	g = H5Gcreate2(file, "c", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
	put_vlen_names(g, "weight_names0", n0, 1);
	put_vlen_names(g, "weight_names1", n1, 1);
	put_data(g, "c/kernel:0", H5T_IEEE_F32LE, H5T_NATIVE_FLOAT, 4, kd, k);
	put_data(g, "c/bias:0", H5T_IEEE_F32LE, H5T_NATIVE_FLOAT, 1, &bd, b2);
	H5Gclose(g);
	g = H5Gcreate2(file, "s", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
	st = H5Tcopy(H5T_C_S1);
	H5Tset_size(st, H5T_VARIABLE);
	put_data(g, "s/kernel:0", st, st, 1, &sd, &text);
	H5Tclose(st);
	put_data(g, "s/bias:0", H5T_IEEE_F32LE, H5T_NATIVE_FLOAT, 1, &bd, b2);
	H5Gclose(g);
	H5Fclose(file);

	model_init(&m);
	for (int i = 0; i < 2; i++) {
		l = model_add_layer(&m, i ? "c" : "conv", "Conv2D",
				    LAYER_CONV2D);
		l->in_shape = (struct shape){ 3, { 4, 4, 1 } };
		l->kernel[0] = 2;
		l->kernel[1] = 1;
		l->filters = 2;
		l->use_bias = true;
	}
	assert_int_equal(keras_h5_read_weights(&m, path, &err), 0);
	for (int i = 0; i < 2; i++) {
		l = &m.layers[i];
		assert_int_equal(l->n_weights, 2);
		assert_shape(&l->weights[0].shape, 4, 2, 1, 1, 2);
		assert_true(l->weights[0].data[0] == 1.0f);
		/* kernel {1, 0, 0, 0}: 3 zeros; the bias's zero not counted */
		assert_int_equal(l->n_zeros, 3);
		assert_true(l->weights[1].data[0] == 0.5f);
	}
	model_release(&m);

	model_init(&m);
	l = model_add_layer(&m, "s", "Conv2D", LAYER_CONV2D);
	l->in_shape = (struct shape){ 3, { 4, 4, 1 } };
	l->kernel[0] = 2;
	l->kernel[1] = 1;
	l->filters = 2;
	l->use_bias = true;
	assert_int_equal(keras_h5_read_weights(&m, path, &err), -1);
	assert_non_null(strstr(err.msg, "layer 's' weight 'kernel' is not "
			       "numeric"));
	l->use_bias = false;
	l->name[0] = 'c';
	/* without bias in the spec, c's bias:0 is ignored; a bias-less
	 * spec with the full file is fine */
	assert_int_equal(keras_h5_read_weights(&m, path, &err), 0);
	assert_int_equal(m.layers[0].n_weights, 1);
	model_release(&m);
	unlink(path);
	free(path);
}

/* A model with more names than fit one attribute: layer_names is
 * written in chunks (layer_names0 ...) and still read back. */
static void test_write_chunked_names(void **state)
{
	struct error err = { "" };
	char *path = tmp_file("many.h5");
	struct model m, r;
	hid_t file;

	(void)state;
	model_init(&m);
	for (int i = 0; i < 3000; i++) {
		char name[64];
		struct layer *l;

		snprintf(name, sizeof(name), "a_rather_long_layer_name_%04d", i);
		l = model_add_layer(&m, name, "Dense", LAYER_DENSE);
		(void)l;
	}
	add_dense(&m, "d", 2, 1);
	m.layers[m.n_layers - 1].weights = xcalloc(2, sizeof(struct tensor));
	m.layers[m.n_layers - 1].n_weights = 2;
	m.layers[m.n_layers - 1].weights[0] = (struct tensor){
		xstrdup("kernel"), { 2, { 2, 1 } }, xcalloc(2, sizeof(float)), 0
	};
	m.layers[m.n_layers - 1].weights[1] = (struct tensor){
		xstrdup("bias"), { 1, { 1 } }, xcalloc(1, sizeof(float)), 0
	};
	m.layers[m.n_layers - 1].weights[0].data[1] = 3.5f;
	assert_int_equal(keras_h5_write_weights(&m, path, &err), 0);
	file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
	assert_true(file >= 0);
	/* 3001 names of 29 bytes = 87029 > 64512: two chunks */
	assert_int_equal(H5Aexists(file, "layer_names"), 0);
	assert_true(H5Aexists(file, "layer_names0") > 0);
	assert_true(H5Aexists(file, "layer_names1") > 0);
	assert_int_equal(H5Aexists(file, "layer_names2"), 0);
	H5Fclose(file);
	model_release(&m);

	model_init(&r);
	add_dense(&r, "d", 2, 1);
	assert_int_equal(keras_h5_read_weights(&r, path, &err), 0);
	assert_true(r.layers[0].weights[0].data[1] == 3.5f);
	assert_int_equal(r.layers[0].n_zeros, 1);
	model_release(&r);
	unlink(path);
	free(path);
}

/* Writing into a directory that does not exist fails cleanly. */
static void test_write_error(void **state)
{
	struct error err = { "" };
	struct model m;

	(void)state;
	build_3layer(&m);
	assert_int_equal(keras_h5_write_weights(&m, "/nonexistent/dir/w.h5",
						&err), -1);
	assert_non_null(strstr(err.msg, "/nonexistent/dir/w.h5"));
	model_release(&m);
}

static int setup(void **state)
{
	(void)state;
	return test_tmpdir_make(tmpdir, sizeof(tmpdir), "keras_h5_test");
}

static int teardown(void **state)
{
	(void)state;
	return test_tmpdir_remove(tmpdir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spec_kinds),
		cmocka_unit_test(test_spec_3layer_total),
		cmocka_unit_test(test_read_3layer),
		cmocka_unit_test(test_read_pruned_zeros),
		cmocka_unit_test(test_full_model),
		cmocka_unit_test(test_read_errors),
		cmocka_unit_test(test_hostile_files),
		cmocka_unit_test(test_write_round_trip),
		cmocka_unit_test(test_nested_qkeras_layout),
		cmocka_unit_test(test_visit_chunks_and_types),
		cmocka_unit_test(test_write_chunked_names),
		cmocka_unit_test(test_write_error),
	};

	return cmocka_run_group_tests_name("keras_h5", tests, setup, teardown);
}
