// Do lines that a kernel loaded with an L2 evict-last policy cost the kernels after it? The
// question behind the L2 hints of the kernels' loads (kernels/detail/common.cuh, L2Hint):
// evict-last row loads made store_cache faster behind a flush (torch.compile's kernel loads
// 128-element rows so), and were dropped for what this measures.
//
//   nvcc -std=c++17 -O3 -arch=sm_90 -o l2_evict_last_aftereffect \
//        docs/experiments/l2_evict_last_aftereffect.cu
//   ./l2_evict_last_aftereffect
//
// From a cold, clean L2: a kernel reads B (P MiB, normal or evict-last loads: the "store_cache"),
// then a kernel reads a working set W (normal loads) twice; the second read is timed (CUDA
// events, median of 21). If B's lines were favoured over W's, W fits in the L2 less well and its
// second read is slower than after a normal read of B.
#include "l2_probe_kernels.cuh"

#include <algorithm>
#include <cstdio>
#include <vector>

int main() {
  cudaDeviceProp prop;
  CHECK(cudaGetDeviceProperties(&prop, 0));
  std::printf("# %s, L2 %d MiB, persistingL2CacheMaxSize %d MiB\n", prop.name,
              prop.l2CacheSize >> 20, prop.persistingL2CacheMaxSize >> 20);
  const size_t flush_bytes = 2 * size_t(prop.l2CacheSize) + (8 << 20);
  const size_t b_max = 32 << 20;
  const size_t w_max = 48 << 20;
  uint4 *flush, *b, *w;
  unsigned* sink;
  CHECK(cudaMalloc(&flush, flush_bytes));
  CHECK(cudaMalloc(&b, b_max));
  CHECK(cudaMalloc(&w, w_max));
  CHECK(cudaMalloc(&sink, 4));
  CHECK(cudaMemset(b, 1, b_max));
  CHECK(cudaMemset(w, 2, w_max));
  cudaStream_t s;
  CHECK(cudaStreamCreate(&s));
  cudaEvent_t e0, e1;
  CHECK(cudaEventCreate(&e0));
  CHECK(cudaEventCreate(&e1));
  const int blocks = prop.multiProcessorCount * 8;
  const size_t flush_n = flush_bytes / 16;

  std::printf("%8s %8s %11s %16s\n", "B (MiB)", "W (MiB)", "B's loads", "2nd read of W (us)");
  for (size_t w_mib : {16, 32, 40, 48}) {
    for (size_t b_mib : {8, 16, 30}) {
      for (int el = 0; el < 2; ++el) {
        std::vector<float> t;
        for (int rep = 0; rep < 21; ++rep) {
          write_kernel<true><<<blocks, 256, 0, s>>>(flush, flush_n, rep);
          discard_kernel<<<blocks, 256, 0, s>>>(reinterpret_cast<char*>(flush), flush_bytes / 128);
          const size_t bn = (b_mib << 20) / 16;
          if (el) {
            read_kernel<true><<<blocks, 256, 0, s>>>(b, bn, sink);
          } else {
            read_kernel<false><<<blocks, 256, 0, s>>>(b, bn, sink);
          }
          const size_t wn = (w_mib << 20) / 16;
          read_kernel<false><<<blocks, 256, 0, s>>>(w, wn, sink);
          CHECK(cudaEventRecord(e0, s));
          read_kernel<false><<<blocks, 256, 0, s>>>(w, wn, sink);
          CHECK(cudaEventRecord(e1, s));
          CHECK(cudaEventSynchronize(e1));
          float ms;
          CHECK(cudaEventElapsedTime(&ms, e0, e1));
          t.push_back(ms * 1000);
        }
        CHECK(cudaGetLastError());
        std::sort(t.begin(), t.end());
        std::printf("%8zu %8zu %11s %16.2f\n", b_mib, w_mib, el ? "evict-last" : "normal",
                    t[t.size() / 2]);
      }
    }
  }
  return 0;
}
