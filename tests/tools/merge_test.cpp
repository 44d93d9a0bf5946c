// jitbench-merge: the parts of one run (shards, GPUs, hosts) as one results file.

#include <jitbench/results_merge.hpp>

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

namespace jitbench {
namespace {

ResultsFile part(const std::string& source, const std::string& shard, const std::string& uuid,
                 const std::vector<std::string>& cases) {
  ResultsFile f;
  f.source = source;
  f.context.benchmark = "copy";
  f.context.device_name = "NVIDIA H200";
  f.context.device_uuid = uuid;
  f.context.shard = shard;
  f.context.case_count = cases.size();
  for (const std::string& c : cases) {
    ResultEntry e;
    e.name = "copy/size=" + c + "/kernel";
    e.params = {{"size", c}};
    e.impl = "kernel";
    e.real_time_us = 1.5;
    e.samples = 10;
    f.entries.push_back(e);
  }
  return f;
}

TEST(MergeResults, ThePartsOfARunAreOneRun) {
  const ResultsFile merged = merge_results({part("a.json", "1/2", "GPU-a", {"4096", "1048576"}),
                                            part("b.json", "2/2", "GPU-b", {"65536"})});
  ASSERT_EQ(merged.entries.size(), 3u);
  EXPECT_EQ(merged.entries[2].name, "copy/size=65536/kernel");
  EXPECT_EQ(merged.context.case_count, 3u);
  EXPECT_EQ(merged.context.shard, "");
  EXPECT_EQ(merged.context.device_name, "NVIDIA H200");
  EXPECT_EQ(merged.context.device_uuid, "GPU-a; GPU-b");
}

TEST(MergeResults, ACaseInTwoPartsIsAnError) {
  try {
    merge_results(
        {part("a.json", "1/2", "GPU-a", {"4096"}), part("b.json", "2/2", "GPU-a", {"4096"})});
    FAIL() << "no error";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(),
                 "b.json: copy/size=4096/kernel is in a.json too; the parts of one run hold each "
                 "case once");
  }
}

TEST(MergeResults, PartsOfOtherBenchmarksAreAnError) {
  ResultsFile other = part("b.json", "", "GPU-a", {"1"});
  other.context.benchmark = "qknorm";
  EXPECT_THROW(merge_results({part("a.json", "", "GPU-a", {"2"}), other}), std::runtime_error);
}

std::string temp(const std::string& name) {
  return ::testing::TempDir() + "jitbench_merge_" + name;
}

TEST(MergeTool, WritesOneDocumentThatReadsBack) {
  const ResultsFile a = part("a", "1/2", "GPU-a", {"4096"});
  const ResultsFile b = part("b", "2/2", "GPU-b", {"65536", "1048576"});
  for (const auto& [file, name] :
       {std::pair{a, std::string("a.json")}, {b, std::string("b.json")}}) {
    std::ofstream(temp(name)) << results_document(file.context, file.entries);
  }
  const std::string command = std::string(JITBENCH_MERGE_EXE) + " -o " + temp("all.json") + " " +
                              temp("a.json") + " " + temp("b.json") + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  char line[512] = {};
  const bool said = std::fgets(line, sizeof(line), pipe) != nullptr;
  EXPECT_EQ(pclose(pipe), 0) << line;
  EXPECT_TRUE(said);
  EXPECT_NE(std::string(line).find("3 results of 3 cases from 2 files"), std::string::npos) << line;
  const ResultsFile merged = load_results(temp("all.json"));
  EXPECT_TRUE(merged.complete);
  EXPECT_EQ(merged.entries.size(), 3u);
  EXPECT_EQ(merged.context.device_uuid, "GPU-a; GPU-b");
  for (const char* name : {"a.json", "b.json", "all.json"}) std::remove(temp(name).c_str());
}

}  // namespace
}  // namespace jitbench
