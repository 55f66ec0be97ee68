#!/bin/sh
# t_usage.sh - the command line's surface: --version, --help on every
# command, usage errors exit 2, unknown commands and options.
. test/cli/lib.sh

run "$HLSDSE" --version
expect_rc "--version exits 0" 0
expect_out "--version prints the version" "hlsdse 0."
run "$HLSDSE" --help
expect_rc "--help exits 0" 0
expect_out "--help lists layers" "layers"
expect_out "--help lists design" "design"
for c in layers "design" "design new" "design set" "design show" "design save" \
	estimate parts init designs compare restore synth jobs cancel runs show \
	ingest worker export backends; do
	run "$HLSDSE" $c --help
	expect_rc "hlsdse $c --help exits 0" 0
	expect_out "hlsdse $c --help prints usage" "usage: hlsdse $c"
done
run "$HLSDSE"
expect_rc "no command is a usage error" 2
run "$HLSDSE" frobnicate
expect_rc "unknown command exits 2" 2
expect_err "unknown command is named" "hlsdse: error: 'frobnicate' is not an hlsdse command"
run "$HLSDSE" layers
expect_rc "layers without a model exits 2" 2
expect_err "usage is printed" "usage: hlsdse layers"
run "$HLSDSE" layers --bogus x.json
expect_rc "unknown option exits 2" 2
expect_err "unknown option is named" "--bogus"
run "$HLSDSE" design frob
expect_rc "unknown design command exits 2" 2
run "$HLSDSE" design new
expect_rc "design new without a model exits 2" 2
done_testing
