// jitbench's L2 flush (runtime/src/l2_flush.cuh) behind a C interface, for
// torch_compile_baseline.py, which builds it with nvcc: it evicts every line, lines loaded with an
// evict-last policy too, which an ordinary write leaves in L2
// (docs/experiments/l2_evict_last_probe.cu), and leaves the L2 full of dirty lines.
//
//   nvcc -std=c++17 -O3 -arch=sm_90 -shared -Xcompiler -fPIC -I. -o libl2_flush.so
//        docs/experiments/l2_flush_ctypes.cu                  (one line, from the repository root)

#include "runtime/src/l2_flush.cuh"

#include <cstdint>

// bytes: a multiple of 128; the buffer 128-byte aligned. Returns the cudaError_t of the launches.
extern "C" int jb_l2_flush_evict_all(void* buffer, std::int64_t bytes, unsigned value,
                                     void* stream) {
  return static_cast<int>(jitbench::detail::enqueue_l2_flush(
      buffer, static_cast<std::size_t>(bytes), value, static_cast<cudaStream_t>(stream)));
}
