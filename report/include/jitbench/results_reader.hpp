#pragma once

#include <jitbench/results.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace jitbench {

// A results file read back: what --compare, jitbench-report, jitbench-compare and
// jitbench-accuracy all read, through the one reader below.
struct ResultsFile {
  std::string source;  // the path, as messages and labels name it
  ResultsContext context;
  std::vector<ResultEntry> entries;  // Google Benchmark's aggregates (mean, median...) left out
  bool complete = true;              // false: the JSON lines of a run that did not finish
};

// Reads a whole document (ours or Google Benchmark's), or the JSON lines that --out holds while a
// run goes and keeps when it is cut short by a crash or Ctrl-C: a {"context": ...} line, then
// one entry a line (a torn last line is dropped). Throws std::runtime_error
// "SOURCE:LINE:COLUMN: what is wrong" for malformed JSON, "SOURCE: benchmark N: \"name\": what"
// for a malformed entry, and "SOURCE: what" for anything else.
ResultsFile read_results(std::string_view text, const std::string& source);

// read_results on a file's contents; throws std::runtime_error "PATH: no such file" or "PATH:
// cannot open for reading" when it cannot be read.
ResultsFile load_results(const std::string& path);

// The benchmark a file's results are of: its context's, else the first part of its first entry's
// name (Google Benchmark names it only there: "bench/k=v/.../impl"); empty for a file of neither.
std::string benchmark_of(const ResultsFile& file);

// The results files a path names: the path itself, or a folder's *.json files (not its
// subfolders'), in name order, as --out-dir and the shards of a grid leave them. Throws
// std::runtime_error naming the folder when it cannot be listed or holds no *.json file.
std::vector<std::string> results_files(const std::string& path);

}  // namespace jitbench
