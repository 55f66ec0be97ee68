/*
 * save.c - a design point saved: snapshot and store row (save.h).
 */
#include <stdlib.h>

#include "core/xalloc.h"
#include "projects/compare.h"
#include "projects/save.h"

int save_design(const char *dir, struct store *st, const struct model *m,
		const struct design *d, const char *label, const char *msg,
		long *id, char oid[SNAP_OID_HEX], bool *existed,
		struct estimate *e, struct error *err)
{
	static const char *const files[] = { "hlsdse.json", "design.json",
		".gitignore", NULL };
	struct metric *mt = NULL;
	char *text, *json;
	bool created;
	int n, rc;

	if (estimate_run(e, m, d, EST_CSYNTH, err) < 0)
		return -1;
	n = metrics_from_estimate(e, &mt);
	text = xasprintf("%s\n", msg);
	rc = snap_commit(dir, files, text, oid, &created, err);
	json = design_to_json(d);
	if (rc == 0)
		rc = store_design_add(st, oid, label ? label : "", json,
				      "estimate", mt, n, id, existed, err);
	free(text);
	free(json);
	metrics_free(mt, n);
	return rc;
}
