/*
 * resource.c - hardware primitives the layer estimators are built from:
 * DSP/LUT cost of one multiplier by operand widths and DSP kind, memory
 * mapping to BRAM18/URAM/LUTRAM shapes, and statistics of a layer's
 * weights once quantized to its weight type.
 *
 * Constants fitted on data name it: "wa train" is
 * ../shared/groundtruth/wa_single_dense_train.csv (Vivado HLS 2020.1,
 * xcu250, csynth), rows whose model_name hashes to the TRAIN side of the
 * accuracy harness split (test/accuracy/run.sh).
 */
#include "estimators/resource.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"

/*
 * Narrowest operand HLS still maps to a DSP. Fitted on wa train,
 * Resource rows with RF > 1 (weights in a ROM, not constant-folded):
 * 16-bit inputs times ap_fixed<4,1> weights use no DSP (50 of 50 rows),
 * times ap_fixed<6,1> one DSP per lane (41 of 41 rows, all lanes or all
 * but one, whatever the stored values). With constant weights a product left as a multiplier
 * has 3 or more CSD digits, so at least 5 bits with the sign.
 */
#define RES_DSP_MIN_BITS 5

/* Weight types up to this wide count distinct magnitudes with tables
 * of 2^W entries, for layers of at least RES_TABLE_MIN weights. */
#define RES_TABLE_BITS 16
#define RES_TABLE_MIN 1024

/* Memories this shallow become LUTRAM (one LUT6 holds 64x1) and up to
 * this many words sit in flip-flops. */
#define RES_LUTRAM_DEPTH 64
#define RES_FF_DEPTH 2
/* Deepest BRAM18 shape; deeper memories go to URAM where there is one. */
#define RES_BRAM_MAX_DEPTH 16384
/* impl mode: Vivado synthesis rebuilds ROMs up to this many bits in
 * LUTs (not fitted: no post-synthesis ground truth here). */
#define RES_IMPL_LUTROM_BITS 4096

int res_width(const struct precision *p)
{
	return p->type.width;
}

/* Port widths (signed) of a DSP's multiplier: the wide and the narrow. */
static void dsp_ports(enum dsp_kind kind, int *wide, int *narrow)
{
	switch (kind) {
	case DSP48E1:
		*wide = 25;
		*narrow = 18;
		break;
	case DSP58:
		*wide = 27;
		*narrow = 24;
		break;
	case DSP48E2:
	default:
		*wide = 27;
		*narrow = 18;
		break;
	}
}

/* Pieces an operand of bits (signed) splits into on a port of port bits:
 * lower pieces are unsigned and use port - 1 bits each. */
static int chunks(int bits, int port)
{
	if (bits <= port)
		return 1;
	return (bits - 1 + port - 2) / (port - 1);
}

struct mult_cost res_mult(int a_bits, bool a_signed, int b_bits,
			  bool b_signed, enum dsp_kind kind, bool impl)
{
	struct mult_cost c = { 0, 0, 0 };
	int wide, narrow, a, b, small, big, ab, ba, n;

	(void)impl;		/* DSP mapping survives Vivado synthesis */
	if (a_bits <= 0 || b_bits <= 0)
		return c;
	small = a_bits < b_bits ? a_bits : b_bits;
	big = a_bits < b_bits ? b_bits : a_bits;
	if (small < RES_DSP_MIN_BITS) {
		/* shift-and-add array: small - 1 adders of big bits (an
		   AND/mux row for a 1-bit operand) */
		c.lut = (double)big * (small > 1 ? small - 1 : 1);
		return c;
	}
	/* an unsigned operand needs one more bit on a signed port */
	a = a_bits + (a_signed ? 0 : 1);
	b = b_bits + (b_signed ? 0 : 1);
	dsp_ports(kind, &wide, &narrow);
	ab = chunks(a, wide) * chunks(b, narrow);
	ba = chunks(b, wide) * chunks(a, narrow);
	n = ab < ba ? ab : ba;
	c.dsp = n;
	/* partial products are summed in fabric */
	if (n > 1)
		c.lut = (double)(n - 1) * (a + b);
	return c;
}

