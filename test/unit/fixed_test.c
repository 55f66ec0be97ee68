/*
 * fixed_test.c - ap_fixed type strings and double-to-fixed assignment.
 * Expected values are hand-computed (arithmetic in the comments), taken
 * from the examples in AMD UG1399 ("Quantization Modes", "Overflow Modes",
 * "Fixed-Point Identifier Summary"), or derived from the library source
 * Xilinx/HLS_arbitrary_Precision_Types (ap_fixed_base.h overflow_adjust,
 * ap_int_base.h ap_int_base(double)) where the guide is silent. A random
 * sweep compares against a slow reference written here with long double
 * and integer arithmetic.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/fixed.h"

#define CHECK_DBL(got, want, ...)                                       \
	do {                                                            \
		double g_ = (got), w_ = (want);                         \
		if (!(g_ == w_)) {                                      \
			print_error(__VA_ARGS__);                       \
			fail_msg("got %.17g, want %.17g", g_, w_);      \
		}                                                       \
	} while (0)

static struct fixed_type parse_ok(const char *s)
{
	struct fixed_type t;
	struct error err = {""};

	if (fixed_parse(s, &t, &err) != 0)
		fail_msg("'%s' failed: %s", s, err.msg);
	return t;
}

/* ---- parsing and printing ------------------------------------------- */

struct spelling {
	const char *in;
	int w, i;
	bool is_signed, is_int;
	enum fixed_round q;
	enum fixed_sat o;
	int n;
	const char *canon;
};

static const struct spelling spellings[] = {
	{"ap_fixed<16,6>", 16, 6, true, false, FIXED_TRN, FIXED_WRAP, 0,
	 "ap_fixed<16,6>"},
	{"fixed<16,6>", 16, 6, true, false, FIXED_TRN, FIXED_WRAP, 0,
	 "ap_fixed<16,6>"},
	{"ap_fixed<16, 6>", 16, 6, true, false, FIXED_TRN, FIXED_WRAP, 0,
	 "ap_fixed<16,6>"},
	{"  ap_fixed < 16 ,\t6 >\n", 16, 6, true, false, FIXED_TRN,
	 FIXED_WRAP, 0, "ap_fixed<16,6>"},
	/* hls4ml's canonical string spells every default out */
	{"fixed<16,6,TRN,WRAP,0>", 16, 6, true, false, FIXED_TRN, FIXED_WRAP,
	 0, "ap_fixed<16,6>"},
	{"ap_fixed<16,6,AP_TRN,AP_WRAP>", 16, 6, true, false, FIXED_TRN,
	 FIXED_WRAP, 0, "ap_fixed<16,6>"},
	{"ufixed<8,0,RND,SAT>", 8, 0, false, false, FIXED_RND, FIXED_SAT, 0,
	 "ap_ufixed<8,0,AP_RND,AP_SAT>"},
	{"ap_ufixed<6,0,AP_RND_CONV,AP_SAT>", 6, 0, false, false,
	 FIXED_RND_CONV, FIXED_SAT, 0, "ap_ufixed<6,0,AP_RND_CONV,AP_SAT>"},
	{"ap_fixed<6,1,AP_RND_CONV,AP_SAT>", 6, 1, true, false,
	 FIXED_RND_CONV, FIXED_SAT, 0, "ap_fixed<6,1,AP_RND_CONV,AP_SAT>"},
	/* default rounding printed because the overflow mode is not */
	{"ap_fixed<8,3,AP_TRN,AP_SAT>", 8, 3, true, false, FIXED_TRN,
	 FIXED_SAT, 0, "ap_fixed<8,3,AP_TRN,AP_SAT>"},
	{"fixed<8,3,TRN,WRAP,2>", 8, 3, true, false, FIXED_TRN, FIXED_WRAP, 2,
	 "ap_fixed<8,3,AP_TRN,AP_WRAP,2>"},
	{"ap_fixed<18,6,AP_RND>", 18, 6, true, false, FIXED_RND, FIXED_WRAP,
	 0, "ap_fixed<18,6,AP_RND>"},
	{"fixed<18,8,RND,SAT>", 18, 8, true, false, FIXED_RND, FIXED_SAT, 0,
	 "ap_fixed<18,8,AP_RND,AP_SAT>"},
	{"ap_fixed<8,4,TRN_ZERO>", 8, 4, true, false, FIXED_TRN_ZERO,
	 FIXED_WRAP, 0, "ap_fixed<8,4,AP_TRN_ZERO>"},
	{"ap_fixed<8,4,RND_ZERO>", 8, 4, true, false, FIXED_RND_ZERO,
	 FIXED_WRAP, 0, "ap_fixed<8,4,AP_RND_ZERO>"},
	{"ap_fixed<8,4,AP_RND_MIN_INF>", 8, 4, true, false, FIXED_RND_MIN_INF,
	 FIXED_WRAP, 0, "ap_fixed<8,4,AP_RND_MIN_INF>"},
	{"ap_fixed<8,4,RND_INF>", 8, 4, true, false, FIXED_RND_INF,
	 FIXED_WRAP, 0, "ap_fixed<8,4,AP_RND_INF>"},
	{"ap_fixed<8,4,RND,SAT_ZERO>", 8, 4, true, false, FIXED_RND,
	 FIXED_SAT_ZERO, 0, "ap_fixed<8,4,AP_RND,AP_SAT_ZERO>"},
	{"ap_fixed<8,4,AP_RND,AP_SAT_SYM>", 8, 4, true, false, FIXED_RND,
	 FIXED_SAT_SYM, 0, "ap_fixed<8,4,AP_RND,AP_SAT_SYM>"},
	{"ap_fixed<8,4,TRN,WRAP_SM>", 8, 4, true, false, FIXED_TRN,
	 FIXED_WRAP_SM, 0, "ap_fixed<8,4,AP_TRN,AP_WRAP_SM>"},
	{"ap_fixed<8,4,AP_TRN,AP_WRAP_SM,3>", 8, 4, true, false, FIXED_TRN,
	 FIXED_WRAP_SM, 3, "ap_fixed<8,4,AP_TRN,AP_WRAP_SM,3>"},
	{"ap_fixed<8,4,AP_RND,AP_SAT,8>", 8, 4, true, false, FIXED_RND,
	 FIXED_SAT, 8, "ap_fixed<8,4,AP_RND,AP_SAT,8>"},
	/* UG1399 identifier summary: I may be negative or exceed W */
	{"ap_fixed<2,0>", 2, 0, true, false, FIXED_TRN, FIXED_WRAP, 0,
	 "ap_fixed<2,0>"},
	{"ap_ufixed<1,-1>", 1, -1, false, false, FIXED_TRN, FIXED_WRAP, 0,
	 "ap_ufixed<1,-1>"},
	{"ap_fixed<1,-7>", 1, -7, true, false, FIXED_TRN, FIXED_WRAP, 0,
	 "ap_fixed<1,-7>"},
	{"ap_fixed<4,10>", 4, 10, true, false, FIXED_TRN, FIXED_WRAP, 0,
	 "ap_fixed<4,10>"},
	{"ap_fixed<1024,+3>", 1024, 3, true, false, FIXED_TRN, FIXED_WRAP, 0,
	 "ap_fixed<1024,3>"},
	{"ap_int<8>", 8, 8, true, true, FIXED_TRN, FIXED_WRAP, 0,
	 "ap_int<8>"},
	{"int<32>", 32, 32, true, true, FIXED_TRN, FIXED_WRAP, 0,
	 "ap_int<32>"},
	{"ap_uint< 1 >", 1, 1, false, true, FIXED_TRN, FIXED_WRAP, 0,
	 "ap_uint<1>"},
	{"uint<1024>", 1024, 1024, false, true, FIXED_TRN, FIXED_WRAP, 0,
	 "ap_uint<1024>"},
};

