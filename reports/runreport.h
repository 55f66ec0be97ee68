/*
 * runreport.h - one run's section of a report: its status, design,
 * times and tool version; the knobs its design sets against hls4ml's
 * defaults; estimate against each tool source per layer (the whole
 * design first, then layers in model order, then the tool's own
 * modules); in HTML the per-layer resource plot; the end of its log.
 */
#ifndef HLSDSE_RUNREPORT_H
#define HLSDSE_RUNREPORT_H

#include "reports/doc.h"
#include "reports/runset.h"

#define RUNREPORT_LOG_LINES 20

/* Appends run r's section to d. */
int runreport_add(struct doc *d, const struct report_in *in,
		  const struct rs_run *r, struct error *err);

/* The last n lines of text (a pointer into it). */
const char *runreport_tail(const char *text, int n);

#endif
