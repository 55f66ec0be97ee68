#!/bin/sh
# t_store_concurrency.sh - the store under concurrent processes. First six
# processes create one new store at once (five rounds). Then four
# processes write the same store for STRESS_SECONDS (10) seconds: each
# adds designs (its own commits, 10 metrics each) and metrics to designs
# any of them wrote, and lists and reads between writes. Afterwards: no
# process saw an error (no "database is locked"), the row counts read
# back through the sqlite3 library equal the sum of what the processes
# wrote, and PRAGMA integrity_check is ok. The helper
# test/store/store_stress.c is built here against $BUILD/libhlsdse.a with
# the Makefile's flags.
. test/cli/lib.sh
BUILD=${BUILD:-build}
SECS=${STRESS_SECONDS:-10}
PKGS="libcjson hdf5 yaml-0.1 sqlite3 libgit2"
FLAGS="-std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Wall -Wextra
-Wshadow -Wformat=2 -Wstrict-prototypes -Wmissing-prototypes
-Wno-missing-field-initializers -Werror -I."
SAN="-O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined
-fno-sanitize-recover=all"
STRESS=$TMP/store_stress

build() {	# build EXTRA-FLAGS: compiles the helper, quietly
	# shellcheck disable=SC2086
	${CC:-cc} $FLAGS $1 $(pkg-config --cflags $PKGS) -o "$STRESS" \
		test/store/store_stress.c "$BUILD/libhlsdse.a" \
		$(pkg-config --libs $PKGS) -lm 2>"$TMP/cc.err"
}

# The library under build/asan is instrumented: link it the same way.
case $BUILD in
*asan*) build "$SAN" ;;
*) build "-O2 -g" || build "$SAN" ;;
esac
if [ $? -ne 0 ]; then
	nok "store_stress builds" "$(head -c 600 "$TMP/cc.err")"
	done_testing
	exit
fi
ok "store_stress builds"

# Six processes creating the same new store at once, five times over:
# each must open it (one migrates, the others wait and see version 1).
bad=0
for round in 1 2 3 4 5; do
	rm -f "$TMP/race.db" "$TMP/race.db-wal" "$TMP/race.db-shm"
	pids=""
	for p in 1 2 3 4 5 6; do
		"$STRESS" init "$TMP/race.db" 2>>"$TMP/race.err" &
		pids="$pids $!"
	done
	for pid in $pids; do wait "$pid" || bad=$((bad + 1)); done
done
expect_eq "six processes create one store at once (5 rounds)" \
	"$bad $(cat "$TMP/race.err")" "0 "

DB=$TMP/runs.db
run "$STRESS" init "$DB"
expect_rc "the store is created" 0

pids=""
for p in 1 2 3 4; do
	"$STRESS" run "$DB" "$SECS" "p$p" >"$TMP/out$p" 2>"$TMP/err$p" &
	pids="$pids $!"
done
i=1
for pid in $pids; do
	wait "$pid"
	expect_eq "writer $i exits with 0" "$?" 0
	i=$((i + 1))
done

designs=0 metrics=0 errs=""
for p in 1 2 3 4; do
	set -- $(cat "$TMP/out$p")
	designs=$((designs + ${2:-0})); metrics=$((metrics + ${4:-0}))
	errs="$errs$(cat "$TMP/err$p")"
done
expect_eq "no writer reported an error" "$errs" ""
if grep -qi 'locked\|busy' "$TMP"/err*; then
	nok "no 'database is locked' or busy error" "$(cat "$TMP"/err*)"
else
	ok "no 'database is locked' or busy error"
fi
if [ "$designs" -gt 40 ]; then
	ok "the writers wrote ($designs designs, $metrics metric rows)"
else
	nok "the writers wrote" "only $designs designs in $SECS s"
fi

run "$STRESS" check "$DB"
expect_rc "the store can be read back" 0
expect_eq "no design or metric row lost" "$(head -n 1 "$TMP/out")" \
	"designs $designs metrics $metrics"
expect_out "PRAGMA integrity_check is ok" "integrity ok"
done_testing
