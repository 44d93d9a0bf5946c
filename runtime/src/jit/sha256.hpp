#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace jitbench::detail {

// SHA-256 (FIPS 180-4), for the keys of the JIT cache: a key names a compiled kernel on disk,
// shared by every process that uses the cache, so it must not collide by accident.
//
//   Sha256 h;
//   h.add("source text").add(options);
//   std::string key = h.hex();  // 64 hex digits
class Sha256 {
 public:
  Sha256();
  Sha256& add(std::string_view bytes);
  // Adds the bytes with their length first, so that ("ab", "c") and ("a", "bc") differ.
  Sha256& add_field(std::string_view bytes);
  // The digest in lower-case hex. Ends the hash: add nothing after it.
  std::string hex();

 private:
  void block(const unsigned char* data);

  std::uint32_t state_[8];
  unsigned char buffer_[64];
  std::size_t buffered_ = 0;
  std::uint64_t length_ = 0;  // [bytes]
};

}  // namespace jitbench::detail
