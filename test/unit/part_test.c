/*
 * part_test.c - the FPGA part catalog: every built-in example string
 * resolves to its device, case-insensitively; near misses are rejected
 * with the nearest devices named; the capacities HLS reports for
 * xcvu13p, xcu250 and xc7z020 (hls4ml.md section 7 and the
 * AvailableResources columns of ../shared/groundtruth) are exact; user
 * files add and replace devices, and malformed ones fail with messages
 * naming the entry and key.
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

#include "core/fileio.h"
#include "core/xalloc.h"
#include "estimators/part.h"

/* The brief's list of devices that must be built in. */
static const char *const required[] = {
	"xc7z020", "xc7z007s", "xc7a35t", "xc7a100t", "xc7k325t", "xczu3eg",
	"xczu7ev", "xczu9eg", "xck26", "xcku035", "xcku115", "xcvu9p",
	"xcvu13p", "xcu50", "xcu55c", "xcu200", "xcu250", "xcu280",
	"xcvc1902"
};

/* Looks s up; fails the test when it is not device. */
static void expect_device(const char *s, const char *device)
{
	struct error err = { "" };
	struct part p;

	if (part_lookup(s, &p, &err) < 0)
		fail_msg("'%s': %s", s, err.msg);
	assert_string_equal(p.device, device);
}

/* Looks s up; fails the test unless the error is exactly msg. */
static void expect_reject(const char *s, const char *msg)
{
	struct error err = { "" };
	struct part p;

	assert_int_equal(part_lookup(s, &p, &err), -1);
	assert_string_equal(err.msg, msg);
}

static void test_required_devices(void **state)
{
	(void)state;
	assert_int_equal(part_count(), 19);
	for (size_t i = 0; i < sizeof(required) / sizeof(required[0]); i++) {
		assert_non_null(part_at((int)i));
		expect_device(required[i], required[i]);
	}
	assert_null(part_at(19));
	assert_null(part_at(-1));
}

/* Every example string resolves to its own row; the example strings the
 * brief quotes (hls4ml's supported_boards.json among them) too. */
static void test_examples(void **state)
{
	(void)state;
	for (int i = 0; i < part_count(); i++)
		expect_device(part_at(i)->example, part_at(i)->device);
	expect_device("xc7z020clg400-1", "xc7z020");
	expect_device("xcvu13p-flga2577-2-e", "xcvu13p");
	expect_device("xcu250-figd2104-2L-e", "xcu250");
	expect_device("xcku115-flvb2104-2-i", "xcku115");
	expect_device("xczu9eg-ffvb1156-2-e", "xczu9eg");
	expect_device("xck26-sfvc784-2LV-c", "xck26");
	expect_device("xcu50-fsvh2104-2-e", "xcu50");
	expect_device("xcu280-fsvh2892-2L-e", "xcu280");
	expect_device("xcu200-fsgd2104-2-e", "xcu200");
	expect_device("xcvc1902-vsva2197-2MP-e", "xcvc1902");
	expect_device("xc7a35ticsg324-1L", "xc7a35t");	/* Arty A7 */
	expect_device("xczu3eg", "xczu3eg");		/* bare device */
}

static void test_case_insensitive(void **state)
{
	(void)state;
	expect_device("XCVU13P-FLGA2577-2-E", "xcvu13p");
	expect_device("XC7Z020CLG400-1", "xc7z020");
	expect_device("Xcu250-Figd2104-2l-E", "xcu250");
}

/* Rejections. Distances (Levenshtein on the text before the first '-',
 * or that text cut to the device's length): xcvu14p -> xcvu13p 1,
 * xcvu9p 2 (9/1, p/4), every other device >= 3; xcvu13 -> xcvu13p 1,
 * xcvu9p 2. */
