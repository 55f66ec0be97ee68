/*
 * app_form.c - the precision form of the layers screen: one row per
 * precision slot that applies to the cursor layer, with width, integer
 * bits, sign, rounding and saturation stepped by +/-; Enter applies the
 * changed slots as one change (all or none, through design_set), Esc
 * drops them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/app_int.h"

#define FORM_MAX_WIDTH 64

void app_form_open(struct app *a)
{
	struct app_form *f = &a->form;
	int i;
	const struct layer *l = app_cur_layer(a, &i);

	if (!l)
		return;
	memset(f, 0, sizeof(*f));
	f->layer = i;
	for (int s = 0; s < PREC_COUNT; s++)
		if (s == PREC_DEFAULT || design_prec_applies(l, (enum prec_slot)s)) {
			f->slot[f->n] = (enum prec_slot)s;
			f->p[f->n] = a->e.knobs[i].prec[s];
			f->n++;
		}
	a->form_open = true;
	app_status(a, false, "%s precisions: arrows choose, +/- change, Enter "
		   "applies, Esc cancels", l->name);
}

static int clamp(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* Steps the field at the form's cursor by dir (an 'auto' type becomes
 * concrete). */
static void form_step(struct app_form *f, int dir)
{
	struct precision *p = &f->p[f->row];
	struct fixed_type *t = &p->type;

	if (p->is_auto || t->width < 1) {
		p->is_auto = false;
		if (t->width < 1)
			*t = fixed_make(16, 6, true);
	}
	switch (f->col) {
	case FORM_WIDTH:
		t->width = clamp(t->width + dir, 1, FORM_MAX_WIDTH);
		if (t->is_int)
			t->integer = t->width;
		break;
	case FORM_INTEGER:
		t->integer = clamp(t->integer + dir, -FORM_MAX_WIDTH,
				   FORM_MAX_WIDTH);
		t->is_int = false;
		break;
	case FORM_SIGNED:
		t->is_signed = !t->is_signed;
		break;
	case FORM_ROUND:
		t->round = (enum fixed_round)((t->round + dir + FIXED_ROUND_COUNT) %
					      FIXED_ROUND_COUNT);
		t->is_int = false;
		break;
	default:
		t->sat = (enum fixed_sat)((t->sat + dir + FIXED_SAT_COUNT) %
					  FIXED_SAT_COUNT);
		t->is_int = false;
		break;
	}
	f->changed[f->row] = true;
}

/* Applies the changed rows as one change; the form stays open on a refusal. */
static int form_apply(struct app *a)
{
	struct app_form *f = &a->form;
	const struct layer *l = &a->m.layers[f->layer];
	char *as[PREC_COUNT], what[300];
	int n = 0, rc;

	for (int r = 0; r < f->n; r++)
		if (f->changed[r])
			app_prec_assign(as, &n, l->name, (int)f->slot[r], &f->p[r]);
	if (n == 0) {
		a->form_open = false;
		app_status(a, false, "no precision changed");
		return APP_REDRAW;
	}
	snprintf(what, sizeof(what), "%s", as[0]);
	if (n > 1)
		snprintf(what, sizeof(what), "%s precisions (%d)", l->name, n);
	rc = app_apply(a, f->layer, as, n, what);
	if (!a->status_err)
		a->form_open = false;
	for (int k = 0; k < n; k++)
		free(as[k]);
	return rc;
}

int app_form_handle(struct app *a, enum action act)
{
	struct app_form *f = &a->form;

	switch (act) {
	case DO_UP:
		f->row = f->row > 0 ? f->row - 1 : 0;
		break;
	case DO_DOWN:
		f->row = f->row + 1 < f->n ? f->row + 1 : f->row;
		break;
	case DO_LEFT:
		f->col = f->col > 0 ? f->col - 1 : 0;
		break;
	case DO_RIGHT:
		f->col = f->col + 1 < FORM_COLS ? f->col + 1 : f->col;
		break;
	case DO_INC:
		form_step(f, 1);
		break;
	case DO_DEC:
		form_step(f, -1);
		break;
	case DO_ENTER:
		return form_apply(a);
	case DO_BACK:
		a->form_open = false;
		app_status(a, false, "precision edit cancelled");
		break;
	default:
		return 0;
	}
	return APP_REDRAW;
}
