/*
 * keras_h5.c - Keras HDF5 files through libhdf5: the model_config
 * attribute of full model.save() files, the weights of weights-only and
 * full files (checked against keras_weight_spec), and writing the
 * weights-only layout for the project's own example models.
 *
 * HDF5's automatic error printing is switched off; every failure becomes
 * one message naming the file and, where there is one, the layer.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <hdf5.h>

#include "fileio.h"
#include "keras.h"
#include "xalloc.h"

/* Largest attribute text read (model_config, weight_names ...). */
#define ATTR_MAX ((size_t)KERAS_JSON_MAX)
/* Largest weight tensor accepted, in elements (1 GiB of float32). */
#define TENSOR_MAX (1L << 28)
/* Most datasets collected from a layer group without weight_names. */
#define VISIT_MAX 4096
/* Keras splits attributes larger than this (HDF5_OBJECT_HEADER_LIMIT). */
#define ATTR_CHUNK_BYTES 64512

static const unsigned char hdf5_signature[8] = {
	0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'
};

struct strlist {
	char **s;
	int n;
};

static void strlist_add(struct strlist *l, char *s)
{
	l->s = xreallocarray(l->s, (size_t)l->n + 1, sizeof(*l->s));
	l->s[l->n++] = s;
}

static void strlist_free(struct strlist *l)
{
	for (int i = 0; i < l->n; i++)
		free(l->s[i]);
	free(l->s);
	l->s = NULL;
	l->n = 0;
}

/* Switches off HDF5's printing of its error stack on stderr. */
static void h5_quiet(void)
{
	H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
}

bool keras_is_hdf5(const char *path)
{
	unsigned char buf[sizeof(hdf5_signature)];
	struct stat st;
	ssize_t got;
	int fd;

	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return false;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return false;
	}
	got = pread(fd, buf, sizeof(buf), 0);
	close(fd);
	return got == (ssize_t)sizeof(buf) &&
		memcmp(buf, hdf5_signature, sizeof(buf)) == 0;
}

/* Opens path read-only as HDF5 after checking it is a regular file with
 * the signature; closing the file closes every object opened in it. */
static int h5_open(const char *path, hid_t *file, struct error *err)
{
	struct stat st;
	hid_t fapl;

	h5_quiet();
	if (stat(path, &st) < 0)
		return error_set(err, "unable to open '%s': %s", path,
				 strerror(errno));
	if (!S_ISREG(st.st_mode))
		return error_set(err, "'%s' is not a regular file", path);
	if (!keras_is_hdf5(path))
		return error_set(err, "'%s' is not an HDF5 file", path);
	fapl = H5Pcreate(H5P_FILE_ACCESS);
	if (fapl < 0)
		return error_set(err, "'%s': unable to set up HDF5", path);
	H5Pset_fclose_degree(fapl, H5F_CLOSE_STRONG);
#if H5_VERSION_GE(1, 10, 7)
	H5Pset_file_locking(fapl, 0, 1);	/* read-only: no lock needed */
#endif
	*file = H5Fopen(path, H5F_ACC_RDONLY, fapl);
	H5Pclose(fapl);
	if (*file < 0)
		return error_set(err, "'%s': unable to open HDF5 file "
				 "(truncated or corrupt)", path);
	return 0;
}

/* Copies one fixed-length string of at most size bytes, dropping the
 * padding (NULs, or spaces for space-padded types). */
static char *fixed_string(const char *p, size_t size, H5T_str_t pad)
{
	size_t n = strnlen(p, size);

	if (pad == H5T_STR_SPACEPAD)
		while (n > 0 && p[n - 1] == ' ')
			n--;
	return xstrndup(p, n);
}

/* Appends the strings of attribute attr (a string scalar or 1-D array;
 * an empty array of any type counts as no strings) to out. On failure
 * returns -1 and sets *why to what is wrong with the attribute. */
