#!/bin/sh
# t_tui.sh - the interactive app end to end, in tmux as the terminal
# (private socket, no config, 80x24): open the example model directly
# (a project is made next to it), move to fc1, raise its reuse factor
# and see its DSP fall and the total move (checked against `hlsdse
# estimate --set`), set a precision, save, dispatch a run and see it in
# jobs and then in runs with the tool's figure, compare two runs,
# resize to 200x60 and back, help, quit and find the terminal as it was
# (stty settings, alternate screen off); then Ctrl-C, a crash (SIGSEGV)
# and NO_COLOR in sessions of their own.
#
# The jet tagger's runs go through the worker's test hook
# HLSDSE_TEST_STEPS (real child processes: STAGE/PROGRESS lines, a wait
# for a file this script creates, a result.json the worker ingests) on
# the vitis backend, so they need no synthesis tool; then a run of the
# tiny MLP is dispatched to the yosys backend for real (iverilog
# simulation and yosys synthesis; skipped when that backend is not
# available).
. test/cli/lib.sh
if ! command -v tmux >/dev/null 2>&1; then
	skip "tmux is not installed"
	done_testing
	exit
fi
export LC_ALL=C.UTF-8
unset NO_COLOR
SOCK=hlsdse-tui-$$
T="tmux -L $SOCK -f /dev/null"
P=$TMP/jet_tagger.hlsdse

Y=$TMP/tiny
stop_workers() {
	for d in "$P" "$Y"; do
		[ -f "$d/runs.db" ] || continue
		for p in $(DB=$d/runs.db q "select distinct worker_pid from runs where worker_pid is not null"); do
			kill -TERM "$p" 2>/dev/null
		done
		[ -f "$d/runs/worker.lock" ] && flock -w 15 "$d/runs/worker.lock" true
	done
}
trap '$T kill-server 2>/dev/null; stop_workers; rm -rf "$TMP"' EXIT

q() {	# q SQL: rows of SQL on $DB (the app's project's store by default)
	"$PY" - "${DB:-$P/runs.db}" "$1" <<'PYEOF'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], timeout=10)
for row in db.execute(sys.argv[2]):
    print("|".join("" if v is None else str(v) for v in row))
PYEOF
}

# The pane runs this (pane.sh DIR CWD ARGS...): DIR/env sourced, then
# the app in CWD between two snapshots of the tty settings in DIR.
cat >"$TMP/pane.sh" <<'EOF'
d=$1; cd "$2" || exit 1
shift 2
trap : INT	# Ctrl-C is for the app; the pane goes on
[ -f "$d/env" ] && . "$d/env"
stty -g >"$d/stty.before"
"$@"
echo "EXIT=$?"
stty -g >"$d/stty.after"
exec sleep 600
EOF

# start NAME CWD ARGS...: session NAME (80x24) runs the app with ARGS in
# CWD; $TMP/NAME/env, when written first, sets its environment.
start() {
	mkdir -p "$TMP/$1"
	$T new-session -d -s "$1" -x 80 -y 24 \
		"sh $TMP/pane.sh $TMP/$1 $2 $HLSDSE $(shift 2; echo "$*")"
}
screen() { $T capture-pane -p -t "${S:-s}"; }
keys() { $T send-keys -t "${S:-s}" "$@"; }
# wait_screen TEXT [SECONDS]: polls the pane until TEXT shows (10 s at most)
wait_screen() {
	_end=$(($(date +%s) + ${2:-10}))
	while ! screen | grep -qF -- "$1"; do
		[ "$(date +%s)" -ge "$_end" ] && return 1
		sleep 0.1
	done
}
# wait_gone TEXT: polls until TEXT no longer shows
wait_gone() {
	_end=$(($(date +%s) + 10))
	while screen | grep -qF -- "$1"; do
		[ "$(date +%s)" -ge "$_end" ] && return 1
		sleep 0.1
	done
}
# fig ROW COLUMN: the number in the layers table on the row starting with
# ROW under the header COLUMN (numbers are right-aligned under it).
fig() {
	screen | "$PY" -c '
import re, sys
lines = sys.stdin.read().split("\n")
head = [l for l in lines if l.startswith("layer ")][0]
end = head.index(" " + sys.argv[2] + " ") + len(sys.argv[2]) + 1
row = [l for l in lines if l.startswith(sys.argv[1] + " ")][0]
print(re.findall(r"[0-9][0-9.]*", row[:end])[-1])' "$1" "$2"
}
check() {	# check DESC CMD...: ok when CMD succeeds, else the screen
	_d=$1; shift
	if "$@"; then ok "$_d"; else nok "$_d" "$(screen | head -24)"; fi
}

