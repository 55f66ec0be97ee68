/*
 * fixed.c - Vitis HLS arbitrary-precision types (ap_fixed, ap_ufixed,
 * ap_int, ap_uint): parsing and printing of type strings, range, and the
 * value a double takes when assigned to such a type.
 *
 * Sources. Names, parameters and the meaning of each mode follow AMD UG1399
 * (Vitis HLS user guide), "Arbitrary Precision Fixed-Point Data Types":
 * the quantization and overflow mode tables and their examples. The exact
 * behaviour, where the guide is silent, follows the library itself,
 * Xilinx/HLS_arbitrary_Precision_Types include/ap_fixed_base.h
 * (ap_fixed_base(double), quantization_adjust, overflow_adjust, report)
 * and include/ap_int_base.h (ap_int_base(double)). hls4ml's grammar is
 * hls4ml/model/types.py and fpga_backend.py convert_precision_string.
 *
 * Assignment of a double x to ap_[u]fixed<W,I,Q,O,N>, with F = W - I:
 * - x is decoded from its bits as ap_fixed_base(double) does: the leading
 *   one is always set, so a subnormal is read as 1.f * 2^-1023 and an
 *   infinity as 2^1024 (library behaviour, kept). NaN gives 0 (our
 *   contract; the library warns and reads it like an infinity).
 * - Quantization (quantization_adjust; UG1399 table): x * 2^F becomes an
 *   integer q by TRN floor, TRN_ZERO toward zero, and to nearest for the
 *   RND modes with ties toward +inf (RND), zero (RND_ZERO), -inf
 *   (RND_MIN_INF), away from zero (RND_INF), even (RND_CONV).
 * - Overflow when q lies outside the W-bit range (overflow_adjust):
 *   WRAP: q mod 2^W. WRAP with N > 0: q mod 2^W, then for signed types the
 *   MSB is set to the sign of q and the N-1 bits below it to the opposite
 *   of the sign; for unsigned types the N MSBs are set to one (also on
 *   negative overflow, as the library does). SAT: max or min. SAT_ZERO: 0.
 *   SAT_SYM: signed min is -max, and q = -2^(W-1) also becomes -max (for
 *   W = 1 the library leaves the single bit set, so min stays -2^(I-1));
 *   unsigned as SAT. WRAP_SM (signed only; report() rejects ap_ufixed):
 *   N = 0: q mod 2^W, all bits inverted when bit W of floor(x * 2^F) (the
 *   deleted bit, taken before rounding as the library does) differs from
 *   the new MSB; N = 1: inverted when the sign of q differs from the MSB;
 *   N > 1: inverted when bit W-N equals the sign, then the N-1 bits below
 *   the MSB set to the opposite of the sign; the MSB then becomes the sign.
 * Assignment to ap_[u]int<W> (ap_int_base(double)): truncation toward zero,
 * then q mod 2^W; library quirk kept: for -0.5 < x < 0 the shifted-out
 * magnitude is set to -1 before the negation, so the result is +1.
 * All of this is done on W-bit two's complement words (struct wide), so it
 * is exact for any W; the result is rounded to the nearest double only at
 * the end (exact for W <= 53).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "fixed.h"

/* Integer bits are bounded so that W - I and the exponents stay small. */
#define FIXED_MAX_INTEGER 8192
#define WIDE_LIMBS (FIXED_MAX_WIDTH / 64 + 1)

static const char *const round_names[FIXED_ROUND_COUNT] = {
	"AP_TRN", "AP_TRN_ZERO", "AP_RND", "AP_RND_ZERO", "AP_RND_MIN_INF",
	"AP_RND_INF", "AP_RND_CONV",
};

static const char *const sat_names[FIXED_SAT_COUNT] = {
	"AP_WRAP", "AP_SAT", "AP_SAT_ZERO", "AP_SAT_SYM", "AP_WRAP_SM",
};

static const struct {
	const char *name;
	bool is_signed;
	bool is_int;
} type_names[] = {
	{"ap_fixed", true, false}, {"fixed", true, false},
	{"ap_ufixed", false, false}, {"ufixed", false, false},
	{"ap_int", true, true}, {"int", true, true},
	{"ap_uint", false, true}, {"uint", false, true},
};

const char *fixed_round_name(enum fixed_round r)
{
	if ((int)r < 0 || r >= FIXED_ROUND_COUNT)
		return NULL;
	return round_names[r];
}

