#include "jit/jit_cache.hpp"

#include "jit/sha256.hpp"

#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

namespace jitbench::detail {

namespace fs = std::filesystem;

namespace {

// The first line of a cache file; a new layout gets a new one, so old files read as misses.
constexpr const char* kMagic = "jitbench jit cubin 1";

std::string env(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr ? value : "";
}

}  // namespace

std::string jit_cache_key(const JitKeyInput& input) {
  Sha256 h;
  h.add_field(kMagic).add_field(input.nvrtc_version).add_field(input.name_expression);
  h.add_field(std::to_string(input.options.size()));
  for (const std::string& option : input.options) h.add_field(option);
  const SourceSet& s = *input.sources;
  h.add_field(s.main.path).add_field(s.main.text);
  h.add_field(std::to_string(s.headers.size()));
  for (const SourceFile& header : s.headers) h.add_field(header.path).add_field(header.text);
  h.add_field(std::to_string(s.toolkit.size()));
  for (const std::string& path : s.toolkit) h.add_field(path);
  h.add_field(std::to_string(s.unresolved.size()));
  for (const std::string& name : s.unresolved) h.add_field(name);
  const std::size_t headers = input.headers != nullptr ? input.headers->size() : 0;
  h.add_field(std::to_string(headers));
  for (std::size_t i = 0; i < headers; ++i) {
    h.add_field((*input.headers)[i].first).add_field((*input.headers)[i].second);
  }
  return h.hex();
}

std::string JitCache::default_dir() {
  const std::string chosen = env("JITBENCH_JIT_CACHE");
  if (chosen == "off") return "";
  if (!chosen.empty()) return chosen;
  const std::string xdg = env("XDG_CACHE_HOME");
  if (!xdg.empty()) return (fs::path(xdg) / "jitbench" / "jit").string();
  const std::string home = env("HOME");
  if (!home.empty()) return (fs::path(home) / ".cache" / "jitbench" / "jit").string();
  return "";
}

std::string JitCache::path(const std::string& key) const {
  return (fs::path(dir_) / (key + ".cubin")).string();
}

std::optional<CachedKernel> JitCache::read(const std::string& key) const {
  if (!enabled()) return std::nullopt;
  std::ifstream in(path(key), std::ios::binary);
  if (!in) return std::nullopt;
  std::string magic;
  std::string size_text;
  CachedKernel kernel;
  if (!std::getline(in, magic) || magic != kMagic || !std::getline(in, kernel.lowered_name) ||
      !std::getline(in, size_text) || kernel.lowered_name.empty()) {
    return std::nullopt;
  }
  std::ostringstream rest;
  rest << in.rdbuf();
  kernel.cubin = rest.str();
  if (in.bad() || size_text != std::to_string(kernel.cubin.size()) || kernel.cubin.empty()) {
    return std::nullopt;
  }
  return kernel;
}

std::string JitCache::write(const std::string& key, const CachedKernel& kernel) const {
  if (!enabled()) return "";
  return write_file_atomically(path(key), std::string(kMagic) + "\n" + kernel.lowered_name + "\n" +
                                              std::to_string(kernel.cubin.size()) + "\n" +
                                              kernel.cubin);
}

std::string JitCache::log_path(const std::string& key) const {
  const fs::path dir =
      enabled() ? fs::path(dir_) / "logs"
                : fs::temp_directory_path() / ("jitbench-jit-logs-" + std::to_string(getuid()));
  return (dir / (key + ".log")).string();
}

std::string write_file_atomically(const std::string& path, const std::string& text) {
  static std::atomic<unsigned> counter{0};
  std::error_code ec;
  const fs::path target(path);
  if (target.has_parent_path()) fs::create_directories(target.parent_path(), ec);
  if (ec) return "cannot create '" + target.parent_path().string() + "': " + ec.message();
  const std::string temporary =
      path + "." + std::to_string(getpid()) + "." + std::to_string(counter++) + ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out.flush()) {
      const std::string why = std::strerror(errno);
      out.close();
      fs::remove(temporary, ec);
      return "cannot write '" + temporary + "': " + why;
    }
  }
  fs::rename(temporary, target, ec);
  if (ec) {
    const std::string why = ec.message();
    fs::remove(temporary, ec);
    return "cannot rename '" + temporary + "' to '" + path + "': " + why;
  }
  return "";
}

}  // namespace jitbench::detail
