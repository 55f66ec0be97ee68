/*
 * fuzz_fixed.c - libFuzzer target for the ap_fixed type parser
 * (fixed_parse) and the quantizer. The input up to its first NUL byte (at
 * most 256 bytes) is a type string; up to 8 bytes after the NUL are the
 * bits of an extra double to quantize. An accepted type must print,
 * parse back to an equal type and print identically; a refusal must say
 * why in the usual "invalid precision '...'" form. Quantized values must
 * never be NaN, must lie within the type's range, must quantize to
 * themselves (W <= 53, where they are exact), and saturating types must
 * be monotonic. Aborts otherwise.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/fixed.h"

#define FUZZ_FIXED_MAX 256

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Quantizes x and aborts if the result is NaN, outside [lo, hi], or (for
 * exact widths) not a fixed point of the quantizer; subnormal results are
 * skipped, the library reads them with a leading one. Returns it. */
static double check_value(const struct fixed_type *t, double x, double lo,
			  double hi)
{
	double r = fixed_quantize(t, x);

	if (isnan(r) || r < lo || r > hi)
		abort();
	if (t->width <= 53 && (r == 0.0 || isnormal(r)) &&
	    fixed_quantize(t, r) != r)
		abort();
	return r;
}

static void check_type(const struct fixed_type *t, double extra)
{
	double step = fixed_step(t), lo, hi = fixed_max(t);
	const double xs[] = {0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 0.3, -0.3,
			     1e300, -1e300, INFINITY, -INFINITY, NAN,
			     3.0 * step / 2.0, -3.0 * step / 2.0, hi, -hi,
			     hi + step, fixed_min(t), fixed_min(t) - step,
			     extra};

	/* every type holds -2^(I-1) .. max (unsigned: 0 .. max) */
	lo = t->is_signed ? -ldexp(1.0, t->integer - 1) : 0.0;
	if (fixed_min(t) < lo || fixed_min(t) > hi || !(step >= 0.0))
		abort();
	double prev = 0.0;
	bool sat = !t->is_int && (t->sat == FIXED_SAT || t->sat == FIXED_SAT_SYM);

	for (size_t i = 0; i < sizeof(xs) / sizeof(xs[0]); i++)
		check_value(t, xs[i], lo, hi);
	/* saturating types never decrease along extra, extra + step, ... */
	for (int i = 0; i < 8 && isfinite(extra) && isfinite(step); i++) {
		double r = check_value(t, extra + i * step * 0.75, lo, hi);

		if (sat && i > 0 && r < prev)
			abort();
		prev = r;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char text[FUZZ_FIXED_MAX + 1], a[FIXED_STR_MAX], b[FIXED_STR_MAX];
	struct fixed_type t, u;
	struct error err;
	const uint8_t *nul;
	size_t len;
	uint64_t bits = 0;
	double extra;

	nul = memchr(data, 0, size);
	len = nul ? (size_t)(nul - data) : size;
	if (len > FUZZ_FIXED_MAX)
		return 0;
	memcpy(text, data, len);
	text[len] = '\0';
	if (nul) {
		size_t n = size - len - 1;

		memcpy(&bits, nul + 1, n < sizeof(bits) ? n : sizeof(bits));
	}
	memcpy(&extra, &bits, sizeof(extra));
	err.msg[0] = '\0';
	if (fixed_parse(text, &t, &err) != 0) {
		if (strncmp(err.msg, "invalid precision '", 19) != 0)
			abort();	/* a refusal must say why */
		return 0;
	}
	fixed_format(&t, a, sizeof(a));
	if (strlen(a) >= sizeof(a) - 1)
		abort();		/* never near the buffer's end */
	if (fixed_parse(a, &u, &err) != 0)
		abort();		/* our own spelling must parse */
	if (!fixed_equal(&t, &u))
		abort();		/* and mean the same type */
	if (strcmp(fixed_format(&u, b, sizeof(b)), a) != 0)
		abort();		/* and print the same */
	check_type(&t, extra);
	return 0;
}