const char *fixed_sat_name(enum fixed_sat s)
{
	if ((int)s < 0 || s >= FIXED_SAT_COUNT)
		return NULL;
	return sat_names[s];
}

struct fixed_type fixed_make(int width, int integer, bool is_signed)
{
	struct fixed_type t = {
		.width = width, .integer = integer, .is_signed = is_signed,
		.is_int = false, .round = FIXED_TRN, .sat = FIXED_WRAP,
		.sat_bits = 0,
	};
	return t;
}

bool fixed_equal(const struct fixed_type *a, const struct fixed_type *b)
{
	return a->width == b->width && a->integer == b->integer &&
	       a->is_signed == b->is_signed && a->is_int == b->is_int &&
	       a->round == b->round && a->sat == b->sat &&
	       a->sat_bits == b->sat_bits;
}

/* ---- parsing ---------------------------------------------------------- */

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}

static bool is_ident(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_';
}

static const char *skip_space(const char *p)
{
	while (is_space(*p))
		p++;
	return p;
}

/* Parses a whole token as a decimal integer with an optional sign; values
 * beyond +-10^9 are reported as *v = +-10^9 + 1 (out of every range). */
static int parse_int(const char *tok, size_t len, long *v)
{
	size_t i = 0;
	long x = 0;
	bool neg = false;

	if (len > 0 && (tok[0] == '+' || tok[0] == '-')) {
		neg = tok[0] == '-';
		i = 1;
	}
	if (i == len)
		return -1;
	for (; i < len; i++) {
		if (tok[i] < '0' || tok[i] > '9')
			return -1;
		if (x <= 1000000000L)
			x = x * 10 + (tok[i] - '0');
	}
	if (x > 1000000000L)
		x = 1000000001L;
	*v = neg ? -x : x;
	return 0;
}

/* Finds a mode name (optional AP_ prefix) in names; -1 if absent. */
static int find_mode(const char *tok, size_t len, const char *const *names,
		     int count)
{
	if (len > 3 && memcmp(tok, "AP_", 3) == 0) {
		tok += 3;
		len -= 3;
	}
	for (int i = 0; i < count; i++) {
		const char *n = names[i] + 3;
		if (strlen(n) == len && memcmp(n, tok, len) == 0)
			return i;
	}
	return -1;
}

/* Reports a type name that is not one of ours. */
static int bad_name(const char *s, const char *name, size_t len,
		    struct error *err)
{
	static const char *const floats[] = {"float", "double", "half",
					     "bfloat16"};

	for (size_t i = 0; i < sizeof(floats) / sizeof(floats[0]); i++)
		if (strlen(floats[i]) == len && memcmp(floats[i], name, len) == 0)
			return error_set(err, "invalid precision '%s': "
					 "floating-point type '%.*s' is not "
					 "supported", s, (int)len, name);
	if (len == 4 && memcmp(name, "auto", 4) == 0)
		return error_set(err, "invalid precision '%s': 'auto' must be "
				 "resolved before the type is parsed", s);
	if (len == 0)
		return error_set(err, "invalid precision '%s': expected a type "
				 "name such as ap_fixed<16,6>", s);
	return error_set(err, "invalid precision '%s': unknown type name "
			 "'%.*s'", s, (int)len, name);
}

struct token {
	const char *p;
	size_t len;
};

/* Splits "<a, b, ...>" starting at p (just after '<') into at most 5
 * trimmed tokens; *end gets the character after '>'. Returns the count. */
static int split_args(const char *s, const char *p, struct token *tok,
		      const char **end, struct error *err)
{
	int n = 0;

	for (;;) {
		const char *a;

		p = skip_space(p);
		a = p;
		while (*p && *p != ',' && *p != '>' && *p != '<' &&
		       !is_space(*p))
			p++;
		if (n == 5)
			return error_set(err, "invalid precision '%s': too many "
					 "parameters (at most 5)", s);
		tok[n].p = a;
		tok[n].len = (size_t)(p - a);
		p = skip_space(p);
		if (*p == '\0')
			return error_set(err, "invalid precision '%s': missing "
					 "'>'", s);
		if (*p != ',' && *p != '>')
			return error_set(err, "invalid precision '%s': "
					 "unexpected '%c' in parameter %d", s,
					 *p, n + 1);
		if (tok[n].len == 0)
			return error_set(err, "invalid precision '%s': "
					 "parameter %d is empty", s, n + 1);
		n++;
		if (*p++ == '>')
			break;
	}
	*end = p;
	return n;
}

