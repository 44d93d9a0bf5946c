#pragma once

// Decodes the PNG screenshots Chromium writes (8-bit RGB or RGBA, not interlaced), for the
// browser test: zlib inflates, the five PNG filters are undone here.

#include <cstdint>
#include <string>
#include <vector>

namespace jitbench::test {

struct Image {
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> rgb;  // width * height * 3, row after row
};

// Throws std::runtime_error naming what it cannot read.
Image read_png(const std::string& path);

}  // namespace jitbench::test