static void test_parse_spellings(void **state)
{
	(void)state;
	for (size_t k = 0; k < sizeof(spellings) / sizeof(spellings[0]); k++) {
		const struct spelling *s = &spellings[k];
		struct fixed_type t = parse_ok(s->in);
		char buf[FIXED_STR_MAX];

		if (t.width != s->w || t.integer != s->i ||
		    t.is_signed != s->is_signed || t.is_int != s->is_int ||
		    t.round != s->q || t.sat != s->o || t.sat_bits != s->n)
			fail_msg("'%s' parsed as W=%d I=%d s=%d int=%d Q=%d "
				 "O=%d N=%d", s->in, t.width, t.integer,
				 t.is_signed, t.is_int, t.round, t.sat,
				 t.sat_bits);
		assert_string_equal(fixed_format(&t, buf, sizeof(buf)),
				    s->canon);
	}
}

struct bad {
	const char *in;
	const char *msg;
};

static const struct bad bads[] = {
	{"ap_fixd<16,6>", "invalid precision 'ap_fixd<16,6>': unknown type "
	 "name 'ap_fixd'"},
	{"AP_FIXED<16,6>", "invalid precision 'AP_FIXED<16,6>': unknown type "
	 "name 'AP_FIXED'"},
	{"ap_fixed<0,6>", "invalid precision 'ap_fixed<0,6>': width must be "
	 "1..1024"},
	{"ap_fixed<1025,6>", "invalid precision 'ap_fixed<1025,6>': width "
	 "must be 1..1024"},
	{"ap_fixed<99999999999999999999,6>", "invalid precision "
	 "'ap_fixed<99999999999999999999,6>': width must be 1..1024"},
	{"ap_int<0>", "invalid precision 'ap_int<0>': width must be 1..1024"},
	{"uint<-3>", "invalid precision 'uint<-3>': width must be 1..1024"},
	{"ap_fixed<16,6,RNDX>", "invalid precision 'ap_fixed<16,6,RNDX>': "
	 "unknown rounding mode 'RNDX'"},
	{"ap_fixed<16,6,rnd>", "invalid precision 'ap_fixed<16,6,rnd>': "
	 "unknown rounding mode 'rnd'"},
	{"ap_fixed<16,6,AC_RND>", "invalid precision "
	 "'ap_fixed<16,6,AC_RND>': unknown rounding mode 'AC_RND'"},
	{"ap_fixed<16,6,AP_SAT>", "invalid precision 'ap_fixed<16,6,AP_SAT>'"
	 ": 'AP_SAT' is an overflow mode; the rounding mode comes first"},
	{"ap_fixed<16,6,RND,SATX>", "invalid precision "
	 "'ap_fixed<16,6,RND,SATX>': unknown overflow mode 'SATX'"},
	{"ap_fixed<16,6>x", "invalid precision 'ap_fixed<16,6>x': trailing "
	 "characters 'x' after '>'"},
	{"ap_fixed<16,6> >", "invalid precision 'ap_fixed<16,6> >': "
	 "trailing characters '>' after '>'"},
	{"ap_fixed<16,6", "invalid precision 'ap_fixed<16,6': missing '>'"},
	{"ap_fixed<16,6,", "invalid precision 'ap_fixed<16,6,': missing '>'"},
	{"ap_fixed", "invalid precision 'ap_fixed': expected '<' after "
	 "'ap_fixed'"},
	{"ap_fixed(16,6)", "invalid precision 'ap_fixed(16,6)': expected '<' "
	 "after 'ap_fixed'"},
	{"float", "invalid precision 'float': floating-point type 'float' is "
	 "not supported"},
	{"double", "invalid precision 'double': floating-point type 'double' "
	 "is not supported"},
	{"auto", "invalid precision 'auto': 'auto' must be resolved before "
	 "the type is parsed"},
	{"", "invalid precision '': expected a type name such as "
	 "ap_fixed<16,6>"},
	{"<16,6>", "invalid precision '<16,6>': expected a type name such as "
	 "ap_fixed<16,6>"},
	{"ap_fixed<16>", "invalid precision 'ap_fixed<16>': 'ap_fixed' needs "
	 "a width and integer bits"},
	{"ap_int<8,3>", "invalid precision 'ap_int<8,3>': 'ap_int' takes "
	 "exactly one parameter"},
	{"ap_fixed<16,6,RND,SAT,3,1>", "invalid precision "
	 "'ap_fixed<16,6,RND,SAT,3,1>': too many parameters (at most 5)"},
	{"ap_fixed<16,,6>", "invalid precision 'ap_fixed<16,,6>': parameter "
	 "2 is empty"},
	{"ap_fixed<>", "invalid precision 'ap_fixed<>': parameter 1 is "
	 "empty"},
	{"ap_fixed<a,6>", "invalid precision 'ap_fixed<a,6>': width 'a' is "
	 "not an integer"},
	{"ap_fixed<16,6.5>", "invalid precision 'ap_fixed<16,6.5>': integer "
	 "bits '6.5' is not an integer"},
	{"ap_fixed<16 6>", "invalid precision 'ap_fixed<16 6>': unexpected "
	 "'6' in parameter 1"},
	{"ap_fixed<16,<6>", "invalid precision 'ap_fixed<16,<6>': "
	 "unexpected '<' in parameter 2"},
	{"ap_fixed<8,9000>", "invalid precision 'ap_fixed<8,9000>': integer "
	 "bits must be -8192..8192"},
	{"ap_fixed<8,3,RND,SAT,9>", "invalid precision "
	 "'ap_fixed<8,3,RND,SAT,9>': saturation bits must be 0..8"},
	{"ap_fixed<8,3,RND,SAT,-1>", "invalid precision "
	 "'ap_fixed<8,3,RND,SAT,-1>': saturation bits must be 0..8"},
	{"ap_fixed<8,3,RND,SAT,x>", "invalid precision "
	 "'ap_fixed<8,3,RND,SAT,x>': saturation bits 'x' is not an integer"},
	{"ap_ufixed<8,3,RND,WRAP_SM>", "invalid precision "
	 "'ap_ufixed<8,3,RND,WRAP_SM>': unsigned types do not support "
	 "AP_WRAP_SM"},
};