/* Fills t from the parameters of a fixed-point type. */
static int parse_fixed_args(const char *s, const char *name, size_t nlen,
			    const struct token *tok, int n,
			    struct fixed_type *t, struct error *err)
{
	long w, i, nb = 0;
	int q = FIXED_TRN, o = FIXED_WRAP;

	if (n < 2)
		return error_set(err, "invalid precision '%s': '%.*s' needs "
				 "a width and integer bits", s, (int)nlen, name);
	if (parse_int(tok[0].p, tok[0].len, &w) < 0)
		return error_set(err, "invalid precision '%s': width '%.*s' is "
				 "not an integer", s, (int)tok[0].len, tok[0].p);
	if (w < 1 || w > FIXED_MAX_WIDTH)
		return error_set(err, "invalid precision '%s': width must be "
				 "1..%d", s, FIXED_MAX_WIDTH);
	if (parse_int(tok[1].p, tok[1].len, &i) < 0)
		return error_set(err, "invalid precision '%s': integer bits "
				 "'%.*s' is not an integer", s, (int)tok[1].len,
				 tok[1].p);
	if (i < -FIXED_MAX_INTEGER || i > FIXED_MAX_INTEGER)
		return error_set(err, "invalid precision '%s': integer bits "
				 "must be %d..%d", s, -FIXED_MAX_INTEGER,
				 FIXED_MAX_INTEGER);
	if (n > 2) {
		q = find_mode(tok[2].p, tok[2].len, round_names,
			      FIXED_ROUND_COUNT);
		if (q < 0 && find_mode(tok[2].p, tok[2].len, sat_names,
				       FIXED_SAT_COUNT) >= 0)
			return error_set(err, "invalid precision '%s': '%.*s' "
					 "is an overflow mode; the rounding "
					 "mode comes first", s,
					 (int)tok[2].len, tok[2].p);
		if (q < 0)
			return error_set(err, "invalid precision '%s': unknown "
					 "rounding mode '%.*s'", s,
					 (int)tok[2].len, tok[2].p);
	}
	if (n > 3) {
		o = find_mode(tok[3].p, tok[3].len, sat_names, FIXED_SAT_COUNT);
		if (o < 0)
			return error_set(err, "invalid precision '%s': unknown "
					 "overflow mode '%.*s'", s,
					 (int)tok[3].len, tok[3].p);
	}
	if (n > 4) {
		if (parse_int(tok[4].p, tok[4].len, &nb) < 0)
			return error_set(err, "invalid precision '%s': "
					 "saturation bits '%.*s' is not an "
					 "integer", s, (int)tok[4].len,
					 tok[4].p);
		if (nb < 0 || nb > w)
			return error_set(err, "invalid precision '%s': "
					 "saturation bits must be 0..%ld", s, w);
	}
	if (!t->is_signed && o == FIXED_WRAP_SM)
		return error_set(err, "invalid precision '%s': unsigned types "
				 "do not support AP_WRAP_SM", s);
	t->width = (int)w;
	t->integer = (int)i;
	t->round = (enum fixed_round)q;
	t->sat = (enum fixed_sat)o;
	t->sat_bits = (int)nb;
	return 0;
}

int fixed_parse(const char *s, struct fixed_type *t, struct error *err)
{
	struct fixed_type r = fixed_make(0, 0, true);
	struct token tok[5];
	const char *p, *name, *end = NULL;
	size_t nlen, k, ntypes = sizeof(type_names) / sizeof(type_names[0]);
	int n;

	p = skip_space(s);
	name = p;
	while (is_ident(*p))
		p++;
	nlen = (size_t)(p - name);
	for (k = 0; k < ntypes; k++)
		if (strlen(type_names[k].name) == nlen &&
		    memcmp(type_names[k].name, name, nlen) == 0)
			break;
	if (k == ntypes)
		return bad_name(s, name, nlen, err);
	r.is_signed = type_names[k].is_signed;
	r.is_int = type_names[k].is_int;
	p = skip_space(p);
	if (*p != '<')
		return error_set(err, "invalid precision '%s': expected '<' "
				 "after '%.*s'", s, (int)nlen, name);
	n = split_args(s, p + 1, tok, &end, err);
	if (n < 0)
		return -1;
	end = skip_space(end);
	if (*end)
		return error_set(err, "invalid precision '%s': trailing "
				 "characters '%s' after '>'", s, end);
	if (r.is_int) {
		long w;

		if (n != 1)
			return error_set(err, "invalid precision '%s': '%.*s' "
					 "takes exactly one parameter", s,
					 (int)nlen, name);
		if (parse_int(tok[0].p, tok[0].len, &w) < 0)
			return error_set(err, "invalid precision '%s': width "
					 "'%.*s' is not an integer", s,
					 (int)tok[0].len, tok[0].p);
		if (w < 1 || w > FIXED_MAX_WIDTH)
			return error_set(err, "invalid precision '%s': width "
					 "must be 1..%d", s, FIXED_MAX_WIDTH);
		r.width = r.integer = (int)w;
	} else if (parse_fixed_args(s, name, nlen, tok, n, &r, err) < 0) {
		return -1;
	}
	*t = r;
	return 0;
}

