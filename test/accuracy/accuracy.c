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
	/* raw lecun_uniform floats (the models were saved untrained): the
	   weight type ap_fixed<p,1> truncates them (TRN), as the generated
	   C++ does; hls4ml's n_zeros counts exact float zeros */
	l->n_zeros = 0;
	for (long i = 0; i < n; i++) {
		v[i] = (float)((2 * lcg_uniform(&seed) - 1) * lim);
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

struct stats {
	long n, ii_ok, lat_ok, dsp_ok, bram_ok, w8, dsp8_ok;
	double med[5], p90[5];	/* DSP, LUT, FF, BRAM18, latency APE */
};

/* Rates and error quantiles over the selected rows. */
static void group_stats(const struct row *rows, long n, int train,
			int strategy, struct stats *st)
{
	double *e[5];

	memset(st, 0, sizeof(*st));
	for (int j = 0; j < 5; j++)
		e[j] = xcalloc((size_t)n + 1, sizeof(double));
	for (long i = 0; i < n; i++) {
		const struct row *r = &rows[i];
		const struct layer_est *o = &r->est;
		long c = st->n;

		if (!selected(r, train, strategy))
			continue;
		e[0][c] = ape(o->dsp, r->dsp);
		e[1][c] = ape(o->lut, r->lut);
		e[2][c] = ape(o->ff, r->ff);
		e[3][c] = ape(o->bram18, r->bram);
		e[4][c] = ape((double)o->latency, (double)r->lat);
		st->n++;
		st->ii_ok += o->ii == r->ii;
		st->lat_ok += labs(o->latency - r->lat) <= 2;
		st->dsp_ok += lround(o->dsp) == lround(r->dsp);
		st->bram_ok += fabs(o->bram18 - r->bram) <= 1;
		if (r->bits >= 8) {
			st->w8++;
			st->dsp8_ok += lround(o->dsp) == lround(r->dsp);
		}
	}
	for (int j = 0; j < 5; j++) {
		st->med[j] = quantile(e[j], st->n, 0.5);
		st->p90[j] = quantile(e[j], st->n, 0.9);
		free(e[j]);
	}
}

/* One table line. */
static void report_group(const struct row *rows, long n, int train,
			 int strategy, const char *label)
{
	struct stats st;

	group_stats(rows, n, train, strategy, &st);
	printf("| %s | %s | %ld | %.1f | %.1f | %.1f | %.1f | %.1f |",
	       train ? "train" : "held-out", label, st.n,
	       pct(st.ii_ok, st.n), pct(st.lat_ok, st.n),
	       pct(st.dsp_ok, st.n), pct(st.dsp8_ok, st.w8),
	       pct(st.bram_ok, st.n));
	for (int j = 0; j < 5; j++)
		printf(" %.1f / %.1f |", st.med[j], st.p90[j]);
	printf("\n");
}

static void target_line(const char *what, double train, double held,
			double goal, bool at_most)
{
	bool ok_t = at_most ? train <= goal : train >= goal;
	bool ok_h = at_most ? held <= goal : held >= goal;

	printf("| %s | %s %.0f %% | %.1f %% (%s) | %.1f %% (%s) |\n", what,
	       at_most ? "<=" : ">=", goal, train, ok_t ? "met" : "missed",
	       held, ok_h ? "met" : "missed");
}

/* The csynth targets on both splits. */
static void report_targets(const struct row *rows, long n)
{
	struct stats r[2], a[2];

	for (int t = 0; t < 2; t++) {
		group_stats(rows, n, t, STRATEGY_RESOURCE, &r[t]);
		group_stats(rows, n, t, SEL_ALL, &a[t]);
	}
	printf("| target (csynth) | goal | train | held-out |\n");
	printf("|---|---|---|---|\n");
	target_line("II exact, Resource rows", pct(r[1].ii_ok, r[1].n),
		    pct(r[0].ii_ok, r[0].n), 95, false);
	target_line("latency within +-2 cycles, all rows",
		    pct(a[1].lat_ok, a[1].n), pct(a[0].lat_ok, a[0].n), 90,
		    false);
	target_line("DSP exact, Resource rows with weights >= 8 bits",
		    pct(r[1].dsp8_ok, r[1].w8), pct(r[0].dsp8_ok, r[0].w8), 90,
		    false);
	target_line("BRAM18 within +-1, all rows", pct(a[1].bram_ok, a[1].n),
		    pct(a[0].bram_ok, a[0].n), 90, false);
	target_line("FF median error, all rows", a[1].med[2], a[0].med[2], 15,
		    true);
	target_line("LUT median error, all rows", a[1].med[1], a[0].med[1],
		    25, true);
}

static void print_report(const struct row *rows, long n)
{
	printf("| split | strategy | rows | II exact %% | latency +-2 %% | "
	       "DSP exact %% | DSP exact %% (w >= 8) | BRAM18 +-1 %% | DSP "
	       "APE med / p90 | LUT APE med / p90 | FF APE med / p90 | "
	       "BRAM18 APE med / p90 | latency APE med / p90 |\n");
	printf("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
	for (int t = 1; t >= 0; t--) {
		report_group(rows, n, t, STRATEGY_LATENCY, "Latency");
		report_group(rows, n, t, STRATEGY_RESOURCE, "Resource");
		report_group(rows, n, t, SEL_ALL, "all");
	}
	printf("\n");
	report_targets(rows, n);
}

#ifdef ACC_BASELINES
/*
 * hls4ml CI baselines (Vivado/Vitis rows of hls4ml_baselines.csv, one
 * JSON object per line from run.sh): the whole design through
 * estimate_run, compared with the report of the top function.
 */
#include <cjson/cJSON.h>

static double jnum(const cJSON *o, const char *key, double dflt)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	return cJSON_IsNumber(v) ? v->valuedouble : dflt;
}

static const char *jstr(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	return cJSON_IsString(v) ? v->valuestring : "";
}

/* Shape from a JSON list of dimensions. */
static void jshape(const cJSON *o, const char *key, struct shape *s)
{
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(o, key), *v;

	s->ndim = 0;
	cJSON_ArrayForEach(v, a)
		if (s->ndim < SHAPE_MAX_DIMS && cJSON_IsNumber(v))
			s->dim[s->ndim++] = (long)v->valuedouble;
}

/* Fills a weight tensor from the initializer the baseline names. */
static void init_weights(struct layer *l, const char *var, const long *dims,
			 int ndim, const char *init, double fan_in,
			 double fan_out, uint64_t *seed)
{
	struct tensor *t;
	long n = 1;

	l->weights = xreallocarray(l->weights, (size_t)l->n_weights + 1,
				   sizeof(*l->weights));
	t = &l->weights[l->n_weights++];
	memset(t, 0, sizeof(*t));
	t->name = xstrdup(var);
	t->shape.ndim = ndim;
	for (int i = 0; i < ndim; i++) {
		t->shape.dim[i] = dims[i];
		n *= dims[i];
	}
	t->data = xcalloc((size_t)n, sizeof(float));
	for (long i = 0; i < n; i++) {
		double u = lcg_uniform(seed), x = 0;

		if (strncmp(init, "RandomUniform", 13) == 0)
			x = 1 + 9 * u;
		else if (strcmp(init, "lecun_uniform") == 0)
			x = (2 * u - 1) * sqrt(3 / fan_in);
		else if (strcmp(init, "glorot_uniform") == 0)
			x = (2 * u - 1) * sqrt(6 / (fan_in + fan_out));
		else if (strncmp(init, "normal", 6) == 0) {
			double u2 = lcg_uniform(seed);

			x = 0.05 * sqrt(-2 * log(u + 1e-300)) *
			    cos(2 * M_PI * u2);
		}
		t->data[i] = (float)x;
		if (x == 0)
			t->n_zeros++;
	}
	if (strcmp(var, "bias") != 0)
		l->n_zeros = t->n_zeros;
}

/* Appends the layer a baseline's model_json entry describes. */
static void add_layer(struct model *m, const cJSON *j, int idx,
		      uint64_t *seed)
{
	const char *cls = jstr(j, "class"), *kcls = jstr(j, "keras_class");
	char name[32];
	struct layer *l;
	enum layer_kind kind = LAYER_UNSUPPORTED;
	int act = activation_from_name(jstr(j, "activation"));

	if (strcmp(cls, "InputLayer") == 0)
		kind = LAYER_INPUT;
	else if (strcmp(cls, "Dense") == 0)
		kind = LAYER_DENSE;
	else if (strcmp(cls, "Conv2D") == 0)
		kind = LAYER_CONV2D;
	else if (strcmp(cls, "DepthwiseConv1D") == 0)
		kind = LAYER_DEPTHWISE_CONV1D;
	else if (strcmp(cls, "DepthwiseConv2D") == 0)
		kind = LAYER_DEPTHWISE_CONV2D;
	else if (strcmp(cls, "Pooling1D") == 0)
		kind = LAYER_POOL1D;
	else if (strcmp(cls, "Pooling2D") == 0)
		kind = LAYER_POOL2D;
	else if (strcmp(cls, "PReLU") == 0)
		kind = LAYER_PRELU;
	else if (strcmp(kcls, "Activation") == 0)
		kind = LAYER_ACTIVATION;
	else if (strcmp(kcls, "ELU") == 0 || strcmp(kcls, "LeakyReLU") == 0)
		kind = LAYER_PARAM_ACTIVATION;
	snprintf(name, sizeof(name), "l%d", idx);
	l = model_add_layer(m, name, kcls[0] ? kcls : cls, kind);
	if (idx > 0) {
		l->inputs = xmalloc(sizeof(*l->inputs));
		l->inputs[0] = idx - 1;
		l->n_inputs = 1;
	}
	if (kind == LAYER_INPUT) {
		jshape(j, "shape", &l->in_shape);
		l->out_shape = l->in_shape;
		return;
	}
	jshape(j, "input_shape", &l->in_shape);
	jshape(j, "output_shape", &l->out_shape);
	l->activation = act >= 0 ? (enum activation)act : ACT_LINEAR;
	l->alpha = jnum(j, "alpha", 0);
	l->use_bias = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(j,
								     "use_bias"));
	l->padding = strcmp(jstr(j, "padding"), "same") == 0 ? PAD_SAME
							   : PAD_VALID;
	l->kernel[0] = (int)jnum(j, "filt_height", 1);
	l->kernel[1] = (int)jnum(j, "filt_width", 1);
	l->strides[0] = (int)jnum(j, "stride_height", 1);
	l->strides[1] = (int)jnum(j, "stride_width", 1);
	l->pool[0] = (int)jnum(j, "pool_height", 1);
	l->pool[1] = (int)jnum(j, "pool_width", 1);
	l->pool_op = strcmp(jstr(j, "pool_op"), "Average") == 0 ? POOL_AVERAGE
								 : POOL_MAX;
	l->depth_multiplier = (int)jnum(j, "depth_multiplier", 1);
	if (kind == LAYER_DENSE) {
		long d[2] = { (long)jnum(j, "n_in", 1),
			      (long)jnum(j, "n_out", 1) };

		l->units = d[1];
		init_weights(l, "kernel", d, 2, jstr(j, "kernel_initializer"),
			     (double)d[0], (double)d[1], seed);
	} else if (kind == LAYER_CONV2D) {
		long c = (long)jnum(j, "n_chan", 1);
		long d[4] = { l->kernel[0], l->kernel[1], c,
			      (long)jnum(j, "n_filt", 1) };

		l->filters = d[3];
		init_weights(l, "kernel", d, 4, jstr(j, "kernel_initializer"),
			     0, 0, seed);
	} else if (kind == LAYER_DEPTHWISE_CONV1D ||
		   kind == LAYER_DEPTHWISE_CONV2D) {
		long c = (long)jnum(j, "n_chan", 1), k = l->kernel[0] *
			 (long)l->kernel[1];
		long d[4] = { l->kernel[0], l->kernel[1], c,
			      l->depth_multiplier };
		bool one = kind == LAYER_DEPTHWISE_CONV1D;

		l->filters = c * l->depth_multiplier;
		init_weights(l, "depthwise_kernel", one ? d + 1 : d,
			     one ? 3 : 4, jstr(j, "kernel_initializer"),
			     (double)(k * c), (double)(k * l->depth_multiplier),
			     seed);
	} else if (kind == LAYER_PRELU) {
		long d[1] = { shape_size(&l->in_shape) };

		init_weights(l, "alpha", d, 1, "zeros", 1, 1, seed);
		l->activation = ACT_PRELU;
	}
	if (l->use_bias) {
		long d[1] = { shape_size(&l->out_shape) };

		if (kind == LAYER_DEPTHWISE_CONV1D ||
		    kind == LAYER_DEPTHWISE_CONV2D || kind == LAYER_CONV2D)
			d[0] = l->filters;
		init_weights(l, "bias", d, 1, "zeros", 1, 1, seed);
	}
	l->n_params = 0;
	for (int i = 0; i < l->n_weights; i++)
		l->n_params += shape_size(&l->weights[i].shape);
}

