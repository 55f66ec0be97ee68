#!/bin/sh
# t_design.sh - design new / set / show end to end: defaults, options,
# refusals that name the layer, knob and nearest valid values, atomic
# all-or-nothing writes, hls4ml config import, directories as designs.
. test/cli/lib.sh

if [ -f examples/jet_tagger.json ]; then
	MODEL=$TOP/examples/jet_tagger.json; FC1=fc1; OUT=output
elif have_shared; then
	MODEL=$MODELS/KERAS_3layer.json; FC1=fc1_relu; OUT=output_softmax
else
	skip "no example model (run make examples) and no ../shared"
	done_testing; exit
fi
D=$TMP/d.json

run "$HLSDSE" design new "$MODEL" -o "$D" --part xcku115-flvb2104-2-i \
	--clock 4 --io-type io_stream --precision 'ap_fixed<18,8>' --rf 2
expect_rc "design new with options exits 0" 0
fields=$("$PY" -c '
import json, sys, os
d = json.load(open(sys.argv[1]))
m = os.path.normpath(os.path.join(os.path.dirname(sys.argv[1]), d["model"]))
print(d["format"], d["part"], d["clock_ns"], d["io_type"], d["defaults"]["precision"],
      d["defaults"]["reuse_factor"], d["defaults"]["strategy"], m == os.path.realpath(sys.argv[2]), d["layers"])
' "$D" "$MODEL")
expect_eq "design.json holds the options and a model path relative to it" "$fields" \
	"hlsdse-design/1 xcku115-flvb2104-2-i 4.0 io_stream ap_fixed<18,8> 2 latency True {}"

run "$HLSDSE" design set "$D" "$FC1.reuse_factor=4" "$FC1.precision.weight=ap_fixed<8,3>"
expect_rc "design set two knobs exits 0" 0
run "$HLSDSE" design show "$D" --json
expect_rc "design show --json exits 0" 0
got=$("$PY" -c '
import json, sys
d = json.load(open(sys.argv[1]))
l = [x for x in d["layers"] if x["name"] == sys.argv[2]][0]
o = [x for x in d["layers"] if x["name"] == sys.argv[3]][0]
print(l["reuse_factor"], l["precision"]["weight"], l["precision"]["result"], sorted(l["set"]), o["reuse_factor"])
' "$TMP/out" "$FC1" "$OUT")
expect_eq "set knobs resolve; others inherit the defaults" "$got" \
	"4 ap_fixed<8,3> ap_fixed<18,8> ['precision.weight', 'reuse_factor'] 2"

before=$(cat "$D")
run "$HLSDSE" design set "$D" "$FC1.strategy=resource" "$FC1.reuse_factor=3"
expect_rc "an invalid Resource reuse factor is refused with exit 1" 1
expect_err "the refusal names layer, knob and nearest valid values" \
	"hlsdse: error: $FC1.reuse_factor=3 is not valid for a 16x64 Dense with strategy resource; nearest valid: 2, 4"
expect_eq "a refused set writes nothing (not even the valid first knob)" "$(cat "$D")" "$before"

run "$HLSDSE" design set "$D" fc9.reuse_factor=2
expect_rc "unknown layer exits 1" 1
expect_err "unknown layer is named" "hlsdse: error: layer 'fc9' not in model"
run "$HLSDSE" design set "$D" "$FC1.precision.weight=ap_fixd<8,3>"
expect_rc "bad precision exits 1" 1
expect_err "bad precision is named" "ap_fixd<8,3>"
run "$HLSDSE" design set "$D" "$FC1.reuse_factor=default"
expect_rc "'default' unsets a knob" 0
run "$HLSDSE" design show "$D"
expect_rc "design show (text) exits 0" 0
expect_out "text show marks set knobs" "ap_fixed<8,3>*"

mkdir "$TMP/proj" && cp "$D" "$TMP/proj/design.json"
sed -i "s|\"model\": \"[^\"]*\"|\"model\": \"$MODEL\"|" "$TMP/proj/design.json"
run "$HLSDSE" design show "$TMP/proj"
expect_rc "a directory holding design.json is accepted" 0

run "$HLSDSE" design set "$TMP/nope.json" a=b
expect_rc "missing design exits 1" 1
expect_err "missing design is named" "nope.json"
run "$HLSDSE" design set "$D"
expect_rc "design set without assignments is a usage error" 2

if have_shared; then
	run "$HLSDSE" design new "$MODELS/qkeras_3layer.json" \
		--from-hls4ml "$MODELS/qkeras_3layer_config.yml" -o "$TMP/q.json"
	expect_rc "design new --from-hls4ml (QKeras config) exits 0" 0
	expect_err "modelled-not keys are reported once" "'Trace'"
	got=$("$PY" -c '
import json, sys
d = json.load(open(sys.argv[1]))
L = d["layers"]
print(d["part"], d["backend"], L["fc1"]["precision"]["weight"], L["relu1"]["precision"]["result"],
      L["softmax"]["precision"]["exp_table"], L["softmax"]["precision"]["inv_table"], L["softmax"]["table_size"])
' "$TMP/q.json")
	expect_eq "imported knobs" "$got" \
		"xcvu9p-flga2577-2-e vivado ap_fixed<6,1> ap_fixed<7,1,AP_RND_CONV,AP_SAT> ap_fixed<18,8> ap_fixed<18,4> 1024"
	run "$HLSDSE" design new "$MODELS/KERAS_3layer.json" \
		--from-hls4ml "$MODELS/KERAS_3layer_hls4ml_config.yml" -o "$TMP/k.json"
	expect_rc "old config with XilinxPart imports" 0
	expect_err "XilinxPart is called out" "XilinxPart"
	expect_eq "XilinxPart used as the part" \
		"$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["part"])' "$TMP/k.json")" \
		"xcku115-flvb2104-2-i"
	run "$HLSDSE" design new "$MODELS/qkeras_3layer.json" -o "$TMP/q2.json"
	expect_rc "design new on a QKeras model" 0
	expect_eq "QKeras quantizers become layer precisions" \
		"$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["layers"]["fc1"]["precision"]["weight"])' "$TMP/q2.json")" \
		"ap_fixed<6,1,AP_RND_CONV,AP_SAT>"
else
	skip "../shared absent: hls4ml config import"
fi
done_testing
