/*
 * report_vivado.c - readers for the reports Vivado HLS / Vitis HLS and
 * Vivado leave behind: <top>_csynth.xml (libxml2 tree walk: timing,
 * latency, interval, resources, available resources, per-module
 * breakdown) and the report_utilization text of vivado_synth.rpt
 * (LUT, FF, Block RAM tiles, URAM, DSP).
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "backends/report.h"
#include "core/fileio.h"
#include "core/xalloc.h"

#define SYNTH_RPT_MAX (64u << 20)

/* The first element child of node called name, or NULL. */
static xmlNode *xml_child(const xmlNode *node, const char *name)
{
	if (!node)
		return NULL;
	for (xmlNode *c = node->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE &&
		    strcmp((const char *)c->name, name) == 0)
			return c;
	return NULL;
}

/* Follows a '/'-separated path of element names from node; NULL when a
 * step is missing. */
static xmlNode *xml_path(const xmlNode *node, const char *path)
{
	char buf[256];
	const char *p = path;
	xmlNode *cur = (xmlNode *)node;

	while (cur && *p) {
		const char *slash = strchr(p, '/');
		size_t n = slash ? (size_t)(slash - p) : strlen(p);

		if (n >= sizeof(buf))
			return NULL;
		memcpy(buf, p, n);
		buf[n] = '\0';
		cur = xml_child(cur, buf);
		p += n + (slash ? 1 : 0);
	}
	return cur;
}

/* The trimmed text content of node (caller frees), or NULL. */
static char *xml_text(const xmlNode *node)
{
	xmlChar *raw;
	char *s, *b, *e;

	if (!node)
		return NULL;
	raw = xmlNodeGetContent(node);
	if (!raw)
		return xstrdup("");
	b = (char *)raw;
	while (isspace((unsigned char)*b))
		b++;
	e = b + strlen(b);
	while (e > b && isspace((unsigned char)e[-1]))
		e--;
	s = xstrndup(b, (size_t)(e - b));
	xmlFree(raw);
	return s;
}

/* Reads the number at path under node into *out: absent or "undef"
 * leaves it unknown; anything else that is not a finite number fails. */
static int xml_value(const char *file, const xmlNode *node, const char *base,
		     const char *path, struct rvalue *out, struct error *err)
{
	char *text = xml_text(xml_path(node, path));
	char *end;
	double v;

	out->known = false;
	out->v = 0;
	if (!text)
		return 0;
	if (!*text || strcmp(text, "undef") == 0 || strcmp(text, "-") == 0) {
		free(text);
		return 0;
	}
	errno = 0;
	v = strtod(text, &end);
	if (end == text || *end || errno == ERANGE || !isfinite(v)) {
		error_set(err, "'%s': %s%s: '%s' is not a number", file, base,
			  path, text);
		free(text);
		return -1;
	}
	free(text);
	out->known = true;
	out->v = v;
	return 0;
}

/* A string at path under node (caller frees), NULL when absent or empty. */
static char *xml_string(const xmlNode *node, const char *path)
{
	char *s = xml_text(xml_path(node, path));

	if (s && !*s) {
		free(s);
		return NULL;
	}
	return s;
}

/* Latency and interval from <PerformanceEstimates>/SummaryOfOverallLatency
 * under node. */
static int read_latency(const char *file, const xmlNode *node,
			const char *base, struct rvalue *best,
			struct rvalue *worst, struct rvalue *ii_min,
			struct rvalue *ii_max, struct error *err)
{
	const xmlNode *sum = xml_path(node, "PerformanceEstimates/"
				      "SummaryOfOverallLatency");
	char b[400];

	snprintf(b, sizeof(b), "%sPerformanceEstimates/"
		 "SummaryOfOverallLatency/", base);
	if (xml_value(file, sum, b, "Best-caseLatency", best, err) < 0 ||
	    xml_value(file, sum, b, "Worst-caseLatency", worst, err) < 0 ||
	    xml_value(file, sum, b, "Interval-min", ii_min, err) < 0 ||
	    xml_value(file, sum, b, "Interval-max", ii_max, err) < 0)
		return -1;
	return 0;
}

