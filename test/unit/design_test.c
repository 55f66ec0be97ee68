/*
 * design_test.c - the design module: knob inheritance, design_set with its
 * refusals (nearest valid reuse and parallelization factors computed by
 * hand below from hls4ml's closed form: rf is valid for n_in x n_out iff
 * rf divides n_in, or rf = k*n_in with k dividing n_out), knobs that do not
 * apply to a layer kind, design.json round trips and malformed files.
 * Models are built by hand with model_add_layer.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/design.h"
#include "core/xalloc.h"
#include "test/unit/testlib.h"

#define add_dense(m, name, n_in, units) \
	add_dense_cls(m, name, "Dense", n_in, units)

/* input(16) -> fc1 Dense 16x64 -> relu1 -> fc2 Dense 64x32 -> softmax
 * (Activation('softmax')); conv: Conv2D 9x9x3 -> 7x7x32 with a 3x3
 * kernel (mult size 27x32, 49 output pixels); bn: BatchNormalization. */
static void build(struct model *m)
{
	struct layer *l;

	model_init(m);
	l = model_add_layer(m, "input", "InputLayer", LAYER_INPUT);
	shape1(&l->out_shape, 16);
	add_dense(m, "fc1", 16, 64);
	add_act(m, "relu1", "Activation", ACT_RELU, 64);
	add_dense(m, "fc2", 64, 32);
	add_act(m, "softmax", "Activation", ACT_SOFTMAX, 32);
	l = model_add_layer(m, "conv", "Conv2D", LAYER_CONV2D);
	shape3(&l->in_shape, 9, 9, 3);
	shape3(&l->out_shape, 7, 7, 32);
	l->kernel[0] = l->kernel[1] = 3;
	l->filters = 32;
	l = model_add_layer(m, "bn", "BatchNormalization", LAYER_BATCHNORM);
	shape3(&l->in_shape, 7, 7, 32);
	shape3(&l->out_shape, 7, 7, 32);
}

struct fix {
	struct model m;
	struct design d;
	struct error err;
};

static int setup(void **state)
{
	struct fix *f = xcalloc(1, sizeof(*f));

	build(&f->m);
	design_init(&f->d);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fix *f = *state;

	design_release(&f->d);
	model_release(&f->m);
	free(f);
	return 0;
}

static int set(struct fix *f, const char *assign)
{
	f->err.msg[0] = '\0';
	return design_set(&f->d, &f->m, assign, &f->err);
}

#define SET_OK(f, a)                                                    \
	do {                                                            \
		if (set(f, a) != 0)                                     \
			fail_msg("%s: %s", a, (f)->err.msg);            \
	} while (0)

#define SET_ERR(f, a, want)                                             \
	do {                                                            \
		assert_int_equal(set(f, a), -1);                        \
		assert_string_equal((f)->err.msg, want);                \
	} while (0)

static const char *fmt(const struct precision *p, char *buf)
{
	if (p->is_auto)
		return "auto";
	return fixed_format(&p->type, buf, FIXED_STR_MAX);
}

static struct knobs resolve(struct fix *f, const char *layer)
{
	struct knobs k;
	int i = model_find(&f->m, layer);

	assert_true(i >= 0);
	design_resolve(&f->d, &f->m, i, &k);
	return k;
}

#define PREC_EQ(k, slot, s)                                             \
	do {                                                            \
		char b_[FIXED_STR_MAX];                                 \
		assert_string_equal(fmt(&(k).prec[slot], b_), s);       \
	} while (0)

static void test_names(void **state)
{
	struct partition p;
	struct error err;
	char buf[32];

	(void)state;
	for (int s = 0; s < PREC_COUNT; s++)
		assert_int_equal(prec_slot_from_name(prec_slot_name(
						(enum prec_slot)s)), s);
	assert_int_equal(prec_slot_from_name("exp_table"), PREC_EXP_TABLE);
	assert_int_equal(prec_slot_from_name("Weight"), -1);
	assert_string_equal(io_type_name(IO_STREAM), "io_stream");
	assert_int_equal(io_type_from_name("io_parallel"), IO_PARALLEL);
	assert_int_equal(io_type_from_name("io_serial"), -1);
	assert_int_equal(strategy_from_name("RESOURCE"), STRATEGY_RESOURCE);
	assert_int_equal(strategy_from_name("Latency"), STRATEGY_LATENCY);
	assert_int_equal(strategy_from_name("unrolled"), -1);
	assert_string_equal(softmax_impl_name(SOFTMAX_ARGMAX), "argmax");
	assert_int_equal(softmax_impl_from_name("legacy"), SOFTMAX_LEGACY);
	assert_int_equal(softmax_impl_from_name("fast"), -1);

	assert_int_equal(partition_parse("block:4", &p, &err), 0);
	assert_int_equal(p.kind, PARTITION_BLOCK);
	assert_int_equal(p.factor, 4);
	assert_string_equal(partition_format(&p, buf, sizeof(buf)), "block:4");
	assert_int_equal(partition_parse("cyclic:2", &p, &err), 0);
	assert_string_equal(partition_format(&p, buf, sizeof(buf)), "cyclic:2");
	assert_int_equal(partition_parse("complete", &p, &err), 0);
	assert_string_equal(partition_format(&p, buf, sizeof(buf)), "complete");
	assert_int_equal(partition_parse("auto", &p, &err), 0);
	assert_int_equal(p.kind, PARTITION_AUTO);
	assert_int_equal(partition_parse("block:0", &p, &err), -1);
	assert_string_equal(err.msg, "invalid partition 'block:0': the factor "
			    "must be a positive integer");
	assert_int_equal(partition_parse("block:", &p, &err), -1);
	assert_int_equal(partition_parse("block:+4", &p, &err), -1);
	assert_int_equal(partition_parse("cyclic:99999999999", &p, &err), -1);
	assert_int_equal(partition_parse("rows", &p, &err), -1);
	assert_string_equal(err.msg, "invalid partition 'rows' (expected "
			    "auto, complete, block:N or cyclic:N)");
}