static int attr_read_strings(hid_t attr, struct strlist *out,
			     const char **why)
{
	hid_t type = -1, space = -1, mem = -1;
	hssize_t npoints;
	int ndims, rc = -1;
	size_t n;

	*why = "is unreadable";
	type = H5Aget_type(attr);
	space = H5Aget_space(attr);
	if (type < 0 || space < 0)
		goto out;
	ndims = H5Sget_simple_extent_ndims(space);
	npoints = H5Sget_simple_extent_npoints(space);
	if (H5Sget_simple_extent_type(space) == H5S_NULL)
		npoints = 0;
	if (ndims < 0 || ndims > 1 || npoints < 0) {
		*why = "is not a list of strings";
		goto out;
	}
	n = (size_t)npoints;
	if (H5Tget_class(type) != H5T_STRING) {
		if (n == 0)
			rc = 0;
		else
			*why = "is not a list of strings";
		goto out;
	}
	*why = "is too large";
	if (n > ATTR_MAX)
		goto out;
	*why = "is unreadable";
	mem = H5Tcopy(H5T_C_S1);
	if (mem < 0 || H5Tset_cset(mem, H5Tget_cset(type)) < 0)
		goto out;
	if (H5Tis_variable_str(type) > 0) {
		char **v = xcalloc(n ? n : 1, sizeof(*v));

		if (H5Tset_size(mem, H5T_VARIABLE) < 0 ||
		    H5Aread(attr, mem, v) < 0) {
			free(v);
			goto out;
		}
		for (size_t i = 0; i < n; i++) {
			size_t len = v[i] ? strnlen(v[i], ATTR_MAX) : 0;

			strlist_add(out, xstrndup(v[i] ? v[i] : "", len));
			H5free_memory(v[i]);
		}
		free(v);
	} else {
		size_t size = H5Tget_size(type);
		H5T_str_t pad = H5Tget_strpad(type);
		char *buf;

		if (size == 0 || (n && size > ATTR_MAX / n)) {
			*why = "is too large";
			goto out;
		}
		buf = xcalloc(n ? n : 1, size);
		if (H5Tset_size(mem, size) < 0 ||
		    H5Tset_strpad(mem, H5T_STR_NULLPAD) < 0 ||
		    H5Aread(attr, mem, buf) < 0) {
			free(buf);
			goto out;
		}
		for (size_t i = 0; i < n; i++)
			strlist_add(out, fixed_string(buf + i * size, size, pad));
		free(buf);
	}
	rc = 0;
out:
	if (mem >= 0)
		H5Tclose(mem);
	if (space >= 0)
		H5Sclose(space);
	if (type >= 0)
		H5Tclose(type);
	return rc;
}

/* Reads attribute name of obj (when it exists) and appends its strings
 * to out; sets *present. */
static int attr_strings_one(hid_t obj, const char *name, struct strlist *out,
			    bool *present, struct error *err)
{
	const char *why = "is unreadable";
	hid_t attr;
	int rc;

	if (H5Aexists(obj, name) <= 0)
		return 0;
	*present = true;
	attr = H5Aopen(obj, name, H5P_DEFAULT);
	if (attr < 0)
		return error_set(err, "attribute '%s' %s", name, why);
	rc = attr_read_strings(attr, out, &why);
	H5Aclose(attr);
	if (rc < 0)
		return error_set(err, "attribute '%s' %s", name, why);
	return 0;
}

/* Reads the string-list attribute name of obj into out, joining Keras's
 * chunks name0, name1 ... when the attribute itself is absent. Sets
 * *present to whether any was found. */
static int attr_strings(hid_t obj, const char *name, struct strlist *out,
			bool *present, struct error *err)
{
	*present = false;
	if (attr_strings_one(obj, name, out, present, err) < 0)
		return -1;
	if (*present)
		return 0;
	for (int k = 0; k < 100000; k++) {
		char chunk[256];
		bool found = false;

		snprintf(chunk, sizeof(chunk), "%s%d", name, k);
		if (attr_strings_one(obj, chunk, out, &found, err) < 0)
			return -1;
		if (!found)
			break;
		*present = true;
	}
	return 0;
}

