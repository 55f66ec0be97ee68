/*
 * rtl_conv.c - Verilog of Conv1D/Conv2D and max pooling (rtlplan.h).
 * A convolution gathers each output pixel's window (channels last, zero
 * where it hangs over the input) into a register, one pixel every RF
 * cycles, feeds it to a Dense core (rtl_dense.c, weights in kernel
 * order [kh][kw][c][f]) and shifts each pixel's results into a collect
 * register; after the last pixel all of them move to the output at once,
 * so the next layer has them for a whole II. Max pooling compares each
 * output's window in a tree and registers the converted maximum.
 */
#include <stdbool.h>
#include <stdlib.h>

#include "backends/rtl.h"
#include "core/xalloc.h"

/* The input index of window element (ky, kx, ch) of pixel p, or -1
 * where the window is over the padding. */
static long window_index(const struct rtlplan_layer *pl, long p, int ky,
			 int kx, int ch)
{
	long oy = p / pl->ow, ox = p % pl->ow;
	long iy = oy * pl->sh + ky - pl->pad_t, ix = ox * pl->sw + kx - pl->pad_l;

	if (iy < 0 || iy >= pl->ih || ix < 0 || ix >= pl->iw)
		return -1;
	return (iy * pl->iw + ix) * pl->c + ch;
}

/* Pixel and slice counters; load is high in the first cycle of each
 * pixel's slot, pcc its pixel. */
static void emit_conv_control(FILE *f, const struct rtlplan_layer *pl)
{
	int pb = rtlplan_counter_bits(pl->pixels), rb = rtlplan_counter_bits(pl->rf);

	fprintf(f, "\treg busy;\n\treg [%d:0] pc;\n\treg [%d:0] rc;\n"
		"\twire act = start | busy;\n"
		"\twire [%d:0] pcc = start ? %d'd0 : pc;\n"
		"\twire [%d:0] rcc = start ? %d'd0 : rc;\n"
		"\twire slot_end = rcc == %d'd%ld;\n"
		"\twire load = act && rcc == %d'd0;\n"
		"\talways @(posedge clk)\n\t\tif (rst)\n\t\t\tbusy <= 1'b0;\n"
		"\t\telse if (act) begin\n"
		"\t\t\tbusy <= !(slot_end && pcc == %d'd%ld);\n"
		"\t\t\trc <= slot_end ? %d'd0 : rcc + 1'b1;\n"
		"\t\t\tpc <= slot_end ? pcc + 1'b1 : pcc;\n\t\tend\n",
		pb - 1, rb - 1, pb - 1, pb, rb - 1, rb, rb, pl->rf - 1, rb, pb,
		pl->pixels - 1, rb);
}

/* The window register, loaded from a case over the pixel. */
static void emit_gather(FILE *f, const struct rtlplan_layer *pl)
{
	int wx = pl->in_t.width;
	long nw = pl->n_in;

	fprintf(f, "\treg [%ld:0] win;\n\treg cstart;\n"
		"\talways @(posedge clk) begin\n"
		"\t\tcstart <= !rst && load;\n"
		"\t\tif (load)\n\t\t\tcase (pcc)\n", nw * wx - 1);
	for (long p = 0; p < pl->pixels; p++) {
		fprintf(f, "\t\t\t%ld: win <= {", p);
		/* most significant element first: element nw-1 ... 0 */
		for (long e = nw - 1; e >= 0; e--) {
			int ch = (int)(e % pl->c);
			int kx = (int)(e / pl->c % pl->kw);
			int ky = (int)(e / pl->c / pl->kw);
			long i = window_index(pl, p, ky, kx, ch);

			if (i < 0)
				fprintf(f, "%d'd0", wx);
			else
				fprintf(f, "x[%ld +: %d]", i * wx, wx);
			fprintf(f, "%s", e ? ", " : "};\n");
		}
	}
	fprintf(f, "\t\t\tdefault: win <= %ld'd0;\n\t\t\tendcase\n\tend\n",
		nw * wx);
}

/* The collect register: each pixel's results shifted in as the core
 * delivers them; after the last pixel all go to y and done is raised. */
