/*
 * hls4ml.c - the hls4ml flow: the configuration writer (libyaml's
 * emitter, block style, every type string double-quoted so the flow-style
 * comma trap cannot occur), the Python driver build.py, and the "vitis"
 * and "vivado" backends built on them (tool checks, run directory,
 * one csynth step, report collection into result.json).
 */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <yaml.h>

#include "backends/hls4ml.h"
#include "backends/report.h"
#include "core/fileio.h"
#include "core/xalloc.h"

extern char **environ;

#define MODEL_FILE_MAX ((size_t)2 << 30)	/* largest model file copied */

/* ---- YAML emission ----------------------------------------------------- */

struct ybuf {
	char *data;
	size_t len, cap;
};

struct yw {
	yaml_emitter_t em;
	struct ybuf out;
	bool failed;
};

static int ybuf_write(void *p, unsigned char *buffer, size_t size)
{
	struct ybuf *b = p;

	if (b->len + size + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;

		while (b->len + size + 1 > cap)
			cap *= 2;
		b->data = xreallocarray(b->data, cap, 1);
		b->cap = cap;
	}
	memcpy(b->data + b->len, buffer, size);
	b->len += size;
	b->data[b->len] = '\0';
	return 1;
}

/* Emits ev (which the emitter always consumes) unless a previous event
 * failed. */
static void yemit(struct yw *y, yaml_event_t *ev, int ok)
{
	if (!ok) {
		y->failed = true;
		return;
	}
	if (y->failed) {
		yaml_event_delete(ev);
		return;
	}
	if (!yaml_emitter_emit(&y->em, ev))
		y->failed = true;
}

static void yscalar(struct yw *y, const char *tag, const char *s,
		    yaml_scalar_style_t style)
{
	yaml_event_t ev;

	yemit(y, &ev, yaml_scalar_event_initialize(&ev, NULL,
		(yaml_char_t *)tag, (yaml_char_t *)s, (int)strlen(s), 1, 1,
		style));
}

static void ymap_start(struct yw *y)
{
	yaml_event_t ev;

	yemit(y, &ev, yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1,
		YAML_BLOCK_MAPPING_STYLE));
}

static void ymap_end(struct yw *y)
{
	yaml_event_t ev;

	yemit(y, &ev, yaml_mapping_end_event_initialize(&ev));
}

static void ykey(struct yw *y, const char *k)
{
	yscalar(y, YAML_STR_TAG, k, YAML_PLAIN_SCALAR_STYLE);
}

/* key: "value" (double-quoted: paths, names and every type string). */
static void ystr(struct yw *y, const char *k, const char *v)
{
	ykey(y, k);
	yscalar(y, YAML_STR_TAG, v, YAML_DOUBLE_QUOTED_SCALAR_STYLE);
}

/* key: word (plain: the enumerations hls4ml compares as strings). */
static void yword(struct yw *y, const char *k, const char *v)
{
	ykey(y, k);
	yscalar(y, YAML_STR_TAG, v, YAML_PLAIN_SCALAR_STYLE);
}

static void yint(struct yw *y, const char *k, long v)
{
	char b[32];

	snprintf(b, sizeof(b), "%ld", v);
	ykey(y, k);
	yscalar(y, YAML_INT_TAG, b, YAML_PLAIN_SCALAR_STYLE);
}

/* A number printed as short as it reads back exactly ("5", "4.5"). */
static void ynum(struct yw *y, const char *k, double v)
{
	char b[40];

	for (int prec = 6; prec <= 17; prec++) {
		snprintf(b, sizeof(b), "%.*g", prec, v);
		if (strtod(b, NULL) == v)
			break;
	}
	ykey(y, k);
	yscalar(y, strchr(b, '.') || strchr(b, 'e') ? YAML_FLOAT_TAG :
		YAML_INT_TAG, b, YAML_PLAIN_SCALAR_STYLE);
}

/* ---- the configuration ------------------------------------------------- */

static const char *pascal_strategy(enum strategy s)
{
	return s == STRATEGY_RESOURCE ? "Resource" : "Latency";
}

static const char *type_string(const struct precision *p, char *b, size_t n)
{
	return p->is_auto ? "auto" : fixed_format(&p->type, b, n);
}

static bool is_table_slot(int s)
{
	return s == PREC_TABLE || s == PREC_EXP_TABLE || s == PREC_INV_TABLE;
}

