/*
 * rtl_dense.c - the Verilog module of one Dense layer as rtlplan.h lays
 * it out: slice control, operand registers and a weight ROM (RF > 1) or
 * constant weights (RF = 1, zero weights left out), products converted
 * to the accumulator type, per-lane adder trees with a register every
 * RTLPLAN_TREE_LEVELS levels, accumulators started from the bias, and the
 * result conversion into the output registers.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "backends/rtl.h"
#include "core/fileio.h"
#include "core/xalloc.h"

/* Bits of a counter that counts 0..n-1 (at least 1). */
/* The bias of output o in accumulator units: (accum_t)(bias_t)b. */
static uint64_t bias_code(const struct rtlplan_layer *pl, const float *b,
			  long o)
{
	if (!b)
		return 0;
	return rtl_code(&pl->a_t, fixed_quantize(&pl->b_t, b[o]));
}

/* Writes the ROM: word s holds, for every multiplier m = lane*per_lane+k,
 * the weight of slice s in bits [m*Ww +: Ww]; hex, most significant
 * digit first. */
static int write_rom(const struct rtlplan_layer *pl, const float *w,
		     const char *path, struct error *err)
{
	int ww = pl->w_t.width;
	long bits = pl->mults * ww, digits = (bits + 3) / 4;
	size_t cap = (size_t)(digits + 1) * (size_t)pl->rf + 1, len = 0;
	char *buf = xmalloc(cap), *word = xmalloc((size_t)digits + 1);
	int r;

	for (long s = 0; s < pl->rf; s++) {
		long t = s % pl->slot_cycles, q = s / pl->slot_cycles;

		memset(word, 0, (size_t)digits);
		for (long m = 0; m < pl->mults; m++) {
			long lane = m / pl->per_lane, k = m % pl->per_lane;
			uint64_t c = rtl_code(&pl->w_t,
				w[(k * pl->slot_cycles + t) * pl->n_out +
				  lane * pl->slots + q]);

			for (int b = 0; b < ww; b++)
				if ((c >> b) & 1) {
					long bit = m * ww + b;

					word[digits - 1 - bit / 4] |=
						(char)(1 << (bit % 4));
				}
		}
		for (long i = 0; i < digits; i++)
			buf[len++] = "0123456789abcdef"[(int)word[i]];
		buf[len++] = '\n';
	}
	r = fileio_write_atomic(path, buf, len, err);
	free(buf);
	free(word);
	return r;
}

/* Slice control: act (a slice runs this cycle), its t, q and s, and the
 * first / last / fin flags. */
static void emit_control(FILE *f, const struct rtlplan_layer *pl)
{
	int tb = rtlplan_counter_bits(pl->slot_cycles), qb = rtlplan_counter_bits(pl->slots),
		sb = rtlplan_counter_bits(pl->rf);

	if (pl->rf == 1) {
		fprintf(f, "\twire act = start;\n\twire first = 1'b1, "
			"last = 1'b1, fin = 1'b1;\n\twire [0:0] qc = 1'b0;\n");
		return;
	}
	fprintf(f, "\treg busy;\n\treg [%d:0] t;\n\treg [%d:0] q;\n"
		"\treg [%d:0] s;\n\twire act = start | busy;\n"
		"\twire [%d:0] tc = start ? %d'd0 : t;\n"
		"\twire [%d:0] qc = start ? %d'd0 : q;\n"
		"\twire [%d:0] sc = start ? %d'd0 : s;\n"
		"\twire first = tc == %d'd0;\n\twire last = tc == %d'd%ld;\n"
		"\twire fin = last && qc == %d'd%ld;\n", tb - 1, qb - 1,
		sb - 1, tb - 1, tb, qb - 1, qb, sb - 1, sb, tb, tb,
		pl->slot_cycles - 1, qb, pl->slots - 1);
	fprintf(f, "\talways @(posedge clk)\n\t\tif (rst)\n\t\t\tbusy <= 1'b0;"
		"\n\t\telse if (act) begin\n\t\t\tbusy <= !fin;\n"
		"\t\t\ts <= sc + 1'b1;\n\t\t\tt <= last ? %d'd0 : tc + 1'b1;\n"
		"\t\t\tq <= last ? qc + 1'b1 : qc;\n\t\tend\n", tb);
}