static void emit_collect(FILE *f, const struct rtlplan_layer *pl)
{
	long px = pl->f * (long)pl->out_t.width, p = pl->pixels;
	int pb = rtlplan_counter_bits(p);

	fprintf(f, "\twire cdone;\n\twire [%ld:0] cy;\n"
		"\treg [%d:0] cc;\n", px - 1, pb - 1);
	if (p > 1)
		fprintf(f, "\treg [%ld:0] col;\n", (p - 1) * px - 1);
	fprintf(f, "\talways @(posedge clk) begin\n"
		"\t\tdone <= !rst && cdone && cc == %d'd%ld;\n"
		"\t\tif (rst)\n\t\t\tcc <= %d'd0;\n"
		"\t\telse if (cdone)\n"
		"\t\t\tcc <= cc == %d'd%ld ? %d'd0 : cc + 1'b1;\n",
		pb, p - 1, pb, pb, p - 1, pb);
	if (p == 1) {
		fprintf(f, "\t\tif (cdone)\n\t\t\ty <= cy;\n\tend\n");
		return;
	}
	fprintf(f, "\t\tif (cdone) begin\n\t\t\tif (cc == %d'd%ld)\n"
		"\t\t\t\ty <= {cy, col};\n\t\t\telse\n", pb, p - 1);
	if (p == 2)
		fprintf(f, "\t\t\t\tcol <= cy;\n");
	else
		fprintf(f, "\t\t\t\tcol <= {cy, col[%ld:%ld]};\n",
			(p - 1) * px - 1, px);
	fprintf(f, "\t\tend\n\tend\n");
}

int rtl_emit_convolution(FILE *f, const char *mod, const struct layer *l,
			 const struct rtlplan_layer *pl, const char *rom_path,
			 const char *rom_name, struct error *err)
{
	char *core = xasprintf("%s_core", mod);
	int r;

	r = rtl_emit_dense(f, core, l, pl, rom_path, rom_name, err);
	if (r == 0) {
		fprintf(f, "// layer %s: %s, %ld pixels of a %dx%dx%d window, "
			"one every %ld cycles\n", l->name,
			layer_kind_name(l->kind), pl->pixels, pl->kh, pl->kw,
			pl->c, pl->rf);
		fprintf(f, "module %s(input clk, input rst, input start,\n"
			"\tinput [%ld:0] x, output reg done, output reg [%ld:0] "
			"y);\n", mod, pl->in_values * pl->in_t.width - 1,
			pl->out_values * pl->out_t.width - 1);
		emit_conv_control(f, pl);
		emit_gather(f, pl);
		emit_collect(f, pl);
		fprintf(f, "\t%s u_core(.clk(clk), .rst(rst), .start(cstart), "
			".x(win), .done(cdone), .y(cy));\nendmodule\n\n", core);
	}
	free(core);
	return r;
}

void rtl_emit_maxpool(FILE *f, const char *mod, const struct rtlplan_layer *pl)
{
	int sw = rtlplan_opwidth(&pl->in_t), wr = pl->out_t.width;
	long n = (long)pl->kh * pl->kw;

	fprintf(f, "// max pooling %dx%d, stride %dx%d\n", pl->kh, pl->kw,
		pl->sh, pl->sw);
	fprintf(f, "module %s(input clk, input rst, input start,\n"
		"\tinput [%ld:0] x, output reg done, output reg [%ld:0] y);\n",
		mod, pl->in_values * pl->in_t.width - 1,
		pl->out_values * wr - 1);
	rtl_emit_conv(f, "cv_r", sw, fixed_frac_bits(&pl->in_t), &pl->out_t);
	for (long o = 0; o < pl->out_values; o++) {
		long p = o / pl->c, ch = o % pl->c;
		long c = n;

		/* the window in order; each level keeps the earlier of two
		 * equal values (any order gives the same maximum) */
		for (long e = 0; e < n; e++) {
			long i = window_index(pl, p, (int)(e / pl->kw),
					      (int)(e % pl->kw), (int)ch);

			fprintf(f, "\twire signed [%d:0] m%ld_0_%ld = ", sw - 1,
				o, e);
			rtl_operand(f, "x", i, &pl->in_t);
			fprintf(f, ";\n");
		}
		for (int lv = 1; c > 1; lv++) {
			long nc = (c + 1) / 2;

			for (long i = 0; i < nc; i++) {
				fprintf(f, "\twire signed [%d:0] m%ld_%d_%ld = ",
					sw - 1, o, lv, i);
				if (2 * i + 1 < c)
					fprintf(f, "m%ld_%d_%ld > m%ld_%d_%ld ? "
						"m%ld_%d_%ld : m%ld_%d_%ld;\n",
						o, lv - 1, 2 * i + 1, o, lv - 1,
						2 * i, o, lv - 1, 2 * i + 1, o,
						lv - 1, 2 * i);
				else
					fprintf(f, "m%ld_%d_%ld;\n", o, lv - 1,
						2 * i);
			}
			c = nc;
		}
	}
	fprintf(f, "\talways @(posedge clk) begin\n"
		"\t\tdone <= !rst && start;\n");
	for (long o = 0; o < pl->out_values; o++) {
		int top = rtlplan_clog2(n);

		fprintf(f, "\t\ty[%ld +: %d] <= cv_r(m%ld_%d_0);\n", o * wr, wr,
			o, top);
	}
	fprintf(f, "\tend\nendmodule\n\n");
}