static void test_parse_errors(void **state)
{
	(void)state;
	for (size_t k = 0; k < sizeof(bads) / sizeof(bads[0]); k++) {
		struct fixed_type t = fixed_make(5, 2, true);
		struct fixed_type before = t;
		struct error err = {""};

		if (fixed_parse(bads[k].in, &t, &err) != -1)
			fail_msg("'%s' was accepted", bads[k].in);
		assert_string_equal(err.msg, bads[k].msg);
		assert_true(fixed_equal(&t, &before));
	}
}

static void test_mode_names(void **state)
{
	(void)state;
	assert_string_equal(fixed_round_name(FIXED_TRN), "AP_TRN");
	assert_string_equal(fixed_round_name(FIXED_TRN_ZERO), "AP_TRN_ZERO");
	assert_string_equal(fixed_round_name(FIXED_RND), "AP_RND");
	assert_string_equal(fixed_round_name(FIXED_RND_ZERO), "AP_RND_ZERO");
	assert_string_equal(fixed_round_name(FIXED_RND_MIN_INF),
			    "AP_RND_MIN_INF");
	assert_string_equal(fixed_round_name(FIXED_RND_INF), "AP_RND_INF");
	assert_string_equal(fixed_round_name(FIXED_RND_CONV), "AP_RND_CONV");
	assert_null(fixed_round_name(FIXED_ROUND_COUNT));
	assert_null(fixed_round_name((enum fixed_round)-1));
	assert_string_equal(fixed_sat_name(FIXED_WRAP), "AP_WRAP");
	assert_string_equal(fixed_sat_name(FIXED_SAT), "AP_SAT");
	assert_string_equal(fixed_sat_name(FIXED_SAT_ZERO), "AP_SAT_ZERO");
	assert_string_equal(fixed_sat_name(FIXED_SAT_SYM), "AP_SAT_SYM");
	assert_string_equal(fixed_sat_name(FIXED_WRAP_SM), "AP_WRAP_SM");
	assert_null(fixed_sat_name(FIXED_SAT_COUNT));
}

static void test_make_and_equal(void **state)
{
	struct fixed_type a = fixed_make(16, 6, true);
	struct fixed_type b = parse_ok("fixed<16,6,TRN,WRAP,0>");
	struct fixed_type c = parse_ok("ap_fixed<8,8>");
	struct fixed_type d = parse_ok("ap_int<8>");
	struct fixed_type e = parse_ok("ap_ufixed<16,6>");
	struct fixed_type f = parse_ok("ap_fixed<16,6,AP_TRN,AP_SAT>");

	(void)state;
	assert_true(fixed_equal(&a, &b));
	assert_false(fixed_equal(&c, &d));	/* different C++ types */
	assert_false(fixed_equal(&a, &e));
	assert_false(fixed_equal(&a, &f));
	assert_int_equal(a.width, 16);
	assert_int_equal(a.integer, 6);
	assert_false(a.is_int);
}

/* Every valid combination over a sweep of W and I survives
 * format -> parse unchanged, and the text is canonical (printing the
 * parsed type gives the same text) and fits FIXED_STR_MAX. */
static void test_roundtrip_sweep(void **state)
{
	static const int widths[] = {1, 2, 3, 7, 8, 16, 31, 32, 33, 53, 54,
				     63, 64, 65, 100, 512, 1023, 1024};
	int count = 0;

	(void)state;
	for (size_t wi = 0; wi < sizeof(widths) / sizeof(widths[0]); wi++) {
		int w = widths[wi];
		int ints[] = {-8192, -w - 3, -1, 0, 1, w / 2, w, w + 5, 8192};

		for (size_t ii = 0; ii < sizeof(ints) / sizeof(ints[0]); ii++)
		for (int sg = 0; sg < 2; sg++)
		for (int q = 0; q < FIXED_ROUND_COUNT; q++)
		for (int o = 0; o < FIXED_SAT_COUNT; o++) {
			int ns[] = {0, 1, w / 2, w};

			if (!sg && o == FIXED_WRAP_SM)
				continue;
			for (int k = 0; k < 4; k++) {
				struct fixed_type t = fixed_make(w, ints[ii],
								 sg);
				struct fixed_type u;
				struct error err;
				char a[FIXED_STR_MAX], b[FIXED_STR_MAX];

				t.round = (enum fixed_round)q;
				t.sat = (enum fixed_sat)o;
				t.sat_bits = ns[k];
				fixed_format(&t, a, sizeof(a));
				assert_true(strlen(a) < FIXED_STR_MAX - 1);
				if (fixed_parse(a, &u, &err) != 0)
					fail_msg("'%s': %s", a, err.msg);
				if (!fixed_equal(&t, &u))
					fail_msg("'%s' did not round-trip", a);
				assert_string_equal(fixed_format(&u, b,
								 sizeof(b)), a);
				count++;
			}
		}
		for (int sg = 0; sg < 2; sg++) {
			struct fixed_type t = fixed_make(w, w, sg), u;
			struct error err;
			char a[FIXED_STR_MAX];

			t.is_int = true;
			fixed_format(&t, a, sizeof(a));
			if (fixed_parse(a, &u, &err) != 0 ||
			    !fixed_equal(&t, &u))
				fail_msg("'%s' did not round-trip", a);
			count++;
		}
	}
	/* 18 widths x 9 I x (35 signed + 28 unsigned modes) x 4 N + ints */
	assert_int_equal(count, 18 * 9 * 63 * 4 + 18 * 2);
}

static void test_format_small_buffer(void **state)
{
	struct fixed_type t = parse_ok("ap_fixed<16,6,AP_RND,AP_SAT>");
	char buf[9];

	(void)state;
	memset(buf, 'x', sizeof(buf));
	fixed_format(&t, buf, sizeof(buf));
	assert_string_equal(buf, "ap_fixed");	/* truncated, terminated */
}

/* ---- range -------------------------------------------------------------- */

struct range_case {
	const char *type;
	double min, max, step;
};

static const struct range_case ranges[] = {
	/* F = 10: step 2^-10; signed range [-2^5, 2^5 - 2^-10] */
	{"ap_fixed<16,6>", -32.0, 31.9990234375, 0.0009765625},
	/* unsigned, F = 8: [0, 1 - 2^-8] */
	{"ap_ufixed<8,0>", 0.0, 0.99609375, 0.00390625},
	/* F = 5: max 4 - 1/32 = 3.96875; SAT_SYM min = -max */
	{"ap_fixed<8,3,AP_RND,AP_SAT_SYM>", -3.96875, 3.96875, 0.03125},
	/* SAT_SYM does not change an unsigned minimum: [0, 8 - 1/32] */
	{"ap_ufixed<8,3,AP_RND,AP_SAT_SYM>", 0.0, 7.96875, 0.03125},
	/* SAT_SYM on a 1-bit signed type: overflow_adjust sets the only
	 * bit, so min stays -2^(I-1) = -1 and max is 0 */
	{"ap_fixed<1,1,AP_TRN,AP_SAT_SYM>", -1.0, 0.0, 1.0},
	{"ap_int<8>", -128.0, 127.0, 1.0},
	{"ap_uint<8>", 0.0, 255.0, 1.0},
	{"ap_uint<1>", 0.0, 1.0, 1.0},
	{"ap_int<1>", -1.0, 0.0, 1.0},
	/* F = 4 - 10 = -6: step 64, max 7 * 64 = 448, min -8 * 64 */
	{"ap_fixed<4,10>", -512.0, 448.0, 64.0},
	/* UG1399: ap_ufixed<1,-1> "can be 0 or 0.25" */
	{"ap_ufixed<1,-1>", 0.0, 0.25, 0.25},
	/* UG1399: ap_fixed<2,0> "can be -0.5": F = 2, [-0.5, 0.25] */
	{"ap_fixed<2,0>", -0.5, 0.25, 0.25},
	/* 2^52 - 1 is exact in a double */
	{"ap_fixed<53,53>", -4503599627370496.0, 4503599627370495.0, 1.0},
	/* 2^64 - 1 rounds to the double 2^64 */
	{"ap_uint<64>", 0.0, 18446744073709551616.0, 1.0},
};

