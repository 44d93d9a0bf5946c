#include "diagnostic.hpp"

#include <gtest/gtest.h>

namespace jitbench::gen {
namespace {

TEST(Diagnostic, PrintsLikeACompiler) {
  EXPECT_EQ((Diagnostic{"specs/x.yaml", {12, 7}, "unknown key 'valus'"}).str(),
            "specs/x.yaml:12:7: error: unknown key 'valus'");
  EXPECT_EQ((Diagnostic{"specs/x.yaml", {}, "cannot open the spec"}).str(),
            "specs/x.yaml: error: cannot open the spec");
}

TEST(Diagnostic, CollectsInOrder) {
  Diagnostics diagnostics("a.yaml");
  EXPECT_TRUE(diagnostics.empty());
  diagnostics.error({1, 2}, "first");
  diagnostics.error({3, 4}, "second");
  ASSERT_EQ(diagnostics.list().size(), 2u);
  EXPECT_EQ(diagnostics.list()[1].str(), "a.yaml:3:4: error: second");
}

TEST(DidYouMean, SuggestsTheClosestPlausibleName) {
  const std::vector<std::string> keys = {"values", "ci", "compile_time"};
  EXPECT_EQ(did_you_mean("valus", keys), "values");
  EXPECT_EQ(did_you_mean("compile-time", keys), "compile_time");
  EXPECT_EQ(did_you_mean("cu", keys), "ci");
  EXPECT_EQ(did_you_mean("shape", keys), std::nullopt);
  EXPECT_EQ(did_you_mean("values", keys), std::nullopt);  // an exact match is no misspelling
  EXPECT_EQ(did_you_mean("n", {"T"}), std::nullopt);      // one letter off of one is no typo
  EXPECT_EQ(did_you_mean("", keys), std::nullopt);
  EXPECT_EQ(suggestion(did_you_mean("valus", keys)), " (did you mean 'values'?)");
  EXPECT_EQ(suggestion(did_you_mean("shape", keys), "; keys are ..."), "; keys are ...");
}

TEST(QuotedList, ReadsAsEnglish) {
  EXPECT_EQ(quoted_list({"a"}), "'a'");
  EXPECT_EQ(quoted_list({"a", "b"}), "'a' and 'b'");
  EXPECT_EQ(quoted_list({"a", "b", "c"}), "'a', 'b', and 'c'");
}

}  // namespace
}  // namespace jitbench::gen
