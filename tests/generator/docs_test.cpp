// docs/spec.md is the reference for the spec language: it must document every key the loader
// accepts and no other. A key is documented by a heading `### \`path\`` (see accepted_keys()).

#include "spec_loader.hpp"
#include "test_util.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

namespace jitbench::gen {
namespace {

TEST(Docs, SpecReferenceDocumentsExactlyTheAcceptedKeys) {
  const std::string doc = test::read_file(test::source_dir() + "/docs/spec.md");
  ASSERT_FALSE(doc.empty()) << "docs/spec.md is missing";
  std::vector<std::string> documented;
  std::istringstream lines(doc);
  for (std::string line; std::getline(lines, line);) {
    const std::string prefix = "### `";
    if (line.compare(0, prefix.size(), prefix) != 0 || line.back() != '`') continue;
    documented.push_back(line.substr(prefix.size(), line.size() - prefix.size() - 1));
  }
  std::vector<std::string> accepted = accepted_keys();
  std::sort(documented.begin(), documented.end());
  std::sort(accepted.begin(), accepted.end());
  EXPECT_EQ(documented, accepted);
}

}  // namespace
}  // namespace jitbench::gen
