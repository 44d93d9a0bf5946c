#pragma once

#include <string>
#include <vector>

namespace jitbench::detail {

// Finding a library of the CUDA Toolkit that the runtime loads with dlopen only when it needs it
// (CUPTI for --verify-timing, NVRTC for JIT impls), so that a benchmark that does not need it
// starts where it is not installed.

// The parts of a ':'-separated list of names or folders; empty parts are dropped.
std::vector<std::string> split_path_list(const std::string& text);

// Where to look for a library: each ':'-separated name bare (the dynamic loader's own search),
// then in each ':'-separated folder.
std::vector<std::string> library_candidates(const std::string& names, const std::string& dirs);

// The first of `files` that dlopen loads: a bare name goes through the dynamic loader's search
// (LD_LIBRARY_PATH, the executable's RUNPATH, ld.so.cache, /lib, /usr/lib), a path is loaded as
// it is. Throws std::runtime_error that starts with `what`, then lists each attempt and why it
// failed.
void* open_first_library(const std::vector<std::string>& files, const std::string& what);

// The address of `symbol` in a library that open_first_library() loaded; throws
// std::runtime_error "the <library> library that was loaded has no <symbol>".
void* library_symbol(void* library, const char* symbol, const char* library_name);

// Sets `function` to the library's `symbol`, as library_symbol() finds it.
template <class Function>
void bind_symbol(void* library, const char* symbol, Function& function, const char* library_name) {
  function = reinterpret_cast<Function>(library_symbol(library, symbol, library_name));
}

}  // namespace jitbench::detail
