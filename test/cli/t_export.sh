#!/bin/sh
# t_export.sh - `hlsdse export hls4ml` and `hlsdse backends`: a project
# from examples/jet_tagger.json with knobs set, exported; the config read
# back with PyYAML (Debian's /usr/bin/python3) and compared with the knobs
# (hls4ml.md section 1 spellings); build.py compiled, run without hls4ml
# (exit 3 with the install hint) and run against a stub hls4ml package
# that records which converter and build flags it was called with (1.3 and
# 1.2 eras); a non-empty OUTDIR refused; backends unavailable on this
# machine with the reason, and available with stub tools.
. test/cli/lib.sh
J=$TMP/jet
O=$TMP/exp

run "$HLSDSE" init "$J" --model "$TOP/examples/jet_tagger.json" --part xcku115-flvb2104-2-i --clock 4
expect_rc "init exits 0" 0
run "$HLSDSE" design set "$J" fc1.reuse_factor=4 fc1.strategy=resource \
	'fc1.precision.weight=ap_fixed<8,3>' 'fc1.precision.bias=ap_fixed<10,4>' \
	'fc2.precision=ap_fixed<12,4>' 'fc1_relu.precision.result=ap_ufixed<10,4>' \
	output_softmax.implementation=latency \
	'output_softmax.precision.exp_table=ap_fixed<18,8,AP_RND,AP_SAT>' \
	'output_softmax.precision.inv_table=ap_fixed<18,4>'
expect_rc "design set exits 0" 0

run "$HLSDSE" export hls4ml "$J" -o "$O" --backend vivado
expect_rc "export exits 0" 0
expect_out "and says where" "exported to $O"
for f in hls4ml_config.yml build.py README.txt model/jet_tagger.json model/jet_tagger_weights.h5; do
	if [ -f "$O/$f" ]; then ok "export wrote $f"; else nok "export wrote $f"; fi
done
expect_eq "model copied byte for byte" "$(cmp "$TOP/examples/jet_tagger_weights.h5" "$O/model/jet_tagger_weights.h5" && echo same)" "same"

got=$("$PY" - "$O/hls4ml_config.yml" <<'PY'
import sys, yaml
c = yaml.safe_load(open(sys.argv[1]))
h = c["HLSConfig"]; ln = h["LayerName"]
print(c["KerasJson"], c["KerasH5"], c["Backend"], c["Part"], c["ClockPeriod"], c["IOType"])
print(h["Model"])
print(sorted(ln))
print(ln["fc1"], ln["fc2"], ln["fc1_relu"])
print(ln["output_softmax"])
print(type(ln["fc1"]["ReuseFactor"]).__name__)
PY
)
expect_eq "config read back by PyYAML holds every knob" "$got" \
"model/jet_tagger.json model/jet_tagger_weights.h5 Vivado xcku115-flvb2104-2-i 4 io_parallel
{'Precision': 'ap_fixed<16,6>', 'ReuseFactor': 1, 'Strategy': 'Latency'}
['fc1', 'fc1_relu', 'fc2', 'output_softmax']
{'Precision': {'weight': 'ap_fixed<8,3>', 'bias': 'ap_fixed<10,4>'}, 'ReuseFactor': 4, 'Strategy': 'Resource'} {'Precision': 'ap_fixed<12,4>'} {'Precision': {'result': 'ap_ufixed<10,4>'}}
{'Implementation': 'latency', 'exp_table_t': 'ap_fixed<18,8,AP_RND,AP_SAT>', 'inv_table_t': 'ap_fixed<18,4>'}
int"

run "$PY" -m py_compile "$O/build.py"
expect_rc "build.py compiles (python3 -m py_compile)" 0
expect_eq "README tells how to run it" "$(grep -c 'python3 build.py' "$O/README.txt")" "3"

run "$PY" "$O/build.py"
expect_rc "build.py without hls4ml exits 3" 3
expect_err "with the install hint" "hls4ml not found: pip install hls4ml (or set HLSDSE_PYTHON to a python that has it)"