/* hls4ml's defaults: RF 1, latency, PF 1, table_size 1024, softmax
 * stable, ap_fixed<16,6> everywhere, table_t ap_fixed<18,8> and softmax
 * tables fixed<18,8,RND,SAT> (reference/hls4ml.md, backend defaults). */
static void test_defaults(void **state)
{
	struct fix *f = *state;
	struct knobs k = resolve(f, "fc1");

	assert_string_equal(f->d.part, "xcvu13p-flga2577-2-e");
	assert_true(f->d.clock_ns == 5.0);
	assert_string_equal(f->d.backend, "vitis");
	assert_int_equal(f->d.io_type, IO_PARALLEL);
	assert_null(f->d.model);
	assert_int_equal(k.reuse_factor, 1);
	assert_int_equal(k.strategy, STRATEGY_LATENCY);
	assert_int_equal(k.parallelization_factor, 1);
	assert_int_equal(k.partition.kind, PARTITION_AUTO);
	assert_int_equal(k.table_size, 1024);
	assert_int_equal(k.implementation, SOFTMAX_STABLE);
	assert_int_equal(k.set, 0);
	assert_int_equal(k.prec_set, 0);
	for (int s = PREC_DEFAULT; s <= PREC_SCALE; s++)
		PREC_EQ(k, s, "ap_fixed<16,6>");
	PREC_EQ(k, PREC_TABLE, "ap_fixed<18,8>");
	PREC_EQ(k, PREC_EXP_TABLE, "ap_fixed<18,8,AP_RND,AP_SAT>");
	PREC_EQ(k, PREC_INV_TABLE, "ap_fixed<18,8,AP_RND,AP_SAT>");
}

/* Precedence: layer slot, layer default, design slot, design default;
 * table slots skip both defaults. */
static void test_inheritance(void **state)
{
	struct fix *f = *state;
	struct knobs k;

	SET_OK(f, "defaults.precision.weight=ap_fixed<10,4>");
	SET_OK(f, "defaults.precision.table=ap_fixed<20,10>");
	SET_OK(f, "fc1.precision=ap_fixed<12,5>");
	SET_OK(f, "fc1.precision.bias=ap_fixed<8,3>");
	SET_OK(f, "fc2.precision.accum=auto");
	SET_OK(f, "softmax.precision.exp_table=ap_ufixed<16,4>");
	SET_OK(f, "defaults.reuse_factor=2");

	k = resolve(f, "fc1");
	PREC_EQ(k, PREC_DEFAULT, "ap_fixed<12,5>");
	PREC_EQ(k, PREC_WEIGHT, "ap_fixed<12,5>");	/* layer default wins */
	PREC_EQ(k, PREC_BIAS, "ap_fixed<8,3>");
	PREC_EQ(k, PREC_RESULT, "ap_fixed<12,5>");
	PREC_EQ(k, PREC_TABLE, "ap_fixed<20,10>");	/* design slot */
	assert_int_equal(k.prec_set, (1u << PREC_DEFAULT) | (1u << PREC_BIAS));
	assert_int_equal(k.reuse_factor, 2);
	assert_int_equal(k.set, 0);

	k = resolve(f, "fc2");
	PREC_EQ(k, PREC_WEIGHT, "ap_fixed<10,4>");	/* design slot */
	PREC_EQ(k, PREC_RESULT, "ap_fixed<16,6>");	/* design default */
	assert_true(k.prec[PREC_ACCUM].is_auto);

	k = resolve(f, "softmax");
	PREC_EQ(k, PREC_EXP_TABLE, "ap_ufixed<16,4>");
	PREC_EQ(k, PREC_INV_TABLE, "ap_fixed<18,8,AP_RND,AP_SAT>");
	PREC_EQ(k, PREC_TABLE, "ap_fixed<20,10>");

	SET_OK(f, "fc1.reuse_factor=8");
	SET_OK(f, "fc1.strategy=resource");
	k = resolve(f, "fc1");
	assert_int_equal(k.reuse_factor, 8);
	assert_int_equal(k.strategy, STRATEGY_RESOURCE);
	assert_int_equal(k.set, KNOB_REUSE_FACTOR | KNOB_STRATEGY);
	k = resolve(f, "fc2");
	assert_int_equal(k.strategy, STRATEGY_LATENCY);
}

/* fc1 is 16x64, so the valid resource RFs are the divisors of 16
 * (1 2 4 8 16) and 16*k for k | 64 (16 32 64 128 256 512 1024).
 * Literal check of 3: mf = 3, ml = ceil(1024/3) = 342, 342 % 64 != 0 and
 * 3 < 16: invalid. 48: 48 % 16 == 0 but 1024 % 48 = 16: invalid. */