int keras_h5_read_config(const char *path, char **json, struct error *err)
{
	struct strlist sl = { 0 };
	bool present;
	hid_t file;
	int rc;

	*json = NULL;
	if (h5_open(path, &file, err) < 0)
		return -1;
	rc = attr_strings(file, "model_config", &sl, &present, err);
	H5Fclose(file);
	if (rc < 0) {
		strlist_free(&sl);
		return error_prefix(err, "'%s'", path);
	}
	if (!present) {
		strlist_free(&sl);
		return error_set(err, "'%s': no model found in the file "
				 "(no model_config attribute)", path);
	}
	if (sl.n != 1 || sl.s[0][0] == '\0') {
		strlist_free(&sl);
		return error_set(err, "'%s': attribute 'model_config' is not "
				 "a JSON string", path);
	}
	*json = sl.s[0];
	free(sl.s);
	return 0;
}

/* The Keras variable name of a weight path: "fc1/kernel:0" -> "kernel". */
static char *var_name(const char *path)
{
	const char *base = strrchr(path, '/');
	const char *colon;

	base = base ? base + 1 : path;
	colon = strrchr(base, ':');
	if (colon && colon[1] != '\0' &&
	    strspn(colon + 1, "0123456789") == strlen(colon + 1))
		return xstrndup(base, (size_t)(colon - base));
	return xstrdup(base);
}

/* Formats n HDF5 dimensions as "16x64" ("-" for a scalar). */
static void format_dims(const hsize_t *d, int n, char *buf, size_t size)
{
	size_t used = 0;

	buf[0] = '\0';
	if (n == 0)
		snprintf(buf, size, "-");
	for (int i = 0; i < n && used < size; i++)
		used += (size_t)snprintf(buf + used, size - used, "%s%llu",
					 i ? "x" : "",
					 (unsigned long long)d[i]);
}

/* Reads dataset ds into t after checking it is numeric and shaped as
 * spec; the message names layer and weight, the caller adds the file. */
static int read_tensor(hid_t ds, const char *layer,
		       const struct weight_spec *spec, struct tensor *t,
		       struct error *err)
{
	hsize_t dims[H5S_MAX_RANK];
	char got[256], want[128];
	hid_t type, space;
	H5T_class_t cls;
	int ndims;
	bool match;
	long size;

	type = H5Dget_type(ds);
	cls = type >= 0 ? H5Tget_class(type) : H5T_NO_CLASS;
	if (type >= 0)
		H5Tclose(type);
	if (cls != H5T_FLOAT && cls != H5T_INTEGER)
		return error_set(err, "layer '%s' weight '%s' is not numeric",
				 layer, spec->name);
	space = H5Dget_space(ds);
	if (space < 0)
		return error_set(err, "layer '%s' weight '%s' is unreadable",
				 layer, spec->name);
	ndims = H5Sget_simple_extent_dims(space, dims, NULL);
	H5Sclose(space);
	if (ndims < 0)
		return error_set(err, "layer '%s' weight '%s' is unreadable",
				 layer, spec->name);
	match = ndims == spec->shape.ndim;
	for (int i = 0; match && i < ndims; i++)
		match = dims[i] == (hsize_t)spec->shape.dim[i];
	if (!match) {
		format_dims(dims, ndims, got, sizeof(got));
		shape_format(&spec->shape, want, sizeof(want));
		return error_set(err, "layer '%s' weight '%s' has shape %s, "
				 "expected %s", layer, spec->name, got, want);
	}
	size = shape_size(&spec->shape);
	if (size < 0 || size > TENSOR_MAX)
		return error_set(err, "layer '%s' weight '%s' is too large "
				 "(%ld values)", layer, spec->name, size);
	t->data = xmalloc((size_t)(size ? size : 1) * sizeof(float));
	if (size > 0 && H5Dread(ds, H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL,
				H5P_DEFAULT, t->data) < 0) {
		free(t->data);
		t->data = NULL;
		return error_set(err, "layer '%s' weight '%s' is unreadable "
				 "(corrupt file, or a compression filter "
				 "libhdf5 lacks)", layer, spec->name);
	}
	t->name = xstrdup(spec->name);
	t->shape = spec->shape;
	t->n_zeros = 0;
	for (long i = 0; i < size; i++)
		if (t->data[i] == 0.0f)
			t->n_zeros++;
	return 0;
}

