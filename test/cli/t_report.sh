#!/bin/sh
# t_report.sh - `hlsdse report` and `hlsdse plot` end to end on a fixed
# project: hls4ml's own report test model (test/data/report/fc1_16x5.json:
# Dense(5) on 16 inputs with relu, io_stream, xc7z020, Vivado HLS), whose
# real Vivado HLS reports ../shared/reports/hls4ml_test_report are
# ingested into run:1, and a second design (fc1 reuse 4, resource) whose
# run:2 fails on this machine (no vivado_hls). Checks:
# - the text, Markdown, CSV and JSON renderings of the report and of a
#   comparison against golden files in test/data/golden/ (commits, times
#   and pids replaced; UPDATE_GOLDEN=1 rewrites them), skipped with a
#   message when ../shared is absent;
# - CSV read back with Python's csv module equals the JSON rendering of
#   the same table value for value;
# - every SVG plot and the HTML report are well-formed XML, checked with
#   libxml2 (test/report/xmlcheck.c, built here);
# - the HTML report rendered by headless Chromium is not blank (PNG
#   decoded with Python's zlib and struct), skipped when Chromium is
#   absent (`make deps` installs it);
# - usage errors and missing runs.
. test/cli/lib.sh
BUILD=${BUILD:-build}
PKGS="libcjson hdf5 yaml-0.1 sqlite3 libgit2 libxml-2.0"
J=$TMP/fc1
REP=$SHARED/reports/hls4ml_test_report
GOLD=$TOP/test/data/golden
CHECK=$TMP/xmlcheck

# pyj EXPR: EXPR over the JSON on standard input, as d
pyj() { "$PY" -c "import json, sys; d = json.load(sys.stdin); print($1)"; }

# normalize FILE: what changes from one run of the test to the next
# (commits, times, the worker's pid, the project's path) made constant.
normalize() {
	sed -e "s|$J|PROJECT|g" \
	    -e 's/[0-9]\{4\}-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z/TIME/g' \
	    -e 's/worker [0-9][0-9]*/worker PID/g' $SEDC "$1"
}

# golden NAME FILE: FILE, normalized, is test/data/golden/NAME.
golden() {
	normalize "$2" > "$TMP/norm"
	if [ -n "$UPDATE_GOLDEN" ]; then
		cp "$TMP/norm" "$GOLD/$1"
		ok "$1 rewritten"
	elif cmp -s "$TMP/norm" "$GOLD/$1"; then
		ok "$1 matches its golden file"
	else
		nok "$1 matches its golden file" "$(diff -u "$GOLD/$1" "$TMP/norm" | head -30)"
	fi
}

${CC:-cc} -std=c11 -Wall -Wextra -Werror $(pkg-config --cflags libxml-2.0) \
	-o "$CHECK" test/report/xmlcheck.c $(pkg-config --libs libxml-2.0) 2>"$TMP/cc.err"
if [ $? -ne 0 ]; then nok "xmlcheck builds" "$(head -c 600 "$TMP/cc.err")"; fi

"$HLSDSE" init "$J" --model test/data/report/fc1_16x5.json --part xc7z020clg400-1 \
	--io-type io_stream --backend vivado >/dev/null 2>&1
env PATH=/usr/bin:/bin "$HLSDSE" synth "$J" --label hls4ml-test-report --wait >/dev/null 2>&1
have_reports=
if [ -d "$REP" ]; then
	run "$HLSDSE" ingest "$J" run:1 "$REP/myproject_csynth.xml" "$REP/vivado_synth.rpt"
	expect_rc "ingest of hls4ml's report test results into run:1" 0
	have_reports=1
fi
"$HLSDSE" design set "$J" fc1.reuse_factor=4 fc1.strategy=resource >/dev/null 2>&1
env PATH=/usr/bin:/bin "$HLSDSE" synth "$J" --label rf4-resource --wait >/dev/null 2>&1
expect_eq "two runs, two designs" "$("$HLSDSE" runs "$J" --json |
	pyj 'len(d), len(set(r["design"] for r in d))')" "2 2"