char *fixed_format(const struct fixed_type *t, char *buf, size_t n)
{
	const char *u = t->is_signed ? "" : "u";
	const char *rn = fixed_round_name(t->round);
	const char *sn = fixed_sat_name(t->sat);
	bool show_n = t->sat_bits != 0;
	bool show_o = show_n || t->sat != FIXED_WRAP;
	bool show_q = show_o || t->round != FIXED_TRN;
	char nbuf[16] = "";

	if (n == 0)
		return buf;
	if (t->is_int) {
		snprintf(buf, n, "ap_%sint<%d>", u, t->width);
		return buf;
	}
	if (show_n)
		snprintf(nbuf, sizeof(nbuf), ",%d", t->sat_bits);
	snprintf(buf, n, "ap_%sfixed<%d,%d%s%s%s%s%s>", u, t->width,
		 t->integer, show_q ? "," : "", show_q ? (rn ? rn : "?") : "",
		 show_o ? "," : "", show_o ? (sn ? sn : "?") : "", nbuf);
	return buf;
}

/* ---- W-bit two's complement words --------------------------------------- */

struct wide {
	uint64_t w[WIDE_LIMBS];
	int n;			/* limbs in use: W / 64 + 1, so bit W exists */
};

static void wide_init(struct wide *a, int width)
{
	a->n = width / 64 + 1;
	memset(a->w, 0, (size_t)a->n * sizeof(a->w[0]));
}

static int wide_bit(const struct wide *a, int i)
{
	return (int)((a->w[i / 64] >> (i % 64)) & 1);
}

static void wide_put(struct wide *a, int i, int v)
{
	uint64_t m = (uint64_t)1 << (i % 64);

	if (v)
		a->w[i / 64] |= m;
	else
		a->w[i / 64] &= ~m;
}

/* Sets bits lo..hi (inclusive) to v. */
static void wide_put_range(struct wide *a, int lo, int hi, int v)
{
	for (int i = lo; i <= hi; i++)
		wide_put(a, i, v);
}

static void wide_not(struct wide *a)
{
	for (int i = 0; i < a->n; i++)
		a->w[i] = ~a->w[i];
}

static void wide_neg(struct wide *a)
{
	uint64_t carry = 1;

	for (int i = 0; i < a->n; i++) {
		a->w[i] = ~a->w[i] + carry;
		carry = carry && a->w[i] == 0;
	}
}

/* Clears every bit from bit `width` up. */
static void wide_trunc(struct wide *a, int width)
{
	int limb = width / 64;

	a->w[limb] &= ((uint64_t)1 << (width % 64)) - 1;
	for (int i = limb + 1; i < a->n; i++)
		a->w[i] = 0;
}

/* Sets a to (neg ? -1 : 1) * mag * 2^shift modulo 2^(64 n), shift >= 0. */
static void wide_set(struct wide *a, bool neg, uint64_t mag, long shift)
{
	memset(a->w, 0, (size_t)a->n * sizeof(a->w[0]));
	if (shift < 64L * a->n) {
		int limb = (int)(shift / 64), off = (int)(shift % 64);

		a->w[limb] = mag << off;
		if (off && limb + 1 < a->n)
			a->w[limb + 1] = mag >> (64 - off);
	}
	if (neg)
		wide_neg(a);
}

/* The value of the low `width` bits of a, scaled by 2^-frac, rounded once
 * to the nearest double. */
