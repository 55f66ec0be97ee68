/*
 * bench_estimate.c - `make bench`: the cost of estimates, which run on
 * every keystroke: a full estimate of the jet tagger, a full estimate of
 * a 50-layer CNN, and one knob change (design_set + re-estimate of that
 * layer and the totals). Each figure is the median over 31 batches of
 * wall-clock time (CLOCK_MONOTONIC), after a warm-up.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/keras.h"
#include "core/xalloc.h"
#include "estimators/estimate.h"
#include "test/bench/benchlib.h"

#define BATCHES 31

struct ctx {
	struct model *m;
	struct design *d;
	struct estimate *e;
	int layer;
	const char *set[2];
	long n;
	enum est_mode mode;
};

static void full(struct ctx *c)
{
	struct error err;

	if (estimate_run(c->e, c->m, c->d, c->mode, &err) < 0) {
		fprintf(stderr, "bench: %s\n", err.msg);
		exit(1);
	}
}

static void knob(struct ctx *c)
{
	struct error err;

	if (design_set(c->d, c->m, c->set[c->n++ & 1], &err) < 0) {
		fprintf(stderr, "bench: %s\n", err.msg);
		exit(1);
	}
	estimate_update_layer(c->e, c->layer);
}

/* Median time of one call of fn, in microseconds. */
static double median_us(void (*fn)(struct ctx *), struct ctx *c, int per)
{
	double t[BATCHES];

	for (int i = 0; i < per; i++)
		fn(c);
	for (int b = 0; b < BATCHES; b++) {
		double t0 = now_us();

		for (int i = 0; i < per; i++)
			fn(c);
		t[b] = (now_us() - t0) / per;
	}
	return bench_median(t, BATCHES);
}

/* A 51-layer CNN: 32x32x3 input, 24 Conv2D 3x3 'same' 16-filter layers
 * each with its relu split off (48 layers), Flatten, Dense(10). */
static char *cnn_json(void)
{
	size_t cap = 1 << 16, used = 0;
	char *s = xmalloc(cap);
	char name[32];

	used += (size_t)snprintf(s + used, cap - used,
		"{\"class_name\":\"Sequential\",\"config\":{\"name\":\"cnn50\","
		"\"layers\":[{\"class_name\":\"InputLayer\",\"config\":{\"name\":"
		"\"in\",\"batch_input_shape\":[null,32,32,3]}}");
	for (int i = 0; i < 24; i++) {
		snprintf(name, sizeof(name), "conv%d", i);
		used += (size_t)snprintf(s + used, cap - used,
			",{\"class_name\":\"Conv2D\",\"config\":{\"name\":\"%s\","
			"\"filters\":16,\"kernel_size\":[3,3],\"strides\":[1,1],"
			"\"padding\":\"same\",\"activation\":\"relu\"}}", name);
	}
	snprintf(s + used, cap - used,
		 ",{\"class_name\":\"Flatten\",\"config\":{\"name\":\"flat\"}},"
		 "{\"class_name\":\"Dense\",\"config\":{\"name\":\"out\","
		 "\"units\":10}}]}}");
	return s;
}

/* Times a full estimate of m, then each pair of alternating knob
 * changes on layer l (sets[2k], sets[2k+1]). */
static void bench_model(const char *label, struct model *m, const char *l,
			const char *const *sets, int n_sets, enum est_mode mode)
{
	struct design d;
	struct estimate e = { 0 };
	struct ctx c = { m, &d, &e, model_find(m, l), { NULL, NULL }, 0,
			 mode };

	design_init(&d);
	full(&c);
	printf("%-40s %8.2f us  (%d layers)\n", label,
	       median_us(full, &c, 200), m->n_layers);
	for (int k = 0; k + 1 < n_sets; k += 2) {
		c.set[0] = sets[k];
		c.set[1] = sets[k + 1];
		printf("  %-38s %8.2f us  (%s <-> %s)\n", "one knob change",
		       median_us(knob, &c, 200), sets[k], sets[k + 1]);
	}
	estimate_release(&e);
	design_release(&d);
}

int main(int argc, char **argv)
{
	/* the weight-type change re-quantizes fc1's 1024 weights */
	static const char *const jet_sets[] = {
		"fc1.reuse_factor=2", "fc1.reuse_factor=4",
		"fc1.precision.weight=ap_fixed<8,3>",
		"fc1.precision.weight=ap_fixed<10,4>",
	};
	static const char *const rtl_sets[] = {
		"fc1.reuse_factor=8", "fc1.reuse_factor=16",
	};
	static const char *const cnn_sets[] = {
		"conv5.reuse_factor=3", "conv5.reuse_factor=9",
	};
	struct model m;
	struct error err;
	char *cnn = cnn_json();
	const char *jet = argc > 1 ? argv[1] : "examples/jet_tagger.json";

	model_init(&m);
	if (keras_load(&m, jet, NULL, &err) < 0) {
		fprintf(stderr, "bench: %s\n", err.msg);
		return 1;
	}
	bench_model("full estimate, jet tagger", &m, "fc1", jet_sets, 4,
		    EST_CSYNTH);
	/* rtl mode: fc1 at RF 8 and 16 has a logic ROM whose distinct bit
	 * functions are counted from its 1024 weights */
	bench_model("full estimate, jet tagger, mode rtl", &m, "fc1",
		    rtl_sets, 2, EST_RTL);
	model_release(&m);
	model_init(&m);
	if (keras_parse_json(&m, cnn, strlen(cnn), "cnn50", &err) < 0) {
		fprintf(stderr, "bench: %s\n", err.msg);
		return 1;
	}
	bench_model("full estimate, 50-layer CNN", &m, "conv5", cnn_sets, 2,
		    EST_CSYNTH);
	model_release(&m);
	free(cnn);
	return 0;
}
