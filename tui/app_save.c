/*
 * app_save.c - the app's writes to the project: save (the calls of
 * `hlsdse design save`: design.json written, committed, stored with its
 * estimate and a label), dispatch (those of `hlsdse synth`: a snapshot,
 * a queued run, a run-<id> tag, a worker made sure of; never waiting)
 * and restore (a saved design or a run's design as the working design,
 * undoable).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backends/dispatch.h"
#include "projects/save.h"
#include "tui/app_int.h"

/* The snapshot `hlsdse design save` makes, after design.json is
 * written; the status line says why when it fails. */
static int snapshot(struct app *a, const char *label, const char *msg,
		    long *id, char oid[SNAP_OID_HEX], bool *existed,
		    struct estimate *e)
{
	struct error err;

	if (app_flush(a, &err) < 0 ||
	    save_design(a->p.dir, a->st, &a->m, &a->d, label, msg, id, oid,
			existed, e, &err) < 0)
		return app_status(a, true, "%s", err.msg), -1;
	return 0;
}

bool app_need_project(struct app *a, const char *what)
{
	if (!a->has_project)
		app_status(a, true, "no project: %s needs one (open the model "
			   "with hlsdse MODEL to create one)", what);
	return a->has_project;
}

int app_save(struct app *a, const char *label)
{
	struct estimate e = { 0 };
	char oid[SNAP_OID_HEX];
	bool existed;
	long id;

	if (!app_need_project(a, "saving"))
		return APP_REDRAW;
	if (snapshot(a, label, label[0] ? label : "design saved", &id, oid,
		     &existed, &e) == 0) {
		if (existed)
			app_status(a, false, "design:%ld unchanged (commit %.7s)%s%s",
				   id, oid, label[0] ? ", label " : "", label);
		else
			app_status(a, false, "design:%ld saved (commit %.7s): "
				   "%.0f DSP, %.0f LUT, %ld cycles", id, oid,
				   e.total.dsp, e.total.lut, e.total.latency);
		app_views_load(a);
	}
	estimate_release(&e);
	return APP_REDRAW;
}

int app_dispatch(struct app *a, const char *name)
{
	const struct backend *b = backend_find(name);
	struct dispatch q;
	struct error err;

	a->dispatch_open = false;
	if (!app_need_project(a, "dispatching"))
		return APP_REDRAW;
	if (!b) {
		app_status(a, true, "unknown backend '%s'", name);
		return APP_REDRAW;
	}
	if (app_flush(a, &err) < 0 ||
	    dispatch_run(a->p.dir, a->st, &a->m, &a->d, b, "",
			 a->ensure_worker, &q, &err) < 0) {
		app_status(a, true, "%s", err.msg);
		app_views_load(a);
		return APP_REDRAW;
	}
	app_status(a, false, "run:%ld queued (backend %s, design:%ld, commit "
		   "%.7s)%s", q.run_id, b->name, q.design_id, q.oid,
		   q.started ? "; worker started" : "");
	app_views_load(a);
	return APP_REDRAW;
}

int app_restore(struct app *a)
{
	const struct app_run *r = NULL;
	struct design_row row = { 0 };
	struct design nd;
	struct error err;
	char what[96];
	long id;

	if (a->screen == SCREEN_DESIGNS) {
		if (a->cursor[SCREEN_DESIGNS] >= a->n_designs)
			return 0;
		id = a->designs[a->cursor[SCREEN_DESIGNS]].r.id;
		snprintf(what, sizeof(what), "working design restored from "
			 "design:%ld", id);
	} else {
		if (!(r = app_cursor_run(a)))
			return 0;
		id = r->r.design_id;
		snprintf(what, sizeof(what), "working design restored from "
			 "run:%ld (design:%ld)", r->r.id, id);
	}
	design_init(&nd);
	if (store_design_get(a->st, id, &row, &err) < 0 ||
	    design_parse(&nd, row.design_json, strlen(row.design_json), what,
			 &err) < 0) {
		design_row_release(&row);
		design_release(&nd);
		app_status(a, true, "%s", err.msg);
		return APP_REDRAW;
	}
	design_row_release(&row);
	app_replace_design(a, &nd, what);
	if (!a->status_err)
		app_go(a, SCREEN_LAYERS);
	return APP_REDRAW;
}