/* Fewest BRAM18 for depth x width over the six simple-dual-port shapes. */
static long bram18_count(long depth, long width)
{
	static const long shape_w[] = { 1, 2, 4, 9, 18, 36 };
	static const long shape_d[] = { 16384, 8192, 4096, 2048, 1024, 512 };
	long best = -1;

	for (size_t i = 0; i < sizeof(shape_w) / sizeof(shape_w[0]); i++) {
		long n = ((width + shape_w[i] - 1) / shape_w[i]) *
			 ((depth + shape_d[i] - 1) / shape_d[i]);
		if (best < 0 || n < best)
			best = n;
	}
	return best;
}

struct mem_cost res_memory(long depth, long width, const struct part *p,
			   bool impl)
{
	struct mem_cost c = { 0, 0, 0, 0 };

	if (depth <= 0 || width <= 0)
		return c;
	if (depth <= RES_FF_DEPTH) {
		c.ff = (double)depth * (double)width;
		return c;
	}
	if (depth <= RES_LUTRAM_DEPTH ||
	    (impl && (double)depth * (double)width <= RES_IMPL_LUTROM_BITS)) {
		c.lut = (double)width * (double)((depth + 63) / 64);
		return c;
	}
	if (depth > RES_BRAM_MAX_DEPTH && p && p->uram > 0) {
		c.uram = (double)(((width + 71) / 72) * ((depth + 4095) / 4096));
		return c;
	}
	c.bram18 = (double)bram18_count(depth, width);
	return c;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Number of distinct values in v[0..n) (sorts v). */
static long count_distinct(double *v, long n)
{
	long d = 0;

	if (n == 0)
		return 0;
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	for (long i = 0; i < n; i++)
		if (i == 0 || v[i] != v[i - 1])
			d++;
	return d;
}

/* Non-zero digits of the canonical signed-digit form of integer-valued
 * m >= 0 (m = 11 = 16 - 4 - 1 has 3). Magnitudes beyond 2^62 count as
 * many digits. */
static int csd_digits(double m)
{
	unsigned long long n;
	int c = 0;

	if (m >= 0x1p62)
		return 64;
	n = (unsigned long long)m;
	while (n) {
		if (n & 1) {
			if ((n & 3) == 3)
				n++;
			else
				n--;
			c++;
		}
		n >>= 1;
	}
	return c;
}

/* Adds to ws the distinct magnitudes of one kernel row (sorts row):
 * 2-digit ones to shift_add, 3-or-more-digit ones to unique. */
static void count_row(double *row, long n, struct weight_stats *ws)
{
	qsort(row, (size_t)n, sizeof(*row), cmp_double);
	for (long i = 0; i < n; i++) {
		if (i > 0 && row[i] == row[i - 1])
			continue;
		if (csd_digits(row[i]) >= 3)
			ws->unique++;
		else
			ws->shift_add++;
	}
}

static bool is_mult_kernel(const char *name)
{
	return strcmp(name, "kernel") == 0 ||
	       strcmp(name, "depthwise_kernel") == 0 ||
	       strcmp(name, "pointwise_kernel") == 0 ||
	       strcmp(name, "alpha") == 0;	/* PReLU's slopes */
}

/* Total multiplier weights of l (kernels only). */
static long kernel_size(const struct layer *l)
{
	long n = 0;

	for (int t = 0; t < l->n_weights; t++)
		if (is_mult_kernel(l->weights[t].name) && l->weights[t].data)
			n += shape_size(&l->weights[t].shape);
	return n;
}

/* Counts distinct magnitudes per row and overall with tables indexed by
 * the magnitude (O(1) each) when the type is narrow enough and the layer
 * large enough to pay for them; else by sorting. */
struct distinct_tables {
	unsigned *row_stamp;	/* last row a magnitude was seen in */
	unsigned char *seen;	/* seen in any row */
	double size;		/* magnitudes 0..size-1 fit */
};

/* Adds the distinct signed codes of a row (n non-zero codes, sorted
 * here) to ws->row_codes, and those that are not +-2^k to row_mults. */
static void count_signed_row(double *c, long n, struct weight_stats *ws)
{
	qsort(c, (size_t)n, sizeof(*c), cmp_double);
	for (long i = 0; i < n; i++) {
		int e;

		if (i > 0 && c[i] == c[i - 1])
			continue;
		ws->row_codes++;
		if (frexp(fabs(c[i]), &e) != 0.5)
			ws->row_mults++;
	}
}

void res_weight_stats(const struct layer *l, const struct fixed_type *w,
		      struct weight_stats *ws)
{
	double *sgn = NULL;
	int frac = w->width - w->integer;
	double max_m = 0;
	double *all = NULL, *row = NULL;
	long n_all = 0, cap = 0;
	unsigned row_id = 0;
	struct distinct_tables tb = { NULL, NULL, 0 };

	memset(ws, 0, sizeof(*ws));
	if (w->width <= RES_TABLE_BITS && kernel_size(l) >= RES_TABLE_MIN) {
		size_t n = ((size_t)1 << w->width) + 1;

		tb.row_stamp = xcalloc(n, sizeof(*tb.row_stamp));
		tb.seen = xcalloc(n, 1);
		tb.size = (double)n;
	}
	for (int t = 0; t < l->n_weights; t++) {
		const struct tensor *tn = &l->weights[t];
		long size, rowlen;

		if (!is_mult_kernel(tn->name) || !tn->data)
			continue;
		size = shape_size(&tn->shape);
		rowlen = tn->shape.ndim > 0 ? tn->shape.dim[tn->shape.ndim - 1]
					    : 1;
		if (rowlen <= 0)
			continue;
		ws->known = true;
		if (n_all + size > cap) {
			cap = n_all + size;
			all = xreallocarray(all, (size_t)cap, sizeof(*all));
		}
		row = xreallocarray(row, (size_t)rowlen, sizeof(*row));
		sgn = xreallocarray(sgn, (size_t)rowlen, sizeof(*sgn));
		for (long r = 0; r < size; r += rowlen) {
			long n_row = 0, n_sgn = 0;

			row_id++;
			for (long i = r; i < r + rowlen && i < size; i++) {
				double q = fixed_quantize(w, tn->data[i]);
				/* magnitude in steps: an integer */
				double m = ldexp(fabs(q), frac);
				int e;

				ws->n++;
				if (m == 0) {
					ws->zeros++;
					continue;
				}
				sgn[n_sgn++] = q < 0 ? -m : m;
				if (m > max_m)
					max_m = m;
				if (frexp(m, &e) == 0.5) {
					ws->pow2++;
					continue;
				}
				if (m < tb.size) {
					size_t mi = (size_t)m;

					if (tb.row_stamp[mi] != row_id) {
						tb.row_stamp[mi] = row_id;
						if (csd_digits(m) >= 3)
							ws->unique++;
						else
							ws->shift_add++;
					}
					if (!tb.seen[mi]) {
						tb.seen[mi] = 1;
						ws->distinct++;
					}
					continue;
				}
				row[n_row++] = m;
				all[n_all++] = m;
			}
			count_row(row, n_row, ws);
			count_signed_row(sgn, n_sgn, ws);
		}
	}
	ws->distinct += count_distinct(all, n_all);
	if (max_m > 0) {
		int e;

		frexp(max_m, &e);	/* max_m < 2^e */
		ws->eff_bits = e + (w->is_signed ? 1 : 0);
	}
	free(all);
	free(row);
	free(sgn);
	free(tb.row_stamp);
	free(tb.seen);
}
