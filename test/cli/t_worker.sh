#!/bin/sh
# t_worker.sh - the worker (backends/worker.c, jobs.c) with real child
# processes; the steps are shell lines given through the worker's test
# hook HLSDSE_TEST_STEPS, nothing pretends to be a synthesis tool. Runs
# are queued and cancelled with test/worker/runq.c (the store's own
# functions), built here against $BUILD/libhlsdse.a; every state is read
# back with Python's sqlite3 module, and process groups with ps.
# Covers: 20 runs with --jobs 2 (never more than two at once, two failing
# on purpose, progress lines and result.json ingested), a cancel that
# leaves no member of the step's process group, a step past the
# project's time limit for its backend (hlsdse.json "timeouts") killed
# (SIGTERM ignored, so SIGKILL) and failed "timeout", a
# worker killed with SIGKILL whose run the next worker fails "worker
# died" (and whose orphaned step it kills), one worker per project, a
# detached worker (its own session) stopped with SIGTERM, an idle
# worker's exit, claims from four processes at once (each run exactly
# once), and PRAGMA integrity_check afterwards.
. test/cli/lib.sh
BUILD=${BUILD:-build}
PKGS="libcjson hdf5 yaml-0.1 sqlite3 libgit2 libxml-2.0"
FLAGS="-std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Wall -Wextra
-Wshadow -Wformat=2 -Wstrict-prototypes -Wmissing-prototypes
-Wno-missing-field-initializers -Werror -I."
SAN="-O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined
-fno-sanitize-recover=all"
RUNQ=$TMP/runq
J=$TMP/proj
WPID=