/* The resource counts in the element res (Resources or
 * AvailableResources); DSP48E (Vivado HLS) or DSP (Vitis HLS). */
static int read_resources(const char *file, const xmlNode *res,
			  const char *base, struct rvalue *bram18,
			  struct rvalue *dsp, struct rvalue *ff,
			  struct rvalue *lut, struct rvalue *uram,
			  struct error *err)
{
	if (xml_value(file, res, base, "BRAM_18K", bram18, err) < 0 ||
	    xml_value(file, res, base, "DSP", dsp, err) < 0 ||
	    xml_value(file, res, base, "FF", ff, err) < 0 ||
	    xml_value(file, res, base, "LUT", lut, err) < 0 ||
	    xml_value(file, res, base, "URAM", uram, err) < 0)
		return -1;
	if (!dsp->known &&
	    xml_value(file, res, base, "DSP48E", dsp, err) < 0)
		return -1;
	return 0;
}

/* "Vivado HLS <v>" up to 2020.1, "Vitis HLS <v>" from 2020.2 on (the
 * release that renamed the tool); NULL without a version. */
static char *tool_name(const char *version)
{
	int year = 0, minor = 0;

	if (!version)
		return NULL;
	if (sscanf(version, "%d.%d", &year, &minor) == 2 &&
	    (year > 2020 || (year == 2020 && minor >= 2)))
		return xasprintf("Vitis HLS %s", version);
	return xasprintf("Vivado HLS %s", version);
}

/* The per-module breakdown of <ModuleInformation> (Vitis HLS); absent in
 * Vivado HLS reports, which is not an error. */
static int read_modules(const char *file, const xmlNode *root,
			struct csynth_report *r, struct error *err)
{
	xmlNode *info = xml_child(root, "ModuleInformation");
	int cap = 0;

	if (!info)
		return 0;
	for (xmlNode *m = info->children; m; m = m->next) {
		struct csynth_module *cm;
		char base[320];
		char *name;

		if (m->type != XML_ELEMENT_NODE ||
		    strcmp((const char *)m->name, "Module") != 0)
			continue;
		name = xml_string(m, "Name");
		if (!name)
			return error_set(err, "'%s': ModuleInformation/Module "
					 "%d has no Name", file,
					 r->n_modules + 1);
		if (r->n_modules == cap) {
			cap = cap ? 2 * cap : 8;
			r->modules = xreallocarray(r->modules, (size_t)cap,
						   sizeof(*r->modules));
		}
		cm = &r->modules[r->n_modules++];
		memset(cm, 0, sizeof(*cm));
		cm->name = name;
		snprintf(base, sizeof(base), "ModuleInformation/Module[%.200s]/",
			 name);
		if (read_latency(file, m, base, &cm->latency_best,
				 &cm->latency_worst, &cm->ii_min, &cm->ii_max,
				 err) < 0)
			return -1;
		snprintf(base, sizeof(base),
			 "ModuleInformation/Module[%.200s]/AreaEstimates/"
			 "Resources/", name);
		if (read_resources(file, xml_path(m, "AreaEstimates/Resources"),
				   base, &cm->bram18, &cm->dsp, &cm->ff,
				   &cm->lut, &cm->uram, err) < 0)
			return -1;
	}
	return 0;
}

/* Fills r from the tree of a csynth report whose root is <profile>. */
static int read_csynth_tree(const char *file, const xmlNode *root,
			    struct csynth_report *r, struct error *err)
{
	const xmlNode *ua = xml_child(root, "UserAssignments");
	const xmlNode *area = xml_child(root, "AreaEstimates");
	char *version;

