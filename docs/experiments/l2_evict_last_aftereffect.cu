// Do lines that a kernel loaded with an L2 evict-last policy cost the kernels after it? The
// question behind the L2 hints of the kernels' loads (kernels/detail/common.cuh, L2Hint):
// evict-last row loads made store_cache faster behind a flush (torch.compile's kernel loads
// 128-element rows so), and were dropped for what this measures.
//
//   nvcc -std=c++17 -O3 -arch=sm_90 -I. -o l2_evict_last_aftereffect \
//        docs/experiments/l2_evict_last_aftereffect.cu               (from the repository root)
//   ./l2_evict_last_aftereffect
//
// From a cold, clean L2: a kernel reads B (P MiB, normal or evict-last loads: the "store_cache"),
// then a kernel reads a working set W (normal loads) twice; the second read is timed (CUDA
// events, median of 21). If B's lines were favoured over W's, W fits in the L2 less well and its
// second read is slower than after a normal read of B. "el+normal" loads B evict-last and sets
// each line back to the normal priority once read (applypriority.global.L2::evict_normal): does
// that undo the favour?
#include "l2_probe_kernels.cuh"

#include <cstdio>
#include <vector>

int main() {
  const ProbeRig rig;
  std::printf("# %s, L2 %d MiB, persistingL2CacheMaxSize %d MiB\n", rig.prop.name,
              rig.prop.l2CacheSize >> 20, rig.prop.persistingL2CacheMaxSize >> 20);
  const size_t b_max = 32 << 20;
  const size_t w_max = 48 << 20;
  uint4 *b, *w;
  CHECK(cudaMalloc(&b, b_max));
  CHECK(cudaMalloc(&w, w_max));
  CHECK(cudaMemset(b, 1, b_max));
  CHECK(cudaMemset(w, 2, w_max));

  std::printf("%8s %8s %11s %16s\n", "B (MiB)", "W (MiB)", "B's loads", "2nd read of W (us)");
  for (size_t w_mib : {16, 32, 40, 48}) {
    for (size_t b_mib : {8, 16, 30}) {
      for (Loads loads : {Loads::normal, Loads::evict_last, Loads::evict_last_then_normal}) {
        std::vector<float> t;
        for (int rep = 0; rep < 21; ++rep) {
          rig.clean_l2(rep);
          rig.read(b, b_mib << 20, loads);
          rig.read(w, w_mib << 20, Loads::normal);
          t.push_back(rig.timed_read_us(w, w_mib << 20));
        }
        std::printf("%8zu %8zu %11s %16.2f\n", b_mib, w_mib, loads_name(loads), median_of(t));
      }
    }
  }
  return 0;
}
