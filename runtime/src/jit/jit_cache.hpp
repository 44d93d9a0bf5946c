#pragma once

#include "jit/jit_sources.hpp"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace jitbench::detail {

// What a compiled JIT kernel depends on. The cache key is a SHA-256 of all of it: the source and
// every header it includes (jit_sources.hpp) or NVRTC gets from memory, the name expression, the
// NVRTC options (-arch and the include folders among them) and the NVRTC version. Change any,
// and the key changes.
struct JitKeyInput {
  std::string nvrtc_version;  // "13.0"
  std::string name_expression;
  std::vector<std::string> options;  // exactly as given to NVRTC
  const SourceSet* sources = nullptr;
  // Headers given to NVRTC from memory: (include name, text).
  const std::vector<std::pair<std::string, std::string>>* headers = nullptr;
};
std::string jit_cache_key(const JitKeyInput& input);

// A kernel the cache holds.
struct CachedKernel {
  std::string lowered_name;
  std::string cubin;
};

// Compiled JIT kernels on disk, shared by every benchmark and process of the user: one file a
// key, `<dir>/<key>.cubin`. A file is written whole under a name of its own and then renamed to
// its key, so that processes compiling the same kernel at once never read a partial file: the
// last rename wins, and every one of them wrote the same bytes. A file that is not whole (the
// disk filled) reads as a miss and is written again.
class JitCache {
 public:
  // The cache folder: JITBENCH_JIT_CACHE when set ("off": no cache), else
  // $XDG_CACHE_HOME/jitbench/jit, else $HOME/.cache/jitbench/jit; empty: no cache.
  static std::string default_dir();

  explicit JitCache(std::string dir) : dir_(std::move(dir)) {}

  bool enabled() const { return !dir_.empty(); }
  const std::string& dir() const { return dir_; }

  std::optional<CachedKernel> read(const std::string& key) const;
  // Writes the kernel of `key`. Returns why it could not, or an empty string.
  std::string write(const std::string& key, const CachedKernel& kernel) const;
  // Where a failed compilation's full log goes: `<dir>/logs/<key>.log`, or without a cache a
  // folder under the temporary directory.
  std::string log_path(const std::string& key) const;

 private:
  std::string path(const std::string& key) const;

  std::string dir_;
};

// Writes `text` to `path` through a file of this process's own and a rename. Returns why it
// could not, or an empty string.
std::string write_file_atomically(const std::string& path, const std::string& text);

}  // namespace jitbench::detail
