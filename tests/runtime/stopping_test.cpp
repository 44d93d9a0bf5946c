#include <jitbench/statistics.hpp>
#include <jitbench/stopping.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstddef>
#include <vector>

namespace jitbench {
namespace {

// A clock that advances only when told to.
class FakeClock final : public Clock {
 public:
  double now_s() override { return now; }
  double now = 100;
};

// Replays a fixed list of samples, cycling, and advances the fake clock by each sample's cost.
class FakeSource final : public SampleSource {
 public:
  FakeSource(std::vector<double> values, FakeClock& clock, double cost_s = 1e-3)
      : values_(std::move(values)), clock_(clock), cost_s_(cost_s) {}
  Sample take() override {
    ++taken;
    clock_.now += cost_s_;
    const double v = values_[(taken - 1) % values_.size()];
    return {v, cost_s_, v < 0, 1000 + static_cast<double>(taken)};
  }
  std::size_t taken = 0;

 private:
  std::vector<double> values_;
  FakeClock& clock_;
  double cost_s_;
};

StoppingRule rule() {
  StoppingRule r;
  r.max_noise = 0.005;
  r.min_samples = 10;
  r.min_time_s = 0.0;
  r.timeout_s = 10;
  return r;
}

TEST(Stopping, QuietSourceStopsAtTheMinimumSampleCount) {
  FakeClock clock;
  FakeSource quiet({1.0, 1.001, 0.999}, clock);
  const auto series = sample_interleaved({&quiet}, rule(), clock);
  EXPECT_EQ(series[0].samples.size(), 10u);
  EXPECT_EQ(series[0].reason, StopReason::converged);
  EXPECT_LT(series[0].noise, 0.005);
}

TEST(Stopping, StopsWhenNoiseFallsBelowTheThreshold) {
  // Alternating 1 and 1.2: cv about 9.1%, so the RSE drops below 0.5% only near n = 331.
  FakeClock clock;
  FakeSource noisy({1.0, 1.2}, clock);
  const auto series = sample_interleaved({&noisy}, rule(), clock);
  const std::size_t n = series[0].samples.size();
  EXPECT_EQ(series[0].reason, StopReason::converged);
  EXPECT_GT(n, 300u);
  EXPECT_LT(n, 450u);
  EXPECT_LE(series[0].noise, 0.005);
  // One sample fewer did not meet the rule.
  SampleSeries shorter;
  for (std::size_t i = 0; i + 1 < n; ++i) shorter.keep({series[0].samples[i], 1e-3});
  EXPECT_FALSE(has_converged(shorter, rule()));
}

TEST(Stopping, RunningNoiseIsTheSummarysNoise) {
  RunningMoments moments;
  std::vector<double> values;
  for (int i = 0; i < 1000; ++i) {
    values.push_back(1e-6 * (1 + 0.01 * std::sin(i) + 1e-3 * (i % 7)));
    moments.add(values.back());
  }
  const Summary summary = summarize(values);
  EXPECT_EQ(moments.count(), 1000u);
  EXPECT_NEAR(moments.mean(), summary.mean, 1e-12 * summary.mean);
  EXPECT_NEAR(moments.relative_standard_error(), summary.rse, 1e-9 * summary.rse);
  RunningMoments one;
  one.add(2.0);
  EXPECT_EQ(one.relative_standard_error(), 0.0);  // as summarize(): no spread from one sample
}

// The convergence test is checked after every sample. It used to copy and sort every sample
// each time, so that 5000 samples cost 1.29 s of host time while the GPU waited; with running
// moments a sample costs the same however many came before it.
TEST(Stopping, ManySamplesCostLittleHostTime) {
  FakeClock clock;
  FakeSource noisy({1.0, 3.0}, clock, 1e-6);
  StoppingRule r = rule();
  r.max_noise = 1e-9;  // never quiet enough: it runs to max_samples
  r.max_samples = 20000;
  r.timeout_s = 1e9;
  const auto start = std::chrono::steady_clock::now();
  const auto series = sample_interleaved({&noisy}, r, clock);
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(series[0].reason, StopReason::max_samples);
  EXPECT_EQ(series[0].samples.size(), 20000u);
  EXPECT_LT(took.count(), 0.5) << "20000 samples took " << took.count() << " s of host time";
}

TEST(Stopping, HonoursMinimumGpuTime) {
  FakeClock clock;
  const double cost_s = 1.0 / 1024;  // exact in binary, so the sum is exact too
  FakeSource quiet({1.0}, clock, cost_s);
  StoppingRule r = rule();
  r.min_time_s = 50 * cost_s;
  const auto series = sample_interleaved({&quiet}, r, clock);
  EXPECT_EQ(series[0].samples.size(), 50u);
  EXPECT_DOUBLE_EQ(series[0].gpu_time_s, 50 * cost_s);
}

TEST(Stopping, TimeoutMarksTheSeriesWithItsNoise) {
  FakeClock clock;
  FakeSource noisy({1.0, 3.0}, clock, 0.125);  // cv ~ 50%: never converges within 2 s
  StoppingRule r = rule();
  r.timeout_s = 2.0;
  const auto series = sample_interleaved({&noisy}, r, clock);
  EXPECT_EQ(series[0].reason, StopReason::timeout);
  EXPECT_EQ(series[0].samples.size(), 16u);
  EXPECT_GT(series[0].noise, 0.05);
}

TEST(Stopping, QuietButShortOfTheMinimumsIsTooFewSamplesNotNoise) {
  // 0.3 s a sample (a 280 us call x 1024 a replay): 6 samples in 2 s, all alike.
  FakeClock clock;
  FakeSource slow({1.0, 1.0001}, clock, 0.3);
  StoppingRule r = rule();
  r.timeout_s = 1.7;
  const auto series = sample_interleaved({&slow}, r, clock);
  EXPECT_EQ(series[0].reason, StopReason::too_few_samples);
  EXPECT_EQ(series[0].samples.size(), 6u);
  EXPECT_LT(series[0].noise, r.max_noise);
}

TEST(Stopping, MaxSamplesEndsASeriesThatNeverConverges) {
  FakeClock clock;
  FakeSource noisy({1.0, 3.0}, clock);
  StoppingRule r = rule();
  r.max_samples = 25;
  const auto series = sample_interleaved({&noisy}, r, clock);
  EXPECT_EQ(series[0].reason, StopReason::max_samples);
  EXPECT_EQ(series[0].samples.size(), 25u);
}

TEST(Stopping, InterleavesSourcesRoundRobin) {
  FakeClock clock;
  FakeSource quiet({1.0}, clock);
  FakeSource noisy({1.0, 1.2}, clock);
  const auto series = sample_interleaved({&quiet, &noisy}, rule(), clock);
  // The quiet one leaves after 10 samples; until then the two alternate.
  EXPECT_EQ(quiet.taken, 10u);
  EXPECT_GT(noisy.taken, 300u);
  EXPECT_EQ(series[0].reason, StopReason::converged);
  EXPECT_EQ(series[1].reason, StopReason::converged);
}

TEST(Stopping, DiscardedSamplesAreCountedNotKept) {
  FakeClock clock;
  FakeSource throttled({1.0, -1.0}, clock);  // every other sample is discarded
  const auto series = sample_interleaved({&throttled}, rule(), clock);
  EXPECT_EQ(series[0].samples.size(), 10u);
  EXPECT_EQ(series[0].discarded, 9u);
  for (double s : series[0].samples) EXPECT_EQ(s, 1.0);
  // The clock of the kept samples (taken 1, 3, ..., 19) only: 1001, 1003, ..., 1019.
  EXPECT_DOUBLE_EQ(series[0].mean_sm_clock_mhz, 1010.0);
}

}  // namespace
}  // namespace jitbench