static void test_range(void **state)
{
	(void)state;
	for (size_t k = 0; k < sizeof(ranges) / sizeof(ranges[0]); k++) {
		struct fixed_type t = parse_ok(ranges[k].type);

		CHECK_DBL(fixed_min(&t), ranges[k].min, "min %s\n",
			  ranges[k].type);
		CHECK_DBL(fixed_max(&t), ranges[k].max, "max %s\n",
			  ranges[k].type);
		CHECK_DBL(fixed_step(&t), ranges[k].step, "step %s\n",
			  ranges[k].type);
	}
}

static void test_range_wide(void **state)
{
	struct fixed_type a = parse_ok("ap_fixed<1024,1024>");
	struct fixed_type b = parse_ok("ap_ufixed<1024,1024>");
	struct fixed_type c = parse_ok("ap_fixed<8,-2000>");

	(void)state;
	/* 2^1023 - 1 rounds to 2^1023; -2^1023 is exact */
	CHECK_DBL(fixed_max(&a), ldexp(1.0, 1023), "max <1024,1024>\n");
	CHECK_DBL(fixed_min(&a), -ldexp(1.0, 1023), "min <1024,1024>\n");
	/* 2^1024 - 1 is beyond DBL_MAX + half an ulp: +inf */
	CHECK_DBL(fixed_max(&b), HUGE_VAL, "max ufixed<1024,1024>\n");
	/* F = 2008: step 2^-2008 underflows to 0 */
	CHECK_DBL(fixed_step(&c), 0.0, "step <8,-2000>\n");
}

/* ---- quantization: rounding modes ------------------------------------ */

/* ap_fixed<8,4,Q>: F = 4, step 1/16 = 0.0625. Inputs in LSB units:
 *   0.03125 = 0.5 LSB (tie 0 | 1)      0.09375 = 1.5 LSB (tie 1 | 2)
 *   0.15625 = 2.5 LSB (tie 2 | 3)      0.1 * 16 = 1.6 LSB (above half)
 *   0.07 * 16 = 1.12 LSB (below half)  0.25 = 4 LSB (exact)
 * Expected results in LSBs, per mode (UG1399 Quantization Modes table):
 *   TRN floor, TRN_ZERO toward 0, RND ties to +inf, RND_ZERO ties to 0,
 *   RND_MIN_INF ties to -inf, RND_INF ties away from 0, RND_CONV ties
 *   to even. */
struct round_case {
	double x;
	int want[FIXED_ROUND_COUNT];	/* TRN TRN_Z RND RND_Z MIN_INF INF CONV */
};

static const struct round_case round_cases[] = {
	{0.03125, {0, 0, 1, 0, 0, 1, 0}},
	{-0.03125, {-1, 0, 0, 0, -1, -1, 0}},
	{0.09375, {1, 1, 2, 1, 1, 2, 2}},
	{-0.09375, {-2, -1, -1, -1, -2, -2, -2}},
	{0.15625, {2, 2, 3, 2, 2, 3, 2}},
	{-0.15625, {-3, -2, -2, -2, -3, -3, -2}},
	{0.1, {1, 1, 2, 2, 2, 2, 2}},
	{-0.1, {-2, -1, -2, -2, -2, -2, -2}},
	{0.07, {1, 1, 1, 1, 1, 1, 1}},
	{-0.07, {-2, -1, -1, -1, -1, -1, -1}},
	{0.25, {4, 4, 4, 4, 4, 4, 4}},
	{-0.25, {-4, -4, -4, -4, -4, -4, -4}},
	/* 1e-9 is far below half an LSB */
	{1e-9, {0, 0, 0, 0, 0, 0, 0}},
	{-1e-9, {-1, 0, 0, 0, 0, 0, 0}},
};

static void test_round_modes(void **state)
{
	(void)state;
	for (size_t k = 0; k < sizeof(round_cases) / sizeof(round_cases[0]);
	     k++) {
		for (int q = 0; q < FIXED_ROUND_COUNT; q++) {
			struct fixed_type t = fixed_make(8, 4, true);

			t.round = (enum fixed_round)q;
			CHECK_DBL(fixed_quantize(&t, round_cases[k].x),
				  round_cases[k].want[q] / 16.0,
				  "%s of %g\n", fixed_round_name(t.round),
				  round_cases[k].x);
		}
	}
}

/* UG1399 "Quantization Modes" examples, ap_fixed<3,2,Q,AP_SAT>
 * (F = 1, step 0.5): 1.25 and -1.25 are ties, so is 0.75. */
static void test_round_ug1399(void **state)
{
	static const struct {
		const char *type;
		double x, want;
	} c[] = {
		{"ap_fixed<3,2,AP_RND,AP_SAT>", 1.25, 1.5},
		{"ap_fixed<3,2,AP_RND,AP_SAT>", -1.25, -1.0},
		{"ap_fixed<3,2,AP_RND_ZERO,AP_SAT>", 1.25, 1.0},
		{"ap_fixed<3,2,AP_RND_ZERO,AP_SAT>", -1.25, -1.0},
		{"ap_fixed<3,2,AP_RND_MIN_INF,AP_SAT>", 1.25, 1.0},
		{"ap_fixed<3,2,AP_RND_MIN_INF,AP_SAT>", -1.25, -1.5},
		{"ap_fixed<3,2,AP_RND_INF,AP_SAT>", 1.25, 1.5},
		{"ap_fixed<3,2,AP_RND_INF,AP_SAT>", -1.25, -1.5},
		{"ap_fixed<3,2,AP_RND_CONV,AP_SAT>", 0.75, 1.0},
		{"ap_fixed<3,2,AP_RND_CONV,AP_SAT>", -1.25, -1.0},
		{"ap_fixed<3,2,AP_TRN,AP_SAT>", 1.25, 1.0},
		{"ap_fixed<3,2,AP_TRN,AP_SAT>", -1.25, -1.5},
		{"ap_fixed<3,2,AP_TRN_ZERO,AP_SAT>", 1.25, 1.0},
		{"ap_fixed<3,2,AP_TRN_ZERO,AP_SAT>", -1.25, -1.0},
		/* UG1399 overview: ap_fixed<18,6,AP_RND> t = -1.5 */
		{"ap_fixed<18,6,AP_RND>", -1.5, -1.5},
	};

	(void)state;
	for (size_t k = 0; k < sizeof(c) / sizeof(c[0]); k++) {
		struct fixed_type t = parse_ok(c[k].type);

		CHECK_DBL(fixed_quantize(&t, c[k].x), c[k].want, "%s = %g\n",
			  c[k].type, c[k].x);
	}
}

