#pragma once

namespace jitbench {

// Wall time in seconds from an arbitrary origin. An interface, so that tests of sampling and
// progress run on a clock they move themselves.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual double now_s() = 0;
};

class SteadyClock final : public Clock {
 public:
  double now_s() override;
};

}  // namespace jitbench
