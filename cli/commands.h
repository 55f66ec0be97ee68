/* commands.h - the subcommand table (one cmd_<name>.c per entry). */
#ifndef HLSDSE_COMMANDS_H
#define HLSDSE_COMMANDS_H

#include "cli/cli.h"

extern const struct cmd cmd_layers;
extern const struct cmd cmd_design;
extern const struct cmd cmd_design_new;
extern const struct cmd cmd_design_set;
extern const struct cmd cmd_design_show;
extern const struct cmd cmd_parts;
extern const struct cmd cmd_estimate;
extern const struct cmd cmd_init;
extern const struct cmd cmd_design_save;
extern const struct cmd cmd_designs;
extern const struct cmd cmd_compare;
extern const struct cmd cmd_restore;
extern const struct cmd cmd_synth;
extern const struct cmd cmd_jobs;
extern const struct cmd cmd_cancel;
extern const struct cmd cmd_runs;
extern const struct cmd cmd_show;
extern const struct cmd cmd_ingest;
extern const struct cmd cmd_worker;
extern const struct cmd cmd_export;
extern const struct cmd cmd_backends;
extern const struct cmd cmd_tui;

/* True when arg is something the app opens (a project directory or a
 * file): `hlsdse ARG` then means `hlsdse tui ARG`. */
bool cmd_tui_opens(const char *arg);
extern const struct cmd cmd_report;
extern const struct cmd cmd_plot;

/* Finds a command by name in a NULL-terminated table. */
const struct cmd *cmd_find(const struct cmd *const *table, const char *name);

#endif