/* Operand registers xs_k (input k*T + t) and the ROM word register. */
static void emit_operands(FILE *f, const struct rtlplan_layer *pl,
			  const char *rom_name)
{
	int wx = pl->in_t.width;
	long words = pl->mults * pl->w_t.width;

	for (long k = 0; k < pl->per_lane; k++) {
		fprintf(f, "\treg [%d:0] xs_%ld;\n", wx - 1, k);
		if (pl->slot_cycles == 1) {
			fprintf(f, "\talways @(posedge clk) xs_%ld <= x[%ld +: "
				"%d];\n", k, k * wx, wx);
			continue;
		}
		fprintf(f, "\twire [%ld:0] xk_%ld = x[%ld +: %ld];\n"
			"\talways @(posedge clk) xs_%ld <= xk_%ld[tc * %d +: "
			"%d];\n", pl->slot_cycles * wx - 1, k,
			k * pl->slot_cycles * wx, pl->slot_cycles * wx, k, k,
			wx, wx);
	}
	fprintf(f, "\t(* rom_style = \"%s\" *)\n\treg [%ld:0] rom [0:%ld];\n"
		"\tinitial $readmemh(\"%s\", rom);\n\treg [%ld:0] wrow;\n"
		"\talways @(posedge clk) wrow <= rom[sc];\n",
		pl->rom_block ? "block" : "logic", words - 1, pl->rf - 1,
		rom_name, words - 1);
}

/* Product registers p_m = (accum_t)(x * w); with constant weights only
 * the non-zero ones exist (has[m] says which). */
static void emit_products(FILE *f, const struct rtlplan_layer *pl,
			  const float *w, bool *has)
{
	int xe = rtlplan_opwidth(&pl->in_t), we = rtlplan_opwidth(&pl->w_t);
	int pw = xe + we, wa = pl->a_t.width;

	for (long m = 0; m < pl->mults; m++) {
		long lane = m / pl->per_lane, k = m % pl->per_lane;

		has[m] = true;
		if (!pl->rom) {
			int64_t c = rtl_signed_code(&pl->w_t,
						    w[k * pl->n_out + lane]);

			if (c == 0) {
				has[m] = false;
				continue;
			}
			fprintf(f, "\twire signed [%d:0] m_%ld = ", pw - 1, m);
			rtl_operand(f, "x", k, &pl->in_t);
			fprintf(f, " * ");
			rtl_literal(f, we, c);
			fprintf(f, ";\n");
		} else {
			fprintf(f, "\twire signed [%d:0] m_%ld = ", pw - 1, m);
			if (pl->in_t.is_signed)
				fprintf(f, "$signed(xs_%ld)", k);
			else
				fprintf(f, "$signed({1'b0, xs_%ld})", k);
			fprintf(f, " * ");
			rtl_operand(f, "wrow", m, &pl->w_t);
			fprintf(f, ";\n");
		}
		fprintf(f, "\treg [%d:0] p_%ld;\n\talways @(posedge clk) p_%ld "
			"<= cv_a(m_%ld);\n", wa - 1, m, m, m);
	}
}

/* The adder tree of one lane over its products; prints the name of its
 * output (or a zero literal) into out. */
