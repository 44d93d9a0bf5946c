#!/usr/bin/env bash
# The small cases of the shipped benchmarks, timed with the reference check (the default) and
# with --no-check, three processes each, in several positions of a process: the measurement
# behind docs/results.md "Small kernels: the reference check and the launch state". Needs a GPU
# and a build with the benchmarks and tests.
#
#   docs/experiments/check_vs_no_check.sh [BUILD_DIR] [OUT_DIR]    (defaults: build, build/check)
# Writes one CSV a run into OUT_DIR (NAME.{default,nocheck}.REP.csv), then prints each figure in
# both modes and exits 1 if any two disagree by more than max(1%, 0.03 us).
set -euo pipefail

build=${1:-build}
out=${2:-$build/check}
mkdir -p "$out"

runs=(
  "qk_a|bench_qknorm|--impl fused --filter T=bf16,head_dim=128,num_q_heads=64,num_kv_heads=8,batch=1|64"
  "qk_b|bench_qknorm|--impl fused --filter T=bf16,head_dim=128,batch=1|64"
  "sc_a|bench_store_cache|--impl fused --filter T=bf16,row=1024,tokens=1|64"
  "sc_b|bench_store_cache|--impl fused --filter T=bf16,tokens=1|64"
  "act_a|bench_activation|--impl vectorized,no_pdl --filter T=bf16,act=silu,d=4096,tokens=1"
  "act_b|bench_activation|--impl vectorized,no_pdl --filter T=bf16,tokens=1|2"
  "copy_a|bench_copy|--impl kernel --filter size=4096|1048576"
  "copy_b|bench_copy|--impl kernel --filter size=4096|8192|16384|32768|65536|131072|262144|524288|1048576"
  "ls|tests/runtime/launch_state_bench|--impl kernel"
)
for rep in 1 2 3; do
  for entry in "${runs[@]}"; do
    IFS='|' read -r name program args <<<"$entry"
    read -r -a argv <<<"$args"
    "$build/$program" --format csv "${argv[@]}" >"$out/$name.default.$rep.csv"
    "$build/$program" --format csv --no-check "${argv[@]}" >"$out/$name.nocheck.$rep.csv"
  done
done

# Each figure (benchmark, case, impl, position in its process) by both modes: the mean of the
# three processes' medians, and whether they agree within max(1%, 0.03 us).
python3 - "$out" <<'PY'
import csv, glob, os, sys

out = sys.argv[1]
figures = {}
for path in sorted(glob.glob(os.path.join(out, "*.csv"))):
    name, mode, _, _ = os.path.basename(path).split(".")
    with open(path, newline="") as f:
        reader = csv.DictReader(f)
        params = reader.fieldnames[1:reader.fieldnames.index("impl")]
        median_column = next(k for k in reader.fieldnames if k.startswith("median"))
        rows = list(reader)
    for position, row in enumerate(rows, 1):
        if row["status"] != "ok":
            continue
        median = row[median_column]
        case = ",".join(f"{k}={row[k]}" for k in params)
        key = (name, row["benchmark"], case, row["impl"], position)
        figures.setdefault(key, {}).setdefault(mode, []).append(float(median))
bad = 0
for key, modes in sorted(figures.items()):
    a, b = modes.get("default", []), modes.get("nocheck", [])
    if not a or not b:
        continue
    ma, mb = sum(a) / len(a), sum(b) / len(b)
    ok = abs(ma - mb) <= max(0.01 * max(ma, mb), 0.03)
    bad += not ok
    print(f"{'ok ' if ok else 'OFF'} {key[0]:7s} {key[3]:12s} #{key[4]:<3d} {key[2][:70]:70s} "
          f"default {ma:8.3f}  --no-check {mb:8.3f} us")
print(f"{len(figures) - bad} of {len(figures)} figures agree within max(1%, 0.03 us)")
sys.exit(1 if bad else 0)
PY
