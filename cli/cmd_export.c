/*
 * cmd_export.c - `hlsdse export hls4ml PROJECT -o OUTDIR [--design FILE]
 * [--backend vitis|vivado]`: a self-contained hls4ml project directory
 * (hls4ml_config.yml, the model files under model/, the build.py driver
 * and a README.txt) for running the design outside hlsdse.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "backends/hls4ml.h"
#include "cli/commands.h"
#include "cli/projcli.h"
#include "core/fileio.h"
#include "core/xalloc.h"

static int run(int argc, char **argv);

const struct cmd cmd_export = {
	.name = "export",
	.run = run,
	.summary = "write an hls4ml project (config, model, build.py) for a "
		   "design",
	.usage = "hls4ml PROJECT -o OUTDIR [--design FILE] "
		 "[--backend vitis|vivado]",
};

static const char readme_fmt[] =
"hls4ml project exported by hlsdse %s\n"
"\n"
"  hls4ml_config.yml  the hls4ml configuration of the design (%s backend)\n"
"  model/             the Keras model files it names\n"
"  build.py           converts with hls4ml and runs C synthesis\n"
"\n"
"Run it with a Python 3 that has hls4ml (pip install hls4ml), after\n"
"sourcing the %s settings so that %s is in PATH:\n"
"\n"
"  source <%s install>/settings64.sh\n"
"  python3 build.py            # convert, write %s/, C synthesis\n"
"  python3 build.py --vsynth   # also Vivado synthesis (vivado_synth.rpt)\n"
"  python3 build.py --no-build # only write the HLS project\n"
"\n"
"build.py uses hls4ml.converters.convert_from_config on hls4ml <= 1.2 and\n"
"hls4ml.converters.keras_v2_to_hls on hls4ml >= 1.3 (which dropped\n"
"KerasJson/KerasH5 from convert_from_config; no TensorFlow is needed).\n"
"It exits 3 when hls4ml cannot be imported and 1 when the build fails.\n"
"\n"
"Reports after the build:\n"
"  %s/%s_prj/solution1/syn/report/%s_csynth.xml\n"
"  %s/vivado_synth.rpt (with --vsynth)\n"
"%s";

static const char partition_note[] =
"\n"
"Array partition knobs of the design have no hls4ml configuration key and\n"
"are not part of this export.\n";

/* True when the design sets a partition on some layer. */
static bool has_partition(const struct design *d)
{
	for (int i = 0; i < d->n_layers; i++)
		if (d->layers[i].set & KNOB_PARTITION)
			return true;
	return false;
}

/* Creates dir, or accepts it when it exists and is empty. */
static int make_outdir(const char *dir, struct error *err)
{
	DIR *dh;
	struct dirent *e;
	bool empty = true;

	if (mkdir(dir, 0777) == 0)
		return 0;
	if (errno != EEXIST)
		return error_set(err, "unable to create '%s': %s", dir,
				 strerror(errno));
	dh = opendir(dir);
	if (!dh)
		return error_set(err, "'%s' exists and is not a directory", dir);
	while ((e = readdir(dh)))
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			empty = false;
	closedir(dh);
	if (!empty)
		return error_set(err, "'%s' already exists and is not empty",
				 dir);
	return 0;
}

static int write_readme(const char *path, const char *backend,
			const struct design *d, struct error *err)
{
	const bool vivado = strcmp(backend, "Vivado") == 0;
	const char *o = HLS4ML_OUTPUT_DIR, *p = HLS4ML_PROJECT;
	char *text = xasprintf(readme_fmt, HLSDSE_VERSION, backend,
			       vivado ? "Vivado HLS 2020.1" : "Vitis",
			       vivado ? "vivado_hls" : "vitis_hls (or vitis-run)",
			       vivado ? "Vivado" : "Vitis", o, o, p, p, o,
			       has_partition(d) ? partition_note : "");
	int rc = fileio_write_atomic(path, text, strlen(text), err);

	free(text);
	return rc;
}

