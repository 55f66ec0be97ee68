#!/bin/sh
# test/fuzz/build.sh - builds every libFuzzer target test/fuzz/fuzz_*.c
# with clang (-fsanitize=fuzzer,address,undefined) into $BUILD/fuzz-clang/,
# the library sources compiled with the same sanitizers and coverage
# instrumentation, then prints how to run each target. Run from the
# repository root (`make fuzz`); not part of `make test`, whose gcc build
# replays the seed corpora through test/fuzz/replay.c instead.
set -e
BUILD=${BUILD:-build}
CLANG=${CLANG:-clang}
PKG_CONFIG=${PKG_CONFIG:-pkg-config}
OUT=$BUILD/fuzz-clang
PKGS="libcjson hdf5 yaml-0.1 sqlite3 libgit2 libxml-2.0"

if ! command -v "$CLANG" >/dev/null 2>&1; then
	echo "fuzz: $CLANG not found (apt-get install clang)" >&2
	exit 1
fi
[ -f test/fuzz/build.sh ] || { echo "fuzz: run from the repository root" >&2; exit 1; }

PKG_CFLAGS=$($PKG_CONFIG --cflags $PKGS 2>/dev/null || true)
PKG_LIBS=$($PKG_CONFIG --libs $PKGS 2>/dev/null || true)
CFLAGS="-std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Wall -Wextra \
	-g -O1 -fno-omit-frame-pointer -fno-sanitize-recover=all -I. $PKG_CFLAGS"
SAN="address,undefined"

mkdir -p "$OUT/obj"
# Library objects: sanitizers plus coverage, no libFuzzer main. An object
# is rebuilt when its source or any library header is newer.
newest_h=$(ls -t core/*.h estimators/*.h projects/*.h backends/*.h \
	reports/*.h 2>/dev/null | head -1)
objs=
for src in core/*.c estimators/*.c projects/*.c backends/*.c reports/*.c; do
	[ -f "$src" ] || continue
	obj=$OUT/obj/$(echo "$src" | tr / _ | sed 's/\.c$/.o/')
	if [ ! -f "$obj" ] || [ "$src" -nt "$obj" ] || \
	   { [ -n "$newest_h" ] && [ "$newest_h" -nt "$obj" ]; }; then
		echo "CC  $src"
		$CLANG $CFLAGS -fsanitize=fuzzer-no-link,$SAN -c "$src" -o "$obj"
	fi
	objs="$objs $obj"
done
rm -f "$OUT/libhlsdse-fuzz.a"
ar rcs "$OUT/libhlsdse-fuzz.a" $objs

targets=
for src in test/fuzz/fuzz_*.c; do
	[ -f "$src" ] || continue
	name=$(basename "$src" .c)
	echo "LD  $OUT/$name"
	$CLANG $CFLAGS -fsanitize=fuzzer,$SAN -o "$OUT/$name" "$src" \
		"$OUT/libhlsdse-fuzz.a" $PKG_LIBS -lm
	targets="$targets $name"
done

echo
echo "Built:$targets"
echo "Run each one for a while (new inputs go to the first directory,"
echo "the seeds in test/fuzz/corpus/ are only read):"
for name in $targets; do
	short=${name#fuzz_}
	dict=
	[ -f "test/fuzz/$short.dict" ] && dict=" -dict=test/fuzz/$short.dict"
	echo "  mkdir -p $OUT/corpus/$short && $OUT/$name$dict -max_total_time=60 -artifact_prefix=$OUT/ $OUT/corpus/$short test/fuzz/corpus/$short"
done
echo "A crash leaves $OUT/crash-<sha1>; replay it with the gcc build"
echo "  $BUILD/fuzz/<target>_replay $OUT/crash-<sha1>   (make tests-build)"
echo "and add it to test/fuzz/corpus/<name>/ once fixed."
