/*
 * snapshot.c - the project's history as a git repository, through
 * libgit2 1.5: init with branch main, commits of the listed files only
 * when the tree changed, lightweight run tags, files read back at any
 * revision, and git blob ids. Every call opens the repository and frees
 * it before returning. Every libgit2 failure is reported through
 * git_fail, which copes with git_error_last() returning NULL.
 */
#include "projects/snapshot.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <git2.h>

#include "core/fileio.h"
#include "core/xalloc.h"

#define SNAP_FALLBACK_NAME  "hlsdse"
#define SNAP_FALLBACK_EMAIL "hlsdse@localhost"

/* Fills err with the formatted context followed by libgit2's message
 * (or the bare code when libgit2 left none); returns -1. */
static int git_fail(struct error *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int git_fail(struct error *err, int code, const char *fmt, ...)
{
	char what[ERROR_MSG_MAX];
	const git_error *e = git_error_last();
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	if (e != NULL && e->message != NULL && e->message[0] != '\0') {
		size_t n = strlen(e->message);

		while (n > 0 && (e->message[n - 1] == '\n' ||
				 e->message[n - 1] == '.'))
			n--;
		error_set(err, "%s: %.*s", what, (int)n, e->message);
	} else {
		error_set(err, "%s: libgit2 error %d", what, code);
	}
	git_error_clear();
	return -1;
}

void snap_global_init(void)
{
	git_libgit2_init();
}

void snap_global_shutdown(void)
{
	git_libgit2_shutdown();
}

/* True when the directories a and b resolve to the same path. */
static bool same_dir(const char *a, const char *b)
{
	char *ra = realpath(a, NULL);
	char *rb = realpath(b, NULL);
	bool same = ra != NULL && rb != NULL && strcmp(ra, rb) == 0;

	free(ra);
	free(rb);
	return same;
}

/* Opens the non-bare repository whose top is exactly dir. */
static int open_repo(const char *dir, git_repository **repo,
		     struct error *err)
{
	const char *workdir;
	int rc;

	git_error_clear();
	rc = git_repository_open_ext(repo, dir, GIT_REPOSITORY_OPEN_NO_SEARCH,
				     NULL);
	if (rc == GIT_ENOTFOUND) {
		git_error_clear();
		return error_set(err, "'%s' is not a git repository", dir);
	}
	if (rc < 0)
		return git_fail(err, rc, "unable to open repository '%s'",
				dir);
	workdir = git_repository_workdir(*repo);
	if (workdir == NULL || !same_dir(workdir, dir)) {
		git_repository_free(*repo);
		*repo = NULL;
		return error_set(err, "'%s' is not the top of a git work tree",
				 dir);
	}
	return 0;
}

bool snap_is_repo(const char *dir)
{
	git_repository *repo;
	struct error err;

	if (open_repo(dir, &repo, &err) != 0)
		return false;
	git_repository_free(repo);
	return true;
}

int snap_init(const char *dir, struct error *err)
{
	git_repository_init_options opts;
	git_repository *repo = NULL;
	struct stat st;
	int rc;

	if (stat(dir, &st) != 0)
		return error_set(err, "cannot access '%s': %s", dir,
				 strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return error_set(err, "'%s' is not a directory", dir);
	if (snap_is_repo(dir))
		return error_set(err, "'%s' is already a git repository", dir);

	git_error_clear();
	rc = git_repository_init_options_init(&opts,
					      GIT_REPOSITORY_INIT_OPTIONS_VERSION);
	if (rc < 0)
		return git_fail(err, rc, "unable to initialise '%s'", dir);
	opts.flags = GIT_REPOSITORY_INIT_NO_REINIT;
	opts.initial_head = "main";
	rc = git_repository_init_ext(&repo, dir, &opts);
	if (rc == GIT_EEXISTS) {
		git_error_clear();
		return error_set(err, "'%s' is already a git repository", dir);
	}
	if (rc < 0)
		return git_fail(err, rc, "unable to initialise a repository "
				"in '%s'", dir);
	git_repository_free(repo);
	return 0;
}

/* The user's configured identity, or "hlsdse <hlsdse@localhost>" when
 * user.name or user.email is not set. */
static int commit_signature(git_repository *repo, git_signature **sig,
			    const char *dir, struct error *err)
{
	int rc = git_signature_default(sig, repo);

	if (rc == GIT_ENOTFOUND) {
		git_error_clear();
		rc = git_signature_now(sig, SNAP_FALLBACK_NAME,
				       SNAP_FALLBACK_EMAIL);
	}
	if (rc < 0)
		return git_fail(err, rc, "unable to find a committer identity "
				"for '%s'", dir);
	return 0;
}

/* Stages the listed files (relative to dir) into index and writes it. */
static int stage_files(git_repository *repo, git_index *index,
		       const char *dir, const char *const *files,
		       struct error *err)
{
	int rc;

	for (size_t i = 0; files[i] != NULL; i++) {
		char *full = fileio_join(dir, files[i]);
		bool present = fileio_is_file(full);

		free(full);
		if (!present)
			return error_set(err, "unable to commit '%s': no such "
					 "file in '%s'", files[i], dir);
		rc = git_index_add_bypath(index, files[i]);
		if (rc < 0)
			return git_fail(err, rc, "unable to stage '%s' in '%s'",
					files[i], dir);
	}
	rc = git_index_write(index);
	if (rc == GIT_ELOCKED) {
		git_error_clear();
		return error_set(err, "another git process seems to be running "
				 "in '%s' (index.lock exists)", dir);
	}
	if (rc < 0)
		return git_fail(err, rc, "unable to write the index of '%s' "
				"(%s)", dir, git_repository_path(repo));
	return 0;
}

/* Makes the commit of tree_id on top of parent (NULL on an unborn
 * branch) and moves HEAD to it. */
static int make_commit(git_repository *repo, const git_oid *tree_id,
		       const git_commit *parent, const char *message,
		       git_oid *out, const char *dir, struct error *err)
{
	git_signature *sig = NULL;
	git_tree *tree = NULL;
	git_buf msg = {NULL, 0, 0};
	int rc, ret = -1;

	if (commit_signature(repo, &sig, dir, err) != 0)
		return -1;
	rc = git_tree_lookup(&tree, repo, tree_id);
	if (rc < 0) {
		git_fail(err, rc, "unable to read the new tree in '%s'", dir);
		goto out;
	}
	rc = git_message_prettify(&msg, message, 0, '#');
	if (rc < 0) {
		git_fail(err, rc, "unable to format the commit message");
		goto out;
	}
	if (msg.ptr == NULL || msg.ptr[0] == '\0') {
		error_set(err, "aborting commit in '%s' due to empty commit "
			  "message", dir);
		goto out;
	}
	rc = git_commit_create_v(out, repo, "HEAD", sig, sig, NULL, msg.ptr,
				 tree, parent != NULL ? 1 : 0, parent);
	if (rc < 0) {
		git_fail(err, rc, "unable to commit in '%s'", dir);
		goto out;
	}
	ret = 0;
out:
	git_buf_dispose(&msg);
	git_tree_free(tree);
	git_signature_free(sig);
	return ret;
}

int snap_commit(const char *dir, const char *const *files,
		const char *message, char oid[SNAP_OID_HEX], bool *created,
		struct error *err)
{
	git_repository *repo = NULL;
	git_index *index = NULL;
	git_commit *head = NULL;
	git_oid tree_id, head_id, new_id;
	int rc, ret = -1;

	*created = false;
	if (open_repo(dir, &repo, err) != 0)
		return -1;
	rc = git_repository_index(&index, repo);
	if (rc < 0) {
		git_fail(err, rc, "unable to read the index of '%s'", dir);
		goto out;
	}
	if (stage_files(repo, index, dir, files, err) != 0)
		goto out;
	rc = git_index_write_tree(&tree_id, index);
	if (rc < 0) {
		git_fail(err, rc, "unable to write the tree of '%s'", dir);
		goto out;
	}

	rc = git_reference_name_to_id(&head_id, repo, "HEAD");
	if (rc == 0) {
		rc = git_commit_lookup(&head, repo, &head_id);
		if (rc < 0) {
			git_fail(err, rc, "HEAD of '%s' is not a commit", dir);
			goto out;
		}
		if (git_oid_equal(git_commit_tree_id(head), &tree_id)) {
			git_oid_tostr(oid, SNAP_OID_HEX, &head_id);
			ret = 0;
			goto out;
		}
	} else if (rc == GIT_ENOTFOUND) {
		git_error_clear();
	} else {
		git_fail(err, rc, "unable to resolve HEAD in '%s'", dir);
		goto out;
	}

	if (make_commit(repo, &tree_id, head, message, &new_id, dir, err) != 0)
		goto out;
	git_oid_tostr(oid, SNAP_OID_HEX, &new_id);
	*created = true;
	ret = 0;
out:
	git_commit_free(head);
	git_index_free(index);
	git_repository_free(repo);
	return ret;
}

/* Resolves rev in repo to the commit it names. */
static int lookup_commit(git_repository *repo, const char *rev,
			 git_commit **commit, const char *dir,
			 struct error *err)
{
	git_object *obj = NULL;
	int rc;

	rc = git_revparse_single(&obj, repo, rev);
	if (rc == GIT_ENOTFOUND || rc == GIT_EINVALIDSPEC) {
		git_error_clear();
		return error_set(err, "unknown revision '%s' in '%s'", rev,
				 dir);
	}
	if (rc < 0)
		return git_fail(err, rc, "unable to resolve '%s' in '%s'", rev,
				dir);
	rc = git_object_peel((git_object **)commit, obj, GIT_OBJECT_COMMIT);
	git_object_free(obj);
	if (rc < 0) {
		git_error_clear();
		return error_set(err, "'%s' is not a commit in '%s'", rev, dir);
	}
	return 0;
}

int snap_read(const char *dir, const char *rev, const char *path,
	      char **data, size_t *len, struct error *err)
{
	git_repository *repo = NULL;
	git_commit *commit = NULL;
	git_tree *tree = NULL;
	git_tree_entry *entry = NULL;
	git_blob *blob = NULL;
	int rc, ret = -1;

	if (open_repo(dir, &repo, err) != 0)
		return -1;
	if (lookup_commit(repo, rev, &commit, dir, err) != 0)
		goto out;
	rc = git_commit_tree(&tree, commit);
	if (rc < 0) {
		git_fail(err, rc, "unable to read the tree of '%s' in '%s'",
			 rev, dir);
		goto out;
	}
	rc = git_tree_entry_bypath(&entry, tree, path);
	if (rc == GIT_ENOTFOUND) {
		git_error_clear();
		error_set(err, "path '%s' does not exist in '%s' of '%s'", path,
			  rev, dir);
		goto out;
	}
	if (rc < 0) {
		git_fail(err, rc, "unable to find '%s' in '%s' of '%s'", path,
			 rev, dir);
		goto out;
	}
	if (git_tree_entry_type(entry) != GIT_OBJECT_BLOB) {
		error_set(err, "'%s' is not a file in '%s' of '%s'", path, rev,
			  dir);
		goto out;
	}
	rc = git_blob_lookup(&blob, repo, git_tree_entry_id(entry));
	if (rc < 0) {
		git_fail(err, rc, "unable to read '%s' at '%s' in '%s'", path,
			 rev, dir);
		goto out;
	}
	*len = (size_t)git_blob_rawsize(blob);
	*data = xmalloc(*len + 1);
	if (*len > 0)
		memcpy(*data, git_blob_rawcontent(blob), *len);
	(*data)[*len] = '\0';
	ret = 0;
out:
	git_blob_free(blob);
	git_tree_entry_free(entry);
	git_tree_free(tree);
	git_commit_free(commit);
	git_repository_free(repo);
	return ret;
}

int snap_resolve(const char *dir, const char *rev, char oid[SNAP_OID_HEX],
		 struct error *err)
{
	git_repository *repo = NULL;
	git_commit *commit = NULL;
	int ret = -1;

	if (open_repo(dir, &repo, err) != 0)
		return -1;
	if (lookup_commit(repo, rev, &commit, dir, err) == 0) {
		git_oid_tostr(oid, SNAP_OID_HEX, git_commit_id(commit));
		ret = 0;
	}
	git_commit_free(commit);
	git_repository_free(repo);
	return ret;
}

/* Succeeds when the existing tag name already names commit id; fills err
 * otherwise. */
static int tag_matches(git_repository *repo, const char *name,
		       const git_oid *id, const char *dir, struct error *err)
{
	char *ref = xasprintf("refs/tags/%s", name);
	git_commit *old = NULL;
	char have[SNAP_OID_HEX], want[SNAP_OID_HEX];
	int ret;

	ret = lookup_commit(repo, ref, &old, dir, err);
	free(ref);
	if (ret != 0)
		return -1;
	if (git_oid_equal(git_commit_id(old), id)) {
		ret = 0;
	} else {
		git_oid_tostr(have, sizeof(have), git_commit_id(old));
		git_oid_tostr(want, sizeof(want), id);
		ret = error_set(err, "tag '%s' already points at %.7s, not "
				"%.7s, in '%s'", name, have, want, dir);
	}
	git_commit_free(old);
	return ret;
}

int snap_tag(const char *dir, const char *name, const char *oid,
	     struct error *err)
{
	git_repository *repo = NULL;
	git_object *target = NULL;
	git_oid id, tag_id;
	int rc, ret = -1;

	if (strlen(oid) != GIT_OID_HEXSZ ||
	    git_oid_fromstrn(&id, oid, GIT_OID_HEXSZ) < 0) {
		git_error_clear();
		return error_set(err, "'%s' is not a commit id", oid);
	}
	if (open_repo(dir, &repo, err) != 0)
		return -1;
	rc = git_object_lookup(&target, repo, &id, GIT_OBJECT_COMMIT);
	if (rc == GIT_ENOTFOUND) {
		git_error_clear();
		error_set(err, "no commit %s in '%s'", oid, dir);
		goto out;
	}
	if (rc < 0) {
		git_fail(err, rc, "unable to read commit %s in '%s'", oid, dir);
		goto out;
	}
	rc = git_tag_create_lightweight(&tag_id, repo, name, target, 0);
	if (rc == GIT_EEXISTS) {
		git_error_clear();
		ret = tag_matches(repo, name, &id, dir, err);
		goto out;
	}
	if (rc == GIT_EINVALIDSPEC) {
		git_error_clear();
		error_set(err, "'%s' is not a valid tag name", name);
		goto out;
	}
	if (rc < 0) {
		git_fail(err, rc, "unable to create tag '%s' in '%s'", name,
			 dir);
		goto out;
	}
	ret = 0;
out:
	git_object_free(target);
	git_repository_free(repo);
	return ret;
}

void snap_hash(const void *data, size_t len, char oid[SNAP_OID_HEX])
{
	git_oid id;

	if (git_odb_hash(&id, data, len, GIT_OBJECT_BLOB) < 0) {
		git_error_clear();
		memset(oid, '0', SNAP_OID_HEX - 1);
		oid[SNAP_OID_HEX - 1] = '\0';
		return;
	}
	git_oid_tostr(oid, SNAP_OID_HEX, &id);
}