static void test_reuse_resource(void **state)
{
	struct fix *f = *state;

	SET_OK(f, "fc1.strategy=resource");
	SET_ERR(f, "fc1.reuse_factor=3", "fc1.reuse_factor=3 is not valid for "
		"a 16x64 Dense with strategy resource; nearest valid: 2, 4");
	assert_false(design_layer(&f->d, "fc1", false)->set &
		     KNOB_REUSE_FACTOR);
	SET_ERR(f, "fc1.reuse_factor=48", "fc1.reuse_factor=48 is not valid "
		"for a 16x64 Dense with strategy resource; nearest valid: 32, "
		"64");
	SET_ERR(f, "fc1.reuse_factor=1000", "fc1.reuse_factor=1000 is not "
		"valid for a 16x64 Dense with strategy resource; nearest "
		"valid: 512, 1024");
	SET_ERR(f, "fc1.reuse_factor=2000", "fc1.reuse_factor=2000 is not "
		"valid for a 16x64 Dense with strategy resource; nearest "
		"valid: 1024");
	SET_OK(f, "fc1.reuse_factor=1024");
	SET_OK(f, "fc1.reuse_factor=8");
	assert_int_equal(resolve(f, "fc1").reuse_factor, 8);
	/* a refused value leaves the previous one */
	SET_ERR(f, "fc1.reuse_factor=12", "fc1.reuse_factor=12 is not valid "
		"for a 16x64 Dense with strategy resource; nearest valid: 8, "
		"16");
	assert_int_equal(resolve(f, "fc1").reuse_factor, 8);
	/* conv 27x32: divisors of 27 (1 3 9 27), 27*k for k | 32 */
	SET_OK(f, "conv.strategy=resource");
	SET_ERR(f, "conv.reuse_factor=4", "conv.reuse_factor=4 is not valid "
		"for a 27x32 Conv2D with strategy resource; nearest valid: 3, "
		"9");
	SET_ERR(f, "conv.reuse_factor=100", "conv.reuse_factor=100 is not "
		"valid for a 27x32 Conv2D with strategy resource; nearest "
		"valid: 54, 108");
	SET_OK(f, "conv.reuse_factor=864");
}

static void test_reuse_latency(void **state)
{
	struct fix *f = *state;

	SET_OK(f, "fc1.reuse_factor=3");	/* latency: any 1..1024 */
	SET_OK(f, "fc1.reuse_factor=1024");
	SET_ERR(f, "fc1.reuse_factor=1025", "fc1.reuse_factor=1025 is not "
		"valid for a 16x64 Dense with strategy latency; valid: 1 to "
		"1024");
	SET_OK(f, "fc1.reuse_factor=3");
	SET_ERR(f, "fc1.strategy=resource", "fc1.strategy=resource refused: "
		"fc1.reuse_factor=3 is not valid for a 16x64 Dense with "
		"strategy resource; nearest valid: 2, 4");
	assert_int_equal(resolve(f, "fc1").strategy, STRATEGY_LATENCY);
	/* layers without a multiplication accept any positive RF */
	SET_OK(f, "relu1.reuse_factor=100000");
	SET_OK(f, "input.reuse_factor=7");
}

static void test_defaults_refused(void **state)
{
	struct fix *f = *state;

	SET_OK(f, "fc1.strategy=resource");
	SET_ERR(f, "defaults.reuse_factor=3", "defaults.reuse_factor=3 "
		"refused: fc1.reuse_factor=3 (inherited from defaults) is not "
		"valid for a 16x64 Dense with strategy resource; nearest "
		"valid: 2, 4");
	assert_int_equal(f->d.reuse_factor, 1);
	SET_OK(f, "defaults.reuse_factor=4");
	/* fc2 64x32: 4 | 64, valid; conv 27x32: 4 is not (nearest 3, 9) */
	SET_ERR(f, "defaults.strategy=resource", "defaults.strategy=resource "
		"refused: conv.reuse_factor=4 (inherited from defaults) is not "
		"valid for a 27x32 Conv2D with strategy resource; nearest "
		"valid: 3, 9");
	assert_int_equal(f->d.strategy, STRATEGY_LATENCY);
	SET_OK(f, "conv.reuse_factor=9");
	SET_OK(f, "defaults.strategy=Resource");
	assert_int_equal(f->d.strategy, STRATEGY_RESOURCE);
	/* latency range: fc1 has 1024 multiplications */
	SET_OK(f, "defaults.strategy=latency");
	SET_OK(f, "fc1.strategy=latency");
	SET_ERR(f, "defaults.reuse_factor=2000", "defaults.reuse_factor=2000 "
		"refused: fc1.reuse_factor=2000 (inherited from defaults) is "
		"not valid for a 16x64 Dense with strategy latency; valid: 1 "
		"to 1024");
}

