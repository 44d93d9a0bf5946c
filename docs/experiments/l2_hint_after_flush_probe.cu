// Does a kernel's L2 eviction hint change how fast it reads a cold buffer behind jitbench's
// flush? torch.compile's store_cache kernel loads 128-element rows evict_last, and was 4-11%
// faster than ours at 4096-16384 tokens (docs/results.md, issue 17), as was our kernel with its
// rows loaded evict_last. If the flush left room that only evict-last lines may take (the L2
// set-aside for persisting accesses, cudaLimitPersistingL2CacheSize), an evict-last read would
// find free lines there and write nothing back, where any other read evicts dirty lines.
//
//   nvcc -std=c++17 -O3 -arch=sm_90 -I. -o l2_hint_after_flush_probe \
//        docs/experiments/l2_hint_after_flush_probe.cu               (from the repository root)
//   ./l2_hint_after_flush_probe
//
// For each size B and hint, a buffer of B is read (16-byte loads, every SM) behind:
//   flush       jitbench's flush (runtime/src/l2_flush.cuh): evict-last writes, discard,
//               ordinary writes of 2 x L2 + 8 MiB;
//   flush+el    the same, then 32 MiB of the flush buffer written again with evict-last stores,
//               so that evict-last lines, dirty ones, hold whatever room only they may take;
//   clean       evict-last writes and discard only: an L2 of invalid lines, nothing to write
//               back (for scale).
// Each read is timed by CUDA events, the median of 31.
#include "l2_probe_kernels.cuh"

#include <cstdio>
#include <vector>

enum class Before { flush, flush_el, clean };
const char* before_names[] = {"flush", "flush+el", "clean"};

int main() {
  const ProbeRig rig;
  size_t persisting = 0;
  CHECK(cudaDeviceGetLimit(&persisting, cudaLimitPersistingL2CacheSize));
  std::printf("# %s, L2 %d MiB, cudaLimitPersistingL2CacheSize %.2f MiB\n", rig.prop.name,
              rig.prop.l2CacheSize >> 20, persisting / 1048576.0);
  const size_t max_bytes = 32 << 20;
  uint4* a;
  CHECK(cudaMalloc(&a, max_bytes));
  CHECK(cudaMemset(a, 1, max_bytes));

  std::printf("%8s %9s %12s %10s\n", "B (MiB)", "before", "hint", "read (us)");
  for (size_t mib : {1, 2, 4, 8, 16, 32}) {
    const size_t bytes = mib << 20;
    for (Before before : {Before::flush, Before::flush_el, Before::clean}) {
      for (Loads loads : {Loads::normal, Loads::evict_first, Loads::evict_last}) {
        std::vector<float> t;
        for (int rep = 0; rep < 31; ++rep) {
          if (before == Before::clean) {
            rig.clean_l2(rep);
          } else {
            CHECK(jitbench::detail::enqueue_l2_flush(rig.flush, rig.flush_bytes, rep, rig.stream));
          }
          if (before == Before::flush_el) {
            jitbench::detail::flush_kernel<true>
                <<<rig.blocks, 256, 0, rig.stream>>>(rig.flush, (32 << 20) / 16, rep + 3);
          }
          CHECK(cudaEventRecord(rig.start, rig.stream));
          rig.read(a, bytes, loads);
          CHECK(cudaEventRecord(rig.stop, rig.stream));
          CHECK(cudaEventSynchronize(rig.stop));
          float ms = 0;
          CHECK(cudaEventElapsedTime(&ms, rig.start, rig.stop));
          t.push_back(ms * 1000);
        }
        std::printf("%8zu %9s %12s %10.2f\n", mib, before_names[static_cast<int>(before)],
                    loads_name(loads), median_of(t));
      }
    }
  }
  return 0;
}
