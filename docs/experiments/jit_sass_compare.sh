#!/usr/bin/env bash
# Does NVRTC make the same machine code as nvcc? Runs bench_qknorm's fused_jit once for each
# instantiation of the full grid (5 head_dims x 2 types, one small case each) with a JIT cache of
# its own, then compares the SASS of each CUBIN NVRTC made with that of the same instantiation of
# kernels::qknorm_kernel that nvcc built into bench_qknorm (its fused impl). Needs a GPU (a JIT
# impl is compiled for the GPU it runs on) and cuobjdump.
#
#   docs/experiments/jit_sass_compare.sh [BUILD_DIR] [OUT_DIR]    (defaults: build, build/sass)
# Prints one line an instantiation, "same" or the count of differing instructions, and leaves
# both listings and their diff in OUT_DIR.
set -euo pipefail

build=${1:-build}
out=${2:-$build/sass}
cuobjdump=${CUOBJDUMP:-$(command -v cuobjdump || echo /usr/local/cuda/bin/cuobjdump)}
rm -rf "$out"
mkdir -p "$out/cache"

JITBENCH_JIT_CACHE="$out/cache" "$build/bench_qknorm" --impl fused_jit --no-check \
  --filter num_q_heads=4 --filter num_kv_heads=1 --filter batch=1 >"$out/run.txt"

# The instructions of one function of a cuobjdump -sass listing, without addresses and encodings.
instructions() {
  awk -v name="$2" '
    /Function : / { inside = ($3 == name) ; next }
    inside && /^[ \t]*\/\*[0-9a-f]+\*\// {
      sub(/^[ \t]*\/\*[0-9a-f]+\*\/[ \t]*/, ""); sub(/[ \t]*\/\*.*$/, ""); print
    }' "$1"
}

"$cuobjdump" -sass "$build/bench_qknorm" >"$out/aot.sass"
status=0
for entry in "$out"/cache/*.cubin; do
  lowered=$(sed -n 2p "$entry")
  tail -n +4 "$entry" >"$out/jit.cubin"  # after the cache file's three header lines
  "$cuobjdump" -sass "$out/jit.cubin" >"$out/jit.sass"
  # NVRTC spells std::int64_t `long long` (x), the host compiler `long` (l): the same 8 bytes.
  demangled=$(echo "$lowered" | c++filt | sed 's/long long/long/g')
  aot_name=
  while read -r name; do
    if [[ $(c++filt "$name") == "$demangled" ]]; then
      aot_name=$name
      break
    fi
  done < <(grep -o 'Function : [^ ]*' "$out/aot.sass" | awk '{print $3}')
  label=$(echo "$demangled" | sed 's/^void kernels::qknorm_kernel<\([^>]*\)>.*/\1/; s/[^a-z0-9]\+/_/g')
  if [[ -z $aot_name ]]; then
    echo "$demangled: not in bench_qknorm"
    status=1
    continue
  fi
  instructions "$out/jit.sass" "$lowered" >"$out/$label.nvrtc"
  instructions "$out/aot.sass" "$aot_name" >"$out/$label.nvcc"
  if diff -u "$out/$label.nvcc" "$out/$label.nvrtc" >"$out/$label.diff"; then
    echo "$demangled: same SASS ($(wc -l <"$out/$label.nvcc") instructions)"
  else
    echo "$demangled: $(grep -c '^[-+][^-+]' "$out/$label.diff") instructions differ" \
      "(nvcc $(wc -l <"$out/$label.nvcc"), NVRTC $(wc -l <"$out/$label.nvrtc")): $out/$label.diff"
  fi
done
exit $status