SEDC=
for d in 1 2; do
	c=$("$HLSDSE" designs "$J" --json | pyj "[x['commit'] for x in d if x['id'] == $d][0]")
	SEDC="$SEDC -e s/$c/COMMIT$d/g -e s/$(echo "$c" | cut -c1-7)/COMMIT$d/g"
done

# The renderings, on the fixed project.
for f in text md csv json; do
	run "$HLSDSE" report "$J" --all --format $f
	expect_rc "report --all --format $f" 0
	cp "$TMP/out" "$TMP/report.$f"
done
run "$HLSDSE" report "$J" --compare run:1 run:2 design:2 --format md
expect_rc "report --compare run:1 run:2 design:2" 0
cp "$TMP/out" "$TMP/compare.md"
run "$HLSDSE" report "$J" --compare run:1 run:2 design:2 --format csv
cp "$TMP/out" "$TMP/compare.csv"
run "$HLSDSE" report "$J" --compare run:1 run:2 design:2 --format json
cp "$TMP/out" "$TMP/compare.json"
if [ -n "$have_reports" ]; then
	golden report.txt "$TMP/report.text"
	golden report.md "$TMP/report.md"
	golden report.csv "$TMP/report.csv"
	golden report.json "$TMP/report.json"
	golden compare.md "$TMP/compare.md"
	golden compare.csv "$TMP/compare.csv"
else
	skip "../shared/reports absent: golden renderings need run:1's real results"
fi

# CSV read back equals the JSON rendering of the same table.
roundtrip() {	# roundtrip CSV JSON TITLE
	"$PY" - "$1" "$2" "$3" <<'PYEOF'
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
doc = json.load(open(sys.argv[2]))
tables = [t for s in doc["sections"] for t in s["tables"] if t["title"] == sys.argv[3]]
want = tables[0]["rows"]
bad = []
if len(rows) != len(want):
    bad.append("%d rows, want %d" % (len(rows), len(want)))
for got, w in zip(rows, want):
    if list(got) != list(w):
        bad.append("columns %s, want %s" % (list(got), list(w)))
    for k, v in w.items():
        g = got.get(k)
        if v is None:
            ok = g == ""
        elif isinstance(v, (int, float)):
            ok = g != "" and float(g) == float(v)
        else:
            ok = g == v
        if not ok:
            bad.append("%s: %r, want %r" % (k, g, v))
print("same %d" % len(rows) if not bad else "; ".join(bad[:5]))
PYEOF
}
expect_eq "report CSV read back with Python's csv equals the JSON runs table" \
	"$(roundtrip "$TMP/report.csv" "$TMP/report.json" runs)" "same 2"
expect_eq "comparison CSV read back equals the JSON metrics table" \
	"$(roundtrip "$TMP/compare.csv" "$TMP/compare.json" metrics)" \
	"same $(grep -c '"metric":' "$TMP/compare.json")"

# HTML and plots: well-formed XML (libxml2), the format from -o's name.
run "$HLSDSE" report "$J" --all -o "$TMP/report.html"
expect_rc "report -o report.html" 0
expect_eq "-o writes the file and prints nothing" "$(wc -c < "$TMP/out")" 0
run "$CHECK" html "$TMP/report.html"
expect_rc "the HTML report is well-formed (libxml2)" 0
n=$(grep -c '<svg xmlns' "$TMP/report.html")
# runs' Pareto, DSP and LUT accuracy against csynth and impl, designs'
# Pareto, two runs' layers; without results the last three only
if [ -n "$have_reports" ]; then want=8; else want=3; fi
expect_eq "the HTML report holds its plots inline" "$n" "$want"
expect_eq "and loads nothing from elsewhere" "$(grep -c ' src=\| href=\|url(' "$TMP/report.html")" 0
run "$HLSDSE" report "$J" --compare run:1 run:2 -o "$TMP/compare.html"
run "$CHECK" html "$TMP/compare.html"
expect_rc "the HTML comparison is well-formed" 0
run "$HLSDSE" plot "$J" pareto --designs all -o "$TMP/designs.svg"
expect_rc "plot pareto --designs all" 0
run "$HLSDSE" plot "$J" layers --run 2 -o "$TMP/layers.svg"
expect_rc "plot layers --run 2" 0
run "$HLSDSE" plot "$J" pareto --estimate --x latency_cycles --y lut
expect_rc "plot pareto --estimate to stdout" 0
cp "$TMP/out" "$TMP/stdout.svg"
svgs="$TMP/designs.svg $TMP/layers.svg $TMP/stdout.svg"
if [ -n "$have_reports" ]; then
	run "$HLSDSE" plot "$J" pareto -o "$TMP/pareto.svg"
	expect_rc "plot pareto (finished runs)" 0
	run "$HLSDSE" plot "$J" accuracy --metric lut -o "$TMP/lut.svg"
	expect_rc "plot accuracy --metric lut" 0
	# LUT: estimate 1487 against csynth 2532 (myproject_csynth.xml)
	expect_eq "the accuracy plot's title gives the error" \
		"$(grep -o 'median |error| [0-9.]* %' "$TMP/lut.svg" | head -1)" "median |error| 41.3 %"
	run "$HLSDSE" plot "$J" accuracy --metric dsp --source impl -o "$TMP/impl.svg"
	expect_rc "plot accuracy --source impl" 0
	svgs="$svgs $TMP/pareto.svg $TMP/lut.svg $TMP/impl.svg"
