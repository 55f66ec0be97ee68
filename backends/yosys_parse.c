/*
 * yosys_parse.c - the open flow's reports as metrics: yosys `stat -json`
 * (cells by type, per module and for the design; cJSON) and the
 * testbench's sim.txt ("key value" lines).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "backends/yosys.h"
#include "core/xalloc.h"

/* Cell types and what each counts for: LUTs used (as logic or memory),
 * LUT-RAM/SRL cells, flip-flops, DSPs, 18 Kb block RAMs, carry chains,
 * wide multiplexers. */
static const struct {
	const char *type;
	int lut, lutram, ff, dsp, bram18, carry, muxf;
} cells[] = {
	{ "LUT1", 1, 0, 0, 0, 0, 0, 0 }, { "LUT2", 1, 0, 0, 0, 0, 0, 0 },
	{ "LUT3", 1, 0, 0, 0, 0, 0, 0 }, { "LUT4", 1, 0, 0, 0, 0, 0, 0 },
	{ "LUT5", 1, 0, 0, 0, 0, 0, 0 }, { "LUT6", 1, 0, 0, 0, 0, 0, 0 },
	{ "INV", 1, 0, 0, 0, 0, 0, 0 },
	{ "SRL16E", 1, 1, 0, 0, 0, 0, 0 }, { "SRLC32E", 1, 1, 0, 0, 0, 0, 0 },
	{ "RAM32X1S", 1, 1, 0, 0, 0, 0, 0 }, { "RAM64X1S", 1, 1, 0, 0, 0, 0, 0 },
	{ "RAM32X1D", 2, 1, 0, 0, 0, 0, 0 }, { "RAM64X1D", 2, 1, 0, 0, 0, 0, 0 },
	{ "RAM128X1D", 4, 1, 0, 0, 0, 0, 0 },
	{ "RAM256X1D", 8, 1, 0, 0, 0, 0, 0 },
	{ "RAM32M", 4, 1, 0, 0, 0, 0, 0 }, { "RAM64M", 4, 1, 0, 0, 0, 0, 0 },
	{ "RAM32M16", 8, 1, 0, 0, 0, 0, 0 }, { "RAM64M8", 8, 1, 0, 0, 0, 0, 0 },
	{ "FDRE", 0, 0, 1, 0, 0, 0, 0 }, { "FDSE", 0, 0, 1, 0, 0, 0, 0 },
	{ "FDCE", 0, 0, 1, 0, 0, 0, 0 }, { "FDPE", 0, 0, 1, 0, 0, 0, 0 },
	{ "DSP48E1", 0, 0, 0, 1, 0, 0, 0 }, { "DSP48E2", 0, 0, 0, 1, 0, 0, 0 },
	{ "RAMB18E1", 0, 0, 0, 0, 1, 0, 0 }, { "RAMB18E2", 0, 0, 0, 0, 1, 0, 0 },
	{ "RAMB36E1", 0, 0, 0, 0, 2, 0, 0 }, { "RAMB36E2", 0, 0, 0, 0, 2, 0, 0 },
	{ "CARRY4", 0, 0, 0, 0, 0, 1, 0 }, { "CARRY8", 0, 0, 0, 0, 0, 1, 0 },
	{ "MUXF7", 0, 0, 0, 0, 0, 0, 1 }, { "MUXF8", 0, 0, 0, 0, 0, 0, 1 },
	{ "MUXF9", 0, 0, 0, 0, 0, 0, 1 },
};

/* Adds the metrics of one num_cells_by_type object for layer. */
static int add_counts(const cJSON *by_type, const char *layer,
		      const char *source, struct run_result *r,
		      struct error *err)
{
	double lut = 0, lutram = 0, ff = 0, dsp = 0, bram = 0, carry = 0,
		muxf = 0;
	const cJSON *c;

