/*
 * newdesign.h - what `design new` and `init` share: the global design
 * options (--part, --clock, --io-type, --backend, --precision, --rf,
 * --strategy, --weights, --from-hls4ml) and building a new design for a
 * model from them (hls4ml defaults, the model's QKeras precisions, the
 * options, then an imported hls4ml configuration).
 */
#ifndef HLSDSE_NEWDESIGN_H
#define HLSDSE_NEWDESIGN_H

#include "cli/cli.h"

/* getopt_long entries for the shared options (codes 'p','c','i','b','P',
 * 'r','s','w','f'); put them first in a command's option array. */
#define NEW_DESIGN_LONGOPTS                                      \
	{ "part", required_argument, NULL, 'p' },                \
	{ "clock", required_argument, NULL, 'c' },               \
	{ "io-type", required_argument, NULL, 'i' },             \
	{ "backend", required_argument, NULL, 'b' },             \
	{ "precision", required_argument, NULL, 'P' },           \
	{ "rf", required_argument, NULL, 'r' },                  \
	{ "strategy", required_argument, NULL, 's' },            \
	{ "weights", required_argument, NULL, 'w' },             \
	{ "from-hls4ml", required_argument, NULL, 'f' }

#define NEW_DESIGN_USAGE                                                  \
	"[--weights FILE] [--part P] [--clock NS]\n"                       \
	"       [--io-type io_parallel|io_stream] [--backend B] [--precision T]\n" \
	"       [--rf N] [--strategy latency|resource] [--from-hls4ml CONFIG]"

struct new_design_opts {
	const char *weights, *config;
	char *assign[16];	/* global knob assignments, in order */
	int n_assign;
};

/* Takes option c (with its argument); returns 1 when it was one of the
 * shared options, 0 otherwise. */
int new_design_opt(struct new_design_opts *o, int c, const char *arg);
void new_design_opts_release(struct new_design_opts *o);

/* Builds d (initialised) for model m loaded from model_path; paths in
 * the design are relative to out_dir. Prints errors and warnings;
 * returns 0 or EXIT_FAIL. */
int new_design_build(struct design *d, const struct model *m,
		     const struct new_design_opts *o, const char *out_dir,
		     const char *model_path);

#endif