/* ---- quantization: overflow modes -------------------------------------- */

struct ovf_case {
	const char *type;
	double x, want;
};

static const struct ovf_case ovf_cases[] = {
	/* UG1399 "Overflow Modes" examples with ap_[u]fixed<4,4,AP_RND,O>:
	 * signed range -8..7, unsigned 0..15 */
	{"ap_fixed<4,4,AP_RND,AP_SAT>", 19.0, 7.0},
	{"ap_fixed<4,4,AP_RND,AP_SAT>", -19.0, -8.0},
	{"ap_ufixed<4,4,AP_RND,AP_SAT>", 19.0, 15.0},
	{"ap_ufixed<4,4,AP_RND,AP_SAT>", -19.0, 0.0},
	{"ap_fixed<4,4,AP_RND,AP_SAT_ZERO>", 19.0, 0.0},
	{"ap_fixed<4,4,AP_RND,AP_SAT_ZERO>", -19.0, 0.0},
	{"ap_ufixed<4,4,AP_RND,AP_SAT_ZERO>", 19.0, 0.0},
	{"ap_ufixed<4,4,AP_RND,AP_SAT_ZERO>", -19.0, 0.0},
	{"ap_fixed<4,4,AP_RND,AP_SAT_SYM>", 19.0, 7.0},
	{"ap_fixed<4,4,AP_RND,AP_SAT_SYM>", -19.0, -7.0},
	{"ap_ufixed<4,4,AP_RND,AP_SAT_SYM>", 19.0, 15.0},
	{"ap_ufixed<4,4,AP_RND,AP_SAT_SYM>", -19.0, 0.0},
	/* WRAP: 31 = 11111b -> 1111b = -1; -19 = ...101101b -> 1101b = -3;
	 * unsigned 19 -> 0011b = 3; -19 -> 1101b = 13 */
	{"ap_fixed<4,4,AP_RND,AP_WRAP>", 31.0, -1.0},
	{"ap_fixed<4,4,AP_RND,AP_WRAP>", -19.0, -3.0},
	{"ap_ufixed<4,4,AP_RND,AP_WRAP>", 19.0, 3.0},
	{"ap_ufixed<4,4,AP_RND,AP_WRAP>", -19.0, 13.0},
	/* WRAP_SM: 19 = 10011b, low 0011b, deleted bit 4 = 1 differs from
	 * new MSB 0 -> invert: 1100b = -4. -19 = ...101101b, low 1101b,
	 * bit 4 = 0 differs from MSB 1 -> invert: 0010b = 2 */
	{"ap_fixed<4,4,AP_RND,AP_WRAP_SM>", 19.0, -4.0},
	{"ap_fixed<4,4,AP_RND,AP_WRAP_SM>", -19.0, 2.0},
	/* In range nothing changes, whatever the mode */
	{"ap_fixed<4,4,AP_RND,AP_SAT>", -8.0, -8.0},
	{"ap_fixed<4,4,AP_RND,AP_WRAP_SM>", 5.0, 5.0},
	{"ap_fixed<4,4,AP_RND,AP_SAT_ZERO>", 7.0, 7.0},
	/* SAT_SYM: q = -8 = -2^(W-1) also becomes -7 (TRN of -7.5 is -8) */
	{"ap_fixed<4,4,AP_TRN,AP_SAT_SYM>", -8.0, -7.0},
	{"ap_fixed<4,4,AP_TRN,AP_SAT_SYM>", -7.5, -7.0},
	{"ap_fixed<4,4,AP_TRN,AP_SAT>", -7.5, -8.0},
	/* Rounding that carries out of range: 7.5 RND -> 8 > 7 */
	{"ap_fixed<4,4,AP_RND,AP_SAT>", 7.5, 7.0},
	{"ap_fixed<4,4,AP_RND,AP_WRAP>", 7.5, -8.0},
	{"ap_ufixed<4,4,AP_RND,AP_SAT>", 15.5, 15.0},
	/* -0.25 rounds to 0 before the unsigned range check: no underflow;
	 * TRN gives -1 which underflows to 0 under SAT, wraps to 15 */
	{"ap_ufixed<4,4,AP_RND,AP_SAT>", -0.25, 0.0},
	{"ap_ufixed<4,4,AP_TRN,AP_WRAP>", -0.25, 15.0},
	/* WRAP with N = 1, signed: the MSB is forced to the sign.
	 * 19 -> 0011b, MSB 0 -> 3; 9 = 1001b -> 0001b = 1;
	 * -19 -> 1101b, MSB 1 -> -3; -9 -> 0111b -> 1111b = -1 */
	{"ap_fixed<4,4,AP_TRN,AP_WRAP,1>", 19.0, 3.0},
	{"ap_fixed<4,4,AP_TRN,AP_WRAP,1>", 9.0, 1.0},
	{"ap_fixed<4,4,AP_TRN,AP_WRAP,1>", -19.0, -3.0},
	{"ap_fixed<4,4,AP_TRN,AP_WRAP,1>", -9.0, -1.0},
	{"ap_fixed<4,4,AP_TRN,AP_WRAP,1>", -5.0, -5.0},
	/* N = 2: MSB = sign, bit 2 = !sign.
	 * 19 -> 0011b -> 0111b = 7; 9 -> 1001b -> 0101b = 5;
	 * -19 -> 1101b -> 1001b = -7; -9 -> 0111b -> 1011b = -5 */
	{"ap_fixed<4,4,AP_TRN,AP_WRAP,2>", 19.0, 7.0},
	{"ap_fixed<4,4,AP_TRN,AP_WRAP,2>", 9.0, 5.0},
	{"ap_fixed<4,4,AP_TRN,AP_WRAP,2>", -19.0, -7.0},
	{"ap_fixed<4,4,AP_TRN,AP_WRAP,2>", -9.0, -5.0},
	/* N = W saturates: 0111b = 7, 1000b = -8 */
	{"ap_fixed<4,4,AP_TRN,AP_WRAP,4>", 19.0, 7.0},
	{"ap_fixed<4,4,AP_TRN,AP_WRAP,4>", -19.0, -8.0},
	/* WRAP with N > 0, unsigned: the N MSBs are set to one.
	 * 19 -> 0011b -> 1011b = 11; 20 -> 0100b -> 1100b = 12;
	 * -3 -> 1101b stays 13; N = 2: 19 -> 1111b = 15, 17 -> 0001b ->
	 * 1101b = 13 */
	{"ap_ufixed<4,4,AP_TRN,AP_WRAP,1>", 19.0, 11.0},
	{"ap_ufixed<4,4,AP_TRN,AP_WRAP,1>", 20.0, 12.0},
	{"ap_ufixed<4,4,AP_TRN,AP_WRAP,1>", -3.0, 13.0},
	{"ap_ufixed<4,4,AP_TRN,AP_WRAP,2>", 19.0, 15.0},
	{"ap_ufixed<4,4,AP_TRN,AP_WRAP,2>", 17.0, 13.0},
	{"ap_ufixed<4,4,AP_TRN,AP_WRAP,2>", 9.0, 9.0},
	/* WRAP_SM, N = 0: 9 = 01001b, low 1001b, bit 4 = 0 != MSB 1 ->
	 * 0110b = 6; 16 = 10000b, low 0000b, bit 4 = 1 != 0 -> 1111b = -1;
	 * -9 = ...10111b, low 0111b, bit 4 = 1 != 0 -> 1000b = -8;
	 * -17 = ...101111b, low 1111b, bit 4 = 0 != 1 -> 0000b = 0 */
	{"ap_fixed<4,4,AP_TRN,AP_WRAP_SM>", 9.0, 6.0},
	{"ap_fixed<4,4,AP_TRN,AP_WRAP_SM>", 16.0, -1.0},
	{"ap_fixed<4,4,AP_TRN,AP_WRAP_SM>", -9.0, -8.0},
	{"ap_fixed<4,4,AP_TRN,AP_WRAP_SM>", -17.0, 0.0},
	/* The deleted bit is taken before rounding (ap_fixed_base(double)
	 * reads it from the mantissa): 15.5 RND -> q = 16 = 10000b, low
	 * 0000b, but floor 15 = 01111b has bit 4 = 0 = MSB -> stays 0;
	 * 7.5 RND -> q = 8 = 1000b, floor 7 bit 4 = 0 != 1 -> 0111b = 7 */
	{"ap_fixed<4,4,AP_RND,AP_WRAP_SM>", 15.5, 0.0},
	{"ap_fixed<4,4,AP_RND,AP_WRAP_SM>", 7.5, 7.0},
	/* WRAP_SM, N = 1: invert when the sign differs from the new MSB,
	 * then MSB = sign. 19 -> 0011b, MSB 0 = sign -> 3;
	 * 9 -> 1001b, 1 != 0 -> 0110b = 6; -9 -> 0111b, 0 != 1 -> 1000b,
	 * = -8; -19 -> 1101b, 1 = 1 -> -3 */
	{"ap_fixed<4,4,AP_TRN,AP_WRAP_SM,1>", 19.0, 3.0},
	{"ap_fixed<4,4,AP_TRN,AP_WRAP_SM,1>", 9.0, 6.0},
	{"ap_fixed<4,4,AP_TRN,AP_WRAP_SM,1>", -9.0, -8.0},
	{"ap_fixed<4,4,AP_TRN,AP_WRAP_SM,1>", -19.0, -3.0},
	/* WRAP_SM, N = 2: invert when bit W-N = 2 equals the sign, set bit
	 * 2 to !sign, MSB to sign. 19 -> 0011b, bit2 0 = 0 -> 1100b ->
	 * 0100b = 4; 9 -> 1001b -> 0110b = 6; -9 -> 0111b, bit2 1 = 1 ->
	 * 1000b = -8; -19 -> 1101b -> 0010b -> 1010b = -6 */
	{"ap_fixed<4,4,AP_TRN,AP_WRAP_SM,2>", 19.0, 4.0},
	{"ap_fixed<4,4,AP_TRN,AP_WRAP_SM,2>", 9.0, 6.0},
	{"ap_fixed<4,4,AP_TRN,AP_WRAP_SM,2>", -9.0, -8.0},
	{"ap_fixed<4,4,AP_TRN,AP_WRAP_SM,2>", -19.0, -6.0},
	/* fractional types: ap_fixed<8,3> (F = 5, range [-4, 3.96875]) */
	{"ap_fixed<8,3,AP_RND,AP_SAT>", 5.0, 3.96875},
	{"ap_fixed<8,3,AP_RND,AP_SAT>", -4.01, -4.0},
	/* 5 * 32 = 160 -> 160 - 256 = -96 -> -3 */
	{"ap_fixed<8,3>", 5.0, -3.0},
	/* UG1399 negative I: ap_fixed<2,0> a = -0.5 */
	{"ap_fixed<2,0>", -0.5, -0.5},
	/* I > W: ap_fixed<4,10> (step 64): 100 TRN -> 64; 500 -> 7 * 64
	 * under SAT; 600 = 9.375 LSB -> 9 -> 1001b = -7 -> -448 wrapped */
	{"ap_fixed<4,10>", 100.0, 64.0},
	{"ap_fixed<4,10,AP_RND,AP_SAT>", 500.0, 448.0},
	{"ap_fixed<4,10>", 600.0, -448.0},
};

