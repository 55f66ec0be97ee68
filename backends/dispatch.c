/*
 * dispatch.c - a run queued (dispatch.h).
 */
#include <stdio.h>

#include "backends/dispatch.h"
#include "projects/compare.h"

/* Records with run id the estimate in the backend's own mode (source
 * "estimate"), so estimate against actual compares like with like. */
static int run_estimate(struct store *st, const struct model *m,
			const struct design *d, const struct backend *b,
			long id, struct error *err)
{
	struct estimate e = { 0 };
	struct metric *mt = NULL;
	int n, rc;

	if (estimate_run(&e, m, d, b->est_mode, err) < 0)
		return -1;
	n = metrics_from_estimate(&e, &mt);
	rc = store_metrics_add(st, id, true, "estimate", mt, n, err);
	metrics_free(mt, n);
	estimate_release(&e);
	return rc;
}

int dispatch_run(const char *dir, struct store *st, const struct model *m,
		 const struct design *d, const struct backend *b,
		 const char *label, dispatch_ensure_fn ensure,
		 struct dispatch *out, struct error *err)
{
	struct estimate e = { 0 };
	char tag[32];
	bool existed;
	int rc;

	out->started = false;
	if (b->check && b->check(m, d, err) < 0) {
		struct error why = *err;

		return error_set(err, "backend %s: %s", b->name, why.msg);
	}
	rc = save_design(dir, st, m, d, label, label && label[0] ? label :
			 "design for a run", &out->design_id, out->oid,
			 &existed, &e, err);
	estimate_release(&e);
	if (rc < 0 ||
	    store_run_add(st, out->design_id, b->name, &out->run_id, err) < 0 ||
	    run_estimate(st, m, d, b, out->run_id, err) < 0)
		return -1;
	snprintf(tag, sizeof(tag), "run-%ld", out->run_id);
	if (snap_tag(dir, tag, out->oid, err) < 0)
		return -1;
	return ensure(dir, &out->started, err);
}