static void test_rejections(void **state)
{
	(void)state;
	expect_reject("xcvu14p-flga2577-2-e", "unknown part "
		      "'xcvu14p-flga2577-2-e'; nearest known: xcvu13p, xcvu9p");
	expect_reject("xcvu13", "unknown part 'xcvu13'; nearest known: "
		      "xcvu13p, xcvu9p");
	/* the character after the device must start a package code */
	expect_reject("xcvu13pp", "unknown part 'xcvu13pp'; nearest known: "
		      "xcvu13p");
	/* "xcvu13p2" cut to 6 leaves "p2", a package-like code, and
	 * "xcvu13" is 2 from xcvu9p: within one of the best (1) */
	expect_reject("xcvu13p2-flga2577", "unknown part 'xcvu13p2-flga2577'; "
		      "nearest known: xcvu13p, xcvu9p");
	/* "clg" and "lg" are no package codes (no digits), so no cut:
	 * "xc7z020clg" is 3 from xc7z020 (delete c, l, g) and 4 from
	 * xc7z007s (delete 2, c/7, l/s, delete g) */
	expect_reject("xc7z020clg", "unknown part 'xc7z020clg'; nearest "
		      "known: xc7z020, xc7z007s");
	/* "xc7z010" is one edit from xc7z020 (1/2); cut to 8 characters,
	 * "xc7z010c" is three from xc7z007s (1/0, 0/7, c/s); the cut to 5
	 * for xcu50 ("xc7z0") does not count, "10clg400" being no package
	 * code, and whole "xc7z010clg400" is 8 or more from the rest */
	expect_reject("xc7z010clg400-1", "unknown part 'xc7z010clg400-1'; "
		      "nearest known: xc7z020");
}

/* hls4ml.md section 7 and the groundtruth's avail_* columns. */
static void test_anchors(void **state)
{
	struct error err;
	struct part p;

	(void)state;
	assert_int_equal(part_lookup("xcvu13p-flga2577-2-e", &p, &err), 0);
	assert_int_equal(p.bram18, 5376);
	assert_int_equal(p.dsp, 12288);
	assert_int_equal(p.ff, 3456000);
	assert_int_equal(p.lut, 1728000);
	assert_int_equal(p.uram, 1280);
	assert_string_equal(p.family, "virtexuplus");
	assert_int_equal(part_lookup("xcu250-figd2104-2L-e", &p, &err), 0);
	assert_int_equal(p.bram18, 5376);
	assert_int_equal(p.dsp, 12288);
	assert_int_equal(p.ff, 3456000);
	assert_int_equal(p.lut, 1728000);
	assert_int_equal(p.uram, 1280);
	assert_int_equal(part_lookup("xc7z020clg400-1", &p, &err), 0);
	assert_int_equal(p.bram18, 280);
	assert_int_equal(p.dsp, 220);
	assert_int_equal(p.ff, 106400);
	assert_int_equal(p.lut, 53200);
	assert_int_equal(p.uram, 0);
	assert_string_equal(p.family, "zynq7");
}

/* BRAM18 is 2 x the 36 Kb block count; FF is 2 x LUT on every family in
 * the table (16 flip-flops per 8-LUT CLB, 64 per 32-LUT Versal CLB); the
 * DSP primitive follows the family (estimators.md section 5). */
static void test_geometry_and_kinds(void **state)
{
	static const struct {
		const char *family;
		enum dsp_kind kind;
	} kinds[] = {
		{ "zynq7", DSP48E1 }, { "artix7", DSP48E1 },
		{ "kintex7", DSP48E1 }, { "kintexu", DSP48E2 },
		{ "zynquplus", DSP48E2 }, { "virtexuplus", DSP48E2 },
		{ "virtexuplushbm", DSP48E2 }, { "versal", DSP58 },
	};

	(void)state;
	for (int i = 0; i < part_count(); i++) {
		const struct part *p = part_at(i);
		size_t k = 0;

		assert_int_equal(p->bram18 % 2, 0);
		assert_true(p->bram18 > 0 && p->dsp > 0 && p->lut > 0);
		assert_int_equal(p->ff, 2 * p->lut);
		while (k < sizeof(kinds) / sizeof(kinds[0]) &&
		       strcmp(kinds[k].family, p->family))
			k++;
		if (k == sizeof(kinds) / sizeof(kinds[0]))
			fail_msg("%s: unexpected family '%s'", p->device,
				 p->family);
		assert_int_equal(p->dsp_kind, kinds[k].kind);
	}
	assert_string_equal(dsp_kind_name(DSP48E1), "DSP48E1");
	assert_string_equal(dsp_kind_name(DSP48E2), "DSP48E2");
	assert_string_equal(dsp_kind_name(DSP58), "DSP58");
}

