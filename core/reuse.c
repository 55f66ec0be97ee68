/*
 * reuse.c - hls4ml's valid reuse factors (hls4ml/backends/fpga/
 * fpga_backend.py, _validate_reuse_factor and get_valid_reuse_factors) and
 * valid parallelization factors (divisors of the output pixel count).
 *
 * reuse_is_valid is the literal three-condition test. The list and the
 * nearest values use its closed form instead of scanning 1..n_in*n_out:
 * rf is valid iff rf divides n_in, or rf = k*n_in with k dividing n_out.
 * (rf < n_in: n_in*n_out % rf == 0 and n_out | n_in*n_out/rf force
 * rf | n_in; rf >= n_in: rf % n_in == 0 gives rf = k*n_in and
 * n_in*n_out % rf == 0 gives k | n_out.) Sizes whose product overflows a
 * long have no valid factor.
 */
#include <limits.h>

#include "reuse.h"

/* n_in * n_out into *prod; false when a size is not positive or the
 * product overflows. */
static bool mult_size(long n_in, long n_out, long *prod)
{
	if (n_in <= 0 || n_out <= 0 || n_in > LONG_MAX / n_out)
		return false;
	*prod = n_in * n_out;
	return true;
}

bool reuse_is_valid(long n_in, long n_out, long rf)
{
	long n, mf, ml;

	if (!mult_size(n_in, n_out, &n) || rf < 1 || rf > n)
		return false;
	mf = n_in < rf ? n_in : rf;
	ml = n / mf + (n % mf != 0);
	return (ml % n_out == 0 || rf >= n_in) &&
	       (rf % n_in == 0 || rf < n_in) && n % rf == 0;
}

/* Largest divisor of n (n >= 1) that is <= x; 0 if x < 1. */
static long divisor_below(long n, long x)
{
	long best = 0;

	if (x >= n)
		return n;
	for (long i = 1; i <= n / i; i++) {
		if (n % i)
			continue;
		if (i <= x && i > best)
			best = i;
		if (n / i <= x && n / i > best)
			best = n / i;
	}
	return best;
}

/* Smallest divisor of n (n >= 1) that is >= x; 0 if x > n. */
static long divisor_above(long n, long x)
{
	long best = 0;

	if (x > n)
		return 0;
	if (x <= 1)
		return 1;
	for (long i = 1; i <= n / i; i++) {
		if (n % i)
			continue;
		if (i >= x && (best == 0 || i < best))
			best = i;
		if (n / i >= x && (best == 0 || n / i < best))
			best = n / i;
	}
	return best;
}

/* Appends v to out if there is room; counts it in any case. */
static void emit(long *out, int cap, int *count, long v)
{
	if (*count < cap)
		out[*count] = v;
	(*count)++;
}

/* Emits mul * d for every divisor d of n with d >= from, ascending: the
 * small divisors going up to sqrt(n), then their cofactors going down. */
static void emit_divisors(long n, long mul, long from, long *out, int cap,
			  int *count)
{
	long i, root = 1;

	for (i = 1; i <= n / i; i++) {
		root = i;
		if (n % i == 0 && i >= from)
			emit(out, cap, count, mul * i);
	}
	for (i = root; i >= 1; i--)
		if (n % i == 0 && n / i != i && n / i >= from)
			emit(out, cap, count, mul * (n / i));
}

int reuse_valid_list(long n_in, long n_out, long *out, int cap)
{
	long n;
	int count = 0;

	if (!mult_size(n_in, n_out, &n))
		return 0;
	if (cap < 0)
		cap = 0;
	emit_divisors(n_in, 1, 1, out, cap, &count);
	emit_divisors(n_out, n_in, 2, out, cap, &count);
	return count;
}

void reuse_nearest(long n_in, long n_out, long rf, long *below, long *above)
{
	long n, k;

	*below = *above = 0;
	if (!mult_size(n_in, n_out, &n))
		return;
	if (rf >= n_in)
		*below = n_in * divisor_below(n_out, rf / n_in);
	else
		*below = divisor_below(n_in, rf);
	if (rf <= n_in) {
		*above = divisor_above(n_in, rf);
	} else {
		k = divisor_above(n_out, rf / n_in + (rf % n_in != 0));
		*above = k ? n_in * k : 0;
	}
}

bool reuse_pf_is_valid(long n_pixels, long pf)
{
	return n_pixels > 0 && pf >= 1 && pf <= n_pixels && n_pixels % pf == 0;
}

void reuse_pf_nearest(long n_pixels, long pf, long *below, long *above)
{
	*below = *above = 0;
	if (n_pixels <= 0)
		return;
	*below = divisor_below(n_pixels, pf);
	*above = divisor_above(n_pixels, pf);
}
