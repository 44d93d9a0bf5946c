#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jitbench::gen {

// A place in a spec file, 1-based. line 0 means "the whole file" (it cannot be read, it is too
// big): the message then has no line or column.
struct SourceLoc {
  int line = 0;
  int column = 0;
};

// One error in a spec, printed as a compiler would: `specs/x.yaml:12:7: error: message`. A
// warning is a spec that builds but likely does not do what its author meant.
struct Diagnostic {
  std::string file;
  SourceLoc loc;
  std::string message;
  bool warning = false;

  std::string str() const;
};

// Collects every error and warning of one spec so that all of them are reported at once.
class Diagnostics {
 public:
  explicit Diagnostics(std::string file) : file_(std::move(file)) {}

  void error(SourceLoc loc, std::string message);
  void warn(SourceLoc loc, std::string message);
  // Adds `text` to the message of the error at `index` of list().
  void amend(std::size_t index, const std::string& text) { list_.at(index).message += text; }
  // No errors (warnings do not count).
  bool empty() const { return list_.empty(); }
  const std::vector<Diagnostic>& list() const { return list_; }
  std::vector<Diagnostic> take() { return std::move(list_); }
  std::vector<Diagnostic> take_warnings() { return std::move(warnings_); }

 private:
  std::string file_;
  std::vector<Diagnostic> list_;
  std::vector<Diagnostic> warnings_;
};

// The one of `candidates` that `name` is a plausible misspelling of; nullopt when there is none.
// Candidates are tried in order; the closest wins, the first among equals.
std::optional<std::string> did_you_mean(std::string_view name,
                                        const std::vector<std::string>& candidates);

// " (did you mean 'values'?)" for a candidate, else `otherwise`: the end of a message.
std::string suggestion(const std::optional<std::string>& candidate, std::string otherwise = "");

// 'a', 'b' and 'c'
std::string quoted_list(const std::vector<std::string>& names);

}  // namespace jitbench::gen
