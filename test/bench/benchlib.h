/*
 * benchlib.h - what the benchmark programs share: a monotonic clock in
 * microseconds and the median of a sample. Header-only (static inline).
 */
#ifndef HLSDSE_BENCHLIB_H
#define HLSDSE_BENCHLIB_H

#include <stdlib.h>
#include <time.h>

static inline double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static inline int bench_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Median of t[0..n) (sorts t). */
static inline double bench_median(double *t, int n)
{
	qsort(t, (size_t)n, sizeof(t[0]), bench_cmp);
	return n % 2 ? t[n / 2] : (t[n / 2 - 1] + t[n / 2]) / 2;
}

#endif
