// Does an L2 line that a kernel loaded with an evict-last policy (Triton's and Inductor's
// `createpolicy.fractional.L2::evict_last`, SASS LDG.E.EL) survive a flush that writes more than
// twice the L2? And which flush evicts it?
//
//   nvcc -std=c++17 -O3 -arch=sm_90 -I. -o l2_evict_last_probe \
//        docs/experiments/l2_evict_last_probe.cu                     (from the repository root)
//   ./l2_evict_last_probe
//
// For each buffer size, a buffer A is read once ("prime", with normal or evict-last loads), then
// a flush runs (or none), then A is read again with normal loads and that read is timed (CUDA
// events, median of 31). A timed read as fast as the one with no flush read a warm L2.
// Flushes:
//   write       ordinary 16-byte stores over 2 x L2 + 8 MiB (jitbench's flush_kernel before
//               this probe; torch's fill_ kernel in the torch.compile harness)
//   reset+write cudaCtxResetPersistingL2Cache(), then `write`
//   el-write    the same stores with an evict-last policy
//   el+discard  el-write, then discard.global.L2 of every 128-byte line of the flush buffer
// (docs/results/l2_evict_last_probe.txt was measured with the probe's own copies of the write
// and discard kernels, which are the same stores as jitbench's flush kernels used here now.)
#include "l2_probe_kernels.cuh"

#include <cstdio>
#include <vector>

enum Flush { none, write, reset_write, el_write, el_discard };
const char* flush_names[] = {"none", "write", "reset+write", "el-write", "el+discard"};

int main() {
  const ProbeRig rig;
  size_t persisting = 0;
  CHECK(cudaDeviceGetLimit(&persisting, cudaLimitPersistingL2CacheSize));
  std::printf(
      "# %s, L2 %d MiB, persistingL2CacheMaxSize %d MiB, cudaLimitPersistingL2CacheSize %zu\n",
      rig.prop.name, rig.prop.l2CacheSize >> 20, rig.prop.persistingL2CacheMaxSize >> 20,
      persisting);
  const size_t max_bytes = 32 << 20;
  uint4* a;
  CHECK(cudaMalloc(&a, max_bytes));
  CHECK(cudaMemset(a, 1, max_bytes));

  std::printf("%9s %10s %12s %10s\n", "A (MiB)", "prime", "flush", "read (us)");
  for (size_t mib : {1, 4, 16, 32}) {
    const size_t bytes = mib << 20;
    for (Loads prime : {Loads::normal, Loads::evict_last}) {
      for (Flush f : {none, write, reset_write, el_write, el_discard}) {
        std::vector<float> t;
        for (int rep = 0; rep < 31; ++rep) {
          // Start from jitbench's flush, whatever the last step left.
          CHECK(jitbench::detail::enqueue_l2_flush(rig.flush, rig.flush_bytes, rep, rig.stream));
          rig.read(a, bytes, prime);
          switch (f) {
            case none:
              break;
            case write:
              rig.write_flush(false, rep + 7);
              break;
            case reset_write:
              CHECK(cudaCtxResetPersistingL2Cache());
              rig.write_flush(false, rep + 7);
              break;
            case el_write:
              rig.write_flush(true, rep + 7);
              break;
            case el_discard:
              rig.write_flush(true, rep + 7);
              rig.discard_flush();
              break;
          }
          t.push_back(rig.timed_read_us(a, bytes));
        }
        std::printf("%9zu %10s %12s %10.2f\n", mib, loads_name(prime), flush_names[f],
                    median_of(t));
      }
    }
  }
  return 0;
}
