/*
 * yosys.c - the open synthesis backend (yosys.h). A run directory holds
 * net.v and its weight ROMs, tb.v and the vectors, synth.ys; the steps
 * are iverilog (build the simulation; verilator instead for long
 * simulations when installed), vvp (run it: sim.txt) and yosys
 * (synth_xilinx keeping the layer modules, stat -json per module, then
 * flatten and sta for the logic delay), each under a memory cap
 * (prlimit); collect turns sim.txt, stat.json and sta.txt into
 * result.json.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cjson/cJSON.h>

#include "backends/rtl.h"
#include "backends/yosys.h"
#include "core/fileio.h"
#include "core/xalloc.h"

#define STAT_FILE "stat.json"
#define STA_FILE "sta.txt"
#define SYNTH_SCRIPT "synth.ys"
#define MAX_REPORT (64u << 20)
/* Address-space caps (bytes) for the simulator and for yosys. */
#define SIM_MEM "--as=4294967296"
#define SYNTH_MEM "--as=12884901888"
/* Simulations longer than this (cycles) run on verilator when present. */
#define VERILATOR_CYCLES 200000

const char *yosys_family(const struct part *p, char *why, size_t n)
{
	if (p->dsp_kind == DSP48E1)
		return "xc7";
	if (p->dsp_kind == DSP48E2)
		return strstr(p->family, "plus") ? "xcup" : "xcu";
	snprintf(why, n, "yosys has no synthesis for %s (%s): choose a "
		 "7-series or UltraScale part", p->device, p->family);
	return NULL;
}

static bool yosys_available(char *why, size_t n)
{
	static const char *const tools[] = { "yosys", "iverilog", "vvp",
					     "prlimit" };

	for (size_t i = 0; i < sizeof(tools) / sizeof(tools[0]); i++)
		if (!backend_in_path(tools[i])) {
			snprintf(why, n, "%s not found in PATH: apt-get install "
				 "yosys iverilog (Debian 12)", tools[i]);
			return false;
		}
	return true;
}

static int vectors(void)
{
	const char *s = getenv("HLSDSE_RTL_VECTORS");
	long v;

	if (s && design_parse_count(s, 1000000, &v) == 0)
		return (int)v;
	return YOSYS_VECTORS;
}

static int write_script(const char *dir, const char *family,
			struct error *err)
{
	char *path = fileio_join(dir, SYNTH_SCRIPT);
	char *text = xasprintf(
		"# hlsdse: synthesis of %s for the %s family\n"
		"read_verilog -DSYNTHESIS %s\n"
		"synth_xilinx -family %s -top %s\n"
		"tee -q -o %s stat -json -top %s\n"
		"flatten\n"
		"logger -nowarn \"no timing arcs\" -nowarn \"sta_arrival\"\n"
		"tee -q -o %s sta\n",
		YOSYS_TOP, family, RTL_NET_FILE, family, YOSYS_TOP, STAT_FILE,
		YOSYS_TOP, STA_FILE);
	int r = fileio_write_atomic(path, text, strlen(text), err);

	free(path);
	free(text);
	return r;
}

static int yosys_prepare(const struct run_ctx *rc, struct error *err)
{
	struct rtlplan p;
	struct part part;
	const char *family;
	char why[256];
	int r = -1;

	if (part_lookup(rc->d->part, &part, err) < 0)
		return -1;
	family = yosys_family(&part, why, sizeof(why));
	if (!family)
		return error_set(err, "%s", why);
	if (rtlplan_build(rc->m, rc->d, &p, err) < 0)
		return -1;
	if (mkdir(rc->run_dir, 0777) < 0 && errno != EEXIST) {
		error_set(err, "unable to create '%s': %s", rc->run_dir,
			  strerror(errno));
		goto out;
	}
	if (rtl_write(rc->m, &p, rc->run_dir, YOSYS_TOP, err) < 0 ||
	    rtl_write_tb(rc->m, rc->d, &p, rc->run_dir, YOSYS_TOP, vectors(),
			 (unsigned)rc->run_id, err) < 0 ||
	    write_script(rc->run_dir, family, err) < 0)
		goto out;
	r = 0;
out:
	rtlplan_release(&p);
	return r;
}

static void set_step(struct step *s, const char *name,
		     const char *const *argv)
{
	int a = 0;

	s->name = name;
	for (; argv[a] && a < STEP_MAX_ARGS; a++)
		s->argv[a] = xstrdup(argv[a]);
	s->argv[a] = NULL;
}

/* True when the simulation is long enough (vectors x II cycles) that
 * verilator's ~30 s build pays for itself against iverilog's ~1000
 * cycles a second on designs this size, and verilator is installed. */
static bool use_verilator(const struct run_ctx *rc)
{
	struct rtlplan p;
	struct error err;
	long cycles;

	if (!backend_in_path("verilator") ||
	    rtlplan_build(rc->m, rc->d, &p, &err) < 0)
		return false;
	cycles = (long)vectors() * p.ii + p.latency;
	rtlplan_release(&p);
	return cycles > VERILATOR_CYCLES;
}

