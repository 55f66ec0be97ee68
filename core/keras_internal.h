/*
 * keras_internal.h - pieces shared by the Keras architecture reader's
 * files (keras_json.c, keras_layers.c, keras_shapes.c, qkeras.c); not for
 * use outside core/keras_*.c and core/qkeras.c.
 */
#ifndef HLSDSE_KERAS_INTERNAL_H
#define HLSDSE_KERAS_INTERNAL_H

#include <cjson/cJSON.h>

#include "error.h"
#include "model.h"

/* What a per-class reader works with. */
struct kparse {
	struct model *m;
	const char *source;	/* file name for messages */
	struct error *err;
};

/* Typed, case-sensitive accessors over a layer's config object. Each
 * returns 0 and stores the value, 1 when the key is absent or null (out
 * untouched), or -1 with err filled when the value has the wrong type. */
int kcfg_int(struct kparse *kp, const struct layer *l, const cJSON *cfg,
	     const char *key, long *out);
int kcfg_double(struct kparse *kp, const struct layer *l, const cJSON *cfg,
		const char *key, double *out);
int kcfg_bool(struct kparse *kp, const struct layer *l, const cJSON *cfg,
	      const char *key, bool *out);
/* A string value; *out is borrowed from cfg. */
int kcfg_string(struct kparse *kp, const struct layer *l, const cJSON *cfg,
		const char *key, const char **out);
/* An integer or a list of up to n integers (kernel_size, strides);
 * a single integer is repeated n times. Sets *count to the list length. */
int kcfg_ints(struct kparse *kp, const struct layer *l, const cJSON *cfg,
	      const char *key, long *out, int n, int *count);

/* Reads the class-specific config of l (kind already chosen) and returns
 * the activation name the layer carries for splitting ("" for none) in
 * *act (borrowed from cfg, or a static string). */
int keras_read_layer(struct kparse *kp, struct layer *l, const cJSON *cfg,
		     const char **act, const cJSON **act_quant);

/* Sets l->out_shape from config batch_input_shape (batch dropped). */
int keras_read_input_shape(struct kparse *kp, struct layer *l,
			   const cJSON *cfg);

/* Maps a Keras class name to a layer kind; LAYER_UNSUPPORTED if unknown. */
enum layer_kind keras_class_kind(const char *class_name);

/* Infers in_shape/out_shape for every layer (inputs must be set), and
 * parameter counts from keras_weight_spec. */
int keras_infer_shapes(struct model *m, const char *source,
		       struct error *err);

/* Turns a QKeras quantizer (a {class_name, config} object or a string such
 * as "quantized_relu(6,0)") into a fixed type. *act is set to the
 * activation the quantizer implies (relu for quantized_relu, linear for
 * quantized_bits ...). Returns 1 (with a model warning) when the quantizer
 * has no fixed-point equivalent, -1 on malformed input. text receives a
 * display form (caller frees). */
int qkeras_quantizer(struct kparse *kp, const struct layer *l,
		     const cJSON *q, bool is_activation,
		     struct fixed_type *out, enum activation *act,
		     char **text);

#endif
