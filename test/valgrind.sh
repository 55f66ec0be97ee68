#!/bin/sh
# test/valgrind.sh - `make valgrind`: the loaders and design commands
# under valgrind memcheck, on good and broken inputs. Any invalid access
# or definitely/indirectly/possibly lost block fails the run (memory
# libhdf5 keeps reachable until exit is not a leak). Prints TAP and the
# closing "N passed, N failed" line.
BUILD=${BUILD:-build}
HLSDSE=${HLSDSE:-$BUILD/hlsdse}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
n=0 pass=0 fail=0

vg() {	# vg DESC EXPECTED_EXIT ARGS...
	desc=$1; want=$2; shift 2
	n=$((n + 1))
	valgrind -q --leak-check=full --show-leak-kinds=definite,indirect,possible \
		--errors-for-leak-kinds=definite,indirect,possible \
		--error-exitcode=99 "$HLSDSE" "$@" >/dev/null 2>"$TMP/vg"
	rc=$?
	if [ $rc -eq "$want" ]; then
		pass=$((pass + 1)); echo "ok $n - $desc"
	else
		fail=$((fail + 1)); echo "not ok $n - $desc (exit $rc, wanted $want)"
		sed 's/^/#   /' "$TMP/vg" | head -40
	fi
}

if ! command -v valgrind >/dev/null 2>&1; then
	echo "ok 1 # SKIP valgrind not installed"; echo "0 passed, 0 failed, 1 skipped"; exit 0
fi
M=../shared/models
if [ -d $M ]; then
	for f in KERAS_3layer KERAS_1layer KERAS_3layer_batch_norm KERAS_conv1d_small jetTagger_Conv2D_Small qkeras_3layer; do
		vg "layers $f" 0 layers $M/$f.json --json
	done
	vg "layers keras_3layer_full.h5" 0 layers $M/keras_3layer_full.h5
	vg "layers pruned weights" 0 layers $M/KERAS_3layer.json --weights $M/KERAS_3layer_70pruned_retrained_weights.h5
	vg "design new --from-hls4ml" 0 design new $M/qkeras_3layer.json --from-hls4ml $M/qkeras_3layer_config.yml -o "$TMP/q.json"
	vg "layers with mismatched weights fails cleanly" 1 layers $M/KERAS_1layer.json --weights $M/KERAS_3layer_weights.h5
fi
for f in jet_tagger conv2d_small conv1d_small; do
	vg "layers examples/$f" 0 layers examples/$f.json
done
vg "design new" 0 design new examples/jet_tagger.json -o "$TMP/d.json"
vg "design set" 0 design set "$TMP/d.json" fc1.reuse_factor=4 "fc1.precision.weight=ap_fixed<8,3>"
vg "design set refused" 1 design set "$TMP/d.json" fc1.strategy=resource fc1.reuse_factor=3
vg "design show --json" 0 design show "$TMP/d.json" --json
vg "estimate design" 0 estimate "$TMP/d.json" --json
vg "estimate conv2d io_stream resource" 0 estimate examples/conv2d_small.json --io-type io_stream --set conv2.strategy=resource --set conv2.reuse_factor=9
vg "estimate unknown part fails cleanly" 1 estimate examples/jet_tagger.json --part xcvu14p
vg "parts --json" 0 parts --json
vg "init" 0 init "$TMP/p" --model examples/jet_tagger.json
vg "design save" 0 design save "$TMP/p" --label one
"$HLSDSE" design set "$TMP/p" fc1.reuse_factor=4 2>/dev/null
vg "design save again" 0 design save "$TMP/p" --label two
vg "designs --sort dsp --json" 0 designs "$TMP/p" --sort dsp --json
vg "compare" 0 compare "$TMP/p" design:1 design:2
vg "restore" 0 restore "$TMP/p" design:1
vg "designs on a non-project fails cleanly" 1 designs "$TMP"
vg "backends --json" 0 backends --json
vg "export hls4ml" 0 export hls4ml "$TMP/p" -o "$TMP/exp"
"$HLSDSE" worker "$TMP/p" --once >/dev/null 2>&1
PATH=/usr/bin:/bin "$HLSDSE" synth "$TMP/p" --backend vitis --wait >/dev/null 2>&1
R=../shared/reports/hls4ml_test_report
if [ -d $R ]; then
	vg "ingest real reports" 0 ingest "$TMP/p" run:1 $R/myproject_csynth.xml $R/vivado_synth.rpt
fi
vg "runs --json" 0 runs "$TMP/p" --json
vg "show run:1" 0 show "$TMP/p" run:1
vg "jobs" 0 jobs "$TMP/p"
head -c 300 examples/jet_tagger.json > "$TMP/t.json"
vg "truncated JSON fails cleanly" 1 layers "$TMP/t.json"
printf '\211PNG\r\n\032\n' > "$TMP/p.h5"
vg "PNG named .h5 fails cleanly" 1 layers examples/jet_tagger.json --weights "$TMP/p.h5"
head -c 5000 examples/jet_tagger_weights.h5 > "$TMP/cut.h5"
vg "truncated HDF5 fails cleanly" 1 layers examples/jet_tagger.json --weights "$TMP/cut.h5"
echo "1..$n"
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
