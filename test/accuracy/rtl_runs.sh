#!/bin/sh
# test/accuracy/rtl_runs.sh DIR - synthesises the open RTL flow's
# calibration points: projects under DIR made from the bundled jet tagger
# with different reuse factors and precisions, each dispatched to the
# yosys backend and waited for (a few minutes in all on 2 cores). The
# per-layer modules give one point per Dense/relu layer and run.
# rtl_table.sh then compares them with `hlsdse estimate --mode rtl`.
set -e
HLSDSE=${HLSDSE:-build/hlsdse}
DIR=${1:?usage: rtl_runs.sh DIR}
EX=${EXAMPLES:-examples}
mkdir -p "$DIR"
export HLSDSE_RTL_VECTORS=${HLSDSE_RTL_VECTORS:-100}

point() {	# point NAME PART KNOB=VALUE...: the bundled jet tagger
	model_point "$EX/jet_tagger.json" "$@" output_softmax.implementation=argmax
}

model_point() {	# model_point MODEL NAME PART KNOB=VALUE...
	model=$1; name=$2; part=$3; shift 3
	[ -f "$DIR/$name/done" ] && return 0
	rm -rf "$DIR/$name"
	"$HLSDSE" init "$DIR/$name" --model "$model" --part "$part" >/dev/null
	"$HLSDSE" design set "$DIR/$name" "$@" >/dev/null
	"$HLSDSE" synth "$DIR/$name" --backend yosys --wait >"$DIR/$name.log" 2>&1
	touch "$DIR/$name/done"
	echo "rtl_runs: $name done"
}

point a_rf4_16_8_4 xc7a100t fc1.reuse_factor=4 fc2.reuse_factor=16 \
	fc3.reuse_factor=8 output.reuse_factor=4
point b_rf16_64_32_32 xc7a100t fc1.reuse_factor=16 fc2.reuse_factor=64 \
	fc3.reuse_factor=32 output.reuse_factor=32
point c_rf2_128_64_160_w8 xc7a100t fc1.reuse_factor=2 \
	fc2.reuse_factor=128 fc3.reuse_factor=64 output.reuse_factor=160 \
	'defaults.precision.weight=ap_fixed<8,3>' \
	'defaults.precision.result=ap_fixed<12,4,AP_RND,AP_SAT>'
point d_p10_w6 xc7a100t fc1.reuse_factor=8 fc2.reuse_factor=32 \
	fc3.reuse_factor=16 output.reuse_factor=8 \
	'defaults.precision=ap_fixed<10,4>' \
	'defaults.precision.weight=ap_fixed<6,2>'
point e_p18_acc24_xcup xcvu13p-flga2577-2-e fc1.reuse_factor=8 \
	fc2.reuse_factor=32 fc3.reuse_factor=32 output.reuse_factor=32 \
	'defaults.precision=ap_fixed<18,8>' \
	'defaults.precision.accum=ap_fixed<24,10>'
point f_rf1_fc1_w4 xc7a100t fc1.reuse_factor=1 fc2.reuse_factor=64 \
	fc3.reuse_factor=32 output.reuse_factor=32 \
	'defaults.precision.weight=ap_fixed<4,1>'
# hls4ml's jet tagger with batch normalisation after every Dense layer
# (../shared/models, when present beside the checkout)
BN=${SHARED:-../shared}/models/KERAS_3layer_batch_norm.json
if [ -f "$BN" ]; then
	model_point "$BN" g_bn_keras3layer xcvu13p-flga2577-2-e \
		softmax.implementation=argmax fc1_relu.reuse_factor=16 \
		fc2_relu.reuse_factor=64 fc3_relu.reuse_factor=32 \
		output_softmax.reuse_factor=32
fi