struct visit {
	struct strlist *paths;
	bool truncated;
};

/* H5Lvisit callback: collects the paths of datasets under a group. */
static herr_t visit_dataset(hid_t group, const char *name,
			    const H5L_info_t *info, void *data)
{
	struct visit *v = data;
	hid_t obj;

	if (info->type != H5L_TYPE_HARD)
		return 0;
	if (v->paths->n >= VISIT_MAX) {
		v->truncated = true;
		return 1;
	}
	obj = H5Oopen(group, name, H5P_DEFAULT);
	if (obj < 0)
		return 0;
	if (H5Iget_type(obj) == H5I_DATASET)
		strlist_add(v->paths, xstrdup(name));
	H5Oclose(obj);
	return 0;
}

/* True when name can be looked up as one link of a group. */
static bool plain_link_name(const char *name)
{
	return name[0] != '\0' && strchr(name, '/') == NULL &&
		strcmp(name, ".") != 0;
}

static void tensors_free(struct tensor *t, int n)
{
	for (int i = 0; i < n; i++) {
		free(t[i].name);
		free(t[i].data);
	}
	free(t);
}

/* Reads the nspec weights of layer l from its group under root into a
 * new array *out (spec order); messages name the layer. */
static int read_layer(hid_t root, const struct layer *l,
		      const struct weight_spec *spec, int nspec,
		      struct tensor **out, struct error *err)
{
	struct strlist names = { 0 };
	struct tensor *t;
	bool present;
	hid_t g;
	int rc = -1;

	*out = NULL;
	if (!plain_link_name(l->name) ||
	    H5Lexists(root, l->name, H5P_DEFAULT) <= 0)
		return error_set(err, "no weights for layer '%s' "
				 "(group missing)", l->name);
	g = H5Gopen2(root, l->name, H5P_DEFAULT);
	if (g < 0)
		return error_set(err, "no weights for layer '%s' "
				 "(not a group)", l->name);
	t = xcalloc((size_t)nspec, sizeof(*t));
	if (attr_strings(g, "weight_names", &names, &present, err) < 0) {
		error_prefix(err, "layer '%s'", l->name);
		goto out;
	}
	if (!present) {
		struct visit v = { &names, false };

		if (H5Lvisit(g, H5_INDEX_NAME, H5_ITER_INC, visit_dataset,
			     &v) < 0) {
			error_set(err, "layer '%s': unreadable group", l->name);
			goto out;
		}
	}
	for (int i = 0; i < names.n; i++) {
		char *var = var_name(names.s[i]);
		int j;
		hid_t ds;

		for (j = 0; j < nspec; j++)
			if (!t[j].data && strcmp(spec[j].name, var) == 0)
				break;
		free(var);
		if (j == nspec)
			continue;
		ds = H5Dopen2(g, names.s[i], H5P_DEFAULT);
		if (ds < 0) {
			error_set(err, "layer '%s' weight '%s' missing (no "
				  "dataset '%s')", l->name, spec[j].name,
				  names.s[i]);
			goto out;
		}
		if (read_tensor(ds, l->name, &spec[j], &t[j], err) < 0) {
			H5Dclose(ds);
			goto out;
		}
		H5Dclose(ds);
	}
	for (int j = 0; j < nspec; j++)
		if (!t[j].data) {
			error_set(err, "layer '%s' weight '%s' missing",
				  l->name, spec[j].name);
			goto out;
		}
	*out = t;
	t = NULL;
	rc = 0;
out:
	if (t)
		tensors_free(t, nspec);
	strlist_free(&names);
	H5Gclose(g);
	return rc;
}

/* Zero count of the multiplier weights of a layer's tensors. */
static long multiplier_zeros(const struct tensor *t, int n)
{
	long z = 0;

	for (int i = 0; i < n; i++)
		if (strcmp(t[i].name, "kernel") == 0 ||
		    strcmp(t[i].name, "depthwise_kernel") == 0 ||
		    strcmp(t[i].name, "pointwise_kernel") == 0)
			z += t[i].n_zeros;
	return z;
}

/* Sets m->keras_version from the root attribute keras_version of the
 * file (or of model_weights) when the model does not know it yet. */
