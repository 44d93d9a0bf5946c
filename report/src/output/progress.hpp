#pragma once

#include <jitbench/clock.hpp>
#include <jitbench/results.hpp>

#include <cstddef>
#include <iosfwd>
#include <string>
#include <vector>

namespace jitbench::detail {

// Progress on stderr. On a terminal, one line rewritten in place as the run goes:
//   [3/12] head_dim=128 gqa=4 T=bf16  fused  ETA 0:42
// (the ETA from the mean wall time of the cases done). Anywhere else (CTest logs, a file), one
// plain line a finished case:
//   [3/12] head_dim=128 gqa=4 T=bf16  fused 12.3 us  naive 13.8 us  (0.84 s)
class Progress {
 public:
  Progress(std::ostream& err, bool terminal, Clock& clock);

  void begin(std::size_t case_count);
  // `index` counts from 0 over the cases of this run.
  void case_started(std::size_t index, const std::string& label);
  void impl_started(const std::string& impl);
  void case_done(const std::vector<ResultEntry>& entries);
  void end();

  // "0:42", "12:05", "1:02:03" for a number of seconds.
  static std::string format_eta(double seconds);

 private:
  void draw();

  std::ostream& err_;
  const bool terminal_;
  Clock& clock_;
  std::size_t count_ = 0;
  std::size_t index_ = 0;
  std::size_t done_ = 0;
  double start_s_ = 0;
  double case_start_s_ = 0;
  std::string label_;
  std::string impl_;
  bool drawn_ = false;
};

}  // namespace jitbench::detail
