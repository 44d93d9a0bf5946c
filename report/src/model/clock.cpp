#include <jitbench/clock.hpp>

#include <chrono>

namespace jitbench {

double SteadyClock::now_s() {
  using namespace std::chrono;
  return duration<double>(steady_clock::now().time_since_epoch()).count();
}

}  // namespace jitbench
