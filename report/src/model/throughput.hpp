#pragma once

namespace jitbench {

// Bandwidth of `bytes` moved in `seconds` [GB/s = 1e9 B/s, not GiB/s]. 0 when seconds <= 0.
inline double bandwidth_gbps(double bytes, double seconds) {
  return seconds > 0 ? bytes / seconds / 1e9 : 0;
}

// Arithmetic rate [TFLOP/s = 1e12 FLOP/s]. 0 when seconds <= 0.
inline double tflops(double flops, double seconds) {
  return seconds > 0 ? flops / seconds / 1e12 : 0;
}

}  // namespace jitbench
