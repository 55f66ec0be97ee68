/*
 * hls4ml.h - the hls4ml flow shared by the Vitis and Vivado backends and
 * by `hlsdse export hls4ml`: the hls4ml configuration (YAML written with
 * libyaml's emitter) and the Python driver (build.py) that converts the
 * model with hls4ml and runs the HLS build.
 */
#ifndef HLSDSE_HLS4ML_H
#define HLSDSE_HLS4ML_H

#include <stdbool.h>

#include "backends/backend.h"
#include "core/design.h"
#include "core/error.h"
#include "core/model.h"

#define HLS4ML_CONFIG "hls4ml_config.yml"
#define HLS4ML_DRIVER "build.py"
#define HLS4ML_OUTPUT_DIR "hls4ml_prj"
#define HLS4ML_PROJECT "myproject"

/* Writes the hls4ml configuration for design d of model m to path:
 * KerasJson (+KerasH5) or KerasH5 alone for a full .h5 model (paths as
 * given, relative to the configuration), OutputDir, ProjectName,
 * Backend ("Vitis" or "Vivado"), Part, ClockPeriod, IOType, HLSConfig
 * Model defaults and a LayerName entry for every layer with a knob set.
 * Every type string is a double-quoted scalar. */
int hls4ml_write_config(const struct design *d, const struct model *m,
			const char *model_rel, const char *weights_rel,
			const char *project_name, const char *output_dir_rel,
			const char *backend, const char *path,
			struct error *err);

/* Writes the Python 3 driver build.py (mode 0755) to path. It reads
 * hls4ml_config.yml next to itself, converts, writes the project and
 * runs C synthesis (Vivado synthesis too with --vsynth), printing
 * "STAGE <name>" and "PROGRESS <percent>" lines; exit 3 when hls4ml (or
 * PyYAML) cannot be imported, 1 when the build fails. */
int hls4ml_write_driver(const char *path, struct error *err);

/* Copies the model file (and weights file, when not NULL) into dir,
 * keeping their base names; *model_rel and *weights_rel receive the
 * names relative to dir (caller frees; *weights_rel NULL without
 * weights). */
int hls4ml_copy_model(const char *model, const char *weights,
		      const char *dir, char **model_rel, char **weights_rel,
		      struct error *err);

/* The hls4ml spelling of a backend name: "vitis" -> "Vitis", "vivado"
 * -> "Vivado"; NULL for others. */
const char *hls4ml_backend_name(const char *name);

extern const struct backend hls4ml_vitis_backend;
extern const struct backend hls4ml_vivado_backend;

#endif
