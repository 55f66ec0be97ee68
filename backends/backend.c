/*
 * backend.c - the backend table and what all backends share.
 */
#include <stdlib.h>
#include <string.h>

#include "backends/backend.h"
#include "backends/hls4ml.h"

static const struct backend *const backends[] = {
	&hls4ml_vitis_backend,
	&hls4ml_vivado_backend,
	/* open flows (yosys) go here */
};

#define N_BACKENDS ((int)(sizeof(backends) / sizeof(backends[0])))

int backend_count(void)
{
	return N_BACKENDS;
}

const struct backend *backend_at(int i)
{
	return i >= 0 && i < N_BACKENDS ? backends[i] : NULL;
}

const struct backend *backend_find(const char *name)
{
	for (int i = 0; i < N_BACKENDS; i++)
		if (strcmp(backends[i]->name, name) == 0)
			return backends[i];
	return NULL;
}

void step_release(struct step *s)
{
	for (int i = 0; i < STEP_MAX_ARGS && s->argv[i]; i++)
		free(s->argv[i]);
	memset(s, 0, sizeof(*s));
}
