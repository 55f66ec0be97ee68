#!/bin/sh
# t_malformed_h5.sh - hostile HDF5 input to `hlsdse layers`: a weights
# file with a layer group removed, a kernel of the wrong shape, a string
# kernel, a dataset named in weight_names but absent (all made with h5py
# from the jet-tagger example); a PNG renamed .h5, an empty file, a 1 GB
# sparse file, a named pipe, truncated HDF5, a kernel compressed with a
# filter libhdf5 lacks, a "full model" without model_config.
# Each must give one "hlsdse: error: ..." line on stderr, exit 1 and
# print nothing on stdout.
. test/cli/lib.sh

ARCH=examples/jet_tagger.json
GOOD=examples/jet_tagger_weights.h5

# expect_fail DESC MESSAGE: the last run failed cleanly with MESSAGE.
expect_fail() {
	expect_rc "$1: exit 1" 1
	expect_err "$1: message" "hlsdse: error: $2"
	if [ -s "$TMP/out" ]; then
		nok "$1: nothing on stdout" "stdout: $(head -c 200 "$TMP/out")"
	else
		ok "$1: nothing on stdout"
	fi
	n=$(wc -l <"$TMP/err" | tr -d ' ')
	expect_eq "$1: one line on stderr" "$n" 1
}

# Files that are not HDF5 at all need neither h5py nor the examples.
"$PY" - "$TMP/image.h5" <<'PY' 2>/dev/null || printf '\211PNG\r\n\032\n\0\0\0\rIHDR' >"$TMP/image.h5"
import struct, sys, zlib
def chunk(t, d):
    return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)) \
    + chunk(b"IDAT", zlib.compress(b"\x00\x00")) + chunk(b"IEND", b"")
open(sys.argv[1], "wb").write(png)
PY
: >"$TMP/empty.h5"
truncate -s 1G "$TMP/sparse.h5"

if [ -f "$ARCH" ] && [ -f "$GOOD" ]; then
	for f in image empty sparse; do
		run "$HLSDSE" layers "$ARCH" --weights "$TMP/$f.h5"
		expect_fail "$f.h5 as weights" "'$TMP/$f.h5' is not an HDF5 file"
	done
	# a named pipe is refused without being opened for reading
	if mkfifo "$TMP/pipe.h5" 2>/dev/null; then
		run "$HLSDSE" layers "$ARCH" --weights "$TMP/pipe.h5"
		expect_fail "named pipe as weights" \
			"'$TMP/pipe.h5' is not a regular file"
	else
		skip "mkfifo unavailable: named pipe as weights"
	fi
else
	skip "examples not built (make examples): bad weights files"
fi
# as the model itself: refused (as JSON or HDF5), whatever the wording
for f in image empty sparse; do
	run "$HLSDSE" layers "$TMP/$f.h5"
	expect_rc "$f.h5 as model: exit 1" 1
	expect_err "$f.h5 as model: message names the file" "'$TMP/$f.h5'"
	expect_eq "$f.h5 as model: nothing on stdout" "$(wc -c <"$TMP/out" | tr -d ' ')" 0
done

if [ ! -f "$ARCH" ] || [ ! -f "$GOOD" ]; then
	skip "examples not built (make examples): edited HDF5 files"
	done_testing; exit
fi

# truncated copies of a good file: the superblock alone, and half of it
size=$(wc -c <"$GOOD" | tr -d ' ')
head -c 2048 "$GOOD" >"$TMP/head.h5"
head -c $((size / 2)) "$GOOD" >"$TMP/half.h5"
for f in head half; do
	run "$HLSDSE" layers "$ARCH" --weights "$TMP/$f.h5"
	expect_fail "truncated ($f) weights" \
		"'$TMP/$f.h5': unable to open HDF5 file (truncated or corrupt)"
done

if ! have_h5py; then
	skip "python3-h5py absent ($PY): edited HDF5 files"
	done_testing; exit
fi

# edit DEST PYTHON: copies the good file to $TMP/DEST and runs the
# Python statements on it (open as f).
edit() {
	cp "$GOOD" "$TMP/$1"
	"$PY" -c "import h5py, numpy as np
f = h5py.File('$TMP/$1', 'r+')
$2
f.close()" || nok "h5py edit of $1"
}

edit nogroup.h5 'del f["fc2"]'
run "$HLSDSE" layers "$ARCH" --weights "$TMP/nogroup.h5"
expect_fail "missing layer group" \
	"'$TMP/nogroup.h5': no weights for layer 'fc2' (group missing)"

edit shape.h5 'k = f["fc1/fc1/kernel:0"][()]
del f["fc1/fc1/kernel:0"]
f["fc1/fc1"].create_dataset("kernel:0", data=k[:, :63])'
run "$HLSDSE" layers "$ARCH" --weights "$TMP/shape.h5"
expect_fail "wrong kernel shape" \
	"'$TMP/shape.h5': layer 'fc1' weight 'kernel' has shape 16x63, expected 16x64"

edit big.h5 'del f["output/output/bias:0"]
f["output/output"].create_dataset("bias:0", data=np.zeros(6, "f4"))'
run "$HLSDSE" layers "$ARCH" --weights "$TMP/big.h5"
expect_fail "dataset larger than its spec" \
	"'$TMP/big.h5': layer 'output' weight 'bias' has shape 6, expected 5"

edit string.h5 'del f["fc3/fc3/kernel:0"]
f["fc3/fc3"].create_dataset("kernel:0", data=np.array([b"abc"] * 4))'
run "$HLSDSE" layers "$ARCH" --weights "$TMP/string.h5"
expect_fail "string kernel" \
	"'$TMP/string.h5': layer 'fc3' weight 'kernel' is not numeric"

edit nodata.h5 'del f["fc1/fc1/bias:0"]'
run "$HLSDSE" layers "$ARCH" --weights "$TMP/nodata.h5"
expect_fail "dataset named in weight_names but absent" \
	"'$TMP/nodata.h5': layer 'fc1' weight 'bias' missing (no dataset 'fc1/bias:0')"

edit lzf.h5 'k = f["fc2/fc2/kernel:0"][()]
del f["fc2/fc2/kernel:0"]
f["fc2/fc2"].create_dataset("kernel:0", data=k, compression="lzf")'
run "$HLSDSE" layers "$ARCH" --weights "$TMP/lzf.h5"
expect_fail "kernel compressed with h5py's lzf filter" \
	"'$TMP/lzf.h5': layer 'fc2' weight 'kernel' is unreadable (corrupt file, or a compression filter libhdf5 lacks)"

edit badnames.h5 'f["fc2"].attrs["weight_names"] = np.array([1.5, 2.5])'
run "$HLSDSE" layers "$ARCH" --weights "$TMP/badnames.h5"
expect_fail "numeric weight_names" \
	"'$TMP/badnames.h5': layer 'fc2': attribute 'weight_names' is not a list of strings"

# an HDF5 file given as a full model but holding no architecture
run "$HLSDSE" layers "$GOOD"
expect_fail "weights-only file as model" \
	"'$GOOD': no model found in the file (no model_config attribute)"

done_testing