	if (!xml_child(root, "PerformanceEstimates") || !area)
		return error_set(err, "'%s' is not a csynth report (no "
				 "PerformanceEstimates or AreaEstimates)",
				 file);
	r->top = xml_string(ua, "TopModelName");
	r->part = xml_string(ua, "Part");
	version = xml_string(root, "ReportVersion/Version");
	r->tool = tool_name(version);
	free(version);
	if (xml_value(file, ua, "UserAssignments/", "TargetClockPeriod",
		      &r->target_clock, err) < 0 ||
	    xml_value(file, root, "", "PerformanceEstimates/"
		      "SummaryOfTimingAnalysis/EstimatedClockPeriod",
		      &r->est_clock, err) < 0 ||
	    read_latency(file, root, "", &r->latency_best, &r->latency_worst,
			 &r->ii_min, &r->ii_max, err) < 0 ||
	    read_resources(file, xml_child(area, "Resources"),
			   "AreaEstimates/Resources/", &r->bram18, &r->dsp,
			   &r->ff, &r->lut, &r->uram, err) < 0 ||
	    read_resources(file, xml_child(area, "AvailableResources"),
			   "AreaEstimates/AvailableResources/",
			   &r->avail_bram18, &r->avail_dsp, &r->avail_ff,
			   &r->avail_lut, &r->avail_uram, err) < 0 ||
	    read_modules(file, root, r, err) < 0)
		return -1;
	return 0;
}

int report_csynth_read(const char *path, struct csynth_report *r,
		       struct error *err)
{
	xmlParserCtxtPtr ctxt;
	xmlDocPtr doc;
	xmlNode *root;
	struct stat st;
	int rc;

	memset(r, 0, sizeof(*r));
	if (stat(path, &st) != 0)
		return error_set(err, "unable to open '%s': %s", path,
				 strerror(errno));
	if (!S_ISREG(st.st_mode))
		return error_set(err, "'%s' is not a regular file", path);
	if (st.st_size == 0)
		return error_set(err, "'%s' is empty, not a csynth report",
				 path);
	ctxt = xmlNewParserCtxt();
	if (!ctxt)
		return error_set(err, "unable to read '%s': out of memory",
				 path);
	doc = xmlCtxtReadFile(ctxt, path, NULL, XML_PARSE_NONET |
			      XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (!doc) {
		const xmlError *e = xmlCtxtGetLastError(ctxt);
		char msg[200] = "unreadable";

		if (e && e->message) {
			size_t n;

			snprintf(msg, sizeof(msg), "%s", e->message);
			n = strlen(msg);
			while (n && isspace((unsigned char)msg[n - 1]))
				msg[--n] = '\0';
		}
		rc = error_set(err, "'%s' is not well-formed XML (line %d: %s)",
			       path, e ? e->line : 0, msg);
		xmlFreeParserCtxt(ctxt);
		return rc;
	}
	xmlFreeParserCtxt(ctxt);
	root = xmlDocGetRootElement(doc);
	if (!root || strcmp((const char *)root->name, "profile") != 0)
		rc = error_set(err, "'%s' is not a csynth report (root element "
			       "<%s>, expected <profile>)", path,
			       root ? (const char *)root->name : "none");
	else
		rc = read_csynth_tree(path, root, r, err);
	xmlFreeDoc(doc);
	if (rc < 0)
		csynth_report_release(r);
	return rc;
}

void csynth_report_release(struct csynth_report *r)
{
	if (!r)
		return;
	free(r->top);
	free(r->tool);
	free(r->part);
	for (int i = 0; i < r->n_modules; i++)
		free(r->modules[i].name);
	free(r->modules);
	memset(r, 0, sizeof(*r));
}

enum synth_section { SEC_OTHER, SEC_LOGIC, SEC_MEMORY, SEC_DSP };

/* The section a header line such as "2. Memory" opens, or -1 when line
 * is not a top-level section header. */
static int section_of(const char *line)
{
	const char *p = line;

	if (!isdigit((unsigned char)*p))
		return -1;
	while (isdigit((unsigned char)*p))
		p++;
	if (p[0] != '.' || p[1] != ' ')
		return -1;
	p += 2;
	while (*p == ' ')
		p++;
	if (strcmp(p, "Slice Logic") == 0 || strcmp(p, "CLB Logic") == 0)
		return SEC_LOGIC;
	if (strcmp(p, "Memory") == 0 || strcmp(p, "BLOCKRAM") == 0)
		return SEC_MEMORY;
	if (strcmp(p, "DSP") == 0 || strcmp(p, "ARITHMETIC") == 0)
		return SEC_DSP;
	return SEC_OTHER;
}

/* Copies the trimmed cell [b, e) into buf, dropping a trailing '*'. */
static void cell_copy(char *buf, size_t size, const char *b, const char *e)
{
	size_t n;

	while (b < e && isspace((unsigned char)*b))
		b++;
	while (e > b && isspace((unsigned char)e[-1]))
		e--;
	if (e > b && e[-1] == '*')
		e--;
	while (e > b && isspace((unsigned char)e[-1]))
		e--;
	n = (size_t)(e - b) < size - 1 ? (size_t)(e - b) : size - 1;
	memcpy(buf, b, n);
	buf[n] = '\0';
}

/* The rvalue of s a row named name in section sec fills, or NULL. A
 * "Register as Flip Flop" row only counts when no register total came
 * first. */
static struct rvalue *row_target(struct synth_report *s, int sec,
				 const char *name)
{
	switch (sec) {
	case SEC_LOGIC:
		if (!strcmp(name, "Slice LUTs") || !strcmp(name, "CLB LUTs"))
			return &s->lut;
		if (!strcmp(name, "Slice Registers") ||
		    !strcmp(name, "CLB Registers"))
			return &s->ff;
		if (!strcmp(name, "Register as Flip Flop") && !s->ff.known)
			return &s->ff;
		return NULL;
	case SEC_MEMORY:
		if (!strcmp(name, "Block RAM Tile"))
			return &s->bram36;
		if (!strcmp(name, "URAM"))
			return &s->uram;
		return NULL;
	case SEC_DSP:
		if (!strcmp(name, "DSPs"))
			return &s->dsp;
		return NULL;
	default:
		return NULL;
	}
}

/* Reads one "| name | used | ..." row at line (lineno) into s. */
static int synth_row(const char *path, int lineno, const char *line, int sec,
		     struct synth_report *s, struct error *err)
{
	char name[128], used[64];
	const char *b1, *b2, *b3;
	struct rvalue *dst;
	char *end;
	double v;

