/*
 * tui_draw_test.c - the screens drawn into a real ncurses screen made
 * with newterm() on /dev/null and read back with mvinnstr (tig's
 * save-display idea): the frame at 80x24 and 200x60, the layer table's
 * columns and figures against the estimate, the marks after a change,
 * the too-small screen, ASCII glyphs outside UTF-8, monochrome under
 * NO_COLOR; and the layout arithmetic and number formatting alone.
 * The model is examples/jet_tagger.json (make examples), opened in
 * memory.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <curses.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/keras.h"
#include "tui/app.h"
#include "tui/draw.h"
#include "tui/term.h"
#include "tui/tui.h"

struct fix {
	struct app a;
	FILE *out, *in;
};

static int start(void **state, const char *locale)
{
	struct fix *f = calloc(1, sizeof(*f));
	struct model m;
	struct design d;
	struct error err;

	setlocale(LC_ALL, locale);
	model_init(&m);
	design_init(&d);
	f->out = fopen("/dev/null", "w");
	f->in = fopen("/dev/null", "r");
	if (keras_load(&m, "examples/jet_tagger.json", NULL, &err) < 0 ||
	    app_open_memory(&f->a, &m, &d, &err) < 0 ||
	    tui_term_start_file("xterm-256color", f->out, f->in, &err) < 0) {
		print_error("%s\n", err.msg);
		return -1;
	}
	resizeterm(24, 80);
	*state = f;
	return 0;
}

static int setup_utf8(void **state)
{
	unsetenv("NO_COLOR");
	return start(state, "C.UTF-8");
}

static int setup_ascii_mono(void **state)
{
	setenv("NO_COLOR", "1", 1);
	return start(state, "C");
}

static int teardown(void **state)
{
	struct fix *f = *state;

	tui_term_stop();
	app_close(&f->a);
	fclose(f->out);
	fclose(f->in);
	free(f);
	unsetenv("NO_COLOR");
	setlocale(LC_ALL, "C");
	return 0;
}

static void frame(struct app *a)
{
	tui_layout(a, LINES);
	draw_frame(a);
}

/* Line y of the screen as UTF-8 text (trailing blanks dropped). */
static char *line(int y, char *buf, int n)
{
	int len;

	mvinnstr(y, 0, buf, n - 1);
	len = (int)strlen(buf);
	while (len > 0 && buf[len - 1] == ' ')
		buf[--len] = 0;
	return buf;
}

/* The row of the screen that starts with prefix, or -1. */
static int row_of(const char *prefix)
{
	char buf[1024];

	for (int y = 0; y < LINES; y++)
		if (strncmp(line(y, buf, sizeof(buf)), prefix,
			    strlen(prefix)) == 0)
			return y;
	return -1;
}

static void test_layout_arithmetic(void **state)
{
	char b[32];

	(void)state;
	/* layers: title, 3 header lines, column heads, totals, detail,
	 * job line, status, F-keys: 24 - 10 = 14 rows */
	assert_int_equal(draw_page(SCREEN_LAYERS, 24), 14);
	assert_int_equal(draw_page(SCREEN_LAYERS, 60), 50);
	assert_int_equal(draw_page(SCREEN_JOBS, 24), 9);
	assert_int_equal(draw_page(SCREEN_LAYERS, 5), 1);
	assert_int_equal(draw_top(0, 3, 10, 50), 0);
	assert_int_equal(draw_top(0, 12, 10, 50), 3);
	assert_int_equal(draw_top(20, 12, 10, 50), 12);
	assert_int_equal(draw_top(45, 49, 10, 50), 40);
	assert_int_equal(draw_top(5, 2, 10, 4), 0);
	assert_string_equal(draw_num(12345, true, 5, b, sizeof(b)), "12345");
	assert_string_equal(draw_num(12345, true, 4, b, sizeof(b)), "12k");
	assert_string_equal(draw_num(89051, true, 4, b, sizeof(b)), "89k");
	assert_string_equal(draw_num(1728000, true, 6, b, sizeof(b)), "1.7M");
	assert_string_equal(draw_num(0.5, true, 6, b, sizeof(b)), "0.5");
	assert_string_equal(draw_num(456.3, true, 6, b, sizeof(b)), "456");
	assert_string_equal(draw_num(0, false, 6, b, sizeof(b)), "-");
}

/* The 80x24 frame: title, the table with every layer, fc1's DSP and the
 * total as the estimate has them, the F-key bar on the last line. */
