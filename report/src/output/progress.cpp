#include "output/progress.hpp"

#include <jitbench/format.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ostream>

namespace jitbench::detail {

namespace {

// A rewritten line must not wrap, or "\r" returns to the wrong row and the terminal fills up.
constexpr std::size_t kMaxLine = 99;
constexpr const char* kClearLine = "\r\x1b[K";

}  // namespace

Progress::Progress(std::ostream& err, bool terminal, Clock& clock)
    : err_(err), terminal_(terminal), clock_(clock) {}

std::string Progress::format_eta(double seconds) {
  const long total = std::lround(std::max(0.0, seconds));
  char text[32];
  if (total >= 3600) {
    std::snprintf(text, sizeof text, "%ld:%02ld:%02ld", total / 3600, total / 60 % 60, total % 60);
  } else {
    std::snprintf(text, sizeof text, "%ld:%02ld", total / 60, total % 60);
  }
  return text;
}

void Progress::begin(std::size_t case_count) {
  count_ = case_count;
  done_ = 0;
  start_s_ = clock_.now_s();
}

void Progress::case_started(std::size_t index, const std::string& label) {
  index_ = index;
  label_ = label;
  impl_.clear();
  case_start_s_ = clock_.now_s();
  if (terminal_) draw();
}

void Progress::impl_started(const std::string& impl) {
  impl_ = impl;
  if (terminal_) draw();
}

void Progress::draw() {
  std::string line = "[" + std::to_string(index_ + 1) + "/" + std::to_string(count_) + "] " +
                     label_ + (impl_.empty() ? "" : "  " + impl_);
  if (done_ > 0) {
    const double per_case_s = (clock_.now_s() - start_s_) / static_cast<double>(done_);
    const double left = static_cast<double>(count_ > done_ ? count_ - done_ : 0);
    line += "  ETA " + format_eta(per_case_s * left);
  }
  if (line.size() > kMaxLine) line.resize(kMaxLine);
  err_ << kClearLine << line << std::flush;
  drawn_ = true;
}

void Progress::case_done(const std::vector<ResultEntry>& entries) {
  ++done_;
  if (terminal_) return draw();
  std::string line =
      "[" + std::to_string(index_ + 1) + "/" + std::to_string(count_) + "] " + label_;
  for (const ResultEntry& e : entries) {
    line += "  " + e.impl + " ";
    line += e.status == ImplStatus::ok ? format_sig3(e.real_time_us) + " us" : e.error_message;
  }
  line += "  (" + format_sig3(clock_.now_s() - case_start_s_) + " s)";
  err_ << line << '\n' << std::flush;
}

void Progress::end() {
  if (terminal_ && drawn_) err_ << kClearLine << std::flush;
  drawn_ = false;
}

}  // namespace jitbench::detail
