/*
 * rtl_elem.c - Verilog modules of the element-wise layers: relu and
 * linear (one register), batch normalisation as a per-channel scale and
 * shift (product register, then sum and conversion), and softmax built
 * as argmax (a comparison tree registered every RTLPLAN_TREE_LEVELS
 * levels, then the one-hot output register).
 */
#include <stdbool.h>
#include <stdlib.h>

#include "backends/rtl.h"
#include "core/infer.h"
#include "core/xalloc.h"

static void emit_header(FILE *f, const char *mod,
			const struct rtlplan_layer *pl)
{
	fprintf(f, "module %s(input clk, input rst, input start,\n"
		"\tinput [%ld:0] x, output reg done, output reg [%ld:0] y);\n",
		mod, pl->n_in * pl->in_t.width - 1,
		pl->n_out * pl->out_t.width - 1);
}

/* done follows start by pl->latency cycles. */
static void emit_done(FILE *f, const struct rtlplan_layer *pl)
{
	if (pl->latency == 1) {
		fprintf(f, "\talways @(posedge clk) done <= !rst && start;\n");
		return;
	}
	fprintf(f, "\treg [%ld:0] dl;\n\talways @(posedge clk) begin\n"
		"\t\tdl <= rst ? %ld'd0 : {dl[%ld:0], start};\n"
		"\t\tdone <= !rst && dl[%ld];\n\tend\n", pl->latency - 2,
		pl->latency - 1, pl->latency > 2 ? pl->latency - 3 : 0,
		pl->latency - 2);
}

void rtl_emit_act(FILE *f, const char *mod, const struct rtlplan_layer *pl)
{
	int sw = rtlplan_opwidth(&pl->in_t), wr = pl->out_t.width;

	fprintf(f, "// %s\n", pl->op == RTLPLAN_RELU ? "relu" : "linear");
	emit_header(f, mod, pl);
	rtl_emit_conv(f, "cv_r", sw, fixed_frac_bits(&pl->in_t), &pl->out_t);
	for (long i = 0; i < pl->n_in; i++) {
		fprintf(f, "\twire [%d:0] v_%ld = ", sw - 1, i);
		rtl_operand(f, "x", i, &pl->in_t);
		fprintf(f, ";\n");
	}
	fprintf(f, "\talways @(posedge clk) begin\n");
	for (long i = 0; i < pl->n_in; i++) {
		if (pl->op == RTLPLAN_RELU)
			fprintf(f, "\t\ty[%ld +: %d] <= cv_r(v_%ld[%d] ? %d'd0 "
				": v_%ld);\n", i * wr, wr, i, sw - 1, sw, i);
		else
			fprintf(f, "\t\ty[%ld +: %d] <= cv_r(v_%ld);\n",
				i * wr, wr, i);
	}
	fprintf(f, "\tend\n");
	emit_done(f, pl);
	fprintf(f, "endmodule\n\n");
}

/* Bits a signed value v needs. */
static int sbits(int64_t v)
{
	int b = 1;

	while (b < 63 && (v < -((int64_t)1 << (b - 1)) ||
			  v > ((int64_t)1 << (b - 1)) - 1))
		b++;
	return b;
}

int rtl_emit_bn(FILE *f, const char *mod, const struct layer *l,
		const struct rtlplan_layer *pl, struct error *err)
{
	long c = pl->channels;
	float *sc = xcalloc((size_t)c, sizeof(*sc)),
		*bi = xcalloc((size_t)c, sizeof(*bi));
	int xe = rtlplan_opwidth(&pl->in_t), se = rtlplan_opwidth(&pl->w_t);
	int pw = xe + se, pf = fixed_frac_bits(&pl->in_t) + fixed_frac_bits(&pl->w_t);
	int bf = fixed_frac_bits(&pl->b_t), fs = pf > bf ? pf : bf, wr = pl->out_t.width;
	int64_t *bc = xcalloc((size_t)c, sizeof(*bc));
	int sw = pw + (fs - pf);

	if (infer_bn_coeffs(l, c, sc, bi, err) < 0) {
		free(sc);
		free(bi);
		free(bc);
		return -1;
	}
	for (long ch = 0; ch < c; ch++) {
		/* bias in units of 2^-fs: exact, as fs >= its fraction */
		bc[ch] = rtl_signed_code(&pl->b_t, bi[ch]) * ((int64_t)1 << (fs - bf));
		if (sbits(bc[ch]) > sw)
			sw = sbits(bc[ch]);
	}
	sw += 1;
	fprintf(f, "// layer %s: BatchNormalization, %ld channels\n", l->name,
		c);
	emit_header(f, mod, pl);
	rtl_emit_conv(f, "cv_r", sw, fs, &pl->out_t);
	for (long i = 0; i < pl->n_in; i++) {
		long ch = i % c;

		fprintf(f, "\treg signed [%d:0] p_%ld;\n\talways @(posedge clk) "
			"p_%ld <= ", pw - 1, i, i);
		rtl_operand(f, "x", i, &pl->in_t);
		fprintf(f, " * ");
		rtl_literal(f, se, rtl_signed_code(&pl->w_t, sc[ch]));
		fprintf(f, ";\n");
	}
	fprintf(f, "\talways @(posedge clk) begin\n");
	for (long i = 0; i < pl->n_in; i++) {
		fprintf(f, "\t\ty[%ld +: %d] <= cv_r((p_%ld <<< %d) + ",
			i * wr, wr, i, fs - pf);
		rtl_literal(f, sw, bc[i % c]);
		fprintf(f, ");\n");
	}
	fprintf(f, "\tend\n");
	emit_done(f, pl);
	fprintf(f, "endmodule\n\n");
	free(sc);
	free(bi);
	free(bc);
	return 0;
}

