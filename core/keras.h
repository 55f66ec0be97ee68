/*
 * keras.h - loading Keras models: architecture JSON (model.to_json(),
 * Keras 2.0-2.13, Sequential and functional), HDF5 weights (weights-only
 * and full model.save() files) through libhdf5, and writing the same
 * layout (for the project's own examples).
 */
#ifndef HLSDSE_KERAS_H
#define HLSDSE_KERAS_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "model.h"

#define KERAS_JSON_MAX (64u << 20)	/* largest architecture JSON read */

/* Loads a model from path: an architecture JSON (weights from
 * weights_path, or <stem>_weights.h5 / <stem>.h5 next to it when
 * weights_path is NULL and such a file exists) or a full HDF5 model.
 * m must be initialised; on failure m is released and err filled. */
int keras_load(struct model *m, const char *path, const char *weights_path,
	       struct error *err);

/* Parses architecture JSON text (NUL-terminated at text[len]) into m (layers, kind parameters,
 * quantizers, shapes, parameter counts). Accepts a JSON string holding
 * JSON (double encoding). source names the text in messages. */
int keras_parse_json(struct model *m, const char *text, size_t len,
		     const char *source, struct error *err);

/* True when path starts with the HDF5 signature. */
bool keras_is_hdf5(const char *path);

/* Reads the root attribute model_config of a full model file into a
 * NUL-terminated string the caller frees. */
int keras_h5_read_config(const char *path, char **json, struct error *err);

/* Reads the weights of every layer of m that expects any from the HDF5
 * file (groups under model_weights/ when present, else at the root),
 * checks each dataset's shape against keras_weight_spec, and sets each
 * layer's tensors and n_zeros. A missing group or a wrong shape is an
 * error naming the layer. */
int keras_h5_read_weights(struct model *m, const char *path,
			  struct error *err);

/* Writes m's weights as a Keras weights-only HDF5 file (root attributes
 * layer_names, backend, keras_version; a group per layer with
 * weight_names; datasets <layer>/<layer>/<var>:0). */
int keras_h5_write_weights(const struct model *m, const char *path,
			   struct error *err);

#define KERAS_MAX_WEIGHTS 8

struct weight_spec {
	const char *name;	/* Keras variable name: kernel, bias ... */
	struct shape shape;
};

/* The weights a layer of m expects in the HDF5 file, in Keras order
 * (kernel before bias, gamma, beta, moving_mean, moving_variance ...).
 * Returns how many (0 for weightless layers). Split activation layers
 * (split_from set) have none. */
int keras_weight_spec(const struct layer *l, struct weight_spec *spec);

#endif
