#!/bin/sh
# t_project.sh - projects end to end: init, design set/save (one commit
# per distinct design, one store row each), designs, compare, restore
# (byte for byte), the history as a plain git repository, and clear
# errors for broken projects.
. test/cli/lib.sh
GIT=/usr/bin/git
J=$TMP/jet

run "$HLSDSE" init "$J" --model "$TOP/examples/jet_tagger.json" --part xcku115-flvb2104-2-i --clock 4
expect_rc "init exits 0" 0
for f in hlsdse.json design.json model/jet_tagger.json model/jet_tagger_weights.h5 runs.db .gitignore; do
	if [ -f "$J/$f" ]; then ok "init wrote $f"; else nok "init wrote $f"; fi
done
for d in runs exports .git; do
	if [ -d "$J/$d" ]; then ok "init made $d/"; else nok "init made $d/"; fi
done
expect_eq "copied model is byte-identical" "$(cmp "$TOP/examples/jet_tagger.json" "$J/model/jet_tagger.json" && echo same)" "same"
expect_eq "no commit before the first save" "$($GIT -C "$J" rev-list --all | wc -l)" "0"
run "$HLSDSE" init "$J" --model "$TOP/examples/jet_tagger.json"
expect_rc "init into a non-empty directory exits 1" 1
expect_err "and says so" "already exists and is not empty"

run "$HLSDSE" design set "$J" fc1.reuse_factor=4
expect_rc "design set on a project" 0
run "$HLSDSE" design save "$J" --label "rf4 fc1"
expect_rc "design save exits 0" 0
expect_out "first save is design:1" "design:1 saved"
run "$HLSDSE" design save "$J"
expect_out "an unchanged design reuses its snapshot" "design:1 unchanged"
run "$HLSDSE" design set "$J/design.json" fc1.reuse_factor=8 fc2.reuse_factor=2
run "$HLSDSE" design save "$J" --label rf8
expect_out "second distinct design is design:2" "design:2 saved"
expect_eq "one commit per distinct saved design" "$($GIT -C "$J" rev-list --count HEAD)" "2"
expect_eq "the history is a plain git repository with the labels" \
	"$($GIT -C "$J" log --format=%s | tr '\n' '|')" "rf8|rf4 fc1|"
expect_eq "runs.db, runs/, exports/ and model/ stay out of git" "$($GIT -C "$J" status --porcelain)" ""

run "$HLSDSE" designs "$J" --json
expect_rc "designs --json exits 0" 0
cp "$TMP/out" "$TMP/ds.json"
got=$("$PY" - "$TMP/ds.json" "$J" <<'PY'
import json, subprocess, sys
d = json.load(open(sys.argv[1]))
commits = subprocess.run(["/usr/bin/git", "-C", sys.argv[2], "rev-list", "HEAD"], capture_output=True, text=True).stdout.split()
print([x["id"] for x in d], [x["label"] for x in d],
      sorted(x["commit"] for x in d) == sorted(commits),
      all(set(x["estimate"]) >= {"dsp", "lut", "ff", "bram18", "latency_cycles", "ii"} for x in d))
PY
)
expect_eq "designs lists ids, labels, commits and totals" "$got" "[1, 2] ['rf4 fc1', 'rf8'] True True"
run "$HLSDSE" designs "$J" --sort dsp --json
got=$("$PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); v=[x["estimate"]["dsp"] for x in d]; print(v == sorted(v))' "$TMP/out")
expect_eq "designs --sort dsp is ascending" "$got" "True"
run "$HLSDSE" designs "$J"
expect_out "text listing shows the label" "rf4 fc1"

run "$HLSDSE" compare "$J" design:1 design:2 --json
expect_rc "compare exits 0" 0
cp "$TMP/out" "$TMP/c.json"
got=$("$PY" - "$TMP/c.json" "$TMP/ds.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1])); ds = json.load(open(sys.argv[2]))
k = [(x["layer"], x["knob"], x["a"], x["b"]) for x in c["knobs"]]
t = [m for m in c["metrics"] if m["layer"] == "" and m["key"] == "dsp"][0]
print(k, t["a"] == ds[0]["estimate"]["dsp"], t["b"] == ds[1]["estimate"]["dsp"], t["diff"] == t["b"] - t["a"])
PY
)
expect_eq "compare: knobs that differ and metrics with both values" "$got" \
	"[('fc1', 'reuse_factor', '4', '8'), ('fc2', 'reuse_factor', '1', '2')] True True True"
run "$HLSDSE" compare "$J" design:2 working
expect_rc "compare with the working design" 0
expect_out "identical knobs are said so" "knobs: identical"

c1=$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))[0]["commit"])' "$TMP/ds.json")
run "$HLSDSE" restore "$J" design:1
expect_rc "restore exits 0" 0
$GIT -C "$J" show "$c1:design.json" > "$TMP/d1.json"
expect_eq "restored design.json is byte for byte the snapshot" "$(cmp "$TMP/d1.json" "$J/design.json" && echo same)" "same"
run "$HLSDSE" restore "$J" design:2
expect_rc "restoring again from a saved state needs no --force" 0
"$HLSDSE" design set "$J" fc3.reuse_factor=2 2>/dev/null
run "$HLSDSE" restore "$J" design:1
expect_rc "restore over unsaved changes is refused" 1
expect_err "and says how to proceed" "not saved"
run "$HLSDSE" restore "$J" design:1 --force
expect_rc "restore --force" 0
run "$HLSDSE" restore "$J" design:9
expect_rc "restore of an unknown design exits 1" 1
run "$HLSDSE" estimate "$J" --json
expect_rc "estimate takes a project" 0

