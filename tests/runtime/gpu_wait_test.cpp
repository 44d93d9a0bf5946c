// The watchdog on waits for the GPU, driven by a fake GPU: a query that says "not ready" until
// told otherwise, a clock that each poll advances, and a sleeper that only advances the clock.

#include "gpu_wait.hpp"

#include <jitbench/cuda_check.hpp>

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace jitbench::detail {
namespace {

constexpr double poll_cost_s = 1e-6;

class FakeClock final : public Clock {
 public:
  double now_s() override { return now; }
  double now = 1000;
};

class FakeSleeper final : public Sleeper {
 public:
  explicit FakeSleeper(FakeClock& clock) : clock_(clock) {}
  void sleep_s(double seconds) override {
    sleeps.push_back(seconds);
    clock_.now += seconds;
  }
  std::vector<double> sleeps;

 private:
  FakeClock& clock_;
};

// Work that is done `duration_s` after it was queued, or never; every poll costs a microsecond.
class FakeGpu {
 public:
  explicit FakeGpu(FakeClock& clock) : clock_(clock) {}
  void queue(double duration_s, cudaError_t outcome = cudaSuccess) {
    done_at_ = clock_.now + duration_s;
    outcome_ = outcome;
  }
  void queue_forever() { done_at_ = -1; }
  GpuQuery query() {
    return [this] {
      ++polls;
      clock_.now += poll_cost_s;
      if (done_at_ < 0 || clock_.now < done_at_) return cudaErrorNotReady;
      return outcome_;
    };
  }
  int polls = 0;

 private:
  FakeClock& clock_;
  double done_at_ = 0;
  cudaError_t outcome_ = cudaSuccess;
};

struct Fixture {
  FakeClock clock;
  FakeSleeper sleeper{clock};
  FakeGpu gpu{clock};
  GpuWatch watch{clock, sleeper};
};

TEST(GpuWatch, ShortWorkIsPolledWithoutSleeping) {
  Fixture f;
  f.watch.enter("fused", "sampling");
  f.gpu.queue(1e-3);  // a 1 ms replay: within the spin
  f.watch.wait(f.gpu.query(), "a graph replay", 1000);
  EXPECT_TRUE(f.sleeper.sleeps.empty());
  EXPECT_NEAR(f.clock.now - 1000, 1e-3, 2 * poll_cost_s);
  EXPECT_FALSE(f.watch.hung());
}

TEST(GpuWatch, LongWorkSleepsBetweenPollsAndEndsSoonAfterTheWork) {
  Fixture f;
  f.watch.enter("naive", "sampling");
  f.gpu.queue(0.25);
  f.watch.wait(f.gpu.query(), "a graph replay", 10);
  ASSERT_FALSE(f.sleeper.sleeps.empty());
  EXPECT_DOUBLE_EQ(f.sleeper.sleeps.front(), GpuWatch::first_sleep_s);
  for (double s : f.sleeper.sleeps) EXPECT_LE(s, GpuWatch::max_sleep_s);
  // Found done at most one sleep (and a poll) after it was.
  EXPECT_LE(f.clock.now - 1000, 0.25 + GpuWatch::max_sleep_s + 2 * poll_cost_s);
  EXPECT_LT(f.gpu.polls, 2000 + 600);  // spinning for 2 ms, then about 500 sleeps
}

TEST(GpuWatch, WorkThatNeverEndsIsAHangAtTheLimitNamingImplPhaseAndWork) {
  Fixture f;
  f.watch.set_limit(7);
  f.watch.enter("spin", "reference check");
  f.gpu.queue_forever();
  try {
    f.watch.wait(f.gpu.query(), "a call", 1);
    FAIL() << "no hang";
  } catch (const GpuHang& hang) {
    EXPECT_EQ(hang.impl(), "spin");
    EXPECT_EQ(hang.phase(), "reference check");
    EXPECT_GE(hang.waited_s(), 7);
    EXPECT_LT(hang.waited_s(), 7 + 1e-3);
    EXPECT_EQ(hang.reason(), "reference check: a call still running after 7 s");
    EXPECT_STREQ(hang.what(),
                 "impl 'spin' hung in reference check: a call still running after 7 s");
  }
  EXPECT_TRUE(f.watch.hung());
}

TEST(GpuWatch, OnceACallIsTimedTheDeadlineFollowsItsTime) {
  Fixture f;
  f.watch.set_limit(60);
  f.watch.enter("spin", "timing setup");
  f.gpu.queue(1e-3);
  f.watch.wait(f.gpu.query(), "a call", 1);  // 1 ms a call
  f.watch.enter_phase("warm-up");
  f.gpu.queue_forever();
  const double start = f.clock.now;
  try {
    f.watch.wait(f.gpu.query(), "a graph replay", 1000);  // 1 s of work: 50 s allowed
    FAIL() << "no hang";
  } catch (const GpuHang& hang) {
    EXPECT_NEAR(f.clock.now - start, 50, 0.1);  // the call took 1 ms and a poll
    EXPECT_EQ(
        hang.reason().rfind("warm-up: a graph replay of 1000 calls still running after 50", 0), 0u)
        << hang.reason();
  }
}

TEST(GpuWatch, FastCallsGetTheFloorAndANewCaseForgetsThem) {
  Fixture f;
  f.watch.enter("spin", "timing setup");
  f.gpu.queue(1e-6);
  f.watch.wait(f.gpu.query(), "a call", 1);
  f.gpu.queue_forever();
  double start = f.clock.now;
  EXPECT_THROW(f.watch.wait(f.gpu.query(), "a graph replay", 100), GpuHang);
  EXPECT_NEAR(f.clock.now - start, f.watch.rule().floor_s, 1e-2);

  f.watch.new_case();  // other sizes: nothing known, the limit applies again
  start = f.clock.now;
  EXPECT_THROW(f.watch.wait(f.gpu.query(), "a call", 1), GpuHang);
  EXPECT_NEAR(f.clock.now - start, f.watch.rule().limit_s, 1e-2);
}

TEST(GpuWatch, FailedWorkIsACudaErrorNamingTheWork) {
  Fixture f;
  f.watch.enter("wild", "sampling");
  f.gpu.queue(0.01, cudaErrorIllegalAddress);
  try {
    f.watch.wait(f.gpu.query(), "a graph replay", 64);
    FAIL() << "no error";
  } catch (const CudaError& e) {
    EXPECT_EQ(e.code(), cudaErrorIllegalAddress);
    EXPECT_STREQ(e.what(),
                 "a graph replay of 64 calls failed: cudaErrorIllegalAddress (an illegal memory "
                 "access was encountered)");
  }
  EXPECT_FALSE(f.watch.hung());
}

TEST(DeadlineRule, LimitFloorAndSlack) {
  DeadlineRule rule;
  rule.limit_s = 60;
  EXPECT_EQ(rule.deadline_s(0, 1), 60);       // nothing known yet
  EXPECT_EQ(rule.deadline_s(1e-6, 1000), 5);  // 50 ms of slack: the floor
  EXPECT_EQ(rule.deadline_s(0.01, 20), 10);   // 50 x 0.2 s
  EXPECT_EQ(rule.deadline_s(1, 1000), 60);    // never past the limit
  rule.limit_s = 2;
  EXPECT_EQ(rule.deadline_s(1e-6, 1), 2);  // the limit wins over the floor
}

}  // namespace
}  // namespace jitbench::detail
