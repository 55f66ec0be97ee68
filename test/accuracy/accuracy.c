/*
 * accuracy.c - measures the estimators against HLS ground truth. Reads
 * the tab-separated rows test/accuracy/run.sh extracts from
 * ../shared/groundtruth (one design per line), rebuilds each expressible
 * design as a model and knobs with deterministic random weights of the
 * stated distribution, estimates it and prints a Markdown report of the
 * errors per split, strategy and resource. With --features it prints the
 * per-row quantities the fitted constants were fitted from instead.
 *
 * Split: FNV-1a 32-bit of model_name, mod 10 < 7 is TRAIN, else HELD-OUT
 * (both strategies of one model land on the same side).
 *
 * Input columns (tab-separated, header line first): source, model_name,
 * d_in, d_out, weight_bits, reuse_factor, strategy, best_latency,
 * interval_min, dsp, bram18, ff, lut.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/fileio.h"
#include "core/xalloc.h"
#include "estimators/estimate.h"

#define MAX_FIELDS 16

struct row {
	char source[32];
	char name[64];
	long d_in, d_out, bits, rf;
	enum strategy strategy;
	long lat, ii;
	double dsp, bram, ff, lut;
	bool train;
	struct layer_est est;
	struct weight_stats ws;
	long nz;
};

static uint32_t fnv1a(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 16777619u;
	}
	return h;
}

/* Deterministic uniform in [0, 1) from a 64-bit LCG. */
static double lcg_uniform(uint64_t *s)
{
	*s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
	return (double)(*s >> 11) / 9007199254740992.0;
}

/* QKeras quantized_bits(p, 0, alpha=1): round to nearest on 2^-(p-1),
 * clipped to [-1, 1 - 2^-(p-1)]. */
static double qkeras_bits(double x, int p)
{
	double m = ldexp(1, p - 1), q = nearbyint(x * m);

	if (q < -m)
		q = -m;
	if (q > m - 1)
		q = m - 1;
	return q / m;
}

/* The xcu250 as the wa reports give it (Available* values). */
static struct part xcu250(void)
{
	return (struct part){
		.device = "xcu250", .family = "virtexuplus",
		.example = "xcu250-figd2104-2L-e", .dsp_kind = DSP48E2,
		.lut = 1728000, .ff = 3456000, .dsp = 12288, .bram18 = 5376,
		.uram = 1280,
	};
}

/* Estimates one wa single-Dense row. */
static void estimate_row(struct row *r)
{
	struct model m;
	struct layer *l;
	struct design d;
	struct knobs k;
	struct part part = xcu250();
	struct est_input in;
	long n = r->d_in * r->d_out;
	uint64_t seed = fnv1a(r->name) * 0x9E3779B97F4A7C15ULL + 1;
	double lim = sqrt(3.0 / (double)r->d_in);
	float *v;

	model_init(&m);
	l = model_add_layer(&m, "input", "InputLayer", LAYER_INPUT);
	l->in_shape.ndim = l->out_shape.ndim = 1;
	l->in_shape.dim[0] = l->out_shape.dim[0] = r->d_in;
	l = model_add_layer(&m, "dense", "QDense", LAYER_DENSE);
	l->in_shape.ndim = l->out_shape.ndim = 1;
	l->in_shape.dim[0] = r->d_in;
	l->out_shape.dim[0] = r->d_out;
	l->units = r->d_out;
	l->use_bias = true;
	l->weights = xcalloc(1, sizeof(*l->weights));
	l->n_weights = 1;
	l->weights[0].name = xstrdup("kernel");
	l->weights[0].shape.ndim = 2;
	l->weights[0].shape.dim[0] = r->d_in;
	l->weights[0].shape.dim[1] = r->d_out;
	v = l->weights[0].data = xmalloc((size_t)n * sizeof(float));
	l->n_zeros = 0;
	for (long i = 0; i < n; i++) {
		double x = (2 * lcg_uniform(&seed) - 1) * lim;

		v[i] = (float)qkeras_bits(x, (int)r->bits);
		if (v[i] == 0)
			l->n_zeros++;
	}
	r->nz = l->n_zeros;

	design_init(&d);
	memset(&k, 0, sizeof(k));
	k.reuse_factor = r->rf;
	k.strategy = r->strategy;
	k.parallelization_factor = 1;
	k.table_size = 1024;
	for (int s = 0; s < PREC_COUNT; s++) {
		k.prec[s].set = true;
		k.prec[s].type = fixed_make(16, 6, true);
	}
	k.prec[PREC_WEIGHT].type = fixed_make((int)r->bits, 1, true);
	k.prec[PREC_BIAS].type = fixed_make((int)r->bits, 1, true);
	res_weight_stats(l, &k.prec[PREC_WEIGHT].type, &r->ws);
	in = (struct est_input){
		.m = &m, .l = l, .idx = 1, .k = &k,
		.in_type = k.prec[PREC_DEFAULT], .ws = &r->ws, .part = &part,
		.d = &d, .mode = EST_CSYNTH,
	};
	est_dense(&in, &r->est);
	design_release(&d);
	model_release(&m);
}

