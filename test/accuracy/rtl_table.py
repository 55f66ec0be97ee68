#!/usr/bin/python3
"""rtl_table.py HLSDSE DIR - the rtl-mode estimate against real yosys runs.

For every project under DIR made by rtl_runs.sh (one finished yosys run
each), compares `hlsdse estimate PROJECT --mode rtl --json` with the run's
metrics (`hlsdse show PROJECT run:1 --json`): per Dense layer (yosys keeps
each layer's module, so each one is a point) DSP, FF, LUT and BRAM18; per
run the simulated latency and II. Prints Markdown for docs/ACCURACY.md.
"""
import json
import os
import subprocess
import sys


def hlsdse(*args):
    out = subprocess.run([HLSDSE, *args], check=True, capture_output=True,
                         text=True).stdout
    return json.loads(out)


def actual(show, source, layer, key):
    for m in show[source]:
        if m["layer"] == layer and m["key"] == key:
            return m["value"]
    return None


def err(est, act):
    return 0.0 if act == est else (est - act) / act * 100 if act else float("inf")


def knobs_of(show, layer):
    k = {x["knob"]: x["value"] for x in show["knobs"] if x["layer"] in ("", "defaults")}
    k.update({x["knob"]: x["value"] for x in show["knobs"] if x["layer"] == layer})
    return k


HLSDSE, DIR = sys.argv[1], sys.argv[2]
SHAPES = {}
rows, totals = [], []
for name in sorted(os.listdir(DIR)):
    proj = os.path.join(DIR, name)
    if not os.path.isfile(os.path.join(proj, "done")):
        continue
    est = hlsdse("estimate", proj, "--mode", "rtl", "--json")
    design = json.load(open(os.path.join(proj, "design.json")))
    layers = hlsdse("layers", os.path.join(proj, design["model"]), "--json")
    for l in layers["layers"]:
        SHAPES[(name, l["name"])] = "%s -> %s" % (
            "x".join(map(str, l["input_shape"])),
            "x".join(map(str, l["output_shape"])))
    show = hlsdse("show", proj, "run:1", "--json")
    layers = {l["name"]: l for l in est["layers"]}
    for l in est["layers"]:
        if l["kind"] not in ("Dense", "BatchNormalization", "Conv1D",
                             "Conv2D", "Pooling1D", "Pooling2D"):
            continue
        a = {k: actual(show, "yosys", l["name"], k)
             for k in ("dsp", "ff", "lut", "bram18")}
        rows.append((name, l, a))
    totals.append((name, est, show))

FITTED = ("a_", "b_", "c_")     # the LUT weights' training runs
FITTED_BN = ("g_bn_keras3layer", "bn1")     # the batch-norm LUT weight's
print("| run | set | layer | in -> out | RF | DSP est / yosys | FF est / yosys (err) "
      "| LUT est / yosys (err) | BRAM18 est / yosys |")
print("|---|---|---|---|---|---|---|---|---|")
n_dsp = n_ff = n_lut = 0
n_lut_held = n_held = 0
for name, l, a in rows:
    shape = SHAPES.get((name, l["name"]), "-")
    fitted = name.startswith(FITTED) or (name, l["name"]) == FITTED_BN
    part = "fit" if fitted else "held-out"
    e_ff, e_lut = err(l["ff"], a["ff"]), err(l["lut"], a["lut"])
    n_dsp += abs(err(l["dsp"], a["dsp"])) <= 10
    n_ff += abs(e_ff) <= 10
    n_lut += abs(e_lut) <= 25
    if not fitted:
        n_held += 1
        n_lut_held += abs(e_lut) <= 25
    print("| %s | %s | %s | %s | %d | %.0f / %.0f | %.0f / %.0f (%+.1f %%) | "
          "%.0f / %.0f (%+.1f %%) | %.0f / %.0f |" % (
              name, part, l["name"], shape, l["reuse_factor"],
              l["dsp"], a["dsp"], l["ff"], a["ff"], e_ff, l["lut"], a["lut"],
              e_lut, l["bram18"], a["bram18"]))
print()
print("Layers (Dense, Conv, pooling, BatchNormalization): %d; DSP within 10 %%: %d; FF within 10 %%: %d; "
      "LUT within 25 %%: %d (held-out layers: %d of %d)." % (
          len(rows), n_dsp, n_ff, n_lut, n_lut_held, n_held))
print()
print("| run | latency est / simulated | II est / simulated | DSP total "
      "est / yosys | FF total | LUT total | bit-exact (vectors) |")
print("|---|---|---|---|---|---|---|")
n_cyc = 0
for name, est, show in totals:
    t = est["total"]
    lat, ii = actual(show, "sim", "", "latency_cycles"), actual(show, "sim", "", "ii")
    n_cyc += lat == t["latency_cycles"] and ii == t["ii"]
    print("| %s | %d / %d | %d / %d | %.0f / %.0f | %.0f / %.0f (%+.1f %%) | "
          "%.0f / %.0f (%+.1f %%) | %s (%d) |" % (
              name, t["latency_cycles"], lat, t["ii"], ii, t["dsp"],
              actual(show, "yosys", "", "dsp"), t["ff"],
              actual(show, "yosys", "", "ff"),
              err(t["ff"], actual(show, "yosys", "", "ff")), t["lut"],
              actual(show, "yosys", "", "lut"),
              err(t["lut"], actual(show, "yosys", "", "lut")),
              "yes" if actual(show, "sim", "", "bit_exact") == 1 else "NO",
              actual(show, "sim", "", "vectors")))
print()
print("Runs with latency and II exact: %d of %d." % (n_cyc, len(totals)))
