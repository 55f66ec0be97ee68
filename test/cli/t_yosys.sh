#!/bin/sh
# t_yosys.sh - the open synthesis backend end to end with the real tools:
# the bundled tiny MLP dispatched with `hlsdse synth --backend yosys
# --wait` (iverilog simulation of 300 vectors against the fixed-point
# reference, yosys synth_xilinx for xc7), the metrics in the store checked
# against the tool's own stat.json (read with Python) and the plan's
# cycles, the testbench shown able to fail (a flipped expected bit), and
# what the backend refuses before queueing. Skips when yosys or iverilog
# is missing (make deps installs them).
. test/cli/lib.sh

if ! command -v yosys >/dev/null 2>&1 || ! command -v iverilog >/dev/null 2>&1
then
	skip "yosys or iverilog not installed (apt-get install yosys iverilog)"
	done_testing
	exit
fi

P=$TMP/tiny
J=$TMP/jet
json() {	# json FILE EXPR: prints EXPR over the JSON in FILE as d
	# (whole numbers without a fraction)
	"$PY" -c "import json,sys; d=json.load(open(sys.argv[1])); v=$2
print(int(v) if isinstance(v, float) and v == int(v) else v)" "$1"
}
metric() {	# metric FILE SOURCE LAYER KEY: a value from show --json
	json "$1" "[m['value'] for m in d['$2'] if m['layer']=='$3' and m['key']=='$4'][0]"
}

run "$HLSDSE" init "$P" --model examples/tiny_mlp.json --part xc7a35t
expect_rc "init the tiny MLP project" 0
run "$HLSDSE" design set "$P" fc1.reuse_factor=8 output.reuse_factor=8
expect_rc "reuse factors 8" 0
run "$HLSDSE" estimate "$P" --mode rtl --json
expect_rc "estimate --mode rtl" 0
cp "$TMP/out" "$TMP/est.json"
elat=$(json "$TMP/est.json" "d['total']['latency_cycles']")
eii=$(json "$TMP/est.json" "d['total']['ii']")
edsp=$(json "$TMP/est.json" "int(d['total']['dsp'])")
# by hand from rtlplan.h: input register 1; fc1 8x8 RF 8: one multiplier
# per output, (8-1) + operands 1 + product 1 + accumulator 1 + result 1
# = 11; relu 1; output 8x4 RF 8: 11. DSPs: 8 + 4 variable products.
expect_eq "rtl estimate latency by hand" "$elat" 24
expect_eq "rtl estimate II by hand" "$eii" 8
expect_eq "rtl estimate DSPs by hand" "$edsp" 12

HLSDSE_RTL_VECTORS=300 run "$HLSDSE" synth "$P" --backend yosys --wait
expect_rc "synth --backend yosys --wait succeeds" 0
expect_out "the run ends succeeded" "run:1 succeeded"
run "$HLSDSE" show "$P" run:1 --json
expect_rc "show --json" 0
cp "$TMP/out" "$TMP/show.json"
expect_eq "bit-exact on every vector" \
	"$(metric "$TMP/show.json" sim '' bit_exact)" 1
expect_eq "300 vectors simulated" \
	"$(metric "$TMP/show.json" sim '' vectors)" 300
expect_eq "simulated latency is the estimate's" \
	"$(metric "$TMP/show.json" sim '' latency_cycles)" "$elat"
expect_eq "simulated II is the estimate's" \
	"$(metric "$TMP/show.json" sim '' ii)" "$eii"
expect_eq "the run's estimate is the rtl-mode one" \
	"$(metric "$TMP/show.json" estimate '' latency_cycles)" "$elat"
stat=$P/runs/1/stat.json
cells() {	# cells MODULE-EXPR TYPES...: summed counts from stat.json
	e=$1; shift
	json "$stat" "sum($e.get(t, 0) for t in '$*'.split())"
}
expect_eq "stored DSPs are stat.json's DSP48E1" \
	"$(metric "$TMP/show.json" yosys '' dsp)" \
	"$(cells "d['design']['num_cells_by_type']" DSP48E1)"
