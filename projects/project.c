/*
 * project.c - creating and opening project workspaces: hlsdse.json, the
 * copied model with its hashes, .gitignore, the git repository and the
 * store.
 */
#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <dirent.h>

#include "core/fileio.h"
#include "core/xalloc.h"
#include "projects/project.h"
#include "projects/snapshot.h"
#include "projects/store.h"

#define MODEL_MAX (2048u << 20)	/* largest model file copied in */

static const char gitignore[] =
	"# hlsdse: the run store, run folders, exports and the model copy\n"
	"# stay out of the history; snapshots commit hlsdse.json and\n"
	"# design.json\n"
	"runs.db\nruns.db-wal\nruns.db-shm\nruns/\nexports/\nmodel/\n";

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

char *project_path(const struct project *p, const char *name)
{
	return fileio_join(p->dir, name);
}

bool project_is(const char *dir)
{
	char *f = fileio_join(dir, "hlsdse.json");
	bool yes = fileio_is_file(f);

	free(f);
	return yes;
}

/* dir must not exist (it is created) or be an empty directory. */
static int make_dir(const char *dir, struct error *err)
{
	struct dirent *e;
	DIR *d;

	if (mkdir(dir, 0777) == 0)
		return 0;
	if (errno != EEXIST)
		return error_set(err, "unable to create '%s': %s", dir,
				 strerror(errno));
	d = opendir(dir);
	if (!d)
		return error_set(err, "'%s' exists and is not a directory",
				 dir);
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
			closedir(d);
			return error_set(err, "'%s' already exists and is not "
					 "empty", dir);
		}
	closedir(d);
	return 0;
}

static int make_subdir(const char *dir, const char *name, struct error *err)
{
	char *p = fileio_join(dir, name);
	int rc = 0;

	if (mkdir(p, 0777) < 0 && errno != EEXIST)
		rc = error_set(err, "unable to create '%s': %s", p,
			       strerror(errno));
	free(p);
	return rc;
}

/* Copies src into dir/model/ and returns its relative path and hash. */
static int copy_in(const char *dir, const char *src, char **rel,
		   char **hash, struct error *err)
{
	char oid[SNAP_OID_HEX], *data, *dst;
	size_t len;
	int rc;

	if (fileio_read(src, MODEL_MAX, &data, &len, err) < 0)
		return -1;
	*rel = xasprintf("model/%s", base_name(src));
	dst = fileio_join(dir, *rel);
	rc = fileio_write_atomic(dst, data, len, err);
	snap_hash(data, len, oid);
	*hash = xstrdup(oid);
	free(data);
	free(dst);
	return rc;
}

static int write_text(const char *dir, const char *name, const char *text,
		      struct error *err)
{
	char *p = fileio_join(dir, name);
	int rc = fileio_write_atomic(p, text, strlen(text), err);

	free(p);
	return rc;
}

static int write_meta(const char *dir, const struct project *p,
		      struct error *err)
{
	cJSON *o = cJSON_CreateObject();
	char *s, *text;
	int rc;

	cJSON_AddStringToObject(o, "format", PROJECT_FORMAT);
	cJSON_AddStringToObject(o, "name", p->name);
	cJSON_AddStringToObject(o, "model", p->model);
	cJSON_AddStringToObject(o, "model_hash", p->model_hash);
	if (p->weights) {
		cJSON_AddStringToObject(o, "weights", p->weights);
		cJSON_AddStringToObject(o, "weights_hash", p->weights_hash);
	} else {
		cJSON_AddNullToObject(o, "weights");
		cJSON_AddNullToObject(o, "weights_hash");
	}
	/* per-backend step limits in seconds, e.g. {"vitis": 21600} */
	cJSON_AddObjectToObject(o, "timeouts");
	s = cJSON_Print(o);
	text = xasprintf("%s\n", s);
	rc = write_text(dir, "hlsdse.json", text, err);
	cJSON_free(s);
	free(text);
	cJSON_Delete(o);
	return rc;
}

int project_init(const char *dir, const char *model, const char *weights,
		 struct design *d, struct error *err)
{
	struct project p = { 0 };
	struct store *st = NULL;
	char *path;
	int rc = -1;

	if (make_dir(dir, err) < 0)
		return -1;
	p.dir = xstrdup(dir);
	p.name = xstrdup(base_name(dir));
	if (make_subdir(dir, "model", err) < 0 ||
	    make_subdir(dir, "runs", err) < 0 ||
	    make_subdir(dir, "exports", err) < 0 ||
	    copy_in(dir, model, &p.model, &p.model_hash, err) < 0 ||
	    (weights && copy_in(dir, weights, &p.weights, &p.weights_hash,
				err) < 0) ||
	    write_meta(dir, &p, err) < 0 ||
	    write_text(dir, ".gitignore", gitignore, err) < 0)
		goto out;
	free(d->model);
	d->model = xstrdup(p.model);
	free(d->weights);
	d->weights = p.weights ? xstrdup(p.weights) : NULL;
	path = fileio_join(dir, "design.json");
	rc = design_write(d, path, err);
	free(path);
	if (rc < 0 || snap_init(dir, err) < 0) {
		rc = -1;
		goto out;
	}
	path = fileio_join(dir, "runs.db");
	rc = store_open(path, true, &st, err);
	free(path);
	store_close(st);
out:
	project_release(&p);
	return rc;
}

