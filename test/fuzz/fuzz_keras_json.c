/*
 * fuzz_keras_json.c - libFuzzer target for the Keras architecture reader
 * (keras_parse_json: JSON, layer configs, QKeras quantizers, shapes).
 * Any input must either parse into a consistent model or fail with a
 * message; never crash, leak or read out of bounds.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/keras.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct model m;
	struct error err;
	char *text;

	if (size > 1 << 16)
		return 0;
	text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	model_init(&m);
	err.msg[0] = '\0';
	if (keras_parse_json(&m, text, size, "fuzz.json", &err) == 0) {
		/* every input index points backwards; shapes are positive */
		for (int i = 0; i < m.n_layers; i++) {
			const struct layer *l = &m.layers[i];

			for (int k = 0; k < l->n_inputs; k++)
				if (l->inputs[k] < 0 || l->inputs[k] >= i)
					abort();
			if (shape_size(&l->out_shape) < 1 || l->n_params < 0)
				abort();
		}
	} else if (!err.msg[0]) {
		abort();	/* a failure must say why */
	}
	model_release(&m);
	free(text);
	return 0;
}
