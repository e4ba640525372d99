#!/usr/bin/env bash
# Runs the same commands with two longarm binaries and compares their outputs byte for byte:
# the check a performance change must pass (docs/performance.md). Usage:
#
#   scripts/compare-outputs.sh OLD_BINARY NEW_BINARY [--large]
#
# Covers every sample scenario (JSON, JSON and text with --explain, CSV, strict materials),
# synthetic BOMs (a tree and DAGs, several destinations, dates and seeds), `check --batch`,
# `longarm bom`, broken BOMs (every problem message), and `longarm test examples`. `--large`
# adds the 100,000-item DAG. Exit status 1 and the differing commands listed when any differ.
set -u
old=$1
new=$2
large=${3:-}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$root" || exit 2
differ=0
count=0

# Runs "$@" with each binary (the word BIN replaced) and compares stdout, stderr and status.
same() {
    local args=("$@") a o n
    o=(); n=()
    for a in "${args[@]}"; do o+=("${a//BIN/$old}"); n+=("${a//BIN/$new}"); done
    "${o[@]}" >"$work/o.out" 2>"$work/o.err"; echo "status $?" >>"$work/o.err"
    "${n[@]}" >"$work/n.out" 2>"$work/n.err"; echo "status $?" >>"$work/n.err"
    count=$((count + 1))
    if ! cmp -s "$work/o.out" "$work/n.out" || ! cmp -s "$work/o.err" "$work/n.err"; then
        differ=$((differ + 1))
        echo "DIFFERS: ${args[*]}"
        diff <(head -c 2000 "$work/o.out") <(head -c 2000 "$work/n.out") | head -10
        diff "$work/o.err" "$work/n.err" | head -10
    fi
}

for s in examples/*.scenario.json; do
    same BIN check "$s" --format json
    same BIN check "$s" --format json --explain
    same BIN check "$s" --explain
    same BIN check "$s" --format csv
    same BIN check "$s" --strict-materials
done

"$old" synth --items 10000 --shape dag --depth 11 --seed 7 >"$work/dag10k.json"
"$old" synth --items 10000 --shape tree --depth 11 --seed 7 >"$work/tree10k.json"
sizes=(dag10k tree10k)
if [ "$large" = --large ]; then
    "$old" synth --items 100000 --shape dag --depth 11 --seed 7 >"$work/dag100k.json"
    sizes+=(dag100k)
fi
for seed in 3 11 19; do
    "$old" synth --items 3000 --shape dag --depth 9 --seed "$seed" >"$work/s$seed.json"
    sizes+=("s$seed")
done
for b in "${sizes[@]}"; do
    for to in CN US RU DE; do
        same BIN check --bom "$work/$b.json" --item ROOT --from US --to "$to" --date 2026-06-01 --format json --explain
    done
    same BIN check --bom "$work/$b.json" --item ROOT --from VN --to IR --date 2025-01-15 --format csv
    same BIN check --bom "$work/$b.json" --item ROOT --from VN --to CN --date 2026-06-01 --strict-materials --explain
    same BIN bom "$work/$b.json" --format json
    same BIN bom "$work/$b.json" --depth 3
done

# A batch over two BOMs, with a bad line and an unknown item.
{
    for to in CN US RU DE JP IR; do
        echo "{\"bom\": \"dag10k.json\", \"item\": \"ROOT\", \"from\": \"VN\", \"to\": \"$to\", \"date\": \"2026-06-01\"}"
        echo "{\"bom\": \"s3.json\", \"item\": \"ROOT\", \"from\": \"US\", \"to\": \"$to\", \"date\": \"2025-06-01\"}"
    done
    echo "{\"bom\": \"s3.json\", \"item\": \"NOPE\", \"from\": \"US\", \"to\": \"CN\", \"date\": \"2025-06-01\"}"
    echo "not json"
} >"$work/batch.jsonl"
same BIN check --batch "$work/batch.jsonl"
same BIN check --batch "$work/batch.jsonl" --explain

# Broken BOMs: every problem, with its path and line.
same BIN check --bom tests/bad/many-problems.bom.json --item X --from US --to CN --date 2026-06-01
python3 - "$work" <<'PY'
import json, sys, random
work = sys.argv[1]
bom = json.load(open(f"{work}/s3.json"))
random.seed(5)
items = bom["items"]
# One problem of each kind a loader reports, in a large file.
items[3]["origin"] = "Chna"
items[5]["value"] = "-1"
items[7]["id"] = items[8]["id"]
items[9].setdefault("components", []).append({"item": "MISSING-1", "quantity": "1"})
items[10]["colour"] = "red"
items[11]["classification"] = {"us": "3a001"}
items[12]["material"] = {"form": "magnet", "elements": ["dy", "Xx"]}
items[13]["value"] = {"amount": "3", "currency": "EUR"}
items[14]["components"] = [{"item": items[15]["id"], "quantity": "0"}]
items[16]["tags"] = "x"
items[17]["made_with"] = [{"kind": "tech", "origin": "US"}]
items[18]["id"] = ""
items[19]["name"] = 5
json.dump(bom, open(f"{work}/broken.json", "w"), indent=1)
text = open(f"{work}/s3.json").read()
open(f"{work}/syntax.json", "w").write(text[: len(text) // 2] + "}")
open(f"{work}/dupkey.json", "w").write(text.replace('"currency"', '"currency": "USD", "currency"', 1))
PY
for f in broken syntax dupkey; do
    same BIN check --bom "$work/$f.json" --item ROOT --from US --to CN --date 2026-06-01
    same BIN bom "$work/$f.json"
done
# A BOM problem is reported before a pack problem; a pack problem alone.
same BIN check --bom "$work/broken.json" --item ROOT --from US --to CN --date 2026-06-01 --rules "$work/none.toml"
same BIN check --bom "$work/s3.json" --item ROOT --from US --to CN --date 2026-06-01 --rules "$work/none.toml"
same BIN check --bom "$work/s3.json" --item ROOT --from US --to CN --date 2026-06-01 --limit items=100
same BIN check --bom "$work/s3.json" --item ROOT --from US --to CN --date 2026-06-01 --limit components=100
same BIN check --bom "$work/s3.json" --item ROOT --from US --to CN --date 2026-06-01 --limit bom_depth=3
same BIN test examples

echo "$count commands compared, $differ differ"
[ "$differ" -eq 0 ]