# broken projects
run "$HLSDSE" designs "$TMP"
expect_rc "not a project" 1
expect_err "not a project is named" "is not an hlsdse project"
cp -r "$J" "$TMP/nogit" && rm -rf "$TMP/nogit/.git"
run "$HLSDSE" designs "$TMP/nogit"
expect_rc "a project without .git exits 1" 1
expect_err "and says so" "is not a git repository"
cp -r "$J" "$TMP/changed" && printf ' ' >> "$TMP/changed/model/jet_tagger.json"
run "$HLSDSE" designs "$TMP/changed"
expect_rc "a changed model exits 1" 1
expect_err "the changed file is named" "model file 'model/jet_tagger.json' of project"
cp -r "$J" "$TMP/bad" && echo '{"format": "hlsdse-design/1",' > "$TMP/bad/design.json"
run "$HLSDSE" design save "$TMP/bad"
expect_rc "a malformed design.json exits 1" 1
expect_err "naming the file" "design.json"
cp -r "$J" "$TMP/trunc"
size=$(wc -c < "$TMP/trunc/runs.db"); head -c $((size / 2)) "$J/runs.db" > "$TMP/trunc/runs.db"
before=$(cksum < "$TMP/trunc/runs.db")
run "$HLSDSE" designs "$TMP/trunc"
expect_rc "a truncated runs.db exits 1" 1
expect_err "runs.db is named" "runs.db"
expect_eq "the damaged store is left as it was" "$(cksum < "$TMP/trunc/runs.db")" "$before"
: > "$TMP/afile"
run "$HLSDSE" init "$TMP/afile/sub" --model "$TOP/examples/jet_tagger.json"
expect_rc "init where a directory cannot be made exits 1" 1
expect_err "and names it" "unable to create"

if have_shared; then
	run "$HLSDSE" init "$TMP/k3" --model "$MODELS/KERAS_3layer.json"
	expect_rc "init on the shared KERAS_3layer" 0
	expect_eq "its weights are copied in" "$([ -f "$TMP/k3/model/KERAS_3layer_weights.h5" ] && echo yes)" "yes"
	run "$HLSDSE" design save "$TMP/k3" --label baseline
	expect_rc "save on the shared model" 0
	run "$HLSDSE" designs "$TMP/k3" --json
	expect_out "listed" '"label": "baseline"'
else
	skip "../shared absent: project on the shared model"
fi
done_testing