static void test_overflow_modes(void **state)
{
	(void)state;
	for (size_t k = 0; k < sizeof(ovf_cases) / sizeof(ovf_cases[0]);
	     k++) {
		struct fixed_type t = parse_ok(ovf_cases[k].type);

		CHECK_DBL(fixed_quantize(&t, ovf_cases[k].x), ovf_cases[k].want,
			  "%s = %g\n", ovf_cases[k].type, ovf_cases[k].x);
	}
}

/* ap_int / ap_uint from a double: ap_int_base(double) truncates the
 * magnitude toward zero, negates, wraps mod 2^W. For -0.5 < x < 0 the
 * shift amount is >= 54, the library sets the word to -1 and then
 * negates it: the result is +1. */
static void test_int_types(void **state)
{
	static const struct ovf_case c[] = {
		{"ap_int<8>", 3.7, 3.0},
		{"ap_int<8>", -3.7, -3.0},	/* toward zero, not floor */
		{"ap_fixed<8,8>", -3.7, -4.0},	/* ap_fixed floors */
		{"ap_int<8>", 127.9, 127.0},
		{"ap_int<8>", 128.0, -128.0},	/* 128 - 256 */
		{"ap_int<8>", 300.5, 44.0},	/* 300 - 256 */
		{"ap_int<8>", -300.5, -44.0},	/* -300 + 256 */
		{"ap_int<8>", -0.5, 0.0},
		{"ap_int<8>", -0.7, 0.0},
		{"ap_int<8>", -0.3, 1.0},	/* library quirk */
		{"ap_int<8>", -1e-300, 1.0},	/* library quirk */
		{"ap_int<8>", 0.3, 0.0},
		{"ap_uint<8>", -1.0, 255.0},
		{"ap_uint<8>", 256.0, 0.0},
		{"ap_uint<8>", 255.9, 255.0},
		{"ap_uint<8>", -0.3, 1.0},	/* library quirk */
		{"ap_int<1>", 1.0, -1.0},	/* 1-bit: pattern 1 is -1 */
		{"ap_int<1>", 2.0, 0.0},
		/* 2^62 + 2^11 is a double; ap_int<64> keeps it */
		{"ap_int<64>", 4611686018427389952.0, 4611686018427389952.0},
		/* 2^63 wraps to -2^63 */
		{"ap_int<64>", 9223372036854775808.0, -9223372036854775808.0},
		/* 1e300 is a multiple of 2^944: nothing left in 64 bits */
		{"ap_int<64>", 1e300, 0.0},
		{"ap_int<8>", HUGE_VAL, 0.0},	/* read as 2^1024 */
	};

	(void)state;
	for (size_t k = 0; k < sizeof(c) / sizeof(c[0]); k++) {
		struct fixed_type t = parse_ok(c[k].type);

		CHECK_DBL(fixed_quantize(&t, c[k].x), c[k].want, "%s = %g\n",
			  c[k].type, c[k].x);
	}
}