static void emit_tree(FILE *f, const struct rtlplan_layer *pl, long lane,
		      const bool *has, char *out, size_t n)
{
	int wa = pl->a_t.width;
	long c = 0;
	char **names = xcalloc((size_t)pl->per_lane, sizeof(*names));

	for (long k = 0; k < pl->per_lane; k++) {
		long m = lane * pl->per_lane + k;

		if (has[m])
			names[c++] = xasprintf("p_%ld", m);
	}
	for (int lv = 1; lv <= pl->tree_levels && c > 0; lv++) {
		bool reg = lv % RTLPLAN_TREE_LEVELS == 0 ||
			lv == pl->tree_levels;
		long nc = (c + 1) / 2;

		for (long i = 0; i < nc; i++) {
			char *nm = xasprintf("a%ld_%d_%ld", lane, lv, i);
			bool pair = 2 * i + 1 < c;

			if (!pair && !reg) {
				free(nm);
				names[i] = names[2 * i];
				continue;
			}
			if (reg)
				fprintf(f, "\treg [%d:0] %s;\n\talways @(posedge "
					"clk) %s <= ", wa - 1, nm, nm);
			else
				fprintf(f, "\twire [%d:0] %s = ", wa - 1, nm);
			if (pair)
				fprintf(f, "%s + %s;\n", names[2 * i],
					names[2 * i + 1]);
			else
				fprintf(f, "%s;\n", names[2 * i]);
			free(names[2 * i]);
			if (pair)
				free(names[2 * i + 1]);
			names[i] = nm;
		}
		c = nc;
	}
	if (c == 0)
		snprintf(out, n, "%d'd0", wa);
	else
		snprintf(out, n, "%s", names[0]);
	for (long i = 0; i < c; i++)
		free(names[i]);
	free(names);
}

/* The control pipeline to the accumulator stage: act, first, last, fin
 * and q delayed by the operand, product and tree stages. */
static void emit_ctrl_pipe(FILE *f, const struct rtlplan_layer *pl)
{
	int qb = rtlplan_counter_bits(pl->slots), cw = 4 + qb;
	int depth = (pl->rom ? 1 : 0) + 1 + pl->tree_stages;

	/* a flat shift register: an array would be a yosys memory */
	fprintf(f, "\treg [%d:0] cp;\n\talways @(posedge clk)\n"
		"\t\tcp <= rst ? %d'd0 : ", depth * cw - 1, depth * cw);
	if (depth > 1)
		fprintf(f, "{cp[%d:0], qc, fin, last, first, act};\n",
			(depth - 1) * cw - 1);
	else
		fprintf(f, "{qc, fin, last, first, act};\n");
	fprintf(f, "\twire av = cp[%d], af = cp[%d], al = cp[%d], "
		"afin = cp[%d];\n\twire [%d:0] aq = cp[%d:%d];\n"
		"\treg lastd, find;\n\talways @(posedge clk) begin\n"
		"\t\tlastd <= !rst && av && al;\n"
		"\t\tfind <= !rst && av && afin;\n"
		"\t\tdone <= !rst && find;\n\tend\n",
		(depth - 1) * cw, (depth - 1) * cw + 1, (depth - 1) * cw + 2,
		(depth - 1) * cw + 3, qb - 1, depth * cw - 1,
		(depth - 1) * cw + 4);
}

