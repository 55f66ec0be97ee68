#!/bin/sh
# test/run.sh - runs every test under $BUILD and prints one closing line
# "N passed, N failed, N skipped". Unit tests (cmocka) print TAP; CLI and
# conformance scripts print TAP through test/cli/lib.sh. A program that
# exits non-zero without reporting a failure (a crash, a sanitizer abort)
# counts as one failure.
BUILD=${BUILD:-build}
export BUILD
HLSDSE=${HLSDSE:-$BUILD/hlsdse}
export HLSDSE
export CMOCKA_MESSAGE_OUTPUT=TAP
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
pass=0 fail=0 skip=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

run_one() {
	name=$1; shift
	"$@" >"$log" 2>&1
	rc=$?
	# cmocka prints a skipped test as "not ok N # SKIP", scripts as "ok N # SKIP"
	s=$(grep -c '^\(not \)\{0,1\}ok .*# *[Ss][Kk][Ii][Pp]' "$log")
	p=$(grep '^ok ' "$log" | grep -vc '# *[Ss][Kk][Ii][Pp]')
	f=$(grep '^not ok' "$log" | grep -vc '# *[Ss][Kk][Ii][Pp]')
	if [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1
		echo "not ok - $name exited with status $rc"
	fi
	if [ "$f" -gt 0 ] || [ $rc -ne 0 ]; then
		echo "--- $name"
		grep -v '^ok ' "$log" | grep -v '# *[Ss][Kk][Ii][Pp]' | head -60
	fi
	grep '# *[Ss][Kk][Ii][Pp]' "$log" | sed "s|^|$name: |" | head -5
	pass=$((pass + p)); fail=$((fail + f)); skip=$((skip + s))
	printf '%-40s %3d passed, %d failed, %d skipped\n' "$name" "$p" "$f" "$s"
}

for t in "$BUILD"/test/*_test; do
	[ -x "$t" ] || continue
	run_one "unit/$(basename "$t")" "$t"
done
for t in test/cli/t*.sh test/conformance/t*.sh; do
	[ -f "$t" ] || continue
	run_one "$t" sh "$t"
done
for t in "$BUILD"/fuzz/*_replay; do
	[ -x "$t" ] || continue
	corpus=test/fuzz/corpus/$(basename "$t" _replay | sed 's/^fuzz_//')
	run_one "fuzz/$(basename "$t")" "$t" "$corpus"
done
echo
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
