/*
 * snapshot_test.c - the project history through libgit2, in temporary
 * repositories (removed afterwards). Everything snapshot.c writes is
 * checked with the git command line (/usr/bin/git through popen): HEAD's
 * branch, commit ids, parents, the tree's file list, authors, tags and
 * `git log --oneline`. Files read back are compared byte for byte with
 * what the test wrote; blob ids with `git hash-object` and with the two
 * well-known ids worked out by hand in test_hash.
 */
#define _XOPEN_SOURCE 700

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <git2.h>

#include "projects/snapshot.h"

#define GIT "/usr/bin/git"

static char base[256];

/* base/name, created as a directory. */
static void make_dir(char *out, size_t n, const char *name)
{
	snprintf(out, n, "%s/%s", base, name);
	if (mkdir(out, 0755) != 0)
		fail_msg("mkdir '%s' failed", out);
}

static void write_file(const char *dir, const char *name, const void *data,
		       size_t len)
{
	char path[PATH_MAX];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (f == NULL)
		fail_msg("cannot create '%s'", path);
	if (len > 0 && fwrite(data, 1, len, f) != len)
		fail_msg("cannot write '%s'", path);
	assert_int_equal(fclose(f), 0);
}

static void write_text(const char *dir, const char *name, const char *text)
{
	write_file(dir, name, text, strlen(text));
}

/* Runs `git -C dir <args>` and stores its stdout (NUL-terminated, at
 * most n - 1 bytes) in out; returns git's exit status. */
