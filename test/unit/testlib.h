/*
 * testlib.h - helpers the cmocka unit tests share: where ../shared's
 * models are (skipping when absent) and small hand-built layers, so tests
 * do not depend on the Keras reader. Header-only (static inline).
 */
#ifndef HLSDSE_TESTLIB_H
#define HLSDSE_TESTLIB_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/model.h"
#include "core/xalloc.h"

/* ../shared/models, or $SHARED/models. */
static inline const char *models_dir(void)
{
	static char buf[4096];
	const char *shared = getenv("SHARED");

	snprintf(buf, sizeof(buf), "%s/models", shared ? shared : "../shared");
	return buf;
}

/* Skips the current test when the shared models are absent. */
#define NEED_MODELS()                                                   \
	do {                                                            \
		struct stat st_;                                        \
		if (stat(models_dir(), &st_) != 0) {                    \
			print_message("# no shared models at %s\n",     \
				      models_dir());                    \
			skip();                                         \
		}                                                       \
	} while (0)

/* Makes a fresh directory /tmp/<name>.XXXXXX in buf (at least 64 bytes);
 * 0, or -1 when it cannot (a cmocka group setup's return value). */
static inline int test_tmpdir_make(char *buf, size_t n, const char *name)
{
	snprintf(buf, n, "/tmp/%s.XXXXXX", name);
	return mkdtemp(buf) ? 0 : -1;
}

/* Removes dir and everything in it; 0 or -1 (a group teardown's value). */
static inline int test_tmpdir_remove(const char *dir)
{
	char *cmd = xasprintf("rm -rf '%s'", dir);
	int rc = system(cmd);

	free(cmd);
	return rc == 0 ? 0 : -1;
}

/* Appends tensor name of shape [d0] (ndim 1) or [d0, d1] to l; its data
 * is allocated, not filled. */
static inline struct tensor *test_add_tensor(struct layer *l, const char *name,
					     int ndim, long d0, long d1)
{
	struct tensor *t;
	long n = ndim == 2 ? d0 * d1 : d0;

	l->weights = (struct tensor *)xreallocarray(l->weights,
		(size_t)l->n_weights + 1, sizeof(*l->weights));
	t = &l->weights[l->n_weights++];
	memset(t, 0, sizeof(*t));
	t->name = xstrdup(name);
	t->shape.ndim = ndim;
	t->shape.dim[0] = d0;
	t->shape.dim[1] = d1;
	t->data = (float *)xmalloc((size_t)n * sizeof(float));
	return t;
}

static inline void shape1(struct shape *s, long a)
{
	s->ndim = 1;
	s->dim[0] = a;
}

static inline void shape3(struct shape *s, long a, long b, long c)
{
	s->ndim = 3;
	s->dim[0] = a;
	s->dim[1] = b;
	s->dim[2] = c;
}

/* Appends a Dense (class cls) n_in -> units with a bias. */
static inline struct layer *add_dense_cls(struct model *m, const char *name,
					  const char *cls, long n_in,
					  long units)
{
	struct layer *l = model_add_layer(m, name, cls, LAYER_DENSE);

	shape1(&l->in_shape, n_in);
	shape1(&l->out_shape, units);
	l->units = units;
	l->use_bias = true;
	return l;
}

/* Appends an Activation layer (class cls) on n values. */
static inline struct layer *add_act(struct model *m, const char *name,
				    const char *cls, enum activation a,
				    long n)
{
	struct layer *l = model_add_layer(m, name, cls, LAYER_ACTIVATION);

	l->activation = a;
	shape1(&l->in_shape, n);
	shape1(&l->out_shape, n);
	return l;
}

#endif
