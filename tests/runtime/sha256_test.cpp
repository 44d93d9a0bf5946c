// The JIT cache's keys: SHA-256 against the FIPS 180-4 examples.

#include "jit/sha256.hpp"

#include <gtest/gtest.h>

#include <string>

namespace jitbench::detail {
namespace {

std::string sha256(const std::string& text) { return Sha256().add(text).hex(); }

TEST(Sha256, MatchesTheStandardsExamples) {
  EXPECT_EQ(sha256(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(sha256(std::string(1000000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256, PiecesHashAsTheirConcatenation) {
  const std::string text(200, 'x');
  Sha256 pieces;
  for (std::size_t i = 0; i < text.size(); i += 7) pieces.add(text.substr(i, 7));
  EXPECT_EQ(pieces.hex(), sha256(text));
}

TEST(Sha256, FieldsKeepTheirBoundaries) {
  EXPECT_NE(Sha256().add_field("ab").add_field("c").hex(),
            Sha256().add_field("a").add_field("bc").hex());
}

}  // namespace
}  // namespace jitbench::detail
