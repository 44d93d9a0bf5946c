#!/usr/bin/env bash
# Builds the kernel GPU tests (tests/kernels), runs them, runs each again under
# compute-sanitizer memcheck and initcheck, and counts the 16-byte global accesses in the
# vectorised kernels' SASS. Prints one summary; full logs stay in BUILD_DIR/kernel-checks/.
#
#   tests/kernels/run_gpu_checks.sh [BUILD_DIR]      (default: build-kernel-checks)
#   CUDA_ARCH=90 (default) picks the architecture; SKIP_SANITIZER=1 skips the sanitizer runs.
#
# Exit status 0 when every test passed and the sanitizer reported nothing.
set -u

root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build-kernel-checks}
arch=${CUDA_ARCH:-90}
logs=$build/kernel-checks
tests=(qknorm store_cache activation copy page_gather)
targets=()
for t in "${tests[@]}"; do targets+=("kernel_${t}_test"); done
jobs=$(nproc 2>/dev/null || echo 4)
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
mkdir -p "$logs"
status=0

echo "== device: $(nvidia-smi --query-gpu=name,driver_version --format=csv,noheader 2>/dev/null | head -1)"
echo "== nvcc:   $(nvcc --version | tail -2 | head -1)"

# The whole project first; if some other part does not configure or build right now, a small
# project that holds only tests/kernels (the kernels need nothing else).
built_dir=""
if cmake -S "$root" -B "$build" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release \
     -DCMAKE_CUDA_ARCHITECTURES="$arch" -DJITBENCH_BUILD_BENCHMARKS=OFF \
     >"$logs/configure.log" 2>&1 &&
   cmake --build "$build" -j "$jobs" --target "${targets[@]}" >"$logs/build.log" 2>&1; then
  built_dir=$build/tests/kernels
else
  echo "== project build failed (see $logs/build.log); building tests/kernels alone"
  alone=$build/kernels-alone
  mkdir -p "$alone/src"
  cat >"$alone/src/CMakeLists.txt" <<EOF
cmake_minimum_required(VERSION 3.25)
project(jitbench_kernel_checks LANGUAGES CXX CUDA)
set(CMAKE_CXX_STANDARD 17)
set(CMAKE_CUDA_STANDARD 17)
set(CMAKE_CXX_EXTENSIONS OFF)
set(CMAKE_CUDA_EXTENSIONS OFF)
set(PROJECT_SOURCE_DIR "$root")
list(APPEND CMAKE_MODULE_PATH "$root/cmake")
option(JITBENCH_WERROR "" ON)
include(CTest)
include(JitBenchWarnings)
find_package(CUDAToolkit REQUIRED)
find_package(GTest REQUIRED)
include(GoogleTest)
add_subdirectory("$root/tests/kernels" kernels)
EOF
  if cmake -S "$alone/src" -B "$alone/build" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release \
       -DCMAKE_CUDA_ARCHITECTURES="$arch" >"$logs/configure-alone.log" 2>&1 &&
     cmake --build "$alone/build" -j "$jobs" >"$logs/build-alone.log" 2>&1; then
    built_dir=$alone/build/kernels
  else
    echo "== BUILD FAILED"
    tail -30 "$logs/build-alone.log" 2>/dev/null || tail -30 "$logs/configure-alone.log"
    exit 1
  fi
fi
echo "== built in $built_dir"

demangle() { if command -v c++filt >/dev/null; then c++filt; else cat; fi; }

# "PASS n" / "FAIL n/m" / "SKIP" from a gtest log.
gtest_summary() {
  local log=$1 passed failed skipped
  passed=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -1)
  failed=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -1)
  skipped=$(sed -n 's/^\[  SKIPPED \] \([0-9]*\) test.*/\1/p' "$log" | tail -1)
  if [[ -n $failed ]]; then
    echo "FAIL ${failed}/$((${passed:-0} + failed))"
  elif [[ -n $skipped && ${passed:-0} == 0 ]]; then
    echo "SKIP"
  elif [[ -n $passed ]]; then
    echo "PASS ${passed}"
  else
    echo "CRASH"
  fi
}

