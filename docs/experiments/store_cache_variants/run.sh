#!/usr/bin/env bash
# The one device call of issue 17 of 2026-11-30 (H200), from a folder holding build.sh's lib/
# and bin/, this folder's triton_dump.py and docs/experiments/torch_compile_baseline.py (the run
# used a copy of it with the same --ours NAME=LIB handling): the eight variants and
# torch.compile in the torch harness (--compiles 1), then the kernel tests and compute-sanitizer
# memcheck of v1-v7, the SASS of every variant's 16-byte fused kernels, and Triton's generated
# code, PTX and SASS for five cases. Everything in $OUT/r.tgz. Took 104 s.
set -u
cd "$(dirname "$0")"
export LD_LIBRARY_PATH=/usr/local/cuda/lib64:${LD_LIBRARY_PATH:-}
export PYTHONUNBUFFERED=1
R=$OUT/r; mkdir -p "$R"
t0=$(date +%s)
left() { echo $(( 222 - ($(date +%s) - t0) )); }
{ date -u; nvidia-smi --query-gpu=name,driver_version,clocks.sm,clocks.mem,temperature.gpu,power.draw --format=csv; } > "$R/env.txt" 2>&1
L=(); for v in v0 v1 v2 v3 v4 v5 v6 v7; do L+=(--ours "$v=$PWD/lib/sc_$v.so"); done
timeout 150 python3 torch_compile_baseline.py --out "$R" --workers 8 --compiles 1 --only store_cache "${L[@]}" > "$R/torch.log" 2>&1; echo "rc $?" >> "$R/torch.log"
T=$(( $(left) - 12 )); [ $T -gt 70 ] && T=70
for v in v1 v2 v3 v4 v5 v6 v7; do
  ( timeout $T bin/test_$v > "$R/test_$v.log" 2>&1; echo "rc $?" >> "$R/test_$v.log" ) &
  ( timeout $T compute-sanitizer --tool memcheck --error-exitcode 99 bin/test_$v --gtest_filter='StoreCache/0.*:StoreCache/2.Fused*:StoreCache/2.Misaligned*' > "$R/memcheck_$v.log" 2>&1; echo "rc $?" >> "$R/memcheck_$v.log" ) &
done
W=/tmp/tdump; mkdir -p $W/ind $W/tri
( TORCHINDUCTOR_FORCE_DISABLE_CACHES=0 TORCHINDUCTOR_CACHE_DIR=$W/ind TRITON_CACHE_DIR=$W/tri TORCH_LOGS=output_code timeout $T python3 triton_dump.py > "$R/triton_dump.log" 2>&1; echo "rc $?" >> "$R/triton_dump.log" ) &
for v in v0 v1 v2 v3 v4 v5 v6 v7; do cuobjdump -sass lib/sc_$v.so > "$R/sass_$v.txt" 2>&1; done
for v in v0 v1 v2 v3 v4 v5 v6 v7; do
  echo "#### $v"; awk '/Function : .*(scatter_rows_kernel|scatter_flat_kernel)I5uint4Li[124]ELi2E/{p=1; print; next} p&&/Function : /{p=0} p&&/LDG|STG|BRA|EXIT|ACQBULK|PREEXIT/' "$R/sass_$v.txt" | sed 's@/\* 0x[0-9a-f]* \*/@@'
done > "$R/sass_check.txt"
wait
mkdir -p "$R/triton"
find $W -name '*.cubin' | while read f; do b=$(basename $(dirname $f))_$(basename $f .cubin); cuobjdump -sass "$f" > "$R/triton/$b.sass" 2>&1; done
find $W \( -name '*.ptx' -o -name '*.json' -o -name '*.ttgir' \) | while read f; do cp "$f" "$R/triton/$(basename $(dirname $f))_$(basename $f)"; done
cd "$OUT" && tar czf r.tgz r && rm -rf r
