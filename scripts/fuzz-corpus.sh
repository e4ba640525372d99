#!/usr/bin/env bash
# Seed corpora for the fuzz targets of fuzz/, from the samples of examples/ and tests/.
#   scripts/fuzz-corpus.sh && (cd fuzz && cargo +nightly fuzz run evaluate -- -max_total_time=1800)
set -euo pipefail
cd "$(dirname "$0")/.."
c=fuzz/corpus
mkdir -p "$c"/{bom_json,bom_toml,scenario,pack,evaluate,cases}
cp examples/*.bom.json "$c/bom_json/"
cp tests/scenarios/motor.bom.json "$c/bom_json/tests-motor.bom.json"
cp examples/*.bom.toml "$c/bom_toml/"
cp examples/*.scenario.json "$c/scenario/"
for f in tests/scenarios/*.scenario.*; do cp "$f" "$c/scenario/tests-$(basename "$f")"; done
cp packs/*.toml tests/packs/*.toml examples/amendments/*.toml "$c/pack/"
cp examples/cases/*.toml "$c/cases/"
# evaluate: BOM, NUL, scenario, NUL, pack.
for s in examples/*.scenario.json; do
  bom="examples/$(sed -n 's/.*"bom": *"\([^"]*\)".*/\1/p' "$s" | head -1)"
  [ -f "$bom" ] || continue
  case "$bom" in *.json) ;; *) continue ;; esac
  for pack in packs/cn-mofcom.toml tests/packs/test-cn.toml; do
    { cat "$bom"; printf '\0'; cat "$s"; printf '\0'; cat "$pack"; } \
      > "$c/evaluate/$(basename "$s" .json)-$(basename "$pack" .toml)"
  done
done
echo "corpora in $c: $(find "$c" -type f | wc -l) files"