/* Splits line at tabs into f (at most MAX_FIELDS); returns the count. */
static int split_tabs(char *line, char **f)
{
	int n = 0;

	f[n++] = line;
	for (char *p = line; *p && n < MAX_FIELDS; p++)
		if (*p == '\t') {
			*p = '\0';
			f[n++] = p + 1;
		}
	return n;
}

static int parse_rows(char *text, struct row **out, long *n_out)
{
	struct row *rows = NULL;
	long n = 0;
	char *save = NULL, *line;
	bool header = true;

	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char *f[MAX_FIELDS];
		struct row r;

		if (header) {
			header = false;
			continue;
		}
		if (split_tabs(line, f) < 13)
			continue;
		memset(&r, 0, sizeof(r));
		snprintf(r.source, sizeof(r.source), "%s", f[0]);
		snprintf(r.name, sizeof(r.name), "%s", f[1]);
		r.d_in = atol(f[2]);
		r.d_out = atol(f[3]);
		r.bits = atol(f[4]);
		r.rf = atol(f[5]);
		r.strategy = strcmp(f[6], "Resource") == 0 ? STRATEGY_RESOURCE
							     : STRATEGY_LATENCY;
		r.lat = atol(f[7]);
		r.ii = atol(f[8]);
		r.dsp = atof(f[9]);
		r.bram = atof(f[10]);
		r.ff = atof(f[11]);
		r.lut = atof(f[12]);
		r.train = fnv1a(r.name) % 10 < 7;
		if (r.d_in < 1 || r.d_out < 1 || r.bits < 1 || r.rf < 1)
			continue;
		rows = xreallocarray(rows, (size_t)n + 1, sizeof(*rows));
		rows[n++] = r;
	}
	*out = rows;
	*n_out = n;
	return 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* q-quantile (0..1) of v[0..n), nearest rank; sorts v. */
static double quantile(double *v, long n, double q)
{
	long i;

	if (n == 0)
		return NAN;
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	i = (long)ceil(q * (double)n) - 1;
	if (i < 0)
		i = 0;
	return v[i];
}

/* Absolute percentage error; an actual of 0 counts as 1. */
static double ape(double pred, double act)
{
	return 100.0 * fabs(pred - act) / (act > 1 ? act : 1);
}

enum { SEL_ALL = -1 };

static bool selected(const struct row *r, int train, int strategy)
{
	return r->train == (train != 0) &&
	       (strategy == SEL_ALL || (int)r->strategy == strategy);
}

static double pct(long a, long b)
{
	return b ? 100.0 * (double)a / (double)b : NAN;
}

