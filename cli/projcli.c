/* projcli.c - opening projects for the project commands. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/projcli.h"
#include "core/fileio.h"
#include "core/xalloc.h"
#include "projects/snapshot.h"

int proj_open(const char *arg, struct proj_ctx *c)
{
	struct error err;
	struct stat st;
	char *dir, *db;

	memset(c, 0, sizeof(*c));
	snap_global_init();
	c->git = true;
	dir = stat(arg, &st) == 0 && S_ISDIR(st.st_mode) ? xstrdup(arg) :
		fileio_dirname(arg);
	if (project_open(dir, &c->p, &err) < 0) {
		free(dir);
		cli_fail("%s", err.msg);
		proj_close(c);
		return -1;
	}
	free(dir);
	if (cli_open_design(c->p.dir, &c->d, &c->m, &c->design_path) < 0) {
		project_release(&c->p);
		proj_close(c);
		return -1;
	}
	db = project_path(&c->p, "runs.db");
	if (store_open(db, false, &c->st, &err) < 0) {
		cli_fail("%s", err.msg);
		free(db);
		proj_close(c);
		return -1;
	}
	free(db);
	return 0;
}

void proj_close(struct proj_ctx *c)
{
	bool git = c->git;

	if (c->st)
		store_close(c->st);
	design_release(&c->d);
	model_release(&c->m);
	project_release(&c->p);
	free(c->design_path);
	memset(c, 0, sizeof(*c));
	if (git)
		snap_global_shutdown();
}

/* Parses "<prefix>N" or "N" into a positive id. */
static int parse_ref(const char *ref, const char *prefix, long *id)
{
	const char *p = ref;
	char *end;

	if (strncmp(p, prefix, strlen(prefix)) == 0)
		p += strlen(prefix);
	*id = strtol(p, &end, 10);
	if (end == p || *end || *id < 1) {
		cli_fail("'%s' is not a reference of the form %sN", ref, prefix);
		return -1;
	}
	return 0;
}

int proj_design_ref(const char *ref, long *id)
{
	return parse_ref(ref, "design:", id);
}

int proj_run_ref(const char *ref, long *id)
{
	return parse_ref(ref, "run:", id);
}

/* True when the working design.json is byte for byte the design.json of
 * some snapshot: HEAD first, then every saved design. */
static bool saved_somewhere(const struct proj_ctx *c, const char *work,
			    size_t wl)
{
	struct store_query q = { .source = "estimate" };
	struct design_row *rows = NULL;
	struct error err;
	bool found = false;
	int n = 0;

	if (store_designs_list(c->st, &q, &rows, &n, &err) < 0)
		return false;
	for (int i = -1; i < n && !found; i++) {
		char *blob = NULL;
		size_t bl = 0;

		if (snap_read(c->p.dir, i < 0 ? "HEAD" : rows[i].commit,
			      "design.json", &blob, &bl, &err) == 0)
			found = bl == wl && memcmp(blob, work, wl) == 0;
		free(blob);
	}
	design_rows_free(rows, n);
	return found;
}

bool proj_design_unsaved(const struct proj_ctx *c)
{
	struct error err;
	char *work = NULL;
	size_t wl = 0;
	bool differs = true;

	if (fileio_read(c->design_path, 64u << 20, &work, &wl, &err) == 0)
		differs = !saved_somewhere(c, work, wl);
	free(work);
	return differs;
}