fi
# shellcheck disable=SC2086
run "$CHECK" svg $svgs
expect_rc "every SVG plot is well-formed (libxml2)" 0

# Headless Chromium draws the report (not a blank page).
CHROME=$(command -v chromium || command -v chromium-browser)
if [ -z "$CHROME" ]; then
	skip "chromium absent: HTML rendering not checked (make deps installs it)"
else
	timeout 60 "$CHROME" --headless --no-sandbox --disable-gpu \
		--user-data-dir="$TMP/chrome" --screenshot="$TMP/shot.png" \
		--window-size=1200,900 "file://$TMP/report.html" >"$TMP/chrome.log" 2>&1
	got=$("$PY" - "$TMP/shot.png" <<'PYEOF'
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n"
pos, idat, w = 8, b"", 0
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if kind == b"IHDR":
        w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
    elif kind == b"IDAT":
        idat += body
    pos += 12 + n
assert depth == 8 and ctype in (2, 6)
bpp = 3 if ctype == 2 else 4
raw, stride = zlib.decompress(idat), w * bpp
prev, colours, ink = bytearray(stride), set(), 0
for y in range(h):
    f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for i in range(stride):
        a = line[i - bpp] if i >= bpp else 0
        b, c = prev[i], prev[i - bpp] if i >= bpp else 0
        if f == 1: line[i] = (line[i] + a) & 255
        elif f == 2: line[i] = (line[i] + b) & 255
        elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    for x in range(0, stride, bpp):
        px = bytes(line[x:x + 3])
        colours.add(px)
        ink += px != b"\xff\xff\xff"
    prev = line
print(w, h, len(colours) >= 16, ink * 100 // (w * h) >= 2)
PYEOF
)
	expect_eq "Chromium's screenshot of the report is 1200x900, many colours, not blank" \
		"$got" "1200 900 True True"
fi

# The table-printing commands in every format: Markdown and CSV golden,
# CSV read back against each command's own --json.
for c in runs designs; do
	run "$HLSDSE" $c "$J" --format csv
	expect_rc "$c --format csv" 0
	cp "$TMP/out" "$TMP/$c.csv"
	run "$HLSDSE" $c "$J" --json
	cp "$TMP/out" "$TMP/$c.json"
	run "$HLSDSE" $c "$J" --format json
	expect_eq "$c --format json is $c --json" "$(cmp -s "$TMP/out" "$TMP/$c.json" && echo same)" same
done
run "$HLSDSE" runs "$J" --format md
cp "$TMP/out" "$TMP/runs.md"
run "$HLSDSE" layers test/data/report/fc1_16x5.json --format csv
cp "$TMP/out" "$TMP/layers.csv"
run "$HLSDSE" compare "$J" design:1 design:2 --format md
cp "$TMP/out" "$TMP/compare_designs.md"
run "$HLSDSE" parts --format csv
cp "$TMP/out" "$TMP/parts.csv"
run "$HLSDSE" parts --json
cp "$TMP/out" "$TMP/parts.json"
golden designs.csv "$TMP/designs.csv"
golden layers.csv "$TMP/layers.csv"
golden compare_designs.md "$TMP/compare_designs.md"
if [ -n "$have_reports" ]; then
	golden runs.md "$TMP/runs.md"
	golden runs.csv "$TMP/runs.csv"
fi
got=$("$PY" - "$TMP/parts.csv" "$TMP/parts.json" "$TMP/runs.csv" "$TMP/runs.json" <<'PYEOF'
import csv, json, sys
parts = list(csv.DictReader(open(sys.argv[1], newline="")))
want = json.load(open(sys.argv[2]))
bad = [p["device"] for p, w in zip(parts, want)
       if any(str(w[k]) != p[k] if isinstance(w[k], str) else float(p[k]) != w[k]
              for k in w)]
runs = list(csv.DictReader(open(sys.argv[3], newline="")))
# --json goes through cJSON's printer, which may drop the last bit
# (3422.4559999999997 prints 3422.456); the CSV keeps every bit
same = lambda a, b: abs(a - b) <= abs(b) * 2.3e-16
for r, w in zip(runs, json.load(open(sys.argv[4]))):
    for side, suffix in (("estimate", "_est"), ("actual", "_act")):
        for k, v in w[side].items():
            if not same(float(r[k + suffix]), v):
                bad.append("run %s %s%s" % (w["id"], k, suffix))
    if r["error"] != (w["error"] or "") or r["id"] != "run:%d" % w["id"]:
        bad.append("run %s" % w["id"])
print(len(parts) == len(want) and len(runs) == 2, bad)
PYEOF
)
expect_eq "parts and runs as CSV, read back with Python's csv, equal their --json" "$got" "True []"

# A project with no runs yet: the report still has its runs table.
E=$TMP/empty
"$HLSDSE" init "$E" --model test/data/report/fc1_16x5.json >/dev/null 2>&1
run "$HLSDSE" report "$E" --format csv
expect_rc "report of a project without runs" 0
expect_eq "its CSV is the runs table's heading alone" "$(tr -d '\r' < "$TMP/out")" \
	"$(head -1 "$TMP/report.csv" | tr -d '\r')"
run "$HLSDSE" plot "$E" pareto
expect_rc "plot pareto without runs exits 1" 1
expect_err "saying why" "nothing to plot: no finished run's result has both 'latency_ns' and 'dsp'"

# Usage errors and failures.
run "$HLSDSE" report "$J" --format pdf
expect_rc "an unknown format is a usage error" 2
expect_err "naming it" "unknown format 'pdf'"
run "$HLSDSE" report "$J" --runs 9
expect_rc "a missing run exits 1" 1
expect_err "naming it" "no run:9"
run "$HLSDSE" report "$J" --runs 1,x
expect_rc "a malformed list exits 1" 1
expect_err "quoting it" "'1,x' is not a list of runs"
run "$HLSDSE" report "$J" --compare run:1
expect_rc "--compare of one is a usage error" 2
run "$HLSDSE" report "$J" --compare run:1 fc1
expect_rc "--compare of something not a run or design exits 1" 1
expect_err "quoting it" "'fc1' is not run:N or design:N"
run "$HLSDSE" plot "$J" pareto --x power
expect_rc "an unknown metric is a usage error" 2
expect_err "listing the known ones" "unknown metric 'power' (dsp, lut"
run "$HLSDSE" plot "$J" layers
expect_rc "layers without --run is a usage error" 2
run "$HLSDSE" plot "$J" violin
expect_rc "an unknown plot is a usage error" 2
run "$HLSDSE" plot "$J" accuracy --source yosys
expect_rc "accuracy without results from that source exits 1" 1
expect_err "saying so" "no finished run has both an estimate and a yosys result for 'lut'"
run "$HLSDSE" report "$J" -o "$TMP/nodir/r.md"
expect_rc "an unwritable -o exits 1" 1
for c in "runs $J" "designs $J" "compare $J design:1 design:2" "parts" "layers test/data/report/fc1_16x5.json"; do
	# shellcheck disable=SC2086
	run "$HLSDSE" $c --format yaml
	expect_rc "${c%% *} --format yaml is a usage error" 2
done
done_testing