static int run_git(char *out, size_t n, const char *dir, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int run_git(char *out, size_t n, const char *dir, const char *fmt, ...)
{
	char args[1024], cmd[PATH_MAX + 1200];
	size_t got = 0, r;
	va_list ap;
	FILE *p;
	int st;

	va_start(ap, fmt);
	vsnprintf(args, sizeof(args), fmt, ap);
	va_end(ap);
	snprintf(cmd, sizeof(cmd), GIT " -C '%s' %s", dir, args);
	p = popen(cmd, "r");
	if (p == NULL)
		fail_msg("cannot run '%s'", cmd);
	while (got + 1 < n && (r = fread(out + got, 1, n - 1 - got, p)) > 0)
		got += r;
	out[got] = '\0';
	st = pclose(p);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* git's output, which must succeed, with one trailing newline removed. */
static const char *git_line(char *out, size_t n, const char *dir,
			    const char *args)
{
	size_t len;

	if (run_git(out, n, dir, "%s", args) != 0)
		fail_msg("git %s failed in '%s'", args, dir);
	len = strlen(out);
	if (len > 0 && out[len - 1] == '\n')
		out[len - 1] = '\0';
	return out;
}

static void commit_ok(const char *dir, const char *const *files,
		      const char *msg, char oid[SNAP_OID_HEX], bool want_new)
{
	struct error err = {""};
	bool created = !want_new;

	if (snap_commit(dir, files, msg, oid, &created, &err) != 0)
		fail_msg("commit in '%s' failed: %s", dir, err.msg);
	assert_int_equal(created, want_new);
	assert_int_equal(strlen(oid), 40);
}

static void read_ok(const char *dir, const char *rev, const char *path,
		    const void *want, size_t want_len)
{
	struct error err = {""};
	char *data = NULL;
	size_t len = 0;

	if (snap_read(dir, rev, path, &data, &len, &err) != 0)
		fail_msg("read %s:%s failed: %s", rev, path, err.msg);
	assert_int_equal(len, want_len);
	assert_memory_equal(data, want, want_len);
	assert_int_equal(data[len], '\0');
	free(data);
}

static const char *const both[] = {"hlsdse.json", "design.json", NULL};

static const char hlsdse_v1[] = "{\"model\": \"jet_tagger.h5\"}\n";
static const char design_v1[] = "{\"reuse\": 1}\n";
static const char design_v2[] = "{\"reuse\": 4, \"strategy\": \"resource\"}\n";

/* ---- init ------------------------------------------------------------- */

static void test_init(void **state)
{
	char dir[512], sub[1024], plain[512], out[2048];
	struct error err = {""};

	(void)state;
	make_dir(dir, sizeof(dir), "init");
	make_dir(plain, sizeof(plain), "plain");
	assert_false(snap_is_repo(dir));
	assert_int_equal(snap_init(dir, &err), 0);
	assert_true(snap_is_repo(dir));
	assert_string_equal(git_line(out, sizeof(out), dir,
				     "symbolic-ref HEAD"), "refs/heads/main");
	assert_string_equal(git_line(out, sizeof(out), dir,
				     "rev-parse --is-bare-repository"),
			    "false");

	assert_int_equal(snap_init(dir, &err), -1);
	snprintf(out, sizeof(out), "'%s' is already a git repository", dir);
	assert_string_equal(err.msg, out);

	/* a subdirectory of a work tree is not the top of a repository */
	snprintf(sub, sizeof(sub), "%s/runs", dir);
	assert_int_equal(mkdir(sub, 0755), 0);
	assert_false(snap_is_repo(sub));
	assert_false(snap_is_repo(plain));

	snprintf(sub, sizeof(sub), "%s/absent", base);
	assert_int_equal(snap_init(sub, &err), -1);
	snprintf(out, sizeof(out), "cannot access '%s': No such file or "
		 "directory", sub);
	assert_string_equal(err.msg, out);
}

/* ---- commits, reads, tags, log ------------------------------------- */

static void test_history(void **state)
{
	char dir[512], out[4096], want[4096];
	char c1[SNAP_OID_HEX], c2[SNAP_OID_HEX], again[SNAP_OID_HEX];
	char got[SNAP_OID_HEX];
	struct error err = {""};

	(void)state;
	make_dir(dir, sizeof(dir), "history");
	assert_int_equal(snap_init(dir, &err), 0);
	write_text(dir, "hlsdse.json", hlsdse_v1);
	write_text(dir, "design.json", design_v1);
	write_text(dir, "notes.txt", "not listed, never committed\n");

	commit_ok(dir, both, "create project", c1, true);
	assert_string_equal(git_line(out, sizeof(out), dir, "rev-parse HEAD"),
			    c1);
	assert_string_equal(git_line(out, sizeof(out), dir,
				     "rev-parse refs/heads/main"), c1);
	/* a root commit: `git rev-list --parents` prints only its own id */
	assert_string_equal(git_line(out, sizeof(out), dir,
				     "rev-list --parents -n 1 HEAD"), c1);
	/* only the listed files are in the tree */
	assert_string_equal(git_line(out, sizeof(out), dir,
				     "ls-tree --name-only HEAD"),
			    "design.json\nhlsdse.json");
	/* .git/index was written: git sees the listed files as committed
	 * and only the unlisted one as untracked */
	assert_string_equal(git_line(out, sizeof(out), dir,
				     "status --porcelain"), "?? notes.txt");

	/* nothing changed: no commit, HEAD returned */
	commit_ok(dir, both, "nothing new", again, false);
	assert_string_equal(again, c1);
	assert_string_equal(git_line(out, sizeof(out), dir,
				     "rev-list --count HEAD"), "1");

	write_text(dir, "design.json", design_v2);
	commit_ok(dir, both, "reuse 4", c2, true);
	assert_string_not_equal(c2, c1);
	assert_string_equal(git_line(out, sizeof(out), dir, "rev-parse HEAD"),
			    c2);
	assert_string_equal(git_line(out, sizeof(out), dir,
				     "rev-parse HEAD~1"), c1);
	/* the new commit has exactly one parent */
	snprintf(want, sizeof(want), "%s %s", c2, c1);
	assert_string_equal(git_line(out, sizeof(out), dir,
				     "rev-list --parents -n 1 HEAD"), want);

	/* both versions back, byte for byte */
	read_ok(dir, c1, "design.json", design_v1, strlen(design_v1));
	read_ok(dir, c2, "design.json", design_v2, strlen(design_v2));
	read_ok(dir, "HEAD~1", "design.json", design_v1, strlen(design_v1));
	read_ok(dir, "HEAD", "hlsdse.json", hlsdse_v1, strlen(hlsdse_v1));

	/* tags */
	assert_int_equal(snap_tag(dir, "run-1", c1, &err), 0);
	assert_string_equal(git_line(out, sizeof(out), dir,
				     "rev-parse 'run-1^{commit}'"), c1);
	read_ok(dir, "run-1", "design.json", design_v1, strlen(design_v1));
	assert_int_equal(snap_tag(dir, "run-1", c1, &err), 0);
	assert_int_equal(snap_tag(dir, "run-1", c2, &err), -1);
	snprintf(want, sizeof(want), "tag 'run-1' already points at %.7s, "
		 "not %.7s, in '%s'", c1, c2, dir);
	assert_string_equal(err.msg, want);
	assert_string_equal(git_line(out, sizeof(out), dir,
				     "rev-parse run-1"), c1);
	/* lightweight: the ref names the commit itself, no tag object */
	assert_string_equal(git_line(out, sizeof(out), dir,
				     "cat-file -t run-1"), "commit");
	assert_int_equal(snap_tag(dir, "bad..name", c2, &err), -1);
	assert_string_equal(err.msg, "'bad..name' is not a valid tag name");

	/* resolve */
	assert_int_equal(snap_resolve(dir, "HEAD", got, &err), 0);
	assert_string_equal(got, c2);
	assert_int_equal(snap_resolve(dir, "run-1", got, &err), 0);
	assert_string_equal(got, c1);
	assert_int_equal(snap_resolve(dir, "main~1", got, &err), 0);
	assert_string_equal(got, c1);

	/* exactly the two commits made, newest first */
	snprintf(want, sizeof(want), "%s reuse 4\n%s create project\n", c2,
		 c1);
	assert_int_equal(run_git(out, sizeof(out), dir, "log --oneline "
				 "--no-abbrev-commit --no-decorate"), 0);
	assert_string_equal(out, want);
}

/* ---- errors --------------------------------------------------------- */

static void test_read_errors(void **state)
{
	char dir[512], want[1024], c1[SNAP_OID_HEX];
	struct error err = {""};
	char *data = NULL;
	size_t len = 0;

	(void)state;
	make_dir(dir, sizeof(dir), "readerr");
	assert_int_equal(snap_init(dir, &err), 0);

	/* unborn branch: HEAD is not a revision yet */
	assert_int_equal(snap_resolve(dir, "HEAD", c1, &err), -1);
	snprintf(want, sizeof(want), "unknown revision 'HEAD' in '%s'", dir);
	assert_string_equal(err.msg, want);

	write_text(dir, "hlsdse.json", hlsdse_v1);
	write_text(dir, "design.json", design_v1);
	write_text(dir, "notes.txt", "untracked\n");
	commit_ok(dir, both, "first", c1, true);

	assert_int_equal(snap_read(dir, "run-9", "design.json", &data, &len,
				   &err), -1);
	snprintf(want, sizeof(want), "unknown revision 'run-9' in '%s'", dir);
	assert_string_equal(err.msg, want);

	assert_int_equal(snap_read(dir, "HEAD", "notes.txt", &data, &len,
				   &err), -1);
	snprintf(want, sizeof(want), "path 'notes.txt' does not exist in "
		 "'HEAD' of '%s'", dir);
	assert_string_equal(err.msg, want);
	assert_null(data);

	assert_int_equal(snap_tag(dir, "run-1", "1234", &err), -1);
	assert_string_equal(err.msg, "'1234' is not a commit id");
	assert_int_equal(snap_tag(dir, "run-1",
				  "0123456789abcdef0123456789abcdef01234567",
				  &err), -1);
	snprintf(want, sizeof(want), "no commit 0123456789abcdef0123456789"
		 "abcdef01234567 in '%s'", dir);
	assert_string_equal(err.msg, want);
}

static void test_not_a_repo(void **state)
{
	char dir[512], want[1024], oid[SNAP_OID_HEX];
	struct error err = {""};
	bool created = true;
	char *data = NULL;
	size_t len = 0;

	(void)state;
	make_dir(dir, sizeof(dir), "notrepo");
	write_text(dir, "hlsdse.json", hlsdse_v1);
	write_text(dir, "design.json", design_v1);
	snprintf(want, sizeof(want), "'%s' is not a git repository", dir);

	assert_int_equal(snap_commit(dir, both, "x", oid, &created, &err), -1);
	assert_string_equal(err.msg, want);
	assert_false(created);
	assert_int_equal(snap_read(dir, "HEAD", "design.json", &data, &len,
				   &err), -1);
	assert_string_equal(err.msg, want);
	assert_int_equal(snap_resolve(dir, "HEAD", oid, &err), -1);
	assert_string_equal(err.msg, want);
	assert_int_equal(snap_tag(dir, "run-1",
				  "0123456789abcdef0123456789abcdef01234567",
				  &err), -1);
	assert_string_equal(err.msg, want);
	/* nothing was created on the way */
	snprintf(want, sizeof(want), "%s/.git", dir);
	assert_int_equal(access(want, F_OK), -1);
}

static void test_commit_errors(void **state)
{
	char dir[512], want[1024], out[256];
	char c1[SNAP_OID_HEX], c2[SNAP_OID_HEX];
	struct error err = {""};
	bool created = true;
	FILE *f;

	(void)state;
	make_dir(dir, sizeof(dir), "commiterr");
	assert_int_equal(snap_init(dir, &err), 0);
	write_text(dir, "hlsdse.json", hlsdse_v1);

	/* design.json is listed but missing: an error, and no commit */
	assert_int_equal(snap_commit(dir, both, "x", c1, &created, &err), -1);
	snprintf(want, sizeof(want), "unable to commit 'design.json': no "
		 "such file in '%s'", dir);
	assert_string_equal(err.msg, want);
	assert_false(created);
	assert_int_not_equal(run_git(out, sizeof(out), dir,
				     "rev-parse -q --verify HEAD"), 0);

	/* an empty message is refused */
	write_text(dir, "design.json", design_v1);
	assert_int_equal(snap_commit(dir, both, "  \n", c1, &created, &err),
			 -1);
	snprintf(want, sizeof(want), "aborting commit in '%s' due to empty "
		 "commit message", dir);
	assert_string_equal(err.msg, want);

	commit_ok(dir, both, "first", c1, true);

	/* a stale index.lock */
	snprintf(want, sizeof(want), "%s/.git/index.lock", dir);
	f = fopen(want, "w");
	assert_non_null(f);
	assert_int_equal(fclose(f), 0);
	write_text(dir, "design.json", design_v2);
	assert_int_equal(snap_commit(dir, both, "x", c2, &created, &err), -1);
	snprintf(want, sizeof(want), "another git process seems to be "
		 "running in '%s' (index.lock exists)", dir);
	assert_string_equal(err.msg, want);
	assert_string_equal(git_line(out, sizeof(out), dir, "rev-parse HEAD"),
			    c1);
	snprintf(want, sizeof(want), "%s/.git/index.lock", dir);
	assert_int_equal(unlink(want), 0);
	commit_ok(dir, both, "second", c2, true);
	assert_string_equal(git_line(out, sizeof(out), dir,
				     "rev-parse HEAD~1"), c1);
}

/* ---- blob ids -------------------------------------------------------- */

static void test_hash(void **state)
{
	char dir[512], out[256], oid[SNAP_OID_HEX];
	unsigned char bytes[300];

	(void)state;
	/* SHA-1("blob 0\0") = e69de29b..., git's empty blob */
	snap_hash("", 0, oid);
	assert_string_equal(oid, "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391");
	/* SHA-1("blob 12\0hello world\n"), the id in the Pro Git book */
	snap_hash("hello world\n", 12, oid);
	assert_string_equal(oid, "3b18e512dba79e4c8300dd08aeb37f8e728b8dad");

	/* binary data with NULs, against git hash-object */
	for (size_t i = 0; i < sizeof(bytes); i++)
		bytes[i] = (unsigned char)(i * 7);
	make_dir(dir, sizeof(dir), "hash");
	write_file(dir, "weights.bin", bytes, sizeof(bytes));
	snap_hash(bytes, sizeof(bytes), oid);
	assert_string_equal(git_line(out, sizeof(out), dir,
				     "hash-object weights.bin"), oid);
}

/* ---- identity ------------------------------------------------------- */

static void test_no_identity(void **state)
{
	char dir[512], home[512], out[512];
	char c1[SNAP_OID_HEX], c2[SNAP_OID_HEX];
	struct error err = {""};

	(void)state;
	make_dir(home, sizeof(home), "home");
	/* libgit2 finds the global and system config files when it is
	 * initialised, so start it again with an empty HOME */
	snap_global_shutdown();
	assert_int_equal(setenv("HOME", home, 1), 0);
	assert_int_equal(setenv("XDG_CONFIG_HOME", home, 1), 0);
	assert_int_equal(setenv("GIT_CONFIG_NOSYSTEM", "1", 1), 0);
	snap_global_init();
	assert_int_equal(git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH,
					  GIT_CONFIG_LEVEL_SYSTEM, home), 0);

	make_dir(dir, sizeof(dir), "anon");
	assert_int_equal(snap_init(dir, &err), 0);
	/* git itself agrees that no identity is configured here */
	assert_int_not_equal(run_git(out, sizeof(out), dir,
				     "config user.name"), 0);
	write_text(dir, "hlsdse.json", hlsdse_v1);
	write_text(dir, "design.json", design_v1);
	commit_ok(dir, both, "anonymous", c1, true);
	assert_string_equal(git_line(out, sizeof(out), dir,
				     "log -1 --format='%an <%ae>|%cn <%ce>'"),
			    "hlsdse <hlsdse@localhost>|hlsdse <hlsdse@localhost>");

	/* a configured identity wins over the fallback */
	assert_int_equal(run_git(out, sizeof(out), dir,
				 "config user.name 'Ada Lovelace'"), 0);
	assert_int_equal(run_git(out, sizeof(out), dir,
				 "config user.email ada@example.org"), 0);
	write_text(dir, "design.json", design_v2);
	commit_ok(dir, both, "named", c2, true);
	assert_string_equal(git_line(out, sizeof(out), dir,
				     "log -1 --format='%an <%ae>'"),
			    "Ada Lovelace <ada@example.org>");
	assert_string_equal(git_line(out, sizeof(out), dir,
				     "rev-parse HEAD~1"), c1);
}

/* ---- fixture -------------------------------------------------------- */

static int rm_entry(const char *path, const struct stat *st, int flag,
		    struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int setup(void **state)
{
	const char *tmp = getenv("TMPDIR");

	(void)state;
	snprintf(base, sizeof(base), "%s/snapshot_test.XXXXXX",
		 tmp != NULL && tmp[0] != '\0' ? tmp : "/tmp");
	return mkdtemp(base) != NULL ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	return nftw(base, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init),
		cmocka_unit_test(test_history),
		cmocka_unit_test(test_read_errors),
		cmocka_unit_test(test_not_a_repo),
		cmocka_unit_test(test_commit_errors),
		cmocka_unit_test(test_hash),
		cmocka_unit_test(test_no_identity),
	};
	int failed;

	snap_global_init();
	failed = cmocka_run_group_tests_name("snapshot", tests, setup,
					     teardown);
	snap_global_shutdown();
	return failed;
}