	b1 = line + 1;
	b2 = strchr(b1, '|');
	if (!b2)
		return 0;
	b3 = strchr(b2 + 1, '|');
	if (!b3)
		return 0;
	/* only top-level rows: the name starts right after "| " */
	if (b1[0] != ' ' || b1[1] == ' ')
		return 0;
	cell_copy(name, sizeof(name), b1, b2);
	dst = row_target(s, sec, name);
	if (!dst)
		return 0;
	cell_copy(used, sizeof(used), b2 + 1, b3);
	errno = 0;
	v = strtod(used, &end);
	if (end == used || *end || errno == ERANGE || !isfinite(v) || v < 0)
		return error_set(err, "'%s': line %d: '%s' used count '%s' is "
				 "not a number", path, lineno, name, used);
	dst->known = true;
	dst->v = v;
	return 0;
}

int report_synth_read(const char *path, struct synth_report *r,
		      struct error *err)
{
	char *text, *line, *next;
	size_t len;
	int sec = SEC_OTHER, lineno = 0, rc = 0;

	memset(r, 0, sizeof(*r));
	if (fileio_read(path, SYNTH_RPT_MAX, &text, &len, err) < 0)
		return -1;
	if (memchr(text, '\0', len)) {
		free(text);
		return error_set(err, "'%s' is not a text report (NUL byte)",
				 path);
	}
	for (line = text; line && rc == 0; line = next) {
		size_t n;
		int s;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		n = strlen(line);
		if (n && line[n - 1] == '\r')
			line[n - 1] = '\0';
		lineno++;
		s = section_of(line);
		if (s >= 0)
			sec = s;
		else if (line[0] == '|')
			rc = synth_row(path, lineno, line, sec, r, err);
	}
	free(text);
	if (rc < 0)
		return -1;
	if (!r->lut.known && !r->ff.known && !r->dsp.known &&
	    !r->bram36.known)
		return error_set(err, "'%s' has no utilization tables (not a "
				 "report_utilization report)", path);
	return 0;
}
