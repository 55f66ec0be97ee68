/*
 * rtl_fixed.c - what the RTL writers share: Verilog identifiers from model
 * names, literals and operands, raw codes of fixed-point values, and the
 * conversion functions that turn one fixed-point type into another with
 * ap_fixed's rounding and overflow (core/fixed.c states the semantics;
 * test/unit/rtl_conv_test.c simulates every generated function against
 * fixed_quantize).
 */
#include <ctype.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "backends/rtl.h"
#include "core/xalloc.h"

static const char *const keywords[] = {
	"always", "and", "assign", "begin", "buf", "case", "casex", "casez",
	"cell", "config", "deassign", "default", "defparam", "design",
	"disable", "edge", "else", "end", "endcase", "endconfig",
	"endfunction", "endgenerate", "endmodule", "endprimitive",
	"endspecify", "endtable", "endtask", "event", "for", "force",
	"forever", "fork", "function", "generate", "genvar", "if", "ifnone",
	"initial", "inout", "input", "instance", "integer", "join", "large",
	"liblist", "library", "localparam", "macromodule", "medium",
	"module", "nand", "negedge", "nmos", "nor", "not", "or", "output",
	"parameter", "posedge", "primitive", "pulldown", "pullup", "reg",
	"release", "repeat", "signed", "small", "specify", "specparam",
	"strong0", "strong1", "supply0", "supply1", "table", "task", "time",
	"tran", "tri", "tri0", "tri1", "triand", "trior", "trireg",
	"unsigned", "use", "uwire", "wait", "wand", "weak0", "weak1",
	"while", "wire", "wor", "xnor", "xor", "logic", "bit", "byte", "int",
	"struct", "type", "string",
};

char *rtl_ident(const char *name)
{
	size_t n = strlen(name);
	char *s = xmalloc(n + 3), *p = s;

	if (n == 0 || isdigit((unsigned char)name[0]))
		*p++ = 'l';
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)name[i];

		*p++ = (char)(isalnum(c) && c < 128 ? c : '_');
	}
	*p = '\0';
	for (size_t i = 0; i < sizeof(keywords) / sizeof(keywords[0]); i++)
		if (strcmp(s, keywords[i]) == 0) {
			strcat(s, "_");
			break;
		}
	return s;
}

uint64_t rtl_code(const struct fixed_type *t, double x)
{
	double q = fixed_quantize(t, x);
	int64_t v = (int64_t)llround(ldexp(q, fixed_frac_bits(t)));

	return (uint64_t)v & (t->width >= 64 ? ~0ull :
			      ((1ull << t->width) - 1));
}

int64_t rtl_signed_code(const struct fixed_type *t, double x)
{
	uint64_t c = rtl_code(t, x);
	int64_t v = (int64_t)c;

	if (t->is_signed && t->width < 64 && (c >> (t->width - 1)) & 1)
		v -= (int64_t)1 << t->width;
	return v;
}

double rtl_value(const struct fixed_type *t, uint64_t c)
{
	int64_t v = (int64_t)c;

	if (t->is_signed && t->width < 64 && (c >> (t->width - 1)) & 1)
		v -= (int64_t)1 << t->width;
	return ldexp((double)v, -fixed_frac_bits(t));
}

void rtl_operand(FILE *f, const char *vec, long i, const struct fixed_type *t)
{
	if (t->is_signed)
		fprintf(f, "$signed(%s[%ld +: %d])", vec, i * t->width,
			t->width);
	else
		fprintf(f, "$signed({1'b0, %s[%ld +: %d]})", vec,
			i * t->width, t->width);
}

void rtl_literal(FILE *f, int w, int64_t v)
{
	if (v < 0)
		fprintf(f, "(-%d'sd%llu)", w, (unsigned long long)(-v));
	else
		fprintf(f, "%d'sd%llu", w, (unsigned long long)v);
}

/* The rounding increment of q = e >>> d under mode r, as a Verilog
 * expression over the work register e (ww bits). */
