/*
 * model.h - the network as hlsdse understands it: layers in topological
 * order with kinds, shapes (batch dimension dropped), kind parameters,
 * weights and any quantizer the model file declares.
 *
 * Ownership: a struct model owns every string, array and tensor reachable
 * from it; model_release frees them all.
 */
#ifndef HLSDSE_MODEL_H
#define HLSDSE_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "fixed.h"

#define SHAPE_MAX_DIMS 4

struct shape {
	int ndim;
	long dim[SHAPE_MAX_DIMS];
};

/* Product of the dimensions (1 for a 0-d shape). */
long shape_size(const struct shape *s);
/* Prints "16" or "9x9x5" into buf; returns buf. */
char *shape_format(const struct shape *s, char *buf, size_t n);

/* A weight array from the model file. */
struct tensor {
	char *name;		/* Keras variable name: kernel, bias, gamma ... */
	struct shape shape;
	float *data;		/* shape_size(&shape) values, row-major */
	long n_zeros;		/* elements exactly equal to 0 */
};

/* X-macro: enum value, display name (hls4ml IR class where one exists),
 * family used by the estimators. */
#define LAYER_KINDS(X)                                                   \
	X(LAYER_INPUT, "Input", "io")                                    \
	X(LAYER_DENSE, "Dense", "dense")                                 \
	X(LAYER_CONV1D, "Conv1D", "conv")                                \
	X(LAYER_CONV2D, "Conv2D", "conv")                                \
	X(LAYER_DEPTHWISE_CONV1D, "DepthwiseConv1D", "conv")             \
	X(LAYER_DEPTHWISE_CONV2D, "DepthwiseConv2D", "conv")             \
	X(LAYER_SEPARABLE_CONV1D, "SeparableConv1D", "conv")             \
	X(LAYER_SEPARABLE_CONV2D, "SeparableConv2D", "conv")             \
	X(LAYER_BATCHNORM, "BatchNormalization", "norm")                 \
	X(LAYER_ACTIVATION, "Activation", "activation")                  \
	X(LAYER_SOFTMAX, "Softmax", "activation")                        \
	X(LAYER_PARAM_ACTIVATION, "ParametrizedActivation", "activation") \
	X(LAYER_PRELU, "PReLU", "activation")                            \
	X(LAYER_POOL1D, "Pooling1D", "pool")                             \
	X(LAYER_POOL2D, "Pooling2D", "pool")                             \
	X(LAYER_GLOBAL_POOL1D, "GlobalPooling1D", "pool")                \
	X(LAYER_GLOBAL_POOL2D, "GlobalPooling2D", "pool")                \
	X(LAYER_RESHAPE, "Reshape", "shape")                             \
	X(LAYER_DROPOUT, "Dropout", "shape")                             \
	X(LAYER_MERGE, "Merge", "merge")                                 \
	X(LAYER_CONCATENATE, "Concatenate", "merge")                     \
	X(LAYER_ZEROPAD1D, "ZeroPadding1D", "shape")                     \
	X(LAYER_ZEROPAD2D, "ZeroPadding2D", "shape")                     \
	X(LAYER_CROP1D, "Cropping1D", "shape")                           \
	X(LAYER_CROP2D, "Cropping2D", "shape")                           \
	X(LAYER_UNSUPPORTED, "Unsupported", "none")

#define LAYER_KIND_ENUM(e, name, family) e,
enum layer_kind { LAYER_KINDS(LAYER_KIND_ENUM) LAYER_KIND_COUNT };
#undef LAYER_KIND_ENUM

const char *layer_kind_name(enum layer_kind k);
const char *layer_kind_family(enum layer_kind k);
/* Looks a kind up by its display name; returns -1 if none. */
int layer_kind_from_name(const char *name);

/* Activation functions (Activation layers, a layer's own activation,
 * ParametrizedActivation). */
#define ACTIVATIONS(X)                         \
	X(ACT_LINEAR, "linear")                \
	X(ACT_RELU, "relu")                    \
	X(ACT_SIGMOID, "sigmoid")              \
	X(ACT_TANH, "tanh")                    \
	X(ACT_SOFTMAX, "softmax")              \
	X(ACT_ELU, "elu")                      \
	X(ACT_SELU, "selu")                    \
	X(ACT_SOFTPLUS, "softplus")            \
	X(ACT_SOFTSIGN, "softsign")            \
	X(ACT_HARD_SIGMOID, "hard_sigmoid")    \
	X(ACT_LEAKY_RELU, "leaky_relu")        \
	X(ACT_THRESHOLDED_RELU, "thresholded_relu") \
	X(ACT_RELU6, "relu6")                  \
	X(ACT_PRELU, "prelu")

