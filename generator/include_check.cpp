#include "include_check.hpp"

#include <algorithm>
#include <filesystem>
#include <system_error>

namespace jitbench::gen {

namespace fs = std::filesystem;

namespace {

// 'a', 'b' or 'c'; past four names, 'a', 'b', 'c', 'd' or 5 more. A build passes the
// compiler's own directories too, which would fill the message.
std::string either(const std::vector<std::string>& names) {
  constexpr std::size_t shown = 4;
  std::vector<std::string> items;
  for (std::size_t i = 0; i < names.size() && i < shown; ++i) items.push_back("'" + names[i] + "'");
  if (names.size() > shown) items.push_back(std::to_string(names.size() - shown) + " more");
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += i + 1 == items.size() ? " or " : ", ";
    out += items[i];
  }
  return out;
}

}  // namespace

std::vector<std::string> include_search_path(const std::string& spec_file,
                                             const std::vector<std::string>& include_dirs) {
  const fs::path directory = fs::path(spec_file).parent_path();
  std::vector<std::string> path = {directory.empty() ? "." : directory.string()};
  for (const std::string& dir : include_dirs) {
    if (std::find(path.begin(), path.end(), dir) == path.end()) path.push_back(dir);
  }
  return path;
}

std::vector<Diagnostic> check_includes(const Spec& spec,
                                       const std::vector<std::string>& search_path) {
  // The headers of `include:`, then the sources of the JIT impls: both are looked for alike.
  struct File {
    std::string path;
    SourceLoc loc;
    std::string what;
  };
  std::vector<File> files;
  for (const Include& include : spec.includes) {
    files.push_back({include.path, include.loc, "header '" + include.path + "'"});
  }
  for (const Impl& impl : spec.impls) {
    if (!impl.jit) continue;
    files.push_back({impl.jit->source, impl.jit->source_loc,
                     "JIT source '" + impl.jit->source + "' of impl '" + impl.name + "'"});
  }
  std::vector<Diagnostic> errors;
  for (const File& file : files) {
    const fs::path header(file.path);
    bool found = false;
    std::error_code ec;
    if (header.is_absolute()) {
      found = fs::is_regular_file(header, ec);
    } else {
      for (const std::string& directory : search_path) {
        found = found || fs::is_regular_file(fs::path(directory) / header, ec);
      }
    }
    if (found) continue;
    std::string message = file.what + " not found";
    if (header.is_absolute()) {
      message += ": no such file";
    } else {
      message += " in " + either(search_path);
      // Without -I only the spec's directory is searched; say how to add the project's.
      if (search_path.size() == 1) message += " (jitbench-gen -I DIR searches DIR too)";
    }
    errors.push_back({spec.file, file.loc, message});
  }
  return errors;
}

}  // namespace jitbench::gen