/* The hls4ml Precision dict key of slot s (default/weight/bias/...). */
static const char *prec_key(int s)
{
	return prec_slot_name((enum prec_slot)s);
}

/* HLSConfig.Model: Precision (a string, or a dict when design defaults
 * other than the plain precision are set), ReuseFactor, Strategy. */
static void emit_model_level(struct yw *y, const struct design *d)
{
	char b[FIXED_STR_MAX];
	bool dict = false;

	for (int s = PREC_WEIGHT; s < PREC_COUNT; s++)
		if (!is_table_slot(s) && d->prec[s].set)
			dict = true;
	ykey(y, "Model");
	ymap_start(y);
	if (dict) {
		ykey(y, "Precision");
		ymap_start(y);
		for (int s = 0; s < PREC_COUNT; s++)
			if (!is_table_slot(s) && d->prec[s].set)
				ystr(y, prec_key(s),
				     type_string(&d->prec[s], b, sizeof(b)));
		ymap_end(y);
	} else {
		ystr(y, "Precision", type_string(&d->prec[PREC_DEFAULT], b,
						 sizeof(b)));
	}
	yint(y, "ReuseFactor", d->reuse_factor);
	yword(y, "Strategy", pascal_strategy(d->strategy));
	ymap_end(y);
}

static const char *const table_keys[PREC_COUNT] = {
	[PREC_TABLE] = "table_t",
	[PREC_EXP_TABLE] = "exp_table_t",
	[PREC_INV_TABLE] = "inv_table_t",
};

/* Table slots written on layer l: set on the layer, or set as a design
 * default and applicable to l (hls4ml has no Model-level table type). */
static unsigned layer_tables(const struct design *d, const struct layer *l,
			     const struct knobs *k)
{
	unsigned t = 0;

	for (int s = 0; s < PREC_COUNT; s++)
		if (is_table_slot(s) && ((k->prec_set & (1u << s)) ||
		    (d->prec[s].set && design_prec_applies(l, s))))
			t |= 1u << s;
	return t;
}

static bool layer_has_entry(const struct design *d, const struct layer *l,
			    const struct knobs *k)
{
	unsigned knobs = KNOB_REUSE_FACTOR | KNOB_STRATEGY |
		KNOB_PARALLELIZATION | KNOB_TABLE_SIZE | KNOB_IMPLEMENTATION;

	return (k->set & knobs) || k->prec_set || layer_tables(d, l, k);
}

/* One HLSConfig.LayerName entry. */
static void emit_layer(struct yw *y, const struct design *d,
		       const struct layer *l, const struct knobs *k)
{
	char b[FIXED_STR_MAX];
	unsigned plain = 0, tables = layer_tables(d, l, k);

	for (int s = 0; s < PREC_COUNT; s++)
		if (!is_table_slot(s) && (k->prec_set & (1u << s)))
			plain |= 1u << s;
	ykey(y, l->name);
	ymap_start(y);
	if (plain == 1u << PREC_DEFAULT) {
		ystr(y, "Precision", type_string(&k->prec[PREC_DEFAULT], b,
						 sizeof(b)));
	} else if (plain) {
		ykey(y, "Precision");
		ymap_start(y);
		for (int s = 0; s < PREC_COUNT; s++)
			if (plain & (1u << s))
				ystr(y, prec_key(s),
				     type_string(&k->prec[s], b, sizeof(b)));
		ymap_end(y);
	}
	if (k->set & KNOB_REUSE_FACTOR)
		yint(y, "ReuseFactor", k->reuse_factor);
	if (k->set & KNOB_STRATEGY)
		yword(y, "Strategy", pascal_strategy(k->strategy));
	if (k->set & KNOB_PARALLELIZATION)
		yint(y, "ParallelizationFactor", k->parallelization_factor);
	if (k->set & KNOB_TABLE_SIZE)
		yint(y, "TableSize", k->table_size);
	if (k->set & KNOB_IMPLEMENTATION)
		yword(y, "Implementation",
		      softmax_impl_name(k->implementation));
	for (int s = 0; s < PREC_COUNT; s++)
		if (tables & (1u << s))
			ystr(y, table_keys[s],
			     type_string(&k->prec[s], b, sizeof(b)));
	ymap_end(y);
}

static bool is_full_h5(const char *model_rel, const char *weights_rel)
{
	size_t n = strlen(model_rel);

	if (weights_rel)
		return false;
	return (n >= 3 && strcmp(model_rel + n - 3, ".h5") == 0) ||
		(n >= 5 && strcmp(model_rel + n - 5, ".hdf5") == 0);
}