static void emit_increment(FILE *f, enum fixed_round r, int d, int ww)
{
	char rest[64];

	if (d >= 2)
		snprintf(rest, sizeof(rest), "(|e[%d:0])", d - 2);
	else
		snprintf(rest, sizeof(rest), "1'b0");
	switch (r) {
	case FIXED_TRN:
		fprintf(f, "1'b0");
		break;
	case FIXED_TRN_ZERO:
		fprintf(f, "e[%d] & (|e[%d:0])", ww - 1, d - 1);
		break;
	case FIXED_RND:
		fprintf(f, "e[%d]", d - 1);
		break;
	case FIXED_RND_ZERO:
		fprintf(f, "e[%d] & (%s | e[%d])", d - 1, rest, ww - 1);
		break;
	case FIXED_RND_MIN_INF:
		fprintf(f, "e[%d] & %s", d - 1, rest);
		break;
	case FIXED_RND_INF:
		fprintf(f, "e[%d] & (%s | ~e[%d])", d - 1, rest, ww - 1);
		break;
	case FIXED_RND_CONV:
	default:
		fprintf(f, "e[%d] & (%s | e[%d])", d - 1, rest, d);
		break;
	}
}

void rtl_emit_conv(FILE *f, const char *name, int sw, int sf,
		   const struct fixed_type *dst)
{
	int dw = dst->width, df = dst->is_int ? 0 : fixed_frac_bits(dst);
	int d = sf - df, ww = sw;
	enum fixed_sat sat = dst->is_int ? FIXED_WRAP : dst->sat;
	enum fixed_round rnd = dst->is_int ? FIXED_TRN : dst->round;
	int64_t hi, lo;

	/* a work width that holds the shifted value, the rounding bits and
	 * the destination's range with room to compare */
	if (d < 0)
		ww = sw - d;
	if (d + 2 > ww)
		ww = d + 2;
	if (dw + 2 > ww)
		ww = dw + 2;
	ww += 2;
	if (dst->is_signed) {
		hi = ((int64_t)1 << (dw - 1)) - 1;
		lo = -((int64_t)1 << (dw - 1));
		if (sat == FIXED_SAT_SYM && dw > 1)
			lo = -hi;
	} else {
		hi = (int64_t)(((uint64_t)1 << dw) - 1);
		lo = 0;
	}
	fprintf(f, "\tfunction [%d:0] %s;\n\t\tinput [%d:0] s;\n"
		"\t\treg signed [%d:0] e, q;\n\t\tbegin\n"
		"\t\t\te = {{%d{s[%d]}}, s};\n", dw - 1, name, sw - 1, ww - 1,
		ww - sw, sw - 1);
	if (d > 0) {
		/* two statements: an unsigned term in the same expression
		 * would make the shift logical */
		fprintf(f, "\t\t\tq = e >>> %d;\n\t\t\tq = q + {{%d{1'b0}}, ",
			d, ww - 1);
		emit_increment(f, rnd, d, ww);
		fprintf(f, "};\n");
	} else if (d < 0) {
		fprintf(f, "\t\t\tq = e <<< %d;\n", -d);
	} else {
		fprintf(f, "\t\t\tq = e;\n");
	}
	if (sat == FIXED_WRAP) {
		fprintf(f, "\t\t\t%s = q[%d:0];\n", name, dw - 1);
	} else {
		bool zero = sat == FIXED_SAT_ZERO;
		uint64_t mask = ((uint64_t)1 << dw) - 1;

		fprintf(f, "\t\t\tif (q > ");
		rtl_literal(f, ww, hi);
		fprintf(f, ")\n\t\t\t\t%s = %d'h%llx;\n\t\t\telse if (q < ",
			name, dw, zero ? 0ull : (unsigned long long)hi);
		rtl_literal(f, ww, lo);
		fprintf(f, ")\n\t\t\t\t%s = %d'h%llx;\n\t\t\telse\n"
			"\t\t\t\t%s = q[%d:0];\n", name, dw,
			zero ? 0ull : (unsigned long long)((uint64_t)lo & mask),
			name, dw - 1);
	}
	fprintf(f, "\t\tend\n\tendfunction\n");
}