void rtl_emit_argmax(FILE *f, const char *mod,
		     const struct rtlplan_layer *pl)
{
	int sw = rtlplan_opwidth(&pl->in_t);
	int ib = rtlplan_counter_bits(pl->n_in);
	int wr = pl->out_t.width;
	long c = pl->n_in;
	char **v = xcalloc((size_t)c, sizeof(*v)),
		**ix = xcalloc((size_t)c, sizeof(*ix));

	fprintf(f, "// softmax as argmax over %ld values (the first largest)\n",
		pl->n_in);
	emit_header(f, mod, pl);
	for (long i = 0; i < c; i++) {
		v[i] = xasprintf("v_0_%ld", i);
		ix[i] = xasprintf("%d'd%ld", ib, i);
		fprintf(f, "\twire signed [%d:0] %s = ", sw - 1, v[i]);
		rtl_operand(f, "x", i, &pl->in_t);
		fprintf(f, ";\n");
	}
	for (int lv = 1; lv <= pl->tree_levels; lv++) {
		bool reg = lv % RTLPLAN_TREE_LEVELS == 0 ||
			lv == pl->tree_levels;
		long nc = (c + 1) / 2;

		for (long i = 0; i < nc; i++) {
			char *nv = xasprintf("v_%d_%ld", lv, i),
				*ni = xasprintf("i_%d_%ld", lv, i);
			const char *a = v[2 * i], *ia = ix[2 * i];
			bool pair = 2 * i + 1 < c;

			if (reg)
				fprintf(f, "\treg signed [%d:0] %s;\n\treg [%d:0] "
					"%s;\n\talways @(posedge clk) begin\n"
					"\t\t%s <= ", sw - 1, nv, ib - 1, ni, nv);
			else
				fprintf(f, "\twire signed [%d:0] %s = ", sw - 1,
					nv);
			if (pair)
				fprintf(f, "%s > %s ? %s : %s;\n", v[2 * i + 1],
					a, v[2 * i + 1], a);
			else
				fprintf(f, "%s;\n", a);
			if (reg)
				fprintf(f, "\t\t%s <= ", ni);
			else
				fprintf(f, "\twire [%d:0] %s = ", ib - 1, ni);
			if (pair)
				fprintf(f, "%s > %s ? %s : %s;\n", v[2 * i + 1],
					a, ix[2 * i + 1], ia);
			else
				fprintf(f, "%s;\n", ia);
			if (reg)
				fprintf(f, "\tend\n");
			free(v[2 * i]);
			free(ix[2 * i]);
			if (pair) {
				free(v[2 * i + 1]);
				free(ix[2 * i + 1]);
			}
			v[i] = nv;
			ix[i] = ni;
		}
		c = nc;
	}
	fprintf(f, "\talways @(posedge clk) begin\n");
	for (long i = 0; i < pl->n_out; i++)
		fprintf(f, "\t\ty[%ld +: %d] <= %s == %d'd%ld ? %d'h%llx : "
			"%d'd0;\n", i * wr, wr, ix[0], ib, i, wr,
			(unsigned long long)rtl_code(&pl->out_t, 1.0), wr);
	fprintf(f, "\tend\n");
	emit_done(f, pl);
	fprintf(f, "endmodule\n\n");
	free(v[0]);
	free(ix[0]);
	free(v);
	free(ix);
}
