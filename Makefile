# hlsdse - design-space explorer for neural networks on FPGAs.
#
#   make          build ./hlsdse (objects under build/)
#   make test     build and run every test; ends with "N passed, N failed"
#   make check    the same under ASan+UBSan (objects under build/asan/)
#   make bench    benchmarks (whole-process load time, estimate cost)
#   make deps     install missing Debian packages (apt-get; root only)
#   make demo     deps + build + examples, then run hlsdse on an example
#   make fuzz     build the libFuzzer targets with clang (build/fuzz/)

BUILD      ?= build
PKG_CONFIG ?= pkg-config
PKGS       := libcjson hdf5 yaml-0.1 sqlite3 libgit2 libxml-2.0

# Debian packages the build, the tests and the demo need.
DEB_PKGS := gcc make pkg-config libcjson-dev libhdf5-dev libyaml-dev \
	libcmocka-dev libsqlite3-dev libgit2-dev libncurses-dev libxml2-dev \
	python3 python3-h5py python3-numpy python3-yaml tmux valgrind \
	hyperfine clang yosys iverilog verilator chromium

PKG_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)
# ncurses is linked only into the app's tui/ objects and what tests them.
TUI_CFLAGS := $(shell $(PKG_CONFIG) --cflags ncursesw 2>/dev/null)
TUI_LIBS   := $(shell $(PKG_CONFIG) --libs ncursesw 2>/dev/null)
CMOCKA_CFLAGS := $(shell $(PKG_CONFIG) --cflags cmocka 2>/dev/null)
CMOCKA_LIBS   := $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null)

WARN     := -Wall -Wextra -Wshadow -Wformat=2 -Wstrict-prototypes \
	-Wmissing-prototypes -Wno-missing-field-initializers
CFLAGS   ?= -O2 -g
ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(WARN) \
	-Werror $(CFLAGS) -I. $(PKG_CFLAGS) -MMD -MP
LDLIBS_ALL = $(LDFLAGS) $(PKG_LIBS) -lm

