// jitbench-report's command line: exit codes 0 (page written), 1 (bad input), 2 (bad usage).
#include "test_support.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace jitbench::test {
namespace {

struct Outcome {
  int exit_code;
  std::string err;
};

Outcome run(const std::string& args) {
  // One file a test and process: ctest -j runs these tests at the same time.
  const ::testing::TestInfo* test = ::testing::UnitTest::GetInstance()->current_test_info();
  const std::string err_path = ::testing::TempDir() + "report_cli_" + test->name() + "_" +
                               std::to_string(getpid()) + ".stderr";
  const int status =
      std::system((std::string(JITBENCH_REPORT_EXE) + " " + args + " 2>" + err_path).c_str());
  std::ifstream err(err_path);
  std::ostringstream text;
  text << err.rdbuf();
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, text.str()};
}

// The page jitbench-report wrote to `path`, parsed.
std::unique_ptr<XmlNode> written_page(const std::string& path) {
  std::ifstream file(path);
  std::ostringstream text;
  text << file.rdbuf();
  return parse_xml(text.str());
}

TEST(ReportCli, WritesThePage) {
  const std::string out = ::testing::TempDir() + "cli_report.html";
  std::remove(out.c_str());
  const Outcome o = run(data_path("copy_cold.json") + " " + data_path("copy_warm.json") + " -o " +
                        out + " --y both --x size");
  ASSERT_EQ(o.exit_code, 0) << o.err;
  const auto page = written_page(out);
  EXPECT_EQ(page->find("svg", {"chart"}).size(), 2u);
  EXPECT_EQ(page->find("svg", {"chart"}).at(0)->find("g", {"series"}).size(), 4u);
}

// What --out holds after a crash: a context line, one entry a line, the last one torn.
std::string crash_left_lines(const std::string& results_path) {
  std::ifstream in(results_path);
  const nlohmann::ordered_json document = nlohmann::ordered_json::parse(in);
  std::string text = nlohmann::ordered_json{{"context", document.at("context")}}.dump() + "\n";
  for (const auto& entry : document.at("benchmarks")) text += entry.dump() + "\n";
  return text + "{\"name\":\"copy_example/size=4GiB/ker";
}

TEST(ReportCli, ReadsTheJsonLinesACrashLeft) {
  const std::string lines = ::testing::TempDir() + "cli_crash_left.json";
  std::ofstream(lines) << crash_left_lines(data_path("copy_cold.json"));
  const std::string out = ::testing::TempDir() + "cli_crash_left.html";
  const Outcome o = run(lines + " -o " + out);
  ASSERT_EQ(o.exit_code, 0) << o.err;
  const auto page = written_page(out);
  EXPECT_EQ(page->find("svg", {"chart"}).size(), 2u);
  EXPECT_EQ(page->find("svg", {"chart"}).at(0)->find("circle", {"point"}).size(), 20u);
}

// A folder, as --out-dir leaves one, is its *.json files in name order, each a run.
TEST(ReportCli, ReadsAFolderOfResultsFiles) {
  const std::string dir = ::testing::TempDir() + "cli_report_folder_" + std::to_string(getpid());
  std::filesystem::create_directories(dir + "/sub");
  std::filesystem::copy_file(data_path("copy_cold.json"), dir + "/a.json",
                             std::filesystem::copy_options::overwrite_existing);
  std::filesystem::copy_file(data_path("copy_warm.json"), dir + "/b.json",
                             std::filesystem::copy_options::overwrite_existing);
  std::ofstream(dir + "/notes.txt") << "not results";
  std::ofstream(dir + "/sub/c.json").close();  // subfolders are not read: this one is empty
  const std::string out = dir + ".html";
  const Outcome o = run(dir + " -o " + out + " --y both --x size");
  ASSERT_EQ(o.exit_code, 0) << o.err;
  const auto page = written_page(out);
  EXPECT_EQ(page->find("svg", {"chart"}).size(), 2u);
  EXPECT_EQ(page->find("svg", {"chart"}).at(0)->find("g", {"series"}).size(), 4u);

  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const Outcome none = run(dir + " -o " + out);
  EXPECT_EQ(none.exit_code, 1);
  EXPECT_EQ(none.err,
            "jitbench-report: error: " + dir + ": no results files (*.json) in the folder\n");
  std::filesystem::remove_all(dir);
}

TEST(ReportCli, BadInputIsExitOneWithTheFileInTheMessage) {
  const std::string empty = ::testing::TempDir() + "cli_empty.json";
  std::ofstream(empty).close();
  const Outcome o = run(empty + " -o " + ::testing::TempDir() + "unused.html");
  EXPECT_EQ(o.exit_code, 1);
  EXPECT_EQ(o.err, "jitbench-report: error: " + empty +
                       ": empty file, expected a jitbench results JSON document\n");
}

TEST(ReportCli, UnknownXIsExitOne) {
  const Outcome o = run(data_path("copy_cold.json") + " -o - --x batch");
  EXPECT_EQ(o.exit_code, 1);
  EXPECT_NE(o.err.find("--x batch: benchmark 'copy_example' has no such param"), std::string::npos)
      << o.err;
  // Writing a file, the page is not left half-written beside it.
  const std::string out = ::testing::TempDir() + "cli_unknown_x.html";
  std::remove(out.c_str());
  EXPECT_EQ(run(data_path("copy_cold.json") + " -o " + out + " --x batch").exit_code, 1);
  EXPECT_FALSE(std::ifstream(out).good()) << out;
  EXPECT_FALSE(std::ifstream(out + ".tmp").good()) << out << ".tmp was left behind";
}

TEST(ReportCli, BadUsageIsExitTwo) {
  EXPECT_EQ(run(data_path("copy_cold.json") + " -o - --y speed").exit_code, 2);
  EXPECT_EQ(run(data_path("copy_cold.json")).exit_code, 2);  // no -o
  EXPECT_EQ(run("-o x.html").exit_code, 2);                  // no input
  const Outcome o = run(data_path("copy_cold.json") + " -o - --y speed");
  EXPECT_EQ(o.err.rfind("jitbench-report: --y: 'speed' is not latency, bandwidth or both\n", 0), 0u)
      << o.err;
}

}  // namespace
}  // namespace jitbench::test