static void test_unset(void **state)
{
	struct fix *f = *state;
	char b[FIXED_STR_MAX];

	SET_OK(f, "fc1.reuse_factor=8");
	assert_int_equal(f->d.n_layers, 1);
	SET_OK(f, "fc1.reuse_factor=default");
	assert_int_equal(f->d.n_layers, 0);	/* empty entry dropped */
	assert_int_equal(resolve(f, "fc1").reuse_factor, 1);

	SET_OK(f, "defaults.reuse_factor=3");	/* latency: fine */
	SET_OK(f, "fc1.reuse_factor=4");
	SET_OK(f, "fc1.strategy=resource");
	SET_ERR(f, "fc1.reuse_factor=default", "fc1.reuse_factor=default "
		"refused: fc1.reuse_factor=3 (inherited from defaults) is not "
		"valid for a 16x64 Dense with strategy resource; nearest "
		"valid: 2, 4");
	assert_int_equal(resolve(f, "fc1").reuse_factor, 4);
	SET_OK(f, "fc1.strategy=default");
	SET_OK(f, "fc1.reuse_factor=default");
	assert_int_equal(f->d.n_layers, 0);

	SET_OK(f, "defaults.precision=ap_fixed<8,2>");
	SET_OK(f, "defaults.precision.weight=ap_fixed<4,1>");
	SET_OK(f, "defaults.precision=default");
	assert_string_equal(fixed_format(&f->d.prec[PREC_DEFAULT].type, b,
					 sizeof(b)), "ap_fixed<16,6>");
	SET_OK(f, "defaults.precision.weight=default");
	assert_false(f->d.prec[PREC_WEIGHT].set);
	SET_OK(f, "defaults.reuse_factor=default");
	assert_int_equal(f->d.reuse_factor, 1);
	SET_OK(f, "clock_ns=2.5");
	SET_OK(f, "clock_ns=default");
	assert_true(f->d.clock_ns == 5.0);
	SET_OK(f, "part=xcu250-figd2104-2L-e");
	SET_OK(f, "part=default");
	assert_string_equal(f->d.part, "xcvu13p-flga2577-2-e");
	/* unsetting a knob that cannot apply is harmless */
	SET_OK(f, "relu1.precision.weight=default");
}

static void test_not_applicable(void **state)
{
	struct fix *f = *state;

	SET_ERR(f, "relu1.precision.weight=ap_fixed<8,3>", "precision.weight "
		"does not apply to layer 'relu1': an Activation layer has no "
		"weights");
	SET_ERR(f, "relu1.precision.bias=ap_fixed<8,3>", "precision.bias does "
		"not apply to layer 'relu1': an Activation layer has no "
		"weights");
	SET_ERR(f, "input.precision.accum=ap_fixed<8,3>", "precision.accum "
		"does not apply to layer 'input': an Input layer has no "
		"weights");
	SET_ERR(f, "relu1.partition=complete", "partition does not apply to "
		"layer 'relu1': an Activation layer has no weights");
	SET_ERR(f, "fc1.table_size=512", "table_size does not apply to layer "
		"'fc1': only activation layers use lookup tables");
	SET_ERR(f, "fc1.precision.table=ap_fixed<8,3>", "precision.table does "
		"not apply to layer 'fc1': only activation layers use lookup "
		"tables");
	SET_ERR(f, "relu1.precision.exp_table=ap_fixed<8,3>",
		"precision.exp_table does not apply to layer 'relu1': only "
		"Softmax layers have exp and inv tables");
	SET_ERR(f, "relu1.implementation=latency", "implementation does not "
		"apply to layer 'relu1': only Softmax layers have an "
		"implementation");
	SET_ERR(f, "fc1.parallelization_factor=2", "parallelization_factor "
		"does not apply to layer 'fc1': only convolutions have a "
		"parallelization factor");
	SET_ERR(f, "fc1.precision.scale=ap_fixed<8,3>", "precision.scale does "
		"not apply to layer 'fc1': only BatchNormalization layers have "
		"a scale");
	assert_int_equal(f->d.n_layers, 0);

	SET_OK(f, "bn.precision.scale=ap_fixed<8,3>");
	SET_OK(f, "relu1.precision.table=ap_fixed<10,4>");
	SET_OK(f, "relu1.table_size=2048");
	SET_OK(f, "relu1.precision.result=ap_ufixed<8,3>");
	SET_OK(f, "softmax.implementation=latency");
	SET_OK(f, "softmax.precision.inv_table=ap_fixed<18,4>");
	SET_OK(f, "fc1.partition=block:4");
	SET_OK(f, "conv.partition=complete");
	SET_OK(f, "fc1.precision.accum=auto");

	SET_ERR(f, "fc9.reuse_factor=2", "layer 'fc9' not in model");
	SET_ERR(f, "fc1.reuse=2", "unknown knob 'reuse' in 'fc1.reuse' "
		"(expected reuse_factor, strategy, precision[.slot], "
		"parallelization_factor, partition, table_size or "
		"implementation)");
	SET_ERR(f, "fc1.precision.wieght=ap_fixed<8,3>", "unknown precision "
		"slot 'wieght' in 'fc1.precision.wieght'");
	SET_ERR(f, "bogus=1", "unknown setting 'bogus'");
	SET_ERR(f, "fc1.reuse_factor", "expected KNOB=VALUE or "
		"LAYER.KNOB=VALUE, got 'fc1.reuse_factor'");
	SET_ERR(f, "fc1.reuse_factor=", "expected KNOB=VALUE or "
		"LAYER.KNOB=VALUE, got 'fc1.reuse_factor='");
	SET_ERR(f, "defaults.precision.wide=ap_fixed<8,3>", "unknown precision "
		"slot 'wide'");
}

/* conv has 7*7 = 49 output pixels: valid PFs 1, 7, 49. */
static void test_parallelization(void **state)
{
	struct fix *f = *state;

	SET_OK(f, "conv.parallelization_factor=7");
	assert_int_equal(resolve(f, "conv").parallelization_factor, 7);
	SET_ERR(f, "conv.parallelization_factor=3", "conv.parallelization_"
		"factor=3 is not valid for a Conv2D with 49 output pixels (it "
		"must divide them); nearest valid: 1, 7");
	SET_ERR(f, "conv.parallelization_factor=50", "conv.parallelization_"
		"factor=50 is not valid for a Conv2D with 49 output pixels (it "
		"must divide them); nearest valid: 49");
	assert_int_equal(resolve(f, "conv").parallelization_factor, 7);
	SET_OK(f, "conv.parallelization_factor=49");
	SET_OK(f, "conv.parallelization_factor=default");
	assert_int_equal(resolve(f, "conv").parallelization_factor, 1);
}

