#!/bin/sh
# t_dispatch.sh - the dispatch commands end to end on a project: synth
# (snapshot, tag run-<id>, run row, a worker started in the background),
# a vitis run failing cleanly on a machine without the tools, results
# ingested from the real hls4ml report files and shown beside the
# estimate, runs/jobs/cancel/restore run:N, and the store's integrity.
. test/cli/lib.sh
GIT=/usr/bin/git
J=$TMP/jet
REP=$SHARED/reports/hls4ml_test_report

stop_worker() {	# stops the detached worker and waits for its lock
	for p in $(q "select distinct worker_pid from runs where worker_pid is not null"); do
		kill -TERM "$p" 2>/dev/null
	done
	[ -f "$J/runs/worker.lock" ] && flock -w 15 "$J/runs/worker.lock" true
}
trap 'stop_worker; rm -rf "$TMP"' EXIT

q() {
	"$PY" - "$J/runs.db" "$1" <<'PYEOF'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], timeout=10)
for row in db.execute(sys.argv[2]):
    print("|".join("" if v is None else str(v) for v in row))
PYEOF
}

# wait_for SQL WANT: polls the store for up to 20 s until SQL gives WANT
wait_for() {
	i=0
	while [ $i -lt 100 ]; do
		[ "$(q "$1")" = "$2" ] && return 0
		sleep 0.2; i=$((i + 1))
	done
	return 1
}

if have_shared; then MODEL=$MODELS/KERAS_3layer.json; else MODEL=$TOP/examples/jet_tagger.json; fi
"$HLSDSE" init "$J" --model "$MODEL" --part xc7z020clg400-1 >/dev/null 2>&1

# A vitis run on a machine without Vitis: fails at once with the reason.
run env PATH=/usr/bin:/bin HLSDSE_PYTHON=/usr/bin/python3 "$HLSDSE" synth "$J" --backend vitis --label first --wait
expect_rc "synth --wait on a machine without Vitis exits 1" 1
expect_out "synth says what it queued" "run:1 queued (backend vitis, design:1"
expect_out "--wait ends with the run's status" "run:1 failed"
got=$(q "select status, error like '%not found%' from runs where id = 1")
expect_eq "the store says failed, with the missing tool named" "$got" "failed|1"
expect_eq "the run's commit is tagged run-1" \
	"$($GIT -C "$J" rev-parse run-1^{commit})" "$(q "select commit_oid from designs where id = 1")"
run "$HLSDSE" synth "$J" --backend nope
expect_rc "an unknown backend exits 1" 1
expect_err "and is named" "unknown backend 'nope'"

if [ -d "$REP" ]; then
	run "$HLSDSE" ingest "$J" run:1 "$REP/myproject_csynth.xml" "$REP/vivado_synth.rpt"
	expect_rc "ingest of the real Vivado HLS reports" 0
	run "$HLSDSE" show "$J" run:1 --json
	expect_rc "show --json" 0
	got=$("$PY" -c '
import json, sys
s = json.load(open(sys.argv[1]))
t = lambda src: {m["key"]: m["value"] for m in s[src] if m["layer"] == ""}
c, i, e = t("csynth"), t("impl"), t("estimate")
print(s["status"], c["dsp"], c["lut"], c["ff"], c["latency_cycles"], c["ii"], i["dsp"], i["lut"], i["ff"], "dsp" in e and "lut" in e)
' "$TMP/out")
	# values read off myproject_csynth.xml and vivado_synth.rpt by hand
	expect_eq "actual beside estimate: csynth DSP 73 LUT 2532 FF 7969 latency 10 II 8; impl DSP 66 LUT 1526 FF 2428" \
		"$got" "succeeded 73 2532 7969 10 8 66 1526 2428 True"
	run "$HLSDSE" show "$J" run:1
	expect_out "the text view has both columns" "estimate       csynth"
	run "$HLSDSE" runs "$J" --sort dsp --json
	expect_out "runs lists the actual DSP" '"dsp": 73'
else
	skip "../shared/reports absent: ingest of a real report"
fi

# A run whose step sleeps (the worker's test hook) is cancelled while running.
stop_worker
HLSDSE_TEST_STEPS='sleep 30' "$HLSDSE" synth "$J" --backend vitis --label sleeper >/dev/null 2>&1
if wait_for "select status from runs where id = 2" running; then ok "the background worker took run:2"; else nok "the background worker took run:2"; fi
run "$HLSDSE" jobs "$J" --json
expect_out "jobs lists the running run" '"status": "running"'
run "$HLSDSE" cancel "$J" run:2
expect_rc "cancel exits 0" 0
if wait_for "select status, finished_at is not null from runs where id = 2" "cancelled|1"; then
	ok "the run ends cancelled"; else nok "the run ends cancelled" "$(q "select status, finished_at from runs where id = 2")"; fi
run "$HLSDSE" cancel "$J" run:2
expect_rc "cancelling an ended run exits 1" 1
expect_err "and says why" "has already ended"
run "$HLSDSE" runs "$J" --status cancelled --json
expect_out "runs --status filters" '"id": 2'

"$HLSDSE" design set "$J" fc2_relu.reuse_factor=2 fc2.reuse_factor=2 >/dev/null 2>&1
"$HLSDSE" design save "$J" >/dev/null 2>&1
run "$HLSDSE" restore "$J" run:1
expect_rc "restore run:1" 0
"$GIT" -C "$J" show "run-1:design.json" > "$TMP/r1.json"
expect_eq "design.json is the one run:1 used" "$(cmp "$TMP/r1.json" "$J/design.json" && echo same)" "same"
"$HLSDSE" design new "$MODEL" -o "$TMP/alt.json" --rf 2 >/dev/null 2>&1
"$HLSDSE" design set "$J" clock_ns=4.5 >/dev/null 2>&1
run "$HLSDSE" synth "$J" --design "$TMP/alt.json" --backend vitis
expect_rc "synth --design over unsaved changes is refused" 1
expect_err "with the way out" "not saved"
run env PATH=/usr/bin:/bin "$HLSDSE" synth "$J" --design "$TMP/alt.json" --force --backend vitis
expect_rc "synth --design --force queues" 0
expect_eq "the run's snapshot holds the given design, with the project's model" \
	"$("$GIT" -C "$J" show run-3:design.json | "$PY" -c 'import json,sys; d=json.load(sys.stdin); print(d["defaults"]["reuse_factor"], d["model"])')" "2 model/$(basename "$MODEL")"
run "$HLSDSE" show "$J" run:99
expect_rc "show of an unknown run exits 1" 1
expect_err "naming it" "no run:99"
stop_worker
expect_eq "PRAGMA integrity_check" "$(q 'pragma integrity_check')" "ok"
done_testing
