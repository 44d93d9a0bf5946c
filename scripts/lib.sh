# Shared by scripts/bench, scripts/test and scripts/format: package checks, the CUDA compiler,
# and the one CMake configuration of build/ that both commands use. Sourced, not run.
#
# Environment:
#   JITBENCH_BUILD_DIR   build directory (default: build/ in the checkout)
#   JITBENCH_CUDA_ARCH   CMAKE_CUDA_ARCHITECTURES for a new build directory (default: 90)
#   JITBENCH_JOBS        parallel build jobs (default: nproc)
#   CUDACXX              nvcc to use (default: nvcc on PATH, else /usr/local/cuda/bin/nvcc)

jb_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jb_build="${JITBENCH_BUILD_DIR:-$jb_root/build}"
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

# The packages a build needs, as Debian names them.
# zlib: the HTML report's browser test reads its PNG screenshots.
jb_build_packages=(cmake ninja-build g++ libyaml-cpp-dev libcxxopts-dev libgtest-dev
                   libgmock-dev zlib1g-dev)

jb_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

# jb_ensure_packages PKG...: installs the ones that are missing, with apt-get; nothing when all are
# there (no network, no root needed then).
jb_apt_updated=0
jb_ensure_packages() {
  command -v dpkg-query >/dev/null ||
    jb_die "not a Debian-based system: install $* (or their equivalents) by hand"
  local missing=() p
  for p in "$@"; do jb_installed "$p" || missing+=("$p"); done
  [[ ${#missing[@]} -eq 0 ]] && return 0
  local sudo=()
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null ||
      jb_die "missing packages: ${missing[*]}; run as root or install them: apt-get install ${missing[*]}"
    sudo=(sudo)
  fi
  jb_say "installing ${missing[*]}"
  if [[ $jb_apt_updated -eq 0 ]]; then
    "${sudo[@]}" apt-get update -q
    jb_apt_updated=1
  fi
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# jb_find_nvcc: prints the nvcc to use, or stops with what to do.
jb_find_nvcc() {
  local nvcc="${CUDACXX:-}"
  if [[ -z $nvcc ]]; then
    if command -v nvcc >/dev/null; then
      nvcc="$(command -v nvcc)"
    elif [[ -x /usr/local/cuda/bin/nvcc ]]; then
      nvcc=/usr/local/cuda/bin/nvcc
    fi
  fi
  if [[ -n ${CUDACXX:-} && ! -x $nvcc ]]; then
    jb_die "CUDACXX=$CUDACXX is not an executable nvcc"
  fi
  [[ -n $nvcc && -x $nvcc ]] || jb_die "nvcc not found: jitbench needs the CUDA Toolkit (12 or \
later), expected at /usr/local/cuda (https://developer.nvidia.com/cuda-downloads); if it is \
elsewhere, set CUDACXX=/path/to/bin/nvcc"
  printf '%s\n' "$nvcc"
}

# jb_configure DIR [CMAKE_ARGS...]: configures DIR with Ninja; again only when needed.
jb_configure() {
  local dir="$1"
  shift
  local nvcc
  nvcc="$(jb_find_nvcc)"
  if [[ -f $dir/CMakeCache.txt ]] && ! grep -q '^CMAKE_GENERATOR:INTERNAL=Ninja$' "$dir/CMakeCache.txt"; then
    jb_die "$dir was configured with another generator than Ninja: remove it (rm -rf $dir) and run again"
  fi
  cmake -S "$jb_root" -B "$dir" -G Ninja \
    -DCMAKE_CUDA_COMPILER="$nvcc" \
    -DCMAKE_CUDA_ARCHITECTURES="${JITBENCH_CUDA_ARCH:-90}" \
    "$@"
}

# jb_build DIR [TARGET...]
jb_build() {
  local dir="$1"
  shift
  local targets=()
  [[ $# -gt 0 ]] && targets=(--target "$@")
  cmake --build "$dir" -j "$jb_jobs" "${targets[@]}"
}