static void read_keras_version(struct model *m, hid_t file, hid_t root)
{
	hid_t where[2] = { file, root };

	for (int i = 0; i < 2 && !m->keras_version; i++) {
		struct strlist sl = { 0 };
		bool present = false;

		if (attr_strings(where[i], "keras_version", &sl, &present,
				 NULL) == 0 && sl.n == 1 && sl.s[0][0] != '\0')
			m->keras_version = xstrdup(sl.s[0]);
		strlist_free(&sl);
	}
}

int keras_h5_read_weights(struct model *m, const char *path,
			  struct error *err)
{
	struct weight_spec spec[KERAS_MAX_WEIGHTS];
	struct tensor **got;
	hid_t file, root;
	int rc = -1;

	if (h5_open(path, &file, err) < 0)
		return -1;
	root = file;
	if (H5Lexists(file, "model_weights", H5P_DEFAULT) > 0) {
		root = H5Gopen2(file, "model_weights", H5P_DEFAULT);
		if (root < 0) {
			H5Fclose(file);
			return error_set(err, "'%s': 'model_weights' is not "
					 "a group", path);
		}
	}
	got = xcalloc((size_t)m->n_layers + 1, sizeof(*got));
	for (int i = 0; i < m->n_layers; i++) {
		int nspec = keras_weight_spec(&m->layers[i], spec);

		if (nspec > 0 && read_layer(root, &m->layers[i], spec, nspec,
					    &got[i], err) < 0) {
			error_prefix(err, "'%s'", path);
			goto out;
		}
	}
	for (int i = 0; i < m->n_layers; i++) {
		struct layer *l = &m->layers[i];
		int nspec = keras_weight_spec(l, spec);

		if (nspec == 0)
			continue;
		tensors_free(l->weights, l->n_weights);
		l->weights = got[i];
		l->n_weights = nspec;
		l->n_zeros = multiplier_zeros(got[i], nspec);
		got[i] = NULL;
	}
	read_keras_version(m, file, root);
	free(m->weights_source);
	m->weights_source = xstrdup(path);
	rc = 0;
out:
	for (int i = 0; i < m->n_layers; i++)
		if (got[i])
			tensors_free(got[i], keras_weight_spec(&m->layers[i],
								spec));
	free(got);
	if (root != file)
		H5Gclose(root);
	H5Fclose(file);
	return rc;
}

/* Writes a scalar variable-length ASCII string attribute. */
static int attr_write_vstring(hid_t obj, const char *name, const char *s)
{
	hid_t type, space, attr;
	int rc = -1;

	type = H5Tcopy(H5T_C_S1);
	space = H5Screate(H5S_SCALAR);
	if (type >= 0 && space >= 0 && H5Tset_size(type, H5T_VARIABLE) >= 0) {
		attr = H5Acreate2(obj, name, type, space, H5P_DEFAULT,
				  H5P_DEFAULT);
		if (attr >= 0) {
			if (H5Awrite(attr, type, &s) >= 0)
				rc = 0;
			H5Aclose(attr);
		}
	}
	if (space >= 0)
		H5Sclose(space);
	if (type >= 0)
		H5Tclose(type);
	return rc;
}

/* Writes an empty float64 array attribute, as Keras stores an empty
 * list of weight names. */
static int attr_write_empty(hid_t obj, const char *name)
{
	hsize_t zero = 0;
	double dummy = 0;
	hid_t space, attr;
	int rc = -1;

	space = H5Screate_simple(1, &zero, NULL);
	if (space < 0)
		return -1;
	attr = H5Acreate2(obj, name, H5T_IEEE_F64LE, space, H5P_DEFAULT,
			  H5P_DEFAULT);
	if (attr >= 0) {
		if (H5Awrite(attr, H5T_NATIVE_DOUBLE, &dummy) >= 0)
			rc = 0;
		H5Aclose(attr);
	}
	H5Sclose(space);
	return rc;
}

/* Writes n strings as one fixed-length, NUL-padded string array
 * attribute called name. */
