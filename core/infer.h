/*
 * infer.h - the network's inference in hls4ml's fixed-point arithmetic:
 * every intermediate value is converted to the type the design gives it,
 * exactly as hls4ml's C++ (nnet_dense_latency, nnet_activation,
 * nnet_batchnorm) computes it. The bit-accurate reference for the RTL
 * backend.
 */
#ifndef HLSDSE_INFER_H
#define HLSDSE_INFER_H

#include "design.h"
#include "error.h"
#include "model.h"

/* Widest value the reference holds exactly in a double. */
#define INFER_MAX_BITS 53

/* Runs model m under design d on one input (n_in values, the input
 * layer's shape flattened, channels last) and writes the output layer's
 * values (quantized) into out (capacity n_out); returns the count, or -1
 * with err filled (unsupported layer, type wider than INFER_MAX_BITS,
 * 'auto' precision, wrong input count, output too small). */
int infer_run(const struct model *m, const struct design *d,
	      const double *in, int n_in, double *out, int n_out,
	      struct error *err);

/* BatchNormalization layer l's per-channel scale and bias (c channels)
 * in float32, as hls4ml's numpy forms them from the float32 weights:
 * scale = gamma / sqrt(var + eps), bias = beta - mean * scale. */
int infer_bn_coeffs(const struct layer *l, long c, float *scale,
		    float *bias, struct error *err);

/* The value `t v = x;` gives, as fixed_quantize, with a fast path for
 * the common modes (TRN/RND, WRAP/SAT). */
double infer_quantize(const struct fixed_type *t, double x);

#endif
