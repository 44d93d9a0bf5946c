#!/usr/bin/env bash
# The store_cache variants of issue 17 (2026-11-30), each built as a ctypes library for
# docs/experiments/torch_compile_baseline.py (--ours vN=LIB) and as kernel_store_cache_test:
#   v0  the kernel of e961b98 (ld.volatile row loads: LDG.E.128.STRONG.SYS before the branch)
#   v1  v0 with `asm volatile` ld.global.nc.L1::no_allocate loads (ptxas sank them under the
#       slot branch)
#   v2  v0's launch shape, a 2D block (no division), __ldg loads, predicated stores
#   v3  flat (vf_store_cache.cuh): a word a thread, 128 threads, __ldg loads, predicated stores
#   v4  v3 with two words a thread
#   v5  v3 with plain ld.global loads
#   v6  v3 with blocks of 256 threads halved down to 32 while the grid has under 2 blocks an SM
#   v7  v3 with blocks of 128 threads halved the same way
#
#   [VARIANTS="v0 v3"] docs/experiments/store_cache_variants/build.sh OUT_DIR [so|test]   (nvcc 13)
# The device run (run.sh) takes OUT_DIR/lib and OUT_DIR/bin.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
out=$(mkdir -p "$1" && cd "$1" && pwd)
what=${2:-so}
mkdir -p "$out/lib" "$out/bin"
tree() {  # tree NAME HEADER: OUT/src/NAME/kernels/{store_cache.cuh,detail/}
  mkdir -p "$out/src/$1/kernels"
  cp -r "$root/kernels/detail" "$out/src/$1/kernels/"
  cat > "$out/src/$1/kernels/store_cache.cuh"
}
git -C "$root" show e961b98:kernels/store_cache.cuh | tree v0
git -C "$root" show e961b98:kernels/store_cache.cuh |
  sed 's/ld\.volatile\.global\./ld.global.nc.L1::no_allocate./' | tree v1
tree v2 < "$here/v2_store_cache.cuh"
tree vf < "$here/vf_store_cache.cuh"
declare -A dir=([v0]=v0 [v1]=v1 [v2]=v2 [v3]=vf [v4]=vf [v5]=vf [v6]=vf [v7]=vf)
f=-DSC_FLAT_TEST
declare -A def=([v0]="" [v1]="" [v2]="" [v3]="$f -DSC_TPB=128 -DSC_WPT=1 -DSC_LOAD=0"
  [v4]="$f -DSC_TPB=128 -DSC_WPT=2 -DSC_LOAD=0" [v5]="$f -DSC_TPB=128 -DSC_WPT=1 -DSC_LOAD=1"
  [v6]="$f -DSC_TPB=256 -DSC_WPT=1 -DSC_LOAD=0 -DSC_ADAPTIVE=1"
  [v7]="$f -DSC_TPB=128 -DSC_WPT=1 -DSC_LOAD=0 -DSC_ADAPTIVE=1")
nv="nvcc -std=c++17 -O3 -arch=sm_90 -lineinfo"
for v in ${VARIANTS:-v0 v1 v2 v3 v4 v5 v6 v7}; do
  inc="-I$out/src/${dir[$v]}"
  if [[ $what == so ]]; then
    $nv -shared -Xcompiler -fPIC -cudart shared $inc ${def[$v]} -o "$out/lib/sc_$v.so" \
      "$here/sc_ctypes.cu"
  else
    # This commit's test: its wide-index test is compiled for the flat variants only.
    $nv -cudart shared $inc -I"$root" ${def[$v]} -o "$out/bin/test_$v" \
      "$root/tests/kernels/store_cache_test.cu" -lgtest_main -lgtest -lpthread
  fi
done