int hls4ml_write_config(const struct design *d, const struct model *m,
			const char *model_rel, const char *weights_rel,
			const char *project_name, const char *output_dir_rel,
			const char *backend, const char *path,
			struct error *err)
{
	struct yw y;
	yaml_event_t ev;
	struct knobs k;
	bool any = false;
	int rc;

	memset(&y, 0, sizeof(y));
	if (!yaml_emitter_initialize(&y.em))
		return error_set(err, "unable to start the YAML emitter");
	yaml_emitter_set_output(&y.em, ybuf_write, &y.out);
	yaml_emitter_set_unicode(&y.em, 1);
	yaml_emitter_set_width(&y.em, -1);
	yaml_emitter_set_indent(&y.em, 2);
	yemit(&y, &ev, yaml_stream_start_event_initialize(&ev,
							   YAML_UTF8_ENCODING));
	yemit(&y, &ev, yaml_document_start_event_initialize(&ev, NULL, NULL,
							     NULL, 1));
	ymap_start(&y);
	if (is_full_h5(model_rel, weights_rel)) {
		ystr(&y, "KerasH5", model_rel);
	} else {
		ystr(&y, "KerasJson", model_rel);
		if (weights_rel)
			ystr(&y, "KerasH5", weights_rel);
	}
	ystr(&y, "OutputDir", output_dir_rel);
	ystr(&y, "ProjectName", project_name);
	yword(&y, "Backend", backend);
	ystr(&y, "Part", d->part);
	ynum(&y, "ClockPeriod", d->clock_ns);
	yword(&y, "IOType", io_type_name(d->io_type));
	ykey(&y, "HLSConfig");
	ymap_start(&y);
	emit_model_level(&y, d);
	for (int i = 0; i < m->n_layers; i++) {
		design_resolve(d, m, i, &k);
		if (!layer_has_entry(d, &m->layers[i], &k))
			continue;
		if (!any) {
			ykey(&y, "LayerName");
			ymap_start(&y);
			any = true;
		}
		emit_layer(&y, d, &m->layers[i], &k);
	}
	if (any)
		ymap_end(&y);
	ymap_end(&y);
	ymap_end(&y);
	yemit(&y, &ev, yaml_document_end_event_initialize(&ev, 1));
	yemit(&y, &ev, yaml_stream_end_event_initialize(&ev));
	if (y.failed) {
		rc = error_set(err, "unable to write '%s': YAML emitter: %s",
			       path, y.em.problem ? y.em.problem :
			       "out of memory");
	} else {
		rc = fileio_write_atomic(path, y.out.data, y.out.len, err);
	}
	yaml_emitter_delete(&y.em);
	free(y.out.data);
	return rc;
}

/* ---- the driver -------------------------------------------------------- */

