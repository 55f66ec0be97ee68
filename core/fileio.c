/* fileio.c - capped whole-file reads and atomic (temp + rename) writes. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fileio.h"
#include "xalloc.h"

int fileio_read(const char *path, size_t max, char **out, size_t *len,
		struct error *err)
{
	struct stat st;
	size_t got = 0;
	char *buf;
	int fd;

	/* non-blocking, so a FIFO given as a file cannot hang the open */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return error_set(err, "unable to open '%s': %s", path,
				 strerror(errno));
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return error_set(err, "'%s' is not a regular file", path);
	}
	if ((unsigned long long)st.st_size > max) {
		close(fd);
		return error_set(err, "'%s' is too large (%lld bytes, limit %zu)",
				 path, (long long)st.st_size, max);
	}
	buf = xmalloc((size_t)st.st_size + 1);
	while (got < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + got, (size_t)st.st_size - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	buf[got] = '\0';
	*out = buf;
	if (len)
		*len = got;
	return 0;
}

static int write_all(int fd, const char *p, size_t len)
{
	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Writes data into the existing non-regular file path (a device such
 * as /dev/null or /dev/stdout, a FIFO) in place: renaming a temporary
 * file over it would replace the device node itself. */
static int write_in_place(const char *path, const void *data, size_t len,
			  struct error *err)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);

	if (fd < 0)
		return error_set(err, "unable to open '%s': %s", path,
				 strerror(errno));
	if (write_all(fd, data, len) < 0) {
		error_set(err, "unable to write '%s': %s", path,
			  strerror(errno));
		close(fd);
		return -1;
	}
	if (close(fd) < 0)
		return error_set(err, "unable to write '%s': %s", path,
				 strerror(errno));
	return 0;
}

int fileio_write_atomic(const char *path, const void *data, size_t len,
			struct error *err)
{
	struct stat st;
	char *tmp;
	int fd;
	mode_t mask;

	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		if (S_ISDIR(st.st_mode))
			return error_set(err, "'%s' is a directory", path);
		return write_in_place(path, data, len, err);
	}
	tmp = xasprintf("%s.tmp.XXXXXX", path);
	fd = mkstemp(tmp);
	if (fd < 0) {
		error_set(err, "unable to create '%s': %s", tmp,
			  strerror(errno));
		free(tmp);
		return -1;
	}
	mask = umask(0);
	umask(mask);
	if (fchmod(fd, 0666 & ~mask) < 0 || write_all(fd, data, len) < 0 ||
	    fsync(fd) < 0) {
		error_set(err, "unable to write '%s': %s", path,
			  strerror(errno));
		close(fd);
		unlink(tmp);
		free(tmp);
		return -1;
	}
	if (close(fd) < 0 || rename(tmp, path) < 0) {
		error_set(err, "unable to replace '%s': %s", path,
			  strerror(errno));
		unlink(tmp);
		free(tmp);
		return -1;
	}
	free(tmp);
	return 0;
}

bool fileio_is_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

char *fileio_dirname(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

char *fileio_join(const char *dir, const char *name)
{
	if (name[0] == '/' || !dir || !dir[0] || strcmp(dir, ".") == 0)
		return xstrdup(name);
	return xasprintf("%s/%s", dir, name);
}

/* realpath of a file whose directory exists (the file itself may not). */
static char *resolve(const char *path, struct error *err)
{
	char *dir = fileio_dirname(path), *rdir = realpath(dir, NULL);
	const char *base = strrchr(path, '/');
	char *out;

	base = base ? base + 1 : path;
	if (!rdir) {
		error_set(err, "unable to resolve '%s': %s", dir,
			  strerror(errno));
		free(dir);
		return NULL;
	}
	out = strcmp(rdir, "/") == 0 ? xasprintf("/%s", base) :
		xasprintf("%s/%s", rdir, base);
	free(rdir);
	free(dir);
	return out;
}

char *fileio_relpath(const char *from_dir, const char *to, struct error *err)
{
	char *a = realpath(from_dir, NULL), *b = resolve(to, err), *out;
	size_t common = 0, i, ups = 0;
	size_t len;

	if (!a || !b) {
		if (!a)
			error_set(err, "unable to resolve '%s': %s", from_dir,
				  strerror(errno));
		free(a);
		free(b);
		return NULL;
	}
	/* common directory prefix, ending at a '/' boundary */
	for (i = 0; a[i] && a[i] == b[i]; i++)
		if (a[i] == '/')
			common = i;
	if (!a[i] && b[i] == '/')
		common = i;
	if (strcmp(a, "/") == 0)
		common = 0;
	for (i = common; a[i]; i++)
		if (a[i] == '/' && a[i + 1])
			ups++;
	len = ups * 3 + strlen(b + common) + 1;
	out = xmalloc(len);
	out[0] = '\0';
	for (i = 0; i < ups; i++)
		strcat(out, "../");
	strcat(out, b + common + 1);
	free(a);
	free(b);
	return out;
}
