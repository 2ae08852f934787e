#!/usr/bin/env bash
# Compares the request-and-answer inspection cost of gateway builds in one JVM (see bench/ab/InspectAb.java).
# Usage:  bench/inspect-ab.sh OLD.jar NEW.jar [MORE.jar...]   (copy jars out of target/ first: mvn rewrites it)
#         OLD.jar=DIR inspects with that jar's own policy directory instead of POLICIES
# Env:    ROUNDS=60 N=200 POLICIES=policies (the pack to inspect with)
#         NAMES= (the policies of the pack applied, comma-separated; empty: all of them)
#         CACHE=0 (texts the segment cache keeps, as the gateway's limits.segmentCacheEntries, 20000 by default; 0: none)
#         UNIQUE=1 (the last message of every request ends with its own number, as in bench/proxy-bench.sh)
#         EVICT=0 (KB of memory walked after the request's inspection and after the answer's, as a proxy's other work
#           evicts the inspection's tables from the caches; its own cost is measured apart and taken off)
# Needs:  a JDK 17. Runs on the CPU clock of its own thread, so a busy machine shifts all jars alike.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
(($# >= 1)) || { echo "usage: bench/inspect-ab.sh OLD.jar NEW.jar [MORE.jar...]" >&2; exit 2; }
out=$(mktemp -d "${TMPDIR:-/tmp}/inspect-ab.XXXXXX")
trap 'rm -rf "$out"' EXIT
javac -nowarn -cp "${1%%=*}" -d "$out" bench/ab/InspectProbe.java
javac -nowarn -d "$out" bench/ab/InspectAb.java
java -Dprobe="$out" -Drounds="${ROUNDS:-60}" -Dn="${N:-200}" -Dpolicies="${POLICIES:-policies}" -Dunique="${UNIQUE:-1}" -Dnames="${NAMES:-}" -Dcache="${CACHE:-0}" -Devict="${EVICT:-0}" -cp "$out" InspectAb "$@"
