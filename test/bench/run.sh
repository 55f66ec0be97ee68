#!/bin/sh
# test/bench/run.sh - `make bench`: whole-process time to load a model
# (architecture JSON + HDF5 weights through libhdf5) and print its layer
# table, as a user sees it. Uses hyperfine when present (median over
# runs after warm-up), else a shell loop with the same statistic.
BUILD=${BUILD:-build}
HLSDSE=${HLSDSE:-$BUILD/hlsdse}
RUNS=${RUNS:-50}

bench() {	# bench LABEL ARGS...
	label=$1; shift
	if command -v hyperfine >/dev/null 2>&1; then
		j=$(mktemp)
		hyperfine -N --warmup 5 --runs "$RUNS" --export-json "$j" \
			"$HLSDSE $*" >/dev/null 2>&1
		/usr/bin/python3 - "$j" "$label" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
t = sorted(r["times"])
print("%-44s median %6.2f ms  min %6.2f  max %6.2f  (%d runs, hyperfine)" % (
    sys.argv[2], r["median"] * 1e3, t[0] * 1e3, t[-1] * 1e3, len(t)))
PY
		rm -f "$j"
	else
		ts=""
		i=0
		while [ $i -lt "$RUNS" ]; do
			a=$(date +%s%N); "$HLSDSE" "$@" >/dev/null 2>&1; b=$(date +%s%N)
			ts="$ts $(( (b - a) / 1000 ))"
			i=$((i + 1))
		done
		echo "$ts" | tr ' ' '\n' | sed '/^$/d' | sort -n | awk -v l="$label" \
			'{t[NR]=$1} END {printf "%-44s median %6.2f ms  (%d runs, shell loop)\n", l, t[int((NR+1)/2)]/1000, NR}'
	fi
}

if [ -d ../shared/models ]; then
	bench "layers KERAS_3layer (JSON + HDF5)" layers ../shared/models/KERAS_3layer.json
	bench "layers keras_3layer_full.h5 --json" layers ../shared/models/keras_3layer_full.h5 --json
	bench "layers jetTagger_Conv2D_Small" layers ../shared/models/jetTagger_Conv2D_Small.json
else
	echo "../shared absent: shared-model benchmarks skipped"
fi
bench "layers examples/jet_tagger" layers examples/jet_tagger.json
bench "layers examples/conv2d_small" layers examples/conv2d_small.json