/* NaN, zeros, infinities, huge and tiny values, wide words. */
static void test_special_values(void **state)
{
	struct fixed_type sat = parse_ok("ap_fixed<16,6,AP_RND,AP_SAT>");
	struct fixed_type wrap = parse_ok("ap_fixed<16,6>");
	struct fixed_type usat = parse_ok("ap_ufixed<16,6,AP_RND,AP_SAT>");
	struct fixed_type zero = parse_ok("ap_fixed<16,6,AP_RND,AP_SAT_ZERO>");
	struct fixed_type w64 = parse_ok("ap_fixed<64,64>");
	struct fixed_type u100 = parse_ok("ap_ufixed<100,100>");
	struct fixed_type f100 = parse_ok("ap_fixed<100,40>");
	struct fixed_type big = parse_ok("ap_fixed<1024,1024,AP_TRN,AP_SAT>");
	struct fixed_type sub = parse_ok("ap_ufixed<4,-1018,AP_RND_ZERO>");
	struct fixed_type u72 = parse_ok("ap_ufixed<72,40,AP_RND>");
	double tiny;

	(void)state;
	CHECK_DBL(fixed_quantize(&sat, NAN), 0.0, "nan\n");
	CHECK_DBL(fixed_quantize(&wrap, -NAN), 0.0, "-nan\n");
	CHECK_DBL(fixed_quantize(&sat, -0.0), 0.0, "-0\n");
	assert_false(signbit(fixed_quantize(&sat, -0.0)));
	/* infinities overflow like 2^1024: max 32 - 2^-10, min -32 */
	CHECK_DBL(fixed_quantize(&sat, HUGE_VAL), 31.9990234375, "inf sat\n");
	CHECK_DBL(fixed_quantize(&sat, -HUGE_VAL), -32.0, "-inf sat\n");
	CHECK_DBL(fixed_quantize(&usat, -HUGE_VAL), 0.0, "-inf usat\n");
	CHECK_DBL(fixed_quantize(&zero, HUGE_VAL), 0.0, "inf sat_zero\n");
	/* 2^1024 * 2^10 has no bit below 2^16: wraps to 0; same for 1e300
	 * (lowest set bit 2^944 * 2^10) and DBL_MAX */
	CHECK_DBL(fixed_quantize(&wrap, HUGE_VAL), 0.0, "inf wrap\n");
	CHECK_DBL(fixed_quantize(&wrap, 1e300), 0.0, "1e300 wrap\n");
	CHECK_DBL(fixed_quantize(&wrap, -DBL_MAX), 0.0, "-max wrap\n");
	CHECK_DBL(fixed_quantize(&sat, 1e300), 31.9990234375, "1e300 sat\n");
	CHECK_DBL(fixed_quantize(&sat, -1e300), -32.0, "-1e300 sat\n");
	/* smallest subnormal: far below half an LSB */
	tiny = ldexp(1.0, -1074);
	CHECK_DBL(fixed_quantize(&sat, tiny), 0.0, "tiny\n");
	CHECK_DBL(fixed_quantize(&wrap, -tiny), -0.0009765625, "-tiny trn\n");
	/* 2^63 wraps to -2^63 in 64 bits */
	CHECK_DBL(fixed_quantize(&w64, 9223372036854775808.0),
		  -9223372036854775808.0, "2^63 in <64,64>\n");
	/* -1 wraps to 2^100 - 1, nearest double 2^100 */
	CHECK_DBL(fixed_quantize(&u100, -1.0), ldexp(1.0, 100),
		  "-1 in ufixed<100,100>\n");
	/* exact with 60 fractional bits (the ulp of 3 is 2^-51) */
	CHECK_DBL(fixed_quantize(&f100, 1e10 + 0.125), 1e10 + 0.125,
		  "<100,40>\n");
	CHECK_DBL(fixed_quantize(&f100, -3.0000000000000004),
		  -3.0000000000000004, "<100,40> -3 - ulp\n");
	/* 1e300 < 2^1023 fits ap_fixed<1024,1024>; 1e308 > 2^1023 ~ 8.99e307
	 * saturates to 2^1023 - 1, nearest double 2^1023 */
	CHECK_DBL(fixed_quantize(&big, 1e300), 1e300, "1e300 in 1024\n");
	CHECK_DBL(fixed_quantize(&big, 1e308), ldexp(1.0, 1023),
		  "1e308 in 1024\n");
	CHECK_DBL(fixed_quantize(&big, -1e308), -ldexp(1.0, 1023),
		  "-1e308 in 1024\n");
	/* A 72-bit word rounded once to a double: ap_ufixed<72,40,AP_RND>
	 * (F = 32) = -15008.361511206416 = -8250933997718617 / 2^39;
	 * q = floor(x * 2^32 + 1/2) = -64460421857177; the word is
	 * 2^72 - 64460421857177 = 4722366418409223356519, over 2^32 that is
	 * 1099511612767.6385 once rounded (Python fractions, exact); bits
	 * below the top 64 decide the rounding here. */
	CHECK_DBL(fixed_quantize(&u72, -15008.361511206416),
		  1099511612767.6385, "72-bit word\n");
	/* Subnormal 2^-1023 is read by the library as 1.5 * 2^-1023;
	 * F = 1022 gives 0.75 LSB -> RND_ZERO rounds up to 1 LSB = 2^-1022.
	 * (The true value would be a tie, rounded to 0.) */
	CHECK_DBL(fixed_quantize(&sub, ldexp(1.0, -1023)), ldexp(1.0, -1022),
		  "subnormal\n");
}

/* ---- random comparison with a slow reference ----------------------- */

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint64_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static long rng_range(long lo, long hi)
{
	return lo + (long)(rng() % (uint64_t)(hi - lo + 1));
}

/* Bit b of the integer-valued v (two's complement, any sign). */
static int ld_bit(long double v, int b)
{
	long double m = floorl(ldexpl(v, -b));

	return (int)(m - 2.0L * floorl(m / 2.0L));
}

/* Independent model of an assignment for W <= 40, |x * 2^F| < 2^50,
 * written with long double and int64 arithmetic on values. */
