#!/usr/bin/env bash
# Exact-speed-up check (issue 13): `record DIR` saves `ce-nas simulate --json` for seeds 0-2,
# all five default policies (compiled CLI, dist/); `compare DIR` reruns them and fails on any
# byte of difference. Run `npm run build` first so that dist/ holds the code under test.
set -euo pipefail
mode=${1:?usage: check-sim-identical.sh record|compare DIR [backend]}
dir=${2:?usage: check-sim-identical.sh record|compare DIR [backend]}
backend=${3:-wasm}
cd "$(dirname "$0")/.."
mkdir -p "$dir"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
status=0
for seed in 0 1 2; do
  name="seed$seed-$backend.json"
  node bin/ce-nas.js simulate --json --seed "$seed" --backend "$backend" --out "$scratch/out$seed" >"$scratch/$name" 2>/dev/null
  if [ "$mode" = record ]; then
    cp "$scratch/$name" "$dir/$name"
  elif cmp -s "$scratch/$name" "$dir/$name"; then
    echo "identical: seed $seed ($backend)"
  else
    echo "DIFFERENT: seed $seed ($backend)"; status=1
  fi
done
exit $status