/* Writes text to a fresh file under /tmp; returns its path (free it). */
static char *write_tmp(const char *text)
{
	char *path = xstrdup("/tmp/part_test.XXXXXX");
	int fd = mkstemp(path);
	struct error err;

	assert_true(fd >= 0);
	close(fd);
	if (fileio_write_atomic(path, text, strlen(text), &err) < 0)
		fail_msg("%s", err.msg);
	return path;
}

#define ENTRY(dev, ex, extra) \
	"{\"device\": \"" dev "\", \"family\": \"virtexuplus\", " \
	"\"example\": \"" ex "\", \"dsp_kind\": \"DSP48E2\", " \
	"\"lut\": 10, \"ff\": 20, \"dsp\": 3, \"bram18\": 4, \"uram\": 1" \
	extra "}"

static void test_user_file(void **state)
{
	char *path = write_tmp("[" ENTRY("xcvu13p", "xcvu13p-flga2577-2-e", "")
			       ", " ENTRY("xcmy1", "xcmy1-abc123-1", "") "]");
	struct error err;
	struct part p;

	(void)state;
	if (part_catalog_load(path, &err) < 0)
		fail_msg("%s", err.msg);
	assert_int_equal(part_count(), 20);
	/* the replacement keeps its place, the new device comes last */
	assert_string_equal(part_at(12)->device, "xcvu13p");
	assert_int_equal(part_at(12)->lut, 10);
	assert_string_equal(part_at(19)->device, "xcmy1");
	assert_int_equal(part_lookup("xcvu13p-flga2577-2-e", &p, &err), 0);
	assert_int_equal(p.lut, 10);
	assert_int_equal(p.uram, 1);
	assert_int_equal(part_lookup("XCMY1-abc123-1", &p, &err), 0);
	assert_string_equal(p.device, "xcmy1");
	assert_int_equal(p.dsp_kind, DSP48E2);
	part_catalog_release();
	assert_int_equal(part_count(), 19);
	assert_int_equal(part_lookup("xcvu13p", &p, &err), 0);
	assert_int_equal(p.lut, 1728000);
	unlink(path);
	free(path);
	/* a missing file is no error and adds nothing */
	assert_int_equal(part_catalog_load("/nonexistent/parts.json", &err), 0);
	assert_int_equal(part_count(), 19);
}

/* Each malformed file fails with its exact message and adds nothing,
 * even when earlier entries were valid. */