cleanup() {
	[ -n "$WPID" ] && kill -9 "$WPID" 2>/dev/null
	for f in "$J"/runs/*/step.pgid; do
		[ -f "$f" ] && kill -9 -- "-$(cat "$f")" 2>/dev/null
	done
	rm -rf "$TMP"
}
trap cleanup EXIT

build() {	# build EXTRA-FLAGS: compiles the helper, quietly
	# shellcheck disable=SC2086
	${CC:-cc} $FLAGS $1 $(pkg-config --cflags $PKGS) -o "$RUNQ" \
		test/worker/runq.c "$BUILD/libhlsdse.a" \
		$(pkg-config --libs $PKGS) -lm 2>"$TMP/cc.err"
}
case $BUILD in
*asan*) build "$SAN" ;;
*) build "-O2 -g" || build "$SAN" ;;
esac
if [ $? -ne 0 ]; then
	nok "runq builds" "$(head -c 600 "$TMP/cc.err")"
	done_testing
	exit
fi

# q SQL: the rows of SQL on the project's store, '|' between columns.
q() {
	"$PY" - "$J/runs.db" "$1" <<'PYEOF'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], timeout=10)
for row in db.execute(sys.argv[2]):
    print("|".join("" if v is None else str(v) for v in row))
PYEOF
}
# members PGID: the live (not zombie) processes of a process group.
members() {
	ps -e -o pgid=,pid=,stat= | awk -v g="$1" '$1 == g && $3 !~ /^Z/' | wc -l
}
no_members() { [ "$(members "$1")" = 0 ]; }
# wait_until SECONDS CMD...: polls CMD every 0.1 s; false when time runs out.
wait_until() {
	_end=$(($(date +%s) + $1)); shift
	while ! "$@"; do
		[ "$(date +%s)" -ge "$_end" ] && return 1
		sleep 0.1
	done
}
status_is() { [ "$(q "SELECT status FROM runs WHERE id = $1")" = "$2" ]; }
has_pgid() { [ -s "$J/runs/$1/step.pgid" ]; }
gone() { ! kill -0 "$1" 2>/dev/null; }

run "$HLSDSE" init "$J" --model "$TOP/examples/jet_tagger.json"
expect_rc "init a project" 0
run "$HLSDSE" design save "$J"
expect_rc "save design:1" 0

# --- 20 runs, two at a time ------------------------------------------------
mkdir "$TMP/active"
"$RUNQ" "$J/runs.db" add 1 vitis 20 >"$TMP/ids"
expect_eq "20 runs queued" "$(q "SELECT count(*) FROM runs WHERE status = 'queued'")" "20"
# Each step marks itself active, counts the active ones, and writes a
# result.json whose dsp is its run id; runs 7 and 13 fail with status 5.
STEPS='id=$(basename "$PWD"); touch "$A/$id"; ls "$A" | wc -l >>"$A.count";
echo STAGE build; echo PROGRESS 40; sleep 0.3; rm "$A/$id";
if [ "$id" = 7 ] || [ "$id" = 13 ]; then exit 5; fi;;
printf "{\"format\": \"hlsdse-result/1\", \"backend\": \"vitis\", \"tool_version\": \"test 1.0\", \"metrics\": {\"csynth\": [{\"layer\": \"\", \"key\": \"dsp\", \"value\": %s}]}}" "$(basename "$PWD")" >result.json'
export A="$TMP/active" HLSDSE_TEST_STEPS="$STEPS"
run timeout 60 "$HLSDSE" worker "$J" --jobs 2 --once
unset A HLSDSE_TEST_STEPS
expect_rc "worker --once --jobs 2 exits 0 when the queue is empty" 0
expect_eq "18 succeeded, 2 failed" \
	"$(q "SELECT status, count(*) FROM runs GROUP BY status ORDER BY status")" \
	"failed|2
succeeded|18"
expect_eq "runs 7 and 13 failed with the step's status" \
	"$(q "SELECT id, exit_code, error FROM runs WHERE status = 'failed' ORDER BY id")" \
	"7|5|step 1 'test' exited with status 5
13|5|step 1 'test' exited with status 5"
expect_eq "at most two runs at once" "$(sort -n "$TMP/active.count" | tail -1 | awk '{print ($1 <= 2) ? "yes" : "no: " $1}')" "yes"
expect_eq "all 20 steps ran" "$(wc -l <"$TMP/active.count" | tr -d ' ')" "20"
expect_eq "progress lines recorded (stage of the last line, 40%)" \
	"$(q "SELECT stage, progress FROM runs WHERE id = 7")" "build|40.0"
expect_eq "result.json ingested: run 5's dsp is 5, tool version kept" \
	"$(q "SELECT m.value, r.tool_version FROM metrics m JOIN runs r ON r.id = m.run_id WHERE m.run_id = 5 AND m.source = 'csynth' AND m.key = 'dsp'")" "5.0|test 1.0"
expect_eq "a run directory keeps its log and result, no group file" \
	"$(ls "$J/runs/5" | tr '\n' ' ')" "log.txt result.json "
expect_eq "a failed run ingests nothing" "$(q "SELECT count(*) FROM metrics WHERE run_id IN (7, 13)")" "0"
expect_eq "every run ended with its times and workdir" \
	"$(q "SELECT count(*) FROM runs WHERE finished_at IS NOT NULL AND started_at IS NOT NULL AND workdir = 'runs/' || id")" "20"
if grep -q '^== run failed: step 1 .test. exited with status 5' "$J/runs/13/log.txt" &&
   grep -q '^PROGRESS 40$' "$J/runs/13/log.txt"; then ok "log.txt holds the step's output and the outcome"
else nok "log.txt holds the step's output and the outcome" "$(cat "$J/runs/13/log.txt")"; fi

# --- cancel ---------------------------------------------------------------
"$RUNQ" "$J/runs.db" add 1 vitis 1 >/dev/null	# run 21
HLSDSE_TEST_STEPS='sleep 100 & sleep 100' "$HLSDSE" worker "$J" --once >"$TMP/w.out" 2>&1 &
WPID=$!
if wait_until 20 has_pgid 21 && wait_until 10 status_is 21 running; then
	ok "the sleeping run is running"
else
	nok "the sleeping run is running" "$(q "SELECT * FROM runs WHERE id = 21")"
fi
PG=$(cat "$J/runs/21/step.pgid")
wait_until 10 sh -c "[ \$(ps -e -o pgid= | awk -v g=$PG '\$1 == g' | wc -l) -ge 3 ]"
expect_eq "the step's group holds the shell and its two sleeps" "$(members "$PG")" "3"
run "$HLSDSE" worker "$J" --once
expect_rc "a second worker exits 0" 0
expect_out "and says a worker is already running" "a worker is already running"
run "$RUNQ" "$J/runs.db" cancel 21
expect_eq "cancel reaches the running run's worker" "$(cat "$TMP/out")" "running $WPID"
if wait_until 20 gone "$WPID"; then ok "the worker ends after the cancel"
else nok "the worker ends after the cancel"; fi
wait "$WPID"
expect_eq "worker exit status" "$?" "0"
WPID=
expect_eq "and it printed nothing (no warning, no sanitizer report)" "$(cat "$TMP/w.out")" ""
expect_eq "run 21 stays cancelled, with its end time" \
	"$(q "SELECT status, finished_at IS NOT NULL, error IS NULL FROM runs WHERE id = 21")" "cancelled|1|1"
wait_until 5 no_members "$PG"
expect_eq "no member of the cancelled step's group survives" "$(members "$PG")" "0"

# --- timeout --------------------------------------------------------------
"$RUNQ" "$J/runs.db" add 1 vitis 1 >/dev/null	# run 22
# The limit comes from the project: hlsdse.json "timeouts": {"vitis": 1}.
cp "$J/hlsdse.json" "$TMP/hlsdse.json"
"$PY" - "$J/hlsdse.json" <<'PYEOF'
import json, sys
p = json.load(open(sys.argv[1]))
p["timeouts"] = {"vitis": 1}
json.dump(p, open(sys.argv[1], "w"), indent=2)
PYEOF
export HLSDSE_TEST_STEPS='trap "" TERM; sleep 30 & sleep 30'
timeout 30 "$HLSDSE" worker "$J" --once >"$TMP/w.out" 2>&1 &
WPID=$!
unset HLSDSE_TEST_STEPS
wait_until 20 has_pgid 22
PG=$(cat "$J/runs/22/step.pgid")
wait "$WPID"
expect_eq "the worker with a timed-out step exits 0" "$?" "0"
WPID=
cp "$TMP/hlsdse.json" "$J/hlsdse.json"
expect_eq "the run past the project's limit failed with \"timeout\"" \
	"$(q "SELECT status, error FROM runs WHERE id = 22")" "failed|timeout"
wait_until 5 no_members "$PG"
expect_eq "SIGTERM ignored, SIGKILL left no member of its group" "$(members "$PG")" "0"
if grep -q '^== timeout: stopping process group' "$J/runs/22/log.txt"; then ok "the log says why it stopped"
else nok "the log says why it stopped" "$(cat "$J/runs/22/log.txt")"; fi

# --- a worker killed with SIGKILL -----------------------------------------
"$RUNQ" "$J/runs.db" add 1 vitis 1 >/dev/null	# run 23
HLSDSE_TEST_STEPS='sleep 100' "$HLSDSE" worker "$J" --once >"$TMP/w.out" 2>&1 &
WPID=$!
wait_until 20 has_pgid 23
wait_until 10 status_is 23 running
PG=$(cat "$J/runs/23/step.pgid")
kill -9 "$WPID"
wait "$WPID" 2>/dev/null
DEAD=$WPID
WPID=
expect_eq "the killed worker's run is still marked running" \
	"$(q "SELECT status, worker_pid FROM runs WHERE id = 23")" "running|$DEAD"
expect_eq "its orphaned step lives on" "$(members "$PG" | awk '{print ($1 > 0) ? "yes" : "no"}')" "yes"
export HLSDSE_TEST_STEPS='true'
run timeout 30 "$HLSDSE" worker "$J" --once
unset HLSDSE_TEST_STEPS
expect_rc "the next worker starts" 0
expect_eq "and fails the dead worker's run" \
	"$(q "SELECT status, error, finished_at IS NOT NULL FROM runs WHERE id = 23")" "failed|worker died|1"
wait_until 5 no_members "$PG"
expect_eq "and kills its orphaned step" "$(members "$PG")" "0"
expect_eq "whose group file it removes" "$(ls "$J/runs/23")" "log.txt"

# A run claimed by a worker that is gone, whose pid now belongs to a live
# process (this shell): the lock, not the pid, says the worker is dead.
"$RUNQ" "$J/runs.db" add 1 vitis 1 >/dev/null
expect_eq "run 24 claimed as if by pid $$" "$("$RUNQ" "$J/runs.db" claim $$)" "24"
run timeout 30 "$HLSDSE" worker "$J" --once
expect_eq "a live pid reused by another process does not keep it running" \
	"$(q "SELECT status, error FROM runs WHERE id = 24")" "failed|worker died"

# --- a detached worker, stopped with SIGTERM --------------------------------
"$RUNQ" "$J/runs.db" add 1 vitis 1 >/dev/null	# run 25
export HLSDSE_TEST_STEPS='sleep 100'
run "$HLSDSE" worker "$J" --detach
expect_rc "worker --detach exits 0 at once" 0
expect_out "and says it started one" "worker started for"
wait_until 20 status_is 25 running
WPID=$(q "SELECT worker_pid FROM runs WHERE id = 25")
expect_eq "the detached worker leads a session of its own" \
	"$(ps -o sid= -p "$WPID" | tr -d ' ')" "$WPID"
expect_eq "it works from / (pins no directory of its caller's)" \
	"$(readlink "/proc/$WPID/cwd")" "/"
run "$HLSDSE" worker "$J" --detach
expect_out "a second --detach finds it running" "a worker is already running"
unset HLSDSE_TEST_STEPS
wait_until 10 has_pgid 25
PG=$(cat "$J/runs/25/step.pgid")
kill -TERM "$WPID"
if wait_until 20 gone "$WPID"; then ok "SIGTERM stops the worker"
else nok "SIGTERM stops the worker"; fi
WPID=
expect_eq "the detached worker's output is empty" "$(cat "$J/runs/worker.log")" ""
expect_eq "its run failed \"worker stopped\"" \
	"$(q "SELECT status, error FROM runs WHERE id = 25")" "failed|worker stopped"
wait_until 5 no_members "$PG"
expect_eq "and its step's group is gone" "$(members "$PG")" "0"
if grep -q 'worker stopping' "$J/runs/25/log.txt"; then ok "the run's log says so"
else nok "the run's log says so" "$(cat "$J/runs/25/log.txt")"; fi

# --- a backend the table does not know (no test hook: the real path) ------
"$RUNQ" "$J/runs.db" add 1 nosuch 1 >/dev/null	# run 26
run timeout 30 "$HLSDSE" worker "$J" --once
expect_rc "a worker whose run cannot start exits 0" 0
expect_eq "the run failed naming the backend" \
	"$(q "SELECT status, error FROM runs WHERE id = 26")" "failed|unknown backend 'nosuch'"

# --- without --once, an idle worker exits by itself -------------------------
run timeout 40 "$HLSDSE" worker "$J"
expect_rc "a worker with nothing to do exits 0 after its idle time" 0

# --- claims from four processes at once: each run exactly once ------------
first=$(( $(q "SELECT max(id) FROM runs") + 1 ))
"$RUNQ" "$J/runs.db" add 1 vitis 200 >/dev/null
for p in 1 2 3 4; do
	"$RUNQ" "$J/runs.db" claimall $((90000 + p)) >"$TMP/claim.$p" 2>&1 &
done
wait
expect_eq "200 claims, no run twice, none missed" \
	"$(cat "$TMP"/claim.* | sort -n | uniq | awk -v f="$first" 'NR == 1 && $1 == f {ok = 1} {n++} END {print n, ok + 0}')" "200 1"
expect_eq "and no id repeated" "$(cat "$TMP"/claim.* | sort -n | uniq -d | wc -l | tr -d ' ')" "0"
expect_eq "each claimed run records its claimer" \
	"$(q "SELECT count(*) FROM runs WHERE id >= $first AND status = 'running' AND worker_pid BETWEEN 90001 AND 90004")" "200"
for p in 1 2 3 4; do
	n=$(q "SELECT count(*) FROM runs WHERE id >= $first AND worker_pid = $((90000 + p))")
	expect_eq "claimer $p's rows match what it printed" "$n" "$(wc -l <"$TMP/claim.$p" | tr -d ' ')"
done

expect_eq "PRAGMA integrity_check" "$(q "PRAGMA integrity_check")" "ok"
done_testing
