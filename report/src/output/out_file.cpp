#include "output/out_file.hpp"

#include "schema/json_fields.hpp"
#include <jitbench/file_output.hpp>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace jitbench::detail {

OutFile::OutFile(std::string path) : path_(std::move(path)) {
  lines_.open(path_, std::ios::binary | std::ios::trunc);
  if (!lines_) {
    throw std::runtime_error("cannot open '" + path_ + "' for writing: " + std::strerror(errno));
  }
}

void OutFile::check_stream(const char* action) {
  if (!lines_) throw std::runtime_error("cannot " + std::string(action) + " '" + path_ + "'");
}

void OutFile::begin(const ResultsContext& context) {
  context_ = context;
  entries_.clear();
  lines_ << dump({{"context", context}}) << '\n' << std::flush;
  check_stream("write to");
}

void OutFile::add(const std::vector<ResultEntry>& entries) {
  for (const ResultEntry& entry : entries) {
    lines_ << dump(entry) << '\n';
    entries_.push_back(entry);
  }
  lines_.flush();
  check_stream("write to");
}

void OutFile::finish() {
  lines_.close();
  write_atomically(path_, [&](std::ostream& out) { out << results_document(context_, entries_); });
}

}  // namespace jitbench::detail
