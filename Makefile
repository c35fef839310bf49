# Entry points. `make run` and `make test` work on a fresh Debian 12 machine: they install what is
# missing (scripts/bootstrap.sh), configure, build, then run the quickstart or every test.
BUILD_DIR ?= build
JOBS ?= $(shell nproc)

.PHONY: all deps configure build run test bench clean
.PHONY: deps-clang fuzz-build fuzz fuzz-smoke test-asan test-tsan

all: build

deps:
	@bash scripts/bootstrap.sh

configure: deps
	@cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null

build: configure
	@cmake --build $(BUILD_DIR) -j $(JOBS)

run: build
	@bash scripts/quickstart.sh

test: build
	@ctest --test-dir $(BUILD_DIR) --output-on-failure -j $(JOBS)

bench: build
	@bash bench/run

clean:
	rm -rf $(BUILD_DIR)

# Fuzzing and sanitizers (docs/TESTING.md). Each has its own build directory (CMakePresets.json).
# make fuzz: clang + libFuzzer + ASan/UBSan in build-fuzz, then every target for FUZZ_SECONDS each;
# fails on any crash, leak or timeout, leaving the input in build-fuzz/crashes/<target>/.
FUZZ_SECONDS ?= 60

deps-clang:
	@bash scripts/bootstrap.sh --clang

fuzz-build: deps-clang
	@cmake --preset fuzz >/dev/null
	@cmake --build --preset fuzz -j $(JOBS)

fuzz: fuzz-build
	@FUZZ_SECONDS=$(FUZZ_SECONDS) bash fuzz/run.sh

# CI's short run: only the targets that need no storage layers (schema, gq, params), so the clang
# build is small; 20 s each.
fuzz-smoke: deps-clang
	@cmake --preset fuzz >/dev/null
	@cmake --build --preset fuzz-lang -j $(JOBS)
	@FUZZ_SECONDS=$${FUZZ_SECONDS:-20} bash fuzz/run.sh schema gq params

# The whole ctest suite (unit, e2e through the CLI, fuzz regressions) under ASan + UBSan + LSan.
test-asan: deps
	@cmake --preset asan >/dev/null
	@cmake --build --preset asan -j $(JOBS)
	@ctest --preset asan -j $(JOBS)

# The tests that run threads or concurrent processes, under TSan.
test-tsan: deps
	@cmake --preset tsan >/dev/null
	@cmake --build --preset tsan -j $(JOBS)
	@ctest --preset tsan -j $(JOBS)
