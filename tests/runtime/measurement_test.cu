// On a real device: a captured call is timed, not zero; cold is slower than warm; the eager
// fallbacks run and say so.

#include "gpu_test_support.cuh"
#include <jitbench/detail/device_kernels.hpp>

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
  Settings warm = quick_settings();
  warm.l2 = L2Mode::warm;
  const CaseResult cold_result = run_case(desc_for({"copy"}), spec);
  const CaseResult warm_result = run_case(desc_for({"copy"}), spec, warm);
  const double cold_s = cold_result.impls[0].summary.median;
  const double warm_s = warm_result.impls[0].summary.median;
  EXPECT_GT(cold_result.impls[0].rotation_copies, 2);
  EXPECT_EQ(warm_result.impls[0].rotation_copies, 1);
  EXPECT_GT(cold_s, 1.3 * warm_s) << "cold " << cold_s << " s, warm " << warm_s << " s";
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
  Settings settings = quick_settings();
  settings.use_graph = false;
  const CaseResult r =
      run_case(desc_for({"sleep"}), copy_case(1024, {sleep_impl(20'000)}), settings);
  ASSERT_EQ(r.impls[0].status, ImplStatus::ok) << r.impls[0].reason;
  EXPECT_EQ(r.impls[0].mode, RunMode::eager);
  EXPECT_EQ(r.impls[0].mode_reason, "--no-graph");
  // Queued behind the spin kernel, back-to-back launches cost about the kernel alone.
  EXPECT_GT(r.impls[0].summary.median, 19e-6);
  EXPECT_LT(r.impls[0].summary.median, 26e-6);
}

TEST(Measurement, SynchronisingImplFallsBackToEager) {
  JITBENCH_REQUIRE_GPU();
  const ImplFunction syncing = [](Launch& l) {
    detail::launch_sleep(10'000, l.stream());
    JITBENCH_CUDA(cudaStreamSynchronize(l.stream()));
  };
  const CaseResult r = run_case(desc_for({"sync"}), copy_case(1024, {syncing}));
  ASSERT_EQ(r.impls[0].status, ImplStatus::ok) << r.impls[0].reason;
  EXPECT_EQ(r.impls[0].mode, RunMode::eager);
  EXPECT_NE(r.impls[0].mode_reason.find("capture failed"), std::string::npos)
      << r.impls[0].mode_reason;
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
  EXPECT_GT(r.impls[0].bandwidth_gbps, 0.0);
}

TEST(Measurement, VerifyTimingAgreesWithCuptiOnALargeCopy) {
  JITBENCH_REQUIRE_GPU();
  const std::int64_t n = (64 << 20) / 4;
  Settings settings = quick_settings();
  settings.verify_timing = true;
  const CaseResult r = run_case(desc_for({"copy"}), copy_case(n, {copy_impl(n)}), settings);
  ASSERT_EQ(r.impls[0].status, ImplStatus::ok) << r.impls[0].reason;
  ASSERT_TRUE(r.impls[0].timing_check.has_value());
  const TimingCheck& check = *r.impls[0].timing_check;
  EXPECT_NEAR(check.ratio, 1.0, 0.05) << "CUPTI " << check.kernel_time_s << " s a call";
  EXPECT_FALSE(check.disagrees);
  EXPECT_GT(check.warm_median_s, 0);
  EXPECT_FALSE(check.cold_not_slower);  // 128 MiB does not fit in L2: the check does not apply
}

TEST(Measurement, VerifyTimingSeesColdSlowerThanWarmBelowL2) {
  JITBENCH_REQUIRE_GPU();
  const std::int64_t n = (1 << 20) / 4;
  Settings settings = quick_settings();
  settings.verify_timing = true;
  const CaseResult r = run_case(desc_for({"copy"}), copy_case(n, {copy_impl(n)}), settings);
  ASSERT_EQ(r.impls[0].status, ImplStatus::ok) << r.impls[0].reason;
  ASSERT_TRUE(r.impls[0].timing_check.has_value());
  EXPECT_GT(r.impls[0].summary.median, r.impls[0].timing_check->warm_median_s);
  EXPECT_FALSE(r.impls[0].timing_check->cold_not_slower);
}

}  // namespace
}  // namespace jitbench
