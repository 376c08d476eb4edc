#!/usr/bin/env bash
# Runs every Fuzz target in the module for the given time each (Go runs one
# target per invocation, so they are found and run one by one).
set -euo pipefail
cd "$(dirname "$0")/.."
t=${1:-3s}
n=0
while IFS=: read -r file fn; do
	pkg=./$(dirname "$file")
	echo "fuzz $pkg $fn ($t)"
	# Go's fuzzer can end a time-bounded run inside a slow input and report
	# "context deadline exceeded" without any failing input: that is the
	# harness, not the code, so such a run is repeated once. A real failure
	# writes its input under testdata/fuzz and is never retried.
	if ! out=$(go test -run='^$' -fuzz="^${fn}\$" -fuzztime="$t" "$pkg" 2>&1); then
		echo "$out"
		if grep -q 'context deadline exceeded' <<<"$out" && ! grep -q 'Failing input written' <<<"$out"; then
			echo "fuzz $pkg $fn: harness deadline, running again"
			go test -run='^$' -fuzz="^${fn}\$" -fuzztime="$t" "$pkg"
		else
			exit 1
		fi
	else
		echo "$out" | tail -n 2
	fi
	n=$((n + 1))
done < <(git ls-files '*_test.go' | xargs -r grep -Ho '^func Fuzz[A-Za-z0-9_]*' | sed 's/func //' | sort)
echo "fuzzed $n targets"