# A stub hls4ml: records the converter and the build flags; its build
# writes the csynth report where hls4ml would.
mkdir -p "$TMP/stub/hls4ml"
cat >"$TMP/stub/hls4ml/__init__.py" <<'PY'
import os
__version__ = os.environ["STUB_VERSION"]
from . import converters
PY
cat >"$TMP/stub/hls4ml/converters.py" <<'PY'
import json, os
class Model:
    def __init__(self, how, config):
        self.how, self.config = how, config
    def write(self):
        os.makedirs(self.config["OutputDir"], exist_ok=True)
    def build(self, **kw):
        d = os.path.join(self.config["OutputDir"], self.config["ProjectName"] + "_prj",
                         "solution1", "syn", "report")
        if os.environ.get("STUB_FAIL") != "1":
            os.makedirs(d, exist_ok=True)
            open(os.path.join(d, self.config["ProjectName"] + "_csynth.xml"), "w").close()
        json.dump({"how": self.how, "build": kw, "part": self.config["Part"]},
                  open(os.environ["STUB_LOG"], "w"), sort_keys=True)
def keras_v2_to_hls(config):
    return Model("keras_v2_to_hls", config)
def convert_from_config(config):
    return Model("convert_from_config", config)
def convert_from_yaml_config(config):
    return Model("convert_from_yaml_config", config)
if os.environ.get("STUB_OLD") == "1":
    del convert_from_config
PY
cd "$TMP" || exit 1
STUB_VERSION=1.3.0 STUB_LOG=$TMP/log13.json PYTHONPATH=$TMP/stub run "$PY" "$O/build.py"
cd "$TOP" || exit 1
expect_rc "build.py with a stub hls4ml 1.3.0 exits 0" 0
expect_eq "it prints its stages" "$(grep -c '^STAGE \|^PROGRESS ' "$TMP/out")" "10"
expect_out "ending at 100 %" "PROGRESS 100"
expect_eq "1.3: keras_v2_to_hls, csynth only, run in its own directory" "$(cat "$TMP/log13.json")" \
	'{"build": {"cosim": false, "csim": false, "export": false, "reset": false, "synth": true, "validation": false, "vsynth": false}, "how": "keras_v2_to_hls", "part": "xcku115-flvb2104-2-i"}'
STUB_VERSION=1.2.0 STUB_LOG=$TMP/log12.json PYTHONPATH=$TMP/stub run "$PY" "$O/build.py" --vsynth
expect_rc "build.py --vsynth with a stub 1.2.0 fails: no vivado_synth.rpt" 1
expect_err "and says so" "Vivado synthesis failed"
got=$("$PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["how"], d["build"]["vsynth"])' "$TMP/log12.json")
expect_eq "1.2: convert_from_config, vsynth passed on" "$got" "convert_from_config True"
rm -rf "$O/hls4ml_prj"
STUB_OLD=1 STUB_VERSION=0.2.0 STUB_LOG=$TMP/log02.json PYTHONPATH=$TMP/stub run "$PY" "$O/build.py"
expect_rc "build.py with a stub hls4ml 0.2.0 exits 0" 0
got=$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["how"])' "$TMP/log02.json")
expect_eq "0.2: convert_from_yaml_config when convert_from_config is absent" "$got" "convert_from_yaml_config"
rm -rf "$O/hls4ml_prj"
STUB_FAIL=1 STUB_VERSION=0.8.1 STUB_LOG=$TMP/log08.json PYTHONPATH=$TMP/stub run "$PY" "$O/build.py"
expect_rc "a build that leaves no csynth report exits 1" 1
expect_err "naming the missing report" "hls4ml_prj/myproject_prj/solution1/syn/report/myproject_csynth.xml"