static int attr_write_fixed_one(hid_t obj, const char *name, char **s, int n)
{
	size_t size = 1;
	hsize_t dim = (hsize_t)n;
	hid_t type, space, attr;
	char *buf;
	int rc = -1;

	for (int i = 0; i < n; i++)
		if (strlen(s[i]) > size)
			size = strlen(s[i]);
	buf = xcalloc((size_t)(n ? n : 1), size);
	for (int i = 0; i < n; i++)
		memcpy(buf + (size_t)i * size, s[i], strlen(s[i]));
	type = H5Tcopy(H5T_C_S1);
	space = H5Screate_simple(1, &dim, NULL);
	if (type >= 0 && space >= 0 && H5Tset_size(type, size) >= 0 &&
	    H5Tset_strpad(type, H5T_STR_NULLPAD) >= 0) {
		attr = H5Acreate2(obj, name, type, space, H5P_DEFAULT,
				  H5P_DEFAULT);
		if (attr >= 0) {
			if (H5Awrite(attr, type, buf) >= 0)
				rc = 0;
			H5Aclose(attr);
		}
	}
	if (space >= 0)
		H5Sclose(space);
	if (type >= 0)
		H5Tclose(type);
	free(buf);
	return rc;
}

/* Writes a list of strings as Keras does: one fixed-length array, or
 * chunks name0, name1 ... when it exceeds the object-header limit; an
 * empty list as an empty float64 array. */
static int attr_write_fixed(hid_t obj, const char *name, char **s, int n)
{
	size_t size = 1;
	int per, k = 0;

	if (n == 0)
		return attr_write_empty(obj, name);
	for (int i = 0; i < n; i++)
		if (strlen(s[i]) > size)
			size = strlen(s[i]);
	if (size * (size_t)n <= ATTR_CHUNK_BYTES)
		return attr_write_fixed_one(obj, name, s, n);
	if (size > ATTR_CHUNK_BYTES)
		return -1;
	per = (int)(ATTR_CHUNK_BYTES / size);
	for (int i = 0; i < n; i += per, k++) {
		char chunk[256];

		snprintf(chunk, sizeof(chunk), "%s%d", name, k);
		if (attr_write_fixed_one(obj, chunk, s + i,
					 n - i < per ? n - i : per) < 0)
			return -1;
	}
	return 0;
}

/* A creation property list of class cls that records no timestamps, so
 * the same model always gives the same bytes. */
static hid_t untimed(hid_t cls)
{
	hid_t pl = H5Pcreate(cls);

	if (pl >= 0)
		H5Pset_obj_track_times(pl, 0);
	return pl;
}

/* Writes tensor t as dataset "<var>:0" (float32) under group g. */
static int write_tensor(hid_t g, const struct tensor *t)
{
	hsize_t dims[SHAPE_MAX_DIMS];
	char *dname = xasprintf("%s:0", t->name);
	hid_t space, ds, dcpl = untimed(H5P_DATASET_CREATE);
	int rc = -1;

	for (int i = 0; i < t->shape.ndim; i++)
		dims[i] = (hsize_t)t->shape.dim[i];
	space = t->shape.ndim ? H5Screate_simple(t->shape.ndim, dims, NULL) :
		H5Screate(H5S_SCALAR);
	if (space >= 0) {
		ds = H5Dcreate2(g, dname, H5T_IEEE_F32LE, space, H5P_DEFAULT,
				dcpl, H5P_DEFAULT);
		if (ds >= 0) {
			if (shape_size(&t->shape) == 0 ||
			    H5Dwrite(ds, H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL,
				     H5P_DEFAULT, t->data) >= 0)
				rc = 0;
			H5Dclose(ds);
		}
		H5Sclose(space);
	}
	if (dcpl >= 0)
		H5Pclose(dcpl);
	free(dname);
	return rc;
}

