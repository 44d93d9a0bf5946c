#include "cupti_library.hpp"

#include "dynamic_library.hpp"

namespace jitbench::detail {

namespace {

// Set by runtime/CMakeLists.txt from the CUDA Toolkit found at build time: CUPTI's file names
// (its soname first) and the folders that toolkit keeps it in, ':'-separated.
constexpr const char* cupti_names = JITBENCH_CUPTI_NAMES;
constexpr const char* cupti_dirs = JITBENCH_CUPTI_DIRS;

std::vector<std::string> cupti_files() { return library_candidates(cupti_names, cupti_dirs); }

template <class Function>
void bind(void* library, const char* symbol, Function& function) {
  bind_symbol(library, symbol, function, "CUPTI");
}

CuptiLibrary load() {
  void* library = open_first_library(cupti_files(), "--verify-timing needs CUPTI");
  CuptiLibrary l;
  bind(library, "cuptiGetResultString", l.get_result_string);
  bind(library, "cuptiActivityRegisterCallbacks", l.activity_register_callbacks);
  bind(library, "cuptiActivityEnable", l.activity_enable);
  bind(library, "cuptiActivityDisable", l.activity_disable);
  bind(library, "cuptiActivityFlushAll", l.activity_flush_all);
  bind(library, "cuptiActivityGetNextRecord", l.activity_get_next_record);
  bind(library, "cuptiFinalize", l.finalize);
  return l;
}

}  // namespace

const CuptiLibrary& cupti() {
  static const CuptiLibrary library = load();
  return library;
}

}  // namespace jitbench::detail
