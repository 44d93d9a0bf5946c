#include "dynamic_library.hpp"

#include <dlfcn.h>

#include <algorithm>
#include <cstdlib>
#include <stdexcept>

namespace jitbench::detail {

std::vector<std::string> split_path_list(const std::string& text) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = std::min(text.find(':', start), text.size());
    if (end > start) parts.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

std::vector<std::string> library_candidates(const std::string& names, const std::string& dirs) {
  const std::vector<std::string> bare = split_path_list(names);
  std::vector<std::string> files = bare;
  for (const std::string& dir : split_path_list(dirs)) {
    for (const std::string& name : bare) files.push_back(dir + "/" + name);
  }
  return files;
}

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
                           "\nInstall it with the CUDA Toolkit, or add the folder that holds " +
                           name + " to LD_LIBRARY_PATH.");
}

void* library_symbol(void* library, const char* symbol, const char* library_name) {
  void* address = dlsym(library, symbol);
  if (address == nullptr) {
    throw std::runtime_error(std::string("the ") + library_name +
                             " library that was loaded has no " + symbol);
  }
  return address;
}

}  // namespace jitbench::detail
