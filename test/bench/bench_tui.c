/*
 * bench_tui.c - `make bench`: keystroke to redrawn frame in the app on a
 * 50-layer model: the action handled (app_handle: a reuse-factor step
 * with its design_set, re-estimate, marks and undo entry; or a cursor
 * move) and the whole frame drawn by the screens to an ncurses screen
 * made with newterm() on /dev/null (xterm-256color, UTF-8), at 80x24
 * and at 200x60. Median over ITER keystrokes after a warm-up, in
 * wall-clock time (CLOCK_MONOTONIC); the target is 16 ms (one frame at
 * 60 Hz).
 */
#include <curses.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/keras.h"
#include "core/xalloc.h"
#include "test/bench/benchlib.h"
#include "tui/app.h"
#include "tui/draw.h"
#include "tui/term.h"
#include "tui/tui.h"

#define ITER 501
#define TARGET_MS 16.0

/* A 50-layer MLP: input(32), 24 Dense(32, relu) with their relu split
 * off (48 layers), Dense(5). */
static char *mlp_json(void)
{
	size_t cap = 1 << 16, used = 0;
	char *s = xmalloc(cap);

	used += (size_t)snprintf(s + used, cap - used,
		"{\"class_name\":\"Sequential\",\"config\":{\"name\":\"mlp50\","
		"\"layers\":[{\"class_name\":\"InputLayer\",\"config\":{\"name\":"
		"\"in\",\"batch_input_shape\":[null,32]}}");
	for (int i = 0; i < 24; i++)
		used += (size_t)snprintf(s + used, cap - used,
			",{\"class_name\":\"Dense\",\"config\":{\"name\":"
			"\"dense%d\",\"units\":32,\"activation\":\"relu\"}}", i);
	snprintf(s + used, cap - used,
		 ",{\"class_name\":\"Dense\",\"config\":{\"name\":\"out\","
		 "\"units\":5}}]}}");
	return s;
}

/* Median milliseconds of one keystroke: action, layout, frame. */
static double keystrokes(struct app *a, const enum action *acts, int n)
{
	static double t[ITER];

	for (int i = 0; i < ITER + 20; i++) {
		double t0 = now_us();

		app_handle(a, acts[i % n]);
		tui_layout(a, LINES);
		draw_frame(a);
		if (i >= 20)
			t[i - 20] = (now_us() - t0) / 1e3;
	}
	return bench_median(t, ITER);
}

static void bench_size(struct app *a, int cols, int lines)
{
	static const enum action knob[] = { DO_RF_UP, DO_RF_DOWN };
	static const enum action move[] = { DO_DOWN, DO_DOWN, DO_DOWN,
		DO_UP, DO_UP, DO_UP };
	char label[64];
	double k, m;

	resizeterm(lines, cols);
	a->screen = SCREEN_LAYERS;
	a->cursor[SCREEN_LAYERS] = 25;		/* dense12, 32x32: RF 1 <-> 2 */
	k = keystrokes(a, knob, 2);
	a->cursor[SCREEN_LAYERS] = 20;
	m = keystrokes(a, move, 6);
	snprintf(label, sizeof(label), "keystroke to frame, %dx%d, RF step", cols,
		 lines);
	printf("%-40s %8.3f ms  (50 layers, target %.0f ms)\n", label, k,
	       TARGET_MS);
	snprintf(label, sizeof(label), "keystroke to frame, %dx%d, cursor", cols,
		 lines);
	printf("%-40s %8.3f ms\n", label, m);
}

int main(void)
{
	struct model m;
	struct design d;
	struct app a;
	struct error err;
	char *json = mlp_json();
	FILE *out = fopen("/dev/null", "w"), *in = fopen("/dev/null", "r");

	if (!setlocale(LC_ALL, "C.UTF-8"))
		setlocale(LC_ALL, "");
	setlocale(LC_NUMERIC, "C");
	model_init(&m);
	design_init(&d);
	if (!out || !in) {
		fprintf(stderr, "bench_tui: unable to open /dev/null\n");
		return 1;
	}
	if (keras_parse_json(&m, json, strlen(json), "mlp50", &err) < 0 ||
	    app_open_memory(&a, &m, &d, &err) < 0 ||
	    tui_term_start_file("xterm-256color", out, in, &err) < 0) {
		fprintf(stderr, "bench_tui: %s\n", err.msg);
		return 1;
	}
	bench_size(&a, 80, 24);
	bench_size(&a, 200, 60);
	tui_term_stop();
	app_close(&a);
	free(json);
	fclose(out);
	fclose(in);
	return 0;
}