/* A string member of hlsdse.json, or NULL when absent/null. */
static int meta_string(const cJSON *o, const char *key, bool required,
		       char **out, const char *file, struct error *err)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	if ((!v || cJSON_IsNull(v)) && !required)
		return 0;
	if (!cJSON_IsString(v) || !v->valuestring[0])
		return error_set(err, "'%s': '%s' must be a non-empty string",
				 file, key);
	*out = xstrdup(v->valuestring);
	return 0;
}

/* Checks that dir/rel still hashes to hash. */
static int check_file(const char *dir, const char *rel, const char *hash,
		      struct error *err)
{
	char *path = fileio_join(dir, rel), *data, oid[SNAP_OID_HEX];
	size_t len;
	int rc;

	if (fileio_read(path, MODEL_MAX, &data, &len, err) < 0) {
		error_set(err, "model file '%s' of project '%s' is missing",
			  rel, dir);
		free(path);
		return -1;
	}
	snap_hash(data, len, oid);
	rc = strcmp(oid, hash) == 0 ? 0 :
		error_set(err, "model file '%s' of project '%s' changed since "
			  "init (blob %.7s, expected %.7s)", rel, dir, oid,
			  hash);
	free(data);
	free(path);
	return rc;
}

/* The optional "timeouts" object: backend name -> seconds (> 0). */
static int meta_timeouts(const cJSON *o, struct project *p, const char *file,
			 struct error *err)
{
	const cJSON *t = cJSON_GetObjectItemCaseSensitive(o, "timeouts"), *e;

	if (!t || cJSON_IsNull(t))
		return 0;
	if (!cJSON_IsObject(t))
		return error_set(err, "'%s': 'timeouts' must be an object of "
				 "backend names and seconds", file);
	cJSON_ArrayForEach(e, t) {
		if (!cJSON_IsNumber(e) || e->valuedouble < 1 ||
		    e->valuedouble > 31.0 * 24 * 3600)
			return error_set(err, "'%s': timeouts.%s must be a "
					 "number of seconds (1 to 31 days)",
					 file, e->string);
		p->timeouts = xreallocarray(p->timeouts,
					    (size_t)p->n_timeouts + 1,
					    sizeof(*p->timeouts));
		p->timeouts[p->n_timeouts].backend = xstrdup(e->string);
		p->timeouts[p->n_timeouts++].seconds = (long)e->valuedouble;
	}
	return 0;
}

long project_timeout(const struct project *p, const char *backend)
{
	for (int i = 0; i < p->n_timeouts; i++)
		if (strcmp(p->timeouts[i].backend, backend) == 0)
			return p->timeouts[i].seconds;
	return 0;
}

static int parse_meta(struct project *p, const char *file, const char *text,
		      size_t len, struct error *err)
{
	cJSON *o = cJSON_ParseWithLengthOpts(text, len + 1, NULL, 1);
	const cJSON *fmt = o ? cJSON_GetObjectItemCaseSensitive(o, "format") :
		NULL;
	int rc = -1;

	if (!cJSON_IsObject(o))
		error_set(err, "'%s' is not valid JSON", file);
	else if (!cJSON_IsString(fmt) ||
		 strcmp(fmt->valuestring, PROJECT_FORMAT) != 0)
		error_set(err, "'%s': unknown format (expected \"%s\")", file,
			  PROJECT_FORMAT);
	else if (meta_string(o, "name", true, &p->name, file, err) == 0 &&
		 meta_string(o, "model", true, &p->model, file, err) == 0 &&
		 meta_string(o, "model_hash", true, &p->model_hash, file,
			     err) == 0 &&
		 meta_string(o, "weights", false, &p->weights, file, err) == 0 &&
		 meta_string(o, "weights_hash", p->weights != NULL,
			     &p->weights_hash, file, err) == 0 &&
		 meta_timeouts(o, p, file, err) == 0)
		rc = 0;
	cJSON_Delete(o);
	return rc;
}

int project_open(const char *dir, struct project *p, struct error *err)
{
	char *file = fileio_join(dir, "hlsdse.json"), *text;
	size_t len;
	int rc;

	memset(p, 0, sizeof(*p));
	if (!fileio_is_file(file)) {
		free(file);
		return error_set(err, "'%s' is not an hlsdse project (no "
				 "hlsdse.json; create one with hlsdse init)",
				 dir);
	}
	rc = fileio_read(file, 1u << 20, &text, &len, err);
	if (rc == 0) {
		p->dir = xstrdup(dir);
		rc = parse_meta(p, file, text, len, err);
		free(text);
	}
	free(file);
	if (rc == 0 && !snap_is_repo(dir))
		rc = error_set(err, "project '%s' is not a git repository "
			       "(was its .git removed?)", dir);
	if (rc == 0)
		rc = check_file(dir, p->model, p->model_hash, err);
	if (rc == 0 && p->weights)
		rc = check_file(dir, p->weights, p->weights_hash, err);
	if (rc < 0)
		project_release(p);
	return rc;
}

void project_release(struct project *p)
{
	free(p->dir);
	free(p->name);
	free(p->model);
	free(p->weights);
	free(p->model_hash);
	free(p->weights_hash);
	for (int i = 0; i < p->n_timeouts; i++)
		free(p->timeouts[i].backend);
	free(p->timeouts);
	memset(p, 0, sizeof(*p));
}