static double wide_value(const struct wide *a, int width, bool is_signed,
			 int frac)
{
	struct wide m;
	bool neg;
	int h, lo, limb, off;
	uint64_t win;
	double d;

	m.n = a->n;
	memcpy(m.w, a->w, (size_t)a->n * sizeof(a->w[0]));
	wide_trunc(&m, width);
	neg = is_signed && wide_bit(&m, width - 1);
	if (neg) {
		wide_neg(&m);
		wide_trunc(&m, width);
	}
	for (limb = m.n - 1; limb >= 0 && m.w[limb] == 0; limb--)
		;
	if (limb < 0)
		return 0.0;
	h = limb * 64 + 63 - __builtin_clzll(m.w[limb]);
	if (h < 64) {
		d = (double)m.w[0];
		lo = 0;
	} else {
		bool sticky = false;

		lo = h - 63;
		limb = lo / 64;
		off = lo % 64;
		win = m.w[limb] >> off;
		if (off) {
			win |= m.w[limb + 1] << (64 - off);
			sticky = (m.w[limb] & (((uint64_t)1 << off) - 1)) != 0;
		}
		for (int i = 0; i < limb; i++)
			sticky = sticky || m.w[i] != 0;
		d = (double)(win | (uint64_t)sticky);
	}
	return ldexp(neg ? -d : d, lo - frac);
}

/* ---- range ------------------------------------------------------------- */

int fixed_frac_bits(const struct fixed_type *t)
{
	return t->width - t->integer;
}

double fixed_step(const struct fixed_type *t)
{
	return ldexp(1.0, -fixed_frac_bits(t));
}

/* The largest raw word: W-1 ones (signed) or W ones (unsigned). */
static void max_word(const struct fixed_type *t, struct wide *a)
{
	wide_init(a, t->width);
	wide_put_range(a, 0, t->width - (t->is_signed ? 2 : 1), 1);
}

/* The smallest raw word: 100..0 (signed; 100..01 under SAT_SYM, as
 * overflow_adjust sets it) or 0 (unsigned). */
static void min_word(const struct fixed_type *t, struct wide *a)
{
	wide_init(a, t->width);
	if (!t->is_signed)
		return;
	wide_put(a, t->width - 1, 1);
	if (t->sat == FIXED_SAT_SYM && !t->is_int)
		wide_put(a, 0, 1);
}

double fixed_max(const struct fixed_type *t)
{
	struct wide a;

	max_word(t, &a);
	return wide_value(&a, t->width, t->is_signed, fixed_frac_bits(t));
}

double fixed_min(const struct fixed_type *t)
{
	struct wide a;

	min_word(t, &a);
	return wide_value(&a, t->width, t->is_signed, fixed_frac_bits(t));
}

/* ---- quantization ------------------------------------------------------ */

/* A double read as the library reads it: x = (neg ? -1 : 1) * man * 2^exp
 * with the leading one of man always set (53 bits). */
struct decoded {
	bool neg;
	uint64_t man;
	int exp;
};

static void decode(double x, struct decoded *d)
{
	uint64_t bits;

	memcpy(&bits, &x, sizeof(bits));
	d->neg = (bits >> 63) != 0;
	d->man = (bits & (((uint64_t)1 << 52) - 1)) | ((uint64_t)1 << 52);
	d->exp = (int)((bits >> 52) & 0x7ff) - 1075;
}

enum rest { REST_NONE, REST_BELOW, REST_HALF, REST_ABOVE };

/* Whether rounding the magnitude ip + rest of a value of sign neg goes up
 * to ip + 1 (quantization_adjust in sign-magnitude terms). */
static bool round_up(enum fixed_round r, bool neg, enum rest rest, bool odd)
{
	if (rest == REST_NONE)
		return false;
	switch (r) {
	case FIXED_TRN:
		return neg;
	case FIXED_TRN_ZERO:
		return false;
	default:
		break;
	}
	if (rest != REST_HALF)
		return rest == REST_ABOVE;
	switch (r) {
	case FIXED_RND:
		return !neg;
	case FIXED_RND_ZERO:
		return false;
	case FIXED_RND_MIN_INF:
		return neg;
	case FIXED_RND_INF:
		return true;
	default:
		return odd;	/* FIXED_RND_CONV */
	}
}

/* The rounded value q = +-qm * 2^qk and the floor t = +-tm * 2^tk of
 * x * 2^frac. */
struct scaled {
	bool neg;
	uint64_t qm, tm;
	long qk, tk;
};

static void scale_round(const struct decoded *d, int frac,
			enum fixed_round r, struct scaled *s)
{
	long sh = (long)d->exp + frac;
	uint64_t ip, rem, half;
	enum rest rest;

