/*
 * part.h - the FPGA part catalog: each device's capacity (LUT, FF, DSP and
 * its kind, BRAM18, URAM) and family, found from a full part string with
 * package and speed grade ("xcvu13p-flga2577-2-e" -> xcvu13p). Built-in
 * devices plus user files (a project's parts.json, ~/.config/hlsdse/
 * parts.json).
 *
 * Ownership: struct part holds pointers into the catalog (built-in
 * strings or strings owned by the loaded user catalog); they stay valid
 * until part_catalog_release.
 */
#ifndef HLSDSE_PART_H
#define HLSDSE_PART_H

#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"

enum dsp_kind { DSP48E1, DSP48E2, DSP58 };

struct part {
	const char *device;	/* "xcvu13p" */
	const char *family;	/* "virtexuplus", "zynquplus", "artix7" ... */
	const char *example;	/* a full part string, "xcvu13p-flga2577-2-e" */
	enum dsp_kind dsp_kind;
	long lut, ff, dsp, bram18, uram;
};

const char *dsp_kind_name(enum dsp_kind k);

/* Loads user parts from path (a JSON list of objects with device, family,
 * dsp_kind, lut, ff, dsp, bram18, uram, example) on top of the built-in
 * catalog; a user entry with a built-in device name replaces it. A missing
 * file is not an error; a malformed one is. */
int part_catalog_load(const char *path, struct error *err);
/* The same from text (len bytes, need not be NUL-terminated); source
 * names it in messages. */
int part_catalog_parse(const char *text, size_t len, const char *source,
		       struct error *err);
/* Loads ~/.config/hlsdse/parts.json (or $XDG_CONFIG_HOME/hlsdse/...). */
int part_catalog_load_user(struct error *err);
void part_catalog_release(void);

/* Finds the device of a part string (case-insensitive; the device is the
 * longest catalog name the string starts with, followed by the end, '-',
 * or a package code -- letters then digits, then the end or '-' -- as in
 * 7-series strings like xc7z020clg400-1). Fills err naming the part and
 * the nearest known devices when there is none. */
int part_lookup(const char *part_string, struct part *out, struct error *err);

/* Number of devices, and the i-th (built-in first, then user). */
int part_count(void);
const struct part *part_at(int i);

#endif