#define ACT_ENUM(e, name) e,
enum activation { ACTIVATIONS(ACT_ENUM) ACT_COUNT };
#undef ACT_ENUM

const char *activation_name(enum activation a);
/* Looks an activation up by Keras name; returns -1 if unknown. */
int activation_from_name(const char *name);

enum padding { PAD_VALID, PAD_SAME };

enum pool_op { POOL_MAX, POOL_AVERAGE };

enum merge_op {
	MERGE_ADD, MERGE_SUBTRACT, MERGE_MULTIPLY, MERGE_AVERAGE,
	MERGE_MAXIMUM, MERGE_MINIMUM
};
const char *merge_op_name(enum merge_op op);

/* Precisions a QKeras quantizer declares on a layer. */
struct quant {
	bool has_weight, has_bias, has_result;
	struct fixed_type weight, bias, result;
	char *weight_quantizer;	/* original quantizer text, for display */
	char *bias_quantizer;
	char *result_quantizer;
};

struct layer {
	char *name;
	char *class_name;	/* the model file's class (QDense, Conv2D ...) */
	enum layer_kind kind;
	int *inputs;		/* indices of earlier layers */
	int n_inputs;
	struct shape in_shape;	/* of the first input */
	struct shape out_shape;

	/* kind parameters; unused ones stay 0 */
	long units;		/* Dense */
	long filters;		/* Conv */
	int kernel[2];		/* Conv: [h, w]; 1-D uses kernel[1] */
	int strides[2];		/* Conv and pooling */
	int pool[2];		/* pooling window */
	enum padding padding;
	enum pool_op pool_op;
	enum merge_op merge_op;
	int depth_multiplier;	/* Depthwise/Separable */
	int pad[4];		/* ZeroPadding/Cropping: top, bottom, left, right */
	int axis;		/* Concatenate: axis over out_shape (0-based, no batch) */
	bool use_bias;
	bool bn_fused;		/* QDenseBatchnorm, QConv2DBatchnorm */
	bool bn_center, bn_scale;
	double epsilon;		/* BatchNormalization */
	enum activation activation;	/* Activation / ParametrizedActivation */
	double alpha;		/* LeakyReLU slope, ELU alpha */
	double theta;		/* ThresholdedReLU */
	struct shape target;	/* Reshape target (batch dropped) */

	struct quant quant;

	struct tensor *weights;
	int n_weights;
	long n_params;		/* from the architecture, as Keras counts them */
	long n_zeros;		/* exactly-zero multiplier weights (kernel,
				   depthwise and pointwise kernels); -1 unknown */
	char *split_from;	/* for "fc1_relu": the layer whose own
				   activation it is ("fc1"); else NULL */
};

struct model {
	char *name;
	char *source;		/* architecture file as given */
	char *weights_source;	/* weights file, NULL if none was read */
	char *keras_version;
	struct layer *layers;
	int n_layers;
	int *outputs;		/* indices of output layers */
	int n_outputs;
	char **warnings;	/* things the loader did not understand */
	int n_warnings;
};

void model_init(struct model *m);
/* Frees everything the model owns and re-initialises it. */
void model_release(struct model *m);

/* Appends a zeroed layer with the given name and class (copied); returns
 * a pointer valid until the next model_add_layer. */
struct layer *model_add_layer(struct model *m, const char *name,
			      const char *class_name, enum layer_kind kind);
/* Index of the layer called name, or -1. */
int model_find(const struct model *m, const char *name);
/* Adds a warning (formatted) to the model. */
void model_warn(struct model *m, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Tensor of the layer named var ("kernel", "bias" ...) or NULL. */
const struct tensor *layer_tensor(const struct layer *l, const char *var);

/* True for layers that hold multiplier weights (Dense, Conv*, BN, PReLU). */
bool layer_has_weights(const struct layer *l);
/* True for kinds that carry a bias (Dense, Conv* with use_bias). */
bool layer_has_bias(const struct layer *l);
/* Multiplication size (n_in, n_out) hls4ml uses for reuse factors:
 * Dense (n_in, n_out); Conv1D (C*K, F); Conv2D (C*Kh*Kw, F); depthwise
 * (K, 1) per channel... Returns false for layers without one. */
bool layer_mult_size(const struct layer *l, long *n_in, long *n_out);
/* Output pixels of a convolution (out_h*out_w, or out_w for 1-D);
 * 0 for other layers. */
long layer_out_pixels(const struct layer *l);

/* Total parameters over all layers. */
long model_n_params(const struct model *m);

#endif
