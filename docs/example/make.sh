#!/bin/sh
# docs/example/make.sh - makes the example report, comparison and plots
# in docs/example/ from a real project: the bundled tiny MLP
# (examples/tiny_mlp.json, 8-8-4 with relu) on an xc7a35t, five designs
# (reuse factor 1, 2, 4 and 8, and reuse 2 with 10-bit fixed point), each
# synthesised with the open flow (backend yosys: the generated Verilog
# simulated with iverilog against the fixed-point reference, then yosys
# synth_xilinx). Run from the repository root after `make hlsdse
# examples`; takes about a minute. HLSDSE names the binary; PROJECT, when
# set, is where the project is made (and kept), else a temporary folder.
set -e
H=${HLSDSE:-./hlsdse}
OUT=docs/example
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
P=${PROJECT:-$TMP/tiny}

$H init "$P" --model examples/tiny_mlp.json --part xc7a35t
synth() {	# synth LABEL KNOB=VALUE...: sets the knobs, runs yosys
	label=$1; shift
	[ $# -eq 0 ] || $H design set "$P" "$@"
	$H synth "$P" --backend yosys --label "$label" --wait | tail -1
}
synth "rf1"
synth "rf2" defaults.reuse_factor=2
synth "rf4" defaults.reuse_factor=4
synth "rf8" defaults.reuse_factor=8
synth "rf2 10-bit" defaults.reuse_factor=2 "defaults.precision=ap_fixed<10,4>"

$H runs "$P"
$H report "$P" --all -o $OUT/report.html
$H report "$P" --all -o $OUT/report.md
$H report "$P" --compare run:2 run:5 -o $OUT/compare.md
$H plot "$P" pareto --x latency_ns --y lut -o $OUT/pareto.svg
$H plot "$P" accuracy --metric lut --source yosys -o $OUT/accuracy_lut.svg
$H plot "$P" layers --run 1 -o $OUT/layers.svg
