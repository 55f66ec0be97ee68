/*
 * summary.h - the project report: model, part and counts; a table of the
 * runs with estimate and actual side by side (the primary table: what
 * CSV holds); the best result per metric and the Pareto-optimal runs;
 * estimate-against-actual accuracy per tool source; the saved designs
 * with their estimates; in HTML the plots; and, when asked, a section
 * for each run (runreport.h).
 */
#ifndef HLSDSE_SUMMARY_H
#define HLSDSE_SUMMARY_H

#include "reports/doc.h"
#include "reports/runset.h"

/* Builds the report into d (initialised here; doc_release it, also on
 * failure); design_ids (n of them, or none: every saved design) are the
 * designs the designs table lists. */
int summary_build(struct doc *d, const struct report_in *in,
		  const long *design_ids, int n_design_ids, struct error *err);

#endif
