#!/usr/bin/env bash
# scripts/bench as a new user meets it, on a machine where the build's tools do not come from
# Debian packages (CMake and ninja from pip, as on the GPU machines): dpkg-query says nothing is
# installed and apt-get fails, as it does without network. Run by CTest:
#   bench_test.sh SOURCE_DIR WORK_DIR NVCC
# Checks that
#   - with everything present, scripts/bench never calls apt-get and builds, even in a build
#     folder whose cache turned the benchmarks off (the old install recipe did);
#   - a selection that matches no benchmark (a typo) fails with a message before building;
#   - with something missing, one message names it and the command that installs it;
#   - a benchmark that is not built yet is built (alone), then run or listed.
# It builds jitbench-gen only (JITBENCH_BUILD_TARGETS) for the first checks, to stay quick, and
# bench_copy for the last.
set -euo pipefail
source_dir="$1"
work="$2"
export CUDACXX="$3"
rm -rf "$work"
mkdir -p "$work/fake" "$work/old-cmake"

failures=0
fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}

# The package tools of a machine whose toolchain is not Debian's: every call is logged.
cat >"$work/fake/dpkg-query" <<'FAKE'
#!/bin/sh
echo "dpkg-query $*" >>"$(dirname "$0")/calls.log"
echo "dpkg-query: no packages found matching $*" >&2
exit 1
FAKE
for tool in apt-get apt; do
  cat >"$work/fake/$tool" <<'FAKE'
#!/bin/sh
echo "$(basename "$0") $*" >>"$(dirname "$0")/calls.log"
echo "E: Could not resolve 'deb.debian.org' (no network)" >&2
exit 100
FAKE
done
# sudo runs the command, so that the test behaves the same as root or not.
cat >"$work/fake/sudo" <<'FAKE'
#!/bin/sh
while [ "${1#-}" != "$1" ]; do shift; done
exec "$@"
FAKE
cat >"$work/old-cmake/cmake" <<'FAKE'
#!/bin/sh
echo "cmake version 3.20.0"
FAKE
chmod +x "$work"/fake/* "$work/old-cmake/cmake"
export PATH="$work/fake:$PATH"
export JITBENCH_BUILD_DIR="$work/build" JITBENCH_JOBS=2
calls() { cat "$work/fake/calls.log" 2>/dev/null || true; }

# A build folder configured with the benchmarks off, as the old install recipe left it.
cmake -S "$source_dir" -B "$work/build" -G Ninja -DCMAKE_CUDA_COMPILER="$CUDACXX" \
  -DJITBENCH_BUILD_BENCHMARKS=OFF >"$work/configure.log" 2>&1 || {
  cat "$work/configure.log"
  exit 1
}

echo "--- everything present: scripts/bench --build-only"
rm -f "$work/fake/calls.log"
if JITBENCH_BUILD_TARGETS=jitbench_gen "$source_dir/scripts/bench" --build-only \
  >"$work/present.log" 2>&1; then
  [[ -x $work/build/generator/jitbench-gen ]] || fail "jitbench-gen was not built"
else
  fail "scripts/bench failed with everything present:"
  cat "$work/present.log" >&2
fi
grep -q 'apt' <<<"$(calls)" && fail "scripts/bench called apt with nothing missing: $(calls)"
grep -q '^JITBENCH_BUILD_BENCHMARKS:BOOL=ON$' "$work/build/CMakeCache.txt" ||
  fail "scripts/bench left the benchmarks off in its build folder"

echo "--- a typo in -R: scripts/bench -R qknrom"
rm -f "$work/fake/calls.log"
status=0
"$source_dir/scripts/bench" -R qknrom >"$work/typo.log" 2>&1 || status=$?
[[ $status -ne 0 ]] || fail "scripts/bench -R qknrom exited 0"
grep -q "error: 'ctest -L bench-ci -R qknrom' selects no benchmark" "$work/typo.log" ||
  fail "no message that -R qknrom selects nothing"
grep -q '^  bench.qknorm.ci$' "$work/typo.log" || fail "the message does not list the benchmarks"
grep -q 'Building\|Linking' "$work/typo.log" && fail "scripts/bench built before finding no benchmark"
[[ -z "$(calls | grep apt)" ]] || fail "scripts/bench called apt: $(calls)"
[[ $status -eq 0 ]] || sed 's/^/    /' "$work/typo.log" | grep -A3 'error:'

echo "--- cmake too old, apt-get failing: scripts/bench --build-only"
rm -f "$work/fake/calls.log"
status=0
PATH="$work/old-cmake:$PATH" "$source_dir/scripts/bench" --build-only >"$work/old.log" 2>&1 ||
  status=$?
[[ $status -eq 1 ]] || fail "scripts/bench exited $status, not 1, with cmake 3.20"
grep -q "^  cmake >= 3.25: found 3.20.0 at $work/old-cmake/cmake$" "$work/old.log" ||
  fail "the message does not say which cmake is too old"
grep -q '^Not installed: ' "$work/old.log" || fail "the message does not say why nothing was installed"
grep -q '^  \(sudo \)\{0,1\}apt-get install cmake$' "$work/old.log" ||
  fail "the message does not give the command that installs cmake"
[[ $(grep -c 'error' "$work/old.log") -eq 1 ]] || fail "more than one error message"
sed 's/^/    /' "$work/old.log"

echo "--- a benchmark not built yet: scripts/bench -R copy"
# CTest names no program for a test whose program is not built: scripts/bench must build it
# (and only it) and then list or run it, not build everything and run the empty command.
rm -f "$work/fake/calls.log"
status=0
"$source_dir/scripts/bench" -R copy >"$work/first.log" 2>&1 || status=$?
[[ $status -eq 0 ]] || fail "scripts/bench -R copy exited $status on its first run"
grep -q '^==> building bench_copy jitbench_ctest_resources jitbench_compare_tool jitbench_report_tool jitbench_merge_tool$' "$work/first.log" ||
  fail "scripts/bench -R copy did not build bench_copy and the results tools alone"
for tool in compare report merge; do
  [[ -x $work/build/tools/jitbench-$tool/jitbench-$tool ]] ||
    fail "scripts/bench did not build jitbench-$tool, which the README runs next"
done
grep -q 'command not found' "$work/first.log" && fail "scripts/bench ran an empty command"
grep -q '^The following tests passed:' "$work/first.log" &&
  fail "scripts/bench printed CTest's list of passed tests, which holds the skipped ones too"
if grep -q 'NOT run' "$work/first.log"; then
  grep -q '^bench_copy: the cases it would time$' "$work/first.log" ||
    fail "scripts/bench -R copy did not list the cases it would time"
fi
[[ $status -eq 0 ]] || sed 's/^/    /' "$work/first.log" | tail -20

if [[ $failures -gt 0 ]]; then
  echo "$failures check(s) failed" >&2
  exit 1
fi
echo "all checks passed"
