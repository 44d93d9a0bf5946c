// A bare CUDA graph of 1024 small copy kernels behind an L2 flush, timed with events as jitbench
// times its replays, before and after each of the CUDA operations that jitbench performs between
// cases. It is the reference point for docs/timing.md ("Launch state: the first case of a
// process"): how long a tiny kernel takes a call when nothing else has happened in the process.
//
//   nvcc -arch=sm_90 -std=c++17 -O2 -o graph_launch_probe docs/experiments/graph_launch_probe.cu
//   ./graph_launch_probe
//
// It prints the median time a call after each operation. On the H200 of 2026-11-29 every line
// read 1.30 us (16 KiB copies), where jitbench reads 1.29 us in the first case of a process and
// 1.64 us in later ones.

#include <cuda_runtime.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <thread>
#include <utility>
#include <vector>

namespace {

void check(cudaError_t status, const char* what) {
  if (status != cudaSuccess) {
    std::fprintf(stderr, "%s: %s\n", what, cudaGetErrorString(status));
    std::exit(1);
  }
}

__global__ void copy_kernel(float4* dst, const float4* src, int n) {
  const int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) dst[i] = src[i];
}

__global__ void flush_kernel(float4* buffer, std::size_t n) {
  for (std::size_t i = blockIdx.x * std::size_t{blockDim.x} + threadIdx.x; i < n;
       i += std::size_t{gridDim.x} * blockDim.x) {
    buffer[i] = make_float4(1, 2, 3, 4);
  }
}

__global__ void count_kernel(const float4* src, unsigned long long* stats) {
  atomicMax(stats, static_cast<unsigned long long>(src[threadIdx.x].x));
  atomicAdd(stats + 1, 1ull);
}

constexpr int kCalls = 1024;
constexpr int kElems = 1024;                                        // 16 KiB a call
constexpr std::size_t kFlushElems = (120u << 20) / sizeof(float4);  // twice the H200's L2

struct Buffers {
  float4* src = nullptr;
  float4* dst = nullptr;
  float4* flush = nullptr;
};

struct TimedGraph {
  cudaGraphExec_t exec = nullptr;
  cudaEvent_t start = nullptr;
  cudaEvent_t stop = nullptr;
};

// flush, start event, kCalls copies (each on its own 16 KiB, so every call is cold), stop event.
TimedGraph capture(const Buffers& b, cudaStream_t stream) {
  TimedGraph g;
  check(cudaEventCreate(&g.start), "cudaEventCreate");
  check(cudaEventCreate(&g.stop), "cudaEventCreate");
  cudaGraph_t graph = nullptr;
  check(cudaStreamBeginCapture(stream, cudaStreamCaptureModeThreadLocal), "begin capture");
  flush_kernel<<<1024, 256, 0, stream>>>(b.flush, kFlushElems);
  check(cudaEventRecordWithFlags(g.start, stream, cudaEventRecordExternal), "record");
  for (int c = 0; c < kCalls; ++c) {
    copy_kernel<<<8, 128, 0, stream>>>(b.dst + c * kElems, b.src + c * kElems, kElems);
  }
  check(cudaEventRecordWithFlags(g.stop, stream, cudaEventRecordExternal), "record");
  check(cudaStreamEndCapture(stream, &graph), "end capture");
  check(cudaGraphInstantiate(&g.exec, graph, 0), "instantiate");
  check(cudaGraphDestroy(graph), "destroy graph");
  check(cudaGraphUpload(g.exec, stream), "upload");
  return g;
}

// Median time a call over `replays` replays [us].
double time_a_call(const TimedGraph& g, cudaStream_t stream, int replays = 15) {
  std::vector<double> per_call;
  for (int i = 0; i < replays; ++i) {
    check(cudaGraphLaunch(g.exec, stream), "launch");
    check(cudaStreamSynchronize(stream), "sync");
    float ms = 0;
    check(cudaEventElapsedTime(&ms, g.start, g.stop), "elapsed");
    per_call.push_back(ms * 1000.0 / kCalls);
  }
  std::sort(per_call.begin(), per_call.end());
  return per_call[per_call.size() / 2];
}

}  // namespace

int main() {
  Buffers b;
  const std::size_t bytes = std::size_t{kCalls} * kElems * sizeof(float4);
  check(cudaMalloc(&b.src, bytes), "cudaMalloc");
  check(cudaMalloc(&b.dst, bytes), "cudaMalloc");
  check(cudaMalloc(&b.flush, kFlushElems * sizeof(float4)), "cudaMalloc");
  cudaStream_t timed = nullptr;
  cudaStream_t other = nullptr;
  check(cudaStreamCreateWithFlags(&timed, cudaStreamNonBlocking), "stream");
  check(cudaStreamCreateWithFlags(&other, cudaStreamNonBlocking), "stream");
  unsigned long long* stats = nullptr;
  check(cudaMalloc(&stats, 16), "cudaMalloc");

  const TimedGraph graph = capture(b, timed);
  std::printf("%-52s %.3f us a call\n", "first replays", time_a_call(graph, timed));

  const std::vector<std::pair<const char*, std::function<void()>>> operations = {
      {"100 ms idle", [] { std::this_thread::sleep_for(std::chrono::milliseconds(100)); }},
      {"1000 more replays", [&] { time_a_call(graph, timed, 1000); }},
      {"cudaMalloc + cudaFree of 64 MiB",
       [] {
         void* p = nullptr;
         check(cudaMalloc(&p, 64 << 20), "cudaMalloc");
         check(cudaFree(p), "cudaFree");
       }},
      {"100 eager kernels on the timed stream",
       [&] {
         for (int i = 0; i < 100; ++i) copy_kernel<<<8, 128, 0, timed>>>(b.dst, b.src, kElems);
         check(cudaStreamSynchronize(timed), "sync");
       }},
      {"a kernel on another stream, then a wait on it",
       [&] {
         cudaEvent_t done = nullptr;
         check(cudaEventCreate(&done), "cudaEventCreate");
         copy_kernel<<<8, 128, 0, other>>>(b.dst, b.src, kElems);
         check(cudaEventRecord(done, other), "record");
         check(cudaStreamWaitEvent(timed, done, 0), "wait");
         check(cudaStreamSynchronize(timed), "sync");
         check(cudaEventDestroy(done), "cudaEventDestroy");
       }},
      {"a reference check: memset, atomics, pageable D2H",
       [&] {
         unsigned long long host[2] = {};
         check(cudaMemsetAsync(stats, 0, 16, timed), "memset");
         count_kernel<<<1, 32, 0, timed>>>(b.src, stats);
         check(cudaMemcpyAsync(host, stats, 16, cudaMemcpyDeviceToHost, timed), "D2H");
         check(cudaStreamSynchronize(timed), "sync");
       }},
      {"a 16 KiB device-to-device cudaMemcpyAsync",
       [&] {
         check(cudaMemcpyAsync(b.dst, b.src, kElems * sizeof(float4), cudaMemcpyDeviceToDevice,
                               timed),
               "memcpy");
         check(cudaStreamSynchronize(timed), "sync");
       }},
  };
  for (const auto& [what, operation] : operations) {
    operation();
    std::printf("after %-46s %.3f us a call\n", what, time_a_call(graph, timed));
  }

  Buffers fresh = b;
  check(cudaMalloc(&fresh.src, bytes), "cudaMalloc");
  check(cudaMalloc(&fresh.dst, bytes), "cudaMalloc");
  const TimedGraph second = capture(fresh, other);
  std::printf("%-52s %.3f us a call\n", "a new graph, new buffers, the other stream",
              time_a_call(second, other));
  return 0;
}
