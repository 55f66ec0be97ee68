/*
 * snapshot.h - the project's history as a git repository, through
 * libgit2: commits of hlsdse.json and design.json (only when their tree
 * changed), lightweight tags for runs, and files read back at any commit.
 * Works without a configured git identity (falls back to
 * "hlsdse <hlsdse@localhost>").
 *
 * Each call opens the repository and closes it again (no handle is kept
 * across calls, so a forked worker never inherits one). The process must
 * call snap_global_init once before, and snap_global_shutdown at exit.
 */
#ifndef HLSDSE_SNAPSHOT_H
#define HLSDSE_SNAPSHOT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"

#define SNAP_OID_HEX 41	/* 40 hex digits and a NUL */

void snap_global_init(void);
void snap_global_shutdown(void);

/* Initialises a repository in dir (which must exist) with branch main.
 * An existing repository is an error. */
int snap_init(const char *dir, struct error *err);

/* True when dir is the top of a git repository. */
bool snap_is_repo(const char *dir);

/* Commits the files listed (paths relative to dir; NULL-terminated) with
 * message, when the resulting tree differs from HEAD's; otherwise makes no
 * commit and returns HEAD. *created tells which; oid receives the commit
 * id in hex. Other files in the index are left alone. */
int snap_commit(const char *dir, const char *const *files,
		const char *message, char oid[SNAP_OID_HEX], bool *created,
		struct error *err);

/* Reads path as it is at rev (a commit id, a tag or any revision git
 * understands) into a buffer the caller frees (NUL-terminated; *len
 * bytes). */
int snap_read(const char *dir, const char *rev, const char *path,
	      char **data, size_t *len, struct error *err);

/* Resolves rev to a commit id. */
int snap_resolve(const char *dir, const char *rev, char oid[SNAP_OID_HEX],
		 struct error *err);

/* Creates the lightweight tag name at commit oid (an existing tag of
 * that name at the same commit is fine; at another commit, an error). */
int snap_tag(const char *dir, const char *name, const char *oid,
	     struct error *err);

/* The git blob id of data (for the model hash in hlsdse.json). */
void snap_hash(const void *data, size_t len, char oid[SNAP_OID_HEX]);

#endif
