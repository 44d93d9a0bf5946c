#pragma once

#include <optional>
#include <string>
#include <vector>

namespace jitbench::detail {

// A JIT source and the headers it includes, read from disk: what NVRTC compiles, and what the
// JIT cache key is made of, so that editing the source or any header of the project it includes
// compiles again.
//
// NVRTC does not say which files it read, so the includes are found as NVRTC finds them: a
// `#include "x"` next to the file that includes it, then in the include folders in order; a
// `#include <x>` in the include folders. Every `#include` line counts, whether the preprocessor
// would take it or not, which can only add files to the key. A header found in one of the
// toolkit's folders (cuda_bf16.h, libcu++) is keyed by its path, not read: it changes with the
// toolkit, whose NVRTC version is in the key too. A header found nowhere (NVRTC's built-in ones)
// is keyed by its name.
struct SourceFile {
  std::string path;
  std::string text;
};

struct SourceSet {
  SourceFile main;
  std::vector<SourceFile> headers;      // the project's headers, each once, in the order found
  std::vector<std::string> toolkit;     // headers in the toolkit's folders, by path
  std::vector<std::string> unresolved;  // headers found nowhere, by name
};

// The path of `name`: as it is when it is absolute, else in the first of `dirs` that has it.
std::optional<std::string> find_source(const std::string& name,
                                       const std::vector<std::string>& dirs);

// Reads `path` and, recursively, the headers it includes. Throws std::runtime_error when `path`
// cannot be read; a header that cannot be read is keyed by name.
SourceSet read_sources(const std::string& path, const std::vector<std::string>& include_dirs,
                       const std::vector<std::string>& toolkit_dirs);

}  // namespace jitbench::detail
