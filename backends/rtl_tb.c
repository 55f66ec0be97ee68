/*
 * rtl_tb.c - the self-checking testbench of the open RTL flow and its
 * vectors. Inputs: edge values (zero, largest, smallest, one step either
 * side of zero), inputs derived from the first Dense layer's weights
 * (each input at full scale with the sign of the weight feeding one
 * output, which drives that output's sum to its extreme and so tests
 * the accumulator's overflow), and random codes of random magnitude over
 * the input type. Expected outputs come from core/infer.h. The testbench
 * offers inputs on every cycle, so the design runs at its full rate,
 * compares every output bit for bit, measures latency and II in cycles
 * and writes sim.txt.
 */
#include <stdlib.h>
#include <string.h>

#include "backends/rtl.h"
#include "core/fileio.h"
#include "core/infer.h"
#include "core/xalloc.h"

/* xorshift64*: reproducible vectors from a seed. */
static uint64_t next_rand(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545f4914f6cdd1dull;
}

/* Appends n codes of w bits as one hex line (value 0 in the low bits). */
static void put_line(FILE *f, const uint64_t *codes, long n, int w)
{
	long bits = n * w, digits = (bits + 3) / 4;

	for (long d = digits - 1; d >= 0; d--) {
		int v = 0;

		for (int b = 3; b >= 0; b--) {
			long bit = d * 4 + b;

			v <<= 1;
			if (bit < bits && (codes[bit / w] >> (bit % w)) & 1)
				v |= 1;
		}
		fputc("0123456789abcdef"[v], f);
	}
	fputc('\n', f);
}

static int64_t smin(const struct fixed_type *t)
{
	return t->is_signed ? -((int64_t)1 << (t->width - 1)) : 0;
}

static int64_t smax(const struct fixed_type *t)
{
	return t->is_signed ? ((int64_t)1 << (t->width - 1)) - 1 :
		(int64_t)(((uint64_t)1 << t->width) - 1);
}

/* The first Dense layer's kernel, or NULL. */
static const struct tensor *first_kernel(const struct model *m,
					 const struct rtlplan *p)
{
	for (int i = 1; i < p->n; i++)
		if (p->layers[i].op == RTLPLAN_DENSE)
			return i == 1 || p->layers[i].n_in == p->n_in ?
				layer_tensor(&m->layers[i], "kernel") : NULL;
	return NULL;
}

/* Fills the signed input codes x (p->n_in) of vector v. */
static void make_input(const struct model *m, const struct rtlplan *p,
		       long v, uint64_t *seed, int64_t *x)
{
	const struct fixed_type *t = &p->layers[0].out_t;
	const struct tensor *k = first_kernel(m, p);
	long n = p->n_in, n_edge = 5, n_model = 0;
	int64_t lo = smin(t), hi = smax(t);

	if (k)
		n_model = k->shape.dim[1] < 64 ? k->shape.dim[1] : 64;
	if (v < n_edge) {
		int64_t e[5] = { 0, hi, lo, 1, t->is_signed ? -1 : hi - 1 };

		for (long i = 0; i < n; i++)
			x[i] = e[v];
		return;
	}
	if (v < n_edge + 2 * n_model) {
		long o = (v - n_edge) / 2;
		bool neg = (v - n_edge) % 2;

		for (long i = 0; i < n; i++) {
			bool up = (k->data[i * k->shape.dim[1] + o] >= 0) != neg;

			x[i] = up ? hi : lo;
		}
		return;
	}
	for (long i = 0; i < n; i++) {
		int b = 1 + (int)(next_rand(seed) % (uint64_t)t->width);
		uint64_t r = next_rand(seed) & (((uint64_t)1 << b) - 1);
		int64_t c = (int64_t)r;

		if (t->is_signed && b > 0 && (r >> (b - 1)) & 1)
			c -= (int64_t)1 << b;
		x[i] = c < lo ? lo : c > hi ? hi : c;
	}
}

