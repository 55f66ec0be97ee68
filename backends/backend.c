/*
 * backend.c - the backend table and what all backends share.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "backends/backend.h"
#include "backends/hls4ml.h"
#include "backends/yosys.h"

static const struct backend *const backends[] = {
	&hls4ml_vitis_backend,
	&hls4ml_vivado_backend,
	&yosys_backend,
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

bool backend_in_path(const char *prog)
{
	const char *path = getenv("PATH"), *p, *e;
	char buf[4096];

	if (strchr(prog, '/'))
		return access(prog, X_OK) == 0;
	if (!path)
		path = "/usr/local/bin:/usr/bin:/bin";
	for (p = path;; p = e + 1) {
		size_t n;

		e = strchr(p, ':');
		n = e ? (size_t)(e - p) : strlen(p);
		if (n == 0)
			snprintf(buf, sizeof(buf), "./%s", prog);
		else
			snprintf(buf, sizeof(buf), "%.*s/%s", (int)n, p, prog);
		if (access(buf, X_OK) == 0)
			return true;
		if (!e)
			return false;
	}
}
