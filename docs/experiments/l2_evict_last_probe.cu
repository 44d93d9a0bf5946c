// Does an L2 line that a kernel loaded with an evict-last policy (Triton's and Inductor's
// `createpolicy.fractional.L2::evict_last`, SASS LDG.E.EL) survive a flush that writes more than
// twice the L2? And which flush evicts it?
//
//   nvcc -std=c++17 -O3 -arch=sm_90 -o l2_evict_last_probe docs/experiments/l2_evict_last_probe.cu
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
#include "l2_probe_kernels.cuh"

#include <algorithm>
#include <cstdio>
#include <vector>

enum Flush { none, write, reset_write, el_write, el_discard };
const char* flush_names[] = {"none", "write", "reset+write", "el-write", "el+discard"};

int main() {
  cudaDeviceProp prop;
  CHECK(cudaGetDeviceProperties(&prop, 0));
  size_t persisting = 0;
  CHECK(cudaDeviceGetLimit(&persisting, cudaLimitPersistingL2CacheSize));
  std::printf(
      "# %s, L2 %d MiB, persistingL2CacheMaxSize %d MiB, cudaLimitPersistingL2CacheSize %zu\n",
      prop.name, prop.l2CacheSize >> 20, prop.persistingL2CacheMaxSize >> 20, persisting);
  const size_t flush_bytes = 2 * size_t(prop.l2CacheSize) + (8 << 20);
  uint4* flush;
  CHECK(cudaMalloc(&flush, flush_bytes));
  unsigned* sink;
  CHECK(cudaMalloc(&sink, 4));
  const size_t max_bytes = 32 << 20;
  uint4* a;
  CHECK(cudaMalloc(&a, max_bytes));
  CHECK(cudaMemset(a, 1, max_bytes));
  cudaStream_t s;
  CHECK(cudaStreamCreate(&s));
  cudaEvent_t e0, e1;
  CHECK(cudaEventCreate(&e0));
  CHECK(cudaEventCreate(&e1));
  const int blocks = prop.multiProcessorCount * 8;
  const size_t flush_n = flush_bytes / 16;

  std::printf("%9s %10s %12s %10s\n", "A (MiB)", "prime", "flush", "read (us)");
  for (size_t mib : {1, 4, 16, 32}) {
    const size_t n = (mib << 20) / 16;
    for (int el = 0; el < 2; ++el) {
      for (Flush f : {none, write, reset_write, el_write, el_discard}) {
        std::vector<float> t;
        for (int rep = 0; rep < 31; ++rep) {
          // Start from a cold, clean L2 whatever the last step left.
          write_kernel<true><<<blocks, 256, 0, s>>>(flush, flush_n, rep);
          discard_kernel<<<blocks, 256, 0, s>>>(reinterpret_cast<char*>(flush), flush_bytes / 128);
          write_kernel<false><<<blocks, 256, 0, s>>>(flush, flush_n, rep);
          if (el) {
            read_kernel<true><<<blocks, 256, 0, s>>>(a, n, sink);
          } else {
            read_kernel<false><<<blocks, 256, 0, s>>>(a, n, sink);
          }
          switch (f) {
            case none:
              break;
            case write:
              write_kernel<false><<<blocks, 256, 0, s>>>(flush, flush_n, rep + 7);
              break;
            case reset_write:
              CHECK(cudaCtxResetPersistingL2Cache());
              write_kernel<false><<<blocks, 256, 0, s>>>(flush, flush_n, rep + 7);
              break;
            case el_write:
              write_kernel<true><<<blocks, 256, 0, s>>>(flush, flush_n, rep + 7);
              break;
            case el_discard:
              write_kernel<true><<<blocks, 256, 0, s>>>(flush, flush_n, rep + 7);
              discard_kernel<<<blocks, 256, 0, s>>>(reinterpret_cast<char*>(flush),
                                                    flush_bytes / 128);
              break;
          }
          CHECK(cudaEventRecord(e0, s));
          read_kernel<false><<<blocks, 256, 0, s>>>(a, n, sink);
          CHECK(cudaEventRecord(e1, s));
          CHECK(cudaEventSynchronize(e1));
          float ms;
          CHECK(cudaEventElapsedTime(&ms, e0, e1));
          t.push_back(ms * 1000);
        }
        CHECK(cudaGetLastError());
        std::sort(t.begin(), t.end());
        std::printf("%9zu %10s %12s %10.2f\n", mib, el ? "evict-last" : "normal", flush_names[f],
                    t[t.size() / 2]);
      }
    }
  }
  return 0;
}
