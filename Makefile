# The only commands a newcomer needs: `make demo` and `make test` (and `make bench`).
SWIFT ?= swift

# Debian package -> a file it installs. A package is installed only when its file is missing.
# postgresql is the server the PostgreSQL store's tests start on their own (initdb, pg_ctl).
DEB_PACKAGES := libcurl4-openssl-dev:/usr/include/x86_64-linux-gnu/curl/curl.h \
                libsqlite3-dev:/usr/include/sqlite3.h \
                libqrencode-dev:/usr/include/qrencode.h \
                postgresql:/usr/lib/postgresql/*/bin/initdb

.PHONY: deps build test docs demo bench clean

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
test: build
	@$(MAKE) --no-print-directory docs
	$(SWIFT) test --skip-build

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

clean:
	rm -rf .build