static int yosys_steps(const struct run_ctx *rc, struct step **out, int *n,
		       struct error *err)
{
	static const char *const ibuild[] = { "prlimit", SIM_MEM, "iverilog",
		"-g2005", "-o", "sim.vvp", RTL_NET_FILE, RTL_TB_FILE, NULL };
	static const char *const isim[] = { "prlimit", SIM_MEM, "vvp", "-n",
		"sim.vvp", NULL };
	static const char *const vbuild[] = { "prlimit", SIM_MEM, "verilator",
		"--binary", "--timing", "-Wno-fatal", "-Wno-lint", "-Wno-style",
		"--top-module", "tb", "-o", "vtb", RTL_NET_FILE, RTL_TB_FILE,
		NULL };
	static const char *const vsim[] = { "prlimit", SIM_MEM,
		"obj_dir/vtb", NULL };
	static const char *const synth[] = { "prlimit", SYNTH_MEM, "yosys",
		"-q", "-l", "yosys.log", SYNTH_SCRIPT, NULL };
	struct step *s = xcalloc(3, sizeof(*s));
	bool v = use_verilator(rc);

	(void)err;
	set_step(&s[0], "sim-build", v ? vbuild : ibuild);
	set_step(&s[1], "sim", v ? vsim : isim);
	set_step(&s[2], "synth", synth);
	*out = s;
	*n = 3;
	return 0;
}

/* Reads run_dir/name (NUL-terminated) into *text. */
static int read_in(const struct run_ctx *rc, const char *name, char **text,
		   size_t *len, struct error *err)
{
	char *path = fileio_join(rc->run_dir, name);
	int r;

	if (!fileio_is_file(path)) {
		r = error_set(err, "no '%s': the step that makes it failed "
			      "(see log.txt)", path);
		free(path);
		return r;
	}
	r = fileio_read(path, MAX_REPORT, text, len, err);
	free(path);
	return r;
}

/* The logic delay sta printed ("Latest arrival time in 'top' is N:"),
 * in ns, or -1. */
static double sta_delay(const char *text)
{
	const char *p = strstr(text, "Latest arrival time in '");
	const char *q;

	if (!p || !(q = strstr(p, "' is ")))
		return -1;
	return strtod(q + 5, NULL) / 1000.0;
}

static int yosys_collect(const struct run_ctx *rc, struct error *err)
{
	struct run_result res;
	char *text = NULL, *json = NULL, **names;
	size_t len;
	double delay;
	int r = -1;

	memset(&res, 0, sizeof(res));
	res.backend = xstrdup("yosys");
	res.tool_version = xstrdup("Yosys 0.23 + Icarus Verilog");
	names = xcalloc((size_t)rc->m->n_layers, sizeof(*names));
	for (int i = 0; i < rc->m->n_layers; i++)
		names[i] = rc->m->layers[i].name;
	if (read_in(rc, RTL_SIM_RESULT, &text, &len, err) < 0 ||
	    yosys_parse_sim(text, RTL_SIM_RESULT, rc->d->clock_ns, &res,
			    err) < 0)
		goto out;
	free(text);
	text = NULL;
	if (read_in(rc, STAT_FILE, &text, &len, err) < 0 ||
	    yosys_parse_stat(text, len, STAT_FILE, YOSYS_TOP,
			     (const char *const *)names, rc->m->n_layers, &res,
			     err) < 0)
		goto out;
	free(text);
	text = NULL;
	if (read_in(rc, STA_FILE, &text, &len, err) == 0 &&
	    (delay = sta_delay(text)) >= 0)
		result_add(&res, "yosys", "", "logic_delay_ns", delay);
	json = fileio_join(rc->run_dir, "result.json");
	r = result_write(&res, json, err);
out:
	free(text);
	free(json);
	free(names);
	run_result_release(&res);
	return r;
}

/* The flow's refusals and the part's family, before a run is queued. */
static int yosys_check(const struct model *m, const struct design *d,
		       struct error *err)
{
	struct rtlplan p;
	struct part part;
	char why[256];

	if (part_lookup(d->part, &part, err) < 0)
		return -1;
	if (!yosys_family(&part, why, sizeof(why)))
		return error_set(err, "%s", why);
	if (rtlplan_build(m, d, &p, err) < 0)
		return -1;
	rtlplan_release(&p);
	return 0;
}

const struct backend yosys_backend = {
	.name = "yosys",
	.summary = "generated Verilog: iverilog simulation (bit-exact, "
		"cycles) + yosys synth_xilinx (cells)",
	.est_mode = EST_RTL,
	.check = yosys_check,
	.available = yosys_available,
	.prepare = yosys_prepare,
	.steps = yosys_steps,
	.collect = yosys_collect,
};
