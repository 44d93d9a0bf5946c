# What the build and the checks need, checked by what they need: commands on PATH with their
# versions, headers and CMake packages under the usual prefixes. Nothing is asked of dpkg, so a
# CMake or ninja from pip, conda or a tarball counts. What is missing is installed with apt-get
# when that is possible; otherwise one message lists it with the command that installs it.
# Sourced by scripts/lib.sh.
#
#   jb_require NAME...    every NAME present, installed if need be, or stop (exit 1)
#   jb_want NAME...       install what is missing if possible; jb_missing_names: what is not
#   jb_nvcc_path          the nvcc to use ($CUDACXX, nvcc on PATH, /usr/local/cuda/bin/nvcc)
#
# NAMEs: cmake ninja cxx nvcc yaml-cpp cxxopts nlohmann-json gtest zlib (the build: tests included, as the
# configuration of build/ has them) and clang-format-14 clang libfuzzer chromium fonts (the
# checks of scripts/test only).

jb_needs_build=(cmake ninja cxx nvcc yaml-cpp cxxopts nlohmann-json gtest zlib)

# The Debian package of each NAME; nvcc has none (the CUDA Toolkit is installed apart).
declare -A jb_package=(
  [cmake]=cmake [ninja]=ninja-build [cxx]=g++ [yaml-cpp]=libyaml-cpp-dev
  [cxxopts]=libcxxopts-dev [nlohmann-json]=nlohmann-json3-dev [gtest]=libgtest-dev
  [zlib]=zlib1g-dev
  [clang-format-14]=clang-format-14 [clang]=clang-14 [libfuzzer]=libclang-rt-14-dev
  [chromium]=chromium [fonts]=fonts-liberation
)
declare -A jb_label=(
  [cmake]="cmake >= 3.25" [ninja]="ninja" [cxx]="a C++17 host compiler (g++)"
  [nvcc]="nvcc, the CUDA Toolkit 12 or later"
  [yaml-cpp]="yaml-cpp (header and CMake package)" [cxxopts]="cxxopts (header and CMake package)"
  [nlohmann-json]="nlohmann/json 3.11 (header and CMake package)"
  [gtest]="GoogleTest (header and library)" [zlib]="zlib (header)"
  [clang-format-14]="clang-format 14" [clang]="clang++ (14) for the fuzzers"
  [libfuzzer]="clang's libFuzzer runtime" [chromium]="chromium"
  [fonts]="the Liberation fonts (for chromium)"
)

# Set by a failed check: what was found instead, or where it was looked for.
jb_why=""

