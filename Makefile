# The only commands a newcomer needs: `make demo` and `make test` (and `make bench`).
SWIFT ?= swift
# The test recipe uses pipefail.
SHELL := /bin/bash
# The most the test run may take, in seconds (a full run takes about 5 minutes on 2 cores).
TEST_TIME_LIMIT ?= 2700

# Debian package -> a file it installs. A package is installed only when its file is missing.
# postgresql is the server the PostgreSQL store's tests start on their own (initdb, pg_ctl).
DEB_PACKAGES := libcurl4-openssl-dev:/usr/include/x86_64-linux-gnu/curl/curl.h \
                libsqlite3-dev:/usr/include/sqlite3.h \
                libqrencode-dev:/usr/include/qrencode.h \
                postgresql:/usr/lib/postgresql/*/bin/initdb

.PHONY: deps build test docs demo bench bench-build clean

deps:
	@missing=""; \
	for entry in $(DEB_PACKAGES); do \
	  pkg=$${entry%%:*}; header=$${entry#*:}; \
	  if ! ls $$header >/dev/null 2>&1 && ! dpkg -s "$$pkg" >/dev/null 2>&1; then missing="$$missing $$pkg"; fi; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; \
	  elif command -v sudo >/dev/null 2>&1; then SUDO="sudo"; \
	  else echo "error: need$$missing; run as root or install sudo, or install them yourself" >&2; exit 1; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null \
	    || { echo "error: apt-get could not install$$missing" >&2; exit 1; }; \
	fi

build: deps
	$(SWIFT) build --build-tests

# The docs are built after the code they document (their symbol graphs reuse that build) and
# before the tests, so a broken symbol link fails `make test` as a failing test does.
# A run that hangs is interrupted at TEST_TIME_LIMIT (SIGINT, on which `swift test` ends the test
# process, whose children die with it; killed 30 s later if still running), and a failed or stopped
# run ends with the tests that never finished (Tests/unfinished-tests.sh). stdbuf: the test process
# line-buffers its output, so a stopped run loses no line of it.
test: build
	@$(MAKE) --no-print-directory docs
	@set -o pipefail; log=$$(mktemp); \
	timeout --signal=INT --kill-after=30 $(TEST_TIME_LIMIT) stdbuf -oL -eL $(SWIFT) test --skip-build 2>&1 | tee "$$log"; status=$$?; \
	if [ $$status -eq 124 ] || [ $$status -eq 137 ]; then echo "make test: stopped after $(TEST_TIME_LIMIT) s"; fi; \
	if [ $$status -ne 0 ]; then echo "tests that started and did not finish:"; Tests/unfinished-tests.sh < "$$log"; fi; \
	rm -f "$$log"; exit $$status

# Every DocC catalog in the package (the core's and each adapter's; a catalog NAME.docc belongs to
# target NAME), built with swift-docc-plugin into .build/plugins/Swift-DocC/outputs. Warnings are
# errors, so a broken symbol link fails it; parameter-documentation checks are off.
DOC_TARGETS := $(sort $(basename $(notdir $(shell find Sources Providers -type d -name '*.docc'))))
docs: deps
	$(SWIFT) package --disable-sandbox generate-documentation $(addprefix --target ,$(DOC_TARGETS)) \
	  --warnings-as-errors --disable-parameters-and-returns-validation

demo: deps
	$(SWIFT) run switchboard demo

# Benchmarks/ is a package of its own (see Benchmarks/bench.sh): installs nginx and wrk when missing,
# runs the benchmarks against nginx on loopback and rewrites BENCHMARKS.md.
bench: deps
	SWIFT=$(SWIFT) Benchmarks/bench.sh

# Builds the benchmark package (release, as `make bench` runs it) without running it: the check to
# run after changing public API. Not part of `make test`: it builds AsyncHTTPClient, NIO and the
# harness in release, many minutes on a small machine, for code that ships nowhere.
bench-build: deps
	cd Benchmarks && $(SWIFT) build -c release

clean:
	rm -rf .build
