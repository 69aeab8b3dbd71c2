#!/usr/bin/env bash
# Reads a `swift test` log on stdin and prints the Swift Testing tests that started and never
# ended (no "passed", "failed" or "skipped" line): what a run that hung or was killed waited on.
# Two suites may hold tests of one name, so starts and ends are counted.
awk '
  /^◇ Test .* started\.$/ && !/^◇ Test (case |run )/ {
    name = $0; sub(/^◇ Test /, "", name); sub(/ started\.$/, "", name); open[name]++; next
  }
  /^(✔|✘) Test .* (passed|failed) after / {
    name = $0; sub(/^(✔|✘) Test /, "", name); sub(/ (passed|failed) after .*$/, "", name)
    sub(/ with [0-9]+ test cases?$/, "", name); open[name]--; next
  }
  /^➜ Test .* skipped(\.|:)/ {
    name = $0; sub(/^➜ Test /, "", name); sub(/ skipped(\.|:).*$/, "", name); open[name]--
  }
  END { for (name in open) if (open[name] > 0) print "  " name }
' | sort
