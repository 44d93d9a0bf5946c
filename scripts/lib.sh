# Shared by scripts/bench, scripts/test and scripts/format: the CUDA compiler, the build
# directory and how it is configured. What the build needs is checked by scripts/needs.sh.
# Sourced, not run.
#
# Environment:
#   JITBENCH_BUILD_DIR      build directory (default: build/ in the checkout)
#   JITBENCH_CUDA_ARCH      CMAKE_CUDA_ARCHITECTURES, e.g. 80 or "80;90" (default, for a new build
#                           directory: the GPUs nvidia-smi lists, else 90)
#   JITBENCH_JOBS           parallel build jobs (default: nproc)
#   JITBENCH_BUILD_TARGETS  build these targets instead of those the command needs (the scripts'
#                           own test builds a small one)
#   CUDACXX                 nvcc to use (default: nvcc on PATH, else /usr/local/cuda/bin/nvcc)

jb_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# Absolute, as CTest names the programs in it (symbolic links kept, as CMake keeps them).
jb_build="$(realpath -m -s "${JITBENCH_BUILD_DIR:-$jb_root/build}")"
jb_jobs="${JITBENCH_JOBS:-$(nproc)}"

jb_say() {
  if [[ -t 2 ]]; then
    printf '\033[1m==> %s\033[0m\n' "$*" >&2
  else
    printf '==> %s\n' "$*" >&2
  fi
}
jb_die() {
  printf 'error: %s\n' "$*" >&2
  exit 1
}

source "$jb_root/scripts/needs.sh"

# jb_configure DIR [CMAKE_ARGS...]: configures DIR with Ninja; CMake does the work again only
# when something changed.
jb_configure() {
  local dir="$1"
  shift
  local nvcc
  nvcc="$(jb_nvcc_path)" || jb_die "nvcc not found (see scripts/needs.sh)"
  if [[ -f $dir/CMakeCache.txt ]] && ! grep -q '^CMAKE_GENERATOR:INTERNAL=Ninja$' "$dir/CMakeCache.txt"; then
    jb_die "$dir was configured with another generator than Ninja: remove it (rm -rf $dir) and run again"
  fi
  local arch=()
  [[ -n ${JITBENCH_CUDA_ARCH:-} ]] && arch=("-DCMAKE_CUDA_ARCHITECTURES=$JITBENCH_CUDA_ARCH")
  cmake -S "$jb_root" -B "$dir" -G Ninja -DCMAKE_CUDA_COMPILER="$nvcc" "${arch[@]}" "$@"
}

# jb_cached DIR VARIABLE: a value from DIR's CMake cache.
jb_cached() {
  sed -n "s/^$2:[A-Z]*=//p" "$1/CMakeCache.txt" 2>/dev/null
}

# jb_build DIR [TARGET...]: builds the targets (all without any), or JITBENCH_BUILD_TARGETS.
jb_build() {
  local dir="$1"
  shift
  local targets=("$@")
  if [[ -n ${JITBENCH_BUILD_TARGETS:-} ]]; then
    read -r -a targets <<<"$JITBENCH_BUILD_TARGETS"
    jb_say "building only JITBENCH_BUILD_TARGETS: ${targets[*]}"
  fi
  local target_args=()
  [[ ${#targets[@]} -gt 0 ]] && target_args=(--target "${targets[@]}")
  cmake --build "$dir" -j "$jb_jobs" "${target_args[@]}"
}