cp examples/jet_tagger.json examples/jet_tagger_weights.h5 "$TMP/"
mkdir -p "$TMP/s"
cat >"$TMP/s/env" <<EOF
export HLSDSE_TEST_STEPS='echo STAGE synth;; echo PROGRESS 50;; while [ ! -f $TMP/go ]; do sleep 0.1; done;; printf "{\"format\": \"hlsdse-result/1\", \"backend\": \"vitis\", \"tool_version\": \"t 1\", \"metrics\": {\"csynth\": [{\"layer\": \"\", \"key\": \"dsp\", \"value\": 70}]}}" >result.json'
EOF
start s "$TMP" jet_tagger.json
check "hlsdse MODEL opens the app on the layers screen" wait_screen "output_softmax"
check "a project was made next to the model" test -f "$P/hlsdse.json"
check "the F-key bar is on the last line" sh -c "$T capture-pane -p -t s | tail -1 | grep -q 'F1Help.*F10Quit'"

keys j
dsp0=$(fig fc1 DSP); tot0=$(fig total DSP)
keys +
check "+ raises fc1's reuse factor to the next valid value (2)" \
	wait_screen "fc1.reuse_factor=2:"
dsp1=$(fig fc1 DSP); tot1=$(fig total DSP)
want=$("$HLSDSE" estimate "$P" --set fc1.reuse_factor=2 | awk '$1 == "fc1" { print $5 }')
expect_eq "fc1's DSP on screen is hlsdse estimate's for RF 2" "$dsp1" "$want"
check "fc1's DSP falls ($dsp0 -> $dsp1)" [ "${dsp1:-0}" -lt "${dsp0:-0}" ]
expect_eq "the total moves by fc1's change" "$((tot0 - tot1))" "$((dsp0 - dsp1))"
check "the changed cells are marked (down glyph on fc1's DSP)" \
	sh -c "$T capture-pane -p -t s | grep '^fc1 ' | grep -q '$dsp1▼'"
check "colours are on without NO_COLOR" \
	sh -c "$T capture-pane -e -p -t s | grep -q '\[3[0-7]m'"

keys e
check "e opens the precision form" wait_screen "precisions of fc1"
keys Down + Enter
check "the form sets fc1's weight type" \
	wait_screen "fc1.precision.weight=ap_fixed<17,6>"

keys S
check "S asks for a label" wait_screen "label: _"
keys -l "tui save"
keys Enter
check "the design is saved as design:1" wait_screen "design:1 saved (commit"
expect_eq "the store has it with its label" "$(q "select label from designs")" "tui save"

keys d
check "d opens the dispatch chooser with the estimate" wait_screen "dispatch the working design"
keys Enter
check "the run is queued and a worker started" \
	wait_screen "run:1 queued (backend vitis, design:1"
keys 3
check "the jobs screen shows it running at 50 %" wait_screen " 50%"
check "with its log tail" wait_screen "PROGRESS 50"
touch "$TMP/go"
keys 2
check "the runs screen shows it succeeded" wait_screen "succeeded"
check "with the tool's DSP beside the estimate" wait_screen "$tot1/70"

keys 1 +
check "fc1 to RF 4" wait_screen "fc1.reuse_factor=4:"
keys d Enter
check "a second run is queued" wait_screen "run:2 queued"
keys 2
check "both runs succeed" sh -c "for i in \$(seq 100); do
	[ \$($T capture-pane -p -t s | grep -c succeeded) -ge 2 ] && exit 0
	sleep 0.1; done; exit 1"
keys Home Space Space c
check "two marked runs are compared" wait_screen "A run:1"
check "the knob that differs is shown" wait_screen "fc1.reuse_factor 2->4"
check "per layer, with differences marked" sh -c "$T capture-pane -p -t s | grep '^fc1 ' | grep -q '≠'"
keys Escape
check "Esc goes back to runs" wait_screen "sorted by"
keys Home Enter
check "Enter opens a run: estimate against actual" wait_screen "estimate (est) against csynth"
keys Escape 1

$T resize-window -t s -x 200 -y 60
check "at 200x60 more columns appear" wait_screen "partition  result"
expect_eq "the pane is 200x60" "$($T display -p -t s '#{pane_width}x#{pane_height}')" "200x60"
check "the F-key bar moved to line 60" sh -c "$T capture-pane -p -t s | sed -n 60p | grep -q F10Quit"
$T resize-window -t s -x 80 -y 24
check "back at 80x24 they go again" wait_gone "partition  result"
check "and the F-key bar is on line 24" sh -c "$T capture-pane -p -t s | sed -n 24p | grep -q F10Quit"