/* Writes the export of c's design (or d when not NULL) into out. */
static int export_hls4ml(struct proj_ctx *c, const struct design *d,
			 const char *backend, const char *out,
			 struct error *err)
{
	char *model = project_path(&c->p, c->p.model);
	char *weights = c->p.weights ? project_path(&c->p, c->p.weights) :
		NULL;
	char *mdir = fileio_join(out, "model"), *mrel = NULL, *wrel = NULL;
	char *mpath = NULL, *wpath = NULL, *path = NULL;
	int rc = -1;

	if (make_outdir(out, err) < 0)
		goto done;
	if (mkdir(mdir, 0777) < 0) {
		error_set(err, "unable to create '%s': %s", mdir,
			  strerror(errno));
		goto done;
	}
	if (hls4ml_copy_model(model, weights, mdir, &mrel, &wrel, err) < 0)
		goto done;
	mpath = xasprintf("model/%s", mrel);
	if (wrel)
		wpath = xasprintf("model/%s", wrel);
	path = fileio_join(out, HLS4ML_CONFIG);
	if (hls4ml_write_config(d, &c->m, mpath, wpath, HLS4ML_PROJECT,
				HLS4ML_OUTPUT_DIR, backend, path, err) < 0)
		goto done;
	free(path);
	path = fileio_join(out, HLS4ML_DRIVER);
	if (hls4ml_write_driver(path, err) < 0)
		goto done;
	free(path);
	path = fileio_join(out, "README.txt");
	rc = write_readme(path, backend, d, err);
done:
	free(model);
	free(weights);
	free(mdir);
	free(mrel);
	free(wrel);
	free(mpath);
	free(wpath);
	free(path);
	return rc;
}

static int run(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "design", required_argument, NULL, 'd' },
		{ "backend", required_argument, NULL, 'b' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *out = NULL, *design_file = NULL, *bname = NULL, *backend;
	struct proj_ctx c;
	struct design other;
	const struct design *d;
	struct error err;
	int opt, rc;

	while ((opt = cli_getopt(argc, argv, "o:d:b:h", opts)) != -1) {
		switch (opt) {
		case 'o': out = optarg; break;
		case 'd': design_file = optarg; break;
		case 'b': bname = optarg; break;
		case 'h': return cli_help(&cmd_export);
		default:
			return cli_usage_error(&cmd_export, "unknown or "
					       "incomplete option '%s'",
					       argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return cli_usage_error(&cmd_export, "no format given");
	if (strcmp(argv[optind], "hls4ml") != 0)
		return cli_usage_error(&cmd_export, "unknown export format "
				       "'%s' (known: hls4ml)", argv[optind]);
	if (optind + 2 != argc)
		return cli_usage_error(&cmd_export, optind + 1 >= argc ?
				       "no project given" :
				       "too many arguments");
	if (!out)
		return cli_usage_error(&cmd_export, "-o OUTDIR is required");
	if (bname && !hls4ml_backend_name(bname))
		return cli_usage_error(&cmd_export, "unknown backend '%s' "
				       "(known: vitis, vivado)", bname);
	if (proj_open(argv[optind + 1], &c) < 0)
		return EXIT_FAIL;
	d = &c.d;
	design_init(&other);
	if (design_file) {
		if (design_read(&other, design_file, &err) < 0 ||
		    design_validate(&other, &c.m, &err) < 0) {
			rc = cli_fail("%s", err.msg);
			goto out;
		}
		d = &other;
	}
	if (!bname)
		bname = d->backend && hls4ml_backend_name(d->backend) ?
			d->backend : "vitis";
	backend = hls4ml_backend_name(bname);
	if (has_partition(d))
		cli_warn("array partition knobs have no hls4ml configuration "
			 "key; they are not exported");
	if (export_hls4ml(&c, d, backend, out, &err) < 0) {
		rc = cli_fail("%s", err.msg);
		goto out;
	}
	printf("exported to %s (hls4ml, %s backend): run python3 %s/%s\n",
	       out, backend, out, HLS4ML_DRIVER);
	rc = EXIT_OK;
out:
	design_release(&other);
	proj_close(&c);
	return rc;
}
