#include <jitbench/rotation.hpp>

#include <gtest/gtest.h>

namespace jitbench {
namespace {

constexpr std::int64_t KiB = 1024;
constexpr std::int64_t MiB = 1024 * KiB;
constexpr std::int64_t GiB = 1024 * MiB;
const MemoryFacts h200{60 * MiB, 140 * GiB};

TEST(Rotation, EnoughCopiesThatOtherDataCoversTwiceTheL2) {
  // 1 MiB a copy: 120 other copies move 120 MiB = 2 x L2 before a copy comes back.
  const RotationPlan plan = plan_rotation(h200, 1 * MiB, 0, L2Mode::cold);
  EXPECT_EQ(plan.kind, RotationPlan::Kind::rotate);
  EXPECT_EQ(plan.copies, 121);
  EXPECT_EQ(plan.flush_bytes, 0);
  EXPECT_GE((plan.copies - 1) * 1 * MiB, 2 * h200.l2_bytes);
  // A fixed rotation of 4 copies would not do: 3 x 1 MiB stays in a 60 MiB L2.
  EXPECT_GT(plan.copies, 4);
}

TEST(Rotation, AtLeastTwoCopiesForHugeFootprints) {
  const RotationPlan plan = plan_rotation(h200, 1 * GiB, 0, L2Mode::cold);
  EXPECT_EQ(plan.kind, RotationPlan::Kind::rotate);
  EXPECT_EQ(plan.copies, 2);
}

TEST(Rotation, TinyFootprintsCapCopiesAndFlushEachReplay) {
  const RotationPlan plan = plan_rotation(h200, 4 * KiB, 0, L2Mode::cold);
  EXPECT_EQ(plan.kind, RotationPlan::Kind::flush_replay);
  EXPECT_EQ(plan.copies, 1024);
  EXPECT_EQ(plan.flush_bytes, 120 * MiB);
}

TEST(Rotation, CopiesThatDoNotFitFallBackToAFlushBeforeEveryCall) {
  const MemoryFacts small{60 * MiB, 3 * GiB};
  const RotationPlan plan = plan_rotation(small, 2 * GiB, 0, L2Mode::cold);
  EXPECT_EQ(plan.kind, RotationPlan::Kind::flush_each_call);
  EXPECT_EQ(plan.copies, 1);
  EXPECT_EQ(plan.flush_bytes, 120 * MiB);
}

TEST(Rotation, NothingFitsMeansNoCopies) {
  const MemoryFacts small{60 * MiB, 1 * GiB};
  EXPECT_EQ(plan_rotation(small, 2 * GiB, 0, L2Mode::cold).copies, 0);
  EXPECT_EQ(plan_rotation(small, 2 * GiB, 0, L2Mode::warm).copies, 0);
}

TEST(Rotation, SharedTensorsCountOnceAgainstFreeMemory) {
  // Two copies of 1 GiB fit in 90% of 3 GiB, but not beside an 800 MiB shared tensor; one copy
  // and the flush buffer still do.
  const MemoryFacts facts{60 * MiB, 3 * GiB};
  EXPECT_EQ(plan_rotation(facts, 1 * GiB, 0, L2Mode::cold).kind, RotationPlan::Kind::rotate);
  EXPECT_EQ(plan_rotation(facts, 1 * GiB, 800 * MiB, L2Mode::cold).kind,
            RotationPlan::Kind::flush_each_call);
}

TEST(Rotation, WarmModeUsesOneCopy) {
  const RotationPlan plan = plan_rotation(h200, 1 * MiB, 0, L2Mode::warm);
  EXPECT_EQ(plan.kind, RotationPlan::Kind::warm);
  EXPECT_EQ(plan.copies, 1);
  EXPECT_EQ(plan.flush_bytes, 0);
}

TEST(Rotation, OnlySharedTensorsHaveNothingToRotate) {
  EXPECT_EQ(plan_rotation(h200, 0, 1 * MiB, L2Mode::cold).kind, RotationPlan::Kind::warm);
}

TEST(ReplayLayout, RotationUsesEveryCopyEquallyOften) {
  const RotationPlan plan = plan_rotation(h200, 1 * MiB, 0, L2Mode::cold);  // 121 copies
  const ReplayLayout layout = layout_replay(plan, 2e-6);                    // 121 calls take 242 us
  EXPECT_EQ(layout.segments, 1);
  EXPECT_EQ(layout.calls_per_segment % plan.copies, 0);
  EXPECT_EQ(layout.calls_per_segment, 121 * 5);  // 5 rounds reach 1 ms
}

TEST(ReplayLayout, FlushedReplaysUseEachCopyOnceASegment) {
  const RotationPlan plan = plan_rotation(h200, 4 * KiB, 0, L2Mode::cold);
  const ReplayLayout fast = layout_replay(plan, 1e-6);  // 1024 calls ~ 1 ms
  EXPECT_EQ(fast.calls_per_segment, 1024);
  EXPECT_EQ(fast.segments, 1);
  const ReplayLayout slow_call = layout_replay(plan, 0.5e-6);
  EXPECT_EQ(slow_call.segments, 2);
}

TEST(ReplayLayout, FlushBeforeEveryCallTimesEachCallAlone) {
  const MemoryFacts small{60 * MiB, 3 * GiB};
  const RotationPlan plan = plan_rotation(small, 2 * GiB, 0, L2Mode::cold);
  const ReplayLayout layout = layout_replay(plan, 0.4e-3);
  EXPECT_EQ(layout.calls_per_segment, 1);
  EXPECT_EQ(layout.segments, 3);
}

TEST(ReplayLayout, EagerSamplesAreBoundedAndContinueTheRotation) {
  ReplayLimits eager;
  eager.max_calls = 256;
  eager.whole_rotations = false;
  const RotationPlan tiny = plan_rotation(h200, 4 * KiB, 0, L2Mode::cold);  // 1024 copies
  const ReplayLayout flushed = layout_replay(tiny, 1e-6, eager);
  EXPECT_EQ(flushed.calls_per_segment, 256);
  EXPECT_EQ(flushed.segments, 1);
  const RotationPlan rotate = plan_rotation(h200, 200 * KiB, 0, L2Mode::cold);  // 616 copies
  ASSERT_EQ(rotate.kind, RotationPlan::Kind::rotate);
  EXPECT_EQ(layout_replay(rotate, 1e-6, eager).calls(), 256);
  const RotationPlan huge = plan_rotation(h200, 1 * GiB, 0, L2Mode::cold);
  EXPECT_EQ(layout_replay(huge, 0.5e-3, eager).calls(), 2);  // under the bound: unchanged
}

TEST(ReplayLayout, WarmReplaysReachTheTargetTime) {
  const RotationPlan plan = plan_rotation(h200, 1 * MiB, 0, L2Mode::warm);
  EXPECT_EQ(layout_replay(plan, 1.0 / (1 << 20)).calls(), 1049);  // ceil(1048.576)
  EXPECT_EQ(layout_replay(plan, 5e-3).calls(), 1);
  EXPECT_EQ(layout_replay(plan, 1e-9).calls(), 8192);  // bounded graph size
}

}  // namespace
}  // namespace jitbench