static void test_values(void **state)
{
	struct fix *f = *state;
	char b[FIXED_STR_MAX];

	SET_ERR(f, "fc1.reuse_factor=abc", "fc1.reuse_factor: expected a "
		"positive integer up to 2147483648, got 'abc'");
	SET_ERR(f, "fc1.reuse_factor=0", "fc1.reuse_factor: expected a "
		"positive integer up to 2147483648, got '0'");
	SET_ERR(f, "fc1.reuse_factor=-4", "fc1.reuse_factor: expected a "
		"positive integer up to 2147483648, got '-4'");
	SET_ERR(f, "relu1.reuse_factor=2147483649", "relu1.reuse_factor: "
		"expected a positive integer up to 2147483648, got "
		"'2147483649'");
	SET_OK(f, "relu1.reuse_factor=2147483648");
	SET_ERR(f, "fc1.reuse_factor=4x", "fc1.reuse_factor: expected a "
		"positive integer up to 2147483648, got '4x'");
	SET_ERR(f, "fc1.strategy=unrolled", "fc1.strategy: unknown strategy "
		"'unrolled' (expected latency or resource)");
	SET_OK(f, "fc1.strategy=RESOURCE");
	SET_ERR(f, "softmax.implementation=fast", "softmax.implementation: "
		"unknown softmax implementation 'fast' (expected stable, "
		"latency, argmax or legacy)");
	SET_ERR(f, "fc1.partition=rows", "fc1.partition: invalid partition "
		"'rows' (expected auto, complete, block:N or cyclic:N)");
	assert_int_equal(set(f, "fc1.precision=ap_fixed<16"), -1);
	assert_non_null(strstr(f->err.msg, "fc1.precision: invalid precision "
			       "'ap_fixed<16'"));
	SET_ERR(f, "defaults.precision=auto", "defaults.precision: 'auto' is "
		"only allowed on a layer");
	SET_OK(f, "defaults.precision=fixed<18,8>");
	assert_string_equal(fixed_format(&f->d.prec[PREC_DEFAULT].type, b,
					 sizeof(b)), "ap_fixed<18,8>");

	SET_ERR(f, "clock_ns=0", "clock_ns: expected a positive number of "
		"nanoseconds, got '0'");
	SET_ERR(f, "clock_ns=inf", "clock_ns: expected a positive number of "
		"nanoseconds, got 'inf'");
	SET_ERR(f, "clock_ns=3ns", "clock_ns: expected a positive number of "
		"nanoseconds, got '3ns'");
	SET_OK(f, "clock_ns=3.3");
	assert_true(f->d.clock_ns == 3.3);
	SET_ERR(f, "io_type=io_serial", "io_type: unknown io_type 'io_serial' "
		"(expected io_parallel or io_stream)");
	SET_OK(f, "io_type=io_stream");
	assert_int_equal(f->d.io_type, IO_STREAM);
	SET_OK(f, "backend=Vivado");
	assert_string_equal(f->d.backend, "vivado");
	SET_ERR(f, "backend=quartus", "backend: unknown backend 'quartus' "
		"(expected vitis, vivado or yosys)");
	SET_OK(f, "part=xcu250-figd2104-2L-e");
	assert_string_equal(f->d.part, "xcu250-figd2104-2L-e");
	/* a layer name that contains dots: the knob is the longest suffix */
	model_add_layer(&f->m, "block.1", "Activation", LAYER_ACTIVATION);
	SET_OK(f, "block.1.precision.result=ap_fixed<9,3>");
	assert_non_null(design_layer(&f->d, "block.1", false));
}

static void test_validate(void **state)
{
	struct fix *f = *state;
	struct design d;
	struct error err;
	const char *bad_layer = "{\"format\": \"hlsdse-design/1\", \"layers\": "
		"{\"fc9\": {\"reuse_factor\": 2}}}";
	const char *bad_kind = "{\"format\": \"hlsdse-design/1\", \"layers\": "
		"{\"relu1\": {\"precision\": {\"weight\": \"ap_fixed<8,3>\"}}}}";
	const char *bad_rf = "{\"format\": \"hlsdse-design/1\", \"layers\": "
		"{\"fc1\": {\"reuse_factor\": 3, \"strategy\": \"resource\"}}}";
	const char *bad_default = "{\"format\": \"hlsdse-design/1\", "
		"\"defaults\": {\"reuse_factor\": 6, \"strategy\": "
		"\"resource\"}}";
	const char *good = "{\"format\": \"hlsdse-design/1\", \"defaults\": "
		"{\"reuse_factor\": 1, \"strategy\": \"resource\"}, \"layers\": "
		"{\"fc1\": {\"reuse_factor\": 4}, \"conv\": "
		"{\"parallelization_factor\": 7}}}";

	design_init(&d);
	assert_int_equal(design_parse(&d, bad_layer, strlen(bad_layer), "d",
				      &err), 0);
	assert_int_equal(design_validate(&d, &f->m, &err), -1);
	assert_string_equal(err.msg, "layer 'fc9' not in model");
	assert_int_equal(design_parse(&d, bad_kind, strlen(bad_kind), "d",
				      &err), 0);
	assert_int_equal(design_validate(&d, &f->m, &err), -1);
	assert_string_equal(err.msg, "precision.weight does not apply to layer "
			    "'relu1': an Activation layer has no weights");
	assert_int_equal(design_parse(&d, bad_rf, strlen(bad_rf), "d", &err),
			 0);
	assert_int_equal(design_validate(&d, &f->m, &err), -1);
	assert_string_equal(err.msg, "fc1.reuse_factor=3 is not valid for a "
			    "16x64 Dense with strategy resource; nearest "
			    "valid: 2, 4");
	/* 6 does not divide 16: fc1 refuses it first (nearest 4, 8) */
	assert_int_equal(design_parse(&d, bad_default, strlen(bad_default),
				      "d", &err), 0);
	assert_int_equal(design_validate(&d, &f->m, &err), -1);
	assert_string_equal(err.msg, "fc1.reuse_factor=6 (inherited from "
			    "defaults) is not valid for a 16x64 Dense with "
			    "strategy resource; nearest valid: 4, 8");
	assert_int_equal(design_parse(&d, good, strlen(good), "d", &err), 0);
	assert_int_equal(design_validate(&d, &f->m, &err), 0);
	design_release(&d);
}