static void print_baseline(const cJSON *b)
{
	struct model m;
	struct design d;
	struct estimate e;
	struct error err = { 0 };
	const cJSON *layers = cJSON_GetObjectItemCaseSensitive(b, "model"), *j;
	uint64_t seed = fnv1a(jstr(b, "test")) * 0x9E3779B97F4A7C15ULL + 1;
	int idx = 0;
	struct fixed_type t;

	model_init(&m);
	design_init(&d);
	memset(&e, 0, sizeof(e));
	cJSON_ArrayForEach(j, layers)
		add_layer(&m, j, idx++, &seed);
	d.io_type = strcmp(jstr(b, "io_type"), "io_stream") == 0 ? IO_STREAM
								  : IO_PARALLEL;
	d.strategy = strcmp(jstr(b, "strategy"), "Resource") == 0
			     ? STRATEGY_RESOURCE
			     : STRATEGY_LATENCY;
	d.reuse_factor = (long)jnum(b, "reuse_factor", 1);
	if (fixed_parse(jstr(b, "precision"), &t, &err) == 0)
		d.prec[PREC_DEFAULT].type = t;
	if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(b, "auto")))
		for (int i = 0; i < m.n_layers; i++) {
			struct layer_knobs *lk;

			if (!layer_has_weights(&m.layers[i]))
				continue;
			lk = design_layer(&d, m.layers[i].name, true);
			lk->prec[PREC_ACCUM].set = lk->prec[PREC_ACCUM].is_auto =
				true;
			lk->prec[PREC_RESULT].set =
				lk->prec[PREC_RESULT].is_auto = true;
		}
	if (estimate_run(&e, &m, &d, EST_CSYNTH, &err) < 0) {
		printf("| %s | error: %s |\n", jstr(b, "test"), err.msg);
	} else {
		const struct layer_est *o = &e.total;

		printf("| %s %s | %s | %ld / %g | %ld / %g | %g / %g | %g / "
		       "%g | %.0f / %g | %.0f / %g |\n",
		       jstr(b, "backend"), jstr(b, "tool"), jstr(b, "test"),
		       o->latency, jnum(b, "latency", -1), o->ii,
		       jnum(b, "ii", -1), round(o->dsp), jnum(b, "dsp", -1),
		       round(o->bram18), jnum(b, "bram18", -1), o->ff,
		       jnum(b, "ff", -1), o->lut, jnum(b, "lut", -1));
	}
	estimate_release(&e);
	design_release(&d);
	model_release(&m);
}

