#!/usr/bin/env bash
# Builds bench_store_cache_x, the launch variants of the fused store_cache kernel (issue 17),
# into OUT_DIR, against a configured and built jitbench build directory:
#   docs/experiments/store_cache_variants/build.sh BUILD_DIR OUT_DIR
#   OUT_DIR/bench_store_cache_x --filter 'tokens=1|64|256|1024|16384' --verify-timing
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
build=$(cd "$1" && pwd)
out=$2
mkdir -p "$out"
# The kernel of main 2cab129 beside the current one, in namespace kernels::old.
git -C "$root" show 2cab129:kernels/store_cache.cuh |
  sed -e 's|#include "detail/common.cuh"|#include "kernels/detail/common.cuh"|' \
      -e 's|^namespace kernels {$|namespace kernels {\nnamespace old {|' \
      -e 's|^namespace detail {$|namespace detail {\nusing namespace kernels::detail;|' \
      -e 's|^}  // namespace kernels$|}  // namespace old\n}  // namespace kernels|' \
      >"$out/store_cache_old.cuh"
cp "$here/store_cache_variants.cuh" "$here/store_cache_x.yaml" "$out/"
"$build/generator/jitbench-gen" --spec "$out/store_cache_x.yaml" --out "$out/bench_store_cache_x.cu"
nvcc=${CUDACXX:-/usr/local/cuda/bin/nvcc}
"$nvcc" -std=c++17 -O3 -DNDEBUG -arch=sm_90 -I"$out" -I"$root" -I"$root/runtime/include" \
  -o "$out/bench_store_cache_x" "$out/bench_store_cache_x.cu" "$build/runtime/libjitbench_runtime.a" \
  -lcupti -L/usr/local/cuda/lib64 -L/usr/local/cuda/lib
