/*
 * fuzz_parts.c - libFuzzer target for the user part catalog reader
 * (part_catalog_parse): any input either adds valid devices, each of
 * which part_lookup then finds by its example part string, or fails with
 * a message.
 */
#include <stdint.h>
#include <stdlib.h>

#include "estimators/part.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct error err;

	if (size > 1 << 16)
		return 0;
	err.msg[0] = '\0';
	if (part_catalog_parse((const char *)data, size, "fuzz.json",
			       &err) == 0) {
		for (int i = 0; i < part_count(); i++) {
			const struct part *p = part_at(i);
			struct part q;

			if (part_lookup(p->example, &q, &err) < 0 ||
			    p->lut < 0 || p->dsp < 0 || p->bram18 < 0)
				abort();
		}
	} else if (!err.msg[0]) {
		abort();
	}
	part_catalog_release();
	return 0;
}
