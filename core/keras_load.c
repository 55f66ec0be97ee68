/*
 * keras_load.c - one entry point for every Keras model file: architecture
 * JSON with weights beside it or named, or a full model.save() HDF5 file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fileio.h"
#include "keras.h"
#include "xalloc.h"

static bool has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* The weights file hls4ml's examples keep next to an architecture JSON:
 * <stem>_weights.h5, else <stem>.h5; NULL if neither exists. */
static char *find_weights(const char *path)
{
	size_t n = strlen(path);
	char *stem, *cand;

	if (has_suffix(path, ".json"))
		n -= 5;
	stem = xstrndup(path, n);
	cand = xasprintf("%s_weights.h5", stem);
	if (!fileio_is_file(cand)) {
		free(cand);
		cand = xasprintf("%s.h5", stem);
		if (!fileio_is_file(cand)) {
			free(cand);
			cand = NULL;
		}
	}
	free(stem);
	return cand;
}

static int load_full_h5(struct model *m, const char *path,
			const char *weights_path, struct error *err)
{
	char *json = NULL;
	int rc;

	if (keras_h5_read_config(path, &json, err) < 0)
		return -1;
	rc = keras_parse_json(m, json, strlen(json), path, err);
	free(json);
	if (rc < 0)
		return -1;
	return keras_h5_read_weights(m, weights_path ? weights_path : path,
				     err);
}

static int load_json(struct model *m, const char *path,
		     const char *weights_path, struct error *err)
{
	char *text = NULL, *found = NULL;
	size_t len = 0;
	int rc;

	if (fileio_read(path, KERAS_JSON_MAX, &text, &len, err) < 0)
		return -1;
	if (len > 0 && memchr(text, '\0', len)) {
		free(text);
		return error_set(err, "'%s' is neither a Keras JSON nor an "
				 "HDF5 file", path);
	}
	rc = keras_parse_json(m, text, len, path, err);
	free(text);
	if (rc < 0)
		return -1;
	if (!weights_path)
		weights_path = found = find_weights(path);
	if (weights_path)
		rc = keras_h5_read_weights(m, weights_path, err);
	free(found);
	return rc;
}

int keras_load(struct model *m, const char *path, const char *weights_path,
	       struct error *err)
{
	int rc;

	if (!fileio_is_file(path)) {
		rc = error_set(err, access(path, F_OK) == 0 ?
			       "'%s' is not a regular file" :
			       "unable to open '%s': no such file", path);
	} else if (keras_is_hdf5(path)) {
		rc = load_full_h5(m, path, weights_path, err);
	} else if (has_suffix(path, ".keras")) {
		rc = error_set(err, "'%s': .keras archives are not supported "
			       "yet; save the model as .h5 or as JSON + "
			       "weights", path);
	} else if (has_suffix(path, ".h5") || has_suffix(path, ".hdf5")) {
		rc = error_set(err, "'%s' is not an HDF5 file", path);
	} else {
		rc = load_json(m, path, weights_path, err);
	}
	if (rc < 0) {
		model_release(m);
		return -1;
	}
	if (!m->source || strcmp(m->source, path) != 0) {
		free(m->source);
		m->source = xstrdup(path);
	}
	return 0;
}
