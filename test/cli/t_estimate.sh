#!/bin/sh
# t_estimate.sh - `hlsdse estimate` end to end: a complete table for every
# shared and bundled model, the JSON field names DESIGN.md fixes, knobs
# from the command line and from design files, and clean refusals.
. test/cli/lib.sh

models="$TOP/examples/jet_tagger.json $TOP/examples/conv2d_small.json $TOP/examples/conv1d_small.json"
have_shared && models="$models $(ls "$MODELS"/*.json) $MODELS/keras_3layer_full.h5"
for f in $models; do
	run "$HLSDSE" estimate "$f" --json
	if [ "$rc" -ne 0 ]; then
		nok "estimate $(basename "$f")" "exit $rc" "$(head -c 300 "$TMP/err")"
		continue
	fi
	cp "$TMP/out" "$TMP/e.json"
	"$HLSDSE" layers "$f" --json > "$TMP/l.json" 2>/dev/null
	got=$("$PY" - "$TMP/e.json" "$TMP/l.json" <<'PY'
import json, math, sys
e = json.load(open(sys.argv[1])); l = json.load(open(sys.argv[2]))
want = [x["name"] for x in l["layers"] if x["kind"] != "Input"]
keys = ["name", "kind", "reuse_factor", "strategy", "dsp", "lut", "ff", "bram18",
        "uram", "latency_cycles", "ii", "warnings"]
bad = []
if [x["name"] for x in e["layers"]] != want: bad.append("layer list")
for x in e["layers"]:
    if sorted(x) != sorted(keys): bad.append("keys of " + x["name"])
    for k in keys[4:11]:
        if not (isinstance(x[k], (int, float)) and math.isfinite(x[k]) and x[k] >= 0):
            bad.append("%s.%s" % (x["name"], k))
t = e["total"]
for k in ["dsp", "lut", "ff", "bram18", "uram", "latency_cycles", "latency_ns", "ii"]:
    if k not in t: bad.append("total." + k)
if abs(t["dsp"] - sum(x["dsp"] for x in e["layers"])) > 1e-6: bad.append("dsp sum")
if t["latency_cycles"] != sum(x["latency_cycles"] for x in e["layers"]): bad.append("latency sum")
if t["ii"] != max(x["ii"] for x in e["layers"]): bad.append("ii max")
if abs(t["latency_ns"] - t["latency_cycles"] * e["clock_ns"]) > 1e-6: bad.append("latency_ns")
for k in ["dsp", "lut", "ff", "bram18", "uram"]:
    if k not in e["available"] or k not in e["utilization"]: bad.append("capacity " + k)
for k in ["model", "part", "clock_ns", "mode"]:
    if k not in e: bad.append(k)
print(" ".join(bad) if bad else "complete")
PY
)
	expect_eq "estimate $(basename "$f"): complete table, totals consistent" "$got" "complete"
done

J=$TOP/examples/jet_tagger.json
run "$HLSDSE" estimate "$J"
expect_rc "text estimate exits 0" 0
expect_out "text shows totals" "total"
expect_out "text shows capacity" "available"
expect_out "text shows latency in ns" "ns, II"

run "$HLSDSE" estimate "$J" --part xc7z020clg400-1 --clock 10 --rf 4 --strategy resource \
	--precision 'ap_fixed<12,4>' --json
expect_rc "global options exit 0" 0
got=$("$PY" -c '
import json, sys
e = json.load(open(sys.argv[1]))
d = [x for x in e["layers"] if x["kind"] == "Dense"]
print(e["part"], e["clock_ns"], e["available"]["dsp"], {x["strategy"] for x in d}, {x["reuse_factor"] for x in d})
' "$TMP/out")
expect_eq "options reach every layer; xc7z020 capacity" "$got" "xc7z020clg400-1 10 220 {'resource'} {4}"

run "$HLSDSE" estimate "$J" --set fc1.reuse_factor=8 --set fc1.strategy=resource --io-type io_stream --json
expect_rc "--set and --io-type exit 0" 0
got=$("$PY" -c '
import json, sys
e = json.load(open(sys.argv[1]))
f = [x for x in e["layers"] if x["name"] == "fc1"][0]
print(f["reuse_factor"], f["strategy"], f["ii"] >= 8, f["bram18"] > 0)
' "$TMP/out")
expect_eq "fc1 RF 8 Resource: II >= RF, weights in BRAM" "$got" "8 resource True True"

run "$HLSDSE" estimate "$J" --mode impl --json
expect_rc "--mode impl exits 0" 0
expect_out "mode is reported" '"mode": "impl"'

"$HLSDSE" design new "$J" -o "$TMP/d.json" 2>/dev/null
"$HLSDSE" design set "$TMP/d.json" fc2.reuse_factor=4 2>/dev/null
run "$HLSDSE" estimate "$J" --design "$TMP/d.json" --json
expect_rc "--design exits 0" 0
expect_out "the design's knob is used" '"reuse_factor": 4'
run "$HLSDSE" estimate "$TMP/d.json" --json
expect_rc "a design file as the argument" 0

mkdir "$TMP/proj"
"$HLSDSE" design new "$J" -o "$TMP/proj/design.json" --part xcfoo1-ffvb1156-2-e 2>/dev/null
cat > "$TMP/proj/parts.json" <<'JSON'
[{"device": "xcfoo1", "family": "virtexuplus", "dsp_kind": "DSP48E2", "lut": 1000,
  "ff": 2000, "dsp": 10, "bram18": 20, "uram": 0, "example": "xcfoo1-ffvb1156-2-e"}]
JSON
run "$HLSDSE" estimate "$TMP/proj" --json
expect_rc "a project directory with its own parts.json" 0
expect_out "the project's part capacity is used" '"dsp": 10,'
expect_out "a layer larger than the part is flagged" '"does_not_fit"'

run "$HLSDSE" estimate "$J" --part xcvu14p-flga2577-2-e
expect_rc "unknown part exits 1" 1
expect_err "unknown part names the nearest" "hlsdse: error: unknown part 'xcvu14p-flga2577-2-e'; nearest known: xcvu13p"
run "$HLSDSE" estimate "$J" --set fc1.strategy=resource --set fc1.reuse_factor=3
expect_rc "invalid knob exits 1" 1
expect_err "invalid knob names the nearest values" "nearest valid: 2, 4"
run "$HLSDSE" estimate "$J" --mode fast
expect_rc "bad --mode is a usage error" 2
done_testing