static const char driver_py[] =
"#!/usr/bin/env python3\n"
"\"\"\"build.py - written by hlsdse: converts the Keras model named in\n"
"hls4ml_config.yml (next to this script) with hls4ml, writes the HLS\n"
"project into its OutputDir and runs C synthesis (and Vivado synthesis\n"
"with --vsynth). Prints 'STAGE <name>' and 'PROGRESS <percent>' lines.\n"
"Exit status: 0 done, 1 conversion or build failed, 3 hls4ml or PyYAML\n"
"missing.\"\"\"\n"
"import argparse\n"
"import os\n"
"import re\n"
"import sys\n"
"\n"
"\n"
"def stage(name, percent):\n"
"    print('STAGE ' + name, flush=True)\n"
"    print('PROGRESS %d' % percent, flush=True)\n"
"\n"
"\n"
"def version_tuple(text):\n"
"    parts = []\n"
"    for p in str(text).split('.')[:3]:\n"
"        m = re.match(r'\\d+', p)\n"
"        if not m:\n"
"            break\n"
"        parts.append(int(m.group(0)))\n"
"    return tuple(parts)\n"
"\n"
"\n"
"def convert(hls4ml, config):\n"
"    \"\"\"hls4ml >= 1.3 dropped KerasJson/KerasH5 from convert_from_config;\n"
"    its Keras v2 converter still reads them (with h5py, no TensorFlow).\"\"\"\n"
"    conv = hls4ml.converters\n"
"    keras_files = 'KerasJson' in config or 'KerasH5' in config\n"
"    if version_tuple(hls4ml.__version__) >= (1, 3) and keras_files:\n"
"        fn = getattr(conv, 'keras_v2_to_hls', None)\n"
"        if fn is None:\n"
"            from hls4ml.converters.keras_v2_to_hls import keras_v2_to_hls as fn\n"
"        return fn(config)\n"
"    if hasattr(conv, 'convert_from_config'):\n"
"        return conv.convert_from_config(config)\n"
"    return conv.convert_from_yaml_config(config)\n"
"\n"
"\n"
"def main():\n"
"    ap = argparse.ArgumentParser(description='convert and synthesise '\n"
"                                 'with hls4ml')\n"
"    ap.add_argument('--config', default='hls4ml_config.yml')\n"
"    ap.add_argument('--vsynth', action='store_true',\n"
"                    help='also run Vivado synthesis (vivado_synth.rpt)')\n"
"    ap.add_argument('--no-build', action='store_true',\n"
"                    help='write the HLS project only')\n"
"    args = ap.parse_args()\n"
"    os.chdir(os.path.dirname(os.path.abspath(__file__)))\n"
"    stage('import', 0)\n"
"    try:\n"
"        import hls4ml\n"
"    except ImportError as e:\n"
"        print('hls4ml not found: pip install hls4ml (or set HLSDSE_PYTHON '\n"
"              'to a python that has it) [%s: %s]' % (sys.executable, e),\n"
"              file=sys.stderr)\n"
"        return 3\n"
"    try:\n"
"        import yaml\n"
"    except ImportError as e:\n"
"        print('PyYAML not found: pip install pyyaml [%s: %s]'\n"
"              % (sys.executable, e), file=sys.stderr)\n"
"        return 3\n"
"    print('hls4ml %s' % hls4ml.__version__, flush=True)\n"
"    with open(args.config) as f:\n"
"        config = yaml.safe_load(f)\n"
"    stage('convert', 5)\n"
"    try:\n"
"        hls_model = convert(hls4ml, config)\n"
"        if hls_model is None:\n"
"            raise RuntimeError('hls4ml converted nothing from %s'\n"
"                               % args.config)\n"
"        stage('write', 15)\n"
"        hls_model.write()\n"
"    except Exception as e:\n"
"        print('hls4ml conversion failed: %s: %s' % (type(e).__name__, e),\n"
"              file=sys.stderr)\n"
"        return 1\n"
"    if args.no_build:\n"
"        stage('done', 100)\n"
"        return 0\n"
"    stage('csynth', 20)\n"
"    try:\n"
"        hls_model.build(reset=False, csim=False, synth=True, cosim=False,\n"
"                        validation=False, export=False,\n"
"                        vsynth=args.vsynth)\n"
"    except Exception as e:\n"
"        print('hls4ml build failed: %s: %s' % (type(e).__name__, e),\n"
"              file=sys.stderr)\n"
"        return 1\n"
"    out = config['OutputDir']\n"
"    name = config['ProjectName']\n"
"    csynth = os.path.join(out, name + '_prj', 'solution1', 'syn', 'report',\n"
"                          name + '_csynth.xml')\n"
"    if not os.path.isfile(csynth):\n"
"        print('C synthesis failed: no %s (see the log above)' % csynth,\n"
"              file=sys.stderr)\n"
"        return 1\n"
"    stage('csynth-done', 90 if args.vsynth else 100)\n"
"    if args.vsynth:\n"
"        rpt = os.path.join(out, 'vivado_synth.rpt')\n"
"        if not os.path.isfile(rpt):\n"
"            print('Vivado synthesis failed: no %s' % rpt, file=sys.stderr)\n"
"            return 1\n"
"        stage('done', 100)\n"
"    return 0\n"
"\n"
"\n"
"if __name__ == '__main__':\n"
"    sys.exit(main())\n";

int hls4ml_write_driver(const char *path, struct error *err)
{
	if (fileio_write_atomic(path, driver_py, sizeof(driver_py) - 1,
				err) < 0)
		return -1;
	if (chmod(path, 0755) < 0)
		return error_set(err, "unable to make '%s' executable: %s",
				 path, strerror(errno));
	return 0;
}

/* ---- model files ------------------------------------------------------- */

static const char *base_name(const char *p)
{
	const char *s = strrchr(p, '/');

	return s ? s + 1 : p;
}

static int copy_file(const char *from, const char *to, struct error *err)
{
	char *data;
	size_t len;
	int rc;

	if (fileio_read(from, MODEL_FILE_MAX, &data, &len, err) < 0)
		return -1;
	rc = fileio_write_atomic(to, data, len, err);
	free(data);
	return rc;
}

