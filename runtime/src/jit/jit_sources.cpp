#include "jit/jit_sources.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>
#include <system_error>

namespace jitbench::detail {

namespace fs = std::filesystem;

namespace {

std::optional<std::string> read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return text.str();
}

bool is_file(const fs::path& path) {
  std::error_code ec;
  return fs::is_regular_file(path, ec);
}

struct Include {
  std::string name;
  bool quoted;
};

// The `#include "x"` and `#include <x>` lines of a file.
std::vector<Include> includes_of(const std::string& text) {
  std::vector<Include> out;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    std::size_t i = line.find_first_not_of(" \t");
    if (i == std::string::npos || line[i] != '#') continue;
    i = line.find_first_not_of(" \t", i + 1);
    if (i == std::string::npos || line.compare(i, 7, "include") != 0) continue;
    i = line.find_first_not_of(" \t", i + 7);
    if (i == std::string::npos || (line[i] != '"' && line[i] != '<')) continue;
    const char close = line[i] == '"' ? '"' : '>';
    const std::size_t end = line.find(close, i + 1);
    if (end == std::string::npos || end == i + 1) continue;
    out.push_back({line.substr(i + 1, end - i - 1), close == '"'});
  }
  return out;
}

bool under(const fs::path& path, const std::vector<std::string>& dirs) {
  const std::string text = path.lexically_normal().string();
  return std::any_of(dirs.begin(), dirs.end(), [&](const std::string& dir) {
    const std::string prefix = (fs::path(dir).lexically_normal() / "").string();
    return text.compare(0, prefix.size(), prefix) == 0;
  });
}

}  // namespace

std::optional<std::string> find_source(const std::string& name,
                                       const std::vector<std::string>& dirs) {
  if (fs::path(name).is_absolute()) {
    if (is_file(name)) return name;
    return std::nullopt;
  }
  for (const std::string& dir : dirs) {
    const fs::path candidate = fs::path(dir) / name;
    if (is_file(candidate)) return candidate.lexically_normal().string();
  }
  return std::nullopt;
}

SourceSet read_sources(const std::string& path, const std::vector<std::string>& include_dirs,
                       const std::vector<std::string>& toolkit_dirs) {
  SourceSet set;
  const std::optional<std::string> main = read_text(path);
  if (!main) throw std::runtime_error("cannot read the JIT source '" + path + "'");
  set.main = {path, *main};

  std::vector<std::string> search = include_dirs;
  search.insert(search.end(), toolkit_dirs.begin(), toolkit_dirs.end());
  std::set<std::string> seen = {fs::path(path).lexically_normal().string()};
  // Each file read, to scan in turn: (path, text).
  std::vector<std::pair<std::string, std::string>> queue = {{path, *main}};
  for (std::size_t next = 0; next < queue.size(); ++next) {
    const fs::path from = fs::path(queue[next].first).parent_path();
    for (const Include& include : includes_of(queue[next].second)) {
      std::vector<std::string> dirs = search;
      if (include.quoted) dirs.insert(dirs.begin(), from.empty() ? "." : from.string());
      const std::optional<std::string> at = find_source(include.name, dirs);
      if (!at) {
        if (std::find(set.unresolved.begin(), set.unresolved.end(), include.name) ==
            set.unresolved.end()) {
          set.unresolved.push_back(include.name);
        }
        continue;
      }
      if (!seen.insert(*at).second) continue;
      if (under(*at, toolkit_dirs)) {
        set.toolkit.push_back(*at);
        continue;
      }
      std::optional<std::string> text = read_text(*at);
      if (!text) {
        set.unresolved.push_back(*at);
        continue;
      }
      set.headers.push_back({*at, *text});
      queue.emplace_back(*at, std::move(*text));
    }
  }
  return set;
}

}  // namespace jitbench::detail