/* Writes the input and expected-output vector files. */
static int write_vectors(const struct model *m, const struct design *d,
			 const struct rtlplan *p, const char *dir, int n,
			 unsigned seed, struct error *err)
{
	const struct fixed_type *ti = &p->layers[0].out_t;
	const struct fixed_type *to = &p->layers[p->n - 1].out_t;
	int64_t *x = xcalloc((size_t)p->n_in, sizeof(*x));
	double *xv = xcalloc((size_t)p->n_in, sizeof(*xv));
	double *yv = xcalloc((size_t)p->n_out, sizeof(*yv));
	uint64_t *ci = xcalloc((size_t)p->n_in, sizeof(*ci));
	uint64_t *co = xcalloc((size_t)p->n_out, sizeof(*co));
	uint64_t s = 0x9e3779b97f4a7c15ull ^ seed;
	char *bi = NULL, *bo = NULL, *path;
	size_t li = 0, lo = 0;
	FILE *fi = open_memstream(&bi, &li), *fo = open_memstream(&bo, &lo);
	int r = 0;

	for (int v = 0; v < n && r == 0; v++) {
		make_input(m, p, v, &s, x);
		for (long i = 0; i < p->n_in; i++) {
			ci[i] = (uint64_t)x[i] & (((uint64_t)1 << ti->width) - 1);
			xv[i] = rtl_value(ti, ci[i]);
		}
		if (infer_run(m, d, xv, (int)p->n_in, yv, (int)p->n_out,
			      err) < 0) {
			r = -1;
			break;
		}
		for (long i = 0; i < p->n_out; i++)
			co[i] = rtl_code(to, yv[i]);
		put_line(fi, ci, p->n_in, ti->width);
		put_line(fo, co, p->n_out, to->width);
	}
	fclose(fi);
	fclose(fo);
	if (r == 0) {
		path = fileio_join(dir, RTL_VEC_IN);
		r = fileio_write_atomic(path, bi, li, err);
		free(path);
	}
	if (r == 0) {
		path = fileio_join(dir, RTL_VEC_OUT);
		r = fileio_write_atomic(path, bo, lo, err);
		free(path);
	}
	free(bi);
	free(bo);
	free(x);
	free(xv);
	free(yv);
	free(ci);
	free(co);
	return r;
}