static double reference(const struct fixed_type *t, double x)
{
	int w = t->width, f = t->width - t->integer, n = t->sat_bits;
	long double y, fl, fr, q;
	int64_t qi, lo, hi, mod = (int64_t)1 << w, p, top = 0;
	bool neg, out;

	if (isnan(x))
		return 0.0;
	if (t->is_int) {
		if (x < 0 && x > -0.5)
			q = 1;
		else
			q = truncl(x);
		qi = (int64_t)q;
		p = ((qi % mod) + mod) % mod;
		if (t->is_signed && p >= mod / 2)
			p -= mod;
		return (double)p;
	}
	y = ldexpl(x, f);
	fl = floorl(y);
	fr = y - fl;
	neg = x < 0;
	switch (t->round) {
	case FIXED_TRN: q = fl; break;
	case FIXED_TRN_ZERO: q = truncl(y); break;
	case FIXED_RND: q = fr >= 0.5L ? fl + 1 : fl; break;
	case FIXED_RND_ZERO:
		q = fr > 0.5L || (fr == 0.5L && neg) ? fl + 1 : fl; break;
	case FIXED_RND_MIN_INF: q = fr > 0.5L ? fl + 1 : fl; break;
	case FIXED_RND_INF:
		q = fr > 0.5L || (fr == 0.5L && !neg) ? fl + 1 : fl; break;
	default:
		q = fr > 0.5L || (fr == 0.5L && ld_bit(fl, 0)) ? fl + 1 : fl;
		break;
	}
	qi = (int64_t)q;
	lo = t->is_signed ? -mod / 2 : 0;
	hi = t->is_signed ? mod / 2 - 1 : mod - 1;
	p = ((qi % mod) + mod) % mod;	/* wrapped word, 0..2^W-1 */
	out = qi < lo || qi > hi;
	if (t->sat == FIXED_SAT_SYM && t->is_signed && w > 1)
		lo = -hi;
	if (t->is_signed)
		top = mod / 2;	/* weight of the MSB */
	neg = qi < 0;
	switch (t->sat) {
	case FIXED_SAT:
	case FIXED_SAT_SYM:
		p = qi < lo ? lo : qi > hi ? hi : qi;
		return ldexp((double)p, -f);
	case FIXED_SAT_ZERO:
		return out ? 0.0 : ldexp((double)qi, -f);
	case FIXED_WRAP:
		if (out && n > 0 && t->is_signed)
			p = p % (mod >> n) + (neg ? top : top - (mod >> n));
		else if (out && n > 0)
			p = p % (mod >> n) + (mod - (mod >> n));
		break;
	default: /* FIXED_WRAP_SM */
		if (!out)
			break;
		if (n == 0) {
			if (ld_bit(fl, w) != (p >= top))
				p = mod - 1 - p;
		} else if (n == 1) {
			if (neg != (p >= top))
				p = mod - 1 - p;
			p = p % top + (neg ? top : 0);
		} else {
			if (((p >> (w - n)) & 1) == neg)
				p = mod - 1 - p;
			p = p % (mod >> n) + (neg ? top : top - (mod >> n));
		}
		break;
	}
	if (t->is_signed && p >= top)
		p -= mod;
	return ldexp((double)p, -f);
}

static void test_random_vs_reference(void **state)
{
	(void)state;
	for (int it = 0; it < 200000; it++) {
		struct fixed_type t;
		int w = (int)rng_range(1, 40), f;
		double x, got, want;
		long k;

		t = fixed_make(w, (int)rng_range(-6, w + 6), rng() & 1);
		if (rng() % 8 == 0) {
			t.is_int = true;
			t.integer = w;
		} else {
			t.round = (enum fixed_round)rng_range(0, 6);
			t.sat = (enum fixed_sat)rng_range(0, 4);
			if (!t.is_signed && t.sat == FIXED_WRAP_SM)
				t.sat = FIXED_WRAP;
			t.sat_bits = rng() % 2 ? 0 : (int)rng_range(0, w);
		}
		f = t.width - t.integer;
		k = rng_range(-(1L << (w + 2)), 1L << (w + 2));
		switch (rng() % 4) {
		case 0:	/* exact multiple of the step */
			x = ldexp((double)k, -f);
			break;
		case 1:	/* a tie */
			x = ldexp((double)k + 0.5, -f);
			break;
		case 2:	/* anywhere */
			x = ldexp((double)k + (double)(rng() >> 11) * 0x1p-53,
				  -f);
			break;
		default:	/* small, around zero, also for ap_int */
			x = (double)(rng() >> 11) * 0x1p-50 - 4.0;
			break;
		}
		got = fixed_quantize(&t, x);
		want = reference(&t, x);
		if (!(got == want)) {
			char buf[FIXED_STR_MAX];

			fail_msg("%s = %.17g: got %.17g, reference %.17g",
				 fixed_format(&t, buf, sizeof(buf)), x, got,
				 want);
		}
		/* a representable value is kept (W <= 53 is exact) */
		if (!(fixed_quantize(&t, got) == got)) {
			char buf[FIXED_STR_MAX];

			fail_msg("%s not idempotent at %.17g",
				 fixed_format(&t, buf, sizeof(buf)), got);
		}
	}
}

/* Extreme inputs over extreme types stay in the representable range and
 * never produce NaN (run under UBSan by make check). */
static void test_extremes_in_range(void **state)
{
	static const int widths[] = {1, 2, 8, 53, 54, 64, 65, 200, 1024};
	static const int ints[] = {-8192, -1100, -50, 0, 1, 60, 1100, 8192};
	double xs[] = {HUGE_VAL, -HUGE_VAL, DBL_MAX, -DBL_MAX, 1e300, -1e300,
		       DBL_MIN, -DBL_MIN, ldexp(1.0, -1074), -ldexp(1.0, -1074),
		       0.5, -0.5, 1.0, -1.0, 12345.678, -12345.678};

	(void)state;
	for (size_t wi = 0; wi < sizeof(widths) / sizeof(widths[0]); wi++)
	for (size_t ii = 0; ii < sizeof(ints) / sizeof(ints[0]); ii++)
	for (int sg = 0; sg < 2; sg++)
	for (int q = 0; q < FIXED_ROUND_COUNT; q++)
	for (int o = 0; o < FIXED_SAT_COUNT; o++) {
		struct fixed_type t = fixed_make(widths[wi], ints[ii], sg);
		double lo, hi;

		if (!sg && o == FIXED_WRAP_SM)
			continue;
		t.round = (enum fixed_round)q;
		t.sat = (enum fixed_sat)o;
		t.sat_bits = (widths[wi] + 1) / 2;
		lo = sg ? -ldexp(1.0, t.integer - 1) : 0.0;
		hi = fixed_max(&t);
		for (size_t k = 0; k < sizeof(xs) / sizeof(xs[0]); k++) {
			double r = fixed_quantize(&t, xs[k]);

			if (isnan(r) || r < lo || r > hi) {
				char buf[FIXED_STR_MAX];

				fail_msg("%s = %g gave %g outside [%g, %g]",
					 fixed_format(&t, buf, sizeof(buf)),
					 xs[k], r, lo, hi);
			}
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_spellings),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_mode_names),
		cmocka_unit_test(test_make_and_equal),
		cmocka_unit_test(test_roundtrip_sweep),
		cmocka_unit_test(test_format_small_buffer),
		cmocka_unit_test(test_range),
		cmocka_unit_test(test_range_wide),
		cmocka_unit_test(test_round_modes),
		cmocka_unit_test(test_round_ug1399),
		cmocka_unit_test(test_overflow_modes),
		cmocka_unit_test(test_int_types),
		cmocka_unit_test(test_special_values),
		cmocka_unit_test(test_random_vs_reference),
		cmocka_unit_test(test_extremes_in_range),
	};

	return cmocka_run_group_tests_name("fixed", tests, NULL, NULL);
}