	s->neg = d->neg;
	if (sh >= 0) {
		s->qm = s->tm = d->man;
		s->qk = s->tk = sh;
		return;
	}
	sh = -sh;
	if (sh > 63) {
		ip = 0;
		rest = REST_BELOW;	/* man < 2^53 <= 2^(sh-1) */
	} else {
		ip = d->man >> sh;
		rem = d->man & (((uint64_t)1 << sh) - 1);
		half = (uint64_t)1 << (sh - 1);
		rest = rem == 0 ? REST_NONE : rem < half ? REST_BELOW :
		       rem == half ? REST_HALF : REST_ABOVE;
	}
	s->qm = ip + round_up(r, d->neg, rest, ip & 1);
	s->tm = ip + (d->neg && rest != REST_NONE);
	s->qk = s->tk = 0;
}

static int bit_length(uint64_t v)
{
	return v ? 64 - __builtin_clzll(v) : 0;
}

/* overflow_adjust from ap_fixed_base.h on the W-bit word v. */
static void overflow_adjust(const struct fixed_type *t, struct wide *v,
			    bool over, bool under, bool lD, bool sign)
{
	int w = t->width, n = t->sat_bits;

	if (!over && !under)
		return;
	if (t->sat == FIXED_WRAP) {
		if (n == 0)
			return;
		if (t->is_signed) {
			wide_put(v, w - 1, sign);
			if (n > 1)
				wide_put_range(v, w - n, w - 2, !sign);
		} else {
			wide_put_range(v, w - n, w - 1, 1);
		}
	} else if (t->sat == FIXED_SAT_ZERO) {
		wide_init(v, w);
	} else if (t->sat == FIXED_WRAP_SM && t->is_signed) {
		bool ro = wide_bit(v, w - 1);

		if (n == 0) {
			if (lD != ro) {
				wide_not(v);
				wide_put(v, w - 1, lD);
			}
		} else {
			if (n == 1 && sign != ro) {
				wide_not(v);
			} else if (n > 1) {
				if ((bool)wide_bit(v, w - n) == sign)
					wide_not(v);
				wide_put_range(v, w - n, w - 2, !sign);
			}
			wide_put(v, w - 1, sign);
		}
	} else if (over) {
		max_word(t, v);
	} else {
		min_word(t, v);
	}
}

/* ap_int_base(double): truncation toward zero, wrap, and the library's
 * +1 for -0.5 < x < 0. */
static double quantize_int(const struct fixed_type *t, const struct decoded *d)
{
	struct wide v;
	long sh = -(long)d->exp;	/* DOUBLE_MAN - exp */

	wide_init(&v, t->width);
	if (sh >= 54)
		wide_set(&v, false, d->neg ? 1 : 0, 0);
	else if (sh >= 0)
		wide_set(&v, d->neg, d->man >> sh, 0);
	else
		wide_set(&v, d->neg, d->man, -sh);
	return wide_value(&v, t->width, t->is_signed, 0);
}

double fixed_quantize(const struct fixed_type *t, double x)
{
	struct decoded d;
	struct scaled s;
	struct wide v, floor_word;
	int w = t->width, frac = fixed_frac_bits(t);
	bool qneg, over = false, under = false, edge = false;

	if (isnan(x) || x == 0.0)
		return 0.0;
	decode(x, &d);
	if (t->is_int)
		return quantize_int(t, &d);
	scale_round(&d, frac, t->round, &s);
	qneg = s.neg && s.qm != 0;
	if (s.qm != 0) {
		long top = bit_length(s.qm) - 1 + s.qk;	/* floor(log2 |q|) */
		bool pow2 = (s.qm & (s.qm - 1)) == 0;

		if (t->is_signed) {
			over = !qneg && top >= w - 1;
			under = qneg && (top > w - 1 || (top == w - 1 && !pow2));
			edge = qneg && top == w - 1 && pow2;
		} else {
			over = !qneg && top >= w;
			under = qneg;
		}
	}
	if (t->sat == FIXED_SAT_SYM && t->is_signed)
		under = under || edge;
	wide_init(&v, w);
	wide_set(&v, qneg, s.qm, s.qk);
	if (over || under) {
		wide_init(&floor_word, w);
		wide_set(&floor_word, s.neg, s.tm, s.tk);
		overflow_adjust(t, &v, over, under, wide_bit(&floor_word, w),
				qneg);
	}
	return wide_value(&v, w, t->is_signed, frac);
}