expect_eq "stored FFs are stat.json's FDRE+FDSE+FDCE+FDPE" \
	"$(metric "$TMP/show.json" yosys '' ff)" \
	"$(cells "d['design']['num_cells_by_type']" FDRE FDSE FDCE FDPE)"
expect_eq "stored LUTs are stat.json's LUT1-6 and INV" \
	"$(metric "$TMP/show.json" yosys '' lut)" \
	"$(cells "d['design']['num_cells_by_type']" LUT1 LUT2 LUT3 LUT4 LUT5 LUT6 INV)"
expect_eq "per-layer DSPs of fc1 from its module" \
	"$(metric "$TMP/show.json" yosys fc1 dsp)" \
	"$(cells "d['modules']['\\\\hlsdse_net_l1_fc1']['num_cells_by_type']" DSP48E1)"
expect_eq "yosys's DSPs are the estimate's" \
	"$(metric "$TMP/show.json" yosys '' dsp)" "$edsp"
run "$HLSDSE" show "$P" run:1
expect_out "show says bit-exact" "simulation: bit-exact yes (300 vectors, 0 mismatches"
expect_out "show gives the logic delay" "critical path (yosys sta"
expect_out "show compares with yosys" "estimate    yosys+sim"

# the testbench fails when an expected output is wrong
R=$P/runs/1
first=$(head -c 1 "$R/vectors_out.hex")
flip=$(printf '%x' $(( 0x$first ^ 1 )))
sed -i "1s/^./$flip/" "$R/vectors_out.hex"
(cd "$R" && vvp -n sim.vvp >/dev/null 2>&1)
expect_eq "a flipped expected bit is one mismatch" \
	"$(grep '^mismatches' "$R/sim.txt")" "mismatches 1"

# refusals, before anything is queued
run "$HLSDSE" init "$J" --model examples/jet_tagger.json
run "$HLSDSE" synth "$J" --backend yosys
expect_rc "softmax not built as argmax: refused" 1
expect_err "the refusal names the layer and the fix" \
	"hlsdse: error: backend yosys: layer 'output_softmax': the RTL flow builds softmax only as argmax; set implementation=argmax on it"
run "$HLSDSE" runs "$J" --json
expect_eq "nothing was queued" "$(json "$TMP/out" "len(d)")" 0
run "$HLSDSE" design set "$J" output_softmax.implementation=argmax part=xcvc1902-vsva2197-2MP-e-S
run "$HLSDSE" synth "$J" --backend yosys
expect_rc "a Versal part: refused" 1
expect_err "the refusal says why" "yosys has no synthesis for xcvc1902"
run "$HLSDSE" estimate examples/conv2d_small.json --mode rtl --json
expect_rc "estimate --mode rtl of a CNN" 0
expect_eq "only the softmax (not argmax) carries the rtl warning" \
	"$(json "$TMP/out" "[l['name'] for l in d['layers'] if 'rtl' in l['warnings']]")" \
	"['output_softmax']"
run "$HLSDSE" estimate examples/conv2d_small.json --mode rtl --json \
	--set conv1.reuse_factor=9 --set conv2.reuse_factor=36
# by hand from rtlplan.h: conv1 16x16x1 -> 14x14x4, window 9, RF 9:
# one multiplier per filter, core latency (9-1) + 1 + 1 + 0 + 1 + 1 = 12,
# layer latency (196-1)*9 + 12 + 2 = 1769, II 196*9 = 1764
expect_eq "conv1 latency by hand" \
	"$(json "$TMP/out" "[l['latency_cycles'] for l in d['layers'] if l['name']=='conv1'][0]")" 1769
expect_eq "conv1 II by hand" \
	"$(json "$TMP/out" "[l['ii'] for l in d['layers'] if l['name']=='conv1'][0]")" 1764
done_testing
