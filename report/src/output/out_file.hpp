#pragma once

#include "schema/json.hpp"
#include <jitbench/results.hpp>

#include <fstream>
#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

namespace jitbench::detail {

// --out FILE: results on disk as the run goes, so that a crash or Ctrl-C loses no finished case.
// While the run goes, FILE holds JSON lines: {"context": ...}, then one benchmark entry a line,
// flushed after every case. finish() writes the whole document (result_json.hpp) to FILE.tmp and
// renames it over FILE, so FILE is always either the lines so far or the complete document;
// read_results() reads both.
class OutFile {
 public:
  // Opens FILE for writing; throws std::runtime_error "cannot open 'FILE' for writing: why".
  explicit OutFile(std::string path);

  void begin(const JsonValue& context);
  void add(const std::vector<JsonValue>& entries);
  // Throws std::runtime_error when the document cannot be written or renamed.
  void finish();

 private:
  void check_stream(const char* action);

  std::string path_;
  std::ofstream lines_;
  JsonValue context_ = JsonValue::object();
  std::vector<JsonValue> entries_;
};

// Throws std::runtime_error "cannot write 'FILE': why" when FILE could not be written as --out
// and --report write it (in place, and through FILE.tmp and a rename): it is a directory or
// read-only, or its directory is missing or read-only. Creates and changes nothing, so that a
// run can check its outputs before it starts.
void check_writable(const std::string& path);

// Writes `path` through `path`.tmp and a rename, so that no reader ever sees half a file.
// Throws std::runtime_error naming the file when it cannot be written or renamed.
void write_atomically(const std::string& path, const std::function<void(std::ostream&)>& write);

}  // namespace jitbench::detail
