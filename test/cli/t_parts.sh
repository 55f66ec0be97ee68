#!/bin/sh
# t_parts.sh - `hlsdse parts`: the JSON catalog (checked with Python's
# json module) lists the 19 built-in devices with exactly the documented
# fields and hls4ml's anchor capacities; --file and the user config add
# or replace devices; bad files and options fail in git's voice.
. test/cli/lib.sh

# keep the user's own ~/.config/hlsdse/parts.json out of the results
XDG_CONFIG_HOME=$TMP/xdg
export XDG_CONFIG_HOME

run "$HLSDSE" parts --json
expect_rc "parts --json exits 0" 0
cp "$TMP/out" "$TMP/p.json"
got=$("$PY" - "$TMP/p.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
keys = {"device", "family", "example", "lut", "ff", "dsp", "dsp_kind",
        "bram18", "uram"}
bad = [p.get("device") for p in d if set(p) != keys]
vu = [p for p in d if p["device"] == "xcvu13p"][0]
print(len(d) >= 19, bad, vu["bram18"], vu["dsp"], vu["ff"], vu["lut"],
      vu["uram"], vu["dsp_kind"], vu["example"])
PY
)
expect_eq "19+ devices, exact fields, xcvu13p capacities" "$got" \
	"True [] 5376 12288 3456000 1728000 1280 DSP48E2 xcvu13p-flga2577-2-e"

run "$HLSDSE" parts
expect_rc "text table exits 0" 0
expect_out "text table header" "DSP kind  BRAM18  URAM"
expect_out "text table row for xc7z020" "xc7z020clg400-1"

cat >"$TMP/mine.json" <<'EOF'
[{"device": "xcmyboard", "family": "zynquplus", "example": "xcmyboard-a1-1",
  "dsp_kind": "DSP48E2", "lut": 1000, "ff": 2000, "dsp": 10, "bram18": 8,
  "uram": 0}]
EOF
run "$HLSDSE" parts --json --file "$TMP/mine.json"
expect_rc "--file exits 0" 0
cp "$TMP/out" "$TMP/f.json"
got=$("$PY" -c '
import json, sys
d = json.load(open(sys.argv[1]))
print(len(d), d[-1]["device"], d[-1]["lut"], d[-1]["dsp_kind"])
' "$TMP/f.json")
expect_eq "--file adds a 20th device" "$got" "20 xcmyboard 1000 DSP48E2"

mkdir -p "$XDG_CONFIG_HOME/hlsdse"
cat >"$XDG_CONFIG_HOME/hlsdse/parts.json" <<'EOF'
[{"device": "xc7z020", "family": "zynq7", "example": "xc7z020clg484-1",
  "dsp_kind": "DSP48E1", "lut": 1, "ff": 2, "dsp": 3, "bram18": 4,
  "uram": 0}]
EOF
run "$HLSDSE" parts --json
expect_rc "user config loads" 0
cp "$TMP/out" "$TMP/u.json"
got=$("$PY" -c '
import json, sys
d = json.load(open(sys.argv[1]))
z = [p for p in d if p["device"] == "xc7z020"]
print(len(d), len(z), z[0]["lut"], z[0]["example"])
' "$TMP/u.json")
expect_eq "user config replaces xc7z020 in place" "$got" \
	"19 1 1 xc7z020clg484-1"
rm -f "$XDG_CONFIG_HOME/hlsdse/parts.json"

printf '[{"device": "xca", "lut": "many"}]' >"$TMP/bad.json"
run "$HLSDSE" parts --file "$TMP/bad.json"
expect_rc "bad file exits 1" 1
expect_err "bad file: git-style error naming the entry" \
	"hlsdse: error: $TMP/bad.json: [0]: missing key 'family'"

printf '[1,' >"$TMP/trunc.json"
run "$HLSDSE" parts --file "$TMP/trunc.json"
expect_rc "truncated file exits 1" 1
expect_err "truncated file: line and column" \
	"hlsdse: error: $TMP/trunc.json:1:4: invalid JSON: unexpected end of file"

run "$HLSDSE" parts --file "$TMP/absent.json"
expect_rc "absent --file exits 1" 1
expect_err "absent --file named" "hlsdse: error: unable to read '$TMP/absent.json'"

run "$HLSDSE" parts --bogus
expect_rc "unknown option exits 2" 2
expect_err "unknown option named" "unknown option '--bogus'"

run "$HLSDSE" parts --file
expect_rc "--file without a value exits 2" 2
expect_err "--file without a value" "option '--file' needs a value"

run "$HLSDSE" parts --help
expect_rc "--help exits 0" 0
expect_out "--help shows usage" "usage: hlsdse parts [--json] [--file PARTS.json]"

done_testing