static const char tb_text[] =
	"`timescale 1ns/1ps\n"
	"module tb;\n"
	"\treg clk = 1'b0, rst = 1'b1;\n"
	"\talways #5 clk = ~clk;\n"
	"\treg [`WI-1:0] vin [0:`NV-1];\n"
	"\treg [`WO-1:0] vexp [0:`NV-1];\n"
	"\treg in_valid = 1'b0;\n"
	"\treg [`WI-1:0] in_data;\n"
	"\twire in_ready, out_valid;\n"
	"\twire [`WO-1:0] out_data;\n"
	"\t`TOP dut(.clk(clk), .rst(rst), .in_valid(in_valid),\n"
	"\t\t.in_ready(in_ready), .in_data(in_data),\n"
	"\t\t.out_valid(out_valid), .out_data(out_data));\n"
	"\tinteger sent = 0, got = 0, errors = 0, cyc = 0, fd, lat;\n"
	"\tinteger lat_min = 1000000000, lat_max = -1, last_acc = -1;\n"
	"\tinteger ii_min = 1000000000, ii_max = -1;\n"
	"\tinteger acc_cyc [0:`NV-1];\n"
	"\tinitial begin\n"
	"\t\t$readmemh(\"" RTL_VEC_IN "\", vin);\n"
	"\t\t$readmemh(\"" RTL_VEC_OUT "\", vexp);\n"
	"\t\tfd = $fopen(\"" RTL_SIM_RESULT "\", \"w\");\n"
	"\t\trepeat (3) @(negedge clk);\n"
	"\t\trst = 1'b0;\n"
	"\tend\n"
	"\talways @(negedge clk) begin\n"
	"\t\tin_valid <= !rst && sent < `NV;\n"
	"\t\tif (sent < `NV)\n"
	"\t\t\tin_data <= vin[sent];\n"
	"\tend\n"
	"\ttask finish;\n"
	"\t\tbegin\n"
	"\t\t\t$fdisplay(fd, \"vectors %0d\", `NV);\n"
	"\t\t\t$fdisplay(fd, \"received %0d\", got);\n"
	"\t\t\t$fdisplay(fd, \"mismatches %0d\", errors);\n"
	"\t\t\t$fdisplay(fd, \"latency_min %0d\", lat_min);\n"
	"\t\t\t$fdisplay(fd, \"latency_max %0d\", lat_max);\n"
	"\t\t\t$fdisplay(fd, \"ii_min %0d\", ii_min);\n"
	"\t\t\t$fdisplay(fd, \"ii_max %0d\", ii_max);\n"
	"\t\t\t$fdisplay(fd, \"cycles %0d\", cyc);\n"
	"\t\t\t$fclose(fd);\n"
	"\t\t\t$display(\"sim: %0d vectors, %0d received, %0d mismatches, "
	"latency %0d, II %0d\", `NV, got, errors, lat_max, ii_max);\n"
	"\t\t\t$finish;\n"
	"\t\tend\n"
	"\tendtask\n"
	"\talways @(posedge clk) if (!rst) begin\n"
	"\t\tif (in_valid && in_ready) begin\n"
	"\t\t\tacc_cyc[sent] = cyc;\n"
	"\t\t\tif (last_acc >= 0) begin\n"
	"\t\t\t\tif (cyc - last_acc < ii_min) ii_min = cyc - last_acc;\n"
	"\t\t\t\tif (cyc - last_acc > ii_max) ii_max = cyc - last_acc;\n"
	"\t\t\tend\n"
	"\t\t\tlast_acc = cyc;\n"
	"\t\t\tsent = sent + 1;\n"
	"\t\tend\n"
	"\t\tif (out_valid) begin\n"
	"\t\t\tlat = cyc - acc_cyc[got];\n"
	"\t\t\tif (lat < lat_min) lat_min = lat;\n"
	"\t\t\tif (lat > lat_max) lat_max = lat;\n"
	"\t\t\tif (out_data !== vexp[got]) begin\n"
	"\t\t\t\terrors = errors + 1;\n"
	"\t\t\t\tif (errors <= 10)\n"
	"\t\t\t\t\t$fdisplay(fd, \"mismatch %0d got %h expected %h\",\n"
	"\t\t\t\t\t\tgot, out_data, vexp[got]);\n"
	"\t\t\tend\n"
	"\t\t\tgot = got + 1;\n"
	"\t\t\tif (got == `NV) finish;\n"
	"\t\tend\n"
	"\t\tcyc = cyc + 1;\n"
	"\t\tif (cyc > `LIMIT) finish;\n"
	"\tend\n"
	"endmodule\n";

int rtl_write_tb(const struct model *m, const struct design *d,
		 const struct rtlplan *p, const char *dir, const char *top,
		 int n, unsigned seed, struct error *err)
{
	char *buf = NULL, *path;
	size_t len = 0;
	FILE *f;
	int r;

	if (n < 1)
		return error_set(err, "the testbench needs at least one vector");
	if (write_vectors(m, d, p, dir, n, seed, err) < 0)
		return -1;
	f = open_memstream(&buf, &len);
	if (!f)
		return error_set(err, "out of memory");
	fprintf(f, "// Generated by hlsdse: %d vectors at full rate.\n"
		"`define TOP %s\n", n, top);
	fprintf(f, "`define NV %d\n`define WI %ld\n`define WO %ld\n"
		"`define LIMIT %ld\n", n,
		p->n_in * p->layers[0].out_t.width,
		p->n_out * p->layers[p->n - 1].out_t.width,
		(long)n * p->ii + p->latency + 100);
	fputs(tb_text, f);
	fclose(f);
	path = fileio_join(dir, RTL_TB_FILE);
	r = fileio_write_atomic(path, buf, len, err);
	free(path);
	free(buf);
	return r;
}
