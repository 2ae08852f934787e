#!/usr/bin/env bash
# Compares the content-safety policy's cost per 2 KB prompt of gateway builds in one JVM, rounds alternating (the
# operations of ContentSafetyBenchmark through bench/ab/ContentSafetyProbe.java and bench/ab/InspectAb.java).
# Usage:  OP=chat bench/content-safety-ab.sh OLD.jar=OLD_POLICY_DIR NEW.jar=NEW_POLICY_DIR   (copy jars out of target/)
# Env:    OP=chat (the chat request, JSON parse and audit included) | prompt (scan of the clean prompt) | attack
#         ROUNDS=40 N=1000 CPU=1 (the core it is pinned to)
# Prints per jar the thread CPU time per operation ("ns/pair" reads ns per operation here): minimum, quartile and median of the last two thirds of the rounds.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
(($# >= 1)) || { echo "usage: bench/content-safety-ab.sh OLD.jar[=DIR] NEW.jar[=DIR] ..." >&2; exit 2; }
out=$(mktemp -d "${TMPDIR:-/tmp}/content-safety-ab.XXXXXX")
trap 'rm -rf "$out"' EXIT
javac -nowarn -cp "${1%%=*}" -d "$out" bench/ab/ContentSafetyProbe.java
javac -nowarn -d "$out" bench/ab/InspectAb.java
taskset -c "${CPU:-1}" java -DprobeClass=ContentSafetyProbe -Dop="${OP:-chat}" -Dprobe="$out" -Drounds="${ROUNDS:-40}" \
  -Dn="${N:-1000}" -cp "$out" InspectAb "$@"