LIB_DIRS := core estimators projects backends reports
LIB_SRC  := $(foreach d,$(LIB_DIRS),$(wildcard $(d)/*.c))
CLI_SRC  := $(wildcard cli/*.c)
TUI_SRC  := $(wildcard tui/*.c)
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ  := $(CLI_SRC:%.c=$(BUILD)/%.o)
TUI_OBJ  := $(TUI_SRC:%.c=$(BUILD)/%.o)
LIB      := $(BUILD)/libhlsdse.a
TUI_LIB  := $(BUILD)/libhlsdse_tui.a
BIN      := $(BUILD)/hlsdse

UNIT_SRC := $(wildcard test/unit/*_test.c)
UNIT_BIN := $(UNIT_SRC:test/unit/%.c=$(BUILD)/test/%)
FUZZ_SRC := $(wildcard test/fuzz/fuzz_*.c)
FUZZ_REPLAY := $(FUZZ_SRC:test/fuzz/%.c=$(BUILD)/fuzz/%_replay)
EXAMPLES_GEN := $(BUILD)/mkexamples
EXAMPLES := examples/jet_tagger.json examples/conv2d_small.json \
	examples/conv1d_small.json examples/tiny_mlp.json

# `make V=1` shows the full commands.
ifeq ($(V),1)
Q :=
else
Q := @
endif

SAN := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
	-fno-sanitize-recover=all

.PHONY: all test check bench deps demo fuzz clean examples valgrind tests-build \
	accuracy
.DEFAULT_GOAL := all

all: hlsdse

ifeq ($(BUILD),build)
hlsdse: $(BIN)
	$(Q)cp $(BIN) $@
else
hlsdse: $(BIN)
endif

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/tui/%.o: tui/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(ALL_CFLAGS) $(TUI_CFLAGS) -c $< -o $@

$(LIB): $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(Q)rm -f $@.$$$$ && $(AR) rcs $@.$$$$ $^ && mv $@.$$$$ $@

# The app's objects (ncurses), kept apart from the library; an empty
# archive while tui/ has no sources.
$(TUI_LIB): $(TUI_OBJ)
	@mkdir -p $(dir $@)
	$(Q)rm -f $@.$$$$ && $(AR) rcs $@.$$$$ $^ && mv $@.$$$$ $@

$(BIN): $(CLI_OBJ) $(TUI_LIB) $(LIB)
	@echo "  LINK    $@"
	$(Q)$(CC) $(CFLAGS) -o $@ $(CLI_OBJ) $(TUI_LIB) $(LIB) $(LDLIBS_ALL) \
		$(TUI_LIBS)

$(BUILD)/test/%: test/unit/%.c $(TUI_LIB) $(LIB)
	@mkdir -p $(dir $@)
	@echo "  LINK    $@"
	$(Q)$(CC) $(ALL_CFLAGS) $(CMOCKA_CFLAGS) -o $@ $< $(TUI_LIB) $(LIB) \
		$(CMOCKA_LIBS) $(LDLIBS_ALL) $(TUI_LIBS)

$(BUILD)/fuzz/%_replay: test/fuzz/%.c test/fuzz/replay.c $(LIB)
	@mkdir -p $(dir $@)
	@echo "  LINK    $@"
	$(Q)$(CC) $(ALL_CFLAGS) -o $@ $< test/fuzz/replay.c $(LIB) $(LDLIBS_ALL)

$(EXAMPLES_GEN): examples/mkexamples.c $(LIB)
	@mkdir -p $(dir $@)
	@echo "  LINK    $@"
	$(Q)$(CC) $(ALL_CFLAGS) -o $@ $< $(LIB) $(LDLIBS_ALL)

$(EXAMPLES) &: $(EXAMPLES_GEN)
	$(EXAMPLES_GEN) examples

examples: $(EXAMPLES)

tests-build: $(BIN) $(UNIT_BIN) $(FUZZ_REPLAY) $(EXAMPLES)

test: tests-build
	@BUILD=$(BUILD) sh test/run.sh

check:
	$(Q)$(MAKE) --no-print-directory BUILD=build/asan CFLAGS="$(SAN)" \
		LDFLAGS="$(SAN)" test

valgrind: tests-build
	@BUILD=$(BUILD) sh test/valgrind.sh

BENCH_EST := $(BUILD)/bench_estimate
BENCH_STORE := $(BUILD)/bench_store

# Every test/bench/bench_<name>.c is one benchmark program.
$(BUILD)/bench_%: test/bench/bench_%.c $(TUI_LIB) $(LIB)
	@echo "  LINK    $@"
	$(Q)$(CC) $(ALL_CFLAGS) $(TUI_CFLAGS) -o $@ $< $(TUI_LIB) $(LIB) \
		$(LDLIBS_ALL) $(TUI_LIBS)

bench: $(BIN) $(EXAMPLES) $(BENCH_EST) $(BENCH_STORE) $(BUILD)/bench_tui
	@BUILD=$(BUILD) sh test/bench/run.sh
	@$(BENCH_EST) examples/jet_tagger.json
	@$(BENCH_STORE)
	@$(BUILD)/bench_tui

# Estimator accuracy against ../shared/groundtruth; rewrites docs/ACCURACY.md.
accuracy: $(LIB)
	@BUILD=$(BUILD) sh test/accuracy/run.sh

fuzz:
	@BUILD=$(BUILD) sh test/fuzz/build.sh

deps:
	@missing=$$(for p in $(DEB_PKGS); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | \
		grep -q 'install ok installed' || echo $$p; done); \
	if [ -z "$$missing" ]; then echo "deps: all present"; exit 0; fi; \
	echo "deps: missing:" $$missing; \
	if [ "$$(id -u)" != 0 ]; then \
		echo "deps: run as root: apt-get update && apt-get install -y" $$missing; \
		exit 1; fi; \
	export DEBIAN_FRONTEND=noninteractive; \
	apt-get update -qq && apt-get install -y -qq $$missing

# The app on the bundled example (a copy in build/demo/, where its
# project jet_tagger.hlsdse/ is made the first time).
demo: deps
	$(MAKE) hlsdse examples
	@mkdir -p $(BUILD)/demo
	@[ -f $(BUILD)/demo/jet_tagger.json ] || cp examples/jet_tagger.json \
		examples/jet_tagger_weights.h5 $(BUILD)/demo/
	./hlsdse $(BUILD)/demo/jet_tagger.json

clean:
	rm -rf build hlsdse $(EXAMPLES) $(EXAMPLES:.json=_weights.h5)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