/* The example of DESIGN.md section 4, and the text design_to_json must
 * print for it (fixed key order, two-space indentation). */
static const char example[] =
	"{ \"format\": \"hlsdse-design/1\",\n"
	"  \"model\": \"KERAS_3layer.json\", \"weights\": null,\n"
	"  \"part\": \"xcvu13p-flga2577-2-e\", \"clock_ns\": 5.0, "
	"\"io_type\": \"io_parallel\", \"backend\": \"vitis\",\n"
	"  \"defaults\": { \"precision\": \"ap_fixed<16,6>\", "
	"\"reuse_factor\": 1, \"strategy\": \"latency\" },\n"
	"  \"layers\": { \"fc1\": { \"reuse_factor\": 4, \"strategy\": "
	"\"resource\",\n"
	"                       \"precision\": { \"weight\": "
	"\"ap_fixed<8,3>\", \"result\": \"ap_fixed<16,6>\" } } } }\n";

static const char example_out[] =
	"{\n"
	"  \"format\": \"hlsdse-design/1\",\n"
	"  \"model\": \"KERAS_3layer.json\",\n"
	"  \"weights\": null,\n"
	"  \"part\": \"xcvu13p-flga2577-2-e\",\n"
	"  \"clock_ns\": 5.0,\n"
	"  \"io_type\": \"io_parallel\",\n"
	"  \"backend\": \"vitis\",\n"
	"  \"defaults\": {\n"
	"    \"precision\": \"ap_fixed<16,6>\",\n"
	"    \"reuse_factor\": 1,\n"
	"    \"strategy\": \"latency\"\n"
	"  },\n"
	"  \"layers\": {\n"
	"    \"fc1\": {\n"
	"      \"reuse_factor\": 4,\n"
	"      \"strategy\": \"resource\",\n"
	"      \"precision\": {\n"
	"        \"weight\": \"ap_fixed<8,3>\",\n"
	"        \"result\": \"ap_fixed<16,6>\"\n"
	"      }\n"
	"    }\n"
	"  }\n"
	"}\n";

static void test_json_example(void **state)
{
	struct fix *f = *state;
	struct layer_knobs *lk;
	struct design d2;
	char *out, *out2, b[FIXED_STR_MAX];

	assert_int_equal(design_parse(&f->d, example, strlen(example),
				      "design.json", &f->err), 0);
	assert_string_equal(f->d.model, "KERAS_3layer.json");
	assert_null(f->d.weights);
	assert_int_equal(f->d.n_layers, 1);
	lk = design_layer(&f->d, "fc1", false);
	assert_non_null(lk);
	assert_int_equal(lk->set, KNOB_REUSE_FACTOR | KNOB_STRATEGY);
	assert_int_equal(lk->reuse_factor, 4);
	assert_int_equal(lk->strategy, STRATEGY_RESOURCE);
	assert_false(lk->prec[PREC_DEFAULT].set);
	assert_string_equal(fixed_format(&lk->prec[PREC_WEIGHT].type, b,
					 sizeof(b)), "ap_fixed<8,3>");
	assert_int_equal(design_validate(&f->d, &f->m, &f->err), 0);

	out = design_to_json(&f->d);
	assert_string_equal(out, example_out);
	design_init(&d2);
	assert_int_equal(design_parse(&d2, out, strlen(out), "again",
				      &f->err), 0);
	out2 = design_to_json(&d2);
	assert_string_equal(out, out2);
	free(out);
	free(out2);
	design_release(&d2);
}

