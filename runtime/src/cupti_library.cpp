#include "cupti_library.hpp"

#include <dlfcn.h>

#include <cstdlib>
#include <stdexcept>

namespace jitbench::detail {

namespace {

// Set by runtime/CMakeLists.txt from the CUDA Toolkit found at build time: CUPTI's file names
// (its soname first) and the folders that toolkit keeps it in, ':'-separated.
constexpr const char* cupti_names = JITBENCH_CUPTI_NAMES;
constexpr const char* cupti_dirs = JITBENCH_CUPTI_DIRS;

std::vector<std::string> split(const std::string& text) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = std::min(text.find(':', start), text.size());
    if (end > start) parts.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

std::vector<std::string> cupti_files() {
  const std::vector<std::string> names = split(cupti_names);
  std::vector<std::string> files = names;
  for (const std::string& dir : split(cupti_dirs)) {
    for (const std::string& name : names) files.push_back(dir + "/" + name);
  }
  return files;
}

template <class Function>
void bind(void* library, const char* symbol, Function& function) {
  function = reinterpret_cast<Function>(dlsym(library, symbol));
  if (function == nullptr) {
    throw std::runtime_error(std::string("the CUPTI library that was loaded has no ") + symbol);
  }
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

void* open_first_library(const std::vector<std::string>& files, const std::string& what) {
  std::string tried;
  for (const std::string& file : files) {
    if (void* library = dlopen(file.c_str(), RTLD_NOW | RTLD_LOCAL)) return library;
    const char* why = dlerror();
    tried += "\n  " + file;
    if (file.find('/') == std::string::npos) {
      const char* path = std::getenv("LD_LIBRARY_PATH");
      tried += std::string(" (LD_LIBRARY_PATH=") + (path != nullptr ? path : "") +
               ", then the system's library folders)";
    }
    if (why != nullptr) tried += ": " + std::string(why);
  }
  const std::string name = files.empty() ? "it" : files.front();
  throw std::runtime_error(what + " (" + name + "), which could not be loaded; tried:" + tried +
                           "\nInstall CUPTI with the CUDA Toolkit, or add the folder that holds " +
                           name + " to LD_LIBRARY_PATH.");
}

const CuptiLibrary& cupti() {
  static const CuptiLibrary library = load();
  return library;
}

}  // namespace jitbench::detail
