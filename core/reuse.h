/*
 * reuse.h - hls4ml's rules for valid reuse factors and parallelization
 * factors (hls4ml/backends/fpga/fpga_backend.py), used by design
 * validation and by the estimators.
 */
#ifndef HLSDSE_REUSE_H
#define HLSDSE_REUSE_H

#include <stdbool.h>

/* hls4ml's exact validity test for reuse factor rf of an n_in x n_out
 * multiplication (_validate_reuse_factor): rf in 1..n_in*n_out,
 * mf = min(n_in, rf), ml = ceil(n_in*n_out/mf), and
 * (ml % n_out == 0 || rf >= n_in) && (rf % n_in == 0 || rf < n_in) &&
 * (n_in*n_out % rf == 0). */
bool reuse_is_valid(long n_in, long n_out, long rf);

/* Fills out (capacity cap) with the valid reuse factors in ascending order;
 * returns how many there are (which may exceed cap: only cap are written). */
int reuse_valid_list(long n_in, long n_out, long *out, int cap);

/* The valid reuse factors nearest to rf: *below is the largest valid value
 * <= rf (0 if none), *above the smallest >= rf (0 if none). */
void reuse_nearest(long n_in, long n_out, long rf, long *below, long *above);

/* Valid parallelization factors are the divisors of n_pixels (out_h*out_w
 * for Conv2D, out_w for Conv1D). */
bool reuse_pf_is_valid(long n_pixels, long pf);
void reuse_pf_nearest(long n_pixels, long pf, long *below, long *above);

#endif