/* Every knob kind set, then to_json -> parse -> to_json is identical. */
static void test_json_roundtrip(void **state)
{
	static const char *const assigns[] = {
		"clock_ns=3.3", "io_type=io_stream", "backend=yosys",
		"part=xc7z020clg400-1", "defaults.precision=ap_fixed<18,8>",
		"defaults.precision.accum=ap_fixed<32,16,AP_RND,AP_SAT>",
		"defaults.reuse_factor=2", "fc1.reuse_factor=16",
		"fc1.strategy=resource", "fc1.partition=cyclic:8",
		"fc1.precision=ap_fixed<12,4>", "fc1.precision.weight=ap_int<4>",
		"fc1.precision.accum=auto", "relu1.table_size=512",
		"relu1.precision.table=ap_ufixed<10,2>",
		"softmax.implementation=argmax",
		"softmax.precision.exp_table=ap_fixed<18,8,AP_RND,AP_SAT>",
		"softmax.precision.inv_table=ap_fixed<18,4>",
		"conv.parallelization_factor=7", "bn.precision.scale=ap_uint<6>",
		"weird\"name.reuse_factor=2",
	};
	struct fix *f = *state;
	struct design d2;
	char *a, *b;

	model_add_layer(&f->m, "weird\"name", "Activation", LAYER_ACTIVATION);
	for (size_t i = 0; i < sizeof(assigns) / sizeof(assigns[0]); i++)
		SET_OK(f, assigns[i]);
	f->d.model = xstrdup("model/jet tagger.json");
	f->d.weights = xstrdup("model/w.h5");
	a = design_to_json(&f->d);
	assert_non_null(strstr(a, "\"weird\\\"name\": {\n"));
	assert_non_null(strstr(a, "\"clock_ns\": 3.3,\n"));
	assert_non_null(strstr(a, "      \"partition\": \"cyclic:8\",\n"));
	design_init(&d2);
	assert_int_equal(design_parse(&d2, a, strlen(a), "x", &f->err), 0);
	b = design_to_json(&d2);
	assert_string_equal(a, b);
	assert_int_equal(d2.n_layers, f->d.n_layers);
	assert_true(d2.clock_ns == 3.3);
	assert_int_equal(design_validate(&d2, &f->m, &f->err), 0);
	for (int i = 0; i < f->m.n_layers; i++) {
		struct knobs k1, k2;

		design_resolve(&f->d, &f->m, i, &k1);
		design_resolve(&d2, &f->m, i, &k2);
		assert_int_equal(k1.reuse_factor, k2.reuse_factor);
		assert_int_equal(k1.strategy, k2.strategy);
		assert_int_equal(k1.set, k2.set);
		assert_int_equal(k1.prec_set, k2.prec_set);
		assert_int_equal(k1.table_size, k2.table_size);
		assert_int_equal(k1.implementation, k2.implementation);
		assert_int_equal(k1.partition.kind, k2.partition.kind);
		assert_int_equal(k1.partition.factor, k2.partition.factor);
		for (int s = 0; s < PREC_COUNT; s++) {
			assert_int_equal(k1.prec[s].is_auto,
					 k2.prec[s].is_auto);
			if (!k1.prec[s].is_auto)
				assert_true(fixed_equal(&k1.prec[s].type,
							&k2.prec[s].type));
		}
	}
	free(a);
	free(b);
	design_release(&d2);
}

struct bad_case {
	const char *text;
	const char *msg;
};

#define HDR "{\"format\": \"hlsdse-design/1\", "

static const struct bad_case bad_cases[] = {
	{ "", "design.json:1:1: invalid JSON: unexpected end of file" },
	{ HDR "\"layers\": {\n \"fc1\": {", "design.json:2:10: invalid JSON: "
	  "unexpected end of file" },
	/* column 44 is the 't' of "trailing" */
	{ HDR "\"part\": \"x\"} trailing", "design.json:1:44: invalid JSON" },
	{ "[1, 2]", "design.json: expected an object, got an array" },
	{ "{}", "design.json: missing \"format\": \"hlsdse-design/1\"" },
	{ "{\"format\": \"hlsdse-design/2\"}", "design.json: format: expected "
	  "\"hlsdse-design/1\", got \"hlsdse-design/2\"" },
	{ "{\"format\": 1}", "design.json: format: expected "
	  "\"hlsdse-design/1\", got 1" },
	{ HDR "\"colour\": \"red\"}", "design.json: unknown key 'colour'" },
	{ HDR "\"part\": \"a\", \"part\": \"b\"}", "design.json: duplicate "
	  "key 'part'" },
	{ HDR "\"layers\": {\"fc1\": {\"reuse_factor\": \"4\"}}}",
	  "design.json: layers.fc1.reuse_factor: expected a positive integer, "
	  "got \"4\"" },
	{ HDR "\"layers\": {\"fc1\": {\"reuse_factor\": 2.5}}}",
	  "design.json: layers.fc1.reuse_factor: expected a positive integer "
	  "up to 2147483648, got 2.5" },
	{ HDR "\"layers\": {\"fc1\": {\"reuse_factor\": 0}}}",
	  "design.json: layers.fc1.reuse_factor: expected a positive integer "
	  "up to 2147483648, got 0" },
	{ HDR "\"layers\": {\"fc1\": {\"reuse_factor\": 2147483649}}}",
	  "design.json: layers.fc1.reuse_factor: expected a positive integer "
	  "up to 2147483648, got 2147483649" },
	{ HDR "\"layers\": {\"fc1\": {\"reuse\": 2}}}",
	  "design.json: layers.fc1: unknown key 'reuse'" },
	{ HDR "\"layers\": {\"fc1\": {\"strategy\": \"Resource\"}}}",
	  "design.json: layers.fc1.strategy: unknown strategy \"Resource\" "
	  "(expected \"latency\" or \"resource\")" },
	{ HDR "\"layers\": {\"fc1\": {\"precision\": {\"wieght\": "
	  "\"ap_fixed<8,3>\"}}}}", "design.json: layers.fc1.precision: "
	  "unknown precision slot 'wieght'" },
	{ HDR "\"layers\": {\"fc1\": {\"precision\": 16}}}",
	  "design.json: layers.fc1.precision: expected a type string or an "
	  "object of precision slots, got 16" },
	{ HDR "\"layers\": {\"fc1\": {\"partition\": \"block:0\"}}}",
	  "design.json: layers.fc1.partition: invalid partition 'block:0': "
	  "the factor must be a positive integer" },
	{ HDR "\"layers\": {\"sm\": {\"implementation\": \"Stable\"}}}",
	  "design.json: layers.sm.implementation: unknown softmax "
	  "implementation \"Stable\" (expected stable, latency, argmax or "
	  "legacy)" },
	{ HDR "\"layers\": {\"\": {}}}", "design.json: layers: empty layer "
	  "name" },
	{ HDR "\"layers\": {\"a\": {}, \"a\": {}}}", "design.json: layers: "
	  "duplicate key 'a'" },
	{ HDR "\"layers\": [1]}", "design.json: layers: expected an object, "
	  "got an array" },
	{ HDR "\"layers\": {\"fc1\": 4}}", "design.json: layers.fc1: expected "
	  "an object, got 4" },
	{ HDR "\"clock_ns\": 0}", "design.json: clock_ns: expected a positive "
	  "number of nanoseconds, got 0" },
	{ HDR "\"clock_ns\": -5}", "design.json: clock_ns: expected a "
	  "positive number of nanoseconds, got -5" },
	{ HDR "\"clock_ns\": 1e999}", "design.json: clock_ns: expected a "
	  "positive number of nanoseconds, got inf" },
	{ HDR "\"clock_ns\": \"5\"}", "design.json: clock_ns: expected a "
	  "positive number of nanoseconds, got \"5\"" },
	{ HDR "\"io_type\": \"io_serial\"}", "design.json: io_type: unknown "
	  "io_type \"io_serial\" (expected io_parallel or io_stream)" },
	{ HDR "\"backend\": \"quartus\"}", "design.json: backend: unknown "
	  "backend \"quartus\" (expected vitis, vivado or yosys)" },
	{ HDR "\"part\": \"\"}", "design.json: part: expected a part name, "
	  "got \"\"" },
	{ HDR "\"model\": 5}", "design.json: model: expected a file name or "
	  "null, got 5" },
	{ HDR "\"defaults\": {\"precision\": \"auto\"}}", "design.json: "
	  "defaults.precision: 'auto' is only allowed on a layer" },
	{ HDR "\"defaults\": {\"reuse_factor\": true}}", "design.json: "
	  "defaults.reuse_factor: expected a positive integer, got true" },
	{ HDR "\"defaults\": {\"strategy\": null}}", "design.json: "
	  "defaults.strategy: expected a string, got null" },
	{ HDR "\"defaults\": {\"rf\": 1}}", "design.json: defaults: unknown "
	  "key 'rf'" },
};

