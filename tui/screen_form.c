/*
 * screen_form.c - the precision form over the layers screen: one row per
 * precision slot that applies to the layer (default, weight, bias,
 * result, accum, table types ...), with width, integer bits, sign,
 * rounding and saturation; the field at the cursor highlighted.
 */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "tui/draw.h"
#include "tui/screens.h"

static const char *const heads[FORM_COLS] = { "width", "int", "sign",
	"rounding", "overflow" };
static const int widths[FORM_COLS] = { 6, 5, 9, 11, 10 };

void screen_form(const struct app *a)
{
	const struct app_form *f = &a->form;
	int w = COLS - 4 < 78 ? COLS - 4 : 78, h = f->n + 5, x0 = (COLS - w) / 2;
	int y0 = (LINES - h) / 2 > 1 ? (LINES - h) / 2 : 1;
	char title[128], buf[FIXED_STR_MAX];
	int typew = w - 4 - 10 - 41, x1 = x0 + 12 + typew;

	snprintf(title, sizeof(title), " precisions of %s ",
		 a->m.layers[f->layer].name);
	draw_box(y0, x0, h, w, title);
	draw_str(y0 + 1, x0 + 2, 10, "slot", tui_attr(TR_HEAD), false);
	draw_str(y0 + 1, x0 + 12, typew, "type", tui_attr(TR_HEAD), false);
	for (int c = 0, x = x1; c < FORM_COLS; x += widths[c++])
		draw_str(y0 + 1, x, widths[c], heads[c], tui_attr(TR_HEAD), false);
	for (int r = 0; r < f->n; r++) {
		const struct precision *p = &f->p[r];
		const struct fixed_type *t = &p->type;
		const char *v[FORM_COLS];
		char wb[8], ib[8];
		int y = y0 + 2 + r, x = x1;

		if (p->is_auto)
			snprintf(buf, sizeof(buf), "auto");
		else
			fixed_format(t, buf, sizeof(buf));
		snprintf(wb, sizeof(wb), "%d", t->width);
		snprintf(ib, sizeof(ib), "%d", t->integer);
		v[FORM_WIDTH] = wb;
		v[FORM_INTEGER] = ib;
		v[FORM_SIGNED] = t->is_signed ? "signed" : "unsigned";
		v[FORM_ROUND] = fixed_round_name(t->round);
		v[FORM_SAT] = fixed_sat_name(t->sat);
		draw_str(y, x0 + 2, 10, prec_slot_name(f->slot[r]),
			 r == f->row ? tui_attr(TR_BOLD) : 0, false);
		draw_str(y, x0 + 12, typew - 1, buf, f->changed[r] ?
			 tui_attr(TR_KNOB) : 0, false);
		for (int c = 0; c < FORM_COLS; x += widths[c++])
			draw_str(y, x, widths[c] - 1, p->is_auto && c < FORM_ROUND ?
				 "-" : v[c], r == f->row && c == f->col ?
				 tui_attr(TR_CURSOR) : 0, false);
	}
	draw_str(y0 + h - 2, x0 + 2, w - 4, "arrows: field  +/-: change  "
		 "Enter: apply  Esc: cancel", tui_attr(TR_DIM), false);
}