/* One table line: rates and error quantiles over the selected rows. */
static void report_group(const struct row *rows, long n, int train,
			 int strategy, const char *label)
{
	double *e[5];
	long cnt = 0, ii_ok = 0, lat_ok = 0, dsp_ok = 0, bram_ok = 0;
	long w8 = 0, dsp8_ok = 0;

	for (int j = 0; j < 5; j++)
		e[j] = xcalloc((size_t)n + 1, sizeof(double));
	for (long i = 0; i < n; i++) {
		const struct row *r = &rows[i];
		const struct layer_est *o = &r->est;

		if (!selected(r, train, strategy))
			continue;
		e[0][cnt] = ape(o->dsp, r->dsp);
		e[1][cnt] = ape(o->lut, r->lut);
		e[2][cnt] = ape(o->ff, r->ff);
		e[3][cnt] = ape(o->bram18, r->bram);
		e[4][cnt] = ape((double)o->latency, (double)r->lat);
		cnt++;
		ii_ok += o->ii == r->ii;
		lat_ok += labs(o->latency - r->lat) <= 2;
		dsp_ok += lround(o->dsp) == lround(r->dsp);
		bram_ok += fabs(o->bram18 - r->bram) <= 1;
		if (r->bits >= 8) {
			w8++;
			dsp8_ok += lround(o->dsp) == lround(r->dsp);
		}
	}
	printf("| %s | %s | %ld | %.1f | %.1f | %.1f | %.1f | %.1f |",
	       train ? "train" : "held-out", label, cnt, pct(ii_ok, cnt),
	       pct(lat_ok, cnt), pct(dsp_ok, cnt), pct(dsp8_ok, w8),
	       pct(bram_ok, cnt));
	for (int j = 0; j < 5; j++) {
		double md = quantile(e[j], cnt, 0.5);
		double p90 = quantile(e[j], cnt, 0.9);

		printf(" %.1f / %.1f |", md, p90);
		free(e[j]);
	}
	printf("\n");
}

static void print_features(const struct row *rows, long n)
{
	printf("split\tname\tstrategy\td_in\td_out\tbits\trf\tnz\tws_n\t"
	       "ws_zeros\tws_pow2\tws_unique\tws_shift_add\tws_eff\t"
	       "lat\tii\tdsp\tbram\tff\tlut\tp_lat\tp_ii\tp_dsp\tp_bram\t"
	       "p_ff\tp_lut\n");
	for (long i = 0; i < n; i++) {
		const struct row *r = &rows[i];
		const struct layer_est *o = &r->est;

		printf("%s\t%s\t%s\t%ld\t%ld\t%ld\t%ld\t%ld\t%ld\t%ld\t%ld\t"
		       "%ld\t%ld\t%d\t%ld\t%ld\t%g\t%g\t%g\t%g\t%ld\t%ld\t%g\t"
		       "%g\t%g\t%g\n",
		       r->train ? "train" : "held", r->name,
		       strategy_name(r->strategy), r->d_in, r->d_out, r->bits,
		       r->rf, r->nz, r->ws.n, r->ws.zeros, r->ws.pow2,
		       r->ws.unique, r->ws.shift_add, r->ws.eff_bits, r->lat,
		       r->ii, r->dsp, r->bram, r->ff, r->lut, o->latency, o->ii,
		       o->dsp, o->bram18, o->ff, o->lut);
	}
}

int main(int argc, char **argv)
{
	struct error err = { 0 };
	char *text;
	size_t len;
	struct row *rows;
	long n;
	bool features = false;
	const char *path = NULL;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--features") == 0)
			features = true;
		else
			path = argv[i];
	}
	if (!path) {
		fprintf(stderr, "usage: accuracy [--features] ROWS.tsv\n");
		return 2;
	}
	if (fileio_read(path, 64L << 20, &text, &len, &err) < 0) {
		fprintf(stderr, "accuracy: %s\n", err.msg);
		return 1;
	}
	parse_rows(text, &rows, &n);
	for (long i = 0; i < n; i++)
		estimate_row(&rows[i]);
	if (features) {
		print_features(rows, n);
	} else {
		printf("| split | strategy | rows | II exact %% | latency "
		       "+-2 %% | DSP exact %% | DSP exact %% (w >= 8) | BRAM18 "
		       "+-1 %% | DSP APE med / p90 | LUT APE med / p90 | FF "
		       "APE med / p90 | BRAM18 APE med / p90 | latency APE "
		       "med / p90 |\n");
		printf("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
		for (int t = 1; t >= 0; t--) {
			report_group(rows, n, t, STRATEGY_LATENCY, "Latency");
			report_group(rows, n, t, STRATEGY_RESOURCE, "Resource");
			report_group(rows, n, t, SEL_ALL, "all");
		}
	}
	free(rows);
	free(text);
	return 0;
}