static void test_frame_80x24(void **state)
{
	struct fix *f = *state;
	struct app *a = &f->a;
	char buf[1024], want[64];
	int y;

	frame(a);
	assert_non_null(strstr(line(0, buf, sizeof(buf)), "hlsdse  jet_tagger"));
	assert_non_null(strstr(line(23, buf, sizeof(buf)), "F1Help"));
	assert_non_null(strstr(buf, "F10Quit"));
	assert_true(row_of("output_softmax") > 4);
	y = row_of("fc1 ");
	assert_true(y > 4);
	snprintf(want, sizeof(want), " %.0f ", a->e.layers[1].dsp);
	assert_non_null(strstr(line(y, buf, sizeof(buf)), want));
	y = row_of("total");
	snprintf(want, sizeof(want), " %.0f ", a->e.total.dsp);
	assert_non_null(strstr(line(y, buf, sizeof(buf)), want));
	/* narrow: no precision columns */
	assert_null(strstr(line(4, buf, sizeof(buf)), "partition"));
	assert_non_null(strstr(buf, "DSP"));
}

static void test_frame_200x60(void **state)
{
	struct fix *f = *state;
	char buf[1024];

	resizeterm(60, 200);
	frame(&f->a);
	assert_int_equal(COLS, 200);
	assert_non_null(strstr(line(4, buf, sizeof(buf)), "partition"));
	assert_non_null(strstr(buf, "accum"));
	assert_non_null(strstr(buf, "kind"));
	assert_non_null(strstr(line(59, buf, sizeof(buf)), "F10Quit"));
	assert_non_null(strstr(line(row_of("fc1_relu"), buf, sizeof(buf)),
			       "Activation"));
	resizeterm(24, 80);
}

/* After RF 1 -> 2 on fc1 its DSP and the total carry the down glyph. */
static void test_marks_drawn(void **state)
{
	struct fix *f = *state;
	struct app *a = &f->a;
	char buf[1024], want[64];

	app_handle(a, DO_DOWN);
	app_handle(a, DO_RF_UP);
	frame(a);
	snprintf(want, sizeof(want), "%.0f\u25bc", a->e.layers[1].dsp);
	assert_non_null(strstr(line(row_of("fc1 "), buf, sizeof(buf)), want));
	snprintf(want, sizeof(want), "%.0f\u25bc", a->e.total.dsp);
	assert_non_null(strstr(line(row_of("total"), buf, sizeof(buf)), want));
	assert_null(strstr(line(row_of("fc2 "), buf, sizeof(buf)), "\u25bc"));
	assert_non_null(strstr(line(22, buf, sizeof(buf)),
			       "fc1.reuse_factor=2"));
}

static void test_every_screen_draws(void **state)
{
	static const enum action go[] = { DO_SCREEN_RUNS, DO_SCREEN_JOBS,
		DO_SCREEN_DESIGNS, DO_HELP };
	struct fix *f = *state;
	char buf[1024];

	for (size_t i = 0; i < sizeof(go) / sizeof(go[0]); i++) {
		app_handle(&f->a, go[i]);
		frame(&f->a);
		assert_non_null(strstr(line(0, buf, sizeof(buf)), "hlsdse"));
	}
	assert_true(row_of("  ?, F1") > 0);	/* help from the key table */
	app_handle(&f->a, DO_BACK);
	app_handle(&f->a, DO_SCREEN_LAYERS);
	app_handle(&f->a, DO_EDIT_PREC);
	frame(&f->a);
	assert_true(row_of("input_1") > 0);
	app_handle(&f->a, DO_BACK);
}

static void test_too_small(void **state)
{
	struct fix *f = *state;
	char buf[1024];

	resizeterm(10, 40);
	frame(&f->a);
	assert_non_null(strstr(line(4, buf, sizeof(buf)), "terminal too small"));
	resizeterm(24, 80);
}

/* Outside UTF-8 the bars and marks are ASCII; NO_COLOR gives attributes
 * without colour pairs. */
static void test_ascii_and_mono(void **state)
{
	struct fix *f = *state;
	char buf[1024];

	assert_false(tui_utf8());
	assert_string_equal(tui_glyphs()->down, "v");
	assert_int_equal(tui_attr(TR_TITLE), (int)A_REVERSE);
	assert_int_equal(tui_attr(TR_OK), 0);
	app_handle(&f->a, DO_DOWN);
	app_handle(&f->a, DO_RF_UP);
	frame(&f->a);
	assert_non_null(strstr(line(2, buf, sizeof(buf)), "DSP  ##"));
	assert_non_null(strstr(line(row_of("fc1 "), buf, sizeof(buf)), "v "));
	assert_int_equal(mvinch(0, 1) & A_COLOR, 0);
	assert_true(mvinch(0, 1) & A_REVERSE);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup_utf8, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layout_arithmetic),
		T(test_frame_80x24),
		T(test_frame_200x60),
		T(test_marks_drawn),
		T(test_every_screen_draws),
		T(test_too_small),
		cmocka_unit_test_setup_teardown(test_ascii_and_mono,
						setup_ascii_mono, teardown),
	};

	return cmocka_run_group_tests_name("tui_draw", tests, NULL, NULL);
}
