/*
 * esttest.h - helpers the per-layer estimator tests share: a hand-built
 * xcvu13p part, knobs filled directly (hls4ml defaults: fixed<16,6>
 * everywhere, RF 1, Latency, table size 1024, table types fixed<18,8>),
 * an est_input around one layer, deterministic normal weights, and a
 * check that an estimate holds no NaN or negative number.
 * Header-only (static inline).
 */
#ifndef HLSDSE_ESTTEST_H
#define HLSDSE_ESTTEST_H

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "core/xalloc.h"
#include "estimators/estimate.h"

/* xcvu13p as the hls4ml baselines' reports give it. */
static inline struct part vu13p(void)
{
	return (struct part){
		.device = "xcvu13p", .family = "virtexuplus",
		.example = "xcvu13p-flga2577-2-e", .dsp_kind = DSP48E2,
		.lut = 1728000, .ff = 3456000, .dsp = 12288, .bram18 = 5376,
		.uram = 1280,
	};
}

static inline struct precision prec_of(int w, int i, bool s)
{
	return (struct precision){ .set = true, .type = fixed_make(w, i, s) };
}

/* Every slot fixed<16,6>; table slots fixed<18,8>. */
static inline void knobs_default(struct knobs *k)
{
	memset(k, 0, sizeof(*k));
	k->reuse_factor = 1;
	k->strategy = STRATEGY_LATENCY;
	k->parallelization_factor = 1;
	k->table_size = 1024;
	k->implementation = SOFTMAX_STABLE;
	for (int s = 0; s < PREC_COUNT; s++)
		k->prec[s] = prec_of(16, 6, true);
	k->prec[PREC_TABLE] = prec_of(18, 8, true);
	k->prec[PREC_EXP_TABLE] = prec_of(18, 8, true);
	k->prec[PREC_INV_TABLE] = prec_of(18, 8, true);
}

/* Everything an estimator needs about layer idx of m. */
struct est_fixture {
	struct part part;
	struct design d;
	struct knobs k;
	struct est_input in;
};

static inline void fixture_init(struct est_fixture *f, const struct model *m,
				int idx, enum io_type io)
{
	memset(f, 0, sizeof(*f));
	f->part = vu13p();
	design_init(&f->d);
	f->d.io_type = io;
	knobs_default(&f->k);
	f->in = (struct est_input){
		.m = m, .l = &m->layers[idx], .idx = idx, .k = &f->k,
		.in_type = prec_of(16, 6, true), .ws = NULL,
		.part = &f->part, .d = &f->d, .mode = EST_CSYNTH,
	};
}

static inline void fixture_release(struct est_fixture *f)
{
	design_release(&f->d);
}

/* Deterministic N(mean, sd) values (64-bit LCG, Box-Muller). */
static inline void normal_fill(float *v, long n, double sd, uint64_t seed)
{
	uint64_t s = seed;

	for (long i = 0; i < n; i += 2) {
		double u[2];

		for (int j = 0; j < 2; j++) {
			s = s * 6364136223846793005ULL + 1442695040888963407ULL;
			u[j] = ((double)(s >> 11) + 0.5) / 9007199254740992.0;
		}
		double r = sqrt(-2 * log(u[0])) * sd;

		v[i] = (float)(r * cos(2 * M_PI * u[1]));
		if (i + 1 < n)
			v[i + 1] = (float)(r * sin(2 * M_PI * u[1]));
	}
}

/* Attaches a weight tensor var of the given 1..4-d shape to l; returns
 * its data (zeroed). */
static inline float *add_tensor(struct layer *l, const char *var, int ndim,
				const long *dims)
{
	struct tensor *t;

	l->weights = xreallocarray(l->weights, (size_t)l->n_weights + 1,
				   sizeof(*l->weights));
	t = &l->weights[l->n_weights++];
	memset(t, 0, sizeof(*t));
	t->name = xstrdup(var);
	t->shape.ndim = ndim;
	for (int i = 0; i < ndim; i++)
		t->shape.dim[i] = dims[i];
	t->data = xcalloc((size_t)shape_size(&t->shape), sizeof(float));
	return t->data;
}

/* a == b to 1e-9 relative, in double (cmocka 1.1.5's assert_float_equal
 * compares floats). */
#define assert_near(a, b)                                                \
	assert_true(fabs((double)(a) - (double)(b)) <=                   \
		    1e-9 * fmax(1.0, fabs((double)(b))))

/* True when no figure of o is NaN or negative and II >= 1. */
static inline bool est_sane(const struct layer_est *o)
{
	double v[] = { o->dsp, o->lut, o->ff, o->bram18, o->uram };

	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		if (isnan(v[i]) || v[i] < 0 || isinf(v[i]))
			return false;
	return o->latency >= 0 && o->ii >= 1 && o->n_mult >= 0;
}

#endif