	if (!cJSON_IsObject(by_type))
		return error_set(err, "%s: no num_cells_by_type object",
				 source);
	cJSON_ArrayForEach(c, by_type) {
		if (!cJSON_IsNumber(c) || !(c->valuedouble >= 0) ||
		    c->valuedouble > 1e12)
			return error_set(err, "%s: cell count '%s' is not a "
					 "count", source, c->string);
		for (size_t i = 0; i < sizeof(cells) / sizeof(cells[0]); i++) {
			double v = c->valuedouble;

			if (strcmp(c->string, cells[i].type) != 0)
				continue;
			lut += v * cells[i].lut;
			lutram += v * cells[i].lutram;
			ff += v * cells[i].ff;
			dsp += v * cells[i].dsp;
			bram += v * cells[i].bram18;
			carry += v * cells[i].carry;
			muxf += v * cells[i].muxf;
		}
	}
	result_add(r, "yosys", layer, "lut", lut);
	result_add(r, "yosys", layer, "lutram", lutram);
	result_add(r, "yosys", layer, "ff", ff);
	result_add(r, "yosys", layer, "dsp", dsp);
	result_add(r, "yosys", layer, "bram18", bram);
	result_add(r, "yosys", layer, "carry", carry);
	result_add(r, "yosys", layer, "muxf", muxf);
	return 0;
}

/* The model layer a module name <top>_l<i>_<...> stands for, or -1. */
static int module_layer(const char *mod, const char *top, int n_names)
{
	size_t tl = strlen(top);
	char *end;
	long i;

	if (mod[0] == '\\')
		mod++;
	if (strncmp(mod, top, tl) != 0 || strncmp(mod + tl, "_l", 2) != 0)
		return -1;
	i = strtol(mod + tl + 2, &end, 10);
	if (end == mod + tl + 2 || *end != '_' || i < 0 || i >= n_names)
		return -1;
	return (int)i;
}

int yosys_parse_stat(const char *text, size_t len, const char *source,
		     const char *top, const char *const *names, int n_names,
		     struct run_result *r, struct error *err)
{
	cJSON *root = cJSON_ParseWithLength(text, len);
	const cJSON *design, *mods, *mod;
	int rc = -1;

	if (!root)
		return error_set(err, "%s: not valid JSON", source);
	design = cJSON_GetObjectItemCaseSensitive(root, "design");
	mods = cJSON_GetObjectItemCaseSensitive(root, "modules");
	if (!cJSON_IsObject(design) || !cJSON_IsObject(mods)) {
		error_set(err, "%s: no 'design' and 'modules' objects", source);
		goto out;
	}
	if (add_counts(cJSON_GetObjectItemCaseSensitive(design,
							"num_cells_by_type"),
		       "", source, r, err) < 0)
		goto out;
	cJSON_ArrayForEach(mod, mods) {
		int li = module_layer(mod->string, top, n_names);

		if (li < 0)
			continue;
		if (add_counts(cJSON_GetObjectItemCaseSensitive(
				       mod, "num_cells_by_type"),
			       names[li], source, r, err) < 0)
			goto out;
	}
	rc = 0;
out:
	cJSON_Delete(root);
	return rc;
}

int yosys_parse_sim(const char *text, const char *source, double clock_ns,
		    struct run_result *r, struct error *err)
{
	static const char *const keys[] = { "vectors", "received",
		"mismatches", "latency_max", "ii_max" };
	long v[5];
	bool have[5] = { false };
	const char *p = text;

	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);

		for (int i = 0; i < 5; i++) {
			size_t kl = strlen(keys[i]);
			char *end;

			if (n > kl && strncmp(p, keys[i], kl) == 0 &&
			    p[kl] == ' ') {
				v[i] = strtol(p + kl + 1, &end, 10);
				have[i] = end > p + kl + 1 && v[i] >= -1 &&
					v[i] < 1000000000L;
			}
		}
		p += n + (nl ? 1 : 0);
	}
	for (int i = 0; i < 5; i++)
		if (!have[i])
			return error_set(err, "%s: no '%s' line: the "
					 "simulation did not finish", source,
					 keys[i]);
	if (v[0] < 0 || v[1] < 0 || v[2] < 0)
		return error_set(err, "%s: negative vector counts", source);
	result_add(r, "sim", "", "vectors", (double)v[0]);
	result_add(r, "sim", "", "mismatches", (double)v[2]);
	result_add(r, "sim", "", "bit_exact",
		   v[2] == 0 && v[1] == v[0] ? 1 : 0);
	if (v[1] > 0 && v[3] >= 0) {	/* -1: no output came */
		result_add(r, "sim", "", "latency_cycles", (double)v[3]);
		result_add(r, "sim", "", "latency_ns", (double)v[3] * clock_ns);
	}
	if (v[4] > 0)	/* measured between two inputs: none with one */
		result_add(r, "sim", "", "ii", (double)v[4]);
	return 0;
}