keys '?'
check "? shows the keys from the key table" wait_screen "next valid reuse factor"
keys Escape
keys q
check "q quits with status 0" wait_screen "EXIT=0"
check "and prints nothing after it (no sanitizer report)" \
	sh -c "! $T capture-pane -p -t s | grep -q Sanitizer"
expect_eq "the alternate screen is off" "$($T display -p -t s '#{alternate_on}')" "0"
expect_eq "the tty settings are as before" "$(cat "$TMP/s/stty.after")" "$(cat "$TMP/s/stty.before")"
got=$("$PY" -c '
import json, sys
fc1 = json.load(open(sys.argv[1]))["layers"]["fc1"]
print(fc1.get("reuse_factor"), json.dumps(fc1))' "$P/design.json" 2>&1)
case $got in
"4 "*'"weight": "ap_fixed<17,6>"'*) ok "design.json holds the app's edits" ;;
*) nok "design.json holds the app's edits" "got: $got" ;;
esac

# plain `hlsdse` in the project, NO_COLOR, Ctrl-C
S=c
mkdir -p "$TMP/c"
echo "export NO_COLOR=1" >"$TMP/c/env"
start c "$P"
check "hlsdse with no arguments opens the project it is run in" wait_screen "output_softmax"
check "NO_COLOR: no colour sequences" sh -c "! $T capture-pane -e -p -t c | grep -q '\[3[0-7]m'"
keys C-c
check "Ctrl-C ends the app (status 130)" wait_screen "EXIT=130"
expect_eq "after Ctrl-C the tty settings are as before" "$(cat "$TMP/c/stty.after" 2>&1)" "$(cat "$TMP/c/stty.before" 2>&1)"

# a crash: SIGSEGV from outside; the handler gives the terminal back
S=k
start k "$TMP" jet_tagger.hlsdse
check "hlsdse PROJECT opens the app" wait_screen "output_softmax"
app=$(pgrep -P "$($T display -p -t k '#{pane_pid}')" | head -1)
kill -SEGV "$app"
check "a crash ends it (SIGSEGV, status 139)" wait_screen "EXIT=139"
expect_eq "after the crash the tty settings are as before" "$(cat "$TMP/k/stty.after" 2>&1)" "$(cat "$TMP/k/stty.before" 2>&1)"
expect_eq "and the alternate screen is off" "$($T display -p -t k '#{alternate_on}')" "0"

# a run on the open-flow backend (iverilog + yosys) of the tiny MLP
if "$HLSDSE" backends 2>/dev/null | grep -q '^yosys *available'; then
	"$HLSDSE" init "$Y" --model examples/tiny_mlp.json --part xc7a35t >/dev/null 2>&1
	"$HLSDSE" design set "$Y" fc1.reuse_factor=8 output.reuse_factor=8 >/dev/null 2>&1
	mkdir -p "$TMP/y"
	echo "export HLSDSE_RTL_VECTORS=100" >"$TMP/y/env"
	S=y
	start y "$TMP" tiny
	check "the tiny MLP's project opens" wait_screen "fc1_relu"
	keys d
	check "the chooser lists yosys" wait_screen "yosys    generated Verilog"
	i=$("$HLSDSE" backends | awk '/^[a-z]/ { if ($1 == "yosys") print n; n++ }')
	while [ "$i" -gt 0 ]; do keys Down; i=$((i - 1)); done
	keys Enter
	check "the run is queued on yosys" wait_screen "run:1 queued (backend yosys"
	keys 3
	check "the jobs screen shows it running" wait_screen "running  yosys" 30
	keys 2
	check "the runs screen shows it succeeded" wait_screen "succeeded" 120
	dsp=$(DB=$Y/runs.db q "select cast(value as int) from metrics where run_id = 1 and source = 'yosys' and layer = '' and key = 'dsp'")
	check "with yosys's DSP count ($dsp) beside the estimate" \
		sh -c "$T capture-pane -p -t y | grep 'run:1 ' | grep -q '/$dsp '"
	keys q
	check "q quits" wait_screen "EXIT=0"
else
	skip "the yosys backend is not available here"
fi
$T kill-server 2>/dev/null

run "$HLSDSE" nonsense-word
expect_err "other words are still not commands" "'nonsense-word' is not an hlsdse command"
run "$HLSDSE" "$P"
expect_rc "without a terminal the app refuses" 1
expect_err "and says so" "the app needs a terminal"
done_testing
