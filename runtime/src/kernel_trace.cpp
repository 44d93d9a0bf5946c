#include "kernel_trace.hpp"

#include "cupti_library.hpp"
#include "gpu_wait.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <stdexcept>
#include <string>

namespace jitbench::detail {

namespace {

constexpr std::size_t buffer_bytes = 8 << 20;
constexpr std::size_t buffer_alignment = 8;

struct RawSpan {
  std::uint64_t start_ns;
  std::uint64_t end_ns;
  bool runtime_work;
};

// CUPTI hands completed buffers to a callback on its own thread.
std::mutex records_mutex;
std::vector<RawSpan> records;

void check(CUptiResult result, const char* call) {
  if (result == CUPTI_SUCCESS) return;
  const char* text = nullptr;
  cupti().get_result_string(result, &text);
  throw std::runtime_error(std::string("CUPTI: ") + call +
                           " failed: " + (text != nullptr ? text : "unknown error"));
}

bool is_runtime_kernel(const char* name) {
  // Mangled (jitbench::detail:: is "8jitbench6detail") or demangled.
  return name != nullptr && (std::strstr(name, "8jitbench6detail") != nullptr ||
                             std::strstr(name, "jitbench::detail::") != nullptr);
}

void CUPTIAPI buffer_requested(uint8_t** buffer, size_t* size, size_t* max_records) {
  *buffer = static_cast<uint8_t*>(std::aligned_alloc(buffer_alignment, buffer_bytes));
  *size = *buffer != nullptr ? buffer_bytes : 0;
  *max_records = 0;
}

void CUPTIAPI buffer_completed(CUcontext, uint32_t, uint8_t* buffer, size_t, size_t valid) {
  std::vector<RawSpan> spans;
  CUpti_Activity* record = nullptr;
  while (cupti().activity_get_next_record(buffer, valid, &record) == CUPTI_SUCCESS) {
    switch (record->kind) {
      case CUPTI_ACTIVITY_KIND_KERNEL:
      case CUPTI_ACTIVITY_KIND_CONCURRENT_KERNEL: {
        const auto* k = reinterpret_cast<const CUpti_ActivityKernel10*>(record);
        spans.push_back({k->start, k->end, is_runtime_kernel(k->name)});
        break;
      }
      case CUPTI_ACTIVITY_KIND_MEMCPY: {
        const auto* m = reinterpret_cast<const CUpti_ActivityMemcpy6*>(record);
        spans.push_back({m->start, m->end, false});
        break;
      }
      case CUPTI_ACTIVITY_KIND_MEMSET: {
        const auto* m = reinterpret_cast<const CUpti_ActivityMemset4*>(record);
        spans.push_back({m->start, m->end, false});
        break;
      }
      default:
        break;
    }
  }
  std::free(buffer);
  const std::lock_guard<std::mutex> lock(records_mutex);
  records.insert(records.end(), spans.begin(), spans.end());
}

constexpr CUpti_ActivityKind traced_kinds[] = {
    CUPTI_ACTIVITY_KIND_CONCURRENT_KERNEL, CUPTI_ACTIVITY_KIND_MEMCPY, CUPTI_ACTIVITY_KIND_MEMSET};

}  // namespace

void load_cupti() { cupti(); }

KernelTrace::KernelTrace() {
  check(cupti().activity_register_callbacks(buffer_requested, buffer_completed),
        "cuptiActivityRegisterCallbacks");
  {
    const std::lock_guard<std::mutex> lock(records_mutex);
    records.clear();
  }
  for (CUpti_ActivityKind kind : traced_kinds)
    check(cupti().activity_enable(kind), "cuptiActivityEnable");
}

KernelTrace::~KernelTrace() {
  // Flushing and detaching wait for the device, which a hang never frees.
  if (gpu_watch().hung()) return;
  for (CUpti_ActivityKind kind : traced_kinds) cupti().activity_disable(kind);
  cupti().activity_flush_all(CUPTI_ACTIVITY_FLAG_FLUSH_FORCED);
  // Attached, CUPTI adds about 0.4 us to every later kernel of a graph: detach it so that the
  // cases measured after this one are not slowed down.
  cupti().finalize();
}

std::vector<TraceSpan> KernelTrace::collect() {
  check(cupti().activity_flush_all(CUPTI_ACTIVITY_FLAG_FLUSH_FORCED), "cuptiActivityFlushAll");
  std::vector<RawSpan> raw;
  {
    const std::lock_guard<std::mutex> lock(records_mutex);
    raw.swap(records);
  }
  std::vector<TraceSpan> spans;
  if (raw.empty()) return spans;
  // Relative times: absolute nanoseconds since the epoch lose precision in a double.
  const std::uint64_t base =
      std::min_element(raw.begin(), raw.end(), [](const RawSpan& a, const RawSpan& b) {
        return a.start_ns < b.start_ns;
      })->start_ns;
  for (const RawSpan& r : raw) {
    spans.push_back({static_cast<double>(r.start_ns - base) * 1e-9,
                     static_cast<double>(r.end_ns - base) * 1e-9, r.runtime_work});
  }
  return spans;
}

}  // namespace jitbench::detail
