#pragma once

#include <jitbench/results.hpp>

#include <fstream>
#include <iosfwd>
#include <string>
#include <vector>

namespace jitbench::detail {

// --out FILE: results on disk as the run goes, so that a crash or Ctrl-C loses no finished case.
// While the run goes, FILE holds JSON lines: {"context": ...}, then one benchmark entry a line,
// flushed after every case. finish() writes the whole document (results.hpp) to FILE.tmp and
// renames it over FILE, so FILE is always either the lines so far or the complete document;
// read_results() (results_reader.hpp) reads both.
class OutFile {
 public:
  // Opens FILE for writing; throws std::runtime_error "cannot open 'FILE' for writing: why".
  explicit OutFile(std::string path);

  void begin(const ResultsContext& context);
  void add(const std::vector<ResultEntry>& entries);
  // Throws std::runtime_error when the document cannot be written or renamed.
  void finish();

 private:
  void check_stream(const char* action);

  std::string path_;
  std::ofstream lines_;
  ResultsContext context_;
  std::vector<ResultEntry> entries_;
};

}  // namespace jitbench::detail
