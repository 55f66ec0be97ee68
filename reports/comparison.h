/*
 * comparison.h - N runs or designs side by side (refs "run:N" or
 * "design:N", mixed as wanted): what each is, the knobs that differ
 * among them (the first is the reference), and every estimate and tool
 * metric per layer with the values that differ from the first's marked.
 * The metrics table is the primary one (what CSV holds).
 */
#ifndef HLSDSE_COMPARISON_H
#define HLSDSE_COMPARISON_H

#include "reports/doc.h"
#include "reports/runset.h"

/* Builds the comparison of refs[0..n-1] (n >= 2) into d (initialised
 * here; doc_release it, also on failure). A malformed or missing ref is
 * an error naming it. */
int comparison_build(struct doc *d, const struct report_in *in,
		     char *const *refs, int n, struct error *err);

#endif
