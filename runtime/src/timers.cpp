#include "timers.hpp"

#include "device_kernels.hpp"
#include "gpu_wait.hpp"
#include <jitbench/format.hpp>

#include <atomic>
#include <string>

namespace jitbench::detail {

namespace {

constexpr std::uint64_t spin_timeout_ns = 500'000'000;

std::vector<Event> make_events(int count) {
  std::vector<Event> events;
  for (int i = 0; i < count; ++i) events.push_back(make_event());
  return events;
}

// Ends a capture that an exception interrupted and clears the error it left.
void abandon_capture(cudaStream_t stream) {
  cudaGraph_t graph = nullptr;
  cudaStreamEndCapture(stream, &graph);
  if (graph != nullptr) cudaGraphDestroy(graph);
  cudaGetLastError();
}

template <class Enqueue>
Graph capture(cudaStream_t stream, Enqueue&& enqueue) {
  JITBENCH_CUDA(cudaStreamBeginCapture(stream, cudaStreamCaptureModeThreadLocal));
  try {
    enqueue();
  } catch (const std::exception& e) {
    abandon_capture(stream);
    throw CaptureFailed(e.what());
  }
  cudaGraph_t graph = nullptr;
  const cudaError_t status = cudaStreamEndCapture(stream, &graph);
  if (status != cudaSuccess) {
    if (graph != nullptr) cudaGraphDestroy(graph);
    cudaGetLastError();
    throw CaptureFailed(std::string("stream capture failed: ") + cudaGetErrorString(status));
  }
  return Graph(graph);
}

std::vector<cudaGraphNode_t> nodes_of(const Graph& graph) {
  std::size_t count = 0;
  JITBENCH_CUDA(cudaGraphGetNodes(graph.get(), nullptr, &count));
  std::vector<cudaGraphNode_t> nodes(count);
  if (count > 0) JITBENCH_CUDA(cudaGraphGetNodes(graph.get(), nodes.data(), &count));
  return nodes;
}

}  // namespace

void run_call(const ImplFunction& impl, const TensorPool& pool, int copy, cudaStream_t stream) {
  Launch launch(stream, pool.tensors(copy));
  impl(launch);
  check_launches("a call");
  wait_for(stream, "a call");
}

CallShape probe_capture(const ImplFunction& impl, const TensorPool& pool, cudaStream_t stream) {
  const Graph graph = capture(stream, [&] {
    Launch launch(stream, pool.tensors(0));
    impl(launch);
  });
  CallShape shape;
  for (cudaGraphNode_t node : nodes_of(graph)) {
    cudaGraphNodeType type{};
    JITBENCH_CUDA(cudaGraphNodeGetType(node, &type));
    shape.memcpy_or_memset |= type == cudaGraphNodeTypeMemcpy || type == cudaGraphNodeTypeMemset;
    shape.allocates |= type == cudaGraphNodeTypeMemAlloc || type == cudaGraphNodeTypeMemFree;
    ++shape.nodes;
  }
  if (shape.nodes == 0) {
    throw std::runtime_error(
        "a call captured no work on the benchmark's stream: it launched nothing (a "
        "case of zero size?) or launched on another stream; it would be timed as zero");
  }
  return shape;
}

Replay::Replay(const ReplayPlan& plan, DeviceContext& device)
    : plan_(plan),
      device_(device),
      starts_(make_events(plan.layout.segments)),
      stops_(make_events(plan.layout.segments)),
      flush_(plan.layout.flush
                 ? device.flush_buffer(static_cast<std::size_t>(plan.rotation.flush_bytes))
                 : nullptr) {}

int Replay::enqueue(unsigned event_flags, int first_copy) {
  cudaStream_t stream = device_.timed_stream();
  int copy = first_copy;
  for (int s = 0; s < plan_.layout.segments; ++s) {
    if (flush_ != nullptr) {
      launch_flush(flush_, static_cast<std::size_t>(plan_.rotation.flush_bytes), stream);
    }
    JITBENCH_CUDA(cudaEventRecordWithFlags(starts_[s].get(), stream, event_flags));
    for (int c = 0; c < plan_.layout.calls_per_segment; ++c) {
      Launch launch(stream, plan_.pool->tensors(copy));
      (*plan_.impl)(launch);
      copy = (copy + 1) % plan_.rotation.copies;
    }
    JITBENCH_CUDA(cudaEventRecordWithFlags(stops_[s].get(), stream, event_flags));
  }
  // Not timed: the SM clock during this replay, for the throttling check.
  launch_clock_probe(device_.clock_slot(), DeviceContext::probe_cycles, stream);
  return copy;
}

Sample Replay::read() const {
  double total_s = 0;
  for (int s = 0; s < plan_.layout.segments; ++s) total_s += elapsed_s(starts_[s], stops_[s]);
  const double clock_mhz = device_.last_clock().mhz();
  return {total_s / plan_.layout.calls(), total_s, clock_mhz < device_.throttle_limit_mhz(),
          clock_mhz};
}

GraphTimer::GraphTimer(const ReplayPlan& plan, const CallShape& shape, DeviceContext& device)
    : replay_(plan, device) {
  cudaStream_t stream = device.timed_stream();
  const Graph graph = capture(stream, [&] { replay_.enqueue(cudaEventRecordExternal, 0); });
  const std::size_t per_segment =
      static_cast<std::size_t>(plan.layout.calls_per_segment) * shape.nodes + 2 +
      (plan.layout.flush ? flush_kernels : 0);
  const std::size_t clock_probe = 1;
  const std::size_t expected =
      per_segment * static_cast<std::size_t>(plan.layout.segments) + clock_probe;
  const std::size_t found = nodes_of(graph).size();
  if (found != expected) {
    throw std::runtime_error("the graph of " + count_of(plan.layout.calls(), "call") + " holds " +
                             count_of(static_cast<long long>(found), "node") + ", expected " +
                             std::to_string(expected) + " (" + std::to_string(shape.nodes) +
                             " a call): calls do not capture the same work");
  }
  cudaGraphExec_t exec = nullptr;
  JITBENCH_CUDA(cudaGraphInstantiate(&exec, graph.get(), 0));
  exec_ = GraphExec(exec);
  JITBENCH_CUDA(cudaGraphUpload(exec_.get(), stream));
}

Sample GraphTimer::take() {
  cudaStream_t stream = replay_.device().timed_stream();
  JITBENCH_CUDA(cudaGraphLaunch(exec_.get(), stream));
  wait_for(stream, "a graph replay", replay_.calls());
  return replay_.read();
}

EagerTimer::EagerTimer(const ReplayPlan& plan, DeviceContext& device) : replay_(plan, device) {}

Sample EagerTimer::take() {
  DeviceContext& device = replay_.device();
  cudaStream_t stream = device.timed_stream();
  volatile int* flag = device.host_flag();
  volatile int* spin_timed_out = device.host_spin_timed_out();
  *flag = 0;
  *spin_timed_out = 0;
  std::atomic_thread_fence(std::memory_order_seq_cst);
  launch_wait_for_flag(device.device_flag(), device.device_spin_timed_out(), spin_timeout_ns,
                       stream);
  next_copy_ = replay_.enqueue(cudaEventRecordDefault, next_copy_);
  check_launches("an eager sample");
  std::atomic_thread_fence(std::memory_order_seq_cst);
  *flag = 1;
  wait_for(stream, "an eager sample", replay_.calls());
  if (*spin_timed_out != 0) {
    // The calls ran as the host queued them: the sample would time launch cost, not the calls.
    throw std::runtime_error("the spin kernel that holds eager launches back gave up after " +
                             std::to_string(spin_timeout_ns / 1'000'000) +
                             " ms, before the host had queued the " +
                             std::to_string(replay_.calls()) +
                             " calls of a sample (does a call synchronise or block the host?)");
  }
  return replay_.read();
}

void warm_up(SampleSource& timer, double seconds) {
  // A failure leaves the phase at warm-up, so that the error names it.
  const std::string phase = gpu_watch().phase();
  gpu_watch().enter_phase("warm-up");
  double spent_s = 0;
  do {
    spent_s += timer.take().gpu_time_s;
  } while (spent_s < seconds);
  gpu_watch().enter_phase(phase);
}

}  // namespace jitbench::detail
