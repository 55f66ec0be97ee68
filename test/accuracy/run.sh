#!/bin/sh
# run.sh - the accuracy harness: extracts the single-Dense rows of the
# shared ground truth (../shared/groundtruth or $SHARED/groundtruth) to a
# TSV with Debian's Python, builds test/accuracy/accuracy.c against
# build/libhlsdse.a with the project's flags, and prints the Markdown
# report (or, with --features, the per-row fit inputs) on stdout.
#
#   sh test/accuracy/run.sh [--features] > report.md
set -eu

BUILD=${BUILD:-build}
SHARED=${SHARED:-../shared}
GT="$SHARED/groundtruth"
PY=/usr/bin/python3

if [ ! -f "$GT/wa_single_dense_train.csv" ]; then
	echo "run.sh: no ground truth at $GT (set SHARED)" >&2
	exit 1
fi
make --no-print-directory "$BUILD/libhlsdse.a" >&2

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Successful wa rows (io_parallel single QDense, Vivado HLS 2020.1).
"$PY" - "$GT/wa_single_dense_train.csv" > "$tmp/rows.tsv" <<'PYEOF'
import csv, sys
cols = ["source", "model_name", "d_in", "d_out", "weight_bits",
        "reuse_factor", "strategy", "best_latency", "interval_min", "dsp",
        "bram18", "ff", "lut"]
print("\t".join(cols))
with open(sys.argv[1], newline="") as f:
    for r in csv.DictReader(f):
        if r["synth_success"] != "1":
            continue
        r["source"] = "wa"
        print("\t".join(r[c] for c in cols))
PYEOF

PKG=$(pkg-config --cflags --libs libcjson hdf5 yaml-0.1 2>/dev/null || true)
${CC:-cc} -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Wall \
	-Wextra -Wshadow -Wformat=2 -Wstrict-prototypes \
	-Wmissing-prototypes -Wno-missing-field-initializers -Werror -O2 \
	-I. -o "$tmp/accuracy" test/accuracy/accuracy.c "$BUILD/libhlsdse.a" \
	$PKG -lm
"$tmp/accuracy" "$@" "$tmp/rows.tsv"