jb_version_at_least() { [[ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n 1)" == "$2" ]]; }

# Where headers and CMake packages are looked for, as CMake's find_package does: the
# CMAKE_PREFIX_PATH, the prefix of each bin/ on PATH (a venv or conda environment), the system.
jb_prefixes() {
  local p
  local IFS=:
  {
    for p in ${CMAKE_PREFIX_PATH:-} ${CONDA_PREFIX:-}; do printf '%s\n' "$p"; done
    for p in $PATH; do [[ $p == ?*/bin ]] && printf '%s\n' "${p%/bin}"; done
    printf '%s\n' /usr/local /usr
  } | awk 'NF && !seen[$0]++'
}

# jb_has_header FILE: FILE under an include/ of a prefix (or of its multiarch folder).
jb_has_header() {
  local p
  while read -r p; do
    compgen -G "$p/include/$1" >/dev/null && return 0
    compgen -G "$p/include/*/$1" >/dev/null && return 0
  done < <(jb_prefixes)
  jb_why="no $1 under $(jb_prefixes | sed 's|$|/include|' | paste -sd, - | sed 's/,/, /g')"
  return 1
}

# jb_has_cmake_package NAME: NAMEConfig.cmake or NAME-config.cmake where find_package looks.
jb_has_cmake_package() {
  local p d
  while read -r p; do
    for d in "$p"/lib*/cmake/"$1"* "$p"/lib/*/cmake/"$1"* "$p"/share/cmake/"$1"* "$p"/share/"$1"*/cmake; do
      [[ -f $d/$1Config.cmake || -f $d/$1-config.cmake ]] && return 0
    done
  done < <(jb_prefixes)
  jb_why="no CMake package $1 ($1Config.cmake or $1-config.cmake) under $(jb_prefixes | paste -sd, - | sed 's/,/, /g')"
  return 1
}

# jb_has_library NAME: libNAME.a or libNAME.so in a lib folder of a prefix.
jb_has_library() {
  local p
  while read -r p; do
    compgen -G "$p/lib*/lib$1.[as]*" >/dev/null && return 0
    compgen -G "$p/lib/*/lib$1.[as]*" >/dev/null && return 0
  done < <(jb_prefixes)
  jb_why="no lib$1.a or lib$1.so under $(jb_prefixes | paste -sd, - | sed 's/,/, /g')"
  return 1
}

jb_nvcc_path() {
  local nvcc="${CUDACXX:-}"
  if [[ -n $nvcc ]]; then
    [[ -x $nvcc ]] && printf '%s\n' "$nvcc" && return 0
    jb_why="CUDACXX=$CUDACXX is not an executable"
    return 1
  fi
  if nvcc="$(command -v nvcc)"; then
    printf '%s\n' "$nvcc"
  elif [[ -x /usr/local/cuda/bin/nvcc ]]; then
    printf '%s\n' /usr/local/cuda/bin/nvcc
  else
    jb_why="not on PATH nor at /usr/local/cuda/bin/nvcc; if it is elsewhere, set CUDACXX=/path/to/bin/nvcc"
    return 1
  fi
}

# jb_has NAME: whether NAME is there; if not, jb_why says what was found instead.
jb_has() {
  local path version
  jb_why=""
  case "$1" in
    cmake)
      path="$(command -v cmake)" || { jb_why="not on PATH"; return 1; }
      version="$(cmake --version 2>/dev/null | sed -n '1s/^cmake version \([0-9][0-9.]*\).*/\1/p')"
      [[ -n $version ]] || { jb_why="$path does not tell its version"; return 1; }
      jb_version_at_least "$version" 3.25 || { jb_why="found $version at $path"; return 1; }
      ;;
    ninja)
      command -v ninja >/dev/null || { jb_why="not on PATH"; return 1; }
      ;;
    cxx)
      # CMake compiles with $CXX, else c++; nvcc runs g++ unless CUDAHOSTCXX says otherwise.
      path="${CXX:-c++}"
      command -v "$path" >/dev/null || { jb_why="$path not on PATH"; return 1; }
      path="${CUDAHOSTCXX:-g++}"
      command -v "$path" >/dev/null || { jb_why="$path (nvcc's host compiler) not on PATH"; return 1; }
      ;;
    nvcc) jb_nvcc_path >/dev/null ;;
    yaml-cpp) jb_has_header yaml-cpp/yaml.h && jb_has_cmake_package yaml-cpp ;;
    cxxopts) jb_has_header cxxopts.hpp && jb_has_cmake_package cxxopts ;;
    nlohmann-json) jb_has_header nlohmann/json.hpp && jb_has_cmake_package nlohmann_json ;;
    gtest) jb_has_header gtest/gtest.h && { jb_has_cmake_package GTest || jb_has_library gtest; } ;;
    zlib) jb_has_header zlib.h ;;
    clang-format-14)
      command -v clang-format-14 >/dev/null && return 0
      path="$(command -v clang-format)" || { jb_why="not on PATH"; return 1; }
      "$path" --version | grep -q 'version 14\.' || {
        jb_why="$path is $("$path" --version | head -n 1)"
        return 1
      }
      ;;
    clang)
      command -v clang++-14 >/dev/null || command -v clang++ >/dev/null ||
        { jb_why="neither clang++-14 nor clang++ on PATH"; return 1; }
      ;;
    libfuzzer)
      path="$(command -v clang++-14 || command -v clang++)" || { jb_why="no clang++"; return 1; }
      [[ -f "$("$path" -print-file-name="libclang_rt.fuzzer-$(uname -m).a")" ]] ||
        { jb_why="$path has no libclang_rt.fuzzer-$(uname -m).a"; return 1; }
      ;;
    chromium) command -v chromium >/dev/null || { jb_why="not on PATH"; return 1; } ;;
    fonts)
      compgen -G '/usr/share/fonts/truetype/liberation*/*.ttf' >/dev/null ||
        { jb_why="none in /usr/share/fonts/truetype/liberation*"; return 1; }
      ;;
    *) jb_die "scripts/needs.sh: unknown need '$1'" ;;
  esac
}