static void test_malformed(void **state)
{
	static const struct {
		const char *text, *msg;
	} cases[] = {
		{ "{}", "expected a list of parts, got an object" },
		{ "[1]", "[0]: expected an object, got 1" },
		{ "[" ENTRY("xcok", "xcok", "") ", {\"device\": \"xcx\"}]",
		  "[1]: missing key 'family'" },
		{ "[" ENTRY("xcok", "xcok", ", \"lut\": 5") "]",
		  "[0]: duplicate key 'lut'" },
		{ "[" ENTRY("xcok", "xcok", ", \"LUT\": 5") "]",
		  "[0]: unknown key 'LUT'" },
		{ "[{\"device\": 7}]",
		  "[0].device: expected a non-empty string, got 7" },
		{ "[{\"device\": \"xc-1\"}]",
		  "[0].device: expected letters and digits only, got \"xc-1\"" },
		{ "[{\"device\": \"xca\", \"family\": \"f\", \"example\": "
		  "\"xca\", \"dsp_kind\": \"DSP48\"}]",
		  "[0].dsp_kind: expected \"DSP48E1\", \"DSP48E2\" or "
		  "\"DSP58\", got \"DSP48\"" },
		{ "[{\"device\": \"xca\", \"family\": \"f\", \"example\": "
		  "\"xca\", \"dsp_kind\": \"DSP58\", \"lut\": \"53200\"}]",
		  "[0].lut: expected a non-negative integer, got \"53200\"" },
		{ "[{\"device\": \"xca\", \"family\": \"f\", \"example\": "
		  "\"xca\", \"dsp_kind\": \"DSP58\", \"lut\": 1, \"ff\": -2}]",
		  "[0].ff: expected a non-negative integer, got -2" },
		{ "[{\"device\": \"xca\", \"family\": \"f\", \"example\": "
		  "\"xca\", \"dsp_kind\": \"DSP58\", \"lut\": 1, \"ff\": 2, "
		  "\"dsp\": 1.5}]",
		  "[0].dsp: expected a non-negative integer, got 1.5" },
		{ "[{\"device\": \"xca\", \"family\": \"f\", \"example\": "
		  "\"xca\", \"dsp_kind\": \"DSP58\", \"lut\": 1, \"ff\": 2, "
		  "\"dsp\": 1, \"bram18\": 2}]", "[0]: missing key 'uram'" },
		{ "[" ENTRY("xcok", "xcother-a1", "") "]",
		  "[0].example: 'xcother-a1' is not a part string of device "
		  "'xcok'" },
	};
	struct error err;
	char want[ERROR_MSG_MAX];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *path = write_tmp(cases[i].text);

		assert_int_equal(part_catalog_load(path, &err), -1);
		snprintf(want, sizeof(want), "%s: %s", path, cases[i].msg);
		assert_string_equal(err.msg, want);
		assert_int_equal(part_count(), 19);
		unlink(path);
		free(path);
	}
}

static void test_syntax_error(void **state)
{
	char *path = write_tmp("[\n  {\"device\": }\n]\n");
	struct error err;
	char want[ERROR_MSG_MAX];

	(void)state;
	assert_int_equal(part_catalog_load(path, &err), -1);
	/* cJSON stops at the '}' of line 2: "  {"device": }" puts it in
	 * column 14 (2 spaces, '{', 8 for "device", ':', ' ') */
	snprintf(want, sizeof(want), "%s:2:14: invalid JSON", path);
	assert_string_equal(err.msg, want);
	unlink(path);
	free(path);
}

/* $XDG_CONFIG_HOME/hlsdse/parts.json is read; absent is fine. */
static void test_load_user(void **state)
{
	char dir[] = "/tmp/part_test_xdg.XXXXXX", *sub, *file;
	struct error err;
	struct part p;

	(void)state;
	assert_non_null(mkdtemp(dir));
	assert_int_equal(setenv("XDG_CONFIG_HOME", dir, 1), 0);
	assert_int_equal(part_catalog_load_user(&err), 0);
	assert_int_equal(part_count(), 19);
	sub = xasprintf("%s/hlsdse", dir);
	assert_int_equal(mkdir(sub, 0700), 0);
	file = xasprintf("%s/parts.json", sub);
	if (fileio_write_atomic(file, "[" ENTRY("xcmy2", "xcmy2-x1", "") "]",
				strlen("[" ENTRY("xcmy2", "xcmy2-x1", "") "]"),
				&err) < 0)
		fail_msg("%s", err.msg);
	if (part_catalog_load_user(&err) < 0)
		fail_msg("%s", err.msg);
	assert_int_equal(part_count(), 20);
	assert_int_equal(part_lookup("xcmy2-x1", &p, &err), 0);
	assert_int_equal(p.bram18, 4);
	part_catalog_release();
	unlink(file);
	rmdir(sub);
	rmdir(dir);
	free(file);
	free(sub);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_required_devices),
		cmocka_unit_test(test_examples),
		cmocka_unit_test(test_case_insensitive),
		cmocka_unit_test(test_rejections),
		cmocka_unit_test(test_anchors),
		cmocka_unit_test(test_geometry_and_kinds),
		cmocka_unit_test(test_user_file),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_syntax_error),
		cmocka_unit_test(test_load_user),
	};

	return cmocka_run_group_tests_name("part", tests, NULL, NULL);
}
