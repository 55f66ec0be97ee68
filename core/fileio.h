/*
 * fileio.h - whole-file reads with a size cap, and atomic writes
 * (temporary file in the same directory, fsync, rename).
 */
#ifndef HLSDSE_FILEIO_H
#define HLSDSE_FILEIO_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

/* Reads all of path into a NUL-terminated buffer the caller frees.
 * Refuses files larger than max bytes, directories and unreadable paths. */
int fileio_read(const char *path, size_t max, char **out, size_t *len,
		struct error *err);

/* Writes data to path atomically: a reader sees the old or the new file,
 * never a torn one. The file mode is 0666 less the umask. An existing
 * path that is not a regular file (/dev/null, /dev/stdout, a FIFO) is
 * written in place, never replaced; a directory is refused. */
int fileio_write_atomic(const char *path, const void *data, size_t len,
			struct error *err);

/* True when path names an existing regular file. */
bool fileio_is_file(const char *path);

/* Returns the directory part of path ("." when it has none); caller frees. */
char *fileio_dirname(const char *path);

/* Joins dir and a relative name (returns name unchanged when absolute);
 * caller frees. */
char *fileio_join(const char *dir, const char *name);

/* Path of `to` relative to directory from_dir (both resolved with
 * realpath; from_dir must exist, to's directory must exist). Falls back
 * to an absolute path when no relative one exists. Caller frees; NULL
 * with err filled when a path cannot be resolved. */
char *fileio_relpath(const char *from_dir, const char *to, struct error *err);

#endif