# jb_check NAME...: leaves the NAMEs that are not there in jb_missing_names, and why each is
# missing in jb_missing_whys.
jb_missing_names=()
jb_missing_whys=()
jb_check() {
  jb_missing_names=()
  jb_missing_whys=()
  local name
  for name in "$@"; do
    if ! jb_has "$name"; then
      jb_missing_names+=("$name")
      jb_missing_whys+=("$jb_why")
    fi
  done
}

# Why apt-get was not used or did not help; empty when it was not needed.
jb_install_note=""
jb_apt_updated=0

# jb_install NAME...: installs the Debian packages of the NAMEs with apt-get, when this is a
# Debian-like system and we are root or may use sudo. Sets jb_install_note when it cannot.
jb_install() {
  jb_install_note=""
  local packages=() name
  for name in "$@"; do [[ -n ${jb_package[$name]:-} ]] && packages+=("${jb_package[$name]}"); done
  [[ ${#packages[@]} -gt 0 ]] || return 0
  if ! command -v apt-get >/dev/null; then
    jb_install_note="this is not a Debian-like system (no apt-get)"
    return 1
  fi
  local sudo=()
  if [[ $(id -u) -ne 0 ]]; then
    # sudo may ask for a password at a terminal; elsewhere it must not need one.
    if command -v sudo >/dev/null && { [[ -t 0 ]] || sudo -n true 2>/dev/null; }; then
      sudo=(sudo)
    else
      jb_install_note="not root, and sudo is not available without a password"
      return 1
    fi
  fi
  jb_say "installing ${packages[*]} with apt-get"
  if [[ $jb_apt_updated -eq 0 ]]; then
    "${sudo[@]}" apt-get update -q || {
      jb_install_note="apt-get update failed (no network?)"
      return 1
    }
    jb_apt_updated=1
  fi
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -q --no-install-recommends "${packages[@]}" || {
    jb_install_note="apt-get install failed (see above)"
    return 1
  }
  jb_install_note="apt-get installed ${packages[*]}, but the build still does not find them (an \
older one first on PATH?)"
}

# jb_install_hint NAME...: how to install the NAMEs by hand.
jb_install_hint() {
  local packages=() name
  for name in "$@"; do [[ -n ${jb_package[$name]:-} ]] && packages+=("${jb_package[$name]}"); done
  if [[ ${#packages[@]} -gt 0 ]]; then
    local sudo=""
    [[ $(id -u) -ne 0 ]] && sudo="sudo "
    printf '  %sapt-get install %s\n' "$sudo" "${packages[*]}"
  fi
  for name in "$@"; do
    case "$name" in
      cmake | ninja) printf '  or, without root: pip install "cmake>=3.25" ninja\n' && break ;;
    esac
  done
  for name in "$@"; do
    [[ $name == nvcc ]] && printf '  the CUDA Toolkit: https://developer.nvidia.com/cuda-downloads\n'
  done
  return 0
}

# jb_want NAME...: installs what is missing if it can; jb_check's arrays hold what remains.
jb_want() {
  jb_check "$@"
  [[ ${#jb_missing_names[@]} -gt 0 ]] || return 0
  jb_install "${jb_missing_names[@]}" || true
  jb_check "$@"
}

jb_require() {
  jb_want "$@"
  [[ ${#jb_missing_names[@]} -gt 0 ]] || return 0
  {
    echo "error: jitbench cannot build here; missing:"
    local i
    for i in "${!jb_missing_names[@]}"; do
      printf '  %s: %s\n' "${jb_label[${jb_missing_names[$i]}]}" "${jb_missing_whys[$i]}"
    done
    [[ -n $jb_install_note ]] && echo "Not installed: $jb_install_note."
    echo "Install with:"
    jb_install_hint "${jb_missing_names[@]}"
  } >&2
  exit 1
}
