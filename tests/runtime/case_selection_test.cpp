#include "case_selection.hpp"

#include <jitbench/cli.hpp>

#include <gtest/gtest.h>

#include <sstream>

namespace jitbench::detail {
namespace {

BenchmarkDesc two_param_desc() {
  BenchmarkDesc desc;
  desc.name = "grid";
  desc.param_names = {"a", "b"};
  desc.impl_names = {"fast", "ref"};
  return desc;
}

std::vector<CaseSpec> grid() {
  std::vector<CaseSpec> cases;
  for (const auto& [a, b] : {std::pair{"1", "x"}, {"1", "y"}, {"2", "x"}}) {
    CaseSpec c;
    c.param_values = {a, b};
    cases.push_back(c);
  }
  return cases;
}

std::string usage_error(const SelectionSettings& settings) {
  try {
    select_cases(two_param_desc(), grid(), settings);
  } catch (const UsageError& e) {
    return e.what();
  }
  return "";
}

TEST(CaseSelection, FilterTermsAndValueListsSelect) {
  SelectionSettings s;
  s.filter = parse_filter("a=1,b=x|y");
  EXPECT_EQ(select_cases(two_param_desc(), grid(), s).cases, (std::vector<std::size_t>{0, 1}));
  s.impls = {"ref"};
  EXPECT_EQ(select_cases(two_param_desc(), grid(), s).impls, std::vector<std::size_t>{1});
}

TEST(CaseSelection, UnknownParamImplOrValueIsAUsageError) {
  SelectionSettings s;
  s.filter = parse_filter("c=1");
  EXPECT_EQ(usage_error(s), "unknown param in --filter 'c'; known: a, b");
  s.filter = parse_filter("a=3");
  EXPECT_EQ(usage_error(s), "--filter: a=3 is not in the grid; values: 1, 2");
  s.filter.clear();
  s.impls = {"slow"};
  EXPECT_EQ(usage_error(s), "unknown impl in --impl 'slow'; known: fast, ref");
}

TEST(CaseSelection, ValuesThatNeverMeetAreAUsageError) {
  SelectionSettings s;
  s.filter = parse_filter("a=2,b=y");  // each value exists, the pair does not
  EXPECT_EQ(usage_error(s), "--filter: no case of the grid has all of these values together");
}

TEST(CaseSelection, ListPrintsOneCaseALine) {
  SelectionSettings s;
  const auto cases = grid();
  std::ostringstream out;
  print_case_list(two_param_desc(), cases, select_cases(two_param_desc(), cases, s), out);
  EXPECT_EQ(out.str(), "a=1 b=x\na=1 b=y\na=2 b=x\n");
}

}  // namespace
}  // namespace jitbench::detail
