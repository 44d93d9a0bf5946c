// jitbench-merge: the parts of one run (shards, GPUs, hosts) as one results file.

#include <jitbench/results_merge.hpp>

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <utility>
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

// Figures measured another way would pass for the first part's: another L2 mode, other params.
TEST(MergeResults, PartsMeasuredDifferentlyAreAnError) {
  ResultsFile warm = part("b.json", "2/2", "GPU-a", {"1"});
  warm.context.l2_mode = "warm";
  ResultsFile cold = part("a.json", "1/2", "GPU-a", {"2"});
  cold.context.l2_mode = "cold";
  try {
    merge_results({cold, warm});
    FAIL() << "no error";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(),
                 "b.json: measured with --l2 warm, not cold as in a.json; the parts of one run "
                 "are measured alike");
  }
  ResultsFile renamed = part("b.json", "2/2", "GPU-a", {"1"});
  renamed.context.param_names = {"bytes"};
  ResultsFile first = part("a.json", "1/2", "GPU-a", {"2"});
  first.context.param_names = {"size"};
  EXPECT_THROW(merge_results({first, renamed}), std::runtime_error);
}

// Parts by impl (--impl kernel on one GPU, --impl memcpy on another) plan the same cases.
TEST(MergeResults, PartsByImplKeepTheCaseCountAndJoinTheImpls) {
  ResultsFile kernel = part("a.json", "", "GPU-a", {"1", "2"});
  kernel.context.impl_names = {"kernel"};
  ResultsFile memcpy = part("b.json", "", "GPU-b", {"1", "2"});
  memcpy.context.impl_names = {"memcpy"};
  for (ResultEntry& e : memcpy.entries) {
    e.impl = "memcpy";
    e.name = e.name.substr(0, e.name.rfind('/')) + "/memcpy";
  }
  const ResultsFile merged = merge_results({kernel, memcpy});
  EXPECT_EQ(merged.context.case_count, 2u);
  EXPECT_EQ(merged.context.impl_names, (std::vector<std::string>{"kernel", "memcpy"}));
  EXPECT_EQ(merged.entries.size(), 4u);
}

TEST(MergeResults, MissingShardsAreNamed) {
  EXPECT_EQ(missing_shards({part("a", "1/4", "G", {"1"}), part("b", "2/4", "G", {"2"})}),
            "3/4, 4/4");
  EXPECT_EQ(missing_shards({part("a", "1/2", "G", {"1"}), part("b", "2/2", "G", {"2"})}), "");
  EXPECT_EQ(missing_shards({part("a", "", "G", {"1"}), part("b", "", "G", {"2"})}), "");
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

// Runs jitbench-merge with `args`; its exit code, and stdout and stderr together.
std::pair<int, std::string> merge_tool(const std::string& args) {
  FILE* pipe = popen((std::string(JITBENCH_MERGE_EXE) + " " + args + " 2>&1").c_str(), "r");
  std::string output;
  char buffer[512];
  while (pipe && std::fgets(buffer, sizeof(buffer), pipe)) output += buffer;
  const int status = pipe ? pclose(pipe) : -1;
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

TEST(MergeTool, SaysWhatIsMissingAndWhyItCannotWrite) {
  const ResultsFile a = part("a", "1/2", "GPU-a", {"4096"});
  std::ofstream(temp("shard1.json")) << results_document(a.context, a.entries);
  const auto [partial, said] = merge_tool("-o " + temp("partial.json") + " " + temp("shard1.json"));
  EXPECT_EQ(partial, 0) << said;
  EXPECT_NE(said.find("jitbench-merge: warning: shards 2/2 of the run are not among the parts; "
                      "the merged file lacks their cases\n"),
            std::string::npos)
      << said;
  EXPECT_NE(said.find("1 result of 1 case from 1 file into"), std::string::npos) << said;
  const auto [failed, why] =
      merge_tool("-o " + temp("no_such_dir/all.json") + " " + temp("shard1.json"));
  EXPECT_EQ(failed, 1) << why;
  EXPECT_NE(why.find("jitbench-merge: cannot write '" + temp("no_such_dir/all.json") +
                     "': No such file or directory"),
            std::string::npos)
      << why;
  for (const char* name : {"shard1.json", "partial.json"}) std::remove(temp(name).c_str());
}

}  // namespace
}  // namespace jitbench
