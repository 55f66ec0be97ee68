#!/bin/sh
# t_layers.sh - `hlsdse layers` on the shared jet-tagging MLP: the layer
# table the issue names (16->64->32->32->5, 4389 parameters), and the
# 70 %-pruned weights' zero counts checked against h5py.
. test/cli/lib.sh

if ! have_shared; then
	skip "../shared/models absent: shared-model layer checks"
	done_testing; exit
fi

run "$HLSDSE" layers "$MODELS/KERAS_3layer.json" --json
expect_rc "layers KERAS_3layer.json --json exits 0" 0
cp "$TMP/out" "$TMP/l.json"
got=$("$PY" - "$TMP/l.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
rows = []
for l in d["layers"]:
    if l["kind"] == "Dense":
        rows.append("%s %d->%d" % (l["name"], l["input_shape"][0], l["output_shape"][0]))
    elif l["split_from"]:
        rows.append("%s(%s)" % (l["split_from"], l["activation"]))
print(" ".join(rows), d["params"], d["weights"] is not None)
PY
)
expect_eq "dense shapes, activations and 4389 parameters" "$got" \
	"fc1_relu 16->64 fc1_relu(relu) fc2_relu 64->32 fc2_relu(relu) fc3_relu 32->32 fc3_relu(relu) output_softmax 32->5 output_softmax(softmax) 4389 True"

run "$HLSDSE" layers "$MODELS/KERAS_3layer.json"
expect_rc "text table exits 0" 0
expect_out "text table names the weights file" "KERAS_3layer_weights.h5"
expect_out "text table totals" "9 layers, 4389 parameters, 0 zero weights"

run "$HLSDSE" layers "$MODELS/keras_3layer_full.h5" --json
expect_rc "full .h5 loads" 0
expect_out "full .h5 reads Keras version from the file" '"keras_version": "2.3.1"'

if ! have_h5py; then
	skip "python3-h5py absent: pruned zero counts"
	done_testing; exit
fi
pruned=$MODELS/KERAS_3layer_70pruned_retrained_weights.h5
run "$HLSDSE" layers "$MODELS/KERAS_3layer.json" --weights "$pruned" --json
expect_rc "pruned weights load" 0
cp "$TMP/out" "$TMP/p.json"
want=$("$PY" - "$pruned" <<'PY'
import h5py, sys, numpy as np
f = h5py.File(sys.argv[1], "r")
out = []
for name in [n.decode() for n in f.attrs["layer_names"]]:
    g = f[name]
    z = sum(int(np.sum(g[w.decode()][()] == 0)) for w in g.attrs["weight_names"]
            if w.decode().split("/")[-1].startswith("kernel"))
    if len(g.attrs["weight_names"]):
        out.append("%s=%d" % (name, z))
print(" ".join(out))
PY
)
got=$("$PY" -c '
import json, sys
d = json.load(open(sys.argv[1]))
print(" ".join("%s=%d" % (l["name"], l["zero_weights"]) for l in d["layers"] if l["weights"]))
' "$TMP/p.json")
expect_eq "pruned zero weights per layer match h5py" "$got" "$want"
case $want in *=0\ *|*=0) nok "h5py reports pruned layers with no zeros: $want" ;; *) ok "every pruned layer has zeros ($want)" ;; esac

run "$HLSDSE" layers "$MODELS/KERAS_3layer.json" --weights "$pruned"
zsum=$(echo "$want" | tr " " "\n" | cut -d= -f2 | awk "{s += \$1} END {print s}")
[ -n "$zsum" ] && expect_out "text totals the zero weights" "$zsum zero weights"
done_testing
