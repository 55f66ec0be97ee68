#!/bin/sh
# t_malformed_json.sh - broken architecture files and design files: each
# gives one "hlsdse: error:" line naming the file, exit 1, no stdout.
. test/cli/lib.sh

bad() {	# bad DESC FILE [ARGS...] : layers on FILE fails cleanly
	desc=$1; f=$2; shift 2
	run "$HLSDSE" layers "$f" "$@"
	if [ "$rc" -eq 1 ] && grep -q "^hlsdse: error: .*$(basename "$f")" "$TMP/err" &&
	   [ ! -s "$TMP/out" ]; then
		ok "$desc"
	else
		nok "$desc" "exit $rc" "stderr: $(head -c 300 "$TMP/err")" "stdout: $(head -c 200 "$TMP/out")"
	fi
}

if [ -f examples/jet_tagger.json ]; then
	SRC=examples/jet_tagger.json
elif have_shared; then
	SRC=$MODELS/KERAS_3layer.json
else
	skip "no model to mutate"; done_testing; exit
fi
size=$(wc -c < "$SRC")
head -c $((size / 2)) "$SRC" > "$TMP/trunc.json"
bad "truncated JSON" "$TMP/trunc.json"
: > "$TMP/empty.json"
bad "empty JSON file" "$TMP/empty.json"
echo '[1, 2, 3]' > "$TMP/array.json"
bad "a JSON array" "$TMP/array.json"
mutate() {	# mutate OUT PYTHON-EXPR-ON-d : rewrite the model's JSON
	"$PY" -c '
import json, sys
d = json.load(open(sys.argv[1]))
layers = d["config"]["layers"] if isinstance(d["config"], dict) else d["config"]
dense = [l for l in layers if l["class_name"] == "Dense"][0]
exec(sys.argv[3])
json.dump(d, open(sys.argv[2], "w"))
' "$SRC" "$1" "$2"
}
mutate "$TMP/types.json" 'dense["config"]["units"] = str(dense["config"]["units"])' 
bad "units as a string" "$TMP/types.json"
expect_err "the wrong type is named" "config.units: expected an integer"
mutate "$TMP/cls.json" 'dense["class_name"] = 7' 
bad "class_name as a number" "$TMP/cls.json"
printf '\211PNG\r\n\032\n\000\000\000\rIHDR' > "$TMP/pic.json"
bad "binary data named .json" "$TMP/pic.json"
truncate -s 1G "$TMP/huge.json"
bad "1 GB sparse .json" "$TMP/huge.json"
expect_err "the size limit is named" "too large"
bad "missing file" "$TMP/none.json"
mkdir "$TMP/dir.json"
bad "a directory" "$TMP/dir.json"
run "$HLSDSE" layers "$SRC" --weights "$TMP/none.h5"
expect_rc "missing weights file exits 1" 1
expect_err "missing weights file is named" "hlsdse: error: unable to open '$TMP/none.h5'"

# design.json
"$HLSDSE" design new "$SRC" -o "$TMP/d.json" 2>/dev/null
head -c 40 "$TMP/d.json" > "$TMP/dt.json"
run "$HLSDSE" design show "$TMP/dt.json"
expect_rc "truncated design.json exits 1" 1
expect_err "truncated design.json is named" "dt.json"
sed 's/"clock_ns": 5.0/"clock_ns": "fast"/' "$TMP/d.json" > "$TMP/dc.json"
run "$HLSDSE" design show "$TMP/dc.json"
expect_rc "clock_ns as a string exits 1" 1
expect_err "the key is named" "clock_ns"
sed 's/hlsdse-design\/1/hlsdse-design\/9/' "$TMP/d.json" > "$TMP/df.json"
run "$HLSDSE" design show "$TMP/df.json"
expect_rc "unknown format version exits 1" 1
sed 's/"layers": {}/"layers": {"nolayer": {"reuse_factor": 2}}/' "$TMP/d.json" > "$TMP/dl.json"
run "$HLSDSE" design show "$TMP/dl.json"
expect_rc "a design naming a layer not in the model exits 1" 1
expect_err "the layer is named" "nolayer"
done_testing