/* Accumulator and output registers of one lane. */
static void emit_lane_out(FILE *f, const struct rtlplan_layer *pl,
			  long lane, const char *tree, const float *b)
{
	int wa = pl->a_t.width, wr = pl->out_t.width;
	long j = pl->slots;
	const char *ext = pl->a_t.is_signed ? "" : "1'b0, ";

	fprintf(f, "\treg [%d:0] acc_%ld;\n", wa - 1, lane);
	if (j == 1) {
		fprintf(f, "\talways @(posedge clk) if (av) acc_%ld <= (af ? "
			"%d'h%llx : acc_%ld) + %s;\n", lane, wa,
			(unsigned long long)bias_code(pl, b, lane), lane,
			tree);
		fprintf(f, "\treg [%d:0] y_%ld;\n\talways @(posedge clk) if "
			"(lastd) y_%ld <= cv_r({%sacc_%ld});\n", wr - 1, lane,
			lane, ext, lane);
		return;
	}
	fprintf(f, "\treg [%d:0] bias_%ld;\n\talways @* case (aq)\n",
		wa - 1, lane);
	for (long q = 0; q < j; q++)
		fprintf(f, "\t\t%ld: bias_%ld = %d'h%llx;\n", q, lane, wa,
			(unsigned long long)bias_code(pl, b, lane * j + q));
	fprintf(f, "\t\tdefault: bias_%ld = %d'd0;\n\tendcase\n", lane, wa);
	fprintf(f, "\talways @(posedge clk) if (av) acc_%ld <= (af ? bias_%ld "
		": acc_%ld) + %s;\n", lane, lane, lane, tree);
	fprintf(f, "\treg [%ld:0] sh_%ld;\n\treg [%ld:0] y_%ld;\n"
		"\talways @(posedge clk) if (lastd) begin\n"
		"\t\tif (find)\n\t\t\ty_%ld <= {cv_r({%sacc_%ld}), sh_%ld};\n"
		"\t\telse\n", (j - 1) * wr - 1, lane, j * wr - 1, lane, lane,
		ext, lane, lane);
	if (j == 2)
		fprintf(f, "\t\t\tsh_%ld <= cv_r({%sacc_%ld});\n", lane, ext,
			lane);
	else
		fprintf(f, "\t\t\tsh_%ld <= {cv_r({%sacc_%ld}), sh_%ld[%ld:%d]};"
			"\n", lane, ext, lane, lane, (j - 1) * wr - 1, wr);
	fprintf(f, "\tend\n");
}

int rtl_emit_dense(FILE *f, const char *mod, const struct layer *l,
		   const struct rtlplan_layer *pl, const char *rom_path,
		   const char *rom_name, struct error *err)
{
	const float *w = layer_tensor(l, "kernel")->data;
	const struct tensor *bt = l->use_bias ? layer_tensor(l, "bias") : NULL;
	const float *b = bt ? bt->data : NULL;
	int xe = rtlplan_opwidth(&pl->in_t), we = rtlplan_opwidth(&pl->w_t);
	bool *has;
	char tree[64];

	if (pl->rom && write_rom(pl, w, rom_path, err) < 0)
		return -1;
	fprintf(f, "// layer %s: Dense %ld -> %ld, reuse factor %ld: %ld "
		"multipliers in %ld lanes\n", l->name, pl->n_in, pl->n_out,
		pl->rf, pl->mults, pl->lanes);
	fprintf(f, "module %s(input clk, input rst, input start,\n"
		"\tinput [%ld:0] x, output reg done, output [%ld:0] y);\n",
		mod, pl->n_in * pl->in_t.width - 1,
		pl->n_out * pl->out_t.width - 1);
	rtl_emit_conv(f, "cv_a", xe + we,
		      fixed_frac_bits(&pl->in_t) + fixed_frac_bits(&pl->w_t), &pl->a_t);
	rtl_emit_conv(f, "cv_r", rtlplan_opwidth(&pl->a_t), fixed_frac_bits(&pl->a_t),
		      &pl->out_t);
	emit_control(f, pl);
	if (pl->rom)
		emit_operands(f, pl, rom_name);
	has = xcalloc((size_t)pl->mults, sizeof(*has));
	emit_products(f, pl, w, has);
	emit_ctrl_pipe(f, pl);
	for (long lane = 0; lane < pl->lanes; lane++) {
		emit_tree(f, pl, lane, has, tree, sizeof(tree));
		emit_lane_out(f, pl, lane, tree, b);
	}
	fprintf(f, "\tassign y = {");
	for (long lane = pl->lanes - 1; lane >= 0; lane--)
		fprintf(f, "y_%ld%s", lane, lane ? ", " : "};\n");
	fprintf(f, "endmodule\n\n");
	free(has);
	return 0;
}
