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
	go test -run='^$' -fuzz="^${fn}\$" -fuzztime="$t" "$pkg"
	n=$((n + 1))
done < <(git ls-files '*_test.go' | xargs -r grep -Ho '^func Fuzz[A-Za-z0-9_]*' | sed 's/func //' | sort)
echo "fuzzed $n targets"
