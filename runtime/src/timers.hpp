#pragma once

#include "cuda_resources.hpp"
#include "device.hpp"
#include "tensor_pool.hpp"
#include <jitbench/benchmark.hpp>
#include <jitbench/rotation.hpp>
#include <jitbench/stopping.hpp>

#include <cstddef>
#include <stdexcept>
#include <vector>

namespace jitbench::detail {

// The work one call of an impl puts in a graph.
struct CallShape {
  std::size_t nodes = 0;
  bool memcpy_or_memset = false;
  bool allocates = false;  // memory alloc or free nodes: cudaMallocAsync, cudaFreeAsync
};

// A call could not be captured (it synchronises, allocates, or uses the legacy stream): the
// impl is timed eagerly instead.
class CaptureFailed : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Runs one call eagerly on rotation copy `copy` and waits for it (gpu_wait.hpp); throws on any
// error.
void run_call(const ImplFunction& impl, const TensorPool& pool, int copy, cudaStream_t stream);

// Captures one call; throws CaptureFailed when the capture breaks, and std::runtime_error
// when it captures nothing (the work went to another stream and would be timed as zero).
CallShape probe_capture(const ImplFunction& impl, const TensorPool& pool, cudaStream_t stream);

// What a replay runs, in order: for each segment an optional flush, the start event, the calls
// (rotating through the copies), the stop event. Graph and eager timing share it.
struct ReplayPlan {
  const ImplFunction* impl = nullptr;
  const TensorPool* pool = nullptr;
  RotationPlan rotation;
  ReplayLayout layout;
};

// One replay's work and its timing events, on the device's timed stream: what GraphTimer
// captures once and EagerTimer enqueues for every sample. The flush buffer is fetched here,
// before any capture, because allocation is not allowed while capturing.
class Replay {
 public:
  Replay(const ReplayPlan& plan, DeviceContext& device);

  // Enqueues the replay, the rotation starting at copy `first_copy`; returns the copy the next
  // replay starts with. `event_flags` makes the event records graph nodes when capturing.
  int enqueue(unsigned event_flags, int first_copy);
  // The sample the last replay gave; valid once the stream is synchronised.
  Sample read() const;

  DeviceContext& device() const { return device_; }
  int calls() const { return plan_.layout.calls(); }

 private:
  ReplayPlan plan_;
  DeviceContext& device_;
  std::vector<Event> starts_;
  std::vector<Event> stops_;
  void* flush_;
};

// Times replays of one CUDA graph holding every call of a sample; events recorded inside the
// graph bracket each segment, so neither the graph launch nor the flush is timed.
class GraphTimer final : public SampleSource {
 public:
  GraphTimer(const ReplayPlan& plan, const CallShape& shape, DeviceContext& device);
  Sample take() override;

 private:
  Replay replay_;
  GraphExec exec_;
};

// Times the same calls launched one by one, queued behind a kernel that spins until every
// launch is in the queue, so launch cost is not measured. A sample holds few enough calls for
// the launch queue; the rotation goes on across samples.
class EagerTimer final : public SampleSource {
 public:
  EagerTimer(const ReplayPlan& plan, DeviceContext& device);
  Sample take() override;

 private:
  Replay replay_;
  int next_copy_ = 0;
};

// Takes samples until `seconds` of GPU time have passed (at least one): the warm-up.
void warm_up(SampleSource& timer, double seconds);

}  // namespace jitbench::detail
