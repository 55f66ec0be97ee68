/*
 * fuzz_yosys.c - libFuzzer target for the open flow's report readers:
 * the first byte picks yosys `stat -json` (yosys_parse_stat) or the
 * testbench's sim.txt (yosys_parse_sim); any input either adds metrics
 * that are named, finite and not negative, or fails with a message and
 * adds nothing.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "backends/yosys.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "in", "fc1", "relu" };
	struct run_result r;
	struct error err;
	char *text;
	int rc;

	if (size < 1 || size > 1 << 16)
		return 0;
	text = malloc(size);
	memcpy(text, data + 1, size - 1);
	text[size - 1] = '\0';
	memset(&r, 0, sizeof(r));
	err.msg[0] = '\0';
	if (data[0] & 1)
		rc = yosys_parse_stat(text, size - 1, "stat.json", "top", names,
				      3, &r, &err);
	else
		rc = yosys_parse_sim(text, "sim.txt", 5.0, &r, &err);
	if (rc < 0 && !err.msg[0])
		abort();
	for (int i = 0; i < r.n_sets; i++)
		for (int j = 0; j < r.sets[i].n; j++)
			if (!r.sets[i].m[j].key[0] ||
			    !isfinite(r.sets[i].m[j].value) ||
			    r.sets[i].m[j].value < 0)
				abort();
	run_result_release(&r);
	free(text);
	return 0;
}
