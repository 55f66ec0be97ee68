/*
 * fuzz_result.c - libFuzzer target for the result.json reader
 * (result_parse): any input either yields a result whose every set has a
 * known source, named metrics and finite values, or fails with a message.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "backends/report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* True when source is one result.json may carry. */
static int known_source(const char *source)
{
	return !strcmp(source, "csynth") || !strcmp(source, "impl") ||
		!strcmp(source, "sim") || !strcmp(source, "yosys");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct run_result r;
	struct error err;

	if (size > 1 << 16)
		return 0;
	err.msg[0] = '\0';
	if (result_parse((const char *)data, size, "fuzz.json", &r,
			 &err) == 0) {
		if (!r.backend || !r.backend[0] || r.n_sets < 0 ||
		    r.n_sets > 4)
			abort();
		for (int i = 0; i < r.n_sets; i++) {
			if (!known_source(r.sets[i].source))
				abort();
			for (int j = 0; j < r.sets[i].n; j++)
				if (!r.sets[i].m[j].layer ||
				    !r.sets[i].m[j].key[0] ||
				    !isfinite(r.sets[i].m[j].value))
					abort();
		}
		run_result_release(&r);
	} else if (!err.msg[0] || r.backend || r.n_sets) {
		abort();
	}
	return 0;
}
