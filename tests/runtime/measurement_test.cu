// On a real device: a captured call is timed, not zero; cold is slower than warm; the eager
// fallbacks run and say so.

#include "device_kernels.hpp"
#include "gpu_test_support.cuh"
#include "kernels/page_gather.cuh"
#include <jitbench/cuda_types.hpp>

namespace jitbench {
namespace {

using testing::copy_case;
using testing::copy_impl;
using testing::desc_for;
using testing::quick_settings;
using testing::run_case;

ImplFunction sleep_impl(std::uint64_t ns) {
  return [ns](Launch& l) { detail::launch_sleep(ns, l.stream()); };
}

TEST(Measurement, CapturedCallIsTimedNotZero) {
  JITBENCH_REQUIRE_GPU();
  const CaseResult r = run_case(desc_for({"sleep"}), copy_case(1024, {sleep_impl(20'000)}));
  ASSERT_EQ(r.impls[0].status, ImplStatus::ok) << r.impls[0].reason;
  EXPECT_EQ(r.impls[0].mode, RunMode::graph);
  EXPECT_GT(r.impls[0].summary.median, 19e-6);
  EXPECT_LT(r.impls[0].summary.median, 26e-6);
  EXPECT_GE(r.impls[0].summary.samples, quick_settings().stopping.min_samples);
}

TEST(Measurement, ColdIsSlowerThanWarmBelowL2) {
  JITBENCH_REQUIRE_GPU();
  const std::int64_t n = (1 << 20) / 4;  // 1 MiB in, 1 MiB out
  const CaseSpec spec = copy_case(n, {copy_impl(n)});
  MeasureSettings warm = quick_settings();
  warm.l2 = L2Mode::warm;
  const CaseResult cold_result = run_case(desc_for({"copy"}), spec);
  const CaseResult warm_result = run_case(desc_for({"copy"}), spec, warm);
  const double cold_s = cold_result.impls[0].summary.median;
  const double warm_s = warm_result.impls[0].summary.median;
  EXPECT_GT(cold_result.impls[0].rotation_copies, 2);
  EXPECT_EQ(warm_result.impls[0].rotation_copies, 1);
  EXPECT_GT(cold_s, 1.3 * warm_s) << "cold " << cold_s << " s, warm " << warm_s << " s";
}

// A paged gather: 4 sequences of 2048 tokens, rows of 1024 bf16 in pages of 16 rows, from a
// cache 16 times larger than the 16 MiB of pages a call reads (and 16 MiB it writes).
CaseSpec gather_case() {
  constexpr std::int64_t seqs = 4, seq_len = 2048, page_rows = 16, row = 1024;
  constexpr std::int64_t pages = 16 * seqs * seq_len / page_rows;
  TensorInit table_init;
  table_init.kind = TensorInit::Kind::randperm;
  table_init.range = pages;
  CaseSpec c;
  c.param_values = {std::to_string(seqs)};
  c.tensors = {{"cache", DType::bf16, {pages, page_rows, row}},
               {"block_table", DType::int32, {seqs, seq_len / page_rows}, true, table_init},
               {"out", DType::bf16, {seqs, seq_len, row}}};
  c.reads = {{"cache", double(seqs * seq_len * row * 2)}, {"block_table"}};
  c.writes = {{"out"}};
  c.impls = {[](Launch& l) {
    kernels::page_gather_vectorized<bf16>(l.tensor(2).data_as<bf16>(), l.tensor(0).data_as<bf16>(),
                                          l.tensor(1).data_as<std::int32_t>(), seqs, seq_len,
                                          page_rows, row, l.stream());
  }};
  return c;
}

TEST(Measurement, AGatherFromALargeTableIsAsColdAsAFlushBeforeEveryCall) {
  JITBENCH_REQUIRE_GPU();
  const CaseSpec spec = gather_case();
  MeasureSettings cold = quick_settings();
  cold.verify_timing = true;  // CUPTI's kernel time and the warm median beside ours
  MeasureSettings flush = cold;
  flush.l2 = L2Mode::flush;
  const CaseResult cold_result = run_case(desc_for({"gather"}), spec, cold);
  const CaseResult flush_result = run_case(desc_for({"gather"}), spec, flush);
  for (const CaseResult* r : {&cold_result, &flush_result}) {
    ASSERT_EQ(r->impls[0].status, ImplStatus::ok) << r->impls[0].reason;
    ASSERT_TRUE(r->impls[0].timing_check.has_value());
  }
  const ImplResult& rotated = cold_result.impls[0];
  const ImplResult& flushed = flush_result.impls[0];
  // Planned from the 32 MiB a call touches, not the 288 MiB a copy holds (that gave 2 copies,
  // and every other call found its pages in L2).
  EXPECT_EQ(rotated.rotation_plan, "rotate");
  EXPECT_GT(rotated.rotation_copies, 3);
  EXPECT_LT(rotated.cold_bytes_touched, rotated.cold_bytes_copy / 8);
  EXPECT_EQ(flushed.rotation_plan, "flush_each_call");
  // As the GPU records the kernels, a rotated call is as cold as one behind a flush. (Our
  // median of a flushed call also holds the event and launch latency of timing calls one by
  // one, a few microseconds.)
  const double rotated_kernel_s = rotated.timing_check->kernel_time_s;
  const double flushed_kernel_s = flushed.timing_check->kernel_time_s;
  EXPECT_NEAR(rotated_kernel_s, flushed_kernel_s, 0.05 * flushed_kernel_s);
  // And its figure stands as far above the warm one as the flushed kernel does.
  const double cold_s = rotated.summary.median;
  const double warm_s = rotated.timing_check->warm_median_s;
  ASSERT_GT(flushed_kernel_s, 1.2 * warm_s)
      << "flushed " << flushed_kernel_s << ", warm " << warm_s;
  EXPECT_GT(cold_s - warm_s, 0.9 * (flushed_kernel_s - warm_s))
      << "cold " << cold_s << " s, warm " << warm_s << " s, flushed kernel " << flushed_kernel_s;
}

// Sums `n` 16-byte words loaded with an evict-last L2 policy, as Triton's kernels load what
// they reuse; one word a block out.
__global__ void sum_evict_last(const uint4* in, std::int64_t n, unsigned* out) {
#if defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 800
  unsigned long long policy;
  asm volatile("createpolicy.fractional.L2::evict_last.b64 %0, 1.0;" : "=l"(policy));
#endif
  unsigned acc = 0;
  for (std::int64_t i = blockIdx.x * std::int64_t{blockDim.x} + threadIdx.x; i < n;
       i += std::int64_t{gridDim.x} * blockDim.x) {
    uint4 v;
#if defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 800
    asm volatile("ld.global.L2::cache_hint.v4.u32 {%0, %1, %2, %3}, [%4], %5;"
                 : "=r"(v.x), "=r"(v.y), "=r"(v.z), "=r"(v.w)
                 : "l"(in + i), "l"(policy));
#else
    v = in[i];
#endif
    acc += v.x ^ v.y ^ v.z ^ v.w;
  }
  atomicAdd(out + blockIdx.x, acc);
}

TEST(Measurement, AFlushEvictsLinesLoadedEvictLast) {
  JITBENCH_REQUIRE_GPU();
  // 8 MiB: evict-last lines of that much outlived a flush of ordinary writes on the H200.
  constexpr std::int64_t words = (8 << 20) / 16;
  constexpr int blocks = 264;
  CaseSpec c;
  c.param_values = {std::to_string(words)};
  c.tensors = {{"in", DType::fp32, {4 * words}}, {"out", DType::fp32, {blocks}}};
  c.reads = {{"in"}};
  c.writes = {{"out"}};
  c.impls = {[](Launch& l) {
    sum_evict_last<<<blocks, 256, 0, l.stream()>>>(
        reinterpret_cast<const uint4*>(l.tensor(0).data_as<float>()), words,
        reinterpret_cast<unsigned*>(l.tensor(1).data_as<float>()));
  }};
  MeasureSettings cold = quick_settings();
  cold.verify_timing = true;
  MeasureSettings flush = cold;
  flush.l2 = L2Mode::flush;
  const CaseResult cold_result = run_case(desc_for({"sum"}), c, cold);
  const CaseResult flush_result = run_case(desc_for({"sum"}), c, flush);
  for (const CaseResult* r : {&cold_result, &flush_result}) {
    ASSERT_EQ(r->impls[0].status, ImplStatus::ok) << r->impls[0].reason;
    ASSERT_TRUE(r->impls[0].timing_check.has_value());
  }
  const double rotated_kernel_s = cold_result.impls[0].timing_check->kernel_time_s;
  const double flushed_kernel_s = flush_result.impls[0].timing_check->kernel_time_s;
  const double warm_s = cold_result.impls[0].timing_check->warm_median_s;
  // Behind a flush of ordinary writes the kernel found its lines in L2, as fast as warm. (It is
  // slower than rotated: a read-only kernel's rotation leaves no dirty lines to write back.)
  EXPECT_GT(flushed_kernel_s, 1.2 * warm_s)
      << "flushed " << flushed_kernel_s << " s, warm " << warm_s << " s";
  EXPECT_GT(flushed_kernel_s, 0.95 * rotated_kernel_s)
      << "flushed " << flushed_kernel_s << " s, rotated " << rotated_kernel_s << " s";
}

TEST(Measurement, ASlowImplOnATinyFootprintTakesFewCallsASample) {
  JITBENCH_REQUIRE_GPU();
  // 300 us a call on 4 KiB: once round 1024 copies would take 0.3 s a sample.
  const CaseResult r = run_case(desc_for({"sleep"}), copy_case(1024, {sleep_impl(300'000)}));
  ASSERT_EQ(r.impls[0].status, ImplStatus::ok) << r.impls[0].reason;
  EXPECT_EQ(r.impls[0].rotation_plan, "flush_replay");
  EXPECT_LE(r.impls[0].calls_per_sample, 4);
  EXPECT_TRUE(r.impls[0].flushed);
  EXPECT_FALSE(r.impls[0].noisy || r.impls[0].too_few_samples);
  EXPECT_LT(r.wall_time_s, 1.0);
}

TEST(Measurement, TinyCasesFlushBeforeEachReplay) {
  JITBENCH_REQUIRE_GPU();
  const CaseResult r = run_case(desc_for({"copy"}), copy_case(1024, {copy_impl(1024)}));
  ASSERT_EQ(r.impls[0].status, ImplStatus::ok) << r.impls[0].reason;
  EXPECT_TRUE(r.impls[0].flushed);
  EXPECT_EQ(r.impls[0].calls_per_sample % r.impls[0].rotation_copies, 0);
  EXPECT_LT(r.impls[0].summary.median, 3e-6);
}

TEST(Measurement, NoGraphRunsEagerAndSaysWhy) {
  JITBENCH_REQUIRE_GPU();
  MeasureSettings settings = quick_settings();
  settings.timer.use_graph = false;
  const CaseResult r =
      run_case(desc_for({"sleep"}), copy_case(1024, {sleep_impl(20'000)}), settings);
  ASSERT_EQ(r.impls[0].status, ImplStatus::ok) << r.impls[0].reason;
  EXPECT_EQ(r.impls[0].mode, RunMode::eager);
  EXPECT_EQ(r.impls[0].mode_reason, "--no-graph");
  // Queued behind the spin kernel, back-to-back launches cost about the kernel alone.
  EXPECT_GT(r.impls[0].summary.median, 19e-6);
  EXPECT_LT(r.impls[0].summary.median, 26e-6);
}

// Stream-ordered allocations are captured as graph nodes and timed with the call: flag A.
TEST(Measurement, AllocationInACallIsFlagged) {
  JITBENCH_REQUIRE_GPU();
  const std::int64_t n = 1 << 20;
  const ImplFunction allocates = [n](Launch& l) {
    void* staging = nullptr;
    JITBENCH_CUDA(cudaMallocAsync(&staging, n * 4, l.stream()));
    testing::launch_copy(l.tensor(0).data_as<float>(), static_cast<float*>(staging), n, l.stream());
    testing::launch_copy(static_cast<const float*>(staging), l.tensor(1).data_as<float>(), n,
                         l.stream());
    JITBENCH_CUDA(cudaFreeAsync(staging, l.stream()));
  };
  const CaseResult r = run_case(desc_for({"allocates", "copy"}, "copy"),
                                copy_case(n, {allocates, testing::copy_impl(n)}));
  ASSERT_EQ(r.impls[0].status, ImplStatus::ok) << r.impls[0].reason;
  EXPECT_TRUE(r.impls[0].allocates_in_graph);
  ASSERT_EQ(r.impls[1].status, ImplStatus::ok) << r.impls[1].reason;
  EXPECT_FALSE(r.impls[1].allocates_in_graph);
}

TEST(Measurement, MemcpyInGraphIsFlaggedWithTheEagerFigure) {
  JITBENCH_REQUIRE_GPU();
  const std::int64_t n = (16 << 20) / 4;
  const ImplFunction memcpy_impl = [n](Launch& l) {
    JITBENCH_CUDA(cudaMemcpyAsync(l.tensor(1).data(), l.tensor(0).data(), n * 4,
                                  cudaMemcpyDeviceToDevice, l.stream()));
  };
  const CaseResult r = run_case(desc_for({"memcpy"}), copy_case(n, {memcpy_impl}));
  ASSERT_EQ(r.impls[0].status, ImplStatus::ok) << r.impls[0].reason;
  EXPECT_TRUE(r.impls[0].memcpy_in_graph);
  ASSERT_TRUE(r.impls[0].eager_median_s.has_value());
  EXPECT_GT(*r.impls[0].eager_median_s, 0);
}

TEST(Measurement, ImplsOfACaseAreCheckedAgainstTheReference) {
  JITBENCH_REQUIRE_GPU();
  const std::int64_t n = 4096;
  const CaseResult r =
      run_case(desc_for({"a", "b"}, "b"), copy_case(n, {copy_impl(n), copy_impl(n)}));
  ASSERT_EQ(r.impls[0].status, ImplStatus::ok) << r.impls[0].reason;
  EXPECT_TRUE(r.impls[0].check.checked);
  EXPECT_TRUE(r.impls[0].check.passed);
  EXPECT_EQ(r.impls[0].check.max_error, 0.0);
  EXPECT_GT(r.impls[0].summary.median, 0.0);
}

TEST(Measurement, VerifyTimingAgreesWithCuptiOnALargeCopy) {
  JITBENCH_REQUIRE_GPU();
  const std::int64_t n = (64 << 20) / 4;
  MeasureSettings settings = quick_settings();
  settings.verify_timing = true;
  const CaseResult r = run_case(desc_for({"copy"}), copy_case(n, {copy_impl(n)}), settings);
  ASSERT_EQ(r.impls[0].status, ImplStatus::ok) << r.impls[0].reason;
  ASSERT_TRUE(r.impls[0].timing_check.has_value());
  const TimingCheck& check = *r.impls[0].timing_check;
  EXPECT_NEAR(check.ratio, 1.0, 0.05) << "CUPTI " << check.kernel_time_s << " s a call";
  EXPECT_FALSE(check.disagrees);
  // Our events of the traced calls hold the kernels CUPTI recorded (and what it adds to each
  // launch), and a copy runs as fast under the trace as without it.
  EXPECT_GE(check.traced_time_s, 0.95 * check.kernel_time_s);
  EXPECT_FALSE(check.trace_perturbs);
  EXPECT_GT(check.warm_median_s, 0);
  EXPECT_FALSE(check.cold_not_slower);  // 128 MiB does not fit in L2: the check does not apply
}

TEST(Measurement, VerifyTimingSeesColdSlowerThanWarmBelowL2) {
  JITBENCH_REQUIRE_GPU();
  const std::int64_t n = (1 << 20) / 4;
  MeasureSettings settings = quick_settings();
  settings.verify_timing = true;
  const CaseResult r = run_case(desc_for({"copy"}), copy_case(n, {copy_impl(n)}), settings);
  ASSERT_EQ(r.impls[0].status, ImplStatus::ok) << r.impls[0].reason;
  ASSERT_TRUE(r.impls[0].timing_check.has_value());
  EXPECT_GT(r.impls[0].summary.median, r.impls[0].timing_check->warm_median_s);
  EXPECT_FALSE(r.impls[0].timing_check->cold_not_slower);
}

}  // namespace
}  // namespace jitbench
