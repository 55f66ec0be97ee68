# test/cli/lib.sh - TAP helpers for end-to-end scripts. Source it, then
# call the check functions; finish with `done_testing`.
# $HLSDSE is the binary under test; $SHARED the shared folder (may be absent).
HLSDSE=${HLSDSE:-build/hlsdse}
case $HLSDSE in /*) ;; *) HLSDSE=$(pwd)/$HLSDSE ;; esac
TOP=$(pwd)
SHARED=${SHARED:-$TOP/../shared}
MODELS=$SHARED/models
PY=/usr/bin/python3
_n=0
_failed=0
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

ok()   { _n=$((_n + 1)); echo "ok $_n - $1"; }
nok()  { _n=$((_n + 1)); _failed=$((_failed + 1)); echo "not ok $_n - $1"; shift; for l in "$@"; do echo "#   $l"; done; }
skip() { _n=$((_n + 1)); echo "ok $_n # SKIP $1"; }

# run CMD...: runs the command, keeping stdout in $TMP/out, stderr in
# $TMP/err and the exit status in $rc.
run() { "$@" >"$TMP/out" 2>"$TMP/err"; rc=$?; }

# expect_rc DESC N: the last run exited with N.
expect_rc() {
	if [ "$rc" -eq "$2" ]; then ok "$1"; else
		nok "$1" "exit $rc, expected $2" "stderr: $(head -c 400 "$TMP/err")"; fi
}
# expect_out DESC STRING: stdout of the last run contains STRING.
expect_out() {
	if grep -qF -- "$2" "$TMP/out"; then ok "$1"; else
		nok "$1" "stdout lacks: $2" "stdout: $(head -c 400 "$TMP/out")"; fi
}
# expect_err DESC STRING: stderr of the last run contains STRING.
expect_err() {
	if grep -qF -- "$2" "$TMP/err"; then ok "$1"; else
		nok "$1" "stderr lacks: $2" "stderr: $(head -c 400 "$TMP/err")"; fi
}
# expect_eq DESC GOT WANT
expect_eq() {
	if [ "$2" = "$3" ]; then ok "$1"; else nok "$1" "got:  $2" "want: $3"; fi
}
have_shared() { [ -d "$MODELS" ]; }
have_h5py() { "$PY" -c 'import h5py, numpy' 2>/dev/null; }
done_testing() { echo "1..$_n"; [ $_failed -eq 0 ]; }