# "clean" / "N errors" from a compute-sanitizer log.
sanitizer_summary() {
  local log=$1 rc=$2 line
  line=$(grep -E "ERROR SUMMARY: [0-9]+ error" "$log" | tail -1)
  if [[ $rc -eq 0 && $line == *"ERROR SUMMARY: 0 errors"* ]]; then
    echo "clean"
  elif [[ -n $line ]]; then
    echo "${line#*ERROR SUMMARY: } (rc $rc)"
  else
    echo "no summary (rc $rc)"
  fi
}

printf '\n%-26s %-12s %-10s %-22s %-22s\n' test plain seconds memcheck initcheck
for t in "${tests[@]}"; do
  bin=$built_dir/kernel_${t}_test
  start=$(date +%s)
  "$bin" >"$logs/$t.log" 2>&1
  rc=$?
  plain=$(gtest_summary "$logs/$t.log")
  seconds=$(($(date +%s) - start))
  [[ $rc -ne 0 || $plain != PASS* ]] && status=1
  memcheck="-"
  initcheck="-"
  if [[ ${SKIP_SANITIZER:-0} != 1 ]] && ! command -v compute-sanitizer >/dev/null; then
    memcheck="not found"
    initcheck="not found"
    status=1
  elif [[ ${SKIP_SANITIZER:-0} != 1 ]]; then
    compute-sanitizer --tool memcheck --leak-check full --error-exitcode 99 \
      "$bin" >"$logs/$t.memcheck.log" 2>&1
    rc=$?
    memcheck=$(sanitizer_summary "$logs/$t.memcheck.log" $rc)
    compute-sanitizer --tool initcheck --error-exitcode 99 \
      "$bin" >"$logs/$t.initcheck.log" 2>&1
    rc=$?
    initcheck=$(sanitizer_summary "$logs/$t.initcheck.log" $rc)
    [[ $memcheck != clean || $initcheck != clean ]] && status=1
  fi
  printf '%-26s %-12s %-10s %-22s %-22s\n' "kernel_${t}_test" "$plain" "$seconds" "$memcheck" \
    "$initcheck"
done

# Failing tests, briefly.
for t in "${tests[@]}"; do
  if grep -q '^\[  FAILED  \]' "$logs/$t.log"; then
    echo
    echo "== $t: failures (full log: $logs/$t.log)"
    grep -E 'Failure|error:|differ|^\[  FAILED  \]|Trace|head_dim|tokens|bytes' "$logs/$t.log" |
      head -40
  fi
done

# 16-byte loads and stores: LDG.E.128 / STG.E.128 counts of every kernel that has any (the
# 16-byte instantiations of copy_kernel<uint4>, scatter_flat_kernel<uint4, ...>,
# act_and_mul_kernel<T, A, 16 / sizeof(T)> and every rms_norm_heads_kernel should be listed).
if command -v cuobjdump >/dev/null; then
  echo
  echo "== SASS: kernels with 16-byte global accesses (LDG.128 / STG.128)"
  for t in "${tests[@]}"; do
    cuobjdump --dump-sass "$built_dir/kernel_${t}_test" 2>/dev/null | awk '
      /Function :/ { name = $3; next }
      /LDG\.E[.A-Z0-9]*128/ { ldg[name]++ }
      /STG\.E[.A-Z0-9]*128/ { stg[name]++ }
      END { for (n in ldg) printf "  %3d / %3d  %s\n", ldg[n], stg[n], n }' |
      demangle | cut -c1-150 | sort -k4
  done
else
  echo "== cuobjdump not found: SASS check skipped"
fi

echo
if [[ $status -eq 0 ]]; then echo "== ALL KERNEL CHECKS PASSED"; else echo "== KERNEL CHECKS FAILED"; fi
echo "== logs: $logs"
exit $status