int hls4ml_copy_model(const char *model, const char *weights,
		      const char *dir, char **model_rel, char **weights_rel,
		      struct error *err)
{
	char *to;

	*model_rel = NULL;
	*weights_rel = NULL;
	if (weights && strcmp(base_name(model), base_name(weights)) == 0)
		return error_set(err, "model '%s' and weights '%s' have the "
				 "same file name", model, weights);
	to = fileio_join(dir, base_name(model));
	if (copy_file(model, to, err) < 0) {
		free(to);
		return -1;
	}
	free(to);
	if (weights) {
		to = fileio_join(dir, base_name(weights));
		if (copy_file(weights, to, err) < 0) {
			free(to);
			return -1;
		}
		free(to);
		*weights_rel = xstrdup(base_name(weights));
	}
	*model_rel = xstrdup(base_name(model));
	return 0;
}

const char *hls4ml_backend_name(const char *name)
{
	if (strcmp(name, "vitis") == 0)
		return "Vitis";
	if (strcmp(name, "vivado") == 0)
		return "Vivado";
	return NULL;
}

/* ---- tool checks ------------------------------------------------------- */

/* The Python interpreter runs use: $HLSDSE_PYTHON, else python3. */
static const char *python_prog(void)
{
	const char *py = getenv("HLSDSE_PYTHON");

	return py && *py ? py : "python3";
}

/* Runs argv (argv[0] looked up in PATH) with no input or output and
 * returns its exit status, -1 when it could not run. */
