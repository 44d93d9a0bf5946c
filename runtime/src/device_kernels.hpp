#pragma once

// The runtime's own kernels: input fill, L2 flush, the spin that holds eager launches back,
// and the output comparison and input fingerprints of the correctness check.

#include <jitbench/dtype.hpp>
#include <jitbench/tensor.hpp>

#include <cuda_runtime_api.h>

#include <cstddef>
#include <cstdint>

namespace jitbench::detail {

// Fills `copies` copies of a tensor laid out `stride_bytes` apart with the values `init`
// describes (all but randperm, which the pool makes on the host). Element i of every copy gets
// the same value, derived from (seed, i) alone.
void launch_fill(void* base, int copies, std::size_t stride_bytes, DType dtype, std::int64_t numel,
                 const TensorInit& init, std::uint64_t seed, cudaStream_t stream);

// Evicts whatever L2 held, lines loaded with an evict-last policy too, and leaves it full of
// dirty flush lines: writes every byte of the buffer (at least 2 x L2, 128-byte aligned) with
// evict-last stores, discards the buffer's lines, and writes it again with ordinary stores.
void launch_flush(void* buffer, std::size_t bytes, cudaStream_t stream);
inline constexpr int flush_kernels = 3;  // what launch_flush enqueues (l2_flush.cuh)

// Spins until the host sets *flag (mapped pinned memory), or timeout_ns passes so that a host
// that never sets it cannot hang the device; then it sets *timed_out, so that the host knows
// the launches behind it were not held back. Queuing launches behind it keeps their launch
// cost out of the timing.
void launch_wait_for_flag(const volatile int* flag, int* timed_out, std::uint64_t timeout_ns,
                          cudaStream_t stream);

// One reading of the SM clock: `cycles` of clock64() took `ns` of the global timer.
struct ClockReading {
  unsigned long long cycles = 0;
  unsigned long long ns = 0;
  double mhz() const { return ns > 0 ? static_cast<double>(cycles) * 1e3 / ns : 0; }
};

// Spins one thread for `cycles` SM cycles and writes how long that took into *reading (mapped
// pinned memory, read by the host after the stream is synchronised).
void launch_clock_probe(ClockReading* reading, unsigned long long cycles, cudaStream_t stream);

// Spins for about `ns` nanoseconds of GPU time (tests use it as a kernel of known length).
void launch_sleep(std::uint64_t ns, cudaStream_t stream);

// Result of comparing an output with the reference's, element by element.
struct CompareStats {
  unsigned long long worst = 0;       // float bits of the worst error << 32 | element index
  unsigned long long mismatches = 0;  // elements with error above tolerance (NaN included)
};

// Error of element i: |out - ref| / (1 + |ref|); it fails when above tolerance or NaN.
void launch_compare(const void* out, const void* ref, DType dtype, std::int64_t numel,
                    double tolerance, CompareStats* stats, cudaStream_t stream);

// Adds a 64-bit fingerprint of the `bytes` at `data` to *sum: every 8-byte word (every byte, where
// `data` is not 8-byte aligned, and of the tail) hashed with its position, so that a changed,
// moved or swapped value changes the sum. *sum starts at 0.
void launch_fingerprint(const void* data, std::size_t bytes, unsigned long long* sum,
                        cudaStream_t stream);

}  // namespace jitbench::detail
