#!/bin/sh
# t_models.sh - `hlsdse layers --json` on every model in ../shared/models
# (each JSON with its weights, weights files paired with their JSON, full
# model .h5 files) and on the project's examples, compared layer by layer
# (name, class, kind, inputs, shapes, parameters, activation, weights and
# zero counts) with facts computed by keras_facts.py from json + h5py.
. test/cli/lib.sh

FACTS=test/conformance/keras_facts.py

if ! have_h5py; then
	skip "python3-h5py absent ($PY): model conformance"
	done_testing; exit
fi

# check_run MODEL WEIGHTS: one model through hlsdse and the facts.
check_run() {
	label=$(basename "$1")
	[ -n "$2" ] && label="$label + $(basename "$2")"
	if [ -n "$2" ]; then
		run "$HLSDSE" layers "$1" --weights "$2" --json
	else
		run "$HLSDSE" layers "$1" --json
	fi
	expect_rc "$label: layers --json exits 0" 0
	[ "$rc" -eq 0 ] || return
	cp "$TMP/out" "$TMP/layers.json"
	if "$PY" "$FACTS" compare "$1" "$2" "$TMP/layers.json" >"$TMP/diff"; then
		ok "$label: every layer matches the facts"
	else
		nok "$label: every layer matches the facts" \
			"$(head -20 "$TMP/diff")"
	fi
}

# check_dir DIR: every run keras_facts.py finds in DIR.
check_dir() {
	"$PY" "$FACTS" list "$1" >"$TMP/runs" || {
		nok "list the models of $1"; return; }
	n=$(wc -l <"$TMP/runs")
	if [ "$n" -eq 0 ]; then
		nok "models found in $1"
		return
	fi
	tab=$(printf '\t')
	while IFS="$tab" read -r model weights; do
		check_run "$model" "$weights"
	done <"$TMP/runs"
}

if have_shared; then
	check_dir "$MODELS"
	# the collection as SOURCES.md lists it: 8 runs (6 JSON with their
	# weights, the pruned weights with KERAS_3layer.json, the full .h5)
	expect_eq "every shared model was checked" \
		"$(wc -l <"$TMP/runs" | tr -d ' ')" 8
else
	skip "../shared/models absent: shared-model conformance"
fi

if [ -f examples/jet_tagger.json ] && [ -f examples/conv2d_small.json ] &&
	[ -f examples/conv1d_small.json ]; then
	check_dir examples
	for f in examples/*_weights.h5; do
		if "$PY" "$FACTS" layout "$f" >"$TMP/diff"; then
			ok "$f has Keras's weights-only layout"
		else
			nok "$f has Keras's weights-only layout" \
				"$(head -20 "$TMP/diff")"
		fi
	done
	# the shapes the examples promise, and the jet tagger's pruning:
	# about 30 % of its kernel weights exactly zero (h5py count)
	got=$("$PY" - <<'PY'
import h5py, json, numpy as np
out = []
for m in ("jet_tagger", "conv2d_small", "conv1d_small"):
    f = h5py.File("examples/%s_weights.h5" % m, "r")
    k = [f[n][n]["kernel:0"][()] for n in
         [x.decode() for x in f.attrs["layer_names"]]
         if len(f[n].attrs["weight_names"])]
    zeros = sum(int(np.sum(a == 0)) for a in k)
    total = sum(a.size for a in k)
    shapes = "/".join("x".join(map(str, a.shape)) for a in k)
    frac = "pruned" if 0.25 <= zeros / total <= 0.35 else \
        "dense" if zeros == 0 else "zeros=%d/%d" % (zeros, total)
    out.append("%s %s %s" % (m, shapes, frac))
print("; ".join(out))
PY
)
	expect_eq "example kernels and zero fractions" "$got" \
		"jet_tagger 16x64/64x32/32x32/32x5 pruned; conv2d_small 3x3x1x4/3x3x4x8/200x10/10x5 dense; conv1d_small 3x4x8/3x8x8/104x5 dense"
else
	skip "examples not built (make examples): example conformance"
fi

done_testing