run "$HLSDSE" export hls4ml "$J" -o "$O"
expect_rc "export into a non-empty OUTDIR exits 1" 1
expect_err "and says so" "already exists and is not empty"
mkdir "$TMP/empty"
run "$HLSDSE" export hls4ml "$J" -o "$TMP/empty"
expect_rc "an existing empty OUTDIR is used" 0
expect_eq "default backend is the design's (vitis)" "$("$PY" -c 'import yaml,sys; print(yaml.safe_load(open(sys.argv[1]))["Backend"])' "$TMP/empty/hls4ml_config.yml")" "Vitis"
run "$HLSDSE" export onnx "$J" -o "$TMP/x"
expect_rc "an unknown format is a usage error" 2
run "$HLSDSE" export hls4ml "$J"
expect_rc "-o is required" 2
run "$HLSDSE" export hls4ml "$J" -o "$TMP/y" --backend quartus
expect_rc "an unknown backend is a usage error" 2

# --design: another design file, validated against the model.
cp "$J/design.json" "$J/d2.json"
run "$HLSDSE" design set "$J/d2.json" fc3.reuse_factor=2
expect_rc "design set on a second design file in the project" 0
run "$HLSDSE" export hls4ml "$J" -o "$TMP/d2out" --design "$J/d2.json"
expect_rc "export --design exits 0" 0
expect_eq "the given design is exported" "$("$PY" -c 'import yaml,sys; print(yaml.safe_load(open(sys.argv[1]))["HLSConfig"]["LayerName"]["fc3"])' "$TMP/d2out/hls4ml_config.yml")" "{'ReuseFactor': 2}"

# backends: none of the tools are installed here.
PATH=/usr/bin:/bin run "$HLSDSE" backends --json
expect_rc "backends --json exits 0" 0
got=$("$PY" -c 'import json,sys; print([(b["name"], b["available"], b["reason"]) for b in json.load(open(sys.argv[1])) if b["name"] != "yosys"])' "$TMP/out")
expect_eq "vitis and vivado unavailable with the reason" "$got" \
	"[('vitis', False, 'vitis_hls not found in PATH: source <Vitis>/settings64.sh before starting hlsdse'), ('vivado', False, 'vivado_hls not found in PATH: source <Vivado>/settings64.sh (Vivado HLS 2020.1) before starting hlsdse')]"
run "$HLSDSE" backends
expect_out "text listing says not available" "not available"

mkdir -p "$TMP/bin"
printf '#!/bin/sh\nexit 0\n' >"$TMP/bin/vitis_hls"
printf '#!/bin/sh\nexit 0\n' >"$TMP/bin/fakepy"
chmod +x "$TMP/bin/vitis_hls" "$TMP/bin/fakepy"
PATH=$TMP/bin:/usr/bin:/bin HLSDSE_PYTHON=/usr/bin/python3 run "$HLSDSE" backends --json
got=$("$PY" -c 'import json,sys; b=json.load(open(sys.argv[1]))[0]; print(b["available"], b["reason"])' "$TMP/out")
expect_eq "vitis_hls present but a python without hls4ml" "$got" \
	"False hls4ml not found: /usr/bin/python3 cannot import hls4ml: pip install hls4ml (or set HLSDSE_PYTHON to a python that has it)"
PATH=$TMP/bin:/usr/bin:/bin HLSDSE_PYTHON=$TMP/bin/nopython run "$HLSDSE" backends --json
got=$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))[0]["reason"])' "$TMP/out")
expect_eq "HLSDSE_PYTHON naming nothing" "$got" \
	"$TMP/bin/nopython not found: install Python 3 with hls4ml or set HLSDSE_PYTHON to a python that has it"
PATH=$TMP/bin:/usr/bin:/bin HLSDSE_PYTHON=fakepy run "$HLSDSE" backends --json
got=$("$PY" -c 'import json,sys; print([(b["name"], b["available"]) for b in json.load(open(sys.argv[1])) if b["name"] != "yosys"])' "$TMP/out")
expect_eq "vitis available with the tool and an importing python; vivado not" "$got" "[('vitis', True), ('vivado', False)]"

done_testing