static int run_quiet(char *const argv[])
{
	posix_spawn_file_actions_t fa;
	pid_t pid;
	int st, rc;

	if (posix_spawn_file_actions_init(&fa) != 0)
		return -1;
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	rc = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (rc != 0)
		return -1;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* The Python half of available(): an interpreter that imports hls4ml. */
static bool python_ok(char *why, size_t n)
{
	const char *py = python_prog();
	char *argv[] = { (char *)py, "-c", "import hls4ml", NULL };

	if (!backend_in_path(py)) {
		snprintf(why, n, "%s not found%s: install Python 3 with hls4ml "
			 "or set HLSDSE_PYTHON to a python that has it", py,
			 strchr(py, '/') ? "" : " in PATH");
		return false;
	}
	if (run_quiet(argv) != 0) {
		snprintf(why, n, "hls4ml not found: %s cannot import hls4ml: "
			 "pip install hls4ml (or set HLSDSE_PYTHON to a python "
			 "that has it)", py);
		return false;
	}
	return true;
}

static bool vitis_available(char *why, size_t n)
{
	if (!backend_in_path("vitis_hls") && !backend_in_path("vitis-run")) {
		snprintf(why, n, "vitis_hls not found in PATH: source "
			 "<Vitis>/settings64.sh before starting hlsdse");
		return false;
	}
	return python_ok(why, n);
}

static bool vivado_available(char *why, size_t n)
{
	if (!backend_in_path("vivado_hls")) {
		snprintf(why, n, "vivado_hls not found in PATH: source "
			 "<Vivado>/settings64.sh (Vivado HLS 2020.1) before "
			 "starting hlsdse");
		return false;
	}
	return python_ok(why, n);
}

/* ---- run directory ----------------------------------------------------- */

static int make_dir(const char *dir, struct error *err)
{
	if (mkdir(dir, 0777) < 0 && errno != EEXIST)
		return error_set(err, "unable to create '%s': %s", dir,
				 strerror(errno));
	return 0;
}

/* A path the run context names, relative to the project when needed. */
static char *ctx_path(const struct run_ctx *rc, const char *p)
{
	if (p[0] == '/' || fileio_is_file(p) || !rc->project_dir)
		return xstrdup(p);
	return fileio_join(rc->project_dir, p);
}

static int prepare(const struct run_ctx *rc, const char *backend,
		   struct error *err)
{
	char *mdir = NULL, *model, *weights = NULL, *mrel = NULL,
		*wrel = NULL, *mpath = NULL, *wpath = NULL, *path = NULL;
	const char *w = rc->weights_path ? rc->weights_path :
		rc->m->weights_source;
	int r = -1;

	model = ctx_path(rc, rc->model_path);
	if (w)
		weights = ctx_path(rc, w);
	if (make_dir(rc->run_dir, err) < 0)
		goto out;
	mdir = fileio_join(rc->run_dir, "model");
	if (make_dir(mdir, err) < 0 ||
	    hls4ml_copy_model(model, weights, mdir, &mrel, &wrel, err) < 0)
		goto out;
	mpath = xasprintf("model/%s", mrel);
	if (wrel)
		wpath = xasprintf("model/%s", wrel);
	path = fileio_join(rc->run_dir, HLS4ML_CONFIG);
	if (hls4ml_write_config(rc->d, rc->m, mpath, wpath, HLS4ML_PROJECT,
				HLS4ML_OUTPUT_DIR, backend, path, err) < 0)
		goto out;
	free(path);
	path = fileio_join(rc->run_dir, HLS4ML_DRIVER);
	r = hls4ml_write_driver(path, err);
out:
	free(mdir);
	free(model);
	free(weights);
	free(mrel);
	free(wrel);
	free(mpath);
	free(wpath);
	free(path);
	return r;
}

static int vitis_prepare(const struct run_ctx *rc, struct error *err)
{
	return prepare(rc, "Vitis", err);
}

static int vivado_prepare(const struct run_ctx *rc, struct error *err)
{
	return prepare(rc, "Vivado", err);
}

/* One step: python build.py [--vsynth] (Vivado synthesis when
 * HLSDSE_VSYNTH is 1). */
static int steps(const struct run_ctx *rc, struct step **out, int *n,
		 struct error *err)
{
	const char *vs = getenv("HLSDSE_VSYNTH");
	struct step *s = xcalloc(1, sizeof(*s));
	int a = 0;

	(void)rc;
	(void)err;
	s->name = "csynth";
	s->argv[a++] = xstrdup(python_prog());
	s->argv[a++] = xstrdup(HLS4ML_DRIVER);
	if (vs && strcmp(vs, "1") == 0)
		s->argv[a++] = xstrdup("--vsynth");
	s->argv[a] = NULL;
	*out = s;
	*n = 1;
	return 0;
}

static int collect(const struct run_ctx *rc, const char *name,
		   struct error *err)
{
	struct csynth_report c;
	struct synth_report sr;
	struct run_result res;
	char *csynth, *rpt, *json;
	int r = -1;

	csynth = xasprintf("%s/%s/%s_prj/solution1/syn/report/%s_csynth.xml",
			   rc->run_dir, HLS4ML_OUTPUT_DIR, HLS4ML_PROJECT,
			   HLS4ML_PROJECT);
	rpt = xasprintf("%s/%s/vivado_synth.rpt", rc->run_dir,
			HLS4ML_OUTPUT_DIR);
	json = fileio_join(rc->run_dir, "result.json");
	memset(&res, 0, sizeof(res));
	memset(&c, 0, sizeof(c));
	if (!fileio_is_file(csynth)) {
		error_set(err, "no C synthesis report '%s': the build failed "
			  "(see log.txt)", csynth);
		goto out;
	}
	if (report_csynth_read(csynth, &c, err) < 0)
		goto out;
	res.backend = xstrdup(name);
	if (c.tool)
		res.tool_version = xstrdup(c.tool);
	result_add_csynth(&res, &c);
	if (fileio_is_file(rpt)) {
		memset(&sr, 0, sizeof(sr));
		if (report_synth_read(rpt, &sr, err) < 0)
			goto out;
		result_add_synth(&res, &sr);
	}
	r = result_write(&res, json, err);
out:
	csynth_report_release(&c);
	run_result_release(&res);
	free(csynth);
	free(rpt);
	free(json);
	return r;
}

static int vitis_collect(const struct run_ctx *rc, struct error *err)
{
	return collect(rc, "vitis", err);
}

static int vivado_collect(const struct run_ctx *rc, struct error *err)
{
	return collect(rc, "vivado", err);
}

const struct backend hls4ml_vitis_backend = {
	.name = "vitis",
	.summary = "hls4ml + Vitis HLS (vitis_hls / vitis-run): C synthesis",
	.est_mode = EST_CSYNTH,
	.available = vitis_available,
	.prepare = vitis_prepare,
	.steps = steps,
	.collect = vitis_collect,
};

const struct backend hls4ml_vivado_backend = {
	.name = "vivado",
	.summary = "hls4ml + Vivado HLS 2020.1 (vivado_hls): C synthesis",
	.est_mode = EST_CSYNTH,
	.available = vivado_available,
	.prepare = vivado_prepare,
	.steps = steps,
	.collect = vivado_collect,
};