/* Prints the per-design table for the baselines file at path. */
static int report_baselines(const char *path)
{
	struct error err = { 0 };
	char *text, *save = NULL, *line;
	size_t len;

	if (fileio_read(path, 16L << 20, &text, &len, &err) < 0) {
		fprintf(stderr, "accuracy: %s\n", err.msg);
		return -1;
	}
	printf("| tool | design | latency est / real | II est / real | DSP "
	       "est / real | BRAM18 est / real | FF est / real | LUT est / "
	       "real |\n");
	printf("|---|---|---|---|---|---|---|---|\n");
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		cJSON *b = cJSON_Parse(line);

		if (b)
			print_baseline(b);
		cJSON_Delete(b);
	}
	free(text);
	return 0;
}
#endif

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
	const char *path = NULL, *baselines = NULL;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--features") == 0)
			features = true;
		else if (strcmp(argv[i], "--baselines") == 0 && i + 1 < argc)
			baselines = argv[++i];
		else
			path = argv[i];
	}
	if (baselines) {
#ifdef ACC_BASELINES
		return report_baselines(baselines) < 0;
#else
		fprintf(stderr, "accuracy: built without estimate_run\n");
		return 1;
#endif
	}
	if (!path) {
		fprintf(stderr, "usage: accuracy [--features] ROWS.tsv\n       accuracy --baselines ROWS.jsonl\n");
		return 2;
	}
	if (fileio_read(path, 64L << 20, &text, &len, &err) < 0) {
		fprintf(stderr, "accuracy: %s\n", err.msg);
		return 1;
	}
	parse_rows(text, &rows, &n);
	for (long i = 0; i < n; i++)
		estimate_row(&rows[i]);
	if (features)
		print_features(rows, n);
	else
		print_report(rows, n);
	free(rows);
	free(text);
	return 0;
}