/* Writes the group of layer l: weight_names and its datasets. */
static int write_layer(hid_t file, const struct layer *l, struct error *err)
{
	struct strlist names = { 0 };
	hid_t g, sub = -1, gcpl;
	int rc = -1;

	if (!plain_link_name(l->name))
		return error_set(err, "layer name '%s' cannot be written",
				 l->name);
	for (int i = 0; i < l->n_weights; i++)
		if (!l->weights[i].data || !l->weights[i].name ||
		    !plain_link_name(l->weights[i].name))
			return error_set(err, "layer '%s' weight %d has no "
					 "data", l->name, i);
	gcpl = untimed(H5P_GROUP_CREATE);
	g = H5Gcreate2(file, l->name, H5P_DEFAULT, gcpl, H5P_DEFAULT);
	if (g < 0) {
		if (gcpl >= 0)
			H5Pclose(gcpl);
		return error_set(err, "unable to write layer '%s'", l->name);
	}
	for (int i = 0; i < l->n_weights; i++)
		strlist_add(&names, xasprintf("%s/%s:0", l->name,
					      l->weights[i].name));
	if (attr_write_fixed(g, "weight_names", names.s, names.n) < 0)
		goto out;
	if (l->n_weights > 0) {
		sub = H5Gcreate2(g, l->name, H5P_DEFAULT, gcpl, H5P_DEFAULT);
		if (sub < 0)
			goto out;
		for (int i = 0; i < l->n_weights; i++)
			if (write_tensor(sub, &l->weights[i]) < 0)
				goto out;
	}
	rc = 0;
out:
	if (rc < 0)
		error_set(err, "unable to write layer '%s'", l->name);
	if (sub >= 0)
		H5Gclose(sub);
	H5Gclose(g);
	if (gcpl >= 0)
		H5Pclose(gcpl);
	strlist_free(&names);
	return rc;
}

/* Builds the weights-only file image of m in memory (HDF5 core driver,
 * no backing store); the caller frees *image. */
static int build_image(const struct model *m, void **image, size_t *len,
		       struct error *err)
{
	struct strlist names = { 0 };
	hid_t fapl, file;
	ssize_t size;
	int rc = -1;

	*image = NULL;
	fapl = H5Pcreate(H5P_FILE_ACCESS);
	if (fapl < 0 || H5Pset_fapl_core(fapl, 64 * 1024, 0) < 0 ||
	    H5Pset_fclose_degree(fapl, H5F_CLOSE_STRONG) < 0) {
		if (fapl >= 0)
			H5Pclose(fapl);
		return error_set(err, "unable to set up HDF5");
	}
	file = H5Fcreate("hlsdse-weights.h5", H5F_ACC_TRUNC, H5P_DEFAULT,
			 fapl);
	H5Pclose(fapl);
	if (file < 0)
		return error_set(err, "unable to create an HDF5 image");
	for (int i = 0; i < m->n_layers; i++)
		if (!m->layers[i].split_from)
			strlist_add(&names, xstrdup(m->layers[i].name));
	if (attr_write_vstring(file, "backend", "tensorflow") < 0 ||
	    attr_write_vstring(file, "keras_version", m->keras_version ?
			       m->keras_version : "2.0.0") < 0 ||
	    attr_write_fixed(file, "layer_names", names.s, names.n) < 0) {
		error_set(err, "unable to write the root attributes");
		goto out;
	}
	for (int i = 0; i < m->n_layers; i++)
		if (!m->layers[i].split_from &&
		    write_layer(file, &m->layers[i], err) < 0)
			goto out;
	if (H5Fflush(file, H5F_SCOPE_GLOBAL) < 0 ||
	    (size = H5Fget_file_image(file, NULL, 0)) <= 0) {
		error_set(err, "unable to finish the HDF5 image");
		goto out;
	}
	*image = xmalloc((size_t)size);
	if (H5Fget_file_image(file, *image, (size_t)size) != size) {
		free(*image);
		*image = NULL;
		error_set(err, "unable to finish the HDF5 image");
		goto out;
	}
	*len = (size_t)size;
	rc = 0;
out:
	strlist_free(&names);
	H5Fclose(file);
	return rc;
}

int keras_h5_write_weights(const struct model *m, const char *path,
			   struct error *err)
{
	void *image;
	size_t len = 0;
	int rc;

	h5_quiet();
	if (build_image(m, &image, &len, err) < 0)
		return error_prefix(err, "'%s'", path);
	rc = fileio_write_atomic(path, image, len, err);
	free(image);
	return rc;
}
