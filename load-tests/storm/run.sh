#!/bin/sh
# The bad-input storm against a running node; see Storm.java for the options. JDK 17 only, nothing to download.
#   load-tests/storm/run.sh --base http://localhost:8080 --requests 10000 --seed 1
set -e
dir=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
javac -d "$out" "$dir"/*.java
java -cp "$out" Storm "$@"