static void test_json_malformed(void **state)
{
	struct fix *f = *state;
	char *before = design_to_json(&f->d), *after;
	const char *prec = HDR "\"layers\": {\"fc1\": {\"precision\": "
		"{\"weight\": \"ap_fixed<16\"}}}}";
	static const char nul[] = HDR "\"part\": \"a\"}\0";

	for (size_t i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		const struct bad_case *c = &bad_cases[i];

		f->err.msg[0] = '\0';
		if (design_parse(&f->d, c->text, strlen(c->text),
				 "design.json", &f->err) != -1)
			fail_msg("accepted: %s", c->text);
		if (strcmp(f->err.msg, c->msg) != 0)
			fail_msg("for %s\n got: %s\nwant: %s", c->text,
				 f->err.msg, c->msg);
	}
	assert_int_equal(design_parse(&f->d, prec, strlen(prec), "design.json",
				      &f->err), -1);
	assert_non_null(strstr(f->err.msg, "design.json: layers.fc1.precision."
			       "weight: invalid precision 'ap_fixed<16'"));
	assert_int_equal(design_parse(&f->d, nul, sizeof(nul) - 1,
				      "design.json", &f->err), -1);
	assert_string_equal(f->err.msg, "design.json: contains a NUL byte");
	/* every refusal left the design as it was */
	after = design_to_json(&f->d);
	assert_string_equal(before, after);
	free(before);
	free(after);
}

static void test_write_read(void **state)
{
	struct fix *f = *state;
	char dir[] = "/tmp/design_test.XXXXXX", *path, *a, *b;
	struct design d2;

	assert_non_null(mkdtemp(dir));
	path = xasprintf("%s/design.json", dir);
	SET_OK(f, "fc1.reuse_factor=4");
	SET_OK(f, "fc1.strategy=resource");
	assert_int_equal(design_write(&f->d, path, &f->err), 0);
	design_init(&d2);
	assert_int_equal(design_read(&d2, path, &f->err), 0);
	a = design_to_json(&f->d);
	b = design_to_json(&d2);
	assert_string_equal(a, b);
	assert_int_equal(design_layer(&d2, "fc1", false)->reuse_factor, 4);
	unlink(path);
	assert_int_equal(design_read(&d2, path, &f->err), -1);
	assert_non_null(strstr(f->err.msg, "unable to open"));
	rmdir(dir);
	free(a);
	free(b);
	free(path);
	design_release(&d2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test_setup_teardown(test_defaults, setup, teardown),
		cmocka_unit_test_setup_teardown(test_inheritance, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_reuse_resource, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_reuse_latency, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_defaults_refused, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_unset, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_applicable, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_parallelization, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_values, setup, teardown),
		cmocka_unit_test_setup_teardown(test_validate, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_json_example, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_json_roundtrip, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_json_malformed, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_write_read, setup,
						teardown),
	};

	return cmocka_run_group_tests_name("design", tests, NULL, NULL);
}
